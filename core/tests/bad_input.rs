#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Bad input as a hostile user sends it: the catalogue of tests/fixtures/bad/cases.json
//! through the command line (the same files go through Node and Python, which must give
//! the same counts and codes), and the cases that need generated input (a 10 MB value,
//! a closed pipe, far as-of dates).
//!
//! `ZHIBIAO_CLI=/path/to/zhibiao` runs the command-line tests against another build of
//! the command (how these tests were seen to fail on the code before the fixes).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder};

fn bad(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bad").join(name)
}

fn exe() -> String {
    std::env::var("ZHIBIAO_CLI").unwrap_or_else(|_| env!("CARGO_BIN_EXE_zhibiao").to_string())
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(exe()).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// `[[line, code], …]` of a JSON list of rejections.
fn lines_and_codes(rejected: &serde_json::Value) -> Vec<(u64, String)> {
    rejected
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap_or(0), r["code"].as_str().unwrap().to_string()))
        .collect()
}

fn expected(case: &serde_json::Value, key: &str) -> Vec<(u64, String)> {
    case.get(key).map_or_else(Vec::new, lines_and_codes_pairs)
}

fn lines_and_codes_pairs(v: &serde_json::Value) -> Vec<(u64, String)> {
    v.as_array().unwrap().iter().map(|p| (p[0].as_u64().unwrap(), p[1].as_str().unwrap().to_string())).collect()
}

#[test]
fn the_bad_input_catalogue_through_the_command_line() {
    let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(bad("cases.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if case.get("fronts").is_some_and(|f| !f.as_array().unwrap().iter().any(|x| x == "rust")) {
            continue;
        }
        let e = bad(case["entities"].as_str().unwrap());
        let o = bad(case["observations"].as_str().unwrap());
        let (code, out, err) = cli(&[
            "evaluate",
            "--entities",
            e.to_str().unwrap(),
            "--observations",
            o.to_str().unwrap(),
            "--allow-rejected",
            "--format",
            "json",
            "--as-of",
            "2024-12-31",
        ]);
        if let Some(want) = case.get("error").and_then(|x| x.as_str()) {
            if code != 1 || !err.contains(&format!("[{want}]")) {
                failures.push(format!("{name}: expected error {want}, got exit {code}: {err}"));
            }
            continue;
        }
        if code != 0 {
            failures.push(format!("{name}: exit {code}: {err}"));
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let load = &v["load"];
        for (what, read_key, rej_key) in [("entities", "entities_read", "entities_rejected"), ("observations", "observations_read", "observations_rejected")] {
            let counts = &load[what];
            let got = lines_and_codes(&counts["rejected"]);
            let (read, accepted) = (counts["read"].as_u64().unwrap(), counts["accepted"].as_u64().unwrap());
            if accepted + got.len() as u64 != read {
                failures.push(format!("{name}: {what}: accepted {accepted} + rejected {} != read {read}", got.len()));
            }
            if let Some(want) = case.get(read_key).and_then(|x| x.as_u64()) {
                if read != want {
                    failures.push(format!("{name}: {what} read {read}, expected {want}"));
                }
            }
            let want = expected(case, rej_key);
            if got != want {
                failures.push(format!("{name}: {what} rejected {got:?}, expected {want:?}"));
            }
        }
        if let Some(want) = case.get("encoding").and_then(|x| x.as_str()) {
            let got = load["observations"]["encodings"][0]["encoding"].as_str().unwrap_or("(none)");
            if got != want {
                failures.push(format!("{name}: encoding {got}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_utf8_file_with_one_gbk_row_keeps_its_chinese_text() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_file(bad("../entities.csv"), Encoding::Auto).unwrap();
    b.read_observations_file(bad("obs-mixed-encoding.csv"), Encoding::Auto).unwrap();
    let (data, report) = b.build();
    assert!(data.sources.iter().any(|s| s == "示例数据0"), "{:?}", data.sources);
    assert!(data.sources.iter().any(|s| s == "示例数据"), "{:?}", data.sources);
    assert!(!data.sources.iter().any(|s| s.contains("绀")), "garbled: {:?}", data.sources);
    let enc = &report.observations.encodings[0];
    assert_eq!(enc.encoding, "UTF-8");
    assert!(enc.reason.contains("line 4"), "{}", enc.reason);
    // The CLI's load summary shows the decision.
    let (_, out, _) = cli(&[
        "evaluate",
        "--entities",
        bad("../entities.csv").to_str().unwrap(),
        "--observations",
        bad("obs-mixed-encoding.csv").to_str().unwrap(),
        "--allow-rejected",
        "--lang",
        "en",
    ]);
    assert!(out.contains("encoding") && out.contains("obs-mixed-encoding.csv: UTF-8"), "{out}");
}

#[test]
fn a_10_mb_value_is_never_echoed_whole() {
    let dir = std::env::temp_dir().join(format!("zhibiao-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = "9".repeat(10 << 20);
    let obs = dir.join("big.csv");
    // A 10 MB period (one line, over the row limit), then a 10 MB value in a quoted field
    // of a JSON record (no row limit there).
    std::fs::write(&obs, format!("entity_id,indicator,period,value,source\nS1,school.bandwidth_mbps,{big},1,x\nS1,school.bandwidth_mbps,2020,100,x\n")).unwrap();
    let json = dir.join("big.json");
    std::fs::write(&json, format!("[{{\"entity_id\":\"S1\",\"indicator\":\"school.bandwidth_mbps\",\"period\":\"{big}\",\"value\":1}}]")).unwrap();
    let ent = bad("../entities.csv");
    for (file, want) in [(&obs, "data.row_too_long"), (&json, "data.bad_period")] {
        let (code, out, err) = cli(&["evaluate", "--entities", ent.to_str().unwrap(), "--observations", file.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert!(err.contains(want), "{}", &err[..err.len().min(2000)]);
        assert!(err.len() + out.len() < 10_000, "{} bytes echoed", err.len() + out.len());
        let (_, out, _) = cli(&["evaluate", "--entities", ent.to_str().unwrap(), "--observations", file.to_str().unwrap(), "--allow-rejected", "--format", "json"]);
        assert!(out.len() < 5 << 20, "{} bytes of JSON", out.len());
    }
    // In the library, the rejection keeps the start of the value and its length.
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_observations_json("big.json", &std::fs::read_to_string(&json).unwrap()).unwrap();
    let (_, report) = b.build();
    let v = report.observations.rejected[0].value.clone().unwrap();
    assert!(v.starts_with("9999") && v.ends_with(&format!("…({} bytes)", big.len())) && v.len() < 300, "{}", &v[..v.len().min(300)]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    for args in [&["demo"][..], &["demo", "--format", "json"], &["targets"], &["demo", "--view", "units"]] {
        let mut child = Command::new(exe()).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn bad_arguments_carry_a_code() {
    let ent = bad("../entities.csv");
    let obs = bad("../observations.csv");
    let (e, o) = (ent.to_str().unwrap(), obs.to_str().unwrap());
    for (args, code) in [
        (vec!["demo", "--as-of", "9999-12-31"], "input.argument"),
        (vec!["demo", "--as-of", "1900-01-01"], "input.argument"),
        (vec!["demo", "--as-of", "+99999-12-31"], "input.argument"),
        (vec!["demo", "--as-of", "tomorrow"], "input.argument"),
        (vec!["demo", "--lang", "fr"], "input.argument"),
        (vec!["evaluate", "--entities", e, "--observations", o, "--encoding", "latin-1"], "input.argument"),
        (vec!["targets", "--document", "nope"], "eval.unknown_document"),
        (vec!["parse", "没有数字"], "quantity.not_found"),
    ] {
        let (status, _, err) = cli(&args);
        assert_eq!(status, 1, "{args:?}");
        assert!(err.starts_with(&format!("zhibiao: [{code}] ")), "{args:?}: {err}");
    }
    // Every failure of the command carries one.
    let (_, _, err) = cli(&["evaluate", "--entities", e, "--observations", "/nonexistent.csv"]);
    assert!(err.starts_with("zhibiao: [input.io] "), "{err}");
    // Arguments are read before any file: a bad --as-of is not hidden behind the load.
    let (_, _, err) = cli(&["evaluate", "--entities", "/nonexistent.csv", "--observations", o, "--as-of", "tomorrow"]);
    assert!(err.starts_with("zhibiao: [input.argument] --as-of"), "{err}");
    let (_, _, err) = cli(&["evaluate", "--entities", e, "--observations", o, "--lang", "fr"]);
    assert!(err.starts_with("zhibiao: [input.argument] --lang"), "{err}");
    let long = "x".repeat(100_000);
    let (_, _, err) = cli(&["demo", "--as-of", &long]);
    assert!(err.len() < 2_000, "{} bytes", err.len());
}

#[test]
fn a_far_as_of_date_costs_nothing_more() {
    let catalog = Catalog::builtin().unwrap();
    let (data, _) = zhibiao::sample_dataset(&catalog, zhibiao::sample::DEFAULT_SEED);
    let at = |y: i32| zhibiao::EvalOptions::new(chrono::NaiveDate::from_ymd_opt(y, 12, 31).unwrap());
    let near = zhibiao::evaluate(&catalog, &data, &at(2024)).unwrap();
    let far = zhibiao::evaluate(&catalog, &data, &at(2100)).unwrap();
    assert_eq!(near.results.len(), far.results.len());
    let last_data = data.series.values().flat_map(|s| s.year.iter()).copied().max().unwrap() as i32;
    let last_deadline = catalog.targets().map(|(_, t)| t.deadline.year()).max().unwrap();
    let bound = last_data.max(last_deadline) + zhibiao::eval::SERIES_HORIZON;
    for r in &far.results {
        assert!(r.series.last().is_none_or(|y| y.year <= bound), "{} runs to {:?}", r.target, r.series.last().map(|y| y.year));
    }
    assert!(matches!(zhibiao::evaluate(&catalog, &data, &at(9999)), Err(zhibiao::eval::EvalError::AsOfOutOfRange(_))));
}

use chrono::Datelike;
