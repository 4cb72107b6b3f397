//! Pipe tables: splitting a `| a | b |` line into cells, mapping header cells to columns, and
//! turning one row into a [`Field`] with its diagnostics.
//!
//! Tables are recognised line by line rather than through pulldown-cmark because the seeds put a
//! table directly under a bare text line, which CommonMark reads as part of the paragraph.

use super::inline::{clean_inline, has_cjk};
use super::types::{linked_models, parse_type};
use crate::diag::Diagnostic;
use crate::ir::{Field, Loc};

/// One cell: its raw text and the 1-based character column where that text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text between the pipes, untrimmed escapes included.
    pub text: String,
    /// 1-based character column of the first non-blank character (or of the cell start).
    pub col: usize,
}

/// True for a line that belongs to a pipe table.
pub fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// True when `line` over `next` opens a table written without outer pipes (`Name | Type` over
/// `---|---`), which GFM allows. As in GFM, the delimiter row must have as many cells as the
/// header, so prose holding a `|` is never taken for a table.
pub fn starts_pipeless_table(line: &str, next: Option<&str>) -> bool {
    let Some(next) = next else { return false };
    if is_table_line(line) || !line.contains('|') || !next.contains('|') {
        return false;
    }
    let (head, delim) = (split_cells(line), split_cells(next));
    head.len() >= 2 && delim.len() == head.len() && is_delimiter_row(&delim)
}

/// True when a line continues a table without outer pipes: any non-blank line holding a `|`.
pub fn continues_pipeless_table(line: &str) -> bool {
    !line.trim().is_empty() && line.contains('|')
}

/// Splits a table line into cells on unescaped pipes; the outer pipes are dropped.
pub fn split_cells(line: &str) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut start_col = 0usize;
    let mut escaped = false;
    let mut seen_first_pipe = false;
    for (i, c) in line.chars().enumerate() {
        let col = i + 1;
        if !seen_first_pipe {
            if c == '|' {
                seen_first_pipe = true;
                start_col = col + 1;
            } else if !c.is_whitespace() {
                // A row without a leading pipe: the first cell starts here.
                seen_first_pipe = true;
                start_col = col;
                current.push(c);
            }
            continue;
        }
        if c == '|' && !escaped {
            cells.push(finish_cell(&current, start_col));
            current.clear();
            start_col = col + 1;
            continue;
        }
        escaped = c == '\\' && !escaped;
        current.push(c);
    }
    if !current.trim().is_empty() {
        cells.push(finish_cell(&current, start_col));
    }
    cells
}

fn finish_cell(text: &str, start_col: usize) -> Cell {
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let col = if lead == text.chars().count() { start_col } else { start_col + lead };
    Cell { text: text.to_string(), col }
}

/// True for the `|---|:---:|` line under a header.
pub fn is_delimiter_row(cells: &[Cell]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let t = c.text.trim();
            !t.is_empty() && t.contains('-') && t.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
        })
}

/// Which column holds what, from the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The name column.
    pub name: usize,
    /// The type column, when the table has one.
    pub ty: Option<usize>,
    /// The description column.
    pub description: Option<usize>,
    /// The required column.
    pub required: Option<usize>,
    /// Further columns whose cells join the description after a label (`Default: 20`,
    /// `示例：cn-bj2`): the IR keeps them there, and the prose stage reads defaults and bounds
    /// from them as from any description.
    pub extra: Vec<(usize, String)>,
    /// Columns that map to nothing (`Since`, `Location`): index and header text, reported once
    /// per table by the caller when a row fills them.
    pub dropped: Vec<(usize, String)>,
    /// Header cells; 0 without a header, when no row can be said to have too many cells.
    pub width: usize,
}

impl Default for Columns {
    /// The usual order: name, type, description, required.
    fn default() -> Self {
        Columns {
            name: 0,
            ty: Some(1),
            description: Some(2),
            required: Some(3),
            extra: Vec::new(),
            dropped: Vec::new(),
            width: 0,
        }
    }
}

/// Header words, lowercase, for each column kind.
const NAME_WORDS: &[&str] = &["参数名", "字段名", "参数", "字段", "name", "名称"];
const TYPE_WORDS: &[&str] = &["类型", "type"];
const DESC_WORDS: &[&str] = &["描述", "说明", "description", "desc"];
const REQUIRED_WORDS: &[&str] = &["必填", "必选", "required", "mandatory"];

/// True when a header row names a type column (`Type`, `类型`). [`columns_from_header`] falls
/// back to the usual order for a header it cannot read, so its `ty` does not tell this.
pub fn header_names_type(cells: &[Cell]) -> bool {
    cells.iter().any(|c| {
        let t = clean_inline(&c.text).to_lowercase();
        TYPE_WORDS.iter().any(|w| t.contains(w))
    })
}

/// Maps header cells to columns; unknown headers fall back to the usual order. Columns past
/// those four are kept after a label ([`extra_label`]) or listed as dropped.
pub fn columns_from_header(cells: &[Cell]) -> Columns {
    let shown: Vec<String> = cells.iter().map(|c| clean_inline(&c.text)).collect();
    let texts: Vec<String> = shown.iter().map(|t| t.to_lowercase()).collect();
    let find = |words: &[&str]| texts.iter().position(|t| words.iter().any(|w| t.contains(w)));
    let ty = find(TYPE_WORDS);
    let required = find(REQUIRED_WORDS);
    let description = find(DESC_WORDS);
    // "Parameter name" contains "name"; take the first column that names and is not the others.
    let name = texts
        .iter()
        .enumerate()
        .position(|(i, t)| {
            Some(i) != ty
                && Some(i) != required
                && Some(i) != description
                && NAME_WORDS.iter().any(|w| t.contains(w))
        })
        .unwrap_or(0);
    let mut columns = if ty.is_none() && description.is_none() && required.is_none() {
        Columns::default()
    } else {
        Columns { name, ty, description, required, ..Columns::default() }
    };
    columns.width = cells.len();
    let used = [Some(columns.name), columns.ty, columns.description, columns.required];
    for (i, header) in shown.iter().enumerate().filter(|(i, _)| !used.contains(&Some(*i))) {
        match extra_label(header) {
            Some(label) => columns.extra.push((i, label)),
            None => columns.dropped.push((i, header.clone())),
        }
    }
    columns
}

/// Header words of further columns that state facts about a value (constraints, units, notes):
/// their cells join the description under the header's own text.
const FACT_WORDS: &[&str] = &[
    "constraint",
    "range",
    "limit",
    "allowed",
    "value",
    "enum",
    "format",
    "unit",
    "note",
    "remark",
    "comment",
    "约束",
    "范围",
    "取值",
    "限制",
    "枚举",
    "格式",
    "单位",
    "备注",
    "注意",
    "值",
];

/// The label a further column's cells get in the description, when the column says something the
/// IR holds there: a default, an example, constraints, units, notes. Chinese headers get Chinese
/// labels (`默认值：`), which the prose stage reads like `Default: `.
pub fn extra_label(header: &str) -> Option<String> {
    let lower = header.to_lowercase();
    let zh = has_cjk(header);
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let colon = if zh { "：" } else { ": " };
    if has(&["default", "默认", "缺省"]) {
        return Some(if zh { "默认值：" } else { "Default: " }.to_string());
    }
    if has(&["example", "sample", "示例", "样例", "例子", "举例"]) {
        return Some(if zh { "示例：" } else { "Example: " }.to_string());
    }
    (has(FACT_WORDS) && !header.trim().is_empty()).then(|| format!("{}{colon}", header.trim()))
}

/// The parts of one row, whichever table form it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowParts {
    /// The name cell, raw.
    pub name: String,
    /// The type cell, raw.
    pub ty: String,
    /// The description cell, raw.
    pub description: String,
    /// The required cell, raw.
    pub required: String,
    /// 1-based line of the row.
    pub line: usize,
    /// 1-based column of the name.
    pub name_col: usize,
    /// Cells of further columns with their labels ([`Columns::extra`]), raw.
    pub extras: Vec<(String, String)>,
}

/// Reads one pipe-table row into parts; `None` when the row has no name cell at all.
pub fn row_parts(cells: &[Cell], columns: &Columns, line: usize) -> Option<RowParts> {
    let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.text.clone()).unwrap_or_default();
    let name_cell = cells.get(columns.name)?;
    // Point at the name itself, past `**` or a backtick.
    let marks = name_cell.text.trim_start().chars().take_while(|c| matches!(c, '*' | '`')).count();
    Some(RowParts {
        name: name_cell.text.clone(),
        ty: get(columns.ty),
        description: get(columns.description),
        required: get(columns.required),
        line,
        name_col: name_cell.col + marks,
        extras: columns.extra.iter().map(|(i, label)| (label.clone(), get(Some(*i)))).collect(),
    })
}

/// The cells a row has past the header's width that hold text: `(1-based column, text)`.
pub fn cells_past(cells: &[Cell], width: usize) -> Vec<(usize, String)> {
    cells.iter().skip(width).map(|c| (c.col, clean_inline(&c.text))).filter(|(_, t)| !t.is_empty()).collect()
}

/// True when some column of the table holds only type words (`int`, `array[string]`): a table
/// of fields even when its header does not say `Type` (a misaligned header, a scrape).
pub fn has_type_column(rows: &[Vec<Cell>]) -> bool {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..width).any(|col| {
        let mut typed = 0;
        for row in rows {
            let cell = row.get(col).map(|c| clean_inline(&c.text)).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            if !is_type_word(&cell) {
                return false;
            }
            typed += 1;
        }
        typed > 0
    })
}

/// A base type word, or `array[…]` of one.
fn is_type_word(cell: &str) -> bool {
    let lower = cell.to_ascii_lowercase();
    let inner = lower.strip_prefix("array[").and_then(|r| r.strip_suffix(']')).unwrap_or(&lower);
    super::types::base_type(inner).is_some()
}

/// What a required cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequiredCell {
    /// Required (`Yes`, `是`, `必填`, `必须`).
    Yes,
    /// Optional, or the cell is empty.
    No,
    /// Required only in some case (`是（当…时）`, "Yes, when…", `Conditional`): read as optional
    /// (the SDK enforces only what the docs state without condition), with a warning, and the
    /// cell's text joins the description so the condition is not lost.
    Conditional,
    /// Text the front-end does not understand: read as optional, with a warning naming it, and
    /// kept in the description.
    Unknown,
}

const YES: &[&str] =
    &["yes", "y", "true", "是", "必填", "必选", "必须", "必需", "required", "mandatory", "√", "✓", "✔"];
const NO: &[&str] = &[
    "no",
    "n",
    "false",
    "否",
    "非必填",
    "非必须",
    "非必选",
    "可选",
    "选填",
    "optional",
    "-",
    "",
    "×",
    "✗",
    "✘",
];
/// Cells that say "it depends" without a yes word in front.
const CONDITIONAL: &[&str] = &["conditional", "conditionally", "条件必填", "视情况", "有条件"];

/// Reads a required cell.
pub fn required_cell(cell: &str) -> RequiredCell {
    let t = clean_inline(cell).trim().to_lowercase();
    if YES.contains(&t.as_str()) {
        return RequiredCell::Yes;
    }
    if NO.contains(&t.as_str()) {
        return RequiredCell::No;
    }
    // A yes word and then more (`是（当…时）`, "yes, when…"): the word must end there.
    let starts_yes = YES.iter().any(|w| {
        t.strip_prefix(w).and_then(|rest| rest.chars().next()).is_some_and(|c| !c.is_alphanumeric())
    });
    if starts_yes || CONDITIONAL.iter().any(|w| t.starts_with(w)) {
        RequiredCell::Conditional
    } else {
        RequiredCell::Unknown
    }
}

/// True when a required cell says yes, without condition.
pub fn is_required(cell: &str) -> bool {
    required_cell(cell) == RequiredCell::Yes
}

/// Turns row parts into a field, or into a diagnostic when the row cannot be read. Warnings
/// (odd name, unknown type) go to `diags` and the field is kept.
pub fn row_to_field(
    parts: &RowParts,
    path: &str,
    models: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Result<Field, Box<Diagnostic>> {
    let loc = Loc { file: path.to_string(), line: parts.line as u32, col: parts.name_col as u32 };
    // Kept as written (trimmed): a wire name is sent exactly, so a name with a space inside is
    // reported by validation rather than silently changed.
    let name = clean_inline(&parts.name).trim().to_string();
    if name.is_empty() {
        return Err(Box::new(
            Diagnostic::error("bad-row", "this table row has no name")
                .at(Some(loc))
                .hint("give the row a name in the first column, or delete it"),
        ));
    }
    let mut known: Vec<String> = models.to_vec();
    known.extend(linked_models(&parts.ty));
    let mut description = clean_inline(&parts.description);
    for (label, cell) in &parts.extras {
        let value = clean_inline(cell);
        if !is_blank_value(&value) {
            push_line(&mut description, &format!("{label}{value}"));
        }
    }
    let (ty, unknown) = parse_type(&parts.ty, &known);
    if let Some(unknown) = unknown {
        diags.push(
            Diagnostic::warning("unknown-type", format!("`{name}` has the unknown type `{}`", unknown.0))
                .at(Some(loc.clone()))
                .hint("use string, int, float, bool, object, array, array[T] or a model defined on the page; it was read as string"),
        );
    }
    let required = required_cell(&parts.required);
    if matches!(required, RequiredCell::Conditional | RequiredCell::Unknown) {
        // The cell says more than yes or no: keep its words with the docs.
        let cell = clean_inline(&parts.required);
        let label = if has_cjk(&cell) { "必填：" } else { "Required: " };
        push_line(&mut description, &format!("{label}{cell}"));
    }
    match required {
        RequiredCell::Yes | RequiredCell::No => {}
        RequiredCell::Conditional => diags.push(
            Diagnostic::warning(
                "conditional-required",
                format!(
                    "`{name}` is required only in some case ({:?}); the SDK makes it optional",
                    parts.required.trim()
                ),
            )
            .at(Some(loc.clone()))
            .hint("the condition is kept in the description; say `Yes` or `No` in the cell to decide it"),
        ),
        RequiredCell::Unknown => diags.push(
            Diagnostic::warning(
                "unknown-required",
                format!(
                    "`{name}` has a required cell sdkgen does not read ({:?}); read as optional",
                    parts.required.trim()
                ),
            )
            .at(Some(loc.clone()))
            .hint("write `Yes` or `No` (or `是`/`否`)"),
        ),
    }
    Ok(Field {
        name,
        ty,
        required: required == RequiredCell::Yes,
        description,
        deprecated: false,
        format: None,
        constraints: Default::default(),
        rust_name: None,
        loc: Some(loc),
    })
}

/// A cell that states nothing (`-`, `无`, empty): it adds nothing to the description.
fn is_blank_value(value: &str) -> bool {
    ["", "-", "--", "—", "/", "无", "none", "n/a"].contains(&value.to_lowercase().as_str())
}

fn push_line(description: &mut String, line: &str) {
    if !description.is_empty() {
        description.push('\n');
    }
    description.push_str(line);
}

#[cfg(test)]
mod required_tests {
    use super::*;

    #[test]
    fn required_cells_are_read_or_reported() {
        for yes in ["Yes", "**Yes**", "是", "必填", "必须", "Required"] {
            assert_eq!(required_cell(yes), RequiredCell::Yes, "{yes}");
        }
        for no in ["No", "否", "", "可选", "Optional"] {
            assert_eq!(required_cell(no), RequiredCell::No, "{no}");
        }
        for when in ["是（当Type为A时）", "Yes, when Type is A", "必填(仅HTTPS)", "Conditional", "条件必填"]
        {
            assert_eq!(required_cell(when), RequiredCell::Conditional, "{when}");
        }
        assert_eq!(required_cell("见说明"), RequiredCell::Unknown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::wire_name::WireName;
    use crate::ir::Type;
    use proptest::prelude::*;

    fn texts(line: &str) -> Vec<String> {
        split_cells(line).into_iter().map(|c| c.text.trim().to_string()).collect()
    }

    #[test]
    fn splits_on_unescaped_pipes() {
        assert_eq!(
            texts("| **A** | string | x \\| y | **Yes** |"),
            ["**A**", "string", "x \\| y", "**Yes**"]
        );
        assert_eq!(texts("|A|int|d|No|"), ["A", "int", "d", "No"]);
        assert_eq!(texts("| A | int | | No |"), ["A", "int", "", "No"]);
        let cells = split_cells("| **Name** | int |");
        assert_eq!(cells[0].col, 3);
        assert!(is_delimiter_row(&split_cells("|:---|---:|:-:|")));
        assert!(!is_delimiter_row(&split_cells("| a | b |")));
    }

    fn four(c: &Columns) -> (usize, Option<usize>, Option<usize>, Option<usize>) {
        (c.name, c.ty, c.description, c.required)
    }

    #[test]
    fn header_mapping() {
        let usual = four(&Columns::default());
        let c = columns_from_header(&split_cells("| 参数名 | 类型 | 描述信息 | 必填 |"));
        assert_eq!((four(&c), c.width), (usual, 4));
        assert!(c.extra.is_empty() && c.dropped.is_empty());
        let c = columns_from_header(&split_cells("|Parameter name|Type|Description|Required|"));
        assert_eq!(four(&c), usual);
        let c = columns_from_header(&split_cells("| Name | Description | Type |"));
        assert_eq!(four(&c), (0, Some(2), Some(1), None));
    }

    #[test]
    fn further_columns_are_labelled_or_dropped() {
        let c = columns_from_header(&split_cells(
            "| Name | Type | Default | Description | Required | 示例 | Since |",
        ));
        assert_eq!(four(&c), (0, Some(1), Some(3), Some(4)));
        assert_eq!(c.extra, [(2, "Default: ".to_string()), (5, "示例：".to_string())]);
        assert_eq!(c.dropped, [(6, "Since".to_string())]);
        assert_eq!(extra_label("取值范围").as_deref(), Some("取值范围："));
        assert_eq!(extra_label("Constraints").as_deref(), Some("Constraints: "));
        assert_eq!(extra_label("Location"), None);
    }

    #[test]
    fn type_columns_by_content() {
        let rows = |lines: &[&str]| lines.iter().map(|l| split_cells(l)).collect::<Vec<_>>();
        assert!(has_type_column(&rows(&["| Timestamp | int | 时间戳 |", "| Tags | array[string] | |"])));
        assert!(!has_type_column(&rows(&["| CPU | CPU使用率 | % |", "| Mem | 内存 | MB |"])));
        assert!(!has_type_column(&rows(&[])));
    }

    #[test]
    fn a_row_becomes_a_field() {
        let cells = split_cells("| **Disks.N.Size** | int | 大小<br>单位GB | **Yes** |");
        let parts = row_parts(&cells, &Columns::default(), 7).unwrap();
        let mut diags = Vec::new();
        let f = row_to_field(&parts, "a.md", &[], &mut diags).unwrap();
        assert_eq!(f.name, "Disks.N.Size");
        assert_eq!(f.ty, Type::Int);
        assert!(f.required);
        assert_eq!(f.description, "大小\n单位GB");
        assert_eq!(f.loc, Some(Loc { file: "a.md".into(), line: 7, col: 5 }));
        assert!(diags.is_empty());
    }

    #[test]
    fn odd_rows_warn_but_stay() {
        let cells = split_cells("| Foo Bar | varchar | d | No |");
        let parts = row_parts(&cells, &Columns::default(), 1).unwrap();
        let mut diags = Vec::new();
        let f = row_to_field(&parts, "a.md", &[], &mut diags).unwrap();
        assert_eq!(f.name, "Foo Bar", "kept as written; validation reports it");
        assert_eq!(f.ty, Type::String);
        let codes: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["unknown-type"]);
    }

    proptest! {
        #[test]
        fn arbitrary_lines_never_panic(line in "\\PC{0,80}") {
            let cells = split_cells(&line);
            let cols = columns_from_header(&cells);
            if let Some(parts) = row_parts(&cells, &cols, 1) {
                let mut diags = Vec::new();
                let _ = row_to_field(&parts, "x.md", &[], &mut diags);
            }
        }

        #[test]
        fn built_rows_round_trip(
            name in "[A-Z][a-zA-Z0-9]{0,10}(\\.N(\\.[A-Z][a-z]{1,5})?)?",
            ty in prop::sample::select(vec!["string", "int", "float", "bool", "object", "array", "array[string]"]),
            desc in "[A-Za-z0-9 ,.()]{0,30}",
            req in any::<bool>(),
        ) {
            prop_assume!(WireName::parse(&name).is_ok());
            let line = format!("| **{name}** | {ty} | {desc} | {} |", if req { "**Yes**" } else { "No" });
            let parts = row_parts(&split_cells(&line), &Columns::default(), 1).unwrap();
            let mut diags = Vec::new();
            let f = row_to_field(&parts, "x.md", &[], &mut diags).unwrap();
            prop_assert_eq!(&f.name, &name);
            prop_assert_eq!(f.ty.to_string(), ty.replace("boolean", "bool"));
            prop_assert_eq!(f.required, req);
            prop_assert_eq!(f.description, desc.trim().to_string());
            prop_assert!(diags.is_empty());
        }
    }
}
