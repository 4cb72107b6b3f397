//! `undocumented-field`: a key in the response example that no table documents (`CreditAccount`
//! inside the `Orders[]` items of `OrderItemDetail`). The SDK would drop it silently, so either
//! the docs miss a field or the example is stale. The walk follows the response fields into
//! models and lists; each path is reported once however many list items repeat it. The envelope
//! keys (`RetCode`, `Action`, `Message`) count as documented.
//!
//! `bad-example`: the response example is not JSON (or not a JSON object), so no JSON check can
//! read it; reported once, and the example is skipped.

use super::response_walk::{locate_key, parse, walk, Seen};
use super::ENVELOPE;
use crate::diag::Diagnostic;
use crate::ir::{Action, Model};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in actions {
        let json = match parse(&a.examples) {
            None => continue,
            Some(Err(e)) => {
                out.push(bad_example(a, format!("is not valid JSON ({e})")));
                continue;
            }
            Some(Ok(json)) => json,
        };
        let Some(root) = json.as_object() else {
            out.push(bad_example(a, "is JSON but not an object".into()));
            continue;
        };
        let mut reported = BTreeSet::new();
        walk(root, &a.response, models, &mut |seen| {
            let Seen::Unknown { path, key } = seen else { return };
            if path == key && ENVELOPE.contains(&key) {
                return;
            }
            if !reported.insert(path.clone()) {
                return;
            }
            out.push(
                Diagnostic::warning(
                    "undocumented-field",
                    format!("the response example of `{}` has `{path}`, which no table documents", a.name),
                )
                .at_span(locate_key(&a.examples, key), key.chars().count() + 2)
                .hint("document the field (an overlay can add it), or fix the example"),
            );
        });
    }
    out
}

fn bad_example(a: &Action, what: String) -> Diagnostic {
    Diagnostic::warning("bad-example", format!("the response example of `{}` {what}", a.name))
        .at(a.examples.response_loc.clone().or_else(|| a.loc.clone()))
        .hint("fix the example; the JSON checks skip it until then")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    fn run(response: &str) -> Vec<Diagnostic> {
        let ms = models(vec![model("OrderItemDetail", vec![field("OrderNo", Type::String, 30)])]);
        let mut a = action(
            "ListPaidOrders",
            vec![],
            vec![
                field("RetCode", Type::Int, 10),
                field("Orders", Type::List(Box::new(Type::Model("OrderItemDetail".into()))), 11),
            ],
        );
        a.examples.response = Some(response.into());
        a.examples.response_loc = loc(50);
        check(&[a], &ms)
    }

    #[test]
    fn unknown_keys_in_items_are_reported_once_at_their_line() {
        let out = run("{\n\"Action\": \"X\",\n\"Data\": {},\n\"Orders\": [\n{\"OrderNo\": \"a\",\n\"CreditAccount\": \"b\"},\n{\"CreditAccount\": \"c\"}\n],\n\"RetCode\": 0\n}");
        let got: Vec<_> =
            out.iter().map(|d| (d.code.as_str(), d.severity, d.loc.as_ref().unwrap().line)).collect();
        assert_eq!(
            got,
            [("undocumented-field", Severity::Warning, 52), ("undocumented-field", Severity::Warning, 55)]
        );
        assert!(out[1].message.contains("`Orders[].CreditAccount`"), "{}", out[1].message);
    }

    #[test]
    fn documented_examples_give_nothing() {
        assert!(
            run(r#"{"Action": "X", "Message": "", "RetCode": 0, "Orders": [{"OrderNo": "1"}]}"#).is_empty()
        );
        assert!(run("   ").is_empty());
    }

    #[test]
    fn not_json_is_a_bad_example() {
        for text in ["{\"RetCode\": 0,", "[1, 2]", "<xml/>"] {
            let out = run(text);
            assert_eq!(out.len(), 1, "{text}");
            assert_eq!((out[0].code.as_str(), out[0].severity), ("bad-example", Severity::Warning));
            assert_eq!(out[0].loc, loc(50));
        }
    }
}
