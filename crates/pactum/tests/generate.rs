//! Scenarios for experiments (`pactum generate`) and the scenario statistics `analyze` reports
//! beside NegMAS's.

use std::process::{Command, Output};

#[path = "../../pactum-formats/tests/support/shared.rs"]
mod support;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

#[test]
fn generated_scenarios_are_seeded_valid_and_written_in_every_format() {
    let dir = std::env::temp_dir().join(format!("pactum-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let make = |seed: &str, out: &str, extra: &[&str]| {
        let mut args = vec![
            "generate",
            "--parties",
            "3",
            "--issues",
            "4",
            "--values",
            "6",
            "--opposition",
            "0.7",
            "--seed",
            seed,
            "-o",
            out,
        ];
        args.extend(extra);
        let o = pactum(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    make("5", &file("a.toml"), &[]);
    make("5", &file("b.toml"), &[]);
    make("6", &file("c.toml"), &[]);
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    assert_eq!(
        read("a.toml"),
        read("b.toml"),
        "the same seed, the same bytes"
    );
    assert_ne!(read("a.toml"), read("c.toml"));
    let strict = pactum(&["validate", &file("a.toml"), "--strict"]);
    assert!(
        strict.status.success(),
        "{}",
        String::from_utf8_lossy(&strict.stdout)
    );
    assert!(String::from_utf8_lossy(&strict.stdout).contains("3 parties, 4 issues, 1296 outcomes"));
    // GENIUS and GeniusWeb folders read back as the same space and the same analysis.
    let native = pactum(&["analyze", &file("a.toml"), "--format", "json"]);
    for format in ["genius", "geniusweb"] {
        make("5", &file(format), &["--format", format]);
        let back = pactum(&["analyze", &file(format), "--format", "json"]);
        assert!(
            back.status.success(),
            "{}",
            String::from_utf8_lossy(&back.stderr)
        );
        let (a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_slice(&native.stdout).unwrap(),
            serde_json::from_slice(&back.stdout).unwrap(),
        );
        assert_eq!(a["outcomes"], b["outcomes"], "{format}");
        assert_eq!(a["acceptable"], b["acceptable"], "{format}");
    }
    // Out of range: refused with what was expected, exit 2, nothing written.
    let bad = pactum(&["generate", "--opposition", "1.5", "-o", &file("bad.toml")]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected a number from 0 to 1"));
    assert!(!dir.join("bad.toml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// NegMAS 0.16.0's `opposition_level`, `rational_fraction` and (exhaustive) `conflict_level` of
/// reference scenarios, as `negmas.preferences.ops` computes them on
/// `Scenario.from_genius_folder(folder, ignore_discount=True)` (printed with `repr`).
const NEGMAS_STATISTICS: [(&str, f64, f64, Option<f64>); 4] = [
    (
        "la_p2_i3_v10_s42",
        0.03978871371789624,
        0.492,
        Some(0.4891951951951952),
    ),
    (
        "opp_p2_i3_v10_s1",
        0.45185098295722653,
        0.4,
        Some(0.7649169169169169),
    ),
    ("la_p3_i3_v10_s3", 0.24142511974335548, 0.322, None),
    ("opp_p3_i3_v10_s42", 0.5971895017890326, 0.274, None),
];

#[test]
fn scenario_statistics_equal_negmas_and_follow_the_generated_opposition() {
    for (name, opposition, rational, conflict) in NEGMAS_STATISTICS {
        let Some(dir) = support::shared(
            &format!("reference/negmas-0.16/{name}"),
            "scenario_statistics_equal_negmas_and_follow_the_generated_opposition",
        ) else {
            return;
        };
        let o = pactum(&["analyze", dir.to_str().unwrap(), "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let st = &json["statistics"];
        assert_eq!(st["opposition"].as_f64(), Some(opposition), "{name}");
        assert_eq!(st["rational_fraction"].as_f64(), Some(rational), "{name}");
        assert_eq!(st["conflict"].as_f64(), conflict, "{name}");
    }
    // Generated scenarios: the more opposed, the more conflict, seed by seed.
    let dir = std::env::temp_dir().join(format!("pactum-stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for seed in ["1", "2", "3"] {
        let mut last = -1.0;
        for x in ["0", "0.5", "1"] {
            let file = dir.join(format!("s{seed}-{x}.toml"));
            let file = file.to_str().unwrap();
            let g = pactum(&[
                "generate",
                "--issues",
                "3",
                "--values",
                "6",
                "--opposition",
                x,
                "--seed",
                seed,
                "-o",
                file,
            ]);
            assert!(g.status.success());
            let o = pactum(&["analyze", file, "--format", "json"]);
            let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let conflict = json["statistics"]["conflict"].as_f64().unwrap();
            assert!(
                conflict > last,
                "seed {seed}: conflict {conflict} at opposition {x}, {last} before"
            );
            last = conflict;
        }
        // Reversed tables but each party's own weights: most pairs of outcomes, not all, are
        // ordered oppositely.
        assert!(last > 0.6, "fully opposed tables: conflict {last}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
