//! What a request asks for: a scenario (bundled name, path, or uploaded texts in any supported
//! format) and the what-if settings (relaxed constraints, fixed issues, changed numbers), read
//! once into the engine's types. Unknown fields are refused, so a typo is an error, not a
//! silently ignored setting.

use pactum_core::scenario::Scenario;
use serde::Deserialize;

/// One uploaded file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileText {
    /// Its name: the extension tells the format (`.toml`; GENIUS `.xml`; GeniusWeb `.json`).
    pub name: String,
    pub text: String,
}

/// Where the scenario comes from: exactly one of a name (bundled, or a path on this machine)
/// or files.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRef {
    pub name: Option<String>,
    pub files: Option<Vec<FileText>>,
}

/// A number changed for the question: a party's fallback, or its weight on an issue.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub party: String,
    pub fallback: Option<f64>,
    pub issue: Option<String>,
    pub weight: Option<f64>,
}

/// A scenario with what-if settings: the body of `/api/analyze`, `/api/plane` and (with the
/// talks' own settings) `/api/talks`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIf {
    pub scenario: ScenarioRef,
    /// Constraint ids (`party.redline`, `party.fallback`) to drop.
    #[serde(default)]
    pub relax: Vec<String>,
    /// `ISSUE=VALUE`: study only the outcomes where the issue takes the value.
    #[serde(default)]
    pub fix: Vec<String>,
    /// Numbers changed.
    #[serde(default)]
    pub set: Vec<Edit>,
}

/// The body of `/api/talks`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TalksRequest {
    pub scenario: ScenarioRef,
    #[serde(default)]
    pub relax: Vec<String>,
    #[serde(default)]
    pub set: Vec<Edit>,
    pub protocol: Option<String>,
    pub mediator: Option<String>,
    /// Party id → strategy spec (`boulware:e=4`), under the offer protocols.
    #[serde(default)]
    pub strategies: std::collections::BTreeMap<String, String>,
    pub rounds: Option<u32>,
    pub seed: Option<u64>,
    /// Add `offers`: every text with each negotiator's utility, for drawing.
    #[serde(default)]
    pub valued: bool,
}

/// A request that cannot be answered, and why.
#[derive(Debug)]
pub enum Refusal {
    /// 400: the scenario does not read; the message as the CLI prints it, and its diagnostics.
    Scenario {
        message: String,
        diagnostics: Vec<pactum_formats::Diagnostic>,
    },
    /// 400: the request itself is wrong.
    Bad(String),
    /// 422: well-formed, but the engine cannot answer it (a space too large, an unknown
    /// relaxation).
    Unanswerable(String),
}

/// The scenario `r` names, read as the CLI reads it (oversized spaces allowed: the analysis
/// refuses what it cannot do, with the size).
pub fn scenario(r: &ScenarioRef) -> Result<Scenario, Refusal> {
    let loaded = match (&r.name, &r.files) {
        (Some(name), None) => {
            pactum_files::load(&pactum_files::Source::Named(Some(name.clone())), true)
        }
        (None, Some(files)) if !files.is_empty() => {
            let texts: Vec<(String, String)> = files
                .iter()
                .map(|f| (f.name.clone(), f.text.clone()))
                .collect();
            let name = files[0]
                .name
                .rsplit_once('.')
                .map_or(files[0].name.as_str(), |(stem, _)| stem);
            pactum_files::from_texts(name, &texts)
        }
        _ => {
            return Err(Refusal::Bad(
                "`scenario` takes exactly one of `name` (a bundled scenario or a path) and `files` (a non-empty list of {name, text})".into(),
            ));
        }
    };
    loaded.map_err(|e| Refusal::Scenario {
        message: e.rendered,
        diagnostics: e.diagnostics,
    })
}

/// `s` with the edits applied; an edit naming nothing, or a number out of range, is refused.
pub fn apply(mut s: Scenario, edits: &[Edit]) -> Result<Scenario, Refusal> {
    for (k, e) in edits.iter().enumerate() {
        let at = |what: String| Refusal::Bad(format!("set[{k}]: {what}"));
        let Some(p) = s.party_index(&e.party) else {
            let known: Vec<&str> = s.parties.iter().map(|p| p.id.as_str()).collect();
            return Err(at(format!(
                "no party `{}`; expected one of {}",
                e.party,
                known.join(", ")
            )));
        };
        match (e.fallback, &e.issue, e.weight) {
            (Some(f), None, None) => {
                if !f.is_finite() {
                    return Err(at("a fallback must be a finite number".into()));
                }
                s.parties[p].fallback.utility = f;
            }
            (None, Some(issue), Some(w)) => {
                if !(w.is_finite() && w >= 0.0) {
                    return Err(at(format!("a weight must be a number ≥ 0, not {w}")));
                }
                let Some(i) = s.issues.iter().position(|x| &x.id == issue) else {
                    return Err(at(format!("no issue `{issue}`")));
                };
                let Some(pref) = s.parties[p]
                    .preferences
                    .issues
                    .iter_mut()
                    .find(|x| x.issue == i)
                else {
                    return Err(at(format!(
                        "`{}` has no preferences over `{issue}`",
                        e.party
                    )));
                };
                pref.weight = w;
            }
            _ => {
                return Err(at(
                    "expected {party, fallback} or {party, issue, weight}".into()
                ));
            }
        }
    }
    Ok(s)
}
