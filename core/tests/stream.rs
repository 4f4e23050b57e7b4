//! Streamed evaluation (core/src/stream.rs, METHODOLOGY §17): an observation file read
//! in parts of N rows, each part's partial merged, gives the JSON (load report and
//! evaluation) a whole load gives — on the conformance vectors' data, the built-in
//! sample (sorted by entity, with bad rows added) and the generated data of scale S;
//! a file not grouped by entity is refused with `eval.stream_unsorted`; the CLI's
//! `evaluate --stream` prints what `evaluate` prints.
//!
//! Each part costs a pass over the entities, so the parts here are kept few enough for
//! a debug build (1 and 7 rows on the small vectors, more on the larger data).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zhibiao::io::Encoding;
use zhibiao::{evaluate, Catalog, DatasetBuilder, EntityRecord, EvalOptions, ObservationRecord};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhibiao-stream-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(path: &Path, header: &str, rows: impl IntoIterator<Item = Vec<String>>) {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(&r.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn write_entities(path: &Path, entities: &[EntityRecord]) {
    let rows = entities.iter().map(|e| {
        [&e.entity_id, &e.kind, &e.name, &e.region_code, &e.parent_id, &e.stage, &e.area_class, &e.role].map(|s| s.clone()).to_vec()
    });
    write_csv(path, "entity_id,kind,name,region_code,parent_id,stage,area_class,role", rows);
}

/// Observations grouped by entity (a stable sort: each entity's rows in their order).
fn write_observations(path: &Path, observations: &[ObservationRecord]) {
    let mut obs: Vec<&ObservationRecord> = observations.iter().collect();
    obs.sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
    let rows = obs.into_iter().map(|o| {
        [&o.entity_id, &o.indicator, &o.period, &o.value, &o.source, &o.numerator, &o.denominator, &o.count_basis].map(|s| s.clone()).to_vec()
    });
    write_csv(path, "entity_id,indicator,period,value,source,numerator,denominator,count_basis", rows);
}

fn entities_only(catalog: &Catalog, entities: &Path) -> (zhibiao::Dataset, zhibiao::LoadReport) {
    let mut b = DatasetBuilder::new(catalog);
    b.read_entities_file(entities, Encoding::Auto).unwrap();
    b.build()
}

/// `{load, evaluation}` of a whole load, or the error code.
fn whole(catalog: &Catalog, entities: &Path, observations: &Path, options: &EvalOptions) -> String {
    let mut b = DatasetBuilder::new(catalog);
    b.read_entities_file(entities, Encoding::Auto).unwrap();
    b.read_observations_file(observations, Encoding::Auto).unwrap();
    let (data, load) = b.build();
    match evaluate(catalog, &data, options) {
        Ok(e) => serde_json::to_string_pretty(&json!({ "load": load, "evaluation": e })).unwrap(),
        Err(e) => format!("error {}", e.code()),
    }
}

/// The same, read in parts of `rows` rows.
fn streamed(catalog: &Catalog, entities: &Path, observations: &Path, options: &EvalOptions, rows: usize) -> Result<String, zhibiao::stream::StreamError> {
    let fresh = || DatasetBuilder::new(catalog);
    match zhibiao::stream::evaluate_file(catalog, entities_only(catalog, entities), fresh, observations, Encoding::Auto, rows, options, None) {
        Ok((e, load)) => Ok(serde_json::to_string_pretty(&json!({ "load": load, "evaluation": e })).unwrap()),
        Err(zhibiao::stream::StreamError::Eval(e)) => Ok(format!("error {}", e.code())),
        Err(e) => Err(e),
    }
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(300);
    format!("got      …{}\nexpected …{}", a.get(from..(at + 300).min(a.len())).unwrap_or(""), b.get(from..(at + 300).min(b.len())).unwrap_or(""))
}

fn check(name: &str, catalog: &Catalog, entities: &Path, observations: &Path, options: &EvalOptions, sizes: &[usize]) {
    let expected = whole(catalog, entities, observations, options);
    for &n in sizes {
        let got = streamed(catalog, entities, observations, options, n).unwrap_or_else(|e| panic!("{name}: {n} rows a part: {e}"));
        assert!(got == expected, "{name}: {n} rows a part: streamed differs from a whole load\n{}", first_difference(&got, &expected));
    }
}

#[test]
fn streamed_vectors_give_what_a_whole_load_gives() {
    let builtin = Catalog::builtin().unwrap();
    let dir = scratch("vectors");
    for case in common::vector_cases() {
        let (name, catalog) = (&case.name, case.catalog.as_ref().unwrap_or(&builtin));
        let (e, o) = (dir.join(format!("{name}.entities.csv")), dir.join(format!("{name}.observations.csv")));
        write_entities(&e, &case.entities);
        write_observations(&o, &case.observations);
        check(name, catalog, &e, &o, &case.options, &[1, 7, 1000]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sample, grouped by entity, with rows the loader rejects in several parts of the
/// file (bad value, unknown indicator, unknown entity, wrong field count, a duplicate,
/// an unterminated quote at the end) and a blank line: the rejections keep the file's
/// line numbers and order.
fn sample_files(dir: &Path) -> (PathBuf, PathBuf) {
    let catalog = Catalog::builtin().unwrap();
    let s = zhibiao::sample::generate(&catalog, 42);
    let (e, o) = (dir.join("entities.csv"), dir.join("observations.csv"));
    write_entities(&e, &s.entities);
    write_observations(&o, &s.observations);
    let text = std::fs::read_to_string(&o).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    let copy_of = |i: usize| lines[i].clone();
    let dup = copy_of(n / 2);
    let entity_at = |i: usize| lines[i].split(',').next().unwrap().to_string();
    let (a, b, c) = (entity_at(n / 5), entity_at(n / 2), entity_at(4 * n / 5));
    lines.insert(4 * n / 5 + 1, format!("{c},school.bandwidth_mbps,2021,lots,x"));
    lines.insert(n / 2 + 1, dup);
    lines.insert(n / 2 + 1, format!("{b},no.such_indicator,2021,1,x"));
    lines.insert(n / 5 + 1, format!("{a},school.bandwidth_mbps,2021"));
    lines.insert(n / 5 + 1, String::new());
    lines.insert(3, "NOBODY,school.bandwidth_mbps,2021,1,x".to_string());
    lines.push("\"unterminated,school.bandwidth_mbps,2021,1,x".to_string());
    std::fs::write(&o, lines.join("\n") + "\n").unwrap();
    (e, o)
}

#[test]
fn the_streamed_sample_with_bad_rows_gives_what_a_whole_load_gives() {
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch("sample");
    let (e, o) = sample_files(&dir);
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    let load: Value = serde_json::from_str(&whole(&catalog, &e, &o, &options)).unwrap();
    assert!(load["load"]["observations"]["rejected"].as_array().unwrap().len() >= 6, "{}", load["load"]["observations"]["rejected"]);
    check("sample", &catalog, &e, &o, &options, &[100, 1000, 7000]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn streamed_scale_s_gives_what_a_whole_load_gives() {
    let dir = scratch("scale-s");
    let o = zhibiao(&["generate", "--scale", "S", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let catalog = Catalog::builtin().unwrap();
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    check("scale S", &catalog, &dir.join("entities.csv"), &dir.join("observations.csv"), &options, &[1000, 100_000]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sample as `zhibiao sample` writes it lists the rows year by year: a school's
/// rows of 2021 come after other schools' rows of 2020, and are refused.
#[test]
fn a_file_not_grouped_by_entity_is_refused() {
    let dir = scratch("unsorted");
    let o = zhibiao(&["sample", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let catalog = Catalog::builtin().unwrap();
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    let (e, obs) = (dir.join("entities.csv"), dir.join("observations.csv"));
    let err = streamed(&catalog, &e, &obs, &options, 1000).expect_err("an unsorted file is refused");
    assert_eq!(err.code(), "eval.stream_unsorted");
    let message = err.to_string();
    assert!(message.contains("observations.csv") && message.contains("BJ110101S000") && message.contains("sort it by entity_id"), "{message}");
    // The CLI says the same, with the code.
    let out = zhibiao(&["evaluate", "--entities", e.to_str().unwrap(), "--observations", obs.to_str().unwrap(), "--stream", "--chunk-rows", "1000"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("zhibiao: [eval.stream_unsorted]"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

fn zhibiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn evaluate_stream_prints_what_evaluate_prints() {
    let dir = scratch("cli");
    let (e, o) = sample_files(&dir);
    let (e, o) = (e.to_str().unwrap(), o.to_str().unwrap());
    for format in ["json", "table"] {
        let plain = zhibiao(&["evaluate", "--entities", e, "--observations", o, "--allow-rejected", "--format", format]);
        assert!(plain.status.success(), "{}", text(&plain));
        let streamed = zhibiao(&["evaluate", "--entities", e, "--observations", o, "--allow-rejected", "--format", format, "--stream", "--chunk-rows", "500"]);
        assert!(streamed.status.success(), "{}", text(&streamed));
        assert!(plain.stdout == streamed.stdout, "--format {format}\n{}", first_difference(&String::from_utf8_lossy(&streamed.stdout), &String::from_utf8_lossy(&plain.stdout)));
    }
    // Without --allow-rejected both refuse, with the first rejection's code.
    let plain = zhibiao(&["evaluate", "--entities", e, "--observations", o]);
    let streamed = zhibiao(&["evaluate", "--entities", e, "--observations", o, "--stream"]);
    assert!(!plain.status.success() && !streamed.status.success());
    assert_eq!(text(&plain), text(&streamed));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The progress callback of a streamed evaluation (what `evaluate --stream` draws its
/// bar from) counts the bytes of the whole file: never going back when a new part
/// starts, the total the file's size throughout, ending at it.
#[test]
fn streamed_progress_counts_the_whole_file_across_parts() {
    use std::cell::Cell;
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch("progress");
    let (e, o) = sample_files(&dir);
    let size = std::fs::metadata(&o).unwrap().len();
    let options = EvalOptions::new("2024-12-31".parse().unwrap());
    let parts = Cell::new(0u32);
    let fresh = || {
        parts.set(parts.get() + 1);
        DatasetBuilder::new(&catalog)
    };
    // (bytes, total, parts begun when told)
    let mut told: Vec<(u64, Option<u64>, u32)> = Vec::new();
    let mut tell = |p: zhibiao::data::ReadProgress| told.push((p.bytes, p.total, parts.get()));
    zhibiao::stream::evaluate_file(&catalog, entities_only(&catalog, &e), fresh, &o, Encoding::Auto, 500, &options, Some(&mut tell)).unwrap();
    assert!(parts.get() > 3, "{} parts: the file should be read in several", parts.get());
    assert!(told.windows(2).all(|w| w[0].0 <= w[1].0), "bytes went back: {told:?}");
    assert!(told.iter().all(|t| t.1 == Some(size)), "total is not the file's size {size}: {told:?}");
    assert_eq!(told.last().map(|t| t.0), Some(size), "the last report is not the file's size");
    let first_part = told.first().map_or(0, |t| t.2);
    let later = told.iter().filter(|t| t.2 > first_part + 1).count();
    assert!(later > 0, "no progress told during later parts: {told:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// What `evaluate` and the front doors' loads do from files: the entities built first
/// (`build_entities_first`), the observations read into a builder of their own and
/// resolved against them, give the dataset and the report of one builder reading both,
/// for every vector and the sample with bad rows; and so does a builder that had read
/// observations already (it reads the rest itself).
#[test]
fn entities_built_first_give_what_one_builder_gives() {
    let builtin = Catalog::builtin().unwrap();
    let dir = scratch("entities-first");
    let mut cases: Vec<(String, Catalog, PathBuf, PathBuf)> = common::vector_cases()
        .into_iter()
        .map(|case| {
            let (e, o) = (dir.join(format!("{}.entities.csv", case.name)), dir.join(format!("{}.observations.csv", case.name)));
            write_entities(&e, &case.entities);
            write_observations(&o, &case.observations);
            (case.name.clone(), case.catalog.clone().unwrap_or_else(|| builtin.clone()), e, o)
        })
        .collect();
    let sample = dir.join("sample");
    std::fs::create_dir_all(&sample).unwrap();
    let (e, o) = sample_files(&sample);
    cases.push(("sample".into(), builtin.clone(), e, o));
    for (name, catalog, e, o) in &cases {
        let mut one = DatasetBuilder::new(catalog);
        one.keep_only(["school.bandwidth_mbps", "class.bandwidth_mbps"]);
        one.read_entities_file(e, Encoding::Auto).unwrap();
        one.read_observations_file(o, Encoding::Auto).unwrap();
        let expected = one.build();
        let mut b = DatasetBuilder::new(catalog);
        b.keep_only(["school.bandwidth_mbps", "class.bandwidth_mbps"]);
        b.read_entities_file(e, Encoding::Auto).unwrap();
        let got = b.build_entities_first(|b| b.read_observations_file(o, Encoding::Auto)).unwrap();
        assert!(got.1 == expected.1, "{name}: the reports differ");
        assert!(got.0 == expected.0, "{name}: the datasets differ");
        // Observations read before: the rest is read into the same builder.
        let mut one = DatasetBuilder::new(catalog);
        one.read_observations_file(o, Encoding::Auto).unwrap();
        one.read_entities_file(e, Encoding::Auto).unwrap();
        let expected = one.build();
        let mut b = DatasetBuilder::new(catalog);
        b.read_observations_file(o, Encoding::Auto).unwrap();
        let got = b.build_entities_first(|b| b.read_entities_file(e, Encoding::Auto)).unwrap();
        assert!(got.1 == expected.1 && got.0 == expected.0, "{name}: observations read before: the load differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An entity record added by `build_entities_first`'s reader (meant for observations)
/// comes after the entities were built: it is rejected as `data.late_entity` with its
/// file and line, counted as read, never dropped unseen.
#[test]
fn entity_records_read_with_the_observations_are_rejected_as_late() {
    let catalog = Catalog::builtin().unwrap();
    let dir = scratch("late-entities");
    let (e, o) = sample_files(&dir);
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_file(&e, Encoding::Auto).unwrap();
    let (_, report) = b
        .build_entities_first(|b| {
            b.read_entities_csv("late.csv", "entity_id,kind,name,region_code,parent_id\nLATE1,school,迟到学校,110101,\n".as_bytes(), Encoding::Auto)?;
            b.read_observations_file(&o, Encoding::Auto)
        })
        .unwrap();
    let late: Vec<_> = report.entities.rejected.iter().filter(|r| r.code == "data.late_entity").collect();
    assert_eq!(late.len(), 1, "{:?}", report.entities.rejected);
    assert_eq!((late[0].location.file.as_deref(), late[0].location.line), (Some("late.csv"), Some(2)));
    assert_eq!(report.entities.accepted + report.entities.rejected.len() as u64, report.entities.read);
    let _ = std::fs::remove_dir_all(&dir);
}
