//! No report is not a report of failure: an empty observations file, evaluated through
//! the command against the whole catalog, gives no `missed` result at any date, and a
//! milestone past its deadline says it was not reported (METHODOLOGY §9).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

#[test]
fn an_empty_observations_file_yields_no_missed_result() {
    let dir = std::env::temp_dir().join(format!("zhibiao-unreported-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (e, o) = (dir.join("entities.csv"), dir.join("observations.csv"));
    std::fs::write(&e, "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n").unwrap();
    std::fs::write(&o, "entity_id,indicator,period,value,source\n").unwrap();
    let run = |as_of: &str, format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_zhibiao"))
            .args(["evaluate", "--entities", e.to_str().unwrap(), "--observations", o.to_str().unwrap()])
            .args(["--as-of", as_of, "--format", format, "--lang", "en"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    for as_of in ["2019-06-30", "2021-12-31", "2024-12-31", "2030-12-31"] {
        let v: Value = serde_json::from_str(&run(as_of, "json")).unwrap();
        let results = v["evaluation"]["results"].as_array().unwrap();
        assert!(results.len() > 200, "{as_of}: {} results", results.len());
        let missed: Vec<&Value> = results.iter().filter(|r| r["status"] == "missed").collect();
        assert!(missed.is_empty(), "{as_of}: {} missed, e.g. {}", missed.len(), missed[0]["target"]);
        for r in results.iter().filter(|r| r["kind"] == "milestone") {
            let due = r["deadline"].as_str().unwrap() <= as_of;
            let code = r["reason"]["code"].as_str().unwrap_or_default();
            assert_eq!(code, if due { "unreported" } else { "pending" }, "{as_of}: {}", r["target"]);
            assert_eq!(r["status"], "not_assessable");
        }
    }
    let v: Value = serde_json::from_str(&run("2030-12-31", "json")).unwrap();
    let milestones = v["evaluation"]["results"].as_array().unwrap().iter().filter(|r| r["kind"] == "milestone").count();
    let text = run("2030-12-31", "table");
    let headline = text.lines().skip_while(|l| !l.starts_with("as of")).nth(1).unwrap_or_default();
    assert!(!headline.contains("missed"), "{headline}");
    assert!(text.contains(&format!("not reported by the deadline {milestones}")), "{}", text.chars().take(400).collect::<String>());
    std::fs::remove_dir_all(&dir).ok();
}

/// The README quotes the demo's headline counts; they must be what `demo --lang en` prints.
#[test]
fn the_readme_quotes_the_demo_headline() {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(["demo", "--lang", "en"]).output().unwrap();
    let demo = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let start = flat.find("(`missed ").expect("README quotes the headline");
    let quoted: Vec<&str> = flat[start..].split('`').skip(1).step_by(2).take(2).collect();
    for q in quoted {
        let q = q.trim_end_matches(" …");
        assert!(demo.lines().any(|l| l.trim().starts_with(q)), "README quotes {q:?}; the demo prints:\n{}", demo.chars().take(900).collect::<String>());
    }
}
