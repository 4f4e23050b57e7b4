//! The encoding workflow of spec/ENCODING.md with the binary alone: extract → choose
//! indicators → check → coverage.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zhibiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhibiao-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

#[test]
fn extract_choose_indicators_check_and_coverage() {
    let dir = scratch("workflow");
    let d = dir.to_str().unwrap();
    let o = zhibiao(&["init", d]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(dir.join("indicators/common.json").exists());
    let o = zhibiao(&["init", d]);
    assert!(!o.status.success() && text(&o).contains("not overwritten"), "{}", text(&o));
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/texts/zj-2024-work-points.txt");
    std::fs::copy(&fixture, dir.join("sources/zj-2024.txt")).unwrap();

    let source = dir.join("sources/zj-2024.txt");
    let o = zhibiao(&["extract", source.to_str().unwrap(), "--id", "zj-2024", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o));
    let mut doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["id"], "zj-2024");
    assert_eq!(doc["source"], "zj-2024.txt");
    write(&dir.join("catalog/zj-2024.json"), &doc);

    // Until the indicators are chosen, check fails and says so.
    let o = zhibiao(&["--catalog", d, "check"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("catalog.unknown_indicator"), "{}", text(&o));

    // Choose: the suggested milestone indicator, and one new indicator per kind and unit.
    let mut mine: Vec<Value> = Vec::new();
    let mut choose = |kind: &str, unit: &str| -> String {
        if kind == "milestone" {
            return "milestone.done".into();
        }
        let id = format!("region.zj_{}_{}", kind, mine.len());
        let value_type = match (kind, unit) {
            ("count", _) => "count",
            (_, "%") => "percent",
            _ => "number",
        };
        mine.push(json!({"id": id, "name": id, "name_en": id, "entity": "region", "value_type": value_type, "unit": unit, "description": "chosen in the test"}));
        id
    };
    for t in doc["targets"].as_array_mut().unwrap() {
        let kind = t["kind"].as_str().unwrap().to_string();
        let unit = t["unit"].as_str().unwrap_or("").to_string();
        t["indicator"] = json!(choose(&kind, &unit));
    }
    for b in doc["baselines"].as_array_mut().unwrap() {
        let unit = b["unit"].as_str().unwrap().to_string();
        b["indicator"] = json!(choose("level", &unit));
    }
    write(&dir.join("catalog/zj-2024.json"), &doc);
    write(&dir.join("indicators/zj-2024.json"), &json!({"indicators": mine}));

    let o = zhibiao(&["--catalog", d, "check"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("catalog ok"), "{}", text(&o));

    let o = zhibiao(&["--catalog", d, "coverage", "zj-2024"]);
    assert!(o.status.success(), "{}", text(&o));
    let shown = text(&o);
    assert!(shown.contains("0 uncovered") && shown.contains("↳ target zj-2024/t3/"), "{shown}");

    // Take a promise away: check names the document, the line and the clause.
    let targets = doc["targets"].as_array_mut().unwrap();
    targets.retain(|t| !t["quote"].as_str().unwrap_or("").contains("遴选100门"));
    write(&dir.join("catalog/zj-2024.json"), &doc);
    let o = zhibiao(&["--catalog", d, "check"]);
    assert!(!o.status.success());
    let shown = text(&o);
    assert!(shown.contains("catalog.uncovered_clause") && shown.contains("zj-2024: line 24") && shown.contains("遴选100门"), "{shown}");
    let o = zhibiao(&["--catalog", d, "coverage", "zj-2024", "--uncovered", "--format", "json"]);
    let cov: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(cov["counts"]["uncovered"], 1);
    assert_eq!(cov["clauses"][0]["status"], "uncovered");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_builtin_catalog_checks_and_every_document_has_a_coverage() {
    let o = zhibiao(&["check"]);
    assert!(o.status.success(), "{}", text(&o));
    for doc in ["moe-2019", "bj-plan-2021", "cd-2021", "bj-2023", "sn-2023"] {
        let o = zhibiao(&["coverage", doc, "--format", "markdown"]);
        assert!(o.status.success(), "{doc}: {}", text(&o));
        assert!(text(&o).contains("| line | status | clause | accounted for by |"));
    }
    let o = zhibiao(&["coverage", "no-such-doc"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("unknown document"));
    let o = zhibiao(&["extract", "--measure"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("all"));
}

/// The method options of `evaluate` reach the engine: a fixed base year moves the
/// baseline, thresholds out of order are `eval.bad_option` (METHODOLOGY §11.8).
#[test]
fn evaluate_takes_the_method_options() {
    let dir = scratch("method-options");
    std::fs::create_dir_all(&dir).unwrap();
    let (e, o) = (dir.join("e.csv"), dir.join("o.csv"));
    std::fs::write(&e, "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n").unwrap();
    std::fs::write(
        &o,
        "entity_id,indicator,period,value,source\n000000,region.online_confucius_institute_learners,2012,100000,\n000000,region.online_confucius_institute_learners,2018,500000,\n000000,region.online_confucius_institute_learners,2019-06-30,700000,\n",
    )
    .unwrap();
    let base = ["evaluate", "--entities", e.to_str().unwrap(), "--observations", o.to_str().unwrap(), "--as-of", "2019-06-30"];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--target", "moe-2019/t8/confucius-learners-900k", "--region", "000000", "--format", "json"]);
        args.extend(extra);
        zhibiao(&args)
    };
    let baseline = |out: &Output| -> Value {
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(out)));
        v["evaluation"]["results"][0]["baseline"]["value"].clone()
    };
    assert_eq!(baseline(&run(&[])), serde_json::json!(500000.0));
    assert_eq!(baseline(&run(&["--base-year", "2012"])), serde_json::json!(100000.0));
    let bad = run(&["--on-track", "0.5", "--needs-acceleration", "0.6"]);
    assert!(!bad.status.success() && text(&bad).contains("eval.bad_option"), "{}", text(&bad));
}

#[test]
fn results_out_by_extension_and_csv_on_stdout() {
    let dir = scratch("results-out");
    std::fs::create_dir_all(&dir).unwrap();
    let csv_path = dir.join("results.csv");
    let o = zhibiao(&["demo", "--out", csv_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("results.csv"), "says where the results went: {}", text(&o));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with the byte-order mark by default");
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head[..3], ["target", "label", "label_en"]);
    assert_eq!(head.last().map(String::as_str), Some("working"));
    let json = zhibiao(&["demo", "--format", "json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let results = v["evaluation"]["results"].as_array().unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), results.len());
    let status = head.iter().position(|h| h == "status").unwrap();
    assert_eq!(&rows[0][0], results[0]["target"].as_str().unwrap());
    assert_eq!(&rows[0][status], results[0]["status"].as_str().unwrap());

    // --format csv prints the same table; --no-bom leaves the mark out.
    let o = zhibiao(&["demo", "--format", "csv", "--no-bom"]);
    assert!(o.status.success() && o.stdout.starts_with(b"target,"), "{}", text(&o));
    assert_eq!(o.stdout, bytes[3..]);

    for (name, starts) in [("results.json", &b"{"[..]), ("report.md", &b"zhibiao"[..]), ("report.xlsx", &b"PK"[..])] {
        let path = dir.join(name);
        let o = zhibiao(&["demo", "--out", path.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", text(&o));
        assert!(std::fs::read(&path).unwrap().starts_with(starts), "{name}");
    }
    let o = zhibiao(&["demo", "--out", dir.join("results.txt").to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("[input.argument]") && text(&o).contains(".csv, .xlsx, .json, .md"), "{}", text(&o));
    let o = zhibiao(&["demo", "--out", csv_path.to_str().unwrap(), "--format", "json"]);
    assert!(!o.status.success() && text(&o).contains("[input.argument]"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
