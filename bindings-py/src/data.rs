//! Loading observed data: entities and observations from CSV files (UTF-8 or GBK),
//! DataFrames and Arrow tables, or lists of dicts; every rejected record reported.

use crate::arrow::{Table, TableBuilder};
use crate::catalog::{builtin, Catalog};
use crate::convert::{self, to_py, RecordKind};
use crate::errors;
use pyo3::prelude::*;
use std::sync::Arc;
use zhibiao::io::Encoding;
use zhibiao::report::Lang;

/// Observed data, validated against a catalog, ready to evaluate.
#[pyclass(frozen, module = "zhibiao")]
pub struct Dataset {
    pub cat: Arc<zhibiao::Catalog>,
    pub data: Arc<zhibiao::Dataset>,
    pub report: Py<LoadReport>,
}

#[pymethods]
impl Dataset {
    /// What loading did with every record (read, accepted, rejected with reasons).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<LoadReport> {
        self.report.clone_ref(py)
    }
    /// The catalog the data was validated against.
    #[getter]
    fn catalog(&self) -> Catalog {
        Catalog { inner: self.cat.clone() }
    }
    /// Number of entities, built-in regions included.
    #[getter]
    fn entity_count(&self) -> usize {
        self.data.len()
    }
    /// Number of accepted observations.
    #[getter]
    fn observation_count(&self) -> usize {
        self.data.observation_count()
    }
    /// Indicators (and milestone target ids) with at least one observation, sorted.
    #[getter]
    fn indicators(&self) -> Vec<String> {
        let mut v: Vec<String> = self.data.series.keys().cloned().collect();
        v.sort();
        v
    }
    /// Like :func:`zhibiao.resolve_region`, over this dataset's regions (the built-in ones
    /// and any added or renamed as region entities).
    fn resolve_region<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
        crate::regions::resolve_in(py, &self.data.regions, text)
    }
    fn __repr__(&self) -> String {
        let r = &self.report.get().inner;
        format!(
            "<zhibiao.Dataset: {} entities ({} regions), {} observations of {} indicators; rejected {} entity and {} observation record(s)>",
            self.data.len(),
            self.data.regions.len(),
            self.data.observation_count(),
            self.data.series.len(),
            r.entities.rejected.len(),
            r.observations.rejected.len()
        )
    }
}

/// What loading did with every record: ``accepted + len(rejected) == read``, for
/// entities and for observations.
#[pyclass(frozen, module = "zhibiao")]
pub struct LoadReport {
    pub inner: zhibiao::LoadReport,
}

#[pymethods]
impl LoadReport {
    /// Entity records.
    #[getter]
    fn entities(&self) -> RecordCounts {
        RecordCounts { inner: self.inner.entities.clone(), what: "entities" }
    }
    /// Observation records.
    #[getter]
    fn observations(&self) -> RecordCounts {
        RecordCounts { inner: self.inner.observations.clone(), what: "observations" }
    }
    /// True when nothing was rejected.
    #[getter]
    fn is_clean(&self) -> bool {
        self.inner.is_clean()
    }
    /// Every rejection, entities first.
    fn rejections(&self) -> Vec<Rejection> {
        self.inner.rejections().map(|r| Rejection { inner: r.clone() }).collect()
    }
    /// Every rejection as a table: ``record`` (entity / observation), ``file``, ``line``,
    /// ``column``, ``value``, ``code``, ``reason``.
    fn rejections_table(&self) -> PyResult<Table> {
        let batch = zhibiao::columnar::rejections_batch(&self.inner).map_err(|e| errors::internal(e.to_string()))?;
        Ok(Table::new(batch))
    }
    /// Summary lines with the rejected records (at most ``max_rows``), in ``zh`` or ``en``.
    #[pyo3(signature = (lang="en", max_rows=50))]
    fn summary(&self, lang: &str, max_rows: usize) -> PyResult<String> {
        let lang: Lang = lang.parse().map_err(errors::argument)?;
        Ok(zhibiao::report::load_summary(&self.inner, lang, max_rows))
    }
    /// The report in its stable JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __str__(&self) -> String {
        zhibiao::report::load_summary(&self.inner, Lang::En, 50)
    }
    fn __repr__(&self) -> String {
        let (e, o) = (&self.inner.entities, &self.inner.observations);
        format!(
            "<LoadReport entities: read {}, accepted {}, rejected {}; observations: read {}, accepted {}, rejected {}>",
            e.read,
            e.accepted,
            e.rejected.len(),
            o.read,
            o.accepted,
            o.rejected.len()
        )
    }
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("zhibiao._display")?.call_method1("load_report_html", (slf,))
    }
}

/// Counts of records read, accepted and rejected.
#[pyclass(frozen, module = "zhibiao")]
pub struct RecordCounts {
    inner: zhibiao::data::RecordCounts,
    what: &'static str,
}

#[pymethods]
impl RecordCounts {
    /// Records read.
    #[getter]
    fn read(&self) -> u64 {
        self.inner.read
    }
    /// Records accepted.
    #[getter]
    fn accepted(&self) -> u64 {
        self.inner.accepted
    }
    /// Records rejected, each with its location and reason.
    #[getter]
    fn rejected(&self) -> Vec<Rejection> {
        self.inner.rejected.iter().map(|r| Rejection { inner: r.clone() }).collect()
    }
    /// Of the accepted, observation rows with an empty value (a template row not
    /// filled in): read, not observations.
    #[getter]
    fn blank(&self) -> u64 {
        self.inner.blank
    }
    /// Input columns that are not documented columns and were not read.
    #[getter]
    fn ignored_columns(&self) -> Vec<String> {
        self.inner.ignored_columns.clone()
    }
    /// How each file was decoded and why: dicts with ``file``, ``encoding`` (``UTF-8``,
    /// ``GB18030`` …) and ``reason`` (empty for in-memory input).
    #[getter]
    fn encodings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.encodings)
    }
    fn __repr__(&self) -> String {
        format!(
            "<RecordCounts {}: read {}, accepted {}, rejected {}{}>",
            self.what,
            self.inner.read,
            self.inner.accepted,
            self.inner.rejected.len(),
            if self.inner.ignored_columns.is_empty() {
                String::new()
            } else {
                format!(", columns not read: {}", self.inner.ignored_columns.join(", "))
            }
        )
    }
}

/// One rejected record: where it came from, the column and value at fault, a stable
/// ``code`` (``data.unknown_entity``, ``data.out_of_range`` …) and the reason.
#[pyclass(frozen, module = "zhibiao")]
pub struct Rejection {
    inner: zhibiao::Rejection,
}

#[pymethods]
impl Rejection {
    /// File the record was read from (``None`` for in-memory input).
    #[getter]
    fn file(&self) -> Option<&str> {
        self.inner.location.file.as_deref()
    }
    /// 1-based line (CSV) or record number (DataFrame rows, list items).
    #[getter]
    fn line(&self) -> Option<u64> {
        self.inner.location.line
    }
    /// Column (field name) at fault.
    #[getter]
    fn column(&self) -> Option<&str> {
        self.inner.column.as_deref()
    }
    /// The offending value as read.
    #[getter]
    fn value(&self) -> Option<&str> {
        self.inner.value.as_deref()
    }
    /// Stable error code (``data.*``).
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    /// Human-readable reason.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }
    /// The rejection in its stable JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __str__(&self) -> String {
        self.inner.to_string()
    }
    fn __repr__(&self) -> String {
        format!("<Rejection {}>", self.inner)
    }
}

fn catalog_or_builtin(py: Python<'_>, catalog: Option<&Bound<'_, Catalog>>) -> PyResult<Arc<zhibiao::Catalog>> {
    match catalog {
        Some(c) => Ok(c.get().inner.clone()),
        None => builtin(py),
    }
}

fn finish(
    py: Python<'_>,
    cat: Arc<zhibiao::Catalog>,
    data: zhibiao::Dataset,
    report: zhibiao::LoadReport,
    strict: bool,
) -> PyResult<Dataset> {
    let clean = report.is_clean();
    let obj = Py::new(py, LoadReport { inner: report })?;
    if !clean {
        if strict {
            return Err(errors::rejected(py, &obj.get().inner, obj.bind(py).clone().into_any()));
        }
        errors::warn_rejected(py, &obj.get().inner)?;
    }
    Ok(Dataset { cat, data: Arc::new(data), report: obj })
}

/// Loads entities and observations and validates every record.
///
/// Each of ``entities`` and ``observations`` may be a CSV path (UTF-8 with or without
/// BOM, or GBK; ``encoding`` is ``"auto"``, ``"utf-8"`` or ``"gbk"``), a ``.json`` path,
/// a spreadsheet path (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``), CSV or
/// spreadsheet bytes, a pandas or polars DataFrame, a pyarrow Table (any object with
/// ``__arrow_c_stream__``), or a list of dicts, with the documented columns (or their
/// Chinese aliases: 学校代码, 指标, 年份, 数值 …).
///
/// A spreadsheet is read from ``sheet`` (both inputs), or ``entities_sheet`` /
/// ``observations_sheet``, else from its first worksheet; a sheet that is not there
/// raises :class:`InputError` (``input.no_such_sheet``) listing the sheets.
///
/// Rejected records are listed in ``Dataset.load_report`` and a
/// :class:`RejectedRecordsWarning` is emitted; with ``strict=True`` they raise
/// :class:`RejectedRecordsError` instead. Problems with a whole input (unreadable file,
/// undecodable bytes, missing column) raise :class:`InputError`.
#[pyfunction]
#[pyo3(signature = (entities=None, observations=None, *, catalog=None, encoding="auto", strict=false, sheet=None, entities_sheet=None, observations_sheet=None))]
#[allow(clippy::too_many_arguments)]
pub fn load(
    py: Python<'_>,
    entities: Option<&Bound<'_, PyAny>>,
    observations: Option<&Bound<'_, PyAny>>,
    catalog: Option<&Bound<'_, Catalog>>,
    encoding: &str,
    strict: bool,
    sheet: Option<String>,
    entities_sheet: Option<String>,
    observations_sheet: Option<String>,
) -> PyResult<Dataset> {
    let entities_sheet = entities_sheet.or_else(|| sheet.clone());
    let observations_sheet = observations_sheet.or(sheet);
    let enc: Encoding = encoding.parse().map_err(errors::argument)?;
    let cat = catalog_or_builtin(py, catalog)?;
    let ents = entities.filter(|e| !e.is_none()).map(|e| convert::source(e, RecordKind::Entities)).transpose()?;
    let obs = observations.filter(|o| !o.is_none()).map(|o| convert::source(o, RecordKind::Observations)).transpose()?;
    let c = cat.clone();
    let built = py.detach(move || -> Result<_, zhibiao::io::InputError> {
        let mut b = zhibiao::DatasetBuilder::new(&c);
        if let Some(s) = ents {
            convert::feed(&mut b, s, RecordKind::Entities, enc, entities_sheet.as_deref())?;
        }
        b.build_entities_first(|b| match obs {
            Some(s) => convert::feed(b, s, RecordKind::Observations, enc, observations_sheet.as_deref()),
            None => Ok(()),
        })
    });
    let (data, report) = built.map_err(|e| errors::input(py, &e))?;
    finish(py, cat, data, report, strict)
}

// The literal default keeps Python's signature readable; it must stay the core's seed.
const _: () = assert!(zhibiao::sample::DEFAULT_SEED == 2021);

/// The built-in synthetic sample (Beijing's 16 districts, Chengdu, Shaanxi, the nation):
/// invented schools and figures, real region codes. The same seed gives the same data
/// in Rust, Python and JavaScript.
#[pyfunction]
#[pyo3(signature = (seed=2021, *, catalog=None))]
pub fn sample(py: Python<'_>, seed: u64, catalog: Option<&Bound<'_, Catalog>>) -> PyResult<Dataset> {
    let cat = catalog_or_builtin(py, catalog)?;
    let c = cat.clone();
    let (data, report) = py.detach(move || zhibiao::sample_dataset(&c, seed));
    finish(py, cat, data, report, false)
}

/// The built-in sample as two tables with the documented columns,
/// ``(entities, observations)`` — the input format, to look at or to save as CSV.
#[pyfunction]
#[pyo3(signature = (seed=2021, *, catalog=None))]
pub fn sample_tables(py: Python<'_>, seed: u64, catalog: Option<&Bound<'_, Catalog>>) -> PyResult<(Table, Table)> {
    let cat = catalog_or_builtin(py, catalog)?;
    let s = py.detach(move || zhibiao::sample::generate(&cat, seed));
    let spec = |k: RecordKind| k.columns().names.iter().map(|c| (*c, 's')).collect::<Vec<_>>();
    let mut e = TableBuilder::new(&spec(RecordKind::Entities));
    for r in &s.entities {
        e.row()
            .s(Some(&r.entity_id))
            .s(Some(&r.kind))
            .s(Some(&r.name))
            .s(Some(&r.region_code))
            .s(Some(&r.parent_id))
            .s(Some(&r.stage))
            .s(Some(&r.area_class))
            .s(Some(&r.role));
    }
    // The sample reports no region figures, so the optional numerator, denominator and
    // count_basis columns are left out: the five columns every observation has.
    let mut o = TableBuilder::new(&spec(RecordKind::Observations)[..5]);
    for r in &s.observations {
        o.row().s(Some(&r.entity_id)).s(Some(&r.indicator)).s(Some(&r.period)).s(Some(&r.value)).s(Some(&r.source));
    }
    Ok((Table::new(e.finish()?), Table::new(o.finish()?)))
}
