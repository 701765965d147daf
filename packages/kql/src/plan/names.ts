/** Reading names out of syntax nodes (identifiers, keywords used as names, `['bracketed']`). */
import { type SyntaxNode, child } from "../analyze/syntax.js";

/** The name a NameReference / NameDeclaration / TokenName / BracketedName spells. */
export function nameOf(node: SyntaxNode | null): string {
  if (node === null) return "";
  if (node.isToken) return node.text;
  if (node.kind === "BracketedName" || node.kind === "BracketedWildcardedName") {
    const tok = child(node, "Name");
    return tok === null ? "" : unquote(tok.text);
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
