//! Memory and time bounded by what is asked, not by the space: a frontier too large to hold is
//! refused at once with the limit and a hint, a large one is written as JSON without being held
//! twice, and `--search-nodes` bounds the whole analysis of a space too large to enumerate.
//! (docs/reliability.md, "Resources".)

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Runs pactum under an address-space limit of `limit_kib` (the shell's `ulimit -v`), its
/// standard output thrown away but counted.
fn pactum_within(limit_kib: u64, args: &[&str]) -> (Output, u64) {
    let bin = env!("CARGO_BIN_EXE_pactum");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "ulimit -v {limit_kib}; '{bin}' {} | wc -c; exit ${{PIPESTATUS[0]}}",
        quoted.join(" ")
    );
    let o = Command::new("bash")
        .args(["-c", &script])
        .output()
        .expect("run bash");
    let bytes = String::from_utf8_lossy(&o.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    (o, bytes)
}

/// Runs pactum, asserts it succeeded, and returns its output and how long it took.
fn pactum_ok(args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum");
    let took = started.elapsed();
    assert_eq!(
        o.status.code(),
        Some(0),
        "`pactum {}`: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    (o, took)
}

/// Two integer issues of `n` values each, the two parties exactly opposed: every one of the
/// n² outcomes is on the frontier (a 600-byte file).
fn opposed_square(n: u32) -> std::path::PathBuf {
    let party = |id: &str, lo: f64, hi: f64| {
        format!(
            "[[parties]]\nid = \"{id}\"\nfallback = {{ utility = 0.0, assumption = \"none\" }}\n\
             [[parties.preferences]]\nissue = \"a\"\nweight = 0.6\nlinear = {{ at_min = {lo:.1}, at_max = {hi:.1} }}\n\
             [[parties.preferences]]\nissue = \"b\"\nweight = 0.4\nlinear = {{ at_min = {lo:.1}, at_max = {hi:.1} }}\n"
        )
    };
    let text = format!(
        "[scenario]\nid = \"square\"\ntitle = \"Two opposed integer issues\"\nrounds = 10\n\
         [[issues]]\nid = \"a\"\nkind = \"integer\"\nmin = 0\nmax = {m}\n\
         [[issues]]\nid = \"b\"\nkind = \"integer\"\nmin = 0\nmax = {m}\n{}{}",
        party("p", 0.0, 1.0),
        party("q", 1.0, 0.0),
        m = n - 1
    );
    let dir = std::env::temp_dir().join(format!("pactum-resources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("square-{n}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_frontier_of_a_million_points_is_written_as_json_within_a_gigabyte() {
    // The whole document used to be built as JSON values and then as one string: 1.13 GB
    // resident for this 174 MB document. Streamed, the analysis takes about 195 MB.
    let path = opposed_square(1000);
    let (o, bytes) = pactum_within(
        1_000_000,
        &["analyze", path.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(bytes, 174_127_483, "the document's size");
}

#[test]
fn a_frontier_too_large_to_hold_is_refused_at_once_with_the_limit_and_a_hint() {
    // 2,500 × 2,500 = 6.25 million frontier points: more than the 2^22 an analysis holds. The
    // streaming pass stops at the first batch past the limit instead of holding them all (a
    // 10^8-outcome square took 4.2 GB before it).
    let path = opposed_square(2500);
    let started = Instant::now();
    let (o, bytes) = pactum_within(2_000_000, &["analyze", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(bytes, 0, "nothing on stdout");
    assert!(
        stderr.contains("already has 6250000 points, more than the 4194304 an analysis holds"),
        "{stderr}"
    );
    assert!(stderr.contains("`--fix ISSUE=VALUE`"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn search_nodes_bound_the_whole_analysis_of_a_space_too_large_to_enumerate() {
    // A generated 3-party, 30-issue additive space of 10^30 outcomes whose issue-wise merge
    // would form 10.6 million partial vectors: with `--search-nodes 1000` the merge gives up
    // at once and the search (its climbing included) stops after 1,000 nodes. Before, the
    // merge ran and the climbing evaluated 5 million outcomes whatever the limit: 9 s.
    let dir = std::env::temp_dir().join(format!("pactum-resources-opp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/gen_genius.py");
    let made = Command::new("python3")
        .args([script, dir.to_str().unwrap()])
        .args(["--family", "opp", "--parties", "3", "--issues", "30"])
        .output()
        .expect("python3 runs bench/gen_genius.py");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let run = |nodes: &str| {
        let dir = dir.to_str().unwrap();
        let (o, took) = pactum_ok(&["analyze", dir, "--format", "json", "--search-nodes", nodes]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (v, took)
    };
    let (small, took) = run("1000");
    assert_eq!(small["method"], "search");
    assert_eq!(small["exhaustive"], false);
    assert!(
        small["pareto_size"].as_u64().unwrap() > 0,
        "it still finds points"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    // The default limit lets the merge finish: the exact frontier.
    let (full, _) = run("5000000");
    assert_eq!(full["method"], "issue_merge");
    assert_eq!(full["exhaustive"], true);
    assert!(full["pareto_size"].as_u64() > small["pareto_size"].as_u64());
}

#[test]
fn the_mediator_is_linear_in_an_issue_s_values() {
    // One integer issue of 10^6 values, the parties opposed, the Nash-seeking mediator: it
    // ranked each value by a scan of the distinct values (511 s); by binary search, 0.8 s.
    let text = "[scenario]\nid = \"big\"\ntitle = \"One issue of a million values\"\nrounds = 20\n\
        [[issues]]\nid = \"price\"\nkind = \"integer\"\nmin = 0\nmax = 999999\n\
        [[parties]]\nid = \"a\"\n[[parties.preferences]]\nissue = \"price\"\nweight = 1\n\
        linear = { at_min = 0.0, at_max = 1.0 }\n\
        [[parties]]\nid = \"b\"\n[[parties.preferences]]\nissue = \"price\"\nweight = 1\n\
        linear = { at_min = 1.0, at_max = 0.0 }\n";
    let dir =
        std::env::temp_dir().join(format!("pactum-resources-mediator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let (_, took) = pactum_ok(&[
        "talks",
        path,
        "--protocol",
        "single-text",
        "--mediator",
        "nash",
    ]);
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn the_text_renderer_is_linear_in_a_word_s_length() {
    // A title of one 2-million-character word is laid out in the briefing and the talks'
    // headline without a pass per character over the word (0.02 s in a release build).
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/bad-input/valid.toml"
    ))
    .unwrap();
    let word = "x".repeat(2_000_000);
    let text = base.replacen(
        "title = \"A small split\"",
        &format!("title = \"{word}\""),
        1,
    );
    let dir = std::env::temp_dir().join(format!("pactum-resources-word-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("word.toml");
    std::fs::write(&path, text).unwrap();
    for command in ["show", "talks"] {
        let (o, took) = pactum_ok(&[command, path.to_str().unwrap()]);
        assert!(o.stdout.len() > 2_000_000, "the word is printed whole");
        assert!(took < Duration::from_secs(20), "{command}: {took:?}");
    }
}
