//! Evaluation: from a [`Dataset`] and the [`Catalog`], each target's value, coverage,
//! bounds, progress and status per region, with the working behind every number.
//!
//! The method is specified in `spec/METHODOLOGY.md`. In short: values are computed per
//! calendar year; unit-level targets (share, per-unit minimum, counts of flagged
//! units) sum numerators and denominators from the county up (never averaging
//! percentages); progress compares the current value with a baseline and the target,
//! and the status comes from the ratio of observed to required growth.

use crate::compare::{meets, Num, UnitTest};
use crate::data::{fractional_year, Dataset, Series, NONE};
use crate::period::fractional_year_exact;
use crate::model::{Comparator, CountMode, EntityKind, Indicator, Kind, Target, TargetKind};
use crate::progress::{self, GrowthMethod, Status};
use crate::regions::RegionLevel;
use crate::{Catalog, Document};
use chrono::{Datelike, NaiveDate};
use std::ops::Range;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct EvalOptions {
    /// The date the evaluation stands at; observations after it are ignored.
    pub as_of: NaiveDate,
    /// Only results for this region and the regions below it: a GB/T 2260 code, or a name
    /// or path as [`crate::regions::RegionTable::resolve`] reads it (`北京市海淀区`).
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
    /// Growth-ratio thresholds of the statuses (default on track 0.95, needs
    /// acceleration 0.60; METHODOLOGY §11.8).
    #[serde(default)]
    pub thresholds: Option<progress::Thresholds>,
    /// Which observed value is the baseline (default: the latest before the start).
    #[serde(default)]
    pub base_year: Option<BaseYear>,
    /// Clamp projections at the natural limits, 0 and 100 % (default true).
    #[serde(default)]
    pub clamp_projection: Option<bool>,
}

impl EvalOptions {
    /// Options standing at `as_of`, everything else default.
    pub fn new(as_of: NaiveDate) -> Self {
        EvalOptions {
            as_of,
            region: None,
            document: None,
            targets: None,
            depth: None,
            include_empty: false,
            thresholds: None,
            base_year: None,
            clamp_projection: None,
        }
    }

    /// Checks the options against the catalog and the data: the as-of date, the method
    /// options, and that the region, document and targets named exist. Gives the method
    /// and the region filter's index.
    pub(crate) fn check(&self, catalog: &Catalog, data: &Dataset) -> Result<(Method, Option<u32>), EvalError> {
        crate::period::check_date(self.as_of).map_err(|_| EvalError::AsOfOutOfRange(self.as_of))?;
        let method = self.method()?;
        let filter_region = match &self.region {
            Some(text) => Some(data.regions.resolve(text).map_err(|e| match e.candidates() {
                [] => EvalError::UnknownRegion(text.clone()),
                c => EvalError::AmbiguousRegion { region: text.clone(), candidates: c.to_vec() },
            })?),
            None => None,
        };
        if let Some(d) = &self.document {
            if catalog.document(d).is_none() {
                return Err(EvalError::UnknownDocument(d.clone()));
            }
        }
        if let Some(ts) = &self.targets {
            for t in ts {
                if catalog.target(t).is_none() {
                    return Err(EvalError::UnknownTarget(t.clone()));
                }
            }
        }
        Ok((method, filter_region))
    }

    /// The options that are not filters, checked: thresholds in order and finite, base
    /// years in range.
    fn method(&self) -> Result<Method, EvalError> {
        let thresholds = self.thresholds.unwrap_or_default();
        let bad = |option: &str, reason: String| EvalError::BadOption { option: option.into(), reason };
        let (hi, mid) = (thresholds.on_track, thresholds.needs_acceleration);
        if !(hi.is_finite() && mid.is_finite() && 0.0 <= mid && mid <= hi) {
            return Err(bad("thresholds", format!("need 0 ≤ needs_acceleration ≤ on_track, finite; got on_track {hi}, needs_acceleration {mid}")));
        }
        let base_year = self.base_year.unwrap_or_default();
        match base_year {
            BaseYear::Fixed { year } if !(1949..=2100).contains(&year) => {
                return Err(bad("base_year", format!("the fixed base year {year} is outside 1949–2100")))
            }
            BaseYear::WithinYears { years } if years == 0 || years > 150 => {
                return Err(bad("base_year", format!("within_years needs 1–150 years, got {years}")))
            }
            _ => {}
        }
        Ok(Method { thresholds, base_year, clamp_projection: self.clamp_projection.unwrap_or(true) })
    }
}

/// Which observed value is a result's baseline, when the document states none for its
/// region and the target is not measured from zero (METHODOLOGY §10, §11.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum BaseYear {
    /// The latest year before the start with a value, however old (the default).
    #[default]
    LatestBeforeStart,
    /// The value of `year`, or of the next year with one (Open SDG's `base_year`); it must
    /// be earlier than the current value's year. The document's stated baseline is not used.
    Fixed {
        /// The base year.
        year: i32,
    },
    /// The earliest year with a value among the `years` years before the start, so an
    /// older value is not a baseline. The document's stated baseline is not used.
    WithinYears {
        /// How many years before the start to look back.
        years: u32,
    },
}

/// The checked method options of one evaluation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Method {
    thresholds: progress::Thresholds,
    base_year: BaseYear,
    clamp_projection: bool,
}

/// Why a result is not assessable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Reason {
    /// Stable code: `no_data`, `no_eligible_units`, `no_baseline`, `too_few_points`,
    /// `outside_period`, `pending` (a milestone before its deadline), `unreported` (a
    /// milestone with no report by its deadline: not `missed`), `contribution` (a
    /// sub-region of a count set for the whole), `no_figure`, `not_summed` (a sub-region's
    /// reported figure cannot be summed into this region), `bound_undecided` (the reported
    /// figure is a bound or an approximation that allows more than one status).
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
    /// Evidence (source) for milestones, and the source of a reported figure that decided.
    pub evidence: Option<String>,
    /// What decided the value: unit-level data, the figure reported for the region under
    /// the target's id, sub-regions' figures summed, or the region's own observation of
    /// the indicator (METHODOLOGY §10). Absent when nothing was reported under the
    /// target's id.
    pub decided_by: Option<crate::reported::DecidedBy>,
    /// How the reported figure that decided was qualified, when it is a bound or an
    /// approximation (超过70% → more_than, 90%以上 → at_least, 近12万 → about).
    pub qualifier: Option<crate::quantity::Qualifier>,
    /// A figure reported for the region beside the value that decided: the consistency
    /// check (difference, and whether the gap is large).
    pub reported: Option<crate::reported::ReportedCheck>,
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
            decided_by: None,
            qualifier: None,
            reported: None,
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
    /// Observations that no evaluated target reads, per indicator (information, not an
    /// error: a figure reported under another indicator, or for another document).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<crate::unused::UnusedObservations>,
}

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The region filter names an unknown region.
    #[error("unknown region {0:?} (not a built-in GB/T 2260 code nor one defined in the entities, nor a region name)")]
    UnknownRegion(String),
    /// The region filter is a name several regions carry (朝阳区: 北京 and 长春).
    #[error("region {region:?} is ambiguous: {}; give the code or a path", .candidates.iter().map(|c| format!("{} {}", c.code, c.path)).collect::<Vec<_>>().join(", "))]
    AmbiguousRegion {
        /// The filter as given.
        region: String,
        /// Every region it could mean.
        candidates: Vec<crate::regions::RegionInfo>,
    },
    /// The document filter names an unknown document.
    #[error("unknown document {0:?}")]
    UnknownDocument(String),
    /// The target filter names an unknown target.
    #[error("unknown target {0:?}")]
    UnknownTarget(String),
    /// The as-of date lies outside the years data may have.
    #[error("the as-of date {0} is outside the years 1949–2100")]
    AsOfOutOfRange(NaiveDate),
    /// Partials that cannot be merged or judged together (another as-of date, target
    /// selection or region table; one entity's rows in two partials; a malformed table).
    #[error("bad partials: {0}")]
    BadPartials(String),
    /// A method option (thresholds, base year) is out of its range.
    #[error("bad option {option}: {reason}")]
    BadOption {
        /// The option (`thresholds`, `base_year`).
        option: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl EvalError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::UnknownRegion(_) => "eval.unknown_region",
            EvalError::AmbiguousRegion { .. } => "eval.ambiguous_region",
            EvalError::UnknownDocument(_) => "eval.unknown_document",
            EvalError::UnknownTarget(_) => "eval.unknown_target",
            EvalError::AsOfOutOfRange(_) => "eval.as_of_out_of_range",
            EvalError::BadOption { .. } => "eval.bad_option",
            EvalError::BadPartials(_) => "eval.bad_partials",
        }
    }
}

/// Year-by-region table of optional numbers.
#[derive(Clone)]
pub(crate) struct Grid {
    pub(crate) years: usize,
    pub(crate) regions: usize,
    pub(crate) v: Vec<f64>,
}

impl Grid {
    pub(crate) fn new(years: usize, regions: usize, fill: f64) -> Grid {
        Grid { years, regions, v: vec![fill; years * regions] }
    }
    pub(crate) fn at(&self, y: usize, r: usize) -> f64 {
        self.v[y * self.regions + r]
    }
    pub(crate) fn add(&mut self, y: usize, r: usize, x: f64) {
        self.v[y * self.regions + r] += x;
    }
    pub(crate) fn set(&mut self, y: usize, r: usize, x: f64) {
        self.v[y * self.regions + r] = x;
    }
}

/// Per-year, per-region numbers of one target before judging.
pub(crate) struct Table {
    /// Columns of the layout of every region (else of the live layout).
    pub(crate) every: bool,
    pub(crate) first_year: i32,
    pub(crate) value: Grid,
    pub(crate) numerator: Option<Grid>,
    /// Eligible units per year and column (a reported denominator replaces the
    /// entities' count where the reported figure decides, METHODOLOGY §10).
    pub(crate) denominator: Option<Grid>,
    pub(crate) reporting: Option<Grid>,
    /// Yearly compliance for per-unit minimum targets (share meeting the minimum that year).
    pub(crate) yearly: Option<Grid>,
    /// Region-level counts: 1 where the region has its own figure in that year (a
    /// total that already holds its sub-regions), 0 where it is their sum.
    pub(crate) own: Option<Grid>,
}

impl Table {
    /// The exact value of a year in a region ([`crate::compare`]): a share from its
    /// counts, a count of units, or a region's figure as written. `None` without a value.
    fn exact_at(&self, y: usize, r: usize, kind: Kind) -> Option<Num> {
        let v = self.value.at(y, r);
        if v.is_nan() {
            return None;
        }
        match (&self.numerator, &self.denominator) {
            // A share reported without its denominator is the figure as written.
            (Some(p), Some(d)) if kind != Kind::Count && !d.at(y, r).is_nan() => Num::share(p.at(y, r), d.at(y, r)),
            _ => Some(Num::decimal(v)),
        }
    }
}

/// Evaluates the catalog's targets against the data.
pub fn evaluate(catalog: &Catalog, data: &Dataset, options: &EvalOptions) -> Result<Evaluation, EvalError> {
    let (method, filter_region) = options.check(catalog, data)?;
    // The judging step reads the partial step's layouts and facts again: built once.
    let shared = Shared::new(data);
    let partials = crate::partial::partial_whole(catalog, &shared, options)?;
    judge_all(catalog, &shared.with(&partials), &partials, options, method, filter_region)
}

/// The targets `options` selects, in the catalog's order.
pub(crate) fn selected<'c>(catalog: &'c Catalog, options: &EvalOptions) -> impl Iterator<Item = (&'c Document, &'c Target)> + 'c {
    let (document, targets) = (options.document.clone(), options.targets.clone());
    catalog.targets().filter(move |(doc, target)| {
        document.as_ref().is_none_or(|d| *d == doc.id) && targets.as_ref().is_none_or(|ts| ts.contains(&target.id))
    })
}

/// The judging step of [`evaluate`] ([`crate::partial`]): `data` holds the entities and
/// the observations of region entities; what units reported comes from `partials`.
pub(crate) fn finalize_on(
    catalog: &Catalog,
    data: &Dataset,
    partials: &crate::partial::Partials,
    options: &EvalOptions,
    method: Method,
    filter_region: Option<u32>,
) -> Result<Evaluation, EvalError> {
    judge_all(catalog, &Shared::with_partials(data, partials)?, partials, options, method, filter_region)
}

/// Every selected target's results, judged from `shared`, which holds `partials`.
fn judge_all(
    catalog: &Catalog,
    shared: &Shared<'_>,
    partials: &crate::partial::Partials,
    options: &EvalOptions,
    method: Method,
    filter_region: Option<u32>,
) -> Result<Evaluation, EvalError> {
    let mut results = Vec::new();
    for (doc, target) in selected(catalog, options) {
        results.extend(target_results(shared, catalog, doc, target, options, method, filter_region));
    }
    let unused = crate::unused::unused_counts(catalog, options, partials.key_rows());
    Ok(Evaluation { as_of: options.as_of, results, unused })
}

/// The indicators and milestone target ids whose observations the targets `options`
/// selects read (for [`crate::DatasetBuilder::keep_only`]): each target's own indicator
/// or id, and the indicator its condition tests.
pub fn keys_used(catalog: &Catalog, options: &EvalOptions) -> Vec<String> {
    let mut out = Vec::new();
    for (doc, target) in catalog.targets() {
        if options.document.as_ref().is_some_and(|d| *d != doc.id) || options.targets.as_ref().is_some_and(|ts| !ts.contains(&target.id)) {
            continue;
        }
        out.push(target.id.clone());
        out.push(target.indicator.clone());
        if let Some(TargetKind::Share { condition } | TargetKind::PerUnitMinimum { minimum: condition, .. }) = target.spec() {
            out.push(condition.indicator.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn reason(code: &str, message: impl Into<String>) -> Reason {
    Reason { code: code.into(), message: message.into() }
}

fn year_end(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default()
}

/// Years past the later of the last year with data and the deadline's year that a
/// result's `series` still lists when the as-of date is later (METHODOLOGY §3.3).
pub const SERIES_HORIZON: i32 = 10;

/// Evaluates one target in every reported region.
pub fn evaluate_target(
    catalog: &Catalog,
    data: &Dataset,
    doc: &Document,
    target: &Target,
    options: &EvalOptions,
    filter_region: Option<u32>,
) -> Result<Vec<TargetResult>, EvalError> {
    let method = options.method()?;
    Ok(target_results(&Shared::new(data), catalog, doc, target, options, method, filter_region))
}

fn target_results(
    shared: &Shared<'_>,
    catalog: &Catalog,
    doc: &Document,
    target: &Target,
    options: &EvalOptions,
    method: Method,
    filter_region: Option<u32>,
) -> Vec<TargetResult> {
    let data = shared.data;
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
    let indicator_id = indicator_of(&spec, target);
    let indicator = catalog.indicator(indicator_id);

    // The regions to report, in the regions' order: every one within the top region (to
    // the depth) when empty ones are asked for, else those with a column (the others
    // have nothing to report) and the scope.
    let reported = |lay: &Layout| -> Vec<u32> {
        let keep = |r: u32| regions.is_within(r, top) && regions.level(r).is_some_and(|l| l <= depth);
        if options.include_empty {
            return (0..regions.len() as u32).filter(|&r| keep(r)).collect();
        }
        let mut v: Vec<u32> = lay.regions.iter().copied().filter(|&r| keep(r)).collect();
        if keep(scope) {
            if let Err(i) = v.binary_search(&scope) {
                v.insert(i, scope);
            }
        }
        v
    };

    if let (Some(TargetKind::Milestone), _) = (&spec, ()) {
        let reports = data.series.get(&target.id).filter(|s| !s.is_empty());
        // A region with a report of its own has data, so a column in the live layout.
        return reported(shared.layout(false))
            .iter()
            .filter(|&&r| r == scope || reports.is_some_and(|s| has_entity_obs(data, s, r, options.as_of)))
            .map(|&r| milestone(data, doc, target, r, options))
            .collect();
    }

    let series = data.series.get(indicator_id);
    let (first_year, last_year) = year_range(shared, target, indicator_id, start, options.as_of, false);
    let nyears = (last_year - first_year + 1) as usize;

    let mut table = match (unit_plan(&spec, indicator, start), &spec, indicator) {
        (Some((ind, test, window)), _, _) => unit_table(shared, target, ind, series, first_year, nyears, as_of_day, scope, test, window),
        (None, Some(TargetKind::Count { .. }), Some(ind)) | (None, Some(TargetKind::Level), Some(ind)) => {
            region_table(shared, ind, series, first_year, nyears, as_of_day, target.kind == Kind::Count)
        }
        _ => return Vec::new(),
    };

    let lay = shared.layout(table.every);
    // Figures reported under the target's id, laid over the data (METHODOLOGY §10).
    let overlay = crate::reported::overlay(data, lay, target, &spec, indicator, &mut table, start.year(), as_of_day);
    let report = reported(lay);
    let has_value = |y: usize, c: usize| {
        !table.value.at(y, c).is_nan() || overlay.as_ref().and_then(|o| o.values.as_ref()).is_some_and(|g| !g.at(y, c).is_nan())
    };
    // When nothing in the scope reported at all, the sub-regions add nothing.
    let scope_has_data = report.iter().any(|&r| (0..nyears).any(|y| has_value(y, lay.col(r))));
    // The regions to judge, with their columns. A region with no value in any year and
    // no eligible unit is left out: known from the table, before the region is judged.
    let judged: Vec<(u32, usize)> = report
        .into_iter()
        .filter(|&r| scope_has_data || r == scope || options.include_empty)
        .map(|r| (r, lay.col(r)))
        .filter(|&(r, c)| {
            let reported = (0..nyears).any(|y| has_value(y, c)) || overlay.as_ref().is_some_and(|o| o.has_figure(c as u32));
            let empty = !reported && table.denominator.as_ref().is_none_or(|d| (0..nyears).all(|y| d.at(y, c) == 0.0));
            r == scope || !empty || options.include_empty
        })
        .collect();
    // Each region on its own (a national table has thousands), in the regions' order.
    let (table, overlay) = (&table, overlay.as_ref());
    crate::chunks::map(&judged, JUDGED_PER_TASK, |&rc| judge(data, doc, target, &spec, indicator, table, rc, scope, start, eval_date, options, method, overlay))
}

/// Regions judged per parallel task: judging one takes microseconds, so a few per task
/// keep the hand-off small against the work.
const JUDGED_PER_TASK: usize = 8;

/// A unit-level target's indicator, test and window ([`unit_plan`]).
pub(crate) type UnitPlan<'c> = (&'c Indicator, UnitTest, Option<(u32, i32)>);

/// What a unit-level target counts: the indicator tested on each unit, the test, and
/// for a per-unit minimum its window (years, start year). `None` for targets whose value
/// is not built from units (region-level counts and levels, milestones).
pub(crate) fn unit_plan<'c>(spec: &Option<TargetKind<'_>>, indicator: Option<&'c Indicator>, start: NaiveDate) -> Option<UnitPlan<'c>> {
    match (spec, indicator) {
        (Some(TargetKind::Share { condition }), Some(ind)) => Some((ind, UnitTest::new(condition.comparator, condition.value), None)),
        (Some(TargetKind::PerUnitMinimum { minimum, window_years }), Some(ind)) => {
            Some((ind, UnitTest::new(minimum.comparator, minimum.value), Some((*window_years, start.year()))))
        }
        (Some(TargetKind::Count { .. }), Some(ind)) if ind.entity != EntityKind::Region => Some((ind, UnitTest::AtLeast(1.0), None)),
        _ => None,
    }
}

/// The indicator a target's value is computed from: the one its condition tests, else
/// its own.
pub(crate) fn indicator_of<'t>(spec: &Option<TargetKind<'t>>, target: &'t Target) -> &'t str {
    match spec {
        Some(TargetKind::Share { condition }) | Some(TargetKind::PerUnitMinimum { minimum: condition, .. }) => condition.indicator.as_str(),
        _ => target.indicator.as_str(),
    }
}

/// The first and last year of a target's tables: from the year before the start (or the
/// first year of data, or of figures reported under the target's id) up to the as-of
/// date, but at most [`SERIES_HORIZON`] years past the last year of data and the
/// deadline, so a far as-of date adds no work (METHODOLOGY §3.3). A `partition` does not
/// know the last year of the whole data and goes to the as-of year (its counts past the
/// whole's last year are not read).
pub(crate) fn year_range(shared: &Shared<'_>, target: &Target, indicator_id: &str, start: NaiveDate, as_of: NaiveDate, partition: bool) -> (i32, i32) {
    let facts = shared.facts(indicator_id);
    let reported_years = shared.facts(&target.id).map(|f| (f.min_year as i32, f.max_year as i32));
    let first_year = facts.map_or(start.year() - 1, |f| (f.min_year as i32).min(start.year() - 1));
    let first_year = reported_years.map_or(first_year, |(lo, _)| first_year.min(lo));
    if partition {
        return (first_year, as_of.year().max(first_year));
    }
    let reach = facts.map_or(i32::MIN, |f| f.max_year as i32).max(reported_years.map_or(i32::MIN, |(_, hi)| hi)).max(target.deadline.year()) + SERIES_HORIZON;
    (first_year, as_of.year().min(reach).max(first_year))
}

fn has_entity_obs(data: &Dataset, s: &Series, region: u32, as_of: NaiveDate) -> bool {
    let day = as_of.num_days_from_ce();
    data.region_entity(region).is_some_and(|e| (0..s.len()).any(|k| s.entity[k] == e && s.day[k] <= day))
}

/// Facts about the entities that every target of one evaluation uses, computed once
/// and only when a target first needs them: the regions the tables have a column for
/// (see [`Layout`]), and per indicator facts about its rows.
pub(crate) struct Shared<'d> {
    pub(crate) data: &'d Dataset,
    /// [`Layout::live`] and [`Layout::every`], built when first needed.
    layouts: [std::cell::OnceCell<Layout>; 2],
    /// Per indicator: facts about its rows, from one pass (see [`SeriesFacts`]).
    facts: std::cell::RefCell<std::collections::HashMap<String, SeriesFacts>>,
    /// When judging ([`finalize_on`]): the units' counts, and the facts of every
    /// series (the data then holds only the region entities' rows).
    partials: Option<&'d crate::partial::Partials>,
}

/// The regions a target's tables hold a column for, and what is counted per column.
///
/// The region table is the whole of GB/T 2260 (over 3,000 regions) while data usually
/// covers a few provinces. A region with no entity of its own or below it, and no
/// observation of its own region entity or below it, has nothing to count: no eligible
/// unit, no report, no value, in any target whose units are not regions. The live
/// layout holds a column for each region with data and each of their ancestors, in the
/// regions' order, and one more, empty column that stands for every other region (its
/// counts stay zero and its values missing, as that region's would be). Targets whose
/// units are regions themselves count every region, and use the layout of every region.
pub(crate) struct Layout {
    /// Region index of each column but the last (the empty column), ascending.
    pub(crate) regions: Vec<u32>,
    /// Column of each region; the empty column for regions without one.
    col: Vec<u32>,
    /// Parent column of each column ([`NONE`] for the nation and the empty column).
    parent: Vec<u32>,
    /// Columns in an order where every child comes before its parent (the empty column
    /// left out).
    pub(crate) bottom_up: Vec<u32>,
    /// Per entity kind, the number of entities in each column.
    per_region: [std::cell::OnceCell<Vec<u32>>; 5],
    /// Per entity kind, for targets that filter by stage, area class or role, the number
    /// in each column × stage × area × role cell (none when too large).
    census: [std::cell::OnceCell<Option<Vec<u32>>>; 5],
}

impl Layout {
    /// Columns for the regions with data and their ancestors (see [`Layout`]).
    fn live(data: &Dataset) -> Layout {
        let nreg = data.regions.len();
        let (kinds, entity_regions) = (&data.kind[..], &data.region[..]);
        let (mut has, region_entities) = crate::chunks::fold(
            kinds.len().min(entity_regions.len()),
            || (vec![false; nreg], 0usize),
            |(has, regions), range| {
                // Entities come in runs of one region: the region entities and the
                // others of a run are counted in registers (no branch on the kind,
                // which changes from entity to entity), the table written once a run.
                let mut mark = |run: Option<u32>, others: usize| {
                    if let Some(h) = run.filter(|_| others > 0).and_then(|r| has.get_mut(r as usize)) {
                        *h = true;
                    }
                };
                let (mut run, mut others) = (None, 0usize);
                for (k, &r) in kinds[range.clone()].iter().zip(&entity_regions[range]) {
                    if Some(r) != run {
                        mark(run, others);
                        (run, others) = (Some(r), 0);
                    }
                    let region = *k == EntityKind::Region;
                    others += !region as usize;
                    *regions += region as usize;
                }
                mark(run, others);
            },
            |(mut a, n), (b, m)| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x |= y);
                (a, n + m)
            },
        );
        // Region entities with observations. Series are sorted by entity, and the
        // builder puts the region entities first, so their rows come first: read
        // rows while they are a region's (every row when that order does not hold).
        let regions_first = region_entities == nreg && data.kind.get(..nreg).is_some_and(|k| k.iter().all(|k| *k == EntityKind::Region));
        for s in data.series.values() {
            for &e in &s.entity {
                let e = e as usize;
                match data.kind.get(e) {
                    Some(EntityKind::Region) => {
                        if let Some(h) = data.region.get(e).and_then(|&r| has.get_mut(r as usize)) {
                            *h = true;
                        }
                    }
                    _ if regions_first => break,
                    _ => {}
                }
            }
        }
        // And their ancestors.
        for r in 0..nreg as u32 {
            if !has[r as usize] {
                continue;
            }
            let mut a = data.regions.parent(r);
            while let Some(p) = a {
                if has[p as usize] {
                    break;
                }
                has[p as usize] = true;
                a = data.regions.parent(p);
            }
        }
        Layout::of(data, has)
    }

    /// A column for every region.
    fn every(data: &Dataset) -> Layout {
        Layout::of(data, vec![true; data.regions.len()])
    }

    fn of(data: &Dataset, has: Vec<bool>) -> Layout {
        let regions: Vec<u32> = (0..has.len() as u32).filter(|&r| has[r as usize]).collect();
        let empty = regions.len() as u32;
        let mut col = vec![empty; has.len()];
        for (c, &r) in regions.iter().enumerate() {
            col[r as usize] = c as u32;
        }
        let mut parent: Vec<u32> = regions.iter().map(|&r| data.regions.parent(r).map_or(NONE, |p| col[p as usize])).collect();
        parent.push(NONE);
        // The regions' own bottom-up order, kept (sums add in the same order).
        let bottom_up = data.regions.bottom_up().into_iter().filter(|&r| has[r as usize]).map(|r| col[r as usize]).collect();
        Layout { regions, col, parent, bottom_up, per_region: Default::default(), census: Default::default() }
    }

    /// The column of each entity of `data`, through its region.
    pub(crate) fn entity_cols<'a>(&'a self, data: &'a Dataset) -> EntityCols<'a> {
        EntityCols { region: &data.region, col: &self.col, empty: self.regions.len() as u32 }
    }

    /// Number of columns, the empty one included.
    pub(crate) fn cols(&self) -> usize {
        self.regions.len() + 1
    }

    /// The column of region `r`.
    pub(crate) fn col(&self, r: u32) -> usize {
        self.col.get(r as usize).map_or(self.regions.len(), |&c| c as usize)
    }

    pub(crate) fn parent(&self, c: usize) -> Option<usize> {
        self.parent.get(c).filter(|&&p| p != NONE).map(|&p| p as usize)
    }

    /// Sums a grid's columns up the tree (children into parents).
    fn roll_up(&self, g: &mut Grid) {
        for y in 0..g.years {
            for &c in &self.bottom_up {
                if let Some(p) = self.parent(c as usize) {
                    let x = g.at(y, c as usize);
                    g.add(y, p, x);
                }
            }
        }
    }
}

/// The column of each entity: its region's, looked up in the layout's small table of
/// regions (no table as long as the entities, which would be read once per row from
/// memory instead of the cache).
#[derive(Clone, Copy)]
pub(crate) struct EntityCols<'a> {
    /// Region of each entity ([`Dataset::region`]).
    region: &'a [u32],
    /// Column of each region ([`Layout::col`]).
    col: &'a [u32],
    /// The empty column.
    empty: u32,
}

impl EntityCols<'_> {
    /// The column of entity `e` (the empty column for one out of range).
    #[inline]
    pub(crate) fn of(&self, e: usize) -> u32 {
        self.region.get(e).map_or(self.empty, |&r| self.col_of_region(r))
    }

    /// The column of region `r`.
    #[inline]
    fn col_of_region(&self, r: u32) -> u32 {
        self.col.get(r as usize).copied().unwrap_or(self.empty)
    }

    /// The end of the run of entities from `first` on, below `limit`, that share its
    /// region (at least `first + 1`). The builder keeps an entity beside those of its
    /// region (a school and its classes), so runs are long.
    #[inline]
    fn run_end(&self, first: usize, limit: usize) -> usize {
        let limit = limit.min(self.region.len());
        let Some(&r) = self.region.get(first) else {
            return first + 1;
        };
        let mut e = first + 1;
        while e < limit && self.region[e] == r {
            e += 1;
        }
        e
    }
}

/// The first index at or after `from` (and at most `to`) whose entity is `end` or
/// later, in rows sorted by entity: galloping from `from`, then a binary search, so a
/// run of rows costs the logarithm of its length, not a read of each row.
#[inline]
fn rows_before(ent: &[u32], from: usize, to: usize, end: u32) -> usize {
    let to = to.min(ent.len());
    let (mut lo, mut step) = (from, 1);
    // ent[lo..] below `end` so far; find a bound `hi` with ent[hi] >= end (or `to`).
    let hi = loop {
        let probe = lo.saturating_add(step);
        if probe >= to {
            break to;
        }
        if ent[probe] >= end {
            break probe;
        }
        lo = probe;
        step *= 2;
    };
    lo.min(to) + ent[lo.min(to)..hi].partition_point(|&x| x < end)
}

/// What one pass over an indicator's entity and year columns tells.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SeriesFacts {
    pub(crate) min_year: i16,
    pub(crate) max_year: i16,
    /// Some unit has two rows in one year.
    pub(crate) twice: bool,
}

impl SeriesFacts {
    pub(crate) fn of(s: &Series) -> SeriesFacts {
        let n = s.entity.len().min(s.year.len());
        let (ent, year) = (&s.entity[..n], &s.year[..n]);
        // In chunks; a row is compared with the one before it, which may lie in the
        // chunk before.
        crate::chunks::fold(
            n,
            || SeriesFacts { min_year: i16::MAX, max_year: i16::MIN, twice: false },
            |f, range| {
                let (mut min_year, mut max_year, mut twice) = (f.min_year, f.max_year, f.twice);
                if let Some(&y) = year.get(range.start) {
                    (min_year, max_year) = (min_year.min(y), max_year.max(y));
                }
                for k in range.start.max(1)..range.end {
                    min_year = min_year.min(year[k]);
                    max_year = max_year.max(year[k]);
                    twice |= (ent[k] == ent[k - 1]) & (year[k] == year[k - 1]);
                }
                *f = SeriesFacts { min_year, max_year, twice };
            },
            |a, b| SeriesFacts { min_year: a.min_year.min(b.min_year), max_year: a.max_year.max(b.max_year), twice: a.twice | b.twice },
        )
    }
}

const STAGE_CELLS: usize = 1 + crate::model::Stage::ALL.len();
const ROLE_CELLS: usize = 5;
/// Above this many cells per kind the census is not built; targets count entities instead.
const MAX_CENSUS_CELLS: usize = 1 << 24;

impl<'d> Shared<'d> {
    pub(crate) fn new(data: &'d Dataset) -> Shared<'d> {
        Shared { data, layouts: Default::default(), facts: Default::default(), partials: None }
    }

    /// For judging: the facts of every series and the units' counts from `partials`,
    /// which must come from data of the same region table.
    fn with_partials(data: &'d Dataset, partials: &'d crate::partial::Partials) -> Result<Shared<'d>, EvalError> {
        partials.check_regions(&data.regions)?;
        let facts = partials.key_facts().map(|(k, f)| (k.to_string(), f)).collect();
        Ok(Shared { data, layouts: Default::default(), facts: std::cell::RefCell::new(facts), partials: Some(partials) })
    }

    /// The same data's layouts and facts, judged with `partials` made from it (the
    /// facts of every series in it are the data's own).
    fn with<'p>(self, partials: &'p crate::partial::Partials) -> Shared<'p>
    where
        'd: 'p,
    {
        Shared { data: self.data, layouts: self.layouts, facts: self.facts, partials: Some(partials) }
    }

    /// The live layout, or with `every` the layout of every region (see [`Layout`]).
    pub(crate) fn layout(&self, every: bool) -> &Layout {
        self.layouts[every as usize].get_or_init(|| if every { Layout::every(self.data) } else { Layout::live(self.data) })
    }

    /// The facts of a series' rows (one pass, once per series and evaluation), `None`
    /// when it has no rows. When judging, the facts of the whole data, from the partials.
    pub(crate) fn facts(&self, key: &str) -> Option<SeriesFacts> {
        if let Some(&f) = self.facts.borrow().get(key) {
            return Some(f);
        }
        if self.partials.is_some() {
            return None;
        }
        let s = self.data.series.get(key).filter(|s| !s.is_empty())?;
        let f = SeriesFacts::of(s);
        self.facts.borrow_mut().insert(key.to_string(), f);
        Some(f)
    }

    fn area_cells(&self) -> usize {
        self.data.areas.len() + 1
    }

    fn per_region<'l>(&self, lay: &'l Layout, kind: EntityKind) -> &'l [u32] {
        lay.per_region[kind as usize].get_or_init(|| {
            // Entities come in runs of one region (a school and its classes): count a
            // run in a register, not with one increment of the table per entity.
            let (kinds, regions, cols, ncols) = (&self.data.kind[..], &self.data.region[..], lay.entity_cols(self.data), lay.cols());
            let add = |v: &mut Vec<u32>, region: Option<u32>, n: u32| {
                if let Some(x) = region.map(|r| cols.col_of_region(r)).and_then(|c| v.get_mut(c as usize)) {
                    *x += n;
                }
            };
            crate::chunks::fold(
                kinds.len().min(regions.len()),
                || vec![0u32; ncols],
                |v, range| {
                    let (mut run, mut n) = (None, 0u32);
                    for (k, &r) in kinds[range.clone()].iter().zip(&regions[range]) {
                        if Some(r) != run {
                            add(v, run, n);
                            (run, n) = (Some(r), 0);
                        }
                        n += (*k == kind) as u32;
                    }
                    add(v, run, n);
                },
                crate::chunks::add_counts,
            )
        })
    }

    fn census<'l>(&self, lay: &'l Layout, kind: EntityKind) -> Option<&'l [u32]> {
        lay.census[kind as usize]
            .get_or_init(|| {
                let d = self.data;
                let per = STAGE_CELLS * self.area_cells() * ROLE_CELLS;
                let cells = per.checked_mul(lay.cols()).filter(|&c| c <= MAX_CENSUS_CELLS)?;
                let mut v = vec![0u32; cells];
                let cols = lay.entity_cols(d);
                for e in 0..d.len() {
                    if d.kind[e] == kind {
                        v[cols.of(e) as usize * per + self.cell(e)] += 1;
                    }
                }
                Some(v)
            })
            .as_deref()
    }

    /// The entity's stage × area × role cell.
    fn cell(&self, e: usize) -> usize {
        let d = self.data;
        let stage = d.stage[e].map_or(0, |s| s as usize + 1);
        let area = if d.area[e] == NONE { 0 } else { d.area[e] as usize + 1 };
        let role = d.role[e].map_or(0, |r| r as usize + 1);
        (stage * self.area_cells() + area) * ROLE_CELLS + role
    }

}

/// Who is in scope of a target: kind, region subtree, stages, area class, roles.
struct Scope<'a> {
    kind: EntityKind,
    /// Per column of the layout: whether its region is within the scope.
    within: Vec<bool>,
    /// Column of each entity.
    cols: EntityCols<'a>,
    stages: &'a [crate::model::Stage],
    /// `None`: any area; `Some(NONE - 1)`: an area no entity has.
    area: Option<u32>,
    roles: &'a [crate::model::PersonRole],
}

impl<'a> Scope<'a> {
    fn new(data: &'a Dataset, lay: &'a Layout, target: &'a Target, kind: EntityKind, scope: u32) -> Scope<'a> {
        let regions = &data.regions;
        let mut within: Vec<bool> = lay.regions.iter().map(|&r| regions.is_within(r, scope)).collect();
        within.push(false);
        Scope {
            kind,
            within,
            cols: lay.entity_cols(data),
            stages: &target.scope.stages,
            area: target.scope.area_class.as_deref().map(|a| data.areas.iter().position(|x| x == a).map_or(NONE - 1, |i| i as u32)),
            roles: &target.scope.roles,
        }
    }

    fn filtered(&self) -> bool {
        !self.stages.is_empty() || self.area.is_some() || !self.roles.is_empty()
    }

    #[inline]
    fn eligible(&self, data: &Dataset, e: usize) -> bool {
        data.kind[e] == self.kind
            && self.within[self.cols.of(e) as usize]
            && (self.stages.is_empty() || data.stage[e].is_some_and(|s| self.stages.contains(&s)))
            && self.area.is_none_or(|a| data.area[e] == a)
            && (self.roles.is_empty() || data.role[e].is_some_and(|r| self.roles.contains(&r)))
    }

    /// Eligible units per region (each in its own region, before the roll-up).
    fn denominators(&self, shared: &Shared<'_>, lay: &Layout) -> Vec<f64> {
        let data = shared.data;
        let mut out = vec![0.0; lay.cols()];
        if !self.filtered() {
            for (r, n) in shared.per_region(lay, self.kind).iter().enumerate() {
                if self.within[r] {
                    out[r] = *n as f64;
                }
            }
            return out;
        }
        if let Some(census) = shared.census(lay, self.kind) {
            let areas = shared.area_cells();
            let per = STAGE_CELLS * areas * ROLE_CELLS;
            let stages: Vec<usize> = if self.stages.is_empty() { (0..STAGE_CELLS).collect() } else { self.stages.iter().map(|s| *s as usize + 1).collect() };
            let area_cells: Vec<usize> = match self.area {
                None => (0..areas).collect(),
                Some(a) if (a as usize) < areas - 1 => vec![a as usize + 1],
                Some(_) => Vec::new(),
            };
            let roles: Vec<usize> = if self.roles.is_empty() { (0..ROLE_CELLS).collect() } else { self.roles.iter().map(|r| *r as usize + 1).collect() };
            for (r, o) in out.iter_mut().enumerate() {
                if !self.within[r] {
                    continue;
                }
                let row = &census[r * per..(r + 1) * per];
                let mut n = 0u32;
                for &s in &stages {
                    for &a in &area_cells {
                        for &ro in &roles {
                            n += row[(s * areas + a) * ROLE_CELLS + ro];
                        }
                    }
                }
                *o = n as f64;
            }
            return out;
        }
        for e in 0..data.len() {
            if self.eligible(data, e) {
                out[self.cols.of(e) as usize] += 1.0;
            }
        }
        out
    }
}

/// The observation columns of one indicator, for the one-pass tally.
struct Rows<'a> {
    ent: &'a [u32],
    day: &'a [i32],
    year: &'a [i16],
    value: &'a [f64],
    as_of_day: i32,
    first_year: i32,
    nyears: usize,
    nreg: usize,
}

impl Rows<'_> {
    /// Adds every eligible unit's latest observation of each year (up to the as-of
    /// date) among the rows of `range` to `reporting[year × region]`, and to `passing`
    /// when it passes. Whether a row counts is computed, not branched on, so the loop
    /// does not stall on the data. A row's successor may lie past the range: any cut
    /// of the rows into ranges gives the same counts.
    #[inline]
    fn tally(&self, range: Range<usize>, cols: EntityCols<'_>, eligible: impl Fn(usize) -> bool, pass: &impl Fn(f64) -> bool, (reporting, passing): (&mut [u32], &mut [u32])) {
        let n = self.ent.len().min(self.day.len()).min(self.year.len()).min(self.value.len());
        let (ent, day, year, value) = (&self.ent[..n], &self.day[..n], &self.year[..n], &self.value[..n]);
        let as_of = self.as_of_day;
        for k in range.start.min(n)..range.end.min(n) {
            let e = ent[k] as usize;
            let reg = cols.of(e) as usize;
            let last = k + 1 == n || (ent[k + 1] != ent[k]) | (year[k + 1] != year[k]) | (day[k + 1] > as_of);
            let yi = (year[k] as i32 - self.first_year) as usize;
            let in_range = yi < self.nyears;
            let counts = eligible(e) & (day[k] <= as_of) & last & in_range;
            let at = if in_range { yi } else { 0 } * self.nreg + reg;
            reporting[at] += counts as u32;
            passing[at] += (counts & pass(value[k])) as u32;
        }
    }

    /// True when every row is dated up to the as-of date and no unit has two rows in one
    /// year: then every row is its unit's latest of its year, and [`Rows::tally_plain`]
    /// gives the same counts as [`Rows::tally`] with less work. When the last year ends
    /// by the as-of date, the dates need not be read.
    fn plain(&self, facts: SeriesFacts) -> bool {
        if facts.twice {
            return false;
        }
        let last_day = year_end(facts.max_year as i32).num_days_from_ce();
        last_day <= self.as_of_day || !self.day.iter().fold(false, |acc, &d| acc | (d > self.as_of_day))
    }

    /// [`Rows::tally`] for plain rows (see [`Rows::plain`]) when every unit of the right
    /// kind in a region within the scope is eligible (no stage, area or role filter; a
    /// series only holds rows of its indicator's entity kind, as the builder checks).
    /// Rows come in runs of one region (a school's classes, a county's schools): the run
    /// is found among the entities ([`EntityCols::run_end`]) and its last row by a
    /// search in the sorted entity column ([`rows_before`]), so a row's entity is not
    /// read at all; a loop counts the run's rows per year in two small arrays whose
    /// addresses depend only on the row's year, and the counts go into the tables once
    /// per run. Each row counts on its own, so any cut of the rows into ranges gives the
    /// same counts.
    #[inline]
    fn tally_plain(&self, range: Range<usize>, cols: EntityCols<'_>, within: &[bool], pass: &impl Fn(f64) -> bool, (reporting, passing): (&mut [u32], &mut [u32])) {
        let n = self.ent.len().min(self.year.len()).min(self.value.len());
        let range = range.start.min(n)..range.end.min(n);
        let (ent, year, value) = (&self.ent[..n], &self.year[..n], &self.value[..n]);
        let Some(&last) = range.end.checked_sub(1).and_then(|l| ent.get(l)).filter(|_| !range.is_empty()) else {
            return;
        };
        // No run reaches past the range's last entity.
        let limit = last as usize + 1;
        let (ny, nreg) = (self.nyears, self.nreg);
        let mut rep = vec![0u32; ny + 1];
        let mut pas = vec![0u32; ny + 1];
        let mut k = range.start;
        while k < range.end {
            let first = ent[k] as usize;
            let end_entity = cols.run_end(first, limit);
            // At least one row, also should the rows not be sorted.
            let end = rows_before(ent, k, range.end, end_entity as u32).max(k + 1);
            let reg = cols.of(first) as usize;
            let run = k..end;
            k = end;
            if !within.get(reg).copied().unwrap_or(false) {
                continue;
            }
            // The run's counts per year, in two small arrays whose addresses depend
            // only on the row's year; a slot past the years for rows outside them
            // (none when the rows are plain).
            rep.iter_mut().for_each(|x| *x = 0);
            pas.iter_mut().for_each(|x| *x = 0);
            for (&v, &x) in year[run.clone()].iter().zip(&value[run]) {
                let yi = ((v as i32 - self.first_year) as usize).min(ny);
                rep[yi] += 1;
                pas[yi] += pass(x) as u32;
            }
            for y in 0..ny {
                reporting[y * nreg + reg] += rep[y];
                passing[y * nreg + reg] += pas[y];
            }
        }
    }
}

/// Unit-level targets: per year and region, passing / reporting / eligible counts.
/// With `window`, a unit passes in year y when it passed in any year of the window
/// ending at y (not before the start year): coverage of a per-unit minimum.
#[allow(clippy::too_many_arguments)]
fn unit_table(
    shared: &Shared<'_>,
    target: &Target,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    scope: u32,
    test: UnitTest,
    window: Option<(u32, i32)>,
) -> Table {
    // One monomorphic loop per comparison, so the tally does not branch on the comparator.
    match test {
        UnitTest::AtLeast(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v >= f, window),
        UnitTest::MoreThan(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v > f, window),
        UnitTest::AtMost(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v <= f, window),
        UnitTest::LessThan(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v < f, window),
    }
}

#[allow(clippy::too_many_arguments)]
fn unit_table_with(
    shared: &Shared<'_>,
    target: &Target,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    scope: u32,
    pass: impl Fn(f64) -> bool + Sync,
    window: Option<(u32, i32)>,
) -> Table {
    let data = shared.data;
    // Tables of regions whose units are regions need every region (see [`Layout`]).
    let lay = shared.layout(ind.entity == EntityKind::Region);
    let nreg = lay.cols();
    let sc = Scope::new(data, lay, target, ind.entity, scope);
    let denominator = sc.denominators(shared, lay);
    // Flags counted by count targets state a standing status (selected, certified):
    // they hold until a later 0. Other unit values describe their own year only.
    let carry = ind.cumulative || target.kind == Kind::Count;
    // When judging, the counts come from the partials (summed over the partitions).
    let UnitCounts { passing: passing_n, reporting: reporting_n, yearly: yearly_n } = match shared.partials {
        Some(p) => p.unit_counts(&target.id, lay, first_year, nyears, window.is_some()),
        None => tally_units(shared, lay, &sc, ind, series, (first_year, nyears, as_of_day), &pass, window, carry),
    };
    let grid = |counts: Vec<u32>| {
        let mut g = Grid { years: nyears, regions: nreg, v: counts.into_iter().map(f64::from).collect() };
        lay.roll_up(&mut g);
        g
    };
    let passing = grid(passing_n);
    let reporting = grid(reporting_n);
    let yearly = yearly_n.map(grid);
    let mut den_grid = Grid { years: 1, regions: nreg, v: denominator };
    lay.roll_up(&mut den_grid);
    let den_grid = Grid { years: nyears, regions: nreg, v: (0..nyears).flat_map(|_| den_grid.v.iter().copied()).collect() };
    let is_count = target.kind == Kind::Count;
    let mut value = Grid::new(nyears, nreg, f64::NAN);
    for y in 0..nyears {
        for r in 0..nreg {
            let (p, rep, d) = (passing.at(y, r), reporting.at(y, r), den_grid.at(y, r));
            if is_count {
                if rep > 0.0 || carry && p > 0.0 {
                    value.set(y, r, p);
                }
            } else if rep > 0.0 && d > 0.0 {
                // The nearest double of 100 · P / E; verdicts use the exact fraction.
                value.set(y, r, Num::share(p, d).map_or(f64::NAN, Num::value));
            }
        }
    }
    Table {
        every: ind.entity == EntityKind::Region,
        first_year,
        value,
        numerator: Some(passing),
        denominator: Some(den_grid),
        reporting: Some(reporting),
        yearly,
        own: None,
    }
}

/// Per year and column (before the roll-up): units passing, reporting, and for a
/// per-unit minimum passing in the year itself. The additive part of a unit table: with
/// every row of a unit in one partition, a sum over partitions ([`crate::partial`]).
pub(crate) struct UnitCounts {
    pub(crate) passing: Vec<u32>,
    pub(crate) reporting: Vec<u32>,
    pub(crate) yearly: Option<Vec<u32>>,
}

/// The unit counts of a unit-level target from the data's rows ([`UnitCounts`]), in the
/// columns of `lay`: the first step of [`unit_table`], and what a partial holds.
#[allow(clippy::too_many_arguments)]
pub(crate) fn count_units(
    shared: &Shared<'_>,
    target: &Target,
    ind: &Indicator,
    (first_year, nyears, as_of_day): (i32, usize, i32),
    scope: u32,
    test: UnitTest,
    window: Option<(u32, i32)>,
) -> UnitCounts {
    let lay = shared.layout(ind.entity == EntityKind::Region);
    let sc = Scope::new(shared.data, lay, target, ind.entity, scope);
    let series = shared.data.series.get(&ind.id);
    let carry = ind.cumulative || target.kind == Kind::Count;
    let years = (first_year, nyears, as_of_day);
    match test {
        UnitTest::AtLeast(f) => tally_units(shared, lay, &sc, ind, series, years, &|v| v >= f, window, carry),
        UnitTest::MoreThan(f) => tally_units(shared, lay, &sc, ind, series, years, &|v| v > f, window, carry),
        UnitTest::AtMost(f) => tally_units(shared, lay, &sc, ind, series, years, &|v| v <= f, window, carry),
        UnitTest::LessThan(f) => tally_units(shared, lay, &sc, ind, series, years, &|v| v < f, window, carry),
    }
}

#[allow(clippy::too_many_arguments)]
fn tally_units(
    shared: &Shared<'_>,
    lay: &Layout,
    sc: &Scope<'_>,
    ind: &Indicator,
    series: Option<&Series>,
    (first_year, nyears, as_of_day): (i32, usize, i32),
    pass: &(impl Fn(f64) -> bool + Sync),
    window: Option<(u32, i32)>,
    carry: bool,
) -> UnitCounts {
    let data = shared.data;
    let nreg = lay.cols();
    let cells = nyears * nreg;
    let Some(s) = series else {
        return UnitCounts { passing: vec![0; cells], reporting: vec![0; cells], yearly: window.map(|_| vec![0; cells]) };
    };
    let n = s.len();
    let (ent, day, year, value) = (&s.entity[..n], &s.day[..n], &s.year[..n], &s.value[..n]);
    if window.is_some() || carry {
        let years = (first_year, nyears, as_of_day);
        return tally_per_unit(data, lay, sc, (ent, day, year, value), years, pass, window, carry);
    }
    // One pass without branches on the data: an observation counts when its unit is
    // eligible and it is the unit's latest of its year up to the as-of date (rows are
    // sorted by entity, then date). The rows are cut into chunks, counted on every core.
    let kind = sc.kind;
    let (kinds, cols, within) = (&data.kind[..], lay.entity_cols(data), &sc.within[..]);
    let rows = Rows { ent, day, year, value, as_of_day, first_year, nyears, nreg };
    let plain = !sc.filtered() && shared.facts(&ind.id).is_some_and(|f| rows.plain(f));
    let (reporting, passing) = crate::chunks::fold(
        n,
        || (vec![0u32; cells], vec![0u32; cells]),
        |(rep, pas), r| {
            let counters = (&mut rep[..], &mut pas[..]);
            if sc.filtered() {
                rows.tally(r, cols, |e| sc.eligible(data, e), pass, counters);
            } else if plain {
                rows.tally_plain(r, cols, within, pass, counters);
            } else {
                rows.tally(r, cols, |e| (kinds[e] == kind) & within[cols.of(e) as usize], pass, counters);
            }
        },
        |a, b| (crate::chunks::add_counts(a.0, b.0), crate::chunks::add_counts(a.1, b.1)),
    );
    UnitCounts { passing, reporting, yearly: None }
}

/// [`tally_units`] for values that carry over to later years (`carry`) or targets met
/// within a window of years: each unit's rows in turn (a unit's rows stay in one chunk).
#[allow(clippy::too_many_arguments)]
fn tally_per_unit(
    data: &Dataset,
    lay: &Layout,
    sc: &Scope<'_>,
    (ent, day, year, value): (&[u32], &[i32], &[i16], &[f64]),
    (first_year, nyears, as_of_day): (i32, usize, i32),
    pass: &(impl Fn(f64) -> bool + Sync),
    window: Option<(u32, i32)>,
    carry: bool,
) -> UnitCounts {
    let nreg = lay.cols();
    let cells = nyears * nreg;
    let n = ent.len();
    let cols = lay.entity_cols(data);
    let zeros = || UnitCounts { passing: vec![0; cells], reporting: vec![0; cells], yearly: window.map(|_| vec![0; cells]) };
    let add = |acc: &mut UnitCounts, range: Range<usize>| {
        let UnitCounts { passing: passing_n, reporting: reporting_n, yearly: yearly_n } = acc;
        let range = crate::chunks::aligned(ent, range);
        // Reused per entity: the last value seen in each year (NaN = none).
        let mut vals = vec![f64::NAN; nyears];
        let mut i = range.start;
        while i < range.end {
            let e = ent[i];
            let mut j = i;
            while j < n && ent[j] == e {
                j += 1;
            }
            if !sc.eligible(data, e as usize) {
                i = j;
                continue;
            }
            let reg = cols.of(e as usize) as usize;
            vals.iter_mut().for_each(|v| *v = f64::NAN);
            for k in i..j {
                if day[k] > as_of_day {
                    break;
                }
                let yi = (year[k] as i32 - first_year) as usize;
                if yi < nyears {
                    vals[yi] = value[k];
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
                            reporting_n[y * nreg + reg] += 1;
                            if pass(*v) {
                                passing_n[y * nreg + reg] += 1;
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
                            reporting_n[y * nreg + reg] += 1;
                        }
                        if met {
                            passing_n[y * nreg + reg] += 1;
                        }
                        let v = vals[y];
                        if let Some(g) = yearly_n.as_mut() {
                            if !v.is_nan() && pass(v) {
                                g[y * nreg + reg] += 1;
                            }
                        }
                    }
                }
            }
            i = j;
        }
    };
    let combine = |a: UnitCounts, b: UnitCounts| UnitCounts {
        passing: crate::chunks::add_counts(a.passing, b.passing),
        reporting: crate::chunks::add_counts(a.reporting, b.reporting),
        yearly: a.yearly.zip(b.yearly).map(|(x, y)| crate::chunks::add_counts(x, y)),
    };
    crate::chunks::fold(n, zeros, add, combine)
}

/// Region-level targets: the region's own observation; counts without one are the
/// sum of the child regions' values.
fn region_table(
    shared: &Shared<'_>,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    sum_children: bool,
) -> Table {
    let data = shared.data;
    let lay = shared.layout(false);
    let nreg = lay.cols();
    let mut own = Grid::new(nyears, nreg, f64::NAN);
    let mut has_own = Grid::new(nyears, nreg, 0.0);
    let cols = lay.entity_cols(data);
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
                let c = cols.of(e) as usize;
                own.set(yi, c, s.value[k]);
                has_own.set(yi, c, 1.0);
            }
        }
    }
    // A running total not reported in a year is unknown in that year: no carry-forward
    // here (what is new is measured between two reported totals).
    let _ = ind;
    if sum_children {
        // A region's count is its own figure, or else the sum over its children.
        let order = &lay.bottom_up;
        let mut agg = Grid::new(nyears, nreg, f64::NAN);
        agg.v.copy_from_slice(&own.v);
        for y in 0..nyears {
            let mut child_sum = vec![f64::NAN; nreg];
            for &r in order {
                let r = r as usize;
                if agg.at(y, r).is_nan() && !child_sum[r].is_nan() {
                    agg.set(y, r, child_sum[r]);
                }
                let v = agg.at(y, r);
                if let (false, Some(p)) = (v.is_nan(), lay.parent(r)) {
                    child_sum[p] = if child_sum[p].is_nan() { v } else { child_sum[p] + v };
                }
            }
        }
        own = agg;
    }
    Table { every: false, first_year, value: own, numerator: None, denominator: None, reporting: None, yearly: None, own: Some(has_own) }
}

/// A number in the working, to 4 decimals without trailing zeros: the text of
/// `fmt_num(round(v, 4))`, written from the integer number of ten-thousandths (exact
/// below 1e11, where the double nearest k / 10⁴ prints as k's digits) instead of
/// through float formatting, which is slow enough to show in national roll-ups.
fn fmt(v: f64) -> String {
    use std::fmt::Write as _;
    let x = (v * 10_000.0).round();
    if x.is_nan() || x.abs() >= 1e14 {
        return crate::catalog::fmt_num(x / 10_000.0);
    }
    let k = x as i64;
    let (whole, frac) = (k / 10_000, (k % 10_000).unsigned_abs());
    if frac == 0 {
        return whole.to_string();
    }
    let mut out = String::with_capacity(24);
    if k < 0 && whole == 0 {
        out.push('-');
    }
    let _ = write!(out, "{whole}.");
    let mut frac = frac;
    let mut scale = 1000;
    while frac > 0 {
        out.push(char::from(b'0' + (frac / scale) as u8));
        frac %= scale;
        scale /= 10;
    }
    out
}

/// The target's view of a region's yearly values (METHODOLOGY §7.2), exactly: what is
/// new since the year before the start for a stock, running sums of a flow's yearly
/// figures, else the values themselves. Years before the start have no `new` value.
/// A target's yearly values in region `ri` in its own terms, as doubles
/// ([`period_values`] of the region's column).
pub(crate) fn target_view(table: &Table, ri: usize, spec: &Option<TargetKind<'_>>, indicator: Option<&Indicator>, kind: Kind, start_year: i32) -> Vec<f64> {
    let count_mode = match spec {
        Some(TargetKind::Count { mode }) => Some(*mode),
        _ => None,
    };
    let flow = count_mode.is_some() && indicator.is_some_and(|i| !i.cumulative && i.entity == EntityKind::Region);
    let raw: Vec<Option<Num>> = (0..table.value.years).map(|y| table.exact_at(y, ri, kind)).collect();
    let mut working = Vec::new();
    period_values(&raw, table, count_mode, flow, start_year, &mut working).iter().map(|v| v.map_or(f64::NAN, Num::value)).collect()
}

pub(crate) fn period_values(
    raw: &[Option<Num>],
    table: &Table,
    count_mode: Option<CountMode>,
    flow: bool,
    start_year: i32,
    working: &mut Vec<Step>,
) -> Vec<Option<Num>> {
    let year_of = |y: usize| table.first_year + y as i32;
    let running_sum = |from_start: bool| {
        let mut acc: Option<Num> = None;
        raw.iter()
            .enumerate()
            .map(|(y, v)| {
                if from_start && year_of(y) < start_year {
                    return None;
                }
                if let Some(v) = v {
                    acc = Some(acc.map_or(*v, |a| a.plus(*v)));
                }
                acc
            })
            .collect()
    };
    match (count_mode, flow) {
        (Some(CountMode::New), false) => {
            // A stock: what was added since the end of the year before the start.
            // The total reported for the year before the start (an older total would
            // count additions made before the period as new).
            let before = start_year - 1 - table.first_year;
            let base = usize::try_from(before).ok().and_then(|b| raw.get(b)).copied().flatten();
            let base = if base.is_none() && table.numerator.is_some() { Some(Num::decimal(0.0)) } else { base };
            working.push(Step {
                name: "count_before_start".into(),
                value: base.map(Num::value),
                how: format!("count at the end of {} (the year before the start); new = count − this", start_year - 1),
            });
            raw.iter()
                .enumerate()
                .map(|(y, v)| if year_of(y) < start_year { None } else { v.zip(base).map(|(v, b)| v.minus(b)) })
                .collect()
        }
        (Some(CountMode::New), true) => running_sum(true),
        (Some(CountMode::Cumulative), true) => running_sum(false),
        _ => raw.to_vec(),
    }
}

#[allow(clippy::too_many_arguments)]
fn judge(
    data: &Dataset,
    doc: &Document,
    target: &Target,
    spec: &Option<TargetKind<'_>>,
    indicator: Option<&Indicator>,
    table: &Table,
    (r, ri): (u32, usize),
    scope: u32,
    start: NaiveDate,
    eval_date: NaiveDate,
    options: &EvalOptions,
    method: Method,
    overlay: Option<&crate::reported::Overlay>,
) -> TargetResult {
    let nyears = table.value.years;
    let year_of = |y: usize| table.first_year + y as i32;
    let count_mode = match spec {
        Some(TargetKind::Count { mode }) => Some(*mode),
        _ => None,
    };
    let flow = count_mode.is_some() && indicator.is_some_and(|i| !i.cumulative && i.entity == EntityKind::Region);
    // Raw yearly values, then the target's view of them (new within the period, running sums).
    let raw: Vec<f64> = (0..nyears).map(|y| table.value.at(y, ri)).collect();
    let raw_exact: Vec<Option<Num>> = (0..nyears).map(|y| table.exact_at(y, ri, target.kind)).collect();
    let start_year = start.year();
    let mut working = Vec::new();
    let mut exact = period_values(&raw_exact, table, count_mode, flow, start_year, &mut working);
    if let Some(v) = overlay.and_then(|o| o.values_of(ri as u32)) {
        // Counts with reported figures: the values in the target's terms (METHODOLOGY §10).
        exact = v.iter().map(|x| (!x.is_nan()).then(|| Num::decimal(*x))).collect();
    }
    let values: Vec<f64> = exact.iter().map(|v| v.map_or(f64::NAN, Num::value)).collect();
    let decided = |y: usize| overlay.and_then(|o| o.decided(y, ri as u32));
    let by_report = (0..nyears).any(|y| decided(y).is_some_and(|d| d != crate::reported::DecidedBy::Units && d != crate::reported::DecidedBy::Indicator));
    if by_report {
        // The data's count before the start is not needed where reported figures decide.
        working.retain(|w| w.name != "count_before_start" || w.value.is_some());
    }
    let missing_stock_base = count_mode == Some(CountMode::New)
        && !flow
        && table.numerator.is_none()
        && !by_report
        && working.first().is_some_and(|w| w.value.is_none());
    let finite = |x: f64| (!x.is_nan()).then_some(x);
    let cell = |g: &Option<Grid>, y: usize| g.as_ref().and_then(|g| finite(g.at(y, ri)));
    let series: Vec<YearValue> = (0..nyears)
        .map(|y| YearValue {
            year: year_of(y),
            value: finite(values[y]),
            numerator: cell(&table.numerator, y),
            denominator: cell(&table.denominator, y),
            reporting: cell(&table.reporting, y),
        })
        .collect();

    let mut res = TargetResult::blank(data, doc, target, r, options);
    res.indicator = indicator.map_or(target.indicator.clone(), |i| i.id.clone());
    let no_eligible = table.denominator.as_ref().is_some_and(|d| (0..nyears).all(|y| d.at(y, ri) == 0.0));
    res.denominator = if no_eligible { Some(0.0) } else { cell(&table.denominator, nyears - 1) };
    res.series = series;
    let (Some(cmp), Some(goal)) = (target.comparator, target.value) else {
        res.reason = Some(reason("no_figure", "the target states no figure"));
        return res;
    };
    if target.kind == Kind::Count && r != scope && (raw.iter().any(|v| !v.is_nan()) || values.iter().any(|v| !v.is_nan())) {
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
            res.decided_by = decided(cy);
            if let Some(o) = overlay {
                crate::reported::contribution(data, o, (r, ri as u32), cy, year_of(cy), values[cy], count_mode, target, &mut res, &mut working);
            }
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
    let unusable = overlay.and_then(|o| (0..nyears).rev().find_map(|y| o.unusable(y, ri as u32)));
    let blocked_any = overlay.is_some_and(|o| (0..nyears).any(|y| o.blocked(y, ri as u32).is_some()));
    if no_eligible && !values.iter().any(|v| !v.is_nan()) && unusable.is_none() && !blocked_any {
        res.reason = Some(reason("no_eligible_units", "no units in scope in this region (check stage, area class and role filters)"));
        res.working = working;
        return res;
    }
    // Current: the latest year with a value, up to the evaluation date.
    let eval_year = eval_date.year();
    let cur = (0..nyears).rev().find(|&y| year_of(y) <= eval_year && !values[y].is_nan());
    if let Some(o) = overlay {
        crate::reported::notes(data, o, (r, ri as u32), (0..nyears).filter(|&y| year_of(y) <= eval_year).map(|y| (y, year_of(y))), &mut working);
    }
    let Some(cy) = cur else {
        let later = (0..nyears).any(|y| year_of(y) > eval_year && !values[y].is_nan());
        let blocked = overlay.is_some_and(|o| (0..nyears).any(|y| year_of(y) <= eval_year && o.blocked(y, ri as u32).is_some()));
        res.reason = Some(if blocked {
            reason("not_summed", "a sub-region's reported figure has no denominator (or is a bound): it decides that sub-region but cannot be summed into this one")
        } else if let Some(why) = unusable {
            reason("no_baseline", why)
        } else if later {
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
    let x_exact = exact[cy].unwrap_or_else(|| Num::decimal(x));
    let goal_exact = Num::decimal(goal);
    res.year = Some(year_of(cy));
    res.value = Some(x);
    res.denominator = cell(&table.denominator, cy);
    res.decided_by = decided(cy);
    let percent = target.unit.as_deref() == Some("%");
    let unit_text = target.unit.as_deref().unwrap_or("");
    let fig_here = overlay.and_then(|o| o.fig(cy, ri as u32)).copied();
    let reported_decides = decided(cy) == Some(crate::reported::DecidedBy::Reported);
    if let Some(f) = fig_here.filter(|_| reported_decides) {
        res.qualifier = (f.qualifier != crate::quantity::Qualifier::Exact).then_some(f.qualifier);
        res.numerator = f.fraction.map(|x| x.0);
        res.evidence = (f.source != NONE).then(|| data.sources.get(f.source as usize).cloned()).flatten();
        working.push(crate::reported::decided_step(data, &f, r, &target.id, year_of(cy), x, unit_text));
    } else if let Some(f) = fig_here.filter(|f| f.basis.is_none_or(|b| Some(b) == count_mode)) {
        let check = crate::reported::check(data, &f, year_of(cy), x, f.value, percent);
        working.push(crate::reported::check_step(&check, &f, x, unit_text));
        res.reported = Some(check);
    }
    let summed_counts = target.kind == Kind::Count && decided(cy) == Some(crate::reported::DecidedBy::SubRegions);
    if decided(cy) == Some(crate::reported::DecidedBy::SubRegions) {
        working.push(Step {
            name: "sub_regions".into(),
            value: Some(x),
            how: format!(
                "summed over the sub-regions for {}: unit-level data where a sub-region has them, else the figure reported for it{}; no unit is counted twice",
                year_of(cy),
                if percent { " with its numerator and denominator" } else { "" }
            ),
        });
    }
    let mut upper_exact: Option<Num> = None;
    if let (Some(num), Some(den), Some(rep), false) = (&table.numerator, &table.denominator, &table.reporting, reported_decides || summed_counts) {
        let (p, d, n) = (num.at(cy, ri), den.at(cy, ri), rep.at(cy, ri));
        res.numerator = Some(p);
        if target.kind != Kind::Count {
            res.coverage = Num::share(n, d).map(Num::value);
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
            if let Some(share) = Num::share(yearly.at(cy, ri), d) {
                working.push(Step {
                    name: "met_minimum_this_year".into(),
                    value: Some(share.value()),
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
        if let (true, Some(lower), Some(upper)) = (percent, Num::share(p, d), Num::share(p + d - n, d)) {
            res.reported_share = Num::share(p, n).map(Num::value);
            upper_exact = Some(upper);
            let b = Bounds { lower: lower.value(), upper: upper.value() };
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
    } else if !reported_decides && !summed_counts {
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
    let baseline = choose_baseline(doc, target, &res.region, count_mode, start, method.base_year, &exact, (table.first_year, year_of(cy)));
    if let Some((b, _)) = &baseline {
        working.push(Step {
            name: "baseline".into(),
            value: Some(b.value),
            how: format!("{} value at {}", b.from, b.date),
        });
    }
    res.baseline = baseline.as_ref().map(|(b, _)| b.clone());
    let rules = StatusRules {
        comparator: cmp,
        goal: goal_exact,
        deadline_passed: eval_date >= target.deadline,
        baseline: baseline.as_ref().map(|(b, v)| (fractional_year_exact(b.date), *v)),
        now: fractional_year_exact(year_end(year_of(cy))),
        deadline: fractional_year_exact(target.deadline),
        natural_limit: percent.then_some(100.0),
        clamp_projection: method.clamp_projection,
        thresholds: method.thresholds,
    };
    let t = fractional_year(year_end(year_of(cy)));
    let deadline = fractional_year(target.deadline);
    res.status = rules.status(x_exact);
    if res.status == Status::Missed && year_of(cy) < start_year {
        // A value from before the period is the target's baseline, not its outcome: with
        // nothing reported since the start, nothing says the target was missed (§11.3).
        res.status = Status::NotAssessable;
        let why = format!(
            "no value since the period started in {start_year}: the latest, of {}, comes before it and can only be the baseline",
            year_of(cy)
        );
        working.push(Step { name: "status".into(), value: None, how: format!("deadline {} reached, {why}: not assessable", target.deadline) });
        res.reason = Some(reason("too_few_points", why));
        res.working = working;
        return res;
    }
    if let Some(f) = fig_here.filter(|f| reported_decides && f.qualifier != crate::quantity::Qualifier::Exact) {
        // A bound or an approximation: judged on what it allows, never guessed; the
        // growth measures below need the value itself.
        let (status, why, step) = crate::reported::judge_bound(&f, x, percent, unit_text, |v| rules.status(Num::decimal(v)));
        working.push(step);
        res.status = status;
        if let Some((code, message)) = why {
            res.reason = Some(reason(&code, message));
        }
        res.working = working;
        return res;
    }
    if let Some(upper) = upper_exact {
        let status = rules.status(upper);
        if !upper.same(x_exact) && status != res.status {
            res.status_if_missing_passed = Some(status);
        }
    }
    if res.status == Status::Achieved {
        working.push(Step {
            name: "status".into(),
            value: None,
            how: format!("{} {} {} holds: achieved", fmt(x), cmp.symbol(), fmt(goal)),
        });
        if let Some((_, b)) = baseline.filter(|(_, b)| !meets(cmp, *b, goal_exact)) {
            res.progress = x_exact.minus(b).over(goal_exact.minus(b)).map(Num::value);
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
    let Some((b, b_exact)) = baseline else {
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
    if meets(cmp, b_exact, goal_exact) {
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
    let pr = rules.assess(x_exact, &points);
    working.push(Step {
        name: "progress".into(),
        value: pr.progress,
        how: format!("(value − baseline) / (target − baseline) = ({} − {}) / ({} − {})", fmt(x), fmt(b.value), fmt(goal), fmt(b.value)),
    });
    working.push(Step {
        name: "expected_progress".into(),
        value: Some(pr.expected_progress),
        how: format!(
            "time elapsed / time allowed = ({now} − {base}) / ({due} − {base}) = {} / {} years",
            fmt(t - t0),
            fmt(deadline - t0),
            now = year_end(year_of(cy)),
            base = b.date,
            due = target.deadline
        ),
    });
    if let (Some(o), Some(q)) = (pr.observed_growth, pr.required_growth) {
        let (on, qn) = match pr.method {
            GrowthMethod::Linear => (
                format!("change per year: (value − baseline) / years = ({} − {}) / {} ({} to {})", fmt(x), fmt(b.value), fmt(t - t0), b.date, year_end(year_of(cy))),
                format!("change per year needed: (target − baseline) / years = ({} − {}) / {} ({} to {})", fmt(goal), fmt(b.value), fmt(deadline - t0), b.date, target.deadline),
            ),
            GrowthMethod::Cagr => (
                format!("growth rate per year: (value / baseline)^(1/years) − 1 = ({} / {})^(1/{}) − 1 ({} to {})", fmt(x), fmt(b.value), fmt(t - t0), b.date, year_end(year_of(cy))),
                format!("growth rate per year needed: (target / baseline)^(1/years) − 1 = ({} / {})^(1/{}) − 1 ({} to {})", fmt(goal), fmt(b.value), fmt(deadline - t0), b.date, target.deadline),
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
            Some(g) => {
                let band = match res.status {
                    Status::OnTrack => "≥ 0.95",
                    Status::NeedsAcceleration => "in 0.60–0.95",
                    Status::Limited => "in 0–0.60",
                    Status::Regressing => "< 0",
                    _ => "not used",
                };
                format!("{}: the growth ratio {} is {band}", res.status.en(), fmt(g))
            }
            None => format!("{}: no growth ratio (the baseline sits at the figure); judged by the direction of change", res.status.en()),
        };
        working.push(Step { name: "status".into(), value: pr.growth_ratio, how });
    }
    res.working = working;
    res
}

/// The rules of METHODOLOGY §11.1, steps 5–10, for one target in one region: what
/// status a value gets against the figure, its baseline and deadline. Applied to the
/// value and to the upper bound (`status_if_missing_passed`).
struct StatusRules {
    comparator: Comparator,
    goal: Num,
    deadline_passed: bool,
    /// Time and value of the baseline.
    baseline: Option<(Num, Num)>,
    /// Time of the current value.
    now: Num,
    deadline: Num,
    natural_limit: Option<f64>,
    clamp_projection: bool,
    thresholds: progress::Thresholds,
}

impl StatusRules {
    /// Achieved, missed once the deadline has passed, not assessable without a baseline
    /// or a point after it, regressing from a baseline that met the figure, then the
    /// growth ratio.
    fn status(&self, x: Num) -> Status {
        if meets(self.comparator, x, self.goal) {
            return Status::Achieved;
        }
        if self.deadline_passed {
            return Status::Missed;
        }
        let Some((t0, x0)) = self.baseline else { return Status::NotAssessable };
        if self.now.compare(t0) != Some(std::cmp::Ordering::Greater) {
            return Status::NotAssessable;
        }
        if meets(self.comparator, x0, self.goal) {
            return Status::Regressing;
        }
        self.assess(x, &[(t0.value(), x0.value()), (self.now.value(), x.value())]).status
    }

    /// Progress, growth ratio and projection of `x` (a baseline exists and is earlier).
    fn assess(&self, x: Num, points: &[progress::Point]) -> progress::Progress {
        let (t0, x0) = self.baseline.unwrap_or((self.now, x));
        progress::assess(progress::Inputs {
            baseline: (t0, x0),
            current: (self.now, x),
            series: points,
            target: self.goal,
            comparator: self.comparator,
            deadline: self.deadline,
            natural_limit: self.natural_limit,
            clamp_projection: self.clamp_projection,
            thresholds: self.thresholds,
        })
    }
}

/// The baseline of a result (METHODOLOGY §10, §11.8) with its exact value: zero for
/// what is new within the period and for per-unit coverage; else, under the default
/// policy, the document's for its region or the last value before the start; under
/// `fixed` the value of the base year or the next year with one (before the current
/// year `cy`); under `within_years` the earliest value of the N years before the start.
#[allow(clippy::too_many_arguments)]
fn choose_baseline(
    doc: &Document,
    target: &Target,
    region: &str,
    count_mode: Option<CountMode>,
    start: NaiveDate,
    policy: BaseYear,
    values: &[Option<Num>],
    (first_year, cy): (i32, i32),
) -> Option<(BaselineUsed, Num)> {
    if count_mode == Some(CountMode::New) || target.kind == Kind::PerUnitMinimum {
        // What is new within the period, and coverage of a window opening at the
        // start, are zero at the start by definition.
        return Some((BaselineUsed { date: start.pred_opt().unwrap_or(start), value: 0.0, from: "zero".into() }, Num::decimal(0.0)));
    }
    let start_year = start.year();
    let observed = |year: i32| -> Option<(BaselineUsed, Num)> {
        let v = usize::try_from(year - first_year).ok().and_then(|y| values.get(y)).copied().flatten()?;
        Some((BaselineUsed { date: year_end(year), value: v.value(), from: "observed".into() }, v))
    };
    let last_year = first_year + values.len() as i32 - 1;
    match policy {
        BaseYear::LatestBeforeStart => {
            if let Some(b) = catalog_baseline(doc, target, region) {
                let v = Num::decimal(b.value);
                return Some((b, v));
            }
            (first_year..start_year).rev().find_map(observed)
        }
        BaseYear::Fixed { year } => (year.max(first_year)..cy.min(last_year + 1)).find_map(observed),
        BaseYear::WithinYears { years } => ((start_year - years as i32).max(first_year)..start_year).find_map(observed),
    }
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
            // Absence of a report is not a report of failure: whether it was done is
            // unknown, as for any target without data (METHODOLOGY §9).
            res.reason = Some(reason(
                "unreported",
                format!("no report by the deadline {}: whether it was done is not known", target.deadline),
            ));
            res.working.push(Step { name: "done".into(), value: None, how: format!("no report by the deadline {}", target.deadline) });
        }
        None => {
            res.reason = Some(reason("pending", format!("no report of completion yet; due {}", target.deadline)));
        }
    }
    res
}

#[cfg(test)]
mod fmt_tests {
    #[test]
    fn fast_fmt_matches_fmt_num() {
        let mut x: u64 = 0x1234_5678;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cases = vec![0.0, -0.0, 0.5, -0.5, 1e-5, -1e-5, 5e-5, -5e-5, 123.456_78, -99.999_95, 1e10 + 0.123_45, 2024.0, 100.0 / 3.0];
        for _ in 0..200_000 {
            let r = next();
            let mag = 10f64.powi((r % 12) as i32 - 4);
            let v = ((next() % 2_000_000) as f64 / 1_000_000.0 - 1.0) * mag;
            cases.push(v);
        }
        for v in cases {
            assert_eq!(super::fmt(v), crate::catalog::fmt_num((v * 10_000.0).round() / 10_000.0), "{v:e}");
        }
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;
    use std::sync::atomic::Ordering;

    /// The tallies, facts and layouts are computed in chunks of rows (on every core):
    /// cut into chunks of 1, 2, 3 and 64 rows, the sample's whole evaluation is the same
    /// as from one chunk. Seen failing with a chunk's last row left out of `tally`.
    #[test]
    fn evaluation_in_chunks_of_any_size_is_the_evaluation_of_the_whole() -> Result<(), Box<dyn std::error::Error>> {
        let catalog = Catalog::builtin()?;
        let (data, _) = crate::sample_dataset(&catalog, 11);
        assert!(data.observation_count() > 1_000, "the sample is too small to cut");
        let options = EvalOptions::new(NaiveDate::from_ymd_opt(2024, 9, 1).ok_or("date")?);
        let json = |e: &Evaluation| serde_json::to_string(e);
        crate::chunks::TEST_CHUNK_ROWS.store(usize::MAX, Ordering::Relaxed);
        let whole = json(&evaluate(&catalog, &data, &options)?)?;
        let mut failed = Vec::new();
        for rows in [1, 2, 3, 64] {
            crate::chunks::TEST_CHUNK_ROWS.store(rows, Ordering::Relaxed);
            if json(&evaluate(&catalog, &data, &options)?)? != whole {
                failed.push(rows);
            }
        }
        crate::chunks::TEST_CHUNK_ROWS.store(0, Ordering::Relaxed);
        assert!(failed.is_empty(), "chunks of {failed:?} rows give another evaluation");
        Ok(())
    }
}

#[cfg(test)]
mod run_tests {
    use super::*;

    proptest::proptest! {
        // The galloping search finds the row a scan finds: the first at or after `from`
        // (and before `to`) whose entity is `end` or later, in sorted entity columns.
        #[test]
        fn rows_before_counts_the_rows_a_scan_counts(
            steps in proptest::collection::vec(proptest::prop_oneof![3 => proptest::strategy::Just(0u32), 1 => 1u32..4], 0..300),
            from in 0usize..320,
            to in 0usize..320,
            end in 0u32..200,
        ) {
            let ent: Vec<u32> = steps.iter().scan(0u32, |e, s| { *e += s; Some(*e) }).collect();
            let to = to.min(ent.len());
            let from = from.min(to);
            // The caller's promise: the row at `from` is before `end`.
            proptest::prop_assume!(ent.get(from).is_some_and(|&e| e < end) || from == to);
            let scan = (from..to).find(|&k| ent[k] >= end).unwrap_or(to);
            proptest::prop_assert_eq!(rows_before(&ent, from, to, end), scan);
        }

        // A run ends at the first entity of another region, or at the limit.
        #[test]
        fn a_run_of_entities_ends_where_the_region_changes(
            region in proptest::collection::vec(0u32..3, 1..60),
            first in 0usize..60,
            limit in 0usize..70,
        ) {
            let col = vec![0u32; 3];
            let cols = EntityCols { region: &region, col: &col, empty: 1 };
            let first = first.min(region.len() - 1);
            let scan = (first + 1..limit.min(region.len())).find(|&e| region[e] != region[first]).unwrap_or(limit.min(region.len()).max(first + 1));
            proptest::prop_assert_eq!(cols.run_end(first, limit), scan);
        }
    }
}
