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
