"""Every sentence accounted for, and drafts of new documents, from Python."""

from __future__ import annotations

from pathlib import Path

import pytest

import zhibiao

TEXTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "texts"


def test_coverage_marks_every_clause() -> None:
    cat = zhibiao.Catalog.builtin()
    cov = cat.coverage("cd-2021")
    assert cov["document"] == "cd-2021"
    assert cov["counts"]["uncovered"] == 0 and cov["counts"]["promises"] > 20
    clause = next(c for c in cov["clauses"] if "遴选年度“十大特色案例”" in c["text"])
    assert clause["status"] == "covered"
    assert any(x["kind"] == "target" and x["id"].startswith("cd-2021/t4/") for x in clause["covered_by"])
    with pytest.raises(KeyError):
        cat.coverage("no-such-doc")
    cat.check()  # the built-in catalog passes, with its allowance


def test_targets_table_carries_figure_quote() -> None:
    table = zhibiao.Catalog.builtin().targets_table()
    assert "figure_quote" in table.column_names


def test_extract_drafts_a_text_outside_the_catalog() -> None:
    cat = zhibiao.Catalog.builtin()
    text = (TEXTS / "hn-plan-2026.txt").read_text(encoding="utf-8")
    draft = cat.extract(text, id="hn-2026", source="hn-2026.txt")
    doc = draft["document"]
    assert doc["id"] == "hn-2026" and doc["jurisdiction"] == "410000"
    assert doc["kind"] == "five_year_plan" and doc["period"] == {"start": "2026-01-01", "end": "2030-12-31"}
    assert any(b["value"] == 500 and b["unit"] == "所" for b in doc["baselines"])
    assert any(t.get("value") == 300 and t.get("unit") == "所" for t in doc["targets"])
    assert all(t["indicator"] == "" for t in doc["targets"])
    assert all(c["start"] < c["end"] for c in draft["candidates"])
    with pytest.raises(zhibiao.InputError) as e:
        cat.extract("加强统筹。")
    assert e.value.code == "extract.no_period"
    assert isinstance(e.value, ValueError)
