//! Every quantity in a piece of policy prose, with the words that qualify it.
//!
//! A number becomes a quantity only when a unit or measure word follows it (or it is
//! one of the fixed forms: 百分之…, 三分之一, 八成, 一半, 十大, 翻一番, 清零, 全覆盖).
//! What comes around it then decides the rest: comparator words before and after, the
//! verb before (达到 / 提升至: a level; 增长 / 下降: a change; 降至: a level from above),
//! a second number after a dash or 至 (a range), and the contexts in which a number is
//! not a quantity at all (第十届, 2023年, 十四五, 1--3年级, 5G, “四个意识”, 四个一百,
//! 100周年, 一批, 党的二十大).

use super::lexicon::{longest_prefix_of, longest_suffix_of, unit_at, Unit, Verb, PREFIXES, SUFFIXES, VERBS};
use super::numeral::{self, arabic_digit, is_chinese_numeral, number_at, ArabicForm, Decimal, Num, NumeralError};
use super::{Quantity, QuantityError, Relation};
use crate::model::Comparator;

const PROSE: ArabicForm = ArabicForm { grouping: true, exponent: false };

/// Words meaning "all of them" that state a 100% promise (全覆盖 = 100%).
const UNIVERSAL: &[&str] = &["全覆盖", "全接入", "全面覆盖", "全部接入", "所有", "全体"];

/// A standing requirement that something be brought to zero (安全漏洞及时清零).
const TO_ZERO: &[&str] = &["动态清零", "清零", "归零"];

/// Half: 一半, 半数 (= 50%), 过半 (> 50%).
const HALVES: &[(&str, Comparator)] = &[("一半", Comparator::Reach), ("半数", Comparator::Reach), ("过半", Comparator::MoreThan)];

/// Separators of a range: 3至5个, 50%-70%, 3~5所.
const RANGE_SEPARATORS: &[&str] = &["——", "--", "—", "–", "-", "－", "~", "～", "〜", "至", "到"];

/// Characters before 一 with which it forms a word, not a number (统一, 唯一, 进一步).
const ONE_WORDS: &[char] = &['统', '唯', '同', '单', '逐', '专', '划', '归', '合', '之', '万', '进', '纯', '整', '齐', '择', '不', '其', '均'];

/// Words ending in 近 that say where, not how many (附近3所 is three schools nearby).
const NOT_ABOUT: &[&str] = &["附近", "最近", "临近", "邻近", "靠近", "就近"];

/// Characters after N大 that make it a word, not "the N great …" (大学, 大会, 大力, 党的二十大精神).
const NOT_BIG: &[char] = &[
    '学', '会', '力', '幅', '量', '众', '精', '报', '以', '代', '召', '批', '型', '大', '部', '多', '小', '家', '楼', '厅', '队',
    '概', '约', '都', '道', '街', '连', '理', '陆', '同', '全', '师', '开', '胜', '闭', '的',
];

/// Nouns a share written as N成 (八成学校) is commonly followed by.
const CHENG_NOUNS: &[&str] = &["学校", "教师", "学生", "师生", "地区", "区县", "高校", "中小学", "班级", "幼儿园", "家长"];

enum Step {
    /// Nothing here; resume at the offset.
    Skip(usize),
    /// A quantity; resume at the offset.
    Found(Quantity, usize),
    /// A quantity whose figure cannot be represented; resume at the offset.
    Error(QuantityError, usize),
}

/// Every quantity in `text`, in order, and an error for each figure beyond ±2^53.
pub(super) fn scan(text: &str) -> Vec<Result<Quantity, QuantityError>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        let step = fixed_form(text, i).unwrap_or_else(|| {
            if arabic_digit(c).is_some() || is_chinese_numeral(c) {
                quantity_at(text, i)
            } else {
                Step::Skip(i + c.len_utf8())
            }
        });
        let next = match step {
            Step::Skip(n) => n,
            Step::Found(q, n) => {
                out.push(Ok(q));
                n
            }
            Step::Error(e, n) => {
                out.push(Err(e));
                n
            }
        };
        i = next.max(i + c.len_utf8());
    }
    out
}

/// Forms read as a whole: 全覆盖, 清零, 翻一番, 一半.
fn fixed_form(text: &str, i: usize) -> Option<Step> {
    let rest = &text[i..];
    if let Some(w) = UNIVERSAL.iter().find(|w| rest.starts_with(**w)) {
        let q = plain(Comparator::Reach, 100.0, "%", text, i, i + w.len());
        return Some(Step::Found(q, i + w.len()));
    }
    if let Some(w) = TO_ZERO.iter().find(|w| rest.starts_with(**w)) {
        let q = plain(Comparator::AtMost, 0.0, "个", text, i, i + w.len());
        return Some(Step::Found(q, i + w.len()));
    }
    if let Some(t) = rest.strip_prefix('翻') {
        let t = t.strip_prefix('了').unwrap_or(t);
        let (times, after) = match t.strip_prefix('番') {
            Some(a) => (1, a),
            None => {
                let run = t.char_indices().take_while(|&(_, c)| is_chinese_numeral(c)).last().map_or(0, |(j, c)| j + c.len_utf8());
                let n = numeral::chinese(&t[..run]).ok()?.to_f64().ok()?;
                let after = t[run..].strip_prefix('番')?;
                if n.fract() != 0.0 || !(1.0..=10.0).contains(&n) {
                    return None;
                }
                (n as i32, after)
            }
        };
        let end = text.len() - after.len();
        let q = finish(text, i, end, 2f64.powi(times), None, "倍", Shape { relation: Some(Relation::Multiple), ..Shape::default() });
        return Some(Step::Found(q, end));
    }
    if let Some((w, cmp)) = longest_prefix_of(rest, HALVES) {
        let end = i + w.len();
        let q = finish(text, i, end, 50.0, None, "%", Shape { more: cmp == Comparator::MoreThan, ..Shape::default() });
        return Some(Step::Found(q, end));
    }
    None
}

fn plain(comparator: Comparator, value: f64, unit: &str, text: &str, start: usize, end: usize) -> Quantity {
    Quantity {
        comparator,
        value,
        high: None,
        unit: unit.into(),
        relation: Relation::Level,
        text: text[start..end].to_string(),
        start,
        end,
    }
}

/// The character before `at`, spaces skipped.
fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].trim_end().chars().next_back()
}

/// Byte offset of the first non-space character at or after `at`.
fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + (rest.len() - rest.trim_start().len())
}

fn to_value(value: Result<Decimal, NumeralError>, exp: i32) -> Result<f64, NumeralError> {
    value.and_then(|d| d.shift(exp).to_f64())
}

/// The quantity `build` makes of a value; nothing for a malformed numeral (十四五个); an
/// error for a figure beyond ±2^53.
fn step(text: &str, start: usize, end: usize, value: Result<f64, NumeralError>, build: impl FnOnce(f64) -> Quantity) -> Step {
    match value {
        Ok(v) => Step::Found(build(v), end),
        Err(NumeralError::Malformed) => Step::Skip(end),
        Err(NumeralError::TooLarge) => Step::Error(QuantityError::OutOfRange { text: text[start..end].to_string() }, end),
    }
}

fn quantity_at(text: &str, i: usize) -> Step {
    let first_len = text[i..].chars().next().map_or(1, char::len_utf8);
    let Some(n) = number_at(text, i, PROSE) else { return Step::Skip(i + first_len) };
    let prev = prev_char(text, i);
    // IPv6, WiFi6, V2.0, GB/T 2260; 第3批, 第十届.
    if (!n.chinese() && prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.')) || prev == Some('第') {
        return Step::Skip(n.end);
    }
    if n.chinese() {
        if n.run == "一" && prev.is_some_and(|p| ONE_WORDS.contains(&p)) {
            return Step::Skip(n.end);
        }
        if let Some(step) = fraction(text, i, &n).or_else(|| great_n(text, i, &n)).or_else(|| cheng(text, i, &n)) {
            return step;
        }
        // Quoted slogans: “四个意识”, “一师一优课”.
        if prev.is_some_and(|p| matches!(p, '“' | '"' | '「' | '『' | '‘' | '《')) {
            return Step::Skip(n.end);
        }
    }
    let unit1 = unit_at(text, skip_spaces(text, n.end));
    if let Some(step) = range(text, i, &n, unit1) {
        return step;
    }
    let Some(unit) = unit1 else { return Step::Skip(n.end) };
    // Named programmes: 四个一百, 两个一百年 — the number after 个 is part of the name.
    if unit.unit == "个" && n.chinese() && text[unit.end..].starts_with(is_chinese_numeral) {
        let end = number_at(text, unit.end, PROSE).map_or(unit.end, |m| unit_at(text, m.end).map_or(m.end, |u| u.end));
        return Step::Skip(end);
    }
    if !is_quantity(text, &n, &unit, prev) {
        return Step::Skip(unit.end);
    }
    step(text, i, unit.end, to_value(n.value, unit.exp), |v| finish(text, i, unit.end, v, None, unit.unit, Shape::of(&n, &unit)))
}

/// The contexts in which a number followed by a unit is still not a quantity.
fn is_quantity(text: &str, n: &Num<'_>, unit: &Unit, prev: Option<char>) -> bool {
    let after = &text[unit.end..];
    let next = after.chars().next();
    let year_unit = matches!(unit.unit, "年" | "学年");
    !((n.chinese() && unit.is_ascii())                       // 五G, 十%
        || (year_unit && n.year_like)                          // 2023年, 2023 年度
        || (unit.unit == "年" && matches!(n.run, "百" | "千" | "万")) // 百年大计
        || (unit.written == "G" && n.one_digit.is_some_and(|d| (2..=6).contains(&d))) // 5G
        || (unit.unit == "期" && n.chinese()                   // 一、二期; 三期142间; 二期工程
            && (prev == Some('、') || next.is_some_and(|c| arabic_digit(c).is_some() || is_chinese_numeral(c))
                || after.starts_with("工程") || after.starts_with("项目")))
        || (n.run == "一" && unit.unit == "批")                 // 一批: "some"
        || (n.run == "一" && after.starts_with('一'))           // 一人一空间, 一数一源
        || (prev == Some('前') && matches!(unit.unit, "人" | "位"))) // 前10名: a rank
}

/// 三分之一, 百分之九十七点六, 千分之五: a share in percent.
fn fraction(text: &str, i: usize, n: &Num<'_>) -> Option<Step> {
    let at = n.end;
    let numerator_at = at + text[at..].strip_prefix("分之").map(|_| "分之".len())?;
    if n.more {
        return None;
    }
    let m = number_at(text, numerator_at, PROSE)?;
    if m.more {
        return None;
    }
    let end = m.end;
    let value = match to_value(n.value, 0) {
        Ok(100.0) => to_value(m.value, 0),
        Ok(1000.0) => to_value(m.value, -1),
        Ok(d) if d > 0.0 => to_value(m.value, 0).and_then(|v| numeral::bounded(100.0 * v / d)),
        Ok(_) => Err(NumeralError::Malformed),
        Err(e) => Err(e),
    };
    Some(step(text, i, end, value, |v| finish(text, i, end, v, None, "%", Shape::default())))
}

/// 十大特色案例, 四大关键基础数据库: the N great …, a count of N.
fn great_n(text: &str, i: usize, n: &Num<'_>) -> Option<Step> {
    let v = n.small_integer().filter(|v| (2..=10).contains(v) && !n.more)?;
    let after = text[n.end..].strip_prefix('大')?;
    let c = after.chars().next()?;
    if NOT_BIG.contains(&c) || !is_cjk(c) || text[..i].ends_with("党的") {
        return None;
    }
    let end = text.len() - after.len();
    Some(Step::Found(finish(text, i, end, f64::from(v), None, "个", Shape::default()), end))
}

/// 八成, 九成以上: tenths, as a share in percent.
fn cheng(text: &str, i: usize, n: &Num<'_>) -> Option<Step> {
    let v = n.small_integer().filter(|v| (1..=10).contains(v) && !n.more)?;
    let after = text[n.end..].strip_prefix('成')?;
    let fits = match after.chars().next() {
        None => true,
        Some(c) if !is_cjk(c) => true,
        Some(c) => matches!(c, '以' | '左' | '上' | '多' | '的' | '及') || CHENG_NOUNS.iter().any(|w| after.starts_with(w)),
    };
    if !fits || (n.run == "一" && after.starts_with("不变")) {
        return None;
    }
    let end = text.len() - after.len();
    Some(Step::Found(finish(text, i, end, f64::from(v) * 10.0, None, "%", Shape::default()), end))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// 3至5个, 50%-70%, 三到五所: one quantity from its low to its high end. Dates and year
/// spans (2019-07-09, 2018—2022, 2021-2025年) and grade spans (1--3年级) are skipped.
fn range(text: &str, i: usize, n: &Num<'_>, unit1: Option<Unit>) -> Option<Step> {
    let after1 = unit1.map_or(n.end, |u| u.end);
    let sep = RANGE_SEPARATORS.iter().filter(|w| text[after1..].starts_with(**w)).max_by_key(|w| w.len())?;
    let n2 = number_at(text, skip_spaces(text, after1 + sep.len()), PROSE)?;
    let Some(unit2) = unit_at(text, skip_spaces(text, n2.end)) else {
        return unit1.is_none().then_some(Step::Skip(n2.end));
    };
    if unit1.is_some_and(|u| u.unit != unit2.unit) {
        return None;
    }
    if (matches!(unit2.unit, "年" | "学年") && (n.year_like || n2.year_like)) || (n.chinese() && unit2.is_ascii()) {
        return Some(Step::Skip(unit2.end));
    }
    let end = unit2.end;
    let bounds = to_value(n.value, unit2.exp).and_then(|lo| Ok((lo, to_value(n2.value, unit2.exp)?)));
    let shape = Shape { more: n.more || n2.more, default: Comparator::AtLeast, ..Shape::of(&n2, &unit2) };
    Some(match bounds {
        Ok((lo, hi)) if lo > hi => Step::Skip(end),
        bounds => step(text, i, end, bounds.map(|(lo, _)| lo), |lo| {
            let hi = bounds.map_or(lo, |(_, hi)| hi);
            finish(text, i, end, lo, Some(hi), unit2.unit, shape)
        }),
    })
}

/// What the scanner knows about a figure besides its value, for [`finish`].
#[derive(Clone, Copy)]
struct Shape {
    /// 余 / 多 was written.
    more: bool,
    /// The comparator when no word gives one: `reach`, or `at_least` for a range.
    default: Comparator,
    /// Fixed by the form itself (翻一番 is a multiple).
    relation: Option<Relation>,
    /// The unit is one of time (近三年 is "the last three years"; 三年内 is "within").
    time: bool,
}

impl Default for Shape {
    fn default() -> Self {
        Shape { more: false, default: Comparator::Reach, relation: None, time: false }
    }
}

impl Shape {
    fn of(n: &Num<'_>, unit: &Unit) -> Self {
        Shape { more: n.more, time: unit.is_time(), ..Shape::default() }
    }
}

/// Applies the words around `[start, end)` — comparators, 余, the verb — and builds the quantity.
fn finish(text: &str, start: usize, end: usize, value: f64, high: Option<f64>, unit: &str, shape: Shape) -> Quantity {
    // Before: [comparator] [verb] [了] [comparator] number.
    let mut q_start = start;
    let mut at = text[..start].trim_end().len();
    let mut prefix = None;
    let take_prefix = |at: &mut usize, q_start: &mut usize| {
        let before = &text[..*at];
        if NOT_ABOUT.iter().any(|w| before.ends_with(w)) {
            return None;
        }
        let (w, cmp) = longest_suffix_of(before, PREFIXES)?;
        *at -= w.len();
        *q_start = *at;
        *at = text[..*at].trim_end().len();
        Some((w, cmp))
    };
    if let Some(p) = take_prefix(&mut at, &mut q_start) {
        prefix = Some(p);
    }
    let le = text[..at].strip_suffix('了').map_or(at, |s| s.len());
    let verb = longest_suffix_of(&text[..le], VERBS).map(|(w, v)| {
        at = le - w.len();
        q_start = at;
        v
    });
    if prefix.is_none() && verb.is_some() {
        prefix = take_prefix(&mut at, &mut q_start);
    }
    let mut comparator = prefix.map_or(shape.default, |(_, c)| c);
    // 近三年 is the last three years, not about three.
    if shape.time && prefix.is_some_and(|(w, _)| w == "近") {
        comparator = shape.default;
    }
    let mut explicit = prefix.is_some() && comparator != shape.default;
    if !explicit && shape.more {
        comparator = Comparator::MoreThan;
        explicit = true;
    }
    // After: 以上, 以内, 左右 …; 内 after a span of time (三年内).
    let mut q_end = end;
    let after = &text[end..];
    let trimmed = after.trim_start();
    let suffix = longest_prefix_of(trimmed, SUFFIXES).or_else(|| {
        (shape.time && trimmed.starts_with('内')).then_some(("内", Comparator::AtMost))
    });
    if let Some((w, cmp)) = suffix {
        if !explicit || cmp == Comparator::About {
            comparator = cmp;
            explicit = true;
        }
        q_end = end + (after.len() - trimmed.len()) + w.len();
    }
    let mut value = value;
    let relation = match (shape.relation, verb) {
        (Some(r), _) => r,
        (None, v) if unit == "倍" => match v {
            // 增长一倍 is twice the base; 增长到两倍 and 两倍 are twice.
            Some(Verb::By(Relation::Increase)) => {
                value += 1.0;
                Relation::Multiple
            }
            Some(Verb::By(Relation::Decrease)) => Relation::Decrease,
            _ => Relation::Multiple,
        },
        (None, Some(Verb::To(r) | Verb::By(r))) => r,
        (None, Some(Verb::DownTo)) => {
            if !explicit {
                comparator = Comparator::AtMost;
            }
            Relation::Level
        }
        (None, None) => Relation::Level,
    };
    Quantity {
        comparator,
        value,
        high,
        unit: unit.to_string(),
        relation,
        text: text[q_start..q_end].to_string(),
        start: q_start,
        end: q_end,
    }
}
