"""Regions as people write them (``resolve_region``, the ``region`` option) and the
indicator listing (``Catalog.indicator_rows``), the same as the Rust command gives."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import zhibiao

CLI = os.environ.get("ZHIBIAO_CLI")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("110108", "110108"),
        ("海淀区", "110108"),
        ("北京市海淀区", "110108"),
        ("Haidian District", "110108"),
        ("全国", "000000"),
        ("福建", "350000"),
        ("四川省成都市武侯区", "510107"),
        ("Wuhou District, Chengdu", "510107"),
        ("仙桃市", "429004"),
    ],
)
def test_resolve_region(text: str, code: str) -> None:
    r = zhibiao.resolve_region(text)
    assert r["code"] == code
    assert set(r) == {"code", "name", "name_en", "level", "parent", "path"}


def test_an_ambiguous_name_lists_its_candidates() -> None:
    with pytest.raises(zhibiao.RegionError) as info:
        zhibiao.resolve_region("朝阳区")
    e = info.value
    assert isinstance(e, ValueError)
    assert e.code == "region.ambiguous"
    assert e.value == "朝阳区"
    assert [c["code"] for c in e.candidates] == ["110105", "220104"]
    assert e.candidates[1]["path"] == "吉林省长春市朝阳区"
    with pytest.raises(zhibiao.RegionError) as unknown:
        zhibiao.resolve_region("火星")
    assert unknown.value.code == "region.unknown" and unknown.value.candidates == []


def test_the_region_option_of_evaluate_takes_names(sample_data: zhibiao.Dataset) -> None:
    by_code = zhibiao.evaluate(sample_data, "2024-12-31", region="110108", document="bj-plan-2021")
    by_name = zhibiao.evaluate(sample_data, "2024-12-31", region="北京市海淀区", document="bj-plan-2021")
    assert by_name.to_json() == by_code.to_json()
    with pytest.raises(zhibiao.EvaluationError) as info:
        zhibiao.evaluate(sample_data, "2024-12-31", region="鼓楼区")
    assert info.value.code == "eval.ambiguous_region"
    assert len(info.value.details["candidates"]) >= 4
    assert sample_data.resolve_region("Haidian")["code"] == "110108"


def test_regions_lists_the_whole_table() -> None:
    all_regions = zhibiao.regions()
    assert len(all_regions) == 1 + 34 + 333 + 2845
    assert all_regions[0]["code"] == "000000" and all_regions[0]["parent"] is None


def test_indicator_rows() -> None:
    cat = zhibiao.Catalog.builtin()
    rows = cat.indicator_rows()
    by_id = {r["id"]: r for r in rows}
    assert by_id["school.bandwidth_mbps"]["aggregation"] == ["share_of_units"]
    # National and local broadband access is one indicator, a share of schools.
    assert by_id["school.internet_access"]["aggregation"] == ["share_of_units"]
    assert by_id["school.internet_access"]["baselines"] == ["bj-plan-2021/baseline/internet-access"]
    assert "bj-plan-2021/t1/gigabit-to-school" in by_id["school.bandwidth_mbps"]["condition_of"]
    only = cat.indicator_rows("cd-2021")
    assert only and all(r["documents"] == ["cd-2021"] for r in only)
    table = cat.indicators_table().to_pylist()
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert table[0]["aggregation"] == rows[0]["aggregation"]
    with pytest.raises(KeyError):
        cat.indicator_rows("no-such-document")


@pytest.mark.skipif(not CLI, reason="ZHIBIAO_CLI (path of the zhibiao command) is not set")
def test_indicator_rows_match_the_command() -> None:
    out = subprocess.run([str(CLI), "indicators", "--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == zhibiao.Catalog.builtin().indicator_rows()
