//! Two-party fair division: the Adjusted Winner procedure (Brams and Taylor, *Fair Division*,
//! 1996).
//!
//! An *item issue* is an issue whose options are exactly the two parties' ids: the option says
//! who gets the item. A party's points for an item are what getting it adds to its utility
//! (its value with the item minus its value without), normalised so that each party's points
//! over the items sum to 100. Each item first goes to the party that values it more (ties to the
//! first party). The party with more points then hands items over, in increasing order of the
//! ratio of its points to the other's, until the totals would cross; that item is split so the
//! two totals are equal: envy-free, equitable and efficient for additive valuations.

use super::Problem;
use crate::issue::Issue;

/// How one item issue is divided.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemShare {
    /// The item issue's id.
    pub issue: String,
    /// Each party's points for the item.
    pub points: [f64; 2],
    /// The share of the item that goes to the first party (1 = all of it, 0 = none).
    pub first_share: f64,
}

/// The outcome of the Adjusted Winner procedure.
#[derive(Clone, Debug, PartialEq)]
pub struct AdjustedWinner {
    /// The two parties' ids, first party first.
    pub parties: [String; 2],
    /// Every item issue with the parties' points and the first party's share, in issue order.
    pub items: Vec<ItemShare>,
    /// The one item that is split, if any, and the first party's share of it.
    pub split: Option<(String, f64)>,
    /// Each party's total points after the division (equal when an item is split or the
    /// initial allocation is already equitable).
    pub totals: [f64; 2],
}

/// Item issues of a two-party problem: `(issue index, digit giving it to party 0, to party 1)`.
pub fn item_issues(problem: &Problem, issues: &[Issue]) -> Vec<(usize, u32, u32)> {
    if problem.parties.len() != 2 {
        return Vec::new();
    }
    issues
        .iter()
        .enumerate()
        .filter_map(|(i, issue)| {
            let ids = issue.value_ids();
            if ids.len() != 2 {
                return None;
            }
            let a = issue.option_index(&problem.parties[0])?;
            let b = issue.option_index(&problem.parties[1])?;
            Some((i, a, b))
        })
        .collect()
}

/// The Adjusted Winner division of the item issues, or `None` when the scenario has none (or
/// not exactly two parties, or a party gains nothing from any item).
pub fn adjusted_winner(problem: &Problem, issues: &[Issue]) -> Option<AdjustedWinner> {
    let items = item_issues(problem, issues);
    if items.is_empty() {
        return None;
    }
    let gain = |party: usize, (i, a, b): (usize, u32, u32)| {
        let t = &problem.utilities[party].tables()[i];
        let (own, other) = if party == 0 { (a, b) } else { (b, a) };
        (t[own as usize] - t[other as usize]).max(0.0)
    };
    let mut points: Vec<[f64; 2]> = items.iter().map(|&it| [gain(0, it), gain(1, it)]).collect();
    for p in 0..2 {
        let total: f64 = points.iter().map(|x| x[p]).sum();
        if total <= 0.0 {
            return None;
        }
        points.iter_mut().for_each(|x| x[p] *= 100.0 / total);
    }
    let mut share: Vec<f64> = points
        .iter()
        .map(|x| if x[0] >= x[1] { 1.0 } else { 0.0 })
        .collect();
    let totals = |share: &[f64]| {
        let a: f64 = points.iter().zip(share).map(|(x, s)| x[0] * s).sum();
        let b: f64 = points
            .iter()
            .zip(share)
            .map(|(x, s)| x[1] * (1.0 - s))
            .sum();
        [a, b]
    };
    let [a, b] = totals(&share);
    let mut split = None;
    if a != b {
        let winner = if a > b { 0 } else { 1 };
        let loser = 1 - winner;
        let held = |s: f64| if winner == 0 { s } else { 1.0 - s };
        // The winner's items, the cheapest to hand over first: ratio winner/loser ascending.
        let mut order: Vec<usize> = (0..items.len())
            .filter(|&k| held(share[k]) == 1.0)
            .collect();
        order.sort_by(|&x, &y| {
            let rx = points[x][winner] / points[x][loser].max(f64::MIN_POSITIVE);
            let ry = points[y][winner] / points[y][loser].max(f64::MIN_POSITIVE);
            rx.total_cmp(&ry).then(x.cmp(&y))
        });
        for k in order {
            let t = totals(&share);
            let (w, l) = (t[winner], t[loser]);
            let (pw, pl) = (points[k][winner], points[k][loser]);
            if w - pw >= l + pl {
                share[k] = if winner == 0 { 0.0 } else { 1.0 };
                if w - pw == l + pl {
                    break;
                }
            } else {
                // Keep a fraction x for the winner: x·pw + (w − pw) = (1 − x)·pl + l.
                let x = (l + pl - w + pw) / (pw + pl);
                share[k] = if winner == 0 { x } else { 1.0 - x };
                split = Some((issues[items[k].0].id.clone(), share[k]));
                break;
            }
        }
    }
    Some(AdjustedWinner {
        parties: [problem.parties[0].clone(), problem.parties[1].clone()],
        items: items
            .iter()
            .zip(&points)
            .zip(&share)
            .map(|((&(i, _, _), &p), &s)| ItemShare {
                issue: issues[i].id.clone(),
                points: p,
                first_share: s,
            })
            .collect(),
        split,
        totals: totals(&share),
    })
}
