/** Reading names out of syntax nodes (identifiers, keywords used as names, `['bracketed']`). */
import { type SyntaxNode, child } from "../analyze/syntax.js";

/** The name a NameReference / NameDeclaration / TokenName / BracketedName spells. */
export function nameOf(node: SyntaxNode | null): string {
  if (node === null) return "";
  if (node.isToken) return node.text;
  if (node.kind === "BracketedName" || node.kind === "BracketedWildcardedName") {
    // The bracketed string is a token in some Kusto.Language versions, a literal node in others.
    const tok = child(node, "Name");
    return tok === null ? "" : unquote(firstTokenText(tok));
  }
  const inner = child(node, "Name");
  if (inner !== null) return nameOf(inner);
  for (const c of node.children) if (c?.isToken) return c.text;
  return "";
}

/** Unquotes a Kusto string literal token ('x', "x", @'x', @"x"). */
export function unquote(text: string): string {
  let t = text;
  let verbatim = false;
  if (t.startsWith("@")) {
    verbatim = true;
    t = t.slice(1);
  }
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) {
    const body = t.slice(1, -1);
    if (verbatim) return body.replace(t[0] === "'" ? /''/g : /""/g, t[0]!);
    return body.replace(/\\(.)/g, (_, c: string) =>
      c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "0" ? "\0" : c,
    );
  }
  return t;
}

/** The text of the first token under a node (e.g. an operator keyword). */
export function firstTokenText(node: SyntaxNode | null): string {
  if (node === null) return "";
  if (node.isToken) return node.text;
  for (const c of node.children) {
    const t = firstTokenText(c);
    if (t !== "") return t;
  }
  return "";
}

/** All token texts under a node, space separated (for multi-token operators like `matches regex`). */
export function tokensText(node: SyntaxNode | null): string {
  if (node === null) return "";
  if (node.isToken) return node.text;
  return node.children
    .map(tokensText)
    .filter((t) => t !== "")
    .join(" ");
}

/**
 * The expression of an operator item: `x` in `name = x`, `(a, b) = x` (a compound name for a
 * tuple-valued call), or the item itself when unnamed.
 */
export function itemExpression(e: SyntaxNode): SyntaxNode {
  return e.kind === "SimpleNamedExpression" || e.kind === "CompoundNamedExpression" ? child(e, "Expression")! : e;
}

/** The names an item declares: one for `name = x`, several for `(a, b) = x`, none unnamed. */
export function itemNames(e: SyntaxNode): string[] {
  if (e.kind === "SimpleNamedExpression") return [nameOf(child(e, "Name"))];
  if (e.kind !== "CompoundNamedExpression") return [];
  const list = child(child(e, "Names") ?? e, "Names");
  const out: string[] = [];
  for (const el of list?.children ?? []) {
    const decl = el?.kind === "SeparatedElement" ? el.children[0] : el;
    if (decl && !decl.isToken) out.push(nameOf(decl));
  }
  return out;
}
