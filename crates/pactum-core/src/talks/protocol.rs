//! The protocols and mediators the talks run under: one type each, with the names used on the
//! command line, in scenario files, in records and in the docs. No other module spells them.

/// How the single-text protocol's mediator drafts texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Mediator {
    /// Caucus first, then texts aiming at the Nash point of the mediator's estimates.
    #[default]
    Nash,
    /// Klein et al.: random one-issue variants, adopted when no party likes them less.
    HillClimbing,
    /// Klein et al. with annealing voters, who sometimes accept a worse variant.
    Annealing,
}

impl Mediator {
    /// Every mediator, in the order the docs list them.
    pub const ALL: [Mediator; 3] = [Mediator::Nash, Mediator::HillClimbing, Mediator::Annealing];

    /// The name on the command line and in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Mediator::Nash => "nash",
            Mediator::HillClimbing => "hill-climbing",
            Mediator::Annealing => "annealing",
        }
    }

    /// One line on what it does.
    pub fn about(self) -> &'static str {
        match self {
            Mediator::Nash => {
                "caucus with each party, then texts aiming at the Nash point of the mediator's estimates"
            }
            Mediator::HillClimbing => {
                "Klein et al.: random one-issue variants adopted when no party likes them less"
            }
            Mediator::Annealing => {
                "Klein et al. with annealing voters, who sometimes accept a worse variant"
            }
        }
    }

    /// The mediator called `name`.
    pub fn parse(name: &str) -> Result<Mediator, UnknownName> {
        Mediator::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| UnknownName {
                what: "mediator",
                name: name.to_string(),
                expected: Mediator::ALL.iter().map(|m| m.name()).collect(),
            })
    }
}

/// A protocol of the talks, with its mediator where it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Protocol {
    /// Mediated single text: the mediator drafts one complete text and revises it.
    SingleText(Mediator),
    /// Stacked alternating offers (the ANAC multilateral protocol), 2 or more parties.
    Saop,
    /// Bilateral alternating offers: two parties, one offer per round, each round a period of
    /// its own (as in Rubinstein's model).
    Alternating,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol::SingleText(Mediator::Nash)
    }
}

impl Protocol {
    /// Every protocol with every mediator, in the order the docs list them.
    pub const ALL: [Protocol; 5] = [
        Protocol::SingleText(Mediator::Nash),
        Protocol::SingleText(Mediator::HillClimbing),
        Protocol::SingleText(Mediator::Annealing),
        Protocol::Saop,
        Protocol::Alternating,
    ];

    /// The protocol families, as `--protocol` names them.
    pub const FAMILIES: [Protocol; 3] = [
        Protocol::SingleText(Mediator::Nash),
        Protocol::Saop,
        Protocol::Alternating,
    ];

    /// The family's name: `single-text`, `saop` or `alternating`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::SingleText(_) => "single-text",
            Protocol::Saop => "saop",
            Protocol::Alternating => "alternating",
        }
    }

    /// The full name, with the mediator: `single-text/nash`, `saop`, `alternating`.
    pub fn id(self) -> &'static str {
        match self {
            Protocol::SingleText(Mediator::Nash) => "single-text/nash",
            Protocol::SingleText(Mediator::HillClimbing) => "single-text/hill-climbing",
            Protocol::SingleText(Mediator::Annealing) => "single-text/annealing",
            Protocol::Saop => "saop",
            Protocol::Alternating => "alternating",
        }
    }

    /// The mediator, under the single-text protocol.
    pub fn mediator(self) -> Option<Mediator> {
        match self {
            Protocol::SingleText(m) => Some(m),
            _ => None,
        }
    }

    /// Whether the parties play strategies (offer protocols), rather than vote by their
    /// preferences on a mediator's texts.
    pub fn uses_strategies(self) -> bool {
        matches!(self, Protocol::Saop | Protocol::Alternating)
    }

    /// The fewest and the most negotiating parties the protocol takes.
    pub fn parties(self) -> (usize, Option<usize>) {
        match self {
            Protocol::SingleText(_) => (1, None),
            Protocol::Saop => (2, None),
            Protocol::Alternating => (2, Some(2)),
        }
    }

    /// One line on what it does.
    pub fn about(self) -> &'static str {
        match self {
            Protocol::SingleText(_) => {
                "mediated single text: the mediator drafts one complete text and revises it"
            }
            Protocol::Saop => {
                "stacked alternating offers (the ANAC multilateral protocol), 2 or more parties"
            }
            Protocol::Alternating => {
                "bilateral alternating offers: two parties, one offer per round, each round a period of its own"
            }
        }
    }

    /// `single-text` (with the default mediator), `single-text/MEDIATOR`, `saop` or
    /// `alternating`.
    pub fn parse(name: &str) -> Result<Protocol, UnknownName> {
        if let Some(p) = Protocol::ALL.into_iter().find(|p| p.id() == name) {
            return Ok(p);
        }
        if let Some(p) = Protocol::FAMILIES.into_iter().find(|p| p.name() == name) {
            return Ok(p);
        }
        if let Some(m) = name.strip_prefix("single-text/") {
            return Mediator::parse(m).map(Protocol::SingleText);
        }
        Err(UnknownName {
            what: "protocol",
            name: name.to_string(),
            expected: Protocol::FAMILIES.iter().map(|p| p.name()).collect(),
        })
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::fmt::Display for Mediator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A protocol or mediator name that names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// `"protocol"` or `"mediator"`.
    pub what: &'static str,
    /// The name given.
    pub name: String,
    /// The names there are.
    pub expected: Vec<&'static str>,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no {} named `{}`; expected one of {}",
            self.what,
            self.name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_protocol() {
        for p in Protocol::ALL {
            assert_eq!(Protocol::parse(p.id()), Ok(p));
        }
        for m in Mediator::ALL {
            assert_eq!(Mediator::parse(m.name()), Ok(m));
        }
        assert_eq!(
            Protocol::parse("single-text"),
            Ok(Protocol::SingleText(Mediator::Nash))
        );
        let err = Protocol::parse("sao").unwrap_err().to_string();
        assert!(err.contains("single-text, saop, alternating"), "{err}");
        assert!(Protocol::parse("single-text/nope").is_err());
    }
}
