//! `pactum`: analyse and simulate multi-party, mediated, multi-issue negotiations.

/// Prints on stderr; a stderr that cannot be written (`2>/dev/full`) is no reason to panic.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

use clap::{Parser, Subcommand, ValueEnum};
use pactum_core::analysis;
use pactum_core::scenario::Scenario;
use pactum_formats::{Diagnostic, bundled, output, scenario_toml};
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pactum", version, about = "Analyse and simulate multi-party, mediated, multi-issue negotiations.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Lay tables and prose out for N columns (default: the terminal's, or 110 when piped).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(40..=1000))]
    width: Option<u16>,
}

mod briefing;
mod html;
mod plot;
mod progress;
mod report;
mod run_talks;
mod sensitivity;
mod source;
mod table;
mod tournament;
mod write;

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the talks on a scenario: briefing, rounds, result, and what blocks a deal (the default).
    Talks(run_talks::TalksArgs),
    /// Is there a deal every party can accept, and if not, which red lines block it.
    Analyze(AnalyzeArgs),
    /// Every pairing of strategies on every scenario, each playing every role: a summary per
    /// strategy, or every negotiation as a JSON row.
    Tournament(tournament::TournamentArgs),
    /// Print the briefing on a scenario: parties, timeline, issues, red lines, fallbacks.
    Show {
        #[command(flatten)]
        source: source::ScenarioArgs,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check scenario files (or GENIUS / GeniusWeb folders) and report every problem found, with file, line and column.
    Validate {
        #[arg(required = true)]
        files: Vec<String>,
        /// Also require provenance (`source` or `assumption`) on every number.
        #[arg(long)]
        strict: bool,
    },
    /// List the bundled scenarios.
    Scenarios,
    /// Summarise a stored tournament (`pactum tournament --db`): the ranking with confidence
    /// intervals, a table per scenario, and strategy against strategy.
    ///
    /// With --html, one self-contained page to send: for a scenario, the briefing, the analysis,
    /// the pictures and the talks; for a results file, the ranking and its pictures.
    Report {
        /// The results file (.sqlite); with --html, a scenario instead (default: the flagship).
        file: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
        /// Write a self-contained HTML page (styles and SVG pictures inline, no network).
        #[arg(long, value_name = "FILE.html")]
        html: Option<String>,
        /// With a results file: also write NegMAS's `cartesian_tournament` files
        /// (scores.csv, all_scores.csv, details.csv) into this folder.
        #[arg(long, value_name = "DIR")]
        negmas: Option<String>,
        /// With a scenario: drop a red line or fallback (PARTY.REDLINE). Repeatable.
        #[arg(long, value_name = "PARTY.REDLINE")]
        relax: Vec<String>,
    },
    /// List the negotiation strategies and their parameters.
    Strategies {
        /// Print the table of docs/strategies.md (Markdown), generated from the registry.
        #[arg(long)]
        markdown: bool,
    },
    /// Print a talks record written with `pactum talks --record FILE.jsonl`.
    Replay {
        /// The record: one JSON event per line.
        file: String,
    },
    /// Draw a scenario's utility space, the talks over the rounds, the timeline, or a
    /// tournament, as SVG or PNG.
    Plot(plot::PlotArgs),
    /// How robust the answer is to the assumptions: each labelled weight and fallback sampled
    /// over its range (seeded), then swept one at a time to find where each conclusion flips.
    Sensitivity(sensitivity::SensitivityArgs),
    /// The packages that improve on an agreement for every negotiator (post-settlement
    /// improvement), within the red lines in force (an agreement across a red line may keep
    /// crossing it, never another), ranked by the least gain.
    Improve {
        #[command(flatten)]
        source: source::ScenarioArgs,
        /// The agreement, every issue: ISSUE=VALUE,ISSUE=VALUE,…
        #[arg(long, required = true, value_name = "ISSUE=VALUE,…")]
        agreement: String,
        /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback). Repeatable.
        #[arg(long, value_name = "PARTY.REDLINE")]
        relax: Vec<String>,
        /// List at most N packages.
        #[arg(long, value_name = "N", default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Serve the local web app (http://127.0.0.1 only): the briefing, a what-if panel, the talks
    /// round by round, the scenario editor; and its JSON API (docs/web.md).
    Serve {
        /// The scenario the page opens first (default: abu-dhabi-trilateral).
        scenario: Option<String>,
        /// The port on 127.0.0.1 (0: any free port; the URL printed says which).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Seconds an answer may take before the request gets 503 (the server goes on).
        #[arg(long, value_name = "SECONDS", default_value_t = 20.0, value_parser = positive_seconds)]
        time_limit: f64,
        /// The largest request body in MiB; a larger one gets 413.
        #[arg(long, value_name = "MiB", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
        body_limit: u32,
    },
    /// Write a scenario for experiments: additive preferences over issues of equal size, with
    /// the parties' opposition set by one number, drawn from a seed.
    Generate {
        /// Negotiating parties.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(2..=16))]
        parties: u16,
        /// Issues.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=1000))]
        issues: u16,
        /// Values per issue.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=10_000))]
        values: u32,
        /// 0 (independent parties) to 1 (each other party wants the reverse of the first).
        #[arg(long, default_value_t = 0.8, value_parser = unit_interval)]
        opposition: f64,
        /// Every party's fallback (0 to 1).
        #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
        fallback: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write: a .toml file, or a folder for GENIUS and GeniusWeb.
        #[arg(short = 'o', long = "output")]
        output: String,
        /// The format (default: native when OUTPUT ends in .toml, else GENIUS).
        #[arg(long = "format", value_enum)]
        to: Option<Target>,
    },
    /// Convert a scenario between native TOML, a GENIUS folder and a GeniusWeb folder.
    Convert {
        /// The scenario to read: a .toml file, a GENIUS or GeniusWeb folder, or a bundled name.
        input: String,
        /// Where to write: a .toml file, or a folder for GENIUS and GeniusWeb.
        output: String,
        /// The target format (default: native when OUTPUT ends in .toml, else GENIUS).
        #[arg(long, value_enum)]
        to: Option<Target>,
    },
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum ReportFormat {
    #[default]
    Text,
    /// One line per strategy, ranked.
    Csv,
    /// A `pactum.tournament_report` document.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Target {
    Toml,
    Genius,
    Geniusweb,
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    source: source::ScenarioArgs,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback). Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    relax: Vec<String>,
    /// Study only the outcomes where ISSUE takes VALUE. Repeatable.
    #[arg(long, value_name = "ISSUE=VALUE")]
    fix: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// List at most N frontier outcomes (0: all). Default: 20 in text, all in JSON.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// How to compute the frontier: `auto` merges issue by issue where preferences are additive
    /// and red lines read one issue each; `stream` always enumerates (for checks and benchmarks).
    #[arg(long, value_enum, default_value_t)]
    method: MethodArg,
    /// Where the space is too large to enumerate, the frontier is merged issue by issue (additive
    /// preferences) or searched by branch and bound; N bounds the whole: the merge gives up past
    /// 4·N partial vectors, and the search (its seeding climbs included) stops after N partial
    /// outcomes and reports the best points found, marked as not proven.
    #[arg(long, value_name = "N", default_value_t = analysis::search::NODE_LIMIT)]
    search_nodes: u64,
    /// Compute NegMAS's scenario statistics in spaces up to 2^24 outcomes (by default up to
    /// 2^18, where they cost at most about 20 ms).
    #[arg(long)]
    statistics: bool,
    /// Print the time spent reading and analysing, and the peak memory, on stderr.
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum MethodArg {
    #[default]
    Auto,
    Stream,
}

/// Writes `text` to `path` so that it never clobbers (see [`write`]).
fn write_atomically(path: &str, text: &str) -> Result<(), Failure> {
    write::file(path, text)
}

/// A scenario's number of outcomes, exact however large (10^40 for `50issues`).
fn outcome_count(s: &Scenario) -> String {
    pactum_core::space::product_decimal(s.issues.iter().map(|i| i.cardinality()))
}

/// Why a command failed: bad input (exit 2), a failed read or write of the system's (exit 1,
/// the path and the OS's reason), or a fault of ours (exit 1).
enum Failure {
    BadInput(String),
    Io(String),
    Internal(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    table::choose_width(cli.width);
    // The output is written inside the guard too: a document made while it is written
    // (`Printed::Streamed`) runs engine code.
    let result = std::panic::catch_unwind(|| run(cli).map(print));
    match result {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Ok(Err(e))) => {
            say_err!("error: could not write the output: {e}\n");
            ExitCode::from(1)
        }
        Ok(Err(Failure::BadInput(message))) => {
            say_err!("{message}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Io(message))) => {
            say_err!("{message}");
            ExitCode::from(1)
        }
        Ok(Err(Failure::Internal(message))) => {
            say_err!("internal error: {message}\n");
            ExitCode::from(1)
        }
        Err(_) => {
            say_err!(
                "internal error: pactum panicked; please report this with the command and input\n"
            );
            ExitCode::from(1)
        }
    }
}

/// What a command prints, once everything it computes has been computed: the text whole, or a
/// document written as it is made (an analysis's frontier of millions of points).
enum Printed {
    Text(String),
    Streamed(WriteOut),
}

/// Writes a document to the output it is given.
type WriteOut = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()>>;

fn print(printed: Printed) -> std::io::Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match printed {
        Printed::Text(text) => stdout.write_all(text.as_bytes())?,
        Printed::Streamed(write) => write(&mut stdout)?,
    }
    stdout.flush()
}

/// Runs a command: everything is computed before anything is printed, so an error never
/// leaves half an output.
fn run(cli: Cli) -> Result<Printed, Failure> {
    match cli.command {
        Some(Command::Analyze(args)) => run_analyze(args),
        command => run_text(command).map(Printed::Text),
    }
}

/// Runs a command that prints text, and returns all of it.
fn run_text(command: Option<Command>) -> Result<String, Failure> {
    match command.unwrap_or(Command::Talks(run_talks::TalksArgs::default())) {
        Command::Talks(args) => run_talks::run(args),
        Command::Analyze(_) => unreachable!("`run` prints analyses itself"),
        Command::Tournament(args) => tournament::run(args),
        Command::Show { source, format } => {
            let s = source::load(&source, true).map_err(Failure::BadInput)?;
            match format {
                Format::Text => Ok(table::fit(&briefing::render(&s))),
                Format::Json => to_json(&pactum_formats::scenario_json::scenario_json(&s)),
            }
        }
        Command::Validate { files, strict } => validate(&files, strict),
        Command::Scenarios => Ok(list_scenarios()),
        Command::Report {
            file,
            format,
            html: out,
            negmas,
            relax,
        } => report_command(file, format, out, negmas, &relax),
        Command::Strategies { markdown: false } => Ok(run_talks::list_strategies()),
        Command::Strategies { markdown: true } => Ok(pactum_core::talks::registry::markdown()),
        Command::Replay { file } => run_talks::replay(&file),
        Command::Convert { input, output, to } => convert(&input, &output, to),
        Command::Generate {
            parties,
            issues,
            values,
            opposition,
            fallback,
            seed,
            output,
            to,
        } => {
            let spec = pactum_core::generate::Spec {
                parties: usize::from(parties),
                issues: usize::from(issues),
                values,
                opposition,
                fallback,
                seed,
            };
            write_scenario(&pactum_core::generate::generate(&spec), &output, to)
        }
        Command::Plot(args) => plot::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Improve {
            source,
            agreement,
            relax,
            limit,
            format,
        } => improve(&source, &agreement, &relax, limit, format),
        Command::Serve {
            scenario,
            port,
            time_limit,
            body_limit,
        } => serve(
            scenario,
            port,
            pactum_web::Limits {
                seconds: time_limit,
                body_bytes: body_limit as usize * (1 << 20),
                ..Default::default()
            },
        ),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Failure::Internal(e.to_string()))
}

fn render_diagnostics(diagnostics: &[Diagnostic], text: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(text));
        out.push('\n');
    }
    out
}

fn validate(files: &[String], strict: bool) -> Result<String, Failure> {
    let mut out = String::new();
    let mut failed = String::new();
    for f in files {
        // GENIUS and GeniusWeb folders are checked by reading them; provenance is theirs.
        if std::path::Path::new(f).is_dir() {
            let args = source::ScenarioArgs {
                scenario: Some(f.clone()),
                ..Default::default()
            };
            match source::load(&args, false) {
                Ok(s) => {
                    let size = outcome_count(&s);
                    out.push_str(&format!(
                        "{f}: ok — `{}`: {} parties, {} issues, {size} outcomes\n",
                        s.id,
                        s.parties.len(),
                        s.issues.len()
                    ));
                }
                Err(message) => failed.push_str(&message),
            }
            continue;
        }
        match source::load_native(f) {
            Ok((loaded, text)) => {
                if let Some(d) = &loaded.oversize {
                    failed.push_str(&render_diagnostics(std::slice::from_ref(d), &text));
                    failed.push_str(&format!("error: 1 problem in {f}\n"));
                } else if strict && !loaded.warnings.is_empty() {
                    failed.push_str(&render_diagnostics(&loaded.warnings, &text));
                    failed.push_str(&format!(
                        "error: {} number{} without provenance in {f}\n",
                        loaded.warnings.len(),
                        if loaded.warnings.len() == 1 { "" } else { "s" }
                    ));
                } else {
                    let s = &loaded.scenario;
                    let size = outcome_count(s);
                    out.push_str(&format!(
                        "{f}: ok — `{}`: {} parties, {} issues, {size} outcomes{}\n",
                        s.id,
                        s.parties.len(),
                        s.issues.len(),
                        if loaded.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(
                                ", {} numbers without provenance (--strict refuses them)",
                                loaded.warnings.len()
                            )
                        }
                    ));
                }
            }
            Err(message) => failed.push_str(&message),
        }
    }
    if failed.is_empty() {
        Ok(out)
    } else {
        Err(Failure::BadInput(out + &failed))
    }
}

fn list_scenarios() -> String {
    let mut t = table::new(&["Name", "Title", "Parties", "Issues", "Outcomes"]);
    for name in bundled::names() {
        let row = match bundled::get(name).map(|text| scenario_toml::load_str(name, text)) {
            Some(Ok(l)) => {
                let s = l.scenario;
                let size = outcome_count(&s);
                vec![
                    name.to_string(),
                    s.title.clone(),
                    s.parties.len().to_string(),
                    s.issues.len().to_string(),
                    size,
                ]
            }
            _ => vec![
                name.to_string(),
                "(does not load)".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
        };
        t.add_row(row);
    }
    format!(
        "{t}\nDefault: {}. Use a name wherever a SCENARIO is taken.\n",
        bundled::DEFAULT
    )
}

fn bad_analysis(e: impl std::fmt::Display) -> Failure {
    Failure::BadInput(format!("error: {e}\n"))
}

/// Peak resident set size of this process in KiB, where the system reports it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_analyze(args: AnalyzeArgs) -> Result<Printed, Failure> {
    let started = std::time::Instant::now();
    let s = source::load(&args.source, true).map_err(Failure::BadInput)?;
    let read = started.elapsed();
    let options = analysis::pipeline::Options {
        relax: args.relax.clone(),
        fix: args.fix.clone(),
        method: match args.method {
            MethodArg::Auto => analysis::frontier::Choice::Auto,
            MethodArg::Stream => analysis::frontier::Choice::Stream,
        },
        search_nodes: args.search_nodes,
        statistics_limit: if args.statistics {
            analysis::statistics::WALK_LIMIT
        } else {
            analysis::statistics::DEFAULT_LIMIT
        },
    };
    let progress = progress::Progress::new("search");
    let report = analysis::pipeline::analyze_reporting(&s, &options, &|done, limit| {
        progress.tick(done, limit, "nodes")
    })
    .map_err(bad_analysis);
    progress.finish();
    let report = report?;
    if args.timings {
        let total = started.elapsed();
        say_err!(
            "timings: read {:.6} s, analysis {:.6} s, peak {} KiB\n",
            read.as_secs_f64(),
            (total - read).as_secs_f64(),
            peak_rss_kib().map_or_else(|| "?".to_string(), |k| k.to_string())
        );
    }
    let limit = match (args.limit, args.format) {
        (Some(0), _) => None,
        (Some(n), _) => Some(n),
        (None, Format::Text) => Some(20),
        (None, Format::Json) => None,
    };
    match args.format {
        Format::Json => Ok(Printed::Streamed(Box::new(move |out| {
            let result = output::Analysis::of(&report, limit);
            serde_json::to_writer_pretty(&mut *out, &output::analysis_json_streamed(&s, &result))?;
            out.write_all(b"\n")
        }))),
        Format::Text => Ok(Printed::Text(table::fit(&report::analysis(
            &s,
            &output::Analysis::of(&report, limit),
        )))),
    }
}

fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, not `{text}`")),
    }
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!(
            "expected seconds, more than 0 and at most 86400, not `{text}`"
        )),
    }
}

/// The digits of `--agreement ISSUE=VALUE,…`: every issue once, every value one of its own.
fn agreement_digits(s: &Scenario, text: &str) -> Result<Vec<u32>, Failure> {
    let bad = |m: String| Failure::BadInput(format!("error: `--agreement`: {m}\n"));
    let mut digits: Vec<Option<u32>> = vec![None; s.issues.len()];
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((issue, value)) = part.split_once('=') else {
            return Err(bad(format!("`{part}`: expected ISSUE=VALUE")));
        };
        let Some(k) = s.issues.iter().position(|i| i.id == issue.trim()) else {
            let ids: Vec<&str> = s.issues.iter().map(|i| i.id.as_str()).collect();
            return Err(bad(format!(
                "no issue `{}`; expected one of {}",
                issue.trim(),
                ids.join(", ")
            )));
        };
        let Some(d) = s.issues[k].digit_of(value.trim()) else {
            return Err(bad(format!(
                "`{}` is not a value of `{}`; expected {}",
                value.trim(),
                s.issues[k].id,
                s.issues[k].expected_values()
            )));
        };
        if digits[k].replace(d).is_some() {
            return Err(bad(format!("`{}` is given twice", s.issues[k].id)));
        }
    }
    let missing: Vec<&str> = s
        .issues
        .iter()
        .zip(&digits)
        .filter(|(_, d)| d.is_none())
        .map(|(i, _)| i.id.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!(
            "an agreement settles every issue; missing {}",
            missing.join(", ")
        )));
    }
    Ok(digits.into_iter().flatten().collect())
}

fn improve(
    source: &source::ScenarioArgs,
    agreement: &str,
    relax: &[String],
    limit: usize,
    format: Format,
) -> Result<String, Failure> {
    let s = source::load(source, true).map_err(Failure::BadInput)?;
    let digits = agreement_digits(&s, agreement)?;
    let options = analysis::pipeline::Options {
        relax: relax.to_vec(),
        ..Default::default()
    };
    let (report, found) =
        analysis::improve::improve_agreement(&s, &options, digits, limit).map_err(bad_analysis)?;
    // The red lines the agreement crosses were relaxed for the search, not by the user.
    let relaxed: Vec<String> = report
        .relaxed
        .iter()
        .filter(|id| !found.crossed.contains(id))
        .cloned()
        .collect();
    match format {
        Format::Json => to_json(&output::improve_json(&s, &report.problem, &relaxed, &found)),
        Format::Text => Ok(table::fit(&report::improvements(
            &s,
            &report.problem,
            &relaxed,
            &found,
        ))),
    }
}

fn report_command(
    file: Option<String>,
    format: ReportFormat,
    out: Option<String>,
    negmas: Option<String>,
    relax: &[String],
) -> Result<String, Failure> {
    let results = file.as_deref().is_some_and(plot::is_results_file);
    if let Some(dir) = negmas {
        let Some(db) = file.as_deref().filter(|_| results) else {
            return Err(Failure::BadInput(
                "error: `--negmas DIR` writes a results file's rows; expected `pactum report RESULTS.sqlite --negmas DIR`\n".into(),
            ));
        };
        let loaded = tournament::results(db)?;
        let files = pactum_formats::negmas_csv::files(&loaded.rows);
        write::csv_folder(&dir, &files)?;
        let mut text = tournament::report(
            db,
            match format {
                ReportFormat::Text => tournament::ReportAs::Text,
                ReportFormat::Csv => tournament::ReportAs::Csv,
                ReportFormat::Json => tournament::ReportAs::Json,
            },
        )?;
        text.push_str(&format!(
            "wrote {dir}/scores.csv, all_scores.csv and details.csv (NegMAS's layout)\n"
        ));
        return Ok(text);
    }
    if let Some(path) = &out
        && !path.to_ascii_lowercase().ends_with(".html")
    {
        return Err(Failure::BadInput(format!(
            "error: `--html {path}`: the page's name must end in .html\n"
        )));
    }
    match (results, out) {
        (true, out) => {
            let db = file.unwrap_or_default();
            let as_ = match format {
                ReportFormat::Text => tournament::ReportAs::Text,
                ReportFormat::Csv => tournament::ReportAs::Csv,
                ReportFormat::Json => tournament::ReportAs::Json,
            };
            let text = tournament::report(&db, as_)?;
            match out {
                None => Ok(text),
                Some(path) => {
                    let plain = tournament::report(&db, tournament::ReportAs::Text)?;
                    write::file(&path, &html::tournament(&db, &plain)?)?;
                    Ok(format!("wrote {path}\n"))
                }
            }
        }
        (false, Some(path)) => {
            write::file(&path, &html::scenario(file, relax)?)?;
            Ok(format!("wrote {path}\n"))
        }
        (false, None) => Err(Failure::BadInput(match file {
            Some(f) => format!(
                "error: `{f}` is not a results file written by `pactum tournament --db`; a scenario is reported as a page with `--html FILE.html`\n"
            ),
            None => "error: name a results file (.sqlite), or write a scenario's page with `--html FILE.html`\n".into(),
        })),
    }
}

/// `pactum serve`: the scenario is read first, so a bad one is refused before anything listens.
fn serve(
    scenario: Option<String>,
    port: u16,
    limits: pactum_web::Limits,
) -> Result<String, Failure> {
    if let Some(name) = &scenario {
        let args = source::ScenarioArgs {
            scenario: Some(name.clone()),
            ..Default::default()
        };
        source::load(&args, true).map_err(Failure::BadInput)?;
    }
    let served = pactum_web::Served::new(scenario, limits);
    pactum_web::run(port, served, |url| {
        // Printed at once (the rest of pactum prints when a command ends): a script waits for it.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "pactum serve: {url} (127.0.0.1 only; Ctrl-C stops it)"
        );
        let _ = stdout.flush();
    })
    .map_err(|e| Failure::Io(format!("error: could not serve on 127.0.0.1:{port}: {e}\n")))?;
    Ok(String::new())
}

fn convert(input: &str, output: &str, to: Option<Target>) -> Result<String, Failure> {
    let args = source::ScenarioArgs {
        scenario: Some(input.to_string()),
        ..Default::default()
    };
    let s = source::load(&args, true).map_err(Failure::BadInput)?;
    write_scenario(&s, output, to)
}

/// Writes `s` to `output` in `to` (or the format its name implies), saying what was written
/// and what the format cannot express.
fn write_scenario(s: &Scenario, output: &str, to: Option<Target>) -> Result<String, Failure> {
    let target = to.unwrap_or(if output.to_ascii_lowercase().ends_with(".toml") {
        Target::Toml
    } else {
        Target::Genius
    });
    let written = match target {
        Target::Toml => pactum_formats::export::to_toml(s),
        Target::Genius => pactum_formats::export::to_genius(s),
        Target::Geniusweb => pactum_formats::export::to_geniusweb(s),
    };
    let targets: Vec<String> = match target {
        Target::Toml => {
            write::file(output, &written.files[0].1)?;
            vec![output.to_string()]
        }
        Target::Genius | Target::Geniusweb => {
            write::folder(output, &written.files)?;
            let out = std::path::Path::new(output);
            written
                .files
                .iter()
                .map(|(name, _)| out.join(name).display().to_string())
                .collect()
        }
    };
    for loss in &written.losses {
        say_err!("note: {loss}\n");
    }
    let mut out_text = String::new();
    for path in &targets {
        out_text.push_str(&format!("wrote {path}\n"));
    }
    if !written.losses.is_empty() {
        out_text.push_str(&format!(
            "{} thing(s) the target cannot express are listed above on stderr\n",
            written.losses.len()
        ));
    }
    Ok(out_text)
}
