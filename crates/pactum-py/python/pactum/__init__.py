"""pactum: multi-party, mediated, multi-issue negotiation in Python.

    import pactum
    s = pactum.load("abu-dhabi-trilateral")
    a = pactum.analyze(s, relax=["russia.all_of_donbas"])
    t = pactum.talks(s, protocol="saop", strategies={"ukraine": MyStrategy})
    rows = pactum.tournament(["car-purchase"], ["boulware", MyStrategy], db="r.sqlite")

Every document is the JSON the command line writes (``pactum analyze --format json`` and so
on, docs/json-output.md) as Python dicts and lists; errors are :class:`ScenarioError` and
:class:`TalksError`, carrying file, line and column.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from .errors import Diagnostic, PactumError, ScenarioError, TalksError
from .strategy import Outcome, Strategy, TimeDependent

__all__ = [
    "Analysis",
    "Diagnostic",
    "Outcome",
    "PactumError",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "Talks",
    "TalksError",
    "TimeDependent",
    "analyze",
    "bundled",
    "load",
    "loads",
    "strategies",
    "talks",
    "tournament",
]

__version__ = _native.VERSION


class Scenario:
    """A scenario, read and checked: from :func:`load` or :func:`loads`."""

    def __init__(self, native: "_native.NativeScenario"):
        self._native = native

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def negotiators(self) -> List[str]:
        """The negotiating parties' ids, in turn order."""
        return self._native.negotiators()

    def document(self) -> Dict[str, Any]:
        """The ``pactum.scenario`` document (``pactum show --format json``)."""
        return json.loads(self._native.document())

    def to_toml(self) -> str:
        """The scenario as native TOML (what TOML cannot say is listed by :meth:`losses`)."""
        return self._native.to_toml()[0]

    def losses(self) -> List[str]:
        """What writing this scenario as TOML would lose, one sentence each."""
        return self._native.to_toml()[1]

    def __repr__(self) -> str:
        return f"Scenario({self.id!r}, negotiators={self.negotiators!r})"


def _scenario(s: Union[Scenario, str]) -> Scenario:
    return s if isinstance(s, Scenario) else load(s)


def load(source: str) -> Scenario:
    """A bundled scenario by name, a native ``.toml`` file, or a GENIUS or GeniusWeb folder."""
    return Scenario(_native.load(str(source)))


def loads(text: Union[str, Mapping[str, str]], name: str = "scenario.toml") -> Scenario:
    """A scenario from text: one native TOML text (named ``name`` in diagnostics), or a mapping
    of file names to texts for GENIUS (``.xml``) or GeniusWeb (``.json``) domains and
    profiles."""
    if isinstance(text, str):
        files = [(name, text)]
    else:
        files = list(text.items())
    return Scenario(_native.from_texts(name, files))


def bundled() -> List[str]:
    """The bundled scenarios' names."""
    return list(_native.bundled())


def strategies() -> List[Dict[str, Any]]:
    """pactum's built-in strategies, with their parameters (as ``pactum strategies`` lists)."""
    return [
        {
            "name": name,
            "parameters": [
                {"name": p, "default": d, "range": r, "about": a} for p, d, r, a in params
            ],
            "about": about,
            "source": source,
        }
        for name, params, about, source in _native.strategies()
    ]


class Analysis(dict):
    """``pactum analyze --format json`` as a dict, with the frontier's utilities also as an
    array (:meth:`utilities`)."""

    def utilities(self):
        """The frontier's utilities (the `pareto` deals), one row per deal, one column per
        negotiating party (:attr:`parties`): a numpy array when numpy is installed, else a
        list of lists."""
        parties = self.parties
        rows = [[d["utilities"][p] for p in parties] for d in self["pareto"]]
        try:
            import numpy
        except ImportError:
            return rows
        return numpy.asarray(rows, dtype=float).reshape(len(rows), len(parties))

    @property
    def parties(self) -> List[str]:
        """The negotiating parties, the columns of :meth:`utilities`."""
        return list(self["parties"])


def analyze(
    scenario: Union[Scenario, str],
    relax: Iterable[str] = (),
    fix: Union[Mapping[str, Any], Iterable[str]] = (),
    search_nodes: Optional[int] = None,
    limit: Optional[int] = None,
) -> Analysis:
    """The zone of agreement, blocking sets, the frontier and the bargaining points, as
    ``pactum analyze --format json`` gives them. ``relax``: ``PARTY.REDLINE`` or
    ``PARTY.fallback`` ids to drop; ``fix``: ``{issue: value}`` (or ``"issue=value"``
    strings) to study only the outcomes where the issue takes that value."""
    if isinstance(fix, Mapping):
        fix = [f"{k}={v}" for k, v in fix.items()]
    text = _native.analyze(
        _scenario(scenario)._native,
        relax=list(relax),
        fix=list(fix),
        search_nodes=search_nodes,
        limit=limit,
    )
    return Analysis(json.loads(text))


class Talks(dict):
    """``pactum talks --format json`` as a dict, with the record (``--record``) as a list of
    events in :attr:`record`."""

    record: List[Dict[str, Any]]

    @property
    def agreement(self) -> bool:
        return self["result"] == "agreement"


StrategyLike = Union[str, Strategy, type]


def _check_strategy(value: Any, party: str) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, type) and not issubclass(value, Strategy):
        raise TypeError(f"the strategy of {party!r} is the class {value.__name__}; expected a Strategy subclass")
    if not isinstance(value, (type, Strategy)) and not callable(value):
        raise TypeError(
            f"the strategy of {party!r} is {value!r}; expected a spec string, a Strategy subclass or instance"
        )
    return value


def talks(
    scenario: Union[Scenario, str],
    strategies: Optional[Mapping[str, StrategyLike]] = None,
    protocol: Optional[str] = None,
    mediator: Optional[str] = None,
    rounds: Optional[int] = None,
    seed: Optional[int] = None,
    relax: Iterable[str] = (),
    agent_move_seconds: float = 10.0,
    agent_negotiation_seconds: float = 120.0,
) -> Talks:
    """Runs the talks under a protocol (``single-text``, ``saop``, ``alternating``; default
    the scenario's). ``strategies`` maps a party to a spec (``"boulware:e=6"``,
    ``"exec:python3 agent.py"``) or a :class:`Strategy` (a class gets a fresh instance).
    ``agent_move_seconds`` and ``agent_negotiation_seconds`` bound the wall-clock time of an
    outside agent's and a Python strategy's moves: one that runs past them is stopped (a Python
    loop by a ``TimeoutError`` raised inside it) and its negotiation ends as an error."""
    chosen = {p: _check_strategy(v, p) for p, v in (strategies or {}).items()}
    text, record = _native.run_talks(
        _scenario(scenario)._native,
        chosen,
        protocol=protocol,
        mediator=mediator,
        rounds=rounds,
        seed=seed,
        relax=list(relax),
        move_seconds=agent_move_seconds,
        negotiation_seconds=agent_negotiation_seconds,
    )
    result = Talks(json.loads(text))
    result.record = [json.loads(line) for line in record.splitlines() if line]
    return result


def tournament(
    scenarios: Sequence[Union[Scenario, str]],
    strategies: Sequence[Union[str, type]],
    repetitions: int = 3,
    rounds: Optional[int] = None,
    seed: int = 1,
    self_play: bool = False,
    protocol: str = "saop",
    relax: Iterable[str] = (),
    db: Optional[str] = None,
    resume: bool = False,
    agent_move_seconds: float = 10.0,
    agent_negotiation_seconds: float = 120.0,
) -> List[Dict[str, Any]]:
    """Every assignment of ``strategies`` to the parties of each scenario, ``repetitions``
    times, in parallel; the rows (``pactum.tournament_row``) in match order. A strategy is a
    spec string or a :class:`Strategy` subclass (or a callable returning a fresh one): each
    negotiation gets its own instance. With ``db``, the rows are stored in that SQLite file
    (``resume=True`` continues a run of the same plan), as ``pactum tournament --db``. The
    agent budgets bound outside agents and Python strategies, as in :func:`talks`."""
    specs: List[str] = []
    classes: Dict[str, Any] = {}
    for s in strategies:
        if isinstance(s, str):
            specs.append(s)
            continue
        if isinstance(s, Strategy):
            raise TypeError(
                f"{s!r} is an instance; a tournament needs a fresh strategy per negotiation: pass its class (or a function that makes one)"
            )
        _check_strategy(s, "a tournament")
        name = getattr(s, "name", None) or getattr(s, "__name__", "python")
        if not isinstance(name, str):
            name = getattr(s, "__name__", "python")
        base, k = name, 2
        while name in classes:
            name, k = f"{base}#{k}", k + 1
        classes[name] = s
        specs.append(f"python:{name}")
    text = _native.run_tournament(
        [_scenario(s)._native for s in scenarios],
        specs,
        classes,
        repetitions=repetitions,
        rounds=rounds,
        seed=seed,
        self_play=self_play,
        protocol=protocol,
        relax=list(relax),
        db=db,
        resume=resume,
        move_seconds=agent_move_seconds,
        negotiation_seconds=agent_negotiation_seconds,
    )
    return [json.loads(line) for line in text.splitlines() if line]
