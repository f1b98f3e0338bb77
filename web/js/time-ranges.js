// Look-back windows offered wherever a view reads a time range: [key, label, milliseconds].
export const LOOKBACKS = [
  ["15m", "Last 15 minutes", 15 * 60_000],
  ["1h", "Last hour", 60 * 60_000],
  ["6h", "Last 6 hours", 6 * 60 * 60_000],
  ["24h", "Last 24 hours", 24 * 60 * 60_000],
  ["7d", "Last 7 days", 7 * 24 * 60 * 60_000],
];
