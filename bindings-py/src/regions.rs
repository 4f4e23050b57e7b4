//! Regions: the built-in GB/T 2260 table and reading a region as people write it.

use crate::convert::to_py;
use crate::errors;
use pyo3::prelude::*;
use zhibiao::regions::{RegionError, RegionTable};

/// The region of ``table`` a text names, as a dict (``code``, ``name``, ``name_en``,
/// ``level``, ``parent``, ``path``).
pub fn resolve_in<'py>(py: Python<'py>, table: &RegionTable, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let i = table.resolve(text).map_err(|e| errors::region(py, &e))?;
    let info = table.info(i).ok_or_else(|| errors::region(py, &RegionError::Unknown { text: text.to_string() }))?;
    to_py(py, &info)
}

/// The built-in region a text names: a GB/T 2260 code (``"110108"``), a name in Chinese
/// or English (``"海淀区"``, ``"Haidian District"``), a short name (``"北京"``), or a path
/// (``"北京市海淀区"``, ``"Wuhou District, Chengdu"``). Returns a dict with ``code``,
/// ``name``, ``name_en``, ``level``, ``parent`` and ``path``. Raises :class:`RegionError`:
/// ``region.ambiguous`` with ``candidates`` (every region the name could mean, e.g. both
/// 朝阳区) or ``region.unknown``.
#[pyfunction]
pub fn resolve_region<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    resolve_in(py, &RegionTable::builtin(), text)
}

/// Every built-in region (GB/T 2260, in use on 2023-06-30) as dicts, parents first.
#[pyfunction]
pub fn regions(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let t = RegionTable::builtin();
    let all: Vec<_> = (0..t.len() as u32).filter_map(|i| t.info(i)).collect();
    to_py(py, &all)
}
