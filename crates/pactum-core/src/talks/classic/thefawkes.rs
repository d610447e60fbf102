//! TheFawkes, the ANAC 2013 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::boa::model::{HardHeaded as FrequencyModel, OpponentModel};
use crate::talks::strategy::{Own, Strategy, View};

/// TheFawkes (ANAC 2013 winner; a BOA agent after Chen and Weiss's OMAC, 2012):
///
/// - **Reserved utility** `R(t) = rv + (1 − t^500)·(u_max·δ^0.2 − rv)`: a plateau at
///   `u_max·δ^0.2` (`δ` the discount over the whole talks) that falls to the fallback `rv` only in
///   the last hundredth of the time.
/// - **Offers.** Among the outcomes at or above `(1 − t/10 − c/(10·m))·R(t)` (`m` its offers so
///   far, `c` a counter starting at 1), the one its frequency model rates best for the others;
///   when its last ten offers were all worth exactly what that one is worth to it, the runner-up
///   instead, and `c` grows by one. Its best outcome until the others have made two offers.
/// - **Model.** A frequency model: issue weights start at `1/n`, value counts at 1; from a party's
///   second offer every issue whose value did not change gains `0.8/n` before the weights are
///   renormalised, and each offered value gains 1 (HardHeaded's model with learning rate 0.8).
/// - **Acceptance** (AC_combi with an average floor): never an offer worth less than the mean
///   of its outcomes; else one at least as good as its next offer; from one gap between the
///   others' offers before the end (its last two rounds) also the best offer of the last ten.
///
/// What pactum chose: the agent predicted the others' concession with a wavelet transform and a
/// smoothing spline (OMAC's steps 2–4), but as published the prediction is zero once an
/// opponent has made eight offers (the spline is fitted to the wavelet coefficients, with a
/// stray point at the origin), so the agent's target is `R(t)` from then on, and before then it
/// offers its best outcome: pactum plays that target from the start. The gap between the
/// others' offers is one round, so its time-window acceptance starts one round before the last
/// and looks back ten rounds; the mean of its outcomes is exact for additive preferences, over
/// its ranking otherwise; with several opponents its model's estimate is their mean; at most 4,096
/// candidates, evenly spaced over its ranking, are rated; it never offers or accepts below its
/// fallback.
pub struct TheFawkes {
    model: FrequencyModel,
    /// The slots of the others who have offered.
    others: Vec<usize>,
    /// Offers received: `(round read, utility)`.
    received: Vec<(u32, f64)>,
    seen: usize,
    /// Its own offers so far.
    offered: u32,
    /// Its utilities of its last ten offers.
    last_ten: std::collections::VecDeque<f64>,
    /// The counter of runner-up offers (`c`).
    second_best: u32,
    /// Its last offer.
    last: Option<OutcomeIndex>,
    /// The offer it worked out this turn.
    planned: super::TurnPlan<OutcomeIndex>,
    digits: Vec<u32>,
    /// The mean utility of its outcomes, found once.
    mean: Option<f64>,
}

/// Candidates its model rates per offer, evenly spaced over those above its bound.
const CANDIDATES: usize = 4096;
/// The model's learning coefficient (TheFawkes_OM).
const LEARN: f64 = 0.8;

impl Default for TheFawkes {
    fn default() -> Self {
        Self::new()
    }
}

impl TheFawkes {
    /// TheFawkes as it played ANAC 2013.
    pub fn new() -> Self {
        Self {
            model: FrequencyModel::new(LEARN, 1.0),
            others: Vec::new(),
            received: Vec::new(),
            seen: 0,
            offered: 0,
            last_ten: std::collections::VecDeque::new(),
            second_best: 1,
            last: None,
            planned: super::TurnPlan::new(),
            digits: Vec::new(),
            mean: None,
        }
    }

    /// The reserved utility at time `t` for a best of `u_max`, fallback `rv` and discount `delta`.
    pub fn reserved(t: f64, u_max: f64, rv: f64, delta: f64) -> f64 {
        rv + (1.0 - t.clamp(0.0, 1.0).powi(500)) * (u_max * delta.powf(0.2) - rv)
    }

    /// The least it offers at time `t`, before the fallback floor: the reserved utility less
    /// a tenth of the time and the inertia of its runner-up offers.
    pub fn lower_bound(t: f64, reserved: f64, second_best: u32, offered: u32) -> f64 {
        let inertia = f64::from(second_best) / (10.0 * f64::from(offered.max(1)));
        (1.0 - t / 10.0 - inertia) * reserved
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.digits.resize(own.space.issue_count(), 0);
        let t = view.time();
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            if !self.others.contains(&p) {
                self.others.push(p);
            }
            own.space.decode_into(o, &mut self.digits);
            self.model.observe(own, p, &self.digits, t);
            self.received.push((view.round, own.utility_of(o)));
        }
        self.seen = view.offers.len();
    }

    fn next(&mut self, own: &Own, view: &View<'_>) -> Option<OutcomeIndex> {
        if let Some(o) = self.planned.get(view) {
            return Some(o);
        }
        let o = self.choose(own, view)?;
        Some(self.planned.set(view, o))
    }

    fn choose(&mut self, own: &Own, view: &View<'_>) -> Option<OutcomeIndex> {
        let best = own.sorted().first()?.1;
        // Its opening offers do not pass through its choice of offers (the agent's OMS), so
        // they do not count among its last ten.
        if self.offered == 0 || self.received.len() <= 1 {
            return Some(best);
        }
        let t = view.time();
        let r = Self::reserved(
            t,
            own.best(),
            own.fallback,
            super::whole_talks_discount(own, view),
        );
        let bound = Self::lower_bound(t, r, self.second_best, self.offered).max(own.fallback);
        let end = own.sorted().partition_point(|x| x.0 >= bound - 1e-12);
        if end == 0 {
            return self.last.or(Some(best));
        }
        let stride = end.div_ceil(CANDIDATES).max(1);
        // Rated best for the others first; ties keep its own order (its utility, then index).
        let mut rated: Vec<(f64, usize)> = (0..end)
            .step_by(stride)
            .map(|k| {
                let e =
                    super::mean_estimate(&self.model, &self.others, own, k, &mut self.digits, 0.5);
                (e, k)
            })
            .collect();
        rated.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let first = own.sorted()[rated[0].1];
        let repeating = self.last_ten.iter().all(|&u| u == first.0);
        let pick = if repeating && rated.len() > 1 {
            self.second_best += 1;
            own.sorted()[rated[1].1]
        } else {
            first
        };
        self.last_ten.push_back(pick.0);
        if self.last_ten.len() > 10 {
            self.last_ten.pop_front();
        }
        Some(pick.1)
    }

    /// The mean utility of every outcome: exact, issue by issue, for additive preferences;
    /// else the mean over its ranking (every outcome within its red lines, or its ladder).
    fn mean_utility(&mut self, own: &Own) -> f64 {
        *self.mean.get_or_insert_with(|| {
            if own.utility.is_additive() {
                let sum: f64 = own
                    .utility
                    .tables()
                    .iter()
                    .map(|t| t.iter().sum::<f64>() / t.len().max(1) as f64)
                    .sum();
                return own.utility.clamp(sum);
            }
            let n = own.sorted().len().max(1) as f64;
            own.sorted().iter().map(|x| x.0).sum::<f64>() / n
        })
    }
}

impl Strategy for TheFawkes {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        let o = self.next(own, view)?;
        self.offered += 1;
        self.last = Some(o);
        Some(o)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback || u < self.mean_utility(own) {
            return false;
        }
        let next = self
            .next(own, view)
            .map_or(f64::INFINITY, |o| own.utility_of(o));
        if u >= next {
            return true;
        }
        // The others' offers come a round apart: its window opens one round before the last.
        if view.round + 1 >= view.deadline {
            let from = view.round.saturating_sub(10);
            let recent = self
                .received
                .iter()
                .filter(|(round, _)| *round > from)
                .map(|x| x.1)
                .fold(f64::NEG_INFINITY, f64::max);
            return u >= recent;
        }
        false
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}
