//! The JSON API: each answer is computed by the engine and written by `pactum-formats` exactly
//! as the CLI writes it (`/api/analyze` is `pactum analyze --format json`, `/api/talks` is
//! `pactum talks --format json`); only `/api/plane` and `/api/scenario` are the page's own.

use crate::request::{self, Refusal, TalksRequest, WhatIf};
use pactum_core::analysis::plane::{self, Cloud, Verdict};
use pactum_core::analysis::{self, Problem};
use pactum_core::scenario::Scenario;
use pactum_core::talks::{self, Log, Mediator, Overrides, Plan, Protocol, Session, StrategySpec};
use pactum_formats::{bundled, output, record, scenario_json, scenario_toml};
use serde_json::{Value, json};

/// `GET /api/scenarios`: the bundled scenarios, the default, and the one `pactum serve` opened.
pub fn scenarios(served: Option<&str>) -> Value {
    let list: Vec<Value> = bundled::names()
        .iter()
        .filter_map(|name| {
            let s = scenario_toml::load_str(name, bundled::get(name)?).ok()?.scenario;
            Some(json!({
                "name": name,
                "title": s.title,
                "parties": s.parties.len(),
                "negotiators": s.negotiators().len(),
                "issues": s.issues.len(),
                "outcomes": pactum_core::space::product_decimal(s.issues.iter().map(|i| i.cardinality())),
            }))
        })
        .collect();
    json!({
        "schema": "pactum.scenarios",
        "version": pactum_schema::VERSION,
        "scenarios": list,
        "default": bundled::DEFAULT,
        "served": served,
        "protocols": Protocol::ALL.iter().map(|p| json!({"id": p.id(), "about": p.about(), "strategies": p.uses_strategies()})).collect::<Vec<_>>(),
        "strategies": talks::registry::REGISTRY.iter().map(|e| json!({"name": e.name, "about": e.about})).collect::<Vec<_>>(),
    })
}

/// `POST /api/scenario`: the briefing (`pactum show --format json`) and the scenario as native
/// TOML, for the editor and for download.
pub fn scenario(body: &WhatIf) -> Result<Value, Refusal> {
    let s = request::apply(request::scenario(&body.scenario)?, &body.set)?;
    let written = pactum_formats::export::to_toml(&s);
    let toml = written
        .files
        .first()
        .map(|f| f.1.clone())
        .unwrap_or_default();
    Ok(json!({
        "briefing": scenario_json::scenario_json(&s),
        "toml": toml,
        "losses": written.losses,
        "negotiators": s.negotiators().iter().map(|&p| s.parties[p].id.clone()).collect::<Vec<_>>(),
        "constraints": constraints(&s),
    }))
}

/// Every constraint a what-if panel can toggle: `party.redline` and `party.fallback` ids, with
/// what each says.
fn constraints(s: &Scenario) -> Vec<Value> {
    let mut out = Vec::new();
    for p in s.negotiators() {
        let party = &s.parties[p];
        for r in &party.red_lines {
            out.push(json!({
                "id": format!("{}.{}", party.id, r.id),
                "party": party.id,
                "kind": "red_line",
                "text": if r.description.is_empty() { r.expr.clone() } else { r.description.clone() },
                "expr": r.expr,
            }));
        }
        out.push(json!({
            "id": format!("{}.fallback", party.id),
            "party": party.id,
            "kind": "fallback",
            "value": party.fallback.utility,
        }));
    }
    out
}

fn prepare(body: &WhatIf) -> Result<(Scenario, analysis::pipeline::Report), Refusal> {
    let s = request::apply(request::scenario(&body.scenario)?, &body.set)?;
    let options = analysis::pipeline::Options {
        relax: body.relax.clone(),
        fix: body.fix.clone(),
        ..Default::default()
    };
    let report = analysis::pipeline::analyze(&s, &options)
        .map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    Ok((s, report))
}

/// `POST /api/analyze`: `pactum analyze --format json` of the scenario as changed.
pub fn analyze(body: &WhatIf) -> Result<Value, Refusal> {
    let (s, report) = prepare(body)?;
    let doc = output::analysis_json(&s, &output::Analysis::of(&report, None));
    serde_json::to_value(doc).map_err(|e| Refusal::Unanswerable(e.to_string()))
}

/// `POST /api/plane`: where the outcomes lie for each pair of negotiators (every outcome up to
/// 4096, else `BINS × BINS` counts per verdict), for the page's plot.
pub fn plane(body: &WhatIf, seed: u64) -> Result<Value, Refusal> {
    let (_, report) = prepare(body)?;
    let p = plane::plane(&report.problem, seed);
    let verdict = |v: Verdict| match v {
        Verdict::Acceptable => "acceptable",
        Verdict::BelowFallback => "below_fallback",
        Verdict::AcrossRedLine => "across_red_line",
    };
    let cloud = match &p.cloud {
        Cloud::Points(points) => json!({
            "points": points.iter().map(|q| json!([q.utilities, verdict(q.verdict)])).collect::<Vec<_>>(),
        }),
        Cloud::Density(grids) => {
            // Sparse: [column, row, count] per non-empty bin.
            let sparse = |g: &[u32]| {
                g.iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(i, &c)| json!([i % plane::BINS, i / plane::BINS, c]))
                    .collect::<Vec<_>>()
            };
            json!({
                "bins": plane::BINS,
                "density": grids.iter().map(|g| json!({
                    "x": g.x, "y": g.y,
                    "acceptable": sparse(&g.acceptable),
                    "below_fallback": sparse(&g.below_fallback),
                    "across_red_line": sparse(&g.across_red_line),
                })).collect::<Vec<_>>(),
            })
        }
    };
    Ok(json!({
        "schema": "pactum.plane",
        "version": pactum_schema::VERSION,
        "parties": report.problem.parties,
        "outcomes": p.outcomes.to_string(),
        "seen": p.seen,
        "sampled": p.sampled,
        "counts": {"acceptable": p.counts[0], "below_fallback": p.counts[1], "across_red_line": p.counts[2]},
        "ranges": p.ranges,
        "cloud": cloud,
    }))
}

/// `POST /api/talks`: `pactum talks --format json`, and with `valued` every text's utilities.
/// Only the built-in strategies play: a request is data, and data never starts a program.
pub fn talks(body: &TalksRequest) -> Result<Value, Refusal> {
    let s = request::apply(request::scenario(&body.scenario)?, &body.set)?;
    let bad = |e: &dyn std::fmt::Display| Refusal::Bad(e.to_string());
    let protocol = body
        .protocol
        .as_deref()
        .map(Protocol::parse)
        .transpose()
        .map_err(|e| bad(&e))?;
    let mediator = body
        .mediator
        .as_deref()
        .map(Mediator::parse)
        .transpose()
        .map_err(|e| bad(&e))?;
    let protocol = match protocol {
        Some(Protocol::SingleText(_)) => Some(Protocol::SingleText(
            mediator.or(s.talks.mediator).unwrap_or_default(),
        )),
        p => p,
    };
    let mut strategies = Vec::new();
    for (party, spec) in &body.strategies {
        let parsed = StrategySpec::parse(spec)
            .map_err(|e| Refusal::Bad(format!("strategies.{party}: {e}")))?;
        if parsed.as_outside().is_some() {
            return Err(Refusal::Bad(format!(
                "strategies.{party}: `{spec}` would start a program; the web app plays built-in strategies only"
            )));
        }
        strategies.push((party.clone(), parsed));
    }
    if let Some(r) = body.rounds
        && !(1..=10_000).contains(&r)
    {
        return Err(Refusal::Bad(format!(
            "rounds: {r} is out of range; expected 1 to 10000 (the page keeps the whole record)"
        )));
    }
    let overrides = Overrides {
        protocol,
        mediator,
        rounds: body.rounds,
        seed: body.seed,
        relax: body.relax.clone(),
        strategies,
    };
    let plan =
        Plan::for_scenario(&s, &overrides).map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    // The page keeps the whole record: a scenario's own deadline is bounded as `rounds` is.
    plan.check_recorded_rounds(10_000).map_err(Refusal::Bad)?;
    let problem =
        Problem::new(&s, &plan.relaxed).map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    let session = Session::new(&s, &plan).map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    let mut log = Log::default();
    let ending = talks::run_session(&session, &plan, &mut log);
    let result = record::from_events(&session, &plan, &log.events);
    let zone = output::TalksZone::of(&problem, &session)
        .map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    let doc = output::talks_json(&s, &plan, &result, &ending, &zone);
    let mut value = serde_json::to_value(doc).map_err(|e| Refusal::Unanswerable(e.to_string()))?;
    if body.valued {
        value["offers"] = offers(&s, &problem, &result.events);
    }
    Ok(value)
}

/// Every text of a record with each negotiator's utility, in order.
fn offers(s: &Scenario, problem: &Problem, events: &[pactum_schema::Event]) -> Value {
    let list: Vec<Value> = events
        .iter()
        .filter_map(|e| match e {
            pactum_schema::Event::Proposal {
                round, from, text, ..
            } => {
                let digits: Option<Vec<u32>> = s
                    .issues
                    .iter()
                    .zip(text)
                    .map(|(i, (_, v))| i.digit_of(v))
                    .collect();
                let utilities = problem.deal(digits?).utilities;
                Some(json!({"round": round, "from": from, "utilities": utilities}))
            }
            _ => None,
        })
        .collect();
    Value::Array(list)
}
