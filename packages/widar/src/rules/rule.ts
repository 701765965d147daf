/**
 * A detection rule as widar holds it, whatever file it came from: the query and the Sentinel
 * scheduling facts (queryFrequency, queryPeriod, trigger threshold) plus its descriptive header.
 */
import type { Diagnostic } from "@widar/kql";

export interface Rule {
  /** `RULE-18`, `CRED-01`, … (from the file name or the YAML id). */
  readonly id: string;
  readonly title: string;
  readonly severity: "Informational" | "Low" | "Medium" | "High";
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  /** Milliseconds between runs, and the lookback each run reads. */
  readonly queryFrequencyMs: number;
  readonly queryPeriodMs: number;
  readonly triggerOperator: "gt" | "lt" | "eq" | "ne";
  readonly triggerThreshold: number;
  readonly tables: readonly string[];
  readonly query: string;
  readonly file: string;
  /** Offset of `query` within the file's text (so diagnostics point into the file). */
  readonly queryOffset: number;
}

export interface RuleLoad {
  readonly rule?: Rule;
  readonly diagnostics: readonly Diagnostic[];
}
