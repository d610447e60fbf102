#!/usr/bin/env python3
"""How close the Nash mediator's agreements come to the Nash deal, at every deadline.

One deadline can flatter or wrong a mediator: on the flagship with Ukraine's red line
relaxed, one intermediate version of the mediator reached the Nash deal at the scenario's 24
rounds while the other relaxation fell to 0.24. This script runs a pactum binary's
`talks --protocol single-text --mediator nash` on each bundled scenario at each deadline and
prints, per case, the share of the Nash deal's product over the fallbacks that the agreement
reaches (0 without one): the mean, the worst, and at how many deadlines it is the Nash deal.

The Nash point and the fallbacks come from `analyze` of the binary given with --analyze (the
measured one by default), so an old binary's talks are judged against the current point.

    python3 bench/mediator_deadlines.py target/release/pactum
    # the mediator before the rules:
    git worktree add /tmp/before a289a4a
    cargo build --release --manifest-path /tmp/before/Cargo.toml -p pactum
    python3 bench/mediator_deadlines.py /tmp/before/target/release/pactum \\
        --analyze target/release/pactum

`crates/pactum-formats/tests/protocols.rs` (`nash_mediator_agreements_…`) holds the current
mediator's mean and worst at or above the numbers this gives for a289a4a.
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

SCENARIOS = pathlib.Path(__file__).resolve().parent.parent / "scenarios"

CASES = [
    ("car-purchase", []),
    ("inheritance", []),
    ("supply-contract", []),
    ("pie-split", []),
    ("abu-dhabi-trilateral", ["ukraine.no_withdrawal"]),
    ("abu-dhabi-trilateral", ["russia.all_of_donbas"]),
]


def run_json(args):
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)


def readable_by(binary, name, workdir):
    """The bundled scenario NAME as a file BINARY reads: an older pactum refuses the keys added
    since (provenance such as `rounds_assumption`, value ranges), so each key it names is dropped
    and each `{ value = X, range = ... }` becomes X. Neither changes the model; `main` checks
    that the Nash point and the fallbacks come out the same."""
    text = (SCENARIOS / f"{name}.toml").read_text()
    text = re.sub(r"\{\s*value\s*=\s*([-0-9.eE+]+)[^}]*\}", r"\1", text)
    path = pathlib.Path(workdir) / f"{name}.toml"
    for _ in range(200):
        path.write_text(text)
        out = subprocess.run([binary, "analyze", str(path), "--format", "json"],
                             capture_output=True, text=True, check=False)
        unknown = re.search(r"unknown key `([^`]+)`.*?:(\d+):\d+", out.stderr, re.S)
        if out.returncode == 0 or not unknown:
            return path
        lines = text.split("\n")
        del lines[int(unknown.group(2)) - 1]
        text = "\n".join(lines)
    sys.exit(f"{binary} still refuses {path}")


def product(utilities, fallbacks):
    """The Nash product over the fallbacks; both are keyed by party id."""
    p = 1.0
    for party, d in fallbacks.items():
        p *= max(utilities[party] - d, 0.0)
    return p


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pactum", help="the pactum binary whose mediator is measured")
    parser.add_argument("--analyze", default=None, help="the binary that finds the Nash point")
    parser.add_argument("--first", type=int, default=8, help="first deadline (default 8)")
    parser.add_argument("--last", type=int, default=40, help="last deadline (default 40)")
    args = parser.parse_args()
    analyzer = args.analyze or args.pactum
    workdir = tempfile.mkdtemp(prefix="pactum-mediator-")
    print(f"{'case':50} {'mean':>6} {'worst':>6} {'at Nash':>8}")
    for name, relax in CASES:
        flags = [f for r in relax for f in ("--relax", r)]
        analysis = run_json([analyzer, "analyze", str(SCENARIOS / f"{name}.toml"),
                             "--format", "json", *flags])
        fallbacks = analysis["fallbacks"]
        nash = product(analysis["nash"]["utilities"], fallbacks)
        scenario = readable_by(args.pactum, name, workdir)
        seen = run_json([args.pactum, "analyze", str(scenario), "--format", "json", *flags])
        if (seen["fallbacks"], seen["nash"]["utilities"]) != (fallbacks, analysis["nash"]["utilities"]):
            sys.exit(f"{name}: {args.pactum} reads a different problem from {scenario}")
        shares = []
        for rounds in range(args.first, args.last + 1):
            talks = run_json([
                args.pactum, "talks", str(scenario), "--protocol", "single-text", "--mediator", "nash",
                "--rounds", str(rounds), "--format", "json", *flags,
            ])
            agreement = talks.get("agreement")
            shares.append(product(agreement["utilities"], fallbacks) / nash if agreement else 0.0)
        label = name + (f" --relax {' '.join(relax)}" if relax else "")
        at_nash = sum(1 for s in shares if s > 1 - 1e-6)
        print(f"{label:50} {sum(shares) / len(shares):6.3f} {min(shares):6.3f} "
              f"{at_nash:>4}/{len(shares)}")


if __name__ == "__main__":
    main()
