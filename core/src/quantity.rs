//! Reading quantities and comparators out of Chinese policy prose.
//!
//! ```
//! use zhibiao::quantity::{parse_quantity, parse_all};
//! use zhibiao::Comparator;
//!
//! let q = parse_quantity("90%以上").unwrap();
//! assert_eq!((q.comparator, q.value, q.unit.as_str()), (Comparator::AtLeast, 90.0, "%"));
//!
//! let q = parse_quantity("不少于32学时").unwrap();
//! assert_eq!((q.comparator, q.value, q.unit.as_str()), (Comparator::AtLeast, 32.0, "学时"));
//!
//! let all = parse_all("新增1000万个，遴选100个左右的精品资源");
//! assert_eq!(all[0].value, 10_000_000.0);
//! assert_eq!(all[1].comparator, Comparator::About);
//!
//! let gig = parse_quantity("千兆到校").unwrap();
//! assert_eq!((gig.value, gig.unit.as_str()), (1000.0, "Mbps"));
//! ```
//!
//! The reader is deliberately conservative: a number becomes a quantity only when a
//! unit or measure word follows it. Years (`2023年`), ordinals (`第七届`), ranges
//! (`1--3年级`), version numbers (`2.0`), technology names (`5G`, `IPv6`) and quoted
//! slogans (`“四个意识”`, `一人一空间`) are not quantities.

use crate::model::Comparator;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A figure read from text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Quantity {
    /// How the figure is qualified (以上, 不少于, 左右 …); `reach` when bare.
    pub comparator: Comparator,
    /// The figure, with multipliers applied (`1000万` = 10 000 000).
    pub value: f64,
    /// Normalised unit: `%`, `Mbps`, `学时`, or the measure word as written (`所`, `个`, `门`);
    /// `名` is read as `人`.
    pub unit: String,
    /// The text the quantity was read from, comparator words included.
    pub text: String,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// Byte offset just past `text` in the input.
    pub end: usize,
}

/// Why a string is not a single quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// No quantity found in the text.
    #[error("no quantity found in {0:?}")]
    NotFound(String),
    /// More than one quantity found where one was expected.
    #[error("{count} quantities found in {text:?}; expected one")]
    Ambiguous {
        /// The input text.
        text: String,
        /// How many were found.
        count: usize,
    },
}

impl QuantityError {
    /// Stable code: `quantity.not_found` or `quantity.ambiguous`.
    pub fn code(&self) -> &'static str {
        match self {
            QuantityError::NotFound(_) => "quantity.not_found",
            QuantityError::Ambiguous { .. } => "quantity.ambiguous",
        }
    }
}

/// Units and measure words, longest first so that `学时` wins over `时`.
const UNITS: &[&str] = &[
    "Mbps", "Gbps", "mbps", "gbps", "个月", "学时", "课时", "小时", "分钟", "%", "％", "个", "所", "人", "名",
    "门", "堂", "部", "间", "期", "家", "条", "节", "年", "项", "套", "次", "场", "件", "位", "份", "台",
    "篇", "本", "天", "周", "款", "支",
];

const PREFIXES: &[(&str, Comparator)] = &[
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("超过", Comparator::MoreThan),
    ("高于", Comparator::MoreThan),
    ("多于", Comparator::MoreThan),
    ("大于", Comparator::MoreThan),
    ("低于", Comparator::LessThan),
    ("少于", Comparator::LessThan),
    ("小于", Comparator::LessThan),
    ("大约", Comparator::About),
    ("约", Comparator::About),
    ("近", Comparator::About),
    ("超", Comparator::MoreThan),
];

const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("左右", Comparator::About),
];

/// Words meaning "all of them" that state a 100% promise (全覆盖 = 100%).
const UNIVERSAL: &[&str] = &["全覆盖", "全接入", "全面覆盖", "全部接入", "所有", "全体"];

/// Markers of a soft promise (a direction rather than a commitment).
pub const SOFT_MARKERS: &[&str] = &["原则上", "探索", "力争", "争取", "逐步", "基本实现"];

/// Markers of an approximate figure.
pub const APPROX_MARKERS: &[&str] = &["左右", "约", "近", "大约"];

/// Whether the text qualifies its promise as soft (原则上, 探索, 力争 …).
pub fn is_soft(text: &str) -> bool {
    SOFT_MARKERS.iter().any(|m| text.contains(m))
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_power(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_power(c).is_some()
}

/// Value of a Chinese numeral such as `三`, `十四`, `二十三`, `一万`, `千万`.
/// Returns `None` for runs that are not one well-formed number (`十四五`).
pub fn chinese_number(s: &str) -> Option<f64> {
    let mut total: u64 = 0; // completed groups of 万 / 亿
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut last_power = u64::MAX;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some_and(|prev| prev != 0) {
                return None; // two digits in a row: 十四五 (零 may precede one: 一百零五)
            }
            digit = Some(d);
        } else if let Some(p) = chinese_power(c) {
            if p >= 10_000 {
                let group = section + digit.take().unwrap_or(0);
                let group = if group == 0 { 1 } else { group };
                total = (total + group).checked_mul(p)?;
                section = 0;
                last_power = u64::MAX;
            } else {
                if p >= last_power {
                    return None;
                }
                section += digit.take().unwrap_or(1) * p;
                last_power = p;
            }
        } else {
            return None;
        }
    }
    Some((total + section + digit.unwrap_or(0)) as f64)
}

fn prev_char(s: &str, at: usize) -> Option<char> {
    s[..at].chars().next_back()
}

/// Reads every quantity in `text`, in order.
pub fn parse_all(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("百分之") {
            let num_start = i + "百分之".len();
            let run_end = scan_run(text, num_start, is_chinese_numeral);
            if let Some(v) = chinese_number(&text[num_start..run_end]) {
                out.push(finish(text, i, run_end, v, "%".to_string()));
                i = run_end;
                continue;
            }
        }
        if let Some(word) = UNIVERSAL.iter().find(|w| rest.starts_with(**w)) {
            out.push(Quantity {
                comparator: Comparator::Reach,
                value: 100.0,
                unit: "%".into(),
                text: (*word).to_string(),
                start: i,
                end: i + word.len(),
            });
            i += word.len();
            continue;
        }
        if c.is_ascii_digit() {
            if let Some((q, next)) = read_arabic(text, i) {
                if let Some(q) = q {
                    out.push(q);
                }
                i = next;
                continue;
            }
        } else if is_chinese_numeral(c) {
            let run_end = scan_run(text, i, is_chinese_numeral);
            if let Some(q) = read_chinese(text, i, run_end) {
                i = q.end;
                out.push(q);
                continue;
            }
            i = run_end;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// Reads exactly one quantity from `text`.
pub fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    let mut all = parse_all(text);
    match all.len() {
        0 => Err(QuantityError::NotFound(text.to_string())),
        1 => Ok(all.remove(0)),
        count => Err(QuantityError::Ambiguous { text: text.to_string(), count }),
    }
}

fn scan_run(text: &str, from: usize, pred: fn(char) -> bool) -> usize {
    let mut end = from;
    for c in text[from..].chars() {
        if !pred(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

fn unit_at(text: &str, at: usize) -> Option<&'static str> {
    UNITS.iter().copied().find(|u| text[at..].starts_with(u))
}

/// Reads an Arabic-numeral figure starting at `start`. Returns the quantity (if the
/// figure is one) and where scanning resumes.
fn read_arabic(text: &str, start: usize) -> Option<(Option<Quantity>, usize)> {
    let int_end = scan_run(text, start, |c| c.is_ascii_digit());
    let mut end = int_end;
    // Decimal part.
    if text[end..].starts_with('.') {
        let frac_end = scan_run(text, end + 1, |c| c.is_ascii_digit());
        if frac_end > end + 1 {
            end = frac_end;
        }
    }
    let number = &text[start..end];
    let skip = Some((None, end));
    // Preceded by a Latin letter: IPv6, WiFi6, 5G's neighbours.
    if prev_char(text, start).is_some_and(|p| p.is_ascii_alphabetic()) {
        return skip;
    }
    // Ordinal: 第3批.
    if prev_char(text, start) == Some('第') {
        return skip;
    }
    let mut value: f64 = number.parse().ok()?;
    // Multipliers: 1000万, 2万, 3亿.
    let mut after = end;
    loop {
        if text[after..].starts_with('万') {
            value *= 10_000.0;
            after += '万'.len_utf8();
        } else if text[after..].starts_with('亿') {
            value *= 100_000_000.0;
            after += '亿'.len_utf8();
        } else {
            break;
        }
    }
    // Ranges and dates: 1--3年级, 2018—2022, 2019-07-09.
    let rest = &text[after..];
    if rest.starts_with('-') || rest.starts_with('—') || rest.starts_with('~') || rest.starts_with('至') {
        let past = rest.trim_start_matches(['-', '—', '~', '至']);
        if past.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let resume = text.len() - past.len();
            let range_end = scan_run(text, resume, |c| c.is_ascii_digit());
            return Some((None, range_end));
        }
    }
    // Megabits written as 100M / 1000兆.
    let unit = if let Some(u) = unit_at(text, after) {
        u
    } else if text[after..].starts_with('兆') {
        "兆"
    } else {
        return skip;
    };
    // Years: 2023年 is a date, 三年 a duration.
    if unit == "年" && number.len() == 4 && after == end {
        return skip;
    }
    let unit_end = after + unit.len();
    let (value, unit) = normalise(value, unit);
    Some((Some(finish(text, start, unit_end, value, unit)), unit_end))
}

fn read_chinese(text: &str, start: usize, run_end: usize) -> Option<Quantity> {
    if matches!(prev_char(text, start), Some('第') | Some('“') | Some('"') | Some('「')) {
        return None;
    }
    let run = &text[start..run_end];
    // 千兆 / 百兆 / 万兆: bandwidth.
    if text[run_end..].starts_with('兆') {
        let v = chinese_number(run)?;
        let end = run_end + '兆'.len_utf8();
        return Some(finish(text, start, end, v, "Mbps".into()));
    }
    let unit = unit_at(text, run_end)?;
    if unit == "%" || unit == "％" || unit.is_ascii() {
        return None;
    }
    // Slogans of the form 一X一Y (一人一空间, 一数一源).
    let unit_end = run_end + unit.len();
    if run == "一" && text[unit_end..].starts_with('一') {
        return None;
    }
    let v = chinese_number(run)?;
    let (value, unit) = normalise(v, unit);
    Some(finish(text, start, unit_end, value, unit))
}

fn normalise(value: f64, unit: &str) -> (f64, String) {
    match unit {
        "Gbps" | "gbps" => (value * 1000.0, "Mbps".into()),
        "mbps" | "兆" => (value, "Mbps".into()),
        "％" => (value, "%".into()),
        "名" => (value, "人".into()),
        u => (value, u.into()),
    }
}

/// Applies the comparator words around `[start, end)` and builds the quantity.
fn finish(text: &str, start: usize, end: usize, value: f64, unit: String) -> Quantity {
    let mut comparator = Comparator::Reach;
    let mut q_start = start;
    let mut q_end = end;
    let before = &text[..start];
    // Allow 达到 / 达 between a prefix comparator and the number (不低于达到 is not
    // idiomatic, but 达到…以上 is): prefixes are checked directly before the number.
    for (word, cmp) in PREFIXES {
        if before.ends_with(word) {
            comparator = *cmp;
            q_start = start - word.len();
            break;
        }
    }
    let after = &text[end..];
    for (word, cmp) in SUFFIXES {
        if after.starts_with(word) {
            // A suffix refines a bare figure; a prefix of the same direction already says it.
            if comparator == Comparator::Reach || *cmp == Comparator::About {
                comparator = *cmp;
            }
            q_end = end + word.len();
            break;
        }
    }
    Quantity { comparator, value, unit, text: text[q_start..q_end].to_string(), start: q_start, end: q_end }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;

    fn one(s: &str) -> (Comparator, f64, String) {
        let q = parse_quantity(s).unwrap_or_else(|e| unreachable!("{s}: {e}"));
        (q.comparator, q.value, q.unit)
    }

    #[test]
    fn reads_the_forms_in_the_documents() {
        let cases: &[(&str, Comparator, f64, &str)] = &[
            ("90%以上", AtLeast, 90.0, "%"),
            ("不少于32学时", AtLeast, 32.0, "学时"),
            ("1000万个", Reach, 10_000_000.0, "个"),
            ("2万名", Reach, 20_000.0, "人"),
            ("约1000个", About, 1000.0, "个"),
            ("100个左右", About, 100.0, "个"),
            ("超过350门", MoreThan, 350.0, "门"),
            ("不低于85%", AtLeast, 85.0, "%"),
            ("千兆到校", Reach, 1000.0, "Mbps"),
            ("百兆到班", Reach, 100.0, "Mbps"),
            ("万兆", Reach, 10_000.0, "Mbps"),
            ("100Mbps以上", AtLeast, 100.0, "Mbps"),
            ("1Gbps", Reach, 1000.0, "Mbps"),
            ("全覆盖", Reach, 100.0, "%"),
            ("70%及以上", AtLeast, 70.0, "%"),
            ("达到97%以上", AtLeast, 97.0, "%"),
            ("5个以上", AtLeast, 5.0, "个"),
            ("三年", Reach, 3.0, "年"),
            ("近千万条", About, 10_000_000.0, "条"),
            ("超万节", MoreThan, 10_000.0, "节"),
            ("约100万部", About, 1_000_000.0, "部"),
            ("90万人", Reach, 900_000.0, "人"),
            ("百分之八十五", Reach, 85.0, "%"),
            ("不超过3次", AtMost, 3.0, "次"),
            ("二十三个", Reach, 23.0, "个"),
            ("85％", Reach, 85.0, "%"),
        ];
        for (text, cmp, value, unit) in cases {
            assert_eq!(one(text), (*cmp, *value, unit.to_string()), "{text}");
        }
    }

    #[test]
    fn ignores_what_is_not_a_quantity() {
        for s in [
            "2023年",
            "第七届",
            "第二十三届",
            "1--3年级",
            "教育信息化2.0",
            "5G",
            "IPv6",
            "WiFi6",
            "“四个意识”",
            "一人一空间",
            "十四五",
            "2019-07-09",
            "(2018—2022)",
            "一批",
        ] {
            assert!(parse_all(s).is_empty(), "{s}: {:?}", parse_all(s));
        }
    }

    #[test]
    fn reads_several_in_a_sentence_with_offsets() {
        let s = "实现各级各类学校网络带宽千兆到校、百兆到班、无线网络覆盖率均达到100%";
        let all = parse_all(s);
        let got: Vec<_> = all.iter().map(|q| (q.value, q.unit.as_str())).collect();
        assert_eq!(got, vec![(1000.0, "Mbps"), (100.0, "Mbps"), (100.0, "%")]);
        for q in &all {
            assert_eq!(&s[q.start..q.end], q.text);
        }
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("十"), Some(10.0));
        assert_eq!(chinese_number("十四"), Some(14.0));
        assert_eq!(chinese_number("二十三"), Some(23.0));
        assert_eq!(chinese_number("一百零五"), Some(105.0));
        assert_eq!(chinese_number("千万"), Some(10_000_000.0));
        assert_eq!(chinese_number("三千二百万"), Some(32_000_000.0));
        assert_eq!(chinese_number("十四五"), None);
        assert_eq!(chinese_number("百千"), None);
    }

    #[test]
    fn single_quantity_errors() {
        assert!(matches!(parse_quantity("没有数字"), Err(QuantityError::NotFound(_))));
        assert!(matches!(parse_quantity("40所和100所"), Err(QuantityError::Ambiguous { count: 2, .. })));
    }
}
