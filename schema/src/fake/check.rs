//! Checking a `fake:` section against an API's names.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::names::{ActionNames, ApiNames, Holds};
use super::parse::parse;
use super::{FakeSection, ListRule, Problem, ProblemKind};

/// Reads a `fake:` section (the JSON the IR keeps) and checks every name it uses against
/// `api`: actions, their params (common params included) and response fields, the items
/// models of list actions, the lists that sums and exports draw from.
///
/// Returns the section when nothing is wrong, else every problem found (not just the
/// first), each with its key path inside `fake:` and the names that would be valid there.
/// Where the section does not read (an unknown key, a value of the wrong kind) that is a
/// problem too; the entries that do read are still checked.
///
/// ```
/// use sdkgen_schema::fake::{check, ApiNames, Holds, ProblemKind, ResponseField};
///
/// let mut api = ApiNames::new();
/// let orders = ResponseField { name: "Orders", holds: Holds::ListOf("Order") };
/// api.add_action("ListPaidOrders", ["Page", "PageSize"], [orders]);
/// api.add_model("Order", ["OrderNo", "Region"]);
///
/// let fake = serde_json::json!({ "lists": { "ListPaidOrder": { "items": "Orders", "count": 10 } } });
/// let problems = check(&fake, &api).unwrap_err();
/// assert_eq!(problems[0].kind, ProblemKind::UnknownAction);
/// assert_eq!(problems[0].path, ["lists", "ListPaidOrder"]);
/// assert!(problems[0].candidates.contains(&"ListPaidOrders".to_string()));
/// ```
pub fn check(fake: &Value, api: &ApiNames<'_>) -> Result<FakeSection, Vec<Problem>> {
    let parsed = parse(fake);
    let mut checker =
        Checker { api, fake: &parsed.section, broken: &parsed.broken_lists, problems: parsed.problems };
    checker.fields();
    checker.lists();
    checker.sums();
    checker.exports();
    if checker.problems.is_empty() {
        Ok(parsed.section)
    } else {
        Err(checker.problems)
    }
}

struct Checker<'c, 'a> {
    api: &'c ApiNames<'a>,
    fake: &'c FakeSection,
    /// Lists whose entries do not read (already a problem): naming them is not another one.
    broken: &'c BTreeSet<String>,
    problems: Vec<Problem>,
}

/// A path inside `fake:`.
fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

/// Candidate names, without those the map already uses (suggesting one would make a duplicate).
fn others<'n>(names: impl IntoIterator<Item = &'n str>, taken: &BTreeSet<&str>) -> Vec<String> {
    let set: BTreeSet<&str> = names.into_iter().filter(|n| !taken.contains(n)).collect();
    set.into_iter().map(str::to_owned).collect()
}

fn keys<V>(map: &BTreeMap<String, V>) -> BTreeSet<&str> {
    map.keys().map(String::as_str).collect()
}

/// What a message says when none of `models` has `field`.
fn no_field(models: &[&str], field: &str) -> String {
    match models {
        [one] => format!("`{one}` has no field `{field}`"),
        many => {
            let names: Vec<String> = many.iter().map(|m| format!("`{m}`")).collect();
            format!("none of {} has a field `{field}`", names.join(", "))
        }
    }
}

impl<'c, 'a> Checker<'c, 'a> {
    fn push(
        &mut self,
        kind: ProblemKind,
        at: Vec<String>,
        value: Option<&str>,
        message: String,
        candidates: Vec<String>,
    ) {
        self.problems.push(Problem { kind, path: at, value: value.map(str::to_owned), message, candidates });
    }

    /// The action an entry of `section` is keyed by, or a problem.
    fn action(&mut self, section: &str, name: &str, taken: &BTreeSet<&str>) -> Option<&'c ActionNames<'a>> {
        let api = self.api;
        if let Some(action) = api.actions.get(name) {
            return Some(action);
        }
        let candidates = others(api.actions.keys().copied(), taken);
        self.push(
            ProblemKind::UnknownAction,
            path(&[section, name]),
            None,
            format!("there is no action `{name}`"),
            candidates,
        );
        None
    }

    /// A param of `action` named at `at` (in the value when `in_value`, else by the key).
    fn param(&mut self, action: (&str, &ActionNames<'_>), at: &[&str], param: &str, in_value: bool) {
        let (name, decl) = action;
        if decl.has_param(param) {
            return;
        }
        let taken = BTreeSet::new();
        self.push(
            ProblemKind::UnknownParam,
            path(at),
            in_value.then_some(param),
            format!("`{name}` has no param `{param}`"),
            others(decl.params.iter().copied(), &taken),
        );
    }

    /// A field of one of `models` named in the value at `at`.
    fn model_field(&mut self, models: &[&str], at: &[&str], field: &str) {
        let fields: Vec<&str> =
            models.iter().filter_map(|m| self.api.models.get(m)).flatten().copied().collect();
        if models.is_empty() || fields.contains(&field) {
            return;
        }
        self.push(
            ProblemKind::UnknownField,
            path(at),
            Some(field),
            no_field(models, field),
            others(fields, &BTreeSet::new()),
        );
    }

    /// The items model of a declared list, when it and its items field are declared well.
    fn list_model(&self, list: &str) -> Option<&'a str> {
        let rule = self.fake.lists.get(list)?;
        self.api.items_model(list, &rule.items)
    }

    /// Lists named in the value at `at` must be declared under `fake.lists`.
    fn sources(&mut self, at: &[&str], sources: &[String]) {
        for source in sources {
            if self.fake.lists.contains_key(source) || self.broken.contains(source) {
                continue;
            }
            // A real action is meant as written, just not declared: nothing else to suggest. A
            // typo may mean a declared list of a real action (one keyed by a typo is a problem
            // of its own already).
            let declared = self.fake.lists.keys().chain(self.broken).map(String::as_str);
            let declared = declared.filter(|list| self.api.actions.contains_key(list));
            let candidates = if self.api.actions.contains_key(source.as_str()) {
                Vec::new()
            } else {
                others(declared, &BTreeSet::new())
            };
            self.push(
                ProblemKind::UnknownList,
                path(at),
                Some(source),
                format!("`{source}` is not declared under `fake.lists`"),
                candidates,
            );
        }
    }

    /// `fields:`: each rule names a field some model or response has; `sum_of` names its siblings.
    fn fields(&mut self) {
        let api = self.api;
        let response = api.actions.values().flat_map(|a| a.response.iter().map(|f| f.name));
        let holders: Vec<&[&str]> = api.models.values().map(Vec::as_slice).collect();
        let everywhere: BTreeSet<&str> =
            holders.iter().flat_map(|f| f.iter().copied()).chain(response).collect();
        let fake = self.fake;
        let taken = keys(&fake.fields);
        for (field, rule) in &fake.fields {
            if !everywhere.contains(field.as_str()) {
                self.push(
                    ProblemKind::UnknownField,
                    path(&["fields", field]),
                    None,
                    format!("no data model or response has a field `{field}`"),
                    others(everywhere.iter().copied(), &taken),
                );
                continue;
            }
            let Some(parts) = &rule.sum_of else { continue };
            let responses =
                api.actions.values().map(|a| a.response.iter().map(|f| f.name).collect::<Vec<_>>());
            let siblings: BTreeSet<&str> = holders
                .iter()
                .map(|f| f.to_vec())
                .chain(responses)
                .filter(|fields| fields.contains(&field.as_str()))
                .flatten()
                .filter(|f| *f != field)
                .collect();
            for part in parts.iter().filter(|p| !siblings.contains(p.as_str())) {
                self.push(
                    ProblemKind::UnknownField,
                    path(&["fields", field, "sum_of"]),
                    Some(part),
                    format!("no model or response with `{field}` has a field `{part}`"),
                    others(siblings.iter().copied(), &BTreeSet::new()),
                );
            }
        }
    }

    /// `lists:`: the action, its items field (a list of a model), the range, filters and paging.
    fn lists(&mut self) {
        let fake = self.fake;
        let taken = keys(&fake.lists);
        for (name, rule) in &fake.lists {
            let Some(action) = self.action("lists", name, &taken) else { continue };
            self.list(name, action, rule);
        }
    }

    fn list(&mut self, name: &str, action: &ActionNames<'_>, rule: &ListRule) {
        let api = self.api;
        let items = rule.items.as_str();
        let model = match action.field(items).map(|f| f.holds) {
            Some(Holds::ListOf(model)) if api.models.contains_key(model) => Some(model),
            Some(Holds::ListOf(model)) => {
                let message = format!("`{items}` is a list of `{model}`, a model that is not defined");
                self.push(
                    ProblemKind::WrongType,
                    path(&["lists", name, "items"]),
                    Some(items),
                    message,
                    vec![],
                );
                None
            }
            Some(_) => {
                let lists = action.response.iter().filter(|f| matches!(f.holds, Holds::ListOf(_)));
                let candidates = others(lists.map(|f| f.name), &BTreeSet::new());
                let message = format!("`{items}` is not a list of a data model, so it cannot hold the items");
                self.push(
                    ProblemKind::WrongType,
                    path(&["lists", name, "items"]),
                    Some(items),
                    message,
                    candidates,
                );
                None
            }
            None => {
                let candidates = others(action.response.iter().map(|f| f.name), &BTreeSet::new());
                let message = format!("`{name}` has no response field `{items}`");
                self.push(
                    ProblemKind::UnknownField,
                    path(&["lists", name, "items"]),
                    Some(items),
                    message,
                    candidates,
                );
                None
            }
        };
        let models: Vec<&str> = model.into_iter().collect();
        if let Some(range) = &rule.range {
            self.model_field(&models, &["lists", name, "range", "field"], &range.field);
            self.param((name, action), &["lists", name, "range", "start"], &range.start, true);
            self.param((name, action), &["lists", name, "range", "end"], &range.end, true);
        }
        for (param, field) in &rule.filters {
            self.param((name, action), &["lists", name, "filters", param], param, false);
            self.model_field(&models, &["lists", name, "filters", param], field);
        }
        if let Some(paging) = &rule.paging {
            let params = [("page", &paging.page), ("size", &paging.size), ("offset", &paging.offset)];
            for (key, param) in params.into_iter().chain([("limit", &paging.limit)]) {
                if let Some(param) = param {
                    self.param((name, action), &["lists", name, "paging", key], param, true);
                }
            }
            if let Some(total) = paging.total.as_deref().filter(|t| action.field(t).is_none()) {
                let candidates = others(action.response.iter().map(|f| f.name), &BTreeSet::new());
                let message = format!("`{name}` has no response field `{total}`");
                self.push(
                    ProblemKind::UnknownField,
                    path(&["lists", name, "paging", "total"]),
                    Some(total),
                    message,
                    candidates,
                );
            }
            let pages = paging.page.is_some() || paging.size.is_some();
            if pages && (paging.offset.is_some() || paging.limit.is_some()) {
                let message = "give `page` and `size`, or `offset` and `limit`, not both".to_owned();
                self.push(ProblemKind::Invalid, path(&["lists", name, "paging"]), None, message, vec![]);
            }
        }
    }

    /// `sums:`: the action, its sources, extra filters and computed response fields.
    fn sums(&mut self) {
        let fake = self.fake;
        let taken = keys(&fake.sums);
        for (name, rule) in &fake.sums {
            let action = self.action("sums", name, &taken);
            self.sources(&["sums", name, "from"], &rule.from);
            let every: BTreeSet<&str> = rule
                .from
                .iter()
                .chain(rule.fields.values().filter_map(|f| f.from.as_ref()).flatten())
                .map(String::as_str)
                .collect();
            let models: Vec<&str> = every
                .iter()
                .filter_map(|s| self.list_model(s))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            for (param, field) in &rule.filters {
                if let Some(action) = action {
                    self.param((name, action), &["sums", name, "filters", param], param, false);
                }
                self.model_field(&models, &["sums", name, "filters", param], field);
            }
            let taken_fields = keys(&rule.fields);
            for (field, sum) in &rule.fields {
                if let Some(action) = action.filter(|a| a.field(field).is_none()) {
                    let candidates = others(action.response.iter().map(|f| f.name), &taken_fields);
                    let message = format!("`{name}` has no response field `{field}`");
                    self.push(
                        ProblemKind::UnknownField,
                        path(&["sums", name, "fields", field]),
                        None,
                        message,
                        candidates,
                    );
                }
                if sum.count == sum.sum.is_some() {
                    let message = "give exactly one of `sum: FIELD` or `count: true`".to_owned();
                    self.push(
                        ProblemKind::Invalid,
                        path(&["sums", name, "fields", field]),
                        None,
                        message,
                        vec![],
                    );
                }
                if let Some(from) = &sum.from {
                    self.sources(&["sums", name, "fields", field, "from"], from);
                }
                if let Some(summed) = &sum.sum {
                    let from = sum.from.as_ref().unwrap_or(&rule.from);
                    let models: Vec<&str> = from
                        .iter()
                        .filter_map(|s| self.list_model(s))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    self.model_field(&models, &["sums", name, "fields", field, "sum"], summed);
                }
            }
        }
    }

    /// `exports:`: the action, its source list, and the fields that receive the file.
    fn exports(&mut self) {
        let api = self.api;
        let fake = self.fake;
        let taken = keys(&fake.exports);
        for (name, rule) in &fake.exports {
            let action = self.action("exports", name, &taken);
            self.sources(&["exports", name, "from"], std::slice::from_ref(&rule.from));
            let Some(action) = action else { continue };
            // Where the URL, name and size go: a model's fields, or the response's own.
            let (owner, fields): (String, Vec<&str>) = match rule.into.as_deref() {
                None => (
                    format!("`{name}` has no response field"),
                    action.response.iter().map(|f| f.name).collect(),
                ),
                Some(into) => match action.field(into).map(|f| f.holds) {
                    Some(Holds::Model(model)) if api.models.contains_key(model) => {
                        (format!("`{model}` has no field"), api.models[model].clone())
                    }
                    Some(_) => {
                        let models = action.response.iter().filter(|f| matches!(f.holds, Holds::Model(_)));
                        let candidates = others(models.map(|f| f.name), &BTreeSet::new());
                        let message =
                            format!("`{into}` is not a data model, so it cannot hold the file's fields");
                        self.push(
                            ProblemKind::WrongType,
                            path(&["exports", name, "into"]),
                            Some(into),
                            message,
                            candidates,
                        );
                        continue;
                    }
                    None => {
                        let candidates = others(action.response.iter().map(|f| f.name), &BTreeSet::new());
                        let message = format!("`{name}` has no response field `{into}`");
                        self.push(
                            ProblemKind::UnknownField,
                            path(&["exports", name, "into"]),
                            Some(into),
                            message,
                            candidates,
                        );
                        continue;
                    }
                },
            };
            let targets =
                [("url", Some(&rule.url)), ("name", rule.name.as_ref()), ("size", rule.size.as_ref())];
            for (key, field) in targets {
                let Some(field) = field.filter(|f| !fields.contains(&f.as_str())) else { continue };
                let candidates = others(fields.iter().copied(), &BTreeSet::new());
                let message = format!("{owner} `{field}`");
                self.push(
                    ProblemKind::UnknownField,
                    path(&["exports", name, key]),
                    Some(field),
                    message,
                    candidates,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ResponseField;
    use super::*;
    use serde_json::json;

    fn field(name: &str) -> ResponseField<'_> {
        ResponseField { name, holds: Holds::Value }
    }

    /// A small billing-like API: two lists, a sum and an export.
    fn api() -> ApiNames<'static> {
        let mut api = ApiNames::new();
        let common = ["Region", "ProjectId"];
        let list_params = ["StartTime", "EndTime", "Page", "PageSize", "Regions.N"];
        let orders = |model| ResponseField { name: "Orders", holds: Holds::ListOf(model) };
        api.add_action(
            "ListPaidOrders",
            list_params.into_iter().chain(["OrganizationIds.N"]).chain(common),
            [field("RetCode"), field("Total"), orders("OrderItemDetail")],
        );
        api.add_action(
            "ListUnpaidOrders",
            list_params.into_iter().chain(common),
            [field("RetCode"), orders("UnpaidOrderItem")],
        );
        api.add_action(
            "GetOrderAmount",
            ["StartTime", "EndTime", "OrganizationIds.N"].into_iter().chain(common),
            ["RetCode", "TotalOrderAmount", "PaidAmount", "OrderCount", "UnpaidCount"].map(field),
        );
        let data = ResponseField { name: "Data", holds: Holds::Model("DownloadFileData") };
        api.add_action("DownloadListPaidOrders", ["StartTime", "EndTime"], [field("RetCode"), data]);
        api.add_model(
            "OrderItemDetail",
            ["OrderNo", "Region", "StartTime", "OrderTotalPrice", "CashAccount"],
        );
        api.add_model("UnpaidOrderItem", ["OrderNo", "Region", "StartTime", "OrderTotalPrice"]);
        api.add_model("DownloadFileData", ["DownloadURL", "FileName", "FileSize"]);
        api
    }

    fn good() -> Value {
        json!({
            "history_days": 30,
            "fields": {
                "OrderNo": { "unique": "ORD" },
                "OrderTotalPrice": { "sum_of": ["CashAccount"] },
            },
            "lists": {
                "ListPaidOrders": {
                    "items": "Orders", "count": 100,
                    "range": { "field": "StartTime", "start": "StartTime", "end": "EndTime" },
                    "filters": { "Regions.N": "Region" },
                    "paging": { "page": "Page", "first": 1, "size": "PageSize", "total": "Total" },
                },
                "ListUnpaidOrders": { "items": "Orders", "count": 10 },
            },
            "sums": {
                "GetOrderAmount": {
                    "from": ["ListPaidOrders", "ListUnpaidOrders"],
                    "filters": { "OrganizationIds.N": "Region" },
                    "fields": {
                        "TotalOrderAmount": { "sum": "OrderTotalPrice" },
                        "PaidAmount": { "sum": "CashAccount", "from": ["ListPaidOrders"] },
                        "OrderCount": { "count": true },
                        "UnpaidCount": { "count": true, "from": ["ListUnpaidOrders"] },
                    },
                },
            },
            "exports": {
                "DownloadListPaidOrders": {
                    "from": "ListPaidOrders", "into": "Data",
                    "url": "DownloadURL", "name": "FileName", "size": "FileSize",
                },
            },
        })
    }

    /// `good()` with `edit` applied at a JSON pointer.
    fn with(edits: &[(&str, Value)]) -> Value {
        let mut v = good();
        for (pointer, value) in edits {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let slot = v.pointer_mut(parent).unwrap().as_object_mut().unwrap();
            if value.is_null() {
                slot.remove(key);
            } else {
                slot.insert(key.to_owned(), value.clone());
            }
        }
        v
    }

    fn problems(fake: Value) -> Vec<Problem> {
        check(&fake, &api()).expect_err("problems")
    }

    fn one(fake: Value) -> Problem {
        let mut all = problems(fake);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    #[test]
    fn a_section_that_matches_the_api_reads() {
        let section = check(&good(), &api()).expect("no problems");
        assert_eq!(section.lists["ListPaidOrders"].count, 100);
        assert_eq!(section.history_days, Some(30));
        assert_eq!(check(&json!({}), &ApiNames::new()), Ok(FakeSection::default()));
    }

    #[test]
    fn a_typo_in_a_list_action_is_found_with_the_name_it_meant() {
        let mut fake = good();
        let lists = fake["lists"].as_object_mut().unwrap();
        let rule = lists.remove("ListPaidOrders").unwrap();
        lists.insert("ListPaidOrder".into(), rule);
        // The sum and the export still name `ListPaidOrders`: not declared any more.
        let all = problems(fake);
        let p = &all[0];
        assert_eq!(
            (p.kind, p.path.clone(), p.value.clone()),
            (ProblemKind::UnknownAction, path(&["lists", "ListPaidOrder"]), None)
        );
        assert_eq!(p.name(), "ListPaidOrder");
        assert!(p.candidates.contains(&"ListPaidOrders".to_owned()), "{:?}", p.candidates);
        // A list already declared is not offered: suggesting it would make a duplicate.
        assert!(!p.candidates.contains(&"ListUnpaidOrders".to_owned()));
        assert_eq!(p.to_string(), "fake.lists.ListPaidOrder: there is no action `ListPaidOrder`");
        // `ListPaidOrders` is an action, just not declared: no other list is offered for it.
        assert!(all.iter().filter(|p| p.kind == ProblemKind::UnknownList).all(|p| p.candidates.is_empty()));
        let unknown_lists: Vec<_> =
            all.iter().filter(|p| p.kind == ProblemKind::UnknownList).map(|p| p.dotted_path()).collect();
        assert_eq!(
            unknown_lists,
            [
                "fake.sums.GetOrderAmount.from",
                "fake.sums.GetOrderAmount.fields.PaidAmount.from",
                "fake.exports.DownloadListPaidOrders.from"
            ]
        );
    }

    #[test]
    fn a_sum_of_a_response_field_the_docs_removed_is_found() {
        let p = one(with(&[("/sums/GetOrderAmount/fields/PaidCount", json!({ "count": true }))]));
        assert_eq!(p.kind, ProblemKind::UnknownField);
        assert_eq!(p.path, ["sums", "GetOrderAmount", "fields", "PaidCount"]);
        assert_eq!(p.value, None);
        assert_eq!(p.message, "`GetOrderAmount` has no response field `PaidCount`");
        // `UnpaidCount` is close, but already computed: not a suggestion.
        assert!(!p.candidates.contains(&"UnpaidCount".to_owned()), "{:?}", p.candidates);
    }

    #[test]
    fn params_are_checked_in_filters_ranges_and_paging() {
        let p = one(with(&[("/lists/ListUnpaidOrders/filters", json!({ "OrganizationIds.N": "Region" }))]));
        assert_eq!(
            (p.kind, p.path.join("/")),
            (ProblemKind::UnknownParam, "lists/ListUnpaidOrders/filters/OrganizationIds.N".to_owned())
        );
        assert_eq!(p.value, None);
        assert_eq!(p.message, "`ListUnpaidOrders` has no param `OrganizationIds.N`");
        // Common params count as the action's.
        assert!(check(&with(&[("/lists/ListUnpaidOrders/filters", json!({ "Region": "Region" }))]), &api())
            .is_ok());
        let p = one(with(&[("/lists/ListPaidOrders/range/end", json!("EndTim"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownParam, Some("EndTim")));
        assert_eq!(p.path, ["lists", "ListPaidOrders", "range", "end"]);
        assert!(p.candidates.contains(&"EndTime".to_owned()));
        let p = one(with(&[("/lists/ListPaidOrders/paging/size", json!("Size"))]));
        assert_eq!((p.kind, p.path.last().unwrap().as_str()), (ProblemKind::UnknownParam, "size"));
        let p = one(with(&[("/sums/GetOrderAmount/filters", json!({ "Regions.N": "Region" }))]));
        assert_eq!((p.kind, p.path.last().unwrap().as_str()), (ProblemKind::UnknownParam, "Regions.N"));
    }

    #[test]
    fn item_fields_are_checked_against_the_items_models() {
        let p = one(with(&[("/lists/ListPaidOrders/filters/Regions.N", json!("Regoin"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("Regoin")));
        assert_eq!(p.message, "`OrderItemDetail` has no field `Regoin`");
        assert!(p.candidates.contains(&"Region".to_owned()));
        let p = one(with(&[("/lists/ListPaidOrders/range/field", json!("PaidTime"))]));
        assert_eq!(p.path, ["lists", "ListPaidOrders", "range", "field"]);
        // A sum over both lists needs the field in one of their models; CashAccount is in one.
        let p = one(with(&[("/sums/GetOrderAmount/fields/TotalOrderAmount/sum", json!("Coupon"))]));
        assert_eq!(p.message, "none of `OrderItemDetail`, `UnpaidOrderItem` has a field `Coupon`");
        let p = one(with(&[("/sums/GetOrderAmount/filters/OrganizationIds.N", json!("OrgID"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("OrgID")));
    }

    #[test]
    fn items_must_be_a_list_of_a_model() {
        let p = one(with(&[("/lists/ListPaidOrders/items", json!("Total"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::WrongType, Some("Total")));
        assert_eq!(p.candidates, ["Orders"]);
        let p = one(with(&[("/lists/ListPaidOrders/items", json!("Order"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("Order")));
        // Without its items model the list's field names cannot be checked: one problem, not four.
        assert_eq!(p.path, ["lists", "ListPaidOrders", "items"]);
    }

    #[test]
    fn sums_give_one_of_sum_or_count_and_name_declared_lists() {
        let p = one(with(&[(
            "/sums/GetOrderAmount/fields/OrderCount",
            json!({ "count": true, "sum": "OrderTotalPrice" }),
        )]));
        assert_eq!(
            (p.kind, p.path.join("/")),
            (ProblemKind::Invalid, "sums/GetOrderAmount/fields/OrderCount".to_owned())
        );
        let p = one(with(&[("/sums/GetOrderAmount/fields/OrderCount", json!({}))]));
        assert_eq!(p.kind, ProblemKind::Invalid);
        let p = one(with(&[("/sums/GetOrderAmount/from", json!(["ListPaidOrders", "ListUnpaidOrder"]))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownList, Some("ListUnpaidOrder")));
        assert!(p.candidates.contains(&"ListUnpaidOrders".to_owned()));
    }

    #[test]
    fn exports_name_fields_of_the_model_they_fill() {
        let p = one(with(&[("/exports/DownloadListPaidOrders/url", json!("DownloadUrl"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("DownloadUrl")));
        assert_eq!(p.message, "`DownloadFileData` has no field `DownloadUrl`");
        let p = one(with(&[("/exports/DownloadListPaidOrders/into", json!("RetCode"))]));
        assert_eq!((p.kind, p.candidates.clone()), (ProblemKind::WrongType, vec!["Data".to_owned()]));
        // Without `into`, the fields are the response's own.
        let all = problems(with(&[("/exports/DownloadListPaidOrders/into", Value::Null)]));
        assert_eq!(all.len(), 3, "url, name and size: {all:#?}");
        assert_eq!(all[0].message, "`DownloadListPaidOrders` has no response field `DownloadURL`");
    }

    #[test]
    fn field_rules_name_fields_the_api_has() {
        let p = one(with(&[("/fields/OrderNumber", json!({ "unique": "O" }))]));
        assert_eq!(
            (p.kind, p.path.join("/"), p.value),
            (ProblemKind::UnknownField, "fields/OrderNumber".to_owned(), None)
        );
        let p = one(with(&[("/fields/OrderTotalPrice", json!({ "sum_of": ["CashAccount", "Cupon"] }))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("Cupon")));
        assert!(!p.candidates.contains(&"OrderTotalPrice".to_owned()));
    }

    #[test]
    fn paging_and_total_are_checked() {
        let p = one(with(&[("/lists/ListPaidOrders/paging/total", json!("TotalCount"))]));
        assert_eq!((p.kind, p.value.as_deref()), (ProblemKind::UnknownField, Some("TotalCount")));
        let p = one(with(&[("/lists/ListPaidOrders/paging/limit", json!("PageSize"))]));
        assert_eq!(
            (p.kind, p.path.join("/")),
            (ProblemKind::Invalid, "lists/ListPaidOrders/paging".to_owned())
        );
    }

    #[test]
    fn every_problem_is_returned_and_broken_entries_do_not_cascade() {
        let all = problems(with(&[
            ("/seed", json!(7)),
            ("/lists/ListUnpaidOrders/count", json!("lots")),
            ("/lists/ListPaidOrders/filters/Regions.N", json!("Regoin")),
            ("/exports/DownloadListPaidOrders/size", json!("Size")),
        ]));
        let got: Vec<_> = all.iter().map(|p| (p.kind, p.dotted_path())).collect();
        assert_eq!(
            got,
            [
                (ProblemKind::Invalid, "fake.lists.ListUnpaidOrders.count".to_owned()),
                (ProblemKind::UnknownKey, "fake.seed".to_owned()),
                (ProblemKind::UnknownField, "fake.lists.ListPaidOrders.filters.Regions.N".to_owned()),
                (ProblemKind::UnknownField, "fake.exports.DownloadListPaidOrders.size".to_owned()),
            ]
        );
        // `seed` is not a key of `fake:` (the seed is a server option); the keys it has are offered.
        let seed = &all[1];
        assert_eq!(seed.message, "unknown key `seed`");
        assert!(seed.candidates.contains(&"history_days".to_owned()));
        // ListUnpaidOrders does not read, but sums that name it do not add problems.
        assert!(all.iter().all(|p| p.kind != ProblemKind::UnknownList));
    }
}
