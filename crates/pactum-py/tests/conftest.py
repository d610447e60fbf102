"""The `pactum` binary the tests compare with."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import ROOT  # noqa: E402


@pytest.fixture(scope="session")
def pactum_bin() -> pathlib.Path:
    """The command-line binary `cargo build` made (PACTUM_BIN overrides)."""
    path = pathlib.Path(os.environ.get("PACTUM_BIN", ROOT / "target" / "debug" / "pactum"))
    if not path.exists():
        pytest.fail(f"{path} is absent: build it with `cargo build -p pactum` (or set PACTUM_BIN)")
    return path
