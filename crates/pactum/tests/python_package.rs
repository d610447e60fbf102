//! The Python package as a user installs it: build the wheel with maturin, install it into a
//! fresh virtual environment, and run its pytest suite (`crates/pactum-py/tests`) there; then
//! the NegMAS bridge's suite (`crates/pactum-py/tests-negmas`) in another fresh environment
//! with `negmas==0.16.0` from PyPI (never a dependency of the package).
//!
//! Everything comes from PyPI into throw-away places under `target/`: maturin in a tools
//! environment kept between runs, and new environments for each run. The wheel is built once,
//! with its own target folder, because these tests run while `cargo test` holds the
//! workspace's.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Versions pinned so a run a year from now installs the same tools.
const MATURIN: &str = "maturin==1.16.0";
const PYTEST: &str = "pytest==8.4.2";
const NUMPY: &str = "numpy==2.3.5";
const NEGMAS: &str = "negmas==0.16.0";

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

/// The wheel, built once per test run.
fn wheel() -> &'static Path {
    static WHEEL: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    WHEEL.get_or_init(|| {
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
        std::fs::read_dir(&wheels)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "whl"))
            .expect("maturin wrote a wheel")
    })
}

/// A new environment `name` with `packages` and the wheel, and pytest run there on `tests`.
fn pytest_in_fresh_venv(name: &str, packages: &[&str], tests: &str) {
    let root = root();
    let target = root.join("target");
    let fresh = target.join(name);
    let _ = std::fs::remove_dir_all(&fresh);
    let mut all: Vec<&str> = packages.to_vec();
    all.push(wheel().to_str().unwrap());
    let bin = venv(&fresh, &all);
    // The package is imported from the installed wheel, not from the source tree.
    run(
        "import pactum from the wheel",
        Command::new(bin.join("python"))
            .args([
                "-c",
                "import pactum; assert 'site-packages' in pactum.__file__, pactum.__file__",
            ])
            .current_dir(&target),
    );
    run(
        "pytest",
        Command::new(bin.join("python"))
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(root.join(tests))
            .env("PACTUM_BIN", env!("CARGO_BIN_EXE_pactum"))
            .current_dir(&target),
    );
}

#[test]
fn the_wheel_installs_into_a_fresh_environment_and_passes_its_tests() {
    pytest_in_fresh_venv("py-test-venv", &[PYTEST, NUMPY], "crates/pactum-py/tests");
}

#[test]
fn the_negmas_bridge_agrees_with_negmas_from_the_registry() {
    pytest_in_fresh_venv(
        "py-negmas-venv",
        &[PYTEST, NEGMAS],
        "crates/pactum-py/tests-negmas",
    );
}
