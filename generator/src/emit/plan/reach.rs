//! Which structs and enums a set of types reaches (the per-action cargo features gate by it).

use super::*;

/// The structs and enums a set of types reaches.
#[derive(Debug, Default)]
pub struct Reached {
    /// Struct names.
    pub structs: BTreeSet<RustName>,
    /// Enum names.
    pub enums: BTreeSet<RustName>,
}

/// The structs and enums reachable from `todo` through lists and struct fields (`fields` gives
/// a struct's fields by name).
pub fn reach<'a>(fields: impl Fn(&str) -> Option<&'a [FieldPlan]>, mut todo: Vec<&'a RustType>) -> Reached {
    let mut seen = Reached::default();
    while let Some(ty) = todo.pop() {
        match ty {
            RustType::List(inner) => todo.push(inner),
            RustType::Enum(name) => {
                seen.enums.insert(name.clone());
            }
            RustType::Struct(name) if seen.structs.insert(name.clone()) => {
                todo.extend(fields(name).into_iter().flatten().map(|f| &f.ty));
            }
            _ => {}
        }
    }
    seen
}
