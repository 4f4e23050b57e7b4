//! One reported figure as officials and statistical bulletins write it.
//!
//! ```
//! use zhibiao::quantity::{read_figure, Qualifier};
//!
//! let f = read_figure("10397万").unwrap();
//! assert_eq!((f.value, f.unit, f.qualifier), (103_970_000.0, None, Qualifier::Exact));
//!
//! let f = read_figure("超过70%").unwrap();
//! assert_eq!((f.value, f.unit.as_deref(), f.qualifier), (70.0, Some("%"), Qualifier::MoreThan));
//!
//! let f = read_figure("９７．６ ％").unwrap();
//! assert_eq!((f.value, f.unit.as_deref()), (97.6, Some("%")));
//!
//! let f = read_figure("118/120").unwrap();
//! assert_eq!((f.numerator, f.denominator), (Some(118.0), Some(120.0)));
//! ```
//!
//! Where [`super::parse_all`] looks for every quantity in a sentence, [`read_figure`]
//! reads a whole cell — a value column of a report, a figure in a bulletin — as exactly
//! one figure, and says why when it is not one.

use super::lexicon::{longest_prefix_of, unit_at, PREFIXES, SUFFIXES};
use super::numeral::{self, arabic_digit, number_at, ArabicForm, Decimal, Num, NumeralError, MAX_MAGNITUDE, MORE_MARKERS};
use super::QuantityError;
use crate::model::Comparator;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a reported figure is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// A bare figure: `97.6%`, `1,291`.
    Exact,
    /// 以上, 不少于, 至少, ≥: the true value is at least the figure.
    AtLeast,
    /// 超过, 逾, 余, 多, >: more than the figure.
    MoreThan,
    /// 以下, 以内, 不超过, 最多, ≤: at most the figure.
    AtMost,
    /// 不足, 低于, 不到, <: less than the figure.
    LessThan,
    /// 约, 近, 左右, 接近, ≈: about the figure.
    About,
}

impl Qualifier {
    /// Machine name (`exact`, `at_least`, …).
    pub fn code(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtMost => "at_most",
            Qualifier::LessThan => "less_than",
            Qualifier::About => "about",
        }
    }

    fn of(c: Comparator) -> Self {
        match c {
            Comparator::AtLeast => Qualifier::AtLeast,
            Comparator::MoreThan => Qualifier::MoreThan,
            Comparator::AtMost => Qualifier::AtMost,
            Comparator::LessThan => Qualifier::LessThan,
            Comparator::About => Qualifier::About,
            Comparator::Reach => Qualifier::Exact,
        }
    }

    /// Two qualifiers of one figure: the same direction narrows (超过70%以上 is more than
    /// 70%), opposite directions or a bound with 约 conflict.
    fn and(self, other: Qualifier) -> Option<Qualifier> {
        use Qualifier::*;
        match (self, other) {
            (Exact, q) | (q, Exact) => Some(q),
            (a, b) if a == b => Some(a),
            (AtLeast, MoreThan) | (MoreThan, AtLeast) => Some(MoreThan),
            (AtMost, LessThan) | (LessThan, AtMost) => Some(LessThan),
            _ => None,
        }
    }
}

/// A reported figure: its value with multipliers applied and its unit normalised, how it is
/// qualified, and the numerator and denominator when it was written as a fraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Figure {
    /// The figure: `10397万` → 103 970 000, `1000M` → 1000 (Mbps), `118/120` → 98.333… (%).
    pub value: f64,
    /// Normalised unit, as in a quantity read from prose (`%`, `Mbps`, `人`, `所` …); null
    /// when none is written.
    pub unit: Option<String>,
    /// `exact` for a bare figure; otherwise the bound or approximation written with it.
    pub qualifier: Qualifier,
    /// The numerator of a figure written `118/120`; `value` is then the share in percent.
    pub numerator: Option<f64>,
    /// The denominator of a figure written `118/120`.
    pub denominator: Option<f64>,
}

const FIGURE: ArabicForm = ArabicForm { grouping: true, exponent: true };

/// Qualifier symbols of a single figure besides the comparator words of prose.
const SYMBOLS: &[(&str, Comparator)] = &[("~", Comparator::About), ("约合", Comparator::About)];

/// Full-width forms as their ASCII counterparts (`９７．６％` → `97.6%`, `1，291` →
/// `1,291`), every Unicode space as a space, and the minus sign as `-`.
fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{2212}' | '\u{2012}' | '\u{fe63}' => '-',
            '\u{fe6a}' => '%',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

fn bad(text: &str, reason: impl Into<String>) -> QuantityError {
    QuantityError::BadFigure { text: text.to_string(), reason: reason.into() }
}

fn out_of_range(text: &str) -> QuantityError {
    QuantityError::OutOfRange { text: text.to_string() }
}

fn value_of(text: &str, v: Result<f64, NumeralError>) -> Result<f64, QuantityError> {
    v.map_err(|e| match e {
        NumeralError::TooLarge => out_of_range(text),
        NumeralError::Malformed => bad(text, "not a well-formed numeral"),
    })
}

/// Reads one reported figure: a plain number (`1291`, `-2.5`, `1e+06`), a number as
/// written in reports (`1,291`, `1，291`, `10397万`, `1.2亿`, `两亿五千万`, full-width
/// `９７．６％`, `97.6 %`), with a unit (`1000M`, `千兆`, `12万间`, `800门`), a share
/// (`百分之九十`, `三分之一`, `八成`), a fraction (`118/120`), and the qualifiers written
/// with it (`超过70%`, `90%以上`, `近12万间`, `约1000所`, `不足10%`, `至少1名`).
///
/// # Errors
///
/// [`QuantityError::NotFound`] when there is no number; [`QuantityError::OutOfRange`] when
/// the figure exceeds ±2^53; [`QuantityError::BadFigure`] for anything else that is not
/// exactly one figure (text after it, a range, conflicting qualifiers, a zero denominator).
pub fn read_figure(text: &str) -> Result<Figure, QuantityError> {
    // Most values are plain numbers: read without allocating. Below 2^53 the standard parse
    // is exact enough (correctly rounded); at or above it the exact reader below decides.
    match plain_number(text.trim()) {
        Some(v) if v.is_finite() && v.abs() < MAX_MAGNITUDE => {
            return Ok(Figure { value: v, unit: None, qualifier: Qualifier::Exact, numerator: None, denominator: None });
        }
        Some(v) if !v.is_finite() => return Err(out_of_range(text)),
        _ => {}
    }
    let norm = normalise(text);
    let s = norm.trim();
    if s.is_empty() {
        return Err(QuantityError::NotFound(text.to_string()));
    }
    // Qualifier before: 超过, 近, 约, ≥ …
    let (mut qualifier, mut at) = match longest_prefix_of(s, PREFIXES).or_else(|| longest_prefix_of(s, SYMBOLS)) {
        Some((w, c)) => (Qualifier::of(c), w.len()),
        None => (Qualifier::Exact, 0),
    };
    at = skip_spaces(s, at);
    let negative = s[at..].starts_with('-');
    if negative || s[at..].starts_with('+') {
        at += 1;
    }
    let core = read_core(text, s, at)?;
    if negative && core.fraction.is_some() {
        return Err(bad(text, "a fraction cannot be negative"));
    }
    at = skip_spaces(s, core.end);
    // Qualifier after: 以上, 以内, 左右, 余, 多.
    if let Some((w, c)) = longest_prefix_of(&s[at..], SUFFIXES) {
        qualifier = combine(text, qualifier, Qualifier::of(c))?;
        at = skip_spaces(s, at + w.len());
    } else if let Some(m) = s[at..].chars().next().filter(|c| MORE_MARKERS.contains(c)) {
        qualifier = combine(text, qualifier, Qualifier::MoreThan)?;
        at = skip_spaces(s, at + m.len_utf8());
    }
    if core.more {
        qualifier = combine(text, qualifier, Qualifier::MoreThan)?;
    }
    if at < s.len() {
        let rest = &s[at..];
        let range = ["-", "—", "–", "~", "至", "到"].iter().any(|sep| {
            rest.strip_prefix(sep).is_some_and(|r| r.trim_start().chars().next().is_some_and(|c| arabic_digit(c).is_some() || numeral::is_chinese_numeral(c)))
        });
        return Err(bad(
            text,
            if range { "a range is not one figure".to_string() } else { format!("unexpected text {} after the figure", super::shorten(rest)) },
        ));
    }
    let value = if negative { -core.value } else { core.value };
    let (numerator, denominator) = core.fraction.map_or((None, None), |(n, d)| (Some(n), Some(d)));
    Ok(Figure { value, unit: core.unit, qualifier, numerator, denominator })
}

/// A number Rust reads as it is (`1291`, `-2.5`, `1e+06`), but not `inf` or `NaN`.
fn plain_number(s: &str) -> Option<f64> {
    let mut digit = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digit = true,
            b'.' | b'+' | b'-' | b'e' | b'E' => {}
            _ => return None,
        }
    }
    if digit {
        s.parse().ok()
    } else {
        None
    }
}

fn skip_spaces(s: &str, at: usize) -> usize {
    at + s[at..].len() - s[at..].trim_start().len()
}

fn combine(text: &str, a: Qualifier, b: Qualifier) -> Result<Qualifier, QuantityError> {
    a.and(b).ok_or_else(|| bad(text, format!("conflicting qualifiers: {} and {}", a.code(), b.code())))
}

/// The figure without its qualifiers.
struct Core {
    value: f64,
    unit: Option<String>,
    fraction: Option<(f64, f64)>,
    more: bool,
    end: usize,
}

fn read_core(text: &str, s: &str, at: usize) -> Result<Core, QuantityError> {
    let rest = &s[at..];
    for (word, den) in [("百分之", 100.0), ("千分之", 1000.0)] {
        if let Some(r) = rest.strip_prefix(word) {
            let start = s.len() - r.len();
            let n = number_at(s, start, FIGURE).ok_or_else(|| QuantityError::NotFound(text.to_string()))?;
            let exp = if den == 100.0 { 0 } else { -1 };
            let value = value_of(text, n.value.and_then(|d| d.shift(exp).to_f64()))?;
            return Ok(Core { value, unit: Some("%".into()), fraction: None, more: n.more, end: n.end });
        }
    }
    for (word, value, more) in [("一半", 50.0, false), ("半数", 50.0, false), ("过半", 50.0, true)] {
        if rest.starts_with(word) {
            return Ok(Core { value, unit: Some("%".into()), fraction: None, more, end: at + word.len() });
        }
    }
    let n = number_at(s, at, FIGURE).ok_or_else(|| QuantityError::NotFound(text.to_string()))?;
    let mut n = with_spaced_multiplier(s, n);
    if n.chinese() {
        if let Some(r) = s[n.end..].strip_prefix("分之") {
            let m = number_at(s, s.len() - r.len(), FIGURE).ok_or_else(|| bad(text, "nothing after 分之"))?;
            let den = value_of(text, n.value.and_then(Decimal::to_f64))?;
            let num = value_of(text, m.value.and_then(Decimal::to_f64))?;
            if den == 0.0 {
                return Err(bad(text, "the denominator is zero"));
            }
            let value = value_of(text, numeral::bounded(100.0 * num / den))?;
            return Ok(Core { value, unit: Some("%".into()), fraction: None, more: m.more, end: m.end });
        }
        if let (Some(v), Some(r)) = (n.small_integer().filter(|v| (1..=10).contains(v)), s[n.end..].strip_prefix('成')) {
            return Ok(Core { value: f64::from(v) * 10.0, unit: Some("%".into()), fraction: None, more: n.more, end: s.len() - r.len() });
        }
    }
    // 118/120: numerator and denominator.
    let after = skip_spaces(s, n.end);
    if let Some(r) = s[after..].strip_prefix('/') {
        let d_at = skip_spaces(s, s.len() - r.len());
        let d = number_at(s, d_at, FIGURE).ok_or_else(|| bad(text, "no denominator after /"))?;
        if n.more || d.more {
            return Err(bad(text, "a fraction with 余 or 多 is not one figure"));
        }
        let num = value_of(text, n.value.and_then(Decimal::to_f64))?;
        let den = value_of(text, d.value.and_then(Decimal::to_f64))?;
        if den == 0.0 {
            return Err(bad(text, "the denominator is zero"));
        }
        let value = value_of(text, numeral::bounded(100.0 * num / den))?;
        return Ok(Core { value, unit: Some("%".into()), fraction: Some((num, den)), more: false, end: d.end });
    }
    let (unit, exp, end) = match unit_at(s, after) {
        // 壹佰元整: 整 ("even") closes an amount of money written in full.
        Some(u) if u.unit == "元" && s[u.end..].starts_with('整') => (Some(u.unit.to_string()), u.exp, u.end + '整'.len_utf8()),
        Some(u) => (Some(u.unit.to_string()), u.exp, u.end),
        None => (None, 0, n.end),
    };
    let value = value_of(text, n.value.and_then(|d| d.shift(exp).to_f64()))?;
    n.end = end;
    Ok(Core { value, unit, fraction: None, more: n.more, end: n.end })
}

/// `10397 万`: a multiplier after a space still belongs to the number.
fn with_spaced_multiplier<'a>(s: &'a str, n: Num<'a>) -> Num<'a> {
    let at = skip_spaces(s, n.end);
    if at == n.end || n.chinese() {
        return n;
    }
    let (more, exp, end) = numeral::tail(s, at);
    if exp == 0 {
        return n;
    }
    Num { value: n.value.map(|d| d.shift(exp)), end, more: n.more || more, ..n }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Qualifier::*;

    fn read(s: &str) -> (f64, Option<String>, Qualifier) {
        let f = read_figure(s).unwrap_or_else(|e| unreachable!("{s}: {e}"));
        (f.value, f.unit, f.qualifier)
    }

    fn some(u: &str) -> Option<String> {
        Some(u.to_string())
    }

    #[test]
    fn reads_figures_as_officials_write_them() {
        let cases: &[(&str, f64, Option<String>, Qualifier)] = &[
            ("1291", 1291.0, None, Exact),
            ("  1291 ", 1291.0, None, Exact),
            ("-2.5", -2.5, None, Exact),
            ("1e+06", 1e6, None, Exact),
            ("1,291", 1291.0, None, Exact),
            ("1，291", 1291.0, None, Exact),
            ("12,345,678.5", 12_345_678.5, None, Exact),
            ("10397万", 103_970_000.0, None, Exact),
            ("10397 万", 103_970_000.0, None, Exact),
            ("1.2亿", 120_000_000.0, None, Exact),
            ("两亿五千万", 250_000_000.0, None, Exact),
            ("９７．６％", 97.6, some("%"), Exact),
            ("97.6 %", 97.6, some("%"), Exact),
            ("97.6％", 97.6, some("%"), Exact),
            ("5‰", 0.5, some("%"), Exact),
            ("百分之九十七点六", 97.6, some("%"), Exact),
            ("三分之一", 100.0 / 3.0, some("%"), Exact),
            ("八成", 80.0, some("%"), Exact),
            ("一半以上", 50.0, some("%"), AtLeast),
            ("1000M", 1000.0, some("Mbps"), Exact),
            ("1000 Mbps", 1000.0, some("Mbps"), Exact),
            ("1G", 1000.0, some("Mbps"), Exact),
            ("千兆", 1000.0, some("Mbps"), Exact),
            ("800门", 800.0, some("门"), Exact),
            ("2万名", 20_000.0, some("人"), Exact),
            ("1.5亿元", 150_000_000.0, some("元"), Exact),
            ("壹仟贰佰元整", 1200.0, some("元"), Exact),
            ("超过70%", 70.0, some("%"), MoreThan),
            ("超过 70%", 70.0, some("%"), MoreThan),
            ("90%以上", 90.0, some("%"), AtLeast),
            ("近12万间", 120_000.0, some("间"), About),
            ("约1000所", 1000.0, some("所"), About),
            ("1000所左右", 1000.0, some("所"), About),
            ("不足10%", 10.0, some("%"), LessThan),
            ("至少1名", 1.0, some("人"), AtLeast),
            ("千余所", 1000.0, some("所"), MoreThan),
            ("10余个", 10.0, some("个"), MoreThan),
            ("12万余人", 120_000.0, some("人"), MoreThan),
            ("100多万", 1_000_000.0, None, MoreThan),
            ("≥95%", 95.0, some("%"), AtLeast),
            (">95%", 95.0, some("%"), MoreThan),
            ("＞95%", 95.0, some("%"), MoreThan),
            ("~100", 100.0, None, About),
            ("超过70%以上", 70.0, some("%"), MoreThan),
            ("不超过3次", 3.0, some("次"), AtMost),
        ];
        for (text, v, u, q) in cases {
            assert_eq!(read(text), (*v, u.clone(), *q), "{text}");
        }
    }

    #[test]
    fn fractions_keep_numerator_and_denominator() {
        let f = read_figure("118/120").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!((f.numerator, f.denominator, f.unit.as_deref(), f.qualifier), (Some(118.0), Some(120.0), Some("%"), Exact));
        assert!((f.value - 98.333_333_333_333_33).abs() < 1e-9);
        let f = read_figure("１１８／１２０").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!((f.numerator, f.denominator), (Some(118.0), Some(120.0)));
        let f = read_figure("1,180 / 1,200").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!((f.numerator, f.denominator), (Some(1180.0), Some(1200.0)));
    }

    #[test]
    fn what_is_not_one_figure_is_said_so() {
        let code = |s: &str| read_figure(s).err().map(|e| e.code());
        for s in ["", "   ", "abc", "超过", "是", "inf", "NaN"] {
            assert_eq!(code(s), Some("quantity.not_found"), "{s:?}");
        }
        for s in ["1,29", "12 34", "40所和100所", "50%-70%", "3至5个", "超过70%以下", "约70%以上", "1/0", "1.2.3", "95%%", "1000MHz"] {
            assert_eq!(code(s), Some("quantity.bad_figure"), "{s:?}");
        }
        let nines = format!("{}个", "9".repeat(400));
        for s in ["1e400", "9007199254740993", "九千九百九十九万亿", nines.as_str()] {
            assert_eq!(code(s), Some("quantity.out_of_range"), "{s:?}");
        }
        let e = read_figure("50%-70%").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("range"), "{e}");
        let e = read_figure("超过70%以下").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("more_than") && e.contains("at_most"), "{e}");
    }
}
