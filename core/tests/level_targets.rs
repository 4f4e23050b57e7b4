//! Level targets (METHODOLOGY §6): a figure each region reports for itself, judged
//! region by region with no roll-up. The built-in catalog's only regional rate,
//! 中小学宽带接入率, is a share of schools, so these tests of a level in percent use a
//! catalog of their own: the built-in files with that target read as a level of a
//! region-level rate, as a catalog that has no school rows would encode it.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use serde_json::{json, Value};
use zhibiao::data::ObservationRecord;
use zhibiao::{evaluate, Catalog, DatasetBuilder, EvalOptions};

const TARGET: &str = "moe-2019/g7/school-broadband-97";

const RATE: &str = r#"{"indicators": [{"id": "region.school_broadband_rate", "name": "中小学宽带接入率",
  "name_en": "Broadband access rate of primary and secondary schools", "entity": "region",
  "value_type": "percent", "unit": "%", "description": "The rate a region reports for itself."}]}"#;

fn level_catalog() -> Catalog {
    let (mut docs, mut indicators, sources) = common::files(&[common::spec()]);
    let moe = docs.iter_mut().find(|(f, _)| f == "catalog/moe-2019.json").unwrap();
    let mut v: Value = serde_json::from_str(&moe.1).unwrap();
    let t = v["targets"].as_array_mut().unwrap().iter_mut().find(|t| t["id"] == TARGET).unwrap();
    t["kind"] = json!("level");
    t["indicator"] = json!("region.school_broadband_rate");
    t.as_object_mut().unwrap().remove("condition");
    moe.1 = v.to_string();
    indicators.push(("indicators/rate.json".into(), RATE.into()));
    let c = Catalog::from_sources(docs, indicators, sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.target(TARGET).unwrap().1.kind, zhibiao::Kind::Level);
    c
}

/// Evaluates `rows` (region, year, value) as of `as_of`; results by region.
fn run(rows: &[(&str, &str, &str)], as_of: &str) -> Vec<Value> {
    let catalog = level_catalog();
    let mut b = DatasetBuilder::new(&catalog);
    b.extend_observations(rows.iter().map(|(r, y, v)| ObservationRecord {
        entity_id: r.to_string(),
        indicator: "region.school_broadband_rate".into(),
        period: y.to_string(),
        value: v.to_string(),
        source: String::new(),
        ..Default::default()
    }));
    let (data, load) = b.build();
    assert!(load.is_clean(), "{load:?}");
    let options: EvalOptions = serde_json::from_value(json!({ "as_of": as_of, "targets": [TARGET] })).unwrap();
    let eval = evaluate(&catalog, &data, &options).unwrap();
    eval.results.iter().map(|r| serde_json::to_value(r).unwrap()).collect()
}

fn at<'a>(results: &'a [Value], region: &str) -> &'a Value {
    results.iter().find(|r| r["region"] == region).unwrap_or_else(|| panic!("no result for {region}: {results:?}"))
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

/// 中国 2018 94.7, 2019 97.3 (2020 96.0 is after the deadline's year): achieved, progress
/// (97.3 − 94.7)/(97 − 94.7); 北京 99 → 100: achieved, its baseline already met 97, so no
/// progress; 四川 90 → 94: missed, progress and growth ratio 4/7, projection 94.
#[test]
fn each_region_is_judged_on_its_own_figure() {
    let r = run(
        &[
            ("000000", "2018", "94.7"),
            ("000000", "2019", "97.3"),
            ("000000", "2020", "96.0"),
            ("110000", "2018", "99"),
            ("110000", "2019", "100"),
            ("510000", "2018", "90"),
            ("510000", "2019", "94"),
        ],
        "2020-12-31",
    );
    assert_eq!(r.len(), 3, "{r:?}");
    let cn = at(&r, "000000");
    assert_eq!((cn["year"].as_i64(), cn["status"].as_str()), (Some(2019), Some("achieved")));
    assert!(close(&cn["value"], 97.3) && close(&cn["progress"], 2.6 / 2.3), "{cn}");
    assert_eq!(cn["baseline"], json!({ "date": "2018-12-31", "value": 94.7, "from": "observed" }));
    let bj = at(&r, "110000");
    assert_eq!((bj["status"].as_str(), &bj["progress"]), (Some("achieved"), &Value::Null));
    let sc = at(&r, "510000");
    assert_eq!((sc["status"].as_str(), sc["method"].as_str()), (Some("missed"), Some("linear")));
    assert!(close(&sc["progress"], 4.0 / 7.0) && close(&sc["growth_ratio"], 4.0 / 7.0) && close(&sc["projection"], 94.0), "{sc}");
}

/// Nothing rolls up: the provinces' figures do not make one for the nation, which is
/// `no_data` while they are listed; 四川's only figure (2018) is from before the
/// target's year: a baseline, not an outcome, so 四川 is not assessable, not missed.
#[test]
fn a_region_without_its_own_figure_has_none() {
    let r = run(&[("110000", "2018", "99"), ("110000", "2019", "98"), ("510000", "2018", "94")], "2022-12-31");
    assert_eq!(r.len(), 3, "{r:?}");
    let cn = at(&r, "000000");
    assert_eq!((cn["status"].as_str(), cn["reason"]["code"].as_str(), &cn["value"]), (Some("not_assessable"), Some("no_data"), &Value::Null));
    let bj = at(&r, "110000");
    assert_eq!((bj["year"].as_i64(), bj["status"].as_str(), &bj["progress"]), (Some(2019), Some("achieved"), &Value::Null));
    assert!(close(&bj["value"], 98.0));
    let sc = at(&r, "510000");
    assert_eq!((sc["year"].as_i64(), sc["status"].as_str()), (Some(2018), Some("not_assessable")));
    assert_eq!(sc["reason"]["code"].as_str(), Some("too_few_points"));
}

/// METHODOLOGY Example 7, as of 2019-06-30: 北京 95 after 90, progress and growth ratio
/// 5/7, expected progress 1 → needs_acceleration; the nation 96 after 99, which already
/// met 97 → regressing, with no progress.
#[test]
fn methodology_example_7() {
    let rows = [("110000", "2018", "90"), ("110000", "2019-06-30", "95"), ("000000", "2018", "99"), ("000000", "2019-06-30", "96")];
    let r = run(&rows, "2019-06-30");
    let bj = at(&r, "110000");
    assert_eq!(bj["status"].as_str(), Some("needs_acceleration"), "{bj}");
    assert!(close(&bj["progress"], 5.0 / 7.0) && close(&bj["expected_progress"], 1.0) && close(&bj["growth_ratio"], 5.0 / 7.0), "{bj}");
    let cn = at(&r, "000000");
    assert_eq!((cn["status"].as_str(), &cn["progress"], &cn["growth_ratio"]), (Some("regressing"), &Value::Null, &Value::Null), "{cn}");
    // As of the deadline both have missed it; Beijing keeps its progress.
    let r = run(&rows, "2019-12-31");
    assert_eq!(at(&r, "000000")["status"].as_str(), Some("missed"));
    let bj = at(&r, "110000");
    assert_eq!(bj["status"].as_str(), Some("missed"));
    assert!(close(&bj["growth_ratio"], 5.0 / 7.0), "{bj}");
}
