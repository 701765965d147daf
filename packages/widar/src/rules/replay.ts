/**
 * Replay: runs a rule over history the way Sentinel's scheduler would have, one run per
 * queryFrequency, each with "now" at its window's end, and keeps the runs that trigger
 * (result row count compared with the trigger threshold). The query is compiled once, and its
 * consecutive runs share a window cache (@widar/kql createWindowCache): a 14-day baseline's
 * whole hours and days are aggregated once, not once per run. The results are those of
 * independent runs.
 */
import { type Catalog, type Diagnostic, type Table, compile, createWindowCache, execute } from "@widar/kql";
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

export interface ReplayOptions {
  /**
   * Run a hunting or plain query (no schedule) every this many ms over all the data up to each
   * run, as an analyst runs a daily hunt; by default it runs once, at `toMs`.
   */
  readonly huntEveryMs?: number;
  /** Share work between consecutive runs (default true); false runs each window from scratch. */
  readonly reuse?: boolean;
}

export function replayRule(rule: Rule, catalog: Catalog, fromMs: number, toMs: number, opts: ReplayOptions = {}): ReplayResult {
  const compiled = compile(rule.query, catalog);
  if (compiled.diagnostics.some((d) => d.severity === "error"))
    return { runs: 0, triggered: [], diagnostics: compiled.diagnostics };
  const triggered: RuleRun[] = [];
  let runs = 0;
  const cache = opts.reuse === false ? {} : { windowCache: createWindowCache() };
  // A hunting or plain query has no schedule: it runs over everything up to each run (by
  // default one run, at `toMs`), and any row is a finding.
  if (rule.kind !== "scheduled" || rule.queryFrequencyMs <= 0) {
    const every = opts.huntEveryMs;
    const ends = every === undefined || every <= 0 ? [toMs] : [];
    if (every !== undefined && every > 0) for (let end = fromMs + every; end <= toMs + every - 1; end += every) ends.push(end);
    for (const end of ends) {
      runs++;
      // Only what the workspace held at the run: records after it do not exist yet.
      const r = execute(compiled, catalog, { now: end, timeRange: { from: Number.NEGATIVE_INFINITY, to: end }, ...cache });
      if (r.diagnostics.some((d) => d.severity === "error")) return { runs, triggered, diagnostics: r.diagnostics };
      const t = r.tables[r.tables.length - 1];
      if (t !== undefined && t.rowCount > 0) triggered.push({ ruleId: rule.id, windowEndMs: end, result: t });
    }
    return { runs, triggered, diagnostics: compiled.diagnostics };
  }
  // Windows are aligned on the replay start so no instant between from and to is skipped.
  for (let end = fromMs + rule.queryFrequencyMs; end <= toMs + rule.queryFrequencyMs - 1; end += rule.queryFrequencyMs) {
    runs++;
    // Sentinel runs the query over its period up to the run time: later rows do not exist yet.
    const r = execute(compiled, catalog, { now: end, timeRange: { from: end - rule.queryPeriodMs, to: end }, ...cache });
    if (r.diagnostics.some((d) => d.severity === "error")) return { runs, triggered, diagnostics: r.diagnostics };
    const t = r.tables[r.tables.length - 1];
    if (t !== undefined && triggers(rule, t.rowCount)) triggered.push({ ruleId: rule.id, windowEndMs: end, result: t });
  }
  return { runs, triggered, diagnostics: compiled.diagnostics };
}
