//! Conformance vectors: every file in `spec/vectors/` evaluated through the Rust API
//! and compared with its hand-computed expected output. The WASM and Python front
//! doors run the same files with the same comparison rules (spec/vectors/README.md).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use serde_json::Value;
use std::path::PathBuf;
use zhibiao::{evaluate, Catalog, DatasetBuilder, EntityRecord, EvalOptions, ObservationRecord};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors")
}

/// `expected` matches `actual` when every key of `expected` matches; numbers within 1e-9.
fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{path}.{k}"), errors),
                    None if ev.is_null() => {}
                    None => errors.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                errors.push(format!("{path}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"), errors);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            if (e - a).abs() > 1e-9 * e.abs().max(1.0) {
                errors.push(format!("{path}: {a}, expected {e}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: {a}, expected {e}")),
    }
}

/// The built-in catalog's files plus those of a scratch catalog of tests,
/// `spec/vectors/catalogs/NAME/{catalog,indicators,sources}` (a vector's `catalog`).
fn catalog_with_scratch(file: &str, name: &str) -> Catalog {
    let (d, i, s) = common::files(&[vectors_dir().join(".."), vectors_dir().join("catalogs").join(name)]);
    Catalog::from_sources(d, i, s).unwrap_or_else(|e| panic!("{file}: catalog {name}: {e}"))
}

fn run(file: &str, v: &Value, catalog: &Catalog) -> Vec<String> {
    let edited = v.get("catalog").and_then(Value::as_str).map(|name| catalog_with_scratch(file, name));
    let catalog = edited.as_ref().unwrap_or(catalog);
    let mut errors = Vec::new();
    let entities: Vec<EntityRecord> = serde_json::from_value(v["entities"].clone()).unwrap_or_else(|e| panic!("{file}: entities: {e}"));
    let observations: Vec<ObservationRecord> =
        serde_json::from_value(v["observations"].clone()).unwrap_or_else(|e| panic!("{file}: observations: {e}"));
    let mut b = DatasetBuilder::new(catalog);
    b.extend_entities(entities);
    b.extend_observations(observations);
    let (data, load) = b.build();
    let mut options: EvalOptions = serde_json::from_value(v["options"].clone()).unwrap_or_else(|e| panic!("{file}: options: {e}"));
    if options.targets.as_ref().is_some_and(|t| t.is_empty()) {
        options.targets = None;
    }
    let expected = &v["expected"];
    if let Some(l) = expected.get("load") {
        let actual = serde_json::to_value(&load).unwrap_or_default();
        matches(l, &actual, "load", &mut errors);
    }
    match evaluate(catalog, &data, &options) {
        Err(e) => {
            let code = expected.get("error").and_then(Value::as_str);
            if code != Some(e.code()) {
                errors.push(format!("evaluate failed: [{}] {e}", e.code()));
            }
        }
        Ok(eval) => {
            if let Some(code) = expected.get("error").and_then(Value::as_str) {
                errors.push(format!("evaluate succeeded; expected it to fail with {code}"));
            }
            let actual: Vec<Value> = eval.results.iter().map(|r| serde_json::to_value(r).unwrap_or_default()).collect();
            if let Some(n) = expected.get("result_count").and_then(Value::as_u64) {
                if actual.len() as u64 != n {
                    errors.push(format!("{} results, expected {n}", actual.len()));
                }
            }
            for er in expected["results"].as_array().into_iter().flatten() {
                let found = actual.iter().find(|a| a["target"] == er["target"] && a["region"] == er["region"]);
                match found {
                    Some(a) => matches(er, a, &format!("{}@{}", er["target"], er["region"]), &mut errors),
                    None => errors.push(format!("no result for {} @ {}", er["target"], er["region"])),
                }
            }
        }
    }
    errors
}

#[test]
fn conformance_vectors() {
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .unwrap_or_else(|e| panic!("spec/vectors: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors");
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{name}: {e}"));
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(v["description"].as_str().is_some_and(|d| d.len() > 40), "{name}: the description must show the arithmetic");
        let errs = run(&name, &v, &catalog);
        println!("{name}: {}", if errs.is_empty() { "ok".to_string() } else { format!("{} mismatch(es)", errs.len()) });
        failures.extend(errs.into_iter().map(|e| format!("{name}: {e}")));
    }
    assert!(failures.is_empty(), "{} mismatch(es):\n{}", failures.len(), failures.join("\n"));
}
