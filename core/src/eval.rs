//! Evaluation: from a [`Dataset`] and the [`Catalog`], each target's value, coverage,
//! bounds, progress and status per region, with the working behind every number.
//!
//! The method is specified in `spec/METHODOLOGY.md`. In short: values are computed per
//! calendar year; unit-level targets (share, per-unit minimum, counts of flagged
//! units) sum numerators and denominators from the county up (never averaging
//! percentages); progress compares the current value with a baseline and the target,
//! and the status comes from the ratio of observed to required growth.

use crate::data::{fractional_year, Dataset, Series, NONE};
use crate::model::{Comparator, CountMode, EntityKind, Indicator, Kind, Target, TargetKind};
use crate::progress::{self, GrowthMethod, Status};
use crate::regions::RegionLevel;
use crate::{Catalog, Document};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct EvalOptions {
    /// The date the evaluation stands at; observations after it are ignored.
    pub as_of: NaiveDate,
    /// Only results for this region (GB/T 2260 code) and the regions below it.
    #[serde(default)]
    pub region: Option<String>,
    /// Only targets of this document.
    #[serde(default)]
    pub document: Option<String>,
    /// Only these targets.
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    /// Deepest region level to report (default: county).
    #[serde(default)]
    pub depth: Option<RegionLevel>,
    /// Also report regions with no eligible units and no data (default false).
    #[serde(default)]
    pub include_empty: bool,
}

impl EvalOptions {
    /// Options standing at `as_of`, everything else default.
    pub fn new(as_of: NaiveDate) -> Self {
        EvalOptions { as_of, region: None, document: None, targets: None, depth: None, include_empty: false }
    }
}

/// Why a result is not assessable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Reason {
    /// Stable code: `no_data`, `no_eligible_units`, `no_baseline`, `too_few_points`,
    /// `outside_period`, `pending` (milestones), `contribution` (a sub-region of a
    /// count set for the whole), `no_figure`.
    pub code: String,
    /// Explanation.
    pub message: String,
}

/// A baseline used by a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct BaselineUsed {
    /// Date the baseline describes.
    pub date: NaiveDate,
    /// Value.
    pub value: f64,
    /// `catalog` (stated by the document), `observed` (the last year before the start)
    /// or `zero` (counts of what is new within the period start at zero).
    pub from: String,
}

/// Share if every non-reporting unit failed (`lower`) and if every one passed (`upper`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Bounds {
    /// Every missing unit fails.
    pub lower: f64,
    /// Every missing unit passes.
    pub upper: f64,
}

/// The value of a target in one region in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct YearValue {
    /// Calendar year.
    pub year: i32,
    /// Value in the target's unit (share in %, count, level), absent when nothing reported.
    pub value: Option<f64>,
    /// Passing / counted units, where the value is built from units.
    pub numerator: Option<f64>,
    /// Eligible units.
    pub denominator: Option<f64>,
    /// Units that reported.
    pub reporting: Option<f64>,
}

/// One named number in the working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Step {
    /// What it is.
    pub name: String,
    /// Its value.
    pub value: Option<f64>,
    /// How it was obtained.
    pub how: String,
}

/// The result of one target in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct TargetResult {
    /// Target id.
    pub target: String,
    /// Document id.
    pub document: String,
    /// Region code.
    pub region: String,
    /// Region name.
    pub region_name: String,
    /// Region level.
    pub region_level: RegionLevel,
    /// Code of the parent region (absent for the nation).
    pub parent: Option<String>,
    /// Kind of target.
    pub kind: Kind,
    /// Indicator measured.
    pub indicator: String,
    /// Comparator of the target figure.
    pub comparator: Option<Comparator>,
    /// The target figure.
    pub target_value: Option<f64>,
    /// Unit of value and target.
    pub unit: Option<String>,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Evaluation date.
    pub as_of: NaiveDate,
    /// Year of the current value.
    pub year: Option<i32>,
    /// Current value (at the earlier of the as-of date and the deadline).
    pub value: Option<f64>,
    /// Passing (or counted) units.
    pub numerator: Option<f64>,
    /// Eligible units.
    pub denominator: Option<f64>,
    /// Units reporting / eligible units, in %.
    pub coverage: Option<f64>,
    /// Passing / reporting units, in % (the share among those that reported).
    pub reported_share: Option<f64>,
    /// What missing reports could change.
    pub bounds: Option<Bounds>,
    /// Baseline used.
    pub baseline: Option<BaselineUsed>,
    /// (value − baseline) / (target − baseline).
    pub progress: Option<f64>,
    /// Where the straight path from baseline to deadline stands at the current value's date.
    pub expected_progress: Option<f64>,
    /// Observed growth / required growth.
    pub growth_ratio: Option<f64>,
    /// How the growth ratio was computed.
    pub method: Option<GrowthMethod>,
    /// Value projected to the deadline.
    pub projection: Option<f64>,
    /// Status.
    pub status: Status,
    /// Status if every missing unit had passed (only when it differs).
    pub status_if_missing_passed: Option<Status>,
    /// Why not assessable.
    pub reason: Option<Reason>,
    /// The target figure is approximate (左右, 约).
    pub approximate: bool,
    /// The promise is soft (原则上, 探索).
    pub soft: bool,
    /// Evidence (source) for milestones.
    pub evidence: Option<String>,
    /// Year by year values up to the as-of date.
    pub series: Vec<YearValue>,
    /// Formula, inputs and intermediate numbers.
    pub working: Vec<Step>,
}

impl TargetResult {
    /// A result with the target's and region's identity filled in and nothing judged yet.
    fn blank(data: &Dataset, doc: &Document, target: &Target, r: u32, options: &EvalOptions) -> TargetResult {
        let regions = &data.regions;
        TargetResult {
            target: target.id.clone(),
            document: doc.id.clone(),
            region: regions.code(r).unwrap_or_default().to_string(),
            region_name: regions.name(r).unwrap_or_default().to_string(),
            region_level: regions.level(r).unwrap_or(RegionLevel::County),
            parent: regions.parent(r).and_then(|p| regions.code(p)).map(str::to_string),
            kind: target.kind,
            indicator: target.indicator.clone(),
            comparator: target.comparator,
            target_value: target.value,
            unit: target.unit.clone(),
            deadline: target.deadline,
            as_of: options.as_of,
            year: None,
            value: None,
            numerator: None,
            denominator: None,
            coverage: None,
            reported_share: None,
            bounds: None,
            baseline: None,
            progress: None,
            expected_progress: None,
            growth_ratio: None,
            method: None,
            projection: None,
            status: Status::NotAssessable,
            status_if_missing_passed: None,
            reason: None,
            approximate: target.approximate,
            soft: target.soft,
            evidence: None,
            series: Vec::new(),
            working: Vec::new(),
        }
    }
}

/// Evaluation of many targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Evaluation {
    /// Evaluation date.
    pub as_of: NaiveDate,
    /// One result per target and region.
    pub results: Vec<TargetResult>,
}

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The region filter names an unknown region.
    #[error("unknown region {0:?} (not a built-in GB/T 2260 code nor one defined in the entities)")]
    UnknownRegion(String),
    /// The document filter names an unknown document.
    #[error("unknown document {0:?}")]
    UnknownDocument(String),
    /// The target filter names an unknown target.
    #[error("unknown target {0:?}")]
    UnknownTarget(String),
}

impl EvalError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::UnknownRegion(_) => "eval.unknown_region",
            EvalError::UnknownDocument(_) => "eval.unknown_document",
            EvalError::UnknownTarget(_) => "eval.unknown_target",
        }
    }
}

/// Year-by-region table of optional numbers.
struct Grid {
    years: usize,
    regions: usize,
    v: Vec<f64>,
}

impl Grid {
    fn new(years: usize, regions: usize, fill: f64) -> Grid {
        Grid { years, regions, v: vec![fill; years * regions] }
    }
    fn at(&self, y: usize, r: usize) -> f64 {
        self.v[y * self.regions + r]
    }
    fn add(&mut self, y: usize, r: usize, x: f64) {
        self.v[y * self.regions + r] += x;
    }
    fn set(&mut self, y: usize, r: usize, x: f64) {
        self.v[y * self.regions + r] = x;
    }
}

/// Per-year, per-region numbers of one target before judging.
struct Table {
    first_year: i32,
    value: Grid,
    numerator: Option<Grid>,
    denominator: Option<Vec<f64>>,
    reporting: Option<Grid>,
    /// Yearly compliance for per-unit minimum targets (share meeting the minimum that year).
    yearly: Option<Grid>,
}

/// Evaluates the catalog's targets against the data.
pub fn evaluate(catalog: &Catalog, data: &Dataset, options: &EvalOptions) -> Result<Evaluation, EvalError> {
    let filter_region = match &options.region {
        Some(code) => Some(data.regions.index(code).ok_or_else(|| EvalError::UnknownRegion(code.clone()))?),
        None => None,
    };
    if let Some(d) = &options.document {
        if catalog.document(d).is_none() {
            return Err(EvalError::UnknownDocument(d.clone()));
        }
    }
    if let Some(ts) = &options.targets {
        for t in ts {
            if catalog.target(t).is_none() {
                return Err(EvalError::UnknownTarget(t.clone()));
            }
        }
    }
    let mut results = Vec::new();
    for (doc, target) in catalog.targets() {
        if options.document.as_ref().is_some_and(|d| *d != doc.id) {
            continue;
        }
        if options.targets.as_ref().is_some_and(|ts| !ts.contains(&target.id)) {
            continue;
        }
        results.extend(evaluate_target(catalog, data, doc, target, options, filter_region));
    }
    Ok(Evaluation { as_of: options.as_of, results })
}

fn reason(code: &str, message: impl Into<String>) -> Reason {
    Reason { code: code.into(), message: message.into() }
}

fn year_end(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default()
}

/// Evaluates one target in every reported region.
pub fn evaluate_target(
    catalog: &Catalog,
    data: &Dataset,
    doc: &Document,
    target: &Target,
    options: &EvalOptions,
    filter_region: Option<u32>,
) -> Vec<TargetResult> {
    let regions = &data.regions;
    let Some(scope) = regions.index(&target.scope.region) else {
        return Vec::new();
    };
    // Which regions to report: the scope's subtree, narrowed by the filter.
    let top = match filter_region {
        None => scope,
        Some(f) if regions.is_within(f, scope) => f,
        Some(f) if regions.is_within(scope, f) => scope,
        Some(_) => return Vec::new(),
    };
    let depth = options.depth.unwrap_or(RegionLevel::County);
    let start = target.start.unwrap_or(doc.period.start);
    // Evaluate at the deadline once it has passed.
    let eval_date = options.as_of.min(target.deadline);
    let as_of_day = options.as_of.num_days_from_ce();
    let spec = target.spec();
    let indicator_id = match &spec {
        Some(TargetKind::Share { condition }) | Some(TargetKind::PerUnitMinimum { minimum: condition, .. }) => {
            condition.indicator.as_str()
        }
        _ => target.indicator.as_str(),
    };
    let indicator = catalog.indicator(indicator_id);

    let report: Vec<u32> = (0..regions.len() as u32)
        .filter(|&r| regions.is_within(r, top) && regions.level(r).is_some_and(|l| l <= depth))
        .collect();

    if let (Some(TargetKind::Milestone), _) = (&spec, ()) {
        return report
            .iter()
            .filter(|&&r| r == scope || data.series.get(&target.id).is_some_and(|s| has_entity_obs(data, s, r, options.as_of)))
            .map(|&r| milestone(data, doc, target, r, options))
            .collect();
    }

    let series = data.series.get(indicator_id);
    let first_year = series
        .and_then(|s| s.year.iter().min().copied())
        .map_or(start.year() - 1, |y| (y as i32).min(start.year() - 1));
    let last_year = options.as_of.year().max(first_year);
    let nyears = (last_year - first_year + 1) as usize;

    let table = match (&spec, indicator) {
        (Some(TargetKind::Share { condition }), Some(ind)) => {
            unit_table(data, target, ind, series, first_year, nyears, as_of_day, scope, |v| condition.comparator.holds(v, condition.value), None)
        }
        (Some(TargetKind::PerUnitMinimum { minimum, window_years }), Some(ind)) => unit_table(
            data,
            target,
            ind,
            series,
            first_year,
            nyears,
            as_of_day,
            scope,
            |v| minimum.comparator.holds(v, minimum.value),
            Some((*window_years, start.year())),
        ),
        (Some(TargetKind::Count { .. }), Some(ind)) if ind.entity != EntityKind::Region => {
            unit_table(data, target, ind, series, first_year, nyears, as_of_day, scope, |v| v >= 1.0, None)
        }
        (Some(TargetKind::Count { .. }), Some(ind)) | (Some(TargetKind::Level), Some(ind)) => {
            region_table(data, ind, series, first_year, nyears, as_of_day, target.kind == Kind::Count)
        }
        _ => return Vec::new(),
    };

    // When nothing in the scope reported at all, the sub-regions add nothing.
    let scope_has_data = report.iter().any(|&r| (0..nyears).any(|y| !table.value.at(y, r as usize).is_nan()));
    let mut out = Vec::new();
    for r in report {
        if !scope_has_data && r != scope && !options.include_empty {
            continue;
        }
        let res = judge(data, doc, target, &spec, indicator, &table, r, scope, start, eval_date, options);
        let reported = (0..nyears).any(|y| !table.value.at(y, r as usize).is_nan());
        let empty = !reported && res.denominator.unwrap_or(0.0) == 0.0;
        if r == scope || !empty || options.include_empty {
            out.push(res);
        }
    }
    out
}

fn has_entity_obs(data: &Dataset, s: &Series, region: u32, as_of: NaiveDate) -> bool {
    let day = as_of.num_days_from_ce();
    data.region_entity(region).is_some_and(|e| (0..s.len()).any(|k| s.entity[k] == e && s.day[k] <= day))
}

/// Marks the entities in scope of a target: kind, region subtree, stages, area class, roles.
fn eligible(data: &Dataset, target: &Target, kind: EntityKind, scope: u32) -> Vec<bool> {
    let regions = &data.regions;
    let within: Vec<bool> = (0..regions.len() as u32).map(|r| regions.is_within(r, scope)).collect();
    let area = target.scope.area_class.as_deref().map(|a| data.areas.iter().position(|x| x == a).map_or(NONE - 1, |i| i as u32));
    (0..data.len())
        .map(|e| {
            data.kind[e] == kind
                && within[data.region[e] as usize]
                && (target.scope.stages.is_empty() || data.stage[e].is_some_and(|s| target.scope.stages.contains(&s)))
                && area.is_none_or(|a| data.area[e] == a)
                && (target.scope.roles.is_empty() || data.role[e].is_some_and(|r| target.scope.roles.contains(&r)))
        })
        .collect()
}

/// Sums a grid's region columns up the tree (children into parents).
fn roll_up(data: &Dataset, g: &mut Grid) {
    let order = data.regions.bottom_up();
    for y in 0..g.years {
        for &r in &order {
            if let Some(p) = data.regions.parent(r) {
                let x = g.at(y, r as usize);
                g.add(y, p as usize, x);
            }
        }
    }
}

/// Unit-level targets: per year and region, passing / reporting / eligible counts.
/// With `window`, a unit passes in year y when it passed in any year of the window
/// ending at y (not before the start year): coverage of a per-unit minimum.
#[allow(clippy::too_many_arguments)]
fn unit_table(
    data: &Dataset,
    target: &Target,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    scope: u32,
    pass: impl Fn(f64) -> bool,
    window: Option<(u32, i32)>,
) -> Table {
    let nreg = data.regions.len();
    let elig = eligible(data, target, ind.entity, scope);
    let mut denominator = vec![0.0; nreg];
    for (e, ok) in elig.iter().enumerate() {
        if *ok {
            denominator[data.region[e] as usize] += 1.0;
        }
    }
    let mut passing = Grid::new(nyears, nreg, 0.0);
    let mut reporting = Grid::new(nyears, nreg, 0.0);
    let mut yearly = window.map(|_| Grid::new(nyears, nreg, 0.0));
    // Flags counted by count targets state a standing status (selected, certified):
    // they hold until a later 0. Other unit values describe their own year only.
    let carry = ind.cumulative || target.kind == Kind::Count;
    if let Some(s) = series {
        // Reused per entity: the last value seen in each year (NaN = none).
        let mut vals = vec![f64::NAN; nyears];
        let n = s.len();
        let mut i = 0;
        while i < n {
            let e = s.entity[i];
            let mut j = i;
            while j < n && s.entity[j] == e {
                j += 1;
            }
            if !elig[e as usize] {
                i = j;
                continue;
            }
            let reg = data.region[e as usize] as usize;
            vals.iter_mut().for_each(|v| *v = f64::NAN);
            for k in i..j {
                if s.day[k] > as_of_day {
                    break;
                }
                let yi = (s.year[k] as i32 - first_year) as usize;
                if yi < nyears {
                    vals[yi] = s.value[k];
                }
            }
            if carry {
                for y in 1..nyears {
                    if vals[y].is_nan() {
                        vals[y] = vals[y - 1];
                    }
                }
            }
            match window {
                None => {
                    for (y, v) in vals.iter().enumerate() {
                        if !v.is_nan() {
                            reporting.add(y, reg, 1.0);
                            if pass(*v) {
                                passing.add(y, reg, 1.0);
                            }
                        }
                    }
                }
                Some((w, start_year)) => {
                    for y in 0..nyears {
                        let year = first_year + y as i32;
                        let from = (year - w as i32 + 1).max(start_year).min(year);
                        let (mut met, mut reported) = (false, false);
                        for yy in from..=year {
                            let v = vals[(yy - first_year) as usize];
                            if !v.is_nan() {
                                reported = true;
                                met |= pass(v);
                            }
                        }
                        if reported {
                            reporting.add(y, reg, 1.0);
                        }
                        if met {
                            passing.add(y, reg, 1.0);
                        }
                        let v = vals[y];
                        if let Some(g) = yearly.as_mut() {
                            if !v.is_nan() && pass(v) {
                                g.add(y, reg, 1.0);
                            }
                        }
                    }
                }
            }
            i = j;
        }
    }
    roll_up(data, &mut passing, );
    roll_up(data, &mut reporting);
    if let Some(g) = yearly.as_mut() {
        roll_up(data, g);
    }
    let mut den_grid = Grid::new(1, nreg, 0.0);
    den_grid.v.copy_from_slice(&denominator);
    roll_up(data, &mut den_grid);
    let is_count = target.kind == Kind::Count;
    let mut value = Grid::new(nyears, nreg, f64::NAN);
    for y in 0..nyears {
        for r in 0..nreg {
            let (p, rep, d) = (passing.at(y, r), reporting.at(y, r), den_grid.at(0, r));
            if is_count {
                if rep > 0.0 || carry && p > 0.0 {
                    value.set(y, r, p);
                }
            } else if rep > 0.0 && d > 0.0 {
                value.set(y, r, p / d * 100.0);
            }
        }
    }
    Table {
        first_year,
        value,
        numerator: Some(passing),
        denominator: Some(den_grid.v),
        reporting: Some(reporting),
        yearly,
    }
}

/// Region-level targets: the region's own observation; counts without one are the
/// sum of the child regions' values.
fn region_table(
    data: &Dataset,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    sum_children: bool,
) -> Table {
    let nreg = data.regions.len();
    let mut own = Grid::new(nyears, nreg, f64::NAN);
    if let Some(s) = series {
        for k in 0..s.len() {
            if s.day[k] > as_of_day {
                continue;
            }
            let e = s.entity[k] as usize;
            if data.kind[e] != EntityKind::Region {
                continue;
            }
            let yi = (s.year[k] as i32 - first_year) as usize;
            if yi < nyears {
                own.set(yi, data.region[e] as usize, s.value[k]);
            }
        }
    }
    // A running total not reported in a year is unknown in that year: no carry-forward
    // here (what is new is measured between two reported totals).
    let _ = ind;
    if sum_children {
        // A region's count is its own figure, or else the sum over its children.
        let order = data.regions.bottom_up();
        let mut agg = Grid::new(nyears, nreg, f64::NAN);
        agg.v.copy_from_slice(&own.v);
        for y in 0..nyears {
            let mut child_sum = vec![f64::NAN; nreg];
            for &r in &order {
                let r = r as usize;
                if agg.at(y, r).is_nan() && !child_sum[r].is_nan() {
                    agg.set(y, r, child_sum[r]);
                }
                let v = agg.at(y, r);
                if let (false, Some(p)) = (v.is_nan(), data.regions.parent(r as u32)) {
                    let p = p as usize;
                    child_sum[p] = if child_sum[p].is_nan() { v } else { child_sum[p] + v };
                }
            }
        }
        own = agg;
    }
    Table { first_year, value: own, numerator: None, denominator: None, reporting: None, yearly: None }
}

fn fmt(v: f64) -> String {
    crate::catalog::fmt_num((v * 10_000.0).round() / 10_000.0)
}

#[allow(clippy::too_many_arguments)]
fn judge(
    data: &Dataset,
    doc: &Document,
    target: &Target,
    spec: &Option<TargetKind<'_>>,
    indicator: Option<&Indicator>,
    table: &Table,
    r: u32,
    scope: u32,
    start: NaiveDate,
    eval_date: NaiveDate,
    options: &EvalOptions,
) -> TargetResult {
    let ri = r as usize;
    let nyears = table.value.years;
    let year_of = |y: usize| table.first_year + y as i32;
    let count_mode = match spec {
        Some(TargetKind::Count { mode }) => Some(*mode),
        _ => None,
    };
    let flow = count_mode.is_some() && indicator.is_some_and(|i| !i.cumulative && i.entity == EntityKind::Region);
    // Raw yearly values, then the target's view of them (new within the period, running sums).
    let raw: Vec<f64> = (0..nyears).map(|y| table.value.at(y, ri)).collect();
    let start_year = start.year();
    let mut working = Vec::new();
    let values: Vec<f64> = match (count_mode, flow) {
        (Some(CountMode::New), false) => {
            // A stock: what was added since the end of the year before the start.
            // The total reported for the year before the start (an older total would
            // count additions made before the period as new).
            let before = start_year - 1 - table.first_year;
            let base = usize::try_from(before).ok().and_then(|b| raw.get(b)).copied().unwrap_or(f64::NAN);
            let base = if base.is_nan() && table.numerator.is_some() { 0.0 } else { base };
            working.push(Step {
                name: "count_before_start".into(),
                value: (!base.is_nan()).then_some(base),
                how: format!("count at the end of {} (the year before the start); new = count − this", start_year - 1),
            });
            raw.iter()
                .enumerate()
                .map(|(y, v)| if year_of(y) < start_year { f64::NAN } else { v - base })
                .collect()
        }
        (Some(CountMode::New), true) => {
            let mut acc = f64::NAN;
            raw.iter()
                .enumerate()
                .map(|(y, v)| {
                    if year_of(y) < start_year {
                        return f64::NAN;
                    }
                    if !v.is_nan() {
                        acc = if acc.is_nan() { *v } else { acc + v };
                    }
                    acc
                })
                .collect()
        }
        (Some(CountMode::Cumulative), true) => {
            let mut acc = f64::NAN;
            raw.iter()
                .map(|v| {
                    if !v.is_nan() {
                        acc = if acc.is_nan() { *v } else { acc + v };
                    }
                    acc
                })
                .collect()
        }
        _ => raw.clone(),
    };
    let missing_stock_base = count_mode == Some(CountMode::New)
        && !flow
        && table.numerator.is_none()
        && working.first().is_some_and(|w| w.value.is_none());
    let series: Vec<YearValue> = (0..nyears)
        .map(|y| YearValue {
            year: year_of(y),
            value: (!values[y].is_nan()).then_some(values[y]),
            numerator: table.numerator.as_ref().map(|g| g.at(y, ri)),
            denominator: table.denominator.as_ref().map(|d| d[ri]),
            reporting: table.reporting.as_ref().map(|g| g.at(y, ri)),
        })
        .collect();

    let mut res = TargetResult::blank(data, doc, target, r, options);
    res.indicator = indicator.map_or(target.indicator.clone(), |i| i.id.clone());
    res.denominator = table.denominator.as_ref().map(|d| d[ri]);
    res.series = series;
    let (Some(cmp), Some(goal)) = (target.comparator, target.value) else {
        res.reason = Some(reason("no_figure", "the target states no figure"));
        return res;
    };
    if target.kind == Kind::Count && r != scope && raw.iter().any(|v| !v.is_nan()) {
        // A count promised for the scope region as a whole: sub-regions contribute to
        // it but carry no figure of their own.
        res.reason = Some(reason(
            "contribution",
            format!("the figure {} is set for {} as a whole; this is the region's contribution", fmt(goal), target.scope.region),
        ));
        if let Some(cy) = (0..nyears).rev().find(|&y| year_of(y) <= eval_date.year() && !values[y].is_nan()) {
            res.year = Some(year_of(cy));
            res.value = Some(values[cy]);
            res.numerator = table.numerator.as_ref().map(|g| g.at(cy, ri));
        }
        res.working = working;
        return res;
    }
    if missing_stock_base && raw.iter().any(|v| !v.is_nan()) {
        res.reason = Some(reason(
            "no_baseline",
            format!("what is new since {start_year} needs the running total reported for {}, and there is none", start_year - 1),
        ));
        res.working = working;
        return res;
    }
    if res.denominator == Some(0.0) {
        res.reason = Some(reason("no_eligible_units", "no units in scope in this region (check stage, area class and role filters)"));
        res.working = working;
        return res;
    }
    // Current: the latest year with a value, up to the evaluation date.
    let eval_year = eval_date.year();
    let cur = (0..nyears).rev().find(|&y| year_of(y) <= eval_year && !values[y].is_nan());
    let Some(cy) = cur else {
        let later = (0..nyears).any(|y| year_of(y) > eval_year && !values[y].is_nan());
        res.reason = Some(if later {
            reason("outside_period", format!("observations exist only after {eval_date}"))
        } else if raw.iter().any(|v| !v.is_nan()) {
            reason("too_few_points", format!("no value since the period started in {start_year}"))
        } else {
            reason("no_data", format!("no observation of {} in this region up to {}", res.indicator, options.as_of))
        });
        res.working = working;
        return res;
    };
    let x = values[cy];
    res.year = Some(year_of(cy));
    res.value = Some(x);
    let percent = target.unit.as_deref() == Some("%");
    if let (Some(num), Some(den), Some(rep)) = (&table.numerator, &table.denominator, &table.reporting) {
        let (p, d, n) = (num.at(cy, ri), den[ri], rep.at(cy, ri));
        res.numerator = Some(p);
        if d > 0.0 && target.kind != Kind::Count {
            res.coverage = Some(n / d * 100.0);
        }
        let unit_word = indicator.map_or("units", |i| i.entity.code());
        working.push(Step { name: "eligible".into(), value: Some(d), how: format!("{unit_word}s in scope in this region") });
        working.push(Step { name: "reporting".into(), value: Some(n), how: format!("{unit_word}s with a value in {}", year_of(cy)) });
        working.push(Step {
            name: if target.kind == Kind::Count { "counted" } else { "passing" }.into(),
            value: Some(p),
            how: match spec {
                Some(TargetKind::Share { condition }) => format!(
                    "{unit_word}s whose {} {} {} {} in {}",
                    condition.indicator,
                    condition.comparator.symbol(),
                    fmt(condition.value),
                    condition.unit,
                    year_of(cy)
                ),
                Some(TargetKind::PerUnitMinimum { minimum, window_years }) => format!(
                    "{unit_word}s with {} {} {} {} in at least one year of {}–{} ({}-year window, not before {start_year})",
                    minimum.indicator,
                    minimum.comparator.symbol(),
                    fmt(minimum.value),
                    minimum.unit,
                    (year_of(cy) - *window_years as i32 + 1).max(start_year).min(year_of(cy)),
                    year_of(cy),
                    window_years
                ),
                _ => format!("{unit_word}s flagged 1 in {} (a flag stays until a later 0)", year_of(cy)),
            },
        });
        if let Some(yearly) = &table.yearly {
            if d > 0.0 {
                working.push(Step {
                    name: "met_minimum_this_year".into(),
                    value: Some(yearly.at(cy, ri) / d * 100.0),
                    how: format!("share of eligible units meeting the minimum in {} alone, in %", year_of(cy)),
                });
            }
        }
        if target.kind == Kind::Count {
            working.push(Step {
                name: "value".into(),
                value: Some(x),
                how: if count_mode == Some(CountMode::New) {
                    format!("counted now − counted before {start_year} = {} − {}", fmt(p), fmt(p - x))
                } else {
                    format!("units counted in {}", year_of(cy))
                },
            });
        }
        if percent && d > 0.0 {
            if n > 0.0 {
                res.reported_share = Some(p / n * 100.0);
            }
            let b = Bounds { lower: p / d * 100.0, upper: (p + d - n) / d * 100.0 };
            res.bounds = Some(b);
            working.push(Step {
                name: "value".into(),
                value: Some(x),
                how: format!("passing / eligible × 100 = {} / {} × 100 (missing reports count as not passing)", fmt(p), fmt(d)),
            });
            working.push(Step {
                name: "upper_bound".into(),
                value: Some(b.upper),
                how: format!("(passing + missing) / eligible × 100 = ({} + {}) / {} × 100", fmt(p), fmt(d - n), fmt(d)),
            });
        }
    } else {
        working.push(Step {
            name: "value".into(),
            value: Some(x),
            how: match (count_mode, flow) {
                (Some(CountMode::New), true) => format!("sum of yearly figures {start_year}–{}", year_of(cy)),
                (Some(CountMode::Cumulative), true) => format!("sum of yearly figures up to {}", year_of(cy)),
                (Some(CountMode::New), false) => format!("figure of {} − figure before {start_year}", year_of(cy)),
                _ if target.kind == Kind::Count => {
                    format!("the region's figure for {}, or the sum of its sub-regions' where it has none", year_of(cy))
                }
                _ => format!("the region's reported figure for {}", year_of(cy)),
            },
        });
    }
    res.approximate = target.approximate;
    // Baseline.
    let baseline = if count_mode == Some(CountMode::New) || target.kind == Kind::PerUnitMinimum {
        // What is new within the period, and coverage of a window opening at the
        // start, are zero at the start by definition.
        Some(BaselineUsed { date: start.pred_opt().unwrap_or(start), value: 0.0, from: "zero".into() })
    } else {
        catalog_baseline(doc, target, &res.region).or_else(|| {
            (0..nyears)
                .rev()
                .find(|&y| year_of(y) < start_year && !values[y].is_nan())
                .map(|y| BaselineUsed { date: year_end(year_of(y)), value: values[y], from: "observed".into() })
        })
    };
    if let Some(b) = &baseline {
        working.push(Step {
            name: "baseline".into(),
            value: Some(b.value),
            how: format!("{} value at {}", b.from, b.date),
        });
    }
    res.baseline = baseline.clone();
    let t = fractional_year(year_end(year_of(cy)));
    let deadline = fractional_year(target.deadline);
    let deadline_passed = eval_date >= target.deadline;
    let natural_limit = percent.then_some(100.0);
    // The status a value would have, by the rules applied in order: achieved, missed
    // once the deadline has passed, fell from a baseline that met the target, then
    // the growth ratio. Used for the value and for the upper bound.
    let status_at = |xv: f64| -> Status {
        if cmp.holds(xv, goal) {
            return Status::Achieved;
        }
        if deadline_passed {
            return Status::Missed;
        }
        let Some(b) = &baseline else { return Status::NotAssessable };
        let t0 = fractional_year(b.date);
        if t <= t0 {
            return Status::NotAssessable;
        }
        if cmp.holds(b.value, goal) {
            return Status::Regressing;
        }
        progress::assess(progress::Inputs {
            baseline: (t0, b.value),
            current: (t, xv),
            series: &[(t0, b.value), (t, xv)],
            target: goal,
            comparator: cmp,
            deadline,
            natural_limit,
        })
        .status
    };
    res.status = status_at(x);
    if let Some(bounds) = res.bounds {
        let upper = status_at(bounds.upper);
        if bounds.upper != x && upper != res.status {
            res.status_if_missing_passed = Some(upper);
        }
    }
    if res.status == Status::Achieved {
        working.push(Step {
            name: "status".into(),
            value: None,
            how: format!("{} {} {} holds: achieved", fmt(x), cmp.symbol(), fmt(goal)),
        });
        if let Some(b) = baseline.as_ref().filter(|b| !cmp.holds(b.value, goal)) {
            res.progress = Some((x - b.value) / (goal - b.value));
        }
        res.working = working;
        return res;
    }
    if res.status == Status::Missed {
        let when = if year_of(cy) < target.deadline.year() {
            format!(" (the latest value is from {}, before the deadline year)", year_of(cy))
        } else {
            String::new()
        };
        working.push(Step {
            name: "status".into(),
            value: None,
            how: format!("deadline {} reached and {} {} {} does not hold: missed{when}", target.deadline, fmt(x), cmp.symbol(), fmt(goal)),
        });
    }
    let Some(b) = baseline else {
        if res.status != Status::Missed {
            res.reason = Some(reason(
                "no_baseline",
                format!("no baseline: the document states none for this region and there is no observation before {start_year}"),
            ));
        }
        res.working = working;
        return res;
    };
    let t0 = fractional_year(b.date);
    if t <= t0 {
        if res.status != Status::Missed {
            res.reason = Some(reason("too_few_points", "no observation after the baseline: progress needs two points in time"));
        }
        res.working = working;
        return res;
    }
    if cmp.holds(b.value, goal) {
        // The baseline already met the target and the value has fallen below it:
        // progress toward the figure is undefined, the direction is not.
        if res.status != Status::Missed {
            working.push(Step {
                name: "status".into(),
                value: None,
                how: format!("the baseline {} already met {} {}; the value {} no longer does: regressing", fmt(b.value), cmp.symbol(), fmt(goal), fmt(x)),
            });
        }
        res.working = working;
        return res;
    }
    let points: Vec<(f64, f64)> = std::iter::once((t0, b.value))
        .chain((0..nyears).filter(|&y| year_of(y) >= start_year && year_of(y) <= year_of(cy) && !values[y].is_nan()).map(|y| (fractional_year(year_end(year_of(y))), values[y])))
        .filter(|p| p.0 > t0 || p.1 == b.value)
        .collect();
    let pr = progress::assess(progress::Inputs {
        baseline: (t0, b.value),
        current: (t, x),
        series: &points,
        target: goal,
        comparator: cmp,
        deadline,
        natural_limit,
    });
    working.push(Step {
        name: "progress".into(),
        value: pr.progress,
        how: format!("(value − baseline) / (target − baseline) = ({} − {}) / ({} − {})", fmt(x), fmt(b.value), fmt(goal), fmt(b.value)),
    });
    working.push(Step {
        name: "expected_progress".into(),
        value: Some(pr.expected_progress),
        how: format!("(t − t0) / (deadline − t0) = ({} − {}) / ({} − {}) in years", fmt(t), fmt(t0), fmt(deadline), fmt(t0)),
    });
    if let (Some(o), Some(q)) = (pr.observed_growth, pr.required_growth) {
        let (on, qn) = match pr.method {
            GrowthMethod::Linear => (
                format!("(value − baseline) / (t − t0) = ({} − {}) / {}", fmt(x), fmt(b.value), fmt(t - t0)),
                format!("(target − baseline) / (deadline − t0) = ({} − {}) / {}", fmt(goal), fmt(b.value), fmt(deadline - t0)),
            ),
            GrowthMethod::Cagr => (
                format!("(value / baseline)^(1/(t − t0)) − 1 = ({} / {})^(1/{}) − 1", fmt(x), fmt(b.value), fmt(t - t0)),
                format!("(target / baseline)^(1/(deadline − t0)) − 1 = ({} / {})^(1/{}) − 1", fmt(goal), fmt(b.value), fmt(deadline - t0)),
            ),
        };
        working.push(Step { name: "observed_growth".into(), value: Some(o), how: on });
        working.push(Step { name: "required_growth".into(), value: Some(q), how: qn });
    }
    if let Some(g) = pr.growth_ratio {
        working.push(Step {
            name: "growth_ratio".into(),
            value: Some(g),
            how: "observed_growth / required_growth; ≥ 0.95 on track, 0.60–0.95 needs acceleration, 0–0.60 limited, < 0 regressing".into(),
        });
    }
    if let Some(p) = pr.projection {
        working.push(Step {
            name: "projection".into(),
            value: Some(p),
            how: format!("least-squares line through {} point(s) since the baseline, at the deadline", points.len()),
        });
    }
    res.progress = pr.progress;
    res.expected_progress = Some(pr.expected_progress);
    res.growth_ratio = pr.growth_ratio;
    res.method = Some(pr.method);
    res.projection = pr.projection;
    if res.status != Status::Missed {
        if res.status == Status::NotAssessable {
            res.reason = Some(reason("too_few_points", "growth cannot be measured between the baseline and the current value"));
        }
        let how = match pr.growth_ratio {
            Some(_) => format!("{} from the growth ratio", res.status.code()),
            None => format!("{}: no growth ratio (the baseline sits at the figure); judged by the direction of change", res.status.code()),
        };
        working.push(Step { name: "status".into(), value: pr.growth_ratio, how });
    }
    res.working = working;
    res
}

fn catalog_baseline(doc: &Document, target: &Target, region: &str) -> Option<BaselineUsed> {
    let id = target.baseline.as_ref()?;
    let b = doc.baselines.iter().find(|b| &b.id == id)?;
    (b.region == region).then(|| BaselineUsed { date: b.date, value: b.value, from: "catalog".into() })
}

fn milestone(data: &Dataset, doc: &Document, target: &Target, r: u32, options: &EvalOptions) -> TargetResult {
    let mut res = TargetResult::blank(data, doc, target, r, options);
    res.indicator = target.id.clone();
    let as_of_day = options.as_of.num_days_from_ce();
    let entity = data.region_entity(r);
    // The milestone's own id first, then its shared yes/no indicator (if any).
    let keys = [target.id.as_str(), target.indicator.as_str()];
    let mut latest: Option<(i32, f64, u32)> = None;
    for key in keys {
        if key == crate::catalog::MILESTONE_INDICATOR {
            continue;
        }
        if let (Some(s), Some(e)) = (data.series.get(key), entity) {
            for k in 0..s.len() {
                if s.entity[k] == e && s.day[k] <= as_of_day && latest.is_none_or(|l| s.day[k] >= l.0) {
                    latest = Some((s.day[k], s.value[k], s.source[k]));
                }
            }
        }
        if latest.is_some() {
            res.indicator = key.to_string();
            break;
        }
    }
    let deadline_passed = options.as_of >= target.deadline;
    match latest {
        Some((day, v, src)) => {
            let date = NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default();
            res.year = Some(date.year());
            res.value = Some(v);
            res.evidence = (src != NONE).then(|| data.sources[src as usize].clone());
            let done = v >= 1.0;
            res.progress = Some(if done { 1.0 } else { 0.0 });
            res.status = if done && date <= target.deadline {
                Status::Achieved
            } else if deadline_passed {
                Status::Missed
            } else {
                res.reason = Some(reason("pending", format!("reported not done on {date}; due {}", target.deadline)));
                Status::NotAssessable
            };
            res.working.push(Step {
                name: "done".into(),
                value: Some(v),
                how: format!(
                    "latest report on {date}{}",
                    res.evidence.as_ref().map(|e| format!(", evidence: {e}")).unwrap_or_default()
                ),
            });
            if done && date > target.deadline {
                res.working.push(Step { name: "late".into(), value: None, how: format!("done after the deadline {}", target.deadline) });
            }
        }
        None if deadline_passed => {
            res.status = Status::Missed;
            res.working.push(Step { name: "done".into(), value: None, how: format!("no report of completion by the deadline {}", target.deadline) });
        }
        None => {
            res.reason = Some(reason("pending", format!("no report of completion yet; due {}", target.deadline)));
        }
    }
    res
}
