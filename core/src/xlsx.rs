//! The formatted Excel report (feature `xlsx`): a summary sheet of status counts per
//! document, a sheet per document with every result (the flat table of
//! [`crate::export`], header frozen, autofilter on, status cells in the status colours),
//! and a sheet of the records the load rejected. Headers are in Chinese or English.
//!
//! Cells keep their types: numbers are numbers (a percentage column is a fraction shown
//! in percent format, so 95 % is the number 0.95), dates are dates, yes/no are booleans,
//! and a missing value is an empty cell.

use crate::data::LoadReport;
use crate::eval::Evaluation;
use crate::export::{results_table, rejections_table, Column, Columns, ExportError, FlatTable, Scale, Values};
use crate::lang::Lang;
use crate::progress::Status;
use crate::regions::RegionTable;
use crate::Catalog;
use chrono::Datelike;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// How [`workbook`] writes the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct XlsxOptions {
    /// Language of headers, sheet names and status labels (Chinese by default).
    pub lang: Lang,
}

/// Widest a column is made, in characters (longer text wraps or is cut off on screen).
const MAX_WIDTH: usize = 60;

/// The cell formats of the report.
struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    count: Format,
    percent: Format,
    year: Format,
    date: Format,
    /// One per status, in the order of [`Status::ALL`].
    status: Vec<Format>,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new().set_bold().set_background_color(Color::RGB(0xdddddd)).set_align(FormatAlign::Top).set_text_wrap(),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            number: base.clone().set_num_format("General"),
            count: base.clone().set_num_format("#,##0"),
            percent: base.clone().set_num_format("0.0%"),
            year: base.clone().set_num_format("0"),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            status: Status::ALL
                .iter()
                .map(|s| base.clone().set_background_color(Color::RGB(s.color())).set_font_color(Color::White).set_bold())
                .collect(),
        }
    }

    fn status(&self, s: Status) -> &Format {
        let i = Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
        self.status.get(i).unwrap_or(&self.text)
    }
}

fn xlsx_err(target: &str) -> impl Fn(XlsxError) -> ExportError + '_ {
    move |e| ExportError::Xlsx { target: target.to_string(), message: e.to_string() }
}

/// The report as the bytes of an .xlsx file. `load`, when given, adds the sheet of
/// rejected records (its header alone when none was rejected).
pub fn workbook(
    cat: &Catalog,
    regions: &RegionTable,
    eval: &Evaluation,
    load: Option<&LoadReport>,
    o: &XlsxOptions,
) -> Result<Vec<u8>, ExportError> {
    let err = xlsx_err("<bytes>");
    let f = Formats::new();
    let table = results_table(cat, regions, eval, Columns::WithText);
    let mut wb = Workbook::new();
    summary_sheet(wb.add_worksheet(), cat, eval, o.lang, &f).map_err(&err)?;
    for doc in cat.documents() {
        let rows: Vec<usize> = (0..eval.results.len()).filter(|&i| eval.results[i].document == doc.id).collect();
        if rows.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&doc.id)).map_err(&err)?;
        table_sheet(ws, &table, &rows, o.lang, &f).map_err(&err)?;
    }
    if let Some(load) = load {
        let rejected = rejections_table(load);
        let ws = wb.add_worksheet();
        ws.set_name(o.lang.pick("未读入记录", "Rejected records")).map_err(&err)?;
        let rows: Vec<usize> = (0..rejected.num_rows()).collect();
        table_sheet(ws, &rejected, &rows, o.lang, &f).map_err(&err)?;
    }
    wb.save_to_buffer().map_err(&err)
}

/// [`workbook`] written to `path`.
pub fn write_workbook(
    path: &std::path::Path,
    cat: &Catalog,
    regions: &RegionTable,
    eval: &Evaluation,
    load: Option<&LoadReport>,
    o: &XlsxOptions,
) -> Result<(), ExportError> {
    let bytes = workbook(cat, regions, eval, load, o)?;
    std::fs::write(path, bytes).map_err(|e| ExportError::Io { target: path.display().to_string(), source: e })
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(id: &str) -> String {
    id.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(31).collect()
}

/// Counts of results by status per document, a total row, and the evaluation date.
fn summary_sheet(ws: &mut Worksheet, cat: &Catalog, eval: &Evaluation, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(lang.pick("概况", "Summary"))?;
    let mut head: Vec<&str> = vec![lang.pick("文件", "Document"), lang.pick("文件名称", "Title")];
    head.extend(Status::ALL.iter().map(|s| lang.pick(s.zh(), s.en())));
    head.push(lang.pick("合计", "Total"));
    for (c, h) in head.iter().enumerate() {
        let format = match c.checked_sub(2).and_then(|i| Status::ALL.get(i)) {
            Some(s) => f.status(*s),
            None => &f.header,
        };
        ws.write_string_with_format(0, col(c), *h, format)?;
    }
    let mut row = 1;
    let mut totals = vec![0usize; Status::ALL.len()];
    for doc in cat.documents() {
        let counts = crate::report::status_counts(eval.results.iter().filter(|r| r.document == doc.id));
        if counts.is_empty() {
            continue;
        }
        ws.write_string_with_format(row, 0, &doc.id, &f.text)?;
        ws.write_string_with_format(row, 1, lang.pick(&doc.title, &doc.title_en), &f.wrap)?;
        for (i, s) in Status::ALL.iter().enumerate() {
            let n = counts.get(s).copied().unwrap_or(0);
            totals[i] += n;
            ws.write_number_with_format(row, col(i + 2), n as f64, &f.count)?;
        }
        ws.write_number_with_format(row, col(Status::ALL.len() + 2), counts.values().sum::<usize>() as f64, &f.count)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, lang.pick("合计", "Total"), &f.header)?;
    ws.write_string_with_format(row, 1, "", &f.header)?;
    for (i, n) in totals.iter().enumerate() {
        ws.write_number_with_format(row, col(i + 2), *n as f64, &f.count)?;
    }
    ws.write_number_with_format(row, col(Status::ALL.len() + 2), totals.iter().sum::<usize>() as f64, &f.count)?;
    let date = eval.as_of;
    ws.write_string_with_format(row + 2, 0, lang.pick("评估日期", "As of"), &f.header)?;
    ws.write_datetime_with_format(row + 2, 1, excel_date(date)?, &f.date)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 40)?;
    for c in 2..head.len() {
        ws.set_column_width(col(c), 12)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(0), m as u8, day as u8)
}

/// The rows `rows` of `table` under a header of labels: header frozen, autofilter over
/// the columns, widths from the content.
fn table_sheet(ws: &mut Worksheet, table: &FlatTable, rows: &[usize], lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    for (c, column) in table.columns.iter().enumerate() {
        ws.write_string_with_format(0, col(c), column.label(lang), &f.header)?;
        let mut width = crate::table::width(column.label(lang)).min(24);
        for (r, &i) in rows.iter().enumerate() {
            let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
            width = width.max(cell(ws, row, col(c), column, i, lang, f)?);
        }
        ws.set_column_width(col(c), (width.clamp(6, MAX_WIDTH) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last_row, col(table.columns.len().saturating_sub(1)))?;
    Ok(())
}

/// Writes row `i` of `column` at (`row`, `c`) and returns the width it needs.
fn cell(ws: &mut Worksheet, row: u32, c: u16, column: &Column, i: usize, lang: Lang, f: &Formats) -> Result<usize, XlsxError> {
    let is_count = matches!(column.name, "numerator" | "denominator");
    match &column.values {
        Values::Str(v) => {
            let Some(text) = v.get(i).and_then(|x| x.as_deref()) else { return Ok(0) };
            // Status columns show the label in the report's language, in its colour.
            let status = matches!(column.name, "status" | "status_if_missing_passed").then(|| Status::from_code(text)).flatten();
            if let Some(s) = status {
                ws.write_string_with_format(row, c, lang.pick(s.zh(), s.en()), f.status(s))?;
                return Ok(crate::table::width(lang.pick(s.zh(), s.en())));
            }
            let wraps = text.contains('\n') || crate::table::width(text) > MAX_WIDTH;
            ws.write_string_with_format(row, c, text, if wraps { &f.wrap } else { &f.text })?;
            Ok(text.lines().map(crate::table::width).max().unwrap_or(0))
        }
        Values::F64(v) => {
            let Some(x) = v.get(i).copied().flatten() else { return Ok(0) };
            match column.scale {
                Scale::Percent => ws.write_number_with_format(row, c, x / 100.0, &f.percent)?,
                Scale::Ratio => ws.write_number_with_format(row, c, x, &f.percent)?,
                Scale::Plain if is_count => ws.write_number_with_format(row, c, x, &f.count)?,
                Scale::Plain => ws.write_number_with_format(row, c, x, &f.number)?,
            };
            Ok(10)
        }
        Values::I32(v) => {
            let Some(x) = v.get(i).copied().flatten() else { return Ok(0) };
            ws.write_number_with_format(row, c, x, &f.year)?;
            Ok(6)
        }
        Values::I64(v) => {
            let Some(x) = v.get(i).copied().flatten() else { return Ok(0) };
            ws.write_number_with_format(row, c, x as f64, &f.year)?;
            Ok(8)
        }
        Values::Date(v) => {
            let Some(d) = v.get(i).copied().flatten() else { return Ok(0) };
            ws.write_datetime_with_format(row, c, excel_date(d)?, &f.date)?;
            Ok(10)
        }
        Values::Bool(v) => {
            let Some(b) = v.get(i).copied().flatten() else { return Ok(0) };
            ws.write_boolean_with_format(row, c, b, &f.text)?;
            Ok(5)
        }
    }
}
