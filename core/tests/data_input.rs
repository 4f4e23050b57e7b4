#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Loading data as a new user would: UTF-8, BOM and GBK files, malformed rows,
//! duplicates and out-of-range values, through the library and the command line.

use std::path::PathBuf;
use std::process::Command;
use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder, LoadReport};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

fn load(entities: &str, observations: &str) -> (zhibiao::Dataset, LoadReport) {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_file(fixture(entities), Encoding::Auto).unwrap();
    b.read_observations_file(fixture(observations), Encoding::Auto).unwrap();
    b.build()
}

fn codes(r: &LoadReport) -> Vec<(u64, String)> {
    r.observations.rejected.iter().map(|x| (x.location.line.unwrap_or(0), x.code.clone())).collect()
}

#[test]
fn utf8_bom_and_gbk_files_load_the_same() {
    let (a, ra) = load("entities.csv", "observations.csv");
    let (b, rb) = load("entities-gbk.csv", "observations-gbk.csv");
    let (c, rc) = load("entities-bom.csv", "observations.csv");
    for r in [&ra, &rb, &rc] {
        assert!(r.is_clean(), "{r:?}");
        assert_eq!((r.entities.read, r.entities.accepted), (5, 5));
        assert_eq!((r.observations.read, r.observations.accepted), (6, 6));
    }
    for d in [&b, &c] {
        assert_eq!(d.ids, a.ids);
        assert_eq!(d.names, a.names, "Chinese names decode identically");
    }
    let s1 = a.entity("S1").unwrap() as usize;
    assert_eq!(a.names.get(s1).unwrap(), "东城第一小学");
    // The class and the principal take their school's region and stage.
    let c1 = a.entity("S1-C1").unwrap() as usize;
    assert_eq!(a.region[c1], a.region[s1]);
    assert_eq!(a.stage[c1], Some(zhibiao::Stage::Primary));
}

#[test]
fn gbk_read_as_utf8_is_a_clear_error() {
    let catalog = Catalog::builtin().unwrap();
    let mut b = DatasetBuilder::new(&catalog);
    let err = b.read_entities_file(fixture("entities-gbk.csv"), Encoding::Utf8).unwrap_err();
    assert_eq!(err.code(), "input.encoding");
    assert!(err.to_string().contains("entities-gbk.csv"), "{err}");
}

#[test]
fn malformed_rows_are_each_reported_with_line_and_code() {
    let (_, r) = load("entities.csv", "observations-malformed.csv");
    assert_eq!(r.observations.read, 6);
    assert_eq!(r.observations.accepted, 1);
    assert_eq!(
        codes(&r),
        vec![
            (3, "data.bad_row".into()),
            (4, "data.bad_period".into()),
            (5, "data.bad_value".into()),
            (6, "data.unknown_indicator".into()),
            (7, "data.unknown_entity".into()),
        ]
    );
    let bad_period = &r.observations.rejected[1];
    assert_eq!(bad_period.column.as_deref(), Some("period"));
    assert_eq!(bad_period.value.as_deref(), Some("去年"));
    assert!(bad_period.to_string().contains("observations-malformed.csv:4 column period value \"去年\""), "{bad_period}");
}

#[test]
fn duplicates_identical_and_conflicting() {
    let (d, r) = load("entities.csv", "observations-duplicates.csv");
    assert_eq!(codes(&r), vec![(3, "data.duplicate".into()), (5, "data.conflicting_duplicate".into())]);
    assert!(r.observations.rejected[1].reason.contains("line 4"), "{}", r.observations.rejected[1].reason);
    assert_eq!(r.observations.accepted + r.observations.rejected.len() as u64, r.observations.read);
    assert_eq!(d.series["school.bandwidth_mbps"].len(), 2, "each entity-period counted once");
}

#[test]
fn out_of_range_values_are_rejected() {
    let (_, r) = load("entities.csv", "observations-out-of-range.csv");
    assert_eq!(
        codes(&r),
        vec![
            (2, "data.out_of_range".into()),
            (3, "data.out_of_range".into()),
            (4, "data.out_of_range".into()),
            (5, "data.wrong_entity_kind".into()),
        ]
    );
    assert_eq!(r.observations.accepted, 0);
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibiao")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn cli_evaluates_a_gbk_file_and_rejects_bad_input_with_line_numbers() {
    let e = fixture("entities-gbk.csv");
    let o = fixture("observations-gbk.csv");
    let (code, out, err) = cli(&[
        "evaluate",
        "--entities",
        e.to_str().unwrap(),
        "--observations",
        o.to_str().unwrap(),
        "--as-of",
        "2022-12-31",
        "--target",
        "bj-plan-2021/t1/gigabit-to-school",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("东城区") && out.contains("66.7%"), "{out}");

    let bad = fixture("observations-malformed.csv");
    let ent = fixture("entities.csv");
    let (code, _, err) = cli(&["evaluate", "--entities", ent.to_str().unwrap(), "--observations", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("observations-malformed.csv:3") && err.contains("data.bad_row"), "{err}");
    assert!(err.contains("5 record(s) rejected"), "{err}");

    let (code, _, err) = cli(&["evaluate", "--entities", ent.to_str().unwrap(), "--observations", "/nonexistent.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent.csv"), "{err}");
}

#[test]
fn cli_listings() {
    let (code, out, _) = cli(&["targets", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let total: usize = Catalog::builtin().unwrap().documents().iter().map(|d| d.targets.len()).sum();
    assert_eq!(rows.len(), total);
    for r in &rows {
        for k in ["id", "document", "task", "kind", "indicator", "comparator", "value", "unit", "deadline", "scope", "quote"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
    }
    let (code, out, _) = cli(&["units", "科技处"]);
    assert_eq!(code, 0);
    assert!(out.contains("牵头 lead") && out.contains("cd-2021"), "{out}");
    let (code, _, err) = cli(&["targets", "--document", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown document"), "{err}");
}

#[test]
fn keep_only_sets_aside_rows_of_unused_indicators_and_still_rejects_bad_structure() {
    let catalog = Catalog::builtin().unwrap();
    let target = "bj-plan-2021/t1/gigabit-to-school";
    let entities = std::fs::read(fixture("entities.csv")).unwrap();
    let mut obs = std::fs::read_to_string(fixture("observations.csv")).unwrap();
    // Rows of an indicator the target does not use, one of them with a bad period and
    // one with a bad value (not parsed, so not rejected); a row of an indicator the
    // catalog does not know (rejected); a row with a field missing (rejected by the
    // CSV reader); an unterminated quote at the end (rejected).
    obs.push_str("S1,school.wifi_full_coverage,2022,1,\n");
    obs.push_str("S2,school.wifi_full_coverage,20x2,1,\n");
    obs.push_str("S3,school.wifi_full_coverage,2022,maybe,\n");
    obs.push_str("S1,school.no_such_thing,2022,1,\n");
    obs.push_str("S2,school.bandwidth_mbps,2023\n");
    obs.push_str("S3,school.bandwidth_mbps,2023,\"100,\n");
    let load = |keep: bool| {
        let mut b = DatasetBuilder::new(&catalog);
        if keep {
            let mut o = zhibiao::EvalOptions::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
            o.targets = Some(vec![target.to_string()]);
            b.keep_only(zhibiao::eval::keys_used(&catalog, &o).iter().map(String::as_str));
        }
        b.read_entities_csv("entities.csv", &entities, Encoding::Auto).unwrap();
        b.read_observations_csv("observations.csv", obs.as_bytes(), Encoding::Auto).unwrap();
        b.build()
    };
    let (full, rf) = load(false);
    let (kept, rk) = load(true);
    let o = &rk.observations;
    assert_eq!(o.skipped, 3, "{o:?}");
    assert_eq!(o.accepted + o.rejected.len() as u64, o.read);
    assert_eq!(o.read + o.skipped, rf.observations.read, "every row is counted once");
    let located: Vec<(Option<String>, u64, String)> =
        o.rejected.iter().map(|r| (r.location.file.clone(), r.location.line.unwrap_or(0), r.code.clone())).collect();
    assert_eq!(located.len(), 3, "{located:?}");
    assert!(located.iter().all(|(f, _, _)| f.as_deref() == Some("observations.csv")), "{located:?}");
    assert_eq!(located.iter().map(|(_, l, _)| *l).collect::<Vec<_>>(), vec![11, 12, 13], "{located:?}");
    assert!(located[0].2.contains("unknown_indicator"), "{located:?}");
    // The full load rejects the two bad rows of the other indicator too.
    assert_eq!(rf.observations.rejected.len(), 5, "{:?}", rf.observations.rejected);
    assert!(!kept.series.contains_key("school.wifi_full_coverage"));
    // The target's results are the same from either load.
    let mut options = zhibiao::EvalOptions::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    options.targets = Some(vec![target.to_string()]);
    let a = zhibiao::evaluate(&catalog, &full, &options).unwrap();
    let b = zhibiao::evaluate(&catalog, &kept, &options).unwrap();
    assert!(!a.results.is_empty());
    assert_eq!(serde_json::to_string(&a.results).unwrap(), serde_json::to_string(&b.results).unwrap());
    // What differs is where the unused row is counted: in the full load's data (the
    // evaluation lists it), or set aside by keep_only (the load report counts it).
    assert_eq!(a.unused.iter().map(|u| (u.indicator.as_str(), u.observations)).collect::<Vec<_>>(), [("school.wifi_full_coverage", 1)]);
    assert!(b.unused.is_empty());
    assert_eq!(rk.observations.skipped_by_indicator, [("school.wifi_full_coverage".to_string(), 3)]);
}

/// An indicator merged into another (region.school_broadband_rate into
/// school.internet_access) is refused with a reason that names the one to use.
#[test]
fn a_merged_indicator_names_its_successor() {
    let catalog = zhibiao::Catalog::builtin().unwrap();
    let mut b = zhibiao::DatasetBuilder::new(&catalog);
    let csv = "entity_id,indicator,period,value,source\n000000,region.school_broadband_rate,2019,97.6,公报\n110000,region.wifi_coverage_rate,2020,90,x\n110000,region.no_such_rate,2020,90,x\n";
    b.read_observations_csv("obs.csv", csv.as_bytes(), zhibiao::io::Encoding::Utf8).unwrap();
    let (_, r) = b.build();
    let rej = &r.observations.rejected;
    assert_eq!(rej.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(), ["data.unknown_indicator"; 3]);
    assert!(rej[0].reason.contains("merged into school.internet_access"), "{}", rej[0].reason);
    assert!(rej[1].reason.contains("merged into school.wifi_full_coverage"), "{}", rej[1].reason);
    assert!(!rej[2].reason.contains("merged"), "{}", rej[2].reason);
    // Every merged id is gone from the catalog, and what replaced it is there.
    for (old, new) in zhibiao::indicators::MERGED {
        assert!(catalog.indicator(old).is_none() && catalog.indicator(new).is_some(), "{old} → {new}");
    }
}

/// The rows: a region's figure written under a unit-level indicator is in the
/// wrong place, whatever its value; the error says which target ids take it.
#[test]
fn a_region_figure_under_a_unit_indicator_names_the_targets_to_use() {
    let catalog = zhibiao::Catalog::builtin().unwrap();
    let mut b = zhibiao::DatasetBuilder::new(&catalog);
    let csv = "entity_id,indicator,period,value,source\n110000,school.smart_campus_demo,2023,41,\n000000,school.bandwidth_mbps,2019,55.4%,\n北京,school.smart_campus_demo,2023,1,\n";
    b.read_observations_csv("obs.csv", csv.as_bytes(), zhibiao::io::Encoding::Utf8).unwrap();
    let (_, r) = b.build();
    let rej = &r.observations.rejected;
    assert_eq!(rej.iter().map(|x| (x.location.line, x.code.as_str())).collect::<Vec<_>>(), [(Some(2), "data.wrong_entity_kind"), (Some(3), "data.wrong_entity_kind"), (Some(4), "data.wrong_entity_kind")]);
    assert!(rej[0].reason.contains("bj-2023/t5.2/smart-campus-demo-40"), "{}", rej[0].reason);
    assert!(rej[1].reason.contains("moe-2019/g7/bandwidth-100mbps"), "{}", rej[1].reason);
}

/// Entity ids at a scale where the id table grows several times, with duplicates
/// spread through: every accepted id finds its own entity, each later copy of an id is
/// refused at its own line (`data.duplicate_entity`) and the first kept, children find
/// their parents whether or not the parent is the one of the row before, and an id
/// differing from a loaded one only in its last character is not taken for it.
#[test]
fn many_entities_with_duplicates_resolve_to_the_first_of_each_id() {
    let catalog = Catalog::builtin().unwrap();
    let mut csv = String::from("entity_id,kind,name,region_code,parent_id,stage\n");
    let mut expected_dups = Vec::new();
    let mut line = 1u64;
    let schools = 3000;
    for s in 0..schools {
        line += 1;
        csv.push_str(&format!("S{s:05},school,学校{s},110101,,primary\n"));
        for c in 0..4 {
            line += 1;
            // Classes of this school, and now and then one of an earlier school (the
            // parent is then not the row before's).
            let parent = if c == 3 && s % 7 == 0 && s > 0 { s / 2 } else { s };
            csv.push_str(&format!("S{s:05}-C{c},class,班{c},,S{parent:05},\n"));
        }
        if s % 101 == 50 {
            // A second definition of an earlier school, and of a class.
            line += 1;
            csv.push_str(&format!("S{:05},school,重复,110101,,primary\n", s / 3));
            expected_dups.push(line);
            line += 1;
            csv.push_str(&format!("S{s:05}-C1,class,重复班,,S{s:05},\n"));
            expected_dups.push(line);
        }
    }
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_csv("many.csv", csv.as_bytes(), Encoding::Auto).unwrap();
    let (d, r) = b.build();
    let dups: Vec<u64> = r.entities.rejected.iter().filter(|x| x.code == "data.duplicate_entity").map(|x| x.location.line.unwrap()).collect();
    assert_eq!(dups, expected_dups, "{:?}", r.entities.rejected.first());
    assert_eq!(r.entities.rejected.len(), expected_dups.len(), "{:?}", r.entities.rejected.first());
    for s in 0..schools {
        let id = format!("S{s:05}");
        let e = d.entity(&id).unwrap_or_else(|| panic!("{id} not found")) as usize;
        assert_eq!(d.ids.get(e).unwrap(), id);
        assert_eq!(d.names.get(e).unwrap(), format!("学校{s}"), "the first definition is kept");
        for c in 0..4 {
            let cid = format!("S{s:05}-C{c}");
            let ce = d.entity(&cid).unwrap_or_else(|| panic!("{cid} not found")) as usize;
            assert_eq!(d.ids.get(ce).unwrap(), cid);
            assert_eq!(d.names.get(ce).unwrap(), format!("班{c}"));
            let parent = if c == 3 && s % 7 == 0 && s > 0 { s / 2 } else { s };
            assert_eq!(d.ids.get(d.parent[ce] as usize).unwrap(), format!("S{parent:05}"));
        }
        assert_eq!(d.entity(&format!("S{s:05}-C9")), None);
    }
}
