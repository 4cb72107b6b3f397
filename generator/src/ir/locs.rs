//! Source locations across a whole IR value: strip them (they say where a spec was read from,
//! not what it means) or rewrite their paths (relative paths keep outputs machine-independent).

use super::{Action, Document, Family, Field, Loc, Model};

/// Calls `f` on every location an action holds: its own, its fields', its examples'.
fn action_locs(action: &mut Action, f: &mut dyn FnMut(&mut Option<Loc>)) {
    f(&mut action.loc);
    action.params.iter_mut().chain(action.response.iter_mut()).for_each(|field| f(&mut field.loc));
    action.examples.request.iter_mut().for_each(|p| f(&mut p.loc));
    f(&mut action.examples.response_loc);
}

fn model_locs(model: &mut Model, f: &mut dyn FnMut(&mut Option<Loc>)) {
    f(&mut model.loc);
    model.fields.iter_mut().for_each(|field: &mut Field| f(&mut field.loc));
}

/// Calls `f` on every location in a document.
pub fn document_locs(doc: &mut Document, f: &mut dyn FnMut(&mut Option<Loc>)) {
    doc.actions.iter_mut().for_each(|a| action_locs(a, f));
    doc.models.iter_mut().for_each(|m| model_locs(m, f));
}

/// Calls `f` on every location in a family (common params included).
pub fn family_locs(family: &mut Family, f: &mut dyn FnMut(&mut Option<Loc>)) {
    family.config.common_params.iter_mut().for_each(|field| f(&mut field.loc));
    family.actions.iter_mut().for_each(|a| action_locs(a, f));
    family.models.values_mut().for_each(|m| model_locs(m, f));
}

/// Removes every location from a document.
pub fn strip_document(doc: &mut Document) {
    document_locs(doc, &mut |loc| *loc = None);
}

/// Rewrites every location's file path relative to `base` (paths outside `base` are kept), with
/// `/` separators, so the IR reads the same on every machine.
pub fn relativize_family(family: &mut Family, base: &std::path::Path) {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    family_locs(family, &mut |loc| {
        if let Some(loc) = loc {
            let path = std::path::Path::new(&loc.file);
            let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if let Ok(rel) = full.strip_prefix(&base) {
                loc.file =
                    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            }
        }
    });
}
