//! The core's integration tests, one test binary: every file beside this one is a module
//! of it (`cargo test -p zhibiao --test integration`, or `-- fuzz::` for one file's tests).
//! One binary instead of one per file keeps the build small: each linked test binary
//! carries the whole library and its dependencies (Arrow, Parquet, calamine …), and CI's
//! disk ran out linking two dozen of them.

mod common;

mod bad_input;
mod catalog;
mod catalog_beijing;
mod cli;
mod columnar;
mod data_input;
mod excel;
mod extract;
mod fidelity_cd_sn;
mod figures_in_data;
mod fuzz;
mod level_targets;
mod methodology;
mod moe_2019;
mod parallel_load;
mod partials;
mod published_figures;
mod quantity_props;
mod regions_and_indicators;
mod statcan;
mod stream;
mod template;
mod unreported;
mod vectors;
mod xlsx;
