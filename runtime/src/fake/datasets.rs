//! The `fake:` section's list datasets: each list action's items, synthesised once at start
//! and indexed so that selecting by range and filters, and cutting a page, stay cheap; kept
//! apart from the dispatch because sums and exports select from the same items.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard};

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::data::{decimal_of, scalar_text, Synth};
use super::rng::Rng;
use super::spec::{Action, Api, FakeSection, ListRule, Type};
use super::validate::{self, codes, ApiError};
use super::FakeError;

/// Fallback page size when the docs state no default and no maximum.
const DEFAULT_PAGE_SIZE: i64 = 20;
/// Filtered selections remembered, so paging through one costs a page, not a scan; the
/// oldest is forgotten first.
const KEPT_SELECTIONS: usize = 64;

/// Every list action's dataset, and the filtered selections remembered across requests.
pub(crate) struct Datasets {
    /// Items per list action, in range-field order.
    by_list: HashMap<String, Dataset>,
    selections: Mutex<Selections>,
}

/// One list action's items, with what answering from them fast needs, all fixed at start.
struct Dataset {
    /// The list's `fake.lists` rule: which params bound its range and filter its items.
    rule: ListRule,
    /// The model of the list's items.
    model: String,
    items: Vec<Map<String, Value>>,
    /// Each item's range-field value as the range compares it (`i64::MIN` when absent).
    times: Vec<i64>,
    /// Whether `times` ascends, so a range is two binary searches instead of a scan.
    sorted: bool,
    /// Filtered field → each item's wire text of it, so a filter compares strings instead of
    /// looking the field up in every item's map and formatting it, request after request.
    texts: HashMap<String, Vec<Option<String>>>,
    /// Each item as compact JSON, so a page copies bytes instead of cloning and serialising maps.
    json: Vec<String>,
    /// Summed field → each item's value as a decimal (zero where absent or not a number), so a
    /// sum adds numbers instead of looking the field up and parsing it, request after request.
    amounts: HashMap<String, Vec<Decimal>>,
}

impl Dataset {
    /// Indexes `items` by `range` (an item field) and by every `filtered` field.
    fn new(
        rule: ListRule,
        model: String,
        items: Vec<Map<String, Value>>,
        range: Option<&str>,
        filtered: &HashSet<&str>,
        summed: &HashSet<&str>,
    ) -> Dataset {
        let times = match range {
            Some(field) => {
                items.iter().map(|item| item.get(field).and_then(Value::as_i64).unwrap_or(i64::MIN)).collect()
            }
            None => Vec::new(),
        };
        let sorted = times.is_sorted();
        let texts = filtered
            .iter()
            .map(|field| {
                let texts = items.iter().map(|item| item.get(*field).and_then(scalar_text)).collect();
                ((*field).to_owned(), texts)
            })
            .collect();
        let json = items.iter().map(|item| serde_json::to_string(item).unwrap_or_default()).collect();
        let amounts = summed
            .iter()
            .map(|field| {
                let amounts = items
                    .iter()
                    .map(|item| item.get(*field).and_then(decimal_of).unwrap_or_default())
                    .collect();
                ((*field).to_owned(), amounts)
            })
            .collect();
        Dataset { rule, model, items, times, sorted, texts, json, amounts }
    }

    /// Whether item `i` has one of `wanted` as its `field`.
    fn matches(&self, i: usize, field: &str, wanted: &[&str]) -> bool {
        match self.texts.get(field) {
            Some(texts) => texts[i].as_deref().is_some_and(|v| wanted.contains(&v)),
            None => {
                self.items[i].get(field).and_then(scalar_text).is_some_and(|v| wanted.contains(&v.as_str()))
            }
        }
    }
}

/// The items a request selects from one dataset, in dataset order.
pub(crate) struct Selection<'a> {
    items: &'a [Map<String, Value>],
    json: &'a [String],
    picked: Picked,
}

/// Which dataset positions a [`Selection`] holds.
enum Picked {
    /// A contiguous run: a time range without filters.
    Span(Range<usize>),
    /// Scattered items: filters, or a range over unsorted items.
    Indices(Arc<[usize]>),
}

impl<'a> Selection<'a> {
    fn empty() -> Selection<'a> {
        Selection { items: &[], json: &[], picked: Picked::Span(0..0) }
    }

    fn len(&self) -> usize {
        match &self.picked {
            Picked::Span(r) => r.len(),
            Picked::Indices(ix) => ix.len(),
        }
    }

    /// Dataset positions of the selected items `from..to` (clamped to the selection).
    fn positions(&self, from: usize, to: usize) -> Vec<usize> {
        let to = to.min(self.len());
        let from = from.min(to);
        match &self.picked {
            Picked::Span(r) => (r.start + from..r.start + to).collect(),
            Picked::Indices(ix) => ix[from..to].to_vec(),
        }
    }

    /// The selected items, in dataset order.
    pub(crate) fn items(&self) -> impl Iterator<Item = &'a Map<String, Value>> + '_ {
        let items = self.items;
        self.positions(0, self.len()).into_iter().map(move |i| &items[i])
    }
}

/// Remembered filtered selections, keyed by what decides them.
#[derive(Default)]
struct Selections {
    picked: HashMap<SelectionKey, Arc<[usize]>>,
    order: VecDeque<SelectionKey>,
}

/// List action, range bounds, and (item field, wanted values) per filter in effect.
type SelectionKey = (String, Option<(Option<i64>, Option<i64>)>, Vec<(String, Vec<String>)>);

impl Datasets {
    /// Synthesises the items of every list in `fake` from `seed`, sorted by the list's range
    /// field, and indexes every field some list's or sum's filter reads.
    pub(crate) fn new(
        api: &Api,
        fake: &FakeSection,
        synth: &Synth<'_>,
        seed: u64,
    ) -> Result<Datasets, FakeError> {
        // Every field some filter reads, whichever action's filter it is.
        let filtered: HashSet<&str> = fake
            .lists
            .values()
            .flat_map(|l| l.filters.values())
            .chain(fake.sums.values().flat_map(|s| s.filters.values()))
            .map(String::as_str)
            .collect();
        // Every field some sum adds up.
        let summed: HashSet<&str> =
            fake.sums.values().flat_map(|s| s.fields.values().filter_map(|f| f.sum.as_deref())).collect();
        let mut by_list = HashMap::new();
        for (name, rule) in &fake.lists {
            let model = items_model(api, name, &rule.items).ok_or_else(|| {
                FakeError::Config(format!("fake.lists.{name}.items: not a list of a known model"))
            })?;
            let mut rng = Rng::new(seed, &format!("dataset:{name}"));
            let anchor = rule.range.as_ref().map(|r| r.field.as_str());
            let mut items: Vec<_> =
                (0..rule.count).map(|i| synth.item(&model, &mut rng, i, anchor, name, 0)).collect();
            if let Some(field) = anchor {
                items.sort_by_key(|item| item.get(field).and_then(Value::as_i64).unwrap_or(0));
            }
            by_list
                .insert(name.clone(), Dataset::new(rule.clone(), model, items, anchor, &filtered, &summed));
        }
        Ok(Datasets { by_list, selections: Mutex::new(Selections::default()) })
    }

    /// The model of list action `list`'s items, if it has a dataset.
    pub(crate) fn model_of(&self, list: &str) -> Option<&str> {
        self.by_list.get(list).map(|d| d.model.as_str())
    }

    /// The items of list action `source` matching the request's range and filters (the
    /// source's own plus `extra`).
    pub(crate) fn select<'a>(
        &'a self,
        source: &str,
        params: &BTreeMap<String, String>,
        extra: &BTreeMap<String, String>,
    ) -> Selection<'a> {
        let Some(data) = self.by_list.get(source) else {
            return Selection::empty();
        };
        let Query { range, filters } = Query::of(&data.rule, params, extra);
        let selection = |picked| Selection { items: &data.items, json: &data.json, picked };
        let inside = |t: i64, (start, end): (Option<i64>, Option<i64>)| {
            start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
        };
        // Sorted times make `[start, end)` a contiguous run, found by two binary searches.
        let span = match range {
            None => Some(0..data.items.len()),
            Some((start, end)) if data.sorted => {
                let from = start.map_or(0, |s| data.times.partition_point(|t| *t < s));
                let to = end.map_or(data.times.len(), |e| data.times.partition_point(|t| *t < e));
                Some(from..to.max(from))
            }
            Some(_) => None,
        };
        if let (Some(span), true) = (&span, filters.is_empty()) {
            return selection(Picked::Span(span.clone()));
        }
        let key: SelectionKey = (
            source.to_owned(),
            range,
            filters
                .iter()
                .map(|(f, w)| ((*f).to_owned(), w.iter().map(|v| (*v).to_owned()).collect()))
                .collect(),
        );
        if let Some(hit) = self.lock_selections().picked.get(&key) {
            return selection(Picked::Indices(hit.clone()));
        }
        let candidates = span.unwrap_or(0..data.items.len());
        let picked: Arc<[usize]> = candidates
            .filter(|&i| range.is_none_or(|r| data.sorted || inside(data.times[i], r)))
            .filter(|&i| filters.iter().all(|(field, wanted)| data.matches(i, field, wanted)))
            .collect();
        let mut kept = self.lock_selections();
        if !kept.picked.contains_key(&key) {
            kept.order.push_back(key.clone());
            kept.picked.insert(key, picked.clone());
            while kept.order.len() > KEPT_SELECTIONS {
                if let Some(old) = kept.order.pop_front() {
                    kept.picked.remove(&old);
                }
            }
        }
        selection(Picked::Indices(picked))
    }

    /// How many items of list `source` the request selects (see [`select`](Self::select)), and
    /// the sum of their `field` where it holds a number.
    pub(crate) fn tally(
        &self,
        source: &str,
        params: &BTreeMap<String, String>,
        extra: &BTreeMap<String, String>,
        field: Option<&str>,
    ) -> (usize, Decimal) {
        let selection = self.select(source, params, extra);
        let count = selection.len();
        let Some(field) = field else { return (count, Decimal::ZERO) };
        let amounts = self.by_list.get(source).and_then(|d| d.amounts.get(field));
        let total = match (&selection.picked, amounts) {
            (Picked::Span(span), Some(amounts)) => amounts[span.clone()].iter().sum(),
            (Picked::Indices(picked), Some(amounts)) => picked.iter().map(|&i| amounts[i]).sum(),
            // A field no sum names at start: read it item by item.
            (_, None) => selection.items().filter_map(|item| item.get(field).and_then(decimal_of)).sum(),
        };
        (count, total)
    }

    fn lock_selections(&self) -> MutexGuard<'_, Selections> {
        self.selections.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Fills in the paging fields of a list answer; returns the items field and the page.
    pub(crate) fn list_page(
        &self,
        decl: &Action,
        rule: &ListRule,
        params: &BTreeMap<String, String>,
        body: &mut Map<String, Value>,
    ) -> Result<(String, Vec<&str>), ApiError> {
        let matching = self.select(&decl.name, params, &BTreeMap::new());
        let total = matching.len();
        let param =
            |name: &Option<String>| name.as_ref().and_then(|n| decl.params.iter().find(|p| p.name == *n));
        let value_of = |name: &Option<String>, fallback: i64| -> i64 {
            let Some(n) = name else { return fallback };
            if let Some(v) = params.get(n).and_then(|v| v.trim().parse().ok()) {
                return v;
            }
            let Some(p) = param(name) else { return fallback };
            p.constraints
                .default
                .as_ref()
                .and_then(|d| d.trim().parse().ok())
                .or(p.constraints.max)
                .unwrap_or(fallback)
        };
        let (start, size) = match &rule.paging {
            None => (0, total as i64),
            Some(p) if p.offset.is_some() || p.limit.is_some() => {
                let offset = value_of(&p.offset, 0);
                let limit = value_of(&p.limit, DEFAULT_PAGE_SIZE);
                echo(decl, body, &p.offset, offset);
                echo(decl, body, &p.limit, limit);
                if offset < 0 || limit < 1 {
                    return Err(ApiError::new(codes::OUT_OF_RANGE, "Offset must be >= 0 and Limit >= 1"));
                }
                (offset, limit)
            }
            Some(p) => {
                let first = p.first.unwrap_or(1);
                let page = value_of(&p.page, first);
                let size = value_of(&p.size, DEFAULT_PAGE_SIZE);
                if page < first || size < 1 {
                    let name = if page < first { p.page.as_deref() } else { p.size.as_deref() };
                    return Err(ApiError::new(
                        codes::OUT_OF_RANGE,
                        format!("Param [{}] is out of range", name.unwrap_or("page")),
                    ));
                }
                echo(decl, body, &p.page, page);
                echo(decl, body, &p.size, size);
                ((page - first).saturating_mul(size), size)
            }
        };
        let start = usize::try_from(start).unwrap_or(usize::MAX).min(total);
        let end = start.saturating_add(usize::try_from(size).unwrap_or(usize::MAX)).min(total);
        let page: Vec<&str> =
            matching.positions(start, end).into_iter().map(|i| matching.json[i].as_str()).collect();
        // A placeholder, so the items field keeps its place among the others; `to_json` writes the page.
        body.insert(rule.items.clone(), Value::Array(Vec::new()));
        if let Some(total_field) = rule.paging.as_ref().and_then(|p| p.total.as_ref()) {
            body.insert(total_field.clone(), Value::from(total));
        }
        Ok((rule.items.clone(), page))
    }
}

/// Writes paging param `name`'s effective `value` into the answer, if the response declares it.
fn echo(decl: &Action, body: &mut Map<String, Value>, name: &Option<String>, value: i64) {
    if let Some(n) = name {
        if decl.response.iter().any(|f| f.name == *n) {
            body.insert(n.clone(), Value::from(value));
        }
    }
}

/// The model of list action `action`'s items field (checked to exist at start).
fn items_model(api: &Api, action: &str, items: &str) -> Option<String> {
    let decl = api.actions.iter().find(|a| a.name == action)?;
    match &decl.response.iter().find(|f| f.name == items)?.ty {
        Type::List(list) => match &**list {
            Type::Model(model) if api.models.contains_key(model) => Some(model.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// What a list request asks for: its `[start, end)` bounds, if the list has a range, and the
/// values each filtered item field must take (filters the request leaves empty are dropped).
struct Query<'p> {
    range: Option<(Option<i64>, Option<i64>)>,
    filters: Vec<(&'p str, Vec<&'p str>)>,
}

impl<'p> Query<'p> {
    /// Reads the query of list `rule` (its own filters plus `extra`) from request `params`.
    fn of(
        rule: &'p ListRule,
        params: &'p BTreeMap<String, String>,
        extra: &'p BTreeMap<String, String>,
    ) -> Self {
        let bound = |name: &str| params.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        let range = rule.range.as_ref().map(|r| (bound(&r.start), bound(&r.end)));
        let filters = rule
            .filters
            .iter()
            .chain(extra)
            .map(|(param, field)| {
                let prefix = super::spec::list_prefix(param).unwrap_or(param);
                let mut wanted = validate::list_values(params, prefix);
                if wanted.is_empty() {
                    wanted = params.get(param.as_str()).map(|v| vec![v.as_str()]).unwrap_or_default();
                }
                (field.as_str(), wanted)
            })
            .filter(|(_, wanted)| !wanted.is_empty())
            .collect();
        Query { range, filters }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = include_str!("../../../generated/billing/api.json");
    const NOW: i64 = 1_749_945_600;
    const DAY: i64 = 86_400;

    /// The billing API's datasets, as the engine synthesises them at `NOW` with seed 5.
    fn datasets() -> Datasets {
        let api: Api = super::super::spec::read_api_json(API).expect("api.json");
        let section = api.config.fake.as_ref().expect("fake section");
        let fake = sdkgen_schema::fake::check(section, &sdkgen_schema::fake::ApiNames::of(&api))
            .expect("valid fake section");
        let history = i64::from(fake.history_days.unwrap_or(90)) * DAY;
        let synth = Synth::new(&api, &fake.fields, NOW, history);
        Datasets::new(&api, &fake, &synth, 5).expect("datasets")
    }

    fn params(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    /// The selection as a plain scan of every item computes it: the semantics `select` keeps.
    fn scan(
        datasets: &Datasets,
        source: &str,
        params: &BTreeMap<String, String>,
        extra: &BTreeMap<String, String>,
    ) -> Vec<usize> {
        let rule = &datasets.by_list[source].rule;
        let items = &datasets.by_list[source].items;
        // Reading the request is shared with `select`; what is checked here is the selection.
        let Query { range, filters } = Query::of(rule, params, extra);
        let range = rule.range.as_ref().zip(range).map(|(r, (start, end))| (r.field.as_str(), start, end));
        (0..items.len())
            .filter(|&i| match range {
                Some((field, start, end)) => {
                    let t = items[i].get(field).and_then(Value::as_i64).unwrap_or(i64::MIN);
                    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
                }
                None => true,
            })
            .filter(|&i| {
                filters.iter().all(|(field, wanted)| {
                    items[i].get(*field).and_then(scalar_text).is_some_and(|v| wanted.contains(&v.as_str()))
                })
            })
            .collect()
    }

    /// Requests over edges on item times, open bounds, and filters alone and combined.
    fn requests(datasets: &Datasets, source: &str) -> Vec<BTreeMap<String, String>> {
        let times = &datasets.by_list[source].times;
        let at = |i: usize| times[i * (times.len() - 1) / 9].to_string();
        let ranges: Vec<Vec<(&str, String)>> = vec![
            vec![("StartTime", (NOW - 400 * DAY).to_string()), ("EndTime", NOW.to_string())],
            vec![("StartTime", at(2)), ("EndTime", at(7))],
            vec![("StartTime", at(0)), ("EndTime", at(9))],
            vec![("StartTime", at(5)), ("EndTime", at(5))],
            vec![("StartTime", at(6)), ("EndTime", at(3))],
            vec![("StartTime", format!(" {} ", at(4)))],
            vec![("EndTime", at(4))],
            vec![("StartTime", "soon".into()), ("EndTime", at(8))],
            vec![],
        ];
        let filters: Vec<Vec<(&str, String)>> = vec![
            vec![],
            vec![("Regions.0", "hk".into()), ("Regions.1", "sg".into())],
            vec![("OrderTypes.0", "2".into()), ("ProductCodes.0", "sandbox".into())],
            vec![("OrganizationIds.0", "1003".into())],
            vec![("Regions.0", "atlantis".into())],
        ];
        let mut out = Vec::new();
        for r in &ranges {
            for f in &filters {
                out.push(params(&[r.as_slice(), f.as_slice()].concat()));
            }
        }
        out
    }

    fn assert_select_matches_scan(datasets: &Datasets) {
        let organizations: BTreeMap<String, String> =
            [("OrganizationIds.N".to_owned(), "OrganizationID".to_owned())].into();
        for source in ["ListPaidOrders", "ListUnpaidOrders"] {
            for p in requests(datasets, source) {
                for extra in [&BTreeMap::new(), &organizations] {
                    let expected = scan(datasets, source, &p, extra);
                    // Twice: the second answer may be the remembered one.
                    for _ in 0..2 {
                        let got = datasets.select(source, &p, extra);
                        assert_eq!(got.positions(0, got.len()), expected, "{source} {p:?} {extra:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn tallies_match_adding_up_the_selected_items() {
        assert_tallies_match(&datasets());
    }

    /// A tally (indexed amounts, spans and scattered picks) is what adding up the selected
    /// items' fields one by one gives.
    fn assert_tallies_match(datasets: &Datasets) {
        for source in ["ListPaidOrders", "ListUnpaidOrders"] {
            let fields: Vec<String> = datasets.by_list[source].amounts.keys().cloned().collect();
            assert!(!fields.is_empty(), "billing sums {source}'s amounts");
            for p in requests(datasets, source) {
                for field in &fields {
                    let items: Vec<_> = datasets.select(source, &p, &BTreeMap::new()).items().collect();
                    let expected: Decimal =
                        items.iter().filter_map(|i| i.get(field).and_then(decimal_of)).sum();
                    let got = datasets.tally(source, &p, &BTreeMap::new(), Some(field));
                    assert_eq!(got, (items.len(), expected), "{source} {field} {p:?}");
                }
            }
        }
    }

    #[test]
    fn select_matches_a_plain_scan() {
        let datasets = datasets();
        assert!(datasets.by_list.values().all(|d| d.sorted));
        assert_select_matches_scan(&datasets);
    }

    #[test]
    fn select_matches_a_plain_scan_when_times_are_not_in_order() {
        // Items without the range field sort as 0 but compare as i64::MIN: no binary search then.
        let mut datasets = datasets();
        let mut filtered: HashSet<&str> = HashSet::new();
        filtered.insert("Region");
        for data in datasets.by_list.values_mut() {
            let mut items = std::mem::take(&mut data.items);
            for item in items.iter_mut().skip(3).step_by(7) {
                item.remove("StartTime");
            }
            let (rule, model) = (data.rule.clone(), std::mem::take(&mut data.model));
            let fields: Vec<String> = data.amounts.keys().cloned().collect();
            let summed: HashSet<&str> = fields.iter().map(String::as_str).collect();
            *data = Dataset::new(rule, model, items, Some("StartTime"), &filtered, &summed);
            assert!(!data.sorted);
        }
        assert_select_matches_scan(&datasets);
        assert_tallies_match(&datasets);
    }
}
