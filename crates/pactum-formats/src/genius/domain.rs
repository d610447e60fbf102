//! What GENIUS's domain reader and its profile readers (additive and nonlinear) share: the
//! domain's issues with their GENIUS indices, and reading a numeric attribute.

use crate::diagnostic::{Diagnostic, SourceMap};
use crate::xml_tree::Element;
use pactum_core::issue::Issue;

#[derive(Clone, Debug)]
pub(super) struct DomainIssue {
    pub(super) index: i64,
    pub(super) issue: Issue,
}

/// A GENIUS domain: its issues with their GENIUS indices.
#[derive(Clone, Debug)]
pub struct Domain {
    pub(super) issues: Vec<DomainIssue>,
}

impl Domain {
    /// The issue with GENIUS index `index`, and its position.
    pub(crate) fn issue_by_index(&self, index: i64) -> Option<(usize, &Issue)> {
        self.issues
            .iter()
            .enumerate()
            .find(|(_, i)| i.index == index)
            .map(|(slot, i)| (slot, &i.issue))
    }

    /// The GENIUS indices of the issues, as written in files.
    pub(crate) fn indices(&self) -> Vec<String> {
        self.issues.iter().map(|i| i.index.to_string()).collect()
    }
}

/// The number in attribute `key` of `e`, or a diagnostic at `e` saying what was expected.
pub(crate) fn number(map: &SourceMap<'_>, e: &Element, key: &str) -> Result<f64, Diagnostic> {
    let raw = e.attr(key).ok_or_else(|| {
        map.diagnostic(
            e.offset..e.offset + 1,
            format!("<{}> has no `{key}`", e.name),
        )
        .with_expected(format!("{key}=\"a number\""))
    })?;
    match raw.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(map
            .diagnostic(
                e.offset..e.offset + 1,
                format!("`{key}` of <{}> is \"{raw}\"", e.name),
            )
            .with_expected("a finite number")),
    }
}
