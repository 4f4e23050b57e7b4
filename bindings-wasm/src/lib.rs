//! The npm package `zhibiao`: thin wasm-bindgen wrappers over the zhibiao crate.
//!
//! No logic of its own: each function converts its arguments, calls the core and
//! converts the answer. Data types cross the boundary as plain JS objects through
//! tsify's `Ts<T>` and serde-wasm-bindgen's JSON-compatible serializer (maps become
//! plain objects, `None` becomes `null`); field names are camelCase (the core's
//! `wasm` feature renames them). Errors are thrown as JS `Error` objects whose
//! `name` (and `code`) is the core's stable error code, with the details as
//! properties: see [`errors`]. Every argument is checked before use: a string argument
//! is taken as a `JsValue` and read with [`errors::string_arg`], so `parseQuantities(42)`
//! throws `input.argument` (wasm-bindgen's own string conversion would read the number
//! as a pointer and trap); a class argument of the wrong class throws `input.argument`
//! from the glue (`build.sh` gives wasm-bindgen's check its code).
//!
//! The crate is empty on non-wasm targets, so `cargo test --workspace` natively
//! neither builds wasm-bindgen nor turns on the core's `wasm` feature.
#![cfg(target_arch = "wasm32")]

mod errors;
mod records;

use errors::{argument, input_error, optional_string_arg, quantity_error, rejected, string_arg, to_js, to_js_vec, JsResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use zhibiao::data::{EntityRecord, LoadReport, ObservationRecord};
use zhibiao::eval::{EvalOptions, Evaluation, TargetResult};
use zhibiao::io::Encoding;
use zhibiao::indicators::IndicatorRow;
use zhibiao::regions::{RegionError, RegionInfo, RegionTable};
use zhibiao::report::{Lang, Style};
use zhibiao::views::{DocumentView, Trajectory, UnitView};
use zhibiao::{Document, Figure, Indicator, Quantity, Status, Target, UnitRole};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
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
"#;

/// The version of the package (the crate's version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

// ---------------------------------------------------------------- catalog

/// Catalog files for [`Catalog::from_sources`]: file name → contents.
#[derive(Debug, Deserialize, Tsify)]
#[tsify(hashmap_as_object)]
pub struct CatalogSources {
    /// Document files (`bj-2023.json` → its JSON text).
    pub documents: BTreeMap<String, String>,
    /// Indicator files (`common.json` → its JSON text).
    pub indicators: BTreeMap<String, String>,
    /// Source texts by the file name documents give in `source`.
    pub sources: BTreeMap<String, String>,
}

/// A responsible unit and the tasks naming it.
#[derive(Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct UnitEntry {
    /// Unit name as written.
    pub unit: String,
    /// Tasks naming it, in catalog order.
    pub tasks: Vec<UnitTaskRef>,
}

/// A task naming a unit.
#[derive(Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct UnitTaskRef {
    /// Document id.
    pub document: String,
    /// Task id.
    pub task: String,
    /// Task number as written.
    pub number: Option<String>,
    /// Task title.
    pub title: String,
    /// The unit's role in the task.
    pub role: UnitRole,
}

/// The encoded documents and their indicators, validated.
#[wasm_bindgen]
pub struct Catalog {
    inner: zhibiao::Catalog,
}

#[wasm_bindgen]
impl Catalog {
    /// The five built-in documents (embedded; reads nothing at run time).
    pub fn builtin() -> JsResult<Catalog> {
        zhibiao::Catalog::builtin().map(|inner| Catalog { inner }).map_err(|e| errors::catalog_errors(&e))
    }

    /// Builds and validates a catalog from file contents, for people encoding new
    /// documents. Throws `catalog.*` errors (e.g. `catalog.parse`, with `file`, `line`,
    /// `column`), every problem listed in `errors`.
    #[wasm_bindgen(js_name = fromSources)]
    pub fn from_sources(files: Ts<CatalogSources>) -> JsResult<Catalog> {
        let files = errors::from_js("files", &files)?;
        let list = |m: BTreeMap<String, String>| m.into_iter().collect::<Vec<_>>();
        zhibiao::Catalog::from_sources(list(files.documents), list(files.indicators), list(files.sources))
            .map(|inner| Catalog { inner })
            .map_err(|e| errors::catalog_errors(&e))
    }

    /// Every document, with its sections, tasks, targets and baselines.
    pub fn documents(&self) -> JsResult<Vec<Ts<Document>>> {
        to_js_vec(self.inner.documents())
    }

    /// A document by id (`bj-2023`), or `undefined`.
    pub fn document(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<Option<Ts<Document>>> {
        self.inner.document(&string_arg("id", &id)?).map(to_js).transpose()
    }

    /// Every indicator (`school.bandwidth_mbps` …) with its zh and en names.
    pub fn indicators(&self) -> JsResult<Vec<Ts<Indicator>>> {
        to_js_vec(self.inner.indicators())
    }

    /// An indicator by id, or `undefined`.
    pub fn indicator(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<Option<Ts<Indicator>>> {
        self.inner.indicator(&string_arg("id", &id)?).map(to_js).transpose()
    }

    /// One flat row per target (the stable form of `zhibiao targets --format json`),
    /// optionally only those of one document.
    pub fn targets(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] document: Option<JsValue>,
    ) -> JsResult<Vec<Ts<zhibiao::catalog::TargetRow>>> {
        to_js_vec(&self.inner.target_rows(optional_string_arg("document", document)?.as_deref()))
    }

    /// What to report: one row per indicator (the stable form of `zhibiao indicators
    /// --format json`) with its entity, unit, how it aggregates and the targets using it;
    /// optionally only those of one document.
    #[wasm_bindgen(js_name = indicatorRows)]
    pub fn indicator_rows(&self, document: Option<String>) -> JsResult<Vec<Ts<IndicatorRow>>> {
        to_js_vec(&self.inner.indicator_rows(document.as_deref()))
    }

    /// What a reporting unit fills in for a document (the rows `zhibiao template`
    /// writes): one per target, under its id, for its scope region or for `region` (a
    /// code or name) where it lies within the target's scope; `value` and `source` empty.
    #[wasm_bindgen(js_name = templateRows)]
    pub fn template_rows(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] document: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] region: Option<JsValue>,
    ) -> JsResult<Vec<Ts<zhibiao::template::TemplateRow>>> {
        let (document, region) = (string_arg("document", &document)?, optional_string_arg("region", region)?);
        let rows = zhibiao::template::template_rows(&self.inner, &document, region.as_deref()).map_err(|e| errors::eval_error(&e))?;
        to_js_vec(&rows)
    }

    /// The same rows as CSV text (a header, then one line per row), as `zhibiao
    /// template` writes the file; `Dataset.fromCsv` reads it back as it is.
    #[wasm_bindgen(js_name = templateCsv)]
    pub fn template_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] document: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] region: Option<JsValue>,
    ) -> JsResult<String> {
        let (document, region) = (string_arg("document", &document)?, optional_string_arg("region", region)?);
        let rows = zhibiao::template::template_rows(&self.inner, &document, region.as_deref()).map_err(|e| errors::eval_error(&e))?;
        Ok(zhibiao::template::template_csv(&rows))
    }

    /// A target as encoded, by id, or `undefined`.
    pub fn target(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<Option<Ts<Target>>> {
        self.inner.target(&string_arg("id", &id)?).map(|(_, t)| to_js(t)).transpose()
    }

    /// Every responsible unit named in any task, with the tasks naming it.
    pub fn units(&self) -> JsResult<Vec<Ts<UnitEntry>>> {
        let units: Vec<UnitEntry> = self
            .inner
            .units()
            .into_iter()
            .map(|(unit, tasks)| UnitEntry {
                tasks: tasks
                    .into_iter()
                    .map(|(d, t)| UnitTaskRef {
                        document: d.id.clone(),
                        task: t.id.clone(),
                        number: t.number.clone(),
                        title: t.title.clone(),
                        role: t.responsible.role_of(&unit).unwrap_or(UnitRole::Listed),
                    })
                    .collect(),
                unit,
            })
            .collect();
        to_js_vec(&units)
    }
}

// ---------------------------------------------------------------- regions, statuses

fn region_list(t: &RegionTable) -> JsResult<Vec<Ts<RegionInfo>>> {
    let list: Vec<RegionInfo> = (0..t.len() as u32).filter_map(|i| t.info(i)).collect();
    to_js_vec(&list)
}

fn resolve_in(t: &RegionTable, text: &str) -> JsResult<Ts<RegionInfo>> {
    let i = t.resolve(text).map_err(|e| errors::region_error(&e))?;
    to_js(&t.info(i).ok_or_else(|| errors::region_error(&RegionError::Unknown { text: text.to_string() }))?)
}

/// The built-in GB/T 2260 regions (in use on 2023-06-30): the nation, the 34 provincial
/// units and every prefecture- and county-level unit, each with its path.
#[wasm_bindgen]
pub fn regions() -> JsResult<Vec<Ts<RegionInfo>>> {
    region_list(&RegionTable::builtin())
}

/// The built-in region a text names: a code (`110108`), a name in Chinese or English
/// (`海淀区`, `Haidian District`), a short name (`北京`) or a path (`北京市海淀区`,
/// `Wuhou District, Chengdu`). Throws `region.ambiguous` (with `candidates`, every
/// region it could mean) or `region.unknown`; both carry `text`.
/// The worksheets of a spreadsheet, in order (to let a user pick one); `file` is its
/// name as uploaded, whose extension tells the format (else the bytes do).
#[wasm_bindgen(js_name = excelSheets)]
pub fn excel_sheets(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] data: JsValue,
    file: Option<String>,
) -> JsResult<Vec<String>> {
    let bytes = records::excel_bytes(&data)?;
    zhibiao::excel::sheet_names(file.as_deref().unwrap_or("workbook"), &bytes).map_err(|e| input_error(&e))
}

#[wasm_bindgen(js_name = resolveRegion)]
pub fn resolve_region(text: &str) -> JsResult<Ts<RegionInfo>> {
    resolve_in(&RegionTable::builtin(), text)
}

/// A status with its labels.
#[derive(Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StatusInfo {
    /// Machine name, as in results.
    pub code: Status,
    /// Chinese label (已达成 …).
    pub zh: String,
    /// English label (achieved …).
    pub en: String,
    /// What the status means, in Chinese (as the report's legend says it).
    pub legend_zh: String,
    /// What the status means, in English.
    pub legend_en: String,
}

/// Every status, best first, with its Chinese and English labels.
#[wasm_bindgen]
pub fn statuses() -> JsResult<Vec<Ts<StatusInfo>>> {
    let list: Vec<StatusInfo> =
        Status::ALL
            .iter()
            .map(|s| {
                let t = s.text();
                StatusInfo { code: *s, zh: t.zh.into(), en: t.en.into(), legend_zh: t.legend_zh.into(), legend_en: t.legend_en.into() }
            })
            .collect();
    to_js_vec(&list)
}

/// A reason a result was not judged, with its words.
#[derive(Debug, Serialize, Tsify)]
pub struct ReasonInfo {
    /// Code, as in `result.reason.code` (`no_data`, `outside_period`, `pending` …).
    pub code: String,
    /// Chinese words (无数据 …).
    pub zh: String,
    /// English words (no data …).
    pub en: String,
}

/// Every reason code a result may carry when it is not judged, with its words in Chinese
/// and English (as the report writes them).
#[wasm_bindgen]
pub fn reasons() -> JsResult<Vec<Ts<ReasonInfo>>> {
    let list: Vec<ReasonInfo> =
        zhibiao::lang::reasons().map(|(code, zh, en)| ReasonInfo { code: code.into(), zh: zh.into(), en: en.into() }).collect();
    to_js_vec(&list)
}

/// The quantities in a piece of Chinese text (`90%以上`, `不少于32学时`, `千兆`, `3至5个`,
/// `增长10%` …), each with its comparator, value (and `high` for a range), unit and
/// relation (`level`, `increase`, `decrease`, `multiple`). Throws `quantity.out_of_range`
/// for a figure beyond ±2^53.
#[wasm_bindgen(js_name = parseQuantities)]
pub fn parse_quantities(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> JsResult<Vec<Ts<Quantity>>> {
    to_js_vec(&zhibiao::try_parse_all(&string_arg("text", &text)?).map_err(|e| quantity_error(&e))?)
}

/// One reported figure as officials write it (`1,291`, `10397万`, `97.6 %`, `超过70%`,
/// `近12万间`, `118/120`): its value, unit, qualifier (`exact`, `at_least`, `more_than`,
/// `at_most`, `less_than`, `about`) and numerator / denominator. Throws
/// `quantity.not_found`, `quantity.out_of_range` or `quantity.bad_figure`.
#[wasm_bindgen(js_name = readFigure)]
pub fn read_figure(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> JsResult<Ts<Figure>> {
    to_js(&zhibiao::read_figure(&string_arg("text", &text)?).map_err(|e| quantity_error(&e))?)
}

// ---------------------------------------------------------------- data

/// Options of a CSV reader.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct CsvOptions {
    /// Name used in rejections and errors (default `entities.csv` / `observations.csv`).
    #[tsify(optional)]
    pub file: Option<String>,
    /// Encoding of bytes: `auto` (UTF-8, else GBK; the default), `utf-8` or `gbk`.
    /// Text (a JS string) is already decoded, so this applies to bytes only.
    #[tsify(optional, type = "\"auto\" | \"utf-8\" | \"gbk\"")]
    pub encoding: Option<String>,
}

/// Options of [`DatasetBuilder::read_entities_excel`] and [`DatasetBuilder::read_observations_excel`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct ExcelOptions {
    /// The file's name, as uploaded (`填报.xlsx`): used in rejections and errors, and its
    /// extension tells the format (else the bytes do). Default `entities.xlsx` /
    /// `observations.xlsx`.
    #[tsify(optional)]
    pub file: Option<String>,
    /// The sheet to read; default the first worksheet. A sheet that is not there throws
    /// `input.no_such_sheet` with the workbook's `sheets`.
    #[tsify(optional)]
    pub sheet: Option<String>,
}

/// Options of [`DatasetBuilder::build`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct BuildOptions {
    /// Build even when records were rejected (they stay listed in `load`). By default
    /// a rejected record throws, as `zhibiao evaluate` stops without `--allow-rejected`.
    #[tsify(optional)]
    pub allow_rejected: bool,
}

/// Options of [`Dataset::from_csv`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct CsvLoadOptions {
    /// Encoding of bytes: `auto` (the default), `utf-8` or `gbk`.
    #[tsify(optional, type = "\"auto\" | \"utf-8\" | \"gbk\"")]
    pub encoding: Option<String>,
    /// Name of the entities input in rejections (default `entities.csv`).
    #[tsify(optional)]
    pub entities_file: Option<String>,
    /// Name of the observations input in rejections (default `observations.csv`).
    #[tsify(optional)]
    pub observations_file: Option<String>,
    /// Build even when records were rejected (see [`BuildOptions`]).
    #[tsify(optional)]
    pub allow_rejected: bool,
}

fn encoding(e: Option<&str>) -> JsResult<Encoding> {
    e.unwrap_or("auto").parse().map_err(|m: String| argument("encoding", &m))
}

/// Collects entities and observations, validating each record, and builds a [`Dataset`].
/// Mix sources freely: entities from CSV, observations from a JS array, and so on.
#[wasm_bindgen]
pub struct DatasetBuilder {
    inner: zhibiao::DatasetBuilder,
}

#[wasm_bindgen]
impl DatasetBuilder {
    /// A builder over the built-in regions, accepting the catalog's indicators and its
    /// milestone target ids.
    #[wasm_bindgen(constructor)]
    pub fn new(catalog: &Catalog) -> DatasetBuilder {
        DatasetBuilder { inner: zhibiao::DatasetBuilder::new(&catalog.inner) }
    }

    /// Adds entities from an array of objects (record numbers start at 1 in each call).
    #[wasm_bindgen(js_name = addEntities)]
    pub fn add_entities(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] records: JsValue,
    ) -> JsResult<()> {
        records::add_entities(&mut self.inner, &records)
    }

    /// Adds observations from an array of objects (record numbers start at 1 in each call).
    #[wasm_bindgen(js_name = addObservations)]
    pub fn add_observations(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ObservationInput[]")] records: JsValue,
    ) -> JsResult<()> {
        records::add_observations(&mut self.inner, &records)
    }

    /// Reads entities from CSV (`entity_id,kind,name,region_code,parent_id,stage,area_class[,role]`).
    /// Throws `input.encoding` or `input.missing_column` when the whole input is unreadable.
    #[wasm_bindgen(js_name = readEntitiesCsv)]
    pub fn read_entities_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CsvInput")] data: JsValue,
        options: Option<Ts<CsvOptions>>,
    ) -> JsResult<()> {
        let o = errors::options("options", options.as_ref())?;
        let (bytes, enc) = records::csv_bytes(&data, encoding(o.encoding.as_deref())?)?;
        let file = o.file.as_deref().unwrap_or("entities.csv");
        self.inner.read_entities_csv(file, &bytes, enc).map_err(|e| input_error(&e))
    }

    /// Reads observations from CSV (`entity_id,indicator,period,value,source`).
    #[wasm_bindgen(js_name = readObservationsCsv)]
    pub fn read_observations_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CsvInput")] data: JsValue,
        options: Option<Ts<CsvOptions>>,
    ) -> JsResult<()> {
        let o = errors::options("options", options.as_ref())?;
        let (bytes, enc) = records::csv_bytes(&data, encoding(o.encoding.as_deref())?)?;
        let file = o.file.as_deref().unwrap_or("observations.csv");
        self.inner.read_observations_csv(file, &bytes, enc).map_err(|e| input_error(&e))
    }

    /// Reads entities from a spreadsheet's bytes (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`,
    /// `.ods`): the header row with the documented columns or their Chinese aliases,
    /// cells read as a CSV field would be. Throws `input.workbook` for bytes that are no
    /// readable spreadsheet, `input.no_such_sheet`, `input.missing_column`.
    #[wasm_bindgen(js_name = readEntitiesExcel)]
    pub fn read_entities_excel(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] data: JsValue,
        options: Option<Ts<ExcelOptions>>,
    ) -> JsResult<()> {
        let o = errors::options("options", options.as_ref())?;
        let bytes = records::excel_bytes(&data)?;
        let file = o.file.as_deref().unwrap_or("entities.xlsx");
        self.inner.read_entities_excel(file, &bytes, o.sheet.as_deref()).map_err(|e| input_error(&e))
    }

    /// Reads observations from a spreadsheet's bytes (see `readEntitiesExcel`).
    #[wasm_bindgen(js_name = readObservationsExcel)]
    pub fn read_observations_excel(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] data: JsValue,
        options: Option<Ts<ExcelOptions>>,
    ) -> JsResult<()> {
        let o = errors::options("options", options.as_ref())?;
        let bytes = records::excel_bytes(&data)?;
        let file = o.file.as_deref().unwrap_or("observations.xlsx");
        self.inner.read_observations_excel(file, &bytes, o.sheet.as_deref()).map_err(|e| input_error(&e))
    }

    /// Resolves references and builds the dataset. The builder is used up. Unless
    /// `allowRejected` is set, throws when any record was rejected: the error's `name`
    /// is the first rejection's code (`data.out_of_range` …) with its `file`, `line`,
    /// `column` and `value`, and `rejections` and `load` list everything.
    pub fn build(self, options: Option<Ts<BuildOptions>>) -> JsResult<Dataset> {
        let o = errors::options("options", options.as_ref())?;
        Dataset::checked(self.inner.build(), o.allow_rejected)
    }
}

/// Entities and observations, validated, in columns; with the report of what loading
/// did with every record.
#[wasm_bindgen]
pub struct Dataset {
    inner: zhibiao::Dataset,
    load: LoadReport,
}

/// The sample as records (see [`sample_records`]).
#[derive(Debug, Serialize, Tsify)]
pub struct SampleRecords {
    /// Schools, classes, people and systems (regions are built in).
    pub entities: Vec<EntityRecord>,
    /// Observations.
    pub observations: Vec<ObservationRecord>,
}

/// A seed: absent, `undefined` or `null` for the default, else a whole number ≥ 0 (taken
/// as a `JsValue`: the glue's own number conversion throws a TypeError for a Symbol).
fn seed(seed: Option<JsValue>) -> JsResult<u64> {
    let seed = seed.filter(|v| !v.is_undefined() && !v.is_null());
    match seed.map(|v| v.as_f64()) {
        None => Ok(zhibiao::sample::DEFAULT_SEED),
        Some(Some(s)) if s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => Ok(s as u64),
        Some(Some(s)) => Err(argument("seed", &format!("a seed is a whole number ≥ 0, not {s}"))),
        Some(None) => Err(argument("seed", "a seed is a whole number ≥ 0")),
    }
}

#[wasm_bindgen]
impl Dataset {
    fn checked((inner, load): (zhibiao::Dataset, LoadReport), allow_rejected: bool) -> JsResult<Dataset> {
        if !allow_rejected && !load.is_clean() {
            return Err(rejected(&load));
        }
        Ok(Dataset { inner, load })
    }

    /// Builds a dataset from arrays of entity and observation objects.
    #[wasm_bindgen(js_name = fromRecords)]
    pub fn from_records(
        catalog: &Catalog,
        #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ObservationInput[]")] observations: JsValue,
        options: Option<Ts<BuildOptions>>,
    ) -> JsResult<Dataset> {
        let o = errors::options("options", options.as_ref())?;
        let mut b = zhibiao::DatasetBuilder::new(&catalog.inner);
        records::add_entities(&mut b, &entities)?;
        records::add_observations(&mut b, &observations)?;
        Dataset::checked(b.build(), o.allow_rejected)
    }

    /// Builds a dataset from two CSV inputs (text, or bytes in UTF-8 or GBK); `entities`
    /// may be `null` when every observation is about a region (named by its code).
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        catalog: &Catalog,
        #[wasm_bindgen(unchecked_param_type = "CsvInput | null")] entities: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CsvInput")] observations: JsValue,
        options: Option<Ts<CsvLoadOptions>>,
    ) -> JsResult<Dataset> {
        let o = errors::options("options", options.as_ref())?;
        let enc = encoding(o.encoding.as_deref())?;
        let mut b = zhibiao::DatasetBuilder::new(&catalog.inner);
        if !entities.is_null() && !entities.is_undefined() {
            let (bytes, e) = records::csv_bytes(&entities, enc)?;
            b.read_entities_csv(o.entities_file.as_deref().unwrap_or("entities.csv"), &bytes, e)
                .map_err(|e| input_error(&e))?;
        }
        let (bytes, e) = records::csv_bytes(&observations, enc)?;
        let file = o.observations_file.as_deref().unwrap_or("observations.csv");
        let loaded = b.build_entities_first(|b| b.read_observations_csv(file, &bytes, e)).map_err(|e| input_error(&e))?;
        Dataset::checked(loaded, o.allow_rejected)
    }

    /// The built-in synthetic sample (Beijing's 16 districts, Chengdu, Shaanxi, the
    /// nation), generated from `seed` (default 2021, as `zhibiao demo`). Every school,
    /// class, person and figure in it is invented.
    pub fn sample(catalog: &Catalog, #[wasm_bindgen(unchecked_optional_param_type = "number | null")] seed: Option<JsValue>) -> JsResult<Dataset> {
        let seed = self::seed(seed)?;
        let (inner, load) = zhibiao::sample_dataset(&catalog.inner, seed);
        Ok(Dataset { inner, load })
    }

    /// What loading did with every record: read, accepted, and each rejection with its
    /// file, line, column, value and code.
    #[wasm_bindgen(getter)]
    pub fn load(&self) -> JsResult<Ts<LoadReport>> {
        to_js(&self.load)
    }

    /// Number of entities, the built-in regions included.
    #[wasm_bindgen(getter, js_name = entityCount)]
    pub fn entity_count(&self) -> usize {
        self.inner.len()
    }

    /// Number of observations accepted.
    #[wasm_bindgen(getter, js_name = observationCount)]
    pub fn observation_count(&self) -> usize {
        self.inner.observation_count()
    }

    /// The region tree of this dataset: the built-in regions and any added as entities.
    pub fn regions(&self) -> JsResult<Vec<Ts<RegionInfo>>> {
        region_list(&self.inner.regions)
    }

    /// Like [`resolve_region`], over this dataset's regions (the built-in ones and any
    /// added or renamed as entities).
    #[wasm_bindgen(js_name = resolveRegion)]
    pub fn resolve_region(&self, text: &str) -> JsResult<Ts<RegionInfo>> {
        resolve_in(&self.inner.regions, text)
    }
}

/// The sample's records, to see the input format or to feed them elsewhere.
#[wasm_bindgen(js_name = sampleRecords)]
pub fn sample_records(
    catalog: &Catalog,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] seed: Option<JsValue>,
) -> JsResult<Ts<SampleRecords>> {
    let s = zhibiao::sample::generate(&catalog.inner, self::seed(seed)?);
    to_js(&SampleRecords { entities: s.entities, observations: s.observations })
}

// ---------------------------------------------------------------- evaluation and views

/// Evaluates the catalog's targets against the data: one result per target and
/// region, each with its value, coverage, bounds, progress, status and working.
/// Throws `eval.unknown_region`, `eval.unknown_document` or `eval.unknown_target`
/// when a filter names nothing known.
#[wasm_bindgen]
pub fn evaluate(catalog: &Catalog, dataset: &Dataset, options: Ts<EvalOptions>) -> JsResult<Ts<Evaluation>> {
    let options = errors::from_js("options", &options)?;
    let eval = zhibiao::evaluate(&catalog.inner, &dataset.inner, &options).map_err(|e| errors::eval_error(&e))?;
    to_js(&eval)
}

/// Statuses by document and section, read at each document's jurisdiction, or at
/// `region` when given.
#[wasm_bindgen(js_name = bySection)]
pub fn by_section(
    catalog: &Catalog,
    evaluation: Ts<Evaluation>,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] region: Option<JsValue>,
) -> JsResult<Vec<Ts<DocumentView>>> {
    let region = optional_string_arg("region", region)?;
    let eval = errors::from_js("evaluation", &evaluation)?;
    to_js_vec(&zhibiao::views::by_section(&catalog.inner, &eval, region.as_deref()))
}

/// Responsible units whose name contains `name` (all when absent), with their tasks
/// and the status of each task's targets.
#[wasm_bindgen(js_name = byUnit)]
pub fn by_unit(
    catalog: &Catalog,
    evaluation: Ts<Evaluation>,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] name: Option<JsValue>,
) -> JsResult<Vec<Ts<UnitView>>> {
    let name = optional_string_arg("name", name)?;
    let eval = errors::from_js("evaluation", &evaluation)?;
    to_js_vec(&zhibiao::views::by_unit(&catalog.inner, &eval, name.as_deref()))
}

/// Every annual target that contributes to a plan target, per region, against the
/// plan's straight path.
#[wasm_bindgen]
pub fn trajectories(catalog: &Catalog, evaluation: Ts<Evaluation>) -> JsResult<Vec<Ts<Trajectory>>> {
    let eval = errors::from_js("evaluation", &evaluation)?;
    to_js_vec(&zhibiao::views::trajectories(&catalog.inner, &eval))
}

/// The working of one result, step by step, as text (the numbers themselves are in
/// `result.working`).
#[wasm_bindgen]
pub fn explain(result: Ts<TargetResult>) -> JsResult<String> {
    Ok(zhibiao::report::explain(&errors::from_js("result", &result)?))
}

/// Options of [`report`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportOptions {
    /// `zh` (the default) or `en`.
    #[tsify(optional, type = "\"zh\" | \"en\"")]
    pub lang: Option<String>,
    /// `text` (aligned plain text, the default) or `markdown`.
    #[tsify(optional, type = "\"text\" | \"markdown\"")]
    pub style: Option<String>,
    /// A first column with each target's id (default `false`).
    #[tsify(optional)]
    pub ids: Option<bool>,
    /// The legend of every column, status and mark at the end (default `true`).
    #[tsify(optional)]
    pub legend: Option<bool>,
}

/// Options of [`load_summary`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct SummaryOptions {
    /// `zh` (the default) or `en`.
    #[tsify(optional, type = "\"zh\" | \"en\"")]
    pub lang: Option<String>,
    /// Rejections listed at most (default 20).
    #[tsify(optional)]
    pub max_rows: Option<u32>,
}

fn lang(l: Option<&str>) -> JsResult<Lang> {
    l.unwrap_or("zh").parse().map_err(|m: String| argument("lang", &m))
}

/// The report `zhibiao demo` prints: a status summary, then per document the targets
/// region by region, then the milestones.
#[wasm_bindgen]
pub fn report(catalog: &Catalog, evaluation: Ts<Evaluation>, options: Option<Ts<ReportOptions>>) -> JsResult<String> {
    let o = errors::options("options", options.as_ref())?;
    let style = match o.style.as_deref().unwrap_or("text") {
        "text" => Style::Text,
        "markdown" | "md" => Style::Markdown,
        other => return Err(argument("style", &format!("unknown style {other:?}: use text or markdown"))),
    };
    let eval = errors::from_js("evaluation", &evaluation)?;
    let options = zhibiao::report::ReportOptions {
        lang: lang(o.lang.as_deref())?,
        style,
        ids: o.ids.unwrap_or(false),
        legend: o.legend.unwrap_or(true),
        ..Default::default()
    };
    Ok(zhibiao::report::render_with(&catalog.inner, &eval, &options))
}

/// Summary lines of a load report, with the rejected records.
#[wasm_bindgen(js_name = loadSummary)]
pub fn load_summary(load: Ts<LoadReport>, options: Option<Ts<SummaryOptions>>) -> JsResult<String> {
    let o = errors::options("options", options.as_ref())?;
    let load = errors::from_js("load", &load)?;
    Ok(zhibiao::report::load_summary(&load, lang(o.lang.as_deref())?, o.max_rows.unwrap_or(20) as usize))
}

/// Options of [`results_csv`].
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct ResultsCsvOptions {
    /// Start with the UTF-8 byte-order mark, for a file that Excel opens by
    /// double-click and should read as UTF-8 (default `false`).
    #[tsify(optional)]
    pub bom: Option<bool>,
}

/// The flat results table as CSV text: a header of column names (`target`, `label`,
/// `region`, `status`, `value`, …, then `responsible` and `working`), one line per
/// result, RFC 4180 quoting, a missing value empty — the file `zhibiao evaluate --out
/// results.csv` writes (that one with the byte-order mark).
#[wasm_bindgen(js_name = resultsCsv)]
pub fn results_csv(catalog: &Catalog, dataset: &Dataset, evaluation: Ts<Evaluation>, options: Option<Ts<ResultsCsvOptions>>) -> JsResult<String> {
    let o = errors::options("options", options.as_ref())?;
    let eval = errors::from_js("evaluation", &evaluation)?;
    let table = zhibiao::export::results_table(&catalog.inner, &dataset.inner.regions, &eval, zhibiao::export::Columns::WithText);
    Ok(zhibiao::export::csv_string(&table, &zhibiao::export::CsvOptions { bom: o.bom.unwrap_or(false) }))
}
