#!/usr/bin/env python3
"""Side by side: NegMAS 0.16 `cartesian_tournament` against `pactum tournament`.

The tournament of ../shared/research/negmas-baseline.md §(d): Boulware, Conceder, Linear and
tit-for-tat (NegMAS `BoulwareTBNegotiator`, `ConcederTBNegotiator`, `LinearTBNegotiator`,
`NaiveTitForTatNegotiator`) with self-play, on 4 generated bilateral linear-additive scenarios of
1,000 outcomes, 100 rounds: 16 ordered pairs x 4 runs per scenario (NegMAS: 2 rotations x 2
repetitions; pactum: each ordered pair already swaps roles, so 4 repetitions) = 256 negotiations.
Installs negmas==0.16.0 from PyPI into a throw-away venv (never a project dependency) and times,
median of --repeat fresh processes each, the whole tournament call (NegMAS serial and on a
process pool, `save_stats=False`; pactum on all cores and on one thread). Then both run the same
plan once more with their results kept, and the rankings are printed side by side on NegMAS's own
final score (each strategy's mean advantage `(u - r)/(max - r)`): NegMAS's `scores.csv` beside
the one `pactum report --negmas` writes, with each strategy's agreement rate.

    python3 bench/tournament_vs_negmas.py [--venv DIR] [--repeat 3]
"""
import json
import os
import statistics
import tempfile

from side_by_side import generate, negmas_python, pactum_binary, parser, run

NEGMAS_RUN = r"""
import json, sys, time
from negmas.inout import Scenario
from negmas.sao.negotiators import (BoulwareTBNegotiator, ConcederTBNegotiator,
                                    LinearTBNegotiator, NaiveTitForTatNegotiator)
from negmas.tournaments.neg.simple.cartesian import cartesian_tournament
scenarios = [Scenario.from_genius_folder(f) for f in sys.argv[2:]]
njobs = int(sys.argv[1])
t0 = time.perf_counter()
r = cartesian_tournament(
    competitors=[BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator, NaiveTitForTatNegotiator],
    scenarios=scenarios, n_repetitions=2, n_steps=100, rotate_ufuns=True, self_play=True,
    njobs=njobs, save_stats=False, path=None, verbosity=0)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "negotiations": len(r.details)}))
"""

# The same plan with its results kept: NegMAS's final scores and agreement rates per strategy.
NEGMAS_RANKED = r"""
import json, sys
from negmas.inout import Scenario
from negmas.sao.negotiators import (BoulwareTBNegotiator, ConcederTBNegotiator,
                                    LinearTBNegotiator, NaiveTitForTatNegotiator)
from negmas.tournaments.neg.simple.cartesian import cartesian_tournament
scenarios = [Scenario.from_genius_folder(f) for f in sys.argv[1:]]
r = cartesian_tournament(
    competitors=[BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator, NaiveTitForTatNegotiator],
    scenarios=scenarios, n_repetitions=2, n_steps=100, rotate_ufuns=True, self_play=True,
    njobs=-1, path=None, verbosity=0)
agreed = {}
for _, row in r.details.iterrows():
    for name in row["partners"]:
        a = agreed.setdefault(name, [0, 0])
        a[0] += 1
        a[1] += row["agreement"] is not None
out = [{"strategy": row["strategy"], "score": float(row["score"]),
        "agreed": agreed[row["strategy"]][1] / agreed[row["strategy"]][0]}
       for _, row in r.final_scores.iterrows()]
print(json.dumps(out))
"""

NAMES = {"boulware": "BoulwareTBNegotiator", "conceder": "ConcederTBNegotiator",
         "linear": "LinearTBNegotiator", "tit-for-tat": "NaiveTitForTatNegotiator"}


def main():
    ap = parser(__doc__)
    a = ap.parse_args()
    python = negmas_python(a.venv)
    pactum = pactum_binary()
    work = tempfile.mkdtemp(prefix="pactum-tournament-")
    folders = [generate(os.path.join(work, f"la_p2_i3_s{seed}"), "la", 2, 3, seed) for seed in range(1, 5)]
    print(f"# 4 strategies with self-play x 4 scenarios of 1e3 outcomes x 100 rounds; median of {a.repeat} fresh processes")
    print(f"{'tool':<34} {'negotiations':>12} {'seconds':>9} {'negotiations/s':>15}")
    rows = []
    for label, njobs in [("NegMAS serial (njobs=-1)", -1), ("NegMAS process pool (njobs=0)", 0)]:
        times, count = [], 0
        for _ in range(a.repeat):
            _, out, _ = run([python, "-c", NEGMAS_RUN, str(njobs)] + folders)
            # NegMAS may print progress first: the result is the last line.
            r = json.loads(out.decode().strip().splitlines()[-1])
            times.append(r["seconds"])
            count = r["negotiations"]
        rows.append((label, count, statistics.median(times)))
    for label, threads in [("pactum tournament (all cores)", None), ("pactum tournament (1 thread)", "1")]:
        env = dict(os.environ)
        if threads:
            env["RAYON_NUM_THREADS"] = threads
        times, count = [], 0
        for _ in range(a.repeat):
            wall, out, _ = run([pactum, "tournament", *folders, "--strategies", "boulware,conceder,linear,tit-for-tat",
                             "--self-play", "--repetitions", "4", "--rounds", "100", "--format", "jsonl"], env)
            times.append(wall)
            count = len(out.splitlines())
        rows.append((label, count, statistics.median(times)))
    for label, count, seconds in rows:
        print(f"{label:<34} {count:>12} {seconds:>9.4f} {count / seconds:>15.0f}", flush=True)
    base = rows[0][2]
    print(f"# pactum (all cores, whole process) is {base / rows[2][2]:.0f}x NegMAS serial, {rows[1][2] / rows[2][2]:.0f}x NegMAS's process pool")
    ranked(python, pactum, folders, work)


def ranked(python, pactum, folders, work):
    """The same plan run once more by each with its results kept: the rankings side by side."""
    import csv
    _, out, _ = run([python, "-c", NEGMAS_RANKED] + folders)
    theirs = json.loads(out.decode().strip().splitlines()[-1])
    db = os.path.join(work, "ranked.sqlite")
    run([pactum, "tournament", *folders, "--strategies", "boulware,conceder,linear,tit-for-tat",
         "--self-play", "--repetitions", "4", "--rounds", "100", "--db", db])
    negmas_dir = os.path.join(work, "negmas-layout")
    run([pactum, "report", db, "--negmas", negmas_dir])
    with open(os.path.join(negmas_dir, "scores.csv")) as f:
        ours = list(csv.DictReader(f))
    import ast
    with open(os.path.join(negmas_dir, "details.csv")) as f:
        details = list(csv.DictReader(f))
    agreed = {}
    for d in details:
        for name in ast.literal_eval(d["partners"]):
            a = agreed.setdefault(name, [0, 0])
            a[0] += 1
            a[1] += d["agreement"] != ""
    print("# the same plan, ranked by NegMAS's final score (mean advantage (u - r)/(max - r)); agreement rate per seat")
    print(f"{'rank':<5} {'NegMAS':<26} {'score':>7} {'agreed':>7}   {'pactum':<26} {'score':>7} {'agreed':>7}")
    for k in range(max(len(theirs), len(ours))):
        t = theirs[k] if k < len(theirs) else None
        o = ours[k] if k < len(ours) else None
        left = f"{t['strategy']:<26} {t['score']:>7.3f} {t['agreed']:>7.0%}" if t else " " * 42
        right = ""
        if o:
            a = agreed[o["strategy"]]
            right = f"{NAMES.get(o['strategy'], o['strategy']):<26} {float(o['score']):>7.3f} {a[1] / a[0]:>7.0%}"
        print(f"{k + 1:<5} {left}   {right}", flush=True)


if __name__ == "__main__":
    main()
