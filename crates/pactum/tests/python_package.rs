//! The Python package as a user installs it: build the wheel with maturin, install it into a
//! fresh virtual environment, and run its pytest suite (`crates/pactum-py/tests`) there.
//!
//! Everything it needs comes from PyPI into throw-away places under `target/`: maturin in a
//! tools environment kept between runs, and a new environment for each run with the wheel,
//! pytest and numpy. The wheel is built with its own target folder, because this test runs
//! while `cargo test` holds the workspace's.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Versions pinned so a run a year from now installs the same tools.
const MATURIN: &str = "maturin==1.16.0";
const PYTEST: &str = "pytest==8.4.2";
const NUMPY: &str = "numpy==2.3.5";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(what: &str, cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A virtual environment at `dir` with `packages` installed (created if absent).
fn venv(dir: &Path, packages: &[&str]) -> PathBuf {
    let bin = dir.join("bin");
    if !bin.join("python").exists() {
        run(
            "python3 -m venv",
            Command::new(python()).args(["-m", "venv"]).arg(dir),
        );
    }
    if !packages.is_empty() {
        run(
            "pip install",
            Command::new(bin.join("python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(packages),
        );
    }
    bin
}

#[test]
fn the_wheel_installs_into_a_fresh_environment_and_passes_its_tests() {
    let root = root();
    let target = root.join("target");
    let tools = venv(&target.join("py-tools"), &[MATURIN]);
    let wheels = target.join("py-wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    run(
        "maturin build",
        Command::new(tools.join("maturin"))
            .args(["build", "--locked", "--quiet", "--out"])
            .arg(&wheels)
            .arg("--manifest-path")
            .arg(root.join("crates/pactum-py/Cargo.toml"))
            .env("CARGO_TARGET_DIR", target.join("py-build"))
            .env("VIRTUAL_ENV", target.join("py-tools")),
    );
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("maturin wrote a wheel");

    let fresh = target.join("py-test-venv");
    let _ = std::fs::remove_dir_all(&fresh);
    let bin = venv(&fresh, &[PYTEST, NUMPY, wheel.to_str().unwrap()]);
    // The package is imported from the installed wheel, not from the source tree.
    run(
        "import pactum from the wheel",
        Command::new(bin.join("python"))
            .args([
                "-c",
                "import pactum, sys; assert 'site-packages' in pactum.__file__, pactum.__file__",
            ])
            .current_dir(&target),
    );
    run(
        "pytest",
        Command::new(bin.join("python"))
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(root.join("crates/pactum-py/tests"))
            .env("PACTUM_BIN", env!("CARGO_BIN_EXE_pactum"))
            .current_dir(&target),
    );
}
