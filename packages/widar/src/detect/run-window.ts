/**
 * One scheduled run of one rule, start to finish: suppression, the query, the trigger, the
 * alerts, their incidents, the run's health record and the rule's checkpoint — the writes in one
 * transaction, so that a process killed at any moment has either completed the window or not
 * touched it.
 */
import type { Diagnostic, Table } from "@widar/kql";
import { triggers } from "../rules/replay.js";
import type { Rule } from "../rules/rule.js";
import { getAlert, insertAlert, lastAlertWindowEnd } from "../store/alerts.js";
import { recordVersion } from "../store/incidents.js";
import type { Alert, RuleRun, RunStatus } from "../store/model.js";
import { advanceCheckpoint, recordRun } from "../store/runs.js";
import type { Store } from "../store/store.js";
import { buildAlerts, MAX_ROWS_PER_ALERT } from "./alert-builder.js";
import type { AlertSettings } from "./alert-settings.js";
import { assignIncident } from "./incident-grouping.js";
import type { QueryRunner } from "./query-runner.js";
import { runWindow, type Schedule } from "./schedule.js";

export interface PreparedRule {
  readonly rule: Rule;
  readonly schedule: Schedule;
  readonly settings: AlertSettings;
  /** Errors from binding the rule: every run of it fails with them. */
  readonly errors: readonly Diagnostic[];
}

export interface WindowResult {
  readonly run: RuleRun;
  /** The run triggered: its alerts, as stored (new ones and those an earlier replay stored). */
  readonly alerts: readonly Alert[];
  /** How many of them this run stored for the first time. */
  readonly newAlerts: number;
  /** Incidents this run created, grew or reopened. */
  readonly incidents: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

function settingsRecord(p: PreparedRule): Record<string, string> {
  const r = p.rule;
  return {
    AggregationKind: p.settings.aggregationKind,
    QueryFrequency: String(p.schedule.everyMs),
    QueryPeriod: Number.isFinite(p.schedule.periodMs) ? String(p.schedule.periodMs) : "all",
    TriggerOperator: r.triggerOperator,
    TriggerThreshold: String(r.triggerThreshold),
    SuppressionEnabled: p.settings.suppressionMs > 0 ? "True" : "False",
    SuppressionDuration: String(p.settings.suppressionMs),
    TriggerType: r.kind === "scheduled" ? "Scheduled" : "Hunting",
  };
}

/** Runs the rule's window ending at `endMs` and commits what it found. */
export async function runRuleWindow(store: Store, runner: QueryRunner, p: PreparedRule, endMs: number, floorMs: number): Promise<WindowResult> {
  const w = runWindow(p.schedule, endMs, floorMs);
  const base = {
    ruleId: p.rule.id,
    ruleName: p.rule.title,
    source: runner.source,
    windowStartMs: w.startMs,
    windowEndMs: w.endMs,
    settings: settingsRecord(p),
  };
  const executedMs = Date.now();
  const commitRun = (status: RunStatus, extra: Partial<RuleRun>): WindowResult => {
    const run: RuleRun = { ...base, status, resultCount: 0, alertCount: 0, entityCount: 0, durationMs: 0, executedMs, ...extra };
    store.transaction(() => {
      recordRun(store.db, run);
      advanceCheckpoint(store.db, p.rule.id, runner.source, endMs);
    });
    return { run, alerts: [], newAlerts: 0, incidents: [], diagnostics: [] };
  };
  if (p.errors.length > 0) {
    const d = p.errors[0]!;
    return { ...commitRun("Failure", { diagnosticCode: d.code, message: d.message }), diagnostics: p.errors };
  }
  if (p.settings.suppressionMs > 0) {
    const last = lastAlertWindowEnd(store.db, p.rule.id, runner.source, endMs);
    if (last !== undefined && endMs - last < p.settings.suppressionMs)
      return commitRun("Suppressed", { message: `suppressed until ${new Date(last + p.settings.suppressionMs).toISOString()} after the alert of ${new Date(last).toISOString()}` });
  }
  const started = performance.now();
  let outcome: Awaited<ReturnType<QueryRunner["run"]>>;
  try {
    outcome = await runner.run(p.rule, { endMs: w.endMs, queryFromMs: w.queryFromMs });
  } catch (e) {
    // A runner's own failure (a remote service, an engine bug): the rule's health, not a crash.
    outcome = { diagnostics: [{ code: "WX001", severity: "error", message: (e as Error).message }] };
  }
  const durationMs = performance.now() - started;
  const error = outcome.diagnostics.find((d) => d.severity === "error");
  if (error !== undefined)
    return { ...commitRun("Failure", { durationMs, diagnosticCode: error?.code, message: error?.message }), diagnostics: outcome.diagnostics };
  const table: Table | undefined = outcome.table;
  const resultCount = table?.rowCount ?? 0;
  const fired = table !== undefined && (p.rule.kind === "scheduled" ? triggers(p.rule, resultCount) : resultCount > 0);
  if (!fired || table === undefined) return commitRun("Success", { durationMs, resultCount });

  const built = buildAlerts(p.rule, p.settings, runner.source, w, table);
  const notes: string[] = [];
  if (built.rowsDropped > 0) notes.push(`${built.rowsDropped} result rows not kept with their alerts (over ${MAX_ROWS_PER_ALERT} per alert)`);
  if (built.entitiesDropped > 0) notes.push(`${built.entitiesDropped} entities dropped (over 500 per alert)`);
  const run: RuleRun = {
    ...base,
    status: "Success",
    resultCount,
    alertCount: built.alerts.length,
    entityCount: built.entityCount,
    durationMs,
    executedMs,
    ...(notes.length > 0 ? { message: notes.join("; ") } : {}),
  };
  const touched = new Set<string>();
  let fresh = 0;
  const stored = store.transaction(() => {
    recordRun(store.db, run);
    const out: Alert[] = [];
    for (const a of built.alerts) {
      if (insertAlert(store.db, a)) {
        fresh++;
        const assigned = assignIncident(store.db, a, p.settings.incident);
        if (assigned !== undefined) touched.add(assigned.incidentId);
      }
      out.push(getAlert(store.db, a.alertId)!);
    }
    for (const id of touched) recordVersion(store.db, id, "widar detect", endMs);
    advanceCheckpoint(store.db, p.rule.id, runner.source, endMs);
    return out;
  });
  return { run, alerts: stored, newAlerts: fresh, incidents: [...touched], diagnostics: outcome.diagnostics };
}
