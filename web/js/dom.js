// DOM helpers. Every value from the API is untrusted: nodes are built with createElement,
// textContent and setAttribute only; no HTML strings anywhere in the UI.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An element with optional attributes (class, data-*, aria-*, …) and children or text. */
export function el(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** An SVG element, the same way. */
export function svg(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = String(value);
    // Styles go through the CSSOM: the page's CSP refuses inline style attributes.
    else if (name === "style") for (const [property, v] of Object.entries(value)) node.style.setProperty(property, String(v));
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Text truncated for tight places, the whole value in its tooltip. */
export function shortText(tag, attributes, value, max = 80) {
  const full = value === undefined || value === null ? "" : String(value);
  const chars = Array.from(full);
  const shown = chars.length > max ? chars.slice(0, max - 1).join("") + "\u2026" : full;
  return el(tag, { ...attributes, title: full || undefined, text: shown });
}

export function formatMs(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  if (value >= 60_000) return `${(value / 60_000).toFixed(1)} min`;
  if (value >= 1_000) return `${(value / 1_000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${(value * 1000).toFixed(0)} µs`;
}

export function formatCount(value) {
  return typeof value === "number" && Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–";
}

export function formatRate(perSecond) {
  if (typeof perSecond !== "number" || !Number.isFinite(perSecond)) return "–";
  return perSecond >= 100 ? `${formatCount(perSecond)}/s` : `${perSecond.toFixed(perSecond >= 10 ? 1 : 2)}/s`;
}

export function formatPercent(ratio) {
  return typeof ratio === "number" && Number.isFinite(ratio) ? `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1)}%` : "–";
}

export function formatTime(unixMs) {
  if (typeof unixMs !== "number" || !Number.isFinite(unixMs)) return "–";
  const date = new Date(unixMs);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function formatClock(unixMs) {
  return formatTime(unixMs).slice(11, 19);
}

/** A message box for failed loads; the message is text. */
export function errorBox(message) {
  return el("p", { class: "error-text", role: "alert", text: message });
}

/**
 * A stable colour per service: a hue from the name's hash, so the same service has the same
 * colour in every view and across reloads.
 */
export function serviceColor(service) {
  let hash = 2166136261;
  for (let i = 0; i < service.length; i++) {
    hash ^= service.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  // Hues near red are left to errors.
  const hue = 25 + ((hash >>> 0) % 310);
  return `hsl(${hue} 62% 52%)`;
}

/** A table whose columns sort when their header is clicked (aria-sort shows the order). */
export function sortableTable({ columns, rows, initialSort, initialDescending = true, rowAttributes, className = "table" }) {
  const table = el("table", { class: className });
  const head = el("tr");
  const body = el("tbody");
  let sortKey = initialSort;
  let descending = initialDescending;
  for (const column of columns) {
    const th = el("th", { scope: "col", class: column.numeric ? "num" : undefined, "data-key": column.key });
    if (column.sort !== false) {
      const button = el("button", { type: "button", class: "sort", text: column.title });
      button.addEventListener("click", () => {
        descending = sortKey === column.key ? !descending : column.numeric === true;
        sortKey = column.key;
        render();
      });
      th.append(button);
    } else {
      th.textContent = column.title;
    }
    head.append(th);
  }
  table.append(el("thead", {}, head), body);

  function render() {
    const column = columns.find((c) => c.key === sortKey);
    const sorted = [...rows];
    if (column) {
      const value = column.value ?? ((row) => row[column.key]);
      sorted.sort((a, b) => {
        const x = value(a);
        const y = value(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
    }
    for (const th of head.children) {
      if (th.dataset.key === sortKey) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
    body.replaceChildren(...sorted.map((row) => {
      const tr = el("tr", rowAttributes ? rowAttributes(row) : {});
      for (const column of columns) {
        const cell = el("td", { class: column.numeric ? "num" : undefined, "data-key": column.key });
        const content = column.render ? column.render(row) : row[column.key];
        if (content instanceof Node) cell.append(content);
        else cell.textContent = content === undefined || content === null ? "" : String(content);
        tr.append(cell);
      }
      return tr;
    }));
  }

  render();
  return table;
}
