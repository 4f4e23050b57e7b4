//! `zhibiao._zhibiao`: the native module of the Python package `zhibiao`.
//!
//! Thin by design: every function converts its arguments, calls the core crate and
//! converts the answer back. No evaluation logic lives here (nor in the Python package);
//! the Python, WASM and Rust front doors give the same numbers because they run the same
//! core. Errors are mapped in one place (`errors.rs`); long work runs without the GIL.

mod arrow;
mod catalog;
mod convert;
mod data;
mod errors;
mod eval;
mod partials;
mod regions;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use zhibiao::{Comparator, Status};

/// Quantities (figure, comparator, unit, relation) read from Chinese text, e.g.
/// ``parse_quantities("中小学宽带接入率达到97%以上")`` →
/// ``[{"comparator": "at_least", "value": 97.0, "high": None, "unit": "%", "relation": "level", …}]``.
/// A range (``3至5个``) is one quantity with ``high``; ``relation`` is ``level``,
/// ``increase``, ``decrease`` or ``multiple``. Raises ``QuantityError``
/// (``quantity.out_of_range``) for a figure beyond ±2^53.
#[pyfunction]
fn parse_quantities<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let all = zhibiao::try_parse_all(text).map_err(|e| errors::quantity(py, &e))?;
    convert::to_py(py, &all)
}

/// One reported figure as officials write it (``1,291``, ``10397万``, ``97.6 %``,
/// ``超过70%``, ``近12万间``, ``118/120``) → ``{"value", "unit", "qualifier",
/// "numerator", "denominator"}``; ``qualifier`` is ``exact``, ``at_least``,
/// ``more_than``, ``at_most``, ``less_than`` or ``about``. Raises ``QuantityError``
/// (``quantity.not_found``, ``quantity.out_of_range``, ``quantity.bad_figure``).
#[pyfunction]
fn read_figure<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let f = zhibiao::read_figure(text).map_err(|e| errors::quantity(py, &e))?;
    convert::to_py(py, &f)
}

#[pymodule]
fn _zhibiao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_SEED", zhibiao::sample::DEFAULT_SEED)?;
    // Labels and symbols come from the core, so displays in every front door agree.
    let statuses = PyDict::new(py);
    for s in Status::ALL {
        let d = PyDict::new(py);
        d.set_item("zh", s.zh())?;
        d.set_item("en", s.en())?;
        d.set_item("legend_zh", s.text().legend_zh)?;
        d.set_item("legend_en", s.text().legend_en)?;
        statuses.set_item(s.code(), d)?;
    }
    m.add("STATUSES", statuses)?;
    let reasons = PyDict::new(py);
    for (code, zh, en) in zhibiao::lang::reasons() {
        let d = PyDict::new(py);
        d.set_item("zh", zh)?;
        d.set_item("en", en)?;
        reasons.set_item(code, d)?;
    }
    m.add("REASONS", reasons)?;
    let comparators = PyDict::new(py);
    for c in [Comparator::AtLeast, Comparator::MoreThan, Comparator::AtMost, Comparator::LessThan, Comparator::About, Comparator::Reach] {
        comparators.set_item(convert::code(&c), c.symbol())?;
    }
    m.add("COMPARATORS", comparators)?;
    m.add_class::<catalog::Catalog>()?;
    m.add_class::<catalog::Document>()?;
    m.add_class::<catalog::Section>()?;
    m.add_class::<catalog::Task>()?;
    m.add_class::<catalog::Target>()?;
    m.add_class::<catalog::Indicator>()?;
    m.add_class::<data::Dataset>()?;
    m.add_class::<data::LoadReport>()?;
    m.add_class::<data::RecordCounts>()?;
    m.add_class::<data::Rejection>()?;
    m.add_class::<eval::Evaluation>()?;
    m.add_class::<eval::TargetResult>()?;
    m.add_class::<eval::Report>()?;
    m.add_class::<arrow::Table>()?;
    m.add_function(wrap_pyfunction!(data::load, m)?)?;
    m.add_function(wrap_pyfunction!(data::sample, m)?)?;
    m.add_function(wrap_pyfunction!(data::sample_tables, m)?)?;
    m.add_function(wrap_pyfunction!(eval::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(partials::partials, m)?)?;
    m.add_function(wrap_pyfunction!(partials::finalize, m)?)?;
    m.add_function(wrap_pyfunction!(parse_quantities, m)?)?;
    m.add_function(wrap_pyfunction!(read_figure, m)?)?;
    m.add_function(wrap_pyfunction!(regions::resolve_region, m)?)?;
    m.add_function(wrap_pyfunction!(regions::regions, m)?)?;
    Ok(())
}
