"""DataFrames from zhibiao tables, through the Arrow PyCapsule interface.

pandas and polars are optional: each is imported only when asked for. pyarrow is
optional too; without it ``to_pandas`` builds the frame from Python lists (a copy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ._zhibiao import Table


#: What each extra of the wheel installs (pyproject.toml, [project.optional-dependencies]).
EXTRAS = {"pandas": "pandas pyarrow", "polars": "polars", "plot": "matplotlib"}


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as e:
        raise ImportError(
            f"{module} is needed for this: pip install {EXTRAS[extra]} "
            f"(what the wheel's extra zhibiao[{extra}] installs)"
        ) from e


def to_pandas(table: "Table", dtype_backend: Optional[str] = "pyarrow") -> Any:
    """A pandas DataFrame of ``table``; Arrow-backed columns share its memory."""
    if dtype_backend not in ("pyarrow", "numpy_nullable", None):
        raise ValueError(f"dtype_backend={dtype_backend!r}: use 'pyarrow', 'numpy_nullable' or None")
    pd = _require("pandas", "pandas")
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        frame = pd.DataFrame(table.to_pydict())
        return frame if dtype_backend is None else frame.convert_dtypes()
    arrow_table = pa.table(table)
    if dtype_backend == "pyarrow":
        return arrow_table.to_pandas(types_mapper=pd.ArrowDtype)
    frame = arrow_table.to_pandas()
    return frame if dtype_backend is None else frame.convert_dtypes(dtype_backend="numpy_nullable")


def to_polars(table: "Table") -> Any:
    """A polars DataFrame of ``table``, sharing its memory."""
    pl = _require("polars", "polars")
    return pl.DataFrame(table)
