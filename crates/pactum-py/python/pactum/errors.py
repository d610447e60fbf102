"""pactum's exceptions: each carries what the command line would print, and, for a scenario
that does not read, every diagnostic with its file, line and column."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import List, Optional


@dataclass(frozen=True)
class Diagnostic:
    """One problem in an input file."""

    file: str
    line: int
    column: int
    message: str
    expected: Optional[str] = None
    help: Optional[str] = None


class PactumError(Exception):
    """Anything pactum refuses; ``str(e)`` is the message the command line prints."""

    def __init__(self, message: str, diagnostics: str = "[]"):
        super().__init__(message)
        self.message = message
        self.diagnostics: List[Diagnostic] = [
            Diagnostic(
                file=d["file"],
                line=d["line"],
                column=d["column"],
                message=d["message"],
                expected=d.get("expected"),
                help=d.get("help"),
            )
            for d in json.loads(diagnostics)
        ]

    @property
    def file(self) -> Optional[str]:
        """The file of the first diagnostic."""
        return self.diagnostics[0].file if self.diagnostics else None

    @property
    def line(self) -> Optional[int]:
        """The 1-based line of the first diagnostic."""
        return self.diagnostics[0].line if self.diagnostics else None

    @property
    def column(self) -> Optional[int]:
        """The 1-based column of the first diagnostic."""
        return self.diagnostics[0].column if self.diagnostics else None


class ScenarioError(PactumError, ValueError):
    """A scenario (or a GENIUS / GeniusWeb file) that does not read or does not check."""


class TalksError(PactumError, ValueError):
    """Talks, an analysis or a tournament that cannot run as asked (an unknown party,
    protocol or strategy, a relaxation the scenario does not know, a space too large)."""
