//! Regions as people write them, in evaluation and on the command line, and the
//! indicator listing (`zhibiao indicators`).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use serde_json::{json, Value};
use std::process::Command;
use zhibiao::eval::EvalError;
use zhibiao::{evaluate, Catalog, EvalOptions};

fn options(region: &str) -> EvalOptions {
    let mut o = EvalOptions::new(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    o.region = Some(region.to_string());
    o.document = Some("bj-plan-2021".into());
    o
}

#[test]
fn the_region_filter_takes_names_and_paths() {
    let c = Catalog::builtin().unwrap();
    let (data, _) = zhibiao::sample_dataset(&c, zhibiao::sample::DEFAULT_SEED);
    let by_code = evaluate(&c, &data, &options("110108")).unwrap();
    assert!(!by_code.results.is_empty());
    assert!(by_code.results.iter().all(|r| r.region == "110108"));
    for text in ["海淀区", "北京市海淀区", "北京 海淀", "Haidian District", "haidian"] {
        assert_eq!(evaluate(&c, &data, &options(text)).unwrap(), by_code, "{text}");
    }
    match evaluate(&c, &data, &options("朝阳区")) {
        Err(e @ EvalError::AmbiguousRegion { .. }) => {
            assert_eq!(e.code(), "eval.ambiguous_region");
            let EvalError::AmbiguousRegion { candidates, .. } = &e else { unreachable!() };
            assert_eq!(candidates.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["110105", "220104"]);
        }
        other => panic!("朝阳区 should be ambiguous: {other:?}"),
    }
    assert!(matches!(evaluate(&c, &data, &options("火星")), Err(EvalError::UnknownRegion(t)) if t == "火星"));
}

fn zhibiao(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn cli_region_option_and_lookup() {
    let (ok, by_name, _) = zhibiao(&["demo", "--region", "北京市海淀区", "--format", "json"]);
    assert!(ok);
    let (_, by_code, _) = zhibiao(&["demo", "--region", "110108", "--format", "json"]);
    assert_eq!(by_name, by_code);
    let (ok, _, err) = zhibiao(&["demo", "--region", "鼓楼区"]);
    assert!(!ok);
    assert!(err.contains("region.ambiguous") && err.contains("320106"), "{err}");
    let (ok, out, _) = zhibiao(&["region", "仙桃", "Wuhou District, Chengdu", "--format", "json"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["code"], "429004");
    assert_eq!(v[0]["parent"], "420000");
    assert_eq!(v[1]["path"], "四川省成都市武侯区");
}

#[test]
fn cli_indicators_lists_rows_of_the_schema() {
    let (ok, out, _) = zhibiao(&["indicators", "--format", "json"]);
    assert!(ok);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/schema/indicator-row.schema.json")).unwrap()).unwrap();
    let required: Vec<String> = serde_json::from_value(schema["items"]["required"].clone())
        .or_else(|_| serde_json::from_value(schema["$defs"]["IndicatorRow"]["required"].clone()))
        .unwrap();
    assert!(required.len() >= 10, "{required:?}");
    for r in &rows {
        for field in &required {
            assert!(r.get(field).is_some(), "{} lacks {field}", r["id"]);
        }
    }
    // National and local broadband access: one row, shares of schools.
    let access = rows.iter().find(|r| r["id"] == "school.internet_access").unwrap();
    assert_eq!(access["aggregation"][0], "share_of_units");
    assert_eq!(access["targets"], json!(["moe-2019/g7/school-broadband-97", "moe-2019/t18/internet-full-coverage"]));
    assert_eq!(access["baselines"], json!(["bj-plan-2021/baseline/internet-access"]));
    let (ok, out, _) = zhibiao(&["indicators", "--document", "cd-2021"]);
    assert!(ok && out.contains("school.digital_campus") && !out.contains("school.smart_campus_demo"), "{out}");
    let (ok, _, err) = zhibiao(&["indicators", "--document", "nope"]);
    assert!(!ok && err.contains("unknown document"), "{err}");
}
