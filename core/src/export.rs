//! The results as one flat table: one row per result (target × region), typed columns
//! with a machine name and Chinese and English labels. Every tabular output is built
//! from it — the Python/Arrow table, CSV, the Excel report, Parquet — so a column is
//! added in one place. The representation is neutral (no Arrow in the core): a column is
//! a name, labels, a type, a display scale and its values.

use crate::data::LoadReport;
use crate::eval::{Evaluation, TargetResult};
use crate::lang::Lang;
use crate::regions::RegionTable;
use crate::Catalog;
use chrono::NaiveDate;
use serde::Serialize;

/// The values of one column, one per row; `None` is a missing value.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Text.
    Str(Vec<Option<String>>),
    /// 64-bit floating point.
    F64(Vec<Option<f64>>),
    /// 32-bit integer.
    I32(Vec<Option<i32>>),
    /// 64-bit integer.
    I64(Vec<Option<i64>>),
    /// Calendar date.
    Date(Vec<Option<NaiveDate>>),
    /// Yes / no.
    Bool(Vec<Option<bool>>),
}

impl Values {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    /// No values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of row `i` as text for a delimited file: empty when missing, numbers in
    /// their shortest exact form, dates as `YYYY-MM-DD`, booleans as `true` / `false`.
    pub fn text(&self, i: usize) -> String {
        match self {
            Values::Str(v) => v.get(i).cloned().flatten().unwrap_or_default(),
            Values::F64(v) => v.get(i).copied().flatten().map(|x| x.to_string()).unwrap_or_default(),
            Values::I32(v) => v.get(i).copied().flatten().map(|x| x.to_string()).unwrap_or_default(),
            Values::I64(v) => v.get(i).copied().flatten().map(|x| x.to_string()).unwrap_or_default(),
            Values::Date(v) => v.get(i).copied().flatten().map(|d| d.to_string()).unwrap_or_default(),
            Values::Bool(v) => v.get(i).copied().flatten().map(|b| b.to_string()).unwrap_or_default(),
        }
    }
}

/// How a numeric column is meant to be read (spreadsheets format it accordingly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A plain number, or not a number.
    Plain,
    /// Already in percent (95.0 is 95 %): coverage, share among reporting units.
    Percent,
    /// A ratio (1.0 is 100 %): progress, expected progress, growth ratio.
    Ratio,
}

/// One column: machine name, labels, display scale and values.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name (`status`, `target_value` …): stable, the name in Arrow, CSV and JSON.
    pub name: &'static str,
    /// Chinese label (`状态`).
    pub zh: &'static str,
    /// English label (`Status`).
    pub en: &'static str,
    /// How the numbers read.
    pub scale: Scale,
    /// The values, one per row.
    pub values: Values,
}

impl Column {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// A table of typed columns of equal length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlatTable {
    /// The columns, in order.
    pub columns: Vec<Column>,
}

impl FlatTable {
    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

/// Which columns [`results_table`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Columns {
    /// The data columns (what the Python/Arrow table holds).
    #[default]
    Data,
    /// The data columns, then the task's responsible units and the working as text
    /// (for spreadsheets: CSV, Excel).
    WithText,
}

/// Column type while rows are added.
#[derive(Clone, Copy)]
enum Ty {
    S,
    F,
    I,
    D,
    B,
}

/// Name, Chinese label, English label, type, scale.
type Spec = (&'static str, &'static str, &'static str, Ty, Scale);

use Scale::{Percent, Plain, Ratio};
use Ty::{B, D, F, I, S};

/// The data columns, in order (the order of the cells in [`data_row`]).
const DATA_COLUMNS: &[Spec] = &[
    ("target", "目标编号", "Target id", S, Plain),
    ("label", "目标", "Target", S, Plain),
    ("label_en", "目标（英文）", "Target (English)", S, Plain),
    ("document", "文件", "Document", S, Plain),
    ("region", "地区代码", "Region code", S, Plain),
    ("region_name", "地区", "Region", S, Plain),
    ("region_name_en", "地区（英文）", "Region (English)", S, Plain),
    ("region_level", "地区层级", "Region level", S, Plain),
    ("parent", "上级地区代码", "Parent region code", S, Plain),
    ("kind", "目标类型", "Kind", S, Plain),
    ("indicator", "指标", "Indicator", S, Plain),
    ("comparator", "比较", "Comparator", S, Plain),
    ("target_value", "目标值", "Target value", F, Plain),
    ("unit", "单位", "Unit", S, Plain),
    ("deadline", "截止日期", "Deadline", D, Plain),
    ("as_of", "评估日期", "As of", D, Plain),
    ("year", "年份", "Year", I, Plain),
    ("value", "当前值", "Value", F, Plain),
    ("numerator", "达标单位数", "Passing units", F, Plain),
    ("denominator", "应统计单位数", "Eligible units", F, Plain),
    ("coverage", "填报率", "Coverage", F, Percent),
    ("reported_share", "填报单位达标率", "Share among reporting", F, Percent),
    ("lower_bound", "下界", "Lower bound", F, Plain),
    ("upper_bound", "上界", "Upper bound", F, Plain),
    ("baseline_date", "基线日期", "Baseline date", D, Plain),
    ("baseline_value", "基线值", "Baseline value", F, Plain),
    ("baseline_from", "基线来源", "Baseline from", S, Plain),
    ("progress", "进度", "Progress", F, Ratio),
    ("expected_progress", "应有进度", "Expected progress", F, Ratio),
    ("growth_ratio", "增长比", "Growth ratio", F, Ratio),
    ("method", "计算方法", "Method", S, Plain),
    ("projection", "截止日预测值", "Projection", F, Plain),
    ("status", "状态", "Status", S, Plain),
    ("status_if_missing_passed", "缺报均达标时状态", "Status if missing passed", S, Plain),
    ("reason", "原因代码", "Reason code", S, Plain),
    ("reason_message", "原因", "Reason", S, Plain),
    ("approximate", "约数", "Approximate", B, Plain),
    ("soft", "软性目标", "Soft", B, Plain),
    ("evidence", "依据", "Evidence", S, Plain),
    ("decided_by", "判定依据", "Decided by", S, Plain),
    ("qualifier", "限定", "Qualifier", S, Plain),
    ("reported_value", "上报值", "Reported value", F, Plain),
    ("reported_difference", "上报值差异", "Reported difference", F, Plain),
    ("reported_large_gap", "差异较大", "Large gap", B, Plain),
];

/// The text columns of [`Columns::WithText`], after the data columns.
const TEXT_COLUMNS: &[Spec] = &[
    ("responsible", "责任单位", "Responsible units", S, Plain),
    ("working", "计算过程", "Working", S, Plain),
];

/// One cell while a row is built.
enum Cell {
    S(Option<String>),
    F(Option<f64>),
    I(Option<i32>),
    D(Option<NaiveDate>),
    B(Option<bool>),
}

fn s(v: Option<&str>) -> Cell {
    Cell::S(v.map(str::to_string))
}

/// The machine name of a unit-like serde enum (`RegionLevel::Province` → `province`).
fn code<T: Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The cells of one result, in the order of [`DATA_COLUMNS`].
fn data_row(cat: &Catalog, regions: &RegionTable, r: &TargetResult) -> Vec<Cell> {
    let target = cat.target(&r.target).map(|(_, t)| t);
    let name_en = regions.index(&r.region).and_then(|i| regions.name_en(i));
    vec![
        s(Some(&r.target)),
        s(target.map(|t| t.label.as_str())),
        s(target.map(|t| t.label_en.as_str())),
        s(Some(&r.document)),
        s(Some(&r.region)),
        s(Some(&r.region_name)),
        s(name_en),
        Cell::S(code(&r.region_level)),
        s(r.parent.as_deref()),
        s(Some(r.kind.name())),
        s(Some(&r.indicator)),
        Cell::S(r.comparator.and_then(|c| code(&c))),
        Cell::F(r.target_value),
        s(r.unit.as_deref()),
        Cell::D(Some(r.deadline)),
        Cell::D(Some(r.as_of)),
        Cell::I(r.year),
        Cell::F(r.value),
        Cell::F(r.numerator),
        Cell::F(r.denominator),
        Cell::F(r.coverage),
        Cell::F(r.reported_share),
        Cell::F(r.bounds.map(|b| b.lower)),
        Cell::F(r.bounds.map(|b| b.upper)),
        Cell::D(r.baseline.as_ref().map(|b| b.date)),
        Cell::F(r.baseline.as_ref().map(|b| b.value)),
        s(r.baseline.as_ref().map(|b| b.from.as_str())),
        Cell::F(r.progress),
        Cell::F(r.expected_progress),
        Cell::F(r.growth_ratio),
        Cell::S(r.method.and_then(|m| code(&m))),
        Cell::F(r.projection),
        s(Some(r.status.code())),
        s(r.status_if_missing_passed.map(|s| s.code())),
        s(r.reason.as_ref().map(|x| x.code.as_str())),
        s(r.reason.as_ref().map(|x| x.message.as_str())),
        Cell::B(Some(r.approximate)),
        Cell::B(Some(r.soft)),
        s(r.evidence.as_deref()),
        Cell::S(r.decided_by.and_then(|d| code(&d))),
        s(r.qualifier.map(|q| q.code())),
        Cell::F(r.reported.as_ref().map(|x| x.value)),
        Cell::F(r.reported.as_ref().map(|x| x.difference)),
        Cell::B(r.reported.as_ref().map(|x| x.large)),
    ]
}

/// The responsible units of the result's task (`、`-separated, leads first) and the
/// working (one step a line, as [`crate::report::explain`] writes it).
fn text_row(cat: &Catalog, r: &TargetResult) -> Vec<Cell> {
    let responsible = cat.target(&r.target).and_then(|(d, t)| {
        let task = t.task.as_deref().and_then(|id| d.tasks.iter().find(|x| x.id == id))?;
        let units = task.responsible.all_units();
        (!units.is_empty()).then(|| units.join("、"))
    });
    vec![Cell::S(responsible), Cell::S(Some(crate::report::explain(r).trim_end().to_string()))]
}

fn empty(ty: Ty, n: usize) -> Values {
    match ty {
        Ty::S => Values::Str(Vec::with_capacity(n)),
        Ty::F => Values::F64(Vec::with_capacity(n)),
        Ty::I => Values::I32(Vec::with_capacity(n)),
        Ty::D => Values::Date(Vec::with_capacity(n)),
        Ty::B => Values::Bool(Vec::with_capacity(n)),
    }
}

fn text_column(name: &'static str, zh: &'static str, en: &'static str, values: Vec<Option<String>>) -> Column {
    Column { name, zh, en, scale: Scale::Plain, values: Values::Str(values) }
}

/// The records the load rejected, one row each: `record` (`entity` or `observation`),
/// `file`, `line`, `column`, `value`, `code`, `reason` — entities first, in the order read.
pub fn rejections_table(report: &LoadReport) -> FlatTable {
    let rows: Vec<(&str, &crate::data::Rejection)> = report
        .entities
        .rejected
        .iter()
        .map(|r| ("entity", r))
        .chain(report.observations.rejected.iter().map(|r| ("observation", r)))
        .collect();
    let strs = |f: &dyn Fn(&(&str, &crate::data::Rejection)) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let line = Column {
        name: "line",
        zh: "行",
        en: "Line",
        scale: Scale::Plain,
        values: Values::I64(rows.iter().map(|(_, r)| r.location.line.and_then(|l| i64::try_from(l).ok())).collect()),
    };
    FlatTable {
        columns: vec![
            text_column("record", "记录类型", "Record", strs(&|(k, _)| Some(k.to_string()))),
            text_column("file", "文件", "File", strs(&|(_, r)| r.location.file.clone())),
            line,
            text_column("column", "列", "Column", strs(&|(_, r)| r.column.clone())),
            text_column("value", "值", "Value", strs(&|(_, r)| r.value.clone())),
            text_column("code", "错误代码", "Code", strs(&|(_, r)| Some(r.code.clone()))),
            text_column("reason", "原因", "Reason", strs(&|(_, r)| Some(r.reason.clone()))),
        ],
    }
}

/// A results file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing failed (a full disk, a closed pipe, a path that cannot be created).
    #[error("cannot write {target}: {source}")]
    Io {
        /// The file (or `<stdout>`, `<string>`).
        target: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The spreadsheet writer refused the workbook.
    #[error("cannot write the workbook {target}: {message}")]
    Xlsx {
        /// The file (or `<bytes>`).
        target: String,
        /// What the writer said.
        message: String,
    },
}

impl ExportError {
    /// Stable code: `output.io` or `output.xlsx`.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Io { .. } => "output.io",
            ExportError::Xlsx { .. } => "output.xlsx",
        }
    }

    /// The underlying I/O error kind, if any (a closed pipe is not a failure for the CLI).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            ExportError::Io { source, .. } => Some(source.kind()),
            ExportError::Xlsx { .. } => None,
        }
    }
}

/// How [`write_csv`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start with the UTF-8 byte-order mark (EF BB BF), so Excel reads the file as
    /// UTF-8 and shows Chinese correctly when it is opened by double-click (default).
    /// Without it the file is plain UTF-8.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true }
    }
}

/// Writes `table` as CSV (RFC 4180: comma-separated, fields with commas, quotes or line
/// breaks quoted, quotes doubled): a header of the machine names, then one line per row;
/// a missing value is an empty field. `target` names the destination in errors.
pub fn write_csv<W: std::io::Write>(table: &FlatTable, mut out: W, o: &CsvOptions, target: &str) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io { target: target.to_string(), source: e };
    let csv_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => io(e),
        other => io(std::io::Error::other(format!("{other:?}"))),
    };
    if o.bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    }
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(table.names()).map_err(csv_err)?;
    let mut record = Vec::with_capacity(table.columns.len());
    for i in 0..table.num_rows() {
        record.clear();
        record.extend(table.columns.iter().map(|c| c.values.text(i)));
        w.write_record(&record).map_err(csv_err)?;
    }
    w.flush().map_err(io)
}

/// [`write_csv`] into a string.
pub fn csv_string(table: &FlatTable, o: &CsvOptions) -> String {
    let mut buf = Vec::new();
    // Writing into memory cannot fail; should it, the text written so far is returned.
    let _ = write_csv(table, &mut buf, o, "<string>");
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends a cell to its column. A cell of another type than its column (a mistake in
/// this file; a test checks every row) is stored as a missing value of the column's type.
fn push(values: &mut Values, cell: Cell) {
    match (values, cell) {
        (Values::Str(v), Cell::S(x)) => v.push(x),
        (Values::F64(v), Cell::F(x)) => v.push(x),
        (Values::I32(v), Cell::I(x)) => v.push(x),
        (Values::Date(v), Cell::D(x)) => v.push(x),
        (Values::Bool(v), Cell::B(x)) => v.push(x),
        (Values::Str(v), _) => v.push(None),
        (Values::F64(v), _) => v.push(None),
        (Values::I32(v), _) => v.push(None),
        (Values::I64(v), _) => v.push(None),
        (Values::Date(v), _) => v.push(None),
        (Values::Bool(v), _) => v.push(None),
    }
}

/// The results of `eval` as one flat row each (nested fields spread into columns).
pub fn results_table(cat: &Catalog, regions: &RegionTable, eval: &Evaluation, columns: Columns) -> FlatTable {
    let specs: Vec<&Spec> = match columns {
        Columns::Data => DATA_COLUMNS.iter().collect(),
        Columns::WithText => DATA_COLUMNS.iter().chain(TEXT_COLUMNS).collect(),
    };
    let n = eval.results.len();
    let mut values: Vec<Values> = specs.iter().map(|sp| empty(sp.3, n)).collect();
    for r in &eval.results {
        let mut cells = data_row(cat, regions, r);
        if columns == Columns::WithText {
            cells.extend(text_row(cat, r));
        }
        for (v, cell) in values.iter_mut().zip(cells) {
            push(v, cell);
        }
    }
    let columns = specs
        .into_iter()
        .zip(values)
        .map(|(&(name, zh, en, _, scale), values)| Column { name, zh, en, scale, values })
        .collect();
    FlatTable { columns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, sample_dataset, EvalOptions};

    fn demo() -> (Catalog, crate::Dataset, Evaluation) {
        let catalog = Catalog::builtin().expect("builtin");
        let (data, _) = sample_dataset(&catalog, crate::sample::DEFAULT_SEED);
        let as_of = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("date");
        let eval = evaluate(&catalog, &data, &EvalOptions::new(as_of)).expect("evaluate");
        (catalog, data, eval)
    }

    #[test]
    fn every_cell_lands_in_a_column_of_its_type() {
        let (cat, data, eval) = demo();
        for r in eval.results.iter().take(50) {
            let mut cells = data_row(&cat, &data.regions, r);
            cells.extend(text_row(&cat, r));
            let specs: Vec<&Spec> = DATA_COLUMNS.iter().chain(TEXT_COLUMNS).collect();
            assert_eq!(cells.len(), specs.len());
            for (cell, sp) in cells.iter().zip(specs) {
                let ok = matches!((cell, sp.3), (Cell::S(_), Ty::S) | (Cell::F(_), Ty::F) | (Cell::I(_), Ty::I) | (Cell::D(_), Ty::D) | (Cell::B(_), Ty::B));
                assert!(ok, "column {} gets a cell of another type", sp.0);
            }
        }
    }

    #[test]
    fn one_row_per_result_with_its_values() {
        let (cat, data, eval) = demo();
        let t = results_table(&cat, &data.regions, &eval, Columns::WithText);
        assert_eq!(t.num_rows(), eval.results.len());
        assert!(t.columns.iter().all(|c| c.values.len() == eval.results.len()));
        let names = t.names();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "column names repeat");
        let i = eval.results.iter().position(|r| r.value.is_some() && r.progress.is_some()).expect("a result with a value");
        let r = &eval.results[i];
        let col = |n: &str| t.column(n).expect(n);
        assert_eq!(col("target").values.text(i), r.target);
        assert_eq!(col("status").values.text(i), r.status.code());
        assert!(matches!(&col("value").values, Values::F64(v) if v[i] == r.value));
        assert!(matches!(&col("deadline").values, Values::Date(v) if v[i] == Some(r.deadline)));
        assert!(matches!(&col("approximate").values, Values::Bool(v) if v[i] == Some(r.approximate)));
        assert!(matches!(&col("year").values, Values::I32(v) if v[i] == r.year));
        assert_eq!(col("progress").scale, Scale::Ratio);
        assert_eq!(col("coverage").scale, Scale::Percent);
        assert_eq!(col("status").label(Lang::Zh), "状态");
        assert!(col("working").values.text(i).contains("progress"));
        assert_eq!(col("region_level").values.text(i), code(&r.region_level).unwrap_or_default());
        let data_only = results_table(&cat, &data.regions, &eval, Columns::Data);
        assert_eq!(data_only.columns.len() + TEXT_COLUMNS.len(), t.columns.len());
        assert!(data_only.column("working").is_none());
        // Some target of a document with tasks names its responsible units.
        assert!((0..t.num_rows()).any(|i| !col("responsible").values.text(i).is_empty()));
    }

    #[test]
    fn csv_reads_back_with_bom_quoting_and_empty_missing_values() {
        let (cat, data, eval) = demo();
        let t = results_table(&cat, &data.regions, &eval, Columns::WithText);
        let text = csv_string(&t, &CsvOptions::default());
        assert!(text.starts_with('\u{feff}'), "the BOM comes first");
        let plain = csv_string(&t, &CsvOptions { bom: false });
        assert_eq!(plain, text['\u{feff}'.len_utf8()..]);
        let mut rd = csv::ReaderBuilder::new().from_reader(plain.as_bytes());
        let header: Vec<String> = rd.headers().expect("header").iter().map(String::from).collect();
        assert_eq!(header, t.names());
        let rows: Vec<csv::StringRecord> = rd.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), eval.results.len());
        let at = |n: &str| header.iter().position(|h| h == n).expect(n);
        for (row, r) in rows.iter().zip(&eval.results) {
            assert_eq!(&row[at("target")], r.target);
            assert_eq!(&row[at("region_name")], r.region_name);
            assert_eq!(row[at("value")].parse::<f64>().ok(), r.value);
            assert_eq!(&row[at("deadline")], r.deadline.to_string());
            // The working spans lines and survives the quoting whole.
            assert_eq!(&row[at("working")], crate::report::explain(r).trim_end());
        }
        assert!(rows.iter().any(|row| row[at("working")].contains('\n')));
        assert!(rows.iter().any(|row| row[at("year")].is_empty()), "a missing year is an empty field");
    }

    #[test]
    fn rejected_records_become_rows() {
        let cat = Catalog::builtin().expect("builtin");
        let mut b = crate::DatasetBuilder::new(&cat);
        b.read_observations_csv("obs.csv", b"entity_id,indicator,period,value\n110101,region.lessons_shared,2023,abc\n", crate::io::Encoding::Utf8)
            .expect("read");
        let (_, report) = b.build();
        let t = rejections_table(&report);
        assert_eq!(t.num_rows(), report.rejections().count());
        assert_eq!(t.names(), ["record", "file", "line", "column", "value", "code", "reason"]);
        assert_eq!(t.column("file").map(|c| c.values.text(0)), Some("obs.csv".to_string()));
        assert_eq!(t.column("line").map(|c| c.values.text(0)), Some("2".to_string()));
        assert_eq!(t.column("value").map(|c| c.values.text(0)), Some("abc".to_string()));
    }
}
