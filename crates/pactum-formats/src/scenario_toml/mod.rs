//! The native scenario format (TOML): reading with span-aware diagnostics.
//!
//! Every problem the reader can find is reported in one pass, each with the file, line and
//! column, what was found and what was expected. `docs/scenario-format.md` documents the format.
//!
//! `issues`, `parties` and `timeline` read those tables; this module reads the file and the
//! `[scenario]` table and holds what they share.

mod issues;
mod parties;
mod preferences;
mod timeline;
mod write;
pub use write::to_toml;

use issues::read_issues;
use pactum_core::talks::{Mediator, Protocol};
use parties::read_party;
use timeline::read_timeline;

use crate::diagnostic::Diagnostic;
use crate::toml_reader::{
    Reader, Table, as_number, closest, distribution, list, parse_document, type_of,
};
use pactum_core::issue::{Issue, IssueKind, MAX_VALUES, OptionDef, numeric_cardinality};
use pactum_core::preference::{
    Condition, Interaction, IssuePreference, Preferences, Semantics, ValueFunction, ValueRange,
};
use pactum_core::provenance::{Distribution, Provenance};
use pactum_core::redline;
use pactum_core::scenario::{
    Delegate, Disclosure, Discount, Event, Fallback, Figure, Influence, Party, RedLine, Role,
    Scenario, TalksDefaults,
};
use pactum_core::space::{ENUMERATION_LIMIT, product_size};
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The ids of the issues read, and of those refused: a preference naming a refused issue adds
/// no error of its own (a refused 10^8-value `price` gave "names no issue `price` … expected one
/// of " with an empty list, once for every party).
pub(super) struct IssueIds<'a> {
    pub(super) read: Vec<&'a str>,
    pub(super) refused: Vec<String>,
}

/// Largest scenario file read, in bytes.
pub const MAX_FILE_BYTES: usize = 8 << 20;
/// Deepest nesting of arrays and tables accepted.
pub const MAX_NESTING: usize = 32;
/// Largest deadline accepted, in rounds.
pub const MAX_ROUNDS: i64 = 1_000_000;

/// A scenario read without errors, with the notes that `--strict` turns into errors.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    /// Numbers and facts without provenance (no `source`, no `assumption`).
    pub warnings: Vec<Diagnostic>,
    /// Set when the outcome space is larger than pactum enumerates: `validate` and `talks`
    /// refuse the scenario with it, while `analyze` can still work on it with `--fix` or the
    /// issue-wise merge.
    pub oversize: Option<Diagnostic>,
}

/// Reads a scenario from the bytes of a TOML file named `file`.
pub fn load(file: &str, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::whole_file(
            file,
            format!(
                "the file has {} bytes, more than the {MAX_FILE_BYTES} a scenario may have",
                bytes.len()
            ),
        )]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or("");
            let map = crate::diagnostic::SourceMap::new(file, text);
            return Err(vec![
                map.diagnostic(text.len()..text.len(), "the file is not UTF-8 text")
                    .with_expected("a TOML scenario in UTF-8"),
            ]);
        }
    };
    load_str(file, text)
}

pub fn load_str(file: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let mut r = Reader::new(file, text);
    let Some(root) = parse_document(&mut r, text, MAX_NESTING) else {
        return Err(r.diagnostics);
    };
    let root = root.get_ref();
    let mut warnings = Vec::new();
    let mut oversize = None;
    let scenario = read_scenario(&mut r, root, &mut warnings, &mut oversize);
    match scenario {
        Some(s) if r.diagnostics.is_empty() => Ok(Loaded {
            scenario: s,
            warnings,
            oversize,
        }),
        _ => {
            r.diagnostics.extend(oversize);
            if r.diagnostics.is_empty() {
                r.error(0..0, "the scenario could not be read", None);
            }
            r.diagnostics
                .sort_by_key(|d| (d.span.start, d.line, d.column));
            Err(r.diagnostics)
        }
    }
}

const ROOT_KEYS: &[&str] = &["scenario", "issues", "parties", "timeline"];
const SCENARIO_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "source",
    "rounds",
    "rounds_source",
    "rounds_assumption",
    "seed",
    "protocol",
    "mediator",
];
const ISSUE_KEYS: &[&str] = &[
    "id",
    "label",
    "description",
    "source",
    "assumption",
    "kind",
    "ordered",
    "options",
    "min",
    "max",
    "step",
    "unit",
];
const OPTION_KEYS: &[&str] = &["id", "label", "description", "source", "assumption"];
const PARTY_KEYS: &[&str] = &[
    "id",
    "name",
    "role",
    "description",
    "source",
    "assumption",
    "delegation",
    "disclosure",
    "disclosure_source",
    "disclosure_assumption",
    "fallback",
    "discount",
    "weights",
    "strategy",
    "preferences",
    "interactions",
    "red_lines",
    "influences",
    "figures",
];
const DELEGATE_KEYS: &[&str] = &["name", "title", "role", "at_table", "source", "assumption"];
const FALLBACK_KEYS: &[&str] = &[
    "utility",
    "range",
    "distribution",
    "per_round",
    "source",
    "assumption",
];
const DISCOUNT_KEYS: &[&str] = &["per_round", "at_deadline", "source", "assumption"];
const PREFERENCE_KEYS: &[&str] = &[
    "issue",
    "weight",
    "range",
    "distribution",
    "values",
    "linear",
    "piecewise",
    "source",
    "assumption",
];
const LINEAR_KEYS: &[&str] = &["at_min", "at_max"];
const INTERACTION_KEYS: &[&str] = &["when", "bonus", "description", "source", "assumption"];
const RED_LINE_KEYS: &[&str] = &["id", "expr", "description", "source", "assumption"];
const INFLUENCE_KEYS: &[&str] = &[
    "party",
    "fallback",
    "range",
    "distribution",
    "description",
    "source",
    "assumption",
];
const FIGURE_KEYS: &[&str] = &["label", "value", "unit", "source", "assumption"];
const EVENT_KEYS: &[&str] = &[
    "when",
    "day",
    "date",
    "place",
    "parties",
    "people",
    "summary",
    "caucus",
    "source",
    "assumption",
];
const DISCLOSURES: &[&str] = &["red_lines", "priorities", "fallback", "preferences"];
const ROLES: &[&str] = &["party", "mediator", "stakeholder"];

fn provenance(r: &mut Reader<'_>, t: &Table<'_>) -> Provenance {
    Provenance {
        sources: r
            .strings(t, "source")
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        assumption: r.string(t, "assumption").map(Spanned::into_inner),
        range: None,
        distribution: Default::default(),
    }
}

/// The keys of a number written with its doubt inline.
const DOUBTED_KEYS: &[&str] = &["value", "range", "distribution", "source", "assumption"];

/// What a number's range may hold: the values the number itself may take.
pub(super) struct Admits {
    pub ok: fn(f64) -> bool,
    /// Where the values lie, for the error: "-1..1".
    pub domain: &'static str,
    /// What was expected, for the error.
    pub expected: &'static str,
}

/// A number that may carry its doubt: `key = 3`, with `range = [2, 5]` and
/// `distribution = "triangular"` beside it in `t`, or inline as
/// `key = { value = 3, range = [2, 5], distribution = "triangular", assumption = "…",
/// source = ["¶4"] }`. The range and distribution go into `p`, and so do an inline assumption
/// and sources (`p` holds those of `t` on entry); each may be given in one place only, and a
/// range or distribution beside an inline value is refused (it would be ignored). Both ends of
/// the range must be values the number may take (`admits`).
fn doubted_number(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    at: &Range<usize>,
    key: &str,
    what: &str,
    admits: &Admits,
    p: &mut Provenance,
) -> Option<Spanned<f64>> {
    let Some(DeValue::Table(inline)) = t.get(key).map(|v| v.get_ref()) else {
        let value = r.required_number(t, at, key, what);
        p.range = admitted(r, t, value.as_ref(), admits);
        p.distribution = distribution(r, t, p.range.is_some());
        return value;
    };
    let span = t.get(key).map_or(at.clone(), |v| v.span());
    let inline_what = format!("`{key}` with its range");
    r.check_keys(inline, &inline_what, DOUBTED_KEYS);
    for twice in ["range", "distribution", "assumption", "source"] {
        let inside = inline.contains_key(twice);
        // A range or distribution beside an inline value would be read by nothing.
        let beside_only = matches!(twice, "range" | "distribution");
        if (inside || beside_only)
            && let Some(outer) = t.get(twice)
        {
            r.error(
                outer.span(),
                if inside {
                    format!("`{twice}` is given both here and inside `{key}`")
                } else {
                    format!("`{twice}` beside `{key} = {{ value = … }}` would be ignored")
                },
                Some(format!(
                    "`{twice}` in one place: inside `{key} = {{ value = … }}` or beside it"
                )),
            );
        }
    }
    let value = r.required_number(inline, &span, "value", &inline_what);
    p.range = admitted(r, inline, value.as_ref(), admits);
    p.distribution = distribution(r, inline, p.range.is_some());
    let inner = provenance(r, inline);
    if inner.assumption.is_some() {
        p.assumption = inner.assumption;
    }
    if !inner.sources.is_empty() {
        p.sources = inner.sources;
    }
    value
}

/// The `range` of `t`, when it holds `value` and both its ends are values the number may take.
fn admitted(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    value: Option<&Spanned<f64>>,
    admits: &Admits,
) -> Option<(f64, f64)> {
    let (low, high) = r.range(t, "range", value)?;
    if (admits.ok)(low) && (admits.ok)(high) {
        return Some((low, high));
    }
    let at = t.get("range").map_or(0..0, |x| x.span());
    r.error(
        at,
        format!("the range [{low}, {high}] leaves {}", admits.domain),
        Some(format!("a range of {}", admits.expected)),
    );
    None
}

/// Notes a number-bearing entry without provenance, for `--strict`.
fn want_provenance(
    r: &Reader<'_>,
    warnings: &mut Vec<Diagnostic>,
    p: &Provenance,
    at: &Range<usize>,
    what: &str,
) {
    if p.is_empty() {
        warnings.push(
            r.map
                .diagnostic(at.clone(), format!("{what} has no provenance"))
                .with_expected("`source = [\"¶N\"]` for a reported fact or `assumption = \"why\"` for a modelling choice"),
        );
    }
}

/// Records ids and reports duplicates.
struct Ids {
    what: &'static str,
    seen: HashMap<String, Range<usize>>,
}

impl Ids {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            seen: HashMap::new(),
        }
    }

    fn add(&mut self, r: &mut Reader<'_>, id: &Spanned<String>) -> bool {
        if let Some(first) = self.seen.get(id.get_ref()) {
            let (line, _) = r.map.position(first.start);
            let d = r
                .map
                .diagnostic(
                    id.span(),
                    format!("duplicate {} id `{}`", self.what, id.get_ref()),
                )
                .with_expected(format!("a {} id not used before", self.what))
                .with_help(format!("first used on line {line}"));
            r.push(d);
            false
        } else {
            self.seen.insert(id.get_ref().clone(), id.span());
            true
        }
    }
}

fn read_scenario(
    r: &mut Reader<'_>,
    root: &Table<'_>,
    warnings: &mut Vec<Diagnostic>,
    oversize: &mut Option<Diagnostic>,
) -> Option<Scenario> {
    r.check_keys(root, "the scenario file", ROOT_KEYS);
    let whole = 0..0;
    let empty = DeTable::new();
    let (head, head_span) = match r.table(root, "scenario") {
        Some(x) => x,
        None => {
            if root.get("scenario").is_none() {
                r.error(
                    whole.clone(),
                    "the file has no [scenario] table",
                    Some("`[scenario]` with `id` and `title`".into()),
                );
            }
            (&empty, whole.clone())
        }
    };
    r.check_keys(head, "[scenario]", SCENARIO_KEYS);
    let id = r.required_name(head, &head_span, "[scenario]");
    let title = r.required_string(head, &head_span, "title", "[scenario]");
    let summary = r
        .string(head, "summary")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let source = r
        .string(head, "source")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let rounds = match r.integer(head, "rounds") {
        Some(n) if !(1..=MAX_ROUNDS).contains(n.get_ref()) => {
            r.error(
                n.span(),
                format!("`rounds` is {}", n.get_ref()),
                Some(format!("a whole number from 1 to {MAX_ROUNDS}")),
            );
            30
        }
        Some(n) => *n.get_ref() as u32,
        None => 30,
    };
    let rounds_provenance = Provenance {
        sources: r
            .strings(head, "rounds_source")
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        assumption: r.string(head, "rounds_assumption").map(Spanned::into_inner),
        range: None,
        distribution: Default::default(),
    };
    if let Some(v) = head.get("rounds")
        && rounds_provenance.is_empty()
    {
        warnings.push(
            r.map
                .diagnostic(v.span(), "the deadline `rounds` has no provenance")
                .with_expected("`rounds_source = [\"¶N\"]` or `rounds_assumption = \"what a round stands for, and why this many\"`"),
        );
    }
    let seed = match r.integer(head, "seed") {
        Some(n) if *n.get_ref() < 0 => {
            r.error(
                n.span(),
                format!("`seed` is {}", n.get_ref()),
                Some("a whole number ≥ 0".into()),
            );
            1
        }
        Some(n) => *n.get_ref() as u64,
        None => 1,
    };

    let families = Protocol::FAMILIES.map(Protocol::name);
    let protocol =
        choice(r, head, "protocol", &families).and_then(|name| Protocol::parse(&name).ok());
    let mediators = Mediator::ALL.map(Mediator::name);
    let mediator =
        choice(r, head, "mediator", &mediators).and_then(|name| Mediator::parse(&name).ok());
    let (issues, refused_issues) = read_issues(r, root);
    if root.get("issues").is_none() {
        r.error(
            whole.clone(),
            "the scenario has no issues",
            Some("at least one `[[issues]]` table".into()),
        );
    }
    let issue_ids = IssueIds {
        read: issues.iter().map(|(i, _)| i.id.as_str()).collect(),
        refused: refused_issues,
    };
    let party_tables = r.tables(root, "parties");
    // Party ids first: red lines and influences refer to each other's parties.
    let mut party_ids = Ids::new("party");
    let mut declared: Vec<(String, Role)> = Vec::new();
    for (t, span) in &party_tables {
        let id = r.required_id(t, span, "a [[parties]] entry");
        if let Some(id) = &id {
            party_ids.add(r, id);
        }
        let role = read_role(r, t);
        declared.push((id.map(Spanned::into_inner).unwrap_or_default(), role));
    }
    let issue_defs: Vec<Issue> = issues.iter().map(|(i, _)| i.clone()).collect();
    let mut parties = Vec::new();
    for (k, (t, span)) in party_tables.iter().enumerate() {
        parties.push(read_party(
            r,
            t,
            span,
            &declared[k],
            &issue_defs,
            &issue_ids,
            &declared,
            warnings,
        ));
    }
    let negotiators = declared
        .iter()
        .filter(|(_, role)| *role == Role::Party)
        .count();
    if negotiators == 0 {
        let at = party_tables
            .first()
            .map_or(whole.clone(), |(_, s)| s.clone());
        r.error(
            at,
            "no party has role \"party\"",
            Some("at least one negotiating party: `role = \"party\"`".into()),
        );
    }
    let mediators: Vec<&Range<usize>> = party_tables
        .iter()
        .zip(&declared)
        .filter(|(_, (_, role))| *role == Role::Mediator)
        .map(|((_, s), _)| s)
        .collect();
    if mediators.len() > 1 {
        r.error(
            mediators[1].clone(),
            "a second mediator",
            Some("at most one party with `role = \"mediator\"`".into()),
        );
    }
    let timeline = read_timeline(r, root, &declared, warnings);

    // The size of the space, when every issue read cleanly.
    if !issues.is_empty() {
        let size = product_size(issues.iter().map(|(i, _)| i.cardinality()));
        if size > u128::from(ENUMERATION_LIMIT) {
            let (largest, at) = issues
                .iter()
                .max_by_key(|(i, _)| i.cardinality())
                .map(|(i, s)| (i, s.clone()))
                .unwrap_or((&issues[0].0, 0..0));
            // A short message whatever the number of issues (30,000 factors made it 1.3 MB).
            let mut dims: Vec<String> = issues
                .iter()
                .take(8)
                .map(|(i, _)| i.cardinality().to_string())
                .collect();
            if issues.len() > 8 {
                dims.push(format!("… ({} issues)", issues.len()));
            }
            let size =
                pactum_core::space::product_decimal(issues.iter().map(|(i, _)| i.cardinality()));
            let size = if size.len() > 40 {
                format!("about 10^{}", size.len() - 1)
            } else {
                size
            };
            *oversize = Some(
                r.map
                    .diagnostic(at, format!("the outcome space has {size} outcomes ({}), too many to enumerate", dims.join(" × ")))
                    .with_expected(format!("at most {ENUMERATION_LIMIT} outcomes"))
                    .with_help(format!(
                        "the largest issue is `{}` with {} values: use fewer options or a larger step, or study part of the space with `pactum analyze --fix ISSUE=VALUE` (additive preferences without cross-issue red lines are analysed without enumerating)",
                        largest.id,
                        largest.cardinality()
                    )),
            );
        }
    }

    let parties: Vec<Party> = parties.into_iter().collect::<Option<Vec<_>>>()?;
    Some(Scenario {
        id: id?.into_inner(),
        title: title?.into_inner(),
        summary,
        source,
        issues: issue_defs,
        parties,
        timeline: timeline?,
        talks: TalksDefaults {
            rounds,
            seed,
            protocol,
            mediator,
            rounds_provenance,
        },
    })
}

/// An optional string that must be one of `allowed`.
fn choice(r: &mut Reader<'_>, t: &Table<'_>, key: &str, allowed: &[&str]) -> Option<String> {
    let value = r.string(t, key)?;
    if allowed.contains(&value.get_ref().as_str()) {
        Some(value.into_inner())
    } else {
        r.error(
            value.span(),
            format!("unknown {key} \"{}\"", value.get_ref()),
            Some(format!("one of {}", list(allowed))),
        );
        None
    }
}

fn read_role(r: &mut Reader<'_>, t: &Table<'_>) -> Role {
    match r.string(t, "role") {
        None => Role::Party,
        Some(s) => match s.get_ref().as_str() {
            "party" => Role::Party,
            "mediator" => Role::Mediator,
            "stakeholder" => Role::Stakeholder,
            other => {
                r.error(
                    s.span(),
                    format!("unknown role \"{other}\""),
                    Some(format!("one of {}", list(ROLES))),
                );
                Role::Party
            }
        },
    }
}
