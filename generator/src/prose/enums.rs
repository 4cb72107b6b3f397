//! Allowed values: `Enum: a, b`, `枚举值：A，B`, `枚举值为： Year，按年付费； Month，按月付费`,
//! `UHost -> 云主机，UNI -> 虚拟网卡`, one `> Value，说明` per line.
//!
//! Precision over recall: a list is returned only when every entry reads as an identifier-like value
//! (optionally followed by an explanation). An open list ("VPC/UCVR/...", "A、B等"), a quoted value
//! that is not identifier-like, a condition ("取值为 X 时") or an entry that cannot be read
//! rejects the whole list, since a wrong enum would make the SDK refuse valid values.

use super::text::{at, is_cjk, is_ident_char, parse_int, skip_spaces, word_at};

/// Markers that announce a list even when it has a single value ("枚举值：Forward").
const STRONG_MARKERS: &[&str] = &["限定枚举值", "枚举值", "枚举类型", "枚举", "可选值"];
/// Markers that also introduce other things ("取值为1024的倍数"): two values at least.
const WEAK_MARKERS: &[&str] = &["取值为", "取值"];
/// English markers; each must be followed by a colon.
const EN_MARKERS: &[&str] = &[
    "enum values",
    "enum",
    "allowed values",
    "possible values",
    "valid values",
    "accepted values",
    "one of",
];

/// What separated a segment from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    /// The list's start.
    Start,
    /// A list separator: `,`, `、`, `/`, `或`, a space after Chinese text.
    Weak,
    /// An entry or sentence end: `;`, a newline, `。`, `. `.
    Strong,
}

/// How an entry attaches its explanation, so a sentence that follows the list is told apart from
/// one more entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Bare,
    Introduced,
    SpaceCjk,
    DirectCjk,
}

/// One segment of a list body, classified.
enum Seg {
    Empty,
    Value(String, Shape),
    /// Chinese prose: an explanation of the value before, or the end of the list.
    Prose,
    /// Starts with "默认"/"default": the list is over.
    Stop,
    /// Not readable as an entry.
    Other,
    /// Something that makes the whole list untrustworthy.
    Reject,
}

/// The allowed values the (normalised) text lists, or none.
pub(crate) fn enum_values(t: &[char]) -> Vec<String> {
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some((len, at_least, english)) = marker_at(t, i) else {
            i += 1;
            continue;
        };
        if let Some(values) = list_after(t, i + len, english) {
            if values.len() >= at_least {
                found.push(values);
            }
        }
        i += len;
    }
    match found.first() {
        Some(first) if found.iter().all(|v| v == first) => first.clone(),
        _ => Vec::new(),
    }
}

/// The marker at `i`: its length, how many values it needs, and whether it is English.
fn marker_at(t: &[char], i: usize) -> Option<(usize, usize, bool)> {
    if let Some(m) = STRONG_MARKERS.iter().find(|m| at(t, i, m)) {
        return Some((m.chars().count(), 1, false));
    }
    if let Some(m) = WEAK_MARKERS.iter().find(|m| at(t, i, m)) {
        let n = m.chars().count();
        // "取值范围" is a range, and "取值" inside "枚举取值" was taken by the strong marker.
        return (!at(t, i + n, "范围")).then_some((n, 2, false));
    }
    let m = EN_MARKERS.iter().find(|m| word_at(t, i, m))?;
    let n = m.len();
    (t.get(skip_spaces(t, i + n)) == Some(&':')).then_some((n, 1, true))
}

/// Reads the list that starts after a marker.
fn list_after(t: &[char], mut j: usize, english: bool) -> Option<Vec<String>> {
    loop {
        let k = j;
        while matches!(t.get(j), Some(' ' | '\n' | ':' | ',')) {
            j += 1;
        }
        if !english {
            if let Some(w) = ["如下", "包括", "为", "是"].iter().find(|w| at(t, j, w)) {
                j += w.chars().count();
            }
        }
        if j == k {
            break;
        }
    }
    let body: &[char] = if t.get(j) == Some(&'[') {
        let close = t[j..].iter().take(400).position(|&c| c == ']')?;
        let inner = &t[j + 1..j + close];
        if is_range(inner) {
            return None;
        }
        inner
    } else {
        &t[j..]
    };
    read_list(body)
}

/// `1-65535`, `1, 5`: a bracketed range, not a list.
fn is_range(inner: &[char]) -> bool {
    let Some((_, k)) = parse_int(inner, skip_spaces(inner, 0)) else { return false };
    let k = skip_spaces(inner, k);
    if !matches!(inner.get(k), Some(',' | '-' | '~')) {
        return false;
    }
    parse_int(inner, skip_spaces(inner, k + 1)).is_some_and(|(_, end)| skip_spaces(inner, end) == inner.len())
}

fn read_list(body: &[char]) -> Option<Vec<String>> {
    let mut values: Vec<String> = Vec::new();
    let mut first_shape: Option<Shape> = None;
    let mut pending = Sep::Start;
    for (sep, seg) in segments(body)? {
        pending = pending.max(sep);
        match classify(&seg) {
            Seg::Empty => continue,
            Seg::Stop => break,
            Seg::Reject => return None,
            Seg::Prose => {
                if values.is_empty() || pending == Sep::Strong {
                    break;
                }
            }
            Seg::Other => {
                if values.is_empty() || pending == Sep::Strong {
                    break;
                }
                return None;
            }
            Seg::Value(v, shape) => {
                // "枚举值：Forward；RuleActions数组长度不为0时必填": a new sentence about a name.
                if pending == Sep::Strong
                    && shape == Shape::DirectCjk
                    && first_shape != Some(Shape::DirectCjk)
                {
                    break;
                }
                first_shape.get_or_insert(shape);
                if !values.contains(&v) {
                    values.push(v);
                }
            }
        }
        pending = Sep::Start;
    }
    Some(values)
}

/// Splits a list body at separators outside parentheses and quotes; `None` for unbalanced quotes.
fn segments(body: &[char]) -> Option<Vec<(Sep, Vec<char>)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut sep = Sep::Start;
    let mut depth = 0usize;
    let mut quoted = false;
    for (k, &c) in body.iter().enumerate() {
        if c == '"' {
            quoted = !quoted;
        }
        if quoted {
            if c == '\n' {
                return None;
            }
            cur.push(c);
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let kind = if depth > 0 || c == ')' { None } else { separator(body, k) };
        match kind {
            Some(kind) => {
                out.push((sep, std::mem::take(&mut cur)));
                sep = kind;
            }
            None => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push((sep, cur));
    Some(out)
}

/// Whether the character at `k` separates list entries, and how strongly.
fn separator(body: &[char], k: usize) -> Option<Sep> {
    let c = body[k];
    let prev = k.checked_sub(1).map(|p| body[p]);
    let next = body.get(k + 1).copied();
    let value_start = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '"');
    match c {
        ',' | '、' | '/' => Some(Sep::Weak),
        ';' | '\n' | '。' => Some(Sep::Strong),
        '.' if next.is_none_or(|n| n == ' ' || n == '\n') => Some(Sep::Strong),
        '或' | '和' | '及' => {
            let before = body[..k].iter().rev().find(|c| **c != ' ').copied();
            let after = body[k + 1..].iter().find(|c| **c != ' ').copied();
            let joins = before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '"' || b == ')');
            (joins && value_start(after)).then_some(Sep::Weak)
        }
        ' ' => {
            // "continuous连续 exponent 指数": a space after Chinese text starts the next entry.
            let after_prose = prev.is_some_and(|p| is_cjk(p) || p == ')');
            (after_prose && value_start(next)).then_some(Sep::Weak)
        }
        _ => None,
    }
}

fn classify(seg: &[char]) -> Seg {
    let mut i = skip_spaces(seg, 0);
    loop {
        match seg.get(i) {
            Some('>') => i = skip_spaces(seg, i + 1),
            Some('-' | '*' | '•') if seg.get(i + 1) == Some(&' ') => i = skip_spaces(seg, i + 1),
            _ => break,
        }
    }
    let s = &seg[i..];
    let text: String = s.iter().collect();
    if text.trim().is_empty() {
        return Seg::Empty;
    }
    if text.contains("...") || text.contains('…') {
        return Seg::Reject;
    }
    let first = s[0];
    if is_cjk(first) {
        return if at(s, 0, "默认") { Seg::Stop } else { Seg::Prose };
    }
    let (value, rest) = if first == '"' {
        let Some(close) = s[1..].iter().position(|&c| c == '"') else { return Seg::Reject };
        let inner: String = s[1..1 + close].iter().collect();
        let inner = inner.trim().to_string();
        if !valid_value(&inner) {
            return Seg::Reject;
        }
        (inner, &s[close + 2..])
    } else if first.is_ascii_alphanumeric() {
        let mut end = 0;
        while s.get(end).is_some_and(|c| is_ident_char(*c)) {
            end += 1;
        }
        while end > 0 && matches!(s[end - 1], '.' | '-') {
            end -= 1;
        }
        let value: String = s[..end].iter().collect();
        if value.eq_ignore_ascii_case("default") || value.eq_ignore_ascii_case("defaults") {
            // "default: a" ends an English list; "Default -> 默认转发规则" is an entry.
            let r = &s[end..];
            let k = skip_spaces(r, 0);
            let introduces = matches!(r.get(k), Some(':' | '=')) && !at(r, k, "->");
            if introduces || (k > 0 && r.get(k).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '"')) {
                return Seg::Stop;
            }
        }
        if !valid_value(&value) {
            return Seg::Other;
        }
        (value, &s[end..])
    } else {
        return Seg::Other;
    };
    let spaced = rest.first() == Some(&' ');
    let r = &rest[skip_spaces(rest, 0)..];
    let (shape, expl): (Shape, &[char]) = match r.first() {
        None => (Shape::Bare, r),
        Some(_) if at(r, 0, "->") => (Shape::Introduced, &r[2..]),
        Some(':' | '=' | '-' | '(') => (Shape::Introduced, &r[1..]),
        Some(&c) if is_cjk(c) => (if spaced { Shape::SpaceCjk } else { Shape::DirectCjk }, r),
        Some(_) => return Seg::Other,
    };
    let expl = &expl[skip_spaces(expl, 0)..];
    if at(expl, 0, "时") || at(expl, 0, "等") {
        // "取值为 UserDefined 时": a condition; "A、B等": an open list.
        return Seg::Reject;
    }
    // An explanation holding another "Name:" or "->" means entries ran together unseparated.
    let merged = (0..expl.len())
        .any(|k| at(expl, k, "->") || (expl[k] == ':' && k > 0 && expl[k - 1].is_ascii_alphanumeric()));
    if merged {
        return Seg::Reject;
    }
    Seg::Value(value, shape)
}

/// Identifier-like: letters, digits, `_`, `-`, `.`, with at least one letter or digit.
fn valid_value(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.chars().all(is_ident_char)
        && v.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn e(s: &str) -> Vec<String> {
        enum_values(&normalize(s))
    }

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn simple_lists() {
        assert_eq!(
            e("Product code list (optional). Enum: modelverse, sandbox"),
            v(&["modelverse", "sandbox"])
        );
        assert_eq!(e("枚举值：Host，Path"), v(&["Host", "Path"]));
        assert_eq!(e("枚举值：P0,P1,P2,P3"), v(&["P0", "P1", "P2", "P3"]));
        assert_eq!(e("可选值：TCP，UDP，ICMP"), v(&["TCP", "UDP", "ICMP"]));
        assert_eq!(e("取值为 \"a\"、\"b\""), v(&["a", "b"]));
        assert_eq!(e("取值：md5、sha1、sha2-256。"), v(&["md5", "sha1", "sha2-256"]));
        assert_eq!(e("枚举值：Forward"), v(&["Forward"]));
        assert_eq!(e("枚举值为true或false。"), v(&["true", "false"]));
        assert_eq!(e("枚举值为[ipvs,iptables]"), v(&["ipvs", "iptables"]));
        assert_eq!(
            e("枚举值[\"N\", \"C\", \"G\", \"O\", \"OS\"]。参考[说明](api/x)。"),
            v(&["N", "C", "G", "O", "OS"])
        );
        assert_eq!(e("枚举：Yes/ No"), v(&["Yes", "No"]));
        assert_eq!(
            e("取值为clear（断开）、restart（重试）和 trap（流量触发）"),
            v(&["clear", "restart", "trap"])
        );
    }

    #[test]
    fn values_with_chinese_explanations() {
        assert_eq!(
            e("枚举值为： Year，按年付费； Month，按月付费； Dynamic，按需付费"),
            v(&["Year", "Month", "Dynamic"])
        );
        assert_eq!(
            e("限定枚举值：UHost -> 云主机，UNI -> 虚拟网卡，UPM -> 物理云主机，IP ->  IP类型； 默认值：\"UHost\"； 非IP类型"),
            v(&["UHost", "UNI", "UPM", "IP"])
        );
        assert_eq!(
            e("磁盘类型。枚举值为：<br> > LocalDisk，本地磁盘（机型为N1,N2时，代表普通本地盘）; <br>> UDisk，云盘; <br>只要有一块磁盘为本地盘，即返回LocalDisk"),
            v(&["LocalDisk", "UDisk"])
        );
        assert_eq!(e("枚举值：0-关闭 1-开启"), v(&["0", "1"]));
        assert_eq!(
            e("枚举值：continuous连续 exponent 指数 single 不重复"),
            v(&["continuous", "exponent", "single"])
        );
        assert_eq!(e("枚举值：Regular-正则，Wildcard-泛域名； 默认值：Regular"), v(&["Regular", "Wildcard"]));
        assert_eq!(e("取值：<br /><br />on：是。<br />off：否。"), v(&["on", "off"]));
        assert_eq!(
            e("枚举值: \"Traffic\", 流量计费; \"Bandwidth\", 带宽计费; \"ShareBandwidth\",共享带宽模式. \"Free\":免费带宽模式,默认为 \"Bandwidth\""),
            v(&["Traffic", "Bandwidth", "ShareBandwidth", "Free"])
        );
        assert_eq!(e("枚举值为: uhost: 云主机; ulb, 负载均衡器 upm: 物理机;"), v(&["uhost", "ulb", "upm"]));
        assert_eq!(e("枚举值：<br />- Month：月付；<br />- Year：年付"), v(&["Month", "Year"]));
        assert_eq!(e("枚举值：\"Host\"/\"Path\"；RuleConditions数组长度不为0时必填"), v(&["Host", "Path"]));
        assert_eq!(e("枚举值：Forward；RuleActions数组长度不为0时必填"), v(&["Forward"]));
        assert_eq!(
            e("内容类型，枚举值：Custom -> 客户自定义；Default -> 默认内容转发"),
            v(&["Custom", "Default"])
        );
        assert_eq!(e("Enum: a, b, default: a"), v(&["a", "b"]));
    }

    #[test]
    fn unreadable_or_open_lists_give_nothing() {
        assert!(e("币种（例如：CNY, USD）").is_empty());
        assert!(e("e.g. a, b").is_empty());
        assert!(e("枚举值：VPC/UCVR/...").is_empty());
        assert!(e("枚举值[\"Intel/Auto\", \"Intel/IvyBridge\"]").is_empty());
        assert!(e("取值为 UserDefined 时：可以自定义头字段内容").is_empty());
        assert!(e("取值为1024的倍数").is_empty());
        assert!(e("取值：[1-65535]； 默认值：80").is_empty());
        assert!(e("取值范围[1, 5]").is_empty());
        assert!(e("枚举值为：  Bgp：BGP IP International：国际IP").is_empty());
        assert!(e("枚举值：初始化：\"Initializing\"；启动中：\"Starting\"").is_empty());
        assert!(e("枚举值：success、not exist、failure").is_empty());
        assert!(e("枚举值为： \"user defined\", 用户自定义防火墙").is_empty());
        assert!(e("枚举值比较方式:<br />1->=<br />2-<=").is_empty());
        assert!(e("枚举值：A、B等").is_empty());
        assert!(e("Currency (e.g., CNY, USD)").is_empty());
    }
}
