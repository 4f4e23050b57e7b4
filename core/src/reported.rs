//! Figures reported for a region against a target: read (the value as written, with
//! its qualifier, numerator and denominator, count basis) and weighed against what
//! unit-level data give (METHODOLOGY §10).
//!
//! A figure an office reports for a region goes under the target's id as the indicator,
//! for every kind of target. Where unit-level data exist for a region-year they decide
//! and the reported figure is shown beside them with the difference; where only a
//! reported figure exists it decides; a parent is rolled up from its children's
//! numerators and denominators only when they are known, and no unit is counted twice.

use crate::data::{codes, BadValue, FigureDetail};
use crate::model::{CountMode, Kind, Target, TargetKind, ValueType};
use crate::quantity::{read_figure, Qualifier};
use crate::Catalog;

/// What is wrong with one field of an observation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem<'a> {
    /// The column at fault.
    pub column: &'static str,
    /// The field as read, when it is not the `value` column.
    pub value: Option<&'a str>,
    /// Stable code (see [`crate::data::codes`]).
    pub code: &'static str,
    /// Human-readable reason.
    pub reason: String,
}

impl From<BadValue> for FieldProblem<'_> {
    fn from(e: BadValue) -> Self {
        FieldProblem { column: "value", value: None, code: e.code, reason: e.reason }
    }
}

fn problem<'a>(column: &'static str, value: &'a str, code: &'static str, reason: impl Into<String>) -> FieldProblem<'a> {
    FieldProblem { column, value: Some(value), code, reason: reason.into() }
}

/// The value type and unit of a figure reported under a target's id: a share or a
/// per-unit minimum's coverage in %, a count in the target's unit, a level in the
/// target's (else its indicator's) unit, a milestone yes/no.
pub fn reported_terms(catalog: &Catalog, t: &Target) -> (ValueType, String) {
    let ind = catalog.indicator(&t.indicator);
    match t.kind {
        Kind::Share | Kind::PerUnitMinimum => (ValueType::Percent, "%".into()),
        Kind::Milestone => (ValueType::Boolean, String::new()),
        Kind::Count => (ValueType::Count, t.unit.clone().or_else(|| ind.map(|i| i.unit.clone())).unwrap_or_default()),
        Kind::Level => (
            ind.map_or(ValueType::Number, |i| i.value_type),
            t.unit.clone().or_else(|| ind.map(|i| i.unit.clone())).unwrap_or_default(),
        ),
    }
}

/// The indicators a target is measured by (its condition's, and its own).
pub fn indicators_of(t: &Target) -> Vec<&str> {
    let mut out = vec![t.indicator.as_str()];
    if let Some(TargetKind::Share { condition }) | Some(TargetKind::PerUnitMinimum { minimum: condition, .. }) = t.spec() {
        out.insert(0, condition.indicator.as_str());
    }
    out
}

/// A unit's own row (or a yes/no figure) takes no numerator, denominator or count basis.
pub fn refuse_extras<'a>(numerator: &'a str, denominator: &'a str, count_basis: &'a str) -> Result<(), FieldProblem<'a>> {
    for (column, v) in [("numerator", numerator), ("denominator", denominator)] {
        if !v.trim().is_empty() {
            return Err(problem(
                column,
                v,
                codes::FRACTION_VALUE,
                "numerator and denominator are for a share reported for a region under the target id, not for a unit's own value or a yes/no figure",
            ));
        }
    }
    if !count_basis.trim().is_empty() {
        return Err(problem("count_basis", count_basis, codes::BAD_COUNT_BASIS, "count_basis is for a count reported under a count target's id"));
    }
    Ok(())
}

/// Reads `count_basis`: `new` / 新增, `cumulative` / 累计, or empty.
fn count_basis(s: &str) -> Option<Option<CountMode>> {
    match s.trim() {
        "" => Some(None),
        "new" | "新增" => Some(Some(CountMode::New)),
        "cumulative" | "累计" | "total" => Some(Some(CountMode::Cumulative)),
        _ => None,
    }
}

/// Reads one of the `numerator` / `denominator` columns (as [`read_figure`] reads a figure).
fn count_field<'a>(column: &'static str, s: &'a str) -> Result<Option<f64>, FieldProblem<'a>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    match read_figure(s.trim()) {
        Ok(f) if f.qualifier == Qualifier::Exact && f.numerator.is_none() && f.value >= 0.0 && f.value.fract() == 0.0 => Ok(Some(f.value)),
        _ => Err(problem(column, s, codes::BAD_FRACTION, format!("{column} must be a whole number ≥ 0 of units, exact"))),
    }
}

/// Largest gap, in percentage points, between a share written beside its numerator and
/// denominator and the share they give: the value may be rounded to a whole percent.
pub const FRACTION_ROUNDING: f64 = 0.5;

/// Reads a figure reported for a region: the value as officials write it, bounds and
/// approximations kept (`超过70%`, `90%以上`, `近12万`), a share also as `118/120` or
/// with the `numerator` and `denominator` columns (the value may then be empty), and
/// for counts an optional `count_basis`.
///
/// # Errors
///
/// `data.bad_value`, `data.wrong_unit`, `data.fraction_value` (a fraction for a figure
/// not in percent), `data.bad_fraction`, `data.bad_count_basis`.
pub fn read_region_figure<'a>(
    value: &'a str,
    numerator: &'a str,
    denominator: &'a str,
    basis: &'a str,
    value_type: ValueType,
    unit: &str,
    target: Option<Kind>,
) -> Result<(f64, Option<FigureDetail>), FieldProblem<'a>> {
    let percent = value_type == ValueType::Percent;
    let basis = match count_basis(basis) {
        Some(b) if b.is_none() || target == Some(Kind::Count) => b,
        Some(_) => return Err(problem("count_basis", basis, codes::BAD_COUNT_BASIS, "count_basis is for a count reported under a count target's id")),
        None => return Err(problem("count_basis", basis, codes::BAD_COUNT_BASIS, "count_basis must be new (新增) or cumulative (累计)")),
    };
    let columns = match (count_field("numerator", numerator)?, count_field("denominator", denominator)?) {
        (None, None) => None,
        (Some(n), Some(d)) => Some((n, d)),
        (Some(_), None) => return Err(problem("denominator", denominator, codes::BAD_FRACTION, "a numerator needs its denominator")),
        (None, Some(_)) => return Err(problem("numerator", numerator, codes::BAD_FRACTION, "a denominator needs its numerator")),
    };
    if columns.is_some() && !percent {
        return Err(problem("numerator", numerator, codes::FRACTION_VALUE, format!("numerator and denominator are for a figure in %, and this one is in {unit}")));
    }
    let written = if value.trim().is_empty() && columns.is_some() {
        None
    } else {
        Some(read_value(value, value_type, unit)?)
    };
    let fraction = match (written.and_then(|w| w.2), columns) {
        (Some(a), Some(b)) if a != b => {
            return Err(problem("numerator", numerator, codes::BAD_FRACTION, format!("the value says {}/{} and the columns {}/{}", a.0, a.1, b.0, b.1)))
        }
        (a, b) => a.or(b),
    };
    if let Some((n, d)) = fraction {
        if d <= 0.0 || n > d {
            return Err(problem("denominator", denominator, codes::BAD_FRACTION, format!("{n}/{d}: the denominator must be > 0 and at least the numerator")));
        }
    }
    let share = fraction.map(|(n, d)| n / d * 100.0);
    let (v, qualifier) = match (written, share) {
        (Some((_, q, Some(_))), Some(s)) => (s, q),
        (Some((v, q, None)), Some(s)) => {
            let close = (v - s).abs() <= FRACTION_ROUNDING;
            if q == Qualifier::Exact && !close {
                return Err(problem(
                    "value",
                    value,
                    codes::BAD_FRACTION,
                    format!("the value {v}% and numerator/denominator ({}) disagree by more than {FRACTION_ROUNDING} percentage points", crate::catalog::fmt_num(s)),
                ));
            }
            (s, Qualifier::Exact)
        }
        (Some((v, q, None)), None) => (v, q),
        (None, Some(s)) => (s, Qualifier::Exact),
        _ => return Err(problem("value", value, codes::BAD_VALUE, "no value")),
    };
    let detail = (qualifier != Qualifier::Exact || fraction.is_some() || basis.is_some()).then_some(FigureDetail { qualifier, fraction, basis });
    Ok((v, detail))
}

/// The value, its qualifier and any fraction it is written as (a share only).
/// A value as written: the number, its qualifier, and the fraction it was written as.
type Written = (f64, Qualifier, Option<(f64, f64)>);

fn read_value<'a>(s: &'a str, value_type: ValueType, unit: &str) -> Result<Written, FieldProblem<'a>> {
    let f = read_figure(s.trim()).map_err(|_| {
        problem(
            "value",
            s,
            codes::BAD_VALUE,
            "not a figure (expected a number as reports write it: 1291, 1,291, 10397万, 97.6%, 超过70%, 90%以上, 近12万, or for a share 118/120)",
        )
    })?;
    let fraction = f.numerator.zip(f.denominator);
    if fraction.is_some() && value_type != ValueType::Percent {
        return Err(problem("value", s, codes::FRACTION_VALUE, format!("a numerator/denominator is for a figure in %, and this one is in {unit}")));
    }
    if let Some(u) = f.unit.as_deref().filter(|u| *u != unit && !(fraction.is_some() && *u == "%")) {
        return Err(problem("value", s, codes::WRONG_UNIT, format!("the unit {u} was read, but the figure is in {unit}: write it in {unit} or without a unit")));
    }
    let v = match fraction {
        Some((n, d)) if d > 0.0 => n / d * 100.0,
        _ => f.value,
    };
    Ok((v, f.qualifier, fraction))
}

// ---------------------------------------------------------------------------------
// Evaluation: reported figures beside unit-level data (METHODOLOGY §10).

use crate::data::{Dataset, NONE};
use crate::eval::{Grid, Layout, Step, Table};
use crate::model::Indicator;
use crate::progress::Status;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Gap between a value computed from unit-level data and the figure reported beside it
/// above which the gap is flagged `large`: 2 percentage points for figures in %.
pub const LARGE_GAP_POINTS: f64 = 2.0;
/// … and 5% of the reported figure for other figures (counts, levels).
pub const LARGE_GAP_SHARE: f64 = 0.05;
/// An approximate figure (约, 近, 左右) stands for a value within ±5% of it.
pub const ABOUT_SPREAD: f64 = 0.05;

/// What decided a result's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// Unit-level data of the region (schools, people …).
    Units,
    /// The figure reported for the region under the target's id.
    Reported,
    /// The sum of sub-regions' figures of which at least one was reported for the
    /// sub-region (and not counted again from units inside it).
    SubRegions,
    /// The region's own observation of the target's indicator (levels, region counts).
    Indicator,
}

/// A figure reported for the region beside the value that decided (consistency check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct ReportedCheck {
    /// Year of the figure (the result's year).
    pub year: i32,
    /// The reported figure, in the target's terms.
    pub value: f64,
    /// How it was qualified (exact, at_least, more_than, at_most, less_than, about).
    pub qualifier: Qualifier,
    /// Reported numerator, when given.
    pub numerator: Option<f64>,
    /// Reported denominator, when given.
    pub denominator: Option<f64>,
    /// Where the figure comes from.
    pub source: Option<String>,
    /// Value − reported figure (for a bound or an approximation: how far the value lies
    /// outside what the figure allows, signed; 0 inside).
    pub difference: f64,
    /// The gap exceeds [`LARGE_GAP_POINTS`] (figures in %) or [`LARGE_GAP_SHARE`] of
    /// the figure (others).
    pub large: bool,
}

/// One reported figure as the evaluation uses it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fig {
    pub(crate) value: f64,
    pub(crate) qualifier: Qualifier,
    pub(crate) fraction: Option<(f64, f64)>,
    pub(crate) basis: Option<CountMode>,
    pub(crate) source: u32,
}

impl Fig {
    fn summable(&self) -> bool {
        self.qualifier == Qualifier::Exact
    }
    /// How it was written, for the working.
    pub(crate) fn written(&self, unit: &str) -> String {
        let q = match self.qualifier {
            Qualifier::Exact => "",
            Qualifier::AtLeast => "at least ",
            Qualifier::MoreThan => "more than ",
            Qualifier::AtMost => "at most ",
            Qualifier::LessThan => "less than ",
            Qualifier::About => "about ",
        };
        let shown = crate::catalog::fmt_num((self.value * 1e4).round() / 1e4);
        let u = if unit == "%" { "%".to_string() } else if unit.is_empty() { String::new() } else { format!(" {unit}") };
        match self.fraction {
            Some((n, d)) => format!("{q}{} / {} = {shown}{u}", crate::catalog::fmt_num(n), crate::catalog::fmt_num(d)),
            None => format!("{q}{shown}{u}"),
        }
    }
}

/// Reported figures laid over one target's table: what decided each region-year, the
/// figures, the sub-regions that could not be summed, and for counts the values in the
/// target's terms.
pub(crate) struct Overlay {
    /// Columns of the tables (see [`Layout`]); region-years below are keyed by column.
    nreg: usize,
    /// Region index of each column.
    regions: Vec<u32>,
    decided: Vec<Option<DecidedBy>>,
    figs: HashMap<(usize, u32), Fig>,
    /// Region-year → the sub-regions whose reported figure cannot be summed into it.
    blocked: HashMap<(usize, u32), Vec<u32>>,
    /// Region-year → why the figure reported there was not used.
    unusable: HashMap<(usize, u32), String>,
    /// Counts: values in the target's terms (what is new, running totals).
    pub(crate) values: Option<Grid>,
}

impl Overlay {
    pub(crate) fn decided(&self, y: usize, r: u32) -> Option<DecidedBy> {
        self.decided.get(y * self.nreg + r as usize).copied().flatten()
    }
    pub(crate) fn fig(&self, y: usize, r: u32) -> Option<&Fig> {
        self.figs.get(&(y, r))
    }
    pub(crate) fn blocked(&self, y: usize, r: u32) -> Option<&[u32]> {
        self.blocked.get(&(y, r)).map(Vec::as_slice).filter(|b| !b.is_empty())
    }
    /// True when a figure was reported for region `r` in some year.
    pub(crate) fn has_figure(&self, r: u32) -> bool {
        self.figs.keys().any(|&(_, x)| x == r)
    }
    pub(crate) fn unusable(&self, y: usize, r: u32) -> Option<&str> {
        self.unusable.get(&(y, r)).map(String::as_str)
    }
    /// The values of region `r` in the target's terms, where the overlay computes them.
    pub(crate) fn values_of(&self, r: u32) -> Option<Vec<f64>> {
        self.values.as_ref().map(|g| (0..g.years).map(|y| g.at(y, r as usize)).collect())
    }
    fn set_decided(&mut self, y: usize, r: u32, d: DecidedBy) {
        if let Some(x) = self.decided.get_mut(y * self.nreg + r as usize) {
            *x = Some(d);
        }
    }
}

/// The figures reported under the target's id, by year and region (the latest of a
/// year up to the as-of date).
fn figures(data: &Dataset, lay: &Layout, target: &Target, first_year: i32, nyears: usize, as_of_day: i32) -> HashMap<(usize, u32), Fig> {
    let mut out = HashMap::new();
    let Some(s) = data.series.get(&target.id) else { return out };
    for k in 0..s.len() {
        let e = s.entity[k] as usize;
        if s.day[k] > as_of_day || data.kind.get(e) != Some(&crate::model::EntityKind::Region) {
            continue;
        }
        let Ok(yi) = usize::try_from(s.year[k] as i32 - first_year) else { continue };
        if yi >= nyears {
            continue;
        }
        let d = s.detail_of(data, k);
        out.insert(
            (yi, lay.col(data.region[e]) as u32),
            Fig {
                value: s.value[k],
                qualifier: d.map_or(Qualifier::Exact, |d| d.qualifier),
                fraction: d.and_then(|d| d.fraction),
                basis: d.and_then(|d| d.basis),
                source: s.source[k],
            },
        );
    }
    out
}

/// Lays the figures reported under the target's id over its table (METHODOLOGY §10):
/// shares and coverages in `table` itself, levels likewise, counts in
/// [`Overlay::values`]. `None` when nothing was reported under the target's id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn overlay(
    data: &Dataset,
    lay: &Layout,
    target: &Target,
    spec: &Option<TargetKind<'_>>,
    indicator: Option<&Indicator>,
    table: &mut Table,
    start_year: i32,
    as_of_day: i32,
) -> Option<Overlay> {
    let (nyears, nreg) = (table.value.years, table.value.regions);
    let figs = figures(data, lay, target, table.first_year, nyears, as_of_day);
    if figs.is_empty() {
        return None;
    }
    let bottom_up = &lay.bottom_up[..];
    let mut ov = Overlay { nreg, regions: lay.regions.clone(), decided: vec![None; nyears * nreg], figs, blocked: HashMap::new(), unusable: HashMap::new(), values: None };
    match spec {
        Some(TargetKind::Count { mode }) => counts(lay, bottom_up, spec, indicator, table, start_year, *mode, &mut ov),
        _ if table.numerator.is_some() => shares(lay, bottom_up, table, &mut ov),
        _ => levels(table, &mut ov),
    }
    Some(ov)
}

/// Ancestors of column `c`, nearest first.
fn ancestors(lay: &Layout, c: u32) -> impl Iterator<Item = u32> + '_ {
    std::iter::successors(lay.parent(c as usize), move |&p| lay.parent(p)).map(|p| p as u32)
}

/// The parent column of column `c`.
fn parent_of(lay: &Layout, c: u32) -> Option<u32> {
    lay.parent(c as usize).map(|p| p as u32)
}

/// Shares and per-unit coverages: numerators and denominators.
fn shares(lay: &Layout, bottom_up: &[u32], table: &mut Table, ov: &mut Overlay) {
    let (nyears, nreg) = (table.value.years, table.value.regions);
    let (Some(num), Some(den), Some(rep)) = (table.numerator.as_mut(), table.denominator.as_mut(), table.reporting.as_mut()) else { return };
    let units = rep.clone();
    for y in 0..nyears {
        let mut from_reports = vec![false; nreg];
        for &r in bottom_up {
            let ri = r as usize;
            let has_units = units.at(y, ri) > 0.0;
            let fig = ov.figs.get(&(y, r)).copied();
            let blocked_here = ov.blocked.get(&(y, r)).is_some_and(|b| !b.is_empty());
            match fig {
                Some(f) if !has_units => {
                    ov.set_decided(y, r, DecidedBy::Reported);
                    table.value.set(y, ri, f.value);
                    match f.fraction.filter(|_| f.summable()) {
                        Some((n, d)) => {
                            let (dn, dd, dr) = (n - num.at(y, ri), d - den.at(y, ri), d - rep.at(y, ri));
                            num.set(y, ri, n);
                            den.set(y, ri, d);
                            rep.set(y, ri, d);
                            for a in ancestors(lay, r) {
                                let ai = a as usize;
                                num.add(y, ai, dn);
                                den.add(y, ai, dd);
                                rep.add(y, ai, dr);
                                from_reports[ai] = true;
                            }
                        }
                        None => {
                            num.set(y, ri, f64::NAN);
                            den.set(y, ri, f64::NAN);
                            rep.set(y, ri, f64::NAN);
                            if let Some(p) = parent_of(lay, r) {
                                ov.blocked.entry((y, p)).or_default().push(r);
                            }
                        }
                    }
                    continue;
                }
                _ => {}
            }
            if blocked_here {
                table.value.set(y, ri, f64::NAN);
                if let Some(p) = parent_of(lay, r) {
                    let mut b = ov.blocked.get(&(y, r)).cloned().unwrap_or_default();
                    ov.blocked.entry((y, p)).or_default().append(&mut b);
                }
                continue;
            }
            if from_reports[ri] {
                ov.set_decided(y, r, DecidedBy::SubRegions);
                let (p, n, d) = (num.at(y, ri), rep.at(y, ri), den.at(y, ri));
                table.value.set(y, ri, if n > 0.0 && d > 0.0 { p / d * 100.0 } else { f64::NAN });
            } else if has_units {
                ov.set_decided(y, r, DecidedBy::Units);
            }
        }
    }
}

/// Levels: the region's own observation of the indicator decides; the reported figure
/// fills the region-years that have none. Levels are not summed into parents.
fn levels(table: &mut Table, ov: &mut Overlay) {
    let keys: Vec<(usize, u32)> = ov.figs.keys().copied().collect();
    for (y, r) in keys {
        if table.value.at(y, r as usize).is_nan() {
            if let Some(f) = ov.figs.get(&(y, r)) {
                table.value.set(y, r as usize, f.value);
            }
            ov.set_decided(y, r, DecidedBy::Reported);
        } else {
            ov.set_decided(y, r, DecidedBy::Indicator);
        }
    }
}

/// The running total of region `r` at the end of the year before the start: the data's
/// (a stock), else an exact figure reported for that year as a running total.
fn total_before(table: &Table, ov: &Overlay, r: u32, start_year: i32, mode: CountMode, flow: bool) -> Option<f64> {
    let y = usize::try_from(start_year - 1 - table.first_year).ok().filter(|&y| y < table.value.years)?;
    let raw = table.value.at(y, r as usize);
    if !flow && !raw.is_nan() {
        return Some(raw);
    }
    let f = ov.figs.get(&(y, r))?;
    (f.summable() && f.basis.unwrap_or(mode) == CountMode::Cumulative).then_some(f.value)
}

/// Counts, in the target's own terms (new within the period, or the running total).
#[allow(clippy::too_many_arguments)]
fn counts(
    lay: &Layout,
    bottom_up: &[u32],
    spec: &Option<TargetKind<'_>>,
    indicator: Option<&Indicator>,
    table: &Table,
    start_year: i32,
    mode: CountMode,
    ov: &mut Overlay,
) {
    let (nyears, nreg) = (table.value.years, table.value.regions);
    let flow = indicator.is_some_and(|i| !i.cumulative && i.entity == crate::model::EntityKind::Region);
    let mut views = Grid::new(nyears, nreg, f64::NAN);
    for r in 0..nreg {
        let v = crate::eval::target_view(table, r, spec, indicator, Kind::Count, start_year);
        for (y, x) in v.into_iter().enumerate() {
            views.set(y, r, x);
        }
    }
    let data_views = views.clone();
    let own = |y: usize, r: u32| table.own.as_ref().is_some_and(|g| g.at(y, r as usize) > 0.0);
    for y in 0..nyears {
        let year = table.first_year + y as i32;
        if mode == CountMode::New && year < start_year {
            continue;
        }
        let mut from_reports = vec![false; nreg];
        for &r in bottom_up {
            let ri = r as usize;
            let has_data = !data_views.at(y, ri).is_nan();
            let fig = ov.figs.get(&(y, r)).copied();
            if let Some(f) = fig.filter(|_| !has_data) {
                let fv = match f.basis.unwrap_or(mode) {
                    b if b == mode => Some(f.value),
                    CountMode::Cumulative => total_before(table, ov, r, start_year, mode, flow).map(|t| f.value - t),
                    CountMode::New => total_before(table, ov, r, start_year, mode, flow).map(|t| f.value + t),
                };
                let Some(fv) = fv else {
                    let (given, needs) = match f.basis.unwrap_or(mode) {
                        CountMode::Cumulative => ("a running total", "what is new"),
                        CountMode::New => ("what is new", "the running total"),
                    };
                    ov.unusable.insert((y, r), format!("{given} was reported for {year}; {needs} needs the running total at the end of {}, and there is none", start_year - 1));
                    continue;
                };
                ov.set_decided(y, r, DecidedBy::Reported);
                let cur = views.at(y, ri);
                views.set(y, ri, fv);
                if f.summable() {
                    let delta = fv - if cur.is_nan() { 0.0 } else { cur };
                    for a in ancestors(lay, r) {
                        if own(y, a) {
                            break;
                        }
                        let ai = a as usize;
                        let v = views.at(y, ai);
                        views.set(y, ai, if v.is_nan() { delta } else { v + delta });
                        from_reports[ai] = true;
                    }
                } else if let Some(p) = parent_of(lay, r).filter(|&p| !own(y, p)) {
                    ov.blocked.entry((y, p)).or_default().push(r);
                }
                continue;
            }
            if ov.blocked.get(&(y, r)).is_some_and(|b| !b.is_empty()) {
                views.set(y, ri, f64::NAN);
                if let Some(p) = parent_of(lay, r).filter(|&p| !own(y, p)) {
                    let mut b = ov.blocked.get(&(y, r)).cloned().unwrap_or_default();
                    ov.blocked.entry((y, p)).or_default().append(&mut b);
                }
                continue;
            }
            if from_reports[ri] {
                ov.set_decided(y, r, DecidedBy::SubRegions);
            } else if has_data {
                let by = if table.numerator.is_some() { DecidedBy::Units } else { DecidedBy::Indicator };
                ov.set_decided(y, r, by);
            }
        }
    }
    ov.values = Some(views);
}

/// The values a figure allows: `[lo, hi]` (a strict bound just inside), `hi` capped at
/// 100 for figures in %.
pub(crate) fn interval(f: &Fig, value: f64, percent: bool) -> (f64, f64) {
    let top = if percent { 100.0 } else { f64::INFINITY };
    let inside = |x: f64, up: bool| {
        let step = x.abs().max(1.0) * 1e-9;
        if up {
            x + step
        } else {
            x - step
        }
    };
    match f.qualifier {
        Qualifier::Exact => (value, value),
        Qualifier::AtLeast => (value, top.max(value)),
        Qualifier::MoreThan => (inside(value, true), top.max(value)),
        Qualifier::AtMost => (0.0_f64.min(value), value),
        Qualifier::LessThan => (0.0_f64.min(value), inside(value, false)),
        Qualifier::About => (value * (1.0 - ABOUT_SPREAD), (value * (1.0 + ABOUT_SPREAD)).min(top.max(value))),
    }
}

/// Judges a value known only as a bound or an approximation: the status at both ends of
/// what the figure allows; the same status decides, different ones leave the result
/// not assessable (`bound_undecided`) rather than guess.
pub(crate) fn judge_bound(f: &Fig, value: f64, percent: bool, unit: &str, status_at: impl Fn(f64) -> Status) -> (Status, Option<(String, String)>, Step) {
    let (lo, hi) = interval(f, value, percent);
    // An open top stands for a value far above the figure.
    let hi_eval = if hi.is_infinite() { value.abs().max(1.0) * 1e6 } else { hi };
    let (s_lo, s_hi) = (status_at(lo), status_at(hi_eval));
    let fmt = crate::catalog::fmt_num;
    let range = format!(
        "{}{}, {}{}",
        if f.qualifier == Qualifier::MoreThan { "(" } else { "[" },
        fmt((lo * 1e4).round() / 1e4),
        if hi.is_infinite() { "∞".to_string() } else { fmt((hi * 1e4).round() / 1e4) },
        if f.qualifier == Qualifier::LessThan || hi.is_infinite() { ")" } else { "]" }
    );
    if s_lo == s_hi {
        let how = format!("reported as {}: the value lies in {range}, and the status is {} throughout", f.written(unit), s_lo.en());
        (s_lo, None, Step { name: "bound".into(), value: Some(value), how })
    } else {
        let how = format!(
            "reported as {}: the value lies in {range}; the status would be {} at one end and {} at the other, so the figure cannot decide",
            f.written(unit),
            s_lo.en(),
            s_hi.en()
        );
        (Status::NotAssessable, Some(("bound_undecided".into(), how.clone())), Step { name: "bound".into(), value: Some(value), how })
    }
}

/// The consistency check of a reported figure beside the value that decided.
pub(crate) fn check(data: &Dataset, f: &Fig, year: i32, value: f64, reported: f64, percent: bool) -> ReportedCheck {
    let (lo, hi) = interval(f, reported, percent);
    let difference = if value < lo {
        value - lo
    } else if value > hi {
        value - hi
    } else if f.qualifier == Qualifier::Exact {
        value - reported
    } else {
        0.0
    };
    let large = if percent { difference.abs() > LARGE_GAP_POINTS } else { difference.abs() > LARGE_GAP_SHARE * reported.abs() };
    ReportedCheck {
        year,
        value: reported,
        qualifier: f.qualifier,
        numerator: f.fraction.map(|x| x.0),
        denominator: f.fraction.map(|x| x.1),
        source: (f.source != NONE).then(|| data.sources.get(f.source as usize).cloned()).flatten(),
        difference,
        large,
    }
}

/// The step saying a reported figure decided.
pub(crate) fn decided_step(data: &Dataset, f: &Fig, r: u32, target: &str, year: i32, value: f64, unit: &str) -> Step {
    let code = data.regions.code(r).unwrap_or_default();
    let mut how = format!("no unit-level data for {code} in {year}: the figure reported under {target} decides: {}", f.written(unit));
    if f.fraction.is_none() && unit == "%" {
        how.push_str("; without a denominator it cannot be summed into a parent region");
    }
    if f.basis.is_some() {
        how.push_str(&format!(" (given as {}; in the target's terms {})", f.basis.map_or("", |b| match b {
            CountMode::New => "what is new",
            CountMode::Cumulative => "a running total",
        }), crate::catalog::fmt_num(value)));
    }
    if f.source != NONE {
        if let Some(s) = data.sources.get(f.source as usize) {
            how.push_str(&format!("; source: {s}"));
        }
    }
    Step { name: "reported".into(), value: Some(value), how }
}

/// The step of the consistency check.
pub(crate) fn check_step(c: &ReportedCheck, f: &Fig, value: f64, unit: &str) -> Step {
    let fmt = crate::catalog::fmt_num;
    let gap = if unit == "%" { format!("{} percentage points", fmt((c.difference * 1e4).round() / 1e4)) } else { fmt((c.difference * 1e4).round() / 1e4) };
    let limit = if unit == "%" { format!("{LARGE_GAP_POINTS} percentage points") } else { format!("{}% of the figure", LARGE_GAP_SHARE * 100.0) };
    let how = format!(
        "reported for {}: {}, shown beside the value {} that decided; difference {gap}{}",
        c.year,
        f.written(unit),
        fmt((value * 1e4).round() / 1e4),
        if c.large { format!(": large (more than {limit}), check the data or the report") } else { format!(" (within {limit})") }
    );
    Step { name: "reported_beside".into(), value: Some(c.value), how }
}

/// Notes for the working: sub-regions that could not be summed, and figures that could
/// not be used, in the years given (the latest of each kind).
pub(crate) fn notes(data: &Dataset, ov: &Overlay, (r, c): (u32, u32), years: impl DoubleEndedIterator<Item = (usize, i32)> + Clone, working: &mut Vec<Step>) {
    let code = |x: u32| data.regions.code(x).unwrap_or_default().to_string();
    if let Some((year, b)) = years.clone().rev().find_map(|(y, year)| ov.blocked(y, c).map(|b| (year, b))) {
        let list: Vec<String> = b.iter().map(|&k| ov.regions.get(k as usize).map_or(String::new(), |&x| code(x))).collect();
        working.push(Step {
            name: "not_summed".into(),
            value: None,
            how: format!(
                "{year}: the figure reported for {} has no denominator (or is a bound or an approximation): it decides that region but cannot be summed into {}",
                list.join(", "),
                code(r)
            ),
        });
    }
    if let Some((year, why)) = years.rev().find_map(|(y, year)| ov.unusable(y, c).map(|w| (year, w))) {
        working.push(Step { name: "reported_unused".into(), value: None, how: format!("{year}: {why}") });
    }
}

/// A sub-region's contribution to a count set for the whole: what decided it, the
/// reported figure that decided or the one shown beside.
#[allow(clippy::too_many_arguments)]
pub(crate) fn contribution(
    data: &Dataset,
    ov: &Overlay,
    (r, c): (u32, u32),
    y: usize,
    year: i32,
    value: f64,
    mode: Option<CountMode>,
    target: &Target,
    res: &mut crate::eval::TargetResult,
    working: &mut Vec<Step>,
) {
    let unit = target.unit.as_deref().unwrap_or("");
    let Some(f) = ov.fig(y, c) else { return };
    if ov.decided(y, c) == Some(DecidedBy::Reported) {
        res.qualifier = (f.qualifier != Qualifier::Exact).then_some(f.qualifier);
        working.push(decided_step(data, f, r, &target.id, year, value, unit));
    } else if f.basis.is_none_or(|b| Some(b) == mode) {
        let c = check(data, f, year, value, f.value, unit == "%");
        working.push(check_step(&c, f, value, unit));
        res.reported = Some(c);
    }
}
