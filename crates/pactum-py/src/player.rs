//! Strategies written in Python, in a party's seat.
//!
//! A Python strategy gets what a built-in one gets: its own preferences ([`Own`], built once
//! per negotiation: utilities by outcome index, its ranking, its fallback) and the talks so far
//! ([`View`]: round, deadline, relative time, and the offers, one list that grows as the talks
//! go, shared by every call). Each move is one call into Python; nothing of the outcome space
//! is copied per call. Whatever the strategy does wrong (raises, returns something that is not
//! an outcome) becomes the error that ends its negotiation, with the exception's last line as
//! Python prints it; the process goes on.

use pactum_core::rng::Stream;
use pactum_core::space::OutcomeSpace;
use pactum_core::talks::strategy::{Own as RustOwn, View as RustView};
use pactum_core::talks::{Ending, Plan, Player, Session, StrategySpec};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};

/// What a Python strategy calls itself: its `name` attribute, else its class's name.
pub fn display_name(object: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(name) = object.getattr("name").and_then(|n| n.extract::<String>()) {
        return Ok(name);
    }
    let class = if object.is_instance_of::<PyType>() {
        object.clone()
    } else {
        object.get_type().into_any()
    };
    class.getattr("__name__")?.extract()
}

/// A party's own preferences, as a Python strategy sees them.
#[pyclass(frozen, module = "pactum._native")]
pub struct Own {
    /// The party's id.
    #[pyo3(get)]
    party: String,
    /// Its fallback at the start (0 when relaxed).
    #[pyo3(get)]
    fallback: f64,
    /// An agreement in round r is worth u · discount^(r−1).
    #[pyo3(get)]
    discount: f64,
    /// Its best utility within its red lines.
    #[pyo3(get)]
    best: f64,
    /// The lowest utility worth aiming at: its fallback, or its worst acceptable outcome.
    #[pyo3(get)]
    floor: f64,
    /// `(issue id, value ids)` in order.
    #[pyo3(get)]
    issues: Vec<(String, Vec<String>)>,
    space: OutcomeSpace,
    utilities: Vec<f64>,
    acceptable: Vec<bool>,
    sorted: Vec<(f64, u128)>,
}

impl Own {
    fn new(own: &RustOwn, session: &Session, slot: usize) -> Own {
        let size = own.space.size();
        Own {
            party: session.parties[slot].clone(),
            fallback: own.fallback,
            discount: own.discount,
            best: own.best(),
            floor: own.floor(),
            issues: session
                .scenario
                .issues
                .iter()
                .map(|i| {
                    (
                        i.id.clone(),
                        (0..i.cardinality() as u32).map(|d| i.value_id(d)).collect(),
                    )
                })
                .collect(),
            space: own.space.clone(),
            utilities: (0..size).map(|i| own.utility_of(i)).collect(),
            acceptable: (0..size).map(|i| !own.crosses_red_line(i)).collect(),
            sorted: own.sorted().to_vec(),
        }
    }

    /// The index of `outcome`: an index, or `{issue: value}`.
    fn index_of(&self, outcome: &Bound<'_, PyAny>) -> Result<u128, String> {
        if let Ok(index) = outcome.extract::<u128>() {
            if index >= self.space.size() {
                return Err(format!(
                    "outcome {index} does not exist; the space has outcomes 0 to {}",
                    self.space.size().saturating_sub(1)
                ));
            }
            return Ok(index);
        }
        let Ok(map) = outcome.cast::<PyDict>() else {
            return Err(format!(
                "{} is not an outcome; expected an index (int) or a dict {{issue: value}}",
                short(outcome)
            ));
        };
        let mut digits = Vec::with_capacity(self.issues.len());
        for (id, values) in &self.issues {
            let Ok(Some(v)) = map.get_item(id) else {
                return Err(format!(
                    "the outcome {} has no `{id}`; expected a value for every issue",
                    short(outcome)
                ));
            };
            let text = v
                .extract::<String>()
                .or_else(|_| v.str().map(|s| s.to_string()))
                .unwrap_or_default();
            let number = v.extract::<f64>().ok();
            let Some(d) = values
                .iter()
                .position(|x| *x == text || (number.is_some() && x.parse::<f64>().ok() == number))
            else {
                return Err(format!(
                    "`{id}` has no value {}; expected one of {}",
                    short(&v),
                    values.join(", ")
                ));
            };
            digits.push(d as u32);
        }
        if map.len() != self.issues.len() {
            return Err(format!(
                "the outcome {} names an issue the scenario does not have",
                short(outcome)
            ));
        }
        Ok(self.space.encode(&digits))
    }
}

fn short(value: &Bound<'_, PyAny>) -> String {
    let text = value
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "?".into());
    let cut: String = text.chars().take(80).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn to_value_error(e: String) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(e)
}

#[pymethods]
impl Own {
    /// How many outcomes the space has.
    #[getter]
    fn outcomes(&self) -> u128 {
        self.space.size()
    }

    /// Its utility of an outcome (an index or `{issue: value}`), undiscounted.
    fn utility(&self, outcome: &Bound<'_, PyAny>) -> PyResult<f64> {
        let k = self.index_of(outcome).map_err(to_value_error)?;
        Ok(self.utilities[k as usize])
    }

    /// Whether an outcome crosses none of its red lines in force.
    fn acceptable(&self, outcome: &Bound<'_, PyAny>) -> PyResult<bool> {
        let k = self.index_of(outcome).map_err(to_value_error)?;
        Ok(self.acceptable[k as usize])
    }

    /// The index of an outcome given as `{issue: value}` (or an index, checked).
    fn index(&self, outcome: &Bound<'_, PyAny>) -> PyResult<u128> {
        self.index_of(outcome).map_err(to_value_error)
    }

    /// An outcome's values, `{issue: value id}`.
    fn outcome<'py>(&self, py: Python<'py>, index: u128) -> PyResult<Bound<'py, PyDict>> {
        if index >= self.space.size() {
            return Err(to_value_error(format!("outcome {index} does not exist")));
        }
        let dict = PyDict::new(py);
        for ((id, values), d) in self.issues.iter().zip(self.space.decode(index)) {
            dict.set_item(id, &values[d as usize])?;
        }
        Ok(dict)
    }

    /// Its acceptable outcomes as `(index, utility)`, best first, ties by index (a new list on
    /// each access: keep it if you use it often).
    #[getter]
    fn ranking(&self) -> Vec<(u128, f64)> {
        self.sorted.iter().map(|&(u, k)| (k, u)).collect()
    }

    /// The acceptable outcome with the smallest utility at or above `target` (its best if none).
    fn at_least(&self, target: f64) -> Option<u128> {
        let k = self.sorted.partition_point(|x| x.0 >= target);
        self.sorted.get(k.saturating_sub(1)).map(|x| x.1)
    }

    /// The acceptable outcome with the largest utility at or below `target` (its worst if none).
    fn at_most(&self, target: f64) -> Option<u128> {
        let k = self.sorted.partition_point(|x| x.0 > target + 1e-12);
        self.sorted
            .get(k.min(self.sorted.len().saturating_sub(1)))
            .map(|x| x.1)
    }

    fn __repr__(&self) -> String {
        format!(
            "Own(party={:?}, outcomes={}, acceptable={}, best={}, fallback={})",
            self.party,
            self.space.size(),
            self.sorted.len(),
            self.best,
            self.fallback
        )
    }
}

/// The talks as a Python strategy sees them when it acts.
#[pyclass(frozen, module = "pactum._native")]
pub struct View {
    /// From 1.
    #[pyo3(get)]
    round: u32,
    /// The last round.
    #[pyo3(get)]
    deadline: u32,
    /// Relative time: 0 at the first round, 1 at the last.
    #[pyo3(get)]
    time: f64,
    /// Its own preferences.
    #[pyo3(get)]
    own: Py<Own>,
    /// Every offer so far, `(party id, outcome index)`, oldest first: one list for the whole
    /// negotiation, grown in place.
    #[pyo3(get)]
    offers: Py<PyList>,
}

#[pymethods]
impl View {
    /// The party whose seat this is.
    #[getter]
    fn party(&self) -> String {
        self.own.get().party.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "View(round={}, deadline={}, time={}, offers={})",
            self.round,
            self.deadline,
            self.time,
            self.offers.bind(py).len()
        )
    }
}

/// A Python object in a seat.
struct PyPlayer {
    object: Py<PyAny>,
    slot: usize,
    parties: Vec<String>,
    own: Option<Py<Own>>,
    /// Built lazily from the session on the first move.
    session_own: Option<Own>,
    offers: Option<Py<PyList>>,
    told: usize,
    /// Wall-clock budgets, as an outside agent's: per move, and for the whole negotiation.
    budget: pactum_agents::Budget,
    used: std::time::Duration,
    watch: std::sync::Arc<crate::watchdog::Slot>,
}

impl PyPlayer {
    /// Runs one move (`what`, for the message) within what is left of the budgets.
    fn timed<R>(
        &mut self,
        py: Python<'_>,
        what: &str,
        call: impl FnOnce(&mut Self) -> Result<R, String>,
    ) -> Result<R, String> {
        let left = self.budget.per_negotiation.saturating_sub(self.used);
        let allowed = self.budget.per_move.min(left);
        let started = std::time::Instant::now();
        let watch = self.watch.clone();
        let result = watch.within(py, allowed, || call(self));
        self.used += started.elapsed();
        result.unwrap_or_else(|()| {
            Err(format!(
                "`{what}` ran past its budget ({:.1} s a move, {:.1} s a negotiation) and was stopped",
                self.budget.per_move.as_secs_f64(),
                self.budget.per_negotiation.as_secs_f64()
            ))
        })
    }

    /// The shared view of this move, after telling the list the new offers.
    fn view<'py>(
        &mut self,
        py: Python<'py>,
        own: &RustOwn,
        view: &RustView<'_>,
    ) -> PyResult<Bound<'py, View>> {
        if self.own.is_none() {
            let prepared = self.session_own.take().expect("prepared at seating");
            let _ = own;
            let handle = Py::new(py, prepared)?;
            if self.object.bind(py).hasattr("start")? {
                self.object
                    .bind(py)
                    .call_method1("start", (handle.clone_ref(py),))?;
            }
            self.own = Some(handle);
            self.offers = Some(PyList::empty(py).unbind());
        }
        let offers = self.offers.as_ref().expect("made with own").bind(py);
        for &(party, index) in &view.offers[self.told.min(view.offers.len())..] {
            offers.append((self.parties[party].as_str(), index))?;
        }
        self.told = view.offers.len();
        Bound::new(
            py,
            View {
                round: view.round,
                deadline: view.deadline,
                time: view.time(),
                own: self.own.as_ref().expect("set above").clone_ref(py),
                offers: offers.clone().unbind(),
            },
        )
    }
}

/// The last line of the traceback Python would print.
fn last_line(py: Python<'_>, e: &PyErr) -> String {
    let kind = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    let message = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    if message.is_empty() {
        kind
    } else {
        format!("{kind}: {message}")
    }
}

impl Player for PyPlayer {
    fn propose(
        &mut self,
        own: &RustOwn,
        view: &RustView<'_>,
        _: &mut Stream,
    ) -> Result<Option<u128>, String> {
        Python::attach(|py| {
            self.timed(py, "propose", |me| {
                let v = me.view(py, own, view).map_err(|e| last_line(py, &e))?;
                let answer = me
                    .object
                    .bind(py)
                    .call_method1("propose", (v,))
                    .map_err(|e| last_line(py, &e))?;
                if answer.is_none() {
                    return Ok(None);
                }
                let handle = me.own.as_ref().expect("made by view").get();
                handle
                    .index_of(&answer)
                    .map(Some)
                    .map_err(|e| format!("propose: {e}"))
            })
        })
    }

    fn accept(
        &mut self,
        own: &RustOwn,
        view: &RustView<'_>,
        offer: u128,
        _: &mut Stream,
    ) -> Result<bool, String> {
        Python::attach(|py| {
            self.timed(py, "respond", |me| {
                let v = me.view(py, own, view).map_err(|e| last_line(py, &e))?;
                let answer = me
                    .object
                    .bind(py)
                    .call_method1("respond", (v, offer))
                    .map_err(|e| last_line(py, &e))?;
                answer.extract::<bool>().map_err(|_| {
                    format!(
                        "respond returned {}; expected True or False",
                        short(&answer)
                    )
                })
            })
        })
    }

    fn finish(&mut self, ending: &Ending) {
        let slot = self.slot;
        Python::attach(|py| {
            let object = self.object.bind(py);
            if !object.hasattr("end").unwrap_or(false) {
                return;
            }
            let result = PyDict::new(py);
            let _ = match ending {
                Ending::Agreement {
                    round,
                    outcome,
                    discounted,
                    ..
                } => result
                    .set_item("result", "agreement")
                    .and_then(|_| result.set_item("round", round))
                    .and_then(|_| result.set_item("gain", discounted[slot]))
                    .and_then(|_| {
                        let index = self.own.as_ref().map(|o| o.get().space.encode(outcome));
                        result.set_item("agreement", index)
                    }),
                Ending::Breakdown {
                    round,
                    reason,
                    fallbacks,
                } => result
                    .set_item("result", "breakdown")
                    .and_then(|_| result.set_item("round", round))
                    .and_then(|_| result.set_item("gain", fallbacks[slot]))
                    .and_then(|_| result.set_item("reason", reason)),
            };
            // The talks are over: what `end` does cannot change them, but it may not hold up the
            // run either, so it gets one move's budget (a loop there would hang the process).
            let _ = self.watch.within(py, self.budget.per_move, || {
                let _ = object.call_method1("end", (result,));
            });
        });
    }
}

/// Seats a Python strategy: a class (or any callable) is called for a fresh instance; an
/// instance plays as it is. A failure to make one becomes a seat whose first move fails.
pub fn seat_object(
    py: Python<'_>,
    object: &Py<PyAny>,
    session: &Session,
    _plan: &Plan,
    slot: usize,
    budget: pactum_agents::Budget,
) -> Box<dyn Player> {
    // A Python strategy's `Own` holds every outcome's utility, which a space the talks do not
    // enumerate (beyond `talks::SEARCH_LIMIT`, bid from inverse-utility ladders) cannot give.
    if !session.owns[slot].complete {
        return Box::new(pactum_core::talks::player::Unseated(format!(
            "a Python strategy sees every outcome's utility, and this space has {} outcomes, more than the {} the talks enumerate; use a built-in strategy",
            session.space.size(),
            pactum_core::talks::SEARCH_LIMIT
        )));
    }
    let bound = object.bind(py);
    let instance = if bound.is_instance_of::<PyType>() {
        match bound.call0() {
            Ok(i) => i.unbind(),
            Err(e) => {
                return Box::new(pactum_core::talks::player::Unseated(format!(
                    "could not make the strategy: {}",
                    last_line(py, &e)
                )));
            }
        }
    } else {
        object.clone_ref(py)
    };
    Box::new(PyPlayer {
        object: instance,
        slot,
        parties: session.parties.clone(),
        own: None,
        session_own: Some(Own::new(&session.owns[slot], session, slot)),
        offers: None,
        told: 0,
        budget,
        used: std::time::Duration::ZERO,
        watch: crate::watchdog::Slot::register(),
    })
}

/// The Python strategies of a tournament, by the name their spec carries (`python:NAME`): each
/// negotiation gets a fresh instance, with the tournament's budgets.
pub struct Factories(pub Vec<(String, Py<PyAny>)>, pub pactum_agents::Budget);

impl pactum_tournament::Seater for Factories {
    fn seat(
        &self,
        session: &Session,
        plan: &Plan,
        slot: usize,
        spec: &StrategySpec,
    ) -> Option<Box<dyn Player>> {
        let outside = spec.as_outside()?;
        if outside.scheme != "python" {
            return None;
        }
        let (_, factory) = self.0.iter().find(|(n, _)| *n == outside.target)?;
        Some(Python::attach(|py| {
            let made = factory.bind(py).call0();
            match made {
                Ok(instance) => seat_object(py, &instance.unbind(), session, plan, slot, self.1),
                Err(e) => Box::new(pactum_core::talks::player::Unseated(format!(
                    "could not make the strategy `{}`: {}",
                    outside.target,
                    last_line(py, &e)
                ))) as Box<dyn Player>,
            }
        }))
    }
}
