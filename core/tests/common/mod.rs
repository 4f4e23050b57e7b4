//! What several test files share: the catalog's files read from a directory laid out
//! like `spec/` (catalog/, indicators/, sources/), as `Catalog::from_sources` takes them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use zhibiao::Catalog;

/// (file name, text) pairs; documents and indicators named `catalog/…`, `indicators/…`.
pub type Files = Vec<(String, String)>;

/// The project's `spec/` directory.
pub fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The .json and .txt files of `dir/sub`, sorted; none when the folder is missing.
pub fn list(dir: &Path, sub: &str) -> Files {
    let mut v: Files = std::fs::read_dir(dir.join(sub))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (if sub == "sources" { name } else { format!("{sub}/{name}") }, text)
        })
        .collect();
    v.sort();
    v
}

/// Documents, indicators and sources of every directory given, in order.
pub fn files(dirs: &[PathBuf]) -> (Files, Files, Files) {
    let all = |sub: &str| dirs.iter().flat_map(|d| list(d, sub)).collect::<Files>();
    (all("catalog"), all("indicators"), all("sources"))
}

/// The spec's catalog plus the scratch catalog `spec/vectors/catalogs/NAME`.
pub fn catalog_with_scratch(name: &str) -> Catalog {
    let (d, i, s) = files(&[spec(), spec().join("vectors/catalogs").join(name)]);
    Catalog::from_sources(d, i, s).unwrap_or_else(|e| panic!("catalog {name}: {e}"))
}

/// The directory of the conformance vectors, `spec/vectors`.
pub fn vectors_dir() -> PathBuf {
    spec().join("vectors")
}

/// One conformance vector's inputs: its file name, its own catalog when it names one
/// (`None`: the built-in catalog), its records and options (an empty `targets` list read
/// as none, as the vectors mean it).
pub struct VectorCase {
    pub name: String,
    pub catalog: Option<Catalog>,
    pub entities: Vec<zhibiao::EntityRecord>,
    pub observations: Vec<zhibiao::ObservationRecord>,
    pub options: zhibiao::EvalOptions,
}

/// Every `spec/vectors/*.json`, sorted by name, read into its inputs (more than 20 of them).
pub fn vector_cases() -> Vec<VectorCase> {
    use serde_json::Value;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(vectors_dir()).unwrap().filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    paths.sort();
    assert!(paths.len() > 20);
    paths
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let v: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            let catalog = v.get("catalog").and_then(Value::as_str).map(|c| {
                let (d, i, s) = files(&[spec(), vectors_dir().join("catalogs").join(c)]);
                Catalog::from_sources(d, i, s).unwrap()
            });
            let mut options: zhibiao::EvalOptions = serde_json::from_value(v["options"].clone()).unwrap();
            if options.targets.as_ref().is_some_and(|t| t.is_empty()) {
                options.targets = None;
            }
            VectorCase { name, catalog, entities: serde_json::from_value(v["entities"].clone()).unwrap(), observations: serde_json::from_value(v["observations"].clone()).unwrap(), options }
        })
        .collect()
}
