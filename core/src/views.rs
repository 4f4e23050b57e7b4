//! Views of an evaluation: by document and section, by responsible unit, and annual
//! targets against their plan's trajectory.

use crate::data::fractional_year;
use crate::eval::{Evaluation, TargetResult};
use crate::model::{CountMode, Kind, UnitRole};
use crate::progress::Status;
use crate::Catalog;
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts of results by status.
pub type StatusCounts = BTreeMap<Status, usize>;

fn count<'a>(rs: impl IntoIterator<Item = &'a TargetResult>) -> StatusCounts {
    let mut m = StatusCounts::new();
    for r in rs {
        *m.entry(r.status).or_insert(0) += 1;
    }
    m
}

/// The result of a target at the document's own jurisdiction (or the given region).
fn headline<'a>(eval: &'a Evaluation, target: &str, region: &str) -> Option<&'a TargetResult> {
    eval.results.iter().find(|r| r.target == target && r.region == region)
}

/// One section's targets and how they stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct SectionView {
    /// Section id.
    pub section: String,
    /// Number as written.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Parent section id.
    pub parent: Option<String>,
    /// Targets in the section.
    pub targets: Vec<String>,
    /// Their statuses at the region.
    pub status: StatusCounts,
}

/// One document's sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct DocumentView {
    /// Document id.
    pub document: String,
    /// Title.
    pub title: String,
    /// Region the statuses are read at.
    pub region: String,
    /// Statuses of all the document's targets.
    pub status: StatusCounts,
    /// Sections in order.
    pub sections: Vec<SectionView>,
}

/// Statuses by document and section, read at each document's jurisdiction, or at
/// `region` when given.
pub fn by_section(catalog: &Catalog, eval: &Evaluation, region: Option<&str>) -> Vec<DocumentView> {
    catalog
        .documents()
        .iter()
        .filter(|d| eval.results.iter().any(|r| r.document == d.id))
        .map(|d| {
            let at = region.unwrap_or(&d.jurisdiction).to_string();
            let sections = d
                .sections
                .iter()
                .map(|s| {
                    let targets: Vec<String> = d.targets.iter().filter(|t| t.section == s.id).map(|t| t.id.clone()).collect();
                    SectionView {
                        section: s.id.clone(),
                        number: s.number.clone(),
                        title: s.title.clone(),
                        parent: s.parent.clone(),
                        status: count(targets.iter().filter_map(|t| headline(eval, t, &at))),
                        targets,
                    }
                })
                .collect();
            DocumentView {
                document: d.id.clone(),
                title: d.title.clone(),
                status: count(d.targets.iter().filter_map(|t| headline(eval, &t.id, &at))),
                region: at,
                sections,
            }
        })
        .collect()
}

/// A target in a unit's view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct UnitTarget {
    /// Target id.
    pub target: String,
    /// Label.
    pub label: String,
    /// Status at the document's jurisdiction, if evaluated.
    pub status: Option<Status>,
    /// Current value.
    pub value: Option<f64>,
}

/// A task in a unit's view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct UnitTask {
    /// Document id.
    pub document: String,
    /// Task id.
    pub task: String,
    /// Number as written.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// The unit's role.
    pub role: UnitRole,
    /// The task's targets.
    pub targets: Vec<UnitTarget>,
}

/// What a responsible unit is named for and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct UnitView {
    /// Unit name as written.
    pub unit: String,
    /// Statuses of the targets of tasks it leads (or is listed for, where the text names no lead).
    pub status_as_lead: StatusCounts,
    /// Statuses of all the targets of its tasks.
    pub status: StatusCounts,
    /// Tasks naming it.
    pub tasks: Vec<UnitTask>,
}

/// Units whose name contains `name` (all units when `None`), with their tasks and the
/// status of each task's targets at the document's jurisdiction.
pub fn by_unit(catalog: &Catalog, eval: &Evaluation, name: Option<&str>) -> Vec<UnitView> {
    catalog
        .units()
        .into_iter()
        .filter(|(u, _)| name.is_none_or(|n| u.contains(n)))
        .map(|(unit, tasks)| {
            let mut status = StatusCounts::new();
            let mut status_as_lead = StatusCounts::new();
            let tasks = tasks
                .into_iter()
                .map(|(d, t)| {
                    let role = t.responsible.role_of(&unit).unwrap_or(UnitRole::Listed);
                    let targets: Vec<UnitTarget> = d
                        .targets
                        .iter()
                        .filter(|x| x.task.as_deref() == Some(&t.id))
                        .map(|x| {
                            let r = headline(eval, &x.id, &x.scope.region);
                            if let Some(r) = r {
                                *status.entry(r.status).or_insert(0) += 1;
                                if role != UnitRole::Partner {
                                    *status_as_lead.entry(r.status).or_insert(0) += 1;
                                }
                            }
                            UnitTarget { target: x.id.clone(), label: x.label.clone(), status: r.map(|r| r.status), value: r.and_then(|r| r.value) }
                        })
                        .collect();
                    UnitTask { document: d.id.clone(), task: t.id.clone(), number: t.number.clone(), title: t.title.clone(), role, targets }
                })
                .collect();
            UnitView { unit, status_as_lead, status, tasks }
        })
        .collect()
}

/// An annual target set against the plan target it contributes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object), serde(rename_all = "camelCase"))]
pub struct Trajectory {
    /// The annual (step) target.
    pub target: String,
    /// The plan target it contributes to.
    pub plan_target: String,
    /// Region.
    pub region: String,
    /// Deadline of the annual target.
    pub deadline: NaiveDate,
    /// The plan's figure and deadline.
    pub plan_value: f64,
    /// Plan deadline.
    pub plan_deadline: NaiveDate,
    /// Where the straight path from the plan's baseline to its figure stands at the
    /// annual deadline, in the plan's measure.
    pub plan_path: Option<f64>,
    /// What meeting the annual target means in the plan's measure at the annual deadline
    /// (for new counts: the plan's count before the annual period plus the annual figure).
    pub annual_implies: Option<f64>,
    /// Whether meeting the annual target keeps the plan on its straight path.
    pub annual_on_path: Option<bool>,
    /// The plan measure observed at the annual deadline.
    pub observed: Option<f64>,
    /// Status of the annual target.
    pub annual_status: Status,
    /// Status of the plan target.
    pub plan_status: Option<Status>,
}

/// Every annual target with `contributes_to`, per region where both were evaluated.
pub fn trajectories(catalog: &Catalog, eval: &Evaluation) -> Vec<Trajectory> {
    let mut out = Vec::new();
    for (_, t) in catalog.targets() {
        let Some(plan_id) = &t.contributes_to else { continue };
        let Some((plan_doc, plan)) = catalog.target(plan_id) else { continue };
        let (Some(annual_value), Some(plan_value)) = (t.value, plan.value) else { continue };
        let contribution = |r: &TargetResult| r.reason.as_ref().is_some_and(|x| x.code == "contribution");
        for r in eval.results.iter().filter(|r| r.target == t.id && !contribution(r)) {
            let Some(p) = eval.results.iter().find(|x| x.target == *plan_id && x.region == r.region) else { continue };
            let d = t.deadline;
            let year_value = |y: i32| p.series.iter().find(|s| s.year == y).and_then(|s| s.value);
            let plan_start = plan.start.unwrap_or(plan_doc.period.start);
            let plan_path = p.baseline.as_ref().map(|b| {
                let (t0, tt, dd) = (fractional_year(b.date), fractional_year(d), fractional_year(plan.deadline));
                b.value + (plan_value - b.value) * ((tt - t0) / (dd - t0)).clamp(0.0, 1.0)
            });
            let annual_start_year = t.start.map_or(d.year(), |s| s.year());
            let annual_implies = match (plan.kind, plan.count_mode) {
                (Kind::Count, Some(CountMode::New)) => {
                    let before = if annual_start_year - 1 < plan_start.year() { Some(0.0) } else { year_value(annual_start_year - 1) };
                    before.map(|b| b + annual_value)
                }
                _ => Some(annual_value),
            };
            let increasing = plan.comparator.is_none_or(|c| c.increasing());
            out.push(Trajectory {
                target: t.id.clone(),
                plan_target: plan_id.clone(),
                region: r.region.clone(),
                deadline: d,
                plan_value,
                plan_deadline: plan.deadline,
                annual_on_path: match (plan_path, annual_implies) {
                    (Some(path), Some(imp)) => Some(if increasing { imp >= path - 1e-9 } else { imp <= path + 1e-9 }),
                    _ => None,
                },
                plan_path,
                annual_implies,
                observed: year_value(d.year()),
                annual_status: r.status,
                plan_status: Some(p.status),
            });
        }
    }
    out
}
