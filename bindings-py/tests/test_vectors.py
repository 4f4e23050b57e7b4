"""Conformance: every file in spec/vectors/ through the Python front door gives the
expected results, with the comparison rules of spec/vectors/README.md — from lists of
dicts (as the Rust and Node runners use) and from pandas, polars and pyarrow tables."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import zhibiao

from conftest import VECTORS

FILES = sorted(VECTORS.glob("*.json"))


def test_there_are_vectors() -> None:
    assert FILES, f"no conformance vectors in {VECTORS}"


def matches(expected: Any, actual: Any, path: str, errors: list[str]) -> None:
    """Only keys present in `expected` are compared, recursively; arrays item by item
    with equal length; numbers within 1e-9 × max(1, |expected|); null matches null or absent."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            errors.append(f"{path}: {actual!r}, expected an object")
            return
        for k, ev in expected.items():
            if k in actual:
                matches(ev, actual[k], f"{path}.{k}", errors)
            elif ev is not None:
                errors.append(f"{path}.{k}: missing (expected {ev!r})")
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            errors.append(f"{path}: {actual!r}, expected an array")
            return
        if len(expected) != len(actual):
            errors.append(f"{path}: {len(actual)} items, expected {len(expected)}")
        for i, (ev, av) in enumerate(zip(expected, actual)):
            matches(ev, av, f"{path}[{i}]", errors)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            errors.append(f"{path}: {actual!r}, expected {expected!r}")
        elif not abs(expected - actual) <= 1e-9 * max(1.0, abs(expected)):
            errors.append(f"{path}: {actual!r}, expected {expected!r}")
    elif expected != actual:
        errors.append(f"{path}: {actual!r}, expected {expected!r}")


def test_comparison_rules() -> None:
    errors: list[str] = []
    matches({"a": 1.0, "b": None, "c": [1, {"d": "x"}]}, {"a": 1.0 + 1e-12, "c": [1, {"d": "x", "e": 2}]}, "", errors)
    assert errors == []
    matches({"a": 1.0}, {"a": 1.001}, "", errors)
    matches({"c": [1, 2]}, {"c": [1]}, "", errors)
    matches({"b": 1}, {}, "", errors)
    matches({"s": "x"}, {"s": None}, "", errors)
    assert len(errors) == 4, errors


_SCRATCH: dict[str, Any] = {}


def scratch_catalog(name: str) -> Any:
    """The built-in catalog's files plus spec/vectors/catalogs/NAME (a vector's
    ``catalog``), laid out like spec/ in a temporary directory and read by load_dir."""
    if name not in _SCRATCH:
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="zhibiao-vectors-"))
        for sub in ("catalog", "indicators", "sources"):
            (root / sub).mkdir()
            for src in (VECTORS.parent / sub, VECTORS / "catalogs" / name / sub):
                for f in src.glob("*") if src.is_dir() else []:
                    if f.suffix in (".json", ".txt"):
                        shutil.copy(f, root / sub / f.name)
        _SCRATCH[name] = zhibiao.Catalog.load_dir(root)
    return _SCRATCH[name]


def run(vector: dict[str, Any], entities: Any, observations: Any) -> list[str]:
    errors: list[str] = []
    expected = vector["expected"]
    import warnings

    catalog = scratch_catalog(vector["catalog"]) if "catalog" in vector else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zhibiao.RejectedRecordsWarning)
        data = zhibiao.load(entities=entities, observations=observations, catalog=catalog)
    if "load" in expected:
        matches(expected["load"], data.load_report.to_dict(), "load", errors)
    options = dict(vector.get("options", {}))
    as_of = options.pop("as_of")
    # EvalOptions' method options as Python keyword arguments.
    thresholds = options.pop("thresholds", None) or {}
    for key in ("on_track", "needs_acceleration"):
        if key in thresholds:
            options[key] = thresholds[key]
    base = options.pop("base_year", None)
    if base and base["policy"] == "fixed":
        options["base_year"] = base["year"]
    elif base and base["policy"] == "within_years":
        options["base_within_years"] = base["years"]
    if not options.get("targets"):
        options.pop("targets", None)
    try:
        ev = zhibiao.evaluate(data, as_of, **options)
    except zhibiao.EvaluationError as e:
        if expected.get("error") != e.code:
            errors.append(f"evaluate failed: {e}")
        return errors
    if "error" in expected:
        errors.append(f"expected error {expected['error']}, evaluation succeeded")
    actual = ev.to_dicts()
    if "result_count" in expected and len(actual) != expected["result_count"]:
        errors.append(f"{len(actual)} results, expected {expected['result_count']}")
    for er in expected.get("results", []):
        found = [a for a in actual if a["target"] == er["target"] and a["region"] == er["region"]]
        if not found:
            errors.append(f"no result for {er['target']} @ {er['region']}")
            continue
        matches(er, found[0], f"{er['target']}@{er['region']}", errors)
    # The Arrow table carries the same numbers as the JSON form.
    rows = {(r["target"], r["region"]): r for r in ev.to_table().to_pylist()}
    for a in actual:
        row = rows[(a["target"], a["region"])]
        for key in ("value", "numerator", "denominator", "coverage", "progress", "growth_ratio", "projection"):
            x, y = a.get(key), row[key]
            if not (x == y or (x is not None and y is not None and math.isclose(x, y))):
                errors.append(f"table {a['target']}@{a['region']}.{key}: {y!r} vs JSON {x!r}")
        if row["status"] != a["status"]:
            errors.append(f"table {a['target']}@{a['region']}.status: {row['status']} vs {a['status']}")
    return errors


def _load(path: Path) -> dict[str, Any]:
    vector: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert len(vector.get("description", "")) > 40, f"{path.name}: the description must show the arithmetic"
    return vector


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_vector_from_lists_of_dicts(path: Path) -> None:
    v = _load(path)
    errors = run(v, v["entities"], v["observations"])
    assert not errors, "\n".join(errors)


def _frames(kind: str, records: list[dict[str, Any]], columns: list[str]) -> Any:
    if not records:
        return None  # no input at all, as an empty list of dicts
    if kind == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(records)
    if kind == "polars":
        pl = pytest.importorskip("polars")
        return pl.DataFrame(records)
    pa = pytest.importorskip("pyarrow")
    # Table.from_pylist takes its columns from the first record only; use them all.
    keys = list(dict.fromkeys(k for r in records for k in r))
    return pa.table({k: [r.get(k) for r in records] for k in keys})


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_vector_from_dataframes(path: Path, kind: str) -> None:
    v = _load(path)
    ents = _frames(kind, v["entities"], ["entity_id", "kind"])
    obs = _frames(kind, v["observations"], ["entity_id", "indicator"])
    errors = run(v, ents, obs)
    assert not errors, "\n".join(errors)
