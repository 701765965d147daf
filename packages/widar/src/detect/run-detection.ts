/**
 * Detection over a period: every rule at every scheduled time in it, in time order per rule, as
 * Sentinel would have run them (schedule.ts), each run committed to the store with its alerts,
 * incidents, health record and checkpoint (run-window.ts). A rule that fails — it does not bind,
 * a run errors, a remote service refuses — fails alone: its runs are recorded as failures and
 * the others go on.
 *
 * @example
 * const runner = new LocalRunner(catalog);
 * const r = await runDetection({ rules, runner, store, fromMs, toMs });
 * // r.rules[i].alerts: every alert of every triggered run; r.newAlerts: those stored for the first time
 */
import type { Diagnostic } from "@widar/kql";
import type { Rule } from "../rules/rule.js";
import type { Alert } from "../store/model.js";
import { upsertRule } from "../store/runs.js";
import type { Store } from "../store/store.js";
import { readAlertSettings } from "./alert-settings.js";
import type { QueryRunner } from "./query-runner.js";
import { type PreparedRule, runRuleWindow } from "./run-window.js";
import { runTimes, scheduleOf } from "./schedule.js";

export interface DetectionOptions {
  readonly rules: readonly Rule[];
  readonly runner: QueryRunner;
  readonly store: Store;
  /** The period covered: runs at every scheduled time after fromMs, through the first at or after toMs. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Called after each run (rules × windows). */
  readonly onProgress?: (done: number, total: number, rule: Rule) => void;
  /** Stops between runs when aborted (what was committed stays). */
  readonly signal?: AbortSignal;
}

export interface RuleDetection {
  readonly rule: Rule;
  readonly runs: number;
  readonly triggeredRuns: number;
  readonly failedRuns: number;
  readonly suppressedRuns: number;
  /** Every alert of the rule's triggered runs, in order (stored now or by an earlier replay). */
  readonly alerts: readonly Alert[];
  /** The rule's binding diagnostics (warnings included) and its first run failure, if any. */
  readonly diagnostics: readonly Diagnostic[];
  /** Rule-settings warnings (limits, malformed fields). */
  readonly settingsDiagnostics: readonly Diagnostic[];
}

export interface DetectionResult {
  readonly rules: readonly RuleDetection[];
  readonly newAlerts: number;
  /** Incidents created, grown or reopened by this detection. */
  readonly incidents: readonly string[];
  readonly aborted: boolean;
}

/** Binds each rule once and reads its Sentinel settings. Rules without a valid schedule are failures. */
export function prepareRules(rules: readonly Rule[], runner: QueryRunner): { prepared: PreparedRule[]; settingsDiagnostics: Map<string, Diagnostic[]> } {
  const prepared: PreparedRule[] = [];
  const settingsDiagnostics = new Map<string, Diagnostic[]>();
  for (const rule of rules) {
    const { settings, diagnostics } = readAlertSettings(rule);
    settingsDiagnostics.set(rule.id, diagnostics);
    const schedule = scheduleOf(rule);
    if (schedule === undefined) {
      settingsDiagnostics.get(rule.id)!.push({
        code: "WR307",
        severity: "error",
        message: `${rule.id} has no valid queryFrequency/queryPeriod: it cannot be scheduled`,
        file: rule.file,
        line: rule.fieldLines.queryFrequency ?? 1,
      });
      continue;
    }
    let errors: readonly Diagnostic[];
    try {
      errors = runner.prepare(rule).filter((d) => d.severity === "error");
    } catch (e) {
      errors = [{ code: "WX001", severity: "error", message: (e as Error).message }];
    }
    prepared.push({ rule, schedule, settings, errors });
  }
  return { prepared, settingsDiagnostics };
}

export async function runDetection(o: DetectionOptions): Promise<DetectionResult> {
  const { prepared, settingsDiagnostics } = prepareRules(o.rules, o.runner);
  const plan = prepared.map((p) => ({ p, times: runTimes(p.schedule.everyMs, o.fromMs, o.toMs) }));
  const total = plan.reduce((s, x) => s + x.times.length, 0);
  o.store.transaction(() => {
    for (const rule of o.rules)
      upsertRule(o.store.db, {
        ruleId: rule.id,
        name: rule.title,
        ...(rule.sentinelId === undefined ? {} : { sentinelRuleId: rule.sentinelId }),
        kind: rule.kind,
        severity: rule.severity,
        queryFrequencyMs: rule.queryFrequencyMs,
        queryPeriodMs: rule.queryPeriodMs,
        tactics: rule.tactics,
        techniques: rule.techniques,
        file: rule.file,
        query: rule.query,
      });
  });
  let done = 0;
  let newAlerts = 0;
  let aborted = false;
  const incidents = new Set<string>();
  const results: RuleDetection[] = [];
  for (const rule of o.rules) {
    const x = plan.find((q) => q.p.rule === rule);
    if (x === undefined) {
      results.push({ rule, runs: 0, triggeredRuns: 0, failedRuns: 0, suppressedRuns: 0, alerts: [], diagnostics: [], settingsDiagnostics: settingsDiagnostics.get(rule.id) ?? [] });
      continue;
    }
    const alerts: Alert[] = [];
    const diagnostics: Diagnostic[] = [...x.p.errors];
    let triggered = 0;
    let failed = 0;
    let suppressed = 0;
    let runs = 0;
    for (const t of x.times) {
      if (o.signal?.aborted === true) {
        aborted = true;
        break;
      }
      const r = await runRuleWindow(o.store, o.runner, x.p, t, o.fromMs);
      runs++;
      if (r.run.status === "Failure") {
        failed++;
        if (x.p.errors.length === 0 && !diagnostics.some((d) => d.severity === "error")) diagnostics.push(...r.diagnostics.filter((d) => d.severity === "error"));
      } else if (r.run.status === "Suppressed") suppressed++;
      if (r.alerts.length > 0) triggered++;
      alerts.push(...r.alerts);
      newAlerts += r.newAlerts;
      for (const id of r.incidents) incidents.add(id);
      o.onProgress?.(++done, total, rule);
    }
    if (x.p.errors.length === 0)
      try {
        diagnostics.push(...o.runner.prepare(rule).filter((d) => d.severity !== "error"));
      } catch {
        // Reported by the runs.
      }
    results.push({ rule, runs, triggeredRuns: triggered, failedRuns: failed, suppressedRuns: suppressed, alerts, diagnostics, settingsDiagnostics: settingsDiagnostics.get(rule.id) ?? [] });
    if (aborted) break;
  }
  return { rules: results, newAlerts, incidents: [...incidents], aborted };
}
