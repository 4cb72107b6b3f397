//! Assembling a family: settings, one copy of each action, merged models, money marks, the
//! overlay's corrections, then validation and lint, and last `family.yaml` checked against the
//! docs it describes.

use super::files::FolderFiles;
use super::money::matches_pattern;
use super::{duplicates, merge_models};
use crate::diag::Diagnostic;
use crate::ir::{Action, Document, Family, FamilyConfig, Field, Format, Model, Type};
use crate::{lint, overlay, validate, yaml};
use std::collections::BTreeMap;
use std::path::Path;

/// Builds the family from its documents. Every problem becomes a diagnostic; the family is built
/// from what could be read, so one bad page never hides the rest.
pub(super) fn assemble(
    folder: &Path,
    files: FolderFiles,
    docs: Vec<(String, Document)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Family> {
    let folder_name = folder
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "family".to_string());
    let config = family_config(&folder_name, files.family.as_ref(), diagnostics);
    let overlay = files.overlay.and_then(|(path, text)| {
        let (overlay, diags) = overlay::parse_overlay(&path, &text);
        diagnostics.extend(diags);
        overlay
    });
    let preferred = overlay.as_ref().map(overlay::Overlay::duplicate_choices).unwrap_or_default();

    let mut by_name: BTreeMap<String, Vec<(String, Action)>> = BTreeMap::new();
    let mut model_defs = Vec::new();
    for (file, doc) in docs {
        for action in doc.actions {
            by_name.entry(action.name.clone()).or_default().push((file.clone(), action));
        }
        model_defs.extend(doc.models.into_iter().map(|m| (file.clone(), m)));
    }
    if let Some(overlay) = &overlay {
        check_duplicate_choices(overlay, &by_name, diagnostics);
    }
    let mut actions: Vec<Action> = by_name
        .into_iter()
        .filter_map(|(name, mut copies)| {
            if copies.len() == 1 {
                return copies.pop().map(|(_, a)| a);
            }
            let views: Vec<duplicates::Copy> = copies
                .iter()
                .map(|(file, action)| duplicates::Copy { file: file.as_str(), action })
                .collect();
            let (keep, diags) =
                duplicates::resolve_duplicates(&name, &views, preferred.get(&name).map(String::as_str));
            diagnostics.extend(diags);
            let method = duplicates::method_of(&views);
            let keep = keep.min(copies.len() - 1);
            let mut kept = copies.swap_remove(keep).1;
            kept.method = method;
            Some(kept)
        })
        .collect();
    let (mut models, diags) = merge_models::merge_models(model_defs);
    diagnostics.extend(diags);

    // Money: string or float fields named like one of the family's patterns.
    let money = |leaf: &str| config.money_fields.iter().any(|p| matches_pattern(p, leaf));
    let money_type = |ty: &Type| matches!(ty, Type::String | Type::Float);
    mark_format(&mut actions, &mut models, Format::Money, money_type, money);
    // Secrets: string fields named like a credential.
    let string = |ty: &Type| matches!(ty, Type::String);
    mark_format(&mut actions, &mut models, Format::Secret, string, names_a_secret);
    if let Some(overlay) = &overlay {
        diagnostics.extend(overlay::apply(overlay, &mut actions, &mut models));
    }
    diagnostics.extend(lint::lint(&actions, &models));
    if actions.is_empty() {
        diagnostics.push(
            Diagnostic::warning("no-actions", format!("the family `{}` documents no action", config.name))
                .hint("a family folder holds action pages (*.md, *.txt) or YAML specs (*.yaml)"),
        );
    }
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    let family = Family { config, actions, models };
    diagnostics.extend(validate::validate(&family, files.family.as_ref()));
    Some(family)
}

/// An overlay `duplicates` entry must name an action documented more than once and one of the
/// files documenting it; otherwise it matches nothing, which is an error like any overlay entry.
fn check_duplicate_choices(
    overlay: &overlay::Overlay,
    by_name: &BTreeMap<String, Vec<(String, Action)>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in &overlay.duplicates.0 {
        let copies = by_name.get(&entry.name).map(Vec::as_slice).unwrap_or_default();
        let problem = if copies.len() < 2 {
            Some(format!("`{}` is not documented more than once", entry.name))
        } else if !copies.iter().any(|(file, _)| duplicates::names_file(file, &entry.patch)) {
            let files: Vec<&str> = copies.iter().map(|(f, _)| f.as_str()).collect();
            Some(format!(
                "no copy of `{}` is in `{}` (copies: {})",
                entry.name,
                entry.patch,
                files.join(", ")
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            diagnostics.push(
                Diagnostic::error(
                    "overlay-unknown-duplicate",
                    format!("the duplicates entry matches nothing: {problem}"),
                )
                .at(entry.loc.clone())
                .hint("remove the entry, or name one of the files that document the action"),
            );
        }
    }
}

/// `family.yaml` when present and readable, else the documented defaults named after the folder.
fn family_config(
    folder_name: &str,
    file: Option<&(String, String)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FamilyConfig {
    let Some((path, text)) = file else {
        return yaml::default_family_config(folder_name);
    };
    let (config, diags) = yaml::parse_family_config(path, text, folder_name);
    diagnostics.extend(diags);
    config.unwrap_or_else(|| yaml::default_family_config(folder_name))
}

/// Gives `format` to every field that has none, whose value type (or list item type) `carries`
/// accepts and whose name (its last segment, past `.N`) `named` accepts: in every action's
/// params and response and in every model. An overlay applied after can take the mark back.
fn mark_format(
    actions: &mut [Action],
    models: &mut BTreeMap<String, Model>,
    format: Format,
    carries: impl Fn(&Type) -> bool,
    named: impl Fn(&str) -> bool,
) {
    let mark = |field: &mut Field| {
        let leaf = field.name.rsplit('.').find(|s| *s != "N" && *s != "n").unwrap_or(&field.name);
        let value = match &field.ty {
            Type::List(inner) => inner.as_ref(),
            ty => ty,
        };
        if field.format.is_none() && carries(value) && named(leaf) {
            field.format = Some(format);
        }
    };
    for action in actions.iter_mut() {
        action.params.iter_mut().chain(action.response.iter_mut()).for_each(mark);
    }
    for model in models.values_mut() {
        model.fields.iter_mut().for_each(mark);
    }
}

use sdkgen_schema::names::names_a_secret;
