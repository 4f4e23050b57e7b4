//! The worked examples of `spec/METHODOLOGY.md` run through the engine, read from the
//! document itself: each ```` ```check ```` block states what the sentences around it
//! say, and this test evaluates the data it names and compares. A sentence whose
//! numbers drift from the engine fails here once its check block is kept in step.
//!
//! A check block:
//!
//! ```text
//! data: above | example N | vector NNN   (default: the nearest data block above)
//! edit: TARGET_OR_INDICATOR_ID field=json ...   (a scratch catalog, METHODOLOGY §1)
//! indicator: {JSON}                    (one more indicator in the scratch catalog)
//! entities: example N                  (add the entities of another example)
//! drop: ENTITY_ID,INDICATOR,PERIOD      (leave one observation row out)
//! add: CSV observation row               (one more observation row)
//! as_of: YYYY-MM-DD
//! target: TARGET_ID
//! REGION key=value key=value …           (keys of the JSON result; a.b for nested)
//! REGION absent                          (no result for the region)
//! count: N                               (number of results)
//! ```
//!
//! Numbers match to within 5 · 10⁻⁴ · max(1, |expected|) (the prose rounds); `null`
//! matches an absent field. Data blocks are fenced blocks holding entity rows, a line
//! `---`, and observation rows, or observation rows only, with the headers of
//! METHODOLOGY §1.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use serde_json::{json, Value};
use std::path::PathBuf;
use zhibiao::{evaluate, Catalog, DatasetBuilder, EntityRecord, EvalOptions, ObservationRecord};

fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

struct Data {
    example: Option<u32>,
    entities: Vec<String>,
    observations: Vec<String>,
}

struct Check {
    line: usize,
    example: Option<u32>,
    lines: Vec<String>,
}

/// The fenced blocks of the document: data blocks and check blocks, in order.
fn blocks(md: &str) -> (Vec<Data>, Vec<(usize, Check)>) {
    let (mut data, mut checks) = (Vec::new(), Vec::new());
    let mut example = None;
    let mut lines = md.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if let Some(rest) = line.split("**Example ").nth(1) {
            example = rest.split(|c: char| !c.is_ascii_digit()).next().and_then(|d| d.parse().ok());
        }
        if line.starts_with("## ") {
            example = None;
        }
        let Some(info) = line.trim_start().strip_prefix("```") else { continue };
        let body: Vec<String> = lines.by_ref().map(|(_, l)| l).take_while(|l| !l.trim_start().starts_with("```")).map(str::to_string).collect();
        if info.trim() == "check" {
            checks.push((data.len(), Check { line: n + 1, example, lines: body }));
        } else if info.trim().is_empty() && body.iter().any(|l| l == "---") {
            let split = body.iter().position(|l| l == "---").unwrap_or(0);
            data.push(Data { example, entities: body[..split].to_vec(), observations: body[split + 1..].to_vec() });
        } else if info.trim().is_empty() && !body.is_empty() && body.iter().all(|l| is_observation_row(l)) {
            data.push(Data { example, entities: Vec::new(), observations: body });
        }
    }
    (data, checks)
}

/// `entity_id,indicator,period,value,source` with a period in one word.
fn is_observation_row(line: &str) -> bool {
    let f: Vec<&str> = line.split(',').collect();
    f.len() == 5 && !f[0].is_empty() && !f[2].is_empty() && !f[2].contains(' ') && !f[1].contains(' ')
}

fn entity(row: &str) -> EntityRecord {
    let f: Vec<&str> = row.split(',').collect();
    let g = |i: usize| f.get(i).copied().unwrap_or("");
    serde_json::from_value(json!({
        "entity_id": g(0), "kind": g(1), "name": g(2), "region_code": g(3),
        "parent_id": g(4), "stage": g(5), "area_class": g(6), "role": g(7)
    }))
    .unwrap()
}

fn observation(row: &str) -> ObservationRecord {
    let f: Vec<&str> = row.splitn(5, ',').collect();
    let g = |i: usize| f.get(i).copied().unwrap_or("");
    serde_json::from_value(json!({ "entity_id": g(0), "indicator": g(1), "period": g(2), "value": g(3), "source": g(4) })).unwrap()
}

use common::Files;

fn spec_files() -> (Files, Files, Files) {
    common::files(&[spec()])
}

/// The spec's catalog with `edit: ID field=json …` lines applied to targets or indicators.
fn edited_catalog(edits: &[&str], added: &[&str]) -> Catalog {
    let (mut docs, mut indicators, sources) = spec_files();
    for (i, json) in added.iter().enumerate() {
        indicators.push((format!("indicators/added-{i}.json"), format!("{{\"indicators\": [{json}]}}")));
    }
    for edit in edits {
        let mut parts = edit.split_whitespace();
        let id = parts.next().unwrap();
        let sets: Vec<(&str, Value)> =
            parts.map(|p| p.split_once('=').unwrap()).map(|(k, v)| (k, serde_json::from_str(v).unwrap_or(Value::String(v.into())))).collect();
        let mut found = false;
        for (_, text) in docs.iter_mut().chain(indicators.iter_mut()) {
            let mut file: Value = serde_json::from_str(text).unwrap();
            let list = if file.get("targets").is_some() { "targets" } else { "indicators" };
            if let Some(item) = file[list].as_array_mut().and_then(|a| a.iter_mut().find(|t| t["id"] == id)) {
                for (k, v) in &sets {
                    item[*k] = v.clone();
                }
                *text = serde_json::to_string(&file).unwrap();
                found = true;
            }
        }
        assert!(found, "edit: no target or indicator {id}");
    }
    Catalog::from_sources(docs, indicators, sources).unwrap_or_else(|e| panic!("edited catalog: {e}"))
}

fn vector_data(n: &str) -> (Vec<EntityRecord>, Vec<ObservationRecord>) {
    let dir = spec().join("vectors");
    let file = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).find(|p| p.file_name().unwrap().to_string_lossy().starts_with(n)).unwrap();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    (serde_json::from_value(v["entities"].clone()).unwrap(), serde_json::from_value(v["observations"].clone()).unwrap())
}

fn matches(key: &str, expected: &str, actual: &Value) -> Result<(), String> {
    let mut a = actual;
    for part in key.split('.') {
        a = a.get(part).unwrap_or(&Value::Null);
    }
    let ok = match (expected, a) {
        ("null", Value::Null) => true,
        (e, Value::Number(n)) => e.parse::<f64>().is_ok_and(|e| (e - n.as_f64().unwrap()).abs() <= 5e-4 * e.abs().max(1.0)),
        (e, Value::String(s)) => e == s,
        (e, Value::Bool(b)) => e == b.to_string(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{key} = {a}, expected {expected}"))
    }
}

fn run(data: &[Data], before: usize, check: &Check, builtin: &Catalog) -> Vec<String> {
    let mut errors = Vec::new();
    let field = |name: &str| check.lines.iter().filter_map(|l| l.trim().strip_prefix(&format!("{name}:"))).map(str::trim).collect::<Vec<_>>();
    let source = field("data").first().copied().unwrap_or("above").to_string();
    let (mut entities, mut observations): (Vec<EntityRecord>, Vec<ObservationRecord>) = if let Some(v) = source.strip_prefix("vector ") {
        vector_data(v)
    } else {
        let d = match source.strip_prefix("example ") {
            Some(n) => data.iter().find(|d| d.example == n.parse().ok()).unwrap_or_else(|| panic!("no data of example {n}")),
            None => data.get(before.wrapping_sub(1)).unwrap_or_else(|| panic!("no data block above")),
        };
        (d.entities.iter().map(|r| entity(r)).collect(), d.observations.iter().map(|r| observation(r)).collect())
    };
    for d in field("drop") {
        let key: Vec<&str> = d.split(',').collect();
        let n = observations.len();
        observations.retain(|o| [o.entity_id.as_str(), o.indicator.as_str(), o.period.as_str()] != key[..3]);
        assert!(observations.len() < n, "drop: no row {d}");
    }
    for a in field("add") {
        observations.push(observation(a));
    }
    for n in field("entities") {
        let d = data.iter().find(|d| d.example == n.strip_prefix("example ").and_then(|n| n.parse().ok())).unwrap_or_else(|| panic!("entities: {n}"));
        entities.extend(d.entities.iter().map(|r| entity(r)));
    }
    let edits = field("edit");
    let added = field("indicator");
    let edited = (!edits.is_empty() || !added.is_empty()).then(|| edited_catalog(&edits, &added));
    let catalog = edited.as_ref().unwrap_or(builtin);
    let mut b = DatasetBuilder::new(catalog);
    b.extend_entities(entities);
    b.extend_observations(observations);
    let (dataset, _) = b.build();
    let as_of = field("as_of")[0].parse().unwrap();
    let mut options = EvalOptions::new(as_of);
    options.targets = Some(field("target").iter().map(|t| t.to_string()).collect());
    let results: Vec<Value> = evaluate(catalog, &dataset, &options).unwrap().results.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    for c in field("count") {
        if results.len() != c.parse::<usize>().unwrap() {
            errors.push(format!("{} results, expected {c}", results.len()));
        }
    }
    for line in &check.lines {
        let mut parts = line.split_whitespace();
        let Some(region) = parts.next().filter(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_digit())) else { continue };
        let rest: Vec<&str> = parts.collect();
        let found = results.iter().find(|r| r["region"] == region);
        match (found, rest.as_slice()) {
            (None, ["absent"]) => {}
            (Some(_), ["absent"]) => errors.push(format!("{region}: listed, expected absent")),
            (None, _) => errors.push(format!("{region}: no result")),
            (Some(r), pairs) => {
                for p in pairs {
                    let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("line {}: {p}", check.line));
                    if let Err(e) = matches(k, v, r) {
                        errors.push(format!("{region}: {e}"));
                    }
                }
            }
        }
    }
    errors
}

#[test]
fn every_worked_example_of_the_methodology_runs() {
    let md = std::fs::read_to_string(spec().join("METHODOLOGY.md")).unwrap();
    let (data, checks) = blocks(&md);
    let builtin = Catalog::builtin().unwrap();
    let mut failures = Vec::new();
    let mut examples = std::collections::BTreeSet::new();
    for (before, check) in &checks {
        examples.extend(check.example);
        for e in run(&data, *before, check, &builtin) {
            failures.push(format!("METHODOLOGY.md line {} (example {:?}): {e}", check.line, check.example));
        }
    }
    // Every numbered example has at least one check.
    let numbered: std::collections::BTreeSet<u32> =
        md.split("**Example ").skip(1).filter_map(|s| s.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()).collect();
    let unchecked: Vec<_> = numbered.difference(&examples).collect();
    assert!(unchecked.is_empty(), "examples without a check block: {unchecked:?}");
    assert!(checks.len() >= numbered.len(), "{} checks", checks.len());
    assert!(failures.is_empty(), "{} mismatch(es):\n{}", failures.len(), failures.join("\n"));
}
