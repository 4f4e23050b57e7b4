"""Loading data as a new user meets it: CSV in UTF-8, BOM and GBK; DataFrames and Arrow
tables; lists of dicts; malformed rows, duplicates and out-of-range values."""

from __future__ import annotations

import datetime
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import zhibiao

from conftest import FIXTURES, VECTORS

# A catalog with a region-level percentage (the built-in one has none).
RATE = zhibiao.Catalog.load_dir(FIXTURES / "rate-catalog")


def load(entities: Any, observations: Any, **kw: Any) -> zhibiao.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zhibiao.RejectedRecordsWarning)
        return zhibiao.load(entities, observations, **kw)


def codes(d: zhibiao.Dataset) -> list[tuple[int | None, str]]:
    return [(r.line, r.code) for r in d.load_report.observations.rejected]


def test_utf8_bom_and_gbk_files_load_the_same() -> None:
    a = load(FIXTURES / "entities.csv", FIXTURES / "observations.csv")
    b = load(str(FIXTURES / "entities-gbk.csv"), str(FIXTURES / "observations-gbk.csv"))
    c = load(FIXTURES / "entities-bom.csv", FIXTURES / "observations.csv")
    g = load(FIXTURES / "entities-gbk.csv", FIXTURES / "observations-gbk.csv", encoding="gbk")
    for d in (a, b, c, g):
        r = d.load_report
        assert r.is_clean, r
        assert (r.entities.read, r.entities.accepted) == (5, 5)
        assert (r.observations.read, r.observations.accepted) == (6, 6)
    results = [zhibiao.evaluate(d, "2022-12-31", region="110000").to_dicts() for d in (a, b, c, g)]
    assert results[0] == results[1] == results[2] == results[3]
    assert any(r["region_name"] == "东城区" for r in results[0])


def test_gbk_read_as_utf8_is_an_input_error_with_details() -> None:
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(FIXTURES / "entities-gbk.csv", encoding="utf-8")
    e = info.value
    assert e.code == "input.encoding"
    assert isinstance(e, ValueError) and isinstance(e, zhibiao.ZhibiaoError)
    assert e.file is not None and e.file.endswith("entities-gbk.csv")
    assert e.details["encoding"] == "UTF-8" and isinstance(e.details["offset"], int)
    assert "entities-gbk.csv" in str(e) and str(e).startswith("[input.encoding]")


def test_missing_file_and_unknown_encoding() -> None:
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(FIXTURES / "no-such-file.csv")
    assert info.value.code == "input.io"
    with pytest.raises(ValueError, match="unknown encoding"):
        zhibiao.load(FIXTURES / "entities.csv", encoding="latin-1")


def test_malformed_rows_are_each_reported_with_line_and_code() -> None:
    d = load(FIXTURES / "entities.csv", FIXTURES / "observations-malformed.csv")
    r = d.load_report.observations
    assert (r.read, r.accepted) == (6, 1)
    assert codes(d) == [
        (3, "data.bad_row"),
        (4, "data.bad_period"),
        (5, "data.bad_value"),
        (6, "data.unknown_indicator"),
        (7, "data.unknown_entity"),
    ]
    bad_period = r.rejected[1]
    assert (bad_period.column, bad_period.value) == ("period", "去年")
    assert "observations-malformed.csv:4 column period value \"去年\"" in str(bad_period)
    assert r.accepted + len(r.rejected) == r.read


def test_duplicates_and_out_of_range() -> None:
    d = load(FIXTURES / "entities.csv", FIXTURES / "observations-duplicates.csv")
    assert [c for _, c in codes(d)] == ["data.duplicate", "data.conflicting_duplicate"]
    d = load(FIXTURES / "entities.csv", FIXTURES / "observations-out-of-range.csv")
    assert [c for _, c in codes(d)] == ["data.out_of_range"] * 3 + ["data.wrong_entity_kind"]
    table = d.load_report.rejections_table().to_pylist()
    assert [t["code"] for t in table] == [c for _, c in codes(d)]
    assert table[0]["record"] == "observation" and table[0]["line"] == 2


def test_non_strict_warns_and_strict_raises_with_the_first_rejection() -> None:
    with pytest.warns(zhibiao.RejectedRecordsWarning, match="rejected"):
        d = zhibiao.load(FIXTURES / "entities.csv", FIXTURES / "observations-out-of-range.csv")
    assert not d.load_report.is_clean
    with pytest.raises(zhibiao.RejectedRecordsError) as info:
        zhibiao.load(FIXTURES / "entities.csv", FIXTURES / "observations-out-of-range.csv", strict=True)
    e = info.value
    assert isinstance(e, zhibiao.InputError) and isinstance(e, ValueError)
    assert e.code == "data.out_of_range"
    assert (e.line, e.column, e.value) == (2, "value", "-100")
    assert e.report is not None and len(e.report.rejections()) == 4
    # A clean load does not warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zhibiao.load(FIXTURES / "entities.csv", FIXTURES / "observations.csv", strict=True)


def test_missing_required_column() -> None:
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=pa.table({"entity_id": ["S1"], "indicator": ["school.bandwidth_mbps"], "value": [1.0]}))
    assert info.value.code == "input.missing_column"
    assert info.value.details["column"] == "period"
    assert info.value.details["found"] == ["entity_id", "indicator", "value"]
    csv = b"entity_id,indicator,value\nS1,school.bandwidth_mbps,1\n"
    with pytest.raises(zhibiao.InputError, match="period") as info2:
        zhibiao.load(observations=csv)
    assert info2.value.code == "input.missing_column"


def _csv_records(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow", "dicts"])
def test_dataframes_and_dicts_give_what_csv_gives(kind: str) -> None:
    ents, obs = _csv_records(FIXTURES / "entities.csv"), _csv_records(FIXTURES / "observations.csv")
    if kind == "pandas":
        pd = pytest.importorskip("pandas")
        e: Any = pd.DataFrame(ents)
        o: Any = pd.DataFrame(obs)
        # Typed columns, as read_csv would give them.
        o["period"] = o["period"].astype(int)
        o["value"] = o["value"].astype(float)
    elif kind == "polars":
        pl = pytest.importorskip("polars")
        e, o = pl.DataFrame(ents), pl.DataFrame(obs).with_columns(pl.col("period").cast(pl.Int64), pl.col("value").cast(pl.Float64))
    elif kind == "pyarrow":
        pa = pytest.importorskip("pyarrow")
        e, o = pa.Table.from_pylist(ents), pa.Table.from_pylist(obs)
    else:
        e, o = ents, obs
    d = zhibiao.load(e, o, strict=True)
    ref = zhibiao.load(FIXTURES / "entities.csv", FIXTURES / "observations.csv")
    assert d.entity_count == ref.entity_count and d.observation_count == ref.observation_count
    got = zhibiao.evaluate(d, "2022-12-31", region="110000").to_dicts()
    want = zhibiao.evaluate(ref, "2022-12-31", region="110000").to_dicts()
    assert got == want


def test_python_values_read_as_csv_cells_would() -> None:
    obs = [
        {"entity_id": "110000", "indicator": "region.own_rate", "period": 2019, "value": 97.5},
        {"entity_id": "110000", "indicator": "region.own_rate", "period": datetime.date(2020, 12, 31), "value": "98%"},
        {"entity_id": "110000", "indicator": "region.own_rate", "period": datetime.datetime(2021, 12, 31, 0, 0), "value": 99},
        {"entity_id": "110000", "indicator": "region.own_rate", "period": None, "value": float("nan")},
        ["not", "a", "dict"],
        {"entity_id": "110000", "indicator": "region.own_rate", "period": "2022", "value": 100, "comment": "extra"},
    ]
    d = load(None, obs, catalog=RATE)
    r = d.load_report.observations
    assert (r.read, r.accepted) == (6, 4)
    assert [(x.line, x.code) for x in r.rejected] == [(4, "data.bad_period"), (5, "data.bad_row")]
    assert r.ignored_columns == ["comment"]
    assert r.rejected[0].file is None


def test_pandas_with_nan_periods_and_a_custom_index() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "entity_id": ["110000", "110000", "110000"],
            "indicator": ["region.own_rate"] * 3,
            "period": [2019, None, 2021],  # float64 with NaN, as pandas stores it
            "value": [97.0, 98.0, 99.0],
        },
        index=[10, 20, 30],
    )
    d = load(None, df, catalog=RATE)
    r = d.load_report.observations
    assert (r.read, r.accepted) == (3, 2)
    assert [(x.line, x.code) for x in r.rejected] == [(2, "data.bad_period")]
    assert r.ignored_columns == []  # pandas' index is not the user's column


def test_json_file_and_csv_bytes(tmp_path: Path) -> None:
    ents = tmp_path / "entities.json"
    ents.write_text(json.dumps(_csv_records(FIXTURES / "entities.csv"), ensure_ascii=False), encoding="utf-8")
    obs_bytes = (FIXTURES / "observations-gbk.csv").read_bytes()
    d = zhibiao.load(ents, obs_bytes, strict=True)
    assert d.load_report.observations.accepted == 6
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(bad)
    assert info.value.code == "input.json" and info.value.line == 1


def test_wrong_input_types() -> None:
    with pytest.raises(TypeError, match="list of dicts"):
        zhibiao.load({"entity_id": "A"})
    with pytest.raises(TypeError, match="expected a CSV path"):
        zhibiao.load(42)


def test_sample_tables_are_the_input_format(tmp_path: Path) -> None:
    ents, obs = zhibiao.sample_tables()
    assert ents.column_names == ["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"]
    assert obs.column_names == ["entity_id", "indicator", "period", "value", "source"]
    # Round trip through Arrow gives the sample itself.
    d = zhibiao.load(ents, obs, strict=True)
    s = zhibiao.sample()
    assert (d.entity_count, d.observation_count) == (s.entity_count, s.observation_count)
    a = zhibiao.evaluate(d, "2024-12-31").to_json()
    b = zhibiao.evaluate(s, "2024-12-31").to_json()
    assert a == b


def _sdg_catalog(root: Path) -> zhibiao.Catalog:
    """The scratch document sdg of spec/vectors/catalogs/boundary on its own: a level
    target on a region-level percentage (sdg/t1/rate-90, region 110000)."""
    src = VECTORS / "catalogs" / "boundary"
    for sub, name in [("catalog", "sdg.json"), ("indicators", "boundary.json"), ("sources", "sdg.txt")]:
        (root / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(src / sub / name, root / sub / name)
    return zhibiao.Catalog.load_dir(root)


@pytest.mark.parametrize("kind", ["polars", "pyarrow"])
def test_a_float32_value_column_reads_as_its_shortest_float32_text(kind: str, tmp_path: Path) -> None:
    """A float32 value 0.95 is the text 0.95 (what the user typed), not its float64
    widening 0.949999988079071: the value loaded is the one a float64 column gives."""
    catalog = _sdg_catalog(tmp_path)
    values = [0.1, 0.95]
    base = {"entity_id": ["110000"] * 2, "indicator": ["region.boundary_rate"] * 2, "period": [2021, 2022]}

    def frame(float32: bool) -> Any:
        if kind == "polars":
            pl = pytest.importorskip("polars")
            return pl.DataFrame({**base, "value": pl.Series(values, dtype=pl.Float32 if float32 else pl.Float64)})
        pa = pytest.importorskip("pyarrow")
        return pa.table({**base, "value": pa.array(values, pa.float32() if float32 else pa.float64())})

    def loaded(float32: bool) -> tuple[float | None, list[Any]]:
        d = zhibiao.load(None, frame(float32), catalog=catalog, strict=True)
        r = zhibiao.evaluate(d, "2022-12-31").result("sdg/t1/rate-90", region="110000")
        return r.value, [s["value"] for s in r.series if s["value"] is not None]

    got = loaded(True)
    assert got == loaded(False)
    assert got == (0.95, [0.1, 0.95])
