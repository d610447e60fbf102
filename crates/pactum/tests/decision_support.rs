//! The decision support a mediator preparing a briefing reads off the binary: who could agree
//! (coalitions), how an agreement can be improved for everyone, and the measurement behind the
//! Nash mediator's record (`bench/mediator_deadlines.py`).

use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = pactum(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

#[test]
fn the_flagships_analysis_shows_each_side_alone_and_who_blocks_the_table() {
    // Each side alone accepts some outcomes (its own red lines and fallback in force), the two
    // together none; so either side's constraints block the whole table.
    let o = pactum(&["analyze"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let row = |group: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("│ {group} ")))
            .map(|l| {
                l.split('┆')
                    .nth(1)
                    .unwrap_or("")
                    .trim_matches([' ', '│'])
                    .to_string()
            })
    };
    assert_eq!(row("russia alone").as_deref(), Some("24"), "{text}");
    assert_eq!(row("ukraine alone").as_deref(), Some("61"), "{text}");
    assert_eq!(row("russia + ukraine").as_deref(), Some("0"), "{text}");
    assert!(
        text.contains("the others would have one without russia, or without ukraine"),
        "{text}"
    );
}

#[test]
fn improve_lists_the_packages_everyone_prefers_and_refuses_a_partial_agreement() {
    let agreement = "price=22000,warranty=none,delivery_weeks=4,financing=cash";
    let o = pactum(&[
        "improve",
        "car-purchase",
        "--agreement",
        agreement,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["schema"], "pactum.improve");
    let list = doc["improvements"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 10);
    let base = &doc["agreement"]["utilities"];
    let mut last = f64::INFINITY;
    for i in list {
        // Everyone gains, one strictly; best least gain first.
        let least = i["least_gain"].as_f64().unwrap();
        assert!(least <= last + 1e-12);
        last = least;
        for p in ["buyer", "dealer"] {
            let gain = i["gains"][p].as_f64().unwrap();
            let u = i["utilities"][p].as_f64().unwrap();
            assert!(gain >= 0.0 && (u - base[p].as_f64().unwrap() - gain).abs() < 1e-12);
        }
        assert!(!i["changes"].as_array().unwrap().is_empty());
    }
    // The best package, taken as the agreement, is efficient if it says so.
    let best = &list[0];
    if best["pareto_optimal"] == true {
        let terms: Vec<String> = best["outcome"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), String::from)))
            .collect();
        let o = pactum(&["improve", "car-purchase", "--agreement", &terms.join(",")]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("Pareto-efficient"), "{}", stdout(&o));
    }
    // An agreement across a red line: the flagship's territorial lines are complements, so no
    // outcome keeps both, yet Washington's backing for both sides still raises both parties.
    // The packages may cross the line the agreement crosses, and none is called efficient
    // within the red lines.
    let crossing = "territory=demilitarised,hostilities=on_signing,us_backing=none,air_defence=committed_package";
    let o = pactum(&["improve", "abu-dhabi-trilateral", "--agreement", crossing]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("The agreement crosses russia.all_of_donbas: a package may cross it too")
            && text.contains("us_backing=both_sides")
            && !text.contains("Pareto-efficient"),
        "{text}"
    );
    let doc = json(&[
        "improve",
        "abu-dhabi-trilateral",
        "--agreement",
        crossing,
        "--format",
        "json",
    ]);
    assert_eq!(doc["crossed"], serde_json::json!(["russia.all_of_donbas"]));
    assert_eq!(doc["relaxed"], serde_json::json!([]));
    assert_eq!(doc["improving"], 14);
    for (bad, says) in [
        (
            "price=22000,warranty=none",
            "missing delivery_weeks, financing",
        ),
        (
            "price=22100,warranty=none,delivery_weeks=4,financing=cash",
            "a value from 18000 to 26000 in steps of 500",
        ),
        ("colour=red", "no issue `colour`"),
        ("price=22000,price=22500", "given twice"),
    ] {
        let o = pactum(&["improve", "car-purchase", "--agreement", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(says), "{bad}: {}", stderr(&o));
    }
}

#[test]
fn the_mediator_deadline_script_measures_what_the_talks_give() {
    // bench/mediator_deadlines.py gives docs/talks.md its "before" numbers from an older build;
    // here it runs this build at 24 rounds on every case, and each share must be the one the
    // talks give (the flagship's rows are the ones `nash_mediator_agreements_…` holds).
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/mediator_deadlines.py"
    );
    let out = Command::new("python3")
        .args([
            script,
            env!("CARGO_BIN_EXE_pactum"),
            "--first",
            "24",
            "--last",
            "24",
        ])
        .output()
        .expect("python3 runs bench/mediator_deadlines.py");
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    for (case, share) in [
        ("car-purchase ", "0.981"),
        ("inheritance ", "1.000"),
        ("supply-contract ", "0.370"),
        ("pie-split ", "0.999"),
        (
            "abu-dhabi-trilateral --relax ukraine.no_withdrawal ",
            "0.928",
        ),
        (
            "abu-dhabi-trilateral --relax russia.all_of_donbas ",
            "1.000",
        ),
    ] {
        let row = table
            .lines()
            .find(|l| l.starts_with(case))
            .unwrap_or_else(|| panic!("no row {case}:\n{table}"));
        let cells: Vec<&str> = row[case.len()..].split_whitespace().collect();
        let at_nash = if share == "1.000" { "1/1" } else { "0/1" };
        assert_eq!(cells, [share, share, at_nash], "{row}");
    }
}
