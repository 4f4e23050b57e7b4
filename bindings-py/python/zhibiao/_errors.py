"""The exception hierarchy of zhibiao.

Every exception raised for a problem the core detects is a :class:`ZhibiaoError` with the
core's stable ``code`` (``catalog.parse``, ``input.encoding``, ``input.missing_column``,
``data.out_of_range``, ``eval.unknown_region`` …) and a ``details`` dict naming the file,
line, column and value where the core gives them. Errors caused by the caller's input
are also :class:`ValueError`, so ``except ValueError`` keeps working.

The mapping from the core's error types to these classes is in one place, the native
module's ``errors.rs``::

    ZhibiaoError
    ├── CatalogError(ValueError)       catalog.*   a catalog directory that does not validate
    ├── InputError(ValueError)         input.*     unreadable file, bad encoding, missing or repeated column,
    │                                              a column type that is not a cell, a bad argument (input.argument)
    │   └── RejectedRecordsError       data.*      strict loading: records were rejected
    ├── EvaluationError(ValueError)    eval.*      unknown or ambiguous region, unknown document or target,
    │                                              as-of date outside 1949–2100
    ├── RegionError(ValueError)        region.*    resolve_region: unknown or ambiguous region
    └── QuantityError(ValueError)      quantity.*  a text that is not the quantity or figure asked for
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ._zhibiao import LoadReport

__all__ = [
    "ZhibiaoError",
    "CatalogError",
    "InputError",
    "RejectedRecordsError",
    "EvaluationError",
    "QuantityError",
    "RegionError",
    "RejectedRecordsWarning",
]


class ZhibiaoError(Exception):
    """Base class of every zhibiao error. ``code`` is the core's stable error code."""

    code: str
    """Stable machine-readable code, e.g. ``input.missing_column``."""
    details: dict[str, Any]
    """Where and what: ``file``, ``line``, ``column``, ``value``, ``reason`` … as the core gives them."""

    def __init__(self, message: str, *, code: str = "zhibiao", details: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = dict(details or {})

    @property
    def message(self) -> str:
        """The human-readable message, without the code."""
        return str(self.args[0]) if self.args else ""

    @property
    def file(self) -> Optional[str]:
        """File at fault, if any."""
        value = self.details.get("file")
        return None if value is None else str(value)

    @property
    def line(self) -> Optional[int]:
        """1-based line (or record number) at fault, if any."""
        value = self.details.get("line")
        return None if value is None else int(value)

    @property
    def column(self) -> Optional[str]:
        """Column at fault, if any (a name; for JSON errors the character position)."""
        value = self.details.get("column")
        return None if value is None else str(value)

    @property
    def value(self) -> Optional[str]:
        """The offending value as read, if any."""
        value = self.details.get("value")
        return None if value is None else str(value)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class CatalogError(ZhibiaoError, ValueError):
    """A catalog directory does not load or validate (``catalog.*``).

    ``problems`` lists every problem found, each a dict with ``code``, ``message`` and
    the fields the core names (``file``, ``id``, ``line`` …); ``code`` and ``details``
    are those of the first.
    """

    problems: list[dict[str, Any]]

    def __init__(
        self,
        message: str,
        *,
        code: str = "catalog.invalid",
        details: Optional[Mapping[str, Any]] = None,
        problems: Optional[list[dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.problems = list(problems or [])


class InputError(ZhibiaoError, ValueError):
    """A whole input cannot be read (``input.io``, ``input.encoding``,
    ``input.missing_column``, ``input.duplicate_column``, ``input.bad_header``,
    ``input.column_type`` naming the column, ``input.json``), or an argument is wrong
    (``input.argument``)."""


class RejectedRecordsError(InputError):
    """Strict loading found rejected records. ``code`` and ``details`` are those of the
    first rejection (``data.unknown_entity``, ``data.out_of_range`` …); ``report`` is the
    whole :class:`LoadReport` with every rejection."""

    report: Optional["LoadReport"]

    def __init__(
        self,
        message: str,
        *,
        code: str = "data.bad_row",
        details: Optional[Mapping[str, Any]] = None,
        report: Optional["LoadReport"] = None,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.report = report


class EvaluationError(ZhibiaoError, ValueError):
    """An evaluation cannot run: its filters name an unknown region, document or target
    (``eval.unknown_region``, ``eval.unknown_document``, ``eval.unknown_target``), or a
    region name several regions carry (``eval.ambiguous_region``, with
    ``details["candidates"]``)."""


class RegionError(ZhibiaoError, ValueError):
    """A region cannot be read (``region.unknown``), or names several regions
    (``region.ambiguous``: ``candidates`` lists each as a dict with ``code``, ``name``,
    ``name_en``, ``level``, ``parent`` and ``path``). ``value`` is the text as given."""

    candidates: list[dict[str, Any]]

    def __init__(
        self,
        message: str,
        *,
        code: str = "region.unknown",
        details: Optional[Mapping[str, Any]] = None,
        candidates: Optional[list[dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.candidates = list(candidates or [])


class QuantityError(ZhibiaoError, ValueError):
    """A text is not the quantity or figure asked for (``quantity.not_found``,
    ``quantity.out_of_range``, ``quantity.bad_figure``): ``details["value"]`` is the text,
    ``details["reason"]`` says what is wrong with a figure."""


class RejectedRecordsWarning(UserWarning):
    """Records were rejected while loading (non-strict mode); they are listed in
    ``Dataset.load_report``."""
