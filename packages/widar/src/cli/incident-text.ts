/**
 * Incidents and alerts as text for a terminal: what `widar detect`, `widar demo`, `widar
 * incidents` and `widar alerts` print. Every value from the logs (names, entities) goes through
 * terminalText: log data never reaches the terminal raw.
 */
import { terminalText } from "@widar/kql";
import { entityLabel } from "../store/entity-key.js";
import type { Alert, Incident } from "../store/model.js";
import { SEVERITY_ORDER } from "../store/model.js";

export { verdictsOf } from "../store/investigations.js";

/** `2026-11-20 10:00` (UTC, minutes). */
export function shortTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

function fit(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}

/** "3 High, 20 Medium, 1 Low" (highest first; severities with none left out). */
export function severityCounts(items: readonly { severity: string }[]): string {
  const parts: string[] = [];
  for (const s of [...SEVERITY_ORDER].reverse()) {
    const n = items.filter((i) => i.severity === s).length;
    if (n > 0) parts.push(`${n} ${s}`);
  }
  return parts.length === 0 ? "none" : parts.join(", ");
}

export interface IncidentListOptions {
  /** Lines of entities under each incident (0: none). */
  readonly entityLines?: boolean;
  readonly width?: number;
  /** The suggested verdict of each incident, by id (its alerts' most severe). */
  readonly verdicts?: ReadonlyMap<string, string>;
}

/** One incident per line (and its entities under it): number, severity, status, rule, title, alerts, span. */
export function incidentLines(incidents: readonly Incident[], o: IncidentListOptions = {}): string[] {
  const out: string[] = [];
  for (const i of incidents) {
    const span = `${shortTime(i.firstActivityMs)} → ${shortTime(i.lastActivityMs)}`;
    const alerts = `${i.alertCount} alert${i.alertCount === 1 ? "" : "s"}`;
    const owner = i.owner === undefined ? "" : `  owner ${terminalText(i.owner)}`;
    const cls = i.classification === undefined ? "" : `  ${i.classification}`;
    const verdict = o.verdicts?.get(i.incidentId);
    out.push(
      `  #${String(i.incidentNumber).padEnd(4)} ${i.severity.padEnd(13)} ${i.status.padEnd(6)} ${fit(i.ruleId, 9)} ${fit(terminalText(i.title), 70)} ${alerts.padEnd(10)} ${span}${verdict === undefined ? "" : `  verdict ${verdict}`}${owner}${cls}`,
    );
    if (o.entityLines !== false && i.entities.length > 0) {
      const labels = i.entities.slice(0, 8).map((e) => terminalText(entityLabel(e)));
      const more = i.entities.length > 8 ? `, … ${i.entities.length - 8} more` : "";
      out.push(`        entities: ${labels.join(", ")}${more}`);
    }
  }
  return out;
}

/** One alert per line: time, severity, rule, name, entities. */
export function alertLines(alerts: readonly Alert[]): string[] {
  return alerts.map((a) => {
    const ents = a.entities
      .slice(0, 4)
      .map((e) => terminalText(entityLabel(e)))
      .join(", ");
    const inc = a.incidentId === undefined ? "" : `  incident ${a.incidentId.slice(0, 8)}`;
    return `  ${shortTime(a.windowEndMs)}  ${a.severity.padEnd(13)} ${fit(a.ruleId, 9)} ${a.alertId.slice(0, 8)}  ${fit(terminalText(a.displayName), 70)} ${ents}${inc}`;
  });
}

