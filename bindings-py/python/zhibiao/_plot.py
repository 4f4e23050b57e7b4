"""Charts with matplotlib (an optional dependency, the wheel's extra ``plot``).

Drawing only: every value, bound, baseline, projection and status comes from the
core's results.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Any, Optional

from ._display import STATUS_COLORS, format_goal, status_label
from ._zhibiao import STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from ._zhibiao import Evaluation

#: Fonts with Chinese glyphs, tried in order when ``lang="auto"``.
CJK_FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Arial Unicode MS",
]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - exercised only without matplotlib
        raise ImportError("plot() needs matplotlib: pip install matplotlib (what the wheel's extra zhibiao[plot] installs)") from e
    return plt


#: Parts of the file names of fonts in CJK_FONTS.
_CJK_FILES = ("cjk", "sourcehan", "notosanssc", "wqy", "msyh", "simhei", "pingfang", "hiragino", "stheiti", "arialuni")
_rescanned = False


def cjk_font() -> Optional[str]:
    """The first installed font that can show Chinese, if any. A font installed after
    matplotlib built its font cache is not in it: the system's fonts are searched once
    for those files and added."""
    global _rescanned
    from matplotlib import font_manager

    def first() -> Optional[str]:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    found = first()
    if found is None and not _rescanned:
        _rescanned = True
        for path in font_manager.findSystemFonts():
            if any(part in os.path.basename(path).lower().replace("-", "").replace("_", "") for part in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # pragma: no cover - a font matplotlib cannot read
                    continue
        found = first()
    return found


def _resolve_lang(lang: str) -> tuple[str, Optional[str]]:
    if lang not in ("auto", "zh", "en"):
        raise ValueError(f"lang={lang!r}: use 'auto', 'zh' or 'en'")
    font = cjk_font() if lang != "en" else None
    if lang == "auto":
        return ("zh" if font else "en"), font
    return lang, font


def _drawable(unit: Optional[str], lang: str) -> Optional[str]:
    """The unit, unless it is a Chinese measure word (所, 个) that an English chart without a
    Chinese font cannot draw: counts read the same without it."""
    if unit and lang == "en" and any(ord(ch) > 0x2E80 for ch in unit):
        return ""
    return unit


def _legend(ax: Any, **kw: Any) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, **kw)


def _apply_font(ax: Any, font: Optional[str]) -> None:
    if not font:
        return
    from matplotlib.text import Text

    for t in ax.figure.findobj(Text):
        t.set_fontfamily([font, "DejaVu Sans"])


def _axes(ax: Any, height: float) -> Any:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=(8.5, height), layout="constrained")
    return ax


def plot(
    ev: "Evaluation",
    *,
    target: Optional[str] = None,
    kind: Optional[str] = None,
    region: Optional[str] = None,
    ax: Any = None,
    lang: str = "auto",
) -> Any:
    """See :meth:`zhibiao.Evaluation.plot`."""
    _pyplot()
    lang, font = _resolve_lang(lang)
    if kind is None:
        kind = "status" if target is None else ("trajectory" if region is not None else "regions")
    if kind == "status":
        ax = _status(ev, ax, lang)
    elif kind in ("regions", "trajectory"):
        if target is None:
            raise ValueError(f"kind={kind!r} needs a target id, e.g. plot('bj-plan-2021/t1/gigabit-to-school')")
        ax = _regions(ev, target, region, ax, lang) if kind == "regions" else _trajectory(ev, target, region, ax, lang)
    else:
        raise ValueError(f"kind={kind!r}: use 'status', 'regions' or 'trajectory'")
    _apply_font(ax, font)
    return ax


def _status(ev: "Evaluation", ax: Any, lang: str) -> Any:
    docs = ev.by_section()
    ax = _axes(ax, 1.2 + 0.5 * max(1, len(docs)))
    names = [d["document"] for d in docs]
    left = [0] * len(docs)
    for code in STATUSES:
        widths = [d["status"].get(code, 0) for d in docs]
        if not any(widths):
            continue
        ax.barh(names, widths, left=left, color=STATUS_COLORS[code], label=status_label(code, lang))
        left = [a + b for a, b in zip(left, widths)]
    ax.invert_yaxis()
    ax.set_xlabel("目标数（在文件所辖地区）" if lang == "zh" else "targets (at each document's jurisdiction)")
    ax.set_title(("目标状态 — 评估日期 " if lang == "zh" else "Target status — as of ") + str(ev.as_of))
    _legend(ax)
    return ax


def _rows(ev: "Evaluation", target: str) -> list[dict[str, Any]]:
    rows = [r for r in ev.to_table().to_pylist() if r["target"] == target]
    if not rows:
        raise KeyError(f"no result for target {target!r} in this evaluation")
    return rows


def _regions(ev: "Evaluation", target: str, region: Optional[str], ax: Any, lang: str) -> Any:
    rows = _rows(ev, target)
    if region is not None:
        rows = [r for r in rows if r["region"] == region or r["parent"] == region]
    head = rows[0]
    # The scope region first, then sub-regions by value.
    scope, subs = rows[:1], sorted(rows[1:], key=lambda r: -(r["value"] if r["value"] is not None else -1e300))
    rows = scope + subs
    ax = _axes(ax, 1.5 + 0.3 * len(rows))
    name = "region_name" if lang == "zh" else "region_name_en"
    labels = [r[name] or r["region_name"] for r in rows]
    values = [r["value"] or 0.0 for r in rows]
    colors = [STATUS_COLORS.get(r["status"], "#777") for r in rows]
    y = list(range(len(rows)))
    ax.barh(y, values, color=colors)
    # What missing reports could change: from the value (all missing fail) to the upper bound.
    for i, r in enumerate(rows):
        lo, hi = r["lower_bound"], r["upper_bound"]
        if lo is not None and hi is not None and hi - lo > 1e-9:
            ax.barh(i, hi - lo, left=lo, color=colors[i], alpha=0.3, hatch="///", edgecolor=colors[i])
        if r["value"] is None:
            ax.text(0, i, " " + ("无数据" if lang == "zh" else "no data"), va="center", fontsize=8, color="#555")
    goal = head["target_value"]
    if goal is not None:
        ax.axvline(goal, color="#333", linestyle="--", linewidth=1)
        ax.text(goal, -0.7, " " + format_goal(head["comparator"], goal, _drawable(head["unit"], lang)), fontsize=8, va="bottom")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(_drawable(head["unit"], lang) or "")
    label = head["label"] if lang == "zh" else head["label_en"]
    ax.set_title(f"{label}\n{target} — {'评估日期' if lang == 'zh' else 'as of'} {ev.as_of}", fontsize=10)
    seen: dict[str, Any] = {}
    for r in rows:
        seen.setdefault(r["status"], None)
    from matplotlib.patches import Patch

    handles = [Patch(color=STATUS_COLORS.get(s, "#777"), label=status_label(s, lang)) for s in STATUSES if s in seen]
    _legend(ax, handles=handles)
    return ax


def _year_end(year: int) -> _dt.date:
    return _dt.date(year, 12, 31)


def _trajectory(ev: "Evaluation", target: str, region: Optional[str], ax: Any, lang: str) -> Any:
    r = ev.result(target, region)
    ax = _axes(ax, 4.5)
    unit = _drawable(r.unit, lang)
    points = [(_year_end(s["year"]), s["value"]) for s in r.series if s["value"] is not None]
    observed = "观测值" if lang == "zh" else "observed"
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color="#2166ac", label=observed)
    base = r.baseline
    goal = r.target_value
    if base is not None and goal is not None:
        b_date = _dt.date.fromisoformat(base["date"])
        ax.plot(
            [b_date, r.deadline],
            [base["value"], goal],
            linestyle="--",
            color="#555",
            label="基线到目标的直线路径" if lang == "zh" else "straight path from baseline to target",
        )
        ax.scatter([b_date], [base["value"]], marker="s", color="#555", zorder=3, label="基线" if lang == "zh" else "baseline")
    if goal is not None:
        ax.axhline(goal, color="#1b7837", linewidth=1, alpha=0.6)
        ax.scatter([r.deadline], [goal], marker="*", s=150, color="#1b7837", zorder=3,
                   label=("目标 " if lang == "zh" else "target ") + format_goal(r.comparator, goal, unit))
    if r.projection is not None and r.year is not None and r.value is not None:
        ax.plot([_year_end(r.year), r.deadline], [r.value, r.projection], linestyle=":", color="#2166ac",
                label="按趋势预测" if lang == "zh" else "projection")
    if r.bounds is not None and r.year is not None and r.value is not None and r.bounds[1] - r.bounds[0] > 1e-9:
        lo, hi = r.bounds
        ax.errorbar([_year_end(r.year)], [r.value], yerr=[[r.value - lo], [hi - r.value]], fmt="none", ecolor="#2166ac",
                    capsize=4, alpha=0.6, label="缺报的影响" if lang == "zh" else "bounds under missing reports")
    # Annual targets that are steps toward this one (e.g. Beijing 2023's 40 toward the plan's 100).
    steps = [t for t in ev.trajectories().to_pylist() if t["plan_target"] == target and t["region"] == r.region]
    if steps:
        ax.scatter([t["deadline"] for t in steps], [t["annual_implies"] for t in steps], marker="D", color="#e66101", zorder=3,
                   label="年度目标" if lang == "zh" else "annual targets")
    ax.set_ylabel(unit or "")
    # Values describe year ends: put each year's tick on its 31 December.
    from matplotlib import dates

    mdates: Any = dates
    ax.xaxis.set_major_locator(mdates.YearLocator(1, month=12, day=31))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("年末" if lang == "zh" else "end of year")
    name = r.region_name if lang == "zh" else (_english_region(ev, r.target, r.region) or r.region_name)
    label = r.label if lang == "zh" else r.label_en
    ax.set_title(f"{label} — {name}: {status_label(r.status, lang)}", fontsize=10)
    _legend(ax)
    ax.grid(alpha=0.3)
    return ax


def _english_region(ev: "Evaluation", target: str, region: str) -> Optional[str]:
    for row in ev.to_table().to_pylist():
        if row["target"] == target and row["region"] == region:
            value = row["region_name_en"]
            return None if value is None else str(value)
    return None
