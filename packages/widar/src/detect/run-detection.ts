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
import { alertsOfRun } from "../store/alerts.js";
import { runCompleted, upsertRule } from "../store/runs.js";
import type { Store } from "../store/store.js";
import { readAlertSettings } from "./alert-settings.js";
import type { QueryRunner } from "./query-runner.js";
import { type PreparedRule, runRuleWindow, type WindowResult } from "./run-window.js";
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
  /** Windows the store already holds a completed run of are not run again; their stored alerts count. */
  readonly skipCompleted?: boolean;
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

/** Records each rule's current definition in the store (the workbench and rule metrics read it). */
export function recordRules(store: Store, rules: readonly Rule[]): void {
  store.transaction(() => {
    for (const rule of rules)
      upsertRule(store.db, {
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
}

/** One scheduled run to make: a rule and its run time. */
export interface PlannedRun {
  readonly p: PreparedRule;
  readonly t: number;
}

/**
 * Every rule's runs in one time order (ties in the rules' order): the order Sentinel's scheduler
 * makes them in, so incidents are numbered as they would have been opened, and a replay and the
 * live mode number them alike however they batch the windows.
 */
export function inTimeOrder(runs: PlannedRun[], ruleOrder: readonly PreparedRule[]): PlannedRun[] {
  const rank = new Map(ruleOrder.map((p, i) => [p, i]));
  return runs.sort((a, b) => a.t - b.t || rank.get(a.p)! - rank.get(b.p)!);
}

/** Per-rule tallies of a detection, filled as runs complete. */
export class DetectionTally {
  private readonly byRule = new Map<string, { runs: number; triggered: number; failed: number; suppressed: number; alerts: Alert[]; diagnostics: Diagnostic[] }>();
  newAlerts = 0;
  readonly incidents = new Set<string>();

  private of(rule: Rule) {
    let x = this.byRule.get(rule.id);
    if (x === undefined) this.byRule.set(rule.id, (x = { runs: 0, triggered: 0, failed: 0, suppressed: 0, alerts: [], diagnostics: [] }));
    return x;
  }

  add(rule: Rule, r: WindowResult): void {
    const x = this.of(rule);
    x.runs++;
    if (r.run.status === "Failure") {
      x.failed++;
      if (!x.diagnostics.some((d) => d.severity === "error")) x.diagnostics.push(...r.diagnostics.filter((d) => d.severity === "error"));
    } else if (r.run.status === "Suppressed") x.suppressed++;
    if (r.alerts.length > 0) x.triggered++;
    x.alerts.push(...r.alerts);
    this.newAlerts += r.newAlerts;
    for (const id of r.incidents) this.incidents.add(id);
  }

  /** A completed run the store already holds: its stored alerts count, nothing runs. */
  addStored(rule: Rule, alerts: readonly Alert[]): void {
    const x = this.of(rule);
    x.runs++;
    if (alerts.length > 0) x.triggered++;
    x.alerts.push(...alerts);
  }

  result(rules: readonly Rule[], runner: QueryRunner, settingsDiagnostics: ReadonlyMap<string, Diagnostic[]>, aborted: boolean): DetectionResult {
    const out: RuleDetection[] = rules.map((rule) => {
      const x = this.of(rule);
      const diagnostics = [...x.diagnostics];
      try {
        diagnostics.push(...runner.prepare(rule).filter((d) => d.severity !== "error" || !diagnostics.some((e) => e.code === d.code)));
      } catch {
        // Reported by the runs.
      }
      return {
        rule,
        runs: x.runs,
        triggeredRuns: x.triggered,
        failedRuns: x.failed,
        suppressedRuns: x.suppressed,
        alerts: x.alerts,
        diagnostics,
        settingsDiagnostics: settingsDiagnostics.get(rule.id) ?? [],
      };
    });
    return { rules: out, newAlerts: this.newAlerts, incidents: [...this.incidents], aborted };
  }
}

export async function runDetection(o: DetectionOptions): Promise<DetectionResult> {
  const { prepared, settingsDiagnostics } = prepareRules(o.rules, o.runner);
  const runs = inTimeOrder(
    prepared.flatMap((p) => runTimes(p.schedule.everyMs, o.fromMs, o.toMs).map((t) => ({ p, t }))),
    prepared,
  );
  recordRules(o.store, o.rules);
  const tally = new DetectionTally();
  let done = 0;
  let aborted = false;
  for (const { p, t } of runs) {
    if (o.signal?.aborted === true) {
      aborted = true;
      break;
    }
    if (o.skipCompleted === true && runCompleted(o.store.db, p.rule.id, o.runner.source, t)) tally.addStored(p.rule, alertsOfRun(o.store.db, p.rule.id, o.runner.source, t));
    else tally.add(p.rule, await runRuleWindow(o.store, o.runner, p, t, o.fromMs));
    o.onProgress?.(++done, runs.length, p.rule);
  }
  return tally.result(o.rules, o.runner, settingsDiagnostics, aborted);
}
