/**
 * Alerts → incidents, as Sentinel's incident settings say (incidentConfiguration):
 *   - createIncident false: the alert stays on its own;
 *   - grouping disabled: every alert opens its own incident;
 *   - grouping enabled: an alert joins the latest incident of the same rule whose alerts it
 *     matches — AnyAlert: every alert of the rule; AllEntities: the same entities, all of them;
 *     Selected: the same values of the chosen entity types, alert details (DisplayName,
 *     Severity) and custom details — if that incident's first alert is at most lookbackDuration
 *     older, and it holds fewer than 150 alerts (past that, a new incident with the same details);
 *     a matching closed incident is reopened (reopenClosedIncident) or left closed, and then the
 *     alert opens a new one.
 *
 * Incident ids are deterministic (made from the first alert's id), so a replay builds the same
 * incidents; incident numbers follow the order incidents are created in.
 */
import { createHash } from "node:crypto";
import { addAlertToIncident, createIncident, getIncident, latestIncidentForKey, updateIncident } from "../store/incidents.js";
import type { Db } from "../store/database.js";
import { entityKey } from "../store/entity-key.js";
import type { Alert, Incident } from "../store/model.js";
import { type IncidentSettings, MAX_ALERTS_PER_INCIDENT } from "./alert-settings.js";
import { deterministicGuid } from "./alert-builder.js";
import { ENTITY_TYPES } from "./entities.js";

/** What the alert is grouped by: alerts with equal keys may share an incident; null never shares. */
export function groupingKey(alert: Alert, s: IncidentSettings): string | null {
  if (!s.groupingEnabled) return null;
  let parts: string[];
  if (s.matchingMethod === "AnyAlert") parts = ["any"];
  else if (s.matchingMethod === "AllEntities") parts = ["entities", ...alert.entities.map(entityKey).sort()];
  else {
    if (s.groupByEntities.length + s.groupByAlertDetails.length + s.groupByCustomDetails.length === 0) return null;
    parts = [];
    for (const name of [...s.groupByEntities].sort()) {
      const type = ENTITY_TYPES[name]?.type ?? name.toLowerCase();
      const keys = alert.entities.filter((e) => e.Type === type).map(entityKey).sort();
      parts.push(`entity:${type}`, ...keys);
    }
    for (const d of [...s.groupByAlertDetails].sort()) parts.push(`detail:${d}`, d === "DisplayName" ? alert.displayName : alert.severity);
    for (const k of [...s.groupByCustomDetails].sort()) parts.push(`custom:${k}`, JSON.stringify(alert.customDetails[k] ?? []));
  }
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

export type Assignment = { readonly incidentId: string; readonly action: "created" | "joined" | "reopened" } | undefined;

/** Puts a newly stored alert into its incident (in the caller's transaction). */
export function assignIncident(db: Db, alert: Alert, s: IncidentSettings): Assignment {
  if (!s.createIncident) return undefined;
  const key = groupingKey(alert, s);
  if (key !== null) {
    const inc = latestIncidentForKey(db, alert.ruleId, alert.source, key);
    if (inc !== undefined && joins(inc, alert, s)) {
      if (inc.status !== "Closed") {
        addAlertToIncident(db, inc, alert);
        return { incidentId: inc.incidentId, action: "joined" };
      }
      if (s.reopenClosedIncident) {
        updateIncident(db, inc.incidentId, { status: "Active" }, "widar detect", alert.windowEndMs);
        addAlertToIncident(db, getIncident(db, inc.incidentId, false)!, alert);
        return { incidentId: inc.incidentId, action: "reopened" };
      }
    }
  }
  const incidentId = deterministicGuid("incident", alert.alertId);
  createIncident(db, incidentId, alert, key);
  addAlertToIncident(db, getIncident(db, incidentId, false)!, alert);
  return { incidentId, action: "created" };
}

function joins(inc: Incident, alert: Alert, s: IncidentSettings): boolean {
  return alert.windowEndMs - inc.createdMs <= s.lookbackMs && alert.windowEndMs >= inc.createdMs && inc.alertCount < MAX_ALERTS_PER_INCIDENT;
}
