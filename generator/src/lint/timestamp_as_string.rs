//! `timestamp-as-string`: a field typed `string` whose description says it holds a Unix
//! timestamp. The wire almost always carries an integer then, and a string type would make the
//! SDK fail to decode it (or hand users text where they want a time).

use super::tables;
use crate::diag::Diagnostic;
use crate::ir::{Action, Model, Type};
use std::collections::BTreeMap;

/// Whether a description says the value is a Unix timestamp (`Create time (Unix timestamp,
/// seconds)`, `创建时间，Unix时间戳`, `时间戳`). A small local test; the prose module may replace it.
pub fn says_unix_timestamp(description: &str) -> bool {
    let lower = description.to_lowercase();
    lower.contains("unix timestamp")
        || lower.contains("unix time stamp")
        || lower.contains("unix时间戳")
        || lower.contains("unix 时间戳")
        || lower.contains("时间戳")
}

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in tables(actions, models) {
        for f in table.fields.iter().filter(|f| f.ty == Type::String && says_unix_timestamp(&f.description)) {
            out.push(
                Diagnostic::warning(
                    "timestamp-as-string",
                    format!(
                        "`{}` in {} is typed `string`, but its description says it is a Unix timestamp",
                        f.name, table.what
                    ),
                )
                .at_span(f.loc.clone(), f.name.chars().count())
                .hint("type it `int` in the docs; an overlay can retype it meanwhile"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::lint::test_util::*;

    #[test]
    fn recognises_the_phrasings() {
        assert!(says_unix_timestamp("Create time (Unix timestamp, seconds)"));
        assert!(says_unix_timestamp("创建时间，Unix时间戳"));
        assert!(says_unix_timestamp("过期时间（时间戳）"));
        assert!(!says_unix_timestamp("Creation time"));
        assert!(!says_unix_timestamp(""));
    }

    #[test]
    fn string_timestamp_is_flagged_at_the_row() {
        let mut f = field("CreateTime", Type::String, 14);
        f.description = "Create time (Unix timestamp, seconds)".into();
        let ms = models(vec![model("M", vec![f.clone()])]);
        let out = check(&[], &ms);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].code.as_str(), out[0].severity), ("timestamp-as-string", Severity::Warning));
        assert_eq!(out[0].loc, loc(14));
    }

    #[test]
    fn int_timestamps_and_plain_strings_are_fine() {
        let mut f = field("CreateTime", Type::Int, 14);
        f.description = "Create time (Unix timestamp, seconds)".into();
        let mut g = field("Name", Type::String, 15);
        g.description = "The name".into();
        assert!(check(&[action("A", vec![f], vec![g])], &BTreeMap::new()).is_empty());
    }
}
