"""Spreadsheets through zhibiao.load: paths and bytes of the fixtures of
tests/fixtures/excel/ (made by make.py there) load what the equivalent CSV files load."""

from __future__ import annotations

import warnings

import pytest
import zhibiao

from conftest import FIXTURES

EXCEL = FIXTURES / "excel"


def results(d: zhibiao.Dataset) -> list:
    return zhibiao.evaluate(d, "2024-12-31").to_dicts()


def test_workbooks_as_paths_and_bytes_load_what_the_csv_files_load() -> None:
    csv = zhibiao.load(EXCEL / "entities.csv", EXCEL / "observations.csv", strict=True)
    expected = results(csv)
    assert any(r["status"] == "achieved" for r in expected)
    for name in ["office.xlsx", "gbk.xls", "office.ods"]:
        by_path = zhibiao.load(EXCEL / name, str(EXCEL / name), observations_sheet="填报数据", strict=True)
        data = (EXCEL / name).read_bytes()
        by_bytes = zhibiao.load(data, data, observations_sheet="填报数据", strict=True)
        for d in (by_path, by_bytes):
            r = d.load_report
            assert (r.entities.accepted, r.observations.read, r.observations.accepted) == (3, 9, 9), name
            assert results(d) == expected, name


def test_bad_cells_are_rejected_with_their_place() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = zhibiao.load(EXCEL / "office.xlsx", EXCEL / "bad.xlsx")
    got = [(x.line, x.code, x.value) for x in d.load_report.observations.rejected]
    assert got[:3] == [(2, "data.bad_cell", "#DIV/0!"), (3, "data.ambiguous_percent", "0.976"), (4, "data.bad_period", "2023.5")]
    first = d.load_report.observations.rejected[0]
    assert first.file is not None and first.file.endswith("bad.xlsx[填报数据]")
    assert first.reason.endswith("(cell D2, 数值)")


def test_a_missing_sheet_and_a_corrupt_file_are_input_errors() -> None:
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=EXCEL / "office.xlsx", sheet="观测")
    assert info.value.code == "input.no_such_sheet"
    assert info.value.details["sheets"] == ["学校", "填报数据"]
    cut = (EXCEL / "office.xlsx").read_bytes()[:3000]
    with pytest.raises(zhibiao.InputError) as info:
        zhibiao.load(observations=cut)
    assert info.value.code == "input.workbook"
