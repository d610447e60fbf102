#!/usr/bin/env node
// A conceding agent for pactum's talks in JavaScript (Node.js, no packages): the same
// pactum.agent/1 protocol as boulware.py, in another language. It answers with outcomes by
// their values ({issue: value}) rather than by index, to show both forms.
//
//   pactum talks car-purchase --protocol saop --strategy seller=exec:"node examples/agents/conceder.mjs"
//
// Its target falls linearly from its best utility to its fallback over the first half of the
// talks and stays there; it accepts any offer at or above the target.

import { createInterface } from "node:readline";

let ranking = []; // [{index, utility}], best first
let fallback = 0;
let issues = [];
let outcomes = 1;

// The values of an outcome index: the first issue varies slowest.
function valuesOf(index) {
  const out = {};
  let rest = index;
  let size = outcomes;
  for (const issue of issues) {
    size /= issue.values.length;
    const digit = Math.floor(rest / size);
    rest -= digit * size;
    out[issue.id] = issue.values[digit];
  }
  return out;
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const m = JSON.parse(line);
  const best = ranking.length ? ranking[0].utility : 0;
  const target = () => best - Math.max(best - fallback, 0) * Math.min(1, 2 * m.time);
  let answer;
  switch (m.type) {
    case "start":
      ({ ranking, fallback, issues, outcomes } = m);
      answer = { type: "ready", protocol: "pactum.agent/1", name: "conceder.mjs" };
      break;
    case "propose": {
      const t = target();
      const above = ranking.filter((r) => r.utility >= t);
      const pick = above.length ? above[above.length - 1] : ranking[0];
      answer = { type: "offer", outcome: valuesOf(pick.index) };
      break;
    }
    case "respond":
      answer = { type: m.offer.utility >= target() ? "accept" : "reject" };
      break;
    case "end":
      lines.close();
      return;
    default:
      return;
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
