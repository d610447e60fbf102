//! Negotiation throughput: two Boulware parties under bilateral alternating offers on a
//! 10^4-outcome scenario where no agreement is possible, so every run goes to its deadline.
//!
//! `cargo bench -p pactum-core --bench talks`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pactum_core::issue::Issue;
use pactum_core::preference::{Preferences, Semantics};
use pactum_core::provenance::Provenance;
use pactum_core::rng::Stream;
use pactum_core::scenario::{Party, Scenario};
use pactum_core::talks::{self, Counter, Overrides, Plan, Protocol, Session};
use std::hint::black_box;

fn scenario(issues: usize, reservation: f64) -> Scenario {
    let mut rng = Stream::new(3, 0);
    let base: Vec<Vec<f64>> = (0..issues)
        .map(|_| (0..10).map(|_| rng.unit()).collect())
        .collect();
    let values: Vec<String> = (0..10).map(|v| format!("v{v}")).collect();
    let issue_defs = (0..issues)
        .map(|i| Issue::with_options(format!("i{i}"), &values))
        .collect();
    let parties = (0..2)
        .map(|p| {
            let tables = base
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|x| if p == 0 { *x } else { 1.0 - x })
                        .collect()
                })
                .collect();
            Party::negotiator(
                format!("p{p}"),
                Preferences::equal_weights(tables, Semantics::AsWritten),
                reservation,
                Provenance::default(),
            )
        })
        .collect();
    Scenario::new("throughput", issue_defs, parties)
}

fn throughput(c: &mut Criterion) {
    let s = scenario(4, 0.99);
    let plan = |rounds| {
        Plan::for_scenario(
            &s,
            &Overrides {
                protocol: Some(Protocol::Saop),
                rounds: Some(rounds),
                ..Overrides::default()
            },
        )
        .expect("plan")
    };
    let session = Session::new(&s, &plan(1)).expect("session");
    let mut group = c.benchmark_group("saop_boulware_pair_1e4_outcomes");
    group.sample_size(20);
    for rounds in [1_000u32, 10_000] {
        // Two offers a round: each party rejects the standing offer and makes its own.
        group.throughput(Throughput::Elements(2 * u64::from(rounds)));
        let p = plan(rounds);
        group.bench_function(format!("{rounds}_rounds"), |b| {
            b.iter(|| {
                let mut counter = Counter::default();
                talks::run_session(black_box(&session), &p, &mut counter);
                counter.offers
            })
        });
    }
    group.finish();
    // Issue 14's bar: a BOA agent with a frequency model (HardHeaded's, picking the best-rated
    // of its candidates each offer) makes at least 10^6 offers a second against a
    // time-dependent party on this 10^4-outcome scenario.
    let mut boa = c.benchmark_group("saop_boa_hardheaded_vs_boulware_1e4_outcomes");
    boa.sample_size(20);
    for oms in ["bestbid", "bestn(n=3)"] {
        let rounds = 10_000u32;
        boa.throughput(Throughput::Elements(2 * u64::from(rounds)));
        let mut p = plan(rounds);
        p.strategies = [
            format!("boa:offer=timedep(e=4),accept=combi,model=hardheaded,oms={oms}"),
            "boulware".to_string(),
        ]
        .iter()
        .map(|x| talks::StrategySpec::parse(x).expect("spec"))
        .collect();
        boa.bench_function(format!("{oms}_{rounds}_rounds"), |b| {
            b.iter(|| {
                let mut counter = Counter::default();
                talks::run_session(black_box(&session), &p, &mut counter);
                assert_eq!(counter.offers, 2 * u64::from(rounds));
                counter.offers
            })
        });
    }
    boa.finish();
    let mut startup = c.benchmark_group("session_startup");
    startup.sample_size(10);
    for issues in [4, 6] {
        let s = scenario(issues, 0.5);
        startup.bench_function(format!("1e{issues}_outcomes"), |b| {
            let p = Plan::for_scenario(
                &s,
                &Overrides {
                    protocol: Some(Protocol::Saop),
                    ..Overrides::default()
                },
            )
            .expect("plan");
            b.iter(|| Session::new(black_box(&s), &p).map(|x| x.owns.len()))
        });
    }
    startup.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
