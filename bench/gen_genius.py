#!/usr/bin/env python3
"""Writes random linear-additive scenarios as GENIUS XML folders, for the side-by-side benchmarks.

Families (as in ../shared/reference/negmas-0.16): `la` (independent parties, small frontiers) and
`opp` (parties after the first get roughly the opposite value tables, large frontiers). Every value
table has its maximum exactly 1.0, so GENIUS semantics (evaluation / max) and NegMAS semantics
(evaluation as written) give the same utilities. Standard library only; deterministic per seed.

    python3 bench/gen_genius.py OUT_DIR --family opp --parties 3 --issues 7 --values 10 --seed 1
"""
import argparse
import os
import random


def tables(rng, family, parties, issues, values):
    first = [[rng.random() for _ in range(values)] for _ in range(issues)]
    out = [first]
    for _ in range(1, parties):
        if family == "opp":
            t = [[min(1.0, max(0.0, 1.0 - x + rng.gauss(0.0, 0.05))) for x in row] for row in first]
        else:
            t = [[rng.random() for _ in range(values)] for _ in range(issues)]
        out.append(t)
    # Scale every table so that its maximum is exactly 1.0.
    return [[[x / max(row) if max(row) > 0 else 1.0 for x in row] for row in t] for t in out]


def write(out_dir, family, parties, issues, values, seed, fixed_reservation=None):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    names = [f"i{j}" for j in range(issues)]
    with open(os.path.join(out_dir, "domain.xml"), "w") as f:
        f.write(f'<negotiation_template>\n<utility_space number_of_issues="{issues}">\n')
        f.write('<objective description="" etype="objective" index="0" name="root" type="objective">\n')
        for j, name in enumerate(names):
            f.write(f'  <issue etype="discrete" index="{j + 1}" name="{name}" type="discrete" vtype="discrete">\n')
            for v in range(values):
                f.write(f'    <item index="{v + 1}" value="v{v}" cost="0" description="v{v}"/>\n')
            f.write("  </issue>\n")
        f.write("</objective>\n</utility_space>\n</negotiation_template>\n")
    for p, t in enumerate(tables(rng, family, parties, issues, values)):
        raw = [rng.random() + 0.05 for _ in range(issues)]
        weights = [w / sum(raw) for w in raw]
        reservation = rng.uniform(0.0, 0.3) if fixed_reservation is None else fixed_reservation
        with open(os.path.join(out_dir, f"party{p}.xml"), "w") as f:
            f.write(f'<utility_space number_of_issues="{issues}">\n')
            f.write('<objective index="0" etype="objective" type="objective" description="" name="root">\n')
            for j, name in enumerate(names):
                f.write(f'  <issue index="{j + 1}" etype="discrete" type="discrete" vtype="discrete" name="{name}">\n')
                for v in range(values):
                    f.write(f'    <item index="{v + 1}" value="v{v}" evaluation="{t[j][v]!r}"/>\n')
                f.write("  </issue>\n")
            for j in range(issues):
                f.write(f'  <weight index="{j + 1}" value="{weights[j]!r}"/>\n')
            f.write("</objective>\n")
            f.write(f'<reservation value="{reservation!r}"/>\n<discount_factor value="1.0"/>\n</utility_space>\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--family", choices=["la", "opp"], default="opp")
    ap.add_argument("--parties", type=int, default=2)
    ap.add_argument("--issues", type=int, default=5)
    ap.add_argument("--values", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reservation", type=float, help="every party's reservation value (default: random in [0, 0.3))")
    a = ap.parse_args()
    write(a.out_dir, a.family, a.parties, a.issues, a.values, a.seed, a.reservation)


if __name__ == "__main__":
    main()
