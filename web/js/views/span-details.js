// The details of one span: timing, status, attributes, resource, events, links, scope.
import { el, formatMs, formatTime, serviceColor } from "../dom.js";

export function spanDetails(node, model) {
  const span = node.span;
  const onPath = model.critical.spans.has(node);
  const criticalMs = model.critical.segments.filter((s) => s.node === node).reduce((sum, s) => sum + (s.to - s.from), 0);
  const parts = [
    el("h2", { class: "details-title" },
      el("span", { class: "service-dot", style: { background: serviceColor(span.service) } }),
      el("span", { class: "details-service", text: span.service }),
      el("span", { class: "details-operation", text: span.operation })),
    keyValues("Span", [
      ["Span id", span.span_id],
      ["Parent span id", span.parent_span_id ?? "– (root)"],
      ["Kind", span.kind],
      ["Status", span.status + (span.status_message ? `: ${span.status_message}` : "")],
      ["Start", `${formatTime(span.start_unix_ms)} (+${formatMs(span.start_unix_ms - model.start)})`],
      ["Duration", formatMs(span.duration_ms)],
      ["Self time", formatMs(node.selfMs)],
      ["Critical path", onPath ? `yes, ${formatMs(criticalMs)} of its own time` : "no"],
      ["Trace kept by", model.trace.sampling_policy || "–"],
      ["Trace state", span.trace_state],
    ], "span-facts"),
    keyValues("Attributes", Object.entries(span.attributes ?? {}), "span-attributes"),
    keyValues("Resource", Object.entries(span.resource_attributes ?? {}), "span-resource"),
  ];
  if (span.status === "error") parts.splice(1, 0, el("p", { class: "error-text", text: `Error${span.status_message ? `: ${span.status_message}` : ""}` }));
  if (span.events?.length) {
    const list = el("ol", { class: "events", id: "span-events" });
    for (const event of span.events) {
      list.append(el("li", {},
        el("span", { class: "event-time", text: `+${formatMs(event.time_unix_ms - span.start_unix_ms)}` }),
        el("span", { class: "muted", text: ` ${formatTime(event.time_unix_ms)} ` }),
        el("strong", { text: event.name }),
        attributeTable(Object.entries(event.attributes ?? {}))));
    }
    parts.push(el("h3", { text: "Events" }), list);
  }
  if (span.links?.length) {
    const list = el("ul", { class: "links", id: "span-links" });
    for (const link of span.links) {
      const open = el("a", { href: `#/trace/${encodeURIComponent(link.trace_id)}?span=${encodeURIComponent(link.span_id)}`, text: `${link.trace_id} / ${link.span_id}` });
      list.append(el("li", {}, open, attributeTable(Object.entries(link.attributes ?? {}))));
    }
    parts.push(el("h3", { text: "Links" }), list);
  }
  if (span.scope) parts.push(keyValues("Instrumentation scope", [["Name", span.scope.name], ["Version", span.scope.version]], "span-scope"));
  return parts;
}

function keyValues(title, entries, id) {
  const shown = entries.filter(([, value]) => value !== undefined && value !== null && value !== "");
  if (!shown.length) return el("div", { id });
  return el("section", { id }, el("h3", { text: title }), attributeTable(shown));
}

function attributeTable(entries) {
  if (!entries.length) return null;
  return el("table", { class: "kv" }, el("tbody", {}, entries.map(([key, value]) =>
    el("tr", {}, el("th", { scope: "row", title: key, text: key }), el("td", { text: String(value) })))));
}
