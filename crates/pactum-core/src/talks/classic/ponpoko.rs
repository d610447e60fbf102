//! PonPokoAgent, the ANAC 2017 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// PonPokoAgent (Takaki Matsune; ANAC 2017 winner): at the start it draws one of five patterns
/// for a band of utilities `[low(t), high(t)]` (linear, or oscillating with `|sin(20t)|` or
/// `|sin(40t)|`, so that opponents cannot learn its concession across sessions); it offers an
/// outcome drawn at random from the band and accepts any offer above `low(t)`.
pub struct PonPoko {
    /// The pattern, 0 to 4, or `None` until drawn.
    pattern: Option<u8>,
}

impl PonPoko {
    /// PonPoko with pattern `pattern` (0 to 4), or one drawn at the first move when `None`.
    pub fn new(pattern: Option<u8>) -> Self {
        Self { pattern }
    }

    fn pattern(&mut self, rng: &mut Stream) -> u8 {
        *self.pattern.get_or_insert_with(|| rng.below(5) as u8)
    }

    /// The band `(low, high)` of pattern `pattern` at time `t`, on utilities relative to its best.
    pub fn band(pattern: u8, t: f64) -> (f64, f64) {
        match pattern {
            0 => (1.0 - 0.1 * t - 0.1 * (40.0 * t).sin().abs(), 1.0 - 0.1 * t),
            1 => (1.0 - 0.22 * t, 1.0),
            2 => (1.0 - 0.1 * t - 0.15 * (20.0 * t).sin().abs(), 1.0 - 0.1 * t),
            3 => (
                if t > 0.99 {
                    1.0 - 0.3 * t
                } else {
                    1.0 - 0.1 * t
                },
                1.0 - 0.05 * t,
            ),
            _ => (
                1.0 - 0.21 * t * (20.0 * t).sin().abs(),
                1.0 - 0.15 * t * (20.0 * t).sin().abs(),
            ),
        }
    }

    /// The band at this move, in the party's utilities, never below its fallback.
    fn band_now(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> (f64, f64) {
        let (low, high) = Self::band(self.pattern(rng), view.time());
        let best = own.best();
        ((low * best).max(own.fallback), high * best)
    }
}

impl Strategy for PonPoko {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        let (low, high) = self.band_now(own, view, rng);
        let n = own.sorted().len();
        if n == 0 {
            return None;
        }
        let start = own
            .sorted()
            .partition_point(|x| x.0 > high + 1e-12)
            .min(n - 1);
        let mut end = own.sorted().partition_point(|x| x.0 >= low - 1e-12);
        if end <= start {
            // Nothing in the band: the agent lowers its low end in steps of 0.0001 until an
            // outcome enters, which is the first outcome below the band and its equals.
            let u = own.sorted()[start].0;
            end = start + own.sorted()[start..].partition_point(|x| x.0 >= u);
        }
        Some(own.sorted()[start + rng.below((end - start) as u64) as usize].1)
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> bool {
        let (low, _) = self.band_now(own, view, rng);
        let u = own.utility_of(offer);
        u >= own.fallback && u > low
    }
}
