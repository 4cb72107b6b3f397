//! Synthesis of items and responses from the declared fields.
//!
//! Everything is a pure function of (seed, names, index, server start), generated once at
//! start, so every request sees the same data and a seed reproduces a dataset exactly.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use super::rng::{hash_str, Rng};
use super::spec::{cycles, Api, Field, FieldRule, Type};

/// Words for `*Name` fields: plausible without pretending to be real customers.
const WORDS: &[&str] = &[
    "Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Prism",
];

/// How deep models nest before a value is left empty: a guard for schemas deeper than any real
/// API; recursion itself is stopped earlier (see [`RECURSION_DEPTH`]).
const MAX_DEPTH: usize = 12;

/// How deep a model that can hold itself is synthesised before the recursion is cut (an empty
/// list, or no value for an optional field). Every other model is filled at every depth.
const RECURSION_DEPTH: usize = 2;

/// Distinct values of a string field without a rule, so that filters match several items.
const DEFAULT_DISTINCT: u64 = 12;

/// Turns field declarations into values.
pub(crate) struct Synth<'a> {
    pub(crate) api: &'a Api,
    pub(crate) rules: &'a BTreeMap<String, FieldRule>,
    /// Server start, Unix seconds; timestamps lie before it.
    pub(crate) now: i64,
    /// How far back timestamps spread, in seconds.
    pub(crate) history: i64,
    /// The models that can hold themselves (found once: values are synthesised many times).
    recursive: BTreeSet<&'a str>,
    /// `(model, field)`: required model fields on a cycle of required model fields. No finite
    /// value has them all; once recursion is cut they are left out (the SDK has them optional).
    required_cycles: BTreeSet<(String, String)>,
}

impl<'a> Synth<'a> {
    /// A synthesiser over `api`'s models with the `fake:` field rules.
    pub(crate) fn new(api: &'a Api, rules: &'a BTreeMap<String, FieldRule>, now: i64, history: i64) -> Self {
        let graph = references(api);
        let recursive = api.models.keys().map(String::as_str).filter(|m| holds_itself(&graph, m)).collect();
        // The generator's own rule (`required-cycle`), so the SDK and the fake agree on the fields.
        let required_cycles = cycles::required_cycle_fields(&api.models);
        Synth { api, rules, now, history, recursive, required_cycles }
    }

    /// One item of `model`; `anchor` names the timestamp field the others follow (the
    /// field a time range filters on), and `tag` keeps unique IDs apart between datasets.
    pub(crate) fn item(
        &self,
        model: &str,
        rng: &mut Rng,
        index: usize,
        anchor: Option<&str>,
        tag: &str,
        depth: usize,
    ) -> Map<String, Value> {
        let fields: &[Field] = self.api.models.get(model).map(|m| m.fields.as_slice()).unwrap_or(&[]);
        let on_cycle = |f: &Field| {
            self.required_cycles.contains(&(model.to_owned(), f.name.clone())) && self.cut(&f.ty, depth)
        };
        if fields.iter().any(on_cycle) {
            let kept: Vec<Field> = fields.iter().filter(|f| !on_cycle(f)).cloned().collect();
            return self.object(&kept, rng, index, anchor, tag, depth);
        }
        self.object(fields, rng, index, anchor, tag, depth)
    }

    /// Values for `fields`: plain ones first, then timestamps around an anchor, then sums
    /// and display labels, which depend on the others.
    pub(crate) fn object(
        &self,
        fields: &[Field],
        rng: &mut Rng,
        index: usize,
        anchor: Option<&str>,
        tag: &str,
        depth: usize,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let anchor_time = self.now - 1 - rng.between(0, self.history.max(1) - 1);
        let anchor = anchor.or_else(|| fields.iter().find(|f| f.is_time()).map(|f| f.name.as_str()));
        // A `sum_of` rule holds in a model that has some of its parts; elsewhere (unpaid orders
        // carry a total but no account split) the field is synthesised like any other.
        let sums = |f: &Field| {
            self.rules
                .get(&f.name)
                .and_then(|r| r.sum_of.as_ref())
                .filter(|parts| parts.iter().any(|p| fields.iter().any(|g| g.name == *p)))
        };
        for f in fields {
            let rule = self.rules.get(&f.name);
            let value = if sums(f).is_some() {
                continue;
            } else if f.is_time() && rule.is_none_or(|r| r.one_of.is_none()) {
                if Some(f.name.as_str()) == anchor {
                    Value::from(anchor_time)
                } else {
                    let room = (self.now - anchor_time).clamp(1, 86_400);
                    Value::from(anchor_time + rng.between(0, room - 1))
                }
            } else {
                self.value(f, rule, rng, index, tag, depth)
            };
            out.insert(f.name.clone(), value);
        }
        for f in fields {
            if let Some(parts) = sums(f) {
                let total: Decimal = parts.iter().filter_map(|p| out.get(p)).filter_map(decimal_of).sum();
                let value = if f.is_money() || f.ty.scalar() == Some("string") {
                    Value::String(money(total))
                } else {
                    number_of(total)
                };
                out.insert(f.name.clone(), value);
            }
        }
        for f in fields {
            let Some(base) = f.name.strip_suffix("Display") else { continue };
            if self.rules.contains_key(&f.name) || f.ty.scalar() != Some("string") {
                continue;
            }
            if let Some(v) = out.get(base) {
                let label = format!("{} {}", words_of(base), scalar_text(v).unwrap_or_default());
                out.insert(f.name.clone(), Value::String(label));
            }
        }
        out
    }

    fn value(
        &self,
        f: &Field,
        rule: Option<&FieldRule>,
        rng: &mut Rng,
        index: usize,
        tag: &str,
        depth: usize,
    ) -> Value {
        if let Type::List(list) = &f.ty {
            // Each element is a value of the item type (a list is not a level of nesting).
            if self.cut(list, depth) {
                return Value::Array(Vec::new());
            }
            let n = rng.between(1, 3) as usize;
            let element = Field { ty: (**list).clone(), required: true, ..f.clone() };
            let items = (0..n).map(|i| self.value(&element, rule, rng, index * 4 + i, tag, depth)).collect();
            return Value::Array(items);
        }
        if let Some(pool) = rule.and_then(|r| r.one_of.as_ref()).filter(|p| !p.is_empty()) {
            return pool[rng.below(pool.len() as u64) as usize].clone();
        }
        let allowed = &f.constraints.enum_values;
        if !allowed.is_empty() {
            return typed(&f.ty, &allowed[rng.below(allowed.len() as u64) as usize]);
        }
        if let Some(prefix) = rule.and_then(|r| r.unique.as_ref()) {
            // The tag's hash keeps two datasets' IDs apart; the index keeps items apart.
            return Value::String(format!("{prefix}{:04X}{:06}", hash_str(tag) & 0xffff, index + 1));
        }
        let lo = rule.and_then(|r| r.min);
        let hi = rule.and_then(|r| r.max);
        if f.is_money() {
            let lo = (lo.unwrap_or(0.0) * 100.0).round() as i64;
            let hi = (hi.unwrap_or(100.0) * 100.0).round() as i64;
            return Value::String(money(Decimal::new(rng.between(lo, hi), 2)));
        }
        match &f.ty {
            Type::Int => Value::from(rng.between(lo.unwrap_or(1.0) as i64, hi.unwrap_or(5.0) as i64)),
            Type::Float => {
                let (lo, hi) = (lo.unwrap_or(0.0), hi.unwrap_or(100.0));
                let x = ((lo + rng.unit() * (hi - lo)) * 100.0).round() / 100.0;
                Number::from_f64(x).map_or(Value::Null, Value::Number)
            }
            Type::Bool => Value::Bool(rng.below(2) == 1),
            Type::Object => Value::Object(Map::new()),
            Type::Array => Value::Array(Vec::new()),
            Type::String => Value::String(self.string(&f.name, rule, rng)),
            Type::Model(model) if self.cut(&f.ty, depth) => {
                // An optional field is better absent than an object missing its required fields;
                // a required one is built all the same (its own cyclic fields are left out, so
                // this ends), up to the hard depth limit.
                if !f.required {
                    Value::Null
                } else if depth < MAX_DEPTH {
                    Value::Object(self.item(model, rng, index, None, tag, depth + 1))
                } else {
                    Value::Object(Map::new())
                }
            }
            Type::Model(model) => Value::Object(self.item(model, rng, index, None, tag, depth + 1)),
            // Lists were answered above, before the scalar rules.
            Type::List { .. } => Value::Array(Vec::new()),
        }
    }

    /// Whether a value of `ty` at `depth` is left empty: past [`MAX_DEPTH`], or a model that can
    /// hold itself past [`RECURSION_DEPTH`].
    fn cut(&self, ty: &Type, depth: usize) -> bool {
        match ty {
            Type::Model(model) => {
                depth >= MAX_DEPTH || (depth >= RECURSION_DEPTH && self.recursive.contains(model.as_str()))
            }
            Type::List(list) => self.cut(list, depth),
            _ => false,
        }
    }

    /// A plausible string for a field by its name.
    fn string(&self, name: &str, rule: Option<&FieldRule>, rng: &mut Rng) -> String {
        let distinct = rule.and_then(|r| r.distinct).map_or(DEFAULT_DISTINCT, u64::from).max(1);
        let n = rng.below(distinct) + 1;
        let lower = name.to_ascii_lowercase();
        if lower.contains("email") {
            format!("user{n}@example.com")
        } else if lower.ends_with("name") {
            format!("{} {n}", WORDS[(n as usize - 1) % WORDS.len()])
        } else {
            format!("{name}-{n}")
        }
    }
}

/// Whether `model` can reach itself through its fields (directly, in lists, or through others).
fn holds_itself(graph: &BTreeMap<String, Vec<String>>, model: &str) -> bool {
    graph.get(model).into_iter().flatten().any(|target| cycles::reaches(graph, target, model))
}

/// Every model's references to models, lists included: what recursion follows.
fn references(api: &Api) -> BTreeMap<String, Vec<String>> {
    let target = |ty: &Type| -> Option<String> { ty.model_name().map(str::to_owned) };
    api.models
        .iter()
        .map(|(name, m)| (name.clone(), m.fields.iter().filter_map(|f| target(&f.ty)).collect()))
        .collect()
}

/// Splits `OrderType` into `Order Type` for display labels.
fn words_of(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous.is_some_and(|p| !p.is_ascii_uppercase()) {
            out.push(' ');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// Money as the API writes it: a decimal string with exactly two decimals.
pub(crate) fn money(d: Decimal) -> String {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d.to_string()
}

/// A JSON number or numeric string as a decimal.
pub(crate) fn decimal_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// A decimal as a JSON number (integer when whole).
pub(crate) fn number_of(d: Decimal) -> Value {
    if d.fract().is_zero() {
        if let Ok(i) = i64::try_from(d) {
            return Value::from(i);
        }
    }
    d.to_string().parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
}

/// A documented value (the IR keeps them as text) as a JSON value of type `ty`: `"3"` is the
/// number 3 in an `int` field; text that does not read as the type stays text.
pub(crate) fn typed(ty: &Type, text: &str) -> Value {
    let t = text.trim();
    let read = match ty {
        Type::Int => t.parse::<i64>().ok().map(Value::from),
        Type::Float => t.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number),
        Type::Bool => t.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    };
    read.unwrap_or_else(|| Value::String(text.to_owned()))
}

/// The text of a scalar as it travels on the wire (what a filter param is compared with).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_decimals() {
        assert_eq!(money(Decimal::new(5, 0)), "5.00");
        assert_eq!(money(Decimal::new(1234, 3)), "1.23");
        assert_eq!(money(Decimal::new(-5, 1)), "-0.50");
    }

    fn synth_of(models: Value) -> Api {
        let config = serde_json::json!({ "name": "t", "crate_name": "t", "env_prefix": "T" });
        serde_json::from_value(serde_json::json!({ "config": config, "actions": [], "models": models }))
            .unwrap()
    }

    fn field(name: &str, ty: Value, required: bool) -> Value {
        serde_json::json!({ "name": name, "type": ty, "required": required })
    }

    #[test]
    fn a_model_that_requires_itself_ends_without_empty_objects() {
        let api = synth_of(serde_json::json!({
            "Loop": { "name": "Loop", "fields": [
                field("Next", serde_json::json!({"model": "Loop"}), true),
                field("Id", serde_json::json!("string"), true),
            ] },
            "Holder": { "name": "Holder", "fields": [field("Loop", serde_json::json!({"model": "Loop"}), true)] },
        }));
        let rules = BTreeMap::new();
        let synth = Synth::new(&api, &rules, 1_000_000, 86_400);
        assert!(
            synth.required_cycles.contains(&("Loop".into(), "Next".into()))
                && synth.required_cycles.len() == 1
        );
        let holder = Value::Object(synth.item("Holder", &mut Rng::new(1, "t"), 0, None, "t", 0));
        // Every `Loop` object has its `Id`; the chain of `Next` ends by leaving `Next` out.
        let mut node = &holder["Loop"];
        let mut links = 0;
        while node.is_object() {
            assert!(node["Id"].is_string(), "{holder}");
            node = &node["Next"];
            links += 1;
        }
        assert!(node.is_null() && (1..=RECURSION_DEPTH + 1).contains(&links), "{holder}");
    }

    #[test]
    fn models_in_lists_in_list_items_are_filled_and_only_recursion_is_cut() {
        let api = synth_of(serde_json::json!({
            "Outer": { "name": "Outer", "fields": [field("Middle", serde_json::json!({"list": {"model": "Middle"}}), true)] },
            "Middle": { "name": "Middle", "fields": [field("Inner", serde_json::json!({"list": {"model": "Inner"}}), true)] },
            "Inner": { "name": "Inner", "fields": [field("Leaf", serde_json::json!({"list": {"model": "Leaf"}}), true)] },
            "Leaf": { "name": "Leaf", "fields": [field("Value", serde_json::json!("string"), true)] },
            "Node": { "name": "Node", "fields": [
                field("Children", serde_json::json!({"list": {"model": "Node"}}), true),
                field("Parent", serde_json::json!({"model": "Node"}), false),
                field("Name", serde_json::json!("string"), true),
            ] },
        }));
        let rules = BTreeMap::new();
        let synth = Synth::new(&api, &rules, 1_000_000, 86_400);
        let outer = synth.item("Outer", &mut Rng::new(1, "t"), 0, None, "t", 0);
        // Four levels of models, three of them inside lists: every leaf has its value.
        let leaves: Vec<&Value> = outer["Middle"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| m["Inner"].as_array().unwrap())
            .flat_map(|i| i["Leaf"].as_array().unwrap())
            .collect();
        assert!(!leaves.is_empty());
        assert!(leaves.iter().all(|l| l["Value"].is_string()), "{outer:?}");
        // A model holding itself stops after a few levels: empty lists, no optional parent.
        let node = Value::Object(synth.item("Node", &mut Rng::new(2, "t"), 0, None, "t", 0));
        let mut level = &node;
        let mut depth = 0;
        while let Some(child) = level["Children"].as_array().and_then(|c| c.first()) {
            assert!(child["Name"].is_string());
            level = child;
            depth += 1;
        }
        assert_eq!(depth, RECURSION_DEPTH, "{node}");
        assert_eq!(level["Children"], serde_json::json!([]));
        assert!(synth.recursive.contains("Node") && !synth.recursive.contains("Outer"));
    }

    #[test]
    fn a_list_with_allowed_values_gives_a_list_of_them() {
        let api = synth_of(serde_json::json!({}));
        let rules = BTreeMap::new();
        let synth = Synth::new(&api, &rules, 1_000_000, 86_400);
        let list: Field = serde_json::from_value(serde_json::json!({
            "name": "Kinds", "type": {"list": "string"}, "constraints": {"enum": ["A", "B"]}
        }))
        .unwrap();
        let v = synth.value(&list, None, &mut Rng::new(3, "t"), 0, "t", 0);
        let items = v.as_array().expect("a list, not one value");
        assert!(items.iter().all(|i| i == "A" || i == "B"), "{v}");
    }

    #[test]
    fn display_words() {
        assert_eq!(words_of("OrderType"), "Order Type");
        assert_eq!(words_of("ProductCode"), "Product Code");
        assert_eq!(words_of("SKU"), "SKU");
    }

    #[test]
    fn numbers_round_trip() {
        assert_eq!(number_of(Decimal::new(42, 0)), Value::from(42));
        assert_eq!(decimal_of(&Value::from("1.50")), Some(Decimal::new(150, 2)));
        assert_eq!(scalar_text(&Value::from(3)), Some("3".into()));
    }
}
