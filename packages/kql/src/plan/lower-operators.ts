/**
 * Single-input tabular operators: where, extend, project (and -away, -rename, -reorder, -keep),
 * summarize, take/limit, sort/order, top, distinct, count, serialize, render, as.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { Expr, NamedExpr, Plan, SortKey } from "./ir.js";
import { col, lit } from "./ir.js";
import { type LowerContext, scalarTypeOf, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { lowerParse, lowerParseKv } from "./lower-parse.js";
import { lowerScan } from "./lower-scan.js";
import { lowerSummarize } from "./lower-summarize.js";
import { itemExpression, itemNames, nameOf, tokensText } from "./names.js";

export function lowerOperator(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const span = spanOf(node);
  switch (node.kind) {
    case "FilterOperator":
      return { op: "where", schema, span, input, predicate: lowerExpr(ctx, child(node, "Condition")!) };
    case "ExtendOperator":
    case "SerializeOperator":
      // serialize [x = row_number(), …]: the rows keep their order; the expressions extend them.
      return { op: "project", schema, span, input, steps: extendSteps(ctx, node, input), passUnknown: true };
    case "ProjectOperator":
      return { op: "project", schema, span, input, steps: projectSteps(ctx, node) };
    case "ProjectAwayOperator":
      return { op: "project", schema, span, input, steps: [], passUnknown: true, dropUnknown: listItems(child(node, "Expressions")).map((e) => e.symbol?.name ?? nameOf(e)) };
    case "ProjectReorderOperator":
    case "RenderOperator":
      return { op: "project", schema, span, input, steps: [], passUnknown: true };
    case "ProjectKeepOperator":
      return { op: "project", schema, span, input, steps: [] };
    case "AsOperator": {
      // `as T` names the rows so far: later references to T (and union's withsource) see them,
      // computed once (so `sample 1 | as T | union T` repeats one sampled row).
      const id = child(node, "Name")?.symbol?.id;
      const plan: Plan = { op: "materialize", schema, span, id: ctx.freshId(), input };
      if (id !== undefined) ctx.lets.set(id, { kind: "plan", plan });
      return plan;
    }
    case "ProjectRenameOperator": {
      const steps = listItems(child(node, "Expressions")).map((e) => {
        const from = child(e, "Expression")!;
        return { name: nameOf(child(e, "Name")), expr: col(from.symbol?.name ?? nameOf(from), scalarTypeOf(from)) };
      });
      const dropUnknown = steps.flatMap((s) => (s.expr.kind === "column" ? [s.expr.name] : []));
      return { op: "project", schema, span, input, steps, passUnknown: true, dropUnknown };
    }
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
    case "ParseOperator":
      return lowerParse(ctx, node, input, false);
    case "ParseWhereOperator":
      return lowerParse(ctx, node, input, true);
    case "ParseKvOperator":
      return lowerParseKv(ctx, node, input);
    case "ScanOperator":
      return lowerScan(ctx, node, input);
    default:
      throw ctx.unsupported(operatorName(node), node);
  }
}

/** The user-facing name of an operator for "not supported" messages (`parse-kv`, `evaluate`). */
export function operatorName(node: SyntaxNode): string {
  const t = tokensText(node).split(" ")[0] ?? node.kind;
  return t === "" ? node.kind : t;
}

const unnamed = itemExpression;

/** How many output columns an item yields: a tuple-valued call (`array_sort_asc(a, b)`) several. */
function widthOf(e: SyntaxNode): number {
  return e.type.kind === "tuple" ? Math.max(1, e.type.schema.length) : 1;
}

/**
 * The steps for one item producing the columns `names`: one step, or for a tuple-valued call one
 * step per element (`call[i]`; the call's kernel returns the tuple as an array).
 */
export function itemSteps(ctx: LowerContext, e: SyntaxNode, names: readonly string[]): NamedExpr[] {
  if (e.type.kind !== "tuple") return [{ name: names[0]!, expr: lowerExpr(ctx, e) }];
  const tuple = e.type.schema;
  const target: Expr = { ...lowerExpr(ctx, e), type: "dynamic" };
  return names.map((name, i) => ({
    name,
    expr: { kind: "index", type: tuple[i]?.type ?? "dynamic", target, index: lit("long", i) },
  }));
}

function extendSteps(ctx: LowerContext, node: SyntaxNode, input: Plan): NamedExpr[] {
  const schema = schemaOf(node);
  const before = new Set(input.schema.map((c) => c.name));
  const items = listItems(child(node, "Expressions"));
  const named = new Set(items.flatMap(itemNames));
  // Unnamed expressions (and a tuple's later elements) take the analyser's new names, in order.
  const fresh = schema.map((c) => c.name).filter((n) => !before.has(n) && !named.has(n));
  let k = 0;
  const next = () => fresh[k++] ?? `Column${k}`;
  return items.flatMap((e) => {
    const inner = unnamed(e);
    const width = widthOf(inner);
    const names = itemNames(e).slice(0, width);
    while (names.length < width) names.push(next());
    return itemSteps(ctx, inner, names);
  });
}

function projectSteps(ctx: LowerContext, node: SyntaxNode): NamedExpr[] {
  const schema = schemaOf(node);
  const items = listItems(child(node, "Expressions"));
  const steps: NamedExpr[] = [];
  let i = 0;
  for (const e of items) {
    const inner = unnamed(e);
    const names = schema.slice(i, i + widthOf(inner)).map((c) => c.name);
    i += names.length;
    for (const step of itemSteps(ctx, inner, names))
      if (!(step.expr.kind === "column" && step.expr.name === step.name)) steps.push(step);
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
