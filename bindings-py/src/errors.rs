//! The one place where every error of the core becomes a Python exception.
//!
//! The exception classes live in `zhibiao/_errors.py` (so that `InputError` can be both a
//! `ZhibiaoError` and a `ValueError`); each carries the core's stable `code` and a
//! `details` dict with the file, row, column and value where the core gives them.
//!
//! | core error                         | Python class                         | code                 |
//! |------------------------------------|--------------------------------------|----------------------|
//! | `CatalogErrors` (every problem)    | `CatalogError(ZhibiaoError, ValueError)` | `catalog.*` (first problem's) |
//! | `ExtractError`                     | `InputError(ZhibiaoError, ValueError)`   | `extract.*` |
//! | `io::InputError`                   | `InputError(ZhibiaoError, ValueError)`   | `input.*`            |
//! | a bad argument (encoding, date …)  | `InputError(ZhibiaoError, ValueError)`   | `input.argument`     |
//! | `data::Rejection` (strict mode)    | `RejectedRecordsError(InputError)`       | `data.*` (first rejection's) |
//! | `eval::EvalError`                  | `EvaluationError(ZhibiaoError, ValueError)` | `eval.*`          |
//! | `quantity::QuantityError`          | `QuantityError(ZhibiaoError, ValueError)`   | `quantity.*`      |
//! | `regions::RegionError`             | `RegionError(ZhibiaoError, ValueError)`  | `region.*`           |

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use zhibiao::catalog::{CatalogError, CatalogErrors};
use zhibiao::eval::EvalError;
use zhibiao::io::InputError;
use zhibiao::{LoadReport, QuantityError};
use zhibiao::regions::RegionError;

/// Builds `zhibiao._errors.<class>(message, code=code, details=details, **extra)`.
fn make(py: Python<'_>, class: &str, message: String, code: &str, details: Bound<'_, PyDict>, extra: Option<Bound<'_, PyDict>>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("zhibiao._errors")?.getattr(class)?;
        let kwargs = extra.unwrap_or_else(|| PyDict::new(py));
        kwargs.set_item("code", code)?;
        kwargs.set_item("details", details)?;
        Ok(PyErr::from_value(cls.call((message,), Some(&kwargs))?))
    };
    build().unwrap_or_else(|e| e)
}

fn dict<'py>(py: Python<'py>, items: &[(&str, Option<String>)]) -> Bound<'py, PyDict> {
    let d = PyDict::new(py);
    for (k, v) in items {
        // Setting a str or None on a fresh dict cannot fail.
        let _ = d.set_item(*k, v.as_deref());
    }
    d
}

fn num<'py>(d: &Bound<'py, PyDict>, k: &str, v: usize) {
    let _ = d.set_item(k, v);
}

/// Details of one catalog problem: its code, message and every field the core names.
fn catalog_details<'py>(py: Python<'py>, e: &CatalogError) -> Bound<'py, PyDict> {
    let s = |x: &String| Some(x.clone());
    let d = match e {
        CatalogError::Io { file, message } => dict(py, &[("file", s(file)), ("reason", s(message))]),
        CatalogError::Parse { file, line, column, message } => {
            let d = dict(py, &[("file", s(file)), ("reason", s(message))]);
            num(&d, "line", *line);
            num(&d, "column", *column);
            d
        }
        CatalogError::DuplicateId { file, id, first_file } => {
            dict(py, &[("file", s(file)), ("id", s(id)), ("first_file", s(first_file))])
        }
        CatalogError::UnknownReference { file, id, field, reference } => {
            dict(py, &[("file", s(file)), ("id", s(id)), ("field", s(field)), ("value", s(reference))])
        }
        CatalogError::UnknownIndicator { file, id, indicator } => {
            dict(py, &[("file", s(file)), ("id", s(id)), ("field", Some("indicator".into())), ("value", s(indicator))])
        }
        CatalogError::QuoteNotFound { file, id, source_file, quote } => {
            dict(py, &[("file", s(file)), ("id", s(id)), ("source_file", s(source_file)), ("value", s(quote))])
        }
        CatalogError::ValueMismatch { file, id, what, stated, read, quote } => dict(
            py,
            &[("file", s(file)), ("id", s(id)), ("field", s(what)), ("value", s(stated)), ("read", s(read)), ("quote", s(quote))],
        ),
        CatalogError::Invalid { file, id, message } => dict(py, &[("file", s(file)), ("id", s(id)), ("reason", s(message))]),
        CatalogError::UnknownRegion { file, id, field, code } => {
            dict(py, &[("file", s(file)), ("id", s(id)), ("field", s(field)), ("value", s(code))])
        }
        CatalogError::UncoveredClause { file, document, line, clause, missing } => {
            let d = dict(py, &[("file", s(file)), ("document", s(document)), ("value", s(clause)), ("missing", s(missing))]);
            num(&d, "line", *line);
            d
        }
        CatalogError::StaleAllowance { file, document, line, clause } => {
            let d = dict(py, &[("file", s(file)), ("document", s(document)), ("value", s(clause))]);
            num(&d, "line", *line);
            d
        }
        // The core may add variants; they still carry a code and a message.
        _ => dict(py, &[]),
    };
    let _ = d.set_item("code", e.code());
    let _ = d.set_item("message", e.to_string());
    d
}

/// Every problem of a catalog that failed to load.
pub fn catalog(py: Python<'_>, e: &CatalogErrors) -> PyErr {
    let problems: Vec<Bound<'_, PyDict>> = e.0.iter().map(|x| catalog_details(py, x)).collect();
    let code = e.0.first().map_or("catalog.invalid", |x| x.code());
    let details = problems.first().cloned().unwrap_or_else(|| PyDict::new(py));
    let extra = PyDict::new(py);
    let _ = extra.set_item("problems", problems);
    make(py, "CatalogError", e.to_string(), code, details, Some(extra))
}

/// A problem with a whole input: unreadable file, wrong encoding, missing column, bad JSON.
pub fn input(py: Python<'_>, e: &InputError) -> PyErr {
    let s = |x: &String| Some(x.clone());
    let details = match e {
        InputError::Io { file, message } => dict(py, &[("file", s(file)), ("reason", s(message))]),
        InputError::Encoding { file, encoding, offset, line } => {
            let d = dict(py, &[("file", s(file)), ("encoding", s(encoding))]);
            num(&d, "offset", *offset);
            let _ = d.set_item("line", *line);
            d
        }
        InputError::DuplicateColumn { file, column, positions } => {
            let d = dict(py, &[("file", s(file)), ("column", s(column))]);
            let _ = d.set_item("positions", positions.clone());
            d
        }
        InputError::BadHeader { file, line, message } => {
            let d = dict(py, &[("file", s(file)), ("reason", s(message))]);
            let _ = d.set_item("line", *line);
            d
        }
        InputError::ColumnType { file, column, dtype, message } => {
            dict(py, &[("file", s(file)), ("column", s(column)), ("dtype", s(dtype)), ("reason", s(message))])
        }
        InputError::MissingColumn { file, column, found } => {
            let d = dict(py, &[("file", s(file)), ("column", s(column))]);
            let _ = d.set_item("found", found.split(',').filter(|c| !c.is_empty()).collect::<Vec<_>>());
            d
        }
        InputError::Json { file, line, column, message } => {
            let d = dict(py, &[("file", s(file)), ("reason", s(message))]);
            num(&d, "line", *line);
            num(&d, "column", *column);
            d
        }
        InputError::AmbiguousColumn { file, column, headers, positions } => {
            let d = dict(py, &[("file", s(file)), ("column", s(column))]);
            let _ = d.set_item("headers", headers.clone());
            let _ = d.set_item("positions", positions.clone());
            d
        }
        InputError::Workbook { file, message } => dict(py, &[("file", s(file)), ("reason", s(message))]),
        InputError::NoSuchSheet { file, sheet, sheets } => {
            let d = dict(py, &[("file", s(file)), ("sheet", s(sheet))]);
            let _ = d.set_item("sheets", sheets.clone());
            d
        }
        _ => dict(py, &[]),
    };
    make(py, "InputError", e.to_string(), e.code(), details, None)
}

/// A text the extractor cannot draft: an input error (``extract.*``).
pub fn extract(py: Python<'_>, e: &zhibiao::extract::ExtractError) -> PyErr {
    use zhibiao::extract::ExtractError;
    let s = |x: &String| Some(x.clone());
    let details = match e {
        ExtractError::NoPeriod { file } | ExtractError::Empty { file } => dict(py, &[("file", s(file))]),
        ExtractError::UnknownRegion { file, code } => dict(py, &[("file", s(file)), ("value", s(code))]),
        _ => dict(py, &[]),
    };
    make(py, "InputError", e.to_string(), e.code(), details, None)
}

/// Strict mode: records were rejected. The exception carries the whole load report.
pub fn rejected(py: Python<'_>, report: &LoadReport, report_obj: Bound<'_, PyAny>) -> PyErr {
    let all: Vec<_> = report.rejections().collect();
    let first = all.first();
    let details = match first {
        Some(r) => {
            let d = dict(
                py,
                &[
                    ("file", r.location.file.clone()),
                    ("column", r.column.clone()),
                    ("value", r.value.clone()),
                    ("reason", Some(r.reason.clone())),
                ],
            );
            let _ = d.set_item("line", r.location.line);
            let _ = d.set_item("record", if report.entities.rejected.is_empty() { "observation" } else { "entity" });
            d
        }
        None => dict(py, &[]),
    };
    let code = first.map_or("data.bad_row", |r| r.code.as_str());
    let message = format!(
        "{} record(s) rejected; first: {}\n{}",
        all.len(),
        first.map(|r| r.to_string()).unwrap_or_default(),
        zhibiao::report::load_summary(report, zhibiao::report::Lang::En, 20).trim_end()
    );
    let extra = PyDict::new(py);
    let _ = extra.set_item("report", report_obj);
    make(py, "RejectedRecordsError", message, code, details, Some(extra))
}

/// An evaluation that could not run (unknown region, document or target).
pub fn eval(py: Python<'_>, e: &EvalError) -> PyErr {
    let details = match e {
        EvalError::UnknownRegion(x) => dict(py, &[("field", Some("region".into())), ("value", Some(x.clone()))]),
        EvalError::AmbiguousRegion { region, candidates } => {
            let d = dict(py, &[("field", Some("region".into())), ("value", Some(region.clone()))]);
            if let Ok(c) = crate::convert::to_py(py, candidates) {
                let _ = d.set_item("candidates", c);
            }
            d
        }
        EvalError::UnknownDocument(x) => dict(py, &[("field", Some("document".into())), ("value", Some(x.clone()))]),
        EvalError::UnknownTarget(x) => dict(py, &[("field", Some("targets".into())), ("value", Some(x.clone()))]),
        EvalError::AsOfOutOfRange(d) => dict(py, &[("field", Some("as_of".into())), ("value", Some(d.to_string()))]),
        EvalError::BadOption { option, reason } => dict(py, &[("field", Some(option.clone())), ("reason", Some(reason.clone()))]),
        _ => dict(py, &[]),
    };
    make(py, "EvaluationError", e.to_string(), e.code(), details, None)
}

/// A text that is not the quantity or figure asked for.
pub fn quantity(py: Python<'_>, e: &QuantityError) -> PyErr {
    let s = |x: &String| Some(x.clone());
    let details = match e {
        QuantityError::NotFound(text) | QuantityError::OutOfRange { text } => dict(py, &[("value", s(text))]),
        QuantityError::Ambiguous { text, .. } => dict(py, &[("value", s(text))]),
        QuantityError::BadFigure { text, reason } => dict(py, &[("value", s(text)), ("reason", s(reason))]),
        _ => dict(py, &[]),
    };
    make(py, "QuantityError", e.to_string(), e.code(), details, None)
}

/// A region that could not be read: unknown, or a name several regions carry.
pub fn region(py: Python<'_>, e: &RegionError) -> PyErr {
    let details = dict(py, &[("value", Some(e.text().to_string()))]);
    let extra = PyDict::new(py);
    if let Ok(c) = crate::convert::to_py(py, &e.candidates()) {
        let _ = extra.set_item("candidates", c);
    }
    make(py, "RegionError", e.to_string(), e.code(), details, Some(extra))
}

/// A Python argument the core cannot take (an unknown encoding, language or date):
/// `InputError` (a `ValueError`) with the code `input.argument`, as in the other front doors.
pub fn argument(message: impl Into<String>) -> PyErr {
    let message = message.into();
    Python::attach(|py| make(py, "InputError", message, "input.argument", PyDict::new(py), None))
}

/// A results file that could not be written: `OSError` with the core's message.
pub fn export(e: &zhibiao::export::ExportError) -> PyErr {
    pyo3::exceptions::PyOSError::new_err(format!("[{}] {e}", e.code()))
}

/// Something that should not happen (a value the core produced that cannot be converted).
pub fn internal(message: impl Into<String>) -> PyErr {
    PyRuntimeError::new_err(message.into())
}

/// Emits `zhibiao.RejectedRecordsWarning` (non-strict loading with rejected records).
pub fn warn_rejected(py: Python<'_>, report: &LoadReport) -> PyResult<()> {
    let n = report.rejections().count();
    let first = report.rejections().next().map(|r| r.to_string()).unwrap_or_default();
    let cls = py.import("zhibiao._errors")?.getattr("RejectedRecordsWarning")?;
    let message = std::ffi::CString::new(format!(
        "{n} record(s) rejected and left out (first: {first}); see Dataset.load_report, or pass strict=True to raise"
    ))
    .map_err(|e| internal(e.to_string()))?;
    PyErr::warn(py, &cls, &message, 1)
}
