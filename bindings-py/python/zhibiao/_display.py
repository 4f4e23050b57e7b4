"""Rich display in notebooks (``_repr_html_``): presentation only, every number comes
from the core's results."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Literal, Optional

from ._zhibiao import COMPARATORS, REASONS, STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from ._zhibiao import Evaluation, LoadReport, Table

#: One colour per status, best to worst (also used by ``plot``); the same palette as the
#: core's ``Status::color``, which fills the status cells of ``Evaluation.to_excel``.
STATUS_COLORS = {
    "achieved": "#1b7837",
    "on_track": "#5aae61",
    "needs_acceleration": "#f1a340",
    "limited": "#e66101",
    "regressing": "#b2182b",
    "missed": "#67001f",
    "not_assessable": "#9e9e9e",
}

MAX_ROWS = 400

_HEAD = {
    "zh": ["目标", "地区", "年份", "当前值", "目标值", "填报率", "进度", "状态"],
    "en": ["target", "region", "year", "value", "target", "coverage", "progress", "status"],
}

_STYLE = (
    "<style>.zb table{border-collapse:collapse;font-size:12px;margin:4px 0 12px}"
    ".zb th,.zb td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}"
    ".zb td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".zb .chip{display:inline-block;border-radius:9px;padding:0 8px;margin:0 4px 2px 0;color:#fff;font-size:12px}"
    ".zb h4{margin:10px 0 2px}.zb .muted{color:#777}</style>"
)


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def status_label(code: str, lang: str) -> str:
    """The core's label of a status in ``lang`` (``zh`` or ``en``)."""
    return STATUSES.get(code, {}).get(lang, code)


def chip(code: str, lang: str, count: Optional[int] = None) -> str:
    color = STATUS_COLORS.get(code, "#777")
    text = status_label(code, lang) + ("" if count is None else f" {count}")
    return f'<span class="chip" style="background:{color}">{_e(text)}</span>'


def reason_note(code: Optional[str], message: Optional[str], lang: str) -> str:
    """Why a result has no verdict, in the core's words (``REASONS``), the message on hover:
    "not reported by the deadline" is not "missed"."""
    if not code:
        return ""
    words = REASONS.get(code, {}).get(lang, code)
    return f' <small class="muted" title="{_e(message)}">{_e(words)}</small>'


def _num(v: Optional[float], digits: int = 2) -> str:
    if v is None:
        return "—"
    text = f"{v:,.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def format_value(v: Optional[float], unit: Optional[str], lang: str) -> str:
    """A value with its unit, as the reports show it."""
    if v is None:
        return "—"
    if unit is None:  # milestones: done or not
        done = v >= 1
        return ("已完成" if done else "未完成") if lang == "zh" else ("done" if done else "not done")
    if unit == "%":
        return f"{_num(v, 1)}%"
    return f"{_num(v)} {unit}".strip()


def format_goal(comparator: Optional[str], value: Optional[float], unit: Optional[str]) -> str:
    if comparator is None or value is None:
        return "—"
    symbol = COMPARATORS.get(comparator, comparator)
    return f"{symbol} {format_value(value, unit, 'en')}"


def evaluation_html(ev: "Evaluation", lang: str = "zh") -> str:
    """An evaluation as HTML: status summary, then per document its results."""
    lang_: Literal["zh", "en"] = "en" if lang == "en" else "zh"
    lang = lang_
    cols = ev.to_table().to_pydict()
    n = len(cols["target"])
    counts = ev.status_counts()
    title = f"评估日期 {ev.as_of} — {n} 项结果" if lang == "zh" else f"as of {ev.as_of} — {n} results"
    parts = [_STYLE, '<div class="zb">', f"<div><b>{_e(title)}</b></div><div>"]
    parts += [chip(code, lang, count) for code, count in counts.items()]
    parts.append("</div>")
    load = ev.load_report
    if not load.is_clean:
        parts.append(f'<div class="muted">{_e(load.summary(lang_, 0).strip())}</div>')
    order: list[str] = []
    for d in cols["document"]:
        if d not in order:
            order.append(d)
    titles = {d.id: (d.title if lang == "zh" else d.title_en) for d in ev.catalog.documents}
    shown = 0
    for doc in order:
        rows = [i for i in range(n) if cols["document"][i] == doc]
        parts.append(f"<h4>{_e(titles.get(doc, doc))} <span class='muted'>({_e(doc)})</span></h4>")
        parts.append("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in _HEAD[lang]) + "</tr></thead><tbody>")
        for i in rows:
            if shown >= MAX_ROWS:
                break
            shown += 1
            label = cols["label" if lang == "zh" else "label_en"][i]
            region = cols["region_name" if lang == "zh" else "region_name_en"][i] or cols["region_name"][i]
            coverage = cols["coverage"][i]
            progress = cols["progress"][i]
            bounds = ""
            lo, hi = cols["lower_bound"][i], cols["upper_bound"][i]
            if lo is not None and hi is not None and hi - lo > 1e-9:
                bounds = f' <span class="muted">[{_num(lo, 1)}–{_num(hi, 1)}]</span>'
            parts.append(
                "<tr>"
                f"<td title='{_e(cols['target'][i])}'>{_e(label)}</td>"
                f"<td>{_e(region)}</td>"
                f"<td class='n'>{_e(cols['year'][i] or '—')}</td>"
                f"<td class='n'>{_e(format_value(cols['value'][i], cols['unit'][i], lang))}{bounds}</td>"
                f"<td class='n'>{_e(format_goal(cols['comparator'][i], cols['target_value'][i], cols['unit'][i]))}</td>"
                f"<td class='n'>{_e('—' if coverage is None else _num(coverage, 1) + '%')}</td>"
                f"<td class='n'>{_e('—' if progress is None else _num(progress * 100, 1) + '%')}</td>"
                f"<td>{chip(cols['status'][i], lang)}{reason_note(cols['reason'][i], cols['reason_message'][i], lang)}</td>"
                "</tr>"
            )
        parts.append("</tbody></table>")
        if shown >= MAX_ROWS:
            more = n - shown
            parts.append(f"<div class='muted'>… {more} more rows: use to_pandas() or to_polars()</div>")
            break
    parts.append("</div>")
    return "".join(parts)


def load_report_html(report: "LoadReport", max_rows: int = 50) -> str:
    """A load report as HTML: counts, columns not read, and the rejected records."""
    e, o = report.entities, report.observations
    parts = [_STYLE, '<div class="zb"><table><thead><tr><th></th><th>read</th><th>accepted</th><th>rejected</th><th>columns not read</th></tr></thead><tbody>']
    for name, c in (("entities", e), ("observations", o)):
        parts.append(
            f"<tr><td>{name}</td><td class='n'>{c.read}</td><td class='n'>{c.accepted}</td>"
            f"<td class='n'>{len(c.rejected)}</td><td>{_e(', '.join(c.ignored_columns))}</td></tr>"
        )
    parts.append("</tbody></table>")
    rejections = report.rejections()
    if rejections:
        parts.append("<table><thead><tr><th>file</th><th>line</th><th>column</th><th>value</th><th>code</th><th>reason</th></tr></thead><tbody>")
        for r in rejections[:max_rows]:
            parts.append(
                f"<tr><td>{_e(r.file or '')}</td><td class='n'>{_e(r.line)}</td><td>{_e(r.column or '')}</td>"
                f"<td>{_e(r.value or '')}</td><td><code>{_e(r.code)}</code></td><td>{_e(r.reason)}</td></tr>"
            )
        parts.append("</tbody></table>")
        if len(rejections) > max_rows:
            parts.append(f"<div class='muted'>… {len(rejections) - max_rows} more: rejections_table()</div>")
    parts.append("</div>")
    return "".join(parts)


def table_html(table: "Table", max_rows: int = 20) -> str:
    """The first rows of a table as HTML."""
    names = table.column_names
    rows = table.head(max_rows).to_pylist()
    parts = [_STYLE, f'<div class="zb"><div class="muted">zhibiao.Table: {table.num_rows} rows × {len(names)} columns</div><table><thead><tr>']
    parts += [f"<th>{_e(n)}</th>" for n in names]
    parts.append("</tr></thead><tbody>")
    for row in rows[:max_rows]:
        cells = []
        for n in names:
            v = row[n]
            if isinstance(v, float):
                cells.append(f"<td class='n'>{_e(_num(v, 4))}</td>")
            elif isinstance(v, list):
                cells.append(f"<td>{_e(', '.join(map(str, v)))}</td>")
            else:
                cells.append(f"<td>{_e('' if v is None else v)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if table.num_rows > max_rows:
        parts.append(f"<div class='muted'>… {table.num_rows - max_rows} more rows</div>")
    parts.append("</div>")
    return "".join(parts)
