//! Reading GENIUS XML scenarios: a domain file (`<negotiation_template>`) and one utility-space file per
//! party, read with GENIUS's own semantics (`shared/research/interop.md` §1):
//!
//! - issues are found recursively under the first `<objective>`; type from `type`, else `vtype`,
//!   else discrete; profile issues are matched to domain issues by `index`, names ignored;
//! - discrete evaluations are divided by the issue's highest evaluation (0 when that is < 1e-5);
//! - integer: `clip(offset + slope·(x − lowerbound), 0, 1)`; real `linear`:
//!   `clip(parameter0 + parameter1·x, 0, 1)`, `constant`, `triangular`;
//! - weights are used as written (not renormalised); an issue without a `<weight>` counts 0;
//! - `<reservation>` anywhere in the tree (default 0); `<discount_factor>` ≤ 0, > 1 or not a
//!   number counts as 1.
//!
//! Real issues are continuous in GENIUS; pactum enumerates them at [`REAL_STEPS`] equal steps.
//! Nonlinear (hyper-rectangle) profiles are read by `super::nonlinear`; preference-uncertainty
//! (`UNCERTAIN`) profiles as the additive profiles they contain, with a note; constraint
//! profiles are refused with the file and line.

use super::domain::{Domain, DomainIssue, number};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::xml_tree::{self, Element};
use pactum_core::issue::{Issue, IssueKind, MAX_VALUES, OptionDef};
use pactum_core::preference::{IssuePreference, Preferences, Semantics, ValueFunction};
use pactum_core::provenance::Provenance;
use pactum_core::scenario::{Party, Scenario};

/// A real issue `[lb, ub]` is enumerated at `lb + k·(ub − lb)/REAL_STEPS`, k = 0..=REAL_STEPS.
pub const REAL_STEPS: u32 = 10;

/// One party's profile, as read.
#[derive(Clone, Debug)]
pub struct Profile {
    pub preferences: Preferences,
    pub reservation: f64,
    /// GENIUS's time discount `d` (utility `u·d^t`, t in 0..1), after GENIUS's corrections.
    pub discount_factor: f64,
    /// What pactum reads differently from the profile's own tool, said in the party's
    /// description.
    pub note: Option<String>,
}

fn optional_number(e: &Element, key: &str) -> Option<f64> {
    e.attr(key)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|x| x.is_finite())
}

/// The `<objective>` GENIUS reads: the first one under the first `<utility_space>`.
fn root_objective<'a>(map: &SourceMap<'_>, root: &'a Element) -> Result<&'a Element, Diagnostic> {
    let space = if root.name == "utility_space" {
        Some(root)
    } else {
        root.child("utility_space")
    };
    let space = space.ok_or_else(|| {
        map.diagnostic(
            root.offset..root.offset + 1,
            format!("<{}> has no <utility_space>", root.name),
        )
        .with_expected("<utility_space> with an <objective>")
    })?;
    // GENIUS's loader reads weights and issues wherever it stands, then recurses into
    // objectives: a profile with `<weight>` and `<issue>` straight under `<utility_space>`
    // (inheritancedomain) is read with the utility space as its objective.
    space
        .find("objective")
        .or_else(|| space.child("issue").map(|_| space))
        .ok_or_else(|| {
            map.diagnostic(
                space.offset..space.offset + 1,
                "<utility_space> has no <objective> and no <issue>",
            )
            .with_expected("an <objective> holding the issues, or <issue> elements")
        })
}

fn collect_issues<'a>(objective: &'a Element, out: &mut Vec<&'a Element>) {
    for c in &objective.children {
        match c.name.as_str() {
            "issue" => out.push(c),
            "objective" => collect_issues(c, out),
            _ => {}
        }
    }
}

fn collect_weights(objective: &Element, out: &mut Vec<(i64, f64, usize)>) {
    for c in &objective.children {
        match c.name.as_str() {
            "weight" => {
                if let (Some(i), Some(w)) = (
                    c.attr("index").and_then(|v| v.trim().parse::<i64>().ok()),
                    optional_number(c, "value"),
                ) {
                    out.push((i, w, c.offset));
                }
            }
            "objective" => collect_weights(c, out),
            _ => {}
        }
    }
}

fn issue_type(e: &Element) -> &str {
    e.attr("type")
        .or_else(|| e.attr("vtype"))
        .unwrap_or("discrete")
}

fn bounds(map: &SourceMap<'_>, e: &Element) -> Result<(f64, f64), Diagnostic> {
    let holder = if e.attr("lowerbound").is_some() {
        e
    } else {
        e.child("range").unwrap_or(e)
    };
    let lb = number(map, holder, "lowerbound")?;
    let ub = number(map, holder, "upperbound")?;
    if ub < lb {
        return Err(map
            .diagnostic(
                holder.offset..holder.offset + 1,
                format!("upperbound {ub} is below lowerbound {lb}"),
            )
            .with_expected("lowerbound ≤ upperbound"));
    }
    Ok((lb, ub))
}

/// Reads a GENIUS domain file.
pub fn read_domain(file: &str, text: &str) -> Result<Domain, Vec<Diagnostic>> {
    let map = SourceMap::new(file, text);
    let root = xml_tree::parse(&map).map_err(|d| vec![d])?;
    let objective = root_objective(&map, &root).map_err(|d| vec![d])?;
    let mut elements = Vec::new();
    collect_issues(objective, &mut elements);
    if elements.is_empty() {
        return Err(vec![
            map.diagnostic(
                objective.offset..objective.offset + 1,
                "the domain has no <issue>",
            )
            .with_expected("at least one <issue>"),
        ]);
    }
    let mut issues = Vec::new();
    let mut errors = Vec::new();
    for (k, e) in elements.into_iter().enumerate() {
        let index = e
            .attr("index")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(k as i64 + 1);
        let name = e.attr("name").unwrap_or("").to_string();
        if name.is_empty() {
            errors.push(
                map.diagnostic(e.offset..e.offset + 1, "an <issue> has no `name`")
                    .with_expected("name=\"…\""),
            );
            continue;
        }
        if issues.iter().any(|i: &DomainIssue| i.index == index) {
            errors.push(
                map.diagnostic(
                    e.offset..e.offset + 1,
                    format!("issue index {index} is used twice"),
                )
                .with_expected("a unique index per issue"),
            );
            continue;
        }
        let kind = match issue_type(e) {
            "discrete" => {
                let mut options: Vec<OptionDef> = Vec::new();
                for item in e.children_named("item") {
                    match item.attr("value") {
                        Some(v) if !options.iter().any(|o| o.id == v) => options.push(OptionDef {
                            id: v.to_string(),
                            label: v.to_string(),
                            description: item.attr("description").unwrap_or("").to_string(),
                            provenance: Provenance::default(),
                        }),
                        Some(v) => errors.push(
                            map.diagnostic(
                                item.offset..item.offset + 1,
                                format!("value \"{v}\" of issue `{name}` is listed twice"),
                            )
                            .with_expected("unique values"),
                        ),
                        None => errors.push(
                            map.diagnostic(
                                item.offset..item.offset + 1,
                                "an <item> has no `value`",
                            )
                            .with_expected("value=\"…\""),
                        ),
                    }
                }
                if options.is_empty() {
                    errors.push(
                        map.diagnostic(
                            e.offset..e.offset + 1,
                            format!("discrete issue `{name}` has no <item>"),
                        )
                        .with_expected("at least one <item value=\"…\">"),
                    );
                    continue;
                }
                IssueKind::Options {
                    options,
                    ordered: false,
                }
            }
            "integer" => match bounds(&map, e) {
                Ok((lb, ub))
                    if lb.fract() == 0.0 && ub.fract() == 0.0 && ub - lb < MAX_VALUES as f64 =>
                {
                    IssueKind::Numeric {
                        min: lb,
                        max: ub,
                        step: 1.0,
                        integer: true,
                        unit: String::new(),
                    }
                }
                Ok((lb, ub)) => {
                    errors.push(
                        map.diagnostic(
                            e.offset..e.offset + 1,
                            format!("integer issue `{name}` has bounds {lb}..{ub}"),
                        )
                        .with_expected(format!("whole-number bounds less than {MAX_VALUES} apart")),
                    );
                    continue;
                }
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            "real" => match bounds(&map, e) {
                Ok((lb, ub)) => {
                    let step = if ub > lb {
                        (ub - lb) / f64::from(REAL_STEPS)
                    } else {
                        1.0
                    };
                    IssueKind::Numeric {
                        min: lb,
                        max: ub,
                        step,
                        integer: false,
                        unit: String::new(),
                    }
                }
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            other => {
                errors.push(
                    map.diagnostic(
                        e.offset..e.offset + 1,
                        format!("issue `{name}` has type \"{other}\""),
                    )
                    .with_expected("discrete, integer or real"),
                );
                continue;
            }
        };
        issues.push(DomainIssue {
            index,
            issue: Issue {
                id: name.clone(),
                label: name,
                description: String::new(),
                kind,
                provenance: Provenance {
                    sources: vec![file.to_string()],
                    assumption: None,
                    range: None,
                    distribution: Default::default(),
                },
            },
        });
    }
    if issues.len() > pactum_core::issue::MAX_ISSUES {
        errors.push(
            Diagnostic::whole_file(
                file,
                format!(
                    "the domain has {} issues, more than the {} pactum takes",
                    issues.len(),
                    pactum_core::issue::MAX_ISSUES
                ),
            )
            .with_expected(format!("at most {} issues", pactum_core::issue::MAX_ISSUES)),
        );
    }
    if errors.is_empty() {
        Ok(Domain { issues })
    } else {
        Err(errors)
    }
}

fn clip01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// The attributes GENIUS reads as numbers, by element: `Double.parseDouble` throws on anything
/// else, so GENIUS cannot load such a file, and pactum refuses it rather than reading a default
/// (a `slope="-0.1x"` read as 0 before). `<discount_factor>` is not among them: one that is not
/// a number counts as 1 (docs/formats.md).
const NUMERIC_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("weight", &["value"]),
    ("reservation", &["value"]),
    ("item", &["evaluation"]),
    (
        "evaluator",
        &[
            "slope",
            "offset",
            "parameter0",
            "parameter1",
            "parameter2",
            "parameter3",
        ],
    ),
    ("issue", &["lowerbound", "upperbound"]),
];

/// Every attribute GENIUS reads as a number that is not one (or is not finite), located.
fn check_numbers(map: &SourceMap<'_>, e: &Element, errors: &mut Vec<Diagnostic>) {
    if let Some((_, keys)) = NUMERIC_ATTRIBUTES.iter().find(|(name, _)| *name == e.name) {
        for key in *keys {
            if let Some(raw) = e.attr(key)
                && !raw.trim().parse::<f64>().is_ok_and(f64::is_finite)
            {
                // Quoted in part: an attribute can be a megabyte long.
                let mut shown: String = raw.chars().take(40).collect();
                if shown.len() < raw.len() {
                    shown.push('…');
                }
                errors.push(
                    map.diagnostic(
                        e.offset..e.offset + 1,
                        format!("`{key}` of <{}> is \"{shown}\"", e.name),
                    )
                    .with_expected("a finite number"),
                );
            }
        }
    }
    for c in &e.children {
        check_numbers(map, c, errors);
    }
}

/// Reads one party's GENIUS utility-space file against its domain.
pub fn read_profile(file: &str, text: &str, domain: &Domain) -> Result<Profile, Vec<Diagnostic>> {
    let map = SourceMap::new(file, text);
    let root = xml_tree::parse(&map).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    check_numbers(&map, &root, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let space = if root.name == "utility_space" {
        Some(&root)
    } else {
        root.child("utility_space")
    };
    if let Some(space) = space
        && let Some(kind) = space.attr("type")
        && !kind.eq_ignore_ascii_case("linear")
        && !kind.eq_ignore_ascii_case("additive")
    {
        if kind.eq_ignore_ascii_case("nonlinear") {
            let preferences = super::nonlinear::read(&map, space, domain)?;
            return Ok(Profile {
                preferences,
                reservation: reservation(&root),
                discount_factor: discount_factor(&root),
                note: None,
            });
        }
        if !kind.eq_ignore_ascii_case("uncertain") {
            let what = match kind.to_ascii_lowercase().as_str() {
                "constraint" => "a constraint utility space",
                _ => "a utility space of an unknown type",
            };
            return Err(vec![
                map.diagnostic(
                    space.offset..space.offset + 1,
                    format!("{what} (type=\"{kind}\"), which pactum does not read yet"),
                )
                .with_expected("a linear additive, nonlinear or UNCERTAIN GENIUS profile"),
            ]);
        }
    }
    // A preference-uncertainty profile (ANAC 2018-19) is an additive profile plus how many
    // ranked bids its agent is shown: GENIUS scores agents with the full profile, and so does
    // pactum; the ranking an agent would see is not modelled.
    let note = space
        .and_then(|s| s.attr("type"))
        .filter(|k| k.eq_ignore_ascii_case("uncertain"))
        .map(|_| {
            let count = |tag: &str| {
                root.find(tag)
                    .map_or_else(|| "?".to_string(), |e| e.text.trim().to_string())
            };
            format!(
                "GENIUS preference-uncertainty profile ({} comparisons, {} errors): its agent would see only a ranking; pactum uses the full utilities, as GENIUS scores with them",
                count("comparisons"),
                count("errors")
            )
        });
    let objective = root_objective(&map, &root).map_err(|d| vec![d])?;
    let mut elements = Vec::new();
    collect_issues(objective, &mut elements);
    let mut weights = Vec::new();
    collect_weights(objective, &mut weights);
    let mut errors = Vec::new();
    let mut terms = Vec::new();
    for e in elements {
        let Some(index) = e.attr("index").and_then(|v| v.trim().parse::<i64>().ok()) else {
            errors.push(
                map.diagnostic(e.offset..e.offset + 1, "an <issue> has no numeric `index`")
                    .with_expected("index=\"N\" matching the domain"),
            );
            continue;
        };
        let Some(slot) = domain.issues.iter().position(|i| i.index == index) else {
            let known: Vec<String> = domain.issues.iter().map(|i| i.index.to_string()).collect();
            errors.push(
                map.diagnostic(
                    e.offset..e.offset + 1,
                    format!("issue index {index} is not in the domain"),
                )
                .with_expected(format!("one of {}", known.join(", "))),
            );
            continue;
        };
        // An issue gets an evaluator only if it has a weight.
        let Some(&(_, weight, _)) = weights.iter().find(|(i, _, _)| *i == index) else {
            continue;
        };
        let issue = &domain.issues[slot].issue;
        let values = match evaluations(&map, e, issue) {
            Ok(v) => v,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        terms.push(IssuePreference {
            issue: slot,
            weight,
            values: ValueFunction::Table { values },
            provenance: Provenance {
                sources: vec![file.to_string()],
                assumption: None,
                range: None,
                distribution: Default::default(),
            },
            value_ranges: Vec::new(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Profile {
        preferences: Preferences {
            issues: terms,
            interactions: Vec::new(),
            // GENIUS caps an additive sum at 1 (`AdditiveUtilitySpace.getUtility`).
            semantics: Semantics::Capped,
        },
        reservation: reservation(&root),
        discount_factor: discount_factor(&root),
        note,
    })
}

/// `<reservation value>` anywhere in the tree, 0 without one.
fn reservation(root: &Element) -> f64 {
    root.find("reservation")
        .and_then(|r| optional_number(r, "value"))
        .unwrap_or(0.0)
}

/// `<discount_factor value>`, with GENIUS's correction: ≤ 0, > 1 or missing counts as 1.
fn discount_factor(root: &Element) -> f64 {
    root.find("discount_factor")
        .and_then(|d| optional_number(d, "value"))
        .filter(|d| *d > 0.0 && *d <= 1.0)
        .unwrap_or(1.0)
}

/// The evaluation of every value of `issue`, as GENIUS computes it.
fn evaluations(map: &SourceMap<'_>, e: &Element, issue: &Issue) -> Result<Vec<f64>, Diagnostic> {
    let at = e.offset..e.offset + 1;
    match &issue.kind {
        IssueKind::Options { options, .. } => {
            let mut raw = vec![None; options.len()];
            for item in e.children_named("item") {
                let Some(value) = item.attr("value") else {
                    continue;
                };
                let Some(d) = options.iter().position(|o| o.id == value) else {
                    return Err(map
                        .diagnostic(
                            item.offset..item.offset + 1,
                            format!(
                                "value \"{value}\" is not a value of `{}` in the domain",
                                issue.id
                            ),
                        )
                        .with_expected(format!(
                            "one of {}",
                            options
                                .iter()
                                .map(|o| format!("\"{}\"", o.id))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                };
                raw[d] = Some(number(map, item, "evaluation")?);
            }
            if let Some(missing) = raw.iter().position(Option::is_none) {
                return Err(map
                    .diagnostic(
                        at,
                        format!(
                            "value \"{}\" of `{}` has no evaluation",
                            options[missing].id, issue.id
                        ),
                    )
                    .with_expected("an <item value evaluation> for every value"));
            }
            let raw: Vec<f64> = raw.into_iter().map(|v| v.unwrap_or(0.0)).collect();
            let max = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Ok(raw
                .iter()
                .map(|v| if max < 1e-5 { 0.0 } else { v / max })
                .collect())
        }
        IssueKind::Numeric {
            integer: true, min, ..
        } => {
            let lb = optional_number(e, "lowerbound").unwrap_or(*min);
            let ev = e.child("evaluator");
            let (slope, offset) = match ev {
                Some(ev) if ev.attr("slope").is_some() || ev.attr("offset").is_some() => (
                    optional_number(ev, "slope").unwrap_or(0.0),
                    optional_number(ev, "offset").unwrap_or(0.0),
                ),
                // The pre-10.x form: parameter0 + parameter1·x, as for real issues.
                Some(ev) if ev.attr("parameter0").is_some() => {
                    let (p0, p1) = (
                        optional_number(ev, "parameter0").unwrap_or(0.0),
                        optional_number(ev, "parameter1").unwrap_or(0.0),
                    );
                    return Ok((0..issue.cardinality() as u32)
                        .map(|d| clip01(p0 + p1 * issue.numeric_value(d).unwrap_or(0.0)))
                        .collect());
                }
                _ => (0.0, 0.0),
            };
            Ok((0..issue.cardinality() as u32)
                .map(|d| clip01(offset + slope * (issue.numeric_value(d).unwrap_or(0.0) - lb)))
                .collect())
        }
        IssueKind::Numeric { integer: false, .. } => {
            let Some(ev) = e.child("evaluator") else {
                return Err(map
                    .diagnostic(at, format!("real issue `{}` has no <evaluator>", issue.id))
                    .with_expected("<evaluator ftype=\"linear\" parameter0 parameter1>"));
            };
            let p = |k: &str| optional_number(ev, k).unwrap_or(0.0);
            let xs = (0..issue.cardinality() as u32).map(|d| issue.numeric_value(d).unwrap_or(0.0));
            match ev.attr("ftype").unwrap_or("linear") {
                "linear" => Ok(xs
                    .map(|x| clip01(p("parameter0") + p("parameter1") * x))
                    .collect()),
                "constant" => Ok(xs.map(|_| p("parameter0")).collect()),
                "triangular" => {
                    let (lo, up, top) = (p("parameter0"), p("parameter1"), p("parameter2"));
                    Ok(xs
                        .map(|x| {
                            if x < lo || x > up {
                                0.0
                            } else if x <= top {
                                if top > lo { (x - lo) / (top - lo) } else { 1.0 }
                            } else if up > top {
                                1.0 - (x - top) / (up - top)
                            } else {
                                1.0
                            }
                        })
                        .collect())
                }
                other => Err(map
                    .diagnostic(
                        ev.offset..ev.offset + 1,
                        format!("evaluator function \"{other}\" is not supported"),
                    )
                    .with_expected("ftype linear, constant or triangular")),
            }
        }
    }
}

/// A GENIUS scenario from its files: `(name, text)` of every XML file of a folder (or given
/// explicitly). The domain is the file whose root is not a `<utility_space>` (or whose name
/// contains "domain"); every `<utility_space>` is a party, named after its file without `.xml`.
pub fn load_files(name: &str, files: &[(String, String)]) -> Result<Scenario, Vec<Diagnostic>> {
    // The domain: the file with a <negotiation_template> root; failing that, one named
    // "domain" that has no weights (profiles always have them).
    let name_of = |f: &str| {
        std::path::Path::new(f).file_name().map_or_else(
            || f.to_string(),
            |n| n.to_string_lossy().to_ascii_lowercase(),
        )
    };
    let head = |t: &str| t.chars().take(4096).collect::<String>();
    // An empty file names nothing GENIUS could read: say so rather than pass over it.
    let empty: Vec<Diagnostic> = files
        .iter()
        .filter(|f| f.1.trim().is_empty())
        .map(|f| {
            Diagnostic::whole_file(&f.0, "the file is empty")
                .with_expected("a GENIUS domain or profile (XML), or no such file in the folder")
        })
        .collect();
    if !empty.is_empty() {
        return Err(empty);
    }
    let templates: Vec<&(String, String)> = files
        .iter()
        .filter(|f| head(&f.1).contains("<negotiation_template"))
        .collect();
    if templates.len() > 1 {
        return Err(templates[1..]
            .iter()
            .map(|f| {
                Diagnostic::whole_file(
                    &f.0,
                    format!("a second domain file (the first is {})", templates[0].0),
                )
                .with_expected("one <negotiation_template> domain file per folder")
            })
            .collect());
    }
    let domain_file = files
        .iter()
        .find(|f| head(&f.1).contains("<negotiation_template"))
        .or_else(|| {
            files
                .iter()
                .find(|f| name_of(&f.0).contains("domain") && !f.1.contains("<weight"))
        });
    let profiles: Vec<&(String, String)> = files
        .iter()
        .filter(|f| domain_file.is_none_or(|d| d.0 != f.0))
        .filter(|f| {
            let h = head(&f.1);
            !h.contains("<negotiation_template")
                && (h.contains("<utility_space") || h.contains("<objective"))
        })
        .collect();
    let Some(domain_file) = domain_file else {
        return Err(vec![
            Diagnostic::whole_file(name, "no GENIUS domain file found").with_expected(
                "an XML file with a <negotiation_template> root or \"domain\" in its name",
            ),
        ]);
    };
    if profiles.is_empty() {
        return Err(vec![
            Diagnostic::whole_file(name, "no GENIUS profile found")
                .with_expected("one <utility_space> XML file per party"),
        ]);
    }
    let domain = read_domain(&domain_file.0, &domain_file.1)?;
    let mut parties = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in profiles {
        match read_profile(file, text, &domain) {
            Ok(p) => {
                let stem = std::path::Path::new(file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.clone());
                let source = Provenance {
                    sources: vec![file.clone()],
                    assumption: None,
                    range: None,
                    distribution: Default::default(),
                };
                let mut party = Party::negotiator(stem, p.preferences, p.reservation, source);
                party.description = p.note.map_or_else(
                    || "GENIUS profile".to_string(),
                    |n| format!("GENIUS profile. {n}"),
                );
                party.discount.at_deadline = p.discount_factor;
                parties.push(party);
            }
            Err(mut d) => errors.append(&mut d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sources: Vec<&str> = std::iter::once(domain_file.0.as_str())
        .chain(parties.iter().map(|p| p.provenance.sources[0].as_str()))
        .collect();
    let source = format!("GENIUS XML: {}", sources.join(", "));
    Ok(imported(
        name,
        "GENIUS",
        source,
        domain.issues.into_iter().map(|i| i.issue).collect(),
        parties,
    ))
}

/// A scenario read from another tool's files: named after its folder, talks defaults of 100
/// rounds and seed 1.
pub(crate) fn imported(
    folder: &str,
    tool: &str,
    source: String,
    issues: Vec<Issue>,
    parties: Vec<Party>,
) -> Scenario {
    let id = std::path::Path::new(folder)
        .file_name()
        .map_or_else(|| folder.to_string(), |s| s.to_string_lossy().into_owned());
    let mut scenario = Scenario::new(id.clone(), issues, parties);
    scenario.title = format!("{tool} scenario {id}");
    scenario.source = source;
    scenario
}
