/**
 * WR105: the query filters `TimeGenerated > ago(X)` (or `>=`, or `between (ago(X) .. …)`) with X
 * longer than the rule's queryPeriod. Sentinel runs a scheduled rule over queryPeriod only, so
 * the rows between queryPeriod and X never arrive: a baseline silently shrinks, a join silently
 * loses its other side.
 *
 * Only lookbacks the query relies on count: an ago() whose rows can make the rule fire. A let
 * whose every use is the right side of a `join kind=leftouter` (or a `lookup`) only enriches rows
 * that exist anyway, so its lookback is not judged (the seed RULE-18 reads arming events over
 * LookbackPeriod + 10m that way). X is evaluated by the engine itself: the query's `let`s, then
 * `print X`, so `ago(LookbackPeriod + 10m)` is measured exactly.
 */
import { type Diagnostic, type SyntaxNode, compile, execute } from "@widar/kql";
import { formatRuleDuration } from "../iso-duration.js";
import { type LintContext, finding } from "./lint-context.js";
import { type Visit, callArguments, childNamed, isCallOf, listElements, namedParameter, parentIndex, textOf } from "./syntax-walk.js";

const LOWER_BOUND = new Set(["GreaterThanExpression", "GreaterThanOrEqualExpression"]);
const UPPER_FIRST = new Set(["LessThanExpression", "LessThanOrEqualExpression"]);

function isTimeGenerated(n: SyntaxNode | undefined): boolean {
  return n !== undefined && n.symbol?.kind === "Column" && n.symbol.name === "TimeGenerated";
}

/** ago() calls that bound TimeGenerated from below. */
function lowerBoundAgos(ctx: LintContext): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const { node } of ctx.visits) {
    const left = childNamed(node, "Left");
    const right = childNamed(node, "Right");
    if (LOWER_BOUND.has(node.kind) && isTimeGenerated(left) && right !== undefined && isCallOf(right, "ago")) out.push(right);
    else if (UPPER_FIRST.has(node.kind) && isTimeGenerated(right) && left !== undefined && isCallOf(left, "ago")) out.push(left);
    else if (node.kind === "BetweenExpression" && isTimeGenerated(left)) {
      const first = right === undefined ? undefined : childNamed(right, "First");
      if (first !== undefined && isCallOf(first, "ago")) out.push(first);
    }
  }
  return out;
}

/** The length of ago()'s argument in ms, evaluated by the engine after the query's lets. */
function evaluateLookback(ctx: LintContext, arg: SyntaxNode, lets: readonly SyntaxNode[]): number | undefined {
  const q = ctx.rule.query;
  const prefix = lets.filter((l) => l.end <= arg.start).map((l) => `${textOf(l, q)};\n`);
  const text = `${prefix.join("")}print __lookback = totimespan(${textOf(arg, q)})`;
  const compiled = compile(text, ctx.catalog);
  if (compiled.diagnostics.some((d) => d.severity === "error")) return undefined;
  const r = execute(compiled, ctx.catalog, { now: 0 });
  const t = r.tables[r.tables.length - 1];
  const v = t !== undefined && t.rowCount === 1 ? t.columns[0]!.get(0) : null;
  return typeof v === "number" ? v / 10_000 : undefined;
}

/** Whether every use of the let (by symbol id) only enriches: right side of a leftouter join or a lookup. */
function enrichmentOnly(ctx: LintContext, letNode: SyntaxNode, parents: Map<SyntaxNode, Visit>, seen: Set<SyntaxNode>): boolean {
  if (seen.has(letNode)) return false;
  seen.add(letNode);
  const id = childNamed(letNode, "Name")?.symbol?.id;
  if (id === undefined) return false;
  const uses = ctx.visits.filter((v) => v.node.kind === "NameReference" && v.node.symbol?.id === id);
  if (uses.length === 0) return false;
  const q = ctx.rule.query;
  return uses.every((use) => {
    for (let v = parents.get(use.node); v?.parent !== undefined; v = parents.get(v.parent)) {
      const p = v.parent;
      if (p.kind === "JoinOperator" && v.role === "Expression" && namedParameter(p, "kind", q) === "leftouter") return true;
      if (p.kind === "LookupOperator" && v.role === "Expression") return true;
      if (p.kind === "LetStatement") return enrichmentOnly(ctx, p, parents, seen);
    }
    return false;
  });
}

export function lintLookback(ctx: LintContext): Diagnostic[] {
  const { rule } = ctx;
  if (rule.kind !== "scheduled" || !(rule.queryPeriodMs > 0)) return [];
  const lets = listElements(childNamed(ctx.root, "Statements")).filter((s) => s.kind === "LetStatement");
  const parents = parentIndex(ctx.visits);
  const out: Diagnostic[] = [];
  for (const call of lowerBoundAgos(ctx)) {
    const arg = callArguments(call)[0];
    if (arg === undefined) continue;
    const ms = evaluateLookback(ctx, arg, lets);
    if (ms === undefined || ms <= rule.queryPeriodMs) continue;
    const letNode = lets.find((l) => l.start <= call.start && call.end <= l.end);
    if (letNode !== undefined && enrichmentOnly(ctx, letNode, parents, new Set())) continue;
    out.push(
      finding(
        "WR105",
        "warning",
        `ago(${textOf(arg, rule.query).trim()}) looks back ${formatRuleDuration(ms)}, longer than the queryPeriod of ${formatRuleDuration(rule.queryPeriodMs)}: Sentinel only gives the query ${formatRuleDuration(rule.queryPeriodMs)} of data`,
        call,
      ),
    );
  }
  return out;
}
