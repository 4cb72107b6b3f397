//! Turning serde_yaml's errors into diagnostics with a location and a hint.

use crate::diag::Diagnostic;
use crate::ir::Loc;

/// Edit distance between two short words (for "did you mean").
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca.to_lowercase().ne(cb.to_lowercase()));
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The words between backticks in `text`, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// A diagnostic for a serde_yaml error in file `path`. `prefix` names the kind of file in codes
/// (`yaml`, `overlay`, `family`).
pub(crate) fn from_serde(path: &str, prefix: &str, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the location is kept separately.
    let message = match full.rfind(" at line ") {
        Some(i) if full[i..].contains(" column ") => full[..i].to_string(),
        _ => full.clone(),
    };
    let loc = err.location().map(|l| Loc {
        file: path.to_string(),
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        col: u32::try_from(l.column()).unwrap_or(u32::MAX),
    });
    let (code, hint, len) = if let Some(i) = message.find("unknown field `") {
        let words = backticked(&message[i..]);
        let unknown = words.first().copied().unwrap_or_default();
        let expected: Vec<&str> = words.iter().skip(1).copied().collect();
        let hint = match closest(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        ("unknown-key", hint, unknown.chars().count())
    } else if let Some(i) = message.find("unknown variant `") {
        let words = backticked(&message[i..]);
        let unknown = words.first().copied().unwrap_or_default();
        let expected: Vec<&str> = words.iter().skip(1).copied().collect();
        let hint = match closest(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of: {}", expected.join(", ")),
        };
        ("unknown-value", hint, unknown.chars().count())
    } else if message.contains("missing field `") {
        let key = backticked(&message).first().copied().unwrap_or_default().to_string();
        ("missing-key", format!("add `{key}:` to this entry"), 0)
    } else if message.contains("invalid type") {
        ("invalid-value", "check the value's kind (text, number, true/false, list or map)".to_string(), 0)
    } else if message.contains("duplicate") {
        ("duplicate-key", "write each key once".to_string(), 0)
    } else {
        ("syntax", "check the indentation and quoting around this place".to_string(), 0)
    };
    Diagnostic::error(&format!("{prefix}-{code}"), message).at_span(loc, len).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(closest("titel", ["name", "title"]), Some("title"));
        assert_eq!(closest("zzzzzz", ["name", "title"]), None);
        assert_eq!(closest("Requird", ["required"]), Some("required"));
    }
}
