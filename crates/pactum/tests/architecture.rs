//! ARCHITECTURE.md, kept true: each crate depends only on what its row allows (read from
//! `cargo metadata`), and the engine's sources touch no file, environment, clock, terminal,
//! network or unseeded randomness. The invariant numbers are ARCHITECTURE.md's.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// What each workspace crate may depend on (normal dependencies), as ARCHITECTURE.md's table
/// says.
const ALLOWED: &[(&str, &[&str])] = &[
    ("pactum-schema", &["serde", "serde_json"]),
    // No serialization contract in the engine: the JSON documents live in pactum-schema.
    ("pactum-core", &["rand_chacha", "rand_core", "rayon"]),
    (
        "pactum-formats",
        &[
            "pactum-core",
            "pactum-schema",
            "toml",
            "quick-xml",
            "serde",
            "serde_json",
        ],
    ),
    ("pactum-files", &["pactum-core", "pactum-formats"]),
    (
        "pactum-py",
        &[
            "pactum-core",
            "pactum-formats",
            "pactum-files",
            "pactum-schema",
            "pactum-agents",
            "pactum-tournament",
            "rayon",
            "serde",
            "serde_json",
            "pyo3",
        ],
    ),
    (
        "pactum-agents",
        &[
            "pactum-core",
            "pactum-formats",
            "pactum-schema",
            "serde_json",
            "libc",
        ],
    ),
    (
        "pactum-tournament",
        &[
            "pactum-core",
            "pactum-formats",
            "pactum-schema",
            "pactum-agents",
            "rayon",
            "serde_json",
            "rusqlite",
            "sha2",
            "libm",
        ],
    ),
    // Drawing only: the figures are gathered from the engine's results and the records' events.
    (
        "pactum-plot",
        &["pactum-core", "pactum-schema", "plotters", "png"],
    ),
    // The web app: requests in, the CLI's documents out; scenarios read through pactum-files.
    (
        "pactum-web",
        &[
            "pactum-core",
            "pactum-formats",
            "pactum-files",
            "pactum-schema",
            "serde",
            "serde_json",
            "axum",
            "tokio",
        ],
    ),
    (
        "pactum",
        &[
            "pactum-core",
            "pactum-plot",
            "pactum-web",
            "pactum-agents",
            "pactum-files",
            "pactum-formats",
            "pactum-schema",
            "pactum-tournament",
            "clap",
            "serde",
            "serde_json",
            "comfy-table",
            "indicatif",
            "libc",
            "rayon",
        ],
    ),
];

/// Heavy edges that never enter the engine or the formats, whatever else changes.
const HEAVY: &[&str] = &["tokio", "axum", "rusqlite", "plotters", "pyo3", "hyper"];

fn metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("cargo metadata's JSON")
}

#[test]
fn invariant_10_each_crate_depends_only_on_what_its_row_allows() {
    let meta = metadata();
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in meta["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap().to_string();
        let deps = package["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect();
        found.insert(name, deps);
    }
    for (krate, allowed) in ALLOWED {
        let deps = found
            .get(*krate)
            .unwrap_or_else(|| panic!("no crate `{krate}` in the workspace"));
        for d in deps {
            assert!(
                allowed.contains(&d.as_str()),
                "`{krate}` depends on `{d}`, which its row in ARCHITECTURE.md does not allow"
            );
        }
    }
    for krate in found.keys() {
        assert!(
            ALLOWED.iter().any(|(k, _)| k == krate),
            "`{krate}` has no row in ARCHITECTURE.md's table"
        );
    }
    for krate in ["pactum-core", "pactum-formats", "pactum-schema"] {
        for d in &found[krate] {
            assert!(!HEAVY.contains(&d.as_str()), "`{krate}` depends on `{d}`");
        }
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn invariant_1_the_engine_does_no_io_and_reads_no_clock() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pactum-core/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 20, "found the core's sources");
    let forbidden = [
        "std::fs",
        "std::env",
        "std::time",
        "std::net",
        "std::process",
        "std::io::stdin",
        "std::io::stdout",
        "std::io::stderr",
        "Instant::now",
        "SystemTime",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "dbg!(",
        "thread_rng",
        "StdRng",
        "include_str!",
        "include_bytes!",
    ];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (k, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                assert!(
                    !code.contains(word),
                    "{}:{}: `{word}` in the engine (invariant 1 of ARCHITECTURE.md)",
                    f.display(),
                    k + 1
                );
            }
        }
    }
}

#[test]
fn invariant_11_protocol_and_mediator_names_are_spelt_only_by_the_protocol_module() {
    // Outside `talks/protocol.rs`, no source of the workspace writes a protocol or mediator name
    // as a string literal (tests and docs aside): they all come from the engine's list.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in [
        "pactum-core",
        "pactum-formats",
        "pactum-tournament",
        "pactum",
    ] {
        sources(&root.join(krate).join("src"), &mut files);
    }
    let names = [
        "\"single-text\"",
        "\"saop\"",
        "\"alternating\"",
        "\"hill-climbing\"",
        "\"annealing\"",
        "\"single-text/nash\"",
    ];
    for f in &files {
        if f.ends_with("talks/protocol.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (k, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for n in names {
                assert!(
                    !line.contains(n),
                    "{}:{}: the protocol name {n} spelt outside talks/protocol.rs",
                    f.display(),
                    k + 1
                );
            }
        }
    }
}

#[test]
fn invariant_12_every_registered_strategy_is_documented_from_the_registry() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/strategies.md"),
    )
    .expect("docs/strategies.md");
    let begin = "<!-- generated by `pactum strategies --markdown`: begin -->\n";
    let end = "<!-- generated: end -->";
    let start = doc.find(begin).expect("the generated section's start") + begin.len();
    let stop = start + doc[start..].find(end).expect("the generated section's end");
    let o = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["strategies", "--markdown"])
        .output()
        .unwrap();
    assert_eq!(
        &doc[start..stop],
        String::from_utf8(o.stdout).unwrap(),
        "docs/strategies.md is out of date: paste `pactum strategies --markdown` between the markers"
    );
}

/// The code of `file` before its tests.
fn code_of(file: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    text.split("#[cfg(test)]").next().unwrap_or("").to_string()
}

#[test]
fn invariant_14_modules_that_share_types_do_not_import_each_other() {
    // The frontier calls the search; the search takes its result types from frontier_report.
    let search = code_of("../pactum-core/src/analysis/search.rs");
    assert!(
        !search.contains("frontier::"),
        "analysis::search imports analysis::frontier: a cycle"
    );
    // GENIUS's additive reader calls the nonlinear one; both take the domain from genius::domain.
    let nonlinear = code_of("../pactum-formats/src/genius/nonlinear.rs");
    assert!(
        !nonlinear.contains("super::read") && !nonlinear.contains("crate::genius::"),
        "genius::nonlinear imports genius::read: a cycle"
    );
    // Each format is a read/write pair, and the writers share only `export`.
    for writer in [
        "../pactum-formats/src/genius/write.rs",
        "../pactum-formats/src/geniusweb/write.rs",
        "../pactum-formats/src/scenario_toml/write.rs",
    ] {
        let code = code_of(writer);
        assert!(!code.contains("super::read"), "{writer} imports its reader");
    }
}

#[test]
fn invariant_19_the_engine_and_the_readers_forbid_unsafe_code() {
    for krate in ["pactum-core", "pactum-formats"] {
        let lib = code_of(&format!("../{krate}/src/lib.rs"));
        assert!(
            lib.lines().any(|l| l.trim() == "#![forbid(unsafe_code)]"),
            "{krate} does not forbid unsafe code"
        );
    }
}
