//! The catalog: documents, sections, tasks, targets and indicators as Python objects.

use crate::arrow::{Table, TableBuilder};
use crate::convert::{code, to_py};
use crate::errors;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::{Arc, OnceLock};
use zhibiao::catalog::fmt_num;
use zhibiao::Responsible;

static BUILTIN: OnceLock<Arc<zhibiao::Catalog>> = OnceLock::new();

/// The built-in catalog, parsed and validated once per process.
pub fn builtin(py: Python<'_>) -> PyResult<Arc<zhibiao::Catalog>> {
    if let Some(c) = BUILTIN.get() {
        return Ok(c.clone());
    }
    let c = py.detach(zhibiao::Catalog::builtin).map_err(|e| errors::catalog(py, &e))?;
    Ok(BUILTIN.get_or_init(|| Arc::new(c)).clone())
}

/// The encoded policy documents and the indicators their targets measure.
///
/// ``Catalog.builtin()`` gives the five documents shipped with zhibiao;
/// ``Catalog.load_dir(path)`` reads a directory laid out like ``spec/`` (for encoding new
/// documents) and raises :class:`CatalogError` listing every problem found.
#[pyclass(frozen, module = "zhibiao")]
#[derive(Clone)]
pub struct Catalog {
    pub inner: Arc<zhibiao::Catalog>,
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn unknown(what: &str, id: &str, known: Vec<&str>) -> PyErr {
    let shown: Vec<&str> = known.iter().take(8).copied().collect();
    let more = if known.len() > shown.len() { ", …" } else { "" };
    PyKeyError::new_err(format!("unknown {what} {id:?}; known: {}{more}", shown.join(", ")))
}

impl Catalog {
    fn doc_index(&self, id: &str) -> PyResult<usize> {
        self.inner
            .documents()
            .iter()
            .position(|d| d.id == id)
            .ok_or_else(|| unknown("document", id, self.inner.documents().iter().map(|d| d.id.as_str()).collect()))
    }

    pub fn target_obj(&self, id: &str) -> PyResult<Target> {
        for (d, doc) in self.inner.documents().iter().enumerate() {
            if let Some(t) = doc.targets.iter().position(|t| t.id == id) {
                return Ok(Target { cat: self.inner.clone(), d, t });
            }
        }
        Err(PyKeyError::new_err(format!("unknown target {id:?}")))
    }
}

#[pymethods]
impl Catalog {
    /// The five documents shipped with zhibiao (embedded; reads no files).
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Catalog> {
        Ok(Catalog { inner: builtin(py)? })
    }

    /// Reads and validates a catalog directory laid out like ``spec/``
    /// (``catalog/*.json``, ``indicators/*.json``, ``sources/*.txt``).
    #[staticmethod]
    fn load_dir(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Catalog> {
        let c = py.detach(|| zhibiao::Catalog::load_dir(&path)).map_err(|e| errors::catalog(py, &e))?;
        Ok(Catalog { inner: Arc::new(c) })
    }

    /// Every document, in catalog order.
    #[getter]
    fn documents(&self) -> Vec<Document> {
        (0..self.inner.documents().len()).map(|d| Document { cat: self.inner.clone(), d }).collect()
    }

    /// One document by id (``KeyError`` if unknown).
    fn document(&self, id: &str) -> PyResult<Document> {
        Ok(Document { cat: self.inner.clone(), d: self.doc_index(id)? })
    }

    /// Every target, or only those of one document.
    #[pyo3(signature = (document=None))]
    fn targets(&self, document: Option<&str>) -> PyResult<Vec<Target>> {
        let only = document.map(|id| self.doc_index(id)).transpose()?;
        let mut out = Vec::new();
        for (d, doc) in self.inner.documents().iter().enumerate() {
            if only.is_some_and(|o| o != d) {
                continue;
            }
            out.extend((0..doc.targets.len()).map(|t| Target { cat: self.inner.clone(), d, t }));
        }
        Ok(out)
    }

    /// One target by id (``KeyError`` if unknown).
    fn target(&self, id: &str) -> PyResult<Target> {
        self.target_obj(id)
    }

    /// A document's source clause by clause, as ``zhibiao coverage DOC --format json``
    /// prints it: every clause with its ``status`` (``covered``, ``uncovered``,
    /// ``allowed``, ``no_promise``), its figures and verbs, and what covers it
    /// (``KeyError`` if the document is unknown).
    fn coverage<'py>(&self, py: Python<'py>, document: &str) -> PyResult<Bound<'py, PyAny>> {
        self.doc_index(document)?;
        let cov = py.detach(|| self.inner.coverage(document));
        to_py(py, &cov)
    }

    /// What ``zhibiao check`` adds to loading: raises ``CatalogError``
    /// (``catalog.uncovered_clause`` …, every problem in ``problems``) when a clause with
    /// a figure or a deliverable verb is accounted for by nothing.
    fn check(&self, py: Python<'_>) -> PyResult<()> {
        let problems = py.detach(|| self.inner.coverage_problems());
        if problems.is_empty() {
            return Ok(());
        }
        Err(errors::catalog(py, &zhibiao::CatalogErrors(problems)))
    }

    /// A draft document from a policy text never seen before, as ``zhibiao extract
    /// --format json`` prints it, with the place of every candidate: a dict with
    /// ``document`` and ``candidates``. Every indicator is left empty; notes suggest one
    /// from this catalog. Raises ``InputError`` (``extract.no_period`` …).
    #[pyo3(signature = (text, *, id=None, year=None, jurisdiction=None, source="draft.txt"))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        id: Option<String>,
        year: Option<i32>,
        jurisdiction: Option<String>,
        source: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = zhibiao::extract::ExtractOptions { id, year, jurisdiction, source: source.to_string() };
        let draft = py.detach(|| zhibiao::extract::extract(text, &options, Some(&self.inner))).map_err(|e| errors::extract(py, &e))?;
        to_py(py, &draft)
    }

    /// Every indicator.
    #[getter]
    fn indicators(&self) -> Vec<Indicator> {
        self.inner.indicators().iter().map(|i| Indicator { inner: i.clone() }).collect()
    }

    /// One indicator by id (``KeyError`` if unknown).
    fn indicator(&self, id: &str) -> PyResult<Indicator> {
        self.inner
            .indicator(id)
            .map(|i| Indicator { inner: i.clone() })
            .ok_or_else(|| unknown("indicator", id, self.inner.indicators().iter().map(|i| i.id.as_str()).collect()))
    }

    /// Responsible units as the texts name them, each with the tasks naming it.
    fn units(&self) -> Vec<(String, Vec<Task>)> {
        let docs = self.inner.documents();
        self.inner
            .units()
            .into_iter()
            .map(|(u, tasks)| {
                let tasks = tasks
                    .into_iter()
                    .filter_map(|(doc, task)| {
                        let d = docs.iter().position(|x| x.id == doc.id)?;
                        let t = docs[d].tasks.iter().position(|x| x.id == task.id)?;
                        Some(Task { cat: self.inner.clone(), d, t })
                    })
                    .collect();
                (u, tasks)
            })
            .collect()
    }

    /// One row per target (the stable row of ``zhibiao targets --format json``), as a table.
    #[pyo3(signature = (document=None))]
    fn targets_table(&self, document: Option<&str>) -> PyResult<Table> {
        if let Some(d) = document {
            self.doc_index(d)?;
        }
        let mut t = TableBuilder::new(&[
            ("id", 's'),
            ("document", 's'),
            ("task", 's'),
            ("task_number", 's'),
            ("section", 's'),
            ("kind", 's'),
            ("indicator", 's'),
            ("comparator", 's'),
            ("value", 'f'),
            ("unit", 's'),
            ("count_mode", 's'),
            ("window_years", 'i'),
            ("deadline", 'd'),
            ("region", 's'),
            ("stages", 'l'),
            ("area_class", 's'),
            ("population", 's'),
            ("label", 's'),
            ("label_en", 's'),
            ("approximate", 'b'),
            ("soft", 'b'),
            ("responsible", 'l'),
            ("lead", 'l'),
            ("quote", 's'),
            ("figure_quote", 's'),
            ("quote_line", 'i'),
            ("contributes_to", 's'),
        ]);
        for r in self.inner.target_rows(document) {
            let stages: Vec<&str> = r.scope.stages.iter().map(|s| s.code()).collect();
            let lead: Vec<&str> = match &r.responsible {
                Responsible::LeadAndPartners { lead, .. } => lead.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            t.row()
                .s(Some(&r.id))
                .s(Some(&r.document))
                .s(r.task.as_deref())
                .s(r.task_number.as_deref())
                .s(Some(&r.section))
                .s(Some(&r.kind))
                .s(Some(&r.indicator))
                .s(r.comparator.map(|c| code(&c)).as_deref())
                .f(r.value)
                .s(r.unit.as_deref())
                .s(r.count_mode.map(|c| code(&c)).as_deref())
                .i(r.window_years.map(|w| w as i32))
                .d(Some(r.deadline))
                .s(Some(&r.scope.region))
                .l(&stages)
                .s(r.scope.area_class.as_deref())
                .s(r.scope.population.as_deref())
                .s(Some(&r.label))
                .s(Some(&r.label_en))
                .b(Some(r.approximate))
                .b(Some(r.soft))
                .l(&r.responsible.all_units())
                .l(&lead)
                .s(Some(&r.quote))
                .s(r.figure_quote.as_deref())
                .i(r.quote_line.map(|l| l as i32))
                .s(r.contributes_to.as_deref());
        }
        Ok(Table::new(t.finish()?))
    }

    /// What to report: one row per indicator (the stable row of ``zhibiao indicators
    /// --format json``), as dicts: ``id``, ``name``, ``name_en``, ``entity``, ``role``,
    /// ``unit``, ``value_type``, ``cumulative``, ``aggregation`` (how targets aggregate it:
    /// ``share_of_units``, ``units_meeting_minimum``, ``flagged_units``, ``region_figure``,
    /// ``region_total``, ``region_yearly_sum``, ``milestone``), ``targets``,
    /// ``condition_of``, ``baselines``, ``documents``, ``description``.
    #[pyo3(signature = (document=None))]
    fn indicator_rows<'py>(&self, py: Python<'py>, document: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = document {
            self.doc_index(d)?;
        }
        to_py(py, &self.inner.indicator_rows(document))
    }

    /// What a reporting unit fills in for ``document`` (the rows ``zhibiao template``
    /// writes): one dict per target with ``entity_id`` (its scope region, or ``region``,
    /// a code or name, for the targets whose scope contains it), ``indicator`` (the
    /// target id), ``period``, empty ``value`` and ``source``, ``region_name``,
    /// ``label``, ``unit``.
    #[pyo3(signature = (document, region=None))]
    fn template_rows<'py>(&self, py: Python<'py>, document: &str, region: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let rows = zhibiao::template::template_rows(&self.inner, document, region).map_err(|e| errors::eval(py, &e))?;
        to_py(py, &rows)
    }

    /// The rows of :meth:`template_rows` as CSV text, as ``zhibiao template`` writes the
    /// file; ``zhibiao.load(observations=...)`` reads it back as it is.
    #[pyo3(signature = (document, region=None))]
    fn template_csv(&self, py: Python<'_>, document: &str, region: Option<&str>) -> PyResult<String> {
        let rows = zhibiao::template::template_rows(&self.inner, document, region).map_err(|e| errors::eval(py, &e))?;
        Ok(zhibiao::template::template_csv(&rows))
    }

    /// The rows of :meth:`indicator_rows` as a table (lists as list columns).
    #[pyo3(signature = (document=None))]
    fn indicators_table(&self, document: Option<&str>) -> PyResult<Table> {
        if let Some(d) = document {
            self.doc_index(d)?;
        }
        let mut t = TableBuilder::new(&[
            ("id", 's'),
            ("name", 's'),
            ("name_en", 's'),
            ("entity", 's'),
            ("role", 's'),
            ("unit", 's'),
            ("value_type", 's'),
            ("cumulative", 'b'),
            ("aggregation", 'l'),
            ("targets", 'l'),
            ("condition_of", 'l'),
            ("baselines", 'l'),
            ("documents", 'l'),
            ("description", 's'),
        ]);
        for r in self.inner.indicator_rows(document) {
            let aggregation: Vec<&str> = r.aggregation.iter().map(|a| a.code()).collect();
            t.row()
                .s(Some(&r.id))
                .s(Some(&r.name))
                .s(Some(&r.name_en))
                .s(Some(r.entity.code()))
                .s(r.role.map(|x| code(&x)).as_deref())
                .s(Some(&r.unit))
                .s(Some(&code(&r.value_type)))
                .b(Some(r.cumulative))
                .l(&aggregation)
                .l(&strs(&r.targets))
                .l(&strs(&r.condition_of))
                .l(&strs(&r.baselines))
                .l(&strs(&r.documents))
                .s(Some(&r.description));
        }
        Ok(Table::new(t.finish()?))
    }

    fn __repr__(&self) -> String {
        let docs = self.inner.documents();
        let targets: usize = docs.iter().map(|d| d.targets.len()).sum();
        format!(
            "<zhibiao.Catalog: {} documents ({}), {} targets, {} indicators>",
            docs.len(),
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", "),
            targets,
            self.inner.indicators().len()
        )
    }
}

/// One encoded policy document.
#[pyclass(frozen, module = "zhibiao")]
pub struct Document {
    cat: Arc<zhibiao::Catalog>,
    d: usize,
}

impl Document {
    fn get(&self) -> &zhibiao::Document {
        &self.cat.documents()[self.d]
    }
}

#[pymethods]
impl Document {
    /// Stable identifier, e.g. ``bj-2023``.
    #[getter]
    fn id(&self) -> &str {
        &self.get().id
    }
    /// Title as written (Chinese).
    #[getter]
    fn title(&self) -> &str {
        &self.get().title
    }
    /// English rendering of the title.
    #[getter]
    fn title_en(&self) -> &str {
        &self.get().title_en
    }
    /// Issuing bodies as named in the text.
    #[getter]
    fn issuer(&self) -> Vec<String> {
        self.get().issuer.clone()
    }
    /// GB/T 2260 code of the jurisdiction (``000000`` for the nation).
    #[getter]
    fn jurisdiction(&self) -> &str {
        &self.get().jurisdiction
    }
    /// ``national``, ``provincial``, ``municipal`` or ``county``.
    #[getter]
    fn level(&self) -> String {
        code(&self.get().level)
    }
    /// Document number (文号), where the text gives one.
    #[getter]
    fn number(&self) -> Option<&str> {
        self.get().number.as_deref()
    }
    /// ``annual_work_points`` or ``five_year_plan``.
    #[getter]
    fn kind(&self) -> String {
        code(&self.get().kind)
    }
    /// The period covered: ``(start, end)``, both inclusive.
    #[getter]
    fn period(&self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        (self.get().period.start, self.get().period.end)
    }
    /// Date of issue, where the text gives it.
    #[getter]
    fn issued(&self) -> Option<chrono::NaiveDate> {
        self.get().issued
    }
    /// File name of the source text.
    #[getter]
    fn source(&self) -> &str {
        &self.get().source
    }
    /// The source text, unchanged.
    #[getter]
    fn text(&self) -> Option<String> {
        self.cat.source(self.get()).map(|s| s.as_str().to_string())
    }
    /// Headings, in reading order (children follow their parents).
    #[getter]
    fn sections(&self) -> Vec<Section> {
        (0..self.get().sections.len()).map(|s| Section { cat: self.cat.clone(), d: self.d, s }).collect()
    }
    /// Work tasks (工作任务), in reading order.
    #[getter]
    fn tasks(&self) -> Vec<Task> {
        (0..self.get().tasks.len()).map(|t| Task { cat: self.cat.clone(), d: self.d, t }).collect()
    }
    /// Targets: every checkable promise.
    #[getter]
    fn targets(&self) -> Vec<Target> {
        (0..self.get().targets.len()).map(|t| Target { cat: self.cat.clone(), d: self.d, t }).collect()
    }
    /// Figures the text states as the current state (JSON form).
    #[getter]
    fn baselines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get().baselines)
    }
    /// Promises deliberately not encoded, each with the reason (JSON form).
    #[getter]
    fn not_encoded<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get().not_encoded)
    }
    /// The document in its stable JSON form (as in ``spec/catalog/``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.get())
    }
    fn __repr__(&self) -> String {
        let d = self.get();
        format!(
            "<Document {}: {}{} ({}, {}, {}–{}) — {} sections, {} tasks, {} targets>",
            d.id,
            d.title,
            d.number.as_ref().map(|n| format!(" {n}")).unwrap_or_default(),
            code(&d.level),
            d.jurisdiction,
            d.period.start,
            d.period.end,
            d.sections.len(),
            d.tasks.len(),
            d.targets.len()
        )
    }
}

/// A heading of a document.
#[pyclass(frozen, module = "zhibiao")]
pub struct Section {
    cat: Arc<zhibiao::Catalog>,
    d: usize,
    s: usize,
}

impl Section {
    fn get(&self) -> &zhibiao::Section {
        &self.cat.documents()[self.d].sections[self.s]
    }
}

#[pymethods]
impl Section {
    /// Stable identifier, e.g. ``bj-2023/s2``.
    #[getter]
    fn id(&self) -> &str {
        &self.get().id
    }
    /// Number as written (``一``, ``(三)``), if any.
    #[getter]
    fn number(&self) -> Option<&str> {
        self.get().number.as_deref()
    }
    /// Heading text as written.
    #[getter]
    fn title(&self) -> &str {
        &self.get().title
    }
    /// Parent section id, if any.
    #[getter]
    fn parent(&self) -> Option<&str> {
        self.get().parent.as_deref()
    }
    fn __repr__(&self) -> String {
        let s = self.get();
        format!("<Section {}: {}{}>", s.id, s.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default(), s.title)
    }
}

/// A work task (工作任务) with its responsible units.
#[pyclass(frozen, module = "zhibiao")]
pub struct Task {
    cat: Arc<zhibiao::Catalog>,
    d: usize,
    t: usize,
}

impl Task {
    fn get(&self) -> &zhibiao::Task {
        &self.cat.documents()[self.d].tasks[self.t]
    }
}

fn responsible_text(r: &Responsible) -> String {
    match r {
        Responsible::LeadAndPartners { lead, partners } if partners.is_empty() => format!("牵头 {}", lead.join("、")),
        Responsible::LeadAndPartners { lead, partners } => format!("牵头 {}; 配合 {}", lead.join("、"), partners.join("、")),
        Responsible::Listed { units } => units.join("、"),
        Responsible::NotStated => "responsible unit not stated".into(),
    }
}

#[pymethods]
impl Task {
    /// Stable identifier, e.g. ``bj-2023/t2.2``.
    #[getter]
    fn id(&self) -> &str {
        &self.get().id
    }
    /// Document id.
    #[getter]
    fn document(&self) -> &str {
        &self.cat.documents()[self.d].id
    }
    /// Number as written, if any.
    #[getter]
    fn number(&self) -> Option<&str> {
        self.get().number.as_deref()
    }
    /// Title as written.
    #[getter]
    fn title(&self) -> &str {
        &self.get().title
    }
    /// English rendering of the title, if encoded.
    #[getter]
    fn title_en(&self) -> Option<&str> {
        self.get().title_en.as_deref()
    }
    /// Section id.
    #[getter]
    fn section(&self) -> &str {
        &self.get().section
    }
    /// Responsible units as the text lists them (JSON form: ``style`` with ``lead`` /
    /// ``partners``, or ``units``).
    #[getter]
    fn responsible<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get().responsible)
    }
    /// Every unit named, leads first.
    #[getter]
    fn units(&self) -> Vec<String> {
        self.get().responsible.all_units().into_iter().map(str::to_string).collect()
    }
    /// Lead units (牵头单位), where the text distinguishes them.
    #[getter]
    fn lead(&self) -> Vec<String> {
        match &self.get().responsible {
            Responsible::LeadAndPartners { lead, .. } => lead.clone(),
            _ => Vec::new(),
        }
    }
    /// Partner units (配合单位), where the text distinguishes them.
    #[getter]
    fn partners(&self) -> Vec<String> {
        match &self.get().responsible {
            Responsible::LeadAndPartners { partners, .. } => partners.clone(),
            _ => Vec::new(),
        }
    }
    /// Verbatim quote of the task's heading or opening words.
    #[getter]
    fn quote(&self) -> &str {
        &self.get().quote
    }
    /// The task's targets.
    #[getter]
    fn targets(&self) -> Vec<Target> {
        let doc = &self.cat.documents()[self.d];
        let id = &self.get().id;
        (0..doc.targets.len())
            .filter(|&t| doc.targets[t].task.as_deref() == Some(id))
            .map(|t| Target { cat: self.cat.clone(), d: self.d, t })
            .collect()
    }
    /// The task in its stable JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.get())
    }
    fn __repr__(&self) -> String {
        let t = self.get();
        format!(
            "<Task {}: {}{} — {}>",
            t.id,
            t.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default(),
            t.title,
            responsible_text(&t.responsible)
        )
    }
}

/// A checkable promise: kind, comparator, figure, unit, scope, deadline and verbatim quote.
#[pyclass(frozen, module = "zhibiao")]
pub struct Target {
    cat: Arc<zhibiao::Catalog>,
    d: usize,
    t: usize,
}

impl Target {
    fn doc(&self) -> &zhibiao::Document {
        &self.cat.documents()[self.d]
    }
    fn get(&self) -> &zhibiao::Target {
        &self.doc().targets[self.t]
    }
    fn task_ref(&self) -> Option<&zhibiao::Task> {
        let id = self.get().task.as_deref()?;
        self.doc().tasks.iter().find(|t| t.id == id)
    }
}

/// ``≥ 100 %`` style figure of a target, or ``done`` for milestones.
pub fn figure(t: &zhibiao::Target) -> String {
    match (t.comparator, t.value, &t.unit) {
        (Some(c), Some(v), Some(u)) => format!("{} {}{}{}", c.symbol(), fmt_num(v), if u == "%" { "" } else { " " }, u),
        _ => "done".into(),
    }
}

#[pymethods]
impl Target {
    /// Stable identifier, e.g. ``bj-plan-2021/t1/gigabit-to-school``.
    #[getter]
    fn id(&self) -> &str {
        &self.get().id
    }
    /// Document id.
    #[getter]
    fn document(&self) -> &str {
        &self.doc().id
    }
    /// Task id, or ``None`` for goals stated outside any task.
    #[getter]
    fn task(&self) -> Option<Task> {
        let id = self.get().task.as_deref()?;
        let t = self.doc().tasks.iter().position(|t| t.id == id)?;
        Some(Task { cat: self.cat.clone(), d: self.d, t })
    }
    /// Section id.
    #[getter]
    fn section(&self) -> &str {
        &self.get().section
    }
    /// Short label in Chinese (千兆到校).
    #[getter]
    fn label(&self) -> &str {
        &self.get().label
    }
    /// Short label in English.
    #[getter]
    fn label_en(&self) -> &str {
        &self.get().label_en
    }
    /// ``share``, ``level``, ``count``, ``per_unit_minimum`` or ``milestone``.
    #[getter]
    fn kind(&self) -> &str {
        self.get().kind.name()
    }
    /// The indicator measured.
    #[getter]
    fn indicator(&self) -> &str {
        &self.get().indicator
    }
    /// ``at_least``, ``more_than``, ``at_most``, ``less_than``, ``about`` or ``reach``;
    /// ``None`` for milestones.
    #[getter]
    fn comparator(&self) -> Option<String> {
        self.get().comparator.map(|c| code(&c))
    }
    /// The figure; ``None`` for milestones.
    #[getter]
    fn value(&self) -> Option<f64> {
        self.get().value
    }
    /// Unit of the figure; ``None`` for milestones.
    #[getter]
    fn unit(&self) -> Option<&str> {
        self.get().unit.as_deref()
    }
    /// For share and per-unit-minimum targets: what each unit must satisfy (JSON form).
    #[getter]
    fn condition<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get().condition)
    }
    /// For count targets: ``cumulative`` or ``new``.
    #[getter]
    fn count_mode(&self) -> Option<String> {
        self.get().count_mode.map(|c| code(&c))
    }
    /// For per-unit-minimum targets: the coverage window in years.
    #[getter]
    fn window_years(&self) -> Option<u32> {
        self.get().window_years
    }
    /// Which units the target is about (JSON form: ``region``, ``stages``, ``area_class`` …).
    #[getter]
    fn scope<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.get().scope)
    }
    /// Due date.
    #[getter]
    fn deadline(&self) -> chrono::NaiveDate {
        self.get().deadline
    }
    /// Start of the period over which progress is measured.
    #[getter]
    fn start(&self) -> chrono::NaiveDate {
        self.get().start.unwrap_or(self.doc().period.start)
    }
    /// The figure is approximate (左右, 约).
    #[getter]
    fn approximate(&self) -> bool {
        self.get().approximate
    }
    /// The promise is soft (原则上, 探索, 力争).
    #[getter]
    fn soft(&self) -> bool {
        self.get().soft
    }
    /// Verbatim quote of the promise.
    #[getter]
    fn quote(&self) -> &str {
        &self.get().quote
    }
    /// Byte offsets ``(start, end)`` of the quote in the source text.
    #[getter]
    fn quote_span(&self) -> Option<(usize, usize)> {
        self.cat.locate(self.doc(), &self.get().quote)
    }
    /// 1-based line of the quote in the source text.
    #[getter]
    fn quote_line(&self) -> Option<usize> {
        let (s, _) = self.cat.locate(self.doc(), &self.get().quote)?;
        self.cat.source(self.doc()).map(|src| src.line_of(s))
    }
    /// Target id in another document this one is a step toward.
    #[getter]
    fn contributes_to(&self) -> Option<&str> {
        self.get().contributes_to.as_deref()
    }
    /// Encoder's note on an interpretation the text leaves open.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.get().note.as_deref()
    }
    /// Responsible units of the target's task (JSON form).
    #[getter]
    fn responsible<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.task_ref().map_or(Responsible::NotStated, |t| t.responsible.clone()))
    }
    /// The stable flat row (``zhibiao targets --format json``) as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self.cat.target_rows(Some(&self.doc().id));
        match rows.iter().find(|r| r.id == self.get().id) {
            Some(r) => to_py(py, r),
            None => Ok(PyDict::new(py).into_any()),
        }
    }
    fn __repr__(&self) -> String {
        let t = self.get();
        let flags = [(t.approximate, " approximate"), (t.soft, " soft")].iter().filter(|f| f.0).map(|f| f.1).collect::<String>();
        format!("<Target {}: {} — {} {} by {} in {}{}>", t.id, t.label, t.kind.name(), figure(t), t.deadline, t.scope.region, flags)
    }
}

/// A measurable quantity targets are about.
#[pyclass(frozen, module = "zhibiao")]
pub struct Indicator {
    inner: zhibiao::Indicator,
}

#[pymethods]
impl Indicator {
    /// Stable identifier, ``entity.quantity`` (``school.bandwidth_mbps``).
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// Chinese name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// English name.
    #[getter]
    fn name_en(&self) -> &str {
        &self.inner.name_en
    }
    /// Entity kind measured: ``region``, ``school``, ``class``, ``person`` or ``system``.
    #[getter]
    fn entity(&self) -> String {
        code(&self.inner.entity)
    }
    /// For person indicators, whose (``principal``, ``teacher`` …).
    #[getter]
    fn role(&self) -> Option<String> {
        self.inner.role.map(|r| code(&r))
    }
    /// ``number``, ``percent``, ``boolean`` or ``count``.
    #[getter]
    fn value_type(&self) -> String {
        code(&self.inner.value_type)
    }
    /// Unit (empty for yes/no).
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }
    /// Whether the value accumulates over time.
    #[getter]
    fn cumulative(&self) -> bool {
        self.inner.cumulative
    }
    /// How to measure it.
    #[getter]
    fn description(&self) -> &str {
        &self.inner.description
    }
    /// The indicator in its stable JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        let i = &self.inner;
        format!("<Indicator {}: {} ({}, {}{}{})>", i.id, i.name, code(&i.entity), code(&i.value_type), if i.unit.is_empty() { "" } else { ", " }, i.unit)
    }
}
