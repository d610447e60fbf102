//! Acceptance conditions: whether to take the offer on the table.
//!
//! From Baarslag, Hindriks and Jonker, "Effective acceptance conditions in bilateral automated
//! negotiation" (Decision Support Systems 60, 2014), as GENIUS's BOA framework names them. Every
//! condition reads one [`Moment`]; the BOA agent itself never accepts an offer below its
//! fallback, whatever a condition says (a utility-maximising party would rather walk away).
//!
//! With several other parties, "the opponent's offers" are all of theirs: the window conditions
//! look at every offer any other party made, as each of them is a proposal the agent could have
//! had agreed instead.

/// What an acceptance condition sees when it decides.
pub struct Moment<'a> {
    /// The round, from 1.
    pub round: u32,
    /// Relative time, 0 at the first round, 1 at the last.
    pub time: f64,
    /// What an agreement at the deadline is worth against one now, `discount^(deadline − 1)`:
    /// GENIUS's discount factor (1 when undiscounted).
    pub discount: f64,
    /// The agent's utility of the offer on the table.
    pub offer: f64,
    /// The utility of the offer it would make next, if it rejects.
    pub next: f64,
    /// The utility of the last offer it made (none before its first).
    pub previous: Option<f64>,
    /// `(time, utility)` of every offer the other parties made, oldest first (the one on the
    /// table last).
    pub received: &'a [(f64, f64)],
}

/// An acceptance condition.
pub trait Acceptance: Send {
    /// Whether to accept the offer of `moment`.
    fn accept(&mut self, moment: &Moment<'_>) -> bool;
    /// For a condition that tests others side by side ([`Mac`]): what each of them decided.
    fn verdicts(&self) -> Vec<Verdict> {
        Vec::new()
    }
}

/// What one of the conditions a [`Mac`] tests decided in a negotiation.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The condition, as a component spec (`combiv4(a=1,b=0,c=1,d=0,e=0.95)`).
    pub condition: String,
    /// `(round, utility)` of the first offer it would have accepted; `None` if it accepted none
    /// before the talks ended.
    pub accepted: Option<(u32, f64)>,
}

/// AC_next(α, β): accept when `α · offer + β ≥ next`, the offer is at least as good as the one it
/// would make instead (α = 1, β = 0 in GENIUS's default).
pub struct Next {
    /// Scale α.
    pub alpha: f64,
    /// Shift β.
    pub beta: f64,
}

impl Acceptance for Next {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        self.alpha * m.offer + self.beta >= m.next
    }
}

/// AC_prev(α, β): accept when `α · offer + β ≥` the utility of its own previous offer; never
/// before it has made one (as GENIUS's `AC_Previous`).
pub struct Prev {
    /// Scale α.
    pub alpha: f64,
    /// Shift β.
    pub beta: f64,
}

impl Acceptance for Prev {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        m.previous
            .is_some_and(|previous| self.alpha * m.offer + self.beta >= previous)
    }
}

/// AC_gap(c): accept when the offer is within `c` of its own previous offer,
/// `offer + c ≥ previous`; never before it has made one (as GENIUS's `AC_Gap`).
pub struct Gap {
    /// The gap c.
    pub c: f64,
}

impl Acceptance for Gap {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        m.previous
            .is_some_and(|previous| m.offer + self.c >= previous)
    }
}

/// AC_const(c): accept any offer worth more than `c` (strictly, as GENIUS's `AC_Const`).
pub struct Const {
    /// The threshold c.
    pub c: f64,
}

impl Acceptance for Const {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        m.offer > self.c
    }
}

/// AC_time(T): accept anything once the time is past `T` (strictly; before it, nothing).
pub struct Time {
    /// The time T.
    pub t: f64,
}

impl Acceptance for Time {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        m.time > self.t
    }
}

/// Which statistic of the recent offers AC_combi compares with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The best offer in the window of the last `1 − t` of time (`MAX^W`).
    MaxRecent,
    /// The mean of the offers in that window (`AVG^W`).
    AvgRecent,
    /// The best offer received since the start (`MAX^T`).
    MaxAll,
}

/// AC_combi(T, α-statistic): AC_next, or, from time `T` on, any offer at least as good as the
/// window statistic: the best (or mean) utility among the offers received in `(2t − 1, t]`, the
/// last `1 − t` of time — as much time as is left — so that near the deadline the agent takes
/// what it can expect to still be offered. (GENIUS's `AC_CombiMaxInWindow`, `AC_CombiAvg`,
/// `AC_CombiMax`; the offer on the table is always in the window.)
pub struct Combi {
    /// The time T after which the window rule applies.
    pub t: f64,
    /// Which statistic.
    pub window: Window,
}

impl Acceptance for Combi {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        if m.offer >= m.next {
            return true;
        }
        if m.time < self.t {
            return false;
        }
        let from = 2.0 * m.time - 1.0;
        let recent = || m.received.iter().filter(|(t, _)| *t > from).map(|x| x.1);
        let bar = match self.window {
            Window::MaxAll => m
                .received
                .iter()
                .map(|x| x.1)
                .fold(f64::NEG_INFINITY, f64::max),
            Window::MaxRecent => recent().fold(f64::NEG_INFINITY, f64::max),
            Window::AvgRecent => {
                let (sum, count) = recent().fold((0.0, 0usize), |(s, c), u| (s + u, c + 1));
                if count == 0 {
                    f64::INFINITY
                } else {
                    sum / count as f64
                }
            }
        };
        m.offer >= bar
    }
}

/// AC_CombiV4(a, b, c, d, e): AC_next against a linear function of the offer, one for
/// undiscounted talks and one for discounted: accept when `min(1, a·offer + b) ≥ next`, or with
/// `c, d` when the discount factor is at most `e` (and not below 0.00001, GENIUS's test for "no
/// discount"). GENIUS's `AC_CombiV4` (Baarslag et al., "Decoupling negotiating agents to explore
/// the space of negotiation strategies", 2014).
pub struct CombiV4 {
    /// Scale without discount.
    pub a: f64,
    /// Shift without discount.
    pub b: f64,
    /// Scale with discount.
    pub c: f64,
    /// Shift with discount.
    pub d: f64,
    /// The discount factor at or below which the talks count as discounted.
    pub e: f64,
}

impl Acceptance for CombiV4 {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        let discounted = m.discount >= 0.00001 && m.discount <= self.e;
        let target = if discounted {
            self.c * m.offer + self.d
        } else {
            self.a * m.offer + self.b
        };
        target.min(1.0) >= m.next
    }
}

/// AC_MAC: many acceptance conditions tested in one negotiation trace (Baarslag, Hindriks,
/// Hendrikx, Dirkzwager and Jonker, "Decoupling negotiating agents to explore the space of
/// negotiation strategies", 2014). Every offer is put to each condition still undecided; the
/// first offer a condition would take is recorded as its verdict, and the condition leaves the
/// test. The MAC itself accepts once every condition has — so the talks run as long as the
/// most demanding condition would let them, and each verdict says where the others would have
/// ended them. GENIUS's `AC_MAC` tests the 72 `AC_CombiV4` with `a ∈ {1, 1.05}`,
/// `b ∈ {0, 0.05, 0.1}`, `c ∈ {1, 1.05, 1.1}`, `d ∈ {0, 0.05, 0.1, 0.15}`, `e = 0.95`, and
/// `AC_CombiMaxInWindow` at `t = 0.95 … 0.99`: [`Mac::genius`] builds the same 77.
pub struct Mac {
    undecided: Vec<(String, Box<dyn Acceptance>)>,
    decided: Vec<Verdict>,
}

impl Mac {
    /// GENIUS's test set, in GENIUS's order.
    pub fn genius() -> Self {
        let mut undecided: Vec<(String, Box<dyn Acceptance>)> = Vec::new();
        for a in 0..2 {
            for b in 0..3 {
                for c in 0..3 {
                    for d in 0..4 {
                        let v = CombiV4 {
                            a: 1.0 + 0.05 * f64::from(a),
                            b: 0.05 * f64::from(b),
                            c: 1.0 + 0.05 * f64::from(c),
                            d: 0.05 * f64::from(d),
                            e: 0.95,
                        };
                        let name = format!(
                            "combiv4(a={},b={},c={},d={},e={})",
                            crate::number::trim(v.a, 2),
                            crate::number::trim(v.b, 2),
                            crate::number::trim(v.c, 2),
                            crate::number::trim(v.d, 2),
                            crate::number::trim(v.e, 2)
                        );
                        undecided.push((name, Box::new(v)));
                    }
                }
            }
        }
        for k in 0..5 {
            let t = 0.95 + 0.01 * f64::from(k);
            undecided.push((
                format!("combi(t={})", crate::number::trim(t, 2)),
                Box::new(Combi {
                    t,
                    window: Window::MaxRecent,
                }),
            ));
        }
        Self {
            undecided,
            decided: Vec::new(),
        }
    }
}

impl Acceptance for Mac {
    fn accept(&mut self, m: &Moment<'_>) -> bool {
        let mut k = 0;
        while k < self.undecided.len() {
            if self.undecided[k].1.accept(m) {
                let (condition, _) = self.undecided.remove(k);
                self.decided.push(Verdict {
                    condition,
                    accepted: Some((m.round, m.offer)),
                });
            } else {
                k += 1;
            }
        }
        self.undecided.is_empty()
    }

    fn verdicts(&self) -> Vec<Verdict> {
        let mut out = self.decided.clone();
        out.extend(self.undecided.iter().map(|(condition, _)| Verdict {
            condition: condition.clone(),
            accepted: None,
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(time: f64, offer: f64, next: f64, received: &[(f64, f64)]) -> Moment<'_> {
        Moment {
            round: 1,
            time,
            discount: 1.0,
            offer,
            next,
            previous: Some(next + 0.05),
            received,
        }
    }

    #[test]
    fn each_condition_follows_its_rule() {
        let none: &[(f64, f64)] = &[];
        let at = |t, offer, next| moment(t, offer, next, none);
        assert!(
            Next {
                alpha: 1.0,
                beta: 0.0
            }
            .accept(&at(0.1, 0.6, 0.6))
        );
        assert!(
            !Next {
                alpha: 1.0,
                beta: 0.0
            }
            .accept(&at(0.1, 0.59, 0.6))
        );
        assert!(
            Next {
                alpha: 1.02,
                beta: 0.0
            }
            .accept(&at(0.1, 0.59, 0.6))
        );
        assert!(
            Next {
                alpha: 1.0,
                beta: 0.02
            }
            .accept(&at(0.1, 0.59, 0.6))
        );
        // previous = next + 0.05 = 0.65.
        assert!(
            !Prev {
                alpha: 1.0,
                beta: 0.0
            }
            .accept(&at(0.1, 0.64, 0.6))
        );
        assert!(
            Prev {
                alpha: 1.0,
                beta: 0.0
            }
            .accept(&at(0.1, 0.65, 0.6))
        );
        assert!(Gap { c: 0.02 }.accept(&at(0.1, 0.63, 0.6)));
        assert!(!Gap { c: 0.02 }.accept(&at(0.1, 0.62, 0.6)));
        // Before its own first offer, AC_prev and AC_gap have nothing to compare with.
        let first = Moment {
            previous: None,
            ..at(0.1, 1.0, 0.6)
        };
        assert!(
            !Prev {
                alpha: 1.0,
                beta: 0.0
            }
            .accept(&first)
        );
        assert!(!Gap { c: 1.0 }.accept(&first));
        // AC_const and AC_time are strict.
        assert!(Const { c: 0.7 }.accept(&at(0.1, 0.71, 0.9)));
        assert!(!Const { c: 0.7 }.accept(&at(0.1, 0.7, 0.0)));
        assert!(!Time { t: 0.9 }.accept(&at(0.9, 0.0, 1.0)));
        assert!(Time { t: 0.9 }.accept(&at(0.91, 0.0, 1.0)));
    }

    #[test]
    fn combi_takes_the_best_recent_offer_only_after_its_time() {
        // At t = 0.95 the window is the last 0.05 of time: (0.9, 0.95].
        let received = [(0.1, 0.8), (0.91, 0.5), (0.93, 0.55), (0.95, 0.55)];
        let m = moment(0.95, 0.55, 0.9, &received);
        let mut max = Combi {
            t: 0.9,
            window: Window::MaxRecent,
        };
        assert!(max.accept(&m), "0.55 is the best of the window");
        let mut all = Combi {
            t: 0.9,
            window: Window::MaxAll,
        };
        assert!(!all.accept(&m), "0.8 was offered earlier");
        let mut avg = Combi {
            t: 0.9,
            window: Window::AvgRecent,
        };
        assert!(avg.accept(&m), "0.55 ≥ mean(0.5, 0.55, 0.55)");
        let early = Combi {
            t: 0.96,
            window: Window::MaxRecent,
        }
        .accept(&m);
        assert!(!early, "before T only AC_next applies");
        // AC_next alone still accepts.
        assert!(all.accept(&moment(0.5, 0.9, 0.9, &received)));
    }

    #[test]
    fn combiv4_switches_its_line_with_the_discount() {
        // Undiscounted: 1.05 · 0.8 + 0 = 0.84 ≥ 0.83; discounted (factor 0.9 ≤ e): 1 · 0.8 + 0.02.
        let mut v4 = CombiV4 {
            a: 1.05,
            b: 0.0,
            c: 1.0,
            d: 0.02,
            e: 0.95,
        };
        let plain = moment(0.5, 0.8, 0.83, &[]);
        assert!(v4.accept(&plain));
        let discounted = Moment {
            discount: 0.9,
            ..moment(0.5, 0.8, 0.83, &[])
        };
        assert!(!v4.accept(&discounted), "0.82 < 0.83");
        assert!(v4.accept(&Moment {
            discount: 0.9,
            ..moment(0.5, 0.81, 0.83, &[])
        }));
        // A factor below 0.00001 counts as no discount, as in GENIUS; the target is capped at 1.
        assert!(v4.accept(&Moment {
            discount: 0.0,
            ..moment(0.5, 0.8, 0.83, &[])
        }));
        let mut shifted = CombiV4 {
            a: 1.0,
            b: 0.5,
            c: 1.0,
            d: 0.0,
            e: 0.95,
        };
        assert!(!shifted.accept(&moment(0.5, 0.9, 1.0 + 1e-9, &[])));
    }

    #[test]
    fn mac_records_each_conditions_first_acceptance_and_accepts_when_all_have() {
        let mut mac = Mac::genius();
        assert_eq!(mac.verdicts().len(), 77);
        assert!(mac.verdicts().iter().all(|v| v.accepted.is_none()));
        // An offer 0.1 short of the next one: only the conditions with a shift of 0.1 or more
        // (b = 0.1 under no discount: 24 of the 72) take it.
        let short = Moment {
            round: 3,
            ..moment(0.5, 0.8, 0.9, &[])
        };
        assert!(!mac.accept(&short));
        let first: Vec<Verdict> = mac
            .verdicts()
            .into_iter()
            .filter(|v| v.accepted.is_some())
            .collect();
        assert_eq!(first.len(), 24);
        assert!(
            first
                .iter()
                .all(|v| v.condition.contains(",b=0.1,") && v.accepted == Some((3, 0.8)))
        );
        // An offer as good as the next one satisfies every condition: the MAC accepts, and
        // the earlier verdicts keep their round.
        let good = Moment {
            round: 7,
            ..moment(0.99, 0.9, 0.9, &[(0.99, 0.9)])
        };
        assert!(mac.accept(&good));
        let all = mac.verdicts();
        assert_eq!(all.len(), 77);
        assert_eq!(
            all.iter().filter(|v| v.accepted == Some((3, 0.8))).count(),
            24
        );
        assert_eq!(
            all.iter().filter(|v| v.accepted == Some((7, 0.9))).count(),
            53
        );
    }
}
