//! Round trips between native TOML, GENIUS XML and GeniusWeb JSON keep every party's utility of
//! every outcome; what a format cannot hold is reported as a loss.

mod common;

use pactum_core::scenario::Scenario;
use pactum_formats::export::{Written, to_genius, to_geniusweb, to_toml};
use pactum_formats::{bundled, genius, geniusweb, scenario_toml};
use std::path::{Path, PathBuf};

fn native(name: &str) -> Scenario {
    scenario_toml::load_str(name, bundled::get(name).unwrap())
        .unwrap()
        .scenario
}

fn read_toml(w: &Written) -> Scenario {
    let (name, text) = &w.files[0];
    scenario_toml::load_str(name, text)
        .unwrap_or_else(|d| panic!("{name}: {d:#?}\n{text}"))
        .scenario
}

fn read_genius(w: &Written) -> Scenario {
    genius::load_files("roundtrip", &w.files).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn read_geniusweb(w: &Written) -> Scenario {
    geniusweb::load_files("roundtrip", &w.files).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// Every negotiator's utility of every outcome agrees (negotiators in order).
fn same_utilities(a: &Scenario, b: &Scenario, what: &str) {
    same_utilities_capped(a, b, what, false)
}

/// The same, `b`'s utilities capped at 1 first when `cap_b`: GeniusWeb keeps a sum above 1 that
/// GENIUS caps (the writer lists it as a loss).
fn same_utilities_capped(a: &Scenario, b: &Scenario, what: &str, cap_b: bool) {
    let (pa, pb) = (a.negotiators(), b.negotiators());
    assert_eq!(pa.len(), pb.len(), "{what}: parties");
    let space = a.space().unwrap();
    assert_eq!(
        space.radices(),
        b.space().unwrap().radices(),
        "{what}: issues"
    );
    assert!(space.size() <= 1_000_000, "{what}: too large for this test");
    let (ua, ub): (Vec<_>, Vec<_>) = (
        pa.iter().map(|&p| a.utility_function(p)).collect(),
        pb.iter().map(|&p| b.utility_function(p)).collect(),
    );
    let mut odo = space.odometer(0, space.size());
    while odo.advance().is_some() {
        for (x, y) in ua.iter().zip(&ub) {
            let (u, v) = (x.utility(odo.digits()), y.utility(odo.digits()));
            let v = if cap_b { v.min(1.0) } else { v };
            assert!(
                (u - v).abs() <= 1e-12,
                "{what}: {u} vs {v} at {:?}",
                odo.digits()
            );
        }
    }
    for (&x, &y) in pa.iter().zip(&pb) {
        assert!(
            (a.base_fallback(x) - b.base_fallback(y)).abs() <= 1e-12
                || b.base_fallback(y) >= a.base_fallback(x),
            "{what}: fallback"
        );
    }
}

#[test]
fn native_toml_round_trips_exactly() {
    for name in bundled::names() {
        let s = native(name);
        let w = to_toml(&s);
        assert!(w.losses.is_empty(), "{name}: {:?}", w.losses);
        let back = read_toml(&w);
        same_utilities(&s, &back, name);
        assert_eq!(
            back.constraint_ids(),
            s.constraint_ids(),
            "{name}: red lines"
        );
        assert_eq!(back.timeline.len(), s.timeline.len());
        assert_eq!(
            back.parties.iter().map(|p| p.role).collect::<Vec<_>>(),
            s.parties.iter().map(|p| p.role).collect::<Vec<_>>()
        );
        assert_eq!(to_toml(&back).files, w.files, "{name}: writing is stable");
        // The ranges sensitivity varies travel with their numbers.
        let ranges = |s: &Scenario| {
            s.parties
                .iter()
                .flat_map(|p| {
                    let values = p
                        .preferences
                        .issues
                        .iter()
                        .map(|i| (i.provenance.range, i.value_ranges.clone()));
                    let influences = p
                        .influences
                        .iter()
                        .map(|i| (i.provenance.range, Vec::new()));
                    values
                        .chain(influences)
                        .chain([(p.fallback.provenance.range, Vec::new())])
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(ranges(&back), ranges(&s), "{name}: ranges");
    }
    let flagship = native("abu-dhabi-trilateral");
    assert_eq!(
        flagship.parties[0].preferences.issues[0]
            .value_ranges
            .iter()
            .map(|r| (r.digit, r.low, r.high))
            .collect::<Vec<_>>(),
        vec![(1, 0.25, 0.65)]
    );
    // A distribution travels with its range, on a number and on a value-table entry.
    let mut s = flagship;
    s.parties[0].fallback.provenance.distribution = pactum_core::Distribution::Triangular;
    s.parties[0].preferences.issues[0].value_ranges[0].distribution =
        pactum_core::Distribution::Triangular;
    let back = read_toml(&to_toml(&s));
    assert_eq!(
        back.parties[0].fallback.provenance,
        s.parties[0].fallback.provenance
    );
    assert_eq!(
        back.parties[0].preferences.issues[0].value_ranges,
        s.parties[0].preferences.issues[0].value_ranges
    );
}

#[test]
fn native_to_genius_to_native_keeps_utilities_and_reports_losses() {
    for name in ["car-purchase", "inheritance"] {
        let s = native(name);
        let g = to_genius(&s);
        let back = read_genius(&g);
        same_utilities(&s, &back, &format!("{name} → GENIUS"));
        let again = read_toml(&to_toml(&back));
        same_utilities(&s, &again, &format!("{name} → GENIUS → native"));
        let web = to_geniusweb(&s);
        same_utilities(&s, &read_geniusweb(&web), &format!("{name} → GeniusWeb"));
    }
    let g = to_genius(&native("car-purchase"));
    assert!(
        g.losses
            .iter()
            .any(|l| l.contains("red line `dealer.no_cheap_long_warranty`")),
        "{:?}",
        g.losses
    );
    assert!(
        g.losses
            .iter()
            .any(|l| l.contains("numeric issue `price` is written as discrete values")),
        "{:?}",
        g.losses
    );
    let g = to_genius(&native("abu-dhabi-trilateral"));
    for needle in [
        "mediator `united_states`",
        "stakeholder `european_union`",
        "interaction term",
        "red line `russia.all_of_donbas`",
        "fallback change of `ukraine`",
        "timeline",
    ] {
        assert!(
            g.losses.iter().any(|l| l.contains(needle)),
            "no loss about {needle}: {:#?}",
            g.losses
        );
    }
    // GeniusWeb reserves with a bid: the least one worth the fallback, reported when not equal.
    let s = native("supply-contract");
    let w = to_geniusweb(&s);
    assert!(
        w.losses
            .iter()
            .any(|l| l.contains("`supplier` (0.3) is written as a reservation bid worth")),
        "{:?}",
        w.losses
    );
    let back = read_geniusweb(&w);
    assert!(back.base_fallback(0) >= s.base_fallback(0));
}

#[path = "support/shared.rs"]
mod support;

fn shared(rel: &str) -> Option<PathBuf> {
    support::shared(rel, "a round-trip test")
}

fn read_dir(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext) && !p.ends_with("specials.json"))
        .map(|p| {
            (
                p.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn genius_to_native_to_genius_keeps_utilities() {
    let Some(root) = shared("domains/negmas-tests") else {
        return;
    };
    let reference = shared("reference/negmas-0.16").unwrap();
    let folders = [
        root.join("anac/y2012/LaptopA"),
        root.join("anac/y2012/FitnessA"),
        root.join("anac/y2010/ItexvsCypress"),
        root.join("anac/y2015/group9-vacation"),
        root.join("other/IntegerDomain"),
        root.join("fuzzyagent"),
        reference.join("opp_p3_i5_v7x4x2x10x3_s1"),
    ];
    for dir in folders {
        let what = dir.display().to_string();
        let g = genius::load_files(&what, &read_dir(&dir, "xml"))
            .unwrap_or_else(|d| panic!("{what}: {d:#?}"));
        let native = read_toml(&to_toml(&g));
        same_utilities(&g, &native, &format!("{what} → native"));
        let back = read_genius(&to_genius(&native));
        same_utilities(&g, &back, &format!("{what} → native → GENIUS"));
        let written = to_geniusweb(&g);
        let web = read_geniusweb(&written);
        let capped = written
            .losses
            .iter()
            .any(|l| l.contains("which GENIUS caps at 1"));
        same_utilities_capped(&g, &web, &format!("{what} → GeniusWeb"), capped);
    }
}

#[test]
fn geniusweb_round_trips() {
    let Some(root) = shared("domains") else {
        return;
    };
    for rel in [
        "anl2023/domain00",
        "negmas-geniusweb/Party",
        "negmas-geniusweb/FlightBooking",
    ] {
        let dir = root.join(rel);
        let s = geniusweb::load_files(rel, &read_dir(&dir, "json")).unwrap();
        let back = read_geniusweb(&to_geniusweb(&s));
        same_utilities(&s, &back, rel);
        let native = read_toml(&to_toml(&s));
        same_utilities(&s, &native, &format!("{rel} → native"));
        same_utilities(&s, &read_genius(&to_genius(&s)), &format!("{rel} → GENIUS"));
    }
}

/// Every negotiator's utility agrees on `n` outcomes spread over a space too large to walk.
fn same_sampled_utilities(a: &Scenario, b: &Scenario, n: usize, what: &str) {
    let (pa, pb) = (a.negotiators(), b.negotiators());
    assert_eq!(pa.len(), pb.len(), "{what}: parties");
    for digits in common::sample_outcomes(a, n) {
        for (&x, &y) in pa.iter().zip(&pb) {
            let (u, v) = (
                a.utility_function(x).utility(&digits),
                b.utility_function(y).utility(&digits),
            );
            assert!((u - v).abs() <= 1e-12, "{what}: {u} vs {v} at {digits:?}");
        }
    }
}

#[test]
fn nonlinear_profiles_round_trip_through_native_and_genius() {
    let Some(root) = shared("domains/negmas-tests/anac/y2014") else {
        return;
    };
    for name in ["10issuesDiscountedwithRV", "30issues"] {
        let dir = root.join(name);
        let g = genius::load_files(name, &read_dir(&dir, "xml")).unwrap();
        let toml = to_toml(&g);
        assert!(
            !toml.losses.iter().any(|l| l.contains("interaction")),
            "{:?}",
            toml.losses
        );
        let native = read_toml(&toml);
        same_sampled_utilities(&g, &native, 2000, &format!("{name} → native"));
        let written = to_genius(&native);
        assert!(
            !written.losses.iter().any(|l| l.contains("interaction")),
            "{:?}",
            written.losses
        );
        let back = read_genius(&written);
        same_sampled_utilities(&g, &back, 2000, &format!("{name} → native → GENIUS"));
        assert_eq!(back.base_fallback(0), g.base_fallback(0));
        assert_eq!(
            back.parties[0].discount.at_deadline,
            g.parties[0].discount.at_deadline
        );
    }
}

#[test]
fn native_interactions_over_integer_issues_become_genius_hyper_rectangles() {
    let text = r#"
[scenario]
id = "integers"
title = "Two integer issues"
[[issues]]
id = "a"
kind = "integer"
min = 0
max = 4
[[issues]]
id = "b"
kind = "integer"
min = 1
max = 3
[[parties]]
id = "x"
role = "party"
[[parties.preferences]]
issue = "a"
weight = 2
linear = { at_min = 0, at_max = 1 }
[[parties.interactions]]
when = { a = [0, 2, 3], b = { min = 2, max = 3 } }
bonus = 0.25
[[parties]]
id = "y"
role = "party"
[[parties.interactions]]
when = { a = 4, b = 1 }
bonus = 0.5
"#;
    let s = scenario_toml::load_str("integers.toml", text)
        .unwrap_or_else(|d| panic!("{d:#?}"))
        .scenario;
    let g = to_genius(&s);
    assert!(
        g.files[1].1.contains("type=\"nonlinear\""),
        "{}",
        g.files[1].1
    );
    let back = read_genius(&g);
    same_utilities(&s, &back, "integers → GENIUS");
    same_utilities(
        &s,
        &read_toml(&to_toml(&back)),
        "integers → GENIUS → native",
    );
}

#[test]
fn a_one_value_numeric_issue_survives_geniusweb() {
    let text = r#"
[scenario]
id = "one"
title = "One"

[[issues]]
id = "price"
kind = "integer"
min = 5
max = 5
step = 1

[[issues]]
id = "x"
options = ["a", "b"]

[[parties]]
id = "p"
[[parties.preferences]]
issue = "x"
weight = 1
values = { a = 1.0, b = 0.0 }

[[parties]]
id = "q"
[[parties.preferences]]
issue = "x"
weight = 1
values = { a = 0.0, b = 1.0 }
"#;
    let s = pactum_formats::scenario_toml::load_str("one.toml", text)
        .unwrap()
        .scenario;
    let written = to_geniusweb(&s);
    assert!(written.losses.iter().any(|l| l.contains("has one value")));
    let back = read_geniusweb(&written);
    same_utilities(&s, &back, "one value → GeniusWeb");
}
