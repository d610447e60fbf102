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
    /// Relative time, 0 at the first round, 1 at the last.
    pub time: f64,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(time: f64, offer: f64, next: f64, received: &[(f64, f64)]) -> Moment<'_> {
        Moment {
            time,
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
}
