//! The words of the reports in Chinese and English: the language switch, units of
//! measure, and the reasons a result could not be judged. One table each, so a new
//! unit or reason is one line.

use crate::catalog::fmt_num;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` in Chinese, `en` in English.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
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

/// Chinese units and measure words with their English nouns (singular, plural). A
/// measure word with no noun of its own (个, 项) has none: the number stands alone and
/// the target's label says what is counted. Units not listed are shown as written.
const UNITS: &[(&str, &str, &str)] = &[
    ("门", "course", "courses"),
    ("所", "school", "schools"),
    ("校", "school", "schools"),
    ("堂", "lesson", "lessons"),
    ("节", "lesson", "lessons"),
    ("课", "lesson", "lessons"),
    ("人", "person", "people"),
    ("名", "person", "people"),
    ("人次", "attendance", "attendances"),
    ("期", "session", "sessions"),
    ("班", "class", "classes"),
    ("间", "room", "rooms"),
    ("部", "item", "items"),
    ("条", "item", "items"),
    ("台", "device", "devices"),
    ("套", "set", "sets"),
    ("家", "organisation", "organisations"),
    ("次", "time", "times"),
    ("学时", "class hour", "class hours"),
    ("小时", "hour", "hours"),
    ("天", "day", "days"),
    ("年", "year", "years"),
    ("个", "", ""),
    ("项", "", ""),
    ("种", "", ""),
];

/// The unit as a reader of `lang` writes it after `value`: `门` → ` courses`, `%` → `%`.
fn unit_after(unit: &str, value: f64, lang: Lang) -> String {
    if lang == Lang::Zh || unit.is_empty() || unit == "%" {
        return unit.to_string();
    }
    match UNITS.iter().find(|u| u.0 == unit) {
        Some((_, one, _)) if (value - 1.0).abs() < 1e-12 && !one.is_empty() => format!(" {one}"),
        Some((_, _, many)) if !many.is_empty() => format!(" {many}"),
        Some(_) => String::new(),
        None => format!(" {unit}"),
    }
}

/// English name of a unit (plural), or the unit itself when it has none.
pub fn unit_en(unit: &str) -> &str {
    match UNITS.iter().find(|u| u.0 == unit) {
        Some((_, _, many)) => many,
        None => unit,
    }
}

/// A number for a reader of `lang`: up to four decimals; thousands grouped in English.
pub fn number(v: f64, lang: Lang) -> String {
    let s = fmt_num(v);
    if lang == Lang::Zh {
        return s;
    }
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() <= 3 {
        return s;
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value with its unit: `801门` / `801 courses`, `97.6%`, `1000Mbps` / `1,000 Mbps`.
pub fn quantity(value: f64, unit: &str, lang: Lang) -> String {
    format!("{}{}", number(value, lang), unit_after(unit, value, lang))
}

/// Why a result was not judged: its reason code in words. Codes not listed are shown
/// as they are (a newer core may add some).
const REASONS: &[(&str, &str, &str)] = &[
    ("no_data", "无数据", "no data"),
    ("no_eligible_units", "范围内无单位", "no units in scope"),
    ("no_baseline", "无基线", "no baseline"),
    ("too_few_points", "数据点不足", "too few data points"),
    ("outside_period", "仅有期限后的数据", "data only from after the period"),
    ("pending", "未到期", "not yet due"),
    ("unreported", "到期未报告", "not reported by the deadline"),
    ("contribution", "计入上级地区的总数", "counts toward the whole region's figure"),
    ("no_figure", "目标无数值", "the target states no figure"),
    ("not_summed", "下级填报值无分母，无法汇总", "a sub-region's reported figure cannot be summed"),
    ("bound_undecided", "填报值为区间，不能判定", "the reported bound cannot decide"),
];

/// A reason code in words (`outside_period` → `data only from after the period`).
pub fn reason(code: &str, lang: Lang) -> &str {
    REASONS.iter().find(|r| r.0 == code).map_or(code, |r| lang.pick(r.1, r.2))
}

/// Every reason code with its Chinese and English words, for legends.
pub fn reasons() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    REASONS.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_english() {
        assert_eq!(quantity(800.0, "门", Lang::En), "800 courses");
        assert_eq!(quantity(1.0, "所", Lang::En), "1 school");
        assert_eq!(quantity(800.0, "门", Lang::Zh), "800门");
        assert_eq!(quantity(20.0, "个", Lang::En), "20");
        assert_eq!(quantity(97.6, "%", Lang::En), "97.6%");
        assert_eq!(quantity(10_000_000.0, "个", Lang::En), "10,000,000");
        assert_eq!(quantity(1000.0, "Mbps", Lang::En), "1,000 Mbps");
        assert_eq!(quantity(3.0, "某", Lang::En), "3 某", "an unknown unit is kept, not dropped");
        assert_eq!(number(-1_234_567.25, Lang::En), "-1,234,567.25");
        assert_eq!(number(12_345.0, Lang::En), "12,345");
    }

    #[test]
    fn reasons_in_words() {
        assert_eq!(reason("outside_period", Lang::En), "data only from after the period");
        assert_eq!(reason("no_data", Lang::Zh), "无数据");
        assert_eq!(reason("something_new", Lang::En), "something_new");
    }
}
