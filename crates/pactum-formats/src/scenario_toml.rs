//! The native scenario format (TOML): reading with span-aware diagnostics.
//!
//! Every problem the reader can find is reported in one pass, each with the file, line and
//! column, what was found and what was expected. `docs/scenario-format.md` documents the format.

use crate::diagnostic::Diagnostic;
use crate::toml_reader::{Reader, Table, as_number, closest, list, nesting_depth, type_of};
use pactum_core::issue::{Issue, IssueKind, OptionDef, numeric_cardinality};
use pactum_core::preference::{
    Interaction, IssuePreference, Preferences, Semantics, ValueFunction,
};
use pactum_core::provenance::Provenance;
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
    let (depth, at) = nesting_depth(text);
    if depth > MAX_NESTING {
        r.error(
            at..at + 1,
            format!("arrays and tables nest {depth} levels deep"),
            Some(format!("at most {MAX_NESTING} levels")),
        );
        return Err(r.diagnostics);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            r.error(span, format!("invalid TOML: {message}"), None);
        }
        return Err(r.diagnostics);
    }
    let root = root.get_ref();
    let mut warnings = Vec::new();
    let scenario = read_scenario(&mut r, root, &mut warnings);
    match scenario {
        Some(s) if r.diagnostics.is_empty() => Ok(Loaded {
            scenario: s,
            warnings,
        }),
        _ => {
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
    "id", "title", "summary", "source", "rounds", "seed", "protocol", "mediator",
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
const FALLBACK_KEYS: &[&str] = &["utility", "per_round", "source", "assumption"];
const DISCOUNT_KEYS: &[&str] = &["per_round", "source", "assumption"];
const PREFERENCE_KEYS: &[&str] = &[
    "issue",
    "weight",
    "values",
    "linear",
    "piecewise",
    "source",
    "assumption",
];
const LINEAR_KEYS: &[&str] = &["at_min", "at_max"];
const INTERACTION_KEYS: &[&str] = &["when", "bonus", "description", "source", "assumption"];
const RED_LINE_KEYS: &[&str] = &["id", "expr", "description", "source", "assumption"];
const INFLUENCE_KEYS: &[&str] = &["party", "fallback", "description", "source", "assumption"];
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
    }
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

    let protocol = choice(r, head, "protocol", &["single-text", "saop", "alternating"]);
    let mediator = choice(r, head, "mediator", &["nash", "hill-climbing", "annealing"]);
    let issues = read_issues(r, root);
    if root.get("issues").is_none() {
        r.error(
            whole.clone(),
            "the scenario has no issues",
            Some("at least one `[[issues]]` table".into()),
        );
    }
    let issue_ids: Vec<&str> = issues.iter().map(|(i, _)| i.id.as_str()).collect();
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
            let dims: Vec<String> = issues
                .iter()
                .map(|(i, _)| i.cardinality().to_string())
                .collect();
            r.error(
                at,
                format!(
                    "the outcome space has {size} outcomes ({}), too many to enumerate",
                    dims.join(" × ")
                ),
                Some(format!("at most {ENUMERATION_LIMIT} outcomes")),
            );
            if let Some(d) = r.diagnostics.last_mut() {
                d.help = Some(format!(
                    "the largest issue is `{}` with {} values: use fewer options or a larger step",
                    largest.id,
                    largest.cardinality()
                ));
            }
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

fn read_issues(r: &mut Reader<'_>, root: &Table<'_>) -> Vec<(Issue, Range<usize>)> {
    let mut ids = Ids::new("issue");
    let mut out = Vec::new();
    for (t, span) in r.tables(root, "issues") {
        r.check_keys(t, "an [[issues]] entry", ISSUE_KEYS);
        let id = r.required_name(t, &span, "an [[issues]] entry");
        if let Some(id) = &id {
            ids.add(r, id);
        }
        let label = r.string(t, "label").map(Spanned::into_inner);
        let description = r
            .string(t, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let prov = provenance(r, t);
        let kind_name = r.string(t, "kind");
        let has_options = t.get("options").is_some();
        let kind = match kind_name.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("options") => {
                if !has_options {
                    let numeric_keys = ["min", "max", "step"].iter().any(|k| t.get(*k).is_some());
                    r.error(
                        span.clone(),
                        "the issue has no `options`",
                        Some(if numeric_keys {
                            "`kind = \"integer\"` or `kind = \"real\"` for a numeric range".into()
                        } else {
                            "`options = [...]`, or `kind = \"integer\"`/`\"real\"` with `min` and `max`".into()
                        }),
                    );
                    None
                } else {
                    read_options(r, t).map(|options| IssueKind::Options {
                        options,
                        ordered: r.boolean(t, "ordered").unwrap_or(false),
                    })
                }
            }
            Some(k @ ("integer" | "real")) => {
                if let Some(v) = t.get("options") {
                    r.error(
                        v.span(),
                        format!("a {k} issue has `options`"),
                        Some("either `options` or `min`/`max`/`step`, not both".into()),
                    );
                }
                read_range(r, t, &span, k == "integer")
            }
            Some(other) => {
                let at = kind_name.as_ref().map_or(span.clone(), |k| k.span());
                r.error(
                    at,
                    format!("unknown issue kind \"{other}\""),
                    Some("`options`, `integer` or `real`".into()),
                );
                None
            }
        };
        if let (Some(id), Some(kind)) = (id, kind) {
            let id = id.into_inner();
            out.push((
                Issue {
                    label: label.unwrap_or_else(|| id.clone()),
                    id,
                    description,
                    kind,
                    provenance: prov,
                },
                span,
            ));
        }
    }
    out
}

fn read_options(r: &mut Reader<'_>, t: &Table<'_>) -> Option<Vec<OptionDef>> {
    let value = t.get("options")?;
    let DeValue::Array(items) = value.get_ref() else {
        r.error(
            value.span(),
            format!("`options` is {}", type_of(value.get_ref())),
            Some("an array of option ids or option tables".into()),
        );
        return None;
    };
    if items.is_empty() {
        r.error(
            value.span(),
            "`options` is empty",
            Some("at least one option".into()),
        );
        return None;
    }
    let mut ids = Ids::new("option");
    let mut options = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        let (id, label, description, prov) = match item.get_ref() {
            DeValue::String(s) => {
                let id = Spanned::new(item.span(), s.to_string());
                if !crate::toml_reader::valid_name(s) {
                    r.error(
                        item.span(),
                        format!("\"{}\" is not a valid option id", s.escape_default()),
                        Some(
                            "non-empty text without control characters or surrounding spaces"
                                .into(),
                        ),
                    );
                    ok = false;
                    continue;
                }
                (Some(id), None, String::new(), Provenance::default())
            }
            DeValue::Table(o) => {
                r.check_keys(o, "an option", OPTION_KEYS);
                let id = r.required_name(o, &item.span(), "an option");
                let label = r.string(o, "label").map(Spanned::into_inner);
                let description = r
                    .string(o, "description")
                    .map(Spanned::into_inner)
                    .unwrap_or_default();
                (id, label, description, provenance(r, o))
            }
            other => {
                r.error(
                    item.span(),
                    format!("an option is {}", type_of(other)),
                    Some("an option id in quotes or a table with `id`".into()),
                );
                ok = false;
                continue;
            }
        };
        let Some(id) = id else {
            ok = false;
            continue;
        };
        ok &= ids.add(r, &id);
        let id = id.into_inner();
        options.push(OptionDef {
            label: label.unwrap_or_else(|| id.clone()),
            id,
            description,
            provenance: prov,
        });
    }
    ok.then_some(options)
}

fn read_range(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    span: &Range<usize>,
    integer: bool,
) -> Option<IssueKind> {
    let min = r.required_number(t, span, "min", "a numeric issue");
    let max = r.required_number(t, span, "max", "a numeric issue");
    let step = match r.number(t, "step") {
        Some(s) => Some(s),
        None if integer && t.get("step").is_none() => Some(Spanned::new(span.clone(), 1.0)),
        None => {
            if t.get("step").is_none() {
                r.error(
                    span.clone(),
                    "a real issue has no `step`",
                    Some("`step = 0.5` (the engine enumerates real ranges at this step)".into()),
                );
            }
            None
        }
    };
    let unit = r
        .string(t, "unit")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let (min, max, step) = (min?, max?, step?);
    let mut ok = true;
    if integer {
        for v in [&min, &max, &step] {
            if v.get_ref().fract() != 0.0 {
                r.error(
                    v.span(),
                    format!("{} is not a whole number", v.get_ref()),
                    Some("whole numbers for an integer issue".into()),
                );
                ok = false;
            }
        }
    }
    if *step.get_ref() <= 0.0 {
        r.error(
            step.span(),
            format!("`step` is {}", step.get_ref()),
            Some("a step greater than 0".into()),
        );
        ok = false;
    }
    if max.get_ref() < min.get_ref() {
        r.error(
            max.span(),
            format!(
                "`max` ({}) is below `min` ({})",
                max.get_ref(),
                min.get_ref()
            ),
            Some("`max` ≥ `min`".into()),
        );
        ok = false;
    }
    if ok {
        match numeric_cardinality(*min.get_ref(), *max.get_ref(), *step.get_ref()) {
            Some(n) if n <= u64::from(u32::MAX) => {}
            _ => {
                r.error(
                    step.span(),
                    "the range has too many values",
                    Some(format!("at most {} values per issue", u32::MAX)),
                );
                ok = false;
            }
        }
    }
    ok.then(|| IssueKind::Numeric {
        min: *min.get_ref(),
        max: *max.get_ref(),
        step: *step.get_ref(),
        integer,
        unit,
    })
}

#[allow(clippy::too_many_arguments)]
fn read_party(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    span: &Range<usize>,
    (id, role): &(String, Role),
    issues: &[Issue],
    issue_ids: &[&str],
    parties: &[(String, Role)],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Party> {
    r.check_keys(t, "a [[parties]] entry", PARTY_KEYS);
    let role = *role;
    let name = r
        .string(t, "name")
        .map(Spanned::into_inner)
        .unwrap_or_else(|| id.clone());
    let description = r
        .string(t, "description")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let prov = provenance(r, t);

    let mut delegation = Vec::new();
    for (d, dspan) in r.tables(t, "delegation") {
        r.check_keys(d, "a delegation member", DELEGATE_KEYS);
        let person = r.required_string(d, &dspan, "name", "a delegation member");
        let p = provenance(r, d);
        want_provenance(r, warnings, &p, &dspan, "a delegation member");
        if let Some(person) = person {
            delegation.push(Delegate {
                name: person.into_inner(),
                title: r
                    .string(d, "title")
                    .map(Spanned::into_inner)
                    .unwrap_or_default(),
                role: r
                    .string(d, "role")
                    .map(Spanned::into_inner)
                    .unwrap_or_default(),
                at_table: r.boolean(d, "at_table").unwrap_or(true),
                provenance: p,
            });
        }
    }

    let disclosure = match t.get("disclosure") {
        None => Disclosure {
            red_lines: true,
            priorities: true,
            fallback: false,
            preferences: false,
        },
        Some(_) => {
            let mut d = Disclosure::default();
            for item in r.strings(t, "disclosure") {
                match item.get_ref().as_str() {
                    "red_lines" => d.red_lines = true,
                    "priorities" => d.priorities = true,
                    "fallback" => d.fallback = true,
                    "preferences" => d.preferences = true,
                    other => r.error(
                        item.span(),
                        format!("unknown disclosure \"{other}\""),
                        Some(format!("any of {}", list(DISCLOSURES))),
                    ),
                }
            }
            d
        }
    };

    let fallback = match r.table(t, "fallback") {
        Some((f, fspan)) => {
            r.check_keys(f, "a fallback", FALLBACK_KEYS);
            let utility = r.required_number(f, &fspan, "utility", "a fallback");
            if let Some(u) = &utility
                && !(-1.0..=1.0).contains(u.get_ref())
            {
                r.error(
                    u.span(),
                    format!("fallback utility {} is outside -1..1", u.get_ref()),
                    Some("a utility from -1 to 1 (0 when walking away is worth nothing)".into()),
                );
            }
            let per_round = r.number(f, "per_round");
            if let Some(p) = &per_round
                && !(-1.0..=1.0).contains(p.get_ref())
            {
                r.error(
                    p.span(),
                    format!("`per_round` {} is outside -1..1", p.get_ref()),
                    Some("a change per round from -1 to 1".into()),
                );
            }
            let p = provenance(r, f);
            want_provenance(r, warnings, &p, &fspan, &format!("the fallback of `{id}`"));
            Fallback {
                utility: utility.map_or(0.0, Spanned::into_inner),
                per_round: per_round.map_or(0.0, Spanned::into_inner),
                provenance: p,
            }
        }
        None => Fallback {
            utility: 0.0,
            per_round: 0.0,
            provenance: Provenance::default(),
        },
    };
    let discount = match r.table(t, "discount") {
        Some((f, fspan)) => {
            r.check_keys(f, "a discount", DISCOUNT_KEYS);
            let per_round = r.required_number(f, &fspan, "per_round", "a discount");
            if let Some(p) = &per_round
                && !(*p.get_ref() > 0.0 && *p.get_ref() <= 1.0)
            {
                r.error(
                    p.span(),
                    format!("discount factor {} is outside (0, 1]", p.get_ref()),
                    Some("a factor greater than 0 and at most 1".into()),
                );
            }
            let p = provenance(r, f);
            want_provenance(r, warnings, &p, &fspan, &format!("the discount of `{id}`"));
            Discount {
                per_round: per_round.map_or(1.0, Spanned::into_inner),
                provenance: p,
            }
        }
        None => Discount {
            per_round: 1.0,
            provenance: Provenance::default(),
        },
    };

    let semantics = match r.string(t, "weights") {
        None => Semantics::Normalised,
        Some(w) => match w.get_ref().as_str() {
            "normalised" | "normalized" => Semantics::Normalised,
            "as_written" => Semantics::AsWritten,
            other => {
                r.error(w.span(), format!("unknown weights \"{other}\""), Some("`normalised` (divide by their sum, the default) or `as_written` (GENIUS semantics)".into()));
                Semantics::Normalised
            }
        },
    };
    let preferences = read_preferences(r, t, id, issues, issue_ids, warnings)
        .map(|p| Preferences { semantics, ..p });
    let pref_tables = t.get("preferences").is_some();
    if role == Role::Party && !pref_tables {
        r.error(
            span.clone(),
            format!("party `{id}` negotiates but states no preferences"),
            Some("`[[parties.preferences]]` entries with `issue` and `weight`".into()),
        );
    }

    let mut red_lines = Vec::new();
    let mut rl_ids = Ids::new("red line");
    let rl_tables = r.tables(t, "red_lines");
    if role != Role::Party && !rl_tables.is_empty() {
        r.error(
            rl_tables[0].1.clone(),
            format!("`{id}` has role \"{}\" and red lines", role.name()),
            Some("red lines only on parties with `role = \"party\"` (only they can veto)".into()),
        );
    }
    for (rt, rspan) in rl_tables {
        r.check_keys(rt, "a red line", RED_LINE_KEYS);
        let rid = r.required_id(rt, &rspan, "a red line");
        if let Some(rid) = &rid {
            rl_ids.add(r, rid);
        }
        let expr = r.required_string(rt, &rspan, "expr", "a red line");
        let description = r
            .string(rt, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, rt);
        want_provenance(r, warnings, &p, &rspan, "a red line");
        let Some(expr) = expr else { continue };
        let compiled = match redline::parse_and_compile(expr.get_ref(), issues) {
            Ok(c) => Some(c),
            Err(errors) => {
                let base = r.string_content_offset(&expr);
                for e in errors {
                    let span = match base {
                        Some(b) => b + e.span.start..b + e.span.end.max(e.span.start + 1),
                        None => expr.span(),
                    };
                    let mut d = r
                        .map
                        .diagnostic(span, format!("in red line: {}", e.message));
                    d.expected = e.expected;
                    r.push(d);
                }
                None
            }
        };
        if let (Some(rid), Some(constraint)) = (rid, compiled) {
            red_lines.push(RedLine {
                id: rid.into_inner(),
                expr: expr.into_inner(),
                description,
                constraint,
                provenance: p,
            });
        }
    }

    let mut influences = Vec::new();
    for (it, ispan) in r.tables(t, "influences") {
        r.check_keys(it, "an influence", INFLUENCE_KEYS);
        let target = r.required_string(it, &ispan, "party", "an influence");
        let delta = r.required_number(it, &ispan, "fallback", "an influence");
        let description = r
            .string(it, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, it);
        want_provenance(r, warnings, &p, &ispan, "an influence");
        if let Some(d) = &delta
            && !(-1.0..=1.0).contains(d.get_ref())
        {
            r.error(
                d.span(),
                format!("fallback change {} is outside -1..1", d.get_ref()),
                Some("a change of utility from -1 to 1".into()),
            );
        }
        let party = target.and_then(|tg| negotiator_index(r, &tg, parties, "an influence"));
        if let (Some(party), Some(delta)) = (party, delta) {
            influences.push(Influence {
                party,
                fallback_delta: delta.into_inner(),
                description,
                provenance: p,
            });
        }
    }

    let mut figures = Vec::new();
    for (ft, fspan) in r.tables(t, "figures") {
        r.check_keys(ft, "a figure", FIGURE_KEYS);
        let label = r.required_string(ft, &fspan, "label", "a figure");
        let value = r.required_number(ft, &fspan, "value", "a figure");
        let unit = r
            .string(ft, "unit")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, ft);
        want_provenance(r, warnings, &p, &fspan, "a figure");
        if let (Some(label), Some(value)) = (label, value) {
            figures.push(Figure {
                label: label.into_inner(),
                value: value.into_inner(),
                unit,
                provenance: p,
            });
        }
    }

    let strategy =
        r.string(t, "strategy").and_then(|spec| {
            match pactum_core::talks::strategy::parse(spec.get_ref()) {
                Ok(_) => Some(spec.into_inner()),
                Err(e) => {
                    r.error(
                        spec.span(),
                        format!("strategy \"{}\": {e}", spec.get_ref()),
                        Some("NAME[:key=value,...] as `pactum strategies` lists".into()),
                    );
                    None
                }
            }
        });
    Some(Party {
        id: id.clone(),
        name,
        role,
        description,
        delegation,
        preferences: preferences?,
        red_lines,
        fallback,
        discount,
        disclosure,
        influences,
        figures,
        strategy,
        provenance: prov,
    })
}

/// Index of the negotiating party `id`, or an error at `id`'s span.
fn negotiator_index(
    r: &mut Reader<'_>,
    id: &Spanned<String>,
    parties: &[(String, Role)],
    what: &str,
) -> Option<usize> {
    match parties.iter().position(|(p, _)| p == id.get_ref()) {
        Some(i) if parties[i].1 == Role::Party => Some(i),
        Some(i) => {
            r.error(
                id.span(),
                format!(
                    "{what} names `{}`, which has role \"{}\"",
                    id.get_ref(),
                    parties[i].1.name()
                ),
                Some("a party with role \"party\"".into()),
            );
            None
        }
        None => {
            let known: Vec<&str> = parties
                .iter()
                .filter(|(_, role)| *role == Role::Party)
                .map(|(p, _)| p.as_str())
                .collect();
            let mut d = r
                .map
                .diagnostic(
                    id.span(),
                    format!("{what} names no party `{}`", id.get_ref()),
                )
                .with_expected(format!("one of {}", list(&known)));
            if let Some(c) = closest(id.get_ref(), &known) {
                d = d.with_help(format!("did you mean `{c}`?"));
            }
            r.push(d);
            None
        }
    }
}

fn issue_index(
    r: &mut Reader<'_>,
    name: &Spanned<String>,
    issue_ids: &[&str],
    what: &str,
) -> Option<usize> {
    let found = issue_ids.iter().position(|i| *i == name.get_ref());
    if found.is_none() {
        let mut d = r
            .map
            .diagnostic(
                name.span(),
                format!("{what} names no issue `{}`", name.get_ref()),
            )
            .with_expected(format!("one of {}", list(issue_ids)));
        if let Some(c) = closest(name.get_ref(), issue_ids) {
            d = d.with_help(format!("did you mean `{c}`?"));
        }
        r.push(d);
    }
    found
}

fn read_preferences(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    party: &str,
    issues: &[Issue],
    issue_ids: &[&str],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Preferences> {
    let mut ok = true;
    let mut terms: Vec<IssuePreference> = Vec::new();
    let mut seen = Ids::new("preference issue");
    for (pt, pspan) in r.tables(t, "preferences") {
        r.check_keys(pt, "a preference", PREFERENCE_KEYS);
        let name = r.required_string(pt, &pspan, "issue", "a preference");
        let weight = r.required_number(pt, &pspan, "weight", "a preference");
        let p = provenance(r, pt);
        want_provenance(
            r,
            warnings,
            &p,
            &pspan,
            &format!("the preference of `{party}` on an issue"),
        );
        if let Some(w) = &weight
            && *w.get_ref() <= 0.0
        {
            r.error(
                w.span(),
                format!("weight {} is not positive", w.get_ref()),
                Some("a weight greater than 0 (leave an issue out to ignore it)".into()),
            );
            ok = false;
        }
        let issue = name.as_ref().and_then(|n| {
            if seen.add(r, n) {
                issue_index(r, n, issue_ids, "a preference")
            } else {
                None
            }
        });
        let Some(issue) = issue else {
            ok = false;
            continue;
        };
        let values = read_value_function(r, pt, &pspan, &issues[issue]);
        match (weight, values) {
            (Some(w), Some(values)) => terms.push(IssuePreference {
                issue,
                weight: w.into_inner(),
                values,
                provenance: p,
            }),
            _ => ok = false,
        }
    }
    let mut interactions = Vec::new();
    for (it, ispan) in r.tables(t, "interactions") {
        r.check_keys(it, "an interaction", INTERACTION_KEYS);
        let bonus = r.required_number(it, &ispan, "bonus", "an interaction");
        if let Some(b) = &bonus
            && !(-1.0..=1.0).contains(b.get_ref())
        {
            r.error(
                b.span(),
                format!("bonus {} is outside -1..1", b.get_ref()),
                Some("a bonus (or, negative, a penalty) from -1 to 1".into()),
            );
            ok = false;
        }
        let description = r
            .string(it, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, it);
        want_provenance(r, warnings, &p, &ispan, "an interaction");
        let mut when = Vec::new();
        match r.table(it, "when") {
            Some((wt, wspan)) => {
                if wt.is_empty() {
                    r.error(
                        wspan,
                        "`when` is empty",
                        Some("`when = { issue = \"option\", … }`".into()),
                    );
                    ok = false;
                }
                for (key, value) in wt.iter() {
                    let name = Spanned::new(key.span(), key.get_ref().to_string());
                    let Some(i) = issue_index(r, &name, issue_ids, "an interaction") else {
                        ok = false;
                        continue;
                    };
                    match digit_of(r, &issues[i], value) {
                        Some(d) => when.push((i, d)),
                        None => ok = false,
                    }
                }
            }
            None => {
                if it.get("when").is_none() {
                    r.error(
                        ispan.clone(),
                        "an interaction has no `when`",
                        Some("`when = { issue = \"option\", … }`".into()),
                    );
                }
                ok = false;
            }
        }
        if let Some(bonus) = bonus {
            interactions.push(Interaction {
                when,
                bonus: bonus.into_inner(),
                description,
                provenance: p,
            });
        }
    }
    ok.then_some(Preferences {
        issues: terms,
        interactions,
        semantics: Semantics::Normalised,
    })
}

/// The digit a TOML value names on `issue`: an option id, or a value of the range.
fn digit_of(r: &mut Reader<'_>, issue: &Issue, value: &Spanned<DeValue<'_>>) -> Option<u32> {
    match (&issue.kind, value.get_ref()) {
        (IssueKind::Options { options, .. }, DeValue::String(s)) => {
            let found = issue.option_index(s);
            if found.is_none() {
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                r.error(
                    value.span(),
                    format!("issue `{}` has no option \"{s}\"", issue.id),
                    Some(format!("one of {}", list(&ids))),
                );
            }
            found
        }
        (IssueKind::Numeric { .. }, v) if as_number(v).is_some() => {
            let x = as_number(v).unwrap_or(0.0);
            let d = issue.nearest_digit(x)?;
            let on_grid = issue
                .numeric_value(d)
                .is_some_and(|y| (y - x).abs() <= 1e-9 * x.abs().max(1.0));
            if !on_grid {
                r.error(
                    value.span(),
                    format!("{x} is not a value of `{}`", issue.id),
                    Some("min + k·step, within the range".into()),
                );
                return None;
            }
            Some(d)
        }
        (IssueKind::Options { .. }, other) => {
            r.error(
                value.span(),
                format!("a value of `{}` is {}", issue.id, type_of(other)),
                Some("an option id in quotes".into()),
            );
            None
        }
        (IssueKind::Numeric { .. }, other) => {
            r.error(
                value.span(),
                format!("a value of `{}` is {}", issue.id, type_of(other)),
                Some("a number".into()),
            );
            None
        }
    }
}

fn read_value_function(
    r: &mut Reader<'_>,
    pt: &Table<'_>,
    pspan: &Range<usize>,
    issue: &Issue,
) -> Option<ValueFunction> {
    let given: Vec<&str> = ["values", "linear", "piecewise"]
        .into_iter()
        .filter(|k| pt.get(*k).is_some())
        .collect();
    if given.len() != 1 {
        let what = if issue.is_numeric() {
            "`linear = { at_min, at_max }` or `piecewise = [[x, v], …]`"
        } else {
            "`values = { option = value, … }`"
        };
        let message = if given.is_empty() {
            format!("the preference on `{}` gives no values", issue.id)
        } else {
            format!(
                "the preference on `{}` gives {} at once",
                issue.id,
                list(&given)
            )
        };
        r.error(
            pspan.clone(),
            message,
            Some(format!("exactly one of {what}")),
        );
        return None;
    }
    let in_unit = |r: &mut Reader<'_>, v: f64, span: Range<usize>| {
        let ok = (0.0..=1.0).contains(&v);
        if !ok {
            r.error(
                span,
                format!("value {v} is outside 0..1"),
                Some("a value from 0 (worst) to 1 (best)".into()),
            );
        }
        ok
    };
    match given[0] {
        "values" => {
            let (vt, vspan) = r.table(pt, "values")?;
            let IssueKind::Options { options, .. } = &issue.kind else {
                r.error(
                    vspan,
                    format!("`values` on numeric issue `{}`", issue.id),
                    Some("`linear` or `piecewise` for a numeric issue".into()),
                );
                return None;
            };
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            let mut values = vec![None; options.len()];
            let mut ok = true;
            for (key, value) in vt.iter() {
                let Some(d) = issue.option_index(key.get_ref()) else {
                    let mut d = r
                        .map
                        .diagnostic(
                            key.span(),
                            format!("issue `{}` has no option `{}`", issue.id, key.get_ref()),
                        )
                        .with_expected(format!("one of {}", list(&ids)));
                    if let Some(c) = closest(key.get_ref(), &ids) {
                        d = d.with_help(format!("did you mean `{c}`?"));
                    }
                    r.push(d);
                    ok = false;
                    continue;
                };
                match as_number(value.get_ref()) {
                    Some(v) if v.is_finite() => {
                        ok &= in_unit(r, v, value.span());
                        values[d as usize] = Some(v);
                    }
                    _ => {
                        r.error(
                            value.span(),
                            format!(
                                "the value of `{}` is {}",
                                key.get_ref(),
                                type_of(value.get_ref())
                            ),
                            Some("a number from 0 to 1".into()),
                        );
                        ok = false;
                    }
                }
            }
            let missing: Vec<&str> = options
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_none())
                .map(|(o, _)| o.id.as_str())
                .collect();
            if ok && !missing.is_empty() {
                r.error(
                    vspan,
                    format!("no value for {} of `{}`", list(&missing), issue.id),
                    Some("a value for every option".into()),
                );
                ok = false;
            }
            ok.then(|| ValueFunction::Table {
                values: values.into_iter().map(|v| v.unwrap_or(0.0)).collect(),
            })
        }
        "linear" => {
            let (lt, lspan) = r.table(pt, "linear")?;
            r.check_keys(lt, "`linear`", LINEAR_KEYS);
            if !issue.is_ordered() {
                r.error(
                    lspan.clone(),
                    format!("`linear` on `{}`, whose options are not ordered", issue.id),
                    Some("`values` for unordered options".into()),
                );
                return None;
            }
            let lo = r.required_number(lt, &lspan, "at_min", "`linear`")?;
            let hi = r.required_number(lt, &lspan, "at_max", "`linear`")?;
            let ok = in_unit(r, *lo.get_ref(), lo.span()) & in_unit(r, *hi.get_ref(), hi.span());
            ok.then(|| ValueFunction::Linear {
                at_min: lo.into_inner(),
                at_max: hi.into_inner(),
            })
        }
        _ => {
            let value = pt.get("piecewise")?;
            if !issue.is_numeric() {
                r.error(
                    value.span(),
                    format!("`piecewise` on `{}`, which is not numeric", issue.id),
                    Some("`values` for an issue with options".into()),
                );
                return None;
            }
            let DeValue::Array(items) = value.get_ref() else {
                r.error(
                    value.span(),
                    format!("`piecewise` is {}", type_of(value.get_ref())),
                    Some("an array of `[x, value]` pairs".into()),
                );
                return None;
            };
            let mut points = Vec::new();
            for item in items.iter() {
                let pair = match item.get_ref() {
                    DeValue::Array(p) if p.len() == 2 => {
                        as_number(p[0].get_ref()).zip(as_number(p[1].get_ref()))
                    }
                    _ => None,
                };
                match pair {
                    Some((x, v)) if x.is_finite() && v.is_finite() => {
                        if !in_unit(r, v, item.span()) {
                            return None;
                        }
                        if let Some(&(px, _)) = points.last()
                            && x <= px
                        {
                            r.error(
                                item.span(),
                                format!("x = {x} does not increase"),
                                Some("points sorted by strictly increasing x".into()),
                            );
                            return None;
                        }
                        points.push((x, v));
                    }
                    _ => {
                        r.error(
                            item.span(),
                            "a point is not `[x, value]`",
                            Some("two numbers, as in `[50, 0.8]`".into()),
                        );
                        return None;
                    }
                }
            }
            if points.is_empty() {
                r.error(
                    value.span(),
                    "`piecewise` has no points",
                    Some("at least one `[x, value]` point".into()),
                );
                return None;
            }
            Some(ValueFunction::Piecewise { points })
        }
    }
}

fn read_timeline(
    r: &mut Reader<'_>,
    root: &Table<'_>,
    parties: &[(String, Role)],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Vec<Event>> {
    let mut out = Vec::new();
    let mut ok = true;
    let known: Vec<&str> = parties.iter().map(|(p, _)| p.as_str()).collect();
    for (t, span) in r.tables(root, "timeline") {
        r.check_keys(t, "a [[timeline]] event", EVENT_KEYS);
        let when = r.required_string(t, &span, "when", "a [[timeline]] event");
        let summary = r.required_string(t, &span, "summary", "a [[timeline]] event");
        let day = r.integer(t, "day").map(Spanned::into_inner);
        let date = r.string(t, "date").map(Spanned::into_inner);
        let place = r.string(t, "place").map(Spanned::into_inner);
        let people = r
            .strings(t, "people")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let p = provenance(r, t);
        want_provenance(r, warnings, &p, &span, "a timeline event");
        let mut members = Vec::new();
        for name in r.strings(t, "parties") {
            match parties.iter().position(|(q, _)| q == name.get_ref()) {
                Some(i) => members.push(i),
                None => {
                    r.error(
                        name.span(),
                        format!("a timeline event names no party `{}`", name.get_ref()),
                        Some(format!("one of {}", list(&known))),
                    );
                    ok = false;
                }
            }
        }
        let caucus = match r.string(t, "caucus") {
            Some(c) => match negotiator_index(r, &c, parties, "a caucus") {
                Some(i) => Some(i),
                None => {
                    ok = false;
                    None
                }
            },
            None => None,
        };
        match (when, summary) {
            (Some(when), Some(summary)) => out.push(Event {
                when: when.into_inner(),
                day,
                date,
                place,
                parties: members,
                people,
                summary: summary.into_inner(),
                caucus,
                provenance: p,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
