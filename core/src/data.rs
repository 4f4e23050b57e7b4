//! Observed data: regions, entities and observations, validated and stored in columns.
//!
//! Records go into a [`DatasetBuilder`] one at a time, each with the place it came
//! from ([`Location`]); [`DatasetBuilder::build`] resolves references and returns the
//! [`Dataset`] with a [`LoadReport`] in which every rejected record is listed with its
//! file, line, column, value and a stable error code. Nothing is dropped silently:
//! `accepted + rejected = read`, for entities and for observations.

use crate::row_places::RowPlaces;
use crate::model::{EntityKind, PersonRole, Stage, ValueType};
use crate::regions::{RegionLevel, RegionTable};
use crate::Catalog;
use crate::texts::Texts;
use chrono::{Datelike, NaiveDate};
pub use crate::period::{fractional_year, Period};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Index meaning "none" in the `u32` columns.
pub const NONE: u32 = u32::MAX;

/// Where a record came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Location {
    /// File name (or `<json>`, `<rust>`) the record was read from.
    pub file: Option<String>,
    /// 1-based line (CSV) or record number (JSON, iterators).
    pub line: Option<u64>,
}

impl Location {
    /// A location in a file.
    pub fn new(file: impl Into<String>, line: u64) -> Self {
        Location { file: Some(file.into()), line: Some(line) }
    }
}

/// Stable codes of record-level problems.
pub mod codes {
    /// The indicator is not in the catalog (nor a milestone target id).
    pub const UNKNOWN_INDICATOR: &str = "data.unknown_indicator";
    /// The entity id is not among the loaded entities or regions.
    pub const UNKNOWN_ENTITY: &str = "data.unknown_entity";
    /// The value is outside what the indicator allows (a share of 130%, negative bandwidth).
    pub const OUT_OF_RANGE: &str = "data.out_of_range";
    /// Another record gives a different value for the same entity, indicator and period.
    pub const CONFLICTING_DUPLICATE: &str = "data.conflicting_duplicate";
    /// Another record gives the same value for the same entity, indicator and period.
    pub const DUPLICATE: &str = "data.duplicate";
    /// The period is neither a year (2023) nor a date (2023-06-30).
    pub const BAD_PERIOD: &str = "data.bad_period";
    /// The value is not a number (or yes/no for yes/no indicators).
    pub const BAD_VALUE: &str = "data.bad_value";
    /// The value carries a unit other than the indicator's (`95%` for a Mbps indicator).
    pub const WRONG_UNIT: &str = "data.wrong_unit";
    /// The value is a bound or an approximation (`超过70%`, `90%以上`, `近12万`) on a
    /// unit's own row (a school, a person): a unit's value must be exact. A region's
    /// figure may be qualified (reported under the target id, or a region indicator).
    pub const QUALIFIED_VALUE: &str = "data.qualified_value";
    /// The value is a numerator and a denominator (`118/120`, or the `numerator` and
    /// `denominator` columns) where none can be kept: on a unit's own row, or for a
    /// figure that is not in percent.
    pub const FRACTION_VALUE: &str = "data.fraction_value";
    /// The `numerator` / `denominator` columns are not two numbers with
    /// 0 ≤ numerator ≤ denominator, denominator > 0, or they disagree with the value.
    pub const BAD_FRACTION: &str = "data.bad_fraction";
    /// The `count_basis` column is not `new` / `cumulative` (新增 / 累计), or is given
    /// on a row that is not a count reported under a count target's id.
    pub const BAD_COUNT_BASIS: &str = "data.bad_count_basis";
    /// The indicator is measured on another kind of entity.
    pub const WRONG_ENTITY_KIND: &str = "data.wrong_entity_kind";
    /// The entity kind is not region, school, class, person or system.
    pub const BAD_KIND: &str = "data.bad_kind";
    /// The region code is not a known GB/T 2260 code.
    pub const UNKNOWN_REGION: &str = "data.unknown_region";
    /// The parent id does not resolve: not defined, or itself rejected (the reason says which).
    pub const UNKNOWN_PARENT: &str = "data.unknown_parent";
    /// The parent is of a kind this entity may not have as parent (a school under a
    /// class, a class under a class …): region ⊃ school ⊃ class / person / system.
    pub const BAD_PARENT_KIND: &str = "data.bad_parent_kind";
    /// `parent_id` links form a cycle (the reason lists the ids in it).
    pub const PARENT_CYCLE: &str = "data.parent_cycle";
    /// The entity's `region_code` does not lie within its parent's region.
    pub const PARENT_REGION_MISMATCH: &str = "data.parent_region_mismatch";
    /// The stage is not a known school stage.
    pub const BAD_STAGE: &str = "data.bad_stage";
    /// The role is not principal, teacher, student or official.
    pub const BAD_ROLE: &str = "data.bad_role";
    /// The entity id was already defined.
    pub const DUPLICATE_ENTITY: &str = "data.duplicate_entity";
    /// A required field is empty.
    pub const MISSING_FIELD: &str = "data.missing_field";
    /// An entity record read after the entities were built (by
    /// `DatasetBuilder::build_entities_first`, whose reader is for observations).
    pub const LATE_ENTITY: &str = "data.late_entity";
    /// The row has the wrong number of fields, or text after a closing quote.
    pub const BAD_ROW: &str = "data.bad_row";
    /// A quote opens a field and the file ends before it closes (CSV). The row on the
    /// quote's line is rejected; reading goes on with the next line.
    pub const UNTERMINATED_QUOTE: &str = "data.unterminated_quote";
    /// A quoted field runs past the most lines a row may span (20; CSV): most likely a
    /// quote that is never closed. The row's first line is rejected; reading goes on
    /// with the next line.
    pub const FIELD_TOO_LONG: &str = "data.field_too_long";
    /// A row holds more than 1 MiB of text (CSV).
    pub const ROW_TOO_LONG: &str = "data.row_too_long";
    /// The line does not decode in the encoding the file is read in (a GBK line in a
    /// UTF-8 file, or the reverse); see `RecordCounts::encodings`.
    pub const BAD_ENCODING_LINE: &str = "data.bad_encoding_line";
    /// A spreadsheet cell of a documented column holds no figure: an error value
    /// (`#DIV/0!`, `#N/A` …) or a duration.
    pub const BAD_CELL: &str = "data.bad_cell";
    /// A spreadsheet cell holds a plain number above 0 and at most 1 for an indicator in
    /// %: a cell formatted as a percentage stores 0.976 for 97.6%, and the format is not
    /// visible to the reader, so the figure is refused rather than guessed.
    pub const AMBIGUOUS_PERCENT: &str = "data.ambiguous_percent";
}

/// One rejected record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Rejection {
    /// Where the record came from.
    #[serde(flatten)]
    pub location: Location,
    /// Column (field name) at fault.
    pub column: Option<String>,
    /// The offending value as read; a value longer than 200 characters is cut there and
    /// ends with `…(N bytes)`, N its full length.
    pub value: Option<String>,
    /// Stable error code (see [`codes`]).
    pub code: String,
    /// Human-readable reason.
    pub reason: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.location.file.as_deref().unwrap_or("<input>");
        match self.location.line {
            Some(l) => write!(f, "{file}:{l}")?,
            None => write!(f, "{file}")?,
        }
        if let Some(c) = &self.column {
            write!(f, " column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, " value {v:?}")?;
        }
        write!(f, ": [{}] {}", self.code, self.reason)
    }
}

/// Counts of records read, accepted and rejected, with every rejection.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct RecordCounts {
    /// Records read and checked (rows set aside unread are counted in `skipped`).
    pub read: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Records rejected; `accepted + rejected.len() == read`.
    pub rejected: Vec<Rejection>,
    /// Of the accepted, observation rows with an empty value under a known indicator or
    /// target id: a template row not filled in (`zhibiao template`), read but not an
    /// observation.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub blank: u64,
    /// Rows of indicators that no selected target uses, set aside before their fields
    /// were parsed (see [`DatasetBuilder::keep_only`]); not part of `read`.
    #[serde(skip)]
    pub skipped: u64,
    /// `skipped`, per indicator (id, rows), in id order.
    #[serde(skip)]
    pub skipped_by_indicator: Vec<(String, u64)>,
    /// Input columns that are not documented columns and were not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_columns: Vec<String>,
    /// How each file was decoded and why (CSV and JSON files; absent for in-memory records).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encodings: Vec<crate::encoding::FileEncoding>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What loading did with every record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct LoadReport {
    /// Entity records.
    pub entities: RecordCounts,
    /// Observation records.
    pub observations: RecordCounts,
}

impl LoadReport {
    /// Every rejection, entities first.
    pub fn rejections(&self) -> impl Iterator<Item = &Rejection> {
        self.entities.rejected.iter().chain(self.observations.rejected.iter())
    }

    /// True when nothing was rejected.
    pub fn is_clean(&self) -> bool {
        self.entities.rejected.is_empty() && self.observations.rejected.is_empty()
    }
}

/// An entity record as read (the documented columns).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct EntityRecord {
    /// Unique id; pseudonymous for people. For regions, the GB/T 2260 code.
    pub entity_id: String,
    /// `region`, `school`, `class`, `person` or `system` (`website` is read as `system`).
    pub kind: String,
    /// Display name (empty for people).
    #[serde(default)]
    pub name: String,
    /// GB/T 2260 code of the county-level region (may be empty for classes and people,
    /// which take their school's).
    #[serde(default)]
    pub region_code: String,
    /// Parent entity: the school of a class, person or system; the parent region of a region.
    #[serde(default)]
    pub parent_id: String,
    /// School stage (幼儿园, 小学, 初中, 高中, 完全中学, 九年一贯制, 中职, 高校 … or the English codes).
    #[serde(default)]
    pub stage: String,
    /// Area class (中心城区, 郊区新城 …), free text.
    #[serde(default)]
    pub area_class: String,
    /// For people: principal / teacher / student / official (校长 / 教师 / 学生 / 干部).
    #[serde(default)]
    pub role: String,
}

/// An observation record as read (the documented columns).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct ObservationRecord {
    /// Entity observed (entity id or region code).
    pub entity_id: String,
    /// Indicator id, or a milestone target's id.
    pub indicator: String,
    /// A year (`2023`) or a date (`2023-06-30`).
    pub period: String,
    /// The value: a number, or for yes/no indicators 1/0, true/false, 是/否.
    pub value: String,
    /// Where the figure comes from (evidence for milestones).
    #[serde(default)]
    pub source: String,
    /// For a share reported for a region: the units passing (optional; with `denominator`).
    #[serde(default)]
    pub numerator: String,
    /// For a share reported for a region: the units in scope (optional; with `numerator`).
    #[serde(default)]
    pub denominator: String,
    /// For a count reported under a count target's id: `new` (新增, added within the
    /// target's period) or `cumulative` (累计, the running total); empty means the
    /// target's own terms.
    #[serde(default)]
    pub count_basis: String,
}

/// How a reported figure was written, beyond its value: kept for the figures reported
/// for regions (under a target id, or a region indicator), see [`Series::detail`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureDetail {
    /// 超过 / 以上 / 近 / 约 …, or exact.
    pub qualifier: crate::quantity::Qualifier,
    /// Numerator and denominator, when given (`118/120` or the two columns).
    pub fraction: Option<(f64, f64)>,
    /// For counts: the terms the row is in, when it says (`count_basis`).
    pub basis: Option<crate::model::CountMode>,
}

/// Observations of one indicator, in columns, sorted by (entity, date).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Entity index per observation.
    pub entity: Vec<u32>,
    /// Days since 0001-01-01 per observation.
    pub day: Vec<i32>,
    /// Calendar year per observation.
    pub year: Vec<i16>,
    /// Value per observation.
    pub value: Vec<f64>,
    /// Index into [`Dataset::sources`], or [`NONE`].
    pub source: Vec<u32>,
    /// Index into [`Dataset::details`] per observation, or [`NONE`] for a bare figure;
    /// empty when every figure of the series is bare (unit-level data always are).
    pub detail: Vec<u32>,
}

impl Series {
    /// Number of observations.
    pub fn len(&self) -> usize {
        self.entity.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entity.is_empty()
    }
    /// How the `k`-th figure was written, when more than a bare number.
    pub fn detail_of<'d>(&self, data: &'d Dataset, k: usize) -> Option<&'d FigureDetail> {
        self.detail.get(k).filter(|&&d| d != NONE).and_then(|&d| data.details.get(d as usize))
    }
}

/// Entities and observations, validated, in columns. Two datasets are equal when
/// every column is (what the loader's tests compare).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The region tree.
    pub regions: RegionTable,
    /// Entity ids.
    pub ids: Texts,
    /// Entity names.
    pub names: Texts,
    /// Entity kinds.
    pub kind: Vec<EntityKind>,
    /// Region index (into `regions`) of each entity; a region's own index for regions.
    pub region: Vec<u32>,
    /// Parent entity index or [`NONE`].
    pub parent: Vec<u32>,
    /// Stage (own or inherited from the school).
    pub stage: Vec<Option<Stage>>,
    /// Area class index into `areas`, or [`NONE`].
    pub area: Vec<u32>,
    /// Role of people.
    pub role: Vec<Option<PersonRole>>,
    /// Interned area classes.
    pub areas: Vec<String>,
    /// Interned sources.
    pub sources: Vec<String>,
    /// Observations by indicator id (or milestone target id).
    pub series: HashMap<String, Series>,
    /// Qualifiers, fractions and count bases of region figures ([`Series::detail`]).
    pub details: Vec<FigureDetail>,
    index: IdIndex,
}

/// Entity ids → entity index, without a second copy of the ids: an open-addressing
/// table of entity indices, probed by the id's hash and checked against `ids`. At
/// national scale (5 million entities) this saves a third of a gigabyte over a map
/// keyed by owned strings. Each slot keeps the upper half of its id's hash beside the
/// entity, so a probe compares strings only when the hashes agree (one comparison per
/// lookup, nearly always, instead of one per occupied slot passed).
#[derive(Debug, Clone, Default, PartialEq)]
struct IdIndex {
    /// `hash >> 32 << 32 | entity`, or [`EMPTY_SLOT`].
    slots: Vec<u64>,
    len: usize,
}

const EMPTY_SLOT: u64 = u64::MAX;

/// How many ids ahead a loop over ids prefetches their slots ([`IdIndex::prefetch`]).
const PREFETCH_AHEAD: usize = 16;

impl IdIndex {
    fn hash(id: &str) -> u64 {
        // Fx (rustc-hash): a few multiplications per word instead of SipHash's rounds;
        // ids are short and hashed once per entity and once per run of observation rows.
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(id)
    }

    fn get(&self, ids: &Texts, id: &str) -> Option<u32> {
        self.find_or_vacant(ids, id).ok()
    }

    /// The part of a hash a slot keeps beside its entity.
    fn tag(h: u64) -> u64 {
        h & !0xFFFF_FFFF
    }

    /// The entity `id` names, or else where it would go: `Err((slot, hash))` for
    /// [`IdIndex::fill`], valid until the table changes. One probe sequence for the
    /// duplicate check and the insertion of a new entity. The table must have a free
    /// slot (it always has after [`IdIndex::reserve`] for more than `len` entities).
    fn find_or_vacant(&self, ids: &Texts, id: &str) -> Result<u32, (usize, u64)> {
        let h = Self::hash(id);
        if self.slots.is_empty() {
            return Err((usize::MAX, h));
        }
        let mask = self.slots.len() - 1;
        let tag = Self::tag(h);
        let mut at = (h as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot == EMPTY_SLOT {
                return Err((at, h));
            }
            let e = slot as u32;
            if Self::tag(slot) == tag && ids.get(e as usize).is_some_and(|x| x == id) {
                return Ok(e);
            }
            at = (at + 1) & mask;
        }
    }

    /// Indexes entity `e` (the next, `ids[e]` just pushed) at a slot that
    /// [`IdIndex::find_or_vacant`] gave, when the table has room for it without growing;
    /// else as [`IdIndex::insert`] does.
    fn fill(&mut self, ids: &Texts, (at, h): (usize, u64), e: u32) {
        if (self.len + 1) * 8 > self.slots.len() * 7 || self.slots.get(at) != Some(&EMPTY_SLOT) {
            self.insert(ids, e);
            return;
        }
        self.slots[at] = Self::tag(h) | u64::from(e);
        self.len += 1;
    }

    /// Asks the processor to bring the first slot of `id`'s probe into cache; a hint,
    /// with no effect on any result. Loops over many ids call it a few ids ahead: the
    /// table of a national load (tens of MB) misses the cache on nearly every probe,
    /// and a miss met in order stalls the loop while a prefetched one arrives in the
    /// meantime (the dataset build at scale L spent most of its time on these misses).
    fn prefetch(&self, id: &str) {
        #[cfg(target_arch = "x86_64")]
        if !self.slots.is_empty() {
            let at = (Self::hash(id) as usize) & (self.slots.len() - 1);
            if let Some(slot) = self.slots.get(at) {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                // SAFETY: a prefetch only hints the cache; it never faults and reads
                // nothing into the program, whatever the address (here a valid one).
                unsafe { _mm_prefetch::<_MM_HINT_T0>((slot as *const u64).cast::<i8>()) };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = id;
    }

    /// Makes room for `n` entities in all.
    fn reserve(&mut self, ids: &Texts, n: usize) {
        let want = (n.max(8) * 8 / 7 + 1).next_power_of_two();
        if want <= self.slots.len() {
            return;
        }
        self.slots = vec![EMPTY_SLOT; want];
        let entries = self.len;
        self.len = 0;
        for e in 0..entries.min(ids.len()) {
            self.put(ids, e as u32);
        }
    }

    /// Indexes entity `e`, whose id is `ids[e]`. Entities are indexed in order (`e` is
    /// the number indexed so far), which lets [`IdIndex::reserve`] rebuild from `ids`.
    fn insert(&mut self, ids: &Texts, e: u32) {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.reserve(ids, (self.len + 1) * 2);
        }
        self.put(ids, e);
    }

    fn put(&mut self, ids: &Texts, e: u32) {
        let mask = self.slots.len() - 1;
        let h = Self::hash(ids.get(e as usize).unwrap_or(""));
        let mut at = (h as usize) & mask;
        while self.slots[at] != EMPTY_SLOT {
            at = (at + 1) & mask;
        }
        // An entity index is below u32::MAX (NONE), so no slot equals EMPTY_SLOT.
        self.slots[at] = Self::tag(h) | u64::from(e);
        self.len += 1;
    }
}

impl Dataset {
    /// Entity index by id (regions by code).
    pub fn entity(&self, id: &str) -> Option<u32> {
        self.index.get(&self.ids, id)
    }

    /// Number of entities (regions included).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Total observations.
    pub fn observation_count(&self) -> usize {
        self.series.values().map(Series::len).sum()
    }

    /// Entity index of a region by region index.
    pub fn region_entity(&self, region: u32) -> Option<u32> {
        self.regions.code(region).and_then(|c| self.entity(c))
    }
}

/// An entity waiting for its references to be resolved: its text fields live in the
/// builder's entity arena, its file in the file table.
#[derive(Clone, Copy)]
struct PendingEntity {
    /// Start of the fields in the arena; their lengths follow.
    at: usize,
    /// Lengths of entity_id, name, region_code, parent_id, area_class.
    len: [u32; 5],
    file: u32,
    /// The line, or [`NO_LINE`] (a plain `u64`: 8 bytes an entity less than an
    /// `Option`, at national scale 40 MB of the load's peak).
    line: u64,
    kind: EntityKind,
    stage: Option<Stage>,
    role: Option<PersonRole>,
}

/// [`PendingEntity::line`] of an entity given without one.
const NO_LINE: u64 = u64::MAX;

/// The text fields of a pending entity.
struct EntityText<'a> {
    id: &'a str,
    name: &'a str,
    region_code: &'a str,
    parent_id: &'a str,
    area_class: &'a str,
}

/// Accepted observations of one indicator, waiting for their entities to be resolved:
/// plain numbers in columns. The entity is a run of the builder's (consecutive rows
/// of one entity share one run, so the id is stored and looked up once per run); `seq`
/// is the row's place among all accepted observation rows, for its file and line
/// ([`RowPlaces`]) and the order of arrival.
#[derive(Default)]
struct PendingRows {
    run: Vec<u32>,
    day: Vec<i32>,
    year: Vec<i16>,
    value: Vec<f64>,
    source: Vec<u32>,
    seq: Vec<u32>,
    /// Index into the builder's details, or [`NONE`] (empty while every row is bare).
    detail: Vec<u32>,
}

/// What an observation's indicator column may name.
#[derive(Debug, Clone, Copy)]
struct IndicatorInfo {
    entity: EntityKind,
    value_type: ValueType,
    /// The kind of the target whose id this is, for figures reported under a target id.
    target: Option<crate::Kind>,
}

/// What an observation's indicator column may name: the catalog's indicators and its
/// milestone target ids (the keys), each with its entity kind, value type and unit, and
/// which of them are kept (see [`DatasetBuilder::keep_only`]).
#[derive(Clone)]
struct Keys {
    /// Sorted.
    names: Vec<String>,
    info: Vec<IndicatorInfo>,
    /// The unit of each key (empty for yes/no indicators and milestones).
    unit: Vec<String>,
    index: rustc_hash::FxHashMap<String, u32>,
    /// Per key, whether its rows are kept; `None`: all are.
    kept: Option<Vec<bool>>,
}

impl Keys {
    fn of(catalog: &Catalog) -> Keys {
        let mut indicators: HashMap<String, IndicatorInfo> = catalog
            .indicators()
            .iter()
            .map(|i| (i.id.clone(), IndicatorInfo { entity: i.entity, value_type: i.value_type, target: None }))
            .collect();
        let mut units: HashMap<String, String> = catalog.indicators().iter().map(|i| (i.id.clone(), i.unit.clone())).collect();
        // Every target's id: a region's figure reported against it (METHODOLOGY §4.5).
        for (_, t) in catalog.targets() {
            let (value_type, unit) = crate::reported::reported_terms(catalog, t);
            indicators.insert(t.id.clone(), IndicatorInfo { entity: EntityKind::Region, value_type, target: Some(t.kind) });
            units.insert(t.id.clone(), unit);
        }
        let mut names: Vec<String> = indicators.keys().cloned().collect();
        names.sort();
        let info = names.iter().filter_map(|k| indicators.get(k).copied()).collect();
        let unit = names.iter().map(|k| units.get(k.as_str()).cloned().unwrap_or_default()).collect();
        let index = names.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect();
        Keys { names, info, unit, index, kept: None }
    }

    fn get(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    fn is_kept(&self, ix: u32) -> bool {
        self.kept.as_ref().is_none_or(|k| k.get(ix as usize).copied().unwrap_or(false))
    }
}

/// Collects records, validating each, and builds a [`Dataset`].
///
/// Observations are kept as plain numbers plus one shared arena of entity ids, so
/// loading allocates nothing per observation beyond amortised column growth.
pub struct DatasetBuilder {
    regions: RegionTable,
    keys: Keys,
    entities: Vec<PendingEntity>,
    entity_arena: String,
    rows: Vec<PendingRows>,
    /// Entity ids of observation rows, one per run of consecutive rows of one entity.
    runs: Vec<(usize, u32)>,
    run_arena: String,
    /// Observation rows read so far.
    seq: u32,
    /// The file and line of each accepted observation row.
    places: RowPlaces,
    files: Vec<Option<String>>,
    sources: Vec<String>,
    source_index: rustc_hash::FxHashMap<String, u32>,
    report: LoadReport,
    /// Ids of entity records rejected while being added, with where and why.
    refused_ids: HashMap<String, String>,
    details: Vec<FigureDetail>,
    /// For unit-level indicators: the ids of the targets that use them (a region's
    /// figure goes under one of those).
    targets_of: HashMap<String, Vec<String>>,
    /// Every target id of the catalog: a template row under one, left empty, is blank.
    target_ids: std::collections::HashSet<String>,
    /// Rows set aside by `keep_only`, per key.
    skipped_keys: std::collections::BTreeMap<u32, u64>,
    /// How CSV observation rows are grouped to be checked in parallel.
    pub(crate) block_size: crate::row_blocks::BlockSize,
    /// Told how far the CSV reader is, see [`DatasetBuilder::on_progress`].
    pub(crate) progress: Option<Box<dyn FnMut(ReadProgress) + Send>>,
}

/// How far a CSV reader is through its input ([`DatasetBuilder::on_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Bytes of text read so far from the current file.
    pub bytes: u64,
    /// Bytes of text in it, when known.
    pub total: Option<u64>,
}

/// Orders rejections as the records were read: files in order of first appearance,
/// then by line. Rejections found while adding and at build are merged into one list.
fn sort_in_reading_order(v: &mut [Rejection]) {
    let mut files: Vec<Option<String>> = Vec::new();
    for r in v.iter() {
        if !files.contains(&r.location.file) {
            files.push(r.location.file.clone());
        }
    }
    v.sort_by_key(|r| (files.iter().position(|f| *f == r.location.file), r.location.line));
}

/// A rejection; the value is kept as read, cut to [`crate::text::SHOWN_CHARS`]
/// characters (with `…` and its length) when longer.
fn reject(loc: &Location, column: &str, value: &str, code: &str, reason: impl Into<String>) -> Rejection {
    Rejection {
        location: loc.clone(),
        column: (!column.is_empty()).then(|| column.to_string()),
        value: Some(crate::text::clip(value, crate::text::SHOWN_CHARS).into_owned()),
        code: code.to_string(),
        reason: reason.into(),
    }
}

/// Why a value cannot be stored: a stable code (see [`codes`]) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    /// `data.bad_value`, `data.wrong_unit`, `data.qualified_value` or `data.fraction_value`.
    pub code: &'static str,
    /// Human-readable reason.
    pub reason: String,
}

/// The fast path of [`parse_value`]: a plain decimal (ASCII digits with at most one
/// point between digits, 15 significant digits at most, no sign, unit or separator),
/// the form machine exports write, parsed by the standard library (correctly rounded,
/// so the same double the figure reader gives; a test compares both). Anything else
/// goes to the figure reader.
fn plain_decimal(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    if b.is_empty() || b.len() > 16 || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    let mut points = 0;
    for &c in b {
        if c == b'.' {
            points += 1;
        } else if !c.is_ascii_digit() {
            return None;
        }
    }
    if points > 1 || b.len() - points > 15 {
        return None;
    }
    t.parse().ok()
}

/// Reads a value as reports write it ([`crate::quantity::read_figure`]: `1291`, `1,291`,
/// `10397万`, `97.6 %`, full-width digits, `1000M`, `千兆`, `800门`) for an indicator of
/// `value_type` measured in `unit`; for yes/no indicators also 1/0, true/false, yes/no,
/// 是/否, 完成/未完成. A unit written with the value must be the indicator's unit.
///
/// # Errors
///
/// `data.bad_value` (not a figure, or beyond ±2^53), `data.wrong_unit`,
/// `data.qualified_value` (超过70%, 近12万) and `data.fraction_value` (118/120): this
/// reads a unit's own value, which is one exact figure. A region's figure is read by
/// [`crate::reported::read_region_figure`], which keeps qualifiers and fractions.
pub fn parse_value(s: &str, value_type: ValueType, unit: &str) -> Result<f64, BadValue> {
    use crate::quantity::{read_figure, Qualifier, QuantityError};
    let t = s.trim();
    if value_type == ValueType::Boolean {
        let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
        if is(&["true", "yes", "y", "是", "已完成", "完成", "done"]) {
            return Ok(1.0);
        }
        if is(&["false", "no", "n", "否", "未完成"]) {
            return Ok(0.0);
        }
    }
    if let Some(v) = plain_decimal(t) {
        return Ok(v);
    }
    let bad = |code, reason: String| BadValue { code, reason };
    let f = read_figure(t).map_err(|e| {
        let what = match &e {
            QuantityError::OutOfRange { .. } => "out of range: figures are read up to ±9007199254740992 (2^53)".to_string(),
            QuantityError::BadFigure { reason, .. } => format!("not one figure: {reason}"),
            _ => "not a number".to_string(),
        };
        let forms = if value_type == ValueType::Boolean {
            "1/0, 是/否, true/false"
        } else {
            "a number as reports write it: 1291, 1,291, 10397万, 97.6%, 1000Mbps"
        };
        bad(codes::BAD_VALUE, format!("{what} (expected {forms})"))
    })?;
    let num = crate::catalog::fmt_num;
    if let (Some(n), Some(d)) = (f.numerator, f.denominator) {
        return Err(bad(
            codes::FRACTION_VALUE,
            format!(
                "read as numerator {} and denominator {}; a unit's own value is one figure (numerator/denominator is for a region's share)",
                num(n),
                num(d)
            ),
        ));
    }
    if let Some(u) = f.unit.as_deref().filter(|u| *u != unit) {
        let reason = if unit.is_empty() {
            format!("the unit {u} was read, but a yes/no indicator takes 1 or 0 without a unit")
        } else {
            format!("the unit {u} was read, but the indicator is measured in {unit}: write the value in {unit} or without a unit")
        };
        return Err(bad(codes::WRONG_UNIT, reason));
    }
    if f.qualifier != Qualifier::Exact {
        return Err(bad(
            codes::QUALIFIED_VALUE,
            format!(
                "read as {} {}{}: a unit's own value must be exact (超过, 以上, 近, 约 … are for a region's figure)",
                f.qualifier.code(),
                num(f.value),
                f.unit.as_deref().map_or(String::new(), |u| format!(" {u}"))
            ),
        ));
    }
    Ok(f.value)
}

/// Why an observation's entity is of the wrong kind; for a unit-level indicator
/// observed on a region, where a region's figure goes instead.
fn wrong_kind_reason(key: &str, expected: EntityKind, entity: &str, found: EntityKind, targets: Option<&Vec<String>>) -> String {
    let mut reason = format!("{key} is measured on a {}, but {entity} is a {}", expected.code(), found.code());
    if found == EntityKind::Region {
        match targets.map(Vec::as_slice) {
            Some([one]) => reason.push_str(&format!("; report the region's figure under the target id instead: {one}")),
            Some(ids) if !ids.is_empty() => reason.push_str(&format!("; report the region's figure under the id of the target it is for: {}", ids.join(", "))),
            _ => {}
        }
    }
    reason
}

fn parse_role(s: &str) -> Option<PersonRole> {
    match s.trim() {
        "principal" | "校长" => Some(PersonRole::Principal),
        "teacher" | "教师" => Some(PersonRole::Teacher),
        "student" | "学生" => Some(PersonRole::Student),
        "official" | "干部" | "管理干部" => Some(PersonRole::Official),
        _ => None,
    }
}

fn location(files: &[Option<String>], file: u32, line: u64) -> Location {
    Location { file: files.get(file as usize).cloned().flatten(), line: (line > 0).then_some(line) }
}

/// What one observation row comes to, decided from the row alone.
pub(crate) enum RowOutcome<'t> {
    /// Of an indicator no selected target uses (its key): set aside unread.
    Skipped(u32),
    /// Read and refused.
    Rejected(Box<Rejection>),
    /// A template row not filled in: read, not an observation.
    Blank,
    /// Read and accepted.
    Accepted(AcceptedRow<'t>),
    /// Nothing: a rejection already taken from its block entry (not counted).
    Taken,
}

/// An accepted row, its fields parsed, waiting to be stored.
pub(crate) struct AcceptedRow<'t> {
    key: u32,
    /// Trimmed.
    entity: &'t str,
    day: i32,
    year: i16,
    value: f64,
    /// Trimmed; empty when none.
    source: &'t str,
    /// Boxed: rare (region figures), and the row stays small.
    detail: Option<Box<FigureDetail>>,
    file: u32,
    line: u64,
}

#[cfg(any(feature = "arrow", feature = "parallel"))]
impl RowOutcome<'_> {
    /// The outcome without the text an accepted row borrows (its entity id and source),
    /// so that it can wait apart from that text; [`RowOutcome::attach`] gives it back.
    pub(crate) fn detach(self) -> RowOutcome<'static> {
        match self {
            RowOutcome::Skipped(ix) => RowOutcome::Skipped(ix),
            RowOutcome::Rejected(r) => RowOutcome::Rejected(r),
            RowOutcome::Blank => RowOutcome::Blank,
            RowOutcome::Accepted(row) => RowOutcome::Accepted(AcceptedRow { entity: "", source: "", ..row }),
            RowOutcome::Taken => RowOutcome::Taken,
        }
    }
}

#[cfg(any(feature = "arrow", feature = "parallel"))]
impl RowOutcome<'static> {
    /// A [`RowOutcome::detach`]ed outcome with its row's entity id and source again,
    /// as the row's cells hold them (trimmed here as the check trims them).
    pub(crate) fn attach<'t>(self, entity_id: &'t str, source: &'t str) -> RowOutcome<'t> {
        match self {
            RowOutcome::Accepted(row) => RowOutcome::Accepted(AcceptedRow { entity: entity_id.trim(), source: source.trim(), ..row }),
            other => other,
        }
    }
}

/// An observation row's fields by name: the entity id and the source live for `'t`
/// (an accepted row keeps them), the others for `'v` (read during the check only).
pub(crate) struct ObservationFields<'t, 'v> {
    pub(crate) entity_id: &'t str,
    pub(crate) indicator: &'v str,
    pub(crate) period: &'v str,
    pub(crate) value: &'v str,
    pub(crate) source: &'t str,
    pub(crate) numerator: &'v str,
    pub(crate) denominator: &'v str,
    pub(crate) count_basis: &'v str,
}

impl<'t> From<[&'t str; 8]> for ObservationFields<'t, 't> {
    /// The fields in the documented column order.
    fn from([entity_id, indicator, period, value, source, numerator, denominator, count_basis]: [&'t str; 8]) -> Self {
        ObservationFields { entity_id, indicator, period, value, source, numerator, denominator, count_basis }
    }
}

/// The builder's read-only tables an observation row is checked against
/// ([`DatasetBuilder::rules`]): checking changes nothing, so blocks of rows are checked
/// in parallel and their outcomes recorded in reading order after.
#[derive(Clone, Copy)]
pub(crate) struct RowRules<'b> {
    keys: &'b Keys,
    regions: &'b RegionTable,
    target_ids: &'b std::collections::HashSet<String>,
    targets_of: &'b HashMap<String, Vec<String>>,
    files: &'b [Option<String>],
}

impl RowRules<'_> {
    fn location(&self, file: u32, line: u64) -> Location {
        location(self.files, file, line)
    }

    /// A unit's value that is qualified or a fraction: say where a region's figure goes.
    fn unit_value_hint<'v>(&self, mut e: crate::reported::FieldProblem<'v>, key: &str) -> crate::reported::FieldProblem<'v> {
        if e.code == codes::QUALIFIED_VALUE || e.code == codes::FRACTION_VALUE {
            if let Some(ids) = self.targets_of.get(key).filter(|t| !t.is_empty()) {
                e.reason.push_str(&format!("; a region's figure goes under the target id instead: {}", ids.join(", ")));
            }
        }
        e
    }

    fn refuse<'t>(&self, file: u32, line: u64, column: &str, value: &str, code: &str, reason: impl Into<String>) -> RowOutcome<'t> {
        RowOutcome::Rejected(Box::new(reject(&self.location(file, line), column, value, code, reason)))
    }

    /// The indicator's index when its rows are set aside ([`DatasetBuilder::keep_only`]):
    /// such a row is counted and nothing else of it is read.
    #[cfg(feature = "arrow")]
    pub(crate) fn set_aside(&self, indicator: &str) -> Option<u32> {
        self.keys.get(indicator.trim()).filter(|&ix| !self.keys.is_kept(ix))
    }

    /// Checks an observation row's fields (documented column order) and reads its
    /// period and value: everything about a row that needs no other row.
    pub(crate) fn check<'t>(&self, fields: [&'t str; 8], file: u32, line: u64) -> RowOutcome<'t> {
        self.check_fields(ObservationFields::from(fields), file, line)
    }

    /// [`Self::check`] of fields of which only the entity id and the source, which an
    /// accepted row keeps, need outlive the call (a columnar reader writes numbers into
    /// buffers of its own).
    pub(crate) fn check_fields<'t>(&self, fields: ObservationFields<'t, '_>, file: u32, line: u64) -> RowOutcome<'t> {
        let ObservationFields { entity_id, indicator, period, value, source, numerator, denominator, count_basis } = fields;
        let key = indicator.trim();
        let key_ix = self.keys.get(key);
        // Rows of an indicator no selected target uses: counted and set aside.
        if let Some(ix) = key_ix.filter(|&ix| !self.keys.is_kept(ix)) {
            return RowOutcome::Skipped(ix);
        }
        if key == crate::catalog::MILESTONE_INDICATOR {
            let why = "observe a milestone under its target id (e.g. bj-2023/t1.1/action-plan-issued), not milestone.done";
            return self.refuse(file, line, "indicator", key, codes::UNKNOWN_INDICATOR, why);
        }
        let Some(key_ix) = key_ix else {
            let why = match crate::indicators::merged_into(key) {
                Some(new) => format!(
                    "not an indicator of the catalog: it was merged into {new}, which national and local targets share; report each unit's value under {new}"
                ),
                None => "not an indicator of the catalog nor a milestone target id".to_string(),
            };
            return self.refuse(file, line, "indicator", key, codes::UNKNOWN_INDICATOR, why);
        };
        let info = self.keys.info[key_ix as usize];
        let entity = entity_id.trim();
        if entity.is_empty() {
            return self.refuse(file, line, "entity_id", "", codes::MISSING_FIELD, "entity_id is empty");
        }
        let period_parsed = match Period::parse(period) {
            Ok(p) => p,
            Err(e) => return self.refuse(file, line, "period", period, codes::BAD_PERIOD, e.to_string()),
        };
        if [value, numerator, denominator].iter().all(|f| f.trim().is_empty()) && self.target_ids.contains(key) {
            // A template row (a target's id as its indicator) nobody filled in: nothing
            // reported, nothing wrong. A row of an indicator with no value stays a
            // rejection (data.bad_value).
            return RowOutcome::Blank;
        }
        let unit = &self.keys.unit[key_ix as usize];
        let read = if info.entity == EntityKind::Region && info.value_type != ValueType::Boolean {
            crate::reported::read_region_figure(value, numerator, denominator, count_basis, info.value_type, unit, info.target)
        } else {
            crate::reported::refuse_extras(numerator, denominator, count_basis)
                .and_then(|()| parse_value(value, info.value_type, unit).map(|v| (v, None)).map_err(Into::into))
                .map_err(|e| self.unit_value_hint(e, key))
        };
        // A unit-level indicator written for a region (110000,school.smart_campus_demo,2023,41):
        // the value is not the problem, the row is in the wrong place; say where it goes.
        let misplaced = || {
            (info.entity != EntityKind::Region && self.regions.resolve(entity).is_ok())
                .then(|| wrong_kind_reason(key, info.entity, entity, EntityKind::Region, self.targets_of.get(key)))
        };
        let (v, detail) = match read {
            Ok(v) => v,
            Err(e) => {
                if let Some(why) = misplaced() {
                    return self.refuse(file, line, "entity_id", entity, codes::WRONG_ENTITY_KIND, why);
                }
                return self.refuse(file, line, e.column, e.value.unwrap_or(value), e.code, format!("{} ({key})", e.reason));
            }
        };
        let range_problem = match info.value_type {
            ValueType::Percent if !(0.0..=100.0).contains(&v) => Some("a percentage must be between 0 and 100"),
            ValueType::Boolean if v != 0.0 && v != 1.0 => Some("a yes/no value must be 1 or 0"),
            ValueType::Count if v < 0.0 || v.fract() != 0.0 => Some("a count must be a whole number ≥ 0"),
            ValueType::Number if v < 0.0 => Some("this indicator cannot be negative"),
            _ => None,
        };
        if let Some(why) = range_problem.and_then(|_| misplaced()) {
            return self.refuse(file, line, "entity_id", entity, codes::WRONG_ENTITY_KIND, why);
        }
        if let Some(reason) = range_problem {
            return self.refuse(file, line, "value", value, codes::OUT_OF_RANGE, format!("{reason} ({key})"));
        }
        RowOutcome::Accepted(AcceptedRow {
            key: key_ix,
            entity,
            day: period_parsed.date.num_days_from_ce(),
            year: period_parsed.year() as i16,
            value: v,
            source: source.trim(),
            detail: detail.map(Box::new),
            file,
            line,
        })
    }
}

/// What records observation outcomes in reading order: the parts of a
/// [`DatasetBuilder`] that [`RowRules`] does not read ([`DatasetBuilder::rules_and_recorder`]).
pub(crate) struct Recorder<'b> {
    counts: &'b mut RecordCounts,
    skipped_keys: &'b mut std::collections::BTreeMap<u32, u64>,
    sources: &'b mut Vec<String>,
    source_index: &'b mut rustc_hash::FxHashMap<String, u32>,
    runs: &'b mut Vec<(usize, u32)>,
    run_arena: &'b mut String,
    places: &'b mut RowPlaces,
    rows: &'b mut Vec<PendingRows>,
    details: &'b mut Vec<FigureDetail>,
    seq: &'b mut u32,
}

impl Recorder<'_> {
    /// Records what a row came to ([`RowRules::check`]), in reading order: the part
    /// of adding an observation that changes the builder (counts, rejections, the
    /// source table, the entity runs and the columns).
    pub(crate) fn record(&mut self, outcome: RowOutcome<'_>) {
        let row = match outcome {
            RowOutcome::Skipped(ix) => {
                self.counts.skipped += 1;
                *self.skipped_keys.entry(ix).or_insert(0) += 1;
                return;
            }
            RowOutcome::Rejected(r) => {
                self.counts.read += 1;
                self.counts.rejected.push(*r);
                return;
            }
            RowOutcome::Blank => {
                self.counts.read += 1;
                self.counts.blank += 1;
                return;
            }
            RowOutcome::Accepted(row) => row,
            RowOutcome::Taken => return,
        };
        self.counts.read += 1;
        let AcceptedRow { key: key_ix, entity, day, year, value: v, source, detail, file, line } = row;
        let source = if source.is_empty() {
            NONE
        } else if let Some(&i) = self.source_index.get(source) {
            i
        } else {
            let i = self.sources.len() as u32;
            self.sources.push(source.to_string());
            self.source_index.insert(source.to_string(), i);
            i
        };
        // Consecutive rows of one entity share its id (a census export lists a unit's
        // rows together): stored and later looked up once per run.
        let same = self.runs.last().is_some_and(|&(at, n)| self.run_arena.get(at..at + n as usize) == Some(entity));
        if !same {
            self.runs.push((self.run_arena.len(), entity.len() as u32));
            self.run_arena.push_str(entity);
        }
        self.places.note(*self.seq, file, line);
        if self.rows.len() <= key_ix as usize {
            self.rows.resize_with(key_ix as usize + 1, PendingRows::default);
        }
        let r = &mut self.rows[key_ix as usize];
        r.run.push(self.runs.len() as u32 - 1);
        r.day.push(day);
        r.year.push(year);
        r.value.push(v);
        r.source.push(source);
        r.seq.push(*self.seq);
        if let Some(d) = detail {
            if r.detail.is_empty() {
                r.detail.resize(r.seq.len() - 1, NONE);
            }
            r.detail.push(self.details.len() as u32);
            self.details.push(*d);
        } else if !r.detail.is_empty() {
            r.detail.push(NONE);
        }
        *self.seq = self.seq.wrapping_add(1);
    }
}

impl DatasetBuilder {
    /// A builder over the built-in regions, accepting the catalog's indicators and
    /// its milestone target ids.
    pub fn new(catalog: &Catalog) -> Self {
        Self::with_regions(catalog, RegionTable::builtin())
    }

    /// A builder over a given region table.
    pub fn with_regions(catalog: &Catalog, regions: RegionTable) -> Self {
        let mut targets_of: HashMap<String, Vec<String>> = HashMap::new();
        for (_, t) in catalog.targets() {
            for ind in crate::reported::indicators_of(t) {
                if catalog.indicator(ind).is_some_and(|i| i.entity != EntityKind::Region) {
                    let ids = targets_of.entry(ind.to_string()).or_default();
                    if !ids.contains(&t.id) {
                        ids.push(t.id.clone());
                    }
                }
            }
        }
        let target_ids = catalog.targets().map(|(_, t)| t.id.clone()).collect();
        Self::with_tables(regions, Keys::of(catalog), target_ids, targets_of)
    }

    /// An empty builder over the tables rows are checked against.
    fn with_tables(regions: RegionTable, keys: Keys, target_ids: std::collections::HashSet<String>, targets_of: HashMap<String, Vec<String>>) -> Self {
        DatasetBuilder {
            regions,
            keys,
            target_ids,
            skipped_keys: std::collections::BTreeMap::new(),
            entities: Vec::new(),
            entity_arena: String::new(),
            rows: Vec::new(),
            runs: Vec::new(),
            run_arena: String::new(),
            seq: 0,
            places: RowPlaces::default(),
            files: Vec::new(),
            sources: Vec::new(),
            source_index: Default::default(),
            report: LoadReport::default(),
            refused_ids: HashMap::new(),
            details: Vec::new(),
            targets_of,
            block_size: Default::default(),
            progress: None,
        }
    }

    /// How CSV observation rows are grouped: rows are checked a block at a time, the
    /// chunks of a block on every core (feature `parallel`), and recorded in reading
    /// order, so the dataset and the load report do not depend on the sizes.
    /// `rows: 0` checks and records each row on its own, on one thread. For tuning and
    /// for tests that cut blocks everywhere.
    pub fn set_block_size(&mut self, size: crate::row_blocks::BlockSize) {
        self.block_size = size;
    }

    /// Calls `f` as CSV text is read (every few kilobytes), with the bytes read and the
    /// file's size: for a progress bar. The core itself prints nothing.
    pub fn on_progress(&mut self, f: impl FnMut(ReadProgress) + Send + 'static) {
        self.progress = Some(Box::new(f));
    }

    /// Keeps only the observations of these indicators and milestone target ids (what
    /// an evaluation uses: [`crate::eval::keys_used`]). Rows of any other indicator of
    /// the catalog are counted in [`RecordCounts::skipped`] and set aside before their
    /// entity, period or value is read; a row whose indicator the catalog does not know
    /// is still rejected, and rows the CSV reader refuses (wrong number of fields,
    /// unterminated quotes, undecodable text) are rejected as before. Names that are not
    /// keys of the catalog are ignored.
    pub fn keep_only<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        let mut kept = vec![false; self.keys.names.len()];
        for k in keys {
            if let Some(i) = self.keys.get(k) {
                kept[i as usize] = true;
            }
        }
        self.keys.kept = Some(kept);
    }


    /// Notes entity-file columns that were not read.
    pub fn note_ignored_entity_columns(&mut self, columns: Vec<String>) {
        for c in columns {
            if !self.report.entities.ignored_columns.contains(&c) {
                self.report.entities.ignored_columns.push(c);
            }
        }
    }

    /// Notes observation-file columns that were not read.
    pub fn note_ignored_observation_columns(&mut self, columns: Vec<String>) {
        for c in columns {
            if !self.report.observations.ignored_columns.contains(&c) {
                self.report.observations.ignored_columns.push(c);
            }
        }
    }

    /// Notes how an entity file was decoded.
    pub fn note_entity_encoding(&mut self, e: crate::encoding::FileEncoding) {
        self.report.entities.encodings.push(e);
    }

    /// Notes how an observation file was decoded.
    pub fn note_observation_encoding(&mut self, e: crate::encoding::FileEncoding) {
        self.report.observations.encodings.push(e);
    }

    /// Whether rows of `key` are read, and its values are percentages: an indicator in
    /// %, or a target id whose figures are (a spreadsheet reader's question: a cell
    /// formatted as a percentage holds 0.976 for 97.6%).
    #[cfg(feature = "excel")]
    pub(crate) fn reads_percent(&self, key: &str) -> bool {
        self.keys.get(key.trim()).is_some_and(|ix| self.keys.is_kept(ix) && self.keys.info[ix as usize].value_type == ValueType::Percent)
    }

    /// The rejections of entities (`false`) or observations (`true`) so far: a reader
    /// adds where a record was (a spreadsheet cell) to those it caused.
    #[cfg(feature = "excel")]
    pub(crate) fn rejections_mut(&mut self, observations: bool) -> &mut Vec<Rejection> {
        if observations {
            &mut self.report.observations.rejected
        } else {
            &mut self.report.entities.rejected
        }
    }

    /// Records a record that could not even be read as a row (bad CSV, bad JSON).
    pub fn reject_entity_row(&mut self, r: Rejection) {
        self.report.entities.read += 1;
        self.report.entities.rejected.push(r);
    }

    /// Records an observation row that could not be read.
    pub fn reject_observation_row(&mut self, r: Rejection) {
        self.report.observations.read += 1;
        self.report.observations.rejected.push(r);
    }

    /// Rejects an entity record, remembering its id so that its children say why their
    /// parent is missing.
    fn refuse_entity(&mut self, id: &str, r: Rejection) {
        self.refused_ids.entry(id.to_string()).or_insert_with(|| format!("line {}: {}", r.location.line.unwrap_or(0), r.code));
        self.report.entities.rejected.push(r);
    }

    /// Adds an entity. Problems that need other records (parents) are found at build.
    pub fn add_entity(&mut self, rec: EntityRecord, loc: Location) {
        let fields = [&rec.entity_id, &rec.kind, &rec.name, &rec.region_code, &rec.parent_id, &rec.stage, &rec.area_class, &rec.role];
        self.add_entity_fields(fields.map(String::as_str), loc.file.as_deref(), loc.line);
    }

    /// Adds an entity from borrowed fields, in the documented column order
    /// `entity_id, kind, name, region_code, parent_id, stage, area_class, role`: the
    /// path for readers and front doors that hold the columns already (nothing is
    /// allocated per record; the text is copied once, into the builder's arena).
    pub fn add_entity_fields(&mut self, fields: [&str; 8], file: Option<&str>, line: Option<u64>) {
        let [entity_id, kind_text, name, region_code, parent_id, stage_text, area_class, role_text] = fields;
        let loc = || Location { file: file.map(str::to_string), line };
        self.report.entities.read += 1;
        let id = entity_id.trim();
        if id.is_empty() {
            self.report.entities.rejected.push(reject(&loc(), "entity_id", "", codes::MISSING_FIELD, "entity_id is empty"));
            return;
        }
        let Some(kind) = EntityKind::parse(kind_text) else {
            self.refuse_entity(id, reject(
                &loc(),
                "kind",
                kind_text,
                codes::BAD_KIND,
                "kind must be region, school, class, person or system",
            ));
            return;
        };
        let stage = if stage_text.trim().is_empty() {
            None
        } else {
            match Stage::parse(stage_text) {
                Some(s) => Some(s),
                None => {
                    self.refuse_entity(id, reject(
                        &loc(),
                        "stage",
                        stage_text,
                        codes::BAD_STAGE,
                        "unknown stage; use 幼儿园, 小学, 初中, 高中, 完全中学, 九年一贯制, 十二年一贯制, 中职, 高校, 特殊教育, 其他 or their English codes",
                    ));
                    return;
                }
            }
        };
        let role = if role_text.trim().is_empty() {
            None
        } else {
            match parse_role(role_text) {
                Some(r) => Some(r),
                None => {
                    self.refuse_entity(id, reject(
                        &loc(),
                        "role",
                        role_text,
                        codes::BAD_ROLE,
                        "role must be principal, teacher, student or official (校长, 教师, 学生, 干部)",
                    ));
                    return;
                }
            }
        };
        if kind == EntityKind::Region && (id.len() != 6 || !id.bytes().all(|b| b.is_ascii_digit())) {
            self.refuse_entity(id, reject(
                &loc(),
                "entity_id",
                id,
                codes::UNKNOWN_REGION,
                "a region's entity_id is its 6-digit GB/T 2260 code",
            ));
            return;
        }
        let at = self.entity_arena.len();
        let mut len = [0u32; 5];
        for (l, f) in len.iter_mut().zip([entity_id, name, region_code, parent_id, area_class]) {
            self.entity_arena.push_str(f);
            *l = f.len() as u32;
        }
        let file = self.file_index(file);
        self.entities.push(PendingEntity { at, len, file, line: line.unwrap_or(NO_LINE), kind, stage, role });
    }

    fn entity_text(&self, e: &PendingEntity) -> EntityText<'_> {
        let mut at = e.at;
        let mut next = |n: u32| {
            let s = self.entity_arena.get(at..at + n as usize).unwrap_or("");
            at += n as usize;
            s
        };
        EntityText { id: next(e.len[0]), name: next(e.len[1]), region_code: next(e.len[2]), parent_id: next(e.len[3]), area_class: next(e.len[4]) }
    }

    fn entity_location(&self, e: &PendingEntity) -> Location {
        Location { file: self.files.get(e.file as usize).cloned().flatten(), line: (e.line != NO_LINE).then_some(e.line) }
    }

    /// Why an entity may not have the parent it names (the kind hierarchy,
    /// [`crate::hierarchy`]), if it may not.
    fn parent_problem(&self, ds: &Dataset, e: &PendingEntity, t: &EntityText<'_>, parent: Option<u32>) -> Option<Rejection> {
        use crate::hierarchy::{parent_allowed, parent_required, parent_rule};
        match parent {
            None if parent_required(e.kind) => {
                Some(reject(&self.entity_location(e), "parent_id", "", codes::MISSING_FIELD, parent_rule(e.kind)))
            }
            Some(p) if !parent_allowed(e.kind, ds.kind[p as usize]) => {
                let parent_id = t.parent_id.trim();
                let reason = format!("{}, but {parent_id} is a {}", parent_rule(e.kind), ds.kind[p as usize].code());
                Some(reject(&self.entity_location(e), "parent_id", parent_id, codes::BAD_PARENT_KIND, reason))
            }
            _ => None,
        }
    }

    /// Rejects the entities whose parent never resolved, saying why: a cycle, a parent
    /// that was refused, or one that is not defined ([`crate::hierarchy::explain_unresolved`]).
    fn explain_waiting(&self, waiting: &[PendingEntity], refused: &HashMap<String, String>, out: &mut Vec<Rejection>) {
        let pairs: Vec<(&str, &str)> = waiting
            .iter()
            .map(|e| {
                let t = self.entity_text(e);
                (t.id.trim(), t.parent_id.trim())
            })
            .collect();
        for (e, (code, reason)) in waiting.iter().zip(crate::hierarchy::explain_unresolved(&pairs, refused)) {
            out.push(reject(&self.entity_location(e), "parent_id", self.entity_text(e).parent_id.trim(), code, reason));
        }
    }

    /// Adds an observation. Entity references are checked at build.
    pub fn add_observation(&mut self, rec: ObservationRecord, loc: Location) {
        let file = self.file_index(loc.file.as_deref());
        let f = [&rec.entity_id, &rec.indicator, &rec.period, &rec.value, &rec.source, &rec.numerator, &rec.denominator, &rec.count_basis];
        self.add_observation_fields(f.map(String::as_str), file, loc.line.unwrap_or(0));
    }

    /// Adds an observation from borrowed fields, in the documented column order
    /// `entity_id, indicator, period, value, source[, numerator, denominator, count_basis]`
    /// (`N` is 5 or 8; nothing is allocated per record).
    pub fn add_observation_str<const N: usize>(&mut self, fields: [&str; N], file: Option<&str>, line: Option<u64>) {
        let file = self.file_index(file);
        let f: [&str; 8] = std::array::from_fn(|i| fields.get(i).copied().unwrap_or(""));
        self.add_observation_fields(f, file, line.unwrap_or(0));
    }

    /// Index of a file name in the file table (the last one is checked first).
    pub(crate) fn file_index(&mut self, file: Option<&str>) -> u32 {
        if let Some(last) = self.files.last() {
            if last.as_deref() == file {
                return self.files.len() as u32 - 1;
            }
        }
        if let Some(i) = self.files.iter().position(|f| f.as_deref() == file) {
            return i as u32;
        }
        self.files.push(file.map(str::to_string));
        self.files.len() as u32 - 1
    }

    fn location(&self, file: u32, line: u64) -> Location {
        location(&self.files, file, line)
    }

    /// Where accepted observation row `seq` was read.
    fn place(&self, seq: u32) -> Location {
        let (file, line) = self.places.place(seq);
        self.location(file, line)
    }

    /// Adds an observation from borrowed fields (the readers' path: no allocation
    /// per accepted record).
    pub(crate) fn add_observation_fields(&mut self, fields: [&str; 8], file: u32, line: u64) {
        let (rules, mut recorder) = self.rules_and_recorder();
        recorder.record(rules.check(fields, file, line));
    }

    /// The rules rows are checked against (read-only, so rows can be checked on several
    /// threads at once) and the recorder of their outcomes: disjoint parts of the
    /// builder, so that one thread checks rows while another records the rows before.
    pub(crate) fn rules_and_recorder(&mut self) -> (RowRules<'_>, Recorder<'_>) {
        let rules = RowRules { keys: &self.keys, regions: &self.regions, target_ids: &self.target_ids, targets_of: &self.targets_of, files: &self.files };
        let recorder = Recorder {
            counts: &mut self.report.observations,
            skipped_keys: &mut self.skipped_keys,
            sources: &mut self.sources,
            source_index: &mut self.source_index,
            runs: &mut self.runs,
            run_arena: &mut self.run_arena,
            places: &mut self.places,
            rows: &mut self.rows,
            details: &mut self.details,
            seq: &mut self.seq,
        };
        (rules, recorder)
    }

    /// Builds the entities added so far, then reads the observations with `read` into
    /// a builder of the same settings (catalog keys, [`DatasetBuilder::keep_only`],
    /// block size, progress callback) and resolves them against those entities: the
    /// dataset and report of reading both into this builder and [`DatasetBuilder::build`],
    /// with the entities' pending form freed before the observations are held (at
    /// national scale a few hundred MB less at the peak). When observations were added
    /// to this builder already, `read` adds to them here and the whole is built as one.
    /// `read` is for observations: an entity record it adds comes too late to be
    /// resolved and is rejected (`data.late_entity`), never dropped unseen.
    pub fn build_entities_first<E>(mut self, read: impl FnOnce(&mut DatasetBuilder) -> Result<(), E>) -> Result<(Dataset, LoadReport), E> {
        if self.has_observations() {
            read(&mut self)?;
            return Ok(self.build());
        }
        let mut observations = DatasetBuilder::with_tables(self.regions.clone(), self.keys.clone(), self.target_ids.clone(), self.targets_of.clone());
        observations.block_size = self.block_size;
        observations.progress = self.progress.take();
        let (mut data, mut report) = self.build();
        read(&mut observations)?;
        let late = std::mem::take(&mut observations.report.entities);
        let late_rejections = observations.refuse_late_entities();
        report.observations = observations.build_observations(&mut data).observations;
        report.entities.read += late.read;
        report.entities.rejected.extend(late.rejected);
        report.entities.rejected.extend(late_rejections);
        sort_in_reading_order(&mut report.entities.rejected);
        Ok((data, report))
    }

    /// The entity records added to this builder, each rejected as read too late
    /// ([`DatasetBuilder::build_entities_first`]).
    fn refuse_late_entities(&mut self) -> Vec<Rejection> {
        let pending = std::mem::take(&mut self.entities);
        pending
            .iter()
            .map(|e| {
                let id = self.entity_text(e).id.trim().to_string();
                let why = "an entity record read with the observations, after the entities were built; read every entity record first";
                reject(&self.entity_location(e), "entity_id", &id, codes::LATE_ENTITY, why)
            })
            .collect()
    }

    /// Whether any observation row was read (accepted, rejected, blank or set aside).
    fn has_observations(&self) -> bool {
        let o = &self.report.observations;
        o.read > 0 || o.skipped > 0 || !o.rejected.is_empty() || !o.encodings.is_empty() || !o.ignored_columns.is_empty()
    }

    /// Resolves references and builds the dataset.
    pub fn build(mut self) -> (Dataset, LoadReport) {
        let mut ds = self.build_entities();
        ds.sources = std::mem::take(&mut self.sources);
        self.resolve_observations(&mut ds);
        (ds, self.report)
    }

    /// Resolves the observations read into this builder against the entities of
    /// `entities` (a dataset built before, by a builder over the same catalog and
    /// region table): its observations, sources and details are replaced by this
    /// builder's. Entity records read into this builder are ignored. For reading
    /// observations a part at a time ([`crate::stream`]): the report counts this
    /// builder's observation rows only.
    pub fn build_observations(mut self, entities: &mut Dataset) -> LoadReport {
        entities.series = HashMap::new();
        entities.details = Vec::new();
        entities.sources = std::mem::take(&mut self.sources);
        self.resolve_observations(entities);
        self.report.entities = RecordCounts::default();
        self.report
    }

    /// The entities, resolved (parents, regions), with the entity part of the report.
    fn build_entities(&mut self) -> Dataset {
        let mut ds = Dataset {
            regions: self.regions.clone(),
            ids: Texts::new(),
            names: Texts::new(),
            kind: Vec::new(),
            region: Vec::new(),
            parent: Vec::new(),
            stage: Vec::new(),
            area: Vec::new(),
            role: Vec::new(),
            areas: Vec::new(),
            sources: Vec::new(),
            series: HashMap::new(),
            details: Vec::new(),
            index: IdIndex::default(),
        };
        let mut rejected_entities = Vec::new();
        // Ids of entity records refused at build, with why (for their children's rejections).
        let mut refused = std::mem::take(&mut self.refused_ids);
        let refuse = |rejected: &mut Vec<Rejection>, refused: &mut HashMap<String, String>, id: &str, r: Rejection| {
            refused.entry(id.to_string()).or_insert_with(|| format!("line {}: {}", r.location.line.unwrap_or(0), r.code));
            rejected.push(r);
        };
        // User-defined regions first (they may extend the tree), in an order where
        // parents come before children.
        // The others are kept in place (a national load's pending entities are hundreds
        // of MB: a partitioned copy of them was the load's peak of memory).
        let mut others = std::mem::take(&mut self.entities);
        let mut region_recs: Vec<PendingEntity> = others.iter().filter(|e| e.kind == EntityKind::Region).copied().collect();
        others.retain(|e| e.kind != EntityKind::Region);
        let mut progress = true;
        while progress && !region_recs.is_empty() {
            progress = false;
            let mut waiting = Vec::new();
            for e in region_recs {
                let t = self.entity_text(&e);
                let code = t.id.trim();
                let parent = t.parent_id.trim();
                if ds.regions.index(code).is_some() {
                    // Known region: the record only names it (or renames it).
                    if !t.name.trim().is_empty() {
                        ds.regions.rename(code, t.name.trim());
                    }
                    progress = true;
                    continue;
                }
                if parent.is_empty() || ds.regions.index(parent).is_some() {
                    let parent = if parent.is_empty() { "000000" } else { parent };
                    ds.regions.add(code, t.name.trim(), parent, RegionLevel::County);
                    progress = true;
                } else {
                    waiting.push(e);
                }
            }
            region_recs = waiting;
        }
        if !region_recs.is_empty() {
            // Regions whose parent is another kind of entity, or never resolves.
            let parents: std::collections::HashSet<&str> = region_recs.iter().map(|e| self.entity_text(e).parent_id.trim()).collect();
            let kinds: HashMap<&str, EntityKind> =
                others.iter().filter_map(|e| Some(self.entity_text(e).id.trim()).filter(|id| parents.contains(id)).map(|id| (id, e.kind))).collect();
            let mut unresolved = Vec::new();
            for e in &region_recs {
                let t = self.entity_text(e);
                match kinds.get(t.parent_id.trim()) {
                    Some(k) => {
                        let reason = format!("{}, but {} is a {}", crate::hierarchy::parent_rule(EntityKind::Region), t.parent_id.trim(), k.code());
                        let r = reject(&self.entity_location(e), "parent_id", t.parent_id.trim(), codes::BAD_PARENT_KIND, reason);
                        refuse(&mut rejected_entities, &mut refused, t.id.trim(), r);
                    }
                    None => unresolved.push(*e),
                }
            }
            self.explain_waiting(&unresolved, &refused, &mut rejected_entities);
        }
        // Every region is an entity (so region-level observations can name it).
        let n_entities = ds.regions.len() + others.len();
        for v in [&mut ds.parent, &mut ds.area, &mut ds.region] {
            v.reserve_exact(n_entities);
        }
        let text_bytes: usize = others.iter().map(|e| e.len[0] as usize).sum();
        ds.ids.reserve(n_entities, text_bytes + 6 * ds.regions.len());
        let name_bytes: usize = others.iter().map(|e| e.len[1] as usize).sum();
        ds.names.reserve(n_entities, name_bytes);
        ds.kind.reserve_exact(n_entities);
        ds.stage.reserve_exact(n_entities);
        ds.role.reserve_exact(n_entities);
        ds.index.reserve(&ds.ids, n_entities);
        for r in 0..ds.regions.len() as u32 {
            let code = ds.regions.code(r).unwrap_or_default().to_string();
            let name = ds.regions.name(r).unwrap_or_default().to_string();
            ds.ids.push(&code);
            ds.index.insert(&ds.ids, ds.ids.len() as u32 - 1);
            ds.names.push(&name);
            ds.kind.push(EntityKind::Region);
            ds.region.push(r);
            ds.parent.push(NONE);
            ds.stage.push(None);
            ds.area.push(NONE);
            ds.role.push(None);
        }
        let mut area_index: HashMap<String, u32> = HashMap::new();
        // Schools and other top-level entities before their children: repeat passes
        // until no more resolve.
        let mut pending = others;
        let mut progress = true;
        // The parent of the entity before, by id: exports list a school's classes (or
        // people) together, so most parents are found without a lookup.
        let mut last_parent: Option<(&str, u32)> = None;
        while progress && !pending.is_empty() {
            progress = false;
            let mut waiting = Vec::new();
            for (i, &e) in pending.iter().enumerate() {
                if let Some(ahead) = pending.get(i + PREFETCH_AHEAD) {
                    ds.index.prefetch(self.entity_text(ahead).id.trim());
                }
                let t = self.entity_text(&e);
                let id = t.id.trim();
                let vacant = match ds.index.find_or_vacant(&ds.ids, id) {
                    Ok(_) => {
                        rejected_entities.push(reject(&self.entity_location(&e), "entity_id", id, codes::DUPLICATE_ENTITY, "entity_id already defined"));
                        progress = true;
                        continue;
                    }
                    Err(vacant) => vacant,
                };
                let parent_id = t.parent_id.trim();
                let cached = last_parent.filter(|&(p, _)| p == parent_id).map(|(_, e)| e);
                let parent = if parent_id.is_empty() {
                    None
                } else {
                    match cached.or_else(|| ds.index.get(&ds.ids, parent_id)) {
                        Some(p) => {
                            last_parent = Some((parent_id, p));
                            Some(p)
                        }
                        None if refused.contains_key(parent_id) => {
                            // The parent was refused: so is the child, saying why.
                            let why = refused.get(parent_id).cloned().unwrap_or_default();
                            let r = reject(&self.entity_location(&e), "parent_id", parent_id, codes::UNKNOWN_PARENT, format!("parent_id {parent_id} was rejected ({why})"));
                            refuse(&mut rejected_entities, &mut refused, id, r);
                            progress = true;
                            continue;
                        }
                        None => {
                            waiting.push(e);
                            continue;
                        }
                    }
                };
                if let Some(problem) = self.parent_problem(&ds, &e, &t, parent) {
                    refuse(&mut rejected_entities, &mut refused, id, problem);
                    progress = true;
                    continue;
                }
                let code = t.region_code.trim();
                let region = if !code.is_empty() {
                    match ds.regions.index(code) {
                        Some(r) => r,
                        None => {
                            let r = reject(
                                &self.entity_location(&e),
                                "region_code",
                                code,
                                codes::UNKNOWN_REGION,
                                "not a known GB/T 2260 code (add it as a region entity first)",
                            );
                            refuse(&mut rejected_entities, &mut refused, id, r);
                            progress = true;
                            continue;
                        }
                    }
                } else if let Some(p) = parent {
                    ds.region[p as usize]
                } else {
                    let r = reject(
                        &self.entity_location(&e),
                        "region_code",
                        "",
                        codes::MISSING_FIELD,
                        "region_code is empty and there is no parent to take it from",
                    );
                    refuse(&mut rejected_entities, &mut refused, id, r);
                    progress = true;
                    continue;
                };
                if let Some(p) = parent.filter(|&p| !ds.regions.is_within(region, ds.region[p as usize])) {
                    let pr = ds.region[p as usize];
                    let r = reject(
                        &self.entity_location(&e),
                        "region_code",
                        code,
                        codes::PARENT_REGION_MISMATCH,
                        format!(
                            "region_code {code} is not within {} ({}), the region of its parent {parent_id}",
                            ds.regions.code(pr).unwrap_or_default(),
                            ds.regions.name(pr).unwrap_or_default()
                        ),
                    );
                    refuse(&mut rejected_entities, &mut refused, id, r);
                    progress = true;
                    continue;
                }
                let stage = e.stage.or(parent.and_then(|p| ds.stage[p as usize]));
                let area_text = t.area_class.trim();
                let area = if area_text.is_empty() {
                    parent.map_or(NONE, |p| ds.area[p as usize])
                } else if let Some(&i) = area_index.get(area_text) {
                    i
                } else {
                    let i = area_index.len() as u32;
                    area_index.insert(area_text.to_string(), i);
                    ds.areas.push(area_text.to_string());
                    i
                };
                ds.ids.push(id);
                ds.index.fill(&ds.ids, vacant, ds.ids.len() as u32 - 1);
                ds.names.push(t.name.trim());
                ds.kind.push(e.kind);
                ds.region.push(region);
                ds.parent.push(parent.unwrap_or(NONE));
                ds.stage.push(stage);
                ds.area.push(area);
                ds.role.push(e.role);
                progress = true;
            }
            pending = waiting;
        }
        self.explain_waiting(&pending, &refused, &mut rejected_entities);
        self.entity_arena = String::new();
        self.report.entities.rejected.extend(rejected_entities);
        sort_in_reading_order(&mut self.report.entities.rejected);
        self.report.entities.accepted = self.report.entities.read - self.report.entities.rejected.len() as u64;
        ds
    }

    /// The observations, resolved against the entities of `ds` into its series and
    /// details, with the observation part of the report.
    fn resolve_observations(&mut self, ds: &mut Dataset) {
        self.report.observations.skipped_by_indicator =
            self.skipped_keys.iter().map(|(&k, &n)| (self.keys.names.get(k as usize).cloned().unwrap_or_default(), n)).collect();
        // Observations: resolve each run's entity once.
        let runs = std::mem::take(&mut self.runs);
        let run_id = |k: usize| runs.get(k).and_then(|&(at, n)| self.run_arena.get(at..at + n as usize)).unwrap_or("");
        let run_entity: Vec<u32> = (0..runs.len())
            .map(|k| {
                ds.index.prefetch(run_id(k + PREFETCH_AHEAD));
                let id = run_id(k);
                // An entity id, else a region as officials write it (全国, 北京市, 海淀区 when
                // unique; METHODOLOGY §2): its code's entity.
                ds.index
                    .get(&ds.ids, id)
                    .or_else(|| ds.regions.resolve(id).ok().and_then(|r| ds.regions.code(r)).and_then(|c| ds.index.get(&ds.ids, c)))
                    .unwrap_or(NONE)
            })
            .collect();
        // Rows of unknown entities or of the wrong kind, in the order they were read.
        let mut refused: Vec<(u32, Rejection)> = Vec::new();
        let mut duplicates = Vec::new();
        let all_rows = std::mem::take(&mut self.rows);
        for (key, mut rows) in all_rows.into_iter().enumerate() {
            if rows.run.is_empty() {
                continue;
            }
            self.keep_resolved(key, &mut rows, &run_entity, &runs, ds, &mut refused);
            if rows.run.is_empty() {
                continue;
            }
            let s = self.series_of(rows, &mut duplicates);
            ds.series.insert(self.keys.names[key].clone(), s);
        }
        refused.sort_by_key(|(seq, _)| *seq);
        self.report.observations.rejected.extend(refused.into_iter().map(|(_, r)| r));
        self.report.observations.rejected.extend(duplicates);
        sort_in_reading_order(&mut self.report.observations.rejected);
        self.report.observations.accepted = self.report.observations.read - self.report.observations.rejected.len() as u64;
        ds.details = std::mem::take(&mut self.details);
    }

    /// Resolves the entity of each of `key`'s rows in place (the run column becomes the
    /// entity column) and drops the rows that cannot be kept, refused (with their place
    /// among all rows) for an unknown entity or one of the wrong kind.
    fn keep_resolved(&self, key: usize, rows: &mut PendingRows, run_entity: &[u32], runs: &[(usize, u32)], ds: &Dataset, refused: &mut Vec<(u32, Rejection)>) {
        let expected = self.keys.info[key].entity;
        let mut keep = 0;
        for i in 0..rows.run.len() {
            let run = rows.run[i] as usize;
            let e = run_entity.get(run).copied().unwrap_or(NONE);
            let refusal = if e == NONE {
                let (at, n) = runs.get(run).copied().unwrap_or((0, 0));
                let entity = self.run_arena.get(at..at + n as usize).unwrap_or("");
                Some(reject(&self.place(rows.seq[i]), "entity_id", entity, codes::UNKNOWN_ENTITY, "not a loaded entity nor a known region code or unambiguous region name"))
            } else if ds.kind[e as usize] != expected {
                let entity = ds.ids.get(e as usize).unwrap_or("");
                Some(reject(
                    &self.place(rows.seq[i]),
                    "entity_id",
                    entity,
                    codes::WRONG_ENTITY_KIND,
                    wrong_kind_reason(&self.keys.names[key], expected, entity, ds.kind[e as usize], self.targets_of.get(&self.keys.names[key])),
                ))
            } else {
                None
            };
            if let Some(r) = refusal {
                refused.push((rows.seq[i], r));
                continue;
            }
            rows.run[i] = e;
            rows.move_row(i, keep);
            keep += 1;
        }
        rows.truncate(keep);
    }

    /// The series of resolved rows: ordered by (entity, date, file, line), first read
    /// first among equals, and the later rows of one entity and date reported as
    /// duplicates. Rows that arrived in that order (a census export, nearly always)
    /// become the series in place, their columns moved, not copied: at national scale
    /// a copy was the load's peak of memory.
    fn series_of(&self, mut rows: PendingRows, duplicates: &mut Vec<Rejection>) -> Series {
        let n = rows.run.len();
        // In order when (entity, date) never falls, and rows that share them are in
        // the order of their places (looked up for those rows only).
        let file_line = |seq: u32| self.places.place(seq);
        let in_order = |r: &PendingRows, i: usize| match (r.run[i - 1], r.day[i - 1]).cmp(&(r.run[i], r.day[i])) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Equal => file_line(r.seq[i - 1]) <= file_line(r.seq[i]),
            std::cmp::Ordering::Greater => false,
        };
        if !(1..n).all(|i| in_order(&rows, i)) {
            // A stable sort, needed only when the rows did not arrive in order.
            let mut order: Vec<u32> = (0..n as u32).collect();
            order.sort_by_key(|&i| (rows.run[i as usize], rows.day[i as usize], file_line(rows.seq[i as usize])));
            rows.permute(&order);
        }
        let day_text = |d: i32| NaiveDate::from_num_days_from_ce_opt(d).map_or(String::new(), |x| x.to_string());
        let mut keep = 0;
        let mut k = 0;
        while k < n {
            let first = k;
            let (e, day) = (rows.run[first], rows.day[first]);
            let mut j = k + 1;
            while j < n && rows.run[j] == e && rows.day[j] == day {
                let loc = self.place(rows.seq[j]);
                let first_line = match file_line(rows.seq[first]) {
                    (_, line) if line > 0 => format!(" on line {line}"),
                    _ => String::new(),
                };
                let shown = crate::catalog::fmt_num(rows.value[j]);
                duplicates.push(if rows.value[j] == rows.value[first] {
                    reject(&loc, "value", &shown, codes::DUPLICATE, format!("same entity, indicator and period ({}) as the record{first_line}; counted once", day_text(day)))
                } else {
                    reject(
                        &loc,
                        "value",
                        &shown,
                        codes::CONFLICTING_DUPLICATE,
                        format!(
                            "the record{first_line} gives {} for the same entity, indicator and period ({}); the first is kept",
                            crate::catalog::fmt_num(rows.value[first]),
                            day_text(day)
                        ),
                    )
                });
                j += 1;
            }
            rows.move_row(first, keep);
            keep += 1;
            k = j;
        }
        rows.truncate(keep);
        let mut s = Series { entity: rows.run, day: rows.day, year: rows.year, value: rows.value, source: rows.source, detail: rows.detail };
        s.entity.shrink_to_fit();
        s.day.shrink_to_fit();
        s.year.shrink_to_fit();
        s.value.shrink_to_fit();
        s.source.shrink_to_fit();
        s.detail.shrink_to_fit();
        s
    }
}

impl PendingRows {
    /// Row `from`'s fields into row `to` (`to <= from`): a step of compacting in place.
    fn move_row(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        self.run[to] = self.run[from];
        self.day[to] = self.day[from];
        self.year[to] = self.year[from];
        self.value[to] = self.value[from];
        self.source[to] = self.source[from];
        self.seq[to] = self.seq[from];
        if !self.detail.is_empty() {
            self.detail[to] = self.detail[from];
        }
    }

    /// The first `n` rows.
    fn truncate(&mut self, n: usize) {
        self.run.truncate(n);
        self.day.truncate(n);
        self.year.truncate(n);
        self.value.truncate(n);
        self.source.truncate(n);
        self.seq.truncate(n);
        self.detail.truncate(n);
    }

    /// The rows in `order` (a permutation of the row indices), a column at a time, so
    /// at most one column is copied at once.
    fn permute(&mut self, order: &[u32]) {
        fn gather<T: Copy>(col: &mut Vec<T>, order: &[u32]) {
            if col.is_empty() {
                return;
            }
            let sorted: Vec<T> = order.iter().filter_map(|&i| col.get(i as usize).copied()).collect();
            *col = sorted;
        }
        gather(&mut self.run, order);
        gather(&mut self.day, order);
        gather(&mut self.year, order);
        gather(&mut self.value, order);
        gather(&mut self.source, order);
        gather(&mut self.seq, order);
        gather(&mut self.detail, order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_as_the_figure_reader_reads_them() {
        // A deterministic sample of plain decimals: leading zeros, points anywhere
        // between digits, up to 15 digits.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut seen = 0;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 1 + (x % 15) as usize;
            let digits: String = (0..len).map(|k| char::from(b'0' + ((x >> (k * 4)) % 10) as u8)).collect();
            let at = ((x >> 60) as usize) % (len + 1);
            let text = if at > 0 && at < len { format!("{}.{}", &digits[..at], &digits[at..]) } else { digits };
            let fast = plain_decimal(&text).unwrap_or_else(|| panic!("{text} is plain"));
            let slow = crate::quantity::read_figure(&text).map(|f| f.value);
            assert_eq!(Ok(fast.to_bits()), slow.map(f64::to_bits), "{text}");
            seen += 1;
        }
        assert_eq!(seen, 20_000);
        for not_plain in ["", ".5", "5.", "1.2.3", "-1", "+1", "1,291", "1e3", "97.6%", "1000Mbps", " 1", "1234567890123456"] {
            assert_eq!(plain_decimal(not_plain), None, "{not_plain:?}");
        }
    }

    #[test]
    fn values() {
        use ValueType::*;
        let ok = |s: &str, t: ValueType, u: &str| parse_value(s, t, u).map_err(|e| e.code);
        assert_eq!(ok("是", Boolean, ""), Ok(1.0));
        assert_eq!(ok("1", Boolean, ""), Ok(1.0));
        assert_eq!(ok("85%", Percent, "%"), Ok(85.0));
        assert_eq!(ok("97.6 %", Percent, "%"), Ok(97.6));
        assert_eq!(ok("９７．６％", Percent, "%"), Ok(97.6));
        assert_eq!(ok("1,291", Count, "所"), Ok(1291.0));
        assert_eq!(ok("1，291所", Count, "所"), Ok(1291.0));
        assert_eq!(ok("10397万", Count, "人"), Ok(103_970_000.0));
        assert_eq!(ok("800门", Count, "门"), Ok(800.0));
        assert_eq!(ok("2万名", Count, "人"), Ok(20_000.0));
        assert_eq!(ok("1000M", Number, "Mbps"), Ok(1000.0));
        assert_eq!(ok("千兆", Number, "Mbps"), Ok(1000.0));
        assert_eq!(ok("1G", Number, "Mbps"), Ok(1000.0));
        assert_eq!(ok("1e+06", Number, "Mbps"), Ok(1e6));
        assert_eq!(ok("abc", Number, "Mbps"), Err(codes::BAD_VALUE));
        assert_eq!(ok("NaN", Number, "Mbps"), Err(codes::BAD_VALUE));
        assert_eq!(ok("inf", Number, "Mbps"), Err(codes::BAD_VALUE));
        assert_eq!(ok(&"9".repeat(400), Count, "个"), Err(codes::BAD_VALUE));
        assert_eq!(ok("1,29", Count, "个"), Err(codes::BAD_VALUE));
        assert_eq!(ok("95%", Number, "Mbps"), Err(codes::WRONG_UNIT));
        assert_eq!(ok("800个", Count, "门"), Err(codes::WRONG_UNIT));
        assert_eq!(ok("1所", Boolean, ""), Err(codes::WRONG_UNIT));
        assert_eq!(ok("1000", Percent, "%"), Ok(1000.0)); // range is checked by the caller
        assert_eq!(ok("超过70%", Percent, "%"), Err(codes::QUALIFIED_VALUE));
        assert_eq!(ok("90%以上", Percent, "%"), Err(codes::QUALIFIED_VALUE));
        assert_eq!(ok("近12万间", Count, "间"), Err(codes::QUALIFIED_VALUE));
        assert_eq!(ok("118/120", Percent, "%"), Err(codes::FRACTION_VALUE));
        assert_eq!(ok("118/120", Count, "所"), Err(codes::FRACTION_VALUE));
        let e = parse_value("95%", Number, "Mbps").err().map(|e| e.reason).unwrap_or_default();
        assert!(e.contains("Mbps") && e.contains('%'), "{e}");
        let e = parse_value("超过70%", Percent, "%").err().map(|e| e.reason).unwrap_or_default();
        assert!(e.contains("more_than 70 %"), "{e}");
    }
}
