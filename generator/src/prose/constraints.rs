//! Bounds, defaults, list sizes, relations and date-range limits stated in prose.
//!
//! Every rule collects candidates; a member is set only when all its candidates agree, so a
//! description that states two different maxima ("流量计费[1-300]，带宽计费[1-800]") yields none.

use super::text::{
    at, clause_start, is_cjk, is_ident_char, parse_grouped_int, parse_int, skip_spaces, slice,
    states_condition, word_at,
};
use crate::ir::Constraints;

/// What a bound keyword says about the number after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `min 10`, `至少`, `starting from 1`.
    Min,
    /// `max 100`, `不超过`.
    Max,
    /// `大于0`, `greater than 0` (or `greater than StartTime`).
    MinStrict,
    /// `小于100`, `less than 100`.
    MaxStrict,
}

/// Chinese bound keywords, longest first where one is a prefix of another.
const ZH_BOUNDS: &[(&str, Kind)] = &[
    ("大于或等于", Kind::Min),
    ("大于等于", Kind::Min),
    ("不小于", Kind::Min),
    ("不能小于", Kind::Min),
    ("不得小于", Kind::Min),
    ("不低于", Kind::Min),
    ("不少于", Kind::Min),
    ("最小", Kind::Min),
    ("最少", Kind::Min),
    ("至少", Kind::Min),
    ("小于或等于", Kind::Max),
    ("小于等于", Kind::Max),
    ("不大于", Kind::Max),
    ("不能大于", Kind::Max),
    ("不得大于", Kind::Max),
    ("不超过", Kind::Max),
    ("不能超过", Kind::Max),
    ("不得超过", Kind::Max),
    ("不可超过", Kind::Max),
    ("不高于", Kind::Max),
    ("最大", Kind::Max),
    ("最多", Kind::Max),
    ("至多", Kind::Max),
    ("不多于", Kind::Max),
    ("上限", Kind::Max),
    ("大于", Kind::MinStrict),
    ("小于", Kind::MaxStrict),
];

/// English bound keywords (matched as whole words), longest first.
const EN_BOUNDS: &[(&str, Kind)] = &[
    ("greater than or equal to", Kind::Min),
    ("at least", Kind::Min),
    ("no less than", Kind::Min),
    ("not less than", Kind::Min),
    ("minimum", Kind::Min),
    ("min", Kind::Min),
    ("starting from", Kind::Min),
    ("starts from", Kind::Min),
    ("starting at", Kind::Min),
    ("starts at", Kind::Min),
    ("start from", Kind::Min),
    ("less than or equal to", Kind::Max),
    ("not greater than", Kind::Max),
    ("no greater than", Kind::Max),
    ("no more than", Kind::Max),
    ("not more than", Kind::Max),
    ("not exceed", Kind::Max),
    ("at most", Kind::Max),
    ("up to", Kind::Max),
    ("maximum", Kind::Max),
    ("max", Kind::Max),
    ("greater than", Kind::MinStrict),
    ("larger than", Kind::MinStrict),
    ("later than", Kind::MinStrict),
    ("less than", Kind::MaxStrict),
];

/// Words that introduce a `a-b` range.
const RANGE_KEYWORDS: &[&str] = &["取值范围", "范围", "限定取值", "取值", "可选参数", "值域"];

/// What follows a number when it counts list items rather than bounding a value.
const ITEM_WORDS: &[&str] =
    &["个", "项", "条", "组", "对", "items", "item", "elements", "element", "values", "entries"];

/// What follows a number when it measures a string's length (not representable in the IR).
const LENGTH_WORDS: &[&str] =
    &["个字符", "字符", "个字节", "字节", "个汉字", "个字", "位", "character", "char", "byte"];

/// Units after a number that make it something other than a plain bound on the value.
const UNIT_CHARS: &str = "天日时小分秒年月周倍次核兆千万亿%";

/// Subjects that mean "this field" in English relation sentences.
const SELF_SUBJECTS: &[&str] =
    &["it", "this", "value", "the value", "this value", "this field", "this parameter", "the parameter"];

/// What the scan found: the constraints, plus whether `min` came from a strict "greater than N"
/// (which is `N + 1` only for integers).
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub constraints: Constraints,
    pub strict_min: bool,
    /// "B must be greater than C" where B is named and is not this field: `(B, C)`.
    pub others_greater: Vec<(String, String)>,
    /// A default given in words (`默认为按年付费`, `默认推流`): the value whose label this is.
    pub default_label: Option<String>,
    /// "最大长度为1": a length bound, which on a list param counts its items.
    pub max_length: Option<i64>,
    /// "不允许为空": on a list param, at least one item.
    pub non_empty: bool,
}

/// The target [`Constraints::greater_than`] holds when the text says "greater than the start
/// time" without naming a param: the caller resolves it to the sibling named like this field
/// with `End` turned into `Start` or `Begin`.
pub(crate) const START_TIME: &str = "<start time>";

#[derive(Default)]
struct Found {
    mins: Vec<i64>,
    maxs: Vec<i64>,
    strict_min: bool,
    min_items: Vec<i64>,
    max_items: Vec<i64>,
    ranges: Vec<(i64, i64)>,
    defaults: Vec<String>,
    default_labels: Vec<String>,
    specials: Vec<i64>,
    days: Vec<i64>,
    max_lengths: Vec<i64>,
    non_empty: bool,
    greater: Vec<String>,
    others_greater: Vec<(String, String)>,
}

/// Scans normalised text. `field` is the field's own wire name, when known, so a sentence whose
/// subject is the field itself ("EndTime must be greater than StartTime" on EndTime) counts.
pub(crate) fn scan(t: &[char], field: Option<&str>) -> Scan {
    let mut f = Found::default();
    let mut i = 0;
    while i < t.len() {
        if !may_start_keyword(t, i) {
            i += 1;
            continue;
        }
        i = match bound_at(t, i, field, &mut f)
            .or_else(|| range_at(t, i, &mut f))
            .or_else(|| starting_from_at(t, i, &mut f))
            .or_else(|| default_at(t, i, &mut f))
        {
            Some(next) => next.max(i + 1),
            None => i + 1,
        };
    }
    range_days(t, &mut f);
    specials(t, &mut f);
    sign_words(t, &mut f);
    index_ranges(t, field, &mut f);
    exact_lengths(t, &mut f);
    enumerated_items(t, field, &mut f);
    only_so_many(t, &mut f);
    lengths(t, &mut f);
    bare_ranges(t, &mut f);
    start_time_relation(t, field, &mut f);
    resolve(f)
}

/// Whether the fact at `i` sits in a sentence that states a condition before it ("X为Y时，…",
/// "当…", "如果…", "when …", "if …"): such a fact holds only in that case, so it is no rule.
fn conditional(t: &[char], i: usize) -> bool {
    let mut start = i.min(t.len());
    while start > 0 && !matches!(t[start - 1], '。' | ';' | '\n') {
        start -= 1;
    }
    let span = &t[start..i.min(t.len())];
    let before: String = span.iter().collect::<String>().to_lowercase();
    states_condition(span)
        || ["when", "if", "only for", "in mode"].iter().any(|w| contains_word_str(&before, w))
}

/// Whether `word` occurs in `s` with no ASCII letter or digit either side.
fn contains_word_str(s: &str, word: &str) -> bool {
    s.match_indices(word).any(|(k, _)| {
        let before = s[..k].chars().next_back();
        let after = s[k + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// `非负整数` / "non-negative" (at least 0), `正整数` / "positive integer" (at least 1).
fn sign_words(t: &[char], f: &mut Found) {
    for i in 0..t.len() {
        let min = if at(t, i, "非负") || word_at(t, i, "non-negative") || word_at(t, i, "nonnegative") {
            Some(0)
        } else if at(t, i, "正整数") && !(i > 0 && matches!(t[i - 1], '非' | '为'))
            || word_at(t, i, "positive integer")
        {
            Some(1)
        } else {
            None
        };
        if let Some(min) = min {
            if !conditional(t, i) {
                f.mins.push(min);
            }
        }
    }
}

/// "参数中N的取值范围为 0～9": the index `N` of a list name runs over so many items (only for a
/// name with one `N`: with more, which list the text means is unclear).
fn index_ranges(t: &[char], field: Option<&str>, f: &mut Found) {
    if field.is_some_and(|name| name.split('.').filter(|s| *s == "N" || *s == "n").count() > 1) {
        return;
    }
    for i in 0..t.len() {
        let named = (at(t, i, "n的") || at(t, i, "n 的")) && (i == 0 || !t[i - 1].is_ascii_alphanumeric());
        if !named {
            continue;
        }
        let mut j = i + if at(t, i, "n的") { 2 } else { 3 };
        for w in ["取值范围", "范围", "取值"] {
            if at(t, j, w) {
                j += w.chars().count();
                break;
            }
        }
        j = skip_spaces(t, j);
        while matches!(t.get(j), Some(':' | '为' | '是' | ' ')) {
            j += 1;
        }
        if let Some((lo, hi, _)) = try_range(t, j) {
            if (0..=1).contains(&lo) && hi >= lo && !conditional(t, i) {
                f.max_items.push(hi - lo + 1);
            }
        }
    }
}

/// `数组长度只能为1`, `数组长度为3`: a list of exactly so many items.
fn exact_lengths(t: &[char], f: &mut Found) {
    for i in 0..t.len() {
        let Some(kw) = ["数组长度", "数组大小", "列表长度"].iter().find(|w| at(t, i, w)) else {
            continue;
        };
        let mut j = i + kw.chars().count();
        for w in ["只能为", "必须为", "只能是", "必须是", "固定为", "为", "是", "等于"] {
            if at(t, j, w) {
                j += w.chars().count();
                break;
            }
        }
        j = skip_spaces(t, j);
        let Some((n, end)) = parse_int(t, j) else { continue };
        let clause_ends =
            t.get(skip_spaces(t, end)).is_none_or(|c| matches!(c, '。' | ';' | ',' | '\n' | '.' | '个'));
        if clause_ends && n >= 0 && !conditional(t, i) {
            f.min_items.push(n);
            f.max_items.push(n);
        }
    }
}

/// "需要设置 Master.0.Zone、Master.1.Zone、Master.2.Zone": a sentence that requires the list's
/// items by their indices, every one from 0, names exactly that many items (only for a name
/// with one `N`).
fn enumerated_items(t: &[char], field: Option<&str>, f: &mut Found) {
    let Some(name) = field else { return };
    let parts: Vec<&str> = name.split('.').collect();
    let Some(n_at) = parts.iter().position(|p| *p == "N" || *p == "n") else { return };
    if parts.iter().filter(|p| **p == "N" || **p == "n").count() > 1 {
        return;
    }
    let (before, after) = (parts[..n_at].join("."), parts[n_at + 1..].join("."));
    let text: String = t.iter().collect();
    let required =
        ["需要设置", "必须设置", "需设置", "需要填写", "必须填写"].iter().any(|w| text.contains(w));
    if !required || conditional(t, t.len()) {
        return;
    }
    let mut indices = std::collections::BTreeSet::new();
    let mut rest = text.as_str();
    let head = format!("{before}.");
    while let Some(k) = rest.find(&head) {
        let tail = &rest[k + head.len()..];
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let after_digits = &tail[digits.len()..];
        let whole = if after.is_empty() {
            !after_digits.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
        } else {
            after_digits.strip_prefix('.').is_some_and(|r| {
                r.starts_with(after.as_str())
                    && !r[after.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        };
        if let (true, Ok(i)) = (whole, digits.parse::<i64>()) {
            indices.insert(i);
        }
        rest = &tail[digits.len()..];
    }
    let count = indices.len() as i64;
    if count >= 2 && indices.iter().copied().eq(0..count) {
        f.min_items.push(count);
        f.max_items.push(count);
    }
}

/// "当前只支持一个内网IP", "仅能绑定两个": at most so many (a Chinese numeral) items.
fn only_so_many(t: &[char], f: &mut Found) {
    const NUMERALS: &str = "一两二三四五六七八九十";
    for i in 0..t.len() {
        let Some(w) = ["只支持", "仅支持", "只能", "仅能", "只允许", "仅允许"].iter().find(|w| at(t, i, w))
        else {
            continue;
        };
        let mut j = i + w.chars().count();
        for verb in ["填写", "设置", "指定", "绑定", "传入", "传", "添加", "选择"] {
            if at(t, j, verb) {
                j += verb.chars().count();
                break;
            }
        }
        let Some(k) = t.get(j).and_then(|c| NUMERALS.chars().position(|n| n == *c)) else { continue };
        let n = match k {
            0 => 1,
            1 | 2 => 2,
            k => k as i64,
        };
        if t.get(j + 1) == Some(&'个') && !conditional(t, i) {
            f.max_items.push(n);
        }
    }
}

/// "最大长度为1", "长度不超过20": a bound on a length (the caller keeps it for lists only, where
/// it counts items); "不允许为空", "不能为空": not empty.
fn lengths(t: &[char], f: &mut Found) {
    for i in 0..t.len() {
        if ["不允许为空", "不能为空", "不可为空"].iter().any(|w| at(t, i, w)) && !conditional(t, i)
        {
            f.non_empty = true;
        }
        let bound_after_length = || ["不超过", "最大", "最多", "上限"].iter().find(|w| at(t, i + 2, w));
        let n = if at(t, i, "最大长度") {
            4
        } else if let Some(w) = at(t, i, "长度").then(bound_after_length).flatten() {
            2 + w.chars().count()
        } else {
            continue;
        };
        let mut j = skip_spaces(t, i + n);
        while matches!(t.get(j), Some('为' | '是' | ':' | '=')) {
            j = skip_spaces(t, j + 1);
        }
        let Some((value, end)) = parse_int(t, j) else { continue };
        let tail = skip_spaces(t, end);
        let characters = LENGTH_WORDS.iter().any(|w| at(t, tail, w));
        // "备注最大长度64" bounds something the clause names; "暂时只支持最大长度为1" the param.
        let mut subject = slice(t, clause_start(t, i), i);
        for modal in ["暂时", "目前", "当前", "只支持", "仅支持", "只", "仅", "支持", "数组", "列表"]
        {
            subject = subject.replace(modal, "");
        }
        if !characters && subject.trim().is_empty() && !conditional(t, i) {
            f.max_lengths.push(value);
        }
    }
}

/// A clause that is nothing but a range (`策略优先级，1-9999；…`): bounds on the value.
fn bare_ranges(t: &[char], f: &mut Found) {
    let mut i = 0;
    while i < t.len() {
        let clause = i == 0 || matches!(t[i - 1], ',' | ';' | '。' | '\n');
        let j = skip_spaces(t, i);
        if !clause || !t.get(j).is_some_and(|c| c.is_ascii_digit() || *c == '[') {
            i += 1;
            continue;
        }
        if let Some((lo, hi, end)) = try_range(t, j) {
            let ends = skip_spaces(t, end);
            let clause_ends = t.get(ends).is_none_or(|c| matches!(c, ';' | '。' | ',' | '\n'));
            let dashed = t[j..end].iter().any(|c| matches!(c, '-' | '~'));
            if clause_ends && dashed && lo < hi && !conditional(t, j) {
                f.ranges.push((lo, hi));
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
}

/// "结束时间需大于起始时间", "must be later than the start time": greater than the start-time
/// sibling, which the caller finds by name ([`START_TIME`]).
fn start_time_relation(t: &[char], field: Option<&str>, f: &mut Found) {
    let is_end = field.is_some_and(|n| n.contains("End"));
    if !is_end {
        return;
    }
    for i in 0..t.len() {
        let zh = ["大于", "晚于"].iter().find(|w| at(t, i, w)).map(|w| w.chars().count());
        let en = ["greater than", "later than", "after"].iter().find(|w| word_at(t, i, w)).map(|w| w.len());
        let Some(n) = zh.or(en) else { continue };
        if i > 0 && matches!(t[i - 1], '不' | '能' | '得') {
            continue;
        }
        let mut j = skip_spaces(t, i + n);
        if word_at(t, j, "the") {
            j = skip_spaces(t, j + 3);
        }
        let target = ["开始时间", "起始时间", "start time", "begin time"].iter().any(|w| at(t, j, w));
        if !target || conditional(t, i) {
            continue;
        }
        let subject = slice(t, clause_start(t, i), i).to_lowercase();
        let subject = subject.trim();
        let modal = |rest: &str| {
            ["", "需", "需要", "必须", "应", "要", "must be", "should be", "must", "is"]
                .contains(&rest.trim())
        };
        let own = modal(subject)
            || ["结束时间", "end time", "the end time", "it", "this"]
                .iter()
                .any(|s| subject.strip_prefix(s).is_some_and(modal));
        if own {
            f.greater.push(START_TIME.to_string());
        }
    }
}

/// Whether any keyword `scan` looks for may start at `i`: an English one only at the start of
/// a word, a Chinese one only at one of their first characters. Skipping every other position
/// changes no result (each matcher would fail there) and spares trying each keyword list at
/// every character.
fn may_start_keyword(t: &[char], i: usize) -> bool {
    static ZH_FIRST: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let c = t[i];
    if c.is_ascii() {
        return c.is_ascii_alphabetic() && (i == 0 || !t[i - 1].is_ascii_alphanumeric());
    }
    let first = ZH_FIRST.get_or_init(|| {
        let keywords = ZH_BOUNDS.iter().map(|(kw, _)| *kw).chain(RANGE_KEYWORDS.iter().copied());
        let mut first: Vec<char> =
            keywords.chain(["从", "默认"]).filter_map(|kw| kw.chars().next()).collect();
        first.sort_unstable();
        first.dedup();
        first
    });
    first.binary_search(&c).is_ok()
}

/// Picks the one value all candidates agree on.
fn agree<T: PartialEq + Clone>(v: &[T]) -> Option<T> {
    let first = v.first()?;
    v.iter().all(|x| x == first).then(|| first.clone())
}

fn resolve(mut f: Found) -> Scan {
    if let Some((lo, hi)) = agree(&f.ranges) {
        f.mins.push(lo);
        f.maxs.push(hi);
    }
    let mut min = agree(&f.mins);
    let mut max = agree(&f.maxs);
    if !f.ranges.is_empty() && agree(&f.ranges).is_none() {
        // Several different ranges ("[1-300] for one mode, [1-800] for another"): none holds.
        min = None;
        max = None;
    }
    let default = agree(&f.defaults);
    let default_label = if f.defaults.is_empty() { agree(&f.default_labels) } else { None };
    let max_length = agree(&f.max_lengths);
    let inside = |v: i64| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m);
    // "范围：[7,36500]，0代表不启用" or "默认0。范围：[20, 1000]": the range has exceptions.
    let numeric_default = default.as_deref().and_then(|d| d.parse::<i64>().ok());
    if f.specials.iter().chain(numeric_default.iter()).any(|&v| !inside(v)) {
        min = None;
        max = None;
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            min = None;
            max = None;
        }
    }
    let to_u32 = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
    let mut min_items = to_u32(agree(&f.min_items));
    let mut max_items = to_u32(agree(&f.max_items));
    if let (Some(lo), Some(hi)) = (min_items, max_items) {
        if lo > hi {
            min_items = None;
            max_items = None;
        }
    }
    let strict_min = min.is_some() && f.strict_min;
    Scan {
        constraints: Constraints {
            min,
            max,
            default,
            enum_values: Vec::new(),
            min_items,
            max_items,
            greater_than: agree(&f.greater),
            max_range_days: to_u32(agree(&f.days)).filter(|d| *d > 0),
            ..Constraints::default()
        },
        strict_min,
        others_greater: f.others_greater,
        default_label,
        max_length,
        non_empty: f.non_empty,
    }
}

/// The bound keyword at `i`, if any, with its length in characters.
fn bound_keyword(t: &[char], i: usize) -> Option<(usize, Kind, bool)> {
    if let Some((kw, kind)) = ZH_BOUNDS.iter().find(|(kw, _)| at(t, i, kw)) {
        let n = kw.chars().count();
        if matches!(kind, Kind::MinStrict | Kind::MaxStrict) {
            // "不大于" is a maximum, "大于等于" a minimum: those longer keywords were tried first,
            // but a scan may still land inside them.
            let prev = i.checked_sub(1).and_then(|p| t.get(p)).copied();
            if matches!(prev, Some('不' | '能' | '得')) || matches!(t.get(i + n), Some('等' | '或')) {
                return None;
            }
        }
        return Some((n, *kind, false));
    }
    let (kw, kind) = EN_BOUNDS.iter().find(|(kw, _)| word_at(t, i, kw))?;
    let before = slice(t, i.saturating_sub(4), i).to_ascii_lowercase();
    if matches!(kind, Kind::MinStrict | Kind::MaxStrict) && before.trim_end().ends_with("not") {
        return None;
    }
    Some((kw.chars().count(), *kind, true))
}

/// Skips what may sit between a keyword and its number: `为`, `是`, `:`, "is", "of", "value".
fn skip_filler(t: &[char], mut j: usize, english: bool) -> usize {
    loop {
        let k = j;
        j = skip_spaces(t, j);
        let chinese_link = !english && matches!(t.get(j), Some('为' | '是' | '值'));
        if matches!(t.get(j), Some(':' | '=')) || chinese_link {
            j += 1;
        } else if !english {
            if let Some(w) = ["支持", "可以", "可", "允许"].iter().find(|w| at(t, j, w)) {
                j += w.chars().count();
            }
        } else {
            if let Some(w) = ["value", "is", "of", "be"].iter().find(|w| word_at(t, j, w)) {
                j += w.len();
            }
        }
        if j == k {
            return j;
        }
    }
}

/// Text just before `i` in the same clause (a few characters), lower-cased.
fn lookback(t: &[char], i: usize, n: usize) -> String {
    slice(t, clause_start(t, i).max(i.saturating_sub(n)), i).to_lowercase()
}

fn bound_at(t: &[char], i: usize, field: Option<&str>, f: &mut Found) -> Option<usize> {
    let (n, kind, english) = bound_keyword(t, i)?;
    let j = skip_filler(t, i + n, english);
    let Some((value, end)) = parse_grouped_int(t, j, true) else {
        if kind == Kind::MinStrict {
            relation(t, i, j, field, f);
        }
        counted_later(t, i, j, kind, f);
        return Some(i + n);
    };
    let back = lookback(t, i, 10);
    if ["建议", "推荐", "recommend", "如", "e.g."].iter().any(|w| back.contains(w)) || conditional(t, i)
    {
        return Some(end);
    }
    if t.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        // "最大100G", "max 5x": a unit glued to the number.
        return Some(end);
    }
    let tail = skip_spaces(t, end);
    if LENGTH_WORDS.iter().any(|w| at(t, tail, w)) {
        return Some(end);
    }
    let list_context =
        ["数组", "array", "list", "数量", "个数", "number of"].iter().any(|w| back.contains(w));
    let string_length = ["长度", "length", "字符"].iter().any(|w| back.contains(w));
    let item_word =
        ITEM_WORDS.iter().any(|w| if w.is_ascii() { word_at(t, tail, w) } else { at(t, tail, w) });
    if !item_word && t.get(tail).is_some_and(|c| UNIT_CHARS.contains(*c) || c.is_ascii_alphabetic()) {
        return Some(end);
    }
    let value = match kind {
        Kind::Min | Kind::Max => Some(value),
        Kind::MinStrict => value.checked_add(1),
        Kind::MaxStrict => value.checked_sub(1),
    };
    let Some(value) = value else { return Some(end) };
    if list_context || item_word {
        match kind {
            Kind::Min | Kind::MinStrict => f.min_items.push(value),
            Kind::Max | Kind::MaxStrict => f.max_items.push(value),
        }
    } else if !string_length {
        match kind {
            Kind::Min => f.mins.push(value),
            Kind::MinStrict => {
                f.mins.push(value);
                f.strict_min = true;
            }
            Kind::Max | Kind::MaxStrict => f.maxs.push(value),
        }
    }
    Some(end)
}

/// "至多可以同时绑定5个安全组": a few words of Chinese between the bound and a number of items.
fn counted_later(t: &[char], i: usize, j: usize, kind: Kind, f: &mut Found) {
    let mut k = j;
    while k < t.len() && k - j < 6 && is_cjk(t[k]) {
        k += 1;
    }
    let Some((value, end)) = parse_int(t, k) else { return };
    let counts = ["个", "项", "条", "组"].iter().any(|w| at(t, skip_spaces(t, end), w));
    // "单个隔离组最多只能容纳8个节点" counts something the clause names, not this list.
    let own = slice(t, clause_start(t, i), i).trim().is_empty();
    if k > j && counts && own && !conditional(t, i) {
        match kind {
            Kind::Max => f.max_items.push(value),
            Kind::Min => f.min_items.push(value),
            Kind::MinStrict | Kind::MaxStrict => {}
        }
    }
}

/// `greater than StartTime`, `大于StartTime`: kept when the sentence's subject is this field.
fn relation(t: &[char], kw: usize, j: usize, field: Option<&str>, f: &mut Found) {
    let mut j = j;
    if word_at(t, j, "the") {
        // "greater than the StartTime" is fine; "greater than the start time" fails below.
        j = skip_spaces(t, j + 3);
    }
    if !t.get(j).is_some_and(|c| c.is_ascii_uppercase()) {
        return;
    }
    let mut end = j;
    while t.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.') {
        end += 1;
    }
    while end > j && t[end - 1] == '.' {
        end -= 1;
    }
    // "大于Marker的目录文件列表": the name qualifies a noun, so it is no constraint.
    if t.get(end).is_some_and(|c| *c == '的' || *c == '时' || c.is_ascii_alphanumeric()) {
        return;
    }
    if subject_is_self(t, kw, field) {
        f.greater.push(slice(t, j, end));
    } else if let Some(subject) = named_subject(t, kw) {
        f.others_greater.push((subject, slice(t, j, end)));
    }
}

/// The param a comparison is about when the clause names one: the last word before the modal
/// ("EndTime must be greater than …" → `EndTime`), if it looks like a wire name.
fn named_subject(t: &[char], kw: usize) -> Option<String> {
    let clause = slice(t, clause_start(t, kw), kw);
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    while words.last().is_some_and(|w| ["must", "be", "should", "is", "has", "to", "needs"].contains(w)) {
        words.pop();
    }
    let word = words.last()?.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let ident = word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    (ident && words.len() == 1).then(|| word.to_string())
}

/// Whether the clause before a comparison talks about the field itself (or has no subject).
fn subject_is_self(t: &[char], kw: usize, field: Option<&str>) -> bool {
    let mut subject = slice(t, clause_start(t, kw), kw).trim().to_lowercase();
    let modals = [
        "must be",
        "should be",
        "needs to be",
        "has to be",
        "must",
        "should",
        "is",
        "be",
        "必须",
        "必需",
        "需要",
        "需",
        "应该",
        "应",
        "要",
        "须",
        "的值",
        "值",
    ];
    loop {
        let before = subject.len();
        for m in modals {
            if let Some(rest) = subject.strip_suffix(m) {
                subject = rest.trim_end().to_string();
            }
        }
        if subject.len() == before {
            break;
        }
    }
    for p in ["且", "并且", "并", "and ", "但", "but "] {
        if let Some(rest) = subject.strip_prefix(p) {
            subject = rest.trim_start().to_string();
        }
    }
    if subject.is_empty() || !subject.chars().any(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let lower = subject;
    if SELF_SUBJECTS.contains(&lower.as_str()) {
        return true;
    }
    field.is_some_and(|name| {
        let base = name.strip_suffix(".N").unwrap_or(name);
        lower == name.to_ascii_lowercase() || lower == base.to_ascii_lowercase()
    })
}

/// `取值范围[1,100]`, `范围：1-100`, `限定取值：[1-65535]`, `between 1 and 100`.
fn range_at(t: &[char], i: usize, f: &mut Found) -> Option<usize> {
    let (n, english) = if let Some(kw) = RANGE_KEYWORDS.iter().find(|kw| at(t, i, kw)) {
        (kw.chars().count(), false)
    } else if let Some(kw) = ["range", "between"].iter().find(|kw| word_at(t, i, kw)) {
        (kw.len(), true)
    } else {
        return None;
    };
    let back = lookback(t, i, 8);
    // A string's length, or the range of the `N` in a list name ("参数中N的取值范围为 0～9").
    if ["长度", "length", "字符", "n的", "n 的", "下标", "index"].iter().any(|w| back.contains(w)) {
        return Some(i + n);
    }
    let mut j = i + n;
    loop {
        let k = j;
        j = skip_spaces(t, j);
        if matches!(t.get(j), Some(':' | '='))
            || (!english && matches!(t.get(j), Some('为' | '是' | '在' | '从')))
        {
            j += 1;
        } else if english {
            if let Some(w) = ["is", "of", "from"].iter().find(|w| word_at(t, j, w)) {
                j += w.len();
            }
        }
        if j == k {
            break;
        }
    }
    let Some((lo, hi, end)) = try_range(t, j) else { return Some(i + n) };
    if lo <= hi && !conditional(t, i) {
        f.ranges.push((lo, hi));
    }
    Some(end)
}

/// `[1, 100]`, `[1-100]`, `1~100`, `1 到 100`, `1 and 100`: a pair of integers.
fn try_range(t: &[char], j: usize) -> Option<(i64, i64, usize)> {
    let bracket = matches!(t.get(j), Some('[' | '('));
    let j = if bracket { skip_spaces(t, j + 1) } else { j };
    let (lo, k) = parse_grouped_int(t, j, false)?;
    let k = skip_spaces(t, k);
    let k = if matches!(t.get(k), Some(',' | '-' | '~' | '到' | '至')) {
        k + 1
    } else if let Some(w) = ["to", "and"].iter().find(|w| word_at(t, k, w)) {
        k + w.len()
    } else {
        return None;
    };
    let (hi, mut end) = parse_grouped_int(t, skip_spaces(t, k), false)?;
    if bracket {
        end = skip_spaces(t, end);
        if !matches!(t.get(end), Some(']' | ')')) {
            return None;
        }
        end += 1;
    } else if t.get(end).is_some_and(|c| {
        c.is_ascii_digit() || *c == '.' && t.get(end + 1).is_some_and(|d| d.is_ascii_digit())
    }) {
        return None;
    }
    Some((lo, hi, end))
}

/// `从1开始` (English "starting from 1" is a bound keyword).
fn starting_from_at(t: &[char], i: usize, f: &mut Found) -> Option<usize> {
    if t.get(i) != Some(&'从') {
        return None;
    }
    let (value, end) = parse_int(t, skip_spaces(t, i + 1))?;
    let tail = skip_spaces(t, end);
    if at(t, tail, "开始") {
        f.mins.push(value);
        return Some(tail + 2);
    }
    Some(end)
}

/// `默认为20`, `默认值："UHost"`, `Default: 20`, `defaults to Month`.
fn default_at(t: &[char], i: usize, f: &mut Found) -> Option<usize> {
    let (mut j, english) = if at(t, i, "默认") {
        if i > 0 && matches!(t[i - 1], '的' | '为' | '用' | '取') {
            // "当前地域的默认VPC", "不填时为默认VPC": an adjective.
            return Some(i + 2);
        }
        (i + 2, false)
    } else if word_at(t, i, "default") || word_at(t, i, "defaults") {
        let n = if word_at(t, i, "defaults") { 8 } else { 7 };
        (i + n, true)
    } else {
        return None;
    };
    let mut linked = false;
    loop {
        let k = j;
        j = skip_spaces(t, j);
        let chinese_link = !english && matches!(t.get(j), Some('值' | '为' | '是'));
        if matches!(t.get(j), Some(':' | '=')) || chinese_link {
            j += 1;
            linked = true;
        } else if english {
            if let Some(w) = ["value", "is", "to", "of"].iter().find(|w| word_at(t, j, w)) {
                j += w.len();
                linked |= *w != "value";
            }
        }
        if j == k {
            break;
        }
    }
    if conditional(t, i) || conditional_aside(t, i) {
        return Some(j);
    }
    if !english && at(t, j, "空") && t.get(j + 1).is_none_or(|c| !is_cjk(*c)) {
        // "默认为空": the empty string (a number or a list cannot be empty and drops it).
        f.defaults.push(String::new());
        return Some(j + 1);
    }
    let Some((value, end)) = default_token(t, j) else {
        if !english {
            if let Some((label, end)) = label_token(t, j) {
                f.default_labels.push(label);
                return Some(end);
            }
        }
        return None;
    };
    let numeric = value.parse::<i64>().is_ok();
    let quoted = matches!(t.get(j), Some('"' | '\''));
    if english && !linked && !numeric && !quoted {
        // "default project": an adjective, not a value.
        return Some(end);
    }
    let next = skip_spaces(t, end);
    if at(t, next, "或") || word_at(t, next, "or") {
        // "默认值：o1i 或 o1a": one of several, chosen by the service.
        return Some(end);
    }
    f.defaults.push(value);
    Some(end)
}

/// The value after a default keyword: a quoted string, or an identifier-like token that ends at
/// a clause boundary ("默认：Web推荐防火墙" is prose, not the value "Web").
fn default_token(t: &[char], j: usize) -> Option<(String, usize)> {
    if let Some(&quote @ ('"' | '\'')) = t.get(j) {
        let len = t[j + 1..].iter().take(65).position(|&c| c == quote || c == '\n')?;
        let inner = slice(t, j + 1, j + 1 + len);
        let inner = inner.trim();
        if t.get(j + 1 + len) != Some(&quote) || inner.is_empty() {
            return None;
        }
        return Some((inner.to_string(), j + len + 2));
    }
    let start = j;
    let mut end = j;
    if t.get(end) == Some(&'-') && t.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        end += 1;
    }
    while t.get(end).is_some_and(|c| is_ident_char(*c)) && end - start < 64 {
        end += 1;
    }
    while end > start && matches!(t[end - 1], '.' | '-') {
        end -= 1;
    }
    if end == start || t.get(end).is_some_and(|c| is_ident_char(*c)) {
        return None;
    }
    let token = slice(t, start, end);
    let numeric = token.parse::<i64>().is_ok();
    let boundary = match t.get(end) {
        None => true,
        Some(&c) if is_cjk(c) => numeric && ["代表", "表示", "即"].iter().any(|w| at(t, end, w)),
        Some(&c) => {
            c.is_whitespace()
                || matches!(c, ',' | ';' | '。' | ')' | '、' | '"' | '<' | '.' | '(' | ']' | '!')
        }
    };
    boundary.then_some((token, end))
}

/// A default in an aside about a case ("取值范围为 30-60（IKEv2 默认为 0）"): the parenthesis
/// names something before the default, so the default holds only there.
fn conditional_aside(t: &[char], i: usize) -> bool {
    let start = clause_start(t, i);
    start > 0 && t[start - 1] == '(' && t[start..i].iter().any(|c| c.is_ascii_alphanumeric() || *c == '时')
}

/// A default given in words: the Chinese text after `默认为` up to the clause's end, when short
/// (`按年付费`, `推流`, `启用`); the caller keeps it only when it names a listed value's label.
fn label_token(t: &[char], j: usize) -> Option<(String, usize)> {
    let mut end = j;
    while t.get(end).is_some_and(|c| is_cjk(*c)) && end - j < 12 {
        end += 1;
    }
    let ends = t.get(end).is_none_or(|c| matches!(c, ',' | ';' | '。' | '\n' | ')' | '(' | '.' | ' ' | '、'));
    (end > j && ends).then(|| (slice(t, j, end), end))
}

/// `Maximum range: 366 days`, `最大跨度366天`, `时间间隔在31天内`.
fn range_days(t: &[char], f: &mut Found) {
    let spans = ["跨度", "间隔", "区间", "时间范围", "查询范围", "range", "span", "interval", "window"];
    let limits = [
        "最大",
        "不超过",
        "不能超过",
        "不得超过",
        "不可超过",
        "最多",
        "最长",
        "max",
        "at most",
        "up to",
        "exceed",
        "no more than",
        "within",
    ];
    let mut i = 0;
    while i < t.len() {
        let Some((value, end)) = t[i].is_ascii_digit().then(|| parse_int(t, i)).flatten() else {
            i += 1;
            continue;
        };
        if i > 0 && (t[i - 1].is_ascii_alphanumeric() || t[i - 1] == '-') {
            i = end;
            continue;
        }
        let tail = skip_spaces(t, end);
        let day_unit =
            ["天", "日", "days", "day"].iter().find(|u| at(t, tail, u)).map(|u| (u.chars().count(), value));
        // "不能超过24小时", "at most 48 hours": whole days only.
        let hour_unit = ["小时", "hours", "hour"]
            .iter()
            .find(|u| at(t, tail, u))
            .filter(|_| value > 0 && value % 24 == 0)
            .map(|u| (u.chars().count(), value / 24));
        if let Some((len, value)) = day_unit.or(hour_unit) {
            let from = i.saturating_sub(16);
            let mut window = slice(t, from, i);
            if let Some(cut) = window.rfind(['。', ';', '\n']) {
                window = window[cut..].to_string();
            }
            let window = window.to_lowercase();
            let after = skip_spaces(t, tail + len);
            let within = at(t, after, "内") || at(t, after, "以内");
            if spans.iter().any(|s| window.contains(s))
                && (within || limits.iter().any(|l| window.contains(l)))
            {
                f.days.push(value);
            }
        }
        i = end;
    }
}

/// Values the prose names as exceptions (`0代表不启用`, `-1 means unlimited`).
fn specials(t: &[char], f: &mut Found) {
    let mut i = 0;
    while i < t.len() {
        let starts = (t[i].is_ascii_digit() || t[i] == '-') && (i == 0 || !t[i - 1].is_ascii_alphanumeric());
        match starts.then(|| parse_int(t, i)).flatten() {
            Some((value, end)) => {
                let tail = skip_spaces(t, end);
                if ["代表", "表示", "为不限", "means", "indicates", "disables", "stands for"]
                    .iter()
                    .any(|w| at(t, tail, w))
                {
                    f.specials.push(value);
                }
                i = end;
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn c(s: &str) -> Constraints {
        scan(&normalize(s), None).constraints
    }

    fn named(name: &str, s: &str) -> Constraints {
        scan(&normalize(s), Some(name)).constraints
    }

    fn bounds(s: &str) -> (Option<i64>, Option<i64>) {
        let c = c(s);
        (c.min, c.max)
    }

    #[test]
    fn english_bounds() {
        assert_eq!(bounds("Page size (min 10, max 100)"), (Some(10), Some(100)));
        assert_eq!(bounds("min 10"), (Some(10), None));
        assert_eq!(bounds("max 100"), (None, Some(100)));
        assert_eq!(bounds("Page number, starting from 1"), (Some(1), None));
        assert_eq!(bounds("Must be greater than 0"), (Some(1), None));
        assert_eq!(bounds("Minimum: 5, maximum: 50"), (Some(5), Some(50)));
        assert_eq!(bounds("Value between 1 and 100"), (Some(1), Some(100)));
    }

    #[test]
    fn chinese_bounds_and_ranges() {
        assert_eq!(bounds("返回数据长度，默认为20，最大100"), (None, Some(100)));
        assert_eq!(bounds("限定取值：[1-65535]"), (Some(1), Some(65535)));
        assert_eq!(bounds("取值范围[1,100]"), (Some(1), Some(100)));
        assert_eq!(bounds("范围：1-100"), (Some(1), Some(100)));
        assert_eq!(bounds("最小值为1"), (Some(1), None));
        assert_eq!(bounds("最大值 1000"), (None, Some(1000)));
        assert_eq!(bounds("重试次数，最大为 5。 默认为0"), (None, Some(5)));
        assert_eq!(bounds("取值范围：-1\\~172800。"), (Some(-1), Some(172800)));
        assert_eq!(bounds("取值范围为 0～9"), (Some(0), Some(9)));
        assert_eq!(
            bounds("SA 的生存周期。单位：字节 KB。取值范围：8000 – 20000000"),
            (Some(8000), Some(20000000))
        );
        assert_eq!(bounds("数据磁盘大小，单位GB。范围 ：[20, 1000]"), (Some(20), Some(1000)));
        assert_eq!(bounds("偏移量，从0开始"), (Some(0), None));
        assert_eq!(bounds("数量，必须大于0"), (Some(1), None));
    }

    #[test]
    fn ranges_with_exceptions_or_lengths_are_not_bounds() {
        assert_eq!(bounds("数据磁盘大小，单位GB。默认0。范围 ：[20, 1000]"), (None, None));
        assert_eq!(bounds("N天后过期；参数范围：[7,36500]，0代表不启用"), (None, None));
        assert_eq!(bounds("流量计费[1-300]，带宽计费[1-800]"), (None, None));
        assert_eq!(bounds("数据库用户名，长度不能超过 32个字符"), (None, None));
        assert_eq!(bounds("告警策略名称。最大长度255个字符"), (None, None));
        assert_eq!(bounds("备注信息，长度不能大于 255"), (None, None));
        assert_eq!(bounds("默认110，生产环境建议小于等于110。"), (None, None));
        assert_eq!(bounds("总数据量大小不超过 16K"), (None, None));
        assert_eq!(bounds("端口，范围用\"-\"符号分隔，如：1-65535"), (None, None));
        assert_eq!(bounds("当数量大于0时有效"), (None, None));
        assert_eq!(bounds("max 99999999999999999999999"), (None, None));
        assert_eq!(bounds("指标名，参数中N的取值范围为 0～9"), (None, None));
        assert_eq!(bounds("Node节点标签。key=value形式，最多5组。"), (None, None));
        assert_eq!(bounds("范围[10-1]"), (None, None));
    }

    #[test]
    fn defaults() {
        assert_eq!(c("默认为20，最大100").default.as_deref(), Some("20"));
        assert_eq!(c("端口。默认值：80").default.as_deref(), Some("80"));
        assert_eq!(c("默认值：\"UHost\"；").default.as_deref(), Some("UHost"));
        assert_eq!(c("默认值为：false").default.as_deref(), Some("false"));
        assert_eq!(c("默认: 1。按小时购买").default.as_deref(), Some("1"));
        assert_eq!(c("默认为 \"Bandwidth\"").default.as_deref(), Some("Bandwidth"));
        assert_eq!(c("默认IPv4").default.as_deref(), Some("IPv4"));
        assert_eq!(c("Default: Month").default.as_deref(), Some("Month"));
        assert_eq!(c("Page size, default 20").default.as_deref(), Some("20"));
        assert_eq!(c("默认值为0，代表关闭").default.as_deref(), Some("0"));
    }

    #[test]
    fn prose_after_default_is_not_a_value() {
        assert_eq!(c("项目ID。不填写为默认项目，子帐号必须填写。").default, None);
        assert_eq!(c("默认：Web推荐防火墙").default, None);
        assert_eq!(c("默认不修改").default, None);
        assert_eq!(c("默认为月付").default, None);
        assert_eq!(c("uses the default project").default, None);
        assert_eq!(c("默认值:无").default, None);
        assert_eq!(c("VPC ID，默认为当前地域的默认VPC。").default, None);
        assert_eq!(c("默认值：o1i 或 o1a").default, None);
        assert_eq!(c("请求代理型默认值为Port，报文转发型默认值为Ping").default, None);
    }

    #[test]
    fn list_sizes() {
        let k = c("要更新的Targets数组长度至少为1，不超过20个");
        assert_eq!((k.min_items, k.max_items), (Some(1), Some(20)));
        assert_eq!(c("最多支持20个值").max_items, Some(20));
        assert_eq!(c("at most 5 items").max_items, Some(5));
        assert_eq!(c("数组长度至少为1").min, None);
    }

    #[test]
    fn relations_need_the_field_as_subject() {
        assert_eq!(
            c("Query end time. Must be greater than StartTime").greater_than.as_deref(),
            Some("StartTime")
        );
        assert_eq!(c("结束时间，必须大于StartTime").greater_than.as_deref(), Some("StartTime"));
        assert_eq!(c("间隔时间，秒，必须大于TimeOut").greater_than.as_deref(), Some("TimeOut"));
        let on_start =
            "Query start time (Unix timestamp, seconds). When provided with EndTime, enables custom \
                        time range query; EndTime must be greater than StartTime";
        assert_eq!(named("StartTime", on_start).greater_than, None);
        assert_eq!(c(on_start).greater_than, None);
        assert_eq!(
            named("EndTime", "EndTime must be greater than StartTime").greater_than.as_deref(),
            Some("StartTime")
        );
        assert_eq!(c("返回以字母排序后，大于Marker的目录文件列表").greater_than, None);
        assert_eq!(c("结束时间需大于起始时间").greater_than, None);
        assert_eq!(c("must be greater than the start time").greater_than, None);
    }

    #[test]
    fn facts_under_a_condition_are_no_rules() {
        assert_eq!(bounds("模式为Fast时，取值范围[1,10]"), (None, None));
        assert_eq!(bounds("当类型为A，最大50"), (None, None));
        assert_eq!(bounds("If mode is X, max 50"), (None, None));
        assert_eq!(
            c("取值范围为 10-20（Beta版默认为 0）").default,
            None,
            "a default in an aside about a case"
        );
        assert_eq!(bounds("取值范围为 10-20（Beta版默认为 0）"), (Some(10), Some(20)));
        assert_eq!(c("付费方式，1按时，2按天，默认2").default.as_deref(), Some("2"), "按时 is a word");
        assert_eq!(bounds("超时时间，最大60"), (None, Some(60)), "超时 is a word");
    }

    #[test]
    fn more_ways_to_say_a_bound() {
        assert_eq!(bounds("返回条数，非负整数"), (Some(0), None));
        assert_eq!(bounds("实例数量，正整数"), (Some(1), None));
        assert_eq!(
            bounds("权重，1-100；仅对轮询生效"),
            (Some(1), Some(100)),
            "a clause that is only a range"
        );
        assert_eq!(bounds("版本，2019-01-02"), (None, None), "a date is no range");
        assert_eq!(c("至多可以同时关联4个标签").max_items, Some(4));
        assert_eq!(c("单个分组最多只能容纳8个成员").max_items, None, "counts the group's members");
        assert_eq!(c("规则列表，数组长度只能为2").max_items, Some(2));
        assert_eq!(c("规则列表，数组长度只能为2").min_items, Some(2));
        assert_eq!(c("标签名，参数中N的取值范围为 0～4").max_items, Some(5));
        assert_eq!(named("A.N.B.N", "参数中N的取值范围为 0～4").max_items, None, "which N is unclear");
    }

    #[test]
    fn a_list_required_by_its_indices() {
        let c = named("Node.N.Zone", "可用区，需要设置 Node.0.Zone、Node.1.Zone 两个节点的可用区");
        assert_eq!((c.min_items, c.max_items), (Some(2), Some(2)));
        assert_eq!(
            named("Node.N.Zone", "例：Node.0.Zone、Node.1.Zone").max_items,
            None,
            "examples, not a requirement"
        );
        assert_eq!(
            named("Node.N.Zone", "需要设置 Node.0.Zone、Node.2.Zone").max_items,
            None,
            "not every index"
        );
        assert_eq!(
            named("Node.N.Zone", "需要设置 Node.0.ZoneId、Node.1.ZoneId").max_items,
            None,
            "another name"
        );
    }

    #[test]
    fn numbers_with_thousands_separators() {
        assert_eq!(bounds("max 1,000"), (None, Some(1000)));
        assert_eq!(bounds("最大1,000"), (None, Some(1000)));
        assert_eq!(bounds("范围: [0, 30 000 000]，步长：100"), (Some(0), Some(30_000_000)));
        assert_eq!(bounds("取值范围[1,100]"), (Some(1), Some(100)), "a comma in brackets separates");
        assert_eq!(bounds("最大5,最小1"), (Some(1), Some(5)));
    }

    #[test]
    fn only_so_many_items() {
        assert_eq!(c("当前只支持一个内网IP").max_items, Some(1));
        assert_eq!(c("仅能绑定两个安全组").max_items, Some(2));
        assert_eq!(c("只能是一个字符串").max_items, None, "not a count of items");
    }

    #[test]
    fn lengths_and_emptiness() {
        let s = scan(&normalize("证书ID。暂时只支持最大长度为1"), None);
        assert_eq!(s.max_length, Some(1));
        assert_eq!(scan(&normalize("名称，最大长度为64个字符"), None).max_length, None, "characters");
        assert!(scan(&normalize("节点ID，不超过20个；不允许为空"), None).non_empty);
        assert_eq!(scan(&normalize("规则，备注最大长度64"), None).max_length, None, "the remark's length");
    }

    #[test]
    fn defaults_in_more_shapes() {
        assert_eq!(c("备注，默认为空").default.as_deref(), Some(""));
        assert_eq!(c("策略，默认值'Basic'").default.as_deref(), Some("Basic"));
        assert_eq!(c("是否过滤，默认为‘false’").default.as_deref(), Some("false"));
        assert_eq!(c("不填时为默认子网").default, None, "an adjective");
        let s = scan(&normalize("模式，Fast，快速；Slow，慢速。默认快速"), None);
        assert_eq!(s.default_label.as_deref(), Some("快速"));
        assert_eq!(s.constraints.default, None, "words are mapped to a value by the caller");
    }

    #[test]
    fn end_after_start_in_words() {
        let c = named("FinishEndTime", "结束时间，需大于开始时间");
        assert_eq!(c.greater_than.as_deref(), Some(START_TIME));
        assert_eq!(
            named("EndTime", "must be later than the start time").greater_than.as_deref(),
            Some(START_TIME)
        );
        assert_eq!(named("Limit", "需大于开始时间").greater_than, None, "only an end is after a start");
        assert_eq!(named("EndTime", "开始时间不能大于开始时间").greater_than, None);
    }

    #[test]
    fn range_days() {
        assert_eq!(c("Maximum range: 366 days").max_range_days, Some(366));
        assert_eq!(c("最大跨度366天").max_range_days, Some(366));
        assert_eq!(
            c("结束时间，时间戳（当前仅支持获取时间间隔在31天内的告警记录）").max_range_days,
            Some(31)
        );
        assert_eq!(c("N天后过期").max_range_days, None);
        assert_eq!(c("区间不能超过24小时").max_range_days, Some(1), "whole days of hours");
        assert_eq!(c("区间不能超过36小时").max_range_days, None);
    }
}
