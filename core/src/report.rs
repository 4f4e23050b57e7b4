//! Human-readable reports of an evaluation: aligned text tables or Markdown, in
//! Chinese or English, with a legend that defines every column, status and mark.

use crate::catalog::fmt_num;
use crate::data::LoadReport;
use crate::eval::{Evaluation, TargetResult};
use crate::lang;
pub use crate::lang::Lang;
use crate::progress::{Status, STATUS_TEXT};
use crate::regions::RegionTable;
use crate::table;
use crate::{Catalog, Kind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Output style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Aligned plain text.
    #[default]
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
}

/// How [`render_with`] writes a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Language of labels, names, units and words.
    pub lang: Lang,
    /// Plain text or Markdown.
    pub style: Style,
    /// A first column with each target's id.
    pub ids: bool,
    /// The legend defining every column, status and mark (at the end).
    pub legend: bool,
    /// Width of the label column in plain text; longer labels wrap onto more lines.
    pub label_width: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { lang: Lang::Zh, style: Style::Text, ids: false, legend: true, label_width: 28 }
    }
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

/// A share in % (values already in %).
fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{}%", fmt_num((x * 10.0).round() / 10.0)))
}

/// A ratio as %, to one decimal.
fn ratio(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{}%", fmt_num((x * 1000.0).round() / 10.0)))
}

/// Progress as %; past the target it reads `100%+` (the exact figure is in the JSON and
/// the working: a baseline close to the target makes it large without meaning more).
fn progress(v: Option<f64>) -> String {
    match v {
        Some(x) if x > 1.0 + 1e-9 => "100%+".into(),
        _ => ratio(v),
    }
}

fn value(r: &TargetResult, lang: Lang) -> String {
    use crate::quantity::Qualifier;
    // A reported bound or approximation keeps its sign: > 70%, ≥ 90%, ≈ 12万.
    let mark = match r.qualifier {
        Some(Qualifier::MoreThan) => "> ",
        Some(Qualifier::AtLeast) => "≥ ",
        Some(Qualifier::AtMost) => "≤ ",
        Some(Qualifier::LessThan) => "< ",
        Some(Qualifier::About) => "≈ ",
        _ => "",
    };
    format!("{mark}{}", plain_value(r, lang))
}

fn plain_value(r: &TargetResult, lang: Lang) -> String {
    match (r.value, r.unit.as_deref()) {
        (Some(v), Some("%")) => pct(Some(v)),
        (Some(v), Some(u)) if !u.is_empty() => lang::quantity((v * 100.0).round() / 100.0, u, lang),
        (Some(v), _) if r.kind == Kind::Milestone => lang.pick(if v >= 1.0 { "已完成" } else { "未完成" }, if v >= 1.0 { "done" } else { "not done" }).into(),
        (Some(v), _) => lang::number((v * 100.0).round() / 100.0, lang),
        (None, _) => "—".into(),
    }
}

fn goal(r: &TargetResult, lang: Lang) -> String {
    match (r.comparator, r.target_value) {
        (Some(c), Some(v)) => {
            let space = if lang == Lang::En { " " } else { "" };
            format!("{}{space}{}", c.symbol(), lang::quantity(v, r.unit.as_deref().unwrap_or(""), lang))
        }
        _ => "—".into(),
    }
}

/// Region names in the report's language: English from the built-in table, Chinese from
/// the result (which carries names given in the data); English falls back to Chinese for
/// regions the data added.
struct RegionNames {
    table: RegionTable,
    lang: Lang,
}

impl RegionNames {
    fn of(&self, code: &str, name_zh: &str) -> String {
        match self.lang {
            Lang::Zh => name_zh.to_string(),
            Lang::En => self
                .table
                .index(code)
                .and_then(|i| self.table.name_en(i))
                .filter(|n| !n.is_empty())
                .unwrap_or(name_zh)
                .to_string(),
        }
    }
    fn of_code(&self, code: &str) -> String {
        let zh = self.table.index(code).and_then(|i| self.table.name(i)).unwrap_or(code);
        self.of(code, zh)
    }
}

/// The status cell: label, then why (not assessable), what missing reports could change,
/// and whether the promise is soft or its figure approximate.
fn status_cell(r: &TargetResult, names: &RegionNames, scope: &str) -> String {
    let l = names.lang;
    let mut s = match &r.reason {
        Some(x) if x.code == "contribution" => {
            let whole = names.of_code(scope);
            l.pick(&format!("计入{whole}总数"), &format!("counts toward {whole}'s figure")).to_string()
        }
        Some(x) => format!("{}{}{}", status_label(r.status, l), l.pick("：", ": "), lang::reason(&x.code, l)),
        None => status_label(r.status, l).to_string(),
    };
    if let Some(up) = r.status_if_missing_passed {
        let up = status_label(up, l);
        s.push_str(&l.pick(&format!("；缺报全达标则{up}"), &format!("; {up} if every missing report passed")).to_string());
    }
    if r.soft {
        s.push_str(l.pick(" *原则性", " *soft"));
    } else if r.approximate {
        s.push_str(l.pick(" *约数", " *approx."));
    }
    s
}

/// What a milestone result rests on: the report it read, or that there was none.
fn milestone_detail(r: &TargetResult, lang: Lang) -> String {
    let year = r.year.map_or(String::new(), |y| y.to_string());
    match r.value {
        None if r.reason.as_ref().is_some_and(|x| x.code == "unreported") => lang.pick("无报告", "no report").into(),
        None => lang.pick("尚无报告", "no report yet").into(),
        Some(v) if v < 1.0 => lang.pick(&format!("{year}年报告未完成"), &format!("reported not done in {year}")).into(),
        Some(_) if r.status == Status::Missed => lang.pick(&format!("{year}年逾期完成"), &format!("done late, in {year}")).into(),
        Some(_) => lang.pick(&format!("{year}年完成"), &format!("done in {year}")).into(),
    }
}

/// Rows with a wrapped label in one column: the label's lines go down the group's rows,
/// and extra rows carry the rest when the label has more lines than the group has rows.
fn with_label(mut group: Vec<Vec<String>>, label_lines: Vec<String>, column: usize, ncols: usize) -> Vec<Vec<String>> {
    for (i, line) in label_lines.into_iter().enumerate() {
        if i >= group.len() {
            group.push(vec![String::new(); ncols]);
        }
        group[i][column] = line;
    }
    group
}

/// Counts by status, with the results that rest on no data named: for every status, the
/// results without any value; for `not_assessable`, the count of each reason.
fn headline(results: &[&TargetResult], lang: Lang) -> Vec<String> {
    let counts = status_counts(results.iter().copied());
    let line: Vec<String> = STATUS_TEXT
        .iter()
        .filter_map(|t| counts.get(&t.status).map(|n| format!("{} {n}", status_label(t.status, lang))))
        .collect();
    let mut out = vec![line.join(" · ")];
    for t in STATUS_TEXT {
        let of: Vec<&&TargetResult> = results.iter().filter(|r| r.status == t.status).collect();
        if of.is_empty() {
            continue;
        }
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &of {
            if let Some(x) = &r.reason {
                *reasons.entry(x.code.as_str()).or_insert(0) += 1;
            }
        }
        let mut parts: Vec<(usize, String)> =
            reasons.iter().map(|(code, n)| (*n, format!("{} {n}", lang::reason(code, lang)))).collect();
        parts.sort_by_key(|p| std::cmp::Reverse(p.0));
        let mut parts: Vec<String> = parts.into_iter().map(|p| p.1).collect();
        let unreported = of.iter().filter(|r| r.value.is_none() && r.reason.is_none()).count();
        if unreported > 0 {
            parts.insert(0, lang.pick(&format!("无任何报告 {unreported}"), &format!("no report at all {unreported}")).to_string());
        }
        if t.status == Status::Missed {
            parts.extend(missed_parts(&of, lang));
        }
        if !parts.is_empty() {
            out.push(format!("  {} {}{}{}", status_label(t.status, lang), of.len(), lang.pick("：", ": "), parts.join(" · ")));
        }
    }
    out
}

/// What the missed results rest on: figures short of the target at the deadline, and
/// milestones reported not done or done late (never a milestone without a report, which
/// is not assessable: METHODOLOGY §9).
fn missed_parts(missed: &[&&TargetResult], lang: Lang) -> Vec<String> {
    let milestones = |done: bool| missed.iter().filter(|r| r.kind == Kind::Milestone && r.value.is_some_and(|v| (v >= 1.0) == done)).count();
    let short = missed.iter().filter(|r| r.kind != Kind::Milestone).count();
    let (not_done, late) = (milestones(false), milestones(true));
    [
        (short, "期限到时未达标", "short of the target at the deadline"),
        (not_done, "里程碑报告未完成", "milestones reported not done"),
        (late, "里程碑逾期完成", "milestones done late"),
    ]
    .into_iter()
    .filter(|p| p.0 > 0)
    .map(|(n, zh, en)| format!("{} {n}", lang.pick(zh, en)))
    .collect()
}

/// Renders an evaluation: a status summary, then per document the measured targets
/// region by region, then the milestones, then the legend.
pub fn render(catalog: &Catalog, eval: &Evaluation, lang: Lang, style: Style) -> String {
    render_with(catalog, eval, &ReportOptions { lang, style, ..ReportOptions::default() })
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
    if o.skipped > 0 {
        let _ = match lang {
            Lang::Zh => writeln!(s, "  另有观测 {} 条属于所选指标以外的指标，未读取", o.skipped),
            Lang::En => writeln!(s, "  {} more observations of indicators the selected targets do not use were set aside unread", o.skipped),
        };
    }
    for f in e.encodings.iter().chain(o.encodings.iter()) {
        let label = if f.format { lang.pick("格式", "format") } else { lang.pick("编码", "encoding") };
        let _ = writeln!(s, "  {label} {}: {} ({})", f.file, f.encoding, f.reason);
    }
    if o.blank > 0 {
        let n = o.blank;
        let _ = writeln!(s, "  {}", lang.pick(&format!("空白行（模板中未填写的行）{n} 条"), &format!("blank rows (template rows not filled in): {n}")));
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

/// The observations no evaluated target reads, per indicator (information), one line each.
pub fn unused_summary(eval: &Evaluation, lang: Lang) -> String {
    let mut s = String::new();
    for u in &eval.unused {
        let n = u.observations;
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(&format!("未被所评估目标使用的观测：{} {n} 条", u.indicator), &format!("observations no evaluated target uses: {} {n}", u.indicator))
        );
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

/// Renders an evaluation as [`render`] does, with the choices of `o`.
pub fn render_with(catalog: &Catalog, eval: &Evaluation, o: &ReportOptions) -> String {
    let (lang, style) = (o.lang, o.style);
    let names = RegionNames { table: RegionTable::builtin(), lang };
    let mut s = String::new();
    let all: Vec<&TargetResult> = eval.results.iter().collect();
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            &format!("评估日期 {} — {} 项结果（每项目标在每个地区一项）", eval.as_of, all.len()),
            &format!("as of {} — {} results (one per target and region)", eval.as_of, all.len()),
        )
    );
    for line in headline(&all, lang) {
        let _ = writeln!(s, "{line}");
    }
    for doc in catalog.documents() {
        let results: Vec<&TargetResult> = eval.results.iter().filter(|r| r.document == doc.id).collect();
        if results.is_empty() {
            continue;
        }
        heading(&mut s, style, &format!("{} ({})", lang.pick(&doc.title, &doc.title_en), doc.id));
        targets_table(&mut s, doc, &results, &names, o);
        milestones_table(&mut s, catalog, &results, &names, o);
    }
    if o.legend {
        legend(&mut s, o);
    }
    s
}

fn heading(s: &mut String, style: Style, text: &str) {
    match style {
        Style::Markdown => {
            let _ = writeln!(s, "\n## {text}\n");
        }
        Style::Text => {
            let _ = writeln!(s, "\n{text}\n{}", "═".repeat(table::width(text).min(100)));
        }
    }
}

fn table_of(style: Style, header: &[&str], rows: &[Vec<String>]) -> String {
    match style {
        Style::Markdown => table::markdown(header, rows),
        Style::Text => table::render(header, rows),
    }
}

/// The label's lines: wrapped in plain text, whole in Markdown.
fn label_lines(label: &str, o: &ReportOptions) -> Vec<String> {
    match o.style {
        Style::Markdown => vec![label.to_string()],
        Style::Text => table::wrap(label, o.label_width),
    }
}

/// Measured targets: the target's own region and its direct children (deeper levels are
/// in the JSON form).
fn targets_table(s: &mut String, doc: &crate::Document, results: &[&TargetResult], names: &RegionNames, o: &ReportOptions) {
    let lang = o.lang;
    let mut header: Vec<&str> = if o.ids { vec!["id"] } else { Vec::new() };
    header.extend(lang.pick(
        &["目标", "地区", "年份", "当前值", "目标值", "覆盖率", "进度", "应有进度", "增速比", "状态"],
        &["target", "region", "year", "value", "goal", "coverage", "progress", "expected", "growth ratio", "status"],
    ));
    let label_col = usize::from(o.ids);
    let mut rows = Vec::new();
    for t in doc.targets.iter().filter(|t| t.kind != Kind::Milestone) {
        let rs: Vec<&&TargetResult> = results.iter().filter(|r| r.target == t.id).collect();
        let Some(top) = rs.first().map(|r| r.region.clone()) else { continue };
        let mut group: Vec<Vec<String>> = Vec::new();
        for r in rs.into_iter().filter(|r| r.region == top || r.parent.as_deref() == Some(top.as_str())) {
            let mut row = if o.ids { vec![if group.is_empty() { t.id.clone() } else { String::new() }] } else { Vec::new() };
            row.extend([
                String::new(),
                names.of(&r.region, &r.region_name),
                r.year.map_or("—".into(), |y| y.to_string()),
                value(r, lang),
                goal(r, lang),
                pct(r.coverage),
                progress(r.progress),
                ratio(r.expected_progress),
                r.growth_ratio.map_or("—".into(), |g| format!("{:.2}", g)),
                status_cell(r, names, &t.scope.region),
            ]);
            group.push(row);
        }
        let label = lang.pick(&t.label, &t.label_en);
        rows.extend(with_label(group, label_lines(label, o), label_col, header.len()));
    }
    if !rows.is_empty() {
        s.push_str(&table_of(o.style, &header, &rows));
    }
}

/// Milestones: counts by status, then every one not achieved, with what it rests on.
fn milestones_table(s: &mut String, catalog: &Catalog, results: &[&TargetResult], names: &RegionNames, o: &ReportOptions) {
    let lang = o.lang;
    let milestones: Vec<&TargetResult> = results.iter().copied().filter(|r| r.kind == Kind::Milestone).collect();
    if milestones.is_empty() {
        return;
    }
    let counts = headline(&milestones, lang);
    let _ = writeln!(s, "\n{} {}{}", milestones.len(), lang.pick("项里程碑：", "milestones: "), counts[0]);
    for line in &counts[1..] {
        let _ = writeln!(s, "{line}");
    }
    let mut header: Vec<&str> = if o.ids { vec!["id"] } else { Vec::new() };
    header.extend(lang.pick(&["未达成的里程碑", "地区", "期限", "状态", "报告情况"], &["milestone not achieved", "region", "due", "status", "report"]));
    let mut rows = Vec::new();
    for r in milestones.iter().filter(|r| r.status != Status::Achieved) {
        let label = catalog.target(&r.target).map(|(_, t)| lang.pick(&t.label, &t.label_en).to_string()).unwrap_or_default();
        let mut row = if o.ids { vec![r.target.clone()] } else { Vec::new() };
        let status = match &r.reason {
            Some(x) => format!("{}{}{}", status_label(r.status, lang), lang.pick("：", ": "), lang::reason(&x.code, lang)),
            None => status_label(r.status, lang).to_string(),
        };
        row.extend([String::new(), names.of(&r.region, &r.region_name), r.deadline.to_string(), status, milestone_detail(r, lang)]);
        rows.extend(with_label(vec![row], label_lines(&label, o), usize::from(o.ids), header.len()));
    }
    if !rows.is_empty() {
        s.push_str(&table_of(o.style, &header, &rows));
    }
}

/// What each column of the targets table means, in order.
const COLUMNS: &[(&str, &str, &str, &str)] = &[
    ("目标", "文件承诺的内容，完整名称（自动换行）；目标编号见 --ids", "target", "what the document promises, its label in full (wrapped); target ids with --ids"),
    ("地区", "目标所在地区，其下为各下级地区（更深层级见 JSON 输出）", "region", "the target's region, then each of its sub-regions (deeper levels are in the JSON output)"),
    ("年份", "所用最新数值的年份（数值代表该年年末）", "year", "year of the latest value used (a value describes the end of its year)"),
    ("当前值", "当前数值，单位同目标（单位达标比例为 %，或数量、水平）", "value", "the current value in the target's unit (a share of units in %, a count, a level)"),
    ("目标值", "目标数值：≥ 不少于，> 超过，≈ 左右，≤ 不超过", "goal", "the target figure: ≥ at least, > more than, ≈ about, ≤ at most"),
    ("覆盖率", "已报告单位 / 范围内单位（%）；— 表示数值为地区上报的数字", "coverage", "units that reported / units in scope, in %; — where the value is a figure reported for the region"),
    ("进度", "(当前值 − 基线) / (目标值 − 基线)：从基线到目标已走完的比例；负数表示低于基线；100%+ 表示已超过目标", "progress", "(value − baseline) / (goal − baseline): the share of the way from the baseline to the goal covered; below 0: under the baseline; 100%+: past the goal"),
    ("应有进度", "从基线到期限的直线路径在当前值年份应达到的进度；进度低于它即落后于计划", "expected", "where the straight path from the baseline to the deadline puts progress in the value's year; progress below it is behind schedule"),
    ("增速比", "实际年均增长 / 按期达标所需的年均增长（百分比用线性，其余用复合增长率）；据此定状态：≥ 0.95 进展顺利，0.60–0.95 需加快，0–0.60 进展有限，< 0 倒退", "growth ratio", "observed growth per year / growth per year needed to reach the goal by the deadline (linear for percentages, compound otherwise); it sets the status: ≥ 0.95 on track, 0.60–0.95 needs acceleration, 0–0.60 limited, < 0 regressing"),
    ("状态", "见下方状态说明；无法评估时注明原因；“缺报全达标则…”为缺报单位全部达标时的状态", "status", "see the statuses below; a reason follows when not assessable; \"… if every missing report passed\" is the status the missing reports could bring"),
];

/// Marks that may follow a value or status.
const MARKS: &[(&str, &str, &str, &str)] = &[
    ("—", "无数值或不适用", "—", "no value, or not applicable"),
    ("100%+", "已超过目标；确切数值见 --explain 与 JSON", "100%+", "past the goal; the exact figure is in --explain and the JSON"),
    ("*原则性", "软性承诺（原则上、探索）", "*soft", "a soft promise (原则上 in principle, 探索 explore)"),
    ("*约数", "目标为约数（左右、约），达到 95% 即视为达成", "*approx.", "an approximate figure (左右, 约): 95% of it counts as reached"),
];

fn legend(s: &mut String, o: &ReportOptions) {
    let lang = o.lang;
    heading(s, o.style, lang.pick("图例", "Legend"));
    let terms = COLUMNS.iter().map(|c| lang.pick(c.0, c.2)).chain(STATUS_TEXT.iter().map(|t| lang.pick(t.zh, t.en)));
    let w = terms.chain(MARKS.iter().map(|m| lang.pick(m.0, m.2))).map(table::width).max().unwrap_or(0);
    let item = |s: &mut String, term: &str, text: &str| {
        let _ = match o.style {
            Style::Markdown => writeln!(s, "- **{term}**: {text}"),
            Style::Text => writeln!(s, "  {term}{}  {text}", " ".repeat(w - table::width(term))),
        };
    };
    let group = |s: &mut String, title: &str| {
        let _ = match o.style {
            Style::Markdown => writeln!(s, "\n{title}\n"),
            Style::Text => writeln!(s, "{title}"),
        };
    };
    group(s, lang.pick("列：", "Columns:"));
    for (zh, zh_text, en, en_text) in COLUMNS {
        item(s, lang.pick(zh, en), lang.pick(zh_text, en_text));
    }
    group(s, lang.pick("状态：", "Statuses:"));
    for t in STATUS_TEXT {
        item(s, lang.pick(t.zh, t.en), lang.pick(t.legend_zh, t.legend_en));
    }
    group(s, lang.pick("标记：", "Marks:"));
    for (zh, zh_text, en, en_text) in MARKS {
        item(s, lang.pick(zh, en), lang.pick(zh_text, en_text));
    }
}

/// The working of one result, step by step, for checking by hand.
pub fn explain(r: &TargetResult) -> String {
    let mut s = format!("{} @ {} {} ({}): {}\n", r.target, r.region, r.region_name, r.as_of, r.status.en());
    if let Some(reason) = &r.reason {
        let _ = writeln!(s, "  reason [{}]: {}", reason.code, reason.message);
    }
    for step in &r.working {
        // The status step's value is the growth ratio it was read from; its text says so.
        let _ = match step.value {
            Some(v) if step.name != "status" => writeln!(s, "  {} = {}  — {}", step.name, fmt_num((v * 1e6).round() / 1e6), step.how),
            _ => writeln!(s, "  {} — {}", step.name, step.how),
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, sample_dataset, EvalOptions};

    fn demo() -> (Catalog, Evaluation) {
        let catalog = Catalog::builtin().expect("builtin");
        let (data, _) = sample_dataset(&catalog, crate::sample::DEFAULT_SEED);
        let as_of = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("date");
        let eval = evaluate(&catalog, &data, &EvalOptions::new(as_of)).expect("evaluate");
        (catalog, eval)
    }

    fn report(catalog: &Catalog, eval: &Evaluation, lang: Lang, style: Style, ids: bool) -> String {
        render_with(catalog, eval, &ReportOptions { lang, style, ids, ..ReportOptions::default() })
    }

    #[test]
    fn english_report_has_names_units_and_words() {
        let (catalog, eval) = demo();
        let en = report(&catalog, &eval, Lang::En, Style::Text, false);
        for expected in ["Dongcheng District", "Sichuan", "≥ 800 courses", "801 courses", "data only from after the period", "counts toward Beijing's figure"] {
            assert!(en.contains(expected), "{expected:?} missing");
        }
        // No region code in a region column, no raw reason code, no Chinese unit after a number.
        for line in en.lines().filter(|l| !l.starts_with("  ")) {
            assert!(!line.contains(" 110101 ") && !line.contains("outside_period") && !line.contains("no_data"), "{line}");
            assert!(!["门", "所", "堂", "人"].iter().any(|u| line.contains(&format!("0{u}"))), "{line}");
        }
    }

    #[test]
    fn labels_are_whole_and_ids_available() {
        let (catalog, eval) = demo();
        let md = report(&catalog, &eval, Lang::En, Style::Markdown, true);
        let text = report(&catalog, &eval, Lang::Zh, Style::Text, false);
        assert!(!text[..text.rfind("图例").expect("legend")].contains('…'), "nothing is cut");
        for (_, t) in catalog.targets() {
            if eval.results.iter().any(|r| r.target == t.id && (t.kind != Kind::Milestone || r.status != Status::Achieved)) {
                assert!(md.contains(&format!("| {} | {} |", t.id, t.label_en)), "{} with its full label", t.id);
            }
        }
        // In plain text the label's lines, read in order, give the label back.
        let t = catalog.target("moe-2019/t3/new-resource-units-20").expect("target").1;
        let first = text.lines().position(|l| l.starts_with("新汇聚")).expect("label row");
        let joined: String = text.lines().skip(first).take(3).map(|l| l.split("  ").next().unwrap_or("")).collect();
        assert!(joined.starts_with(&t.label), "{joined}");
    }

    #[test]
    fn progress_past_the_target_is_capped_and_every_column_has_a_legend() {
        let (catalog, eval) = demo();
        for lang in [Lang::Zh, Lang::En] {
            let text = report(&catalog, &eval, lang, Style::Text, false);
            let legend = &text[text.rfind(lang.pick("图例", "Legend")).expect("legend")..];
            for col in COLUMNS {
                assert!(legend.contains(&format!("\n  {} ", lang.pick(col.0, col.2))), "{}", col.2);
            }
            for st in STATUS_TEXT {
                assert!(legend.contains(lang.pick(st.legend_zh, st.legend_en)));
            }
            let body = &text[..text.rfind(lang.pick("图例", "Legend")).expect("legend")];
            for cell in body.split_whitespace().filter(|c| c.ends_with('%')) {
                let v: f64 = cell.trim_end_matches('%').parse().unwrap_or(0.0);
                // Values are shares (≤ 100); progress past the target reads 100%+.
                assert!(v <= 100.0, "{cell}");
            }
            assert!(body.contains("100%+"));
        }
    }

    #[test]
    fn headline_names_what_lacks_data() {
        let (catalog, eval) = demo();
        let code = |c: &str| eval.results.iter().filter(|r| r.reason.as_ref().is_some_and(|x| x.code == c)).count();
        let (unreported, no_data) = (code("unreported"), code("no_data"));
        assert!(unreported > 0 && no_data > 0);
        assert!(!eval.results.iter().any(|r| r.status == Status::Missed && r.value.is_none()), "missed without a report");
        let missed = |done: bool| {
            eval.results.iter().filter(|r| r.status == Status::Missed && r.kind == Kind::Milestone && r.value == Some(if done { 1.0 } else { 0.0 })).count()
        };
        let (not_done, late) = (missed(false), missed(true));
        assert!(not_done > 0 && late > 0);
        let en = report(&catalog, &eval, Lang::En, Style::Text, false);
        assert!(en.contains(&format!("not reported by the deadline {unreported}")), "{}", &en[..600]);
        assert!(en.contains(&format!("milestones reported not done {not_done} · milestones done late {late}")), "{}", &en[..600]);
        assert!(en.contains(&format!("no data {no_data}")));
        let zh = report(&catalog, &eval, Lang::Zh, Style::Text, false);
        assert!(zh.contains(&format!("到期未报告 {unreported}")) && zh.contains(&format!("无数据 {no_data}")));
        assert!(zh.contains(&format!("里程碑报告未完成 {not_done} · 里程碑逾期完成 {late}")));
    }

    #[test]
    fn sample_milestones_look_like_a_year() {
        let (_, eval) = demo();
        let ms: Vec<&TargetResult> = eval.results.iter().filter(|r| r.kind == Kind::Milestone).collect();
        let on_time = ms.iter().filter(|r| r.status == Status::Achieved).count();
        let late = ms.iter().filter(|r| r.status == Status::Missed && r.value == Some(1.0)).count();
        let not_done = ms.iter().filter(|r| r.value == Some(0.0)).count();
        let unreported = ms.iter().filter(|r| r.value.is_none()).count();
        assert!(on_time * 3 > ms.len(), "{on_time} of {}", ms.len());
        assert!(late > 0 && not_done > 0 && unreported > 0 && unreported * 2 < ms.len(), "{late} {not_done} {unreported}");
    }

    #[test]
    fn explain_states_the_dates() {
        let (_, eval) = demo();
        let r = eval.results.iter().find(|r| r.target == "bj-plan-2021/t1/gigabit-to-school" && r.region == "110000").expect("result");
        let text = explain(r);
        assert!(text.contains("(2024-12-31 − 2020-12-31) / (2025-12-31 − 2020-12-31) = 4 / 5 years"), "{text}");
        assert!(text.contains("status — needs acceleration: the growth ratio 0."), "{text}");
        assert!(!text.contains("status ="), "{text}");
    }
}
