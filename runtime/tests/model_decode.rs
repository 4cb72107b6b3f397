//! What `model!` structs (every generated response and data model) accept and reject: the same
//! tolerance the per-field serde helpers give, with errors that name the field.

use sdkgen_runtime::decode::{from_body_tolerant, Tolerant};
use sdkgen_runtime::{Decimal, DownloadUrl, Error, OrUnknown, UnixTime};
use std::str::FromStr;

sdkgen_runtime::string_enum! {
    /// A state.
    pub enum State {
        /// `Running`
        Running = "Running",
    }
}

sdkgen_runtime::model! {
    /// A disk.
    pub struct Disk {
        /// Size.
        required size: i64 = "Size";
        /// Parent, recursive.
        optional parent: Box<Disk> = "Parent";
    }

    /// Everything at once.
    pub struct Thing {
        /// Required int.
        required id: i64 = "Id";
        /// Optional int.
        optional count: i64 = "Count";
        /// Optional string.
        optional name: String = "Name";
        /// Money.
        optional price: Decimal = "Price";
        /// Flag.
        optional on: bool = "On";
        /// Ratio.
        optional ratio: f64 = "Ratio";
        /// Time.
        optional created: UnixTime = "CreateTime";
        /// URL.
        optional url: DownloadUrl = "URL";
        /// State.
        optional state: OrUnknown<State> = "State";
        /// Disks.
        list disks: Disk = "Disks";
        /// Free-form.
        required raw: sdkgen_runtime::serde_json::Value = "Raw";
    }

    /// A response keeping what the docs do not list.
    pub struct Open {
        /// Documented.
        optional id: i64 = "Id";
        ..extra except ["RetCode", "Action"]
    }
}

fn decode<T: Tolerant>(body: &str) -> Result<T, Error> {
    from_body_tolerant("Test", body.as_bytes())
}

#[test]
fn loose_spellings_decode_and_absent_keys_take_their_defaults() {
    let t: Thing = decode(
        r#"{"Id": "42", "Count": "", "Name": 7, "Price": "12.30", "On": "1", "Ratio": "0.5",
            "CreateTime": "1700000000", "URL": "", "State": "Running",
            "Disks": [{"Size": 20, "Parent": {"Size": "10"}}], "Unknown": [1, {"x": 2}]}"#,
    )
    .unwrap();
    assert_eq!(t.id, 42);
    assert_eq!(t.count, None, "a blank number is absent");
    assert_eq!(t.name.as_deref(), Some("7"), "a number where text is documented stays its text");
    assert_eq!(t.price, Some(Decimal::from_str("12.30").unwrap()));
    assert_eq!((t.on, t.ratio), (Some(true), Some(0.5)));
    assert_eq!(t.created, Some(UnixTime(1_700_000_000)));
    assert!(t.url.is_none(), "an empty URL is absent");
    assert_eq!(t.state, Some(State::Running.into()));
    assert_eq!(t.disks[0].parent.as_ref().map(|p| p.size), Some(10));
    assert!(t.raw.is_null(), "absent free-form JSON is null");

    let t: Thing = decode(r#"{"Id": 1, "Disks": null, "State": "Stopped", "Name": null}"#).unwrap();
    assert!(t.disks.is_empty(), "a null list is empty");
    assert_eq!(t.state, Some(OrUnknown::Unknown("Stopped".into())));
    assert_eq!(t.name, None);
}

#[test]
fn errors_name_the_field_and_quote_the_value() {
    let err = decode::<Thing>(r#"{"Count": 1}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `Id`"), "{err}");

    let err = decode::<Thing>(r#"{"Id": 1, "Disks": [{"Size": 1}, {"Size": "big"}]}"#).unwrap_err();
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path.as_deref(), Some("Disks[1].Size"), "{err}");
            assert!(message.contains("expected an integer, found \"big\""), "{message}");
        }
        other => panic!("not a decode error: {other:?}"),
    }

    let err = decode::<Thing>(r#"[1, 2]"#).unwrap_err();
    assert!(err.to_string().contains("a Thing object"), "{err}");
}

#[test]
fn escaped_keys_match_like_plain_ones() {
    let t: Thing = decode(r#"{"\u0049d": 5}"#).unwrap();
    assert_eq!(t.id, 5);
}

#[test]
fn extra_keeps_undocumented_fields_but_not_the_envelope() {
    let o: Open =
        decode(r#"{"RetCode": 0, "Action": "X", "Id": 3, "New": {"a": 1}, "Message": "m"}"#).unwrap();
    assert_eq!(o.id, Some(3));
    let keys: Vec<&str> = o.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["Message", "New"], "only the listed keys are left out");
}

/// Keys in any order, some absent, unknown ones between them, a key given twice: every
/// documented key lands in its own field (the last of a repeated key wins), whatever the order.
#[test]
fn key_order_does_not_matter() {
    let t: Thing = decode(
        r#"{"Raw": 1, "Zzz": [1, 2], "State": "Running", "Count": 3, "Id": 9, "Name": "a",
            "Count": 4, "Disks": [{"Size": 1}], "Id": 10}"#,
    )
    .unwrap();
    assert_eq!((t.id, t.count, t.name.as_deref()), (10, Some(4), Some("a")));
    assert_eq!(t.state, Some(State::Running.into()));
    assert_eq!((t.disks.len(), t.raw.clone()), (1, sdkgen_runtime::serde_json::json!(1)));
    assert_eq!((t.price, t.on, t.ratio), (None, None, None));
    let open: Open = decode(r#"{"Later": true, "Id": 2, "Earlier": false, "Action": "X"}"#).unwrap();
    assert_eq!(open.id, Some(2));
    assert_eq!(open.extra.keys().collect::<Vec<_>>(), ["Earlier", "Later"]);
}

/// A struct declared with serde's derive (generated for models sent in requests as well as
/// returned) decodes as a field of a `model!` struct through `decode::derived`.
#[derive(Debug, Clone, PartialEq, sdkgen_runtime::serde::Deserialize)]
#[serde(crate = "sdkgen_runtime::serde")]
pub struct Tag {
    #[serde(rename = "Key")]
    key: String,
}

sdkgen_runtime::derived_object!(Tag);

sdkgen_runtime::model! {
    /// Holds derived structs.
    pub struct Holder {
        /// Optional.
        optional tag: Tag = "Tag";
        /// Required.
        required own: Tag = "Own";
    }
}

#[test]
fn serde_derived_structs_nest_in_model_structs() {
    let h: Holder = decode(r#"{"Tag": {"Key": "a"}, "Own": {"Key": "b"}}"#).unwrap();
    assert_eq!((h.tag, h.own), (Some(Tag { key: "a".into() }), Tag { key: "b".into() }));
    let h: Holder = decode(r#"{"Tag": null, "Own": {"Key": "b"}}"#).unwrap();
    assert_eq!(h.tag, None);
    let err = decode::<Holder>(r#"{"Own": {"Key": 1}}"#).unwrap_err().to_string();
    assert!(err.contains("Own"), "{err}");
}
