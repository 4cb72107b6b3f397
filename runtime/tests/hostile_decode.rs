//! Property tests of response decoding: arbitrary bytes and arbitrary JSON, whatever the keys and
//! values, decode to a value or a `Decode` error through `decode::from_body`, never a panic; a
//! valid response round-trips, however the server spells its numbers. The same shapes declared
//! with `model!` (what generated crates use) must agree with the serde-derived ones on every input.

use proptest::prelude::*;
use rust_decimal::Decimal;
use sdkgen_runtime::decode::{self, from_body};
use sdkgen_runtime::Error;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, PartialEq, Deserialize)]
struct Item {
    #[serde(rename = "Id", deserialize_with = "decode::string")]
    id: String,
    #[serde(rename = "Size", default, deserialize_with = "decode::opt_int")]
    size: Option<i64>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Response {
    #[serde(rename = "RetCode", deserialize_with = "decode::int")]
    ret_code: i64,
    #[serde(rename = "Name", deserialize_with = "decode::string")]
    name: String,
    #[serde(rename = "Note", default, deserialize_with = "decode::opt_string")]
    note: Option<String>,
    #[serde(rename = "Amount", deserialize_with = "decode::decimal")]
    amount: Decimal,
    #[serde(rename = "Refund", default, deserialize_with = "decode::opt_decimal")]
    refund: Option<Decimal>,
    #[serde(rename = "Count", default, deserialize_with = "decode::opt_int")]
    count: Option<i64>,
    #[serde(rename = "Paid", deserialize_with = "decode::bool")]
    paid: bool,
    #[serde(rename = "Items", default, deserialize_with = "decode::list")]
    items: Vec<Item>,
}

/// The same shapes as generated crates declare them.
mod generated {
    sdkgen_runtime::model! {
        /// An item.
        pub struct Item {
            /// Id.
            required id: String = "Id";
            /// Size.
            optional size: i64 = "Size";
        }

        /// A response.
        pub struct Response {
            /// RetCode.
            required ret_code: i64 = "RetCode";
            /// Name.
            required name: String = "Name";
            /// Note.
            optional note: String = "Note";
            /// Amount.
            required amount: sdkgen_runtime::Decimal = "Amount";
            /// Refund.
            optional refund: sdkgen_runtime::Decimal = "Refund";
            /// Count.
            optional count: i64 = "Count";
            /// Paid.
            required paid: bool = "Paid";
            /// Items.
            list items: Item = "Items";
        }
    }
}

/// Decodes with both declarations and checks they agree (objects from `serde_json` have no
/// repeated keys, where the two differ: serde's derive refuses them, `model!` keeps the last).
fn decode_both(body: &[u8]) -> Result<Response, Error> {
    let derived = decode(body);
    let declared = sdkgen_runtime::decode::from_body_tolerant::<generated::Response>("Describe", body);
    match (&derived, declared) {
        (Ok(d), Ok(g)) => {
            let items: Vec<Item> = g.items.into_iter().map(|i| Item { id: i.id, size: i.size }).collect();
            let same = (d.ret_code, &d.name, &d.note, d.amount, d.refund, d.count, d.paid, &d.items)
                == (g.ret_code, &g.name, &g.note, g.amount, g.refund, g.count, g.paid, &items);
            assert!(same, "model! and serde's derive decode differently: {d:?} vs {:?}", items);
        }
        (Err(_), Err(e)) => assert!(matches!(e, Error::Decode { .. }), "{e:?}"),
        (d, g) => panic!("model! and serde's derive disagree: {d:?} vs {g:?}"),
    }
    derived
}

const KEYS: &[&str] =
    &["RetCode", "Name", "Note", "Amount", "Refund", "Count", "Paid", "Items", "Id", "Size", "X"];

/// Any JSON value, numbers and strings chosen to sit on the decoders' edges.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        proptest::sample::select(vec![
            "",
            " ",
            "0",
            "-0",
            "1e999999",
            "-1e-999999",
            "1E28",
            "79228162514264337593543950336",
            "12.30",
            " 7 ",
            "NaN",
            "inf",
            "0x10",
            "1_000",
            "true",
            "YES",
            "١٢",
            "9223372036854775808",
            "1.5",
            "5.0",
        ])
        .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn decode(body: &[u8]) -> Result<Response, Error> {
    let out = from_body::<Response>("Describe", body);
    if let Err(e) = &out {
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        let _ = format!("{e} {e:?}");
    }
    out
}

/// A number in one of the spellings servers use: a JSON number, or a string with spaces.
fn spelled(n: i64, as_string: bool) -> Value {
    if as_string {
        Value::from(format!(" {n} "))
    } else {
        Value::from(n)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        let _ = decode_both(value.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_values_under_the_known_keys_never_panic(
        values in proptest::collection::vec(any_json(), KEYS.len()),
        truncate in any::<prop::sample::Index>(),
    ) {
        let body: serde_json::Map<String, Value> =
            KEYS.iter().zip(values).map(|(k, v)| (k.to_string(), v)).collect();
        let text = Value::Object(body).to_string();
        let _ = decode_both(text.as_bytes());
        // Cut anywhere (a dropped connection): still an error, not a panic.
        let cut = truncate.index(text.len() + 1);
        let _ = decode_both(&text.as_bytes()[..cut]);
    }

    #[test]
    fn a_valid_response_round_trips(
        ret_code in any::<i64>(), name in any::<String>(), note in proptest::option::of(any::<String>()),
        cents in any::<i64>(), refund in proptest::option::of(-1_000_000i64..1_000_000),
        count in proptest::option::of(any::<i64>()), paid in any::<bool>(),
        items in proptest::collection::vec((any::<String>(), proptest::option::of(any::<i64>())), 0..4),
        strings in any::<bool>(),
    ) {
        // As a string: exact cents; as a JSON number: whole units (an f64 would round cents).
        let amount = if strings { Decimal::new(cents, 2) } else { Decimal::from(cents) };
        let body = json!({
            "RetCode": spelled(ret_code, strings),
            "Name": name,
            "Note": note,
            "Amount": if strings { Value::from(amount.to_string()) } else { Value::from(cents) },
            "Refund": refund.map_or(Value::from(""), |r| Value::from(format!("{}", Decimal::new(r, 2)))),
            "Count": count.map_or(Value::Null, |c| spelled(c, strings)),
            "Paid": if strings { Value::from(if paid { "true" } else { "0" }) } else { Value::from(paid) },
            "Items": items.iter().map(|(id, size)| json!({"Id": id, "Size": size.map(|s| spelled(s, strings))})).collect::<Vec<_>>(),
            "Unknown": {"ignored": [1, 2, 3]},
        });
        let got = decode_both(body.to_string().as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let want = Response {
            ret_code, name, note, amount, refund: refund.map(|r| Decimal::new(r, 2)), count, paid,
            items: items.into_iter().map(|(id, size)| Item { id, size }).collect(),
        };
        prop_assert_eq!(got, want);
    }
}

#[test]
fn deep_nesting_and_huge_numbers_are_errors_not_crashes() {
    let deep = format!("{{\"Items\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(decode_both(deep.as_bytes()).is_err());
    let body = r#"{"RetCode":"1e999999","Name":1,"Amount":"1e999999999","Paid":2}"#;
    assert!(decode(body.as_bytes()).is_err());
    for amount in
        ["1e999999999", "-1e-999999999", "1e28", "1e29", "7.9228162514264337593543950336e28", "1e-28"]
    {
        let body = format!(r#"{{"RetCode":0,"Name":"n","Amount":"{amount}","Paid":true}}"#);
        let _ = decode(body.as_bytes());
    }
    // Trailing garbage after a good response is refused.
    let good = r#"{"RetCode":0,"Name":"n","Amount":"1.00","Paid":"yes"}"#;
    assert!(decode_both(good.as_bytes()).is_ok());
    assert!(decode_both(format!("{good}garbage").as_bytes()).is_err());
}
