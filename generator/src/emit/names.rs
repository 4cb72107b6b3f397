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
//!
//! Every name the emitter writes is a [`RustName`], which only these converters, [`Scope`] and
//! a checked parse can make: an identifier token is built from one without any check left to fail.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;
use std::fmt;

/// A Rust identifier, keyword-safe (`page_size`, `OrderItemDetail`, `r#type`).
///
/// It can only be made by [`snake`], [`camel`], [`Scope::claim_reported`], [`RustName::parse`] and
/// [`RustName::suffixed`], each of which keeps it an identifier, so turning it into a token
/// ([`RustName::ident`], or `#name` in `quote!`) cannot fail.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// `text` when it is one Rust identifier token (raw `r#type` allowed; a keyword, `_`,
    /// an empty or non-ASCII name are not), else `None`.
    pub fn parse(text: &str) -> Option<RustName> {
        let bare = text.strip_prefix("r#").unwrap_or(text);
        let ascii_ident = bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && bare != "_";
        let raw = bare.len() != text.len();
        let fits = if raw {
            // A raw name must be a keyword that can be raw; a plain word needs no `r#`.
            KEYWORDS.contains(&bare) && !NOT_RAW.contains(&bare)
        } else {
            !KEYWORDS.contains(&bare)
        };
        (ascii_ident && fits).then(|| RustName(text.to_string()))
    }

    /// The name followed by `suffix`'s ASCII letters, digits and `_` (`ListPaidOrders` +
    /// `Request`), the raw prefix dropped when the result is no keyword.
    pub fn suffixed(&self, suffix: &str) -> RustName {
        let tail: String = suffix.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if tail.is_empty() {
            return self.clone();
        }
        keyword_safe(format!("{}{tail}", self.bare()))
    }

    /// The identifier's text (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text without a raw prefix (`type` for `r#type`): for messages and file names.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// The identifier token (raw when the name is `r#…`).
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.0.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, span),
            None => proc_macro2::Ident::new(&self.0, span),
        }
    }
}

impl std::ops::Deref for RustName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RustName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RustName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl PartialEq<str> for RustName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl quote::ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.ident())]);
    }
}

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

/// What a spec's `rust_name` or an overlay's `rename` may say: an identifier, raw (`r#type`) or
/// not, or a keyword that can be raw (`type`, which becomes `r#type`). Style aside (`DiskSize`
/// for a field becomes `disk_size`), such a name reaches the crate as written.
pub fn is_rust_name(text: &str) -> bool {
    RustName::parse(text).is_some() || RustName::parse(&format!("r#{text}")).is_some()
}

/// The snake-case identifier for a wire name or segment, keyword-safe (`r#type` form). A raw
/// prefix is read as one (`r#type` → `r#type`), not as a word.
pub fn snake(name: &str) -> RustName {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut s = ascii_words(name).to_snake_case();
    if s.is_empty() {
        s = "field".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    keyword_safe(s)
}

/// The upper-camel-case identifier for a model, enum or action name, keyword-safe.
pub fn camel(name: &str) -> RustName {
    let name = name.strip_prefix("r#").unwrap_or(name);
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
    snake(name).bare().to_ascii_uppercase()
}

/// Text that is an identifier but for keywords (ASCII letters, digits and `_`, not starting
/// with a digit, not empty) as a [`RustName`]: keywords made raw, or suffixed when they cannot be.
fn keyword_safe(s: String) -> RustName {
    if NOT_RAW.contains(&s.as_str()) {
        RustName(format!("{s}_"))
    } else if KEYWORDS.contains(&s.as_str()) {
        RustName(format!("r#{s}"))
    } else {
        RustName(s)
    }
}

/// One namespace (a struct's fields, a module's types): hands out distinct names in the order
/// asked, suffixing `_2`, `_3`… on collisions, so the same input always gives the same names.
/// It remembers what holds each name, so a renamed one can say what it gave way to.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    /// Name → what holds it ("model `IPSet`", "a method the builder defines").
    taken: BTreeMap<String, String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// A scope where `reserved` names are already taken by `holder` (methods a type already
    /// has, names the generated code uses unqualified, …).
    pub fn with_reserved(reserved: &[&str], holder: &str) -> Scope {
        Scope { taken: reserved.iter().map(|s| (s.to_string(), holder.to_string())).collect() }
    }

    /// The scope with `names` also taken by `holder`.
    pub fn reserve(mut self, names: &[&str], holder: &str) -> Scope {
        self.taken.extend(names.iter().map(|s| (s.to_string(), holder.to_string())));
        self
    }

    /// Claims `base`, or the first free `base_N` (the planner uses [`Scope::claim_reported`]).
    #[cfg(test)]
    pub fn claim(&mut self, base: &RustName) -> RustName {
        self.claim_for(base, "").0
    }

    /// Claims `base` for `what` ("field `Type` of `GetType`"), or the first free `base_N`; the
    /// second value, when `base` was taken, says by what.
    fn claim_for(&mut self, base: &RustName, what: &str) -> (RustName, Option<String>) {
        let Some(holder) = self.taken.get(base.as_str()).cloned() else {
            self.taken.insert(base.to_string(), what.to_string());
            return (base.clone(), None);
        };
        let bare = base.bare();
        // `IpSet2`, `Self2` for types and variants (an `_` there would trip the camel-case lint);
        // `ip_set_2`, `self_2` for snake names (never a double `_`).
        let (stem, sep) = if bare.starts_with(|c: char| c.is_ascii_uppercase()) {
            (bare.trim_end_matches('_'), "")
        } else if bare.ends_with('_') {
            (bare, "")
        } else {
            (bare, "_")
        };
        // An identifier followed by digits (or `_` and digits) is an identifier, and no keyword.
        let mut n = 2u64;
        loop {
            let candidate = format!("{stem}{sep}{n}");
            if !self.taken.contains_key(&candidate) {
                self.taken.insert(candidate.clone(), what.to_string());
                return (RustName(candidate), Some(holder));
            }
            n += 1;
        }
    }

    /// Claims `base` for `what` ("field `Type` of `GetType`"), or the first free `base_N`, adding
    /// a `renamed` warning at `loc` to `out` that says what took `base`.
    pub fn claim_reported(
        &mut self,
        base: &RustName,
        what: &str,
        loc: Option<&crate::ir::Loc>,
        out: &mut Vec<crate::diag::Diagnostic>,
    ) -> RustName {
        let (name, taken_by) = self.claim_for(base, what);
        if let Some(holder) = taken_by {
            let by = if holder.is_empty() { "another name".to_string() } else { holder };
            out.push(
                crate::diag::Diagnostic::warning(
                    "renamed",
                    format!("{what} is `{name}` in the SDK: `{base}` is taken by {by}"),
                )
                .at(loc.cloned())
                .hint("give one of them another name with an overlay `rename:` (docs/overlay-format.md)"),
            );
        }
        name
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
        assert_eq!(snake("r#type"), "r#type");
        assert_eq!(snake("r#Page"), "page");
        assert_eq!(camel("r#type"), "Type");
        for ok in ["disk_size", "DiskSize", "type", "r#type", "_x"] {
            assert!(is_rust_name(ok), "{ok}");
        }
        for bad in ["", "_", "self", "r#self", "r#page", "3x", "a-b", "a b", "名"] {
            assert!(!is_rust_name(bad), "{bad}");
        }
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(&snake("IPSet")), "ip_set");
        assert_eq!(scope.claim(&snake("IpSet")), "ip_set_2");
        assert_eq!(scope.claim(&snake("type")), "r#type");
        assert_eq!(scope.claim(&snake("Type")), "type_2");
        let mut reserved = Scope::with_reserved(&["send"], "a builder method");
        assert_eq!(reserved.claim(&snake("send")), "send_2");
        assert_eq!(scope.claim(&snake("self")), "self_");
        assert_eq!(scope.claim(&snake("Self")), "self_2");
        let mut types = Scope::new();
        assert_eq!(types.claim(&camel("IPSet")), "IpSet");
        assert_eq!(types.claim(&camel("IpSet")), "IpSet2");
        assert_eq!(types.claim(&camel("self")), "Self_");
        assert_eq!(types.claim(&camel("Self")), "Self2");
    }

    #[test]
    fn a_renamed_name_says_what_took_it() {
        let mut scope = Scope::with_reserved(&["send"], "a method the builder defines");
        let mut out = Vec::new();
        let loc = crate::ir::Loc { file: "a.md".into(), line: 3, col: 1 };
        assert_eq!(scope.claim_reported(&snake("IPSet"), "param `IPSet`", Some(&loc), &mut out), "ip_set");
        assert!(out.is_empty());
        assert_eq!(scope.claim_reported(&snake("IpSet"), "param `IpSet`", Some(&loc), &mut out), "ip_set_2");
        assert_eq!(scope.claim_reported(&snake("Send"), "param `Send`", None, &mut out), "send_2");
        let said: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            said,
            [
                "param `IpSet` is `ip_set_2` in the SDK: `ip_set` is taken by param `IPSet`",
                "param `Send` is `send_2` in the SDK: `send` is taken by a method the builder defines"
            ]
        );
        assert_eq!(out[0].code, "renamed");
        assert_eq!(out[0].loc.as_ref().map(|l| l.line), Some(3));
    }

    #[test]
    fn idents_parse_as_rust() {
        for name in ["type", "match", "Self", "self", "3DES", "获取", "IPv6Feature", "a b", "_"] {
            for text in [snake(name), camel(name)] {
                syn::parse_str::<syn::Ident>(&text.ident().to_string())
                    .unwrap_or_else(|e| panic!("{name} → {text}: {e}"));
            }
        }
    }

    #[test]
    fn only_identifiers_parse() {
        for good in ["page_size", "OrderItemDetail", "r#type", "_3des", "__", "V2"] {
            assert_eq!(RustName::parse(good).as_deref(), Some(good), "{good}");
        }
        for bad in [
            "", "_", "type", "self", "r#self", "r#Self", "r#crate", "r#page", "3des", "a-b", "a b", "获取",
            "r#",
        ] {
            assert_eq!(RustName::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn suffixes_keep_an_identifier() {
        assert_eq!(camel("ListPaidOrders").suffixed("Request"), "ListPaidOrdersRequest");
        assert_eq!(snake("type").suffixed("_id"), "type_id");
        assert_eq!(snake("type").suffixed(""), "r#type");
        assert_eq!(snake("ty").suffixed("pe"), "r#type");
        assert_eq!(camel("Self").suffixed("-?"), "Self_");
    }

    proptest::proptest! {
        /// Whatever the text, the converters and the scope hand out identifiers rustc reads.
        #[test]
        fn every_name_made_is_an_identifier(names in proptest::collection::vec(".{0,12}", 1..6)) {
            let mut scope = Scope::with_reserved(&["new", "send"], "a builder method");
            for name in &names {
                for made in [snake(name), camel(name), scope.claim(&snake(name)), scope.claim(&camel(name))] {
                    proptest::prop_assert!(syn::parse_str::<syn::Ident>(&made.ident().to_string()).is_ok(), "{made}");
                    proptest::prop_assert_eq!(RustName::parse(&made), Some(made.clone()));
                }
            }
        }
    }
}
