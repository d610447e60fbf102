"""Where the tests find the repository and `../shared` (shared by both test folders)."""

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
