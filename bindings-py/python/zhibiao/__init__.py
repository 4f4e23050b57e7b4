"""zhibiao (指标): Chinese education-informatization policy targets as typed, citable
data, evaluated against observed data.

A thin front door over the Rust core: the same catalog, loading rules, evaluation and
reports as the ``zhibiao`` crate and command, with the same answers.

>>> import zhibiao
>>> data = zhibiao.sample()                                   # the built-in synthetic sample
>>> ev = zhibiao.evaluate(data, "2024-12-31", region="110000", document="bj-plan-2021")
>>> ev.result("bj-plan-2021/t1/gigabit-to-school").status
'needs_acceleration'

Load your own data with :func:`load` (CSV paths in UTF-8 or GBK, Excel and OpenDocument
spreadsheets, pandas or polars DataFrames, pyarrow tables, lists of dicts); results go to pandas and polars without
copies (``ev.to_pandas()``, ``ev.to_polars()``, or any Arrow consumer).
"""

from __future__ import annotations

from ._errors import (
    CatalogError,
    EvaluationError,
    InputError,
    QuantityError,
    RegionError,
    RejectedRecordsError,
    RejectedRecordsWarning,
    ZhibiaoError,
)
from ._zhibiao import (
    COMPARATORS,
    DEFAULT_SEED,
    REASONS,
    STATUSES,
    Catalog,
    Dataset,
    Document,
    Evaluation,
    Indicator,
    LoadReport,
    RecordCounts,
    Rejection,
    Report,
    Section,
    Table,
    Target,
    TargetResult,
    Task,
    __version__,
    evaluate,
    finalize,
    load,
    parse_quantities,
    partials,
    read_figure,
    regions,
    resolve_region,
    sample,
    sample_tables,
)

__all__ = [
    "COMPARATORS",
    "DEFAULT_SEED",
    "REASONS",
    "STATUSES",
    "Catalog",
    "CatalogError",
    "Dataset",
    "Document",
    "Evaluation",
    "EvaluationError",
    "Indicator",
    "InputError",
    "LoadReport",
    "QuantityError",
    "RecordCounts",
    "RegionError",
    "Rejection",
    "RejectedRecordsError",
    "RejectedRecordsWarning",
    "Report",
    "Section",
    "Table",
    "Target",
    "TargetResult",
    "Task",
    "ZhibiaoError",
    "__version__",
    "catalog",
    "evaluate",
    "finalize",
    "load",
    "parse_quantities",
    "partials",
    "read_figure",
    "regions",
    "resolve_region",
    "sample",
    "sample_tables",
]


def catalog() -> Catalog:
    """The built-in catalog (same as ``Catalog.builtin()``)."""
    return Catalog.builtin()
