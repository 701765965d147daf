/**
 * Lowering of the operators that look through several tables: search and find, and the
 * operators with several results (facet, fork).
 *
 * search: each table (the piped input, the `in (...)` list, or every table and view in scope) is
 * filtered by the predicate, whose search terms are expanded over that table's columns — a bare
 * `"x"` is "any column has x" (`x*` hasprefix, `*x` hassuffix, `*x*` contains; has_cs… under
 * kind=case_sensitive), `Col:"x"` the same for one column, `* has "x"` any column — then gets the
 * `$table` column; the tables are unioned by column name. find works alike with `source_` and,
 * for columns the projection leaves out, `pack_`.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { Schema } from "../schema.js";
import type { Expr, Plan } from "./ir.js";
import { call, col, lit } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { lowerTabular } from "./lower-tabular.js";
import { nameOf, tokensText } from "./names.js";

export interface SearchScope {
  readonly columns: Schema;
  readonly caseSensitive: boolean;
}

/** `"x"`, `"x*"`, `"*x"`, `"*x*"` on one column. */
export function termPredicate(column: Expr, term: string, caseSensitive: boolean): Expr {
  const cs = caseSensitive ? "_cs" : "";
  const starts = term.startsWith("*");
  const ends = term.endsWith("*") && term.length > 1;
  const text = term.replace(/^\*|\*$/g, "");
  const op = starts && ends ? "contains" : ends ? "hasprefix" : starts ? "hassuffix" : text.includes("*") ? "contains" : "has";
  return call(`${op}${cs}`, "bool", [column, lit("string", text.replace(/\*/g, ""))]);
}

/** Any of the columns meets `make(column)` (false for a table without columns). */
export function anyColumn(columns: Schema, make: (c: Expr) => Expr): Expr {
  const parts = columns.map((c) => make(col(c.name, c.type)));
  if (parts.length === 0) return lit("bool", false);
  return parts.reduce((a, b) => call("or", "bool", [a, b]));
}

function parameters(node: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of listItems(child(node, "Parameters")))
    if (p.kind === "NamedParameter") out.set(nameOf(child(p, "Name")).toLowerCase(), child(p, "Expression")!);
  return out;
}

/** The tables a search/find without a piped input reads: its `in (...)` list, or all in scope. */
function sourceTables(ctx: LowerContext, node: SyntaxNode): { name: string; plan: Plan }[] {
  const inClause = child(node, "InClause");
  if (inClause !== null)
    return listItems(child(inClause, "Expressions")).map((e) => ({ name: e.symbol?.name ?? nameOf(e), plan: lowerTabular(ctx, e) }));
  return [...ctx.catalogTables.map((t) => ({ name: t.name, plan: { op: "table", schema: t.schema, name: t.name } as Plan })), ...ctx.views.map((v) => ({ name: v.name, plan: v.plan() }))];
}

function filtered(ctx: LowerContext, condition: SyntaxNode | null, plan: Plan, caseSensitive: boolean): Plan {
  if (condition === null) return plan;
  const previous = ctx.searchScope;
  ctx.searchScope = { columns: plan.schema, caseSensitive };
  try {
    return { op: "where", schema: plan.schema, input: plan, predicate: lowerExpr(ctx, condition) };
  } finally {
    ctx.searchScope = previous;
  }
}

export function lowerSearch(ctx: LowerContext, node: SyntaxNode, input: Plan | undefined): Plan {
  const schema = schemaOf(node);
  const caseSensitive = tokensText(parameters(node).get("kind") ?? null).toLowerCase() === "case_sensitive";
  const sources = input === undefined ? sourceTables(ctx, node) : [{ name: "", plan: input }];
  const condition = child(node, "Condition");
  const legs: Plan[] = sources.map((s) => {
    const where = filtered(ctx, condition, s.plan, caseSensitive);
    return { op: "project", schema: [{ name: "$table", type: "string" }, ...s.plan.schema], input: where, steps: [{ name: "$table", expr: lit("string", s.name) }] };
  });
  return { op: "union", schema, span: spanOf(node), inputs: legs };
}

export function lowerFind(ctx: LowerContext, node: SyntaxNode): Plan {
  const schema = schemaOf(node);
  const params = parameters(node);
  const sourceCol = params.has("withsource") ? nameOf(params.get("withsource")!) : "source_";
  const legs: Plan[] = sourceTables(ctx, node).map((s) => {
    const where = filtered(ctx, child(node, "Condition"), s.plan, false);
    const named = new Set(schema.map((c) => c.name));
    const rest = s.plan.schema.filter((c) => !named.has(c.name));
    const steps = schema.map((c) => {
      if (c.name === sourceCol) return { name: c.name, expr: lit("string", s.name) };
      if (c.name === "pack_") return { name: c.name, expr: call("bag_pack", "dynamic", rest.flatMap((r) => [lit("string", r.name), col(r.name, r.type)])) };
      return { name: c.name, expr: s.plan.schema.some((x) => x.name === c.name) ? col(c.name, c.type) : lit(c.type, c.type === "string" ? "" : null) };
    });
    return { op: "project", schema, input: where, steps };
  });
  return { op: "union", schema, span: spanOf(node), inputs: legs };
}

/** facet and fork: several result tables from one input (computed once). */
export function lowerMultiple(ctx: LowerContext, node: SyntaxNode): Plan[] | undefined {
  if (node.kind !== "PipeExpression") return undefined;
  const op = child(node, "Operator")!;
  if (op.kind !== "FacetOperator" && op.kind !== "ForkOperator") return undefined;
  const source = lowerTabular(ctx, child(node, "Expression")!);
  const shared: Plan = { op: "materialize", schema: source.schema, id: ctx.freshId(), input: source };
  const sub = (e: SyntaxNode): Plan => {
    const id = ctx.freshId();
    ctx.inputs.push({ id, schema: shared.schema });
    try {
      return { op: "bind-input", schema: schemaOf(e), id, value: shared, body: lowerTabular(ctx, e) };
    } finally {
      ctx.inputs.pop();
    }
  };
  if (op.kind === "ForkOperator") return listItems(child(op, "Expressions")).map((f) => sub(child(f, "Expression")!));
  const withClause = child(op, "WithClause");
  const out: Plan[] = withClause === null ? [] : [sub(child(withClause, "Expression")!)];
  for (const e of listItems(child(op, "Expressions"))) {
    const c = lowerExpr(ctx, e);
    const name = c.kind === "column" ? c.name : nameOf(e);
    const schema: Schema = [
      { name, type: c.type },
      { name: `count_${name}`, type: "long" },
    ];
    out.push({
      op: "summarize",
      schema,
      input: shared,
      by: [{ name, expr: c }],
      aggregates: [{ name: `count_${name}`, fn: "count", args: [], type: "long" }],
    });
  }
  return out;
}
