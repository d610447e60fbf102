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
    /// Threads to run on (default: every core). The results are the same whatever N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Comma-separated strategy specs (see `pactum strategies`); each plays every role
    /// (default: boulware,linear,conceder,hardliner,tit-for-tat). A spec's own parameters may
    /// follow it: `nash:e=2,window=64,boulware` is two specs.
    #[arg(long)]
    pub strategies: Option<Vec<String>>,
    /// Negotiations per pairing and assignment of roles (default 3).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub repetitions: Option<u32>,
    /// Deadline in rounds (default: each scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rounds: Option<u32>,
    /// Seed of the tournament; each negotiation's seed derives from it and its place
    /// (default 1).
    #[arg(long)]
    pub seed: Option<u64>,
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
    #[command(flatten)]
    pub budget: crate::run_talks::AgentBudget,
}

#[derive(clap::Subcommand, Clone, Debug)]
pub enum TournamentAction {
    /// Run the tournament a results file holds again, from its manifest, and say whether every
    /// stored row is reproduced byte for byte (exit 1 when one is not).
    Replay {
        /// The results file.
        file: String,
    },
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

/// The largest tournament config read.
const CONFIG_BYTES: usize = 1 << 20;

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

/// The scenarios a name stands for: a bundled name or a scenario path, or a folder of
/// scenario folders (each subfolder one scenario, in name order), as the ANL domain sets are.
fn expand(name: &str) -> Vec<String> {
    let path = std::path::Path::new(name);
    if !path.is_dir() {
        return vec![name.to_string()];
    }
    let holds_files = std::fs::read_dir(path).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let p = e.path();
            p.is_file()
                && p.extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("xml") || x.eq_ignore_ascii_case("json")
                })
        })
    });
    if holds_files {
        return vec![name.to_string()];
    }
    let mut subfolders: Vec<String> = std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    subfolders.sort();
    if subfolders.is_empty() {
        vec![name.to_string()]
    } else {
        subfolders
    }
}

/// Loads the scenarios; `place` says where each name comes from, for messages. Also returns
/// where each was read from (an absolute path, or a bundled name), for `tournament replay`.
fn load_named(names: &[(String, String)]) -> Result<(Vec<Scenario>, Vec<String>), Failure> {
    let mut out = Vec::new();
    let mut sources = Vec::new();
    for (name, place) in names {
        for one in expand(name) {
            let args = ScenarioArgs {
                scenario: Some(one.clone()),
                ..Default::default()
            };
            // Spaces too large to enumerate are played on inverse-utility ladders.
            let s =
                source::load(&args, true).map_err(|e| Failure::BadInput(format!("{place}{e}")))?;
            out.push(s);
            sources.push(
                std::fs::canonicalize(&one)
                    .map(|p| p.display().to_string())
                    .unwrap_or(one),
            );
        }
    }
    Ok((out, sources))
}

fn load(names: &[String]) -> Result<(Vec<Scenario>, Vec<String>), Failure> {
    let defaults = ["car-purchase", "supply-contract", "inheritance"];
    let names: Vec<(String, String)> = if names.is_empty() {
        defaults
            .iter()
            .map(|s| (s.to_string(), String::new()))
            .collect()
    } else {
        names.iter().map(|s| (s.clone(), String::new())).collect()
    };
    load_named(&names)
}

/// A tournament config named as the only argument (a `.toml` file with a `[tournament]`
/// table), read and checked before anything runs.
type Loaded = (Vec<Scenario>, Vec<String>, Plan);

fn config_of(args: &TournamentArgs) -> Result<Option<Loaded>, Failure> {
    let [only] = args.scenarios.as_slice() else {
        return Ok(None);
    };
    let path = std::path::Path::new(only);
    if !path.is_file() || !only.to_ascii_lowercase().ends_with(".toml") {
        return Ok(None);
    }
    // Read within a scenario's bound first: a .toml file may be either, and a scenario of
    // 2 MiB is no config that is too large (it was refused as one).
    let bytes = source::read_bounded(
        path,
        pactum_formats::scenario_toml::MAX_FILE_BYTES as u64,
        "a scenario file",
    )
    .map_err(Failure::BadInput)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if !pactum_formats::tournament_config::is_config(&text) {
        return Ok(None);
    }
    if bytes.len() > CONFIG_BYTES {
        return Err(Failure::BadInput(format!(
            "error: {only}: larger than the 1 MiB a tournament config may have\n  expected a smaller file (docs/reliability.md lists the limits)\n"
        )));
    }
    let c = pactum_formats::tournament_config::read(only, &text).map_err(|d| {
        Failure::BadInput(source::render(&d, &[(only.clone(), text.clone())], only))
    })?;
    let plan_flags = args.strategies.is_some()
        || args.repetitions.is_some()
        || args.seed.is_some()
        || args.rounds.is_some()
        || args.self_play
        || args.protocol.is_some()
        || args.mediator.is_some()
        || !args.relax.is_empty();
    if plan_flags {
        return Err(Failure::BadInput(format!(
            "error: {only} fixes the plan: --strategies, --repetitions, --seed, --rounds, --self-play, --protocol, --mediator and --relax go in its [tournament] table\n"
        )));
    }
    let base = path.parent().unwrap_or(std::path::Path::new("."));
    let names: Vec<(String, String)> = c
        .scenarios
        .iter()
        .map(|e| {
            let relative = base.join(&e.name);
            let name = if pactum_formats::bundled::get(&e.name).is_some() && !relative.exists() {
                e.name.clone()
            } else {
                relative.display().to_string()
            };
            (
                name,
                format!("{only}:{}:{}: scenario `{}`:\n", e.line, e.column, e.name),
            )
        })
        .collect();
    let (scenarios, sources) = load_named(&names)?;
    let mut budget = args.budget.budget();
    if let Some(s) = c.agent_move_seconds {
        budget.per_move = std::time::Duration::from_secs_f64(s);
    }
    if let Some(s) = c.agent_negotiation_seconds {
        budget.per_negotiation = std::time::Duration::from_secs_f64(s);
    }
    let plan = Plan {
        strategies: c.strategies,
        repetitions: c.repetitions,
        rounds: c.rounds,
        seed: c.seed,
        self_play: c.self_play,
        protocols: c.protocols,
        relax: c.relax,
        budget,
        seater: None,
    };
    Ok(Some((scenarios, sources, plan)))
}

pub fn run(args: TournamentArgs) -> Result<String, Failure> {
    if let Some(n) = args.jobs {
        // The first use of rayon's pool, so this cannot fail unless called twice.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global();
    }
    if let Some(TournamentAction::Merge { inputs, output }) = &args.action {
        let n = pactum_tournament::store::merge(inputs, output)
            .map_err(|e| Failure::BadInput(format!("error: {e}\n")))?;
        return Ok(format!(
            "merged {n} negotiations from {} file(s) into {output}\n",
            inputs.len()
        ));
    }
    if let Some(TournamentAction::Replay { file }) = &args.action {
        return replay(file);
    }
    if let Some((scenarios, sources, plan)) = config_of(&args)? {
        return finish(&args, &scenarios, &sources, &plan);
    }
    let (scenarios, sources) = load(&args.scenarios)?;
    let default_strategies: Vec<String> =
        ["boulware", "linear", "conceder", "hardliner", "tit-for-tat"]
            .map(String::from)
            .to_vec();
    let strategies = args
        .strategies
        .as_ref()
        .unwrap_or(&default_strategies)
        .iter()
        .flat_map(|list| pactum_core::talks::registry::split_list(list))
        .map(|spec| {
            let spec = spec.as_str();
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
        repetitions: args.repetitions.unwrap_or(3),
        rounds: args.rounds,
        seed: args.seed.unwrap_or(1),
        self_play: args.self_play,
        protocols: vec![protocol],
        relax: args.relax.clone(),
        budget: args.budget.budget(),
        seater: None,
    };
    finish(&args, &scenarios, &sources, &plan)
}

/// Runs the plan (into `--db` when given) and renders the rows.
fn finish(
    args: &TournamentArgs,
    scenarios: &[Scenario],
    sources: &[String],
    plan: &Plan,
) -> Result<String, Failure> {
    let (scenarios, plan) = (scenarios.to_vec(), plan.clone());
    // A plan that cannot run is refused before a results file is written.
    pactum_tournament::check(&scenarios, &plan)
        .map_err(|e| Failure::BadInput(format!("error: {e}\n")))?;
    let rows: Vec<TournamentRow> = match &args.db {
        Some(db) => stored(
            &scenarios,
            &plan,
            db,
            args.resume,
            args.shard.unwrap_or((0, 1)),
            sources,
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
    sources: &[String],
) -> Result<Vec<TournamentRow>, Failure> {
    use pactum_tournament::store::Store;
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let manifest = pactum_tournament::manifest(scenarios, plan).map_err(|e| bad(&e))?;
    let mut store = Store::open(db, &manifest, shard, resume).map_err(|e| bad(&e))?;
    // Where the scenarios were read from, for `tournament replay` (not part of the plan's hash:
    // the same scenarios may move).
    store
        .set_manifest_value("sources", &serde_json::json!(sources).to_string())
        .map_err(|e| bad(&e))?;
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
        plan.protocols
            .iter()
            .map(|p| p.id())
            .collect::<Vec<_>>()
            .join(", "),
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
    let names: Vec<String> = plan.strategies.iter().map(ToString::to_string).collect();
    out.push_str(&ranking(rows, &names));
    out
}

/// The per-strategy table of `rows`, and its legend.
fn ranking(rows: &[TournamentRow], names: &[String]) -> String {
    let mut out = String::new();
    let summaries = pactum_tournament::summary::summarise(rows, names);
    let shown = |e: &pactum_tournament::summary::Estimate| {
        if e.mean.is_nan() {
            "–".to_string()
        } else if e.n > 1 {
            format!("{} ± {}", number::trim(e.mean, 3), number::trim(e.ci95, 3))
        } else {
            number::trim(e.mean, 3)
        }
    };
    let mut t = table::new(&[
        "#",
        "Strategy",
        "Negotiations",
        "Agreements",
        "Utility (mean ± 95% CI)",
        "Advantage",
        "Pareto optimality",
        "Nash optimality",
        "Rounds to agree",
    ]);
    for x in &summaries {
        t.add_row(vec![
            x.rank.to_string(),
            x.strategy.clone(),
            x.negotiations.to_string(),
            format!(
                "{} ({}%)",
                x.agreements,
                if x.negotiations == 0 {
                    "–".to_string()
                } else {
                    number::trim(100.0 * x.agreements as f64 / x.negotiations as f64, 0)
                }
            ),
            shown(&x.utility),
            shown(&x.advantage),
            shown(&x.pareto_optimality),
            shown(&x.nash_optimality),
            shown(&x.rounds),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let failed: Vec<&TournamentRow> = rows.iter().filter(|r| r.error.is_some()).collect();
    if let Some(first) = failed.first() {
        out.push_str(&table::prose(&format!(
            "{} of {} negotiations ended in an error (a strategy or outside agent failed; its parties got their fallbacks). The first, on {} (repetition {}): {}",
            failed.len(),
            rows.len(),
            first.scenario,
            first.repetition,
            first.error.as_deref().unwrap_or_default()
        )));
        out.push('\n');
    }
    out.push_str(&table::prose("Utility: what a party ends with (its discounted utility of the agreement, or its fallback); advantage: that minus its opening fallback; optimalities as NegMAS defines them, on utilities normalised to 0..1, at the agreement or, without one, at the fallbacks (docs/json-output.md); ranks are shared by equal means. `--format jsonl` lists every negotiation."));
    out.push('\n');
    out
}

/// A table of each strategy's mean utility in each group of rows (by scenario, by protocol), the
/// groups in the order they first appear.
fn per_group(
    rows: &[TournamentRow],
    names: &[String],
    title: &str,
    key: impl Fn(&TournamentRow) -> String,
) -> String {
    let mut groups: Vec<String> = Vec::new();
    for r in rows {
        let k = key(r);
        if !groups.contains(&k) {
            groups.push(k);
        }
    }
    let mut out = String::new();
    table::heading(&mut out, title);
    let mut header = vec!["Strategy".to_string()];
    header.extend(groups.iter().cloned());
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table::new(&refs);
    for name in names {
        let mut line = vec![name.clone()];
        for g in &groups {
            let here: Vec<TournamentRow> = rows.iter().filter(|r| &key(r) == g).cloned().collect();
            let s = pactum_tournament::summary::summarise(&here, std::slice::from_ref(name));
            line.push(if s[0].utility.mean.is_nan() {
                "–".into()
            } else {
                number::trim(s[0].utility.mean, 3)
            });
        }
        t.add_row(line);
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// Which strategies end with more than which: every pair tested, Holm-corrected.
fn differences(rows: &[TournamentRow], names: &[String]) -> String {
    let pairs = pactum_tournament::significance::of_rows(rows, names);
    if pairs.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    table::heading(
        &mut out,
        &format!(
            "Do they differ? Mann–Whitney U on utility, Holm-corrected over {} pairs",
            pairs.len()
        ),
    );
    let mut t = table::new(&["A", "B", "P(A > B)", "p", "p (Holm)", "At 5%"]);
    let shown = |x: f64| {
        if x.is_nan() {
            "–".to_string()
        } else if x < 1e-4 {
            "< 0.0001".to_string()
        } else {
            number::trim(x, 4)
        }
    };
    for p in &pairs {
        let verdict = match (p.p_holm < 0.05, p.effect > 0.5) {
            (true, true) => format!("{} > {}", p.a, p.b),
            (true, false) => format!("{} > {}", p.b, p.a),
            (false, _) => "no difference shown".to_string(),
        };
        t.add_row(vec![
            p.a.clone(),
            p.b.clone(),
            shown(p.effect),
            shown(p.p),
            shown(p.p_holm),
            if p.p_holm.is_nan() {
                "–".into()
            } else {
                verdict
            },
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&table::prose("P(A > B): how often a utility A ended with exceeds one B ended with (ties count half; 0.5 is no difference). p: two-sided, normal approximation with tie and continuity corrections (scipy's `mannwhitneyu`, method \"asymptotic\"); Holm's correction keeps the chance of any false difference in the table at 5%. Negotiations against each other and against third strategies all count, so this compares overall results, not head-to-head play."));
    out.push('\n');
    out
}

/// `pactum report FILE.sqlite`: the ranking of a stored tournament, a table per scenario, and
/// (for bilateral scenarios) what each strategy got against each other.
/// How `pactum report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportAs {
    Text,
    Csv,
    Json,
}

fn estimate(e: &pactum_tournament::summary::Estimate) -> pactum_schema::Estimate {
    let finite = |x: f64| x.is_finite().then_some(x);
    pactum_schema::Estimate {
        mean: finite(e.mean),
        ci95: finite(e.ci95),
        n: e.n,
    }
}

/// A results file read for reporting: its manifest's config, the strategies, the rows.
pub struct Results {
    pub store: pactum_tournament::store::Store,
    pub config: serde_json::Value,
    pub names: Vec<String>,
    pub rows: Vec<TournamentRow>,
}

/// Opens a results file written by `pactum tournament --db` and reads its rows.
pub fn results(db: &str) -> Result<Results, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let store = pactum_tournament::store::Store::open_existing(db).map_err(|e| bad(&e))?;
    let config: serde_json::Value = serde_json::from_str(
        &store
            .manifest_value("config")
            .map_err(|e| bad(&e))?
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let names: Vec<String> = config["strategies"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<TournamentRow> = store
        .rows()
        .map_err(|e| bad(&e))?
        .iter()
        .map(|s| serde_json::from_str(&s.row))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Internal(format!("a stored row does not read back: {e}")))?;
    Ok(Results {
        store,
        config,
        names,
        rows,
    })
}

/// The `pactum.tournament_report` document of a results file.
pub fn document(r: &Results) -> Result<pactum_schema::TournamentReport, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let summaries = pactum_tournament::summary::summarise(&r.rows, &r.names);
    Ok(pactum_schema::TournamentReport {
        schema: "pactum.tournament_report".into(),
        version: pactum_schema::VERSION,
        stored: r.rows.len(),
        planned: r
            .store
            .manifest_value("negotiations")
            .map_err(|e| bad(&e))?
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        engine: r
            .store
            .manifest_value("engine")
            .map_err(|e| bad(&e))?
            .unwrap_or_default(),
        strategies: summaries
            .iter()
            .map(|s| pactum_schema::StrategyReport {
                strategy: s.strategy.clone(),
                rank: s.rank,
                negotiations: s.negotiations,
                agreements: s.agreements,
                utility: estimate(&s.utility),
                advantage: estimate(&s.advantage),
                pareto_optimality: estimate(&s.pareto_optimality),
                nash_optimality: estimate(&s.nash_optimality),
                fairness: estimate(&s.fairness),
                rounds: estimate(&s.rounds),
            })
            .collect(),
        pairwise: pactum_tournament::significance::of_rows(&r.rows, &r.names)
            .into_iter()
            .map(|p| pactum_schema::PairReport {
                a: p.a,
                b: p.b,
                n_a: p.n_a,
                n_b: p.n_b,
                u: p.u,
                effect: p.effect,
                p: Some(p.p).filter(|x| !x.is_nan()),
                p_holm: Some(p.p_holm).filter(|x| !x.is_nan()),
            })
            .collect(),
    })
}

pub fn report(db: &str, format: ReportAs) -> Result<String, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let loaded = results(db)?;
    if format == ReportAs::Json {
        return crate::to_json(&document(&loaded)?);
    }
    let Results {
        store,
        config,
        names,
        rows,
    } = loaded;
    let summaries = pactum_tournament::summary::summarise(&rows, &names);
    if format == ReportAs::Csv {
        let mut out = String::from(
            "rank,strategy,negotiations,agreements,utility_mean,utility_ci95,advantage_mean,advantage_ci95,pareto_optimality_mean,nash_optimality_mean,fairness_mean,rounds_mean\n",
        );
        let f = |x: f64| {
            if x.is_nan() {
                String::new()
            } else {
                format!("{x}")
            }
        };
        for s in &summaries {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{}\n",
                s.rank,
                s.strategy,
                s.negotiations,
                s.agreements,
                f(s.utility.mean),
                f(s.utility.ci95),
                f(s.advantage.mean),
                f(s.advantage.ci95),
                f(s.pareto_optimality.mean),
                f(s.nash_optimality.mean),
                f(s.fairness.mean),
                f(s.rounds.mean)
            ));
        }
        return Ok(out);
    }
    let expected = store
        .manifest_value("negotiations")
        .map_err(|e| bad(&e))?
        .unwrap_or_default();
    let mut out = format!(
        "Tournament {db}: {} of {expected} negotiations stored ({}), engine {}\n\n",
        rows.len(),
        match config["protocols"].as_array() {
            Some(list) => list
                .iter()
                .filter_map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            None => config["protocol"].as_str().unwrap_or("?").to_string(),
        },
        store
            .manifest_value("engine")
            .map_err(|e| bad(&e))?
            .unwrap_or_default()
    );
    out.push_str(&ranking(&rows, &names));
    out.push_str(&differences(&rows, &names));
    out.push_str(&per_group(
        &rows,
        &names,
        "Mean utility per scenario",
        |r| r.scenario.clone(),
    ));
    let protocols = per_group(&rows, &names, "Mean utility per protocol", |r| {
        r.protocol.clone()
    });
    if rows.iter().any(|r| r.protocol != rows[0].protocol) {
        out.push_str(&protocols);
    }
    // Against each other, in bilateral negotiations: the row strategy's mean utility.
    let bilateral: Vec<&TournamentRow> = rows.iter().filter(|r| r.strategies.len() == 2).collect();
    if !bilateral.is_empty() {
        table::heading(
            &mut out,
            "Mean utility of the row strategy against the column strategy (bilateral scenarios)",
        );
        let mut header = vec!["".to_string()];
        header.extend(names.iter().cloned());
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = table::new(&refs);
        let against = pactum_tournament::summary::head_to_head(&rows, &names);
        for (a, row) in names.iter().zip(&against) {
            let mut line = vec![a.clone()];
            for e in row {
                line.push(if e.mean.is_nan() {
                    "–".into()
                } else {
                    number::trim(e.mean, 3)
                });
            }
            t.add_row(line);
        }
        out.push_str(&format!("{t}\n"));
    }
    Ok(table::fit(&out))
}

/// `pactum tournament replay FILE.sqlite`.
fn replay(db: &str) -> Result<String, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("error: {e}\n"));
    let store = pactum_tournament::store::Store::open_existing(db).map_err(|e| bad(&e))?;
    let value = |key: &str| -> Result<String, Failure> {
        store
            .manifest_value(key)
            .map_err(|e| bad(&e))?
            .ok_or_else(|| bad(&format!("{db}: the manifest has no `{key}`")))
    };
    let config: serde_json::Value = serde_json::from_str(&value("config")?)
        .map_err(|e| bad(&format!("{db}: the manifest's config: {e}")))?;
    let sources: Vec<String> = serde_json::from_str(&value("sources")?)
        .map_err(|e| bad(&format!("{db}: the manifest's sources: {e}")))?;
    let names: Vec<(String, String)> = sources
        .iter()
        .map(|s| (s.clone(), format!("{db}: scenario {s}:\n")))
        .collect();
    let (scenarios, _) = load_named(&names)?;
    let strategies = config["strategies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| StrategySpec::parse(v.as_str().unwrap_or_default()).map_err(|e| bad(&e)))
        .collect::<Result<Vec<_>, _>>()?;
    // A results file is data that travels, like a scenario: replaying it never starts a program.
    if let Some(outside) = strategies.iter().find(|s| s.as_outside().is_some()) {
        return Err(Failure::BadInput(format!(
            "error: {db}: the run seated an outside agent (`{outside}`), and replay does not start programs a results file names; run its config again with --db instead\n"
        )));
    }
    let plan = Plan {
        strategies,
        repetitions: config["repetitions"].as_u64().unwrap_or(1) as u32,
        rounds: config["rounds"].as_u64().map(|r| r as u32),
        seed: config["seed"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1),
        self_play: config["self_play"].as_bool().unwrap_or(false),
        protocols: match config["protocols"].as_array() {
            Some(list) => list
                .iter()
                .map(|p| Protocol::parse(p.as_str().unwrap_or_default()))
                .collect::<Result<_, _>>()
                .map_err(|e| bad(&e))?,
            None => vec![
                Protocol::parse(config["protocol"].as_str().unwrap_or_default())
                    .map_err(|e| bad(&e))?,
            ],
        },
        relax: config["relax"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        budget: pactum_agents::Budget::default(),
        seater: None,
    };
    let manifest = pactum_tournament::manifest(&scenarios, &plan).map_err(|e| bad(&e))?;
    if Some(manifest.plan_hash()) != store.manifest_value("plan").map_err(|e| bad(&e))? {
        return Err(Failure::Io(format!(
            "{db}: not reproducible here: the scenarios at its sources or the engine differ from the run's (the plan's hash differs)\n"
        )));
    }
    let played = run_tournament(&scenarios, &plan).map_err(|e| bad(&e))?;
    let stored = store.rows().map_err(|e| bad(&e))?;
    let mut differ = Vec::new();
    for s in &stored {
        let again = played
            .get(s.id as usize)
            .map(|p| serde_json::to_string(&row(&scenarios, &plan, p)).unwrap_or_default());
        if again.as_deref() != Some(s.row.as_str()) {
            differ.push(s.id);
        }
    }
    if differ.is_empty() {
        Ok(format!(
            "{db}: all {} stored rows reproduced byte for byte (of {} in the plan)\n",
            stored.len(),
            played.len()
        ))
    } else {
        Err(Failure::Io(format!(
            "{db}: {} of {} stored rows differ when run again (first: negotiation {})\n",
            differ.len(),
            stored.len(),
            differ[0]
        )))
    }
}
