// TraceFlow browser UI. Plain script, no build step.
// Every value coming from the API is treated as hostile: the DOM is built with
// createElement + textContent only, never with HTML strings.
(function () {
  "use strict";

  var REFRESH_MS = 5000;
  var MAX_NAME = 80;
  var MAX_INDENT_DEPTH = 24;

  var state = {
    paused: false,
    timer: null,
    traceLoadSeq: 0,
    listLoadSeq: 0,
    currentTraceId: null,
  };

  // ---------------------------------------------------------------- helpers

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function str(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "object") {
      try {
        return JSON.stringify(value);
      } catch (e) {
        return "";
      }
    }
    return String(value);
  }

  function truncate(value, max) {
    var s = str(value);
    var limit = max || MAX_NAME;
    if (s.length <= limit) return s;
    var chars = Array.from(s.slice(0, limit * 2));
    if (chars.length <= limit) return chars.join("");
    return chars.slice(0, limit - 1).join("") + "\u2026";
  }

  // A text element truncated for listings, with the full value in its title.
  function nameEl(tag, className, value) {
    var full = str(value);
    var node = el(tag, className, truncate(full));
    if (full.length > 0) node.setAttribute("title", full);
    return node;
  }

  function num(value) {
    var n = typeof value === "number" ? value : Number(value);
    return isFinite(n) ? n : null;
  }

  function fmtCount(value) {
    var n = num(value);
    return n === null ? "–" : Math.round(n).toLocaleString();
  }

  function fmtMs(value) {
    var n = num(value);
    if (n === null) return "–";
    return n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2);
  }

  function fmtPercent(value) {
    var n = num(value);
    return n === null ? "–" : (n * 100).toFixed(1) + "%";
  }

  function fmtTime(unixMs) {
    var n = num(unixMs);
    if (n === null) return "–";
    var d = new Date(n);
    return isNaN(d.getTime()) ? "–" : d.toLocaleString();
  }

  function asArray(value) {
    return Array.isArray(value) ? value : [];
  }

  function asObject(value) {
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  // Deterministic colour per service name (FNV-1a hash -> hue). Pure reds are
  // skipped so that red keeps meaning "error".
  function serviceColor(name) {
    var s = str(name);
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return "hsl(" + (25 + (h % 310)) + ", 62%, 52%)";
  }

  function badge(text, kind) {
    return el("span", "badge badge-" + kind, text);
  }

  function showError(node, message) {
    node.textContent = message || "";
    node.hidden = !message;
  }

  async function fetchJson(url) {
    var res = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    var data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    return { ok: res.ok, status: res.status, data: data };
  }

  // ----------------------------------------------------------------- health

  async function loadHealth() {
    var node = $("health");
    var ready = false;
    try {
      var res = await fetch("/readyz", { cache: "no-store" });
      ready = res.status === 200;
    } catch (e) {
      ready = false;
    }
    node.textContent = ready ? "ready" : "not ready";
    node.className = "health " + (ready ? "health-ok" : "health-bad");
  }

  // ------------------------------------------------------------------ stats

  async function loadStats() {
    var errorNode = $("stats-error");
    try {
      var res = await fetchJson("/api/stats");
      if (!res.ok || !res.data) throw new Error("HTTP " + res.status);
      showError(errorNode, "");
      renderStats(asObject(res.data));
    } catch (e) {
      showError(errorNode, "Could not load stats (" + e.message + ").");
    }
  }

  function renderStats(stats) {
    $("stat-trace-count").textContent = fmtCount(stats.trace_count);
    $("stat-span-count").textContent = fmtCount(stats.span_count);
    $("stat-service-count").textContent = fmtCount(stats.service_count);
    $("stat-p50").textContent = fmtMs(stats.p50_ms) + " ms";
    $("stat-p95").textContent = fmtMs(stats.p95_ms) + " ms";
    $("stat-p99").textContent = fmtMs(stats.p99_ms) + " ms";
    $("stat-kept-dropped").textContent =
      fmtCount(stats.kept_trace_count) + " / " + fmtCount(stats.dropped_trace_count);
    $("stat-error-spans").textContent = fmtCount(stats.error_span_count);
    renderPerService(asArray(stats.per_service));
  }

  function renderPerService(rows) {
    var body = $("per-service");
    clear(body);
    if (rows.length === 0) {
      body.appendChild(emptyRow(7, "No services yet."));
      return;
    }
    rows.forEach(function (raw) {
      var row = asObject(raw);
      var tr = el("tr");
      var nameCell = el("td");
      nameCell.appendChild(serviceChip(row.service));
      tr.appendChild(nameCell);
      tr.appendChild(el("td", "num", fmtCount(row.span_count)));
      tr.appendChild(el("td", "num", fmtCount(row.error_count)));
      tr.appendChild(el("td", "num", fmtPercent(row.error_rate)));
      tr.appendChild(el("td", "num", fmtMs(row.p50_ms)));
      tr.appendChild(el("td", "num", fmtMs(row.p95_ms)));
      tr.appendChild(el("td", "num", fmtMs(row.p99_ms)));
      body.appendChild(tr);
    });
  }

  function serviceChip(name) {
    var chip = el("span", "service-chip");
    var dot = el("span", "service-dot");
    dot.style.backgroundColor = serviceColor(name);
    chip.appendChild(dot);
    chip.appendChild(nameEl("span", "service-name", name));
    return chip;
  }

  function emptyRow(colspan, text) {
    var tr = el("tr", "empty-row");
    var td = el("td", "muted", text);
    td.setAttribute("colspan", String(colspan));
    tr.appendChild(td);
    return tr;
  }

  // ----------------------------------------------------------------- traces

  function traceListUrl() {
    var params = new URLSearchParams();
    params.set("limit", "50");
    var service = $("filter-service").value.trim();
    if (service) params.set("service", service);
    var minDuration = $("filter-min-duration").value.trim();
    if (minDuration && num(minDuration) !== null) params.set("min_duration_ms", minDuration);
    if ($("filter-errors").checked) params.set("status", "error");
    return "/api/traces?" + params.toString();
  }

  async function loadTraces() {
    var seq = ++state.listLoadSeq;
    var errorNode = $("traces-error");
    try {
      var res = await fetchJson(traceListUrl());
      if (seq !== state.listLoadSeq) return;
      if (!res.ok || !res.data) {
        var detail = res.data && res.data.detail ? str(res.data.detail) : "HTTP " + res.status;
        throw new Error(detail);
      }
      showError(errorNode, "");
      renderTraces(asArray(asObject(res.data).traces));
    } catch (e) {
      if (seq === state.listLoadSeq) showError(errorNode, "Could not load traces (" + e.message + ").");
    }
  }

  function renderTraces(traces) {
    var body = $("traces");
    clear(body);
    if (traces.length === 0) {
      body.appendChild(emptyRow(6, "No traces match."));
      return;
    }
    traces.forEach(function (raw) {
      body.appendChild(traceRow(asObject(raw)));
    });
  }

  function traceRow(trace) {
    var id = str(trace.trace_id);
    var tr = el("tr", "trace-row");
    tr.setAttribute("data-trace-id", id);
    tr.setAttribute("tabindex", "0");
    tr.setAttribute("title", "Trace " + truncate(id, 200));
    if (id === state.currentTraceId) tr.classList.add("selected");

    tr.appendChild(el("td", "nowrap", fmtTime(trace.start_unix_ms)));

    var root = el("td", "root-cell");
    root.appendChild(serviceChip(trace.root_service));
    root.appendChild(nameEl("div", "operation", trace.root_operation));
    tr.appendChild(root);

    tr.appendChild(el("td", "num", fmtMs(trace.duration_ms)));
    tr.appendChild(el("td", "num", fmtCount(trace.span_count)));

    var services = asArray(trace.services).map(str);
    tr.appendChild(nameEl("td", "services-cell", services.join(", ")));

    var status = el("td");
    status.appendChild(trace.has_error === true ? badge("error", "error") : badge("ok", "ok"));
    tr.appendChild(status);

    tr.addEventListener("click", function () {
      openTrace(id);
    });
    tr.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openTrace(id);
      }
    });
    return tr;
  }

  function markSelectedTraceRow() {
    var rows = document.querySelectorAll("#traces .trace-row");
    rows.forEach(function (row) {
      row.classList.toggle("selected", row.getAttribute("data-trace-id") === state.currentTraceId);
    });
  }

  // ------------------------------------------------------------- trace view

  function traceHash(id) {
    return "#trace=" + encodeURIComponent(id);
  }

  function traceIdFromHash() {
    var hash = window.location.hash || "";
    if (hash.indexOf("#trace=") !== 0) return null;
    try {
      return decodeURIComponent(hash.slice("#trace=".length));
    } catch (e) {
      return null;
    }
  }

  // Opening also records the id in the URL hash so the view can be shared as a link.
  function openTrace(id) {
    if (!id) return;
    var hash = traceHash(id);
    if (window.location.hash !== hash) window.history.pushState(null, "", hash);
    loadTrace(id);
  }

  function onHashChange() {
    var id = traceIdFromHash();
    if (id && id !== state.currentTraceId) loadTrace(id);
  }

  async function loadTrace(id) {
    var seq = ++state.traceLoadSeq;
    state.currentTraceId = id;
    markSelectedTraceRow();
    renderTraceMessage(id, "Loading…", false);
    try {
      var res = await fetchJson("/api/traces/" + encodeURIComponent(id));
      if (seq !== state.traceLoadSeq) return;
      if (res.ok && res.data) {
        renderTrace(asObject(res.data));
      } else if (res.data && res.data.detail) {
        renderTraceMessage(id, str(res.data.detail), true);
      } else {
        renderTraceMessage(id, "Could not load trace (HTTP " + res.status + ").", true);
      }
    } catch (e) {
      if (seq === state.traceLoadSeq) renderTraceMessage(id, "Could not load trace (" + e.message + ").", true);
    }
  }

  function traceViewHeader(id) {
    var head = el("div", "trace-head");
    head.appendChild(el("h2", null, "Trace"));
    var idNode = nameEl("code", "trace-id", id);
    idNode.id = "trace-view-id";
    head.appendChild(idNode);
    return head;
  }

  function renderTraceMessage(id, message, isError) {
    var view = $("trace-view");
    clear(view);
    view.appendChild(traceViewHeader(id));
    view.appendChild(el("p", isError ? "error-text trace-message" : "muted trace-message", message));
  }

  function renderTrace(trace) {
    var view = $("trace-view");
    clear(view);
    view.appendChild(traceViewHeader(str(trace.trace_id)));
    view.appendChild(traceMeta(trace));
    view.appendChild(el("h3", null, "Dependency path"));
    view.appendChild(dependencyPath(asArray(trace.dependency_path)));
    view.appendChild(el("h3", null, "Waterfall"));

    var spans = asArray(trace.spans).map(asObject);
    var details = el("div", "span-details");
    details.id = "span-details";
    details.appendChild(el("p", "muted", "Click a span to see its attributes."));

    view.appendChild(waterfall(trace, spans, details));
    view.appendChild(details);
  }

  function traceMeta(trace) {
    var list = el("dl", "meta");
    function item(label, valueNode) {
      var wrap = el("div", "meta-item");
      wrap.appendChild(el("dt", null, label));
      var dd = el("dd");
      dd.appendChild(valueNode);
      wrap.appendChild(dd);
      list.appendChild(wrap);
    }
    var root = el("span");
    root.appendChild(serviceChip(trace.root_service));
    root.appendChild(nameEl("span", "operation-inline", trace.root_operation));
    item("Root", root);
    item("Started", el("span", null, fmtTime(trace.start_unix_ms)));
    item("Duration", el("span", null, fmtMs(trace.duration_ms) + " ms"));
    item("Spans", el("span", null, fmtCount(trace.span_count)));
    item("Sampling policy", nameEl("span", null, trace.sampling_policy || "–"));
    item("Status", trace.has_error === true ? badge("error", "error") : badge("ok", "ok"));
    return list;
  }

  function dependencyPath(path) {
    var list = el("ul", "dependency-path");
    list.id = "dependency-path";
    if (path.length === 0) {
      list.appendChild(el("li", "muted", "No cross-service calls."));
      return list;
    }
    path.forEach(function (edge) {
      list.appendChild(nameEl("li", null, edge));
    });
    return list;
  }

  // ---------------------------------------------------------------- span tree

  function spanStart(span) {
    var n = num(span.start_unix_ms);
    return n === null ? 0 : n;
  }

  // Returns [{ span, depth }] in tree order. Spans whose parent is missing, and
  // spans on a parent cycle, become roots. Works iteratively (no recursion).
  function buildSpanTree(spans) {
    var indexById = new Map();
    spans.forEach(function (span, i) {
      var id = str(span.span_id);
      if (!indexById.has(id)) indexById.set(id, i);
    });

    // Raw parent index for each span (-1 when none or missing).
    var parent = spans.map(function (span, i) {
      var pid = span.parent_span_id;
      if (pid === null || pid === undefined || pid === "") return -1;
      var p = indexById.get(str(pid));
      return p === undefined || p === i ? -1 : p;
    });

    breakCycles(parent);

    var children = spans.map(function () {
      return [];
    });
    var roots = [];
    parent.forEach(function (p, i) {
      if (p === -1) roots.push(i);
      else children[p].push(i);
    });

    var byStart = function (a, b) {
      return spanStart(spans[a]) - spanStart(spans[b]) || a - b;
    };
    roots.sort(byStart);
    children.forEach(function (list) {
      list.sort(byStart);
    });

    var ordered = [];
    var visited = new Set();
    var stack = [];
    for (var r = roots.length - 1; r >= 0; r--) stack.push({ index: roots[r], depth: 0 });
    while (stack.length > 0) {
      var top = stack.pop();
      if (visited.has(top.index)) continue;
      visited.add(top.index);
      ordered.push({ span: spans[top.index], depth: top.depth });
      var kids = children[top.index];
      for (var k = kids.length - 1; k >= 0; k--) {
        if (!visited.has(kids[k])) stack.push({ index: kids[k], depth: top.depth + 1 });
      }
    }
    // Safety net: anything not reached is shown as a root.
    spans.forEach(function (span, i) {
      if (!visited.has(i)) ordered.push({ span: span, depth: 0 });
    });
    return ordered;
  }

  // Each span has at most one parent, so cycles are found by walking up the
  // parent chain; every span on a cycle is detached (made a root).
  function breakCycles(parent) {
    var UNSEEN = 0, ON_PATH = 1, DONE = 2;
    var mark = parent.map(function () {
      return UNSEEN;
    });
    for (var start = 0; start < parent.length; start++) {
      if (mark[start] !== UNSEEN) continue;
      var path = [];
      var node = start;
      while (node !== -1 && mark[node] === UNSEEN) {
        mark[node] = ON_PATH;
        path.push(node);
        node = parent[node];
      }
      if (node !== -1 && mark[node] === ON_PATH) {
        var cycleStart = path.indexOf(node);
        var cycle = path.slice(cycleStart);
        cycle.forEach(function (n) {
          parent[n] = -1;
        });
      }
      path.forEach(function (n) {
        mark[n] = DONE;
      });
    }
  }

  // --------------------------------------------------------------- waterfall

  function traceWindow(trace, spans) {
    var start = num(trace.start_unix_ms);
    var end = null;
    spans.forEach(function (span) {
      var s = num(span.start_unix_ms);
      if (s === null) return;
      var e = s + Math.max(0, num(span.duration_ms) || 0);
      if (start === null || s < start) start = s;
      if (end === null || e > end) end = e;
    });
    if (start === null) start = 0;
    var duration = num(trace.duration_ms);
    if (end !== null && (duration === null || start + duration < end)) duration = end - start;
    if (duration === null || duration <= 0) duration = 1;
    return { start: start, duration: duration };
  }

  function clampPct(value) {
    if (!isFinite(value)) return 0;
    return Math.min(100, Math.max(0, value));
  }

  function waterfall(trace, spans, details) {
    var wrap = el("div", "waterfall");
    var win = traceWindow(trace, spans);
    wrap.appendChild(waterfallAxis(win.duration));

    if (spans.length === 0) {
      wrap.appendChild(el("p", "muted", "This trace has no spans."));
      return wrap;
    }

    buildSpanTree(spans).forEach(function (entry) {
      wrap.appendChild(spanRow(entry.span, entry.depth, win, wrap, details));
    });
    return wrap;
  }

  function waterfallAxis(duration) {
    var axis = el("div", "wf-row wf-axis");
    axis.appendChild(el("div", "wf-label muted", "Span"));
    var track = el("div", "wf-track");
    [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
      var tick = el("span", "wf-tick", fmtMs(duration * f) + " ms");
      tick.style.left = f * 100 + "%";
      if (f === 1) tick.classList.add("wf-tick-end");
      track.appendChild(tick);
    });
    axis.appendChild(track);
    axis.appendChild(el("div", "wf-duration muted", "Duration"));
    return axis;
  }

  function spanRow(span, depth, win, container, details) {
    var isError = str(span.status).toLowerCase() === "error";
    var row = el("div", "wf-row span-row" + (isError ? " span-error" : ""));
    row.setAttribute("data-span-id", str(span.span_id));
    row.setAttribute("tabindex", "0");
    row.setAttribute("role", "button");

    var label = el("div", "wf-label");
    label.style.paddingLeft = Math.min(depth, MAX_INDENT_DEPTH) * 16 + 6 + "px";
    var dot = el("span", "service-dot");
    dot.style.backgroundColor = serviceColor(span.service);
    label.appendChild(dot);
    label.appendChild(nameEl("span", "wf-service", span.service));
    label.appendChild(nameEl("span", "wf-operation", span.operation));
    if (isError) label.appendChild(badge("error", "error"));
    row.appendChild(label);

    var track = el("div", "wf-track");
    var bar = el("div", "wf-bar");
    var start = num(span.start_unix_ms);
    var duration = Math.max(0, num(span.duration_ms) || 0);
    var left = clampPct(start === null ? 0 : ((start - win.start) / win.duration) * 100);
    var width = clampPct((duration / win.duration) * 100);
    width = Math.max(0.4, Math.min(width, 100 - left));
    bar.style.left = left + "%";
    bar.style.width = width + "%";
    bar.style.backgroundColor = serviceColor(span.service);
    track.appendChild(bar);
    row.appendChild(track);

    row.appendChild(el("div", "wf-duration", fmtMs(span.duration_ms) + " ms"));

    function select() {
      container.querySelectorAll(".span-row.selected").forEach(function (r) {
        r.classList.remove("selected");
      });
      row.classList.add("selected");
      renderSpanDetails(details, span);
    }
    row.addEventListener("click", select);
    row.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select();
      }
    });
    return row;
  }

  function renderSpanDetails(details, span) {
    clear(details);
    var head = el("div", "span-details-head");
    head.appendChild(nameEl("h3", null, str(span.service) + " · " + str(span.operation)));
    details.appendChild(head);

    var meta = el("dl", "meta");
    [
      ["Span id", span.span_id],
      ["Parent", span.parent_span_id === null || span.parent_span_id === undefined ? "(root)" : span.parent_span_id],
      ["Status", span.status],
      ["Kind", span.kind],
      ["Start", fmtTime(span.start_unix_ms)],
      ["Duration", fmtMs(span.duration_ms) + " ms"],
    ].forEach(function (pair) {
      var wrap = el("div", "meta-item");
      wrap.appendChild(el("dt", null, pair[0]));
      wrap.appendChild(nameEl("dd", null, pair[1]));
      meta.appendChild(wrap);
    });
    details.appendChild(meta);

    details.appendChild(attributesTable(asObject(span.attributes)));
  }

  function attributesTable(attributes) {
    var keys = Object.keys(attributes).sort();
    if (keys.length === 0) return el("p", "muted", "No attributes.");
    var table = el("table", "table attributes");
    var thead = el("thead");
    var headRow = el("tr");
    headRow.appendChild(el("th", null, "Attribute"));
    headRow.appendChild(el("th", null, "Value"));
    thead.appendChild(headRow);
    table.appendChild(thead);
    var body = el("tbody");
    keys.forEach(function (key) {
      var tr = el("tr");
      tr.appendChild(el("td", "attr-key", key));
      tr.appendChild(el("td", "attr-value", str(attributes[key])));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  // ------------------------------------------------------------ refreshing

  async function refreshAll() {
    await Promise.all([loadHealth(), loadStats(), loadTraces()]);
    $("last-updated").textContent = "Updated " + new Date().toLocaleTimeString();
  }

  function startTimer() {
    stopTimer();
    state.timer = window.setInterval(refreshAll, REFRESH_MS);
  }

  function stopTimer() {
    if (state.timer !== null) window.clearInterval(state.timer);
    state.timer = null;
  }

  function toggleRefresh() {
    state.paused = !state.paused;
    var button = $("refresh-toggle");
    button.textContent = state.paused ? "Resume auto-refresh" : "Pause auto-refresh";
    button.setAttribute("aria-pressed", state.paused ? "true" : "false");
    if (state.paused) {
      stopTimer();
    } else {
      refreshAll();
      startTimer();
    }
  }

  // ------------------------------------------------------------------ wiring

  function wireEvents() {
    $("refresh-toggle").addEventListener("click", toggleRefresh);

    $("filter-form").addEventListener("submit", function (event) {
      event.preventDefault();
      loadTraces();
    });
    $("filter-form").addEventListener("reset", function () {
      // Let the browser clear the fields first.
      window.setTimeout(loadTraces, 0);
    });

    $("open-trace-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var id = $("trace-id-input").value.trim();
      if (id) openTrace(id);
    });

    window.addEventListener("hashchange", onHashChange);
  }

  function init() {
    wireEvents();
    refreshAll();
    startTimer();
    var id = traceIdFromHash();
    if (id) {
      $("trace-id-input").value = id;
      loadTrace(id);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
