//! Partial results that merge: an evaluation split into a partial step over a part of
//! the observations, a merge that adds partials, and a final step that judges
//! (METHODOLOGY §17). [`crate::evaluate`] is exactly [`partial`] → [`finalize`] over the
//! whole data.
//!
//! A partial ([`Partials`]) holds what the judging reads from observation rows, in terms
//! that add up over parts of the data:
//!
//! - per series key (indicator or target id): the number of rows, the first and last
//!   year, and whether some unit has two rows in one year;
//! - per unit-level target (shares, per-unit minimums, counts of flagged units), per
//!   region and year: the units passing, the units reporting, and for a per-unit
//!   minimum the units passing in the year itself. These are the counts before the
//!   roll-up, each unit in its own region; a unit's value in a year is its latest row of
//!   the year (carried forward for flags, or over a window), so the counts add up over
//!   partitions when **every row of one unit under one indicator is in one partition**;
//! - every row of region entities (the figures regions report, under indicators or
//!   target ids), as rows: few (regions × keys × report dates), and judged as they are
//!   today (latest of a year, overlays of reported figures, milestones).
//!
//! What comes from the entities (eligible units per region, the region table, the
//! layout) is not in a partial: every partition holds all entities, and the final step
//! takes them, so nothing is counted once per partition.
//!
//! Merging needs partials of the same as-of date, target selection and region table;
//! it adds counts (integers, exact), takes the smallest first and largest last year,
//! and puts rows together. A region entity's rows under one key found in two partials
//! are refused (`eval.bad_partials`): they would be judged twice. A unit's rows split
//! over partitions cannot be seen in the counts (it would count as two units): the
//! partitioning must keep them together (the Python Spark helper repartitions by
//! entity id; the CLI's streaming reader checks that its input is grouped by entity).

use crate::data::{Dataset, FigureDetail, Series, NONE};
use crate::eval::{count_units, indicator_of, selected, unit_plan, year_range, EvalError, EvalOptions, Evaluation, Layout, SeriesFacts, Shared};
use crate::model::{CountMode, EntityKind};
use crate::quantity::Qualifier;
use crate::regions::RegionTable;
use crate::Catalog;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The name and version of the columnar form, in its `meta` row.
pub const FORMAT: &str = "zhibiao-partials/1";

/// What the judging reads from a part of the observations (see the [module](self)).
#[derive(Debug, Clone, PartialEq)]
pub struct Partials {
    as_of: NaiveDate,
    /// The targets the options select, in the catalog's order.
    targets: Vec<String>,
    /// Region code of each index of the region table the data had.
    regions: Vec<String>,
    /// Per series key: its rows' facts.
    keys: BTreeMap<String, KeyFacts>,
    /// Per unit-level target: its counts.
    units: BTreeMap<String, UnitCells>,
    /// Per series key: the rows of region entities.
    rows: BTreeMap<String, Vec<RegionRow>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct KeyFacts {
    rows: u64,
    facts: SeriesFacts,
}

/// Counts of one unit-level target: (region index, year, [passing, reporting, passing
/// in the year]) sorted by region and year, zero cells left out.
#[derive(Debug, Clone, PartialEq)]
struct UnitCells {
    yearly: bool,
    cells: Vec<(u32, i32, [u32; 3])>,
}

/// One observation of a region entity.
#[derive(Debug, Clone, PartialEq)]
struct RegionRow {
    entity: String,
    date: NaiveDate,
    value: f64,
    source: Option<String>,
    detail: Option<FigureDetail>,
}

/// The partial of `data`: all entities, and a part of the observations (every row of a
/// unit under an indicator in this part, see the [module](self)).
pub fn partial(catalog: &Catalog, data: &Dataset, options: &EvalOptions) -> Result<Partials, EvalError> {
    build(catalog, &Shared::new(data), options, false)
}

/// The partial of the whole data, for [`crate::evaluate`]: the year range of each target
/// is the whole data's (as [`crate::evaluate`] computes it), and the region rows are
/// left in `data`, which the final step reads them from.
/// `shared` keeps what the judging step reads again (the layouts, the series' facts).
pub(crate) fn partial_whole(catalog: &Catalog, shared: &Shared<'_>, options: &EvalOptions) -> Result<Partials, EvalError> {
    build(catalog, shared, options, true)
}

fn build(catalog: &Catalog, shared: &Shared<'_>, options: &EvalOptions, whole: bool) -> Result<Partials, EvalError> {
    let data = shared.data;
    options.check(catalog, data)?;
    let mut keys = BTreeMap::new();
    for (k, s) in &data.series {
        if let Some(facts) = shared.facts(k) {
            keys.insert(k.clone(), KeyFacts { rows: s.len() as u64, facts });
        }
    }
    let as_of_day = options.as_of.num_days_from_ce();
    let mut targets = Vec::new();
    let mut units = BTreeMap::new();
    for (doc, target) in selected(catalog, options) {
        targets.push(target.id.clone());
        let spec = target.spec();
        let start = target.start.unwrap_or(doc.period.start);
        let indicator_id = indicator_of(&spec, target);
        let Some((ind, test, window)) = unit_plan(&spec, catalog.indicator(indicator_id), start) else { continue };
        let Some(scope) = data.regions.index(&target.scope.region) else { continue };
        let (first_year, last_year) = year_range(shared, target, indicator_id, start, options.as_of, !whole);
        let nyears = (last_year - first_year + 1) as usize;
        let counts = count_units(shared, target, ind, (first_year, nyears, as_of_day), scope, test, window);
        let lay = shared.layout(ind.entity == EntityKind::Region);
        units.insert(target.id.clone(), UnitCells { yearly: window.is_some(), cells: cells_of(lay, &counts, first_year, nyears) });
    }
    let rows = if whole { BTreeMap::new() } else { region_rows(data) };
    let regions = (0..data.regions.len() as u32).map(|r| data.regions.code(r).unwrap_or_default().to_string()).collect();
    Ok(Partials { as_of: options.as_of, targets, regions, keys, units, rows })
}

/// The non-zero cells of a target's counts, by region (index) and year.
fn cells_of(lay: &Layout, counts: &crate::eval::UnitCounts, first_year: i32, nyears: usize) -> Vec<(u32, i32, [u32; 3])> {
    let nreg = lay.cols();
    let mut out = Vec::new();
    for (c, &r) in lay.regions.iter().enumerate() {
        for y in 0..nyears {
            let at = y * nreg + c;
            let cell = [counts.passing[at], counts.reporting[at], counts.yearly.as_ref().map_or(0, |g| g[at])];
            if cell != [0, 0, 0] {
                out.push((r, first_year + y as i32, cell));
            }
        }
    }
    out
}

/// Every row of a region entity, per key.
fn region_rows(data: &Dataset) -> BTreeMap<String, Vec<RegionRow>> {
    let mut out = BTreeMap::new();
    for (key, s) in &data.series {
        let rows: Vec<RegionRow> = (0..s.len())
            .filter(|&k| data.kind.get(s.entity[k] as usize) == Some(&EntityKind::Region))
            .map(|k| RegionRow {
                entity: data.ids.get(s.entity[k] as usize).unwrap_or_default().to_string(),
                date: NaiveDate::from_num_days_from_ce_opt(s.day[k]).unwrap_or_default(),
                value: s.value[k],
                source: (s.source[k] != NONE).then(|| data.sources.get(s.source[k] as usize).cloned()).flatten(),
                detail: s.detail_of(data, k).copied(),
            })
            .collect();
        if !rows.is_empty() {
            out.insert(key.clone(), rows);
        }
    }
    out
}

fn bad(reason: impl Into<String>) -> EvalError {
    EvalError::BadPartials(reason.into())
}

impl Partials {
    /// The as-of date the partial stands at.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Adds `other` to these partials: both must stand at the same as-of date, select the
    /// same targets and come from the same region table; a region entity's rows under
    /// one key may be in only one of them (see the [module](self)).
    pub fn merge(&mut self, other: Partials) -> Result<(), EvalError> {
        if self.as_of != other.as_of {
            return Err(bad(format!("partials stand at {} and {}: merge partials of one as-of date", self.as_of, other.as_of)));
        }
        if self.targets != other.targets {
            return Err(bad("the partials select different targets (document or target filter): merge partials of one selection"));
        }
        if self.regions != other.regions {
            return Err(bad("the partials come from different region tables: every partition must hold all entities"));
        }
        for (k, f) in other.keys {
            let e = self.keys.entry(k).or_insert(KeyFacts { rows: 0, facts: f.facts });
            e.rows += f.rows;
            e.facts.min_year = e.facts.min_year.min(f.facts.min_year);
            e.facts.max_year = e.facts.max_year.max(f.facts.max_year);
            e.facts.twice |= f.facts.twice;
        }
        for (t, u) in other.units {
            match self.units.get_mut(&t) {
                None => {
                    self.units.insert(t, u);
                }
                Some(mine) => mine.cells = add_cells(std::mem::take(&mut mine.cells), u.cells),
            }
        }
        for (k, rows) in other.rows {
            let mine = self.rows.entry(k.clone()).or_default();
            let seen: HashSet<&str> = mine.iter().map(|r| r.entity.as_str()).collect();
            if let Some(r) = rows.iter().find(|r| seen.contains(r.entity.as_str())) {
                return Err(bad(format!(
                    "rows of {} under {k} are in two partials: every row of one entity under one indicator must be in one partition",
                    r.entity
                )));
            }
            mine.extend(rows);
        }
        Ok(())
    }

    /// The number of rows of each series key.
    pub(crate) fn key_rows(&self) -> impl Iterator<Item = (&str, u64)> {
        self.keys.iter().map(|(k, f)| (k.as_str(), f.rows))
    }

    /// The facts of each series key.
    pub(crate) fn key_facts(&self) -> impl Iterator<Item = (&str, SeriesFacts)> {
        self.keys.iter().map(|(k, f)| (k.as_str(), f.facts))
    }

    /// Whether the partials come from data of the region table `regions`.
    pub(crate) fn check_regions(&self, regions: &RegionTable) -> Result<(), EvalError> {
        let same = self.regions.len() == regions.len() && self.regions.iter().enumerate().all(|(r, c)| regions.code(r as u32) == Some(c.as_str()));
        if same {
            Ok(())
        } else {
            Err(bad("the partials come from another region table than the entities': partial and finalize with the same entities"))
        }
    }

    /// The counts of a unit-level target in the columns of `lay`, for the years from
    /// `first_year` (cells outside them are not read).
    pub(crate) fn unit_counts(&self, target: &str, lay: &Layout, first_year: i32, nyears: usize, yearly: bool) -> crate::eval::UnitCounts {
        let nreg = lay.cols();
        let mut passing = vec![0u32; nyears * nreg];
        let mut reporting = vec![0u32; nyears * nreg];
        let mut yearly_n = yearly.then(|| vec![0u32; nyears * nreg]);
        for &(r, year, [p, rep, yl]) in self.units.get(target).map_or(&[][..], |u| &u.cells[..]) {
            let Ok(y) = usize::try_from(year - first_year) else { continue };
            if y >= nyears {
                continue;
            }
            let at = y * nreg + lay.col(r);
            passing[at] += p;
            reporting[at] += rep;
            if let Some(g) = yearly_n.as_mut() {
                g[at] += yl;
            }
        }
        crate::eval::UnitCounts { passing, reporting, yearly: yearly_n }
    }

    /// The as-of date and target selection must be the options'.
    fn check_options(&self, catalog: &Catalog, options: &EvalOptions) -> Result<(), EvalError> {
        if self.as_of != options.as_of {
            return Err(bad(format!("the partials stand at {}, the evaluation at {}", self.as_of, options.as_of)));
        }
        let targets: Vec<&str> = selected(catalog, options).map(|(_, t)| t.id.as_str()).collect();
        if targets != self.targets.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(bad("the partials were made for another selection of targets (document or target filter) than the evaluation's"));
        }
        Ok(())
    }

    /// `data`'s entities with the partials' region rows as its observations.
    fn with_region_rows(&self, mut data: Dataset) -> Result<Dataset, EvalError> {
        let mut sources: HashMap<String, u32> = data.sources.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
        let mut series = HashMap::new();
        for (key, rows) in &self.rows {
            let mut at = Vec::with_capacity(rows.len());
            for (i, r) in rows.iter().enumerate() {
                let e = data.entity(&r.entity).ok_or_else(|| bad(format!("the partials hold rows of {}, which is not among the entities", r.entity)))?;
                at.push((e, r.date.num_days_from_ce(), i));
            }
            // The builder's order: by entity and date, first read first among equals.
            at.sort_by_key(|&(e, day, i)| (e, day, i));
            let mut s = Series::default();
            let any_detail = rows.iter().any(|r| r.detail.is_some());
            for (e, day, i) in at {
                let r = &rows[i];
                s.entity.push(e);
                s.day.push(day);
                s.year.push(r.date.year() as i16);
                s.value.push(r.value);
                s.source.push(match &r.source {
                    None => NONE,
                    Some(src) => *sources.entry(src.clone()).or_insert_with(|| {
                        data.sources.push(src.clone());
                        (data.sources.len() - 1) as u32
                    }),
                });
                if any_detail {
                    s.detail.push(match r.detail {
                        None => NONE,
                        Some(d) => {
                            data.details.push(d);
                            (data.details.len() - 1) as u32
                        }
                    });
                }
            }
            series.insert(key.clone(), s);
        }
        data.series = series;
        Ok(data)
    }
}

/// Two sorted cell lists added into one.
fn add_cells(a: Vec<(u32, i32, [u32; 3])>, b: Vec<(u32, i32, [u32; 3])>) -> Vec<(u32, i32, [u32; 3])> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (Some(x), Some(y)) => match (x.0, x.1).cmp(&(y.0, y.1)) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    let (x, y) = (a.next(), b.next());
                    x.zip(y).map(|(x, y)| (x.0, x.1, [x.2[0] + y.2[0], x.2[1] + y.2[1], x.2[2] + y.2[2]]))
                }
            },
        };
        out.extend(next);
    }
    out
}

/// Judges merged partials: `entities` holds every entity (its observations are not
/// read: the region rows and the units' counts come from `partials`).
pub fn finalize(catalog: &Catalog, entities: &Dataset, partials: &Partials, options: &EvalOptions) -> Result<Evaluation, EvalError> {
    let mut data = entities.clone();
    data.series = HashMap::new();
    finalize_into(catalog, data, partials, options)
}

/// [`finalize`] taking the entities by value (no copy of them is made).
pub fn finalize_into(catalog: &Catalog, entities: Dataset, partials: &Partials, options: &EvalOptions) -> Result<Evaluation, EvalError> {
    let (method, filter_region) = options.check(catalog, &entities)?;
    partials.check_options(catalog, options)?;
    let data = partials.with_region_rows(entities)?;
    crate::eval::finalize_on(catalog, &data, partials, options, method, filter_region)
}

/// The partials as columns, one row per fact (see [`PartialColumns`]).
impl Partials {
    /// The columnar form.
    pub fn to_columns(&self) -> PartialColumns {
        let mut c = PartialColumns::default();
        c.push("meta", FORMAT).date = Some(self.as_of);
        for t in &self.targets {
            let yearly = self.units.get(t).map(|u| u.yearly as u32);
            c.push("target", t).yearly = yearly;
        }
        for (k, f) in &self.keys {
            let r = c.push("series", k);
            r.rows = Some(f.rows);
            r.min_year = Some(f.facts.min_year as i32);
            r.max_year = Some(f.facts.max_year as i32);
            r.twice = Some(f.facts.twice);
        }
        for (t, u) in &self.units {
            for &(reg, year, [p, rep, yl]) in &u.cells {
                let r = c.push("units", t);
                r.region = self.regions.get(reg as usize).cloned();
                r.year = Some(year);
                r.passing = Some(p);
                r.reporting = Some(rep);
                r.yearly = u.yearly.then_some(yl);
            }
        }
        for (k, rows) in &self.rows {
            for row in rows {
                let r = c.push("row", k);
                r.entity = Some(row.entity.clone());
                r.date = Some(row.date);
                r.value = Some(row.value);
                r.source = row.source.clone();
                if let Some(d) = row.detail {
                    r.qualifier = Some(d.qualifier.code().to_string());
                    r.fraction_numerator = d.fraction.map(|f| f.0);
                    r.fraction_denominator = d.fraction.map(|f| f.1);
                    r.basis = d.basis.map(|b| match b {
                        CountMode::Cumulative => "cumulative".to_string(),
                        CountMode::New => "new".to_string(),
                    });
                }
            }
        }
        c.finish()
    }

    /// Partials read back from their columnar form; region codes are those of `entities`'
    /// region table (the entities the partials were made with).
    pub fn from_columns(columns: &PartialColumns, entities: &Dataset) -> Result<Partials, EvalError> {
        let regions: Vec<String> = (0..entities.regions.len() as u32).map(|r| entities.regions.code(r).unwrap_or_default().to_string()).collect();
        let mut p = Partials { as_of: NaiveDate::MIN, targets: Vec::new(), regions, keys: BTreeMap::new(), units: BTreeMap::new(), rows: BTreeMap::new() };
        let mut meta = false;
        for i in 0..columns.len() {
            let r = columns.row(i);
            let need = |what: &str| bad(format!("row {i} ({} {}) has no {what}", r.part, r.key));
            match r.part.as_str() {
                "meta" if r.key == FORMAT => {
                    p.as_of = r.date.ok_or_else(|| need("date"))?;
                    meta = true;
                }
                "meta" => return Err(bad(format!("the partials are in format {:?}, this is {FORMAT}", r.key))),
                "target" => {
                    p.targets.push(r.key.clone());
                    if let Some(y) = r.yearly {
                        p.units.entry(r.key.clone()).or_insert(UnitCells { yearly: y == 1, cells: Vec::new() });
                    }
                }
                "series" => {
                    let year = |y: Option<i32>| y.and_then(|y| i16::try_from(y).ok());
                    let facts = SeriesFacts {
                        min_year: year(r.min_year).ok_or_else(|| need("min_year"))?,
                        max_year: year(r.max_year).ok_or_else(|| need("max_year"))?,
                        twice: r.twice.unwrap_or(true),
                    };
                    p.keys.insert(r.key.clone(), KeyFacts { rows: r.rows.ok_or_else(|| need("rows"))?, facts });
                }
                "units" => {
                    let code = r.region.as_deref().ok_or_else(|| need("region"))?;
                    let reg = entities.regions.index(code).ok_or_else(|| bad(format!("row {i}: region {code} is not in the entities' region table")))?;
                    let cell = [r.passing.ok_or_else(|| need("passing"))?, r.reporting.ok_or_else(|| need("reporting"))?, r.yearly.unwrap_or(0)];
                    let u = p.units.get_mut(&r.key).ok_or_else(|| bad(format!("row {i}: counts of {}, which no target row names as unit-level", r.key)))?;
                    u.cells.push((reg, r.year.ok_or_else(|| need("year"))?, cell));
                }
                "row" => {
                    let detail = match r.qualifier.as_deref() {
                        None => None,
                        Some(q) => Some(FigureDetail {
                            qualifier: qualifier(q).ok_or_else(|| bad(format!("row {i}: unknown qualifier {q:?}")))?,
                            fraction: r.fraction_numerator.zip(r.fraction_denominator),
                            basis: match r.basis.as_deref() {
                                None => None,
                                Some("cumulative") => Some(CountMode::Cumulative),
                                Some("new") => Some(CountMode::New),
                                Some(b) => return Err(bad(format!("row {i}: unknown count basis {b:?}"))),
                            },
                        }),
                    };
                    p.rows.entry(r.key.clone()).or_default().push(RegionRow {
                        entity: r.entity.clone().ok_or_else(|| need("entity"))?,
                        date: r.date.ok_or_else(|| need("date"))?,
                        value: r.value.ok_or_else(|| need("value"))?,
                        source: r.source.clone(),
                        detail,
                    });
                }
                other => return Err(bad(format!("row {i}: unknown part {other:?}"))),
            }
        }
        if !meta {
            return Err(bad(format!("no meta row naming {FORMAT}: not a table of partials")));
        }
        for u in p.units.values_mut() {
            u.cells.sort_by_key(|c| (c.0, c.1));
            if u.cells.windows(2).any(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)) {
                return Err(bad("a target's counts name one region and year twice: merge partials with Partials::merge, not by concatenating tables"));
            }
        }
        Ok(p)
    }
}

fn qualifier(code: &str) -> Option<Qualifier> {
    [Qualifier::Exact, Qualifier::AtLeast, Qualifier::MoreThan, Qualifier::AtMost, Qualifier::LessThan, Qualifier::About].into_iter().find(|q| q.code() == code)
}

/// The columnar form of [`Partials`]: one row per fact, `part` saying which kind, the
/// columns a kind does not use empty. Parts: `meta` (key: the format, [`FORMAT`]; date:
/// the as-of date), `target` (key: a selected target; yearly: 1 or 0 for unit-level
/// targets, whether they count units passing in the year itself), `series` (key: an
/// indicator or target id; rows, min_year, max_year, twice), `units` (key: a target;
/// region, year, passing, reporting, yearly) and `row` (key; entity, date, value,
/// source, qualifier, fraction_numerator, fraction_denominator, basis: a region
/// entity's observation).
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct PartialColumns {
    pub part: Vec<String>,
    pub key: Vec<String>,
    pub region: Vec<Option<String>>,
    pub entity: Vec<Option<String>>,
    pub year: Vec<Option<i32>>,
    pub date: Vec<Option<NaiveDate>>,
    pub value: Vec<Option<f64>>,
    pub passing: Vec<Option<u32>>,
    pub reporting: Vec<Option<u32>>,
    pub yearly: Vec<Option<u32>>,
    pub rows: Vec<Option<u64>>,
    pub min_year: Vec<Option<i32>>,
    pub max_year: Vec<Option<i32>>,
    pub twice: Vec<Option<bool>>,
    pub source: Vec<Option<String>>,
    pub qualifier: Vec<Option<String>>,
    pub fraction_numerator: Vec<Option<f64>>,
    pub fraction_denominator: Vec<Option<f64>>,
    pub basis: Vec<Option<String>>,
    /// The row being filled by `push` (written out by the next `push` or `finish`).
    pending: Option<Box<PartialRow>>,
}

/// One row of [`PartialColumns`].
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct PartialRow {
    pub part: String,
    pub key: String,
    pub region: Option<String>,
    pub entity: Option<String>,
    pub year: Option<i32>,
    pub date: Option<NaiveDate>,
    pub value: Option<f64>,
    pub passing: Option<u32>,
    pub reporting: Option<u32>,
    pub yearly: Option<u32>,
    pub rows: Option<u64>,
    pub min_year: Option<i32>,
    pub max_year: Option<i32>,
    pub twice: Option<bool>,
    pub source: Option<String>,
    pub qualifier: Option<String>,
    pub fraction_numerator: Option<f64>,
    pub fraction_denominator: Option<f64>,
    pub basis: Option<String>,
}

macro_rules! each_column {
    ($m:ident) => {
        $m!(part, key, region, entity, year, date, value, passing, reporting, yearly, rows, min_year, max_year, twice, source, qualifier, fraction_numerator, fraction_denominator, basis)
    };
}

impl PartialColumns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.part.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.part.is_empty()
    }

    /// Appends a row (its columns all equally long; a short column reads as empty).
    pub fn push_row(&mut self, r: PartialRow) {
        macro_rules! put {
            ($($c:ident),*) => { $( self.$c.push(r.$c); )* };
        }
        each_column!(put);
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> PartialRow {
        macro_rules! get {
            ($($c:ident),*) => { PartialRow { $( $c: self.$c.get(i).cloned().unwrap_or_default(), )* } };
        }
        each_column!(get)
    }

    fn push(&mut self, part: &str, key: &str) -> &mut PartialRow {
        self.flush();
        self.pending.insert(Box::new(PartialRow { part: part.to_string(), key: key.to_string(), ..Default::default() }))
    }

    fn flush(&mut self) {
        if let Some(r) = self.pending.take() {
            self.push_row(*r);
        }
    }

    fn finish(mut self) -> PartialColumns {
        self.flush();
        self
    }
}
