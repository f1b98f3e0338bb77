// A layered layout for a service graph: callers left of callees (longest path from the
// entry services), services that call each other in a cycle sharing one layer, then each
// layer ordered by the average position of its neighbours to untangle crossings.

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
  const component = stronglyConnected(nodes, out);
  const layer = componentLayers(nodes, out, component);
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

/** Tarjan's strongly connected components, iteratively: node → component number. */
function stronglyConnected(nodes, out) {
  const index = new Map();
  const low = new Map();
  const component = new Map();
  const stack = [];
  const onStack = new Set();
  let counter = 0;
  let components = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const frames = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const children = out.get(frame.node);
      if (frame.next < children.length) {
        const child = children[frame.next++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          frames.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(child)));
        }
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.node);
        components++;
      }
    }
  }
  return component;
}

/** Longest path from the entry components over the graph of components (acyclic by construction). */
function componentLayers(nodes, out, component) {
  const successors = new Map();
  const indegree = new Map();
  for (const c of component.values()) {
    successors.set(c, new Set());
    indegree.set(c, 0);
  }
  for (const node of nodes) {
    for (const child of out.get(node)) {
      const from = component.get(node);
      const to = component.get(child);
      if (from !== to && !successors.get(from).has(to)) {
        successors.get(from).add(to);
        indegree.set(to, indegree.get(to) + 1);
      }
    }
  }
  const depth = new Map([...indegree.keys()].map((c) => [c, 0]));
  const queue = [...indegree.keys()].filter((c) => indegree.get(c) === 0);
  while (queue.length) {
    const c = queue.shift();
    for (const next of successors.get(c)) {
      depth.set(next, Math.max(depth.get(next), depth.get(c) + 1));
      indegree.set(next, indegree.get(next) - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  return new Map(nodes.map((n) => [n, depth.get(component.get(n))]));
}
