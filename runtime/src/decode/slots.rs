//! The slots a struct's fields are read into: one per field, handed to
//! [`fields`](super::fields) together as a tuple (see [`crate::tuples`]), so a struct's own
//! code is the tuple, one call and the struct literal.

use super::{Field, Tolerant};
use serde::de::MapAccess;

/// Where one field's value goes while its object is read: the field's own type for optional
/// and list fields (absent keeps the default), a [`Required`] for required ones.
///
/// A struct's slots reach [`fields`](super::fields) together, as one [`Slots`].
pub trait Slot<'de, A: MapAccess<'de>> {
    /// Decodes the value of the key just read (a later duplicate key wins).
    fn fill(&mut self, map: &mut A) -> Result<(), A::Error>;

    /// Once every key is read: whether the slot holds a value. Optional and list fields always
    /// do (absent is `None` or empty); a [`Required`] one does if its key was read or its type
    /// has a value for absence ([`Tolerant::missing`](super::Tolerant::missing)).
    fn settle(&mut self) -> bool {
        true
    }
}

impl<'de, A: MapAccess<'de>, T: Tolerant> Slot<'de, A> for T {
    fn fill(&mut self, map: &mut A) -> Result<(), A::Error> {
        *self = map.next_value::<Field<T>>()?.0;
        Ok(())
    }
}

/// The slot of a required field: empty until its key is read (see [`fields`](super::fields)).
#[derive(Debug)]
pub struct Required<T>(pub Option<T>);

impl<T> Required<T> {
    /// An empty slot.
    pub const fn new() -> Self {
        Required(None)
    }

    /// The value, after [`fields`](super::fields) returned `Ok`: it checks that every required slot holds
    /// one (or returns a "missing field" error), so a struct's code needs no `?` per field.
    pub fn take(self) -> T {
        match self.0 {
            Some(value) => value,
            None => unreachable!("decode::fields returns Ok only once every required slot is filled"),
        }
    }
}

impl<T> Default for Required<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, A: MapAccess<'de>, T: Tolerant> Slot<'de, A> for Required<T> {
    fn fill(&mut self, map: &mut A) -> Result<(), A::Error> {
        self.0 = Some(map.next_value::<Field<T>>()?.0);
        Ok(())
    }

    fn settle(&mut self) -> bool {
        if self.0.is_none() {
            self.0 = T::missing();
        }
        self.0.is_some()
    }
}

/// Every slot of a struct, in the order of its wire names: a tuple of [`Slot`]s (what
/// [`model!`](crate::model) builds, up to [`TUPLE_FIELDS`](crate::tuples::TUPLE_FIELDS)
/// fields) or, for a wider struct, a slice of `&mut dyn Slot`.
pub trait Slots<'de, A: MapAccess<'de>> {
    /// Decodes the value of the key just read into slot `i` (an index past the end, which
    /// `model!` never passes, reads nothing).
    fn fill(&mut self, i: usize, map: &mut A) -> Result<(), A::Error>;

    /// Once every key is read: the first slot that holds no value ([`Slot::settle`]), if any.
    fn unsettled(&mut self) -> Option<usize>;
}

/// A wider struct's slots: `model!` passes `&mut [&mut dyn Slot]`.
impl<'de, A: MapAccess<'de>> Slots<'de, A> for &mut [&mut dyn Slot<'de, A>] {
    fn fill(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match self.get_mut(i) {
            Some(slot) => slot.fill(map),
            None => Ok(()),
        }
    }

    fn unsettled(&mut self) -> Option<usize> {
        self.iter_mut().position(|slot| !slot.settle())
    }
}

macro_rules! tuple_slots {
    ($( $i:tt $S:ident )*) => {
        impl<'de, A: MapAccess<'de>, $( $S: Slot<'de, A> ),*> Slots<'de, A> for ( $( $S, )* ) {
            #[allow(unused_variables)] // `map`, in the empty tuple's impl
            fn fill(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
                match i {
                    $( $i => self.$i.fill(map), )*
                    _ => Ok(()),
                }
            }

            fn unsettled(&mut self) -> Option<usize> {
                $( if !self.$i.settle() { return Some($i); } )*
                None
            }
        }
    };
}

crate::tuples::for_tuples!(tuple_slots);
