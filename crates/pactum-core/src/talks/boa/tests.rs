//! The BOA agent as a whole: specs, composition, and models learning per party.

use super::*;
use crate::preference::Semantics;
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::model_score::ModelScore;
use crate::talks::{self, Event, Log, Overrides, Plan, Protocol};
use crate::{Issue, Party, Preferences, Provenance, Scenario};

/// `parties` parties over 4 issues of 5 values, with random value tables and weights drawn from
/// `seed`, and fallback 0.
pub(crate) fn scenario(parties: usize, seed: u64) -> Scenario {
    let mut rng = Stream::new(seed, 0);
    let values: Vec<String> = (0..5).map(|k| format!("v{k}")).collect();
    let issues = (0..4)
        .map(|i| Issue::with_options(format!("i{i}"), &values))
        .collect();
    let party = |id: usize, rng: &mut Stream| {
        let tables = (0..4)
            .map(|_| (0..5).map(|_| rng.unit()).collect())
            .collect();
        let mut prefs = Preferences::equal_weights(tables, Semantics::AsWritten);
        let weights: Vec<f64> = (0..4).map(|_| 0.05 + rng.unit()).collect();
        let total: f64 = weights.iter().sum();
        for (p, w) in prefs.issues.iter_mut().zip(weights) {
            p.weight = w / total;
        }
        Party::negotiator(format!("p{id}"), prefs, 0.0, Provenance::default())
    };
    let parties = (0..parties).map(|k| party(k, &mut rng)).collect();
    Scenario::new("random", issues, parties)
}

pub(crate) fn plan(scenario: &Scenario, rounds: u32, strategies: &[&str]) -> Plan {
    let mut plan = Plan::for_scenario(
        scenario,
        &Overrides {
            protocol: Some(Protocol::Saop),
            rounds: Some(rounds),
            ..Overrides::default()
        },
    )
    .unwrap();
    plan.strategies = strategies
        .iter()
        .map(|s| talks::StrategySpec::parse(s).unwrap())
        .collect();
    plan
}

pub(crate) fn run(scenario: &Scenario, rounds: u32, strategies: &[&str]) -> Vec<Event> {
    let mut log = Log::default();
    talks::run(scenario, &plan(scenario, rounds, strategies), &mut log).unwrap();
    log.events
}

pub(crate) fn offers(events: &[Event], party: usize) -> Vec<OutcomeIndex> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Offer {
                from: talks::Speaker::Party(p),
                outcome,
                ..
            } if *p == party => Some(*outcome),
            _ => None,
        })
        .collect()
}

/// The last score of `modeller`'s model of `of`.
pub(crate) fn last_score(events: &[Event], modeller: usize, of: usize) -> ModelScore {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::Model { party, scores, .. } if *party == modeller => {
                scores.iter().find(|s| s.of == of).copied()
            }
            _ => None,
        })
        .expect("a model score")
}

#[test]
fn every_component_parses_with_its_defaults_and_prints_back() {
    fn names<T: ?Sized>(t: &[Component<T>]) -> Vec<&'static str> {
        t.iter().map(|c| c.name).collect()
    }
    for (part, table) in [
        ("offer", names(OFFERING)),
        ("accept", names(ACCEPTANCE)),
        ("model", names(MODELS)),
        ("oms", names(MODEL_STRATEGIES)),
    ] {
        for name in table {
            let text = format!("boa:{part}={name}");
            let spec = talks::StrategySpec::parse(&text).unwrap();
            let printed = spec.to_string();
            assert!(printed.contains(&format!("{part}={name}")), "{printed}");
            assert_eq!(talks::StrategySpec::parse(&printed).unwrap(), spec);
        }
    }
    let spec = talks::StrategySpec::parse(
        "boa:offer=timedep(e=0.2),accept=combi(t=0.97),model=hardheaded(learn=0.3),oms=bestbid",
    )
    .unwrap();
    assert_eq!(
        spec.to_string(),
        "boa:offer=timedep(e=0.2),accept=combi(t=0.97),model=hardheaded(learn=0.3),oms=bestbid"
    );
    // Order of parts does not matter; defaults fill what is missing.
    assert_eq!(
        talks::StrategySpec::parse("boa:model=smith,accept=next").unwrap(),
        talks::StrategySpec::parse("boa:offer=timedep,accept=next,model=smith,oms=bestbid")
            .unwrap()
    );
}

#[test]
fn bad_boa_specs_say_what_was_expected() {
    let err = |s: &str| talks::StrategySpec::parse(s).unwrap_err().to_string();
    assert!(err("boa:modl=smith").contains("no part `modl`; expected offer, accept, model, oms"));
    assert!(err("boa:model=hh").contains("no model component named `hh`; expected one of uniform"));
    assert!(err("boa:accept=combi(t=2)").contains("`t` of `combi` is 2; expected 0 to 1"));
    assert!(err("boa:accept=combi(x=2)").contains("expected t"));
    assert!(err("boa:accept=combi(t=0.9").contains("do not pair up"));
    assert!(err("boa:model=smith,model=uniform").contains("given twice"));
    assert!(err("boa:oms=bestn(n=0.5)").contains("a whole number ≥ 1"));
    assert!(err("boa:smith").contains("expected key=value"));
}

#[test]
fn a_boa_agent_without_a_model_bids_as_the_time_dependent_strategy() {
    // Against a hardliner, which accepts only its best, both concede along the same targets.
    let s = scenario(2, 3);
    let boa = run(&s, 40, &["boa:offer=timedep(e=4),accept=next", "hardliner"]);
    let plain = run(&s, 40, &["boulware", "hardliner"]);
    assert_eq!(offers(&boa, 0), offers(&plain, 0));
    assert!(offers(&boa, 0).len() >= 30);
    assert_eq!(boa.last(), plain.last());
}

#[test]
fn models_learn_the_other_party_and_the_perfect_one_is_exact() {
    // The other party concedes slowly and offers what it prefers: the frequency and Bayesian
    // models rank outcomes much better than chance after 200 rounds.
    let mut learnt = 0;
    for seed in 1..=6 {
        let s = scenario(2, seed);
        for model in ["hardheaded", "smith", "scalable-bayesian", "bayesian"] {
            let spec = format!("boa:offer=timedep(e=4),model={model}");
            let events = run(&s, 200, &[&spec, "hardliner:"]);
            let score = last_score(&events, 0, 1);
            assert!(score.kendall > -1.0 && score.kendall <= 1.0);
            learnt += usize::from(score.kendall > 0.2);
        }
        let perfect = run(&s, 50, &["boa:model=perfect", "boulware"]);
        let score = last_score(&perfect, 0, 1);
        assert_eq!(
            (score.kendall, score.euclidean, score.frontier),
            (1.0, 0.0, 0.0)
        );
    }
    assert!(learnt >= 20, "{learnt} of 24 models learnt a τ above 0.2");
}

#[test]
fn with_several_parties_each_is_modelled_from_its_own_offers() {
    // Three parties; the BOA agent models the two others apart: its model of each agrees with
    // that party's truth better than with the other's.
    let mut apart = 0;
    for seed in 1..=5 {
        let s = scenario(3, seed);
        let session = talks::Session::new(&s, &plan(&s, 100, &["boulware"; 3])).unwrap();
        let events = run(
            &s,
            100,
            &[
                "boa:offer=timedep(e=4),model=smith",
                "hardliner",
                "hardliner",
            ],
        );
        let mut player = MODELS
            .iter()
            .find(|c| c.name == "smith")
            .map(|c| (c.build)(&[]))
            .unwrap();
        // Re-learn from the record, to compare the estimate with each truth.
        let mut digits = vec![0; 4];
        for p in [1, 2] {
            for o in offers(&events, p) {
                session.space.decode_into(o, &mut digits);
                player.observe(&session.owns[0], p, &digits, 0.0);
            }
        }
        let all: Vec<OutcomeIndex> = (0..session.space.size()).collect();
        let mut estimate = |q: usize| -> Vec<f64> {
            all.iter()
                .map(|&o| {
                    session.space.decode_into(o, &mut digits);
                    player.estimate(q, &digits)
                })
                .collect()
        };
        let truth =
            |q: usize| -> Vec<f64> { all.iter().map(|&o| session.owns[q].utility_of(o)).collect() };
        let tau = crate::talks::model_score::kendall_tau_b;
        let (e1, e2) = (estimate(1), estimate(2));
        apart += usize::from(tau(&e1, &truth(1)) > tau(&e1, &truth(2)));
        apart += usize::from(tau(&e2, &truth(2)) > tau(&e2, &truth(1)));
        // The record's last scores are those of the agent's own model.
        let recorded = last_score(&events, 0, 1);
        assert!((recorded.kendall - tau(&e1, &truth(1))).abs() < 1e-12);
    }
    assert!(apart >= 9, "{apart} of 10");
}

#[test]
fn the_reservation_model_estimates_a_fallback_and_the_record_holds_its_truth() {
    let s = scenario(2, 4);
    let events = run(&s, 100, &["boa:model=reservation", "boulware"]);
    let score = last_score(&events, 0, 1);
    let (estimate, truth) = score.reservation.expect("an estimate");
    assert!((0.0..=1.0).contains(&estimate));
    assert_eq!(truth, 0.0);
}

#[test]
fn boa_runs_are_deterministic() {
    let s = scenario(3, 9);
    let specs = [
        "boa:accept=combi-avg,model=hardheaded,oms=bestn(n=3)",
        "boa:oms=random,model=scalable-bayesian",
        "boa:accept=gap(c=0.05),model=smith",
    ];
    assert_eq!(run(&s, 60, &specs), run(&s, 60, &specs));
}

#[test]
fn a_mac_agent_records_every_conditions_verdict_and_ends_the_talks_with_the_last() {
    let s = scenario(2, 11);
    let events = run(
        &s,
        200,
        &["boa:offer=timedep(e=2),accept=mac", "boulware:e=1"],
    );
    let agreed = events.iter().find_map(|e| match e {
        Event::Agreement { round, .. } => Some(*round),
        _ => None,
    });
    let verdicts = events
        .iter()
        .find_map(|e| match e {
            Event::Verdicts { party: 0, verdicts } => Some(verdicts.clone()),
            _ => None,
        })
        .expect("the MAC's verdicts are recorded");
    assert_eq!(verdicts.len(), 77);
    let rounds: Vec<u32> = verdicts
        .iter()
        .filter_map(|v| v.accepted.map(|a| a.0))
        .collect();
    assert!(!rounds.is_empty());
    let agreed = agreed.expect("agreement against a linear conceder");
    assert!(rounds.iter().all(|&r| r <= agreed));
    // Different conditions would have ended the talks at different moments; when the MAC
    // party itself accepted, the last of them did so in the round of agreement.
    assert!(rounds.iter().min() < rounds.iter().max(), "{rounds:?}");
    let last_accept = events.iter().rev().find_map(|e| match e {
        Event::Accept { round, answer } if answer.party == 0 => Some(*round),
        _ => None,
    });
    if last_accept == Some(agreed) && verdicts.iter().all(|v| v.accepted.is_some()) {
        assert_eq!(rounds.iter().max(), Some(&agreed));
    }
    // Nothing else records verdicts.
    let plain = run(&s, 50, &["boulware", "boulware:e=1"]);
    assert!(!plain.iter().any(|e| matches!(e, Event::Verdicts { .. })));
}
