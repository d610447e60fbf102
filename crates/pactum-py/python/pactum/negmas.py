"""A two-way bridge to NegMAS (tested against ``negmas==0.16.0``, which pactum never depends
on: install NegMAS yourself to use this module).

- :func:`from_negmas` and :func:`to_negmas` convert scenarios (outcome space and utility
  functions) between the two;
- :func:`pareto_frontier`, :func:`nash_points`, :func:`kalai_points`, :func:`ks_points` and
  :func:`max_welfare_points` take NegMAS objects and return exactly what NegMAS's functions of
  the same names return, computed by pactum: utilities of every outcome of an additive space in
  Rust (summed in NegMAS's order from NegMAS's own per-issue terms, so bit for bit the same),
  the frontier by pactum's exact skyline, and NegMAS's ordering of it reproduced;
- :class:`PactumNegotiator` plays a pactum strategy as a NegMAS ``SAONegotiator`` in a NegMAS
  mechanism; :class:`NegmasStrategy` plays a NegMAS ``SAONegotiator`` as a pactum strategy.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import Scenario, Strategy, _native, loads

__all__ = [
    "from_negmas",
    "to_negmas",
    "utility_points",
    "pareto_frontier",
    "nash_points",
    "kalai_points",
    "ks_points",
    "max_welfare_points",
    "PactumNegotiator",
    "NegmasStrategy",
    "negmas_strategy",
]


# --- utilities of every outcome --------------------------------------------------------


def _additive_terms(ufun, issues) -> Optional[Tuple[List[List[float]], float, bool]]:
    """NegMAS's own per-issue terms ``w * v(x)`` of an additive ufun, its bias and where the
    bias is added; ``None`` for a ufun this fast path does not cover."""
    from negmas.preferences import AffineUtilityFunction, LinearAdditiveUtilityFunction

    if getattr(ufun, "_constraints", None) or getattr(ufun, "_invalid_value", None) is not None:
        return None
    values = [list(i.all) for i in issues]
    if type(ufun) is LinearAdditiveUtilityFunction:
        terms = []
        for w, fun, vs in zip(ufun.weights, ufun.values, values):
            column = []
            for v in vs:
                x = fun(v)
                if x is None:
                    return None
                column.append(float(w * x))
            terms.append(column)
        return terms, float(ufun._bias), False
    if isinstance(ufun, AffineUtilityFunction):
        try:
            terms = [[float(w * v) for v in vs] for w, vs in zip(ufun._weights, values)]
        except TypeError:
            return None
        return terms, float(ufun._bias), True
    return None


def _finite_issues(ufuns, issues=None, outcome_space=None):
    if issues is None and outcome_space is not None:
        issues = outcome_space.issues
    if issues is None:
        issues = ufuns[0].outcome_space.issues
    issues = tuple(issues)
    if not all(i.is_finite() for i in issues):
        return None
    return issues


def _utility_bytes(ufuns, issues):
    """`utility_points` as raw little-endian bytes when pactum computes them (no copy), else as
    an array."""
    terms = [_additive_terms(u, issues) for u in ufuns]
    if all(t is not None for t in terms):
        return _native.additive_points([t[0] for t in terms], [t[1] for t in terms], [t[2] for t in terms])
    return utility_points(ufuns, issues)


def utility_points(ufuns, issues=None, outcome_space=None) -> np.ndarray:
    """Every outcome's utility for each ufun: an array (outcomes × ufuns), outcomes in NegMAS's
    enumeration order (``itertools.product`` of the issues' values). Additive ufuns are computed
    by pactum; any other is evaluated outcome by outcome, as NegMAS does."""
    ufuns = tuple(ufuns)
    issues = _finite_issues(ufuns, issues, outcome_space)
    if issues is None:
        raise ValueError("the outcome space has a continuous issue; discretise it first")
    terms = [_additive_terms(u, issues) for u in ufuns]
    if all(t is not None for t in terms):
        raw = _native.additive_points([t[0] for t in terms], [t[1] for t in terms], [t[2] for t in terms])
        return np.frombuffer(raw, dtype="<f8").reshape(-1, len(ufuns))
    outcomes = itertools.product(*(list(i.all) for i in issues))
    return np.asarray([[float(u(o)) for u in ufuns] for o in outcomes], dtype=float).reshape(-1, len(ufuns))


def _frontier_order(points: np.ndarray, rational: np.ndarray, groups: List[List[int]], sort_by_welfare: bool) -> np.ndarray:
    """The frontier as NegMAS's `pareto_frontier_numpy` orders it, as positions among the
    `rational` rows of `points`: NegMAS walks the rational points by welfare descending (numpy's
    argsort, reversed), keeps the first of repeated vectors, and lists the survivors by welfare
    descending again."""
    if sort_by_welfare and all(len(g) == 1 for g in groups):
        firsts = np.asarray([g[0] for g in groups], dtype=np.int64)
        welfare = points[rational[firsts]].sum(1)
        if len(np.unique(welfare)) == len(firsts):
            # No repeated vector and no tie in welfare: the order is welfare descending, whatever
            # the presort did, so neither the rational points' copy nor their argsort (a third
            # of the time on 10^6 outcomes) is needed.
            return firsts[np.argsort(-welfare, kind="stable")]
    points = points[rational]
    welfare = points.sum(1)
    presorted = welfare.argsort()[::-1]
    position = np.empty(len(points), dtype=np.int64)
    position[presorted] = np.arange(len(points))
    firsts = np.asarray(sorted(min(position[g]) for g in groups), dtype=np.int64)
    if sort_by_welfare and len(firsts):
        firsts = firsts[points[presorted[firsts]].sum(1).argsort()[::-1]]
    return presorted[firsts]


def _fused_frontier(terms, reserved, sort_by_welfare):
    """The frontier of an additive space from pactum's one-pass kernel, which never holds the
    space's utilities: when no two frontier points share a utility vector or a welfare, NegMAS's
    order is welfare descending whatever its presort did, and this is its answer. Otherwise
    ``None``: NegMAS's tie order needs every rational point's welfare argsort, so the caller
    takes the path that has them."""
    groups, vectors = _native.additive_frontier(
        [t[0] for t in terms], [t[1] for t in terms], [t[2] for t in terms], reserved
    )
    if not groups:
        return ((), ())
    if not sort_by_welfare or any(len(g) != 1 for g in groups):
        return None
    points = np.frombuffer(vectors, dtype="<f8").reshape(-1, len(terms))
    welfare = points.sum(1)
    if len(np.unique(welfare)) != len(groups):
        return None
    order = np.argsort(-welfare, kind="stable")
    chosen = np.asarray([g[0] for g in groups], dtype=np.int64)[order]
    return tuple(map(tuple, points[order])), tuple(chosen)


def pareto_frontier(
    ufuns,
    outcomes=None,
    issues=None,
    n_discretization=None,
    max_cardinality=float("inf"),
    sort_by_welfare=True,
    eps: float = 1e-12,
):
    """NegMAS's ``pareto_frontier``: ``(utilities at each frontier point, their indices among the
    outcomes)``, the same tuples in the same order, computed by pactum."""
    ufuns = tuple(ufuns)
    if outcomes is not None:
        outcomes = tuple(outcomes)
        points = np.asarray([[float(u(o)) for u in ufuns] for o in outcomes], dtype=float).reshape(-1, len(ufuns))
    else:
        if issues is None:
            try:
                issues = ufuns[0].outcome_space.issues
            except Exception:
                return ((), ())
        finite = _finite_issues(ufuns, issues)
        n = math.prod(i.cardinality for i in finite) if finite is not None else None
        if finite is None or (n is not None and n > max_cardinality):
            # Continuous issues or a sampled space: NegMAS's own enumeration decides the points.
            from negmas.preferences.ops import pareto_frontier as theirs

            return theirs(ufuns, outcomes, issues, n_discretization, max_cardinality, sort_by_welfare, eps)
    # NegMAS reads a ufun's reserved value as a float, so `None` becomes NaN and no outcome is
    # rational for that ufun (its `is not None` tests the ufun); the drop-in does the same.
    reserved = [float("nan") if u.reserved_value is None else float(u.reserved_value) for u in ufuns]
    if outcomes is None:
        terms = [_additive_terms(u, finite) for u in ufuns]
        if all(t is not None for t in terms):
            fused = _fused_frontier(terms, reserved, sort_by_welfare)
            if fused is not None:
                return fused
        points = _utility_bytes(ufuns, finite)
    if len(points) == 0:
        return ((), ())
    # Outcomes with a non-finite utility are skipped, as NegMAS skips them; then the rational ones.
    raw = points if isinstance(points, bytes) else np.ascontiguousarray(points, dtype="<f8").tobytes()
    rows = _native.rational_rows(raw, reserved)
    rational = np.frombuffer(rows, dtype="<u8")
    if len(rational) == 0:
        return ((), ())
    groups = _native.exact_frontier(raw, len(ufuns), rows)
    everything = np.frombuffer(raw, dtype="<f8").reshape(-1, len(ufuns))
    chosen = rational[_frontier_order(everything, rational, groups, sort_by_welfare)].astype(np.int64)
    # NegMAS returns numpy scalars: so does its replacement.
    return tuple(map(tuple, everything[chosen])), tuple(chosen)


# --- bargaining points on a frontier ---------------------------------------------------


def _additive_range(terms):
    """(min, max) of an additive ufun from its terms: the utilities of the outcome of each
    issue's worst and of each issue's best value, summed in NegMAS's order, so exactly the
    extreme utilities enumeration would find."""
    columns, bias, bias_last = terms
    out = []
    for pick in (min, max):
        acc = 0.0 if bias_last else bias
        for column in columns:
            acc += pick(column)
        out.append(bias + acc if bias_last else acc)
    return tuple(out)


def _ranges(ufuns, ranges, outcome_space, issues, outcomes):
    if ranges:
        return [tuple(r) for r in ranges]
    if outcomes is None:
        finite = _finite_issues(ufuns, issues, outcome_space)
        terms = [_additive_terms(u, finite) for u in ufuns] if finite is not None else [None]
        if all(t is not None for t in terms):
            return [_additive_range(t) for t in terms]
    if outcomes is not None:
        points = np.asarray([[float(u(o)) for u in ufuns] for o in outcomes], dtype=float)
    else:
        finite = _finite_issues(ufuns, issues, outcome_space)
        if finite is None:
            return [u.minmax(outcome_space, above_reserve=False) for u in ufuns]
        points = utility_points(ufuns, finite)
    return [(float(lo), float(hi)) for lo, hi in zip(points.min(0), points.max(0))]


def _reserved(ufuns, n):
    rs = tuple(u.reserved_value for u in ufuns) if ufuns else tuple(0 for _ in range(n))
    return tuple(float(r) if r is not None else float("-inf") for r in rs)


def _anchored(ranges, rs):
    """Each range's lower end raised to the reserved value where that is finite and inside."""
    out = list(ranges)
    for i, (r, rng) in enumerate(zip(rs, ranges)):
        if any(x is None or not math.isfinite(x) for x in rng):
            raise ValueError(f"Cannot find the range for ufun {i}: {rng}")
        if r is None or r < rng[0] or not math.isfinite(r):
            continue
        out[i] = (r, rng[1])
    return out


def _prepared(ufuns, frontier, ranges, outcome_space, issues, outcomes, eps):
    """What the Nash, Kalai and KS points share: the ranges with their lower ends raised to the
    reserved values, the reserved values, and NegMAS's answer when a range is too narrow to
    tell points apart (every point)."""
    rs = _reserved(ufuns, len(frontier[0]))
    ranges = _anchored(_ranges(ufuns, ranges, outcome_space, issues, outcomes), rs)
    if any((hi - lo) <= eps for lo, hi in ranges):
        return ranges, rs, tuple(zip(frontier, range(len(frontier))))
    return ranges, rs, None


def _best(values, frontier, eps, largest=True):
    if not frontier:
        return tuple()
    finite = [v for v in values if (v > float("-inf") if largest else v < float("inf"))]
    if not finite:
        return tuple()
    optimum = max(values) if largest else min(values)
    return tuple(
        (point, k)
        for k, (value, point) in enumerate(zip(values, frontier))
        if (value >= optimum - eps if largest else value <= optimum + eps)
    )


def nash_points(ufuns, frontier, ranges=None, outcome_space=None, issues=None, outcomes=None, eps=1e-12):
    """NegMAS's ``nash_points``: every frontier point within ``eps`` of the largest product of
    gains over the disagreement point, with its index in ``frontier``."""
    if not frontier:
        return tuple()
    ranges, rs, everything = _prepared(ufuns, frontier, ranges, outcome_space, issues, outcomes, eps)
    if everything is not None:
        return everything
    values = []
    for point in frontier:
        v = 1.0
        for u, (r, _) in zip(point, ranges):
            v *= float(u) - r
        values.append(v)
    return _best(values, frontier, eps)


def kalai_points(ufuns, frontier, ranges=None, outcome_space=None, issues=None, outcomes=None, eps=1e-12, subtract_reserved_value=True):
    """NegMAS's ``kalai_points`` (the egalitarian point): the largest smallest gain."""
    if not frontier:
        return tuple()
    ranges, rs, everything = _prepared(ufuns, frontier, ranges, outcome_space, issues, outcomes, eps)
    if everything is not None:
        return everything
    values = []
    for point in frontier:
        if any(u < r for u, r in zip(point, rs)):
            values.append(float("-inf"))
        elif subtract_reserved_value:
            values.append(min(float(u) - r for u, (r, _) in zip(point, ranges)))
        else:
            values.append(min(float(u) for u in point))
    return _best(values, frontier, eps)


def ks_points(ufuns, frontier, ranges=None, outcome_space=None, issues=None, outcomes=None, eps=1e-12, subtract_reserved_value=True, exponent=float("inf")):
    """NegMAS's ``ks_points``: the smallest spread of the parties' gains relative to their best."""
    if not frontier:
        return tuple()
    ranges, rs, everything = _prepared(ufuns, frontier, ranges, outcome_space, issues, outcomes, eps)
    if everything is not None:
        return everything
    values = []
    for point in frontier:
        if any(u < r for u, r in zip(point, rs)):
            values.append(float("inf"))
            continue
        if subtract_reserved_value:
            gains = [((float(u) - r) / (x - r)) if (x - r) else (float(u) - r) for u, (r, x) in zip(point, ranges)]
        else:
            gains = [(float(u) / x) if x else float(u) for u, (_, x) in zip(point, ranges)]
        values.append(max(gains) - min(gains))
    return _best(values, frontier, eps, largest=False)


def max_welfare_points(ufuns, frontier, ranges=None, outcome_space=None, issues=None, outcomes=None, eps=1e-12):
    """NegMAS's ``max_welfare_points``: the largest sum of utilities."""
    if not frontier:
        return tuple()
    ranges = _ranges(ufuns, ranges, outcome_space, issues, outcomes)
    for i, rng in enumerate(ranges):
        if any(x is None or not math.isfinite(x) for x in rng):
            raise ValueError(f"Cannot find the range for ufun {i}: {rng}")
    if any((hi - lo) <= eps for lo, hi in ranges):
        return tuple(zip(frontier, range(len(frontier))))
    values = [sum(float(u) for u in point) for point in frontier]
    return _best(values, frontier, eps)


# --- scenarios both ways ---------------------------------------------------------------


def _toml_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def from_negmas(scenario=None, *, outcome_space=None, ufuns=None, names: Optional[Sequence[str]] = None, id: str = "negmas") -> Scenario:
    """A pactum scenario from a NegMAS ``Scenario`` (or an outcome space and ufuns): finite issues,
    one party per ufun (``names``, else the ufuns' names), each additive ufun's terms as a value
    table with its weight as written and its reserved value as the fallback. Utilities are the
    same floats NegMAS computes. Other ufuns are refused with the reason."""
    if scenario is not None:
        outcome_space, ufuns = scenario.outcome_space, scenario.ufuns
    issues = tuple(outcome_space.issues)
    if not all(i.is_finite() for i in issues):
        raise ValueError("pactum's issues are finite: discretise the continuous issues first")
    values = [list(i.all) for i in issues]
    lines = ["[scenario]", f"id = {_toml_string(id)}", f"title = {_toml_string('From NegMAS: ' + id)}", ""]
    for issue, vs in zip(issues, values):
        lines += ["[[issues]]", f"id = {_toml_string(issue.name)}",
                  "options = [" + ", ".join(_toml_string(str(v)) for v in vs) + "]", ""]
    names = list(names) if names else [getattr(u, "name", None) or f"party{k}" for k, u in enumerate(ufuns)]
    for k, (name, ufun) in enumerate(zip(names, ufuns)):
        terms = _additive_terms(ufun, issues)
        if terms is None:
            raise TypeError(f"ufun {k} ({type(ufun).__name__}) is not additive over the issues; pactum.negmas converts LinearAdditive and Affine ufuns")
        columns, bias, _ = terms
        if bias != 0.0:
            raise ValueError(f"ufun {k} has a constant term ({bias}), which a pactum scenario cannot state")
        r = ufun.reserved_value
        lines += ["[[parties]]", f"id = {_toml_string(name)}", 'weights = "as_written"']
        if r is not None and math.isfinite(r):
            lines.append(f"fallback = {{ utility = {float(r)!r} }}")
        lines.append("")
        for issue, column, vs in zip(issues, columns, values):
            # The term w·v(x) is stored whole, with weight 1: the same float NegMAS adds.
            table = ", ".join(f"{_toml_string(str(v))} = {c!r}" for v, c in zip(vs, column))
            lines += ["[[parties.preferences]]", f"issue = {_toml_string(issue.name)}", "weight = 1",
                      f"values = {{ {table} }}", ""]
    return loads("\n".join(lines), name=f"{id}.toml")


def to_negmas(scenario, parties: Optional[Sequence[str]] = None):
    """A NegMAS ``Scenario`` of a pactum scenario: its issues as categorical issues of value ids
    (numbers for numeric issues), and each negotiating party's utility of every outcome, as
    pactum computes it, in a ``MappingUtilityFunction`` with its fallback as the reserved value.
    An outcome across a party's red lines is worth ``-inf`` to it, which NegMAS's frontier and
    mechanisms treat as unacceptable."""
    from negmas import make_issue, make_os
    from negmas.inout import Scenario as NegmasScenario
    from negmas.preferences import MappingUtilityFunction

    s = scenario if isinstance(scenario, Scenario) else __import__("pactum").load(scenario)
    doc = s.document()
    issues = []
    for i in doc["issues"]:
        if i["kind"] == "options":
            issues.append(make_issue([o["id"] for o in i["options"]], name=i["id"]))
        else:
            issues.append(make_issue([v for v in _numeric_values(i)], name=i["id"]))
    os = make_os(issues)
    outcomes = list(itertools.product(*(list(i.all) for i in issues)))
    ufuns = []
    for party in parties or s.negotiators:
        table, fallback = _native.utilities(s._native, party)
        u = np.frombuffer(table, dtype="<f8")
        ufuns.append(MappingUtilityFunction(dict(zip(outcomes, u.tolist())), outcome_space=os, reserved_value=fallback, name=party))
    return NegmasScenario(outcome_space=os, ufuns=tuple(ufuns))


def _numeric_values(issue):
    lo, hi, step = issue["min"], issue["max"], issue["step"]
    n = int(round((hi - lo) / step)) + 1
    out = [lo + k * step for k in range(n)]
    return [int(v) if float(v).is_integer() else v for v in out]


# --- negotiators both ways -------------------------------------------------------------

try:
    from negmas.sao import SAONegotiator as _SAONegotiator, ResponseType as _ResponseType
except ImportError:  # pragma: no cover - NegMAS absent: the adapters need it
    _SAONegotiator = object
    _ResponseType = None


class PactumNegotiator(_SAONegotiator):
    """A pactum strategy (``"boulware"``, ``"micro:…"``, any spec ``pactum strategies`` lists)
    as a NegMAS ``SAONegotiator``: join it to a NegMAS ``SAOMechanism`` with a ufun like any
    other negotiator. The strategy sees what pactum's strategies see: its own utility of every
    outcome, its reserved value as fallback, the offers made, and the relative time."""

    def __init__(self, strategy: str = "boulware", **kwargs):
        super().__init__(**kwargs)
        self.strategy = strategy
        self._player = None
        self._outcomes = None

    def _ready(self):
        if self._player is not None:
            return
        issues = self.nmi.outcome_space.issues
        self._outcomes = list(itertools.product(*(list(i.all) for i in issues)))
        self._index = {o: k for k, o in enumerate(self._outcomes)}
        utilities = [float(self.ufun(o)) for o in self._outcomes]
        r = self.ufun.reserved_value
        self._player = _native.Stepper(
            self.strategy, [i.cardinality for i in issues], utilities,
            float(r) if r is not None and math.isfinite(r) else 0.0,
        )

    def _time(self, state):
        return float(state.relative_time)

    def propose(self, state, dest=None):
        self._ready()
        k = self._player.propose(self._time(state))
        return None if k is None else self._outcomes[k]

    def respond(self, state, source=None):
        self._ready()
        offer = state.current_offer
        if offer is None or offer not in self._index:
            return _ResponseType.REJECT_OFFER
        k = self._index[offer]
        self._player.observe(k)
        return _ResponseType.ACCEPT_OFFER if self._player.accept(k, self._time(state)) else _ResponseType.REJECT_OFFER


class NegmasStrategy(Strategy):
    """A NegMAS ``SAONegotiator`` as a pactum strategy: ``NegmasStrategy(AspirationNegotiator)``
    (a class, or a function making a fresh negotiator) plays in :func:`pactum.talks` and
    :func:`pactum.tournament`. It negotiates in a NegMAS ``SAOMechanism`` of its own that
    mirrors pactum's talks: pactum's offers become its opponent's offers, its answers and
    offers go back to pactum, and its ufun is the party's own utilities."""

    def __init__(self, negotiator=None, **kwargs):
        self.factory = negotiator
        self.kwargs = kwargs
        cls = negotiator if isinstance(negotiator, type) else type(negotiator)
        self.name = f"negmas:{getattr(cls, '__name__', 'negotiator')}"
        self._negotiator = None

    def start(self, own):
        from negmas import make_issue, make_os
        from negmas.preferences import MappingUtilityFunction
        from negmas.sao import SAOMechanism

        self.own = own
        issues = [make_issue(list(values), name=id) for id, values in own.issues]
        self._os = make_os(issues)
        self._outcomes = list(itertools.product(*(list(i.all) for i in issues)))
        self._index = {o: k for k, o in enumerate(self._outcomes)}
        mapping = {o: (own.utility(k) if own.acceptable(k) else float("-inf")) for k, o in enumerate(self._outcomes)}
        self._ufun = MappingUtilityFunction(mapping, outcome_space=self._os, reserved_value=own.fallback)
        self._mechanism = None
        self._steps = None

    def _join(self, view):
        from negmas.sao import SAOMechanism

        if self._negotiator is not None:
            return
        self._mechanism = SAOMechanism(outcome_space=self._os, n_steps=view.deadline)
        made = self.factory(**self.kwargs) if callable(self.factory) else self.factory
        self._negotiator = made
        self._mechanism.add(made, ufun=self._ufun)
        # What NegMAS's mechanism does when it starts (preferences first, then the user
        # callback): the negotiator's components (opponent models, recommenders) set up here.
        made._on_negotiation_start(self._mechanism.state)

    def _state(self, view, offer=None):
        from negmas.sao import SAOState

        return SAOState(
            running=True,
            step=view.round - 1,
            relative_time=view.time,
            current_offer=offer,
            n_negotiators=2,
        )

    def propose(self, view):
        self._join(view)
        offer = self._negotiator.propose(self._state(view))
        if offer is None:
            return None
        return self._index[tuple(offer)]

    def respond(self, view, offer):
        self._join(view)
        outcome = self._outcomes[offer]
        answer = self._negotiator.respond(self._state(view, outcome), source=None)
        return answer == _ResponseType.ACCEPT_OFFER


def negmas_strategy(negotiator, **kwargs) -> type:
    """A pactum :class:`~pactum.Strategy` subclass playing NegMAS's ``negotiator`` class (with
    ``kwargs``): pass it to :func:`pactum.tournament`, which makes a fresh one per negotiation,
    or to :func:`pactum.talks`."""
    name = f"negmas:{negotiator.__name__}"

    def __init__(self):
        NegmasStrategy.__init__(self, negotiator, **kwargs)

    return type(f"Negmas{negotiator.__name__}", (NegmasStrategy,), {"__init__": __init__, "name": name})
