//! Allowed values stated in prose: `Enum: a, b`, `枚举值：A，B`, `Year，按年付费； Month，按月付费`,
//! `国际线路，International`, `0：停用；1：启用`, `["Arm/Auto", "Arm/V8"]`, one `> Value，说明` per
//! line, `如 a、b` (an open list), and whether case matters.
//!
//! A list is read in three steps. *Starts* are places where a list may begin: after a trigger word
//! (`枚举值`, `可选`, `支持`, `如`…) or, without one, at a clause start. The text from a start is cut
//! into *regions* (sentences or lines) and each region into *pieces* at separators; several ways of
//! splitting are tried (`;` only, also `,`/`、`/`/`/`或`, also spaces) and the one that reads the
//! most entries wins. Each piece is classified: an *entry* (a value with or without its label, in
//! either order), a label for the bare value before it, a default clause, an "and so on", prose
//! that ends the list, or something that makes the list untrustworthy (a condition).
//!
//! Precision over recall: a wrong closed enum makes the SDK refuse valid values. So a list without
//! a trigger needs two labelled entries or must fill the clause after a short subject, a list in a
//! conditional sentence ("当 X 为 Y 时，支持以下取值") is dropped, and unreadable pieces inside a
//! list reject it rather than cut it.

use super::text::{at, is_cjk, states_condition, word_at};

/// What a description says about a param's values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EnumFacts {
    /// The wire values listed, in the text's order, without repeats.
    pub values: Vec<String>,
    /// For each value, the label the text gives it (`Year，按年付费` gives `按年付费`), if any.
    pub labels: Vec<Option<String>>,
    /// The list is not exhaustive (`…等`, `参考控制台`, "e.g."): values beyond it are valid.
    pub open: bool,
    /// The text says case does not matter (`不区分大小写`).
    pub case_insensitive: bool,
    /// A value the list itself marks as the default (`and（默认）`, `1-默认`, `（默认选项）: Key`).
    pub default: Option<String>,
}

/// Everything the (normalised) text says about allowed values.
pub(crate) fn enum_facts(t: &[char]) -> EnumFacts {
    let case_insensitive = says_case_insensitive(t);
    let Some(list) = best_list(t) else {
        return EnumFacts { case_insensitive, ..EnumFacts::default() };
    };
    let open = list.open || open_marker(t);
    let default = list.entries.iter().find(|e| e.default).map(|e| e.value.clone());
    EnumFacts {
        values: list.entries.iter().map(|e| e.value.clone()).collect(),
        labels: list.entries.iter().map(|e| e.label.clone()).collect(),
        open,
        case_insensitive,
        default,
    }
}

/// `不区分大小写`, "case-insensitive": the server accepts any case.
fn says_case_insensitive(t: &[char]) -> bool {
    let zh = ["不区分大小写", "大小写不敏感", "忽略大小写", "大小写均可"];
    let en = ["case-insensitive", "case insensitive", "not case-sensitive", "not case sensitive"];
    (0..t.len()).any(|i| zh.iter().any(|w| at(t, i, w)) || en.iter().any(|w| word_at(t, i, w)))
}

/// Words anywhere in the text that say the listed values are not all there is.
fn open_marker(t: &[char]) -> bool {
    const MARKERS: &[&str] = &[
        "以实际为准",
        "参考控制台",
        "参照控制台",
        "参考console",
        "以控制台为准",
        "最新值",
        "包括但不限于",
        "可扩展",
        "还有这些",
    ];
    (0..t.len()).any(|i| MARKERS.iter().any(|m| at(t, i, m)))
}

// ---------------------------------------------------------------------------------------------
// Starts: where a list may begin.

/// How much a start is trusted; a list from a higher rank wins over lists from lower ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// `如 a、b`, "e.g.": examples, so an open list.
    Example,
    /// No trigger word: the shape of the entries must carry the list.
    Plain,
    /// A word that also introduces other things (`取值`, `可选`, `支持`).
    Weak,
    /// A word that only introduces values (`枚举值`, `可选值`, "Enum:").
    Strong,
}

/// A place where a list may begin, and what its list needs to be believed.
#[derive(Debug, Clone, Copy)]
struct Start {
    /// Where the trigger word is (the body's start for a list without one).
    trigger: usize,
    /// First character of the list body.
    pos: usize,
    rank: Rank,
    /// How many values the list needs.
    min: usize,
    /// (Plain) bare values are enough: the list fills the clause after a short subject.
    bare_ok: bool,
    /// (Plain) the values must be integers (a list found at a number after Chinese text).
    numeric: bool,
    /// The first value is the default (`默认 false 未开启，true 开启`).
    first_default: bool,
    /// (Plain) entries may join value and label loosely (`normal标准型`); not in the middle of a
    /// sentence, where English words run into Chinese text all the time.
    loose_ok: bool,
}

impl Start {
    fn new(pos: usize, rank: Rank, min: usize) -> Self {
        Start {
            trigger: pos,
            pos,
            rank,
            min,
            bare_ok: true,
            numeric: false,
            first_default: false,
            loose_ok: true,
        }
    }

    fn plain(pos: usize) -> Self {
        Start { bare_ok: false, ..Start::new(pos, Rank::Plain, 2) }
    }
}

/// Chinese trigger words, longest first where one is a prefix of another, with their rank and the
/// number of values they need (`仅支持 user` is a list of one; `支持 A` alone is too weak).
const ZH_TRIGGERS: &[(&str, Rank, usize)] = &[
    ("限定枚举值", Rank::Strong, 1),
    ("限定取值", Rank::Strong, 1),
    ("枚举值", Rank::Strong, 1),
    ("枚举类型", Rank::Strong, 1),
    ("枚举", Rank::Strong, 1),
    ("可选值", Rank::Strong, 1),
    ("可选项", Rank::Strong, 1),
    ("可取值", Rank::Strong, 1),
    ("有效值", Rank::Strong, 1),
    ("合法值", Rank::Strong, 1),
    ("唯一值", Rank::Strong, 1),
    ("固定值", Rank::Strong, 1),
    ("支持值", Rank::Strong, 1),
    ("值可以是", Rank::Strong, 1),
    ("取值可以是", Rank::Strong, 1),
    ("取值为", Rank::Weak, 2),
    ("取值是", Rank::Weak, 2),
    ("取值", Rank::Weak, 2),
    ("可选", Rank::Weak, 2),
    ("可以是", Rank::Weak, 2),
    ("只能是", Rank::Weak, 1),
    ("只能为", Rank::Weak, 1),
    ("目前仅支持", Rank::Weak, 1),
    ("目前只支持", Rank::Weak, 1),
    ("仅支持", Rank::Weak, 1),
    ("只支持", Rank::Weak, 1),
    ("目前支持", Rank::Weak, 2),
    ("当前支持", Rank::Weak, 2),
    ("支持", Rank::Weak, 2),
    ("分别是", Rank::Weak, 2),
    ("分别为", Rank::Weak, 2),
    ("比如", Rank::Example, 2),
    ("例如", Rank::Example, 2),
    ("如", Rank::Example, 2),
];

/// English trigger words; each must be followed by a colon.
const EN_TRIGGERS: &[&str] = &[
    "enum values",
    "enum",
    "allowed values",
    "possible values",
    "valid values",
    "accepted values",
    "one of",
];

/// English words that introduce examples.
const EN_EXAMPLES: &[&str] = &["e.g.", "such as", "for example", "for instance"];

/// Most starts looked at; descriptions are short, this only bounds the work on odd input.
const MAX_STARTS: usize = 96;

/// Every start in the text: after trigger words, and the triggerless ones.
fn starts(t: &[char]) -> Vec<Start> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() && out.len() < MAX_STARTS {
        match trigger_at(t, i) {
            Some((len, start)) => {
                out.extend(start);
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    out.extend(plain_starts(t).into_iter().take(MAX_STARTS));
    out
}

/// The trigger word at `i`: its length, and the start it gives (none when the word is used in
/// another sense here, as in `不支持`, `可选范围`, `取值范围`, `如果`).
fn trigger_at(t: &[char], i: usize) -> Option<(usize, Option<Start>)> {
    if let Some(&(w, rank, min)) = ZH_TRIGGERS.iter().find(|(w, _, _)| at(t, i, w)) {
        let n = w.chars().count();
        let start = zh_trigger_start(t, i, n, rank, min);
        return Some((n, start));
    }
    if let Some(w) = EN_TRIGGERS.iter().find(|w| word_at(t, i, w)) {
        let n = w.len();
        let j = skip_fillers(t, i + n, Rank::Strong);
        let colon = t[i + n..j.min(t.len())].contains(&':');
        return Some((n, colon.then_some(Start { trigger: i, ..Start::new(j, Rank::Strong, 1) })));
    }
    let w = EN_EXAMPLES.iter().find(|w| at(t, i, w) && (i == 0 || !t[i - 1].is_ascii_alphanumeric()))?;
    let n = w.len();
    let start = Start::new(skip_fillers(t, i + n, Rank::Example), Rank::Example, 1);
    Some((n, Some(Start { trigger: i, ..start })))
}

/// The start after a Chinese trigger word, or none when the word means something else here.
fn zh_trigger_start(t: &[char], i: usize, n: usize, rank: Rank, min: usize) -> Option<Start> {
    let after = i + n;
    let prev = i.checked_sub(1).map(|p| t[p]);
    let word: String = t[i..after].iter().collect();
    if prev == Some('不') || ["范围", "参数", "择", "填", "项目", "此", "该"].iter().any(|w| at(t, after, w))
    {
        return None;
    }
    if word == "如"
        && (prev.is_some_and(|p| "例比假诸譬".contains(p)) || at(t, after, "下") || at(t, after, "何"))
    {
        return None;
    }
    if word == "如" && ["果", "需", "若", "有", "要", "不", "遇"].iter().any(|w| at(t, after, w)) {
        return None;
    }
    // "香港地域支持：…": values that hold only for a subject named just before.
    if word == "支持" && prev.is_some_and(|p| is_cjk(p) && !"仅只均都也还可现暂".contains(p)) {
        return None;
    }
    let pos = skip_fillers(t, after, rank);
    let mut start = Start { trigger: i, ..Start::new(pos, rank, min) };
    if rank == Rank::Example && single_example_ok(t, i) {
        start.min = 1;
    }
    Some(start)
}

/// `数据库类型，比如 mysql`: one example of a type is still a (open) list of the type's values;
/// one example of a name, an address or an ID is not.
fn single_example_ok(t: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && matches!(t[j - 1], ' ' | ',' | ':' | '例' | '比') {
        j -= 1;
    }
    ["类型", "机型", "模式"].iter().any(|w| {
        let n = w.chars().count();
        j >= n && at(t, j - n, w)
    })
}

/// Skips what sits between a trigger word and its list: spaces, `:`, `为`, `如下`, `有`,
/// `的方法名有：`, and, after a strong word, a short heading on its own line (`枚举值比较方式:`).
fn skip_fillers(t: &[char], mut j: usize, rank: Rank) -> usize {
    for _ in 0..8 {
        let k = j;
        while matches!(t.get(j), Some(' ' | ':' | ',' | '\n')) {
            j += 1;
        }
        for w in ["如下", "以下取值", "以下", "为", "是", "有", "包括"] {
            if at(t, j, w) {
                j += w.chars().count();
                break;
            }
        }
        if t.get(j) == Some(&'的') {
            let run = cjk_run(t, j + 1);
            if run <= 8 && matches!(t.get(j + 1 + run - 1), Some('有' | '为')) {
                j += 1 + run;
            }
        }
        let run = cjk_run(t, j);
        let heading = run > 0 && run <= 6 && t.get(j + run) == Some(&':');
        let own_line = t.get(j + run + 1) == Some(&'\n') || at(t, j, "类型:") || at(t, j, "取值:");
        if heading && (own_line || rank == Rank::Strong && t.get(j + run + 1) == Some(&'\n')) {
            j += run + 1;
        }
        if j == k {
            break;
        }
    }
    j
}

/// Length of the run of Chinese characters at `i`.
fn cjk_run(t: &[char], i: usize) -> usize {
    t.iter().skip(i).take_while(|c| is_cjk(**c)).count()
}

/// Starts without a trigger word: the text's start, clause starts, `默认 x …` and a number right
/// after Chinese text (`启用状态0 停用 1 启用`).
fn plain_starts(t: &[char]) -> Vec<Start> {
    let mut out = vec![Start::plain(0)];
    let subject_end = subject_end(t);
    for i in 1..t.len() {
        let c = t[i - 1];
        let after_space = c == ' ' && i >= 2 && is_cjk(t[i - 2]);
        let after_break =
            matches!(c, '。' | ';' | ',' | ':' | '\n' | '(') || after_space || (c == '.' && t[i] == ' ');
        let pos = i + t[i..].iter().take_while(|c| **c == ' ').count();
        if after_break && (c != ' ' || t[i] != ' ') {
            out.push(Start {
                bare_ok: Some(pos) == subject_end,
                loose_ok: !after_space,
                ..Start::plain(pos)
            });
        }
        if is_cjk(c)
            && (t[i].is_ascii_digit() || t[i] == '-' && t.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            out.push(Start {
                numeric: true,
                first_default: i >= 2 && at(t, i - 2, "默认"),
                ..Start::plain(i)
            });
        }
        if at(t, i, "默认") && !matches!(t.get(i + 2), Some('为' | '值' | ':')) {
            let j = i + 2 + usize::from(t.get(i + 2) == Some(&' '));
            if t.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
                out.push(Start { first_default: true, ..Start::plain(j) });
            }
        }
    }
    out
}

/// Where the list starts when the text opens with a short subject (`标签：Access、Network`,
/// `Bucket访问类型;public或private`): just after the subject's separator.
fn subject_end(t: &[char]) -> Option<usize> {
    let k = t.iter().take(24).position(|c| matches!(c, ':' | ',' | ';' | '。'))?;
    let subject = &t[..k];
    let verb = ["支持", "为", "是", "有", "可", "当", "时", "如", "需", "请"]
        .iter()
        .any(|w| (0..k).any(|p| at(subject, p, w)));
    let ok = subject.iter().any(|c| is_cjk(*c))
        && !subject.iter().any(|c| c.is_ascii_digit() || *c == ' ')
        && !verb;
    let mut j = k + 1;
    while t.get(j) == Some(&' ') {
        j += 1;
    }
    ok.then_some(j)
}

// ---------------------------------------------------------------------------------------------
// Lists: reading from a start, and choosing among them.

/// One value of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    value: String,
    label: Option<String>,
    default: bool,
    order: Order,
}

/// Which side of an entry is the value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Order {
    /// A value alone (`P0`, `"On"（默认值）`).
    Bare,
    /// `Year，按年付费`, `0：停用`, `normal标准型`.
    ValueFirst(Form),
    /// `国际线路，International`, `密钥 KeyPair`, `主模式(main)`.
    LabelFirst(Form),
    /// `BGP: Bgp`: either side could be the value; the other entries decide (here the right).
    Either(String),
}

/// How a value and its label are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `:`, `=`, `->`.
    Colon,
    /// `V（label）`, `label(V)`.
    Paren,
    /// `0-关闭`.
    Dash,
    /// `0表示…`.
    Means,
    /// `Year，按年付费`, `国际线路，International`.
    Comma,
    /// `normal标准型`, `Year 按年`, `密钥 KeyPair`.
    Adjacent,
}

impl Form {
    /// Joined so that the value's side is plain to see, whatever the other entries do.
    fn strict(self) -> bool {
        matches!(self, Form::Colon | Form::Paren)
    }

    /// Forms that one list may mix: loose joins go together (`Year，按年` and `Month 按月`), and
    /// so do explicit ones (`1->=` and `2-<=`).
    fn family(self) -> u8 {
        match self {
            Form::Comma | Form::Adjacent => 0,
            Form::Colon | Form::Dash | Form::Means => 1,
            Form::Paren => 2,
        }
    }
}

impl Entry {
    fn labelled(&self) -> bool {
        !matches!(self.order, Order::Bare)
    }

    fn form(&self) -> Option<Form> {
        match self.order {
            Order::ValueFirst(f) | Order::LabelFirst(f) => Some(f),
            Order::Either(_) => Some(Form::Colon),
            Order::Bare => None,
        }
    }
}

/// A list read from a start.
#[derive(Debug, Clone, Default)]
struct List {
    entries: Vec<Entry>,
    open: bool,
    /// Where the text the list was read from ends.
    end: usize,
}

/// What reading from a start gave.
enum Outcome {
    Nothing,
    /// The text there makes any list untrustworthy (a condition, a value followed by `时`).
    Reject,
    Found(List),
}

/// The list the text states, if one can be read with confidence.
fn best_list(t: &[char]) -> Option<List> {
    let mut found: Vec<(Rank, List)> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut rejected = false;
    for start in starts(t) {
        // A start inside a list already read is one of its entries, not a list of its own.
        if start.rank == Rank::Plain && spans.iter().any(|&(from, to)| from <= start.pos && start.pos < to) {
            continue;
        }
        match read_from(t, start) {
            Outcome::Found(list) if start.rank == Rank::Plain => {
                spans.push((start.pos, list.end));
                found.push((start.rank, list));
            }
            Outcome::Found(list) => found.push((start.rank, list)),
            Outcome::Reject => rejected |= start.rank >= Rank::Weak,
            Outcome::Nothing => {}
        }
    }
    if rejected {
        // A trigger in a conditional sentence: lists found without a trigger nearby are likely
        // the same conditional values.
        found.retain(|(rank, _)| *rank >= Rank::Weak);
    }
    let top = found.iter().map(|(rank, _)| *rank).max()?;
    let lists: Vec<List> = found.into_iter().filter(|(rank, _)| *rank == top).map(|(_, l)| l).collect();
    merge(lists, top)
}

/// Several lists of the same rank: lists under a strong trigger add up (`对应的枚举值为60、300`
/// in one sentence, `3600、21600` in the next); others must agree, one holding all the rest.
fn merge(lists: Vec<List>, rank: Rank) -> Option<List> {
    let most = lists.iter().map(|l| l.entries.len()).max()?;
    let largest = lists.iter().find(|l| l.entries.len() == most)?.clone();
    let within = |l: &List| l.entries.iter().all(|e| largest.entries.iter().any(|x| x.value == e.value));
    if lists.iter().all(within) {
        let open = lists.iter().any(|l| l.open);
        return Some(List { open, ..largest });
    }
    if rank != Rank::Strong {
        return None;
    }
    let mut all = List::default();
    for l in lists {
        all.open |= l.open;
        for e in l.entries {
            if !all.entries.iter().any(|x| x.value == e.value) {
                all.entries.push(e);
            }
        }
    }
    Some(all)
}

/// Reads the list at a start: a bracketed list, or regions (sentences, lines) one after another
/// while they go on with entries.
fn read_from(t: &[char], start: Start) -> Outcome {
    if start.rank >= Rank::Weak && in_condition(t, start.trigger) {
        return Outcome::Reject;
    }
    if start.rank == Rank::Plain && !plain_context_ok(t, start.pos)
        || start.rank == Rank::Example && in_condition(t, start.trigger)
    {
        return Outcome::Nothing;
    }
    let mut list = match t.get(start.pos) {
        Some('[' | '{') => match bracketed(t, start.pos, start) {
            Some(list) => list,
            None => return Outcome::Nothing,
        },
        _ => match regions(t, start) {
            Ok(list) => list,
            Err(outcome) => return outcome,
        },
    };
    if start.first_default {
        if let Some(first) = list.entries.first_mut() {
            first.default = true;
        }
    }
    if !resolve_order(&mut list.entries) || !fits_start(&list, start) {
        return Outcome::Nothing;
    }
    list.open |= start.rank == Rank::Example;
    Outcome::Found(list)
}

/// `["N", "C"]`, `{"Day","Week"}`, `[ipvs,iptables]`, `[on:开启，off:关闭]`: items between
/// brackets, cut at `,`. A stray quote (`"B2",300",`) is forgiven and an unclosed bracket ends at
/// the sentence end, since the items are delimited anyway. Two numbers (`[1, 5]`) are a range.
fn bracketed(t: &[char], pos: usize, start: Start) -> Option<List> {
    let close = if t[pos] == '[' { ']' } else { '}' };
    let end = (pos + 1..(pos + MAX_REGION).min(t.len()))
        .find(|&k| t[k] == close || t[k] == '\n' || t[k] == '。')
        .unwrap_or_else(|| (pos + MAX_REGION).min(t.len()));
    let inner = &t[pos + 1..end];
    let items: Vec<&[char]> = inner.split(|c| *c == ',' || *c == '、').collect();
    let mut list = List { end, ..List::default() };
    let numbers =
        items.iter().filter(|i| trim(i).iter().all(|c| c.is_ascii_digit()) && !trim(i).is_empty()).count();
    if items.len() == 2 && numbers == 2 {
        return None;
    }
    for item in items {
        match classify(&unquote_stray(trim(item)), Mode::Weak, start) {
            Piece::Empty => {}
            Piece::Entry(e) if !list.entries.iter().any(|x| x.value == e.value) => list.entries.push(e),
            Piece::More(None) | Piece::Placeholder => list.open = true,
            _ => return None,
        }
    }
    Some(list)
}

/// An item with one stray quote at either end (`300"`): the quote goes.
fn unquote_stray(s: &[char]) -> Vec<char> {
    let quotes = s.iter().filter(|c| **c == '"').count();
    if quotes == 1 && (s.first() == Some(&'"') || s.last() == Some(&'"')) {
        return s.iter().copied().filter(|c| *c != '"').collect();
    }
    s.to_vec()
}

/// Whether a list read from `start` is believable for that kind of start.
fn fits_start(list: &List, start: Start) -> bool {
    let n = list.entries.len() + usize::from(list.open && start.rank >= Rank::Weak);
    if list.entries.is_empty() || n < start.min {
        return false;
    }
    let e = &list.entries;
    match start.rank {
        Rank::Strong | Rank::Weak => {
            // `支持ipv4，ipv6格式`: formats the values are written in, not the values.
            let formats = e.iter().any(|x| matches!(x.label.as_deref(), Some("格式" | "形式" | "格式的")));
            // `只支持 ASCII 码值ch >= 32…`: after a weak word, a value runs into a phrase.
            let phrase = |x: &Entry| {
                x.order == Order::ValueFirst(Form::Adjacent)
                    && x.label.as_ref().is_some_and(|l| {
                        l.chars().count() > 12 || l.chars().any(|c| c.is_ascii_alphanumeric())
                    })
            };
            !formats && (start.rank == Rank::Strong || !e.iter().any(phrase))
        }
        Rank::Example => e.iter().all(|e| !e.labelled() && !looks_numeric_dotted(&e.value)),
        Rank::Plain => {
            // `Node节点的镜像 ID，…`: a sentence opening with an English word is no list.
            let loose = e.iter().any(|x| {
                x.form().is_some_and(|f| !matches!(f, Form::Colon | Form::Dash | Form::Means | Form::Paren))
            });
            let words = e.iter().any(|x| x.value.parse::<i64>().is_err());
            let opening_word = loose && words && (start.pos == 0 || !start.loose_ok);
            // `key2:value2`: a label is Chinese text or a symbol, not another English word.
            let english_label = e.iter().any(|x| {
                x.label
                    .as_ref()
                    .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric()))
            });
            let forms: Vec<u8> = e
                .iter()
                .filter_map(Entry::form)
                .map(|f| {
                    if matches!(f, Form::Colon | Form::Comma | Form::Adjacent) && is_label_first(e) {
                        0
                    } else {
                        f.family()
                    }
                })
                .collect();
            let one_form = forms.windows(2).all(|w| w[0] == w[1]);
            let directions = e.iter().any(|x| matches!(x.order, Order::ValueFirst(_)))
                && e.iter().any(|x| matches!(x.order, Order::LabelFirst(_)));
            let mixed = directions && !e.iter().all(|x| x.form() == Some(Form::Colon));
            if opening_word || !one_form || mixed || english_label {
                return false;
            }
            let labelled = e.iter().all(Entry::labelled);
            let bare = start.bare_ok && e.iter().all(|e| !e.labelled());
            let numeric = !start.numeric || e.iter().all(|e| e.value.parse::<i64>().is_ok());
            let short = e.iter().all(|e| e.label.as_ref().is_none_or(|l| l.chars().count() <= 20));
            (labelled || bare) && numeric && short
        }
    }
}

/// Whether the list's entries put their labels first.
fn is_label_first(entries: &[Entry]) -> bool {
    entries.iter().all(|e| matches!(e.order, Order::LabelFirst(_)))
}

/// `192.168.1.1`, `172.17.0.0`: an address, not a value from a list.
fn looks_numeric_dotted(v: &str) -> bool {
    v.chars().filter(|c| *c == '.').count() >= 2 && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Entries whose order was ambiguous (`BGP: Bgp`) take the order of the others; entries split
/// other than at a colon must all have the same order. False when the order cannot be told.
fn resolve_order(entries: &mut [Entry]) -> bool {
    let value_first = entries.iter().any(|e| matches!(e.order, Order::ValueFirst(_)));
    let label_first = entries.iter().any(|e| matches!(e.order, Order::LabelFirst(_)));
    let loose_vf = entries.iter().any(|e| matches!(e.order, Order::ValueFirst(f) if !f.strict()));
    let loose_lf = entries.iter().any(|e| matches!(e.order, Order::LabelFirst(f) if !f.strict()));
    if loose_vf && loose_lf {
        return false;
    }
    for e in entries.iter_mut() {
        if let Order::Either(right) = &e.order {
            if label_first == value_first {
                return false;
            }
            if label_first {
                e.label = Some(e.value.clone());
                e.value = right.clone();
                e.order = Order::LabelFirst(Form::Colon);
            } else {
                e.label = Some(right.clone());
                e.order = Order::ValueFirst(Form::Colon);
            }
        }
    }
    true
}

/// A list start in a conditional sentence: `当 X 为 "O" 时，支持以下取值`, `取值为 X 时`. Looks at
/// the clause of the start and the clause before it.
fn in_condition(t: &[char], pos: usize) -> bool {
    let here = clause_before(t, pos);
    let before = clause_before(t, here.saturating_sub(1));
    let clause = &t[here..pos.min(t.len())];
    let prev = &t[before..here.saturating_sub(1)];
    let starts_conditional = |c: &[char]| {
        let c = &c[c.iter().take_while(|x| **x == ' ').count()..];
        ["当", "如果", "若"].iter().any(|w| at(c, 0, w))
    };
    // The clause before counts only within the same sentence.
    let same_sentence = here > 0 && t[here - 1] == ',';
    let prev_ends_when = states_condition(&prev[prev.len().saturating_sub(2)..]);
    // A clause opening with `当`/`若` counts even as `当前…` (the list reads as about a case).
    states_condition(clause)
        || starts_conditional(clause)
        || same_sentence && (starts_conditional(prev) || prev_ends_when)
}

/// Start of the clause holding `i`: just after the previous `,` `;` `。` or line break.
fn clause_before(t: &[char], i: usize) -> usize {
    let mut j = i.min(t.len());
    while j > 0 && !matches!(t[j - 1], ',' | ';' | '。' | '\n') {
        j -= 1;
    }
    j
}

/// A label's text outside parentheses: a remark (`（机型为N1时，代表…）`) says nothing about the
/// list's shape.
fn outside_parens(label: &[char]) -> Vec<char> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for &c in label {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A label that holds a condition or the start of another entry: the pieces are not entries.
fn bad_label(label: &[char]) -> bool {
    let outside = outside_parens(label);
    let default = (1..outside.len()).any(|k| at(&outside, k, "默认"));
    states_condition(&outside) || merged(&outside) || default
}

/// A list without a trigger must not sit in a sentence about something else: `第四个参数为…`,
/// `例如：TCP|22|…`, or in a conditional line before a list of lines.
fn plain_context_ok(t: &[char], pos: usize) -> bool {
    let mut s = pos.min(t.len());
    while s > 0 && !matches!(t[s - 1], '。' | '\n') {
        s -= 1;
    }
    let sentence = &t[s..pos.min(t.len())];
    let about_other = ["参数", "字段", "例如", "比如", "举例", "格式", "形式", "如:"]
        .iter()
        .any(|w| (0..sentence.len()).any(|k| at(sentence, k, w)));
    let prev_line_start = {
        let mut p = s.saturating_sub(1);
        while p > 0 && t[p - 1] != '\n' {
            p -= 1;
        }
        p
    };
    let prev_line = if s > 0 { &t[prev_line_start..s - 1] } else { &t[0..0] };
    !about_other && !states_condition(sentence) && !states_condition(prev_line)
}

// ---------------------------------------------------------------------------------------------
// Regions: sentences or lines read one after another.

/// Longest region looked at, in characters (bounds the work on odd input).
const MAX_REGION: usize = 800;
/// Most regions a list may span.
const MAX_REGIONS: usize = 64;

/// End of the region starting at `i`: a sentence end (`。`, `. `, `.` before a quote or Chinese
/// text) or a line break, outside parentheses and quotes.
fn region_end(t: &[char], i: usize) -> usize {
    let limit = (i + MAX_REGION).min(t.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for k in i..limit {
        let c = t[k];
        if c == '\n' {
            return k;
        }
        if c == '"' {
            quoted = !quoted;
        }
        if quoted {
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '。' if depth == 0 => return k,
            '.' if depth == 0 && k > 0 && t[k - 1] != '.' => {
                let next = t.get(k + 1).copied();
                if next.is_none_or(|n| n == ' ' || n == '"' || is_cjk(n)) {
                    return k;
                }
            }
            _ => {}
        }
    }
    limit
}

/// Reads regions from the start: the first one, then each next one that goes on with entries
/// (a bullet line, `"Free":免费带宽模式`), skipping a default sentence between two.
fn regions(t: &[char], start: Start) -> Result<List, Outcome> {
    let mut list = List::default();
    let mut i = start.pos;
    let mut skipped_default = false;
    let mut bulleted = false;
    for n in 0..MAX_REGIONS {
        let end = region_end(t, i);
        let region = &t[i..end];
        match read_region(region, start) {
            RegionRead::Reject => return Err(Outcome::Reject),
            RegionRead::Read { entries, open, complete } => {
                let bullet = starts_with_bullet(region);
                if list.entries.is_empty() {
                    bulleted = bullet;
                }
                let continues =
                    list.entries.is_empty() || (bullet || !bulleted) && goes_on(&list, &entries, region);
                if n > 0 && !continues {
                    break;
                }
                for e in entries {
                    if !list.entries.iter().any(|x| x.value == e.value) {
                        list.entries.push(e);
                    }
                }
                list.open |= open;
                list.end = end;
                skipped_default = false;
                if !complete || open {
                    break;
                }
            }
            RegionRead::Heading if list.entries.is_empty() && n == 0 => {}
            RegionRead::None if trim(region).is_empty() => {}
            RegionRead::Default if !list.entries.is_empty() && !skipped_default => skipped_default = true,
            _ => break,
        }
        if end >= t.len() {
            break;
        }
        i = end + 1;
    }
    Ok(list)
}

/// Whether a later region goes on with the list: it starts with a bullet (`> Month，按月`), or
/// its entries are labelled like the list's (`"Free":免费模式` after `"Hot", 热存储`). Bare words
/// in the next sentence ("At most 5 items") are not more values.
fn goes_on(list: &List, entries: &[Entry], region: &[char]) -> bool {
    let r = trim(region);
    let bullet = starts_with_bullet(r);
    let labelled = list.entries.iter().all(Entry::labelled) && entries.iter().all(Entry::labelled);
    let last = list.entries.last().and_then(Entry::form).map(Form::family);
    let same_form = last.is_some() && last == entries.first().and_then(Entry::form).map(Form::family);
    // `取值：\nGET。\nPOST。`: one bare value per line.
    let one_each = entries.len() == 1 && !entries[0].labelled() && list.entries.iter().all(|e| !e.labelled());
    !entries.is_empty()
        && (bullet
            || one_each && trim(region).len() == entries[0].value.len()
            || labelled && (same_form || r.first() == Some(&'"')))
}

/// `> Month，按月`, `- Year：年付`: a Markdown bullet or quote line.
fn starts_with_bullet(region: &[char]) -> bool {
    let r = trim(region);
    matches!(r.first(), Some('>' | '•')) || matches!(r, ['-' | '*', ' ', ..])
}

/// What one region gave.
enum RegionRead {
    Read {
        entries: Vec<Entry>,
        open: bool,
        /// Every piece was read; the list may go on in the next region.
        complete: bool,
    },
    /// `默认值：Firewall`: a default sentence.
    Default,
    /// `比较方式:` alone: a heading over lines of values.
    Heading,
    /// Nothing list-like.
    None,
    Reject,
}

/// Ways of cutting a region into pieces, tried in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At `;` and `|` only (entries hold `,`: `Year，按年付费`).
    Strong,
    /// Also at `,`, `、`, `/`, `或`, `和`.
    Weak,
    /// Also at spaces between entries (`0:关闭 1:开启`).
    Spaced,
    /// Also at every space (`ulb nlb`, `"Intel" "Amd"`).
    SpaceOnly,
}

/// Reads one region, with the splitting that reads most entries.
fn read_region(region: &[char], start: Start) -> RegionRead {
    let trimmed = trim(region);
    if trimmed.is_empty() {
        return RegionRead::None;
    }
    if at(trimmed, 0, "默认") || at(trimmed, 0, "default") {
        return RegionRead::Default;
    }
    if trimmed.last() == Some(&':') && trimmed.iter().filter(|c| is_cjk(**c)).count() + 1 == trimmed.len() {
        return RegionRead::Heading;
    }
    let mut best: Option<(Vec<Entry>, bool, bool)> = None;
    for mode in [Mode::Strong, Mode::Weak, Mode::Spaced, Mode::SpaceOnly] {
        match read_pieces(&split(region, mode), mode, start) {
            Pieces::Reject => return RegionRead::Reject,
            Pieces::Fail => {}
            // The way of splitting that reads the whole region, and the most entries, wins.
            Pieces::Read(entries, open, complete) => {
                let better = |b: &(Vec<Entry>, bool, bool)| (complete, entries.len()) > (b.2, b.0.len());
                if best.as_ref().is_none_or(better) {
                    best = Some((entries, open, complete));
                }
            }
        }
    }
    match best {
        Some((entries, open, complete)) if !entries.is_empty() => {
            RegionRead::Read { entries, open, complete }
        }
        _ => RegionRead::None,
    }
}

/// What separated a piece from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Start,
    Space,
    Weak,
    Strong,
}

/// Cuts a region into pieces at separators outside parentheses and quotes.
fn split(r: &[char], mode: Mode) -> Vec<(Sep, Vec<char>)> {
    let mut out = Vec::new();
    let mut cur: Vec<char> = Vec::new();
    let mut sep = Sep::Start;
    let mut depth = 0usize;
    let mut quote_end: Option<usize> = None;
    let mut colon = false;
    let mut k = 0;
    while k < r.len() {
        let c = r[k];
        if quote_end.is_some_and(|e| k <= e) {
            cur.push(c);
            k += 1;
            continue;
        }
        if c == '"' || c == '\'' {
            quote_end = closing_quote(r, k);
        }
        match c {
            '(' | '[' | '{' | '【' => depth += 1,
            ')' | ']' | '}' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && quote_end.is_none_or(|e| k > e) {
            if let Some((kind, len)) = separator(r, k, mode, &cur, colon) {
                out.push((sep, std::mem::take(&mut cur)));
                sep = kind;
                colon = false;
                k += len;
                continue;
            }
            colon |= c == ':' || c == '=' || (c == '-' && r.get(k + 1) == Some(&'>'));
        }
        cur.push(c);
        k += 1;
    }
    out.push((sep, cur));
    out
}

/// Index of the quote closing the one at `k` (same line, within 64 characters), if any.
fn closing_quote(r: &[char], k: usize) -> Option<usize> {
    let q = r[k];
    if q == '\'' && k > 0 && r[k - 1].is_ascii_alphanumeric() {
        return None; // an apostrophe
    }
    r.iter()
        .enumerate()
        .skip(k + 1)
        .take(65)
        .take_while(|(_, c)| **c != '\n')
        .find(|(_, c)| **c == q)
        .map(|(j, _)| j)
}

/// Whether a separator starts at `k` in this mode: its kind and length.
fn separator(r: &[char], k: usize, mode: Mode, cur: &[char], colon: bool) -> Option<(Sep, usize)> {
    let c = r[k];
    if matches!(c, ';' | '|' | '｜') {
        return Some((Sep::Strong, 1));
    }
    // `取值 >“On” 自动挂载 > “Off” 不自动挂载`: bullets run into one line.
    if c == '>' && k > 0 && matches!(r[k - 1], ' ' | ')') {
        let next = r[k + 1..].iter().find(|c| **c != ' ');
        if next.is_some_and(|n| n.is_ascii_alphanumeric() || *n == '"') {
            return Some((Sep::Strong, 1));
        }
    }
    if mode == Mode::Strong {
        return None;
    }
    if matches!(c, ',' | '、' | '/') {
        return Some((Sep::Weak, 1));
    }
    for w in ["或者", "或", "和", "及", "与"] {
        if at(r, k, w) && joins_values(r, k, w.chars().count()) {
            return Some((Sep::Weak, w.chars().count()));
        }
    }
    if c != ' ' || mode == Mode::Weak || trim(cur).is_empty() {
        return None;
    }
    let end = k + r[k..].iter().take_while(|c| **c == ' ').count();
    let prev = r[k - 1];
    let next = *r.get(end)?;
    if mode == Mode::SpaceOnly {
        return Some((Sep::Space, end - k));
    }
    let hanging = matches!(prev, ':' | '=' | '-' | '>' | ',' | '(' | '、')
        || matches!(next, ':' | '=' | '-' | ')' | ',' | '、' | '(' | ';');
    // After a `key: value` pair, a space splits only before the next `key:`.
    let next_pair = colon
        && value_at(r, end).is_some_and(|(_, e)| {
            let e = e + r[e..].iter().take_while(|c| **c == ' ').count();
            matches!(r.get(e), Some(':' | '=')) || at(r, e, "->")
        });
    let between = is_cjk(prev) || prev == ')' || is_cjk(next) || next_pair;
    (!hanging && between).then_some((Sep::Space, end - k))
}

/// `A或B`, `ACCEPT（接受）和DROP`: the word joins two values, not two phrases.
fn joins_values(r: &[char], k: usize, len: usize) -> bool {
    let before = r[..k].iter().rev().find(|c| **c != ' ').copied();
    let after = r[k + len..].iter().find(|c| **c != ' ').copied();
    let value_end = |c: char| c.is_ascii_alphanumeric() || c == '"' || c == ')' || c == '\'';
    let value_start = |c: char| c.is_ascii_alphanumeric() || c == '"' || c == '\'' || c == '-';
    before.is_some_and(value_end) && after.is_some_and(value_start)
}

/// What reading the pieces of a region gave.
enum Pieces {
    /// Entries, whether the list is open, and whether every piece was read.
    Read(Vec<Entry>, bool, bool),
    /// This way of splitting does not read the region.
    Fail,
    Reject,
}

/// Reads pieces as entries until the list ends.
fn read_pieces(pieces: &[(Sep, Vec<char>)], mode: Mode, start: Start) -> Pieces {
    let mut entries: Vec<Entry> = Vec::new();
    let mut open = false;
    for (sep, text) in pieces {
        let sep = *sep;
        if start.rank == Rank::Example && sep == Sep::Strong {
            return Pieces::Fail; // `例如：TCP|22|…`: a format, not examples of values
        }
        match classify(text, mode, start) {
            Piece::Empty => {}
            Piece::Placeholder => open = true,
            Piece::Entry(e) => {
                if mode == Mode::SpaceOnly && !entries.is_empty() && sep != Sep::Space {
                    return Pieces::Fail;
                }
                let after_bare = entries.last().is_some_and(|l| l.order == Order::Bare) && sep != Sep::Strong;
                if after_bare && matches!(e.order, Order::LabelFirst(_)) {
                    return Pieces::Fail; // `N1，系列1`: `系列1` is N1's label, not `1` labelled
                }
                // `"cube"，Cube容器`: a label that repeats the value's name.
                if after_bare && e.order == Order::ValueFirst(Form::Adjacent) && names_same(&entries, &e) {
                    if let Some(last) = entries.last_mut() {
                        last.label = Some(clean_label(text));
                        last.order = Order::ValueFirst(Form::Comma);
                    }
                    continue;
                }
                if entries.iter().any(|x| x.value == e.value) {
                    continue;
                }
                entries.push(e);
            }
            Piece::More(value) => {
                if let Some(v) = value {
                    entries.push(Entry { value: v, label: None, default: false, order: Order::Bare });
                }
                return finish(entries, true, false);
            }
            Piece::Text(label) => {
                let last = entries.last_mut().filter(|l| l.order == Order::Bare && l.label.is_none());
                match last {
                    Some(last) if matches!(sep, Sep::Weak | Sep::Space) && label_ok(&label) => {
                        last.label = Some(clean_label(&label));
                        last.default |= marks_default(&label);
                        let means = at(trim(&label), 0, "表示") || at(trim(&label), 0, "代表");
                        let form = if means {
                            Form::Means
                        } else if sep == Sep::Space {
                            Form::Adjacent
                        } else {
                            Form::Comma
                        };
                        last.order = Order::ValueFirst(form);
                    }
                    // `"Mode" 为 "A" 时`: a word just before prose belongs to the prose.
                    Some(_) if sep == Sep::Space => {
                        entries.pop();
                        return finish(entries, open, false);
                    }
                    _ => return finish(entries, open, false),
                }
            }
            Piece::Default => return finish(entries, open, true),
            Piece::Junk(has_cjk) => {
                let labelled = !entries.is_empty() && entries.iter().all(Entry::labelled);
                // `"In" / "Out"，"Mode" 为 "A" 时，…`: a condition clause after the list.
                let condition = !entries.is_empty() && states_condition(text);
                if sep == Sep::Strong && !entries.is_empty() || labelled && has_cjk || condition {
                    return finish(entries, open, false);
                }
                return Pieces::Fail;
            }
            // `A：甲，B：乙，V2时不用`: a condition after a labelled list is a new sentence.
            Piece::Reject if !entries.is_empty() && entries.iter().all(Entry::labelled) => {
                return finish(entries, open, false);
            }
            Piece::Reject => return Pieces::Reject,
        }
    }
    finish(entries, open, true)
}

/// Whether an entry's value names the bare value before it (`cube` and `Cube容器`, `hadoophost`
/// and `hadoop节点`): then it is that value's label.
fn names_same(entries: &[Entry], e: &Entry) -> bool {
    let Some(last) = entries.last() else { return false };
    let (a, b) = (last.value.to_lowercase(), e.value.to_lowercase());
    b.len() >= 2 && (a.contains(&b) || b.contains(&a))
}

/// The entries read, unless a bare value follows a labelled one (`"a"，甲；b；"c"，丙`): then the
/// pieces were not cut where the entries are.
fn finish(entries: Vec<Entry>, open: bool, complete: bool) -> Pieces {
    let first_pair = entries.iter().position(Entry::labelled);
    if first_pair.is_some_and(|p| entries[p..].iter().any(|e| !e.labelled())) {
        return Pieces::Fail;
    }
    Pieces::Read(entries, open, complete)
}

// ---------------------------------------------------------------------------------------------
// Pieces: one entry, or what else a piece of a list can be.

/// A piece of a list, classified.
enum Piece {
    Empty,
    Entry(Entry),
    /// Chinese text: the label of the bare value before it, or prose that ends the list.
    Text(Vec<char>),
    /// `默认…`, "default: a": the list is over.
    Default,
    /// `等`, `...`, `B等`: the list goes on beyond what is written (with the value, if any).
    More(Option<String>),
    /// `"<ip-address>"`: any value of a kind; the list is open.
    Placeholder,
    /// Not readable as an entry (and whether it holds Chinese text).
    Junk(bool),
    /// A condition (`UserDefined 时`): the list is not to be trusted.
    Reject,
}

/// Classifies one piece: the core of the reader.
fn classify(piece: &[char], mode: Mode, start: Start) -> Piece {
    let s = strip_bullet(trim(piece));
    if s.is_empty() {
        return Piece::Empty;
    }
    let text: String = s.iter().collect();
    if ["等", "等等", "...", "…", "etc", "etc."].contains(&text.trim_end_matches('。'))
        || at(s, 0, "...")
        || at(s, 0, "…")
    {
        return Piece::More(None);
    }
    if at(s, 0, "默认") || starts_default_word(s) {
        return Piece::Default;
    }
    if s.len() >= 2 && s[0] == '"' && s[1] == '<' && s.last() == Some(&'"') {
        return Piece::Placeholder;
    }
    if let Some(p) = colon_split(s) {
        return p;
    }
    if let Some((value, end)) = value_at(s, 0) {
        return value_first(value, &s[end..], mode, start);
    }
    if (0..s.len()).any(|k| at(&outside_parens(s), k, "默认")) {
        return Piece::Default; // `不传默认IPv4`
    }
    if let Some(p) = label_first(s) {
        return p;
    }
    let cjk = s.iter().any(|c| is_cjk(*c));
    if cjk && !s[0].is_ascii() {
        Piece::Text(s.to_vec())
    } else {
        Piece::Junk(cjk)
    }
}

/// `default: a`, `Default value is`: an English default clause (but `Default -> 默认规则` is an
/// entry).
fn starts_default_word(s: &[char]) -> bool {
    if !word_at(s, 0, "default") {
        return false;
    }
    let mut k = 7;
    while s.get(k) == Some(&' ') {
        k += 1;
    }
    let introduces = matches!(s.get(k), Some(':' | '=')) || at(s, k, "value") || at(s, k, "is");
    introduces && !at(s, k, "->")
}

/// Splits a piece at its first `:`, `=` or `->` and reads it when one side is exactly a value.
fn colon_split(s: &[char]) -> Option<Piece> {
    let (k, len) = first_colon(s)?;
    let (l, r) = (trim(&s[..k]), trim(&s[k + len..]));
    let (lv, rv) = (whole_value(l), whole_value(r));
    match (lv, rv) {
        (Some((v, d)), Some((w, _))) => {
            Some(Piece::Entry(Entry { value: v, label: None, default: d, order: Order::Either(w) }))
        }
        (Some((v, d)), None) if !r.is_empty() => {
            if bad_label(r) {
                return Some(Piece::Junk(true));
            }
            let label: String = r.iter().collect();
            let default = d || marks_default(r);
            Some(Piece::Entry(Entry {
                value: v,
                label: Some(clean_label(r)).filter(|_| !label.is_empty()),
                default,
                order: Order::ValueFirst(Form::Colon),
            }))
        }
        (None, Some((w, d))) if l.iter().any(|c| is_cjk(*c)) && first_colon(l).is_none() => {
            let statement = outside_parens(l).iter().any(|c| matches!(c, '为' | '是'));
            if bad_label(l)
                || at(l, 0, "默认")
                || statement
                || ["如", "例如", "比如"].iter().any(|w| at(l, 0, w))
            {
                return Some(Piece::Junk(true));
            }
            let default = d || marks_default(l);
            Some(Piece::Entry(Entry {
                value: w,
                label: Some(clean_label(l)),
                default,
                order: Order::LabelFirst(Form::Colon),
            }))
        }
        _ => None,
    }
}

/// The first `:`, `=` or `->` outside parentheses and quotes: its index and length.
fn first_colon(s: &[char]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote_end: Option<usize> = None;
    for k in 0..s.len() {
        if quote_end.is_some_and(|e| k <= e) {
            continue;
        }
        match s[k] {
            '"' => quote_end = closing_quote(s, k),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ':' | '=' if depth == 0 => return Some((k, 1)),
            '-' if depth == 0 && s.get(k + 1) == Some(&'>') => return Some((k, 2)),
            _ => {}
        }
    }
    None
}

/// Reads a piece that starts with a value: bare, `V（label）`, `V-label`, `V，label` (only when
/// entries are cut at `;`), `V表示label`, `V label`, `Vlabel`.
fn value_first(mut value: String, rest: &[char], mode: Mode, start: Start) -> Piece {
    let mut rest = rest;
    // `0CPU使用率`: a number run into an English word that begins the label.
    let digits = value.chars().take_while(|c| c.is_ascii_digit()).count();
    let numeric_run =
        digits > 0 && digits < value.len() && value[digits..].chars().all(|c| c.is_ascii_alphabetic());
    let label_text: Vec<char>;
    if numeric_run && rest.first().is_some_and(|c| is_cjk(*c)) {
        label_text = value[digits..].chars().chain(rest.iter().copied()).collect();
        value.truncate(digits);
        rest = &label_text;
        if bad_label(rest) {
            return Piece::Junk(true);
        }
        let label = Some(clean_label(rest));
        return Piece::Entry(Entry {
            value,
            label,
            default: false,
            order: Order::ValueFirst(Form::Adjacent),
        });
    }
    let spaced = rest.first() == Some(&' ');
    let r = trim(rest);
    let bare = Entry { value: value.clone(), label: None, default: false, order: Order::Bare };
    let Some(&first) = r.first() else { return Piece::Entry(bare) };
    let pair = |label: &[char], form: Form| {
        let label = trim(label);
        if label.is_empty() {
            return Piece::Junk(false);
        }
        if bad_label(label) {
            return Piece::Junk(true);
        }
        Piece::Entry(Entry {
            value: value.clone(),
            label: Some(clean_label(label)),
            default: marks_default(label),
            order: Order::ValueFirst(form),
        })
    };
    if first == '(' {
        return paren_after_value(bare, r);
    }
    if first == '-' || first == ',' && mode == Mode::Strong {
        let label = &r[1..];
        if first == ',' && !label.iter().any(|c| is_cjk(*c)) {
            return Piece::Junk(false);
        }
        return pair(label, if first == '-' { Form::Dash } else { Form::Comma });
    }
    if at(r, 0, "表示") || at(r, 0, "代表") {
        return pair(&r[2..], Form::Means);
    }
    // `0 CPU利用率`: a number's label may open with an English word.
    let word = r.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if value.parse::<i64>().is_ok() && word > 0 && r.get(word).is_some_and(|c| is_cjk(*c)) {
        return pair(r, Form::Adjacent);
    }
    if !is_cjk(first) {
        return Piece::Junk(r.iter().any(|c| is_cjk(*c)));
    }
    if first == '时' || at(r, 0, "的时候") {
        return Piece::Reject;
    }
    if first == '等' {
        return Piece::More(Some(value));
    }
    if ADJACENT_NOT_LABEL.contains(first)
        || counted(r)
        || (start.rank == Rank::Plain && (first == '此' || first == '该'))
    {
        return Piece::Junk(true);
    }
    if spaced && start.rank == Rank::Example {
        return Piece::Junk(true);
    }
    pair(r, Form::Adjacent)
}

/// `"On"（默认值）`, `transfer(数据传输)`, `OPTIONS（多个Method用…分隔）`: a value and a remark.
fn paren_after_value(bare: Entry, r: &[char]) -> Piece {
    let Some(close) = r.iter().position(|c| *c == ')') else { return Piece::Junk(true) };
    let inner = trim(&r[1..close]);
    let after = trim(&r[close + 1..]);
    // `2(天)（默认五分钟粒度）`: a second remark, about the whole list.
    let remark = after.first() == Some(&'(') && after.last() == Some(&')');
    if !after.is_empty() && !remark || inner.is_empty() {
        return Piece::Junk(true);
    }
    if is_default_word(inner) {
        return Piece::Entry(Entry { default: true, ..bare });
    }
    if let Some((other, false)) = whole_value(inner) {
        // `BGP(BGP)`: either side may be the value; the list's other entries tell.
        return Piece::Entry(Entry { order: Order::Either(other), ..bare });
    }
    if states_condition(inner) && !inner.contains(&',') {
        return Piece::Junk(true);
    }
    Piece::Entry(Entry { label: Some(clean_label(inner)), order: Order::ValueFirst(Form::Paren), ..bare })
}

/// Reads a piece that starts with its label: `密钥 KeyPair`, `主模式(main)`, `快速模式Fast`,
/// `国际线路，International` (`,` only inside an entry cut at `;`).
fn label_first(s: &[char]) -> Option<Piece> {
    let paren = s.last() == Some(&')');
    let form = if paren {
        Form::Paren
    } else if s.contains(&',') {
        Form::Comma
    } else {
        Form::Adjacent
    };
    let (value, label) = if paren {
        let open = s.iter().rposition(|c| *c == '(')?;
        let (v, d) = whole_value(trim(&s[open + 1..s.len() - 1]))?;
        if d {
            return None;
        }
        (v, trim(&s[..open]))
    } else {
        let k = trailing_value_start(s)?;
        let (v, end) = value_at(s, k)?;
        if end != s.len() {
            return None;
        }
        let mut label = trim(&s[..k]);
        while label.last().is_some_and(|c| *c == ',') {
            label = trim(&label[..label.len() - 1]);
        }
        (v, label)
    };
    // Without a colon or parentheses, the label is a Chinese name (`密钥 KeyPair`), not a phrase
    // that happens to end in an English word (`不超过16K 2`).
    let loose_ascii =
        !paren && (label.iter().any(|c| c.is_ascii_alphanumeric()) || value.parse::<i64>().is_ok());
    let ok = label.iter().any(|c| is_cjk(*c))
        && !loose_ascii
        && !label.iter().any(|c| matches!(c, ':' | '=' | '"' | ';' | '>'))
        && !bad_label(label)
        && !at(label, 0, "默认")
        && !["如", "例如", "比如"].iter().any(|w| at(label, 0, w))
        && !outside_parens(label).iter().any(|c| matches!(c, '为' | '是'))
        && label.last().is_some_and(|c| !"为是的在从到和或及与用填写传设置含比如例".contains(*c));
    if !ok {
        return Some(Piece::Junk(true));
    }
    let default = marks_default(label);
    Some(Piece::Entry(Entry {
        value,
        label: Some(clean_label(label)),
        default,
        order: Order::LabelFirst(form),
    }))
}

/// Where the value at the end of a piece starts (an identifier or a quoted string).
fn trailing_value_start(s: &[char]) -> Option<usize> {
    let last = *s.last()?;
    if last == '"' {
        return s[..s.len() - 1].iter().rposition(|c| *c == '"');
    }
    let mut k = s.len();
    while k > 0 && is_value_char(s[k - 1]) {
        k -= 1;
    }
    while k < s.len() && !s[k].is_ascii_alphanumeric() {
        k += 1;
    }
    (k < s.len()).then_some(k)
}

// ---------------------------------------------------------------------------------------------
// Values and labels.

/// Characters of an unquoted value (`UHost`, `sha2-256`, `cn-sh2`, `O.BM`, `full+incremental`).
fn is_value_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+')
}

/// The value at `k`: a quoted string or an identifier-like word (`-1` included); its end.
fn value_at(s: &[char], k: usize) -> Option<(String, usize)> {
    let c = *s.get(k)?;
    if c == '"' || c == '\'' {
        let close = closing_quote(s, k)?;
        let inner: String = s[k + 1..close].iter().collect();
        let inner = inner.trim().to_string();
        return quoted_ok(&inner).then_some((inner, close + 1));
    }
    let negative = c == '-' && s.get(k + 1).is_some_and(|d| d.is_ascii_digit());
    if !c.is_ascii_alphanumeric() && !negative {
        return None;
    }
    let mut end = k + 1;
    while s.get(end).is_some_and(|c| is_value_char(*c)) {
        end += 1;
    }
    while end > k + 1 && matches!(s[end - 1], '.' | '-' | '+') {
        end -= 1;
    }
    let v: String = s[k..end].iter().collect();
    bare_ok(&v).then_some((v, end))
}

/// An unquoted value: short, and not a range (`1-65535`) or an address.
fn bare_ok(v: &str) -> bool {
    let range = v.split_once('-').is_some_and(|(a, b)| {
        !a.is_empty()
            && a.chars().all(|c| c.is_ascii_digit())
            && !b.is_empty()
            && b.chars().all(|c| c.is_ascii_digit())
    });
    v.len() <= 64 && v.chars().any(|c| c.is_ascii_alphanumeric()) && !range && !looks_numeric_dotted(v)
}

/// A quoted value: identifier-like, possibly with `/` or inner spaces (`"Intel/Auto"`, `"ike v1"`);
/// empty is a value too (`""`, the empty string).
fn quoted_ok(v: &str) -> bool {
    v.is_empty()
        || (v.len() <= 64
            && v.chars().all(|c| is_value_char(c) || c == '/' || c == ' ')
            && v.chars().any(|c| c.is_ascii_alphanumeric())
            && v.split(' ').count() <= 3
            && !looks_numeric_dotted(v))
}

/// The whole of `s` is one value, maybe with a default remark (`"On"（默认值）`).
fn whole_value(s: &[char]) -> Option<(String, bool)> {
    let (v, end) = value_at(s, 0)?;
    let rest = trim(&s[end..]);
    if rest.is_empty() {
        return Some((v, false));
    }
    let remark = rest.first() == Some(&'(') && rest.last() == Some(&')');
    (remark && is_default_word(trim(&rest[1..rest.len() - 1]))).then_some((v, true))
}

/// `默认`, `默认值`, `默认选项`, `default`: a remark that marks the default.
fn is_default_word(s: &[char]) -> bool {
    let text: String = s.iter().collect();
    ["默认", "默认值", "默认选项", "默认推荐", "推荐", "default"].contains(&text.to_lowercase().as_str())
}

/// A label that marks its value as the default: `密码（默认选项）`, `1-默认`.
fn marks_default(label: &[char]) -> bool {
    if is_default_word(trim(label)) {
        return true;
    }
    let mut k = 0;
    while k < label.len() {
        if label[k] == '(' {
            let close = label[k..].iter().position(|c| *c == ')').map_or(label.len(), |p| k + p);
            if is_default_word(trim(&label[k + 1..close])) {
                return true;
            }
            k = close;
        }
        k += 1;
    }
    false
}

/// A Chinese text that may be the label of the value before it (not `时…`, `等`, `默认…`).
fn label_ok(label: &[char]) -> bool {
    let l = trim(label);
    let starts_ok = l.first().is_some_and(|c| !ADJACENT_NOT_LABEL.contains(*c) && *c != '时' && *c != '等')
        && !counted(l);
    starts_ok && !bad_label(l) && !(0..l.len()).any(|k| at(l, k, "默认"))
}

/// `三个 Master 节点`, `两台`: a count, which follows a word of a sentence, not a value.
fn counted(l: &[char]) -> bool {
    l.first().is_some_and(|c| "一二三四五六七八九十两几多每各".contains(*c))
        && l.get(1).is_some_and(|c| "个种类组台次条项位块张".contains(*c))
}

/// First characters of Chinese text after a value that make it no label: a unit (`60秒`), a
/// particle or a conjunction (`1024的倍数`, `X 为 Y`).
const ADJACENT_NOT_LABEL: &str = "个次天秒分小位字倍年月日周元核台组条毫兆的为则之以或和及与可中上下";

/// A label holding the start of another entry (`云主机 ulb: 负载均衡`, `停用 1 启用`): entries
/// ran together, so this way of splitting is wrong.
fn merged(label: &[char]) -> bool {
    (0..label.len()).any(|k| {
        let comma = k > 0 && matches!(label[k - 1], ',' | '、');
        let boundary = k == 0 || comma || matches!(label[k - 1], ' ' | '>' | ';');
        if !boundary || !label[k].is_ascii_alphanumeric() && label[k] != '"' {
            return false;
        }
        let Some((_, end)) = value_at(label, k) else { return false };
        let spaces = label[end..].iter().take_while(|c| **c == ' ').count();
        let next = label.get(end + spaces).copied();
        let dash = next == Some('-') && label.get(end + spaces + 1).is_some_and(|c| !c.is_ascii_digit());
        let colon = matches!(next, Some(':' | '=')) || at(label, end + spaces, "->") || dash;
        let cjk = next.is_some_and(is_cjk) && (comma || k > 0 && spaces > 0);
        colon || cjk
    })
}

/// The label as given, trimmed, without remarks in parentheses or what follows a comma.
fn clean_label(label: &[char]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for &c in trim(label) {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' | '。' if depth == 0 => break,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Strips a Markdown bullet or quote marker (`> `, `- `, `* `, `• `).
fn strip_bullet(s: &[char]) -> &[char] {
    let mut s = s;
    loop {
        match s.first() {
            Some('>' | '•') => s = trim(&s[1..]),
            Some('-' | '*') if s.get(1) == Some(&' ') => s = trim(&s[1..]),
            _ => return s,
        }
    }
}

/// `s` without spaces at either end.
fn trim(s: &[char]) -> &[char] {
    let start = s.iter().take_while(|c| **c == ' ').count();
    let end = s.len() - s[start..].iter().rev().take_while(|c| **c == ' ').count();
    &s[start..end]
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn facts(s: &str) -> EnumFacts {
        enum_facts(&normalize(s))
    }

    fn e(s: &str) -> Vec<String> {
        let f = facts(s);
        assert!(!f.open || f.values.is_empty(), "{s:?} gave an open list");
        f.values
    }

    fn open(s: &str) -> Vec<String> {
        let f = facts(s);
        assert!(f.open, "{s:?} gave a closed list {:?}", f.values);
        f.values
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
        assert_eq!(e("枚举值[\"N\", \"C\", \"OS\"]。参考[说明](api/x)。"), v(&["N", "C", "OS"]));
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
            e("限定枚举值：Cat -> 猫，Dog -> 狗，IP ->  IP类型； 默认值：\"Cat\"； 非IP类型"),
            v(&["Cat", "Dog", "IP"])
        );
        assert_eq!(
            e("盘类型。枚举值为：<br> > Local，本地盘（机型为A1,A2时，代表普通盘）; <br>> Cloud，云盘; <br>只要有一块为本地盘，即返回Local"),
            v(&["Local", "Cloud"])
        );
        assert_eq!(e("枚举值：0-关闭 1-开启"), v(&["0", "1"]));
        assert_eq!(e("枚举值：steady连续 burst 突发 once 不重复"), v(&["steady", "burst", "once"]));
        assert_eq!(e("枚举值：Strict-严格，Loose-宽松； 默认值：Strict"), v(&["Strict", "Loose"]));
        assert_eq!(e("取值：<br /><br />on：是。<br />off：否。"), v(&["on", "off"]));
        assert_eq!(
            e("枚举值: \"Hot\", 热存储; \"Cold\", 冷存储; \"Shared\",共享模式. \"Free\":免费模式,默认为 \"Cold\""),
            v(&["Hot", "Cold", "Shared", "Free"])
        );
        assert_eq!(e("枚举值为: vm: 虚拟机; lb, 负载均衡器 pm: 物理机;"), v(&["vm", "lb", "pm"]));
        assert_eq!(e("枚举值为：  Bgp：BGP IP Intl：国际IP"), v(&["Bgp", "Intl"]));
        assert_eq!(e("方法。取值：\nGET。\nPOST。\nPUT。"), v(&["GET", "POST", "PUT"]));
        assert_eq!(
            e("类型，枚举值：vm: 虚拟机; gw：gw；vpn：ipsec vpn；db，DB实例"),
            v(&["vm", "gw", "vpn", "db"])
        );
        assert_eq!(e("枚举值：<br />- Month：月付；<br />- Year：年付"), v(&["Month", "Year"]));
        assert_eq!(e("枚举值：\"Host\"/\"Path\"；Conditions数组长度不为0时必填"), v(&["Host", "Path"]));
        assert_eq!(e("枚举值：Forward；Actions数组长度不为0时必填"), v(&["Forward"]));
        assert_eq!(
            e("内容类型，枚举值：Custom -> 客户自定义；Default -> 默认内容转发"),
            v(&["Custom", "Default"])
        );
        assert_eq!(e("Enum: a, b, default: a"), v(&["a", "b"]));
    }

    #[test]
    fn labels_are_not_values() {
        assert_eq!(e("类型，枚举值为：\"DISK_A\",甲型云盘;\"DISK_B\",乙型云盘"), v(&["DISK_A", "DISK_B"]));
        assert_eq!(
            e("资源类型，枚举值为：\"natgw\"，NAT网关； \"vmhost\"，VM主机； ”box“，Box容器实例。"),
            v(&["natgw", "vmhost", "box"])
        );
        assert_eq!(e("开关，枚举值：“off”,关闭（推荐为off，…）；“on”开启"), v(&["off", "on"]));
        let f = facts("线路，枚举值：国内线路，Domestic；BGP线路：BGP；优选BGP：BGPPlus；");
        assert_eq!(f.values, v(&["Domestic", "BGP", "BGPPlus"]));
        assert_eq!(f.labels[0].as_deref(), Some("国内线路"));
    }

    #[test]
    fn labels_first_and_defaults() {
        let f = facts("登录方式。口令（默认选项）: Secret，证书 Cert，自带口令: Builtin。");
        assert_eq!(f.values, v(&["Secret", "Cert", "Builtin"]));
        assert_eq!(f.default.as_deref(), Some("Secret"));
        assert_eq!(f.labels[1].as_deref(), Some("证书"));
        assert_eq!(
            e("线路：Fast: 快速线路; Intl: 国际线路; 原生IP: Origin; 优选: Prime"),
            v(&["Fast", "Intl", "Origin", "Prime"])
        );
        assert_eq!(e("是否保留日志，保留：Keep，丢弃：Drop， 默认：Keep；"), v(&["Keep", "Drop"]));
        assert_eq!(e("是否开放访问，开放：Yes 不开放：No。默认为No。"), v(&["Yes", "No"]));
        assert_eq!(e("规格，可选千兆：1G ，万兆：10G， 默认1G。"), v(&["1G", "10G"]));
        assert_eq!(e("模式，快速模式Fast，标准模式Normal"), v(&["Fast", "Normal"]));
        let f = facts("匹配方式；可选 all（默认）或 any。");
        assert_eq!(f.values, v(&["all", "any"]));
        assert_eq!(f.default.as_deref(), Some("all"));
        let f = facts("级别，枚举值：1-默认，2-高");
        assert_eq!(f.default.as_deref(), Some("1"));
        assert_eq!(e("计费，预付费:Year 按年,Month 按月,Hour 按时;"), v(&["Year", "Month", "Hour"]));
        assert_eq!(e("协商模式，主模式(main)/快速模式(quick)，V2时不使用该参数"), v(&["main", "quick"]));
        assert_eq!(e("路由模式，枚举值：\n静态路由(Static) | BGP(BGP)"), v(&["Static", "BGP"]));
    }

    #[test]
    fn lists_without_a_trigger() {
        assert_eq!(e("开关状态0 停用 1 启用"), v(&["0", "1"]));
        assert_eq!(e("0:关闭 1:开启，用于压缩功能"), v(&["0", "1"]));
        assert_eq!(e("安全模式。Wall：防火墙；Group：安全组；默认值：Wall。"), v(&["Wall", "Group"]));
        assert_eq!(e("是否为备份，默认为0\n0：主节点\n1：backup的节点"), v(&["0", "1"]));
        assert_eq!(e("标签：Inner、Outer"), v(&["Inner", "Outer"]));
        assert_eq!(e("套餐类型：1M-Mini、5M-Basic、10M-Pro"), v(&["1M-Mini", "5M-Basic", "10M-Pro"]));
        assert_eq!(e("访问类型;public或private"), v(&["public", "private"]));
        assert_eq!(e("地址类型，IPv4或者IPv6，不传默认IPv4"), v(&["IPv4", "IPv6"]));
        let f = facts("默认0表示查询全部，1表示查询过期的，-1表示查询未过期的");
        assert_eq!(f.values, v(&["0", "1", "-1"]));
        assert_eq!(f.default.as_deref(), Some("0"));
        assert_eq!(e("0CPU使用率, 1内存使用率, 2 网卡流量"), v(&["0", "1", "2"]));
        assert_eq!(e("n为0 CPU利用率, 1内存使用率"), v(&["0", "1"]));
        assert_eq!(e("PASS（放行）和BLOCK（拦截）"), v(&["PASS", "BLOCK"]));
        assert_eq!(e("优先级：TOP（高），MID（中），BOTTOM（低）"), v(&["TOP", "MID", "BOTTOM"]));
        assert_eq!(e("产品类型，basic标准型，pro高性能型"), v(&["basic", "pro"]));
        assert_eq!(e("付费方式，1按时，2按月，3按年，默认2"), v(&["1", "2", "3"]));
        assert_eq!(
            e("计费模式 Fixed:固定带宽｜Peak:峰值｜Flow:流量计费\n固定带宽：按月/按年"),
            v(&["Fixed", "Peak", "Flow"])
        );
        assert_eq!(e("时间粒度 day=按天  hour=按小时  min5=5分钟，默认day"), v(&["day", "hour", "min5"]));
        assert_eq!(e("粒度。5分钟 Step=5;1小时 Step=60;1天 Step=1440"), v(&["5", "60", "1440"]));
        assert_eq!(e("区域，cn：国内；intl：国外；all：全部。默认值为cn"), v(&["cn", "intl", "all"]));
        assert_eq!(
            e("粒度，min1:1分钟 min5：5分钟 hour:小时 ，day：天\n默认5分钟"),
            v(&["min1", "min5", "hour", "day"])
        );
        assert_eq!(e("是否汇总：1=是 0=否  默认是, 汇总返回sum"), v(&["1", "0"]));
        assert_eq!(e("加速类型：push(推流) pull(播放)。默认推流"), v(&["push", "pull"]));
        let f = facts("网卡特性。开启权限后生效，默认 false 未开启，true 开启。");
        assert_eq!(f.values, v(&["false", "true"]));
        assert_eq!(f.default.as_deref(), Some("false"));
        assert_eq!(e("比较方式:\n1->=\n2-<=\n3->"), v(&["1", "2", "3"]));
        assert_eq!(e("升降级（1，表示升级，2表示降级，0表示不变）"), v(&["1", "2", "0"]));
        assert_eq!(e("粒度3(一分钟) 0(五分钟) 1(小时)（默认五分钟）"), v(&["3", "0", "1"]));
        let f = facts("自动挂载。取值 >“On” 自动挂载（默认值）> “Off” 不自动挂载。");
        assert_eq!((f.values, f.default.as_deref()), (v(&["On", "Off"]), Some("On")));
        assert_eq!(e("重启策略（0总是，1出错重启，2永不，默认0）"), v(&["0", "1", "2"]));
    }

    #[test]
    fn other_triggers_and_syntaxes() {
        assert_eq!(e("间隔，取值{\"Day\",\"Week\"}"), v(&["Day", "Week"]));
        assert_eq!(e("操作符，可选 ['EQ','NE']"), v(&["EQ", "NE"]));
        assert_eq!(e("平台，枚举值[\"Arm/Auto\", \"Arm/V8\"]"), v(&["Arm/Auto", "Arm/V8"]));
        assert_eq!(e("卡型，枚举值[\"A1\", \"B2\",300\",\"C3\"]"), v(&["A1", "B2", "300", "C3"]));
        assert_eq!(e("平台，枚举值[\"Arm/Auto\", \"Arm/V8\"。"), v(&["Arm/Auto", "Arm/V8"]));
        assert_eq!(e("芯片，取值\"Alpha\" \"Beta\"，默认值“Alpha”"), v(&["Alpha", "Beta"]));
        assert_eq!(e("任务类型，唯一值：sync(数据同步)"), v(&["sync"]));
        assert_eq!(e("任务模式，值可以是 full, delta, full+delta"), v(&["full", "delta", "full+delta"]));
        assert_eq!(e("网络，可以是 public,user,private_line"), v(&["public", "user", "private_line"]));
        assert_eq!(e("规格，值可以是small/medium/2xlarge"), v(&["small", "medium", "2xlarge"]));
        assert_eq!(e("目标网络类型，目前仅支持 user"), v(&["user"]));
        assert_eq!(
            e("配置，默认Raid10 支持:Raid0、Raid1、Raid10，NoRaid"),
            v(&["Raid0", "Raid1", "Raid10", "NoRaid"])
        );
        assert_eq!(e("模式。支持iptables和ipvs，默认为iptables。"), v(&["iptables", "ipvs"]));
        assert_eq!(e("类型默认alb，可选alb nlb"), v(&["alb", "nlb"]));
        assert_eq!(e("模式，目前只支持Toa,为空则关闭 枚举：\"\",Toa"), v(&["", "Toa"]));
        assert_eq!(
            e("方法。支持的方法名有：GET、PUT、HEAD（多个Method用‘,’分隔）"),
            v(&["GET", "PUT", "HEAD"])
        );
        assert_eq!(e("清理方式,支持值：NONE、CLEAN。默认值：NONE"), v(&["NONE", "CLEAN"]));
        assert_eq!(e("版本，取值： \"ike v1\"，\"ike v2\""), v(&["ike v1", "ike v2"]));
        assert_eq!(e("方向，限定取值：\"In\" / \"Out\"，\"Mode\" 为 \"A\" 时，该值无效"), v(&["In", "Out"]));
        assert_eq!(e("副本数只能是2或4"), v(&["2", "4"]));
        assert_eq!(
            e("周期，0<范围<=1h——对应的枚举值为60、300；\n1h<范围——对应的枚举值为300、3600"),
            v(&["60", "300", "3600"])
        );
    }

    #[test]
    fn open_lists() {
        assert_eq!(open("网络类型，枚举值：VPC/UCVR/..."), v(&["VPC", "UCVR"]));
        assert_eq!(open("枚举值：A、B等"), v(&["A", "B"]));
        assert_eq!(open("机型，如[\"N\", \"C\"]，具体请参照机型说明。"), v(&["N", "C"]));
        assert_eq!(open("卡型，枚举值[\"K1\", \"K2\"]，最新值参考Console。"), v(&["K1", "K2"]));
        assert_eq!(open("数据库类型，比如 mysql"), v(&["mysql"]));
        assert_eq!(open("周期，以12小时为基础倍数扩增，如12、24、36。"), v(&["12", "24", "36"]));
        assert_eq!(open("本端标识，取值：“auto”，“<ip-address>”"), v(&["auto"]));
        assert_eq!(
            open("子类型(可扩展)，rec(录制可用) tsh(时移可用)，如果不传，则返回所有"),
            v(&["rec", "tsh"])
        );
        assert_eq!(open("Currency, e.g. CNY, USD"), v(&["CNY", "USD"]));
    }

    #[test]
    fn case_insensitivity() {
        assert!(facts("枚举值：On，Off（不区分大小写）").case_insensitive);
        assert!(facts("One of: a, b (case-insensitive)").case_insensitive);
        assert!(!facts("枚举值：On，Off（区分大小写）").case_insensitive);
    }

    #[test]
    fn not_lists() {
        assert!(e("取值为 UserDefined 时：可以自定义头字段内容").is_empty());
        assert!(e("取值为1024的倍数").is_empty());
        assert!(e("取值：[1-65535]； 默认值：80").is_empty());
        assert!(e("取值范围[1, 5]").is_empty());
        assert!(e("可选参数：1-64。可选范围参照控制台").is_empty());
        assert!(e("枚举值：success、not exist、failure").is_empty());
        assert!(facts("地域，如 cn-bj2").values.is_empty());
        assert!(facts("网络实例 ID，如 uvnet-xxxx").values.is_empty());
        assert!(facts("数据库端口，比如 3306").values.is_empty());
        assert!(facts("Service 网段，如172.17.0.0/16。").values.is_empty());
        assert!(facts("标签，形式为key=value，如env=pro,type=game").values.is_empty());
        assert!(facts("端口，范围用\"-\"符号分隔，如：1-65535").values.is_empty());
        assert!(e("香港地域支持：Pro和Intl。其他地域无需填写该字段").is_empty());
        assert!(e("规格族。\n当 Kind 为 \"O\" 时，支持以下取值：\n- o1i：一代\n- o2i：二代").is_empty());
        assert!(e("规则，例如：TCP|22|DROP|LOW，第四个参数为ACCEPT（接受）和DROP（拒绝），第五个参数优先级：HIGH（高），LOW（低），第六个参数为备注").is_empty());
        assert!(e("根据Kind确认； None和Insert： 此字段无意义； Custom：此字段传入自定义值").is_empty());
        assert!(e("可用区，需要设置 M.0.Zone、 M.1.Zone、M.2.Zone 三个节点的可用区。").is_empty());
        assert!(e("如果重装时Mode为Secret，则必须填写，如果Mode为Cert，不需要填写").is_empty());
        assert!(e("返回数据长度，默认为20，最大100").is_empty());
        assert!(e("注意：1、总数据量不超过16K 2、使用base64编码").is_empty());
        assert!(e("所添加的后端服务器，当Kind 为 Hybrid 或 IP时有效").is_empty());
        assert!(e("月付时，此参数传0，代表了购买至月末。").is_empty());
        assert!(e("Node节点的镜像 ID，不填则使用ImageId参数。").is_empty());
        assert!(e("源镜像Id, 参见 DescribeImage").is_empty());
        assert!(e("来源于 CreateThing 返回的 ThingId，不传表示为空").is_empty());
        assert!(e("若指定FooId，则忽略BarId。").is_empty());
        assert!(e("令牌黑名单，支持ipv4，ipv6格式。").is_empty());
        assert!(e("只支持 ASCII 码值ch >= 32 && ch < 127范围内的可打印字符").is_empty());
        assert!(e("环境变量（多个用；隔开,如：key1:value1;key2:value2）").is_empty());
        assert!(e("时长, 默认: 1; 0-> 购买至月末").is_empty());
        assert!(e("系列。枚举值：\n> N1，系列1\n> N2，系列2").len() == 2);
    }

    #[test]
    fn odd_input_is_safe() {
        for s in
            ["枚举值：", "[", "枚举值[\"", "如", "默认", "0", "\"<", "(((", "枚举值：a(", "a:b:c", "-1表示"]
        {
            let _ = facts(s);
        }
    }
}
