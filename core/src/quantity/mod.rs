//! Reading quantities and comparators out of Chinese policy prose, and single reported
//! figures as officials write them.
//!
//! ```
//! use zhibiao::quantity::{parse_all, parse_quantity, Relation};
//! use zhibiao::Comparator;
//!
//! let q = parse_quantity("90%以上").unwrap();
//! assert_eq!((q.comparator, q.value, q.unit.as_str()), (Comparator::AtLeast, 90.0, "%"));
//!
//! let q = parse_quantity("不少于32学时").unwrap();
//! assert_eq!((q.comparator, q.value, q.unit.as_str()), (Comparator::AtLeast, 32.0, "学时"));
//!
//! let all = parse_all("新增1000万个，遴选100个左右的精品资源");
//! assert_eq!((all[0].value, all[0].relation), (10_000_000.0, Relation::Increase));
//! assert_eq!(all[1].comparator, Comparator::About);
//!
//! let gig = parse_quantity("千兆到校").unwrap();
//! assert_eq!((gig.value, gig.unit.as_str()), (1000.0, "Mbps"));
//!
//! let r = parse_quantity("50%-70%").unwrap();
//! assert_eq!((r.comparator, r.value, r.high), (Comparator::AtLeast, 50.0, Some(70.0)));
//!
//! let q = parse_quantity("增长10%").unwrap();
//! assert_eq!((q.relation, q.value), (Relation::Increase, 10.0));
//! let q = parse_quantity("提升至95%").unwrap();
//! assert_eq!((q.relation, q.value), (Relation::Level, 95.0));
//! ```
//!
//! The reader is deliberately conservative: a number becomes a quantity only when a
//! unit or measure word follows it, or it is one of the fixed forms (百分之…, 三分之一,
//! 八成, 一半, 十大, 翻一番, 清零, 全覆盖). Years (`2023年`), ordinals (`第七届`), spans
//! of years and grades (`2021-2025年`, `1--3年级`), version numbers (`2.0`), technology
//! names (`5G`, `IPv6`), anniversaries (`100周年`), quoted slogans (`“四个意识”`,
//! `一人一空间`), named programmes (`四个一百`) and party congresses (`二十大`) are not
//! quantities.
//!
//! Numerals are read exactly (see [`chinese_number`]): `两亿五千万` is 250 000 000; a
//! figure beyond ±2^53 is an error ([`QuantityError::OutOfRange`] from [`try_parse_all`]
//! and [`read_figure`]), never a wrapped or infinite number.
//!
//! | written | comparator | relation | read as |
//! |---|---|---|---|
//! | 以上, 及以上, 不少于, 不低于, 至少, 最少, 不得少于, ≥ | `at_least` | | |
//! | 超过, 超, 逾, 高于, 多于, 大于, >; 千余所, 10余个, 100多万 (余 / 多) | `more_than` | | |
//! | 以下, 以内, 之内, 不超过, 不高于, 最多, 至多, 控制在, ≤; 三年内 | `at_most` | | |
//! | 低于, 少于, 不足, 不到, 未满, < | `less_than` | | |
//! | 左右, 上下, 约, 大约, 近, 将近, 接近, ≈ (近三年 is a span: `reach`) | `about` | | |
//! | a bare figure: 40所, 100%, 千兆, 全覆盖 | `reach` | `level` | |
//! | 达到, 提高到, 提升至, 增长到 … | | `level` | |
//! | 降至, 降低到, 减少到 … (a bare figure is a maximum) | `at_most` | `level` | |
//! | 增长, 增加, 提高, 提升, 新增 … (the change itself) | | `increase` | |
//! | 下降, 降低, 减少, 压减 … | | `decrease` | |
//! | 翻一番 / 翻两番; 两倍; 增长一倍 (twice the base) | | `multiple` | 2 / 4; 2; 2 `倍` |
//! | 3至5个, 50%-70%, 3~5所 | `at_least` | | value 3, high 5 |
//! | 清零, 动态清零, 归零 | `at_most` | `level` | 0 `个` |
//! | 十大, 四大 (十大特色案例) | `reach` | | 10 `个` |
//! | 三分之一, 一半, 过半, 八成, 百分之八十五, 千分之五 | | | 33.3…, 50, > 50, 80, 85, 0.5 `%` |
//! | 1.5亿元, 500万元 | | | 150 000 000, 5 000 000 `元` |
//! | 1000M, 100M以上, 10G, 1Gbps, 千兆, 万兆 | | | 1000, ≥ 100, 10 000, 1000, 1000, 10 000 `Mbps` |
//! | 提高5个百分点 | | `increase` | 5 `百分点` |

mod figure;
mod lexicon;
mod numeral;
mod prose;

pub use figure::{read_figure, Figure, Qualifier};
pub use numeral::MAX_MAGNITUDE;

use crate::model::Comparator;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of figure a quantity is: a level to reach or hold, or a change from a base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The figure is the level itself: 达到95%, 提升至95%, 遴选100所, a bare figure.
    Level,
    /// The figure is an increase over a base: 增长10%, 提高5个百分点, 新增1000万个.
    Increase,
    /// The figure is a decrease from a base: 下降10%, 减少一半.
    Decrease,
    /// The figure is a multiple of a base (unit `倍`): 翻一番 = 2, 翻两番 = 4, 增长一倍 = 2.
    Multiple,
}

/// A figure read from text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Quantity {
    /// How the figure is qualified (以上, 不少于, 左右 …); `reach` when bare; `at_least`
    /// for a range (its low end is the promise).
    pub comparator: Comparator,
    /// The figure, with multipliers applied (`1000万` = 10 000 000); the low end of a range.
    pub value: f64,
    /// The high end of a range (`3至5个`: 5), null otherwise.
    pub high: Option<f64>,
    /// Normalised unit: `%`, `Mbps`, `学时`, `元`, `倍`, `百分点` (percentage points), or
    /// the measure word as written (`所`, `个`, `门`); `名` is read as `人`.
    pub unit: String,
    /// Whether the figure is a level or a change (increase, decrease, multiple).
    pub relation: Relation,
    /// The text the quantity was read from, comparator words and verb included.
    pub text: String,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// Byte offset just past `text` in the input.
    pub end: usize,
}

/// Why a string is not a single quantity or figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// No quantity found in the text.
    #[error("no quantity found in {}", shorten(.0))]
    NotFound(String),
    /// More than one quantity found where one was expected.
    #[error("{count} quantities found in {}; expected one", shorten(text))]
    Ambiguous {
        /// The input text.
        text: String,
        /// How many were found.
        count: usize,
    },
    /// A figure beyond ±2^53 ([`MAX_MAGNITUDE`]), which cannot be held exactly.
    #[error("the figure {} is out of range: figures are read up to ±9007199254740992 (2^53)", shorten(text))]
    OutOfRange {
        /// The figure as written.
        text: String,
    },
    /// Not exactly one figure ([`read_figure`]): text after it, a range, conflicting
    /// qualifiers, a zero denominator.
    #[error("{} is not one figure: {reason}", shorten(text))]
    BadFigure {
        /// The input text.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The text quoted in a message, cut to 60 characters (a 10 MB cell is not echoed whole).
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

impl QuantityError {
    /// Stable code: `quantity.not_found`, `quantity.ambiguous`, `quantity.out_of_range` or
    /// `quantity.bad_figure`.
    pub fn code(&self) -> &'static str {
        match self {
            QuantityError::NotFound(_) => "quantity.not_found",
            QuantityError::Ambiguous { .. } => "quantity.ambiguous",
            QuantityError::OutOfRange { .. } => "quantity.out_of_range",
            QuantityError::BadFigure { .. } => "quantity.bad_figure",
        }
    }
}

/// Markers of a soft promise (a direction rather than a commitment).
pub const SOFT_MARKERS: &[&str] = &["原则上", "探索", "力争", "争取", "逐步", "基本实现"];

/// Markers of an approximate figure.
pub const APPROX_MARKERS: &[&str] = &["左右", "约", "近", "大约", "将近", "接近", "上下"];

/// Whether the text qualifies its promise as soft (原则上, 探索, 力争 …).
pub fn is_soft(text: &str) -> bool {
    SOFT_MARKERS.iter().any(|m| text.contains(m))
}

/// Value of a Chinese numeral, read exactly: `三`, `十四`, `二十三`, `一千零一`, `十万`,
/// `两亿五千万` (250 000 000), `一亿零五百万`, `一万五` (15 000), `一点五亿`, financial
/// `壹仟贰佰` and traditional `萬` / `億`. `None` for runs that are not one well-formed
/// number (`十四五`, `百千`) and for numbers beyond [`MAX_MAGNITUDE`].
pub fn chinese_number(s: &str) -> Option<f64> {
    numeral::chinese(s).and_then(numeral::Decimal::to_f64).ok()
}

/// Reads every quantity in `text`, in order. A figure beyond ±2^53 is left out; use
/// [`try_parse_all`] to be told about it.
pub fn parse_all(text: &str) -> Vec<Quantity> {
    prose::scan(text).into_iter().filter_map(Result::ok).collect()
}

/// Reads every quantity in `text`, in order, failing on the first figure beyond ±2^53.
///
/// # Errors
///
/// [`QuantityError::OutOfRange`] naming the figure.
pub fn try_parse_all(text: &str) -> Result<Vec<Quantity>, QuantityError> {
    prose::scan(text).into_iter().collect()
}

/// Reads exactly one quantity from `text`.
///
/// # Errors
///
/// [`QuantityError::NotFound`], [`QuantityError::Ambiguous`] or [`QuantityError::OutOfRange`].
pub fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    let mut all = try_parse_all(text)?;
    match all.len() {
        0 => Err(QuantityError::NotFound(text.to_string())),
        1 => Ok(all.remove(0)),
        count => Err(QuantityError::Ambiguous { text: text.to_string(), count }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;
    use Relation::*;

    fn one(s: &str) -> (Comparator, f64, String) {
        let q = parse_quantity(s).unwrap_or_else(|e| unreachable!("{s}: {e}"));
        (q.comparator, q.value, q.unit)
    }

    fn full(s: &str) -> (Comparator, f64, Option<f64>, String, Relation) {
        let q = parse_quantity(s).unwrap_or_else(|e| unreachable!("{s}: {e}"));
        (q.comparator, q.value, q.high, q.unit, q.relation)
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

    /// One case per form of issue 10 §4, and the class each stands for.
    #[test]
    fn bounds() {
        let cases: &[(&str, Comparator, f64, &str)] = &[
            ("不足10%", LessThan, 10.0, "%"),
            ("不到5%", LessThan, 5.0, "%"),
            ("低于5%", LessThan, 5.0, "%"),
            ("未满18周岁", LessThan, 18.0, "岁"),
            ("控制在5%以内", AtMost, 5.0, "%"),
            ("3年以内", AtMost, 3.0, "年"),
            ("三年内", AtMost, 3.0, "年"),
            ("至少1名", AtLeast, 1.0, "人"),
            ("最少2名", AtLeast, 2.0, "人"),
            ("不得少于32学时", AtLeast, 32.0, "学时"),
            ("不得超过3次", AtMost, 3.0, "次"),
            ("最多3次", AtMost, 3.0, "次"),
            ("至少达到95%", AtLeast, 95.0, "%"),
            ("≥95%", AtLeast, 95.0, "%"),
            ("100人上下", About, 100.0, "人"),
            ("将近100所", About, 100.0, "所"),
            ("逾千所", MoreThan, 1000.0, "所"),
        ];
        for (text, cmp, value, unit) in cases {
            assert_eq!(one(text), (*cmp, *value, unit.to_string()), "{text}");
        }
    }

    #[test]
    fn more_than_with_yu_and_duo() {
        let cases: &[(&str, f64, &str)] = &[
            ("千余所", 1000.0, "所"),
            ("10余个", 10.0, "个"),
            ("百余门", 100.0, "门"),
            ("1000多所", 1000.0, "所"),
            ("100多万人", 1_000_000.0, "人"),
            ("10余万人", 100_000.0, "人"),
            ("12万余人", 120_000.0, "人"),
            ("两千多万元", 20_000_000.0, "元"),
        ];
        for (text, value, unit) in cases {
            assert_eq!(one(text), (MoreThan, *value, unit.to_string()), "{text}");
        }
    }

    #[test]
    fn levels_and_changes_are_told_apart() {
        let cases: &[(&str, Comparator, f64, &str, Relation)] = &[
            ("增长10%", Reach, 10.0, "%", Increase),
            ("年均增长10%以上", AtLeast, 10.0, "%", Increase),
            ("同比增加了5%", Reach, 5.0, "%", Increase),
            ("提高5个百分点", Reach, 5.0, "百分点", Increase),
            ("新增1000万个", Reach, 10_000_000.0, "个", Increase),
            ("提升至95%", Reach, 95.0, "%", Level),
            ("提高到90%以上", AtLeast, 90.0, "%", Level),
            ("达到100%", Reach, 100.0, "%", Level),
            ("增长率达到10%", Reach, 10.0, "%", Level),
            ("下降10%", Reach, 10.0, "%", Decrease),
            ("减少一半", Reach, 50.0, "%", Decrease),
            ("降至5%", AtMost, 5.0, "%", Level),
            ("降低到3%以下", AtMost, 3.0, "%", Level),
            ("翻一番", Reach, 2.0, "倍", Multiple),
            ("翻两番", Reach, 4.0, "倍", Multiple),
            ("翻了一番", Reach, 2.0, "倍", Multiple),
            ("力争翻番", Reach, 2.0, "倍", Multiple),
            ("两倍", Reach, 2.0, "倍", Multiple),
            ("增长一倍", Reach, 2.0, "倍", Multiple),
            ("增长到3倍", Reach, 3.0, "倍", Multiple),
            ("增长超过10%", MoreThan, 10.0, "%", Increase),
        ];
        for (text, cmp, value, unit, rel) in cases {
            let (c, v, _, u, r) = full(text);
            assert_eq!((c, v, u.as_str(), r), (*cmp, *value, *unit, *rel), "{text}");
        }
    }

    #[test]
    fn ranges_are_one_quantity() {
        let cases: &[(&str, Comparator, f64, f64, &str)] = &[
            ("50%-70%", AtLeast, 50.0, 70.0, "%"),
            ("50%～70%", AtLeast, 50.0, 70.0, "%"),
            ("3至5个", AtLeast, 3.0, 5.0, "个"),
            ("3-5个", AtLeast, 3.0, 5.0, "个"),
            ("三至五所", AtLeast, 3.0, 5.0, "所"),
            ("3到5所", AtLeast, 3.0, 5.0, "所"),
            ("2至3年", AtLeast, 2.0, 3.0, "年"),
            ("100M-1000M", AtLeast, 100.0, 1000.0, "Mbps"),
            ("3至5个左右", About, 3.0, 5.0, "个"),
        ];
        for (text, cmp, lo, hi, unit) in cases {
            let (c, v, h, u, _) = full(text);
            assert_eq!((c, v, h, u.as_str()), (*cmp, *lo, Some(*hi), *unit), "{text}");
        }
        let all = parse_all("遴选100所到2025年");
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!((all[0].value, all[0].high), (100.0, None));
    }

    #[test]
    fn money_bandwidth_counts_shares_and_zero() {
        let cases: &[(&str, Comparator, f64, &str)] = &[
            ("1.5亿元", Reach, 150_000_000.0, "元"),
            ("500万元", Reach, 5_000_000.0, "元"),
            ("每生每年不低于300元", AtLeast, 300.0, "元"),
            ("五百万元", Reach, 5_000_000.0, "元"),
            ("1000M", Reach, 1000.0, "Mbps"),
            ("1000M到校", Reach, 1000.0, "Mbps"),
            ("100M以上", AtLeast, 100.0, "Mbps"),
            ("10G", Reach, 10_000.0, "Mbps"),
            ("出口带宽10G以上", AtLeast, 10_000.0, "Mbps"),
            ("10GE", Reach, 10_000.0, "Mbps"),
            ("1000兆", Reach, 1000.0, "Mbps"),
            ("10Mb/s", Reach, 10.0, "Mbps"),
            ("存储1PB", Reach, 1.0, "PB"),
            ("十大特色案例", Reach, 10.0, "个"),
            ("遴选年度“十大特色案例”", Reach, 10.0, "个"),
            ("四大关键基础数据库", Reach, 4.0, "个"),
            ("三分之一", Reach, 100.0 / 3.0, "%"),
            ("三分之二以上", AtLeast, 200.0 / 3.0, "%"),
            ("一半以上", AtLeast, 50.0, "%"),
            ("半数以上", AtLeast, 50.0, "%"),
            ("过半", MoreThan, 50.0, "%"),
            ("八成以上学校", AtLeast, 80.0, "%"),
            ("九成", Reach, 90.0, "%"),
            ("千分之五", Reach, 0.5, "%"),
            ("百分之九十七点六", Reach, 97.6, "%"),
            ("安全漏洞及时清零", AtMost, 0.0, "个"),
            ("动态清零", AtMost, 0.0, "个"),
            ("1,291所", Reach, 1291.0, "所"),
            ("９７．６％", Reach, 97.6, "%"),
            ("5‰", Reach, 0.5, "%"),
            ("两亿五千万个", Reach, 250_000_000.0, "个"),
            ("100 所", Reach, 100.0, "所"),
            ("5个部门", Reach, 5.0, "个"),
            ("教育部等五部门", Reach, 5.0, "部门"),
            ("10万人次", Reach, 100_000.0, "人次"),
        ];
        for (text, cmp, value, unit) in cases {
            assert_eq!(one(text), (*cmp, *value, unit.to_string()), "{text}");
        }
        let zero = parse_quantity("动态清零").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(zero.text, "动态清零");
    }

    #[test]
    fn ignores_what_is_not_a_quantity() {
        for s in [
            "2023年",
            "2023 年",
            "2023年度",
            "2019年底",
            "二〇二三年",
            "2021-2025年",
            "2022-2023学年",
            "第七届",
            "第二十三届",
            "第十届",
            "第3批",
            "第一批",
            "1--3年级",
            "三年级",
            "九年一贯制学校",
            "教育信息化2.0",
            "5G",
            "推进 5G、WiFi6",
            "IPv6",
            "WiFi6",
            "“四个意识”",
            "“三个课堂”",
            "一人一空间",
            "十四五",
            "“十四五”规划",
            "2019-07-09",
            "(2018—2022)",
            "一批",
            "一大批",
            "四个一百",
            "“四个一百”工程",
            "两个一百年",
            "庆祝建党100周年",
            "中国共产党成立100周年",
            "党的二十大精神",
            "党的十九大和十九届历次全会精神",
            "党的十大",
            "百年大计",
            "按照教育部统一部署",
            "统一认证和统一门户",
            "一课一名师",
            "一次性",
            "进入前10名",
            "一、二期云教室",
            "GB/T 2260",
            "成教函〔2021〕57号",
            "3月18日",
            "一成不变",
            "形成",
            "附近",
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
        let s = "开放大学完成三期142间云教室建设,实现与一、二期云教室的对接";
        let got: Vec<_> = parse_all(s).iter().map(|q| (q.value, q.unit.clone())).collect();
        assert_eq!(got, vec![(142.0, "间".to_string())]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("十"), Some(10.0));
        assert_eq!(chinese_number("十四"), Some(14.0));
        assert_eq!(chinese_number("二十三"), Some(23.0));
        assert_eq!(chinese_number("一百零五"), Some(105.0));
        assert_eq!(chinese_number("千万"), Some(10_000_000.0));
        assert_eq!(chinese_number("三千二百万"), Some(32_000_000.0));
        assert_eq!(chinese_number("两亿五千万"), Some(250_000_000.0));
        assert_eq!(chinese_number("一亿零五百万"), Some(105_000_000.0));
        assert_eq!(chinese_number("十万"), Some(100_000.0));
        assert_eq!(chinese_number("一千零一"), Some(1001.0));
        assert_eq!(chinese_number("十四五"), None);
        assert_eq!(chinese_number("百千"), None);
        assert_eq!(chinese_number("九千九百九十九万亿"), None);
    }

    #[test]
    fn single_quantity_errors() {
        assert!(matches!(parse_quantity("没有数字"), Err(QuantityError::NotFound(_))));
        assert!(matches!(parse_quantity("40所和100所"), Err(QuantityError::Ambiguous { count: 2, .. })));
        let nines = format!("{}个", "9".repeat(400));
        let e = parse_quantity(&nines).err();
        assert_eq!(e.as_ref().map(QuantityError::code), Some("quantity.out_of_range"), "{e:?}");
        assert!(parse_all(&nines).is_empty());
        assert!(try_parse_all(&format!("共{nines}，另有5所")).is_err());
        assert_eq!(parse_all(&format!("共{nines}，另有5所")).len(), 1);
        assert_eq!(parse_quantity("18446744073709551617个").err().map(|e| e.code()), Some("quantity.out_of_range"));
        assert_eq!(one("9007199254740992个"), (Reach, 9_007_199_254_740_992.0, "个".into()));
    }
}
