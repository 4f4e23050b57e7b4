"""Results out: Arrow tables that pandas, polars and pyarrow take without copies;
objects with readable reprs; reports and HTML for notebooks; charts."""

from __future__ import annotations

import json
from typing import Any

import pytest

import zhibiao

GIGABIT = "bj-plan-2021/t1/gigabit-to-school"


def test_catalog_objects_read_well() -> None:
    c = zhibiao.Catalog.builtin()
    assert [d.id for d in c.documents] == ["moe-2019", "bj-plan-2021", "cd-2021", "bj-2023", "sn-2023"]
    t = c.target(GIGABIT)
    assert t.label == "学校千兆接入率100%" and t.kind == "share" and t.value == 100
    assert repr(t).startswith(f"<Target {GIGABIT}: 学校千兆接入率100% — share")
    assert t.quote and t.quote_span is not None and t.quote_line is not None
    doc = c.document("cd-2021")
    assert doc.number == "成教函〔2021〕57号"
    assert "cd-2021" in repr(doc) and "18 tasks" in repr(doc)
    text = doc.text
    assert text is not None and t.quote.replace("\n", "")[:4] in c.document("bj-plan-2021").text.replace("\n", "")  # type: ignore[union-attr]
    task = next(x for x in doc.tasks if x.lead)
    assert task.lead and repr(task).startswith(f"<Task {task.id}") and "牵头" in repr(task)
    assert all(x.task is None or x.task.id for x in task.targets)
    assert [s.id for s in doc.sections][:1] and repr(doc.sections[0]).startswith("<Section")
    ind = c.indicator("school.bandwidth_mbps")
    assert ind.entity == "school" and "Mbps" in repr(ind)
    assert len(c.targets()) == sum(len(d.targets) for d in c.documents)
    assert len(c.targets("bj-2023")) == len(c.document("bj-2023").targets)
    with pytest.raises(KeyError):
        c.target("no/such/target")
    with pytest.raises(KeyError):
        c.document("nope")
    row = t.to_dict()
    assert row["id"] == GIGABIT and row["quote_line"] == t.quote_line
    units = dict(c.units())
    assert any("教育信息化处" in u for u in units)
    table = c.targets_table()
    assert table.num_rows == len(c.targets())


def test_results_reach_pyarrow_polars_and_pandas_without_copies(sample_eval: zhibiao.Evaluation) -> None:
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    table = sample_eval.to_table()
    a = pa.table(table)
    b = pa.table(table)
    assert a.num_rows == len(sample_eval) > 100
    # Both imports point at the same Rust-owned buffer: no copy was made.
    addr = lambda t: t.column("value").chunks[0].buffers()[1].address  # noqa: E731
    assert addr(a) == addr(b)
    df = sample_eval.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == len(sample_eval)
    assert df["value"].array._pa_array.chunks[0].buffers()[1].address == addr(a)
    assert str(df["status"].dtype).startswith("string")
    pf = sample_eval.to_polars()
    assert isinstance(pf, pl.DataFrame) and pf.height == len(sample_eval)
    assert pf.columns == table.column_names
    assert pl.DataFrame(sample_eval).equals(pf)
    assert pa.table(sample_eval).equals(a)
    # NumPy-backed pandas on request.
    assert str(sample_eval.to_pandas(dtype_backend=None)["value"].dtype) == "float64"
    if hasattr(pd.DataFrame, "from_arrow"):
        assert len(pd.DataFrame.from_arrow(sample_eval)) == len(sample_eval)


def test_table_columns_and_json_agree(sample_eval: zhibiao.Evaluation) -> None:
    rows = sample_eval.to_table().to_pylist()
    dicts = sample_eval.to_dicts()
    assert len(rows) == len(dicts)
    for row, d in zip(rows, dicts):
        assert (row["target"], row["region"], row["status"]) == (d["target"], d["region"], d["status"])
        assert row["value"] == d["value"]
        bounds = d.get("bounds") or {}
        assert row["lower_bound"] == bounds.get("lower") and row["upper_bound"] == bounds.get("upper")
        assert row["decided_by"] == d.get("decided_by") and row["qualifier"] == d.get("qualifier")
        reported = d.get("reported") or {}
        assert (row["reported_value"], row["reported_large_gap"]) == (reported.get("value"), reported.get("large"))
    parsed = json.loads(sample_eval.to_json())
    assert parsed["as_of"] == "2024-12-31" and parsed["results"] == dicts


def test_results_as_objects(sample_eval: zhibiao.Evaluation) -> None:
    r = sample_eval.result(GIGABIT)
    assert r.region == "110000" and r.region_name == "北京市"
    assert r.value is not None and r.status in zhibiao.STATUSES
    assert repr(r).startswith(f"<TargetResult {GIGABIT} @ 110000 北京市:")
    assert r.working and {"name", "value", "how"} <= set(r.working[0])
    assert "progress" in r.explain()
    assert r.to_dict()["target"] == GIGABIT
    assert sample_eval[0].target == sample_eval.results[0].target
    assert sample_eval[-1].target == sample_eval.results[-1].target
    assert sum(1 for _ in sample_eval) == len(sample_eval)
    with pytest.raises(IndexError):
        sample_eval[len(sample_eval)]
    with pytest.raises(KeyError):
        sample_eval.result(GIGABIT, "999999")
    counts = sample_eval.status_counts()
    assert sum(counts.values()) == len(sample_eval)
    assert list(counts) == [s for s in zhibiao.STATUSES if s in counts]
    assert repr(sample_eval).startswith("<zhibiao.Evaluation as of 2024-12-31")


def test_views(sample_eval: zhibiao.Evaluation) -> None:
    series = sample_eval.series()
    assert series.column_names[:4] == ["target", "region", "region_name", "year"]
    assert series.num_rows > len(sample_eval)
    traj = sample_eval.trajectories().to_pylist()
    assert traj and {"target", "plan_target", "plan_path", "annual_on_path"} <= set(traj[0])
    sections = sample_eval.by_section()
    assert {d["document"] for d in sections} >= {"bj-plan-2021", "bj-2023"}
    units = sample_eval.by_unit("教育信息化处")
    assert units and units[0]["tasks"]


def test_reports_and_html(sample_data: zhibiao.Dataset) -> None:
    ev = zhibiao.evaluate(sample_data, "2024-12-31", region="110000", document="bj-plan-2021")
    rep = ev.report("en")
    assert str(rep).startswith("as of 2024-12-31") and rep.text == str(rep)
    assert rep.markdown.count("|") > 10
    html = rep._repr_html_()
    assert "<table>" in html and "on track" in html or "achieved" in html
    zh = ev._repr_html_()
    assert "<table>" in zh and "评估日期" in zh and "北京市" in zh
    load_html = sample_data.load_report._repr_html_()
    assert "<table>" in load_html and "observations" in load_html
    assert "<table>" in ev.to_table()._repr_html_()
    assert "rows" in repr(ev.to_table())
    assert str(sample_data.load_report).startswith("entities read")
    assert sample_data.load_report.summary("zh").startswith("读入实体")


def test_no_report_is_not_missed() -> None:
    empty = zhibiao.evaluate(zhibiao.load([], []), "2030-12-31")
    statuses = empty.status_counts()
    assert "missed" not in statuses and len(empty) > 200
    milestones = [r for r in empty if r.kind == "milestone"]
    assert milestones and all(r.status == "not_assessable" and r.reason["code"] == "unreported" for r in milestones)
    reported = [
        {"entity_id": "110000", "indicator": "bj-2023/t1.1/action-plan-issued", "period": "2024-02-01", "value": "1"},
        {"entity_id": "110000", "indicator": "bj-2023/t1.3/horizontal-evaluation", "period": "2023-06-30", "value": "否"},
    ]
    ids = ["bj-2023/t1.1/action-plan-issued", "bj-2023/t1.3/horizontal-evaluation", "bj-2023/t1.2/smart-campus-spec-issued"]
    ev = zhibiao.evaluate(zhibiao.load([], reported), "2024-03-31", targets=ids)
    got = {r.target: (r.status, r.reason["code"] if r.reason else None, r.value) for r in ev}
    assert got == {
        ids[0]: ("missed", None, 1.0),
        ids[1]: ("missed", None, 0.0),
        ids[2]: ("not_assessable", "unreported", None),
    }
    assert zhibiao.REASONS["unreported"] == {"zh": "到期未报告", "en": "not reported by the deadline"}
    text = str(ev.report("en"))
    assert "missed 2: milestones reported not done 1 · milestones done late 1" in text
    assert "not assessable 1: not reported by the deadline 1" in text
    assert "到期未报告" in ev._repr_html_()


def test_template_filled_and_read_back() -> None:
    c = zhibiao.Catalog.builtin()
    rows = c.template_rows("bj-2023", "北京")
    assert len(rows) > 50 and all(r["entity_id"] == "110000" and r["value"] == "" for r in rows)
    csv = c.template_csv("bj-2023", "北京")
    assert csv.splitlines()[0] == "entity_id,indicator,period,value,source,region_name,label,unit"
    filled = csv.replace(
        "110000,bj-2023/t1.1/action-plan-issued,2023,,", "110000,bj-2023/t1.1/action-plan-issued,2023,1,京教信〔2023〕3号"
    ) + "000000,region.lessons_shared,2019,1291,,,,\n"
    data = zhibiao.load(observations=filled.encode())
    assert data.load_report.observations.blank == len(rows) - 1
    ev = zhibiao.evaluate(data, "2024-06-30", document="bj-2023")
    assert ev.result("bj-2023/t1.1/action-plan-issued", "110000").status == "achieved"
    assert ev.unused == [{"indicator": "region.lessons_shared", "observations": 1}]
    with pytest.raises(zhibiao.ZhibiaoError):
        c.template_rows("nope")


def test_explain_and_parse_quantities(sample_eval: zhibiao.Evaluation) -> None:
    text = sample_eval.explain(GIGABIT, "110000")
    assert text.startswith(f"{GIGABIT} @ 110000")
    q = zhibiao.parse_quantities("中小学宽带接入率达到97%以上")
    assert q[0]["comparator"] == "at_least" and q[0]["value"] == 97 and q[0]["unit"] == "%"


def test_plots(sample_eval: zhibiao.Evaluation) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    ax = sample_eval.plot()
    assert ax.get_title().startswith(("目标状态", "Target status"))
    ax = sample_eval.plot(GIGABIT, region="110000", kind="regions")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 17  # Beijing and its 16 districts
    ax = sample_eval.plot(GIGABIT, region="110000")
    assert ax.get_lines(), "the trajectory draws lines"
    ax = sample_eval.plot("bj-plan-2021/t5/smart-campus-demo-100", region="110000", lang="en")
    assert "annual targets" in [t.get_text() for t in ax.get_legend().get_texts()]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyph warnings where no Chinese font is installed
        ax = sample_eval.plot(GIGABIT, lang="zh")
    assert ax.get_title().startswith("学校千兆接入率100%")
    with pytest.raises(ValueError):
        sample_eval.plot(kind="regions")
    with pytest.raises(ValueError):
        sample_eval.plot(GIGABIT, kind="pie")
    plt.close("all")


def test_evaluation_errors(sample_data: zhibiao.Dataset) -> None:
    with pytest.raises(zhibiao.EvaluationError) as info:
        zhibiao.evaluate(sample_data, "2024-12-31", region="999999")
    e = info.value
    assert e.code == "eval.unknown_region" and isinstance(e, ValueError)
    assert e.details == {"field": "region", "value": "999999"}
    for kw, code in (({"document": "nope"}, "eval.unknown_document"), ({"targets": ["no/such"]}, "eval.unknown_target")):
        with pytest.raises(zhibiao.EvaluationError) as info:
            zhibiao.evaluate(sample_data, "2024-12-31", **kw)
        assert info.value.code == code
    with pytest.raises(ValueError, match="not a period") as bad_date:
        zhibiao.evaluate(sample_data, "31/12/2024")
    assert getattr(bad_date.value, "code", None) == "input.argument"
    with pytest.raises(ValueError, match="depth"):
        zhibiao.evaluate(sample_data, "2024-12-31", depth="street")
    import datetime

    a = zhibiao.evaluate(sample_data, datetime.date(2024, 12, 31), targets=GIGABIT, depth="city")
    assert {r.target for r in a} == {GIGABIT}
    assert {r.region_level for r in a} <= {"nation", "province", "city"}


def test_catalog_errors_carry_every_problem(tmp_path: Any) -> None:
    import shutil

    from conftest import REPO

    spec = tmp_path / "spec"
    for sub in ("catalog", "indicators", "sources"):
        shutil.copytree(REPO / "spec" / sub, spec / sub)
    zhibiao.Catalog.load_dir(spec)  # a copy of the built-in catalog loads
    (spec / "catalog" / "bj-2023.json").write_text('{"id": "bj-2023",', encoding="utf-8")
    with pytest.raises(zhibiao.CatalogError) as info:
        zhibiao.Catalog.load_dir(spec)
    e = info.value
    assert e.code == "catalog.parse" and isinstance(e, ValueError)
    assert e.file is not None and e.file.endswith("bj-2023.json") and e.line == 1
    assert e.problems and e.problems[0]["code"] == "catalog.parse"


def test_exception_hierarchy_and_pickling() -> None:
    import pickle

    assert issubclass(zhibiao.InputError, ValueError) and issubclass(zhibiao.InputError, zhibiao.ZhibiaoError)
    assert issubclass(zhibiao.RejectedRecordsError, zhibiao.InputError)
    assert issubclass(zhibiao.EvaluationError, ValueError)
    assert issubclass(zhibiao.CatalogError, zhibiao.ZhibiaoError)
    e = zhibiao.InputError("f.csv: missing required column", code="input.missing_column", details={"file": "f.csv"})
    back = pickle.loads(pickle.dumps(e))
    assert back.code == "input.missing_column" and back.details == {"file": "f.csv"} and str(back) == str(e)


def test_charts_draw_chinese_with_a_cjk_font(sample_eval: zhibiao.Evaluation) -> None:
    # scripts/test-py.sh installs Debian's fonts-noto-cjk; lang="auto" then draws in Chinese
    # with it, and matplotlib has no glyph it cannot draw ("Glyph … missing from font(s)").
    pytest.importorskip("matplotlib")
    import warnings

    import matplotlib.pyplot as plt

    from zhibiao import _plot

    assert _plot.cjk_font() is not None, "no font with Chinese glyphs: apt-get install fonts-noto-cjk"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = sample_eval.plot("bj-plan-2021/t1/gigabit-to-school", region="110000")
        ax.figure.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    assert "学校千兆接入率" in ax.get_title()
    plt.close("all")


def test_reported_figures_have_their_columns() -> None:
    # A school's own value decides 北京 (1 of 1 at 100 Mbps); the figure 北京 reported
    # under the target's id (90%) is shown beside it with the gap, flagged as large.
    target = "moe-2019/g7/bandwidth-100mbps"
    ents = [{"entity_id": "S1", "kind": "school", "name": "一小", "region_code": "110101", "stage": "小学"}]
    obs = [
        {"entity_id": "S1", "indicator": "school.bandwidth_mbps", "period": 2019, "value": 100},
        {"entity_id": "北京", "indicator": target, "period": "2019年底", "value": "90%"},
        {"entity_id": "上海", "indicator": target, "period": 2019, "value": "超过95%"},
    ]
    ev = zhibiao.evaluate(zhibiao.load(ents, obs, strict=True), "2020-06-30", targets=[target])
    rows = {r["region"]: r for r in ev.to_table().to_pylist()}
    bj, sh = rows["110000"], rows["310000"]
    assert (bj["decided_by"], bj["reported_value"], bj["reported_large_gap"]) == ("units", 90.0, True)
    assert bj["reported_difference"] == 10.0
    assert (sh["decided_by"], sh["qualifier"], sh["reported_value"]) == ("reported", "more_than", None)


def test_results_as_csv(sample_eval: zhibiao.Evaluation, tmp_path: Any) -> None:
    import csv
    import io

    text = sample_eval.to_csv()
    assert not text.startswith("\ufeff"), "a string has no byte-order mark unless asked"
    rows = list(csv.DictReader(io.StringIO(text)))
    table = sample_eval.to_table()
    assert list(rows[0]) == table.column_names + ["responsible", "working"]
    assert len(rows) == len(sample_eval)
    first = sample_eval[0]
    assert (rows[0]["target"], rows[0]["status"]) == (first.target, first.status)
    assert rows[0]["working"] == first.explain().rstrip()
    path = tmp_path / "results.csv"
    assert sample_eval.to_csv(path) is None
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw[3:].decode("utf-8") == text
    sample_eval.to_csv(str(path), bom=False)
    assert path.read_bytes() == text.encode("utf-8")
    with pytest.raises(OSError, match="output.io"):
        sample_eval.to_csv(tmp_path / "no-such-dir" / "results.csv")


def test_results_as_an_excel_report(sample_data: zhibiao.Dataset, tmp_path: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from zhibiao._display import STATUS_COLORS, status_label

    ev = zhibiao.evaluate(sample_data, "2024-12-31")
    path = tmp_path / "report.xlsx"
    assert ev.to_excel(path) is None
    wb = openpyxl.load_workbook(path)
    docs = [d.id for d in ev.catalog.documents]
    assert wb.sheetnames == ["概况", *docs, "未读入记录"]
    summary = wb["概况"]
    assert [c.value for c in summary[1]][:3] == ["文件", "文件名称", "已达成"]
    ws = wb["bj-plan-2021"]
    head = [c.value for c in ws[1]]
    assert head[:2] == ["目标编号", "目标"] and head[-1] == "计算过程"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    r = ev.result(GIGABIT)
    row = next(x for x in ws.iter_rows(min_row=2) if x[0].value == GIGABIT and x[head.index("地区代码")].value == "110000")
    cell = row[head.index("状态")]
    assert cell.value == status_label(r.status, "zh")
    assert cell.fill.fgColor.rgb == "FF" + STATUS_COLORS[r.status].lstrip("#").upper()
    assert row[head.index("当前值")].value == r.value
    assert row[head.index("截止日期")].value.date() == r.deadline
    assert row[head.index("填报率")].number_format == "0.0%"
    assert row[head.index("填报率")].value == pytest.approx(r.coverage / 100)
    assert wb["未读入记录"].max_row == 1, "the sample has no rejected records: the header alone"
    en = tmp_path / "report-en.xlsx"
    ev.to_excel(en, False, lang="en")
    wb = openpyxl.load_workbook(en)
    assert wb.sheetnames == ["Summary", *docs]
    with pytest.raises(zhibiao.InputError):
        ev.to_excel(en, lang="fr")
