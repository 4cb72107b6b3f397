//! Rustdoc from descriptions the docs wrote: escaped so that no description can break the build,
//! open a code block (so no doctest), start an attribute, or make rustdoc warn.
//!
//! Every Markdown-active character is backslash-escaped, `<` and `>` become entities (no HTML),
//! each line is trimmed (a line indented four spaces would be a code block), a line never starts
//! a list or a heading underline (a list's unindented next line trips clippy's
//! `doc_lazy_continuation`), and a URL is a code span (rustdoc warns about bare URLs).

/// Escapes one description for use as rustdoc text. Line breaks are kept as separate lines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().map(str::trim).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (marker, rest) = split_block_marker(line);
        if !marker.is_empty() {
            // `1.` → `1\.`, `-` → `\-`: the text as written, no list.
            let (head, last) = marker.split_at(marker.len() - 1);
            out.push_str(head);
            out.push('\\');
            out.push_str(last);
        }
        escape_inline(rest, &mut out);
    }
    out
}

/// A line's leading list item or setext marker (`-`, `+`, `=`, `12.`, `3)`) and the rest.
fn split_block_marker(line: &str) -> (&str, &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let end = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'+' | b'=') if digits == 0 => 1,
        _ => 0,
    };
    line.split_at(end)
}

/// The length of the URL starting `text`, when it starts with one (`http://`, `https://`),
/// without trailing punctuation.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let run = text
        .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | '`' | '(' | ')' | '[' | ']'))
        .unwrap_or(text.len());
    Some(text[..run].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']).len())
}

/// Escapes one line's text (after any block marker) onto `out`.
fn escape_inline(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = url_len(rest) {
            out.push('`');
            out.push_str(&rest[..len]);
            out.push('`');
            rest = &rest[len..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
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

/// Escapes text for inline code spans in docs (a wire name, an enum value): a span that cannot be
/// closed early by a backtick inside it.
pub fn code(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c == '`' || c.is_control() { '\'' } else { c }).collect();
    format!("`{clean}`")
}

/// A link to a client method in docs (``[`Client::list_paid_orders`]``); a plain code span for
/// a raw name (`Client::r#match`), which intra-doc links cannot resolve.
pub fn client_method(method: &super::names::RustName) -> String {
    if method.as_str() == method.bare() {
        format!("[`Client::{method}`]")
    } else {
        format!("`Client::{method}`")
    }
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
        assert_eq!(escape("地域。 参见 [列表](https://x)"), "地域。 参见 \\[列表\\](`https://x`)");
        assert_eq!(code("a`b"), "`a'b`");
    }

    #[test]
    fn no_line_starts_a_list_or_underlines_a_heading() {
        assert_eq!(escape("Keys:\n- k1\nlazy line"), "Keys:\n\\- k1\nlazy line");
        assert_eq!(
            escape("A tag:\n1. one\n2) two\n+ three\n==="),
            "A tag:\n1\\. one\n2\\) two\n\\+ three\n\\==="
        );
        assert_eq!(escape("-1 is none, 2.5 GB"), "\\-1 is none, 2.5 GB");
        assert_eq!(escape("2026 or later"), "2026 or later");
    }

    #[test]
    fn urls_are_code_spans() {
        assert_eq!(escape("See https://example.com/tags."), "See `https://example.com/tags`.");
        assert_eq!(escape("(http://a.b/c_d?x=1)"), "(`http://a.b/c_d?x=1`)");
        assert_eq!(escape("https://x 和 https://y。"), "`https://x` 和 `https://y`。");
        assert_eq!(escape("http://"), "`http://`");
        assert_eq!(escape("not http:/x"), "not http:/x");
    }

    #[test]
    fn empty_descriptions_fall_back() {
        assert_eq!(lines("  ", "The `x` field.", &[]), vec!["The `x` field.".to_string()]);
        assert_eq!(lines("Size", "f", &["Wire name: `Size`".into()]), vec!["Size", "", "Wire name: `Size`"]);
    }
}
