//! The Rust-level plan of a crate: every name decided, every type mapped, nested request params
//! grouped into structs, enums collected, pagination recognised. Token emission is a pure
//! function of this plan, so the decisions here are testable without reading generated code.

mod constraints;
mod context;
mod paging;
mod planner;
mod reach;
mod waiter;

pub use context::{ContextParam, CONTEXT_PARAMS};
pub use reach::{reach, Reached};

use super::names::RustName;
use super::{docs, names};
use crate::ir::common_params::with_common_params;
use crate::ir::wire_name::{Segment, WireName};
use crate::ir::{Action, Constraints, Field, Format, Transport, Type};
use crate::validate::ValidFamily;
use constraints::*;
use context::*;
use paging::*;
use planner::*;
use std::collections::{BTreeMap, BTreeSet};
use waiter::*;

/// Type names the generated modules (`model`, `enums`, `operation::*`) and the runtime's macros
/// expanded there use unqualified: the prelude's and the runtime's. A model or action named like
/// one is renamed (`String2`, with a `renamed` warning), so the code never means the docs' type
/// where it means these. `tests/reserved_names.rs` reads the runtime's macros and the
/// generated crates for names used bare and fails when one is missing.
pub const TYPES_IN_USE: &[&str] = &[
    "Box",
    "Builder",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "EncodeParams",
    "Err",
    "Error",
    "From",
    "Into",
    "None",
    "Ok",
    "Option",
    "Params",
    "PartialEq",
    "Result",
    "Send",
    "Some",
    "String",
    "Sync",
    "Vec",
];

/// Module names the `operation` module holds besides one per action (`mod.rs` is its index;
/// `operation::operation` trips clippy's `module_inception`): no action's method may take them.
pub const OPERATION_MODULES: &[&str] = &["r#mod", "operation"];

/// Response fields every action's envelope holds; the runtime reads them, the types don't.
pub const ENVELOPE: &[&str] = &["RetCode", "Action", "Message"];

/// A whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct CratePlan {
    /// Actions, sorted by wire name.
    pub actions: Vec<ActionPlan>,
    /// Models and nested request objects, sorted by Rust name.
    pub structs: Vec<StructPlan>,
    /// String enums, sorted by Rust name.
    pub enums: Vec<EnumPlan>,
    /// Decoded structs keep undocumented fields in an `extra` map.
    pub extra: bool,
    /// A `renamed` warning for each name that was taken and so given another, in planning order.
    pub renamed: Vec<crate::diag::Diagnostic>,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPlan {
    /// Wire name (`ListPaidOrders`).
    pub wire: String,
    /// The client method (`list_paid_orders`).
    pub method: RustName,
    /// Prefix of the action's types (`ListPaidOrders` → `ListPaidOrdersRequest`).
    pub type_name: RustName,
    /// Doc lines (escaped).
    pub docs: Vec<String>,
    /// Safe to retry.
    pub idempotent: bool,
    /// How the docs say the request travels (a JSON body, GET allowed or not).
    pub transport: Transport,
    /// Top-level request params, nested ones grouped.
    pub request: Vec<FieldPlan>,
    /// Response fields, envelope removed.
    pub response: Vec<FieldPlan>,
    /// How to page through results, when the action pages.
    pub pagination: Option<Pagination>,
    /// `Region`, `Zone`, `ProjectId` as the action takes them: settings of the client with a
    /// per-call setter, never arguments.
    pub context: Vec<ContextParam>,
    /// The response keeps undocumented fields in an `extra` map.
    pub extra: bool,
    /// A `wait_for_*` method polling this action, when its items carry a documented state.
    pub waiter: Option<WaiterPlan>,
}

/// A waiter over a describe action: its items are structs with a string id the action
/// filters on and a state field with documented values (`UHostSet` items, `UHostIds`,
/// `State`).
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterPlan {
    /// The client method (`wait_for_uhost_instance`).
    pub method: RustName,
    /// What is waited for, in the docs' words (`UHostInstance`).
    pub resource: String,
    /// Rust name of the response list of items.
    pub items: RustName,
    /// Rust name of the item struct.
    pub item: RustName,
    /// Rust name of the request param that filters by id, and whether it is a list.
    pub id_param: RustName,
    pub id_param_list: bool,
    /// Rust name of the item's id field, and whether it is required (not an `Option`).
    pub id_field: RustName,
    pub id_required: bool,
    /// Rust name of the item's state field, its enum, and whether it is required.
    pub state_field: RustName,
    pub state_enum: RustName,
    pub state_required: bool,
    /// One of those fields is deprecated by the docs (the waiter uses it all the same).
    pub uses_deprecated: bool,
}

/// A struct: a model or a nested request object.
#[derive(Debug, Clone, PartialEq)]
pub struct StructPlan {
    /// Rust name.
    pub name: RustName,
    /// The name in the docs (the model name, or the wire path of a nested request object).
    pub wire: String,
    /// Doc lines (escaped).
    pub docs: Vec<String>,
    /// Fields in document order.
    pub fields: Vec<FieldPlan>,
    /// Sent in requests (needs encoding).
    pub in_request: bool,
    /// Received in responses (needs decoding).
    pub in_response: bool,
}

/// A string enum of documented values (its fields hold `OrUnknown<Enum>`, which keeps any other).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumPlan {
    /// Rust name.
    pub name: RustName,
    /// `(variant name, wire value)`, in documented order.
    pub variants: Vec<(RustName, String)>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// One field of a request, response or struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// The wire name of this member (a segment: `ResourceIds`, `Size`).
    pub wire: String,
    /// The Rust field name (`resource_ids`).
    pub rust: RustName,
    /// The Rust type, optionality aside.
    pub ty: RustType,
    /// Required by the docs.
    pub required: bool,
    /// Doc lines (escaped), wire name and constraints included.
    pub docs: Vec<String>,
    /// Deprecated by the docs.
    pub deprecated: bool,
    /// Stated constraints (for validation before sending).
    pub constraints: Constraints,
    /// A struct type that refers back to its owner directly, so it must be boxed.
    pub boxed: bool,
    /// For a top-level request param the docs require and give a default for: that default as
    /// a Rust literal. It is sent unless the caller sets another value (a setter, no argument).
    pub default: Option<String>,
}

/// Rust types the emitter writes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    /// `String`
    String,
    /// `i64`
    Int,
    /// `i64` holding Unix seconds (typed accessors).
    UnixSeconds,
    /// `f64`
    Float,
    /// `bool`
    Bool,
    /// An exact decimal (money).
    Money,
    /// A presigned download URL (redacted, with a download helper).
    DownloadUrl,
    /// A credential: `sdkgen_runtime::Secret`, redacted in `Debug` and `Display`.
    Secret,
    /// Any JSON value (`object`, `array` without an element type).
    Json,
    /// `Vec<T>`
    List(Box<RustType>),
    /// A generated struct, by Rust name.
    Struct(RustName),
    /// A generated enum, by Rust name.
    Enum(RustName),
}

/// How an action pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Page/PageSize or Offset/Limit.
    pub style: PageStyle,
    /// Rust name of the page-number or offset param.
    pub cursor: RustName,
    /// Rust name of the page-size or limit param.
    pub size: RustName,
    /// Rust name of the response list holding the items.
    pub items: RustName,
    /// Rust type of one item.
    pub item_type: RustType,
    /// Rust name of the response's total count, when the docs give one.
    pub total: Option<RustName>,
}

/// Pagination styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `Page` (from 1) and `PageSize`.
    Page,
    /// `Offset` (from 0) and `Limit`.
    Offset,
}

/// Plans a whole family, which validation has passed (no undefined model, every wire name
/// parsed, every setting usable).
pub fn plan(family: ValidFamily<'_>) -> CratePlan {
    let family = family.family();
    let mut planner = Planner {
        words: family.config.words.clone(),
        transport: family.config.transport.clone(),
        ..Planner::default()
    };
    let mut type_scope = names::Scope::with_reserved(TYPES_IN_USE, "a type the generated code uses");
    // Models first, in name order, so their Rust names do not depend on which action uses them.
    for model in family.models.values() {
        let base = names::camel(model.rust_name.as_deref().unwrap_or(&model.name));
        let what = format!("model `{}`", model.name);
        let rust = type_scope.claim_reported(&base, &what, model.loc.as_ref(), &mut planner.renamed);
        planner.model_names.insert(model.name.clone(), rust);
    }
    let mut methods =
        names::Scope::with_reserved(super::operation::CLIENT_METHODS, "a method the client defines")
            .reserve(OPERATION_MODULES, "a module of `operation`");
    let mut actions = Vec::new();
    for action in &family.actions {
        let base = action.rust_name.as_deref().unwrap_or(&action.name);
        let what = format!("action `{}`", action.name);
        let type_name =
            type_scope.claim_reported(&names::camel(base), &what, action.loc.as_ref(), &mut planner.renamed);
        let method = match &action.rust_name {
            Some(name) => names::snake(name),
            None => planner.snake(&action.name),
        };
        let what = format!("the method of action `{}`", action.name);
        let method = methods.claim_reported(&method, &what, action.loc.as_ref(), &mut planner.renamed);
        let action = with_common_params(action, &family.config.common_params);
        let mut planned = planner.action(&action, type_name, method, &mut type_scope);
        planned.extra = family.config.extra_fields;
        actions.push(planned);
    }
    for model in family.models.values() {
        let rust = planner.model_names[&model.name].clone();
        let fields = planner.fields(&model.fields, &rust);
        planner.structs.insert(
            rust.clone(),
            StructPlan {
                name: rust,
                wire: model.name.clone(),
                docs: docs::lines(
                    &model.description,
                    &format!("The {} data model.", docs::code(&model.name)),
                    &[],
                ),
                fields,
                in_request: false,
                in_response: false,
            },
        );
    }
    planner.mark_usage(&actions);
    planner.drop_unused(&actions);
    planner.optional_cycles(&crate::ir::cycles::required_cycle_fields(&family.models));
    planner.mark_boxes();
    for action in &mut actions {
        let words = &planner.words;
        let snake = |wire: &str| names::snake(&names::whole_words(wire, words));
        action.waiter = waiter(action, &planner.structs, &mut methods, &snake, &mut planner.renamed);
    }
    CratePlan {
        actions,
        structs: planner.structs.into_values().collect(),
        enums: planner.enums.into_values().collect(),
        extra: family.config.extra_fields,
        renamed: planner.renamed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Family, FamilyConfig, Model, Signing, Transport};

    fn field(name: &str, ty: Type, required: bool) -> Field {
        Field { required, ..Field::new(name, ty) }
    }

    fn family(actions: Vec<Action>, models: Vec<Model>) -> Family {
        Family {
            config: FamilyConfig {
                name: "t".into(),
                crate_name: "t".into(),
                title: String::new(),
                endpoint: None,
                env_prefix: "T".into(),
                common_params: vec![],
                signing: Signing::default(),
                transport: Transport::default(),
                money_fields: vec![],
                words: vec![],
                extra_fields: false,
                fake: None,
            },
            actions,
            models: models.into_iter().map(|m| (m.name.clone(), m)).collect(),
        }
    }

    fn valid(family: &Family) -> ValidFamily<'_> {
        ValidFamily::new(family).expect("a valid family")
    }

    fn action(name: &str, params: Vec<Field>, response: Vec<Field>) -> Action {
        Action::new(name, params, response)
    }

    fn model(name: &str, fields: Vec<Field>) -> Model {
        Model::new(name, fields)
    }

    #[test]
    fn plural_stripping_never_makes_a_non_word() {
        for (plural, one) in
            [("Disks", "Disk"), ("Rules", "Rule"), ("ProductCodes", "ProductCode"), ("Ids", "Id")]
        {
            assert_eq!(singular(plural), one);
        }
        for kept in
            ["Currencies", "Addresses", "Boxes", "Statuses", "Status", "Address", "Analysis", "Switches"]
        {
            assert_eq!(singular(kept), kept);
        }
    }

    #[test]
    fn a_family_s_words_stay_whole_in_methods_and_fields() {
        let mut fam = family(
            vec![action(
                "CreateUDisk",
                vec![field("UHostId", Type::String, true), field("UK8SClusterId", Type::String, false)],
                vec![field("UDiskId", Type::String, false)],
            )],
            vec![],
        );
        fam.config.words = vec!["UK8S".into()];
        let p = plan(valid(&fam));
        let a = &p.actions[0];
        assert_eq!(a.method, "create_udisk");
        let request: Vec<&str> = a.request.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(request, ["uhost_id", "uk8s_cluster_id"]);
        assert_eq!(a.response[0].rust, "udisk_id");
    }

    #[test]
    fn a_required_param_with_a_default_is_sent_with_it_and_is_no_argument() {
        let with_default = |name: &str, ty: Type, required: bool, default: &str| {
            let mut f = field(name, ty, required);
            f.constraints.default = Some(default.into());
            f
        };
        let mut kind = with_default("Kind", Type::String, true, "b");
        kind.constraints.enum_values = vec!["a".into(), "b".into()];
        let mut stray = with_default("Mode", Type::String, true, "z");
        stray.constraints.enum_values = vec!["x".into()];
        let f = family(
            vec![action(
                "ListThings",
                vec![
                    with_default("Page", Type::Int, true, "1"),
                    with_default("Ratio", Type::Float, true, "0.5"),
                    with_default("Limit", Type::Int, false, "20"),
                    with_default("Size", Type::Int, true, "auto"),
                    kind,
                    stray,
                    field("Id", Type::String, true),
                ],
                vec![],
            )],
            vec![],
        );
        let plan = plan(valid(&f));
        let a = &plan.actions[0];
        let default = |rust: &str| a.request.iter().find(|p| p.rust == rust).unwrap().default.clone();
        assert_eq!(default("page").as_deref(), Some("1"));
        assert_eq!(default("ratio").as_deref(), Some("0.5"));
        assert_eq!(default("kind").as_deref(), Some("\"b\""));
        assert_eq!(default("limit"), None, "optional: the server's default applies, nothing sent");
        assert_eq!(default("size"), None, "a default that is not an int stays documentation");
        assert_eq!(default("mode"), None, "a default outside the documented values");
        let args: Vec<&str> =
            super::super::operation::required_args(a).iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(args, ["size", "mode", "id"]);
        let text = super::super::operation::action_text(a);
        assert!(text.contains("defaulted page: i64 = \"Page\" default 1;"), "{text}");
    }

    #[test]
    fn nested_request_params_become_structs() {
        let f = family(
            vec![action(
                "CreateInstance",
                vec![
                    field("Disks.N.Size", Type::Int, true),
                    field("Disks.N.Type", Type::String, false),
                    field("Tags.N", Type::String, false),
                    field("Network.VpcId", Type::String, false),
                ],
                vec![],
            )],
            vec![],
        );
        let plan = plan(valid(&f));
        let req = &plan.actions[0].request;
        assert_eq!(req.len(), 3);
        assert_eq!(req[0].rust, "disks");
        assert_eq!(
            req[0].ty,
            RustType::List(Box::new(RustType::Struct(names::camel("CreateInstanceDisks"))))
        );
        assert!(req[0].required);
        assert_eq!(req[1].ty, RustType::List(Box::new(RustType::String)));
        assert_eq!(req[2].ty, RustType::Struct(names::camel("CreateInstanceNetwork")));
        let disks = plan.structs.iter().find(|s| s.name == "CreateInstanceDisks").unwrap();
        assert_eq!(disks.fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["Size", "Type"]);
        assert!(disks.in_request && !disks.in_response);
    }

    #[test]
    fn pagination_money_enums_and_envelope() {
        let mut price = field("ListPrice", Type::String, false);
        price.format = Some(Format::Money);
        let mut codes = field("ProductCodes.N", Type::String, false);
        codes.constraints.enum_values = vec!["modelverse".into(), "sandbox".into()];
        let f = family(
            vec![action(
                "ListPaidOrders",
                vec![field("Page", Type::Int, true), field("PageSize", Type::Int, true), codes],
                vec![
                    field("RetCode", Type::Int, true),
                    field("Total", Type::Int, false),
                    field("Orders", Type::List(Box::new(Type::Model("OrderItemDetail".into()))), false),
                ],
            )],
            vec![model("OrderItemDetail", vec![price])],
        );
        let plan = plan(valid(&f));
        let a = &plan.actions[0];
        assert_eq!(a.method, "list_paid_orders");
        assert_eq!(a.response.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["Total", "Orders"]);
        let p = a.pagination.as_ref().unwrap();
        assert_eq!(
            (p.style, p.cursor.as_str(), p.size.as_str(), p.items.as_str()),
            (PageStyle::Page, "page", "page_size", "orders")
        );
        assert_eq!(p.total.as_deref(), Some("total"));
        assert_eq!(plan.enums[0].name, "ProductCode");
        assert_eq!(plan.enums[0].variants[0], (names::camel("Modelverse"), "modelverse".to_string()));
        assert_eq!(a.request[2].ty, RustType::List(Box::new(RustType::Enum(names::camel("ProductCode")))));
        let order = &plan.structs[0];
        assert_eq!(order.fields[0].ty, RustType::Money);
        assert!(order.in_response && !order.in_request);
    }

    #[test]
    fn recursive_models_are_boxed_and_lists_are_not() {
        let f = family(
            vec![action("GetTree", vec![], vec![field("Root", Type::Model("Node".into()), false)])],
            vec![model(
                "Node",
                vec![
                    field("Parent", Type::Model("Node".into()), false),
                    field("Children", Type::List(Box::new(Type::Model("Node".into()))), false),
                ],
            )],
        );
        let plan = plan(valid(&f));
        let node = &plan.structs[0];
        assert!(node.fields[0].boxed);
        assert!(!node.fields[1].boxed);
    }

    #[test]
    fn a_model_no_field_holds_is_left_out_with_the_enums_only_it_holds() {
        let mut kind = field("Kind", Type::String, false);
        kind.constraints.enum_values = vec!["a".into(), "b".into()];
        let mut state = field("State", Type::String, false);
        state.constraints.enum_values = vec!["on".into(), "off".into()];
        let f = family(
            vec![action("Get", vec![], vec![field("Item", Type::Model("Item".into()), false)])],
            vec![model("Item", vec![state.clone()]), model("Orphan", vec![kind, state])],
        );
        let plan = plan(valid(&f));
        let structs: Vec<&str> = plan.structs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(structs, ["Item"]);
        let enums: Vec<&str> = plan.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(enums, ["State"], "`State` is also held by `Item`; `Kind` only by the orphan");
    }

    #[test]
    fn colliding_names_are_numbered() {
        let f = family(
            vec![action(
                "Get",
                vec![field("IPSet", Type::String, false), field("IpSet", Type::String, false)],
                vec![],
            )],
            vec![],
        );
        let plan = plan(valid(&f));
        let names: Vec<&str> = plan.actions[0].request.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(names, ["ip_set", "ip_set_2"]);
    }
}
