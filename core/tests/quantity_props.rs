#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Properties of the quantity parser: every integer up to 10^12, written as a Chinese
//! numeral by an encoder of our own (written from the rules of the notation, not from the
//! parser), reads back exactly; Arabic figures with separators and multipliers read back
//! exactly; and no input, however hostile, makes the parser panic or return a quantity
//! that is not where it says it is.

use proptest::prelude::*;
use zhibiao::quantity::{chinese_number, parse_all, parse_quantity, read_figure, try_parse_all, Qualifier, MAX_MAGNITUDE};

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const FINANCIAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// How to write a numeral.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// 壹贰叁 … 拾佰仟 instead of 一二三 … 十百千.
    financial: bool,
    /// 两 for a 2 before 百, 千, 万 or 亿 (两千, 两万).
    liang: bool,
    /// 一十五 rather than 十五 at the start.
    yi_shi: bool,
}

/// A section 1..=9999: digits with their place words, one 零 for any run of zeros between
/// digits, no trailing zeros. `grouped`: a 万 or 亿 follows (两万 for a group of 2).
fn section(n: u64, s: Style, leading: bool, grouped: bool, out: &mut String) {
    let digits = if s.financial { FINANCIAL } else { DIGITS };
    let places: [&str; 4] = if s.financial { ["仟", "佰", "拾", ""] } else { ["千", "百", "十", ""] };
    let ds = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        let first = !started && leading;
        if d == 1 && i == 2 && first && !s.yi_shi {
            // 十五, not 一十五, when the number begins with it.
        } else if d == 2 && s.liang && (i < 2 || (i == 3 && n == 2 && grouped)) {
            out.push('两');
        } else {
            out.push(digits[d as usize]);
        }
        out.push_str(places[i]);
        started = true;
    }
}

/// Chinese numeral of `n` (0 ≤ n ≤ 10^12): groups of four digits under 亿 and 万, a 零
/// where a group has fewer than four digits after a higher group or a group is skipped.
fn encode(n: u64, s: Style) -> String {
    if n == 0 {
        return "零".into();
    }
    let mut out = String::new();
    let yi = n / 100_000_000;
    let wan = n / 10_000 % 10_000;
    let unit = n % 10_000;
    let mut higher = false;
    let mut gap = false;
    if yi > 0 {
        if yi >= 10_000 {
            // 一万亿 (10^12): the 亿 group is itself written with 万.
            out.push_str(&encode(yi, s));
        } else {
            section(yi, s, true, true, &mut out);
        }
        out.push('亿');
        higher = true;
    }
    for (group, word) in [(wan, Some('万')), (unit, None)] {
        if group == 0 {
            gap = higher;
            continue;
        }
        if higher && (gap || group < 1000) {
            out.push('零');
        }
        section(group, s, !higher, word.is_some(), &mut out);
        if let Some(w) = word {
            out.push(w);
        }
        higher = true;
        gap = false;
    }
    out
}

#[test]
fn the_encoder_writes_what_the_rules_say() {
    let plain = Style { financial: false, liang: false, yi_shi: false };
    for (n, want) in [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (110, "一百一十"),
        (105, "一百零五"),
        (1001, "一千零一"),
        (100_000, "十万"),
        (100_005, "十万零五"),
        (250_000_000, "二亿五千万"),
        (105_000_000, "一亿零五百万"),
        (100_001_000, "一亿零一千"),
        (1_000_000_000_000, "一万亿"),
    ] {
        assert_eq!(encode(n, plain), want, "{n}");
    }
    assert_eq!(encode(250_000_000, Style { liang: true, ..plain }), "两亿五千万");
    assert_eq!(encode(1234, Style { financial: true, ..plain }), "壹仟贰佰叁拾肆");
}

fn check_chinese(n: u64, s: Style) {
    let text = encode(n, s);
    assert_eq!(chinese_number(&text), Some(n as f64), "{text} ({s:?})");
    let q = parse_quantity(&format!("{text}个")).unwrap_or_else(|e| panic!("{text}个: {e}"));
    assert_eq!((q.value, q.unit.as_str()), (n as f64, "个"), "{text}个");
    let f = read_figure(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!((f.value, f.qualifier), (n as f64, Qualifier::Exact), "{text}");
}

/// Every number to 10 000, and the boundaries around each group power.
#[test]
fn every_small_number_and_every_boundary_reads_back() {
    let styles = [
        Style { financial: false, liang: false, yi_shi: false },
        Style { financial: true, liang: false, yi_shi: false },
        Style { financial: false, liang: true, yi_shi: true },
    ];
    for n in 0..=10_000 {
        for s in styles {
            check_chinese(n, s);
        }
    }
    let mut edges = Vec::new();
    for p in [10_000u64, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000] {
        for k in 1..=9 {
            let b = p * k;
            for d in [0, 1, 5, 10, 999, 1000, 1001, 9999] {
                edges.extend([b.saturating_sub(d), b + d]);
            }
        }
    }
    edges.retain(|&n| n <= 1_000_000_000_000);
    for n in edges {
        for s in styles {
            check_chinese(n, s);
        }
    }
}

/// 1,291 and 1291 and 1291万 read exactly.
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cases per property: 3000, or `PROPTEST_CASES` for a longer run
/// (`PROPTEST_CASES=200000 cargo test --release -p zhibiao --test integration -- quantity_props::`).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn chinese_numerals_up_to_a_trillion_read_back(n in 0u64..=1_000_000_000_000, financial: bool, liang: bool, yi_shi: bool) {
        check_chinese(n, Style { financial, liang, yi_shi });
    }

    #[test]
    fn arabic_figures_read_back(n in 0u64..=1_000_000_000_000, frac in 0u32..100, wan: bool) {
        let f = read_figure(&grouped(n)).unwrap();
        prop_assert_eq!(f.value, n as f64);
        let full_width: String = grouped(n).chars().map(|c| if c == ',' { '，' } else { char::from_u32(c as u32 + 0xfee0).unwrap() }).collect();
        prop_assert_eq!(read_figure(&full_width).unwrap().value, n as f64);
        let q = parse_quantity(&format!("{}所", grouped(n))).unwrap();
        prop_assert_eq!(q.value, n as f64);
        // 12.34万 is exactly 123400: the multiplier is applied in decimal, not in binary.
        let m = n % 100_000_000;
        let (written, exact) = if wan {
            (format!("{m}.{frac:02}万"), m * 10_000 + u64::from(frac) * 100)
        } else {
            (format!("{m}.{frac:02}亿"), m * 100_000_000 + u64::from(frac) * 1_000_000)
        };
        if (exact as f64) <= MAX_MAGNITUDE {
            prop_assert_eq!(read_figure(&written).unwrap().value, exact as f64, "{}", written);
        }
    }

    #[test]
    fn no_input_makes_it_panic(s in any::<String>()) {
        check_invariants(&s);
    }

    #[test]
    fn no_mix_of_numerals_and_words_makes_it_panic(parts in prop::collection::vec(prop::sample::select(ALPHABET), 0..24)) {
        check_invariants(&parts.concat());
    }
}

/// Pieces of which hostile quantity phrases are made.
const ALPHABET: &[&str] = &[
    "0", "1", "9", "99999999999", "１", "．", ".", ",", "，", "一", "二", "两", "十", "百", "千", "万", "亿", "零", "点", "壹", "拾",
    "分之", "成", "大", "余", "多", "%", "％", "‰", "个", "所", "年", "周年", "级", "M", "G", "Mbps", "元", "倍", "番", "翻", "清零",
    "以上", "以下", "以内", "左右", "不足", "超过", "至少", "近", "约", "增长", "提升至", "降至", "至", "-", "—", "~", "/", "第",
    "“", "”", " ", "\n", "e", "+", "百分之", "一半", "全覆盖", "党的", "内",
];

fn check_invariants(s: &str) {
    let all = parse_all(s);
    for q in &all {
        assert_eq!(s.get(q.start..q.end), Some(q.text.as_str()), "{s:?}: {q:?}");
        assert!(q.value.is_finite() && q.value.abs() <= MAX_MAGNITUDE, "{s:?}: {q:?}");
        if let Some(h) = q.high {
            assert!(h.is_finite() && h >= q.value, "{s:?}: {q:?}");
        }
    }
    match try_parse_all(s) {
        Ok(v) => assert_eq!(v, all, "{s:?}"),
        Err(e) => assert_eq!(e.code(), "quantity.out_of_range", "{s:?}"),
    }
    if let Ok(f) = read_figure(s) {
        assert!(f.value.is_finite() && f.value.abs() <= MAX_MAGNITUDE, "{s:?}: {f:?}");
    }
    let _ = chinese_number(s);
}
