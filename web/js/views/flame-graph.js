// The trace as a flame graph (icicle): x = time, one level per tree depth, width = duration.
// Clicking a frame selects its span and zooms to it; "Reset zoom" shows the whole trace.
import { el, formatMs, serviceColor } from "../dom.js";

const FRAME_HEIGHT = 22;
/** Frames narrower than this share of the view are not drawn: they would be invisible. */
const MIN_FRAME_PERCENT = 0.05;

export function flameGraph({ model, onSelect }) {
  const depth = model.order.reduce((max, n) => Math.max(max, n.depth), 0) + 1;
  const chart = el("div", { class: "flame-graph", id: "flame-graph", role: "group", "aria-label": "Flame graph of the trace", style: { height: `${depth * FRAME_HEIGHT}px` } });
  const reset = el("button", { type: "button", class: "button button-secondary", id: "flame-reset", text: "Reset zoom", disabled: true });
  const caption = el("span", { class: "muted", text: `${model.spans.length} spans, ${depth} levels, ${formatMs(model.duration)}; click a frame to zoom` });

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
          top: `${node.depth * FRAME_HEIGHT}px`,
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
