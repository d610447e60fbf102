"""The Python package end to end: the built wheel, real scenarios, real talks and tournaments,
strategies written in Python beside the built-in ones, and the errors a user meets."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

import pactum
from paths import ROOT, shared


def cli_json(pactum_bin, *args):
    out = subprocess.run([str(pactum_bin), *args], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


# --- scenarios ---------------------------------------------------------------------------


def test_every_bundled_scenario_loads_and_round_trips_through_toml():
    names = pactum.bundled()
    assert "abu-dhabi-trilateral" in names and len(names) >= 5
    for name in names:
        s = pactum.load(name)
        again = pactum.loads(s.to_toml(), name=f"{name}.toml")
        assert again.document() == s.document(), name
    assert pactum.load("abu-dhabi-trilateral").negotiators == ["russia", "ukraine"]


def test_genius_and_geniusweb_scenarios_load_from_folders_and_from_texts():
    genius = shared("reference/negmas-0.16/la_p2_i3_v10_s42")
    s = pactum.load(str(genius))
    assert s.negotiators == ["party0", "party1"]
    texts = {p.name: p.read_text() for p in sorted(genius.glob("*.xml"))}
    ids = lambda doc: [(i["id"], [o["id"] for o in i["options"]]) for i in doc["issues"]]
    assert ids(pactum.loads(texts, name="la").document()) == ids(s.document())
    web = shared("domains/anl2023/domain00")
    w = pactum.load(str(web))
    assert len(w.negotiators) == 2


def test_a_bad_scenario_raises_with_file_line_and_column():
    text = textwrap.dedent(
        """\
        [scenario]
        id = "t"
        title = "T"

        [[issues]]
        id = "land"
        options = ["a", "b"]

        [[parties]]
        id = "x"
        fallbak = { utility = 0.2 }
        """
    )
    with pytest.raises(pactum.ScenarioError) as e:
        pactum.loads(text, name="bad.toml")
    # Every problem at once, in file order; the exception's place is the first one's.
    assert (e.value.file, e.value.line, e.value.column) == ("bad.toml", 9, 1)
    typo = next(d for d in e.value.diagnostics if "fallbak" in d.message)
    assert (typo.line, typo.column) == (11, 1)
    assert typo.help == "did you mean `fallback`?"
    assert "bad.toml:11:1" in str(e.value)
    with pytest.raises(pactum.ScenarioError, match="no bundled scenario named `nope`"):
        pactum.load("nope")
    # Invalid TOML, and an error class a caller can catch as ValueError.
    with pytest.raises(ValueError) as e:
        pactum.loads("[scenario\n", name="syntax.toml")
    assert e.value.line == 1


# --- analysis ----------------------------------------------------------------------------


def test_analyze_gives_what_the_command_line_gives(pactum_bin):
    for name, relax in [("abu-dhabi-trilateral", []), ("abu-dhabi-trilateral", ["russia.all_of_donbas"]), ("car-purchase", [])]:
        ours = pactum.analyze(name, relax=relax)
        args = ["analyze", name, "--format", "json"] + [x for r in relax for x in ("--relax", r)]
        assert ours == cli_json(pactum_bin, *args), name
    flagship = pactum.analyze("abu-dhabi-trilateral")
    assert flagship["acceptable"] == 0, "the report's red lines leave no zone"
    assert flagship["blocking"], "and say which red lines block it"


def test_analysis_utilities_come_as_a_numpy_array_per_party():
    numpy = pytest.importorskip("numpy")
    a = pactum.analyze("car-purchase")
    u = a.utilities()
    assert isinstance(u, numpy.ndarray)
    assert u.shape == (a["pareto_size"], 2)
    assert a.parties == ["buyer", "dealer"]
    first = a["pareto"][0]["utilities"]
    assert u[0].tolist() == [first["buyer"], first["dealer"]]


def test_fixing_an_issue_and_unknown_relaxations():
    fixed = pactum.analyze("car-purchase", fix={"warranty": "none"})
    assert fixed["fixed"] and fixed["outcomes"] < pactum.analyze("car-purchase")["outcomes"]
    with pytest.raises(pactum.TalksError, match="names no red line"):
        pactum.analyze("abu-dhabi-trilateral", relax=["russia.nonsense"])


# --- talks -------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", ["single-text", "saop", "alternating"])
def test_talks_run_under_every_protocol_with_their_record(protocol, pactum_bin, tmp_path):
    t = pactum.talks("car-purchase", protocol=protocol)
    assert t["schema"] == "pactum.talks"
    assert t["result"] in ("agreement", "breakdown")
    assert t.record and all("event" in e or "type" in e or len(e) for e in t.record)
    record = tmp_path / "r.jsonl"
    cli = cli_json(pactum_bin, "talks", "car-purchase", "--protocol", protocol, "--format", "json", "--record", str(record))
    assert t == cli
    assert t.record == [json.loads(line) for line in record.read_text().splitlines()]


class Linear(pactum.Strategy):
    """Concedes linearly from its best to its floor; deterministic."""

    def propose(self, view):
        own = view.own
        return own.at_least(own.best - (own.best - own.floor) * view.time)

    def respond(self, view, offer):
        own = view.own
        return own.utility(offer) >= own.best - (own.best - own.floor) * view.time


def test_a_python_strategy_plays_exactly_as_the_built_in_one_it_reimplements():
    built_in = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": "boulware"})
    ours = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": pactum.TimeDependent(4)})
    assert ours["rounds"] == built_in["rounds"]
    assert ours["agreement"] == built_in["agreement"]
    assert "buyer=TimeDependent" in ours["protocol"] or "python:" in ours["protocol"]
    lin = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": Linear, "dealer": "linear"})
    ref = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": "linear", "dealer": "linear"})
    assert lin["rounds"] == ref["rounds"]


def test_a_strategy_sees_its_own_preferences_and_the_offers_so_far():
    seen = []

    class Watcher(pactum.Strategy):
        def start(self, own):
            seen.append(("start", own.party, own.outcomes, len(own.ranking)))

        def propose(self, view):
            seen.append(("propose", view.round, len(view.offers)))
            best = view.own.ranking[0][0]
            return view.own.outcome(best)  # a dict {issue: value}, as a user might answer

        def respond(self, view, offer):
            assert view.offers[-1][1] == offer
            assert view.offers[-1][0] != view.party
            return False

        def end(self, result):
            seen.append(("end", result["result"], result["round"]))

    t = pactum.talks("car-purchase", protocol="saop", rounds=5, strategies={"buyer": Watcher})
    # 1,224 outcomes, of which the buyer's red lines leave 936 in its ranking.
    assert seen[0] == ("start", "buyer", 1224, 936)
    assert seen[1] == ("propose", 1, 0)
    assert seen[-1] == ("end", t["result"], 5)
    # The shared offer list grows: round 2's proposal has seen buyer's and dealer's round-1 offers.
    assert ("propose", 2, 2) in seen


@pytest.mark.parametrize(
    "body, expected",
    [
        ("raise RuntimeError('deliberate failure in round %d' % view.round)", "RuntimeError: deliberate failure in round 2"),
        ("return 'the best one'", "propose: 'the best one' is not an outcome; expected an index (int) or a dict"),
        ("return 10**9", "outcome 1000000000 does not exist"),
        ("return {'warranty': 'none'}", "propose: the outcome {'warranty': 'none'} has no `price`"),
        ("return {'price': 'free', 'warranty': 'none', 'delivery_weeks': 1, 'financing': 'cash'}", "propose: `price` has no value 'free'; expected one of 18000, 18500"),
    ],
)
def test_a_failing_python_strategy_ends_its_negotiation_as_an_error_and_the_process_goes_on(body, expected):
    namespace = {"pactum": pactum}
    exec(
        textwrap.dedent(
            f"""
            class Faulty(pactum.Strategy):
                def propose(self, view):
                    if view.round < 2:
                        return view.own.ranking[0][0]
                    {body}
                def respond(self, view, offer):
                    return False
            """
        ),
        namespace,
    )
    t = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": namespace["Faulty"]})
    assert t["result"] == "breakdown"
    reason = t["breakdown"]["reason"]
    assert reason.startswith("the strategy of `buyer` failed: "), reason
    assert expected in reason, reason
    assert any(e.get("event") == "error" or e.get("type") == "error" for e in t.record), t.record[-3:]


def test_a_python_strategy_is_refused_on_a_space_the_talks_do_not_enumerate(pactum_bin, tmp_path):
    # 10^25 outcomes: the built-in strategies bid from inverse-utility ladders, but a Python
    # strategy's `own` would hold every outcome's utility, so its seat is refused with the reason.
    path = tmp_path / "wide.toml"
    subprocess.run(
        [str(pactum_bin), "generate", "--issues", "25", "--values", "10", "-o", str(path)],
        check=True,
        capture_output=True,
    )

    class Mine(pactum.Strategy):
        def propose(self, view):
            return 0

        def respond(self, view, offer):
            return False

    t = pactum.talks(str(path), protocol="saop", strategies={"p0": Mine})
    assert t["result"] == "breakdown"
    reason = t["breakdown"]["reason"]
    assert "10000000000000000000000000 outcomes, more than the 4194304 the talks enumerate" in reason, reason
    built_in = pactum.talks(str(path), protocol="saop")
    assert built_in["result"] == "agreement", built_in["breakdown"]


def test_a_python_strategy_that_loops_past_its_budget_is_stopped_and_the_process_goes_on():
    import time

    class Loops(pactum.Strategy):
        def __init__(self, where):
            self.where = where

        def propose(self, view):
            while self.where == "propose":
                pass
            return view.own.ranking[0][0]

        def respond(self, view, offer):
            while self.where == "respond":
                pass
            return False

    class EndsForever(Loops):
        def end(self, result):
            while True:
                pass

    # `end` cannot change the talks, but a loop there is stopped too.
    t = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": EndsForever("nowhere")}, agent_move_seconds=0.3)
    assert t["result"] in ("agreement", "breakdown")

    for where in ["propose", "respond"]:
        started = time.monotonic()
        t = pactum.talks(
            "car-purchase",
            protocol="saop",
            strategies={"buyer": Loops(where)},
            agent_move_seconds=0.3,
        )
        took = time.monotonic() - started
        reason = t["breakdown"]["reason"]
        assert f"`{where}` ran past its budget (0.3 s a move" in reason, reason
        assert took < 5, took
    # The whole negotiation's budget bounds many short moves too.
    class Slow(pactum.Strategy):
        def propose(self, view):
            time.sleep(0.05)
            return view.own.ranking[0][0]

        def respond(self, view, offer):
            return False

    t = pactum.talks(
        "car-purchase", protocol="saop", rounds=1000, strategies={"buyer": Slow},
        agent_negotiation_seconds=0.5,
    )
    assert "ran past its budget" in t["breakdown"]["reason"], t["breakdown"]
    # Nothing is left pending: the next talks run as usual.
    t = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": Loops("nowhere")})
    assert "budget" not in json.dumps(t.get("breakdown") or {})
    # In a tournament, the looping strategy's negotiations end as errors, the others play.
    def looping():
        return Loops("propose")

    rows = pactum.tournament(
        ["car-purchase"], ["boulware", looping], repetitions=1, self_play=True, agent_move_seconds=0.2
    )
    errors = [r for r in rows if r.get("error")]
    assert errors and all("ran past its budget" in r["error"] for r in errors), rows
    assert any(not r.get("error") for r in rows), rows


def test_an_offer_across_its_own_red_line_and_a_non_bool_answer_are_errors():
    class CrossesRedLine(pactum.Strategy):
        def propose(self, view):
            own = view.own
            return next(k for k in range(own.outcomes) if not own.acceptable(k))

        def respond(self, view, offer):
            return False

    t = pactum.talks("abu-dhabi-trilateral", protocol="saop", strategies={"russia": CrossesRedLine})
    assert "crosses its own red lines" in t["breakdown"]["reason"]

    class Maybe(pactum.Strategy):
        def propose(self, view):
            return view.own.ranking[0][0]

        def respond(self, view, offer):
            return "maybe"

    t = pactum.talks("car-purchase", protocol="saop", strategies={"dealer": Maybe})
    assert "respond returned 'maybe'; expected True or False" in t["breakdown"]["reason"]


def test_bad_requests_raise_talks_errors():
    with pytest.raises(pactum.TalksError, match="names no party"):
        pactum.talks("car-purchase", protocol="saop", strategies={"seller": "boulware"})
    with pytest.raises(pactum.TalksError, match="no strategy named `bolware`"):
        pactum.talks("car-purchase", protocol="saop", strategies={"buyer": "bolware"})
    with pytest.raises(TypeError, match="expected a Strategy subclass"):
        pactum.talks("car-purchase", protocol="saop", strategies={"buyer": dict})


def test_an_outside_process_agent_plays_from_python_too():
    agent = f"exec:{sys.executable} {ROOT / 'examples/agents/boulware.py'}"
    t = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": agent})
    b = pactum.talks("car-purchase", protocol="saop", strategies={"buyer": "boulware"})
    assert t["rounds"] == b["rounds"]


# --- tournaments -------------------------------------------------------------------------


def test_a_tournament_mixes_python_and_built_in_strategies_and_stores_its_rows(tmp_path):
    db = tmp_path / "results.sqlite"
    rows = pactum.tournament(
        ["car-purchase", "inheritance"],
        ["boulware", "tit-for-tat", Linear, pactum.TimeDependent],
        repetitions=2,
        db=str(db),
    )
    assert len(rows) == 2 * 12 * 2
    assert {r["schema"] for r in rows} == {"pactum.tournament_row"}
    labels = {s for r in rows for s in r["strategies"].values()}
    assert {"boulware", "tit-for-tat", "python:Linear", "python:TimeDependent"} <= labels
    assert not any(r.get("error") for r in rows)
    # A real SQLite file, readable by anyone.
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM negotiations").fetchone()[0] == len(rows)
    # Resuming a complete run runs nothing and returns the same rows; a second run without
    # resume refuses to replace the file.
    assert pactum.tournament(["car-purchase", "inheritance"], ["boulware", "tit-for-tat", Linear, pactum.TimeDependent], repetitions=2, db=str(db), resume=True) == rows
    with pytest.raises(pactum.TalksError, match="exists"):
        pactum.tournament(["car-purchase"], ["boulware", Linear], db=str(db))
    with pytest.raises(TypeError, match="pass its class"):
        pactum.tournament(["car-purchase"], ["boulware", Linear()])


DETERMINISM = """
import json, sys
import pactum
sys.path.insert(0, {tests!r})
from test_pactum import Linear

rows = pactum.tournament(["car-purchase", "supply-contract"], ["boulware", "random", Linear], repetitions=2)
talks = pactum.talks("car-purchase", protocol="saop", seed=5, strategies={{"buyer": Linear, "dealer": "random"}})
print(json.dumps([rows, talks, talks.record], sort_keys=True))
"""


def test_the_same_seed_gives_the_same_rows_and_record_at_one_and_two_threads():
    script = DETERMINISM.format(tests=str(ROOT / "crates/pactum-py/tests"))
    outputs = []
    for threads in ("1", "2"):
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        outputs.append(out.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_the_registry_is_listed():
    names = {s["name"] for s in pactum.strategies()}
    assert {"boulware", "linear", "micro", "tit-for-tat"} <= names
    boulware = next(s for s in pactum.strategies() if s["name"] == "boulware")
    assert boulware["parameters"][0]["name"] == "e"


def test_the_readme_quick_start_runs_as_written(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Python"):]
    code = section[section.index("```python") + len("```python"):]
    code = code[: code.index("```")]
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["rows"]) == 36
    assert (tmp_path / "results.sqlite").exists()


# --- the frontier kernels ----------------------------------------------------------------


def _frontier_by_parts(terms, reserved):
    """The frontier the way the drop-in computed it before the one-pass kernel: every outcome's
    utilities, the rational rows, then the exact skyline over them (groups of outcome numbers)."""
    import numpy as np

    from pactum import _native

    raw = _native.additive_points(*terms)
    rows = _native.rational_rows(raw, reserved)
    rational = np.frombuffer(rows, dtype="<u8")
    groups = _native.exact_frontier(raw, len(reserved), rows)
    points = np.frombuffer(raw, dtype="<f8").reshape(-1, len(reserved))
    return sorted([[int(rational[j]) for j in g] for g in groups]), points


@pytest.mark.parametrize("parties", [2, 3])
def test_the_one_pass_frontier_kernel_finds_every_frontier_point_of_a_large_space(parties):
    # Spaces of many chunks (2^14 outcomes each) and of one, tables fine-grained (few ties) and
    # coarse (many repeated vectors), reserved values that cut some outcomes or none: the fused
    # kernel must give exactly the groups and vectors the three-step path gives.
    import random

    import numpy as np

    from pactum import _native

    rng = random.Random(parties)
    for trial in range(8):
        radices = [rng.choice([3, 7, 10, 12]) for _ in range(rng.choice([2, 4, 5]))]
        coarse = trial % 2 == 1
        contributions = [
            [[rng.choice([0.0, 0.25, 0.5]) if coarse else rng.random() / len(radices) for _ in range(r)] for r in radices]
            for _ in range(parties)
        ]
        biases = [rng.choice([0.0, 0.1]) for _ in range(parties)]
        bias_last = [rng.random() < 0.5 for _ in range(parties)]
        reserved = [rng.choice([0.0, 0.3, float("-inf")]) for _ in range(parties)]
        terms = (contributions, biases, bias_last)
        expected, points = _frontier_by_parts(terms, reserved)
        groups, vectors = _native.additive_frontier(contributions, biases, bias_last, reserved)
        assert sorted(groups) == expected, (trial, radices)
        got = np.frombuffer(vectors, dtype="<f8").reshape(-1, parties)
        for g, v in zip(groups, got):
            assert list(points[g[0]]) == list(v)
