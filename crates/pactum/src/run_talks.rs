//! `pactum talks`, `pactum strategies` and `pactum replay`: choosing the protocol and the
//! strategies, running the talks, writing the record.

use crate::table;
use crate::{Failure, Format, bad_analysis, report, source, to_json};
use clap::builder::TypedValueParser;
use pactum_core::analysis::{self, Problem};
use pactum_core::talks::{
    self, Log, Mediator, Overrides, Plan, Protocol, Session, Sink, StrategySpec,
};
use pactum_formats::output;
use pactum_formats::record;
use pactum_schema::Event;

/// `--protocol`: the names come from the engine's list.
pub fn protocol_parser() -> impl clap::builder::TypedValueParser<Value = Protocol> {
    clap::builder::PossibleValuesParser::new(Protocol::FAMILIES.map(Protocol::name))
        .map(|name| Protocol::parse(&name).expect("a listed name"))
}

/// `--mediator`: the names come from the engine's list.
pub fn mediator_parser() -> impl clap::builder::TypedValueParser<Value = Mediator> {
    clap::builder::PossibleValuesParser::new(Mediator::ALL.map(Mediator::name))
        .map(|name| Mediator::parse(&name).expect("a listed name"))
}

#[derive(clap::Args, Default)]
pub struct TalksArgs {
    #[command(flatten)]
    pub source: source::ScenarioArgs,
    /// Seed for every random choice (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Deadline in rounds (default: the scenario's), at most 100,000: the talks keep their whole
    /// record for the round table and the JSON (about 9 KB a round for two parties, 0.9 GB at
    /// the limit). Tournaments, which keep counts only, take up to 1,000,000.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rounds: Option<u32>,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback) for this run. Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    pub relax: Vec<String>,
    /// The protocol (default: the scenario's, else single-text); `pactum protocols` lists them.
    #[arg(long, value_parser = protocol_parser())]
    pub protocol: Option<Protocol>,
    /// The mediator of the single-text protocol (default: the scenario's, else nash).
    #[arg(long, value_parser = mediator_parser())]
    pub mediator: Option<Mediator>,
    /// A party's strategy under saop or alternating, as PARTY=NAME[:key=value,...] (see
    /// `pactum strategies`), or PARTY=exec:COMMAND for an outside agent speaking pactum.agent
    /// JSON lines (docs/agents.md). Repeatable; a party without one plays the scenario's
    /// `strategy` for it, else boulware.
    #[arg(long, value_name = "PARTY=STRATEGY")]
    pub strategy: Vec<String>,
    #[command(flatten)]
    pub budget: AgentBudget,
    /// Write the talks record (one JSON event per line) to FILE.
    #[arg(long, value_name = "FILE.jsonl")]
    pub record: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Leave out the briefing: print the talks, the result and the zone only.
    #[arg(long)]
    pub quiet: bool,
    /// Show every round, not only the rounds where something changed, and print each event on
    /// stderr as it happens.
    #[arg(long)]
    pub verbose: bool,
    /// Print the time spent reading the scenario and running the talks, and the offers made
    /// per second, on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// `--strategy PARTY=SPEC` values, each parsed once.
fn strategy_overrides(specs: &[String]) -> Result<Vec<(String, StrategySpec)>, Failure> {
    specs
        .iter()
        .map(|spec| {
            let Some((party, name)) = spec.split_once('=') else {
                return Err(Failure::BadInput(format!(
                    "error: `--strategy {spec}`: expected PARTY=STRATEGY, e.g. russia=boulware:e=4\n"
                )));
            };
            let parsed = StrategySpec::parse(name)
                .map_err(|e| Failure::BadInput(format!("error: --strategy: {e}\n")))?;
            Ok((party.to_string(), parsed))
        })
        .collect()
}

/// Prints each event on stderr as the protocol pushes it (`--verbose`).
struct Printer<'a> {
    session: &'a Session,
    plan: &'a Plan,
}

impl Sink for Printer<'_> {
    fn event(&mut self, event: &talks::Event) {
        let named = record::from_events(self.session, self.plan, std::slice::from_ref(event));
        for e in &named.events {
            say_err!("{}\n", describe(e));
        }
    }
}

/// The plan of the run `args` asks for.
pub fn plan(s: &pactum_core::Scenario, args: &TalksArgs) -> Result<Plan, Failure> {
    // `--protocol single-text` names the family: its mediator is `--mediator`, else the
    // scenario's.
    let protocol = match args.protocol {
        Some(Protocol::SingleText(_)) => Some(Protocol::SingleText(
            args.mediator.or(s.talks.mediator).unwrap_or_default(),
        )),
        p => p,
    };
    let overrides = Overrides {
        protocol,
        mediator: args.mediator,
        rounds: args.rounds,
        seed: args.seed,
        relax: args.relax.clone(),
        strategies: strategy_overrides(&args.strategy)?,
    };
    let plan = Plan::for_scenario(s, &overrides).map_err(bad_analysis)?;
    plan.check_recorded_rounds(pactum_core::talks::plan::MAX_RECORDED_ROUNDS)
        .map_err(bad_analysis)?;
    Ok(plan)
}

/// How long an outside agent may think.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct AgentBudget {
    /// Seconds an outside agent (exec:) may take for one answer, its start included; one that
    /// takes longer is killed and its negotiation ends as an error.
    #[arg(long, value_name = "SECONDS", default_value_t = pactum_agents::DEFAULT_MOVE_SECONDS, value_parser = seconds)]
    pub agent_move_seconds: f64,
    /// Seconds an outside agent may take for all its answers in one negotiation.
    #[arg(long, value_name = "SECONDS", default_value_t = pactum_agents::DEFAULT_NEGOTIATION_SECONDS, value_parser = seconds)]
    pub agent_negotiation_seconds: f64,
}

impl Default for AgentBudget {
    fn default() -> Self {
        AgentBudget {
            agent_move_seconds: pactum_agents::DEFAULT_MOVE_SECONDS,
            agent_negotiation_seconds: pactum_agents::DEFAULT_NEGOTIATION_SECONDS,
        }
    }
}

impl AgentBudget {
    pub fn budget(&self) -> pactum_agents::Budget {
        pactum_agents::Budget {
            per_move: std::time::Duration::from_secs_f64(self.agent_move_seconds),
            per_negotiation: std::time::Duration::from_secs_f64(self.agent_negotiation_seconds),
        }
    }
}

/// A budget in seconds: positive, finite, at most a day.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 86_400.0 => Ok(x),
        _ => Err(format!(
            "`{text}` is not a number of seconds; expected a number > 0 and ≤ 86400"
        )),
    }
}

/// The talks `args` ask for on `s`, run quietly: the plan and the record's events (for
/// commands that draw or report the talks rather than print them).
pub fn record_of(
    s: &pactum_core::Scenario,
    args: &TalksArgs,
) -> Result<(Plan, Vec<Event>), Failure> {
    let plan = plan(s, args)?;
    let session = Session::new(s, &plan).map_err(bad_analysis)?;
    let mut log = Log::default();
    let budget = args.budget.budget();
    let mut seat =
        |slot: usize, spec: &StrategySpec| pactum_agents::seat(&session, &plan, slot, spec, budget);
    talks::run_seated(&session, &plan, &mut log, &mut seat);
    let result = record::from_events(&session, &plan, &log.events);
    Ok((plan, result.events))
}

pub fn run(args: TalksArgs) -> Result<String, Failure> {
    let started = std::time::Instant::now();
    // A space too large to enumerate is the talks' to judge: the offer protocols bid from ladders.
    let s = source::load(&args.source, true).map_err(Failure::BadInput)?;
    let read = started.elapsed();
    let plan = plan(&s, &args)?;
    let problem = Problem::new(&s, &plan.relaxed).map_err(bad_analysis)?;
    let begun = std::time::Instant::now();
    // The talks check the size of the space first, with their own limit and message.
    let session = Session::new(&s, &plan).map_err(bad_analysis)?;
    let mut log = Log::default();
    let negotiation_started = std::time::Instant::now();
    let progress = crate::progress::Progress::new("talks");
    let mut ticks = crate::progress::TalksProgress {
        progress: &progress,
        rounds: plan.rounds,
        events: 0,
    };
    let budget = args.budget.budget();
    let mut seat =
        |slot: usize, spec: &StrategySpec| pactum_agents::seat(&session, &plan, slot, spec, budget);
    let ending = if args.verbose {
        let mut printer = Printer {
            session: &session,
            plan: &plan,
        };
        talks::run_seated(
            &session,
            &plan,
            &mut (&mut log, (&mut printer, &mut ticks)),
            &mut seat,
        )
    } else {
        talks::run_seated(&session, &plan, &mut (&mut log, &mut ticks), &mut seat)
    };
    progress.finish();
    let negotiation = negotiation_started.elapsed().as_secs_f64();
    let result = record::from_events(&session, &plan, &log.events);
    if args.timings {
        let total = begun.elapsed().as_secs_f64();
        let offers = log
            .events
            .iter()
            .filter(|e| matches!(e, talks::Event::Offer { .. }))
            .count();
        say_err!(
            "timings: read {:.6} s, talks {total:.6} s (negotiation {negotiation:.6} s, the rest preparing the parties and building the record), {offers} offers, {:.0} offers/s in negotiation\n",
            read.as_secs_f64(),
            offers as f64 / negotiation.max(1e-9)
        );
    }
    let zone = output::TalksZone::of(&problem, &session).map_err(bad_analysis)?;
    if let Some(path) = &args.record {
        crate::write_atomically(path, &record::write_jsonl(&result.events))?;
    }
    match args.format {
        Format::Json => to_json(&output::talks_json(&s, &plan, &result, &ending, &zone)),
        Format::Text => {
            let mut out = if args.quiet {
                String::new()
            } else {
                crate::briefing::render(&s)
            };
            out.push_str(&report::talks(
                &s,
                &plan,
                &session,
                &result,
                &ending,
                &zone,
                args.verbose,
            ));
            if zone.found().is_some_and(|z| z.acceptable == 0) {
                out.push_str(&report::conflicts(
                    &analysis::coalitions::conflicts(&problem),
                    true,
                ));
            }
            Ok(crate::table::fit(&out))
        }
    }
}

/// For tests and callers that want the record alone.
pub fn list_strategies() -> String {
    let mut t = table::new(&["Strategy", "Parameters (default; allowed)", "What it does"]);
    for e in talks::REGISTRY {
        t.add_row(vec![
            e.name.to_string(),
            if e.params.is_empty() {
                "—".to_string()
            } else {
                e.params
                    .iter()
                    .map(|p| format!("{}={} ({})", p.name, p.default, p.range()))
                    .collect::<Vec<_>>()
                    .join("\n")
            },
            format!("{}\nSource: {}", e.about, e.source),
        ]);
    }
    let mut boa = table::new(&[
        "BOA part",
        "Component",
        "Parameters (default; allowed)",
        "What it does",
    ]);
    let params = |ps: &[talks::registry::Param]| {
        if ps.is_empty() {
            "—".to_string()
        } else {
            ps.iter()
                .map(|p| format!("{}={} ({})", p.name, p.default, p.range()))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    use talks::boa;
    let rows: Vec<(&str, &str, &[talks::registry::Param], &str, &str)> = boa::OFFERING
        .iter()
        .map(|c| ("offer", c.name, c.params, c.about, c.source))
        .chain(
            boa::ACCEPTANCE
                .iter()
                .map(|c| ("accept", c.name, c.params, c.about, c.source)),
        )
        .chain(
            boa::MODELS
                .iter()
                .map(|c| ("model", c.name, c.params, c.about, c.source)),
        )
        .chain(
            boa::MODEL_STRATEGIES
                .iter()
                .map(|c| ("oms", c.name, c.params, c.about, c.source)),
        )
        .collect();
    for (part, name, ps, about, source) in rows {
        boa.add_row(vec![
            part.to_string(),
            name.to_string(),
            params(ps),
            format!("{about}\nSource: {source}"),
        ]);
    }
    format!(
        "{t}\nBOA agents: --strategy 'PARTY=boa:offer=timedep(e=0.2),accept=combi(t=0.98),model=hardheaded,oms=bestbid', each part optional (defaults timedep, next, uniform, bestbid):\n{boa}\nUse as --strategy PARTY=NAME[:key=value,...], e.g. --strategy russia=boulware:e=6, or seat an outside agent with --strategy PARTY=exec:COMMAND (a program speaking pactum.agent JSON lines: docs/agents.md).\nTime-dependent targets: max − (max − min)·t^e, t from 0 (first round) to 1 (deadline); e > 1 concedes late. GENIUS writes 1 − t^(1/e): its e is the reciprocal.\n"
    )
}

/// Prints a record written with --record as text.
pub fn replay(path: &str) -> Result<String, Failure> {
    let bytes = crate::source::read_bounded(
        std::path::Path::new(path),
        record::MAX_FILE_BYTES,
        "a talks record",
    )
    .map_err(Failure::BadInput)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let events = record::read_jsonl(path, &text)
        .map_err(|d| Failure::BadInput(format!("{}\n", d.render(&text))))?;
    let mut out = String::new();
    for event in &events {
        out.push_str(&describe(event));
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
                disclosed
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        Event::Proposal {
            round,
            from,
            text,
            revised,
            why,
        } => format!(
            "[{round:>3}] {from} proposes {}{}{}",
            terms(text),
            if revised.is_empty() {
                String::new()
            } else {
                format!(" (changed: {})", revised.join(", "))
            },
            why.as_ref()
                .map(|w| format!("\n        why: {w}"))
                .unwrap_or_default()
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
        Event::Model {
            round,
            party,
            of,
            score,
        } => format!(
            "[{round:>3}]   {party}'s model of {of}: Kendall τ {:.3}, Pearson {:.3}, RMS error {:.3}, frontier error {:.3}{}",
            score.kendall,
            score.pearson,
            score.euclidean,
            score.frontier,
            match (score.reservation, score.true_reservation) {
                (Some(r), Some(t)) => format!(", fallback {r:.3} (truly {t:.3})"),
                _ => String::new(),
            }
        ),
        Event::Error {
            round,
            party,
            message,
        } => format!("[{round:>3}] ERROR in the strategy of {party}: {message}"),
        Event::Verdicts { party, verdicts } => {
            let accepted: Vec<&pactum_schema::Verdict> =
                verdicts.iter().filter(|v| v.round.is_some()).collect();
            let mut line = format!(
                "[end]   {party}'s acceptance conditions: {} of {} would have accepted",
                accepted.len(),
                verdicts.len()
            );
            if let (Some(first), Some(last)) = (
                accepted.iter().min_by_key(|v| v.round),
                accepted.iter().max_by_key(|v| v.round),
            ) {
                line.push_str(&format!(
                    "; first {} in round {} ({:.3}), last {} in round {} ({:.3})",
                    first.condition,
                    first.round.unwrap_or(0),
                    first.utility.unwrap_or(0.0),
                    last.condition,
                    last.round.unwrap_or(0),
                    last.utility.unwrap_or(0.0)
                ));
            }
            line
        }
    }
}
