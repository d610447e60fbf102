//! A ranges file: the doubt on a scenario's numbers, kept beside a scenario that cannot say it
//! itself (a GENIUS or GeniusWeb folder), or overriding what a pactum scenario says, for
//! `pactum sensitivity --ranges FILE.toml`.
//!
//! ```toml
//! [[number]]
//! id = "buyer.fallback"           # as `--set` names it
//! range = [0.2, 0.5]
//! distribution = "triangular"     # optional; "uniform" when absent
//! assumption = "why this range"   # optional
//! ```

use crate::diagnostic::Diagnostic;
use crate::toml_reader::{Reader, distribution, parse_document};
use pactum_core::Distribution;

/// The largest ranges file read (a file of a million numbers is no ranges file).
pub const MAX_FILE_BYTES: usize = 1 << 20;

const NUMBER_KEYS: &[&str] = &["id", "range", "distribution", "assumption"];

/// One number's range, as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberRange {
    /// `party.fallback`, `party.weight.ISSUE`, `party.value.ISSUE.OPTION` or
    /// `stakeholder.influence.PARTY`.
    pub id: String,
    pub low: f64,
    pub high: f64,
    pub distribution: Distribution,
    pub assumption: Option<String>,
}

/// Reads a ranges file; `file` names it in diagnostics. `check` judges each entry against the
/// scenario (the number exists, the range can hold it and holds its value) and says what is
/// wrong, which is reported at the entry's `id`.
pub fn read(
    file: &str,
    text: &str,
    check: &dyn Fn(&NumberRange) -> Result<(), String>,
) -> Result<Vec<NumberRange>, Vec<Diagnostic>> {
    let mut r = Reader::new(file, text);
    let Some(root) = parse_document(&mut r, text, 16) else {
        return Err(r.diagnostics);
    };
    let root = root.get_ref();
    r.check_keys(root, "a ranges file", &["number"]);
    let tables = r.tables(root, "number");
    if tables.is_empty() && r.diagnostics.is_empty() {
        r.error(
            0..0,
            "the file gives no number a range",
            Some("[[number]] tables with `id` and `range = [low, high]`".into()),
        );
    }
    let mut out: Vec<NumberRange> = Vec::new();
    for (t, span) in tables {
        r.check_keys(t, "a [[number]]", NUMBER_KEYS);
        let id = r.required_string(t, &span, "id", "a [[number]]");
        if t.get("range").is_none() {
            r.error(
                span.clone(),
                "a [[number]] has no `range`",
                Some("`range = [low, high]`".into()),
            );
        }
        let range = r.range(t, "range", None);
        // Drawn over the range, which is checked above.
        let distribution = distribution(&mut r, t, true);
        let assumption = r.string(t, "assumption").map(|a| a.into_inner());
        let (Some(id), Some((low, high))) = (id, range) else {
            continue;
        };
        let entry = NumberRange {
            id: id.get_ref().clone(),
            low,
            high,
            distribution,
            assumption,
        };
        if out.iter().any(|e| e.id == entry.id) {
            r.error(
                id.span(),
                format!("`{}` is given a range twice", entry.id),
                Some("one [[number]] per number".into()),
            );
            continue;
        }
        match check(&entry) {
            Ok(()) => out.push(entry),
            Err(why) => r.error(
                id.span(),
                why,
                Some(
                    "a number of the scenario, as `--set` names it, with a range it can take around its value"
                        .into(),
                ),
            ),
        }
    }
    if r.diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(r.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(_: &NumberRange) -> Result<(), String> {
        Ok(())
    }

    #[test]
    fn entries_are_read_with_their_distribution() {
        let text = "[[number]]\nid = \"a.fallback\"\nrange = [0.1, 0.4]\ndistribution = \"triangular\"\nassumption = \"a guess\"\n\n[[number]]\nid = \"a.weight.price\"\nrange = [1, 3]\n";
        let found = read("r.toml", text, &ok).unwrap();
        assert_eq!(
            found,
            vec![
                NumberRange {
                    id: "a.fallback".into(),
                    low: 0.1,
                    high: 0.4,
                    distribution: Distribution::Triangular,
                    assumption: Some("a guess".into()),
                },
                NumberRange {
                    id: "a.weight.price".into(),
                    low: 1.0,
                    high: 3.0,
                    distribution: Distribution::Uniform,
                    assumption: None,
                },
            ]
        );
    }

    #[test]
    fn each_mistake_names_its_place() {
        let cases: [(&str, &str, (usize, usize)); 6] = [
            (
                "[[number]]\nid = \"a.fallback\"\n",
                "has no `range`",
                (1, 1),
            ),
            (
                "[[number]]\nid = \"a.fallback\"\nrange = [0.4, 0.1]\n",
                "`range` is not a range",
                (3, 9),
            ),
            (
                "[[number]]\nid = \"a.fallback\"\nrange = [0.1, 0.4]\ndistribution = \"beta\"\n",
                "unknown distribution `beta`",
                (4, 16),
            ),
            (
                "[[number]]\nid = \"a.fallback\"\nrange = [0.1, 0.4]\n[[number]]\nid = \"a.fallback\"\nrange = [0.1, 0.3]\n",
                "given a range twice",
                (5, 6),
            ),
            ("[[numbers]]\nid = \"x\"\n", "unknown key `numbers`", (1, 3)),
            ("", "gives no number a range", (1, 1)),
        ];
        for (text, message, (line, column)) in cases {
            let found = read("r.toml", text, &ok).unwrap_err();
            let d = found
                .iter()
                .find(|d| d.message.contains(message))
                .unwrap_or_else(|| panic!("no `{message}` in {found:#?}"));
            assert_eq!((d.line, d.column), (line, column), "{d:#?}");
        }
        // What the scenario says is wrong is reported at the entry's id.
        let refuse = |e: &NumberRange| Err(format!("no number `{}`", e.id));
        let found = read(
            "r.toml",
            "[[number]]\nid = \"z.fallback\"\nrange = [0.1, 0.4]\n",
            &refuse,
        )
        .unwrap_err();
        assert_eq!(found[0].message, "no number `z.fallback`");
        assert_eq!((found[0].line, found[0].column), (2, 6));
    }
}
