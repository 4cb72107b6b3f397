//! Exports as real `.xlsx` workbooks, so a client's download-and-parse path is exercised
//! against the format the real service produces.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::{Map, Value};

/// One sheet named after `sheet`: a bold header row of `columns`, then one row per item.
/// Numbers stay numbers; strings (money included, to keep its exact digits) stay strings.
pub(crate) fn write(
    sheet: &str,
    columns: &[&str],
    items: &[&Map<String, Value>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = sheet.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if !name.is_empty() {
        ws.set_name(name)?;
    }
    let bold = Format::new().set_bold();
    for (c, column) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *column, &bold)?;
    }
    for (r, item) in items.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, column) in columns.iter().enumerate() {
            match item.get(*column) {
                Some(Value::Number(n)) => {
                    ws.write_number(row, col(c), n.as_f64().unwrap_or_default())?;
                }
                Some(Value::String(s)) => {
                    ws.write_string(row, col(c), s)?;
                }
                Some(Value::Bool(b)) => {
                    ws.write_boolean(row, col(c), *b)?;
                }
                Some(Value::Null) | None => {}
                Some(other) => {
                    ws.write_string(row, col(c), other.to_string())?;
                }
            }
        }
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
