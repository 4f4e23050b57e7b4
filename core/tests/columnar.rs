//! Parquet and Arrow IPC in and out (core/src/columnar.rs): a table read from Parquet or
//! Arrow IPC loads and evaluates as its CSV does, rejections located by row, bad files
//! and column types coded errors (never a panic), results and rejections written back.
//! The columnar files are written here from the CSV fixtures; the one checked-in file
//! (tests/fixtures/columnar/, written by pyarrow: dictionary strings, integer years) is
//! read as it is.
#![cfg(feature = "parquet")]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use arrow_array::builder::{Decimal128Builder, ListBuilder, StringBuilder, StringDictionaryBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, BooleanArray, Date32Array, Float32Array, Float64Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray, TimestampSecondArray};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zhibiao::columnar::{self, Format};
use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder, EvalOptions, LoadReport};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zhibiao-columnar-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// How CSV text is put into Arrow columns.
#[derive(Clone, Copy, PartialEq)]
enum Typing {
    /// Every column `utf8`.
    Text,
    /// A column whose every non-empty cell is an integer (or a float) written as Rust
    /// writes it becomes `int64` (`float64`), empty cells null; text columns are
    /// dictionary-encoded, as pandas' categoricals and polars' `Categorical` are.
    Typed,
}

/// The CSV file as one record batch (every row must have the header's width).
fn csv_batch(csv: &Path, typing: Typing) -> RecordBatch {
    let mut r = csv::ReaderBuilder::new().from_path(csv).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let rows: Vec<Vec<String>> = r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect();
    let mut cols: Vec<(String, ArrayRef)> = Vec::new();
    for (j, name) in header.iter().enumerate() {
        let cells: Vec<&str> = rows.iter().map(|r| r[j].as_str()).collect();
        let filled = || cells.iter().filter(|c| !c.is_empty());
        let int = |c: &&&str| c.parse::<i64>().is_ok_and(|v| v.to_string() == **c);
        let float = |c: &&&str| c.parse::<f64>().is_ok_and(|v| v.is_finite() && v.to_string() == **c);
        let a: ArrayRef = if typing == Typing::Typed && filled().count() > 0 && filled().all(|c| int(&c)) {
            Arc::new(cells.iter().map(|c| c.parse::<i64>().ok()).collect::<Int64Array>())
        } else if typing == Typing::Typed && filled().count() > 0 && filled().all(|c| float(&c)) {
            Arc::new(cells.iter().map(|c| c.parse::<f64>().ok()).collect::<Float64Array>())
        } else if typing == Typing::Typed {
            let mut b = StringDictionaryBuilder::<Int32Type>::new();
            for c in &cells {
                if c.is_empty() {
                    b.append_null();
                } else {
                    b.append_value(c);
                }
            }
            Arc::new(b.finish())
        } else {
            Arc::new(cells.iter().map(|c| Some(*c)).collect::<StringArray>())
        };
        cols.push((name.clone(), a));
    }
    RecordBatch::try_from_iter(cols).unwrap()
}

/// Writes `batch` to `dir/name` in the format of its extension.
fn write(dir: &Path, name: &str, batch: &RecordBatch) -> PathBuf {
    let path = dir.join(name);
    columnar::write_batch(&path, Format::of_path(&path).unwrap(), batch).unwrap();
    path
}

/// The report with file names dropped and CSV lines as data rows (the header is line
/// 1 of a CSV file, row 0 of the data), for comparing a CSV load with a columnar one.
fn normalized(mut r: LoadReport, csv: bool) -> LoadReport {
    for c in [&mut r.entities, &mut r.observations] {
        c.encodings.clear();
        for x in &mut c.rejected {
            x.location.file = None;
            if csv {
                x.location.line = x.location.line.map(|l| l - 1);
                x.reason = lines_as_rows(&x.reason);
            }
        }
    }
    r
}

/// `line N` in a CSV rejection's reason as the data row it is (`line N-1`).
fn lines_as_rows(reason: &str) -> String {
    let mut out = String::new();
    let mut rest = reason;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<u64>() {
            Ok(n) => out.push_str(&(n - 1).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
}

/// Loads (entities, observations) from CSV files and from their columnar copies, and
/// asserts the same load report and the same evaluation.
fn same_as_csv(entities: Option<&Path>, observations: &Path, typing: Typing, ext: &str, keep: Option<&[&str]>) -> LoadReport {
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch(&format!("same-{}-{ext}", observations.file_stem().unwrap().to_string_lossy()));
    let mut a = DatasetBuilder::new(&catalog);
    let mut b = DatasetBuilder::new(&catalog);
    if let Some(k) = keep {
        a.keep_only(k.iter().copied());
        b.keep_only(k.iter().copied());
    }
    if let Some(e) = entities {
        a.read_entities_file(e, Encoding::Auto).unwrap();
        let p = write(&dir, &format!("entities.{ext}"), &csv_batch(e, typing));
        b.read_entities_columnar(&p, Format::of_path(&p).unwrap()).unwrap();
    }
    a.read_observations_file(observations, Encoding::Auto).unwrap();
    let p = write(&dir, &format!("observations.{ext}"), &csv_batch(observations, typing));
    b.read_observations_columnar(&p, Format::of_path(&p).unwrap()).unwrap();
    let (da, ra) = a.build();
    let (db, rb) = b.build();
    assert_eq!(normalized(ra, true), normalized(rb.clone(), false), "{}", observations.display());
    assert_eq!(da.observation_count(), db.observation_count());
    let ea = zhibiao::evaluate(&catalog, &da, &EvalOptions::new(as_of())).unwrap();
    let eb = zhibiao::evaluate(&catalog, &db, &EvalOptions::new(as_of())).unwrap();
    assert_eq!(serde_json::to_value(&ea.results).unwrap(), serde_json::to_value(&eb.results).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    rb
}

#[test]
fn csv_fixtures_load_and_evaluate_the_same_from_parquet_and_arrow() {
    let f = fixtures();
    let entities = f.join("entities.csv");
    let cases: Vec<(Option<PathBuf>, PathBuf)> = vec![
        (Some(entities.clone()), f.join("observations.csv")),
        (Some(entities.clone()), f.join("observations-duplicates.csv")),
        (Some(entities.clone()), f.join("observations-out-of-range.csv")),
        (Some(entities.clone()), f.join("bad/obs-figures.csv")),
        (None, f.join("bad/obs-periods.csv")),
        (Some(f.join("bad/ent-hierarchy.csv")), f.join("observations.csv")),
    ];
    let mut rejected = 0;
    for (e, o) in &cases {
        for typing in [Typing::Text, Typing::Typed] {
            for ext in ["parquet", "arrow", "arrows", "FEATHER"] {
                let r = same_as_csv(e.as_deref(), o, typing, ext, None);
                assert_eq!(r.observations.accepted + r.observations.rejected.len() as u64, r.observations.read);
                assert_eq!(r.entities.accepted + r.entities.rejected.len() as u64, r.entities.read);
                rejected += r.observations.rejected.len() + r.entities.rejected.len();
            }
        }
    }
    // The fixtures hold rejections, so rows and codes were compared, not only counts.
    assert!(rejected > 50, "{rejected}");
}

/// The built-in sample, written as CSV, then as Parquet with typed columns: the same
/// evaluation, with and without a selection of targets (rows of other indicators set
/// aside unread).
#[test]
fn the_sample_evaluates_the_same_from_parquet() {
    let catalog = Catalog::builtin().unwrap();
    let s = zhibiao::sample::generate(&catalog, zhibiao::sample::DEFAULT_SEED);
    let dir = scratch("sample");
    let mut w = csv::Writer::from_path(dir.join("entities.csv")).unwrap();
    w.write_record(["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"]).unwrap();
    for e in &s.entities {
        w.write_record([&e.entity_id, &e.kind, &e.name, &e.region_code, &e.parent_id, &e.stage, &e.area_class, &e.role]).unwrap();
    }
    w.flush().unwrap();
    let mut w = csv::Writer::from_path(dir.join("observations.csv")).unwrap();
    w.write_record(["entity_id", "indicator", "period", "value", "source"]).unwrap();
    for o in &s.observations {
        w.write_record([&o.entity_id, &o.indicator, &o.period, &o.value, &o.source]).unwrap();
    }
    w.flush().unwrap();
    let (e, o) = (dir.join("entities.csv"), dir.join("observations.csv"));
    let r = same_as_csv(Some(&e), &o, Typing::Typed, "parquet", None);
    assert!(r.observations.accepted > 100, "{}", r.observations.accepted);
    let r = same_as_csv(Some(&e), &o, Typing::Typed, "parquet", Some(&["region.lessons_shared"]));
    assert!(r.observations.skipped > 100, "{}", r.observations.skipped);
    let _ = std::fs::remove_dir_all(&dir);
}

/// More rows than one batch of the Parquet reader holds (16 Ki) and than one parallel
/// task checks (1 Ki), with rejections spread through them: the same report — every
/// rejection on the CSV's row — and the same evaluation, from text and from typed
/// columns (the values then `float64`, whole numbers among them).
#[test]
fn many_batches_of_rows_read_as_their_csv() {
    let catalog = Catalog::builtin().unwrap();
    let s = zhibiao::sample::generate(&catalog, zhibiao::sample::DEFAULT_SEED);
    let dir = scratch("many-batches");
    let mut w = csv::Writer::from_path(dir.join("entities-many.csv")).unwrap();
    w.write_record(["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"]).unwrap();
    for e in &s.entities {
        w.write_record([&e.entity_id, &e.kind, &e.name, &e.region_code, &e.parent_id, &e.stage, &e.area_class, &e.role]).unwrap();
    }
    w.flush().unwrap();
    let schools: Vec<&str> = s.entities.iter().filter(|e| e.kind == "school").map(|e| e.entity_id.as_str()).collect();
    assert!(schools.len() > 10, "{}", schools.len());
    let mut w = csv::Writer::from_path(dir.join("observations-many.csv")).unwrap();
    w.write_record(["entity_id", "indicator", "period", "value", "source"]).unwrap();
    let rows = 40_000;
    for i in 0..rows {
        let school = schools[i % schools.len()];
        let period = if i % 997 == 5 { "20x3".to_string() } else { (1900 + i / schools.len()).to_string() };
        let value = if i % 1301 == 7 { "-5" } else if i % 17 == 0 { "97.5" } else { "1000" };
        let indicator = if i % 3 == 0 { "school.wifi_full_coverage" } else { "school.bandwidth_mbps" };
        let value = if indicator == "school.wifi_full_coverage" { if i % 2 == 0 { "1" } else { "0" } } else { value };
        w.write_record([school, indicator, &period, value, if i % 5 == 0 { "填报" } else { "" }]).unwrap();
    }
    w.flush().unwrap();
    // Names of their own: same_as_csv's scratch directory is named after the file.
    let (e, o) = (dir.join("entities-many.csv"), dir.join("observations-many.csv"));
    for typing in [Typing::Text, Typing::Typed] {
        let r = same_as_csv(Some(&e), &o, typing, "parquet", None);
        assert_eq!(r.observations.read, rows as u64);
        let last = r.observations.rejected.iter().filter_map(|x| x.location.line).max().unwrap_or(0);
        assert!(r.observations.rejected.len() > 60 && last > 35_000, "{} rejected, last on row {last}", r.observations.rejected.len());
        let r = same_as_csv(Some(&e), &o, typing, "parquet", Some(&["school.bandwidth_mbps"]));
        assert!(r.observations.skipped > 10_000, "{}", r.observations.skipped);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loads observations from `batch` written as `ext`, with the entities of the fixtures.
fn load_obs(batch: &RecordBatch, ext: &str, name: &str) -> (zhibiao::Dataset, LoadReport, PathBuf) {
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch(name);
    let p = write(&dir, &format!("o.{ext}"), batch);
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_file(fixtures().join("entities.csv"), Encoding::Auto).unwrap();
    b.read_observations_columnar(&p, Format::of_path(&p).unwrap()).unwrap();
    let (d, r) = b.build();
    (d, r, p)
}

/// Periods and values as real files type them (dates, time-zoned timestamps, decimals,
/// float32, large and view strings): read as their CSV text would be.
#[test]
fn column_types_of_real_files_read_as_their_text() {
    let n = 4;
    let ids: ArrayRef = Arc::new(LargeStringArray::from(vec!["S1"; n]));
    let ind: ArrayRef = Arc::new(StringViewArray::from(vec!["school.bandwidth_mbps"; n]));
    // 2020-06-30, 2021-06-30, 2022-06-30, and a null (an empty period: rejected).
    let days = |y: i32| (chrono::NaiveDate::from_ymd_opt(y, 6, 30).unwrap() - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32;
    let period: ArrayRef = Arc::new(Date32Array::from(vec![Some(days(2020)), Some(days(2021)), Some(days(2022)), None]));
    let mut dec = Decimal128Builder::new().with_precision_and_scale(6, 2).unwrap();
    for v in [9050, 9100, 9250, 9300] {
        dec.append_value(v);
    }
    let value: ArrayRef = Arc::new(dec.finish());
    let b = RecordBatch::try_from_iter([("entity_id", ids.clone()), ("indicator", ind.clone()), ("period", period), ("value", value)]).unwrap();
    let (data, r, p) = load_obs(&b, "parquet", "dates");
    assert_eq!((r.observations.read, r.observations.accepted), (4, 3), "{:?}", r.observations.rejected);
    // The null period is an empty cell: refused as the CSV refuses one, at its row.
    let x = &r.observations.rejected[0];
    assert_eq!((x.location.line, x.column.as_deref(), x.code.as_str(), x.value.as_deref()), (Some(4), Some("period"), "data.bad_period", Some("")), "{x:?}");
    assert_eq!(x.location.file.as_deref(), Some(p.display().to_string().as_str()));
    let series = data.series.get("school.bandwidth_mbps").unwrap();
    assert_eq!((series.year.clone(), series.value.clone()), (vec![2020, 2021, 2022], vec![90.5, 91.0, 92.5]));

    // 2023-01-01T00:30+08:00 is 2023-01-01 in Beijing (2022-12-31 in UTC); float32 0.95 is 0.95.
    let ts = TimestampSecondArray::from(vec![1_672_504_200i64; 1]).with_timezone("Asia/Shanghai");
    let b = RecordBatch::try_from_iter([
        ("entity_id", Arc::new(StringArray::from(vec!["S1"])) as ArrayRef),
        ("indicator", Arc::new(StringArray::from(vec!["school.bandwidth_mbps"]))),
        ("period", Arc::new(ts)),
        ("value", Arc::new(Float32Array::from(vec![95.1f32]))),
    ])
    .unwrap();
    let (data, r, _) = load_obs(&b, "parquet", "ts");
    assert!(r.is_clean(), "{:?}", r.observations.rejected);
    let series = data.series.get("school.bandwidth_mbps").unwrap();
    use chrono::Datelike;
    let jan1 = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap().num_days_from_ce();
    assert_eq!((series.len(), series.day[0], series.value[0]), (1, jan1, 95.1));
}

/// A boolean value column (yes/no indicators) with a null value.
#[test]
fn booleans_and_nulls() {
    let catalog = Catalog::builtin().unwrap();
    let yes_no = catalog.indicators().iter().find(|i| i.value_type == zhibiao::ValueType::Boolean && i.entity == zhibiao::EntityKind::School).unwrap();
    let b = RecordBatch::try_from_iter([
        ("entity_id", Arc::new(StringArray::from(vec!["S1", "S2", "S3"])) as ArrayRef),
        ("indicator", Arc::new(StringArray::from(vec![yes_no.id.as_str(); 3]))),
        ("period", Arc::new(Int64Array::from(vec![2023, 2023, 2023]))),
        ("value", Arc::new(BooleanArray::from(vec![Some(true), Some(false), None]))),
    ])
    .unwrap();
    let (_, r, _) = load_obs(&b, "parquet", "bool");
    // The null value is what an empty CSV cell is.
    let csv = format!("entity_id,indicator,period,value\nS1,{0},2023,true\nS2,{0},2023,false\nS3,{0},2023,\n", yes_no.id);
    let mut c = DatasetBuilder::new(&catalog);
    c.read_entities_file(fixtures().join("entities.csv"), Encoding::Auto).unwrap();
    c.read_observations_csv("x.csv", csv.as_bytes(), Encoding::Utf8).unwrap();
    assert_eq!(normalized(r, false), normalized(c.build().1, true));
}

#[test]
fn bad_column_types_and_columns_are_coded_errors() {
    let catalog = Catalog::builtin().unwrap();
    let mut list = ListBuilder::new(StringBuilder::new());
    list.values().append_value("2023");
    list.append(true);
    let b = RecordBatch::try_from_iter([
        ("entity_id", Arc::new(StringArray::from(vec!["110000"])) as ArrayRef),
        ("indicator", Arc::new(StringArray::from(vec!["region.lessons_shared"]))),
        ("period", Arc::new(list.finish())),
        ("value", Arc::new(Int64Array::from(vec![1]))),
    ])
    .unwrap();
    let dir = scratch("types");
    for ext in ["parquet", "arrow"] {
        let p = write(&dir, &format!("o.{ext}"), &b);
        let mut bld = DatasetBuilder::new(&catalog);
        let e = bld.read_observations_columnar(&p, Format::of_path(&p).unwrap()).unwrap_err();
        assert_eq!(e.code(), "input.column_type");
        let m = e.to_string();
        assert!(m.contains(&p.display().to_string()) && m.contains("\"period\"") && m.contains("List"), "{m}");
    }
    // A required column missing.
    let b = RecordBatch::try_from_iter([("entity_id", Arc::new(StringArray::from(vec!["110000"])) as ArrayRef)]).unwrap();
    let p = write(&dir, "missing.parquet", &b);
    let e = DatasetBuilder::new(&catalog).read_observations_columnar(&p, Format::Parquet).unwrap_err();
    assert_eq!(e.code(), "input.missing_column", "{e}");
    // A documented column twice (Arrow allows it).
    let s: ArrayRef = Arc::new(StringArray::from(vec!["x"]));
    let fields = ["entity_id", "kind", "kind"].map(|n| arrow_schema::Field::new(n, arrow_schema::DataType::Utf8, true));
    let b = RecordBatch::try_new(Arc::new(arrow_schema::Schema::new(fields.to_vec())), vec![s.clone(), s.clone(), s]).unwrap();
    let p = write(&dir, "dup.arrow", &b);
    let e = DatasetBuilder::new(&catalog).read_entities_columnar(&p, Format::ArrowIpc).unwrap_err();
    assert_eq!(e.code(), "input.duplicate_column", "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Garbage, truncations (every 5th length) and single-byte corruptions (every 13th byte) of a Parquet and an Arrow file:
/// a coded error or a load whose counts add up, never a panic.
#[test]
fn truncated_and_garbage_files_are_coded_errors() {
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch("corrupt");
    let batch = csv_batch(&fixtures().join("observations.csv"), Typing::Typed);
    for ext in ["parquet", "arrow", "arrows"] {
        let good = std::fs::read(write(&dir, &format!("good.{ext}"), &batch)).unwrap();
        let format = Format::of_path(Path::new(&format!("x.{ext}"))).unwrap();
        let p = dir.join(format!("bad.{ext}"));
        let try_load = |bytes: &[u8]| {
            std::fs::write(&p, bytes).unwrap();
            let mut b = DatasetBuilder::new(&catalog);
            let r = b.read_observations_columnar(&p, format);
            let (_, report) = b.build();
            let o = &report.observations;
            assert_eq!(o.accepted + o.rejected.len() as u64, o.read);
            r
        };
        let e = try_load(b"entity_id,indicator,period,value\n").unwrap_err();
        assert_eq!(e.code(), "input.bad_file", "{ext}: {e}");
        assert!(e.to_string().contains(&p.display().to_string()), "{e}");
        let e = try_load(&good[..good.len() / 2]).unwrap_err();
        assert_eq!(e.code(), "input.bad_file", "{ext}: {e}");
        for n in (0..good.len()).step_by(5) {
            let _ = try_load(&good[..n]);
        }
        for i in (0..good.len()).step_by(13) {
            let mut bytes = good.clone();
            bytes[i] ^= 0x5a;
            let _ = try_load(&bytes);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The results as Parquet and Arrow: one row per result, the flat table's columns and
/// values; the rejections with their rows.
#[test]
fn results_and_rejections_written_read_back() {
    use arrow_array::cast::AsArray;
    let catalog = Catalog::builtin().unwrap();
    let (data, report) = zhibiao::sample_dataset(&catalog, zhibiao::sample::DEFAULT_SEED);
    let eval = zhibiao::evaluate(&catalog, &data, &EvalOptions::new(as_of())).unwrap();
    let table = zhibiao::export::results_table(&catalog, &data.regions, &eval, zhibiao::export::Columns::Data);
    let batch = columnar::flat_batch(&table).unwrap();
    let dir = scratch("out");
    let p = write(&dir, "results.parquet", &batch);
    let f = std::fs::File::open(&p).unwrap();
    let back: Vec<RecordBatch> = parquet::arrow::arrow_reader::ParquetRecordBatchReader::try_new(f, 1024).unwrap().map(Result::unwrap).collect();
    let back = arrow_select_concat(&back);
    assert_eq!(back.num_rows(), eval.results.len());
    assert_eq!(back.schema().fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(), table.names());
    let status = back.column_by_name("status").unwrap().as_string::<i32>();
    for (i, r) in eval.results.iter().enumerate() {
        assert_eq!(status.value(i), r.status.code());
    }
    let field = back.schema().field_with_name("status").unwrap().clone();
    assert_eq!(field.metadata().get("label_zh").map(String::as_str), Some("状态"));
    let p = write(&dir, "results.feather", &batch);
    let r = arrow_ipc::reader::FileReader::try_new(std::fs::File::open(&p).unwrap(), None).unwrap();
    assert_eq!(r.map(|b| b.unwrap().num_rows()).sum::<usize>(), eval.results.len());
    let _ = report;

    // Rejections, with their rows.
    let mut b = DatasetBuilder::new(&catalog);
    b.read_observations_file(fixtures().join("observations-malformed.csv"), Encoding::Auto).unwrap();
    let (_, report) = b.build();
    let rb = columnar::rejections_batch(&report).unwrap();
    assert_eq!(rb.num_rows(), report.observations.rejected.len());
    let lines = rb.column_by_name("line").unwrap().as_primitive::<arrow_array::types::Int64Type>();
    let codes = rb.column_by_name("code").unwrap().as_string::<i32>();
    for (i, x) in report.observations.rejected.iter().enumerate() {
        assert_eq!(Some(lines.value(i)), x.location.line.map(|l| l as i64));
        assert_eq!(codes.value(i), x.code);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "one batch expected");
    batches[0].clone()
}

/// The Parquet file pyarrow wrote (tests/fixtures/columnar/make.py: dictionary strings,
/// int64 years, float values, an index column) loads as the CSV fixtures it was made from.
#[test]
fn a_parquet_file_written_by_pyarrow_reads_as_its_csv() {
    let catalog = Catalog::builtin().unwrap();
    let f = fixtures();
    let mut a = DatasetBuilder::new(&catalog);
    a.read_entities_file(f.join("entities.csv"), Encoding::Auto).unwrap();
    a.read_observations_file(f.join("observations.csv"), Encoding::Auto).unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_columnar(f.join("columnar/entities.parquet"), Format::Parquet).unwrap();
    b.read_observations_columnar(f.join("columnar/observations.parquet"), Format::Parquet).unwrap();
    let (da, ra) = a.build();
    let (db, rb) = b.build();
    assert_eq!(rb.observations.ignored_columns, vec!["note".to_string()]);
    let mut rb = normalized(rb, false);
    rb.observations.ignored_columns.clear();
    assert_eq!(normalized(ra, true), rb);
    let ea = zhibiao::evaluate(&catalog, &da, &EvalOptions::new(as_of())).unwrap();
    let eb = zhibiao::evaluate(&catalog, &db, &EvalOptions::new(as_of())).unwrap();
    assert_eq!(serde_json::to_value(&ea.results).unwrap(), serde_json::to_value(&eb.results).unwrap());
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap()
}

/// `zhibiao evaluate` reads Parquet by extension and answers as with the CSV; `--out`
/// writes the results, `--rejections` the rejected rows; other extensions are refused.
#[test]
fn the_command_reads_and_writes_parquet() {
    let f = fixtures();
    let dir = scratch("cli");
    let e = write(&dir, "entities.PARQUET", &csv_batch(&f.join("entities.csv"), Typing::Typed));
    let o = write(&dir, "observations.parquet", &csv_batch(&f.join("observations.csv"), Typing::Typed));
    let s = |p: &Path| p.display().to_string();
    let csv = cli(&["evaluate", "--entities", &s(&f.join("entities.csv")), "--observations", &s(&f.join("observations.csv")), "--format", "json"]);
    let out = dir.join("results.parquet");
    let pq = cli(&["evaluate", "--entities", &s(&e), "--observations", &s(&o), "--format", "json"]);
    assert!(pq.status.success(), "{}", String::from_utf8_lossy(&pq.stderr));
    let written = cli(&["evaluate", "--entities", &s(&e), "--observations", &s(&o), "--out", &s(&out)]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let evaluation = |o: &std::process::Output| serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["evaluation"].clone();
    assert_eq!(evaluation(&csv), evaluation(&pq));
    let n = evaluation(&pq)["results"].as_array().unwrap().len();
    let f2 = std::fs::File::open(&out).unwrap();
    let rows: usize = parquet::arrow::arrow_reader::ParquetRecordBatchReader::try_new(f2, 1024).unwrap().map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, n);

    let bad = write(&dir, "bad.parquet", &csv_batch(&f.join("bad/obs-periods.csv"), Typing::Typed));
    let rej = dir.join("rejected.arrow");
    let r = cli(&["evaluate", "--observations", &s(&bad), "--rejections", &s(&rej)]);
    assert!(!r.status.success());
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains(&format!("{}:1 column period", s(&bad))), "{stderr}");
    let rows: usize = arrow_ipc::reader::FileReader::try_new(std::fs::File::open(&rej).unwrap(), None).unwrap().map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 12);

    let r = cli(&["evaluate", "--observations", &s(&o), "--out", &s(&dir.join("results.txt"))]);
    assert!(String::from_utf8_lossy(&r.stderr).starts_with("zhibiao: [input.argument] --out"), "{}", String::from_utf8_lossy(&r.stderr));
    std::fs::write(dir.join("junk.parquet"), b"not parquet").unwrap();
    let r = cli(&["evaluate", "--observations", &s(&dir.join("junk.parquet"))]);
    assert!(String::from_utf8_lossy(&r.stderr).starts_with("zhibiao: [input.bad_file]"), "{}", String::from_utf8_lossy(&r.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Integer columns as int64 keep every digit: entity ids past 2^53 (where a float64
/// would round 9007199254740993 to …992, making two schools one), null cells of an int64
/// column (a person's region_code, a school's parent_id) read as empty, negative values
/// as themselves — the load and evaluation are the CSV's.
#[test]
fn int64_columns_read_as_their_integers() {
    let dir = scratch("int64");
    // A stem of its own: same_as_csv's scratch directory is named after it.
    let (e, o) = (dir.join("int64-entities.csv"), dir.join("int64-observations.csv"));
    std::fs::write(
        &e,
        "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n\
         9007199254740993,school,大号学校,110101,,小学,,\n\
         9007199254740992,school,邻号学校,110101,,小学,,\n\
         9007199254740995,person,,,9007199254740993,,,校长\n",
    )
    .unwrap();
    std::fs::write(
        &o,
        "entity_id,indicator,period,value\n\
         9007199254740993,school.bandwidth_mbps,2023,1000\n\
         9007199254740992,school.bandwidth_mbps,2023,100\n\
         9007199254740992,school.internet_access,2023,-5\n\
         9007199254740995,person.it_training_hours,2023,40\n",
    )
    .unwrap();
    let ints = |p: &Path, column: &str| csv_batch(p, Typing::Typed).column_by_name(column).unwrap().data_type().clone();
    for (p, column) in [(&e, "entity_id"), (&e, "region_code"), (&e, "parent_id"), (&o, "entity_id"), (&o, "value")] {
        assert_eq!(ints(p, column), arrow_schema::DataType::Int64, "{column} of {} is not int64", p.display());
    }
    for ext in ["parquet", "arrow"] {
        let r = same_as_csv(Some(&e), &o, Typing::Typed, ext, None);
        assert_eq!((r.entities.accepted, r.observations.accepted), (3, 3), "{ext}: {r:?}");
        assert_eq!(r.observations.rejected.iter().map(|x| x.value.as_deref()).collect::<Vec<_>>(), vec![Some("-5")], "{ext}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
