//! The Pareto frontier of the acceptable outcomes, without materialising the outcome space.
//!
//! Two methods, both exact:
//!
//! - **Streaming.** The outcomes under study are enumerated in fixed-size chunks of sub-indices,
//!   in parallel (rayon). Within a chunk an odometer keeps running prefix sums of each party's
//!   utility per issue, so an outcome costs one addition per party; acceptable outcomes are
//!   counted and their local skyline kept. The local skylines are concatenated in chunk order and
//!   reduced to the global one. Chunk boundaries do not depend on the thread count, so neither
//!   does the result.
//! - **Issue-wise merge**, for additive utilities whose red lines each read one issue: an outcome
//!   on the frontier of all issues has a partial utility vector on the frontier of any prefix of
//!   the issues, so the frontier is folded issue by issue over partial frontiers (GENIUS's
//!   `ParetoFrontierF` idea). Partial vectors within 1e-9 of a dominating one are kept, so that
//!   rounding in later sums can never lose a point; the final step recomputes utilities exactly
//!   and takes the exact skyline.
//!
//! Utilities are summed in issue order in every path, so they are the same floats as
//! [`crate::UtilityFunction::utility`].

use super::frontier_report::sorted;
pub use super::frontier_report::{FrontierReport, Method};
use super::skyline::{Points, skyline};
use super::{AnalysisError, Deal, Problem};
use crate::redline::Constraint;
use crate::space::Subspace;
use rayon::prelude::*;

/// Sub-indices per chunk of the streaming pass.
pub const CHUNK: u64 = 1 << 15;
/// Frontier points an analysis holds at most: each costs about 140 bytes (a 9·10^6-point
/// frontier took 1.27 GB in `pactum analyze`, measured on two opposed 3,000-value integer
/// issues), so this is about 600 MB. Past it the analysis stops with
/// [`AnalysisError::FrontierTooLarge`], which says how to study a slice.
pub const MAX_FRONTIER: usize = 1 << 22;
/// Candidates (chunks' local skylines) the streaming pass holds before it cuts them to their
/// skyline: 24 bytes each with two parties.
const CANDIDATE_LIMIT: usize = MAX_FRONTIER;
/// Chunks run in parallel between two looks at the candidates held (2^22 outcomes).
const BATCH: u64 = 128;
/// Margin below which a partial vector counts as tied, in the issue-wise merge.
const MERGE_EPSILON: f64 = 1e-9;
/// The merge gives up (and streaming takes over) past this many partial vectors.
const MERGE_LIMIT: usize = 1 << 22;
/// Partial vectors the merge may form per search node, where a search would follow it. Measured
/// on a 3-party 10^30 `opp` space (`bench/gen_genius.py --family opp --parties 3 --issues 30`):
/// a vector costs about 0.2 µs (10.6 million in 2.1 s), a search node with its share of the
/// seeding climbs about 1.9 µs (10^6 in 1.9 s). At 4 a node the merge's share stays below the
/// search's, the default node limit still lets that merge finish exactly, and
/// `--search-nodes 1000` stops it at once.
const MERGE_VECTORS_PER_NODE: u64 = 4;

/// Per-issue data of the fast evaluator.
struct Compiled<'a> {
    d: usize,
    /// Values left per issue after the single-issue red lines.
    sub: Subspace,
    /// Per issue, per remaining value position, the d contributions.
    contrib: Vec<Vec<f64>>,
    /// Parties with interaction terms: their utility is evaluated in full.
    exact: Vec<bool>,
    cross: Vec<&'a Constraint>,
    thresholds: Vec<f64>,
}

fn compile(problem: &Problem) -> Compiled<'_> {
    let d = problem.utilities.len();
    let (cross, single) = problem.red_lines_by_reach();
    let mut choices = problem.subspace.choices().to_vec();
    for (issue, allowed) in single {
        choices[issue].retain(|&v| allowed.get(v as usize).copied().unwrap_or(false));
    }
    let contrib = choices
        .iter()
        .enumerate()
        .map(|(i, values)| {
            values
                .iter()
                .flat_map(|&v| {
                    problem
                        .utilities
                        .iter()
                        .map(move |u| u.tables()[i].get(v as usize).copied().unwrap_or(0.0))
                })
                .collect()
        })
        .collect();
    Compiled {
        d,
        sub: Subspace::new(choices),
        contrib,
        exact: problem.utilities.iter().map(|u| !u.is_additive()).collect(),
        cross,
        thresholds: problem.thresholds(),
    }
}

struct ChunkResult {
    acceptable: u64,
    /// Local skyline: utilities row by row, and outcome indices.
    points: Vec<f64>,
    indices: Vec<u64>,
}

fn run_chunk(problem: &Problem, c: &Compiled<'_>, chunk: u64, collect: bool) -> ChunkResult {
    let d = c.d;
    let n = c.sub.choices().len();
    let start = chunk * CHUNK;
    let mut odometer = c.sub.odometer(start, start + CHUNK);
    // acc[level * d + p]: party p's utility over issues 0..=level.
    let mut acc = vec![0.0f64; n.max(1) * d];
    let mut u = vec![0.0f64; d];
    let mut acceptable = 0;
    let mut points = Vec::new();
    let mut indices = Vec::new();
    let any_exact = c.exact.iter().any(|&e| e);
    while let Some(changed) = odometer.advance() {
        let positions = odometer.positions();
        for level in changed..n {
            let row = &c.contrib[level][positions[level] * d..(positions[level] + 1) * d];
            for p in 0..d {
                let before = if level == 0 {
                    0.0
                } else {
                    acc[(level - 1) * d + p]
                };
                acc[level * d + p] = before + row[p];
            }
        }
        let digits = odometer.digits();
        for p in 0..d {
            let sum = if n == 0 { 0.0 } else { acc[(n - 1) * d + p] };
            u[p] = problem.utilities[p].clamp(sum);
        }
        if any_exact {
            for ((slot, exact), f) in u.iter_mut().zip(&c.exact).zip(&problem.utilities) {
                if *exact {
                    *slot = f.utility(digits);
                }
            }
        }
        if u.iter().zip(&c.thresholds).any(|(x, t)| x < t)
            || !c.cross.iter().all(|r| r.holds(digits))
        {
            continue;
        }
        acceptable += 1;
        if collect {
            points.extend_from_slice(&u);
            indices.push(odometer.index());
        }
    }
    if collect && !indices.is_empty() {
        let keep = skyline(Points::new(&points, d));
        let mut kept_points = Vec::with_capacity(keep.len() * d);
        let mut kept_indices = Vec::with_capacity(keep.len());
        for k in keep {
            kept_points.extend_from_slice(&points[k * d..(k + 1) * d]);
            kept_indices.push(indices[k]);
        }
        points = kept_points;
        indices = kept_indices;
    }
    ChunkResult {
        acceptable,
        points,
        indices,
    }
}

/// Streams the space (of `size` outcomes after the single-issue red lines): the acceptable count
/// and, when `collect`, the frontier as sub-indices of `c.sub`.
fn stream(
    problem: &Problem,
    c: &Compiled<'_>,
    size: u64,
    collect: bool,
) -> Result<(u64, Vec<f64>, Vec<u64>), AnalysisError> {
    let chunks = size.div_ceil(CHUNK);
    let mut acceptable = 0;
    let mut points = Vec::new();
    let mut indices = Vec::new();
    // Chunks are run a batch at a time so that the candidates held stay bounded: past
    // CANDIDATE_LIMIT they are cut to their skyline (the same points a cut at the end keeps),
    // and a skyline past MAX_FRONTIER ends the analysis. Batches do not depend on the thread
    // count, so neither does where it ends.
    let mut first = 0;
    while first < chunks {
        let last = chunks.min(first + BATCH);
        let results: Vec<ChunkResult> = (first..last)
            .into_par_iter()
            .map(|k| run_chunk(problem, c, k, collect))
            .collect();
        for r in results {
            acceptable += r.acceptable;
            points.extend(r.points);
            indices.extend(r.indices);
        }
        if collect && indices.len() > CANDIDATE_LIMIT {
            (points, indices) = keep_skyline(&points, &indices, c.d);
            within_cap(indices.len(), Some((last * CHUNK).min(size)))?;
        }
        first = last;
    }
    if collect && !indices.is_empty() {
        (points, indices) = keep_skyline(&points, &indices, c.d);
    }
    Ok((acceptable, points, indices))
}

/// Refuses a frontier of more than [`MAX_FRONTIER`] points (`seen`: the outcomes enumerated so
/// far, when the pass stopped early).
fn within_cap(points: usize, seen: Option<u64>) -> Result<(), AnalysisError> {
    if points > MAX_FRONTIER {
        return Err(AnalysisError::FrontierTooLarge {
            points: points as u64,
            seen,
        });
    }
    Ok(())
}

/// The skyline of `points` (rows of `d`) and their outcome indices, in their order.
fn keep_skyline(points: &[f64], indices: &[u64], d: usize) -> (Vec<f64>, Vec<u64>) {
    let keep = skyline(Points::new(points, d));
    let p = keep
        .iter()
        .flat_map(|&k| points[k * d..(k + 1) * d].iter().copied())
        .collect();
    (p, keep.iter().map(|&k| indices[k]).collect())
}

/// The issue-wise merge. Returns candidate outcomes (digits per issue) that include every
/// frontier outcome, or `None` when the partial frontiers grow past [`MERGE_LIMIT`] or it has
/// formed more than `budget` partial vectors in all.
fn merge(c: &Compiled<'_>, budget: u64) -> Option<Vec<Vec<u32>>> {
    let d = c.d;
    // Partial vectors and, per level, back-pointers (parent, value position).
    let mut sums: Vec<f64> = vec![0.0; d];
    let mut trail: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut alive: Vec<u32> = vec![0];
    let mut formed = 0u64;
    for (level, values) in c.sub.choices().iter().enumerate() {
        let count = alive.len() * values.len();
        formed += count as u64;
        if count > MERGE_LIMIT || formed > budget {
            return None;
        }
        let mut next = Vec::with_capacity(count * d);
        let mut from = Vec::with_capacity(count);
        for (j, _) in alive.iter().enumerate() {
            for k in 0..values.len() {
                for p in 0..d {
                    next.push(sums[j * d + p] + c.contrib[level][k * d + p]);
                }
                from.push((j as u32, k as u32));
            }
        }
        let keep = near_skyline(&next, d);
        sums = keep
            .iter()
            .flat_map(|&i| next[i * d..(i + 1) * d].iter().copied())
            .collect();
        trail.push(keep.iter().map(|&i| from[i]).collect());
        alive = (0..keep.len() as u32).collect();
    }
    // Walk the back-pointers to recover each candidate's values.
    let n = c.sub.choices().len();
    let mut out = Vec::with_capacity(alive.len());
    for mut j in alive {
        let mut digits = vec![0u32; n];
        for level in (0..n).rev() {
            let (parent, k) = trail[level][j as usize];
            digits[level] = c.sub.choices()[level][k as usize];
            j = parent;
        }
        out.push(digits);
    }
    Some(out)
}

/// Indices of points not dominated by more than [`MERGE_EPSILON`]: the exact skyline, plus any
/// point that a skyline point dominates only within the margin.
fn near_skyline(data: &[f64], d: usize) -> Vec<usize> {
    let points = Points::new(data, d);
    let exact = skyline(points);
    let mut by_first: Vec<(f64, usize)> = exact.iter().map(|&i| (points.get(i)[0], i)).collect();
    by_first.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut is_exact = vec![false; points.len()];
    exact.iter().for_each(|&i| is_exact[i] = true);
    let mut keep = exact;
    for (i, _) in is_exact.iter().enumerate().filter(|(_, e)| !**e) {
        let b = points.get(i);
        let lo = by_first.partition_point(|(x, _)| *x < b[0]);
        let close = by_first[lo..]
            .iter()
            .take_while(|(x, _)| *x <= b[0] + MERGE_EPSILON)
            .any(|&(_, j)| {
                points
                    .get(j)
                    .iter()
                    .zip(b)
                    .all(|(a, b)| *a >= *b && *a - *b <= MERGE_EPSILON)
            });
        if close {
            keep.push(i);
        }
    }
    keep.sort_unstable();
    keep
}

/// Which method [`frontier_with`] may use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// The issue-wise merge where it applies, streaming otherwise.
    #[default]
    Auto,
    /// Always stream (for verification and benchmarks).
    Stream,
}

/// The frontier of the acceptable outcomes under study.
pub fn frontier(problem: &Problem) -> Result<FrontierReport, AnalysisError> {
    frontier_with(problem, Choice::Auto)
}

/// The frontier, with the method chosen by `choice`.
pub fn frontier_with(problem: &Problem, choice: Choice) -> Result<FrontierReport, AnalysisError> {
    frontier_limited(problem, choice, super::search::NODE_LIMIT)
}

/// The frontier, with the method chosen by `choice` and a search (where one is needed) of at
/// most `node_limit` nodes.
pub fn frontier_limited(
    problem: &Problem,
    choice: Choice,
    node_limit: u64,
) -> Result<FrontierReport, AnalysisError> {
    frontier_reporting(problem, choice, node_limit, &|_, _| {})
}

/// [`frontier_limited`], telling `progress` how far a search has got (`(nodes, node_limit)`).
pub fn frontier_reporting(
    problem: &Problem,
    choice: Choice,
    node_limit: u64,
    progress: &dyn Fn(u64, u64),
) -> Result<FrontierReport, AnalysisError> {
    let c = compile(problem);
    let d = c.d;
    let additive =
        c.exact.iter().all(|&e| !e) && c.cross.is_empty() && d > 0 && choice == Choice::Auto;
    let countable = problem.subspace.enumerable().and(c.sub.enumerable());
    let too_large = || AnalysisError::TooLarge {
        size: problem.subspace.size(),
    };
    if !additive && countable.is_none() {
        return if c.cross.is_empty() && choice == Choice::Auto {
            super::search::search_reporting(problem, node_limit, progress)
        } else {
            Err(too_large())
        };
    }
    // Where only a search could follow, the merge may do as much work as the search's node limit
    // allows (`--search-nodes` bounds the whole analysis: at most the merge's share and then the
    // search's, about twice the limit's work), and the search keeps its whole limit.
    let budget = match countable {
        Some(_) => u64::MAX,
        None => node_limit.saturating_mul(MERGE_VECTORS_PER_NODE),
    };
    let merged = if additive { merge(&c, budget) } else { None };
    let (acceptable, pareto, method) = match merged {
        Some(candidates) => {
            let acceptable = match countable {
                Some(size) => Some(stream(problem, &c, size, false)?.0),
                None => None,
            };
            let mut data = Vec::with_capacity(candidates.len() * d);
            let mut kept = Vec::with_capacity(candidates.len());
            let mut u = vec![0.0; d];
            for digits in candidates {
                problem.utilities_into(&digits, &mut u);
                if u.iter().zip(&c.thresholds).all(|(x, t)| x >= t) {
                    data.extend_from_slice(&u);
                    kept.push(digits);
                }
            }
            let keep = if kept.is_empty() {
                Vec::new()
            } else {
                skyline(Points::new(&data, d))
            };
            within_cap(keep.len(), None)?;
            let deals: Vec<Deal> = keep
                .iter()
                .map(|&k| problem.deal(kept[k].clone()))
                .collect();
            (acceptable, deals, Method::IssueMerge)
        }
        None => {
            let Some(size) = countable else {
                return super::search::search_reporting(problem, node_limit, progress);
            };
            let (acceptable, _, indices) = stream(problem, &c, size, true)?;
            within_cap(indices.len(), None)?;
            let deals = indices
                .into_iter()
                .map(|i| problem.deal(c.sub.digits(i)))
                .collect();
            (Some(acceptable), deals, Method::Stream)
        }
    };
    Ok(FrontierReport {
        outcomes: problem.subspace.size(),
        acceptable,
        pareto: sorted(pareto),
        method,
        exhaustive: true,
    })
}

/// The frontier by brute force: every acceptable outcome against every other, as digits in
/// ascending order. For tests.
pub fn brute_force(problem: &Problem) -> (u64, Vec<Vec<u32>>) {
    let d = problem.utilities.len();
    let thresholds = problem.thresholds();
    let (cross, single) = problem.red_lines_by_reach();
    let mut data = Vec::new();
    let mut indices = Vec::new();
    let mut u = vec![0.0; d];
    let size = problem.subspace.enumerable().unwrap_or(0);
    let mut odometer = problem.subspace.odometer(0, size);
    while odometer.advance().is_some() {
        let digits = odometer.digits();
        problem.utilities_into(digits, &mut u);
        let ok = u.iter().zip(&thresholds).all(|(x, t)| x >= t)
            && cross.iter().all(|r| r.holds(digits))
            && single
                .iter()
                .all(|(i, allowed)| allowed[digits[*i] as usize]);
        if ok {
            data.extend_from_slice(&u);
            indices.push(digits.to_vec());
        }
    }
    let acceptable = indices.len() as u64;
    if indices.is_empty() {
        return (0, Vec::new());
    }
    let keep = super::skyline::brute_force(Points::new(&data, d));
    let mut frontier: Vec<Vec<u32>> = keep.into_iter().map(|k| indices[k].clone()).collect();
    frontier.sort_unstable();
    (acceptable, frontier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zone::tests::{RandomParty, scenario};
    use crate::provenance::Provenance;
    use crate::scenario::{RedLine, Scenario};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// Random scenarios of 2 to 5 parties, few distinct values (ties), single-issue red lines,
    /// fallbacks, and optionally a cross-issue red line.
    fn arb() -> impl Strategy<Value = (Scenario, bool, Vec<(usize, u32)>)> {
        (
            prop::collection::vec(1usize..5, 1..5),
            2usize..6,
            any::<bool>(),
            any::<u64>(),
        )
            .prop_flat_map(|(radices, parties, cross, seed)| {
                let party = (
                    radices
                        .iter()
                        .map(|&n| {
                            prop::collection::vec(
                                prop::sample::select(vec![0.0, 0.25, 0.5, 0.75, 1.0]),
                                n,
                            )
                        })
                        .collect::<Vec<_>>(),
                    prop::collection::vec(
                        (0..radices.len()).prop_flat_map({
                            let radices = radices.clone();
                            move |i| {
                                (
                                    Just(i),
                                    prop::collection::vec(prop::bool::weighted(0.8), radices[i]),
                                )
                            }
                        }),
                        0..2,
                    ),
                    prop::sample::select(vec![0.0, 0.2, 0.4]),
                );
                (
                    Just(radices),
                    prop::collection::vec(party, parties),
                    Just(cross),
                    Just(seed),
                )
            })
            .prop_map(
                |(radices, parties, cross, seed): (Vec<usize>, Vec<RandomParty>, bool, u64)| {
                    let mut s = scenario(radices.clone(), parties);
                    if cross && radices.len() >= 2 {
                        let a = vec![seed % 2 == 0; radices[0]];
                        let mut b = vec![false; radices[1]];
                        b[(seed as usize) % radices[1]] = true;
                        s.parties[0].red_lines.push(RedLine {
                            id: "cross".into(),
                            expr: String::new(),
                            description: String::new(),
                            constraint: Constraint::Any(vec![
                                Constraint::Allowed {
                                    issue: 0,
                                    allowed: a,
                                },
                                Constraint::Allowed {
                                    issue: 1,
                                    allowed: b,
                                },
                            ]),
                            provenance: Provenance::default(),
                        });
                    }
                    let fixes = if seed % 3 == 0 {
                        vec![(radices.len() - 1, 0)]
                    } else {
                        Vec::new()
                    };
                    (s, cross, fixes)
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        #[test]
        fn frontier_matches_brute_force((s, _cross, fixes) in arb()) {
            let mut problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            for (issue, value) in fixes {
                let text = format!("{}={}", s.issues[issue].id, s.issues[issue].value_id(value));
                problem.fix(&s.issues, &text).unwrap();
            }
            let report = frontier(&problem).unwrap();
            let (acceptable, brute) = brute_force(&problem);
            prop_assert_eq!(report.acceptable, Some(acceptable));
            let mut got: Vec<Vec<u32>> = report.pareto.iter().map(|d| d.digits.clone()).collect();
            got.sort_unstable();
            prop_assert_eq!(got, brute);
            // The frontier is listed by utility sum, descending.
            let sums: Vec<f64> = report.pareto.iter().map(|d| d.utilities.iter().sum()).collect();
            prop_assert!(sums.windows(2).all(|w| w[0] >= w[1]));
        }
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let radices = vec![10, 10, 10, 10, 10];
        let parties: Vec<RandomParty> = (0..3)
            .map(|p| {
                let tables = radices
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| {
                        (0..n)
                            .map(|v| ((v * 7 + i * 3 + p * 5) % 10) as f64 / 9.0)
                            .collect()
                    })
                    .collect();
                (tables, Vec::new(), 0.3)
            })
            .collect();
        let mut s = scenario(radices, parties);
        // A cross-issue red line forces the streaming path, over several chunks.
        s.parties[0].red_lines.push(RedLine {
            id: "x".into(),
            expr: String::new(),
            description: String::new(),
            constraint: Constraint::Any(vec![
                Constraint::Allowed {
                    issue: 0,
                    allowed: vec![true; 10],
                },
                Constraint::Allowed {
                    issue: 1,
                    allowed: vec![true; 10],
                },
            ]),
            provenance: Provenance::default(),
        });
        let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| frontier(&problem).unwrap())
        };
        let one = run(1);
        assert_eq!(one.method, Method::Stream);
        assert!(problem.subspace.size() > u128::from(2 * CHUNK));
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }
}

#[cfg(test)]
mod beyond_64_bits {
    use super::*;
    use crate::analysis::zone::tests::{RandomParty, scenario};
    use std::collections::BTreeSet;

    /// 25 issues of 10 values: 10^25 outcomes, more than a u64 indexes. The merge still finds
    /// the frontier, and every deal on it is a real outcome with the utilities it claims.
    #[test]
    fn additive_spaces_beyond_64_bits_merge() {
        let radices = vec![10; 25];
        let parties: Vec<RandomParty> = (0..2)
            .map(|p| {
                let mut rng = crate::rng::Stream::new(25, p);
                let tables = (0..25)
                    .map(|_| (0..10).map(|_| rng.unit()).collect())
                    .collect();
                (tables, Vec::new(), 0.2)
            })
            .collect();
        let s = scenario(radices, parties);
        let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
        assert_eq!(problem.subspace.size(), 10u128.pow(25));
        let report = frontier(&problem).unwrap();
        assert_eq!(report.method, Method::IssueMerge);
        assert_eq!(report.acceptable, None);
        assert!(report.exhaustive && !report.pareto.is_empty());
        for d in &report.pareto {
            assert_eq!(problem.deal(d.digits.clone()).utilities, d.utilities);
        }
    }
}
