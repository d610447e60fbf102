//! `pactum sensitivity`: the scenario's assumptions sampled and swept; the engine computes,
//! this renders.

use crate::table::{self, heading};
use crate::{Failure, Format, bad_analysis, source, to_json};
use pactum_core::analysis::{self, sensitivity as sens};
use pactum_core::number;
use pactum_formats::output;

#[derive(clap::Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub source: source::ScenarioArgs,
    /// Samples of every assumption at once.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub samples: u32,
    /// Seed of the samples.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The range of a number the scenario gives none: its value ± this fraction of it (default
    /// 0.25). On a scenario that labels no number an assumption and gives none a range (a
    /// GENIUS or GeniusWeb folder), giving it varies every weight and fallback, as --all does (a ranges file keeps its ranges).
    #[arg(long, value_parser = spread)]
    pub spread: Option<f64>,
    /// A ranges file: `[[number]]` tables of `id` (as --set names it), `range = [low, high]`,
    /// and optionally `distribution` ("uniform" or "triangular") and `assumption`. It gives
    /// ranges to a scenario that cannot carry them (GENIUS, GeniusWeb) or replaces its own.
    #[arg(long, value_name = "FILE.toml")]
    pub ranges: Option<String>,
    /// Vary every weight and fallback of the negotiators, not only those labelled assumptions.
    #[arg(long)]
    pub all: bool,
    /// Change one number first: PARTY.fallback=V, PARTY.weight.ISSUE=V, PARTY.value.ISSUE.OPTION=V
    /// or STAKEHOLDER.influence.PARTY=V. Repeatable.
    #[arg(long, value_name = "PARTY.FIELD=VALUE")]
    pub set: Vec<String>,
    /// Drop a red line (PARTY.REDLINE) or a fallback (PARTY.fallback). Repeatable.
    #[arg(long, value_name = "PARTY.REDLINE")]
    pub relax: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The spread of a number given no range, when none is asked for.
const DEFAULT_SPREAD: f64 = 0.25;

/// Gives the scenario the ranges of a ranges file; a mistake in it is reported with its place.
fn apply_ranges(s: &mut pactum_core::Scenario, file: &str) -> Result<(), Failure> {
    use pactum_formats::ranges_toml;
    let bytes = source::read_bounded(
        std::path::Path::new(file),
        ranges_toml::MAX_FILE_BYTES as u64,
        "a ranges file",
    )
    .map_err(Failure::BadInput)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let scenario = &*s;
    let check = |e: &ranges_toml::NumberRange| -> Result<(), String> {
        let knob = sens::knob(scenario, &e.id)?;
        if matches!(knob, sens::Knob::Value(..)) && e.assumption.is_some() {
            return Err(format!(
                "`{}`: an entry of a value table has no assumption of its own; label its preference in the scenario",
                e.id
            ));
        }
        let mut t = scenario.clone();
        sens::set_range(&mut t, knob, (e.low, e.high), e.distribution, None)
            .map_err(|m| format!("`{}`: {m}", e.id))
    };
    let entries = ranges_toml::read(file, &text, &check).map_err(|d| {
        Failure::BadInput(source::render(
            &d,
            &[(file.to_string(), text.clone())],
            file,
        ))
    })?;
    for e in entries {
        // Checked above on a copy; the same call cannot fail here.
        let knob = sens::knob(s, &e.id).map_err(|m| Failure::Internal(m.to_string()))?;
        sens::set_range(s, knob, (e.low, e.high), e.distribution, e.assumption)
            .map_err(Failure::Internal)?;
    }
    Ok(())
}

fn spread(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!(
            "expected a fraction between 0 and 1, such as 0.25, not `{text}`"
        )),
    }
}

fn percent(n: usize, of: usize) -> String {
    format!("{}%", number::trim(100.0 * n as f64 / of.max(1) as f64, 1))
}

pub fn run(args: SensitivityArgs) -> Result<String, Failure> {
    let bad = |m: String| Failure::BadInput(format!("error: {m}\n"));
    let mut s = source::load(&args.source, false).map_err(Failure::BadInput)?;
    // Whether the scenario as written doubts any number (before a ranges file adds some).
    let unlabelled = sens::assumptions(&s, DEFAULT_SPREAD, false).is_empty();
    if let Some(file) = &args.ranges {
        apply_ranges(&mut s, file)?;
    }
    for change in &args.set {
        let Some((id, value)) = change.split_once('=') else {
            return Err(bad(format!(
                "`--set {change}`: expected PARTY.FIELD=VALUE, e.g. russia.fallback=0.6"
            )));
        };
        let knob = sens::knob(&s, id.trim()).map_err(|m| bad(format!("--set {m}")))?;
        let x: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| bad(format!("`--set {change}`: `{value}` is not a number")))?;
        sens::set_checked(&mut s, knob, x).map_err(|m| bad(format!("`--set {change}`: {m}")))?;
    }
    let relaxed = analysis::resolve_relaxations(&s, &args.relax).map_err(bad_analysis)?;
    let problem = analysis::Problem::new(&s, &relaxed).map_err(bad_analysis)?;
    let spread = args.spread.unwrap_or(DEFAULT_SPREAD);
    // A scenario that doubts nothing, and a spread asked for: the spread is the doubt given
    // every number a ranges file does not range.
    let spread_all = unlabelled && args.spread.is_some() && !args.all;
    let assumptions = sens::assumptions(&s, spread, args.all || spread_all);
    let baseline = sens::findings(&s, &relaxed).map_err(bad_analysis)?;
    let sampled = sens::sample(&s, &relaxed, &assumptions, args.samples as usize, args.seed)
        .map_err(bad_analysis)?;
    let sweeps: Vec<sens::Sweep> = assumptions
        .iter()
        .map(|a| sens::sweep(&s, &relaxed, a))
        .collect::<Result<_, _>>()
        .map_err(bad_analysis)?;
    let tornado = sens::tornado(sweeps);
    let relaxed: Vec<String> = relaxed.into_iter().collect();
    if let Format::Json = args.format {
        return to_json(&output::sensitivity_json(
            &s,
            &problem.parties,
            &relaxed,
            &args.set,
            args.seed,
            &assumptions,
            &baseline,
            &sampled,
            &tornado,
        ));
    }
    let mut out = String::new();
    out.push_str(&format!("{}\nscenario `{}`\n", s.title, s.id));
    heading(&mut out, "At the scenario's numbers");
    out.push_str(&table::prose(&format!(
        "{} outcomes acceptable to all: {}.",
        baseline.acceptable,
        baseline.headline(&s)
    )));
    out.push('\n');
    for b in &baseline.blocking {
        out.push_str(&format!(
            "  relaxing {} opens {} outcomes\n",
            b.constraints.join(" + "),
            b.opens
        ));
    }
    heading(&mut out, "The assumptions varied");
    if assumptions.is_empty() {
        out.push_str(&table::prose(
            "None: no number of a negotiator is labelled an assumption or given a range. Use --all or --spread to vary every weight and fallback, or --ranges FILE to give ranges.",
        ));
        out.push('\n');
        return Ok(table::fit(&out));
    }
    if spread_all {
        out.push_str(&table::prose(&format!(
            "The scenario labels no number an assumption and gives none a range: with --spread, every weight and fallback of the negotiators is varied by ± {}%.",
            number::trim(100.0 * spread, 1)
        )));
        out.push('\n');
    }
    let mut t = table::new(&["Number", "Value", "Range", "From", "Drawn"]);
    for a in &assumptions {
        t.add_row(vec![
            a.id.clone(),
            number::trim(a.value, 3),
            format!("{} to {}", number::trim(a.low, 3), number::trim(a.high, 3)),
            if a.from_scenario {
                "its range".into()
            } else {
                format!("± {}%", number::trim(100.0 * spread, 1))
            },
            match a.distribution {
                pactum_core::Distribution::Triangular => "triangular, peak at the value".into(),
                d => d.name().to_string(),
            },
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let n = sampled.samples;
    heading(
        &mut out,
        &format!(
            "All at once: {n} samples over the ranges (seed {})",
            args.seed
        ),
    );
    out.push_str(&format!(
        "No outcome acceptable to all in {} of the samples.\n",
        percent(sampled.zone_empty, n)
    ));
    if baseline.nash.is_some() {
        out.push_str(&format!(
            "The Nash deal stays the same in {}; it stays acceptable to all in {}.\n",
            percent(sampled.nash_same, n),
            percent(sampled.nash_acceptable, n)
        ));
    }
    if !sampled.blocking.is_empty() {
        let mut t = table::new(&[
            "Relaxing",
            "Opens a zone in",
            "Opens the most in (alone or tied)",
        ]);
        let mut sets: Vec<(&Vec<String>, &usize)> = sampled.blocking.iter().collect();
        sets.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (set, count) in sets {
            t.add_row(vec![
                set.join(" + "),
                percent(*count, n),
                percent(sampled.largest_opening.get(set).copied().unwrap_or(0), n),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    heading(
        &mut out,
        "One at a time (tornado): what flips each conclusion, and where",
    );
    let mut t = table::new(&["#", "Number", "Range", "Room", "Where the conclusion flips"]);
    for (k, w) in tornado.iter().enumerate() {
        let flips = if w.flips.is_empty() {
            "nothing flips".to_string()
        } else {
            w.flips
                .iter()
                .map(|f| format!("at {}: {} → {}", number::trim(f.at, 4), f.below, f.above))
                .collect::<Vec<_>>()
                .join("\n")
        };
        t.add_row(vec![
            (k + 1).to_string(),
            w.assumption.id.clone(),
            format!(
                "{} to {}",
                number::trim(w.assumption.low, 3),
                number::trim(w.assumption.high, 3)
            ),
            format!("{}–{}", w.room.0, w.room.1),
            flips,
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&table::prose(
        "Room: the outcomes acceptable to all, or, where there are none, what the relaxation that opens the most would open. Each flip is located to within the range / 2^30 by bisection.",
    ));
    out.push('\n');
    Ok(table::fit(&out))
}
