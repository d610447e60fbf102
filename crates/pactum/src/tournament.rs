//! `pactum tournament`: loading the scenarios, running the tournament, the summary table and
//! the rows.

use crate::source::{self, ScenarioArgs};
use crate::{Failure, table, write_atomically};
use pactum_core::number;
use pactum_core::scenario::Scenario;
use pactum_core::talks::{Mediator, Protocol, StrategySpec};
use pactum_schema::TournamentRow;
use pactum_tournament::{Config as Plan, row, run as run_tournament};

#[derive(clap::Args, Clone, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TournamentArgs {
    #[command(subcommand)]
    pub action: Option<TournamentAction>,
    /// Scenarios: .toml files, GENIUS or GeniusWeb folders, or bundled names (default:
    /// car-purchase, supply-contract, inheritance).
    pub scenarios: Vec<String>,
    /// Store every negotiation in this SQLite file, committed in batches: a run killed at any
    /// moment and started again with --resume runs only the missing negotiations.
    #[arg(long, value_name = "FILE.sqlite")]
    pub db: Option<String>,
    /// With --db: continue the run the file holds (the same plan), running only what it lacks.
    #[arg(long, requires = "db")]
    pub resume: bool,
    /// With --db: run only the slice I of N (the negotiations whose place in the plan is I
    /// modulo N, I from 0), for a job array; `pactum tournament merge` joins the slices.
    #[arg(long, value_name = "I/N", requires = "db", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,
    /// Comma-separated strategy specs (see `pactum strategies`); each plays every role.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "boulware,linear,conceder,hardliner,tit-for-tat"
    )]
    pub strategies: Vec<String>,
    /// Negotiations per pairing and assignment of roles.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub repetitions: u32,
    /// Deadline in rounds (default: each scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rounds: Option<u32>,
    /// Seed of the tournament; each negotiation's seed derives from it and its place.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Let a strategy negotiate against itself.
    #[arg(long)]
    pub self_play: bool,
    /// `saop`: every party acts each round; `alternating`: one party per round, each offer its
    /// own period (bilateral alternating offers); `single-text`: the mediated protocols, where
    /// the parties vote and play no strategy.
    /// Default: saop.
    #[arg(long, value_parser = crate::run_talks::protocol_parser())]
    pub protocol: Option<Protocol>,
    /// The mediator under `--protocol single-text` (default nash).
    #[arg(long, value_parser = crate::run_talks::mediator_parser())]
    pub mediator: Option<Mediator>,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback) in every negotiation.
    /// Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    pub relax: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: TournamentFormat,
    /// Also write every negotiation as a JSON row per line to FILE.
    #[arg(long, value_name = "FILE.jsonl")]
    pub rows: Option<String>,
}

#[derive(clap::Subcommand, Clone, Debug)]
pub enum TournamentAction {
    /// Merge the shards of one tournament (files written with --db --shard) into one file.
    Merge {
        /// The shard files.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The merged file to create (it must not exist).
        #[arg(short, long, value_name = "ALL.sqlite")]
        output: String,
    },
}

/// `I/N` with `I < N`.
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("`{text}`: expected I/N with 0 ≤ I < N, e.g. 0/4");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum TournamentFormat {
    /// A table per strategy.
    #[default]
    Text,
    /// One `pactum.tournament_row` JSON object per line.
    Jsonl,
}

fn load(names: &[String]) -> Result<Vec<Scenario>, Failure> {
    let defaults = ["car-purchase", "supply-contract", "inheritance"];
    let names: Vec<String> = if names.is_empty() {
        defaults.iter().map(|s| s.to_string()).collect()
    } else {
        names.to_vec()
    };
    names
        .iter()
        .map(|name| {
            let args = ScenarioArgs {
                scenario: Some(name.clone()),
                ..Default::default()
            };
            source::load(&args, false).map_err(Failure::BadInput)
        })
        .collect()
}

pub fn run(args: TournamentArgs) -> Result<String, Failure> {
    if let Some(TournamentAction::Merge { inputs, output }) = &args.action {
        let n = pactum_tournament::store::merge(inputs, output)
            .map_err(|e| Failure::BadInput(format!("error: {e}\n")))?;
        return Ok(format!(
            "merged {n} negotiations from {} file(s) into {output}\n",
            inputs.len()
        ));
    }
    let scenarios = load(&args.scenarios)?;
    let strategies = args
        .strategies
        .iter()
        .map(|spec| {
            StrategySpec::parse(spec)
                .map_err(|e| Failure::BadInput(format!("error: --strategies: {e}\n")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let protocol = match (args.protocol.unwrap_or(Protocol::Saop), args.mediator) {
        (Protocol::SingleText(_), Some(m)) => Protocol::SingleText(m),
        (p, Some(_)) => {
            return Err(Failure::BadInput(format!(
                "error: --mediator applies to --protocol single-text; {} has no mediator\n",
                p.id()
            )));
        }
        (p, None) => p,
    };
    let plan = Plan {
        strategies,
        repetitions: args.repetitions,
        rounds: args.rounds,
        seed: args.seed,
        self_play: args.self_play,
        protocol,
        relax: args.relax.clone(),
    };
    let rows: Vec<TournamentRow> = match &args.db {
        Some(db) => stored(
            &scenarios,
            &plan,
            db,
            args.resume,
            args.shard.unwrap_or((0, 1)),
        )?,
        None => {
            let played = run_tournament(&scenarios, &plan)
                .map_err(|e| Failure::BadInput(format!("error: {e}\n")))?;
            played.iter().map(|p| row(&scenarios, &plan, p)).collect()
        }
    };
    let mut jsonl = String::new();
    for r in &rows {
        jsonl.push_str(&serde_json::to_string(r).map_err(|e| Failure::Internal(e.to_string()))?);
        jsonl.push('\n');
    }
    if let Some(path) = &args.rows {
        write_atomically(path, &jsonl)?;
    }
    Ok(match args.format {
        TournamentFormat::Jsonl => jsonl,
        TournamentFormat::Text => summary(&scenarios, &plan, &rows),
    })
}

/// Runs (or resumes) the tournament into `db` and returns every row it holds, by place.
fn stored(
    scenarios: &[Scenario],
    plan: &Plan,
    db: &str,
    resume: bool,
    shard: (u64, u64),
) -> Result<Vec<TournamentRow>, Failure> {
    use pactum_tournament::store::Store;
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let manifest = pactum_tournament::manifest(scenarios, plan).map_err(|e| bad(&e))?;
    let mut store = Store::open(db, &manifest, shard, resume).map_err(|e| bad(&e))?;
    let progress = crate::progress::Progress::new("tournament");
    let ran = pactum_tournament::run_stored(scenarios, plan, &mut store, shard, &|done, total| {
        progress.tick(done, total, "negotiations")
    });
    progress.finish();
    ran.map_err(|e| bad(&e))?;
    store
        .rows()
        .map_err(|e| bad(&e))?
        .iter()
        .map(|s| {
            serde_json::from_str(&s.row)
                .map_err(|e| Failure::Internal(format!("a stored row does not read back: {e}")))
        })
        .collect()
}

/// Per strategy, over every role it played: agreements, what it ended with, and how efficient
/// its agreements were.
fn summary(scenarios: &[Scenario], plan: &Plan, rows: &[TournamentRow]) -> String {
    let mut out = format!(
        "Tournament: {} negotiations ({}) on {} scenario(s): {}; {} strategies, {} repetition(s), seed {}\n\n",
        rows.len(),
        plan.protocol.id(),
        scenarios.len(),
        scenarios
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        plan.strategies.len(),
        plan.repetitions,
        plan.seed
    );
    struct Tally {
        games: u32,
        agreements: u32,
        utility: f64,
        advantage: f64,
        pareto: f64,
        rounds: f64,
    }
    let mut tallies: Vec<Tally> = plan
        .strategies
        .iter()
        .map(|_| Tally {
            games: 0,
            agreements: 0,
            utility: 0.0,
            advantage: 0.0,
            pareto: 0.0,
            rounds: 0.0,
        })
        .collect();
    for r in rows {
        for (party, spec) in &r.strategies {
            let Some(k) = plan
                .strategies
                .iter()
                .position(|s| Some(s.to_string().as_str()) == spec.as_str())
            else {
                continue;
            };
            let t = &mut tallies[k];
            t.games += 1;
            t.utility += r.utilities[party].as_f64().unwrap_or(0.0);
            t.advantage += r.advantages[party].as_f64().unwrap_or(0.0);
            if r.agreement {
                t.agreements += 1;
                t.pareto += r.pareto_distance.unwrap_or(0.0);
                t.rounds += f64::from(r.round);
            }
        }
    }
    let mut order: Vec<usize> = (0..tallies.len()).collect();
    let mean = |sum: f64, n: u32| if n == 0 { f64::NAN } else { sum / f64::from(n) };
    order.sort_by(|&a, &b| {
        mean(tallies[b].utility, tallies[b].games)
            .total_cmp(&mean(tallies[a].utility, tallies[a].games))
            .then(a.cmp(&b))
    });
    let mut t = table::new(&[
        "#",
        "Strategy",
        "Negotiations",
        "Agreements",
        "Mean utility",
        "Mean advantage",
        "Mean distance to frontier",
        "Mean rounds to agree",
    ]);
    for (rank, &k) in order.iter().enumerate() {
        let x = &tallies[k];
        let shown = |v: f64| {
            if v.is_nan() {
                "–".to_string()
            } else {
                number::trim(v, 3)
            }
        };
        t.add_row(vec![
            (rank + 1).to_string(),
            plan.strategies[k].to_string(),
            x.games.to_string(),
            format!(
                "{} ({}%)",
                x.agreements,
                number::trim(100.0 * mean(f64::from(x.agreements), x.games), 0)
            ),
            shown(mean(x.utility, x.games)),
            shown(mean(x.advantage, x.games)),
            shown(mean(x.pareto, x.agreements)),
            shown(mean(x.rounds, x.agreements)),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str("Utility: what a party ends with (its discounted utility of the agreement, or its fallback); advantage: that minus its opening fallback; distance: from the agreement to the nearest Pareto-optimal acceptable outcome. `--format jsonl` lists every negotiation.\n");
    out
}
