#!/usr/bin/env python3
"""Side by side, in one run: the Python package against NegMAS 0.16.0 on the same inputs.

1. The drop-ins: `pactum.negmas.pareto_frontier` and `nash_points` against NegMAS's own, on
   10^5- and 10^6-outcome scenarios (each result checked identical).
2. A strategy written in Python, playing stacked alternating offers in pactum against a
   built-in that accepts nothing (`random:p=0`), against the same strategy as a NegMAS
   `SAONegotiator` in NegMAS's `SAOMechanism` against one that accepts nothing: the cost of a
   round. And the bridge's cost per call (a strategy that returns at once).

NegMAS and the pactum wheel (built here with maturin, release) go into a throw-away venv.

    python3 bench/python_vs_negmas.py [--venv DIR] [--repeat 3]
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, generate, negmas_python, parser  # noqa: E402

INNER = r'''
import json, statistics, sys, time
import negmas, pactum, pactum.negmas as pn
from negmas.preferences.ops import pareto_frontier, nash_points
from negmas.sao import SAOMechanism, SAONegotiator, ResponseType, ToughNegotiator

repeat, folders = int(sys.argv[1]), sys.argv[2:]

def best(f):
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); times.append(time.perf_counter() - t)
    return statistics.median(times), out

report = {"dropins": [], "strategy": {}}
for folder in folders:
    s = negmas.Scenario.load(folder)
    ufuns, issues, os_ = s.ufuns, s.outcome_space.issues, s.outcome_space
    n = 1
    for i in issues:
        n *= i.cardinality
    t_n, theirs = best(lambda: pareto_frontier(ufuns, issues=issues))
    t_p, ours = best(lambda: pn.pareto_frontier(ufuns, issues=issues))
    assert ours == theirs, folder
    t_nn, nash_n = best(lambda: nash_points(ufuns, theirs[0], outcome_space=os_))
    t_np, nash_p = best(lambda: pn.nash_points(ufuns, theirs[0], outcome_space=os_))
    assert nash_n == nash_p, folder
    report["dropins"].append({"scenario": folder.rstrip("/").split("/")[-1], "parties": len(ufuns),
        "outcomes": n, "frontier": len(theirs[0]), "pareto_negmas": t_n, "pareto_pactum": t_p,
        "nash_negmas": t_nn, "nash_pactum": t_np})

# The strategy: time-dependent (e = 4) over the party's ranking, in both engines. Each engine
# runs SHORT and LONG rounds; the difference, divided by the extra rounds, is the cost of a round
# without the fixed costs (preparing the parties, writing and parsing pactum's record).
SHORT, LONG = 1000, 11000
s = negmas.Scenario.load(folders[0])
p = pn.from_negmas(s, id="bench")
me, other = p.negotiators

class PyBoulware(pactum.Strategy):
    def propose(self, view):
        own = view.own
        return own.at_least(own.best - (own.best - own.floor) * view.time ** 4)
    def respond(self, view, offer):
        # Measured, then refused, so that the talks run to the deadline in both engines.
        own = view.own
        return own.utility(offer) >= 2.0 + own.best - (own.best - own.floor) * view.time ** 4

class Instant(pactum.Strategy):
    def propose(self, view):
        return 0
    def respond(self, view, offer):
        return False

def per_round(run):
    short, _ = best(lambda: run(SHORT))
    long, _ = best(lambda: run(LONG))
    return (long - short) / (LONG - SHORT)

def pactum_run(strategy):
    # Through the tournament path (counts, no record), as researchers run many negotiations;
    # `pactum.talks` also writes and parses the whole record, about 85 µs a round here.
    # Two negotiations (each strategy in each role); halved below.
    def go(rounds):
        rows = pactum.tournament([p], [strategy, "random:p=0"], repetitions=1, rounds=rounds)
        assert len(rows) == 2 and not any(r["agreement"] or r.get("error") for r in rows), rows
    return go

t_py = per_round(pactum_run(PyBoulware)) / 2
t_rust = per_round(pactum_run("random:p=0")) / 2
t_instant = per_round(pactum_run(Instant)) / 2

class NegmasBoulware(SAONegotiator):
    def on_preferences_changed(self, changes):
        super().on_preferences_changed(changes)
        outcomes = list(self.nmi.outcome_space.enumerate_or_sample())
        self.ranked = sorted(((float(self.ufun(o)), o) for o in outcomes), key=lambda x: -x[0])
        r = self.ufun.reserved_value
        self.best, self.floor = self.ranked[0][0], max(r if r is not None else 0.0, self.ranked[-1][0])
    def target(self, state):
        return self.best - (self.best - self.floor) * state.relative_time ** 4
    def propose(self, state, dest=None):
        t = self.target(state)
        above = [o for u, o in self.ranked if u >= t]
        return above[-1] if above else self.ranked[0][1]
    def respond(self, state, source=None):
        o = state.current_offer
        return ResponseType.ACCEPT_OFFER if o is not None and float(self.ufun(o)) >= 2.0 + self.target(state) else ResponseType.REJECT_OFFER

class Refuser(SAONegotiator):
    """NegMAS's side of `random:p=0`: offers its best, accepts nothing."""
    def on_preferences_changed(self, changes):
        super().on_preferences_changed(changes)
        self.top = max(self.nmi.outcome_space.enumerate_or_sample(), key=lambda o: float(self.ufun(o)))
    def propose(self, state, dest=None):
        return self.top
    def respond(self, state, source=None):
        return ResponseType.REJECT_OFFER

def negmas_run(rounds):
    m = SAOMechanism(outcome_space=s.outcome_space, n_steps=rounds)
    m.add(NegmasBoulware(), ufun=s.ufuns[0])
    m.add(Refuser(), ufun=s.ufuns[1])
    state = m.run()
    assert state.agreement is None and state.step == rounds, state

t_neg = per_round(negmas_run)
report["strategy"] = {"scenario": folders[0].rstrip("/").split("/")[-1], "rounds": LONG - SHORT,
    "pactum_python_s": t_py, "pactum_builtin_s": t_rust, "pactum_instant_s": t_instant, "negmas_s": t_neg}
print(json.dumps(report))
'''


def main():
    args = parser(__doc__).parse_args()
    python = negmas_python(args.venv)
    # The wheel, release, into the same venv (maturin from PyPI, into that venv too).
    subprocess.check_call([python, "-m", "pip", "install", "-q", "maturin==1.16.0"])
    wheels = tempfile.mkdtemp(prefix="pactum-wheel-")
    maturin = os.path.join(os.path.dirname(python), "maturin")
    subprocess.check_call([maturin, "build", "--release", "--locked", "--quiet", "--out", wheels,
                           "--manifest-path", os.path.join(ROOT, "crates/pactum-py/Cargo.toml")],
                          env=dict(os.environ, CARGO_TARGET_DIR=os.path.join(ROOT, "target", "py-release")))
    wheel = [os.path.join(wheels, w) for w in os.listdir(wheels) if w.endswith(".whl")][0]
    subprocess.check_call([python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", wheel])
    ref = os.path.join(ROOT, "..", "shared", "reference", "negmas-0.16")
    big2 = generate(os.path.join(tempfile.gettempdir(), "pactum-bench-opp-p2-i6"), "opp", 2, 6, 1)
    folders = [os.path.join(ref, "la_p2_i4_v10_s1"), os.path.join(ref, "la_p2_i5_v10_s2"),
               os.path.join(ref, "opp_p2_i5_v10_s3"), big2, os.path.join(ref, "opp_p3_i6_v10_s3")]
    out = subprocess.run([python, "-c", INNER, str(args.repeat), *folders], capture_output=True, text=True, cwd=tempfile.gettempdir())
    if out.returncode:
        sys.exit(out.stderr)
    report = json.loads(out.stdout)
    print(f"{'scenario':<26} {'outcomes':>9} {'front':>6} {'pareto NegMAS':>14} {'pactum':>9} {'×':>6} {'nash NegMAS':>12} {'pactum':>9} {'×':>6}")
    for d in report["dropins"]:
        print(f"{d['scenario']:<26} {d['outcomes']:>9} {d['frontier']:>6} {d['pareto_negmas']:>13.4f}s {d['pareto_pactum']:>8.4f}s {d['pareto_negmas'] / d['pareto_pactum']:>6.0f}"
              f" {d['nash_negmas']:>11.4f}s {d['nash_pactum']:>8.4f}s {d['nash_negmas'] / d['nash_pactum']:>6.0f}")
    st = report["strategy"]
    print(f"\nA strategy written in Python, stacked alternating offers against one that accepts nothing, on {st['scenario']}")
    print("(cost of one round, which holds one offer and one answer by each side; long run minus short run):")
    for label, key in [("pactum, Python time-dependent strategy", "pactum_python_s"),
                       ("pactum, a built-in strategy in its place (random:p=0)", "pactum_builtin_s"),
                       ("pactum, Python strategy that returns at once (the bridge)", "pactum_instant_s"),
                       ("NegMAS SAOMechanism, the same strategy as an SAONegotiator", "negmas_s")]:
        print(f"  {label:<60} {1e6 * st[key]:8.1f} µs a round, {1 / st[key]:>10,.0f} rounds/s")
    print(f"  pactum with the Python strategy is {st['negmas_s'] / st['pactum_python_s']:.0f}× NegMAS per round")


if __name__ == "__main__":
    main()
