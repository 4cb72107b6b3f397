//! Writing a [`Document`] as a spec file.
//!
//! Hand-written rather than serde-serialized so the output reads like a file a person would
//! write: block style, keys in a fixed order, defaults left out, multi-line text as literal
//! blocks. Scalars are quoted by serde_yaml's own rules, and every choice is checked by reading
//! it back, so a string that looks like a number, a boolean or null stays a string.

use crate::ir::{default_idempotent, Action, Constraints, Document, Field, HttpMethod, Model};
use std::fmt::Write as _;

/// Characters YAML cannot hold raw (or that libyaml treats as line breaks).
fn needs_escape(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A double-quoted scalar that escapes everything YAML could misread.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a scalar back as YAML would.
fn reads_back(rendered: &str) -> Option<String> {
    serde_yaml::from_str::<String>(rendered).ok()
}

/// A one-line scalar: serde_yaml's choice (plain when safe) if it reads back, else double quotes.
fn inline(s: &str) -> String {
    if !s.chars().any(|c| c == '\n' || c == '\t' || needs_escape(c)) {
        if let Ok(out) = serde_yaml::to_string(&s) {
            let out = out.strip_suffix('\n').unwrap_or(&out);
            if !out.contains('\n') && reads_back(out).as_deref() == Some(s) {
                return out.to_string();
            }
        }
    }
    double_quoted(s)
}

/// A scalar inside a flow list: plain only when it is a plain word (`modelverse`, `cn-zj`, `1.5`)
/// that reads back as itself; anything else (`?A` opens a mapping in a flow list, `a, b` splits)
/// is double-quoted.
fn flow_item(s: &str) -> String {
    let out = inline(s);
    let plain_word = !out.is_empty()
        && out.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | '@' | '+'))
        && !out.starts_with(['-', '?', ':']);
    if out.starts_with(['"', '\'']) || plain_word {
        out
    } else {
        double_quoted(s)
    }
}

/// Whether `s` can be written as a literal block (`|`) and read back unchanged.
fn literal_ok(s: &str) -> bool {
    let body = s.trim_end_matches('\n');
    // Keeping several final line breaks (`|+`) would swallow the blank line between entries.
    s.contains('\n')
        && s.len() - body.len() <= 1
        && !s.chars().any(|c| c == '\r' || needs_escape(c))
        && body.chars().any(|c| !c.is_whitespace())
        // Lines of only blanks, and blanks before the first text, confuse the indentation rules.
        && body.split('\n').all(|l| l.is_empty() || !l.chars().all(char::is_whitespace))
        && body.split('\n').find(|l| !l.is_empty()).is_some_and(|l| !l.starts_with([' ', '\t']))
}

/// Writes `key: value` at `indent` spaces, choosing a literal block for multi-line text.
fn scalar(out: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    if literal_ok(value) {
        let body = value.trim_end_matches('\n');
        let trailing = value.len() - body.len();
        let chomp = if trailing == 0 { "-" } else { "" };
        let _ = writeln!(out, "{pad}{key}: |{chomp}");
        for line in body.split('\n') {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{pad}  {line}");
            }
        }
    } else {
        let _ = writeln!(out, "{pad}{key}: {}", inline(value));
    }
}

/// Writes `key: value` unless the value is empty.
fn text(out: &mut String, indent: usize, key: &str, value: &str) {
    if !value.is_empty() {
        scalar(out, indent, key, value);
    }
}

fn constraints(out: &mut String, indent: usize, c: &Constraints) {
    if c.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}constraints:");
    let inner = " ".repeat(indent + 2);
    if let Some(v) = c.min {
        let _ = writeln!(out, "{inner}min: {v}");
    }
    if let Some(v) = c.max {
        let _ = writeln!(out, "{inner}max: {v}");
    }
    if let Some(v) = &c.default {
        scalar(out, indent + 2, "default", v);
    }
    if !c.enum_values.is_empty() {
        let items: Vec<String> = c.enum_values.iter().map(|v| flow_item(v)).collect();
        let _ = writeln!(out, "{inner}enum: [{}]", items.join(", "));
    }
    if let Some(v) = c.min_items {
        let _ = writeln!(out, "{inner}min_items: {v}");
    }
    if let Some(v) = c.max_items {
        let _ = writeln!(out, "{inner}max_items: {v}");
    }
    if let Some(v) = &c.greater_than {
        scalar(out, indent + 2, "greater_than", v);
    }
    if let Some(v) = c.max_range_days {
        let _ = writeln!(out, "{inner}max_range_days: {v}");
    }
    if c.enum_open {
        let _ = writeln!(out, "{inner}enum_open: true");
    }
    if c.case_insensitive {
        let _ = writeln!(out, "{inner}case_insensitive: true");
    }
}

/// Writes one field as a sequence item whose keys sit at `indent`.
pub(crate) fn field(out: &mut String, indent: usize, f: &Field) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{}- name: {}", " ".repeat(indent - 2), inline(&f.name));
    let _ = writeln!(out, "{pad}type: {}", inline(&f.ty.to_string()));
    if f.required {
        let _ = writeln!(out, "{pad}required: true");
    }
    text(out, indent, "description", &f.description);
    if f.deprecated {
        let _ = writeln!(out, "{pad}deprecated: true");
    }
    if let Some(format) = f.format {
        let _ = writeln!(out, "{pad}format: {}", format.as_str());
    }
    constraints(out, indent, &f.constraints);
    if let Some(r) = &f.rust_name {
        scalar(out, indent, "rust_name", r);
    }
}

/// Writes a list of fields under `key`, nothing when empty.
pub(crate) fn fields(out: &mut String, indent: usize, key: &str, list: &[Field], always: bool) {
    let pad = " ".repeat(indent);
    if list.is_empty() {
        if always {
            let _ = writeln!(out, "{pad}{key}: []");
        }
        return;
    }
    let _ = writeln!(out, "{pad}{key}:");
    for f in list {
        field(out, indent + 4, f);
    }
}

fn action(out: &mut String, a: &Action) {
    let _ = writeln!(out, "  - name: {}", inline(&a.name));
    text(out, 4, "title", &a.title);
    text(out, 4, "description", &a.description);
    if a.idempotent != default_idempotent(&a.name) {
        let _ = writeln!(out, "    idempotent: {}", a.idempotent);
    }
    if let Some(r) = &a.rust_name {
        scalar(out, 4, "rust_name", r);
    }
    if let Some(method) = a.method {
        let name = match method {
            HttpMethod::PostForm => "post-form",
            HttpMethod::PostJson => "post-json",
            HttpMethod::Get => "get",
        };
        let _ = writeln!(out, "    method: {name}");
    }
    fields(out, 4, "params", &a.params, false);
    fields(out, 4, "response", &a.response, false);
    if !a.examples.is_empty() {
        out.push_str("    examples:\n");
        if !a.examples.request.is_empty() {
            out.push_str("      request:\n");
            for p in &a.examples.request {
                let _ = writeln!(out, "        - name: {}", inline(&p.name));
                scalar(out, 10, "value", &p.value);
            }
        }
        if let Some(r) = &a.examples.response {
            scalar(out, 6, "response", r);
        }
    }
}

fn model(out: &mut String, m: &Model) {
    let _ = writeln!(out, "  - name: {}", inline(&m.name));
    text(out, 4, "description", &m.description);
    if let Some(r) = &m.rust_name {
        scalar(out, 4, "rust_name", r);
    }
    fields(out, 4, "fields", &m.fields, true);
}

/// The spec text of `doc`.
pub(crate) fn document(doc: &Document) -> String {
    let mut out = String::new();
    if !doc.actions.is_empty() {
        out.push_str("actions:\n");
        for (i, a) in doc.actions.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            action(&mut out, a);
        }
    }
    if !doc.models.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("models:\n");
        for (i, m) in doc.models.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            model(&mut out, m);
        }
    }
    if out.is_empty() {
        out.push_str("{}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tricky_strings_stay_strings() {
        for s in [
            "010", "true", "null", "~", "1e5", "", " x", "a: b", "#c", "- d", "中文", "'q'", "\"",
            "\u{2028}", "\r",
        ] {
            assert_eq!(reads_back(&inline(s)).as_deref(), Some(s), "{s:?} as {}", inline(s));
        }
        assert_eq!(flow_item("a,b"), "\"a,b\"");
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        let mut out = String::new();
        scalar(&mut out, 2, "description", "first\n\nsecond\n");
        assert_eq!(out, "  description: |\n    first\n\n    second\n");
    }
}
