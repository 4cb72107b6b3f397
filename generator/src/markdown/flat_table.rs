//! Pipe-less rows: tables scraped from HTML lose their cell borders, so
//! `ResourceIds.NstringResource ID list (optional)No` must be cut back into
//! name / type / description / required.
//!
//! The cut is found by trying every split point: the name is a prefix made of wire-name
//! characters, a known type token (the base words, `array[…]`, or a model the page defines) must
//! start right after it, and the rest, minus a trailing `Yes`/`No`, is the description. A split is
//! plausible when its description does not start with a lowercase ASCII letter glued to the type
//! (`Endpo|int|stringThe…` is not a row, `Endpoint|string|The…` is). One plausible split is taken;
//! several, or none, are reported to the caller, which emits an `ambiguous-row` error: never a
//! guess.

use super::table::{extra_label, RowParts};
use super::types::BASE_WORDS;
use crate::ir::wire_name::WireName;

/// True for a header line of a pipe-less table (`Parameter NameTypeDescription InformationRequired`).
pub fn is_flat_header(line: &str) -> bool {
    if line.contains('|') {
        return false;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let starts =
        ["parametername", "fieldname", "参数名", "字段名", "name"].iter().any(|w| compact.starts_with(w));
    let has_type = compact.contains("type") || compact.contains("类型");
    starts && has_type && compact.chars().count() <= 80
}

/// True when a pipe-less header names a required column, so rows end in `Yes`/`No`.
pub fn header_has_required(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.contains("required") || lower.contains("必填")
}

/// Header words of a pipe-less table, compact (no whitespace) and lowercase, longest first within
/// a kind: `是否必填` must win over `必填`, or `是否` would read as a column of its own.
const FLAT_KNOWN: &[&str] = &[
    "parametername",
    "fieldname",
    "参数名称",
    "参数名",
    "字段名称",
    "字段名",
    "name",
    "名称",
    "type",
    "类型",
    "descriptioninformation",
    "description",
    "描述信息",
    "描述",
    "说明信息",
    "说明",
    "required",
    "mandatory",
    "是否必填",
    "是否必选",
    "必填",
    "必选",
];

/// The columns a pipe-less header names beyond name, type and description, so that a row is cut
/// the same way a pipe table's header would cut it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlatHeader {
    /// The header names a required column, so rows end in (or, with `tail`, hold) `Yes`/`No`.
    pub required: bool,
    /// Columns after the required column (`Default Value`, `Example`), in order: their text is
    /// what follows the required cell.
    pub tail: Vec<String>,
    /// Other columns before the required column (or anywhere, without one): no border separates
    /// their text from the description, so it stays there.
    pub glued: Vec<String>,
}

/// Reads a pipe-less header into its columns: known header words in order, and the text between
/// them as further columns. One pass over the line.
pub fn flat_header(line: &str) -> FlatHeader {
    let chars: Vec<(usize, char)> = line.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    let lower: Vec<char> = chars.iter().map(|(_, c)| c.to_ascii_lowercase()).collect();
    let mut header = FlatHeader::default();
    let mut other: Option<(usize, usize)> = None;
    let push_other = |other: &mut Option<(usize, usize)>, header: &mut FlatHeader| {
        if let Some((from, to)) = other.take() {
            let text = line[from..to].trim().to_string();
            if header.required {
                header.tail.push(text);
            } else {
                header.glued.push(text);
            }
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let known = FLAT_KNOWN.iter().find(|w| {
            let n = w.chars().count();
            i + n <= lower.len() && w.chars().eq(lower[i..i + n].iter().copied())
        });
        // Further column names glued to each other (`DefaultExample`, `默认值示例`) part where
        // a lowercase letter meets an uppercase one, or at a known Chinese column name.
        let camel = i > 0
            && lower[i] != chars[i].1
            && chars[i - 1].1.is_ascii_lowercase()
            && chars[i - 1].0 + 1 == chars[i].0;
        let cjk =
            FLAT_CJK_EXTRAS.iter().find(|w| w.chars().eq(lower[i..].iter().copied().take(w.chars().count())));
        if known.is_none() && (camel || cjk.is_some()) {
            push_other(&mut other, &mut header);
        }
        match known {
            Some(w) => {
                push_other(&mut other, &mut header);
                header.required |= REQUIRED_HEADS.contains(w);
                i += w.chars().count();
            }
            None => {
                let (at, c) = chars[i];
                let end = at + c.len_utf8();
                other = Some(other.map_or((at, end), |(from, _)| (from, end)));
                i += 1;
            }
        }
    }
    push_other(&mut other, &mut header);
    header
}

/// Chinese names of further columns, so that glued ones part (`默认值示例`).
const FLAT_CJK_EXTRAS: &[&str] = &["默认值", "缺省值", "示例", "取值范围", "约束", "备注", "单位"];

const REQUIRED_HEADS: &[&str] = &["required", "mandatory", "是否必填", "是否必选", "必填", "必选"];

/// One way to cut a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The name part.
    pub name: String,
    /// The type token.
    pub ty: String,
    /// The description part (untrimmed).
    pub description: String,
}

/// Why a row could not be cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlatError {
    /// Several cuts stay plausible.
    Ambiguous(Vec<Split>),
    /// No cut puts a known type after a valid name.
    NoSplit,
    /// The header has columns after the required one, and the row holds the required word
    /// (`Yes`/`No`/`是`/`否`) this many times (none, or several in the same place), so the
    /// description cannot be told from the columns after it.
    Required(usize),
}

/// A pipe-less row cut by its header ([`recognise_row`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatRow {
    /// The cells, with a labelled column after the required one among `extras`.
    pub parts: RowParts,
    /// Text after the required cell that no label keeps (an unknown column, or several columns
    /// whose cells cannot be told apart): the caller reports it.
    pub unread: String,
}

/// Cuts one pipe-less row. `models` are the model names the page defines; `has_required` says the
/// header has a required column, so a trailing `Yes`/`No` is that cell.
pub fn recognise(
    line: &str,
    line_no: usize,
    models: &[String],
    has_required: bool,
) -> Result<RowParts, FlatError> {
    let header = FlatHeader { required: has_required, ..FlatHeader::default() };
    recognise_row(line, line_no, models, &header).map(|row| row.parts)
}

/// Cuts one pipe-less row by its header: name and type as [`recognise`] does; then, when the
/// header has columns after the required one, the required word splits the description from
/// their text. A single labelled column (`Default`, `Example`, constraints) joins the description
/// as in a pipe table; any other text comes back as [`FlatRow::unread`].
pub fn recognise_row(
    line: &str,
    line_no: usize,
    models: &[String],
    header: &FlatHeader,
) -> Result<FlatRow, FlatError> {
    if !header.required || header.tail.is_empty() {
        return cut(line, line_no, models, header.required)
            .map(|parts| FlatRow { parts, unread: String::new() });
    }
    let mut parts = cut(line, line_no, models, false)?;
    let (description, required, rest) = split_required(&parts.description)?;
    let rest = rest.trim().to_string();
    let label = match header.tail.as_slice() {
        [only] => extra_label(only),
        _ => None,
    };
    let unread = match label {
        Some(label) => {
            parts.extras.push((label, rest));
            String::new()
        }
        None => rest,
    };
    parts.required = required.to_string();
    parts.description = description.trim().to_string();
    Ok(FlatRow { parts, unread })
}

/// The required words a row may hold before further columns, as the scrapes write them.
const REQUIRED_CELLS: &[&str] = &["Yes", "No", "是", "否"];

/// Splits `description|required|rest` at the one place a required word sits. `是否` ("whether")
/// is a word of the description, not a cell; when several places remain, those followed by a
/// lowercase letter (`None`, `Note`) are dropped, and if that does not leave one, it is an error.
fn split_required(text: &str) -> Result<(&str, &str, &str), FlatError> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (i, _) in text.char_indices() {
        let Some(word) = REQUIRED_CELLS.iter().find(|w| text[i..].starts_with(**w)) else { continue };
        let in_shifou =
            (*word == "是" && text[i..].starts_with("是否")) || (*word == "否" && text[..i].ends_with('是'));
        if !in_shifou {
            found.push((i, word));
        }
    }
    if found.len() > 1 {
        let unglued: Vec<(usize, &str)> =
            found.iter().copied().filter(|(i, w)| !starts_glued(&text[i + w.len()..])).collect();
        if unglued.len() == 1 {
            found = unglued;
        }
    }
    match found.as_slice() {
        [(i, w)] => Ok((&text[..*i], *w, &text[i + w.len()..])),
        _ => Err(FlatError::Required(found.len())),
    }
}

/// Name, type and description (and a trailing required word when `has_required`).
fn cut(line: &str, line_no: usize, models: &[String], has_required: bool) -> Result<RowParts, FlatError> {
    let body = line.trim();
    let lead = line.chars().take_while(|c| c.is_whitespace()).count();
    let (body, required) = if has_required { strip_required(body) } else { (body, "") };
    let mut all = Vec::new();
    for (i, c) in body.char_indices() {
        if i > MAX_NAME_BYTES {
            // No param is named this long; checking every longer prefix would be quadratic.
            break;
        }
        if i > 0 && WireName::parse(&body[..i]).is_ok() {
            if let Some(tok) = type_token_at(&body[i..], models) {
                all.push(Split {
                    name: body[..i].to_string(),
                    ty: tok.to_string(),
                    description: body[i + tok.len()..].to_string(),
                });
            }
        }
        if !is_flat_name_char(c) {
            break;
        }
    }
    let plausible: Vec<Split> = all.iter().filter(|s| !starts_glued(&s.description)).cloned().collect();
    let chosen = match (plausible.len(), all.len()) {
        (1, _) => plausible.into_iter().next(),
        (0, 1) => all.into_iter().next(),
        (0, 0) => return Err(FlatError::NoSplit),
        (0, _) => return Err(FlatError::Ambiguous(all)),
        _ => return Err(FlatError::Ambiguous(plausible)),
    };
    let split = chosen.ok_or(FlatError::NoSplit)?;
    Ok(RowParts {
        name: split.name,
        ty: split.ty,
        description: split.description.trim().to_string(),
        required: required.to_string(),
        line: line_no,
        name_col: lead + 1,
        extras: Vec::new(),
    })
}

/// The longest name a scraped row is cut at (the longest in the sample corpus is under 80).
pub const MAX_NAME_BYTES: usize = 256;

/// Characters a name may hold in a scraped row (ASCII only: a CJK description may follow directly).
fn is_flat_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// A description glued to its type with a lowercase letter is a sign the cut is wrong.
fn starts_glued(description: &str) -> bool {
    description.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Splits a trailing `Yes`/`No` (or `是`/`否`, as Chinese scrapes write it) off.
fn strip_required(body: &str) -> (&str, &str) {
    for word in ["Yes", "No", "yes", "no", "是", "否"] {
        if let Some(rest) = body.strip_suffix(word) {
            return (rest, word);
        }
    }
    (body, "")
}

/// The longest type token at the start of `text`: `array[…]` with balanced brackets, a base
/// word (lowercase, as the docs write it), or a model name.
fn type_token_at<'a>(text: &'a str, models: &[String]) -> Option<&'a str> {
    if text.starts_with("array[") {
        let mut depth = 0usize;
        for (i, c) in text.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&text[..=i]);
                    }
                }
                _ => {}
            }
        }
    }
    let base = BASE_WORDS.iter().copied().filter(|w| text.starts_with(w));
    let model = models.iter().map(String::as_str).filter(|m| !m.is_empty() && text.starts_with(m));
    base.chain(model).max_by_key(|t| t.len()).map(|t| &text[..t.len()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn models() -> Vec<String> {
        vec!["DownloadFileData".to_string(), "ZoneInfo".to_string(), "Zone".to_string()]
    }

    fn cut(line: &str) -> Result<(String, String, String, String), FlatError> {
        recognise(line, 1, &models(), true).map(|p| (p.name, p.ty, p.description, p.required))
    }

    fn ok(n: &str, t: &str, d: &str, r: &str) -> Result<(String, String, String, String), FlatError> {
        Ok((n.into(), t.into(), d.into(), r.into()))
    }

    #[test]
    fn headers() {
        assert!(is_flat_header("Parameter NameTypeDescription InformationRequired"));
        assert!(is_flat_header("Field NameTypeDescription InformationRequired"));
        assert!(!is_flat_header("| Parameter Name | Type |"));
        assert!(!is_flat_header("Request Parameters"));
        assert!(header_has_required("Field NameTypeDescription InformationRequired"));
    }

    #[test]
    fn seed_rows() {
        assert_eq!(
            cut("ResourceIds.NstringResource ID list (optional)No"),
            ok("ResourceIds.N", "string", "Resource ID list (optional)", "No")
        );
        assert_eq!(
            cut("DataDownloadFileDataDownload file infoNo"),
            ok("Data", "DownloadFileData", "Download file info", "No")
        );
        assert_eq!(
            cut("StartTimeintQuery start time, requiredYes"),
            ok("StartTime", "int", "Query start time, required", "Yes")
        );
        assert_eq!(
            cut("Tagsarray[string]Tag list 标签No"),
            ok("Tags", "array[string]", "Tag list 标签", "No")
        );
    }

    #[test]
    fn names_holding_type_words() {
        assert_eq!(cut("EndpointstringThe endpointNo"), ok("Endpoint", "string", "The endpoint", "No"));
        assert_eq!(cut("Countint数量No"), ok("Count", "int", "数量", "No"));
    }

    #[test]
    fn ambiguous_and_hopeless_rows() {
        // `HomeZoneInfo|Zone| info…` and `Home|ZoneInfo|Zone info…` both read well.
        assert!(
            matches!(cut("HomeZoneInfoZone info of homeNo"), Err(FlatError::Ambiguous(v)) if v.len() == 2)
        );
        assert_eq!(cut("just some prose"), Err(FlatError::NoSplit));
        assert_eq!(cut(""), Err(FlatError::NoSplit));
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(line in "\\PC{0,80}", req in any::<bool>()) {
            let _ = recognise(&line, 1, &models(), req);
            let _ = is_flat_header(&line);
        }

        #[test]
        fn built_rows_are_recovered(
            segs in prop::collection::vec("[A-Z][a-z]{1,6}", 1..3),
            list in any::<bool>(),
            ty in prop::sample::select(vec!["string", "int", "integer", "float", "boolean", "bool", "object", "array", "array[int]", "ZoneInfo", "DownloadFileData"]),
            desc in "[A-Z][a-z ]{0,20}|[一-龥]{1,8}",
            req in any::<bool>(),
        ) {
            let name = format!("{}{}", segs.concat(), if list { ".N" } else { "" });
            // A name or description that itself spells a model name makes a second reading true.
            prop_assume!(!models().iter().any(|m| name.contains(m.as_str()) || desc.starts_with(m.as_str())));
            // `Astring|ZoneInfo|…` also reads as `A|string|ZoneInfo…` when the type is capitalised.
            prop_assume!(!(ty.starts_with(|c: char| c.is_ascii_uppercase()) && BASE_WORDS.iter().any(|w| name.contains(w))));
            let desc = desc.trim_end().to_string();
            let r = if req { "Yes" } else { "No" };
            let line = format!("{name}{ty}{desc}{r}");
            let parts = recognise(&line, 3, &models(), true);
            prop_assert_eq!(parts.map(|p| (p.name, p.ty, p.description, p.required)), Ok((name, ty.to_string(), desc, r.to_string())));
        }
    }
}
