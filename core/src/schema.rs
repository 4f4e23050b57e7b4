//! JSON Schemas (draft 2020-12) generated from the model types.
//!
//! The checked-in copies under `spec/schema/` are compared with these by the test
//! suite; regenerate them with `cargo run -- schema --write spec/schema`.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;

fn schema_for<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    schema.to_value()
}

/// Every generated schema as `(file name, schema)`.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("document.schema.json", schema_for::<crate::model::Document>()),
        ("indicator-row.schema.json", schema_for::<Vec<crate::indicators::IndicatorRow>>()),
        ("indicators.schema.json", schema_for::<crate::model::IndicatorSet>()),
        ("target-row.schema.json", schema_for::<Vec<crate::catalog::TargetRow>>()),
        ("coverage-allowance.schema.json", schema_for::<crate::coverage::Allowance>()),
        ("quantities.schema.json", schema_for::<Vec<crate::quantity::Quantity>>()),
        ("figure.schema.json", schema_for::<crate::quantity::Figure>()),
        ("template-row.schema.json", schema_for::<Vec<crate::template::TemplateRow>>()),
    ]
}

/// A schema rendered as the checked-in file: pretty JSON with a trailing newline.
pub fn render(schema: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}
