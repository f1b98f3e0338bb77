// A layered layout for a service graph: callers left of callees (longest path from the
// entry services, cycles broken where a depth-first walk finds them), then each layer
// ordered by the average position of its neighbours to untangle crossings.

const SWEEPS = 6;

/** @returns {{ layers: string[][], position: Map<string, {layer: number, index: number}> }} */
export function layoutGraph(edges) {
  const nodes = [...new Set(edges.flatMap((e) => [e.parent, e.child]))].sort();
  const out = new Map(nodes.map((n) => [n, []]));
  const into = new Map(nodes.map((n) => [n, []]));
  for (const edge of edges) {
    if (edge.parent === edge.child) continue;
    out.get(edge.parent).push(edge.child);
    into.get(edge.child).push(edge.parent);
  }
  const forward = acyclicEdges(nodes, out, into);
  const layer = longestPathLayers(nodes, forward);
  const count = Math.max(...layer.values()) + 1;
  const layers = Array.from({ length: count }, () => []);
  for (const node of nodes) layers[layer.get(node)].push(node);

  const neighbours = new Map(nodes.map((n) => [n, [...out.get(n), ...into.get(n)]]));
  const index = new Map();
  const reindex = () => layers.forEach((list) => list.forEach((n, i) => index.set(n, i)));
  reindex();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const order = sweep % 2 === 0 ? layers : [...layers].reverse();
    for (const list of order) {
      const weight = new Map(list.map((n) => {
        const around = neighbours.get(n).filter((m) => layer.get(m) !== layer.get(n));
        return [n, around.length ? around.reduce((sum, m) => sum + index.get(m), 0) / around.length : index.get(n)];
      }));
      list.sort((a, b) => weight.get(a) - weight.get(b) || a.localeCompare(b));
      list.forEach((n, i) => index.set(n, i));
    }
  }
  const position = new Map();
  layers.forEach((list, l) => list.forEach((n, i) => position.set(n, { layer: l, index: i })));
  return { layers, position };
}

/** The edges that remain after dropping those that close a cycle in a depth-first walk from the entry services. */
function acyclicEdges(nodes, out, into) {
  const state = new Map();
  const kept = new Map(nodes.map((n) => [n, []]));
  const starts = [...nodes.filter((n) => into.get(n).length === 0), ...nodes];
  for (const start of starts) {
    if (state.has(start)) continue;
    const stack = [{ node: start, next: 0 }];
    state.set(start, "open");
    while (stack.length) {
      const top = stack[stack.length - 1];
      const children = out.get(top.node);
      if (top.next < children.length) {
        const child = children[top.next++];
        if (state.get(child) === "open") continue;
        kept.get(top.node).push(child);
        if (!state.has(child)) {
          state.set(child, "open");
          stack.push({ node: child, next: 0 });
        }
      } else {
        state.set(top.node, "done");
        stack.pop();
      }
    }
  }
  return kept;
}

function longestPathLayers(nodes, forward) {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  for (const children of forward.values()) for (const c of children) indegree.set(c, indegree.get(c) + 1);
  const layer = new Map(nodes.map((n) => [n, 0]));
  const queue = nodes.filter((n) => indegree.get(n) === 0);
  while (queue.length) {
    const node = queue.shift();
    for (const child of forward.get(node)) {
      layer.set(child, Math.max(layer.get(child), layer.get(node) + 1));
      indegree.set(child, indegree.get(child) - 1);
      if (indegree.get(child) === 0) queue.push(child);
    }
  }
  return layer;
}
