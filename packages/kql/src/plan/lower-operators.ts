/**
 * Single-input tabular operators: where, extend, project (and -away, -rename, -reorder, -keep),
 * summarize, take/limit, sort/order, top, distinct, count, serialize, render, as.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { AggregateCall, Expr, NamedExpr, Plan, SortKey } from "./ir.js";
import { col } from "./ir.js";
import { type LowerContext, scalarTypeOf, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { nameOf, tokensText } from "./names.js";

export function lowerOperator(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const span = spanOf(node);
  switch (node.kind) {
    case "FilterOperator":
      return { op: "where", schema, span, input, predicate: lowerExpr(ctx, child(node, "Condition")!) };
    case "ExtendOperator":
      return { op: "project", schema, span, input, steps: extendSteps(ctx, node, input) };
    case "ProjectOperator":
      return { op: "project", schema, span, input, steps: projectSteps(ctx, node) };
    case "ProjectAwayOperator":
    case "ProjectKeepOperator":
    case "ProjectReorderOperator":
    case "SerializeOperator":
    case "RenderOperator":
    case "AsOperator":
      return { op: "project", schema, span, input, steps: [] };
    case "ProjectRenameOperator":
      return {
        op: "project",
        schema,
        span,
        input,
        steps: listItems(child(node, "Expressions")).map((e) => {
          const from = child(e, "Expression")!;
          return { name: nameOf(child(e, "Name")), expr: col(from.symbol?.name ?? nameOf(from), scalarTypeOf(from)) };
        }),
      };
    case "SummarizeOperator":
      return lowerSummarize(ctx, node, input);
    case "TakeOperator":
      return { op: "take", schema, span, input, count: lowerExpr(ctx, child(node, "Expression")!) };
    case "SortOperator":
      return { op: "sort", schema, span, input, keys: listItems(child(node, "Expressions")).map((e) => sortKey(ctx, e)) };
    case "TopOperator":
      return {
        op: "top",
        schema,
        span,
        input,
        count: lowerExpr(ctx, child(node, "Expression")!),
        keys: [sortKey(ctx, child(node, "ByExpression")!)],
      };
    case "DistinctOperator": {
      const items = listItems(child(node, "Expressions"));
      const star = items.length === 1 && items[0]!.kind === "StarExpression";
      const exprs: NamedExpr[] = star
        ? schema.map((c) => ({ name: c.name, expr: col(c.name, c.type) }))
        : items.map((e, i) => ({ name: schema[i]!.name, expr: lowerExpr(ctx, unnamed(e)) }));
      return { op: "distinct", schema, span, input, exprs };
    }
    case "CountOperator":
      return { op: "count", schema, span, input };
    default:
      throw ctx.unsupported(operatorName(node), node);
  }
}

/** The user-facing name of an operator for "not supported" messages (`parse-kv`, `evaluate`). */
export function operatorName(node: SyntaxNode): string {
  const t = tokensText(node).split(" ")[0] ?? node.kind;
  return t === "" ? node.kind : t;
}

function unnamed(e: SyntaxNode): SyntaxNode {
  return e.kind === "SimpleNamedExpression" ? child(e, "Expression")! : e;
}

function extendSteps(ctx: LowerContext, node: SyntaxNode, input: Plan): NamedExpr[] {
  const schema = schemaOf(node);
  const before = new Set(input.schema.map((c) => c.name));
  const items = listItems(child(node, "Expressions"));
  const named = new Set(items.filter((e) => e.kind === "SimpleNamedExpression").map((e) => nameOf(child(e, "Name"))));
  // Unnamed expressions take the new column names the analyser gave them, in order.
  const fresh = schema.map((c) => c.name).filter((n) => !before.has(n) && !named.has(n));
  let k = 0;
  return items.map((e) =>
    e.kind === "SimpleNamedExpression"
      ? { name: nameOf(child(e, "Name")), expr: lowerExpr(ctx, child(e, "Expression")!) }
      : { name: fresh[k++] ?? `Column${k}`, expr: lowerExpr(ctx, e) },
  );
}

function projectSteps(ctx: LowerContext, node: SyntaxNode): NamedExpr[] {
  const schema = schemaOf(node);
  const items = listItems(child(node, "Expressions"));
  const steps: NamedExpr[] = [];
  let i = 0;
  for (const e of items) {
    const name = schema[i++]?.name ?? `Column${i}`;
    const expr = lowerExpr(ctx, unnamed(e));
    if (!(expr.kind === "column" && expr.name === name)) steps.push({ name, expr });
  }
  return steps;
}

function sortKey(ctx: LowerContext, e: SyntaxNode): SortKey {
  let expr = e;
  let descending = true;
  let nullsFirst: boolean | undefined;
  if (e.kind === "OrderedExpression") {
    expr = child(e, "Expression")!;
    const ordering = tokensText(child(e, "Ordering")).toLowerCase();
    if (/\basc\b/.test(ordering)) descending = false;
    if (/nulls first/.test(ordering)) nullsFirst = true;
    if (/nulls last/.test(ordering)) nullsFirst = false;
  }
  // Kusto: ascending puts nulls first, descending puts them last, unless told otherwise.
  return { expr: lowerExpr(ctx, expr), descending, nullsFirst: nullsFirst ?? !descending };
}

function lowerSummarize(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const byItems = listItems(child(child(node, "ByClause") ?? node, "Expressions"));
  const aggItems = listItems(child(node, "Aggregates"));
  const by: NamedExpr[] = byItems.map((e, i) => ({ name: schema[i]!.name, expr: lowerExpr(ctx, unnamed(e)) }));
  const aggregates: AggregateCall[] = aggItems.map((e, i) => {
    const out = schema[by.length + i];
    const callNode = unnamed(e);
    if (callNode.kind !== "FunctionCallExpression" || out === undefined)
      throw ctx.unsupported("summarize expression other than one aggregate call", callNode);
    const fn = (callNode.symbol?.name ?? nameOf(child(callNode, "Name"))).toLowerCase();
    const args: Expr[] = listItems(child(child(callNode, "ArgumentList")!, "Expressions")).map((a) =>
      a.kind === "StarExpression" ? { kind: "literal", type: "string", value: "*" } : lowerExpr(ctx, a),
    );
    if (fn === "arg_max" || fn === "arg_min") throw ctx.unsupported(fn, callNode);
    return { name: out.name, fn, args, type: out.type, span: spanOf(callNode) };
  });
  return { op: "summarize", schema, span: spanOf(node), input, by, aggregates };
}
