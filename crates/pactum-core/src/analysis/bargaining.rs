//! Bargaining solutions, each chosen among the frontier outcomes, with disagreement point
//! `d` = each party's fallback (0 for a relaxed fallback):
//!
//! - **Nash**: the largest product of gains `Π (u_p − d_p)`;
//! - **Kalai–Smorodinsky**: the largest smallest relative gain `min_p (u_p − d_p) / (ideal_p − d_p)`,
//!   `ideal_p` = the party's best acceptable utility (a party whose ideal equals its fallback
//!   counts 1). This is the definition; NegMAS's `ks_points` instead minimises the
//!   spread of relative gains against the best utility over *all* outcomes;
//! - **least asymmetry**: the smallest `Σ_{i<j} |u_i − u_j|`, raw utilities, no disagreement
//!   point. This is what GENIUS's `BidSpace.getKalaiSmorodinsky` and the ANL tools compute and
//!   call "Kalai"; it is not the Kalai–Smorodinsky solution, so pactum names it apart;
//! - **egalitarian**: the largest smallest gain `min_p (u_p − d_p)`;
//! - **utilitarian**: the largest sum of utilities.
//!
//! Ties (equal objective, compared exactly) go to the larger utility sum, then to the lower
//! outcome index, so a point never depends on the frontier's order.

use super::Deal;

/// The four bargaining solutions on a frontier; each is `None` when the frontier is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BargainingPoints {
    /// The largest product of gains over the disagreement point.
    pub nash: Option<Deal>,
    /// The largest smallest gain relative to each party's ideal.
    pub kalai_smorodinsky: Option<Deal>,
    /// The smallest sum of pairwise utility differences: GENIUS's and ANL's "Kalai".
    pub least_asymmetry: Option<Deal>,
    /// The largest smallest gain.
    pub egalitarian: Option<Deal>,
    /// The largest sum of utilities.
    pub utilitarian: Option<Deal>,
}

fn best_by(frontier: &[Deal], objective: impl Fn(&Deal) -> f64) -> Option<Deal> {
    let mut best: Option<(f64, f64, &Deal)> = None;
    for deal in frontier {
        let value = objective(deal);
        let sum: f64 = deal.utilities.iter().sum();
        let better = match best {
            None => true,
            Some((v, s, b)) => {
                value > v || (value == v && (sum > s || (sum == s && deal.digits < b.digits)))
            }
        };
        if better {
            best = Some((value, sum, deal));
        }
    }
    best.map(|(_, _, d)| d.clone())
}

/// The four points on `frontier`, with disagreement utilities `disagreement`.
pub fn points(frontier: &[Deal], disagreement: &[f64]) -> BargainingPoints {
    let n = disagreement.len();
    let ideal: Vec<f64> = (0..n)
        .map(|p| {
            frontier
                .iter()
                .map(|d| d.utilities[p])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let gains = |deal: &Deal| {
        deal.utilities
            .iter()
            .zip(disagreement)
            .map(|(u, d)| u - d)
            .collect::<Vec<f64>>()
    };
    BargainingPoints {
        nash: best_by(frontier, |deal| {
            gains(deal).iter().map(|g| g.max(0.0)).product()
        }),
        kalai_smorodinsky: best_by(frontier, |deal| {
            (0..n)
                .map(|p| {
                    let range = ideal[p] - disagreement[p];
                    if range > 0.0 {
                        (deal.utilities[p] - disagreement[p]) / range
                    } else {
                        1.0
                    }
                })
                .fold(f64::INFINITY, f64::min)
        }),
        least_asymmetry: best_by(frontier, |deal| {
            let u = &deal.utilities;
            let spread: f64 = (0..u.len())
                .flat_map(|i| (i + 1..u.len()).map(move |j| (u[i] - u[j]).abs()))
                .sum();
            -spread
        }),
        egalitarian: best_by(frontier, |deal| {
            gains(deal).into_iter().fold(f64::INFINITY, f64::min)
        }),
        utilitarian: best_by(frontier, |deal| deal.utilities.iter().sum()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(index: u32, u: &[f64]) -> Deal {
        Deal {
            digits: vec![index],
            utilities: u.to_vec(),
        }
    }

    #[test]
    fn the_four_points_on_a_small_frontier() {
        let frontier = vec![
            deal(0, &[1.0, 0.2]),
            deal(1, &[0.7, 0.6]),
            deal(2, &[0.5, 0.75]),
            deal(3, &[0.2, 0.9]),
        ];
        let p = points(&frontier, &[0.1, 0.1]);
        // Nash: 0.9*0.1=0.09, 0.6*0.5=0.3, 0.4*0.65=0.26, 0.1*0.8=0.08.
        assert_eq!(p.nash.unwrap().digits[0], 1);
        // Egalitarian: min gains 0.1, 0.5, 0.4, 0.1.
        assert_eq!(p.egalitarian.unwrap().digits[0], 1);
        // Utilitarian: 1.2, 1.3, 1.25, 1.1.
        assert_eq!(p.utilitarian.unwrap().digits[0], 1);
        // KS: ideal (1.0, 0.9): relative gains min(0.6/0.9, 0.5/0.8)=0.625, min(0.444, 0.8125)=0.444.
        assert_eq!(p.kalai_smorodinsky.unwrap().digits[0], 1);
        // Least asymmetry: |u1 − u2| = 0.8, 0.1, 0.25, 0.7.
        assert_eq!(p.least_asymmetry.unwrap().digits[0], 1);
        let p = points(&frontier, &[0.5, 0.1]);
        assert_eq!(p.egalitarian.unwrap().digits[0], 1);
        assert_eq!(points(&[], &[0.0]).nash, None);
    }

    #[test]
    fn ties_go_to_the_larger_sum_then_the_lower_index() {
        let frontier = vec![
            deal(5, &[0.5, 0.5]),
            deal(2, &[0.5, 0.5]),
            deal(1, &[0.25, 1.0]),
        ];
        let p = points(&frontier, &[0.0, 0.0]);
        assert_eq!(
            p.nash.unwrap().digits[0],
            1,
            "0.25 = 0.25 products; larger sum wins"
        );
        assert_eq!(
            p.egalitarian.unwrap().digits[0],
            2,
            "equal min and sum; lower index wins"
        );
    }
}
