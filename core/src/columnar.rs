//! Columnar data: Arrow record batches, Parquet files and Arrow IPC files (Feather v2)
//! in — entities and observations — and out — the flat results table
//! ([`crate::export`]) and the load report's rejections.
//!
//! Reading (feature `arrow`; files with feature `parquet`):
//! - only the documented columns present are read (column projection), their names
//!   matched by [`Columns::map`] exactly as a CSV header's are (trimmed, aliases, a
//!   documented column twice is `input.duplicate_column`, a required one missing is
//!   `input.missing_column`); other columns are listed as ignored;
//! - each cell becomes the text a CSV cell would hold, and is then read by the CSV rules:
//!   text as it is; integers in decimal (`2023`, `110101`); floats in their shortest
//!   exact form (`97.5`, a `float32` as the `float32` it is); decimals with their digits
//!   (`97.50`); booleans `true` / `false`; dates `YYYY-MM-DD` (a timestamp gives its
//!   date in its own time zone). A null, and a float NaN or infinity, is an empty cell;
//! - rows are numbered from 1, the first row of data, across row groups and batches:
//!   a rejection's `line` is that row number;
//! - with [`DatasetBuilder::keep_only`], an observation row whose indicator is set aside
//!   has none of its other cells converted;
//! - observation rows are checked on every core (feature `parallel`); from a file, the
//!   batches are decoded and checked on threads of their own while the batch before is
//!   recorded, in order; Parquet's indicator, period and source columns are read as
//!   dictionaries (the indicator looked up once per distinct value);
//! - a column of a type that is no cell (lists, structs, times, durations) is
//!   `input.column_type` naming file, column and type; a file that is not Parquet or
//!   Arrow IPC, or is truncated or corrupt, is `input.bad_file`.

use crate::data::{DatasetBuilder, ObservationFields, Recorder, RowOutcome, RowRules};
use crate::io::{Columns, InputError, ENTITY_COLUMNS, OBSERVATION_COLUMNS};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float32Array, Float64Array, Int64Array, LargeStringArray, StringArray, StringViewArray, UInt64Array,
};
use arrow_schema::{ArrowError, DataType};
/// Arrow's record batch (re-exported for the readers' and writers' callers).
pub use arrow_array::RecordBatch;

/// One column, read cell by cell as the text of a CSV cell, without a `String` per cell:
/// text is borrowed from the Arrow buffers, numbers are written into a buffer reused from
/// row to row, dictionary values are looked up through the keys.
enum Cells {
    /// A documented column the input does not have (or a column of nulls).
    Missing,
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    View(StringViewArray),
    Int(Int64Array),
    UInt(UInt64Array),
    /// Rust's shortest round-trip form of the `f32` (0.95, not 0.949999988079071).
    Float32(Float32Array),
    /// Rust's shortest round-trip form of the `f64`; non-finite values are empty.
    Float(Float64Array),
    Bool(BooleanArray),
    /// Keys as indices into the values, `usize::MAX` for a null key (or one past the
    /// values).
    Dict { keys: Vec<usize>, values: Box<Cells> },
}

impl Cells {
    /// The cells of `array`, or why its type cannot be read as text.
    fn new(array: &ArrayRef) -> Result<Cells, String> {
        // Unsafe casts: a value that does not convert is an error, never a null.
        let options = arrow_cast::CastOptions { safe: false, ..Default::default() };
        let cast = |a: &ArrayRef, t: &DataType| arrow_cast::cast_with_options(a, t, &options).map_err(|e| e.to_string());
        Ok(match array.data_type() {
            DataType::Null => Cells::Missing,
            DataType::Utf8 => Cells::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Cells::LargeUtf8(array.as_string::<i64>().clone()),
            DataType::Utf8View => Cells::View(array.as_string_view().clone()),
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => {
                Cells::Int(cast(array, &DataType::Int64)?.as_primitive::<Int64Type>().clone())
            }
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => {
                Cells::UInt(cast(array, &DataType::UInt64)?.as_primitive::<UInt64Type>().clone())
            }
            DataType::Boolean => Cells::Bool(array.as_boolean().clone()),
            DataType::Float16 | DataType::Float32 => Cells::Float32(cast(array, &DataType::Float32)?.as_primitive::<Float32Type>().clone()),
            DataType::Float64 => Cells::Float(array.as_primitive::<Float64Type>().clone()),
            // Decimals as their exact text: 97.50, 2023.
            DataType::Decimal32(..) | DataType::Decimal64(..) | DataType::Decimal128(..) | DataType::Decimal256(..) => {
                Cells::Utf8(cast(array, &DataType::Utf8)?.as_string::<i32>().clone())
            }
            // A period: the date part, in the timestamp's own time zone when it has one.
            DataType::Timestamp(_, Some(_)) => Cells::Utf8(local_dates(array)?),
            DataType::Timestamp(_, None) | DataType::Date64 | DataType::Date32 => {
                let days = cast(array, &DataType::Date32)?;
                Cells::Utf8(cast(&days, &DataType::Utf8)?.as_string::<i32>().clone())
            }
            // Bytes: as UTF-8 text, when they are.
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => {
                let text = cast(array, &DataType::Utf8).map_err(|_| "binary values that are not UTF-8 text".to_string())?;
                Cells::Utf8(text.as_string::<i32>().clone())
            }
            DataType::Dictionary(..) => {
                let d = array.as_any_dictionary();
                if d.values().is_empty() {
                    // No values: every key is null.
                    Cells::Missing
                } else {
                    let mut keys = d.normalized_keys();
                    if let Some(nulls) = d.keys().nulls() {
                        for (k, valid) in keys.iter_mut().zip(nulls.iter()) {
                            if !valid {
                                *k = usize::MAX;
                            }
                        }
                    }
                    // The values read as a plain column of their type would.
                    Cells::Dict { keys, values: Box::new(Cells::new(d.values())?) }
                }
            }
            DataType::RunEndEncoded(_, values) => {
                let plain = cast(array, values.data_type())?;
                Cells::new(&plain)?
            }
            other @ (DataType::Time32(_) | DataType::Time64(_) | DataType::Duration(_) | DataType::Interval(_)) => {
                return Err(format!("{other} values are neither a period, a number nor text; convert the column first"))
            }
            other => return Err(format!("nested {other} values cannot be one cell; convert the column to text or numbers first")),
        })
    }

    /// The text of row `i` when the column holds it as text — text, booleans, empty
    /// cells (nulls, non-finite floats), dictionaries of those — borrowed from the column
    /// alone; `None` for a number, which is written out by [`Self::get`].
    fn text(&self, i: usize) -> Option<&str> {
        Some(match self {
            Cells::Missing => "",
            Cells::Utf8(a) => if a.is_null(i) { "" } else { a.value(i) },
            Cells::LargeUtf8(a) => if a.is_null(i) { "" } else { a.value(i) },
            Cells::View(a) => if a.is_null(i) { "" } else { a.value(i) },
            Cells::Bool(a) if a.is_null(i) => "",
            Cells::Bool(a) => if a.value(i) { "true" } else { "false" },
            Cells::Int(a) if a.is_null(i) => "",
            Cells::UInt(a) if a.is_null(i) => "",
            Cells::Float32(a) if a.is_null(i) || !a.value(i).is_finite() => "",
            Cells::Float(a) if a.is_null(i) || !a.value(i).is_finite() => "",
            Cells::Dict { keys, values } => match keys.get(i) {
                Some(&k) if k < values.len() => return values.text(k),
                _ => "",
            },
            Cells::Int(_) | Cells::UInt(_) | Cells::Float32(_) | Cells::Float(_) => return None,
        })
    }

    /// A dictionary's keys (`usize::MAX` for a null) and values.
    fn dictionary(&self) -> Option<(&[usize], &Cells)> {
        match self {
            Cells::Dict { keys, values } => Some((keys, values)),
            _ => None,
        }
    }

    /// Whether every cell is text borrowed from the column ([`Self::text`] never `None`).
    fn is_text(&self) -> bool {
        match self {
            Cells::Missing | Cells::Utf8(_) | Cells::LargeUtf8(_) | Cells::View(_) | Cells::Bool(_) => true,
            Cells::Dict { values, .. } => values.is_text(),
            Cells::Int(_) | Cells::UInt(_) | Cells::Float32(_) | Cells::Float(_) => false,
        }
    }

    /// Rows in the column (dictionary values included); 0 for a missing column.
    fn len(&self) -> usize {
        match self {
            Cells::Missing => 0,
            Cells::Utf8(a) => a.len(),
            Cells::LargeUtf8(a) => a.len(),
            Cells::View(a) => a.len(),
            Cells::Bool(a) => a.len(),
            Cells::Int(a) => a.len(),
            Cells::UInt(a) => a.len(),
            Cells::Float32(a) => a.len(),
            Cells::Float(a) => a.len(),
            Cells::Dict { keys, .. } => keys.len(),
        }
    }

    /// The text of row `i`, borrowed from the column or written into `buf`.
    fn get<'s>(&'s self, i: usize, buf: &'s mut String) -> &'s str {
        if let Some(t) = self.text(i) {
            return t;
        }
        match self {
            Cells::Int(a) => num(buf, a.value(i)),
            Cells::UInt(a) => num(buf, a.value(i)),
            Cells::Float32(a) => float32_text(buf, a.value(i)),
            Cells::Float(a) => float_text(buf, a.value(i)),
            Cells::Dict { keys, values } => match keys.get(i) {
                Some(&k) if k < values.len() => values.get(k, buf),
                _ => "",
            },
            _ => "",
        }
    }

    /// The column as text cells (every cell as [`Self::get`] gives it), for a column whose
    /// text must outlive a row: numbers written out once.
    fn into_text(self, rows: usize) -> Cells {
        if self.is_text() {
            return self;
        }
        let mut buf = String::new();
        let mut out = arrow_array::builder::StringBuilder::with_capacity(rows, rows * 8);
        for i in 0..rows {
            out.append_value(self.get(i, &mut buf));
        }
        Cells::Utf8(out.finish())
    }
}

/// One Arrow column read cell by cell as the text of a CSV cell, by the rules of this
/// module (for callers holding Arrow arrays of their own, such as the Python bindings'
/// DataFrames): `missing()` for a documented column the input does not have.
pub struct ArrowCells(Cells);

impl ArrowCells {
    /// The cells of `array`, or why its type cannot be read as text.
    pub fn new(array: &ArrayRef) -> Result<ArrowCells, String> {
        Cells::new(array).map(ArrowCells)
    }

    /// A column the input does not have: every cell empty.
    pub fn missing() -> ArrowCells {
        ArrowCells(Cells::Missing)
    }

    /// The text of row `i`, borrowed from the column or written into `buf`; empty for a
    /// null, a non-finite float or a row past the end of a dictionary's keys.
    pub fn get<'s>(&'s self, i: usize, buf: &'s mut String) -> &'s str {
        self.0.get(i, buf)
    }
}

/// `v` written into `buf`.
fn num(buf: &mut String, v: impl std::fmt::Display) -> &str {
    use std::fmt::Write;
    buf.clear();
    let _ = write!(buf, "{v}");
    buf
}

/// `v` as `Display` writes it (shortest round-trip form, no exponent): a whole number
/// below 10^15 — every one of them exact, and its digits its shortest form — through the
/// integer formatter, which is several times faster.
fn float_text(buf: &mut String, v: f64) -> &str {
    if v.fract() == 0.0 && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative()) {
        num(buf, v as i64)
    } else {
        num(buf, v)
    }
}

/// [`float_text`] for an `f32`: whole numbers below 2^24, where every integer is exact
/// and its own shortest form (above, `Display` rounds: 123456792 is written 123456790).
fn float32_text(buf: &mut String, v: f32) -> &str {
    if v.fract() == 0.0 && v.abs() < 16_777_216.0 && !(v == 0.0 && v.is_sign_negative()) {
        num(buf, v as i64)
    } else {
        num(buf, v)
    }
}

/// The local dates of a time-zoned timestamp column (`2023-01-01T00:30+08:00` is
/// 2023-01-01, not the UTC date 2022-12-31), as text.
fn local_dates(array: &ArrayRef) -> Result<StringArray, String> {
    let DataType::Timestamp(_, Some(tz)) = array.data_type() else {
        return Err("not a timestamp".into());
    };
    let tz: arrow_array::timezone::Tz = tz.parse().map_err(|e: ArrowError| e.to_string())?;
    let options = arrow_cast::CastOptions { safe: false, ..Default::default() };
    let micros = arrow_cast::cast_with_options(array, &DataType::Timestamp(arrow_schema::TimeUnit::Microsecond, None), &options).map_err(|e| e.to_string())?;
    let micros = micros.as_primitive::<arrow_array::types::TimestampMicrosecondType>();
    let mut out = arrow_array::builder::StringBuilder::new();
    for v in micros.iter() {
        match v.and_then(chrono::DateTime::from_timestamp_micros) {
            Some(utc) => {
                use chrono::TimeZone;
                let local = tz.from_utc_datetime(&utc.naive_utc());
                out.append_value(local.date_naive().to_string());
            }
            None => out.append_null(),
        }
    }
    Ok(out.finish())
}

/// Which of the two documented record types an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    /// [`ENTITY_COLUMNS`].
    Entities,
    /// [`OBSERVATION_COLUMNS`].
    Observations,
}

impl Records {
    /// The documented columns.
    pub fn columns(self) -> &'static Columns {
        match self {
            Records::Entities => &ENTITY_COLUMNS,
            Records::Observations => &OBSERVATION_COLUMNS,
        }
    }
}

// Positions of the columns among [`OBSERVATION_COLUMNS`]' names.
const ENTITY: usize = 0;
const INDICATOR: usize = 1;
const PERIOD: usize = 2;
const VALUE: usize = 3;
const SOURCE: usize = 4;
const NUMERATOR: usize = 5;
const DENOMINATOR: usize = 6;
const COUNT_BASIS: usize = 7;

/// The columns of a schema, trimmed as a header's are.
fn column_names(schema: &arrow_schema::Schema) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

/// The documented columns present, as sorted positions in the input (what a reader
/// projects to), and each documented column's position among them.
#[cfg(feature = "parquet")]
fn projection(positions: &[Option<usize>]) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut selected: Vec<usize> = positions.iter().flatten().copied().collect();
    selected.sort_unstable();
    selected.dedup();
    let remapped = positions.iter().map(|p| p.and_then(|p| selected.binary_search(&p).ok())).collect();
    (selected, remapped)
}

fn bad_file(file: &str, format: &str, message: impl std::fmt::Display) -> InputError {
    InputError::BadFile { file: file.into(), format: format.into(), message: message.to_string() }
}

impl DatasetBuilder {
    /// Reads records from Arrow record batches (a table in memory, or a file's batches)
    /// named `file` in rejections: the columns matched by [`Columns::map`] from `schema`,
    /// the cells read as a CSV's (see the [module](self)). `positions` of the documented
    /// columns are taken from `schema`; each batch must have that schema's columns.
    /// An error of the batch iterator is `input.bad_file` (`format` names the format).
    pub fn read_record_batches(
        &mut self,
        records: Records,
        file: &str,
        schema: &arrow_schema::Schema,
        batches: impl IntoIterator<Item = Result<RecordBatch, ArrowError>>,
        format: &str,
    ) -> Result<(), InputError> {
        let map = records.columns().map(file, &column_names(schema))?;
        self.note_ignored(records, map.ignored);
        self.feed_batches(records, file, &map.positions, batches.into_iter().map(|b| b.map_err(|e| bad_file(file, format, e))))
    }

    fn note_ignored(&mut self, records: Records, ignored: Vec<String>) {
        match records {
            Records::Entities => self.note_ignored_entity_columns(ignored),
            Records::Observations => self.note_ignored_observation_columns(ignored),
        }
    }

    /// Feeds batches whose columns are at `positions` (one per documented column).
    fn feed_batches(
        &mut self,
        records: Records,
        file: &str,
        positions: &[Option<usize>],
        batches: impl IntoIterator<Item = Result<RecordBatch, InputError>>,
    ) -> Result<(), InputError> {
        let names = records.columns().names;
        let file_ix = self.file_index(Some(file));
        let mut row = 0u64;
        let mut bufs: [String; 8] = std::array::from_fn(|_| String::new());
        for batch in batches {
            let batch = batch?;
            let n = batch.num_rows();
            let cols = batch_cells(&batch, positions, names, file)?;
            match records {
                Records::Entities => {
                    for i in 0..n {
                        let mut cells = cols.iter().zip(bufs.iter_mut()).map(|(c, buf)| c.get(i, buf));
                        let f: [&str; 8] = std::array::from_fn(|_| cells.next().unwrap_or(""));
                        self.add_entity_fields(f, Some(file), Some(row + i as u64 + 1));
                    }
                }
                Records::Observations => {
                    let cols = observation_cells(cols, n);
                    let (rules, mut recorder) = self.rules_and_recorder();
                    let outcomes = check_columns(rules, &cols, n, file_ix, row);
                    record_columns(&mut recorder, &cols, outcomes);
                }
            }
            row += n as u64;
        }
        Ok(())
    }
}

/// An observation batch's cells, the entity id and the source as text that outlives a
/// row (numbers written out once): an accepted row keeps them ([`record_columns`]).
fn observation_cells(mut cols: Vec<Cells>, n: usize) -> Vec<Cells> {
    for k in [ENTITY, SOURCE] {
        if let Some(c) = cols.get_mut(k) {
            *c = std::mem::replace(c, Cells::Missing).into_text(n);
        }
    }
    cols
}

/// The outcomes of the `n` observation rows of a batch's columns (in parallel with the
/// `parallel` feature: [`crate::row_blocks::map_rows`]), detached from the columns'
/// text ([`RowOutcome::detach`]); `before` rows of the file came before them. A row
/// whose indicator is set aside has none of its other cells read.
fn check_columns(rules: RowRules<'_>, cols: &[Cells], n: usize, file_ix: u32, before: u64) -> Vec<RowOutcome<'static>> {
    let missing = Cells::Missing;
    let col = |k: usize| cols.get(k).unwrap_or(&missing);
    // A dictionary of indicators: each value looked up once, not once per row.
    let aside = col(INDICATOR).dictionary().map(|(keys, values)| {
        let mut buf = String::new();
        let per_value: Vec<Option<u32>> = (0..values.len()).map(|k| rules.set_aside(values.get(k, &mut buf))).collect();
        (keys, per_value)
    });
    let bufs = || -> [String; 6] { std::array::from_fn(|_| String::new()) };
    crate::row_blocks::map_rows(n, bufs, |bufs: &mut [String; 6], i: usize| {
        let line = before + i as u64 + 1;
        let [b_indicator, b_period, b_value, b_numerator, b_denominator, b_basis] = bufs;
        let set_aside = match &aside {
            Some((keys, per_value)) => keys.get(i).and_then(|&k| per_value.get(k).copied().flatten()),
            None => rules.set_aside(col(INDICATOR).get(i, b_indicator)),
        };
        if let Some(ix) = set_aside {
            return RowOutcome::Skipped(ix);
        }
        let fields = ObservationFields {
            entity_id: col(ENTITY).text(i).unwrap_or(""),
            indicator: col(INDICATOR).get(i, b_indicator),
            period: col(PERIOD).get(i, b_period),
            value: col(VALUE).get(i, b_value),
            source: col(SOURCE).text(i).unwrap_or(""),
            numerator: col(NUMERATOR).get(i, b_numerator),
            denominator: col(DENOMINATOR).get(i, b_denominator),
            count_basis: col(COUNT_BASIS).get(i, b_basis),
        };
        rules.check_fields(fields, file_ix, line).detach()
    })
}

/// Records a batch's outcomes ([`check_columns`]) in order, each accepted row with its
/// entity id and source from the columns.
fn record_columns(recorder: &mut Recorder<'_>, cols: &[Cells], outcomes: Vec<RowOutcome<'static>>) {
    let missing = Cells::Missing;
    let col = |k: usize| cols.get(k).unwrap_or(&missing);
    for (i, o) in outcomes.into_iter().enumerate() {
        recorder.record(o.attach(col(ENTITY).text(i).unwrap_or(""), col(SOURCE).text(i).unwrap_or("")));
    }
}

/// The cells of each documented column of a batch (`Missing` for those absent).
fn batch_cells(batch: &RecordBatch, positions: &[Option<usize>], names: &[&str], file: &str) -> Result<Vec<Cells>, InputError> {
    positions
        .iter()
        .zip(names)
        .map(|(p, name)| match p.and_then(|i| batch.columns().get(i)) {
            Some(a) => Cells::new(a).map_err(|message| InputError::ColumnType {
                file: file.to_string(),
                column: (*name).to_string(),
                dtype: a.data_type().to_string(),
                message,
            }),
            None => Ok(Cells::Missing),
        })
        .collect()
}

/// The flat results table ([`crate::export::results_table`]) as a record batch: the
/// same column names, each the Arrow type of its values (text `utf8`, numbers
/// `float64` / `int32` / `int64`, dates `date32`, `bool`), every column nullable, the Chinese
/// and English labels in each field's metadata (`label_zh`, `label_en`).
pub fn flat_batch(t: &crate::export::FlatTable) -> Result<RecordBatch, ArrowError> {
    use crate::export::Values;
    use arrow_array::{BooleanArray, Date32Array, Float64Array, Int32Array, StringArray};
    use arrow_schema::{Field, Schema};
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut fields = Vec::with_capacity(t.columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(t.columns.len());
    for c in &t.columns {
        let a: ArrayRef = match &c.values {
            Values::Str(v) => std::sync::Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
            Values::F64(v) => std::sync::Arc::new(v.iter().copied().collect::<Float64Array>()),
            Values::I32(v) => std::sync::Arc::new(v.iter().copied().collect::<Int32Array>()),
            Values::I64(v) => std::sync::Arc::new(v.iter().copied().collect::<arrow_array::Int64Array>()),
            Values::Date(v) => std::sync::Arc::new(v.iter().map(|d| d.map(|d| (d - epoch).num_days() as i32)).collect::<Date32Array>()),
            Values::Bool(v) => std::sync::Arc::new(v.iter().copied().collect::<BooleanArray>()),
        };
        let labels = [("label_zh".to_string(), c.zh.to_string()), ("label_en".to_string(), c.en.to_string())];
        fields.push(Field::new(c.name, a.data_type().clone(), true).with_metadata(labels.into_iter().collect()));
        arrays.push(a);
    }
    RecordBatch::try_new(std::sync::Arc::new(Schema::new(fields)), arrays)
}

/// The load report's rejections as a record batch: the columns of
/// [`crate::export::rejections_table`] (`record`, `file`, `line` as `int64`, `column`,
/// `value`, `code`, `reason`), as the Python `LoadReport.rejections_table()` gives them.
pub fn rejections_batch(report: &crate::LoadReport) -> Result<RecordBatch, ArrowError> {
    flat_batch(&crate::export::rejections_table(report))
}

#[cfg(feature = "parquet")]
pub use files::*;

/// Parquet and Arrow IPC files.
#[cfg(feature = "parquet")]
mod files {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    /// A columnar file format, chosen by a file's extension.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Format {
        /// `.parquet`, `.pq`.
        Parquet,
        /// Arrow IPC: `.arrow`, `.feather`, `.ipc` (the file format; a stream is read
        /// too), `.arrows` (the stream format).
        ArrowIpc,
    }

    impl Format {
        /// The format of a path by its extension (any case), if columnar.
        pub fn of_path(path: &Path) -> Option<Format> {
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            match ext.as_str() {
                "parquet" | "pq" => Some(Format::Parquet),
                "arrow" | "feather" | "ipc" | "arrows" => Some(Format::ArrowIpc),
                _ => None,
            }
        }

        /// Its name in messages.
        pub fn name(self) -> &'static str {
            match self {
                Format::Parquet => "Parquet",
                Format::ArrowIpc => "Arrow IPC",
            }
        }
    }

    impl DatasetBuilder {
        /// Reads entities from a Parquet or Arrow IPC file (see the [module](super)).
        pub fn read_entities_columnar(&mut self, path: impl AsRef<Path>, format: Format) -> Result<(), InputError> {
            self.read_columnar(Records::Entities, path.as_ref(), format)
        }

        /// Reads observations from a Parquet or Arrow IPC file (see the [module](super)).
        pub fn read_observations_columnar(&mut self, path: impl AsRef<Path>, format: Format) -> Result<(), InputError> {
            self.read_columnar(Records::Observations, path.as_ref(), format)
        }

        fn read_columnar(&mut self, records: Records, path: &Path, format: Format) -> Result<(), InputError> {
            let file = path.display().to_string();
            self.note_encoding_columnar(records, &file, format);
            // The Parquet reader asserts on some corrupt pages instead of returning an
            // error: such a stop is the file's fault, and is reported as one.
            let read = caught(|| match format {
                Format::Parquet => self.read_parquet(records, &file, path),
                Format::ArrowIpc => self.read_ipc(records, &file, path),
            });
            read.unwrap_or_else(|stop| Err(corrupt(&file, format, &stop)))
        }

        fn note_encoding_columnar(&mut self, records: Records, file: &str, format: Format) {
            let e = crate::encoding::FileEncoding { file: file.into(), encoding: "UTF-8".into(), reason: format!("{} (text is UTF-8)", format.name()), format: true };
            match records {
                Records::Entities => self.note_entity_encoding(e),
                Records::Observations => self.note_observation_encoding(e),
            }
        }

        fn read_parquet(&mut self, records: Records, file: &str, path: &Path) -> Result<(), InputError> {
            use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
            use parquet::arrow::ProjectionMask;
            let name = Format::Parquet.name();
            let f = open(file, path)?;
            let meta = ArrowReaderMetadata::load(&f, ArrowReaderOptions::new()).map_err(|e| bad_file(file, name, e))?;
            let map = records.columns().map(file, &column_names(meta.schema()))?;
            // The observations' few-valued text columns as dictionaries: the indicator is
            // then looked up once per distinct value, and no value is copied per row.
            let meta = match records {
                Records::Observations => {
                    let few = [INDICATOR, PERIOD, SOURCE].map(|k| map.positions.get(k).copied().flatten());
                    let hinted = ArrowReaderOptions::new().with_schema(Arc::new(dictionary_text(meta.schema(), &few)));
                    // A hint the reader refuses changes nothing: the columns are read as they are.
                    ArrowReaderMetadata::try_new(meta.metadata().clone(), hinted).unwrap_or(meta)
                }
                Records::Entities => meta,
            };
            let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(f, meta);
            let (selected, positions) = projection(&map.positions);
            let mask = ProjectionMask::roots(builder.parquet_schema(), selected);
            let reader = builder.with_projection(mask).with_batch_size(BATCH_ROWS).build().map_err(|e| bad_file(file, name, e))?;
            self.note_ignored(records, map.ignored);
            self.feed_decoded_ahead(records, file, &positions, reader.map(move |b| b.map_err(|e| bad_file(file, name, e))))
        }

        /// Feeds the batches, decoded on a thread of their own (with the `parallel`
        /// feature) while the batch before is checked: at most two batches wait. A stop of
        /// the decoder is the file's fault, reported as [`DatasetBuilder::read_columnar`] does.
        fn feed_decoded_ahead(
            &mut self,
            records: Records,
            file: &str,
            positions: &[Option<usize>],
            batches: impl Iterator<Item = Result<RecordBatch, InputError>> + Send,
        ) -> Result<(), InputError> {
            #[cfg(feature = "parallel")]
            {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Result<RecordBatch, InputError>>(2);
                std::thread::scope(|s| {
                    s.spawn(move || send_ahead(&tx, batches, file, Format::Parquet));
                    self.feed_file_batches(records, file, positions, rx.into_iter(), Format::Parquet)
                })
            }
            #[cfg(not(feature = "parallel"))]
            self.feed_file_batches(records, file, positions, batches, Format::Parquet)
        }

        /// Feeds a file's batches: observations checked on a thread of their own while
        /// the batch before is recorded ([`DatasetBuilder::feed_observations_ahead`]),
        /// entities one after another.
        fn feed_file_batches(
            &mut self,
            records: Records,
            file: &str,
            positions: &[Option<usize>],
            batches: impl Iterator<Item = Result<RecordBatch, InputError>> + Send,
            format: Format,
        ) -> Result<(), InputError> {
            #[cfg(not(feature = "parallel"))]
            let _ = format;
            match records {
                #[cfg(feature = "parallel")]
                Records::Observations => self.feed_observations_ahead(file, positions, batches, format),
                _ => self.feed_batches(records, file, positions, batches),
            }
        }

        /// Observation batches checked on a thread of their own (their rows on every
        /// core) while this one records the batch before, in order: one checked batch
        /// waits at most. A stop of the checking thread is the file's fault, reported as
        /// [`DatasetBuilder::read_columnar`] reports one.
        #[cfg(feature = "parallel")]
        fn feed_observations_ahead(
            &mut self,
            file: &str,
            positions: &[Option<usize>],
            batches: impl Iterator<Item = Result<RecordBatch, InputError>> + Send,
            format: Format,
        ) -> Result<(), InputError> {
            type Checked = Result<(Vec<Cells>, Vec<RowOutcome<'static>>), InputError>;
            let names = Records::Observations.columns().names;
            let file_ix = self.file_index(Some(file));
            let (rules, mut recorder) = self.rules_and_recorder();
            let (tx, rx) = std::sync::mpsc::sync_channel::<Checked>(1);
            std::thread::scope(|s| {
                s.spawn(move || {
                    let mut before = 0u64;
                    let checked = batches.map(|batch| {
                        batch.and_then(|b| {
                            let n = b.num_rows();
                            let cols = observation_cells(batch_cells(&b, positions, names, file)?, n);
                            let outcomes = check_columns(rules, &cols, n, file_ix, before);
                            before += n as u64;
                            Ok((cols, outcomes))
                        })
                    });
                    send_ahead(&tx, checked, file, format);
                });
                for checked in rx {
                    let (cols, outcomes) = checked?;
                    record_columns(&mut recorder, &cols, outcomes);
                }
                Ok(())
            })
        }

        fn read_ipc(&mut self, records: Records, file: &str, path: &Path) -> Result<(), InputError> {
            use arrow_ipc::reader::FileReader;
            let name = Format::ArrowIpc.name();
            let bytes = std::fs::read(path).map_err(|e| InputError::Io { file: file.into(), message: e.to_string() })?;
            if bytes.starts_with(b"FEA1") {
                return Err(bad_file(file, name, "a Feather version 1 file; write Feather version 2 (pyarrow.feather.write_feather's default) or Parquet"));
            }
            if !bytes.starts_with(b"ARROW1") {
                return self.read_ipc_stream(records, file, bytes);
            }
            // The file format: its footer's blocks must lie inside the file (the reader
            // would set aside the memory a corrupt footer claims before reading it).
            check_footer(&bytes).map_err(|m| bad_file(file, name, m))?;
            let reader = FileReader::try_new(std::io::Cursor::new(&bytes), None).map_err(|e| bad_file(file, name, e))?;
            let map = records.columns().map(file, &column_names(&reader.schema()))?;
            let (selected, positions) = projection(&map.positions);
            self.note_ignored(records, map.ignored);
            let reader = FileReader::try_new(std::io::Cursor::new(&bytes), Some(selected)).map_err(|e| bad_file(file, name, e))?;
            self.feed_file_batches(records, file, &positions, reader.map(|b| b.map_err(|e| bad_file(file, name, e))), Format::ArrowIpc)
        }

        /// The stream format, decoded from the bytes in memory (message by message, so a
        /// corrupt length costs no more memory than the file's size).
        fn read_ipc_stream(&mut self, records: Records, file: &str, bytes: Vec<u8>) -> Result<(), InputError> {
            let name = Format::ArrowIpc.name();
            let mut decoder = arrow_ipc::reader::StreamDecoder::new();
            let mut buffer = arrow_buffer::Buffer::from(bytes);
            let first = decoder.decode(&mut buffer).map_err(|e| bad_file(file, name, e))?;
            let schema = decoder.schema().ok_or_else(|| bad_file(file, name, "no schema: neither an Arrow IPC file nor a stream"))?;
            let map = records.columns().map(file, &column_names(&schema))?;
            self.note_ignored(records, map.ignored);
            let mut pending = first.map(Ok);
            let batches = std::iter::from_fn(move || {
                if let Some(b) = pending.take() {
                    return Some(b);
                }
                match decoder.decode(&mut buffer) {
                    Ok(Some(b)) => Some(Ok(b)),
                    Ok(None) => decoder.finish().err().map(Err),
                    Err(e) => Some(Err(e)),
                }
            });
            self.feed_file_batches(records, file, &map.positions, batches.map(|b| b.map_err(|e| bad_file(file, name, e))), Format::ArrowIpc)
        }
    }

    /// `schema` with the text columns at `positions` read as dictionaries of their text.
    fn dictionary_text(schema: &arrow_schema::Schema, positions: &[Option<usize>]) -> arrow_schema::Schema {
        let fields = schema.fields().iter().enumerate().map(|(i, f)| match f.data_type() {
            t @ (DataType::Utf8 | DataType::LargeUtf8) if positions.contains(&Some(i)) => {
                Arc::new(f.as_ref().clone().with_data_type(DataType::Dictionary(Box::new(DataType::Int32), Box::new(t.clone()))))
            }
            _ => f.clone(),
        });
        arrow_schema::Schema::new_with_metadata(fields.collect::<Vec<_>>(), schema.metadata().clone())
    }

    /// Sends `items` in order (run on a thread of its own) until one fails or the
    /// receiving side stops; a stop of the reader producing them (a panic, caught) is
    /// the file's fault, sent as the last item.
    #[cfg(feature = "parallel")]
    fn send_ahead<T>(tx: &std::sync::mpsc::SyncSender<Result<T, InputError>>, items: impl Iterator<Item = Result<T, InputError>>, file: &str, format: Format) {
        let sent = caught(|| {
            for item in items {
                let failed = item.is_err();
                // Fails only when the receiving side has stopped: nothing left to do.
                if tx.send(item).is_err() || failed {
                    return;
                }
            }
        });
        if let Err(stop) = sent {
            let _ = tx.send(Err(corrupt(file, format, &stop)));
        }
    }

    /// Rows per batch the Parquet reader decodes.
    const BATCH_ROWS: usize = 1 << 14;

    /// A reader's stop (a panic caught by [`caught`]) as the file's fault.
    fn corrupt(file: &str, format: Format, stop: &str) -> InputError {
        bad_file(file, format.name(), format!("the file is corrupt (the reader stopped: {stop})"))
    }

    /// Whether every block the footer of an Arrow IPC file lists lies inside the file.
    fn check_footer(bytes: &[u8]) -> Result<(), String> {
        let short = || "the file is truncated (no footer)".to_string();
        let len = bytes.len();
        let tail = bytes.get(len.checked_sub(10).ok_or_else(short)?..).ok_or_else(short)?;
        if tail.get(4..) != Some(b"ARROW1".as_slice()) {
            return Err(short());
        }
        let footer_len = tail.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map_or(-1, i32::from_le_bytes);
        let start = usize::try_from(footer_len).ok().and_then(|n| (len - 10).checked_sub(n)).ok_or_else(short)?;
        let footer = arrow_ipc::root_as_footer(bytes.get(start..len - 10).ok_or_else(short)?).map_err(|e| format!("the footer is corrupt: {e}"))?;
        let blocks = footer.recordBatches().into_iter().flatten().chain(footer.dictionaries().into_iter().flatten());
        for b in blocks {
            let end = b.offset() as i128 + b.metaDataLength() as i128 + b.bodyLength() as i128;
            if b.offset() < 0 || b.metaDataLength() < 0 || b.bodyLength() < 0 || end > len as i128 {
                return Err(format!("a block of {} bytes at offset {} runs past the end of the file ({len} bytes): truncated or corrupt", end - b.offset() as i128, b.offset()));
            }
        }
        Ok(())
    }

    thread_local! {
        /// Set while [`caught`] runs `f` on this thread.
        static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Runs `f`, turning a panic inside it into its message. The panic hook in place is
    /// kept for every other panic; only a panic caught here is not printed.
    fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !CATCHING.with(std::cell::Cell::get) {
                    previous(info)
                }
            }));
        });
        let was = CATCHING.with(|c| c.replace(true));
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        CATCHING.with(|c| c.set(was));
        r.map_err(|p| match (p.downcast_ref::<&str>(), p.downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_string(),
            (_, Some(s)) => s.clone(),
            _ => "no message".to_string(),
        })
    }

    fn open(file: &str, path: &Path) -> Result<std::fs::File, InputError> {
        std::fs::File::open(path).map_err(|e| InputError::Io { file: file.into(), message: e.to_string() })
    }

    /// One Parquet file of text columns written row by row, in row groups of 65,536 rows.
    struct TextTable<const N: usize> {
        schema: arrow_schema::SchemaRef,
        cols: [arrow_array::builder::StringBuilder; N],
        rows: usize,
        writer: parquet::arrow::ArrowWriter<std::io::BufWriter<std::fs::File>>,
    }

    impl<const N: usize> TextTable<N> {
        const GROUP: usize = 1 << 16;

        fn create(path: &Path, names: [&str; N]) -> std::io::Result<Self> {
            let fields: Vec<arrow_schema::Field> = names.iter().map(|n| arrow_schema::Field::new(*n, DataType::Utf8, false)).collect();
            let schema = Arc::new(arrow_schema::Schema::new(fields));
            let f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
            let props = parquet::file::properties::WriterProperties::builder().set_compression(parquet::basic::Compression::SNAPPY).build();
            let writer = parquet::arrow::ArrowWriter::try_new(f, schema.clone(), Some(props)).map_err(std::io::Error::other)?;
            Ok(TextTable { schema, cols: std::array::from_fn(|_| arrow_array::builder::StringBuilder::new()), rows: 0, writer })
        }

        fn push(&mut self, fields: [&str; N]) -> std::io::Result<()> {
            for (c, f) in self.cols.iter_mut().zip(fields) {
                c.append_value(f);
            }
            self.rows += 1;
            if self.rows == Self::GROUP {
                self.flush()?;
            }
            Ok(())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            if self.rows == 0 {
                return Ok(());
            }
            let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(|c| Arc::new(c.finish()) as ArrayRef).collect();
            let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(std::io::Error::other)?;
            self.writer.write(&batch).map_err(std::io::Error::other)?;
            self.writer.flush().map_err(std::io::Error::other)?;
            self.rows = 0;
            Ok(())
        }

        fn finish(mut self) -> std::io::Result<()> {
            use std::io::Write;
            self.flush()?;
            self.writer.into_inner().map_err(std::io::Error::other)?.flush()
        }
    }

    /// Generated records ([`crate::synth::Sink`]) as `entities.parquet` and
    /// `observations.parquet`: the documented columns as text, snappy-compressed.
    pub struct ParquetSink {
        entities: TextTable<8>,
        observations: TextTable<5>,
    }

    impl crate::synth::Sink for ParquetSink {
        fn entity(&mut self, fields: [&str; 8]) -> std::io::Result<()> {
            self.entities.push(fields)
        }
        fn observation(&mut self, fields: [&str; 5]) -> std::io::Result<()> {
            self.observations.push(fields)
        }
    }

    /// Writes the synthetic data of [`crate::synth::generate`] as `entities.parquet` and
    /// `observations.parquet` into `dir` (what [`crate::synth::write_csv`] writes as CSV).
    pub fn write_synth_parquet(catalog: &crate::Catalog, scale: crate::synth::Scale, seed: u64, dir: &Path) -> std::io::Result<crate::synth::Counts> {
        std::fs::create_dir_all(dir)?;
        let mut sink = ParquetSink {
            entities: TextTable::create(&dir.join("entities.parquet"), ["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"])?,
            observations: TextTable::create(&dir.join("observations.parquet"), ["entity_id", "indicator", "period", "value", "source"])?,
        };
        let counts = crate::synth::generate(catalog, scale, seed, &mut sink)?;
        sink.entities.finish()?;
        sink.observations.finish()?;
        Ok(counts)
    }

    /// Writes a batch as Parquet (snappy-compressed, what pyarrow writes by default) or
    /// as Arrow IPC (the file format; the stream format for `.arrows`), by the path's
    /// extension.
    pub fn write_batch(path: &Path, format: Format, batch: &RecordBatch) -> std::io::Result<()> {
        let io = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
        let f = std::io::BufWriter::new(std::fs::File::create(path)?);
        use std::io::Write;
        let mut f = match format {
            Format::Parquet => {
                use parquet::arrow::ArrowWriter;
                use parquet::basic::Compression;
                use parquet::file::properties::WriterProperties;
                let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
                let mut w = ArrowWriter::try_new(f, batch.schema(), Some(props)).map_err(|e| io(&e))?;
                w.write(batch).map_err(|e| io(&e))?;
                w.into_inner().map_err(|e| io(&e))?
            }
            Format::ArrowIpc if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("arrows")) => {
                let mut w = arrow_ipc::writer::StreamWriter::try_new(f, &batch.schema()).map_err(|e| io(&e))?;
                w.write(batch).map_err(|e| io(&e))?;
                w.into_inner().map_err(|e| io(&e))?
            }
            Format::ArrowIpc => {
                let mut w = arrow_ipc::writer::FileWriter::try_new(f, &batch.schema()).map_err(|e| io(&e))?;
                w.write(batch).map_err(|e| io(&e))?;
                w.into_inner().map_err(|e| io(&e))?
            }
        };
        f.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{float32_text, float_text};
    use proptest::prelude::*;

    fn same_as_display(v: f64) {
        let mut buf = String::new();
        assert_eq!(float_text(&mut buf, v), v.to_string(), "{v:?}");
    }

    fn same_as_display32(v: f32) {
        let mut buf = String::new();
        assert_eq!(float32_text(&mut buf, v), v.to_string(), "{v:?}");
    }

    #[test]
    fn column_positions_name_the_documented_columns() {
        use super::*;
        let names = OBSERVATION_COLUMNS.names;
        let at = [(ENTITY, "entity_id"), (INDICATOR, "indicator"), (PERIOD, "period"), (VALUE, "value"), (SOURCE, "source"), (NUMERATOR, "numerator"), (DENOMINATOR, "denominator"), (COUNT_BASIS, "count_basis")];
        for (i, name) in at {
            assert_eq!(names.get(i), Some(&name));
        }
    }

    #[test]
    fn whole_floats_are_written_as_display_writes_them() {
        for v in [0.0, -0.0, 1.0, -1.0, 100.0, 1000.0, 97.5, 0.95, 1e15 - 1.0, 1e15, -(1e15 - 1.0), 2f64.powi(53), 1e300, 5e-324] {
            same_as_display(v);
        }
        for v in [0.0f32, -0.0, 1.0, 0.95, 16_777_215.0, 16_777_216.0, 123_456_792.0, -16_777_215.0, 3.0e7] {
            same_as_display32(v);
        }
    }

    proptest! {
        #[test]
        fn any_float_is_written_as_display_writes_it(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO | proptest::num::f64::SUBNORMAL, n in -2_000_000_000_000_000i64..2_000_000_000_000_000) {
            same_as_display(v);
            same_as_display(n as f64);
            same_as_display32(v as f32);
            same_as_display32(n as f32);
            same_as_display32((n % 40_000_000) as f32);
        }
    }
}
