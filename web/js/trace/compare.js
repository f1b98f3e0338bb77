// Two traces side by side: spans matched by their place in the tree (the chain of
// service/operation from the root), so the same request shape lines up across traces.

function pathKeys(model) {
  const keys = new Map();
  for (const node of model.order) {
    const own = `${node.span.service}: ${node.span.operation}`;
    keys.set(node, node.parent ? `${keys.get(node.parent)} › ${own}` : own);
  }
  return keys;
}

function groupByPath(model) {
  const groups = new Map();
  for (const [node, key] of pathKeys(model)) {
    let group = groups.get(key);
    if (!group) {
      group = { key, depth: node.depth, order: node.order, count: 0, totalMs: 0 };
      groups.set(key, group);
    }
    group.count++;
    group.totalMs += node.span.duration_ms;
  }
  return groups;
}

/** Relative and absolute slack before a difference in duration is called slower or faster. */
const RELATIVE_THRESHOLD = 0.1;
const ABSOLUTE_THRESHOLD_MS = 1;

/**
 * One row per tree position in either trace: counts and average durations in A and B, and a
 * verdict: "added" (only in B, or more of it), "missing" (only in A, or fewer), "slower",
 * "faster" or "same".
 */
export function compareTraces(a, b) {
  const left = groupByPath(a);
  const right = groupByPath(b);
  const keys = new Set([...left.keys(), ...right.keys()]);
  const rows = [];
  for (const key of keys) {
    const x = left.get(key);
    const y = right.get(key);
    const avgA = x ? x.totalMs / x.count : null;
    const avgB = y ? y.totalMs / y.count : null;
    let verdict = "same";
    if (!x || (y && y.count > x.count)) verdict = "added";
    else if (!y || y.count < x.count) verdict = "missing";
    else if (avgB - avgA > Math.max(ABSOLUTE_THRESHOLD_MS, avgA * RELATIVE_THRESHOLD)) verdict = "slower";
    else if (avgA - avgB > Math.max(ABSOLUTE_THRESHOLD_MS, avgA * RELATIVE_THRESHOLD)) verdict = "faster";
    rows.push({
      key,
      depth: (x ?? y).depth,
      order: x ? x.order : 1e9 + y.order,
      countA: x?.count ?? 0,
      countB: y?.count ?? 0,
      avgA,
      avgB,
      deltaMs: avgA !== null && avgB !== null ? avgB - avgA : null,
      verdict,
    });
  }
  rows.sort((p, q) => p.order - q.order);
  return rows;
}
