//! Where a fact comes from: a source paragraph, or a labelled modelling assumption.

/// Provenance of one fact or number in a scenario.
///
/// A fact taken from the source document names the paragraphs it paraphrases (`"¶7"`). A number
/// the source does not give is a modelling assumption and carries a one-line rationale, so a
/// reader can always tell the report apart from the model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    /// References into the source document, e.g. `["¶4", "¶7"]`.
    pub sources: Vec<String>,
    /// Present when the fact is a modelling assumption: why it was chosen.
    pub assumption: Option<String>,
    /// For a number: the range the modeller thinks it may take (`range = [low, high]`), for
    /// `pactum sensitivity`.
    pub range: Option<(f64, f64)>,
    /// How `pactum sensitivity` draws the number over its range.
    pub distribution: Distribution,
}

/// How `pactum sensitivity` draws a number over its range when it samples every assumption at
/// once (the one-at-a-time sweeps cover the whole range either way).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Distribution {
    /// Every value of the range equally likely.
    #[default]
    Uniform,
    /// Most likely at the scenario's value, less so linearly towards the range's ends: the
    /// three-point estimate (lowest, most likely, highest) of risk analysis.
    Triangular,
}

impl Distribution {
    /// Every distribution, by name.
    pub const ALL: [(&'static str, Distribution); 2] = [
        ("uniform", Distribution::Uniform),
        ("triangular", Distribution::Triangular),
    ];

    /// The distribution named `name`.
    pub fn named(name: &str) -> Option<Distribution> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
    }

    /// Its name, as a scenario writes it.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("uniform", |(n, _)| n)
    }

    /// The value at quantile `u` (from 0 to 1) over `[low, high]`, the triangular one peaking at
    /// `mode` (clamped into the range): the inverse of its distribution function, so a uniform
    /// draw of `u` gives a draw of the distribution.
    pub fn quantile(self, low: f64, mode: f64, high: f64, u: f64) -> f64 {
        let width = high - low;
        match self {
            Distribution::Uniform => low + width * u,
            Distribution::Triangular => {
                if width <= 0.0 {
                    return low;
                }
                let c = mode.clamp(low, high);
                let split = (c - low) / width;
                if u < split {
                    low + (u * width * (c - low)).sqrt()
                } else {
                    high - ((1.0 - u) * width * (high - c)).sqrt()
                }
            }
        }
    }
}

impl Provenance {
    /// Whether the fact has neither a source reference nor an assumption.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.assumption.is_none()
    }

    /// Whether the fact is a modelling assumption rather than taken from the source.
    pub fn is_assumption(&self) -> bool {
        self.assumption.is_some()
    }

    /// A short tag for tables: `¶4 ¶7`, `assumption`, or both.
    pub fn tag(&self) -> String {
        let mut parts: Vec<&str> = self.sources.iter().map(String::as_str).collect();
        if self.assumption.is_some() {
            parts.push("assumption");
        }
        parts.join(" ")
    }
}
