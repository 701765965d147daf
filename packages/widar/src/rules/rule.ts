/**
 * A detection rule as widar holds it, whatever file it came from: the query and the Sentinel
 * scheduling facts (queryFrequency, queryPeriod, trigger threshold) plus its descriptive header.
 *
 * Three file forms load into it (see load-rules.ts): Sentinel analytic-rule YAML (scheduled),
 * Sentinel hunting-query YAML (a query with no schedule) and `.kql` files, with the seeds' `//`
 * header (scheduled) or without one (a plain query).
 */
import { type Diagnostic, lineAndColumn } from "@widar/kql";

export type RuleKind = "scheduled" | "hunting" | "query";
export type RuleFormat = "sentinel-yaml" | "kql-header" | "kql";
export type Severity = "Informational" | "Low" | "Medium" | "High";

export const SEVERITIES: readonly Severity[] = ["Informational", "Low", "Medium", "High"];

/** What docs/rules.md says about a rule beyond its Sentinel fields (widar's YAML extensions). */
export interface RuleDoc {
  /** The simulator scenario (packages/widar/src/simulator) whose records the rule must fire on. */
  readonly simulatorScenario?: string;
  /** Each severity the rule can raise, and when (its `AlertSeverity` ladder), highest first. */
  readonly severityLogic: readonly { readonly severity: string; readonly when: string }[];
  /** What the rule deliberately or unavoidably misses. */
  readonly notDetected?: string;
  /** What benign activity can still make it fire, and how a user silences it (which watchlist, which field). */
  readonly benignTriggers?: string;
}

export interface Rule {
  /** `RULE-18`, `CRED-01`, `RULE-19C`, … (from the file name). */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  /** Milliseconds between runs, and the lookback each run reads (0 for hunting and plain queries;
   *  NaN in a draft whose field is missing or unreadable). */
  readonly queryFrequencyMs: number;
  readonly queryPeriodMs: number;
  readonly triggerOperator: "gt" | "lt" | "eq" | "ne";
  readonly triggerThreshold: number;
  /** Tables the rule declares (the seeds' `Tables:` header, the YAML's required data types). */
  readonly tables: readonly string[];
  readonly query: string;
  readonly file: string;
  /** Offset of `query` within the file's text when the query is a verbatim slice of it, else -1. */
  readonly queryOffset: number;
  readonly kind: RuleKind;
  readonly format: RuleFormat;
  /** Where the query sits in the file: the line (1-based) of its first line, and the indentation
   *  each of its lines has there (a YAML block scalar's), so query offsets map to file positions. */
  readonly queryLine: number;
  readonly queryIndent: number;
  /** The Sentinel rule id (a GUID) when the file has one. */
  readonly sentinelId?: string;
  readonly description?: string;
  readonly doc: RuleDoc;
  /** The Sentinel fields as written in the file (YAML values), which export carries over. */
  readonly sentinel: Readonly<Record<string, unknown>>;
  /** The line of each top-level field in the file (for diagnostics about a field). */
  readonly fieldLines: Readonly<Record<string, number>>;
}

export interface RuleLoad {
  readonly rule?: Rule;
  /** The rule as far as it could be read when its fields have errors (defaults in their place),
   *  so that `widar validate` still binds and lints its query: every finding in one pass. */
  readonly draft?: Rule;
  readonly diagnostics: readonly Diagnostic[];
}

/** The file line and column (1-based) of an offset into the rule's query. */
export function queryPositionInFile(rule: Rule, offset: number): { line: number; column: number } {
  const { line, column } = lineAndColumn(rule.query, offset);
  return { line: rule.queryLine + line - 1, column: column + rule.queryIndent };
}

/** The detection the simulator labels a rule with: its id without a variant letter (RULE-19C → RULE-19). */
export function labelId(rule: Pick<Rule, "id">): string {
  return rule.id.replace(/(-\d+)[A-Z]$/, "$1");
}
