//! Hot paths of the analysis: skylines on anti-correlated points (the hard case), the frontier
//! of a generated additive scenario by both methods, and the frontier search over a generated
//! ANAC-2014-style nonlinear scenario of 10^10 outcomes.
//!
//! `cargo bench -p pactum-core --bench analysis`

use criterion::{Criterion, criterion_group, criterion_main};
use pactum_core::analysis::Problem;
use pactum_core::analysis::frontier::{Choice, frontier_with};
use pactum_core::analysis::skyline::{Points, skyline};
use pactum_core::issue::Issue;
use pactum_core::preference::{Condition, Interaction, Preferences, Semantics};
use pactum_core::provenance::Provenance;
use pactum_core::rng::Stream;
use pactum_core::scenario::{Party, Scenario};
use std::collections::BTreeSet;
use std::hint::black_box;

/// n points of dimension d on the simplex band (sum ≈ d/2): nearly all are Pareto-optimal.
fn anticorrelated(n: usize, d: usize) -> Vec<f64> {
    let mut rng = Stream::new(42, 0);
    let mut data = Vec::with_capacity(n * d);
    for _ in 0..n {
        let row: Vec<f64> = (0..d).map(|_| rng.unit()).collect();
        let sum: f64 = row.iter().sum::<f64>().max(1e-9);
        let target = d as f64 / 2.0 + 0.025 * (rng.unit() - 0.5);
        data.extend(row.iter().map(|x| x * target / sum));
    }
    data
}

/// An opposed additive scenario: `issues` issues of 10 values, `parties` parties.
fn opposed(parties: usize, issues: usize) -> Scenario {
    let mut rng = Stream::new(7, 1);
    let first: Vec<Vec<f64>> = (0..issues)
        .map(|_| (0..10).map(|_| rng.unit()).collect())
        .collect();
    let values: Vec<String> = (0..10).map(|v| format!("v{v}")).collect();
    let issue_defs = (0..issues)
        .map(|i| Issue::with_options(format!("i{i}"), &values))
        .collect();
    let party_defs = (0..parties)
        .map(|p| {
            let tables = first
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|x| {
                            if p == 0 {
                                *x
                            } else {
                                (1.0 - x + 0.05 * (rng.unit() - 0.5)).clamp(0.0, 1.0)
                            }
                        })
                        .collect()
                })
                .collect();
            Party::negotiator(
                format!("p{p}"),
                Preferences::equal_weights(tables, Semantics::AsWritten),
                0.2,
                Provenance::default(),
            )
        })
        .collect();
    Scenario::new("bench", issue_defs, party_defs)
}

fn skylines(c: &mut Criterion) {
    let mut group = c.benchmark_group("skyline_anticorrelated_1e5");
    group.sample_size(10);
    for d in [2, 3, 4] {
        let n = if d == 4 { 20_000 } else { 100_000 };
        let data = anticorrelated(n, d);
        group.bench_function(format!("d{d}_n{n}"), |b| {
            b.iter(|| skyline(black_box(Points::new(&data, d))).len())
        });
    }
    group.finish();
}

fn frontiers(c: &mut Criterion) {
    let mut group = c.benchmark_group("frontier_opposed");
    group.sample_size(10);
    for (parties, issues) in [(2, 5), (3, 5), (3, 6)] {
        let s = opposed(parties, issues);
        let problem = Problem::new(&s, &BTreeSet::new()).expect("scenario");
        for (name, choice) in [("merge", Choice::Auto), ("stream", Choice::Stream)] {
            group.bench_function(format!("p{parties}_1e{issues}_{name}"), |b| {
                b.iter(|| frontier_with(black_box(&problem), choice).map(|r| r.pareto.len()))
            });
        }
    }
    group.finish();
}

/// Two parties with 20 hyper-rectangles each over 10 integer-like issues of 10 values, as the
/// ANAC 2014 generator makes them: 1 to 4 bounds, utilities 1..100, divided by their sum.
fn rectangles() -> Scenario {
    let mut rng = Stream::new(2014, 2);
    let values: Vec<String> = (0..10).map(|v| v.to_string()).collect();
    let issues = (0..10)
        .map(|i| Issue::with_options(format!("i{i}"), &values))
        .collect();
    let parties = (0..2)
        .map(|p| {
            let raw: Vec<(Vec<Condition>, f64)> = (0..20)
                .map(|_| {
                    let bounds = 1 + (rng.unit() * 4.0) as usize;
                    let mut when: Vec<Condition> = Vec::new();
                    for _ in 0..bounds {
                        let issue = (rng.unit() * 10.0) as usize;
                        let (a, b) = ((rng.unit() * 10.0) as u32, (rng.unit() * 10.0) as u32);
                        if when.iter().all(|c| c.issue != issue) {
                            when.push(Condition::between(issue, a.min(b), a.max(b)));
                        }
                    }
                    (when, 1.0 + (rng.unit() * 99.0).floor())
                })
                .collect();
            let total: f64 = raw.iter().map(|r| r.1).sum();
            let mut prefs = Preferences::equal_weights(vec![vec![0.0; 10]; 10], Semantics::Capped);
            prefs.interactions = raw
                .into_iter()
                .map(|(when, u)| Interaction {
                    when,
                    bonus: u / total,
                    description: String::new(),
                    provenance: Provenance::default(),
                })
                .collect();
            Party::negotiator(format!("p{p}"), prefs, 0.0, Provenance::default())
        })
        .collect();
    Scenario::new("rectangles", issues, parties)
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("frontier_search");
    group.sample_size(10);
    let s = rectangles();
    let problem = Problem::new(&s, &BTreeSet::new()).expect("scenario");
    group.bench_function("rectangles_2x20_1e10", |b| {
        b.iter(|| {
            let r = pactum_core::analysis::search::search(black_box(&problem), 5_000_000)
                .expect("search");
            assert!(r.exhaustive);
            r.pareto.len()
        })
    });
    group.finish();
}

criterion_group!(benches, skylines, frontiers, search);
criterion_main!(benches);
