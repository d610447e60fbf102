#!/usr/bin/env python3
"""Side by side: NegMAS 0.16 `pareto_frontier` against `pactum analyze`, same scenarios, same run.

Installs negmas==0.16.0 from PyPI into a throw-away virtual environment (never a project
dependency), builds pactum in release mode, writes the scenarios as GENIUS XML folders with
bench/gen_genius.py, then times, per scenario and in fresh processes:

- NegMAS: `Scenario.from_genius_folder` + `pareto_frontier(ufuns, issues=...)` (the end-to-end
  call: enumerate, evaluate, drop irrational outcomes, frontier), median of --repeat runs;
- pactum: the whole `pactum analyze DIR --format json` process (reading the XML, counting the
  acceptable outcomes, the frontier, the four bargaining points), median of --repeat runs,
  with `--method auto` (issue-wise merge here) and `--method stream` (full enumeration);

and prints the times, their ratio, both peak resident set sizes, and whether the acceptable count
and the frontier size agree. Run from the repository root:

    python3 bench/pareto_vs_negmas.py                 # the standard set (about 3 minutes)
    python3 bench/pareto_vs_negmas.py --quick         # 1e5 only
    python3 bench/pareto_vs_negmas.py --venv /tmp/v   # reuse a venv between runs
"""
import json
import os
import statistics
import tempfile

from side_by_side import generate, negmas_python, pactum_binary, parser, run

NEGMAS_RUN = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from negmas.inout import Scenario
from negmas.preferences import pareto_frontier
t1 = time.perf_counter()
s = Scenario.from_genius_folder(sys.argv[1])
ufuns = list(s.ufuns)
frontier, indices = pareto_frontier(ufuns, issues=s.outcome_space.issues)
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import_seconds": t1 - t0, "pareto_size": len(indices),
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""




def pactum_timings(stderr):
    """(analysis seconds, read seconds, peak KiB) from `pactum analyze --timings`."""
    line = next(l for l in stderr.splitlines() if l.startswith("timings:"))
    parts = line.replace(",", "").split()
    return float(parts[5]), float(parts[2]), int(parts[8])




def main():
    ap = parser(__doc__)
    ap.add_argument("--quick", action="store_true", help="only the 1e5-outcome scenarios")
    ap.add_argument("--with-1e7-negmas", action="store_true", help="also time NegMAS at 1e7 (minutes)")
    a = ap.parse_args()

    python = negmas_python(a.venv)
    pactum = pactum_binary()

    cases = []  # (family, parties, issues)
    for issues in ([5] if a.quick else [5, 6]):
        for family in ["la", "opp"]:
            for parties in [2, 3]:
                cases.append((family, parties, issues))
    if not a.quick:
        cases.append(("opp", 3, 7))

    work = tempfile.mkdtemp(prefix="pactum-bench-")
    print(f"# NegMAS 0.16.0 `pareto_frontier` vs `pactum analyze`, median of {a.repeat} fresh processes each, {os.cpu_count()} CPUs")
    print("# compute = loading the scenario + the analysis, in-process (NegMAS: after `import negmas`; pactum: --timings);")
    print("# process = the whole command's wall time (NegMAS: python + import + compute); peak = peak RSS of the process")
    print(f"{'scenario':<12} {'outcomes':>9} {'accept':>8} {'pareto':>6} | {'NegMAS':>8} {'pactum':>8} {'ratio':>6} | {'stream':>8} {'ratio':>6} | "
          f"{'NegMAS':>8} {'pactum':>8} {'ratio':>6} | {'NegMAS':>7} {'pactum':>7} {'agree':>5}")
    print(f"{'':<12} {'':>9} {'':>8} {'':>6} | {'compute s':>8} {'auto s':>8} {'':>6} | {'s':>8} {'':>6} | "
          f"{'process s':>8} {'process':>8} {'':>6} | {'peak MB':>7} {'peak MB':>7} {'':>5}")
    for family, parties, issues in cases:
        name = f"{family}_p{parties}_i{issues}"
        folder = generate(os.path.join(work, name), family, parties, issues, 7)
        compute = {"auto": [], "stream": []}
        process, peak, result = [], 0, None
        for method in compute:
            for _ in range(a.repeat):
                wall, out, err = run([pactum, "analyze", folder, "--format", "json", "--limit", "1", "--method", method, "--timings"])
                analysis_s, read_s, kib = pactum_timings(err)
                compute[method].append(analysis_s + read_s)
                if method == "auto":
                    process.append(wall)
                    peak = max(peak, kib)
                result = json.loads(out)
        n_compute, n_process, n_peak, n_size = None, None, None, None
        if issues <= 6 or a.with_1e7_negmas:
            times, walls = [], []
            for _ in range(a.repeat):
                wall, out, _ = run([python, "-c", NEGMAS_RUN, folder])
                r = json.loads(out)
                times.append(r["seconds"])
                walls.append(wall)
                n_peak = max(n_peak or 0, r["peak_kb"])
                n_size = r["pareto_size"]
            n_compute, n_process = statistics.median(times), statistics.median(walls)
        auto_s, stream_s, proc_s = (statistics.median(compute["auto"]), statistics.median(compute["stream"]), statistics.median(process))
        agree = "-" if n_size is None else ("yes" if n_size == result["pareto_size"] else "NO")
        f = lambda x, p=3: "-" if x is None else f"{x:.{p}f}"
        ratio = lambda n, x: "-" if n is None else f"{n / x:.0f}x"
        print(f"{name:<12} {10 ** issues:>9} {result['acceptable']:>8} {result['pareto_size']:>6} | {f(n_compute):>8} {auto_s:>8.4f} {ratio(n_compute, auto_s):>6} | "
              f"{stream_s:>8.4f} {ratio(n_compute, stream_s):>6} | {f(n_process, 2):>8} {proc_s:>8.3f} {ratio(n_process, proc_s):>6} | "
              f"{f(None if n_peak is None else n_peak / 1024, 0):>7} {peak / 1024:>7.1f} {agree:>5}", flush=True)


if __name__ == "__main__":
    main()
