//! Evaluation: the core's `evaluate`, run without the GIL, and its results as Python
//! objects and as an Arrow table.

use crate::arrow::{batch_from_flat, schema_capsule, stream_capsule, Table, TableBuilder};
use crate::catalog::Catalog;
use crate::convert::{code, to_py};
use crate::data::{Dataset, LoadReport};
use crate::errors;
use arrow_array::RecordBatch;
use chrono::NaiveDate;
use pyo3::exceptions::{PyIndexError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyString};
use std::sync::{Arc, OnceLock};
use zhibiao::report::{Lang, ReportOptions, Style};
use zhibiao::{EvalOptions, Status};

/// A date given as ``datetime.date`` (or ``datetime``, ``pandas.Timestamp``) or ``"YYYY-MM-DD"``.
pub(crate) fn date_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return zhibiao::period::parse_as_of(&s).map_err(|e| errors::argument(format!("{name}={:?}: {e}", zhibiao::text::clip(&s, 200))));
    }
    obj.extract::<NaiveDate>()
        .map_err(|_| errors::argument(format!("{name} must be a datetime.date or a string like 2024-12-31")))
}

/// Evaluates the catalog's targets against a dataset.
///
/// ``as_of`` is the date the evaluation stands at (observations after it are ignored).
/// ``region`` (a GB/T 2260 code) keeps that region and the regions below it; ``document``
/// and ``targets`` select targets; ``depth`` (``"nation"``, ``"province"``, ``"city"``,
/// ``"county"``) is the deepest region level reported; ``include_empty`` also reports
/// regions with no eligible units and no data. Unknown filters raise
/// :class:`EvaluationError` (``eval.unknown_region`` …). Runs without holding the GIL.
///
/// Method options (METHODOLOGY §11.8): ``on_track`` and ``needs_acceleration`` are the
/// growth-ratio thresholds (default 0.95 and 0.60); ``base_year`` takes the baseline from
/// that year's value or the next year with one, ``base_within_years`` from the earliest
/// value among the N years before the start (default: the latest value before the
/// start); ``clamp_projection=False`` leaves projections below 0 or above 100 %. Out of
/// range, they raise :class:`EvaluationError` ``eval.bad_option``.
#[pyfunction]
#[pyo3(signature = (data, as_of, *, region=None, document=None, targets=None, depth=None, include_empty=false, on_track=None, needs_acceleration=None, base_year=None, base_within_years=None, clamp_projection=true))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    py: Python<'_>,
    data: &Bound<'_, Dataset>,
    as_of: &Bound<'_, PyAny>,
    region: Option<String>,
    document: Option<String>,
    targets: Option<&Bound<'_, PyAny>>,
    depth: Option<String>,
    include_empty: bool,
    on_track: Option<f64>,
    needs_acceleration: Option<f64>,
    base_year: Option<i32>,
    base_within_years: Option<u32>,
    clamp_projection: bool,
) -> PyResult<Evaluation> {
    let ds = data.get();
    let options = eval_options(as_of, region, document, targets, depth, include_empty, (on_track, needs_acceleration), (base_year, base_within_years), clamp_projection)?;
    let (cat, d) = (ds.cat.clone(), ds.data.clone());
    let eval = py.detach(move || zhibiao::evaluate(&cat, &d, &options)).map_err(|e| errors::eval(py, &e))?;
    Ok(Evaluation {
        cat: ds.cat.clone(),
        data: ds.data.clone(),
        load: ds.report.clone_ref(py),
        eval: Arc::new(eval),
        table: OnceLock::new(),
    })
}

/// The evaluation options from the keyword arguments of :func:`evaluate` (and
/// :func:`finalize`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn eval_options(
    as_of: &Bound<'_, PyAny>,
    region: Option<String>,
    document: Option<String>,
    targets: Option<&Bound<'_, PyAny>>,
    depth: Option<String>,
    include_empty: bool,
    (on_track, needs_acceleration): (Option<f64>, Option<f64>),
    (base_year, base_within_years): (Option<i32>, Option<u32>),
    clamp_projection: bool,
) -> PyResult<EvalOptions> {
    let mut options = EvalOptions::new(date_arg(as_of, "as_of")?);
    options.region = region;
    options.document = document;
    options.targets = match targets {
        None => None,
        Some(t) if t.is_none() => None,
        Some(t) => match t.cast::<PyString>() {
            Ok(s) => Some(vec![s.to_cow()?.into_owned()]),
            Err(_) => Some(t.extract::<Vec<String>>()?),
        },
    };
    if let Some(d) = depth {
        options.depth = Some(
            serde_json::from_value(serde_json::Value::String(d.clone()))
                .map_err(|_| errors::argument(format!("depth={d:?}: use \"nation\", \"province\", \"city\" or \"county\"")))?,
        );
    }
    options.include_empty = include_empty;
    if on_track.is_some() || needs_acceleration.is_some() {
        let d = zhibiao::progress::Thresholds::default();
        options.thresholds = Some(zhibiao::progress::Thresholds {
            on_track: on_track.unwrap_or(d.on_track),
            needs_acceleration: needs_acceleration.unwrap_or(d.needs_acceleration),
        });
    }
    options.base_year = match (base_year, base_within_years) {
        (Some(_), Some(_)) => return Err(errors::argument("give base_year or base_within_years, not both")),
        (Some(year), None) => Some(zhibiao::eval::BaseYear::Fixed { year }),
        (None, Some(years)) => Some(zhibiao::eval::BaseYear::WithinYears { years }),
        (None, None) => None,
    };
    options.clamp_projection = Some(clamp_projection);
    Ok(options)
}

impl Evaluation {
    /// An evaluation's Python object.
    pub(crate) fn new(py: Python<'_>, ds: &Dataset, eval: zhibiao::Evaluation) -> Evaluation {
        Evaluation { cat: ds.cat.clone(), data: ds.data.clone(), load: ds.report.clone_ref(py), eval: Arc::new(eval), table: OnceLock::new() }
    }
}

/// The results of an evaluation: one per target and region.
///
/// It is a table: ``polars.DataFrame(ev)``, ``pyarrow.table(ev)``, :meth:`to_pandas` and
/// :meth:`to_polars` take its columns without copies. Iterating gives
/// :class:`TargetResult` objects; :meth:`report` renders it; :meth:`plot` draws it.
#[pyclass(frozen, module = "zhibiao")]
pub struct Evaluation {
    cat: Arc<zhibiao::Catalog>,
    data: Arc<zhibiao::Dataset>,
    load: Py<LoadReport>,
    eval: Arc<zhibiao::Evaluation>,
    table: OnceLock<RecordBatch>,
}

impl Evaluation {
    fn result_obj(&self, r: &zhibiao::TargetResult) -> TargetResult {
        let (label, label_en) = self.cat.target(&r.target).map_or((String::new(), String::new()), |(_, t)| (t.label.clone(), t.label_en.clone()));
        TargetResult { inner: r.clone(), label, label_en }
    }

    fn batch(&self, py: Python<'_>) -> PyResult<&RecordBatch> {
        if let Some(b) = self.table.get() {
            return Ok(b);
        }
        let (cat, data, eval) = (self.cat.clone(), self.data.clone(), self.eval.clone());
        let flat = py.detach(move || zhibiao::export::results_table(&cat, &data.regions, &eval, zhibiao::export::Columns::Data));
        let b = batch_from_flat(&flat)?;
        Ok(self.table.get_or_init(|| b))
    }
}

#[pymethods]
impl Evaluation {
    /// The date the evaluation stands at.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.eval.as_of
    }
    /// The catalog evaluated.
    #[getter]
    fn catalog(&self) -> Catalog {
        Catalog { inner: self.cat.clone() }
    }
    /// The load report of the data evaluated.
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<LoadReport> {
        self.load.clone_ref(py)
    }
    /// Observations no evaluated target reads, per indicator: dicts with ``indicator``
    /// and ``observations`` (information, not an error).
    #[getter]
    fn unused<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.eval.unused)
    }
    /// Every result, as objects.
    #[getter]
    fn results(&self) -> Vec<TargetResult> {
        self.eval.results.iter().map(|r| self.result_obj(r)).collect()
    }
    fn __len__(&self) -> usize {
        self.eval.results.len()
    }
    fn __getitem__(&self, index: isize) -> PyResult<TargetResult> {
        let n = self.eval.results.len() as isize;
        let i = if index < 0 { index + n } else { index };
        if i < 0 || i >= n {
            return Err(PyIndexError::new_err(format!("result index {index} out of range ({n} results)")));
        }
        Ok(self.result_obj(&self.eval.results[i as usize]))
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::new(py, self.results())?;
        Ok(list.try_iter()?.into_any())
    }
    /// The result of ``target`` in ``region`` (default: the target's own scope, e.g.
    /// ``110000`` for a Beijing target). ``KeyError`` if there is none.
    #[pyo3(signature = (target, region=None))]
    fn result(&self, target: &str, region: Option<&str>) -> PyResult<TargetResult> {
        let scope = self.cat.target(target).map(|(_, t)| t.scope.region.clone());
        let region = region.map(str::to_string).or(scope).unwrap_or_default();
        self.eval
            .results
            .iter()
            .find(|r| r.target == target && r.region == region)
            .map(|r| self.result_obj(r))
            .ok_or_else(|| PyKeyError::new_err(format!("no result for target {target:?} in region {region:?}")))
    }
    /// Counts of results by status, best first (``achieved``, ``on_track`` …).
    fn status_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let counts = zhibiao::report::status_counts(&self.eval.results);
        let d = PyDict::new(py);
        for s in Status::ALL {
            if let Some(n) = counts.get(&s) {
                d.set_item(s.code(), n)?;
            }
        }
        Ok(d)
    }
    /// The results as an Arrow table (see :class:`Table`).
    fn to_table(&self, py: Python<'_>) -> PyResult<Table> {
        Ok(Table::new(self.batch(py)?.clone()))
    }
    /// Export the results as an Arrow C stream (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyCapsule>>) -> PyResult<Bound<'py, PyCapsule>> {
        stream_capsule(py, self.batch(py)?, requested_schema)
    }
    /// Export the results' schema as an Arrow C schema.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, self.batch(py)?)
    }
    /// The results as a pandas DataFrame (Arrow-backed, no copies, with the default
    /// ``dtype_backend="pyarrow"``).
    #[pyo3(signature = (dtype_backend="pyarrow"))]
    fn to_pandas<'py>(&self, py: Python<'py>, dtype_backend: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_table(py)?)?;
        py.import("zhibiao._frames")?.call_method1("to_pandas", (t, dtype_backend))
    }
    /// The results as a polars DataFrame (no copies).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_table(py)?)?;
        py.import("zhibiao._frames")?.call_method1("to_polars", (t,))
    }
    /// The results in their stable JSON form (as ``zhibiao evaluate --format json``), as dicts.
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.eval.results)
    }
    /// The evaluation (``as_of`` and ``results``) as JSON text.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let out = match indent {
            None => serde_json::to_string(self.eval.as_ref()),
            Some(_) => serde_json::to_string_pretty(self.eval.as_ref()),
        };
        out.map_err(|e| errors::internal(e.to_string()))
    }
    /// The flat results table as CSV: a header of the column names of :meth:`to_table`,
    /// then ``responsible`` and ``working``; one line per result, RFC 4180 quoting, a
    /// missing value empty. With ``path`` (``str`` or ``os.PathLike``) it writes the
    /// file, UTF-8 with a byte-order mark so Excel reads the Chinese right, and returns
    /// ``None``; without, it returns the text (no byte-order mark). ``bom`` overrides
    /// either. A file that cannot be written raises ``OSError``.
    #[pyo3(signature = (path=None, *, bom=None))]
    fn to_csv(&self, py: Python<'_>, path: Option<std::path::PathBuf>, bom: Option<bool>) -> PyResult<Option<String>> {
        let (cat, data, eval) = (self.cat.clone(), self.data.clone(), self.eval.clone());
        let o = zhibiao::export::CsvOptions { bom: bom.unwrap_or(path.is_some()) };
        py.detach(move || {
            let table = zhibiao::export::results_table(&cat, &data.regions, &eval, zhibiao::export::Columns::WithText);
            match path {
                None => Ok(Some(zhibiao::export::csv_string(&table, &o))),
                Some(p) => {
                    let target = p.display().to_string();
                    let file = std::fs::File::create(&p).map_err(|e| zhibiao::export::ExportError::Io { target: target.clone(), source: e })?;
                    zhibiao::export::write_csv(&table, std::io::BufWriter::new(file), &o, &target).map(|()| None)
                }
            }
        })
        .map_err(|e| errors::export(&e))
    }
    /// Writes the formatted Excel report to ``path``: a summary sheet (statuses per
    /// document), a sheet per document (every column of :meth:`to_csv`, header frozen,
    /// autofilter, status cells in their colours, numbers, percentages and dates typed),
    /// and a sheet of the records the load rejected. ``load_report`` is the evaluation's
    /// own by default; pass another :class:`LoadReport`, or ``False`` for no such sheet.
    /// ``lang`` (``"zh"`` or ``"en"``) sets headers, sheet names and status labels.
    #[pyo3(signature = (path, load_report=None, *, lang="zh"))]
    fn to_excel(&self, py: Python<'_>, path: std::path::PathBuf, load_report: Option<&Bound<'_, PyAny>>, lang: &str) -> PyResult<()> {
        let lang: Lang = lang.parse().map_err(errors::argument)?;
        let load = match load_report {
            None => Some(self.load.get().inner.clone()),
            Some(x) if x.is_none() => Some(self.load.get().inner.clone()),
            Some(x) => match x.extract::<bool>() {
                Ok(false) => None,
                Ok(true) => Some(self.load.get().inner.clone()),
                Err(_) => Some(
                    x.cast::<LoadReport>()
                        .map_err(|_| errors::argument("load_report must be a LoadReport, None or False"))?
                        .get()
                        .inner
                        .clone(),
                ),
            },
        };
        let (cat, data, eval) = (self.cat.clone(), self.data.clone(), self.eval.clone());
        let o = zhibiao::xlsx::XlsxOptions { lang };
        py.detach(move || zhibiao::xlsx::write_workbook(&path, &cat, &data.regions, &eval, load.as_ref(), &o)).map_err(|e| errors::export(&e))
    }
    /// Year-by-year values of every result: ``target``, ``region``, ``year``, ``value``,
    /// ``numerator``, ``denominator``, ``reporting``.
    fn series(&self) -> PyResult<Table> {
        let mut t = TableBuilder::new(&[
            ("target", 's'),
            ("region", 's'),
            ("region_name", 's'),
            ("year", 'i'),
            ("value", 'f'),
            ("numerator", 'f'),
            ("denominator", 'f'),
            ("reporting", 'f'),
        ]);
        for r in &self.eval.results {
            for y in &r.series {
                t.row()
                    .s(Some(&r.target))
                    .s(Some(&r.region))
                    .s(Some(&r.region_name))
                    .i(Some(y.year))
                    .f(y.value)
                    .f(y.numerator)
                    .f(y.denominator)
                    .f(y.reporting);
            }
        }
        Ok(Table::new(t.finish()?))
    }
    /// Annual targets against the plan targets they contribute to, per region.
    fn trajectories(&self) -> PyResult<Table> {
        let mut t = TableBuilder::new(&[
            ("target", 's'),
            ("plan_target", 's'),
            ("region", 's'),
            ("deadline", 'd'),
            ("plan_value", 'f'),
            ("plan_deadline", 'd'),
            ("plan_path", 'f'),
            ("annual_implies", 'f'),
            ("annual_on_path", 'b'),
            ("observed", 'f'),
            ("annual_status", 's'),
            ("plan_status", 's'),
        ]);
        for x in zhibiao::views::trajectories(&self.cat, &self.eval) {
            t.row()
                .s(Some(&x.target))
                .s(Some(&x.plan_target))
                .s(Some(&x.region))
                .d(Some(x.deadline))
                .f(Some(x.plan_value))
                .d(Some(x.plan_deadline))
                .f(x.plan_path)
                .f(x.annual_implies)
                .b(x.annual_on_path)
                .f(x.observed)
                .s(Some(x.annual_status.code()))
                .s(x.plan_status.map(|s| s.code()));
        }
        Ok(Table::new(t.finish()?))
    }
    /// Statuses by document and section, read at each document's jurisdiction (or at
    /// ``region``), in JSON form.
    #[pyo3(signature = (region=None))]
    fn by_section<'py>(&self, py: Python<'py>, region: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &zhibiao::views::by_section(&self.cat, &self.eval, region))
    }
    /// Responsible units (those whose name contains ``name``, or all) with their tasks and
    /// the status of each task's targets, in JSON form.
    #[pyo3(signature = (name=None))]
    fn by_unit<'py>(&self, py: Python<'py>, name: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &zhibiao::views::by_unit(&self.cat, &self.eval, name))
    }
    /// The report: a status summary and, per document, every result region by region,
    /// then a legend of every column, status and mark. ``lang`` is ``"zh"`` or ``"en"``;
    /// ``ids=True`` adds a column of target ids, ``legend=False`` leaves the legend out.
    /// Shown as HTML in notebooks.
    #[pyo3(signature = (lang="zh", *, ids=false, legend=true))]
    fn report(slf: &Bound<'_, Self>, lang: &str, ids: bool, legend: bool) -> PyResult<Report> {
        let l: Lang = lang.parse().map_err(errors::argument)?;
        let this = slf.get();
        let (cat, eval) = (this.cat.clone(), this.eval.clone());
        let o = ReportOptions { lang: l, ids, legend, ..ReportOptions::default() };
        let (text, markdown) = slf.py().detach(move || {
            (
                zhibiao::report::render_with(&cat, &eval, &o),
                zhibiao::report::render_with(&cat, &eval, &ReportOptions { style: Style::Markdown, ..o }),
            )
        });
        Ok(Report { evaluation: slf.clone().unbind(), lang: lang.to_string(), text, markdown })
    }
    /// The working behind results (formula, inputs, intermediate numbers), step by step.
    #[pyo3(signature = (target=None, region=None))]
    fn explain(&self, target: Option<&str>, region: Option<&str>) -> String {
        self.eval
            .results
            .iter()
            .filter(|r| target.is_none_or(|t| r.target == t) && region.is_none_or(|x| r.region == x))
            .map(zhibiao::report::explain)
            .collect::<Vec<_>>()
            .join("\n")
    }
    /// Draws the results with matplotlib and returns the ``Axes``.
    ///
    /// ``kind="status"`` (default without a target): statuses per document.
    /// ``kind="regions"`` (default with a target): the target's value in each region,
    /// with bounds under missing reports, against the target figure.
    /// ``kind="trajectory"`` (default with a target and a region): the yearly values
    /// from the baseline against the straight path to the target and the projection.
    #[pyo3(signature = (target=None, *, kind=None, region=None, ax=None, lang="auto"))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        target: Option<&str>,
        kind: Option<&str>,
        region: Option<&str>,
        ax: Option<Bound<'py, PyAny>>,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(slf.py());
        kwargs.set_item("target", target)?;
        kwargs.set_item("kind", kind)?;
        kwargs.set_item("region", region)?;
        kwargs.set_item("ax", ax)?;
        kwargs.set_item("lang", lang)?;
        slf.py().import("zhibiao._plot")?.getattr("plot")?.call((slf,), Some(&kwargs))
    }
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("zhibiao._display")?.call_method1("evaluation_html", (slf, "zh"))
    }
    fn __repr__(&self) -> String {
        let counts = zhibiao::report::status_counts(&self.eval.results);
        let summary: Vec<String> = Status::ALL.iter().filter_map(|s| counts.get(s).map(|n| format!("{} {n}", s.code()))).collect();
        format!("<zhibiao.Evaluation as of {}: {} results — {}>", self.eval.as_of, self.eval.results.len(), summary.join(", "))
    }
}

/// A rendered report of an evaluation: ``str(report)`` is aligned text, ``.markdown`` is
/// Markdown, and notebooks show HTML.
#[pyclass(frozen, module = "zhibiao")]
pub struct Report {
    evaluation: Py<Evaluation>,
    lang: String,
    text: String,
    markdown: String,
}

#[pymethods]
impl Report {
    /// Aligned plain text.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// GitHub-flavoured Markdown.
    #[getter]
    fn markdown(&self) -> &str {
        &self.markdown
    }
    /// Report language, ``zh`` or ``en``.
    #[getter]
    fn lang(&self) -> &str {
        &self.lang
    }
    fn __str__(&self) -> &str {
        &self.text
    }
    fn __repr__(&self) -> &str {
        &self.text
    }
    fn _repr_markdown_(&self) -> &str {
        &self.markdown
    }
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("zhibiao._display")?.call_method1("evaluation_html", (self.evaluation.bind(py), self.lang.as_str()))
    }
}

/// The result of one target in one region: value, coverage, bounds, progress, status,
/// and the working that led there.
#[pyclass(frozen, module = "zhibiao")]
pub struct TargetResult {
    inner: zhibiao::TargetResult,
    label: String,
    label_en: String,
}

#[pymethods]
impl TargetResult {
    /// Target id.
    #[getter]
    fn target(&self) -> &str {
        &self.inner.target
    }
    /// The target's short label (Chinese).
    #[getter]
    fn label(&self) -> &str {
        &self.label
    }
    /// The target's short label (English).
    #[getter]
    fn label_en(&self) -> &str {
        &self.label_en
    }
    /// Document id.
    #[getter]
    fn document(&self) -> &str {
        &self.inner.document
    }
    /// Region code (GB/T 2260).
    #[getter]
    fn region(&self) -> &str {
        &self.inner.region
    }
    /// Region name.
    #[getter]
    fn region_name(&self) -> &str {
        &self.inner.region_name
    }
    /// ``nation``, ``province``, ``city`` or ``county``.
    #[getter]
    fn region_level(&self) -> String {
        code(&self.inner.region_level)
    }
    /// Code of the parent region (``None`` for the nation).
    #[getter]
    fn parent(&self) -> Option<&str> {
        self.inner.parent.as_deref()
    }
    /// Kind of target.
    #[getter]
    fn kind(&self) -> &str {
        self.inner.kind.name()
    }
    /// Indicator measured.
    #[getter]
    fn indicator(&self) -> &str {
        &self.inner.indicator
    }
    /// Comparator of the target figure.
    #[getter]
    fn comparator(&self) -> Option<String> {
        self.inner.comparator.map(|c| code(&c))
    }
    /// The target figure.
    #[getter]
    fn target_value(&self) -> Option<f64> {
        self.inner.target_value
    }
    /// Unit of value and target.
    #[getter]
    fn unit(&self) -> Option<&str> {
        self.inner.unit.as_deref()
    }
    /// Deadline.
    #[getter]
    fn deadline(&self) -> NaiveDate {
        self.inner.deadline
    }
    /// Evaluation date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.inner.as_of
    }
    /// Year of the current value.
    #[getter]
    fn year(&self) -> Option<i32> {
        self.inner.year
    }
    /// Current value (at the earlier of the as-of date and the deadline).
    #[getter]
    fn value(&self) -> Option<f64> {
        self.inner.value
    }
    /// Passing (or counted) units.
    #[getter]
    fn numerator(&self) -> Option<f64> {
        self.inner.numerator
    }
    /// Eligible units.
    #[getter]
    fn denominator(&self) -> Option<f64> {
        self.inner.denominator
    }
    /// Units reporting / eligible units, in %.
    #[getter]
    fn coverage(&self) -> Option<f64> {
        self.inner.coverage
    }
    /// Passing / reporting units, in %.
    #[getter]
    fn reported_share(&self) -> Option<f64> {
        self.inner.reported_share
    }
    /// What missing reports could change: ``(lower, upper)``.
    #[getter]
    fn bounds(&self) -> Option<(f64, f64)> {
        self.inner.bounds.map(|b| (b.lower, b.upper))
    }
    /// Baseline used: ``{"date", "value", "from"}``.
    #[getter]
    fn baseline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.baseline)
    }
    /// (value − baseline) / (target − baseline).
    #[getter]
    fn progress(&self) -> Option<f64> {
        self.inner.progress
    }
    /// Where the straight path from baseline to deadline stands at the current value's date.
    #[getter]
    fn expected_progress(&self) -> Option<f64> {
        self.inner.expected_progress
    }
    /// Observed growth / required growth.
    #[getter]
    fn growth_ratio(&self) -> Option<f64> {
        self.inner.growth_ratio
    }
    /// ``linear`` or ``cagr``.
    #[getter]
    fn method(&self) -> Option<String> {
        self.inner.method.map(|m| code(&m))
    }
    /// Value projected to the deadline.
    #[getter]
    fn projection(&self) -> Option<f64> {
        self.inner.projection
    }
    /// ``achieved``, ``on_track``, ``needs_acceleration``, ``limited``, ``regressing``,
    /// ``missed`` or ``not_assessable``.
    #[getter]
    fn status(&self) -> &str {
        self.inner.status.code()
    }
    /// Status if every missing unit had passed (only when it differs).
    #[getter]
    fn status_if_missing_passed(&self) -> Option<&str> {
        self.inner.status_if_missing_passed.map(|s| s.code())
    }
    /// Why not assessable (or why a sub-region carries no figure): ``{"code", "message"}``.
    #[getter]
    fn reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.reason)
    }
    /// The target figure is approximate.
    #[getter]
    fn approximate(&self) -> bool {
        self.inner.approximate
    }
    /// The promise is soft.
    #[getter]
    fn soft(&self) -> bool {
        self.inner.soft
    }
    /// Evidence (source) for milestones, and the source of a reported figure that decided.
    #[getter]
    fn evidence(&self) -> Option<&str> {
        self.inner.evidence.as_deref()
    }
    /// What decided the value: ``units``, ``reported`` (the figure reported for the region
    /// under the target's id), ``sub_regions`` or ``indicator``; ``None`` when nothing was
    /// reported under the target's id.
    #[getter]
    fn decided_by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.decided_by)
    }
    /// How the reported figure that decided was qualified (``more_than``, ``at_least``,
    /// ``at_most``, ``less_than``, ``about``), when it is not exact.
    #[getter]
    fn qualifier(&self) -> Option<&'static str> {
        self.inner.qualifier.map(|q| q.code())
    }
    /// A figure reported for the region beside the value that decided: ``{"year", "value",
    /// "qualifier", "numerator", "denominator", "source", "difference", "large"}``.
    #[getter]
    fn reported<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.reported)
    }
    /// Year-by-year values: ``{"year", "value", "numerator", "denominator", "reporting"}``.
    #[getter]
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.series)
    }
    /// Formula, inputs and intermediate numbers: ``{"name", "value", "how"}``.
    #[getter]
    fn working<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.working)
    }
    /// The working as text, step by step.
    fn explain(&self) -> String {
        zhibiao::report::explain(&self.inner)
    }
    /// The result in its stable JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let num = |v: f64| zhibiao::catalog::fmt_num((v * 100.0).round() / 100.0);
        let unit = r.unit.as_deref().unwrap_or("");
        let value = r.value.map_or("—".to_string(), |v| format!("{}{unit}", num(v)));
        let goal = match (r.comparator, r.target_value) {
            (Some(c), Some(v)) => format!(" (target {} {}{unit})", c.symbol(), num(v)),
            _ => String::new(),
        };
        let year = r.year.map(|y| format!(" in {y}")).unwrap_or_default();
        let reason = r.reason.as_ref().map(|x| format!(" [{}]", x.code)).unwrap_or_default();
        format!(
            "<TargetResult {} @ {} {}: {value}{year}{goal} — {}{reason}>",
            r.target,
            r.region,
            r.region_name,
            r.status.code()
        )
    }
}
