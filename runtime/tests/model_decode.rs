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

sdkgen_runtime::model! {
    /// Thirty-two fields: slots in a tuple.
    pub struct Widest {
        required f00: i64 = "F00"; optional f01: i64 = "F01"; optional f02: i64 = "F02";
        optional f03: i64 = "F03"; optional f04: i64 = "F04"; optional f05: i64 = "F05";
        optional f06: i64 = "F06"; optional f07: i64 = "F07"; optional f08: i64 = "F08";
        optional f09: i64 = "F09"; optional f10: i64 = "F10"; optional f11: i64 = "F11";
        optional f12: i64 = "F12"; optional f13: i64 = "F13"; optional f14: i64 = "F14";
        optional f15: i64 = "F15"; optional f16: i64 = "F16"; optional f17: i64 = "F17";
        optional f18: i64 = "F18"; optional f19: i64 = "F19"; optional f20: i64 = "F20";
        optional f21: i64 = "F21"; optional f22: i64 = "F22"; optional f23: i64 = "F23";
        optional f24: i64 = "F24"; optional f25: i64 = "F25"; optional f26: i64 = "F26";
        optional f27: i64 = "F27"; optional f28: i64 = "F28"; optional f29: i64 = "F29";
        optional f30: i64 = "F30"; required f31: i64 = "F31";
    }

    /// Thirty-three fields: slots in an array.
    pub struct Wider {
        required f00: i64 = "F00"; optional f01: i64 = "F01"; optional f02: i64 = "F02";
        optional f03: i64 = "F03"; optional f04: i64 = "F04"; optional f05: i64 = "F05";
        optional f06: i64 = "F06"; optional f07: i64 = "F07"; optional f08: i64 = "F08";
        optional f09: i64 = "F09"; optional f10: i64 = "F10"; optional f11: i64 = "F11";
        optional f12: i64 = "F12"; optional f13: i64 = "F13"; optional f14: i64 = "F14";
        optional f15: i64 = "F15"; optional f16: i64 = "F16"; optional f17: i64 = "F17";
        optional f18: i64 = "F18"; optional f19: i64 = "F19"; optional f20: i64 = "F20";
        optional f21: i64 = "F21"; optional f22: i64 = "F22"; optional f23: i64 = "F23";
        optional f24: i64 = "F24"; optional f25: i64 = "F25"; optional f26: i64 = "F26";
        optional f27: i64 = "F27"; optional f28: i64 = "F28"; optional f29: i64 = "F29";
        optional f30: i64 = "F30"; optional f31: i64 = "F31"; required f32: i64 = "F32";
    }
}

/// The widest struct whose slots are a tuple (32 fields), and one wider (33: its slots are an
/// array of `&mut dyn Slot`): every key lands in its own field, and a missing required field is
/// named, whichever way the slots are held.
#[test]
fn wide_structs_decode_like_narrow_ones() {
    assert_eq!(sdkgen_runtime::TUPLE_FIELDS, 32);
    let body = |n: usize, skip: usize| {
        let keys: Vec<String> = (0..n).filter(|i| *i != skip).map(|i| format!("\"F{i:02}\": {i}")).collect();
        format!("{{{}}}", keys.join(", "))
    };
    let t: Widest = decode(&body(32, 99)).unwrap();
    assert_eq!((t.f00, t.f01, t.f30, t.f31), (0, Some(1), Some(30), 31));
    let w: Wider = decode(&body(33, 99)).unwrap();
    assert_eq!((w.f00, w.f01, w.f31, w.f32), (0, Some(1), Some(31), 32));
    let w: Wider = decode(&body(33, 16)).unwrap();
    assert_eq!(w.f16, None);
    let err = decode::<Widest>(&body(32, 31)).unwrap_err();
    assert!(err.to_string().contains("missing field `F31`"), "{err}");
    let err = decode::<Wider>(&body(33, 32)).unwrap_err();
    assert!(err.to_string().contains("missing field `F32`"), "{err}");
}
