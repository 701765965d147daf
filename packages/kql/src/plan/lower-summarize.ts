/**
 * Lowering of aggregations: summarize's aggregate list (also used by make-series, top-nested and
 * top-hitters). Three shapes of item:
 *
 * - one aggregate call (`count()`, `dcount(x)`): one output column;
 * - an aggregate returning several columns (`arg_max(x, *)`, `percentiles(x, 50, 95)`,
 *   `take_any(a, b)`): one call, `outputs` naming each column (the analyser's tuple);
 * - an expression over aggregates (`toint(avg(x)) * 2`): each aggregate inside is computed as a
 *   hidden column, and a projection after the aggregation computes the expression.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { currentName } from "../functions/deprecated-names.js";
import type { Schema } from "../schema.js";
import type { AggregateCall, Expr, NamedExpr, Plan } from "./ir.js";
import { col } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { itemExpression, nameOf } from "./names.js";

/** Aggregates whose kernels always return one value per output column. */
const TUPLE_AGGREGATES = new Set(["arg_max", "arg_min", "percentiles", "percentilesw"]);

export interface LoweredAggregates {
  readonly aggregates: AggregateCall[];
  /** The projection after the aggregation, or undefined when every item is a plain call. */
  readonly post: NamedExpr[] | undefined;
}

const unnamed = itemExpression;

function isAggregateCall(e: SyntaxNode): boolean {
  return e.kind === "FunctionCallExpression" && e.symbol?.isAggregate === true;
}

/** The function name of a call node (lower-case, as the registry keys it). */
export function callName(node: SyntaxNode): string {
  return currentName((node.symbol?.name ?? nameOf(child(node, "Name"))).toLowerCase());
}

export function callArguments(node: SyntaxNode): SyntaxNode[] {
  return listItems(child(child(node, "ArgumentList") ?? node, "Expressions"));
}

/**
 * One aggregate call. A `*` argument stands for the columns the analyser put in the call's tuple
 * from that position on (`arg_max(x, *)` → x, then every other column by its input name).
 */
export function aggregateCall(ctx: LowerContext, node: SyntaxNode, outputs: Schema): AggregateCall {
  const argNodes = callArguments(node);
  const star = argNodes.findIndex((a) => a.kind === "StarExpression");
  let args: Expr[];
  if (star < 0) args = argNodes.map((a) => lowerArgument(ctx, a));
  else {
    const tuple = node.type.kind === "tuple" ? node.type.schema : [];
    args = [...argNodes.slice(0, star).map((a) => lowerArgument(ctx, a)), ...tuple.slice(star).map((c) => col(c.name, c.type))];
  }
  const first = outputs[0]!;
  const fn = callName(node);
  const call: AggregateCall = { name: first.name, fn, args, type: first.type, span: spanOf(node) };
  // A one-column tuple reads as a scalar in the analysis; these kernels still give arrays.
  return node.type.kind === "tuple" || TUPLE_AGGREGATES.has(fn) ? { ...call, outputs } : call;
}

function lowerArgument(ctx: LowerContext, a: SyntaxNode): Expr {
  if (a.kind === "TypeOfLiteralExpression" || a.kind === "PrimitiveTypeExpression") return { kind: "literal", type: "string", value: typeName(a) };
  return lowerExpr(ctx, unnamed(a));
}

function typeName(a: SyntaxNode): string {
  const collect = (n: SyntaxNode): string => (n.isToken ? n.text : n.children.map((c) => (c === null ? "" : collect(c))).join(""));
  return collect(a).replace(/^typeof\(|\)$/g, "");
}

/** Aggregate items producing the columns `out` (in order). */
export function lowerAggregates(ctx: LowerContext, items: readonly SyntaxNode[], out: Schema): LoweredAggregates {
  const aggregates: AggregateCall[] = [];
  const post: NamedExpr[] = [];
  let needsPost = false;
  let k = 0;
  let hidden = 0;
  for (const item of items) {
    const e = unnamed(item);
    if (isAggregateCall(e)) {
      const width = e.type.kind === "tuple" ? e.type.schema.length : 1;
      const outputs = out.slice(k, k + width);
      k += width;
      if (outputs.length === 0) throw ctx.unsupported("aggregate without an output column", e);
      aggregates.push(aggregateCall(ctx, e, outputs));
      for (const o of outputs) post.push({ name: o.name, expr: col(o.name, o.type) });
      continue;
    }
    const target = out[k++];
    if (target === undefined) throw ctx.unsupported("aggregate without an output column", e);
    needsPost = true;
    const previous = ctx.aggregateHook;
    ctx.aggregateHook = (node) => {
      const name = `__agg${hidden++}`;
      const type = node.type.kind === "scalar" ? node.type.type : "dynamic";
      aggregates.push(aggregateCall(ctx, node, [{ name, type }]));
      return col(name, type);
    };
    try {
      post.push({ name: target.name, expr: lowerExpr(ctx, e) });
    } finally {
      ctx.aggregateHook = previous;
    }
  }
  return { aggregates, post: needsPost ? post : undefined };
}

/** The columns an aggregation produces (by-columns first), hidden ones included. */
export function aggregationSchema(by: readonly NamedExpr[], byTypes: Schema, aggregates: readonly AggregateCall[]): Schema {
  return [...by.map((b, i) => ({ name: b.name, type: byTypes[i]!.type })), ...aggregates.flatMap((a) => a.outputs ?? [{ name: a.name, type: a.type }])];
}

/** The covariance aggregates, whose default column Kusto names after both arguments. */
const TWO_COLUMN_NAMED = new Set(["covariance", "covariancep", "covarianceif", "covariancepif"]);

/**
 * The output schema with Kusto's own default names where Kusto.Language's differ: an unnamed
 * `covariance(x, y)` is `covariance_x_y` (the covariance pages), not `covariance_x`.
 */
function engineNames(schema: Schema, aggItems: readonly SyntaxNode[], byCount: number): Schema {
  const out = [...schema];
  let k = byCount;
  for (const item of aggItems) {
    const width = item.type.kind === "tuple" ? item.type.schema.length : 1;
    const args = item.kind === "FunctionCallExpression" ? callArguments(item) : [];
    if (isAggregateCall(item) && TWO_COLUMN_NAMED.has(callName(item)) && args.length >= 2 && args.slice(0, 2).every((a) => a.kind === "NameReference")) {
      const name = `${callName(item)}_${nameOf(args[0]!)}_${nameOf(args[1]!)}`;
      if (out[k] !== undefined && !out.some((c) => c.name === name)) out[k] = { ...out[k]!, name };
    }
    k += width;
  }
  return out;
}

export function lowerSummarize(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const byItems = listItems(child(child(node, "ByClause") ?? node, "Expressions"));
  const aggItems = listItems(child(node, "Aggregates"));
  const schema = engineNames(schemaOf(node), aggItems, byItems.length);
  const by: NamedExpr[] = byItems.map((e, i) => ({ name: schema[i]!.name, expr: lowerExpr(ctx, unnamed(e)) }));
  const { aggregates, post } = lowerAggregates(ctx, aggItems, schema.slice(by.length));
  const span = spanOf(node);
  if (post === undefined) return { op: "summarize", schema, span, input, by, aggregates };
  const inner: Plan = { op: "summarize", schema: aggregationSchema(by, schema, aggregates), span, input, by, aggregates };
  return { op: "project", schema, span, input: inner, steps: post.filter((s) => !(s.expr.kind === "column" && s.expr.name === s.name)) };
}
