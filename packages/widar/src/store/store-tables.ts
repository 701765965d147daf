/**
 * The store as KQL tables, with Log Analytics' schemas for them (from the catalog): Sentinel's
 * `SecurityAlert` (one row per alert), `SecurityIncident` (one row per version of an incident,
 * as Log Analytics logs every change: workbooks take `arg_max(TimeGenerated, *) by IncidentNumber`)
 * and `SentinelHealth` (one "Scheduled analytics rule run" row per run). A column the catalog has
 * that widar does not fill is null; a column widar fills that the catalog lacks is left out.
 *
 * @example
 * addStoreTables(catalog, store, ["SecurityAlert"]);
 * runQuery("SecurityAlert | summarize count() by AlertName", catalog);
 */
import { type Catalog, type Json, type KType, msToTicks, type Schema, Table, type Value } from "@widar/kql";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { listAlerts } from "./alerts.js";
import { msOf, msOrUndefined } from "./iso-time.js";
import type { Alert, Entity } from "./model.js";
import { listRuns } from "./runs.js";
import type { Store } from "./store.js";

export const STORE_TABLES = ["SecurityAlert", "SecurityIncident", "SentinelHealth"] as const;
export type StoreTable = (typeof STORE_TABLES)[number];

/** A value for a column of the given type: times in ms become ticks, JSON text stays text in string columns. */
function cell(v: unknown, type: KType): Value {
  if (v === undefined || v === null) return null;
  if (type === "datetime") return typeof v === "number" ? msToTicks(v) : null;
  if (type === "string" || type === "guid") return typeof v === "string" ? v : JSON.stringify(v);
  if (type === "dynamic") return v as Json;
  return v as Value;
}

function toTable(schema: Schema, records: readonly Record<string, unknown>[]): Table {
  return Table.fromRows(
    schema,
    records.map((r) => schema.map((c) => cell(r[c.name], c.type))),
  );
}

/** Entities as SecurityAlert.Entities holds them: each with a `$id`, as Sentinel numbers them. */
function entitiesJson(entities: readonly Entity[]): string {
  return JSON.stringify(entities.map((e, i) => ({ $id: String(i + 2), ...e })));
}

export function alertRecord(a: Alert, workspaceId: string): Record<string, unknown> {
  const dyn = a.dynamicProperties;
  return {
    TenantId: workspaceId,
    TimeGenerated: a.windowEndMs,
    DisplayName: a.displayName,
    AlertName: a.displayName,
    AlertSeverity: a.severity,
    Description: a.description,
    ProviderName: dyn.ProviderName ?? "ASI Scheduled Alerts",
    VendorName: "Microsoft",
    VendorOriginalId: a.alertId,
    SystemAlertId: a.alertId,
    ResourceId: "",
    SourceComputerId: "",
    AlertType: `${workspaceId}_${a.sentinelRuleId ?? a.ruleId}`,
    ConfidenceLevel: dyn.ConfidenceLevel ?? "",
    ConfidenceScore: dyn.ConfidenceScore === undefined ? null : Number(dyn.ConfidenceScore),
    IsIncident: false,
    StartTime: a.startTimeMs,
    EndTime: a.endTimeMs,
    ProcessingEndTime: a.windowEndMs,
    RemediationSteps: dyn.RemediationSteps ?? "",
    ExtendedProperties: JSON.stringify(a.extendedProperties),
    Entities: entitiesJson(a.entities),
    SourceSystem: "Detection",
    WorkspaceSubscriptionId: "",
    WorkspaceResourceGroup: "",
    ExtendedLinks: dyn.ExtendedLinks ?? "",
    ProductName: dyn.ProductName ?? "Azure Sentinel",
    ProductComponentName: dyn.ProductComponentName ?? "Scheduled Alerts",
    AlertLink: dyn.AlertLink ?? "",
    Status: "New",
    CompromisedEntity: "",
    Tactics: a.tactics.join(", "),
    Techniques: JSON.stringify(dyn.Techniques !== undefined ? dyn.Techniques.split(/\s*,\s*/) : a.techniques.filter((t) => !t.includes("."))),
    SubTechniques: JSON.stringify(dyn.SubTechniques !== undefined ? dyn.SubTechniques.split(/\s*,\s*/) : a.techniques.filter((t) => t.includes("."))),
    Type: "SecurityAlert",
  };
}

interface HistoryRow {
  incident_id: string;
  version: number;
  time_generated: string;
  modified_by: string;
  snapshot: string;
}

function incidentRecords(store: Store): Record<string, unknown>[] {
  const db = store.db;
  const workspaceId = store.workspaceId();
  const alertIds = db.prepare("SELECT alert_id, seq FROM alerts WHERE incident_id = ? ORDER BY seq");
  const ruleIds = db.prepare("SELECT DISTINCT coalesce(sentinel_rule_id, rule_id) AS id FROM alerts WHERE incident_id = ? AND seq <= ?");
  const commentRows = db.prepare("SELECT comment_id, created_time, author, message FROM incident_comments WHERE incident_id = ? ORDER BY comment_id");
  const out: Record<string, unknown>[] = [];
  const history = db.prepare("SELECT * FROM incident_history ORDER BY time_generated, incident_id, version").all() as HistoryRow[];
  const firstModified = new Map<string, number>();
  for (const h of history) {
    const s = JSON.parse(h.snapshot) as Record<string, unknown> & { alert_seq: number; comment_seq: number };
    const id = h.incident_id;
    const t = msOf(h.time_generated);
    if (!firstModified.has(id)) firstModified.set(id, t);
    const alerts = (alertIds.all(id) as { alert_id: string; seq: number }[]).filter((a) => a.seq <= s.alert_seq).map((a) => a.alert_id);
    const cs = (commentRows.all(id) as { comment_id: number; created_time: string; author: string; message: string }[])
      .filter((c) => c.comment_id <= s.comment_seq)
      .map((c) => ({ message: c.message, createdTimeUtc: c.created_time, author: { name: c.author } }));
    const owner = s.owner as string | null;
    const tactics = JSON.parse(s.tactics as string) as string[];
    const techniques = JSON.parse(s.techniques as string) as string[];
    out.push({
      TenantId: workspaceId,
      TimeGenerated: t,
      IncidentName: id,
      Title: s.title,
      Description: s.description,
      Severity: s.severity,
      Status: s.status,
      Classification: s.classification ?? "",
      ClassificationComment: s.classification_comment ?? "",
      ClassificationReason: s.classification_reason ?? "",
      Owner: { objectId: null, email: owner, assignedTo: owner, userPrincipalName: owner },
      ProviderName: "Azure Sentinel",
      ProviderIncidentId: String(s.incident_number),
      FirstActivityTime: msOf(s.first_activity_time as string),
      LastActivityTime: msOf(s.last_activity_time as string),
      FirstModifiedTime: firstModified.get(id),
      LastModifiedTime: t,
      CreatedTime: msOf(s.created_time as string),
      ClosedTime: msOrUndefined(s.closed_time as string | null),
      IncidentNumber: s.incident_number,
      RelatedAnalyticRuleIds: (ruleIds.all(id, s.alert_seq) as { id: string }[]).map((r) => r.id),
      AlertIds: alerts,
      BookmarkIds: [],
      Comments: cs,
      Tasks: [],
      Labels: [],
      IncidentUrl: "",
      AdditionalData: {
        alertsCount: alerts.length,
        bookmarksCount: 0,
        commentsCount: cs.length,
        alertProductNames: ["Azure Sentinel"],
        tactics,
        techniques,
      },
      ModifiedBy: h.modified_by,
      SourceSystem: "Azure",
      Type: "SecurityIncident",
    });
  }
  return out;
}

function healthRecords(store: Store): Record<string, unknown>[] {
  const workspaceId = store.workspaceId();
  return listRuns(store.db).map((r) => ({
    TenantId: workspaceId,
    TimeGenerated: r.windowEndMs,
    OperationName: "Scheduled analytics rule run",
    SentinelResourceId: `widar/rules/${r.ruleId}`,
    SentinelResourceName: r.ruleName,
    Status: r.status === "Failure" ? "Failure" : "Success",
    Description:
      r.status === "Failure"
        ? `${r.diagnosticCode ?? ""} ${r.message ?? ""}`.trim()
        : r.status === "Suppressed"
          ? "The rule did not run: it is suppressed after an alert"
          : "The rule ran successfully",
    Reason: r.status === "Failure" ? (r.diagnosticCode ?? "") : "",
    WorkspaceId: workspaceId,
    SentinelResourceType: "Analytics Rule",
    SentinelResourceKind: "Scheduled",
    RecordId: `${r.ruleId}|${r.source}|${new Date(r.windowEndMs).toISOString()}`,
    ExtendedProperties: {
      ...r.settings,
      RuleId: r.ruleId,
      Source: r.source,
      QueryStartTimeUTC: new Date(r.windowStartMs).toISOString(),
      QueryEndTimeUTC: new Date(r.windowEndMs).toISOString(),
      QueryResultAmount: r.resultCount,
      AlertsGeneratedAmount: r.alertCount,
      EntitiesGeneratedAmount: r.entityCount,
      Suppressed: r.status === "Suppressed",
      ExecutedTimeUTC: new Date(r.executedMs).toISOString(),
      DurationMs: Math.round(r.durationMs * 100) / 100,
      ...(r.message === undefined ? {} : { Issues: r.message }),
    },
    SourceSystem: "Azure",
    Type: "SentinelHealth",
  }));
}

/** The table's rows from the store, with the catalog's schema for it. */
export function storeTable(store: Store, name: StoreTable): { schema: Schema; table: Table } {
  const schema = logAnalyticsTables().get(name)!;
  const records =
    name === "SecurityAlert"
      ? listAlerts(store.db).map((a) => alertRecord(a, store.workspaceId()))
      : name === "SecurityIncident"
        ? incidentRecords(store)
        : healthRecords(store);
  return { schema, table: toTable(schema, records) };
}

/** Adds the store's tables named in `names` (default: all three) to the catalog, replacing any declared. */
export function addStoreTables(catalog: Catalog, store: Store, names: readonly StoreTable[] = STORE_TABLES): void {
  for (const n of names) {
    const { schema, table } = storeTable(store, n);
    catalog.addTable(n, schema, table);
  }
}

/** The store tables a query text names. */
export function referencedStoreTables(texts: readonly string[]): StoreTable[] {
  const words = new Set(texts.join("\n").match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return STORE_TABLES.filter((t) => words.has(t));
}
