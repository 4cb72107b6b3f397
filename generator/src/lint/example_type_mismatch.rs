//! `example-type-mismatch`: an example value that cannot be of the documented type: a word in an
//! `int` or `float` field, a placeholder such as `"AgXuWXUE"` in a money field (which must be a
//! decimal amount), a string where an object or array is documented. Such a value means the type
//! or the example is wrong, and a typed SDK would fail to decode the real response. Request
//! example values and every documented value of the response example are checked; a response
//! path is reported once however many list items repeat it.

use super::response_walk::{locate_key, parse, walk, Seen};
use super::{json_misfit, resolve_param, text_misfit};
use crate::diag::Diagnostic;
use crate::ir::{Action, Model};
use std::collections::{BTreeMap, BTreeSet};

const HINT: &str = "fix the example, or the type (an overlay can retype the field)";

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in actions {
        for p in &a.examples.request {
            let Some((f, ty)) = resolve_param(&a.params, models, &p.name) else { continue };
            if let Some(why) = text_misfit(ty, f.format, &p.value) {
                out.push(
                    Diagnostic::warning(
                        "example-type-mismatch",
                        format!(
                            "the request example of `{}` sets `{}={}`, which {why}; `{}` is documented as `{ty}`",
                            a.name, p.name, p.value, f.name
                        ),
                    )
                    .at_span(p.loc.clone(), p.name.chars().count() + 1 + p.value.chars().count())
                    .hint(HINT),
                );
            }
        }
        let Some(Ok(json)) = parse(&a.examples) else { continue };
        let Some(root) = json.as_object() else { continue };
        let mut reported = BTreeSet::new();
        walk(root, &a.response, models, &mut |seen| {
            let Seen::Value { path, key, field, ty, value } = seen else { return };
            let Some(why) = json_misfit(ty, field.format, value) else { return };
            if !reported.insert(path.clone()) {
                return;
            }
            out.push(
                Diagnostic::warning(
                    "example-type-mismatch",
                    format!(
                        "in the response example of `{}`, `{path}` is {value} which {why}; it is documented as `{ty}`",
                        a.name
                    ),
                )
                .at_span(locate_key(&a.examples, key), key.chars().count() + 2)
                .hint(HINT),
            );
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::{Format, Type};
    use crate::lint::test_util::*;

    fn money(name: &str, line: u32) -> crate::ir::Field {
        let mut f = field(name, Type::String, line);
        f.format = Some(Format::Money);
        f
    }

    fn run(
        params: Vec<crate::ir::Field>,
        request: Vec<crate::ir::ExampleParam>,
        response: Option<&str>,
    ) -> Vec<Diagnostic> {
        let ms = models(vec![model("Item", vec![money("Price", 30), field("Count", Type::Int, 31)])]);
        let mut a = action(
            "GetThing",
            params,
            vec![
                field("Total", Type::Float, 10),
                field("Items", Type::List(Box::new(Type::Model("Item".into()))), 11),
                field("Data", Type::Model("Item".into()), 12),
                field("Flag", Type::Bool, 13),
            ],
        );
        a.examples.request = request;
        a.examples.response = response.map(str::to_string);
        a.examples.response_loc = loc(50);
        check(&[a], &ms)
    }

    fn lines(d: &[Diagnostic]) -> Vec<u32> {
        assert!(d.iter().all(|d| d.code == "example-type-mismatch" && d.severity == Severity::Warning));
        d.iter().map(|d| d.loc.as_ref().unwrap().line).collect()
    }

    #[test]
    fn request_values() {
        let params = vec![
            field("Page", Type::Int, 3),
            money("Amount", 4),
            field("Ids.N", Type::Float, 5),
            field("On", Type::Bool, 6),
        ];
        let out = run(
            params.clone(),
            vec![
                ex("Page", "abc", 40),
                ex("Amount", "AgXuWXUE", 41),
                ex("Ids.0", "x", 42),
                ex("On", "maybe", 43),
            ],
            None,
        );
        assert_eq!(lines(&out), [40, 41, 42, 43]);
        let fine = run(
            params,
            vec![
                ex("Page", "3", 40),
                ex("Amount", "12.50", 41),
                ex("Ids.0", "1.5", 42),
                ex("On", "true", 43),
                ex("Other", "x", 44),
            ],
            None,
        );
        assert!(fine.is_empty(), "{fine:?}");
    }

    #[test]
    fn response_values() {
        let text = "{\n\"Total\": \"lots\",\n\"Items\": [{\"Price\": \"AgXuWXUE\", \"Count\": 1},\n{\"Price\": \"bYZilSNV\", \"Count\": \"2\"}],\n\"Data\": \"none\",\n\"Flag\": 1\n}";
        let mut out = run(vec![], vec![], Some(text));
        crate::lint::sort(&mut out);
        // A key is located at its first occurrence: `Count` on line 52, though `"2"` is on 53.
        assert_eq!(lines(&out), [51, 52, 52, 54, 55]);
        assert!(out.iter().any(|d| d.message.contains("`Items[].Price`")));
    }

    #[test]
    fn fitting_responses_give_nothing() {
        let text = r#"{"Total": 1.5, "Items": [{"Price": "0.10", "Count": 1}], "Data": {"Price": 3}, "Flag": true, "Unknown": "x"}"#;
        assert!(run(vec![], vec![], Some(text)).is_empty());
        assert!(run(vec![], vec![], Some("not json")).is_empty());
        assert!(run(vec![], vec![], Some(r#"{"Total": null, "Items": null}"#)).is_empty());
    }
}
