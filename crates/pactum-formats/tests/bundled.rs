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
    let report = zone(&problem);
    assert_eq!(report.outcomes, 81);
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
        let opened = zone(&Problem::new(&s, &relaxed).unwrap());
        assert_eq!(
            opened.acceptable, b.opens,
            "relaxing {relaxed:?} opens what it claims"
        );
        assert!(opened.blocking.is_empty());
        assert_eq!(
            opened.nash.as_ref().map(|d| d.index),
            b.nash.as_ref().map(|d| d.index)
        );
    }
}
