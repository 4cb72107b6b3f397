//! A cargo feature per action in checked-in crates, so users compile only the actions they
//! call: each action's module is behind its feature, and each model or enum behind the features
//! of the actions that reach it (`cfg(any(...))`). `default` enables every action.
//!
//! Build mode (the root package) has one feature per family instead and emits no gates.

use super::plan::{ActionPlan, CratePlan, FieldPlan, RustType};
use std::collections::{BTreeMap, BTreeSet};

/// Features that are not actions.
const RESERVED: &[&str] = &["default", "mock", "all-actions", "rustls", "rustls-aws-lc", "native-tls"];

/// Which features gate which items of one crate.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// Action wire name → its feature.
    pub actions: BTreeMap<String, String>,
    /// Struct or enum Rust name → the features of the actions that use it (empty: used by none,
    /// so not gated).
    pub types: BTreeMap<String, BTreeSet<String>>,
}

impl Gates {
    /// The gates of a crate: one feature per action, named after its method in kebab case.
    pub fn of(plan: &CratePlan) -> Gates {
        let mut gates = Gates::default();
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        for action in &plan.actions {
            // A feature name cannot start with `-` (`_3des` → `3des`).
            let kebab = action.method.bare().replace('_', "-");
            let mut name = match kebab.trim_start_matches('-') {
                "" => "action".to_string(),
                trimmed => trimmed.to_string(),
            };
            while taken.contains(&name) {
                name.push_str("-action");
            }
            taken.insert(name.clone());
            gates.actions.insert(action.wire.clone(), name);
        }
        let fields: BTreeMap<&str, &[FieldPlan]> =
            plan.structs.iter().map(|s| (s.name.as_str(), s.fields.as_slice())).collect();
        for action in &plan.actions {
            let feature = &gates.actions[&action.wire];
            let mut roots: Vec<&RustType> =
                action.request.iter().chain(&action.response).map(|f| &f.ty).collect();
            roots.extend(action.pagination.as_ref().map(|p| &p.item_type));
            for name in reach(&fields, roots) {
                gates.types.entry(name).or_default().insert(feature.clone());
            }
        }
        gates
    }

    /// The feature of an action.
    pub fn action(&self, action: &ActionPlan) -> &str {
        self.actions.get(&action.wire).map_or("", String::as_str)
    }

    /// The features that gate a struct or enum (empty: not gated).
    pub fn of_type(&self, name: &str) -> BTreeSet<String> {
        self.types.get(name).cloned().unwrap_or_default()
    }

    /// `#[cfg(...)]` for a set of features, as text; empty for no features.
    pub fn cfg_text(features: &BTreeSet<String>) -> String {
        match features.len() {
            0 => String::new(),
            1 => format!("#[cfg(feature = \"{}\")]", features.iter().next().map_or("", String::as_str)),
            _ => {
                let each: Vec<String> = features.iter().map(|f| format!("feature = \"{f}\"")).collect();
                format!("#[cfg(any({}))]", each.join(", "))
            }
        }
    }

    /// The `[features]` lines of the crate's Cargo.toml (without `mock` and the TLS choice).
    pub fn cargo_features(&self, plan: &CratePlan) -> String {
        let names: Vec<&str> = plan.actions.iter().map(|a| self.action(a)).collect();
        let mut out = String::from(
            "# One feature per action: build with `default-features = false` and name the actions\n\
             # you call to compile only those (and the models and enums they use).\n\
             default = [\"all-actions\", \"rustls\"]\n",
        );
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        out.push_str(&format!("all-actions = [{}]\n", quoted.join(", ")));
        for name in names {
            out.push_str(&format!("{name} = []\n"));
        }
        out
    }
}

/// The struct and enum names `roots` reach (one namespace here: both are gated alike).
fn reach<'a>(fields: &BTreeMap<&str, &'a [FieldPlan]>, roots: Vec<&'a RustType>) -> BTreeSet<String> {
    let reached = super::plan::reach(|name| fields.get(name).copied(), roots);
    reached.structs.into_iter().chain(reached.enums).map(|name| name.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn billing() -> (CratePlan, Gates) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing");
        let loaded = crate::load::load_family(&dir);
        let family = loaded.family.expect("the billing family loads");
        let plan =
            super::super::plan::plan(crate::validate::ValidFamily::new(&family).expect("billing is valid"));
        let gates = Gates::of(&plan);
        (plan, gates)
    }

    #[test]
    fn each_type_is_gated_by_exactly_the_actions_that_reach_it() {
        let (_, gates) = billing();
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(gates.actions["ListPaidOrders"], "list-paid-orders");
        assert_eq!(gates.of_type("OrderItemDetail"), set(&["list-paid-orders"]));
        assert_eq!(gates.of_type("DownloadFileData"), set(&["download-list-paid-orders"]));
        // The product-code filter is a param of all four actions.
        assert_eq!(
            gates.of_type("ProductCode"),
            set(&["download-list-paid-orders", "get-order-amount", "list-paid-orders", "list-unpaid-orders"])
        );
        assert!(gates.of_type("NoSuchType").is_empty(), "an unused type is not gated");
    }

    #[test]
    fn features_are_listed_and_never_take_a_reserved_name() {
        let (plan, gates) = billing();
        let toml = gates.cargo_features(&plan);
        assert!(toml.contains("default = [\"all-actions\", \"rustls\"]"), "{toml}");
        assert!(toml.contains("\nlist-unpaid-orders = []\n"), "{toml}");
        let mut clash = plan.clone();
        clash.actions[0].method = crate::emit::names::snake("mock");
        clash.actions[0].wire = "Mock".into();
        assert_eq!(Gates::of(&clash).actions["Mock"], "mock-action");
        clash.actions[0].method = crate::emit::names::snake("native_tls");
        assert_eq!(Gates::of(&clash).actions["Mock"], "native-tls-action", "a TLS feature is reserved too");
        assert_eq!(
            Gates::cfg_text(&BTreeSet::from(["a".to_string(), "b".to_string()])),
            "#[cfg(any(feature = \"a\", feature = \"b\"))]"
        );
    }
}
