//! Observations that no target of an evaluation reads: information for the user (a
//! figure reported under the wrong indicator, or for another document), never an error.

use crate::data::Dataset;
use crate::eval::EvalOptions;
use crate::Catalog;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Observations of one indicator (or target id) that no evaluated target uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct UnusedObservations {
    /// The indicator or target id the rows were reported under.
    pub indicator: String,
    /// How many observations it has.
    pub observations: u64,
}

/// Per indicator, in id order, the observations that none of the targets `options`
/// selects (document, target filter) reads: a target reads its own id, its indicator
/// and the indicator its condition tests on each unit.
pub fn unused_observations(catalog: &Catalog, data: &Dataset, options: &EvalOptions) -> Vec<UnusedObservations> {
    unused_counts(catalog, options, data.series.iter().map(|(k, s)| (k.as_str(), s.len() as u64)))
}

/// [`unused_observations`] from the number of rows of each key (as the partials of an
/// evaluation hold them, [`crate::partial`]).
pub fn unused_counts<'k>(catalog: &Catalog, options: &EvalOptions, rows: impl Iterator<Item = (&'k str, u64)>) -> Vec<UnusedObservations> {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (doc, t) in catalog.targets() {
        if options.document.as_ref().is_some_and(|d| *d != doc.id) || options.targets.as_ref().is_some_and(|ts| !ts.contains(&t.id)) {
            continue;
        }
        used.insert(&t.id);
        used.insert(&t.indicator);
        if let Some(c) = &t.condition {
            used.insert(&c.indicator);
        }
    }
    let mut out: Vec<UnusedObservations> = rows
        .filter(|(k, n)| *n > 0 && !used.contains(k))
        .map(|(k, n)| UnusedObservations { indicator: k.to_string(), observations: n })
        .collect();
    out.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    out
}
