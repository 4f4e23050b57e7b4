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
    /// `outside_period`, `pending` (a milestone before its deadline), `unreported` (a
    /// milestone with no report by its deadline: not `missed`), `contribution` (a
    /// sub-region of a count set for the whole), `no_figure`.
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
    crate::period::check_date(options.as_of).map_err(|_| EvalError::AsOfOutOfRange(options.as_of))?;
    let filter_region = match &options.region {
        Some(text) => Some(data.regions.resolve(text).map_err(|e| match e.candidates() {
            [] => EvalError::UnknownRegion(text.clone()),
            c => EvalError::AmbiguousRegion { region: text.clone(), candidates: c.to_vec() },
        })?),
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
    let shared = Shared::new(data);
    let mut results = Vec::new();
    for (doc, target) in catalog.targets() {
        if options.document.as_ref().is_some_and(|d| *d != doc.id) {
            continue;
        }
        if options.targets.as_ref().is_some_and(|ts| !ts.contains(&target.id)) {
            continue;
        }
        results.extend(target_results(&shared, catalog, doc, target, options, filter_region));
    }
    let unused = crate::unused::unused_observations(catalog, data, options);
    Ok(Evaluation { as_of: options.as_of, results, unused })
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
) -> Vec<TargetResult> {
    target_results(&Shared::new(data), catalog, doc, target, options, filter_region)
}

fn target_results(
    shared: &Shared<'_>,
    catalog: &Catalog,
    doc: &Document,
    target: &Target,
    options: &EvalOptions,
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
        let reports = data.series.get(&target.id).filter(|s| !s.is_empty());
        return report
            .iter()
            .filter(|&&r| r == scope || reports.is_some_and(|s| has_entity_obs(data, s, r, options.as_of)))
            .map(|&r| milestone(data, doc, target, r, options))
            .collect();
    }

    let series = data.series.get(indicator_id);
    let facts = series.filter(|s| !s.is_empty()).map(|s| shared.facts(indicator_id, s));
    let first_year = facts.map_or(start.year() - 1, |f| (f.min_year as i32).min(start.year() - 1));
    // Years up to the as-of date, but at most SERIES_HORIZON years past the last year of
    // data and the deadline: a far as-of date adds no work (METHODOLOGY §3.3).
    let reach = facts.map_or(i32::MIN, |f| f.max_year as i32).max(target.deadline.year()) + SERIES_HORIZON;
    let last_year = options.as_of.year().min(reach).max(first_year);
    let nyears = (last_year - first_year + 1) as usize;

    let table = match (&spec, indicator) {
        (Some(TargetKind::Share { condition }), Some(ind)) => {
            unit_table(shared, target, ind, series, first_year, nyears, as_of_day, scope, Test::new(condition.comparator, condition.value), None)
        }
        (Some(TargetKind::PerUnitMinimum { minimum, window_years }), Some(ind)) => unit_table(
            shared,
            target,
            ind,
            series,
            first_year,
            nyears,
            as_of_day,
            scope,
            Test::new(minimum.comparator, minimum.value),
            Some((*window_years, start.year())),
        ),
        (Some(TargetKind::Count { .. }), Some(ind)) if ind.entity != EntityKind::Region => {
            unit_table(shared, target, ind, series, first_year, nyears, as_of_day, scope, Test::Ge(1.0), None)
        }
        (Some(TargetKind::Count { .. }), Some(ind)) | (Some(TargetKind::Level), Some(ind)) => {
            region_table(shared, ind, series, first_year, nyears, as_of_day, target.kind == Kind::Count)
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
        // A region with no value in any year and no eligible unit is left out: known
        // from the table, before the region is judged.
        let reported = (0..nyears).any(|y| !table.value.at(y, r as usize).is_nan());
        let empty = !reported && table.denominator.as_ref().map_or(0.0, |d| d[r as usize]) == 0.0;
        if r == scope || !empty || options.include_empty {
            out.push(judge(data, doc, target, &spec, indicator, &table, r, scope, start, eval_date, options));
        }
    }
    out
}

fn has_entity_obs(data: &Dataset, s: &Series, region: u32, as_of: NaiveDate) -> bool {
    let day = as_of.num_days_from_ce();
    data.region_entity(region).is_some_and(|e| (0..s.len()).any(|k| s.entity[k] == e && s.day[k] <= day))
}

/// Facts about the entities that every target of one evaluation uses, computed once
/// and only when a target first needs them: the bottom-up order of the region tree,
/// and per entity kind the number of entities in each region (and, for targets that
/// filter by stage, area class or role, in each region × stage × area × role cell).
/// With them a target's denominators cost O(regions), not O(entities).
pub(crate) struct Shared<'d> {
    data: &'d Dataset,
    bottom_up: Vec<u32>,
    per_region: [std::cell::OnceCell<Vec<u32>>; 5],
    census: [std::cell::OnceCell<Option<Vec<u32>>>; 5],
    /// Per indicator: facts about its rows, from one pass (see [`SeriesFacts`]).
    facts: std::cell::RefCell<std::collections::HashMap<String, SeriesFacts>>,
}

/// What one pass over an indicator's entity and year columns tells.
#[derive(Clone, Copy)]
struct SeriesFacts {
    min_year: i16,
    max_year: i16,
    /// Some unit has two rows in one year.
    twice: bool,
}

impl SeriesFacts {
    fn of(s: &Series) -> SeriesFacts {
        let n = s.entity.len().min(s.year.len());
        let (ent, year) = (&s.entity[..n], &s.year[..n]);
        let first = year.first().copied();
        let (mut min_year, mut max_year) = (first.unwrap_or(i16::MAX), first.unwrap_or(i16::MIN));
        let mut twice = false;
        for k in 1..n {
            min_year = min_year.min(year[k]);
            max_year = max_year.max(year[k]);
            twice |= (ent[k] == ent[k - 1]) & (year[k] == year[k - 1]);
        }
        SeriesFacts { min_year, max_year, twice }
    }
}

const STAGE_CELLS: usize = 1 + crate::model::Stage::ALL.len();
const ROLE_CELLS: usize = 5;
/// Above this many cells per kind the census is not built; targets count entities instead.
const MAX_CENSUS_CELLS: usize = 1 << 24;

impl<'d> Shared<'d> {
    pub(crate) fn new(data: &'d Dataset) -> Shared<'d> {
        Shared {
            data,
            bottom_up: data.regions.bottom_up(),
            per_region: Default::default(),
            census: Default::default(),
            facts: Default::default(),
        }
    }

    /// The facts of an indicator's rows (one pass, once per indicator and evaluation).
    fn facts(&self, indicator: &str, s: &Series) -> SeriesFacts {
        if let Some(&f) = self.facts.borrow().get(indicator) {
            return f;
        }
        let f = SeriesFacts::of(s);
        self.facts.borrow_mut().insert(indicator.to_string(), f);
        f
    }

    fn area_cells(&self) -> usize {
        self.data.areas.len() + 1
    }

    fn per_region(&self, kind: EntityKind) -> &[u32] {
        self.per_region[kind as usize].get_or_init(|| {
            // Entities come in runs of one region (a school and its classes): count a
            // run in a register, not with one increment of the table per entity.
            let d = self.data;
            let mut v = vec![0u32; d.regions.len()];
            let (mut run, mut n) = (NONE, 0u32);
            for (k, &r) in d.kind.iter().zip(&d.region) {
                if r != run {
                    if let Some(x) = v.get_mut(run as usize) {
                        *x += n;
                    }
                    (run, n) = (r, 0);
                }
                n += (*k == kind) as u32;
            }
            if let Some(x) = v.get_mut(run as usize) {
                *x += n;
            }
            v
        })
    }

    fn census(&self, kind: EntityKind) -> Option<&[u32]> {
        self.census[kind as usize]
            .get_or_init(|| {
                let d = self.data;
                let per = STAGE_CELLS * self.area_cells() * ROLE_CELLS;
                let cells = per.checked_mul(d.regions.len()).filter(|&c| c <= MAX_CENSUS_CELLS)?;
                let mut v = vec![0u32; cells];
                for e in 0..d.len() {
                    if d.kind[e] == kind {
                        v[d.region[e] as usize * per + self.cell(e)] += 1;
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

    /// Sums a grid's region columns up the tree (children into parents).
    fn roll_up(&self, g: &mut Grid) {
        for y in 0..g.years {
            for &r in &self.bottom_up {
                if let Some(p) = self.data.regions.parent(r) {
                    let x = g.at(y, r as usize);
                    g.add(y, p as usize, x);
                }
            }
        }
    }
}

/// Who is in scope of a target: kind, region subtree, stages, area class, roles.
struct Scope<'a> {
    kind: EntityKind,
    within: Vec<bool>,
    stages: &'a [crate::model::Stage],
    /// `None`: any area; `Some(NONE - 1)`: an area no entity has.
    area: Option<u32>,
    roles: &'a [crate::model::PersonRole],
}

impl<'a> Scope<'a> {
    fn new(data: &Dataset, target: &'a Target, kind: EntityKind, scope: u32) -> Scope<'a> {
        let regions = &data.regions;
        Scope {
            kind,
            within: (0..regions.len() as u32).map(|r| regions.is_within(r, scope)).collect(),
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
            && self.within[data.region[e] as usize]
            && (self.stages.is_empty() || data.stage[e].is_some_and(|s| self.stages.contains(&s)))
            && self.area.is_none_or(|a| data.area[e] == a)
            && (self.roles.is_empty() || data.role[e].is_some_and(|r| self.roles.contains(&r)))
    }

    /// Eligible units per region (each in its own region, before the roll-up).
    fn denominators(&self, shared: &Shared<'_>) -> Vec<f64> {
        let data = shared.data;
        let nreg = data.regions.len();
        let mut out = vec![0.0; nreg];
        if !self.filtered() {
            for (r, n) in shared.per_region(self.kind).iter().enumerate() {
                if self.within[r] {
                    out[r] = *n as f64;
                }
            }
            return out;
        }
        if let Some(census) = shared.census(self.kind) {
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
                out[data.region[e] as usize] += 1.0;
            }
        }
        out
    }
}

/// A unit's test, `value op figure`, decided once per target so the loops over
/// observations compare without branching on the comparator. Same results as
/// [`Comparator::holds`].
#[derive(Clone, Copy)]
enum Test {
    Ge(f64),
    Gt(f64),
    Le(f64),
    Lt(f64),
}

impl Test {
    fn new(c: Comparator, figure: f64) -> Test {
        match c {
            Comparator::AtLeast | Comparator::Reach => Test::Ge(figure),
            Comparator::MoreThan => Test::Gt(figure),
            Comparator::AtMost => Test::Le(figure),
            Comparator::LessThan => Test::Lt(figure),
            Comparator::About => Test::Ge(figure * crate::model::ABOUT_TOLERANCE),
        }
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
    /// date) to `reporting[year × region]`, and to `passing` when it passes. Whether a
    /// row counts is computed, not branched on, so the loop does not stall on the data.
    #[inline]
    fn tally(&self, regs: &[u32], eligible: impl Fn(usize) -> bool, pass: &impl Fn(f64) -> bool, (reporting, passing): (&mut [u32], &mut [u32])) {
        let n = self.ent.len().min(self.day.len()).min(self.year.len()).min(self.value.len());
        let (ent, day, year, value) = (&self.ent[..n], &self.day[..n], &self.year[..n], &self.value[..n]);
        let as_of = self.as_of_day;
        for k in 0..n {
            let e = ent[k] as usize;
            let reg = regs[e] as usize;
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
    /// Rows come in runs of one region (a school's classes, a county's schools): a
    /// first loop finds the run (one entity → region lookup per row, nothing else), a
    /// second counts its rows per year in two small arrays whose addresses depend only
    /// on the row's year, and the counts go into the tables once per run.
    #[inline]
    fn tally_plain(&self, regs: &[u32], within: &[bool], pass: &impl Fn(f64) -> bool, (reporting, passing): (&mut [u32], &mut [u32])) {
        let n = self.ent.len().min(self.year.len()).min(self.value.len());
        let (ent, year, value) = (&self.ent[..n], &self.year[..n], &self.value[..n]);
        let (ny, nreg) = (self.nyears, self.nreg);
        let mut rep = vec![0u32; ny + 1];
        let mut pas = vec![0u32; ny + 1];
        let mut k = 0;
        while k < n {
            // The run of rows in one region: one gather per row, nothing else.
            let reg = regs[ent[k] as usize] as usize;
            let start = k;
            k += 1;
            while k < n && regs[ent[k] as usize] as usize == reg {
                k += 1;
            }
            if !within.get(reg).copied().unwrap_or(false) {
                continue;
            }
            let (years, values) = (&year[start..k], &value[start..k]);
            // The run's counts per year, in two small arrays whose addresses depend
            // only on the row's year; a slot past the years for rows outside them
            // (none when the rows are plain).
            rep.iter_mut().for_each(|x| *x = 0);
            pas.iter_mut().for_each(|x| *x = 0);
            for (&v, &x) in years.iter().zip(values) {
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
    test: Test,
    window: Option<(u32, i32)>,
) -> Table {
    match test {
        Test::Ge(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v >= f, window),
        Test::Gt(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v > f, window),
        Test::Le(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v <= f, window),
        Test::Lt(f) => unit_table_with(shared, target, ind, series, first_year, nyears, as_of_day, scope, |v| v < f, window),
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
    pass: impl Fn(f64) -> bool,
    window: Option<(u32, i32)>,
) -> Table {
    let data = shared.data;
    let nreg = data.regions.len();
    let sc = Scope::new(data, target, ind.entity, scope);
    let denominator = sc.denominators(shared);
    let mut passing_n = vec![0u32; nyears * nreg];
    let mut reporting_n = vec![0u32; nyears * nreg];
    let mut yearly_n = window.map(|_| vec![0u32; nyears * nreg]);
    // Flags counted by count targets state a standing status (selected, certified):
    // they hold until a later 0. Other unit values describe their own year only.
    let carry = ind.cumulative || target.kind == Kind::Count;
    if let Some(s) = series {
        let n = s.len();
        let (ent, day, year, value) = (&s.entity[..n], &s.day[..n], &s.year[..n], &s.value[..n]);
        if window.is_none() && !carry {
            // One pass without branches on the data: an observation counts when its
            // unit is eligible and it is the unit's latest of its year up to the as-of
            // date (rows are sorted by entity, then date).
            let kind = sc.kind;
            let (kinds, regs, within) = (&data.kind[..], &data.region[..], &sc.within[..]);
            let counters = (&mut reporting_n[..], &mut passing_n[..]);
            let rows = Rows { ent, day, year, value, as_of_day, first_year, nyears, nreg };
            if sc.filtered() {
                rows.tally(regs, |e| sc.eligible(data, e), &pass, counters);
            } else if rows.plain(shared.facts(&ind.id, s)) {
                rows.tally_plain(regs, within, &pass, counters);
            } else {
                rows.tally(regs, |e| (kinds[e] == kind) & within[regs[e] as usize], &pass, counters);
            }
        } else {
            // Reused per entity: the last value seen in each year (NaN = none).
            let mut vals = vec![f64::NAN; nyears];
            let mut i = 0;
            while i < n {
                let e = ent[i];
                let mut j = i;
                while j < n && ent[j] == e {
                    j += 1;
                }
                if !sc.eligible(data, e as usize) {
                    i = j;
                    continue;
                }
                let reg = data.region[e as usize] as usize;
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
        }
    }
    let grid = |counts: Vec<u32>| {
        let mut g = Grid { years: nyears, regions: nreg, v: counts.into_iter().map(f64::from).collect() };
        shared.roll_up(&mut g);
        g
    };
    let passing = grid(passing_n);
    let reporting = grid(reporting_n);
    let yearly = yearly_n.map(grid);
    let mut den_grid = Grid { years: 1, regions: nreg, v: denominator };
    shared.roll_up(&mut den_grid);
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
    shared: &Shared<'_>,
    ind: &Indicator,
    series: Option<&Series>,
    first_year: i32,
    nyears: usize,
    as_of_day: i32,
    sum_children: bool,
) -> Table {
    let data = shared.data;
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
        let order = &shared.bottom_up;
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
    if res.status == Status::Missed && year_of(cy) < start_year {
        // The only value is from before the target's period (a baseline): nothing was
        // reported for the period itself, which is not a report of failure (METHODOLOGY §11.3).
        res.status = Status::NotAssessable;
        res.reason = Some(reason(
            "unreported",
            format!(
                "no report from the target's period ({start_year} to the deadline {}): the latest value, {}, is from {}, before it",
                target.deadline,
                fmt(x),
                year_of(cy)
            ),
        ));
        res.baseline = baseline;
        res.working = working;
        return res;
    }
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
