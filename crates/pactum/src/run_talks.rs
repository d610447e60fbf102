//! `pactum talks`, `pactum strategies` and `pactum replay`: choosing the protocol and the
//! strategies, running the talks, writing the record.

use crate::table;
use crate::{Failure, Format, bad_analysis, load, report, source, to_json};
use clap::ValueEnum;
use pactum_core::analysis::{self, Problem};
use pactum_core::scenario::Scenario;
use pactum_core::talks::mediated::Talks;
use pactum_core::talks::record::Event;
use pactum_core::talks::{TalksConfig, mediated, saop, single_text, strategy};
use pactum_formats::output;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    /// Mediated single text: the mediator drafts one complete text and revises it.
    #[default]
    SingleText,
    /// Stacked alternating offers (the ANAC multilateral protocol), 2 or more parties.
    Saop,
    /// Bilateral alternating offers with discounting: two parties, one offer per round (each
    /// round a period of its own, as in Rubinstein's model).
    Alternating,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Mediator {
    /// Caucus, then texts aiming at the Nash point of the mediator's estimates.
    #[default]
    Nash,
    /// Klein et al.: random one-issue variants adopted when no party likes them less.
    HillClimbing,
    /// Klein et al. with annealing voters.
    Annealing,
}

#[derive(clap::Args, Default)]
pub struct TalksArgs {
    #[command(flatten)]
    pub source: source::ScenarioArgs,
    /// Seed for every random choice (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Deadline in rounds (default: the scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rounds: Option<u32>,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback) for this run. Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    pub relax: Vec<String>,
    /// The protocol (default: the scenario's, else single-text).
    #[arg(long, value_enum)]
    pub protocol: Option<Protocol>,
    /// The mediator of the single-text protocol (default: the scenario's, else nash).
    #[arg(long, value_enum)]
    pub mediator: Option<Mediator>,
    /// A party's strategy under saop or alternating, as PARTY=NAME[:key=value,...] (see
    /// `pactum strategies`). Repeatable; a party without one plays the scenario's `strategy`
    /// for it, else boulware.
    #[arg(long, value_name = "PARTY=STRATEGY")]
    pub strategy: Vec<String>,
    /// Write the talks record (one JSON event per line) to FILE.
    #[arg(long, value_name = "FILE.jsonl")]
    pub record: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Show every round, not only the rounds where something changed.
    #[arg(long)]
    pub verbose: bool,
    /// Print the time spent reading the scenario and running the talks, and the offers made
    /// per second, on stderr.
    #[arg(long)]
    pub timings: bool,
}

fn strategies_for(
    s: &Scenario,
    session: &saop::Session,
    specs: &[String],
) -> Result<Vec<Box<dyn strategy::Strategy>>, Failure> {
    let mut chosen: Vec<String> = default_strategies(s, session);
    for spec in specs {
        let Some((party, name)) = spec.split_once('=') else {
            return Err(Failure::BadInput(format!(
                "error: `--strategy {spec}`: expected PARTY=STRATEGY, e.g. russia=boulware:e=4\n"
            )));
        };
        let Some(slot) = session.parties.iter().position(|p| p == party) else {
            let known = session.parties.join(", ");
            let what = if s.party_index(party).is_some() {
                "is not a negotiating party"
            } else {
                "names no party"
            };
            return Err(Failure::BadInput(format!(
                "error: `--strategy {spec}`: `{party}` {what}; expected one of {known}\n"
            )));
        };
        chosen[slot] = name.to_string();
    }
    chosen
        .iter()
        .map(|spec| {
            strategy::parse(spec)
                .map_err(|e| Failure::BadInput(format!("error: --strategy: {e}\n")))
        })
        .collect()
}

/// Runs the protocol chosen by `args`.
fn talks(s: &Scenario, args: &TalksArgs, config: &TalksConfig) -> Result<(Talks, f64), Failure> {
    let protocol = args.protocol.unwrap_or(match s.talks.protocol.as_deref() {
        Some("saop") => Protocol::Saop,
        Some("alternating") => Protocol::Alternating,
        _ => Protocol::SingleText,
    });
    let mediator = args.mediator.unwrap_or(match s.talks.mediator.as_deref() {
        Some("hill-climbing") => Mediator::HillClimbing,
        Some("annealing") => Mediator::Annealing,
        _ => Mediator::Nash,
    });
    if protocol == Protocol::SingleText && !args.strategy.is_empty() {
        return Err(Failure::BadInput("error: --strategy applies to --protocol saop or alternating; the single-text protocol's parties vote by their preferences\n".into()));
    }
    match (protocol, mediator) {
        (Protocol::SingleText, Mediator::Nash) => {
            let begun = std::time::Instant::now();
            let talks = mediated::run(s, config).map_err(bad_analysis)?;
            Ok((talks, begun.elapsed().as_secs_f64()))
        }
        (Protocol::SingleText, voting) => {
            let session = saop::Session::new(s, &config.relaxed).map_err(bad_analysis)?;
            let voting = if voting == Mediator::HillClimbing {
                single_text::Voting::HillClimbing
            } else {
                single_text::Voting::Annealing
            };
            let begun = std::time::Instant::now();
            let run = single_text::run(s, &session, voting, config.rounds, config.seed)
                .map_err(bad_analysis)?;
            let seconds = begun.elapsed().as_secs_f64();
            let name = if voting == single_text::Voting::HillClimbing {
                "single-text/hill-climbing"
            } else {
                "single-text/annealing"
            };
            let talks = Talks {
                protocol: name.into(),
                events: run.events,
                rounds: run.rounds,
                ending: run.ending,
                parties: session.parties,
            };
            Ok((talks, seconds))
        }
        (protocol, _) => {
            let session = saop::Session::new(s, &config.relaxed).map_err(bad_analysis)?;
            if protocol == Protocol::Alternating && session.parties.len() != 2 {
                return Err(Failure::BadInput(format!(
                    "error: --protocol alternating is bilateral, and `{}` has {} negotiating parties; use --protocol saop\n",
                    s.id,
                    session.parties.len()
                )));
            }
            let mut strategies = strategies_for(s, &session, &args.strategy)?;
            let begun = std::time::Instant::now();
            let timing = if protocol == Protocol::Alternating {
                saop::Timing::Turns
            } else {
                saop::Timing::Rounds
            };
            let run = saop::negotiate_with(
                &session,
                &mut strategies,
                config.rounds,
                config.seed,
                timing,
            );
            let seconds = begun.elapsed().as_secs_f64();
            let (events, rounds) = saop::record(s, &session, &run);
            let names: Vec<String> = session
                .parties
                .iter()
                .zip(chosen_names(s, &session, &args.strategy))
                .map(|(p, n)| format!("{p}={n}"))
                .collect();
            let name = if protocol == Protocol::Saop {
                "saop"
            } else {
                "alternating"
            };
            let talks = Talks {
                protocol: format!("{name} ({})", names.join(", ")),
                events,
                rounds,
                ending: run.ending,
                parties: session.parties,
            };
            Ok((talks, seconds))
        }
    }
}

fn default_strategies(s: &Scenario, session: &saop::Session) -> Vec<String> {
    session
        .parties
        .iter()
        .map(|p| {
            s.party_index(p)
                .and_then(|i| s.parties[i].strategy.clone())
                .unwrap_or_else(|| "boulware".to_string())
        })
        .collect()
}

fn chosen_names(s: &Scenario, session: &saop::Session, specs: &[String]) -> Vec<String> {
    let defaults = default_strategies(s, session);
    session
        .parties
        .iter()
        .zip(defaults)
        .map(|(p, d)| {
            specs
                .iter()
                .rev()
                .find_map(|x| x.strip_prefix(&format!("{p}=")))
                .map_or(d, str::to_string)
        })
        .collect()
}

/// Writes the record atomically: to a sibling first, then moved into place.
fn write_record(path: &str, events: &[Event]) -> Result<(), Failure> {
    let mut text = String::new();
    for e in events {
        text.push_str(&serde_json::to_string(e).map_err(|e| Failure::Internal(e.to_string()))?);
        text.push('\n');
    }
    crate::write_atomically(path, &text)
}

pub fn run(args: TalksArgs) -> Result<String, Failure> {
    let started = std::time::Instant::now();
    let s = load(&args.source)?;
    let read = started.elapsed();
    let relaxed = analysis::resolve_relaxations(&s, &args.relax).map_err(bad_analysis)?;
    let config = TalksConfig {
        rounds: args.rounds.unwrap_or(s.talks.rounds),
        seed: args.seed.unwrap_or(s.talks.seed),
        relaxed: relaxed.clone(),
    };
    let problem = Problem::new(&s, &relaxed).map_err(bad_analysis)?;
    let begun = std::time::Instant::now();
    // The talks check the size of the space first, with their own limit and message.
    let (result, negotiation) = talks(&s, &args, &config)?;
    if args.timings {
        let total = begun.elapsed().as_secs_f64();
        let offers = result
            .events
            .iter()
            .filter(|e| matches!(e, Event::Proposal { .. }))
            .count();
        eprintln!(
            "timings: read {:.6} s, talks {total:.6} s (negotiation {negotiation:.6} s, the rest building the record), {offers} offers, {:.0} offers/s in negotiation",
            read.as_secs_f64(),
            offers as f64 / negotiation.max(1e-9)
        );
    }
    let zone = analysis::zone(&problem).map_err(bad_analysis)?;
    if let Some(path) = &args.record {
        write_record(path, &result.events)?;
    }
    match args.format {
        Format::Json => to_json(&output::talks_json(&s, &config, &result, &zone)),
        Format::Text => {
            let mut out = crate::briefing::render(&s);
            out.push_str(&report::talks(&s, &config, &result, &zone, args.verbose));
            Ok(out)
        }
    }
}

pub fn list_strategies() -> String {
    let mut t = table::new(&["Strategy", "Parameters (defaults)", "What it does"]);
    for d in strategy::catalogue() {
        t.add_row(vec![
            d.name.to_string(),
            if d.parameters.is_empty() {
                "—".to_string()
            } else {
                d.parameters.to_string()
            },
            d.about.to_string(),
        ]);
    }
    format!(
        "{t}\nUse as --strategy PARTY=NAME[:key=value,...], e.g. --strategy russia=boulware:e=6.\nTime-dependent targets: max − (max − min)·t^e, t from 0 (first round) to 1 (deadline); e > 1 concedes late. GENIUS writes 1 − t^(1/e): its e is the reciprocal.\n"
    )
}

/// Prints a record written with --record as text.
pub fn replay(path: &str) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::BadInput(format!("error: cannot read {path}: {e}\n")))?;
    let mut out = String::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = serde_json::from_str(line).map_err(|e| {
            Failure::BadInput(format!("error: {path}:{}:{}: not a talks-record event: {e}\n  expected one JSON event per line, as written by `pactum talks --record`\n", k + 1, e.column()))
        })?;
        out.push_str(&describe(&event));
        out.push('\n');
    }
    Ok(out)
}

fn terms(text: &[(String, String)]) -> String {
    text.iter()
        .map(|(i, v)| format!("{i}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(e: &Event) -> String {
    match e {
        Event::Caucus {
            round,
            mediator,
            party,
            when,
            place,
            disclosed,
        } => format!(
            "[{round:>3}] caucus: {mediator} meets {party}{}{}; learns {}",
            when.as_ref().map(|w| format!(" ({w})")).unwrap_or_default(),
            place
                .as_ref()
                .map(|p| format!(" in {p}"))
                .unwrap_or_default(),
            if disclosed.is_empty() {
                "nothing".into()
            } else {
                disclosed.join(", ")
            }
        ),
        Event::Proposal {
            round,
            from,
            text,
            revised,
        } => format!(
            "[{round:>3}] {from} proposes {}{}",
            terms(text),
            if revised.is_empty() {
                String::new()
            } else {
                format!(" (changed: {})", revised.join(", "))
            }
        ),
        Event::Answer { round, response } => format!(
            "[{round:>3}]   {} {} (utility {}){}{}",
            response.party,
            if response.accept {
                "accepts"
            } else {
                "rejects"
            },
            pactum_core::number::utility(response.utility),
            if response.red_lines.is_empty() {
                String::new()
            } else {
                format!("; crosses {}", response.red_lines.join(", "))
            },
            if response.objections.is_empty() {
                String::new()
            } else {
                format!("; objects to {}", response.objections.join(", "))
            }
        ),
        Event::Agreement { round, text } => format!("[{round:>3}] AGREEMENT: {}", terms(text)),
        Event::Deadline { round } => format!("[{round:>3}] deadline"),
        Event::Breakdown { round, reason } => format!("[{round:>3}] BREAKDOWN: {reason}"),
        Event::Error {
            round,
            party,
            message,
        } => format!("[{round:>3}] ERROR in the strategy of {party}: {message}"),
    }
}
