//! A reporting unit's round trip through the command: `template` writes the rows to fill
//! in, a few are filled, `evaluate` reads the file back as it is (no entities file: every
//! row is about a region), blank rows are counted, and observations no evaluated target
//! uses are listed per indicator.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::{Command, Output};

fn zhibiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap()
}

#[test]
fn template_fill_evaluate() {
    let dir = std::env::temp_dir().join(format!("zhibiao-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bj-2023.csv");
    let f = file.to_str().unwrap();
    let out = zhibiao(&["template", "--document", "bj-2023", "--region", "北京", "--out", f]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(lines[0], "entity_id,indicator,period,value,source,region_name,label,unit");
    let targets = zhibiao(&["targets", "--document", "bj-2023", "--format", "json"]);
    let targets: Value = serde_json::from_slice(&targets.stdout).unwrap();
    // One row per target whose scope contains 北京 (the 怀柔 pilot is 怀柔's to report).
    let scoped = targets.as_array().unwrap().iter().filter(|t| ["110000", "000000"].contains(&t["scope"]["region"].as_str().unwrap())).count();
    assert!(scoped < targets.as_array().unwrap().len());
    assert_eq!(lines.len() - 1, scoped, "one row per target");
    // Fill two milestones: one done on time, one reported not done.
    let fill = |lines: &mut Vec<String>, id: &str, value: &str, source: &str| {
        let i = lines.iter().position(|l| l.split(',').nth(1) == Some(id)).unwrap_or_else(|| panic!("{id} in the template"));
        let mut cells: Vec<String> = lines[i].split(',').map(str::to_string).collect();
        assert_eq!((cells[0].as_str(), cells[2].as_str(), cells[3].as_str()), ("110000", "2023", ""));
        cells[3] = value.into();
        cells[4] = source.into();
        lines[i] = cells.join(",");
    };
    fill(&mut lines, "bj-2023/t1.1/action-plan-issued", "1", "京教信〔2023〕3号");
    fill(&mut lines, "bj-2023/t1.3/horizontal-evaluation", "否", "");
    // A figure for another document's indicator: read, and listed as not used.
    lines.push("000000,region.lessons_shared,2019,1291,,,,".into());
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let out = zhibiao(&["evaluate", "--observations", f, "--as-of", "2024-06-30", "--document", "bj-2023", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let obs = &v["load"]["observations"];
    let rows = lines.len() as u64 - 1;
    // The row of another document's indicator is set aside unread (`--document`), and listed as unused.
    assert_eq!((obs["read"].as_u64(), obs["accepted"].as_u64(), obs["blank"].as_u64()), (Some(rows - 1), Some(rows - 1), Some(rows - 3)));
    let result = |id: &str| v["evaluation"]["results"].as_array().unwrap().iter().find(|r| r["target"] == id && r["region"] == "110000").unwrap().clone();
    let done = result("bj-2023/t1.1/action-plan-issued");
    assert_eq!((done["status"].as_str(), done["evidence"].as_str()), (Some("achieved"), Some("京教信〔2023〕3号")));
    assert_eq!(result("bj-2023/t1.3/horizontal-evaluation")["status"], "missed");
    assert_eq!(result("bj-2023/t1.2/smart-campus-spec-issued")["reason"]["code"], "unreported");
    assert_eq!(v["evaluation"]["unused"], serde_json::json!([{ "indicator": "region.lessons_shared", "observations": 1 }]));
    let table = zhibiao(&["evaluate", "--observations", f, "--as-of", "2024-06-30", "--document", "bj-2023", "--lang", "en"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains(&format!("blank rows (template rows not filled in): {}", rows - 3)), "{table}");
    assert!(table.contains("observations no evaluated target uses: region.lessons_shared 1"));
    // Without the document filter the nation's broadband figure is used.
    let all = zhibiao(&["evaluate", "--observations", f, "--as-of", "2024-06-30", "--format", "json"]);
    let all: Value = serde_json::from_slice(&all.stdout).unwrap();
    assert!(all["evaluation"].get("unused").is_none(), "{}", all["evaluation"]["unused"]);
    // A row about a school needs the entities file: a coded error that says so.
    std::fs::write(&file, "entity_id,indicator,period,value,source\nS1,school.bandwidth_mbps,2023,1000,\n").unwrap();
    let out = zhibiao(&["evaluate", "--observations", f, "--as-of", "2024-06-30"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("zhibiao: [data.unknown_entity]") && err.contains("no --entities file was given"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
