//! Shared by the root benches: response bodies of `ListPaidOrders`, written from the
//! `OrderItemDetail` fields of the billing `api.json` (money as strings, Unix seconds and ints as
//! numbers, strings as text), and a plain serde struct of the same shape (the decoding ceiling).

use sdkgen_runtime::serde::Deserialize;
use sdkgen_runtime::serde_json::{self, json, Map, Value};
use sdkgen_runtime::Decimal;

/// The `OrderItemDetail` fields: (wire name, type, format).
pub fn order_fields() -> Vec<(String, String, String)> {
    let api: Value = serde_json::from_str(surfercloud_sdk::billing::mock::API_JSON).expect("api.json");
    let fields = api["models"]["OrderItemDetail"]["fields"].as_array().expect("OrderItemDetail fields");
    fields
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("name"), text("type"), text("format"))
        })
        .collect()
}

/// One order, the `i`-th, every field filled.
pub fn order(fields: &[(String, String, String)], i: usize) -> Value {
    let mut m = Map::new();
    for (n, (name, ty, format)) in fields.iter().enumerate() {
        let v = match (ty.as_str(), format.as_str()) {
            (_, "money") => json!(format!("{}.{:02}", (i * 7 + n) % 5000, (i + n) % 100)),
            (_, "unix_seconds") => json!(1_735_689_600 + (i * 3600 + n) as i64),
            ("int", _) => json!((i * 31 + n) % 100_000),
            _ => json!(format!("{name}-value-{i:06}")),
        };
        m.insert(name.clone(), v);
    }
    Value::Object(m)
}

/// A whole `ListPaidOrders` response body with `count` orders.
pub fn page_body(count: usize) -> Vec<u8> {
    let fields = order_fields();
    let orders: Vec<Value> = (0..count).map(|i| order(&fields, i)).collect();
    let body = json!({
        "RetCode": 0,
        "Action": "ListPaidOrdersResponse",
        "Page": 1,
        "PageSize": count,
        "Total": 10_000,
        "Orders": orders,
    });
    serde_json::to_vec(&body).expect("serialise")
}

/// The ceiling: plain derived serde, no tolerance (no numbers-as-strings, no `""` as absent).
#[allow(non_snake_case, dead_code)]
#[derive(Debug, Deserialize)]
#[serde(crate = "sdkgen_runtime::serde")]
pub struct PlainResponse {
    pub Page: i64,
    pub PageSize: Option<i64>,
    pub Total: Option<i64>,
    #[serde(default)]
    pub Orders: Vec<PlainOrder>,
}

/// `OrderItemDetail` with the same Rust types as the generated one (times as plain seconds).
#[allow(non_snake_case, dead_code)]
#[derive(Debug, Deserialize)]
#[serde(crate = "sdkgen_runtime::serde")]
pub struct PlainOrder {
    pub Region: Option<String>,
    pub ProductCode: Option<String>,
    pub ProductCodeDisplay: Option<String>,
    pub StarCardAccount: Option<Decimal>,
    pub OrderNo: Option<String>,
    pub CompanyID: Option<i64>,
    pub OrganizationID: Option<i64>,
    pub OrganizationName: Option<String>,
    pub UserEmail: Option<String>,
    pub ChargeType: Option<i64>,
    pub ChargeTypeDisplay: Option<String>,
    pub Channel: Option<i64>,
    pub Currency: Option<String>,
    pub CurrencyDisplay: Option<String>,
    pub ResourceID: Option<String>,
    pub ModelID: Option<String>,
    pub ModelName: Option<String>,
    pub OrderType: Option<i64>,
    pub OrderTypeDisplay: Option<String>,
    pub PricingSKU: Option<String>,
    pub Quantity: Option<i64>,
    pub QuantityDisplay: Option<String>,
    pub PricingUnit: Option<i64>,
    pub PricingUnitDisplay: Option<String>,
    pub ListPrice: Option<Decimal>,
    pub DiscountPrice: Option<Decimal>,
    pub OrderTotalPrice: Option<Decimal>,
    pub OriginalPrice: Option<Decimal>,
    pub Status: Option<i64>,
    pub StatusDisplay: Option<String>,
    pub StartTime: Option<i64>,
    pub EndTime: Option<i64>,
    pub PaidTime: Option<i64>,
    pub CashAccount: Option<Decimal>,
    pub BonusAccount: Option<Decimal>,
    pub Coupon: Option<Decimal>,
    pub UnpaidOrderNo: Option<String>,
    pub RegionDisplay: Option<String>,
    pub CreditAccount: Option<Decimal>,
    pub PricingItemID: Option<i64>,
    pub ResourceType: Option<i64>,
    pub ResourceTypeDisplay: Option<String>,
}
