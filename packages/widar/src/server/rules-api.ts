/**
 * GET /api/rules: the pack as the Rules page shows it — each rule's query, schedule, MITRE
 * tactics and techniques, fixture cases, its last runs and health (the store's rule runs, which
 * are SentinelHealth's rows) and its alert counts and classification rates (store/rule-metrics).
 * Rules that ran but are not in the loaded pack (another --rules folder) come from the store.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Json } from "@widar/kql";
import { type RuleMetrics, ruleMetrics } from "../store/rule-metrics.js";
import { listRuns, listStoredRules } from "../store/runs.js";
import type { Workbench } from "./workbench.js";
import { ATTACK_MATRIX_TACTICS } from "../detect/alert-builder.js";

const LAST_RUNS = 10;

/** The fixture cases beside the pack (`fixtures/<ID>/<case>/`), by rule id. */
function fixtureCases(rulesDir: string | undefined, ruleId: string): string[] {
  if (rulesDir === undefined) return [];
  const dir = join(existsSync(join(rulesDir, "fixtures")) ? rulesDir : dirname(rulesDir), "fixtures", ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

function metricsJson(m: RuleMetrics | undefined): Json {
  if (m === undefined) return null;
  return {
    alerts: m.alerts,
    incidents: m.incidents,
    open: m.open,
    truePositive: m.truePositive,
    benignPositive: m.benignPositive,
    falsePositive: m.falsePositive,
    undetermined: m.undetermined,
    truePositiveRate: m.truePositiveRate ?? null,
    falsePositiveRate: m.falsePositiveRate ?? null,
    meanHoursToClose: m.meanHoursToClose ?? null,
  };
}

export function rulesList(wb: Workbench): Json {
  const metrics = new Map(ruleMetrics(wb.store.db).map((m) => [m.ruleId, m]));
  const runsOf = (ruleId: string) => {
    const runs = listRuns(wb.store.db, { ruleId });
    const count = (s: string) => runs.filter((r) => r.status === s).length;
    return {
      health: { runs: runs.length, success: count("Success"), failure: count("Failure"), suppressed: count("Suppressed") },
      lastRuns: runs.slice(-LAST_RUNS).map((r) => ({
        windowStart: new Date(r.windowStartMs).toISOString(),
        windowEnd: new Date(r.windowEndMs).toISOString(),
        status: r.status,
        resultCount: r.resultCount,
        alertCount: r.alertCount,
        durationMs: r.durationMs,
        diagnosticCode: r.diagnosticCode ?? null,
        message: r.message ?? null,
      })),
    };
  };
  const out: Json[] = [];
  const seen = new Set<string>();
  for (const r of wb.rules) {
    seen.add(r.id);
    out.push({
      ruleId: r.id,
      name: r.title,
      kind: r.kind,
      severity: r.severity,
      queryFrequencyMs: Number.isFinite(r.queryFrequencyMs) ? r.queryFrequencyMs : null,
      queryPeriodMs: Number.isFinite(r.queryPeriodMs) ? r.queryPeriodMs : null,
      triggerOperator: r.triggerOperator,
      triggerThreshold: r.triggerThreshold,
      tactics: [...r.tactics],
      techniques: [...r.techniques],
      description: r.description ?? null,
      query: r.query,
      fixtureCases: fixtureCases(wb.rulesDir, r.id),
      metrics: metricsJson(metrics.get(r.id)),
      ...runsOf(r.id),
    });
  }
  for (const r of listStoredRules(wb.store.db)) {
    if (seen.has(r.ruleId)) continue;
    out.push({
      ruleId: r.ruleId,
      name: r.name,
      kind: r.kind,
      severity: r.severity,
      queryFrequencyMs: r.queryFrequencyMs,
      queryPeriodMs: r.queryPeriodMs,
      triggerOperator: null,
      triggerThreshold: null,
      tactics: [...r.tactics],
      techniques: [...r.techniques],
      description: null,
      query: r.query,
      fixtureCases: [],
      metrics: metricsJson(metrics.get(r.ruleId)),
      ...runsOf(r.ruleId),
    });
  }
  return { rules: out, tactics: [...ATTACK_MATRIX_TACTICS], problems: wb.ruleDiagnostics.map((d) => ({ code: d.code, message: d.message, file: d.file ?? null, line: d.line ?? null })) };
}
