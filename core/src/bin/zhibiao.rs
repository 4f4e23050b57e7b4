//! The `zhibiao` command-line tool.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use zhibiao::catalog::fmt_num;
use zhibiao::table;
use zhibiao::coverage::ClauseStatus;
use zhibiao::text::{clip, SHOWN_CHARS};
use zhibiao::{Catalog, Responsible, UnitRole};

/// Why the command stops: a stable code and a message (`zhibiao: [code] message` on
/// stderr, exit 1), or a closed stdout (`zhibiao … | head`: a quiet exit 0).
enum Failure {
    Coded { code: String, message: String },
    ClosedOutput,
}

type Res<T = ()> = Result<T, Failure>;

fn fail(code: &str, message: impl Into<String>) -> Failure {
    Failure::Coded { code: code.to_string(), message: message.into() }
}

/// A bad command-line argument (`input.argument`).
fn argument(message: impl Into<String>) -> Failure {
    fail("input.argument", message)
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::ClosedOutput
        } else {
            fail("output.io", format!("cannot write the output: {e}"))
        }
    }
}

impl From<zhibiao::io::InputError> for Failure {
    fn from(e: zhibiao::io::InputError) -> Self {
        fail(e.code(), e.to_string())
    }
}

impl From<zhibiao::stream::StreamError> for Failure {
    fn from(e: zhibiao::stream::StreamError) -> Self {
        fail(e.code(), e.to_string())
    }
}

impl From<zhibiao::eval::EvalError> for Failure {
    fn from(e: zhibiao::eval::EvalError) -> Self {
        fail(e.code(), e.to_string())
    }
}

/// `print!` that reports a closed stdout instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err(Failure::from)?
    }};
}

/// `println!` that reports a closed stdout instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(Failure::from)?
    }};
}

#[derive(Parser)]
#[command(name = "zhibiao", version, about = "指标 — Chinese education-informatization targets, typed and tracked")]
struct Cli {
    /// Read the catalog from this directory (laid out like spec/) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    catalog: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// The documents with counts of sections, tasks and targets.
    Documents {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Every target (one row per promise).
    Targets {
        /// Only targets of this document (e.g. bj-2023).
        #[arg(long)]
        document: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Every indicator: what to report (entity, unit, values), how it aggregates, and the
    /// targets that use it.
    Indicators {
        /// Only indicators used by this document (e.g. sn-2023), with its targets.
        #[arg(long)]
        document: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write the rows a reporting unit fills in for a document: one per target and
    /// region, under the target's id, with label, unit and an empty value; `evaluate`
    /// reads the filled file back as it is.
    Template {
        /// The document (e.g. sn-2023).
        #[arg(long)]
        document: String,
        /// The reporting region (code or name); default each target's scope region.
        #[arg(long)]
        region: Option<String>,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Look regions up by code, name or path (北京市海淀区, 朝阳区, Wuhou District, Chengdu).
    Region {
        /// One or more regions as written.
        #[arg(required = true)]
        text: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Responsible units; with NAME, the tasks and targets of units whose name contains NAME.
    Units {
        name: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Validate a catalog (the built-in one, or --catalog DIR) and report every problem,
    /// including every clause with a figure or a deliverable verb that no target,
    /// baseline or not_encoded entry accounts for.
    Check,
    /// Show a document's source clause by clause, each marked with what accounts for it
    /// (target, baseline, not encoded with its reason, uncovered, no promise). Without
    /// DOC, the counts of every document.
    Coverage {
        /// Document id (e.g. bj-2023).
        document: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Only the clauses no quote accounts for (uncovered or allowed).
        #[arg(long)]
        uncovered: bool,
        /// Print the uncovered clauses of every document as an allowance file
        /// (the format of spec/coverage-allowance.json).
        #[arg(long, conflicts_with_all = ["document", "uncovered"])]
        allowance: bool,
    },
    /// Draft a catalog document from a policy text: sections and tasks from its numbering,
    /// responsible units, one candidate target per promise (quote, kind, figure,
    /// deadline), baselines for figures of the current state. Every indicator is left
    /// for you to choose; notes suggest one from the catalog. --format json prints the
    /// document in the catalog's format (spec/schema/document.schema.json).
    Extract {
        /// The policy text (UTF-8 or GBK).
        #[arg(required_unless_present = "measure")]
        file: Option<PathBuf>,
        /// Document id (default: from the file name).
        #[arg(long)]
        id: Option<String>,
        /// The year of an annual document, when the text does not say it.
        #[arg(long)]
        year: Option<i32>,
        /// GB/T 2260 code of the jurisdiction, when the issuer does not name it.
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Text encoding: auto (UTF-8, else GBK), utf-8 or gbk.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Instead: run the extractor on every text of the catalog and compare its
        /// proposals with the encoded targets.
        #[arg(long, conflicts_with = "file")]
        measure: bool,
    },
    /// Start a catalog directory of your own: DIR/catalog/, DIR/sources/ and
    /// DIR/indicators/common.json holding the catalog's indicators to choose from.
    Init {
        /// The directory (created; existing files are never overwritten).
        dir: PathBuf,
    },
    /// Print or write the JSON Schemas of the data files.
    Schema {
        /// Write the schemas into this directory instead of printing them.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Read the quantities in a piece of Chinese text (90%以上, 不少于32学时, 千兆, 3至5个,
    /// 增长10% …); with --figure, read TEXT as one reported figure (超过70%, 1,291, 10397万, 118/120).
    Parse {
        text: String,
        /// Read TEXT as exactly one reported figure, with its qualifier.
        #[arg(long)]
        figure: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Evaluate the targets against observed data (CSV, JSON, Parquet or Arrow IPC files).
    Evaluate {
        /// Entities file: CSV, or by its extension JSON (.json), a spreadsheet (.xlsx,
        /// .xlsm, .xlsb, .xls, .ods), Parquet (.parquet, .pq) or Arrow IPC (.arrow,
        /// .feather, .ipc, .arrows); not needed when every observation is about a region
        /// (its GB/T 2260 code as entity_id).
        #[arg(long, value_name = "FILE")]
        entities: Option<PathBuf>,
        /// Observations file: CSV, or by its extension JSON, a spreadsheet, Parquet or
        /// Arrow IPC (as for --entities).
        #[arg(long, value_name = "FILE")]
        observations: PathBuf,
        /// The sheet to read in a spreadsheet (both files); default: the first worksheet.
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The sheet of the entities spreadsheet (overrides --sheet).
        #[arg(long, value_name = "NAME")]
        entities_sheet: Option<String>,
        /// The sheet of the observations spreadsheet (overrides --sheet).
        #[arg(long, value_name = "NAME")]
        observations_sheet: Option<String>,
        /// Write the load report's rejected records (record, file, line, column, value,
        /// code, reason) to FILE: Parquet or Arrow IPC by its extension.
        #[arg(long, value_name = "FILE")]
        rejections: Option<PathBuf>,
        #[command(flatten)]
        eval: EvalArgs,
        /// Text encoding of CSV files: auto (UTF-8, else GBK), utf-8 or gbk.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Evaluate even when some records were rejected (they are still listed).
        #[arg(long)]
        allow_rejected: bool,
        /// Read the observations (a CSV file grouped by entity_id, as `generate` writes
        /// it) a part at a time, in bounded memory: same results and
        /// load report as without it (METHODOLOGY §17).
        #[arg(long)]
        stream: bool,
        /// With --stream: rows per part (a part ends where entity_id changes) [default: 1000000].
        #[arg(long, value_name = "N", requires = "stream")]
        chunk_rows: Option<usize>,
    },
    /// Evaluate the built-in synthetic sample (Beijing's 16 districts, Chengdu, Shaanxi, the nation).
    Demo {
        #[command(flatten)]
        eval: EvalArgs,
        /// Seed of the sample generator.
        #[arg(long, default_value_t = zhibiao::sample::DEFAULT_SEED)]
        seed: u64,
    },
    /// Write synthetic data at a scale (S one city, M one province, L the nation: 500,000
    /// schools, about 3.5 million classes) as entities.csv and observations.csv into DIR.
    Generate {
        /// S (Beijing, 4,000 schools), M (Shaanxi, 16,000 schools) or L (31 provinces, 500,000 schools).
        #[arg(long, default_value = "S")]
        scale: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, default_value_t = zhibiao::synth::DEFAULT_SEED)]
        seed: u64,
        /// csv (entities.csv, observations.csv) or parquet (entities.parquet,
        /// observations.parquet: the same columns as text).
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Write the built-in sample as entities.csv and observations.csv into DIR.
    Sample {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, default_value_t = zhibiao::sample::DEFAULT_SEED)]
        seed: u64,
    },
}

#[derive(clap::Args)]
struct EvalArgs {
    /// Evaluation date (YYYY-MM-DD).
    #[arg(long, default_value = "2024-12-31")]
    as_of: String,
    /// Only this region and below: a GB/T 2260 code (110108), a name (海淀区, 北京, Haidian
    /// District) or a path (北京市海淀区); an ambiguous name lists its candidates.
    #[arg(long)]
    region: Option<String>,
    /// Only targets of this document.
    #[arg(long)]
    document: Option<String>,
    /// Only this target (repeatable).
    #[arg(long)]
    target: Vec<String>,
    /// Print the working of every result (formula, inputs, intermediate numbers).
    #[arg(long)]
    explain: bool,
    /// What to print: the report as a table or Markdown, the results as JSON, or the flat
    /// results table as CSV (default: table).
    #[arg(long, value_enum)]
    format: Option<EvalFormat>,
    /// Write the results to FILE instead; its extension sets the format: .csv (the flat
    /// results table), .xlsx (the formatted Excel report, headers in --lang), .json, .md,
    /// or the flat results table as Parquet (.parquet, .pq) or Arrow IPC (.arrow, .feather,
    /// .ipc, .arrows).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// CSV as plain UTF-8, without the byte-order mark that makes Excel read Chinese right.
    #[arg(long)]
    no_bom: bool,
    /// Report language: zh or en.
    #[arg(long, default_value = "zh")]
    lang: String,
    /// Add a column with each target's id to the report.
    #[arg(long)]
    ids: bool,
    /// Leave out the legend at the end of the report.
    #[arg(long)]
    no_legend: bool,
    /// What to show: every target by region, statuses by document section, by responsible
    /// unit, or annual targets against their plan's trajectory.
    #[arg(long, value_enum, default_value = "targets")]
    view: View,
    /// With --view units: only units whose name contains this (e.g. 教育信息化处).
    #[arg(long)]
    unit: Option<String>,
    /// Least growth ratio that is on track (default 0.95).
    #[arg(long)]
    on_track: Option<f64>,
    /// Least growth ratio that needs acceleration rather than being limited (default 0.60).
    #[arg(long)]
    needs_acceleration: Option<f64>,
    /// Baseline from this year's value, or the next year with one (Open SDG's base year),
    /// instead of the latest value before the start.
    #[arg(long, conflicts_with = "base_within_years")]
    base_year: Option<i32>,
    /// Baseline from the earliest value among the N years before the start; an older
    /// value is no baseline.
    #[arg(long)]
    base_within_years: Option<u32>,
    /// Do not clamp projections at 0 and 100 %.
    #[arg(long)]
    no_clamp_projection: bool,
}

/// The formats of `evaluate` and `demo` on stdout.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EvalFormat {
    Table,
    Json,
    Markdown,
    Csv,
}

/// Where the results go: printed in a format, or written to a file whose extension says
/// the format.
enum Output {
    Stdout(EvalFormat),
    File(PathBuf, FileFormat),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Csv,
    Xlsx,
    Json,
    Markdown,
    Columnar(zhibiao::columnar::Format),
}

/// The extensions `--out` accepts besides the columnar ones.
const OUT_EXTENSIONS: &[(&str, FileFormat)] =
    &[("csv", FileFormat::Csv), ("xlsx", FileFormat::Xlsx), ("json", FileFormat::Json), ("md", FileFormat::Markdown)];

fn output_of(args: &EvalArgs) -> Res<Output> {
    let Some(path) = &args.out else {
        return Ok(Output::Stdout(args.format.unwrap_or(EvalFormat::Table)));
    };
    if args.format.is_some() {
        return Err(argument("give --out FILE or --format, not both: the file's extension sets its format"));
    }
    if args.view != View::Targets {
        return Err(argument("--out writes the results (--view targets); print the other views with --format"));
    }
    if let Some(f) = zhibiao::columnar::Format::of_path(path) {
        return Ok(Output::File(path.clone(), FileFormat::Columnar(f)));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match OUT_EXTENSIONS.iter().find(|(e, _)| *e == ext) {
        Some((_, f)) => Ok(Output::File(path.clone(), *f)),
        None => Err(argument(format!(
            "--out {:?}: unknown extension; use one of {}, .parquet, .pq, .arrow, .feather, .ipc, .arrows",
            clip(&path.display().to_string(), SHOWN_CHARS),
            OUT_EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect::<Vec<_>>().join(", ")
        ))),
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum View {
    Targets,
    Sections,
    Units,
    Trajectory,
}

fn status_line(m: &zhibiao::views::StatusCounts, zh: bool) -> String {
    m.iter().map(|(s, n)| format!("{} {n}", if zh { s.zh() } else { s.en() })).collect::<Vec<_>>().join(" · ")
}

fn show_view(catalog: &Catalog, eval: &zhibiao::Evaluation, args: &EvalArgs, region: Option<&str>) -> Res {
    let format = match args.format.unwrap_or(EvalFormat::Table) {
        EvalFormat::Table => Format::Table,
        EvalFormat::Json => Format::Json,
        EvalFormat::Markdown => Format::Markdown,
        EvalFormat::Csv => return Err(argument("--format csv is the results table (--view targets); the other views print as table, markdown or json")),
    };
    use zhibiao::views;
    let zh = args.lang != "en";
    let fmt = |v: Option<f64>| v.map_or("—".to_string(), |x| fmt_num((x * 100.0).round() / 100.0));
    // Regions by name in the report's language (English from the built-in table).
    let regions = zhibiao::regions::RegionTable::builtin();
    let region_name = |code: &str| {
        let i = regions.index(code);
        let name = i.and_then(|i| if zh { regions.name(i) } else { regions.name_en(i) });
        name.map_or(code.to_string(), |n| format!("{n} ({code})"))
    };
    let label = |s: zhibiao::Status| if zh { s.zh() } else { s.en() };
    match args.view {
        View::Targets => Ok(()),
        View::Sections => {
            let v = views::by_section(catalog, eval, region);
            if format == Format::Json {
                return json(&v);
            }
            for d in v {
                let title = catalog.document(&d.document).map_or(d.title.clone(), |doc| if zh { doc.title.clone() } else { doc.title_en.clone() });
                outln!("\n{} ({}) @ {}: {}", title, d.document, region_name(&d.region), status_line(&d.status, zh));
                let rows: Vec<Vec<String>> = d
                    .sections
                    .iter()
                    .map(|s| vec![s.number.clone().unwrap_or_default(), s.title.clone(), s.targets.len().to_string(), status_line(&s.status, zh)])
                    .collect();
                print_rows(format, &["no.", "section", "targets", "status"], &rows)?;
            }
            Ok(())
        }
        View::Units => {
            let v = views::by_unit(catalog, eval, args.unit.as_deref());
            if v.is_empty() {
                return Err(argument(format!("no responsible unit matches {:?}", clip(args.unit.as_deref().unwrap_or(""), SHOWN_CHARS))));
            }
            if format == Format::Json {
                return json(&v);
            }
            for u in v {
                outln!("\n{} — {}: {} | {}: {}", u.unit, if zh { "牵头/列名" } else { "as lead/listed" }, status_line(&u.status_as_lead, zh), if zh { "全部" } else { "all" }, status_line(&u.status, zh));
                let rows: Vec<Vec<String>> = u
                    .tasks
                    .iter()
                    .flat_map(|t| {
                        t.targets.iter().map(move |x| {
                            vec![
                                t.document.clone(),
                                t.number.clone().unwrap_or_default(),
                                format!("{:?}", t.role).to_lowercase(),
                                catalog.target(&x.target).map_or(x.label.clone(), |(_, t)| if zh { t.label.clone() } else { t.label_en.clone() }),
                                x.status.map_or("—".into(), |s| label(s).to_string()),
                            ]
                        })
                    })
                    .collect();
                print_rows(format, &["document", "task", "role", "target", "status"], &rows)?;
            }
            Ok(())
        }
        View::Trajectory => {
            let v = views::trajectories(catalog, eval);
            if format == Format::Json {
                return json(&v);
            }
            let rows: Vec<Vec<String>> = v
                .iter()
                .map(|t| {
                    vec![
                        t.target.clone(),
                        region_name(&t.region),
                        fmt(t.annual_implies),
                        fmt(t.plan_path),
                        t.annual_on_path.map_or("—".into(), |b| if b { "yes" } else { "no" }.into()),
                        fmt(t.observed),
                        label(t.annual_status).to_string(),
                        t.plan_status.map_or("—".into(), |s| label(s).to_string()),
                    ]
                })
                .collect();
            print_rows(format, &["annual target", "region", "annual implies", "plan path", "on path", "observed", "annual", "plan"], &rows)?;
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli).and_then(|()| {
        use std::io::Write as _;
        std::io::stdout().flush().map_err(Failure::from)
    });
    match result {
        Ok(()) | Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
        Err(Failure::Coded { code, message }) => {
            use std::io::Write as _;
            // stderr may be closed too: nothing more to say then.
            let _ = writeln!(std::io::stderr().lock(), "zhibiao: [{code}] {message}");
            ExitCode::FAILURE
        }
    }
}

/// A progress bar on stderr for reading a large observation file (bytes read of the
/// file's size, rate), when stderr is a terminal; none in CI or a pipe, nor for small
/// files, which load before a bar would help.
fn load_progress(observations: &std::path::Path) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    const LARGE: u64 = 64 << 20;
    let size = std::fs::metadata(observations).ok()?.len();
    if !std::io::stderr().is_terminal() || size < LARGE {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template("reading {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)").ok()?;
    Some(indicatif::ProgressBar::new(size).with_style(style))
}

/// Moves a [`load_progress`] bar to how far the reader is.
fn show_progress(bar: &indicatif::ProgressBar, p: zhibiao::data::ReadProgress) {
    if let Some(total) = p.total {
        bar.set_length(total);
    }
    bar.set_position(p.bytes);
}

fn load(dir: &Option<PathBuf>) -> Res<Catalog> {
    let code = |e: &zhibiao::CatalogErrors| e.0.first().map_or("catalog.invalid", |x| x.code()).to_string();
    match dir {
        Some(d) => Catalog::load_dir(d),
        None => Catalog::builtin(),
    }
    .map_err(|e| Failure::Coded { code: code(&e), message: e.to_string() })
}

fn known_document(c: &Catalog, document: Option<&str>) -> Res {
    match document {
        Some(d) if c.document(d).is_none() => {
            let ids: Vec<_> = c.documents().iter().map(|d| d.id.as_str()).collect();
            Err(fail("eval.unknown_document", format!("unknown document {:?}; known: {}", clip(d, SHOWN_CHARS), ids.join(", "))))
        }
        _ => Ok(()),
    }
}

fn csv_writer(path: &std::path::Path) -> Res<csv::Writer<std::fs::File>> {
    csv::Writer::from_path(path).map_err(|e| fail("output.io", format!("{}: {e}", path.display())))
}

fn json<T: serde::Serialize>(v: &T) -> Res {
    {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut w, v).map_err(|e| match e.io_error_kind() {
            Some(kind) => Failure::from(std::io::Error::from(kind)),
            None => fail("internal.serialize", e.to_string()),
        })?;
        writeln!(w)?;
        w.flush()?;
    }
    Ok(())
}

const ALLOWANCE_NOTE: &str = "Clauses with a figure or a deliverable verb that no target, baseline or not_encoded entry covers yet. `zhibiao check` fails on an uncovered clause not listed here and on an entry that is covered now: cover a clause, then delete its entry. The list only shrinks; see spec/ENCODING.md.";

/// A clause's mark and the lines under it saying what accounts for it.
fn coverage_marks(c: &zhibiao::coverage::ClauseCoverage) -> (String, Vec<String>) {
    use zhibiao::coverage::CoverKind;
    let mark = match c.status {
        ClauseStatus::Covered => "covered",
        ClauseStatus::Uncovered => "UNCOVERED",
        ClauseStatus::Allowed => "allowed",
        ClauseStatus::NoPromise => "·",
    };
    let mut notes: Vec<String> = Vec::new();
    for b in &c.covered_by {
        let id = b.id.clone().unwrap_or_default();
        let field = if b.field == "quote" { String::new() } else { format!(" ({})", b.field) };
        let note = match b.kind {
            CoverKind::Target => format!("target {id}{field}"),
            CoverKind::Baseline => format!("baseline {id}"),
            CoverKind::NotEncoded => {
                let rule = b.rule.map(|r| format!(" ({})", serde_json::to_value(r).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()));
                format!("not encoded{}: {}", rule.unwrap_or_default(), b.reason.clone().unwrap_or_default())
            }
        };
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    if matches!(c.status, ClauseStatus::Uncovered | ClauseStatus::Allowed) {
        notes.push(format!("uncovered: {}", zhibiao::coverage::DocumentCoverage::missing(c)));
    }
    (mark.to_string(), notes)
}

fn print_coverage(cov: &zhibiao::coverage::DocumentCoverage, format: Format) -> Res {
    let n = cov.counts;
    let head = format!(
        "{} ({}): {} clauses, {} with a promise: {} covered, {} uncovered, {} allowed as uncovered for now",
        cov.document, cov.source, n.clauses, n.promises, n.covered, n.uncovered, n.allowed
    );
    if format == Format::Markdown {
        outln!("**{head}**\n");
        let rows: Vec<Vec<String>> = cov
            .clauses
            .iter()
            .map(|c| {
                let (mark, notes) = coverage_marks(c);
                vec![c.line.to_string(), mark, c.text.replace('|', "\\|"), notes.join("; ").replace('|', "\\|")]
            })
            .collect();
        out!("{}", table::markdown(&["line", "status", "clause", "accounted for by"], &rows));
        return Ok(());
    }
    outln!("{head}\n");
    for c in &cov.clauses {
        let (mark, notes) = coverage_marks(c);
        outln!("{:>5}  {:<9}  {}", c.line, mark, c.text);
        for note in notes {
            outln!("{:>5}  {:<9}    ↳ {note}", "", "");
        }
    }
    Ok(())
}

fn print_draft(draft: &zhibiao::extract::Draft, format: Format) -> Res {
    let d = &draft.document;
    outln!(
        "{} — {} ({:?}, {}–{}), jurisdiction {}, issuer {}{}{}",
        d.id,
        d.title,
        d.kind,
        d.period.start,
        d.period.end,
        d.jurisdiction,
        if d.issuer.is_empty() { "not found".to_string() } else { d.issuer.join(" / ") },
        d.number.as_ref().map(|n| format!(", {n}")).unwrap_or_default(),
        d.issued.map(|n| format!(", issued {n}")).unwrap_or_default(),
    );
    outln!(
        "{} sections, {} tasks, {} candidate targets, {} baselines, {} not encoded; every indicator is left to choose (--format json for the document)\n",
        d.sections.len(),
        d.tasks.len(),
        d.targets.len(),
        d.baselines.len(),
        d.not_encoded.len()
    );
    let tasks: Vec<Vec<String>> = d
        .tasks
        .iter()
        .map(|t| vec![t.id.clone(), t.number.clone().unwrap_or_default(), table::truncate(&t.title, 30), t.responsible.all_units().join("、")])
        .collect();
    print_rows(format, &["task", "no.", "title", "responsible"], &tasks)?;
    outln!();
    let rows: Vec<Vec<String>> = draft
        .candidates
        .iter()
        .map(|c| {
            let (kind, figure, deadline, quote) = match d.targets.iter().find(|t| t.id == c.id) {
                Some(t) => (
                    t.kind.name().to_string(),
                    match (t.comparator, t.value, &t.unit) {
                        (Some(cmp), Some(v), Some(u)) => format!("{} {}{}", cmp.symbol(), fmt_num(v), u),
                        _ => "done".into(),
                    },
                    t.deadline.to_string(),
                    t.quote.clone(),
                ),
                None => match d.baselines.iter().find(|b| b.id == c.id) {
                    Some(b) => ("baseline".into(), format!("{} {}{}", b.comparator.symbol(), fmt_num(b.value), b.unit), b.date.to_string(), b.quote.clone()),
                    None => Default::default(),
                },
            };
            vec![c.id.clone(), kind, figure, deadline, c.line.to_string(), table::truncate(&quote, 34), c.suggested_indicator.clone().unwrap_or_default()]
        })
        .collect();
    print_rows(format, &["candidate", "kind", "figure", "deadline", "line", "quote", "suggested indicator"], &rows)
}

fn print_measurement(m: &[zhibiao::extract::Measurement], format: Format) -> Res {
    if format == Format::Json {
        return json(&m);
    }
    let pct = |a: usize, b: usize| if b == 0 { "—".to_string() } else { format!("{:.0}%", 100.0 * a as f64 / b as f64) };
    let mut rows: Vec<Vec<String>> = m
        .iter()
        .map(|x| {
            vec![
                x.document.clone(),
                x.catalog_targets.to_string(),
                format!("{} ({})", x.proposed, pct(x.proposed, x.catalog_targets)),
                format!("{} ({})", x.proposed_same_figure, pct(x.proposed_same_figure, x.catalog_targets)),
                x.candidates.to_string(),
                x.not_in_catalog.to_string(),
                x.held_not_encoded.to_string(),
                format!("{}/{}", x.baselines_proposed, x.catalog_baselines),
            ]
        })
        .collect();
    let sum = |f: fn(&zhibiao::extract::Measurement) -> usize| m.iter().map(f).sum::<usize>();
    let (t, p, s, c) = (sum(|x| x.catalog_targets), sum(|x| x.proposed), sum(|x| x.proposed_same_figure), sum(|x| x.candidates));
    rows.push(vec![
        "all".into(),
        t.to_string(),
        format!("{p} ({})", pct(p, t)),
        format!("{s} ({})", pct(s, t)),
        c.to_string(),
        sum(|x| x.not_in_catalog).to_string(),
        sum(|x| x.held_not_encoded).to_string(),
        format!("{}/{}", sum(|x| x.baselines_proposed), sum(|x| x.catalog_baselines)),
    ]);
    print_rows(
        format,
        &["document", "catalog targets", "proposed (quote overlaps)", "same figure", "candidates", "not in catalog", "catalog: not encoded", "baselines found"],
        &rows,
    )
}

fn print_rows(format: Format, header: &[&str], rows: &[Vec<String>]) -> Res {
    match format {
        Format::Markdown => out!("{}", table::markdown(header, rows)),
        _ => out!("{}", table::render(header, rows)),
    }
    Ok(())
}

/// `zhibiao parse`: the quantities in a text, or with `--figure` one reported figure.
fn parse(text: &str, figure: bool, format: Format) -> Res {
    let coded = |e: zhibiao::QuantityError| fail(e.code(), clip(&e.to_string(), 2 * SHOWN_CHARS));
    let opt = |v: Option<f64>| v.map(fmt_num).unwrap_or_default();
    if figure {
        let f = zhibiao::read_figure(text).map_err(coded)?;
        if format == Format::Json {
            return json(&f);
        }
        let row = vec![fmt_num(f.value), f.unit.clone().unwrap_or_default(), f.qualifier.code().into(), opt(f.numerator), opt(f.denominator)];
        print_rows(format, &["value", "unit", "qualifier", "numerator", "denominator"], &[row])?;
        return Ok(());
    }
    let all = zhibiao::try_parse_all(text).map_err(coded)?;
    if all.is_empty() {
        return Err(coded(zhibiao::QuantityError::NotFound(text.to_string())));
    }
    if format == Format::Json {
        return json(&all);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|q| {
            vec![
                q.text.clone(),
                serde_json::to_value(q.comparator).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                q.comparator.symbol().into(),
                fmt_num(q.value),
                opt(q.high),
                q.unit.clone(),
                serde_json::to_value(q.relation).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            ]
        })
        .collect();
    print_rows(format, &["text", "comparator", "", "value", "high", "unit", "relation"], &rows)?;
    Ok(())
}

/// The code of a region as written (code, name or path), or the error with its code.
fn region_code(regions: &zhibiao::regions::RegionTable, text: &str) -> Res<String> {
    let i = regions.resolve(text).map_err(|e| fail(e.code(), clip(&format!("--region: {e}"), 2 * SHOWN_CHARS)))?;
    Ok(regions.code(i).unwrap_or_default().to_string())
}

/// The evaluation's arguments that need no data, read before any file is loaded, so a bad
/// `--as-of` or `--lang` is reported at once and not behind a long load or its rejections.
fn eval_settings(args: &EvalArgs) -> Res<(chrono::NaiveDate, zhibiao::report::Lang)> {
    let as_of = zhibiao::period::parse_as_of(&args.as_of)
        .map_err(|e| argument(format!("--as-of {:?}: {e}", clip(&args.as_of, SHOWN_CHARS))))?;
    let lang: zhibiao::report::Lang = args.lang.parse().map_err(|m: String| argument(format!("--lang: {m}")))?;
    output_of(args)?;
    Ok((as_of, lang))
}

/// The columnar format of a table to write, by the file's extension.
fn table_format(flag: &str, path: &std::path::Path) -> Res<zhibiao::columnar::Format> {
    zhibiao::columnar::Format::of_path(path).ok_or_else(|| {
        argument(format!("{flag} {}: write a table as Parquet (.parquet, .pq) or Arrow IPC (.arrow, .feather, .ipc, .arrows)", path.display()))
    })
}

/// Writes a table (results, rejections) as Parquet or Arrow IPC.
fn write_table(flag: &str, path: &std::path::Path, batch: Result<zhibiao::columnar::RecordBatch, String>) -> Res {
    let format = table_format(flag, path)?;
    let batch = batch.map_err(|e| fail("output.io", format!("{}: {e}", path.display())))?;
    zhibiao::columnar::write_batch(path, format, &batch).map_err(|e| fail("output.io", format!("{}: {e}", path.display())))
}

fn run_eval(
    catalog: &Catalog,
    data: &zhibiao::Dataset,
    load: &zhibiao::LoadReport,
    args: &EvalArgs,
    banner: Option<&str>,
) -> Res {
    run_eval_with(catalog, &data.regions, args, banner, |options| Ok((zhibiao::evaluate(catalog, data, options)?, std::borrow::Cow::Borrowed(load))))
}

/// The evaluation and its load report come from `evaluate`, given the options.
fn run_eval_with<'l>(
    catalog: &Catalog,
    regions: &zhibiao::regions::RegionTable,
    args: &EvalArgs,
    banner: Option<&str>,
    evaluate: impl FnOnce(&zhibiao::EvalOptions) -> Res<(zhibiao::Evaluation, std::borrow::Cow<'l, zhibiao::LoadReport>)>,
) -> Res {
    let (as_of, lang) = eval_settings(args)?;
    let mut options = zhibiao::EvalOptions::new(as_of);
    options.region = match &args.region {
        Some(text) => Some(region_code(regions, text)?),
        None => None,
    };
    options.document = args.document.clone();
    if !args.target.is_empty() {
        options.targets = Some(args.target.clone());
    }
    if args.on_track.is_some() || args.needs_acceleration.is_some() {
        let d = zhibiao::progress::Thresholds::default();
        options.thresholds = Some(zhibiao::progress::Thresholds {
            on_track: args.on_track.unwrap_or(d.on_track),
            needs_acceleration: args.needs_acceleration.unwrap_or(d.needs_acceleration),
        });
    }
    options.base_year = match (args.base_year, args.base_within_years) {
        (Some(year), _) => Some(zhibiao::eval::BaseYear::Fixed { year }),
        (None, Some(years)) => Some(zhibiao::eval::BaseYear::WithinYears { years }),
        (None, None) => None,
    };
    options.clamp_projection = args.no_clamp_projection.then_some(false);
    let (mut eval, load) = evaluate(&options)?;
    let load = &*load;
    // Rows set aside unread because no selected target uses them are unused too.
    for (indicator, n) in &load.observations.skipped_by_indicator {
        eval.unused.push(zhibiao::unused::UnusedObservations { indicator: indicator.clone(), observations: *n });
    }
    eval.unused.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    if args.view != View::Targets {
        return show_view(catalog, &eval, args, options.region.as_deref());
    }
    let (path, file_format) = match output_of(args)? {
        Output::Stdout(EvalFormat::Json) => return json(&serde_json::json!({ "load": load, "evaluation": eval })),
        Output::Stdout(EvalFormat::Csv) => {
            let table = zhibiao::export::results_table(catalog, regions, &eval, zhibiao::export::Columns::WithText);
            let o = zhibiao::export::CsvOptions { bom: !args.no_bom };
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            return zhibiao::export::write_csv(&table, stdout, &o, "<stdout>").map_err(export_failure);
        }
        Output::Stdout(f) => {
            out!("{}", report_text(catalog, &eval, load, args, lang, banner, f == EvalFormat::Markdown));
            return Ok(());
        }
        Output::File(path, f) => (path, f),
    };
    let written = |e: std::io::Error| fail("output.io", format!("{}: {e}", path.display()));
    match file_format {
        FileFormat::Csv => {
            let table = zhibiao::export::results_table(catalog, regions, &eval, zhibiao::export::Columns::WithText);
            let file = std::fs::File::create(&path).map_err(written)?;
            let o = zhibiao::export::CsvOptions { bom: !args.no_bom };
            zhibiao::export::write_csv(&table, std::io::BufWriter::new(file), &o, &path.display().to_string()).map_err(export_failure)?;
        }
        FileFormat::Xlsx => {
            let o = zhibiao::xlsx::XlsxOptions { lang };
            zhibiao::xlsx::write_workbook(&path, catalog, regions, &eval, Some(load), &o).map_err(export_failure)?;
        }
        FileFormat::Json => {
            let text = serde_json::to_string_pretty(&serde_json::json!({ "load": load, "evaluation": eval }))
                .map_err(|e| fail("internal.serialize", e.to_string()))?;
            std::fs::write(&path, text + "\n").map_err(written)?;
        }
        FileFormat::Markdown => {
            std::fs::write(&path, report_text(catalog, &eval, load, args, lang, banner, true)).map_err(written)?;
        }
        FileFormat::Columnar(_) => {
            let table = zhibiao::export::results_table(catalog, regions, &eval, zhibiao::export::Columns::Data);
            write_table("--out", &path, zhibiao::columnar::flat_batch(&table).map_err(|e| e.to_string()))?;
        }
    }
    // What was read (and rejected) stays on screen; the results are in the file.
    out!("{}", zhibiao::report::load_summary(load, lang, 50));
    let n = eval.results.len();
    outln!("{}", lang.pick(format!("已写入 {n} 条结果：{}", path.display()), format!("wrote {n} results to {}", path.display())));
    Ok(())
}

fn export_failure(e: zhibiao::export::ExportError) -> Failure {
    if e.io_kind() == Some(std::io::ErrorKind::BrokenPipe) {
        return Failure::ClosedOutput;
    }
    fail(e.code(), e.to_string())
}

/// The report as `--format table` or `markdown` prints it: the banner, what was read,
/// the unused observations, the report, and with `--explain` the working.
fn report_text(
    catalog: &Catalog,
    eval: &zhibiao::Evaluation,
    load: &zhibiao::LoadReport,
    args: &EvalArgs,
    lang: zhibiao::report::Lang,
    banner: Option<&str>,
    markdown: bool,
) -> String {
    let mut s = String::new();
    if let Some(b) = banner {
        s.push_str(b);
        s.push('\n');
    }
    s.push_str(&zhibiao::report::load_summary(load, lang, 50));
    s.push_str(&zhibiao::report::unused_summary(eval, lang));
    let style = if markdown { zhibiao::report::Style::Markdown } else { zhibiao::report::Style::Text };
    let report = zhibiao::report::ReportOptions { lang, style, ids: args.ids, legend: !args.no_legend, ..Default::default() };
    s.push_str(&zhibiao::report::render_with(catalog, eval, &report));
    if args.explain {
        s.push('\n');
        for r in &eval.results {
            s.push_str(&zhibiao::report::explain(r));
        }
    }
    s
}

/// Fails, listing the rejections on stderr, when some records were rejected and
/// `--allow-rejected` was not given.
fn refuse_rejected(report: &zhibiao::LoadReport, no_entities: bool, allow_rejected: bool) -> Res {
    if report.is_clean() || allow_rejected {
        return Ok(());
    }
    {
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), "{}", zhibiao::report::load_summary(report, zhibiao::report::Lang::En, usize::MAX));
    }
    let first = report.rejections().next().map_or("data.rejected", |r| r.code.as_str()).to_string();
    let hint = if no_entities && report.rejections().any(|r| r.code == "data.unknown_entity") {
        "; no --entities file was given, and rows about a school, class, person or system need one (a region is named by its GB/T 2260 code)"
    } else {
        ""
    };
    Err(fail(
        &first,
        format!("{} record(s) rejected (listed above){hint}; fix them, or pass --allow-rejected to evaluate the rest", report.rejections().count()),
    ))
}

fn run(cli: Cli) -> Res {
    match cli.command {
        Command::Evaluate { entities, observations, sheet, entities_sheet, observations_sheet, eval, encoding, allow_rejected, rejections, stream, chunk_rows } => {
            eval_settings(&eval)?;
            if let Some(r) = &rejections {
                table_format("--rejections", r)?;
            }
            let c = load(&cli.catalog)?;
            let enc: zhibiao::io::Encoding = encoding.parse().map_err(|m: String| argument(format!("--encoding: {m}")))?;
            let mut b = zhibiao::DatasetBuilder::new(&c);
            // The rows of indicators no selected target uses (with every target selected:
            // no target of the catalog) are set aside unread, and listed as unused.
            let mut selected = zhibiao::EvalOptions::new(chrono::NaiveDate::default());
            selected.document = eval.document.clone();
            selected.targets = (!eval.target.is_empty()).then(|| eval.target.clone());
            b.keep_only(zhibiao::eval::keys_used(&c, &selected).iter().map(String::as_str));
            let is_json = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let is_sheet = |p: &PathBuf| zhibiao::excel::Format::of_name(&p.display().to_string()).is_some();
            // A sheet named for a file that is not a spreadsheet is a mistake, not ignored.
            let files = [entities.as_ref(), Some(&observations)];
            let named = [("--entities-sheet", &entities_sheet, files[0]), ("--observations-sheet", &observations_sheet, files[1])];
            for (flag, given, file) in named {
                if let (Some(s), Some(f)) = (given, file) {
                    if !is_sheet(f) {
                        return Err(argument(format!("{flag} {s:?}: {} is not a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods)", f.display())));
                    }
                }
            }
            if let Some(s) = &sheet {
                if !files.iter().flatten().any(|f| is_sheet(f)) {
                    return Err(argument(format!("--sheet {s:?}: neither file is a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods)")));
                }
            }
            let columnar = |p: &PathBuf| zhibiao::columnar::Format::of_path(p);
            let entities_sheet = entities_sheet.or_else(|| sheet.clone());
            let observations_sheet = observations_sheet.or(sheet);
            match &entities {
                Some(e) if is_json(e) => b.read_entities_json(&e.display().to_string(), &zhibiao::io::read_text_file(e)?)?,
                Some(e) if is_sheet(e) => b.read_entities_excel_file(e, entities_sheet.as_deref())?,
                Some(e) => match columnar(e) {
                    Some(f) => b.read_entities_columnar(e, f)?,
                    None => b.read_entities_file(e, enc)?,
                },
                None => {}
            }
            if stream {
                let chunk_rows = chunk_rows.unwrap_or(zhibiao::stream::DEFAULT_CHUNK_ROWS);
                if chunk_rows == 0 {
                    return Err(argument("--chunk-rows: give at least 1 row a part"));
                }
                if is_json(&observations) || is_sheet(&observations) || columnar(&observations).is_some() {
                    return Err(argument(format!(
                        "--stream reads a CSV observation file in parts; {} is not CSV (drop --stream to read it whole)",
                        observations.display()
                    )));
                }
                let fresh = || {
                    let mut part = zhibiao::DatasetBuilder::new(&c);
                    part.keep_only(zhibiao::eval::keys_used(&c, &selected).iter().map(String::as_str));
                    part
                };
                let loaded = b.build();
                let regions = loaded.0.regions.clone();
                return run_eval_with(&c, &regions, &eval, None, |options| {
                    let bar = load_progress(&observations);
                    let mut tell = |p: zhibiao::data::ReadProgress| {
                        if let Some(bar) = &bar {
                            show_progress(bar, p);
                        }
                    };
                    let progress: Option<&mut dyn FnMut(zhibiao::data::ReadProgress)> = if bar.is_some() { Some(&mut tell) } else { None };
                    let streamed = zhibiao::stream::evaluate_file(&c, loaded, fresh, &observations, enc, chunk_rows, options, progress);
                    if let Some(bar) = &bar {
                        bar.finish_and_clear();
                    }
                    let (evaluation, report) = streamed?;
                    if let Some(r) = &rejections {
                        write_table("--rejections", r, zhibiao::columnar::rejections_batch(&report).map_err(|e| e.to_string()))?;
                    }
                    refuse_rejected(&report, entities.is_none(), allow_rejected)?;
                    Ok((evaluation, std::borrow::Cow::Owned(report)))
                });
            }
            let bar = load_progress(&observations);
            if let Some(bar) = &bar {
                let bar = bar.clone();
                b.on_progress(move |p| show_progress(&bar, p));
            }
            // The entities are built before the observations are read, so their pending
            // form is freed first (the same dataset and report).
            let loaded = b.build_entities_first(|b| -> Res<()> {
                if is_json(&observations) {
                    b.read_observations_json(&observations.display().to_string(), &zhibiao::io::read_text_file(&observations)?)?;
                } else if is_sheet(&observations) {
                    b.read_observations_excel_file(&observations, observations_sheet.as_deref())?;
                } else if let Some(f) = columnar(&observations) {
                    b.read_observations_columnar(&observations, f)?;
                } else {
                    b.read_observations_file(&observations, enc)?;
                }
                Ok(())
            });
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            let (data, report) = loaded?;
            if let Some(r) = &rejections {
                write_table("--rejections", r, zhibiao::columnar::rejections_batch(&report).map_err(|e| e.to_string()))?;
            }
            refuse_rejected(&report, entities.is_none(), allow_rejected)?;
            run_eval(&c, &data, &report, &eval, None)
        }
        Command::Demo { eval, seed } => {
            eval_settings(&eval)?;
            let c = load(&cli.catalog)?;
            let (data, report) = zhibiao::sample_dataset(&c, seed);
            let banner = if eval.lang == "en" {
                "zhibiao demo — SYNTHETIC sample data (invented schools and figures; real region codes)"
            } else {
                "zhibiao 演示 — 合成示例数据（学校与数字均为虚构，仅行政区划代码真实）"
            };
            run_eval(&c, &data, &report, &eval, Some(banner))
        }
        Command::Sample { out, seed } => {
            let c = load(&cli.catalog)?;
            let s = zhibiao::sample::generate(&c, seed);
            std::fs::create_dir_all(&out).map_err(|e| fail("output.io", format!("{}: {e}", out.display())))?;
            let write = |name: &str, header: &[&str], rows: Vec<Vec<String>>| -> Res {
                let path = out.join(name);
                let mut w = csv_writer(&path)?;
                let io = |e: csv::Error| fail("output.io", format!("{}: {e}", path.display()));
                w.write_record(header).map_err(io)?;
                for r in rows {
                    w.write_record(&r).map_err(io)?;
                }
                w.flush()?;
                outln!("wrote {}", path.display());
                Ok(())
            };
            write(
                "entities.csv",
                &["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"],
                s.entities.into_iter().map(|e| vec![e.entity_id, e.kind, e.name, e.region_code, e.parent_id, e.stage, e.area_class, e.role]).collect(),
            )?;
            write(
                "observations.csv",
                &["entity_id", "indicator", "period", "value", "source"],
                s.observations.into_iter().map(|o| vec![o.entity_id, o.indicator, o.period, o.value, o.source]).collect(),
            )
        }
        Command::Generate { scale, out, seed, format } => {
            let c = load(&cli.catalog)?;
            let scale: zhibiao::synth::Scale = scale.parse().map_err(|m: String| argument(format!("--scale: {m}")))?;
            let ext = match format.to_ascii_lowercase().as_str() {
                "csv" => "csv",
                "parquet" => "parquet",
                other => return Err(argument(format!("--format {:?}: csv or parquet", clip(other, SHOWN_CHARS)))),
            };
            let io = |e: std::io::Error| fail("output.io", format!("{}: {e}", out.display()));
            let n = if ext == "csv" {
                zhibiao::synth::write_csv(&c, scale, seed, &out).map_err(io)?
            } else {
                zhibiao::columnar::write_synth_parquet(&c, scale, seed, &out).map_err(io)?
            };
            outln!(
                "wrote {} and {}: {} regions ({} counties), {} schools, {} classes, {} people, {} systems; {} observations ({} of class.bandwidth_mbps)",
                out.join(format!("entities.{ext}")).display(),
                out.join(format!("observations.{ext}")).display(),
                n.regions,
                n.counties,
                n.schools,
                n.classes,
                n.people,
                n.systems,
                n.observations,
                n.class_observations
            );
            Ok(())
        }
        Command::Check => {
            let c = load(&cli.catalog)?;
            let problems = c.coverage_problems();
            if !problems.is_empty() {
                let code = problems.first().map_or("catalog.invalid", |x| x.code()).to_string();
                return Err(fail(&code, zhibiao::CatalogErrors(problems).to_string()));
            }
            let targets: usize = c.documents().iter().map(|d| d.targets.len()).sum();
            let (mut promises, mut allowed) = (0, 0);
            for d in c.documents() {
                if let Some(cov) = c.coverage(&d.id) {
                    promises += cov.counts.promises;
                    allowed += cov.counts.allowed;
                }
            }
            outln!(
                "catalog ok: {} documents, {} targets, {} indicators; {} promise clauses accounted for{}",
                c.documents().len(),
                targets,
                c.indicators().len(),
                promises - allowed,
                if allowed > 0 { format!(", {allowed} more allowed as uncovered for now (coverage-allowance.json)") } else { String::new() }
            );
            Ok(())
        }
        Command::Coverage { document, format, uncovered, allowance } => {
            let c = load(&cli.catalog)?;
            if allowance {
                let mut a = zhibiao::coverage::Allowance {
                    note: ALLOWANCE_NOTE.into(),
                    ..Default::default()
                };
                for d in c.documents() {
                    let entries = c.coverage(&d.id).map(|cov| cov.uncovered_as_allowance()).unwrap_or_default();
                    if !entries.is_empty() {
                        a.documents.insert(d.id.clone(), entries);
                    }
                }
                return json(&a);
            }
            match document {
                Some(d) => {
                    known_document(&c, Some(&d))?;
                    let mut cov = c.coverage(&d).ok_or_else(|| fail("catalog.unknown_reference", format!("{d}: no source text")))?;
                    if uncovered {
                        cov.clauses.retain(|x| matches!(x.status, ClauseStatus::Uncovered | ClauseStatus::Allowed));
                    }
                    if format == Format::Json {
                        return json(&cov);
                    }
                    print_coverage(&cov, format)
                }
                None => {
                    let all: Vec<_> = c.documents().iter().filter_map(|d| c.coverage(&d.id)).collect();
                    if format == Format::Json {
                        let v: Vec<_> = all.iter().map(|x| serde_json::json!({"document": x.document, "source": x.source, "counts": x.counts})).collect();
                        return json(&v);
                    }
                    let rows: Vec<Vec<String>> = all
                        .iter()
                        .map(|x| {
                            let n = x.counts;
                            vec![x.document.clone(), n.clauses.to_string(), n.promises.to_string(), n.covered.to_string(), n.allowed.to_string(), n.uncovered.to_string()]
                        })
                        .collect();
                    print_rows(format, &["document", "clauses", "promises", "covered", "allowed", "uncovered"], &rows)
                }
            }
        }
        Command::Extract { file, id, year, jurisdiction, format, encoding, measure } => {
            let c = load(&cli.catalog)?;
            if measure {
                return print_measurement(&zhibiao::extract::measure(&c), format);
            }
            let Some(file) = file else { return Err(argument("give a FILE, or --measure")) };
            let bytes = std::fs::read(&file).map_err(|e| fail("input.io", format!("{}: {e}", file.display())))?;
            let enc: zhibiao::io::Encoding = encoding.parse().map_err(|m: String| argument(format!("--encoding: {m}")))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let text = zhibiao::io::decode(&file.display().to_string(), &bytes, enc)?;
            let options = zhibiao::extract::ExtractOptions { id, year, jurisdiction, source: name };
            let draft = zhibiao::extract::extract(&text, &options, Some(&c)).map_err(|e| fail(e.code(), e.to_string()))?;
            if format == Format::Json {
                return json(&draft.document);
            }
            print_draft(&draft, format)
        }
        Command::Init { dir } => {
            let c = load(&cli.catalog)?;
            for sub in ["catalog", "indicators", "sources"] {
                let path = dir.join(sub);
                std::fs::create_dir_all(&path).map_err(|e| fail("output.io", format!("{}: {e}", path.display())))?;
            }
            let path = dir.join("indicators").join("common.json");
            if path.exists() {
                return Err(fail("output.exists", format!("{}: exists; not overwritten", path.display())));
            }
            let set = zhibiao::IndicatorSet { indicators: c.indicators().to_vec() };
            let text = serde_json::to_string_pretty(&set).map_err(|e| fail("internal.serialize", e.to_string()))? + "\n";
            std::fs::write(&path, text).map_err(|e| fail("output.io", format!("{}: {e}", path.display())))?;
            outln!(
                "wrote {} ({} indicators); put the text in {} and draft it with `zhibiao extract`",
                path.display(),
                set.indicators.len(),
                dir.join("sources").display()
            );
            Ok(())
        }
        Command::Schema { write } => {
            for (name, schema) in zhibiao::schema::all() {
                let text = zhibiao::schema::render(&schema);
                match &write {
                    Some(dir) => {
                        let path = dir.join(name);
                        std::fs::write(&path, text).map_err(|e| fail("output.io", format!("{}: {e}", path.display())))?;
                        outln!("wrote {}", path.display());
                    }
                    None => outln!("// {name}\n{text}"),
                }
            }
            Ok(())
        }
        Command::Parse { text, figure, format } => parse(&text, figure, format),
        Command::Documents { format } => {
            let c = load(&cli.catalog)?;
            if format == Format::Json {
                let v: Vec<_> = c
                    .documents()
                    .iter()
                    .map(|d| {
                        serde_json::json!({
                            "id": d.id, "title": d.title, "title_en": d.title_en, "jurisdiction": d.jurisdiction,
                            "kind": d.kind, "period": d.period, "number": d.number,
                            "sections": d.sections.len(), "tasks": d.tasks.len(), "targets": d.targets.len(),
                        })
                    })
                    .collect();
                return json(&v);
            }
            let rows: Vec<Vec<String>> = c
                .documents()
                .iter()
                .map(|d| {
                    vec![
                        d.id.clone(),
                        d.title.clone(),
                        format!("{}–{}", d.period.start.format("%Y"), d.period.end.format("%Y")),
                        d.sections.len().to_string(),
                        d.tasks.len().to_string(),
                        d.targets.len().to_string(),
                    ]
                })
                .collect();
            print_rows(format, &["id", "文件 document", "period", "sections", "tasks", "targets"], &rows)?;
            Ok(())
        }
        Command::Targets { document, format } => {
            let c = load(&cli.catalog)?;
            known_document(&c, document.as_deref())?;
            let rows = c.target_rows(document.as_deref());
            if format == Format::Json {
                return json(&rows);
            }
            let table_rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let figure = match (r.comparator, r.value, &r.unit) {
                        (Some(cmp), Some(v), Some(u)) => format!("{} {}{}", cmp.symbol(), fmt_num(v), u),
                        _ => "done".into(),
                    };
                    vec![
                        r.id.clone(),
                        r.kind.clone(),
                        table::truncate(&r.label, 28),
                        figure,
                        r.deadline.to_string(),
                        r.indicator.clone(),
                    ]
                })
                .collect();
            print_rows(format, &["id", "kind", "目标 label", "figure", "deadline", "indicator"], &table_rows)?;
            Ok(())
        }
        Command::Template { document, region, out } => {
            let c = load(&cli.catalog)?;
            let rows = zhibiao::template::template_rows(&c, &document, region.as_deref())?;
            std::fs::write(&out, zhibiao::template::template_csv(&rows)).map_err(|e| fail("output.io", format!("{}: {e}", out.display())))?;
            outln!("wrote {} ({} rows: fill in value and source, then evaluate it as --observations)", out.display(), rows.len());
            Ok(())
        }
        Command::Indicators { document, format } => {
            let c = load(&cli.catalog)?;
            known_document(&c, document.as_deref())?;
            let rows = c.indicator_rows(document.as_deref());
            if format == Format::Json {
                return json(&rows);
            }
            let list = |ids: &[String]| match ids {
                [] => "—".to_string(),
                [one] => one.clone(),
                [first, rest @ ..] => format!("{first} +{}", rest.len()),
            };
            let table_rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let aggregation: Vec<&str> = r.aggregation.iter().map(|a| a.en()).collect();
                    let used: Vec<String> = r.targets.iter().chain(&r.condition_of).fold(Vec::new(), |mut v, t| {
                        if !v.contains(t) {
                            v.push(t.clone());
                        }
                        v
                    });
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.entity.code().to_string(),
                        if r.unit.is_empty() { "1/0".to_string() } else { r.unit.clone() },
                        if aggregation.is_empty() { "— (baselines only)".to_string() } else { aggregation.join("; ") },
                        list(&used),
                    ]
                })
                .collect();
            print_rows(format, &["id", "指标 name", "entity", "unit", "aggregation", "targets"], &table_rows)?;
            Ok(())
        }
        Command::Region { text, format } => {
            let regions = zhibiao::regions::RegionTable::builtin();
            let mut found = Vec::new();
            let mut failed = Vec::new();
            for t in &text {
                match regions.resolve(t) {
                    Ok(i) => found.extend(regions.info(i)),
                    Err(e) => {
                        found.extend(e.candidates().iter().cloned());
                        failed.push((e.code(), clip(&e.to_string(), 2 * SHOWN_CHARS).into_owned()));
                    }
                }
            }
            if format == Format::Json {
                json(&found)?;
            } else {
                let rows: Vec<Vec<String>> = found
                    .iter()
                    .map(|r| vec![r.code.clone(), r.name.clone(), r.name_en.clone(), r.level.code().to_string(), r.path.clone()])
                    .collect();
                print_rows(format, &["code", "名称 name", "name_en", "level", "path"], &rows)?;
            }
            match failed.first() {
                None => Ok(()),
                Some((code, _)) => Err(fail(code, failed.iter().map(|(c, m)| format!("[{c}] {m}")).collect::<Vec<_>>().join("\n"))),
            }
        }
        Command::Units { name, format } => {
            let c = load(&cli.catalog)?;
            let units = c.units();
            match name {
                None => {
                    let rows: Vec<Vec<String>> = units
                        .iter()
                        .map(|(u, tasks)| {
                            let lead = tasks
                                .iter()
                                .filter(|(_, t)| t.responsible.role_of(u) == Some(UnitRole::Lead))
                                .count();
                            let targets: usize = tasks
                                .iter()
                                .map(|(d, t)| d.targets.iter().filter(|x| x.task.as_deref() == Some(&t.id)).count())
                                .sum();
                            vec![u.clone(), tasks.len().to_string(), lead.to_string(), targets.to_string()]
                        })
                        .collect();
                    if format == Format::Json {
                        let v: Vec<_> = rows
                            .iter()
                            .map(|r| serde_json::json!({"unit": r[0], "tasks": r[1].parse::<usize>().unwrap_or(0), "lead": r[2].parse::<usize>().unwrap_or(0), "targets": r[3].parse::<usize>().unwrap_or(0)}))
                            .collect();
                        return json(&v);
                    }
                    print_rows(format, &["责任单位 unit", "tasks", "as lead", "targets"], &rows)?;
                }
                Some(name) => {
                    let matched: Vec<_> = units.iter().filter(|(u, _)| u.contains(name.as_str())).collect();
                    if matched.is_empty() {
                        return Err(argument(format!("no responsible unit matches {:?}; run `zhibiao units` for the list", clip(&name, SHOWN_CHARS))));
                    }
                    let mut rows = Vec::new();
                    let mut out = Vec::new();
                    for (u, tasks) in matched {
                        for (d, t) in tasks {
                            let role = match (&t.responsible, t.responsible.role_of(u)) {
                                (_, Some(UnitRole::Lead)) => "牵头 lead",
                                (_, Some(UnitRole::Partner)) => "配合 partner",
                                (Responsible::Listed { .. }, _) => "列名 listed",
                                _ => "",
                            };
                            let targets: Vec<_> =
                                d.targets.iter().filter(|x| x.task.as_deref() == Some(&t.id)).collect();
                            out.push(serde_json::json!({
                                "unit": u, "document": d.id, "task": t.id, "task_number": t.number,
                                "task_title": t.title, "role": role.split(' ').nth(1).unwrap_or(""),
                                "targets": targets.iter().map(|x| &x.id).collect::<Vec<_>>(),
                            }));
                            rows.push(vec![
                                u.clone(),
                                d.id.clone(),
                                t.number.clone().unwrap_or_default(),
                                table::truncate(&t.title, 30),
                                role.into(),
                                targets.len().to_string(),
                            ]);
                        }
                    }
                    if format == Format::Json {
                        return json(&out);
                    }
                    print_rows(format, &["责任单位 unit", "document", "no.", "任务 task", "role", "targets"], &rows)?;
                }
            }
            Ok(())
        }
    }
}
