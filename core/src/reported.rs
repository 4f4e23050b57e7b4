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
fn read_value<'a>(s: &'a str, value_type: ValueType, unit: &str) -> Result<(f64, Qualifier, Option<(f64, f64)>), FieldProblem<'a>> {
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
