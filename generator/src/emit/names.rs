//! Rust names from wire names: `page_size`, `OrderItemDetail`, `list_paid_orders`.
//!
//! Case conversion is heck's. What heck leaves unsafe is made safe here, by documented rules:
//! - characters that cannot be in an identifier become word breaks (`X-Ufile-Meta` → `x_ufile_meta`);
//!   a name left with nothing (empty, all punctuation, non-Latin script only) becomes `field`/`Field`;
//! - a leading digit gets a prefix: `_` for snake case (`_3des`), `V` for types (`V3des`);
//! - keywords become raw identifiers (`r#type`, `r#match`), except the five that cannot be raw
//!   (`self`, `Self`, `super`, `crate`, `_`), which take a trailing `_` (`self_`);
//! - names that collide within one scope after conversion get a number in document order
//!   ([`Scope`]): `ip_set_2` for snake names, `IpSet2` for types and variants (`IPSet`, `IpSet`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces every character that cannot appear in an ASCII identifier with a space (a word break
/// for heck), so the result converts cleanly.
fn ascii_words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The name with the family's words made single words for heck: each listed word (longest
/// first, where it starts and ends a word) and each lone capital before a capitalised word
/// (`UDisk`, `UHost`, `IPv6`: a capital after a lower-case letter, a digit or the start,
/// followed by a capital and a lower-case letter) is rewritten with only its first letter
/// upper-case, so `CreateUDisk` becomes `create_udisk`, not `create_u_disk`.
pub fn whole_words(name: &str, words: &[String]) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let mut listed: Vec<Vec<char>> =
        words.iter().map(|w| w.chars().collect::<Vec<char>>()).filter(|w| !w.is_empty()).collect();
    listed.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphabetic() || chars[i - 1].is_ascii_lowercase();
        let found = listed.iter().find(|w| {
            chars[i..].starts_with(w) && chars.get(i + w.len()).is_none_or(|c| !c.is_ascii_lowercase())
        });
        if let (true, Some(word)) = (starts_word, found) {
            for (k, c) in chars[i..i + word.len()].iter_mut().enumerate() {
                *c = if k == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            }
            i += word.len();
            continue;
        }
        // A run of capitals and digits with a digit in it (`UK8S`, `K8S`) is one word: before a
        // capitalised word its last capital starts that word, as in `HTTPServer`.
        if starts_word && chars[i].is_ascii_uppercase() {
            let mut j = i;
            while chars.get(j).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
                j += 1;
            }
            let end = if chars.get(j).is_some_and(char::is_ascii_lowercase) { j - 1 } else { j };
            let run = &chars[i..end];
            if run.len() >= 2
                && run.iter().any(char::is_ascii_digit)
                && run.iter().skip(1).any(char::is_ascii_uppercase)
            {
                for c in &mut chars[i + 1..end] {
                    *c = c.to_ascii_lowercase();
                }
                i = end;
                continue;
            }
        }
        let lone = starts_word
            && chars[i].is_ascii_uppercase()
            && chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
            && chars.get(i + 2).is_some_and(char::is_ascii_lowercase);
        if lone {
            chars[i + 1] = chars[i + 1].to_ascii_lowercase();
        }
        i += 1;
    }
    chars.into_iter().collect()
}

/// The snake-case identifier text for a wire name or segment, keyword-safe (`r#type` form).
pub fn snake(name: &str) -> String {
    let mut s = ascii_words(name).to_snake_case();
    if s.is_empty() {
        s = "field".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    keyword_safe(s)
}

/// The upper-camel-case identifier text for a model, enum or action name, keyword-safe.
pub fn camel(name: &str) -> String {
    let mut s = ascii_words(name).to_upper_camel_case();
    if s.is_empty() {
        s = "Field".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    keyword_safe(s)
}

/// The SCREAMING_SNAKE_CASE text for a constant.
pub fn screaming(name: &str) -> String {
    let s = snake(name);
    s.trim_start_matches("r#").to_ascii_uppercase()
}

fn keyword_safe(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// An identifier token from text made by [`snake`] or [`camel`] (raw when it says `r#`).
pub fn ident(text: &str) -> proc_macro2::Ident {
    match text.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(text, proc_macro2::Span::call_site()),
    }
}

/// One namespace (a struct's fields, a module's types): hands out distinct names in the order
/// asked, suffixing `_2`, `_3`… on collisions, so the same input always gives the same names.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// A scope where `reserved` names are already taken (methods a type already has, …).
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Claims `base` (already converted), or the first free `base_N`.
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let bare = base.trim_start_matches("r#");
        // `IpSet2`, `Self2` for types and variants (an `_` there would trip the camel-case lint);
        // `ip_set_2`, `self_2` for snake names (never a double `_`).
        let (stem, sep) = if bare.starts_with(|c: char| c.is_ascii_uppercase()) {
            (bare.trim_end_matches('_'), "")
        } else if bare.ends_with('_') {
            (bare, "")
        } else {
            (bare, "_")
        };
        (2..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_words_stay_whole() {
        let none: &[String] = &[];
        let cases = [
            ("CreateUDisk", "create_udisk"),
            ("DescribeUHostInstance", "describe_uhost_instance"),
            ("AssignIPv6", "assign_ipv6"),
            ("AddSubnetIPv6", "add_subnet_ipv6"),
            ("UHostId", "uhost_id"),
            ("CreatePHost", "create_phost"),
            ("DescribeUMemSpace", "describe_umem_space"),
            // Acronym runs and plain words are heck's as before.
            ("GetULBList", "get_ulb_list"),
            ("DescribeVPCIntercomInfo", "describe_vpc_intercom_info"),
            ("ListPaidOrders", "list_paid_orders"),
            ("IPSet", "ip_set"),
            ("Disks.N.Size", "disks_n_size"),
            // A run of capitals with a digit is one word, listed or not.
            ("ListUK8SClusterV2", "list_uk8s_cluster_v2"),
            ("DescribeK8SNode", "describe_k8s_node"),
            ("UK8S", "uk8s"),
            ("GetS3Bucket", "get_s3_bucket"),
            ("IPv6Address", "ipv6_address"),
            ("ClusterV2", "cluster_v2"),
        ];
        for (wire, want) in cases {
            assert_eq!(snake(&whole_words(wire, none)), want, "{wire}");
        }
        let words = ["UK8S".to_string(), "ULive".to_string()];
        assert_eq!(snake(&whole_words("CreateUK8SCluster", &words)), "create_uk8s_cluster");
        assert_eq!(snake(&whole_words("CreateUK8SClusterV2", &words)), "create_uk8s_cluster_v2");
        assert_eq!(snake(&whole_words("GetULiveStream", &words)), "get_ulive_stream");
        assert_eq!(snake(&whole_words("UK8SNode", &words)), "uk8s_node");
        // A listed word inside another word is not one.
        assert_eq!(snake(&whole_words("XUK8Sx", &words)), snake("XUK8Sx"));
    }

    #[test]
    fn idiomatic_names() {
        assert_eq!(snake("PageSize"), "page_size");
        assert_eq!(snake("ResourceIds"), "resource_ids");
        assert_eq!(snake("CompanyID"), "company_id");
        assert_eq!(camel("OrderItemDetail"), "OrderItemDetail");
        assert_eq!(snake("ListPaidOrders"), "list_paid_orders");
        assert_eq!(snake("X-Ufile-Meta"), "x_ufile_meta");
    }

    #[test]
    fn unsafe_names_are_made_safe() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("3DES"), "_3des");
        assert_eq!(camel("3DES"), "V3des");
        assert_eq!(snake("获取"), "field");
        assert_eq!(snake(""), "field");
        assert_eq!(camel("..."), "Field");
        assert_eq!(screaming("type"), "TYPE");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(&snake("IPSet")), "ip_set");
        assert_eq!(scope.claim(&snake("IpSet")), "ip_set_2");
        assert_eq!(scope.claim(&snake("type")), "r#type");
        assert_eq!(scope.claim(&snake("Type")), "type_2");
        let mut reserved = Scope::with_reserved(&["send"]);
        assert_eq!(reserved.claim("send"), "send_2");
        assert_eq!(scope.claim(&snake("self")), "self_");
        assert_eq!(scope.claim(&snake("Self")), "self_2");
        let mut types = Scope::new();
        assert_eq!(types.claim(&camel("IPSet")), "IpSet");
        assert_eq!(types.claim(&camel("IpSet")), "IpSet2");
        assert_eq!(types.claim(&camel("self")), "Self_");
        assert_eq!(types.claim(&camel("Self")), "Self2");
    }

    #[test]
    fn idents_parse_as_rust() {
        for name in ["type", "match", "Self", "self", "3DES", "获取", "IPv6Feature", "a b", "_"] {
            for text in [snake(name), camel(name)] {
                let id = ident(&text);
                syn::parse_str::<syn::Ident>(&id.to_string())
                    .unwrap_or_else(|e| panic!("{name} → {text}: {e}"));
            }
        }
    }
}
