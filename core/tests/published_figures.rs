//! Published figures about catalog targets, entered as a user would (tests/published-figures/,
//! sources in SOURCES.md), evaluated through the command with no entities file: the verdict a
//! careful analyst gives. The same rows are vector 024, run by the Node and Python runners.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

#[test]
fn published_figures_get_the_analysts_verdict() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/published-figures/observations.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(["evaluate", "--observations", file, "--as-of", "2021-06-30", "--document", "moe-2019", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["load"]["observations"]["accepted"], 5, "{}", v["load"]);
    let result = |id: &str| v["evaluation"]["results"].as_array().unwrap().iter().find(|r| r["target"] == id && r["region"] == "000000").unwrap().clone();
    let courses = result("moe-2019/t5/quality-online-courses-800");
    assert_eq!(courses["status"], "not_assessable", "{courses}");
    assert!(courses["value"].is_null());
    // The nation's access rate: 2016 (before the target's year) and 2020 (after its
    // deadline) say nothing about the end of 2019.
    let access = result("moe-2019/g7/school-broadband-97");
    assert_eq!((access["status"].as_str(), access["year"].as_i64()), (Some("not_assessable"), Some(2016)), "{access}");
    assert_eq!(access["reason"]["code"], "too_few_points", "{access}");
    assert_eq!(access["value"], 79.37, "{access}");
    // Figures of the end of 2020 only, for targets due at the end of 2019: the bandwidth
    // share is after the deadline; a running total of lessons says nothing of 2019's new.
    let bandwidth = result("moe-2019/g7/bandwidth-100mbps");
    assert_eq!((bandwidth["status"].as_str(), bandwidth["reason"]["code"].as_str()), (Some("not_assessable"), Some("outside_period")), "{bandwidth}");
    let lessons = result("moe-2019/t4/lessons-shared");
    assert_eq!((lessons["status"].as_str(), lessons["reason"]["code"].as_str()), (Some("not_assessable"), Some("no_baseline")), "{lessons}");
    let missed: Vec<&Value> = v["evaluation"]["results"].as_array().unwrap().iter().filter(|r| r["status"] == "missed").collect();
    assert!(missed.is_empty(), "nothing in these figures says a target was missed: {:?}", missed.iter().map(|r| &r["target"]).collect::<Vec<_>>());
}
