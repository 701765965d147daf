/**
 * Lowering of tabular expressions: sources (tables, lets, datatable, print, range, function
 * calls, materialize) and pipes. Each operator's lowering lives in `lower-operators.ts` or
 * `lower-combine.ts`; their output schemas come from the analyser.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { parseTypeName } from "../types.js";
import type { Plan } from "./ir.js";
import { lowerCombineOperator } from "./lower-combine.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerUserCall } from "./lower-functions.js";
import { lowerOperator } from "./lower-operators.js";
import { lowerExpr, resolveBinding } from "./lower-scalar.js";
import { nameOf } from "./names.js";

/** Registers the `let` statements of a statement list; returns the expression statements. */
export function lowerStatements(ctx: LowerContext, statements: SyntaxNode | null): SyntaxNode[] {
  const results: SyntaxNode[] = [];
  for (const st of listItems(statements)) {
    if (st.kind === "LetStatement") {
      const decl = child(st, "Name")!;
      const value = child(st, "Expression")!;
      const id = decl.symbol?.id;
      if (id === undefined) continue;
      ctx.lets.set(id, value.kind === "FunctionDeclaration" ? { kind: "function" } : { kind: "lazy", node: value });
    } else if (st.kind === "ExpressionStatement") {
      results.push(child(st, "Expression")!);
    } else if (st.kind === "SetOptionStatement" || st.kind === "QueryParametersStatement") {
      // `set` options and parameter declarations do not change results here.
    } else {
      throw ctx.unsupported(st.kind, st);
    }
  }
  return results;
}

export function lowerTabular(ctx: LowerContext, node: SyntaxNode, input?: Plan): Plan {
  const schema = schemaOf(node);
  switch (node.kind) {
    case "PipeExpression": {
      const left = lowerTabular(ctx, child(node, "Expression")!, input);
      return lowerTabular(ctx, child(node, "Operator")!, left);
    }
    case "ParenthesizedExpression":
      return lowerTabular(ctx, child(node, "Expression")!, input);
    case "NameReference":
      return lowerTableReference(ctx, node);
    case "FunctionCallExpression":
      return lowerTabularCall(ctx, node, input);
    case "MaterializeExpression":
      return { op: "materialize", schema, id: ctx.freshId(), input: lowerTabular(ctx, child(node, "Expression")!) };
    case "DataTableExpression":
      return lowerDatatable(ctx, node);
    case "PrintOperator":
      return {
        op: "print",
        schema,
        exprs: listItems(child(node, "Expressions")).map((e, i) => ({
          name: schema[i]?.name ?? `print_${i}`,
          expr: lowerExpr(ctx, e.kind === "SimpleNamedExpression" ? child(e, "Expression")! : e),
        })),
      };
    case "RangeOperator":
      return {
        op: "range",
        schema,
        span: spanOf(node),
        column: nameOf(child(node, "Name")),
        from: lowerExpr(ctx, child(node, "From")!),
        to: lowerExpr(ctx, child(node, "To")!),
        step: lowerExpr(ctx, child(node, "Step")!),
      };
    case "ToTableExpression":
      return lowerTabular(ctx, child(node, "Expression")!, input);
    default: {
      const source = input ?? implicitInput(ctx);
      if (source === undefined) {
        if (node.kind === "UnionOperator") return lowerCombineOperator(ctx, node, undefined) as Plan;
        throw ctx.unsupported(node.kind, node);
      }
      return lowerCombineOperator(ctx, node, source) ?? lowerOperator(ctx, node, source);
    }
  }
}

function implicitInput(ctx: LowerContext): Plan | undefined {
  const top = ctx.inputs[ctx.inputs.length - 1];
  return top === undefined ? undefined : { op: "input", schema: top.schema, id: top.id };
}

function lowerTableReference(ctx: LowerContext, node: SyntaxNode): Plan {
  const sym = node.symbol;
  const name = sym?.name ?? nameOf(node);
  if (sym?.kind === "Table") return { op: "table", schema: schemaOf(node), name, span: spanOf(node) };
  if (sym?.kind === "Variable" || sym?.kind === "Parameter") {
    const b = ctx.lets.get(sym.id) ?? ctx.lookupParameter(name);
    if (b !== undefined) {
      const v = resolveBinding(ctx, b);
      if (v.kind === "plan") return v.plan;
      throw ctx.error("WQ011", `'${name}' is a scalar where a table is expected`, node);
    }
  }
  if (sym?.kind === "Function") return lowerTabularCall(ctx, node, undefined);
  throw ctx.error("WQ012", `unknown table '${name}'`, node);
}

function lowerTabularCall(ctx: LowerContext, node: SyntaxNode, input: Plan | undefined): Plan {
  const sym = node.symbol;
  if (sym?.isUserFunction) {
    const r = lowerUserCall(ctx, node, input);
    if (r.kind === "plan") return r.plan;
    throw ctx.error("WQ011", `function '${sym.name}' is scalar where a table is expected`, node);
  }
  if (sym?.name === "_GetWatchlist") {
    const arg = listItems(child(child(node, "ArgumentList")!, "Expressions"))[0];
    const alias = arg === undefined ? undefined : lowerExpr(ctx, arg);
    if (alias?.kind !== "literal" || typeof alias.value !== "string")
      throw ctx.error("WQ013", "_GetWatchlist needs a constant alias", node);
    return { op: "watchlist", schema: schemaOf(node), alias: alias.value, span: spanOf(node) };
  }
  throw ctx.unsupported(`tabular function ${sym?.name ?? nameOf(child(node, "Name"))}`, node);
}

function lowerDatatable(ctx: LowerContext, node: SyntaxNode): Plan {
  const schema = schemaOf(node);
  const values = listItems(child(node, "Values")).map((v) => lowerExpr(ctx, v));
  const width = schema.length;
  if (width === 0) return { op: "values", schema, rows: [] };
  if (values.length % width !== 0)
    throw ctx.error("WQ014", `datatable has ${values.length} values, not a multiple of its ${width} columns`, node);
  const rows = [];
  for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
  return { op: "values", schema, rows, span: spanOf(node) };
}

export { parseTypeName };
