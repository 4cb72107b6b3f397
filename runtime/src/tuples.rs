//! `for_tuples!(m)` calls `m!` once per tuple arity from 0 to [`TUPLE_FIELDS`], with the
//! index and a type parameter name of each element: `m!()`, `m!(0 S0)`, `m!(0 S0 1 S1)`, ….
//! Generated structs hand their fields to the runtime as one tuple (the slots a response is
//! decoded into, the fields a request encodes): one trait bound on a tuple costs rustc less to
//! check than a call or a coercion per field (measured on the ulb sample crate: 4 % fewer
//! instructions for decoding, 2 % for encoding). The impls are written once, here.

/// The widest tuple the runtime's tuple traits cover. A struct with more fields than this
/// takes the per-field path (the generated macros pick it by counting the fields).
pub const TUPLE_FIELDS: usize = 32;

/// Calls `$m!` for every tuple arity up to 32; see the module docs.
macro_rules! for_tuples {
    ($m:ident) => {
        $crate::tuples::for_tuples!(@each $m []
            0 S0 1 S1 2 S2 3 S3 4 S4 5 S5 6 S6 7 S7 8 S8 9 S9 10 S10 11 S11 12 S12 13 S13 14 S14
            15 S15 16 S16 17 S17 18 S18 19 S19 20 S20 21 S21 22 S22 23 S23 24 S24 25 S25 26 S26
            27 S27 28 S28 29 S29 30 S30 31 S31
        );
    };
    (@each $m:ident [ $( $i:tt $S:ident )* ]) => {
        $m!($( $i $S )*);
    };
    (@each $m:ident [ $( $i:tt $S:ident )* ] $next:tt $N:ident $( $rest:tt )*) => {
        $m!($( $i $S )*);
        $crate::tuples::for_tuples!(@each $m [ $( $i $S )* $next $N ] $( $rest )*);
    };
}
pub(crate) use for_tuples;
