// tickcast live page: polls the read-only REST API and draws three uPlot charts per symbol.
"use strict";

const REFRESH_MS = 3000;
const PRICE_POINTS = 150;   // the price chart shows the newest points only, so the band stays visible
// Maps, not {}: a symbol is feed data, and one named "constructor" or "__proto__" would find
// Object.prototype's members in a plain object and stop every symbol after it.
const charts = new Map();   // symbol -> {price, skill, training, facts, drifts, error}
const failures = new Map(); // symbol -> refreshes whose data could not be drawn (also in stats)

// The API did not answer (rebalance 503, restart, network): not the data's fault, retried quietly.
class Unavailable extends Error {}
// Statuses that mean "not now" (503 during a rebalance; 502/504 from a proxy in front). Any other
// failure (500: the stored state is corrupt, 404: unknown symbol) is an error shown on the symbol.
const RETRY_LATER = new Set([502, 503, 504]);

function fmt(v, digits) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
}

// Vertical red lines at the bars where the drift count went up.
function driftMarks(times) {
  return {
    hooks: {
      draw: [u => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = "rgba(214,39,40,0.8)";
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1;
        for (const t of times()) {
          const x = Math.round(u.valToPos(t, "x", true));
          if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
        }
        ctx.restore();
      }],
    },
  };
}

function makeCharts(symbol) {
  const box = document.createElement("div");
  box.className = "symbol";
  box.innerHTML = `<h2></h2><div class="error" hidden></div><div class="facts"></div><div class="charts"></div>`
    + `<div class="drifts"></div>`;
  box.querySelector("h2").textContent = symbol;
  document.getElementById("symbols").appendChild(box);
  const area = box.querySelector(".charts");
  const c = { drifts: [], facts: box.querySelector(".facts"), driftList: box.querySelector(".drifts"),
    box, errorLine: box.querySelector(".error"), error: null };
  const marks = driftMarks(() => c.drifts);
  const width = Math.max(340, Math.min(560, (window.innerWidth - 100) / 3));
  c.price = new uPlot({
    title: "price and forecast (± 1 sigma), newest " + PRICE_POINTS, width, height: 240, plugins: [marks],
    series: [{}, { label: "last price", stroke: "#1f77b4", width: 1.5 },
      { label: "forecast (published)", stroke: "#ff7f0e", width: 1.5 },
      { label: "model forecast", stroke: "#2ca02c", width: 1, dash: [4, 3] },
      { label: "upper", stroke: "rgba(255,127,14,0.3)" }, { label: "lower", stroke: "rgba(255,127,14,0.3)" }],
    bands: [{ series: [4, 5], fill: "rgba(255,127,14,0.15)" }],
    axes: [{}, { size: 70 }],
  }, [[], [], [], [], [], []], area);
  c.skill = new uPlot({
    title: "windowed skill vs naive", width, height: 240, plugins: [marks],
    series: [{}, { label: "model", stroke: "#1f77b4", width: 1.5 },
      { label: "EWMA baseline", stroke: "#2ca02c", width: 1.5 },
      { label: "naive (0)", stroke: "#999", dash: [5, 5] }],
    axes: [{}, { size: 60 }],
  }, [[], [], [], []], area);
  c.training = new uPlot({
    title: "training: loss, B_simple and B", width, height: 240, plugins: [marks],
    scales: { b: { distr: 3 } },
    series: [{}, { label: "loss (EMA)", stroke: "#9467bd", width: 1.5, scale: "loss" },
      { label: "B_simple", stroke: "#8c564b", width: 1.5, scale: "b" },
      { label: "B", stroke: "#e377c2", width: 1.5, scale: "b" }],
    axes: [{}, { scale: "loss", size: 50 }, { scale: "b", side: 1, size: 60, grid: { show: false } }],
  }, [[], [], [], []], area);
  charts.set(symbol, c);
  return c;
}

// Painted pixels of a chart's canvas (every 4th pixel sampled): 0 means nothing was drawn.
// Read through a copy, so the chart's own canvas is never read back.
const probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });

function ink(u) {
  const cv = u.ctx.canvas;
  probe.canvas.width = cv.width;
  probe.canvas.height = cv.height;
  probe.clearRect(0, 0, cv.width, cv.height);
  probe.drawImage(cv, 0, 0);
  const px = probe.getImageData(0, 0, cv.width, cv.height).data;
  let n = 0;
  for (let i = 3; i < px.length; i += 16) {
    if (px[i] > 0) n++;
  }
  return n;
}

function count(series) {
  return series.filter(v => v !== null && v !== undefined && Number.isFinite(v)).length;
}

function draw(symbol, summary, points) {
  const c = charts.get(symbol) ?? makeCharts(symbol);
  const t = points.map(p => p.t / 1000);
  const col = k => points.map(p => (p[k] === null ? null : p[k]));
  const positive = k => points.map(p => (p[k] > 0 ? p[k] : null));
  // Everything is computed before the first chart changes, so data that cannot be read leaves the
  // last good charts whole under the error line.
  const drifts = [];
  for (let i = 1; i < points.length; i++) {
    if (points[i].drifts > points[i - 1].drifts) drifts.push(t[i]);
  }
  const price = [t, col("lastPrice"), col("forecastPrice"), col("modelPrice"), col("upper"), col("lower")]
    .map(a => a.slice(-PRICE_POINTS));
  const skill = [t, col("skill"), col("skillEwma"), points.map(() => 0)];
  const training = [t, col("lastLoss"), positive("noiseScale"), positive("batchSize")];
  // toISOString throws (RangeError) on a point whose t is not a number: before any chart changes.
  const driftText = drifts.length === 0 ? "" : "drift alarms at "
    + drifts.slice(-8).map(s => new Date(s * 1000).toISOString().slice(0, 16).replace("T", " ")).join(", ");
  c.drifts = drifts;
  c.price.setData(price);
  c.skill.setData(skill);
  c.training.setData(training);
  const last = points[points.length - 1] || {};
  c.facts.innerHTML = "";
  c.facts.textContent = `last price ${fmt(last.lastPrice, 2)} · forecast ${fmt(last.forecastPrice, 2)}`
    + ` [${fmt(last.lower, 2)}, ${fmt(last.upper, 2)}] · source ${summary.source}`
    + ` · model v${summary.modelVersion} · bars ${summary.barsSeen} · skill ${fmt(summary.skill, 4)}`
    + ` · drifts ${last.drifts === undefined ? "–" : last.drifts}`;
  c.driftList.textContent = driftText;
  c.points = { price: price.slice(1).map(count), skill: skill.slice(1).map(count),
    training: training.slice(1).map(count) };
}

// Shows (or, with null, clears) a symbol's error line; its last good charts stay below it.
function mark(symbol, message) {
  const c = charts.get(symbol) ?? makeCharts(symbol);
  c.error = message;
  c.errorLine.textContent = message || "";
  c.errorLine.hidden = !message;
  c.box.classList.toggle("failed", Boolean(message));
}

// mark() for the error paths, which must not throw: the exception would leave refreshSymbol and
// stop the symbols after this one. If even the error line cannot be shown, the console says so once.
const unmarkable = new Set();
function markSafely(symbol, message) {
  try {
    mark(symbol, message);
  } catch (e) {
    if (!unmarkable.has(symbol)) {
      unmarkable.add(symbol);
      console.error(`tickcast live page: cannot show the error line of ${symbol}: ${e.message}`);
    }
  }
}

// uPlot paints in a microtask after setData: measure once it has. A symbol never drawn has no
// chart counts, only its failures.
function recordStats() {
  const stats = Object.create(null);   // what was drawn, for the browser test: symbol -> chart -> counts
  for (const [symbol, c] of charts) {
    stats[symbol] = { failures: failures.get(symbol) ?? 0, error: c.error };
    if (c.points) {
      for (const name of ["price", "skill", "training"]) {
        stats[symbol][name] = { points: c.points[name], ink: ink(c[name]) };
      }
    }
  }
  document.getElementById("render-stats").textContent = JSON.stringify(stats);
}

async function getJson(path) {
  let r;
  try {
    r = await fetch(path, { cache: "no-store" });
  } catch (e) {
    throw new Unavailable(`${path}: ${e.message}`);
  }
  if (!r.ok) {
    const problem = `${path}: HTTP ${r.status}${await errorField(r)}`;
    throw RETRY_LATER.has(r.status) ? new Unavailable(problem) : new Error(problem);
  }
  return r.json();   // a body that is not JSON is a data error, not an outage
}

// The API's own words for a failed request ({"status":500,"error":"..."}), if the body has them.
async function errorField(r) {
  try {
    const body = await r.json();
    return body !== null && typeof body.error === "string" ? ` (${body.error})` : "";
  } catch (e) {
    return "";
  }
}

// Fetches and draws one symbol; returns false when its data could not be drawn. Whatever fails
// stays with this symbol (an error line on its box), so one odd symbol never stops the others.
// The console gets one error per new message, not one per refresh.
async function refreshSymbol(summary) {
  const symbol = summary.symbol;
  try {
    draw(symbol, summary, await getJson("/api/history/" + encodeURIComponent(symbol)));
    mark(symbol, null);
    return true;
  } catch (e) {
    if (e instanceof Unavailable) {
      // Its owner moved or restarts: keep its last charts and try again at the next tick.
      markSafely(symbol, `waiting for its history (${e.message})`);
      return true;
    }
    failures.set(symbol, (failures.get(symbol) ?? 0) + 1);
    const message = `cannot draw ${symbol}: ${e.message}`;
    if (charts.get(symbol)?.error !== message) {
      console.error(`tickcast live page: ${message}`);
    }
    markSafely(symbol, message);
    return false;
  }
}

let symbolsError = null;   // the last /api/symbols error logged, so each is logged once
const UNLISTED_REFRESHES = 100;   // ≈ 5 min at REFRESH_MS: then an unlisted symbol's box goes

// A symbol left out of /api/symbols (its partition moved, it is restoring, or the server cannot read
// its stored state) keeps its last charts under a marker, so they are never silently stale; the
// marker goes when it is listed and drawn again. After UNLISTED_REFRESHES its box and uPlots are
// released, so a page left open does not grow with every symbol it ever saw. Returns how many are unlisted.
function markUnlisted(listed) {
  let unlisted = 0;
  for (const [symbol, c] of charts) {
    if (listed.has(symbol)) {
      c.unlisted = 0;
      continue;
    }
    unlisted++;
    c.unlisted = (c.unlisted ?? 0) + 1;
    if (c.unlisted === 1) {
      markSafely(symbol, `not listed since ${new Date().toISOString().slice(11, 19)} UTC (moved, restoring,`
        + " or its state cannot be read: see the server log)");
    } else if (c.unlisted > UNLISTED_REFRESHES) {
      try {
        [c.price, c.skill, c.training].forEach(u => u.destroy());
        c.box.remove();
      } catch (e) {
        console.error(`tickcast live page: cannot remove ${symbol}: ${e.message}`);
      }
      charts.delete(symbol);
      failures.delete(symbol);
      unmarkable.delete(symbol);
    }
  }
  return unlisted;
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const listed = await getJson("/api/symbols");
    if (!Array.isArray(listed)) {
      throw new Error("/api/symbols: not a list");
    }
    const symbols = listed.filter(s => s !== null && typeof s === "object" && typeof s.symbol === "string");
    symbolsError = null;
    let failed = 0;
    for (const s of symbols) {
      if (!await refreshSymbol(s)) {
        failed++;
      }
    }
    const unlisted = markUnlisted(new Set(symbols.map(s => s.symbol)));
    setTimeout(recordStats, 50);
    status.textContent = `${symbols.length} symbol(s)`
      + (failed === 0 ? "" : `, ${failed} not drawn (see the console)`)
      + (unlisted === 0 ? "" : `, ${unlisted} no longer listed`)
      + `, updated ${new Date().toISOString().slice(11, 19)} UTC`;
  } catch (e) {
    // A rebalance (503) or a restart: keep the last charts and try again at the next tick.
    if (!(e instanceof Unavailable) && e.message !== symbolsError) {
      console.error(`tickcast live page: cannot read /api/symbols: ${e.message}`);
    }
    symbolsError = e instanceof Unavailable ? null : e.message;
    status.textContent = `waiting for the API (${e.message})`;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
