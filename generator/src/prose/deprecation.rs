//! Deprecation marks: `【待废弃】`, `【建议不再使用】`, `已废弃`, "deprecated".
//!
//! Precision first: a phrase that describes something else ("the deprecated Foo", "已废弃的字段",
//! "代替已废弃的X") does not mark the field.

use super::text::{at, word_at};

/// Chinese phrases that, standing on their own, say the field is (being) retired.
const ZH_PHRASES: &[&str] = &[
    "建议不再使用",
    "已不再使用",
    "不再使用",
    "即将废弃",
    "已经废弃",
    "已废弃",
    "待废弃",
    "将废弃",
    "已弃用",
    "即将弃用",
    "不再支持",
];

/// True when the (normalised) text marks the field deprecated.
pub(crate) fn is_deprecated(t: &[char]) -> bool {
    bracket_mark(t) || chinese_phrase(t) || english_word(t) || bare_word(t)
}

/// `【待废弃】`, `【建议不再使用】`, `【Deprecated】`: a bracketed tag is always about the field.
fn bracket_mark(t: &[char]) -> bool {
    let mut i = 0;
    while i < t.len() {
        if t[i] == '【' {
            let end = t[i..].iter().take(20).position(|&c| c == '】').map(|p| i + p);
            if let Some(end) = end {
                let inner = &t[i + 1..end];
                if ["废弃", "弃用", "不再使用", "deprecated"]
                    .iter()
                    .any(|p| (0..inner.len()).any(|k| at(inner, k, p)))
                {
                    return true;
                }
                i = end;
            }
        }
        i += 1;
    }
    false
}

fn chinese_phrase(t: &[char]) -> bool {
    let mut i = 0;
    while i < t.len() {
        if let Some(p) = ZH_PHRASES.iter().find(|p| at(t, i, p)) {
            let end = i + p.chars().count();
            // "已废弃的字段", "不再使用时", "不再使用后": the phrase qualifies something else.
            let next = t.get(end).copied();
            let attributive = matches!(next, Some('的' | '时' | '后' | '则'));
            let replaces = ["替代", "代替", "取代", "替换"].iter().any(|r| {
                let from = i.saturating_sub(6);
                (from..i).any(|k| at(t, k, r))
            });
            if !attributive && !replaces {
                return true;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    false
}

fn english_word(t: &[char]) -> bool {
    (0..t.len()).any(|i| {
        if !word_at(t, i, "deprecated") {
            return false;
        }
        let before: String = t[i.saturating_sub(12)..i].iter().collect::<String>().to_ascii_lowercase();
        let before = before.trim_end();
        // "not deprecated", "the deprecated Foo", "a deprecated field": not this field's mark.
        !(before.ends_with("not")
            || before.ends_with("the")
            || before.ends_with(" a")
            || before == "a"
            || before.ends_with("non-")
            || before.ends_with("of"))
    })
}

/// A description that is just "废弃" (or starts with it as a tag).
fn bare_word(t: &[char]) -> bool {
    let start = t.iter().position(|c| !c.is_whitespace() && !matches!(c, '(' | '[')).unwrap_or(t.len());
    at(t, start, "废弃")
        && t.get(start + 2)
            .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | ']' | ',' | '。' | ':' | ';'))
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn dep(s: &str) -> bool {
        is_deprecated(&normalize(s))
    }

    #[test]
    fn real_phrasings_mark_deprecated() {
        assert!(dep("【待废弃】云主机机型（V1版本概念）。"));
        assert!(dep("【建议不再使用】网络状态。 连接：Connected"));
        assert!(dep("【已废弃】旧字段"));
        assert!(dep("网络 id（已废弃）"));
        assert!(dep("安全组ID（即将废弃）"));
        assert!(dep(" 废弃 "));
        assert!(dep("Deprecated. Use Foo instead."));
        assert!(dep("This field is deprecated"));
        assert!(dep("旧参数，不再使用"));
    }

    #[test]
    fn unrelated_mentions_do_not_mark() {
        assert!(!dep("不建议在生产环境使用"));
        assert!(!dep("用于替代已废弃的OldName字段"));
        assert!(!dep("Replaces the deprecated OldName field"));
        assert!(!dep("This field is not deprecated"));
        assert!(!dep("资源不再使用时请删除"));
        assert!(!dep("废弃资源的数量"));
        assert!(!dep("Page size"));
    }
}
