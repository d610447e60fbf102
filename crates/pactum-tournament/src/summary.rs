//! Per-strategy summaries of tournament rows: means with 95% confidence intervals, and a rank
//! in which equal means share a place (competition ranking: 1, 1, 3).

use pactum_schema::TournamentRow;

/// A mean and the half-width of its 95% confidence interval (normal approximation,
/// `1.96 · s / √n`; 0 for fewer than two values).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub ci95: f64,
    /// Values averaged.
    pub n: usize,
}

impl Estimate {
    /// Of `values` (NaN when empty).
    pub fn of(values: &[f64]) -> Estimate {
        let n = values.len();
        if n == 0 {
            return Estimate {
                mean: f64::NAN,
                ci95: f64::NAN,
                n,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let ci95 = if n > 1 {
            let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
            1.96 * var.sqrt() / (n as f64).sqrt()
        } else {
            0.0
        };
        Estimate { mean, ci95, n }
    }
}

/// One strategy over every role it played.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategySummary {
    pub strategy: String,
    /// Competition rank by mean utility; equal means (to 1e-9) share it.
    pub rank: usize,
    pub negotiations: usize,
    pub agreements: usize,
    /// What the party ended with (its discounted utility of the agreement, or its fallback).
    pub utility: Estimate,
    pub advantage: Estimate,
    /// Over its negotiations, agreed or not (NegMAS measures a breakdown at the fallbacks).
    pub pareto_optimality: Estimate,
    pub nash_optimality: Estimate,
    pub fairness: Estimate,
    /// Over its agreements.
    pub rounds: Estimate,
}

/// What each strategy got against each other one in bilateral negotiations:
/// `[a][b]` estimates the utility `strategies[a]` ended with when the other seat played
/// `strategies[b]` (both seats count when a strategy meets itself).
pub fn head_to_head(rows: &[TournamentRow], strategies: &[String]) -> Vec<Vec<Estimate>> {
    let mut values = vec![vec![Vec::new(); strategies.len()]; strategies.len()];
    for r in rows.iter().filter(|r| r.strategies.len() == 2) {
        let seats: Vec<(&String, Option<usize>)> = r
            .strategies
            .iter()
            .map(|(party, spec)| {
                (
                    party,
                    spec.as_str()
                        .and_then(|s| strategies.iter().position(|n| n == s)),
                )
            })
            .collect();
        for k in 0..2 {
            let (party, a) = seats[k];
            let (_, b) = seats[1 - k];
            if let (Some(a), Some(b)) = (a, b) {
                values[a][b].push(r.utilities[party.as_str()].as_f64().unwrap_or(f64::NAN));
            }
        }
    }
    values
        .iter()
        .map(|row| row.iter().map(|v| Estimate::of(v)).collect())
        .collect()
}

/// Summaries of `strategies` (specs as the rows write them), ranked best first.
pub fn summarise(rows: &[TournamentRow], strategies: &[String]) -> Vec<StrategySummary> {
    let mut out: Vec<StrategySummary> = strategies
        .iter()
        .map(|name| {
            let mut utility = Vec::new();
            let mut advantage = Vec::new();
            let (mut pareto, mut nash, mut fairness, mut rounds) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let mut agreements = 0;
            for r in rows {
                for (party, spec) in &r.strategies {
                    if spec.as_str() != Some(name) {
                        continue;
                    }
                    utility.push(r.utilities[party].as_f64().unwrap_or(f64::NAN));
                    advantage.push(r.advantages[party].as_f64().unwrap_or(f64::NAN));
                    pareto.extend(r.pareto_optimality);
                    nash.extend(r.nash_optimality);
                    fairness.extend(r.fairness);
                    if r.agreement {
                        agreements += 1;
                        rounds.push(f64::from(r.round));
                    }
                }
            }
            StrategySummary {
                strategy: name.clone(),
                rank: 0,
                negotiations: utility.len(),
                agreements,
                utility: Estimate::of(&utility),
                advantage: Estimate::of(&advantage),
                pareto_optimality: Estimate::of(&pareto),
                nash_optimality: Estimate::of(&nash),
                fairness: Estimate::of(&fairness),
                rounds: Estimate::of(&rounds),
            }
        })
        .collect();
    // Best mean first; a strategy that never played last; ties keep the given order.
    let key = |s: &StrategySummary| {
        if s.utility.mean.is_nan() {
            f64::NEG_INFINITY
        } else {
            s.utility.mean
        }
    };
    out.sort_by(|a, b| key(b).total_cmp(&key(a)));
    for k in 0..out.len() {
        out[k].rank = if k > 0 && (key(&out[k]) - key(&out[k - 1])).abs() <= 1e-9 {
            out[k - 1].rank
        } else {
            k + 1
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_and_shared_ranks() {
        let e = Estimate::of(&[1.0, 2.0, 3.0]);
        assert!((e.mean - 2.0).abs() < 1e-12);
        assert!((e.ci95 - 1.96 / 3f64.sqrt()).abs() < 1e-12);
        assert_eq!(Estimate::of(&[5.0]).ci95, 0.0);
        assert!(Estimate::of(&[]).mean.is_nan());
        let row = |a: &str, b: &str, ua: f64, ub: f64| -> TournamentRow {
            serde_json::from_value(serde_json::json!({
                "schema": "pactum.tournament_row", "version": 1, "scenario": "s",
                "protocol": "saop", "strategies": {"x": a, "y": b}, "repetition": 0,
                "seed": 1, "deadline": 10, "agreement": false, "round": 10, "outcome": null,
                "utilities": {"x": ua, "y": ub}, "advantages": {"x": 0.0, "y": 0.0},
                "welfare": ua + ub, "pareto_distance": null, "nash_distance": null, "offers": 4
            }))
            .unwrap()
        };
        // Every strategy ends with the same: one shared rank, not 1, 2, 3.
        let rows = vec![
            row("a", "b", 0.3, 0.3),
            row("b", "c", 0.3, 0.3),
            row("c", "a", 0.3, 0.3),
        ];
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let s = summarise(&rows, &names);
        assert!(s.iter().all(|x| x.rank == 1), "{s:?}");
        let rows = vec![row("a", "b", 0.9, 0.3), row("c", "a", 0.3, 0.9)];
        let s = summarise(&rows, &names);
        assert_eq!(
            s.iter()
                .map(|x| (x.strategy.as_str(), x.rank))
                .collect::<Vec<_>>(),
            [("a", 1), ("b", 2), ("c", 2)]
        );
    }
}
