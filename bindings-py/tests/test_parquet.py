"""Parquet through the Arrow front door: files read by pyarrow or polars load and
evaluate as the CSV they were made from (tests/fixtures/columnar/, written by
make.py there with dictionary strings and int64 years), and the results table
round-trips through Parquet. Parquet files can also be given to the `zhibiao`
command directly (core/tests/columnar.rs)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

import zhibiao

from conftest import FIXTURES

COLUMNAR = FIXTURES / "columnar"


def load(entities: Any, observations: Any) -> zhibiao.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zhibiao.RejectedRecordsWarning)
        return zhibiao.load(entities, observations)


def results(d: zhibiao.Dataset) -> list[dict[str, Any]]:
    return zhibiao.evaluate(d, "2024-12-31").to_dicts()


def test_parquet_read_by_pyarrow_and_polars_evaluates_as_the_csv() -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pl = pytest.importorskip("polars")
    csv = load(FIXTURES / "entities.csv", FIXTURES / "observations.csv")
    want = results(csv)
    assert want
    by_pyarrow = load(pq.read_table(COLUMNAR / "entities.parquet"), pq.read_table(COLUMNAR / "observations.parquet"))
    by_polars = load(pl.read_parquet(COLUMNAR / "entities.parquet"), pl.read_parquet(COLUMNAR / "observations.parquet"))
    for d in (by_pyarrow, by_polars):
        r = d.load_report
        assert r.is_clean, r
        assert (r.observations.read, r.observations.accepted) == (csv.load_report.observations.read, csv.load_report.observations.accepted)
        # The undocumented column of the file is listed, not read.
        assert r.observations.ignored_columns == ["note"]
        assert results(d) == want


def test_results_table_round_trips_through_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pl = pytest.importorskip("polars")
    ev = zhibiao.evaluate(zhibiao.sample(), "2024-12-31")
    table = pa.table(ev)
    path = tmp_path / "results.parquet"
    pq.write_table(table, path)
    back = pq.read_table(path)
    assert back.equals(table)
    assert back.num_rows == len(ev.to_dicts())
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame.write_parquet(tmp_path / "results-polars.parquet")
    again = pl.read_parquet(tmp_path / "results-polars.parquet")
    assert again.equals(frame)
    assert again["status"].to_list() == [r["status"] for r in ev.to_dicts()]
