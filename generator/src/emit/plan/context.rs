//! `Region`, `Zone` and `ProjectId`: client settings with a per-call setter, never arguments.

use super::*;

/// A param that names where a call runs (`Region`, `Zone`, `ProjectId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextParam {
    /// Its wire name.
    pub wire: &'static str,
    /// The docs require it: a call with none from the call or the client is refused.
    pub required: bool,
}

/// The wire names that are client settings, with the runtime's `CallOptions` flags that fill
/// one in and that also require it.
pub const CONTEXT_PARAMS: [(&str, &str, &str); 3] = [
    ("Region", "default_region", "require_region"),
    ("Zone", "default_zone", "require_zone"),
    ("ProjectId", "default_project", "require_project"),
];

/// Takes `Region`, `Zone` and `ProjectId` out of the arguments: each becomes an optional setter
/// (the client's configured value applies when a call sets none), and its documented
/// requiredness moves to the returned list, which the runtime checks before sending.
pub(super) fn context_params(request: &mut [FieldPlan]) -> Vec<ContextParam> {
    let mut out = Vec::new();
    for (wire, _, _) in CONTEXT_PARAMS {
        let Some(field) = request.iter_mut().find(|f| f.wire == wire && f.ty == RustType::String) else {
            continue;
        };
        out.push(ContextParam { wire, required: field.required && field.default.is_none() });
        if field.required {
            field.docs.push(String::new());
            field.docs.push(format!(
                "Required by the docs: when this call sets none, the client's configured value is sent, \
                 and with neither the call fails with `Error::Validation` naming `{wire}`, before sending."
            ));
        }
        field.required = false;
        field.default = None;
    }
    out
}
