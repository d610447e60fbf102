"""Where the tests find the repository, the `pactum` binary and `../shared`."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"


def shared(rel: str) -> pathlib.Path:
    """`../shared/REL`, or a skip that says so; CI (PACTUM_REQUIRE_SHARED) fails instead."""
    path = SHARED / rel
    if path.exists():
        return path
    if os.environ.get("PACTUM_REQUIRE_SHARED"):
        pytest.fail(f"{path} is absent, and PACTUM_REQUIRE_SHARED says it must be there")
    pytest.skip(f"SKIPPED: ../shared/{rel} is absent")


@pytest.fixture(scope="session")
def pactum_bin() -> pathlib.Path:
    """The command-line binary `cargo build` made (PACTUM_BIN overrides)."""
    path = pathlib.Path(os.environ.get("PACTUM_BIN", ROOT / "target" / "debug" / "pactum"))
    if not path.exists():
        pytest.fail(f"{path} is absent: build it with `cargo build -p pactum` (or set PACTUM_BIN)")
    return path
