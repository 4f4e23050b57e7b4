//! What to report: one row per indicator, with how the engine aggregates it and the
//! targets that use it (`zhibiao indicators`, `catalog.indicatorRows()` in JS,
//! `Catalog.indicator_rows()` in Python).

use crate::model::{EntityKind, Indicator, Kind, PersonRole, Target, ValueType};
use crate::Catalog;

/// Indicators of earlier catalogs that measured a quantity another indicator measures,
/// with the one that replaced them: observations of the old id are refused with a
/// reason naming the new one.
pub const MERGED: &[(&str, &str)] = &[
    ("region.school_broadband_rate", "school.internet_access"),
    ("region.internet_access_rate", "school.internet_access"),
    ("region.wifi_coverage_rate", "school.wifi_full_coverage"),
];

/// The indicator that replaced `id`, if `id` was merged into one ([`MERGED`]).
pub fn merged_into(id: &str) -> Option<&'static str> {
    MERGED.iter().find(|(old, _)| *old == id).map(|(_, new)| *new)
}

/// How the engine turns observations of an indicator into a target's value for a
/// region (`spec/METHODOLOGY.md`, the section named with each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// Share of eligible units whose value meets the target's condition, `100 · P / E`,
    /// with passing (`P`) and eligible (`E`) units summed from the counties up (§4, §5).
    ShareOfUnits,
    /// Share of eligible units that met the yearly minimum in some year of the coverage
    /// window, summed like a share (§8).
    UnitsMeetingMinimum,
    /// Number of eligible units flagged 1 (a flag carries forward until a report of 0),
    /// summed from the counties up (§7.1).
    FlaggedUnits,
    /// The region's own figure for the year; sub-regions' figures are not added (§6).
    RegionFigure,
    /// A running total: the region's own figure for the year or, where it has none, the
    /// sum of its sub-regions' figures (§7.1; a stock, §7.2).
    RegionTotal,
    /// Yearly figures (the region's own, or its sub-regions' sum) added up over the years
    /// (§7.1; a flow, §7.2).
    RegionYearlySum,
    /// Done or not done, reported per region under each milestone target's own id (§9).
    Milestone,
}

impl Aggregation {
    /// How a target of `kind` aggregates `indicator`.
    pub fn of(kind: Kind, indicator: &Indicator) -> Aggregation {
        match kind {
            Kind::Share => Aggregation::ShareOfUnits,
            Kind::PerUnitMinimum => Aggregation::UnitsMeetingMinimum,
            Kind::Count if indicator.entity != EntityKind::Region => Aggregation::FlaggedUnits,
            Kind::Count if indicator.cumulative => Aggregation::RegionTotal,
            Kind::Count => Aggregation::RegionYearlySum,
            Kind::Level => Aggregation::RegionFigure,
            Kind::Milestone => Aggregation::Milestone,
        }
    }

    /// Machine name (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Aggregation::ShareOfUnits => "share_of_units",
            Aggregation::UnitsMeetingMinimum => "units_meeting_minimum",
            Aggregation::FlaggedUnits => "flagged_units",
            Aggregation::RegionFigure => "region_figure",
            Aggregation::RegionTotal => "region_total",
            Aggregation::RegionYearlySum => "region_yearly_sum",
            Aggregation::Milestone => "milestone",
        }
    }

    /// A short description in English.
    pub fn en(self) -> &'static str {
        match self {
            Aggregation::ShareOfUnits => "share of units meeting the condition (summed up from counties)",
            Aggregation::UnitsMeetingMinimum => "share of units meeting the yearly minimum within the window",
            Aggregation::FlaggedUnits => "number of units flagged 1 (summed up from counties)",
            Aggregation::RegionFigure => "the region's own reported figure (no roll-up)",
            Aggregation::RegionTotal => "the region's running total, else the sum of its sub-regions'",
            Aggregation::RegionYearlySum => "yearly figures added up (the region's, else its sub-regions' sum)",
            Aggregation::Milestone => "done or not, reported per region under the target id",
        }
    }

    /// A short description in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Aggregation::ShareOfUnits => "达到条件的单位占比（自区县逐级汇总）",
            Aggregation::UnitsMeetingMinimum => "周期内达到年度最低要求的单位占比",
            Aggregation::FlaggedUnits => "标记为是的单位数（自区县逐级汇总）",
            Aggregation::RegionFigure => "本地区填报的数值（不汇总下级）",
            Aggregation::RegionTotal => "本地区累计数，未填报时为下级之和",
            Aggregation::RegionYearlySum => "各年数值相加（本地区或下级之和）",
            Aggregation::Milestone => "是否完成，按地区以目标编号填报",
        }
    }
}

/// One indicator as the stable, flat JSON row printed by `zhibiao indicators --format json`.
///
/// Field names and meanings are part of the public interface; new fields may be
/// added, existing ones are not renamed or removed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null), serde(rename_all = "camelCase"))]
pub struct IndicatorRow {
    /// Indicator id (`school.bandwidth_mbps`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Entity it is observed on: `region`, `school`, `class`, `person` or `system`.
    pub entity: EntityKind,
    /// For person indicators, whose values count; null otherwise.
    pub role: Option<PersonRole>,
    /// Unit (`Mbps`, `%`, `学时`, `所`; empty for yes/no).
    pub unit: String,
    /// Values it takes: `number`, `percent`, `boolean` (1/0) or `count`.
    pub value_type: ValueType,
    /// Whether a value is a running total (a stock) rather than a state or a yearly flow.
    pub cumulative: bool,
    /// How the targets using it aggregate it, one entry per distinct way, in catalog order
    /// (empty when only baselines state it).
    pub aggregation: Vec<Aggregation>,
    /// Targets whose figure is about this indicator (their `indicator`).
    pub targets: Vec<String>,
    /// Targets whose per-unit condition or minimum is measured on it (their `condition`).
    pub condition_of: Vec<String>,
    /// Baselines (figures stated by a document as the current state) of it.
    pub baselines: Vec<String>,
    /// Documents of those targets and baselines, in catalog order.
    pub documents: Vec<String>,
    /// How to measure it, in a sentence.
    pub description: String,
}

/// The indicator whose observations decide a target: the condition's for shares and
/// per-unit minimums, the target's own otherwise.
fn measured(t: &Target) -> &str {
    t.condition.as_ref().map_or(t.indicator.as_str(), |c| c.indicator.as_str())
}

impl Catalog {
    /// One row per indicator used by a target or baseline of the catalog, or only of
    /// `document`, in the order of the indicator files.
    pub fn indicator_rows(&self, document: Option<&str>) -> Vec<IndicatorRow> {
        let docs: Vec<_> = self.documents().iter().filter(|d| document.is_none_or(|id| d.id == id)).collect();
        let mut rows = Vec::new();
        for ind in self.indicators() {
            let mut row = IndicatorRow {
                id: ind.id.clone(),
                name: ind.name.clone(),
                name_en: ind.name_en.clone(),
                entity: ind.entity,
                role: ind.role,
                unit: ind.unit.clone(),
                value_type: ind.value_type,
                cumulative: ind.cumulative,
                aggregation: Vec::new(),
                targets: Vec::new(),
                condition_of: Vec::new(),
                baselines: Vec::new(),
                documents: Vec::new(),
                description: ind.description.clone(),
            };
            for d in &docs {
                let mut used = false;
                for t in &d.targets {
                    if t.indicator == ind.id {
                        row.targets.push(t.id.clone());
                        used = true;
                    }
                    if t.condition.as_ref().is_some_and(|c| c.indicator == ind.id) {
                        row.condition_of.push(t.id.clone());
                        used = true;
                    }
                    let how = Aggregation::of(t.kind, ind);
                    if measured(t) == ind.id && !row.aggregation.contains(&how) {
                        row.aggregation.push(how);
                    }
                }
                for b in d.baselines.iter().filter(|b| b.indicator == ind.id) {
                    row.baselines.push(b.id.clone());
                    used = true;
                }
                if used {
                    row.documents.push(d.id.clone());
                }
            }
            if !row.documents.is_empty() {
                rows.push(row);
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(rows: &'a [IndicatorRow], id: &str) -> &'a IndicatorRow {
        rows.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id} not listed"))
    }

    #[test]
    fn rows_say_how_each_indicator_aggregates_and_who_uses_it() {
        let c = Catalog::builtin().unwrap();
        let rows = c.indicator_rows(None);
        assert_eq!(rows.len(), c.indicators().len(), "every built-in indicator is used by something");
        let bw = row(&rows, "school.bandwidth_mbps");
        assert_eq!(bw.aggregation, [Aggregation::ShareOfUnits]);
        assert!(bw.condition_of.contains(&"bj-plan-2021/t1/gigabit-to-school".to_string()));
        assert_eq!((bw.entity, bw.unit.as_str()), (EntityKind::School, "Mbps"));
        // National and local broadband access is one indicator, tested on each school.
        let access = row(&rows, "school.internet_access");
        assert_eq!(access.aggregation, [Aggregation::ShareOfUnits]);
        assert!(access.condition_of.contains(&"moe-2019/g7/school-broadband-97".to_string()));
        assert_eq!(access.baselines, ["bj-plan-2021/baseline/internet-access"]);
        assert_eq!(row(&rows, "region.lessons_shared").aggregation, [Aggregation::RegionTotal]);
        assert_eq!(row(&rows, "school.smart_campus_demo").aggregation, [Aggregation::FlaggedUnits]);
        assert_eq!(row(&rows, "person.it_training_hours").aggregation, [Aggregation::UnitsMeetingMinimum]);
        let m = row(&rows, "milestone.done");
        assert_eq!(m.aggregation, [Aggregation::Milestone]);
        assert_eq!(m.targets.len(), c.targets().filter(|(_, t)| t.kind == Kind::Milestone).count());
        let base = row(&rows, "region.air_classroom_lessons");
        assert!(base.aggregation.is_empty() && base.targets.is_empty() && base.baselines.len() == 1);
        // Every target appears under the indicator it measures.
        for (_, t) in c.targets() {
            assert!(rows.iter().any(|r| r.targets.contains(&t.id)), "{}", t.id);
        }
    }

    #[test]
    fn a_document_filter_keeps_its_indicators_and_targets_only() {
        let c = Catalog::builtin().unwrap();
        let rows = c.indicator_rows(Some("sn-2023"));
        assert!(!rows.is_empty());
        for r in &rows {
            assert_eq!(r.documents, ["sn-2023"]);
            assert!(r.targets.iter().chain(&r.condition_of).chain(&r.baselines).all(|id| id.starts_with("sn-2023/")), "{}", r.id);
        }
        assert!(c.indicator_rows(Some("no-such-document")).is_empty());
    }

    #[test]
    fn a_region_flow_adds_up_its_years() {
        let mut ind = Catalog::builtin().unwrap().indicator("region.lessons_shared").cloned().unwrap();
        ind.cumulative = false;
        assert_eq!(Aggregation::of(Kind::Count, &ind), Aggregation::RegionYearlySum);
    }
}
