//! A policy text split into clauses — the units a reviewer calls one promise — and
//! the words in each clause that make it a promise.
//!
//! ```
//! use zhibiao::clause::{self, AnchorKind};
//! use zhibiao::text::SourceText;
//!
//! let src = SourceText::new("一、加强统筹\n\n编制《行动方案》,举办3期培训班,加快平台建设。");
//! let clauses = clause::split(&src);
//! let texts: Vec<String> = clauses.iter().map(|c| c.display(&src)).collect();
//! assert_eq!(texts, ["一、加强统筹", "编制《行动方案》", "举办3期培训班", "加快平台建设。"]);
//! assert_eq!(clauses[0].marker.as_ref().map(|m| m.number.as_str()), Some("一"));
//! // 编制 is a deliverable verb; 3期 a figure; 加快…建设 is a direction (建设 has no object).
//! assert!(matches!(clauses[1].anchors[0].kind, AnchorKind::Deliverable { verb: "编制", .. }));
//! assert_eq!(clauses[2].anchors.len(), 2);
//! assert!(clauses[3].anchors.is_empty());
//! ```
//!
//! **Clauses.** A clause ends at a sentence mark (。；;！？!?) and at a comma (，,) outside
//! brackets and quotes (《》“”‘’「」()（）【】 and paired `"`), unless the part before the
//! comma only frames what follows (按照…, 围绕…, 以…为重点, 到2025年, “十四五”时期, a part
//! of three characters or fewer: it joins the next part) or the part after it continues
//! the one before (即…, 其中…, 包括…, 等…: it joins the previous part). `、` never ends
//! a clause. Headings (Markdown `#` lines, `**…**` bold headings, numbered lines
//! without a sentence mark, and a numbered item's first sentence of at most 40
//! characters) are one clause each.
//!
//! **Line breaks.** The texts break lines inside sentences and even inside words
//! (`教育数\n字化`), sometimes with a blank line (a page break). A line break ends a
//! clause only after a sentence mark or a colon, after a heading, before a line that
//! starts with a number (`一、`, `(一)`, `1、`, `1.`, `1.1`, `一是`, `#`), around a `---`
//! rule, or at a blank line after a short line (at most 40 characters) with no
//! punctuation in it (titles, signatures, dates). Otherwise the lines are one clause.
//! Offsets are always bytes of the original text, which is never changed; damaged
//! characters (U+FFFD, a stray `»` for `》`) are ordinary characters: an unclosed
//! bracket is forgotten at the end of its sentence.
//!
//! **Anchors.** A clause promises something when it holds an *anchor*: a figure (what
//! [`quantity::parse_all`] reads, except inside a 《title》, the 一 of a word or slogan,
//! and 所有 / 全体 unless the clause says all of them reach something), or a deliverable
//! verb used as a predicate with an object (see [`DELIVERABLE_VERBS`]; 落实 / 执行 only
//! with a named document or standard, 健全 / 形成 only with an institution).
//! Verbs do not count in a review of the past (a section headed 现状, 发展基础, 回顾,
//! 成就, 成效, 形势 …, or a clause marked 已, 已经, 累计, 截至, 目前, 先后, 相继, 以来 or
//! a verb followed by 了), nor in the transmittal of the document itself (现将…印发你们,
//! …的通知, 全文如下); figures count everywhere, because a figure of the past is a
//! baseline to account for.

use crate::quantity::{self, Quantity};
use crate::text::SourceText;
use serde::{Deserialize, Serialize};

/// How an item number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    /// 一、 二、
    ChineseComma,
    /// (一) （二）
    ChineseParen,
    /// 1、 1. 1． (and `1 ` after a Markdown `#`)
    Arabic,
    /// 1.1, 2.2.1
    Dotted,
    /// (1) （2）
    ArabicParen,
    /// ① ②
    Circled,
    /// 一是 二是
    Ordinal,
    /// 第一章, 第二部分, 第三节
    Chapter,
}

/// An item number at the start of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// How it is written.
    pub style: NumberStyle,
    /// The number as written, without its delimiter: `一`, `(三)`, `1`, `2.2`, `一是`.
    pub number: String,
    /// Byte offset in the original text where the text after the number starts.
    pub body: usize,
}

/// What a clause is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// The body of the document: promises.
    Body,
    /// A review of the past or of the situation (发展现状, 发展基础, 形势分析 …).
    Review,
    /// The notice that issues the document (现将…印发你们).
    Transmittal,
}

/// The kind of a deliverable verb (see [`DELIVERABLE_VERBS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerbGroup {
    /// A document issued: 印发, 出台, 制定, 编制 …
    Issue,
    /// Something that exists afterwards: 建成, 建立, 上线, 成立 …
    Establish,
    /// An event held or an activity run: 召开, 举办, 开展, 组织, 启动 …
    Hold,
    /// Units selected or certified: 遴选, 认定, 评选, 验收 …
    Select,
    /// Something finished or brought to zero: 完成, 清零, 排查, 测评 …
    Complete,
    /// A plan or a named standard put into effect: 实施, 落实《…》, 部署, 纳入 …
    Implement,
}

/// Verbs whose completion can be seen as an event or an artefact, so a clause using
/// one as its predicate promises something checkable. Longest first where one is a
/// prefix of another. Directions such as 加强, 深化, 推进, 推动, 提升, 完善, 优化, 加快
/// are not here: with nothing else in the clause they are not promises.
pub const DELIVERABLE_VERBS: &[(&str, VerbGroup)] = &[
    ("印发", VerbGroup::Issue),
    ("出台", VerbGroup::Issue),
    ("发布", VerbGroup::Issue),
    ("颁布", VerbGroup::Issue),
    ("制定", VerbGroup::Issue),
    ("制订", VerbGroup::Issue),
    ("编制", VerbGroup::Issue),
    ("研制", VerbGroup::Issue),
    ("修订", VerbGroup::Issue),
    ("编写", VerbGroup::Issue),
    ("出版", VerbGroup::Issue),
    ("公布", VerbGroup::Issue),
    ("建成", VerbGroup::Establish),
    ("建立", VerbGroup::Establish),
    ("建设", VerbGroup::Establish),
    ("搭建", VerbGroup::Establish),
    ("组建", VerbGroup::Establish),
    ("成立", VerbGroup::Establish),
    ("设立", VerbGroup::Establish),
    ("开通", VerbGroup::Establish),
    ("启用", VerbGroup::Establish),
    ("健全", VerbGroup::Establish),
    ("形成", VerbGroup::Establish),
    ("开设", VerbGroup::Establish),
    ("增设", VerbGroup::Establish),
    ("上线", VerbGroup::Establish),
    ("推出", VerbGroup::Establish),
    ("构建", VerbGroup::Establish),
    ("接入", VerbGroup::Establish),
    ("扩充", VerbGroup::Establish),
    ("培育", VerbGroup::Establish),
    ("开发", VerbGroup::Establish),
    ("研发", VerbGroup::Establish),
    ("召开", VerbGroup::Hold),
    ("举办", VerbGroup::Hold),
    ("举行", VerbGroup::Hold),
    ("开展", VerbGroup::Hold),
    ("组织", VerbGroup::Hold),
    ("启动", VerbGroup::Hold),
    ("遴选", VerbGroup::Select),
    ("认定", VerbGroup::Select),
    ("评选", VerbGroup::Select),
    ("推选", VerbGroup::Select),
    ("征集", VerbGroup::Select),
    ("立项", VerbGroup::Select),
    ("验收", VerbGroup::Select),
    ("命名", VerbGroup::Select),
    ("完成", VerbGroup::Complete),
    ("动态清零", VerbGroup::Complete),
    ("清零", VerbGroup::Complete),
    ("排查", VerbGroup::Complete),
    ("摸清", VerbGroup::Complete),
    ("摸底", VerbGroup::Complete),
    ("普查", VerbGroup::Complete),
    ("清理", VerbGroup::Complete),
    ("杜绝", VerbGroup::Complete),
    ("测评", VerbGroup::Complete),
    ("投入运行", VerbGroup::Establish),
    ("投入使用", VerbGroup::Establish),
    ("全面实现", VerbGroup::Complete),
    ("纳入", VerbGroup::Implement),
    ("实施", VerbGroup::Implement),
    ("实行", VerbGroup::Implement),
    ("试行", VerbGroup::Implement),
    ("部署", VerbGroup::Implement),
    ("落实", VerbGroup::Implement),
    ("执行", VerbGroup::Implement),
];

/// Words after a verb that make it a noun (加快平台建设与应用, 组织领导, 实施方案).
const NOMINAL_FOLLOWERS: &[&str] = &[
    "与", "和", "及", "的", "等", "并", "工作", "情况", "水平", "能力", "力度", "成效", "质量", "进度", "过程",
    "方面", "领导", "保障", "方案", "细则", "意见", "路径", "主体", "单位", "部门", "人员", "者", "要求",
    "任务", "模式", "机构", "体系", "需求", "落实", "协调", "管理", "方式",
];

/// Verbs that name a result and need no object: 教育新型基础设施全面建成, 漏洞清零.
const RESULTATIVE: &[&str] = &["建成", "完成", "清零", "动态清零", "上线", "开通", "投入运行", "投入使用", "全面实现"];

/// Verbs that promise something checkable only with a named document or standard as
/// object: 落实《…》, 落实等级保护2.0标准 (but not 落实立德树人根本任务).
const NAMED_OBJECT_VERBS: &[&str] = &["落实", "执行"];

/// What makes the object of a [`NAMED_OBJECT_VERBS`] verb a named document or standard.
const NAMED_OBJECTS: &[&str] = &["《", "标准", "规范", "规程", "指南"];

/// Verbs that promise something checkable only when their object is an institution:
/// 健全…机制, 形成…清单 (but not 形成合力, 健全完善).
const INSTITUTION_VERBS: &[&str] = &["健全", "形成"];

/// What makes the object of an [`INSTITUTION_VERBS`] verb an institution.
const INSTITUTIONS: &[&str] = &["机制", "制度", "体系", "责任制", "清单", "目录", "工作组", "专班", "联盟", "办法"];

/// Words before a verb that make it a noun (社会组织) or a description (是实施…之年).
const NOMINAL_PRECEDERS: &[&str] = &["社会", "党", "基层", "行业", "学生", "群团", "是"];

/// Markers that a clause states the past or the present state, not a goal.
pub const PAST_MARKERS: &[&str] = &["已经", "已", "累计", "截至", "截止", "目前", "现有", "先后", "相继", "以来"];

/// Words of headings whose sections review the past or the situation.
pub const REVIEW_HEADINGS: &[&str] = &["现状", "发展基础", "回顾", "成就", "成效", "形势", "背景", "取得"];

/// Words of the notice that issues the document.
const TRANSMITTAL: &[&str] = &["印发你们", "现将", "全文如下", "的通知", "请结合", "请认真"];

/// Beginnings of a comma part that frames what follows (按照…要求, 围绕…): the part
/// is a frame whatever it holds, and its verbs are not the clause's predicate.
const FRAME_STARTS: &[&str] = &[
    "按照", "依据", "根据", "遵循", "围绕", "聚焦", "面向", "针对", "结合", "依托", "基于", "立足", "通过", "本着",
    "为了", "为贯彻", "对照", "随着",
];

/// Beginnings of a comma part that frames what follows only when it holds no verb or
/// figure of its own (到2025年, but 到2025年建成…; 以…为重点, but 以赛促建).
const WEAK_FRAME_STARTS: &[&str] = &["截至", "截止", "到", "至", "在", "以", "从", "经"];

/// Endings of a comma part that frames what follows.
const FRAME_ENDS: &[&str] = &[
    "为重点", "为核心", "为主线", "为原则", "为目标", "为导向", "为抓手", "为指导", "为引领", "为统领", "为动力",
    "为基础", "为契机", "为载体", "为依托", "为中心", "基础上", "要求", "原则", "前提下", "背景下", "过程中",
    "时期", "期间", "以来", "年底", "年末", "年前", "之前", "总体思路",
];

/// Beginnings of a comma part that continues the previous one (即…, 其中…).
const CONTINUATIONS: &[&str] = &["即", "其中", "包括", "特别是", "尤其是", "例如", "比如", "如", "含", "等", "的", "之"];

/// A figure or a deliverable verb in a clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anchor {
    /// What it is.
    pub kind: AnchorKind,
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset just past it in the original text.
    pub end: usize,
}

/// What makes an anchor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnchorKind {
    /// A figure the quantity parser reads (its offsets are relative to the clause's
    /// whitespace-free text; the anchor's are the original's).
    Figure {
        /// The figure.
        quantity: Quantity,
    },
    /// A deliverable verb used as a predicate.
    Deliverable {
        /// The verb.
        verb: &'static str,
        /// Its kind.
        group: VerbGroup,
    },
}

/// One clause of a source text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// Byte offset of its first character in the original text (markup and spaces skipped).
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// Where the frames the clause opens with (按照…要求，围绕…) end: `start` when
    /// there are none. Verbs before it are not the clause's predicate.
    pub frame_end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// Index of the sentence it belongs to (clauses of one sentence share it).
    pub sentence: usize,
    /// Index of the paragraph it belongs to (a heading line is a paragraph of its own).
    pub paragraph: usize,
    /// The clause is the first of its paragraph.
    pub starts_paragraph: bool,
    /// The item number it starts with, if any.
    pub marker: Option<Marker>,
    /// For headings, the level the text gives it: the number of `#`, or 0 when only
    /// its number or its shape makes it a heading.
    pub heading: Option<u8>,
    /// What the clause is part of.
    pub context: Context,
    /// The clause states the past or present state (已, 截至 …).
    pub past: bool,
    /// Figures and deliverable verbs in reading order; empty when the clause promises nothing.
    pub anchors: Vec<Anchor>,
}

impl Clause {
    /// The clause as written, line breaks included.
    pub fn text<'a>(&self, src: &'a SourceText) -> &'a str {
        src.as_str().get(self.start..self.end).unwrap_or("")
    }

    /// The clause with line breaks (and the spaces around them) removed, for display.
    pub fn display(&self, src: &SourceText) -> String {
        join_lines(self.text(src))
    }

    /// The clause with every whitespace character removed (how quotes are matched).
    pub fn compact(&self, src: &SourceText) -> String {
        crate::text::compact(self.text(src))
    }

    /// True when the clause opens an item of the text's structure: a heading, or a
    /// paragraph that starts with an item number (一、 (一) 1、 一是 …).
    pub fn is_item(&self) -> bool {
        self.heading.is_some() || (self.marker.is_some() && self.starts_paragraph)
    }

    /// True when the clause holds a figure or a deliverable verb.
    pub fn is_promise(&self) -> bool {
        !self.anchors.is_empty()
    }

    /// The words of an anchor as written.
    pub fn anchor_text<'a>(src: &'a SourceText, a: &Anchor) -> &'a str {
        src.as_str().get(a.start..a.end).unwrap_or("")
    }
}

/// `s` with line breaks and the spaces around them removed.
pub fn join_lines(s: &str) -> String {
    s.split('\n').map(|l| l.trim_matches(|c: char| c.is_whitespace())).collect::<Vec<_>>().join("")
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?')
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Markup that is not part of a clause: Markdown heading and emphasis marks, spaces.
fn is_markup(c: char) -> bool {
    is_space(c) || matches!(c, '#' | '*' | '>')
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).count()
}

// ---- Item numbers ----

fn is_cn_digit(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '百')
}

/// The item number at the start of `s` (after markup), with the byte length of
/// number and delimiter.
pub fn marker_at(s: &str, markdown: bool) -> Option<(NumberStyle, String, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| chars.get(i).map_or(s.len(), |&(o, _)| o);
    let first = at(0)?;
    // 一、 / 一是 / 第一章
    if is_cn_digit(first) {
        let mut i = 0;
        while at(i).is_some_and(is_cn_digit) {
            i += 1;
        }
        let num = &s[..off(i)];
        return match at(i) {
            Some('、') | Some('．') => Some((NumberStyle::ChineseComma, num.to_string(), off(i + 1))),
            Some('是') if i <= 2 => Some((NumberStyle::Ordinal, format!("{num}是"), off(i + 1))),
            _ => None,
        };
    }
    if first == '第' {
        let mut i = 1;
        while at(i).is_some_and(is_cn_digit) {
            i += 1;
        }
        if i > 1 && matches!(at(i), Some('章' | '节' | '部' | '条' | '篇')) {
            let mut end = i + 1;
            if at(i) == Some('部') && at(i + 1) == Some('分') {
                end += 1;
            }
            return Some((NumberStyle::Chapter, s[..off(end)].to_string(), off(end)));
        }
        return None;
    }
    // (一) / (1)
    if matches!(first, '(' | '（') {
        let mut i = 1;
        let cn = at(1).is_some_and(is_cn_digit);
        while at(i).is_some_and(|c| if cn { is_cn_digit(c) } else { c.is_ascii_digit() }) {
            i += 1;
        }
        if i > 1 && i <= 4 && matches!(at(i), Some(')' | '）')) {
            let inner = &s[off(1)..off(i)];
            let style = if cn { NumberStyle::ChineseParen } else { NumberStyle::ArabicParen };
            return Some((style, format!("({inner})"), off(i + 1)));
        }
        return None;
    }
    if ('①'..='⑳').contains(&first) {
        return Some((NumberStyle::Circled, first.to_string(), off(1)));
    }
    // 1、 / 1. / 1.1 / `# 1 `
    if first.is_ascii_digit() {
        let mut i = 0;
        let mut dotted = false;
        loop {
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            if at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                dotted = true;
                i += 1;
                continue;
            }
            break;
        }
        if i > 3 {
            return None; // a year (## 2023 年…) or a figure, not an item number
        }
        let num = s[..off(i)].to_string();
        let next = at(i);
        if dotted {
            return match next {
                Some(c) if is_space(c) || c == '、' || c == '．' => Some((NumberStyle::Dotted, num, off(i + 1))),
                Some('.') => Some((NumberStyle::Dotted, num, off(i + 1))),
                _ if markdown => Some((NumberStyle::Dotted, num, off(i))),
                _ => None,
            };
        }
        return match next {
            Some('、') | Some('．') => Some((NumberStyle::Arabic, num, off(i + 1))),
            Some('.') if !at(i + 1).is_some_and(|c| c.is_ascii_digit()) => Some((NumberStyle::Arabic, num, off(i + 1))),
            Some(c) if markdown && is_space(c) => Some((NumberStyle::Arabic, num, off(i + 1))),
            _ => None,
        };
    }
    None
}

// ---- Lines ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Markdown heading with its level.
    Markdown(u8),
    /// A numbered line with no sentence mark: a heading by its shape.
    NumberedTitle,
    /// A `**…**` line.
    Bold,
    /// `---`
    Rule,
    Text,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    /// Content start and end (whitespace trimmed).
    start: usize,
    end: usize,
    kind: LineKind,
}

fn classify(text: &str, start: usize, end: usize) -> LineKind {
    let s = &text[start..end];
    if s.is_empty() {
        return LineKind::Blank;
    }
    if s.chars().all(|c| c == '-' || c == '—' || c == '=') && s.chars().count() >= 3 {
        return LineKind::Rule;
    }
    if s.starts_with('#') {
        let level = s.chars().take_while(|&c| c == '#').count();
        return LineKind::Markdown(level.min(9) as u8);
    }
    if s.starts_with("**") && s.ends_with("**") && s.len() > 4 {
        return LineKind::Bold;
    }
    let inner = s.trim_start_matches(is_markup);
    if marker_at(inner, false).is_some() && !s.chars().any(is_sentence_end) && han_count(s) <= 60 {
        return LineKind::NumberedTitle;
    }
    LineKind::Text
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches(is_space).len();
        let trimmed = body.trim_matches(is_space);
        let start = at + lead;
        let end = start + trimmed.len();
        out.push(Line { start, end, kind: classify(text, start, end) });
        at += raw.len();
    }
    out
}

fn is_heading_line(k: LineKind) -> bool {
    matches!(k, LineKind::Markdown(_) | LineKind::NumberedTitle | LineKind::Bold | LineKind::Rule)
}

/// Whether the line break between `a` and `b` (with `blank` lines between) ends a clause.
fn breaks_between(text: &str, a: &Line, b: &Line, blank: bool) -> bool {
    let a_text = &text[a.start..a.end];
    let last = a_text.trim_end_matches('*').chars().next_back();
    if last.is_some_and(|c| is_sentence_end(c) || matches!(c, '：' | ':' | '…')) || a_text.ends_with("...") {
        return true;
    }
    if is_heading_line(a.kind) || is_heading_line(b.kind) {
        return true;
    }
    let b_text = text[b.start..b.end].trim_start_matches(is_markup);
    if marker_at(b_text, false).is_some() || text[b.start..b.end].starts_with("**") {
        return true;
    }
    let short_title = han_count(a_text) <= 40
        && !a_text.chars().any(|c| is_sentence_end(c) || matches!(c, '，' | ',' | '、'));
    blank && short_title
}

// ---- Splitting ----

/// A paragraph: a run of lines joined by line breaks that do not end a clause.
struct Paragraph {
    start: usize,
    end: usize,
    /// Its heading level if the paragraph is a heading line.
    heading: Option<u8>,
    bold_line: bool,
}

fn paragraphs(text: &str) -> Vec<Paragraph> {
    let ls = lines(text);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut prev: Option<usize> = None;
    let mut blank = false;
    for (i, l) in ls.iter().enumerate() {
        if l.kind == LineKind::Blank {
            blank = true;
            continue;
        }
        let joined = match prev {
            Some(p) => !breaks_between(text, &ls[p], l, blank),
            None => false,
        };
        match out.last_mut() {
            Some(par) if joined => par.end = l.end,
            _ => out.push(Paragraph {
                start: l.start,
                end: l.end,
                heading: match l.kind {
                    LineKind::Markdown(n) => Some(n),
                    LineKind::NumberedTitle | LineKind::Bold => Some(0),
                    _ => None,
                },
                bold_line: l.kind == LineKind::Bold,
            }),
        }
        if l.kind == LineKind::Rule {
            // A rule is a boundary, not text.
            out.pop();
        }
        prev = Some(i);
        blank = false;
    }
    out
}

/// A piece of a sentence between commas.
#[derive(Debug, Clone, Copy)]
struct Part {
    start: usize,
    end: usize,
}

/// Splits `[start, end)` into sentences, each a list of comma parts.
fn sentences(text: &str, start: usize, end: usize, split_commas: bool) -> Vec<Vec<Part>> {
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let mut part_start = start;
    let mut depth: i32 = 0;
    let mut ascii_quote = false;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        match c {
            '《' | '“' | '‘' | '「' | '(' | '（' | '【' | '〈' => depth += 1,
            '》' | '»' | '”' | '’' | '」' | ')' | '）' | '】' | '〉' => depth = (depth - 1).max(0),
            '"' => ascii_quote = !ascii_quote,
            _ => {}
        }
        if is_sentence_end(c) {
            parts.push(Part { start: part_start, end: at + c.len_utf8() });
            out.push(std::mem::take(&mut parts));
            part_start = at + c.len_utf8();
            depth = 0;
            ascii_quote = false;
        } else if split_commas && matches!(c, '，' | ',') && depth == 0 && !ascii_quote {
            parts.push(Part { start: part_start, end: at });
            part_start = at + c.len_utf8();
        }
    }
    parts.push(Part { start: part_start, end });
    out.push(parts);
    out
}

fn trim_part(text: &str, p: Part) -> Option<Part> {
    let s = &text[p.start..p.end];
    let lead = s.len() - s.trim_start_matches(is_markup).len();
    let body = s.trim_start_matches(is_markup).trim_end_matches(|c: char| is_markup(c) || matches!(c, '，' | ',' | '、'));
    if body.chars().all(|c| c.is_whitespace() || c.is_ascii_punctuation() || "，、。；：".contains(c)) {
        return None;
    }
    Some(Part { start: p.start + lead, end: p.start + lead + body.len() })
}

fn is_time_frame(s: &str) -> bool {
    let s = s.trim_start_matches(['到', '至', '在']).trim_start_matches("截至").trim_start_matches("截止");
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits == 4 && {
        let rest = &s[4..];
        ["年", "年底", "年末", "年前", "年以前", "年之前"].contains(&rest)
    }
}

fn frames_next(s: &str) -> bool {
    han_count(s) <= 3
        || is_time_frame(s)
        || FRAME_ENDS.iter().any(|w| s.ends_with(w))
        || FRAME_STARTS.iter().any(|w| s.starts_with(w))
        || (WEAK_FRAME_STARTS.iter().any(|w| s.starts_with(w)) && !has_verb(s))
}

/// Whether a frame-like part holds a deliverable verb of its own (以赛促建, 到2025年建成…).
fn has_verb(s: &str) -> bool {
    DELIVERABLE_VERBS.iter().any(|(v, _)| s.contains(v)) || !quantity::parse_all(s).is_empty()
}

fn continues_previous(s: &str) -> bool {
    CONTINUATIONS.iter().any(|w| s.starts_with(w)) || han_count(s) <= 2
}

/// A clause's span and where the frames it opens with end.
#[derive(Debug, Clone, Copy)]
struct Merged {
    start: usize,
    end: usize,
    frame_end: usize,
}

/// Merges comma parts into clauses by the frame and continuation rules.
fn merge_parts(text: &str, parts: Vec<Part>) -> Vec<Merged> {
    let parts: Vec<Part> = parts.into_iter().filter_map(|p| trim_part(text, p)).collect();
    let mut out: Vec<Merged> = Vec::new();
    let mut pending: Option<Merged> = None; // frames waiting for their clause
    for p in parts {
        let s = crate::text::compact(&text[p.start..p.end]);
        if pending.is_none() && !out.is_empty() && continues_previous(&s) {
            if let Some(last) = out.last_mut() {
                last.end = p.end;
            }
            continue;
        }
        let start = pending.take().map_or(p.start, |f| f.start);
        if frames_next(&s) {
            pending = Some(Merged { start, end: p.end, frame_end: p.end });
            continue;
        }
        out.push(Merged { start, end: p.end, frame_end: if start < p.start { p.start } else { start } });
    }
    // A frame with nothing after it (…，以此为重点) belongs to the clause before it.
    if let Some(f) = pending {
        match out.last_mut() {
            Some(last) => last.end = f.end,
            None => out.push(Merged { frame_end: f.start, ..f }),
        }
    }
    out
}

/// Splits a source text into clauses, with their item numbers, contexts and anchors.
pub fn split(src: &SourceText) -> Vec<Clause> {
    let text = src.as_str();
    let mut out: Vec<Clause> = Vec::new();
    let mut sentence = 0;
    let mut contexts = Contexts::default();
    for (paragraph, par) in paragraphs(text).into_iter().enumerate() {
        for (n, parts) in sentences(text, par.start, par.end, par.heading.is_none()).into_iter().enumerate() {
            let heading = sentence_heading(text, &par, n == 0, &parts);
            for (k, p) in clause_spans(text, parts, heading).into_iter().enumerate() {
                let starts_paragraph = k == 0 && n == 0;
                let markdown = k == 0 && heading.is_some_and(|h| h > 0);
                let mut c = Clause {
                    start: p.start,
                    end: p.end,
                    frame_end: p.frame_end,
                    line: src.line_of(p.start),
                    sentence,
                    paragraph,
                    starts_paragraph,
                    marker: clause_marker(text, p, starts_paragraph, markdown),
                    heading: if k == 0 { heading } else { None },
                    context: Context::Body,
                    past: PAST_MARKERS.iter().any(|w| text[p.start..p.end].contains(w)),
                    anchors: Vec::new(),
                };
                c.context = contexts.of(text, &c);
                c.anchors = anchors(src, &c);
                out.push(c);
            }
            sentence += 1;
        }
    }
    out
}

/// Whether a sentence is a heading, and of what level: the paragraph's own (a `#` line),
/// or 0 for a `**…**` heading, a bold line, or a numbered item's short first sentence.
fn sentence_heading(text: &str, par: &Paragraph, first: bool, parts: &[Part]) -> Option<u8> {
    if par.heading.is_some() {
        return par.heading;
    }
    let (start, end) = (parts.first()?.start, parts.last()?.end);
    let sentence_text = text[start..end].trim_start_matches(is_markup);
    let bold = first && text[par.start..].starts_with("**") && text[end..par.end].starts_with("**");
    let short_numbered = first && marker_at(sentence_text, false).is_some() && han_count(sentence_text) <= 40;
    (bold || short_numbered || par.bold_line).then_some(0)
}

/// The clauses of a sentence: one for a heading, else its comma parts merged.
fn clause_spans(text: &str, parts: Vec<Part>, heading: Option<u8>) -> Vec<Merged> {
    if heading.is_none() {
        return merge_parts(text, parts);
    }
    let whole = parts.first().map(|p| p.start).zip(parts.last().map(|p| p.end));
    whole
        .and_then(|(start, end)| trim_part(text, Part { start, end }))
        .map(|p| Merged { start: p.start, end: p.end, frame_end: p.start })
        .into_iter()
        .collect()
}

/// The item number a clause starts with: any style at the start of a paragraph, and
/// 一是 / 二是 anywhere.
fn clause_marker(text: &str, p: Merged, starts_paragraph: bool, markdown: bool) -> Option<Marker> {
    let body = &text[p.start..p.end];
    let (style, number, len) = marker_at(body, markdown)?;
    if !starts_paragraph && style != NumberStyle::Ordinal {
        return None;
    }
    let rest = &body[len..];
    Some(Marker { style, number, body: p.start + len + (rest.len() - rest.trim_start_matches(is_space).len()) })
}

/// What the clauses read so far are part of: a review opens at a heading with a review
/// word and closes at the next heading of the same or a higher rank.
#[derive(Default)]
struct Contexts {
    /// Rank of the heading that opened the review, if one is open.
    review: Option<u8>,
    /// Number styles in the order the text first uses them.
    ranks: Vec<NumberStyle>,
}

impl Contexts {
    fn of(&mut self, text: &str, c: &Clause) -> Context {
        if c.is_item() {
            let rank = heading_rank(c, &mut self.ranks);
            if self.review.is_some_and(|r| rank <= r) {
                self.review = None;
            }
            let title = &text[c.marker.as_ref().map_or(c.start, |m| m.body)..c.end];
            if self.review.is_none() && REVIEW_HEADINGS.iter().any(|w| title.contains(w)) {
                self.review = Some(rank);
            }
        }
        if TRANSMITTAL.iter().any(|w| crate::text::compact(&text[c.start..c.end]).contains(w)) {
            Context::Transmittal
        } else if self.review.is_some() {
            Context::Review
        } else {
            Context::Body
        }
    }
}

/// A heading's rank for nesting: Markdown levels first, then number styles in the
/// order the text first uses them.
fn heading_rank(c: &Clause, ranks: &mut Vec<NumberStyle>) -> u8 {
    match (c.heading, &c.marker) {
        (Some(h), _) if h > 0 => h,
        (_, Some(m)) => {
            let i = ranks.iter().position(|s| *s == m.style).unwrap_or_else(|| {
                ranks.push(m.style);
                ranks.len() - 1
            });
            10 + i as u8
        }
        _ => 20,
    }
}

/// The anchors of a clause: figures, and deliverable verbs where the clause promises.
fn anchors(src: &SourceText, c: &Clause) -> Vec<Anchor> {
    let cs = src.to_compact(c.start);
    let ce = src.to_compact(c.end);
    let compact = src.compact_str().get(cs..ce).unwrap_or("");
    let titles = title_spans(compact);
    let in_title = |s: usize, e: usize| titles.iter().any(|&(ts, te)| s >= ts && e <= te);
    let mut out = Vec::new();
    for q in quantity::parse_all(compact) {
        if in_title(q.start, q.end) || !is_figure(compact, &q) {
            continue;
        }
        if let Some((start, end)) = src.original_range(cs + q.start, cs + q.end) {
            out.push(Anchor { kind: AnchorKind::Figure { quantity: q }, start, end });
        }
    }
    let verbs_count = c.context == Context::Body && !c.past;
    let frame_end = src.to_compact(c.frame_end).saturating_sub(cs);
    let mut at = 0;
    while at < compact.len() {
        let rest = &compact[at..];
        let Some(ch) = rest.chars().next() else { break };
        let Some(&(verb, group)) = verb_at(rest) else {
            at += ch.len_utf8();
            continue;
        };
        // A run of verbs (组织开展, 制定出台, 启动实施) is one predicate: what follows
        // the last decides whether it has an object.
        let mut len = verb.len();
        let mut last = verb;
        while let Some((v, _)) = verb_at(&compact[at + len..]) {
            len += v.len();
            last = v;
        }
        let before = &compact[..at];
        let after = &compact[at + len..];
        // 线上线下 holds 上线.
        let in_word = verb == "上线" && before.ends_with('线') && after.starts_with('下');
        let verbal = if in_word {
            false
        } else if NAMED_OBJECT_VERBS.contains(&last) || INSTITUTION_VERBS.contains(&last) {
            let object = after.split(['，', ',', '。', '；', ';']).next().unwrap_or("");
            let objects = if INSTITUTION_VERBS.contains(&last) { INSTITUTIONS } else { NAMED_OBJECTS };
            objects.iter().any(|w| object.contains(w)) && is_verbal(before, after)
        } else if RESULTATIVE.contains(&last) {
            !NOMINAL_FOLLOWERS.iter().any(|w| after.starts_with(w)) && !after.starts_with('了')
        } else {
            is_verbal(before, after)
        };
        if verbs_count && verbal && at >= frame_end && !in_title(at, at + len) {
            if let Some((start, end)) = src.original_range(cs + at, cs + at + len) {
                out.push(Anchor { kind: AnchorKind::Deliverable { verb, group }, start, end });
            }
        }
        at += len;
    }
    out.sort_by_key(|a| (a.start, a.end));
    out
}

fn verb_at(s: &str) -> Option<&'static (&'static str, VerbGroup)> {
    DELIVERABLE_VERBS.iter().find(|(v, _)| s.starts_with(v))
}

/// Whether a verb between `before` and `after` is used as a predicate with an object.
fn is_verbal(before: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else { return false };
    if next.is_ascii_punctuation() && next != '"' || "，、。；：）》”’」】？！…—".contains(next) {
        return false;
    }
    if after.starts_with('了') {
        return false; // 建成了: the past
    }
    if NOMINAL_FOLLOWERS.iter().any(|w| after.starts_with(w)) {
        return false;
    }
    // 制定本规划: the document itself.
    if after.starts_with('本') && ["规划", "方案", "要点", "计划", "意见", "办法", "通知"].iter().any(|w| after['本'.len_utf8()..].starts_with(w)) {
        return false;
    }
    !NOMINAL_PRECEDERS.iter().any(|w| before.ends_with(w))
}

/// Whether a quantity the parser read is a figure of the text: not 所有 / 全体 said of
/// a population, and not the 一 of a word (统一部署, 唯一) or of a slogan (一课一名师).
fn is_figure(compact: &str, q: &Quantity) -> bool {
    if q.text == "所有" || q.text == "全体" {
        // A figure only when the clause says all of them reach something (所有学校都达到…).
        let rest = &compact[q.end..];
        return ["都", "均", "达到", "实现", "覆盖"].iter().any(|w| rest.contains(w));
    }
    let before = &compact[..q.start];
    if q.text.starts_with('一') {
        let mut prev = before.chars().rev();
        let p1 = prev.next();
        let p2 = prev.next();
        if p1.is_some_and(|c| "统唯单同逐万之专划".contains(c)) || p2 == Some('一') {
            return false;
        }
    }
    true
}

/// Byte spans of 《…》 titles in `s` (an unclosed title runs to the end).
pub fn title_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '《' if open.is_none() => open = Some(i),
            '》' | '»' => {
                if let Some(o) = open.take() {
                    out.push((o, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push((o, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        let src = SourceText::new(s);
        split(&src).iter().map(|c| c.display(&src)).collect()
    }

    #[test]
    fn splits_at_sentence_marks_and_commas_but_keeps_frames() {
        assert_eq!(
            texts("按照总体要求,完善平台设计,制定《管理办法》,加快建设。到2025年,建成教育云;实现全覆盖！"),
            ["按照总体要求,完善平台设计", "制定《管理办法》", "加快建设。", "到2025年,建成教育云;", "实现全覆盖！"]
        );
        // Commas inside titles and quotes do not split; 即 continues.
        assert_eq!(
            texts("开展\"一师一优课,一课一名师\"活动,实现“七个全面”目标,即全面建成、全面深化。"),
            ["开展\"一师一优课,一课一名师\"活动", "实现“七个全面”目标,即全面建成、全面深化。"]
        );
    }

    #[test]
    fn line_breaks_inside_sentences_and_page_breaks_are_joined() {
        let src = SourceText::new("按照国家教育数\n字化战略行动要求，召开 2023 年全省教育系统\n\n网信工作会，推进落实。\n");
        let cs = split(&src);
        assert_eq!(cs.iter().map(|c| c.display(&src)).collect::<Vec<_>>(), ["按照国家教育数字化战略行动要求，召开 2023 年全省教育系统网信工作会", "推进落实。"]);
        assert_eq!(cs[0].line, 1);
        assert_eq!(cs[1].line, 4);
        assert_eq!(&src.as_str()[cs[0].start..cs[0].start + 6], "按照");
    }

    #[test]
    fn headings_and_numbers() {
        let src = SourceText::new(
            "# 1 加强统筹\n## 1.1 印发《方案》\n\n正文。\n\n一、工作思路\n\n(三)推进建设。以此为例,举办大赛。\n\n**2. 强化部署。**召开会议。\n\n2019年教育信息化工作要点\n\n一是完成培训6000人。\n",
        );
        let cs = split(&src);
        let got: Vec<(String, Option<String>, Option<u8>)> = cs
            .iter()
            .map(|c| (c.display(&src), c.marker.as_ref().map(|m| m.number.clone()), c.heading))
            .collect();
        let want: Vec<(&str, Option<&str>, Option<u8>)> = vec![
            ("1 加强统筹", Some("1"), Some(1)),
            ("1.1 印发《方案》", Some("1.1"), Some(2)),
            ("正文。", None, None),
            ("一、工作思路", Some("一"), Some(0)),
            ("(三)推进建设。", Some("(三)"), Some(0)),
            ("以此为例,举办大赛。", None, None),
            ("2. 强化部署。", Some("2"), Some(0)),
            ("召开会议。", None, None),
            ("2019年教育信息化工作要点", None, None),
            ("一是完成培训6000人。", Some("一是"), Some(0)),
        ];
        let want: Vec<(String, Option<String>, Option<u8>)> =
            want.into_iter().map(|(a, b, c)| (a.to_string(), b.map(String::from), c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn anchors_are_figures_and_verbs_used_as_predicates() {
        let src = SourceText::new("## 发展现状\n\n建成教育平台，无线网络覆盖率达90%以上。\n\n## 主要任务\n\n加快教育云建设，建设智慧校园，深入实施《教育信息化2.0行动计划》，组织开展宣传周活动，已建成平台10个。\n");
        let cs = split(&src);
        let anchors: Vec<(String, Vec<String>)> = cs
            .iter()
            .map(|c| (c.display(&src), c.anchors.iter().map(|a| Clause::anchor_text(&src, a).to_string()).collect()))
            .collect();
        let want = [
            ("发展现状", vec![]),
            ("建成教育平台", vec![]), // a review: the verb is the past
            ("无线网络覆盖率达90%以上。", vec!["90%以上"]),
            ("主要任务", vec![]),
            ("加快教育云建设", vec![]), // 建设 without an object: a direction
            ("建设智慧校园", vec!["建设"]),
            ("深入实施《教育信息化2.0行动计划》", vec!["实施"]),
            ("组织开展宣传周活动", vec!["组织开展"]), // one predicate
            ("已建成平台10个。", vec!["10个"]), // the past: the figure stays, the verb does not
        ];
        assert_eq!(anchors.len(), want.len());
        for ((text, got), (want_text, want)) in anchors.iter().zip(want) {
            assert_eq!(text, want_text);
            assert_eq!(got.len(), want.len(), "{text}: {got:?}");
            // A figure's words may include the verb before it (达90%以上).
            for (g, w) in got.iter().zip(want) {
                assert!(g.ends_with(w), "{text}: {got:?}");
            }
        }
        assert_eq!(cs[1].context, Context::Review);
        assert_eq!(cs[5].context, Context::Body);
        assert!(cs[8].past);
    }

    #[test]
    fn damaged_brackets_do_not_swallow_the_rest() {
        // A stray » closes its title; an unclosed 《 is forgotten at the end of its sentence.
        let t = texts("印发《规范(试行)», 明确内涵，举办大赛。编制《方案,开展测评。开展测评，完成认定。");
        assert_eq!(t, ["印发《规范(试行)»", "明确内涵", "举办大赛。", "编制《方案,开展测评。", "开展测评", "完成认定。"]);
    }
}
