// Small SVG charts. Labels are SVG text nodes (textContent), never markup.
import { svg, formatMs, formatClock, formatCount } from "./dom.js";

const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

function axes(root, width, height, yMax, yFormat, xFrom, xTo) {
  const plotHeight = height - PAD.top - PAD.bottom;
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + plotHeight - (plotHeight * i) / 4;
    root.append(svg("line", { class: "grid", x1: PAD.left, x2: width - PAD.right, y1: y, y2: y }));
    root.append(svg("text", { class: "axis-label", x: PAD.left - 6, y: y + 4, "text-anchor": "end", text: yFormat((yMax * i) / 4) }));
  }
  const plotWidth = width - PAD.left - PAD.right;
  for (let i = 0; i <= 4; i++) {
    const x = PAD.left + (plotWidth * i) / 4;
    const anchor = i === 0 ? "start" : i === 4 ? "end" : "middle";
    root.append(svg("text", { class: "axis-label", x, y: height - 8, "text-anchor": anchor, text: formatClock(xFrom + ((xTo - xFrom) * i) / 4) }));
  }
}

/**
 * Lines over time: series = [{ name, className, values: [number] }] sharing x = times.
 * Zero-count steps are gaps, not drops to zero.
 */
export function lineChart({ times, series, width = 900, height = 220, yFormat = formatMs, label }) {
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))));
  const from = times[0] ?? 0;
  const to = times[times.length - 1] ?? from + 1;
  axes(root, width, height, max, yFormat, from, to);
  const x = (t) => PAD.left + ((t - from) / Math.max(1, to - from)) * (width - PAD.left - PAD.right);
  const y = (v) => PAD.top + (height - PAD.top - PAD.bottom) * (1 - v / max);
  for (const s of series) {
    let path = "";
    let pen = false;
    s.values.forEach((value, i) => {
      if (value === null) {
        pen = false;
        return;
      }
      path += `${pen ? "L" : "M"}${x(times[i]).toFixed(1)},${y(value).toFixed(1)}`;
      pen = true;
    });
    root.append(svg("path", { class: `series ${s.className}`, d: path || "M0,0", "data-series": s.name }));
    // Dots as well as lines: a step with data between two empty ones is a point, not a segment.
    s.values.forEach((value, i) => {
      if (value === null) return;
      const dot = svg("circle", { class: `point ${s.className}`, cx: x(times[i]).toFixed(1), cy: y(value).toFixed(1), r: 2.5 });
      dot.append(svg("title", { text: `${s.name} ${formatClock(times[i])}: ${yFormat(value)}` }));
      root.append(dot);
    });
  }
  return root;
}

/** Bars over time (volume). */
export function barChart({ times, values, stepMs, width = 900, height = 140, label, yFormat = formatCount }) {
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  const max = niceMax(Math.max(0, ...values));
  const from = times[0] ?? 0;
  const to = (times[times.length - 1] ?? from) + stepMs;
  axes(root, width, height, max, yFormat, from, to);
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const barWidth = Math.max(1, (plotWidth * stepMs) / Math.max(1, to - from) - 1);
  values.forEach((value, i) => {
    if (!value) return;
    const h = (plotHeight * value) / max;
    const bar = svg("rect", { class: "bar", x: PAD.left + ((times[i] - from) / (to - from)) * plotWidth, y: PAD.top + plotHeight - h, width: barWidth, height: h });
    bar.append(svg("title", { text: `${formatClock(times[i])}: ${formatCount(value)}` }));
    root.append(bar);
  });
  return root;
}

/**
 * Traces as dots: x = start time, y = duration; errors drawn as red crosses. onSelect(trace)
 * opens one; dots are focusable and answer Enter as well as clicks.
 */
export function scatterPlot({ traces, onSelect, width = 900, height = 240 }) {
  const root = svg("svg", { class: "chart scatter", viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": "Trace durations over time" });
  if (!traces.length) return root;
  const times = traces.map((t) => t.start_unix_ms);
  let from = Math.min(...times);
  let to = Math.max(...times);
  if (to - from < 1000) {
    from -= 500;
    to += 500;
  }
  const max = niceMax(Math.max(...traces.map((t) => t.duration_ms)));
  axes(root, width, height, max, formatMs, from, to);
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  for (const trace of traces) {
    const cx = PAD.left + ((trace.start_unix_ms - from) / (to - from)) * plotWidth;
    const cy = PAD.top + plotHeight * (1 - trace.duration_ms / max);
    const dot = svg("circle", {
      class: trace.has_error ? "dot dot-error" : "dot",
      cx: cx.toFixed(1),
      cy: cy.toFixed(1),
      r: trace.has_error ? 6 : 5,
      tabindex: 0,
      "data-trace-id": trace.trace_id,
      role: "link",
      "aria-label": `${trace.root_service} ${trace.root_operation} ${formatMs(trace.duration_ms)}`,
    });
    dot.append(svg("title", { text: `${trace.root_service}: ${trace.root_operation}\n${formatMs(trace.duration_ms)}, ${trace.span_count} spans${trace.has_error ? ", error" : ""}` }));
    dot.addEventListener("click", () => onSelect(trace));
    dot.addEventListener("keydown", (event) => {
      if (event.key === "Enter") onSelect(trace);
    });
    root.append(dot);
  }
  return root;
}

/** A small latency histogram: one bar per bin of /api/stats histogram_bounds_ms. */
export function miniHistogram({ counts, bounds, width = 120, height = 28 }) {
  const root = svg("svg", { class: "mini-histogram", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "latency histogram" });
  const max = Math.max(1, ...counts);
  const barWidth = width / counts.length;
  counts.forEach((count, i) => {
    const h = count ? Math.max(1.5, (height - 2) * (count / max)) : 0;
    const bar = svg("rect", { class: "bar", x: (i * barWidth).toFixed(1), y: (height - h).toFixed(1), width: Math.max(1, barWidth - 1).toFixed(1), height: h.toFixed(1) });
    const low = i === 0 ? 0 : bounds[i - 1];
    const range = i < bounds.length ? `${formatMs(low)}–${formatMs(bounds[i])}` : `> ${formatMs(bounds[bounds.length - 1])}`;
    bar.append(svg("title", { text: `${range}: ${formatCount(count)}` }));
    root.append(bar);
  });
  return root;
}
