//! Structs as wide as the runtime's tuples go (`TUPLE_FIELDS`, 32 fields) and one field wider:
//! their fields reach the runtime as one tuple or one by one (`__by_width!` counts them), and
//! either way every field decodes and encodes under its own wire name.

use sdkgen_runtime::decode::{from_body_tolerant, Tolerant};
use sdkgen_runtime::{EncodeParams, Error, Params, TUPLE_FIELDS};

/// `$mac!` (`model` or `params`) declaring `$name` with fields `F01`…`F32`, all `$kind`, plus
/// the fields given first.
macro_rules! numbered {
    ($mac:ident $name:ident $kind:ident $( $first:ident $first_wire:literal )?) => {
        numbered!(@declare $mac $name $kind [
            $( $first $first_wire )?
            f01 "F01" f02 "F02" f03 "F03" f04 "F04" f05 "F05" f06 "F06" f07 "F07" f08 "F08"
            f09 "F09" f10 "F10" f11 "F11" f12 "F12" f13 "F13" f14 "F14" f15 "F15" f16 "F16"
            f17 "F17" f18 "F18" f19 "F19" f20 "F20" f21 "F21" f22 "F22" f23 "F23" f24 "F24"
            f25 "F25" f26 "F26" f27 "F27" f28 "F28" f29 "F29" f30 "F30" f31 "F31" f32 "F32"
        ]);
    };
    (@declare $mac:ident $name:ident $kind:ident [ $( $field:ident $wire:literal )* ]) => {
        sdkgen_runtime::$mac! {
            /// Numbered fields.
            pub struct $name {
                $( $kind $field: i64 = $wire; )*
            }
        }
    };
}

numbered!(model Widest required);
numbered!(model Wider required f00 "F00");
numbered!(params WidestParams optional);
numbered!(params WiderParams optional f00 "F00");

/// An object with keys `F{from}`…`F{to}`, each valued its number, but `skip`.
fn body(from: usize, to: usize, skip: usize) -> String {
    let keys: Vec<String> = (from..=to).filter(|i| *i != skip).map(|i| format!("\"F{i:02}\": {i}")).collect();
    format!("{{{}}}", keys.join(", "))
}

fn decode<T: Tolerant>(body: &str) -> Result<T, Error> {
    from_body_tolerant("Test", body.as_bytes())
}

#[test]
fn every_field_decodes_and_a_missing_one_is_named() {
    assert_eq!(TUPLE_FIELDS, 32);
    let t: Widest = decode(&body(1, 32, 0)).unwrap();
    assert_eq!((t.f01, t.f17, t.f32), (1, 17, 32));
    let w: Wider = decode(&body(0, 32, 99)).unwrap();
    assert_eq!((w.f00, w.f01, w.f32), (0, 1, 32));
    let err = decode::<Widest>(&body(1, 32, 32)).unwrap_err();
    assert!(err.to_string().contains("missing field `F32`"), "{err}");
    let err = decode::<Wider>(&body(0, 32, 16)).unwrap_err();
    assert!(err.to_string().contains("missing field `F16`"), "{err}");
}

fn encoded(value: &impl EncodeParams) -> Vec<String> {
    let mut out = Params::new();
    value.encode("Item.0", &mut out);
    out.iter().map(|(name, value)| format!("{name}={value}")).collect()
}

#[test]
fn every_field_encodes_under_its_prefix() {
    let widest = WidestParams { f01: Some(1), f17: Some(17), f32: Some(32), ..Default::default() };
    assert_eq!(encoded(&widest), ["Item.0.F01=1", "Item.0.F17=17", "Item.0.F32=32"]);
    let wider = WiderParams { f00: Some(0), f31: Some(31), f32: Some(32), ..Default::default() };
    assert_eq!(encoded(&wider), ["Item.0.F00=0", "Item.0.F31=31", "Item.0.F32=32"]);
}
