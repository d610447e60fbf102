//! The BOA architecture (Baarslag, Hindriks, Hendrikx, Dirkzwager and Jonker, "Decoupling
//! negotiating agents to explore the space of negotiation strategies", 2014; GENIUS's
//! `boaframework`): an agent built from a **b**idding (offering) strategy, an **o**pponent
//! model, an opponent-model strategy that uses the model to choose among equally good offers,
//! and an **a**cceptance condition. Any combination is one spec:
//!
//! ```text
//! boa:offer=timedep(e=0.2),accept=combi(t=0.98),model=hardheaded,oms=bestbid
//! ```
//!
//! Each part is optional (defaults: `timedep`, `next`, `uniform`, `bestbid`); each component and
//! its parameters is listed in [`OFFERING`], [`ACCEPTANCE`], [`MODELS`] and [`MODEL_STRATEGIES`].
//!
//! Components are correct with several other parties: the model keeps one estimate per party,
//! the opponent-model strategy serves the worst-off of them, the acceptance windows read every
//! party's offers. The agent never accepts, nor aims below, its fallback.

pub mod acceptance;
pub mod model;
pub mod offering;
#[cfg(test)]
pub(crate) mod tests;

use super::registry::{Param, SpecError, parse_params};
use super::strategy::{Own, Strategy, View};
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use acceptance::{Acceptance, Moment, Window};
use model::OpponentModel;
use offering::{ModelStrategy, Offering};

/// One component: its name, parameters, meaning, source and constructor.
pub struct Component<T: ?Sized + 'static> {
    /// The name in a spec.
    pub name: &'static str,
    /// Its parameters, in the order specs print them.
    pub params: &'static [Param],
    /// What it does, in one line.
    pub about: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    build: fn(&[f64]) -> Box<T>,
}

impl<T: ?Sized> std::fmt::Debug for Component<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

const fn param(
    name: &'static str,
    default: f64,
    min: (f64, bool),
    max: (f64, bool),
    about: &'static str,
) -> Param {
    Param {
        name,
        default,
        min,
        max,
        integer: false,
        about,
    }
}

const ANY: (f64, bool) = (f64::NEG_INFINITY, false);
const UNBOUNDED: (f64, bool) = (f64::INFINITY, false);
const ZERO: (f64, bool) = (0.0, true);
const ONE: (f64, bool) = (1.0, true);

const TIMEDEP: [Param; 2] = [
    param(
        "e",
        1.0,
        (0.0, false),
        UNBOUNDED,
        "concession exponent: above 1 concedes late",
    ),
    param(
        "k",
        0.0,
        ZERO,
        (1.0, false),
        "share of the range conceded at once",
    ),
];
const SCALE_SHIFT: [Param; 2] = [
    param(
        "a",
        1.0,
        (0.0, false),
        UNBOUNDED,
        "scale α of the offer's utility",
    ),
    param("b", 0.0, ANY, UNBOUNDED, "shift β added to it"),
];
const GAP: [Param; 1] = [param("c", 0.01, ZERO, ONE, "the gap c")];
const CONST: [Param; 1] = [param("c", 0.9, ZERO, ONE, "the utility accepted")];
const TIME: [Param; 1] = [param(
    "t",
    0.99,
    ZERO,
    ONE,
    "the time after which anything goes",
)];
const COMBI_V4: [Param; 5] = [
    param(
        "a",
        1.0,
        (0.0, false),
        UNBOUNDED,
        "scale of the offer, undiscounted talks",
    ),
    param("b", 0.0, ANY, UNBOUNDED, "shift, undiscounted talks"),
    param(
        "c",
        1.0,
        (0.0, false),
        UNBOUNDED,
        "scale of the offer, discounted talks",
    ),
    param("d", 0.0, ANY, UNBOUNDED, "shift, discounted talks"),
    param(
        "e",
        0.8,
        ZERO,
        ONE,
        "discount factor at or below which the talks count as discounted",
    ),
];
const COMBI: [Param; 1] = [param(
    "t",
    0.98,
    ZERO,
    ONE,
    "the time the window rule starts",
)];
const HARDHEADED: [Param; 2] = [
    param(
        "learn",
        0.2,
        (0.0, false),
        ONE,
        "weight learnt per unchanged issue (×1/n)",
    ),
    param(
        "value",
        1.0,
        (0.0, false),
        UNBOUNDED,
        "score added to each value offered",
    ),
];
const BESTBID: [Param; 2] = [
    param(
        "until",
        1.1,
        ZERO,
        UNBOUNDED,
        "time after which the model stops learning",
    ),
    Param {
        name: "limit",
        default: 1000.0,
        min: (1.0, true),
        max: UNBOUNDED,
        integer: true,
        about: "candidates examined per offer, nearest the target first",
    },
];
const BAYESIAN: [Param; 2] = [
    param(
        "step",
        0.035,
        (0.0, false),
        (1.0, false),
        "utility the party is assumed to concede per new offer",
    ),
    param(
        "sigma",
        0.25,
        (0.0, false),
        UNBOUNDED,
        "spread of the likelihood around the utility it is expected to ask",
    ),
];
const RESERVATION: [Param; 1] = [param(
    "sigma",
    0.15,
    (0.0, false),
    UNBOUNDED,
    "spread of the likelihood around the predicted concession",
)];
const BESTN: [Param; 2] = [
    Param {
        name: "n",
        default: 3.0,
        min: (1.0, true),
        max: UNBOUNDED,
        integer: true,
        about: "how many of the best-rated candidates to draw from",
    },
    Param {
        name: "limit",
        default: 1000.0,
        min: (1.0, true),
        max: UNBOUNDED,
        integer: true,
        about: "candidates examined per offer, nearest the target first",
    },
];
const LIMIT: [Param; 1] = [Param {
    name: "limit",
    default: 1000.0,
    min: (1.0, true),
    max: UNBOUNDED,
    integer: true,
    about: "candidates drawn from, nearest the target first",
}];

/// The offering strategies.
pub static OFFERING: &[Component<dyn Offering>] = &[
    Component {
        name: "timedep",
        params: &TIMEDEP,
        about: "time-dependent target max − (max − min)·(k + (1 − k)·t^e)",
        source: "Faratin, Sierra and Jennings 1998; GENIUS's TimeDependent_Offering (its e is the reciprocal)",
        build: |v| Box::new(offering::TimeDependent { e: v[0], k: v[1] }),
    },
    Component {
        name: "hardliner",
        params: &[],
        about: "always aims at its best outcome",
        source: "the limit of timedep as e grows; GENIUS's TimeDependent_Offering with e = 0",
        build: |_| Box::new(offering::Hardliner),
    },
];

/// The acceptance conditions.
pub static ACCEPTANCE: &[Component<dyn Acceptance>] = &[
    Component {
        name: "next",
        params: &SCALE_SHIFT,
        about: "AC_next: accepts when a·offer + b ≥ its next offer",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_Next",
        build: |v| {
            Box::new(acceptance::Next {
                alpha: v[0],
                beta: v[1],
            })
        },
    },
    Component {
        name: "prev",
        params: &SCALE_SHIFT,
        about: "AC_prev: accepts when a·offer + b ≥ its previous offer",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_Previous",
        build: |v| {
            Box::new(acceptance::Prev {
                alpha: v[0],
                beta: v[1],
            })
        },
    },
    Component {
        name: "gap",
        params: &GAP,
        about: "AC_gap: accepts when offer + c ≥ its previous offer",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_Gap",
        build: |v| Box::new(acceptance::Gap { c: v[0] }),
    },
    Component {
        name: "const",
        params: &CONST,
        about: "AC_const: accepts any offer worth more than c",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_Const",
        build: |v| Box::new(acceptance::Const { c: v[0] }),
    },
    Component {
        name: "time",
        params: &TIME,
        about: "AC_time: accepts anything after time t",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_Time",
        build: |v| Box::new(acceptance::Time { t: v[0] }),
    },
    Component {
        name: "combi",
        params: &COMBI,
        about: "AC_combi(T, MAX^W): AC_next, or after t the best offer received in the last 1 − t of time",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_CombiMaxInWindow",
        build: |v| {
            Box::new(acceptance::Combi {
                t: v[0],
                window: Window::MaxRecent,
            })
        },
    },
    Component {
        name: "combi-avg",
        params: &COMBI,
        about: "AC_combi(T, AVG^W): AC_next, or after t the mean offer received in the last 1 − t of time",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_CombiAvg",
        build: |v| {
            Box::new(acceptance::Combi {
                t: v[0],
                window: Window::AvgRecent,
            })
        },
    },
    Component {
        name: "combi-max",
        params: &COMBI,
        about: "AC_combi(T, MAX^T): AC_next, or after t the best offer received so far",
        source: "Baarslag, Hindriks and Jonker 2014; GENIUS's AC_CombiMax",
        build: |v| {
            Box::new(acceptance::Combi {
                t: v[0],
                window: Window::MaxAll,
            })
        },
    },
    Component {
        name: "combiv4",
        params: &COMBI_V4,
        about: "AC_CombiV4: accepts when min(1, a·offer + b) ≥ its next offer, or c·offer + d when the discount factor over the talks is at most e",
        source: "Baarslag, Hindriks, Hendrikx, Dirkzwager and Jonker 2014; GENIUS's AC_CombiV4",
        build: |v| {
            Box::new(acceptance::CombiV4 {
                a: v[0],
                b: v[1],
                c: v[2],
                d: v[3],
                e: v[4],
            })
        },
    },
    Component {
        name: "mac",
        params: &[],
        about: "AC_MAC: tests GENIUS's 77 conditions (72 AC_CombiV4, 5 AC_combi(T, MAX^W)) side by side, records where each would have accepted (the record's `verdicts` event), and accepts once all have",
        source: "Baarslag, Hindriks, Hendrikx, Dirkzwager and Jonker 2014; GENIUS's AC_MAC",
        build: |_| Box::new(acceptance::Mac::genius()),
    },
];

/// The opponent models.
pub static MODELS: &[Component<dyn OpponentModel>] = &[
    Component {
        name: "uniform",
        params: &[],
        about: "no model: every outcome worth 0.5 to everyone (the baseline of ignorance)",
        source: "GENIUS's NoModel / UniformModel",
        build: |_| Box::new(model::Uniform),
    },
    Component {
        name: "perfect",
        params: &[],
        about: "the truth, handed over on purpose: the yardstick of what a model could give",
        source: "GENIUS's PerfectModel",
        build: |_| Box::<model::Perfect>::default(),
    },
    Component {
        name: "hardheaded",
        params: &HARDHEADED,
        about: "frequency model: issues kept unchanged gain weight, values offered gain score",
        source: "van Krimpen, Looije and Hajizadeh 2013 (HardHeaded, ANAC 2011); GENIUS's HardHeadedFrequencyModel",
        build: |v| Box::new(model::HardHeaded::new(v[0], v[1])),
    },
    Component {
        name: "smith",
        params: &[],
        about: "frequency model: value score = share of offers holding it, issue weight = share of its most offered value",
        source: "van Galen Last 2012 (Agent Smith, ANAC 2010); GENIUS's SmithFrequencyModel",
        build: |_| Box::<model::Smith>::default(),
    },
    Component {
        name: "scalable-bayesian",
        params: &[],
        about: "Bayesian beliefs per issue over its weight and value-function shape, assuming the party concedes 0.003 per new offer",
        source: "Hindriks and Tykhonov 2008; GENIUS's ScalableBayesianModel",
        build: |_| Box::<model::ScalableBayesian>::default(),
    },
    Component {
        name: "bayesian",
        params: &BAYESIAN,
        about: "joint Bayesian beliefs over rankings of the issues and three value-function shapes per issue (exact Bayes, untruncated likelihood); above 2^20 joint hypotheses (7 issues or more, in general) the scalable model's independent beliefs for that party, with its own constants (step 0.003)",
        source: "Hindriks and Tykhonov 2008; GENIUS's BayesianModel (BayesianOpponentModel)",
        build: |v| Box::new(model::FullBayesian::new(v[0], v[1])),
    },
    Component {
        name: "reservation",
        params: &RESERVATION,
        about: "scalable-bayesian estimates plus a Bayesian estimate of each party's fallback from its concession over time",
        source: "Zeng and Sycara 1998; Hou 2004; NegMAS's BayesianReservationValueModel",
        build: |v| Box::new(model::Reservation::new(v[0])),
    },
];

/// The opponent-model strategies.
pub static MODEL_STRATEGIES: &[Component<dyn ModelStrategy>] = &[
    Component {
        name: "bestbid",
        params: &BESTBID,
        about: "offers the candidate the model rates best for the others (with several, the best for the worst-off)",
        source: "GENIUS's BestBid",
        build: |v| Box::new(offering::BestBid { until: v[0] }),
    },
    Component {
        name: "bestn",
        params: &BESTN,
        about: "offers one of the n candidates the model rates best for the others, drawn uniformly",
        source: "GENIUS's OfferBestN",
        build: |v| Box::new(offering::BestN { n: v[0] as usize }),
    },
    Component {
        name: "random",
        params: &LIMIT,
        about: "offers a candidate drawn uniformly, ignoring the model",
        source: "GENIUS's NullStrategy (which, despite its description, returns the first candidate)",
        build: |_| Box::new(offering::RandomPick),
    },
];

/// The four parts of a BOA spec, in the order specs print them.
pub const PARTS: [&str; 4] = ["offer", "accept", "model", "oms"];

/// One component chosen with its parameters resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    /// The component's name.
    pub name: &'static str,
    params: &'static [Param],
    /// Every parameter's value, in the component's order.
    pub values: Vec<f64>,
    given: Vec<bool>,
}

impl Chosen {
    fn of<T: ?Sized>(c: &'static Component<T>) -> Chosen {
        Chosen {
            name: c.name,
            params: c.params,
            values: c.params.iter().map(|p| p.default).collect(),
            given: vec![false; c.params.len()],
        }
    }

    /// The value of parameter `name`.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.params
            .iter()
            .position(|p| p.name == name)
            .map(|k| self.values[k])
    }
}

impl std::fmt::Display for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)?;
        let set: Vec<String> = self
            .params
            .iter()
            .zip(&self.values)
            .zip(&self.given)
            .filter(|(_, g)| **g)
            .map(|((p, v), _)| format!("{}={v}", p.name))
            .collect();
        if !set.is_empty() {
            write!(f, "({})", set.join(","))?;
        }
        Ok(())
    }
}

/// A BOA agent's four components.
#[derive(Clone, Debug, PartialEq)]
pub struct BoaSpec {
    /// The offering strategy.
    pub offer: Chosen,
    /// The acceptance condition.
    pub accept: Chosen,
    /// The opponent model.
    pub model: Chosen,
    /// The opponent-model strategy.
    pub oms: Chosen,
}

impl Default for BoaSpec {
    fn default() -> Self {
        BoaSpec {
            offer: Chosen::of(&OFFERING[0]),
            accept: Chosen::of(&ACCEPTANCE[0]),
            model: Chosen::of(&MODELS[0]),
            oms: Chosen::of(&MODEL_STRATEGIES[0]),
        }
    }
}

fn find<T: ?Sized>(
    table: &'static [Component<T>],
    part: &'static str,
    name: &str,
) -> Result<&'static Component<T>, SpecError> {
    table
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| SpecError::UnknownComponent {
            part,
            name: name.to_string(),
            expected: table.iter().map(|c| c.name).collect(),
        })
}

/// Splits `text` at the commas outside parentheses.
fn split_top(text: &str, spec: &str) -> Result<Vec<String>, SpecError> {
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    for ch in text.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        if depth < 0 {
            break;
        }
        current.push(ch);
    }
    if depth != 0 {
        return Err(SpecError::Unbalanced {
            spec: spec.to_string(),
        });
    }
    parts.push(current);
    Ok(parts.into_iter().filter(|p| !p.trim().is_empty()).collect())
}

fn choose<T: ?Sized>(
    table: &'static [Component<T>],
    part: &'static str,
    text: &str,
    spec: &str,
) -> Result<Chosen, SpecError> {
    let text = text.trim();
    let (name, args) = match text.split_once('(') {
        Some((name, rest)) => match rest.strip_suffix(')') {
            Some(args) => (name.trim(), args),
            None => {
                return Err(SpecError::Unbalanced {
                    spec: spec.to_string(),
                });
            }
        },
        None => (text, ""),
    };
    let component = find(table, part, name)?;
    let (values, given) = parse_params(component.name, component.params, args, spec)?;
    Ok(Chosen {
        name: component.name,
        params: component.params,
        values,
        given,
    })
}

impl BoaSpec {
    /// Parses what follows `boa:`: `part=NAME(key=value,...)` joined by commas.
    pub fn parse(text: &str, spec: &str) -> Result<BoaSpec, SpecError> {
        let mut boa = BoaSpec::default();
        let mut set = [false; 4];
        for item in split_top(text, spec)? {
            let Some((part, component)) = item.split_once('=') else {
                return Err(SpecError::NotKeyValue {
                    text: item,
                    spec: spec.to_string(),
                });
            };
            let part = part.trim();
            let Some(slot) = PARTS.iter().position(|p| *p == part) else {
                return Err(SpecError::UnknownPart {
                    part: part.to_string(),
                });
            };
            if set[slot] {
                return Err(SpecError::Repeated {
                    strategy: "boa",
                    parameter: PARTS[slot],
                });
            }
            set[slot] = true;
            match slot {
                0 => boa.offer = choose(OFFERING, "offer", component, spec)?,
                1 => boa.accept = choose(ACCEPTANCE, "accept", component, spec)?,
                2 => boa.model = choose(MODELS, "model", component, spec)?,
                _ => boa.oms = choose(MODEL_STRATEGIES, "oms", component, spec)?,
            }
        }
        Ok(boa)
    }

    /// A fresh agent.
    pub fn build(&self) -> Box<dyn Strategy> {
        let offer = OFFERING.iter().find(|c| c.name == self.offer.name);
        let accept = ACCEPTANCE.iter().find(|c| c.name == self.accept.name);
        let model = MODELS.iter().find(|c| c.name == self.model.name);
        let oms = MODEL_STRATEGIES.iter().find(|c| c.name == self.oms.name);
        let (Some(offer), Some(accept), Some(model), Some(oms)) = (offer, accept, model, oms)
        else {
            unreachable!("a parsed spec names listed components");
        };
        Box::new(Boa {
            offering: (offer.build)(&self.offer.values),
            acceptance: (accept.build)(&self.accept.values),
            model: (model.build)(&self.model.values),
            oms: (oms.build)(&self.oms.values),
            limit: self.oms.value("limit").unwrap_or(1000.0) as usize,
            seen: 0,
            received: Vec::new(),
            others: Vec::new(),
            previous: None,
            next: None,
            digits: Vec::new(),
        })
    }
}

impl std::fmt::Display for BoaSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "boa:offer={},accept={},model={},oms={}",
            self.offer, self.accept, self.model, self.oms
        )
    }
}

/// A BOA agent at work.
pub struct Boa {
    offering: Box<dyn Offering>,
    acceptance: Box<dyn Acceptance>,
    model: Box<dyn OpponentModel>,
    oms: Box<dyn ModelStrategy>,
    limit: usize,
    /// Offers of the view already read.
    seen: usize,
    /// `(time, own utility)` of every offer the others made.
    received: Vec<(f64, f64)>,
    /// The other parties' slots, as they appear.
    others: Vec<usize>,
    /// The utility of its last offer.
    previous: Option<f64>,
    /// Its next offer, decided once per moment: `(round, offers seen, outcome)`.
    next: Option<(u32, usize, OutcomeIndex)>,
    digits: Vec<u32>,
}

impl Boa {
    fn read(&mut self, own: &Own, view: &View<'_>) {
        let time = view.time();
        let learns = self.oms.learns(time);
        if self.digits.len() != own.space.issue_count() {
            self.digits = vec![0; own.space.issue_count()];
        }
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            if !self.others.contains(&p) {
                self.others.push(p);
            }
            self.received.push((time, own.utility_of(o)));
            if learns {
                own.space.decode_into(o, &mut self.digits);
                self.model.observe(own, p, &self.digits, time);
            }
        }
        self.seen = view.offers.len();
    }

    fn next_offer(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        let key = (view.round, view.offers.len());
        if let Some((round, seen, o)) = self.next
            && (round, seen) == key
        {
            return Some(o);
        }
        let target = self.offering.target(own, view.time()).max(own.floor());
        let offer = if self.model.informative() && !self.others.is_empty() {
            let c = offering::candidates(own, target, self.limit);
            if c.is_empty() {
                None
            } else {
                Some(
                    self.oms
                        .pick(own, c, self.model.as_ref(), &self.others, rng),
                )
            }
        } else {
            own.at_least(target)
        }?;
        self.next = Some((key.0, key.1, offer));
        Some(offer)
    }
}

impl Strategy for Boa {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        let offer = self.next_offer(own, view, rng)?;
        self.previous = Some(own.utility_of(offer));
        self.next = None;
        Some(offer)
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let next = self
            .next_offer(own, view, rng)
            .map_or(f64::NEG_INFINITY, |o| own.utility_of(o));
        self.acceptance.accept(&Moment {
            round: view.round,
            time: view.time(),
            discount: own
                .discount
                .powi(i32::try_from(view.deadline.saturating_sub(1)).unwrap_or(i32::MAX)),
            offer: u,
            next,
            previous: self.previous,
            received: &self.received,
        })
    }

    fn verdicts(&self) -> Vec<acceptance::Verdict> {
        self.acceptance.verdicts()
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        self.model
            .informative()
            .then_some(self.model.as_ref() as &dyn OpponentModel)
    }

    fn reveal(&mut self, party: usize, truth: &Own) {
        self.model.reveal(party, truth);
    }
}

/// The generated section of `docs/strategies.md` on BOA components: one table per part.
pub fn markdown() -> String {
    fn table<T: ?Sized>(out: &mut String, title: &str, part: &str, rows: &[Component<T>]) {
        out.push_str(&format!(
            "\n**{title}** (`{part}=`)\n\n| component | parameters (default; allowed) | what it does | source |\n|---|---|---|---|\n"
        ));
        for c in rows {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                super::registry::params_markdown(c.params),
                c.about,
                c.source
            ));
        }
    }
    let mut out = String::new();
    table(&mut out, "Offering strategies", "offer", OFFERING);
    table(&mut out, "Acceptance conditions", "accept", ACCEPTANCE);
    table(&mut out, "Opponent models", "model", MODELS);
    table(
        &mut out,
        "Opponent-model strategies",
        "oms",
        MODEL_STRATEGIES,
    );
    out
}
