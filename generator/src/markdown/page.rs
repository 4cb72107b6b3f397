//! The page scanner: title, then a section state machine over the lines.
//!
//! Pass one walks the lines once and files every line under the section it belongs to, as text,
//! a fenced code block, a pipe table or a pipe-less table. Sections are opened by `#` headings
//! (the corpus) or, on pages whose title is a bare line (scraped pages), by bare keyword lines.
//! Pass two turns sections into the IR; it runs after the scan so that every model name the page
//! defines is known before any type cell (or pipe-less row) is read. A table the reader does not
//! read is accounted for by the `unread` module (a warning, or a note for reference tables).

use super::examples::{parse_request, posts_json, response_text, SourceLine};
use super::flat_table::{flat_header, is_flat_header, recognise_row, FlatError, FlatHeader};
use super::heading::{classify, Heading};
use super::inline::clean_inline;
use super::skip::{is_header_heading, is_plain_http_request, skip_reason, PageSignals};
use super::table::{
    cells_past, columns_from_header, continues_pipeless_table, is_delimiter_row, is_table_line, row_parts,
    row_to_field, split_cells, starts_pipeless_table, Cell, Columns,
};
use super::unread::{self, Why};
use super::{PageOutcome, PageResult, RowCount};
use crate::diag::Diagnostic;
use crate::ir::{default_idempotent, Action, Document, Examples, Field, HttpMethod, Loc, Model};
use std::collections::HashSet;

/// What a section holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// Before the title (scraper chrome such as "Skip to Content").
    Front,
    /// Between the title and the first section: overview prose in the older layout.
    Preamble,
    Overview,
    /// Markers whose own content is ignored (`定义`, `使用方法`, `示例`).
    Ignored,
    Public,
    Request,
    Response,
    /// `数据模型` / `Data Model`: the model headings follow.
    DataModel,
    Model(String),
    RequestExample,
    ResponseExample,
    /// A heading that names no section, deeper than the request or response heading above it
    /// (`### Optional settings` under `## Request Parameters`), with that heading's level: its
    /// tables whose header names a type column are read into that section. (A one-word heading
    /// is a model's name instead.)
    Sub(Side, usize),
    /// Any other heading: its tables are not params (metric lists, enum tables, HTTP headers).
    Other,
}

/// The request or the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Response,
}

/// A piece of a section.
#[derive(Debug)]
pub(super) enum Item {
    Text(usize, String),
    Code(Vec<(usize, String)>),
    Table(Vec<(usize, String)>),
    /// A pipe-less table: its header line (which says how rows are cut) and its rows.
    Flat {
        header: (usize, String),
        rows: Vec<(usize, String)>,
    },
}

#[derive(Debug)]
pub(super) struct Section {
    pub(super) kind: Kind,
    /// The heading's text (or the bare keyword line's); empty before the first heading.
    pub(super) title: String,
    /// `#` count of the heading; 0 for a bare keyword line or before any heading.
    pub(super) level: usize,
    /// Opened by a bold line used as a heading (`**Request Parameters**`), which the next such
    /// line closes.
    by_label: bool,
    /// For a model heading (or a sub-heading) deeper than a request or response heading: that
    /// section's side and level, so the headings after it are still read as part of it.
    within: Option<(Side, usize)>,
    /// 1-based line and column of the heading (or bare keyword line).
    line: usize,
    col: usize,
    pub(super) items: Vec<Item>,
}

/// The title line: human title, action name, where.
struct Title {
    title: String,
    name: String,
    line: usize,
    col: usize,
}

/// Splits `List Paid Orders - ListPaidOrders` on the last dash; the part after must be an
/// action name (an ASCII identifier starting uppercase).
fn split_title(text: &str) -> Option<(String, String)> {
    let text = text.replace("**", "");
    let text = text.trim();
    let dash = text.rfind(['-', '–', '—'])?;
    let name = text[dash..].chars().skip(1).collect::<String>();
    let name = name.trim();
    let title = text[..dash].trim();
    let ok =
        name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    (ok && !title.is_empty()).then(|| (title.to_string(), name.to_string()))
}

/// A heading's level (its `#` count) and text without `#`, emphasis, or a trailing colon.
fn heading_text(line: &str) -> Option<(usize, String)> {
    let t = line.trim_start();
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((hashes, clean_heading(rest)))
}

fn clean_heading(text: &str) -> String {
    let t: String = text.chars().filter(|c| *c != '*').collect();
    t.trim().trim_end_matches('#').trim().trim_end_matches([':', '：']).trim().to_string()
}

/// The section a heading or bare line opens ([`classify`] reads its words).
fn keyword(text: &str) -> Option<Kind> {
    Some(match classify(text)? {
        Heading::Overview => Kind::Overview,
        Heading::Ignored => Kind::Ignored,
        Heading::Public => Kind::Public,
        Heading::Request => Kind::Request,
        Heading::Response => Kind::Response,
        Heading::DataModel => Kind::DataModel,
        Heading::RequestExample => Kind::RequestExample,
        Heading::ResponseExample => Kind::ResponseExample,
        Heading::Http => Kind::Other,
    })
}

/// The kind of an unnamed heading at `level`: a sub-section when it sits deeper than the request
/// or response heading of the section it follows, else `Other`.
fn unnamed(level: usize, current: Option<&Section>) -> Kind {
    enclosing(level, current).map_or(Kind::Other, |(side, at)| Kind::Sub(side, at))
}

/// The request or response section a heading at `level` sits in, after `current`: deeper than
/// that section's heading, directly or after a sub-heading or model heading inside it (so
/// `### Paging` after `### Filter` under `## Request Parameters` is still the request's).
fn enclosing(level: usize, current: Option<&Section>) -> Option<(Side, usize)> {
    let (side, at) = match current.map(|s| (&s.kind, s.level, s.within)) {
        Some((Kind::Request, at, _)) if at > 0 => (Side::Request, at),
        Some((Kind::Response, at, _)) if at > 0 => (Side::Response, at),
        Some((Kind::Sub(side, at), _, _)) => (*side, *at),
        Some((Kind::Model(_), _, Some(within))) => within,
        _ => return None,
    };
    (level > at).then_some((side, at))
}

/// The level a bold label opens a section at, after `current`: one deeper than a section whose
/// tables are not read (the title's preamble, an overview, usage or unknown heading), or beside
/// a section another label opened. Inside a heading's request or response section a bold line
/// is a label within it (`**请求元素（Request Elements）**` on object-storage pages).
fn label_level(current: &Section) -> Option<usize> {
    if current.by_label {
        return Some(current.level);
    }
    matches!(current.kind, Kind::Preamble | Kind::Overview | Kind::Ignored | Kind::Other)
        .then_some(current.level + 1)
}

/// A bold line over a table, used as a heading (`**请求头（Request Headers）**`): its text.
fn bold_label(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("**")?;
    let inner = inner.trim_end_matches([':', '：']).strip_suffix("**")?;
    (!inner.is_empty()).then(|| clean_heading(inner))
}

/// Response-example phrases that a scrape may glue onto the end of the last URL line.
const GLUED_RESPONSE: &[&str] = &["Response Example", "响应示例"];

/// Splits `&Ids.N=8Response Example` into the URL part and the keyword, if glued.
fn glued_response(line: &str) -> Option<&str> {
    let t = line.trim_end();
    GLUED_RESPONSE.iter().find_map(|k| {
        let cut = t.len().checked_sub(k.len())?;
        (cut > 0 && t.is_char_boundary(cut) && t[cut..].eq_ignore_ascii_case(k)).then(|| &t[..cut])
    })
}

/// A model name: an ASCII identifier (models are named like types).
fn is_model_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && keyword(text).is_none()
}

fn is_fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn col_of_text(raw: &str) -> usize {
    raw.chars().take_while(|c| c.is_whitespace() || *c == '#' || *c == '*').count() + 1
}

/// What pass one found: the title, the sections, and the first sign of a plain-HTTP API.
struct Scan {
    title: Option<Title>,
    sections: Vec<Section>,
    http: Option<(usize, String)>,
}

/// Pass one: lines → title and sections.
fn scan(text: &str) -> Scan {
    let lines: Vec<&str> = text.lines().collect();
    let mut title: Option<Title> = None;
    let front = Section {
        kind: Kind::Front,
        title: String::new(),
        level: 0,
        by_label: false,
        within: None,
        line: 1,
        col: 1,
        items: Vec::new(),
    };
    let mut sections = vec![front];
    let mut seen_heading = false;
    let mut bare_layout = false;
    let mut front_lines = 0usize;
    let mut http: Option<(usize, String)> = None;
    let mut evidence = |line: usize, text: &str| {
        http.get_or_insert_with(|| (line, text.trim().to_string()));
    };
    // Built on first use, on scraped pages only (see `tables_ahead`).
    let mut ahead: Option<Vec<bool>> = None;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let t = raw.trim();
        let line_no = i + 1;
        let kind = sections.last().map(|s| s.kind.clone()).unwrap_or(Kind::Other);
        let open = |kind: Kind, level: usize, title: &str, sections: &mut Vec<Section>| {
            let title = title.to_string();
            sections.push(Section {
                kind,
                title,
                level,
                by_label: false,
                within: None,
                line: line_no,
                col: col_of_text(raw),
                items: Vec::new(),
            });
        };
        if let Some(fence) = is_fence(raw) {
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(fence) {
                if is_plain_http_request(lines[i]) {
                    evidence(i + 1, lines[i]);
                }
                body.push((i + 1, lines[i].to_string()));
                i += 1;
            }
            i += 1;
            push_item(&mut sections, Item::Code(body));
            continue;
        }
        if let Some((level, h)) = heading_text(raw) {
            let first_heading = !seen_heading;
            seen_heading = true;
            if title.is_none() && first_heading {
                if let Some((tt, name)) = split_title(&h) {
                    title = Some(Title { title: tt, name, line: line_no, col: col_of_text(raw) });
                    open(Kind::Preamble, level, "", &mut sections);
                    i += 1;
                    continue;
                }
            }
            if is_header_heading(&h.to_lowercase()) {
                evidence(line_no, raw);
            }
            let kind = match keyword(&h) {
                Some(k) => k,
                None if title.is_some() && is_model_name(&h) => Kind::Model(h.clone()),
                None => unnamed(level, sections.last()),
            };
            let within = match kind {
                Kind::Model(_) => enclosing(level, sections.last()),
                _ => None,
            };
            open(kind, level, &h, &mut sections);
            if let Some(s) = sections.last_mut() {
                s.within = within;
            }
            i += 1;
            continue;
        }
        let in_example = matches!(kind, Kind::RequestExample | Kind::ResponseExample);
        if is_table_line(t) && !in_example {
            let mut rows = Vec::new();
            while i < lines.len() && is_table_line(lines[i]) {
                rows.push((i + 1, lines[i].to_string()));
                i += 1;
            }
            push_item(&mut sections, Item::Table(rows));
            continue;
        }
        if !in_example && starts_pipeless_table(t, lines.get(i + 1).copied()) {
            let mut rows = vec![(i + 1, raw.to_string()), (i + 2, lines[i + 1].to_string())];
            i += 2;
            while i < lines.len() && continues_pipeless_table(lines[i]) && heading_text(lines[i]).is_none() {
                rows.push((i + 1, lines[i].to_string()));
                i += 1;
            }
            push_item(&mut sections, Item::Table(rows));
            continue;
        }
        if t.is_empty() {
            i += 1;
            continue;
        }
        let label = bold_label(t);
        if is_plain_http_request(t) || label.as_deref().is_some_and(|l| is_header_heading(&l.to_lowercase()))
        {
            evidence(line_no, raw);
        }
        // A bold line used as a heading (`**Request Parameters**`) opens its section.
        if let (Some(label), Some(level)) = (&label, sections.last().and_then(label_level)) {
            // Only sections that hold tables or examples: a bold `**Example**` or `**Usage**`
            // in an overview stays part of its prose.
            if let Some(k) =
                keyword(label).filter(|k| !matches!(k, Kind::Other | Kind::Overview | Kind::Ignored))
            {
                open(k, level, label, &mut sections);
                if let Some(s) = sections.last_mut() {
                    s.by_label = true;
                }
                i += 1;
                continue;
            }
        }
        // Title on a bare line: only before any heading, among the first few lines, and never a
        // list item, quote or HTML line (sidebars list many `Title - Name` links).
        if title.is_none()
            && !seen_heading
            && front_lines < 5
            && !t.starts_with(['-', '*', '>', '<', '[', '+'])
        {
            front_lines += 1;
            if let Some((tt, name)) = split_title(t) {
                title = Some(Title { title: tt, name, line: line_no, col: col_of_text(raw) });
                bare_layout = true;
                open(Kind::Preamble, 0, "", &mut sections);
                i += 1;
                continue;
            }
        }
        if bare_layout {
            let clean = clean_heading(t);
            // A Chinese pipe-less header (`参数名类型描述必填`) holds the words of `请求参数`; it is
            // a table's header, not a section's.
            if let Some(k) = keyword(&clean).filter(|_| !is_flat_header(t)) {
                open(k, 0, &clean, &mut sections);
                i += 1;
                continue;
            }
            if kind == Kind::RequestExample {
                if let Some(url) = glued_response(raw) {
                    push_item(&mut sections, Item::Text(line_no, url.to_string()));
                    open(Kind::ResponseExample, 0, "", &mut sections);
                    i += 1;
                    continue;
                }
            }
            if matches!(kind, Kind::DataModel | Kind::Model(_))
                && is_model_name(t)
                && ahead.get_or_insert_with(|| tables_ahead(&lines)).get(i + 1).copied().unwrap_or(false)
            {
                open(Kind::Model(t.to_string()), 0, t, &mut sections);
                i += 1;
                continue;
            }
        }
        if is_flat_header(t)
            && matches!(
                kind,
                Kind::Public | Kind::Request | Kind::Response | Kind::Model(_) | Kind::DataModel
            )
        {
            let header = (line_no, t.to_string());
            let mut rows = Vec::new();
            i += 1;
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && keyword(&clean_heading(lines[i])).is_none()
            {
                rows.push((i + 1, lines[i].to_string()));
                i += 1;
            }
            push_item(&mut sections, Item::Flat { header, rows });
            continue;
        }
        push_item(&mut sections, Item::Text(line_no, raw.to_string()));
        i += 1;
    }
    Scan { title, sections, http }
}

fn push_item(sections: &mut [Section], item: Item) {
    if let Some(s) = sections.last_mut() {
        s.items.push(item);
    }
}

/// For each line, whether a table (pipe, pipe-less or scraped) starts at or after it with only
/// blank and prose lines before it. A scraped model's name may be followed by a sentence about
/// the model before its table; a keyword, another model name, a heading or a fence ends the look.
/// One backward pass, so the scan stays linear however many names a page has.
fn tables_ahead(lines: &[&str]) -> Vec<bool> {
    let mut ahead = vec![false; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        let t = lines[i].trim();
        ahead[i] = if t.is_empty() {
            ahead[i + 1]
        } else if is_table_line(t) || is_flat_header(t) || starts_pipeless_table(t, lines.get(i + 1).copied())
        {
            true
        } else if is_fence(t).is_some()
            || heading_text(t).is_some()
            || is_model_name(t)
            || keyword(&clean_heading(t)).is_some()
        {
            false
        } else {
            ahead[i + 1]
        };
    }
    ahead
}

/// Reads the page.
pub fn parse(path: &str, text: &str) -> PageResult {
    let Scan { title, sections, http } = scan(text);
    let has = |k: &Kind| sections.iter().any(|s| s.kind == *k);
    let plain_http = http.is_some();
    let signals = PageSignals {
        has_title: title.is_some(),
        http,
        has_request_section: has(&Kind::Request),
        has_response_section: has(&Kind::Response),
    };
    let title = match (skip_reason(&signals), title) {
        (None, Some(t)) => t,
        (reason, title) => {
            let reason = reason.unwrap_or_default();
            // A page titled like an action is one the reader expects in the SDK: its absence
            // is a warning that names it; an overview or index only a note.
            let said = match &title {
                Some(t) => {
                    let mut d = Diagnostic::warning(
                        "skipped-action-page",
                        format!("`{}` is not in the SDK: its page is skipped: {reason}", t.name),
                    )
                    .at(Some(Loc { file: path.to_string(), line: t.line as u32, col: t.col as u32 }))
                    .hint("an Action-style page has request and response tables; rewrite it as a YAML spec to include it");
                    if !plain_http {
                        // No section was recognised: say where its tables are, so a heading can be renamed.
                        for note in unread::table_list(&sections) {
                            d = d.with_note(note);
                        }
                    }
                    d
                }
                None => Diagnostic::note("skipped-page", format!("page skipped: {reason}")).at(Some(Loc {
                    file: path.to_string(),
                    line: 1,
                    col: 1,
                })),
            };
            return PageResult {
                outcome: PageOutcome::Skipped { reason },
                diagnostics: vec![said],
                rows: RowCount::default(),
            };
        }
    };
    build(path, title, &sections)
}

/// Pass two: sections → document.
fn build(path: &str, title: Title, sections: &[Section]) -> PageResult {
    let loc =
        |line: usize, col: usize| Some(Loc { file: path.to_string(), line: line as u32, col: col as u32 });
    let mut model_names: Vec<String> = Vec::new();
    for s in sections {
        if let (Kind::Model(name), true) = (&s.kind, has_field_table(s)) {
            if !model_names.contains(name) {
                model_names.push(name.clone());
            }
        }
    }
    let mut diags = Vec::new();
    let mut rows = RowCount::default();
    let mut description = Vec::new();
    let mut params = Vec::new();
    let mut response = Vec::new();
    let mut models: Vec<Model> = Vec::new();
    let mut examples = Examples::default();
    let mut method = None;
    let mut unread_tables = Vec::new();
    for s in sections {
        match &s.kind {
            Kind::Preamble | Kind::Overview => {
                description.extend(texts(&s.items));
                unread::collect(s, &s.items, Why::Heading, &mut unread_tables);
            }
            Kind::Request => params.extend(fields(&s.items, path, &model_names, &mut rows, &mut diags)),
            Kind::Response => response.extend(fields(&s.items, path, &model_names, &mut rows, &mut diags)),
            Kind::Sub(side, _) => {
                // Tables whose header names a type column are the section's; the rest are not.
                let (typed, rest): (Vec<&Item>, Vec<&Item>) =
                    s.items.iter().partition(|it| matches!(it, Item::Table(l) if unread::header_typed(l)));
                let read = fields(typed, path, &model_names, &mut rows, &mut diags);
                match side {
                    Side::Request => params.extend(read),
                    Side::Response => response.extend(read),
                }
                unread::collect(s, rest, Why::NoTypeHeader, &mut unread_tables);
            }
            Kind::Front | Kind::Ignored | Kind::Other => {
                unread::collect(s, &s.items, Why::Heading, &mut unread_tables);
            }
            Kind::Model(_) if !has_field_table(s) => {
                unread::collect(s, &s.items, Why::Heading, &mut unread_tables);
            }
            Kind::Model(name) => {
                let fs = fields(&s.items, path, &model_names, &mut rows, &mut diags);
                let text = texts(&s.items).join("\n");
                if let Some(existing) = models.iter_mut().find(|m| m.name == *name) {
                    existing.fields.extend(fs);
                } else {
                    models.push(Model {
                        name: name.clone(),
                        description: text,
                        fields: fs,
                        rust_name: None,
                        loc: loc(s.line, s.col),
                    });
                }
            }
            Kind::DataModel => {
                // Rows with no model heading above them belong to nothing: report each one.
                for (line, _) in table_rows(&s.items) {
                    rows.seen += 1;
                    rows.diagnosed += 1;
                    diags.push(
                        Diagnostic::error(
                            "orphan-row",
                            "this row sits under the data-model heading but under no model name",
                        )
                        .at(loc(line, 1))
                        .hint("put the model's name on its own line (or as a heading) above its table"),
                    );
                }
            }
            Kind::RequestExample => {
                let lines = example_lines(&s.items);
                let src: Vec<SourceLine<'_>> = lines.iter().map(|(n, l)| (*n, l.as_str())).collect();
                examples.request.extend(parse_request(&src, path, &mut diags));
                if posts_json(&src) {
                    method = Some(HttpMethod::PostJson);
                }
            }
            Kind::ResponseExample if examples.response.is_none() => {
                let lines = example_lines(&s.items);
                let src: Vec<SourceLine<'_>> = lines.iter().map(|(n, l)| (*n, l.as_str())).collect();
                if let Some((text, line)) = response_text(&src) {
                    examples.response = Some(text);
                    examples.response_loc = loc(line, 1);
                }
            }
            Kind::Public | Kind::ResponseExample => {}
        }
    }
    diags.extend(unread::diagnostics(path, &unread_tables));
    // Each unread table's rows are in its warning or note: they are seen, and diagnosed.
    let unread_rows = unread::rows(&unread_tables);
    rows.seen += unread_rows;
    rows.diagnosed += unread_rows;
    diags.extend(request_models(path, sections, &params, &response, &models));
    let action = Action {
        idempotent: default_idempotent(&title.name),
        name: title.name,
        title: title.title,
        description: description.join("\n"),
        params,
        response,
        examples,
        rust_name: None,
        method,
        loc: loc(title.line, title.col),
    };
    PageResult {
        outcome: PageOutcome::Action(Document { actions: vec![action], models }),
        diagnostics: diags,
        rows,
    }
}

/// A warning for each model heading inside the request section (`### Filter` under
/// `## Request Parameters`) that no type on the page names. Its table is read as a model, as a
/// one-word heading is; but the corpus puts request models under a `数据模型` heading and names
/// them in a type cell, so such a table may as well be a group of request params that the
/// request then lacks. (Under a response heading a model is the usual layout, its field often
/// typed a bare `array`, and lint's `unused-model` covers it.)
fn request_models(
    path: &str,
    sections: &[Section],
    params: &[Field],
    response: &[Field],
    models: &[Model],
) -> Vec<Diagnostic> {
    let held: HashSet<&str> = params
        .iter()
        .chain(response)
        .chain(models.iter().flat_map(|m| &m.fields))
        .filter_map(|f| f.ty.model_name())
        .collect();
    let mut warned: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for s in sections {
        let (Kind::Model(name), Some((Side::Request, _))) = (&s.kind, s.within) else { continue };
        if held.contains(name.as_str()) || !has_field_table(s) || !warned.insert(name.as_str()) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "request-sub-model",
                format!("`{name}` heads a table inside the request parameters, and no param on this page has the type `{name}`: its rows are read as data model `{name}`, not as request params"),
            )
            .at_span(Some(Loc { file: path.to_string(), line: s.line as u32, col: s.col as u32 }), name.chars().count())
            .hint(format!("if the rows are request params, give the heading more than one word (`{name} parameters`) or move them into the request table; if it is a model, type the param that holds it `{name}` or `array[{name}]`, or put it under a `Data Model` (`数据模型`) heading")),
        );
    }
    out
}

/// True when a section holds a table of fields: a pipe-less one, or a pipe table whose header
/// names a type column. An identifier heading over a table without types (a metric list, an
/// enum table) is a reference table, not a model.
fn has_field_table(s: &Section) -> bool {
    s.items.iter().any(|it| match it {
        Item::Flat { .. } => true,
        Item::Table(lines) => match pipe_data_rows(lines).0 {
            Some(_) => unread::header_typed(lines),
            None => true,
        },
        _ => false,
    })
}

/// Cleaned prose lines of a section.
fn texts(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|it| match it {
            Item::Text(_, t) => Some(clean_inline(t)),
            _ => None,
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The example's lines: the first code block, or else the section's bare text lines.
fn example_lines(items: &[Item]) -> Vec<(usize, String)> {
    if let Some(code) = items.iter().find_map(|it| match it {
        Item::Code(lines) => Some(lines.clone()),
        _ => None,
    }) {
        return code;
    }
    items
        .iter()
        .filter_map(|it| match it {
            Item::Text(n, t) => Some((*n, t.clone())),
            _ => None,
        })
        .collect()
}

/// Every data row of the section's tables, pipe or pipe-less, with its line.
fn table_rows(items: &[Item]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for it in items {
        match it {
            Item::Table(lines) => out.extend(pipe_data_rows(lines).1.into_iter().cloned()),
            Item::Flat { rows, .. } => out.extend(rows.iter().cloned()),
            _ => {}
        }
    }
    out
}

/// A source line: 1-based number and text.
type Line = (usize, String);

/// A pipe table's header (if any) and data rows: the delimiter row is dropped.
pub(super) fn pipe_data_rows(lines: &[Line]) -> (Option<&Line>, Vec<&Line>) {
    let has_delim = lines.get(1).is_some_and(|(_, l)| is_delimiter_row(&split_cells(l)));
    if has_delim {
        (lines.first(), lines[2..].iter().filter(|(_, l)| !is_delimiter_row(&split_cells(l))).collect())
    } else {
        // No delimiter: not a GFM table; every line is read as a row in the usual column order.
        (None, lines.iter().filter(|(_, l)| !is_delimiter_row(&split_cells(l))).collect())
    }
}

/// The fields of a params/fields section's tables, counting every row.
fn fields<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    path: &str,
    models: &[String],
    rows: &mut RowCount,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut take =
        |result: Result<Field, Box<Diagnostic>>, rows: &mut RowCount, diags: &mut Vec<Diagnostic>| {
            rows.seen += 1;
            match result {
                Ok(f) => {
                    rows.fields += 1;
                    out.push(f);
                }
                Err(d) => {
                    rows.diagnosed += 1;
                    diags.push(*d);
                }
            }
        };
    for it in items {
        match it {
            Item::Table(lines) => {
                let (header, data) = pipe_data_rows(lines);
                let columns = header.map(|(_, h)| columns_from_header(&split_cells(h))).unwrap_or_default();
                let split: Vec<_> = data.iter().map(|(_, l)| split_cells(l)).collect();
                if let Some((line, _)) = header {
                    diags.extend(dropped_columns(&columns, &split, path, *line));
                }
                for ((line, _), cells) in data.iter().zip(&split) {
                    if let Some(d) = extra_cells(cells, columns.width, path, *line) {
                        diags.push(d);
                    }
                    let result = match row_parts(cells, &columns, *line) {
                        Some(parts) => row_to_field(&parts, path, models, diags),
                        None => Err(Box::new(
                            Diagnostic::error("bad-row", "this table row has no cells")
                                .at(Some(Loc { file: path.to_string(), line: *line as u32, col: 1 }))
                                .hint("delete the empty row or fill in its name, type and description"),
                        )),
                    };
                    take(result, rows, diags);
                }
            }
            Item::Flat { header: (header_line, header), rows: lines } => {
                let header = flat_header(header);
                let mut unread = false;
                for (line, text) in lines {
                    let result = match recognise_row(text, *line, models, &header) {
                        Ok(row) => {
                            unread |= !row.unread.is_empty();
                            row_to_field(&row.parts, path, models, diags)
                        }
                        Err(e) => Err(Box::new(ambiguous(e, path, *line, text))),
                    };
                    take(result, rows, diags);
                }
                diags.extend(flat_columns(&header, unread, !lines.is_empty(), path, *header_line));
            }
            _ => {}
        }
    }
    out
}

/// One warning per table for the columns that map to nothing and that some row fills.
fn dropped_columns(columns: &Columns, rows: &[Vec<Cell>], path: &str, line: usize) -> Option<Diagnostic> {
    let filled: Vec<String> = columns
        .dropped
        .iter()
        .filter(|(i, _)| rows.iter().any(|r| r.get(*i).is_some_and(|c| !clean_inline(&c.text).is_empty())))
        .map(|(i, name)| if name.is_empty() { format!("column {}", i + 1) } else { format!("`{name}`") })
        .collect();
    (!filled.is_empty()).then(|| {
        Diagnostic::warning(
            "dropped-column",
            format!("the column(s) {} of this table are not read: their cells are not in the SDK", filled.join(", ")),
        )
        .at(Some(Loc { file: path.to_string(), line: line as u32, col: 1 }))
        .hint("a `Default`, `Example`, `Constraints` or `Notes` column is kept in the description; move other facts into the description cell")
    })
}

/// A warning for a row with text in cells past the header's last column.
fn extra_cells(cells: &[Cell], width: usize, path: &str, line: usize) -> Option<Diagnostic> {
    if width == 0 {
        return None;
    }
    let past = cells_past(cells, width);
    let (col, _) = past.first()?;
    let texts: Vec<String> = past.iter().map(|(_, t)| format!("`{t}`")).collect();
    Some(
        Diagnostic::warning(
            "extra-cells",
            format!(
                "this row has more cells than its header; {} past the last column are not read",
                texts.join(", ")
            ),
        )
        .at(Some(Loc { file: path.to_string(), line: line as u32, col: *col as u32 }))
        .hint("escape a `|` inside a cell as `\\|`, or add the column to the header"),
    )
}

/// The pipe-table column warnings, for a pipe-less table: columns after the required one whose
/// text no label keeps (`unread`: some row filled them), and columns no border parts from the
/// description, whose text stays glued to it.
fn flat_columns(
    header: &FlatHeader,
    unread: bool,
    has_rows: bool,
    path: &str,
    line: usize,
) -> Vec<Diagnostic> {
    let loc = Some(Loc { file: path.to_string(), line: line as u32, col: 1 });
    let names = |cols: &[String]| cols.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    if unread {
        let why = if header.tail.len() > 1 {
            "without cell borders their cells cannot be told apart, so they are not read"
        } else {
            "they are not read: their cells are not in the SDK"
        };
        out.push(
            Diagnostic::warning("dropped-column", format!("the column(s) {} of this table: {why}", names(&header.tail)))
                .at(loc.clone())
                .hint("a single `Default`, `Example`, `Constraints` or `Notes` column after the required one is kept in the description; restore the table's `|` borders to read the others"),
        );
    }
    if has_rows && !header.glued.is_empty() {
        out.push(
            Diagnostic::warning(
                "dropped-column",
                format!("the column(s) {} of this table have no cell borders to part them from the description, so their text is read as part of it", names(&header.glued)),
            )
            .at(loc)
            .hint("restore the table's `|` borders, or put the column after the required one"),
        );
    }
    out
}

fn ambiguous(e: FlatError, path: &str, line: usize, text: &str) -> Diagnostic {
    let loc = Some(Loc { file: path.to_string(), line: line as u32, col: 1 });
    let len = text.trim_end().chars().count();
    match e {
        FlatError::Ambiguous(splits) => {
            let readings: Vec<String> =
                splits.iter().map(|s| format!("`{}` | `{}` | `{}`", s.name, s.ty, s.description.trim())).collect();
            Diagnostic::error("ambiguous-row", "this row without cell borders can be cut into name, type and description in more than one way")
                .at_span(loc, len)
                .hint("restore the table's `|` borders so the cells are explicit")
                .with_note(format!("possible readings: {}", readings.join("; ")))
        }
        FlatError::NoSplit => Diagnostic::error("ambiguous-row", "this row without cell borders has no known type after a name, so it cannot be cut into cells")
            .at_span(loc, len)
            .hint("restore the table's `|` borders, or use a known type (string, int, float, bool, object, array, a model on the page)"),
        FlatError::Required(n) => Diagnostic::error("ambiguous-row", format!("this row without cell borders holds a required word (`Yes`/`No`/`是`/`否`) in {n} places, so its description cannot be told from the columns after the required one"))
            .at_span(loc, len)
            .hint("restore the table's `|` borders so the cells are explicit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            split_title("List Paid Orders - ListPaidOrders"),
            Some(("List Paid Orders".into(), "ListPaidOrders".into()))
        );
        assert_eq!(
            split_title("获取防火墙信息-DescribeUEdnFirewall"),
            Some(("获取防火墙信息".into(), "DescribeUEdnFirewall".into()))
        );
        assert_eq!(split_title("**获取-Id-GetX**"), Some(("获取-Id".into(), "GetX".into())));
        assert_eq!(split_title("对象存储 API 简介"), None);
        assert_eq!(split_title("- ListX"), None);
        assert_eq!(split_title("a - b c"), None);
    }

    #[test]
    fn keywords() {
        assert_eq!(keyword("请求参数（Request Parameters）"), Some(Kind::Request));
        assert_eq!(keyword("Response Elements"), Some(Kind::Response));
        assert_eq!(keyword("句法（Syntax）"), Some(Kind::Other));
        assert_eq!(keyword("FirewallInfo"), None);
        assert_eq!(glued_response("&OrganizationIds.N=8Response Example"), Some("&OrganizationIds.N=8"));
        assert_eq!(glued_response("Response Example"), None);
    }
}
