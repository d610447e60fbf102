"""pactum's tournament optimality metrics against NegMAS 0.16's on the same agreements.

For each two-party reference scenario of ../shared/reference/negmas-0.16, pactum plays a small
tournament; every agreement it reaches is scored again by NegMAS (`calc_scenario_stats`,
`calc_outcome_distances`, `calc_outcome_optimality` on the normalised utility functions, as
`cartesian_tournament` does), and the largest difference per metric is printed. NegMAS is
installed from PyPI into a throw-away venv (never a pactum dependency).

    python3 bench/metrics_vs_negmas.py [--venv DIR]
"""

import argparse
import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from side_by_side import negmas_python, pactum_binary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "negmas-0.16"

NEGMAS_SIDE = r'''
import json, sys
from negmas.inout import Scenario
from negmas.preferences.ops import (calc_scenario_stats, calc_outcome_distances,
                                    calc_outcome_optimality, estimate_max_dist)
folder, rows = sys.argv[1], json.loads(sys.stdin.read())
s = Scenario.from_genius_folder(folder, ignore_discount=True)
# cartesian_tournament's own rule: used as it is when already normalised, else each party on its
# own range.
if not s.is_normalized(common_range=False):
    s = s.normalize(guarantee_max=True, guarantee_min=True, common_range=False)
ufuns = s.ufuns
stats = calc_scenario_stats(ufuns)
max_dist = estimate_max_dist(ufuns)
names = [i.name for i in s.outcome_space.issues]
out = []
for outcome in rows:
    o = tuple(outcome[n] for n in names)
    utils = tuple(float(u(o)) for u in ufuns)
    opt = calc_outcome_optimality(calc_outcome_distances(utils, stats), stats, max_dist)
    out.append({k: getattr(opt, k) for k in ("pareto_optimality", "nash_optimality",
                "kalai_optimality", "ks_optimality", "max_welfare_optimality")})
print(json.dumps(out))
'''

METRICS = ["pareto_optimality", "nash_optimality", "kalai_optimality", "ks_optimality",
           "max_welfare_optimality"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--venv", help="virtual environment for NegMAS (default: a temporary one)")
    args = ap.parse_args()
    python = negmas_python(args.venv)
    pactum = pactum_binary()
    worst = {m: 0.0 for m in METRICS}
    compared = 0
    for folder in sorted(REFERENCE.glob("*_p2_*")):
        rows = subprocess.run(
            [pactum, "tournament", str(folder), "--strategies", "boulware,linear,conceder",
             "--self-play", "--repetitions", "1", "--rounds", "100", "--format", "jsonl"],
            check=True, capture_output=True, text=True).stdout.splitlines()
        rows = [json.loads(r) for r in rows]
        agreed = [r for r in rows if r["agreement"]]
        if not agreed:
            continue
        theirs = json.loads(subprocess.run(
            [python, "-c", NEGMAS_SIDE, str(folder)],
            input=json.dumps([r["outcome"] for r in agreed]),
            check=True, capture_output=True, text=True).stdout)
        for ours, neg in zip(agreed, theirs):
            compared += 1
            for m in METRICS:
                worst[m] = max(worst[m], abs(ours[m] - neg[m]))
        print(f"{folder.name}: {len(agreed)} agreements compared")
    print(f"{compared} agreements; largest difference per metric:")
    for m in METRICS:
        print(f"  {m}: {worst[m]:.3g}")


if __name__ == "__main__":
    main()
