//! `required-cycle`: a required field whose model contains that field's model again through
//! required fields only (`Node.Parent: Node`, required). No finite value has it, so the SDK
//! makes the field optional; the warning says where the docs and the SDK part.

use crate::diag::Diagnostic;
use crate::ir::cycles::required_cycle_fields;
use crate::ir::Model;
use std::collections::BTreeMap;

pub(crate) fn check(models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (model, field) in required_cycle_fields(models) {
        let loc = models
            .get(&model)
            .and_then(|m| m.fields.iter().find(|f| f.name == field))
            .and_then(|f| f.loc.clone());
        out.push(
            Diagnostic::warning(
                "required-cycle",
                format!(
                    "`{field}` of data model `{model}` is required, and its model contains `{model}` again \
                     through required fields: no finite value has it, so the SDK makes it optional"
                ),
            )
            .at_span(loc, field.chars().count())
            .hint("mark the field optional in the docs (or with an overlay `required: false`)"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Type};

    #[test]
    fn a_model_that_requires_itself_is_reported() {
        let mut parent = Field::new("Parent", Type::Model("Node".into()));
        parent.required = true;
        let models: BTreeMap<String, Model> = [("Node".to_string(), Model::new("Node", vec![parent]))].into();
        let out = check(&models);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, "required-cycle");
        assert!(out[0].message.contains("`Parent` of data model `Node`"), "{}", out[0].message);
    }
}
