//! A whole tournament, the hot path of strategy research: the NegMAS baseline's shape (4
//! strategies with self-play, 100 rounds) on the bundled bilateral scenarios.
//!
//! `cargo bench -p pactum-tournament --bench tournament`

use criterion::{Criterion, criterion_group, criterion_main};
use pactum_core::talks::{Protocol, StrategySpec};
use pactum_formats::{bundled, scenario_toml};
use pactum_tournament::{Config, run};
use std::hint::black_box;

fn tournament(c: &mut Criterion) {
    let scenarios: Vec<_> = ["car-purchase", "inheritance"]
        .iter()
        .map(|name| {
            scenario_toml::load_str(name, bundled::get(name).expect("bundled"))
                .expect("valid")
                .scenario
        })
        .collect();
    let plan = Config {
        strategies: ["boulware", "conceder", "linear", "tit-for-tat"]
            .iter()
            .map(|s| StrategySpec::parse(s).expect("registered"))
            .collect(),
        repetitions: 8,
        rounds: Some(100),
        seed: 1,
        self_play: true,
        protocols: vec![Protocol::Saop],
        relax: Vec::new(),
        budget: pactum_agents::Budget::default(),
        seater: None,
    };
    let mut group = c.benchmark_group("tournament");
    group.sample_size(20);
    group.bench_function("4_strategies_self_play_2_scenarios_256_negotiations", |b| {
        b.iter(|| {
            run(black_box(&scenarios), black_box(&plan))
                .expect("runs")
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, tournament);
criterion_main!(benches);
