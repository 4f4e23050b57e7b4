//! Evaluate a school census export against one target, as a Rust service would.
//!
//! ```sh
//! cargo run --example evaluate_csv -- tests/fixtures/entities-gbk.csv tests/fixtures/observations-gbk.csv
//! ```

use std::process::ExitCode;
use zhibiao::io::Encoding;
use zhibiao::{Catalog, DatasetBuilder, EvalOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let entities = args.first().map_or("tests/fixtures/entities.csv", String::as_str);
    let observations = args.get(1).map_or("tests/fixtures/observations.csv", String::as_str);

    let catalog = match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // GBK or UTF-8 is detected; every rejected row is kept in the report.
    let mut builder = DatasetBuilder::new(&catalog);
    let read = builder
        .read_entities_file(entities, Encoding::Auto)
        .and_then(|()| builder.read_observations_file(observations, Encoding::Auto));
    if let Err(e) = read {
        eprintln!("[{}] {e}", e.code());
        return ExitCode::FAILURE;
    }
    let (data, report) = builder.build();
    for r in report.rejections() {
        eprintln!("rejected: {r}");
    }

    let Some(as_of) = chrono::NaiveDate::from_ymd_opt(2022, 12, 31) else { return ExitCode::FAILURE };
    let mut options = EvalOptions::new(as_of);
    options.targets = Some(vec!["bj-plan-2021/t1/gigabit-to-school".to_string()]);
    let evaluation = match zhibiao::evaluate(&catalog, &data, &options) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("[{}] {e}", e.code());
            return ExitCode::FAILURE;
        }
    };
    for r in &evaluation.results {
        let pct = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{:.1}%", v));
        println!(
            "{} {}: {} of {} schools at gigabit, coverage {}, status {}",
            r.region,
            r.region_name,
            pct(r.value),
            r.denominator.unwrap_or(0.0),
            pct(r.coverage),
            r.status.en(),
        );
    }
    ExitCode::SUCCESS
}
