//! The core's side of the benchmarks (bench/run.sh runs it; docs/benchmarks.md explains
//! the figures). Release builds only: `cargo run --release -p zhibiao --example bench -- …`.
//!
//! ```text
//! bench --entities E.csv --observations O.csv [--catalog DIR] [--target ID]…
//!       [--repeat N] [--results FILE] [--read-pass INDICATOR]
//!       [--from-bytes | --from-records | --from-columns] [--load-repeat N]
//!       [--as-of DATE]
//! ```
//!
//! Loads the two files (timed: read, parse, validate, build; with `--target`, only the
//! rows of the indicators those targets use, as `zhibiao evaluate --target` does), then evaluates the targets
//! (all of the catalog's, or the `--target`s) `--repeat` times from the in-memory
//! columns and prints one JSON object: load time, every evaluation time and their
//! median, the time of one vectorised read pass over the columns the roll-up of an
//! indicator reads (`--read-pass`; the floor) and the bytes it read, and peak memory
//! (VmHWM) after loading and at the end.
//!
//! `--from-bytes` reads the files into memory before the clock starts (the work the
//! WASM front door does from CSV text); `--from-records` turns them into in-memory
//! records (the documented columns as strings) before the clock starts, and times
//! handing those to the builder (the work the Python front door does from a DataFrame
//! today); `--from-columns` holds them as Arrow-like string columns and hands the
//! builder borrowed fields (`add_entity_fields`, `add_observation_str`): the same work
//! with no copy on the way in.
//! `--load-repeat N` loads N times and reports the median (the last load is evaluated).
//! `--results FILE` writes, for every result, each year's eligible / reporting /
//! passing units and value as CSV (target, region, level, year, E, R, P, value), for
//! bench/rollup.py to compare with pandas, polars and DuckDB.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder, EntityRecord, EvalOptions, ObservationRecord};

struct Args {
    entities: String,
    observations: String,
    catalog: Option<String>,
    targets: Vec<String>,
    repeat: usize,
    results: Option<String>,
    read_pass: Option<String>,
    from_bytes: bool,
    from_records: bool,
    from_columns: bool,
    load_repeat: usize,
    as_of: String,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        entities: String::new(),
        observations: String::new(),
        catalog: None,
        targets: Vec::new(),
        repeat: 5,
        results: None,
        read_pass: None,
        from_bytes: false,
        from_records: false,
        from_columns: false,
        load_repeat: 1,
        as_of: "2024-12-31".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or_else(|| format!("{k} needs a value"));
        match k.as_str() {
            "--entities" => a.entities = v()?,
            "--observations" => a.observations = v()?,
            "--catalog" => a.catalog = Some(v()?),
            "--target" => a.targets.push(v()?),
            "--repeat" => a.repeat = v()?.parse().map_err(|e| format!("--repeat: {e}"))?,
            "--results" => a.results = Some(v()?),
            "--read-pass" => a.read_pass = Some(v()?),
            "--as-of" => a.as_of = v()?,
            "--from-bytes" => a.from_bytes = true,
            "--from-records" => a.from_records = true,
            "--from-columns" => a.from_columns = true,
            "--load-repeat" => a.load_repeat = v()?.parse().map_err(|e| format!("--load-repeat: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.entities.is_empty() || a.observations.is_empty() {
        return Err("--entities and --observations are required".into());
    }
    Ok(a)
}

/// Peak resident memory of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok())))
        .unwrap_or(0)
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// The floor for any roll-up of `indicator`: one vectorised pass over exactly the columns
/// zhibiao's roll-up reads (the indicator's entity, day, year and value columns, and every
/// entity's kind and region), each summed so the compiler can neither skip a byte nor
/// chain the additions (the f64 sum runs in 8 independent lanes, the integer sums are
/// plain reductions, which the compiler vectorises). Built with the same flags as the
/// roll-up. Returns the seconds and the bytes read.
fn read_pass(data: &zhibiao::Dataset, indicator: &str) -> (f64, u64) {
    fn sum_int<T: Copy + Into<i64>>(v: &[T]) -> i64 {
        v.iter().fold(0i64, |a, &x| a.wrapping_add(x.into()))
    }
    fn sum_f64(v: &[f64]) -> f64 {
        let mut lanes = [0.0f64; 8];
        let chunks = v.chunks_exact(8);
        let rest: f64 = chunks.remainder().iter().sum();
        for c in chunks {
            for (l, x) in lanes.iter_mut().zip(c) {
                *l += x;
            }
        }
        lanes.iter().sum::<f64>() + rest
    }
    // Part `i` of `n` of a column.
    fn part<T>(v: &[T], i: usize, n: usize) -> &[T] {
        let size = v.len().div_ceil(n.max(1));
        let start = (i * size).min(v.len());
        &v[start..(start + size).min(v.len())]
    }
    let series = data.series.get(indicator);
    let threads = pass_threads();
    let t = Instant::now();
    // Every thread sums its part of every column (the evaluation runs on the same
    // number of threads).
    let (acc, iacc) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|i| {
                scope.spawn(move || {
                    let mut acc = 0.0f64;
                    let mut iacc = 0i64;
                    if let Some(s) = series {
                        iacc = iacc
                            .wrapping_add(sum_int(part(&s.entity, i, threads)))
                            .wrapping_add(sum_int(part(&s.day, i, threads)))
                            .wrapping_add(sum_int(part(&s.year, i, threads)));
                        acc += sum_f64(part(&s.value, i, threads));
                    }
                    iacc = iacc.wrapping_add(sum_int(part(&data.region, i, threads)));
                    iacc = iacc.wrapping_add(part(&data.kind, i, threads).iter().fold(0i64, |a, &k| a.wrapping_add(k as i64)));
                    (acc, iacc)
                })
            })
            .collect();
        workers.into_iter().fold((0.0f64, 0i64), |(a, b), w| {
            let (x, y) = w.join().unwrap_or((0.0, 0));
            (a + x, b.wrapping_add(y))
        })
    });
    let elapsed = t.elapsed().as_secs_f64();
    std::hint::black_box(acc + iacc as f64);
    let mut bytes = std::mem::size_of_val(&data.region[..]) + std::mem::size_of_val(&data.kind[..]);
    if let Some(s) = series {
        bytes += std::mem::size_of_val(&s.entity[..]) + std::mem::size_of_val(&s.day[..]) + std::mem::size_of_val(&s.year[..]) + std::mem::size_of_val(&s.value[..]);
    }
    (elapsed, bytes as u64)
}

/// Threads of the read pass: as many as the evaluation's pool (`RAYON_NUM_THREADS`,
/// else one per CPU).
fn pass_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The rows of a generated CSV file (no quoting, no commas in fields) as N strings each.
fn csv_records<const N: usize>(bytes: &[u8]) -> Result<Vec<[String; N]>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(text
        .lines()
        .skip(1)
        .map(|line| {
            let mut f = line.split(',');
            std::array::from_fn(|_| f.next().unwrap_or("").to_string())
        })
        .collect())
}

/// N string columns of a generated CSV file, Arrow-style: per column one text buffer
/// and the offsets of its values.
struct Columns<const N: usize> {
    text: [String; N],
    offsets: [Vec<usize>; N],
}

impl<const N: usize> Columns<N> {
    fn of(bytes: &[u8]) -> Result<Columns<N>, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        let mut c = Columns { text: std::array::from_fn(|_| String::new()), offsets: std::array::from_fn(|_| vec![0]) };
        for line in text.lines().skip(1) {
            let mut f = line.split(',');
            for k in 0..N {
                c.text[k].push_str(f.next().unwrap_or(""));
                c.offsets[k].push(c.text[k].len());
            }
        }
        Ok(c)
    }

    fn rows(&self) -> usize {
        self.offsets[0].len() - 1
    }

    fn row(&self, i: usize) -> [&str; N] {
        std::array::from_fn(|k| self.text[k].get(self.offsets[k][i]..self.offsets[k][i + 1]).unwrap_or(""))
    }
}

fn run() -> Result<(), String> {
    let a = parse_args()?;
    let catalog = match &a.catalog {
        Some(d) => Catalog::load_dir(d).map_err(|e| e.to_string())?,
        None => Catalog::builtin().map_err(|e| e.to_string())?,
    };
    let as_of = chrono::NaiveDate::parse_from_str(&a.as_of, "%Y-%m-%d").map_err(|e| format!("--as-of: {e}"))?;
    let fail = |e: zhibiao::io::InputError| format!("[{}] {e}", e.code());
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("{p}: {e}"));

    let bytes = if a.from_bytes || a.from_records || a.from_columns { Some((read(&a.entities)?, read(&a.observations)?)) } else { None };
    // In-memory string columns, each one buffer with offsets as Arrow holds them (what
    // a DataFrame hands over): made once, before the clock starts.
    let columns = match (&bytes, a.from_columns) {
        (Some((e, o)), true) => Some((Columns::<8>::of(e)?, Columns::<5>::of(o)?)),
        _ => None,
    };
    let mut loads = Vec::new();
    let mut loaded = None;
    for _ in 0..a.load_repeat.max(1) {
        // In-memory records (the documented columns as strings), as a front door holds
        // them before handing them over: made before the clock starts.
        let records = match (&bytes, a.from_records) {
            (Some((e, o)), true) => Some((csv_records::<8>(e)?, csv_records::<5>(o)?)),
            _ => None,
        };
        drop(loaded.take());
        let t = Instant::now();
        let mut b = DatasetBuilder::new(&catalog);
        if !a.targets.is_empty() {
            // What `zhibiao evaluate --target …` reads: only the targets' indicators.
            let mut selected = EvalOptions::new(as_of);
            selected.targets = Some(a.targets.clone());
            b.keep_only(zhibiao::eval::keys_used(&catalog, &selected).iter().map(String::as_str));
        }
        match (&bytes, records) {
            _ if columns.is_some() => {
                if let Some((e, o)) = &columns {
                    // Borrowed fields straight from the columns: no string per cell.
                    for i in 0..e.rows() {
                        b.add_entity_fields(e.row(i), None, Some(i as u64 + 1));
                    }
                    for i in 0..o.rows() {
                        b.add_observation_str(o.row(i), None, Some(i as u64 + 1));
                    }
                }
            }
            (_, Some((e, o))) => {
                b.extend_entities(e.into_iter().map(|[entity_id, kind, name, region_code, parent_id, stage, area_class, role]| {
                    EntityRecord { entity_id, kind, name, region_code, parent_id, stage, area_class, role }
                }));
                b.extend_observations(
                    o.into_iter().map(|[entity_id, indicator, period, value, source]| ObservationRecord { entity_id, indicator, period, value, source, ..Default::default() }),
                );
            }
            (Some((e, o)), None) => {
                b.read_entities_csv(&a.entities, e, Encoding::Auto).map_err(fail)?;
                b.read_observations_csv(&a.observations, o, Encoding::Auto).map_err(fail)?;
            }
            (None, None) => {
                b.read_entities_file(&a.entities, Encoding::Auto).map_err(fail)?;
                b.read_observations_file(&a.observations, Encoding::Auto).map_err(fail)?;
            }
        }
        loaded = Some(b.build());
        loads.push(t.elapsed().as_secs_f64());
    }
    let (data, report) = loaded.ok_or("nothing loaded")?;
    let load_s = median(&loads);
    drop(bytes);
    if !report.is_clean() {
        return Err(format!("{} record(s) rejected; the generated data should load clean", report.rejections().count()));
    }
    let peak_after_load = peak_kib();

    let passes: Vec<(f64, u64)> = a.read_pass.as_deref().map(|ind| (0..a.repeat.max(1)).map(|_| read_pass(&data, ind)).collect()).unwrap_or_default();
    let read_pass_s = (!passes.is_empty()).then(|| median(&passes.iter().map(|p| p.0).collect::<Vec<_>>()));
    let read_pass_bytes = passes.first().map(|p| p.1);

    let mut options = EvalOptions::new(as_of);
    if !a.targets.is_empty() {
        options.targets = Some(a.targets.clone());
    }
    let mut times = Vec::new();
    let mut eval = None;
    for _ in 0..a.repeat.max(1) {
        let t = Instant::now();
        let e = zhibiao::evaluate(&catalog, &data, &options).map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64());
        eval = Some(e);
    }
    let eval = eval.ok_or("no evaluation ran")?;
    let peak = peak_kib();

    if let Some(path) = &a.results {
        let f = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        let mut w = std::io::BufWriter::new(f);
        let io = |e: std::io::Error| format!("{path}: {e}");
        writeln!(w, "target,region,level,year,eligible,reporting,passing,value").map_err(io)?;
        let num = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:?}"));
        for r in &eval.results {
            let level = serde_json::to_value(r.region_level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            for y in &r.series {
                let (e, rep, p, v) = (num(y.denominator), num(y.reporting), num(y.numerator), num(y.value));
                writeln!(w, "{},{},{level},{},{e},{rep},{p},{v}", r.target, r.region, y.year).map_err(io)?;
            }
        }
        w.flush().map_err(io)?;
    }

    let out = serde_json::json!({
        "entities": data.len(),
        "observations": data.observation_count(),
        "observations_skipped": report.observations.skipped,
        "results": eval.results.len(),
        "load_s": load_s,
        "load_runs_s": loads,
        "eval_s": times,
        "eval_median_s": median(&times),
        "read_pass_s": read_pass_s,
        "read_pass_bytes": read_pass_bytes,
        "read_pass_threads": pass_threads(),
        "peak_after_load_kib": peak_after_load,
        "peak_kib": peak,
    });
    println!("{out}");
    // Freeing millions of ids one by one takes seconds and measures nothing here.
    std::mem::forget(data);
    std::mem::forget(eval);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}
