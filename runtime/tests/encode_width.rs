//! Request-side structs encode every field under its wire name, whether their fields reach the
//! runtime as one tuple (up to `TUPLE_FIELDS`) or one by one (a wider struct).

use sdkgen_runtime::{EncodeParams, Params};

sdkgen_runtime::params! {
    /// Thirty-two fields: encoded as one tuple.
    pub struct Widest {
        optional f00: i64 = "F00"; optional f01: i64 = "F01"; optional f02: i64 = "F02";
        optional f03: i64 = "F03"; optional f04: i64 = "F04"; optional f05: i64 = "F05";
        optional f06: i64 = "F06"; optional f07: i64 = "F07"; optional f08: i64 = "F08";
        optional f09: i64 = "F09"; optional f10: i64 = "F10"; optional f11: i64 = "F11";
        optional f12: i64 = "F12"; optional f13: i64 = "F13"; optional f14: i64 = "F14";
        optional f15: i64 = "F15"; optional f16: i64 = "F16"; optional f17: i64 = "F17";
        optional f18: i64 = "F18"; optional f19: i64 = "F19"; optional f20: i64 = "F20";
        optional f21: i64 = "F21"; optional f22: i64 = "F22"; optional f23: i64 = "F23";
        optional f24: i64 = "F24"; optional f25: i64 = "F25"; optional f26: i64 = "F26";
        optional f27: i64 = "F27"; optional f28: i64 = "F28"; optional f29: i64 = "F29";
        optional f30: i64 = "F30"; optional f31: i64 = "F31";
    }

    /// Thirty-three fields: encoded field by field.
    pub struct Wider {
        optional f00: i64 = "F00"; optional f01: i64 = "F01"; optional f02: i64 = "F02";
        optional f03: i64 = "F03"; optional f04: i64 = "F04"; optional f05: i64 = "F05";
        optional f06: i64 = "F06"; optional f07: i64 = "F07"; optional f08: i64 = "F08";
        optional f09: i64 = "F09"; optional f10: i64 = "F10"; optional f11: i64 = "F11";
        optional f12: i64 = "F12"; optional f13: i64 = "F13"; optional f14: i64 = "F14";
        optional f15: i64 = "F15"; optional f16: i64 = "F16"; optional f17: i64 = "F17";
        optional f18: i64 = "F18"; optional f19: i64 = "F19"; optional f20: i64 = "F20";
        optional f21: i64 = "F21"; optional f22: i64 = "F22"; optional f23: i64 = "F23";
        optional f24: i64 = "F24"; optional f25: i64 = "F25"; optional f26: i64 = "F26";
        optional f27: i64 = "F27"; optional f28: i64 = "F28"; optional f29: i64 = "F29";
        optional f30: i64 = "F30"; optional f31: i64 = "F31"; optional f32: i64 = "F32";
    }
}

fn names(value: &impl EncodeParams) -> Vec<String> {
    let mut out = Params::new();
    value.encode("Item.0", &mut out);
    out.iter().map(|(name, value)| format!("{name}={value}")).collect()
}

#[test]
fn the_widest_tuple_and_a_wider_struct_encode_every_field() {
    assert_eq!(sdkgen_runtime::TUPLE_FIELDS, 32);
    let widest = Widest { f00: Some(0), f17: Some(17), f31: Some(31), ..Default::default() };
    assert_eq!(names(&widest), ["Item.0.F00=0", "Item.0.F17=17", "Item.0.F31=31"]);
    let wider = Wider { f00: Some(0), f31: Some(31), f32: Some(32), ..Default::default() };
    assert_eq!(names(&wider), ["Item.0.F00=0", "Item.0.F31=31", "Item.0.F32=32"]);
}
