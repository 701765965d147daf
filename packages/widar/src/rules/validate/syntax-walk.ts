/** Small helpers over the engine's bound syntax tree for the lints (read-only walks). */
import type { SyntaxNode } from "@widar/kql";

export interface Visit {
  readonly node: SyntaxNode;
  readonly parent: SyntaxNode | undefined;
  /** The node's name in its parent (`Left`, `Expression`, …). */
  readonly role: string;
}

/** Every node (tokens included), parents before children, each with its parent and role. */
export function walk(root: SyntaxNode): Visit[] {
  const out: Visit[] = [];
  const stack: Visit[] = [{ node: root, parent: undefined, role: "" }];
  while (stack.length > 0) {
    const v = stack.pop()!;
    out.push(v);
    for (let i = v.node.children.length - 1; i >= 0; i--) {
      const c = v.node.children[i];
      if (c !== null && c !== undefined) stack.push({ node: c, parent: v.node, role: v.node.childNames[i] ?? "" });
    }
  }
  return out;
}

/** Parent links of a walk, to climb from a node to its ancestors. */
export function parentIndex(visits: readonly Visit[]): Map<SyntaxNode, Visit> {
  return new Map(visits.map((v) => [v.node, v]));
}

export function childNamed(node: SyntaxNode, role: string): SyntaxNode | undefined {
  const i = node.childNames.indexOf(role);
  return i < 0 ? undefined : (node.children[i] ?? undefined);
}

/** The text a node covers in the analysed query. */
export function textOf(node: SyntaxNode, query: string): string {
  return query.slice(node.start, node.end);
}

/** The non-token elements of a `List` / `SeparatedList` child. */
export function listElements(node: SyntaxNode | undefined): SyntaxNode[] {
  if (node === undefined) return [];
  const out: SyntaxNode[] = [];
  for (const c of node.children) {
    if (c === null || c === undefined) continue;
    if (c.kind === "SeparatedElement") {
      const e = c.children[0];
      if (e !== null && e !== undefined && !e.isToken) out.push(e);
    } else if (!c.isToken) out.push(c);
  }
  return out;
}

/** The value of an operator parameter such as `kind=leftouter` or `isfuzzy=true`, lower-cased. */
export function namedParameter(op: SyntaxNode, name: string, query: string): string | undefined {
  for (const p of listElements(childNamed(op, "Parameters"))) {
    if (p.kind !== "NamedParameter") continue;
    const n = childNamed(p, "Name");
    if (n === undefined || textOf(n, query).toLowerCase() !== name) continue;
    const e = childNamed(p, "Expression");
    return e === undefined ? undefined : textOf(e, query).toLowerCase();
  }
  return undefined;
}

/** Whether a node is a call of the named built-in function (`ago`, `now`, …). */
export function isCallOf(node: SyntaxNode, fn: string): boolean {
  return node.kind === "FunctionCallExpression" && node.symbol?.kind === "Function" && node.symbol.name.toLowerCase() === fn;
}

/** The argument expressions of a function call. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  return listElements(childNamed(childNamed(call, "ArgumentList") ?? call, "Expressions"));
}
