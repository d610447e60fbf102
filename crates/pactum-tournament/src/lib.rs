//! Tournaments: each scenario, each assignment of the chosen strategies to its negotiating
//! parties (so every strategy plays every role), each repetition — one SAOP negotiation each.
//!
//! Negotiations are independent and run in parallel; results come back in the order of
//! [`matches`], and every negotiation's seed is a function of the tournament seed and its place
//! in that order, so a tournament gives the same results whatever the number of threads.
//! Nothing here reads a clock or a file.

use pactum_core::analysis::{Problem, bargaining, frontier};
use pactum_core::scenario::Scenario;
use pactum_core::talks::{
    self, Counter, Ending, Overrides, Plan, Protocol, Session, StrategySpec, TalksError,
};
use pactum_formats::output;
use pactum_schema::TournamentRow;
use rayon::prelude::*;

pub mod metrics;
pub mod significance;
pub mod store;
pub mod summary;
use serde_json::Value;
use std::collections::BTreeSet;

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// The strategies, each parsed once; under the single-text protocol none are needed.
    pub strategies: Vec<StrategySpec>,
    pub repetitions: u32,
    /// Deadline in rounds; `None`: each scenario's own.
    pub rounds: Option<u32>,
    pub seed: u64,
    /// Whether a strategy may meet itself.
    pub self_play: bool,
    /// The protocols, any of them, the mediated single text included: the whole plan runs
    /// under each, in this order (at least one).
    pub protocols: Vec<Protocol>,
    /// Constraint ids dropped in every negotiation (each scenario must know them).
    pub relax: Vec<String>,
    /// How long an outside agent (`exec:`) may think, per move and per negotiation.
    pub budget: pactum_agents::Budget,
    /// Seats the outside players a binding hands over (`python:NAME`); `exec:` programs are
    /// seated by `pactum-agents` in any case.
    pub seater: Option<std::sync::Arc<dyn Seater>>,
}

/// Who seats the outside players of a tournament that are not programs: a binding that hands
/// over its own objects (the Python package's strategies, `python:NAME`).
pub trait Seater: Send + Sync {
    /// The player for `spec` in `slot` of a negotiation of `plan`, or `None` when this seater
    /// does not know the spec.
    fn seat(
        &self,
        session: &Session,
        plan: &Plan,
        slot: usize,
        spec: &StrategySpec,
    ) -> Option<Box<dyn talks::Player>>;
}

impl std::fmt::Debug for dyn Seater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seater")
    }
}

/// One negotiation of the tournament.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into [`Config::protocols`].
    pub protocol: usize,
    pub scenario: usize,
    /// Index into [`Config::strategies`] per negotiating party, in scenario order (empty under
    /// the single-text protocol).
    pub strategies: Vec<usize>,
    pub repetition: u32,
    pub seed: u64,
}

/// One negotiation's result.
#[derive(Clone, Debug)]
pub struct Played {
    pub game: Match,
    pub deadline: u32,
    pub ending: Ending,
    /// Offers made.
    pub offers: u64,
    /// Distance from the agreement's utilities to the nearest Pareto-optimal acceptable
    /// outcome, and to the Nash point (None without an agreement).
    pub pareto_distance: Option<f64>,
    pub nash_distance: Option<f64>,
    /// The failure of a strategy, if one failed (the negotiation then broke down).
    pub error: Option<String>,
    /// NegMAS's optimality metrics.
    pub optimality: metrics::Optimality,
    /// NegMAS's view: normalised utilities, reserved values, advantages.
    pub normalised: (Vec<f64>, Vec<f64>, Vec<f64>),
    /// `(modelling slot, score)` of every opponent model, as the negotiation ended.
    pub models: Vec<(usize, talks::model_score::ModelScore)>,
}

#[derive(Debug)]
pub enum TournamentError {
    Talks {
        scenario: String,
        error: TalksError,
    },
    /// Without self-play, a scenario needs a distinct strategy per negotiating party.
    TooFewStrategies {
        scenario: String,
        parties: usize,
    },
}

impl std::fmt::Display for TournamentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TournamentError::Talks { scenario, error } => {
                write!(f, "scenario `{scenario}`: {error}")
            }
            TournamentError::TooFewStrategies { scenario, parties } => write!(
                f,
                "scenario `{scenario}` has {parties} negotiating parties: without --self-play it needs at least {parties} strategies"
            ),
        }
    }
}

impl std::error::Error for TournamentError {}

/// A seed per negotiation: SplitMix64 of the tournament seed and the negotiation's place.
fn seed_of(seed: u64, place: u64) -> u64 {
    let mut z = seed ^ place.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Every assignment of `k` strategies to `n` parties, in lexicographic order; without self-play
/// only those giving each party a different strategy.
fn assignments(k: usize, n: usize, self_play: bool) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let total = k.checked_pow(n as u32).unwrap_or(0);
    for mut code in 0..total {
        let mut a = vec![0; n];
        for slot in a.iter_mut().rev() {
            *slot = code % k;
            code /= k;
        }
        let distinct = a.iter().collect::<BTreeSet<_>>().len() == n;
        if self_play || distinct {
            out.push(a);
        }
    }
    out
}

/// The negotiations of a tournament, in report order: protocol, then scenario, then
/// assignment, then repetition. (With one protocol, the plan and its seeds are those of the
/// versions before several could be named.)
pub fn matches(scenarios: &[Scenario], plan: &Config) -> Result<Vec<Match>, TournamentError> {
    let mut out = Vec::new();
    for (k, protocol) in plan.protocols.iter().enumerate() {
        for (i, s) in scenarios.iter().enumerate() {
            let n = s.negotiators().len();
            let uses = protocol.uses_strategies();
            if uses && !plan.self_play && plan.strategies.len() < n {
                return Err(TournamentError::TooFewStrategies {
                    scenario: s.id.clone(),
                    parties: n,
                });
            }
            let assigned = if uses {
                assignments(plan.strategies.len(), n, plan.self_play)
            } else {
                vec![Vec::new()]
            };
            for a in assigned {
                for repetition in 0..plan.repetitions {
                    let place = out.len() as u64;
                    out.push(Match {
                        protocol: k,
                        scenario: i,
                        strategies: a.clone(),
                        repetition,
                        seed: seed_of(plan.seed, place),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Whether every scenario can run under every protocol of `config` (party counts, sizes, the
/// relaxations named), checked without preparing anything, so that a tournament that cannot run
/// is refused before it writes its results file.
pub fn check(scenarios: &[Scenario], config: &Config) -> Result<(), TournamentError> {
    matches(scenarios, config)?;
    for &protocol in &config.protocols {
        for s in scenarios {
            let plan = plan_for(s, config, protocol)?;
            Session::admits(s, &plan).map_err(|error| TournamentError::Talks {
                scenario: s.id.clone(),
                error,
            })?;
        }
    }
    Ok(())
}

/// The plan of `s` under `protocol` with the config's deadline and relaxations.
fn plan_for(s: &Scenario, config: &Config, protocol: Protocol) -> Result<Plan, TournamentError> {
    let overrides = Overrides {
        protocol: Some(protocol),
        mediator: protocol.mediator(),
        rounds: config.rounds,
        relax: config.relax.clone(),
        ..Overrides::default()
    };
    Plan::for_scenario(s, &overrides).map_err(|error| TournamentError::Talks {
        scenario: s.id.clone(),
        error,
    })
}

/// What a scenario needs once, whoever negotiates it.
struct Prepared {
    plan: Plan,
    session: Session,
    /// NegMAS's reference points for the optimality metrics.
    references: metrics::References,
    /// Pareto-optimal acceptable utility vectors, and the Nash point.
    frontier: Vec<Vec<f64>>,
    nash: Option<Vec<f64>>,
}

fn prepare(s: &Scenario, config: &Config, protocol: Protocol) -> Result<Prepared, TournamentError> {
    let talks = |error| TournamentError::Talks {
        scenario: s.id.clone(),
        error,
    };
    let mut plan = plan_for(s, config, protocol)?;
    // Cloned per negotiation: keep it small.
    plan.resolved.clear();
    let session = Session::new(s, &plan).map_err(talks)?;
    // The session already bounded the space, so the frontier streams or merges quickly.
    let (frontier, nash) = match Problem::new(s, &plan.relaxed)
        .ok()
        .and_then(|p| frontier::frontier(&p).ok().map(|f| (p, f)))
    {
        Some((problem, f)) => {
            let points = bargaining::points(&f.pareto, &problem.disagreement());
            (
                f.pareto.iter().map(|d| d.utilities.clone()).collect(),
                points.nash.map(|d| d.utilities),
            )
        }
        None => (Vec::new(), None),
    };
    // Each party's utility range over the whole space, for NegMAS's normalisation: walked in a
    // space the talks enumerate, else the extremes the inverse utility found for its ladder
    // (exact for additive preferences without red lines, a search's best otherwise).
    let n = session.owns.len();
    let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
    if session.owns.iter().all(|o| o.complete) {
        let mut odometer = session.space.odometer(0, session.space.size());
        while odometer.advance().is_some() {
            for (p, own) in session.owns.iter().enumerate() {
                let u = own.utility.utility(odometer.digits());
                ranges[p] = (ranges[p].0.min(u), ranges[p].1.max(u));
            }
        }
    } else {
        for (p, own) in session.owns.iter().enumerate() {
            if let (Some(first), Some(last)) = (own.sorted().first(), own.sorted().last()) {
                ranges[p] = (last.0, first.0);
            }
        }
    }
    let references = metrics::References::new(ranges, &session.fallbacks_at(1), &frontier);
    Ok(Prepared {
        plan,
        session,
        references,
        frontier,
        nash,
    })
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Runs every negotiation of the tournament.
pub fn run(scenarios: &[Scenario], config: &Config) -> Result<Vec<Played>, TournamentError> {
    let games = matches(scenarios, config)?;
    let prepared = prepare_all(scenarios, config)?;
    Ok(games
        .into_par_iter()
        .map(|game| play(&prepared, config, game))
        .collect())
}

/// Per protocol, per scenario.
fn prepare_all(
    scenarios: &[Scenario],
    config: &Config,
) -> Result<Vec<Vec<Prepared>>, TournamentError> {
    config
        .protocols
        .iter()
        .map(|&protocol| {
            scenarios
                .par_iter()
                .map(|s| prepare(s, config, protocol))
                .collect::<Result<_, _>>()
        })
        .collect()
}

/// One negotiation.
fn play(prepared: &[Vec<Prepared>], config: &Config, game: Match) -> Played {
    let p = &prepared[game.protocol][game.scenario];
    let mut plan = p.plan.with_seed(game.seed);
    plan.strategies = game
        .strategies
        .iter()
        .map(|&k| config.strategies[k].clone())
        .collect();
    let mut counter = Counter::default();
    // Outside agents start here, one process per seat per negotiation, and are gone when it
    // ends; a failing one ends only its own negotiation, as an error in its row.
    let mut players: Vec<Box<dyn talks::Player>> = plan
        .strategies
        .iter()
        .enumerate()
        .map(|(slot, spec)| {
            config
                .seater
                .as_ref()
                .and_then(|s| s.seat(&p.session, &plan, slot, spec))
                .unwrap_or_else(|| {
                    pactum_agents::seat(&p.session, &plan, slot, spec, config.budget)
                })
        })
        .collect();
    let ending = talks::run_with(&p.session, &plan, &mut players, &mut counter);
    // Opponent models are scored once, as the negotiation ended (the talks record scores them
    // every round).
    let models = if players.iter().any(|x| x.opponent_model().is_some()) {
        let sample = talks::model_score::sample(p.session.space.size(), plan.seed);
        talks::model_score::score_players(&p.session, &players, &sample, ending.round())
    } else {
        Vec::new()
    };
    drop(players);
    let (pareto_distance, nash_distance) = match &ending {
        Ending::Agreement { utilities, .. } => (
            p.frontier
                .iter()
                .map(|f| distance(f, utilities))
                .min_by(f64::total_cmp),
            p.nash.as_ref().map(|n| distance(n, utilities)),
        ),
        Ending::Breakdown { .. } => (None, None),
    };
    let agreed = match &ending {
        Ending::Agreement { utilities, .. } => Some(utilities.as_slice()),
        Ending::Breakdown { .. } => None,
    };
    let optimality = p.references.measure(agreed);
    let normalised = p.references.normalised(agreed);
    let normalised = (
        normalised.clone(),
        p.references.reserved().to_vec(),
        p.references.advantages(&normalised),
    );
    Played {
        game,
        deadline: plan.rounds,
        ending,
        offers: counter.offers,
        pareto_distance,
        nash_distance,
        error: counter.error.map(|(_, _, message)| message),
        optimality,
        normalised,
        models,
    }
}

/// The identity of a tournament for its results file: the engine, the config and each
/// scenario's content.
pub fn manifest(
    scenarios: &[Scenario],
    config: &Config,
) -> Result<store::Manifest, TournamentError> {
    let negotiations = matches(scenarios, config)?.len() as u64;
    let mut config_json = serde_json::json!({
        "strategies": config.strategies.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "repetitions": config.repetitions,
        "rounds": config.rounds,
        "seed": config.seed.to_string(),
        "self_play": config.self_play,
        "protocol": config.protocols.first().map_or("", |p| p.id()),
        "relax": config.relax,
    });
    // Several protocols are listed apart, so that a one-protocol plan keeps the manifest (and
    // the plan hash) it always had.
    if config.protocols.len() > 1 {
        config_json["protocols"] = config.protocols.iter().map(|p| p.id()).collect();
    }
    Ok(store::Manifest {
        engine: env!("CARGO_PKG_VERSION").to_string(),
        config: config_json.to_string(),
        scenarios: scenarios
            .iter()
            .map(|s| {
                let doc = serde_json::to_string(&pactum_formats::scenario_json::scenario_json(s))
                    .unwrap_or_default();
                (s.id.clone(), store::content_hash(&doc))
            })
            .collect(),
        negotiations,
    })
}

/// Why a stored tournament cannot run.
#[derive(Debug)]
pub enum StoredError {
    /// The plan is wrong.
    Tournament(TournamentError),
    /// The results file cannot be used.
    Store(store::StoreError),
}

impl std::fmt::Display for StoredError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredError::Tournament(e) => e.fmt(f),
            StoredError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StoredError {}

/// Runs the negotiations of shard `shard.0` of `shard.1` (those whose place in the plan is
/// `shard.0` modulo `shard.1`) that `store` does not hold yet, committing every
/// [`store::BATCH`] of them in one transaction; `progress` is told `(done, total)` of the shard
/// after each. Returns how many it ran.
pub fn run_stored(
    scenarios: &[Scenario],
    config: &Config,
    store: &mut store::Store,
    shard: (u64, u64),
    progress: &dyn Fn(u64, u64),
) -> Result<u64, StoredError> {
    let games = matches(scenarios, config).map_err(StoredError::Tournament)?;
    let manifest = manifest(scenarios, config).map_err(StoredError::Tournament)?;
    let done = store.done().map_err(StoredError::Store)?;
    let (index, count) = shard;
    let mine: Vec<Match> = games
        .into_iter()
        .enumerate()
        .filter(|(k, _)| (*k as u64) % count.max(1) == index)
        .map(|(_, g)| g)
        .collect();
    let total = mine.len() as u64;
    let mut finished = mine
        .iter()
        .enumerate()
        .filter(|(k, _)| done.contains(&place(*k, index, count)))
        .count() as u64;
    let missing: Vec<(u64, Match)> = mine
        .into_iter()
        .enumerate()
        .map(|(k, g)| (place(k, index, count), g))
        .filter(|(id, _)| !done.contains(id))
        .collect();
    if missing.is_empty() {
        progress(finished, total);
        return Ok(0);
    }
    let prepared = prepare_all(scenarios, config).map_err(StoredError::Tournament)?;
    let mut ran = 0;
    for batch in missing.chunks(store::BATCH) {
        let rows: Vec<store::Stored> = batch
            .par_iter()
            .map(|(id, game)| {
                let played = play(&prepared, config, game.clone());
                let r = row(scenarios, config, &played);
                store::Stored {
                    id: *id,
                    scenario: r.scenario.clone(),
                    scenario_hash: manifest.scenarios[game.scenario].1.clone(),
                    strategies: serde_json::Value::Object(r.strategies.clone()).to_string(),
                    repetition: r.repetition,
                    seed: r.seed,
                    agreement: r.agreement,
                    round: r.round,
                    welfare: r.welfare,
                    error: r.error.clone(),
                    row: serde_json::to_string(&r).unwrap_or_default(),
                }
            })
            .collect();
        store.insert(&rows).map_err(StoredError::Store)?;
        ran += rows.len() as u64;
        finished += rows.len() as u64;
        progress(finished, total);
    }
    Ok(ran)
}

/// The place in the whole plan of the `k`-th negotiation of a shard.
fn place(k: usize, index: u64, count: u64) -> u64 {
    k as u64 * count.max(1) + index
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// A result as the plain row type of `pactum-schema`.
pub fn row(scenarios: &[Scenario], plan: &Config, played: &Played) -> TournamentRow {
    let s = &scenarios[played.game.scenario];
    let negotiators = s.negotiators();
    let parties: Vec<String> = negotiators
        .iter()
        .map(|&p| s.parties[p].id.clone())
        .collect();
    let by_party = |values: &[f64]| output::by_party(&parties, values);
    let (agreement, round, outcome, gets) = match &played.ending {
        Ending::Agreement {
            round,
            outcome,
            discounted,
            ..
        } => (
            true,
            *round,
            Some(output::outcome_object(s, outcome)),
            discounted.clone(),
        ),
        Ending::Breakdown {
            round, fallbacks, ..
        } => (false, *round, None, fallbacks.clone()),
    };
    let advantages: Vec<f64> = gets
        .iter()
        .zip(&negotiators)
        .map(|(u, &p)| u - s.base_fallback(p))
        .collect();
    TournamentRow {
        schema: "pactum.tournament_row".into(),
        version: pactum_schema::VERSION,
        scenario: s.id.clone(),
        protocol: plan.protocols[played.game.protocol].id().into(),
        strategies: parties
            .iter()
            .zip(&played.game.strategies)
            .map(|(p, &k)| (p.clone(), Value::String(plan.strategies[k].to_string())))
            .collect(),
        repetition: played.game.repetition,
        seed: played.game.seed,
        deadline: played.deadline,
        agreement,
        round,
        outcome,
        welfare: gets.iter().sum(),
        utilities: by_party(&gets),
        advantages: by_party(&advantages),
        pareto_distance: played.pareto_distance,
        nash_distance: played.nash_distance,
        pareto_optimality: finite(played.optimality.pareto),
        nash_optimality: finite(played.optimality.nash),
        kalai_optimality: finite(played.optimality.kalai),
        ks_optimality: finite(played.optimality.ks),
        max_welfare_optimality: finite(played.optimality.max_welfare),
        fairness: finite(played.optimality.fairness),
        offers: played.offers,
        normalised: Some(pactum_schema::Normalised {
            utilities: by_party(&played.normalised.0),
            reserved_values: by_party(&played.normalised.1),
            advantages: by_party(&played.normalised.2),
        }),
        models: played
            .models
            .iter()
            .map(|(p, score)| pactum_schema::ModelOf {
                party: parties[*p].clone(),
                of: parties[score.of].clone(),
                score: pactum_formats::record::model_score(score),
            })
            .collect(),
        error: played.error.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pactum_formats::{bundled, scenario_toml};

    fn scenario(name: &str) -> Scenario {
        scenario_toml::load_str(name, bundled::get(name).unwrap())
            .unwrap()
            .scenario
    }

    fn plan(strategies: &[&str], self_play: bool) -> Config {
        Config {
            strategies: strategies
                .iter()
                .map(|s| StrategySpec::parse(s).unwrap())
                .collect(),
            repetitions: 2,
            rounds: Some(30),
            seed: 7,
            self_play,
            protocols: vec![Protocol::Saop],
            relax: Vec::new(),
            budget: pactum_agents::Budget::default(),
            seater: None,
        }
    }

    #[test]
    fn several_protocols_run_the_whole_plan_under_each_and_one_keeps_its_seeds() {
        let s = vec![scenario("car-purchase"), scenario("inheritance")];
        let one = plan(&["boulware", "micro"], true);
        let mut two = one.clone();
        two.protocols = vec![Protocol::Saop, Protocol::Alternating];
        let a = run(&s, &one).unwrap();
        let b = run(&s, &two).unwrap();
        assert_eq!(b.len(), 2 * a.len());
        let rows = |played: &[Played], config: &Config| -> Vec<TournamentRow> {
            played.iter().map(|p| row(&s, config, p)).collect()
        };
        let (ra, rb) = (rows(&a, &one), rows(&b, &two));
        // The first protocol's half is the one-protocol run, seeds and all.
        assert_eq!(ra[..], rb[..ra.len()]);
        assert!(rb[ra.len()..].iter().all(|r| r.protocol == "alternating"));
        assert!(!manifest(&s, &one).unwrap().config.contains("protocols"));
        assert!(
            manifest(&s, &two)
                .unwrap()
                .config
                .contains(r#""protocols":["saop","alternating"]"#)
        );
        // A protocol that cannot take a scenario is refused before anything runs.
        let mut bilateral = two.clone();
        let three = vec![scenario("car-purchase"), scenario("supply-contract")];
        bilateral.protocols = vec![Protocol::Saop, Protocol::Alternating];
        let err = check(&three, &bilateral).unwrap_err().to_string();
        assert!(
            err.contains("supply-contract") && err.contains("bilateral"),
            "{err}"
        );
        assert!(check(&s, &two).is_ok());
    }

    #[test]
    fn every_strategy_plays_every_role() {
        let s = vec![scenario("car-purchase"), scenario("supply-contract")];
        let p = plan(&["boulware", "conceder", "hardliner"], false);
        let games = matches(&s, &p).unwrap();
        let parties: Vec<usize> = s.iter().map(|x| x.negotiators().len()).collect();
        // 3·2 ordered pairs, or 3·2·1 for three parties; two repetitions each.
        let per = |n: usize| (0..n).map(|i| 3 - i).product::<usize>() * 2;
        assert_eq!(games.len(), per(parties[0]) + per(parties[1]));
        for k in 0..3 {
            for slot in 0..parties[0] {
                assert!(
                    games
                        .iter()
                        .any(|g| g.scenario == 0 && g.strategies[slot] == k),
                    "strategy {k} never plays slot {slot}"
                );
            }
        }
        assert!(games.iter().all(|g| {
            let distinct: BTreeSet<_> = g.strategies.iter().collect();
            distinct.len() == g.strategies.len()
        }));
        let seeds: BTreeSet<u64> = games.iter().map(|g| g.seed).collect();
        assert_eq!(
            seeds.len(),
            games.len(),
            "every negotiation has its own seed"
        );
        let with_self = matches(&s[..1], &plan(&["boulware", "conceder"], true)).unwrap();
        assert_eq!(with_self.len(), 4 * 2);
        let too_few = matches(&s, &plan(&["boulware", "conceder"], false));
        assert_eq!(parties[1], 3, "supply-contract has three negotiators");
        assert!(matches!(
            too_few,
            Err(TournamentError::TooFewStrategies { parties: 3, .. })
        ));
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let s = vec![scenario("car-purchase"), scenario("inheritance")];
        let p = plan(&["boulware", "linear", "random", "tit-for-tat"], true);
        let rows = |threads: usize| -> Vec<String> {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run(&s, &p))
                .unwrap()
                .iter()
                .map(|x| serde_json::to_string(&row(&s, &p, x)).unwrap())
                .collect()
        };
        let one = rows(1);
        assert_eq!(one, rows(3));
        assert_eq!(one.len(), 2 * 16 * 2);
        // Agreements sit on or near the frontier, and what a party ends with is what the row says.
        let parsed: Vec<TournamentRow> = one
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        assert!(parsed.iter().any(|r| r.agreement));
        for r in &parsed {
            let sum: f64 = r.utilities.values().map(|v| v.as_f64().unwrap()).sum();
            assert!((sum - r.welfare).abs() < 1e-12);
            assert_eq!(r.agreement, r.outcome.is_some());
            assert_eq!(r.agreement, r.pareto_distance.is_some());
            assert!(r.pareto_distance.unwrap_or(0.0) >= 0.0);
        }
    }

    #[test]
    fn the_mediated_protocols_and_relaxations_run_too() {
        let s = vec![scenario("abu-dhabi-trilateral")];
        let mut config = plan(&[], true);
        config.protocols = vec![Protocol::SingleText(talks::Mediator::Nash)];
        config.relax = vec!["russia.all_of_donbas".into()];
        let played = run(&s, &config).unwrap();
        // One negotiation per repetition: the parties vote, they play no strategies.
        assert_eq!(played.len(), 2);
        let row = row(&s, &config, &played[0]);
        assert_eq!(row.protocol, "single-text/nash");
        assert!(row.strategies.is_empty());
        config.relax = vec!["russia.nonsense".into()];
        let err = run(&s, &config).unwrap_err().to_string();
        assert!(err.contains("russia.nonsense"), "{err}");
    }
}
