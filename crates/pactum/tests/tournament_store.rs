//! Tournaments stored in SQLite: a run SIGKILLed at any moment and resumed gives exactly the
//! rows of an uninterrupted run; shards merged give a single run's rows whatever the thread
//! count; a foreign, corrupted or other plan's file is refused and left as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

#[path = "../../pactum-formats/tests/support/shared.rs"]
mod support;

const PLAN: [&str; 6] = [
    "tournament",
    "--repetitions",
    "400",
    "--seed",
    "3",
    "--strategies=boulware,linear,conceder,hardliner,tit-for-tat",
];

fn pactum(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run pactum")
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-store-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The rows of the plan as JSON lines, run without a database.
fn uninterrupted() -> String {
    let mut args = PLAN.to_vec();
    args.extend(["--format", "jsonl"]);
    let o = pactum(&args, "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The rows a database holds, through `--resume` (which runs what is missing first).
fn resumed(db: &Path, threads: &str) -> String {
    let mut args = PLAN.to_vec();
    args.extend(["--db", s(db), "--resume", "--format", "jsonl"]);
    let o = pactum(&args, threads);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn a_run_killed_at_any_moment_resumes_to_the_same_rows() {
    let want = uninterrupted();
    assert_eq!(want.lines().count(), 40_000);
    let dir = scratch("kill");
    let mut interrupted = 0;
    for (k, wait) in [150u64, 500, 1200].into_iter().enumerate() {
        let db = dir.join(format!("run-{k}.sqlite"));
        let mut args = PLAN.to_vec();
        args.extend(["--db", s(&db)]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        // SIGKILL: no chance to clean up or flush.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        if !db.exists() {
            continue;
        }
        let got = resumed(&db, "1");
        assert_eq!(got, want, "killed after {wait} ms and resumed");
    }
    assert!(
        interrupted > 0,
        "no kill landed mid-run: the test proves nothing"
    );
}

#[test]
fn shards_merged_equal_a_single_run_at_any_thread_count() {
    let want = uninterrupted();
    let dir = scratch("shards");
    let mut files = Vec::new();
    for i in 0..3 {
        let db = dir.join(format!("shard-{i}.sqlite"));
        let shard = format!("{i}/3");
        let mut args = PLAN.to_vec();
        args.extend(["--db", s(&db), "--shard", &shard, "--format", "jsonl"]);
        let threads = if i == 1 { "1" } else { "2" };
        let o = pactum(&args, threads);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        files.push(db);
    }
    let all = dir.join("all.sqlite");
    let mut args = vec!["tournament", "merge"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["-o", s(&all)]);
    let o = pactum(&args, "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("merged 40000 negotiations"));
    // The merged file is the single run's: resuming it runs nothing and lists the same rows.
    // (Its shard is 0/1, as a single run's.)
    assert_eq!(resumed(&all, "2"), want);
    // And it replays: merge keeps where the scenarios were read from.
    let o = pactum(&["tournament", "replay", s(&all)], "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A shard of another plan is refused.
    let other = dir.join("other.sqlite");
    let o = pactum(
        &["tournament", "--repetitions", "1", "--db", s(&other)],
        "2",
    );
    assert_eq!(o.status.code(), Some(0));
    let merged2 = dir.join("all2.sqlite");
    let o = pactum(
        &[
            "tournament",
            "merge",
            s(&files[0]),
            s(&other),
            "-o",
            s(&merged2),
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another tournament"));
    assert!(!merged2.exists());
}

#[test]
fn a_foreign_or_other_plans_file_is_refused_and_left_as_it_was() {
    let dir = scratch("foreign");
    let junk = dir.join("notes.sqlite");
    std::fs::write(&junk, "these are my notes, not a database").unwrap();
    for extra in [&["--resume"][..], &[][..]] {
        let mut args = vec!["tournament", "--db", s(&junk)];
        args.extend_from_slice(extra);
        let o = pactum(&args, "2");
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            std::fs::read_to_string(&junk).unwrap(),
            "these are my notes, not a database"
        );
    }
    let o = pactum(&["tournament", "--db", s(&junk), "--resume"], "2");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a pactum tournament database"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A pactum file of another plan.
    let db = dir.join("run.sqlite");
    assert_eq!(
        pactum(&["tournament", "--repetitions", "1", "--db", s(&db)], "2")
            .status
            .code(),
        Some(0)
    );
    let before = std::fs::read(&db).unwrap();
    let o = pactum(
        &[
            "tournament",
            "--repetitions",
            "2",
            "--db",
            s(&db),
            "--resume",
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another tournament"));
    assert_eq!(std::fs::read(&db).unwrap(), before, "never overwritten");
}

#[test]
fn a_config_file_runs_the_plan_and_a_bad_one_is_refused_before_anything_runs() {
    let dir = scratch("config");
    let good = dir.join("t.toml");
    std::fs::write(
        &good,
        "[tournament]\nscenarios = [\"car-purchase\", \"inheritance\"]\nstrategies = [\"boulware\", \"linear:e=2\"]\nrepetitions = 2\nseed = 5\n",
    )
    .unwrap();
    let o = pactum(&["tournament", s(&good), "--format", "jsonl"], "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let from_config = String::from_utf8(o.stdout).unwrap();
    // The same plan from flags gives the same rows.
    let o = pactum(
        &[
            "tournament",
            "car-purchase",
            "inheritance",
            "--strategies",
            "boulware,linear:e=2",
            "--repetitions",
            "2",
            "--seed",
            "5",
            "--format",
            "jsonl",
        ],
        "1",
    );
    assert_eq!(from_config, String::from_utf8(o.stdout).unwrap());

    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[tournament]\nscenarios = [\"car-purchase\", \"no-such-scenario\"]\nstrategies = [\"boulware\", \"bulware\"]\n",
    )
    .unwrap();
    let db = dir.join("never.sqlite");
    let o = pactum(&["tournament", s(&bad), "--db", s(&db)], "2");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml:3:27"), "{err}");
    assert!(err.contains("no strategy named `bulware`"), "{err}");
    assert!(!db.exists(), "nothing ran");
    // A scenario the config names but that does not exist: its place in the config.
    std::fs::write(
        &bad,
        "[tournament]\nscenarios = [\"car-purchase\", \"no-such-scenario\"]\nstrategies = [\"boulware\", \"linear\"]\n",
    )
    .unwrap();
    let o = pactum(&["tournament", s(&bad)], "2");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bad.toml:2:30: scenario `no-such-scenario`")
    );
    // The config fixes the plan: plan flags beside it are refused.
    let o = pactum(&["tournament", s(&good), "--repetitions", "9"], "2");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_stored_tournament_is_reported_as_text_and_csv() {
    let dir = scratch("report");
    let db = dir.join("r.sqlite");
    let o = pactum(
        &[
            "tournament",
            "car-purchase",
            "supply-contract",
            "--repetitions",
            "2",
            "--db",
            s(&db),
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(0));
    let o = pactum(&["report", s(&db)], "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "negotiations stored",
        "Mean utility per scenario",
        "supply-contract",
        "against the column strategy",
        "Do they differ? Mann–Whitney U on utility, Holm-corrected over 10 pairs",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let o = pactum(&["report", s(&db), "--format", "csv"], "2");
    let csv = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("rank,strategy,negotiations,agreements,utility_mean"));
    assert_eq!(lines.len(), 6, "a header and five strategies");
    let o = pactum(&["report", s(&db), "--format", "json"], "2");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["schema"], "pactum.tournament_report");
    assert_eq!(doc["strategies"].as_array().unwrap().len(), 5);
    assert_eq!(doc["stored"], doc["planned"]);
    // Every pair of the five strategies, each p within [0, 1] and raised, never lowered, by
    // Holm's correction; and the hardliner, which never concedes, ends differently from the
    // conceder (its utility is its fallback or its best).
    let pairs = doc["pairwise"].as_array().unwrap();
    assert_eq!(pairs.len(), 10);
    for p in pairs {
        let (raw, holm) = (p["p"].as_f64().unwrap(), p["p_holm"].as_f64().unwrap());
        assert!(
            (0.0..=1.0).contains(&raw) && raw <= holm && holm <= 1.0,
            "{p}"
        );
        let played = doc["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["strategy"] == p["a"])
            .unwrap()["negotiations"]
            .clone();
        assert_eq!(p["n_a"], played, "every role it played counts");
    }
    let hard = pairs
        .iter()
        .find(|p| {
            [p["a"].as_str(), p["b"].as_str()].contains(&Some("hardliner"))
                && [p["a"].as_str(), p["b"].as_str()].contains(&Some("conceder"))
        })
        .unwrap();
    assert!(hard["p_holm"].as_f64().unwrap() < 0.05, "{hard}");
    let junk = dir.join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    assert_eq!(pactum(&["report", s(&junk)], "2").status.code(), Some(2));
}

#[test]
fn a_stored_tournament_replays_byte_for_byte_and_a_changed_scenario_is_caught() {
    let dir = scratch("replay");
    let scenario = dir.join("car.toml");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/car-purchase.toml"
    ))
    .unwrap();
    std::fs::write(&scenario, &text).unwrap();
    let db = dir.join("r.sqlite");
    let o = pactum(
        &[
            "tournament",
            s(&scenario),
            "inheritance",
            "--repetitions",
            "2",
            "--db",
            s(&db),
        ],
        "2",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = pactum(&["tournament", "replay", s(&db)], "1");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("reproduced byte for byte"));
    // The scenario the run read has changed since: the replay says so, exit 1.
    std::fs::write(&scenario, text.replacen("weight = ", "weight = 1", 1)).unwrap();
    let o = pactum(&["tournament", "replay", s(&db)], "2");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("not reproducible here"));
}

#[test]
fn the_readme_shows_the_example_tournament_as_it_reports() {
    let test = "the_readme_shows_the_example_tournament_as_it_reports";
    if support::shared("reference/negmas-0.16/la_p2_i3_v10_s42", test).is_none()
        || support::shared("domains/negmas-tests/anac/y2012/LaptopA", test).is_none()
    {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = scratch("example");
    let db = dir.join("results.sqlite");
    let config = root.join("examples/tournament.toml");
    let run = pactum(&["tournament", s(&config), "--db", s(&db)], "2");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = pactum(&["report", s(&db)], "2");
    assert!(report.status.success());
    let report = String::from_utf8_lossy(&report.stdout).to_string();
    assert!(report.contains("1536 of 1536"), "{report}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown = std::fs::read_to_string(&config).unwrap();
    assert!(
        readme.contains(&format!("```toml\n{shown}```")),
        "README.md should show examples/tournament.toml as it is"
    );
    // The ranking table, and the table per protocol, verbatim.
    let lines: Vec<&str> = report.lines().collect();
    let ranking: Vec<&str> = lines[2..]
        .iter()
        .take_while(|l| !l.starts_with("Utility:"))
        .copied()
        .collect();
    let start = lines
        .iter()
        .position(|l| *l == "Mean utility per protocol")
        .expect("a table per protocol");
    let per_protocol: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    for table in [ranking, per_protocol] {
        let text = table.join("\n");
        assert!(
            readme.contains(&text),
            "README.md's example tournament is out of date; it should show:\n{text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
