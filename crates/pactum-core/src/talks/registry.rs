//! The one table of built-in strategies: name, parameters with defaults and ranges, a one-line
//! description, where it comes from, and the constructor. `pactum strategies`, the spec parser,
//! its "expected one of …" messages and the generated section of `docs/strategies.md` all read
//! it, so a strategy cannot be parsed without being listed, or listed without being parsed.
//!
//! A spec is written `NAME` or `NAME:key=value,...` and parsed once into a [`StrategySpec`];
//! building a built-in strategy from it ([`StrategySpec::build`]) cannot fail. A spec may
//! instead name an outside seat (`exec:COMMAND`, [`OUTSIDE_SCHEMES`]), which the engine only
//! names: whoever runs the talks starts it.

use super::player::{Player, Unseated};
use super::strategy::{self, Strategy};

/// One parameter of a strategy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    /// The key in a spec (`e` in `boulware:e=4`).
    pub name: &'static str,
    /// Its value when the spec does not set it.
    pub default: f64,
    /// The smallest value allowed, and whether it is itself allowed.
    pub min: (f64, bool),
    /// The largest value allowed (`f64::INFINITY`: none), and whether it is itself allowed.
    pub max: (f64, bool),
    /// Whether the value must be a whole number.
    pub integer: bool,
    /// What it does, in a few words.
    pub about: &'static str,
}

impl Param {
    /// A number from 0 to 1, both allowed.
    pub(super) const fn unit(name: &'static str, default: f64, about: &'static str) -> Param {
        Param {
            name,
            default,
            min: (0.0, true),
            max: (1.0, true),
            integer: false,
            about,
        }
    }

    const fn positive(name: &'static str, default: f64, about: &'static str) -> Param {
        Param {
            name,
            default,
            min: (0.0, false),
            max: (f64::INFINITY, false),
            integer: false,
            about,
        }
    }

    /// The allowed range in words, e.g. `> 0`, `0 to 1`, `a whole number ≥ 1`.
    pub fn range(&self) -> String {
        let lo = format!("{}", self.min.0);
        let hi = format!("{}", self.max.0);
        let whole = if self.integer { "a whole number " } else { "" };
        if self.min.0 == f64::NEG_INFINITY && !self.max.0.is_finite() {
            return if self.integer {
                "a whole number".into()
            } else {
                "any number".into()
            };
        }
        match (self.max.0.is_finite(), self.min.1, self.max.1) {
            (false, true, _) => format!("{whole}≥ {lo}"),
            (false, false, _) => format!("{whole}> {lo}"),
            (true, true, true) => format!("{whole}{lo} to {hi}"),
            (true, false, true) => format!("{whole}> {lo} and ≤ {hi}"),
            (true, true, false) => format!("{whole}≥ {lo} and < {hi}"),
            (true, false, false) => format!("{whole}> {lo} and < {hi}"),
        }
    }

    fn admits(&self, v: f64) -> bool {
        let above = if self.min.1 {
            v >= self.min.0
        } else {
            v > self.min.0
        };
        let below = if self.max.1 {
            v <= self.max.0
        } else {
            v < self.max.0
        };
        above && below && (!self.integer || v.fract() == 0.0)
    }
}

/// A built-in strategy: its name, parameters, meaning, source and constructor.
pub struct Entry {
    /// The name in specs.
    pub name: &'static str,
    /// Its parameters, in the order specs print them.
    pub params: &'static [Param],
    /// What it does, in one line.
    pub about: &'static str,
    /// Where the strategy comes from (a paper, a competition, a tool).
    pub source: &'static str,
    build: fn(&[f64]) -> Box<dyn Strategy>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).finish()
    }
}

const E_LATE: [Param; 1] = [Param::positive(
    "e",
    4.0,
    "concession exponent: above 1 concedes late",
)];
const E_LINEAR: [Param; 1] = [Param::positive("e", 1.0, "concession exponent")];
const E_EARLY: [Param; 1] = [Param::positive(
    "e",
    0.25,
    "concession exponent: below 1 concedes early",
)];
const MODELLED: [Param; 2] = [
    Param::positive("e", 2.0, "concession exponent of its target"),
    Param {
        name: "window",
        default: 256.0,
        min: (1.0, true),
        max: (f64::INFINITY, false),
        integer: true,
        about: "candidates examined per proposal, from its target upwards",
    },
];
const RANDOM: [Param; 1] = [Param {
    name: "p",
    default: 0.5,
    min: (0.0, true),
    max: (1.0, true),
    integer: false,
    about: "probability of accepting an offer at or above its fallback",
}];
const EQUILIBRIUM: [Param; 1] = [Param {
    name: "other",
    default: 0.9,
    min: (0.0, false),
    max: (1.0, true),
    integer: false,
    about: "the other party's discount factor per round, taken as common knowledge",
}];

const ASPIRATION: [Param; 2] = [
    Param::positive(
        "e",
        4.0,
        "exponent of the aspiration curve 1 − t^e (4: Boulware)",
    ),
    Param {
        name: "tolerance",
        default: 0.001,
        min: (0.0, true),
        max: (1.0, true),
        integer: false,
        about: "how far below the curve an outcome may lie",
    },
];

/// Every built-in strategy, in the order `pactum strategies` lists them.
pub static REGISTRY: &[Entry] = &[
    Entry {
        name: "boulware",
        params: &E_LATE,
        about: "time-dependent, concedes late: target = max − (max − min)·t^e",
        source: "Faratin, Sierra and Jennings 1998; NegMAS's BoulwareTBNegotiator",
        build: |v| strategy::time_dependent(v[0]),
    },
    Entry {
        name: "linear",
        params: &E_LINEAR,
        about: "time-dependent, concedes at a constant rate",
        source: "Faratin, Sierra and Jennings 1998; NegMAS's LinearTBNegotiator",
        build: |v| strategy::time_dependent(v[0]),
    },
    Entry {
        name: "conceder",
        params: &E_EARLY,
        about: "time-dependent, concedes early",
        source: "Faratin, Sierra and Jennings 1998; NegMAS's ConcederTBNegotiator",
        build: |v| strategy::time_dependent(v[0]),
    },
    Entry {
        name: "hardliner",
        params: &[],
        about: "always offers its best outcome and accepts nothing less",
        source: "GENIUS's HardlinerAgent; NegMAS's ToughNegotiator",
        build: |_| strategy::hardliner(),
    },
    Entry {
        name: "random",
        params: &RANDOM,
        about: "offers a random outcome at or above its fallback; accepts such an offer with probability p",
        source: "GENIUS's RandomParty; NegMAS's RandomNegotiator",
        build: |v| strategy::random(v[0]),
    },
    Entry {
        name: "tit-for-tat",
        params: &[],
        about: "relative tit-for-tat: concedes as much as the others' offers improved for it, and at least one step from its second offer on",
        source: "Axelrod; Baarslag et al. 2013; NegMAS's NaiveTitForTatNegotiator (must_concede)",
        build: |_| strategy::tit_for_tat(),
    },
    Entry {
        name: "nash",
        params: &MODELLED,
        about: "time-dependent; offers the outcome above its target with the largest product of its utility and a frequency estimate of the others'",
        source: "pactum",
        build: |v| strategy::modelled(v[0], v[1] as usize, true),
    },
    Entry {
        name: "micro",
        params: &[],
        about: "MiCRO: concedes one step only after each new distinct offer from the others",
        source: "de Jonge 2022, 'An analysis of the linear bilateral ANAC domains using the MiCRO benchmark strategy'",
        build: |_| strategy::micro(),
    },
    Entry {
        name: "frequency",
        params: &MODELLED,
        about: "time-dependent; offers what a frequency-based model of the others rates best above its target",
        source: "pactum, with a HardHeaded-style frequency model",
        build: |v| strategy::modelled(v[0], v[1] as usize, false),
    },
    Entry {
        name: "equilibrium",
        params: &EQUILIBRIUM,
        about: "Rubinstein's subgame-perfect play over a divisible pie: keeps the backward-induction share, accepts its continuation value",
        source: "Rubinstein 1982, with a finite deadline solved by backward induction",
        build: |v| strategy::equilibrium(v[0]),
    },
    Entry {
        name: "cab",
        params: &[],
        about: "offers its outcomes at or above its fallback one per turn, best first, then repeats the last; accepts, after a first offer at or above its fallback, only strictly better ones",
        source: "NegMAS's CABNegotiator (gb/negotiators/cab.py)",
        build: |_| strategy::exhaustive(false, strategy::Accepting::Better),
    },
    Entry {
        name: "car",
        params: &[],
        about: "offers its outcomes at or above its fallback one per turn, best first, then repeats the last; accepts any offer at or above its fallback",
        source: "NegMAS's CARNegotiator (gb/negotiators/cab.py)",
        build: |_| strategy::exhaustive(false, strategy::Accepting::Rational),
    },
    Entry {
        name: "can",
        params: &[],
        about: "offers its outcomes at or above its fallback one per turn, best first, then repeats the last; accepts offers not worse than the last it accepted (at first, its fallback)",
        source: "NegMAS's CANNegotiator (gb/negotiators/cab.py)",
        build: |_| strategy::exhaustive(false, strategy::Accepting::NotWorse),
    },
    Entry {
        name: "wab",
        params: &[],
        about: "first offers every outcome below its fallback, one per turn (reverse enumeration order), then concedes best first; accepts, after a first offer at or above its fallback, only strictly better ones",
        source: "NegMAS's WABNegotiator (gb/negotiators/war.py)",
        build: |_| strategy::exhaustive(true, strategy::Accepting::Better),
    },
    Entry {
        name: "war",
        params: &[],
        about: "first offers every outcome below its fallback, one per turn (reverse enumeration order), then concedes best first; accepts any offer at or above its fallback",
        source: "NegMAS's WARNegotiator (gb/negotiators/war.py)",
        build: |_| strategy::exhaustive(true, strategy::Accepting::Rational),
    },
    Entry {
        name: "wan",
        params: &[],
        about: "first offers every outcome below its fallback, one per turn (reverse enumeration order), then concedes best first; accepts offers not worse than the last it accepted (at first, its fallback)",
        source: "NegMAS's WANNegotiator (gb/negotiators/war.py)",
        build: |_| strategy::exhaustive(true, strategy::Accepting::NotWorse),
    },
    Entry {
        name: "aspiration",
        params: &ASPIRATION,
        about: "NegMAS's aspiration curve on NegMAS's clock: target min + (max − min)·(1 − t^e) − tolerance, t = round/(deadline + 1); offers the worst outcome at or above it",
        source: "NegMAS's AspirationNegotiator (gb/negotiators/timebased.py)",
        build: |v| strategy::aspiration(v[0], v[1]),
    },
    Entry {
        name: "agentk",
        params: &super::classic::AGENT_K,
        about: "AgentK (ANAC 2010 winner): concedes towards the most it estimates it can get from the others' offers (mean + (1 − mean)·width), accepts with a probability that grows with time and with how far the offer beats that estimate and its target",
        source: "Kawaguchi, Fujita and Ito 2011, 'AgentK: Compromising strategy based on estimated maximum utility for automated negotiating agents'",
        build: |v| Box::new(super::classic::AgentK::new(v[0])),
    },
    Entry {
        name: "hardheaded",
        params: &super::classic::HARD_HEADED,
        about: "HardHeaded (ANAC 2011 winner): Boulware concession (k = e = 0.05) walking down its outcomes, back to its own earlier offers once below the target; offers what a frequency model rates best for the others among near-equal outcomes; accepts better than its lowest offer or its next",
        source: "van Krimpen, Looije and Hajizadeh 2013, 'HardHeaded', in Complex Automated Negotiations",
        build: |v| Box::new(super::classic::HardHeaded::new(v[0])),
    },
    Entry {
        name: "cuhkagent",
        params: &[],
        about: "CUHKAgent (ANAC 2012 winner, ABiNeS): exploits until a non-exploitation point set by the discount and the others' concession, then concedes as the discount does; offers what the others' value counts rate best above its threshold, their best offer in its last chance",
        source: "Hao and Leung 2012, 'ABiNeS: An adaptive bilateral negotiating strategy over multiple items'; constants as in GENIUS's decoupled CUHKAgent",
        build: |_| Box::new(super::classic::CuhkAgent::new()),
    },
    Entry {
        name: "thefawkes",
        params: &[],
        about: "TheFawkes (ANAC 2013 winner): a reserved utility on a plateau until the last hundredth of the time (R(t) = rv + (1 − t^500)(max·δ^0.2 − rv)), less a tenth of the time; offers what its frequency model rates best for the others above that bound, the runner-up after ten equal offers; accepts its next offer's worth above the mean of its outcomes, and in its last round the best offer of the last ten",
        source: "TheFawkes, ANAC 2013 (Gal and Ilany 2015, 'The fourth automated negotiation competition'); its bidding after Chen and Weiss 2012 (OMAC); constants as in GENIUS's agent",
        build: |_| Box::new(super::classic::TheFawkes::new()),
    },
    Entry {
        name: "atlas3",
        params: &[],
        about: "Atlas3 (ANAC 2015 winner, multilateral): a threshold falling to the expected utility of the last offers as a game of chicken against the best offer every other party supported; offers the least outcome above it near a random one, shaped to the others' favourite values; in its last turns walks back through the offers every other party supported",
        source: "Mori and Ito 2017, 'Atlas3: A negotiating agent based on expecting lower limit of concession function' (ANAC 2015); constants as in GENIUS's agent",
        build: |_| Box::new(super::classic::Atlas3::new()),
    },
    Entry {
        name: "parsagent",
        params: &[],
        about: "ParsAgent (second at ANAC 2015): target max(0.7, 1 − t^(1/0.15)) of its best; offers its best with a little-weighted issue changed, or outcomes built from offers others accepted and values every other party offers most; accepts strictly above its target",
        source: "Khosravimehr and Nassiri-Mofakham 2017, 'Pars agent: hybrid time-dependent, random and frequency-based bidding and acceptance strategies in multilateral negotiations' (ANAC 2015); constants as in GENIUS's agent",
        build: |_| Box::new(super::classic::ParsAgent::new()),
    },
    Entry {
        name: "caduceus",
        params: &[],
        about: "Caduceus (ANAC 2016 winner): its best outcome until 0.83 of the time, then a portfolio of experts (ParsAgent 500, RandomDance 10, Kawaii 5, Atlas3 3, its team's 2015 agent 1) votes to accept or offer, and one offering expert, drawn by score, makes the offer; pactum stands in for the experts it lacks",
        source: "Güneş, Arditi and Aydoğan 2017, 'Collective voice of experts in multilateral negotiation' (PRIMA); ANAC 2016; scores as in GENIUS's agent",
        build: |_| Box::new(super::classic::Caduceus::new()),
    },
    Entry {
        name: "nice-tit-for-tat",
        params: &super::classic::NICE_TIT_FOR_TAT,
        about: "Nice Tit-for-Tat (ANAC 2011): mirrors the others' concession towards the Nash point its Bayesian model estimates, offers what the model rates best for them at that target; accepts its next offer's worth, and near the deadline their best offer",
        source: "Baarslag, Hindriks and Jonker 2013, 'A tit for tat negotiation strategy for real-time bilateral negotiations'",
        build: |v| Box::new(super::classic::NiceTitForTat::new(v[0] as usize)),
    },
    Entry {
        name: "ponpoko",
        params: &super::classic::PON_POKO,
        about: "PonPokoAgent (ANAC 2017 winner): one of five bands of utilities drawn at the start (linear, or oscillating with |sin 20t| or |sin 40t|); offers at random from the band, accepts above its low end",
        source: "Matsune, PonPokoAgent, ANAC 2017 (described in Aydoğan, Fujita, Baarslag, Jonker and Ito 2021, 'ANAC 2017: Repeated multilateral negotiation league')",
        build: |v| {
            Box::new(super::classic::PonPoko::new(
                (v[0] >= 0.0).then_some(v[0] as u8),
            ))
        },
    },
    Entry {
        name: "agentgg",
        params: &[],
        about: "AgentGG (ANAC 2019 winner): a schedule of thresholds falling in stages towards a Nash point estimated from the others' early offers; offers at random in a 0.1 band above the threshold, then what a frequency model rates best for the others; accepts at or above the threshold",
        source: "Shaobo Xu, AgentGG, ANAC 2019 (described in Aydoğan et al. 2020, 'Challenges and main results of the automated negotiating agents competition (ANAC) 2019')",
        build: |_| Box::new(super::classic::AgentGG::new()),
    },
    Entry {
        name: "agreeable",
        params: &[],
        about: "AgreeableAgent2018 (ANAC 2018 winner): its best until 20% of the time, then a Boulware curve (factor 0.1) floored at 0.8; once its frequency models may be used, a roulette wheel over the outcomes near the target weighted by their estimates for the others; accepts its next offer's worth, or its fallback from 99% of the time",
        source: "Sahar Mirzayi (University of Tehran), AgreeableAgent2018, ANAC 2018; constants as in GENIUS's agent",
        build: |_| Box::new(super::classic::AgreeableAgent2018::new()),
    },
    Entry {
        name: "hybrid",
        params: &super::hybrid::PARAMS,
        about: "NegMAS's hybrid: a quadratic Bézier time curve (1 → 0.75 → a last point set by the domain's size) mixed with an empathic answer to the others' recent concessions; offers the outcome nearest its target, accepts its next offer's worth (ACnext); on NegMAS's clock",
        source: "Keskin, Buzcu and Aydoğan 2021; NegMAS's HybridNegotiator (gb/negotiators/hybrid.py)",
        build: |v| Box::new(super::hybrid::Hybrid::new(v[0], v[1], v[2])),
    },
];

/// The entry called `name`.
pub fn entry(name: &str) -> Option<&'static Entry> {
    REGISTRY.iter().find(|e| e.name == name)
}

/// A strategy chosen by name with every parameter resolved: parsed once, built as often as
/// needed. Or a seat filled from outside the engine ([`Outside`]), which the engine only names.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategySpec {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Registered {
        entry: &'static Entry,
        /// Every parameter's value, in the entry's order.
        values: Vec<f64>,
        /// Which of them the spec set.
        given: Vec<bool>,
    },
    Outside(Outside),
    Boa(Box<super::boa::BoaSpec>),
}

/// A player from outside the engine: `exec:COMMAND`, a program speaking the `pactum.agent`
/// JSON-lines protocol, or an object a binding hands over (`python:NAME`). The engine has no I/O,
/// so it cannot start one: whoever runs the talks seats it (see [`super::run_seated`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outside {
    /// `exec`, or the binding's name.
    pub scheme: String,
    /// What follows the scheme: the command line, the object's name.
    pub target: String,
}

/// The outside schemes a spec may be written with, and what each one seats.
pub const OUTSIDE_SCHEMES: &[(&str, &str)] = &[(
    "exec",
    "a program that speaks the pactum.agent JSON-lines protocol on stdin and stdout (docs/agents.md)",
)];

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl StrategySpec {
    /// The strategy with its default parameters.
    pub fn default_of(entry: &'static Entry) -> StrategySpec {
        StrategySpec {
            kind: Kind::Registered {
                entry,
                values: entry.params.iter().map(|p| p.default).collect(),
                given: vec![false; entry.params.len()],
            },
        }
    }

    /// An outside seat, as a binding names the objects it hands over.
    pub fn outside(scheme: &str, target: &str) -> StrategySpec {
        StrategySpec {
            kind: Kind::Outside(Outside {
                scheme: scheme.to_string(),
                target: target.to_string(),
            }),
        }
    }

    /// Parses `NAME`, `NAME:key=value,...` or `exec:COMMAND`.
    pub fn parse(spec: &str) -> Result<StrategySpec, SpecError> {
        let (name, params) = spec.split_once(':').unwrap_or((spec, ""));
        if let Some((scheme, _)) = OUTSIDE_SCHEMES.iter().find(|s| s.0 == name.trim()) {
            let target = params.trim();
            if target.is_empty() {
                return Err(SpecError::NoCommand {
                    scheme: scheme.to_string(),
                });
            }
            return Ok(StrategySpec::outside(scheme, target));
        }
        if name.trim() == "boa" {
            return Ok(StrategySpec {
                kind: Kind::Boa(Box::new(super::boa::BoaSpec::parse(params, spec)?)),
            });
        }
        let entry = entry(name.trim()).ok_or_else(|| SpecError::UnknownName {
            name: name.to_string(),
        })?;
        let (values, given) = parse_params(entry.name, entry.params, params, spec)?;
        Ok(StrategySpec {
            kind: Kind::Registered {
                entry,
                values,
                given,
            },
        })
    }

    /// The strategy's name, or the outside scheme (`exec`).
    pub fn name(&self) -> &str {
        match &self.kind {
            Kind::Registered { entry, .. } => entry.name,
            Kind::Outside(o) => &o.scheme,
            Kind::Boa(_) => "boa",
        }
    }

    /// The strategy's registry entry (none for an outside seat).
    pub fn entry(&self) -> Option<&'static Entry> {
        match &self.kind {
            Kind::Registered { entry, .. } => Some(entry),
            Kind::Outside(_) | Kind::Boa(_) => None,
        }
    }

    /// The outside player this seat names, if it is one.
    pub fn as_outside(&self) -> Option<&Outside> {
        match &self.kind {
            Kind::Outside(o) => Some(o),
            Kind::Registered { .. } | Kind::Boa(_) => None,
        }
    }

    /// The value of parameter `name`.
    pub fn value(&self, name: &str) -> Option<f64> {
        match &self.kind {
            Kind::Registered { entry, values, .. } => entry
                .params
                .iter()
                .position(|p| p.name == name)
                .map(|k| values[k]),
            Kind::Outside(_) | Kind::Boa(_) => None,
        }
    }

    /// A fresh built-in strategy (none for an outside seat: the engine cannot start one).
    pub fn build(&self) -> Option<Box<dyn Strategy>> {
        match &self.kind {
            Kind::Registered { entry, values, .. } => Some((entry.build)(values)),
            Kind::Boa(boa) => Some(boa.build()),
            Kind::Outside(_) => None,
        }
    }

    /// A fresh player: the built-in strategy, or, for an outside seat nobody has seated, a
    /// player whose every move fails with the reason (so its negotiation ends as an error).
    pub fn player(&self) -> Box<dyn Player> {
        match self.build() {
            Some(s) => Box::new(s),
            None => Box::new(Unseated(format!(
                "`{self}` is an outside player, and whoever ran these talks could not start one (the pactum binary and tournaments can)"
            ))),
        }
    }
}

/// Parses `key=value,...` for the parameters `params` of `name`: every value, in their order,
/// and which of them the text set. `spec` is the whole spec, for messages.
pub(super) fn parse_params(
    name: &'static str,
    params: &'static [Param],
    text: &str,
    spec: &str,
) -> Result<(Vec<f64>, Vec<bool>), SpecError> {
    let mut values: Vec<f64> = params.iter().map(|p| p.default).collect();
    let mut given = vec![false; params.len()];
    for kv in text.split(',').filter(|s| !s.trim().is_empty()) {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(SpecError::NotKeyValue {
                text: kv.to_string(),
                spec: spec.to_string(),
            });
        };
        let (k, v) = (k.trim(), v.trim());
        let Some(slot) = params.iter().position(|p| p.name == k) else {
            return Err(SpecError::UnknownParameter {
                strategy: name,
                parameter: k.to_string(),
                expected: params.iter().map(|p| p.name).collect(),
            });
        };
        if given[slot] {
            return Err(SpecError::Repeated {
                strategy: name,
                parameter: params[slot].name,
            });
        }
        let x: f64 = v
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| SpecError::NotANumber {
                text: v.to_string(),
                spec: spec.to_string(),
            })?;
        let param = &params[slot];
        if !param.admits(x) {
            return Err(SpecError::OutOfRange {
                strategy: name,
                param: *param,
                value: x,
            });
        }
        values[slot] = x;
        given[slot] = true;
    }
    Ok((values, given))
}

/// The parameters of a table row in `docs/strategies.md`.
pub(super) fn params_markdown(params: &[Param]) -> String {
    if params.is_empty() {
        "—".to_string()
    } else {
        params
            .iter()
            .map(|p| format!("`{}={}` ({}; {})", p.name, p.default, p.range(), p.about))
            .collect::<Vec<_>>()
            .join("<br>")
    }
}

/// The spec as it is written: the name, then the parameters it set, in the entry's order.
impl std::fmt::Display for StrategySpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (entry, values, given) = match &self.kind {
            Kind::Registered {
                entry,
                values,
                given,
            } => (entry, values, given),
            Kind::Outside(o) => return write!(f, "{}:{}", o.scheme, o.target),
            Kind::Boa(boa) => return write!(f, "{boa}"),
        };
        f.write_str(entry.name)?;
        let set: Vec<String> = entry
            .params
            .iter()
            .zip(values)
            .zip(given)
            .filter(|(_, given)| **given)
            .map(|((p, v), _)| format!("{}={v}", p.name))
            .collect();
        if !set.is_empty() {
            write!(f, ":{}", set.join(","))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for StrategySpec {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StrategySpec::parse(s)
    }
}

/// Why a strategy spec does not parse.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SpecError {
    /// An outside scheme with nothing after it (`exec:`).
    NoCommand {
        /// The scheme.
        scheme: String,
    },
    /// No strategy has this name.
    UnknownName {
        /// The name given.
        name: String,
    },
    /// A parameter is not written `key=value`.
    NotKeyValue {
        /// The offending part.
        text: String,
        /// The whole spec.
        spec: String,
    },
    /// The strategy has no such parameter.
    UnknownParameter {
        /// The strategy (or BOA component).
        strategy: &'static str,
        /// The key given.
        parameter: String,
        /// The parameters it has.
        expected: Vec<&'static str>,
    },
    /// A BOA spec names a part other than offer, accept, model and oms.
    UnknownPart {
        /// The part given.
        part: String,
    },
    /// A BOA part names no component of that kind.
    UnknownComponent {
        /// The part (`offer`, `accept`, `model`, `oms`).
        part: &'static str,
        /// The name given.
        name: String,
        /// The components of that part.
        expected: Vec<&'static str>,
    },
    /// Parentheses in a BOA spec do not pair up.
    Unbalanced {
        /// The whole spec.
        spec: String,
    },
    /// A parameter is set twice.
    Repeated {
        /// The strategy.
        strategy: &'static str,
        /// The parameter.
        parameter: &'static str,
    },
    /// A value is not a finite number.
    NotANumber {
        /// The value given.
        text: String,
        /// The whole spec.
        spec: String,
    },
    /// A value lies outside the parameter's range.
    OutOfRange {
        /// The strategy.
        strategy: &'static str,
        /// The parameter, with its range.
        param: Param,
        /// The value given.
        value: f64,
    },
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::NoCommand { scheme } => write!(
                f,
                "`{scheme}:` names no program; expected {scheme}:COMMAND, e.g. `{scheme}:python3 agent.py`"
            ),
            SpecError::UnknownName { name } => write!(
                f,
                "no strategy named `{name}`; expected one of {}, boa:…, or exec:COMMAND",
                REGISTRY
                    .iter()
                    .map(|e| e.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SpecError::NotKeyValue { text, spec } => {
                write!(f, "`{text}` in `{spec}`: expected key=value")
            }
            SpecError::UnknownParameter {
                strategy,
                parameter,
                expected,
            } => write!(
                f,
                "`{strategy}` has no parameter `{parameter}`; expected {}",
                if expected.is_empty() {
                    "none".to_string()
                } else {
                    expected.join(", ")
                }
            ),
            SpecError::UnknownPart { part } => write!(
                f,
                "a BOA agent has no part `{part}`; expected {}",
                super::boa::PARTS.join(", ")
            ),
            SpecError::UnknownComponent {
                part,
                name,
                expected,
            } => write!(
                f,
                "no {part} component named `{name}`; expected one of {}",
                expected.join(", ")
            ),
            SpecError::Unbalanced { spec } => write!(
                f,
                "the parentheses of `{spec}` do not pair up; expected part=NAME(key=value,...)"
            ),
            SpecError::Repeated {
                strategy,
                parameter,
            } => write!(
                f,
                "`{parameter}` of `{strategy}` is given twice; expected it at most once"
            ),
            SpecError::NotANumber { text, spec } => {
                write!(f, "`{text}` in `{spec}`: expected a finite number")
            }
            SpecError::OutOfRange {
                strategy,
                param,
                value,
            } => write!(
                f,
                "`{}` of `{strategy}` is {value}; expected {}",
                param.name,
                param.range()
            ),
        }
    }
}

impl std::error::Error for SpecError {}

/// Splits a comma-separated list of specs, where a spec's own parameters are comma-separated
/// too: a piece outside parentheses that reads `key=value` with no `:` before its `=`
/// (`e=2`, `model=smith`) continues the spec before it. So
/// `nash:e=2,window=64,boa:model=smith,accept=combi(t=0.9),boulware` is three specs.
pub fn split_list(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    for ch in text.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                pieces.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    pieces.push(current);
    let mut specs: Vec<String> = Vec::new();
    for piece in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let continues = piece
            .split_once('=')
            .is_some_and(|(key, _)| !key.contains(':'));
        match specs.last_mut() {
            Some(last) if continues => {
                last.push(',');
                last.push_str(piece);
            }
            _ => specs.push(piece.to_string()),
        }
    }
    specs
}

/// The generated section of `docs/strategies.md`: a table of every strategy.
pub fn markdown() -> String {
    let mut out = String::from(
        "| strategy | parameters (default; allowed) | what it does | source |\n|---|---|---|---|\n",
    );
    for e in REGISTRY {
        let params = params_markdown(e.params);
        out.push_str(&format!(
            "| `{}` | {params} | {} | {} |\n",
            e.name, e.about, e.source
        ));
    }
    out.push_str(
        "| `boa` | `offer=`, `accept=`, `model=`, `oms=`: one component of each table below, `NAME(key=value,...)` | a BOA agent composed of an offering strategy, an acceptance condition, an opponent model and an opponent-model strategy | Baarslag et al. 2014; GENIUS's BOA framework |\n",
    );
    out.push_str(&super::boa::markdown());
    out
}

#[cfg(test)]
mod tests;
