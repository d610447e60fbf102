//! The bundled scenarios read cleanly and hold what the report says.

use pactum_core::analysis::{Problem, zone};
use pactum_formats::{bundled, scenario_toml};
use std::collections::BTreeSet;

fn load(name: &str) -> scenario_toml::Loaded {
    let text = bundled::get(name).expect("bundled");
    scenario_toml::load_str(name, text).unwrap_or_else(|d| panic!("{name}: {d:#?}"))
}

#[test]
fn every_bundled_scenario_reads_and_has_full_provenance() {
    for name in bundled::names() {
        let loaded = load(name);
        assert_eq!(loaded.scenario.id, name);
        let gaps: Vec<String> = loaded.warnings.iter().map(|w| w.headline()).collect();
        assert!(gaps.is_empty(), "{name} lacks provenance: {gaps:#?}");
    }
}

#[test]
fn flagship_red_lines_leave_no_deal_and_the_blocking_sets_open_one() {
    let s = load("abu-dhabi-trilateral").scenario;
    let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
    let report = zone(&problem).unwrap();
    assert_eq!(report.outcomes, 108);
    assert_eq!(report.acceptable, 0, "the report's red lines conflict");
    assert!(!report.blocking.is_empty());
    let sets: Vec<Vec<String>> = report
        .blocking
        .iter()
        .map(|b| b.constraints.clone())
        .collect();
    assert!(
        sets.contains(&vec!["russia.all_of_donbas".to_string()]),
        "{sets:?}"
    );
    assert!(
        sets.contains(&vec!["ukraine.no_withdrawal".to_string()]),
        "{sets:?}"
    );
    for b in &report.blocking {
        assert!(b.opens > 0);
        let relaxed: BTreeSet<String> = b.constraints.iter().cloned().collect();
        let opened = zone(&Problem::new(&s, &relaxed).unwrap()).unwrap();
        assert_eq!(
            opened.acceptable, b.opens,
            "relaxing {relaxed:?} opens what it claims"
        );
        assert!(opened.blocking.is_empty());
        assert_eq!(
            opened.nash.as_ref().map(|d| d.digits.clone()),
            b.nash.as_ref().map(|d| d.digits.clone())
        );
    }
}

#[test]
fn no_run_ever_agrees_to_cross_an_active_red_line() {
    use pactum_core::talks::{self, Ending, Overrides, Plan, Protocol};
    for name in bundled::names() {
        let s = load(name).scenario;
        let ids = s.constraint_ids();
        let mut relaxations: Vec<BTreeSet<String>> = vec![BTreeSet::new()];
        relaxations.extend(ids.iter().map(|id| BTreeSet::from([id.clone()])));
        for relaxed in &relaxations {
            for seed in 0..6 {
                let plan = Plan::for_scenario(
                    &s,
                    &Overrides {
                        protocol: Some(Protocol::default()),
                        seed: Some(seed),
                        relax: relaxed.iter().cloned().collect(),
                        ..Overrides::default()
                    },
                )
                .unwrap();
                let ending = talks::run(&s, &plan, &mut ()).unwrap();
                if let Ending::Agreement {
                    outcome,
                    round,
                    utilities,
                    ..
                } = &ending
                {
                    for (slot, &p) in s.negotiators().iter().enumerate() {
                        let party = &s.parties[p];
                        for r in &party.red_lines {
                            let id = format!("{}.{}", party.id, r.id);
                            assert!(
                                relaxed.contains(&id) || r.constraint.holds(outcome),
                                "{name} seed {seed}: agreement crosses {id}"
                            );
                        }
                        if !relaxed.contains(&format!("{}.fallback", party.id)) {
                            let worth =
                                utilities[slot] * s.discount_at(p, round - 1, s.talks.rounds);
                            assert!(
                                worth + 1e-9 >= s.fallback_at(p, round - 1),
                                "{name}: {} accepted less than its fallback",
                                party.id
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn relaxing_any_flagship_blocking_set_lets_the_talks_agree() {
    use pactum_core::talks::{self, Ending, Overrides, Plan};
    let s = load("abu-dhabi-trilateral").scenario;
    let report = zone(&Problem::new(&s, &BTreeSet::new()).unwrap()).unwrap();
    for b in &report.blocking {
        for seed in 0..5 {
            let relaxed: BTreeSet<String> = b.constraints.iter().cloned().collect();
            let plan = Plan::for_scenario(
                &s,
                &Overrides {
                    seed: Some(seed),
                    relax: relaxed.into_iter().collect(),
                    ..Overrides::default()
                },
            )
            .unwrap();
            let ending = talks::run(&s, &plan, &mut ()).unwrap();
            assert!(
                matches!(ending, Ending::Agreement { .. }),
                "relaxing {:?}, seed {seed}: {ending:?}",
                b.constraints,
            );
        }
    }
}

#[test]
fn the_documented_example_is_valid() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + doc[start..].find("```").expect("closed");
    let loaded = scenario_toml::load_str("docs/scenario-format.md", &doc[start..end])
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let s = loaded.scenario;
    assert_eq!(s.id, "car-purchase");
    assert_eq!(s.negotiators().len(), 2);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let report = zone(&Problem::new(&s, &BTreeSet::new()).unwrap()).unwrap();
    assert!(report.acceptable > 0);
}

#[test]
fn adjusted_winner_splits_the_house_half_and_half() {
    use pactum_core::analysis::fair_division::adjusted_winner;
    let s = load("inheritance").scenario;
    let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
    let aw = adjusted_winner(&problem, &s.issues).expect("item issues");
    // Alice 50/20/10/15/5, Bob 40/15/30/5/10: Alice first gets house, car, piano (85 to 40);
    // the house has the smallest ratio (50/40), handing it all over overshoots, so it is split:
    // 50x + 35 = 40(1 − x) + 40, x = 1/2; both end with 60 points.
    let (item, share) = aw.split.clone().expect("one split item");
    assert_eq!(item, "house");
    assert!((share - 0.5).abs() < 1e-12, "{share}");
    assert!(
        (aw.totals[0] - 60.0).abs() < 1e-9 && (aw.totals[1] - 60.0).abs() < 1e-9,
        "{:?}",
        aw.totals
    );
    let shares: Vec<(String, f64)> = aw
        .items
        .iter()
        .map(|i| (i.issue.clone(), i.first_share))
        .collect();
    assert_eq!(shares[1], ("car".to_string(), 1.0));
    assert_eq!(shares[2], ("boat".to_string(), 0.0));
    assert_eq!(shares[3], ("piano".to_string(), 1.0));
    assert_eq!(shares[4], ("paintings".to_string(), 0.0));
    // No item issues, no division.
    let car = load("car-purchase").scenario;
    assert!(adjusted_winner(&Problem::new(&car, &BTreeSet::new()).unwrap(), &car.issues).is_none());
}
