//! A draft catalog document from a policy text never seen before.
//!
//! [`extract`] reads a text the way [`crate::clause`] splits it and proposes, in the
//! catalog's own [`Document`] format:
//!
//! - the **sections and tasks** from the numbering as written (`一、`, `(一)`, `1.`, `1、`,
//!   `1.1`, `一是`, Markdown `#` headings): an item with items below it is a section; a
//!   numbered item with none below it is a task (an unnumbered one only when it holds a
//!   promise); items of a review of the past are sections;
//! - each task's **responsible units** where the text names them (`责任单位:…`,
//!   `（牵头单位：…；配合单位：…）`, or a closing parenthesis listing units), lead and
//!   partners where the text separates them (`牵头单位` / `配合单位`, or the
//!   `逗号前为牵头单位` convention);
//! - one **candidate target** per promise: for every figure, a target whose quote is
//!   the figure's own phrase (the clause, cut at `、` / `和` / `及` / `与` between two
//!   figures), with the kind, comparator, value and unit the quantity parser reads from
//!   that quote; for every clause with a deliverable verb and no figure, a milestone;
//!   the deadline from the clause (到2022年底 → 2022-12-31, 三年实现 → the third year of
//!   the period) or else the document's (a 2023年工作要点 → 2023-12-31, a 十四五 plan →
//!   2025-12-31);
//! - **baselines**, never targets, for figures stated as the current state (a clause
//!   marked 已, 截至, 目前 …, or a section reviewing the past: 发展现状, 发展基础 …);
//! - a `not_encoded` entry for every anchor it proposes nothing for (a duration, the
//!   notice issuing the document), so the draft accounts for every sentence.
//!
//! The indicator of every target and baseline is left empty for the encoder to choose;
//! the `note` says where the quote is (line and byte offsets) and suggests one of the
//! catalog's indicators when one fits (by the words its targets are quoted with). Once
//! indicators are chosen the draft passes `zhibiao check` (tested on the built-in texts).

use crate::catalog::{fmt_num, Catalog};
use crate::clause::{self, AnchorKind, Clause, Context, NumberStyle};
use crate::model::{
    Baseline, Comparator, CountMode, Document, DocumentKind, Indicator, Kind, Level, NotEncoded, NotEncodedRule, Period, Responsible,
    Scope, Section, Target, Task, ValueType,
};
use crate::quantity::{self, Quantity};
use crate::regions::{RegionLevel, RegionTable, NATION};
use crate::text::{compact, SourceText};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What the caller knows about the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtractOptions {
    /// Document id; from the file name when absent.
    pub id: Option<String>,
    /// The year of an annual document, when the text does not say it.
    pub year: Option<i32>,
    /// GB/T 2260 code of the jurisdiction, when the issuer does not say it.
    pub jurisdiction: Option<String>,
    /// File name of the source text (the draft's `source`; `draft.txt` when empty).
    pub source: String,
}

/// Why a text cannot be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// Neither the text nor the options give the document's year or period.
    #[error("{file}: cannot tell the document's year or period from its title or opening; pass --year YYYY")]
    NoPeriod {
        /// The source file.
        file: String,
    },
    /// The jurisdiction given is not in the region table.
    #[error("{file}: jurisdiction {code:?} is not a known GB/T 2260 region code")]
    UnknownRegion {
        /// The source file.
        file: String,
        /// The code given.
        code: String,
    },
    /// The text holds no clause at all.
    #[error("{file}: the text is empty")]
    Empty {
        /// The source file.
        file: String,
    },
}

impl ExtractError {
    /// Stable code: `extract.no_period`, `extract.unknown_region`, `extract.empty`.
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::NoPeriod { .. } => "extract.no_period",
            ExtractError::UnknownRegion { .. } => "extract.unknown_region",
            ExtractError::Empty { .. } => "extract.empty",
        }
    }
}

/// A draft document and where each of its proposals sits in the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// The draft, in the catalog's format; every indicator is left empty.
    pub document: Document,
    /// Every proposed target and baseline, in reading order.
    pub candidates: Vec<Candidate>,
}

/// One proposed target or baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Target or baseline id in the draft.
    pub id: String,
    /// A baseline (a figure of the current state), not a target.
    pub baseline: bool,
    /// Byte offset of the quote in the source.
    pub start: usize,
    /// Byte offset just past the quote.
    pub end: usize,
    /// 1-based line of the quote.
    pub line: usize,
    /// An indicator of the catalog that fits, if one does.
    pub suggested_indicator: Option<String>,
}

/// Units of figures that state a duration, not a goal (三年实现全覆盖).
const DURATIONS: &[&str] = &["年", "个月", "天", "周"];

/// Units of amounts per person or per unit, not counts of things.
const AMOUNTS: &[&str] = &["学时", "课时", "小时", "分钟", "Mbps", "%"];

/// Words that make a count a running total.
const CUMULATIVE: &[&str] = &["累计", "总数", "总量", "总计", "达到", "共"];

/// Ends of issuer names (成都市教育局, 陕西省教育厅 …).
const ISSUER_ENDS: &[&str] =
    &["教育局", "教育厅", "教育委员会", "教委", "教育部", "办公厅", "办公室", "人民政府", "教育工委", "教育和体育局"];

/// Words of a document's title.
const TITLE_WORDS: &[&str] = &["工作要点", "规划", "行动计划", "实施方案", "行动方案", "实施意见", "工作方案", "计划"];

/// Ends of names of responsible units.
const UNIT_ENDS: &[&str] = &[
    "处", "室", "中心", "局", "委", "院", "校", "高校", "学院", "大学", "单位", "部门", "办", "厅", "部", "会", "所", "站",
    "馆", "组", "司", "科", "队", "社", "台", ")", "）",
];

/// Drafts a document from `text`; with a catalog, suggests indicators.
pub fn extract(text: &str, options: &ExtractOptions, catalog: Option<&Catalog>) -> Result<Draft, ExtractError> {
    let src = SourceText::new(text);
    let clauses = clause::split(&src);
    if clauses.is_empty() {
        return Err(ExtractError::Empty { file: options.source.clone() });
    }
    let meta = metadata(&src, &clauses, options)?;
    let outline = outline(&src, &clauses, &meta);
    let suggester = catalog.map(Suggester::new);
    let mut b = Builder {
        src: &src,
        meta: &meta,
        outline: &outline,
        suggester: suggester.as_ref(),
        targets: Vec::new(),
        baselines: Vec::new(),
        not_encoded: Vec::new(),
        candidates: Vec::new(),
        per_task: HashMap::new(),
    };
    for (i, c) in clauses.iter().enumerate() {
        if c.is_promise() {
            b.clause(i, c);
        }
    }
    let Builder { targets, baselines, mut not_encoded, candidates, .. } = b;
    let mut document = Document {
        id: meta.id.clone(),
        title: meta.title.clone(),
        title_en: String::new(),
        issuer: meta.issuer.clone(),
        jurisdiction: meta.jurisdiction.clone(),
        level: meta.level,
        number: meta.number.clone(),
        kind: meta.kind,
        period: meta.period,
        issued: meta.issued,
        source: if options.source.is_empty() { "draft.txt".into() } else { options.source.clone() },
        sections: outline.sections.clone(),
        tasks: outline.tasks.clone(),
        targets,
        baselines,
        not_encoded: Vec::new(),
    };
    // Whatever the rules above left uncovered is listed for the encoder to decide:
    // nothing is dropped silently.
    let cov = crate::coverage::document_coverage(&Document { not_encoded: not_encoded.clone(), ..document.clone() }, &src, &[]);
    for c in cov.clauses.iter().filter(|c| c.status == crate::coverage::ClauseStatus::Uncovered) {
        not_encoded.push(NotEncoded {
            quote: c.text.clone(),
            rule: None,
            reason: format!("draft: read, nothing proposed (uncovered: {}); decide", crate::coverage::DocumentCoverage::missing(c)),
        });
    }
    document.not_encoded = not_encoded;
    Ok(Draft { document, candidates })
}

// ---- The document's metadata ----

#[derive(Debug, Clone)]
struct Meta {
    id: String,
    title: String,
    issuer: Vec<String>,
    jurisdiction: String,
    level: Level,
    number: Option<String>,
    kind: DocumentKind,
    period: Period,
    issued: Option<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn year_end(y: i32) -> Option<NaiveDate> {
    ymd(y, 12, 31)
}

/// Reads a run of ASCII digits at the start of `s`.
fn leading_number(s: &str) -> Option<(u32, usize)> {
    let n = s.chars().take_while(char::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    s[..n].parse().ok().map(|v| (v, n))
}

/// Every `YYYY年` (a four-digit year followed by 年) in `s`, with its byte offset.
fn years(s: &str) -> Vec<(i32, usize)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let rest = &s[i + 4..];
            if rest.starts_with('年') {
                if let Ok(y) = s[i..i + 4].parse::<i32>() {
                    if (1949..=2100).contains(&y) {
                        out.push((y, i));
                    }
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// The five-year plan named 十X五 in `s` (十四五 → 2021–2025), the most often named first.
fn five_year_plan(s: &str) -> Option<(i32, i32)> {
    let plans = [("十一五", 2006), ("十二五", 2011), ("十三五", 2016), ("十四五", 2021), ("十五五", 2026), ("十六五", 2031)];
    plans
        .iter()
        .map(|(name, start)| (s.matches(name).count(), *start))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, start)| (*n, *start))
        .map(|(_, start)| (start, start + 4))
}

/// A year range such as 2023—2025 or 2023-2025年 in `s`.
fn year_range(s: &str) -> Option<(i32, i32)> {
    let b = s.as_bytes();
    for i in 0..b.len().saturating_sub(8) {
        if !b[i..i + 4].iter().all(u8::is_ascii_digit) || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let rest = &s[i + 4..];
        let Some(sep) = ["—", "-", "–", "~", "至", "－"].iter().find(|d| rest.starts_with(**d)) else { continue };
        let after = rest[sep.len()..].trim_start_matches(['—', '-']);
        if let (Some((end, 4)), Ok(start)) = (leading_number(after), s[i..i + 4].parse::<i32>()) {
            let end = end as i32;
            // Not a date (2019-07-09): the second number is a later year, at most ten on.
            if end > start && end - start <= 10 && !after[4..].starts_with(['-', '—']) {
                return Some((start, end));
            }
        }
    }
    None
}

fn metadata(src: &SourceText, clauses: &[Clause], options: &ExtractOptions) -> Result<Meta, ExtractError> {
    let text = src.as_str();
    let file = options.source.clone();
    let title = find_title(src, clauses);
    let stem = std::path::Path::new(&options.source)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "draft".into());
    let id = options.id.clone().unwrap_or_else(|| slug(&stem));
    let head: String = compact(&text.chars().take(3000).collect::<String>());
    let title_c = title.as_deref().map(compact).unwrap_or_default();
    let plan_words = ["规划", "计划", "方案"];
    let is_plan_title = plan_words.iter().any(|w| title_c.contains(w)) && !title_c.contains("工作要点");
    let self_plan = ["制定本规划", "本规划", "本计划", "本方案"].iter().any(|w| head.contains(w));
    let mut kind = DocumentKind::AnnualWorkPoints;
    let mut period: Option<(i32, i32)> = None;
    if is_plan_title || (title.is_none() && self_plan) {
        period = year_range(&title_c).or_else(|| five_year_plan(&title_c)).or_else(|| five_year_plan(&head));
        if period.is_some() {
            kind = DocumentKind::FiveYearPlan;
        }
    }
    if period.is_none() {
        let year = options
            .year
            .or_else(|| years(&title_c).first().map(|(y, _)| *y))
            .or_else(|| opening_year(src, clauses));
        period = year.map(|y| (y, y));
    }
    let Some((start_year, end_year)) = period else { return Err(ExtractError::NoPeriod { file }) };
    let period = match (ymd(start_year, 1, 1), year_end(end_year)) {
        (Some(start), Some(end)) => Period { start, end },
        _ => return Err(ExtractError::NoPeriod { file }),
    };
    let issuer = find_issuers(src, clauses);
    let regions = RegionTable::builtin();
    let jurisdiction = match &options.jurisdiction {
        Some(code) if regions.index(code).is_some() => code.clone(),
        Some(code) => return Err(ExtractError::UnknownRegion { file, code: code.clone() }),
        None => find_jurisdiction(&regions, &issuer, title.as_deref().unwrap_or(""), &head),
    };
    let level = match regions.index(&jurisdiction).and_then(|i| regions.level(i)) {
        Some(RegionLevel::Nation) | None => Level::National,
        Some(RegionLevel::Province) if ["11", "12", "31", "50"].iter().any(|p| jurisdiction.starts_with(p)) => Level::Municipal,
        Some(RegionLevel::Province) => Level::Provincial,
        Some(RegionLevel::City) => Level::Municipal,
        Some(RegionLevel::County) => Level::County,
    };
    Ok(Meta {
        id,
        title: title.unwrap_or(stem),
        issuer,
        jurisdiction,
        level,
        number: find_number(text),
        kind,
        period,
        issued: find_issued(text),
    })
}

/// The first `n` bytes of `s`, cut back to a char boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An id from a file name: lower-case ASCII letters, digits and `-`.
fn slug(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "draft".into()
    } else {
        s
    }
}

/// The document's title: a short standalone line naming the kind of document, not
/// the notice that issues it; else the title in a front-matter permalink.
fn find_title(src: &SourceText, clauses: &[Clause]) -> Option<String> {
    let is_meta = |s: &str| s.chars().any(|c| matches!(c, '{' | '}' | '/' | '"' | '='));
    // The title comes before the first numbered item and has no number itself.
    let first_item = clauses.iter().position(|c| c.is_item() && c.marker.is_some()).unwrap_or(clauses.len());
    for c in clauses.iter().take(first_item.min(80)) {
        let t = c.display(src);
        let t = t.trim_end_matches(['。', '；', ';']).to_string();
        let standalone = c.heading.is_some() || (c.starts_paragraph && c.anchors.is_empty());
        if standalone
            && t.chars().count() <= 60
            && !is_meta(&t)
            && TITLE_WORDS.iter().any(|w| t.contains(w))
            && !["关于印发", "的通知", "印发", "发布"].iter().any(|w| t.contains(w))
        {
            // 附件:2021年…工作要点 (an attachment's caption) names the title after the colon.
            let t = match t.strip_prefix("附件") {
                Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ':' | '：' | ' ')).to_string(),
                None => t,
            };
            return Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    // A front-matter line such as {"permalink":"/文件/…/北京教育信息化“十四五”规划/"}.
    let head = prefix(src.as_str(), 2000);
    for line in head.lines() {
        if let Some(p) = line.find("permalink") {
            let seg = line[p..].trim_end_matches(['}', '"', '/', ' ']).rsplit('/').next().unwrap_or("");
            if TITLE_WORDS.iter().any(|w| seg.contains(w)) {
                return Some(seg.to_string());
            }
        }
    }
    None
}

/// The year an annual text opens with (2023年是…, 2021年,全市…).
fn opening_year(src: &SourceText, clauses: &[Clause]) -> Option<i32> {
    for c in clauses.iter().take(40) {
        let t = c.compact(src);
        if let Some((y, 0)) = years(&t).first().copied() {
            let rest = &t[4 + '年'.len_utf8()..];
            if !rest.starts_with(|ch: char| ch.is_ascii_digit()) {
                return Some(y);
            }
        }
    }
    None
}

fn find_issuers(src: &SourceText, clauses: &[Clause]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim().to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    for c in clauses {
        let t = c.display(src);
        let words: Vec<&str> = t.split_whitespace().collect();
        let standalone = c.starts_paragraph && t.chars().count() <= 40;
        // 各设区市教育局 opens the list of recipients, not of issuers.
        let issuer_like = |w: &&str| ISSUER_ENDS.iter().any(|e| w.ends_with(e)) && !w.starts_with('各');
        if standalone && !words.is_empty() && words.iter().all(issuer_like) {
            for w in words {
                push(w);
            }
        }
        if c.context == Context::Transmittal {
            let t = compact(&t);
            for verb in ["发布关于印发", "关于印发", "印发"] {
                if let Some(at) = t.find(verb) {
                    let who = t[..at].trim_start_matches("近日").trim_start_matches([',', '，']);
                    if ISSUER_ENDS.iter().any(|e| who.ends_with(e)) && who.chars().count() <= 20 {
                        push(who);
                    }
                    break;
                }
            }
        }
    }
    out
}

fn find_jurisdiction(regions: &RegionTable, issuer: &[String], title: &str, head: &str) -> String {
    let nation_words = ["教育部", "国务院", "国家"];
    for text in [issuer.join(" ").as_str(), title, head] {
        let mut best: Option<(u32, usize)> = None; // (index, depth)
        for i in 1..regions.len() as u32 {
            let Some(name) = regions.name(i) else { continue };
            let level = regions.level(i);
            if matches!(level, Some(RegionLevel::County) | None) {
                continue;
            }
            let short = name
                .trim_end_matches("特别行政区")
                .trim_end_matches("自治区")
                .trim_end_matches(['省', '市']);
            let found = text.contains(name) || (short.chars().count() >= 2 && text.contains(short));
            if found {
                let depth = if level == Some(RegionLevel::City) { 2 } else { 1 };
                if best.is_none_or(|(_, d)| depth > d) {
                    best = Some((i, depth));
                }
            }
        }
        if let Some((i, _)) = best {
            return regions.code(i).unwrap_or(NATION).to_string();
        }
        if nation_words.iter().any(|w| text.contains(w)) {
            return NATION.into();
        }
    }
    NATION.into()
}

/// A document number such as 成教函〔2021〕57号.
fn find_number(text: &str) -> Option<String> {
    let at = text.find('〔')?;
    let before: String = text[..at].chars().rev().take_while(|c| !c.is_whitespace() && !c.is_ascii() && !"，。、：:".contains(*c)).collect();
    let prefix: String = before.chars().rev().collect();
    let rest = &text[at..];
    let close = rest.find('〕')?;
    let after = &rest[close + '〕'.len_utf8()..];
    let (n, len) = leading_number(after)?;
    if !after[len..].starts_with('号') || prefix.is_empty() || prefix.chars().count() > 8 {
        return None;
    }
    Some(format!("{prefix}{}{n}号", &rest[..close + '〕'.len_utf8()]))
}

/// The date of issue: the first 2023年3月18日 or 2019-07-09 in the text.
fn find_issued(text: &str) -> Option<NaiveDate> {
    let c = compact(text);
    for (y, at) in years(&c) {
        let rest = &c[at + 4 + '年'.len_utf8()..];
        let Some((m, ml)) = leading_number(rest) else { continue };
        let rest = &rest[ml..];
        if !rest.starts_with('月') {
            continue;
        }
        let rest = &rest['月'.len_utf8()..];
        if let Some((d, dl)) = leading_number(rest) {
            if rest[dl..].starts_with('日') {
                if let Some(date) = ymd(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    for (i, ch) in c.char_indices() {
        if ch.is_ascii_digit() {
            if let Some(head) = c.get(i..i + 10) {
                if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
                    return Some(d);
                }
            }
        }
    }
    None
}

// ---- Sections and tasks ----

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum LevelKey {
    Markdown(u8),
    Style(NumberStyle),
}

#[derive(Debug, Clone)]
struct Item {
    clause: usize,
    /// Its level: the index of its kind of number (or Markdown level) in order of first use.
    rank: usize,
    parent: Option<usize>,
    has_children: bool,
    /// Clauses of the item's body: from its own clause to the next item's.
    body: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Default)]
struct Outline {
    sections: Vec<Section>,
    tasks: Vec<Task>,
    /// For each clause, the task (index into `tasks`) and section id it belongs to.
    task_of: Vec<Option<usize>>,
    section_of: Vec<Option<String>>,
    /// Id of the section of clauses outside every section (created when needed).
    root: Option<String>,
}

/// The number of an item in Arabic digits for ids: (三) → 3, 1.1 → 1.1, 一是 → 1.
fn arabic(number: &str) -> Option<String> {
    let inner = number.trim_matches(['(', ')', '（', '）']).trim_end_matches('是');
    if inner.chars().all(|c| c.is_ascii_digit() || c == '.') && !inner.is_empty() {
        return Some(inner.to_string());
    }
    quantity::chinese_number(inner).map(fmt_num)
}

fn outline(src: &SourceText, clauses: &[Clause], meta: &Meta) -> Outline {
    let any_numbered = clauses.iter().any(|c| c.is_item() && c.marker.is_some());
    let first_numbered = clauses.iter().position(|c| c.is_item() && c.marker.is_some()).unwrap_or(0);
    let is_item = |i: usize, c: &Clause| {
        c.is_item()
            && c.context != Context::Transmittal
            // Unnumbered headings before the first numbered one are the letterhead.
            && !(any_numbered && c.marker.is_none() && i < first_numbered)
    };
    let mut ranks: Vec<LevelKey> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (rank, item index)
    for (i, c) in clauses.iter().enumerate() {
        if !is_item(i, c) {
            continue;
        }
        let key = match (&c.marker, c.heading) {
            (Some(m), _) => LevelKey::Style(m.style),
            (None, Some(h)) => LevelKey::Markdown(h),
            (None, None) => continue,
        };
        let rank = match ranks.iter().position(|k| *k == key) {
            Some(r) => r,
            None => {
                ranks.push(key.clone());
                ranks.len() - 1
            }
        };
        // Markdown levels nest by their number of #, whatever order they appear in.
        let deeper = |a: usize, b: usize| match (&ranks[a], &ranks[b]) {
            (LevelKey::Markdown(x), LevelKey::Markdown(y)) => x > y,
            _ => a > b,
        };
        while let Some(&(r, _)) = stack.last() {
            if deeper(rank, r) {
                break;
            }
            stack.pop();
        }
        let parent = stack.last().map(|&(_, p)| p);
        if let Some(p) = parent {
            items[p].has_children = true;
        }
        if let Some(prev) = items.last_mut() {
            prev.body.end = i;
        }
        items.push(Item { clause: i, rank, parent, has_children: false, body: i..clauses.len() });
        stack.push((rank, items.len() - 1));
    }
    let mut out = Outline { task_of: vec![None; clauses.len()], section_of: vec![None; clauses.len()], ..Outline::default() };
    fill_outline(&mut out, src, clauses, meta, &items);
    // Promises outside every section (a preamble, a text without headings) need one.
    if clauses.iter().enumerate().any(|(j, c)| c.is_promise() && out.section_of[j].is_none()) {
        root_section(&mut out, src, clauses, meta);
    }
    out
}

fn fill_outline(out: &mut Outline, src: &SourceText, clauses: &[Clause], meta: &Meta, items: &[Item]) {
    let doc = &meta.id;
    let lead_before_comma = compact(src.as_str()).contains("逗号前为牵头单位");
    let mut section_ids: Vec<Option<String>> = vec![None; items.len()];
    let mut child_count: HashMap<Option<usize>, usize> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut unnumbered_tasks = 0;
    // A level where some item has items below it is a level of sections (一、工作思路
    // is a section like 二、核心目标, even with nothing below it).
    let section_ranks: HashSet<usize> = items.iter().filter(|i| i.has_children).map(|i| i.rank).collect();
    for (k, item) in items.iter().enumerate() {
        let c = &clauses[item.clause];
        let (number, title) = item_title(src, c);
        // The section an item belongs to: its nearest ancestor that is a section.
        let parent_section = item.parent.and_then(|p| section_ids[p].clone());
        if is_task(item, clauses, &section_ranks) {
            let n = match number.as_deref().and_then(arabic) {
                Some(n) => n,
                None => {
                    unnumbered_tasks += 1;
                    unnumbered_tasks.to_string()
                }
            };
            // 一是…十是 are goal items (`g<n>`), as in ENCODING.md.
            let prefix = if c.marker.as_ref().is_some_and(|m| m.style == NumberStyle::Ordinal) { "g" } else { "t" };
            let id = unique(&mut used, format!("{doc}/{prefix}{n}"));
            let section = match parent_section {
                Some(s) => s,
                None => root_section(out, src, clauses, meta),
            };
            let t = out.tasks.len();
            out.tasks.push(Task {
                id,
                number,
                title: title.clone(),
                title_en: None,
                section: section.clone(),
                responsible: responsible(src, clauses, item.body.clone(), lead_before_comma),
                quote: title,
            });
            for j in item.body.clone() {
                out.task_of[j] = Some(t);
                out.section_of[j] = Some(section.clone());
            }
        } else {
            let nth = child_count.entry(item.parent).or_insert(0);
            *nth += 1;
            let id = match &parent_section {
                Some(p) => format!("{p}.{nth}"),
                None => format!("{doc}/s{nth}"),
            };
            let id = unique(&mut used, id);
            out.sections.push(Section { id: id.clone(), number, title, parent: parent_section });
            section_ids[k] = Some(id.clone());
            for j in item.body.clone() {
                out.section_of[j] = Some(id.clone());
            }
        }
    }
}

/// An item is a task when nothing is below it, its level is not a level of sections,
/// it is not part of a review, and it is numbered or holds a promise.
fn is_task(item: &Item, clauses: &[Clause], section_ranks: &HashSet<usize>) -> bool {
    let c = &clauses[item.clause];
    let body_promises = item.body.clone().any(|j| clauses[j].is_promise() && clauses[j].context == Context::Body);
    !item.has_children
        && !section_ranks.contains(&item.rank)
        && c.context != Context::Review
        && (c.marker.is_some() || body_promises)
}

fn unique(used: &mut HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// The section for what lies outside every section: the document's title, as written.
fn root_section(out: &mut Outline, src: &SourceText, clauses: &[Clause], meta: &Meta) -> String {
    if let Some(r) = &out.root {
        return r.clone();
    }
    let id = format!("{}/s0", meta.id);
    let title = if src.find(&meta.title).is_some() {
        meta.title.clone()
    } else {
        clauses.first().map(|c| c.display(src)).unwrap_or_default()
    };
    out.sections.insert(0, Section { id: id.clone(), number: None, title, parent: None });
    out.root = Some(id.clone());
    id
}

/// An item's number as written and its title (its heading, or the opening clause).
fn item_title(src: &SourceText, c: &Clause) -> (Option<String>, String) {
    let text = src.as_str();
    let start = c.marker.as_ref().map_or(c.start, |m| m.body).min(c.end);
    let title = clause::join_lines(&text[start..c.end]);
    let title = title.trim_matches(|ch: char| ch.is_whitespace() || "。；;：:*".contains(ch)).to_string();
    let title = if title.is_empty() { c.display(src) } else { title };
    (c.marker.as_ref().map(|m| m.number.clone()), title)
}

/// Responsible units named in a task's body.
fn responsible(src: &SourceText, clauses: &[Clause], body: std::ops::Range<usize>, lead_before_comma: bool) -> Responsible {
    let text = src.as_str();
    // Whole sentences and paragraphs: the splitter cuts 责任单位:科技处,各处(室) at the
    // comma, and (牵头单位：…；配合单位：…) at the semicolon.
    let group = |same: fn(&Clause, &Clause) -> bool| {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for j in body.clone() {
            let c = &clauses[j];
            match out.last_mut() {
                Some(last) if j > body.start && same(&clauses[j - 1], c) => last.1 = c.end,
                _ => out.push((c.start, c.end)),
            }
        }
        out
    };
    for (s, e) in group(|a, b| a.paragraph == b.paragraph) {
        let t = compact(text.get(s..e).unwrap_or(""));
        let label_at = ["牵头单位", "责任单位", "责任处室", "负责单位", "责任部门", "牵头部门"]
            .iter()
            .filter_map(|w| t.find(w).map(|at| (at, *w)))
            .min();
        let Some((at, label)) = label_at else { continue };
        let rest = t[at + label.len()..].trim_start_matches([':', '：']);
        let rest = until_unbalanced_close(rest.split('。').next().unwrap_or(""));
        if label.starts_with("牵头") {
            let partner_label = ["配合单位", "配合部门", "参与单位", "协办单位"].iter().find_map(|w| rest.find(w).map(|p| (p, *w)));
            let (lead, partners) = match partner_label {
                Some((p, w)) => (&rest[..p], rest[p + w.len()..].trim_start_matches([':', '：'])),
                None => (rest, ""),
            };
            let lead = units(lead.trim_end_matches([';', '；', ',', '，']));
            if !lead.is_empty() {
                return Responsible::LeadAndPartners { lead, partners: units(partners) };
            }
            continue;
        }
        if lead_before_comma {
            let (lead, partners) = match rest.find([',', '，']) {
                Some(p) => (&rest[..p], rest[p..].trim_start_matches([',', '，'])),
                None => (rest, ""),
            };
            let lead = units(lead);
            if !lead.is_empty() {
                return Responsible::LeadAndPartners { lead, partners: units(partners) };
            }
        }
        let listed = units(rest);
        if !listed.is_empty() {
            return Responsible::Listed { units: listed };
        }
    }
    // A closing parenthesis that lists units: (教育信息化处、各区教委、各高校).
    for (s, e) in group(|a, b| a.sentence == b.sentence) {
        let t = compact(text.get(s..e).unwrap_or(""));
        let t = t.trim_end_matches(['。', ';', '；']);
        if !(t.starts_with('(') || t.starts_with('（')) {
            continue;
        }
        let inner = until_unbalanced_close(t.trim_start_matches(['(', '（']));
        let list = units(inner);
        let unit_like = list.iter().filter(|u| UNIT_ENDS.iter().any(|e| u.ends_with(e))).count();
        if !list.is_empty() && unit_like * 10 >= list.len() * 6 {
            return Responsible::Listed { units: list };
        }
    }
    Responsible::NotStated
}

/// `s` up to the first closing parenthesis it did not open: (责任单位:科技处,各处(室)) ends
/// after 各处(室).
fn until_unbalanced_close(s: &str) -> &str {
    let mut depth = 0i32;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth -= 1;
                if depth < 0 {
                    return &s[..i];
                }
            }
            _ => {}
        }
    }
    s
}

/// Units separated by 、 , ， (not inside parentheses: 各处(室)).
fn units(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(ch, '、' | ',' | '，' | ';' | '；') {
            out.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push(ch);
    }
    out.push(cur);
    out.into_iter()
        .map(|u| u.trim().trim_end_matches('。').to_string())
        .filter(|u| !u.is_empty() && u.chars().count() <= 30)
        .collect()
}

// ---- Candidates ----

struct Builder<'a> {
    src: &'a SourceText,
    meta: &'a Meta,
    outline: &'a Outline,
    suggester: Option<&'a Suggester>,
    targets: Vec<Target>,
    baselines: Vec<Baseline>,
    not_encoded: Vec<NotEncoded>,
    candidates: Vec<Candidate>,
    per_task: HashMap<String, usize>,
}

/// What a candidate target proposes.
struct Proposal<'q> {
    kind: Kind,
    count_mode: Option<CountMode>,
    /// The figure read from the quote; none for a milestone.
    figure: Option<&'q Quantity>,
    /// What the note says the draft read.
    what: String,
    suggestion: Option<(String, String)>,
    /// The clause is soft (原则上, 探索 …) even where the quote is not.
    soft: bool,
}

/// A figure of a clause and the phrase that states it.
struct Phrase {
    start: usize,
    end: usize,
    anchor: usize,
}

fn is_duration(q: &Quantity) -> bool {
    DURATIONS.contains(&q.unit.as_str())
}

impl Builder<'_> {
    fn clause(&mut self, i: usize, c: &Clause) {
        let text = self.src.as_str();
        if c.context == Context::Transmittal {
            self.not_encoded.push(NotEncoded {
                quote: c.display(self.src),
                rule: Some(NotEncodedRule::NotAPromise),
                reason: "draft: the notice issuing the document".into(),
            });
            return;
        }
        let baseline = c.context == Context::Review || c.past;
        let quote_start = c.marker.as_ref().map_or(c.start, |m| m.body).max(c.frame_end).min(c.end);
        let figures: Vec<(usize, &Quantity)> = c
            .anchors
            .iter()
            .enumerate()
            .filter_map(|(k, a)| match &a.kind {
                AnchorKind::Figure { quantity } if !is_duration(quantity) => Some((k, quantity)),
                _ => None,
            })
            .collect();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for p in phrases(text, c, quote_start, &figures) {
            let a = &c.anchors[p.anchor];
            let AnchorKind::Figure { quantity } = &a.kind else { continue };
            // Read the figure again from the quote alone: that is what `check` does.
            let (s, e) = (p.start, p.end);
            let quote = clause::join_lines(&text[s..e]);
            let read = quantity::parse_all(&quote);
            let Some(q) = read.iter().find(|q| q.unit == quantity.unit && q.value == quantity.value).cloned() else {
                continue;
            };
            covered.push((s, e));
            if baseline {
                self.baseline(&quote, s, e, &q);
            } else {
                self.figure_target(i, c, &quote, s, e, &q);
            }
        }
        let uncovered_verb = c.anchors.iter().any(|a| {
            matches!(a.kind, AnchorKind::Deliverable { .. }) && !covered.iter().any(|&(s, e)| a.start < e && s < a.end)
        });
        if uncovered_verb && !baseline {
            let quote = clause::join_lines(&text[quote_start..c.end]);
            let quote = quote.trim_end_matches(['。', '；', ';']).to_string();
            self.milestone(i, c, &quote, quote_start, c.end);
        }
    }

    fn task_and_section(&self, i: usize) -> (Option<&Task>, String) {
        let task = self.outline.task_of.get(i).copied().flatten().and_then(|t| self.outline.tasks.get(t));
        let section = self.outline.section_of.get(i).cloned().flatten().or_else(|| self.outline.root.clone()).unwrap_or_default();
        (task, section)
    }

    fn next_id(&mut self, task: Option<&str>) -> String {
        let key = task.map_or_else(|| self.meta.id.clone(), String::from);
        let n = self.per_task.entry(key.clone()).or_insert(0);
        *n += 1;
        format!("{key}/c{n}")
    }

    fn deadline(&self, c: &Clause) -> NaiveDate {
        let text = self.src.as_str();
        let start = self.sentence_start(c);
        deadline_in(&compact(&text[start..c.end]), &self.meta.period)
    }

    fn sentence_start(&self, c: &Clause) -> usize {
        // The deadline of a sentence's frame (到2025年，…) holds for all its clauses.
        let text = self.src.as_str();
        let before = &text[..c.start];
        let cut = before
            .char_indices()
            .rev()
            .find(|(_, ch)| matches!(ch, '。' | '；' | ';' | '\n'))
            .map_or(0, |(p, ch)| p + ch.len_utf8());
        cut.min(c.start)
    }

    fn note(&self, s: usize, e: usize, what: &str, suggestion: &Option<(String, String)>) -> String {
        let line = self.src.line_of(s);
        let suggest = match suggestion {
            Some((id, why)) => format!("indicator: choose one (suggested: {id}, {why})"),
            None => "indicator: choose one".to_string(),
        };
        format!("draft, line {line}, bytes {s}..{e}: {what}; {suggest}")
    }

    fn push_candidate(&mut self, id: &str, baseline: bool, s: usize, e: usize, suggestion: Option<(String, String)>) {
        self.candidates.push(Candidate {
            id: id.into(),
            baseline,
            start: s,
            end: e,
            line: self.src.line_of(s),
            suggested_indicator: suggestion.map(|(id, _)| id),
        });
    }

    fn figure_target(&mut self, i: usize, c: &Clause, quote: &str, s: usize, e: usize, q: &Quantity) {
        // A cap (清零 = at most 0, 不超过3次) holds a state down: a level, not a count of new things.
        let cap = matches!(q.comparator, Comparator::AtMost | Comparator::LessThan);
        let count_unit = !AMOUNTS.contains(&q.unit.as_str()) && !cap;
        let (kind, count_mode, what) = if count_unit {
            let cumulative = CUMULATIVE.iter().any(|w| quote.contains(w));
            let mode = if cumulative { CountMode::Cumulative } else { CountMode::New };
            (Kind::Count, Some(mode), format!("a count ({mode:?}) read as {} {}{}", q.comparator.symbol(), fmt_num(q.value), q.unit))
        } else {
            let hint = if q.unit == "%" { "; a share of units meeting a condition is kind share with a condition" } else { "" };
            (Kind::Level, None, format!("a level read as {} {} {}{hint}", q.comparator.symbol(), fmt_num(q.value), q.unit))
        };
        let suggestion = self.suggester.and_then(|sg| sg.suggest(quote, kind, Some(&q.unit)));
        let soft = quantity::is_soft(&c.compact(self.src));
        self.push_target(i, c, quote, (s, e), Proposal { kind, count_mode, figure: Some(q), what, suggestion, soft });
    }

    fn milestone(&mut self, i: usize, c: &Clause, quote: &str, s: usize, e: usize) {
        let suggestion = self
            .suggester
            .and_then(|sg| sg.suggest(quote, Kind::Milestone, None))
            .or_else(|| Some((crate::catalog::MILESTONE_INDICATOR.into(), "the generic done / not done".into())));
        let what = "a milestone (done / not done)".to_string();
        self.push_target(i, c, quote, (s, e), Proposal { kind: Kind::Milestone, count_mode: None, figure: None, what, suggestion, soft: false });
    }

    fn push_target(&mut self, i: usize, c: &Clause, quote: &str, (s, e): (usize, usize), p: Proposal<'_>) {
        let (task, section) = self.task_and_section(i);
        let task_id = task.map(|t| t.id.clone());
        let id = self.next_id(task_id.as_deref());
        let note = self.note(s, e, &p.what, &p.suggestion);
        let target = Target {
            id: id.clone(),
            task: task_id,
            section,
            label: label(quote),
            label_en: String::new(),
            kind: p.kind,
            condition: None,
            count_mode: p.count_mode,
            window_years: None,
            indicator: String::new(),
            comparator: p.figure.map(|q| q.comparator),
            value: p.figure.map(|q| q.value),
            unit: p.figure.map(|q| q.unit.clone()),
            scope: Scope { region: self.meta.jurisdiction.clone(), ..Scope::default() },
            deadline: self.deadline(c),
            start: None,
            baseline: None,
            approximate: p.figure.is_some_and(|q| q.comparator == Comparator::About),
            soft: p.soft || quantity::is_soft(quote),
            quote: quote.to_string(),
            implicit_all: false,
            figure_quote: None,
            restated: Vec::new(),
            contributes_to: None,
            note: Some(note),
        };
        self.targets.push(target);
        self.push_candidate(&id, false, s, e, p.suggestion);
    }

    fn baseline(&mut self, quote: &str, s: usize, e: usize, q: &Quantity) {
        let id = format!("{}/baseline/b{}", self.meta.id, self.baselines.len() + 1);
        let suggestion = self.suggester.and_then(|sg| sg.suggest(quote, Kind::Level, Some(&q.unit)));
        let date = baseline_date(&compact(quote), &self.meta.period);
        self.baselines.push(Baseline {
            id: id.clone(),
            indicator: String::new(),
            comparator: q.comparator,
            value: q.value,
            unit: q.unit.clone(),
            date,
            region: self.meta.jurisdiction.clone(),
            quote: quote.to_string(),
        });
        self.push_candidate(&id, true, s, e, suggestion);
    }
}

/// A short label: the quote, cut at 24 characters.
fn label(quote: &str) -> String {
    let t: String = quote.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() <= 24 {
        t
    } else {
        let mut s: String = t.chars().take(23).collect();
        s.push('…');
        s
    }
}

/// The phrase of each figure: the clause from `quote_start`, cut between two figures
/// at the last `、` `和` `及` `与` `以及` between them (figures with nothing between share one).
fn phrases(text: &str, c: &Clause, quote_start: usize, figures: &[(usize, &Quantity)]) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut start = quote_start.min(c.anchors.first().map_or(quote_start, |a| a.start));
    // Figures before the quote's start (in a frame) keep the clause's start.
    if figures.iter().any(|&(k, _)| c.anchors[k].start < quote_start) {
        start = c.start;
    }
    let mut group: Vec<usize> = Vec::new();
    let ends = |s: usize| text[s..c.end].trim_end_matches(|ch: char| ch.is_whitespace() || "。；;，,、".contains(ch)).len() + s;
    for (n, &(k, _)) in figures.iter().enumerate() {
        group.push(k);
        let next = figures.get(n + 1).map(|&(k2, _)| c.anchors[k2].start);
        let cut = next.and_then(|ns| separator_between(text, c.anchors[k].end, ns));
        if next.is_none() || cut.is_some() {
            let end = match cut {
                Some((sep_start, _)) => sep_start,
                None => ends(start),
            };
            for &g in &group {
                out.push(Phrase { start, end, anchor: g });
            }
            group.clear();
            if let Some((_, sep_end)) = cut {
                start = sep_end;
            }
        }
    }
    out.into_iter()
        .map(|p| {
            let s = p.start + (text[p.start..p.end].len() - text[p.start..p.end].trim_start_matches(|ch: char| ch.is_whitespace() || "、，,".contains(ch)).len());
            Phrase { start: s, ..p }
        })
        .collect()
}

/// The last separator between two figures: its start and end.
fn separator_between(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    if from >= to {
        return None;
    }
    let between = &text[from..to];
    ["以及", "、", "和", "及", "与"]
        .iter()
        .filter_map(|sep| between.rfind(sep).map(|p| (from + p, from + p + sep.len())))
        .max()
}

/// The date a figure of the current state describes: the year the quote names (截至2023年底)
/// if it is before the period, else the day before the period starts.
fn baseline_date(s: &str, period: &Period) -> NaiveDate {
    let before_period = period.start.pred_opt().unwrap_or(period.start);
    years(s)
        .into_iter()
        .filter(|&(y, _)| y < period.start.year())
        .filter_map(|(y, _)| year_end(y))
        .next_back()
        .unwrap_or(before_period)
}

/// The deadline a clause states, or the document's.
fn deadline_in(s: &str, period: &Period) -> NaiveDate {
    let default = period.end;
    let mut found: Option<NaiveDate> = None;
    for (y, at) in years(s) {
        let before = &s[..at];
        let after = &s[at + 4 + '年'.len_utf8()..];
        let marked = ["到", "至", "截至", "于", "在"].iter().any(|w| before.ends_with(w))
            || ["底", "末", "前", "内", "以前", "之前", "年底"].iter().any(|w| after.starts_with(w));
        if marked && y >= period.start.year() {
            if after.starts_with("上半年") {
                found = ymd(y, 6, 30);
            } else {
                found = year_end(y);
            }
        }
    }
    if found.is_none() {
        // 2028年开展中期评估: a year of the period, outside a 《title》.
        let titles = crate::clause::title_spans(s);
        for (y, at) in years(s) {
            let in_title = titles.iter().any(|&(a, b)| at >= a && at < b);
            if !in_title && y >= period.start.year() && y <= period.end.year() && period.start.year() != period.end.year() {
                found = year_end(y);
            }
        }
    }
    if found.is_none() {
        // 三年实现全覆盖, 用两年时间: the Nth year of the period.
        for q in quantity::parse_all(s) {
            if q.unit == "年" && (1.0..=10.0).contains(&q.value) && q.value.fract() == 0.0 {
                let rest = &s[q.end..];
                if ["内", "实现", "时间", "完成", "建成", "达到"].iter().any(|w| rest.starts_with(w)) {
                    found = year_end(period.start.year() + q.value as i32 - 1);
                }
            }
        }
    }
    if found.is_none() && (s.contains("上半年") || s.contains("年中")) && period.start.year() == period.end.year() {
        found = ymd(period.start.year(), 6, 30);
    }
    match found {
        Some(d) if d >= period.start => d,
        _ => default,
    }
}

// ---- Indicator suggestions ----

/// Suggests a catalog indicator for a quote by the words the catalog's targets using
/// it are quoted with (character pairs, weighted by how rare they are).
pub struct Suggester {
    indicators: Vec<(Indicator, HashSet<(char, char)>)>,
    idf: HashMap<(char, char), f64>,
}

fn pairs(s: &str) -> HashSet<(char, char)> {
    let cs: Vec<char> = s.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。、；：“”《》（）".contains(*c)).collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

impl Suggester {
    /// Indexes the catalog's indicators by their names and their targets' quotes.
    pub fn new(catalog: &Catalog) -> Suggester {
        let mut words: HashMap<&str, String> = HashMap::new();
        for i in catalog.indicators() {
            words.insert(&i.id, i.name.clone());
        }
        for (_, t) in catalog.targets() {
            let w = words.entry(t.indicator.as_str()).or_default();
            w.push(' ');
            w.push_str(&t.quote);
            w.push(' ');
            w.push_str(&t.label);
        }
        let indicators: Vec<(Indicator, HashSet<(char, char)>)> =
            catalog.indicators().iter().map(|i| (i.clone(), pairs(words.get(i.id.as_str()).map_or("", String::as_str)))).collect();
        let mut df: HashMap<(char, char), usize> = HashMap::new();
        for (_, p) in &indicators {
            for b in p {
                *df.entry(*b).or_default() += 1;
            }
        }
        let n = indicators.len().max(1) as f64;
        let idf = df.into_iter().map(|(b, d)| (b, (n / d as f64).ln())).collect();
        Suggester { indicators, idf }
    }

    /// The best-fitting indicator for a quote of a target of `kind` (and unit), with
    /// its name; `None` when nothing fits well enough.
    pub fn suggest(&self, quote: &str, kind: Kind, unit: Option<&str>) -> Option<(String, String)> {
        let q = pairs(quote);
        let total: f64 = q.iter().map(|b| self.idf.get(b).copied().unwrap_or(0.0)).sum();
        if total <= 0.0 {
            return None;
        }
        let unit_level = |i: &Indicator| i.entity != crate::model::EntityKind::Region;
        let fits = |i: &Indicator| match kind {
            Kind::Milestone => i.value_type == ValueType::Boolean,
            Kind::Count => {
                (i.value_type == ValueType::Count && Some(i.unit.as_str()) == unit)
                    || (i.value_type == ValueType::Boolean && unit == Some("所") && i.entity == crate::model::EntityKind::School)
            }
            // A percentage is a regional rate, or the share of units meeting a condition.
            _ if unit == Some("%") => (i.value_type != ValueType::Boolean && i.unit == "%") || unit_level(i),
            _ => i.value_type != ValueType::Boolean && Some(i.unit.as_str()) == unit,
        };
        self.indicators
            .iter()
            .filter(|(i, _)| fits(i))
            .map(|(i, p)| {
                let shared: f64 = q.intersection(p).map(|b| self.idf.get(b).copied().unwrap_or(0.0)).sum();
                (shared / total, i)
            })
            .filter(|(score, _)| *score >= 0.3)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| {
                let share = kind != Kind::Milestone && unit_level(i) && (unit == Some("%") || i.unit != unit.unwrap_or(""));
                let why = if share && kind == Kind::Level { format!("{}, as the condition of a share", i.name) } else { i.name.clone() };
                (i.id.clone(), why)
            })
    }
}

// ---- Measuring the extractor on the catalog's own texts ----

/// How well the extractor's proposals for a built-in text match its catalog document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// Document id.
    pub document: String,
    /// Targets in the catalog.
    pub catalog_targets: usize,
    /// Catalog targets with a quote (or figure quote, or restated quote) that a proposed
    /// target's quote overlaps.
    pub proposed: usize,
    /// Of those, the ones with a proposal of the same figure (value and unit), or a
    /// proposed milestone for a milestone.
    pub proposed_same_figure: usize,
    /// Target candidates proposed.
    pub candidates: usize,
    /// Target candidates whose quote overlaps no target, baseline or not-encoded quote
    /// of the catalog.
    pub not_in_catalog: usize,
    /// Target candidates the catalog read and chose not to encode (their quote overlaps
    /// only `not_encoded` entries).
    pub held_not_encoded: usize,
    /// Baselines in the catalog, and how many a proposed baseline overlaps.
    pub catalog_baselines: usize,
    /// Catalog baselines a proposed baseline overlaps.
    pub baselines_proposed: usize,
    /// Baselines proposed.
    pub baseline_candidates: usize,
    /// Proposed baselines whose quote a catalog target holds (a figure of the past proposed as such, but encoded as a goal).
    pub baselines_that_are_catalog_targets: usize,
    /// Ids of the catalog targets nothing proposed overlaps.
    pub missed: Vec<String>,
    /// Quotes of the candidates the catalog does not hold.
    pub extra: Vec<String>,
}

/// Runs the extractor on each built-in text and compares its proposals with the catalog.
pub fn measure(catalog: &Catalog) -> Vec<Measurement> {
    let mut out = Vec::new();
    for d in catalog.documents() {
        let Some(src) = catalog.source(d) else { continue };
        let options = ExtractOptions { id: Some(d.id.clone()), source: d.source.clone(), ..ExtractOptions::default() };
        let Ok(draft) = extract(src.as_str(), &options, Some(catalog)) else { continue };
        out.push(compare(d, src, &draft));
    }
    out
}

fn spans_of(src: &SourceText, quotes: &[&str]) -> Vec<(usize, usize)> {
    quotes.iter().flat_map(|q| src.find_all(q)).collect()
}

fn overlap(a: &[(usize, usize)], s: usize, e: usize) -> bool {
    a.iter().any(|&(x, y)| x < e && s < y)
}

fn compare(d: &Document, src: &SourceText, draft: &Draft) -> Measurement {
    let proposals: Vec<(&Candidate, &Target)> = draft
        .candidates
        .iter()
        .filter(|c| !c.baseline)
        .filter_map(|c| draft.document.targets.iter().find(|t| t.id == c.id).map(|t| (c, t)))
        .collect();
    let mut proposed = 0;
    let mut same = 0;
    let mut missed = Vec::new();
    let mut extra = Vec::new();
    for t in &d.targets {
        let mut quotes = vec![t.quote.as_str()];
        quotes.extend(t.figure_quote.as_deref());
        quotes.extend(t.restated.iter().map(String::as_str));
        let spans = spans_of(src, &quotes);
        let hits: Vec<&Target> = proposals.iter().filter(|(c, _)| overlap(&spans, c.start, c.end)).map(|(_, p)| *p).collect();
        if hits.is_empty() {
            missed.push(t.id.clone());
        } else {
            proposed += 1;
        }
        let same_figure = hits.iter().any(|p| match (t.kind, p.kind) {
            (Kind::Milestone, Kind::Milestone) => true,
            (Kind::Milestone, _) | (_, Kind::Milestone) => false,
            _ => p.value == t.value && p.unit == t.unit,
        });
        if same_figure {
            same += 1;
        }
    }
    let mut target_quotes: Vec<&str> = Vec::new();
    for t in &d.targets {
        target_quotes.push(&t.quote);
        target_quotes.extend(t.figure_quote.as_deref());
        target_quotes.extend(t.restated.iter().map(String::as_str));
    }
    let baseline_quotes: Vec<&str> = d.baselines.iter().map(|b| b.quote.as_str()).collect();
    let held: Vec<&str> = d.not_encoded.iter().map(|n| n.quote.as_str()).collect();
    let (t_spans, b_spans, n_spans) = (spans_of(src, &target_quotes), spans_of(src, &baseline_quotes), spans_of(src, &held));
    let mut not_in_catalog = 0;
    let mut held_not_encoded = 0;
    for (c, _) in &proposals {
        let in_targets = overlap(&t_spans, c.start, c.end) || overlap(&b_spans, c.start, c.end);
        if !in_targets {
            if overlap(&n_spans, c.start, c.end) {
                held_not_encoded += 1;
            } else {
                not_in_catalog += 1;
                extra.push(src.as_str().get(c.start..c.end).map(clause::join_lines).unwrap_or_default());
            }
        }
    }
    let base_candidates: Vec<&Candidate> = draft.candidates.iter().filter(|c| c.baseline).collect();
    let baselines_proposed = d
        .baselines
        .iter()
        .filter(|b| base_candidates.iter().any(|c| overlap(&src.find_all(&b.quote), c.start, c.end)))
        .count();
    let baselines_that_are_catalog_targets = base_candidates.iter().filter(|c| overlap(&t_spans, c.start, c.end)).count();
    Measurement {
        document: d.id.clone(),
        catalog_targets: d.targets.len(),
        proposed,
        proposed_same_figure: same,
        candidates: proposals.len(),
        not_in_catalog,
        held_not_encoded,
        catalog_baselines: d.baselines.len(),
        baselines_proposed,
        baseline_candidates: base_candidates.len(),
        baselines_that_are_catalog_targets,
        missed,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(a: i32, b: i32) -> Period {
        Period { start: ymd(a, 1, 1).unwrap_or_default(), end: ymd(b, 12, 31).unwrap_or_default() }
    }

    #[test]
    fn deadlines_from_the_clause_or_the_period() {
        let plan = period(2021, 2025);
        assert_eq!(deadline_in("到2022年底,建成平台", &plan), ymd(2022, 12, 31).unwrap_or_default());
        assert_eq!(deadline_in("2023年底前完成", &plan), ymd(2023, 12, 31).unwrap_or_default());
        assert_eq!(deadline_in("三年实现全覆盖", &plan), ymd(2023, 12, 31).unwrap_or_default());
        assert_eq!(deadline_in("建成平台", &plan), ymd(2025, 12, 31).unwrap_or_default());
        assert_eq!(deadline_in("2024年开展中期评估", &plan), ymd(2024, 12, 31).unwrap_or_default());
        assert_eq!(deadline_in("修订《2024年工作手册》", &plan), ymd(2025, 12, 31).unwrap_or_default());
        assert_eq!(baseline_date("截至2020年底已达88%", &plan), ymd(2020, 12, 31).unwrap_or_default());
        assert_eq!(baseline_date("已达88%", &plan), ymd(2020, 12, 31).unwrap_or_default());
        // A year before the period is not a deadline (召开2019年全国…会 in a 2021 plan).
        assert_eq!(deadline_in("总结2019年经验", &plan), ymd(2025, 12, 31).unwrap_or_default());
        let year = period(2023, 2023);
        assert_eq!(deadline_in("上半年完成", &year), ymd(2023, 6, 30).unwrap_or_default());
        assert_eq!(deadline_in("召开2023年全省教育系统网信工作会", &year), ymd(2023, 12, 31).unwrap_or_default());
    }

    #[test]
    fn metadata_helpers() {
        assert_eq!(five_year_plan("北京教育信息化“十四五”规划"), Some((2021, 2025)));
        assert_eq!(year_range("三年行动计划(2023—2025年)"), Some((2023, 2025)));
        assert_eq!(year_range("2019-07-09"), None);
        assert_eq!(find_number("成都市教育局\n成教函〔2021〕57号\n"), Some("成教函〔2021〕57号".into()));
        assert_eq!(find_issued("陕西省教育厅办公室\n\n2023年3月18日"), ymd(2023, 3, 18));
        assert_eq!(find_issued("来源:信息中心 时间:2019-07-09"), ymd(2019, 7, 9));
        assert_eq!(arabic("(十三)").as_deref(), Some("13"));
        assert_eq!(arabic("2.2").as_deref(), Some("2.2"));
        assert_eq!(arabic("三是").as_deref(), Some("3"));
        assert_eq!(slug("002_d09a9ac80a01bf05"), "002-d09a9ac80a01bf05");
    }

    #[test]
    fn units_keep_their_own_wording() {
        assert_eq!(units("科技处,各处(室)、各直属单位"), ["科技处", "各处(室)", "各直属单位"]);
        assert_eq!(until_unbalanced_close("科技处、市技装中心,各处(室))"), "科技处、市技装中心,各处(室)");
        assert_eq!(until_unbalanced_close("科技处,市技装中心)中国教育信息订阅号"), "科技处,市技装中心");
    }
}
