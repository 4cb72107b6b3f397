//! Finding where things are in a YAML text.
//!
//! serde_yaml 0.9 reports positions only in its errors, so after a successful parse we scan the
//! text ourselves for mapping keys. The scan is deliberately shallow: it knows block mappings,
//! block sequences (`- `), one-line flow collections (`{ a: 1 }`, `[ {a: 1} ]`), comments and
//! block scalars (`|`, `>`) whose content it skips. That covers every file `to_yaml` writes and
//! the usual hand-written style; for anything stranger a lookup simply finds nothing and the
//! location stays unknown. Locations are a convenience for diagnostics, never part of meaning.

use crate::ir::Loc;
use std::ops::Range;

/// One mapping key found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyEvent {
    /// 1-based line of the key.
    pub line: u32,
    /// 1-based character column of the key.
    pub col: u32,
    /// Nesting level: larger means deeper. Block keys use their column; keys inside a flow
    /// collection use the column of what holds them plus the bracket depth.
    pub level: u32,
    /// The key, unquoted.
    pub key: String,
    /// The value when it is a scalar on the same line, unquoted.
    pub value: Option<String>,
    /// 1-based character column where the value starts (0 when there is none).
    pub value_col: u32,
    /// True when this key opens a sequence item (`- key:` or the first key of `{` in a `[`).
    pub item: bool,
}

/// The keys of a YAML text in reading order, with lookups by structure.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyMap {
    pub events: Vec<KeyEvent>,
    file: String,
}

/// Unquotes one scalar token the way YAML reads it, falling back to the raw text.
fn decode_scalar(token: &str) -> String {
    let token = token.trim();
    if token.starts_with('"') || token.starts_with('\'') {
        if let Ok(s) = serde_yaml::from_str::<String>(token) {
            return s;
        }
    }
    token.to_string()
}

/// Where a quoted scalar starting at `chars[start]` ends (index of the closing quote).
fn quoted_end(chars: &[char], start: usize) -> Option<usize> {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() {
        let c = chars[i];
        if quote == '"' && c == '\\' {
            i += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Index of the `:` that ends a block key starting at `start`, if the text there is a key.
fn block_key_end(chars: &[char], start: usize) -> Option<usize> {
    let first = *chars.get(start)?;
    if first == '"' || first == '\'' {
        let end = quoted_end(chars, start)?;
        let mut i = end + 1;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        return (chars.get(i) == Some(&':') && chars.get(i + 1).is_none_or(|c| *c == ' ')).then_some(i);
    }
    if matches!(first, '[' | '{' | '|' | '>' | '#' | '&' | '*' | '!' | '%' | '@' | '`' | ',') {
        return None;
    }
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c == ':' && chars.get(i + 1).is_none_or(|c| *c == ' ' || *c == '\t') {
            return Some(i);
        }
        if c == '#' && i > start && chars[i - 1] == ' ' {
            return None;
        }
        i += 1;
    }
    None
}

/// Reading state carried from line to line.
enum Mode {
    Normal,
    /// Inside a block scalar: lines indented deeper than this many spaces belong to it.
    Block(usize),
    /// Inside a quoted scalar that did not close on its line.
    Quoted(char),
}

impl KeyMap {
    /// Scans `text` (the file `file`).
    pub fn scan(file: &str, text: &str) -> KeyMap {
        let mut events = Vec::new();
        let mut mode = Mode::Normal;
        for (index, raw) in text.lines().enumerate() {
            let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let chars: Vec<char> = raw.chars().collect();
            let indent = chars.iter().take_while(|c| **c == ' ').count();
            let blank = chars.iter().all(|c| c.is_whitespace());
            match mode {
                Mode::Block(parent) => {
                    if blank || indent > parent {
                        continue;
                    }
                    mode = Mode::Normal;
                }
                Mode::Quoted(q) => {
                    if raw.contains(q) {
                        mode = Mode::Normal;
                    }
                    continue;
                }
                Mode::Normal => {}
            }
            if blank {
                continue;
            }
            mode = scan_line(&chars, line_no, indent, &mut events);
        }
        KeyMap { events, file: file.to_string() }
    }

    /// A location in this file.
    pub fn loc(&self, line: u32, col: u32) -> Loc {
        Loc { file: self.file.clone(), line, col }
    }

    /// The location of event `i`'s key.
    pub fn key_loc(&self, i: usize) -> Option<Loc> {
        self.events.get(i).map(|e| self.loc(e.line, e.col))
    }

    /// The location of event `i`'s value, or of its key when the value is not on the line.
    pub fn value_loc(&self, i: usize) -> Option<Loc> {
        self.events.get(i).map(|e| self.loc(e.line, if e.value_col > 0 { e.value_col } else { e.col }))
    }

    /// Every event.
    pub fn all(&self) -> Range<usize> {
        0..self.events.len()
    }

    /// The events nested under event `i`.
    pub fn children(&self, i: usize) -> Range<usize> {
        let Some(e) = self.events.get(i) else { return 0..0 };
        let end = self.events[i + 1..]
            .iter()
            .position(|c| c.level <= e.level)
            .map_or(self.events.len(), |p| i + 1 + p);
        i + 1..end
    }

    /// The shallowest level within `range`: the level of its direct members.
    fn top_level(&self, range: &Range<usize>) -> Option<u32> {
        self.events.get(range.clone())?.iter().map(|e| e.level).min()
    }

    /// The direct member of `range` named `key`.
    pub fn find(&self, range: Range<usize>, key: &str) -> Option<usize> {
        let level = self.top_level(&range)?;
        range.clone().find(|&i| self.events[i].level == level && self.events[i].key == key)
    }

    /// The nested events of key `key` in `range`, or an empty range.
    pub fn section(&self, range: Range<usize>, key: &str) -> Range<usize> {
        self.find(range, key).map_or(0..0, |i| self.children(i))
    }

    /// The items of the sequence whose content is `range`: one range per item.
    pub fn items(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let Some(level) = self.top_level(&range) else { return Vec::new() };
        let starts: Vec<usize> =
            range.clone().filter(|&i| self.events[i].level == level && self.events[i].item).collect();
        starts.iter().enumerate().map(|(n, &s)| s..starts.get(n + 1).copied().unwrap_or(range.end)).collect()
    }

    /// The event of the `name` key of an item (its first direct `name` member).
    pub fn item_name(&self, item: Range<usize>) -> Option<usize> {
        self.find(item, "name")
    }
}

/// Scans one line that is not inside a scalar, returning the mode for the next line.
fn scan_line(chars: &[char], line: u32, indent: usize, events: &mut Vec<KeyEvent>) -> Mode {
    let mut i = indent;
    let mut item = false;
    // Sequence dashes, possibly several (`- - a: 1`).
    while chars.get(i) == Some(&'-') && chars.get(i + 1).is_none_or(|c| *c == ' ') {
        item = true;
        i += 1;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
    }
    match chars.get(i) {
        None | Some('#') => return Mode::Normal,
        Some('{') | Some('[') => {
            let base = u32::try_from(i).unwrap_or(u32::MAX);
            scan_flow(chars, i, line, base, item, events);
            return Mode::Normal;
        }
        _ => {}
    }
    let Some(colon) = block_key_end(chars, i) else { return Mode::Normal };
    let key = decode_scalar(&chars[i..colon].iter().collect::<String>());
    let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
    let mut v = colon + 1;
    while chars.get(v).is_some_and(|c| *c == ' ' || *c == '\t') {
        v += 1;
    }
    let mut event = KeyEvent { line, col, level: col, key, value: None, value_col: 0, item };
    let next = match chars.get(v) {
        None | Some('#') => Mode::Normal,
        Some('|') | Some('>') => {
            events.push(event);
            return Mode::Block(i);
        }
        Some('{') | Some('[') => {
            events.push(event);
            scan_flow(chars, v, line, col, false, events);
            return Mode::Normal;
        }
        Some(&q) if q == '"' || q == '\'' => {
            event.value_col = u32::try_from(v + 1).unwrap_or(u32::MAX);
            match quoted_end(chars, v) {
                Some(end) => {
                    event.value = Some(decode_scalar(&chars[v..=end].iter().collect::<String>()));
                    Mode::Normal
                }
                None => Mode::Quoted(q),
            }
        }
        Some(_) => {
            event.value_col = u32::try_from(v + 1).unwrap_or(u32::MAX);
            let mut end = chars.len();
            for j in v..chars.len() {
                if chars[j] == '#' && chars[j - 1] == ' ' {
                    end = j;
                    break;
                }
            }
            event.value = Some(chars[v..end].iter().collect::<String>().trim().to_string());
            Mode::Normal
        }
    };
    events.push(event);
    next
}

/// Scans a flow collection starting at `chars[start]` (`{` or `[`), emitting its keys at
/// `base + depth`. `item` marks the first key of the outermost mapping as a sequence item.
fn scan_flow(chars: &[char], start: usize, line: u32, base: u32, item: bool, events: &mut Vec<KeyEvent>) {
    // Stack of open brackets; for `{`, whether the next token is a key and whether the
    // mapping's first key is still to come (it opens an item when the mapping sits in a list).
    struct Open {
        map: bool,
        expect_key: bool,
        first_is_item: bool,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' | '[' => {
                let in_list = stack.last().is_none_or(|o| !o.map);
                let first_is_item = if stack.is_empty() { item } else { in_list };
                stack.push(Open { map: c == '{', expect_key: c == '{', first_is_item });
                i += 1;
            }
            '}' | ']' => {
                stack.pop();
                if stack.is_empty() {
                    return;
                }
                i += 1;
            }
            ',' => {
                if let Some(top) = stack.last_mut() {
                    top.expect_key = top.map;
                }
                i += 1;
            }
            ' ' | '\t' => i += 1,
            '#' if i > 0 && chars[i - 1] == ' ' => return,
            _ => {
                let depth = u32::try_from(stack.len()).unwrap_or(u32::MAX);
                let Some(top) = stack.last_mut() else { return };
                // A scalar token: quoted, or plain up to a flow indicator.
                let tok_start = i;
                let tok_end = if c == '"' || c == '\'' {
                    match quoted_end(chars, i) {
                        Some(e) => e + 1,
                        None => return,
                    }
                } else {
                    let mut j = i;
                    while j < chars.len() {
                        let d = chars[j];
                        if matches!(d, ',' | '}' | ']' | '{' | '[')
                            || (d == ':'
                                && chars.get(j + 1).is_none_or(|n| matches!(n, ' ' | ',' | '}' | ']')))
                        {
                            break;
                        }
                        j += 1;
                    }
                    j
                };
                let token: String = chars[tok_start..tok_end].iter().collect();
                let mut j = tok_end;
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                if top.map && top.expect_key && chars.get(j) == Some(&':') {
                    let is_item = top.first_is_item;
                    top.first_is_item = false;
                    top.expect_key = false;
                    let mut v = j + 1;
                    while chars.get(v) == Some(&' ') {
                        v += 1;
                    }
                    let mut event = KeyEvent {
                        line,
                        col: u32::try_from(tok_start + 1).unwrap_or(u32::MAX),
                        level: base.saturating_add(depth),
                        key: decode_scalar(&token),
                        value: None,
                        value_col: 0,
                        item: is_item,
                    };
                    // The value, when it is a scalar.
                    match chars.get(v) {
                        Some('{') | Some('[') | None => {}
                        Some(&q) => {
                            let end = if q == '"' || q == '\'' {
                                quoted_end(chars, v).map(|e| e + 1)
                            } else {
                                let mut k = v;
                                while k < chars.len() && !matches!(chars[k], ',' | '}' | ']') {
                                    k += 1;
                                }
                                Some(k)
                            };
                            if let Some(end) = end {
                                let text: String = chars[v..end].iter().collect();
                                event.value = Some(decode_scalar(&text));
                                event.value_col = u32::try_from(v + 1).unwrap_or(u32::MAX);
                            }
                            i = end.unwrap_or(chars.len());
                            events.push(event);
                            continue;
                        }
                    }
                    events.push(event);
                    i = v;
                } else {
                    i = tok_end.max(i + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_sequences_and_flow_items_are_found() {
        let text = "actions:\n  - name: A\n    description: |\n      name: not a key\n    params:\n      - { name: P1, type: int }\n      - name: 'P2'\n        type: string\n    examples:\n      request: [ {name: Action, value: A}, {name: X, value: \"1, 2\"} ]\nmodels:\n  - name: M\n";
        let map = KeyMap::scan("f.yaml", text);
        let actions = map.section(map.all(), "actions");
        let items = map.items(actions);
        assert_eq!(items.len(), 1);
        let name = map.item_name(items[0].clone()).unwrap();
        assert_eq!(map.events[name].value.as_deref(), Some("A"));
        assert_eq!((map.events[name].line, map.events[name].col), (2, 5));
        let params = map.items(map.section(items[0].clone(), "params"));
        let names: Vec<_> = params
            .iter()
            .map(|r| map.events[map.item_name(r.clone()).unwrap()].value.clone().unwrap())
            .collect();
        assert_eq!(names, ["P1", "P2"]);
        let examples = map.section(items[0].clone(), "examples");
        let request = map.items(map.section(examples, "request"));
        assert_eq!(request.len(), 2);
        let second = map.item_name(request[1].clone()).unwrap();
        assert_eq!(map.events[second].value.as_deref(), Some("X"));
        let models = map.items(map.section(map.all(), "models"));
        assert_eq!(models.len(), 1);
        assert!(!map.events.iter().any(|e| e.value.as_deref() == Some("not a key")));
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in
            ["- - -", "{", "[[[", "a: 'unclosed\nb: 1", ": x", "\"k\": {a: \"b", "- {a: [1, {b: c}]}", "#"]
        {
            let _ = KeyMap::scan("x", text);
        }
    }
}
