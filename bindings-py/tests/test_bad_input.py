"""Bad input through the Python front door: the catalogue of tests/fixtures/bad/cases.json
gives the counts and codes the CLI and Node give, and every column type pandas, polars
and pyarrow can produce is read or refused with a coded error naming the column."""

from __future__ import annotations

import datetime
import decimal
import json
import warnings
from typing import Any, Callable

import pytest

import zhibiao

from conftest import FIXTURES

BAD = FIXTURES / "bad"
CASES = json.loads((BAD / "cases.json").read_text(encoding="utf-8"))["cases"]


def quiet_load(entities: Any, observations: Any, **kw: Any) -> zhibiao.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zhibiao.RejectedRecordsWarning)
        return zhibiao.load(entities, observations, **kw)


@pytest.mark.parametrize("case", [c for c in CASES if "python" in c.get("fronts", ["python"])], ids=lambda c: c["name"][:60])
def test_the_bad_input_catalogue_gives_what_the_cli_gives(case: dict[str, Any]) -> None:
    ents, obs = BAD / case["entities"], BAD / case["observations"]
    if case.get("error"):
        with pytest.raises(zhibiao.InputError) as info:
            zhibiao.load(ents, obs)
        assert info.value.code == case["error"]
        return
    report = quiet_load(ents, obs).load_report.to_dict()
    for what in ("entities", "observations"):
        counts = report[what]
        got = [[r["line"], r["code"]] for r in counts["rejected"]]
        assert counts["accepted"] + len(got) == counts["read"]
        if f"{what}_read" in case:
            assert counts["read"] == case[f"{what}_read"], what
        assert got == case.get(f"{what}_rejected", []), what
    if "encoding" in case:
        assert report["observations"]["encodings"][0]["encoding"] == case["encoding"]


def test_a_utf8_file_with_one_gbk_row_keeps_its_chinese_text() -> None:
    d = quiet_load(FIXTURES / "entities.csv", BAD / "obs-mixed-encoding.csv")
    enc = d.load_report.to_dict()["observations"]["encodings"][0]
    assert enc["encoding"] == "UTF-8" and "line 4" in enc["reason"]
    assert [(r.line, r.code) for r in d.load_report.observations.rejected] == [(4, "data.bad_encoding_line")]


def assert_read_or_refused(make: Callable[[], Any], label: str) -> None:
    """Loading `make()` as observations either works (counts add up) or raises a coded
    zhibiao error naming a column; never TypeError, AttributeError or any other."""
    try:
        obs = make()
    except Exception:  # the library itself cannot build such a column: nothing to test
        return
    try:
        d = quiet_load(None, obs)
    except zhibiao.InputError as e:
        assert e.code.startswith("input."), (label, e)
        assert e.code != "input.column_type" or e.column in ("entity_id", "indicator", "period", "value", "source"), (label, e.details)
        return
    r = d.load_report.observations
    assert r.accepted + len(r.rejected) == r.read, label


def same_evaluations(a: Any, b: Any, *dates: str) -> None:
    da, db = zhibiao.load(observations=a, strict=True), zhibiao.load(observations=b, strict=True)
    assert da.observation_count == db.observation_count
    for as_of in dates:
        ea = zhibiao.evaluate(da, as_of, region="110000", document="moe-2019").to_json()
        eb = zhibiao.evaluate(db, as_of, region="110000", document="moe-2019").to_json()
        assert ea == eb, as_of


def test_pandas_column_types() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    base = {"entity_id": ["110000", "110000"], "indicator": ["region.lessons_shared"] * 2}
    frame = lambda period: pd.DataFrame({**base, "period": period, "value": [90.0, 91.0]})  # noqa: E731
    # pandas Periods (Arrow carries them as bare ordinals) read as the period's end.
    for freq, start, ends in [
        ("Y", "2021", ["2021-12-31", "2022-12-31"]),
        ("Q", "2021Q4", ["2021-12-31", "2022-03-31"]),
        ("M", "2021-11", ["2021-11-30", "2021-12-31"]),
        ("D", "2021-12-30", ["2021-12-30", "2021-12-31"]),
    ]:
        same_evaluations(frame(pd.period_range(start, periods=2, freq=freq)), frame(ends), "2022-02-28", "2022-12-31")
    # A fiscal-year period is refused, naming the column.
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=frame(pd.period_range("2021", periods=2, freq="Y-JUN")))
    assert info.value.code == "input.column_type" and info.value.column == "period"
    # Categorical datetimes read as their dates.
    same_evaluations(frame(pd.Categorical(pd.to_datetime(["2021-12-31", "2022-06-30"]))), frame(["2021-12-31", "2022-06-30"]), "2022-12-31")
    # Time-zoned timestamps give their local date: 00:30 on 1 January in Beijing is 2023.
    local = pd.to_datetime(["2023-01-01 00:30", "2022-06-30 12:00"]).tz_localize("Asia/Shanghai")
    same_evaluations(frame(local), frame(["2023-01-01", "2022-06-30"]), "2022-12-31", "2023-12-31")
    # Every other dtype: read, or refused with a code naming the column.
    values: dict[str, Callable[[], Any]] = {
        "Int64 with NA": lambda: pd.array([90, None], dtype="Int64"),
        "boolean": lambda: pd.array([True, False], dtype="boolean"),
        "string[pyarrow]": lambda: pd.array(["90", "91"], dtype="string[pyarrow]"),
        "object decimals": lambda: [decimal.Decimal("90.5"), decimal.Decimal("91")],
        "timedelta": lambda: pd.to_timedelta([1, 2], unit="D"),
        "interval": lambda: pd.arrays.IntervalArray.from_breaks([0, 1, 2]),
        "category of ints": lambda: pd.Categorical([90, 91]),
        "sparse": lambda: pd.arrays.SparseArray([90.0, 0.0]),
        "complex": lambda: [1 + 2j, 3 + 0j],
        "mixed objects": lambda: [{"a": 1}, [1, 2]],
        "datetime ns": lambda: pd.to_datetime(["2021-12-31", "2022-01-01"]),
        "period[W]": lambda: pd.period_range("2021-12-27", periods=2, freq="W"),
    }
    for name, make in values.items():
        assert_read_or_refused(lambda: pd.DataFrame({**base, "period": [2021, 2022], "value": make()}), f"pandas value {name}")
        assert_read_or_refused(lambda: pd.DataFrame({**base, "period": make(), "value": [1.0, 2.0]}), f"pandas period {name}")


def test_pandas_and_pyarrow_duplicate_columns_are_refused() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    df = pd.DataFrame([["110000", "region.lessons_shared", 2021, 90, 95]], columns=["entity_id", "indicator", "period", "value", "value"])
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=df)
    assert info.value.code == "input.duplicate_column" and info.value.column == "value"
    t = pa.table([pa.array(["110000"]), pa.array(["region.lessons_shared"]), pa.array([2021]), pa.array([90]), pa.array([95])], names=["entity_id", "indicator", "period", "value", "value"])
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=t)
    assert info.value.code == "input.duplicate_column" and info.value.details["positions"] == [4, 5]


def test_polars_column_types() -> None:
    pl = pytest.importorskip("polars")
    base = {"entity_id": ["110000", "110000"], "indicator": ["region.lessons_shared"] * 2}
    # Null columns are empty cells: a missing source is fine, a missing value is a rejection.
    d = quiet_load(None, pl.DataFrame({**base, "period": [2021, 2022], "value": [90.0, 91.0], "source": [None, None]}))
    assert d.load_report.is_clean
    d = quiet_load(None, pl.DataFrame({**base, "period": [2021, 2022], "value": pl.Series([None, None], dtype=pl.Null)}))
    assert [x.code for x in d.load_report.observations.rejected] == ["data.bad_value"] * 2
    # Int128 and decimals are read exactly.
    d = zhibiao.load(observations=pl.DataFrame({**base, "period": pl.Series([2021, 2022], dtype=pl.Int128), "value": pl.Series([90, 91], dtype=pl.Int128)}), strict=True)
    assert d.observation_count == 2
    d = zhibiao.load(observations=pl.DataFrame({**base, "period": [2021, 2022], "value": pl.Series([decimal.Decimal("1291.00"), decimal.Decimal("98")], dtype=pl.Decimal(10, 2))}), strict=True)
    assert d.observation_count == 2
    dtypes: dict[str, Callable[[], Any]] = {
        "Categorical": lambda: pl.Series(["2021", "2022"], dtype=pl.Categorical),
        "Enum": lambda: pl.Series(["2021", "2022"], dtype=pl.Enum(["2021", "2022"])),
        "Date": lambda: pl.Series([datetime.date(2021, 12, 31), datetime.date(2022, 12, 31)]),
        "Datetime tz": lambda: pl.Series([datetime.datetime(2021, 12, 31, 23), datetime.datetime(2022, 1, 1)]).dt.replace_time_zone("Asia/Shanghai"),
        "Datetime ms": lambda: pl.Series([datetime.datetime(2021, 12, 31), datetime.datetime(2022, 1, 1)]).cast(pl.Datetime("ms")),
        "Duration": lambda: pl.Series([datetime.timedelta(days=1), datetime.timedelta(days=2)]),
        "Time": lambda: pl.Series([datetime.time(1), datetime.time(2)]),
        "Binary": lambda: pl.Series([b"2021", b"\xff"]),
        "Boolean": lambda: pl.Series([True, False]),
        "List": lambda: pl.Series([[1], [2]]),
        "Struct": lambda: pl.Series([{"a": 1}, {"a": 2}]),
        "UInt8": lambda: pl.Series([21, 22], dtype=pl.UInt8),
        "Float32": lambda: pl.Series([2021.0, 2022.5], dtype=pl.Float32),
        "Object": lambda: pl.Series([object(), object()], dtype=pl.Object),
    }
    for name, make in dtypes.items():
        assert_read_or_refused(lambda: pl.DataFrame({**base, "period": make(), "value": [1.0, 2.0]}), f"polars period {name}")
        assert_read_or_refused(lambda: pl.DataFrame({**base, "period": [2021, 2022], "value": make()}), f"polars value {name}")
    # A nested column is refused, naming it.
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=pl.DataFrame({**base, "period": [2021, 2022], "value": pl.Series([[1], [2]])}))
    assert info.value.code == "input.column_type" and info.value.column == "value"


def test_pyarrow_column_types() -> None:
    pa = pytest.importorskip("pyarrow")
    n = 2
    base = {"entity_id": pa.array(["110000"] * n), "indicator": pa.array(["region.lessons_shared"] * n)}

    def table(period: Any, value: Any) -> Any:
        return pa.table({**base, "period": period, "value": value})

    good_periods = {
        "large_string": pa.array(["2021", "2022年底"], pa.large_string()),
        "string_view": pa.array(["2021", "2022"], pa.string_view()) if hasattr(pa, "string_view") else pa.array(["2021", "2022"]),
        "binary": pa.array([b"2021", b"2022"], pa.binary()),
        "date32": pa.array([datetime.date(2021, 12, 31), datetime.date(2022, 6, 30)], pa.date32()),
        "date64": pa.array([datetime.date(2021, 12, 31), datetime.date(2022, 6, 30)], pa.date64()),
        "timestamp tz": pa.array([datetime.datetime(2021, 12, 31, 20), datetime.datetime(2022, 6, 30)], pa.timestamp("s", tz="Asia/Shanghai")),
        "timestamp ns": pa.array([datetime.datetime(2021, 12, 31), datetime.datetime(2022, 6, 30)], pa.timestamp("ns")),
        "dictionary": pa.array(["2021", "2022"]).dictionary_encode(),
        "dictionary of dates": pa.array([datetime.date(2021, 12, 31), datetime.date(2022, 6, 30)]).dictionary_encode(),
        "decimal128": pa.array([decimal.Decimal("2021"), decimal.Decimal("2022")], pa.decimal128(10, 0)),
        "decimal256": pa.array([decimal.Decimal("2021"), decimal.Decimal("2022")], pa.decimal256(40, 0)),
        "int16": pa.array([2021, 2022], pa.int16()),
        "uint64": pa.array([2021, 2022], pa.uint64()),
        "float64": pa.array([2021.0, 2022.0], pa.float64()),
    }
    for name, p in good_periods.items():
        d = quiet_load(None, table(p, pa.array([90.0, 91.0])))
        assert d.load_report.is_clean, (name, d.load_report)
    # A null column: every period is missing, each row rejected as such.
    d = quiet_load(None, table(pa.nulls(n), pa.array([90.0, 91.0])))
    assert [x.code for x in d.load_report.observations.rejected] == ["data.bad_period"] * 2
    # Decimal values are read exactly (129.00 is 129).
    d = zhibiao.load(observations=table(pa.array([2021, 2022]), pa.array([decimal.Decimal("129.00"), decimal.Decimal("98.00")], pa.decimal128(5, 2))), strict=True)
    assert d.observation_count == 2
    refused = {
        "time": pa.array([datetime.time(1), datetime.time(2)], pa.time64("us")),
        "duration": pa.array([1, 2], pa.duration("s")),
        "list": pa.array([[1], [2]]),
        "struct": pa.array([{"a": 1}, {"a": 2}]),
        "binary not UTF-8": pa.array([b"\xff", b"\xfe"], pa.binary()),
        "month_day_nano_interval": pa.array([pa.scalar((1, 1, 1), pa.month_day_nano_interval()).as_py()] * 2, pa.month_day_nano_interval()),
    }
    for name, v in refused.items():
        with pytest.raises(zhibiao.InputError) as info:
            zhibiao.load(observations=table(pa.array([2021, 2022]), v))
        assert info.value.code == "input.column_type" and info.value.column == "value", name
        assert info.value.details["dtype"], name


def test_bad_arguments_are_coded() -> None:
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(FIXTURES / "entities.csv", encoding="latin-1")
    assert info.value.code == "input.argument"
    d = zhibiao.sample()
    for as_of in ("9999-12-31", "2024-13-01", "+99999-12-31", "x" * 10_000):
        with pytest.raises(zhibiao.ZhibiaoError) as e:
            zhibiao.evaluate(d, as_of)
        assert e.value.code == "input.argument", as_of
        assert len(str(e.value)) < 2_000
    with pytest.raises(zhibiao.EvaluationError) as ee:
        zhibiao.evaluate(d, datetime.date(9999, 12, 31))
    assert ee.value.code == "eval.as_of_out_of_range"
    assert zhibiao.evaluate(d, "2024").as_of == datetime.date(2024, 12, 31)
    with pytest.raises(zhibiao.InputError) as info:
        d.load_report.summary(lang="fr")
    assert info.value.code == "input.argument"
