#!/usr/bin/env python3
"""An outside agent that breaks the pactum.agent protocol in the way its first argument names,
for the tests of the process layer (crates/pactum/tests/agents.rs). Until it misbehaves it plays
a hardliner: it offers its best outcome and rejects everything."""

import json
import os
import sys
import time

MODE = sys.argv[1]
# Misbehave at this round (default: the second), so the talks have started.
AT = int(sys.argv[2]) if len(sys.argv) > 2 else 2


def say(obj):
    print(json.dumps(obj), flush=True)


def main():
    if MODE == "silent-start":
        time.sleep(3600)
    ranking = []
    outcomes = 0
    for line in sys.stdin:
        m = json.loads(line)
        if m["type"] == "start":
            ranking = [r["index"] for r in m["ranking"]]
            outcomes = m["outcomes"]
            if MODE == "wrong-protocol":
                say({"type": "ready", "protocol": "pactum.agent/0"})
            else:
                say({"type": "ready", "protocol": "pactum.agent/1"})
            continue
        if m["type"] == "end":
            if MODE == "linger":
                time.sleep(3600)
            return
        if MODE == "slow":
            time.sleep(0.3)
        if m["round"] >= AT:
            if MODE == "hang":
                time.sleep(3600)
            if MODE == "fork-hang":
                # A child that keeps our stdout open and would outlive us: the group kill
                # must take it too. Its pid goes to the file named by the third argument.
                pid = os.fork()
                if pid == 0:
                    time.sleep(3600)
                    os._exit(0)
                with open(sys.argv[3], "w") as f:
                    f.write(str(pid))
                time.sleep(3600)
            if MODE == "crash":
                raise RuntimeError("deliberate failure in round %d" % m["round"])
            if MODE == "garbage":
                print("this is not JSON", flush=True)
                continue
            if MODE == "wrong-message":
                say({"type": "accept"} if m["type"] == "propose" else {"type": "ready", "protocol": "x"})
                continue
            if MODE == "unknown-field" and m["type"] == "propose":
                say({"type": "offer", "indx": ranking[0]})
                continue
            if MODE == "outside" and m["type"] == "propose":
                say({"type": "offer", "index": outcomes + 5})
                continue
            if MODE == "bad-value" and m["type"] == "propose":
                say({"type": "offer", "outcome": {"price": "free"}})
                continue
            if MODE == "red-line" and m["type"] == "propose":
                allowed = set(ranking)
                crossing = next(i for i in range(outcomes) if i not in allowed)
                say({"type": "offer", "index": crossing})
                continue
            if MODE == "huge-line":
                sys.stdout.write("x" * (2 << 20) + "\n")
                sys.stdout.flush()
                continue
            if MODE == "exit":
                sys.exit(3)
        if m["type"] == "propose":
            say({"type": "offer", "index": ranking[0]})
        else:
            say({"type": "reject"})


if __name__ == "__main__":
    main()
