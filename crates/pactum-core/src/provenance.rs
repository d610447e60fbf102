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
