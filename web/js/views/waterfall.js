// The waterfall: one row per span in tree order, bars to scale on the trace's time axis,
// the critical path drawn over the bars. Rows are virtualised (only those in view exist in
// the DOM), so a trace of tens of thousands of spans scrolls as fast as one of ten.
import { el, shortText, formatMs, serviceColor } from "../dom.js";
import { visibleRows } from "../trace/model.js";

const ROW_HEIGHT = 26;
const OVERSCAN = 12;
const INDENT_PX = 14;
/** Deeper levels share the last indent, so a very deep tree keeps room for its names. */
const MAX_INDENT_LEVELS = 24;

export function waterfall({ model, selectedId, onSelect }) {
  const collapsed = new Set();
  let rows = visibleRows(model, collapsed);
  let selectedIndex = rows.findIndex((n) => n.id === selectedId);
  let showCritical = true;
  const segments = new Map();
  for (const segment of model.critical.segments) {
    if (!segments.has(segment.node)) segments.set(segment.node, []);
    segments.get(segment.node).push(segment);
  }

  const criticalToggle = el("input", { type: "checkbox", id: "critical-toggle", checked: true });
  const expandAll = el("button", { type: "button", class: "button button-secondary", id: "expand-all", text: "Expand all" });
  const collapseAll = el("button", { type: "button", class: "button button-secondary", id: "collapse-all", text: "Collapse all" });
  const criticalMs = model.critical.segments.reduce((sum, s) => sum + (s.to - s.from), 0);
  const toolbar = el("div", { class: "waterfall-toolbar" },
    el("label", { class: "checkbox" }, criticalToggle, " Highlight critical path"),
    el("span", { class: "muted", id: "critical-summary", text: `critical path: ${model.critical.spans.size} spans, ${formatMs(criticalMs)}` }),
    expandAll,
    collapseAll,
    el("span", { class: "muted keys", text: "↑↓ move · ←→ fold · Enter toggle" }));
  const axis = el("div", { class: "waterfall-axis", "aria-hidden": "true" }, el("div", { class: "span-name", text: "Service: operation" }), ticks(model));
  const spacer = el("div", { class: "waterfall-spacer" });
  const scroller = el("div", {
    class: "waterfall-scroll",
    id: "waterfall",
    role: "tree",
    tabindex: 0,
    "aria-label": "Spans",
    "data-span-count": model.spans.length,
    "data-critical-count": model.critical.spans.size,
  }, spacer);
  const element = el("section", { class: "waterfall" }, toolbar, axis, scroller);

  function rowFor(node, index) {
    const span = node.span;
    const hasChildren = node.children.length > 0;
    const onPath = model.critical.spans.has(node);
    const row = el("div", {
      class: `span-row${span.status === "error" ? " has-error" : ""}${index === selectedIndex ? " selected" : ""}${onPath && showCritical ? " critical" : ""}`,
      role: "treeitem",
      "aria-level": node.depth + 1,
      "aria-selected": String(index === selectedIndex),
      "aria-expanded": hasChildren ? String(!collapsed.has(node.id)) : undefined,
      "data-span-id": node.id,
      "data-parent-id": node.parent?.id ?? "",
      "data-depth": node.depth,
      "data-duration-ms": span.duration_ms,
      "data-critical": String(onPath),
      style: { top: `${index * ROW_HEIGHT}px` },
    });
    const toggle = hasChildren
      ? el("button", { type: "button", class: "fold", tabindex: -1, "aria-label": collapsed.has(node.id) ? "Expand" : "Collapse", text: collapsed.has(node.id) ? "▸" : "▾" })
      : el("span", { class: "fold-space" });
    if (hasChildren) {
      toggle.addEventListener("click", (event) => {
        event.stopPropagation();
        fold(node, !collapsed.has(node.id));
      });
    }
    const name = el("div", { class: "span-name", style: { "padding-left": `${Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT_PX}px` } },
      toggle,
      el("span", { class: "service-dot", style: { background: serviceColor(span.service) } }),
      shortText("span", { class: "span-service" }, span.service, 24),
      shortText("span", { class: "span-operation" }, span.operation, 60),
      collapsed.has(node.id) ? el("span", { class: "muted hidden-count", text: ` +${node.subtreeEnd - node.order - 1}` }) : null);
    const left = ((node.start - model.start) / (model.duration || 1)) * 100;
    const width = Math.max(0.1, (span.duration_ms / (model.duration || 1)) * 100);
    const bar = el("div", { class: "span-bar", style: { left: `${left}%`, width: `${width}%`, background: serviceColor(span.service) } });
    if (showCritical) {
      for (const segment of segments.get(node) ?? []) {
        bar.append(el("div", {
          class: "critical-segment",
          style: {
            left: `${((segment.from - node.start) / (span.duration_ms || 1)) * 100}%`,
            width: `${Math.max(0.5, ((segment.to - segment.from) / (span.duration_ms || 1)) * 100)}%`,
          },
        }));
      }
    }
    // The label sits right of the bar, or left of it when the bar reaches the right edge.
    const labelStyle = left + width > 80 ? { right: `${100 - left}%` } : { left: `${left + width}%` };
    const timing = el("div", { class: "span-timing" }, bar,
      el("span", { class: left + width > 80 ? "span-duration before" : "span-duration", style: labelStyle, text: formatMs(span.duration_ms) }));
    row.append(name, timing);
    row.addEventListener("click", () => choose(index));
    return row;
  }

  let frame = 0;
  function paint() {
    frame = 0;
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const shown = [];
    for (let i = first; i < last; i++) shown.push(rowFor(rows[i], i));
    spacer.replaceChildren(...shown);
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(paint);
  };

  function reveal(index) {
    const top = index * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
  }

  function choose(index) {
    selectedIndex = Math.max(0, Math.min(rows.length - 1, index));
    reveal(selectedIndex);
    paint();
    onSelect(rows[selectedIndex] ?? null);
  }

  function fold(node, hide) {
    if (hide) collapsed.add(node.id);
    else collapsed.delete(node.id);
    refold();
  }

  /** Recomputes the rows; a selected span that got hidden hands the selection to its visible ancestor. */
  function refold() {
    const current = rows[selectedIndex];
    rows = visibleRows(model, collapsed);
    let shown = current;
    while (shown && rows.indexOf(shown) < 0) shown = shown.parent;
    selectedIndex = shown ? rows.indexOf(shown) : -1;
    paint();
    if (shown !== current) onSelect(shown ?? null);
  }

  scroller.addEventListener("scroll", schedule);
  scroller.addEventListener("keydown", (event) => {
    const node = rows[selectedIndex];
    const page = Math.max(1, Math.floor(scroller.clientHeight / ROW_HEIGHT) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) choose(selectedIndex < 0 ? 0 : selectedIndex + moves[event.key]);
    else if (event.key === "Home") choose(0);
    else if (event.key === "End") choose(rows.length - 1);
    else if (!node) return;
    else if (event.key === "ArrowRight") {
      if (collapsed.has(node.id)) fold(node, false);
      else if (node.children.length) choose(selectedIndex + 1);
    } else if (event.key === "ArrowLeft") {
      if (node.children.length && !collapsed.has(node.id)) fold(node, true);
      else if (node.parent) choose(rows.indexOf(node.parent));
    } else if (event.key === "Enter" || event.key === " ") {
      if (node.children.length) fold(node, !collapsed.has(node.id));
    } else return;
    event.preventDefault();
  });
  criticalToggle.addEventListener("change", () => {
    showCritical = criticalToggle.checked;
    paint();
  });
  expandAll.addEventListener("click", () => {
    collapsed.clear();
    refold();
  });
  collapseAll.addEventListener("click", () => {
    for (const node of model.spans) if (node.children.length && node.parent) collapsed.add(node.id);
    refold();
  });

  return {
    element,
    start() {
      paint();
      if (selectedIndex >= 0) reveal(selectedIndex);
      paint();
    },
    stop() {
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

function ticks(model) {
  const axis = el("div", { class: "span-timing axis-ticks" });
  for (let i = 0; i <= 4; i++) {
    axis.append(el("span", { class: "tick", style: { left: `${i * 25}%` }, text: formatMs((model.duration * i) / 4) }));
  }
  return axis;
}
