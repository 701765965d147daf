/**
 * WR101: `union isfuzzy=true` over a table name the workspace does not have. Kusto drops the
 * branch without an error, so with a `datatable` fallback the rule deploys, runs, and returns
 * zero rows forever (the seed RULE 19's failure). The finding names the table the author most
 * likely meant (RiskyServicePrincipals → AADRiskyServicePrincipals).
 *
 * WR102: a column of that union's `datatable` fallback that the meant table does not have (or has
 * with another type): queries written against the fallback's columns would not bind against the
 * real table, so correcting the table name alone is not enough.
 */
import type { Diagnostic, Schema, SyntaxNode } from "@widar/kql";
import { editDistance, suggestTable } from "../../catalog/log-analytics.js";
import { type LintContext, finding } from "./lint-context.js";
import { childNamed, listElements, namedParameter, textOf } from "./syntax-walk.js";

/** The column of `real` an unknown column most likely means: same name in another case, the
 *  longest real column that ends the name (ServicePrincipalDisplayName → DisplayName), or a typo. */
export function suggestColumn(name: string, real: Schema): string | undefined {
  const lower = name.toLowerCase();
  const same = real.find((c) => c.name.toLowerCase() === lower);
  if (same !== undefined) return same.name;
  const suffix = real
    .filter((c) => c.name.length >= 2 && lower.endsWith(c.name.toLowerCase()))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (suffix !== undefined) return suffix.name;
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of real) {
    const d = editDistance(lower, c.name.toLowerCase(), bestD);
    if (d < bestD) [best, bestD] = [c.name, d];
  }
  return best;
}

function fallbackColumns(branch: SyntaxNode): SyntaxNode[] {
  let e: SyntaxNode | undefined = branch;
  while (e !== undefined && e.kind === "ParenthesizedExpression") e = childNamed(e, "Expression");
  if (e === undefined || e.kind !== "DataTableExpression") return [];
  return listElements(childNamed(childNamed(e, "Schema") ?? e, "Columns")).filter((c) => c.kind === "NameAndTypeDeclaration");
}

export function lintFuzzyUnions(ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const query = ctx.rule.query;
  for (const { node } of ctx.visits) {
    if (node.kind !== "UnionOperator" || namedParameter(node, "isfuzzy", query) !== "true") continue;
    const branches = listElements(childNamed(node, "Expressions"));
    const missing: { node: SyntaxNode; name: string; meant?: string }[] = [];
    for (const b of branches) {
      // A table reference the binder could not resolve has no symbol; let names and functions do.
      if (b.kind !== "NameReference" || b.symbol !== undefined) continue;
      const name = textOf(b, query).trim();
      if (ctx.knownTable(name) !== undefined) continue;
      missing.push({ node: b, name, meant: suggestTable(name) });
    }
    if (missing.length === 0) continue;
    const live = branches.length - missing.length - branches.filter((b) => fallbackColumns(b).length > 0).length;
    for (const m of missing) {
      const effect =
        live === 0 ? "the union only ever returns its datatable fallback: zero rows, with no error" : "this branch is silently dropped";
      const hint = m.meant === undefined ? "" : ` (did you mean '${m.meant}'?)`;
      out.push(finding("WR101", "warning", `union isfuzzy=true over '${m.name}', which is not a Log Analytics table: ${effect}${hint}`, m.node));
    }
    // Fallback columns against the table each missing name stands for.
    for (const m of missing) {
      if (m.meant === undefined) continue;
      const real = ctx.knownTable(m.meant);
      if (real === undefined) continue;
      for (const b of branches)
        for (const decl of fallbackColumns(b)) {
          const nameNode = childNamed(decl, "Name");
          if (nameNode === undefined) continue;
          const col = textOf(nameNode, query).trim();
          const declared = nameNode.type.kind === "scalar" ? nameNode.type.type : undefined;
          const realCol = real.find((c) => c.name === col);
          if (realCol === undefined) {
            const meant = suggestColumn(col, real);
            out.push(
              finding(
                "WR102",
                "warning",
                `column '${col}' is not in ${m.meant} (the table '${m.name}' stands for)${meant === undefined ? "" : `: did you mean '${meant}'?`}`,
                nameNode,
              ),
            );
          } else if (declared !== undefined && declared !== realCol.type && realCol.type !== "dynamic") {
            out.push(finding("WR102", "warning", `column '${col}' is ${declared} here but ${realCol.type} in ${m.meant}`, nameNode));
          }
        }
    }
  }
  return out;
}
