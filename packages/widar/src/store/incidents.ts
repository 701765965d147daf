/**
 * Incidents in the store: created and grown by detection (detect/incident-grouping.ts decides
 * which incident an alert joins), changed by the analyst (status, owner, classification,
 * comments). Every change appends a version to `incident_history`, which is what the
 * SecurityIncident table shows (store-tables.ts), as Log Analytics keeps one row per change.
 */
import { type Db, stmt } from "./database.js";
import { entityKey } from "./entity-key.js";
import { isoMs, msOf, msOrUndefined } from "./iso-time.js";
import {
  type Alert,
  type Classification,
  type ClassificationReason,
  type Entity,
  type Incident,
  type IncidentComment,
  type IncidentStatus,
  SEVERITY_ORDER,
  type Severity,
} from "./model.js";

interface IncidentRow {
  incident_id: string;
  incident_number: number;
  rule_id: string;
  source: string;
  grouping_key: string | null;
  title: string;
  description: string;
  severity: string;
  status: string;
  owner: string | null;
  classification: string | null;
  classification_reason: string | null;
  classification_comment: string | null;
  created_time: string;
  first_alert_time: string;
  first_activity_time: string;
  last_activity_time: string;
  last_modified_time: string;
  closed_time: string | null;
  alert_count: number;
  tactics: string;
  techniques: string;
}

function rowToIncident(db: Db, r: IncidentRow, withEntities = true): Incident {
  return {
    incidentId: r.incident_id,
    incidentNumber: r.incident_number,
    ruleId: r.rule_id,
    title: r.title,
    description: r.description,
    severity: r.severity as Severity,
    status: r.status as IncidentStatus,
    ...(r.owner === null ? {} : { owner: r.owner }),
    ...(r.classification === null ? {} : { classification: r.classification as Classification }),
    ...(r.classification_reason === null ? {} : { classificationReason: r.classification_reason as ClassificationReason }),
    ...(r.classification_comment === null ? {} : { classificationComment: r.classification_comment }),
    createdMs: msOf(r.created_time),
    firstActivityMs: msOf(r.first_activity_time),
    lastActivityMs: msOf(r.last_activity_time),
    lastModifiedMs: msOf(r.last_modified_time),
    ...(r.closed_time === null ? {} : { closedMs: msOrUndefined(r.closed_time)! }),
    alertCount: r.alert_count,
    tactics: JSON.parse(r.tactics) as string[],
    techniques: JSON.parse(r.techniques) as string[],
    entities: withEntities ? incidentEntities(db, r.incident_id) : [],
    groupingKey: r.grouping_key,
  };
}

/** The distinct entities of an incident's alerts, in the order they first appeared. */
function incidentEntities(db: Db, incidentId: string): Entity[] {
  const seen = new Map<string, Entity>();
  const rows = stmt(db, "SELECT entities FROM alerts WHERE incident_id = ? ORDER BY seq").all(incidentId) as { entities: string }[];
  for (const r of rows)
    for (const e of JSON.parse(r.entities) as Entity[]) {
      const k = entityKey(e);
      if (!seen.has(k)) seen.set(k, e);
    }
  return [...seen.values()];
}

/** The incident; `withEntities` false skips gathering its alerts' entities (grouping needs none). */
export function getIncident(db: Db, incidentId: string, withEntities = true): Incident | undefined {
  const r = stmt(db, "SELECT * FROM incidents WHERE incident_id = ?").get(incidentId) as IncidentRow | undefined;
  return r === undefined ? undefined : rowToIncident(db, r, withEntities);
}

/** An incident by its number, id, or a unique id prefix. */
export function findIncident(db: Db, ref: string): Incident | undefined | "ambiguous" {
  if (/^\d+$/.test(ref)) {
    const r = stmt(db, "SELECT * FROM incidents WHERE incident_number = ?").get(Number(ref)) as IncidentRow | undefined;
    if (r !== undefined) return rowToIncident(db, r);
  }
  const exact = getIncident(db, ref);
  if (exact !== undefined || ref.length < 4) return exact;
  const rows = stmt(db, "SELECT * FROM incidents WHERE incident_id LIKE ? ESCAPE '\\' LIMIT 2").all(`${ref.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as IncidentRow[];
  if (rows.length > 1) return "ambiguous";
  return rows.length === 1 ? rowToIncident(db, rows[0]!) : undefined;
}

/** The most recent incident of the rule and source with this grouping key (the one an alert may join); without its entities. */
export function latestIncidentForKey(db: Db, ruleId: string, source: string, groupingKey: string): Incident | undefined {
  const r = stmt(db, 
      "SELECT * FROM incidents WHERE rule_id = ? AND source = ? AND grouping_key = ? ORDER BY first_alert_time DESC, incident_number DESC LIMIT 1",
    )
    .get(ruleId, source, groupingKey) as IncidentRow | undefined;
  return r === undefined ? undefined : rowToIncident(db, r, false);
}

function higher(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

/** A new incident holding `alert`: title and description from it, numbered after the last. */
export function createIncident(db: Db, incidentId: string, alert: Alert, groupingKey: string | null): void {
  const n = (stmt(db, "SELECT coalesce(max(incident_number), 0) + 1 AS n FROM incidents").get() as { n: number }).n;
  const t = isoMs(alert.windowEndMs);
  stmt(db, 
    `INSERT INTO incidents (incident_id, incident_number, rule_id, source, grouping_key, title, description, severity, status,
       created_time, first_alert_time, first_activity_time, last_activity_time, last_modified_time, alert_count, tactics, techniques)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'New', ?, ?, ?, ?, ?, 0, ?, ?)`,
  ).run(
    incidentId,
    n,
    alert.ruleId,
    alert.source,
    groupingKey,
    alert.displayName,
    alert.description,
    alert.severity,
    t,
    t,
    isoMs(alert.startTimeMs),
    isoMs(alert.endTimeMs),
    t,
    JSON.stringify(alert.tactics),
    JSON.stringify(alert.techniques),
  );
}

/** Adds a stored alert to an incident: count, severity (the highest), activity span, tactics. */
export function addAlertToIncident(db: Db, incident: Incident, alert: Alert): void {
  stmt(db, "UPDATE alerts SET incident_id = ? WHERE alert_id = ?").run(incident.incidentId, alert.alertId);
  const first = incident.alertCount === 0 ? alert.startTimeMs : Math.min(incident.firstActivityMs, alert.startTimeMs);
  const last = incident.alertCount === 0 ? alert.endTimeMs : Math.max(incident.lastActivityMs, alert.endTimeMs);
  stmt(db, 
    `UPDATE incidents SET alert_count = alert_count + 1, severity = ?, first_activity_time = ?, last_activity_time = ?,
       last_modified_time = max(last_modified_time, ?), tactics = ?, techniques = ? WHERE incident_id = ?`,
  ).run(
    incident.alertCount === 0 ? alert.severity : higher(incident.severity, alert.severity),
    isoMs(first),
    isoMs(last),
    isoMs(alert.windowEndMs),
    JSON.stringify(union(incident.tactics, alert.tactics)),
    JSON.stringify(union(incident.techniques, alert.techniques)),
    incident.incidentId,
  );
}

export interface IncidentChange {
  readonly status?: IncidentStatus;
  /** An owner's name or UPN; null unassigns. */
  readonly owner?: string | null;
  readonly classification?: Classification;
  readonly classificationReason?: ClassificationReason;
  readonly classificationComment?: string;
}

/** Applies an analyst's change (or detection's reopening) and records the new version. */
export function updateIncident(db: Db, incidentId: string, c: IncidentChange, by: string, atMs: number): void {
  const sets: string[] = ["last_modified_time = ?"];
  const args: unknown[] = [isoMs(atMs)];
  if (c.status !== undefined) {
    sets.push("status = ?", "closed_time = ?");
    args.push(c.status, c.status === "Closed" ? isoMs(atMs) : null);
    if (c.status !== "Closed") sets.push("classification = NULL", "classification_reason = NULL", "classification_comment = NULL");
  }
  if (c.owner !== undefined) {
    sets.push("owner = ?");
    args.push(c.owner);
  }
  if (c.classification !== undefined) {
    sets.push("classification = ?", "classification_reason = ?", "classification_comment = ?");
    args.push(c.classification, c.classificationReason ?? null, c.classificationComment ?? null);
  }
  stmt(db, `UPDATE incidents SET ${sets.join(", ")} WHERE incident_id = ?`).run(...args, incidentId);
  recordVersion(db, incidentId, by, atMs);
}

export function addComment(db: Db, incidentId: string, author: string, message: string, atMs: number): void {
  stmt(db, "INSERT INTO incident_comments (incident_id, created_time, author, message) VALUES (?, ?, ?, ?)").run(incidentId, isoMs(atMs), author, message);
  stmt(db, "UPDATE incidents SET last_modified_time = ? WHERE incident_id = ?").run(isoMs(atMs), incidentId);
  recordVersion(db, incidentId, author, atMs);
}

export function comments(db: Db, incidentId: string): IncidentComment[] {
  const rows = stmt(db, "SELECT created_time, author, message FROM incident_comments WHERE incident_id = ? ORDER BY comment_id").all(incidentId) as {
    created_time: string;
    author: string;
    message: string;
  }[];
  return rows.map((r) => ({ createdMs: msOf(r.created_time), author: r.author, message: r.message }));
}

/**
 * Appends the incident's current state as a new version. The snapshot holds the mutable fields
 * and how far the alerts and comments went (their sequence numbers), not copies of them.
 */
export function recordVersion(db: Db, incidentId: string, by: string, atMs: number): void {
  const r = stmt(db, "SELECT * FROM incidents WHERE incident_id = ?").get(incidentId) as IncidentRow;
  const alertSeq = (stmt(db, "SELECT coalesce(max(seq), 0) AS s FROM alerts WHERE incident_id = ?").get(incidentId) as { s: number }).s;
  const commentSeq = (stmt(db, "SELECT coalesce(max(comment_id), 0) AS s FROM incident_comments WHERE incident_id = ?").get(incidentId) as { s: number })
    .s;
  const version = (stmt(db, "SELECT coalesce(max(version), 0) + 1 AS v FROM incident_history WHERE incident_id = ?").get(incidentId) as { v: number }).v;
  const snapshot = { ...r, alert_seq: alertSeq, comment_seq: commentSeq };
  stmt(db, "INSERT INTO incident_history (incident_id, version, time_generated, modified_by, snapshot) VALUES (?, ?, ?, ?, ?)").run(
    incidentId,
    version,
    isoMs(atMs),
    by,
    JSON.stringify(snapshot),
  );
}

export interface IncidentFilter {
  readonly severity?: readonly string[];
  readonly status?: readonly string[];
  readonly ruleId?: readonly string[];
  readonly owner?: string;
  /** Any entity of any of its alerts whose canonical key contains this text. */
  readonly entity?: string;
  /** Incidents whose activity overlaps [fromMs, toMs]. */
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Words that must all appear in the title, description, rule id or an entity. */
  readonly text?: string;
  readonly limit?: number;
}

/** Incidents matching the filter, highest severity first, then the most recent. */
export function listIncidents(db: Db, f: IncidentFilter = {}): Incident[] {
  const where: string[] = [];
  const args: unknown[] = [];
  const inList = (col: string, vals: readonly string[] | undefined) => {
    if (vals === undefined || vals.length === 0) return;
    where.push(`lower(${col}) IN (${vals.map(() => "?").join(", ")})`);
    args.push(...vals.map((v) => v.toLowerCase()));
  };
  inList("severity", f.severity);
  inList("status", f.status);
  inList("rule_id", f.ruleId);
  if (f.owner !== undefined) {
    where.push("lower(owner) = ?");
    args.push(f.owner.toLowerCase());
  }
  const like = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const entitySub = "incident_id IN (SELECT a.incident_id FROM alerts a JOIN alert_entities e ON e.alert_id = a.alert_id WHERE e.entity_key LIKE ? ESCAPE '\\')";
  if (f.entity !== undefined) {
    where.push(entitySub);
    args.push(like(f.entity));
  }
  for (const word of (f.text ?? "").split(/\s+/).filter((w) => w !== "")) {
    where.push(`(lower(title) LIKE ? ESCAPE '\\' OR lower(description) LIKE ? ESCAPE '\\' OR lower(rule_id) LIKE ? ESCAPE '\\' OR ${entitySub})`);
    args.push(like(word), like(word), like(word), like(word));
  }
  if (f.fromMs !== undefined) {
    where.push("last_activity_time >= ?");
    args.push(isoMs(f.fromMs));
  }
  if (f.toMs !== undefined) {
    where.push("first_activity_time <= ?");
    args.push(isoMs(f.toMs));
  }
  const order = "CASE severity WHEN 'High' THEN 0 WHEN 'Medium' THEN 1 WHEN 'Low' THEN 2 ELSE 3 END, last_activity_time DESC, incident_number DESC";
  const sql = `SELECT * FROM incidents ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order}${f.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(f.limit))}`}`;
  return (stmt(db, sql).all(...args) as IncidentRow[]).map((r) => rowToIncident(db, r));
}
