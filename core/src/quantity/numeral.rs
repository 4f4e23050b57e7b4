//! Numbers as policy texts and statistical reports write them, read exactly.
//!
//! Two notations meet in the texts: Arabic digits (`1000`, `97.6`, `1,291`, full-width
//! `９７．６`) optionally followed by Chinese multipliers (`10397万`, `1.2亿`), and Chinese
//! numerals (`两亿五千万`, `一千零一`, `十四`, financial `壹仟贰佰`, traditional `萬`/`億`).
//! Both are read into an exact decimal (an integer mantissa and a power of ten) with
//! checked arithmetic, and turned into an `f64` once, correctly rounded. A figure whose
//! magnitude exceeds [`MAX_MAGNITUDE`] (2^53, the largest range in which every integer is
//! an `f64`) is an error, never a wrapped or infinite value.

/// The largest magnitude a figure may have: 2^53 = 9 007 199 254 740 992. Up to it every
/// integer is exactly an `f64`; beyond it a figure is reported as out of range.
pub const MAX_MAGNITUDE: f64 = 9_007_199_254_740_992.0;

/// `v` when it is finite and within ±[`MAX_MAGNITUDE`] (for figures computed from others,
/// such as a share from a fraction).
pub(crate) fn bounded(v: f64) -> Result<f64, NumeralError> {
    if v.is_finite() && v.abs() <= MAX_MAGNITUDE {
        Ok(v)
    } else {
        Err(NumeralError::TooLarge)
    }
}

/// Why a run of characters is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumeralError {
    /// Not one well-formed number (`十四五`, `百千`).
    Malformed,
    /// Well formed, but beyond [`MAX_MAGNITUDE`] or with more digits than can be held.
    TooLarge,
}

/// An exact decimal: `mantissa × 10^exp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub mantissa: u128,
    pub exp: i32,
}

impl Decimal {
    pub fn int(v: u64) -> Self {
        Decimal { mantissa: u128::from(v), exp: 0 }
    }

    /// Multiplies by `10^by`.
    pub fn shift(self, by: i32) -> Self {
        Decimal { mantissa: self.mantissa, exp: self.exp.saturating_add(by) }
    }

    /// The value as the nearest `f64`, or `TooLarge` beyond [`MAX_MAGNITUDE`] (compared
    /// exactly: 9007199254740993 is too large, not rounded down to 2^53).
    pub fn to_f64(self) -> Result<f64, NumeralError> {
        if self.mantissa == 0 {
            return Ok(0.0);
        }
        const LIMIT: u128 = 1 << 53;
        let too_large = if self.exp >= 0 {
            10u128.checked_pow(self.exp.unsigned_abs()).and_then(|p| self.mantissa.checked_mul(p)).is_none_or(|v| v > LIMIT)
        } else {
            // Below 10^-38 the mantissa cannot reach 2^53.
            10u128.checked_pow(self.exp.unsigned_abs()).is_some_and(|p| {
                let int = self.mantissa / p;
                int > LIMIT || (int == LIMIT && !self.mantissa.is_multiple_of(p))
            })
        };
        if too_large {
            return Err(NumeralError::TooLarge);
        }
        // Decimal-to-binary conversion by the standard library is correctly rounded.
        let v: f64 = format!("{}e{}", self.mantissa, self.exp).parse().map_err(|_| NumeralError::Malformed)?;
        if !v.is_finite() || v > MAX_MAGNITUDE {
            return Err(NumeralError::TooLarge);
        }
        Ok(v)
    }
}

/// Value of a Chinese digit: 零〇 0 … 九 9, 两 2, and the financial forms 壹 … 玖.
pub(crate) fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Exponent of a power below 万: 十拾 1, 百佰 2, 千仟 3.
pub(crate) fn small_power(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        _ => return None,
    })
}

/// Exponent of a group power: 万萬 4, 亿億 8.
pub(crate) fn big_power(c: char) -> Option<u32> {
    Some(match c {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// A digit or a power: the characters a Chinese numeral is made of.
pub(crate) fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || small_power(c).is_some() || big_power(c).is_some()
}

/// Value of an ASCII or full-width digit.
pub(crate) fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A section below 万: `三千二百`, `十四`, `一百零五`, `二百五` (= 250: a final digit after
/// a power without 零 counts in the next lower place, as 一万五 is 15 000).
fn section(cs: &[char], leading_zero: bool) -> Result<u64, NumeralError> {
    let mut total: u64 = 0;
    let mut last_power: u32 = 4;
    let mut pending: Option<u8> = None;
    let mut zero_gap = false;
    let mut started = false;
    for &c in cs {
        if let Some(d) = chinese_digit(c) {
            if d == 0 {
                if pending.is_some() || (!started && !leading_zero) {
                    return Err(NumeralError::Malformed); // 五零, or a number opening with 零
                }
                zero_gap = true;
                continue;
            }
            if pending.is_some() {
                return Err(NumeralError::Malformed); // two digits in a row: 十四五
            }
            pending = Some(d);
        } else if let Some(p) = small_power(c) {
            if p >= last_power {
                return Err(NumeralError::Malformed); // 百千, 十十
            }
            total += u64::from(pending.take().unwrap_or(1)) * 10u64.pow(p);
            last_power = p;
            zero_gap = false;
            started = true;
        } else {
            return Err(NumeralError::Malformed);
        }
    }
    match pending {
        Some(d) if zero_gap || last_power >= 4 || last_power == 1 => Ok(total + u64::from(d)),
        Some(d) => Ok(total + u64::from(d) * 10u64.pow(last_power - 1)),
        None if zero_gap && started => Err(NumeralError::Malformed), // 一百零
        None if !started && !zero_gap => Err(NumeralError::Malformed), // empty
        None => Ok(total),
    }
}

/// What follows a group power of `10^exp` (万: 4, 亿: 8): `五千` in 一万五千, `零五` in
/// 一万零五, a lone digit in 一万五 (= 5 000).
fn after_group(cs: &[char], exp: u32) -> Result<u64, NumeralError> {
    let Some(&first) = cs.first() else { return Ok(0) };
    let below = |cs: &[char]| if exp == 8 { below_yi(cs) } else { section(cs, false) };
    let v = if chinese_digit(first) == Some(0) {
        let rest: &[char] = &cs[cs.iter().take_while(|&&c| chinese_digit(c) == Some(0)).count()..];
        if rest.is_empty() {
            return Err(NumeralError::Malformed); // 一万零
        }
        below(rest)?
    } else if cs.len() == 1 {
        match chinese_digit(first) {
            Some(d) => u64::from(d) * 10u64.pow(exp - 1),
            None => below(cs)?,
        }
    } else {
        below(cs)?
    };
    if v >= 10u64.pow(exp) {
        return Err(NumeralError::Malformed);
    }
    Ok(v)
}

/// A number below 亿: `[section]万[after]` or a section.
fn below_yi(cs: &[char]) -> Result<u64, NumeralError> {
    let wan: Vec<usize> = cs.iter().enumerate().filter(|(_, &c)| big_power(c) == Some(4)).map(|(i, _)| i).collect();
    match wan.as_slice() {
        [] => section(cs, false),
        [i] => {
            let head = if *i == 0 { 1 } else { section(&cs[..*i], false)? };
            if head == 0 {
                return Err(NumeralError::Malformed);
            }
            Ok(head * 10_000 + after_group(&cs[i + 1..], 4)?)
        }
        _ => Err(NumeralError::Malformed),
    }
}

/// A whole Chinese integer: `[below_yi]亿[after]` (the head may hold 万: 一万亿 = 10^12).
fn integer(cs: &[char]) -> Result<u64, NumeralError> {
    let Some(i) = cs.iter().rposition(|&c| big_power(c) == Some(8)) else {
        return below_yi(cs);
    };
    let head = &cs[..i];
    if head.iter().any(|&c| big_power(c) == Some(8)) {
        return Err(NumeralError::Malformed); // 亿亿
    }
    let head = if head.is_empty() { 1 } else { below_yi(head)? };
    if head == 0 {
        return Err(NumeralError::Malformed);
    }
    let tail = after_group(&cs[i + 1..], 8)?;
    head.checked_mul(100_000_000).and_then(|h| h.checked_add(tail)).ok_or(NumeralError::TooLarge)
}

/// A Chinese numeral, integer (`两亿五千万`) or decimal (`一点五亿`, `九十七点六`), exactly.
pub(crate) fn chinese(s: &str) -> Result<Decimal, NumeralError> {
    let cs: Vec<char> = s.chars().collect();
    if cs.is_empty() {
        return Err(NumeralError::Malformed);
    }
    let Some(dot) = cs.iter().position(|&c| c == '点') else {
        return Ok(Decimal::int(if let [z] = cs.as_slice() { if chinese_digit(*z) == Some(0) { 0 } else { integer(&cs)? } } else { integer(&cs)? }));
    };
    // 一点五亿: integer part, digits one by one, then an optional group power.
    let int = match &cs[..dot] {
        [z] if chinese_digit(*z) == Some(0) => 0,
        head => integer(head)?,
    };
    let rest = &cs[dot + 1..];
    let digits = rest.iter().take_while(|&&c| chinese_digit(c).is_some()).count();
    if digits == 0 {
        return Err(NumeralError::Malformed);
    }
    let mut exp: i32 = 0;
    for &c in &rest[digits..] {
        match big_power(c) {
            Some(p) => exp += p as i32,
            None => return Err(NumeralError::Malformed),
        }
    }
    if exp > 12 {
        return Err(NumeralError::Malformed);
    }
    let mut m = u128::from(int);
    for &c in &rest[..digits] {
        let d = chinese_digit(c).map_or(0, u128::from);
        m = m.checked_mul(10).and_then(|m| m.checked_add(d)).ok_or(NumeralError::TooLarge)?;
    }
    Ok(Decimal { mantissa: m, exp: exp - digits as i32 })
}

/// The exponent of a run of multiplier characters after Arabic digits: 万 4, 亿 8,
/// 万亿 12, 千万 7, 百万 6, 十万 5, 千 3, 百 2 (a lone 十 is not one).
pub(crate) fn multiplier(cs: &[char]) -> Option<i32> {
    let mut i = 0;
    let mut exp = 0u32;
    if let Some(p) = cs.first().and_then(|&c| small_power(c)) {
        exp += p;
        i = 1;
    }
    for group in [4, 8] {
        if cs.get(i).and_then(|&c| big_power(c)) == Some(group) {
            exp += group;
            i += 1;
        }
    }
    (i == cs.len() && exp > 1).then_some(exp as i32)
}

/// Digits of an Arabic figure as read from text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arabic {
    /// The figure, or `TooLarge` when it has more digits than a 128-bit mantissa holds.
    pub value: Result<Decimal, NumeralError>,
    /// Byte offset just past the last character read.
    pub end: usize,
    /// Number of digits before the decimal point.
    pub int_digits: usize,
    /// Whether a decimal point was read.
    pub fraction: bool,
}

/// Options of [`arabic_at`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArabicForm {
    /// Thousands separators `,` (exactly three digits per group) are read.
    pub grouping: bool,
    /// Scientific notation (`1e+06`, as exported by spreadsheets) is read.
    pub exponent: bool,
}

/// Reads Arabic digits at `start` (ASCII or full-width; `.` or `．` as decimal point);
/// `None` when no digit is there.
pub(crate) fn arabic_at(text: &str, start: usize, form: ArabicForm) -> Option<Arabic> {
    let rest = text.get(start..)?;
    let mut it = rest.char_indices().peekable();
    let mut m: u128 = 0;
    let mut exp: i32 = 0;
    let mut int_digits = 0usize;
    let mut fraction = false;
    let mut end = start;
    let mut too_large = false;
    let mut grouped = false;
    let push = |m: &mut u128, d: u8, too_large: &mut bool| match m.checked_mul(10).and_then(|x| x.checked_add(u128::from(d))) {
        Some(x) => *m = x,
        None => *too_large = true,
    };
    // Integer digits, with optional thousands groups.
    while let Some(&(i, c)) = it.peek() {
        if let Some(d) = arabic_digit(c) {
            push(&mut m, d, &mut too_large);
            int_digits += 1;
            end = start + i + c.len_utf8();
            it.next();
        } else if c == ',' && form.grouping && int_digits > 0 && (grouped || int_digits <= 3) {
            // A group separator only when exactly three digits follow and then no digit.
            let after = &rest[i + 1..];
            let digits: Vec<char> = after.chars().take(4).collect();
            let three = digits.len() >= 3 && digits[..3].iter().all(|&d| arabic_digit(d).is_some());
            let fourth_is_digit = digits.get(3).is_some_and(|&d| arabic_digit(d).is_some());
            if !three || fourth_is_digit {
                break;
            }
            grouped = true;
            it.next();
        } else {
            break;
        }
    }
    if int_digits == 0 {
        return None;
    }
    // Fraction.
    if let Some(&(i, c)) = it.peek() {
        if c == '.' || c == '．' {
            let after = &rest[i + c.len_utf8()..];
            if after.chars().next().and_then(arabic_digit).is_some() {
                it.next();
                fraction = true;
                while let Some(&(j, c)) = it.peek() {
                    let Some(d) = arabic_digit(c) else { break };
                    push(&mut m, d, &mut too_large);
                    exp -= 1;
                    end = start + j + c.len_utf8();
                    it.next();
                }
            }
        }
    }
    // Exponent: e, E, then an optional sign, then digits.
    if form.exponent {
        let tail = &text[end..];
        if let Some(t) = tail.strip_prefix(['e', 'E']) {
            let (sign, t2) = match t.strip_prefix(['+', '-']) {
                Some(u) => (if t.starts_with('-') { -1 } else { 1 }, u),
                None => (1, t),
            };
            let digits: String = t2.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                let e: i32 = digits.parse().unwrap_or(i32::MAX);
                if digits.len() > 3 || e > 300 {
                    too_large = true;
                }
                exp = exp.saturating_add(sign * e.min(300));
                end += tail.len() - t2.len() + digits.len();
            }
        }
    }
    let value = if too_large { Err(NumeralError::TooLarge) } else { Ok(Decimal { mantissa: m, exp }) };
    Some(Arabic { value, end, int_digits, fraction })
}

/// Markers between a number and its unit meaning "and more" (千余所, 10余个, 100多万人).
pub(crate) const MORE_MARKERS: &[char] = &['余', '多'];

/// A number as read, before its unit.
pub(crate) struct Num<'a> {
    pub value: Result<Decimal, NumeralError>,
    /// Byte offset just past the number, its multipliers and 余 / 多.
    pub end: usize,
    /// 余 or 多 was written: "more than".
    pub more: bool,
    /// The Chinese numeral as written; empty for Arabic digits.
    pub run: &'a str,
    /// A plain four-digit integer between 1900 and 2100: a year before 年.
    pub year_like: bool,
    /// One Arabic digit, no fraction (2–6 before G is a mobile generation: 5G).
    pub one_digit: Option<u8>,
}

impl Num<'_> {
    pub fn chinese(&self) -> bool {
        !self.run.is_empty()
    }
    /// The value when it is a small whole number (for 十大, 八成).
    pub fn small_integer(&self) -> Option<u32> {
        let v = self.value.ok()?.to_f64().ok()?;
        (v.fract() == 0.0 && (0.0..=100.0).contains(&v)).then_some(v as u32)
    }
}

/// Reads the number at `i`: Arabic digits with multipliers (1000万, 1.5亿, 10余万), or a
/// Chinese numeral (两亿五千万, 一点五, 千余).
pub(crate) fn number_at(text: &str, i: usize, form: ArabicForm) -> Option<Num<'_>> {
    let first = text[i..].chars().next()?;
    if arabic_digit(first).is_some() {
        let a = arabic_at(text, i, form)?;
        let (more, exp, end) = tail(text, a.end);
        let value = a.value.map(|d| d.shift(exp));
        let whole = value.ok().filter(|d| d.exp >= 0 && !a.fraction && exp == 0 && !more).and_then(|d| d.to_f64().ok());
        let year_like = a.int_digits == 4 && whole.is_some_and(|v| (1900.0..=2100.0).contains(&v));
        let one_digit = whole.filter(|_| a.int_digits == 1).map(|v| v as u8);
        return Some(Num { value, end, more, run: "", year_like, one_digit });
    }
    let mut end = i;
    for (j, c) in text[i..].char_indices() {
        let next_is_digit = text[i + j + c.len_utf8()..].chars().next().is_some_and(|n| chinese_digit(n).is_some());
        if is_chinese_numeral(c) || (c == '点' && j > 0 && next_is_digit) {
            end = i + j + c.len_utf8();
        } else {
            break;
        }
    }
    if end == i {
        return None;
    }
    let run = &text[i..end];
    let mut value = chinese(run);
    // 千余所, 两千多万.
    let mut more = false;
    if let Some(m) = text[end..].chars().next().filter(|c| MORE_MARKERS.contains(c)) {
        more = true;
        end += m.len_utf8();
        let (exp, after) = group_multiplier(text, end);
        value = value.map(|d| d.shift(exp));
        end = after;
    }
    Some(Num { value, end, more, run, year_like: false, one_digit: None })
}

/// After Arabic digits: 余 / 多 and Chinese multipliers in either order (10余万, 12万余).
pub(crate) fn tail(text: &str, at: usize) -> (bool, i32, usize) {
    let mut end = at;
    let mut more = false;
    let mut exp = 0;
    if text[at..].starts_with("百分") || text[at..].starts_with("千分") {
        return (false, 0, at); // 3百分点 is not 300 分点
    }
    let marker = |end: usize| text[end..].chars().next().filter(|c| MORE_MARKERS.contains(c));
    if let Some(m) = marker(end) {
        more = true;
        end += m.len_utf8();
    }
    let run_end = end
        + text[end..]
            .chars()
            .take_while(|&c| small_power(c).is_some() || big_power(c).is_some())
            .map(char::len_utf8)
            .sum::<usize>();
    let run: Vec<char> = text[end..run_end].chars().collect();
    // The longest run of multipliers that reads as one (1000万一 is 1000万 then 一).
    for n in (1..=run.len()).rev() {
        if let Some(e) = multiplier(&run[..n]) {
            exp = e;
            end += run[..n].iter().map(|c| c.len_utf8()).sum::<usize>();
            break;
        }
    }
    if !more {
        if let Some(m) = marker(end) {
            more = true;
            end += m.len_utf8();
        }
    }
    (more, exp, end)
}

/// 万 / 亿 / 万亿 at `at` (after 两千多 in 两千多万): the exponent and the end.
fn group_multiplier(text: &str, at: usize) -> (i32, usize) {
    let mut exp = 0;
    let mut end = at;
    for c in text[at..].chars() {
        match big_power(c) {
            Some(p) if exp < p as i32 && exp + p as i32 <= 12 => {
                exp += p as i32;
                end += c.len_utf8();
            }
            _ => break,
        }
    }
    (exp, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(s: &str) -> Option<f64> {
        chinese(s).ok().and_then(|d| d.to_f64().ok())
    }

    #[test]
    fn chinese_integers() {
        let cases: &[(&str, f64)] = &[
            ("零", 0.0),
            ("五", 5.0),
            ("十", 10.0),
            ("十四", 14.0),
            ("一十四", 14.0),
            ("二十三", 23.0),
            ("一百零五", 105.0),
            ("一百一十", 110.0),
            ("二百五", 250.0),
            ("三千五", 3500.0),
            ("一千零一", 1001.0),
            ("一千零一十", 1010.0),
            ("十万", 100_000.0),
            ("十万零五", 100_005.0),
            ("一万五", 15_000.0),
            ("一万零五", 10_005.0),
            ("千万", 10_000_000.0),
            ("三千二百万", 32_000_000.0),
            ("两亿五千万", 250_000_000.0),
            ("一亿零五百万", 105_000_000.0),
            ("一亿五", 150_000_000.0),
            ("一亿零一", 100_000_001.0),
            ("十亿", 1_000_000_000.0),
            ("一万亿", 1e12),
            ("九千九百九十九亿九千九百九十九万九千九百九十九", 999_999_999_999.0),
            ("壹仟贰佰叁拾肆", 1234.0),
            ("贰萬", 20_000.0),
            ("三億", 300_000_000.0),
            ("两", 2.0),
        ];
        for (s, v) in cases {
            assert_eq!(cn(s), Some(*v), "{s}");
        }
    }

    #[test]
    fn chinese_decimals() {
        assert_eq!(cn("一点五"), Some(1.5));
        assert_eq!(cn("零点五"), Some(0.5));
        assert_eq!(cn("九十七点六"), Some(97.6));
        assert_eq!(cn("一点五亿"), Some(150_000_000.0));
        assert_eq!(cn("三点零五万"), Some(30_500.0));
    }

    #[test]
    fn malformed_chinese() {
        for s in ["十四五", "百千", "十十", "一二三", "五零", "一百零", "一万零", "亿亿", "一亿亿", "万万", "零五", "", "点五", "一点", "二〇二三"] {
            assert_eq!(chinese(s).err(), Some(NumeralError::Malformed), "{s}");
        }
    }

    #[test]
    fn large_numbers_are_errors_not_wraps() {
        // 9999万亿: well formed, beyond 2^53.
        let d = chinese("九千九百九十九万亿");
        assert_eq!(d.map(Decimal::to_f64), Ok(Err(NumeralError::TooLarge)));
        let nines = "9".repeat(400);
        let form = ArabicForm { grouping: true, exponent: true };
        assert_eq!(arabic_at(&nines, 0, form).map(|a| (a.value, a.end)), Some((Err(NumeralError::TooLarge), 400)));
        let value = |s: &str| arabic_at(s, 0, form).map(|a| a.value.and_then(Decimal::to_f64));
        assert_eq!(value("18446744073709551617"), Some(Err(NumeralError::TooLarge)));
        assert_eq!(value("18446744073709551615"), Some(Err(NumeralError::TooLarge)));
        assert_eq!(value("9007199254740993"), Some(Err(NumeralError::TooLarge)));
        assert_eq!(value("9007199254740992"), Some(Ok(MAX_MAGNITUDE)));
    }

    #[test]
    fn arabic_forms() {
        let form = ArabicForm { grouping: true, exponent: false };
        let read = |s: &str| arabic_at(s, 0, form).map(|a| (a.value.and_then(Decimal::to_f64).ok(), a.end));
        assert_eq!(read("1,291所"), Some((Some(1291.0), 5)));
        assert_eq!(read("12,345,678"), Some((Some(12_345_678.0), 10)));
        assert_eq!(read("1,29"), Some((Some(1.0), 1)));
        assert_eq!(read("1,2345"), Some((Some(1.0), 1)));
        assert_eq!(read("97.6%"), Some((Some(97.6), 4)));
        assert_eq!(read("９７．６"), Some((Some(97.6), 12)));
        assert_eq!(read("2.0版"), Some((Some(2.0), 3)));
        assert_eq!(read("5."), Some((Some(5.0), 1)));
        let sci = ArabicForm { grouping: false, exponent: true };
        let v = arabic_at("1e+06", 0, sci).map(|a| (a.value.and_then(Decimal::to_f64).ok(), a.end));
        assert_eq!(v, Some((Some(1e6), 5)));
    }

    #[test]
    fn multipliers() {
        let m = |s: &str| multiplier(&s.chars().collect::<Vec<_>>());
        assert_eq!(m("万"), Some(4));
        assert_eq!(m("亿"), Some(8));
        assert_eq!(m("万亿"), Some(12));
        assert_eq!(m("千万"), Some(7));
        assert_eq!(m("百万"), Some(6));
        assert_eq!(m("十万"), Some(5));
        assert_eq!(m("千"), Some(3));
        assert_eq!(m("十"), None);
        assert_eq!(m("万万"), None);
        assert_eq!(m("亿万"), None);
        assert_eq!(m("万千"), None);
    }
}
