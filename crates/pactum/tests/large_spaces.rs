//! The command line over spaces too large to enumerate: the offer protocols bid from
//! inverse-utility ladders (docs/strategies.md, "Bidding in spaces of any size").

use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_tournament_over_10_to_the_25_outcomes_is_the_same_on_any_thread_count() {
    // Beyond 2^22 outcomes each party bids from a seeded inverse-utility ladder, prepared once
    // per scenario: the rows must not depend on which thread prepared or played what.
    let dir = std::env::temp_dir().join(format!("pactum-wide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wide.toml");
    let o = pactum(&[
        "generate",
        "--issues",
        "25",
        "--values",
        "10",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args([
                "tournament",
                file.to_str().unwrap(),
                "--strategies",
                "boulware,hardheaded,agentk",
                "--repetitions",
                "1",
                "--rounds",
                "100",
                "--format",
                "jsonl",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let (one, three) = (run("1"), run("3"));
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(one.stdout, three.stdout, "thread count changed the rows");
    let rows: Vec<pactum_schema::TournamentRow> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a tournament row"))
        .collect();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.error.is_none()), "{rows:?}");
    // Every pairing with Boulware agrees; HardHeaded and AgentK hold out past 100 rounds (as
    // measured), and the frontier metrics come from the additive merge over 10^25 outcomes.
    let with_boulware: Vec<_> = rows
        .iter()
        .filter(|r| r.strategies.values().any(|s| s == "boulware"))
        .collect();
    assert_eq!(with_boulware.len(), 4);
    assert!(
        with_boulware
            .iter()
            .all(|r| r.agreement && r.pareto_distance.is_some())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
