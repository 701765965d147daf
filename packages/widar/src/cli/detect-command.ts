/**
 * `widar detect --data PATH... [--rules DIR] [--from ISO --to ISO] [--store FILE]
 *  [--watchlist ALIAS=CSV]... [--format text|json|ndjson]`
 * `widar detect --workspace ID | --cluster URL --database DB  --from ISO --to ISO [...]`
 *
 * Runs the pack over logs as Sentinel schedules it and keeps the alerts and incidents in the
 * store. Exit 0; 1 when a rule failed (the others still ran; each failure is listed with its
 * code); 2 for bad arguments or data that cannot be read.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Diagnostic, renderDiagnostic, safeJsonStringify, terminalLines } from "@widar/kql";
import { functionOptions, timeOption, watchlistOptions } from "./arg-values.js";
import { defaultRulesDir, defaultTriageQueriesDir } from "../demo/rule-pack-location.js";
import type { DetectionResult } from "../detect/run-detection.js";
import { loadDetectionRules } from "../rules/detection-rules.js";
import { alertJson } from "../store/alert-json.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { getIncident } from "../store/incidents.js";
import type { Incident } from "../store/model.js";
import { Store } from "../store/store.js";
import { incidentLines, severityCounts, shortTime, verdictsOf } from "./incident-text.js";
import { runRemoteDetection } from "./remote-detection.js";
import { detectAndTriage } from "../triage/detect-and-triage.js";

const HELP = `usage: widar detect --data PATH... [options]
       widar detect (--workspace ID | --cluster URL --database DB) --from ISO --to ISO [options]

Runs every rule of the pack at every scheduled time in the period, as Sentinel would, and keeps
the alerts and incidents in the store (query them: widar incidents, widar alerts, widar query).

  --data PATH          log files or directories (repeatable): every format widar reads; each file's
                       table is found from its name or its records; <Alias>.csv files are watchlists
  --rules DIR          the rules (default: the pack shipped with widar)
  --from ISO --to ISO  the period (default: the data's own time range)
  --store FILE         the store (default ${DEFAULT_STORE})
  --watchlist A=CSV    a watchlist for _GetWatchlist('A') (repeatable)
  --functions PATH     workspace functions and parsers the rules call: Sentinel parser YAML, .kql files
                       named for the function, .create function text (repeatable)
  --format FMT         text (default: incidents by severity), ndjson (one alert per line) or json
  --no-triage          do not investigate the new alerts (by default each gets an investigation and a
                       suggested verdict: widar investigate ALERT_ID, widar report ID)
  --workspace ID       run the rules on a Log Analytics workspace instead (DefaultAzureCredential)
  --cluster URL --database DB   run them on an Azure Data Explorer database instead
`;

export interface DetectArgs {
  readonly data: string[];
  readonly rules: string | undefined;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly store: string;
  readonly watchlists: { alias: string; path: string }[];
  readonly format: "text" | "json" | "ndjson";
  readonly workspace?: string;
  readonly cluster?: string;
  readonly database?: string;
  readonly triage: boolean;
  readonly functions: readonly string[];
}

export function parseDetectArgs(argv: string[], requireData = true): DetectArgs | string {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: "string", multiple: true },
        rules: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        store: { type: "string" },
        watchlist: { type: "string", multiple: true },
        functions: { type: "string", multiple: true },
        format: { type: "string" },
        workspace: { type: "string" },
        cluster: { type: "string" },
        database: { type: "string" },
        "no-triage": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return (e as Error).message;
  }
  if (values.help === true) return "help";
  const errors: string[] = [];
  const fromMs = timeOption(values, "from", errors);
  const toMs = timeOption(values, "to", errors);
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) errors.push("--from must be before --to");
  const data = (values.data as string[] | undefined) ?? [];
  const remote = values.workspace !== undefined || values.cluster !== undefined;
  if (remote) {
    if (data.length > 0) errors.push("--data and --workspace/--cluster exclude each other");
    if (values.cluster !== undefined && values.database === undefined) errors.push("--cluster needs --database");
    if (fromMs === undefined || toMs === undefined) errors.push("a remote run needs --from and --to");
  } else if (requireData && data.length === 0) errors.push("give --data PATH (files or directories of logs)");
  for (const d of data) if (!existsSync(d)) errors.push(`--data ${d}: no such file or directory`);
  const watchlists = watchlistOptions(values, errors);
  const format = (values.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json" && format !== "ndjson") errors.push(`--format ${format}: expected text, json or ndjson`);
  if (errors.length > 0) return errors.join("\n");
  return {
    data,
    rules: (values.rules as string | undefined) ?? defaultRulesDir(),
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
    store: (values.store as string | undefined) ?? DEFAULT_STORE,
    watchlists,
    format: format as DetectArgs["format"],
    ...(values.workspace === undefined ? {} : { workspace: values.workspace as string }),
    ...(values.cluster === undefined ? {} : { cluster: values.cluster as string }),
    ...(values.database === undefined ? {} : { database: values.database as string }),
    triage: values["no-triage"] !== true,
    functions: (values.functions as string[] | undefined) ?? [],
  };
}

export function cliError(command: string, message: string): number {
  for (const line of message.split("\n")) process.stderr.write(`widar ${command}: error WC001: ${terminalLines(line)}\n`);
  return 2;
}

export function printDiagnostics(diags: readonly Diagnostic[], minSeverity: "info" | "warning" | "error" = "warning"): void {
  const rank = { info: 0, warning: 1, error: 2 } as const;
  for (const d of diags) if (rank[d.severity] >= rank[minSeverity]) process.stderr.write(`${renderDiagnostic(d, undefined, d.file ?? "")}\n`);
}

/** A progress line of the triage on a terminal; nothing when stderr is piped. */
export function triageProgress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    process.stderr.write(`\r\x1b[2K  investigating ${done}/${total} new alerts`);
    if (done >= total) process.stderr.write("\r\x1b[2K");
  };
}

/** A progress bar of runs on a terminal (rules × windows); nothing when stderr is piped. */
export function runProgress(): ((done: number, total: number, rule: { id: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total, rule) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const w = 30;
    const filled = Math.round((done / Math.max(1, total)) * w);
    process.stderr.write(`\r\x1b[2K  detecting [${"#".repeat(filled)}${".".repeat(w - filled)}] ${done}/${total} runs  ${rule.id}`);
    if (done >= total) process.stderr.write("\r\x1b[2K");
  };
}

export async function runDetect(argv: string[]): Promise<number> {
  const args = parseDetectArgs(argv);
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (typeof args === "string") return cliError("detect", args);
  if (args.rules === undefined) return cliError("detect", "cannot find the rules/ folder; give --rules DIR");
  const { rules, diagnostics: ruleDiags } = loadDetectionRules([args.rules]);
  printDiagnostics(ruleDiags);
  if (rules.length === 0) return cliError("detect", `no scheduled rules or hunting queries in ${args.rules}`);
  let store: Store;
  try {
    store = Store.open(args.store);
  } catch (e) {
    if (e instanceof StoreError) return cliError("detect", `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
  try {
    let result: DetectionResult | undefined;
    let period: { fromMs: number; toMs: number } | undefined;
    if (args.workspace !== undefined || args.cluster !== undefined) {
      const r = await runRemoteDetection(args, rules, store);
      if (typeof r === "string") return cliError("detect", r);
      result = r;
      period = { fromMs: args.fromMs!, toMs: args.toMs! };
    } else {
      const queriesDir = args.triage ? defaultTriageQueriesDir() : undefined;
      const fns = functionOptions({ functions: args.functions });
      printDiagnostics(fns.diagnostics);
      const local = await detectAndTriage({
        dataPaths: args.data,
        rules,
        store,
        watchlists: args.watchlists,
        functions: fns.functions,
        ...(args.fromMs === undefined ? {} : { fromMs: args.fromMs }),
        ...(args.toMs === undefined ? {} : { toMs: args.toMs }),
        loadProgress: process.stderr,
        onProgress: runProgress(),
        ...(queriesDir === undefined ? {} : { queriesDir, onTriage: triageProgress() }),
      });
      printDiagnostics(local.dataDiagnostics);
      for (const s of local.dataset.skipped) process.stderr.write(`${terminalLines(s.path)}: info WD018: skipped: ${s.reason}\n`);
      if (local.dataDiagnostics.some((d) => d.severity === "error" && d.code === "WD004") && local.dataset.tables.size === 0)
        return cliError("detect", "no data could be read");
      if (local.result === undefined) return cliError("detect", "the data has no TimeGenerated to take the period from: give --from and --to");
      result = local.result;
      period = local.period;
    }
    writeResult(result, store, args.format, period!, args.store);
    return reportFailures(result);
  } finally {
    store.close();
  }
}

/** Rule failures at the end, one line each with its code; exit 1 when there were any. */
export function reportFailures(result: DetectionResult): number {
  const failed = result.rules.filter((r) => r.failedRuns > 0 || r.settingsDiagnostics.some((d) => d.severity === "error"));
  for (const r of result.rules) printDiagnostics(r.settingsDiagnostics);
  if (failed.length === 0) return 0;
  process.stderr.write(`\n${failed.length} rule(s) failed (the others ran):\n`);
  for (const r of failed) {
    const d = [...r.diagnostics, ...r.settingsDiagnostics].find((x) => x.severity === "error");
    process.stderr.write(`  ${r.rule.id}: ${r.failedRuns} of ${r.runs} runs failed: ${d === undefined ? "" : `error ${d.code}: ${terminalLines(d.message)}`}\n`);
  }
  return 1;
}

function writeResult(result: DetectionResult, store: Store, format: DetectArgs["format"], period: { fromMs: number; toMs: number }, storePath: string): void {
  const alerts = result.rules.flatMap((r) => r.alerts);
  if (format === "ndjson") {
    for (const a of alerts) process.stdout.write(`${safeJsonStringify(alertJson(a))}\n`);
    return;
  }
  if (format === "json") {
    process.stdout.write(`${safeJsonStringify(alerts.map(alertJson))}\n`);
    return;
  }
  const incidentIds = [...new Set(alerts.map((a) => a.incidentId).filter((x): x is string => x !== undefined))];
  const incidents = incidentIds.map((id) => getIncident(store.db, id)).filter((i): i is Incident => i !== undefined);
  process.stdout.write(detectionSummary(result, incidents, period, storePath, verdictsOf(store.db, incidents)));
}

export function detectionSummary(
  result: DetectionResult,
  incidents: readonly Incident[],
  period: { fromMs: number; toMs: number },
  storePath: string,
  verdicts?: ReadonlyMap<string, string>,
): string {
  const runs = result.rules.reduce((s, r) => s + r.runs, 0);
  const triggered = result.rules.reduce((s, r) => s + r.triggeredRuns, 0);
  const alerts = result.rules.reduce((s, r) => s + r.alerts.length, 0);
  const lines = [
    `${result.rules.length} rules over ${shortTime(period.fromMs)} → ${shortTime(period.toMs)} UTC: ${runs} runs, ${triggered} triggered, ${alerts} alerts (${result.newAlerts} new in the store)`,
    "",
    `Incidents: ${incidents.length} (${severityCounts(incidents)})`,
  ];
  const order = (i: Incident) => ["High", "Medium", "Low", "Informational"].indexOf(i.severity);
  const sorted = [...incidents].sort((a, b) => order(a) - order(b) || a.firstActivityMs - b.firstActivityMs);
  lines.push(...incidentLines(sorted, { verdicts: verdicts ?? new Map() }));
  lines.push("", `Store: ${terminalLines(storePath)} (widar incidents, widar alerts, widar query "SecurityIncident | ...")`);
  return `${lines.join("\n")}\n`;
}
