//! Periods as officials write them: the date an observation describes.
//!
//! A period names a span of time and stands for its **last day** (METHODOLOGY §2, §3):
//!
//! | written | span | date |
//! |---|---|---|
//! | `2023`, `2023年`, `2023年度`, `2023年底`, `2023年末` | year | 2023-12-31 |
//! | `2023H1`, `2023年上半年` / `2023H2`, `2023年下半年` | half | 2023-06-30 / 2023-12-31 |
//! | `2023Q1`, `2023年第一季度`, `2023年一季度`, `2023年1季度` | quarter | 2023-03-31 |
//! | `2023-06`, `2023/6`, `2023.06`, `2023年6月`, `2023年6月底` | month | 2023-06-30 |
//! | `2023-06-30`, `2023/6/30`, `2023.6.30`, `2023年6月30日` | day | that day |
//!
//! Full-width digits and punctuation (`２０２３年`, `２０２３－０６`) read as their ASCII
//! forms, spaces are ignored and `h1`/`q1` read as `H1`/`Q1`. Years have four digits
//! and lie in [`MIN_YEAR`]–[`MAX_YEAR`]; months are 1–12 and days exist in their month.
//! A month after a dot must have two digits (`2023.06`): `2021.1` is what a spreadsheet
//! makes of `2021.10`, and a number such as `2021.5` is not a period, so both are
//! refused rather than guessed.

use chrono::{Datelike, NaiveDate};

/// Earliest year a period or an as-of date may have (the founding of the People's Republic).
pub const MIN_YEAR: i32 = 1949;
/// Latest year a period or an as-of date may have.
pub const MAX_YEAR: i32 = 2100;

/// The accepted forms, as error messages list them.
pub const FORMS: &str = "a year (2023, 2023年, 2023年度, 2023年底, 2023年末), a half (2023H1, 2023年上半年, 2023H2, \
2023年下半年), a quarter (2023Q1, 2023年第一季度, 2023年一季度), a month (2023-06, 2023/6, 2023.06, 2023年6月) or a \
date (2023-06-30, 2023/6/30, 2023.6.30, 2023年6月30日), in the years 1949–2100";

/// The span of time a period names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// A calendar year.
    Year,
    /// A half year (上半年 / 下半年).
    Half,
    /// A quarter (季度).
    Quarter,
    /// A month.
    Month,
    /// One day.
    Day,
}

/// A parsed period: the last day of the span it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The date the value describes (31 December for a year, the quarter's last day …).
    pub date: NaiveDate,
    /// What the text named.
    pub span: Span,
}

/// Why a text is not a period. Every message ends with the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// Not one of the accepted forms.
    #[error("not a period: use {FORMS}")]
    Form,
    /// The year is outside [`MIN_YEAR`]–[`MAX_YEAR`].
    #[error("the year {0} is outside 1949–2100; use {FORMS}")]
    Year(i64),
    /// The month is not 1–12.
    #[error("month {0} is not 1–12; use {FORMS}")]
    Month(u32),
    /// The day does not exist in its month.
    #[error("{0}-{1:02}-{2:02} is not a date; use {FORMS}")]
    Day(i32, u32, u32),
    /// One digit after a dot: `2021.5` (a number, or a spreadsheet's `2021.10`).
    #[error("a one-digit month after a dot is ambiguous (a spreadsheet turns 2021.10 into 2021.1, and 2021.5 may be a number): write 2021-05 or 2021年5月; use {FORMS}")]
    DotMonth,
    /// A number that is not a whole year (`2021.5`, `2021.0` as a JSON number).
    #[error("a period given as a number must be a whole year such as 2023, not {0}; use {FORMS}")]
    Number(String),
}

impl Period {
    /// Reads a period in any of the accepted forms (see the module docs).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        if let [a, b, c, d] = text.as_bytes() {
            if [a, b, c, d].iter().all(|x| x.is_ascii_digit()) {
                // The common case, a plain year, without further ado.
                let year = [a, b, c, d].iter().fold(0i32, |y, x| y * 10 + i32::from(**x - b'0'));
                return match NaiveDate::from_ymd_opt(year, 12, 31) {
                    Some(date) if (MIN_YEAR..=MAX_YEAR).contains(&year) => Ok(Period { date, span: Span::Year }),
                    _ => Err(PeriodError::Year(year as i64)),
                };
            }
        }
        let s = normalize(text);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(PeriodError::Form);
        }
        let (year_text, rest) = s.split_at(digits);
        if digits != 4 {
            // Say which year was meant when it is a number; `1-01`, `40000-01` are not periods.
            return Err(match year_text.parse::<i64>() {
                Ok(y) if !(1..=9999).contains(&y) || digits > 4 => PeriodError::Year(y),
                _ => PeriodError::Form,
            });
        }
        let year: i32 = year_text.parse().map_err(|_| PeriodError::Form)?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::Year(year as i64));
        }
        let (span, month, day) = read_rest(rest)?;
        let date = match day {
            Some(d) => NaiveDate::from_ymd_opt(year, month, d).ok_or(PeriodError::Day(year, month, d))?,
            None => month_end(year, month).ok_or(PeriodError::Month(month))?,
        };
        Ok(Period { date, span })
    }

    /// Reads a period given as a number (JSON, a spreadsheet cell): a whole year only.
    pub fn from_number(x: f64) -> Result<Period, PeriodError> {
        if x.fract() != 0.0 || !x.is_finite() || x.abs() > 1e9 {
            return Err(PeriodError::Number(format!("{x:?}")));
        }
        Period::parse(&format!("{x}"))
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.date.year()
    }
}

/// Checks that a date (an as-of date) lies in the accepted years.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, PeriodError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(PeriodError::Year(date.year() as i64))
    }
}

/// Reads an as-of date: any period form (its last day), in the accepted years.
pub fn parse_as_of(text: &str) -> Result<NaiveDate, PeriodError> {
    Period::parse(text).map(|p| p.date)
}

/// Fractional year of a date: 2023-12-31 ≈ 2024.0, 2023-07-02 ≈ 2023.5.
pub fn fractional_year(d: NaiveDate) -> f64 {
    let y = d.year();
    let days = if NaiveDate::from_ymd_opt(y, 12, 31).map(|x| x.ordinal()) == Some(366) { 366.0 } else { 365.0 };
    y as f64 + d.ordinal() as f64 / days
}

/// [`fractional_year`] as the exact fraction `year + ordinal / days`, for the growth
/// ratio's exact comparisons ([`crate::compare`]).
pub fn fractional_year_exact(d: NaiveDate) -> crate::compare::Num {
    use crate::compare::{Num, Ratio};
    let y = d.year() as i128;
    let days: i128 = if NaiveDate::from_ymd_opt(d.year(), 12, 31).map(|x| x.ordinal()) == Some(366) { 366 } else { 365 };
    Ratio::new(y * days + d.ordinal() as i128, days).map_or(Num::approximate(fractional_year(d)), Num::ratio)
}

/// The text with full-width digits and signs made ASCII, spaces removed, `h`/`q` upper
/// case (borrowed when there is nothing to change, as for `2023` and `2023-06-30`).
fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | 'Q' | 'H');
    let t = text.trim();
    if t.chars().all(plain) {
        return std::borrow::Cow::Borrowed(t);
    }
    std::borrow::Cow::Owned(t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '—' | '–' => '-',
            '／' => '/',
            '．' => '.',
            'Ｑ' | 'q' => 'Q',
            'Ｈ' | 'h' => 'H',
            _ => c,
        })
        .collect())
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let next = match month {
        1..=11 => NaiveDate::from_ymd_opt(year, month + 1, 1),
        12 => NaiveDate::from_ymd_opt(year + 1, 1, 1),
        _ => None,
    };
    next?.pred_opt()
}

/// A small number written with ASCII digits (at most two) or as 一 … 十二.
fn small_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    const ZH: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    ZH.iter().position(|z| *z == s).map(|i| i as u32 + 1)
}

/// What follows the year: `(span, month, day)`; `day` `None` means the month's last day.
fn read_rest(rest: &str) -> Result<(Span, u32, Option<u32>), PeriodError> {
    match rest {
        "" | "年" | "年度" | "年底" | "年末" => return Ok((Span::Year, 12, None)),
        "H1" | "-H1" | "年上半年" | "上半年" => return Ok((Span::Half, 6, None)),
        "H2" | "-H2" | "年下半年" | "下半年" => return Ok((Span::Half, 12, None)),
        _ => {}
    }
    if let Some(q) = rest.strip_prefix("-Q").or_else(|| rest.strip_prefix('Q')) {
        return match q {
            "1" | "2" | "3" | "4" => Ok((Span::Quarter, q.parse::<u32>().map_err(|_| PeriodError::Form)? * 3, None)),
            _ => Err(PeriodError::Form),
        };
    }
    if let Some(zh) = rest.strip_prefix('年') {
        // 第一季度 / 一季度 / 1季度 / 第1季
        let q = zh.strip_prefix('第').unwrap_or(zh);
        if let Some(n) = q.strip_suffix("季度").or_else(|| q.strip_suffix('季')) {
            return match small_number(n) {
                Some(k @ 1..=4) => Ok((Span::Quarter, k * 3, None)),
                _ => Err(PeriodError::Form),
            };
        }
        // 6月 / 6月底 / 6月末 / 6月30日 / 6月30号
        let Some((m, after)) = zh.split_once('月') else {
            return Err(PeriodError::Form);
        };
        let month = small_number(m).ok_or(PeriodError::Form)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month(month));
        }
        return match after {
            "" | "底" | "末" | "份" => Ok((Span::Month, month, None)),
            _ => {
                let d = after.strip_suffix('日').or_else(|| after.strip_suffix('号')).ok_or(PeriodError::Form)?;
                let day = (!d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| d.parse::<u32>().ok())
                    .flatten()
                    .ok_or(PeriodError::Form)?;
                Ok((Span::Day, month, Some(day)))
            }
        };
    }
    // 2023-06 / 2023/6 / 2023.06 / 2023-06-30 / 2023/6/30 / 2023.6.30
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.')).ok_or(PeriodError::Form)?;
    let parts: Vec<&str> = rest[1..].split(sep).collect();
    let number = |p: &str| -> Result<u32, PeriodError> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PeriodError::Form);
        }
        p.parse().map_err(|_| PeriodError::Form)
    };
    match parts.as_slice() {
        [m] => {
            if sep == '.' && m.len() != 2 && m.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PeriodError::DotMonth);
            }
            let month = number(m)?;
            if !(1..=12).contains(&month) {
                return Err(PeriodError::Month(month));
            }
            Ok((Span::Month, month, None))
        }
        [m, d] => {
            let (month, day) = (number(m)?, number(d)?);
            if !(1..=12).contains(&month) {
                return Err(PeriodError::Month(month));
            }
            Ok((Span::Day, month, Some(day)))
        }
        _ => Err(PeriodError::Form),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<String, PeriodError> {
        Period::parse(s).map(|p| p.date.to_string())
    }

    #[test]
    fn forms_officials_write_are_placed_at_their_end() {
        for (text, want) in [
            ("2023", "2023-12-31"),
            ("2023年", "2023-12-31"),
            ("2023年度", "2023-12-31"),
            ("2019年底", "2019-12-31"),
            ("2019年末", "2019-12-31"),
            ("２０２３年", "2023-12-31"),
            (" 2023 ", "2023-12-31"),
            ("2019年12月", "2019-12-31"),
            ("2024年2月", "2024-02-29"),
            ("2023年6月底", "2023-06-30"),
            ("2019-12", "2019-12-31"),
            ("2024-02", "2024-02-29"),
            ("2023/6", "2023-06-30"),
            ("2019.12", "2019-12-31"),
            ("2019.06", "2019-06-30"),
            ("2023-06-30", "2023-06-30"),
            ("2023/6/30", "2023-06-30"),
            ("2023.6.30", "2023-06-30"),
            ("2023年6月30日", "2023-06-30"),
            ("2023年上半年", "2023-06-30"),
            ("2023H1", "2023-06-30"),
            ("2023h2", "2023-12-31"),
            ("2023年下半年", "2023-12-31"),
            ("2023Q1", "2023-03-31"),
            ("2023-Q3", "2023-09-30"),
            ("2023年第一季度", "2023-03-31"),
            ("2023年一季度", "2023-03-31"),
            ("2023年第2季度", "2023-06-30"),
            ("2023年四季度", "2023-12-31"),
            ("1949", "1949-12-31"),
            ("2100-12-31", "2100-12-31"),
        ] {
            assert_eq!(d(text).as_deref(), Ok(want), "{text}");
        }
        assert_eq!(Period::parse("2023Q2").map(|p| p.span), Ok(Span::Quarter));
        assert_eq!(Period::parse("2023年上半年").map(|p| p.span), Ok(Span::Half));
    }

    #[test]
    fn out_of_range_and_malformed_periods_are_refused() {
        for (text, want) in [
            ("2023-0", PeriodError::Month(0)),
            ("2023-00", PeriodError::Month(0)),
            ("2023-13", PeriodError::Month(13)),
            ("2023-13-01", PeriodError::Month(13)),
            ("2023年13月", PeriodError::Month(13)),
            ("2023-02-30", PeriodError::Day(2023, 2, 30)),
            ("2021.0", PeriodError::DotMonth),
            ("2021.5", PeriodError::DotMonth),
            ("0000", PeriodError::Year(0)),
            ("1899", PeriodError::Year(1899)),
            ("2101", PeriodError::Year(2101)),
            ("40000-01", PeriodError::Year(40000)),
            ("1-01", PeriodError::Form),
            ("23", PeriodError::Form),
            ("去年", PeriodError::Form),
            ("", PeriodError::Form),
            ("2023Q5", PeriodError::Form),
            ("2023年第五季度", PeriodError::Form),
            ("2023-06-30-01", PeriodError::Form),
            ("2023-6/30", PeriodError::Form),
            ("2023-+6", PeriodError::Form),
        ] {
            assert_eq!(Period::parse(text), Err(want), "{text}");
        }
        let msg = Period::parse("2023-00").unwrap_err().to_string();
        assert!(msg.contains("2023年上半年") && msg.contains("1949–2100"), "{msg}");
    }

    #[test]
    fn numbers_must_be_whole_years() {
        assert_eq!(Period::from_number(2021.0).map(|p| p.date.to_string()).as_deref(), Ok("2021-12-31"));
        assert_eq!(Period::from_number(2021.5), Err(PeriodError::Number("2021.5".into())));
        assert!(Period::from_number(f64::NAN).is_err());
        assert!(Period::from_number(1e300).is_err());
        assert_eq!(Period::from_number(40000.0), Err(PeriodError::Year(40000)));
    }

    #[test]
    fn as_of_dates_are_bounded() {
        assert!(check_date(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()).is_err());
        assert!(check_date(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()).is_ok());
        assert_eq!(parse_as_of("2024").map(|d| d.to_string()).as_deref(), Ok("2024-12-31"));
        assert!(parse_as_of("+99999-12-31").is_err());
        assert!((fractional_year(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()) - 2024.0).abs() < 1e-9);
    }
}
