/** Display helpers: every value becomes plain text (Preact renders strings as text nodes, never as HTML). */
import type { Entity, Json } from "./api";

export function shortTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "";
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "");
}

export function entityLabel(e: Entity): string {
  const upn = e.Name !== undefined && e.UPNSuffix !== undefined ? `${e.Name}@${e.UPNSuffix}` : undefined;
  const main = upn ?? e.UPN ?? e.AadUserId ?? e.Address ?? e.Name ?? e.AppId ?? e.ObjectId ?? e.ResourceId ?? Object.values(e).find((v) => v !== e.Type) ?? "";
  return `${e.Type}: ${main}`;
}

export function cellText(v: Json): string {
  if (v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function duration(ms: number | null): string {
  if (ms === null || ms === 0) return "-";
  const m = ms / 60_000;
  return m >= 1440 ? `${m / 1440}d` : m >= 60 ? `${m / 60}h` : `${m}m`;
}
