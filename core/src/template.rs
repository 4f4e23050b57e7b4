//! What a reporting unit fills in: one row per target of a document and region, under
//! the target's id, with its label and unit and an empty value (`zhibiao template`).
//! The rows are observation rows: `evaluate` reads the file back as it is, a row left
//! empty counting as blank (nothing reported), a filled one as a reported figure.

use crate::eval::EvalError;
use crate::regions::RegionTable;
use crate::Catalog;
use chrono::Datelike;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One row of a reporting template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct TemplateRow {
    /// The region reported on (GB/T 2260 code).
    pub entity_id: String,
    /// The target's id, under which the figure is reported.
    pub indicator: String,
    /// The period the figure describes: the target's deadline (a year when it falls on
    /// 31 December).
    pub period: String,
    /// Empty: the figure to fill in (a milestone: 1 done, 0 not done).
    pub value: String,
    /// Empty: where the figure comes from (a document number, a report).
    pub source: String,
    /// The region's name.
    pub region_name: String,
    /// The target's label.
    pub label: String,
    /// The unit of the figure (`1/0` for a milestone).
    pub unit: String,
}

/// The columns of a template file, in order: the five observation columns, then
/// three that `evaluate` lists as not read.
pub const TEMPLATE_COLUMNS: [&str; 8] = ["entity_id", "indicator", "period", "value", "source", "region_name", "label", "unit"];

impl TemplateRow {
    /// The row's cells in the order of [`TEMPLATE_COLUMNS`].
    pub fn cells(&self) -> [&str; 8] {
        [&self.entity_id, &self.indicator, &self.period, &self.value, &self.source, &self.region_name, &self.label, &self.unit]
    }
}

/// The rows a reporting unit fills in for `document`: one per target, for the target's
/// scope region, or for `region` (a code or name, as `--region` reads it) where it lies
/// within the target's scope (targets whose scope does not contain it are left out).
pub fn template_rows(catalog: &Catalog, document: &str, region: Option<&str>) -> Result<Vec<TemplateRow>, EvalError> {
    let doc = catalog.document(document).ok_or_else(|| EvalError::UnknownDocument(document.to_string()))?;
    let table = RegionTable::builtin();
    let at = match region {
        Some(text) => Some(table.resolve(text).map_err(|e| match e.candidates() {
            [] => EvalError::UnknownRegion(text.to_string()),
            c => EvalError::AmbiguousRegion { region: text.to_string(), candidates: c.to_vec() },
        })?),
        None => None,
    };
    let mut rows = Vec::new();
    for t in &doc.targets {
        let Some(scope) = table.index(&t.scope.region) else { continue };
        let r = match at {
            Some(r) if table.is_within(r, scope) => r,
            Some(_) => continue,
            None => scope,
        };
        let d = t.deadline;
        let period = if (d.month(), d.day()) == (12, 31) { d.year().to_string() } else { d.to_string() };
        let unit = match t.kind {
            crate::Kind::Milestone => "1/0".to_string(),
            _ => t.unit.clone().unwrap_or_default(),
        };
        rows.push(TemplateRow {
            entity_id: table.code(r).unwrap_or_default().to_string(),
            indicator: t.id.clone(),
            period,
            value: String::new(),
            source: String::new(),
            region_name: table.name(r).unwrap_or_default().to_string(),
            label: t.label.clone(),
            unit,
        });
    }
    Ok(rows)
}

/// The rows as CSV text (UTF-8, a header line, `\n` line ends), as `zhibiao template`
/// writes them.
pub fn template_csv(rows: &[TemplateRow]) -> String {
    let cell = |c: &str| {
        if c.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut out = TEMPLATE_COLUMNS.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.cells().iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}
