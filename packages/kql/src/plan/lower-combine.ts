/**
 * Operators that combine or re-shape rows: join, union, mv-expand, mv-apply, invoke.
 * Returns undefined for any other operator (handled by `lower-operators.ts`).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { parseTypeName } from "../types.js";
import type { JoinKind, MvItem, Plan } from "./ir.js";
import { type LowerContext, scalarTypeOf, schemaOf } from "./lower-context.js";
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
  const kind = (kindText === "left" ? "leftouter" : kindText === "anti" ? "leftanti" : kindText) as JoinKind;
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
  return { op: "join", schema: schemaOf(node), span: spanOf(node), kind, left, right, leftKeys, rightKeys };
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
    // isfuzzy=true: a table that does not exist is skipped (the analyser warned with KS205).
    if (e.kind === "NameReference" && e.symbol === undefined && fuzzy) continue;
    inputs.push(lowerTabular(ctx, e));
    sourceNames.push(e.kind === "NameReference" ? nameOf(e) : `union_arg${sourceNames.length}`);
  }
  return {
    op: "union",
    schema: schemaOf(node),
    span: spanOf(node),
    inputs,
    withSource: withSource === undefined ? undefined : nameOf(withSource),
    sourceNames,
  };
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

function lowerMvExpand(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const params = namedParameters(node);
  if (params.has("with_itemindex") || params.has("bagexpansion")) throw ctx.unsupported("mv-expand parameters", node);
  const limitClause = child(node, "RowLimitClause");
  const limitExpr = limitClause === null ? undefined : lowerExpr(ctx, child(limitClause, "Expression")!);
  return {
    op: "mv-expand",
    schema: schemaOf(node),
    span: spanOf(node),
    input,
    items: mvItems(ctx, listItems(child(node, "Expressions"))),
    limit: limitExpr?.kind === "literal" && typeof limitExpr.value === "number" ? limitExpr.value : undefined,
  };
}

function lowerMvApply(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const params = namedParameters(node);
  if (params.size > 0 || child(node, "RowLimitClause") !== null) throw ctx.unsupported("mv-apply parameters", node);
  const items = mvItems(ctx, listItems(child(node, "Expressions")));
  const replaced = new Set(items.map((i) => i.name));
  const subSchema = [
    ...input.schema.filter((c) => !replaced.has(c.name)),
    ...items.map((i) => ({ name: i.name, type: i.type })),
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
  void scalarTypeOf;
  return { op: "mv-apply", schema: schemaOf(node), span: spanOf(node), input, items, inputId, subquery };
}
