//! The tournament config file (`pactum tournament CONFIG.toml`): what a researcher writes once
//! and reruns: the scenarios, the strategies with their parameters, the protocol and mediator,
//! relaxations, deadline, repetitions, self-play and the master seed. Every problem is reported
//! at once with its file, line and column, before anything runs.
//!
//! ```toml
//! [tournament]
//! scenarios = ["car-purchase", "../shared/domains/anl2023"]   # names, files or folders
//! strategies = ["boulware", "linear:e=2", "tit-for-tat"]
//! protocol = "saop"          # saop (default), alternating, single-text
//! # protocols = ["saop", "single-text"]   # or several: every negotiation under each
//! mediator = "nash"          # with single-text
//! relax = []                 # PARTY.REDLINE or PARTY.fallback, in every scenario
//! rounds = 100               # default: each scenario's own
//! repetitions = 3
//! self_play = true
//! seed = 1
//! agent_move_seconds = 10            # outside agents (exec:COMMAND): per answer
//! agent_negotiation_seconds = 120    # and per negotiation
//! ```

use crate::diagnostic::Diagnostic;
use crate::toml_reader::{Reader, parse_document};
use pactum_core::talks::{Mediator, Protocol, StrategySpec};
use toml::de::DeTable;

/// A scenario named by the config, with where it is named.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    /// A bundled name, or a path (relative paths are relative to the config file's folder).
    pub name: String,
    /// 1-based line and column of the entry in the config.
    pub line: usize,
    pub column: usize,
}

/// A tournament config, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentConfig {
    pub scenarios: Vec<ScenarioEntry>,
    pub strategies: Vec<StrategySpec>,
    /// One protocol or several (`protocols = [...]`): the whole plan runs under each, in order.
    pub protocols: Vec<Protocol>,
    pub relax: Vec<String>,
    /// `None`: each scenario's deadline.
    pub rounds: Option<u32>,
    pub repetitions: u32,
    pub self_play: bool,
    pub seed: u64,
    /// Seconds an outside agent may take per answer and per negotiation (`None`: the default).
    pub agent_move_seconds: Option<f64>,
    pub agent_negotiation_seconds: Option<f64>,
}

const TOURNAMENT_KEYS: &[&str] = &[
    "scenarios",
    "strategies",
    "protocol",
    "protocols",
    "mediator",
    "relax",
    "rounds",
    "repetitions",
    "self_play",
    "seed",
    "agent_move_seconds",
    "agent_negotiation_seconds",
];

/// Whether `text` is a tournament config (it has a `[tournament]` table) rather than a scenario.
pub fn is_config(text: &str) -> bool {
    DeTable::parse(text).is_ok_and(|t| t.get_ref().get("tournament").is_some())
}

/// Reads a config; `file` names it in diagnostics.
pub fn read(file: &str, text: &str) -> Result<TournamentConfig, Vec<Diagnostic>> {
    let mut r = Reader::new(file, text);
    let Some(root) = parse_document(&mut r, text, 16) else {
        return Err(r.diagnostics);
    };
    let root = root.get_ref();
    r.check_keys(root, "the config file", &["tournament"]);
    let Some((t, tspan)) = r.table(root, "tournament") else {
        if r.diagnostics.is_empty() {
            r.error(
                0..0,
                "the file has no [tournament] table",
                Some("[tournament] with `scenarios` and `strategies`".into()),
            );
        }
        return Err(r.diagnostics);
    };
    r.check_keys(t, "[tournament]", TOURNAMENT_KEYS);

    let names = r.strings(t, "scenarios");
    if names.is_empty() && t.get("scenarios").is_none() {
        r.error(
            tspan.clone(),
            "[tournament] has no `scenarios`",
            Some("scenarios = [\"car-purchase\", \"path/to/folder\", …]".into()),
        );
    }
    let scenarios = names
        .iter()
        .map(|n| {
            let (line, column) = r.map.position(n.span().start);
            ScenarioEntry {
                name: n.get_ref().clone(),
                line,
                column,
            }
        })
        .collect();

    let mut strategies = Vec::new();
    for spec in r.strings(t, "strategies") {
        match StrategySpec::parse(spec.get_ref()) {
            Ok(s) => strategies.push(s),
            Err(e) => r.error(
                spec.span(),
                format!("strategy \"{}\": {e}", spec.get_ref()),
                Some("NAME[:key=value,...] as `pactum strategies` lists, or exec:COMMAND".into()),
            ),
        }
    }

    let mut protocols = vec![Protocol::Saop];
    let named = |r: &mut Reader<'_>, p: &toml::Spanned<String>| match Protocol::parse(p.get_ref()) {
        Ok(x) => Some(x),
        Err(e) => {
            r.error(p.span(), e.to_string(), None);
            None
        }
    };
    if let Some(p) = r.string(t, "protocol")
        && let Some(x) = named(&mut r, &p)
    {
        protocols = vec![x];
    }
    if t.contains_key("protocols") {
        if t.contains_key("protocol") {
            let span = t
                .get("protocols")
                .map(|v| v.span())
                .unwrap_or_else(|| tspan.clone());
            r.error(
                span,
                "both `protocol` and `protocols` are given",
                Some(
                    "one of them: protocol = \"saop\" or protocols = [\"saop\", \"alternating\"]"
                        .into(),
                ),
            );
        }
        let listed = r.strings(t, "protocols");
        if listed.is_empty() {
            let span = t
                .get("protocols")
                .map(|v| v.span())
                .unwrap_or_else(|| tspan.clone());
            r.error(
                span,
                "`protocols` names none",
                Some("protocols = [\"saop\", \"alternating\"]".into()),
            );
        } else {
            let mut seen: Vec<Protocol> = Vec::new();
            for p in &listed {
                if let Some(x) = named(&mut r, p) {
                    if seen.contains(&x) {
                        r.error(
                            p.span(),
                            format!("protocol `{}` is listed twice", x.id()),
                            Some("each protocol once".into()),
                        );
                    }
                    seen.push(x);
                }
            }
            protocols = seen;
        }
    }
    if let Some(m) = r.string(t, "mediator") {
        match Mediator::parse(m.get_ref()) {
            Ok(x)
                if protocols
                    .iter()
                    .any(|p| matches!(p, Protocol::SingleText(_))) =>
            {
                for p in protocols.iter_mut() {
                    if let Protocol::SingleText(_) = p {
                        *p = Protocol::SingleText(x);
                    }
                }
            }
            Ok(_) => r.error(
                m.span(),
                format!(
                    "`mediator` applies to protocol single-text, not {}",
                    protocols
                        .iter()
                        .map(|p| p.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some("protocol = \"single-text\"".into()),
            ),
            Err(e) => r.error(m.span(), e.to_string(), None),
        }
    }
    if let Some(needs) = protocols.iter().find(|p| p.uses_strategies())
        && strategies.is_empty()
        && t.get("strategies").is_none()
    {
        r.error(
            tspan.clone(),
            format!(
                "[tournament] has no `strategies`, which {} needs",
                needs.id()
            ),
            Some("strategies = [\"boulware\", \"linear\", …]".into()),
        );
    }
    let relax = r
        .strings(t, "relax")
        .into_iter()
        .map(|s| s.into_inner())
        .collect();
    let bounded = |r: &mut Reader<'_>, key: &str, lo: i64, hi: i64| -> Option<i64> {
        let v = r.integer(t, key)?;
        if (lo..=hi).contains(v.get_ref()) {
            Some(*v.get_ref())
        } else {
            r.error(
                v.span(),
                format!("`{key}` is {}", v.get_ref()),
                Some(format!("a whole number from {lo} to {hi}")),
            );
            None
        }
    };
    let rounds = bounded(&mut r, "rounds", 1, 1_000_000).map(|n| n as u32);
    let repetitions = bounded(&mut r, "repetitions", 1, 100_000).unwrap_or(1) as u32;
    let seed = bounded(&mut r, "seed", 0, i64::MAX).unwrap_or(1) as u64;
    let self_play = r.boolean(t, "self_play").unwrap_or(false);
    let seconds = |r: &mut Reader<'_>, key: &str| -> Option<f64> {
        let v = r.number(t, key)?;
        if *v.get_ref() > 0.0 && *v.get_ref() <= 86_400.0 {
            Some(*v.get_ref())
        } else {
            r.error(
                v.span(),
                format!("`{key}` is {}", v.get_ref()),
                Some("a number of seconds > 0 and ≤ 86400".into()),
            );
            None
        }
    };
    let agent_move_seconds = seconds(&mut r, "agent_move_seconds");
    let agent_negotiation_seconds = seconds(&mut r, "agent_negotiation_seconds");
    if !r.diagnostics.is_empty() {
        r.diagnostics.sort_by_key(|d| (d.line, d.column));
        return Err(r.diagnostics);
    }
    Ok(TournamentConfig {
        scenarios,
        strategies,
        protocols,
        relax,
        rounds,
        repetitions,
        self_play,
        seed,
        agent_move_seconds,
        agent_negotiation_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[tournament]
scenarios = ["car-purchase", "inheritance"]
strategies = ["boulware", "linear:e=2"]
protocol = "alternating"
rounds = 50
repetitions = 2
self_play = true
seed = 9
"#;

    #[test]
    fn a_config_reads_with_its_defaults() {
        assert!(is_config(GOOD));
        let c = read("t.toml", GOOD).unwrap();
        assert_eq!(c.scenarios.len(), 2);
        assert_eq!((c.scenarios[1].line, c.scenarios[1].column), (3, 30));
        assert_eq!(c.strategies[1].to_string(), "linear:e=2");
        assert_eq!(c.protocols, vec![Protocol::Alternating]);
        assert_eq!(
            (c.rounds, c.repetitions, c.self_play, c.seed),
            (Some(50), 2, true, 9)
        );
        let minimal = read(
            "m.toml",
            "[tournament]\nscenarios = [\"car-purchase\"]\nprotocol = \"single-text\"\nmediator = \"annealing\"\n",
        )
        .unwrap();
        assert_eq!(
            minimal.protocols,
            vec![Protocol::SingleText(Mediator::Annealing)]
        );
        let two = read(
            "p.toml",
            "[tournament]\nscenarios = [\"car-purchase\"]\nstrategies = [\"boulware\"]\nprotocols = [\"saop\", \"single-text\"]\nmediator = \"hill-climbing\"\n",
        )
        .unwrap();
        assert_eq!(
            two.protocols,
            vec![Protocol::Saop, Protocol::SingleText(Mediator::HillClimbing)]
        );
        let both = read(
            "b.toml",
            "[tournament]\nscenarios = [\"car-purchase\"]\nstrategies = [\"boulware\"]\nprotocol = \"saop\"\nprotocols = [\"saop\", \"saop\"]\n",
        )
        .unwrap_err();
        let at = |needle: &str| {
            both.iter()
                .find(|x| x.message.contains(needle))
                .map(|x| x.line)
        };
        assert_eq!(at("both `protocol` and `protocols`"), Some(5), "{both:#?}");
        assert_eq!(at("listed twice"), Some(5), "{both:#?}");
        assert!(!is_config("[scenario]\nid = \"x\"\n"));
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let bad = r#"
[tournament]
scenarios = ["car-purchase"]
strategies = ["boulware", "bulware"]
protocl = "saop"
repetitions = 0
mediator = "nash"
"#;
        let d = read("b.toml", bad).unwrap_err();
        let at = |needle: &str| {
            d.iter()
                .find(|x| x.message.contains(needle))
                .map(|x| (x.line, x.column))
        };
        assert_eq!(at("bulware"), Some((4, 27)), "{d:#?}");
        assert_eq!(at("unknown key `protocl`"), Some((5, 1)), "{d:#?}");
        assert_eq!(at("`repetitions` is 0"), Some((6, 15)), "{d:#?}");
        assert_eq!(at("`mediator` applies"), Some((7, 12)), "{d:#?}");
    }
}
