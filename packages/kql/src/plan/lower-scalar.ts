/**
 * Lowering of scalar expressions: bound syntax → `Expr`. Operators become calls of the function
 * registry by their Kusto spelling (`==`, `has`, `matches regex`, `in~`, …).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { formatDatetime } from "../functions/datetime-text.js";
import { currentName } from "../functions/deprecated-names.js";
import type { Json, KType, Value } from "../types.js";
import { type Expr, type Plan, call, col, lit } from "./ir.js";
import { type LowerContext, scalarTypeOf } from "./lower-context.js";
import { parseLiteral } from "./literals.js";
import { firstTokenText, nameOf, tokensText } from "./names.js";
import { lowerTabular } from "./lower-tabular.js";
import { lowerUserCall } from "./lower-functions.js";
import { type SearchScope, anyColumn, termPredicate } from "./lower-search.js";

const LITERAL_KINDS: Record<string, KType> = {
  BooleanLiteralExpression: "bool",
  IntLiteralExpression: "int",
  LongLiteralExpression: "long",
  RealLiteralExpression: "real",
  DecimalLiteralExpression: "decimal",
  DateTimeLiteralExpression: "datetime",
  TimespanLiteralExpression: "timespan",
  GuidLiteralExpression: "guid",
};

export function lowerExpr(ctx: LowerContext, node: SyntaxNode): Expr {
  return ctx.nested(node, () => lowerExprAt(ctx, node));
}

function lowerExprAt(ctx: LowerContext, node: SyntaxNode): Expr {
  const type = scalarTypeOf(node);
  const kind = node.kind;
  const litType = LITERAL_KINDS[kind];
  if (litType !== undefined) return lit(litType, parseLiteral(litType, firstTokenText(node), spanOf(node)));
  if (ctx.searchScope !== undefined) {
    const searched = lowerSearchTerm(ctx, node, ctx.searchScope);
    if (searched !== undefined) return searched;
  }
  switch (kind) {
    case "StringLiteralExpression":
    case "CompoundStringLiteralExpression":
    case "TokenLiteralExpression":
      return lit("string", typeof node.literal === "string" ? node.literal : firstTokenText(node));
    case "DynamicExpression":
      return lit("dynamic", jsonOf(ctx, child(node, "Expression")!));
    case "ParenthesizedExpression":
      return lowerExpr(ctx, child(node, "Expression")!);
    case "NameReference":
      return lowerNameReference(ctx, node, type);
    case "PathExpression":
      return lowerPath(ctx, node, type);
    case "ElementExpression":
      return lowerElement(ctx, node, type);
    case "FunctionCallExpression":
      return lowerCall(ctx, node, type);
    case "ToScalarExpression": {
      const inner = child(node, "Expression")!;
      // toscalar(scalar expression) is that expression computed once per query (a one-row print).
      const plan: Plan =
        inner.type.kind === "scalar"
          ? { op: "print", schema: [{ name: "print_0", type }], exprs: [{ name: "print_0", expr: lowerExpr(ctx, inner) }], span: spanOf(inner) }
          : lowerTabular(ctx, inner);
      return { kind: "scalar-query", type, id: scalarQueryId(ctx, plan), plan };
    }
    case "UnaryMinusExpression":
    case "UnaryPlusExpression":
    case "PrefixUnaryExpression": {
      const op = tokensText(child(node, "Operator"));
      const operand = lowerExpr(ctx, child(node, "Expression")!);
      if (op === "+") return operand;
      if (operand.kind === "literal" && typeof operand.value === "number") return lit(type, -operand.value);
      return call("negate", type, [operand], spanOf(node));
    }
    case "InExpression":
    case "InCsExpression":
    case "NotInExpression":
    case "NotInCsExpression":
    case "HasAnyExpression":
    case "HasAllExpression":
      return lowerListOperator(ctx, node, type);
    case "BetweenExpression":
    case "NotBetweenExpression": {
      const couple = child(node, "Right")!;
      const op = tokensText(child(node, "Operator")).replace(/\s+/g, "");
      return call(
        op,
        type,
        [
          lowerExpr(ctx, child(node, "Left")!),
          lowerExpr(ctx, child(couple, "First")!),
          lowerExpr(ctx, child(couple, "Second")!),
        ],
        spanOf(node),
      );
    }
    case "StarExpression":
      return lit("string", "*");
    case "SimpleNamedExpression":
      // `where isAudit = true`: a named expression where a value goes is its value, no comparison
      // (as Kusto.Language binds it and Log Analytics runs it: the predicate is `true`).
      return lowerExpr(ctx, child(node, "Expression")!);
    default:
      if (child(node, "Left") !== null && child(node, "Right") !== null && child(node, "Operator") !== null) {
        // `<>` is Kusto's older spelling of `!=`.
        const op = currentName(tokensText(child(node, "Operator")).toLowerCase().replace(/\s+/g, " ").replace(/^<>$/, "!="));
        return call(
          op,
          type,
          [lowerExpr(ctx, child(node, "Left")!), lowerExpr(ctx, child(node, "Right")!)],
          spanOf(node),
        );
      }
      throw ctx.unsupported(kind, node);
  }
}

/**
 * Inside a search/find predicate: a bare string term, `Col:"term"`, and `* op value` expand
 * over the searched columns (see lower-search.ts).
 */
function lowerSearchTerm(ctx: LowerContext, node: SyntaxNode, scope: SearchScope): Expr | undefined {
  if (node.kind === "StringLiteralExpression" && scalarTypeOf(node) === "bool" && typeof node.literal === "string") {
    const term = node.literal;
    return anyColumn(scope.columns, (c) => termPredicate(c, term, scope.caseSensitive));
  }
  if (node.kind === "SearchExpression") {
    const right = child(node, "Right")!;
    const term = typeof right.literal === "string" ? right.literal : "";
    return termPredicate(lowerExpr(ctx, child(node, "Left")!), term, scope.caseSensitive);
  }
  const left = child(node, "Left");
  if (left?.kind === "StarExpression" && child(node, "Operator") !== null) {
    const op = tokensText(child(node, "Operator")).toLowerCase().replace(/\s+/g, " ");
    const right = lowerExpr(ctx, child(node, "Right")!);
    return anyColumn(scope.columns, (c) => call(op, "bool", [c, right], spanOf(node)));
  }
  return undefined;
}

function lowerNameReference(ctx: LowerContext, node: SyntaxNode, type: KType): Expr {
  const sym = node.symbol;
  const name = sym?.name ?? nameOf(node);
  if (sym?.kind === "Column") return { kind: "column", name: sym.name, type, span: spanOf(node) };
  if (sym?.kind === "Variable" || sym?.kind === "Parameter") {
    const b = ctx.lets.get(sym.id) ?? ctx.lookupParameter(name);
    if (b !== undefined) {
      const v = resolveBinding(ctx, b);
      if (v.kind === "expr") return v.expr;
      throw ctx.error("WQ011", `'${name}' is tabular where a scalar is expected`, node);
    }
  }
  if (sym?.kind === "Function") return lowerCall(ctx, node, type);
  // A column of an open table (an unloaded watchlist): resolved by name at run time.
  if (sym === undefined && name !== "") return { kind: "column", name, type, span: spanOf(node) };
  throw ctx.unsupported(`reference to ${sym?.kind ?? "unknown"} '${name}'`, node);
}

export function resolveBinding(
  ctx: LowerContext,
  b: import("./lower-context.js").Binding,
): { kind: "expr"; expr: Expr } | { kind: "plan"; plan: import("./ir.js").Plan } {
  if (b.kind === "expr" || b.kind === "plan") return b;
  if (b.kind === "lazy") {
    if (b.value === undefined) {
      const n = b.node;
      b.value =
        n.type.kind === "table" ? { kind: "plan", plan: lowerTabular(ctx, n) } : { kind: "expr", expr: lowerExpr(ctx, n) };
    }
    return resolveBinding(ctx, b.value);
  }
  throw new Error("function binding used as a value");
}

function lowerPath(ctx: LowerContext, node: SyntaxNode, type: KType): Expr {
  const selector = child(node, "Selector")!;
  const step = child(node, "Expression")!.symbol;
  if (step !== undefined && ctx.scanSteps.has(step.id)) return col(`${ctx.scanSteps.get(step.id)}.${nameOf(selector)}`, type);
  // `$left.X`, `$right.X`, `T.X`: the analyser resolved the selector to a column.
  if (node.symbol?.kind === "Column") return col(node.symbol.name, type);
  const target = lowerExpr(ctx, child(node, "Expression")!);
  return { kind: "member", type, target, name: nameOf(selector) };
}

function lowerElement(ctx: LowerContext, node: SyntaxNode, type: KType): Expr {
  const target = lowerExpr(ctx, child(node, "Expression")!);
  const sel = child(node, "Selector")!;
  const inner = child(sel, "Expression") ?? sel;
  const index = lowerExpr(ctx, inner);
  if (index.kind === "literal" && typeof index.value === "string") return { kind: "member", type, target, name: index.value };
  return { kind: "index", type, target, index };
}

function lowerListOperator(ctx: LowerContext, node: SyntaxNode, type: KType): Expr {
  const op = tokensText(child(node, "Operator")).toLowerCase().replace(/\s+/g, "");
  const left = lowerExpr(ctx, child(node, "Left")!);
  const right = child(node, "Right")!;
  const items: Expr[] = [];
  const elems = right.kind === "ExpressionList" ? listItems(child(right, "Expressions")) : [right];
  for (const e of elems) {
    if (e.type.kind === "table") {
      // `x in (T | project c)`: the subquery's first column, as a dynamic array computed once.
      const plan = lowerTabular(ctx, e);
      items.push({ kind: "scalar-query", type: "dynamic", id: ctx.freshId(), plan, asList: true });
    } else items.push(lowerExpr(ctx, e));
  }
  return call(op, type, [left, ...items], spanOf(node));
}

function lowerCall(ctx: LowerContext, node: SyntaxNode, type: KType): Expr {
  const sym = node.symbol;
  if (sym?.isAggregate && ctx.aggregateHook !== undefined) return ctx.aggregateHook(node);
  if (sym?.isUserFunction) {
    const r = lowerUserCall(ctx, node, undefined);
    if (r.kind === "expr") return r.expr;
    throw ctx.error("WQ011", `function '${sym.name}' is tabular where a scalar is expected`, node);
  }
  const name = currentName((sym?.name ?? nameOf(child(node, "Name"))).toLowerCase());
  const argNodes = listItems(child(child(node, "ArgumentList") ?? node, "Expressions"));
  const special = lowerRowFunction(ctx, name, argNodes, node);
  if (special !== undefined) return special;
  const args = argNodes.map((a) => lowerArgument(ctx, a));
  return call(name, type, args, spanOf(node));
}

/** Functions the planner turns into other expressions (so they are not in the function registry). */
export const PLANNER_FUNCTIONS = ["pack_all", "bag_pack_columns", "column_ifexists", "column_names_of"] as const;

/**
 * Functions of the row's columns rather than of values: `pack_all()` and `bag_pack_columns(a, b)`
 * pack columns by name, `column_ifexists(name, default)` reads a column only where it exists,
 * `column_names_of(T)` lists a table's columns. They become plain expressions here.
 */
function lowerRowFunction(ctx: LowerContext, name: string, args: SyntaxNode[], node: SyntaxNode): Expr | undefined {
  const row = ctx.rowSchemas[ctx.rowSchemas.length - 1] ?? [];
  switch (name) {
    case "pack_all": {
      // pack_all(ignore_null_empty): columns whose value is null or "" are left out when true.
      const skipEmpty = args[0] === undefined ? undefined : lowerExpr(ctx, args[0]);
      const packed = call("bag_pack", "dynamic", row.flatMap((c) => [lit("string", c.name), col(c.name, c.type)]), spanOf(node));
      return skipEmpty === undefined ? packed : call("__bag_drop_empty", "dynamic", [packed, skipEmpty], spanOf(node));
    }
    case "bag_pack_columns":
      return call(
        "bag_pack",
        "dynamic",
        args.flatMap((a) => {
          const e = lowerExpr(ctx, a);
          return [lit("string", e.kind === "column" ? e.name : nameOf(a)), e];
        }),
        spanOf(node),
      );
    case "column_ifexists": {
      const colName = lowerExpr(ctx, args[0]!);
      const fallback = lowerExpr(ctx, args[1]!);
      if (colName.kind !== "literal" || typeof colName.value !== "string") return fallback;
      const found = row.find((c) => c.name === colName.value);
      return found === undefined ? fallback : col(found.name, found.type);
    }
    case "estimate_data_size": {
      // `estimate_data_size(*)`: every column of the row (the page sums the columns' sizes).
      if (!args.some((a) => a.kind === "StarExpression")) return undefined;
      const expanded = args.flatMap((a) => (a.kind === "StarExpression" ? row.map((c) => col(c.name, c.type)) : [lowerArgument(ctx, a)]));
      return call(name, scalarTypeOf(node), expanded, spanOf(node));
    }
    case "column_names_of": {
      const t = args[0];
      return lit("dynamic", t !== undefined && t.type.kind === "table" ? t.type.schema.map((c) => c.name) : []);
    }
    default:
      return undefined;
  }
}

/** Arguments: named arguments (`x = 1` in a few functions) are passed positionally. */
function lowerArgument(ctx: LowerContext, node: SyntaxNode): Expr {
  if (node.kind === "SimpleNamedExpression") return lowerExpr(ctx, child(node, "Expression")!);
  if (node.kind === "TypeOfLiteralExpression" || node.kind === "PrimitiveTypeExpression")
    return lit("string", tokensText(node));
  if (node.type.kind === "table") {
    const plan = lowerTabular(ctx, node);
    return { kind: "scalar-query", type: "dynamic", id: ctx.freshId(), plan, asList: true };
  }
  return lowerExpr(ctx, node);
}

/** A `dynamic(...)` literal's content as JSON (datetimes and timespans inside it become strings). */
function jsonOf(ctx: LowerContext, node: SyntaxNode): Json {
  switch (node.kind) {
    case "JsonArrayExpression":
      return listItems(child(node, "Values")).map((v) => jsonOf(ctx, v));
    case "JsonObjectExpression": {
      const o: { [k: string]: Json } = {};
      for (const p of listItems(child(node, "Pairs"))) {
        const nameTok = child(p, "Name")!;
        o[typeof nameTok.literal === "string" ? nameTok.literal : nameOf(nameTok).replace(/^["']|["']$/g, "")] = jsonOf(
          ctx,
          child(p, "Value")!,
        );
      }
      return o;
    }
    case "NullLiteralExpression":
      return null;
    default: {
      const e = lowerExpr(ctx, node);
      if (e.kind !== "literal") throw ctx.error("WQ010", "dynamic literals hold only constants", node);
      return jsonValue(e.type, e.value);
    }
  }
}

function jsonValue(type: KType, v: Value): Json {
  if (v === null) return null;
  if (type === "datetime" && typeof v === "number") return formatDatetime(v);
  return v as Json;
}

/** The cache id of a toscalar: shared by every toscalar lowered into the same plan. */
function scalarQueryId(ctx: LowerContext, plan: Plan): number {
  const key = JSON.stringify(plan, (k, v: unknown) => (k === "span" ? undefined : v));
  let id = ctx.scalarQueryIds.get(key);
  if (id === undefined) ctx.scalarQueryIds.set(key, (id = ctx.freshId()));
  return id;
}
