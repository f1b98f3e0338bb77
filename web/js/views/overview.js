// Overview: health, counts, percentiles, ingest rate, latency over time, recent traces.
import { api } from "../api.js";
import { el, errorBox, formatCount, formatMs, formatRate } from "../dom.js";
import { lineChart, barChart } from "../charts.js";
import { traceTable } from "./trace-list.js";

const REFRESH_MS = 5_000;
const WINDOW_MS = 15 * 60_000;
/** The ingest rate is the average over this much of the most recent timeline. */
const RATE_WINDOW_MS = 60_000;

export async function render(container, context) {
  let paused = context.params.get("paused") === "1";
  const toggle = el("button", { type: "button", class: "button", id: "refresh-toggle", "aria-pressed": String(paused) });
  const updated = el("span", { class: "muted", id: "last-updated" });
  const cards = el("div", { class: "cards", id: "overview-cards" });
  const charts = el("div", { class: "chart-grid" });
  const recent = el("div", { id: "recent-traces" });
  container.append(
    el("div", { class: "view-head" }, el("h1", { text: "Overview" }), el("div", { class: "head-actions" }, updated, toggle)),
    cards,
    charts,
    el("h2", { text: "Recent traces" }),
    recent,
  );

  const label = () => {
    toggle.textContent = paused ? "Resume auto-refresh" : "Pause auto-refresh";
    toggle.setAttribute("aria-pressed", String(paused));
  };
  label();
  toggle.addEventListener("click", () => {
    paused = !paused;
    label();
    context.replaceParams("/overview", { paused: paused ? "1" : "" });
    if (paused) clearTimeout(timer);
    else refresh();
  });

  let timer = null;
  async function refresh() {
    clearTimeout(timer);
    try {
      const now = Date.now();
      const [stats, timeline, traces] = await Promise.all([
        api.stats({}, context.signal),
        api.timeline({ from_unix_ms: now - WINDOW_MS, to_unix_ms: now }, context.signal),
        api.traces({ limit: 10 }, context.signal),
      ]);
      showCards(cards, stats, timeline);
      showCharts(charts, timeline);
      recent.replaceChildren(traceTable({ traces, onOpen: (t) => context.openTrace(t.trace_id), id: "recent-table" }));
      updated.textContent = `Updated ${new Date().toLocaleTimeString("en-GB")}`;
    } catch (error) {
      if (error.name === "AbortError") return;
      cards.replaceChildren(errorBox(error.message));
    }
    if (!paused && !context.signal.aborted) timer = setTimeout(refresh, REFRESH_MS);
  }
  await refresh();
  return () => clearTimeout(timer);
}

function card(key, title, value, detail) {
  return el("div", { class: "card", "data-card": key }, el("div", { class: "card-label", text: title }), el("div", { class: "card-value", text: value }), detail ? el("div", { class: "card-detail muted", text: detail }) : null);
}

function ingestRate(timeline) {
  const stepMs = timeline.step_s * 1000;
  const recent = timeline.points.filter((p) => p.start_unix_ms + stepMs > timeline.to_unix_ms - RATE_WINDOW_MS);
  if (!recent.length) return 0;
  const spans = recent.reduce((sum, p) => sum + p.span_count, 0);
  return spans / ((recent.length * stepMs) / 1000);
}

function showCards(cards, stats, timeline) {
  cards.replaceChildren(
    card("traces", "Traces", formatCount(stats.trace_count)),
    card("spans", "Spans", formatCount(stats.span_count)),
    card("services", "Services", formatCount(stats.service_count)),
    card("p50", "p50", formatMs(stats.p50_ms), "trace duration"),
    card("p95", "p95", formatMs(stats.p95_ms), "trace duration"),
    card("p99", "p99", formatMs(stats.p99_ms), "trace duration"),
    card("rate", "Ingest rate", formatRate(ingestRate(timeline)), "spans, last minute"),
    card("errors", "Error spans", formatCount(stats.error_span_count)),
    card("kept", "Kept / dropped", `${formatCount(stats.kept_trace_count)} / ${formatCount(stats.dropped_trace_count)}`, "traces by sampling"),
  );
}

/** Below this width the two charts stack (see .chart-grid in styles.css). */
const STACKED_BELOW_PX = 1000;

function showCharts(charts, timeline) {
  const times = timeline.points.map((p) => p.start_unix_ms);
  // Charts are drawn at the width they are shown at (3:2 columns side by side), so text keeps its size.
  const total = Math.max(600, charts.clientWidth);
  const stacked = window.innerWidth <= STACKED_BELOW_PX;
  const latencyWidth = stacked ? total - 22 : ((total - 12) * 3) / 5 - 22;
  const volumeWidth = stacked ? total - 22 : ((total - 12) * 2) / 5 - 22;
  const withTraces = (value, p) => (p.trace_count > 0 ? value : null);
  charts.replaceChildren(
    el("figure", { class: "chart-box" },
      el("figcaption", {}, "Trace latency over time ", el("span", { class: "legend p50", text: "p50" }), el("span", { class: "legend p95", text: "p95" }), el("span", { class: "legend p99", text: "p99" })),
      lineChart({
        times,
        width: latencyWidth,
        label: "Trace latency percentiles over time",
        series: [
          { name: "p50", className: "p50", values: timeline.points.map((p) => withTraces(p.p50_ms, p)) },
          { name: "p95", className: "p95", values: timeline.points.map((p) => withTraces(p.p95_ms, p)) },
          { name: "p99", className: "p99", values: timeline.points.map((p) => withTraces(p.p99_ms, p)) },
        ],
      })),
    el("figure", { class: "chart-box" },
      el("figcaption", { text: `Spans received per ${timeline.step_s} s` }),
      barChart({ times, values: timeline.points.map((p) => p.span_count), stepMs: timeline.step_s * 1000, label: "Spans per step", width: volumeWidth, height: 220 })),
  );
}
