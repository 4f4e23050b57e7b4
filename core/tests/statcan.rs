//! Differential test: zhibiao's statuses and growth ratios against an independent
//! implementation of the Statistics Canada progress measure, written here from the
//! published method — Open SDG's *Progress Measurement Methodology* (open-sdg/open-sdg
//! `docs/progress-methodology.md`) and `sdg/ProgressMeasure.py` in open-sdg/sdg-build
//! (commit 139fede7, METHODOLOGY §16 sources [1][2]) — and not from the engine's code:
//!
//! - current year: the latest year in the data; base year: the configured one (2015 by
//!   default), or the next year with data when it has none;
//! - a base value or target of 0 is replaced by 0.001; base and current values of
//!   opposite signs, a base year after the current year, or fewer than two years of
//!   data give no value ("not available");
//! - target achieved: `current ≥ target` for a positive direction, `current ≤ target`
//!   for a negative one;
//! - `CAGR(v1, v0, t1, t0) = (v1/v0)^(1/(t1 − t0)) − 1`,
//!   `R = sign(base) · direction · CAGR_observed / |CAGR_required|`, the required rate
//!   running from the base year to the target year;
//! - statuses: `R ≥ 0.95` substantial, `0.60 ≤ R < 0.95` moderate, `0 ≤ R < 0.60`
//!   limited, `R < 0` deterioration.
//!
//! The series run through the engine on the scratch catalog `spec/vectors/catalogs/boundary`
//! (document `sdg`: targets from 2016 to 2030-12-31, so the engine's baseline at the end
//! of 2015 and deadline 2031.0 span the peer's 2015 → 2030). Where the methods agree by
//! design the statuses and the ratios must be equal; every case where they differ on
//! purpose names the METHODOLOGY §16 row that says why, and its statuses are asserted too.
//! The cases that sit on a boundary (a figure met exactly, a ratio of exactly 0.95 or
//! 0.60, 超过 and 左右 at the figure) are also `spec/vectors/027-differential-boundaries.json`,
//! which the Rust, Node and Python runners all run.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use zhibiao::eval::BaseYear;
use zhibiao::{evaluate, Catalog, DatasetBuilder, EvalOptions, ObservationRecord, Status};

/// The peer's statuses, in its own words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Peer {
    TargetAchieved,
    Substantial,
    Moderate,
    Limited,
    Deterioration,
    NotAvailable,
}

impl Peer {
    /// The engine's name for the same verdict.
    fn ours(self) -> Status {
        match self {
            Peer::TargetAchieved => Status::Achieved,
            Peer::Substantial => Status::OnTrack,
            Peer::Moderate => Status::NeedsAcceleration,
            Peer::Limited => Status::Limited,
            Peer::Deterioration => Status::Regressing,
            Peer::NotAvailable => Status::NotAssessable,
        }
    }
}

fn cagr(v1: f64, v0: f64, t1: f64, t0: f64) -> f64 {
    (v1 / v0).powf(1.0 / (t1 - t0)) - 1.0
}

/// The Statistics Canada measure with a quantitative target: status and growth ratio.
fn statcan(series: &[(i32, f64)], target: f64, target_year: i32, base_year: i32, positive: bool) -> (Peer, Option<f64>) {
    if series.is_empty() {
        return (Peer::NotAvailable, None);
    }
    let (current_year, current) = *series.iter().max_by_key(|p| p.0).unwrap();
    let base = series.iter().filter(|p| p.0 >= base_year).min_by_key(|p| p.0);
    let target = if target == 0.0 { 0.001 } else { target };
    let achieved = if positive { current >= target } else { current <= target };
    if achieved {
        return (Peer::TargetAchieved, None);
    }
    let Some(&(base_year, base)) = base else { return (Peer::NotAvailable, None) };
    let base = if base == 0.0 { 0.001 } else { base };
    if (base > 0.0 && current < 0.0) || (base < 0.0 && current > 0.0) || base_year > current_year || current_year - base_year < 1 {
        return (Peer::NotAvailable, None);
    }
    let sign = if base < 0.0 { -1.0 } else { 1.0 };
    let direction = if positive { 1.0 } else { -1.0 };
    let observed = cagr(current, base, current_year as f64, base_year as f64);
    let required = cagr(target, base, target_year as f64, base_year as f64);
    let r = sign * direction * observed / required.abs();
    let status = if r >= 0.95 {
        Peer::Substantial
    } else if r >= 0.6 {
        Peer::Moderate
    } else if r >= 0.0 {
        Peer::Limited
    } else {
        Peer::Deterioration
    };
    (status, Some(r))
}

fn catalog() -> Catalog {
    common::catalog_with_scratch("boundary")
}

/// What a target of the scratch document is, for the peer.
struct Goal {
    id: &'static str,
    indicator: &'static str,
    figure: f64,
    positive: bool,
}

const POINTS: Goal = Goal { id: "sdg/t1/points-1000", indicator: "region.boundary_points", figure: 1000.0, positive: true };
const MORE: Goal = Goal { id: "sdg/t1/points-more-1000", indicator: "region.boundary_points", figure: 1000.0, positive: true };
const ABOUT: Goal = Goal { id: "sdg/t1/points-about-1000", indicator: "region.boundary_points", figure: 1000.0, positive: true };
const FAULTS: Goal = Goal { id: "sdg/t1/faults-200", indicator: "region.boundary_faults", figure: 200.0, positive: false };
const RATE: Goal = Goal { id: "sdg/t1/rate-90", indicator: "region.boundary_rate", figure: 90.0, positive: true };
const STOCK: Goal = Goal { id: "sdg/t1/stock-1000", indicator: "region.boundary_stock", figure: 1000.0, positive: true };

/// Why a case differs from the peer, by the METHODOLOGY §16 row that says so.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Differs {
    /// §16 "Growth ratio": linear changes for `%` targets (natural limit 100).
    LinearForPercent,
    /// §16 "Zero values": linear growth instead of replacing 0 by 0.001.
    ZeroValues,
    /// §16 "Base year": the last value before the start, however old, not 2015 or the next year.
    BaseYear,
    /// §16 "Growth ratio": a baseline that already meets the figure is settled before any ratio.
    BaselineMet,
    /// §16 "Target achieved": strict 超过 (a value at the figure is not achieved).
    Strict,
    /// §16 "Target achieved": 左右 is met at 95/100 of the figure.
    About,
}

struct Case {
    name: String,
    goal: &'static Goal,
    series: Vec<(i32, f64)>,
    /// `None`: the methods agree by design (status and ratio).
    differs: Option<Differs>,
    /// Our status where the case differs on purpose.
    ours: Option<Status>,
    /// Evaluate with `base_year: fixed 2015`, the peer's rule.
    peer_base: bool,
}

fn case(name: &str, goal: &'static Goal, series: &[(i32, f64)]) -> Case {
    Case { name: name.into(), goal, series: series.to_vec(), differs: None, ours: None, peer_base: false }
}

fn differs(mut c: Case, why: Differs, ours: Status) -> Case {
    c.differs = Some(why);
    c.ours = Some(ours);
    c
}

fn grown(base: f64, rate: f64, to: i32) -> Vec<(i32, f64)> {
    (2015..=to).map(|y| (y, (base * (1.0 + rate).powi(y - 2015)).round())).collect()
}

fn cases() -> Vec<Case> {
    use Differs::*;
    use Status::*;
    let mut v = Vec::new();
    // Generated: counts and levels in 个, compound growth from a base below the figure.
    for (i, &base) in [100.0, 400.0, 800.0].iter().enumerate() {
        for &rate in &[-0.05, 0.0, 0.02, 0.08, 0.15, 0.2] {
            for &to in &[2018, 2023] {
                let g = if i == 1 { &STOCK } else { &POINTS };
                v.push(case(&format!("{} from {base} at {:+}% a year to {to}", g.id, rate * 100.0), g, &grown(base, rate, to)));
            }
        }
    }
    // Lower is better: faults falling from 400 toward at most 200.
    for &rate in &[-0.2, -0.05, -0.03, 0.0, 0.04] {
        v.push(case(&format!("faults from 400 at {:+}% a year", rate * 100.0), &FAULTS, &grown(400.0, rate, 2022)));
    }
    // Hand-picked.
    v.push(case("exactly at the figure", &POINTS, &[(2015, 500.0), (2020, 1000.0)]));
    v.push(case("just below the figure", &POINTS, &[(2015, 500.0), (2020, 999.0)]));
    v.push(case("faults exactly at the figure", &FAULTS, &[(2015, 400.0), (2021, 200.0)]));
    v.push(case("few points: one value in 2015", &POINTS, &[(2015, 500.0)]));
    v.push(case("few points: one value after the start", &POINTS, &[(2020, 500.0)]));
    v.push(case("two points one year apart", &POINTS, &[(2015, 500.0), (2016, 540.0)]));
    // Old baselines: the peer starts at 2015 or the next year with data.
    v.push(differs(case("old baseline 2008, then 2019 and 2022", &POINTS, &[(2008, 200.0), (2019, 500.0), (2022, 600.0)]), BaseYear, OnTrack));
    let mut same = case("old baseline 2008 with base_year fixed 2015 (the peer's rule)", &POINTS, &[(2008, 200.0), (2019, 500.0), (2022, 600.0)]);
    same.peer_base = true;
    v.push(same);
    // Percentages: the engine's linear ratio against the peer's CAGR.
    v.push(differs(case("share from 60 to 70 % by 2020", &RATE, &[(2015, 60.0), (2020, 70.0)]), LinearForPercent, OnTrack));
    v.push(differs(case("near 100 %: 85 to 88 by 2019", &RATE, &[(2015, 85.0), (2019, 88.0)]), LinearForPercent, OnTrack));
    v.push(case("share reaching 90 %", &RATE, &[(2015, 60.0), (2020, 90.0)]));
    // Zero values.
    v.push(differs(case("stock from 0", &STOCK, &[(2015, 0.0), (2020, 300.0)]), ZeroValues, NeedsAcceleration));
    // A baseline already beyond the figure.
    v.push(differs(case("baseline above the figure, now below", &POINTS, &[(2015, 1200.0), (2020, 900.0)]), BaselineMet, Regressing));
    // Comparators the peer does not have.
    v.push(differs(case("more than 1000, at 1000", &MORE, &[(2015, 500.0), (2020, 1000.0)]), Strict, OnTrack));
    v.push(differs(case("about 1000, at 960", &ABOUT, &[(2015, 500.0), (2020, 960.0)]), About, Achieved));
    v
}

fn ours(catalog: &Catalog, c: &Case) -> (Status, Option<f64>) {
    let obs: Vec<ObservationRecord> = c
        .series
        .iter()
        .map(|(y, x)| {
            serde_json::from_value(serde_json::json!({
                "entity_id": "110000", "indicator": c.goal.indicator, "period": y.to_string(), "value": x.to_string(), "source": ""
            }))
            .unwrap()
        })
        .collect();
    let mut b = DatasetBuilder::new(catalog);
    b.extend_observations(obs);
    let (data, load) = b.build();
    assert_eq!(load.observations.rejected.len(), 0, "{}", c.name);
    let mut options = EvalOptions::new("2024-12-31".parse().unwrap());
    options.targets = Some(vec![c.goal.id.to_string()]);
    options.region = Some("110000".into());
    if c.peer_base {
        options.base_year = Some(BaseYear::Fixed { year: 2015 });
    }
    let eval = evaluate(catalog, &data, &options).unwrap();
    let r = eval.results.iter().find(|r| r.region == "110000").unwrap_or_else(|| panic!("{}: no result", c.name));
    (r.status, r.growth_ratio)
}

#[test]
fn statuses_and_ratios_agree_with_the_statistics_canada_measure() {
    let catalog = catalog();
    let all = cases();
    assert!(all.len() >= 30, "{} cases", all.len());
    let mut failures = Vec::new();
    let (mut agreed, mut differed) = (0, 0);
    for c in &all {
        let (peer, peer_ratio) = statcan(&c.series, c.goal.figure, 2030, 2015, c.goal.positive);
        let (status, ratio) = ours(&catalog, c);
        match c.differs {
            None => {
                agreed += 1;
                if status != peer.ours() {
                    failures.push(format!("{}: {status:?}, the peer {peer:?}", c.name));
                }
                match (ratio, peer_ratio) {
                    (Some(a), Some(b)) if (a - b).abs() <= 1e-9 * b.abs().max(1.0) => {}
                    (None, None) => {}
                    // Achieved: the engine does not form a ratio, the peer stops before it.
                    (a, b) => failures.push(format!("{}: ratio {a:?}, the peer {b:?}", c.name)),
                }
            }
            Some(why) => {
                differed += 1;
                if Some(status) != c.ours {
                    failures.push(format!("{} ({why:?}): {status:?}, expected {:?}", c.name, c.ours));
                }
                // It differs indeed: in the status or in the ratio.
                let same_ratio = match (ratio, peer_ratio) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    (a, b) => a.is_none() && b.is_none(),
                };
                if status == peer.ours() && same_ratio {
                    failures.push(format!("{} ({why:?}): listed as a difference but agrees with the peer", c.name));
                }
            }
        }
    }
    println!("{agreed} cases agree by design, {differed} differ on purpose");
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_peer_implementation_reproduces_its_published_example_numbers() {
    // 100 → 121 in two years is 10 % a year; 100 → 161.051 in five years needs 10 %: R = 1.
    let (s, r) = statcan(&[(2015, 100.0), (2017, 121.0)], 161.051, 2020, 2015, true);
    assert_eq!(s, Peer::Substantial);
    assert!((r.unwrap() - 1.0).abs() < 1e-9);
    // Lower is better: 400 → 324 in two years (−10 %/yr) against −10 %/yr needed.
    let (s, r) = statcan(&[(2015, 400.0), (2017, 324.0)], 236.196, 2020, 2015, false);
    assert_eq!(s, Peer::Substantial);
    assert!((r.unwrap() - 1.0).abs() < 1e-9);
    // No 2015 value: the next year with data is the base.
    let (_, r) = statcan(&[(2016, 100.0), (2018, 121.0)], 161.051, 2021, 2015, true);
    assert!((r.unwrap() - 1.0).abs() < 1e-9);
}
