//! Printing a [`Report`]: plain text for terminals, Markdown for pull requests, JSON for tools,
//! and a CHANGELOG section for regenerated crates.

use super::{bump, Api, Bump, Change, ChangeKind, Part, Report, Scope};
use serde::Serialize;

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned lines, for a terminal.
    Text,
    /// A Markdown table, for a pull request or an issue.
    Markdown,
    /// A JSON object, for tools.
    Json,
}

/// Renders a report. The text and Markdown forms end with the release it needs, in words (with
/// no current version there is no number to give; see [`render_with_version`]).
pub fn render(report: &Report, format: Format) -> String {
    render_inner(report, format, None)
}

/// Renders a report that ends with the next version of a crate now at `current`. A `current`
/// that is not a version is reported in the output rather than failing.
pub fn render_with_version(report: &Report, format: Format, current: &str) -> String {
    render_inner(report, format, Some(current))
}

fn render_inner(report: &Report, format: Format, current: Option<&str>) -> String {
    match format {
        Format::Text => text(report, current),
        Format::Markdown => markdown(report, current),
        Format::Json => json(report, current),
    }
}

fn api_word(api: Api) -> &'static str {
    match api {
        Api::Breaking => "breaking",
        Api::Additive => "additive",
        Api::Docs => "docs",
        Api::None => "none",
    }
}

/// Where a change is, as people say it: `ListPaidOrders`, `model Instance`, `family`.
fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Family => "family".to_string(),
        Scope::Action(name) => name.clone(),
        Scope::Model(name) => format!("model {name}"),
    }
}

/// The item with its table: `param `PageSize``, `response field `Orders``.
fn item_text(change: &Change) -> String {
    let table = match change.part {
        Part::Itself => return String::new(),
        Part::CommonParam => "common param",
        Part::Param => "param",
        Part::Response => "response field",
        Part::ModelField => "field",
    };
    format!("{table} `{}`", change.item)
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

impl Change {
    /// The change in one line, scope first: ``GetOrderAmount`: response field `PaidCount` removed``.
    pub fn line(&self) -> String {
        format!("`{}`: {}", scope_text(&self.scope), describe(self))
    }
}

/// One sentence per change, without the scope.
pub(super) fn describe(change: &Change) -> String {
    let item = item_text(change);
    let what = if item.is_empty() { "it".to_string() } else { item.clone() };
    match &change.kind {
        ChangeKind::ActionAdded => "action added".to_string(),
        ChangeKind::ActionRemoved => "action removed".to_string(),
        ChangeKind::ModelAdded => "model added".to_string(),
        ChangeKind::ModelRemoved => "model removed".to_string(),
        ChangeKind::ModelRenamed { from, to } => format!("model renamed from `{from}` to `{to}`"),
        ChangeKind::ParamAdded { required }
        | ChangeKind::FieldAdded { required }
        | ChangeKind::ModelFieldAdded { required } => format!("{} {item} added", required_word(*required)),
        ChangeKind::ParamRemoved | ChangeKind::FieldRemoved | ChangeKind::ModelFieldRemoved => {
            format!("{item} removed")
        }
        ChangeKind::ParamRetyped { from, to }
        | ChangeKind::FieldRetyped { from, to }
        | ChangeKind::ModelFieldRetyped { from, to } => format!("{item} retyped from `{from}` to `{to}`"),
        ChangeKind::ParamRequiredChanged { now_required }
        | ChangeKind::FieldRequiredChanged { now_required }
        | ChangeKind::ModelFieldRequiredChanged { now_required } => {
            format!("{item} is now {}", required_word(*now_required))
        }
        ChangeKind::EnumValueAdded { value } => format!("{what} accepts the new value `{value}`"),
        ChangeKind::EnumValueRemoved { value } => format!("{what} no longer has the value `{value}`"),
        ChangeKind::Deprecated => format!("{what} deprecated"),
        ChangeKind::Undeprecated => format!("{what} no longer deprecated"),
        ChangeKind::IdempotencyChanged { now_idempotent: true } => "now idempotent (retried)".to_string(),
        ChangeKind::IdempotencyChanged { now_idempotent: false } => {
            "no longer idempotent (not retried)".to_string()
        }
        ChangeKind::ConstraintsChanged { from, to } => {
            format!("{what} constraints changed from {from} to {to}")
        }
        ChangeKind::RustNameChanged { from, to } => {
            let name = |n: &str| if n.is_empty() { "the derived name".to_string() } else { format!("`{n}`") };
            format!("{what}: Rust name changed from {} to {}", name(from), name(to))
        }
        ChangeKind::ConfigChanged { key, from, to } => format!("`{key}` changed from `{from}` to `{to}`"),
        ChangeKind::DocsChanged { what: part } => {
            if item.is_empty() {
                format!("{part} changed")
            } else {
                format!("{item}: {part} changed")
            }
        }
    }
}

/// The closing line: the release needed, and the version when the current one is known.
fn bump_line(report: &Report, current: Option<&str>) -> String {
    let level = api_word(report.level());
    let rule = match report.bump {
        Bump::None => "no release needed".to_string(),
        Bump::Patch => "patch release".to_string(),
        Bump::Minor => "minor release (patch for a 0.x crate)".to_string(),
        Bump::Major => "major release (minor for a 0.x crate)".to_string(),
    };
    match current.map(|c| (c, bump(c, report))) {
        Some((c, Ok(next))) if next == c => format!("semver: {level}: {c} stays {next}"),
        Some((c, Ok(next))) => format!("semver: {level}: {c} → {next}"),
        Some((_, Err(err))) => format!("semver: {level}: {rule} ({err})"),
        None => format!("semver: {level}: {rule}"),
    }
}

fn summary(report: &Report) -> String {
    let (breaking, additive, docs) = report.counts();
    let n = report.changes.len();
    let s = if n == 1 { "" } else { "s" };
    format!("{n} change{s}: {breaking} breaking, {additive} additive, {docs} docs")
}

fn text(report: &Report, current: Option<&str>) -> String {
    let rows: Vec<(String, String, String)> = report
        .changes
        .iter()
        .map(|c| {
            let wire = if c.effect.wire { " [wire]" } else { "" };
            (api_word(c.effect.api).to_string(), scope_text(&c.scope), format!("{}{wire}", describe(c)))
        })
        .collect();
    let width = |f: fn(&(String, String, String)) -> &String| {
        rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0)
    };
    let (w0, w1) = (width(|r| &r.0), width(|r| &r.1));
    let mut out = format!("{}\n", summary(report));
    for (api, scope, what) in &rows {
        out.push_str(&format!("  {api:<w0$}  {scope:<w1$}  {what}\n"));
    }
    out.push_str(&bump_line(report, current));
    out.push('\n');
    out
}

/// Escapes what would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report, current: Option<&str>) -> String {
    let mut out = format!("## API changes\n\n{}\n\n", summary(report));
    if !report.changes.is_empty() {
        out.push_str("| effect | where | change | wire |\n|---|---|---|---|\n");
        for c in &report.changes {
            let wire = if c.effect.wire { "yes" } else { "no" };
            out.push_str(&format!(
                "| {} | `{}` | {} | {wire} |\n",
                api_word(c.effect.api),
                cell(&scope_text(&c.scope)),
                cell(&describe(c))
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("**{}**\n", bump_line(report, current)));
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    changes: Vec<JsonChange<'a>>,
    level: Api,
    bump: Bump,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_version: Option<String>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    summary: String,
}

fn json(report: &Report, current: Option<&str>) -> String {
    let value = JsonReport {
        changes: report
            .changes
            .iter()
            .map(|change| JsonChange { change, summary: describe(change) })
            .collect(),
        level: report.level(),
        bump: report.bump,
        current_version: current,
        next_version: current.and_then(|c| bump(c, report).ok()),
    };
    let mut text = serde_json::to_string_pretty(&value)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}

/// Which CHANGELOG list a change belongs in.
fn section(change: &Change) -> &'static str {
    match (change.effect.api, &change.kind) {
        (Api::Breaking, _) => "Breaking",
        (
            Api::Additive,
            ChangeKind::ActionAdded
            | ChangeKind::ParamAdded { .. }
            | ChangeKind::FieldAdded { .. }
            | ChangeKind::ModelAdded
            | ChangeKind::ModelFieldAdded { .. }
            | ChangeKind::EnumValueAdded { .. },
        ) => "Added",
        (Api::Additive, _) => "Changed",
        (Api::Docs | Api::None, _) => "Docs",
    }
}

/// A CHANGELOG section for `version`: `## 0.2.0`, then the Breaking, Added, Changed and Docs
/// lists that have entries (or a line saying nothing changed). Meant to be prepended to a
/// generated crate's CHANGELOG.md when it is regenerated.
pub fn render_changelog_entry(version: &str, report: &Report) -> String {
    let mut out = format!("## {version}\n\n");
    if report.changes.is_empty() {
        out.push_str("No API changes.\n");
        return out;
    }
    for title in ["Breaking", "Added", "Changed", "Docs"] {
        let entries: Vec<&Change> = report.changes.iter().filter(|c| section(c) == title).collect();
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("### {title}\n\n"));
        for c in entries {
            let wire = if c.effect.wire { " (wire)" } else { "" };
            out.push_str(&format!("- {}{wire}\n", c.line()));
        }
        out.push('\n');
    }
    out
}
