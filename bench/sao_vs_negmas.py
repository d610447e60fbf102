#!/usr/bin/env python3
"""Side by side: NegMAS 0.16 `SAOMechanism` against `pactum talks --protocol alternating`.

Two Boulware parties (NegMAS `BoulwareTBNegotiator`, exponent 4; pactum `boulware`, e=4 in the
same convention) on generated linear-additive scenarios whose reservation values are 0.99, so no
agreement is possible and every run lasts to its deadline: pure offer throughput. Installs
negmas==0.16.0 from PyPI into a throw-away venv (never a project dependency) and times, median of
--repeat fresh processes each:

- NegMAS: building the mechanism and `run()` (includes its lazy start-up: the inverse utility);
- pactum: the negotiation alone and the whole talks command (`--timings`: start-up of the
  session, the negotiation, building the record), and the process wall time.

    python3 bench/sao_vs_negmas.py [--venv DIR] [--repeat 3]
"""
import json
import os
import statistics
import tempfile
import time

from side_by_side import generate, negmas_python, pactum_binary, parser, run

NEGMAS_RUN = r"""
import json, sys, time
from negmas.inout import Scenario
from negmas.sao import SAOMechanism
from negmas.sao.negotiators import BoulwareTBNegotiator
s = Scenario.from_genius_folder(sys.argv[1])
steps = int(sys.argv[2])
t0 = time.perf_counter()
m = SAOMechanism(outcome_space=s.outcome_space, n_steps=steps)
for i, u in enumerate(s.ufuns):
    m.add(BoulwareTBNegotiator(name=f"p{i}"), ufun=u)
m.run()
seconds = time.perf_counter() - t0
offers = sum(1 for e in m.full_trace)
print(json.dumps({"seconds": seconds, "offers": offers, "agreement": m.agreement is not None}))
"""


def main():
    ap = parser(__doc__)
    a = ap.parse_args()
    python = negmas_python(a.venv)
    pactum = pactum_binary()
    work = tempfile.mkdtemp(prefix="pactum-sao-")
    print(f"# NegMAS 0.16.0 SAOMechanism vs pactum alternating offers, Boulware pair, no agreement possible; median of {a.repeat}")
    print(f"{'outcomes':>9} {'rounds':>6} {'offers':>7} | {'NegMAS s':>9} {'offers/s':>9} | {'pactum neg. s':>13} {'offers/s':>10} {'ratio':>6} | {'pactum talks s':>14} {'ratio':>6} | {'pactum process s':>16}")
    for issues, steps in [(4, 1000), (4, 10000), (6, 1)]:
        folder = generate(os.path.join(work, f"la_p2_i{issues}"), "la", 2, issues, 42, reservation=0.99)
        n_times, n_offers = [], 0
        for _ in range(a.repeat):
            _, out, _ = run([python, "-c", NEGMAS_RUN, folder, str(steps)])
            r = json.loads(out)
            n_times.append(r["seconds"])
            n_offers = r["offers"]
        neg, talks, walls, offers = [], [], [], 0
        for _ in range(a.repeat):
            wall, _, err = run([pactum, "talks", folder, "--protocol", "alternating", "--rounds", str(steps), "--timings", "--format", "json"])
            line = next(l for l in err.splitlines() if l.startswith("timings:"))
            parts = line.replace("(", "").replace(",", "").split()
            talks.append(float(parts[5]))
            neg.append(float(parts[8]))
            offers = int(parts[15])
            walls.append(wall)
        nt, ng, tk, wl = statistics.median(n_times), statistics.median(neg), statistics.median(talks), statistics.median(walls)
        print(f"{10 ** issues:>9} {steps:>6} {offers:>7} | {nt:>9.4f} {n_offers / nt:>9.0f} | {ng:>13.6f} {offers / max(ng, 1e-9):>10.0f} {nt / max(ng, 1e-9):>5.0f}x | {tk:>14.6f} {nt / tk:>5.0f}x | {wl:>16.4f}", flush=True)


if __name__ == "__main__":
    main()
