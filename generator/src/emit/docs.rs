//! Rustdoc from descriptions the docs wrote: escaped so that no description can break the build,
//! open a code block (so no doctest), start an attribute, or make rustdoc warn.
//!
//! Every Markdown-active character is backslash-escaped, `<` and `>` become entities (no HTML),
//! and each line is trimmed (a line indented four spaces would be a code block).

/// Escapes one description for use as rustdoc text. Line breaks are kept as separate lines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().map(str::trim).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '{' | '}' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

/// Escapes text for inline code spans in docs (a wire name, an enum value): a span that cannot be
/// closed early by a backtick inside it.
pub fn code(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c == '`' || c.is_control() { '\'' } else { c }).collect();
    format!("`{clean}`")
}

/// The doc lines for an item: the escaped description (or `fallback`, already safe rustdoc, when
/// there is none), then extra lines (wire name, constraints), each already safe.
pub fn lines(description: &str, fallback: &str, extra: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text = escape(description);
    if text.trim().is_empty() {
        out.push(fallback.to_string());
    } else {
        out.extend(text.lines().map(str::to_string));
    }
    if !extra.is_empty() {
        out.push(String::new());
        out.extend(extra.iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_stays_active() {
        assert_eq!(escape("```rust\nfn main() {}\n```"), "\\`\\`\\`rust\nfn main() \\{\\}\n\\`\\`\\`");
        assert_eq!(escape("    indented code"), "indented code");
        assert_eq!(escape("a */ b"), "a \\*/ b");
        assert_eq!(escape("#[derive(Debug)]"), "\\#\\[derive(Debug)\\]");
        assert_eq!(escape("<br/>x<script>"), "&lt;br/&gt;x&lt;script&gt;");
        assert_eq!(escape("地域。 参见 [列表](https://x)"), "地域。 参见 \\[列表\\](https://x)");
        assert_eq!(code("a`b"), "`a'b`");
    }

    #[test]
    fn empty_descriptions_fall_back() {
        assert_eq!(lines("  ", "The `x` field.", &[]), vec!["The `x` field.".to_string()]);
        assert_eq!(lines("Size", "f", &["Wire name: `Size`".into()]), vec!["Size", "", "Wire name: `Size`"]);
    }
}
