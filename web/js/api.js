// The gateway's public JSON API, as the UI uses it: the same endpoints scripts call.
import { askForKey, storedKey } from "./api-key.js";

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, params, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  let response = await send(url, path, signal, storedKey());
  // With security on the collector answers 401 until a key is given; ask once per refusal.
  while (response.status === 401) {
    const key = await askForKey(storedKey() !== null);
    if (key === null) break;
    response = await send(url, path, signal, key);
  }
  if (!response.ok) {
    let detail = "";
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? "";
    } catch {
      detail = response.statusText;
    }
    throw new ApiError(`${path} answered ${response.status}${detail ? `: ${detail}` : ""}`, response.status);
  }
  return response.json();
}

async function send(url, path, signal, key) {
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  try {
    return await fetch(url, { signal, headers });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(`The collector did not answer ${path}: ${error.message}`, 0);
  }
}

export const api = {
  /** Recent kept traces matching the search; see TraceQueryParser for the parameters. */
  traces: (params, signal) => getJson("/api/traces", params, signal).then((body) => body.traces),
  trace: (traceId, signal) => getJson(`/api/traces/${encodeURIComponent(traceId)}`, {}, signal),
  stats: (params, signal) => getJson("/api/stats", params, signal),
  timeline: (params, signal) => getJson("/api/stats/timeline", params, signal),
  dependencies: (params, signal) => getJson("/api/dependencies", params, signal),
  services: (signal) => getJson("/api/v2/services", {}, signal),
  spanNames: (service, signal) => getJson("/api/v2/spans", { serviceName: service }, signal),
  /** Readiness: true when the cluster answers. */
  async ready(signal) {
    try {
      const response = await fetch("/readyz", { signal });
      return response.ok;
    } catch (error) {
      if (error.name === "AbortError") throw error;
      return false;
    }
  },
};
