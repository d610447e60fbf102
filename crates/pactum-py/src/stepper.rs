//! pactum's built-in strategies driven one move at a time from outside pactum's protocols: the
//! engine of `pactum.negmas.PactumNegotiator`, which plays them in a NegMAS mechanism. The
//! outcomes are whatever the caller numbers 0..n (NegMAS's enumeration), with the party's
//! utility of each; the strategy sees that, its fallback, the offers, and the relative time.

use pactum_core::preference::UtilityFunction;
use pactum_core::rng::Stream;
use pactum_core::space::OutcomeSpace;
use pactum_core::talks::StrategySpec;
use pactum_core::talks::strategy::{Own, Strategy, View};
use pyo3::prelude::*;

/// The rounds relative time is mapped onto: fine enough that `t` is within 1e-6 of the
/// caller's, as NegMAS's `relative_time` is a float.
const STEPS: u32 = 1_000_001;

/// A built-in strategy stepped by the caller.
#[pyclass(module = "pactum._native")]
pub struct Stepper {
    // Python may hand the object to any thread; a move takes the lock.
    inner: std::sync::Mutex<Inner>,
}

struct Inner {
    strategy: Box<dyn Strategy>,
    own: Own,
    offers: Vec<(usize, u128)>,
    rng: Stream,
}

impl Stepper {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn round_of(time: f64) -> u32 {
    1 + (time.clamp(0.0, 1.0) * f64::from(STEPS - 1)).round() as u32
}

#[pymethods]
impl Stepper {
    #[new]
    #[pyo3(signature = (spec, cardinalities, utilities, fallback, seed = 0))]
    fn new(
        spec: &str,
        cardinalities: Vec<u32>,
        utilities: Vec<f64>,
        fallback: f64,
        seed: u64,
    ) -> PyResult<Self> {
        let parsed = StrategySpec::parse(spec)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        let strategy = parsed.build().ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "`{spec}` is an outside player; expected a built-in strategy"
            ))
        })?;
        let n: u64 = cardinalities.iter().map(|&c| u64::from(c)).product();
        if n != utilities.len() as u64 || n == 0 {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{} utilities for {n} outcomes; expected one per outcome",
                utilities.len()
            )));
        }
        if utilities.iter().any(|u| u.is_nan()) {
            return Err(pyo3::exceptions::PyValueError::new_err("a utility is NaN"));
        }
        // One issue whose values are the caller's outcomes: the utility is a lookup. (The
        // frequency-modelled strategies then model whole outcomes rather than issue values.)
        let space = OutcomeSpace::new(vec![n as u32])
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{e:?}")))?;
        let own = Own::new(
            UtilityFunction::from_tables(vec![utilities]),
            Vec::new(),
            fallback,
            space,
        );
        Ok(Stepper {
            inner: std::sync::Mutex::new(Inner {
                strategy,
                own,
                offers: Vec::new(),
                rng: Stream::new(seed, 100),
            }),
        })
    }

    /// The outcome it offers at relative time `time` (0 to 1).
    fn propose(&self, time: f64) -> Option<u128> {
        let inner = &mut *self.inner();
        let view = View {
            round: round_of(time),
            deadline: STEPS,
            offers: &inner.offers,
            me: 0,
            parties: 2,
        };
        let k = inner.strategy.propose(&inner.own, &view, &mut inner.rng)?;
        inner.offers.push((0, k));
        Some(k)
    }

    /// Tells it the other side offered outcome `k`.
    fn observe(&self, k: u128) {
        self.inner().offers.push((1, k));
    }

    /// Whether it accepts outcome `k` at relative time `time`.
    fn accept(&self, k: u128, time: f64) -> bool {
        let inner = &mut *self.inner();
        let view = View {
            round: round_of(time),
            deadline: STEPS,
            offers: &inner.offers,
            me: 0,
            parties: 2,
        };
        !inner.own.crosses_red_line(k)
            && inner.strategy.accept(&inner.own, &view, k, &mut inner.rng)
    }
}
