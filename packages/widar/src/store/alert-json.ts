/**
 * The JSON form of an alert that `widar detect --format ndjson|json` and `widar alerts` print and
 * other tools read: stable field names, times as ISO 8601, rows as `widar query --format json`
 * prints values.
 */
import type { Json } from "@widar/kql";
import type { Alert } from "./model.js";

export function alertJson(a: Alert): Record<string, Json> {
  return {
    alertId: a.alertId,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    ...(a.sentinelRuleId === undefined ? {} : { sentinelRuleId: a.sentinelRuleId }),
    source: a.source,
    severity: a.severity,
    displayName: a.displayName,
    description: a.description,
    tactics: [...a.tactics],
    techniques: [...a.techniques],
    windowStart: new Date(a.windowStartMs).toISOString(),
    windowEnd: new Date(a.windowEndMs).toISOString(),
    startTime: new Date(a.startTimeMs).toISOString(),
    endTime: new Date(a.endTimeMs).toISOString(),
    eventGrouping: a.eventGrouping,
    kind: a.kind,
    entities: a.entities.map((e) => ({ ...e })),
    customDetails: Object.fromEntries(Object.entries(a.customDetails).map(([k, v]) => [k, [...v]])),
    incidentId: a.incidentId ?? null,
    resultCount: a.resultCount,
    rows: a.rows.map((r) => ({ ...r })),
  };
}
