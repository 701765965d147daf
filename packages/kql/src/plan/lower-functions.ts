/**
 * Calls of user-defined functions (`let f = (T:(x:string), n:long) { ... }`): Kusto.Language
 * expands the body for each call site; widar lowers that expansion with the call's arguments
 * bound to the parameters' names. Arguments are lowered in the caller's scope first.
 */
import { type SyntaxNode, child, listItems } from "../analyze/syntax.js";
import type { Expr, Plan } from "./ir.js";
import type { Binding, LowerContext } from "./lower-context.js";
import { lowerExpr, resolveBinding } from "./lower-scalar.js";
import { lowerStatements, lowerTabular } from "./lower-tabular.js";
import { nameOf } from "./names.js";

export function lowerUserCall(
  ctx: LowerContext,
  callNode: SyntaxNode,
  pipeInput: Plan | undefined,
): { kind: "expr"; expr: Expr } | { kind: "plan"; plan: Plan } {
  const sym = callNode.symbol!;
  const params = sym.parameters ?? [];
  const argNodes = listItems(child(child(callNode, "ArgumentList") ?? callNode, "Expressions"));
  const scope = new Map<string, Binding>();
  let p = 0;
  if (pipeInput !== undefined && params.length > 0) scope.set(params[p++]!.name, { kind: "plan", plan: pipeInput });
  const bind = (name: string, value: SyntaxNode) =>
    scope.set(name, value.type.kind === "table" ? { kind: "plan", plan: lowerTabular(ctx, value) } : { kind: "expr", expr: lowerExpr(ctx, value) });
  for (const a of argNodes) {
    // A named argument (`f(c=7, a=12)`) binds its parameter by name; the others by position.
    if (a.kind === "SimpleNamedExpression") {
      const name = nameOf(child(a, "Name"));
      if (params.some((x) => x.name === name)) {
        bind(name, child(a, "Expression")!);
        continue;
      }
    }
    while (p < params.length && scope.has(params[p]!.name)) p++;
    const param = params[p++];
    if (param === undefined) break;
    bind(param.name, a.kind === "SimpleNamedExpression" ? child(a, "Expression")! : a);
  }
  // Parameters left out take their declared defaults.
  for (const param of params) if (!scope.has(param.name) && param.defaultValue !== undefined) bind(param.name, param.defaultValue);
  const body = callNode.expansion();
  if (body === undefined) throw ctx.unsupported(`function '${sym.name}' (no body)`, callNode);
  ctx.scopes.push(scope);
  try {
    lowerStatements(ctx, child(body, "Statements"));
    const result = child(body, "Expression");
    if (result === null) throw ctx.unsupported(`function '${sym.name}' without a result`, callNode);
    return resolveBinding(ctx, { kind: "lazy", node: result });
  } finally {
    ctx.scopes.pop();
  }
}
