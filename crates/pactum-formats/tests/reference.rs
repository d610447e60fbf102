//! The reference scenarios of `../shared/reference/negmas-0.16` (GENIUS XML folders with NegMAS
//! 0.16's answers): same acceptable count, same frontier, same Nash, egalitarian and
//! utilitarian points. Skipped, with a note, when `../shared` is absent.

use pactum_core::analysis::bargaining;
use pactum_core::analysis::frontier::{Method, frontier};
use pactum_core::analysis::{Deal, Problem};
use pactum_core::scenario::Scenario;
use pactum_formats::genius;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[path = "support/shared.rs"]
mod support;

fn shared() -> Option<PathBuf> {
    support::shared("", "the reference-scenario tests")
}

pub fn load_folder(dir: &Path) -> Scenario {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| {
            (
                p.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
            )
        })
        .collect();
    files.sort();
    genius::load_files(&dir.display().to_string(), &files).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn values(s: &Scenario, d: &Deal) -> Vec<String> {
    s.issues
        .iter()
        .zip(&d.digits)
        .map(|(i, &v)| i.value_id(v))
        .collect()
}

fn expected_values(s: &Scenario, v: &Value) -> Vec<String> {
    s.issues
        .iter()
        .map(|i| v["outcome"][&i.id].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reference_scenarios_match_negmas() {
    let Some(shared) = shared() else { return };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(shared.join("reference/negmas-0.16"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10);
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        let s = load_folder(&dir);
        let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
        let report = frontier(&problem).unwrap();
        assert_eq!(
            report.method,
            Method::IssueMerge,
            "{name}: additive without red lines"
        );
        assert_eq!(
            expected["outcomes"].as_u64().map(u128::from),
            Some(report.outcomes),
            "{name}"
        );
        assert_eq!(
            report.acceptable,
            expected["acceptable"].as_u64(),
            "{name}: acceptable"
        );
        assert_eq!(
            report.pareto.len() as u64,
            expected["pareto_size"].as_u64().unwrap(),
            "{name}: pareto size"
        );
        let mut lines: Vec<String> = report
            .pareto
            .iter()
            .map(|d| serde_json::to_string(&values(&s, d)).unwrap())
            .collect();
        lines.sort();
        let sha = format!("{:x}", Sha256::digest(lines.join("\n").as_bytes()));
        assert_eq!(
            sha,
            expected["pareto_sha256"].as_str().unwrap(),
            "{name}: frontier set"
        );
        if let Some(list) = expected["pareto"].as_array() {
            for (deal, want) in report.pareto.iter().zip(list) {
                assert_eq!(
                    values(&s, deal),
                    expected_values(&s, want),
                    "{name}: frontier order (by welfare)"
                );
                for (k, p) in problem.parties.iter().enumerate() {
                    // NegMAS's numbers come from a vectorised sum: equal to within rounding.
                    let want = want["utilities"][p].as_f64().unwrap();
                    assert!(
                        (deal.utilities[k] - want).abs() <= 1e-12,
                        "{name}: utility {} vs {want}",
                        deal.utilities[k]
                    );
                }
            }
        }
        let points = bargaining::points(&report.pareto, &problem.fallbacks);
        for (key, got) in [
            ("nash", &points.nash),
            ("egalitarian", &points.egalitarian),
            ("utilitarian", &points.utilitarian),
        ] {
            let want = &expected[key];
            let got = got
                .as_ref()
                .unwrap_or_else(|| panic!("{name}: no {key} point"));
            assert_eq!(values(&s, got), expected_values(&s, want), "{name}: {key}");
        }
    }
}

#[test]
fn streaming_and_merging_agree_on_the_reference_scenarios() {
    let Some(shared) = shared() else { return };
    for name in [
        "la_p3_i4_v10_s42",
        "opp_p3_i4_v10_s1",
        "opp_p2_i4_v10_s2",
        "opp_p3_i5_v7x4x2x10x3_s1",
    ] {
        let s = load_folder(&shared.join("reference/negmas-0.16").join(name));
        let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
        let merged = frontier(&problem).unwrap();
        let (acceptable, brute) = pactum_core::analysis::frontier::brute_force(&problem);
        let mut got: Vec<Vec<u32>> = merged.pareto.iter().map(|d| d.digits.clone()).collect();
        got.sort_unstable();
        assert_eq!(got, brute, "{name}");
        assert_eq!(merged.acceptable, Some(acceptable));
    }
}
