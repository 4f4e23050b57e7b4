#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

pub mod catalog;
pub mod data;
pub mod eval;
pub mod model;
pub mod progress;
pub mod quantity;
pub mod regions;
pub mod schema;
pub mod table;
pub mod text;

pub use catalog::{Catalog, CatalogError, CatalogErrors};
pub use model::*;
pub use quantity::{parse_all, parse_quantity, Quantity, QuantityError};
