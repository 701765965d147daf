/**
 * Alerts in the store. An alert is written once: its id is deterministic (the rule, the window
 * end and the result-row key), so a replay that meets it again inserts nothing (`INSERT OR
 * IGNORE`) and leaves its incident as it was.
 */
import type { Json } from "@widar/kql";
import { type Db, stmt } from "./database.js";
import { entityKey } from "./entity-key.js";
import { isoMs, msOf } from "./iso-time.js";
import type { Alert, AlertKind, Entity, Severity } from "./model.js";

interface AlertRow {
  alert_id: string;
  rule_id: string;
  rule_name: string;
  sentinel_rule_id: string | null;
  source: string;
  severity: string;
  display_name: string;
  description: string;
  tactics: string;
  techniques: string;
  window_start: string;
  window_end: string;
  start_time: string;
  end_time: string;
  event_grouping: string;
  kind: string;
  entities: string;
  custom_details: string;
  dynamic_properties: string;
  extended_properties: string;
  rows: string;
  result_count: number;
  incident_id: string | null;
  seq: number;
}

export function rowToAlert(r: AlertRow): Alert {
  return {
    alertId: r.alert_id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    ...(r.sentinel_rule_id === null ? {} : { sentinelRuleId: r.sentinel_rule_id }),
    source: r.source,
    severity: r.severity as Severity,
    displayName: r.display_name,
    description: r.description,
    tactics: JSON.parse(r.tactics) as string[],
    techniques: JSON.parse(r.techniques) as string[],
    windowStartMs: msOf(r.window_start),
    windowEndMs: msOf(r.window_end),
    startTimeMs: msOf(r.start_time),
    endTimeMs: msOf(r.end_time),
    eventGrouping: r.event_grouping as Alert["eventGrouping"],
    kind: r.kind as AlertKind,
    entities: JSON.parse(r.entities) as Entity[],
    customDetails: JSON.parse(r.custom_details) as Record<string, Json[]>,
    dynamicProperties: JSON.parse(r.dynamic_properties) as Record<string, string>,
    extendedProperties: JSON.parse(r.extended_properties) as Record<string, string>,
    rows: JSON.parse(r.rows) as Record<string, Json>[],
    resultCount: r.result_count,
    ...(r.incident_id === null ? {} : { incidentId: r.incident_id }),
  };
}

/** Inserts the alert unless one with its id is already stored; true when it was new. */
export function insertAlert(db: Db, a: Alert): boolean {
  const seq = (stmt(db, "SELECT coalesce(max(seq), 0) + 1 AS n FROM alerts").get() as { n: number }).n;
  const r = stmt(db, 
      `INSERT OR IGNORE INTO alerts (alert_id, rule_id, rule_name, sentinel_rule_id, source, severity, display_name, description,
         tactics, techniques, window_start, window_end, start_time, end_time, event_grouping, kind, entities, custom_details,
         dynamic_properties, extended_properties, rows, result_count, incident_id, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    )
    .run(
      a.alertId,
      a.ruleId,
      a.ruleName,
      a.sentinelRuleId ?? null,
      a.source,
      a.severity,
      a.displayName,
      a.description,
      JSON.stringify(a.tactics),
      JSON.stringify(a.techniques),
      isoMs(a.windowStartMs),
      isoMs(a.windowEndMs),
      isoMs(a.startTimeMs),
      isoMs(a.endTimeMs),
      a.eventGrouping,
      a.kind,
      JSON.stringify(a.entities),
      JSON.stringify(a.customDetails),
      JSON.stringify(a.dynamicProperties),
      JSON.stringify(a.extendedProperties),
      JSON.stringify(a.rows),
      a.resultCount,
      seq,
    );
  if (r.changes === 0) return false;
  const ent = stmt(db, "INSERT OR IGNORE INTO alert_entities (alert_id, entity_type, entity_key) VALUES (?, ?, ?)");
  for (const e of a.entities) ent.run(a.alertId, e.Type, entityKey(e));
  return true;
}

export function setAlertIncident(db: Db, alertId: string, incidentId: string): void {
  stmt(db, "UPDATE alerts SET incident_id = ? WHERE alert_id = ?").run(incidentId, alertId);
}

export function getAlert(db: Db, alertId: string): Alert | undefined {
  const r = stmt(db, "SELECT * FROM alerts WHERE alert_id = ?").get(alertId) as AlertRow | undefined;
  return r === undefined ? undefined : rowToAlert(r);
}

/** An alert by its id or a unique prefix of it (people type the first characters of a GUID). */
export function findAlert(db: Db, idOrPrefix: string): Alert | undefined | "ambiguous" {
  const exact = getAlert(db, idOrPrefix);
  if (exact !== undefined) return exact;
  if (idOrPrefix.length < 4) return undefined;
  const rows = stmt(db, "SELECT * FROM alerts WHERE alert_id LIKE ? ESCAPE '\\' LIMIT 2").all(`${likeEscape(idOrPrefix)}%`) as AlertRow[];
  if (rows.length > 1) return "ambiguous";
  return rows.length === 1 ? rowToAlert(rows[0]!) : undefined;
}

export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function alertsOfIncident(db: Db, incidentId: string): Alert[] {
  return (stmt(db, "SELECT * FROM alerts WHERE incident_id = ? ORDER BY seq").all(incidentId) as AlertRow[]).map(rowToAlert);
}

export interface AlertFilter {
  readonly severity?: readonly string[];
  readonly ruleId?: readonly string[];
  /** Any entity whose canonical key contains this text (case-insensitive). */
  readonly entity?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly incidentId?: string;
  readonly limit?: number;
}

/** Alerts matching the filter, in the order they were raised. */
export function listAlerts(db: Db, f: AlertFilter = {}): Alert[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.severity !== undefined && f.severity.length > 0) {
    where.push(`severity IN (${f.severity.map(() => "?").join(", ")})`);
    args.push(...f.severity);
  }
  if (f.ruleId !== undefined && f.ruleId.length > 0) {
    where.push(`rule_id IN (${f.ruleId.map(() => "?").join(", ")})`);
    args.push(...f.ruleId);
  }
  if (f.entity !== undefined) {
    where.push("alert_id IN (SELECT alert_id FROM alert_entities WHERE entity_key LIKE ? ESCAPE '\\')");
    args.push(`%${likeEscape(f.entity.toLowerCase())}%`);
  }
  if (f.fromMs !== undefined) {
    where.push("window_end >= ?");
    args.push(isoMs(f.fromMs));
  }
  if (f.toMs !== undefined) {
    where.push("window_end <= ?");
    args.push(isoMs(f.toMs));
  }
  if (f.incidentId !== undefined) {
    where.push("incident_id = ?");
    args.push(f.incidentId);
  }
  const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY window_end, seq${f.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(f.limit))}`}`;
  return (stmt(db, sql).all(...args) as AlertRow[]).map(rowToAlert);
}

/** The latest window end (ms) at which the rule raised an alert from `source`, before `beforeMs`. */
export function lastAlertWindowEnd(db: Db, ruleId: string, source: string, beforeMs: number): number | undefined {
  const r = stmt(db, "SELECT max(window_end) AS t FROM alerts WHERE rule_id = ? AND source = ? AND window_end < ?")
    .get(ruleId, source, isoMs(beforeMs)) as { t: string | null };
  return r.t === null ? undefined : msOf(r.t);
}

/** The alerts one run raised (rule, source, window end), in order. */
export function alertsOfRun(db: Db, ruleId: string, source: string, windowEndMs: number): Alert[] {
  return (
    stmt(db, "SELECT * FROM alerts WHERE rule_id = ? AND source = ? AND window_end = ? ORDER BY seq").all(ruleId, source, isoMs(windowEndMs)) as AlertRow[]
  ).map(rowToAlert);
}
