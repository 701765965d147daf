/**
 * `widar investigate ALERT_ID [--data PATH...] [--store FILE] [--format text|json|md]`
 *   prints an alert's investigation: the stored one (made after detection), or a new one over
 *   the logs given with --data (kept in the store).
 * `widar report ALERT_OR_INCIDENT_ID [--format md|html|text] [--out FILE] [--store FILE]`
 *   writes the analyst's report of an alert or an incident (its number, id or id prefix).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { safeJsonStringify, terminalLines } from "@widar/kql";
import { datasetCatalog, watchlistAliases } from "../data/dataset-catalog.js";
import { loadDataset } from "../data/load-dataset.js";
import { defaultTriageQueriesDir } from "../demo/rule-pack-location.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { alertReport } from "../report/report-model.js";
import { reportFor } from "../report/report-for.js";
import { renderText } from "../report/text.js";
import { findAlert } from "../store/alerts.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { getIncident } from "../store/incidents.js";
import { getInvestigation, saveInvestigation } from "../store/investigations.js";
import { listStoredRules } from "../store/runs.js";
import { Store } from "../store/store.js";
import { offlineIpSources } from "../triage/ip-sources.js";
import { investigate } from "../triage/investigate.js";
import { triageQueryTexts } from "../triage/triage-queries.js";
import type { Investigation } from "../triage/model.js";
import { cliError, printDiagnostics } from "./detect-command.js";

const INVESTIGATE_HELP = `usage: widar investigate ALERT_ID [--data PATH...] [--store FILE] [--format text|json|md]

Prints the alert's investigation (made after detection and kept in the store). With --data, it is
made again over those logs (the queries in triage/queries/*.kql) and kept.
  --queries DIR   the investigation queries (default: triage/queries shipped with widar)
  --window HOURS  how far around the alert the activity list reaches (default 24)
`;

const REPORT_HELP = `usage: widar report ALERT_OR_INCIDENT_ID [--format md|html|text] [--out FILE] [--store FILE]

Writes the analyst's report: Investigation Findings, the event table, the steps implemented, the
IP assessment, the suggested verdict with its reasons, recommended actions, resolution and the
query details. An incident's report covers its alerts. HTML is one self-contained file.
`;

function open(file: string | undefined, command: string, readonly: boolean): Store | number {
  try {
    return Store.open(file ?? DEFAULT_STORE, { readonly });
  } catch (e) {
    if (e instanceof StoreError) return cliError(command, `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
}

export async function runInvestigate(argv: string[]): Promise<number> {
  let values: { data?: string[]; store?: string; format?: string; queries?: string; window?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { data: { type: "string", multiple: true }, store: { type: "string" }, format: { type: "string" }, queries: { type: "string" }, window: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (e) {
    return cliError("investigate", (e as Error).message);
  }
  if (values.help) {
    process.stdout.write(INVESTIGATE_HELP);
    return 0;
  }
  if (positionals.length !== 1) return cliError("investigate", "give one alert id (or a unique prefix of it)");
  const format = values.format ?? "text";
  if (!["text", "json", "md"].includes(format)) return cliError("investigate", `--format ${format}: expected text, json or md`);
  const windowHours = values.window === undefined ? 24 : Number(values.window);
  if (!(windowHours > 0)) return cliError("investigate", `--window ${values.window}: expected a number of hours`);
  const queriesDir = values.queries ?? defaultTriageQueriesDir();
  if (queriesDir === undefined) return cliError("investigate", "cannot find triage/queries; give --queries DIR");
  const store = open(values.store, "investigate", values.data === undefined);
  if (typeof store === "number") return store;
  try {
    const alert = findAlert(store.db, positionals[0]!);
    if (alert === undefined || alert === "ambiguous") return cliError("investigate", `alert ${positionals[0]}: ${alert === "ambiguous" ? "ambiguous, give more of its id" : "not found"}`);
    let inv: Investigation | undefined;
    if (values.data !== undefined) {
      const rules = listStoredRules(store.db);
      const ds = await loadDataset(values.data, { watchlistAliases: watchlistAliases(rules.map((r) => r.query)), load: { progress: process.stderr } });
      const { catalog, diagnostics } = await datasetCatalog(ds, [...rules.map((r) => r.query), ...triageQueryTexts(queriesDir)]);
      printDiagnostics([...ds.diagnostics, ...diagnostics]);
      inv = await investigate(alert, catalog, { queriesDir, ip: offlineIpSources(catalog), windowMs: windowHours * 3_600_000 });
      store.transaction(() => saveInvestigation(store.db, alert.alertId, inv!.generatedMs, inv!.verdict.label, inv!.verdict.score, inv));
    } else inv = getInvestigation<Investigation>(store.db, alert.alertId)?.model;
    if (inv === undefined) return cliError("investigate", `alert ${alert.alertId} has no investigation yet: give --data PATH (the logs it was detected in)`);
    const incident = alert.incidentId === undefined ? undefined : getIncident(store.db, alert.incidentId);
    const doc = alertReport(inv, incident);
    if (format === "json") process.stdout.write(`${safeJsonStringify(inv)}\n`);
    else process.stdout.write(format === "md" ? renderMarkdown(doc) : renderText(doc));
    return 0;
  } finally {
    store.close();
  }
}

export async function runReport(argv: string[]): Promise<number> {
  let values: { store?: string; format?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { store: { type: "string" }, format: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (e) {
    return cliError("report", (e as Error).message);
  }
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) return cliError("report", "give one alert or incident (its number, id or an id prefix)");
  const format = values.format ?? (values.out?.endsWith(".html") ? "html" : "md");
  if (!["md", "html", "text"].includes(format)) return cliError("report", `--format ${format}: expected md, html or text`);
  const store = open(values.store, "report", true);
  if (typeof store === "number") return store;
  try {
    const doc = reportFor(store, positionals[0]!);
    if (typeof doc === "string") return cliError("report", doc);
    const text = format === "html" ? renderHtml(doc) : format === "text" ? renderText(doc) : renderMarkdown(doc);
    if (values.out === undefined) process.stdout.write(format === "md" ? terminalLines(text) : text);
    else {
      writeFileSync(values.out, text);
      process.stderr.write(`widar report: wrote ${terminalLines(values.out)}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}
