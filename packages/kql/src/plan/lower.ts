/**
 * The lowering stage's entry: a bound query (`Analysis`) to widar's plan. One plan per
 * expression statement (Kusto returns one table per statement; most queries have one).
 */
import type { Analysis } from "../analyze/kusto-language.js";
import { child } from "../analyze/syntax.js";
import { type Diagnostic, KqlError, engineError } from "../diagnostics.js";
import type { Plan } from "./ir.js";
import { LowerContext } from "./lower-context.js";
import { lowerStatements, lowerTabular } from "./lower-tabular.js";

export interface Lowered {
  readonly plans: readonly Plan[];
  readonly diagnostics: readonly Diagnostic[];
}

export function lower(analysis: Analysis): Lowered {
  const ctx = new LowerContext();
  try {
    const statements = child(analysis.root, "Statements");
    const results = lowerStatements(ctx, statements);
    if (results.length === 0) return { plans: [], diagnostics: [engineError("WQ003", []).toDiagnostic()] };
    return { plans: results.map((r) => lowerTabular(ctx, r)), diagnostics: [] };
  } catch (e) {
    if (e instanceof KqlError) return { plans: [], diagnostics: [e.toDiagnostic()] };
    throw e;
  }
}
