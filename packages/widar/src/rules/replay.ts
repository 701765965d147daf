/**
 * Replay: runs a rule over history the way Sentinel's scheduler would have, one run per
 * queryFrequency, each with "now" at its window's end, and keeps the runs that trigger
 * (result row count compared with the trigger threshold). The query is compiled once.
 */
import { type Catalog, type Diagnostic, type Table, compile, execute } from "@widar/kql";
import type { Rule } from "./rule.js";

export interface RuleRun {
  readonly ruleId: string;
  /** The run's "now": the end of the window it looked at (Unix ms). */
  readonly windowEndMs: number;
  readonly result: Table;
}

export interface ReplayResult {
  readonly runs: number;
  readonly triggered: readonly RuleRun[];
  readonly diagnostics: readonly Diagnostic[];
}

export function triggers(rule: Rule, rowCount: number): boolean {
  const t = rule.triggerThreshold;
  switch (rule.triggerOperator) {
    case "gt":
      return rowCount > t;
    case "lt":
      return rowCount < t;
    case "eq":
      return rowCount === t;
    case "ne":
      return rowCount !== t;
  }
}

export function replayRule(rule: Rule, catalog: Catalog, fromMs: number, toMs: number): ReplayResult {
  const compiled = compile(rule.query, catalog);
  if (compiled.diagnostics.some((d) => d.severity === "error"))
    return { runs: 0, triggered: [], diagnostics: compiled.diagnostics };
  const triggered: RuleRun[] = [];
  let runs = 0;
  // A hunting or plain query has no schedule: it runs once, over everything up to `toMs`.
  if (rule.kind !== "scheduled" || rule.queryFrequencyMs <= 0) {
    const r = execute(compiled, catalog, { now: toMs });
    const t = r.tables[r.tables.length - 1];
    if (t !== undefined && t.rowCount > 0) triggered.push({ ruleId: rule.id, windowEndMs: toMs, result: t });
    return { runs: 1, triggered, diagnostics: r.diagnostics };
  }
  // Windows are aligned on the replay start so no instant between from and to is skipped.
  for (let end = fromMs + rule.queryFrequencyMs; end <= toMs + rule.queryFrequencyMs - 1; end += rule.queryFrequencyMs) {
    runs++;
    // Sentinel runs the query over its period up to the run time: later rows do not exist yet.
    const r = execute(compiled, catalog, { now: end, timeRange: { from: end - rule.queryPeriodMs, to: end } });
    if (r.diagnostics.some((d) => d.severity === "error")) return { runs, triggered, diagnostics: r.diagnostics };
    const t = r.tables[r.tables.length - 1];
    if (t !== undefined && triggers(rule, t.rowCount)) triggered.push({ ruleId: rule.id, windowEndMs: end, result: t });
  }
  return { runs, triggered, diagnostics: compiled.diagnostics };
}
