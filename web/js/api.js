// The gateway's public JSON API, as the UI uses it: the same endpoints scripts call.

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
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(`The collector did not answer ${path}: ${error.message}`, 0);
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
