/**
 * `widar incidents [filters]`: the incident queue from the store.
 * `widar alerts [filters]`: alerts from the store.
 * `widar incident ID [--status S] [--owner O] [--classification C --reason R] [--comment TEXT]`:
 *   one incident (its alerts, entities, comments), and the analyst's changes to it.
 *
 * Filters: --severity, --status, --rule (comma lists), --entity TEXT, --owner, --search WORDS,
 * --from ISO, --to ISO, --limit N; --format text|json|ndjson.
 */
import { parseArgs } from "node:util";
import { type Json, parseDatetime, safeJsonStringify, terminalLines, terminalText, ticksToMs } from "@widar/kql";
import { alertJson } from "../store/alert-json.js";
import { alertsOfIncident, listAlerts } from "../store/alerts.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { addComment, comments, findIncident, type IncidentChange, listIncidents, updateIncident } from "../store/incidents.js";
import { CLASSIFICATIONS, type Classification, type ClassificationReason, type Incident, type IncidentStatus } from "../store/model.js";
import { Store } from "../store/store.js";
import { cliError } from "./detect-command.js";
import { alertLines, incidentLines, severityCounts, shortTime, verdictsOf } from "./incident-text.js";
import { entityLabel } from "../store/entity-key.js";

const FILTERS = `  --severity LIST    High, Medium, Low, Informational (comma-separated)
  --rule LIST        rule ids (comma-separated)
  --entity TEXT      an entity containing TEXT (a UPN, an IP, an app name or id)
  --from ISO --to ISO  activity within the period
  --limit N          at most N
  --store FILE       the store (default ${DEFAULT_STORE})
  --format FMT       text (default), json or ndjson`;

const INCIDENTS_HELP = `usage: widar incidents [filters]

  --status LIST      New, Active, Closed (comma-separated)
  --owner NAME       assigned to NAME
  --search WORDS     words in the title, description, rule or entities
${FILTERS}
`;

const ALERTS_HELP = `usage: widar alerts [filters]

  --incident ID      the alerts of one incident (its number or id)
${FILTERS}
`;

const INCIDENT_HELP = `usage: widar incident ID [changes]

Shows incident ID (its number, id or an id prefix): alerts, entities, comments. With changes:
  --status S              New, Active or Closed
  --owner NAME            assign (--owner "" unassigns)
  --classification C      on closing: TruePositive, BenignPositive, FalsePositive, Undetermined
  --reason R              SuspiciousActivity (TruePositive), SuspiciousButExpected (BenignPositive),
                          IncorrectAlertLogic or InaccurateData (FalsePositive)
  --comment TEXT          add a comment (with --by NAME, default $USER)
  --store FILE            the store (default ${DEFAULT_STORE})
  --format FMT            text (default) or json
`;

const COMMON = {
  severity: { type: "string" },
  status: { type: "string" },
  rule: { type: "string" },
  entity: { type: "string" },
  owner: { type: "string" },
  search: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  limit: { type: "string" },
  incident: { type: "string" },
  store: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type IncidentValues = Values;
type Values = Partial<Record<keyof typeof COMMON, string | boolean>> & Record<string, string | boolean | undefined>;

function parse(argv: string[], extra: Record<string, { type: "string" | "boolean" }> = {}): { values: Values; positionals: string[] } | string {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON, ...extra }, allowPositionals: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    return (e as Error).message;
  }
}

const list = (v: unknown): string[] | undefined =>
  typeof v === "string"
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
    : undefined;

function commonFilter(v: Values): { filter: Record<string, unknown>; error?: string } {
  const time = (k: "from" | "to"): number | undefined | string => {
    const s = v[k];
    if (typeof s !== "string") return undefined;
    const t = parseDatetime(s);
    return t === null ? `--${k} ${s}: not an ISO 8601 datetime` : ticksToMs(t);
  };
  const from = time("from");
  const to = time("to");
  if (typeof from === "string") return { filter: {}, error: from };
  if (typeof to === "string") return { filter: {}, error: to };
  const limit = typeof v.limit === "string" ? Number(v.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) return { filter: {}, error: `--limit ${String(v.limit)}: expected a whole number` };
  const format = typeof v.format === "string" ? v.format : "text";
  if (!["text", "json", "ndjson"].includes(format)) return { filter: {}, error: `--format ${format}: expected text, json or ndjson` };
  return {
    filter: {
      ...(list(v.severity) === undefined ? {} : { severity: list(v.severity) }),
      ...(list(v.rule) === undefined ? {} : { ruleId: list(v.rule) }),
      ...(typeof v.entity === "string" ? { entity: v.entity } : {}),
      ...(from === undefined ? {} : { fromMs: from }),
      ...(to === undefined ? {} : { toMs: to }),
      ...(limit === undefined ? {} : { limit }),
    },
  };
}

function openStore(v: Values, command: string, readonly: boolean): Store | number {
  try {
    return Store.open(typeof v.store === "string" ? v.store : DEFAULT_STORE, { readonly });
  } catch (e) {
    if (e instanceof StoreError) return cliError(command, `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
}

export function incidentJson(i: Incident): Record<string, Json> {
  return {
    incidentId: i.incidentId,
    incidentNumber: i.incidentNumber,
    ruleId: i.ruleId,
    title: i.title,
    description: i.description,
    severity: i.severity,
    status: i.status,
    owner: i.owner ?? null,
    classification: i.classification ?? null,
    classificationReason: i.classificationReason ?? null,
    classificationComment: i.classificationComment ?? null,
    created: new Date(i.createdMs).toISOString(),
    firstActivity: new Date(i.firstActivityMs).toISOString(),
    lastActivity: new Date(i.lastActivityMs).toISOString(),
    lastModified: new Date(i.lastModifiedMs).toISOString(),
    closed: i.closedMs === undefined ? null : new Date(i.closedMs).toISOString(),
    alertCount: i.alertCount,
    tactics: [...i.tactics],
    techniques: [...i.techniques],
    entities: i.entities.map((e) => ({ ...e })),
  };
}

function writeList<T>(items: readonly T[], format: string, json: (x: T) => Record<string, Json>, text: () => string): void {
  if (format === "ndjson") for (const x of items) process.stdout.write(`${safeJsonStringify(json(x))}\n`);
  else if (format === "json") process.stdout.write(`${safeJsonStringify(items.map(json))}\n`);
  else process.stdout.write(text());
}

export async function runIncidents(argv: string[]): Promise<number> {
  const p = parse(argv);
  if (typeof p === "string") return cliError("incidents", p);
  if (p.values.help === true) {
    process.stdout.write(INCIDENTS_HELP);
    return 0;
  }
  const { filter, error } = commonFilter(p.values);
  if (error !== undefined) return cliError("incidents", error);
  const store = openStore(p.values, "incidents", true);
  if (typeof store === "number") return store;
  try {
    const incidents = listIncidents(store.db, {
      ...filter,
      ...(list(p.values.status) === undefined ? {} : { status: list(p.values.status) }),
      ...(typeof p.values.owner === "string" ? { owner: p.values.owner } : {}),
      ...(typeof p.values.search === "string" ? { text: p.values.search } : {}),
    });
    writeList(incidents, String(p.values.format ?? "text"), incidentJson, () =>
      [`${incidents.length} incident(s): ${severityCounts(incidents)}`, ...incidentLines(incidents, { verdicts: verdictsOf(store.db, incidents) }), ""].join("\n"),
    );
    return 0;
  } finally {
    store.close();
  }
}

export async function runAlerts(argv: string[]): Promise<number> {
  const p = parse(argv);
  if (typeof p === "string") return cliError("alerts", p);
  if (p.values.help === true) {
    process.stdout.write(ALERTS_HELP);
    return 0;
  }
  const { filter, error } = commonFilter(p.values);
  if (error !== undefined) return cliError("alerts", error);
  const store = openStore(p.values, "alerts", true);
  if (typeof store === "number") return store;
  try {
    let incidentId: string | undefined;
    if (typeof p.values.incident === "string") {
      const inc = findIncident(store.db, p.values.incident);
      if (inc === undefined || inc === "ambiguous") return cliError("alerts", `incident ${p.values.incident}: ${inc === "ambiguous" ? "ambiguous, give more of its id" : "not found"}`);
      incidentId = inc.incidentId;
    }
    const alerts = listAlerts(store.db, { ...filter, ...(incidentId === undefined ? {} : { incidentId }) });
    writeList(alerts, String(p.values.format ?? "text"), alertJson, () => [`${alerts.length} alert(s): ${severityCounts(alerts)}`, ...alertLines(alerts), ""].join("\n"));
    return 0;
  } finally {
    store.close();
  }
}

const STATUSES: readonly IncidentStatus[] = ["New", "Active", "Closed"];

/** The change the arguments ask for, or why it cannot be made. */
export function incidentChange(v: Values, current: Incident): IncidentChange | string {
  const pick = <T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined | string => {
    if (typeof value !== "string") return undefined;
    const hit = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    return hit ?? `--${name} ${value}: expected ${allowed.join(", ")}`;
  };
  const status = pick("status", v.status, STATUSES);
  if (typeof status === "string" && !STATUSES.includes(status as IncidentStatus)) return status;
  const cls = pick("classification", v.classification, Object.keys(CLASSIFICATIONS) as Classification[]);
  if (typeof cls === "string" && !(cls in CLASSIFICATIONS)) return cls;
  const change: { -readonly [K in keyof IncidentChange]: IncidentChange[K] } = {};
  if (status !== undefined) change.status = status as IncidentStatus;
  if (typeof v.owner === "string") change.owner = v.owner === "" ? null : v.owner;
  if (cls !== undefined) {
    const c = cls as Classification;
    const closing = (change.status ?? current.status) === "Closed";
    if (!closing) return "--classification is given when closing: add --status Closed";
    const allowed = CLASSIFICATIONS[c];
    const reason = typeof v.reason === "string" ? allowed.find((r) => r.toLowerCase() === String(v.reason).toLowerCase()) : allowed[0];
    if (typeof v.reason === "string" && reason === undefined)
      return `--reason ${v.reason}: ${c} takes ${allowed.length === 0 ? "no reason" : allowed.join(" or ")}`;
    change.classification = c;
    if (reason !== undefined) change.classificationReason = reason as ClassificationReason;
    if (typeof v.comment === "string") change.classificationComment = v.comment;
  } else if (typeof v.reason === "string") return "--reason goes with --classification";
  if (change.status === "Closed" && change.classification === undefined && current.classification === undefined)
    return "closing an incident needs --classification (TruePositive, BenignPositive, FalsePositive or Undetermined)";
  return change;
}

/**
 * Records an analyst's change and comment as one transaction (the CLI's `widar incident` and the
 * workbench's actions both land here). A comment given with a classification is its comment.
 */
export function applyIncidentChange(store: Store, incidentId: string, change: IncidentChange, comment: string | undefined, by: string, nowMs: number): void {
  store.transaction(() => {
    if (Object.keys(change).length > 0) updateIncident(store.db, incidentId, change, by, nowMs);
    if (comment !== undefined && change.classificationComment === undefined) addComment(store.db, incidentId, by, comment, nowMs);
  });
}

export async function runIncident(argv: string[]): Promise<number> {
  const p = parse(argv, { classification: { type: "string" }, reason: { type: "string" }, comment: { type: "string" }, by: { type: "string" } });
  if (typeof p === "string") return cliError("incident", p);
  if (p.values.help === true) {
    process.stdout.write(INCIDENT_HELP);
    return 0;
  }
  if (p.positionals.length !== 1) return cliError("incident", "give one incident: its number or id");
  const v = p.values;
  const changing = ["status", "owner", "classification", "reason", "comment"].some((k) => v[k] !== undefined);
  const store = openStore(v, "incident", !changing);
  if (typeof store === "number") return store;
  try {
    const found = findIncident(store.db, p.positionals[0]!);
    if (found === undefined || found === "ambiguous")
      return cliError("incident", `incident ${p.positionals[0]}: ${found === "ambiguous" ? "ambiguous, give more of its id" : "not found"}`);
    if (changing) {
      const change = incidentChange(v, found);
      if (typeof change === "string") return cliError("incident", change);
      const by = typeof v.by === "string" ? v.by : (process.env.USER ?? "analyst");
      applyIncidentChange(store, found.incidentId, change, typeof v.comment === "string" ? v.comment : undefined, by, Date.now());
    }
    const inc = findIncident(store.db, found.incidentId) as Incident;
    if (v.format === "json") {
      const alerts = alertsOfIncident(store.db, inc.incidentId).map(alertJson);
      const cs = comments(store.db, inc.incidentId).map((c) => ({ created: new Date(c.createdMs).toISOString(), author: c.author, message: c.message }));
      process.stdout.write(`${safeJsonStringify({ ...incidentJson(inc), comments: cs, alerts })}\n`);
    } else process.stdout.write(incidentText(store, inc));
    return 0;
  } finally {
    store.close();
  }
}

function incidentText(store: Store, i: Incident): string {
  const lines = [
    `Incident #${i.incidentNumber} ${i.incidentId}`,
    `  ${terminalText(i.title)}`,
    `  severity ${i.severity}, status ${i.status}${i.owner === undefined ? "" : `, owner ${terminalText(i.owner)}`}${
      i.classification === undefined ? "" : `, ${i.classification}${i.classificationReason === undefined ? "" : ` / ${i.classificationReason}`}`
    }`,
    `  rule ${i.ruleId}; activity ${shortTime(i.firstActivityMs)} → ${shortTime(i.lastActivityMs)} UTC; ${i.alertCount} alert(s)`,
  ];
  if (i.classificationComment !== undefined) lines.push(`  classification comment: ${terminalText(i.classificationComment)}`);
  if (i.tactics.length > 0) lines.push(`  tactics ${i.tactics.join(", ")}; techniques ${i.techniques.join(", ")}`);
  lines.push("", "Entities:", ...i.entities.map((e) => `  ${terminalText(entityLabel(e))}`));
  lines.push("", "Alerts:", ...alertLines(alertsOfIncident(store.db, i.incidentId)));
  const cs = comments(store.db, i.incidentId);
  if (cs.length > 0) lines.push("", "Comments:", ...cs.map((c) => `  ${shortTime(c.createdMs)} ${terminalText(c.author)}: ${terminalLines(c.message)}`));
  return `${lines.join("\n")}\n`;
}
