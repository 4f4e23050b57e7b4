//! Spreadsheets as input: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls` of Excel 97–2003 and
//! the BIFF5 files before it) and OpenDocument (`.ods`), read from bytes by calamine
//! (cargo feature `excel`).
//!
//! One sheet is read: the one named, or the workbook's first worksheet; a name that is
//! not there is `input.no_such_sheet`, listing the sheets. The header is the first
//! non-empty row, matched like a CSV header ([`Columns::map`]: the documented columns
//! and their Chinese aliases). Rows above it are read as a title only when each holds one
//! non-empty cell (a title merged across the sheet) and a row below them holds the
//! header; the load summary then says on which row the header was found.
//!
//! Cells become the text a CSV field would hold, and go through the same parsers:
//! - text as it is (a code column formatted as text keeps its digits);
//! - numbers: integer-valued ones as integers (`2023`, `110101`, not `2023.0`), others
//!   written shortest round-trip (`97.6`);
//! - dates (a number with a date format, or an ISO date of an `.ods`) as `2023-06-30`,
//!   with the time when there is one (then refused as a period, saying so);
//! - booleans as `1` / `0`;
//! - empty rows are skipped, as blank CSV lines are, and not counted.
//!
//! Refused, with the cell named (`data.bad_cell`): error values (`#DIV/0!`, `#N/A` …)
//! and durations in a documented column. A cell's number format is not visible through
//! calamine except as date or not: a cell formatted as a percentage holds 0.976 for
//! 97.6%, so a plain number above 0 and at most 1 for an indicator in % is refused
//! (`data.ambiguous_percent`) rather than read as 0.976% or guessed as 97.6%: write
//! `97.6`, or the text `97.6%`.
//!
//! Merged cells hold their value in the first cell only: the rows under a merged entity
//! cell read as rows without an entity (`data.missing_field`).
//!
//! Locations: the file is given as `book.xlsx[sheet]`, the line is the row number Excel
//! shows, and a rejection the reader can place in a cell ends with `(cell D5, 数值)`:
//! the column letter and the header as written.

use crate::data::{codes, DatasetBuilder, Location, Rejection};
use crate::encoding::FileEncoding;
use crate::io::{Columns, HeaderMap, InputError, ENTITY_COLUMNS, OBSERVATION_COLUMNS};
use crate::text::{clip, SHOWN_CHARS};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Spreadsheet formats, as told by a file name's extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`, `.xltx`, `.xltm`, `.xlam`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 (BIFF8) and older BIFF workbooks (`.xls`, `.xla`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl Format {
    /// The format of a file named `name`, if its extension is a spreadsheet's.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xltx" | "xltm" | "xlam" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" | "xla" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel workbook (xlsx)",
            Format::Xlsb => "Excel binary workbook (xlsb)",
            Format::Xls => "Excel 97-2003 workbook (xls)",
            Format::Ods => "OpenDocument spreadsheet (ods)",
        }
    }
}

/// What a workbook is called in the load report: its format's label, except that a
/// BIFF5 `.xls` (Excel 5.0/95, read by the same reader) is not called Excel 97-2003.
fn label_of(format: Format, bytes: &[u8]) -> &'static str {
    match format {
        Format::Xls if biff_version(bytes) == Some(0x0500) => "Excel 5.0/95 workbook (xls)",
        f => f.label(),
    }
}

/// The BIFF version (`0x0500` BIFF5, `0x0600` BIFF8) in the BOF record that starts the
/// `Workbook` (or `Book`) stream of a compound file; `None` when the bytes do not lead
/// there (every read is checked: hostile bytes give `None`, never a panic or a long loop).
fn biff_version(bytes: &[u8]) -> Option<u16> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?));
    if !bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return None;
    }
    let shift = u16_at(30)?;
    if !(9..=12).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    let offset = |sector: u32| usize::try_from(sector).ok()?.checked_add(1)?.checked_mul(size);
    // The next sector of a chain, from the FAT sectors the header lists (109 of them).
    let next = |sector: u32| {
        let per = (size / 4) as u32;
        let fat = u32_at(76 + 4 * usize::try_from(sector / per).ok().filter(|i| *i < 109)?)?;
        u32_at(offset(fat)?.checked_add(4 * (sector % per) as usize)?)
    };
    let dir0 = u32_at(48)?;
    let mut dir = dir0;
    for _ in 0..64 {
        let at = offset(dir).filter(|a| *a < bytes.len())?;
        for entry in (0..size / 128).map(|i| at + i * 128) {
            let name_len = usize::from(u16_at(entry + 64)?);
            let name = bytes.get(entry..entry + name_len.min(64))?;
            let stream = *bytes.get(entry + 66)? == 2;
            let is = |n: &str| name.len() == 2 * (n.len() + 1) && n.bytes().enumerate().all(|(i, b)| name.get(2 * i) == Some(&b) && name.get(2 * i + 1) == Some(&0));
            if stream && (is("Workbook") || is("Book")) {
                let first = u32_at(entry + 116)?;
                let start = if u32_at(entry + 120)? >= u32_at(56)? {
                    offset(first)?
                } else {
                    // A small stream is in the mini stream: 64-byte sectors inside the
                    // chain of sectors that starts at the root entry's (entry 0) start.
                    let at = usize::try_from(first).ok()?.checked_mul(1 << u16_at(32)?.min(12)).filter(|a| *a < bytes.len())?;
                    let mut sector = u32_at(offset(dir0)? + 116)?;
                    for _ in 0..at / size {
                        sector = next(sector)?;
                    }
                    offset(sector)?.checked_add(at % size)?
                };
                // BOF: record type 0x0809, then its length, then the version.
                return (u16_at(start)? == 0x0809).then(|| u16_at(start + 4)).flatten();
            }
        }
        dir = next(dir)?;
        if dir >= 0xFFFF_FFFA {
            return None;
        }
    }
    None
}

/// Rows above the header that may be a title.
const MAX_TITLE_ROWS: usize = 5;

type Book<'a> = calamine::Sheets<Cursor<&'a [u8]>>;

fn open<'a>(file: &str, bytes: &'a [u8], format: Option<Format>) -> Result<(Book<'a>, Format), InputError> {
    let bad = |message: String| InputError::Workbook { file: file.into(), message };
    // Zip containers (xlsx, xlsb, ods) start with PK; BIFF .xls is a compound file: the
    // bytes overrule a name that says otherwise (an .xls upload named .xlsx).
    let zip = bytes.starts_with(b"PK");
    let format = match format {
        _ if bytes.starts_with(b"\xD0\xCF\x11\xE0") => Format::Xls,
        Some(Format::Xls) if zip => return auto(file, bytes),
        Some(f) => f,
        None if zip => return auto(file, bytes),
        None => return Err(bad("not a spreadsheet (neither a zip container nor an Excel 97-2003 compound file)".into())),
    };
    let rs = Cursor::new(bytes);
    let book = match format {
        Format::Xlsx => calamine::open_workbook_from_rs(rs).map(calamine::Sheets::Xlsx).map_err(|e| e.to_string()),
        Format::Xlsb => calamine::open_workbook_from_rs(rs).map(calamine::Sheets::Xlsb).map_err(|e| e.to_string()),
        Format::Xls => calamine::open_workbook_from_rs(rs).map(calamine::Sheets::Xls).map_err(|e| e.to_string()),
        Format::Ods => calamine::open_workbook_from_rs(rs).map(calamine::Sheets::Ods).map_err(|e| e.to_string()),
    };
    match book {
        Ok(book) => Ok((book, format)),
        // Another zip format than the name says (an .ods named .xlsx): the reader that fits.
        Err(m) => match zip.then(|| auto(file, bytes)) {
            Some(Ok(found)) => Ok(found),
            _ => Err(bad(format!("not a readable {}: {m}", format.label()))),
        },
    }
}

/// A zip container of any spreadsheet format: calamine tries each.
fn auto<'a>(file: &str, bytes: &'a [u8]) -> Result<(Book<'a>, Format), InputError> {
    let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| InputError::Workbook { file: file.into(), message: format!("no spreadsheet reader can read it: {e}") })?;
    let f = match book {
        calamine::Sheets::Xls(_) => Format::Xls,
        calamine::Sheets::Xlsx(_) => Format::Xlsx,
        calamine::Sheets::Xlsb(_) => Format::Xlsb,
        calamine::Sheets::Ods(_) => Format::Ods,
    };
    Ok((book, f))
}

/// The names of a workbook's worksheets, in order.
pub fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, InputError> {
    let (book, _) = open(file, bytes, Format::of_name(file))?;
    Ok(worksheets(&book))
}

fn worksheets(book: &Book<'_>) -> Vec<String> {
    book.sheets_metadata().iter().filter(|s| s.typ == calamine::SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// A column's letters as Excel shows them (0 → `A`, 26 → `AA`).
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// What a cell gives a documented column.
enum Cell {
    /// The text a CSV field would hold; `numeric` when the cell held a number.
    Text { text: String, numeric: Option<f64> },
    /// A cell that holds no figure: an error value, a duration.
    Refused { shown: String, reason: String },
}

fn cell(d: &Data) -> Cell {
    let text = |text: String| Cell::Text { text, numeric: None };
    match d {
        Data::Empty => text(String::new()),
        Data::String(s) => text(s.clone()),
        Data::Int(i) => Cell::Text { text: i.to_string(), numeric: Some(*i as f64) },
        // Display writes an f64 shortest round-trip, and an integer value without `.0`.
        Data::Float(f) => Cell::Text { text: if *f == 0.0 { "0".into() } else { f.to_string() }, numeric: Some(*f) },
        Data::Bool(b) => text(if *b { "1" } else { "0" }.into()),
        Data::DateTime(dt) if dt.is_duration() => Cell::Refused {
            shown: dt.as_f64().to_string(),
            reason: "the cell holds a duration (a time format such as [h]:mm), not a period or a figure".into(),
        },
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                text(format!("{y:04}-{mo:02}-{d:02}"))
            } else {
                text(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
            }
        }
        Data::DateTimeIso(s) => text(s.strip_suffix("T00:00:00").unwrap_or(s).to_string()),
        Data::DurationIso(s) => Cell::Refused {
            shown: s.clone(),
            reason: "the cell holds a duration, not a period or a figure".into(),
        },
        Data::Error(e) => Cell::Refused {
            shown: e.to_string(),
            reason: format!("the cell holds the error value {e} (a formula that failed), not a figure; fix the formula or leave the cell empty"),
        },
    }
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Where the header is and how the sheet's columns map onto the documented ones.
struct Header {
    /// Index of the header row among the sheet's rows.
    at: usize,
    map: HeaderMap,
    /// The header's cells as written.
    names: Vec<String>,
}

fn header_text(row: &[Data]) -> Vec<String> {
    row.iter()
        .map(|d| match cell(d) {
            Cell::Text { text, .. } => text,
            Cell::Refused { shown, .. } => shown,
        })
        .collect()
}

/// Finds the header: the first non-empty row, or the first below title rows (each a
/// single non-empty cell) that holds the required columns.
fn find_header(file: &str, rows: &[&[Data]], columns: &Columns) -> Result<Header, InputError> {
    let Some(first) = rows.iter().position(|r| !r.iter().all(is_blank)) else {
        let empty: [&str; 0] = [];
        return columns.map(file, &empty).map(|map| Header { at: rows.len(), map, names: Vec::new() });
    };
    let first_try = |at: usize| {
        let names = header_text(rows.get(at).copied().unwrap_or_default());
        columns.map(file, &names).map(|map| Header { at, map, names })
    };
    let err = match first_try(first) {
        Ok(h) => return Ok(h),
        Err(e @ InputError::MissingColumn { .. }) => e,
        Err(e) => return Err(e),
    };
    let title_row = |r: &[Data]| r.iter().filter(|d| !is_blank(d)).count() <= 1;
    for at in first + 1..(first + 1 + MAX_TITLE_ROWS).min(rows.len()) {
        if !rows.get(at - 1).is_some_and(|r| title_row(r)) {
            break;
        }
        if rows.get(at).is_some_and(|r| title_row(r)) {
            continue;
        }
        return first_try(at).map_err(|_| err);
    }
    Err(err)
}

impl DatasetBuilder {
    /// Reads entities from a spreadsheet's bytes: the sheet named, or the first
    /// worksheet. The format is told by `file`'s extension, else by the bytes.
    pub fn read_entities_excel(&mut self, file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<(), InputError> {
        self.read_sheet(false, file, bytes, sheet)
    }

    /// Reads observations from a spreadsheet's bytes (see [`Self::read_entities_excel`]).
    pub fn read_observations_excel(&mut self, file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<(), InputError> {
        self.read_sheet(true, file, bytes, sheet)
    }

    /// Reads entities from a spreadsheet file (see [`Self::read_entities_excel`]).
    pub fn read_entities_excel_file(&mut self, path: impl AsRef<std::path::Path>, sheet: Option<&str>) -> Result<(), InputError> {
        let (name, bytes) = read(path.as_ref())?;
        self.read_sheet(false, &name, &bytes, sheet)
    }

    /// Reads observations from a spreadsheet file (see [`Self::read_entities_excel`]).
    pub fn read_observations_excel_file(&mut self, path: impl AsRef<std::path::Path>, sheet: Option<&str>) -> Result<(), InputError> {
        let (name, bytes) = read(path.as_ref())?;
        self.read_sheet(true, &name, &bytes, sheet)
    }

    fn read_sheet(&mut self, observations: bool, file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<(), InputError> {
        let (mut book, format) = open(file, bytes, Format::of_name(file))?;
        let sheets = worksheets(&book);
        let name = match sheet.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) if sheets.iter().any(|n| n == s) => s.to_string(),
            Some(s) => return Err(InputError::NoSuchSheet { file: file.into(), sheet: s.into(), sheets }),
            None => match sheets.first() {
                Some(s) => s.clone(),
                None => return Err(InputError::NoSuchSheet { file: file.into(), sheet: String::new(), sheets }),
            },
        };
        let range = book.worksheet_range(&name).map_err(|e| InputError::Workbook { file: file.into(), message: format!("sheet {name:?}: {e}") })?;
        let place = format!("{file}[{name}]");
        let columns = if observations { &OBSERVATION_COLUMNS } else { &ENTITY_COLUMNS };
        let rows: Vec<&[Data]> = range.rows().collect();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let header = find_header(&place, &rows, columns)?;
        let header_row = row0 as u64 + header.at as u64 + 1;
        let which = if sheet.is_some() { "the sheet named".to_string() } else { format!("the first of {} worksheet(s)", sheets.len()) };
        let mut reason = format!("sheet {name:?} ({which}), header on row {header_row}");
        match header_row - (row0 as u64 + 1) {
            0 => {}
            1 => reason.push_str(&format!("; row {} above it read as a title, not as a record", row0 + 1)),
            _ => reason.push_str(&format!("; rows {}–{} above it read as a title, not as records", row0 + 1, header_row - 1)),
        }
        let note = FileEncoding { file: place.clone(), encoding: label_of(format, bytes).into(), reason, format: true };
        if observations {
            self.note_observation_encoding(note);
        } else {
            self.note_entity_encoding(note);
        }
        let sheet = SheetRows { place: &place, header: &header, columns, col0 };
        for (i, row) in rows.iter().enumerate().skip(header.at + 1) {
            if row.iter().all(is_blank) {
                continue;
            }
            self.sheet_row(observations, &sheet, row0 as u64 + i as u64 + 1, row);
        }
        if observations {
            self.note_ignored_observation_columns(header.map.ignored.clone());
        } else {
            self.note_ignored_entity_columns(header.map.ignored.clone());
        }
        Ok(())
    }

    /// Reads one data row (`line`: its row number as Excel shows it).
    fn sheet_row(&mut self, observations: bool, sheet: &SheetRows<'_>, line: u64, row: &[Data]) {
        let mut texts: [String; 8] = Default::default();
        let mut value_number = None;
        for (k, (slot, pos)) in texts.iter_mut().zip(&sheet.header.map.positions).enumerate() {
            let Some(p) = *pos else { continue };
            match row.get(p).map(cell).unwrap_or(Cell::Text { text: String::new(), numeric: None }) {
                Cell::Text { text, numeric } => {
                    *slot = text;
                    if sheet.columns.names.get(k) == Some(&"value") {
                        value_number = numeric;
                    }
                }
                Cell::Refused { shown, reason } => {
                    let column = sheet.columns.names.get(k).copied().unwrap_or_default();
                    return self.refuse_cell(observations, sheet, line, column, shown, codes::BAD_CELL, reason);
                }
            }
        }
        if observations {
            if let Some(v) = value_number.filter(|v| *v > 0.0 && *v <= 1.0) {
                if self.reads_percent(&texts[1]) {
                    let reason = format!(
                        "a plain number {v} for an indicator in %: a cell formatted as a percentage holds 0.976 for 97.6%, and the format cannot be read here, so the figure is not guessed; write the percentage ({}) or the text {}% ({})",
                        v * 100.0,
                        v * 100.0,
                        texts[1].trim()
                    );
                    return self.refuse_cell(observations, sheet, line, "value", v.to_string(), codes::AMBIGUOUS_PERCENT, reason);
                }
            }
        }
        let before = self.rejections_mut(observations).len();
        let f: [&str; 8] = std::array::from_fn(|i| texts[i].as_str());
        if observations {
            let ix = self.file_index(Some(sheet.place));
            self.add_observation_fields(f, ix, line);
        } else {
            self.add_entity_fields(f, Some(sheet.place), Some(line));
        }
        for r in self.rejections_mut(observations).iter_mut().skip(before) {
            if let Some(at) = r.column.as_deref().and_then(|c| sheet.cell_of(c, line)) {
                r.reason.push_str(&format!(" ({at})"));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn refuse_cell(&mut self, observations: bool, sheet: &SheetRows<'_>, line: u64, column: &str, shown: String, code: &str, reason: String) {
        let at = sheet.cell_of(column, line).unwrap_or_default();
        let r = Rejection {
            location: Location::new(sheet.place, line),
            column: Some(column.to_string()),
            value: Some(clip(&shown, SHOWN_CHARS).into_owned()),
            code: code.into(),
            reason: format!("{reason} ({at})"),
        };
        if observations {
            self.reject_observation_row(r);
        } else {
            self.reject_entity_row(r);
        }
    }
}

fn read(path: &std::path::Path) -> Result<(String, Vec<u8>), InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Io { file: name.clone(), message: e.to_string() })?;
    Ok((name, bytes))
}

/// The sheet being read.
struct SheetRows<'a> {
    place: &'a str,
    header: &'a Header,
    columns: &'a Columns,
    col0: u32,
}

impl SheetRows<'_> {
    /// `cell D5, 数值`: where a documented column's cell of row `line` is.
    fn cell_of(&self, column: &str, line: u64) -> Option<String> {
        let k = self.columns.names.iter().position(|c| *c == column)?;
        let p = (*self.header.map.positions.get(k)?)?;
        let name = self.header.names.get(p).map(|n| n.trim()).unwrap_or_default();
        Some(format!("cell {}{line}, {name}", column_letters(self.col0 + p as u32)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/excel").join(name)).unwrap()
    }

    #[test]
    fn an_excel_95_workbook_is_not_called_excel_97() {
        let (old, new) = (fixture("excel95-gbk.xls"), fixture("gbk.xls"));
        assert_eq!(biff_version(&old), Some(0x0500));
        assert_eq!(biff_version(&new), Some(0x0600));
        assert_eq!(label_of(Format::Xls, &old), "Excel 5.0/95 workbook (xls)");
        assert_eq!(label_of(Format::Xls, &new), "Excel 97-2003 workbook (xls)");
        assert_eq!(label_of(Format::Xlsx, &fixture("office.xlsx")), "Excel workbook (xlsx)");
        // Hostile bytes: every truncation, and every byte of the header and directory
        // overwritten, give a version or none, never a panic.
        for n in 0..old.len().min(8192) {
            let _ = biff_version(&old[..n]);
        }
        for at in 0..old.len().min(4096) {
            for b in [0x00, 0x01, 0x7F, 0xFF] {
                let mut bad = old.clone();
                bad[at] = b;
                let _ = biff_version(&bad);
            }
        }
    }

    #[test]
    fn column_letters_as_excel_shows_them() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].iter().map(|c| column_letters(*c)).collect();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn numbers_as_a_csv_field_would_hold_them() {
        let t = |d: Data| match cell(&d) {
            Cell::Text { text, .. } => text,
            Cell::Refused { shown, .. } => format!("refused {shown}"),
        };
        assert_eq!(t(Data::Float(2023.0)), "2023");
        assert_eq!(t(Data::Float(110101.0)), "110101");
        assert_eq!(t(Data::Float(97.6)), "97.6");
        assert_eq!(t(Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(t(Data::Float(-0.0)), "0");
        assert_eq!(t(Data::Int(1291)), "1291");
        assert_eq!(t(Data::Bool(true)), "1");
        assert_eq!(t(Data::DateTimeIso("2023-06-30T00:00:00".into())), "2023-06-30");
        assert_eq!(t(Data::Error(calamine::CellErrorType::Div0)), "refused #DIV/0!");
        let date = calamine::ExcelDateTime::new(45107.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(t(Data::DateTime(date)), "2023-06-30");
    }

    #[test]
    fn format_by_extension_case_insensitive() {
        assert_eq!(Format::of_name("a/B.XLSX"), Some(Format::Xlsx));
        assert_eq!(Format::of_name("b.Xls"), Some(Format::Xls));
        assert_eq!(Format::of_name("c.ods"), Some(Format::Ods));
        assert_eq!(Format::of_name("d.csv"), None);
        assert_eq!(Format::of_name("xlsx"), None);
    }
}
