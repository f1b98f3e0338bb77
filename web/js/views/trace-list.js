// A list of traces: newest first, a duration bar to scale, errors marked. Arrow keys move
// between rows, Enter opens one; with onPick, a checkbox per row picks traces to compare.
import { el, shortText, formatMs, formatTime, serviceColor } from "../dom.js";

/** With `service`, that service's chip comes first in every row, so the match is in view. */
export function traceTable({ traces, onOpen, onPick, id, service }) {
  if (!traces.length) return el("p", { class: "muted empty", text: "No traces match." });
  const longest = Math.max(...traces.map((t) => t.duration_ms), 0.001);
  const body = el("tbody");
  const table = el("table", { class: "table trace-list", id },
    el("thead", {}, el("tr", {},
      onPick ? el("th", { scope: "col", text: "Compare" }) : null,
      el("th", { scope: "col", text: "Start" }),
      el("th", { scope: "col", text: "Root" }),
      el("th", { scope: "col", class: "num", text: "Duration" }),
      el("th", { scope: "col", class: "num", text: "Spans" }),
      el("th", { scope: "col", text: "Services" }),
      el("th", { scope: "col", text: "Kept by" }))),
    body);

  traces.forEach((trace, index) => {
    const row = el("tr", {
      class: trace.has_error ? "trace-row has-error" : "trace-row",
      tabindex: index === 0 ? 0 : -1,
      "data-trace-id": trace.trace_id,
      "aria-label": `${trace.root_service} ${trace.root_operation}, ${formatMs(trace.duration_ms)}`,
    });
    if (onPick) {
      const box = el("input", { type: "checkbox", class: "pick", "aria-label": `Pick ${trace.trace_id} to compare` });
      box.addEventListener("click", (event) => event.stopPropagation());
      box.addEventListener("change", () => onPick(trace, box.checked));
      row.append(el("td", {}, box));
    }
    const services = el("div", { class: "services" });
    const names = service && trace.services.includes(service) ? [service, ...trace.services.filter((s) => s !== service)] : trace.services;
    for (const name of names.slice(0, 6)) {
      services.append(shortText("span", { class: name === service ? "service-chip match" : "service-chip", style: { "--service": serviceColor(name) } }, name, 24));
    }
    if (trace.services.length > 6) services.append(el("span", { class: "muted", text: `+${trace.services.length - 6}` }));
    row.append(
      el("td", { class: "time", text: formatTime(trace.start_unix_ms) }),
      el("td", { class: "root" },
        shortText("span", { class: "root-service" }, trace.root_service, 32),
        " ",
        shortText("span", { class: "root-operation" }, trace.root_operation, 48),
        trace.has_error ? el("span", { class: "badge badge-error", text: "error" }) : null),
      el("td", { class: "num duration" },
        el("span", { class: "duration-bar", style: { width: `${Math.max(2, (trace.duration_ms / longest) * 100).toFixed(1)}%` } }),
        el("span", { class: "duration-text", text: formatMs(trace.duration_ms) })),
      el("td", { class: "num", text: String(trace.span_count) }),
      el("td", {}, services),
      shortText("td", { class: "policy" }, trace.sampling_policy, 24),
    );
    row.addEventListener("click", () => onOpen(trace));
    body.append(row);
  });

  body.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr");
    if (!row || event.target.matches("input")) return;
    const rows = [...body.rows];
    const at = rows.indexOf(row);
    const moveTo = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (event.key === "Enter") {
      event.preventDefault();
      onOpen(traces[at]);
    } else if (moveTo !== undefined && rows[moveTo]) {
      event.preventDefault();
      row.tabIndex = -1;
      rows[moveTo].tabIndex = 0;
      rows[moveTo].focus();
    }
  });
  return table;
}
