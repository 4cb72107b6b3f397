//! The `wait_for_*` method a describe action gets when its items carry a documented state.

use super::*;

/// Verbs of actions that describe resources, which a waiter polls.
pub(super) const DESCRIBE_VERBS: &[&str] = &["Describe", "List", "Get"];

/// The waiter of a describe action: one list of structs in the answer, each with a `…State` or
/// `…Status` enum field and a string `…Id` field that an optional request param filters on
/// (`UHostIds` for `UHostId`), and no required argument. `None` for any other action.
pub(super) fn waiter(
    action: &ActionPlan,
    structs: &BTreeMap<RustName, StructPlan>,
    methods: &mut names::Scope,
    snake: &dyn Fn(&str) -> RustName,
    renamed: &mut Vec<crate::diag::Diagnostic>,
) -> Option<WaiterPlan> {
    let resource = DESCRIBE_VERBS.iter().find_map(|v| {
        action.wire.strip_prefix(v).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
    })?;
    if !crate::emit::operation::required_args(action).is_empty() {
        return None;
    }
    let mut lists = action.response.iter().filter_map(|f| match &f.ty {
        RustType::List(inner) => match &**inner {
            RustType::Struct(name) => Some((f, name)),
            _ => None,
        },
        _ => None,
    });
    let (items, item) = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let fields = &structs.get(item)?.fields;
    let state = fields.iter().find(|f| {
        (f.wire.ends_with("State") || f.wire.ends_with("Status")) && matches!(f.ty, RustType::Enum(_))
    })?;
    let RustType::Enum(state_enum) = &state.ty else { return None };
    // Params that filter by an item's string id (`UHostIds` or `EIPId` lists, `ULBId`); the
    // client's settings (`ProjectId`) are no filter.
    let candidates: Vec<(&FieldPlan, &FieldPlan)> = action
        .request
        .iter()
        .filter(|p| !p.required && !sdkgen_schema::names::CONTEXT_PARAMS.contains(&p.wire.as_str()))
        .filter_map(|p| {
            let named = match &p.ty {
                RustType::List(inner) if **inner == RustType::String => {
                    p.wire.strip_suffix('s').unwrap_or(&p.wire)
                }
                RustType::String => p.wire.as_str(),
                _ => return None,
            };
            let id = fields
                .iter()
                .find(|f| f.wire == named && f.wire.ends_with("Id") && f.ty == RustType::String)?;
            Some((p, id))
        })
        .collect();
    // The resource's own id (`UHostId` in `UHostInstance`), not a parent's (`VPCId`).
    let own = |(_, id): &&(&FieldPlan, &FieldPlan)| sdkgen_schema::names::id_of_resource(&id.wire, resource);
    let (param, id) = match candidates.iter().find(own) {
        Some(pair) => *pair,
        None if candidates.len() == 1 => candidates[0],
        None => return None,
    };
    // `Instances` → `Instance`, `UK8SClusterV2` → `UK8SCluster`: the resource, not the call.
    let unversioned = match resource.rfind('V') {
        Some(i) if i > 0 && resource[i + 1..].parse::<u32>().is_ok() => &resource[..i],
        _ => resource,
    };
    let singular = unversioned.strip_suffix('s').filter(|r| !r.ends_with('s')).unwrap_or(unversioned);
    Some(WaiterPlan {
        method: methods.claim_reported(
            &snake(&format!("WaitFor {singular}")),
            &format!("the waiter of `{}`", action.wire),
            None,
            renamed,
        ),
        resource: singular.to_owned(),
        items: items.rust.clone(),
        item: item.clone(),
        id_param: param.rust.clone(),
        id_param_list: matches!(param.ty, RustType::List(_)),
        id_field: id.rust.clone(),
        id_required: id.required,
        state_field: state.rust.clone(),
        state_enum: state_enum.clone(),
        state_required: state.required,
        uses_deprecated: items.deprecated || param.deprecated || id.deprecated || state.deprecated,
    })
}
