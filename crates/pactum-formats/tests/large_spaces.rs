//! Bidding in spaces too large to sort: every registered strategy negotiates, from ladders found
//! by inverse utility, on the ANAC 2014 `30issues` domain (10^30 outcomes, GENIUS hyper-rectangle
//! utilities) and on a generated additive space of 10^25 outcomes; the ladders reach the true
//! extremes (exactly for additive preferences, the published Pareto optimum for the
//! hyper-rectangles) and leave no large gap between their utilities. Skipped, with a note, when
//! `../shared` is absent (the generated space runs regardless).

use pactum_core::generate::{Spec, generate};
use pactum_core::scenario::Scenario;
use pactum_core::talks::event::Event;
use pactum_core::talks::plan::{Overrides, Plan};
use pactum_core::talks::{self, Ending, Log, Protocol, REGISTRY, Session, StrategySpec};
use pactum_formats::genius;
use std::path::PathBuf;

#[path = "support/shared.rs"]
mod support;

fn thirty_issues() -> Option<Scenario> {
    let dir: PathBuf = support::shared(
        "domains/negmas-tests/anac/y2014/30issues",
        "bidding on the 30issues domain",
    )?;
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    Some(genius::load_files("30issues", &files).unwrap())
}

/// Two parties, 25 issues of 10 values: 10^25 outcomes, additive.
fn generated() -> Scenario {
    generate(&Spec {
        parties: 2,
        issues: 25,
        values: 10,
        opposition: 0.8,
        fallback: 0.0,
        seed: 3,
    })
}

/// Every registered strategy with its default parameters, and a BOA agent with a frequency model.
fn every_strategy() -> Vec<String> {
    let mut names: Vec<String> = REGISTRY.iter().map(|e| e.name.to_string()).collect();
    names.push("boa:offer=timedep(e=2),accept=combi(t=0.98),model=hardheaded,oms=bestbid".into());
    names
}

fn plan(s: &Scenario, first: &str, rounds: u32) -> Plan {
    let parties: Vec<String> = s
        .negotiators()
        .iter()
        .map(|&p| s.parties[p].id.clone())
        .collect();
    Plan::for_scenario(
        s,
        &Overrides {
            protocol: Some(Protocol::Saop),
            rounds: Some(rounds),
            seed: Some(5),
            strategies: vec![
                (parties[0].clone(), StrategySpec::parse(first).unwrap()),
                (parties[1].clone(), StrategySpec::parse("boulware").unwrap()),
            ],
            ..Overrides::default()
        },
    )
    .unwrap()
}

/// Runs every strategy against Boulware on one prepared session: each run ends in agreement,
/// every offer lies in the space within the red lines of the party that made it, and the agreed
/// utilities are the parties' own.
fn every_strategy_agrees(s: &Scenario, rounds: u32) {
    let base = plan(s, "boulware", rounds);
    let session = Session::new(s, &base).unwrap();
    assert!(
        session.owns.iter().all(|o| !o.complete),
        "a ladder is built"
    );
    for name in every_strategy() {
        let p = plan(s, &name, rounds);
        let mut log = Log::default();
        let ending = talks::run_session(&session, &p, &mut log);
        let mut offers = 0;
        for e in &log.events {
            match e {
                Event::Offer { outcome, from, .. } => {
                    offers += 1;
                    assert!(*outcome < session.space.size(), "{name}: {outcome}");
                    if let talks::event::Speaker::Party(slot) = from {
                        assert!(!session.owns[*slot].crosses_red_line(*outcome), "{name}");
                    }
                }
                Event::Error { message, .. } => panic!("{name}: {message}"),
                _ => {}
            }
        }
        let Ending::Agreement {
            outcome, utilities, ..
        } = &ending
        else {
            panic!("{name}: {ending:?}")
        };
        let (recomputed, _) = session.utilities(outcome, 1, rounds);
        assert_eq!(utilities, &recomputed, "{name}");
        assert!(offers >= 2, "{name}: {offers} offers");
    }
}

/// The largest step between neighbouring utilities of a ladder, as a share of its range.
fn widest_gap(sorted: &[(f64, u128)]) -> f64 {
    let range = sorted[0].0 - sorted[sorted.len() - 1].0;
    sorted
        .windows(2)
        .map(|w| w[0].0 - w[1].0)
        .fold(0.0, f64::max)
        / range
}

#[test]
fn every_strategy_negotiates_on_a_generated_space_of_10_to_the_25() {
    let s = generated();
    every_strategy_agrees(&s, 200);
}

#[test]
fn additive_ladders_reach_the_exact_extremes_without_gaps() {
    let s = generated();
    let session = Session::new(&s, &plan(&s, "boulware", 10)).unwrap();
    assert_eq!(session.space.size(), 10u128.pow(25));
    for own in &session.owns {
        // The exact extremes of an additive utility: each issue at its best (worst) value.
        let tables = own.utility.tables();
        let best: f64 = tables
            .iter()
            .map(|t| t.iter().copied().fold(f64::MIN, f64::max))
            .sum();
        let worst: f64 = tables
            .iter()
            .map(|t| t.iter().copied().fold(f64::MAX, f64::min))
            .sum();
        let (top, bottom) = (own.sorted()[0].0, own.sorted()[own.sorted().len() - 1].0);
        assert!((top - best.clamp(0.0, 1.0)).abs() < 1e-9, "{top} {best}");
        assert!(
            (bottom - worst.clamp(0.0, 1.0)).abs() < 1e-9,
            "{bottom} {worst}"
        );
        // 2,048 levels: the widest step is one level and the inversion's resolution.
        let gap = widest_gap(own.sorted());
        assert!(gap < 0.002, "widest gap {gap}");
        assert!(own.sorted().len() > 2_000, "{} rungs", own.sorted().len());
        // Each rung is what its index says.
        for &(u, index) in own.sorted().iter().step_by(97) {
            assert!((own.utility_of(index) - u).abs() < 1e-12);
        }
    }
}

#[test]
fn every_strategy_negotiates_on_the_anac_2014_30issues_domain() {
    let Some(s) = thirty_issues() else { return };
    every_strategy_agrees(&s, 200);
}

#[test]
fn hyper_rectangle_ladders_reach_the_published_optimum() {
    let Some(s) = thirty_issues() else { return };
    let session = Session::new(&s, &plan(&s, "boulware", 10)).unwrap();
    assert_eq!(session.space.size(), 10u128.pow(30));
    for own in &session.owns {
        // GENIUS's pareto.xml for this domain gives each profile a best of 1.0.
        let top = own.sorted()[0].0;
        let bottom = own.sorted()[own.sorted().len() - 1].0;
        eprintln!(
            "LADDER 30issues: {} rungs, best {top:.4}, worst {bottom:.4}, widest gap {:.4}",
            own.sorted().len(),
            widest_gap(own.sorted())
        );
        assert!(top >= 0.99, "best found {top}");
        assert!(widest_gap(own.sorted()) < 0.02);
    }
}

#[test]
fn the_same_seed_gives_the_same_ladder_and_talks() {
    let s = generated();
    let p = plan(&s, "hardheaded", 50);
    let (a, b) = (Session::new(&s, &p).unwrap(), Session::new(&s, &p).unwrap());
    assert_eq!(a.owns[0].sorted(), b.owns[0].sorted());
    let run = |session: &Session| {
        let mut log = Log::default();
        let ending = talks::run_session(session, &p, &mut log);
        (format!("{ending:?}"), format!("{:?}", log.events))
    };
    assert_eq!(run(&a), run(&b));
}
