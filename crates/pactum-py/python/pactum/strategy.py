"""Writing a strategy in Python.

Subclass :class:`Strategy` and give it ``propose`` and ``respond``; pass the class (or an
instance, for a single run of the talks) wherever pactum takes a strategy. It plays in
:func:`pactum.talks` and :func:`pactum.tournament` beside pactum's built-in strategies, seeing
what they see: its own preferences (:attr:`View.own`) and the offers so far, never another
party's utility.

An outcome is an ``int`` (its index in the outcome space) or a dict ``{issue: value}``. The
protocol guards the red lines: an offer across the strategy's own red lines ends the talks as an
error, and so does an exception, or a return value that is not an outcome; the message is the
exception's last line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Union

if TYPE_CHECKING:
    from ._native import Own, View

Outcome = Union[int, Dict[str, Any]]


class Strategy:
    """A negotiation strategy written in Python.

    ``name`` (default: the class's name) labels it in records and tournament tables.
    """

    name: Optional[str] = None

    def start(self, own: "Own") -> None:
        """Called once, before the first move, with the party's own preferences."""

    def propose(self, view: "View") -> Optional[Outcome]:
        """The outcome to put on the table (``None``: nothing to offer, which ends the talks
        as an error)."""
        raise NotImplementedError("a Strategy must define propose(view)")

    def respond(self, view: "View", offer: int) -> bool:
        """Whether to accept ``offer``, the standing offer (an outcome index)."""
        raise NotImplementedError("a Strategy must define respond(view, offer)")

    def end(self, result: Dict[str, Any]) -> None:
        """Called once when the talks are over: ``result`` (``agreement`` or ``breakdown``),
        ``round``, ``gain`` (what it ends with), and ``agreement`` (an index) or ``reason``."""


class TimeDependent(Strategy):
    """The classic time-dependent strategy (Faratin, Sierra and Jennings 1998), written in
    Python: its target falls from its best utility to its floor as ``max − (max − min)·t^e``.
    With ``e = 4`` it negotiates exactly as pactum's built-in ``boulware``."""

    def __init__(self, e: float = 4.0):
        self.e = e
        self.name = f"python-timedep(e={e:g})"

    def target(self, view: "View") -> float:
        own = view.own
        return own.best - max(own.best - own.floor, 0.0) * view.time**self.e

    def propose(self, view: "View") -> Optional[Outcome]:
        return view.own.at_least(self.target(view))

    def respond(self, view: "View", offer: int) -> bool:
        u = view.own.utility(offer)
        return u >= view.own.fallback and u >= self.target(view)
