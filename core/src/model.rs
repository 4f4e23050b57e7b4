//! The typed model of a policy document: documents, sections, tasks, targets,
//! indicators and baselines.
//!
//! Every type here is plain data with `serde` and `schemars` derives; the JSON
//! files under `spec/catalog/` are these types serialised, and the JSON Schemas
//! under `spec/schema/` are generated from them.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of document a policy text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 年度工作要点: one year's work points.
    AnnualWorkPoints,
    /// 五年规划: a five-year plan.
    FiveYearPlan,
}

/// Administrative level of the issuing authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国家 (e.g. 教育部).
    National,
    /// 省级 (e.g. 陕西省教育厅).
    Provincial,
    /// 市级 (e.g. 北京市教委, 成都市教育局).
    Municipal,
    /// 区县级.
    County,
}

/// A closed date range, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
}

/// One encoded policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable identifier, e.g. `bj-2023`.
    pub id: String,
    /// Title as written (Chinese).
    pub title: String,
    /// English rendering of the title.
    pub title_en: String,
    /// Issuing bodies as named in the text.
    pub issuer: Vec<String>,
    /// GB/T 2260 code of the jurisdiction the document governs (`000000` for the nation).
    pub jurisdiction: String,
    /// Administrative level of the issuer.
    pub level: Level,
    /// Document number (文号), e.g. `成教函〔2021〕57号`, where the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Kind of document.
    pub kind: DocumentKind,
    /// The period the document covers.
    pub period: Period,
    /// Date of issue, where the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// File name of the source text under `spec/sources/`.
    pub source: String,
    /// Section tree, flattened; `parent` links children to their parents.
    pub sections: Vec<Section>,
    /// Tasks (工作任务) in reading order.
    pub tasks: Vec<Task>,
    /// Targets: every checkable promise, one per promise.
    pub targets: Vec<Target>,
    /// Figures the text states as the current state, not as a goal.
    #[serde(default)]
    pub baselines: Vec<Baseline>,
    /// Promises deliberately not encoded as targets, each with the reason.
    #[serde(default)]
    pub not_encoded: Vec<NotEncoded>,
}

/// A heading of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier, unique within the catalog, e.g. `bj-2023/s2`.
    pub id: String,
    /// Number as written (`一`, `(三)`, `1`), absent when the heading has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Heading text as written, without its number.
    pub title: String,
    /// Parent section id; absent for top-level sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// How the text names the units responsible for a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Responsible {
    /// The text separates lead unit(s) from partners (Chengdu: lead before the comma).
    LeadAndPartners {
        /// 牵头单位, in the order written.
        lead: Vec<String>,
        /// 配合单位, in the order written.
        partners: Vec<String>,
    },
    /// The text lists units without distinguishing a lead (Beijing 2023).
    Listed {
        /// Units in the order written.
        units: Vec<String>,
    },
    /// The text names no responsible unit for this task.
    NotStated,
}

impl Responsible {
    /// Every unit named, leads first, in the order written.
    pub fn all_units(&self) -> Vec<&str> {
        match self {
            Responsible::LeadAndPartners { lead, partners } => {
                lead.iter().chain(partners.iter()).map(String::as_str).collect()
            }
            Responsible::Listed { units } => units.iter().map(String::as_str).collect(),
            Responsible::NotStated => Vec::new(),
        }
    }

    /// The role a unit plays in this task, if it is named.
    pub fn role_of(&self, unit: &str) -> Option<UnitRole> {
        match self {
            Responsible::LeadAndPartners { lead, partners } => {
                if lead.iter().any(|u| u == unit) {
                    Some(UnitRole::Lead)
                } else if partners.iter().any(|u| u == unit) {
                    Some(UnitRole::Partner)
                } else {
                    None
                }
            }
            Responsible::Listed { units } => {
                units.iter().any(|u| u == unit).then_some(UnitRole::Listed)
            }
            Responsible::NotStated => None,
        }
    }
}

/// The role a responsible unit plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// Named as the lead unit.
    Lead,
    /// Named as a partner unit.
    Partner,
    /// Named in a list that does not distinguish lead from partners.
    Listed,
}

/// A work task (工作任务).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Stable identifier, unique within the catalog, e.g. `bj-2023/t2.2`.
    pub id: String,
    /// Number as written (`2.2`, `(七)`, `7`), absent when the text gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Title as written.
    pub title: String,
    /// English rendering of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// Section the task sits in.
    pub section: String,
    /// Responsible units, as the text lists them.
    pub responsible: Responsible,
    /// Verbatim quote of the task's heading or opening words.
    pub quote: String,
}

/// Which way a comparator reads a stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// 以上, 不少于, 不低于, 及以上: value ≥ figure.
    AtLeast,
    /// 超过, 高于, 多于: value > figure.
    MoreThan,
    /// 以下, 不超过, 不高于: value ≤ figure.
    AtMost,
    /// 低于, 少于, 不足: value < figure.
    LessThan,
    /// 左右, 约, 近: value ≈ figure (approximate).
    About,
    /// A bare figure (遴选40所, 达到100%): reached when value ≥ figure.
    Reach,
}

impl Comparator {
    /// Whether `observed` satisfies this comparator against `figure`, both read as the
    /// decimals they were written as ([`crate::compare::meets`] decides).
    ///
    /// `About` is satisfied at or above 95% of the figure: an approximate promise
    /// of "about 1000" is kept by 950, and exceeding it is not a failure.
    pub fn holds(self, observed: f64, figure: f64) -> bool {
        crate::compare::meets(self, crate::compare::Num::decimal(observed), crate::compare::Num::decimal(figure))
    }

    /// Mathematical symbol for display.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::AtMost => "≤",
            Comparator::LessThan => "<",
            Comparator::About => "≈",
            Comparator::Reach => "≥",
        }
    }

    /// True for comparators where more is better.
    pub fn increasing(self) -> bool {
        !matches!(self, Comparator::AtMost | Comparator::LessThan)
    }
}

/// Share of an approximate figure (左右, 约) that counts as reaching it (compared
/// exactly as 95/100 by [`crate::compare::about_tolerance`]).
pub const ABOUT_TOLERANCE: f64 = 0.95;

/// Whether a count target counts everything so far or only what is new within the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CountMode {
    /// The running total at the deadline (累计).
    Cumulative,
    /// Only what is added within the target's period (新增, 年度).
    New,
}

/// The kind of a target, as written in the data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Share of units in scope meeting a condition (千兆到校 = share of schools ≥ 1000 Mbps).
    /// Needs `condition`; the figure is the share in percent.
    Share,
    /// Level of an aggregate reported for the region (中小学宽带接入率 ≥ 97%).
    Level,
    /// A count of things (遴选100所, 新增1000万个). Needs `count_mode`.
    Count,
    /// Every unit must reach a minimum each year, and coverage must reach the figure
    /// (每人每年不少于32学时, 三年实现全覆盖). Needs `condition` (the minimum) and
    /// `window_years`; the figure is the coverage in percent.
    PerUnitMinimum,
    /// Something done or not done: a document issued, a platform built, a meeting held.
    Milestone,
}

impl Kind {
    /// Machine name (`share`, `level`, `count`, `per_unit_minimum`, `milestone`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Share => "share",
            Kind::Level => "level",
            Kind::Count => "count",
            Kind::PerUnitMinimum => "per_unit_minimum",
            Kind::Milestone => "milestone",
        }
    }
}

/// A target's kind together with its kind-specific parameters, as the engine uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind<'a> {
    /// Share of units meeting `condition`.
    Share {
        /// What each unit must satisfy.
        condition: &'a Condition,
    },
    /// Level of a regional aggregate.
    Level,
    /// A count, cumulative or new within the period.
    Count {
        /// Cumulative or new.
        mode: CountMode,
    },
    /// Each unit reaches `minimum` per year; coverage over `window_years`.
    PerUnitMinimum {
        /// The per-unit yearly minimum.
        minimum: &'a Condition,
        /// Coverage window in years.
        window_years: u32,
    },
    /// Done or not done.
    Milestone,
}

/// A per-unit condition: `indicator comparator value unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Indicator measured on each unit.
    pub indicator: String,
    /// How the unit's value is compared.
    pub comparator: Comparator,
    /// Threshold (1 for a yes/no indicator).
    pub value: f64,
    /// Unit of the threshold, as the indicator's unit.
    pub unit: String,
}

/// School stages (学段 / 学校类型) used to scope targets and classify schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 幼儿园.
    Kindergarten,
    /// 小学.
    Primary,
    /// 初中.
    JuniorSecondary,
    /// 高中.
    SeniorSecondary,
    /// 完全中学 (junior + senior secondary).
    CompleteSecondary,
    /// 九年一贯制.
    NineYear,
    /// 十二年一贯制.
    TwelveYear,
    /// 中等职业学校.
    Vocational,
    /// 高等学校.
    HigherEducation,
    /// 特殊教育学校.
    Special,
    /// Other institutions.
    Other,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 11] = [
        Stage::Kindergarten,
        Stage::Primary,
        Stage::JuniorSecondary,
        Stage::SeniorSecondary,
        Stage::CompleteSecondary,
        Stage::NineYear,
        Stage::TwelveYear,
        Stage::Vocational,
        Stage::HigherEducation,
        Stage::Special,
        Stage::Other,
    ];

    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Kindergarten => "幼儿园",
            Stage::Primary => "小学",
            Stage::JuniorSecondary => "初中",
            Stage::SeniorSecondary => "高中",
            Stage::CompleteSecondary => "完全中学",
            Stage::NineYear => "九年一贯制",
            Stage::TwelveYear => "十二年一贯制",
            Stage::Vocational => "中职",
            Stage::HigherEducation => "高校",
            Stage::Special => "特殊教育",
            Stage::Other => "其他",
        }
    }

    /// Machine name (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Stage::Kindergarten => "kindergarten",
            Stage::Primary => "primary",
            Stage::JuniorSecondary => "junior_secondary",
            Stage::SeniorSecondary => "senior_secondary",
            Stage::CompleteSecondary => "complete_secondary",
            Stage::NineYear => "nine_year",
            Stage::TwelveYear => "twelve_year",
            Stage::Vocational => "vocational",
            Stage::HigherEducation => "higher_education",
            Stage::Special => "special",
            Stage::Other => "other",
        }
    }

    /// Reads a stage from its machine name or a Chinese name (幼儿园, 小学, 中职 …).
    pub fn parse(s: &str) -> Option<Stage> {
        let s = s.trim();
        Stage::ALL.into_iter().find(|st| st.code() == s || st.zh() == s).or(match s {
            "中等职业学校" | "职业学校" => Some(Stage::Vocational),
            "高等学校" | "大学" => Some(Stage::HigherEducation),
            "普通高中" => Some(Stage::SeniorSecondary),
            "九年一贯制学校" => Some(Stage::NineYear),
            _ => None,
        })
    }

    /// 中小学: primary and secondary schools of general education.
    pub const PRIMARY_AND_SECONDARY: [Stage; 6] = [
        Stage::Primary,
        Stage::JuniorSecondary,
        Stage::SeniorSecondary,
        Stage::CompleteSecondary,
        Stage::NineYear,
        Stage::TwelveYear,
    ];
}

/// Which units a target is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// GB/T 2260 code of the region (`000000` for the nation).
    pub region: String,
    /// School stages in scope; empty means every stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// Area class in scope (中心城区, 郊区新城), where the target distinguishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_class: Option<String>,
    /// For person indicators, whose values count (principals, teachers); empty means everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<PersonRole>,
    /// Free-text population as written (e.g. 市属高校, 中小学校长), for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
}

/// A checkable promise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Stable identifier, unique within the catalog, e.g. `bj-2023/t2.2/gigabit-to-school`.
    pub id: String,
    /// Task the promise belongs to; absent for goals stated outside any task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Section the promise sits in.
    pub section: String,
    /// Short label in Chinese (千兆到校).
    pub label: String,
    /// Short label in English (Gigabit to every school).
    pub label_en: String,
    /// Kind of target.
    pub kind: Kind,
    /// For `share`: what each unit must satisfy. For `per_unit_minimum`: the yearly minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// For `count`: cumulative total or new within the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_mode: Option<CountMode>,
    /// For `per_unit_minimum`: years over which full coverage is reached (三年实现全覆盖 = 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_years: Option<u32>,
    /// The indicator measured. For milestones, the indicator whose observation
    /// records completion (value 1 = done).
    pub indicator: String,
    /// Comparator of the target's figure; absent for milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// The figure; absent for milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Unit of the figure; absent for milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Which units the target is about.
    pub scope: Scope,
    /// Date by which the promise is due.
    pub deadline: NaiveDate,
    /// Start of the period over which progress is measured; the document's period start if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// Baseline id in the same document, where the text states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// The figure is approximate (左右, 约).
    #[serde(default)]
    pub approximate: bool,
    /// The promise is soft (原则上, 探索, 力争): a direction rather than a firm commitment.
    #[serde(default)]
    pub soft: bool,
    /// Verbatim quote of the promise; whitespace-insensitive match against the source.
    pub quote: String,
    /// The text states the condition for every unit without a share figure
    /// (出口带宽达到100Mbps以上 for every school): the figure, 100%, is implied.
    /// Only for share and per-unit-minimum targets with `reach 100 %`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit_all: bool,
    /// Where the figure is stated apart from the promise (千兆到校、百兆到班…均达到100%),
    /// the verbatim words that state it; the figure is read from `quote` and this together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure_quote: Option<String>,
    /// Other places the same promise is restated in the same document (e.g. a summary of goals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restated: Vec<String>,
    /// Target id in another document this one is a step toward (Beijing 2023's 40 toward the plan's 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributes_to: Option<String>,
    /// Encoder's note on an interpretation the text leaves open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A figure the text gives as the current state (not a goal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Stable identifier, unique within the catalog.
    pub id: String,
    /// Indicator the figure measures.
    pub indicator: String,
    /// How the figure is stated.
    pub comparator: Comparator,
    /// The figure.
    pub value: f64,
    /// Unit of the figure.
    pub unit: String,
    /// Date the figure describes (e.g. the end of the previous plan period).
    pub date: NaiveDate,
    /// Region the figure describes.
    pub region: String,
    /// Verbatim quote.
    pub quote: String,
}

/// A promise that was read but deliberately not encoded as a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct NotEncoded {
    /// Verbatim quote.
    pub quote: String,
    /// Which rule of `spec/ENCODING.md` (D1–D5, R1, N1, C1) applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<NotEncodedRule>,
    /// Why it is not a target, in the words of the case.
    pub reason: String,
}

/// The rules of `spec/ENCODING.md` under which a promise-like clause is not a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum NotEncodedRule {
    /// A direction (推进, 推动, 加强, 深化, 提升, 优化, 支持, 鼓励, 引导, 指导 …) with no
    /// deliverable, figure or event to check.
    Direction,
    /// Improving something that already exists (完善, 升级, 优化 an existing platform,
    /// mechanism or system) with no new deliverable named.
    Improvement,
    /// A continuing or routine activity (持续, 继续, 常态化, 深入实施 an existing programme)
    /// with no completion point within the document's period.
    Ongoing,
    /// A general aim whose measure the text leaves undefined (七个全面, 普遍, 显著).
    UndefinedMeasure,
    /// The state of affairs in the past or now (十三五 review, 已, 发展基础) with no figure
    /// to record as a baseline.
    Past,
    /// The same promise as a target elsewhere in the document, which lists it in `restated`
    /// or whose quote covers this clause's checkable part.
    Restatement,
    /// Words that look like a figure or a promise but are neither: names, slogans,
    /// anniversaries, versions (四个意识, 建党100周年, 2.0, 双百).
    NotAPromise,
    /// Context for another promise (its purpose, its scope, how it is done) with nothing
    /// checkable of its own; the promise it serves is encoded.
    Context,
}

/// The kind of entity an indicator is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// An administrative region (nation, province, city, county).
    Region,
    /// A school or other institution.
    School,
    /// A class (教学班).
    Class,
    /// A person (pseudonymous).
    Person,
    /// A website or information system.
    System,
}

impl EntityKind {
    /// Machine name.
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Region => "region",
            EntityKind::School => "school",
            EntityKind::Class => "class",
            EntityKind::Person => "person",
            EntityKind::System => "system",
        }
    }

    /// Reads a kind from its machine name.
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.trim() {
            "region" => Some(EntityKind::Region),
            "school" => Some(EntityKind::School),
            "class" => Some(EntityKind::Class),
            "person" => Some(EntityKind::Person),
            "system" | "website" => Some(EntityKind::System),
            _ => None,
        }
    }
}

/// The role of a person, for indicators measured on people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// 校长.
    Principal,
    /// 教师.
    Teacher,
    /// 学生.
    Student,
    /// 管理干部 (officials such as 教育厅局长).
    Official,
}

/// What values an indicator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// A number in the indicator's unit.
    Number,
    /// A share in percent, 0–100.
    Percent,
    /// Yes/no, recorded as 1/0.
    Boolean,
    /// A count, a non-negative number.
    Count,
}

/// A measurable quantity targets are about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all(serialize = "camelCase")))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable identifier, `entity.quantity` (`school.bandwidth_mbps`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Entity the indicator is measured on.
    pub entity: EntityKind,
    /// For person indicators, whose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<PersonRole>,
    /// Values it takes.
    pub value_type: ValueType,
    /// Unit (`Mbps`, `%`, `学时`, `所`, `个`; empty for yes/no).
    pub unit: String,
    /// Whether the value accumulates over time (a count since some start) or is a state.
    #[serde(default)]
    pub cumulative: bool,
    /// How to measure it, in a sentence.
    pub description: String,
}

/// The `spec/indicators.json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSet {
    /// Every indicator used by any target or baseline.
    pub indicators: Vec<Indicator>,
}

impl Target {
    /// The kind with its parameters; `None` when a required parameter is missing
    /// (which catalog validation rejects).
    pub fn spec(&self) -> Option<TargetKind<'_>> {
        Some(match self.kind {
            Kind::Share => TargetKind::Share { condition: self.condition.as_ref()? },
            Kind::Level => TargetKind::Level,
            Kind::Count => TargetKind::Count { mode: self.count_mode? },
            Kind::PerUnitMinimum => TargetKind::PerUnitMinimum {
                minimum: self.condition.as_ref()?,
                window_years: self.window_years?,
            },
            Kind::Milestone => TargetKind::Milestone,
        })
    }
}
