//! Progress and status: the formulas of `spec/METHODOLOGY.md`, as pure functions.
//!
//! Times are fractional years (`2023-12-31` ≈ 2024.0); values are in the target's unit.

use crate::compare::{reaches, Num};
use crate::model::Comparator;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The current value meets the target (or the milestone is done).
    Achieved,
    /// Growth ratio ≥ 0.95: on the way to the target by the deadline.
    OnTrack,
    /// Growth ratio in [0.60, 0.95): moving the right way, too slowly.
    NeedsAcceleration,
    /// Growth ratio in [0, 0.60): little progress.
    Limited,
    /// Growth ratio < 0: moving away from the target.
    Regressing,
    /// The deadline has passed and the target was not met: for a milestone, a report
    /// of "not done" or a late completion (no report at all is `NotAssessable`,
    /// reason `unreported`).
    Missed,
    /// Not enough data to judge; the result says why.
    NotAssessable,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 7] = [
        Status::Achieved,
        Status::OnTrack,
        Status::NeedsAcceleration,
        Status::Limited,
        Status::Regressing,
        Status::Missed,
        Status::NotAssessable,
    ];

    /// Machine name.
    pub fn code(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::Limited => "limited",
            Status::Regressing => "regressing",
            Status::Missed => "missed",
            Status::NotAssessable => "not_assessable",
        }
    }

    /// Chinese label.
    pub fn zh(self) -> &'static str {
        self.text().zh
    }

    /// English label.
    pub fn en(self) -> &'static str {
        self.text().en
    }

    /// The status's colour, best (dark green) to worst (dark red), grey when not
    /// assessable, as `0xRRGGBB`: the Excel report's status cells, the same palette as
    /// the Python charts and notebook chips (`zhibiao._display.STATUS_COLORS`).
    pub fn color(self) -> u32 {
        match self {
            Status::Achieved => 0x1b7837,
            Status::OnTrack => 0x5aae61,
            Status::NeedsAcceleration => 0xf1a340,
            Status::Limited => 0xe66101,
            Status::Regressing => 0xb2182b,
            Status::Missed => 0x67001f,
            Status::NotAssessable => 0x9e9e9e,
        }
    }

    /// The status of a machine name (`on_track`), if it is one.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Labels and the legend's explanation of the status.
    pub fn text(self) -> &'static StatusText {
        // STATUS_TEXT is in the order of ALL (a test checks it); the search is a fallback.
        STATUS_TEXT.iter().find(|t| t.status == self).unwrap_or(&UNKNOWN_STATUS)
    }
}

/// What the reports say about a status, in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusText {
    /// The status.
    pub status: Status,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
    /// Chinese explanation, as the report's legend prints it.
    pub legend_zh: &'static str,
    /// English explanation.
    pub legend_en: &'static str,
}

/// Every status with its labels and legend text, best first: the one list the reports,
/// the bindings' `statuses()` and the dashboard read. A new status is one more line here.
pub const STATUS_TEXT: &[StatusText] = &[
    StatusText {
        status: Status::Achieved,
        zh: "已达成",
        en: "achieved",
        legend_zh: "当前值已满足目标（里程碑：按期完成）",
        legend_en: "the current value meets the target (a milestone: done by its deadline)",
    },
    StatusText {
        status: Status::OnTrack,
        zh: "进展顺利",
        en: "on track",
        legend_zh: "增速比 ≥ 0.95：照此速度可按期达成",
        legend_en: "growth ratio ≥ 0.95: at this pace the target is met by the deadline",
    },
    StatusText {
        status: Status::NeedsAcceleration,
        zh: "需加快",
        en: "needs acceleration",
        legend_zh: "增速比 0.60–0.95：方向正确，但速度不够",
        legend_en: "growth ratio 0.60–0.95: moving the right way, too slowly",
    },
    StatusText {
        status: Status::Limited,
        zh: "进展有限",
        en: "limited progress",
        legend_zh: "增速比 0–0.60：进展很少",
        legend_en: "growth ratio 0–0.60: little progress",
    },
    StatusText {
        status: Status::Regressing,
        zh: "倒退",
        en: "regressing",
        legend_zh: "增速比 < 0：离目标越来越远",
        legend_en: "growth ratio < 0: moving away from the target",
    },
    StatusText {
        status: Status::Missed,
        zh: "未按期完成",
        en: "missed",
        legend_zh: "期限已过，目标未达成（里程碑：报告未完成，或逾期完成；到期未报告的不在此列）",
        legend_en: "the deadline has passed and the target was not met (a milestone: reported not done, or done late; one never reported is not missed but not assessable)",
    },
    StatusText {
        status: Status::NotAssessable,
        zh: "无法评估",
        en: "not assessable",
        legend_zh: "数据不足以判断，原因见状态栏（如无数据、未到期、到期未报告）",
        legend_en: "not enough data to judge; the status column says why (no data, not yet due, not reported by the deadline …)",
    },
];

const UNKNOWN_STATUS: StatusText =
    StatusText { status: Status::NotAssessable, zh: "未知状态", en: "unknown status", legend_zh: "", legend_en: "" };

/// Thresholds of the growth ratio (Statistics Canada / Open SDG 2.4).
pub const ON_TRACK: f64 = 0.95;
/// Lower bound of "needs acceleration".
pub const NEEDS_ACCELERATION: f64 = 0.60;

/// The growth-ratio thresholds a status is read from: `R ≥ on_track` is on track,
/// `R ≥ needs_acceleration` needs acceleration, `R ≥ 0` limited, below regressing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), serde(rename_all = "camelCase"))]
pub struct Thresholds {
    /// Least ratio that is on track (default 0.95).
    pub on_track: f64,
    /// Least ratio that needs acceleration rather than being limited (default 0.60).
    pub needs_acceleration: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { on_track: ON_TRACK, needs_acceleration: NEEDS_ACCELERATION }
    }
}

impl Thresholds {
    /// The status of a growth ratio, compared exactly with the thresholds as decimals.
    pub fn status(self, r: Num) -> Status {
        if reaches(r, Num::decimal(self.on_track)) {
            Status::OnTrack
        } else if reaches(r, Num::decimal(self.needs_acceleration)) {
            Status::NeedsAcceleration
        } else if reaches(r, Num::decimal(0.0)) {
            Status::Limited
        } else {
            Status::Regressing
        }
    }
}

/// How the growth ratio was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum GrowthMethod {
    /// Compound annual growth rates: `((x/x0)^(1/(t−t0)) − 1) / ((T/x0)^(1/(D−t0)) − 1)`.
    Cagr,
    /// Average annual change: `((x − x0)/(t − t0)) / ((T − x0)/(D − t0))`. Used for
    /// percentages (their natural limit of 100% makes compound growth meaningless
    /// near the top) and whenever the baseline is zero or negative.
    Linear,
}

/// The numbers behind a progress judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Progress {
    /// Current status in ESCAP's sense: `(x − x0) / (T − x0)`, the share of the
    /// distance from baseline to target covered so far; absent when the baseline
    /// already stood at the target (the ratio is undefined).
    pub progress: Option<f64>,
    /// Share of the time from baseline to deadline elapsed at the current observation,
    /// which is where the straight path says progress should be.
    pub expected_progress: f64,
    /// Observed growth over required growth.
    pub growth_ratio: Option<f64>,
    /// Method used for the growth ratio.
    pub method: GrowthMethod,
    /// Observed annual growth (rate for CAGR, change per year for linear).
    pub observed_growth: Option<f64>,
    /// Required annual growth from baseline to target by the deadline.
    pub required_growth: Option<f64>,
    /// Value projected to the deadline by least squares over the points since the baseline.
    pub projection: Option<f64>,
    /// The status these numbers give.
    pub status: Status,
}

/// A (time, value) point.
pub type Point = (f64, f64);

/// Everything [`assess`] needs. Times are fractional years; baseline, current value,
/// target and deadline are exact where they can be ([`crate::compare`]), so that a
/// linear growth ratio sitting exactly at a threshold is read as sitting there.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Baseline (time, value).
    pub baseline: (Num, Num),
    /// Current (latest) (time, value).
    pub current: (Num, Num),
    /// All points from the baseline on, in time order, for the projection.
    pub series: &'a [Point],
    /// The target figure.
    pub target: Num,
    /// How the figure is compared.
    pub comparator: Comparator,
    /// Deadline as a fractional year.
    pub deadline: Num,
    /// Upper natural limit of the value (100 for percentages).
    pub natural_limit: Option<f64>,
    /// Clamp the projection at the natural limits: 0 below, `natural_limit` above.
    pub clamp_projection: bool,
    /// Growth-ratio thresholds.
    pub thresholds: Thresholds,
}

/// Assesses progress. Call only when the current value does not already meet the
/// target and the current point is later than the baseline.
pub fn assess(i: Inputs<'_>) -> Progress {
    let (t0, x0) = i.baseline;
    let (t, x) = i.current;
    let (d, target) = (i.deadline, i.target);
    let gap = target.minus(x0);
    let progress = x.minus(x0).over(gap).map(Num::value);
    let span = d.minus(t0);
    let elapsed = t.minus(t0);
    let positive = |n: Num| n.compare(Num::decimal(0.0)) == Some(std::cmp::Ordering::Greater);
    let expected_progress = if !positive(span) { 1.0 } else { (elapsed.value() / span.value()).clamp(0.0, 1.0) };
    let method = if i.natural_limit.is_some() || !positive(x0) || !positive(x) || !positive(target) {
        GrowthMethod::Linear
    } else {
        GrowthMethod::Cagr
    };
    let (observed, required) = if !positive(elapsed) || !positive(span) {
        (None, None)
    } else {
        match method {
            GrowthMethod::Cagr => (
                Some(Num::approximate((x.value() / x0.value()).powf(1.0 / elapsed.value()) - 1.0)),
                Some(Num::approximate((target.value() / x0.value()).powf(1.0 / span.value()) - 1.0)),
            ),
            GrowthMethod::Linear => (x.minus(x0).over(elapsed), gap.over(span)),
        }
    };
    let growth_ratio = match (observed, required) {
        (Some(o), Some(r)) if !r.is_zero() => o.over(r),
        _ => None,
    };
    // Natural limits: no value is negative (the data refuse negative figures), and a
    // share does not pass 100 %.
    let projection = project(i.series, d.value()).map(|p| match (i.clamp_projection, i.natural_limit) {
        (true, Some(limit)) => p.clamp(0.0, limit),
        (true, None) => p.max(0.0),
        (false, _) => p,
    });
    let status = match growth_ratio {
        Some(r) => i.thresholds.status(r),
        // No ratio: the baseline sits exactly at the figure (a strict comparator
        // such as 超过 is not yet met there), or time did not pass. Judge by direction.
        None => {
            let order = x.compare(x0);
            let away = if i.comparator.increasing() { order == Some(std::cmp::Ordering::Less) } else { order == Some(std::cmp::Ordering::Greater) };
            if away {
                Status::Regressing
            } else if gap.is_zero() {
                Status::Limited
            } else {
                Status::NotAssessable
            }
        }
    };
    Progress {
        progress,
        expected_progress,
        growth_ratio: growth_ratio.map(Num::value),
        method,
        observed_growth: observed.map(Num::value),
        required_growth: required.map(Num::value),
        projection,
        status,
    }
}

/// Status from a growth ratio alone, with the default thresholds.
pub fn status_of_ratio(r: f64) -> Status {
    Thresholds::default().status(Num::decimal(r))
}

/// Least-squares line through `points`, evaluated at `at`. `None` with fewer than two
/// distinct times.
pub fn project(points: &[Point], at: f64) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mt = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mx = points.iter().map(|p| p.1).sum::<f64>() / n;
    let stt: f64 = points.iter().map(|p| (p.0 - mt).powi(2)).sum();
    if stt == 0.0 {
        return None;
    }
    let stx: f64 = points.iter().map(|p| (p.0 - mt) * (p.1 - mx)).sum();
    let slope = stx / stt;
    Some(mx + slope * (at - mt))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(series: &[Point], target: f64, deadline: f64, limit: Option<f64>) -> Inputs<'_> {
        let d = Num::decimal;
        let (b, c) = (series[0], series[series.len() - 1]);
        Inputs {
            baseline: (d(b.0), d(b.1)),
            current: (d(c.0), d(c.1)),
            series,
            target: d(target),
            comparator: Comparator::AtLeast,
            deadline: d(deadline),
            natural_limit: limit,
            clamp_projection: true,
            thresholds: Thresholds::default(),
        }
    }

    #[test]
    fn a_linear_ratio_at_a_threshold_is_read_exactly() {
        // 91.9 → 97.6 over 3 years against 91.9 → 97.9 over 3 years: R = 5.7 / 6 = 0.95.
        let s = [(2020.0, 91.9), (2023.0, 97.6)];
        let p = assess(inputs(&s, 97.9, 2023.0, Some(100.0)));
        let x = std::hint::black_box(97.6);
        assert!(((x - 91.9) / 3.0) / ((97.9 - 91.9) / 3.0) < 0.95, "the doubles read below the threshold");
        assert_eq!(p.growth_ratio, Some(0.95));
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn linear_ratio_by_hand() {
        // 60% in 2021 → 72% in 2023, target 100% in 2026: observed 6/yr, required 8/yr, R = 0.75.
        let s = [(2021.0, 60.0), (2023.0, 72.0)];
        let p = assess(inputs(&s, 100.0, 2026.0, Some(100.0)));
        assert_eq!(p.method, GrowthMethod::Linear);
        assert!((p.growth_ratio.unwrap_or(0.0) - 0.75).abs() < 1e-12);
        assert_eq!(p.status, Status::NeedsAcceleration);
        assert!((p.progress.unwrap_or(0.0) - 0.3).abs() < 1e-12);
        assert!((p.expected_progress - 0.4).abs() < 1e-12);
        assert!((p.projection.unwrap_or(0.0) - 90.0).abs() < 1e-9);
    }

    #[test]
    fn cagr_ratio_by_hand() {
        // 100 → 121 over 2 years (10%/yr); 100 → 161.051 needs 10%/yr over 5: R = 1.
        let s = [(2020.0, 100.0), (2022.0, 121.0)];
        let p = assess(inputs(&s, 161.051, 2025.0, None));
        assert_eq!(p.method, GrowthMethod::Cagr);
        assert!((p.growth_ratio.unwrap_or(0.0) - 1.0).abs() < 1e-9);
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn every_status_has_its_texts_in_order() {
        let listed: Vec<Status> = STATUS_TEXT.iter().map(|t| t.status).collect();
        assert_eq!(listed, Status::ALL.to_vec());
        for t in STATUS_TEXT {
            assert!(!t.zh.is_empty() && !t.en.is_empty() && !t.legend_zh.is_empty() && !t.legend_en.is_empty(), "{:?}", t.status);
        }
    }

    #[test]
    fn thresholds() {
        assert_eq!(status_of_ratio(0.95), Status::OnTrack);
        assert_eq!(status_of_ratio(0.9499), Status::NeedsAcceleration);
        assert_eq!(status_of_ratio(0.60), Status::NeedsAcceleration);
        assert_eq!(status_of_ratio(0.5999), Status::Limited);
        assert_eq!(status_of_ratio(0.0), Status::Limited);
        assert_eq!(status_of_ratio(-0.01), Status::Regressing);
    }

    #[test]
    fn decreasing_values_regress() {
        let s = [(2021.0, 80.0), (2022.0, 70.0)];
        assert_eq!(assess(inputs(&s, 100.0, 2024.0, Some(100.0))).status, Status::Regressing);
    }
}
