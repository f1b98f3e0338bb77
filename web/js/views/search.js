// Search: the filters of GET /api/traces, kept in the URL so a search can be shared.
import { api } from "../api.js";
import { el, errorBox, formatMs } from "../dom.js";
import { scatterPlot } from "../charts.js";
import { LOOKBACKS } from "../time-ranges.js";
import { traceTable } from "./trace-list.js";

const RANGES = [
  ...LOOKBACKS,
  ["all", "Any time", null],
  ["custom", "Between…", null],
];
const LIMITS = ["20", "50", "100", "500", "1000"];
/** URL parameters that describe a search; anything else in the URL is ignored. */
const FIELDS = ["service", "operation", "tag", "min_duration_ms", "max_duration_ms", "errors", "range", "from", "to", "limit", "sort"];

export async function render(container, context) {
  const state = Object.fromEntries(FIELDS.map((f) => [f, context.params.get(f) ?? ""]));
  state.range ||= "1h";
  state.limit ||= "50";
  state.sort ||= "newest";

  const form = el("form", { class: "search-form", id: "search-form", autocomplete: "off" });
  const service = el("select", { name: "service", id: "search-service" }, el("option", { value: "", text: "All services" }));
  const operation = el("select", { name: "operation", id: "search-operation" }, el("option", { value: "", text: "All operations" }));
  const tag = el("input", { name: "tag", id: "search-tag", type: "text", placeholder: "http.status_code=500", value: state.tag, maxlength: 1024 });
  const minDuration = el("input", { name: "min_duration_ms", id: "search-min", type: "number", min: 0, step: "any", placeholder: "ms", value: state.min_duration_ms });
  const maxDuration = el("input", { name: "max_duration_ms", id: "search-max", type: "number", min: 0, step: "any", placeholder: "ms", value: state.max_duration_ms });
  const errors = el("input", { name: "errors", id: "search-errors", type: "checkbox", checked: state.errors === "1" });
  const range = el("select", { name: "range", id: "search-range" }, RANGES.map(([value, text]) => el("option", { value, text, selected: value === state.range })));
  const from = el("input", { name: "from", id: "search-from", type: "datetime-local", step: 1, value: localInput(state.from) });
  const to = el("input", { name: "to", id: "search-to", type: "datetime-local", step: 1, value: localInput(state.to) });
  const custom = el("span", { class: "custom-range", hidden: state.range !== "custom" }, from, " – ", to);
  const limit = el("select", { name: "limit", id: "search-limit" }, LIMITS.map((value) => el("option", { value, text: value, selected: value === state.limit })));
  const sort = el("select", { name: "sort", id: "search-sort" }, el("option", { value: "newest", text: "Newest first", selected: state.sort === "newest" }), el("option", { value: "slowest", text: "Slowest first", selected: state.sort === "slowest" }));
  range.addEventListener("change", () => (custom.hidden = range.value !== "custom"));

  form.append(
    field("Service", service),
    field("Operation", operation),
    field("Tag", tag),
    field("Min duration (ms)", minDuration),
    field("Max duration (ms)", maxDuration),
    field("Time", range, custom),
    field("Limit", limit),
    field("Order", sort),
    el("label", { class: "checkbox" }, errors, " Errors only"),
    el("button", { type: "submit", class: "button", id: "search-submit", text: "Find traces" }),
  );
  const results = el("section", { id: "search-results", "aria-live": "polite" });
  container.append(el("div", { class: "view-head" }, el("h1", { text: "Search" })), form, results);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.navigate("/search", {
      service: service.value,
      operation: operation.value,
      tag: tag.value.trim(),
      min_duration_ms: minDuration.value,
      max_duration_ms: maxDuration.value,
      errors: errors.checked ? "1" : "",
      range: range.value,
      from: range.value === "custom" ? unixFromInput(from.value) : "",
      to: range.value === "custom" ? unixFromInput(to.value) : "",
      limit: limit.value,
      sort: sort.value,
    });
  });
  service.addEventListener("change", () => loadOperations(operation, service.value, "", context.signal));

  const names = await api.services(context.signal);
  for (const name of names) service.append(el("option", { value: name, text: name, selected: name === state.service }));
  if (state.service && !names.includes(state.service)) service.append(el("option", { value: state.service, text: state.service, selected: true }));
  await loadOperations(operation, state.service, state.operation, context.signal);
  await runSearch(results, state, context);
}

function field(title, ...controls) {
  return el("label", { class: "field" }, el("span", { class: "field-label", text: title }), ...controls);
}

async function loadOperations(select, service, selected, signal) {
  select.replaceChildren(el("option", { value: "", text: "All operations" }));
  if (!service) return;
  const names = await api.spanNames(service, signal);
  for (const name of names) select.append(el("option", { value: name, text: name, selected: name === selected }));
  if (selected && !names.includes(selected)) select.append(el("option", { value: selected, text: selected, selected: true }));
}

function queryFor(state) {
  const now = Date.now();
  const span = RANGES.find(([value]) => value === state.range)?.[2];
  return {
    service: state.service,
    operation: state.operation,
    tag: state.tag,
    min_duration_ms: state.min_duration_ms,
    max_duration_ms: state.max_duration_ms,
    status: state.errors === "1" ? "error" : "",
    from_unix_ms: state.range === "custom" ? state.from : span ? now - span : "",
    to_unix_ms: state.range === "custom" ? state.to : "",
    limit: state.limit,
  };
}

async function runSearch(results, state, context) {
  let traces;
  try {
    traces = await api.traces(queryFor(state), context.signal);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    results.replaceChildren(errorBox(error.message));
    return;
  }
  if (state.sort === "slowest") traces.sort((a, b) => b.duration_ms - a.duration_ms);
  const picked = new Map();
  const compareButton = el("button", { type: "button", class: "button", id: "compare-selected", disabled: true, text: "Compare 2 selected" });
  compareButton.addEventListener("click", () => {
    const [a, b] = [...picked.keys()];
    context.navigate("/compare", { a, b });
  });
  const onPick = (trace, on) => {
    if (on) picked.set(trace.trace_id, trace);
    else picked.delete(trace.trace_id);
    compareButton.disabled = picked.size !== 2;
  };
  const errorsFound = traces.filter((t) => t.has_error).length;
  const slowest = traces.reduce((max, t) => Math.max(max, t.duration_ms), 0);
  results.replaceChildren(
    el("div", { class: "results-head" },
      el("p", { id: "result-count", "data-count": traces.length, text: `${traces.length} trace${traces.length === 1 ? "" : "s"}${traces.length ? `, ${errorsFound} with errors, slowest ${formatMs(slowest)}` : ""}` }),
      compareButton),
    el("figure", { class: "chart-box" }, el("figcaption", { text: "Duration by start time (click a dot to open the trace; red dots have errors)" }),
      // Drawn at the width it is shown at, so dots and labels keep their size.
      scatterPlot({ traces, onSelect: (t) => context.openTrace(t.trace_id), width: Math.max(600, results.clientWidth - 22) })),
    traceTable({ traces, onOpen: (t) => context.openTrace(t.trace_id), onPick, id: "search-table", service: state.service }),
  );
}

function localInput(unixMs) {
  if (!unixMs) return "";
  const date = new Date(Number(unixMs));
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

function unixFromInput(value) {
  const time = value ? new Date(value).getTime() : NaN;
  return Number.isNaN(time) ? "" : String(time);
}
