/**
 * Lowering of tabular expressions: sources (tables, lets, datatable, print, range, function
 * calls, materialize) and pipes. Each operator's lowering lives in `lower-operators.ts` or
 * `lower-combine.ts`; their output schemas come from the analyser.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { engineError } from "../diagnostics.js";
import { parseTypeName } from "../types.js";
import type { Plan } from "./ir.js";
import { lowerCombineOperator } from "./lower-combine.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerUserCall } from "./lower-functions.js";
import { itemSteps, lowerOperator } from "./lower-operators.js";
import { lowerReshape, lowerExternalData, pluginNotRun } from "./lower-reshape.js";
import { lowerExpr, resolveBinding } from "./lower-scalar.js";
import { lowerFind, lowerSearch } from "./lower-search.js";
import { itemExpression, nameOf } from "./names.js";

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
      if (value.kind === "FunctionDeclaration" && child(value, "ViewKeyword") !== null) {
        // A view is a table to search and find: its body, lowered when first read.
        const body = child(value, "Body")!;
        let plan: Plan | undefined;
        ctx.views.push({
          name: nameOf(decl),
          plan: () => {
            if (plan === undefined) {
              lowerStatements(ctx, child(body, "Statements"));
              plan = lowerTabular(ctx, child(body, "Expression")!);
            }
            return plan;
          },
        });
      }
    } else if (st.kind === "ExpressionStatement") {
      results.push(child(st, "Expression")!);
    } else if (st.kind === "PatternStatement") {
      const matches = listItems(child(child(st, "Pattern")!, "Patterns")).map((m) => ({
        values: listItems(child(child(m, "ParameterValues")!, "Expressions")),
        body: child(m, "Body")!,
      }));
      ctx.patterns.set(nameOf(child(st, "Name")), matches);
    } else if (st.kind === "QueryParametersStatement") {
      lowerQueryParameters(ctx, st);
    } else if (st.kind === "SetOptionStatement") {
      // `set` options change no result; the limits among them (exec/limits.ts) apply to the run.
      const value = child(child(st, "ValueClause") ?? st, "Expression");
      const option = value === null || child(st, "ValueClause") === null ? true : lowerExpr(ctx, value);
      ctx.setOptions.set(nameOf(child(st, "Name")).toLowerCase(), { value: option, span: spanOf(st) });
    } else {
      throw ctx.unsupported(st.kind, st);
    }
  }
  return results;
}

/**
 * `declare query_parameters(Name:type [= default], ...)`: each name takes the value the caller
 * passed for it (converted to its type; a value that does not convert is an error at the name),
 * else its default, else its type's null — values, never query text.
 */
function lowerQueryParameters(ctx: LowerContext, st: SyntaxNode): void {
  for (const p of listItems(child(st, "Parameters"))) {
    const nameAndType = child(p, "NameAndType")!;
    const decl = child(nameAndType, "Name")!;
    const id = decl.symbol?.id;
    if (id === undefined) continue;
    const name = nameOf(decl);
    const type = parseTypeName(child(nameAndType, "Type")?.symbol?.name ?? "") ?? "dynamic";
    const dflt = child(child(p, "DefaultValue") ?? p, "Value");
    if (ctx.queryParameters.has(name)) {
      const value = ctx.convertParameter(ctx.queryParameters.get(name), type);
      if (value === undefined) throw engineError("WQ007", [`query parameter '${name}' is given a value that is not a ${type}`], spanOf(decl));
      ctx.lets.set(id, { kind: "expr", expr: { kind: "literal", type, value } });
    } else if (dflt !== null && child(p, "DefaultValue") !== null) ctx.lets.set(id, { kind: "lazy", node: dflt });
    else ctx.lets.set(id, { kind: "expr", expr: { kind: "literal", type, value: type === "string" ? "" : null } });
  }
}

export function lowerTabular(ctx: LowerContext, node: SyntaxNode, input?: Plan): Plan {
  return ctx.nested(node, () => lowerTabularAt(ctx, node, input));
}

function lowerTabularAt(ctx: LowerContext, node: SyntaxNode, input?: Plan): Plan {
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
    case "PrintOperator": {
      let i = 0;
      const exprs = listItems(child(node, "Expressions")).flatMap((e) => {
        const inner = itemExpression(e);
        const width = inner.type.kind === "tuple" ? Math.max(1, inner.type.schema.length) : 1;
        const names = schema.slice(i, i + width).map((c) => c.name);
        i += width;
        return itemSteps(ctx, inner, names);
      });
      return { op: "print", schema, exprs, span: spanOf(node) };
    }
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
    case "PathExpression":
      // cluster("x").database("y").T: another cluster or database.
      throw engineError("WQ006", ["cross-cluster and cross-database references", "widar reads only the tables it was given"], spanOf(node));
    case "SearchOperator":
      return lowerSearch(ctx, node, input);
    case "FindOperator":
      return lowerFind(ctx, node);
    case "ExternalDataExpression":
    case "InlineExternalTableExpression":
      return lowerExternalData(node);
    default: {
      const source = input ?? implicitInput(ctx);
      if (source === undefined) {
        if (node.kind === "UnionOperator") return lowerCombineOperator(ctx, node, undefined) as Plan;
        // Source plug-ins (`evaluate http_request(...)` with no input table).
        if (node.kind === "EvaluateOperator") throw pluginNotRun(ctx, node);
        throw ctx.unsupported(node.kind, node);
      }
      ctx.rowSchemas.push(source.schema);
      try {
        return lowerCombineOperator(ctx, node, source) ?? lowerReshape(ctx, node, source) ?? lowerOperator(ctx, node, source);
      } finally {
        ctx.rowSchemas.pop();
      }
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
  if (sym?.kind === "Pattern") return lowerPatternCall(ctx, node, sym.name);
  if (sym?.name === "_GetWatchlist") {
    const arg = listItems(child(child(node, "ArgumentList")!, "Expressions"))[0];
    const alias = arg === undefined ? undefined : lowerExpr(ctx, arg);
    if (alias?.kind !== "literal" || typeof alias.value !== "string")
      throw ctx.error("WQ013", "_GetWatchlist needs a constant alias", node);
    return { op: "watchlist", schema: schemaOf(node), alias: alias.value, span: spanOf(node) };
  }
  const name = sym?.name ?? nameOf(child(node, "Name"));
  if (name === "table") return lowerTableFunction(ctx, node);
  if (OFFLINE_SOURCES.has(name)) throw engineError("WQ006", [`${name}()`, "widar reads only the tables it was given"], spanOf(node));
  throw ctx.unsupported(`tabular function ${name}`, node);
}

/** Sources outside the local catalog: other clusters and databases, external tables, views of the service. */
export const OFFLINE_SOURCES = new Set(["cluster", "database", "external_table", "materialized_view", "stored_query_result", "entity_group"]);

/** `table("Name")`: a catalog table named by a constant. */
function lowerTableFunction(ctx: LowerContext, node: SyntaxNode): Plan {
  const arg = listItems(child(child(node, "ArgumentList")!, "Expressions"))[0];
  const name = arg === undefined ? undefined : lowerExpr(ctx, arg);
  if (name?.kind !== "literal" || typeof name.value !== "string") throw ctx.error("WQ013", "table() needs a constant table name", node);
  const t = ctx.catalogTables.find((x) => x.name === name.value);
  if (t === undefined) throw ctx.error("WQ012", `unknown table '${name.value}'`, node);
  return { op: "table", schema: t.schema, name: t.name, span: spanOf(node) };
}

/**
 * A call of a `declare pattern`: the body whose declared argument values equal the call's
 * (constant) arguments; `*` matches any value.
 */
function lowerPatternCall(ctx: LowerContext, node: SyntaxNode, name: string): Plan {
  const matches = ctx.patterns.get(name) ?? [];
  const args = listItems(child(child(node, "ArgumentList")!, "Expressions")).map((a) => lowerExpr(ctx, a));
  const constant = (e: ReturnType<typeof lowerExpr>) => (e.kind === "literal" ? e.value : undefined);
  for (const m of matches) {
    const ok = m.values.every((v, i) => {
      if (v.kind === "StarExpression") return true;
      const want = constant(lowerExpr(ctx, v));
      const got = args[i] === undefined ? undefined : constant(args[i]!);
      return want !== undefined && got !== undefined && JSON.stringify(want) === JSON.stringify(got);
    });
    if (ok) {
      lowerStatements(ctx, child(m.body, "Statements"));
      return lowerTabular(ctx, child(m.body, "Expression")!);
    }
  }
  throw ctx.error("WQ016", `no pattern of '${name}' matches these arguments`, node);
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
