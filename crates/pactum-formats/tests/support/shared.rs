//! Where the tests find `../shared`, and what they do without it: say that they skipped, or,
//! when `PACTUM_REQUIRE_SHARED` is set (as `.ci/run` sets it, CI having `../shared`), fail.

use std::path::{Path, PathBuf};

/// `../shared/REL` beside the checkout, or `None` after saying the test skipped.
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if dir.exists() {
        return Some(dir);
    }
    if std::env::var_os("PACTUM_REQUIRE_SHARED").is_some() {
        panic!(
            "{test}: {} is absent, and PACTUM_REQUIRE_SHARED says it must be there",
            dir.display()
        );
    }
    // Straight to the process's stderr, past the test harness's capture, so that a skip is seen
    // even when the test passes.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {test}: ../shared/{rel} is absent"
    );
    None
}
