// One trace: header, dependency path, and three tabs: timeline (waterfall), flame graph and
// statistics. The tab and the selected span live in the URL, so a link opens the same place.
import { api, ApiError } from "../api.js";
import { el, errorBox, formatCount, formatMs, formatTime, shortText, serviceColor } from "../dom.js";
import { buildTraceModel } from "../trace/model.js";
import { waterfall } from "./waterfall.js";
import { flameGraph } from "./flame-graph.js";
import { traceStatistics } from "./trace-stats.js";
import { spanDetails } from "./span-details.js";

const TABS = [
  ["timeline", "Timeline"],
  ["flame", "Flame graph"],
  ["stats", "Statistics"],
];

export async function render(container, context) {
  const traceId = context.args[0];
  let trace;
  try {
    trace = await api.trace(traceId, context.signal);
  } catch (error) {
    if (error instanceof ApiError) {
      container.append(el("h1", { text: "Trace" }), errorBox(error.message));
      return undefined;
    }
    throw error;
  }
  const started = performance.now();
  const model = buildTraceModel(trace);
  const path = `/trace/${encodeURIComponent(trace.trace_id)}`;
  let tab = TABS.some(([key]) => key === context.params.get("view")) ? context.params.get("view") : "timeline";
  let selected = context.params.get("span") ?? "";

  const body = el("div", { class: "trace-body" });
  const tabList = el("div", { class: "tabs", role: "tablist", "aria-label": "Trace views" });
  for (const [key, title] of TABS) {
    const button = el("button", { type: "button", role: "tab", class: "tab", id: `tab-${key}`, "data-tab": key, text: title });
    button.addEventListener("click", () => show(key));
    tabList.append(button);
  }
  container.append(header(trace, model, context), dependencyPath(trace), tabList, body);

  let cleanup = null;
  function remember() {
    context.replaceParams(path, { view: tab === "timeline" ? "" : tab, span: selected });
  }
  function select(spanId) {
    selected = spanId ?? "";
    remember();
  }
  function show(key) {
    tab = key;
    for (const button of tabList.children) button.setAttribute("aria-selected", String(button.dataset.tab === key));
    cleanup?.();
    cleanup = null;
    body.replaceChildren();
    remember();
    if (key === "timeline") {
      const details = el("aside", { class: "span-details", id: "span-details", "aria-label": "Span details" });
      const showDetails = (node) => {
        details.replaceChildren(...(node ? spanDetails(node, model) : [el("p", { class: "muted", text: "Select a span to see its details." })]));
        select(node?.id);
      };
      const view = waterfall({ model, selectedId: selected, onSelect: showDetails });
      body.append(el("div", { class: "timeline-layout" }, view.element, details));
      showDetails(model.byId.get(selected) ?? null);
      view.start();
      cleanup = view.stop;
    } else if (key === "flame") {
      const details = el("aside", { class: "span-details", id: "span-details" });
      const showDetails = (node) => {
        details.replaceChildren(...(node ? spanDetails(node, model) : [el("p", { class: "muted", text: "Click a frame to see its span." })]));
        select(node?.id);
      };
      body.append(el("div", { class: "flame-layout" }, flameGraph({ model, onSelect: showDetails }), details));
      showDetails(model.byId.get(selected) ?? null);
    } else {
      body.append(traceStatistics(model));
    }
  }
  show(tab);
  container.dataset.renderMs = (performance.now() - started).toFixed(1);
  return () => cleanup?.();
}

function header(trace, model, context) {
  const errorSpans = trace.spans.filter((s) => s.status === "error").length;
  const link = `${location.origin}${location.pathname}#/trace/${encodeURIComponent(trace.trace_id)}`;
  const copy = el("button", { type: "button", class: "button button-secondary", id: "copy-link", text: "Copy link" });
  const linkField = el("input", { type: "text", readonly: true, class: "link-field", value: link, "aria-label": "Link to this trace", id: "trace-link" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(link);
      copy.textContent = "Link copied";
    } catch {
      // Without clipboard permission, select the link so the user can copy it by hand.
      linkField.focus();
      linkField.select();
      copy.textContent = "Press Ctrl+C";
    }
  });
  const compareInput = el("input", { type: "text", placeholder: "another trace id", "aria-label": "Trace id to compare with", spellcheck: "false", maxlength: 64 });
  const compareForm = el("form", { class: "inline-form", id: "compare-form" }, compareInput, el("button", { type: "submit", class: "button button-secondary", text: "Compare" }));
  compareForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (compareInput.value.trim()) context.navigate("/compare", { a: trace.trace_id, b: compareInput.value.trim() });
  });
  const maxDepth = model.order.reduce((max, n) => Math.max(max, n.depth), 0) + 1;
  return el("section", { class: "trace-header" },
    el("h1", { class: "trace-title" },
      shortText("span", { class: "service-name", style: { "--service": serviceColor(trace.root_service) } }, trace.root_service, 40),
      ": ",
      shortText("span", {}, trace.root_operation, 80),
      trace.has_error ? el("span", { class: "badge badge-error", text: "error" }) : null),
    el("dl", { class: "facts" },
      fact("Trace id", el("code", { id: "trace-id", text: trace.trace_id })),
      fact("Started", formatTime(trace.start_unix_ms)),
      fact("Duration", formatMs(trace.duration_ms), "trace-duration"),
      fact("Spans", formatCount(trace.span_count)),
      fact("Services", formatCount(trace.services.length)),
      fact("Depth", formatCount(maxDepth)),
      fact("Errors", formatCount(errorSpans)),
      fact("Kept by", trace.sampling_policy || "–", "sampling-policy")),
    el("div", { class: "trace-actions" }, linkField, copy, compareForm));
}

function fact(term, value, id) {
  return el("div", { class: "fact" }, el("dt", { text: term }), el("dd", { id }, value));
}

function dependencyPath(trace) {
  const list = el("ol", { class: "dependency-path", id: "dependency-path", "aria-label": "Service calls in this trace" });
  for (const call of trace.dependencies) {
    list.append(el("li", { class: call.error_count ? "has-error" : undefined },
      shortText("span", { class: "service-chip", style: { "--service": serviceColor(call.parent) } }, call.parent, 30),
      el("span", { class: "arrow", "aria-hidden": "true", text: "→" }),
      shortText("span", { class: "service-chip", style: { "--service": serviceColor(call.child) } }, call.child, 30),
      el("span", { class: "muted", text: ` ×${call.call_count}${call.error_count ? `, ${call.error_count} failed` : ""}` })));
  }
  return trace.dependencies.length ? list : el("p", { class: "muted", id: "dependency-path", text: "All spans are in one service." });
}
