//! Exact comparisons: the one place that decides whether a value meets a figure.
//!
//! Every verdict of the engine that compares a value with a target figure — the status
//! of every kind, the bounds' `status_if_missing_passed`, a unit's test against a
//! share's condition or a per-unit minimum, a baseline that already met the figure, the
//! growth ratio against its thresholds — is decided here, in exact arithmetic
//! (METHODOLOGY §11.2):
//!
//! - a **share** is the rational `100 · P / E` of its integer counts, so 29 of 50 is 58
//!   exactly and meets ≥ 58 % (`100 · 29 ≥ 58 · 50`), where the double
//!   `29 / 50 × 100 = 57.99999999999999` would not;
//! - a **figure** (an observation, a target's value, a catalog baseline) is the decimal
//!   it was written as: the shortest decimal that reads back as its double (`97.6`,
//!   `0.3`). Decimal input therefore compares as written, and sums and differences of
//!   figures are formed exactly (`0.1 + 0.2 = 0.3`);
//! - `about` is met at `95/100` of the figure, exactly;
//! - a linear growth ratio is the rational of its differences, compared with the
//!   thresholds as decimals.
//!
//! [`Num`] carries a number both ways: the double shown to people and written to JSON
//! (the nearest double of the exact value) and, where it is known, the exact rational.
//! A number without an exact form (a compound growth rate, a figure beyond 10³⁶ or
//! below 10⁻²⁰ in size, a sum whose fraction would not fit 128-bit integers) is
//! compared as a double.

use crate::model::Comparator;
use std::cmp::Ordering;

/// A fraction `num / den` in lowest terms, `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    // Shares of counts and decimal figures fit 64 bits: there the binary algorithm runs
    // on machine words (128-bit remainders are calls into a software division).
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => binary_gcd(a, b) as i128,
        _ => {
            let (mut a, mut b) = (a, b);
            while b != 0 {
                (a, b) = (b, a % b);
            }
            // At most |i128::MIN| = 2¹²⁷, which only gcd(i128::MIN, 0) reaches.
            i128::try_from(a).unwrap_or(i128::MAX)
        }
    }
}

/// Stein's algorithm: shifts and subtractions only.
fn binary_gcd(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `a / b` on machine words when both fit 64 bits (`b` ≠ 0, exact or truncated as `/`).
fn div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) if y != 0 && !(x == i64::MIN && y == -1) => (x / y) as i128,
        _ => a / b,
    }
}

/// Below this a 128-bit product of two parts cannot overflow.
const SAFE: i128 = 1 << 62;

impl Ratio {
    /// `num / den`, reduced; `None` when `den` is 0 (or a part overflows).
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (num, den) = (div(num, g), div(den, g));
        if den < 0 {
            Some(Ratio { num: num.checked_neg()?, den: den.checked_neg()? })
        } else {
            Some(Ratio { num, den })
        }
    }

    /// A whole number.
    pub fn integer(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// Numerator (in lowest terms).
    pub fn numerator(self) -> i128 {
        self.num
    }

    /// Denominator (in lowest terms, positive).
    pub fn denominator(self) -> i128 {
        self.den
    }

    /// The decimal a double was written as: the shortest decimal that reads back as `v`
    /// (`97.6` for the double nearest 97.6). `None` for NaN, infinities and numbers
    /// whose decimal does not fit 128-bit parts.
    pub fn decimal(v: f64) -> Option<Ratio> {
        if !v.is_finite() {
            return None;
        }
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            return Some(Ratio::integer(v as i128));
        }
        if let Some(r) = Ratio::short_decimal(v) {
            return Some(r);
        }
        Ratio::printed_decimal(v)
    }

    /// [`Ratio::decimal`] for a double written with at most 15 significant digits and
    /// [`SHORT_DIGITS`] after the point (figures as people write them: 97.6, 0.95,
    /// 12.345), without printing it: the fewest digits `k` after the point for which
    /// `m = round(v·10^k)` reads back as `v` (`m / 10^k`, both parts exact doubles, is
    /// then the correctly rounded value of the decimal). Below 10^15 two decimals with
    /// as many digits never read back as the same double, so that `m` is the shortest
    /// decimal's. `None` when there is none such.
    fn short_decimal(v: f64) -> Option<Ratio> {
        let mut ten = 1.0f64;
        for k in 0..=SHORT_DIGITS {
            let m = (v * ten).round();
            if m.abs() >= 1.0e15 {
                return None;
            }
            if m / ten == v {
                return Ratio::new(m as i64 as i128, 10i128.pow(k));
            }
            ten *= 10.0;
        }
        None
    }

    /// [`Ratio::decimal`] through the shortest round-trip digits Rust prints.
    fn printed_decimal(v: f64) -> Option<Ratio> {
        if !v.is_finite() {
            return None;
        }
        // `{:e}` prints the shortest round-trip digits: "9.76e1", "-1.5e-3".
        let text = format!("{v:e}");
        let (mantissa, exp) = text.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let (sign, digits) = match mantissa.strip_prefix('-') {
            Some(d) => (-1, d),
            None => (1, mantissa),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let m: i128 = format!("{whole}{frac}").parse().ok()?;
        let scale = exp - frac.len() as i32;
        let ten = |k: i32| 10i128.checked_pow(k.unsigned_abs());
        if scale >= 0 {
            Some(Ratio::integer(sign * m.checked_mul(ten(scale)?)?))
        } else {
            Ratio::new(sign * m, ten(scale)?)
        }
    }

    /// The nearest double (ties to even), as IEEE division of exact parts gives it.
    pub fn to_f64(self) -> f64 {
        const EXACT: i128 = 1 << 53;
        if self.num.abs() <= EXACT && self.den <= EXACT {
            // Through 64 bits: the parts are exact there, and a 128-bit integer's
            // conversion is a software call.
            return self.num as i64 as f64 / self.den as i64 as f64;
        }
        // A decimal fraction: written out and read back, which rounds once.
        let (mut d, mut k) = (self.den, 0u32);
        while d % 10 == 0 {
            d /= 10;
            k += 1;
        }
        let (mut twos, mut fives) = (0u32, 0u32);
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        if d == 1 {
            let extra = twos.max(fives);
            let factor = 2i128.checked_pow(extra - twos).zip(5i128.checked_pow(extra - fives)).and_then(|(a, b)| a.checked_mul(b));
            if let Some(n) = factor.and_then(|f| self.num.checked_mul(f)) {
                if let Ok(v) = format!("{n}e-{}", k + extra).parse::<f64>() {
                    return v;
                }
            }
        }
        self.num as f64 / self.den as f64
    }

    fn add(self, o: Ratio) -> Option<Ratio> {
        let g = gcd(self.den, o.den).max(1);
        let (a, b) = (div(self.den, g), div(o.den, g));
        let num = self.num.checked_mul(b)?.checked_add(o.num.checked_mul(a)?)?;
        Ratio::new(num, self.den.checked_mul(b)?)
    }

    fn neg(self) -> Option<Ratio> {
        Some(Ratio { num: self.num.checked_neg()?, den: self.den })
    }

    fn mul(self, o: Ratio) -> Option<Ratio> {
        let (g1, g2) = (gcd(self.num, o.den).max(1), gcd(o.num, self.den).max(1));
        Ratio::new(div(self.num, g1).checked_mul(div(o.num, g2))?, div(self.den, g2).checked_mul(div(o.den, g1))?)
    }

    fn div(self, o: Ratio) -> Option<Ratio> {
        if o.num == 0 {
            return None;
        }
        self.mul(Ratio::new(o.den, o.num)?)
    }

    /// Exact order, without overflow whatever the parts (continued fractions).
    pub fn cmp_exact(self, o: Ratio) -> Ordering {
        if self.num.abs() < SAFE && self.den < SAFE && o.num.abs() < SAFE && o.den < SAFE {
            return (self.num * o.den).cmp(&(o.num * self.den));
        }
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, o.num, o.den);
        // Invariant: the answer is the order of a/b against c/d, with b, d > 0.
        loop {
            let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
            let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
            let order = match qa.cmp(&qc) {
                Ordering::Equal => match (ra == 0, rc == 0) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => {
                        // ra/b against rc/d, both in (0, 1): the order of d/rc against b/ra.
                        (a, b, c, d) = (d, rc, b, ra);
                        continue;
                    }
                },
                o => o,
            };
            return order;
        }
    }
}

/// The most digits after the point [`Ratio::short_decimal`] tries (10^k exact as a
/// double up to 10^22).
const SHORT_DIGITS: u32 = 15;

/// A number as the engine holds it: the double shown to people and written to JSON,
/// and, where it is known, the exact rational it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    approx: f64,
    exact: Option<Ratio>,
}

impl Num {
    /// A figure as written (an observation, a target's value, a catalog baseline): its
    /// shortest decimal.
    pub fn decimal(v: f64) -> Num {
        Num { approx: v, exact: Ratio::decimal(v) }
    }

    /// An exact rational.
    pub fn ratio(r: Ratio) -> Num {
        Num { approx: r.to_f64(), exact: Some(r) }
    }

    /// A number known only as a double (a compound growth rate): compared as a double.
    pub fn approximate(v: f64) -> Num {
        Num { approx: v, exact: None }
    }

    /// `100 · part / whole` in %, for counts of units (`part`, `whole` whole numbers, as
    /// the engine counts them). `None` when `whole` is 0.
    pub fn share(part: f64, whole: f64) -> Option<Num> {
        if whole == 0.0 {
            return None;
        }
        // Counts (whole numbers below 2^53): the fraction 100·part / whole directly, the
        // same reduced ratio as through the decimals, without printing them.
        const WHOLE: f64 = (1u64 << 53) as f64;
        if part.fract() == 0.0 && whole.fract() == 0.0 && part.abs() < WHOLE && whole.abs() < WHOLE {
            return Ratio::new(part as i128 * 100, whole as i128).map(Num::ratio);
        }
        Num::share_of_decimals(part, whole)
    }

    /// [`Num::share`] through the decimals of `part` and `whole` (any finite figures).
    fn share_of_decimals(part: f64, whole: f64) -> Option<Num> {
        if whole == 0.0 {
            return None;
        }
        match (Ratio::decimal(part), Ratio::decimal(whole)) {
            (Some(p), Some(w)) => p.mul(Ratio::integer(100)).and_then(|p| p.div(w)).map(Num::ratio),
            _ => Some(Num::approximate(100.0 * part / whole)),
        }
    }

    /// The double: the nearest one to the exact value where there is one.
    pub fn value(self) -> f64 {
        self.approx
    }

    /// The exact rational, if known.
    pub fn exact(self) -> Option<Ratio> {
        self.exact
    }

    fn combine(self, o: Num, exact: impl Fn(Ratio, Ratio) -> Option<Ratio>, approx: impl Fn(f64, f64) -> f64) -> Num {
        match self.exact.zip(o.exact).and_then(|(a, b)| exact(a, b)) {
            Some(r) => Num::ratio(r),
            None => Num::approximate(approx(self.approx, o.approx)),
        }
    }

    /// `self + o`.
    pub fn plus(self, o: Num) -> Num {
        self.combine(o, Ratio::add, |a, b| a + b)
    }

    /// `self − o`.
    pub fn minus(self, o: Num) -> Num {
        self.combine(o, |a, b| a.add(b.neg()?), |a, b| a - b)
    }

    /// `self · o`.
    pub fn times(self, o: Num) -> Num {
        self.combine(o, Ratio::mul, |a, b| a * b)
    }

    /// `self / o`; `None` when `o` is 0.
    pub fn over(self, o: Num) -> Option<Num> {
        if o.approx == 0.0 && o.exact.is_none_or(|r| r.num == 0) {
            return None;
        }
        Some(self.combine(o, Ratio::div, |a, b| a / b))
    }

    /// Order: exact when both are known exactly, else of the doubles (`None` for NaN).
    pub fn compare(self, o: Num) -> Option<Ordering> {
        match (self.exact, o.exact) {
            (Some(a), Some(b)) => Some(a.cmp_exact(b)),
            _ => self.approx.partial_cmp(&o.approx),
        }
    }

    /// Equal as numbers (exactly where both are exact).
    pub fn same(self, o: Num) -> bool {
        self.compare(o) == Some(Ordering::Equal)
    }

    /// Zero.
    pub fn is_zero(self) -> bool {
        self.same(Num::decimal(0.0))
    }
}

/// The share of an approximate figure (左右, 约) that counts as reaching it: 95/100.
pub fn about_tolerance() -> Num {
    Num::ratio(Ratio { num: 19, den: 20 })
}

/// Whether `value` meets `figure` under `cmp` (METHODOLOGY §11.2): `x ≥ T`, `x > T`,
/// `x ≤ T`, `x < T`, or for `about` `x ≥ 95/100 · T`, exactly.
pub fn meets(cmp: Comparator, value: Num, figure: Num) -> bool {
    use Ordering::*;
    match cmp {
        Comparator::AtLeast | Comparator::Reach => matches!(value.compare(figure), Some(Greater | Equal)),
        Comparator::MoreThan => value.compare(figure) == Some(Greater),
        Comparator::AtMost => matches!(value.compare(figure), Some(Less | Equal)),
        Comparator::LessThan => value.compare(figure) == Some(Less),
        Comparator::About => matches!(value.compare(figure.times(about_tolerance())), Some(Greater | Equal)),
    }
}

/// Whether a growth ratio reaches a threshold (`R ≥ threshold`), exactly when both are.
pub fn reaches(ratio: Num, threshold: Num) -> bool {
    matches!(ratio.compare(threshold), Some(Ordering::Greater | Ordering::Equal))
}

/// A unit's test against a figure (a share's condition, a per-unit minimum), compiled
/// once per target into one comparison of doubles that gives exactly what [`meets`]
/// gives for a unit's observed figure: doubles are ordered as the decimals they were
/// written as, so `≥ > ≤ <` compare the doubles directly, and `about` compares with the
/// least double whose decimal reaches 95/100 of the figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnitTest {
    /// `v ≥ threshold`.
    AtLeast(f64),
    /// `v > threshold`.
    MoreThan(f64),
    /// `v ≤ threshold`.
    AtMost(f64),
    /// `v < threshold`.
    LessThan(f64),
}

impl UnitTest {
    /// The test `value cmp figure`.
    pub fn new(cmp: Comparator, figure: f64) -> UnitTest {
        match cmp {
            Comparator::AtLeast | Comparator::Reach => UnitTest::AtLeast(figure),
            Comparator::MoreThan => UnitTest::MoreThan(figure),
            Comparator::AtMost => UnitTest::AtMost(figure),
            Comparator::LessThan => UnitTest::LessThan(figure),
            Comparator::About => UnitTest::AtLeast(least_meeting(cmp, figure)),
        }
    }

    /// Whether a unit's value passes.
    #[inline]
    pub fn passes(self, v: f64) -> bool {
        match self {
            UnitTest::AtLeast(t) => v >= t,
            UnitTest::MoreThan(t) => v > t,
            UnitTest::AtMost(t) => v <= t,
            UnitTest::LessThan(t) => v < t,
        }
    }
}

/// The adjacent double above (`dir = 1`) or below (`dir = -1`), for finite `t`
/// (`f64::next_up` is newer than the supported Rust).
fn step(t: f64, dir: i64) -> f64 {
    if t == 0.0 {
        return if dir > 0 { f64::from_bits(1) } else { -f64::from_bits(1) };
    }
    let bits = t.to_bits() as i64;
    let away = (t > 0.0) == (dir > 0);
    f64::from_bits((if away { bits + 1 } else { bits - 1 }) as u64)
}

/// The least double whose decimal meets `figure` under an increasing `cmp`.
fn least_meeting(cmp: Comparator, figure: f64) -> f64 {
    let ok = |v: f64| meets(cmp, Num::decimal(v), Num::decimal(figure));
    let mut t = figure * 0.95;
    if !t.is_finite() {
        return t;
    }
    for _ in 0..64 {
        if ok(t) {
            break;
        }
        t = step(t, 1);
    }
    for _ in 0..64 {
        let below = step(t, -1);
        if !ok(below) {
            break;
        }
        t = below;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euclid(a: i128, b: i128) -> i128 {
        let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a as i128
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        // The machine-word paths (binary gcd, 64-bit division) agree with 128-bit
        // Euclid, on both sides of the 64-bit boundary and with signs.
        #[test]
        fn gcd_and_division_agree_with_128_bit_arithmetic(
            a in proptest::prop_oneof![-1_000_000i128..1_000_000, proptest::num::i64::ANY.prop_map(i128::from), -(1i128 << 100)..(1i128 << 100)],
            b in proptest::prop_oneof![-1_000_000i128..1_000_000, proptest::num::i64::ANY.prop_map(i128::from), -(1i128 << 100)..(1i128 << 100)],
        ) {
            proptest::prop_assert_eq!(gcd(a, b), euclid(a, b));
            if b != 0 {
                proptest::prop_assert_eq!(div(a, b), a / b);
            }
        }
    }
    /// Doubles as figures are written (few digits, any scale) and any bits at all.
    fn doubles() -> impl proptest::strategy::Strategy<Value = f64> {
        proptest::prop_oneof![
            (-1_000_000_000i64..1_000_000_000, 0u32..18).prop_map(|(m, k)| m as f64 / 10f64.powi(k as i32)),
            (-99_999i64..99_999, 0u32..25).prop_map(|(m, k)| m as f64 / 10f64.powi(k as i32)),
            (0u64..(1 << 53), 0u32..16).prop_map(|(m, k)| m as f64 / 10f64.powi(k as i32)),
            proptest::num::f64::ANY,
        ]
    }

    proptest::proptest! {
        // Without printing, the same ratio as through the printed shortest digits.
        #[test]
        fn short_decimals_are_the_printed_decimals(v in doubles()) {
            proptest::prop_assert_eq!(Ratio::decimal(v), Ratio::printed_decimal(v));
        }

        // The shortcut for counts gives the ratio and the double the decimals give.
        #[test]
        fn shares_of_counts_are_the_shares_of_decimals(
            part in proptest::prop_oneof![0u64..1_000, 0u64..10_000_000, 0u64..(1u64 << 53)],
            whole in proptest::prop_oneof![1u64..1_000, 1u64..10_000_000, 1u64..(1u64 << 53)],
        ) {
            let (p, w) = (part as f64, whole as f64);
            let (fast, slow) = (Num::share(p, w), Num::share_of_decimals(p, w));
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(Num::share(-p, w), Num::share_of_decimals(-p, w));
        }
    }

    use Comparator::*;

    fn share(p: u32, e: u32) -> Num {
        Num::share(p as f64, e as f64).unwrap_or(Num::approximate(f64::NAN))
    }

    #[test]
    fn twenty_nine_of_fifty_meets_fifty_eight_percent() {
        let (p, e) = (std::hint::black_box(29.0), std::hint::black_box(50.0));
        assert!(p / e * 100.0 < 58.0, "the double this module replaces reads low");
        let x = share(29, 50);
        assert_eq!(x.value(), 58.0);
        assert!(meets(AtLeast, x, Num::decimal(58.0)));
        assert!(meets(Reach, x, Num::decimal(58.0)));
        assert!(meets(AtMost, x, Num::decimal(58.0)));
        assert!(!meets(MoreThan, x, Num::decimal(58.0)));
        assert!(!meets(LessThan, x, Num::decimal(58.0)));
    }

    #[test]
    fn every_count_of_a_hundred_sits_at_its_own_figure() {
        // p / 100 × 100 reads low for 29, 57, 58 and high for 7, 14, 28, 55, 56.
        let low: Vec<u32> = (0..=100).filter(|&p| (p as f64 / 100.0 * 100.0) < p as f64).collect();
        let high: Vec<u32> = (0..=100).filter(|&p| (p as f64 / 100.0 * 100.0) > p as f64).collect();
        assert_eq!(low, [29, 57, 58]);
        assert_eq!(high, [7, 14, 28, 55, 56]);
        for p in 0..=100u32 {
            let (x, t) = (share(p, 100), Num::decimal(p as f64));
            assert_eq!(x.value(), p as f64);
            assert!(meets(AtLeast, x, t) && meets(AtMost, x, t), "{p}");
            assert!(!meets(MoreThan, x, t) && !meets(LessThan, x, t), "{p}");
            // One unit fewer misses ≥, one more misses ≤.
            if p > 0 {
                assert!(!meets(AtLeast, share(p - 1, 100), t) && meets(LessThan, share(p - 1, 100), t), "{p}");
            }
            if p < 100 {
                assert!(!meets(AtMost, share(p + 1, 100), t) && meets(MoreThan, share(p + 1, 100), t), "{p}");
            }
        }
    }

    #[test]
    fn decimal_figures_compare_as_written() {
        let d = Num::decimal;
        assert!(meets(AtLeast, d(97.6), d(97.6)));
        assert!(!meets(MoreThan, d(97.6), d(97.6)));
        // 0.1 + 0.2 is 0.30000000000000004 in doubles, 0.3 here.
        let sum = d(0.1).plus(d(0.2));
        assert!(std::hint::black_box(0.1) + 0.2 > 0.3);
        assert_eq!(sum.value(), 0.3);
        assert!(meets(AtMost, sum, d(0.3)) && meets(AtLeast, sum, d(0.3)));
        assert!(d(0.7).minus(d(0.1)).same(d(0.6)));
        // 976 of 1000 is 97.6 %.
        assert!(meets(AtLeast, share(976, 1000), d(97.6)) && meets(AtMost, share(976, 1000), d(97.6)));
        assert!(!meets(AtLeast, share(975, 1000), d(97.6)));
    }

    #[test]
    fn about_is_met_at_ninety_five_hundredths() {
        let d = Num::decimal;
        assert!(meets(About, d(950.0), d(1000.0)));
        assert!(!meets(About, d(949.0), d(1000.0)));
        // 0.95 × 97.6 = 92.72 exactly; the doubles give 92.71999999999998.
        assert!(meets(About, d(92.72), d(97.6)));
        assert!(!meets(About, d(92.71), d(97.6)));
        assert!(meets(About, d(1e9), d(1000.0)), "exceeding an approximate figure is no failure");
        for (fig, at) in [(97.6, 92.72), (1000.0, 950.0), (70.0, 66.5), (0.3, 0.285), (1.1, 1.045)] {
            let t = UnitTest::new(About, fig);
            assert!(t.passes(at) && !t.passes(at - 1e-9), "{fig}");
            assert_eq!(t.passes(at), meets(About, d(at), d(fig)));
        }
    }

    #[test]
    fn unit_tests_agree_with_meets() {
        let values = [0.0, 0.1, 0.3, 31.9, 32.0, 32.1, 92.72, 97.6, 99.99, 100.0, 1000.0, 999.9];
        for cmp in [AtLeast, Reach, MoreThan, AtMost, LessThan, About] {
            for &f in &values {
                let t = UnitTest::new(cmp, f);
                for &v in &values {
                    assert_eq!(t.passes(v), meets(cmp, Num::decimal(v), Num::decimal(f)), "{cmp:?} {v} {f}");
                }
            }
        }
    }

    #[test]
    fn exact_order_without_overflow() {
        let big = Ratio::new(i128::MAX / 3, i128::MAX / 5).unwrap_or(Ratio::integer(0));
        let bigger = Ratio::new(i128::MAX / 3 + 1, i128::MAX / 5).unwrap_or(Ratio::integer(0));
        assert_eq!(big.cmp_exact(bigger), Ordering::Less);
        assert_eq!(bigger.cmp_exact(big), Ordering::Greater);
        assert_eq!(big.cmp_exact(big), Ordering::Equal);
        let third = Ratio::new(1, 3).unwrap_or(Ratio::integer(0));
        assert_eq!(third.cmp_exact(Ratio::decimal(0.3333333333333333).unwrap_or(third)), Ordering::Greater);
        assert_eq!(Ratio::new(-7, 2).unwrap_or(third).cmp_exact(Ratio::integer(-3)), Ordering::Less);
    }

    #[test]
    fn decimals_read_back() {
        for v in [97.6, 0.1, 1e-20, 123456789.125, 4.5e15, -2.75, 1e30, 2f64.powi(53)] {
            let r = Ratio::decimal(v);
            assert!(r.is_some(), "{v}");
            assert_eq!(r.map(Ratio::to_f64), Some(v), "{v}");
        }
        assert_eq!(Ratio::decimal(f64::NAN), None);
        assert_eq!(Ratio::decimal(1e-300), None, "too small for 128-bit parts: compared as a double");
    }
}
