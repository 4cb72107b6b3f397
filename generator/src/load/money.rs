//! Money fields by name pattern: `family.yaml`'s `money_fields` (`*Price`, `Coupon`).

/// Whether `name` matches `pattern`, where `*` matches any run of characters (including none)
/// and everything else matches itself, case-sensitively.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::matches_pattern;

    #[test]
    fn stars_match_runs() {
        assert!(matches_pattern("*Price", "ListPrice"));
        assert!(matches_pattern("*Price", "Price"));
        assert!(!matches_pattern("*Price", "PriceList"));
        assert!(matches_pattern("Coupon", "Coupon"));
        assert!(!matches_pattern("Coupon", "CouponAmount"));
        assert!(matches_pattern("*Amount*", "TotalAmountDue"));
        assert!(matches_pattern("A*B*C", "AxxBxxC"));
        assert!(!matches_pattern("A*B*C", "AxxCxxB"));
        assert!(!matches_pattern("AB*BA", "ABA"));
    }
}
