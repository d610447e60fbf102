//! How robust the answer is to the assumptions: the numbers a scenario labels as guesses
//! (weights, fallbacks, value-table entries and influences given a range) varied over their
//! ranges, by seeded sampling of all of them at once and
//! by one-at-a-time sweeps that find where each conclusion flips.
//!
//! The conclusions followed are those a mediator acts on: whether any deal is acceptable to all;
//! when none is, which minimal relaxations open a zone and which opens the most room; when one
//! is, the Nash deal. Each evaluation is a full [`zone`] of the changed scenario, so the cost is
//! O(evaluations · outcomes · constraints) plus the blocking-set search: on the flagship's 108
//! outcomes, 10,000 samples and the sweeps take 0.36 s (`time pactum sensitivity --samples
//! 10000`). Samples run in parallel, each on its own seeded stream
//! (`rng::Stream::new(seed, index)`) and are counted in index order, so the report is the same at
//! any thread count.

use super::{AnalysisError, Blocking, Deal, Problem, zone};
use crate::Distribution;
use crate::preference::ValueFunction;
use crate::rng::Stream;
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A number an assumption can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// A party's base fallback utility (party index in the scenario).
    Fallback(usize),
    /// A party's weight on one of its preference entries (party, entry index).
    Weight(usize, usize),
    /// One entry of a party's value table (party, preference entry, option digit).
    Value(usize, usize, u32),
    /// A stakeholder's influence on a negotiator's fallback (stakeholder, influence index).
    Influence(usize, usize),
}

/// A number of the scenario and the range it may take.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    /// `party.fallback`, `party.weight.ISSUE`, `party.value.ISSUE.OPTION` or
    /// `stakeholder.influence.PARTY`.
    pub id: String,
    /// The number it changes.
    pub knob: Knob,
    /// Its value in the scenario.
    pub value: f64,
    /// The smallest value it may take.
    pub low: f64,
    /// The largest.
    pub high: f64,
    /// Where the range comes from: the scenario (`range = [lo, hi]`), or the spread asked for.
    pub from_scenario: bool,
    /// How sampling draws it over the range.
    pub distribution: Distribution,
}

/// The value `knob` has in `s`.
pub fn value(s: &Scenario, knob: Knob) -> f64 {
    match knob {
        Knob::Fallback(p) => s.parties[p].fallback.utility,
        Knob::Weight(p, k) => s.parties[p].preferences.issues[k].weight,
        Knob::Value(p, k, d) => match &s.parties[p].preferences.issues[k].values {
            ValueFunction::Table { values } => values.get(d as usize).copied().unwrap_or(0.0),
            _ => 0.0,
        },
        Knob::Influence(p, k) => s.parties[p].influences[k].fallback_delta,
    }
}

/// Sets `knob` to `x` in `s`.
pub fn set(s: &mut Scenario, knob: Knob, x: f64) {
    match knob {
        Knob::Fallback(p) => s.parties[p].fallback.utility = x,
        Knob::Weight(p, k) => s.parties[p].preferences.issues[k].weight = x,
        Knob::Value(p, k, d) => {
            if let ValueFunction::Table { values } = &mut s.parties[p].preferences.issues[k].values
                && let Some(v) = values.get_mut(d as usize)
            {
                *v = x;
            }
        }
        Knob::Influence(p, k) => s.parties[p].influences[k].fallback_delta = x,
    }
}

/// Whether `x` is a value `knob` can take, as the scenario reader checks it: fallbacks and
/// influences from −1 to 1, weights above 0, value-table entries from 0 to 1.
pub fn admissible(knob: Knob, x: f64) -> Result<(), String> {
    let (ok, expected) = match knob {
        Knob::Fallback(_) | Knob::Influence(..) => ((-1.0..=1.0).contains(&x), "from -1 to 1"),
        Knob::Weight(..) => (x > 0.0 && x.is_finite(), "greater than 0"),
        Knob::Value(..) => ((0.0..=1.0).contains(&x), "from 0 to 1"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{x} is not a value it can take; expected a number {expected}"
        ))
    }
}

/// The range the scenario gives `knob`, if any.
pub fn range(s: &Scenario, knob: Knob) -> Option<(f64, f64)> {
    match knob {
        Knob::Fallback(p) => s.parties[p].fallback.provenance.range,
        Knob::Weight(p, k) => s.parties[p].preferences.issues[k].provenance.range,
        Knob::Value(p, k, d) => s.parties[p].preferences.issues[k]
            .value_ranges
            .iter()
            .find(|r| r.digit == d)
            .map(|r| (r.low, r.high)),
        Knob::Influence(p, k) => s.parties[p].influences[k].provenance.range,
    }
}

/// Sets `knob` to `x` as `--set` asks, refusing what the scenario reader would: a value it
/// cannot take, one outside the range the scenario gives it (a sweep over that range would
/// leave the baseline out; widen the range first), or weights whose sum overflows.
pub fn set_checked(s: &mut Scenario, knob: Knob, x: f64) -> Result<(), String> {
    admissible(knob, x)?;
    if let Some((low, high)) = range(s, knob)
        && !(low..=high).contains(&x)
    {
        return Err(format!(
            "{x} lies outside the range [{low}, {high}] the scenario gives it; widen the range (in the scenario or with --ranges) to study it"
        ));
    }
    let before = value(s, knob);
    set(s, knob, x);
    if let Knob::Weight(p, _) = knob {
        let sum: f64 = s.parties[p]
            .preferences
            .issues
            .iter()
            .map(|i| i.weight)
            .sum();
        if !sum.is_finite() {
            set(s, knob, before);
            return Err(format!(
                "{x:e} makes the weights of `{}` sum past the largest number; expected weights whose sum is finite",
                s.parties[p].id
            ));
        }
    }
    Ok(())
}

/// Gives `knob` the range `[low, high]`, drawn by `distribution`, as a ranges file asks;
/// refused when the range cannot hold the knob's values or leaves out its value.
pub fn set_range(
    s: &mut Scenario,
    knob: Knob,
    (low, high): (f64, f64),
    distribution: Distribution,
    assumption: Option<String>,
) -> Result<(), String> {
    admissible(knob, low).and(admissible(knob, high))?;
    let x = value(s, knob);
    if !(low..=high).contains(&x) {
        return Err(format!(
            "the range [{low}, {high}] leaves out its value {x}"
        ));
    }
    let provenance = match knob {
        Knob::Fallback(p) => &mut s.parties[p].fallback.provenance,
        Knob::Weight(p, k) => &mut s.parties[p].preferences.issues[k].provenance,
        Knob::Influence(p, k) => &mut s.parties[p].influences[k].provenance,
        Knob::Value(p, k, d) => {
            let ranges = &mut s.parties[p].preferences.issues[k].value_ranges;
            ranges.retain(|r| r.digit != d);
            ranges.push(crate::preference::ValueRange {
                digit: d,
                low,
                high,
                distribution,
            });
            ranges.sort_by_key(|r| r.digit);
            return Ok(());
        }
    };
    provenance.range = Some((low, high));
    provenance.distribution = distribution;
    if assumption.is_some() {
        provenance.assumption = assumption;
    }
    Ok(())
}

/// The knob `id` names (`party.fallback`, `party.weight.ISSUE`, `party.value.ISSUE.OPTION`,
/// `stakeholder.influence.PARTY`), or what was expected.
pub fn knob(s: &Scenario, id: &str) -> Result<Knob, String> {
    const EXPECTED: &str = "PARTY.fallback, PARTY.weight.ISSUE, PARTY.value.ISSUE.OPTION or STAKEHOLDER.influence.PARTY";
    let (party, field) = id
        .split_once('.')
        .ok_or_else(|| format!("`{id}`: expected {EXPECTED}"))?;
    let p = s.party_index(party).ok_or_else(|| {
        let ids: Vec<&str> = s.parties.iter().map(|p| p.id.as_str()).collect();
        format!(
            "`{id}`: no party `{party}`; expected one of {}",
            ids.join(", ")
        )
    })?;
    // Only a negotiator's fallback, weights and values enter the analysis; a stakeholder acts
    // through its influence.
    let negotiator = |what: &str| {
        if s.negotiators().contains(&p) {
            Ok(())
        } else {
            Err(format!(
                "`{id}`: `{party}` does not negotiate, so its {what} no part; expected a negotiator's, or STAKEHOLDER.influence.PARTY"
            ))
        }
    };
    if field == "fallback" {
        negotiator("fallback plays")?;
        return Ok(Knob::Fallback(p));
    }
    if field.starts_with("weight.") || field.starts_with("value.") {
        negotiator("preferences play")?;
    }
    let entry = |issue: &str| {
        s.parties[p]
            .preferences
            .issues
            .iter()
            .position(|x| s.issues.get(x.issue).is_some_and(|i| i.id == issue))
            .ok_or_else(|| format!("`{id}`: `{party}` has no preference on an issue `{issue}`"))
    };
    if let Some(issue) = field.strip_prefix("weight.") {
        return Ok(Knob::Weight(p, entry(issue)?));
    }
    if let Some(rest) = field.strip_prefix("value.") {
        let (issue, option) = rest
            .split_once('.')
            .ok_or_else(|| format!("`{id}`: expected PARTY.value.ISSUE.OPTION"))?;
        let k = entry(issue)?;
        let pref = &s.parties[p].preferences.issues[k];
        if !matches!(pref.values, ValueFunction::Table { .. }) {
            return Err(format!(
                "`{id}`: `{party}` values `{issue}` by a function, not a table"
            ));
        }
        let d = s.issues[pref.issue]
            .option_index(option)
            .ok_or_else(|| format!("`{id}`: issue `{issue}` has no option `{option}`"))?;
        return Ok(Knob::Value(p, k, d));
    }
    if let Some(target) = field.strip_prefix("influence.") {
        let k = s.parties[p]
            .influences
            .iter()
            .position(|i| s.parties.get(i.party).is_some_and(|q| q.id == target))
            .ok_or_else(|| format!("`{id}`: `{party}` has no influence on `{target}`"))?;
        return Ok(Knob::Influence(p, k));
    }
    Err(format!("`{id}`: expected {EXPECTED}, not `{field}`"))
}

/// The negotiators' numbers labelled as assumptions or given a range (or every number, with
/// `all`), each with the range its provenance gives, else `value·(1 ± spread)` (fallbacks kept
/// in [−1, 1], weights above 0; a fallback of 0 has no spread). A range says the modeller doubts the number even unlabelled.
pub fn assumptions(s: &Scenario, spread: f64, all: bool) -> Vec<Assumption> {
    let mut out = Vec::new();
    for p in s.negotiators() {
        let party = &s.parties[p];
        let mut push = |id: String, knob: Knob, value: f64, prov: &crate::Provenance, fallback| {
            if !(all || prov.assumption.is_some() || prov.range.is_some()) {
                return;
            }
            let (low, high, from_scenario) = match prov.range {
                Some((lo, hi)) => (lo, hi, true),
                None => {
                    let d = value.abs() * spread;
                    if fallback {
                        ((value - d).max(-1.0), (value + d).min(1.0), false)
                    } else {
                        ((value - d).max(value * 1e-3), value + d, false)
                    }
                }
            };
            if high > low {
                out.push(Assumption {
                    id,
                    knob,
                    value,
                    low,
                    high,
                    from_scenario,
                    distribution: prov.distribution,
                });
            }
        };
        push(
            format!("{}.fallback", party.id),
            Knob::Fallback(p),
            party.fallback.utility,
            &party.fallback.provenance,
            true,
        );
        for (k, pref) in party.preferences.issues.iter().enumerate() {
            push(
                format!("{}.weight.{}", party.id, s.issues[pref.issue].id),
                Knob::Weight(p, k),
                pref.weight,
                &pref.provenance,
                false,
            );
        }
    }
    // Single entries of value tables and stakeholders' influences, where the scenario gives
    // them a range (with `all` too: a spread over every entry of every table would bury the
    // weights and fallbacks under dozens of knobs nobody labelled).
    for p in s.negotiators() {
        let party = &s.parties[p];
        for (k, pref) in party.preferences.issues.iter().enumerate() {
            let issue = &s.issues[pref.issue];
            for r in &pref.value_ranges {
                if r.high > r.low {
                    let knob = Knob::Value(p, k, r.digit);
                    out.push(Assumption {
                        id: format!(
                            "{}.value.{}.{}",
                            party.id,
                            issue.id,
                            issue.value_id(r.digit)
                        ),
                        knob,
                        value: value(s, knob),
                        low: r.low,
                        high: r.high,
                        from_scenario: true,
                        distribution: r.distribution,
                    });
                }
            }
        }
    }
    for (p, party) in s.parties.iter().enumerate() {
        for (k, influence) in party.influences.iter().enumerate() {
            if let Some((low, high)) = influence.provenance.range
                && high > low
            {
                out.push(Assumption {
                    id: format!("{}.influence.{}", party.id, s.parties[influence.party].id),
                    knob: Knob::Influence(p, k),
                    value: influence.fallback_delta,
                    low,
                    high,
                    from_scenario: true,
                    distribution: influence.provenance.distribution,
                });
            }
        }
    }
    out
}

/// What the analysis concludes of one version of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Findings {
    /// Outcomes acceptable to every negotiator.
    pub acceptable: u64,
    /// When none is: the minimal relaxations that open a zone.
    pub blocking: Vec<Blocking>,
    /// When some are: the acceptable outcome with the largest Nash product.
    pub nash: Option<Deal>,
}

impl Findings {
    /// The blocking set that opens the most outcomes (the first such), when the zone is empty.
    pub fn largest_opening(&self) -> Option<&Blocking> {
        self.largest_openings().into_iter().next()
    }

    /// Every blocking set that opens the most outcomes: more than one when they tie.
    pub fn largest_openings(&self) -> Vec<&Blocking> {
        let Some(most) = self.blocking.iter().map(|b| b.opens).max() else {
            return Vec::new();
        };
        self.blocking.iter().filter(|b| b.opens == most).collect()
    }

    /// How much room there is: the zone's size, or when it is empty what the best relaxation
    /// opens.
    pub fn room(&self) -> u64 {
        if self.acceptable > 0 {
            self.acceptable
        } else {
            self.largest_opening().map_or(0, |b| b.opens)
        }
    }

    /// The conclusion a mediator reads, in words: what flips when this changes.
    pub fn headline(&self, s: &Scenario) -> String {
        if self.acceptable > 0 {
            match &self.nash {
                Some(d) => {
                    let terms: Vec<String> = s
                        .issues
                        .iter()
                        .zip(&d.digits)
                        .map(|(i, &v)| format!("{}={}", i.id, i.value_id(v)))
                        .collect();
                    format!("a zone; the Nash deal is {}", terms.join(", "))
                }
                None => "a zone".into(),
            }
        } else {
            // A tie is its own conclusion: naming one set would claim it opens more.
            let most = self.largest_openings();
            let sets: Vec<String> = most.iter().map(|b| b.constraints.join(" + ")).collect();
            match sets.len() {
                0 => "no zone, and no relaxation opens one".into(),
                1 => format!("no zone; relaxing {} opens the most", sets[0]),
                _ => format!(
                    "no zone; relaxing {} tie for the most",
                    sets.join(" and relaxing ")
                ),
            }
        }
    }
}

/// The findings for `s` with `relaxed` dropped.
pub fn findings(s: &Scenario, relaxed: &BTreeSet<String>) -> Result<Findings, AnalysisError> {
    let problem = Problem::new(s, relaxed)?;
    let z = zone(&problem)?;
    Ok(Findings {
        acceptable: z.acceptable,
        blocking: z.blocking,
        nash: z.nash,
    })
}

/// What sampling every assumption at once found.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampled {
    /// Samples drawn.
    pub samples: usize,
    /// Samples with no outcome acceptable to all.
    pub zone_empty: usize,
    /// Each minimal blocking set (constraint ids) and the samples it blocked in.
    pub blocking: BTreeMap<Vec<String>, usize>,
    /// Each blocking set and the samples where it opened the most room, alone or tied.
    pub largest_opening: BTreeMap<Vec<String>, usize>,
    /// Samples whose Nash deal is the baseline's (when the baseline has one).
    pub nash_same: usize,
    /// Samples in which the baseline's Nash deal is still acceptable to all.
    pub nash_acceptable: usize,
}

/// Samples every assumption over its range by its distribution (uniform unless the scenario
/// says otherwise), `n` times, from `seed`.
pub fn sample(
    s: &Scenario,
    relaxed: &BTreeSet<String>,
    assumptions: &[Assumption],
    n: usize,
    seed: u64,
) -> Result<Sampled, AnalysisError> {
    let base = findings(s, relaxed)?;
    let runs: Vec<Result<(Findings, bool), AnalysisError>> = (0..n as u64)
        .into_par_iter()
        .map(|i| {
            let mut stream = Stream::new(seed, i);
            let mut t = s.clone();
            for a in assumptions {
                let u = stream.unit();
                set(
                    &mut t,
                    a.knob,
                    a.distribution.quantile(a.low, a.value, a.high, u),
                );
            }
            let f = findings(&t, relaxed)?;
            let still = match &base.nash {
                Some(d) => {
                    let problem = Problem::new(&t, relaxed)?;
                    let deal = problem.deal(d.digits.clone());
                    problem.violations(&deal.digits, &deal.utilities) == 0
                }
                None => false,
            };
            Ok((f, still))
        })
        .collect();
    let mut out = Sampled {
        samples: n,
        zone_empty: 0,
        blocking: BTreeMap::new(),
        largest_opening: BTreeMap::new(),
        nash_same: 0,
        nash_acceptable: 0,
    };
    for run in runs {
        let (f, still) = run?;
        if f.acceptable == 0 {
            out.zone_empty += 1;
        }
        for b in &f.blocking {
            *out.blocking.entry(b.constraints.clone()).or_default() += 1;
        }
        for b in f.largest_openings() {
            *out.largest_opening
                .entry(b.constraints.clone())
                .or_default() += 1;
        }
        if let (Some(a), Some(b)) = (&base.nash, &f.nash)
            && a.digits == b.digits
        {
            out.nash_same += 1;
        }
        out.nash_acceptable += usize::from(still);
    }
    Ok(out)
}

/// Where a conclusion changes along one assumption's range.
#[derive(Clone, Debug, PartialEq)]
pub struct Flip {
    /// The value where it changes (to within the range / 2^30).
    pub at: f64,
    /// The conclusion just below it.
    pub below: String,
    /// The conclusion from it on.
    pub above: String,
}

/// One assumption swept over its range, the others at their values.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The number swept.
    pub assumption: Assumption,
    /// The smallest and largest room (see [`Findings::room`]) over the sweep.
    pub room: (u64, u64),
    /// Every change of conclusion, in increasing value.
    pub flips: Vec<Flip>,
}

/// Values a sweep evaluates before locating its flips by bisection.
pub const SWEEP_STEPS: usize = 21;
const BISECTIONS: usize = 30;

/// Sweeps `a` over its range: the room at each of [`SWEEP_STEPS`] values, and every flip of
/// the conclusion located by bisection.
pub fn sweep(
    s: &Scenario,
    relaxed: &BTreeSet<String>,
    a: &Assumption,
) -> Result<Sweep, AnalysisError> {
    let at = |x: f64| -> Result<Findings, AnalysisError> {
        let mut t = s.clone();
        set(&mut t, a.knob, x);
        findings(&t, relaxed)
    };
    let xs: Vec<f64> = (0..SWEEP_STEPS)
        .map(|k| a.low + (a.high - a.low) * k as f64 / (SWEEP_STEPS - 1) as f64)
        .collect();
    let found: Vec<Findings> = xs.iter().map(|&x| at(x)).collect::<Result<_, _>>()?;
    let rooms: Vec<u64> = found.iter().map(Findings::room).collect();
    let mut flips = Vec::new();
    for k in 1..xs.len() {
        let (below, above) = (found[k - 1].headline(s), found[k].headline(s));
        if below == above {
            continue;
        }
        let (mut lo, mut hi) = (xs[k - 1], xs[k]);
        for _ in 0..BISECTIONS {
            let mid = 0.5 * (lo + hi);
            if at(mid)?.headline(s) == below {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        flips.push(Flip {
            at: hi,
            below,
            above,
        });
    }
    Ok(Sweep {
        assumption: a.clone(),
        room: (
            rooms.iter().copied().min().unwrap_or(0),
            rooms.iter().copied().max().unwrap_or(0),
        ),
        flips,
    })
}

/// The sweeps as a tornado: the assumptions that flip the most conclusions first, then those
/// that swing the room the most.
pub fn tornado(mut sweeps: Vec<Sweep>) -> Vec<Sweep> {
    sweeps.sort_by(|a, b| {
        b.flips
            .len()
            .cmp(&a.flips.len())
            .then((b.room.1 - b.room.0).cmp(&(a.room.1 - a.room.0)))
            .then(a.assumption.id.cmp(&b.assumption.id))
    });
    sweeps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zone::tests::scenario;

    fn opposed() -> Scenario {
        let up = vec![vec![0.0, 0.5, 1.0], vec![0.0, 1.0]];
        let down = vec![vec![1.0, 0.5, 0.0], vec![1.0, 0.0]];
        let mut s = scenario(
            vec![3, 2],
            vec![(up, Vec::new(), 0.4), (down, Vec::new(), 0.4)],
        );
        for p in &mut s.parties {
            p.fallback.provenance.assumption = Some("a guess".into());
        }
        s
    }

    #[test]
    fn a_fallback_sweep_finds_where_the_zone_closes() {
        let s = opposed();
        let all = assumptions(&s, 0.5, false);
        // Two fallbacks labelled; the weights are not.
        assert_eq!(all.len(), 2);
        let a = &all[0];
        assert_eq!((a.low, a.high), (0.2, 0.6000000000000001));
        let sw = sweep(&s, &BTreeSet::new(), a).unwrap();
        // Outcomes: p0 gets (x/2 + y/2); the zone needs p0 ≥ f and p1 ≥ 0.4. At f > 0.5 only
        // outcomes worth 0.75 or 1 to p0 remain, which leave p1 below 0.4: the zone closes.
        assert!(!sw.flips.is_empty(), "{sw:?}");
        let closing = sw
            .flips
            .iter()
            .find(|f| f.above.starts_with("no zone"))
            .unwrap();
        assert!((closing.at - 0.5).abs() < 1e-6, "{}", closing.at);
        // Checked directly on both sides of the threshold.
        let mut t = s.clone();
        set(&mut t, a.knob, closing.at - 1e-6);
        assert!(findings(&t, &BTreeSet::new()).unwrap().acceptable > 0);
        set(&mut t, a.knob, closing.at + 1e-6);
        assert_eq!(findings(&t, &BTreeSet::new()).unwrap().acceptable, 0);
    }

    #[test]
    fn sampling_is_the_same_on_any_thread_count_and_moves_with_the_seed() {
        let s = opposed();
        let all = assumptions(&s, 0.5, true);
        let on = |threads: usize, seed: u64| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| sample(&s, &BTreeSet::new(), &all, 300, seed).unwrap())
        };
        let one = on(1, 5);
        assert_eq!(one, on(2, 5));
        assert_eq!(one.samples, 300);
        assert!(one.zone_empty > 0 && one.zone_empty < 300, "{one:?}");
        assert_ne!(one, on(2, 6));
    }

    #[test]
    fn a_triangular_draw_peaks_at_the_value_and_stays_in_the_range() {
        let (low, mode, high) = (0.2, 0.3, 0.6);
        let t = Distribution::Triangular;
        // The inverse distribution function: its ends, and the mode at the mode's quantile,
        // (mode − low) / (high − low) = 0.25.
        assert_eq!(t.quantile(low, mode, high, 0.0), low);
        assert!((t.quantile(low, mode, high, 1.0) - high).abs() < 1e-12);
        assert!((t.quantile(low, mode, high, 0.25) - mode).abs() < 1e-12);
        // By hand: F(x) = (x − low)² / ((high − low)(mode − low)) below the mode, so the
        // quantile 0.1 is low + sqrt(0.1 · 0.4 · 0.1) = 0.2632456.
        assert!((t.quantile(low, mode, high, 0.1) - 0.263_245_553).abs() < 1e-9);
        // Seeded draws: inside the range, their mean (low + mode + high) / 3, denser near the
        // mode than the uniform's.
        let mut stream = Stream::new(7, 0);
        let draws: Vec<f64> = (0..20_000)
            .map(|_| t.quantile(low, mode, high, stream.unit()))
            .collect();
        assert!(draws.iter().all(|x| (low..=high).contains(x)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - (low + mode + high) / 3.0).abs() < 0.003, "{mean}");
        let near = |xs: &[f64]| xs.iter().filter(|x| (**x - mode).abs() < 0.05).count();
        let mut stream = Stream::new(7, 0);
        let uniform: Vec<f64> = (0..20_000)
            .map(|_| Distribution::Uniform.quantile(low, mode, high, stream.unit()))
            .collect();
        assert!(near(&draws) > near(&uniform) * 3 / 2);
        assert_eq!(Distribution::named("triangular"), Some(t));
        assert_eq!(t.name(), "triangular");
    }

    #[test]
    fn a_range_is_varied_even_unlabelled_and_carries_its_distribution() {
        let mut s = opposed();
        let labelled = assumptions(&s, 0.25, false).len();
        let party = &mut s.parties[0];
        party.fallback.provenance.assumption = None;
        party.fallback.provenance.range = Some((0.1, 0.6));
        party.fallback.provenance.distribution = Distribution::Triangular;
        let found = assumptions(&s, 0.25, false);
        let a = found.iter().find(|a| a.id == "p0.fallback").unwrap();
        assert_eq!((a.low, a.high), (0.1, 0.6));
        assert_eq!(a.distribution, Distribution::Triangular);
        assert!(found.len() >= labelled);
    }

    #[test]
    fn a_negative_fallback_spreads_below_zero_and_a_zero_one_not_at_all() {
        let mut s = opposed();
        s.parties[0].fallback.utility = -0.2;
        s.parties[1].fallback.utility = 0.0;
        s.parties[1].fallback.provenance.assumption = Some("a guess".into());
        let found = assumptions(&s, 0.25, true);
        let a = found.iter().find(|a| a.id == "p0.fallback").unwrap();
        assert!(
            (a.low + 0.25).abs() < 1e-12 && (a.high + 0.15).abs() < 1e-12,
            "{a:?}"
        );
        assert!(!found.iter().any(|a| a.id == "p1.fallback"));
    }

    #[test]
    fn knobs_are_named_as_the_constraints_are() {
        let s = opposed();
        assert_eq!(knob(&s, "p0.fallback"), Ok(Knob::Fallback(0)));
        assert_eq!(knob(&s, "p1.weight.i1"), Ok(Knob::Weight(1, 1)));
        assert!(knob(&s, "p9.fallback").unwrap_err().contains("no party"));
        assert!(
            knob(&s, "p0.weight.zz")
                .unwrap_err()
                .contains("no preference on an issue `zz`")
        );
        assert!(knob(&s, "p0.colour").unwrap_err().contains("expected"));
        assert!(
            knob(&s, "p0.value.i0")
                .unwrap_err()
                .contains("PARTY.value.ISSUE.OPTION")
        );
        assert!(
            knob(&s, "p0.influence.p1")
                .unwrap_err()
                .contains("no influence on `p1`")
        );
    }

    #[test]
    fn value_entries_and_influences_are_set_and_bounded() {
        let mut s = opposed();
        let pref = &s.parties[0].preferences.issues[0];
        let issue = &s.issues[pref.issue];
        assert!(matches!(
            pref.values,
            crate::preference::ValueFunction::Table { .. }
        ));
        let id = format!("p0.value.{}.{}", issue.id, issue.value_id(1));
        let k = knob(&s, &id).unwrap();
        assert_eq!(k, Knob::Value(0, 0, 1));
        set(&mut s, k, 0.25);
        assert_eq!(value(&s, k), 0.25);
        assert!(admissible(k, 1.5).unwrap_err().contains("from 0 to 1"));
        assert!(admissible(Knob::Influence(0, 0), -2.0).is_err());
        assert!(admissible(Knob::Weight(0, 0), 0.0).is_err());
        assert!(admissible(Knob::Fallback(0), 0.5).is_ok());
        // Only entries given a range are varied, with `all` too.
        let before = assumptions(&s, 0.25, true).len();
        s.parties[0].preferences.issues[0]
            .value_ranges
            .push(crate::preference::ValueRange {
                digit: 1,
                low: 0.1,
                high: 0.4,
                distribution: Distribution::Uniform,
            });
        let after = assumptions(&s, 0.25, true);
        assert_eq!(after.len(), before + 1);
        let a = after.iter().find(|a| a.id == id).unwrap();
        assert_eq!(
            (a.value, a.low, a.high, a.from_scenario),
            (0.25, 0.1, 0.4, true)
        );
    }
}
