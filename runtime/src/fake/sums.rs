//! Answering a `fake.sums` action: response fields that total or count the items of list
//! datasets, so figures like an order amount agree with the lists a client can page through.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::data::{money, number_of};
use super::datasets::Datasets;
use super::spec::{Action, SumRule};

/// Writes each of `rule`'s fields into `body`: the count, or the sum of an item field, over the
/// items of its source lists that the request's range and filters (plus the rule's) select.
/// A sum goes out as a money string when the response field is money or a string.
pub(crate) fn answer(
    decl: &Action,
    rule: &SumRule,
    datasets: &Datasets,
    params: &BTreeMap<String, String>,
    body: &mut Map<String, Value>,
) {
    for (field, sum) in &rule.fields {
        let from = sum.from.as_ref().unwrap_or(&rule.from);
        let mut total = Decimal::ZERO;
        let mut count = 0usize;
        for source in from {
            let (n, sum) = datasets.tally(source, params, &rule.filters, sum.sum.as_deref());
            count += n;
            total += sum;
        }
        let value = if sum.count {
            Value::from(count)
        } else if decl
            .response
            .iter()
            .any(|f| f.name == *field && (f.is_money() || f.ty.scalar() == Some("string")))
        {
            Value::String(money(total))
        } else {
            number_of(total)
        };
        body.insert(field.clone(), value);
    }
}
