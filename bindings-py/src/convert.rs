//! Conversions between Python objects and the core's types. No evaluation logic:
//! inputs become the core's records (strings, exactly as a CSV cell would be read),
//! outputs become Python objects mirroring the core's stable JSON form.

use crate::errors;
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString};
use serde::Serialize;
use zhibiao::data::{codes, Location, Rejection};
use zhibiao::io::{Encoding, InputError};
use zhibiao::columnar::ArrowCells;
use zhibiao::DatasetBuilder;

/// Which of the two documented record types an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `entity_id,kind,name,region_code,parent_id,stage,area_class,role`.
    Entities,
    /// `entity_id,indicator,period,value,source`.
    Observations,
}

impl RecordKind {
    /// The documented columns (the core's one definition of them).
    pub fn columns(self) -> &'static zhibiao::io::Columns {
        match self {
            RecordKind::Entities => &zhibiao::io::ENTITY_COLUMNS,
            RecordKind::Observations => &zhibiao::io::OBSERVATION_COLUMNS,
        }
    }

    fn name(self) -> &'static str {
        self.columns().kind
    }
}

/// One input, taken from Python while holding the GIL and fed to the builder without it.
pub enum Source {
    /// A CSV (or, by extension, JSON) file read by the core's readers.
    Path(String),
    /// CSV bytes.
    Bytes(Vec<u8>),
    /// A spreadsheet (by a path's extension, or bytes that start as one) and the sheet to read.
    Sheet { name: String, bytes: Vec<u8> },
    /// Arrow record batches (pandas, polars, pyarrow through the PyCapsule interface).
    Arrow { batches: Vec<RecordBatch>, columns: Vec<String> },
    /// Rows already turned into the documented fields (lists of dicts).
    Rows { rows: Vec<Result<Vec<String>, String>>, ignored: Vec<String> },
}

/// Reads a Python object given as `entities=` or `observations=`.
pub fn source(obj: &Bound<'_, PyAny>, kind: RecordKind) -> PyResult<Source> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Source::Path(s.to_cow()?.into_owned()));
    }
    if obj.hasattr("__fspath__")? {
        let os = py.import("os")?;
        let p = os.call_method1("fspath", (obj,))?;
        return Ok(Source::Path(p.extract::<String>()?));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        // A zip container (xlsx, xlsb, ods) or a compound file (xls): no CSV starts so.
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return Ok(Source::Sheet { name: "<bytes>".into(), bytes: bytes.to_vec() });
        }
        return Ok(Source::Bytes(bytes.to_vec()));
    }
    let frame = obj.hasattr("to_dict")? && obj.hasattr("columns")?;
    // Only pandas' frames are read row by row when Arrow cannot carry them (no pyarrow).
    let pandas = frame && obj.get_type().module()?.to_cow()?.starts_with("pandas");
    if frame {
        // A documented column twice: refused before anything picks one of them.
        let names: Vec<String> = obj.getattr("columns")?.try_iter()?.map(|c| c.and_then(|c| c.str()?.extract::<String>())).collect::<PyResult<_>>()?;
        kind.columns().map(&format!("<{}>", kind.name()), &names).map_err(|e| errors::input(py, &e))?;
    }
    let obj = &polars_odd_types_as_text(&pandas_periods_as_text(obj, kind)?)?;
    if obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")? {
        match arrow_batches(obj) {
            Ok(src) => return Ok(src),
            // pandas exports Arrow through pyarrow; without it (or with columns pyarrow
            // cannot type), read the frame row by row instead.
            Err(_) if pandas => {
                let records = obj.call_method1("to_dict", ("records",))?;
                return rows_from_dicts(&records, kind);
            }
            Err(e) => {
                let e = InputError::ColumnType {
                    file: format!("<{}>", kind.name()),
                    column: String::new(),
                    dtype: "Arrow".into(),
                    message: format!("the table cannot be read through the Arrow interface: {e}"),
                };
                return Err(errors::input(py, &e));
            }
        }
    }
    if pandas {
        let records = obj.call_method1("to_dict", ("records",))?;
        return rows_from_dicts(&records, kind);
    }
    if obj.cast::<PyDict>().is_ok() {
        return Err(PyTypeError::new_err(format!(
            "{}: expected a list of dicts, a DataFrame, an Arrow table or a CSV path, not a single dict",
            kind.name()
        )));
    }
    if obj.try_iter().is_ok() {
        return rows_from_dicts(obj, kind);
    }
    Err(PyTypeError::new_err(format!(
        "{}: expected a CSV path, a pandas or polars DataFrame, a pyarrow Table (any object with \
         __arrow_c_stream__), or a list of dicts; got {}",
        kind.name(),
        obj.get_type().name()?
    )))
}

/// pandas `Period` columns as their text (`2023`, `2023Q1`, `2023-06`, `2023-06-30`, which
/// the core's period reader places at their end): Arrow carries them as bare ordinals.
/// Periods whose year does not end in December (`Q-JUN` …) or finer than a day are
/// refused, naming the column.
fn pandas_periods_as_text<'py>(obj: &Bound<'py, PyAny>, kind: RecordKind) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let Ok(pd) = py.import("pandas") else {
        return Ok(obj.clone());
    };
    if !obj.is_instance(&pd.getattr("DataFrame")?)? {
        return Ok(obj.clone());
    }
    let period_dtype = pd.getattr("PeriodDtype")?;
    let mut out = obj.clone();
    for item in obj.getattr("dtypes")?.call_method0("items")?.try_iter()? {
        let (name, dtype): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        if !dtype.is_instance(&period_dtype)? {
            continue;
        }
        let freq: String = dtype.getattr("freq")?.getattr("freqstr")?.extract()?;
        let base = freq.split('-').next().unwrap_or("");
        let fits = matches!(base, "Y" | "YE" | "A" | "Q" | "QE" | "M" | "ME" | "D") && freq.split('-').nth(1).is_none_or(|anchor| anchor == "DEC");
        if !fits {
            let e = InputError::ColumnType {
                file: format!("<{}>", kind.name()),
                column: name.str()?.extract()?,
                dtype: format!("period[{freq}]"),
                message: "only periods of years, quarters and months ending in December, or of days, are read; convert the column to text or dates".into(),
            };
            return Err(errors::input(py, &e));
        }
        if out.is(obj) {
            out = obj.call_method0("copy")?;
        }
        let text = obj.get_item(&name)?.call_method1("astype", ("str",))?;
        out.set_item(&name, text)?;
    }
    Ok(out)
}

/// polars columns that its Arrow export gets wrong, as text: `Null` (exported with a
/// buffer the Arrow C interface does not allow; all empty cells) and `Int128` / `UInt128`
/// (exported as a private `_pli128` type; their exact digits).
fn polars_odd_types_as_text<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    if !obj.get_type().module()?.to_cow()?.starts_with("polars") || !obj.hasattr("with_columns")? {
        return Ok(obj.clone());
    }
    let pl = py.import("polars")?;
    let odd: Vec<Bound<'_, PyAny>> = ["Null", "Int128", "UInt128"].iter().filter_map(|t| pl.getattr(*t).ok()).collect();
    let mut casts = Vec::new();
    for item in obj.getattr("schema")?.call_method0("items")?.try_iter()? {
        let (name, dtype): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        if odd.iter().any(|t| dtype.eq(t).unwrap_or(false)) {
            casts.push(pl.call_method1("col", (name,))?.call_method1("cast", (pl.getattr("String")?,))?);
        }
    }
    if casts.is_empty() {
        return Ok(obj.clone());
    }
    obj.call_method1("with_columns", (casts,))
}

fn arrow_batches(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    let input: pyo3_arrow::input::AnyRecordBatch = obj.extract()?;
    let reader = input.into_reader()?;
    let schema = reader.schema();
    let columns = schema.fields().iter().map(|f| f.name().trim().trim_start_matches('\u{feff}').to_string()).collect();
    let mut batches = Vec::new();
    for b in reader {
        batches.push(b.map_err(|e| PyTypeError::new_err(e.to_string()))?);
    }
    Ok(Source::Arrow { batches, columns })
}

/// Lists of dicts (or any iterable of mappings): each value converted as a CSV cell would read.
fn rows_from_dicts(obj: &Bound<'_, PyAny>, kind: RecordKind) -> PyResult<Source> {
    let cols = kind.columns().names;
    let mut rows = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        let Ok(d) = item.cast::<PyDict>() else {
            rows.push(Err(format!("expected a dict with the {} columns, found {}", kind.name(), item.get_type().name()?)));
            continue;
        };
        let mut fields = Vec::with_capacity(cols.len());
        for c in cols {
            fields.push(match d.get_item(c)? {
                Some(v) => cell(&v)?,
                None => String::new(),
            });
        }
        for k in d.keys() {
            let k = k.str()?.to_cow()?.into_owned();
            if !cols.contains(&k.as_str()) && !ignored.contains(&k) {
                ignored.push(k);
            }
        }
        rows.push(Ok(fields));
    }
    Ok(Source::Rows { rows, ignored })
}

/// One Python value as the text of a CSV cell: missing values are empty.
fn cell(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if v.is_none() {
        return Ok(String::new());
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if v.cast::<PyBool>().is_ok() {
        return Ok(if v.is_truthy()? { "true" } else { "false" }.to_string());
    }
    if v.cast::<PyInt>().is_ok() {
        return Ok(v.str()?.to_cow()?.into_owned());
    }
    if v.cast::<PyFloat>().is_ok() {
        let x: f64 = v.extract()?;
        return Ok(if x.is_finite() { format!("{x}") } else { String::new() });
    }
    if v.cast::<PyDateTime>().is_ok() || v.cast::<PyDate>().is_ok() {
        // A period: the date part (pandas' NaT has no year and reads as missing).
        let ymd = (v.getattr("year")?.extract::<i32>(), v.getattr("month")?.extract::<u32>(), v.getattr("day")?.extract::<u32>());
        return Ok(match ymd {
            (Ok(y), Ok(m), Ok(d)) => format!("{y:04}-{m:02}-{d:02}"),
            _ => String::new(),
        });
    }
    // numpy scalars, Decimal, pandas' NA …: their text, with the spellings of "missing" as empty.
    let s = v.str()?.to_cow()?.into_owned();
    Ok(match s.as_str() {
        "<NA>" | "NaT" | "nan" | "NaN" | "None" => String::new(),
        _ => s,
    })
}

/// Feeds Arrow batches to the builder, `N` documented columns a row, rows numbered
/// from 1 across the batches.
fn feed_arrow<const N: usize>(
    b: &mut DatasetBuilder,
    batches: &[RecordBatch],
    positions: &[Option<usize>],
    wanted: &[&str],
    file: &str,
    mut add: impl FnMut(&mut DatasetBuilder, [&str; N], u64),
) -> Result<(), InputError> {
    let mut line = 0u64;
    let mut bufs: [String; N] = std::array::from_fn(|_| String::new());
    for batch in batches {
        let cols: Vec<ArrowCells> = positions
            .iter()
            .zip(wanted)
            .map(|(p, w)| match p {
                Some(i) => ArrowCells::new(batch.column(*i)).map_err(|message| InputError::ColumnType {
                    file: file.to_string(),
                    column: (*w).to_string(),
                    dtype: batch.column(*i).data_type().to_string(),
                    message,
                }),
                None => Ok(ArrowCells::missing()),
            })
            .collect::<Result<_, _>>()?;
        for row in 0..batch.num_rows() {
            line += 1;
            let mut cells = cols.iter().zip(bufs.iter_mut()).map(|(c, buf)| c.get(row, buf));
            let fields: [&str; N] = std::array::from_fn(|_| cells.next().unwrap_or(""));
            add(b, fields, line);
        }
    }
    Ok(())
}

/// Feeds one source to the builder. Runs without the GIL.
pub fn feed(b: &mut DatasetBuilder, src: Source, kind: RecordKind, encoding: Encoding, sheet: Option<&str>) -> Result<(), InputError> {
    match (src, kind) {
        (Source::Path(p), RecordKind::Entities) if zhibiao::excel::Format::of_name(&p).is_some() => b.read_entities_excel_file(&p, sheet),
        (Source::Path(p), RecordKind::Observations) if zhibiao::excel::Format::of_name(&p).is_some() => {
            b.read_observations_excel_file(&p, sheet)
        }
        (Source::Sheet { name, bytes }, RecordKind::Entities) => b.read_entities_excel(&name, &bytes, sheet),
        (Source::Sheet { name, bytes }, RecordKind::Observations) => b.read_observations_excel(&name, &bytes, sheet),
        (Source::Path(p), RecordKind::Entities) if p.to_ascii_lowercase().ends_with(".json") => {
            let text = read_text(&p)?;
            b.read_entities_json(&p, &text)
        }
        (Source::Path(p), RecordKind::Observations) if p.to_ascii_lowercase().ends_with(".json") => {
            let text = read_text(&p)?;
            b.read_observations_json(&p, &text)
        }
        (Source::Path(p), RecordKind::Entities) => b.read_entities_file(&p, encoding),
        (Source::Path(p), RecordKind::Observations) => b.read_observations_file(&p, encoding),
        (Source::Bytes(bytes), RecordKind::Entities) => b.read_entities_csv("<bytes>", &bytes, encoding),
        (Source::Bytes(bytes), RecordKind::Observations) => b.read_observations_csv("<bytes>", &bytes, encoding),
        (Source::Rows { rows, ignored }, kind) => {
            note_ignored(b, kind, ignored);
            for (i, r) in rows.into_iter().enumerate() {
                add_row(b, kind, r, i as u64 + 1);
            }
            Ok(())
        }
        (Source::Arrow { batches, columns }, kind) => {
            let file = format!("<{}>", kind.name());
            let map = kind.columns().map(&file, &columns)?;
            // pandas writes a non-default index as `__index_level_0__`: not the user's data.
            let ignored = map.ignored.into_iter().filter(|c| !c.starts_with("__index_level_")).collect();
            note_ignored(b, kind, ignored);
            let wanted = kind.columns().names;
            match kind {
                RecordKind::Entities => feed_arrow::<8>(b, &batches, &map.positions, wanted, &file, |b, f, line| {
                    b.add_entity_fields(f, None, Some(line))
                }),
                RecordKind::Observations => feed_arrow::<8>(b, &batches, &map.positions, wanted, &file, |b, f, line| {
                    b.add_observation_str(f, None, Some(line))
                }),
            }
        }
    }
}

fn read_text(path: &str) -> Result<String, InputError> {
    zhibiao::io::read_text_file(path)
}

fn note_ignored(b: &mut DatasetBuilder, kind: RecordKind, ignored: Vec<String>) {
    match kind {
        RecordKind::Entities => b.note_ignored_entity_columns(ignored),
        RecordKind::Observations => b.note_ignored_observation_columns(ignored),
    }
}

/// Adds one row; in-memory rows are numbered from 1 with no file, as the core's
/// `extend_entities` / `extend_observations` number them.
fn add_row(b: &mut DatasetBuilder, kind: RecordKind, row: Result<Vec<String>, String>, line: u64) {
    let loc = Location { file: None, line: Some(line) };
    let f = match row {
        Ok(f) => f,
        Err(reason) => {
            let r = Rejection { location: loc, column: None, value: None, code: codes::BAD_ROW.into(), reason };
            match kind {
                RecordKind::Entities => b.reject_entity_row(r),
                RecordKind::Observations => b.reject_observation_row(r),
            }
            return;
        }
    };
    let g = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
    match kind {
        RecordKind::Entities => b.add_entity_fields(std::array::from_fn(g), None, loc.line),
        RecordKind::Observations => b.add_observation_str::<8>(std::array::from_fn(g), None, loc.line),
    }
}

/// A JSON value as the Python object `json.loads` would give.
pub fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, item) in m {
                d.set_item(k, json_to_py(py, item)?)?;
            }
            d.into_any()
        }
    })
}

/// Any serialisable core value as Python objects (its stable JSON form).
pub fn to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v).map_err(|e| errors::internal(format!("cannot serialise: {e}")))?;
    json_to_py(py, &value)
}

/// The machine name of a unit-like serde enum (`Status::OnTrack` → `on_track`).
pub fn code<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
