/**
 * Rule runs (what SentinelHealth shows), the rules they belong to, and checkpoints: the last
 * window each rule completed from each source. A run and its checkpoint are written in the same
 * transaction as the run's alerts (store.ts `commitWindow`), so a process killed at any point
 * either completed a window entirely or not at all.
 */
import { type Db, stmt } from "./database.js";
import { isoMs, msOf } from "./iso-time.js";
import type { RuleRun, RunStatus } from "./model.js";

interface RunRow {
  rule_id: string;
  source: string;
  window_end: string;
  window_start: string;
  rule_name: string;
  status: string;
  result_count: number;
  alert_count: number;
  entity_count: number;
  duration_ms: number;
  executed_time: string;
  diagnostic_code: string | null;
  message: string | null;
  settings: string;
}

function rowToRun(r: RunRow): RuleRun {
  return {
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    source: r.source,
    windowStartMs: msOf(r.window_start),
    windowEndMs: msOf(r.window_end),
    status: r.status as RunStatus,
    resultCount: r.result_count,
    alertCount: r.alert_count,
    entityCount: r.entity_count,
    durationMs: r.duration_ms,
    executedMs: msOf(r.executed_time),
    ...(r.diagnostic_code === null ? {} : { diagnosticCode: r.diagnostic_code }),
    ...(r.message === null ? {} : { message: r.message }),
    settings: JSON.parse(r.settings) as Record<string, string>,
  };
}

/** Records a run; a rerun of the same window replaces the earlier record of it. */
export function recordRun(db: Db, run: RuleRun): void {
  stmt(db, 
    `INSERT OR REPLACE INTO rule_runs (rule_id, source, window_end, window_start, rule_name, status, result_count, alert_count,
       entity_count, duration_ms, executed_time, diagnostic_code, message, settings)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.ruleId,
    run.source,
    isoMs(run.windowEndMs),
    isoMs(run.windowStartMs),
    run.ruleName,
    run.status,
    run.resultCount,
    run.alertCount,
    run.entityCount,
    run.durationMs,
    isoMs(run.executedMs),
    run.diagnosticCode ?? null,
    run.message ?? null,
    JSON.stringify(run.settings),
  );
}

export interface RunFilter {
  readonly ruleId?: string;
  readonly status?: RunStatus;
  readonly fromMs?: number;
  readonly toMs?: number;
}

export function listRuns(db: Db, f: RunFilter = {}): RuleRun[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.ruleId !== undefined) {
    where.push("rule_id = ?");
    args.push(f.ruleId);
  }
  if (f.status !== undefined) {
    where.push("status = ?");
    args.push(f.status);
  }
  if (f.fromMs !== undefined) {
    where.push("window_end >= ?");
    args.push(isoMs(f.fromMs));
  }
  if (f.toMs !== undefined) {
    where.push("window_end <= ?");
    args.push(isoMs(f.toMs));
  }
  const sql = `SELECT * FROM rule_runs ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY window_end, rule_id`;
  return (stmt(db, sql).all(...args) as RunRow[]).map(rowToRun);
}

export function getCheckpoint(db: Db, ruleId: string, source: string): number | undefined {
  const r = stmt(db, "SELECT last_window_end FROM checkpoints WHERE rule_id = ? AND source = ?").get(ruleId, source) as
    | { last_window_end: string }
    | undefined;
  return r === undefined ? undefined : msOf(r.last_window_end);
}

/** Moves the rule's checkpoint forward to `windowEndMs` (never back: a replay of older windows leaves it). */
export function advanceCheckpoint(db: Db, ruleId: string, source: string, windowEndMs: number): void {
  stmt(db, 
    `INSERT INTO checkpoints (rule_id, source, last_window_end) VALUES (?, ?, ?)
     ON CONFLICT (rule_id, source) DO UPDATE SET last_window_end = max(last_window_end, excluded.last_window_end)`,
  ).run(ruleId, source, isoMs(windowEndMs));
}

export interface StoredRule {
  readonly ruleId: string;
  readonly name: string;
  readonly sentinelRuleId?: string;
  readonly kind: string;
  readonly severity: string;
  readonly queryFrequencyMs: number;
  readonly queryPeriodMs: number;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  readonly file: string;
  readonly query: string;
}

/** Keeps the latest definition of each rule that ran (the workbench and metrics read it). */
export function upsertRule(db: Db, r: StoredRule): void {
  stmt(db, 
    `INSERT OR REPLACE INTO rules (rule_id, name, sentinel_rule_id, kind, severity, query_frequency_ms, query_period_ms, tactics, techniques, file, query)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.ruleId,
    r.name,
    r.sentinelRuleId ?? null,
    r.kind,
    r.severity,
    Number.isFinite(r.queryFrequencyMs) ? r.queryFrequencyMs : 0,
    Number.isFinite(r.queryPeriodMs) ? r.queryPeriodMs : 0,
    JSON.stringify(r.tactics),
    JSON.stringify(r.techniques),
    r.file,
    r.query,
  );
}

export function listStoredRules(db: Db): StoredRule[] {
  const rows = stmt(db, "SELECT * FROM rules ORDER BY rule_id").all() as {
    rule_id: string;
    name: string;
    sentinel_rule_id: string | null;
    kind: string;
    severity: string;
    query_frequency_ms: number;
    query_period_ms: number;
    tactics: string;
    techniques: string;
    file: string;
    query: string;
  }[];
  return rows.map((r) => ({
    ruleId: r.rule_id,
    name: r.name,
    ...(r.sentinel_rule_id === null ? {} : { sentinelRuleId: r.sentinel_rule_id }),
    kind: r.kind,
    severity: r.severity,
    queryFrequencyMs: r.query_frequency_ms,
    queryPeriodMs: r.query_period_ms,
    tactics: JSON.parse(r.tactics) as string[],
    techniques: JSON.parse(r.techniques) as string[],
    file: r.file,
    query: r.query,
  }));
}

/** Whether the rule's run at `windowEndMs` from `source` completed (succeeded or was suppressed). */
export function runCompleted(db: Db, ruleId: string, source: string, windowEndMs: number): boolean {
  const r = stmt(db, "SELECT status FROM rule_runs WHERE rule_id = ? AND source = ? AND window_end = ?").get(ruleId, source, isoMs(windowEndMs)) as
    | { status: string }
    | undefined;
  return r !== undefined && r.status !== "Failure";
}
