//! Negotiation throughput: two Boulware parties under bilateral alternating offers on a
//! 10^4-outcome scenario where no agreement is possible, so every run goes to its deadline.
//!
//! `cargo bench -p pactum-core --bench talks`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pactum_core::issue::{Issue, IssueKind, OptionDef};
use pactum_core::preference::{IssuePreference, Preferences, Semantics, ValueFunction};
use pactum_core::provenance::Provenance;
use pactum_core::rng::Stream;
use pactum_core::scenario::{Disclosure, Discount, Fallback, Party, Role, Scenario, TalksDefaults};
use pactum_core::talks::saop::{Session, negotiate};
use pactum_core::talks::strategy::{Strategy, parse};
use std::collections::BTreeSet;
use std::hint::black_box;

fn scenario(issues: usize, reservation: f64) -> Scenario {
    let mut rng = Stream::new(3, 0);
    let base: Vec<Vec<f64>> = (0..issues)
        .map(|_| (0..10).map(|_| rng.unit()).collect())
        .collect();
    let option = |v: usize| OptionDef {
        id: format!("v{v}"),
        label: String::new(),
        description: String::new(),
        provenance: Provenance::default(),
    };
    Scenario {
        id: "throughput".into(),
        title: String::new(),
        summary: String::new(),
        source: String::new(),
        issues: (0..issues)
            .map(|i| Issue {
                id: format!("i{i}"),
                label: String::new(),
                description: String::new(),
                kind: IssueKind::Options {
                    options: (0..10).map(option).collect(),
                    ordered: false,
                },
                provenance: Provenance::default(),
            })
            .collect(),
        parties: (0..2)
            .map(|p| Party {
                id: format!("p{p}"),
                name: String::new(),
                role: Role::Party,
                description: String::new(),
                delegation: Vec::new(),
                preferences: Preferences {
                    issues: (0..issues)
                        .map(|i| IssuePreference {
                            issue: i,
                            weight: 1.0 / issues as f64,
                            values: ValueFunction::Table {
                                values: base[i]
                                    .iter()
                                    .map(|x| if p == 0 { *x } else { 1.0 - x })
                                    .collect(),
                            },
                            provenance: Provenance::default(),
                        })
                        .collect(),
                    interactions: Vec::new(),
                    semantics: Semantics::AsWritten,
                },
                red_lines: Vec::new(),
                fallback: Fallback {
                    utility: reservation,
                    per_round: 0.0,
                    provenance: Provenance::default(),
                },
                discount: Discount {
                    per_round: 1.0,
                    provenance: Provenance::default(),
                },
                disclosure: Disclosure::default(),
                influences: Vec::new(),
                figures: Vec::new(),
                strategy: None,
                provenance: Provenance::default(),
            })
            .collect(),
        timeline: Vec::new(),
        talks: TalksDefaults {
            rounds: 100,
            seed: 1,
            protocol: None,
            mediator: None,
        },
    }
}

fn throughput(c: &mut Criterion) {
    let s = scenario(4, 0.99);
    let session = Session::new(&s, &BTreeSet::new()).expect("session");
    let mut group = c.benchmark_group("saop_boulware_pair_1e4_outcomes");
    group.sample_size(20);
    for rounds in [1_000u32, 10_000] {
        // Two offers a round: each party rejects the standing offer and makes its own.
        group.throughput(Throughput::Elements(2 * u64::from(rounds)));
        group.bench_function(format!("{rounds}_rounds"), |b| {
            b.iter(|| {
                let mut players: Vec<Box<dyn Strategy>> =
                    vec![parse("boulware").unwrap(), parse("boulware").unwrap()];
                let run = negotiate(black_box(&session), &mut players, rounds, 1);
                run.steps.len()
            })
        });
    }
    group.finish();
    let mut startup = c.benchmark_group("session_startup");
    startup.sample_size(10);
    for issues in [4, 6] {
        let s = scenario(issues, 0.5);
        startup.bench_function(format!("1e{issues}_outcomes"), |b| {
            b.iter(|| Session::new(black_box(&s), &BTreeSet::new()).map(|x| x.owns.len()))
        });
    }
    startup.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
