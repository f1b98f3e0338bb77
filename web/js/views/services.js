// Services: per service and per operation, rate, errors and latency percentiles with a small
// histogram each; columns sort. Selecting a service lists its operations.
import { api } from "../api.js";
import { el, formatCount, formatMs, formatPercent, formatRate, shortText, serviceColor, sortableTable } from "../dom.js";
import { miniHistogram } from "../charts.js";

export async function render(container, context) {
  const stats = await api.stats({}, context.signal);
  const windowSeconds = Math.max(1, (stats.to_unix_ms - stats.from_unix_ms) / 1000);
  const bounds = stats.histogram_bounds_ms;
  const selected = context.params.get("service") ?? "";
  const withRate = (row) => ({ ...row, rate: row.span_count / windowSeconds });

  const latencyColumns = [
    { key: "span_count", title: "Spans", numeric: true, render: (r) => formatCount(r.span_count) },
    { key: "rate", title: "Rate", numeric: true, render: (r) => formatRate(r.rate) },
    { key: "error_rate", title: "Error rate", numeric: true, render: (r) => el("span", { class: r.error_count ? "error-text" : undefined, text: `${formatPercent(r.error_rate)} (${formatCount(r.error_count)})` }) },
    { key: "p50_ms", title: "p50", numeric: true, render: (r) => formatMs(r.p50_ms) },
    { key: "p95_ms", title: "p95", numeric: true, render: (r) => formatMs(r.p95_ms) },
    { key: "p99_ms", title: "p99", numeric: true, render: (r) => formatMs(r.p99_ms) },
    { key: "histogram", title: "Latency histogram", sort: false, render: (r) => miniHistogram({ counts: r.histogram, bounds }) },
  ];
  const serviceTable = sortableTable({
    rows: stats.per_service.map(withRate),
    initialSort: "span_count",
    rowAttributes: (row) => ({ class: row.service === selected ? "selected clickable" : "clickable", "data-service": row.service, tabindex: 0 }),
    columns: [{ key: "service", title: "Service", render: (r) => shortText("span", { class: "service-chip", style: { "--service": serviceColor(r.service) } }, r.service, 40) }, ...latencyColumns],
  });
  serviceTable.id = "services-table";
  const open = (event) => {
    const row = event.target.closest("tr[data-service]");
    if (row && (event.type === "click" || event.key === "Enter")) context.navigate("/services", { service: row.dataset.service === selected ? "" : row.dataset.service });
  };
  serviceTable.addEventListener("click", open);
  serviceTable.addEventListener("keydown", open);

  const operations = stats.per_operation.filter((o) => !selected || o.service === selected).map(withRate);
  const operationTable = sortableTable({
    rows: operations,
    initialSort: "p95_ms",
    rowAttributes: (row) => ({ "data-service": row.service, "data-operation": row.operation }),
    columns: [
      { key: "service", title: "Service", render: (r) => shortText("span", { class: "service-chip", style: { "--service": serviceColor(r.service) } }, r.service, 30) },
      { key: "operation", title: "Operation", render: (r) => el("a", { href: `#/search?service=${encodeURIComponent(r.service)}&operation=${encodeURIComponent(r.operation)}&sort=slowest`, title: "Find its traces, slowest first" }, shortText("span", {}, r.operation, 60)) },
      ...latencyColumns,
    ],
  });
  operationTable.id = "operations-table";

  container.append(
    el("div", { class: "view-head" }, el("h1", { text: "Services" }),
      el("span", { class: "muted", text: `rates over ${formatMs(windowSeconds * 1000)}; percentiles of span durations` })),
    el("div", { class: "table-wrap" }, serviceTable),
    el("h2", { text: selected ? `Operations of ${selected}` : "Operations" }),
    el("div", { class: "table-wrap" }, operationTable));
}
