//! Text helpers shared by the prose scanners: one normalised form, so every rule sees ASCII
//! punctuation, newlines for `<br>`, and no Markdown markup.

/// Normalises a description into characters the scanners can match simply: `<br>` becomes a
/// newline, Markdown links keep their text, escapes and emphasis go, and full-width punctuation,
/// digits and spaces become ASCII (so `：` and `:` need not both be spelled out in every rule).
pub(crate) fn normalize(s: &str) -> Vec<char> {
    let src: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == '<' && at(&src, i, "<br") {
            // `<br>`, `<br/>`, `<br />`: a line break.
            let mut j = i + 3;
            while j < src.len() && j < i + 8 && (src[j] == ' ' || src[j] == '/') {
                j += 1;
            }
            if src.get(j) == Some(&'>') {
                out.push('\n');
                i = j + 1;
                continue;
            }
        }
        if c == '&' {
            let entities = [("&gt;", '>'), ("&lt;", '<'), ("&amp;", '&'), ("&nbsp;", ' '), ("&quot;", '"')];
            if let Some((name, ch)) = entities.iter().find(|(name, _)| at(&src, i, name)) {
                out.push(*ch);
                i += name.chars().count();
                continue;
            }
        }
        if c == '\\' {
            if let Some(&next) = src.get(i + 1) {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    i += 2;
                    continue;
                }
            }
        }
        if c == '`' || (c == '*' && src.get(i + 1) == Some(&'*')) {
            i += if c == '*' { 2 } else { 1 };
            continue;
        }
        if c == ']' && src.get(i + 1) == Some(&'(') {
            // A Markdown link: keep the text (already emitted), drop the target.
            if let Some(close) = src[i + 2..].iter().take(300).position(|&x| x == ')') {
                i += close + 3;
                continue;
            }
        }
        if c == '[' && link_text_follows(&src, i) {
            i += 1;
            continue;
        }
        if c == '\r' {
            i += 1;
            continue;
        }
        out.push(map_char(c));
        i += 1;
    }
    out
}

/// True when the `[` at `i` opens a Markdown link (`[text](target)`), so the bracket is markup.
fn link_text_follows(src: &[char], i: usize) -> bool {
    let rest = &src[i + 1..];
    match rest.iter().take(200).position(|&x| x == ']' || x == '[') {
        Some(p) => rest[p] == ']' && rest.get(p + 1) == Some(&'('),
        None => false,
    }
}

/// Maps full-width and typographic characters to the ASCII ones the rules are written with.
fn map_char(c: char) -> char {
    match c {
        '：' => ':',
        '；' => ';',
        '，' => ',',
        '（' => '(',
        '）' => ')',
        '［' => '[',
        '］' => ']',
        '～' | '〜' => '~',
        '–' | '—' | '－' => '-',
        '“' | '”' | '＂' => '"',
        '‘' | '’' | '＇' => '\'',
        '＞' => '>',
        '＜' => '<',
        '＝' => '=',
        '　' | '\u{a0}' | '\t' => ' ',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `pat` occurs at `i`, ASCII letters compared case-insensitively.
pub(crate) fn at(t: &[char], i: usize, pat: &str) -> bool {
    let mut j = i;
    for p in pat.chars() {
        match t.get(j) {
            Some(&c) if c.eq_ignore_ascii_case(&p) => j += 1,
            _ => return false,
        }
    }
    true
}

/// Whether `pat` occurs anywhere in `t` (case-insensitive for ASCII).
pub(crate) fn contains(t: &[char], pat: &str) -> bool {
    (0..t.len()).any(|i| at(t, i, pat))
}

/// Whether `pat` occurs at `i` as a whole English word (no ASCII letter or digit either side).
pub(crate) fn word_at(t: &[char], i: usize, pat: &str) -> bool {
    at(t, i, pat)
        && (i == 0 || !t[i - 1].is_ascii_alphanumeric())
        && !t.get(i + pat.chars().count()).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether `pat` occurs anywhere in `t` as a whole English word.
pub(crate) fn contains_word(t: &[char], pat: &str) -> bool {
    (0..t.len()).any(|i| word_at(t, i, pat))
}

/// A letter of a non-Latin script (Chinese text, in practice): the start of an explanation.
pub(crate) fn is_cjk(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic()
}

/// Characters an identifier-like value may contain (`UHost`, `sha2-256`, `cn-sh2`, `1.0`).
pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Skips spaces (not newlines) from `i`.
pub(crate) fn skip_spaces(t: &[char], mut i: usize) -> usize {
    while t.get(i) == Some(&' ') {
        i += 1;
    }
    i
}

/// Reads an integer at `i` (optional `-`); `None` for decimals and for numbers too large to be
/// trusted, so a huge or fractional figure never turns into a bogus bound.
pub(crate) fn parse_int(t: &[char], i: usize) -> Option<(i64, usize)> {
    let mut j = i;
    let negative = t.get(j) == Some(&'-');
    if negative {
        j += 1;
    }
    let start = j;
    while t.get(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    let digits = j - start;
    if digits == 0 || digits > 18 {
        return None;
    }
    if t.get(j) == Some(&'.') && t.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for c in &t[start..j] {
        value = value.checked_mul(10)?.checked_add(i64::from(c.to_digit(10)?))?;
    }
    Some((if negative { -value } else { value }, j))
}

/// Like [`parse_int`], also reading thousands groups: `1,000` and `30 000 000` (a separator
/// followed by exactly three digits). Commas only when `commas` (never inside `[1,100]`, where a
/// comma separates two numbers).
pub(crate) fn parse_grouped_int(t: &[char], i: usize, commas: bool) -> Option<(i64, usize)> {
    let (first, mut end) = parse_int(t, i)?;
    let lead = end - i - usize::from(first < 0);
    if lead > 3 {
        return Some((first, end));
    }
    let mut value = first.unsigned_abs() as i128;
    let mut grouped = false;
    while let Some(&sep) = t.get(end) {
        let digits = t.get(end + 1..end + 4).is_some_and(|g| g.iter().all(char::is_ascii_digit));
        let closed = !t.get(end + 4).is_some_and(|c| c.is_ascii_digit());
        if !(matches!(sep, ' ' | '\u{2009}' | '\u{202f}') || (commas && sep == ',')) || !digits || !closed {
            break;
        }
        for c in &t[end + 1..end + 4] {
            // Past i64 anyway; checked so no run of groups can overflow.
            value = value.checked_mul(10)?.checked_add(i128::from(c.to_digit(10)?))?;
        }
        grouped = true;
        end += 4;
    }
    if !grouped {
        return Some((first, end));
    }
    let value = i64::try_from(value).ok()?;
    Some((if first < 0 { -value } else { value }, end))
}

/// Whether Chinese text states a condition: `…X 为 Y 时`, `的时候`, `当…`, `如果…`, `若…`.
/// `时` inside a word (`时间`, `小时`, `按时`, `同时`, `超时`, `实时`) and `当前`, `当天`, `若干`
/// are no condition. Shared by the enum and the constraint scanners, so both read a condition
/// alike.
pub(crate) fn states_condition(s: &[char]) -> bool {
    const BEFORE_SHI: &str = "小实按计同及定临超准暂平每当历耗适即随何几届";
    const AFTER_SHI: &str = "间长段区刻效延钟期代序";
    (0..s.len()).any(|k| {
        let next = s.get(k + 1).copied();
        match s[k] {
            '时' => k > 0 && !BEFORE_SHI.contains(s[k - 1]) && !next.is_some_and(|n| AFTER_SHI.contains(n)),
            '当' => !next.is_some_and(|n| "前天日月年".contains(n)),
            '若' => next != Some('干'),
            _ => at(s, k, "如果"),
        }
    })
}

/// Start of the clause that contains `i`: just after the last sentence or clause break.
pub(crate) fn clause_start(t: &[char], i: usize) -> usize {
    let mut j = i.min(t.len());
    while j > 0 {
        let c = t[j - 1];
        if matches!(c, '。' | ';' | ',' | '\n' | '(' | ')' | ':' | '、' | '!' | '?' | '【' | '】')
            || (c == '.' && t.get(j).is_some_and(|n| *n == ' '))
        {
            break;
        }
        j -= 1;
    }
    j
}

/// The text of `t[from..to]` as a `String`, bounds clamped.
pub(crate) fn slice(t: &[char], from: usize, to: usize) -> String {
    let to = to.min(t.len());
    let from = from.min(to);
    t[from..to].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_numbers_too_long_for_i64_are_no_number() {
        let many = format!("1{}", " 000".repeat(20));
        assert_eq!(parse_grouped_int(&normalize(&many), 0, true), None);
        let t = normalize("30 000 000");
        assert_eq!(parse_grouped_int(&t, 0, false), Some((30_000_000, 10)));
    }

    fn n(s: &str) -> String {
        normalize(s).into_iter().collect()
    }

    #[test]
    fn normalize_turns_markup_into_plain_text() {
        assert_eq!(n("a<br />b<br>c<BR/>d"), "a\nb\nc\nd");
        assert_eq!(n("取值：1\\~5，见[说明](api/x.md)"), "取值:1~5,见说明");
        assert_eq!(n("**Yes** `x`"), "Yes x");
        assert_eq!(n("（１－９）"), "(1-9)");
    }

    #[test]
    fn parse_int_refuses_decimals_and_overflow() {
        let t: Vec<char> = "12 -3 1.5 99999999999999999999999".chars().collect();
        assert_eq!(parse_int(&t, 0), Some((12, 2)));
        assert_eq!(parse_int(&t, 3), Some((-3, 5)));
        assert_eq!(parse_int(&t, 6), None);
        assert_eq!(parse_int(&t, 10), None);
    }
}
