//! The protocols on the bundled scenarios: red lines hold in every run, the hill-climbing
//! mediator never moves to a text a party likes less, records are reproducible, and a failing
//! strategy ends its negotiation as an error in the record.

use pactum_core::rng::Stream;
use pactum_core::scenario::Scenario;
use pactum_core::talks::Player;
use pactum_core::talks::strategy::{Own, Strategy, View};
use pactum_core::talks::{
    self, Ending, Event, Log, Mediator, Overrides, Plan, Protocol, Session, StrategySpec,
};
use pactum_formats::{bundled, record, scenario_toml};
use std::collections::BTreeSet;

fn parse(spec: &str) -> Result<Box<dyn Player>, String> {
    StrategySpec::parse(spec)
        .map(|s| s.player())
        .map_err(|e| e.to_string())
}

/// The plan of a run under `protocol` with the given relaxations, deadline and seed.
fn plan(
    s: &Scenario,
    protocol: Protocol,
    relaxed: &BTreeSet<String>,
    rounds: u32,
    seed: u64,
) -> Plan {
    Plan::for_scenario(
        s,
        &Overrides {
            protocol: Some(protocol),
            rounds: Some(rounds),
            seed: Some(seed),
            relax: relaxed.iter().cloned().collect(),
            ..Overrides::default()
        },
    )
    .unwrap()
}

/// Runs `plan` on `session` with the given players; the ending and the events.
fn negotiate(
    session: &Session,
    plan: &Plan,
    players: &mut [Box<dyn Player>],
) -> (Ending, Vec<Event>) {
    let mut log = Log::default();
    let ending = talks::run_with(session, plan, players, &mut log);
    (ending, log.events)
}

fn error_of(events: &[Event]) -> Option<(u32, usize, String)> {
    events.iter().find_map(|e| match e {
        Event::Error {
            round,
            party,
            message,
        } => Some((*round, *party, message.clone())),
        _ => None,
    })
}

/// The texts the single-text mediator adopted, in order: the first, then each variant every
/// party voted for.
fn adopted(session: &Session, events: &[Event]) -> Vec<Vec<u32>> {
    let mut texts = Vec::new();
    let mut variant: Option<(u128, bool)> = None;
    let flush = |variant: &mut Option<(u128, bool)>, texts: &mut Vec<Vec<u32>>| {
        if let Some((o, true)) = variant.take() {
            texts.push(session.space.decode(o));
        }
    };
    for e in events {
        match e {
            Event::Offer {
                round: 0, outcome, ..
            } => texts.push(session.space.decode(*outcome)),
            Event::Offer { outcome, .. } => {
                flush(&mut variant, &mut texts);
                variant = Some((*outcome, true));
            }
            Event::Vote { in_favour, .. } => {
                if let Some(v) = variant.as_mut() {
                    v.1 &= *in_favour;
                }
            }
            _ => {}
        }
    }
    flush(&mut variant, &mut texts);
    texts
}

fn load(name: &str) -> Scenario {
    scenario_toml::load_str(name, bundled::get(name).unwrap())
        .unwrap()
        .scenario
}

fn assert_red_lines_hold(s: &Scenario, relaxed: &BTreeSet<String>, ending: &Ending, what: &str) {
    if let Ending::Agreement { outcome, .. } = ending {
        for &p in &s.negotiators() {
            let party = &s.parties[p];
            for r in &party.red_lines {
                let id = format!("{}.{}", party.id, r.id);
                assert!(
                    relaxed.contains(&id) || r.constraint.holds(outcome),
                    "{what}: the agreement crosses {id}"
                );
            }
        }
    }
}

#[test]
fn no_protocol_agrees_across_an_active_red_line() {
    let strategies = [
        "boulware",
        "linear",
        "conceder",
        "hardliner",
        "random",
        "tit-for-tat",
        "nash",
        "micro",
        "frequency",
    ];
    for name in bundled::names() {
        let s = load(name);
        let mut relaxations = vec![BTreeSet::new()];
        relaxations.extend(
            s.constraint_ids()
                .into_iter()
                .map(|id| BTreeSet::from([id])),
        );
        // Every registered strategy too: an agent that offers back what others offered (Atlas3,
        // Caduceus through it) must never hand back an offer across its own red lines.
        let every: Vec<&str> = strategies
            .iter()
            .copied()
            .chain(pactum_core::talks::REGISTRY.iter().map(|e| e.name))
            .collect();
        let strategies = &every;
        for relaxed in &relaxations {
            let base = plan(&s, Protocol::Saop, relaxed, 30, 0);
            let session = Session::new(&s, &base).unwrap();
            for (k, spec) in strategies.iter().enumerate() {
                let other = strategies[(k + 3) % strategies.len()];
                let mut players: Vec<Box<dyn Player>> = (0..session.parties.len())
                    .map(|p| parse(if p == 0 { spec } else { other }).unwrap())
                    .collect();
                let (ending, events) = negotiate(&session, &base.with_seed(k as u64), &mut players);
                let error = error_of(&events);
                assert!(error.is_none(), "{name} {spec}: {error:?}");
                assert_red_lines_hold(
                    &s,
                    relaxed,
                    &ending,
                    &format!("{name} saop {spec}/{other} {relaxed:?}"),
                );
            }
            for mediator in [Mediator::HillClimbing, Mediator::Annealing, Mediator::Nash] {
                for seed in 0..3 {
                    let p = plan(&s, Protocol::SingleText(mediator), relaxed, 60, seed);
                    let Ok(session) = Session::new(&s, &p) else {
                        continue;
                    };
                    let (ending, _) = negotiate(&session, &p, &mut []);
                    assert_red_lines_hold(
                        &s,
                        relaxed,
                        &ending,
                        &format!("{name} {mediator} {relaxed:?}"),
                    );
                }
            }
        }
    }
}

#[test]
fn flagship_relaxed_reaches_agreement_under_saop() {
    let s = load("abu-dhabi-trilateral");
    for id in ["russia.all_of_donbas", "ukraine.no_withdrawal"] {
        let relaxed = BTreeSet::from([id.to_string()]);
        let p = plan(&s, Protocol::Saop, &relaxed, 24, 1);
        let session = Session::new(&s, &p).unwrap();
        let mut players: Vec<Box<dyn Player>> =
            vec![parse("boulware").unwrap(), parse("boulware").unwrap()];
        let (ending, _) = negotiate(&session, &p, &mut players);
        assert!(
            matches!(ending, Ending::Agreement { .. }),
            "{id}: {ending:?}"
        );
    }
}

#[test]
fn hill_climbing_never_moves_to_a_text_any_party_likes_less() {
    for name in ["supply-contract", "car-purchase", "abu-dhabi-trilateral"] {
        let s = load(name);
        let mut moved = 0;
        for seed in 0..10 {
            let p = plan(
                &s,
                Protocol::SingleText(Mediator::HillClimbing),
                &BTreeSet::new(),
                200,
                seed,
            );
            let session = Session::new(&s, &p).unwrap();
            let (_, events) = negotiate(&session, &p, &mut []);
            let run_adopted = adopted(&session, &events);
            moved += run_adopted.len() - 1;
            for own in &session.owns {
                let liking = |d: &[u32]| {
                    own.utility.utility(d)
                        - 10.0 * own.red_lines.iter().filter(|c| !c.holds(d)).count() as f64
                };
                for w in run_adopted.windows(2) {
                    assert!(
                        liking(&w[1]) >= liking(&w[0]),
                        "{name} seed {seed}: a party likes the new text less"
                    );
                }
            }
        }
        // In the flagship every one-issue change costs one side: the text may never move there.
        assert!(
            moved > 0 || name == "abu-dhabi-trilateral",
            "{name}: the text moved at least once in ten runs"
        );
    }
}

#[test]
fn same_seed_same_record_byte_for_byte() {
    let s = load("supply-contract");
    let base = plan(&s, Protocol::Saop, &BTreeSet::new(), 50, 0);
    let session = Session::new(&s, &base).unwrap();
    let record = |seed| {
        let mut players: Vec<Box<dyn Player>> = vec![
            parse("random:p=0.2").unwrap(),
            parse("nash").unwrap(),
            parse("frequency").unwrap(),
        ];
        let p = base.with_seed(seed);
        let (_, events) = negotiate(&session, &p, &mut players);
        record::write_jsonl(&record::from_events(&session, &p, &events).events)
    };
    assert_eq!(record(7), record(7));
    assert_ne!(
        record(7),
        record(8),
        "the seed matters to the random strategy"
    );
    let annealed = |seed| {
        let p = plan(
            &s,
            Protocol::SingleText(Mediator::Annealing),
            &BTreeSet::new(),
            80,
            seed,
        );
        let session = Session::new(&s, &p).unwrap();
        let (_, events) = negotiate(&session, &p, &mut []);
        record::write_jsonl(&record::from_events(&session, &p, &events).events)
    };
    assert_eq!(annealed(3), annealed(3));
}

/// car-purchase with every red line dropped, 10 rounds of SAOP, seed 1.
fn car_purchase_without_red_lines() -> (Plan, Session) {
    let s = load("car-purchase");
    let relaxed: BTreeSet<String> = s
        .constraint_ids()
        .into_iter()
        .filter(|id| !id.ends_with(".fallback"))
        .collect();
    let p = plan(&s, Protocol::Saop, &relaxed, 10, 1);
    let session = Session::new(&s, &p).unwrap();
    (p, session)
}

struct Panics;

impl Strategy for Panics {
    fn propose(&mut self, _: &Own, view: &View<'_>, _: &mut Stream) -> Option<u128> {
        if view.round >= 3 {
            panic!("deliberate failure in round {}", view.round);
        }
        Some(0)
    }

    fn accept(&mut self, _: &Own, _: &View<'_>, _: u128, _: &mut Stream) -> bool {
        false
    }
}

#[test]
fn a_panicking_strategy_ends_its_negotiation_as_an_error() {
    let (p, session) = car_purchase_without_red_lines();
    let mut players: Vec<Box<dyn Player>> = vec![
        Box::new(Box::new(Panics) as Box<dyn Strategy>),
        parse("hardliner").unwrap(),
    ];
    let (ending, events) = negotiate(&session, &p, &mut players);
    let (round, party, message) = error_of(&events).expect("an error");
    assert_eq!((round, party), (3, 0));
    assert!(message.contains("deliberate failure"));
    assert!(
        matches!(ending, Ending::Breakdown { ref reason, .. } if reason.contains("strategy of `buyer` failed"))
    );
    let named = record::from_events(&session, &p, &events);
    assert!(
        named
            .events
            .iter()
            .any(|e| matches!(e, pactum_schema::Event::Error { party, .. } if party == "buyer"))
    );
}

#[test]
fn alternating_offers_over_a_divisible_pie_reach_the_subgame_perfect_split() {
    use pactum_core::talks::rubinstein::{infinite_horizon_share, play_equilibrium};
    let s = load("pie-split");
    let delta = [0.9, 0.8];
    let turns = |deadline: u32| plan(&s, Protocol::Alternating, &BTreeSet::new(), deadline, 1);
    let session = Session::new(&s, &turns(1)).unwrap();
    for deadline in [1, 2, 3, 4, 10, 50, 1000] {
        let mut players: Vec<Box<dyn Player>> = vec![
            parse("equilibrium:other=0.8").unwrap(),
            parse("equilibrium:other=0.9").unwrap(),
        ];
        let (ending, _) = negotiate(&session, &turns(deadline), &mut players);
        let Ending::Agreement {
            round,
            utilities,
            discounted,
            ..
        } = &ending
        else {
            panic!("T={deadline}: {ending:?}")
        };
        assert_eq!(*round, 1, "T={deadline}: agreement at once");
        let (_, spe) = play_equilibrium(delta, deadline);
        // The pie is divisible to 1e-4: A keeps the SPE share rounded down to the grid.
        assert!(
            utilities[0] <= spe + 1e-9 && utilities[0] > spe - 1e-4 - 1e-9,
            "T={deadline}: {} vs {spe}",
            utilities[0]
        );
        assert_eq!(discounted, utilities, "no delay, no discount");
    }
    let mut players: Vec<Box<dyn Player>> = vec![
        parse("equilibrium:other=0.8").unwrap(),
        parse("equilibrium:other=0.9").unwrap(),
    ];
    let (ending, _) = negotiate(&session, &turns(1000), &mut players);
    let Ending::Agreement { utilities, .. } = ending else {
        panic!()
    };
    assert!(
        (utilities[0] - infinite_horizon_share(delta)).abs() < 2e-4,
        "{}",
        utilities[0]
    );
}

/// The Nash product of an agreement over the fallbacks, as a share of the analysis's Nash deal.
fn nash_share(s: &Scenario, relaxed: &BTreeSet<String>) -> f64 {
    nash_shares(s, relaxed, &[None])[0]
}

/// The Nash mediator's agreement with each deadline (`None`: the scenario's), as a share of the
/// Nash deal's product over the fallbacks; 0 when the talks end without one.
fn nash_shares(s: &Scenario, relaxed: &BTreeSet<String>, deadlines: &[Option<u32>]) -> Vec<f64> {
    use pactum_core::analysis::{Problem, bargaining, frontier};
    let problem = Problem::new(s, relaxed).unwrap();
    let d = problem.disagreement();
    let f = frontier::frontier(&problem).unwrap();
    let nash = bargaining::points(&f.pareto, &d).nash.unwrap();
    let product = |u: &[f64]| {
        u.iter()
            .zip(&d)
            .map(|(u, d)| (u - d).max(0.0))
            .product::<f64>()
    };
    deadlines
        .iter()
        .map(|&rounds| {
            let p = Plan::for_scenario(
                s,
                &Overrides {
                    protocol: Some(Protocol::SingleText(Mediator::Nash)),
                    relax: relaxed.iter().cloned().collect(),
                    rounds,
                    ..Overrides::default()
                },
            )
            .unwrap();
            match talks::run(s, &p, &mut ()).unwrap() {
                Ending::Agreement { utilities, .. } => {
                    product(&utilities) / product(&nash.utilities)
                }
                _ => 0.0,
            }
        })
        .collect()
}

#[test]
fn the_nash_mediator_learns_from_answers_what_each_party_needs() {
    // The mediator sees only rankings here; reading each rejection as "more than this text" and
    // each acceptance as "at most this" takes it to the Nash deal (0.65, 0.55) instead of
    // flipping the house between the heirs (which ended at 0.85 / 0.40, 0.63 of the product).
    assert!((nash_share(&load("inheritance"), &BTreeSet::new()) - 1.0).abs() < 1e-9);
    assert!(nash_share(&load("car-purchase"), &BTreeSet::new()) > 0.95);
    let flagship = load("abu-dhabi-trilateral");
    let relaxed = BTreeSet::from(["russia.all_of_donbas".to_string()]);
    assert!((nash_share(&flagship, &relaxed) - 1.0).abs() < 1e-9);
}

/// A player from outside the engine whose third proposal fails, as an agent that hangs would.
struct GivesUp;

impl Player for GivesUp {
    fn propose(
        &mut self,
        own: &Own,
        view: &View<'_>,
        _: &mut Stream,
    ) -> Result<Option<u128>, String> {
        if view.round >= 3 {
            return Err("no answer within 1 s".into());
        }
        Ok(own.sorted().first().map(|x| x.1))
    }

    fn accept(&mut self, _: &Own, _: &View<'_>, _: u128, _: &mut Stream) -> Result<bool, String> {
        Ok(false)
    }
}

#[test]
fn a_failing_player_and_an_unseated_outside_one_end_their_negotiation_as_errors() {
    let (p, session) = car_purchase_without_red_lines();
    let mut players: Vec<Box<dyn Player>> = vec![Box::new(GivesUp), parse("hardliner").unwrap()];
    let (ending, events) = negotiate(&session, &p, &mut players);
    assert_eq!(
        error_of(&events),
        Some((3, 0, "no answer within 1 s".to_string()))
    );
    assert!(matches!(ending, Ending::Breakdown { round: 3, .. }));

    // An `exec:` seat run by the engine alone (which starts no programs) fails at its first move.
    let outside = StrategySpec::parse("exec:python3 agent.py").unwrap();
    assert_eq!(outside.to_string(), "exec:python3 agent.py");
    assert!(outside.build().is_none());
    let seated = p.with_strategies(vec![outside, StrategySpec::parse("hardliner").unwrap()]);
    let mut log = Log::default();
    let ending = talks::run_session(&session, &seated, &mut log);
    let (round, party, message) = error_of(&log.events).expect("an error");
    assert_eq!((round, party), (1, 0));
    assert!(message.contains("could not start one"), "{message}");
    assert!(matches!(ending, Ending::Breakdown { round: 1, .. }));
    assert!(
        StrategySpec::parse("exec:  ")
            .unwrap_err()
            .to_string()
            .contains("expected exec:COMMAND")
    );
}

/// How close the Nash mediator comes to the Nash deal did not fall with this rules.
///
/// "Before" is the mediator without them (commit a289a4a), run on today's scenarios by
/// `python3 bench/mediator_deadlines.py` (docs/talks.md gives the commands). One deadline alone
/// misleads: the mediator between the first rules and the eased floors reached the Nash deal on
/// the flagship with Ukraine's red line relaxed at the scenario's 24 rounds and was taken for
/// the baseline until 2026-12-06, but the mediator before the rules ends there at 0.928 as the
/// current one does, and without the eased floors the other relaxation fell to 0.24. So each
/// case is judged at its deadline and over every deadline from 8 to 40 (mean and worst, a
/// breakdown counting 0), and at its deadline it must also keep what the rules reach now.
#[test]
fn nash_mediator_agreements_stay_at_least_as_close_to_the_nash_deal() {
    struct Case {
        name: &'static str,
        relax: &'static [&'static str],
        /// Before the rules: at the scenario's deadline, the mean and the worst over 8..=40.
        before: [f64; 3],
        /// With the rules, at the scenario's deadline (measured 2026-12-06).
        now: f64,
    }
    let case = |name, relax, before, now| Case {
        name,
        relax,
        before,
        now,
    };
    let cases = [
        case("car-purchase", &[], [0.980523, 0.866, 0.705], 0.980523),
        case("inheritance", &[], [1.0, 0.889, 0.343], 1.0),
        case("supply-contract", &[], [0.816892, 0.638, 0.345], 0.816892),
        case("pie-split", &[], [0.859825, 0.437, 0.0], 0.992115),
        case(
            "abu-dhabi-trilateral",
            &["ukraine.no_withdrawal"],
            [0.928382, 0.860, 0.817],
            0.928382,
        ),
        case(
            "abu-dhabi-trilateral",
            &["russia.all_of_donbas"],
            [0.993182, 0.838, 0.0],
            1.0,
        ),
    ];
    let mut deadlines: Vec<Option<u32>> = vec![None];
    deadlines.extend((8..=40).map(Some));
    // Every case is measured before any is judged, so a failure shows the whole table.
    let mut short = Vec::new();
    for case in &cases {
        let relaxed: BTreeSet<String> = case.relax.iter().map(|s| s.to_string()).collect();
        let shares = nash_shares(&load(case.name), &relaxed, &deadlines);
        let (at_deadline, sweep) = (shares[0], &shares[1..]);
        let mean = sweep.iter().sum::<f64>() / sweep.len() as f64;
        let worst = sweep.iter().copied().fold(f64::INFINITY, f64::min);
        let label = format!("{} {:?}", case.name, case.relax);
        eprintln!(
            "NASH SHARE {label}: {at_deadline:.6} at the deadline, mean {mean:.3}, worst {worst:.3}"
        );
        let [before_at, before_mean, before_worst] = case.before;
        for (what, value, floor, slack) in [
            (
                "at the deadline, before the rules",
                at_deadline,
                before_at,
                1e-6,
            ),
            (
                "at the deadline, with the rules",
                at_deadline,
                case.now,
                1e-6,
            ),
            // The sweep's numbers are recorded to three decimals.
            ("mean over deadlines 8..=40", mean, before_mean, 5e-4),
            ("worst over deadlines 8..=40", worst, before_worst, 5e-4),
        ] {
            if value < floor - slack {
                short.push(format!("{label}: {what} {value:.6} < {floor}"));
            }
        }
    }
    assert!(
        short.is_empty(),
        "closer to the Nash deal before: {short:?}"
    );
}

/// "Never re-tables a text a party has rejected unless something changed", read off the record
/// of every bundled scenario (and the flagship with either blocking red line relaxed) at three
/// deadlines, each with its own seed: a text comes back only with a reason naming its last
/// rejection and what the mediator has learned since; never in the round right after it was
/// rejected (only the answers to a text in between can change the mediator's reading), unless
/// nothing else was left.
#[test]
fn the_nash_mediator_tables_a_rejected_text_again_only_once_something_changed() {
    use pactum_core::talks::Speaker;
    let cases: [(&str, &[&str]); 6] = [
        ("car-purchase", &[]),
        ("inheritance", &[]),
        ("supply-contract", &[]),
        ("pie-split", &[]),
        ("abu-dhabi-trilateral", &["ukraine.no_withdrawal"]),
        ("abu-dhabi-trilateral", &["russia.all_of_donbas"]),
    ];
    let mut again = 0;
    for (name, relax) in cases {
        let s = load(name);
        for (rounds, seed) in [(None, None), (Some(12), Some(2)), (Some(31), Some(3))] {
            let p = Plan::for_scenario(
                &s,
                &Overrides {
                    protocol: Some(Protocol::SingleText(Mediator::Nash)),
                    relax: relax.iter().map(|r| r.to_string()).collect(),
                    rounds,
                    seed,
                    ..Overrides::default()
                },
            )
            .unwrap();
            let mut log = Log::default();
            talks::run(&s, &p, &mut log).unwrap();
            // Round → text tabled, and the rounds each text was tabled in.
            let mut tabled: Vec<(u32, pactum_core::space::OutcomeIndex)> = Vec::new();
            for e in &log.events {
                match e {
                    Event::Offer {
                        round,
                        from: Speaker::Mediator,
                        outcome,
                        ..
                    } => tabled.push((*round, *outcome)),
                    Event::Reason { round, why } => {
                        let &(r, text) = tabled.last().unwrap();
                        assert_eq!(r, *round);
                        let before = tabled[..tabled.len() - 1]
                            .iter()
                            .rev()
                            .find(|(_, t)| *t == text);
                        let at = format!("{name} {relax:?} rounds {rounds:?} round {round}");
                        match before {
                            None => assert!(!why.contains("tabled again"), "{at}: {why}"),
                            Some(&(last, _)) => {
                                again += 1;
                                assert!(
                                    why.contains(&format!("rejected it in round {last}, ")),
                                    "{at}: {why}"
                                );
                                let learned = why.contains("and since then it learned");
                                let left = why.contains("but no other text is left");
                                assert!(
                                    learned
                                        || left
                                        || why.contains(
                                            "and since then the answers to later texts changed"
                                        ),
                                    "{at}: {why}"
                                );
                                if last + 1 == *round {
                                    assert!(learned || left, "{at}: {why}");
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // The bundled talks do table texts again (the parties' demands fall towards the deadline).
    assert!(again > 20, "{again}");
}
