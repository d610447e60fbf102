//! Progress on stderr: a line every few seconds into a log, an indicatif bar on a terminal (a
//! real pseudo-terminal, made by util-linux's `script`), nothing on stdout either way.

use std::process::Command;

fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-progress-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pactum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
}

/// A stored tournament long enough (a few seconds in a debug build) to show progress.
fn args(db: &std::path::Path, repetitions: u32) -> Vec<String> {
    [
        "tournament",
        "car-purchase",
        "--strategies",
        "boulware,linear,conceder",
        "--self-play",
        "--rounds",
        "100",
        "--repetitions",
        &repetitions.to_string(),
        "--db",
        db.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_log_gets_lines_with_the_rate_and_the_time_left() {
    let dir = scratch("log");
    // Longer runs until one lasts past the quiet first second, whatever the machine's speed.
    for repetitions in [3000, 12000, 48000] {
        let db = dir.join(format!("r{repetitions}.sqlite"));
        let out = pactum().args(args(&db, repetitions)).output().unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        let Some(line) = err.lines().find(|l| l.starts_with("tournament: ")) else {
            continue;
        };
        let total = 9 * repetitions;
        assert!(
            line.contains(&format!(" of {total} negotiations ("))
                && line.contains("negotiations/s"),
            "{line}"
        );
        assert!(
            !err.contains('\r') && !err.contains('\x1b'),
            "no terminal codes into a log"
        );
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    panic!("no tournament ran past a second");
}

#[test]
fn a_terminal_gets_a_bar() {
    if Command::new("script").arg("--version").output().is_err() {
        // util-linux's `script` is part of every Debian system; CI has it.
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is missing"
        );
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let dir = scratch("terminal");
    for repetitions in [3000, 12000, 48000] {
        let db = dir.join(format!("t{repetitions}.sqlite"));
        let command = std::iter::once(env!("CARGO_BIN_EXE_pactum").to_string())
            .chain(args(&db, repetitions))
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ");
        // stdout goes to /dev/null inside the terminal, so only stderr draws on it.
        let out = Command::new("script")
            .args(["-qec", &format!("{command} > /dev/null"), "/dev/null"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let screen = String::from_utf8_lossy(&out.stdout);
        if !screen.contains("tournament: ") {
            continue;
        }
        let total = format!("{}", 9 * repetitions);
        let grouped: String = {
            // indicatif groups thousands: 27,000.
            let digits: Vec<char> = total.chars().collect();
            let mut s = String::new();
            for (k, c) in digits.iter().enumerate() {
                if k > 0 && (digits.len() - k).is_multiple_of(3) {
                    s.push(',');
                }
                s.push(*c);
            }
            s
        };
        assert!(screen.contains('█'), "a bar: {screen}");
        assert!(
            screen.contains(&format!("{grouped}/{grouped} negotiations (100%)")),
            "the finished bar stays: {screen}"
        );
        assert!(screen.contains("/s") && screen.contains("ETA"), "{screen}");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    panic!("no tournament ran past a second");
}
