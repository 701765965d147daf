/**
 * A triggered run's result rows → Sentinel alerts:
 *   - SingleAlert: one alert covering every row; its name, description, severity and tactics
 *     overrides read the first row;
 *   - AlertPerResult: one alert per row, at most 150 per run: past 150 rows, the first 149 rows
 *     each make an alert and the 150th alert summarises the whole result (what SingleAlert would
 *     have made), as Sentinel does;
 *   - alertDetailsOverride: `{{Column}}` placeholders in the name (at most 256 characters) and
 *     description (5,000); a placeholder whose column is missing or empty reverts the field to
 *     the rule's default, and so does a severity or tactics column without a valid value;
 *   - entities (entities.ts), custom details (key → the values of its column in the rows
 *     covered) and ExtendedProperties as Sentinel writes them for scheduled alerts.
 *
 * Alert ids are deterministic GUIDs of (rule, window end, row key): the row key is the row's
 * canonical JSON and its occurrence among identical rows, "single" or "summary". A replay of the
 * same window yields the same ids; a rerun over the same data changes nothing in the store.
 */
import { createHash } from "node:crypto";
import { formatTimespan, type Json, type Table, ticksToMs } from "@widar/kql";
import { cellJson, cellText } from "../data/cell-json.js";
import type { Rule } from "../rules/rule.js";
import type { Alert, AlertKind, Severity } from "../store/model.js";
import { SEVERITY_ORDER } from "../store/model.js";
import { type AlertSettings, MAX_ALERTS_PER_RUN } from "./alert-settings.js";
import { entitiesOfRows } from "./entities.js";

export const MAX_NAME_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 5000;
/** Result rows kept with one alert (its resultCount still counts them all). */
export const MAX_ROWS_PER_ALERT = 10_000;

/** ATT&CK's enterprise tactics, in the matrix's order, by Sentinel's names (the workbench draws the matrix from it). */
export const ATTACK_MATRIX_TACTICS = [
  "Reconnaissance",
  "ResourceDevelopment",
  "InitialAccess",
  "Execution",
  "Persistence",
  "PrivilegeEscalation",
  "DefenseEvasion",
  "CredentialAccess",
  "Discovery",
  "LateralMovement",
  "Collection",
  "CommandAndControl",
  "Exfiltration",
  "Impact",
] as const;

/** The MITRE ATT&CK tactics Sentinel knows (alertTacticsColumnName values must be among them). */
export const TACTICS = [...ATTACK_MATRIX_TACTICS, "PreAttack", "ImpairProcessControl", "InhibitResponseFunction"] as const;

export interface RunWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export interface BuiltAlerts {
  readonly alerts: Alert[];
  readonly entityCount: number;
  readonly entitiesDropped: number;
  /** Rows not kept with an alert (beyond MAX_ROWS_PER_ALERT). */
  readonly rowsDropped: number;
}

/** A deterministic GUID (RFC 4122 layout, version nibble 5) of the parts. */
export function deterministicGuid(...parts: readonly string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A row as an object column → JSON value (as `widar query --format json` prints values). */
export function rowObject(t: Table, row: number): Record<string, Json> {
  const o: Record<string, Json> = {};
  t.schema.forEach((c, j) => {
    o[c.name] = cellJson(t.columns[j]!.get(row), c.type);
  });
  return o;
}

/** JSON with object keys sorted: the same row always gives the same text. */
function canonical(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`)
    .join(",")}}`;
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The format with each `{{Column}}` replaced by row's value; undefined when a column is missing or empty. */
export function fillFormat(format: string, t: Table, row: number): string | undefined {
  let ok = true;
  const out = format.replace(PLACEHOLDER, (_, name: string) => {
    const col = t.column(name);
    const text = col === undefined || row >= t.rowCount ? "" : cellText(col.get(row), col.type);
    if (text === "") ok = false;
    return text;
  });
  return ok ? out : undefined;
}

function severityOf(settings: AlertSettings, rule: Rule, t: Table, row: number): Severity {
  if (settings.severityColumn === undefined || row >= t.rowCount) return rule.severity;
  const col = t.column(settings.severityColumn);
  const v = col === undefined ? "" : cellText(col.get(row), col.type).trim().toLowerCase();
  return SEVERITY_ORDER.find((s) => s.toLowerCase() === v) ?? rule.severity;
}

function tacticsOf(settings: AlertSettings, rule: Rule, t: Table, row: number): string[] {
  if (settings.tacticsColumn === undefined || row >= t.rowCount) return [...rule.tactics];
  const col = t.column(settings.tacticsColumn);
  const text = col === undefined ? "" : cellText(col.get(row), col.type);
  const parts = text
    .replace(/[[\]"]/g, "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  const valid = TACTICS.filter((tac) => parts.includes(tac.toLowerCase()));
  return valid.length > 0 ? valid : [...rule.tactics];
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The earliest and latest TimeGenerated among the rows, or the window when they have none. */
function timeSpan(t: Table, rows: readonly number[], w: RunWindow): { startTimeMs: number; endTimeMs: number } {
  const col = t.column("TimeGenerated");
  if (col === undefined || col.type !== "datetime") return { startTimeMs: w.startMs, endTimeMs: w.endMs };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const v = col.get(r);
    if (typeof v !== "number") continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo > hi) return { startTimeMs: w.startMs, endTimeMs: w.endMs };
  return { startTimeMs: Math.round(ticksToMs(lo)), endTimeMs: Math.round(ticksToMs(hi)) };
}

/** Builds the alerts of one triggered run. */
export function buildAlerts(rule: Rule, settings: AlertSettings, source: string, w: RunWindow, t: Table): BuiltAlerts {
  const all = Array.from({ length: t.rowCount }, (_, i) => i);
  const groups: { rows: number[]; kind: AlertKind; key: string }[] = [];
  if (settings.aggregationKind === "SingleAlert" || t.rowCount === 0) groups.push({ rows: all, kind: "single", key: "single" });
  else {
    const perRow = t.rowCount > MAX_ALERTS_PER_RUN ? MAX_ALERTS_PER_RUN - 1 : t.rowCount;
    const seen = new Map<string, number>();
    for (let r = 0; r < perRow; r++) {
      const c = canonical(rowObject(t, r));
      const n = seen.get(c) ?? 0;
      seen.set(c, n + 1);
      groups.push({ rows: [r], kind: "result", key: `${c}#${n}` });
    }
    if (perRow < t.rowCount) groups.push({ rows: all, kind: "summary", key: "summary" });
  }
  let entityCount = 0;
  let entitiesDropped = 0;
  let rowsDropped = 0;
  const windowEnd = new Date(w.endMs).toISOString();
  const alerts = groups.map((g): Alert => {
    const first = g.rows[0] ?? 0;
    const { entities, dropped } = entitiesOfRows(settings.entityMappings, t, g.rows);
    entityCount += entities.length;
    entitiesDropped += dropped;
    const kept = g.rows.slice(0, MAX_ROWS_PER_ALERT);
    rowsDropped += g.rows.length - kept.length;
    const name = settings.displayNameFormat === undefined ? undefined : fillFormat(settings.displayNameFormat, t, first);
    const description = settings.descriptionFormat === undefined ? undefined : fillFormat(settings.descriptionFormat, t, first);
    const customDetails = customDetailsOf(settings, t, g.rows);
    const dynamicProperties: Record<string, string> = {};
    for (const p of settings.dynamicProperties) {
      const col = t.column(p.column);
      const v = col === undefined || first >= t.rowCount ? "" : cellText(col.get(first), col.type);
      if (v !== "") dynamicProperties[p.property] = v;
    }
    const alertId = deterministicGuid(rule.id, source, windowEnd, g.key);
    return {
      alertId,
      ruleId: rule.id,
      ruleName: rule.title,
      ...(rule.sentinelId === undefined ? {} : { sentinelRuleId: rule.sentinelId }),
      source,
      severity: severityOf(settings, rule, t, first),
      displayName: clip(name ?? rule.title, MAX_NAME_LENGTH),
      description: clip(description ?? (rule.description ?? rule.title).trim(), MAX_DESCRIPTION_LENGTH),
      tactics: tacticsOf(settings, rule, t, first),
      techniques: [...rule.techniques],
      windowStartMs: w.startMs,
      windowEndMs: w.endMs,
      ...timeSpan(t, g.rows, w),
      eventGrouping: settings.aggregationKind,
      kind: g.kind,
      entities,
      customDetails,
      dynamicProperties,
      extendedProperties: extendedProperties(rule, settings, w, t.rowCount, customDetails),
      rows: kept.map((r) => rowObject(t, r)),
      resultCount: t.rowCount,
    };
  });
  return { alerts, entityCount, entitiesDropped, rowsDropped };
}

function customDetailsOf(settings: AlertSettings, t: Table, rows: readonly number[]): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const [key, column] of settings.customDetails) {
    const col = t.column(column);
    if (col === undefined) continue;
    const seen = new Set<string>();
    const values: Json[] = [];
    for (const r of rows) {
      const v = cellJson(col.get(r), col.type);
      if (v === null || v === "") continue;
      const k = canonical(v);
      if (seen.has(k)) continue;
      seen.add(k);
      values.push(v);
    }
    if (values.length > 0) out[key] = values;
  }
  return out;
}

const OPERATOR_NAMES = { gt: "GreaterThan", lt: "LessThan", eq: "Equal", ne: "NotEqual" } as const;

function extendedProperties(rule: Rule, s: AlertSettings, w: RunWindow, resultCount: number, custom: Record<string, Json[]>): Record<string, string> {
  const span = (ms: number) => formatTimespan(ms * 10_000);
  return {
    "Query Period": span(w.endMs - w.startMs),
    "Trigger Operator": OPERATOR_NAMES[rule.triggerOperator],
    "Trigger Threshold": String(rule.triggerThreshold),
    "Search Query Results Overall Count": String(resultCount),
    "Data Sources": JSON.stringify(rule.tables),
    Query: rule.query,
    "Query Start Time UTC": new Date(w.startMs).toISOString(),
    "Query End Time UTC": new Date(w.endMs).toISOString(),
    "Analytic Rule Ids": JSON.stringify([rule.sentinelId ?? rule.id]),
    "Analytic Rule Name": rule.title,
    "Event Grouping": s.aggregationKind,
    ProcessedBySentinel: "True",
    "Alert generation status": "Full alert created",
    ...(Object.keys(custom).length > 0 ? { "Custom Details": JSON.stringify(custom) } : {}),
  };
}
