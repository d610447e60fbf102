//! Outside agents end to end: real programs (Python and Node.js, standard libraries only) in
//! real processes, seated with `--strategy PARTY=exec:COMMAND` and in tournaments; agents that
//! hang, crash, answer garbage or break the protocol are killed for real, and the run goes on.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run pactum")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = pactum(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

const MISBEHAVE: &str = "python3 crates/pactum/tests/agents/misbehave.py";

/// The breakdown reason of car-purchase with the buyer played by `misbehave.py MODE`.
fn breakdown_with(mode: &str, budget: &[&str]) -> (String, Duration) {
    let strategy = format!("buyer=exec:{MISBEHAVE} {mode}");
    let mut args = vec![
        "talks",
        "car-purchase",
        "--protocol",
        "saop",
        "--strategy",
        &strategy,
        "--format",
        "json",
    ];
    args.extend_from_slice(budget);
    let began = Instant::now();
    let out = json(&args);
    let took = began.elapsed();
    assert_eq!(out["result"], "breakdown", "{mode}: {out}");
    let reason = out["breakdown"]["reason"].as_str().unwrap().to_string();
    (reason, took)
}

#[test]
fn a_python_agent_with_boulwares_rule_negotiates_exactly_as_the_built_in_boulware() {
    let run = |buyer: &str| {
        json(&[
            "talks",
            "car-purchase",
            "--protocol",
            "saop",
            "--strategy",
            buyer,
            "--format",
            "json",
        ])
    };
    let built_in = run("buyer=boulware");
    let outside = run("buyer=exec:python3 examples/agents/boulware.py 4");
    assert_eq!(outside["result"], "agreement", "{outside}");
    for key in ["rounds", "agreement", "result"] {
        assert_eq!(built_in[key], outside[key], "{key} differs");
    }
    assert!(
        outside["protocol"]
            .as_str()
            .unwrap()
            .contains("buyer=exec:python3 examples/agents/boulware.py 4")
    );
}

#[test]
fn a_javascript_agent_answering_by_values_reaches_an_agreement() {
    let out = json(&[
        "talks",
        "car-purchase",
        "--protocol",
        "alternating",
        "--strategy",
        "dealer=exec:node examples/agents/conceder.mjs",
        "--format",
        "json",
    ]);
    assert_eq!(out["result"], "agreement", "{out}");
    let rounds = out["rounds"].as_array().unwrap();
    assert!(
        rounds
            .iter()
            .any(|r| r["revised"].as_array().unwrap().contains(&"dealer".into())),
        "{out}"
    );
}

#[test]
fn every_misbehaviour_ends_its_negotiation_as_an_error_with_the_reason() {
    let quick = ["--agent-move-seconds", "0.5"];
    for (mode, expected) in [
        ("hang", "gave no answer to `respond` within 0.5 s (killed)"),
        ("silent-start", "gave no answer to `start` within 0.5 s"),
        (
            "crash",
            "exited with status 1 instead of answering `respond`; its last words: RuntimeError: deliberate failure in round 2",
        ),
        (
            "exit",
            "exited with status 3 instead of answering `respond`",
        ),
        (
            "garbage",
            "answered `respond` with a line that is not a pactum.agent message",
        ),
        (
            "wrong-message",
            "answered `respond` with `ready`; expected `accept` or `reject`",
        ),
        (
            "unknown-field",
            "unknown field `indx`, expected `index` or `outcome`",
        ),
        (
            "outside",
            "offered outcome 1229; the space has outcomes 0 to 1223",
        ),
        (
            "bad-value",
            "gave `price` the value `free`; expected one of 18000",
        ),
        ("huge-line", "with a line over 1048576 bytes"),
        (
            "wrong-protocol",
            "speaks `pactum.agent/0`; expected `pactum.agent/1`",
        ),
    ] {
        let (reason, took) = breakdown_with(mode, &quick);
        assert!(
            reason.starts_with(&format!(
                "the strategy of `buyer` failed: agent `{MISBEHAVE} {mode}`"
            )),
            "{mode}: {reason}"
        );
        assert!(reason.contains(expected), "{mode}: {reason}");
        assert!(took < Duration::from_secs(8), "{mode} took {took:?}");
    }
    // An agent that lingers after the end is let go; the talks' result stands.
    let out = json(&[
        "talks",
        "car-purchase",
        "--protocol",
        "saop",
        "--strategy",
        &format!("buyer=exec:{MISBEHAVE} linger"),
        "--format",
        "json",
    ]);
    assert!(
        out["breakdown"]["reason"]
            .as_str()
            .unwrap()
            .contains("deadline")
    );
}

#[test]
fn the_negotiation_budget_bounds_an_agent_that_is_slow_at_every_move() {
    let (reason, took) = breakdown_with(
        "slow",
        &[
            "--agent-move-seconds",
            "5",
            "--agent-negotiation-seconds",
            "1",
        ],
    );
    assert!(
        reason.contains("used up its budget of 1 s for the negotiation"),
        "{reason}"
    );
    assert!(took < Duration::from_secs(6), "{took:?}");
}

#[test]
fn a_hung_agent_is_killed_with_everything_it_started() {
    let dir = std::env::temp_dir().join(format!("pactum-agents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pid_file = dir.join("child.pid");
    let (reason, _) = breakdown_with(
        &format!("fork-hang 2 {}", pid_file.display()),
        &["--agent-move-seconds", "0.5"],
    );
    assert!(reason.contains("within 0.5 s (killed)"), "{reason}");
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Gone, or a zombie waiting for its new parent to reap it: not running either way.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| {
                s.rsplit_once(") ")
                    .map(|(_, rest)| rest.chars().next().unwrap())
            });
        if matches!(state, None | Some('Z') | Some('X')) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the agent's child {pid} still runs ({state:?})"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_missing_program_and_an_offer_across_the_agents_red_line_are_errors_too() {
    let out = json(&[
        "talks",
        "car-purchase",
        "--protocol",
        "saop",
        "--strategy",
        "buyer=exec:no-such-program-of-pactum",
        "--format",
        "json",
    ]);
    let reason = out["breakdown"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("exited with status 127 instead of answering `start`")
            && reason.contains("not found"),
        "{reason}"
    );
    let out = json(&[
        "talks",
        "abu-dhabi-trilateral",
        "--protocol",
        "saop",
        "--strategy",
        &format!("russia=exec:{MISBEHAVE} red-line 1"),
        "--format",
        "json",
    ]);
    let reason = out["breakdown"]["reason"].as_str().unwrap();
    assert!(reason.contains("crosses its own red lines"), "{reason}");
}

#[test]
fn a_tournament_with_outside_agents_goes_on_past_failures_and_is_the_same_at_any_thread_count() {
    let run = |jobs: &str| {
        let o = pactum(&[
            "tournament",
            "car-purchase",
            "inheritance",
            "--strategies",
            &format!("boulware,exec:python3 examples/agents/boulware.py,exec:{MISBEHAVE} crash"),
            "--repetitions",
            "2",
            "--jobs",
            jobs,
            "--format",
            "jsonl",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"), "rows differ between 1 and 2 threads");
    let rows: Vec<serde_json::Value> = one
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 2 * 6 * 2, "{} rows", rows.len());
    let crashed = |r: &serde_json::Value| {
        r["strategies"]
            .as_object()
            .unwrap()
            .values()
            .any(|s| s.as_str().unwrap().ends_with("crash"))
    };
    for r in &rows {
        assert_eq!(
            r["error"].is_string(),
            crashed(r),
            "an error exactly where the crashing agent played: {r}"
        );
    }
    assert!(rows.iter().any(|r| !crashed(r) && r["agreement"] == true));
}

#[test]
fn budgets_are_checked_before_anything_runs() {
    let o = pactum(&["talks", "car-purchase", "--agent-move-seconds", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a number > 0"),
        "{}",
        stderr(&o)
    );
    let dir = std::env::temp_dir().join(format!("pactum-agents-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("t.toml");
    std::fs::write(
        &config,
        "[tournament]\nscenarios = [\"car-purchase\"]\nstrategies = [\"boulware\", \"exec:python3 a.py\"]\nagent_move_seconds = -1\n",
    )
    .unwrap();
    let o = pactum(&["tournament", config.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("t.toml:4:22") && e.contains("a number of seconds > 0"),
        "{e}"
    );
}

#[test]
fn replaying_a_results_file_never_starts_the_programs_it_names() {
    let dir = std::env::temp_dir().join(format!("pactum-agents-db-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("r.sqlite");
    let _ = std::fs::remove_file(&db);
    let o = pactum(&[
        "tournament",
        "car-purchase",
        "--strategies",
        "boulware,exec:python3 examples/agents/boulware.py",
        "--repetitions",
        "1",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = pactum(&["tournament", "replay", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("replay does not start programs a results file names"),
        "{}",
        stderr(&o)
    );
}

/// The fenced block of `doc` that follows the line containing `after`.
fn block_after<'a>(doc: &'a str, after: &str) -> &'a str {
    let from = doc.find(after).expect("the marker") + after.len();
    let open = from + doc[from..].find("```").unwrap();
    let body = open + doc[open..].find('\n').unwrap() + 1;
    let close = body + doc[body..].find("```").unwrap();
    &doc[body..close]
}

#[test]
fn the_documented_exchange_is_the_real_one() {
    use pactum_schema::agent::{FromAgent, ToAgent};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let doc = std::fs::read_to_string(format!("{root}/docs/agents.md")).unwrap();
    let dir = std::env::temp_dir().join(format!("pactum-agents-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("exchange.txt");
    let strategy = format!(
        "alice=exec:python3 crates/pactum/tests/agents/record_exchange.py {}",
        log.display()
    );
    let o = pactum(&[
        "talks",
        "inheritance",
        "--protocol",
        "saop",
        "--rounds",
        "3",
        "--strategy",
        &strategy,
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let real: Vec<(bool, serde_json::Value)> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| (l.starts_with("> "), serde_json::from_str(&l[2..]).unwrap()))
        .collect();
    let start: serde_json::Value =
        serde_json::from_str(block_after(&doc, "First, `start`:")).expect("the start block");
    let mut documented = vec![(true, start)];
    for line in block_after(&doc, "Then the moves").lines() {
        let (to_agent, text) = if let Some(t) = line.strip_prefix("→ ") {
            (true, t)
        } else {
            (false, line.strip_prefix("← ").expect("→ or ←"))
        };
        documented.push((to_agent, serde_json::from_str(text).unwrap()));
    }
    assert_eq!(documented.len(), real.len(), "the number of messages");
    for (k, (doc_line, real_line)) in documented.iter().zip(&real).enumerate() {
        assert_eq!(
            doc_line, real_line,
            "message {k} differs from docs/agents.md"
        );
        // Every message is one of the schema's types, in its direction.
        if real_line.0 {
            serde_json::from_value::<ToAgent>(real_line.1.clone()).expect("a ToAgent");
        } else {
            serde_json::from_value::<FromAgent>(real_line.1.clone()).expect("a FromAgent");
        }
    }
}
