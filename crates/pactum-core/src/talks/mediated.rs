//! The mediated single-text protocol (first version).
//!
//! 1. **Caucus.** The mediator meets each party privately — at the timeline's caucus events
//!    first, in timeline order, then the parties it has not met — and learns only what the
//!    party's disclosure policy reveals: red lines, a ranking of issues and options, the
//!    fallback, or the whole utility function. From that it builds an estimate of each party's
//!    utility.
//! 2. **Rounds.** The mediator drafts one complete text: among the texts that respect every red
//!    line it knows, the one with the best weighted Nash score of its estimates. Every party
//!    answers. A party accepts only a text that crosses none of its own (unrelaxed) red lines and
//!    whose discounted utility reaches both its current fallback and its aspiration, which falls
//!    linearly from its best text to its fallback by the deadline. A rejection names the red
//!    lines crossed and up to two issues the party objects to.
//! 3. **Revision.** The mediator learns any red line named to it and gives more weight to the
//!    parties that rejected, so the next text leans towards them. It also reads each answer as
//!    a bound on what the party needs, in its estimate's terms: more than the text it rejected,
//!    at most the text it accepted; that bound replaces the party's disagreement point in the
//!    Nash score until the next answer. Without it the mediator, seeing rankings only, flipped
//!    `inheritance`'s house between the heirs and settled at 0.63 of the Nash product; with it
//!    it reaches the Nash deal (and `car-purchase` 0.98 instead of 0.82; the relaxed flagship
//!    is unchanged — `cargo test -p pactum-formats --test protocols nash_mediator`).
//!    When no text beats every party's bound at once, the bounds are pulled back towards the
//!    fallbacks (`FLOOR_KEPT`) rather than letting every text but the extremes score alike.
//!    A rejected text is held back while what the mediator reads from the answers (`Reading`)
//!    stays as it was right after the rejection.
//!    Objections are recorded for the parties and the reader; lowering the mediator's estimates
//!    by them made the agreements drift away from the Nash point in every bundled scenario
//!    (measured), so they do not steer it.
//! 4. The talks end in agreement when every party accepts the same text; in breakdown when the
//!    red lines the mediator knows leave no text at all (after three attempts), or at the
//!    deadline. Without agreement each party gets its fallback at the last round.

use super::Ending;
use super::event::{Answer, Disclosed, Event, Sink, Speaker};
use super::plan::Plan;
use super::session::Session;
use crate::redline::Constraint;
use crate::rng::Stream;
use crate::scenario::Scenario;
use crate::space::OutcomeIndex;
use crate::space::OutcomeSpace;
use std::collections::{BTreeMap, BTreeSet};

/// Stream id of the mediator's tie-breaking draws.
const MEDIATOR_STREAM: u64 = 1;
/// How much more the mediator weighs a party after each rejection.
const REJECTION_BOOST: f64 = 1.3;
/// How much of the answers' floors the mediator keeps when no text beats them all: that share
/// of the furthest point some text still beats. Measured with `cargo test -p pactum-formats
/// --test protocols nash_mediator`: from 0.7 to 0.8 every bundled case gives the same agreement;
/// 0.5 took car-purchase from 0.98 to 0.82 of the Nash product, 0.85 inheritance from 1 to 0.69.
const FLOOR_KEPT: f64 = 0.75;
/// Attempts before the mediator declares disclosed red lines irreconcilable.
const ATTEMPTS_BEFORE_GIVING_UP: u32 = 3;

struct Knowledge {
    /// Red lines it knows: (index in the party's scenario red lines, constraint).
    red_lines: Vec<(usize, Constraint)>,
    estimate: Vec<Vec<f64>>,
    fallback: f64,
    /// What the party's last answer says it needs, in the estimate's terms: more than the text
    /// it last rejected, or at most the text it last accepted.
    floor: f64,
    weight: f64,
    /// Rejections so far: the weight is `REJECTION_BOOST` to this power.
    rejections: u32,
}

/// What the mediator reads from the parties' answers so far: the red lines it knows, what each
/// answer says the party needs, and how far it leans to each. A rejected text is held back while
/// this stays as it was after the rejection: "never re-tables a text a party has rejected unless
/// something changed" made exact.
#[derive(Clone, Debug, PartialEq)]
struct Reading {
    red_lines: usize,
    floors: Vec<f64>,
    /// How many rejections each party is behind the most rejecting one: the lean, exactly
    /// (weights divided by the largest drift in the last place as they grow: 1.3⁵/1.3⁶ and
    /// 1.3⁷/1.3⁸ differ by one unit there, which read as a change that was none).
    lean: Vec<u32>,
}

impl Reading {
    fn of(knowledge: &[Knowledge]) -> Reading {
        let most = knowledge.iter().map(|k| k.rejections).max().unwrap_or(0);
        Reading {
            red_lines: knowledge.iter().map(|k| k.red_lines.len()).sum(),
            floors: knowledge.iter().map(|k| k.floor).collect(),
            lean: knowledge.iter().map(|k| most - k.rejections).collect(),
        }
    }
}

/// A text's last rejection: when, by whom, and what the mediator read right after it.
struct Rejection {
    round: u32,
    by: Vec<usize>,
    reading: Reading,
}

/// Runs the talks on a prepared session.
pub fn run(session: &Session, plan: &Plan, sink: &mut dyn Sink) -> Ending {
    let scenario = &session.scenario;
    let space = &session.space;
    let n = session.parties.len();
    // Best utility among texts that cross none of its red lines (0 if none is positive).
    let ideals: Vec<f64> = session.owns.iter().map(|o| o.best().max(0.0)).collect();

    let mut met: Vec<(usize, Knowledge)> = Vec::new();
    for slot in caucus_order(scenario, &session.indices) {
        let (k, disclosed) = caucus(session, slot);
        let p = session.indices[slot];
        let timeline = scenario.timeline.iter().position(|e| e.caucus == Some(p));
        sink.event(&Event::Caucus {
            party: slot,
            timeline,
            disclosed,
        });
        met.push((slot, k));
    }
    // Caucus order is the meeting order; work in slot order from here on.
    met.sort_by_key(|(slot, _)| *slot);
    let mut knowledge: Vec<Knowledge> = met.into_iter().map(|(_, k)| k).collect();

    let mut rng = Stream::new(plan.seed, MEDIATOR_STREAM);
    let mut previous: Option<Vec<u32>> = None;
    let mut infeasible_attempts = 0;
    // Every text rejected so far, with the reading right after its last rejection.
    let mut rejections: BTreeMap<OutcomeIndex, Rejection> = BTreeMap::new();
    let deadline = plan.rounds.max(1);
    for round in 1..=deadline {
        let reading = Reading::of(&knowledge);
        let held_back: BTreeSet<OutcomeIndex> = rejections
            .iter()
            .filter(|(_, r)| r.reading == reading)
            .map(|(index, _)| *index)
            .collect();
        let drafted = draft(space, &knowledge, &held_back, &mut rng);
        let again = rejections
            .get(&space.encode(&drafted.text))
            .map(|r| Again::of(r, &reading));
        let why = why(session, &knowledge, &drafted, again.as_ref(), round);
        let (text, feasible) = (drafted.text, drafted.feasible);
        let index = space.encode(&text);
        let revised: Vec<usize> = match &previous {
            Some(prev) => prev
                .iter()
                .zip(&text)
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        sink.event(&Event::Offer {
            round,
            from: Speaker::Mediator,
            outcome: index,
            revised,
        });
        sink.event(&Event::Reason { round, why });
        let answers: Vec<(bool, Answer)> = (0..n)
            .map(|slot| respond(session, slot, ideals[slot], &text, index, round, deadline))
            .collect();
        for (accept, answer) in &answers {
            sink.event(&Event::answer(*accept, round, answer.clone()));
        }

        if answers.iter().all(|(a, _)| *a) {
            sink.event(&Event::Agreement {
                round,
                outcome: index,
            });
            let (utilities, discounted) = session.utilities(&text, round, deadline);
            return Ending::Agreement {
                round,
                outcome: text,
                utilities,
                discounted,
            };
        }

        learn(session, &mut knowledge, &answers, &text);
        // A rejected text comes back once the answers to another change the reading: parties'
        // demands fall towards the deadline, and a text refused early is often the right one
        // later. Holding rejected texts back for longer lowered the agreements over deadlines
        // 8 to 40 (docs/talks.md gives the measurements): every text rejected by all until a
        // party accepts something took car-purchase from 0.98 to 0.82 of the Nash product and
        // supply-contract from 0.82 to 0.37; the last three rejected, 0.77 and 0.63.
        let by: Vec<usize> = (0..n).filter(|&slot| !answers[slot].0).collect();
        rejections.insert(
            index,
            Rejection {
                round,
                by,
                reading: Reading::of(&knowledge),
            },
        );
        if !feasible {
            infeasible_attempts += 1;
            let all_known = (0..n).all(|slot| {
                session.red_lines[slot]
                    .iter()
                    .all(|k| knowledge[slot].red_lines.iter().any(|(j, _)| j == k))
            });
            if infeasible_attempts >= ATTEMPTS_BEFORE_GIVING_UP && all_known {
                let named: Vec<String> = (0..n)
                    .flat_map(|slot| {
                        let party = &scenario.parties[session.indices[slot]];
                        knowledge[slot]
                            .red_lines
                            .iter()
                            .map(move |(k, _)| format!("{}.{}", party.id, party.red_lines[*k].id))
                    })
                    .collect();
                let reason = format!(
                    "no text respects every red line on the table ({}); the mediator gave up after {} texts",
                    named.join(", "),
                    round
                );
                return session.break_down(sink, round, reason);
            }
        } else {
            infeasible_attempts = 0;
        }
        previous = Some(text);
    }
    sink.event(&Event::Deadline { round: deadline });
    let reason =
        format!("the deadline of {deadline} rounds passed without a text every party accepts");
    session.break_down(sink, deadline, reason)
}

/// Slots in the order the mediator meets them.
fn caucus_order(scenario: &Scenario, party_ids: &[usize]) -> Vec<usize> {
    let mut order = Vec::new();
    for event in &scenario.timeline {
        if let Some(p) = event.caucus
            && let Some(slot) = party_ids.iter().position(|&q| q == p)
            && !order.contains(&slot)
        {
            order.push(slot);
        }
    }
    for slot in 0..party_ids.len() {
        if !order.contains(&slot) {
            order.push(slot);
        }
    }
    order
}

/// What the mediator learns from one party in private.
fn caucus(session: &Session, slot: usize) -> (Knowledge, Vec<Disclosed>) {
    let party = &session.scenario.parties[session.indices[slot]];
    let space = &session.space;
    let policy = party.disclosure;
    let mut disclosed = Vec::new();
    let tables = session.owns[slot].utility.tables();
    let estimate: Vec<Vec<f64>> = if policy.preferences {
        disclosed.push(Disclosed::Preferences);
        tables.to_vec()
    } else if policy.priorities {
        disclosed.push(Disclosed::Priorities);
        ranked_estimate(&party.preferences.priorities(), tables, space)
    } else {
        space
            .radices()
            .iter()
            .map(|&r| vec![0.5 / space.issue_count().max(1) as f64; r as usize])
            .collect()
    };
    let red_lines = if policy.red_lines {
        disclosed.push(Disclosed::RedLines);
        session.red_lines[slot]
            .iter()
            .map(|&k| (k, party.red_lines[k].constraint.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let fallback = if policy.fallback && !session.fallback_relaxed(slot) {
        disclosed.push(Disclosed::Fallback);
        session.fallback_at(slot, 1)
    } else {
        0.0
    };
    (
        Knowledge {
            red_lines,
            estimate,
            fallback,
            floor: fallback,
            weight: 1.0,
            rejections: 0,
        },
        disclosed,
    )
}

/// An estimate from rankings alone: rank-order-centroid issue weights, and option values spread
/// evenly by rank (best 1, worst 0; equal options share a rank).
fn ranked_estimate(
    priorities: &[usize],
    tables: &[Vec<f64>],
    space: &OutcomeSpace,
) -> Vec<Vec<f64>> {
    let k = priorities.len();
    let mut estimate: Vec<Vec<f64>> = space
        .radices()
        .iter()
        .map(|&r| vec![0.0; r as usize])
        .collect();
    for (rank, &issue) in priorities.iter().enumerate() {
        let weight: f64 = (rank + 1..=k).map(|j| 1.0 / j as f64).sum::<f64>() / k as f64;
        let column = &tables[issue];
        // Adding 0.0 makes −0.0 into 0.0, so that the order below and equality agree.
        let mut distinct: Vec<f64> = column.iter().map(|v| v + 0.0).collect();
        distinct.sort_by(|a, b| b.total_cmp(a));
        distinct.dedup();
        let levels = distinct.len().saturating_sub(1).max(1) as f64;
        for (d, v) in column.iter().enumerate() {
            // The rank by binary search: a scan per value was quadratic in the issue's values
            // (a 10^6-value issue took 511 s under the Nash mediator, now under a second).
            let r = distinct.partition_point(|x| x.total_cmp(&(v + 0.0)).is_gt()) as f64;
            estimate[issue][d] = weight * (1.0 - r / levels);
        }
    }
    estimate
}

/// A party's utility of `d` by the mediator's estimate.
fn estimate(k: &Knowledge, d: &[u32]) -> f64 {
    k.estimate.iter().zip(d).map(|(t, &v)| t[v as usize]).sum()
}

/// The mediator's next text, whether it respects every red line the mediator knows, and how
/// many rejected texts it left out. A text in `rejected` (rejected, and nothing the mediator
/// reads has changed since) is not tabled again unless nothing else is left.
fn draft(
    space: &OutcomeSpace,
    knowledge: &[Knowledge],
    rejected: &BTreeSet<OutcomeIndex>,
    rng: &mut Stream,
) -> Drafted {
    // The rules give way, the guard against maximal demands last, when nothing else is left.
    let none = BTreeSet::new();
    for (excluded, guard) in [
        (rejected, true),
        (&none, true),
        (rejected, false),
        (&none, false),
    ] {
        if let Some((text, feasible, eased)) = draft_among(space, knowledge, excluded, guard, rng) {
            return Drafted {
                text,
                feasible,
                left_out: excluded.len(),
                held_back_ignored: (excluded.len() < rejected.len()).then_some(if guard {
                    "no other text is left that is not one side's maximal demand while it leaves another below what it needs"
                } else {
                    "no other text is left"
                }),
                eased,
            };
        }
    }
    Drafted {
        text: vec![0; space.issue_count()],
        feasible: false,
        left_out: 0,
        held_back_ignored: (!rejected.is_empty()).then_some("no other text is left"),
        eased: false,
    }
}

/// A text the mediator drafted, and what shaped the choice.
struct Drafted {
    text: Vec<u32>,
    /// It crosses none of the red lines the mediator knows.
    feasible: bool,
    /// How many rejected texts were held back.
    left_out: usize,
    /// Why the texts to hold back were not: what else was left.
    held_back_ignored: Option<&'static str>,
    /// No text beat every party's floor, so the floors were pulled back.
    eased: bool,
}

/// How many of the red lines the mediator knows `d` crosses.
fn crossings(knowledge: &[Knowledge], d: &[u32]) -> usize {
    knowledge
        .iter()
        .map(|k| k.red_lines.iter().filter(|(_, c)| !c.holds(d)).count())
        .sum()
}

fn draft_among(
    space: &OutcomeSpace,
    knowledge: &[Knowledge],
    excluded: &BTreeSet<OutcomeIndex>,
    guard: bool,
    rng: &mut Stream,
) -> Option<(Vec<u32>, bool, bool)> {
    // Each party's maximal demand as the mediator sees it: its best estimate among the texts
    // crossing the fewest red lines known (the texts the mediator chooses from).
    let mut demand = vec![f64::NEG_INFINITY; knowledge.len()];
    let mut fewest = usize::MAX;
    let mut scan = space.odometer(0, space.size());
    while guard && scan.advance().is_some() {
        let d = scan.digits();
        let c = crossings(knowledge, d);
        if c < fewest {
            fewest = c;
            demand.iter_mut().for_each(|m| *m = f64::NEG_INFINITY);
        }
        if c == fewest {
            for (m, k) in demand.iter_mut().zip(knowledge) {
                *m = m.max(estimate(k, d));
            }
        }
    }
    // The texts the mediator may table: not held back, and no one side's maximal demand at
    // another's expense. On the flagship the mediator, having learned Russia's red line, tabled
    // Russia's best text (Russia 1.0, Ukraine 0.045), since every text it then allowed was below
    // Ukraine's floor alike.
    let floors: Vec<f64> = knowledge.iter().map(|k| k.fallback.max(k.floor)).collect();
    let eligible = |index: OutcomeIndex, u: &[f64]| {
        if excluded.contains(&index) {
            return false;
        }
        let maximal = (0..u.len()).any(|p| {
            u[p] >= demand[p] - 1e-12 && (0..u.len()).any(|q| q != p && u[q] <= floors[q])
        });
        !(guard && maximal && knowledge.len() > 1)
    };
    let estimates = |d: &[u32]| -> Vec<f64> { knowledge.iter().map(|k| estimate(k, d)).collect() };

    // How far the answers' floors can be kept. When no eligible text beats every party's floor
    // at once (both sides rejected a text on the estimated frontier), scoring against the full
    // floors gives every text but the extremes the same −∞, and the mediator swung between the
    // two sides' best texts (relaxed flagship with Washington's backing for both sides: 0.24 of
    // the Nash product). Instead the floors are pulled back towards the fallbacks, halfway to
    // the furthest point some eligible text still beats.
    let reach = |u: &[f64]| -> f64 {
        knowledge
            .iter()
            .zip(u)
            .zip(&floors)
            .filter(|((k, _), f)| **f > k.fallback + 1e-12)
            .map(|((k, u), f)| (u - k.fallback) / (f - k.fallback))
            .fold(f64::INFINITY, f64::min)
    };
    let mut furthest: Option<(usize, f64)> = None;
    let mut odometer = space.odometer(0, space.size());
    while let Some((index, _)) = odometer.advance() {
        let d = odometer.digits();
        let u = estimates(d);
        if !eligible(index, &u) {
            continue;
        }
        let c = crossings(knowledge, d);
        let r = reach(&u);
        furthest = match furthest {
            Some((fc, fr)) if fc < c || (fc == c && fr >= r) => Some((fc, fr)),
            _ => Some((c, r)),
        };
    }
    let kept = match furthest {
        None => return None,
        Some((_, r)) if r > 1.0 + 1e-12 => 1.0,
        Some((_, r)) => (r * FLOOR_KEPT).max(0.0),
    };
    let points: Vec<f64> = knowledge
        .iter()
        .zip(&floors)
        .map(|(k, f)| k.fallback + kept * (f - k.fallback).max(0.0))
        .collect();

    let mut best: Option<(usize, f64)> = None;
    let mut ties: Vec<OutcomeIndex> = Vec::new();
    let mut odometer = space.odometer(0, space.size());
    while let Some((index, _)) = odometer.advance() {
        let d = odometer.digits();
        let u = estimates(d);
        if !eligible(index, &u) {
            continue;
        }
        let crossed = crossings(knowledge, d);
        let score: f64 = knowledge
            .iter()
            .zip(&u)
            .zip(&points)
            .map(|((k, u), point)| k.weight * (u - point).max(1e-6).ln())
            .sum();
        let better = match best {
            None => true,
            Some((c, s)) => crossed < c || (crossed == c && score > s + 1e-12),
        };
        let tie = matches!(best, Some((c, s)) if crossed == c && (score - s).abs() <= 1e-12);
        if better {
            best = Some((crossed, score));
            ties.clear();
            ties.push(index);
        } else if tie {
            ties.push(index);
        }
    }
    let pick = match ties.len() {
        0 => return None,
        1 => ties[0],
        n => ties[rng.below(n as u64) as usize],
    };
    Some((
        space.decode(pick),
        best.is_some_and(|(c, _)| c == 0),
        kept < 1.0,
    ))
}

/// A party's answer to the text: it accepts a text that crosses none of its red lines and whose
/// discounted utility reaches both its fallback and its aspiration.
fn respond(
    session: &Session,
    slot: usize,
    ideal: f64,
    text: &[u32],
    index: OutcomeIndex,
    round: u32,
    deadline: u32,
) -> (bool, Answer) {
    let crossed = session.crossed(slot, text);
    let own = &session.owns[slot];
    let utility = own.utility.utility(text);
    let fallback = session.fallback_at(slot, round);
    let t = round - 1;
    let progress = if deadline > 1 {
        f64::from(t) / f64::from(deadline - 1)
    } else {
        1.0
    };
    let aspiration = fallback + (ideal - fallback).max(0.0) * (1.0 - progress);
    let discount = session.discount_at(slot, round, deadline);
    // Compare in undiscounted terms: the text must be worth the threshold once discounted.
    let threshold = if discount > 0.0 {
        aspiration.max(fallback) / discount
    } else {
        f64::INFINITY
    };
    let accept = crossed.is_empty() && utility + 1e-12 >= threshold;
    let party = &session.scenario.parties[session.indices[slot]];
    let mut objections: Vec<usize> = crossed
        .iter()
        .flat_map(|&k| party.red_lines[k].constraint.issues())
        .collect();
    objections.sort_unstable();
    objections.dedup();
    if !accept && objections.is_empty() {
        // The issues where the text costs the party most against its best value.
        let tables = own.utility.tables();
        let mut losses: Vec<(usize, f64)> = tables
            .iter()
            .zip(text)
            .enumerate()
            .map(|(i, (t, &d))| (i, t.iter().copied().fold(0.0, f64::max) - t[d as usize]))
            .filter(|(_, loss)| *loss > 1e-12)
            .collect();
        losses.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        objections = losses.iter().take(2).map(|(i, _)| *i).collect();
    }
    (
        accept,
        Answer {
            party: slot,
            outcome: index,
            utility,
            against: threshold.min(1e9),
            red_lines: crossed,
            objections: if accept { Vec::new() } else { objections },
        },
    )
}

/// A text tabled again: its last rejection, and what the mediator has read since.
struct Again {
    round: u32,
    by: Vec<usize>,
    red_lines_learned: usize,
    /// Parties whose floor or lean moved since.
    moved: Vec<usize>,
}

impl Again {
    fn of(rejection: &Rejection, now: &Reading) -> Again {
        let then = &rejection.reading;
        let moved = (0..now.floors.len())
            .filter(|&slot| {
                now.floors[slot] != then.floors[slot] || now.lean[slot] != then.lean[slot]
            })
            .collect();
        Again {
            round: rejection.round,
            by: rejection.by.clone(),
            red_lines_learned: now.red_lines - then.red_lines,
            moved,
        }
    }
}

/// Why the mediator tabled this text, in words for the record.
fn why(
    session: &Session,
    knowledge: &[Knowledge],
    drafted: &Drafted,
    again: Option<&Again>,
    round: u32,
) -> String {
    let (feasible, left_out) = (drafted.feasible, drafted.left_out);
    let scenario = &session.scenario;
    let known: Vec<String> = knowledge
        .iter()
        .enumerate()
        .flat_map(|(slot, k)| {
            let party = &scenario.parties[session.indices[slot]];
            k.red_lines
                .iter()
                .map(move |(j, _)| format!("{}.{}", party.id, party.red_lines[*j].id))
        })
        .collect();
    let mut out = if feasible {
        format!(
            "the best Nash score of the mediator's estimates among the texts crossing none of the {} red line{} it knows{}",
            known.len(),
            if known.len() == 1 { "" } else { "s" },
            if known.is_empty() {
                String::new()
            } else {
                format!(" ({})", known.join(", "))
            }
        )
    } else {
        format!(
            "no text respects every red line it knows ({}): the text crossing the fewest, with the best Nash score",
            known.join(", ")
        )
    };
    let leaning: Vec<String> = knowledge
        .iter()
        .enumerate()
        .filter(|(_, k)| k.weight > 1.0)
        .map(|(slot, k)| {
            format!(
                "{} (weight {})",
                scenario.parties[session.indices[slot]].id,
                crate::number::trim(k.weight, 2)
            )
        })
        .collect();
    if !leaning.is_empty() {
        out.push_str(&format!(
            "; leaning to the parties that rejected: {}",
            leaning.join(", ")
        ));
    }
    let id = |slot: usize| scenario.parties[session.indices[slot]].id.as_str();
    let names = |slots: &[usize]| slots.iter().map(|&s| id(s)).collect::<Vec<_>>().join(", ");
    if let Some(again) = again {
        let mut since = Vec::new();
        if again.red_lines_learned > 0 {
            since.push(format!(
                "it learned {} red line{}",
                again.red_lines_learned,
                if again.red_lines_learned == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        if !again.moved.is_empty() {
            since.push(format!(
                "the answers to later texts changed what it reads {} to need",
                names(&again.moved)
            ));
        }
        out.push_str(&format!(
            "; tabled again: {} rejected it in round {}, {}",
            names(&again.by),
            again.round,
            if let (true, Some(left)) = (since.is_empty(), drafted.held_back_ignored) {
                format!("and nothing has changed since, but {left}")
            } else if since.is_empty() {
                // Not reached: the text would have been held back.
                "and nothing has changed since".to_string()
            } else {
                format!("and since then {}", since.join(" and "))
            }
        ));
    }
    if left_out > 0 {
        out.push_str(&format!(
            "; {left_out} text{} rejected, with nothing changed since, left out",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    if drafted.eased {
        out.push_str(&format!(
            "; no text gives every party what its answers so far ask, so it asked {}% of as much as some text still gives",
            crate::number::trim(FLOOR_KEPT * 100.0, 0)
        ));
    }
    if round == 1 {
        out.push_str("; after the caucuses");
    }
    out
}

fn learn(session: &Session, knowledge: &mut [Knowledge], answers: &[(bool, Answer)], text: &[u32]) {
    for (slot, (k, (accept, answer))) in knowledge.iter_mut().zip(answers).enumerate() {
        let estimated: f64 = k
            .estimate
            .iter()
            .zip(text)
            .map(|(t, &v)| t[v as usize])
            .sum();
        if *accept {
            k.floor = k.floor.min(estimated);
            continue;
        }
        k.floor = estimated;
        k.weight *= REJECTION_BOOST;
        k.rejections += 1;
        let party = &session.scenario.parties[session.indices[slot]];
        for &id in &answer.red_lines {
            if !k.red_lines.iter().any(|(j, _)| *j == id) {
                k.red_lines
                    .push((id, party.red_lines[id].constraint.clone()));
            }
        }
    }
}
