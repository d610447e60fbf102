//! The `pactum` binary's checks and messages: what it refuses and how it says so, the plan's
//! checks, the round table, the terminal layout, exact ties, and input bounds.

use std::process::{Command, Output};

#[path = "../../pactum-formats/tests/support/shared.rs"]
mod support;

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

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_fix_is_refused_rather_than_bent() {
    // 1e400 parses as infinity: it matches no value, rather than the first.
    let o = pactum(&["analyze", "car-purchase", "--fix", "price=1e400"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a value from 18000 to 26000"),
        "{}",
        stderr(&o)
    );
    // A second, different fix of one issue is refused, not silently the winner.
    let o = pactum(&[
        "analyze",
        "car-purchase",
        "--fix",
        "warranty=none",
        "--fix",
        "warranty=one_year",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already fixed to `none`"),
        "{}",
        stderr(&o)
    );
    let o = pactum(&[
        "analyze",
        "car-purchase",
        "--fix",
        "warranty=none",
        "--fix",
        "warranty=none",
    ]);
    assert_eq!(o.status.code(), Some(0), "the same fix twice is harmless");
}

#[test]
fn protocol_choices_are_checked_against_the_plan() {
    let o = pactum(&["talks", "--protocol", "saop", "--mediator", "annealing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--mediator applies to --protocol single-text"));
    let o = pactum(&["talks", "--strategy", "russia=boulware"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--strategy applies to --protocol saop or alternating"));
    let o = pactum(&[
        "talks",
        "--protocol",
        "saop",
        "--strategy",
        "russia=boulware",
        "--strategy",
        "russia=linear",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("two different strategies for `russia`"));
    let o = pactum(&[
        "talks",
        "--protocol",
        "saop",
        "--strategy",
        "united_states=boulware",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a negotiating party"),
        "{}",
        stderr(&o)
    );
    let o = pactum(&["talks", "supply-contract", "--protocol", "alternating"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is bilateral"));
    // `pactum strategies` lists every strategy the parser accepts, `equilibrium` among them.
    let o = pactum(&["strategies"]);
    assert!(stdout(&o).contains("equilibrium"));
}

#[test]
fn the_round_table_of_the_offer_protocols_puts_answers_under_their_party() {
    let o = pactum(&["talks", "--protocol", "alternating"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let table = &text[text.find("Offer by").expect("an offer table")..];
    assert!(table.contains("own offer"), "the number is named");
    assert!(
        !table.contains("(needs"),
        "no `needs` under an offer protocol"
    );
    // Round 2 is ukraine's offer: russia answers it, in russia's column.
    let round2 = table
        .lines()
        .find(|l| l.starts_with("│ 2 "))
        .expect("round 2 shown");
    let cells: Vec<&str> = round2.split('┆').map(str::trim).collect();
    assert_eq!(cells[1], "ukraine");
    assert!(cells[3].starts_with("reject"), "{round2}");
    assert!(cells[4].starts_with("proposes"), "{round2}");
    // Every offer appears, not only the first.
    assert!(table.contains("territory→ukrainian_control"));
}

#[test]
fn width_quiet_and_piped_output() {
    // Piped, tables are 110 columns wide; --width lays them out narrower; --quiet drops the
    // briefing.
    let wide = stdout(&pactum(&["talks"]));
    let widest = wide.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 110, "{widest}");
    let narrow = stdout(&pactum(&["talks", "--width", "60", "--quiet"]));
    let widest = narrow.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 60, "{widest}");
    assert!(!narrow.contains("Parties and delegations"));
    assert!(narrow.contains("The talks"));
    let o = pactum(&["talks", "--width", "10"]);
    assert_eq!(o.status.code(), Some(2), "below the narrowest width");
}

#[test]
fn exact_ties_hold_whatever_the_summation_order() {
    // Relaxing russia.all_of_donbas: sums that are equal on paper differ in their last bit
    // (ukraine's 0.7 is 0.7000000000000001 on the frontier), and an outcome tied on one side and
    // worse on the other must still be dominated, not kept as a second frontier point.
    let v = json(&[
        "analyze",
        "--relax",
        "russia.all_of_donbas",
        "--format",
        "json",
    ]);
    let points: Vec<(f64, f64)> = v["pareto"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["utilities"]["russia"].as_f64().unwrap(),
                d["utilities"]["ukraine"].as_f64().unwrap(),
            )
        })
        .collect();
    for a in &points {
        for b in &points {
            let dominated =
                a.0 >= b.0 - 1e-9 && a.1 >= b.1 - 1e-9 && (a.0 > b.0 + 1e-9 || a.1 > b.1 + 1e-9);
            assert!(!dominated, "{a:?} dominates {b:?} on the frontier");
        }
    }
    assert_eq!(points.len(), 8);
    // Closest to agreement: every tied outcome, one per set of constraints it crosses.
    let v = json(&["analyze", "--format", "json"]);
    let tied: Vec<String> = v["closest_tied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["violated"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(tied, ["ukraine.no_withdrawal", "russia.all_of_donbas"]);
    assert_eq!(v["closest"], v["closest_tied"][0]);
}

#[test]
fn diagnostics_line_up_under_tabs_and_never_print_control_characters() {
    let tab = temp_file("tab.toml", "[scenario]\n\tbogus = 5\n");
    let o = pactum(&["validate", tab.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("\tbogus = 5"))
        .expect("the source line");
    // The caret line repeats the tab: `  | \t^^^^^`.
    assert!(lines[at + 1].contains("| \t^^^^^"), "{:?}", lines[at + 1]);

    let escape = temp_file("escape.toml", "[scenario]\nid = \"x\u{1b}[31mred\"\n");
    let o = pactum(&["validate", escape.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.contains(&0x1b), "an ESC reached the terminal");
}

#[test]
fn an_empty_file_or_a_second_domain_in_a_genius_folder_is_named() {
    let Some(src) = support::shared(
        "reference/negmas-0.16/la_p2_i3_v10_s42",
        "an_empty_file_or_a_second_domain_in_a_genius_folder_is_named",
    ) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("pactum-cli-genius-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "xml") {
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    }
    std::fs::write(dir.join("notes.xml"), "").unwrap();
    let o = pactum(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notes.xml") && stderr(&o).contains("the file is empty"));
    std::fs::remove_file(dir.join("notes.xml")).unwrap();
    std::fs::copy(dir.join("domain.xml"), dir.join("domain-copy.xml")).unwrap();
    let o = pactum(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("a second domain file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_input_is_read_within_a_bound() {
    // /dev/zero never ends: each reader stops at its limit and says so, instead of reading
    // gigabytes first.
    let o = pactum(&["replay", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than the 256 MiB a talks record may have"));
    let o = pactum(&["analyze", "--domain", "/dev/zero", "--profile", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than the 64 MiB a GENIUS or GeniusWeb file may have"));
    let o = pactum(&["sensitivity", "--ranges", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than the 1 MiB a ranges file may have"));
}

#[test]
fn sensitivity_sets_value_table_entries_and_influences_within_what_they_can_take() {
    // The flagship's guessed value of a demilitarised zone to Moscow, at the low end of its
    // range: relaxing Russia's red line opens 15 outcomes, not 18 (as `pactum analyze` of the
    // file edited to 0.25 says).
    let o = pactum(&[
        "sensitivity",
        "--samples",
        "10",
        "--set",
        "russia.value.territory.demilitarised=0.25",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("relaxing russia.all_of_donbas opens 15 outcomes"),
        "{}",
        stdout(&o)
    );
    let o = pactum(&[
        "sensitivity",
        "--samples",
        "10",
        "--set",
        "european_union.influence.ukraine=0.05",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (set, says) in [
        (
            "russia.value.territory.demilitarised=1.5",
            "expected a number from 0 to 1",
        ),
        (
            "european_union.influence.ukraine=-3",
            "expected a number from -1 to 1",
        ),
        (
            "russia.weight.territory=0",
            "expected a number greater than 0",
        ),
        (
            "russia.value.territory.nowhere=0.5",
            "issue `territory` has no option `nowhere`",
        ),
        (
            "european_union.influence.russia=0.1",
            "`european_union` has no influence on `russia`",
        ),
        // Outside the range the scenario gives it, a sweep would leave the baseline out.
        (
            "european_union.influence.ukraine=0.3",
            "0.3 lies outside the range [0, 0.1] the scenario gives it; widen the range",
        ),
        (
            "russia.fallback=0.7",
            "0.7 lies outside the range [0.3, 0.6]",
        ),
        // The mediator's fallback plays no part in the analysis.
        (
            "united_states.fallback=0.3",
            "`united_states` does not negotiate, so its fallback plays no part",
        ),
    ] {
        let o = pactum(&["sensitivity", "--set", set]);
        assert_eq!(o.status.code(), Some(2), "{set}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{set}: {}", stderr(&o));
    }
}

#[test]
fn sensitivity_refuses_weights_whose_sum_overflows() {
    let o = pactum(&[
        "sensitivity",
        "--set",
        "ukraine.weight.territory=1.7e308",
        "--set",
        "ukraine.weight.hostilities=1.7e308",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("sum past the largest number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn sensitivity_takes_ranges_for_a_genius_folder_from_a_ranges_file_or_a_spread() {
    let Some(travel) = support::shared(
        "domains/negmas-tests/anac/y2010/Travel",
        "sensitivity_takes_ranges_for_a_genius_folder_from_a_ranges_file_or_a_spread",
    ) else {
        return;
    };
    let travel = travel.to_str().unwrap();
    // A GENIUS folder labels nothing: nothing is varied, and the output says how to vary.
    let o = pactum(&["sensitivity", travel, "--samples", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("--ranges FILE"), "{}", stdout(&o));
    // A spread alone varies every weight and fallback.
    let doc = json(&[
        "sensitivity",
        travel,
        "--samples",
        "20",
        "--spread",
        "0.2",
        "--format",
        "json",
    ]);
    let varied = doc["assumptions"].as_array().unwrap();
    assert!(varied.len() > 4, "{doc}");
    assert!(varied.iter().all(|a| a["from"] == "spread"));
    // A ranges file gives chosen numbers their ranges and distributions.
    let ranges = temp_file(
        "travel-ranges.toml",
        "[[number]]\nid = \"travel_chox.fallback\"\nrange = [0.0, 0.6]\ndistribution = \"triangular\"\n\n[[number]]\nid = \"travel_fanny.weight.Culinary\"\nrange = [0.1, 0.5]\n",
    );
    let doc = json(&[
        "sensitivity",
        travel,
        "--samples",
        "50",
        "--ranges",
        ranges.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let varied = doc["assumptions"].as_array().unwrap();
    let ids: Vec<&str> = varied.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["travel_chox.fallback", "travel_fanny.weight.Culinary"]
    );
    assert_eq!(varied[0]["distribution"], "triangular");
    assert_eq!(
        (varied[0]["low"].as_f64(), varied[0]["high"].as_f64()),
        (Some(0.0), Some(0.6))
    );
    assert_eq!(varied[1]["distribution"], "uniform");
    // Its mistakes are named with their place, and nothing runs.
    for (text, says, at) in [
        (
            "[[number]]\nid = \"travel_chox.fallbak\"\nrange = [0.0, 0.6]\n",
            "not `fallbak`",
            ":2:6",
        ),
        (
            "[[number]]\nid = \"travel_chox.fallback\"\nrange = [0.1, 0.6]\n",
            "the range [0.1, 0.6] leaves out its value 0",
            ":2:6",
        ),
        (
            "[[number]]\nid = \"travel_chox.fallback\"\nrange = [0.0, 0.6]\ndistribution = \"normal\"\n",
            "unknown distribution `normal`",
            ":4:16",
        ),
    ] {
        let bad = temp_file("bad-ranges.toml", text);
        let o = pactum(&["sensitivity", travel, "--ranges", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert!(
            err.contains(says) && err.contains(&format!("bad-ranges.toml{at}")),
            "{err}"
        );
    }
}
