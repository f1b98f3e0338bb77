// The dependency graph: services as nodes in layers (callers left of callees), edges with
// call counts, error rates and p95. The same edges are listed in a sortable table.
import { api } from "../api.js";
import { el, svg, formatCount, formatMs, formatPercent, shortText, serviceColor, sortableTable } from "../dom.js";
import { layoutGraph } from "../graph-layout.js";
import { LOOKBACKS as RANGES } from "../time-ranges.js";

const NODE_WIDTH = 160;
const NODE_HEIGHT = 34;
const COLUMN_GAP = 130;
/** Above this many calls, edge labels show only for the node under the pointer or focus. */
const LABELLED_EDGES = 40;
const ROW_GAP = 22;
const MARGIN = 20;

export async function render(container, context) {
  const rangeKey = RANGES.some(([key]) => key === context.params.get("range")) ? context.params.get("range") : "1h";
  const now = Date.now();
  const body = await api.dependencies({ from_unix_ms: now - RANGES.find(([key]) => key === rangeKey)[2], to_unix_ms: now }, context.signal);
  const edges = body.dependencies;
  const range = el("select", { id: "dependency-range", "aria-label": "Time range" }, RANGES.map(([value, text]) => el("option", { value, text, selected: value === rangeKey })));
  range.addEventListener("change", () => context.navigate("/dependencies", { range: range.value }));
  container.append(el("div", { class: "view-head" }, el("h1", { text: "Dependencies" }), range));
  if (!edges.length) {
    container.append(el("p", { class: "muted empty", text: "No calls between services in this time range." }));
    return;
  }
  container.append(
    el("p", { class: "muted", text: edges.length > LABELLED_EDGES
      ? `${edges.length} calls: point at or Tab to a service to see its calls' counts, p95 and error rates; all are in the table below.`
      : "Edge labels: calls · p95 · error rate. Click a service for its operations." }),
    el("div", { class: "graph-scroll" }, graph(edges)),
    el("h2", { text: "Calls" }),
    el("div", { class: "table-wrap" }, edgeTable(edges)));
}

function graph(edges) {
  const { layers, position } = layoutGraph(edges);
  const tallest = Math.max(...layers.map((layer) => layer.length));
  const width = MARGIN * 2 + layers.length * NODE_WIDTH + (layers.length - 1) * COLUMN_GAP;
  const height = MARGIN * 2 + tallest * (NODE_HEIGHT + ROW_GAP);
  const point = (service) => {
    const { layer, index } = position.get(service);
    const offset = ((tallest - layers[layer].length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    return { x: MARGIN + layer * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + offset + index * (NODE_HEIGHT + ROW_GAP) };
  };
  const root = svg("svg", { class: edges.length > LABELLED_EDGES ? "dependency-graph many-edges" : "dependency-graph", id: "dependency-graph", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `Dependency graph of ${position.size} services` });
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-head" }))));
  const maxCalls = Math.max(...edges.map((e) => e.call_count));
  const edgeLayer = svg("g", { class: "edges" });
  const labelLayer = svg("g", { class: "edge-labels" });
  for (const edge of edges) {
    const from = point(edge.parent);
    const to = point(edge.child);
    const forward = position.get(edge.child).layer > position.get(edge.parent).layer;
    const x1 = from.x + NODE_WIDTH;
    const y1 = from.y + NODE_HEIGHT / 2;
    const x2 = forward ? to.x : to.x + NODE_WIDTH;
    const y2 = to.y + NODE_HEIGHT / 2;
    // Calls that go backwards or within a layer loop around the right-hand side.
    const bend = forward ? (x2 - x1) / 2 : COLUMN_GAP / 2 + 20;
    const d = forward
      ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`
      : `M${x1},${y1} C${x1 + bend},${y1} ${x2 + bend},${y2} ${x2},${y2}`;
    const level = edge.error_rate >= 0.05 ? " edge-bad" : edge.error_rate > 0 ? " edge-warn" : "";
    const path = svg("path", {
      class: `edge${level}`,
      d,
      "marker-end": "url(#arrow)",
      "stroke-width": (1.2 + 3.5 * Math.log1p(edge.call_count) / Math.log1p(maxCalls)).toFixed(2),
      "data-parent": edge.parent,
      "data-child": edge.child,
    });
    path.append(svg("title", { text: edgeSummary(edge) }));
    edgeLayer.append(path);
    const mx = forward ? (x1 + x2) / 2 : Math.max(x1, x2) + bend * 0.75;
    const my = (y1 + y2) / 2 - 4;
    labelLayer.append(svg("text", { class: `edge-label${level}`, x: mx.toFixed(1), y: my.toFixed(1), "text-anchor": "middle", "data-parent": edge.parent, "data-child": edge.child, text: `${formatCount(edge.call_count)} · p95 ${formatMs(edge.p95_ms)}${edge.error_count ? ` · ${formatPercent(edge.error_rate)} err` : ""}` }));
  }
  root.append(edgeLayer);
  const nodeLayer = svg("g", { class: "nodes" });
  for (const [service] of position) {
    const { x, y } = point(service);
    const chars = Array.from(service);
    const group = svg("g", { class: "node", "data-service": service, tabindex: 0, transform: `translate(${x},${y})` },
      svg("rect", { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 }),
      svg("rect", { class: "node-stripe", width: 6, height: NODE_HEIGHT, rx: 3, fill: serviceColor(service) }),
      svg("text", { x: 14, y: NODE_HEIGHT / 2 + 5, text: chars.length > 22 ? `${chars.slice(0, 21).join("")}…` : service }),
      svg("title", { text: service }));
    const highlight = (on) => {
      root.classList.toggle("focused", on);
      for (const item of root.querySelectorAll(".edge, .edge-label")) {
        const touches = item.dataset.parent === service || item.dataset.child === service;
        item.classList.toggle("related", on && touches);
      }
    };
    group.addEventListener("mouseenter", () => highlight(true));
    group.addEventListener("mouseleave", () => highlight(false));
    group.addEventListener("focus", () => highlight(true));
    group.addEventListener("blur", () => highlight(false));
    group.addEventListener("click", () => (location.hash = `#/services?service=${encodeURIComponent(service)}`));
    nodeLayer.append(group);
  }
  root.append(nodeLayer, labelLayer);
  return root;
}

function edgeSummary(edge) {
  return `${edge.parent} → ${edge.child}\n${formatCount(edge.call_count)} calls, ${formatPercent(edge.error_rate)} errors\np50 ${formatMs(edge.p50_ms)}, p95 ${formatMs(edge.p95_ms)}, p99 ${formatMs(edge.p99_ms)}`;
}

function edgeTable(edges) {
  const chip = (service) => shortText("span", { class: "service-chip", style: { "--service": serviceColor(service) } }, service, 30);
  const table = sortableTable({
    rows: edges,
    initialSort: "call_count",
    rowAttributes: (row) => ({ "data-parent": row.parent, "data-child": row.child }),
    columns: [
      { key: "parent", title: "Caller", render: (r) => chip(r.parent) },
      { key: "child", title: "Callee", render: (r) => chip(r.child) },
      { key: "call_count", title: "Calls", numeric: true, render: (r) => formatCount(r.call_count) },
      { key: "error_rate", title: "Error rate", numeric: true, render: (r) => `${formatPercent(r.error_rate)} (${formatCount(r.error_count)})` },
      { key: "p50_ms", title: "p50", numeric: true, render: (r) => formatMs(r.p50_ms) },
      { key: "p95_ms", title: "p95", numeric: true, render: (r) => formatMs(r.p95_ms) },
      { key: "p99_ms", title: "p99", numeric: true, render: (r) => formatMs(r.p99_ms) },
    ],
  });
  table.id = "dependency-table";
  return table;
}
