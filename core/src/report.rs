//! Human-readable reports of an evaluation: aligned text tables or Markdown, in
//! Chinese or English.

use crate::catalog::fmt_num;
use crate::data::LoadReport;
use crate::eval::{Evaluation, TargetResult};
use crate::progress::Status;
use crate::table;
use crate::{Catalog, Kind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "zh" | "zh-CN" | "cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language {:?}: use zh or en", crate::text::clip(s, 40))),
        }
    }
}

/// Output style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Aligned plain text.
    #[default]
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.en(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{}%", fmt_num((x * 10.0).round() / 10.0)))
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{}%", fmt_num((x * 1000.0).round() / 10.0)))
}

fn value(r: &TargetResult) -> String {
    match (r.value, &r.unit) {
        (Some(v), Some(u)) if u == "%" => pct(Some(v)),
        (Some(v), Some(u)) => format!("{}{}", fmt_num((v * 100.0).round() / 100.0), u),
        (Some(v), None) => if v >= 1.0 { "done" } else { "not done" }.into(),
        (None, _) => "—".into(),
    }
}

fn goal(r: &TargetResult) -> String {
    match (r.comparator, r.target_value, &r.unit) {
        (Some(c), Some(v), Some(u)) => format!("{}{}{}", c.symbol(), fmt_num(v), u),
        _ => "—".into(),
    }
}

/// Summary lines of a load report, with the rejected rows (at most `max_rows`).
pub fn load_summary(report: &LoadReport, lang: Lang, max_rows: usize) -> String {
    let mut s = String::new();
    let (e, o) = (&report.entities, &report.observations);
    let counts = (e.read, e.accepted, e.rejected.len(), o.read, o.accepted, o.rejected.len());
    let _ = match (lang, counts) {
        (Lang::Zh, (er, ea, ej, or, oa, oj)) => {
            writeln!(s, "读入实体 {er} 条：接受 {ea}，拒绝 {ej}；观测 {or} 条：接受 {oa}，拒绝 {oj}")
        }
        (Lang::En, (er, ea, ej, or, oa, oj)) => writeln!(
            s,
            "entities read {er}: accepted {ea}, rejected {ej}; observations read {or}: accepted {oa}, rejected {oj}"
        ),
    };
    for f in e.encodings.iter().chain(o.encodings.iter()) {
        let _ = writeln!(s, "  {} {}: {} ({})", if lang == Lang::Zh { "编码" } else { "encoding" }, f.file, f.encoding, f.reason);
    }
    for c in e.ignored_columns.iter().chain(o.ignored_columns.iter()) {
        let _ = writeln!(s, "  {} {c:?}", if lang == Lang::Zh { "未读取的列" } else { "column not read:" });
    }
    let all: Vec<_> = report.rejections().collect();
    for r in all.iter().take(max_rows) {
        let _ = writeln!(s, "  {r}");
    }
    if all.len() > max_rows {
        let _ = writeln!(s, "  … {} more", all.len() - max_rows);
    }
    s
}

/// Counts of results by status.
pub fn status_counts<'a>(results: impl IntoIterator<Item = &'a TargetResult>) -> BTreeMap<Status, usize> {
    let mut m = BTreeMap::new();
    for r in results {
        *m.entry(r.status).or_insert(0) += 1;
    }
    m
}

/// Renders an evaluation: a status summary, then per document the measured targets
/// region by region, then the milestones.
pub fn render(catalog: &Catalog, eval: &Evaluation, lang: Lang, style: Style) -> String {
    let mut s = String::new();
    let zh = lang == Lang::Zh;
    let heading = |s: &mut String, text: &str| match style {
        Style::Markdown => {
            let _ = writeln!(s, "\n## {text}\n");
        }
        Style::Text => {
            let _ = writeln!(s, "\n{text}\n{}", "═".repeat(table::width(text).min(100)));
        }
    };
    let tbl = |header: &[&str], rows: &[Vec<String>]| match style {
        Style::Markdown => table::markdown(header, rows),
        Style::Text => table::render(header, rows),
    };
    let counts = status_counts(&eval.results);
    let summary: Vec<String> =
        Status::ALL.iter().filter_map(|st| counts.get(st).map(|n| format!("{} {n}", status_label(*st, lang)))).collect();
    let _ = writeln!(
        s,
        "{} {} — {} {}",
        if zh { "评估日期" } else { "as of" },
        eval.as_of,
        eval.results.len(),
        if zh { "项结果" } else { "results" }
    );
    let _ = writeln!(s, "{}", summary.join(" · "));
    for doc in catalog.documents() {
        let results: Vec<&TargetResult> = eval.results.iter().filter(|r| r.document == doc.id).collect();
        if results.is_empty() {
            continue;
        }
        heading(&mut s, &format!("{} ({})", if zh { &doc.title } else { &doc.title_en }, doc.id));
        let mut rows = Vec::new();
        for t in doc.targets.iter().filter(|t| t.kind != Kind::Milestone) {
            let mut first = true;
            // The top region of the target and its direct children; deeper levels are in the JSON.
            let rs: Vec<&&TargetResult> = results.iter().filter(|r| r.target == t.id).collect();
            let top = rs.first().map(|r| r.region.clone());
            for r in rs.into_iter().filter(|r| Some(&r.region) == top.as_ref() || r.parent == top) {
                let label = if first { if zh { t.label.clone() } else { t.label_en.clone() } } else { String::new() };
                first = false;
                let mut status = status_label(r.status, lang).to_string();
                if r.reason.as_ref().is_some_and(|x| x.code == "contribution") {
                    status = if zh { "（对全市/全省目标的贡献）".into() } else { "(contribution to the whole)".into() };
                } else if let Some(reason) = &r.reason {
                    status = format!("{status} ({})", reason.code);
                }
                if let Some(up) = r.status_if_missing_passed {
                    status = format!("{status}; {}{}", if zh { "缺报全达标则" } else { "if missing passed: " }, status_label(up, lang));
                }
                if r.approximate || r.soft {
                    status.push_str(if r.soft { " *soft" } else { " *approx." });
                }
                rows.push(vec![
                    table::truncate(&label, 24),
                    if zh { r.region_name.clone() } else { r.region.clone() },
                    r.year.map_or("—".into(), |y| y.to_string()),
                    value(r),
                    goal(r),
                    pct(r.coverage),
                    ratio(r.progress),
                    ratio(r.expected_progress),
                    r.growth_ratio.map_or("—".into(), |g| format!("{:.2}", g)),
                    status,
                ]);
            }
        }
        if !rows.is_empty() {
            let header: &[&str] = if zh {
                &["目标", "地区", "年份", "当前值", "目标值", "覆盖率", "进度", "应有进度", "增速比", "状态"]
            } else {
                &["target", "region", "year", "value", "target", "coverage", "progress", "expected", "ratio", "status"]
            };
            s.push_str(&tbl(header, &rows));
        }
        let milestones: Vec<&&TargetResult> = results.iter().filter(|r| r.kind == Kind::Milestone).collect();
        if !milestones.is_empty() {
            let c = status_counts(milestones.iter().map(|r| **r));
            let line: Vec<String> = c.iter().map(|(st, n)| format!("{} {n}", status_label(*st, lang))).collect();
            let _ = writeln!(s, "\n{} {}: {}", milestones.len(), if zh { "项里程碑" } else { "milestones" }, line.join(" · "));
            let rows: Vec<Vec<String>> = milestones
                .iter()
                .filter(|r| r.status != Status::Achieved)
                .map(|r| {
                    let label = catalog.target(&r.target).map(|(_, t)| if zh { t.label.clone() } else { t.label_en.clone() }).unwrap_or_default();
                    vec![table::truncate(&label, 40), r.deadline.to_string(), status_label(r.status, lang).into()]
                })
                .collect();
            if !rows.is_empty() {
                let header: &[&str] = if zh { &["未完成的里程碑", "期限", "状态"] } else { &["open milestone", "due", "status"] };
                s.push_str(&tbl(header, &rows));
            }
        }
    }
    s
}

/// The working of one result, step by step, for checking by hand.
pub fn explain(r: &TargetResult) -> String {
    let mut s = format!("{} @ {} {} ({}): {}\n", r.target, r.region, r.region_name, r.as_of, r.status.en());
    if let Some(reason) = &r.reason {
        let _ = writeln!(s, "  reason [{}]: {}", reason.code, reason.message);
    }
    for step in &r.working {
        let v = step.value.map_or(String::new(), |v| format!(" = {}", fmt_num((v * 1e6).round() / 1e6)));
        let _ = writeln!(s, "  {}{}  — {}", step.name, v, step.how);
    }
    s
}
