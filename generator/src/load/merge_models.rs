//! `inconsistent-model`: one model defined by several documents, differently. Pages repeat the
//! models they use, so most repeats are identical and pass silently; when they differ, the models
//! are merged so no documented field is lost: the union of the fields, the first definition (in
//! the order given) winning for a field defined twice, the fields only a later definition has
//! appended in its order. One warning per differing later definition lists every difference.

use super::duplicates::field_differences;
use crate::diag::Diagnostic;
use crate::ir::{Loc, Model};
use crate::lint::canonical;
use std::collections::{BTreeMap, BTreeSet};

/// Merges the models of several documents, given as `(file, model)` in loading order: one model
/// per name, with a warning for each definition that differs from what came before it.
pub fn merge_models(defs: Vec<(String, Model)>) -> (BTreeMap<String, Model>, Vec<Diagnostic>) {
    // name → (first file, merged model, the file each merged field came from)
    let mut merged: BTreeMap<String, (String, Model, Vec<String>)> = BTreeMap::new();
    let mut out = Vec::new();
    for (file, def) in defs {
        let Some((first_file, base, sources)) = merged.get_mut(&def.name) else {
            let sources = vec![file.clone(); def.fields.len()];
            merged.insert(def.name.clone(), (file, def, sources));
            continue;
        };
        let mut diffs = Vec::new();
        let known: BTreeMap<String, usize> =
            base.fields.iter().enumerate().rev().map(|(i, f)| (canonical(&f.name), i)).collect();
        let theirs: BTreeSet<String> = def.fields.iter().map(|f| canonical(&f.name)).collect();
        for (f, src) in base.fields.iter().zip(sources.iter()) {
            if !theirs.contains(&canonical(&f.name)) {
                diffs.push(format!("field `{}` is in {src} but not in {file}", f.name));
            }
        }
        let mut added = BTreeSet::new();
        let mut appended = Vec::new();
        for g in &def.fields {
            let key = canonical(&g.name);
            match known.get(&key) {
                Some(&i) => diffs.extend(field_differences("field", &base.fields[i], g, &sources[i], &file)),
                None if added.insert(key) => {
                    diffs.push(format!(
                        "field `{}` (`{}`) is in {file} but not in {first_file}; added",
                        g.name, g.ty
                    ));
                    appended.push(g.clone());
                }
                None => {}
            }
        }
        sources.extend(appended.iter().map(|_| file.clone()));
        base.fields.extend(appended);
        if base.description.trim().is_empty() {
            base.description = def.description.clone();
        }
        if base.rust_name.is_none() {
            base.rust_name = def.rust_name.clone();
        }
        if diffs.is_empty() {
            continue;
        }
        let at = def.loc.clone().unwrap_or_else(|| Loc { file: file.clone(), line: 1, col: 1 });
        let d = Diagnostic::warning(
            "inconsistent-model",
            format!(
                "model `{}` is defined differently in {first_file} and {file} ({} differences); merged, {first_file} winning",
                def.name,
                diffs.len()
            ),
        )
        .at_span(Some(at), def.name.chars().count())
        .hint("make the definitions agree, or correct the model with an overlay");
        out.push(diffs.into_iter().fold(d, |d, n| d.with_note(n)));
    }
    crate::lint::sort(&mut out);
    (merged.into_iter().map(|(name, (_, m, _))| (name, m)).collect(), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    fn def(file: &str, m: Model) -> (String, Model) {
        let mut m = m;
        m.loc = Some(Loc { file: file.into(), line: 20, col: 1 });
        (file.into(), m)
    }

    #[test]
    fn identical_definitions_merge_silently() {
        let m = model("Item", vec![field("Id", Type::Int, 21)]);
        let (models, out) = merge_models(vec![def("a.md", m.clone()), def("b.md", m)]);
        assert!(out.is_empty());
        assert_eq!(models["Item"].fields.len(), 1);
    }

    #[test]
    fn union_of_fields_first_wins() {
        let a = model("Item", vec![field("Id", Type::Int, 21), field("Old", Type::String, 22)]);
        let b = model("Item", vec![field("Id", Type::String, 21), field("New", Type::Bool, 22)]);
        let (models, out) = merge_models(vec![def("a.md", a), def("b.md", b)]);
        let fields: Vec<_> = models["Item"].fields.iter().map(|f| (f.name.as_str(), f.ty.clone())).collect();
        assert_eq!(fields, [("Id", Type::Int), ("Old", Type::String), ("New", Type::Bool)]);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].code.as_str(), out[0].severity), ("inconsistent-model", Severity::Warning));
        assert_eq!(out[0].loc.as_ref().map(|l| (l.file.as_str(), l.line)), Some(("b.md", 20)));
        assert_eq!(
            out[0].notes,
            [
                "field `Old` is in a.md but not in b.md",
                "field `Id` is `int` in a.md but `string` in b.md",
                "field `New` (`bool`) is in b.md but not in a.md; added"
            ]
        );
    }

    #[test]
    fn nothing_in_nothing_out() {
        let (models, out) = merge_models(vec![]);
        assert!(models.is_empty() && out.is_empty());
    }
}
