//! A field's stated constraints as doc lines, and a documented default as a Rust literal.

use super::*;

/// Doc lines stating a field's constraints.
pub(super) fn constraint_lines(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    match (c.min, c.max) {
        (Some(min), Some(max)) => out.push(format!("Range: {min} to {max}.")),
        (Some(min), None) => out.push(format!("At least {min}.")),
        (None, Some(max)) => out.push(format!("At most {max}.")),
        _ => {}
    }
    if let Some(d) = &c.default {
        out.push(format!("Default: {}.", docs::code(d)));
    }
    if !c.enum_values.is_empty() {
        let values: Vec<String> = c.enum_values.iter().map(|v| docs::code(v)).collect();
        let case = if c.case_insensitive { " (in any case)" } else { "" };
        if c.enum_open {
            out.push(format!(
                "Documented values, as examples (others are valid too): {}.",
                values.join(", ")
            ));
        } else {
            out.push(format!("Allowed values{case}: {}.", values.join(", ")));
        }
    }
    if let Some(n) = c.min_items {
        out.push(format!("At least {n} items."));
    }
    if let Some(n) = c.max_items {
        out.push(format!("At most {n} items."));
    }
    if let Some(other) = &c.greater_than {
        out.push(format!("Must be greater than {}.", docs::code(other)));
    }
    if let Some(days) = c.max_range_days {
        out.push(format!("The range may span at most {days} days."));
    }
    out
}

/// A documented default as a Rust literal of the param's type; `None` for types the SDK does not
/// send defaults of (the param then stays a method argument).
pub(super) fn default_literal(ty: &RustType, default: &str) -> Option<String> {
    match ty {
        // Past `i32`, the literal says `i64`: unsuffixed, it would be typed `i32` and overflow.
        RustType::Int => default.parse::<i64>().ok().map(|n| {
            if i32::try_from(n).is_ok() {
                n.to_string()
            } else {
                format!("{n}i64")
            }
        }),
        RustType::Float => default.parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| format!("{x:?}")),
        RustType::Bool => default.parse::<bool>().ok().map(|b| b.to_string()),
        RustType::String | RustType::Enum(_) => Some(proc_macro2::Literal::string(default).to_string()),
        _ => None,
    }
}
