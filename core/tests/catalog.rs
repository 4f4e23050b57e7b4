//! Integrity of the built-in catalog, and proof that each integrity check fails on bad data.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::PathBuf;
use zhibiao::{parse_all, Catalog, CatalogError, Comparator, Kind};

fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(spec().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The spec directory's files, as (documents, indicators, sources).
type Files = (Vec<(String, String)>, Vec<(String, String)>, Vec<(String, String)>);

fn files() -> Files {
    let list = |sub: &str| -> Vec<(String, String)> {
        let mut v: Vec<_> = std::fs::read_dir(spec().join(sub))
            .unwrap_or_else(|e| panic!("{sub}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".json") || n.ends_with(".txt"))
            .map(|n| (n.clone(), read(&format!("{sub}/{n}"))))
            .collect();
        v.sort();
        v
    };
    let indicators = list("indicators").into_iter().map(|(f, t)| (format!("indicators/{f}"), t)).collect();
    (list("catalog"), indicators, list("sources"))
}

/// Loads the spec files after `edit` changed the JSON of `file`.
fn load_with(file: &str, edit: impl FnOnce(&mut Value)) -> Vec<CatalogError> {
    let (mut docs, indicators, sources) = files();
    let entry = docs.iter_mut().find(|(f, _)| f == file).unwrap_or_else(|| panic!("no {file}"));
    let mut v: Value = serde_json::from_str(&entry.1).unwrap_or_else(|e| panic!("{file}: {e}"));
    edit(&mut v);
    entry.1 = serde_json::to_string_pretty(&v).unwrap_or_default();
    match Catalog::from_sources(docs, indicators, sources) {
        Ok(_) => Vec::new(),
        Err(e) => e.0,
    }
}

fn first_target_of_kind<'a>(v: &'a mut Value, kind: &str) -> &'a mut Value {
    v["targets"]
        .as_array_mut()
        .and_then(|a| a.iter_mut().find(|t| t["kind"] == kind))
        .unwrap_or_else(|| panic!("no {kind} target"))
}

#[test]
fn builtin_catalog_loads_and_matches_the_files_on_disk() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let (docs, indicators, sources) = files();
    let from_disk = Catalog::from_sources(docs, indicators, sources).unwrap_or_else(|e| panic!("{e}"));
    let sorted = |c: &Catalog| {
        let mut d = c.documents().to_vec();
        d.sort_by(|a, b| a.id.cmp(&b.id));
        d
    };
    assert!(sorted(&c) == sorted(&from_disk), "embedded catalog differs from spec/ on disk: rebuild");
    assert_eq!(c.documents().len(), 5);
    let disk = Catalog::load_dir(spec()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(disk.documents().len(), 5);
}

#[test]
fn ids_are_unique_and_every_reference_resolves() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut ids = HashSet::new();
    for d in c.documents() {
        let all = d.sections.iter().map(|s| &s.id).chain(d.tasks.iter().map(|t| &t.id)).chain(d.targets.iter().map(|t| &t.id));
        for id in all {
            assert!(ids.insert(id.clone()), "duplicate id {id}");
        }
    }
    for (d, t) in c.targets() {
        assert!(c.indicator(&t.indicator).is_some(), "{}: indicator {}", t.id, t.indicator);
        if let Some(task) = &t.task {
            assert!(d.tasks.iter().any(|x| &x.id == task), "{}: task {task}", t.id);
        }
        if let Some(other) = &t.contributes_to {
            let (_, o) = c.target(other).unwrap_or_else(|| panic!("{}: contributes_to {other}", t.id));
            assert_eq!(o.indicator, t.indicator);
        }
    }
}

#[test]
fn every_quote_is_in_its_source() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    for d in c.documents() {
        let src = c.source(d).unwrap_or_else(|| panic!("{}: no source", d.id));
        for t in &d.targets {
            let (s, e) = src.find(&t.quote).unwrap_or_else(|| panic!("{}: quote not found", t.id));
            assert!(e > s);
        }
        for t in &d.tasks {
            assert!(src.find(&t.quote).is_some(), "{}: quote not found", t.id);
        }
    }
}

#[test]
fn every_target_figure_is_what_the_parser_reads_from_its_quote() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for (_, t) in c.targets() {
        let (Some(cmp), Some(value), Some(unit)) = (t.comparator, t.value, &t.unit) else {
            assert_eq!(t.kind, Kind::Milestone, "{}: only milestones lack a figure", t.id);
            continue;
        };
        if t.implicit_all {
            assert_eq!((cmp, value, unit.as_str()), (Comparator::Reach, 100.0, "%"), "{}", t.id);
        } else {
            let text = format!("{} {}", t.quote, t.figure_quote.clone().unwrap_or_default());
            let read = parse_all(&text);
            assert!(
                read.iter().any(|q| q.comparator == cmp && q.value == value && &q.unit == unit),
                "{}: states {cmp:?} {value} {unit}; the parser reads {:?} from {text:?}",
                t.id,
                read.iter().map(|q| (q.comparator, q.value, q.unit.clone())).collect::<Vec<_>>()
            );
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} targets with figures");
}

#[test]
fn the_catalog_is_complete_enough_to_be_useful() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    for d in c.documents() {
        assert!(!d.sections.is_empty(), "{}: no sections", d.id);
        assert!(!d.tasks.is_empty(), "{}: no tasks", d.id);
        assert!(d.targets.len() >= 10, "{}: only {} targets", d.id, d.targets.len());
    }
    // Every kind of target appears somewhere.
    for kind in [Kind::Share, Kind::Level, Kind::Count, Kind::PerUnitMinimum, Kind::Milestone] {
        assert!(c.targets().any(|(_, t)| t.kind == kind), "no {kind:?} target");
    }
    // The cross-document links the design names exist.
    let shared = |ind: &str| c.targets().filter(|(_, t)| t.indicator == ind).map(|(d, _)| d.id.clone()).collect::<HashSet<_>>();
    assert!(shared("school.smart_campus_demo").is_superset(&["bj-2023".to_string(), "bj-plan-2021".to_string()].into()));
    assert!(shared("person.it_training_hours").is_superset(&["bj-2023".to_string(), "bj-plan-2021".to_string()].into()));
    assert!(shared("school.bandwidth_mbps").len() >= 3, "national and local broadband targets share an indicator");
}

// ---- Each integrity check fails on bad data, naming the file and the id. ----

#[test]
fn unknown_indicator_is_reported_with_file_and_id() {
    let errs = load_with("bj-2023.json", |v| {
        let t = first_target_of_kind(v, "milestone");
        t["indicator"] = json!("school.no_such_thing");
    });
    assert!(
        errs.iter().any(|e| matches!(e, CatalogError::UnknownIndicator { file, indicator, .. }
            if file == "bj-2023.json" && indicator == "school.no_such_thing")),
        "{errs:?}"
    );
}

#[test]
fn duplicate_id_is_reported() {
    let errs = load_with("bj-2023.json", |v| {
        let first = v["targets"][0].clone();
        if let Some(a) = v["targets"].as_array_mut() {
            a.push(first);
        }
    });
    assert!(errs.iter().any(|e| e.code() == "catalog.duplicate_id" && e.to_string().contains("bj-2023.json")), "{errs:?}");
}

#[test]
fn quote_not_in_source_is_reported() {
    let errs = load_with("bj-2023.json", |v| {
        v["targets"][0]["quote"] = json!("这句话不在原文里");
    });
    assert!(errs.iter().any(|e| matches!(e, CatalogError::QuoteNotFound { file, .. } if file == "bj-2023.json")), "{errs:?}");
}

#[test]
fn quotes_match_across_line_breaks() {
    // 教育数\n字化 is broken across lines in the source; a quote without the break is found.
    let errs = load_with("bj-2023.json", |v| {
        v["targets"][0]["quote"] = json!("按照国家教育数字化战略行动");
    });
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn value_that_disagrees_with_its_quote_is_reported() {
    let errs = load_with("bj-2023.json", |v| {
        let t = first_target_of_kind(v, "count");
        let value = t["value"].as_f64().unwrap_or(0.0);
        t["value"] = json!(value + 1.0);
    });
    assert!(errs.iter().any(|e| matches!(e, CatalogError::ValueMismatch { file, what, .. } if file == "bj-2023.json" && what == "value")), "{errs:?}");
}

#[test]
fn unit_and_comparator_that_disagree_with_the_quote_are_reported() {
    let errs = load_with("bj-2023.json", |v| {
        let t = first_target_of_kind(v, "count");
        t["unit"] = json!("个");
    });
    assert!(errs.iter().any(|e| e.code() == "catalog.value_mismatch"), "{errs:?}");
    let errs = load_with("bj-plan-2021.json", |v| {
        let t = first_target_of_kind(v, "per_unit_minimum");
        t["condition"]["comparator"] = json!("more_than");
    });
    assert!(errs.iter().any(|e| matches!(e, CatalogError::ValueMismatch { what, .. } if what == "minimum")), "{errs:?}");
}

#[test]
fn unresolved_reference_is_reported() {
    let errs = load_with("cd-2021.json", |v| {
        v["tasks"][0]["section"] = json!("cd-2021/s99");
    });
    assert!(errs.iter().any(|e| matches!(e, CatalogError::UnknownReference { field, reference, .. } if field == "section" && reference == "cd-2021/s99")), "{errs:?}");
}

#[test]
fn unknown_field_is_a_parse_error_with_line_and_column() {
    let errs = load_with("sn-2023.json", |v| {
        v["targets"][0]["valeu"] = json!(3);
    });
    assert!(errs.iter().any(|e| matches!(e, CatalogError::Parse { file, line, .. } if file == "sn-2023.json" && *line > 1)), "{errs:?}");
}

#[test]
fn schemas_in_spec_are_up_to_date() {
    for (name, schema) in zhibiao::schema::all() {
        let on_disk = read(&format!("schema/{name}"));
        assert_eq!(
            on_disk,
            zhibiao::schema::render(&schema),
            "spec/schema/{name} is stale: run `cargo run -- schema --write spec/schema`"
        );
    }
}

#[test]
fn catalog_files_validate_against_the_generated_schema() {
    // A structural check independent of serde: every document file has the
    // schema's required top-level properties and no others.
    let schema: Value = serde_json::from_str(&read("schema/document.schema.json")).unwrap_or_default();
    let props: HashSet<String> = schema["properties"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let required: Vec<String> = serde_json::from_value(schema["required"].clone()).unwrap_or_default();
    let (docs, _, _) = files();
    for (f, text) in docs {
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        let keys: HashSet<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        assert!(keys.is_subset(&props), "{f}: {:?}", keys.difference(&props).collect::<Vec<_>>());
        for r in &required {
            assert!(keys.contains(r), "{f}: missing {r}");
        }
    }
}

// ---- Every sentence accounted for; regions; links across jurisdictions. ----

/// A catalog from the spec files after `edit` changed one document, with the spec's allowance.
fn catalog_with(file: &str, edit: impl FnOnce(&mut Value)) -> Result<Catalog, Vec<CatalogError>> {
    let (mut docs, indicators, sources) = files();
    let entry = docs.iter_mut().find(|(f, _)| f == file).unwrap_or_else(|| panic!("no {file}"));
    let mut v: Value = serde_json::from_str(&entry.1).unwrap_or_else(|e| panic!("{file}: {e}"));
    edit(&mut v);
    entry.1 = serde_json::to_string_pretty(&v).unwrap_or_default();
    let mut c = Catalog::from_sources(docs, indicators, sources).map_err(|e| e.0)?;
    c.set_allowance_json("coverage-allowance.json", &read("coverage-allowance.json")).map_err(|e| e.0)?;
    Ok(c)
}

#[test]
fn every_promise_clause_is_accounted_for_or_allowed_for_now() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let problems = c.coverage_problems();
    assert!(problems.is_empty(), "{}", zhibiao::CatalogErrors(problems));
    let disk = Catalog::load_dir(spec()).unwrap_or_else(|e| panic!("{e}"));
    assert!(disk.allowance().is_some(), "load_dir reads coverage-allowance.json");
    assert!(disk.coverage_problems().is_empty());
    // Every document has promise clauses, and most of them are covered.
    for d in c.documents() {
        let cov = c.coverage(&d.id).unwrap_or_else(|| panic!("{}", d.id));
        assert!(cov.counts.promises > 20, "{}: {:?}", d.id, cov.counts);
        assert!(cov.counts.covered * 2 > cov.counts.promises, "{}: {:?}", d.id, cov.counts);
    }
}

#[test]
fn deleting_every_numeric_target_of_a_document_fails_the_check() {
    let c = catalog_with("bj-2023.json", |v| {
        if let Some(a) = v["targets"].as_array_mut() {
            a.retain(|t| t.get("value").is_none());
        }
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    let problems = c.coverage_problems();
    let uncovered: Vec<_> = problems
        .iter()
        .filter_map(|e| match e {
            CatalogError::UncoveredClause { document, line, clause, missing, .. } if document == "bj-2023" => {
                Some((*line, clause.clone(), missing.clone()))
            }
            _ => None,
        })
        .collect();
    assert!(uncovered.len() >= 5, "{problems:?}");
    // The message names the document, the line and the clause.
    let (line, clause, missing) = uncovered
        .iter()
        .find(|(_, c, _)| c.contains("千兆到校"))
        .cloned()
        .unwrap_or_else(|| panic!("the gigabit clause: {uncovered:?}"));
    assert_eq!(line, 32);
    assert!(missing.contains("千兆"), "{missing}");
    let shown = problems.iter().map(ToString::to_string).find(|m| m.contains("千兆到校")).unwrap_or_default();
    assert!(shown.contains("bj-2023") && shown.contains("line 32") && shown.contains(&clause), "{shown}");
}

#[test]
fn an_allowance_entry_that_is_covered_now_fails_the_check() {
    // The built-in allowance may be empty, so make an uncovered clause on purpose: drop
    // one not_encoded entry of bj-2023, list the clause it leaves uncovered in an
    // allowance of the test's own, and then put the entry back.
    let (docs, indicators, sources) = files();
    let entry = docs.iter().find(|(f, _)| f == "bj-2023.json").map(|(_, t)| t.clone()).unwrap_or_default();
    let v: Value = serde_json::from_str(&entry).unwrap_or_default();
    let dropped = v["not_encoded"][0].clone();
    let edited = |keep: bool| {
        let mut docs = docs.clone();
        let mut v = v.clone();
        if !keep {
            v["not_encoded"].as_array_mut().map(|a| a.remove(0));
        }
        let e = docs.iter_mut().find(|(f, _)| f == "bj-2023.json").unwrap_or_else(|| panic!("no bj-2023.json"));
        e.1 = serde_json::to_string_pretty(&v).unwrap_or_default();
        Catalog::from_sources(docs, indicators.clone(), sources.clone()).unwrap_or_else(|e| panic!("{e}"))
    };
    let without = edited(false);
    let uncovered: Vec<(usize, String)> = without
        .coverage_problems()
        .into_iter()
        .filter_map(|e| match e {
            CatalogError::UncoveredClause { document, line, clause, .. } if document == "bj-2023" => Some((line, clause)),
            _ => None,
        })
        .collect();
    assert!(!uncovered.is_empty(), "dropping {dropped} left no clause uncovered");
    let allowance = json!({ "documents": { "bj-2023": uncovered.iter().map(|(l, c)| json!({"line": l, "clause": c})).collect::<Vec<_>>() } }).to_string();
    // Allowed: the check passes with the entry gone.
    let mut c = edited(false);
    c.set_allowance_json("test-allowance.json", &allowance).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(c.coverage_problems().is_empty(), "{:?}", c.coverage_problems());
    // Covered again: every entry of the allowance is stale, and only those fail.
    let mut c = edited(true);
    c.set_allowance_json("test-allowance.json", &allowance).unwrap_or_else(|e| panic!("{e:?}"));
    let problems = c.coverage_problems();
    let (line, clause) = &uncovered[0];
    assert!(
        problems.iter().any(|e| matches!(e, CatalogError::StaleAllowance { document, line: l, clause: c, .. } if document == "bj-2023" && l == line && c == clause)),
        "{problems:?}"
    );
    assert_eq!(problems.len(), uncovered.len(), "{problems:?}");
    assert!(problems.iter().all(|e| e.code() == "catalog.stale_allowance"), "{problems:?}");
}

#[test]
fn a_catalog_without_an_allowance_must_cover_every_clause() {
    let (docs, indicators, sources) = files();
    let c = Catalog::from_sources(docs, indicators, sources).unwrap_or_else(|e| panic!("{e}"));
    let allowed: usize = c.documents().iter().filter_map(|d| c.coverage(&d.id)).map(|x| x.counts.allowed).sum();
    assert_eq!(allowed, 0);
    let uncovered = c.coverage_problems().len();
    let listed: usize = Catalog::builtin()
        .ok()
        .and_then(|b| b.allowance().map(|a| a.documents.values().map(Vec::len).sum()))
        .unwrap_or(0);
    assert_eq!(uncovered, listed, "without the allowance, exactly its clauses fail");
}

#[test]
fn unknown_region_codes_fail() {
    for (field, edit) in [
        ("scope.region", Box::new(|v: &mut Value| v["targets"][0]["scope"]["region"] = json!("999999")) as Box<dyn Fn(&mut Value)>),
        ("jurisdiction", Box::new(|v: &mut Value| v["jurisdiction"] = json!("999999"))),
        ("region", Box::new(|v: &mut Value| v["baselines"][0]["region"] = json!("999999"))),
    ] {
        let errs = load_with("bj-plan-2021.json", edit);
        assert!(
            errs.iter().any(|e| matches!(e, CatalogError::UnknownRegion { file, field: f, code, .. }
                if file == "bj-plan-2021.json" && f == field && code == "999999")),
            "{field}: {errs:?}"
        );
    }
    // A known code outside the document's jurisdiction fails too.
    let errs = load_with("bj-2023.json", |v| v["targets"][0]["scope"]["region"] = json!("510100"));
    assert!(errs.iter().any(|e| e.code() == "catalog.invalid" && e.to_string().contains("outside the document's jurisdiction")), "{errs:?}");
}

#[test]
fn contributes_to_across_unrelated_jurisdictions_fails() {
    // A Chengdu milestone cannot be a step toward a Beijing one, even on the same indicator.
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let beijing = c
        .targets()
        .find(|(d, t)| d.id == "bj-plan-2021" && t.indicator == "milestone.done")
        .map(|(_, t)| t.id.clone())
        .unwrap_or_else(|| panic!("a bj-plan-2021 milestone"));
    let errs = load_with("cd-2021.json", |v| {
        let t = first_target_of_kind(v, "milestone");
        t["indicator"] = json!("milestone.done");
        t["contributes_to"] = json!(beijing);
    });
    assert!(
        errs.iter().any(|e| e.code() == "catalog.invalid" && e.to_string().contains("does not contain this target's region")),
        "{errs:?}"
    );
    // The same link from inside Beijing is fine: a district's step toward the city's target.
    let errs = load_with("bj-2023.json", |v| {
        let t = first_target_of_kind(v, "milestone");
        t["indicator"] = json!("milestone.done");
        t["contributes_to"] = json!(beijing);
        t["scope"]["region"] = json!("110108");
    });
    assert!(errs.is_empty(), "{errs:?}");
}

/// The README's list of the fields `zhibiao targets --format json` prints: the field names
/// in the paragraph that introduces it.
fn readme_target_fields() -> Vec<String> {
    let readme = std::fs::read_to_string(spec().join("../README.md")).unwrap_or_default();
    let start = readme.find("`targets --format json` prints an array of objects with").unwrap_or_else(|| panic!("README paragraph"));
    let para = &readme[start..];
    let para = &para[..para.find(" (a test keeps").unwrap_or(para.len())];
    para.split('`').skip(3).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_readme_lists_exactly_the_fields_targets_json_prints() {
    let listed = readme_target_fields();
    // What the command really prints: the keys of every row, in order.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(["targets", "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("zhibiao targets: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Map<String, Value>> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("targets JSON: {e}"));
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), c.targets().count());
    // (serde_json's maps are sorted: compare the sets, and that nothing is listed twice.)
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), listed.len(), "a field listed twice: {listed:?}");
    for row in &rows {
        let keys: Vec<&String> = row.keys().collect();
        assert_eq!(keys, sorted.iter().collect::<Vec<_>>(), "README's field list of `targets --format json` ({})", row["id"]);
    }
    assert!(listed.iter().any(|f| f == "figure_quote"));
    let figure = rows.iter().find(|r| r["id"] == "moe-2019/g7/bandwidth-100mbps").unwrap_or_else(|| panic!("no row"));
    assert_eq!(figure["figure_quote"], "中小学宽带接入率达到97%以上", "the row carries the figure stated apart");
    // The camelCase names the README gives for the npm package are these fields' names.
    let camel = |f: &str| f.split('_').enumerate().map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] }).collect::<String>();
    let readme = std::fs::read_to_string(spec().join("../README.md")).unwrap_or_default();
    for name in ["taskNumber", "figureQuote", "quoteSpan"] {
        assert!(readme.contains(&format!("`{name}`")) && listed.iter().any(|f| camel(f) == name), "{name}");
    }
}

/// One quantity, one indicator: every target and baseline about schools' internet access
/// or their Wi-Fi coverage, national or local, measures the same unit-level indicator, so
/// their figures can be compared (a target's share is measured on its condition's indicator).
#[test]
fn one_quantity_is_one_indicator_across_documents() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    for (words, indicator) in [
        (&["宽带接入率", "互联网接入率", "互联网全覆盖"][..], "school.internet_access"),
        (&["无线网络覆盖率"][..], "school.wifi_full_coverage"),
    ] {
        let about = |q: &str| words.iter().any(|w| q.contains(w));
        let mut seen: Vec<(String, String)> = Vec::new();
        for (d, t) in c.targets() {
            if about(&t.quote) {
                let measured = t.condition.as_ref().map_or(&t.indicator, |k| &k.indicator);
                seen.push((d.id.clone(), measured.clone()));
            }
        }
        for d in c.documents() {
            for b in d.baselines.iter().filter(|b| about(&b.quote)) {
                seen.push((d.id.clone(), b.indicator.clone()));
            }
        }
        let docs: HashSet<&str> = seen.iter().map(|(d, _)| d.as_str()).collect();
        assert!(docs.len() >= 2, "{indicator}: found in {docs:?} only");
        for (d, i) in &seen {
            assert_eq!(i, indicator, "{d} measures {words:?} with {i}");
        }
    }
    // A rate of schools is a share of schools: no region-level percentage repeats it.
    for i in c.indicators() {
        assert!(
            !(i.entity == zhibiao::EntityKind::Region && i.value_type == zhibiao::ValueType::Percent),
            "{} is a region-level rate; measure the units (a published regional figure belongs to the target, not to a second indicator)",
            i.id
        );
    }
}

/// A school with a bandwidth is connected: where one task asks a share of schools to be
/// connected and a share to have a bandwidth, the bandwidth share cannot be the larger
/// (MoE 2019 asked 97% connected and their 出口带宽 at 100 Mbps; it was once encoded as
/// 100% of schools at 100 Mbps).
#[test]
fn no_more_schools_at_a_bandwidth_than_connected() {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let on = |t: &zhibiao::Target, ind: &str| t.kind == Kind::Share && t.condition.as_ref().is_some_and(|k| k.indicator == ind);
    let mut pairs = 0;
    for (_, access) in c.targets().filter(|(_, t)| on(t, "school.internet_access")) {
        for (_, bw) in c.targets().filter(|(_, t)| on(t, "school.bandwidth_mbps") && t.task == access.task && t.scope == access.scope) {
            pairs += 1;
            assert!(bw.value <= access.value, "{} asks {:?}% at a bandwidth, {} only {:?}% connected", bw.id, bw.value, access.id, access.value);
            assert!(!bw.implicit_all, "{}: the sentence states its figure", bw.id);
        }
    }
    assert!(pairs >= 1, "the Ministry's 2019 access and bandwidth targets share a task");
    let (_, bw) = c.target("moe-2019/g7/bandwidth-100mbps").unwrap();
    assert_eq!(bw.figure_quote.as_deref(), Some("中小学宽带接入率达到97%以上"));
}
