#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
//! Values as reports write them, through the CSV reader: what is accepted, what is
//! refused with which code, and that nothing goes missing. A region's figure keeps its
//! qualifier (超过, 以上, 近) and fraction; a unit's own value must be one exact figure.

use crate::common;

use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder};

/// The built-in catalog has no percent indicator (rates of schools are shares of
/// schools); a catalog of one's own may define one, measured on regions.
const OWN_RATE: &str = r#"{"indicators": [{"id": "region.own_rate", "name": "自定比率", "name_en": "A rate of one's own",
  "entity": "region", "value_type": "percent", "unit": "%", "description": "A region-level percentage."}]}"#;

/// The spec directory's files with [`OWN_RATE`] added.
fn catalog_with_a_rate() -> Catalog {
    let (docs, mut indicators, sources) = common::files(&[common::spec()]);
    indicators.push(("indicators/own.json".into(), OWN_RATE.into()));
    Catalog::from_sources(docs, indicators, sources).unwrap()
}

const ENTITIES: &str = "entity_id,kind,name,region_code,parent_id,stage,area_class,role\n\
S1,school,东城第一小学,110101,,小学,,\n";

/// (value column, indicator, expected code or the value stored).
const ROWS: &[(&str, &str, Result<f64, &str>)] = &[
    ("1000", "school.bandwidth_mbps", Ok(1000.0)),
    ("1000M", "school.bandwidth_mbps", Ok(1000.0)),
    ("1000 Mbps", "school.bandwidth_mbps", Ok(1000.0)),
    ("千兆", "school.bandwidth_mbps", Ok(1000.0)),
    ("1G", "school.bandwidth_mbps", Ok(1000.0)),
    ("95%", "school.bandwidth_mbps", Err("data.wrong_unit")),
    ("97.6%", "region.own_rate", Ok(97.6)),
    ("97.6 %", "region.own_rate", Ok(97.6)),
    ("９７．６％", "region.own_rate", Ok(97.6)),
    ("超过70%", "region.own_rate", Ok(70.0)),
    ("超过70%", "school.bandwidth_mbps", Err("data.wrong_unit")),
    ("超过100M", "school.bandwidth_mbps", Err("data.qualified_value")),
    ("100/120", "school.bandwidth_mbps", Err("data.fraction_value")),
    ("90%以上", "region.own_rate", Ok(90.0)),
    ("118/120", "region.own_rate", Ok(118.0 / 120.0 * 100.0)),
    ("118/120", "region.lessons_shared", Err("data.fraction_value")),
    ("130%", "region.own_rate", Err("data.out_of_range")),
    ("\"1,291\"", "region.lessons_shared", Ok(1291.0)),
    ("1，291堂", "region.lessons_shared", Ok(1291.0)),
    ("10397万", "region.lessons_shared", Ok(103_970_000.0)),
    ("近12万堂", "region.lessons_shared", Ok(120_000.0)),
    ("800门", "region.national_quality_online_courses", Ok(800.0)),
    ("800个", "region.national_quality_online_courses", Err("data.wrong_unit")),
    ("两千多", "region.national_quality_online_courses", Ok(2000.0)),
    ("很多", "region.national_quality_online_courses", Err("data.bad_value")),
];

#[test]
fn written_forms_are_read_units_checked_and_qualifiers_kept_for_regions_only() {
    let catalog = catalog_with_a_rate();
    let mut b = DatasetBuilder::new(&catalog);
    b.read_entities_csv("entities.csv", ENTITIES.as_bytes(), Encoding::Utf8).unwrap();
    let mut csv = String::from("entity_id,indicator,period,value,source\n");
    for (i, (value, indicator, _)) in ROWS.iter().enumerate() {
        let entity = if indicator.starts_with("school.") { "S1" } else { "110000" };
        // One period per row, so that no two rows are duplicates of each other.
        csv.push_str(&format!("{entity},{indicator},{}-01-01,{value},test\n", 1990 + i));
    }
    b.read_observations_csv("observations.csv", csv.as_bytes(), Encoding::Utf8).unwrap();
    let (ds, report) = b.build();
    let obs = &report.observations;
    assert_eq!(obs.read, ROWS.len() as u64);
    assert_eq!(obs.accepted + obs.rejected.len() as u64, obs.read, "accepted + rejected = read");
    for (i, (value, indicator, want)) in ROWS.iter().enumerate() {
        let line = i as u64 + 2;
        let rejection = obs.rejected.iter().find(|r| r.location.line == Some(line));
        match want {
            Err(code) => {
                let r = rejection.unwrap_or_else(|| panic!("{value} for {indicator}: accepted, expected {code}"));
                assert_eq!(r.code, *code, "{value} for {indicator}: {}", r.reason);
                assert_eq!(r.column.as_deref(), Some("value"));
                assert!(r.reason.contains(indicator), "the reason names the indicator: {}", r.reason);
            }
            Ok(v) => {
                assert!(rejection.is_none(), "{value} for {indicator}: {rejection:?}");
                let stored = ds.series.get(*indicator).map(|s| s.value.clone()).unwrap_or_default();
                assert!(stored.contains(v), "{value} for {indicator}: {v} not among {stored:?}");
            }
        }
    }
    let wifi = &ds.series["region.own_rate"];
    let qualifiers: Vec<&str> = (0..wifi.len()).filter_map(|k| wifi.detail_of(&ds, k)).map(|d| d.qualifier.code()).collect();
    assert_eq!(qualifiers, ["more_than", "at_least", "exact"], "超过70%, 90%以上 and 118/120 keep how they were written");
    let fraction = (0..wifi.len()).find_map(|k| wifi.detail_of(&ds, k).and_then(|d| d.fraction));
    assert_eq!(fraction, Some((118.0, 120.0)));
    let unit_row = obs.rejected.iter().find(|r| r.code == "data.qualified_value").unwrap();
    assert!(unit_row.reason.contains("moe-2019/g7/bandwidth-100mbps"), "names the target ids a region's figure goes under: {}", unit_row.reason);
    let wrong = obs.rejected.iter().find(|r| r.code == "data.wrong_unit").unwrap();
    assert!(wrong.reason.contains("Mbps"), "names the expected unit: {}", wrong.reason);
}
