#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

pub mod catalog;
mod chunks;
pub mod clause;
#[cfg(feature = "arrow")]
pub mod columnar;
pub mod compare;
pub mod coverage;
#[cfg(feature = "parallel")]
mod csv_pieces;
pub mod csv_reader;
pub mod data;
pub mod encoding;
#[cfg(feature = "excel")]
pub mod excel;
pub mod extract;
pub mod eval;
pub mod export;
pub mod hierarchy;
pub mod indicators;
pub mod io;
pub mod lang;
pub mod model;
pub mod partial;
pub mod period;
pub mod progress;
pub mod quantity;
pub mod regions;
pub mod report;
pub mod reported;
pub mod row_blocks;
mod row_places;
pub mod sample;
pub mod schema;
pub mod stream;
pub mod synth;
pub mod table;
pub mod template;
pub mod unused;
pub mod text;
pub mod texts;
pub mod views;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use catalog::{Catalog, CatalogError, CatalogErrors};
pub use model::*;
pub use quantity::{parse_all, parse_quantity, read_figure, try_parse_all, Figure, Qualifier, Quantity, QuantityError, Relation};

pub use data::{Dataset, DatasetBuilder, EntityRecord, LoadReport, ObservationRecord, Rejection};
pub use partial::{finalize, partial, Partials};
pub use eval::{evaluate, EvalOptions, Evaluation, TargetResult};
pub use progress::Status;

/// The built-in synthetic sample as a dataset (see [`sample`]).
pub fn sample_dataset(catalog: &Catalog, seed: u64) -> (Dataset, LoadReport) {
    let s = sample::generate(catalog, seed);
    let mut b = DatasetBuilder::new(catalog);
    b.extend_entities(s.entities);
    b.extend_observations(s.observations);
    b.build()
}
