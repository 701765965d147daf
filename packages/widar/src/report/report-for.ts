/** The report of an alert or an incident, found by its number, id or id prefix, from the investigations in the store. */
import { alertsOfIncident, findAlert } from "../store/alerts.js";
import { findIncident, getIncident } from "../store/incidents.js";
import { getInvestigation } from "../store/investigations.js";
import type { Incident } from "../store/model.js";
import type { Store } from "../store/store.js";
import type { Investigation } from "../triage/model.js";
import { alertReport, incidentReport, type ReportDocument } from "./report-model.js";

/** The report, or why there is none (a one-line message). */
export function reportFor(store: Store, ref: string): ReportDocument | string {
  const incident: Incident | undefined | "ambiguous" = findIncident(store.db, ref);
  if (incident !== undefined && incident !== "ambiguous") {
    const invs = alertsOfIncident(store.db, incident.incidentId)
      .map((a) => getInvestigation<Investigation>(store.db, a.alertId)?.model)
      .filter((x): x is Investigation => x !== undefined);
    if (invs.length === 0) return `incident #${incident.incidentNumber} has no investigated alert: run widar investigate ALERT_ID --data PATH`;
    return incidentReport(incident, invs);
  }
  const alert = findAlert(store.db, ref);
  if (alert === undefined || alert === "ambiguous" || incident === "ambiguous") return `${ref}: ${alert === "ambiguous" || incident === "ambiguous" ? "ambiguous, give more of its id" : "no alert or incident with that number or id"}`;
  const inv = getInvestigation<Investigation>(store.db, alert.alertId)?.model;
  if (inv === undefined) return `alert ${alert.alertId} has no investigation yet: run widar investigate ${alert.alertId.slice(0, 8)} --data PATH`;
  return alertReport(inv, alert.incidentId === undefined ? undefined : getIncident(store.db, alert.incidentId));
}

