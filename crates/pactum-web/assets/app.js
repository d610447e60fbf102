// pactum serve: the page. No framework and no build step: it talks to /api/* and draws the
// utility plane as SVG itself, so it works offline from the binary alone.
"use strict";

const state = {
  ref: null,          // how the server reads the scenario: {name} or {files}
  briefing: null,     // pactum show --format json
  negotiators: [],
  constraints: [],
  relaxed: new Set(),
  set: {},            // "party.fallback" or "party.issue" -> number
  fix: {},            // issue -> value id
  analysis: null,
  plane: null,
  talks: null,        // the talks document with its valued offers
  step: 0,
  pair: [0, 1],       // the negotiators on the plot's axes
  pending: 0,
  meta: null,
};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};
const fmt = (u) => (u === null || u === undefined || Number.isNaN(u)) ? "–" : (Math.round(u * 1000) / 1000).toString();

function showError(message) {
  const box = $("error");
  if (!message) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = message;
}
function status(text) { $("status").textContent = text; }

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  };
  const r = await fetch(path, init);
  const text = await r.text();
  let data;
  try { data = JSON.parse(text); } catch { data = { error: text || r.statusText }; }
  if (!r.ok) {
    const e = new Error(data.error || r.statusText);
    e.status = r.status;
    throw e;
  }
  return data;
}

function whatIf() {
  const set = [];
  for (const [key, value] of Object.entries(state.set)) {
    const [party, what] = key.split(".");
    if (what === "fallback") set.push({ party, fallback: value });
    else set.push({ party, issue: what, weight: value });
  }
  const fix = Object.entries(state.fix).filter(([, v]) => v).map(([i, v]) => `${i}=${v}`);
  return { scenario: state.ref, relax: [...state.relaxed], fix, set };
}

// ---- opening a scenario -------------------------------------------------------------------

async function open(ref) {
  showError("");
  status("Opening…");
  try {
    const doc = await api("/api/scenario", { scenario: ref });
    state.ref = ref;
    state.briefing = doc.briefing;
    state.negotiators = doc.negotiators;
    state.constraints = doc.constraints;
    state.relaxed = new Set();
    state.set = {};
    state.fix = {};
    state.talks = null;
    state.pair = [0, 1];
    renderPairs(doc.negotiators);
    $("toml").value = doc.toml;
    renderBriefing();
    renderWhatIf();
    renderTalksForm();
    $("talks-result").textContent = "";
    $("stepper").hidden = true;
    await analyse();
  } catch (e) {
    showError(e.message);
    status("");
  }
}

function renderPairs(parties) {
  const select = $("pair");
  select.replaceChildren();
  for (let x = 0; x < parties.length; x++) {
    for (let y = x + 1; y < parties.length; y++) {
      select.append(el("option", { value: `${x},${y}`, text: `${parties[x]} × ${parties[y]}` }));
    }
  }
  $("pair-choice").hidden = parties.length < 3;
}

// ---- the briefing ------------------------------------------------------------------------

function provenance(p) {
  if (!p) return null;
  const bits = [];
  if (p.sources && p.sources.length) bits.push(`source ${p.sources.join(", ")}`);
  if (p.assumption) bits.push(`assumption: ${p.assumption}`);
  return bits.length ? el("span", { class: "prov", text: `(${bits.join("; ")})` }) : null;
}

function renderBriefing() {
  const b = state.briefing;
  const box = $("briefing-body");
  box.replaceChildren();
  box.append(el("h3", { text: b.title }));
  if (b.summary) box.append(el("p", { text: b.summary }));
  if (b.source) box.append(el("p", { class: "help", text: `Source: ${b.source}` }));
  box.append(el("h3", { text: "Parties and delegations" }));
  const parties = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "Party" }), el("th", { text: "Role" }), el("th", { text: "Delegation" }))));
  const tbody = el("tbody");
  for (const p of b.parties) {
    const del = el("ul");
    for (const d of p.delegation) {
      del.append(el("li", { text: `${d.title ? d.title + " " : ""}${d.name} — ${d.role}${d.at_table ? "" : " (not at the table)"} ` }, provenance(d.provenance)));
    }
    tbody.append(el("tr", {}, el("td", { text: p.name }), el("td", { text: p.role }), el("td", {}, del)));
  }
  parties.append(tbody);
  box.append(parties);
  if (b.timeline.length) {
    box.append(el("h3", { text: "Timeline" }));
    const list = el("ol");
    for (const t of b.timeline) {
      list.append(el("li", {}, el("strong", { text: `${t.when}${t.place ? ", " + t.place : ""}: ` }), t.summary, " ", provenance(t.provenance)));
    }
    box.append(list);
  }
  box.append(el("h3", { text: "Issues" }));
  const issues = el("ul");
  for (const i of b.issues) {
    const values = i.kind === "options"
      ? i.options.map((o) => o.label || o.id).join(" · ")
      : `${i.min} to ${i.max} in steps of ${i.step}${i.unit ? " " + i.unit : ""}`;
    issues.append(el("li", {}, el("strong", { text: i.label || i.id }), `: ${values} `, provenance(i.provenance)));
  }
  box.append(issues);
  box.append(el("h3", { text: "Red lines and fallbacks" }));
  const lines = el("ul");
  for (const p of b.parties.filter((p) => p.role === "party")) {
    for (const r of p.red_lines) {
      lines.append(el("li", {}, el("strong", { text: `${p.name}: ` }), `${r.description || r.expr} `, el("code", { text: r.expr }), " ", provenance(r.provenance)));
    }
    lines.append(el("li", {}, el("strong", { text: `${p.name}: ` }), `fallback ${fmt(p.fallback.utility)} `, provenance(p.fallback.provenance)));
  }
  box.append(lines);
}

// ---- the what-if panel -------------------------------------------------------------------

let timer = null;
function changed() {
  clearTimeout(timer);
  timer = setTimeout(analyse, 60);
}

function renderWhatIf() {
  const c = $("constraints");
  c.replaceChildren(el("legend", { text: "Constraints in force" }));
  for (const k of state.constraints) {
    const id = `c-${k.id}`;
    const box = el("input", { type: "checkbox", id, checked: true, "data-constraint": k.id,
      onchange: (e) => { if (e.target.checked) state.relaxed.delete(k.id); else state.relaxed.add(k.id); changed(); } });
    const text = k.kind === "fallback" ? `${k.party}: fallback` : `${k.id} — ${k.text}`;
    c.append(el("label", { for: id }, box, " ", text), el("br"));
  }
  const n = $("numbers");
  n.replaceChildren(el("legend", { text: "Fallbacks and weights" }));
  const table = el("table");
  const issues = state.briefing.issues;
  table.append(el("tr", {}, el("th", { text: "Party" }), el("th", { text: "fallback" }), ...issues.map((i) => el("th", { text: `weight: ${i.id}` }))));
  for (const p of state.briefing.parties.filter((p) => state.negotiators.includes(p.id))) {
    const row = el("tr", {}, el("th", { scope: "row", text: p.id }));
    const number = (key, value, label) => {
      const input = el("input", { type: "number", class: "num", step: "0.05", value, "aria-label": label, id: `n-${key}`,
        oninput: (e) => { const v = parseFloat(e.target.value); if (Number.isFinite(v)) { state.set[key] = v; changed(); } } });
      return el("td", {}, input);
    };
    row.append(number(`${p.id}.fallback`, p.fallback.utility, `${p.id}'s fallback`));
    for (const i of issues) {
      const pref = p.preferences.issues.find((x) => x.issue === i.id);
      row.append(pref ? number(`${p.id}.${i.id}`, pref.weight, `${p.id}'s weight on ${i.id}`) : el("td", { text: "–" }));
    }
    table.append(row);
  }
  n.append(table);
  const f = $("fixes");
  f.replaceChildren(el("legend", { text: "Fix an issue" }));
  for (const i of issues) {
    const id = `fix-${i.id}`;
    const onchange = (e) => { state.fix[i.id] = e.target.value.trim(); changed(); };
    let control;
    if (i.kind === "options") {
      control = el("select", { id, onchange },
        el("option", { value: "", text: "any" }), ...i.options.map((o) => el("option", { value: o.id, text: o.label || o.id })));
    } else {
      // A numeric issue: its values as a list when few, else a number field the server checks.
      const n = Math.floor((i.max - i.min) / i.step + 1e-9) + 1;
      if (n <= 200) {
        const values = [...Array(n).keys()].map((k) => Math.round((i.min + k * i.step) * 1e9) / 1e9);
        control = el("select", { id, onchange },
          el("option", { value: "", text: "any" }), ...values.map((v) => el("option", { value: String(v), text: `${v}${i.unit ? " " + i.unit : ""}` })));
      } else {
        control = el("input", { id, type: "number", min: i.min, max: i.max, step: i.step, placeholder: "any", class: "num", onchange });
      }
    }
    f.append(el("label", { for: id, text: `${i.label || i.id} ` }), control, " ");
  }
}

async function analyse() {
  if (!state.ref) return;
  const started = performance.now();
  const mine = ++state.pending;
  try {
    const body = whatIf();
    const [analysis, plane] = await Promise.all([api("/api/analyze", body), api("/api/plane", body)]);
    if (mine !== state.pending) return; // a later change is on its way
    state.analysis = analysis;
    state.plane = plane;
    showError("");
    renderAnswer();
    draw();
    status(`Analysed in ${Math.round(performance.now() - started)} ms.`);
  } catch (e) {
    if (mine !== state.pending) return;
    showError(e.message);
    status("");
  }
}

function terms(outcome) {
  return Object.entries(outcome).map(([k, v]) => `${k}=${v}`).join(", ");
}
function utilities(u) {
  return Object.entries(u).map(([k, v]) => `${k} ${fmt(v)}`).join(", ");
}

function renderAnswer() {
  const a = state.analysis;
  const zone = $("zone");
  const acceptable = a.acceptable;
  zone.dataset.acceptable = acceptable === null ? "unknown" : String(acceptable);
  zone.className = acceptable === 0 ? "empty" : "open";
  zone.textContent = acceptable === null
    ? `${a.outcomes_exact} outcomes: too many to count; ${a.pareto_size} on the Pareto frontier.`
    : acceptable === 0
      ? `No deal: none of the ${a.outcomes_exact} outcomes is acceptable to every party.`
      : `${acceptable} of ${a.outcomes_exact} outcomes are acceptable to every party; ${a.pareto_size} are Pareto-efficient.`;
  const blocking = $("blocking");
  blocking.replaceChildren();
  if (a.blocking_detail && a.blocking_detail.length) {
    blocking.append(el("h3", { text: "What blocks a deal: relax any one of these" }));
    const list = el("ol");
    for (const b of a.blocking_detail) {
      list.append(el("li", { text: `${b.constraints.join(" + ")} — opens ${b.opens} outcomes${b.nash ? "; Nash deal: " + terms(b.nash.outcome) + " → " + utilities(b.nash.utilities) : ""}` }));
    }
    blocking.append(list);
  }
  if (a.incompatible && a.incompatible.length) {
    const list = el("ul", { id: "incompatible" });
    for (const c of a.incompatible) {
      list.append(el("li", { text: c.complements
        ? `${c.a} and ${c.b} are complements: every outcome satisfies exactly one, so no protocol can bridge them — only one side giving way, or the issue re-framed.`
        : `${c.a} and ${c.b} are incompatible: no outcome satisfies both.` }));
    }
    blocking.append(el("h3", { text: "Red lines no protocol can bridge" }), list);
  }
  if (a.red_line_prices && a.red_line_prices.length) {
    const t = el("table", { id: "prices" }, el("caption", { text: "The price of each red line (its set relaxed, at the Nash deal it opens)" }),
      el("tr", {}, ...["Red line", "Party gets", "Best in zone", "Fallback", "Gives up on its issues", "Other issues can add"].map((h) => el("th", { text: h }))));
    for (const p of a.red_line_prices) {
      t.append(el("tr", {}, el("td", { text: p.red_line }), el("td", { text: `${p.party} ${fmt(p.nash_utility)}` }), el("td", { text: fmt(p.best_in_zone) }),
        el("td", { text: fmt(p.fallback) }), el("td", { text: fmt(p.loss) }), el("td", { text: `${fmt(p.available)}${p.covered ? " (covers it)" : " (does not)"}` })));
    }
    blocking.append(t);
  }
  if (a.coalitions && a.parties.length >= 3) {
    const t = el("table", { id: "coalitions" }, el("caption", { text: "Coalitions: outcomes all members accept, each with its own constraints" }));
    for (const c of a.coalitions) t.append(el("tr", {}, el("td", { text: c.members.join(" + ") }), el("td", { text: String(c.acceptable) })));
    blocking.append(t);
    if (a.blocking_parties && a.blocking_parties.length) {
      blocking.append(el("p", { text: `The others would have a zone without ${a.blocking_parties.map((b) => b.join(" and ")).join(", or without ")}.` }));
    }
  }
  if (a.closest && acceptable === 0) {
    blocking.append(el("p", { text: `Closest to agreement: ${terms(a.closest.outcome)} → ${utilities(a.closest.utilities)}; crosses ${a.closest.violated.join(", ")}.` }));
  }
  const points = $("points");
  points.replaceChildren();
  const rows = [["Nash", a.nash], ["Kalai–Smorodinsky", a.kalai_smorodinsky], ["egalitarian", a.egalitarian], ["utilitarian", a.utilitarian]].filter(([, d]) => d);
  if (rows.length) {
    const t = el("table", {}, el("caption", { text: "Bargaining solutions on the frontier" }),
      el("tr", {}, el("th", { text: "Solution" }), el("th", { text: "Deal" }), el("th", { text: "Utilities" })));
    for (const [name, d] of rows) t.append(el("tr", {}, el("td", { text: name }), el("td", { text: terms(d.outcome) }), el("td", { text: utilities(d.utilities) })));
    points.append(t);
  }
}

// ---- the utility plane -------------------------------------------------------------------

const NS = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs = {}) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const COLOURS = { acceptable: "#009e73", below_fallback: "#e69f00", across_red_line: "#969696" };
const LABELS = { acceptable: "acceptable to all", below_fallback: "below a fallback only", across_red_line: "across a red line" };

// Round tick values: a step of 1, 2 or 5 times a power of ten, about 8 ticks across.
function ticks(lo, hi) {
  const raw = (hi - lo) / 8;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function draw() {
  const p = state.plane, a = state.analysis;
  const box = $("plot");
  box.replaceChildren();
  if (!p || p.parties.length < 2) { $("plot-caption").textContent = "One negotiator: no plane to draw."; return; }
  // The chosen pair of negotiators (the first two unless another is chosen).
  const [ix, iy] = state.pair[1] < p.parties.length ? state.pair : [0, 1];
  const px = p.parties[ix], py = p.parties[iy];
  const W = 640, H = 520, L = 56, R = 16, T = 16, B = 48;
  const fallbacks = a.fallbacks;
  const span = (k, party) => {
    let [lo, hi] = p.ranges[k];
    for (const d of a.pareto) { lo = Math.min(lo, d.utilities[party]); hi = Math.max(hi, d.utilities[party]); }
    const f = state.relaxed.has(`${party}.fallback`) ? null : fallbacks[party];
    if (f !== null && f !== undefined) { lo = Math.min(lo, f); hi = Math.max(hi, f); }
    if (state.talks && state.talks.offers) for (const o of state.talks.offers) { lo = Math.min(lo, o.utilities[k]); hi = Math.max(hi, o.utilities[k]); }
    if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
    const pad = (hi - lo) * 0.04;
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = span(ix, px), [y0, y1] = span(iy, py);
  const X = (u) => L + (u - x0) / (x1 - x0) * (W - L - R);
  const Y = (u) => H - B - (u - y0) / (y1 - y0) * (H - T - B);
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, "aria-labelledby": "plot-title" });
  const title = svgEl("title", { id: "plot-title" });
  title.textContent = `Utility of ${px} against ${py}`;
  svg.append(title);
  // Axes and ticks.
  svg.append(svgEl("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "white", stroke: "#bbb" }));
  for (const ux of ticks(x0, x1)) {
    const tx = svgEl("text", { x: X(ux), y: H - B + 16, "text-anchor": "middle", "font-size": 11 });
    tx.textContent = fmt(ux); svg.append(tx);
    svg.append(svgEl("line", { x1: X(ux), x2: X(ux), y1: T, y2: H - B, stroke: "#eee" }));
  }
  for (const uy of ticks(y0, y1)) {
    const ty = svgEl("text", { x: L - 6, y: Y(uy) + 4, "text-anchor": "end", "font-size": 11 });
    ty.textContent = fmt(uy); svg.append(ty);
    svg.append(svgEl("line", { x1: L, x2: W - R, y1: Y(uy), y2: Y(uy), stroke: "#eee" }));
  }
  const lx = svgEl("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle", "font-size": 13 });
  lx.textContent = `utility of ${px}`; svg.append(lx);
  const ly = svgEl("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle", "font-size": 13, transform: `rotate(-90 14 ${(T + H - B) / 2})` });
  ly.textContent = `utility of ${py}`; svg.append(ly);
  // Outcomes.
  const cloud = svgEl("g", { class: "outcomes" });
  if (p.cloud.points) {
    for (const verdict of ["across_red_line", "below_fallback", "acceptable"]) {
      for (const [u, v] of p.cloud.points) {
        if (v !== verdict) continue;
        cloud.append(svgEl("circle", { cx: X(u[ix]), cy: Y(u[iy]), r: v === "acceptable" ? 4 : 3, fill: COLOURS[v], "fill-opacity": 0.75, "data-verdict": v }));
      }
    }
  } else {
    const g = p.cloud.density.find((d) => d.x === ix && d.y === iy);
    const n = p.cloud.bins;
    const [rx, ry] = [p.ranges[ix], p.ranges[iy]];
    let most = 1;
    for (const v of ["across_red_line", "below_fallback", "acceptable"]) for (const c of g[v]) most = Math.max(most, c[2]);
    for (const v of ["across_red_line", "below_fallback", "acceptable"]) {
      for (const [col, row, count] of g[v]) {
        const ax = rx[0] + (rx[1] - rx[0]) * col / n, bx = rx[0] + (rx[1] - rx[0]) * (col + 1) / n;
        const ay = ry[0] + (ry[1] - ry[0]) * row / n, by = ry[0] + (ry[1] - ry[0]) * (row + 1) / n;
        cloud.append(svgEl("rect", { x: X(ax), y: Y(by), width: Math.max(1, X(bx) - X(ax)), height: Math.max(1, Y(ay) - Y(by)),
          fill: COLOURS[v], "fill-opacity": 0.18 + 0.82 * Math.log1p(count) / Math.log1p(most), "data-verdict": v }));
      }
    }
  }
  svg.append(cloud);
  // Fallbacks.
  const fx = state.relaxed.has(`${px}.fallback`) ? null : fallbacks[px];
  const fy = state.relaxed.has(`${py}.fallback`) ? null : fallbacks[py];
  if (fx !== null && fx !== undefined) svg.append(svgEl("line", { x1: X(fx), x2: X(fx), y1: T, y2: H - B, stroke: "#555", "stroke-dasharray": "6 4" }));
  if (fy !== null && fy !== undefined) svg.append(svgEl("line", { x1: L, x2: W - R, y1: Y(fy), y2: Y(fy), stroke: "#555", "stroke-dasharray": "6 4" }));
  // Frontier.
  const front = a.pareto.map((d) => [d.utilities[px], d.utilities[py]]).sort((m, n) => m[0] - n[0] || n[1] - m[1]);
  if (front.length) {
    if (p.parties.length === 2) svg.append(svgEl("polyline", { points: front.map(([u, v]) => `${X(u)},${Y(v)}`).join(" "), fill: "none", stroke: "#005aa0", "stroke-width": 2, class: "frontier" }));
    for (const [u, v] of front) svg.append(svgEl("circle", { cx: X(u), cy: Y(v), r: 3, fill: "#005aa0", class: "frontier-point" }));
  }
  // Bargaining points.
  const marks = [["Nash", a.nash, "#c81e1e"], ["KS", a.kalai_smorodinsky, "#7828a0"], ["egalitarian", a.egalitarian, "#e68c00"], ["utilitarian", a.utilitarian, "#5a3c14"]];
  for (const [name, d, colour] of marks) {
    if (!d) continue;
    const cx = X(d.utilities[px]), cy = Y(d.utilities[py]);
    const g = svgEl("g", { class: "bargaining", "data-name": name });
    g.append(svgEl("path", { d: `M${cx - 6},${cy - 6}L${cx + 6},${cy + 6}M${cx - 6},${cy + 6}L${cx + 6},${cy - 6}`, stroke: colour, "stroke-width": 3 }));
    const t = svgEl("text", { x: cx + 8, y: cy - 6, "font-size": 11, fill: colour });
    t.textContent = name; g.append(t);
    svg.append(g);
  }
  // The talks, up to the round stepped to.
  if (state.talks && state.talks.offers) {
    const upto = state.talks.offers.filter((o) => o.round <= state.step);
    const who = [...new Set(state.talks.offers.map((o) => o.from))];
    const palette = ["#d55e00", "#0072b2", "#cc79a7", "#56b4e9"];
    who.forEach((w, k) => {
      const mine = upto.filter((o) => o.from === w);
      if (mine.length > 1) svg.append(svgEl("polyline", { points: mine.map((o) => `${X(o.utilities[ix])},${Y(o.utilities[iy])}`).join(" "), fill: "none", stroke: palette[k % 4], "stroke-opacity": 0.7 }));
      for (const o of mine) svg.append(svgEl("rect", { x: X(o.utilities[ix]) - 4, y: Y(o.utilities[iy]) - 4, width: 8, height: 8, fill: palette[k % 4], class: "offer", "data-round": o.round }));
    });
    const last = upto[upto.length - 1];
    if (last) svg.append(svgEl("circle", { cx: X(last.utilities[ix]), cy: Y(last.utilities[iy]), r: 9, fill: "none", stroke: "#1e1e1e", "stroke-width": 2, class: "current" }));
  }
  box.append(svg);
  const counts = p.counts;
  $("plot-caption").textContent = `${p.sampled ? `A seeded sample of ${p.seen} of ${p.outcomes} outcomes` : `${p.outcomes} outcomes`}: ${counts.acceptable} ${LABELS.acceptable} (green), ${counts.below_fallback} ${LABELS.below_fallback} (orange), ${counts.across_red_line} ${LABELS.across_red_line} (grey). Blue: the Pareto frontier. Dashed: the fallbacks.${p.parties.length > 2 ? ` Shown: ${px} × ${py} of ${p.parties.join(", ")}.` : ""}`;
}

// ---- the talks ---------------------------------------------------------------------------

function renderTalksForm() {
  const select = $("protocol");
  select.replaceChildren(el("option", { value: "", text: "the scenario's" }), ...state.meta.protocols.map((p) => el("option", { value: p.id, text: p.id, title: p.about })));
  const box = $("strategy-inputs");
  box.replaceChildren();
  const list = el("datalist", { id: "strategy-names" }, ...state.meta.strategies.map((s) => el("option", { value: s.name, label: s.about })));
  box.append(list);
  for (const p of state.negotiators) {
    const id = `strategy-${p}`;
    box.append(el("label", { for: id, text: ` ${p}'s strategy ` }), el("input", { id, list: "strategy-names", size: 14, placeholder: "scenario's", "data-party": p }));
  }
}

async function runTalks(event) {
  event.preventDefault();
  showError("");
  status("Running the talks…");
  const body = { scenario: state.ref, relax: [...state.relaxed], set: whatIf().set, valued: true };
  const protocol = $("protocol").value;
  if (protocol) body.protocol = protocol;
  const strategies = {};
  for (const input of document.querySelectorAll("#strategy-inputs input[data-party]")) if (input.value.trim()) strategies[input.dataset.party] = input.value.trim();
  if (Object.keys(strategies).length) body.strategies = strategies;
  const rounds = parseInt($("rounds").value, 10), seed = parseInt($("seed").value, 10);
  if (Number.isFinite(rounds)) body.rounds = rounds;
  if (Number.isFinite(seed)) body.seed = seed;
  try {
    const t = await api("/api/talks", body);
    state.talks = t;
    const last = t.rounds.length ? t.rounds[t.rounds.length - 1].round : 0;
    $("talks-result").replaceChildren(el("p", { id: "talks-outcome", "data-result": t.result, text: t.result === "agreement"
      ? `Agreement in round ${t.agreement.round}: ${terms(t.agreement.outcome)} → ${utilities(t.agreement.utilities)}.`
      : `No agreement (round ${t.breakdown.round}): ${t.breakdown.reason}.` }));
    const step = $("step");
    step.max = String(last);
    step.min = "0";
    $("stepper").hidden = false;
    setStep(last);
    status(`The talks ran ${t.rounds.length} rounds under ${t.protocol}.`);
  } catch (e) {
    showError(e.message);
    status("");
  }
}

function setStep(k) {
  const t = state.talks;
  if (!t) return;
  const last = parseInt($("step").max, 10);
  state.step = Math.max(0, Math.min(last, k));
  $("step").value = String(state.step);
  $("step-label").textContent = `${state.step} of ${last}`;
  const round = t.rounds.find((r) => r.round === state.step);
  const box = $("step-text");
  box.replaceChildren();
  if (round) {
    box.append(el("p", { id: "round-text", text: `Round ${round.round} — on the table: ${round.text.map(([i, v]) => `${i}=${v}`).join(", ")}` }));
    const list = el("ul");
    for (const r of round.responses) list.append(el("li", { text: `${r.party}: ${r.accept ? "accepts" : "rejects"} (utility ${fmt(r.utility)}, needs ${fmt(r.threshold)})${r.red_lines && r.red_lines.length ? "; crosses " + r.red_lines.join(", ") : ""}` }));
    box.append(list);
  } else {
    box.append(el("p", { id: "round-text", text: state.step === 0 ? "Round 0: the caucuses, before any text is tabled." : `Round ${state.step}: no text.` }));
  }
  draw();
}

// ---- the editor --------------------------------------------------------------------------

async function applyToml() {
  await open({ files: [{ name: "edited.toml", text: $("toml").value }] });
}

function downloadToml() {
  const blob = new Blob([$("toml").value], { type: "application/toml" });
  const a = el("a", { href: URL.createObjectURL(blob), download: `${state.briefing ? state.briefing.id : "scenario"}.toml` });
  document.body.append(a);
  a.click();
  a.remove();
}

async function upload(event) {
  const files = [...event.target.files];
  if (!files.length) return;
  const texts = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
  await open({ files: texts });
}

// ---- start -------------------------------------------------------------------------------

async function start() {
  $("open").addEventListener("submit", (e) => { e.preventDefault(); const p = $("path").value.trim(); if (p) open({ name: p }); });
  $("scenario-select").addEventListener("change", (e) => open({ name: e.target.value }));
  $("upload").addEventListener("change", upload);
  $("talks-form").addEventListener("submit", runTalks);
  $("step").addEventListener("input", (e) => setStep(parseInt(e.target.value, 10)));
  $("step-first").addEventListener("click", () => setStep(0));
  $("step-back").addEventListener("click", () => setStep(state.step - 1));
  $("step-next").addEventListener("click", () => setStep(state.step + 1));
  $("step-last").addEventListener("click", () => setStep(parseInt($("step").max, 10)));
  $("apply-toml").addEventListener("click", applyToml);
  $("pair").addEventListener("change", (e) => { state.pair = e.target.value.split(",").map(Number); draw(); });
  $("download-toml").addEventListener("click", downloadToml);
  try {
    state.meta = await api("/api/scenarios");
  } catch (e) {
    showError(e.message);
    return;
  }
  const select = $("scenario-select");
  for (const s of state.meta.scenarios) select.append(el("option", { value: s.name, text: `${s.name} — ${s.outcomes} outcomes` }));
  const first = state.meta.served || state.meta.default;
  if (state.meta.served && !state.meta.scenarios.some((s) => s.name === state.meta.served)) {
    select.prepend(el("option", { value: state.meta.served, text: state.meta.served }));
  }
  select.value = first;
  await open({ name: first });
}

start();
