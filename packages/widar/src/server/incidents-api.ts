/**
 * The incident endpoints: the queue (filters, words, sort), one incident with everything the
 * triage stored for its alerts (verdict reasons and weights, actions, IPs, the activity and the
 * sign-ins after the change for the timeline), its report, and the analyst's actions.
 *
 * Reads go through the store's own functions (listIncidents, alertsOfIncident, getInvestigation,
 * reportFor); changes through the CLI's (incidentChange, applyIncidentChange), so the workbench
 * and `widar incident` validate and record a change the same way.
 */
import type { Json } from "@widar/kql";
import { parseDatetime, ticksToMs } from "@widar/kql";
import { applyIncidentChange, incidentChange, incidentJson, type IncidentValues } from "../cli/incidents-command.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { reportFor } from "../report/report-for.js";
import { alertJson } from "../store/alert-json.js";
import { alertsOfIncident } from "../store/alerts.js";
import { comments, findIncident, type IncidentFilter, listIncidents } from "../store/incidents.js";
import { getInvestigation, verdictsOf, worstVerdict } from "../store/investigations.js";
import { CLASSIFICATIONS, type Incident, SEVERITY_ORDER } from "../store/model.js";
import type { Investigation, IpFacts } from "../triage/model.js";
import { WorkbenchError } from "./http-io.js";
import type { Workbench } from "./workbench.js";

const SORTS: Record<string, (a: Incident, b: Incident) => number> = {
  severity: (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.lastActivityMs - b.lastActivityMs,
  number: (a, b) => a.incidentNumber - b.incidentNumber,
  created: (a, b) => a.createdMs - b.createdMs,
  firstActivity: (a, b) => a.firstActivityMs - b.firstActivityMs,
  lastActivity: (a, b) => a.lastActivityMs - b.lastActivityMs,
  alerts: (a, b) => a.alertCount - b.alertCount,
  status: (a, b) => ["New", "Active", "Closed"].indexOf(a.status) - ["New", "Active", "Closed"].indexOf(b.status),
  owner: (a, b) => (a.owner ?? "").localeCompare(b.owner ?? ""),
  rule: (a, b) => a.ruleId.localeCompare(b.ruleId),
};

const list = (v: string | null): string[] | undefined => {
  const items = (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length === 0 ? undefined : items;
};

function timeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const t = parseDatetime(v);
  if (t === null) throw new WorkbenchError("WW001", `${name}=${v}: not an ISO 8601 datetime`);
  return ticksToMs(t);
}

/** GET /api/incidents: the queue, as `widar incidents` filters it, sorted as asked. */
export function incidentQueue(wb: Workbench, q: URLSearchParams): Json {
  const sort = q.get("sort") ?? "severity";
  const compare = SORTS[sort];
  if (compare === undefined) throw new WorkbenchError("WW001", `sort=${sort}: expected one of ${Object.keys(SORTS).join(", ")}`);
  const limitText = q.get("limit");
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new WorkbenchError("WW001", `limit=${limitText}: expected a whole number`);
  const fromMs = timeParam(q, "from");
  const toMs = timeParam(q, "to");
  const filter: IncidentFilter = {
    ...(list(q.get("severity")) === undefined ? {} : { severity: list(q.get("severity")) }),
    ...(list(q.get("status")) === undefined ? {} : { status: list(q.get("status")) }),
    ...(list(q.get("rule")) === undefined ? {} : { ruleId: list(q.get("rule")) }),
    ...(q.get("owner") ? { owner: q.get("owner")! } : {}),
    ...(q.get("entity") ? { entity: q.get("entity")! } : {}),
    ...(q.get("search") ? { text: q.get("search")! } : {}),
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
  };
  const incidents = listIncidents(wb.store.db, filter);
  const sorted = [...incidents].sort(compare);
  if (q.get("order") !== "asc") sorted.reverse();
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  const verdicts = verdictsOf(wb.store.db, shown);
  return {
    total: incidents.length,
    incidents: shown.map((i) => ({ ...incidentJson(i), verdict: verdicts.get(i.incidentId) ?? null })),
  };
}

export function findOrFail(wb: Workbench, ref: string): Incident {
  const found = findIncident(wb.store.db, ref);
  if (found === "ambiguous") throw new WorkbenchError("WW001", `incident ${ref}: ambiguous, give more of its id`);
  if (found === undefined) throw new WorkbenchError("WW002", `incident ${ref}: not found`);
  return found;
}

function ipJson(ip: IpFacts): Json {
  return {
    address: ip.address,
    asn: ip.asn ?? null,
    organisation: ip.organisation ?? null,
    country: ip.country ?? null,
    networkKind: ip.networkKind ?? null,
    allowlisted: ip.allowlisted,
    roles: [...ip.roles],
    firstSeenByIdentity: ip.firstSeenByIdentityMs === undefined ? null : new Date(ip.firstSeenByIdentityMs).toISOString(),
    firstSeenInTenant: ip.firstSeenInTenantMs === undefined ? null : new Date(ip.firstSeenInTenantMs).toISOString(),
  };
}

function investigationJson(inv: Investigation): Json {
  return {
    family: inv.family,
    initiator: inv.initiator === undefined ? null : { ...inv.initiator },
    targets: inv.targets.map((t) => ({ ...t })),
    verdict: { label: inv.verdict.label, score: inv.verdict.score, reasons: inv.verdict.reasons.map((r) => ({ ...r })) },
    actions: inv.actions.map((a) => ({ title: a.title, why: a.why, commands: a.commands.map((c) => ({ ...c })) })),
    pim: inv.pim.map((p) => ({ time: new Date(p.timeMs).toISOString(), role: p.role, justification: p.justification ?? null, minutesBefore: p.minutesBefore })),
    problems: [...inv.problems],
    generated: new Date(inv.generatedMs).toISOString(),
  };
}

/** GET /api/incidents/:ref: the incident, its alerts with their investigations, entities, comments, timeline. */
export function incidentDetail(wb: Workbench, ref: string): Json {
  const inc = findOrFail(wb, ref);
  const alerts = alertsOfIncident(wb.store.db, inc.incidentId);
  const invs = alerts.map((a) => getInvestigation<Investigation>(wb.store.db, a.alertId)?.model);
  const ips = new Map<string, IpFacts>();
  for (const inv of invs) for (const ip of inv?.ips ?? []) if (!ips.has(ip.address)) ips.set(ip.address, ip);
  const activity = new Map<string, Json>();
  const signIns = new Map<string, Json>();
  for (const inv of invs) {
    for (const a of inv?.activities ?? [])
      activity.set(`${a.timeMs}|${a.operationName}|${a.targetId}|${a.initiatorId}`, {
        timeMs: a.timeMs,
        operationName: a.operationName,
        initiator: a.initiator,
        target: a.target,
        ipAddress: a.ipAddress,
        result: a.result,
        inAlert: a.inAlert,
        changes: a.changes.map((c) => ({ what: c.what, details: { ...c.details } })),
      });
    for (const s of inv?.signInsAfter ?? [])
      signIns.set(`${s.timeMs}|${s.ipAddress}|${s.resource}`, {
        timeMs: s.timeMs,
        ipAddress: s.ipAddress,
        resource: s.resource,
        resultType: s.resultType,
        credentialKeyId: s.credentialKeyId,
        newAddress: s.newAddress,
      });
  }
  const byTime = (a: Json, b: Json) => ((a as { timeMs: number }).timeMs ?? 0) - ((b as { timeMs: number }).timeMs ?? 0);
  return {
    incident: incidentJson(inc),
    verdict: worstVerdict(invs.flatMap((i) => (i === undefined ? [] : [i.verdict.label]))) ?? null,
    alerts: alerts.map((a, k) => ({ ...alertJson(a), investigation: invs[k] === undefined ? null : investigationJson(invs[k]!) })),
    ips: [...ips.values()].map(ipJson),
    comments: comments(wb.store.db, inc.incidentId).map((c) => ({ created: new Date(c.createdMs).toISOString(), author: c.author, message: c.message })),
    timeline: {
      activities: [...activity.values()].sort(byTime),
      signIns: [...signIns.values()].sort(byTime),
      alerts: alerts.map((a) => ({ alertId: a.alertId, startMs: a.startTimeMs, endMs: a.endTimeMs, windowEndMs: a.windowEndMs })),
    },
    classifications: Object.fromEntries(Object.entries(CLASSIFICATIONS).map(([k, v]) => [k, [...v]])),
  };
}

/** GET /api/incidents/:ref/report?format=markdown|html: the analyst's report, as `widar report` writes it. */
export function incidentReport(wb: Workbench, ref: string, format: string): { contentType: string; body: string; fileName: string } {
  const inc = findOrFail(wb, ref);
  const doc = reportFor(wb.store, inc.incidentId);
  if (typeof doc === "string") throw new WorkbenchError("WW002", doc);
  if (format === "html") return { contentType: "text/html; charset=utf-8", body: renderHtml(doc), fileName: `incident-${inc.incidentNumber}.html` };
  if (format === "markdown" || format === "md") return { contentType: "text/markdown; charset=utf-8", body: renderMarkdown(doc), fileName: `incident-${inc.incidentNumber}.md` };
  throw new WorkbenchError("WW001", `format=${format}: expected markdown or html`);
}

const CHANGE_FIELDS = ["status", "owner", "classification", "reason", "comment", "by"] as const;

/**
 * POST /api/incidents/:ref/actions with any of {status, owner, classification, reason, comment, by}:
 * the same change `widar incident REF --status … --owner … --classification … --reason … --comment …` makes.
 */
export function incidentAction(wb: Workbench, ref: string, body: Record<string, unknown>): Json {
  const values: IncidentValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (!(CHANGE_FIELDS as readonly string[]).includes(k)) throw new WorkbenchError("WW001", `${k}: not a change (expected ${CHANGE_FIELDS.join(", ")})`);
    if (typeof v !== "string") throw new WorkbenchError("WW001", `${k}: expected a string`);
    if (v.length > 10_000) throw new WorkbenchError("WW001", `${k}: longer than 10,000 characters`);
    values[k] = v;
  }
  const current = findOrFail(wb, ref);
  const change = incidentChange(values, current);
  if (typeof change === "string") throw new WorkbenchError("WW007", change);
  const hasChange = Object.keys(change).length > 0 || typeof values.comment === "string";
  if (!hasChange) throw new WorkbenchError("WW001", "nothing to change: give status, owner, classification or comment");
  const by = typeof values.by === "string" && values.by !== "" ? values.by : (process.env.USER ?? "analyst");
  applyIncidentChange(wb.store, current.incidentId, change, typeof values.comment === "string" ? values.comment : undefined, by, Date.now());
  return incidentDetail(wb, current.incidentId);
}
