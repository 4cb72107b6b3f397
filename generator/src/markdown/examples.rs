//! Examples: the request example (a query URL, or a JSON body on `_json` pages) decoded into
//! `(name, value)` pairs, and the response example kept verbatim.
//!
//! JSON bodies are flattened to wire names the way the form encoding spells them: members join
//! with `.`, list items take their 0-based index (`Targets.0.Port`), scalars keep their JSON
//! text (strings unquoted). That gives one shape for both kinds of page, so later stages can
//! compare an example against the documented params the same way. A raw request
//! (`POST / HTTP/1.1`, headers, a blank line, `Action=…&…`) gives its target's query and its
//! form or JSON body.

use super::skip::request_target;
use crate::diag::Diagnostic;
use crate::ir::{ExampleParam, Loc};

/// One source line of an example: its 1-based number and its text.
pub type SourceLine<'a> = (usize, &'a str);

/// Decodes a request example. Bad JSON gives a warning and no pairs; it never panics.
pub fn parse_request(lines: &[SourceLine<'_>], path: &str, diags: &mut Vec<Diagnostic>) -> Vec<ExampleParam> {
    if let Some(at) = lines.iter().position(|(_, l)| request_target(l).is_some()) {
        return parse_raw(lines, at, path, diags);
    }
    let is_url = lines.iter().any(|(_, l)| l.contains("://") && l.contains('?'));
    if is_url {
        return parse_url(lines, path);
    }
    if lines.iter().any(|(_, l)| l.contains('{')) {
        return parse_json_body(lines, path, diags);
    }
    Vec::new()
}

/// Whether the request example posts a JSON body: it sends a `Content-Type: application/json`
/// header (`curl --header 'Content-Type: application/json' --data '{…}'`, or a raw request's
/// header line). The `_json` pages do; the action then sends its params as a JSON body.
pub fn posts_json(lines: &[SourceLine<'_>]) -> bool {
    lines.iter().any(|(_, l)| {
        let l = l.to_ascii_lowercase();
        l.contains("content-type") && l.contains("application/json")
    })
}

fn loc(path: &str, line: usize, col: usize) -> Option<Loc> {
    Some(Loc { file: path.to_string(), line: line as u32, col: col as u32 })
}

/// `https://host/?Action=X` then `&Name=Value` pieces, on one line or many.
fn parse_url(lines: &[SourceLine<'_>], path: &str) -> Vec<ExampleParam> {
    let mut out = Vec::new();
    let mut started = false;
    for &(line_no, text) in lines {
        let start = if !started {
            match (text.find("://"), text.find('?')) {
                (Some(_), Some(q)) => {
                    started = true;
                    q + 1
                }
                _ => continue,
            }
        } else if text.trim_start().starts_with('&') {
            0
        } else {
            // Prose or a stray line after the URL: the URL has ended.
            break;
        };
        push_pairs(text, start..text.len(), line_no, path, &mut out);
    }
    out
}

/// The `name=value` pairs of `text[span]`, split on `&`, each located at its name.
fn push_pairs(
    text: &str,
    span: std::ops::Range<usize>,
    line_no: usize,
    path: &str,
    out: &mut Vec<ExampleParam>,
) {
    let mut offset = span.start;
    for piece in text[span].split('&') {
        let piece_start = offset;
        offset += piece.len() + 1;
        let trimmed = piece.trim();
        let Some((name, value)) = trimmed.split_once('=') else { continue };
        if name.is_empty() || name.contains(char::is_whitespace) {
            continue;
        }
        let lead = piece.len() - piece.trim_start().len();
        let col = text[..piece_start + lead].chars().count() + 1;
        out.push(ExampleParam {
            name: name.to_string(),
            value: percent_decode(value),
            loc: loc(path, line_no, col),
        });
    }
}

/// A raw request at `lines[at]`: the query of its target, then its body (after the headers and a
/// blank line), form-encoded or JSON.
fn parse_raw(
    lines: &[SourceLine<'_>],
    at: usize,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ExampleParam> {
    let (line_no, text) = lines[at];
    let mut out = Vec::new();
    if let Some(target) = request_target(text) {
        if let (Some(t), Some(q)) = (text.find(target), target.find('?')) {
            push_pairs(text, t + q + 1..t + target.len(), line_no, path, &mut out);
        }
    }
    let rest = &lines[at + 1..];
    let Some(blank) = rest.iter().position(|(_, l)| l.trim().is_empty()) else { return out };
    let body = &rest[blank + 1..];
    if body.iter().any(|(_, l)| l.trim_start().starts_with('{')) {
        out.extend(parse_json_body(body, path, diags));
    } else {
        for &(n, l) in body.iter().filter(|(_, l)| l.contains('=')) {
            push_pairs(l, 0..l.len(), n, path, &mut out);
        }
    }
    out
}

/// Decodes `%XX` escapes; a malformed escape is kept as written. `+` stays `+`: doc examples are
/// hand-written, not form-encoded.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex =
                std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON body, bare or inside `curl … --data '{…}'`: flattened to wire names.
fn parse_json_body(lines: &[SourceLine<'_>], path: &str, diags: &mut Vec<Diagnostic>) -> Vec<ExampleParam> {
    let joined: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
    let (Some(open), Some(close)) = (joined.find('{'), joined.rfind('}')) else { return Vec::new() };
    if close < open {
        return Vec::new();
    }
    let first_line = lines.first().map_or(1, |l| l.0);
    let body = &joined[open..=close];
    let at_line = loc(path, first_line + joined[..open].matches('\n').count(), 1);
    let value: Json = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => match serde_json::from_str(&drop_trailing_commas(body)) {
            // Hand-written examples often leave a comma before `}`: read them, but say so.
            Ok(v) => {
                diags.push(
                    Diagnostic::warning(
                        "bad-example",
                        format!("the request example's JSON body is not valid JSON: {e}"),
                    )
                    .at(at_line)
                    .hint("remove the comma before the closing bracket; the example was read without it"),
                );
                v
            }
            Err(_) => {
                diags.push(
                    Diagnostic::warning(
                        "bad-example",
                        format!("the request example's JSON body does not parse: {e}"),
                    )
                    .at(at_line)
                    .hint("fix the JSON; the example's params were not read"),
                );
                return Vec::new();
            }
        },
    };
    let mut pairs = Vec::new();
    flatten("", &value, &mut pairs);
    // Locate each pair at the line of its last key, searching forward so repeated keys in list
    // items land on successive lines.
    let mut cursor = open;
    pairs
        .into_iter()
        .map(|(name, value)| {
            let key = name.rsplit('.').find(|s| s.parse::<usize>().is_err()).unwrap_or(&name);
            let needle = format!("\"{key}\"");
            let at = joined[cursor..].find(&needle).map(|i| cursor + i);
            if let Some(at) = at {
                cursor = at + needle.len();
            }
            let pos = at.unwrap_or(open);
            let line = first_line + joined[..pos].matches('\n').count();
            let line_start = joined[..pos].rfind('\n').map_or(0, |i| i + 1);
            let col = joined[line_start..pos].chars().count() + 2;
            ExampleParam { name, value, loc: loc(path, line, col) }
        })
        .collect()
}

/// Removes commas that only whitespace separates from a closing `}` or `]`, outside strings.
fn drop_trailing_commas(json: &str) -> String {
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|n| !n.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A JSON value that keeps object members in document order (serde_json's map sorts them unless
/// a crate-wide feature is on, which would change every other module's output).
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    /// A scalar as the example means it: strings unquoted, others as JSON text.
    Scalar(String),
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Scalar(serde_json::Value::from(v).to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Scalar("null".to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            members.push((k, v));
        }
        Ok(Json::Object(members))
    }
}

fn flatten(prefix: &str, value: &Json, out: &mut Vec<(String, String)>) {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match value {
        Json::Object(members) => {
            for (k, v) in members {
                flatten(&join(k), v, out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&join(&i.to_string()), v, out);
            }
        }
        Json::Scalar(s) => out.push((prefix.to_string(), s.clone())),
    }
}

/// The response example, trimmed, and the line where it starts; `None` when blank.
pub fn response_text(lines: &[SourceLine<'_>]) -> Option<(String, usize)> {
    let first = lines.iter().find(|(_, l)| !l.trim().is_empty())?.0;
    let text: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    let text = text.join("\n").trim().to_string();
    Some((text, first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[ExampleParam]) -> Vec<(String, String, u32, u32)> {
        v.iter()
            .map(|p| {
                (p.name.clone(), p.value.clone(), p.loc.as_ref().unwrap().line, p.loc.as_ref().unwrap().col)
            })
            .collect()
    }

    #[test]
    fn raw_requests_give_their_query_and_body() {
        let mut d = Vec::new();
        let form = [(3, "POST / HTTP/1.1"), (4, "Host: h"), (5, ""), (6, "Action=Foo&Limit=%32")];
        assert_eq!(
            pairs(&parse_request(&form, "p.md", &mut d)),
            [("Action".into(), "Foo".into(), 6, 1), ("Limit".into(), "2".into(), 6, 12)]
        );
        let query = [(1, "GET /?Action=Foo&Id=a HTTP/1.1"), (2, "Host: h")];
        assert_eq!(
            pairs(&parse_request(&query, "p.md", &mut d)),
            [("Action".into(), "Foo".into(), 1, 7), ("Id".into(), "a".into(), 1, 18)]
        );
        let json = [
            (1, "POST /?Action=Foo HTTP/1.1"),
            (2, "Content-Type: application/json"),
            (3, ""),
            (4, "{\"Id\": 1}"),
        ];
        let got = pairs(&parse_request(&json, "p.md", &mut d));
        assert_eq!(got.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["Action", "Id"]);
        assert!(d.is_empty());
    }

    #[test]
    fn multi_line_url() {
        let lines = [(5, "https://api.example.com/?Action=Foo"), (6, "&Region=cn%2Dzj"), (7, "&Ids.0=a b")];
        let mut d = Vec::new();
        let got = pairs(&parse_request(&lines, "p.md", &mut d));
        assert_eq!(
            got,
            [
                ("Action".into(), "Foo".into(), 5, 26),
                ("Region".into(), "cn-zj".into(), 6, 2),
                ("Ids.0".into(), "a b".into(), 7, 2)
            ]
        );
    }

    #[test]
    fn one_line_url_with_spaces() {
        let lines = [(3, "https://h/?Action=Foo &A=1 &B=%E4%B8%AD")];
        let mut d = Vec::new();
        let got = pairs(&parse_request(&lines, "p.md", &mut d));
        assert_eq!(got[1], ("A".into(), "1".into(), 3, 24));
        assert_eq!(got[2].1, "中");
    }

    #[test]
    fn a_json_content_type_header_means_the_action_posts_json() {
        for header in [
            "--header 'Content-Type: application/json' \\",
            "-H \"content-type: application/json; charset=utf-8\"",
            "Content-Type: application/json",
        ] {
            let lines =
                [(1, "curl 'https://api.ucloud.cn' \\"), (2, header), (3, "--data '{\"Action\": \"X\"}'")];
            assert!(posts_json(&lines), "{header}");
        }
        for lines in [
            [(1, "https://api.ucloud.cn/?Action=X"), (2, "&Region=cn-bj2"), (3, "")],
            [
                (1, "curl -X POST https://api.ucloud.cn"),
                (2, "-H 'Content-Type: application/x-www-form-urlencoded'"),
                (3, "-d 'Action=X'"),
            ],
        ] {
            assert!(!posts_json(&lines), "{lines:?}");
        }
    }

    #[test]
    fn json_body_flattens() {
        let lines = [
            (1, "curl 'https://h' \\"),
            (2, "--data '{"),
            (3, "  \"Action\": \"Foo\","),
            (4, "  \"Targets\": [{\"Port\": 80, \"On\": true}]"),
            (5, "}'"),
        ];
        let mut d = Vec::new();
        let got = pairs(&parse_request(&lines, "p.md", &mut d));
        assert_eq!(got[0], ("Action".into(), "Foo".into(), 3, 4));
        assert_eq!(got[1].0, "Targets.0.Port");
        assert_eq!(got[1].1, "80");
        assert_eq!(got[2].1, "true");
        let trailing = [(1, "{\"A\": [1, 2,], \"B\": \"x,}\",\n}")];
        let got = pairs(&parse_request(&trailing, "p.md", &mut d));
        assert_eq!(got.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(), ["1", "2", "x,}"]);
        assert_eq!(d.len(), 1);
        d.clear();
        let bad = [(1, "{ not json }")];
        assert!(parse_request(&bad, "p.md", &mut d).is_empty());
        assert_eq!(d[0].code, "bad-example");
    }

    #[test]
    fn percent_decoding_tolerates_junk() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%"), "%");
    }
}
