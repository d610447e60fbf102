//! The optimality metrics researchers publish, as NegMAS 0.16 defines them
//! (`negmas.preferences.ops.calc_outcome_optimality`, used by `cartesian_tournament`), so that
//! pactum's numbers and NegMAS's can be read side by side.
//!
//! Everything is computed on utilities normalised as `cartesian_tournament` does: a scenario
//! whose every utility function already has its maximum within 1e-6 of 1 and its minimum at
//! least −1e-6 (`Scenario.is_normalized(common_range=False)`) is used as it is; any other has
//! every party's utilities, fallback included, mapped on their own to `(u − min)/(max − min)`
//! (`Scenario.normalize(guarantee_max=True, guarantee_min=True, common_range=False)`, which for
//! linear-additive functions rescales value functions and weights, an affine map of the whole
//! utility); then:
//!
//! - the frontier of the acceptable outcomes (NegMAS: of the rational ones, `u_i ≥ r_i`; pactum's
//!   acceptable outcomes also respect the red lines, which NegMAS scenarios do not have);
//! - the disagreement point `d_i = r_i` (the normalised fallback) when it is at least the
//!   party's normalised minimum, else that minimum;
//! - Nash: the frontier points of largest `Π (u_i − d_i)`; Kalai: of largest `min_i (u_i − d_i)`
//!   among those with every `u_i ≥ r_i`; KS: of smallest `max_i a_i − min_i a_i` with
//!   `a_i = (u_i − d_i)/(1 − d_i)` (`u_i − d_i` when `d_i = 1`); max welfare: of largest `Σ u_i`
//!   (ties within 1e-12 are all kept, as NegMAS keeps them);
//! - `X_optimality = max(0, 1 − dist(u, X)/D)`, the Euclidean distance to the nearest point of
//!   X over `D = √Σ(1 − min_i)²`, NegMAS's `estimate_max_dist` on the normalised ranges;
//!   `max_welfare_optimality = max(0, Σu / max Σp)`; `fairness` = the largest of the Nash, Kalai
//!   and KS optimalities;
//! - without agreement, the point measured is the parties' fallbacks (NegMAS: the reserved
//!   values), so the metrics are numbers, not nulls.

/// NegMAS's tie tolerance for the reference points.
const EPS: f64 = 1e-12;

/// One scenario's reference points, computed once.
#[derive(Clone, Debug, PartialEq)]
pub struct References {
    /// Per party: the normalisation `u ↦ a·u + c`, as `(a, c)`.
    maps: Vec<(f64, f64)>,
    /// NegMAS's largest distance in the normalised space.
    max_dist: f64,
    /// Normalised fallbacks.
    reserved: Vec<f64>,
    /// Normalised greatest utility per party.
    maxima: Vec<f64>,
    nash: Vec<Vec<f64>>,
    kalai: Vec<Vec<f64>>,
    ks: Vec<Vec<f64>>,
    frontier: Vec<Vec<f64>>,
    max_welfare: f64,
}

/// A negotiation's metrics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Optimality {
    pub pareto: f64,
    pub nash: f64,
    pub kalai: f64,
    pub ks: f64,
    pub max_welfare: f64,
    pub fairness: f64,
}

fn argbest(points: &[Vec<f64>], score: impl Fn(&[f64]) -> Option<f64>) -> Vec<Vec<f64>> {
    let scored: Vec<(f64, &Vec<f64>)> = points
        .iter()
        .filter_map(|p| score(p).map(|s| (s, p)))
        .collect();
    let Some(best) = scored.iter().map(|x| x.0).reduce(f64::max) else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(s, _)| *s >= best - EPS)
        .map(|(_, p)| p.clone())
        .collect()
}

impl References {
    /// From each party's raw utility range, its fallback, and the raw frontier utility vectors.
    pub fn new(ranges: Vec<(f64, f64)>, fallbacks: &[f64], frontier_raw: &[Vec<f64>]) -> Self {
        let maps = normalisation(&ranges);
        let norm = |p: usize, u: f64| maps[p].0 * u + maps[p].1;
        let reserved: Vec<f64> = fallbacks
            .iter()
            .enumerate()
            .map(|(p, &r)| if r.is_finite() { norm(p, r) } else { 0.0 })
            .collect();
        let frontier: Vec<Vec<f64>> = frontier_raw
            .iter()
            .map(|u| u.iter().enumerate().map(|(p, &x)| norm(p, x)).collect())
            .collect();
        let mins: Vec<f64> = ranges
            .iter()
            .enumerate()
            .map(|(p, r)| norm(p, r.0))
            .collect();
        let d: Vec<f64> = reserved
            .iter()
            .zip(&mins)
            .map(|(&r, &lo)| if r >= lo { r } else { lo })
            .collect();
        let max_dist = mins
            .iter()
            .map(|lo| (1.0 - lo) * (1.0 - lo))
            .sum::<f64>()
            .sqrt();
        let nash = argbest(&frontier, |u| {
            Some(u.iter().zip(&d).map(|(x, di)| x - di).product())
        });
        let kalai = argbest(&frontier, |u| {
            if u.iter().zip(&reserved).any(|(x, r)| x < r) {
                return None;
            }
            u.iter().zip(&d).map(|(x, di)| x - di).reduce(f64::min)
        });
        let ks = argbest(&frontier, |u| {
            let a: Vec<f64> = u
                .iter()
                .zip(&d)
                .map(|(x, di)| {
                    if 1.0 - di > EPS {
                        (x - di) / (1.0 - di)
                    } else {
                        x - di
                    }
                })
                .collect();
            let hi = a.iter().copied().reduce(f64::max)?;
            let lo = a.iter().copied().reduce(f64::min)?;
            Some(-(hi - lo))
        });
        let max_welfare = frontier
            .iter()
            .map(|u| u.iter().sum::<f64>())
            .fold(f64::NEG_INFINITY, f64::max);
        let maxima = ranges
            .iter()
            .enumerate()
            .map(|(p, r)| norm(p, r.1))
            .collect();
        References {
            maps,
            max_dist,
            reserved,
            maxima,
            nash,
            kalai,
            ks,
            frontier,
            max_welfare,
        }
    }

    /// The metrics of a negotiation ending with raw utilities `utilities` (its agreement's,
    /// undiscounted), or at the fallbacks when `utilities` is `None`.
    pub fn measure(&self, utilities: Option<&[f64]>) -> Optimality {
        let u = self.normalised(utilities);
        let max_dist = self.max_dist;
        let optimality = |set: &[Vec<f64>]| {
            let Some(dist) = set
                .iter()
                .map(|p| {
                    p.iter()
                        .zip(&u)
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum::<f64>()
                        .sqrt()
                })
                .reduce(f64::min)
            else {
                return f64::NAN;
            };
            if max_dist < EPS {
                return f64::NAN;
            }
            (1.0 - dist / max_dist).max(0.0)
        };
        let (nash, kalai, ks) = (
            optimality(&self.nash),
            optimality(&self.kalai),
            optimality(&self.ks),
        );
        let max_welfare = if self.max_welfare.is_finite() && self.max_welfare > EPS {
            (u.iter().sum::<f64>() / self.max_welfare).max(0.0)
        } else {
            f64::NAN
        };
        Optimality {
            pareto: optimality(&self.frontier),
            nash,
            kalai,
            ks,
            max_welfare,
            fairness: [nash, kalai, ks]
                .into_iter()
                .filter(|x| !x.is_nan())
                .reduce(f64::max)
                .unwrap_or(f64::NAN),
        }
    }
}

impl References {
    /// The utilities NegMAS's `cartesian_tournament` scores: an agreement's raw undiscounted
    /// utilities normalised, or, without one, the normalised fallbacks.
    pub fn normalised(&self, utilities: Option<&[f64]>) -> Vec<f64> {
        match utilities {
            Some(raw) => raw
                .iter()
                .enumerate()
                .map(|(p, &x)| self.maps[p].0 * x + self.maps[p].1)
                .collect(),
            None => self.reserved.clone(),
        }
    }

    /// The normalised fallbacks (NegMAS's reserved values).
    pub fn reserved(&self) -> &[f64] {
        &self.reserved
    }

    /// NegMAS's advantage of each party: `(u − r)/(max − r)` on normalised utilities, 0 when
    /// its best is its fallback.
    pub fn advantages(&self, normalised: &[f64]) -> Vec<f64> {
        normalised
            .iter()
            .zip(&self.reserved)
            .zip(&self.maxima)
            .map(|((u, r), max)| {
                if (max - r).abs() > 0.0 {
                    (u - r) / (max - r)
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// `cartesian_tournament`'s normalisation, per party `(a, c)` for `u ↦ a·u + c`: none when every
/// party's range already reads `max ≈ 1, min ≥ 0` (NegMAS's `is_normalized`, eps 1e-6), else each
/// party's own min–max map (a range under 1e-10 left as it is: NegMAS then makes the function a
/// constant, which no pactum scenario that reaches a tournament has).
fn normalisation(ranges: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let normalised = ranges
        .iter()
        .all(|&(lo, hi)| (hi - 1.0).abs() < 1e-6 && lo >= -1e-6);
    ranges
        .iter()
        .map(|&(lo, hi)| {
            if normalised || hi - lo < 1e-10 {
                (1.0, 0.0)
            } else {
                (1.0 / (hi - lo), -lo / (hi - lo))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metrics_follow_their_formulas_on_a_small_frontier() {
        // Two parties in 0..1 already; fallbacks 0.2 and 0.1; frontier (1, 0.2), (0.6, 0.6),
        // (0.2, 1).
        let frontier = vec![vec![1.0, 0.2], vec![0.6, 0.6], vec![0.2, 1.0]];
        let r = References::new(vec![(0.0, 1.0), (0.0, 1.0)], &[0.2, 0.1], &frontier);
        // Nash: (0.8·0.1=0.08, 0.4·0.5=0.2, 0·0.9=0): the middle point.
        assert_eq!(r.nash, vec![vec![0.6, 0.6]]);
        // On the Nash point: every optimality but the others' is 1.
        let at = r.measure(Some(&[0.6, 0.6]));
        assert!((at.nash - 1.0).abs() < 1e-12 && (at.pareto - 1.0).abs() < 1e-12);
        assert!((at.fairness - 1.0).abs() < 1e-12);
        // Welfare 1.2 of at most 1.2.
        assert!((at.max_welfare - 1.0).abs() < 1e-12);
        // At the fallbacks (no agreement): distance to (0.6, 0.6) from (0.2, 0.1) over √2.
        let none = r.measure(None);
        let want = 1.0 - ((0.4f64 * 0.4 + 0.5 * 0.5).sqrt() / 2f64.sqrt());
        assert!((none.nash - want).abs() < 1e-12, "{none:?}");
        assert!((none.max_welfare - 0.3 / 1.2).abs() < 1e-12);
        // A scenario not normalised already is mapped per party to (u − min)/(max − min),
        // fallbacks included (cartesian_tournament's normalize(common_range=False)).
        let scaled = References::new(
            vec![(0.0, 2.0), (0.5, 1.5)],
            &[0.4, 0.6],
            &[vec![2.0, 0.7], vec![1.2, 1.1], vec![0.4, 1.5]],
        );
        let m = scaled.measure(Some(&[1.2, 1.1]));
        for (got, want) in [
            (m.pareto, at.pareto),
            (m.nash, at.nash),
            (m.kalai, at.kalai),
            (m.ks, at.ks),
            (m.max_welfare, at.max_welfare),
        ] {
            assert!((got - want).abs() < 1e-12, "{m:?} vs {at:?}");
        }
        // Already normalised (max 1, min above 0): used as it is, the minimum not moved.
        let raw = References::new(vec![(0.2, 1.0), (0.1, 1.0)], &[0.2, 0.1], &frontier);
        assert!((raw.measure(Some(&[0.6, 0.6])).max_welfare - 1.0).abs() < 1e-12);
        assert!((raw.measure(None).max_welfare - 0.3 / 1.2).abs() < 1e-12);
    }
}
