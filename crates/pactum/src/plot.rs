//! `pactum plot`: what to draw from (a scenario, a talks record, a results file), gathered into a
//! `pactum-plot` figure and written as SVG or PNG.

use crate::run_talks::{self, TalksArgs};
use crate::{Failure, bad_analysis, source};
use pactum_core::analysis::{self, Problem};
use pactum_core::scenario::Scenario;
use pactum_formats::record;
use pactum_plot::figure::{self, Figure};
use pactum_plot::{Format, render};
use pactum_schema::Event;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Each pair of negotiators' utility plane: outcomes, frontier, bargaining points,
    /// fallbacks, and the talks' texts and ending.
    Space,
    /// Each party's utility of the texts over the rounds, with what it needed and its fallback.
    Trace,
    /// The scenario's events before and during the talks.
    Timeline,
    /// A tournament: scores with confidence intervals, strategy against strategy.
    Tournament,
}

#[derive(clap::Args)]
pub struct PlotArgs {
    /// What to draw: a scenario (.toml, GENIUS or GeniusWeb folder, bundled name), a talks
    /// record (.jsonl, from `pactum talks --record`), or a tournament results file (.sqlite).
    /// Default: the bundled abu-dhabi-trilateral.
    pub input: Option<String>,
    /// The picture to write: FILE.svg or FILE.png.
    #[arg(short = 'o', long, value_name = "FILE.svg|FILE.png")]
    pub output: String,
    /// What to draw (default: space for a scenario, trace for a record, tournament for results).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// With a scenario: the talks to draw (default for `trace`: the scenario's own talks, run
    /// now). With a record as INPUT: not allowed; give the scenario with --scenario.
    #[arg(long, value_name = "RECORD.jsonl")]
    pub record: Option<String>,
    /// With a record as INPUT: the scenario it was run on, so every party's utility of every
    /// text can be drawn (and the space, with --kind space).
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback). Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    pub relax: Vec<String>,
    /// Study only the outcomes where ISSUE takes VALUE (space). Repeatable.
    #[arg(long, value_name = "ISSUE=VALUE")]
    pub fix: Vec<String>,
    /// The picture's size in pixels, WIDTHxHEIGHT (default: fitted to the figure).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Seed of the sample drawn from a space too large to walk (more than 2^21 outcomes).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected WIDTHxHEIGHT in pixels, such as 1200x800, not `{text}`");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(100..=pactum_plot::MAX_SIDE).contains(&w) || !(100..=pactum_plot::MAX_SIDE).contains(&h) {
        return Err(format!(
            "each side must be between 100 and {} pixels, not {w}x{h}",
            pactum_plot::MAX_SIDE
        ));
    }
    Ok((w, h))
}

/// What INPUT is.
enum Input {
    Scenario(Option<String>),
    Record(String),
    Results(String),
}

/// Whether `path` is an SQLite file (a tournament's results) by its first 16 bytes.
pub fn is_results_file(path: &str) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// A results file by its first bytes (SQLite's header), a record by its extension.
fn classify(input: Option<&str>) -> Input {
    let Some(path) = input else {
        return Input::Scenario(None);
    };
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".jsonl") {
        return Input::Record(path.to_string());
    }
    if is_results_file(path) || lower.ends_with(".sqlite") || lower.ends_with(".db") {
        Input::Results(path.to_string())
    } else {
        Input::Scenario(Some(path.to_string()))
    }
}

fn bad(message: String) -> Failure {
    Failure::BadInput(format!("error: {message}\n"))
}

pub fn run(args: PlotArgs) -> Result<String, Failure> {
    let format = Format::of_path(&args.output).ok_or_else(|| {
        bad(format!(
            "`{}`: the picture's name must end in .svg or .png",
            args.output
        ))
    })?;
    let figure = gather(&args)?;
    let size = args
        .size
        .unwrap_or_else(|| pactum_plot::default_size(&figure));
    let bytes = render(&figure, format, size).map_err(|e| bad(e.to_string()))?;
    crate::write::bytes(&args.output, &bytes)?;
    Ok(format!(
        "wrote {} ({} × {}, {} bytes)\n",
        args.output,
        size.0,
        size.1,
        bytes.len()
    ))
}

fn gather(args: &PlotArgs) -> Result<Figure, Failure> {
    let input = classify(args.input.as_deref());
    let kind = args.kind.unwrap_or(match input {
        Input::Scenario(_) => Kind::Space,
        Input::Record(_) => Kind::Trace,
        Input::Results(_) => Kind::Tournament,
    });
    match (input, kind) {
        (Input::Results(db), Kind::Tournament) => {
            let results = crate::tournament::results(&db)?;
            let report = crate::tournament::document(&results)?;
            Ok(Figure::Tournament(tournament_figure(
                &db, &results, &report,
            )))
        }
        (Input::Results(db), k) => Err(bad(format!(
            "`{db}` is a tournament results file: it draws as --kind tournament, not {}",
            kind_name(k)
        ))),
        (_, Kind::Tournament) => Err(bad(
            "--kind tournament draws a results file written by `pactum tournament --db`".into(),
        )),
        (Input::Record(path), kind) => {
            if args.record.is_some() {
                return Err(bad(
                    "INPUT is already a record; give its scenario with --scenario".into(),
                ));
            }
            let events = read_record(&path)?;
            let scenario = match &args.scenario {
                Some(name) => Some(load_scenario(Some(name.clone()))?),
                None => None,
            };
            match (kind, scenario) {
                (Kind::Trace, None) => Ok(Figure::Trace(
                    figure::trace(&path, None, &events).map_err(bad)?,
                )),
                (Kind::Trace, Some(s)) => {
                    let problem = problem(&s, &args.relax)?;
                    Ok(Figure::Trace(
                        figure::trace(&s.title, Some((&s, &problem)), &events).map_err(bad)?,
                    ))
                }
                (Kind::Space, Some(s)) => space(&s, args, Some(&events)),
                (Kind::Timeline, Some(s)) => Ok(Figure::Timeline(figure::timeline(&s))),
                (k, None) => Err(bad(format!(
                    "--kind {} of a record needs the scenario it was run on: add --scenario SCENARIO",
                    kind_name(k)
                ))),
                (Kind::Tournament, _) => unreachable!("handled above"),
            }
        }
        (Input::Scenario(name), kind) => {
            let s = load_scenario(name)?;
            let events = match (&args.record, kind) {
                (Some(path), _) => Some(read_record(path)?),
                (None, Kind::Trace) => Some(talks_of(&s, &args.relax)?),
                (None, _) => None,
            };
            match kind {
                Kind::Space => space(&s, args, events.as_deref()),
                Kind::Trace => {
                    let problem = problem(&s, &args.relax)?;
                    Ok(Figure::Trace(
                        figure::trace(
                            &s.title,
                            Some((&s, &problem)),
                            events.as_deref().unwrap_or_default(),
                        )
                        .map_err(bad)?,
                    ))
                }
                Kind::Timeline => Ok(Figure::Timeline(figure::timeline(&s))),
                Kind::Tournament => unreachable!("handled above"),
            }
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Space => "space",
        Kind::Trace => "trace",
        Kind::Timeline => "timeline",
        Kind::Tournament => "tournament",
    }
}

fn load_scenario(name: Option<String>) -> Result<Scenario, Failure> {
    let args = source::ScenarioArgs {
        scenario: name,
        ..Default::default()
    };
    // Oversized spaces are allowed: the plane samples them.
    source::load(&args, true).map_err(Failure::BadInput)
}

fn read_record(path: &str) -> Result<Vec<Event>, Failure> {
    let bytes = source::read_bounded(
        std::path::Path::new(path),
        record::MAX_FILE_BYTES,
        "a talks record",
    )
    .map_err(Failure::BadInput)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    record::read_jsonl(path, &text).map_err(|d| Failure::BadInput(format!("{}\n", d.render(&text))))
}

fn problem(s: &Scenario, relax: &[String]) -> Result<Problem, Failure> {
    let relaxed = analysis::resolve_relaxations(s, relax).map_err(bad_analysis)?;
    Problem::new(s, &relaxed).map_err(bad_analysis)
}

/// The scenario's own talks (its protocol, strategies, rounds and seed), with `relax`.
fn talks_of(s: &Scenario, relax: &[String]) -> Result<Vec<Event>, Failure> {
    let args = TalksArgs {
        relax: relax.to_vec(),
        ..Default::default()
    };
    Ok(run_talks::record_of(s, &args)?.1)
}

fn space(s: &Scenario, args: &PlotArgs, events: Option<&[Event]>) -> Result<Figure, Failure> {
    let options = analysis::pipeline::Options {
        relax: args.relax.clone(),
        fix: args.fix.clone(),
        ..Default::default()
    };
    let report = analysis::pipeline::analyze(s, &options).map_err(bad_analysis)?;
    let plane = analysis::plane::plane(&report.problem, args.seed);
    Ok(Figure::Space(
        figure::space(s, &report, plane, events).map_err(bad)?,
    ))
}

/// A results file's ranking and head-to-head table, in the ranking's order, titled by its name.
pub fn tournament_figure(
    db: &str,
    results: &crate::tournament::Results,
    report: &pactum_schema::TournamentReport,
) -> figure::TournamentFigure {
    // In the ranking's order.
    let order: Vec<String> = report
        .strategies
        .iter()
        .map(|s| s.strategy.clone())
        .collect();
    let against = pactum_tournament::summary::head_to_head(&results.rows, &order);
    let cells = against
        .iter()
        .map(|row| {
            row.iter()
                .map(|e| (!e.mean.is_nan()).then_some(e.mean))
                .collect()
        })
        .collect();
    let title = std::path::Path::new(db)
        .file_name()
        .map_or_else(|| db.to_string(), |n| n.to_string_lossy().into_owned());
    figure::tournament(&title, report, cells)
}
