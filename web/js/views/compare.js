// Two traces side by side: which spans were added, which are missing, which got slower.
import { api } from "../api.js";
import { el, errorBox, formatMs, formatCount, shortText } from "../dom.js";
import { buildTraceModel } from "../trace/model.js";
import { compareTraces } from "../trace/compare.js";

const VERDICTS = {
  added: "added in B",
  missing: "missing in B",
  slower: "slower in B",
  faster: "faster in B",
  same: "",
};

export async function render(container, context) {
  const a = context.params.get("a") ?? "";
  const b = context.params.get("b") ?? "";
  const inputA = el("input", { type: "text", id: "compare-a", value: a, placeholder: "trace id A", spellcheck: "false", maxlength: 64, "aria-label": "Trace A" });
  const inputB = el("input", { type: "text", id: "compare-b", value: b, placeholder: "trace id B", spellcheck: "false", maxlength: 64, "aria-label": "Trace B" });
  const form = el("form", { class: "inline-form compare-form" }, inputA, el("span", { text: "vs" }), inputB, el("button", { type: "submit", class: "button", text: "Compare" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.navigate("/compare", { a: inputA.value.trim(), b: inputB.value.trim() });
  });
  container.append(el("div", { class: "view-head" }, el("h1", { text: "Compare traces" })), form);
  if (!a || !b) {
    container.append(el("p", { class: "muted", text: "Enter two trace ids, or pick two traces in Search and press Compare." }));
    return;
  }
  let traces;
  try {
    traces = await Promise.all([api.trace(a, context.signal), api.trace(b, context.signal)]);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    container.append(errorBox(error.message));
    return;
  }
  const [left, right] = traces.map(buildTraceModel);
  const rows = compareTraces(left, right);
  const count = (verdict) => rows.filter((r) => r.verdict === verdict).length;
  container.append(
    el("div", { class: "compare-summary" },
      summary("A", traces[0], `#/trace/${encodeURIComponent(a)}`),
      summary("B", traces[1], `#/trace/${encodeURIComponent(b)}`),
      el("p", { id: "compare-counts", text: `${count("added")} added, ${count("missing")} missing, ${count("slower")} slower, ${count("faster")} faster in B` })),
    table(rows));
}

function summary(label, trace, href) {
  return el("div", { class: "card compare-card" },
    el("div", { class: "card-label", text: `Trace ${label}` }),
    el("a", { href, class: "mono", text: trace.trace_id }),
    el("div", { text: `${trace.root_service}: ${trace.root_operation}` }),
    el("div", { class: "card-value", text: formatMs(trace.duration_ms) }),
    el("div", { class: "muted", text: `${formatCount(trace.span_count)} spans${trace.has_error ? ", has errors" : ""}` }));
}

function table(rows) {
  const body = el("tbody");
  for (const row of rows) {
    body.append(el("tr", { class: `verdict-${row.verdict}`, "data-verdict": row.verdict, "data-path": row.key },
      el("td", {}, shortText("span", { class: "compare-name", style: { "padding-left": `${Math.min(row.depth, 24) * 14}px` } }, row.key.split(" › ").pop(), 70)),
      el("td", { class: "num", text: row.countA ? `${row.countA} × ${formatMs(row.avgA)}` : "–" }),
      el("td", { class: "num", text: row.countB ? `${row.countB} × ${formatMs(row.avgB)}` : "–" }),
      el("td", { class: "num", text: row.deltaMs === null ? "" : `${row.deltaMs < 0 ? "−" : "+"}${formatMs(Math.abs(row.deltaMs))}` }),
      el("td", {}, VERDICTS[row.verdict] ? el("span", { class: `badge badge-${row.verdict}`, text: VERDICTS[row.verdict] }) : null)));
  }
  return el("table", { class: "table compare-table", id: "compare-table" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Span (by position in the tree)" }),
      el("th", { scope: "col", class: "num", text: "A" }),
      el("th", { scope: "col", class: "num", text: "B" }),
      el("th", { scope: "col", class: "num", text: "B − A" }),
      el("th", { scope: "col", text: "" }))),
    body);
}
