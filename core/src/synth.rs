//! Synthetic data at three scales, for benchmarks: **S** one city (Beijing's 16
//! districts), **M** one province (Shaanxi: 10 cities, 107 counties), **L** the nation
//! (31 provinces, 2,845 counties, 500,000 schools, about 3.5 million classes).
//!
//! Everything is invented, deterministically from a seed (SplitMix64, the same on every
//! platform); region codes of the built-in table are real, the others are made up in the
//! GB/T 2260 pattern (province `PP0000`, city `PPCC00`, county `PPCCKK`) and written as
//! `region` entities with their parent codes, so the files are complete on their own.
//!
//! Per school: a principal (`person`, 校长), a portal (`system`) and 1–13 classes. Unit
//! observations cover 2020–2024: class and school bandwidth, wireless coverage, internet
//! access (every year), IPv6 of school and portal (2022–2024), principals' training hours
//! (2021–2024); Beijing adds smart-campus compliance and demonstration flags, Chengdu
//! digital campuses by area class. About 3% of unit-years are not reported. Each county
//! follows its own path: the share of passing units grows from a random base by a
//! random yearly step, and a unit, once it passes, keeps passing.
//!
//! The records go to a [`Sink`]: [`CsvSink`] writes `entities.csv` and
//! `observations.csv` in the documented columns; a [`crate::DatasetBuilder`] takes them
//! directly (no files).

use crate::data::DatasetBuilder;
use crate::regions::{RegionLevel, RegionTable};
use crate::{Catalog, Kind};
use std::io::Write;

/// Size of the synthetic data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One city: Beijing's 16 districts, 4,000 schools.
    S,
    /// One province: Shaanxi's 10 cities and 107 counties, 16,000 schools.
    M,
    /// The nation: 31 provinces, 2,845 counties, 500,000 schools.
    L,
}

impl std::str::FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "S" | "s" => Ok(Scale::S),
            "M" | "m" => Ok(Scale::M),
            "L" | "l" => Ok(Scale::L),
            _ => Err(format!("unknown scale {:?}: use S, M or L", crate::text::clip(s, 40))),
        }
    }
}

impl Scale {
    /// Number of schools generated.
    pub fn schools(self) -> usize {
        match self {
            Scale::S => 4_000,
            Scale::M => 16_000,
            Scale::L => 500_000,
        }
    }
}

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 20_240_101;

/// The years of unit observations.
pub const YEARS: [i32; 5] = [2020, 2021, 2022, 2023, 2024];
const YEAR_TEXT: [&str; 5] = ["2020", "2021", "2022", "2023", "2024"];

/// Receives generated records, borrowed: a sink copies what it keeps.
pub trait Sink {
    /// An entity: `entity_id, kind, name, region_code, parent_id, stage, area_class, role`.
    fn entity(&mut self, fields: [&str; 8]) -> std::io::Result<()>;
    /// An observation: `entity_id, indicator, period, value, source`.
    fn observation(&mut self, fields: [&str; 5]) -> std::io::Result<()>;
}

/// Writes `entities.csv` and `observations.csv` (UTF-8, no BOM, documented columns).
pub struct CsvSink<W: Write> {
    entities: W,
    observations: W,
}

impl<W: Write> CsvSink<W> {
    /// Writes the headers.
    pub fn new(mut entities: W, mut observations: W) -> std::io::Result<Self> {
        entities.write_all(b"entity_id,kind,name,region_code,parent_id,stage,area_class,role\n")?;
        observations.write_all(b"entity_id,indicator,period,value,source\n")?;
        Ok(CsvSink {
            entities,
            observations,
        })
    }

    /// Flushes and returns the writers.
    pub fn finish(mut self) -> std::io::Result<(W, W)> {
        self.entities.flush()?;
        self.observations.flush()?;
        Ok((self.entities, self.observations))
    }
}

/// Fields never contain commas, quotes or line breaks (the generator's own text).
fn write_row<W: Write>(w: &mut W, fields: &[&str]) -> std::io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(f.as_bytes())?;
    }
    w.write_all(b"\n")
}

impl<W: Write> Sink for CsvSink<W> {
    fn entity(&mut self, fields: [&str; 8]) -> std::io::Result<()> {
        write_row(&mut self.entities, &fields)
    }
    fn observation(&mut self, fields: [&str; 5]) -> std::io::Result<()> {
        write_row(&mut self.observations, &fields)
    }
}

impl Sink for DatasetBuilder {
    fn entity(&mut self, f: [&str; 8]) -> std::io::Result<()> {
        self.add_entity_fields(f, None, None);
        Ok(())
    }
    fn observation(&mut self, f: [&str; 5]) -> std::io::Result<()> {
        self.add_observation_str(f, None, None);
        Ok(())
    }
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Region records (built-in regions used are written too, with their own names).
    pub regions: usize,
    /// County-level regions holding schools.
    pub counties: usize,
    /// Schools.
    pub schools: usize,
    /// Classes.
    pub classes: usize,
    /// People (one principal per school).
    pub people: usize,
    /// Systems (one portal per school).
    pub systems: usize,
    /// Observations.
    pub observations: usize,
    /// Observations of `class.bandwidth_mbps`.
    pub class_observations: usize,
}

use crate::sample::Rng;

/// Provinces of the nation-wide data: code, number of prefecture-level units and of
/// county-level units (those of the built-in table, which the data uses; the numbers
/// matter only for a table without a province's cities, whose regions are then made up).
const PROVINCES: [(&str, usize, usize); 31] = [
    ("110000", 0, 16),
    ("120000", 0, 16),
    ("130000", 11, 167),
    ("140000", 11, 117),
    ("150000", 12, 103),
    ("210000", 14, 100),
    ("220000", 9, 60),
    ("230000", 13, 121),
    ("310000", 0, 16),
    ("320000", 13, 95),
    ("330000", 11, 90),
    ("340000", 16, 104),
    ("350000", 9, 84),
    ("360000", 11, 100),
    ("370000", 16, 136),
    ("410000", 17, 157),
    ("420000", 13, 103),
    ("430000", 14, 122),
    ("440000", 21, 122),
    ("450000", 14, 111),
    ("460000", 4, 26),
    ("500000", 0, 38),
    ("510000", 21, 183),
    ("520000", 9, 88),
    ("530000", 16, 129),
    ("540000", 7, 74),
    ("610000", 10, 107),
    ("620000", 14, 86),
    ("630000", 8, 44),
    ("640000", 5, 22),
    ("650000", 14, 108),
];

/// Chengdu's central districts (area class 中心城区; the others are 郊区新城).
const CHENGDU_CENTRAL: [&str; 11] = [
    "510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115",
    "510116", "510117",
];

struct County {
    code: String,
    name: String,
}

/// The region records to write and the counties that hold schools.
fn plan_regions(scale: Scale, table: &RegionTable) -> (Vec<[String; 3]>, Vec<County>) {
    let mut records: Vec<[String; 3]> = Vec::new(); // code, name, parent
    let mut counties = Vec::new();
    let name = |i: u32| table.name(i).unwrap_or_default().to_string();
    let children = |i: u32| table.children(i);
    // A built-in county: written as a region record under `parent`, and given schools.
    let push_built = |records: &mut Vec<[String; 3]>, counties: &mut Vec<County>, c: u32, parent: &str| {
        let code = table.code(c).unwrap_or_default().to_string();
        records.push([code.clone(), name(c), parent.to_string()]);
        counties.push(County { code, name: name(c) });
    };
    let provinces: Vec<(&str, usize, usize)> = match scale {
        Scale::S => vec![PROVINCES[0]],
        Scale::M => vec![PROVINCES[26]],
        Scale::L => PROVINCES.to_vec(),
    };
    records.push(["000000".into(), name(0), String::new()]);
    for (pcode, ncities, ncounties) in provinces {
        let Some(p) = table.index(pcode) else {
            continue;
        };
        records.push([pcode.into(), name(p), "000000".into()]);
        let pname = name(p);
        let builtin = children(p);
        let built_cities: Vec<u32> = builtin
            .iter()
            .copied()
            .filter(|&c| table.level(c) == Some(RegionLevel::City))
            .collect();
        let built_counties: Vec<u32> = builtin
            .iter()
            .copied()
            .filter(|&c| table.level(c) == Some(RegionLevel::County))
            .collect();
        // Counties directly under the province, as built in: the districts of a
        // municipality (北京), the 省直辖县级行政单位 (湖北 仙桃市).
        let direct = built_counties.len();
        for c in built_counties {
            push_built(&mut records, &mut counties, c, pcode);
        }
        if direct > 0 && built_cities.is_empty() {
            continue;
        }
        let prefix = &pcode[..2];
        let mut cities: Vec<(String, String, Vec<u32>)> = built_cities
            .iter()
            .map(|&c| {
                (
                    table.code(c).unwrap_or_default().to_string(),
                    name(c),
                    children(c),
                )
            })
            .collect();
        let mut cc = 1;
        while cities.len() < ncities.max(1) {
            let code = format!("{prefix}{cc:02}00");
            cc += 1;
            if table.index(&code).is_some() {
                continue;
            }
            let n = if ncities <= 1 {
                format!("{pname}市辖区")
            } else {
                format!("{pname}第{}市", cities.len() + 1)
            };
            cities.push((code, n, Vec::new()));
        }
        let built: usize = direct + cities.iter().map(|c| c.2.len()).sum::<usize>();
        let synthetic_cities = cities.iter().filter(|c| c.2.is_empty()).count();
        let mut to_make = ncounties.saturating_sub(built);
        let mut left_cities = synthetic_cities;
        for (ccode, cname, kids) in &cities {
            records.push([ccode.clone(), cname.clone(), pcode.into()]);
            if !kids.is_empty() {
                for &k in kids {
                    push_built(&mut records, &mut counties, k, ccode);
                }
                continue;
            }
            let n = to_make.div_ceil(left_cities.max(1));
            to_make -= n;
            left_cities = left_cities.saturating_sub(1);
            let mut kk = 1;
            let mut made = 0;
            while made < n && kk < 100 {
                let code = format!("{}{kk:02}", &ccode[..4]);
                kk += 1;
                if table.index(&code).is_some() {
                    continue;
                }
                let cn = format!("{cname}第{}区县", made + 1);
                records.push([code.clone(), cn.clone(), ccode.clone()]);
                counties.push(County { code, name: cn });
                made += 1;
            }
        }
    }
    (records, counties)
}

const STAGES: [(&str, u64); 8] = [
    ("小学", 46),
    ("初中", 18),
    ("高中", 7),
    ("完全中学", 3),
    ("九年一贯制", 6),
    ("幼儿园", 14),
    ("中职", 4),
    ("十二年一贯制", 2),
];
const AREAS: [&str; 3] = ["城区", "镇区", "乡村"];

/// A county's path: the share (%) of units passing in each year.
fn path(rng: &mut Rng) -> [u64; 5] {
    let base = 20 + rng.below(50);
    let step = 2 + rng.below(14);
    let mut p = [0; 5];
    for (y, v) in p.iter_mut().enumerate() {
        *v = (base + step * y as u64).min(100);
    }
    p
}

/// Emits the observations of one unit for one yes/no or threshold indicator: the unit
/// passes in year `y` when its draw is below the county's share that year.
#[allow(clippy::too_many_arguments)]
fn unit_series<S: Sink>(
    sink: &mut S,
    rng: &mut Rng,
    id: &str,
    indicator: &str,
    path: &[u64; 5],
    from_year: usize,
    pass: &[&str],
    fail: &[&str],
    n: &mut usize,
) -> std::io::Result<()> {
    let u = rng.below(100);
    for y in from_year..YEARS.len() {
        let r = rng.next();
        if r % 100 < 3 {
            continue;
        }
        let pick = (r >> 32) as usize;
        let v = if u < path[y] {
            pass[pick % pass.len()]
        } else {
            fail[pick % fail.len()]
        };
        sink.observation([id, indicator, YEAR_TEXT[y], v, ""])?;
        *n += 1;
    }
    Ok(())
}

/// Generates the data of a scale into a sink.
pub fn generate<S: Sink>(
    catalog: &Catalog,
    scale: Scale,
    seed: u64,
    sink: &mut S,
) -> std::io::Result<Counts> {
    let table = RegionTable::builtin();
    let mut rng = Rng(seed);
    let (regions, counties) = plan_regions(scale, &table);
    let mut c = Counts {
        regions: regions.len(),
        counties: counties.len(),
        ..Counts::default()
    };
    for [code, name, parent] in &regions {
        sink.entity([code, "region", name, "", parent, "", "", ""])?;
    }
    // Schools per county: proportional to a random weight, exactly `scale.schools()` in all.
    let weights: Vec<u64> = counties.iter().map(|_| 50 + rng.below(100)).collect();
    let total_w: u64 = weights.iter().sum();
    let total = scale.schools() as u64;
    let mut per_county: Vec<u64> = weights.iter().map(|w| total * w / total_w.max(1)).collect();
    let mut short = total - per_county.iter().sum::<u64>();
    for n in per_county.iter_mut() {
        if short == 0 {
            break;
        }
        *n += 1;
        short -= 1;
    }
    let mut id = String::new();
    let mut sub = String::new();
    let mut name = String::new();
    let stage_total: u64 = STAGES.iter().map(|s| s.1).sum();
    const ONE: &[&str] = &["1"];
    const ZERO: &[&str] = &["0"];
    for (county, &nschools) in counties.iter().zip(&per_county) {
        let beijing = county.code.starts_with("11");
        let chengdu = county.code.starts_with("5101");
        let class_path = path(&mut rng);
        let school_path = path(&mut rng);
        let wifi_path = path(&mut rng);
        let ipv6_path = path(&mut rng);
        let train_path = path(&mut rng);
        let campus_path = path(&mut rng);
        for s in 0..nschools {
            id.clear();
            use std::fmt::Write as _;
            let _ = write!(id, "S{}{s:04}", county.code);
            name.clear();
            let _ = write!(name, "{}第{}学校", county.name, s + 1);
            let mut pick = rng.below(stage_total);
            let stage = STAGES
                .iter()
                .find(|(_, w)| {
                    if pick < *w {
                        true
                    } else {
                        pick -= w;
                        false
                    }
                })
                .map_or("小学", |s| s.0);
            let area = if chengdu {
                if CHENGDU_CENTRAL.contains(&county.code.as_str()) {
                    "中心城区"
                } else {
                    "郊区新城"
                }
            } else {
                AREAS[rng.below(3) as usize]
            };
            sink.entity([&id, "school", &name, &county.code, "", stage, area, ""])?;
            c.schools += 1;
            let n = &mut c.observations;
            unit_series(
                sink,
                &mut rng,
                &id,
                "school.bandwidth_mbps",
                &school_path,
                0,
                &["1000", "2000"],
                &["100", "200", "500"],
                n,
            )?;
            unit_series(
                sink,
                &mut rng,
                &id,
                "school.wifi_full_coverage",
                &wifi_path,
                0,
                ONE,
                ZERO,
                n,
            )?;
            unit_series(
                sink,
                &mut rng,
                &id,
                "school.internet_access",
                &[96, 97, 98, 99, 100],
                0,
                ONE,
                ZERO,
                n,
            )?;
            unit_series(
                sink,
                &mut rng,
                &id,
                "school.ipv6_enabled",
                &ipv6_path,
                2,
                ONE,
                ZERO,
                n,
            )?;
            if beijing {
                unit_series(
                    sink,
                    &mut rng,
                    &id,
                    "school.smart_campus_compliant",
                    &campus_path,
                    0,
                    ONE,
                    ZERO,
                    n,
                )?;
                if rng.below(40) == 0 {
                    let y = 1 + rng.below(4) as usize;
                    sink.observation([&id, "school.smart_campus_demo", YEAR_TEXT[y], "1", ""])?;
                    *n += 1;
                }
            }
            if chengdu {
                unit_series(
                    sink,
                    &mut rng,
                    &id,
                    "school.digital_campus",
                    &campus_path,
                    0,
                    ONE,
                    ZERO,
                    n,
                )?;
            }
            if rng.below(2500) == 0 {
                sink.observation([&id, "school.learning_space_excellent", "2019", "1", ""])?;
                *n += 1;
            }
            // The principal and the portal.
            sub.clear();
            let _ = write!(sub, "{id}P");
            sink.entity([&sub, "person", "", "", &id, "", "", "校长"])?;
            c.people += 1;
            unit_series(
                sink,
                &mut rng,
                &sub,
                "person.it_training_hours",
                &train_path,
                1,
                &["32", "36", "40", "48"],
                &["8", "12", "16", "24"],
                n,
            )?;
            sub.clear();
            let _ = write!(sub, "{id}W");
            sink.entity([&sub, "system", "", "", &id, "", "", ""])?;
            c.systems += 1;
            unit_series(
                sink,
                &mut rng,
                &sub,
                "system.ipv6_enabled",
                &ipv6_path,
                2,
                ONE,
                ZERO,
                n,
            )?;
            // Classes.
            let nclasses = 1 + rng.below(13);
            for k in 0..nclasses {
                sub.clear();
                let _ = write!(sub, "{id}C{k:02}");
                sink.entity([&sub, "class", "", "", &id, "", "", ""])?;
                c.classes += 1;
                let before = *n;
                unit_series(
                    sink,
                    &mut rng,
                    &sub,
                    "class.bandwidth_mbps",
                    &class_path,
                    0,
                    &["100", "200", "1000"],
                    &["10", "20", "50"],
                    n,
                )?;
                c.class_observations += *n - before;
            }
        }
    }
    // Region figures: the Ministry's national running totals. (Broadband access is the
    // schools' own `school.internet_access` above, as the targets measure it.)
    for (ind, a, b) in [
        ("region.lessons_shared", "3100000", "4150000"),
        ("region.learning_spaces_opened", "85000000", "93600000"),
        ("region.national_quality_online_courses", "490", "1291"),
    ] {
        sink.observation(["000000", ind, "2018", a, ""])?;
        sink.observation(["000000", ind, "2019", b, ""])?;
        c.observations += 2;
    }
    // Milestones of the documents whose region is in the data: about 6 in 10 done.
    let in_data = |code: &str| regions.iter().any(|r| r[0] == code);
    for (doc, t) in catalog.targets() {
        if t.kind != Kind::Milestone || !in_data(&t.scope.region) {
            continue;
        }
        let first = chrono::Datelike::year(&doc.period.start);
        let last = chrono::Datelike::year(&t.deadline).max(first);
        let year = first + rng.below((last - first + 1) as u64) as i32;
        if rng.below(10) < 6 {
            sink.observation([
                &t.scope.region,
                &t.id,
                &format!("{year}-09-30"),
                "1",
                "synthetic evidence",
            ])?;
            c.observations += 1;
        }
    }
    Ok(c)
}

/// Writes `entities.csv` and `observations.csv` of a scale into `dir`.
pub fn write_csv(
    catalog: &Catalog,
    scale: Scale,
    seed: u64,
    dir: &std::path::Path,
) -> std::io::Result<Counts> {
    std::fs::create_dir_all(dir)?;
    let open = |name: &str| -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        Ok(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(dir.join(name))?,
        ))
    };
    let mut sink = CsvSink::new(open("entities.csv")?, open("observations.csv")?)?;
    let counts = generate(catalog, scale, seed, &mut sink)?;
    sink.finish()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_scale_is_deterministic_and_loads_clean() {
        let catalog = Catalog::builtin().unwrap();
        let mut a = CsvSink::new(Vec::new(), Vec::new()).unwrap();
        let ca = generate(&catalog, Scale::S, 7, &mut a).unwrap();
        let mut b = CsvSink::new(Vec::new(), Vec::new()).unwrap();
        generate(&catalog, Scale::S, 7, &mut b).unwrap();
        let (ae, ao) = a.finish().unwrap();
        let (be, bo) = b.finish().unwrap();
        assert_eq!(ae, be);
        assert_eq!(ao, bo);
        assert_eq!(ca.schools, 4_000);
        assert_eq!(ca.counties, 16);
        let mut builder = DatasetBuilder::new(&catalog);
        builder
            .read_entities_csv("entities.csv", &ae, crate::io::Encoding::Utf8)
            .unwrap();
        builder
            .read_observations_csv("observations.csv", &ao, crate::io::Encoding::Utf8)
            .unwrap();
        let (data, report) = builder.build();
        assert!(
            report.is_clean(),
            "{:?}",
            report.rejections().take(3).collect::<Vec<_>>()
        );
        assert_eq!(data.observation_count(), ca.observations);
        assert_eq!(
            report.entities.accepted as usize,
            ca.regions + ca.schools + ca.classes + ca.people + ca.systems
        );
    }

    #[test]
    fn nation_has_the_planned_regions() {
        let (records, counties) = plan_regions(Scale::L, &RegionTable::builtin());
        assert_eq!(counties.len(), PROVINCES.iter().map(|p| p.2).sum::<usize>());
        let mut codes: Vec<&str> = records.iter().map(|r| r[0].as_str()).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "region codes are unique");
        assert!(records.iter().all(|r| r[0].len() == 6));
    }
}
