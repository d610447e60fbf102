//! `pactum._native`: the Rust half of the Python package (`python/pactum` is the other half).
//!
//! Documents cross the boundary as the JSON the CLI writes (`pactum.analysis`, `pactum.talks`,
//! `pactum.tournament_row`), so Python sees exactly what `pactum … --format json` prints and the
//! schema stays `pactum-schema`'s; the Python layer parses them. Strategies written in Python
//! cross as objects (`player`): each move is one call into Python with a small view, never a
//! copy of the outcome space.

mod fast;
mod player;
mod stepper;
mod watchdog;

use pactum_core::Scenario;
use pactum_core::analysis::{self, Problem};
use pactum_core::talks::{self, Log, Overrides, Plan, Protocol, Session, StrategySpec};
use pactum_formats::{output, record};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Arc;

/// Raises `pactum.errors.<kind>(message, diagnostics_json)`.
fn raise(py: Python<'_>, kind: &str, message: &str, diagnostics: &str) -> PyErr {
    match py
        .import("pactum.errors")
        .and_then(|m| m.getattr(kind))
        .and_then(|c| c.call1((message, diagnostics)))
    {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

fn load_error(py: Python<'_>, e: pactum_files::LoadError) -> PyErr {
    let diagnostics = serde_json::to_string(&e.diagnostics).unwrap_or_else(|_| "[]".into());
    raise(py, "ScenarioError", e.rendered.trim_end(), &diagnostics)
}

fn talks_error(py: Python<'_>, e: impl std::fmt::Display) -> PyErr {
    raise(py, "TalksError", &e.to_string(), "[]")
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("pactum-schema documents serialise")
}

/// A scenario, loaded and checked.
#[pyclass(frozen, name = "NativeScenario", module = "pactum._native")]
pub struct NativeScenario {
    pub(crate) inner: Arc<Scenario>,
}

#[pymethods]
impl NativeScenario {
    /// The scenario's id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The negotiating parties' ids, in turn order.
    fn negotiators(&self) -> Vec<String> {
        self.inner
            .negotiators()
            .iter()
            .map(|&p| self.inner.parties[p].id.clone())
            .collect()
    }

    /// The `pactum.scenario` document (`pactum show --format json`).
    fn document(&self) -> String {
        json(&pactum_formats::scenario_json::scenario_json(&self.inner))
    }

    /// The scenario as native TOML, and what TOML could not say.
    fn to_toml(&self) -> (String, Vec<String>) {
        let written = pactum_formats::scenario_toml::to_toml(&self.inner);
        let text = written
            .files
            .into_iter()
            .map(|(_, t)| t)
            .next()
            .unwrap_or_default();
        (text, written.losses)
    }
}

/// A bundled name, a `.toml` file, or a GENIUS or GeniusWeb folder.
#[pyfunction]
#[pyo3(signature = (source, allow_oversize = true))]
fn load(py: Python<'_>, source: &str, allow_oversize: bool) -> PyResult<NativeScenario> {
    let source = pactum_files::Source::Named(Some(source.to_string()));
    pactum_files::load(&source, allow_oversize)
        .map(|s| NativeScenario { inner: Arc::new(s) })
        .map_err(|e| load_error(py, e))
}

/// A scenario from `(file name, text)` pairs: one `.toml`, or GENIUS / GeniusWeb files.
#[pyfunction]
fn from_texts(
    py: Python<'_>,
    name: &str,
    files: Vec<(String, String)>,
) -> PyResult<NativeScenario> {
    pactum_files::from_texts(name, &files)
        .map(|s| NativeScenario { inner: Arc::new(s) })
        .map_err(|e| load_error(py, e))
}

/// The bundled scenarios' names.
#[pyfunction]
fn bundled() -> Vec<String> {
    pactum_formats::bundled::names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The registry of built-in strategies: `(name, parameters, description, source)`, each
/// parameter `(name, default, range, about)`.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn strategies() -> Vec<(String, Vec<(String, f64, String, String)>, String, String)> {
    talks::REGISTRY
        .iter()
        .map(|e| {
            (
                e.name.to_string(),
                e.params
                    .iter()
                    .map(|p| {
                        (
                            p.name.to_string(),
                            p.default,
                            p.range(),
                            p.about.to_string(),
                        )
                    })
                    .collect(),
                e.about.to_string(),
                e.source.to_string(),
            )
        })
        .collect()
}

/// `pactum analyze --format json`, as a string.
#[pyfunction]
#[pyo3(signature = (scenario, relax = Vec::new(), fix = Vec::new(), search_nodes = None, limit = None))]
fn analyze(
    py: Python<'_>,
    scenario: &NativeScenario,
    relax: Vec<String>,
    fix: Vec<String>,
    search_nodes: Option<u64>,
    limit: Option<usize>,
) -> PyResult<String> {
    let mut options = analysis::pipeline::Options {
        relax,
        fix,
        ..Default::default()
    };
    if let Some(n) = search_nodes {
        options.search_nodes = n;
    }
    let s = Arc::clone(&scenario.inner);
    // The analysis takes no Python objects: let other Python threads run meanwhile.
    let report = py
        .detach(|| analysis::pipeline::analyze(&s, &options))
        .map_err(|e| talks_error(py, e))?;
    let result = output::Analysis::of(&report, limit);
    Ok(json(&output::analysis_json(&s, &result)))
}

/// `(party, Python object)`: the parties whose strategy is written in Python.
type Objects = Vec<(String, Py<PyAny>)>;

/// Parses the strategy of each party: a spec string, or a Python strategy (seated as
/// `python:NAME`).
fn overrides_of(
    strategies: &Bound<'_, PyDict>,
) -> PyResult<(Vec<(String, StrategySpec)>, Objects)> {
    let mut specs = Vec::new();
    let mut objects = Vec::new();
    for (party, value) in strategies.iter() {
        let party: String = party.extract()?;
        if let Ok(text) = value.extract::<String>() {
            let spec = StrategySpec::parse(&text).map_err(|e| {
                raise(
                    value.py(),
                    "TalksError",
                    &format!("strategy of `{party}`: {e}"),
                    "[]",
                )
            })?;
            specs.push((party, spec));
        } else {
            let name = player::display_name(&value)?;
            specs.push((party.clone(), StrategySpec::outside("python", &name)));
            objects.push((party, value.unbind()));
        }
    }
    Ok((specs, objects))
}

/// Runs the talks; returns `(pactum.talks JSON, the record as JSON lines)`.
#[pyfunction]
#[pyo3(signature = (scenario, strategies, protocol = None, mediator = None, rounds = None, seed = None, relax = Vec::new(), move_seconds = 10.0, negotiation_seconds = 120.0))]
#[allow(clippy::too_many_arguments)]
fn run_talks(
    py: Python<'_>,
    scenario: &NativeScenario,
    strategies: &Bound<'_, PyDict>,
    protocol: Option<&str>,
    mediator: Option<&str>,
    rounds: Option<u32>,
    seed: Option<u64>,
    relax: Vec<String>,
    move_seconds: f64,
    negotiation_seconds: f64,
) -> PyResult<(String, String)> {
    let s = &scenario.inner;
    let protocol = protocol
        .map(Protocol::parse)
        .transpose()
        .map_err(|e| talks_error(py, e))?;
    let mediator = mediator
        .map(talks::Mediator::parse)
        .transpose()
        .map_err(|e| talks_error(py, e))?;
    let protocol = match protocol {
        Some(Protocol::SingleText(_)) => Some(Protocol::SingleText(
            mediator.or(s.talks.mediator).unwrap_or_default(),
        )),
        p => p,
    };
    let (specs, objects) = overrides_of(strategies)?;
    let overrides = Overrides {
        protocol,
        mediator,
        rounds,
        seed,
        relax,
        strategies: specs,
    };
    let plan = Plan::for_scenario(s, &overrides).map_err(|e| talks_error(py, e))?;
    plan.check_recorded_rounds(pactum_core::talks::plan::MAX_RECORDED_ROUNDS)
        .map_err(|e| talks_error(py, e))?;
    let problem = Problem::new(s, &plan.relaxed).map_err(|e| talks_error(py, e))?;
    let session = Session::new(s, &plan).map_err(|e| talks_error(py, e))?;
    let budget = budget(move_seconds, negotiation_seconds)?;
    let mut log = Log::default();
    let mut seat = |slot: usize, spec: &StrategySpec| {
        let party = &session.parties[slot];
        match objects.iter().find(|(p, _)| p == party) {
            Some((_, object)) => player::seat_object(py, object, &session, &plan, slot, budget),
            None => pactum_agents::seat(&session, &plan, slot, spec, budget),
        }
    };
    let ending = talks::run_seated(&session, &plan, &mut log, &mut seat);
    let result = record::from_events(&session, &plan, &log.events);
    let zone = output::TalksZone::of(&problem, &session).map_err(|e| talks_error(py, e))?;
    Ok((
        json(&output::talks_json(s, &plan, &result, &ending, &zone)),
        record::write_jsonl(&result.events),
    ))
}

fn budget(move_seconds: f64, negotiation_seconds: f64) -> PyResult<pactum_agents::Budget> {
    let ok = |x: f64| x > 0.0 && x <= 86_400.0;
    if !ok(move_seconds) || !ok(negotiation_seconds) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "agent budgets are seconds > 0 and ≤ 86400",
        ));
    }
    Ok(pactum_agents::Budget {
        per_move: std::time::Duration::from_secs_f64(move_seconds),
        per_negotiation: std::time::Duration::from_secs_f64(negotiation_seconds),
    })
}

/// Runs a tournament; returns its rows as JSON lines, in match order. With `db`, the rows are
/// stored (and a run of the same plan resumed) in that SQLite file, as `pactum tournament --db`.
#[pyfunction]
#[pyo3(signature = (scenarios, strategies, classes, repetitions = 3, rounds = None, seed = 1, self_play = false, protocol = "saop", relax = Vec::new(), db = None, resume = false, move_seconds = 10.0, negotiation_seconds = 120.0))]
#[allow(clippy::too_many_arguments)]
fn run_tournament(
    py: Python<'_>,
    scenarios: Vec<PyRef<'_, NativeScenario>>,
    strategies: Vec<String>,
    classes: &Bound<'_, PyDict>,
    repetitions: u32,
    rounds: Option<u32>,
    seed: u64,
    self_play: bool,
    protocol: &str,
    relax: Vec<String>,
    db: Option<String>,
    resume: bool,
    move_seconds: f64,
    negotiation_seconds: f64,
) -> PyResult<String> {
    let scenarios: Vec<Scenario> = scenarios.iter().map(|s| (*s.inner).clone()).collect();
    let mut specs = Vec::new();
    for text in &strategies {
        specs.push(match text.strip_prefix("python:") {
            Some(name) => StrategySpec::outside("python", name),
            None => StrategySpec::parse(text).map_err(|e| talks_error(py, e))?,
        });
    }
    let mut factories = Vec::new();
    for (name, class) in classes.iter() {
        factories.push((name.extract::<String>()?, class.unbind()));
    }
    let config = pactum_tournament::Config {
        strategies: specs,
        repetitions: repetitions.max(1),
        rounds,
        seed,
        self_play,
        protocols: vec![Protocol::parse(protocol).map_err(|e| talks_error(py, e))?],
        relax,
        budget: budget(move_seconds, negotiation_seconds)?,
        seater: Some(Arc::new(player::Factories(
            factories,
            budget(move_seconds, negotiation_seconds)?,
        ))),
    };
    // Rayon's threads call into Python for its strategies, so the GIL is released meanwhile.
    // With Python strategies the negotiations run on one thread that stays attached to Python
    // for the whole run: their moves hold the GIL in turn anyway. A round of a Python strategy
    // that returns at once cost 45.6 µs with two threads attaching per move, 14.9 µs with one,
    // and 0.9 µs attached throughout (bench/python_vs_negmas.py). Results are the same on any
    // number of threads.
    let python = !classes.is_empty();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(if python { 1 } else { 0 })
        .build()
        .map_err(|e| talks_error(py, e))?;
    let work = || -> Result<Vec<String>, String> {
        match &db {
            None => {
                let played =
                    pactum_tournament::run(&scenarios, &config).map_err(|e| e.to_string())?;
                Ok(played
                    .iter()
                    .map(|p| json(&pactum_tournament::row(&scenarios, &config, p)))
                    .collect())
            }
            Some(path) => {
                let sources: Vec<String> = scenarios.iter().map(|s| s.id.clone()).collect();
                let manifest =
                    pactum_tournament::manifest(&scenarios, &config).map_err(|e| e.to_string())?;
                let mut store =
                    pactum_tournament::store::Store::open(path, &manifest, (0, 1), resume)
                        .map_err(|e| e.to_string())?;
                store
                    .set_manifest_value("sources", &serde_json::json!(sources).to_string())
                    .map_err(|e| e.to_string())?;
                pactum_tournament::run_stored(&scenarios, &config, &mut store, (0, 1), &|_, _| {})
                    .map_err(|e| e.to_string())?;
                Ok(store
                    .rows()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|r| r.row)
                    .collect())
            }
        }
    };
    let rows = py.detach(|| {
        pool.install(|| {
            if python {
                Python::attach(|_| work())
            } else {
                work()
            }
        })
    });
    rows.map(|r| r.join("\n")).map_err(|e| talks_error(py, e))
}

/// A negotiating party's utility of every outcome (little-endian f64 by outcome index, the
/// first issue varying slowest; `-inf` across its red lines) and its fallback.
#[pyfunction]
fn utilities<'py>(
    py: Python<'py>,
    scenario: &NativeScenario,
    party: &str,
) -> PyResult<(Bound<'py, pyo3::types::PyBytes>, f64)> {
    let s = &scenario.inner;
    let overrides = Overrides {
        protocol: Some(Protocol::Saop),
        ..Overrides::default()
    };
    let plan = Plan::for_scenario(s, &overrides).map_err(|e| talks_error(py, e))?;
    let session = Session::new(s, &plan).map_err(|e| talks_error(py, e))?;
    let Some(slot) = session.parties.iter().position(|p| p == party) else {
        return Err(talks_error(
            py,
            format!(
                "`{party}` is not a negotiating party; expected one of {}",
                session.parties.join(", ")
            ),
        ));
    };
    let own = &session.owns[slot];
    let mut bytes = Vec::with_capacity(session.space.size() as usize * 8);
    for k in 0..session.space.size() {
        let u = if own.crosses_red_line(k) {
            f64::NEG_INFINITY
        } else {
            own.utility_of(k)
        };
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    Ok((pyo3::types::PyBytes::new(py, &bytes), own.fallback))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeScenario>()?;
    m.add_class::<player::Own>()?;
    m.add_class::<player::View>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(from_texts, m)?)?;
    m.add_function(wrap_pyfunction!(bundled, m)?)?;
    m.add_function(wrap_pyfunction!(strategies, m)?)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(run_talks, m)?)?;
    m.add_function(wrap_pyfunction!(run_tournament, m)?)?;
    m.add_class::<stepper::Stepper>()?;
    m.add_function(wrap_pyfunction!(utilities, m)?)?;
    m.add_function(wrap_pyfunction!(fast::additive_points, m)?)?;
    m.add_function(wrap_pyfunction!(fast::exact_frontier, m)?)?;
    m.add_function(wrap_pyfunction!(fast::additive_frontier, m)?)?;
    m.add_function(wrap_pyfunction!(fast::rational_rows, m)?)?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
