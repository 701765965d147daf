/**
 * `widar validate` for one rule file: load it, bind its query against the catalog (the Log
 * Analytics tables it names, `--schemas` tables, the watchlists in `watchlists/` beside it), lower
 * it, execute it once on empty tables of those schemas, then lint it. The rule passes when it
 * loads, binds, lowers and executes, and no finding is an error: a limit Sentinel enforces when it
 * deploys the rule (WR106 query length, WR107 schedule range, WR111 entity and detail limits)
 * fails it as surely as a syntax error; warnings are reported and never fail it.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type Diagnostic, type Schema, type StoredFunction, compile, execute, terminalLines, terminalText } from "@widar/kql";
import { suggestTable, tableSchema } from "../../catalog/log-analytics.js";
import type { ExternalDataSources } from "../../data/external-data.js";
import { buildCatalog } from "../../data/load-catalog.js";
import type { LoadedRuleFile } from "../load-rules.js";
import { type Rule, queryPositionInFile } from "../rule.js";
import { type FailureClass, failureClass } from "./failure-class.js";
import { type Lint, lintContext } from "./lint-context.js";
import { lintStringNumberComparisons } from "./lint-comparisons.js";
import { lintFuzzyUnions } from "./lint-fuzzy-union.js";
import { lintIpv4OnlyAllowlist } from "./lint-ipv4-allowlist.js";
import { lintLookback } from "./lint-lookback.js";
import { lintRiskTypes } from "./lint-risk-types.js";
import { lintSentinelRule } from "./lint-sentinel-rule.js";

export const LINTS: readonly Lint[] = [lintFuzzyUnions, lintStringNumberComparisons, lintRiskTypes, lintLookback, lintSentinelRule, lintIpv4OnlyAllowlist];

export interface ValidateOptions {
  /** Table schemas from `--schemas`, known besides the Log Analytics catalog. */
  readonly extraSchemas?: ReadonlyMap<string, Schema>;
  /** Workspace functions and parsers (`--functions`), bound as Sentinel's workspace functions. */
  readonly functions?: readonly StoredFunction[];
  /** Local copies of externaldata URLs (`--externaldata`); without one a URL reads as empty (WQ017). */
  readonly externalData?: ExternalDataSources;
}

export interface RuleValidation {
  readonly file: string;
  readonly text: string;
  readonly rule?: Rule;
  /** Loaded, bound, lowered and executed (lint findings do not count). */
  readonly passed: boolean;
  /** Spans are into `rule.query`; findings about a field carry the file line instead. */
  readonly diagnostics: readonly Diagnostic[];
  /** Why it failed: a table or function the environment lacks, an engine gap, or the rule itself. */
  readonly failure?: FailureClass;
}

function watchlistsBeside(file: string): { alias: string; path: string }[] {
  const dir = join(dirname(file), "watchlists");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .map((f) => ({ alias: basename(f, ".csv"), path: join(dir, f) }));
}

/** KS204 (unknown name) gains the table the author most likely meant. */
function withDidYouMean(d: Diagnostic, query: string): Diagnostic {
  if (d.code !== "KS204" || d.span === undefined) return d;
  const meant = suggestTable(query.slice(d.span.start, d.span.start + d.span.length));
  return meant === undefined ? d : { ...d, message: `${d.message} Did you mean '${meant}'?` };
}

export async function validateRuleFile(loaded: LoadedRuleFile, opts: ValidateOptions = {}): Promise<RuleValidation> {
  const { file, text } = loaded;
  // A rule whose fields have errors still has its query checked, so one run reports everything.
  const rule = loaded.rule ?? loaded.draft;
  if (rule === undefined) return { file, text, passed: false, diagnostics: loaded.diagnostics, failure: "query-error" };
  const loadFailed = loaded.diagnostics.some((d) => d.severity === "error");
  const extra = opts.extraSchemas ?? new Map<string, Schema>();
  const { catalog, diagnostics: dataDiagnostics } = await buildCatalog({
    queryTexts: [rule.query],
    tables: [],
    schemas: extra,
    watchlists: watchlistsBeside(file),
    functions: opts.functions ?? [],
    ...(opts.externalData === undefined ? {} : { externalData: opts.externalData }),
  });
  const problems = dataDiagnostics.filter((d) => d.severity === "error");
  const compiled = compile(rule.query, catalog);
  const bound = compiled.diagnostics.map((d) => withDidYouMean(d, rule.query));
  if (bound.some((d) => d.severity === "error") || problems.length > 0)
    return { file, text, rule, passed: false, diagnostics: [...loaded.diagnostics, ...problems, ...bound], failure: failureClass(rule.query, bound) ?? "query-error" };
  const run = execute(compiled, catalog, { now: Date.now() });
  // Binding succeeded, so any error now is the engine's: lowering or execution.
  const runErrors = run.diagnostics.filter((d) => d.severity === "error");
  // The engine's own warnings (an externaldata URL read as empty); the binder's are in `bound`.
  const runWarnings = run.diagnostics.filter((d) => d.severity !== "error" && d.code.startsWith("WQ"));
  const result = run.tables[run.tables.length - 1];
  const ctx = lintContext(rule, compiled.analysis.root, catalog, (n) => extra.get(n) ?? tableSchema(n), result?.schema);
  const findings = LINTS.flatMap((lint) => lint(ctx));
  // A lint finding at the binder's own span replaces the binder's vaguer warning (KS205 → WR101).
  const covered = new Set(findings.filter((f) => f.span !== undefined).map((f) => `${f.span!.start}:${f.span!.length}`));
  const binderNotes = bound.filter((d) => d.span === undefined || !covered.has(`${d.span.start}:${d.span.length}`));
  const line = (d: Diagnostic) => (d.span !== undefined ? queryPositionInFile(rule, d.span.start).line : (d.line ?? 0));
  const ordered = [...binderNotes, ...runErrors, ...runWarnings, ...findings].sort((a, b) => line(a) - line(b) || (a.span?.start ?? 0) - (b.span?.start ?? 0));
  const passed = !loadFailed && runErrors.length === 0 && !findings.some((f) => f.severity === "error");
  const failure = passed ? undefined : (failureClass(rule.query, runErrors) ?? "query-error");
  return { file, text, rule, passed, diagnostics: [...loaded.diagnostics, ...ordered], ...(failure === undefined ? {} : { failure }) };
}

/**
 * `FILE:LINE:COL: severity CODE: message`, then the file's line and a caret under the span; the
 * path, message and source line with every control, bidi and zero-width character made visible.
 */
export function renderRuleDiagnostic(v: RuleValidation, d: Diagnostic): string {
  const rule = v.rule;
  const message = terminalText(d.message);
  if (d.span === undefined || rule === undefined) {
    const where = `${terminalText(d.file ?? v.file)}${d.line === undefined ? "" : `:${d.line}`}${d.column === undefined ? "" : `:${d.column}`}`;
    return `${where}: ${d.severity} ${d.code}: ${message}`;
  }
  const { line, column } = queryPositionInFile(rule, d.span.start);
  const src = (v.text.split("\n")[line - 1] ?? "").replace(/\r$/, "");
  const width = Math.max(1, Math.min(d.span.length, src.length - column + 1));
  const pad = terminalLines(src.slice(0, Math.max(0, column - 1))).length;
  const under = Math.max(1, terminalLines(src.slice(column - 1, column - 1 + width)).length);
  return `${terminalText(v.file)}:${line}:${column}: ${d.severity} ${d.code}: ${message}\n  ${terminalLines(src)}\n  ${" ".repeat(pad)}${"^".repeat(under)}`;
}

/** The lines `widar validate` prints for one rule: `FILE: ok`, or its diagnostics. */
export function renderValidation(v: RuleValidation): string[] {
  if (v.diagnostics.length === 0) return [`${terminalText(v.file)}: ok`];
  const lines = v.passed ? [] : [`${terminalText(v.file)}: failed`];
  for (const d of v.diagnostics) lines.push(renderRuleDiagnostic(v, d));
  return lines;
}
