//! Pipe tables: splitting a `| a | b |` line into cells, mapping header cells to columns, and
//! turning one row into a [`Field`] with its diagnostics.
//!
//! Tables are recognised line by line rather than through pulldown-cmark because the seeds put a
//! table directly under a bare text line, which CommonMark reads as part of the paragraph.

use super::inline::clean_inline;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The name column.
    pub name: usize,
    /// The type column, when the table has one.
    pub ty: Option<usize>,
    /// The description column.
    pub description: Option<usize>,
    /// The required column.
    pub required: Option<usize>,
}

impl Default for Columns {
    /// The usual order: name, type, description, required.
    fn default() -> Self {
        Columns { name: 0, ty: Some(1), description: Some(2), required: Some(3) }
    }
}

/// Header words, lowercase, for each column kind.
const NAME_WORDS: &[&str] = &["参数名", "字段名", "参数", "字段", "name", "名称"];
const TYPE_WORDS: &[&str] = &["类型", "type"];
const DESC_WORDS: &[&str] = &["描述", "说明", "description", "desc"];
const REQUIRED_WORDS: &[&str] = &["必填", "必选", "required", "mandatory"];

/// Maps header cells to columns; unknown headers fall back to the usual order.
pub fn columns_from_header(cells: &[Cell]) -> Columns {
    let texts: Vec<String> = cells.iter().map(|c| clean_inline(&c.text).to_lowercase()).collect();
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
    if ty.is_none() && description.is_none() && required.is_none() {
        return Columns::default();
    }
    Columns { name, ty, description, required }
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
    })
}

/// What a required cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequiredCell {
    /// Required (`Yes`, `是`, `必填`, `必须`).
    Yes,
    /// Optional, or the cell is empty.
    No,
    /// Required only in some case (`是（当…时）`, "Yes, when…"): read as optional, with a warning.
    Conditional,
    /// Text the front-end does not understand: read as optional, with a warning.
    Unknown,
}

const YES: &[&str] = &["yes", "y", "true", "是", "必填", "必选", "必须", "必需", "required", "mandatory"];
const NO: &[&str] = &["no", "n", "false", "否", "非必填", "非必须", "可选", "选填", "optional", "-", ""];

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
    if starts_yes {
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
    let (ty, unknown) = parse_type(&parts.ty, &known);
    if let Some(unknown) = unknown {
        diags.push(
            Diagnostic::warning("unknown-type", format!("`{name}` has the unknown type `{}`", unknown.0))
                .at(Some(loc.clone()))
                .hint("use string, int, float, bool, object, array, array[T] or a model defined on the page; it was read as string"),
        );
    }
    match required_cell(&parts.required) {
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
            .hint("the condition stays in the docs; say `Yes` or `No` in the cell to decide it"),
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
        required: is_required(&parts.required),
        description: clean_inline(&parts.description),
        deprecated: false,
        format: None,
        constraints: Default::default(),
        rust_name: None,
        loc: Some(loc),
    })
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
        for when in ["是（当Type为A时）", "Yes, when Type is A", "必填(仅HTTPS)"] {
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

    #[test]
    fn header_mapping() {
        let c = columns_from_header(&split_cells("| 参数名 | 类型 | 描述信息 | 必填 |"));
        assert_eq!(c, Columns::default());
        let c = columns_from_header(&split_cells("|Parameter name|Type|Description|Required|"));
        assert_eq!(c, Columns::default());
        let c = columns_from_header(&split_cells("| Name | Description | Type |"));
        assert_eq!(c, Columns { name: 0, ty: Some(2), description: Some(1), required: None });
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
