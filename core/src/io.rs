//! Readers: CSV (UTF-8 with or without BOM, or GBK), JSON, and Rust iterators.
//!
//! Documented columns:
//! - entities: `entity_id,kind,name,region_code,parent_id,stage,area_class` (+ optional `role`);
//! - observations: `entity_id,indicator,period,value,source[,numerator,denominator,count_basis]`.
//!
//! `entity_id`, `kind` (entities) and `entity_id`, `indicator`, `period`, `value`
//! (observations) are required columns; the others may be absent. Columns not listed
//! here are reported in [`RecordCounts::ignored_columns`](crate::data::RecordCounts) rather than silently dropped.
//! Header columns are matched in one place, [`Columns::map`]: a documented column that
//! appears twice is an error (`input.duplicate_column`).
//!
//! CSV rows are split by [`crate::csv_reader`] (exact line numbers, an unterminated quote
//! or an over-long row costs one line, reported); the encoding of each file is decided by
//! [`crate::encoding`] and listed in [`RecordCounts::encodings`](crate::data::RecordCounts).

use crate::csv_reader::{self, Item, Problem};
use crate::data::{codes, DatasetBuilder, EntityRecord, Location, ObservationRecord, ReadProgress, Rejection};
use crate::row_blocks::RowBlock;
pub use crate::encoding::{Encoding, FileEncoding};
use crate::encoding::{self as enc, BadLine};
use crate::text::{clip, SHOWN_CHARS};
use std::path::Path;

/// A problem with a whole input (as opposed to one record).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be read.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// File.
        file: String,
        /// System message.
        message: String,
    },
    /// The bytes are not valid in the declared encoding.
    #[error("{file}:{line}: not valid {encoding} text (first bad byte at offset {offset}); pass the right --encoding, or auto")]
    Encoding {
        /// File.
        file: String,
        /// Encoding tried.
        encoding: String,
        /// Byte offset of the first undecodable sequence.
        offset: usize,
        /// Its line (1-based).
        line: u64,
    },
    /// A required column is missing from the header.
    #[error("{file}: missing required column {column:?} (header has: {found})")]
    MissingColumn {
        /// File.
        file: String,
        /// The missing column.
        column: String,
        /// The header as read.
        found: String,
    },
    /// A documented column appears more than once in the header: which one holds the
    /// data is unknowable, so none is picked.
    #[error("{file}: column {column:?} appears {} times in the header (at positions {}); keep one", positions.len(), positions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "))]
    DuplicateColumn {
        /// File.
        file: String,
        /// The repeated column.
        column: String,
        /// 1-based positions of its occurrences.
        positions: Vec<usize>,
    },
    /// Two header columns stand for one documented column: a name and its alias
    /// (`entity_id` and `学校代码`), or two aliases of it.
    #[error("{file}: columns {} (at positions {}) all stand for {column:?}; keep one", headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", "), positions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "))]
    AmbiguousColumn {
        /// File.
        file: String,
        /// The documented column.
        column: String,
        /// The header names standing for it.
        headers: Vec<String>,
        /// 1-based positions of those header columns.
        positions: Vec<usize>,
    },
    /// The header line cannot be read (an unterminated quote, undecodable bytes …).
    #[error("{file}:{line}: the header cannot be read: {message}")]
    BadHeader {
        /// File.
        file: String,
        /// Line of the header.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A column of an in-memory table has a type that cannot be read as text
    /// (the Python front door: a DataFrame or Arrow column).
    #[error("{file}: column {column:?} of type {dtype} cannot be read: {message}")]
    ColumnType {
        /// Input name (`<observations>` …).
        file: String,
        /// The column.
        column: String,
        /// Its type as the producer names it.
        dtype: String,
        /// Why.
        message: String,
    },
    /// The bytes are not a spreadsheet calamine can read (corrupt, encrypted, or
    /// another format), or a sheet of it cannot be read.
    #[error("{file}: cannot read the workbook: {message}")]
    Workbook {
        /// File.
        file: String,
        /// What the spreadsheet reader said.
        message: String,
    },
    /// The sheet asked for is not in the workbook (or the workbook has no worksheet).
    #[error("{file}: no sheet {sheet:?}; the workbook has: {}", if sheets.is_empty() { "no worksheet".to_string() } else { sheets.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ") })]
    NoSuchSheet {
        /// File.
        file: String,
        /// The sheet asked for (empty: the first).
        sheet: String,
        /// The workbook's worksheets, in order.
        sheets: Vec<String>,
    },
    /// A Parquet or Arrow IPC file that cannot be read: not of that format, truncated
    /// or corrupt, or compressed with a codec this build does not have.
    #[error("{file}: not a readable {format} file: {message}")]
    BadFile {
        /// File.
        file: String,
        /// `Parquet`, `Arrow IPC`.
        format: String,
        /// What the reader said.
        message: String,
    },
    /// The JSON is malformed or not an array of objects.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// File.
        file: String,
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// Message.
        message: String,
    },
}

impl InputError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Io { .. } => "input.io",
            InputError::Encoding { .. } => "input.encoding",
            InputError::MissingColumn { .. } => "input.missing_column",
            InputError::DuplicateColumn { .. } => "input.duplicate_column",
            InputError::AmbiguousColumn { .. } => "input.ambiguous_column",
            InputError::Workbook { .. } => "input.workbook",
            InputError::NoSuchSheet { .. } => "input.no_such_sheet",
            InputError::BadHeader { .. } => "input.bad_header",
            InputError::ColumnType { .. } => "input.column_type",
            InputError::Json { .. } => "input.json",
            InputError::BadFile { .. } => "input.bad_file",
        }
    }
}

/// Decodes bytes to text (see [`crate::encoding`] for how [`Encoding::Auto`] decides).
/// Undecodable bytes are an error, never replaced silently: a line that a mixed file
/// would lose is an error here too, as this returns the text alone.
pub fn decode(file: &str, bytes: &[u8], encoding: Encoding) -> Result<String, InputError> {
    let d = decode_file(file, bytes, encoding)?;
    match d.bad_lines.first() {
        None => Ok(d.text.into_owned()),
        Some(b) => Err(InputError::Encoding { file: file.into(), encoding: d.encoding.into(), offset: 0, line: b.line }),
    }
}

fn decode_file<'a>(file: &str, bytes: &'a [u8], encoding: Encoding) -> Result<enc::Decoded<'a>, InputError> {
    enc::decode(bytes, encoding).map_err(|u| InputError::Encoding { file: file.into(), encoding: u.encoding.into(), offset: u.offset, line: u.line })
}

/// Reads a UTF-8 text file (JSON), a BOM skipped.
pub fn read_text_file(path: impl AsRef<Path>) -> Result<String, InputError> {
    let (name, bytes) = read_file(path.as_ref())?;
    decode(&name, &bytes, Encoding::Utf8)
}

/// The documented columns of one kind of record, and which of them are required: the
/// one place where input columns are matched (CSV headers here, DataFrame and Arrow
/// columns in the Python front door).
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// `entities` or `observations`.
    pub kind: &'static str,
    /// The documented columns, in the order the builder takes them.
    pub names: &'static [&'static str],
    /// Columns that must be present.
    pub required: &'static [&'static str],
    /// Header names read as a documented column (`学校代码` → `entity_id`): the names
    /// Chinese office spreadsheets use, for every reader (CSV, JSON, Excel, DataFrames).
    pub aliases: &'static [Alias],
}

/// A header name and the documented column it is read as.
pub type Alias = (&'static str, &'static str);

/// The names of `entity_id` in office spreadsheets, the same for entities and
/// observations: the first aliases of both tables.
pub const ENTITY_ID_ALIASES: &[Alias] = &[
    ("实体编号", "entity_id"),
    ("实体代码", "entity_id"),
    ("编号", "entity_id"),
    ("学校代码", "entity_id"),
    ("学校标识码", "entity_id"),
    ("单位代码", "entity_id"),
    ("机构代码", "entity_id"),
];

/// `a` then `b` as one constant table of `N` (their total length) aliases.
const fn joined<const N: usize>(a: &[Alias], b: &[Alias]) -> [Alias; N] {
    assert!(a.len() + b.len() == N, "alias table length");
    let mut out = [("", ""); N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

/// Entities: `entity_id,kind,name,region_code,parent_id,stage,area_class,role`.
pub const ENTITY_COLUMNS: Columns = Columns {
    kind: "entities",
    names: &["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"],
    required: &["entity_id", "kind"],
    aliases: {
        const OWN: &[Alias] = &[
            ("类型", "kind"),
            ("实体类型", "kind"),
            ("名称", "name"),
            ("学校名称", "name"),
            ("单位名称", "name"),
            ("实体名称", "name"),
            ("行政区划代码", "region_code"),
            ("区划代码", "region_code"),
            ("地区代码", "region_code"),
            ("所在区县代码", "region_code"),
            ("上级编号", "parent_id"),
            ("上级代码", "parent_id"),
            ("上级单位代码", "parent_id"),
            ("所属学校代码", "parent_id"),
            ("学段", "stage"),
            ("城乡分类", "area_class"),
            ("区域类别", "area_class"),
            ("角色", "role"),
            ("身份", "role"),
        ];
        const ALL: [Alias; ENTITY_ID_ALIASES.len() + OWN.len()] = joined(ENTITY_ID_ALIASES, OWN);
        &ALL
    },
};

/// Observations: `entity_id,indicator,period,value,source`, and for figures reported
/// for a region under a target's id the optional `numerator,denominator,count_basis`.
pub const OBSERVATION_COLUMNS: Columns = Columns {
    kind: "observations",
    names: &["entity_id", "indicator", "period", "value", "source", "numerator", "denominator", "count_basis"],
    required: &["entity_id", "indicator", "period", "value"],
    aliases: {
        const OWN: &[Alias] = &[
            ("指标", "indicator"),
            ("指标代码", "indicator"),
            ("指标编号", "indicator"),
            ("年份", "period"),
            ("年度", "period"),
            ("时间", "period"),
            ("期间", "period"),
            ("统计时间", "period"),
            ("报告期", "period"),
            ("日期", "period"),
            ("数值", "value"),
            ("值", "value"),
            ("填报值", "value"),
            ("指标值", "value"),
            ("来源", "source"),
            ("数据来源", "source"),
            ("出处", "source"),
            ("分子", "numerator"),
            ("分母", "denominator"),
            ("口径", "count_basis"),
            ("计数口径", "count_basis"),
            ("统计口径", "count_basis"),
        ];
        const ALL: [Alias; ENTITY_ID_ALIASES.len() + OWN.len()] = joined(ENTITY_ID_ALIASES, OWN);
        &ALL
    },
};

/// Where the documented columns are in an input's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMap {
    /// Position of each documented column (in [`Columns::names`] order), if present.
    pub positions: Vec<Option<usize>>,
    /// Columns that are not documented and are not read, each once, in header order.
    pub ignored: Vec<String>,
    /// Number of columns in the header.
    pub width: usize,
}

impl Columns {
    /// The documented column a header name stands for: the name itself (trimmed, a BOM
    /// dropped), or the column of an alias ([`Columns::aliases`]); `None` when neither.
    pub fn canonical(&self, header: &str) -> Option<&'static str> {
        let n = header.trim().trim_start_matches('\u{feff}').trim();
        self.names.iter().find(|k| **k == n).or_else(|| self.aliases.iter().find(|(a, _)| *a == n).map(|(_, k)| k)).copied()
    }

    /// Matches a header: column names are trimmed (and a BOM dropped) and aliases read
    /// as their column; a documented column that is missing while required, or that two
    /// header columns stand for (the same name twice, or a name and its alias), is an error.
    pub fn map<S: AsRef<str>>(&self, file: &str, header: &[S]) -> Result<HeaderMap, InputError> {
        let names: Vec<&str> = header.iter().map(|h| h.as_ref().trim().trim_start_matches('\u{feff}').trim()).collect();
        let canon: Vec<Option<&str>> = names.iter().map(|n| self.canonical(n)).collect();
        let mut positions = Vec::with_capacity(self.names.len());
        for k in self.names {
            let at: Vec<usize> = canon.iter().enumerate().filter(|(_, c)| **c == Some(*k)).map(|(i, _)| i).collect();
            if at.len() > 1 {
                let headers: Vec<String> = at.iter().filter_map(|i| names.get(*i)).map(|n| n.to_string()).collect();
                let positions = at.iter().map(|i| i + 1).collect();
                if headers.iter().all(|h| h == k) {
                    return Err(InputError::DuplicateColumn { file: file.into(), column: (*k).into(), positions });
                }
                return Err(InputError::AmbiguousColumn { file: file.into(), column: (*k).into(), headers, positions });
            }
            positions.push(at.first().copied());
        }
        for r in self.required {
            if !canon.contains(&Some(*r)) {
                let found = clip(&names.join(","), SHOWN_CHARS).into_owned();
                return Err(InputError::MissingColumn { file: file.into(), column: (*r).into(), found });
            }
        }
        let mut ignored: Vec<String> = Vec::new();
        for (n, c) in names.iter().zip(&canon) {
            if c.is_none() && !ignored.iter().any(|i| i == n) {
                ignored.push(clip(n, SHOWN_CHARS).into_owned());
            }
        }
        Ok(HeaderMap { positions, ignored, width: names.len() })
    }
}

/// A record that could not be read as a row at all.
fn bad_row(location: Location, value: Option<String>, code: &str, reason: String) -> Rejection {
    Rejection { location, column: None, value: value.map(|v| clip(&v, SHOWN_CHARS).into_owned()), code: code.into(), reason }
}

/// The code and reason of a row the CSV tokenizer could not read.
fn problem_text(problem: &Problem) -> (&'static str, String) {
    let limit = csv_reader::MAX_ROW_LINES;
    match problem {
        Problem::UnterminatedQuote { opened } => {
            (codes::UNTERMINATED_QUOTE, format!("the quote opened on line {opened} is never closed (the file ends inside it)"))
        }
        Problem::TooManyLines { opened } => (
            codes::FIELD_TOO_LONG,
            format!("the quoted field opened on line {opened} runs past {limit} lines, the most a row may span: most likely a quote that is never closed"),
        ),
        Problem::TooLong { bytes } => (
            codes::ROW_TOO_LONG,
            format!("the row holds more than {} bytes of text (at least {bytes}), the most a row may hold", csv_reader::MAX_ROW_BYTES),
        ),
        Problem::TextAfterQuote { field } => {
            (codes::BAD_ROW, format!("text follows the closing quote of field {field} (inside a quoted field, write a quote as \"\")"))
        }
        Problem::NotUtf8 => (codes::BAD_ENCODING_LINE, "the row is not valid UTF-8".to_string()),
    }
}

/// The rejection of a row the CSV tokenizer could not read.
fn problem_rejection(file: &str, line: u64, problem: &Problem) -> Rejection {
    let (code, mut reason) = problem_text(problem);
    if matches!(problem, Problem::UnterminatedQuote { .. } | Problem::TooManyLines { .. } | Problem::TooLong { .. }) {
        reason.push_str("; this line is rejected and reading goes on with the next");
    }
    bad_row(Location::new(file, line), None, code, reason)
}

fn encoding_rejection(file: &str, b: &BadLine) -> Rejection {
    bad_row(Location::new(file, b.line), None, codes::BAD_ENCODING_LINE, b.reason.clone())
}

/// One CSV row: the documented columns' fields (empty when the column is absent) and
/// the row's first line, or the reason the row could not be read.
enum Row<'a, const N: usize> {
    Fields(RowFields<'a, N>, u64),
    Bad(Rejection),
}

/// A row's documented fields: where each documented column is among the row's fields.
struct RowFields<'a, const N: usize> {
    fields: csv_reader::Fields<'a>,
    /// Position of each documented column in the row, if the file has it.
    positions: &'a [Option<usize>],
}

impl<'a, const N: usize> RowFields<'a, N> {
    /// The documented fields in order (empty when the column is absent).
    fn array(&self) -> [&'a str; N] {
        let mut out = [""; N];
        for (f, p) in out.iter_mut().zip(self.positions) {
            *f = p.and_then(|i| self.fields.get(i)).unwrap_or("");
        }
        out
    }

    /// The text the fields are cut from, and where each documented field is in it
    /// (`start`, `len`; `0, 0` when the column is absent).
    fn spans(&self) -> (&'a str, [(u32, u32); N]) {
        let mut out = [(0u32, 0u32); N];
        for (o, p) in out.iter_mut().zip(self.positions) {
            if let Some((start, end)) = p.and_then(|i| self.fields.span(i)) {
                *o = (start as u32, (end - start) as u32);
            }
        }
        (self.fields.text(), out)
    }
}

/// Reads the header and every row of a CSV text, calling `each` for every row in order.
/// `bad_lines` (lines the decoder left empty) become rejections in their place: on
/// their own, or as the rejection of the row that spans them. Returns the columns not read.
fn csv_rows<const N: usize>(
    file: &str,
    text: impl std::io::Read,
    columns: &Columns,
    bad_lines: &[BadLine],
    each: impl FnMut(Row<'_, N>),
) -> Result<Vec<String>, InputError> {
    let mut rdr = csv_reader::Reader::new(text);
    let mut bad = bad_lines.iter().peekable();
    let header = csv_header(file, &mut rdr, &mut bad)?;
    let map = columns.map(file, header.as_deref().unwrap_or_default())?;
    csv_body(file, &mut rdr, &map, &mut bad, false, each)?;
    Ok(map.ignored)
}

/// The lines the decoder left empty, in order, as [`csv_header`] and [`csv_body`] take them.
type BadLines<'b> = std::iter::Peekable<std::slice::Iter<'b, BadLine>>;

/// The header row of a CSV text (blank lines before it skipped); `None` when the text
/// has no row.
fn csv_header<R: std::io::Read>(file: &str, rdr: &mut csv_reader::Reader<R>, bad: &mut BadLines<'_>) -> Result<Option<Vec<String>>, InputError> {
    let io = |e: std::io::Error| InputError::Io { file: file.into(), message: e.to_string() };
    loop {
        match rdr.next_item().map_err(io)? {
            None => return Ok(None),
            Some(Item::Blank { line }) => {
                if let Some(b) = bad.next_if(|b| b.line == line) {
                    return Err(InputError::BadHeader { file: file.into(), line, message: b.reason.clone() });
                }
            }
            Some(Item::Bad { first, problem, .. }) => {
                return Err(InputError::BadHeader { file: file.into(), line: first, message: problem_text(&problem).1 });
            }
            Some(Item::Row { first, fields, .. }) => {
                if let Some(b) = bad.next_if(|b| b.line <= first) {
                    return Err(InputError::BadHeader { file: file.into(), line: b.line, message: b.reason.clone() });
                }
                return Ok(Some(fields.iter().map(str::to_string).collect()));
            }
        }
    }
}

/// How the rows of a part of a CSV text ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyEnd {
    /// Every row was read.
    Whole,
    /// The text ends inside a quoted field (only asked of a part that is not the text's
    /// end, see [`crate::csv_pieces`]): the row may go on in the text after it, so the
    /// part was not cut where a row ends. The rows before were passed to `each`; the cut
    /// row starts `at` bytes into the part, on `line`.
    Cut {
        /// Bytes into the part.
        at: u64,
        /// Line.
        line: u64,
    },
}

/// Reads every row after the header, calling `each` for every row in order. With
/// `cut_at_open_quote`, the end of the text inside a quoted field stops the reading
/// ([`BodyEnd::Cut`]) instead of rejecting the row.
fn csv_body<R: std::io::Read, const N: usize>(
    file: &str,
    rdr: &mut csv_reader::Reader<R>,
    map: &HeaderMap,
    bad: &mut BadLines<'_>,
    cut_at_open_quote: bool,
    mut each: impl FnMut(Row<'_, N>),
) -> Result<BodyEnd, InputError> {
    let io = |e: std::io::Error| InputError::Io { file: file.into(), message: e.to_string() };
    let width = map.width;
    // Bad lines before `line` that no row spans: each is a rejection of its own.
    let flush = |bad: &mut BadLines<'_>, before: u64, each: &mut dyn FnMut(Rejection)| {
        while let Some(b) = bad.next_if(|b| b.line < before) {
            each(encoding_rejection(file, b));
        }
    };
    while let Some(item) = rdr.next_item().map_err(io)? {
        let (first, last) = match &item {
            Item::Row { first, last, .. } | Item::Bad { first, last, .. } => (*first, *last),
            Item::Blank { line } => (*line, *line),
        };
        if cut_at_open_quote && matches!(item, Item::Bad { problem: Problem::UnterminatedQuote { .. }, .. }) {
            return Ok(BodyEnd::Cut { at: rdr.row_start(), line: first });
        }
        // A bad line inside this row's lines: the row is rejected for it.
        let mut spanned = None;
        if bad.peek().is_some() {
            flush(bad, first, &mut |r| each(Row::Bad(r)));
            while let Some(b) = bad.next_if(|b| b.line <= last) {
                spanned.get_or_insert(b);
            }
        }
        if let Some(b) = spanned {
            let mut r = encoding_rejection(file, b);
            r.location.line = Some(first);
            if b.line != first {
                r.reason = format!("line {} of this row: {}", b.line, b.reason);
            }
            each(Row::Bad(r));
            continue;
        }
        match item {
            Item::Blank { .. } => {}
            Item::Bad { first, problem, .. } => each(Row::Bad(problem_rejection(file, first, &problem))),
            Item::Row { first, fields, .. } => {
                if fields.len() == 1 && fields.get(0).is_some_and(|f| f.trim().is_empty()) {
                    // A line of spaces is not a record.
                    continue;
                }
                if fields.len() != width {
                    let shown = fields.iter().collect::<Vec<_>>().join(",");
                    let reason = format!("{} fields where the header has {width}", fields.len());
                    each(Row::Bad(bad_row(Location::new(file, first), Some(shown), codes::BAD_ROW, reason)));
                    continue;
                }
                each(Row::Fields(RowFields { fields, positions: &map.positions }, first));
            }
        }
    }
    flush(bad, u64::MAX, &mut |r| each(Row::Bad(r)));
    Ok(BodyEnd::Whole)
}

/// A reader that counts the bytes it hands on and tells a progress callback.
struct Counted<R, T> {
    inner: R,
    bytes: u64,
    total: u64,
    tell: Option<T>,
}

impl<R: std::io::Read, T: FnMut(ReadProgress)> std::io::Read for Counted<R, T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        if let Some(tell) = self.tell.as_mut() {
            tell(ReadProgress { bytes: self.bytes, total: Some(self.total) });
        }
        Ok(n)
    }
}

impl RowBlock {
    fn push(&mut self, row: Row<'_, 8>) {
        match row {
            Row::Fields(f, line) => {
                let (text, spans) = f.spans();
                self.push_spans(text, spans, line)
            }
            Row::Bad(rej) => self.push_bad(rej),
        }
    }
}

/// Bytes of a piece of a CSV text ([`crate::csv_pieces`]) per row of a block
/// ([`crate::row_blocks::BlockSize::rows`]): the default block of 32 Ki rows makes
/// pieces of 2 MiB.
#[cfg(feature = "parallel")]
const PIECE_BYTES_PER_ROW: usize = 64;

/// Bytes read for the header before the text is cut into pieces.
#[cfg(feature = "parallel")]
const HEAD_BYTES: u64 = 1 << 16;

/// What takes the blocks of rows of a CSV text.
#[derive(Clone, Copy)]
enum Sink<'f> {
    /// Entity rows of the file, added in order.
    Entities(&'f str),
    /// Observation rows of the file (its index), checked and recorded in order.
    Observations(u32),
}

/// Which kind of record a reader feeds.
#[derive(Clone, Copy)]
enum Kind {
    Entities,
    Observations,
}

impl DatasetBuilder {
    /// Reads entities from CSV bytes.
    pub fn read_entities_csv(&mut self, file: &str, bytes: &[u8], encoding: Encoding) -> Result<(), InputError> {
        self.csv_bytes(Kind::Entities, file, bytes, encoding)
    }

    /// Reads observations from CSV bytes.
    pub fn read_observations_csv(&mut self, file: &str, bytes: &[u8], encoding: Encoding) -> Result<(), InputError> {
        self.csv_bytes(Kind::Observations, file, bytes, encoding)
    }

    /// Reads entities from a CSV file. UTF-8 files are read as a stream (the file is
    /// never held in memory whole); other files are decoded whole.
    pub fn read_entities_file(&mut self, path: impl AsRef<Path>, encoding: Encoding) -> Result<(), InputError> {
        self.csv_file(Kind::Entities, path.as_ref(), encoding)
    }

    /// Reads observations from a CSV file. UTF-8 files are read as a stream (the file
    /// is never held in memory whole); other files are decoded whole.
    pub fn read_observations_file(&mut self, path: impl AsRef<Path>, encoding: Encoding) -> Result<(), InputError> {
        self.csv_file(Kind::Observations, path.as_ref(), encoding)
    }

    fn csv_bytes(&mut self, kind: Kind, file: &str, bytes: &[u8], encoding: Encoding) -> Result<(), InputError> {
        let d = decode_file(file, bytes, encoding)?;
        self.note_encoding(kind, d.report(file));
        self.csv_text(kind, file, d.text.as_bytes(), d.text.len() as u64, &d.bad_lines)
    }

    fn csv_file(&mut self, kind: Kind, path: &Path, encoding: Encoding) -> Result<(), InputError> {
        let name = path.display().to_string();
        match utf8_stream(&name, path, encoding)? {
            Some((reader, reason, size)) => {
                self.note_encoding(kind, FileEncoding { file: name.clone(), encoding: "UTF-8".into(), reason: reason.into(), format: false });
                self.csv_text(kind, &name, reader, size, &[])
            }
            None => {
                let (name, bytes) = read_file(path)?;
                self.csv_bytes(kind, &name, &bytes, encoding)
            }
        }
    }

    fn csv_text(&mut self, kind: Kind, file: &str, text: impl std::io::Read + Send, total: u64, bad_lines: &[BadLine]) -> Result<(), InputError> {
        let mut progress = self.progress.take();
        let text = Counted { inner: text, bytes: 0, total, tell: progress.as_mut() };
        let read = match kind {
            Kind::Entities if self.block_size.rows == 0 => csv_rows::<8>(file, text, &ENTITY_COLUMNS, bad_lines, |row| match row {
                Row::Fields(f, line) => self.add_entity_fields(f.array(), Some(file), Some(line)),
                Row::Bad(rej) => self.reject_entity_row(rej),
            })
            .map(|unknown| self.note_ignored_entity_columns(unknown)),
            // Tokenized a block ahead (on a thread of its own with `parallel`), added in order.
            Kind::Entities => self
                .csv_blocks(file, text, &ENTITY_COLUMNS, bad_lines, Sink::Entities(file))
                .map(|unknown| self.note_ignored_entity_columns(unknown)),
            Kind::Observations => self.csv_observations(file, text, bad_lines),
        };
        self.progress = progress;
        read
    }

    /// Observation rows, checked a block at a time on every core ([`crate::row_blocks`]).
    fn csv_observations(&mut self, file: &str, text: impl std::io::Read + Send, bad_lines: &[BadLine]) -> Result<(), InputError> {
        let file_ix = self.file_index(Some(file));
        let size = self.block_size;
        let read = if size.rows == 0 {
            csv_rows::<8>(file, text, &OBSERVATION_COLUMNS, bad_lines, |row| match row {
                Row::Fields(f, line) => self.add_observation_fields(f.array(), file_ix, line),
                Row::Bad(rej) => self.reject_observation_row(rej),
            })
        } else {
            self.csv_blocks(file, text, &OBSERVATION_COLUMNS, bad_lines, Sink::Observations(file_ix))
        };
        self.note_ignored_observation_columns(read?);
        Ok(())
    }

    /// The rows of a CSV text in blocks, taken by `sink` in order: with `parallel`,
    /// tokenized on every core ([`Self::csv_pieces`]) unless the decoder left bad lines
    /// to place among them; else by one tokenizer ([`Self::csv_blocks_one_tokenizer`]).
    fn csv_blocks(&mut self, file: &str, text: impl std::io::Read + Send, columns: &Columns, bad_lines: &[BadLine], sink: Sink<'_>) -> Result<Vec<String>, InputError> {
        #[cfg(feature = "parallel")]
        if bad_lines.is_empty() {
            return self.csv_pieces(file, text, columns, sink);
        }
        self.csv_blocks_one_tokenizer(file, text, columns, bad_lines, sink)
    }

    /// Rows go into blocks on one thread (the tokenizer) while the blocks before are
    /// taken, in order, on this one (observations: checked on every core and recorded;
    /// entities: added): a pipeline of [`RowBlock`]s, at most three in memory at once.
    /// Without threads (the wasm build) each block is taken once it is full.
    fn csv_blocks_one_tokenizer(
        &mut self,
        file: &str,
        text: impl std::io::Read + Send,
        columns: &Columns,
        bad_lines: &[BadLine],
        sink: Sink<'_>,
    ) -> Result<Vec<String>, InputError> {
        let size = self.block_size;
        let consume = |b: &mut Self, block: &mut RowBlock| match sink {
            Sink::Entities(file) => block.add_entities(b, file),
            Sink::Observations(file_ix) => block.flush(b, file_ix),
        };
        #[cfg(feature = "parallel")]
        {
            let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<RowBlock>(1);
            let (empty_tx, empty_rx) = std::sync::mpsc::channel::<RowBlock>();
            std::thread::scope(|s| {
                let tokenizer = s.spawn(move || {
                    let mut block = RowBlock::new(size);
                    let read = csv_rows::<8>(file, text, columns, bad_lines, |row| {
                        block.push(row);
                        if block.is_full() {
                            let next = empty_rx.try_recv().unwrap_or_else(|_| RowBlock::new(size));
                            // Fails only when the receiving side has stopped: nothing left to do.
                            let _ = full_tx.send(std::mem::replace(&mut block, next));
                        }
                    });
                    // Rows read before an error are recorded, as when each row is added on its own.
                    let _ = full_tx.send(block);
                    read
                });
                for mut block in full_rx.iter() {
                    consume(self, &mut block);
                    let _ = empty_tx.send(block);
                }
                tokenizer.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
        }
        #[cfg(not(feature = "parallel"))]
        {
            let mut block = RowBlock::new(size);
            let read = csv_rows::<8>(file, text, columns, bad_lines, |row| {
                block.push(row);
                if block.is_full() {
                    consume(self, &mut block);
                }
            });
            // Rows read before an error are recorded, as when each row is added on its own.
            consume(self, &mut block);
            read
        }
    }

    /// [`Self::csv_blocks`] with the tokenizer itself on every core: the text after the
    /// header is cut into pieces of about [`PIECE_BYTES_PER_ROW`] bytes a row of a
    /// block, and each piece's rows are found on a thread of its own
    /// ([`crate::csv_pieces`]) — observation rows checked there too, so that this
    /// thread only records them in order; entity rows added here in order. When the
    /// header does not end within the first bytes read, the text is read by the one
    /// tokenizer instead.
    #[cfg(feature = "parallel")]
    fn csv_pieces(&mut self, file: &str, mut text: impl std::io::Read + Send, columns: &Columns, sink: Sink<'_>) -> Result<Vec<String>, InputError> {
        use crate::csv_pieces::read_in_pieces;
        use std::io::Read;
        let io = |e: std::io::Error| InputError::Io { file: file.into(), message: e.to_string() };
        let size = self.block_size;
        let mut head = Vec::new();
        let eof = text.by_ref().take(HEAD_BYTES).read_to_end(&mut head).map_err(io)? < HEAD_BYTES as usize;
        let mut rdr = csv_reader::Reader::new(&head[..]);
        let header = csv_header(file, &mut rdr, &mut [].iter().peekable());
        let (header, at, line) = match header {
            // Complete: the row ended at a line break (with the byte after it read, so
            // a `\r` is known not to be the first half of `\r\n`), or at the end.
            Ok(Some(h)) if eof || rdr.position() < head.len() as u64 => (h, rdr.position() as usize, rdr.line()),
            _ => {
                let all = std::io::Cursor::new(head).chain(text);
                return self.csv_blocks_one_tokenizer(file, all, columns, &[], sink);
            }
        };
        let map = columns.map(file, &header)?;
        let rest = head.get(at..).unwrap_or_default().to_vec();
        let map_ref = &map;
        let tokenize = move |bytes: &[u8], line: u64, last: bool, spare: Option<RowBlock>| {
            let mut block = spare.unwrap_or_else(|| RowBlock::new(size));
            block.clear();
            let mut rdr = csv_reader::Reader::at_line(bytes, line);
            let end = csv_body::<_, 8>(file, &mut rdr, map_ref, &mut [].iter().peekable(), !last, |row| block.push(row))?;
            Ok((end, block))
        };
        let piece = size.rows.saturating_mul(PIECE_BYTES_PER_ROW);
        let threads = rayon::current_num_threads();
        // The rest of a text with a line too long to cut at, read by one reader.
        let read_rest = |rest: Option<crate::csv_pieces::Unread<_>>, take: &mut dyn FnMut(&mut RowBlock)| -> Result<(), InputError> {
            let Some(rest) = rest else { return Ok(()) };
            let mut rdr = csv_reader::Reader::at_line(std::io::Cursor::new(rest.bytes).chain(rest.src), rest.line);
            let mut block = RowBlock::new(size);
            let read = csv_body::<_, 8>(file, &mut rdr, map_ref, &mut [].iter().peekable(), false, |row| {
                block.push(row);
                if block.is_full() {
                    take(&mut block);
                }
            });
            // Rows read before an error are recorded, as when each row is added on its own.
            take(&mut block);
            read.map(|_| ())
        };
        match sink {
            Sink::Entities(file) => {
                let rest = read_in_pieces(file, text, rest, line, piece, threads, tokenize, |mut block: RowBlock| {
                    block.add_entities(self, file);
                    block
                })?;
                read_rest(rest, &mut |block| block.add_entities(self, file))
            }
            Sink::Observations(file_ix) => {
                let (rules, mut recorder) = self.rules_and_recorder();
                let rules = &rules;
                let tokenize_and_check = |bytes: &[u8], line: u64, last: bool, spare: Option<RowBlock>| {
                    let (end, mut block) = tokenize(bytes, line, last, spare)?;
                    block.check(rules, file_ix);
                    Ok((end, block))
                };
                let rest = read_in_pieces(file, text, rest, line, piece, threads, tokenize_and_check, |mut block: RowBlock| {
                    block.record(&mut recorder);
                    block
                })?;
                read_rest(rest, &mut |block| {
                    block.check(rules, file_ix);
                    block.record(&mut recorder);
                })
            }
        }?;
        Ok(map.ignored)
    }

    fn note_encoding(&mut self, kind: Kind, e: FileEncoding) {
        match kind {
            Kind::Entities => self.note_entity_encoding(e),
            Kind::Observations => self.note_observation_encoding(e),
        }
    }

    /// Reads entities from a JSON array of objects with the entity columns as keys
    /// (values may be strings or numbers). A leading BOM is skipped.
    pub fn read_entities_json(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        let records = json_records(file, text, &ENTITY_COLUMNS)?;
        self.note_entity_encoding(json_encoding(file, text));
        for (i, obj) in records.into_iter().enumerate() {
            let loc = Location::new(file, i as u64 + 1);
            match obj {
                Ok(m) => {
                    let g = |k: &str| field(&m, k);
                    self.add_entity(
                        EntityRecord {
                            entity_id: g("entity_id"),
                            kind: g("kind"),
                            name: g("name"),
                            region_code: g("region_code"),
                            parent_id: g("parent_id"),
                            stage: g("stage"),
                            area_class: g("area_class"),
                            role: g("role"),
                        },
                        loc,
                    )
                }
                Err(reason) => self.reject_entity_row(bad_row(loc, None, codes::BAD_ROW, reason)),
            }
        }
        Ok(())
    }

    /// Reads observations from a JSON array of objects with the observation columns as
    /// keys. A leading BOM is skipped; a period given as a JSON number must be a whole
    /// year (`2023`, not `2023.0` or `2021.5`).
    pub fn read_observations_json(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        let records = json_records(file, text, &OBSERVATION_COLUMNS)?;
        self.note_observation_encoding(json_encoding(file, text));
        for (i, obj) in records.into_iter().enumerate() {
            let loc = Location::new(file, i as u64 + 1);
            match obj {
                Ok(m) => {
                    if let Some(serde_json::Value::Number(n)) = m.get("period").filter(|p| p.as_i64().is_none() && p.as_u64().is_none()) {
                        let reason = crate::period::PeriodError::Number(n.to_string()).to_string();
                        let mut r = bad_row(loc, Some(n.to_string()), codes::BAD_PERIOD, reason);
                        r.column = Some("period".into());
                        self.reject_observation_row(r);
                        continue;
                    }
                    let g = |k: &str| field(&m, k);
                    self.add_observation(
                        ObservationRecord {
                            entity_id: g("entity_id"),
                            indicator: g("indicator"),
                            period: g("period"),
                            value: g("value"),
                            source: g("source"),
                            numerator: g("numerator"),
                            denominator: g("denominator"),
                            count_basis: g("count_basis"),
                        },
                        loc,
                    )
                }
                Err(reason) => self.reject_observation_row(bad_row(loc, None, codes::BAD_ROW, reason)),
            }
        }
        Ok(())
    }

    /// Adds entities from an iterator (record numbers start at 1).
    pub fn extend_entities(&mut self, records: impl IntoIterator<Item = EntityRecord>) {
        for (i, r) in records.into_iter().enumerate() {
            self.add_entity(r, Location { file: None, line: Some(i as u64 + 1) });
        }
    }

    /// Adds observations from an iterator (record numbers start at 1).
    pub fn extend_observations(&mut self, records: impl IntoIterator<Item = ObservationRecord>) {
        for (i, r) in records.into_iter().enumerate() {
            self.add_observation(r, Location { file: None, line: Some(i as u64 + 1) });
        }
    }
}

fn json_encoding(file: &str, text: &str) -> FileEncoding {
    let reason = if text.starts_with('\u{feff}') { "JSON text (UTF-8, byte-order mark skipped)" } else { "JSON text (UTF-8)" };
    FileEncoding { file: file.into(), encoding: "UTF-8".into(), reason: reason.into(), format: false }
}

/// Observation rows of one part of a CSV file, read by [`read_observation_chunks`].
pub struct ObservationChunk {
    /// The part's rows, checked and recorded (resolve them with
    /// [`DatasetBuilder::build_observations`]).
    pub builder: DatasetBuilder,
    /// The first and last line of the part's rows (0, 0 when it has none).
    pub lines: (u64, u64),
}

/// What reading a file in parts found about the file as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkedFile {
    /// File name as in rejections.
    pub file: String,
    /// How the file was decoded.
    pub encoding: FileEncoding,
    /// Header columns that are not documented columns (not read).
    pub ignored_columns: Vec<String>,
}

/// Reads a CSV observation file in parts of at least `rows` rows, each part cut where
/// the `entity_id` field changes (so that the rows of one entity written together stay
/// in one part), and hands each part to `each` in file order, as a builder made by
/// `fresh` holding the part's rows. The file is read once, front to back: line numbers
/// and rejections are the whole file's, each in the part its row is in. `each` returns
/// false to stop reading. UTF-8 files are read as a stream (the memory held is a part's
/// rows); other encodings are decoded whole first. `progress`, when given, is told as
/// the text is read, as [`DatasetBuilder::on_progress`] is on a whole load: bytes of the
/// whole file's text read so far (across parts, never going back) and its size.
pub fn read_observation_chunks(
    path: &Path,
    encoding: Encoding,
    rows: usize,
    fresh: impl FnMut() -> DatasetBuilder,
    each: impl FnMut(ObservationChunk) -> bool,
    progress: Option<&mut dyn FnMut(ReadProgress)>,
) -> Result<ChunkedFile, InputError> {
    let file = path.display().to_string();
    let (encoding, ignored_columns) = match utf8_stream(&file, path, encoding)? {
        Some((reader, reason, size)) => {
            let e = FileEncoding { file: file.clone(), encoding: "UTF-8".into(), reason: reason.into(), format: false };
            let text = Counted { inner: reader, bytes: 0, total: size, tell: progress };
            (e, chunks_of(&file, text, &[], rows, fresh, each)?)
        }
        None => {
            let (_, bytes) = read_file(path)?;
            let d = decode_file(&file, &bytes, encoding)?;
            let text = Counted { inner: d.text.as_bytes(), bytes: 0, total: d.text.len() as u64, tell: progress };
            (d.report(&file), chunks_of(&file, text, &d.bad_lines, rows, fresh, each)?)
        }
    };
    Ok(ChunkedFile { file, encoding, ignored_columns })
}

/// A reader that ends (reads nothing more) once `stop` is set.
struct Stoppable<'s, R> {
    inner: R,
    stop: &'s std::sync::atomic::AtomicBool,
}

impl<R: std::io::Read> std::io::Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(0);
        }
        self.inner.read(buf)
    }
}

/// The parts of one CSV text (see [`read_observation_chunks`]).
fn chunks_of(
    file: &str,
    text: impl std::io::Read,
    bad_lines: &[BadLine],
    rows: usize,
    mut fresh: impl FnMut() -> DatasetBuilder,
    mut each: impl FnMut(ObservationChunk) -> bool,
) -> Result<Vec<String>, InputError> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = AtomicBool::new(false);
    let mut builder = fresh();
    let mut file_ix = builder.file_index(Some(file));
    let mut block = RowBlock::new(builder.block_size);
    // Rows in the current part, the entity_id of the last row, the part's lines.
    let (mut in_part, mut last, mut lines) = (0usize, String::new(), (0u64, 0u64));
    let read = csv_rows::<8>(file, Stoppable { inner: text, stop: &stop }, &OBSERVATION_COLUMNS, bad_lines, |row| {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let line = match &row {
            Row::Fields(_, line) => *line,
            Row::Bad(r) => r.location.line.unwrap_or(0),
        };
        if let Row::Fields(f, _) = &row {
            let entity = f.array()[0];
            if entity != last {
                if in_part >= rows {
                    block.flush(&mut builder, file_ix);
                    let done = std::mem::replace(&mut builder, fresh());
                    file_ix = builder.file_index(Some(file));
                    if !each(ObservationChunk { builder: done, lines }) {
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                    (in_part, lines) = (0, (0, 0));
                }
                last.clear();
                last.push_str(entity);
            }
        }
        in_part += 1;
        if lines.0 == 0 {
            lines.0 = line;
        }
        lines.1 = lines.1.max(line);
        block.push(row);
        if block.is_full() {
            block.flush(&mut builder, file_ix);
        }
    });
    if !stop.load(Ordering::Relaxed) {
        // Rows read before an error are recorded, as in a whole load.
        block.flush(&mut builder, file_ix);
        each(ObservationChunk { builder, lines });
    }
    read
}

/// When a file is valid UTF-8 (checked in one streaming pass), the file opened again
/// past its BOM, buffered, with the reason for the decision and the bytes of text
/// past the BOM; `None` when it must be
/// decoded whole (not UTF-8, a declared GBK, or a UTF-16 mark).
fn utf8_stream(name: &str, path: &Path, encoding: Encoding) -> Result<Option<(impl std::io::Read, &'static str, u64)>, InputError> {
    use std::io::{BufReader, Read, Seek, SeekFrom};
    let io = |e: std::io::Error| InputError::Io { file: name.to_string(), message: e.to_string() };
    if encoding == Encoding::Gbk {
        return Ok(None);
    }
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut buf = vec![0u8; 1 << 20];
    // Bytes of a character cut at the end of the last chunk, carried to the next.
    let mut carry = 0usize;
    let mut first = true;
    let mut bom = 0u64;
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf[carry..]).map_err(io)?;
        size += n as u64;
        let end = carry + n;
        let mut chunk = &buf[..end];
        if first && (end >= 3 || n == 0) {
            first = false;
            if chunk.starts_with(b"\xEF\xBB\xBF") {
                chunk = &chunk[3..];
                bom = 3;
            } else if chunk.starts_with(b"\xFF\xFE") || chunk.starts_with(b"\xFE\xFF") {
                return Ok(None);
            }
        } else if first {
            // Fewer than 3 bytes so far: read more before deciding about a BOM.
            carry = end;
            continue;
        }
        match simdutf8::compat::from_utf8(chunk) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                // A character continues in the next chunk.
                let rest = chunk.len() - e.valid_up_to();
                buf.copy_within(end - rest..end, 0);
                carry = rest;
            }
            Err(_) => return Ok(None),
        }
        if n == 0 {
            break;
        }
    }
    f.seek(SeekFrom::Start(bom)).map_err(io)?;
    let reason = match (encoding, bom > 0) {
        (Encoding::Utf8, true) => "declared UTF-8 (byte-order mark)",
        (Encoding::Utf8, false) => "declared UTF-8",
        (_, true) => "UTF-8 (byte-order mark)",
        (_, false) => "valid UTF-8",
    };
    Ok(Some((BufReader::with_capacity(1 << 16, f), reason, size - bom)))
}

fn read_file(path: &Path) -> Result<(String, Vec<u8>), InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Io { file: name.clone(), message: e.to_string() })?;
    Ok((name, bytes))
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// An object with its keys read as documented columns (aliases replaced); two keys
/// standing for one column are an error of the record.
fn canonical_object(columns: &Columns, m: JsonObject) -> Result<JsonObject, String> {
    let mut out = JsonObject::new();
    let mut from: Vec<(&str, String)> = Vec::new();
    for (k, v) in m {
        match columns.canonical(&k) {
            Some(c) => {
                if let Some((_, first)) = from.iter().find(|(col, _)| *col == c) {
                    return Err(format!("keys {first:?} and {k:?} both stand for {c:?}; keep one"));
                }
                from.push((c, k));
                out.insert(c.to_string(), v);
            }
            None => {
                out.insert(k, v);
            }
        }
    }
    Ok(out)
}

fn json_records(file: &str, text: &str, columns: &Columns) -> Result<Vec<Result<JsonObject, String>>, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let serde_json::Value::Array(items) = v else {
        return Err(InputError::Json { file: file.into(), line: 1, column: 1, message: "expected an array of objects".into() });
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            serde_json::Value::Object(m) => canonical_object(columns, m),
            other => Err(format!("expected an object, found {}", clip(&other.to_string(), SHOWN_CHARS))),
        })
        .collect())
}

fn field(m: &JsonObject, k: &str) -> String {
    match m.get(k) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("海淀区,小学");
        assert_eq!(decode("f", &gbk, Encoding::Auto).ok().as_deref(), Some("海淀区,小学"));
        assert_eq!(decode("f", "\u{feff}a,b".as_bytes(), Encoding::Auto).ok().as_deref(), Some("a,b"));
        assert!(matches!(decode("f", &gbk, Encoding::Utf8), Err(InputError::Encoding { .. })));
        assert!(matches!(decode("f", &[0x81, 0x20], Encoding::Gbk), Err(InputError::Encoding { offset: 0, .. })));
    }

    /// Files are read as a stream in 1 MiB chunks: characters cut at a chunk's end, a
    /// BOM, and a bad byte far into the file give what reading the bytes whole gives.
    #[test]
    fn streamed_files_read_as_bytes_do() {
        let catalog = crate::Catalog::builtin().unwrap();
        let dir = std::env::temp_dir().join(format!("zhibiao-io-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A text in which the first 1 MiB chunk ends inside a character.
        let mut text = String::new();
        for pad in 0..80 {
            text = String::from("entity_id,indicator,period,value,source\n");
            text.push_str(&format!("110101,region.lessons_shared,1989,90,{}\n", "a".repeat(pad)));
            let mut i = 0;
            while text.len() < (1 << 20) + 4096 {
                text.push_str(&format!("110101,region.lessons_shared,{},9{},来源说明第{i}号\n", 1990 + i % 30, i % 10));
                i += 1;
            }
            if !text.is_char_boundary(1 << 20) {
                break;
            }
        }
        assert!(!text.is_char_boundary(1 << 20));
        let mut bad = text.clone().into_bytes();
        bad[(1 << 20) + 7] = 0xFF;
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("plain", text.clone().into_bytes()),
            ("bom", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
            ("bad", bad),
            ("gbk", encoding_rs::GBK.encode(&text).0.into_owned()),
        ];
        for (name, bytes) in cases {
            let path = dir.join(format!("{name}.csv"));
            std::fs::write(&path, &bytes).unwrap();
            let file = path.display().to_string();
            for enc in [Encoding::Auto, Encoding::Utf8, Encoding::Gbk] {
                let mut a = DatasetBuilder::new(&catalog);
                let ra = a.read_observations_file(&path, enc);
                let mut b = DatasetBuilder::new(&catalog);
                let rb = b.read_observations_csv(&file, &bytes, enc);
                assert_eq!(ra, rb, "{name} {enc:?}");
                let (da, la) = a.build();
                let (db, lb) = b.build();
                assert_eq!(la, lb, "{name} {enc:?}");
                assert_eq!(da.observation_count(), db.observation_count(), "{name} {enc:?}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
