//! Published figures about catalog targets, entered as a user would (tests/published-figures/,
//! sources in SOURCES.md), evaluated through the command with no entities file: the verdict a
//! careful analyst gives. The same rows are vector 024, run by the Node and Python runners.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

const TARGETS: [&str; 9] = [
    "moe-2019/t5/quality-online-courses-800",
    "moe-2019/g7/school-broadband-97",
    "moe-2019/g7/bandwidth-100mbps",
    "moe-2019/t4/lessons-shared",
    "bj-2023/t1.2/smart-campus-spec-issued",
    "bj-2023/t5.2/smart-campus-demo-40",
    "bj-2023/t5.2/smart-campus-certification-launched",
    "sn-2023/t9/digital-education-conference",
    "sn-2023/t15/student-info-literacy-activity-23rd",
];

fn evaluate() -> Value {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/published-figures/observations.csv");
    let mut args = vec!["evaluate", "--observations", file, "--as-of", "2024-12-31", "--format", "json"];
    for t in TARGETS {
        args.extend(["--target", t]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn result(v: &Value, id: &str, region: &str) -> Value {
    v["evaluation"]["results"].as_array().unwrap().iter().find(|r| r["target"] == id && r["region"] == region).unwrap_or_else(|| panic!("no result for {id} @ {region}")).clone()
}

fn status_reason(r: &Value) -> (Option<&str>, Option<&str>) {
    (r["status"].as_str(), r["reason"]["code"].as_str())
}

#[test]
fn national_figures_from_outside_the_targets_year_decide_nothing() {
    let v = evaluate();
    assert_eq!(v["load"]["observations"]["accepted"], 14, "{}", v["load"]);
    assert_eq!(v["load"]["observations"]["read"], 14, "{}", v["load"]);
    let courses = result(&v, "moe-2019/t5/quality-online-courses-800", "000000");
    assert_eq!(courses["status"], "not_assessable", "{courses}");
    assert!(courses["value"].is_null());
    // The nation's access rate: 2015 and 2016 (before the target's year), November and
    // December 2020 (after its deadline) say nothing about the end of 2019.
    let access = result(&v, "moe-2019/g7/school-broadband-97", "000000");
    assert_eq!((access["status"].as_str(), access["year"].as_i64()), (Some("not_assessable"), Some(2016)), "{access}");
    assert_eq!(access["reason"]["code"], "too_few_points", "{access}");
    assert_eq!(access["value"], 79.37, "{access}");
    // The 100M share: 12.8 % in 2015 is far below 97 %, but it is the baseline, not the
    // outcome; the 2020 figures come after the deadline. Not missed.
    let bandwidth = result(&v, "moe-2019/g7/bandwidth-100mbps", "000000");
    assert_eq!(status_reason(&bandwidth), (Some("not_assessable"), Some("too_few_points")), "{bandwidth}");
    assert_eq!((bandwidth["year"].as_i64(), bandwidth["value"].as_f64()), (Some(2015), Some(12.8)), "{bandwidth}");
    // A running total of lessons of the end of 2020 says nothing of 2019's new lessons.
    let lessons = result(&v, "moe-2019/t4/lessons-shared", "000000");
    assert_eq!(status_reason(&lessons), (Some("not_assessable"), Some("no_baseline")), "{lessons}");
}

#[test]
fn beijing_and_shaanxi_milestones_follow_their_dated_reports() {
    let v = evaluate();
    for (id, region) in [
        ("bj-2023/t1.2/smart-campus-spec-issued", "110000"),
        ("sn-2023/t9/digital-education-conference", "610000"),
        ("sn-2023/t15/student-info-literacy-activity-23rd", "610000"),
    ] {
        let r = result(&v, id, region);
        assert_eq!((r["status"].as_str(), r["year"].as_i64()), (Some("achieved"), Some(2023)), "{r}");
    }
    // 启动全市智慧校园达标认定工作 was due in 2023; the report of its launch is of 2024.
    let launch = result(&v, "bj-2023/t5.2/smart-campus-certification-launched", "110000");
    assert_eq!((launch["status"].as_str(), launch["year"].as_i64(), launch["value"].as_f64()), (Some("missed"), Some(2024), Some(1.0)), "{launch}");
    // 41 schools known on 2024-01-04: after the 2023 deadline, so neither 40 reached in 2023
    // nor missed.
    let demo = result(&v, "bj-2023/t5.2/smart-campus-demo-40", "110000");
    assert_eq!(status_reason(&demo), (Some("not_assessable"), Some("outside_period")), "{demo}");
    assert!(demo["value"].is_null(), "{demo}");
}

#[test]
fn only_the_late_launch_is_missed() {
    let v = evaluate();
    let results = v["evaluation"]["results"].as_array().unwrap();
    assert_eq!(results.len(), TARGETS.len(), "one result per target, for its scope region");
    let missed: Vec<&Value> = results.iter().filter(|r| r["status"] == "missed").map(|r| &r["target"]).collect();
    assert_eq!(missed, ["bj-2023/t5.2/smart-campus-certification-launched"], "nothing else in these figures says a target was missed");
}
