#!/usr/bin/env python3
"""Plays examples/agents/boulware.py in a seat and writes every line of the exchange to the file
named by the first argument ("> " from pactum, "< " to it), so that a test can check that
docs/agents.md shows a real exchange."""

import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
agent = os.path.join(here, "..", "..", "..", "..", "examples", "agents", "boulware.py")
log = open(sys.argv[1], "w")
child = subprocess.Popen([sys.executable, agent], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
for line in sys.stdin:
    log.write("> " + line)
    child.stdin.write(line)
    child.stdin.flush()
    if json.loads(line)["type"] == "end":
        break
    answer = child.stdout.readline()
    log.write("< " + answer)
    sys.stdout.write(answer)
    sys.stdout.flush()
log.close()
