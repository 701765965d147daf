/**
 * Lowering of the grouping operators with their own shapes: make-series (aggregates per bin of
 * an axis, as arrays) and top-nested (a hierarchy of top-N groups).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { Expr, NamedExpr, Plan, TopNestedLevel } from "./ir.js";
import { lit } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { aggregateCall } from "./lower-summarize.js";
import { itemExpression, tokensText } from "./names.js";

const unnamed = itemExpression;

function scalarType(e: SyntaxNode) {
  return e.type.kind === "scalar" ? e.type.type : "dynamic";
}

export function lowerMakeSeries(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const byClause = child(node, "ByClause");
  const byItems = listItems(byClause === null ? null : child(byClause, "Expressions"));
  const by: NamedExpr[] = byItems.map((e, i) => ({ name: schema[i]!.name, expr: lowerExpr(ctx, unnamed(e)) }));
  const aggItems = listItems(child(node, "Aggregates"));
  const defaults: Expr[] = [];
  const aggregates = aggItems.map((item, i) => {
    const call = unnamed(child(item, "Expression")!);
    if (call.kind !== "FunctionCallExpression" || call.symbol?.isAggregate !== true)
      throw ctx.unsupported("make-series expression other than one aggregate call", call);
    const def = child(item, "DefaultExpression");
    defaults.push(def === null ? lit(scalarType(call), 0) : lowerExpr(ctx, child(def, "Expression")!));
    return aggregateCall(ctx, call, [{ name: schema[by.length + i]!.name, type: scalarType(call) }]);
  });
  const onExpr = child(child(node, "OnClause")!, "Expression")!;
  const range = child(node, "RangeClause");
  let from: Expr | undefined;
  let to: Expr | undefined;
  let step: Expr | undefined;
  let inclusive = false;
  if (range?.kind === "MakeSeriesInRangeClause") {
    const [a, b, c] = listItems(child(child(range, "Arguments")!, "Expressions"));
    from = a === undefined ? undefined : lowerExpr(ctx, a);
    to = b === undefined ? undefined : lowerExpr(ctx, b);
    step = c === undefined ? undefined : lowerExpr(ctx, c);
    inclusive = true; // range(start, stop, step) includes stop, as the range() function does
  } else if (range !== null) {
    const part = (name: string) => {
      const c = child(range, name);
      return c === null ? undefined : lowerExpr(ctx, child(c, "Expression")!);
    };
    from = part("MakeSeriesFromClause");
    to = part("MakeSeriesToClause");
    step = part("MakeSeriesStepClause");
  }
  if (step === undefined) throw ctx.unsupported("make-series without a step", node);
  const axisName = schema[schema.length - 1]!.name;
  return {
    op: "make-series",
    schema,
    span: spanOf(node),
    input,
    by,
    aggregates,
    defaults,
    axis: { name: axisName, on: lowerExpr(ctx, onExpr), from, to, step, inclusive },
  };
}

export function lowerTopNested(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const levels: TopNestedLevel[] = listItems(child(node, "Clauses")).map((clause, i) => {
    const keyCol = schema[2 * i]!;
    const aggCol = schema[2 * i + 1]!;
    const count = child(clause, "Expression");
    const others = child(clause, "WithOthersClause");
    let by = child(clause, "ByExpression")!;
    let descending = true;
    if (by.kind === "OrderedExpression") {
      descending = !/\basc\b/i.test(tokensText(child(by, "Ordering")));
      by = child(by, "Expression")!;
    }
    const call = unnamed(by);
    if (call.kind !== "FunctionCallExpression" || call.symbol?.isAggregate !== true)
      throw ctx.unsupported("top-nested by an expression other than one aggregate call", call);
    return {
      count: count === null ? undefined : lowerExpr(ctx, count),
      key: { name: keyCol.name, expr: lowerExpr(ctx, unnamed(child(clause, "OfExpression")!)) },
      others: others === null ? undefined : lowerExpr(ctx, child(others, "Expression")!),
      aggregate: aggregateCall(ctx, call, [aggCol]),
      descending,
    };
  });
  return { op: "top-nested", schema, span: spanOf(node), input, levels };
}
