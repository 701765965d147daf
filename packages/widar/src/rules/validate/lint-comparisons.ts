/**
 * WR103: a string column compared with a number (`ResultType == 0`, `ResultType in (0, 50126)`).
 * Log Analytics stores ResultType and other codes as strings; whether such a comparison matches
 * depends on an implicit conversion the author did not write, so the rule's meaning is unclear at
 * best. The fix is to compare with the string: `ResultType == "0"`.
 */
import type { Diagnostic, SyntaxNode } from "@widar/kql";
import { type LintContext, finding } from "./lint-context.js";
import { childNamed, listElements, textOf } from "./syntax-walk.js";

const COMPARISONS = new Set([
  "EqualExpression",
  "NotEqualExpression",
  "LessThanExpression",
  "LessThanOrEqualExpression",
  "GreaterThanExpression",
  "GreaterThanOrEqualExpression",
]);
const MEMBERSHIP = new Set(["InExpression", "NotInExpression"]);
const NUMBER_LITERALS = new Set(["LongLiteralExpression", "IntLiteralExpression", "RealLiteralExpression", "DecimalLiteralExpression"]);

function isStringColumn(n: SyntaxNode | undefined): boolean {
  return n !== undefined && n.symbol?.kind === "Column" && n.type.kind === "scalar" && n.type.type === "string";
}

function isNumber(n: SyntaxNode | undefined): boolean {
  if (n === undefined) return false;
  if (n.kind === "UnaryMinusExpression" || n.kind === "ParenthesizedExpression") return isNumber(n.children.find((c) => c !== null && !c.isToken) ?? undefined);
  return NUMBER_LITERALS.has(n.kind);
}

export function lintStringNumberComparisons(ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const q = ctx.rule.query;
  for (const { node } of ctx.visits) {
    if (COMPARISONS.has(node.kind)) {
      const left = childNamed(node, "Left");
      const right = childNamed(node, "Right");
      const [col, num] = isStringColumn(left) && isNumber(right) ? [left!, right!] : isStringColumn(right) && isNumber(left) ? [right!, left!] : [];
      if (col === undefined || num === undefined) continue;
      const name = textOf(col, q).trim();
      out.push(
        finding(
          "WR103",
          "warning",
          `${name} is a string column compared with the number ${textOf(num, q).trim()}: compare with a string (${name} == "${textOf(num, q).trim()}")`,
          node,
        ),
      );
    } else if (MEMBERSHIP.has(node.kind)) {
      const left = childNamed(node, "Left");
      if (!isStringColumn(left)) continue;
      const numbers = listElements(childNamed(childNamed(node, "Right") ?? node, "Expressions")).filter(isNumber);
      if (numbers.length === 0) continue;
      out.push(
        finding(
          "WR103",
          "warning",
          `${textOf(left!, q).trim()} is a string column tested against numbers (${numbers.map((n) => textOf(n, q).trim()).join(", ")}): list strings instead`,
          node,
        ),
      );
    }
  }
  return out;
}
