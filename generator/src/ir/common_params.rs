//! The family's `common_params` (`Region`, `Zone`, `ProjectId`) as each action takes them.

use super::wire_name::WireName;
use super::{Action, Field};

/// The action with the family's common params appended, optional, unless its page documents
/// them itself (same root name). Validation checks this list and the planner plans it, so
/// both see the params an action is sent with.
pub fn with_common_params(action: &Action, common: &[Field]) -> Action {
    let mut action = action.clone();
    let root =
        |name: &str| WireName::parse(name).map(|w| w.root().to_string()).unwrap_or_else(|_| name.to_string());
    for field in common {
        if !action.params.iter().any(|p| root(&p.name) == root(&field.name)) {
            let mut field = field.clone();
            field.required = false;
            action.params.push(field);
        }
    }
    action
}
