/// <reference lib="esnext.disposable" />
/* tslint:disable */
/* eslint-disable */

/** A calendar date in ISO 8601 form, `"2024-12-31"`. */
export type NaiveDate = string;

/** How many results have each status (statuses with none are absent). */
export type StatusCounts = Partial<Record<Status, number>>;

/**
 * An entity as JS code holds it: the documented columns, in camelCase (snake_case
 * keys such as `entity_id` are read too). Numbers are read as their text.
 */
export interface EntityInput {
    entityId: string | number;
    /** `region`, `school`, `class`, `person` or `system`. */
    kind: string;
    name?: string | null;
    /** GB/T 2260 code of the county (schools) or of the region itself. */
    regionCode?: string | number | null;
    /** The school of a class, person or system; the parent of a region. */
    parentId?: string | number | null;
    /** 幼儿园, 小学, 初中, 高中, 完全中学, 九年一贯制, 十二年一贯制, 中职, 高校 … or the English codes. */
    stage?: string | null;
    /** 中心城区, 郊区新城 …, free text. */
    areaClass?: string | null;
    /** For people: 校长 / 教师 / 学生 / 干部 or principal / teacher / student / official. */
    role?: string | null;
}

/** An observation as JS code holds it (camelCase or snake_case keys). */
export interface ObservationInput {
    /** Entity id, or a region code for region-level indicators and milestones. */
    entityId: string | number;
    /** Indicator id, or a milestone target's id. */
    indicator: string;
    /** A year (`2023`) or a date (`"2023-06-30"`). */
    period: string | number;
    /** A number; for yes/no indicators also `true`/`false`, 是/否. */
    value: string | number | boolean;
    /** Where the figure comes from (the evidence, for milestones). */
    source?: string | null;
    /** A share reported for a region under the target's id: the units passing (with `denominator`). */
    numerator?: string | number | null;
    /** A share reported for a region under the target's id: the units in scope (with `numerator`). */
    denominator?: string | number | null;
    /** A count reported under a count target's id in other terms than the target's: `new` (新增) or `cumulative` (累计). */
    countBasis?: string | null;
}

/** CSV input: text, or bytes (UTF-8 with or without BOM, or GBK). */
export type CsvInput = string | Uint8Array | ArrayBuffer;

/** A region of the GB/T 2260 tree (the name `regions()` has always returned). */
export type Region = RegionInfo;


/**
 * A baseline used by a result.
 */
export interface BaselineUsed {
    /**
     * Date the baseline describes.
     */
    date: NaiveDate;
    /**
     * Value.
     */
    value: number;
    /**
     * `catalog` (stated by the document), `observed` (the last year before the start)
     * or `zero` (counts of what is new within the period start at zero).
     */
    from: string;
}

/**
 * A checkable promise.
 */
export interface Target {
    /**
     * Stable identifier, unique within the catalog, e.g. `bj-2023/t2.2/gigabit-to-school`.
     */
    id: string;
    /**
     * Task the promise belongs to; absent for goals stated outside any task.
     */
    task?: string;
    /**
     * Section the promise sits in.
     */
    section: string;
    /**
     * Short label in Chinese (千兆到校).
     */
    label: string;
    /**
     * Short label in English (Gigabit to every school).
     */
    labelEn: string;
    /**
     * Kind of target.
     */
    kind: Kind;
    /**
     * For `share`: what each unit must satisfy. For `per_unit_minimum`: the yearly minimum.
     */
    condition?: Condition;
    /**
     * For `count`: cumulative total or new within the period.
     */
    countMode?: CountMode;
    /**
     * For `per_unit_minimum`: years over which full coverage is reached (三年实现全覆盖 = 3).
     */
    windowYears?: number;
    /**
     * The indicator measured. For milestones, the indicator whose observation
     * records completion (value 1 = done).
     */
    indicator: string;
    /**
     * Comparator of the target's figure; absent for milestones.
     */
    comparator?: Comparator;
    /**
     * The figure; absent for milestones.
     */
    value?: number;
    /**
     * Unit of the figure; absent for milestones.
     */
    unit?: string;
    /**
     * Which units the target is about.
     */
    scope: Scope;
    /**
     * Date by which the promise is due.
     */
    deadline: NaiveDate;
    /**
     * Start of the period over which progress is measured; the document's period start if absent.
     */
    start?: NaiveDate;
    /**
     * Baseline id in the same document, where the text states one.
     */
    baseline?: string;
    /**
     * The figure is approximate (左右, 约).
     */
    approximate?: boolean;
    /**
     * The promise is soft (原则上, 探索, 力争): a direction rather than a firm commitment.
     */
    soft?: boolean;
    /**
     * Verbatim quote of the promise; whitespace-insensitive match against the source.
     */
    quote: string;
    /**
     * The text states the condition for every unit without a share figure
     * (出口带宽达到100Mbps以上 for every school): the figure, 100%, is implied.
     * Only for share and per-unit-minimum targets with `reach 100 %`.
     */
    implicitAll?: boolean;
    /**
     * Where the figure is stated apart from the promise (千兆到校、百兆到班…均达到100%),
     * the verbatim words that state it; the figure is read from `quote` and this together.
     */
    figureQuote?: string;
    /**
     * Other places the same promise is restated in the same document (e.g. a summary of goals).
     */
    restated?: string[];
    /**
     * Target id in another document this one is a step toward (Beijing 2023's 40 toward the plan's 100).
     */
    contributesTo?: string;
    /**
     * Encoder's note on an interpretation the text leaves open.
     */
    note?: string;
}

/**
 * A closed date range, both ends inclusive.
 */
export interface Period {
    /**
     * First day of the period.
     */
    start: NaiveDate;
    /**
     * Last day of the period.
     */
    end: NaiveDate;
}

/**
 * A figure read from text.
 */
export interface Quantity {
    /**
     * How the figure is qualified (以上, 不少于, 左右 …); `reach` when bare; `at_least`
     * for a range (its low end is the promise).
     */
    comparator: Comparator;
    /**
     * The figure, with multipliers applied (`1000万` = 10 000 000); the low end of a range.
     */
    value: number;
    /**
     * The high end of a range (`3至5个`: 5), null otherwise.
     */
    high: number | null;
    /**
     * Normalised unit: `%`, `Mbps`, `学时`, `元`, `倍`, `百分点` (percentage points), or
     * the measure word as written (`所`, `个`, `门`); `名` is read as `人`.
     */
    unit: string;
    /**
     * Whether the figure is a level or a change (increase, decrease, multiple).
     */
    relation: Relation;
    /**
     * The text the quantity was read from, comparator words and verb included.
     */
    text: string;
    /**
     * Byte offset of `text` in the input.
     */
    start: number;
    /**
     * Byte offset just past `text` in the input.
     */
    end: number;
}

/**
 * A figure reported for the region beside the value that decided (consistency check).
 */
export interface ReportedCheck {
    /**
     * Year of the figure (the result's year).
     */
    year: number;
    /**
     * The reported figure, in the target's terms.
     */
    value: number;
    /**
     * How it was qualified (exact, at_least, more_than, at_most, less_than, about).
     */
    qualifier: Qualifier;
    /**
     * Reported numerator, when given.
     */
    numerator: number | null;
    /**
     * Reported denominator, when given.
     */
    denominator: number | null;
    /**
     * Where the figure comes from.
     */
    source: string | null;
    /**
     * Value − reported figure (for a bound or an approximation: how far the value lies
     * outside what the figure allows, signed; 0 inside).
     */
    difference: number;
    /**
     * The gap exceeds [`LARGE_GAP_POINTS`] (figures in %) or [`LARGE_GAP_SHARE`] of
     * the figure (others).
     */
    large: boolean;
}

/**
 * A figure the text gives as the current state (not a goal).
 */
export interface Baseline {
    /**
     * Stable identifier, unique within the catalog.
     */
    id: string;
    /**
     * Indicator the figure measures.
     */
    indicator: string;
    /**
     * How the figure is stated.
     */
    comparator: Comparator;
    /**
     * The figure.
     */
    value: number;
    /**
     * Unit of the figure.
     */
    unit: string;
    /**
     * Date the figure describes (e.g. the end of the previous plan period).
     */
    date: NaiveDate;
    /**
     * Region the figure describes.
     */
    region: string;
    /**
     * Verbatim quote.
     */
    quote: string;
}

/**
 * A heading of the document.
 */
export interface Section {
    /**
     * Stable identifier, unique within the catalog, e.g. `bj-2023/s2`.
     */
    id: string;
    /**
     * Number as written (`一`, `(三)`, `1`), absent when the heading has none.
     */
    number?: string;
    /**
     * Heading text as written, without its number.
     */
    title: string;
    /**
     * Parent section id; absent for top-level sections.
     */
    parent?: string;
}

/**
 * A measurable quantity targets are about.
 */
export interface Indicator {
    /**
     * Stable identifier, `entity.quantity` (`school.bandwidth_mbps`).
     */
    id: string;
    /**
     * Chinese name.
     */
    name: string;
    /**
     * English name.
     */
    nameEn: string;
    /**
     * Entity the indicator is measured on.
     */
    entity: EntityKind;
    /**
     * For person indicators, whose.
     */
    role?: PersonRole;
    /**
     * Values it takes.
     */
    valueType: ValueType;
    /**
     * Unit (`Mbps`, `%`, `学时`, `所`, `个`; empty for yes/no).
     */
    unit: string;
    /**
     * Whether the value accumulates over time (a count since some start) or is a state.
     */
    cumulative?: boolean;
    /**
     * How to measure it, in a sentence.
     */
    description: string;
}

/**
 * A per-unit condition: `indicator comparator value unit`.
 */
export interface Condition {
    /**
     * Indicator measured on each unit.
     */
    indicator: string;
    /**
     * How the unit's value is compared.
     */
    comparator: Comparator;
    /**
     * Threshold (1 for a yes/no indicator).
     */
    value: number;
    /**
     * Unit of the threshold, as the indicator's unit.
     */
    unit: string;
}

/**
 * A promise that was read but deliberately not encoded as a target.
 */
export interface NotEncoded {
    /**
     * Verbatim quote.
     */
    quote: string;
    /**
     * Which rule of `spec/ENCODING.md` (D1–D5, R1, N1, C1) applies.
     */
    rule?: NotEncodedRule;
    /**
     * Why it is not a target, in the words of the case.
     */
    reason: string;
}

/**
 * A reason a result was not judged, with its words.
 */
export interface ReasonInfo {
    /**
     * Code, as in `result.reason.code` (`no_data`, `outside_period`, `pending` …).
     */
    code: string;
    /**
     * Chinese words (无数据 …).
     */
    zh: string;
    /**
     * English words (no data …).
     */
    en: string;
}

/**
 * A region as the front doors show it, and as error candidates list it.
 */
export interface RegionInfo {
    /**
     * GB/T 2260 code (`000000` for the nation).
     */
    code: string;
    /**
     * Chinese name.
     */
    name: string;
    /**
     * English name.
     */
    nameEn: string;
    /**
     * Level in the tree.
     */
    level: RegionLevel;
    /**
     * Parent code; null for the nation.
     */
    parent: string | null;
    /**
     * Chinese names from the province down, e.g. `吉林省长春市朝阳区` (empty for the nation).
     */
    path: string;
}

/**
 * A reported figure: its value with multipliers applied and its unit normalised, how it is
 * qualified, and the numerator and denominator when it was written as a fraction.
 */
export interface Figure {
    /**
     * The figure: `10397万` → 103 970 000, `1000M` → 1000 (Mbps), `118/120` → 98.333… (%).
     */
    value: number;
    /**
     * Normalised unit, as in a quantity read from prose (`%`, `Mbps`, `人`, `所` …); null
     * when none is written.
     */
    unit: string | null;
    /**
     * `exact` for a bare figure; otherwise the bound or approximation written with it.
     */
    qualifier: Qualifier;
    /**
     * The numerator of a figure written `118/120`; `value` is then the share in percent.
     */
    numerator: number | null;
    /**
     * The denominator of a figure written `118/120`.
     */
    denominator: number | null;
}

/**
 * A responsible unit and the tasks naming it.
 */
export interface UnitEntry {
    /**
     * Unit name as written.
     */
    unit: string;
    /**
     * Tasks naming it, in catalog order.
     */
    tasks: UnitTaskRef[];
}

/**
 * A status with its labels.
 */
export interface StatusInfo {
    /**
     * Machine name, as in results.
     */
    code: Status;
    /**
     * Chinese label (已达成 …).
     */
    zh: string;
    /**
     * English label (achieved …).
     */
    en: string;
    /**
     * What the status means, in Chinese (as the report's legend says it).
     */
    legendZh: string;
    /**
     * What the status means, in English.
     */
    legendEn: string;
}

/**
 * A target in a unit's view.
 */
export interface UnitTarget {
    /**
     * Target id.
     */
    target: string;
    /**
     * Label.
     */
    label: string;
    /**
     * Status at the document's jurisdiction, if evaluated.
     */
    status: Status | null;
    /**
     * Current value.
     */
    value: number | null;
}

/**
 * A task in a unit's view.
 */
export interface UnitTask {
    /**
     * Document id.
     */
    document: string;
    /**
     * Task id.
     */
    task: string;
    /**
     * Number as written.
     */
    number: string | null;
    /**
     * Title.
     */
    title: string;
    /**
     * The unit's role.
     */
    role: UnitRole;
    /**
     * The task's targets.
     */
    targets: UnitTarget[];
}

/**
 * A task naming a unit.
 */
export interface UnitTaskRef {
    /**
     * Document id.
     */
    document: string;
    /**
     * Task id.
     */
    task: string;
    /**
     * Task number as written.
     */
    number: string | null;
    /**
     * Task title.
     */
    title: string;
    /**
     * The unit's role in the task.
     */
    role: UnitRole;
}

/**
 * A work task (工作任务).
 */
export interface Task {
    /**
     * Stable identifier, unique within the catalog, e.g. `bj-2023/t2.2`.
     */
    id: string;
    /**
     * Number as written (`2.2`, `(七)`, `7`), absent when the text gives none.
     */
    number?: string;
    /**
     * Title as written.
     */
    title: string;
    /**
     * English rendering of the title.
     */
    titleEn?: string;
    /**
     * Section the task sits in.
     */
    section: string;
    /**
     * Responsible units, as the text lists them.
     */
    responsible: Responsible;
    /**
     * Verbatim quote of the task's heading or opening words.
     */
    quote: string;
}

/**
 * Administrative level of the issuing authority.
 */
export type Level = "national" | "provincial" | "municipal" | "county";

/**
 * An annual target set against the plan target it contributes to.
 */
export interface Trajectory {
    /**
     * The annual (step) target.
     */
    target: string;
    /**
     * The plan target it contributes to.
     */
    planTarget: string;
    /**
     * Region.
     */
    region: string;
    /**
     * Deadline of the annual target.
     */
    deadline: NaiveDate;
    /**
     * The plan's figure and deadline.
     */
    planValue: number;
    /**
     * Plan deadline.
     */
    planDeadline: NaiveDate;
    /**
     * Where the straight path from the plan's baseline to its figure stands at the
     * annual deadline, in the plan's measure.
     */
    planPath: number | null;
    /**
     * What meeting the annual target means in the plan's measure at the annual deadline
     * (for new counts: the plan's count before the annual period plus the annual figure).
     */
    annualImplies: number | null;
    /**
     * Whether meeting the annual target keeps the plan on its straight path.
     */
    annualOnPath: boolean | null;
    /**
     * The plan measure observed at the annual deadline.
     */
    observed: number | null;
    /**
     * Status of the annual target.
     */
    annualStatus: Status;
    /**
     * Status of the plan target.
     */
    planStatus: Status | null;
}

/**
 * An entity record as read (the documented columns).
 */
export interface EntityRecord {
    /**
     * Unique id; pseudonymous for people. For regions, the GB/T 2260 code.
     */
    entityId: string;
    /**
     * `region`, `school`, `class`, `person` or `system` (`website` is read as `system`).
     */
    kind: string;
    /**
     * Display name (empty for people).
     */
    name?: string;
    /**
     * GB/T 2260 code of the county-level region (may be empty for classes and people,
     * which take their school's).
     */
    regionCode?: string;
    /**
     * Parent entity: the school of a class, person or system; the parent region of a region.
     */
    parentId?: string;
    /**
     * School stage (幼儿园, 小学, 初中, 高中, 完全中学, 九年一贯制, 中职, 高校 … or the English codes).
     */
    stage?: string;
    /**
     * Area class (中心城区, 郊区新城 …), free text.
     */
    areaClass?: string;
    /**
     * For people: principal / teacher / student / official (校长 / 教师 / 学生 / 干部).
     */
    role?: string;
}

/**
 * An observation record as read (the documented columns).
 */
export interface ObservationRecord {
    /**
     * Entity observed (entity id or region code).
     */
    entityId: string;
    /**
     * Indicator id, or a milestone target's id.
     */
    indicator: string;
    /**
     * A year (`2023`) or a date (`2023-06-30`).
     */
    period: string;
    /**
     * The value: a number, or for yes/no indicators 1/0, true/false, 是/否.
     */
    value: string;
    /**
     * Where the figure comes from (evidence for milestones).
     */
    source?: string;
    /**
     * For a share reported for a region: the units passing (optional; with `denominator`).
     */
    numerator?: string;
    /**
     * For a share reported for a region: the units in scope (optional; with `numerator`).
     */
    denominator?: string;
    /**
     * For a count reported under a count target's id: `new` (新增, added within the
     * target's period) or `cumulative` (累计, the running total); empty means the
     * target's own terms.
     */
    countBasis?: string;
}

/**
 * Catalog files for [`Catalog::from_sources`]: file name → contents.
 */
export interface CatalogSources {
    /**
     * Document files (`bj-2023.json` → its JSON text).
     */
    documents: Record<string, string>;
    /**
     * Indicator files (`common.json` → its JSON text).
     */
    indicators: Record<string, string>;
    /**
     * Source texts by the file name documents give in `source`.
     */
    sources: Record<string, string>;
}

/**
 * Counts of records read, accepted and rejected, with every rejection.
 */
export interface RecordCounts {
    /**
     * Records read and checked (rows set aside unread are counted in `skipped`).
     */
    read: number;
    /**
     * Records accepted.
     */
    accepted: number;
    /**
     * Records rejected; `accepted + rejected.len() == read`.
     */
    rejected: Rejection[];
    /**
     * Of the accepted, observation rows with an empty value under a known indicator or
     * target id: a template row not filled in (`zhibiao template`), read but not an
     * observation.
     */
    blank?: number;
    /**
     * Input columns that are not documented columns and were not read.
     */
    ignoredColumns?: string[];
    /**
     * How each file was decoded and why (CSV and JSON files; absent for in-memory records).
     */
    encodings?: FileEncoding[];
}

/**
 * Evaluation of many targets.
 */
export interface Evaluation {
    /**
     * Evaluation date.
     */
    asOf: NaiveDate;
    /**
     * One result per target and region.
     */
    results: TargetResult[];
    /**
     * Observations that no evaluated target reads, per indicator (information, not an
     * error: a figure reported under another indicator, or for another document).
     */
    unused?: UnusedObservations[];
}

/**
 * How a reported figure is qualified.
 */
export type Qualifier = "exact" | "at_least" | "more_than" | "at_most" | "less_than" | "about";

/**
 * How one file was decoded, and why: part of the load report.
 */
export interface FileEncoding {
    /**
     * File name as in rejections.
     */
    file: string;
    /**
     * `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
     */
    encoding: string;
    /**
     * The evidence: `valid UTF-8`, `declared (--encoding gbk)`, `not valid UTF-8 (line 3);
     * every line decodes as GB18030` …
     */
    reason: string;
    /**
     * The file is a spreadsheet or a columnar (Parquet, Arrow) file, not text: `encoding`
     * and `reason` say what its format is and where its records were read; absent
     * (false) for CSV and JSON.
     */
    format?: boolean;
}

/**
 * How the engine turns observations of an indicator into a target's value for a
 * region (`spec/METHODOLOGY.md`, the section named with each).
 */
export type Aggregation = "share_of_units" | "units_meeting_minimum" | "flagged_units" | "region_figure" | "region_total" | "region_yearly_sum" | "milestone";

/**
 * How the growth ratio was computed.
 */
export type GrowthMethod = "cagr" | "linear";

/**
 * How the text names the units responsible for a task.
 */
export type Responsible = { style: "lead_and_partners"; lead: string[]; partners: string[] } | { style: "listed"; units: string[] } | { style: "not_stated" };

/**
 * Level of a region in the tree.
 */
export type RegionLevel = "nation" | "province" | "city" | "county";

/**
 * Observations of one indicator (or target id) that no evaluated target uses.
 */
export interface UnusedObservations {
    /**
     * The indicator or target id the rows were reported under.
     */
    indicator: string;
    /**
     * How many observations it has.
     */
    observations: number;
}

/**
 * One document's sections.
 */
export interface DocumentView {
    /**
     * Document id.
     */
    document: string;
    /**
     * Title.
     */
    title: string;
    /**
     * Region the statuses are read at.
     */
    region: string;
    /**
     * Statuses of all the document's targets.
     */
    status: StatusCounts;
    /**
     * Sections in order.
     */
    sections: SectionView[];
}

/**
 * One encoded policy document.
 */
export interface Document {
    /**
     * Stable identifier, e.g. `bj-2023`.
     */
    id: string;
    /**
     * Title as written (Chinese).
     */
    title: string;
    /**
     * English rendering of the title.
     */
    titleEn: string;
    /**
     * Issuing bodies as named in the text.
     */
    issuer: string[];
    /**
     * GB/T 2260 code of the jurisdiction the document governs (`000000` for the nation).
     */
    jurisdiction: string;
    /**
     * Administrative level of the issuer.
     */
    level: Level;
    /**
     * Document number (文号), e.g. `成教函〔2021〕57号`, where the text gives one.
     */
    number?: string;
    /**
     * Kind of document.
     */
    kind: DocumentKind;
    /**
     * The period the document covers.
     */
    period: Period;
    /**
     * Date of issue, where the text gives it.
     */
    issued?: NaiveDate;
    /**
     * File name of the source text under `spec/sources/`.
     */
    source: string;
    /**
     * Section tree, flattened; `parent` links children to their parents.
     */
    sections: Section[];
    /**
     * Tasks (工作任务) in reading order.
     */
    tasks: Task[];
    /**
     * Targets: every checkable promise, one per promise.
     */
    targets: Target[];
    /**
     * Figures the text states as the current state, not as a goal.
     */
    baselines?: Baseline[];
    /**
     * Promises deliberately not encoded as targets, each with the reason.
     */
    notEncoded?: NotEncoded[];
}

/**
 * One indicator as the stable, flat JSON row printed by `zhibiao indicators --format json`.
 *
 * Field names and meanings are part of the public interface; new fields may be
 * added, existing ones are not renamed or removed.
 */
export interface IndicatorRow {
    /**
     * Indicator id (`school.bandwidth_mbps`).
     */
    id: string;
    /**
     * Chinese name.
     */
    name: string;
    /**
     * English name.
     */
    nameEn: string;
    /**
     * Entity it is observed on: `region`, `school`, `class`, `person` or `system`.
     */
    entity: EntityKind;
    /**
     * For person indicators, whose values count; null otherwise.
     */
    role: PersonRole | null;
    /**
     * Unit (`Mbps`, `%`, `学时`, `所`; empty for yes/no).
     */
    unit: string;
    /**
     * Values it takes: `number`, `percent`, `boolean` (1/0) or `count`.
     */
    valueType: ValueType;
    /**
     * Whether a value is a running total (a stock) rather than a state or a yearly flow.
     */
    cumulative: boolean;
    /**
     * How the targets using it aggregate it, one entry per distinct way, in catalog order
     * (empty when only baselines state it).
     */
    aggregation: Aggregation[];
    /**
     * Targets whose figure is about this indicator (their `indicator`).
     */
    targets: string[];
    /**
     * Targets whose per-unit condition or minimum is measured on it (their `condition`).
     */
    conditionOf: string[];
    /**
     * Baselines (figures stated by a document as the current state) of it.
     */
    baselines: string[];
    /**
     * Documents of those targets and baselines, in catalog order.
     */
    documents: string[];
    /**
     * How to measure it, in a sentence.
     */
    description: string;
}

/**
 * One named number in the working.
 */
export interface Step {
    /**
     * What it is.
     */
    name: string;
    /**
     * Its value.
     */
    value: number | null;
    /**
     * How it was obtained.
     */
    how: string;
}

/**
 * One rejected record.
 */
export interface Rejection extends Location {
    /**
     * Column (field name) at fault.
     */
    column: string | null;
    /**
     * The offending value as read; a value longer than 200 characters is cut there and
     * ends with `…(N bytes)`, N its full length.
     */
    value: string | null;
    /**
     * Stable error code (see [`codes`]).
     */
    code: string;
    /**
     * Human-readable reason.
     */
    reason: string;
}

/**
 * One row of a reporting template.
 */
export interface TemplateRow {
    /**
     * The region reported on (GB/T 2260 code).
     */
    entityId: string;
    /**
     * The target's id, under which the figure is reported.
     */
    indicator: string;
    /**
     * The period the figure describes: the target's deadline (a year when it falls on
     * 31 December).
     */
    period: string;
    /**
     * Empty: the figure to fill in (a milestone: 1 done, 0 not done).
     */
    value: string;
    /**
     * Empty: where the figure comes from (a document number, a report).
     */
    source: string;
    /**
     * The region's name.
     */
    regionName: string;
    /**
     * The target's label.
     */
    label: string;
    /**
     * The unit of the figure (`1/0` for a milestone).
     */
    unit: string;
}

/**
 * One section's targets and how they stand.
 */
export interface SectionView {
    /**
     * Section id.
     */
    section: string;
    /**
     * Number as written.
     */
    number: string | null;
    /**
     * Title.
     */
    title: string;
    /**
     * Parent section id.
     */
    parent: string | null;
    /**
     * Targets in the section.
     */
    targets: string[];
    /**
     * Their statuses at the region.
     */
    status: StatusCounts;
}

/**
 * One target as the stable, flat JSON row printed by `zhibiao targets --format json`.
 *
 * Field names and meanings are part of the public interface; new fields may be
 * added, existing ones are not renamed or removed.
 */
export interface TargetRow {
    /**
     * Target id.
     */
    id: string;
    /**
     * Document id.
     */
    document: string;
    /**
     * Task id, or null for goals stated outside any task.
     */
    task: string | null;
    /**
     * Task number as written, or null.
     */
    taskNumber: string | null;
    /**
     * Section id.
     */
    section: string;
    /**
     * Kind: `share`, `level`, `count`, `per_unit_minimum` or `milestone`.
     */
    kind: string;
    /**
     * Indicator id.
     */
    indicator: string;
    /**
     * Comparator (`at_least`, `more_than`, `at_most`, `less_than`, `about`, `reach`), null for milestones.
     */
    comparator: Comparator | null;
    /**
     * The figure, null for milestones.
     */
    value: number | null;
    /**
     * Unit of the figure, null for milestones.
     */
    unit: string | null;
    /**
     * For share and per-unit-minimum targets, what each unit must satisfy.
     */
    condition: Condition | null;
    /**
     * For count targets, `cumulative` or `new`.
     */
    countMode: CountMode | null;
    /**
     * For per-unit-minimum targets, the coverage window in years.
     */
    windowYears: number | null;
    /**
     * Due date (ISO 8601).
     */
    deadline: NaiveDate;
    /**
     * Scope: region, stages, area class, population.
     */
    scope: Scope;
    /**
     * Chinese label.
     */
    label: string;
    /**
     * English label.
     */
    labelEn: string;
    /**
     * Approximate figure (左右, 约).
     */
    approximate: boolean;
    /**
     * Soft promise (原则上, 探索).
     */
    soft: boolean;
    /**
     * Responsible units of the task, as the text lists them.
     */
    responsible: Responsible;
    /**
     * Verbatim quote.
     */
    quote: string;
    /**
     * Where the figure is stated apart from the promise, the verbatim words that state it.
     */
    figureQuote: string | null;
    /**
     * Byte offsets `[start, end)` of the quote in the source text.
     */
    quoteSpan: [number, number] | null;
    /**
     * 1-based line of the quote in the source text.
     */
    quoteLine: number | null;
    /**
     * Target id this one is a step toward.
     */
    contributesTo: string | null;
}

/**
 * Options of [`Dataset::from_csv`].
 */
export interface CsvLoadOptions {
    /**
     * Encoding of bytes: `auto` (the default), `utf-8` or `gbk`.
     */
    encoding?: "auto" | "utf-8" | "gbk";
    /**
     * Name of the entities input in rejections (default `entities.csv`).
     */
    entitiesFile?: string;
    /**
     * Name of the observations input in rejections (default `observations.csv`).
     */
    observationsFile?: string;
    /**
     * Build even when records were rejected (see [`BuildOptions`]).
     */
    allowRejected?: boolean;
}

/**
 * Options of [`DatasetBuilder::build`].
 */
export interface BuildOptions {
    /**
     * Build even when records were rejected (they stay listed in `load`). By default
     * a rejected record throws, as `zhibiao evaluate` stops without `--allow-rejected`.
     */
    allowRejected?: boolean;
}

/**
 * Options of [`DatasetBuilder::read_entities_excel`] and [`DatasetBuilder::read_observations_excel`].
 */
export interface ExcelOptions {
    /**
     * The file's name, as uploaded (`填报.xlsx`): used in rejections and errors, and its
     * extension tells the format (else the bytes do). Default `entities.xlsx` /
     * `observations.xlsx`.
     */
    file?: string;
    /**
     * The sheet to read; default the first worksheet. A sheet that is not there throws
     * `input.no_such_sheet` with the workbook's `sheets`.
     */
    sheet?: string;
}

/**
 * Options of [`load_summary`].
 */
export interface SummaryOptions {
    /**
     * `zh` (the default) or `en`.
     */
    lang?: "zh" | "en";
    /**
     * Rejections listed at most (default 20).
     */
    maxRows?: number;
}

/**
 * Options of [`report`].
 */
export interface ReportOptions {
    /**
     * `zh` (the default) or `en`.
     */
    lang?: "zh" | "en";
    /**
     * `text` (aligned plain text, the default) or `markdown`.
     */
    style?: "text" | "markdown";
    /**
     * A first column with each target's id (default `false`).
     */
    ids?: boolean;
    /**
     * The legend of every column, status and mark at the end (default `true`).
     */
    legend?: boolean;
}

/**
 * Options of [`results_csv`].
 */
export interface ResultsCsvOptions {
    /**
     * Start with the UTF-8 byte-order mark, for a file that Excel opens by
     * double-click and should read as UTF-8 (default `false`).
     */
    bom?: boolean;
}

/**
 * Options of a CSV reader.
 */
export interface CsvOptions {
    /**
     * Name used in rejections and errors (default `entities.csv` / `observations.csv`).
     */
    file?: string;
    /**
     * Encoding of bytes: `auto` (UTF-8, else GBK; the default), `utf-8` or `gbk`.
     * Text (a JS string) is already decoded, so this applies to bytes only.
     */
    encoding?: "auto" | "utf-8" | "gbk";
}

/**
 * School stages (学段 / 学校类型) used to scope targets and classify schools.
 */
export type Stage = "kindergarten" | "primary" | "junior_secondary" | "senior_secondary" | "complete_secondary" | "nine_year" | "twelve_year" | "vocational" | "higher_education" | "special" | "other";

/**
 * Share if every non-reporting unit failed (`lower`) and if every one passed (`upper`).
 */
export interface Bounds {
    /**
     * Every missing unit fails.
     */
    lower: number;
    /**
     * Every missing unit passes.
     */
    upper: number;
}

/**
 * The growth-ratio thresholds a status is read from: `R ≥ on_track` is on track,
 * `R ≥ needs_acceleration` needs acceleration, `R ≥ 0` limited, below regressing.
 */
export interface Thresholds {
    /**
     * Least ratio that is on track (default 0.95).
     */
    onTrack: number;
    /**
     * Least ratio that needs acceleration rather than being limited (default 0.60).
     */
    needsAcceleration: number;
}

/**
 * The kind of a target, as written in the data files.
 */
export type Kind = "share" | "level" | "count" | "per_unit_minimum" | "milestone";

/**
 * The kind of entity an indicator is measured on.
 */
export type EntityKind = "region" | "school" | "class" | "person" | "system";

/**
 * The result of one target in one region.
 */
export interface TargetResult {
    /**
     * Target id.
     */
    target: string;
    /**
     * Document id.
     */
    document: string;
    /**
     * Region code.
     */
    region: string;
    /**
     * Region name.
     */
    regionName: string;
    /**
     * Region level.
     */
    regionLevel: RegionLevel;
    /**
     * Code of the parent region (absent for the nation).
     */
    parent: string | null;
    /**
     * Kind of target.
     */
    kind: Kind;
    /**
     * Indicator measured.
     */
    indicator: string;
    /**
     * Comparator of the target figure.
     */
    comparator: Comparator | null;
    /**
     * The target figure.
     */
    targetValue: number | null;
    /**
     * Unit of value and target.
     */
    unit: string | null;
    /**
     * Deadline.
     */
    deadline: NaiveDate;
    /**
     * Evaluation date.
     */
    asOf: NaiveDate;
    /**
     * Year of the current value.
     */
    year: number | null;
    /**
     * Current value (at the earlier of the as-of date and the deadline).
     */
    value: number | null;
    /**
     * Passing (or counted) units.
     */
    numerator: number | null;
    /**
     * Eligible units.
     */
    denominator: number | null;
    /**
     * Units reporting / eligible units, in %.
     */
    coverage: number | null;
    /**
     * Passing / reporting units, in % (the share among those that reported).
     */
    reportedShare: number | null;
    /**
     * What missing reports could change.
     */
    bounds: Bounds | null;
    /**
     * Baseline used.
     */
    baseline: BaselineUsed | null;
    /**
     * (value − baseline) / (target − baseline).
     */
    progress: number | null;
    /**
     * Where the straight path from baseline to deadline stands at the current value's date.
     */
    expectedProgress: number | null;
    /**
     * Observed growth / required growth.
     */
    growthRatio: number | null;
    /**
     * How the growth ratio was computed.
     */
    method: GrowthMethod | null;
    /**
     * Value projected to the deadline.
     */
    projection: number | null;
    /**
     * Status.
     */
    status: Status;
    /**
     * Status if every missing unit had passed (only when it differs).
     */
    statusIfMissingPassed: Status | null;
    /**
     * Why not assessable.
     */
    reason: Reason | null;
    /**
     * The target figure is approximate (左右, 约).
     */
    approximate: boolean;
    /**
     * The promise is soft (原则上, 探索).
     */
    soft: boolean;
    /**
     * Evidence (source) for milestones, and the source of a reported figure that decided.
     */
    evidence: string | null;
    /**
     * What decided the value: unit-level data, the figure reported for the region under
     * the target's id, sub-regions' figures summed, or the region's own observation of
     * the indicator (METHODOLOGY §10). Absent when nothing was reported under the
     * target's id.
     */
    decidedBy: DecidedBy | null;
    /**
     * How the reported figure that decided was qualified, when it is a bound or an
     * approximation (超过70% → more_than, 90%以上 → at_least, 近12万 → about).
     */
    qualifier: Qualifier | null;
    /**
     * A figure reported for the region beside the value that decided: the consistency
     * check (difference, and whether the gap is large).
     */
    reported: ReportedCheck | null;
    /**
     * Year by year values up to the as-of date.
     */
    series: YearValue[];
    /**
     * Formula, inputs and intermediate numbers.
     */
    working: Step[];
}

/**
 * The role a responsible unit plays in a task.
 */
export type UnitRole = "lead" | "partner" | "listed";

/**
 * The role of a person, for indicators measured on people.
 */
export type PersonRole = "principal" | "teacher" | "student" | "official";

/**
 * The rules of `spec/ENCODING.md` under which a promise-like clause is not a target.
 */
export type NotEncodedRule = "direction" | "improvement" | "ongoing" | "undefined_measure" | "past" | "restatement" | "not_a_promise" | "context";

/**
 * The sample as records (see [`sample_records`]).
 */
export interface SampleRecords {
    /**
     * Schools, classes, people and systems (regions are built in).
     */
    entities: EntityRecord[];
    /**
     * Observations.
     */
    observations: ObservationRecord[];
}

/**
 * The value of a target in one region in one year.
 */
export interface YearValue {
    /**
     * Calendar year.
     */
    year: number;
    /**
     * Value in the target's unit (share in %, count, level), absent when nothing reported.
     */
    value: number | null;
    /**
     * Passing / counted units, where the value is built from units.
     */
    numerator: number | null;
    /**
     * Eligible units.
     */
    denominator: number | null;
    /**
     * Units that reported.
     */
    reporting: number | null;
}

/**
 * What a responsible unit is named for and how it stands.
 */
export interface UnitView {
    /**
     * Unit name as written.
     */
    unit: string;
    /**
     * Statuses of the targets of tasks it leads (or is listed for, where the text names no lead).
     */
    statusAsLead: StatusCounts;
    /**
     * Statuses of all the targets of its tasks.
     */
    status: StatusCounts;
    /**
     * Tasks naming it.
     */
    tasks: UnitTask[];
}

/**
 * What decided a result's value.
 */
export type DecidedBy = "units" | "reported" | "sub_regions" | "indicator";

/**
 * What kind of document a policy text is.
 */
export type DocumentKind = "annual_work_points" | "five_year_plan";

/**
 * What kind of figure a quantity is: a level to reach or hold, or a change from a base.
 */
export type Relation = "level" | "increase" | "decrease" | "multiple";

/**
 * What loading did with every record.
 */
export interface LoadReport {
    /**
     * Entity records.
     */
    entities: RecordCounts;
    /**
     * Observation records.
     */
    observations: RecordCounts;
}

/**
 * What to evaluate.
 */
export interface EvalOptions {
    /**
     * The date the evaluation stands at; observations after it are ignored.
     */
    asOf: NaiveDate;
    /**
     * Only results for this region and the regions below it: a GB/T 2260 code, or a name
     * or path as [`crate::regions::RegionTable::resolve`] reads it (`北京市海淀区`).
     */
    region?: string | null;
    /**
     * Only targets of this document.
     */
    document?: string | null;
    /**
     * Only these targets.
     */
    targets?: string[] | null;
    /**
     * Deepest region level to report (default: county).
     */
    depth?: RegionLevel | null;
    /**
     * Also report regions with no eligible units and no data (default false).
     */
    includeEmpty?: boolean;
    /**
     * Growth-ratio thresholds of the statuses (default on track 0.95, needs
     * acceleration 0.60; METHODOLOGY §11.8).
     */
    thresholds?: Thresholds | null;
    /**
     * Which observed value is the baseline (default: the latest before the start).
     */
    baseYear?: BaseYear | null;
    /**
     * Clamp projections at the natural limits, 0 and 100 % (default true).
     */
    clampProjection?: boolean | null;
}

/**
 * What values an indicator takes.
 */
export type ValueType = "number" | "percent" | "boolean" | "count";

/**
 * Where a record came from.
 */
export interface Location {
    /**
     * File name (or `<json>`, `<rust>`) the record was read from.
     */
    file: string | null;
    /**
     * 1-based line (CSV) or record number (JSON, iterators).
     */
    line: number | null;
}

/**
 * Where a target stands.
 */
export type Status = "achieved" | "on_track" | "needs_acceleration" | "limited" | "regressing" | "missed" | "not_assessable";

/**
 * Whether a count target counts everything so far or only what is new within the period.
 */
export type CountMode = "cumulative" | "new";

/**
 * Which observed value is a result's baseline, when the document states none for its
 * region and the target is not measured from zero (METHODOLOGY §10, §11.8).
 */
export type BaseYear = { policy: "latest_before_start" } | { policy: "fixed"; year: number } | { policy: "within_years"; years: number };

/**
 * Which units a target is about.
 */
export interface Scope {
    /**
     * GB/T 2260 code of the region (`000000` for the nation).
     */
    region: string;
    /**
     * School stages in scope; empty means every stage.
     */
    stages?: Stage[];
    /**
     * Area class in scope (中心城区, 郊区新城), where the target distinguishes one.
     */
    areaClass?: string;
    /**
     * For person indicators, whose values count (principals, teachers); empty means everyone.
     */
    roles?: PersonRole[];
    /**
     * Free-text population as written (e.g. 市属高校, 中小学校长), for display.
     */
    population?: string;
}

/**
 * Which way a comparator reads a stated figure.
 */
export type Comparator = "at_least" | "more_than" | "at_most" | "less_than" | "about" | "reach";

/**
 * Why a result is not assessable.
 */
export interface Reason {
    /**
     * Stable code: `no_data`, `no_eligible_units`, `no_baseline`, `too_few_points`,
     * `outside_period`, `pending` (a milestone before its deadline), `unreported` (a
     * milestone with no report by its deadline: not `missed`), `contribution` (a
     * sub-region of a count set for the whole), `no_figure`, `not_summed` (a sub-region's
     * reported figure cannot be summed into this region), `bound_undecided` (the reported
     * figure is a bound or an approximation that allows more than one status).
     */
    code: string;
    /**
     * Explanation.
     */
    message: string;
}


/**
 * The encoded documents and their indicators, validated.
 */
export class Catalog {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The five built-in documents (embedded; reads nothing at run time).
     */
    static builtin(): Catalog;
    /**
     * A document by id (`bj-2023`), or `undefined`.
     */
    document(id: string): Document | undefined;
    /**
     * Every document, with its sections, tasks, targets and baselines.
     */
    documents(): Document[];
    /**
     * Builds and validates a catalog from file contents, for people encoding new
     * documents. Throws `catalog.*` errors (e.g. `catalog.parse`, with `file`, `line`,
     * `column`), every problem listed in `errors`.
     */
    static fromSources(files: CatalogSources): Catalog;
    /**
     * What to report: one row per indicator (the stable form of `zhibiao indicators
     * --format json`) with its entity, unit, how it aggregates and the targets using it;
     * optionally only those of one document.
     */
    indicatorRows(document?: string | null): IndicatorRow[];
    /**
     * An indicator by id, or `undefined`.
     */
    indicator(id: string): Indicator | undefined;
    /**
     * Every indicator (`school.bandwidth_mbps` …) with its zh and en names.
     */
    indicators(): Indicator[];
    /**
     * A target as encoded, by id, or `undefined`.
     */
    target(id: string): Target | undefined;
    /**
     * One flat row per target (the stable form of `zhibiao targets --format json`),
     * optionally only those of one document.
     */
    targets(document?: string | null): TargetRow[];
    /**
     * The same rows as CSV text (a header, then one line per row), as `zhibiao
     * template` writes the file; `Dataset.fromCsv` reads it back as it is.
     */
    templateCsv(document: string, region?: string | null): string;
    /**
     * What a reporting unit fills in for a document (the rows `zhibiao template`
     * writes): one per target, under its id, for its scope region or for `region` (a
     * code or name) where it lies within the target's scope; `value` and `source` empty.
     */
    templateRows(document: string, region?: string | null): TemplateRow[];
    /**
     * Every responsible unit named in any task, with the tasks naming it.
     */
    units(): UnitEntry[];
}

/**
 * Entities and observations, validated, in columns; with the report of what loading
 * did with every record.
 */
export class Dataset {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Builds a dataset from two CSV inputs (text, or bytes in UTF-8 or GBK); `entities`
     * may be `null` when every observation is about a region (named by its code).
     */
    static fromCsv(catalog: Catalog, entities: CsvInput | null, observations: CsvInput, options?: CsvLoadOptions | null): Dataset;
    /**
     * Builds a dataset from arrays of entity and observation objects.
     */
    static fromRecords(catalog: Catalog, entities: EntityInput[], observations: ObservationInput[], options?: BuildOptions | null): Dataset;
    /**
     * The region tree of this dataset: the built-in regions and any added as entities.
     */
    regions(): RegionInfo[];
    /**
     * Like [`resolve_region`], over this dataset's regions (the built-in ones and any
     * added or renamed as entities).
     */
    resolveRegion(text: string): RegionInfo;
    /**
     * The built-in synthetic sample (Beijing's 16 districts, Chengdu, Shaanxi, the
     * nation), generated from `seed` (default 2021, as `zhibiao demo`). Every school,
     * class, person and figure in it is invented.
     */
    static sample(catalog: Catalog, seed?: number | null): Dataset;
    /**
     * Number of entities, the built-in regions included.
     */
    readonly entityCount: number;
    /**
     * What loading did with every record: read, accepted, and each rejection with its
     * file, line, column, value and code.
     */
    readonly load: LoadReport;
    /**
     * Number of observations accepted.
     */
    readonly observationCount: number;
}

/**
 * Collects entities and observations, validating each record, and builds a [`Dataset`].
 * Mix sources freely: entities from CSV, observations from a JS array, and so on.
 */
export class DatasetBuilder {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Adds entities from an array of objects (record numbers start at 1 in each call).
     */
    addEntities(records: EntityInput[]): void;
    /**
     * Adds observations from an array of objects (record numbers start at 1 in each call).
     */
    addObservations(records: ObservationInput[]): void;
    /**
     * Resolves references and builds the dataset. The builder is used up. Unless
     * `allowRejected` is set, throws when any record was rejected: the error's `name`
     * is the first rejection's code (`data.out_of_range` …) with its `file`, `line`,
     * `column` and `value`, and `rejections` and `load` list everything.
     */
    build(options?: BuildOptions | null): Dataset;
    /**
     * A builder over the built-in regions, accepting the catalog's indicators and its
     * milestone target ids.
     */
    constructor(catalog: Catalog);
    /**
     * Reads entities from CSV (`entity_id,kind,name,region_code,parent_id,stage,area_class[,role]`).
     * Throws `input.encoding` or `input.missing_column` when the whole input is unreadable.
     */
    readEntitiesCsv(data: CsvInput, options?: CsvOptions | null): void;
    /**
     * Reads entities from a spreadsheet's bytes (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`,
     * `.ods`): the header row with the documented columns or their Chinese aliases,
     * cells read as a CSV field would be. Throws `input.workbook` for bytes that are no
     * readable spreadsheet, `input.no_such_sheet`, `input.missing_column`.
     */
    readEntitiesExcel(data: Uint8Array | ArrayBuffer, options?: ExcelOptions | null): void;
    /**
     * Reads observations from CSV (`entity_id,indicator,period,value,source`).
     */
    readObservationsCsv(data: CsvInput, options?: CsvOptions | null): void;
    /**
     * Reads observations from a spreadsheet's bytes (see `readEntitiesExcel`).
     */
    readObservationsExcel(data: Uint8Array | ArrayBuffer, options?: ExcelOptions | null): void;
}

/**
 * Statuses by document and section, read at each document's jurisdiction, or at
 * `region` when given.
 */
export function bySection(catalog: Catalog, evaluation: Evaluation, region?: string | null): DocumentView[];

/**
 * Responsible units whose name contains `name` (all when absent), with their tasks
 * and the status of each task's targets.
 */
export function byUnit(catalog: Catalog, evaluation: Evaluation, name?: string | null): UnitView[];

/**
 * Evaluates the catalog's targets against the data: one result per target and
 * region, each with its value, coverage, bounds, progress, status and working.
 * Throws `eval.unknown_region`, `eval.unknown_document` or `eval.unknown_target`
 * when a filter names nothing known.
 */
export function evaluate(catalog: Catalog, dataset: Dataset, options: EvalOptions): Evaluation;

/**
 * The built-in region a text names: a code (`110108`), a name in Chinese or English
 * (`海淀区`, `Haidian District`), a short name (`北京`) or a path (`北京市海淀区`,
 * `Wuhou District, Chengdu`). Throws `region.ambiguous` (with `candidates`, every
 * region it could mean) or `region.unknown`; both carry `text`.
 * The worksheets of a spreadsheet, in order (to let a user pick one); `file` is its
 * name as uploaded, whose extension tells the format (else the bytes do).
 */
export function excelSheets(data: Uint8Array | ArrayBuffer, file?: string | null): string[];

/**
 * The working of one result, step by step, as text (the numbers themselves are in
 * `result.working`).
 */
export function explain(result: TargetResult): string;

/**
 * Summary lines of a load report, with the rejected records.
 */
export function loadSummary(load: LoadReport, options?: SummaryOptions | null): string;

/**
 * The quantities in a piece of Chinese text (`90%以上`, `不少于32学时`, `千兆`, `3至5个`,
 * `增长10%` …), each with its comparator, value (and `high` for a range), unit and
 * relation (`level`, `increase`, `decrease`, `multiple`). Throws `quantity.out_of_range`
 * for a figure beyond ±2^53.
 */
export function parseQuantities(text: string): Quantity[];

/**
 * One reported figure as officials write it (`1,291`, `10397万`, `97.6 %`, `超过70%`,
 * `近12万间`, `118/120`): its value, unit, qualifier (`exact`, `at_least`, `more_than`,
 * `at_most`, `less_than`, `about`) and numerator / denominator. Throws
 * `quantity.not_found`, `quantity.out_of_range` or `quantity.bad_figure`.
 */
export function readFigure(text: string): Figure;

/**
 * Every reason code a result may carry when it is not judged, with its words in Chinese
 * and English (as the report writes them).
 */
export function reasons(): ReasonInfo[];

/**
 * The built-in GB/T 2260 regions (in use on 2023-06-30): the nation, the 34 provincial
 * units and every prefecture- and county-level unit, each with its path.
 */
export function regions(): RegionInfo[];

/**
 * The report `zhibiao demo` prints: a status summary, then per document the targets
 * region by region, then the milestones.
 */
export function report(catalog: Catalog, evaluation: Evaluation, options?: ReportOptions | null): string;

export function resolveRegion(text: string): RegionInfo;

/**
 * The flat results table as CSV text: a header of column names (`target`, `label`,
 * `region`, `status`, `value`, …, then `responsible` and `working`), one line per
 * result, RFC 4180 quoting, a missing value empty — the file `zhibiao evaluate --out
 * results.csv` writes (that one with the byte-order mark).
 */
export function resultsCsv(catalog: Catalog, dataset: Dataset, evaluation: Evaluation, options?: ResultsCsvOptions | null): string;

/**
 * The sample's records, to see the input format or to feed them elsewhere.
 */
export function sampleRecords(catalog: Catalog, seed?: number | null): SampleRecords;

/**
 * Every status, best first, with its Chinese and English labels.
 */
export function statuses(): StatusInfo[];

/**
 * Every annual target that contributes to a plan target, per region, against the
 * plan's straight path.
 */
export function trajectories(catalog: Catalog, evaluation: Evaluation): Trajectory[];

/**
 * The version of the package (the crate's version).
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_catalog_free: (a: number, b: number) => void;
    readonly __wbg_dataset_free: (a: number, b: number) => void;
    readonly __wbg_datasetbuilder_free: (a: number, b: number) => void;
    readonly bySection: (a: number, b: any, c: number) => [number, number, number, number];
    readonly byUnit: (a: number, b: any, c: number) => [number, number, number, number];
    readonly catalog_builtin: () => [number, number, number];
    readonly catalog_document: (a: number, b: any) => [number, number, number];
    readonly catalog_documents: (a: number) => [number, number, number, number];
    readonly catalog_fromSources: (a: any) => [number, number, number];
    readonly catalog_indicator: (a: number, b: any) => [number, number, number];
    readonly catalog_indicatorRows: (a: number, b: number, c: number) => [number, number, number, number];
    readonly catalog_indicators: (a: number) => [number, number, number, number];
    readonly catalog_target: (a: number, b: any) => [number, number, number];
    readonly catalog_targets: (a: number, b: number) => [number, number, number, number];
    readonly catalog_templateCsv: (a: number, b: any, c: number) => [number, number, number, number];
    readonly catalog_templateRows: (a: number, b: any, c: number) => [number, number, number, number];
    readonly catalog_units: (a: number) => [number, number, number, number];
    readonly dataset_entityCount: (a: number) => number;
    readonly dataset_fromCsv: (a: number, b: any, c: any, d: number) => [number, number, number];
    readonly dataset_fromRecords: (a: number, b: any, c: any, d: number) => [number, number, number];
    readonly dataset_load: (a: number) => [number, number, number];
    readonly dataset_observationCount: (a: number) => number;
    readonly dataset_regions: (a: number) => [number, number, number, number];
    readonly dataset_resolveRegion: (a: number, b: number, c: number) => [number, number, number];
    readonly dataset_sample: (a: number, b: number) => [number, number, number];
    readonly datasetbuilder_addEntities: (a: number, b: any) => [number, number];
    readonly datasetbuilder_addObservations: (a: number, b: any) => [number, number];
    readonly datasetbuilder_build: (a: number, b: number) => [number, number, number];
    readonly datasetbuilder_new: (a: number) => number;
    readonly datasetbuilder_readEntitiesCsv: (a: number, b: any, c: number) => [number, number];
    readonly datasetbuilder_readEntitiesExcel: (a: number, b: any, c: number) => [number, number];
    readonly datasetbuilder_readObservationsCsv: (a: number, b: any, c: number) => [number, number];
    readonly datasetbuilder_readObservationsExcel: (a: number, b: any, c: number) => [number, number];
    readonly evaluate: (a: number, b: number, c: any) => [number, number, number];
    readonly excelSheets: (a: any, b: number, c: number) => [number, number, number, number];
    readonly explain: (a: any) => [number, number, number, number];
    readonly loadSummary: (a: any, b: number) => [number, number, number, number];
    readonly parseQuantities: (a: any) => [number, number, number, number];
    readonly readFigure: (a: any) => [number, number, number];
    readonly reasons: () => [number, number, number, number];
    readonly regions: () => [number, number, number, number];
    readonly report: (a: number, b: any, c: number) => [number, number, number, number];
    readonly resolveRegion: (a: number, b: number) => [number, number, number];
    readonly resultsCsv: (a: number, b: number, c: any, d: number) => [number, number, number, number];
    readonly sampleRecords: (a: number, b: number) => [number, number, number];
    readonly statuses: () => [number, number, number, number];
    readonly trajectories: (a: number, b: any) => [number, number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __externref_drop_slice: (a: number, b: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
