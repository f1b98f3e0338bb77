// TraceFlow browser UI: a hash router over the views. Plain ES modules, no build step.
import { api } from "./api.js";
import { el, errorBox } from "./dom.js";
import { initTheme } from "./theme.js";
import * as overview from "./views/overview.js";
import * as search from "./views/search.js";
import * as traceView from "./views/trace.js";
import * as compare from "./views/compare.js";
import * as services from "./views/services.js";
import * as dependencies from "./views/dependencies.js";

const routes = [
  { pattern: /^\/?$|^\/overview$/, view: overview, nav: "overview", title: "Overview" },
  { pattern: /^\/search$/, view: search, nav: "search", title: "Search" },
  { pattern: /^\/trace\/([^/]+)$/, view: traceView, nav: "trace", title: "Trace" },
  { pattern: /^\/compare$/, view: compare, nav: "compare", title: "Compare" },
  { pattern: /^\/services$/, view: services, nav: "services", title: "Services" },
  { pattern: /^\/dependencies$/, view: dependencies, nav: "dependencies", title: "Dependencies" },
];

const main = document.getElementById("view");
let current = { cleanup: null, controller: null };

/** The hash as a path and its parameters: #/search?service=checkout */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, "");
  const question = raw.indexOf("?");
  const path = question < 0 ? raw : raw.slice(0, question);
  const params = new URLSearchParams(question < 0 ? "" : raw.slice(question + 1));
  return { path: path || "/", params };
}

export function hashFor(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== "" && value !== false) query.set(key, String(value));
  }
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

const context = {
  navigate(path, params) {
    location.hash = hashFor(path, params);
  },
  /** Records view state in the URL without re-rendering, so the address can be shared. */
  replaceParams(path, params) {
    history.replaceState(null, "", hashFor(path, params));
  },
  openTrace(traceId, params) {
    context.navigate(`/trace/${encodeURIComponent(traceId)}`, params);
  },
};

async function route() {
  current.cleanup?.();
  current.controller?.abort();
  const { path, params } = parseHash();
  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (match && link.dataset.nav === match.r.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const controller = new AbortController();
  current = { cleanup: null, controller };
  main.replaceChildren();
  main.setAttribute("aria-busy", "true");
  if (!match) {
    main.append(el("h2", { text: "Not found" }), errorBox(`No view at ${path}.`));
    main.removeAttribute("aria-busy");
    return;
  }
  document.title = `${match.r.title} · TraceFlow`;
  try {
    const args = match.m.slice(1).map(decodeURIComponent);
    current.cleanup = (await match.r.view.render(main, { args, params, signal: controller.signal, ...context })) ?? null;
  } catch (error) {
    if (error.name !== "AbortError") main.append(errorBox(error.message));
  } finally {
    if (!controller.signal.aborted) {
      main.removeAttribute("aria-busy");
      // A count of finished renders, so scripts and tests can tell a fresh view from the last one.
      main.dataset.renders = String(Number(main.dataset.renders ?? 0) + 1);
    }
  }
}

function initTraceOpener() {
  const form = document.getElementById("open-trace-form");
  const input = document.getElementById("open-trace-id");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (id) context.openTrace(id);
  });
}

async function refreshHealth() {
  const badge = document.getElementById("health");
  const ready = await api.ready();
  badge.textContent = ready ? "collector ready" : "collector not ready";
  badge.className = ready ? "health health-up" : "health health-down";
}

initTheme(document.getElementById("theme-toggle"));
initTraceOpener();
refreshHealth();
setInterval(refreshHealth, 10_000);
window.addEventListener("hashchange", route);
route();
