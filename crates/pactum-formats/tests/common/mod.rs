//! Helpers shared by the integration tests of `pactum-formats`.

use pactum_core::rng::Stream;
use pactum_core::scenario::Scenario;

/// `n` outcomes (digits per issue) drawn uniformly from the scenario's space, the same on every
/// run: for spaces too large to walk (10^10 and more).
pub fn sample_outcomes(s: &Scenario, n: usize) -> Vec<Vec<u32>> {
    let mut rng = Stream::new(2014, 0);
    (0..n)
        .map(|_| {
            s.issues
                .iter()
                .map(|i| rng.below(i.cardinality()) as u32)
                .collect()
        })
        .collect()
}
