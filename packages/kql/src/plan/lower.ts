/**
 * The lowering stage's entry: a bound query (`Analysis`) to widar's plan. One plan per
 * expression statement (Kusto returns one table per statement; most queries have one), several
 * for a statement ending in facet or fork.
 */
import type { Analysis } from "../analyze/kusto-language.js";
import { type SyntaxNode, child, spanOf } from "../analyze/syntax.js";
import { type Diagnostic, KqlError, engineError } from "../diagnostics.js";
import type { Plan, SetOption } from "./ir.js";
import { checkPlans } from "./check.js";
import { LowerContext } from "./lower-context.js";
import type { Schema } from "../schema.js";
import { lowerExpr } from "./lower-scalar.js";
import { lowerMultiple } from "./lower-search.js";
import { lowerStatements, lowerTabular } from "./lower-tabular.js";

export interface Lowered {
  readonly plans: readonly Plan[];
  readonly diagnostics: readonly Diagnostic[];
  /** The query's `set` options: a constant expression, or true for a bare `set name;`. */
  readonly setOptions?: ReadonlyMap<string, SetOption>;
}

/**
 * A scalar expression statement (`asin(0.5)`, as several reference pages write their examples)
 * runs as `print`: one row, one column named `print_0` (widar's choice; Kusto.Language binds
 * such a statement but gives it no table schema).
 */
function lowerStatement(ctx: LowerContext, node: SyntaxNode): Plan[] {
  const multiple = lowerMultiple(ctx, node);
  if (multiple !== undefined) return multiple;
  if (node.type.kind !== "scalar") return [lowerTabular(ctx, node)];
  return [{ op: "print", schema: [{ name: "print_0", type: node.type.type }], exprs: [{ name: "print_0", expr: lowerExpr(ctx, node) }], span: spanOf(node) }];
}

export interface LowerOptions {
  /** The catalog's tables: `search` and `find` without `in (...)` read them all. */
  readonly tables?: readonly { readonly name: string; readonly schema: Schema }[];
  /** Values of `declare query_parameters` by name, and their conversion to a declared type. */
  readonly parameters?: ReadonlyMap<string, unknown>;
  readonly convertParameter?: (raw: unknown, type: import("../types.js").KType) => import("../types.js").Value | undefined;
  /** Depth of nested plans and expressions (WQ054); default 1,000. */
  readonly maxNesting?: number;
}

export function lower(analysis: Analysis, options: LowerOptions = {}): Lowered {
  const ctx = new LowerContext();
  ctx.catalogTables = options.tables ?? [];
  if (options.parameters !== undefined) ctx.queryParameters = options.parameters;
  if (options.convertParameter !== undefined) ctx.convertParameter = options.convertParameter;
  if (options.maxNesting !== undefined) ctx.maxNesting = options.maxNesting;
  try {
    const statements = child(analysis.root, "Statements");
    const results = lowerStatements(ctx, statements);
    // Only let statements (or nothing): the error covers them, as Kusto's does.
    if (results.length === 0) return { plans: [], diagnostics: [engineError("WQ003", [], statements === null ? { start: 0, length: analysis.text.length } : spanOf(statements)).toDiagnostic()] };
    const plans = results.flatMap((r) => lowerStatement(ctx, r));
    const missing = checkPlans(plans);
    return missing.length > 0 ? { plans: [], diagnostics: missing } : { plans, diagnostics: [], setOptions: ctx.setOptions };
  } catch (e) {
    if (e instanceof KqlError) return { plans: [], diagnostics: [e.toDiagnostic()] };
    throw e;
  }
}
