/**
 * Operators that combine or re-shape rows: join, union, mv-expand, mv-apply, invoke.
 * Returns undefined for any other operator (handled by `lower-operators.ts`).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { KqlError } from "../diagnostics.js";
import { parseTypeName } from "../types.js";
import type { Schema } from "../schema.js";
import type { JoinKind, MvItem, MvOptions, Plan } from "./ir.js";
import { col } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerUserCall } from "./lower-functions.js";
import { lowerExpr } from "./lower-scalar.js";
import { lowerTabular } from "./lower-tabular.js";
import { nameOf, tokensText } from "./names.js";

const JOIN_KINDS = new Set<JoinKind>([
  "innerunique",
  "inner",
  "leftouter",
  "rightouter",
  "fullouter",
  "leftsemi",
  "leftanti",
  "rightsemi",
  "rightanti",
]);

/** Other spellings of the kinds (join-operator.md: `anti`/`leftantisemi`, `rightantisemi`; lookup's `left`). */
const JOIN_SYNONYMS: Readonly<Record<string, JoinKind>> = { left: "leftouter", anti: "leftanti", leftantisemi: "leftanti", rightantisemi: "rightanti" };

export function lowerCombineOperator(ctx: LowerContext, node: SyntaxNode, input: Plan | undefined): Plan | undefined {
  switch (node.kind) {
    case "JoinOperator":
    case "LookupOperator":
      return lowerJoin(ctx, node, input!);
    case "UnionOperator":
      return lowerUnion(ctx, node, input);
    case "MvExpandOperator":
      return lowerMvExpand(ctx, node, input!);
    case "MvApplyOperator":
      return lowerMvApply(ctx, node, input!);
    case "InvokeOperator": {
      const callNode = child(node, "Function")!;
      const r = lowerUserCall(ctx, callNode, input);
      if (r.kind !== "plan") throw ctx.error("WQ011", "invoke needs a tabular function", node);
      return r.plan;
    }
    default:
      return undefined;
  }
}

function namedParameters(node: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of listItems(child(node, "Parameters"))) {
    if (p.kind === "NamedParameter") out.set(nameOf(child(p, "Name")).toLowerCase(), child(p, "Expression")!);
  }
  return out;
}

function parameterText(p: SyntaxNode | undefined): string | undefined {
  if (p === undefined) return undefined;
  return (typeof p.literal === "string" ? p.literal : tokensText(p)).toLowerCase();
}

function lowerJoin(ctx: LowerContext, node: SyntaxNode, left: Plan): Plan {
  const params = namedParameters(node);
  const isLookup = node.kind === "LookupOperator";
  const kindText = parameterText(params.get("kind")) ?? (isLookup ? "leftouter" : "innerunique");
  const kind = (JOIN_SYNONYMS[kindText] ?? kindText) as JoinKind;
  if (!JOIN_KINDS.has(kind)) throw ctx.unsupported(`join kind=${kindText}`, node);
  const right = lowerTabular(ctx, child(node, "Expression")!);
  const leftKeys: string[] = [];
  const rightKeys: string[] = [];
  const clause = child(node, "ConditionClause") ?? child(node, "LookupClause");
  if (clause === null || (clause.kind !== "JoinOnClause" && clause.kind !== "LookupOnClause"))
    throw ctx.unsupported("join without an `on` clause", node);
  for (const e of flattenAnd(listItems(child(clause, "Expressions")))) {
    if (e.kind === "NameReference") {
      const n = e.symbol?.name ?? nameOf(e);
      leftKeys.push(n);
      rightKeys.push(n);
    } else if (e.kind === "EqualExpression") {
      const a = child(e, "Left")!;
      const b = child(e, "Right")!;
      const aSide = sideOf(a);
      const [l, r] = aSide === "right" ? [b, a] : [a, b];
      leftKeys.push(l.symbol?.name ?? nameOf(child(l, "Selector")));
      rightKeys.push(r.symbol?.name ?? nameOf(child(r, "Selector")));
    } else throw ctx.unsupported("join condition other than equalities", e);
  }
  return { op: "join", schema: schemaOf(node), span: spanOf(node), kind, left, right, leftKeys, rightKeys, lookup: isLookup };
}

function flattenAnd(items: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const e of items) {
    if (e.kind === "AndExpression") out.push(...flattenAnd([child(e, "Left")!, child(e, "Right")!]));
    else if (e.kind === "ParenthesizedExpression") out.push(...flattenAnd([child(e, "Expression")!]));
    else out.push(e);
  }
  return out;
}

function sideOf(e: SyntaxNode): "left" | "right" | undefined {
  if (e.kind !== "PathExpression") return undefined;
  const t = tokensText(child(e, "Expression")).toLowerCase();
  return t === "$left" ? "left" : t === "$right" ? "right" : undefined;
}

function lowerUnion(ctx: LowerContext, node: SyntaxNode, input: Plan | undefined): Plan {
  const params = namedParameters(node);
  const fuzzy = parameterText(params.get("isfuzzy")) === "true";
  const withSource = params.get("withsource");
  const inputs: Plan[] = input === undefined ? [] : [input];
  const sourceNames: string[] = input === undefined ? [] : ["union_arg0"];
  for (const e of listItems(child(node, "Expressions"))) {
    // isfuzzy=true: a table that does not exist is skipped (the analyser warned with KS205),
    // also inside a subquery (`(View_3 | where x > 0)`).
    if (e.kind === "NameReference" && e.symbol === undefined && fuzzy) continue;
    // `union Device*`, `union *`: every table the wildcard matches, each its own source.
    const members = e.symbol?.members;
    if (members !== undefined) {
      for (const m of members) {
        inputs.push({ op: "table", schema: m.schema, name: m.name, span: spanOf(e) });
        sourceNames.push(m.name);
      }
      continue;
    }
    let plan: Plan;
    try {
      plan = lowerTabular(ctx, e);
    } catch (err) {
      if (fuzzy && err instanceof KqlError && err.code === "WQ012") continue;
      throw err;
    }
    inputs.push(plan);
    sourceNames.push(sourceName(e) ?? `union_arg${sourceNames.length}`);
  }
  // kind=inner keeps only the columns every input has (the analyser lists them all).
  const inner = parameterText(params.get("kind")) === "inner";
  const schema = inner ? schemaOf(node).filter((c) => inputs.every((i) => i.schema.some((x) => x.name === c.name))) : schemaOf(node);
  return {
    op: "union",
    schema,
    span: spanOf(node),
    inputs: inputs.map((i) => withTypedNames(i, schema)),
    withSource: withSource === undefined ? undefined : nameOf(withSource),
    sourceNames,
  };
}

/**
 * A union of same-named columns of different types keeps each as its own column, the type
 * appended (`x_long`, `x_string`: the union page, as Kusto.Language's schema names them): the
 * leg's `x` is read into the column of its type.
 */
function withTypedNames(input: Plan, out: Schema): Plan {
  const steps = input.schema.flatMap((c) => {
    const typed = `${c.name}_${c.type}`;
    const renamed = !out.some((o) => o.name === c.name) && out.some((o) => o.name === typed) && !input.schema.some((x) => x.name === typed);
    return renamed ? [{ name: typed, expr: col(c.name, c.type) }] : [];
  });
  if (steps.length === 0) return input;
  return { op: "project", schema: [...input.schema, ...steps.map((s) => ({ name: s.name, type: s.expr.type }))], input, steps };
}

/** The name `withsource` gives a union leg: a table's or `let`'s name, or the `as` name it ends with. */
function sourceName(e: SyntaxNode): string | undefined {
  if (e.kind === "ParenthesizedExpression") return sourceName(child(e, "Expression")!);
  if (e.kind === "NameReference") return nameOf(e);
  if (e.kind === "PipeExpression") {
    const op = child(e, "Operator")!;
    if (op.kind === "AsOperator") return nameOf(child(op, "Name"));
  }
  return undefined;
}

function mvItems(ctx: LowerContext, items: SyntaxNode[]): MvItem[] {
  return items.map((item) => {
    let e = child(item, "Expression")!;
    let name: string;
    if (e.kind === "SimpleNamedExpression") {
      name = nameOf(child(e, "Name"));
      e = child(e, "Expression")!;
    } else name = e.symbol?.name ?? nameOf(e);
    const toType = child(item, "ToTypeOf");
    const typeName = toType === null ? undefined : tokensText(child(toType, "TypeOf")).replace(/^typeof\s*\(\s*|\s*\)$/g, "");
    const type = typeName === undefined ? "dynamic" : (parseTypeName(typeName) ?? "dynamic");
    return { name, expr: lowerExpr(ctx, e), type };
  });
}

/**
 * Items named by the operator's result schema: an expression that is not a column (`d.a.b`,
 * `d[0]`, `todynamic(s)`) gets the column Kusto.Language's schema adds for it (`d_a_b`, `d_0`),
 * in order, after the names the other items claim.
 */
function nameItems(items: MvItem[], schema: Schema, input: Schema): MvItem[] {
  const out = new Set(schema.map((c) => c.name));
  const claimed = new Set(items.filter((i) => out.has(i.name)).map((i) => i.name));
  const spare = schema.map((c) => c.name).filter((n) => !claimed.has(n) && !input.some((c) => c.name === n));
  let k = 0;
  return items.map((i) => (out.has(i.name) ? i : { ...i, name: spare[k++] ?? i.name }));
}

function mvOptions(node: SyntaxNode): MvOptions {
  const params = namedParameters(node);
  const kind = parameterText(params.get("kind")) ?? parameterText(params.get("bagexpansion"));
  const index = params.get("with_itemindex");
  return { bagAsArray: kind === "array", itemIndex: index === undefined ? undefined : nameOf(index) };
}

function rowLimit(ctx: LowerContext, node: SyntaxNode): number | undefined {
  const limitNode = child(child(node, "RowLimitClause") ?? node, "RowLimit");
  if (limitNode === null) return undefined;
  const limitExpr = lowerExpr(ctx, limitNode);
  if (limitExpr.kind === "literal" && typeof limitExpr.value === "number") return limitExpr.value;
  throw ctx.unsupported("a non-constant row limit", limitNode);
}

function lowerMvExpand(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  return {
    op: "mv-expand",
    schema: schemaOf(node),
    span: spanOf(node),
    input,
    items: nameItems(mvItems(ctx, listItems(child(node, "Expressions"))), schemaOf(node), input.schema),
    limit: rowLimit(ctx, node),
    options: mvOptions(node),
  };
}

function lowerMvApply(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const items = mvItems(ctx, listItems(child(node, "Expressions")));
  const options = mvOptions(node);
  const replaced = new Set(items.map((i) => i.name));
  const subSchema = [
    ...input.schema.filter((c) => !replaced.has(c.name)),
    ...items.map((i) => ({ name: i.name, type: i.type })),
    ...(options.itemIndex === undefined ? [] : [{ name: options.itemIndex, type: "long" as const }]),
  ];
  const inputId = ctx.freshId();
  const sub = child(child(node, "Subquery")!, "Expression")!;
  ctx.inputs.push({ id: inputId, schema: subSchema });
  let subquery: Plan;
  try {
    subquery = lowerTabular(ctx, sub);
  } finally {
    ctx.inputs.pop();
  }
  return { op: "mv-apply", schema: schemaOf(node), span: spanOf(node), input, items, inputId, subquery, limit: rowLimit(ctx, node), options };
}
