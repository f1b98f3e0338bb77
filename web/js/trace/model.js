// A trace as a tree: parent/child links, depth-first order, self time and the critical path.
// Everything is iterative so a trace of any depth or width is handled without recursion.

/**
 * @param {object} trace the body of GET /api/traces/{id}
 */
export function buildTraceModel(trace) {
  const spans = trace.spans.map((span, index) => ({
    span,
    index,
    id: span.span_id,
    start: span.start_unix_ms,
    end: span.start_unix_ms + span.duration_ms,
    parent: null,
    children: [],
    depth: 0,
    selfMs: span.duration_ms,
    subtreeEnd: 0,
    order: 0,
  }));
  const byId = new Map();
  for (const node of spans) {
    if (!byId.has(node.id)) byId.set(node.id, node);
  }
  const roots = [];
  for (const node of spans) {
    const parent = node.span.parent_span_id ? byId.get(node.span.parent_span_id) : undefined;
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  // Spans arrive sorted by start time, so children lists already are.
  const order = depthFirst(roots);
  // A parent cycle leaves spans unreachable from any root: show them as roots too.
  if (order.length < spans.length) {
    const seen = new Set(order);
    for (const node of spans) {
      if (!seen.has(node)) {
        node.parent = null;
        roots.push(node);
        for (const reached of depthFirst([node])) {
          if (!seen.has(reached)) {
            seen.add(reached);
            order.push(reached);
          }
        }
      }
    }
  }
  order.forEach((node, position) => (node.order = position));
  computeSubtreeEnds(order);
  for (const node of spans) node.selfMs = selfTime(node);

  const start = spans.length ? spans.reduce((min, s) => Math.min(min, s.start), Infinity) : trace.start_unix_ms;
  const end = spans.length ? spans.reduce((max, s) => Math.max(max, s.end), start) : start;
  const main = mainRoot(roots);
  return { trace, spans, byId, roots, order, start, end, duration: end - start, critical: criticalPath(main) };
}

function depthFirst(roots) {
  const order = [];
  const seen = new Set();
  const stack = [...roots].reverse().map((node) => ({ node, depth: 0 }));
  while (stack.length) {
    const { node, depth } = stack.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    node.depth = depth;
    order.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
  }
  return order;
}

/** subtreeEnd: the position just past a span's last descendant in depth-first order. */
function computeSubtreeEnds(order) {
  const open = [];
  order.forEach((node, position) => {
    while (open.length && open[open.length - 1].depth >= node.depth) open.pop().subtreeEnd = position;
    open.push(node);
  });
  while (open.length) open.pop().subtreeEnd = order.length;
}

/** Duration not covered by any child (children clipped to the span). */
function selfTime(node) {
  const intervals = node.children
    .map((child) => [Math.max(child.start, node.start), Math.min(child.end, node.end)])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = -Infinity;
  for (const [start, end] of intervals) {
    const from = Math.max(start, reached);
    if (end > from) covered += end - from;
    reached = Math.max(reached, end);
  }
  return Math.max(0, node.span.duration_ms - covered);
}

/** The root the critical path starts from: the longest one, the earliest on ties. */
function mainRoot(roots) {
  let best = null;
  for (const root of roots) {
    if (!best || root.end - root.start > best.end - best.start) best = root;
  }
  return best;
}

/**
 * The critical path: the chain of work that decided when the trace finished. Walking back
 * from the end of the root, the child that finished last before the cursor (children clipped
 * to their parent; ties: the one that started first) is on the path; its own path is walked,
 * then the cursor moves to that child's start and the parent looks for the next such child.
 * Time in between belongs to the parent. Returns the spans on the path and their segments.
 */
export function criticalPath(root) {
  const spans = new Set();
  const segments = [];
  if (!root) return { spans, segments };
  const frames = [frameFor(root, root.start, root.end)];
  while (frames.length) {
    const frame = frames[frames.length - 1];
    spans.add(frame.node);
    let child = null;
    while (frame.next < frame.candidates.length) {
      const candidate = frame.candidates[frame.next];
      if (candidate.to <= frame.cursor) {
        child = candidate;
        frame.next++;
        break;
      }
      frame.next++;
    }
    if (child) {
      if (child.to < frame.cursor) segments.push({ node: frame.node, from: child.to, to: frame.cursor });
      frame.cursor = child.from;
      frames.push(frameFor(child.node, child.from, child.to));
    } else {
      if (frame.from < frame.cursor) segments.push({ node: frame.node, from: frame.from, to: frame.cursor });
      frames.pop();
    }
  }
  return { spans, segments };
}

function frameFor(node, from, to) {
  const candidates = node.children
    .map((child) => ({ node: child, from: Math.max(child.start, from), to: Math.min(child.end, to) }))
    .filter((c) => c.to > c.from)
    .sort((a, b) => b.to - a.to || a.from - b.from || a.node.index - b.node.index);
  return { node, from, to, cursor: to, candidates, next: 0 };
}

/** Rows shown when some spans are collapsed: depth-first order, skipping hidden subtrees. */
export function visibleRows(model, collapsed) {
  const rows = [];
  const { order } = model;
  for (let i = 0; i < order.length;) {
    const node = order[i];
    rows.push(node);
    i = collapsed.has(node.id) ? node.subtreeEnd : i + 1;
  }
  return rows;
}

/** Per service and operation: count, total, self time, min/avg/max. */
export function operationStatistics(model) {
  const groups = new Map();
  for (const node of model.spans) {
    const key = `${node.span.service}\u0000${node.span.operation}`;
    let group = groups.get(key);
    if (!group) {
      group = { service: node.span.service, operation: node.span.operation, count: 0, totalMs: 0, selfMs: 0, minMs: Infinity, maxMs: 0, errors: 0 };
      groups.set(key, group);
    }
    group.count++;
    group.totalMs += node.span.duration_ms;
    group.selfMs += node.selfMs;
    group.minMs = Math.min(group.minMs, node.span.duration_ms);
    group.maxMs = Math.max(group.maxMs, node.span.duration_ms);
    if (node.span.status === "error") group.errors++;
  }
  return [...groups.values()].map((g) => ({ ...g, avgMs: g.totalMs / g.count }));
}
