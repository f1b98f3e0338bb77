// The trace as a flame graph (icicle): x = time, width = duration, children below their
// parent. Concurrent siblings get lanes of their own, so no two frames overlap.
// Clicking a frame selects its span and zooms to it; "Reset zoom" shows the whole trace.
import { el, formatMs, serviceColor } from "../dom.js";

const FRAME_HEIGHT = 22;
/** Frames narrower than this share of the view are not drawn: they would be invisible. */
const MIN_FRAME_PERCENT = 0.05;

export function flameGraph({ model, onSelect }) {
  const { rows, height } = layoutRows(model);
  const depth = model.order.reduce((max, n) => Math.max(max, n.depth), 0) + 1;
  const chart = el("div", { class: "flame-graph", id: "flame-graph", role: "group", "aria-label": "Flame graph of the trace", style: { height: `${height * FRAME_HEIGHT}px` } });
  const reset = el("button", { type: "button", class: "button button-secondary", id: "flame-reset", text: "Reset zoom", disabled: true });
  const caption = el("span", { class: "muted", text: `${model.spans.length} spans, ${depth} levels deep, ${formatMs(model.duration)}; click a frame to zoom` });

  function draw(from, to) {
    const range = Math.max(1e-9, to - from);
    const frames = [];
    for (const node of model.order) {
      const x1 = Math.max(node.start, from);
      const x2 = Math.min(node.end, to);
      const width = ((x2 - x1) / range) * 100;
      if (x2 <= x1 || width < MIN_FRAME_PERCENT) continue;
      const label = `${node.span.service}: ${node.span.operation}`;
      const frame = el("div", {
        class: `flame-frame${node.span.status === "error" ? " has-error" : ""}${model.critical.spans.has(node) ? " critical" : ""}`,
        "data-span-id": node.id,
        tabindex: 0,
        title: `${label}\n${formatMs(node.span.duration_ms)} (self ${formatMs(node.selfMs)})`,
        style: {
          left: `${((x1 - from) / range) * 100}%`,
          width: `${width}%`,
          top: `${rows.get(node) * FRAME_HEIGHT}px`,
          background: serviceColor(node.span.service),
        },
        text: label,
      });
      const pick = () => {
        onSelect(node);
        draw(node.start, node.end);
        reset.disabled = false;
      };
      frame.addEventListener("click", pick);
      frame.addEventListener("keydown", (event) => {
        if (event.key === "Enter") pick();
      });
      frames.push(frame);
    }
    chart.replaceChildren(...frames);
  }

  reset.addEventListener("click", () => {
    draw(model.start, model.end);
    reset.disabled = true;
  });
  draw(model.start, model.end);
  return el("section", { class: "flame" }, el("div", { class: "flame-toolbar" }, reset, caption), el("div", { class: "flame-scroll" }, chart));
}

/**
 * A row per frame: children start on the row below their parent; siblings that overlap in
 * time go to separate lanes (first lane free at the child's start), each lane as tall as its
 * tallest subtree. Bottom-up heights, then top-down rows; linear apart from the lane search.
 */
function layoutRows(model) {
  const lanesOf = new Map();
  const height = new Map();
  for (let i = model.order.length - 1; i >= 0; i--) {
    const node = model.order[i];
    const laneEnds = [];
    const laneHeights = [];
    const lanes = [];
    for (const child of node.children) {
      const start = Math.max(child.start, node.start);
      let lane = laneEnds.findIndex((end) => end <= start);
      if (lane < 0) {
        lane = laneEnds.length;
        laneEnds.push(-Infinity);
        laneHeights.push(0);
      }
      laneEnds[lane] = Math.max(laneEnds[lane], Math.min(child.end, node.end));
      laneHeights[lane] = Math.max(laneHeights[lane], height.get(child));
      lanes.push(lane);
    }
    lanesOf.set(node, { lanes, laneHeights });
    height.set(node, 1 + laneHeights.reduce((sum, h) => sum + h, 0));
  }
  const rows = new Map();
  let next = 0;
  for (const root of model.roots) {
    rows.set(root, next);
    next += height.get(root);
  }
  for (const node of model.order) {
    const { lanes, laneHeights } = lanesOf.get(node);
    const offsets = [];
    laneHeights.reduce((sum, h, i) => ((offsets[i] = sum), sum + h), 0);
    node.children.forEach((child, i) => rows.set(child, rows.get(node) + 1 + offsets[lanes[i]]));
  }
  return { rows, height: next };
}
