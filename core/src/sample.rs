//! Built-in sample data. **Synthetic**: every school, class, person and figure is
//! invented, deterministically from a seed, to exercise every target kind and every
//! status. Region codes and names are real; nothing else is.
//!
//! Beijing's 16 districts follow six progress profiles toward the 14th five-year
//! plan's network targets (achieved, on track, needs acceleration, limited,
//! regressing, and on track with a third of the schools not reporting in the last
//! year); 延庆区 reports no class data at all. Chengdu's districts carry the 2021
//! digital-campus shares by area class, Shaanxi its IPv6 figures, every school its
//! broadband access in 2018–2019 (the Ministry's 2019 targets), and the nation the
//! Ministry's 2019 counts. Milestones of all five documents are reported as in a real
//! year: about half done on time, some late, some reported not done, a fifth never
//! reported.

use crate::data::{EntityRecord, ObservationRecord};
use crate::Catalog;

/// The seed `zhibiao demo` uses.
pub const DEFAULT_SEED: u64 = 2021;

/// Sample entities and observations.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    /// Entities (regions are built in; these are schools, classes, people, systems).
    pub entities: Vec<EntityRecord>,
    /// Observations.
    pub observations: Vec<ObservationRecord>,
}

/// SplitMix64: small, fast, and the same on every platform (WASM included).
/// Shared with the national-scale generator ([`crate::synth`]).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// A random permutation of 0..n.
    fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
        v
    }
}

const YEARS: [i32; 5] = [2020, 2021, 2022, 2023, 2024];

const BEIJING: [(&str, &str); 16] = [
    ("110101", "东城"),
    ("110102", "西城"),
    ("110105", "朝阳"),
    ("110106", "丰台"),
    ("110107", "石景山"),
    ("110108", "海淀"),
    ("110109", "门头沟"),
    ("110111", "房山"),
    ("110112", "通州"),
    ("110113", "顺义"),
    ("110114", "昌平"),
    ("110115", "大兴"),
    ("110116", "怀柔"),
    ("110117", "平谷"),
    ("110118", "密云"),
    ("110119", "延庆"),
];

/// Share (%) of units passing in each of [`YEARS`], by profile.
fn path(profile: usize) -> [f64; 5] {
    match profile {
        0 => [50.0, 70.0, 85.0, 100.0, 100.0], // achieved
        1 => [40.0, 52.0, 64.0, 76.0, 88.0],   // on track: 12/yr of 12 needed
        2 => [40.0, 49.0, 58.0, 67.0, 76.0],   // needs acceleration: 9/yr of 12
        3 => [40.0, 44.0, 48.0, 52.0, 56.0],   // limited: 4/yr of 12
        4 => [60.0, 58.0, 56.0, 54.0, 52.0],   // regressing
        _ => [40.0, 52.0, 64.0, 76.0, 88.0],   // on track, with missing reports in 2024
    }
}

/// Whether the unit at rank `i` of `n` passes at share `pct`: exactly round(pct·n) pass.
fn passes(i: usize, n: usize, pct: f64) -> bool {
    (i as f64 + 0.5) / n as f64 * 100.0 < pct
}

struct Out {
    s: Sample,
}

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn entity(&mut self, id: String, kind: &str, name: String, region: &str, parent: &str, stage: &str, area: &str, role: &str) {
        self.s.entities.push(EntityRecord {
            entity_id: id,
            kind: kind.into(),
            name,
            region_code: region.into(),
            parent_id: parent.into(),
            stage: stage.into(),
            area_class: area.into(),
            role: role.into(),
        });
    }
    fn obs(&mut self, entity: &str, indicator: &str, period: impl ToString, value: f64, source: &str) {
        self.s.observations.push(ObservationRecord {
            entity_id: entity.into(),
            indicator: indicator.into(),
            period: period.to_string(),
            value: crate::catalog::fmt_num(value),
            source: source.into(),
        });
    }
}

const SOURCE: &str = "synthetic sample (示例数据)";

/// Generates the sample. The same seed gives the same data on every platform.
pub fn generate(catalog: &Catalog, seed: u64) -> Sample {
    let mut rng = Rng(seed);
    let mut out = Out { s: Sample::default() };
    beijing(&mut out, &mut rng);
    chengdu(&mut out, &mut rng);
    shaanxi(&mut out, &mut rng);
    national(&mut out);
    milestones(&mut out, &mut rng, catalog);
    out.s
}

fn beijing(out: &mut Out, rng: &mut Rng) {
    let stages = ["小学", "小学", "小学", "初中", "初中", "高中", "完全中学", "九年一贯制", "幼儿园", "中职"];
    // New demonstration schools per year across the city: 2021 12, 2022 18, 2023 41, 2024 15.
    let demo_per_year = [(2021, 12usize), (2022, 18), (2023, 41), (2024, 15)];
    let mut k12_schools: Vec<String> = Vec::new();
    for (d, (code, short)) in BEIJING.iter().enumerate() {
        let profile = d % 6;
        let n_schools = 24 + rng.below(12) as usize;
        let schools: Vec<String> = (0..n_schools).map(|i| format!("BJ{code}S{i:03}")).collect();
        for (i, id) in schools.iter().enumerate() {
            let stage = stages[rng.below(stages.len() as u64) as usize];
            out.entity(id.clone(), "school", format!("{short}示例学校{}", i + 1), code, "", stage, "", "");
            if !matches!(stage, "幼儿园" | "中职") {
                k12_schools.push(id.clone());
            }
            out.entity(format!("{id}P"), "person", String::new(), "", id, "", "", "principal");
            out.entity(format!("{id}W"), "system", format!("{short}示例学校{}门户网站", i + 1), "", id, "", "", "");
        }
        // Each indicator ranks the district's units in its own random order.
        let gig = rng.shuffled(n_schools);
        let wifi = rng.shuffled(n_schools);
        let campus = rng.shuffled(n_schools);
        let ipv6 = rng.shuffled(n_schools);
        let training = rng.shuffled(n_schools);
        let p = path(profile);
        // Wireless coverage starts high (the plan reports 90%+ in 2020).
        let wifi_p = path((profile + 1) % 6).map(|x| (80.0 + 0.2 * x).min(100.0));
        for (yi, &year) in YEARS.iter().enumerate() {
            for (i, id) in schools.iter().enumerate() {
                // Profile 5: a third of the schools do not report in the last year.
                if profile == 5 && year == 2024 && i % 3 == 0 {
                    continue;
                }
                let bw = if passes(gig[i], n_schools, p[yi]) { [1000.0, 2000.0][i % 2] } else { [100.0, 200.0, 500.0][i % 3] };
                out.obs(id, "school.bandwidth_mbps", year, bw, SOURCE);
                out.obs(id, "school.wifi_full_coverage", year, passes(wifi[i], n_schools, wifi_p[yi]) as u8 as f64, SOURCE);
                out.obs(id, "school.smart_campus_compliant", year, passes(campus[i], n_schools, p[yi] * 0.9 + 10.0) as u8 as f64, SOURCE);
                if year >= 2022 {
                    let share = f64::min([30.0, 70.0, 95.0][(year - 2022) as usize], p[yi] + 10.0);
                    out.obs(&format!("{id}W"), "system.ipv6_enabled", year, passes(ipv6[i], n_schools, share) as u8 as f64, SOURCE);
                }
                if (2021..=2023).contains(&year) {
                    // Principals: a profile-dependent share trains ≥ 32 hours each year.
                    let share = [100.0, 80.0, 60.0, 45.0, 30.0, 70.0][profile] - (2023 - year) as f64 * 15.0;
                    let hours = if passes((training[i] + yi * 7) % n_schools, n_schools, share) { 32.0 + (i % 9) as f64 } else { (8 + i % 20) as f64 };
                    out.obs(&format!("{id}P"), "person.it_training_hours", year, hours, SOURCE);
                }
            }
        }
        // Classes: 100 Mbps to the classroom, following the school path one step behind.
        if *short == "延庆" {
            for (i, id) in schools.iter().enumerate() {
                for c in 0..(6 + i % 4) {
                    out.entity(format!("{id}C{c:02}"), "class", String::new(), "", id, "", "", "");
                }
            }
            continue;
        }
        let classes: Vec<String> =
            schools.iter().enumerate().flat_map(|(i, id)| (0..(6 + i % 4)).map(move |c| format!("{id}C{c:02}"))).collect();
        for c in &classes {
            let parent = &c[..c.len() - 3];
            out.entity(c.clone(), "class", String::new(), "", parent, "", "", "");
        }
        let order = rng.shuffled(classes.len());
        for (yi, &year) in YEARS.iter().enumerate() {
            let share = if yi == 0 { p[0] - 10.0 } else { p[yi - 1] };
            for (i, c) in classes.iter().enumerate() {
                let bw = if passes(order[i], classes.len(), share) { 100.0 } else { 50.0 };
                out.obs(c, "class.bandwidth_mbps", year, bw, SOURCE);
            }
        }
    }
    // Demonstration schools, flagged in the year they were selected (the flag carries forward).
    let order = rng.shuffled(k12_schools.len());
    let mut next = 0;
    for (year, n) in demo_per_year {
        for _ in 0..n {
            if let Some(&i) = order.get(next) {
                out.obs(&k12_schools[i], "school.smart_campus_demo", year, 1.0, SOURCE);
            }
            next += 1;
        }
    }
}

fn chengdu(out: &mut Out, rng: &mut Rng) {
    const CENTRAL: [&str; 11] =
        ["510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115", "510116", "510117"];
    const OTHER: [&str; 9] = ["510118", "510121", "510129", "510131", "510181", "510182", "510183", "510184", "510185"];
    // Digital-campus share in 2020 and 2021 per district.
    let shares = |central: bool, k: usize| -> [f64; 2] {
        if central {
            [[55.0, 75.0], [60.0, 72.0], [50.0, 62.0], [65.0, 80.0]][k % 4]
        } else {
            [[35.0, 55.0], [30.0, 42.0], [40.0, 50.0]][k % 3]
        }
    };
    for (k, code) in CENTRAL.iter().chain(OTHER.iter()).enumerate() {
        let central = k < CENTRAL.len();
        let area = if central { "中心城区" } else { "郊区新城" };
        let n = 16 + rng.below(10) as usize;
        let order = rng.shuffled(n);
        let s = shares(central, k);
        for i in 0..n {
            let id = format!("CD{code}S{i:03}");
            out.entity(id.clone(), "school", format!("成都示例学校{code}-{}", i + 1), code, "", ["小学", "初中", "高中"][i % 3], area, "");
            for (yi, year) in [2020, 2021].into_iter().enumerate() {
                out.obs(&id, "school.digital_campus", year, passes(order[i], n, s[yi]) as u8 as f64, SOURCE);
            }
        }
    }
    out.obs("510100", "region.quality_course_resources", 2020, 0.0, SOURCE);
    out.obs("510100", "region.quality_course_resources", 2021, 968.0, SOURCE);
    out.obs("510100", "region.premium_resources", 2020, 0.0, SOURCE);
    out.obs("510100", "region.premium_resources", 2021, 82.0, SOURCE);
}

fn shaanxi(out: &mut Out, rng: &mut Rng) {
    const COUNTIES: [&str; 10] = ["610102", "610202", "610302", "610402", "610502", "610602", "610702", "610802", "610902", "611002"];
    for (k, code) in COUNTIES.iter().enumerate() {
        let n = 8 + rng.below(6) as usize;
        let order = rng.shuffled(n);
        for i in 0..n {
            let id = format!("SN{code}S{i:03}");
            out.entity(id.clone(), "school", format!("陕西示例学校{code}-{}", i + 1), code, "", ["小学", "初中", "高中", "中职"][i % 4], "", "");
            out.entity(format!("{id}W"), "system", format!("陕西示例学校{code}-{}门户二级链接", i + 1), "", &id, "", "", "");
            for (yi, year) in [2022, 2023].into_iter().enumerate() {
                let share = [[60.0, 100.0], [50.0, 90.0], [40.0, 70.0]][k % 3][yi];
                out.obs(&id, "school.ipv6_enabled", year, passes(order[i], n, share) as u8 as f64, SOURCE);
                out.obs(&format!("{id}W"), "system.ipv6_enabled", year, passes((order[i] + 1) % n, n, share) as u8 as f64, SOURCE);
            }
        }
    }
}

fn national(out: &mut Out) {
    // Broadband access of every sample school at the end of 2018 and 2019, the years of
    // the Ministry's 2019 targets (中小学宽带接入率97%以上, 互联网全覆盖): in each
    // province exactly round(share · n) schools are connected, in entity order.
    for (prefix, v2018, v2019) in [("BJ", 100.0, 100.0), ("CD", 96.8, 97.3), ("SN", 95.1, 96.5)] {
        let schools: Vec<String> = out
            .s
            .entities
            .iter()
            .filter(|e| e.kind == "school" && e.entity_id.starts_with(prefix))
            .map(|e| e.entity_id.clone())
            .collect();
        let n = schools.len();
        for (i, id) in schools.iter().enumerate() {
            out.obs(id, "school.internet_access", 2018, passes(i, n, v2018) as u8 as f64, SOURCE);
            out.obs(id, "school.internet_access", 2019, passes(i, n, v2019) as u8 as f64, SOURCE);
        }
    }
    // Running totals at the end of 2018 and 2019.
    for (ind, a, b) in [
        ("region.lessons_shared", 3_100_000.0, 4_150_000.0),
        ("region.learning_spaces_opened", 85_000_000.0, 93_600_000.0),
        ("region.national_quality_online_courses", 490.0, 1291.0),
    ] {
        out.obs("000000", ind, 2018, a, SOURCE);
        out.obs("000000", ind, 2019, b, SOURCE);
    }
}

/// Milestones of every document, as a year of reports looks: about half done on time,
/// some done late, some reported not done, some never reported. Reports fall within
/// the sample's years (up to 2024), so later deadlines are still open at the end of 2024.
fn milestones(out: &mut Out, rng: &mut Rng, catalog: &Catalog) {
    use chrono::Datelike;
    let last_year = YEARS[YEARS.len() - 1];
    for (doc, t) in catalog.targets() {
        if t.kind != crate::Kind::Milestone {
            continue;
        }
        let first = doc.period.start.year();
        let due = t.deadline.year().min(last_year);
        let year = first + rng.below((due - first + 1).max(1) as u64) as i32;
        let region = &t.scope.region;
        match rng.below(20) {
            0..=9 => out.obs(region, &t.id, format!("{year}-09-30"), 1.0, "synthetic evidence: 示例文件编号"),
            10..=12 if t.deadline.year() < last_year => {
                let late = t.deadline.year() + 1;
                out.obs(region, &t.id, format!("{late}-03-31"), 1.0, "synthetic evidence, after the deadline: 示例文件编号")
            }
            10..=15 => out.obs(region, &t.id, format!("{year}-06-30"), 0.0, "synthetic progress report: not done"),
            _ => {}
        }
    }
}
