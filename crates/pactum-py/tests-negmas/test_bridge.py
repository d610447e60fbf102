"""pactum.negmas against a real NegMAS (negmas==0.16.0 from PyPI, in the throw-away venv of
crates/pactum/tests/python_package.rs): the drop-ins return exactly what NegMAS returns, the
scenarios convert both ways, and the negotiators play in each other's engines."""

import glob
import os
import random

import negmas
import pytest
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.ops import kalai_points, ks_points, max_welfare_points, nash_points, pareto_frontier
from negmas.sao import AspirationNegotiator, MiCRONegotiator, NaiveTitForTatNegotiator, SAOMechanism

import pactum
import pactum.negmas as pn
from paths import shared

assert negmas.__version__ == "0.16.0", negmas.__version__


def reference_scenarios():
    folder = shared("reference/negmas-0.16")
    return [negmas.Scenario.load(d) for d in sorted(glob.glob(str(folder / "*"))) if os.path.isdir(d)]


def test_the_drop_ins_return_what_negmas_returns_on_every_reference_scenario():
    scenarios = reference_scenarios()
    assert len(scenarios) >= 14
    for s in scenarios:
        ufuns, issues, space = s.ufuns, s.outcome_space.issues, s.outcome_space
        theirs = pareto_frontier(ufuns, issues=issues)
        ours = pn.pareto_frontier(ufuns, issues=issues)
        assert ours == theirs
        assert [type(i) for i in ours[1]] == [type(i) for i in theirs[1]]
        frontier = theirs[0]
        for name, f, g in [("nash", nash_points, pn.nash_points), ("kalai", kalai_points, pn.kalai_points),
                           ("ks", ks_points, pn.ks_points), ("welfare", max_welfare_points, pn.max_welfare_points)]:
            assert g(ufuns, frontier, outcome_space=space) == f(ufuns, frontier, outcome_space=space), name
        if len(list(space.enumerate_or_sample(max_cardinality=200_000))) < 200_000:
            # Unsorted too (NegMAS takes 10 s a run on the 10^6-outcome ones: those only once).
            assert pn.pareto_frontier(ufuns, issues=issues, sort_by_welfare=False) == pareto_frontier(ufuns, issues=issues, sort_by_welfare=False)


def test_ties_repeats_and_an_affine_bias_follow_negmas_conventions():
    rng = random.Random(3)
    issues = [negmas.make_issue([f"v{k}" for k in range(4)], f"i{j}") for j in range(4)]
    for trial in range(20):
        ufuns = []
        for p in range(rng.choice([2, 3])):
            # Coarse tables: many outcomes with equal utilities and equal welfare.
            weights = [rng.choice([0.25, 0.5, 1.0]) for _ in issues]
            values = [{f"v{k}": rng.choice([0.0, 0.5, 1.0]) for k in range(4)} for _ in issues]
            ufuns.append(LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues,
                                                       reserved_value=rng.choice([None, 0.0, 0.5]),
                                                       bias=rng.choice([0.0, 0.1])))
        assert pn.pareto_frontier(ufuns, issues=issues) == pareto_frontier(ufuns, issues=issues), trial
        outcomes = list(negmas.outcomes.enumerate_issues(issues))[::3]
        assert pn.pareto_frontier(ufuns, outcomes=outcomes) == pareto_frontier(ufuns, outcomes=outcomes), trial


def test_scenarios_convert_both_ways_with_the_same_utilities():
    s = reference_scenarios()[1]
    p = pn.from_negmas(s, id="reference")
    analysis = pactum.analyze(p)
    theirs = pareto_frontier(s.ufuns, issues=s.outcome_space.issues)
    assert analysis["pareto_size"] == len(theirs[0])
    assert sorted(tuple(d["utilities"][q] for q in analysis["parties"]) for d in analysis["pareto"]) == sorted(theirs[0])
    back = pn.to_negmas(p)
    assert pareto_frontier(back.ufuns, issues=back.outcome_space.issues) == theirs
    # A bundled scenario goes to NegMAS too, red lines as -inf.
    flagship = pn.to_negmas("abu-dhabi-trilateral")
    assert len(flagship.ufuns) == 2
    assert any(u == float("-inf") for u in flagship.ufuns[0].mapping.values())


def test_a_pactum_strategy_plays_in_a_negmas_mechanism():
    s = reference_scenarios()[1]
    results = []
    for _ in range(2):
        m = SAOMechanism(outcome_space=s.outcome_space, n_steps=60)
        m.add(pn.PactumNegotiator("boulware"), ufun=s.ufuns[0])
        m.add(AspirationNegotiator(), ufun=s.ufuns[1])
        state = m.run()
        results.append((state.agreement, state.step))
    assert results[0] == results[1], "deterministic on both sides"
    assert results[0][0] is not None
    first = m.extended_trace[0]
    assert s.ufuns[0](first[2]) == max(s.ufuns[0](o) for o in s.outcome_space.enumerate()), "boulware opens with its best"


@pytest.mark.parametrize("negotiator", [AspirationNegotiator, NaiveTitForTatNegotiator, MiCRONegotiator])
def test_negmas_negotiators_play_in_pactum_talks_and_tournaments(negotiator):
    p = pn.from_negmas(reference_scenarios()[0], id="reference")
    a, b = p.negotiators
    t = pactum.talks(p, protocol="saop", rounds=40, strategies={a: pn.NegmasStrategy(negotiator), b: "boulware"})
    assert "failed" not in (t.get("breakdown") or {}).get("reason", ""), t["breakdown"]
    rows = pactum.tournament([p], [pn.negmas_strategy(negotiator), "boulware", "conceder"], repetitions=1, rounds=40)
    assert len(rows) == 6
    assert not any(r.get("error") for r in rows), [r.get("error") for r in rows]
    assert any(f"negmas:{negotiator.__name__}" in v for r in rows for v in r["strategies"].values())


def test_results_in_negmas_layout_load_as_negmas_writes_its_own(tmp_path):
    """`pactum report RESULTS --negmas DIR` writes files whose columns are NegMAS's own (a real
    `cartesian_tournament` run beside them gives the reference headers), in its order, that pandas
    reads with the same types, and whose scores are NegMAS's final score of those rows."""
    import ast
    import subprocess

    import pandas as pd
    from negmas.sao.negotiators import BoulwareTBNegotiator, ConcederTBNegotiator
    from negmas.tournaments.neg.simple.cartesian import cartesian_tournament

    folder = shared("reference/negmas-0.16/la_p2_i3_v10_s42")
    theirs = tmp_path / "negmas"
    cartesian_tournament(
        competitors=[BoulwareTBNegotiator, ConcederTBNegotiator],
        scenarios=[negmas.Scenario.from_genius_folder(str(folder), ignore_discount=True)],
        n_repetitions=1, n_steps=20, self_play=True, njobs=-1, verbosity=0,
        path=theirs, storage_optimization="speed", save_scenario_figs=False)
    binary = os.environ.get("PACTUM_BIN")
    db, ours = tmp_path / "results.sqlite", tmp_path / "pactum"
    subprocess.run([binary, "tournament", str(folder), "--strategies", "boulware,conceder,boa:model=smith",
                    "--self-play", "--repetitions", "2", "--rounds", "20", "--db", str(db)],
                   check=True, capture_output=True)
    subprocess.run([binary, "report", str(db), "--negmas", str(ours)], check=True, capture_output=True)
    for name in ["scores.csv", "all_scores.csv", "details.csv"]:
        mine = pd.read_csv(ours / name)
        reference = pd.read_csv(theirs / name)
        columns = list(reference.columns)
        assert set(mine.columns) <= set(columns), set(mine.columns) - set(columns)
        order = [columns.index(c) for c in mine.columns]
        assert order == sorted(order), f"{name}: columns out of NegMAS's order"
        for c in mine.columns:
            a, b = mine[c].dropna(), reference[c].dropna()
            if len(a) and len(b):
                numeric = pd.api.types.is_numeric_dtype
                assert numeric(a) == numeric(b) or pd.api.types.is_bool_dtype(b), (name, c, a.dtype, b.dtype)
    scores = pd.read_csv(ours / "scores.csv")
    every = pd.read_csv(ours / "all_scores.csv")
    # NegMAS's final score: the mean advantage of each strategy, best first.
    means = every.groupby("strategy")["advantage"].mean().sort_values(ascending=False)
    assert list(scores["strategy"]) == list(means.index)
    assert all(abs(scores["score"] - means.values) < 1e-12)
    details = pd.read_csv(ours / "details.csv")
    assert len(every) == 2 * len(details)
    for text in details["agreement"].dropna():
        assert isinstance(ast.literal_eval(text), tuple)
    for text in details["utilities"]:
        assert len(ast.literal_eval(text)) == 2


STEPS = 20


def two_party_references():
    """The first four reference scenarios with two parties, each with its first party's fallback
    raised above what the second party's best gives it, so that an agent facing a partner that
    never gives way does not accept early and its whole run is compared."""
    out = []
    for s in reference_scenarios()[:4]:
        if len(s.ufuns) != 2:
            continue
        partners_best = max(s.outcome_space.enumerate_or_sample(), key=s.ufuns[1])
        s.ufuns[0].reserved_value = max(s.ufuns[0].reserved_value, s.ufuns[0](partners_best) + 1e-3)
        out.append(s)
    return out


def negmas_offers(s, agent, partner):
    """The utilities, to the first party, of `agent`'s offers in NegMAS against `partner`."""
    from negmas.sao import SAOMechanism

    m = SAOMechanism(outcome_space=s.outcome_space, n_steps=STEPS)
    m.add(agent, ufun=s.ufuns[0])
    m.add(partner, ufun=s.ufuns[1])
    m.run()
    return [s.ufuns[0](x[2]) for x in m.extended_trace if x[1] == agent.id]


def pactum_offers(s, strategy, partner):
    """The same in pactum: the first party plays `strategy`, the second `partner`."""
    p = pn.from_negmas(s, id="reference")
    a, b = p.negotiators
    t = pactum.talks(p, protocol="saop", rounds=STEPS, strategies={a: strategy, b: partner})
    return [s.ufuns[0](tuple(v for _, v in ev["text"])) for ev in t.record
            if ev["event"] == "proposal" and ev["from"] == a]


@pytest.mark.parametrize("name", ["CAB", "CAR", "CAN", "WAB", "WAR", "WAN"])
def test_the_cab_and_wab_families_make_the_offers_negmas_makes(name):
    """pactum's cab/car/can/wab/war/wan against NegMAS's negotiators of those names, each against
    a partner that never gives way, on the same reference scenarios and deadline: the same 20
    offers (by their utility to the party), the whole concession (or the whole waste, then the
    concession)."""
    import negmas.sao as sao
    from negmas.sao import ToughNegotiator

    compared = 0
    for s in two_party_references():
        theirs = negmas_offers(s, getattr(sao, f"{name}Negotiator")(name="a"), ToughNegotiator(name="b"))
        ours = pactum_offers(s, name.lower(), "hardliner")
        assert len(ours) == len(theirs) == STEPS, (len(ours), len(theirs))
        assert ours == pytest.approx(theirs, abs=1e-9), (ours, theirs)
        compared += len(ours)
    assert compared >= 60, compared


@pytest.mark.parametrize("partner", ["wall", "conceder"])
def test_hybrid_makes_the_offers_negmas_hybrid_makes(partner):
    """pactum's hybrid against NegMAS's HybridNegotiator, on the same reference scenarios and
    deadline, against one scripted partner in both engines (a Python negotiator in NegMAS, a
    Python strategy in pactum): one that repeats its best offer (the time-based part alone), and
    one that walks down its own ranking (the behaviour-based part answers its concessions). The
    partner's offers stay below the hybrid's fallback, so the whole run is compared: the same
    offers, by their utility to the party, to 1e-9."""
    from negmas.sao import HybridNegotiator, ResponseType, SAONegotiator

    compared = 0
    for s in two_party_references():
        # The partner's offers: its outcomes down its own ranking, each worth less to it, all
        # below the hybrid's fallback so that the hybrid never accepts.
        ranked = sorted(s.outcome_space.enumerate_or_sample(), key=lambda o: -s.ufuns[1](o))
        script = [o for o in ranked if s.ufuns[0](o) < s.ufuns[0].reserved_value][:STEPS]
        if partner == "wall":
            script = [script[0]] * STEPS
        names = [i.name for i in s.outcome_space.issues]

        class Scripted(SAONegotiator):
            k = 0

            def propose(self, state, dest=None):
                self.k += 1
                return script[min(self.k - 1, len(script) - 1)]

            def respond(self, state, source=None):
                return ResponseType.REJECT_OFFER

        class PactumScripted(pactum.Strategy):
            k = 0

            def propose(self, view):
                self.k += 1
                return dict(zip(names, script[min(self.k - 1, len(script) - 1)]))

            def respond(self, view, offer):
                return False

        theirs = negmas_offers(s, HybridNegotiator(name="a"), Scripted(name="b"))
        ours = pactum_offers(s, "hybrid", PactumScripted)
        assert len(ours) == len(theirs), (len(ours), len(theirs))
        assert ours == pytest.approx(theirs, abs=1e-9), (ours, theirs)
        compared += len(ours)
    assert compared >= 40, compared


def test_micro_concedes_when_negmas_micro_does():
    """pactum's micro against NegMAS's MiCRONegotiator, against a partner that never gives way:
    when not conceding, de Jonge's MiCRO repeats one of its earlier offers at random (NegMAS's
    draw) where pactum's repeats its last, so the sequences differ but the outcomes offered, and
    so the moments of concession, are the same (docs/strategies.md)."""
    from negmas.sao import ToughNegotiator

    for s in two_party_references():
        theirs = negmas_offers(s, MiCRONegotiator(name="a"), ToughNegotiator(name="b"))
        ours = pactum_offers(s, "micro", "hardliner")
        assert len(ours) == len(theirs) == STEPS
        assert sorted(set(round(u, 9) for u in ours)) == sorted(set(round(u, 9) for u in theirs))


@pytest.mark.parametrize("e", [4.0, 1.0, 0.25])
def test_aspiration_makes_the_offers_negmas_makes(e):
    """pactum's `aspiration` against NegMAS's AspirationNegotiator, each against a partner that
    never gives way, on the same reference scenarios and deadline: the same sequence of offers
    (by their utility to the aspiring party; ties between outcomes of equal utility may be broken
    differently, as NegMAS's argsort is not stable)."""
    from negmas.sao import SAOMechanism, ToughNegotiator

    compared = 0
    for s in reference_scenarios()[:4]:
        if len(s.ufuns) != 2:
            continue
        steps = 20
        m = SAOMechanism(outcome_space=s.outcome_space, n_steps=steps)
        aspiring = AspirationNegotiator(aspiration_type=e, name="a")
        m.add(aspiring, ufun=s.ufuns[0])
        m.add(ToughNegotiator(name="b"), ufun=s.ufuns[1])
        m.run()
        theirs = [s.ufuns[0](o) for (_, who, o) in [(x[0], x[1], x[2]) for x in m.extended_trace] if who == aspiring.id]
        p = pn.from_negmas(s, id="reference")
        a, b = p.negotiators
        t = pactum.talks(p, protocol="saop", rounds=steps, strategies={a: f"aspiration:e={e}", b: "hardliner"})
        ours = [s.ufuns[0](tuple(v for _, v in ev["text"])) for ev in t.record
                if ev["event"] == "proposal" and ev["from"] == a]
        # Both end at the same offer (the partner takes the first offer that is its best).
        assert len(ours) == len(theirs), (len(ours), len(theirs))
        assert ours == pytest.approx(theirs, abs=1e-9), (ours, theirs)
        compared += len(ours)
    assert compared >= 10, compared
