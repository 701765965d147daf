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
