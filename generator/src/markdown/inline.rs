//! Inline cleanup: a table cell or prose line with Markdown markup → plain text.
//!
//! pulldown-cmark does the inline parsing (emphasis, links, code spans, backslash escapes), so
//! odd nesting such as `**[x](y)**` comes out right; `<br>` becomes a newline and any other
//! inline HTML is kept as written, because `<bucket_name>` in a description is text, not markup.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Plain text of one cell or line: bold and italics removed, `[text](url)` → `text`, `<br>` →
/// newline, `\|` → `|`, code spans kept as their text, trimmed.
pub fn clean_inline(text: &str) -> String {
    // A leading `#`, `>`, `-` or `1.` would be read as block syntax (and leading spaces as an
    // indented code block); the text is known to be inline, so trim it and escape the marker.
    let src = guard(text.trim());
    let mut out = String::new();
    for event in Parser::new(&src) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => {
                if is_br(&h) {
                    out.push('\n');
                } else {
                    out.push_str(&h);
                }
            }
            Event::End(TagEnd::Paragraph) => out.push('\n'),
            Event::Start(Tag::Image { .. }) => {}
            _ => {}
        }
    }
    tidy(&out)
}

fn guard(text: &str) -> String {
    if text.starts_with(['#', '>', '-', '+', '|']) || text.starts_with("* ") {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_string()
}

/// True when the text holds a CJK ideograph: Chinese headers and cells get Chinese labels.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'))
}

/// `<br>`, `<br/>`, `<br />`, any case.
fn is_br(html: &str) -> bool {
    let compact: String = html.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    matches!(compact.as_str(), "<br>" | "<br/>" | "</br>")
}

/// Trims every line and the whole, and drops blank lines left by markup.
fn tidy(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup() {
        assert_eq!(clean_inline(" **ProjectId** "), "ProjectId");
        assert_eq!(clean_inline("see [签名算法](api/summary/signature.md) now"), "see 签名算法 now");
        assert_eq!(clean_inline("a<br>b<br />c"), "a\nb\nc");
        assert_eq!(clean_inline(r"x \| y"), "x | y");
        assert_eq!(clean_inline("当 `RetCode` 非 0"), "当 RetCode 非 0");
        assert_eq!(clean_inline("Host: <bucket_name>.example"), "Host: <bucket_name>.example");
    }

    #[test]
    fn block_syntax_at_the_start_stays_text() {
        assert_eq!(clean_inline("- not a list"), "- not a list");
        assert_eq!(clean_inline("# not a heading"), "# not a heading");
        assert_eq!(clean_inline("1. first"), "1. first");
        assert_eq!(clean_inline("> quote"), "> quote");
    }
}
