/** ISO 8601 durations as Sentinel writes schedules (`PT30M`, `PT1H`, `P1D`, `P14D`) in ms. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (m === null || text.trim().toUpperCase() === "P" || text.trim().toUpperCase() === "PT") return undefined;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

export function formatIsoDuration(ms: number): string {
  const totalMin = Math.round(ms / 60_000);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  let out = "P";
  if (d > 0) out += `${d}D`;
  if (h > 0 || m > 0) out += `T${h > 0 ? `${h}H` : ""}${m > 0 ? `${m}M` : ""}`;
  return out === "P" ? "PT0M" : out;
}

/**
 * A schedule duration as rule files write it: ISO 8601 (`PT30M`, the seeds and ARM) or the Kusto
 * timespan notation the Azure-Sentinel YAML uses (`30m`, `1h`, `14d`, `90s`). Milliseconds.
 */
export function parseRuleDuration(text: string): number | undefined {
  const t = text.trim();
  const kusto = /^(\d+(?:\.\d+)?)(d|h|m|s|ms)$/i.exec(t);
  if (kusto === null) return parseIsoDuration(t);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[kusto[2]!.toLowerCase() as "d" | "h" | "m" | "s" | "ms"];
  return Number(kusto[1]) * unit;
}

/** A duration in the Azure-Sentinel YAML notation (`30m`, `1h`, `14d`). */
export function formatRuleDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
