/**
 * Lowering of `scan`: declared columns with their initial values, and the steps (condition,
 * assignments, output kind). A reference `s1.x` to a step's state lowers to the column `s1.x`,
 * which the executor provides (see exec/operators/scan.ts).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { Plan, ScanStep } from "./ir.js";
import { lit } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { nameOf, tokensText } from "./names.js";

export function lowerScan(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  let schema = schemaOf(node);
  let matchId: string | undefined;
  for (const p of listItems(child(node, "Parameters")))
    if (p.kind === "NamedParameter" && nameOf(child(p, "Name")).toLowerCase() === "with_match_id") matchId = nameOf(child(p, "Expression"));
  // Kusto.Language adds a `match_id` column even without with_match_id; the scan page's outputs
  // have none, so widar follows the page.
  if (matchId === undefined && schema[schema.length - 1]?.name === "match_id") schema = schema.slice(0, -1);
  const declare = child(node, "DeclareClause");
  const declared = listItems(declare === null ? null : child(declare, "Declarations")).map((d) => {
    const name = nameOf(child(child(d, "NameAndType")!, "Name"));
    const type = schema.find((c) => c.name === name)?.type ?? "dynamic";
    const def = child(d, "DefaultValue");
    const value = def === null ? null : child(def, "Value");
    return { name, type, initial: value === null ? lit(type, type === "string" ? "" : null) : lowerExpr(ctx, value) };
  });
  const stepNodes = listItems(child(node, "Steps"));
  for (const s of stepNodes) {
    const id = child(s, "Name")?.symbol?.id;
    if (id !== undefined) ctx.scanSteps.set(id, nameOf(child(s, "Name")));
  }
  const steps: ScanStep[] = stepNodes.map((s) => {
    const out = tokensText(child(child(s, "ScanStepOutput") ?? s, "OutputKind")).toLowerCase();
    const comp = child(s, "ComputationClause");
    const assignments = listItems(comp === null ? null : child(comp, "Assignments")).map((a) => ({
      name: nameOf(child(a, "Name")),
      expr: lowerExpr(ctx, child(a, "Expression")!),
    }));
    return {
      name: nameOf(child(s, "Name")),
      output: out === "none" || out === "last" ? out : "all",
      condition: lowerExpr(ctx, child(s, "Condition")!),
      assignments,
    };
  });
  return { op: "scan", schema, span: spanOf(node), input, matchId, declared, steps };
}
