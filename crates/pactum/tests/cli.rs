//! The `pactum` binary end to end: outputs, exit codes, determinism.

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
fn no_arguments_runs_the_talks_on_the_flagship() {
    let bare = pactum(&[]);
    let talks = pactum(&["talks", "abu-dhabi-trilateral"]);
    assert_eq!(bare.status.code(), Some(0));
    assert_eq!(bare.stdout, talks.stdout);
    let text = stdout(&bare);
    for needle in [
        "Igor Kostyukov",
        "Rustem Umerov",
        "Kyrylo Budanov",
        "Steve Witkoff",
        "Jared Kushner",
        "Alaska",
        "Abu Dhabi",
        "russia.all_of_donbas",
        "ukraine.no_withdrawal",
        "BREAKDOWN",
        "What blocks a deal",
    ] {
        assert!(text.contains(needle), "missing `{needle}`");
    }
}

#[test]
fn flagship_talks_break_down_and_name_what_blocks() {
    let v = json(&["talks", "--format", "json"]);
    assert_eq!(v["schema"], "pactum.talks");
    assert_eq!(v["version"], 1);
    assert_eq!(v["result"], "breakdown");
    assert!(v["agreement"].is_null());
    assert!(!v["rounds"].as_array().unwrap().is_empty());
    let blocking: Vec<Vec<String>> = serde_json::from_value(v["blocking"].clone()).unwrap();
    assert!(blocking.contains(&vec!["russia.all_of_donbas".to_string()]));
    assert!(blocking.contains(&vec!["ukraine.no_withdrawal".to_string()]));
    assert!(
        blocking.windows(2).all(|w| w[0].len() <= w[1].len()),
        "smallest first"
    );
    // Every answer in the record that accepts must cross no red line.
    for round in v["rounds"].as_array().unwrap() {
        for r in round["responses"].as_array().unwrap() {
            if r["accept"] == true {
                assert!(r.get("red_lines").is_none(), "{r}");
            }
        }
    }
}

#[test]
fn relaxing_a_blocking_red_line_reaches_an_agreement() {
    let v = json(&[
        "talks",
        "--relax",
        "russia.all_of_donbas",
        "--format",
        "json",
    ]);
    assert_eq!(v["result"], "agreement", "{}", v["breakdown"]);
    let outcome = &v["agreement"]["outcome"];
    assert_ne!(
        outcome["territory"], "ceded",
        "Ukraine's red line still holds"
    );
    assert_ne!(
        outcome["hostilities"], "ceasefire_first",
        "Russia's other red line still holds"
    );
    for party in ["russia", "ukraine"] {
        assert!(v["agreement"]["utilities"][party].as_f64().unwrap() > 0.0);
    }
    let v = json(&[
        "talks",
        "--relax",
        "ukraine.no_withdrawal",
        "--format",
        "json",
    ]);
    assert_eq!(v["result"], "agreement");
    assert_eq!(v["agreement"]["outcome"]["territory"], "ceded");
}

#[test]
fn same_seed_gives_byte_identical_output() {
    for format in ["text", "json"] {
        for scenario in ["abu-dhabi-trilateral", "car-purchase", "supply-contract"] {
            let a = pactum(&["talks", scenario, "--seed", "42", "--format", format]);
            let b = pactum(&["talks", scenario, "--seed", "42", "--format", format]);
            assert_eq!(a.status.code(), Some(0));
            assert_eq!(a.stdout, b.stdout, "{scenario} {format}");
        }
    }
}

#[test]
fn bad_input_exits_2_with_the_place() {
    let o = pactum(&["talks", "--relax", "russia.nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`russia.nothing` names no red line"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("russia.all_of_donbas"));
    assert!(o.stdout.is_empty(), "nothing half-written");

    let o = pactum(&["show", "no-such-scenario"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("car-purchase"),
        "lists the bundled names"
    );

    let path = temp_file(
        "bad.toml",
        "[scenario]\nid = \"x\"\ntitle = \"x\"\n\n[[issues]]\nid = \"a\"\noptions = [\"p\", \"q\"]\n\n[[parties]]\nid = \"one\"\n[[parties.preferences]]\nissue = \"b\"\nweight = 1\nvalues = { p = 1, q = 0 }\n",
    );
    let p = path.to_str().unwrap();
    for cmd in ["validate", "talks", "show", "analyze"] {
        let o = pactum(&[cmd, p]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(err.contains(&format!("{p}:12:9")), "{cmd}: {err}");
        assert!(err.contains("expected one of `a`"), "{err}");
    }

    let o = pactum(&["talks", "--rounds", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = pactum(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = pactum(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn validate_reports_ok_and_strict_wants_provenance() {
    let o = pactum(&[
        "validate",
        "../../scenarios/abu-dhabi-trilateral.toml",
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("ok — `abu-dhabi-trilateral`: 4 parties, 4 issues, 108 outcomes"));
    let path = temp_file(
        "plain.toml",
        "[scenario]\nid = \"x\"\ntitle = \"x\"\n\n[[issues]]\nid = \"a\"\noptions = [\"p\", \"q\"]\n\n[[parties]]\nid = \"one\"\n[[parties.preferences]]\nissue = \"a\"\nweight = 1\nvalues = { p = 1, q = 0 }\n",
    );
    let p = path.to_str().unwrap();
    assert_eq!(pactum(&["validate", p]).status.code(), Some(0));
    let o = pactum(&["validate", "--strict", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{p}:11:1")), "{}", stderr(&o));
    assert!(stderr(&o).contains("has no provenance"));
}

#[test]
fn scenarios_show_and_analyze() {
    let o = pactum(&["scenarios"]);
    assert_eq!(o.status.code(), Some(0));
    for name in ["abu-dhabi-trilateral", "car-purchase", "supply-contract"] {
        assert!(stdout(&o).contains(name));
    }
    let o = pactum(&["show", "supply-contract"]);
    assert!(stdout(&o).contains("Industry regulator"));
    let v = json(&["analyze", "--format", "json"]);
    assert_eq!(v["outcomes"], 108);
    assert_eq!(v["acceptable"], 0);
    let v = json(&["analyze", "car-purchase", "--format", "json"]);
    assert!(v["acceptable"].as_u64().unwrap() > 0);
    assert_eq!(v["blocking"], serde_json::json!([]));
}

#[test]
fn analyze_reports_frontier_points_and_takes_fixes() {
    let v = json(&["analyze", "supply-contract", "--format", "json"]);
    assert_eq!(v["schema"], "pactum.analysis");
    let size = v["pareto_size"].as_u64().unwrap();
    assert!(size > 0);
    assert_eq!(
        v["pareto"].as_array().unwrap().len() as u64,
        size,
        "JSON lists the whole frontier by default"
    );
    for key in ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"] {
        assert!(v[key]["outcome"].is_object(), "{key}");
        assert_eq!(
            v[key]["utilities"].as_object().unwrap().len(),
            3,
            "three parties, no axis for the broker or regulator"
        );
    }
    let fixed = json(&[
        "analyze",
        "supply-contract",
        "--fix",
        "exclusivity=yes",
        "--fix",
        "volume=3000",
        "--format",
        "json",
        "--limit",
        "3",
    ]);
    assert_eq!(fixed["outcomes"], 1890 / 2 / 5);
    assert!(fixed["pareto"].as_array().unwrap().len() <= 3);
    for deal in fixed["pareto"].as_array().unwrap() {
        assert_eq!(deal["outcome"]["exclusivity"], "yes");
        assert_eq!(deal["outcome"]["volume"], 3000.0);
    }
    for bad in ["exclusivity=maybe", "colour=red", "volume"] {
        let o = pactum(&["analyze", "supply-contract", "--fix", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("--fix"), "{}", stderr(&o));
    }
    let streamed = json(&[
        "analyze",
        "supply-contract",
        "--format",
        "json",
        "--method",
        "stream",
    ]);
    assert_eq!(streamed["pareto"], v["pareto"]);
    let aw = json(&["analyze", "inheritance", "--format", "json"]);
    assert_eq!(aw["adjusted_winner"]["split"][0], "house");
}

#[test]
fn genius_folders_are_scenarios() {
    let Some(dir) = support::shared(
        "reference/negmas-0.16/la_p2_i3_v10_s42",
        "genius_folders_are_scenarios",
    ) else {
        return;
    };
    let o = pactum(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 parties, 3 issues, 1000 outcomes"),
        "{}",
        stdout(&o)
    );
    let v = json(&["analyze", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["outcomes"], 1000);
    assert_eq!(v["acceptable"], 492);
    assert_eq!(v["pareto_size"], 6);
    assert_eq!(v["method"], "issue_merge");
    let o = pactum(&["talks", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A broken profile is refused with its file and line.
    let broken = std::env::temp_dir().join(format!("pactum-genius-{}", std::process::id()));
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::copy(dir.join("domain.xml"), broken.join("domain.xml")).unwrap();
    let profile = std::fs::read_to_string(dir.join("party0.xml"))
        .unwrap()
        .replacen("evaluation=\"", "evaluation=\"x", 1);
    std::fs::write(broken.join("party0.xml"), profile).unwrap();
    let o = pactum(&["analyze", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("party0.xml:4:5"), "{err}");
    assert_eq!(
        pactum(&["validate", broken.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert!(err.contains("evaluation"), "{err}");
}

#[test]
fn convert_writes_every_format_and_reports_losses() {
    let dir = std::env::temp_dir().join(format!("pactum-convert-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let genius_dir = dir.join("genius");
    let o = pactum(&[
        "convert",
        "abu-dhabi-trilateral",
        genius_dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: red line `russia.all_of_donbas`"),
        "losses are reported: {}",
        stderr(&o)
    );
    assert!(genius_dir.join("domain.xml").is_file() && genius_dir.join("russia.xml").is_file());
    let v = json(&["analyze", genius_dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["outcomes"], 108);
    let web = dir.join("web");
    let o = pactum(&[
        "convert",
        "car-purchase",
        web.to_str().unwrap(),
        "--to",
        "geniusweb",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = dir.join("back.toml");
    let o = pactum(&["convert", web.to_str().unwrap(), toml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        pactum(&["validate", toml.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let a = json(&[
        "analyze",
        "car-purchase",
        "--relax",
        "buyer.budget",
        "--relax",
        "dealer.floor_price",
        "--relax",
        "dealer.no_cheap_long_warranty",
        "--format",
        "json",
    ]);
    let b = json(&["analyze", toml.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        a["pareto_size"], b["pareto_size"],
        "same frontier once the red lines GeniusWeb cannot hold are dropped"
    );
    // Bad targets and malformed input exit 2.
    let o = pactum(&[
        "convert",
        "car-purchase",
        toml.to_str().unwrap(),
        "--to",
        "genius",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let broken = dir.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("profile.json"),
        "{\n  \"LinearAdditiveUtilitySpace\": {\n    \"issueWeights\": [1, 2,\n",
    )
    .unwrap();
    let o = pactum(&["analyze", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("profile.json:4:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("invalid JSON"));
}

#[test]
fn json_outputs_read_back_into_the_schema_types() {
    for args in [
        vec!["talks", "--format", "json"],
        vec!["talks", "car-purchase", "--format", "json"],
        vec![
            "talks",
            "--relax",
            "ukraine.no_withdrawal",
            "--format",
            "json",
        ],
    ] {
        let o = pactum(&args);
        let t: pactum_schema::Talks =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(
            (t.schema.as_str(), t.version),
            ("pactum.talks", pactum_schema::VERSION)
        );
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap(),
            "nothing lost reading {args:?}"
        );
    }
    for args in [
        vec!["analyze", "--format", "json"],
        vec!["analyze", "inheritance", "--format", "json"],
        vec!["analyze", "supply-contract", "--format", "json"],
    ] {
        let o = pactum(&args);
        let a: pactum_schema::Analysis =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(a.schema, "pactum.analysis");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap(),
            "nothing lost reading {args:?}"
        );
    }
}

#[test]
fn talks_protocols_strategies_record_and_replay() {
    let dir = std::env::temp_dir().join(format!("pactum-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = dir.join("talks.jsonl");
    let r = record.to_str().unwrap();
    let v = json(&[
        "talks",
        "supply-contract",
        "--protocol",
        "saop",
        "--strategy",
        "manufacturer=conceder",
        "--strategy",
        "supplier=linear:e=1.5",
        "--record",
        r,
        "--format",
        "json",
    ]);
    assert!(
        v["protocol"]
            .as_str()
            .unwrap()
            .starts_with("saop (manufacturer=conceder, supplier=linear:e=1.5, logistics=boulware)"),
        "{}",
        v["protocol"]
    );
    let lines = std::fs::read_to_string(&record).unwrap();
    assert_eq!(
        lines.lines().count(),
        v["events"].as_array().unwrap().len(),
        "one event per line"
    );
    let o = pactum(&["replay", r]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("manufacturer proposes"),
        "{}",
        stdout(&o)
    );
    // The scenario's own protocol and strategies are the defaults.
    let v = json(&["talks", "car-purchase", "--format", "json"]);
    assert!(
        v["protocol"]
            .as_str()
            .unwrap()
            .starts_with("alternating (buyer=boulware:e=3, dealer=tit-for-tat)"),
        "{}",
        v["protocol"]
    );
    for mediator in ["hill-climbing", "annealing"] {
        let v = json(&[
            "talks",
            "--mediator",
            mediator,
            "--format",
            "json",
            "--rounds",
            "50",
        ]);
        assert_eq!(
            v["result"], "breakdown",
            "{mediator}: the report's red lines leave no deal"
        );
    }
    let o = pactum(&["strategies"]);
    for name in [
        "boulware",
        "linear",
        "conceder",
        "hardliner",
        "random",
        "tit-for-tat",
        "nash",
        "micro",
        "frequency",
    ] {
        assert!(stdout(&o).contains(name), "{name}");
    }
    // Bad usage exits 2 and says why.
    for (args, needle) in [
        (
            vec!["talks", "supply-contract", "--protocol", "alternating"],
            "bilateral",
        ),
        (
            vec![
                "talks",
                "car-purchase",
                "--protocol",
                "saop",
                "--strategy",
                "buyer=bulware",
            ],
            "no strategy named `bulware`",
        ),
        (
            vec![
                "talks",
                "car-purchase",
                "--protocol",
                "saop",
                "--strategy",
                "seller=linear",
            ],
            "names no party",
        ),
        (
            vec!["talks", "--strategy", "russia=linear"],
            "applies to --protocol saop",
        ),
        (
            vec![
                "talks",
                "supply-contract",
                "--protocol",
                "saop",
                "--strategy",
                "broker=linear",
            ],
            "not a negotiating party",
        ),
    ] {
        let o = pactum(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"event\":\"deadline\",\"round\":3}\nnot json\n",
    )
    .unwrap();
    let o = pactum(&["replay", dir.join("bad.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.jsonl:2:"), "{}", stderr(&o));
}

#[test]
fn an_oversized_space_is_refused_with_a_hint_and_analysable_with_fixes() {
    let text = "[scenario]\nid = \"big\"\ntitle = \"big\"\n\n[[issues]]\nid = \"a\"\nkind = \"integer\"\nmin = 0\nmax = 99999\n\n[[issues]]\nid = \"b\"\nkind = \"integer\"\nmin = 0\nmax = 99999\n\n[[parties]]\nid = \"x\"\n[[parties.preferences]]\nissue = \"a\"\nweight = 1\nlinear = { at_min = 0, at_max = 1 }\n\n[[parties]]\nid = \"y\"\n[[parties.preferences]]\nissue = \"b\"\nweight = 1\nlinear = { at_min = 1, at_max = 0 }\n[[parties.red_lines]]\nid = \"cross\"\nexpr = \"b <= 50000 or a >= 2\"\n";
    let path = temp_file("big.toml", text);
    let p = path.to_str().unwrap();
    let o = pactum(&["validate", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("10000000000 outcomes (100000 × 100000)"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--fix"), "{}", stderr(&o));
    // The Nash mediator would search every text: refused with its own limit...
    let o = pactum(&["talks", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("10000000000 outcomes; the Nash-seeking mediator searches every text"),
        "{}",
        stderr(&o)
    );
    // ...while the offer protocols bid from inverse-utility ladders and say the zone was not
    // computed.
    let o = pactum(&["talks", p, "--protocol", "saop", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("AGREEMENT") && out.contains("Not computed"),
        "{out}"
    );
    // The cross-issue red line rules out the merge: analyze refuses with the size and the hint...
    let o = pactum(&["analyze", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("10000000000 outcomes") && stderr(&o).contains("--fix"),
        "{}",
        stderr(&o)
    );
    // ...and works on the part of the space a fix leaves.
    let v = json(&["analyze", p, "--fix", "a=7", "--format", "json"]);
    assert_eq!(v["outcomes"], 100000);
    assert!(v["pareto_size"].as_u64().unwrap() >= 1);
}

#[test]
fn the_nash_mediator_refuses_hours_of_work() {
    // Past 100,000 rounds the record would not fit in memory: refused at once.
    let o = pactum(&["talks", "supply-contract", "--rounds", "1000000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("1..=100000"), "{}", stderr(&o));
    let o = pactum(&["talks", "supply-contract", "--rounds", "100000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("too much") && stderr(&o).contains("--mediator hill-climbing"),
        "{}",
        stderr(&o)
    );
    // The offer protocols cost little per round and run to a long deadline.
    let o = pactum(&[
        "talks",
        "supply-contract",
        "--protocol",
        "saop",
        "--rounds",
        "5000",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn nonlinear_genius_folders_are_analysed_and_their_faults_located() {
    let Some(dir) = support::shared(
        "domains/negmas-tests/anac/y2014/10issuesDiscountedwithRV",
        "nonlinear_genius_folders_are_analysed_and_their_faults_located",
    ) else {
        return;
    };
    let v = json(&["analyze", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["outcomes"].as_u64(), Some(10_000_000_000));
    assert_eq!(v["method"], "search");
    assert_eq!(v["exhaustive"], true);
    assert_eq!(v["acceptable"], serde_json::Value::Null);
    // Above both reservation values (0.75): four of GENIUS's eight frontier points.
    assert_eq!(v["pareto_size"], 4);
    // The offer protocols negotiate over 10^10 outcomes without walking the space (ladders by
    // inverse utility); the JSON says the zone was not computed, and why.
    let v = json(&[
        "talks",
        dir.to_str().unwrap(),
        "--protocol",
        "saop",
        "--format",
        "json",
    ]);
    assert!(v["rounds"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(v["zone"], serde_json::Value::Null);
    assert!(
        v["zone_note"]
            .as_str()
            .is_some_and(|n| n.contains("10000000000 outcomes")),
        "{}",
        v["zone_note"]
    );
    let broken = std::env::temp_dir().join(format!("pactum-nonlinear-{}", std::process::id()));
    std::fs::create_dir_all(&broken).unwrap();
    let domain = "10issuesDiscountedwithRV-domain.xml";
    std::fs::copy(dir.join(domain), broken.join(domain)).unwrap();
    std::fs::copy(dir.join("profile-2.xml"), broken.join("profile-2.xml")).unwrap();
    let profile = std::fs::read_to_string(dir.join("profile-1.xml")).unwrap();
    for (from, to, message) in [
        (
            "maxutility=\"635\"",
            "maxutility=\"-1\"",
            "maxutility is -1",
        ),
        (
            "INCLUDES index=\"3\"",
            "INCLUDES index=\"33\"",
            "INCLUDES index 33",
        ),
        ("INCLUDES index=\"3\"", "EXCLUDES index=\"3\"", "EXCLUDES"),
        (
            "aggregation=\"sum\"",
            "aggregation=\"max\"",
            "aggregation=\"max\"",
        ),
        ("utility=\"49\"", "utility=\"lots\"", "`utility`"),
    ] {
        std::fs::write(broken.join("profile-1.xml"), profile.replacen(from, to, 1)).unwrap();
        let o = pactum(&["analyze", broken.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{from}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("profile-1.xml:"), "{from}: {err}");
        assert!(err.contains(message), "{from}: {err}");
    }
    // An integer issue of more values than the engine tabulates is refused at once, not
    // allocated.
    let wide = std::fs::read_to_string(dir.join(domain)).unwrap().replacen(
        "upperbound=\"9\"",
        "upperbound=\"2000000000\"",
        1,
    );
    std::fs::write(broken.join(domain), wide).unwrap();
    let o = pactum(&["analyze", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("less than 10000000 apart"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&broken).ok();
}

#[test]
fn tournaments_rank_strategies_and_write_rows_the_same_on_any_thread_count() {
    let o = pactum(&["tournament", "--repetitions", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "boulware",
        "tit-for-tat",
        "hardliner",
        "95% CI",
        "optimality",
        "car-purchase",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let rows_file = std::env::temp_dir().join(format!("pactum-rows-{}.jsonl", std::process::id()));
    let args = [
        "tournament",
        "car-purchase",
        "inheritance",
        "--strategies",
        "boulware,random,frequency",
        "--self-play",
        "--format",
        "jsonl",
        "--rows",
        rows_file.to_str().unwrap(),
    ];
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(args)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let (one, three) = (run("1"), run("3"));
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(one.stdout, three.stdout, "thread count changed the rows");
    assert_eq!(std::fs::read(&rows_file).unwrap(), one.stdout);
    let rows: Vec<pactum_schema::TournamentRow> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a tournament row"))
        .collect();
    // 2 scenarios × 3² assignments × 3 repetitions.
    assert_eq!(rows.len(), 2 * 9 * 3);
    assert!(
        rows.iter()
            .all(|r| r.schema == "pactum.tournament_row" && r.version == 1)
    );
    std::fs::remove_file(&rows_file).ok();
    let o = pactum(&["tournament", "--strategies", "boulware,nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nonsense"), "{}", stderr(&o));
    let o = pactum(&["tournament", "no-such-scenario"]);
    assert_eq!(o.status.code(), Some(2));
    let o = pactum(&[
        "tournament",
        "car-purchase",
        "--protocol",
        "alternating",
        "--repetitions",
        "1",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<pactum_schema::TournamentRow> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 20);
    assert!(rows.iter().all(|r| r.protocol == "alternating"));
    // Alternating offers: one offer per round at most.
    assert!(rows.iter().all(|r| r.offers <= u64::from(r.round)));
}

#[test]
fn every_bundled_scenario_converted_to_toml_still_passes_strict() {
    let dir = std::env::temp_dir().join(format!("pactum-cli-strict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "abu-dhabi-trilateral",
        "car-purchase",
        "inheritance",
        "pie-split",
        "supply-contract",
    ] {
        let out = dir.join(format!("{name}.toml"));
        let o = pactum(&["convert", name, out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = pactum(&["validate", "--strict", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    }
}
