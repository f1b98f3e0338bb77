// The trace's statistics: per service and operation, count, total, self time, min/avg/max.
import { el, formatMs, formatCount, shortText, serviceColor, sortableTable } from "../dom.js";
import { operationStatistics } from "../trace/model.js";

export function traceStatistics(model) {
  const rows = operationStatistics(model);
  const totalSelf = rows.reduce((sum, r) => sum + r.selfMs, 0) || 1;
  return el("section", { class: "trace-stats" },
    el("p", { class: "muted", text: "Self time is a span's duration not covered by its children; the self-time column adds up to the time the trace spent in each operation's own code." }),
    sortableTable({
      className: "table",
      initialSort: "selfMs",
      rows,
      rowAttributes: (row) => ({ "data-service": row.service, "data-operation": row.operation }),
      columns: [
        { key: "service", title: "Service", render: (r) => shortText("span", { class: "service-chip", style: { "--service": serviceColor(r.service) } }, r.service, 30) },
        { key: "operation", title: "Operation", render: (r) => shortText("span", {}, r.operation, 60) },
        { key: "count", title: "Count", numeric: true, render: (r) => formatCount(r.count) },
        { key: "errors", title: "Errors", numeric: true, render: (r) => formatCount(r.errors) },
        { key: "totalMs", title: "Total", numeric: true, render: (r) => formatMs(r.totalMs) },
        { key: "selfMs", title: "Self time", numeric: true, render: (r) => `${formatMs(r.selfMs)} (${((r.selfMs / totalSelf) * 100).toFixed(1)}%)` },
        { key: "minMs", title: "Min", numeric: true, render: (r) => formatMs(r.minMs) },
        { key: "avgMs", title: "Avg", numeric: true, render: (r) => formatMs(r.avgMs) },
        { key: "maxMs", title: "Max", numeric: true, render: (r) => formatMs(r.maxMs) },
      ],
    }));
}
