#!/usr/bin/env python3
"""A time-dependent agent for pactum's talks, in Python's standard library only.

Run it in a seat with
    pactum talks car-purchase --protocol saop --strategy buyer=exec:"python3 examples/agents/boulware.py"

It speaks pactum.agent/1 (docs/agents.md): one JSON object per line on stdin, one answer per
line on stdout. Its target utility falls from its best to its fallback as max - (max - min) * t^e
(e > 1 concedes late); it offers the acceptable outcome closest above the target and accepts
any offer at or above it. Pass the exponent as the first argument (default 4).
"""

import json
import sys

E = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0


def main():
    ranking = []  # [(index, utility)], best first
    best = floor = 0.0
    for line in sys.stdin:
        message = json.loads(line)
        kind = message["type"]
        if kind == "start":
            ranking = [(r["index"], r["utility"]) for r in message["ranking"]]
            best = ranking[0][1] if ranking else 0.0
            floor = max(message["fallback"], ranking[-1][1] if ranking else 0.0)
            answer = {"type": "ready", "protocol": "pactum.agent/1", "name": "boulware.py"}
        elif kind in ("propose", "respond"):
            target = best - max(best - floor, 0.0) * message["time"] ** E
            if kind == "propose":
                # The last outcome (the least good for us) still at or above the target.
                above = [index for index, utility in ranking if utility >= target]
                answer = {"type": "offer", "index": above[-1] if above else ranking[0][0]}
            else:
                good = message["offer"]["utility"] >= target
                answer = {"type": "accept" if good else "reject"}
        elif kind == "end":
            return
        else:
            continue  # a message of a later version: not for us
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
