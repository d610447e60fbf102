//! The bad-input corpus (`tests/bad-input/`) through every command that reads a scenario: each
//! case is refused with exit code 2 and a message that names the file, line and column, nothing
//! on standard output, no file written, no panic, and a short message.
//!
//! The corpus: truncated, empty and binary files, a byte-order mark (TOML, GENIUS XML,
//! GeniusWeb JSON), CRLF line ends, numbers beyond f64 and beyond 2^53, NaN, 200 levels of
//! nesting, names in several scripts, a duplicate key, a dangling reference, a wrong type,
//! malformed XML and JSON. Generated here, as too large to keep: 10^6 issues and a 10^9-outcome
//! space.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A corpus entry, the place its first error names, and a part of that error's text.
struct Case {
    path: &'static str,
    /// The file the error names (within `path`, for folders), line and column.
    at: (&'static str, usize, usize),
    says: &'static str,
}

const CASES: &[Case] = &[
    Case {
        path: "empty.toml",
        at: ("", 1, 1),
        says: "the file has no [scenario] table",
    },
    Case {
        path: "truncated.toml",
        at: ("", 24, 31),
        says: "invalid TOML: unclosed inline table",
    },
    Case {
        path: "binary.toml",
        at: ("", 1, 11),
        says: "the file is not UTF-8 text",
    },
    // The BOM is not a column: the error is at column 1 of its line.
    Case {
        path: "bom.toml",
        at: ("", 21, 1),
        says: "a preference has no `weight`",
    },
    Case {
        path: "crlf.toml",
        at: ("", 36, 10),
        says: "weight -1 is not positive",
    },
    Case {
        path: "huge-number.toml",
        at: ("", 23, 10),
        says: "`weight` is not a finite number",
    },
    Case {
        path: "non-finite.toml",
        at: ("", 32, 24),
        says: "`utility` is not a finite number",
    },
    Case {
        path: "huge-integer.toml",
        at: ("", 11, 7),
        says: "beyond 2^53",
    },
    Case {
        path: "deep-nesting.toml",
        at: ("", 38, 208),
        says: "nest 200 levels deep",
    },
    // Columns count characters: `lieu_été` is 8 of them and 10 bytes.
    Case {
        path: "unicode-names.toml",
        at: ("", 29, 21),
        says: "issue `lieu_été` has no option \"thère\"",
    },
    Case {
        path: "duplicate-keys.toml",
        at: ("", 24, 1),
        says: "duplicate key",
    },
    Case {
        path: "dangling-reference.toml",
        at: ("", 28, 9),
        says: "no issue named `venu`",
    },
    Case {
        path: "wrong-type.toml",
        at: ("", 4, 10),
        says: "`rounds` is a string",
    },
    Case {
        path: "genius-truncated",
        at: ("a.xml", 10, 3),
        says: "malformed XML",
    },
    // GENIUS's Double.parseDouble throws on "-0.1x"; it was read as a slope of 0. The BOM
    // shifted every column of the file by one.
    Case {
        path: "genius-bom",
        at: ("b.xml", 4, 5),
        says: "`slope` of <evaluator> is \"-0.1x\"",
    },
    Case {
        path: "genius-unknown-value",
        at: ("a.xml", 8, 5),
        says: "value \"elsewhere\" is not a value of `venue`",
    },
    Case {
        path: "geniusweb-bad-json",
        at: ("a.json", 2, 33),
        says: "invalid JSON: expected `:`",
    },
    Case {
        path: "geniusweb-non-finite",
        at: ("b.json", 8, 29),
        says: "invalid JSON: number out of range",
    },
    // GeniusWeb (Jackson) reads a file with a BOM; so does pactum, to the error inside.
    Case {
        path: "geniusweb-bom",
        at: ("a.json", 5, 7),
        says: "the number utilities of `share` are incomplete",
    },
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-bad-input-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every command that reads a scenario, with `{}` for it and `{out}` for a file it would write.
const COMMANDS: &[&[&str]] = &[
    &["validate", "{}"],
    &["show", "{}"],
    &["analyze", "{}"],
    &["analyze", "{}", "--format", "json"],
    &["talks", "{}"],
    &["talks", "{}", "--record", "{out}/talks.jsonl"],
    &["sensitivity", "{}"],
    &["improve", "{}", "--agreement", "share=5"],
    &["plot", "{}", "-o", "{out}/space.svg"],
    &["convert", "{}", "{out}/copy.toml"],
    &["tournament", "{}", "--strategies", "boulware"],
    &["serve", "{}", "--port", "0"],
];

/// Runs pactum; a command that has not ended after 60 s (a server that started) is killed and
/// reported as such.
fn pactum(args: &[String]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`pactum {}` did not end", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Runs pactum and asserts it succeeded.
fn succeeds(args: &[&str]) {
    let o = pactum(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
    assert_eq!(
        o.status.code(),
        Some(0),
        "`pactum {}`: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn refused(scenario: &Path, at: &str, says: &str, out: &Path) {
    for template in COMMANDS {
        let args: Vec<String> = template
            .iter()
            .map(|a| {
                a.replace("{}", scenario.to_str().unwrap())
                    .replace("{out}", out.to_str().unwrap())
            })
            .collect();
        let o = pactum(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        let run = format!("`pactum {}`:\n{stderr}", args.join(" "));
        assert_eq!(o.status.code(), Some(2), "{run}");
        assert!(stderr.contains(at), "{run}\nexpected the place `{at}`");
        assert!(stderr.contains(says), "{run}\nexpected `{says}`");
        assert!(!stderr.contains("panicked"), "{run}");
        assert!(stderr.len() < 16 * 1024, "{run}\na short message");
        assert!(o.stdout.is_empty(), "{run}\nnothing on stdout");
        let written: Vec<_> = std::fs::read_dir(out).unwrap().collect();
        assert!(written.is_empty(), "{run}\nwrote {written:?}");
    }
}

#[test]
fn every_case_of_the_corpus_is_refused_by_every_command_with_its_place() {
    let out = scratch("out");
    for case in CASES {
        let path = corpus().join(case.path);
        let (file, line, column) = case.at;
        let named = if file.is_empty() {
            path.clone()
        } else {
            path.join(file)
        };
        let at = format!("{}:{line}:{column}", named.display());
        refused(&path, &at, case.says, &out);
    }
    // The corpus's base is valid: each case is one mistake away from it.
    succeeds(&["validate", corpus().join("valid.toml").to_str().unwrap()]);
}

#[test]
fn a_million_issues_are_refused_by_size_before_they_are_read() {
    let dir = scratch("million");
    let path = dir.join("million.toml");
    let mut text = String::from("[scenario]\nid = \"m\"\ntitle = \"M\"\n\n");
    for k in 0..1_000_000 {
        text.push_str(&format!(
            "[[issues]]\nid = \"i{k}\"\noptions = [\"a\", \"b\"]\n\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let out = scratch("million-out");
    let at = format!(
        "{}: larger than the 8 MiB a scenario file may have",
        path.display()
    );
    refused(&path, &at, "docs/reliability.md lists the limits", &out);
}

#[test]
fn a_billion_outcomes_are_refused_where_they_would_be_enumerated() {
    // Nine 10-value issues and a red line across two of them: no command enumerates 10^9
    // outcomes. The briefing (`show`) does not need to, and works; nor do the offer protocols.
    let dir = scratch("billion");
    let path = dir.join("billion.toml");
    let values = |rev: bool| {
        (0..10)
            .map(|k| format!("v{k} = {:.3}", f64::from(if rev { 9 - k } else { k }) / 9.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = String::from("[scenario]\nid = \"b\"\ntitle = \"B\"\nrounds = 10\n\n");
    for k in 0..9 {
        text.push_str(&format!(
            "[[issues]]\nid = \"i{k}\"\noptions = [{}]\n\n",
            (0..10)
                .map(|v| format!("\"v{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    text.push_str(&format!(
        "[[parties]]\nid = \"a\"\nfallback = {{ utility = 0.1 }}\n\n[[parties.preferences]]\n\
         issue = \"i0\"\nweight = 1\nvalues = {{ {} }}\n\n[[parties.red_lines]]\nid = \"pair\"\n\
         expr = 'i0 != \"v0\" or i1 != \"v0\"'\n\n[[parties]]\nid = \"b\"\n\
         fallback = {{ utility = 0.1 }}\n\n[[parties.preferences]]\nissue = \"i1\"\nweight = 1\n\
         values = {{ {} }}\n",
        values(false),
        values(true)
    ));
    std::fs::write(&path, text).unwrap();
    let out = scratch("billion-out");
    let file = path.to_str().unwrap();
    let agreement = "i0=v1,i1=v1,i2=v0,i3=v0,i4=v0,i5=v0,i6=v0,i7=v0,i8=v0";
    let runs: &[(&[&str], &str)] = &[
        (&["validate", file], "1000000000 outcomes"),
        (
            &["analyze", file],
            "more than the 100000000 this command enumerates",
        ),
        (&["talks", file], "1000000000 outcomes"),
        (&["sensitivity", file], "1000000000 outcomes"),
        (
            &["improve", file, "--agreement", agreement],
            "1000000000 outcomes",
        ),
        (
            &[
                "tournament",
                file,
                "--protocol",
                "single-text",
                "--self-play",
            ],
            "1000000000 outcomes",
        ),
    ];
    for (args, says) in runs {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let started = Instant::now();
        let o = pactum(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "refused at once: {args:?}"
        );
        assert!(std::fs::read_dir(&out).unwrap().next().is_none());
    }
    succeeds(&["show", file]);
    // The offer protocols do not enumerate: they bid from inverse-utility ladders.
    for args in [
        &["talks", file, "--protocol", "saop", "--quiet"][..],
        &["tournament", file, "--strategies", "boulware,linear"][..],
    ] {
        let started = Instant::now();
        succeeds(args);
        assert!(started.elapsed() < Duration::from_secs(30), "{args:?}");
    }
}

#[test]
fn the_help_describes_every_command() {
    // `convert` once had no description: its doc comment sat on `generate`.
    let o = pactum(&["--help".into()]);
    let help = String::from_utf8_lossy(&o.stdout);
    let commands = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty());
    for line in commands.filter(|l| l.starts_with("  ") && !l.starts_with("   ")) {
        assert!(
            line.split_whitespace().count() > 1,
            "`{line}` has no description:\n{help}"
        );
    }
    assert!(help.contains("convert      Convert a scenario"), "{help}");
}

#[test]
fn a_large_scenario_is_no_config_too_large() {
    // `pactum tournament FILE.toml` takes a scenario or a config: a 2 MiB scenario was read
    // against the config's 1 MiB bound and refused as a config.
    let dir = scratch("large");
    let padding = "# a long comment line, as generated scenarios carry them\n".repeat(40_000);
    let scenario = dir.join("large.toml");
    let base = std::fs::read_to_string(corpus().join("valid.toml")).unwrap();
    std::fs::write(&scenario, format!("{padding}{base}")).unwrap();
    let o = pactum(&[
        "tournament".into(),
        scenario.display().to_string(),
        "--strategies".into(),
        "boulware,conceder".into(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "{padding}[tournament]\nscenarios = [\"car-purchase\"]\nstrategies = [\"boulware\"]\n"
        ),
    )
    .unwrap();
    let o = pactum(&["tournament".into(), config.display().to_string()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: larger than the 1 MiB a tournament config may have",
            config.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_scenario_deadline_beyond_what_a_record_holds_is_refused_at_once() {
    // `--rounds` was bounded; a scenario's own `rounds = 1000000` was not, and `pactum talks`
    // took 6.8 GB and 19 s on it.
    let dir = scratch("rounds");
    let path = dir.join("long.toml");
    let base = std::fs::read_to_string(corpus().join("valid.toml")).unwrap();
    std::fs::write(
        &path,
        base.replacen("rounds = 10\n", "rounds = 1000000\n", 1),
    )
    .unwrap();
    let file = path.display().to_string();
    for args in [
        vec!["talks", &file, "--protocol", "saop"],
        vec![
            "plot",
            &file,
            "--kind",
            "trace",
            "-o",
            "/nonexistent/trace.svg",
        ],
    ] {
        let started = Instant::now();
        let o = pactum(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("1000000 rounds (the scenario's), more than the 100000"),
            "{stderr}"
        );
        assert!(stderr.contains("`--rounds N`"), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    let o = pactum(&[
        "talks".into(),
        file,
        "--protocol".into(),
        "saop".into(),
        "--rounds".into(),
        "50".into(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
