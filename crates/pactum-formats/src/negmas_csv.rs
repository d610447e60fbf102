//! Tournament results in NegMAS 0.16's `cartesian_tournament` file layout: `scores.csv`,
//! `all_scores.csv` (a row per negotiator per negotiation) and `details.csv` (a row per
//! negotiation), so that scripts written for NegMAS's output read pactum's.
//!
//! Columns keep NegMAS's names and relative order; values are written as pandas' `to_csv`
//! writes them: an `index` column first, floats in Python's shortest repr (`1.0`, `1e-07`),
//! booleans `True`/`False`, tuples and lists as Python reprs (`('v3', 'v9')`, `['a', 'b']`),
//! a missing value as an empty field, and a field holding a comma or a quote quoted.
//! Utilities, reserved values and advantages are on NegMAS's scale (each row's `normalised`).
//! NegMAS's trace metrics (`neg_*`, `session_*`, `modified_*`) and its mechanism-state columns
//! have no pactum counterpart and are left out; `docs/tournaments.md` lists what is written.
//! Rows are in pactum's plan order (NegMAS shuffles its own).

use pactum_schema::TournamentRow;
use serde_json::Value;

/// The three files, as `(name, text)`.
pub fn files(rows: &[TournamentRow]) -> Vec<(String, String)> {
    vec![
        ("scores.csv".into(), scores(rows)),
        ("all_scores.csv".into(), all_scores(rows)),
        ("details.csv".into(), details(rows)),
    ]
}

/// A float as Python's `repr` writes it: the shortest digits that read back, fixed notation for
/// exponents from −4 to 15, else `d.ddde±XX`; `nan`, `inf`, `-inf`.
pub fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `1.2345e-7`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let rest = &digits[1..];
        let mantissa = if rest.is_empty() {
            digits[..1].to_string()
        } else {
            format!("{}.{rest}", &digits[..1])
        };
        format!(
            "{sign}{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// A field as pandas writes it (QUOTE_MINIMAL).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A Python string literal, as `repr` writes it.
fn py_str(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// An outcome value: an option id as a string, a whole number as an int, else a float.
fn py_value(v: &Value) -> String {
    match v {
        Value::String(s) => py_str(s),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            Some(x) => py_float(x),
            None => n.to_string(),
        },
        other => py_str(&other.to_string()),
    }
}

fn py_tuple(items: &[String]) -> String {
    match items {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

fn py_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn opt(x: Option<f64>) -> String {
    x.filter(|x| !x.is_nan()).map(py_float).unwrap_or_default()
}

/// A negotiation's `run_id` and `mechanism_name`: a name, as NegMAS's are (random ids there;
/// here the row's place, so that the files join on it).
fn run_name(place: usize) -> String {
    format!("run{place}")
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Per party, in the row's party order: its strategy and its values on NegMAS's scale.
struct Seat {
    party: String,
    strategy: String,
    utility: f64,
    reserved: f64,
    advantage: f64,
}

fn number(map: &serde_json::Map<String, Value>, key: &str) -> f64 {
    map.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn seats(row: &TournamentRow) -> Vec<Seat> {
    row.strategies
        .iter()
        .map(|(party, strategy)| {
            let strategy = strategy.as_str().unwrap_or_default().to_string();
            match &row.normalised {
                Some(n) => Seat {
                    party: party.clone(),
                    strategy,
                    utility: number(&n.utilities, party),
                    reserved: number(&n.reserved_values, party),
                    advantage: number(&n.advantages, party),
                },
                // Rows written before the normalised view: pactum's own numbers.
                None => Seat {
                    party: party.clone(),
                    strategy,
                    utility: number(&row.utilities, party),
                    reserved: number(&row.utilities, party) - number(&row.advantages, party),
                    advantage: number(&row.advantages, party),
                },
            }
        })
        .collect()
}

/// `index,strategy,score`: each strategy's mean NegMAS advantage over every seat it held, best
/// first (NegMAS's default `final_score`, `("advantage", "mean")`).
pub fn scores(rows: &[TournamentRow]) -> String {
    let mut totals: Vec<(String, f64, usize)> = Vec::new();
    for row in rows {
        for seat in seats(row) {
            match totals.iter_mut().find(|t| t.0 == seat.strategy) {
                Some(t) => {
                    t.1 += seat.advantage;
                    t.2 += 1;
                }
                None => totals.push((seat.strategy, seat.advantage, 1)),
            }
        }
    }
    let mut means: Vec<(String, f64)> = totals
        .into_iter()
        .map(|(s, sum, n)| (s, sum / n as f64))
        .collect();
    means.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::from("index,strategy,score\n");
    for (k, (s, score)) in means.iter().enumerate() {
        out.push_str(&format!("{k},{},{}\n", field(s), py_float(*score)));
    }
    out
}

const OPTIMALITY: &str = "nash_optimality,kalai_optimality,ks_optimality,max_welfare_optimality,pareto_optimality,fairness";

fn optimality(row: &TournamentRow) -> String {
    [
        row.nash_optimality,
        row.kalai_optimality,
        row.ks_optimality,
        row.max_welfare_optimality,
        row.pareto_optimality,
        row.fairness,
    ]
    .map(opt)
    .join(",")
}

/// A row per negotiator per negotiation, in `all_scores.csv`'s columns that pactum has.
pub fn all_scores(rows: &[TournamentRow]) -> String {
    let mut out = format!(
        "index,strategy,utility,reserved_value,advantage,partner_welfare,welfare,scenario,partners,negotiator_id,has_error,self_error,mechanism_error,error_details,mechanism_name,{OPTIMALITY}\n"
    );
    let mut index = 0;
    for (run, row) in rows.iter().enumerate() {
        let seats = seats(row);
        let n = seats.len() as f64;
        let total: f64 = seats.iter().map(|s| s.utility).sum();
        let error = row.error.as_deref().unwrap_or_default();
        for (i, seat) in seats.iter().enumerate() {
            let others: Vec<&Seat> = seats
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| s)
                .collect();
            let partners = match others.as_slice() {
                [one] => one.strategy.clone(),
                many => py_tuple(&many.iter().map(|s| py_str(&s.strategy)).collect::<Vec<_>>()),
            };
            out.push_str(&format!(
                "{index},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                field(&seat.strategy),
                py_float(seat.utility),
                py_float(seat.reserved),
                py_float(seat.advantage),
                py_float((total - seat.utility) / (n - 1.0).max(1.0)),
                py_float(total / n),
                field(&row.scenario),
                field(&partners),
                field(&format!("{}@{i}", seat.strategy)),
                py_bool(row.error.is_some()),
                // pactum records which negotiation failed, not always whose strategy.
                py_bool(row.error.is_some() && error.contains(&format!("`{}`", seat.party))),
                py_bool(false),
                field(error),
                run_name(run),
                optimality(row)
            ));
            index += 1;
        }
    }
    out
}

/// A row per negotiation, in `details.csv`'s columns that pactum has.
pub fn details(rows: &[TournamentRow]) -> String {
    let mut out = format!(
        "index,step,relative_time,broken,timedout,agreement,n_negotiators,has_error,error_details,erred_negotiator,utilities,reserved_values,partners,run_id,negotiator_names,n_steps,scenario,mechanism_name,rep,{}\n",
        "pareto_optimality,nash_optimality,kalai_optimality,max_welfare_optimality,ks_optimality,fairness"
    );
    for (k, row) in rows.iter().enumerate() {
        let seats = seats(row);
        let agreement = row
            .outcome
            .as_ref()
            .map(|o| py_tuple(&o.values().map(py_value).collect::<Vec<_>>()))
            .unwrap_or_default();
        let erred = row
            .error
            .as_deref()
            .and_then(|e| {
                seats
                    .iter()
                    .enumerate()
                    .find(|(_, s)| e.contains(&format!("`{}`", s.party)))
                    .map(|(i, s)| format!("{}@{i}", s.strategy))
            })
            .unwrap_or_default();
        let run = run_name(k);
        let relative = ((f64::from(row.round) + 1.0) / (f64::from(row.deadline) + 1.0)).min(1.0);
        out.push_str(&format!(
            "{k},{},{},False,{},{},{},{},{},{},{},{},{},{run},{},{},{},{run},{},{},{},{},{},{},{}\n",
            row.round,
            py_float(relative),
            py_bool(!row.agreement && row.error.is_none()),
            field(&agreement),
            seats.len(),
            py_bool(row.error.is_some()),
            field(row.error.as_deref().unwrap_or_default()),
            field(&erred),
            field(&py_tuple(
                &seats
                    .iter()
                    .map(|s| py_float(s.utility))
                    .collect::<Vec<_>>()
            )),
            field(&py_tuple(
                &seats
                    .iter()
                    .map(|s| py_float(s.reserved))
                    .collect::<Vec<_>>()
            )),
            field(&py_list(
                &seats
                    .iter()
                    .map(|s| py_str(&s.strategy))
                    .collect::<Vec<_>>()
            )),
            field(&py_list(
                &seats
                    .iter()
                    .enumerate()
                    .map(|(i, s)| py_str(&format!("{}@{i}", s.strategy)))
                    .collect::<Vec<_>>()
            )),
            row.deadline,
            field(&row.scenario),
            row.repetition,
            opt(row.pareto_optimality),
            opt(row.nash_optimality),
            opt(row.kalai_optimality),
            opt(row.max_welfare_optimality),
            opt(row.ks_optimality),
            opt(row.fairness),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_python_writes_them() {
        for (x, want) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (0.9050771748785443, "0.9050771748785443"),
            (-0.12212669484521901, "-0.12212669484521901"),
            (1e-7, "1e-07"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (123456789.0, "123456789.0"),
            (1e16, "1e+16"),
            (2.5e22, "2.5e+22"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.0, "0.0"),
            (f64::NAN, "nan"),
        ] {
            assert_eq!(py_float(x), want, "{x}");
        }
    }

    #[test]
    fn fields_and_python_literals_are_written_as_pandas_writes_them() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(py_tuple(&["'v3'".into()]), "('v3',)");
        assert_eq!(
            py_tuple(&["'v3'".into(), "'v9'".into(), "7".into()]),
            "('v3', 'v9', 7)"
        );
        assert_eq!(py_str("it's"), "\"it's\"");
        assert_eq!(py_value(&serde_json::json!(22000.0)), "22000");
        assert_eq!(py_value(&serde_json::json!(0.5)), "0.5");
    }
}
