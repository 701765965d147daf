/**
 * Lowering of the text-extraction operators: `parse` (kind simple / regex / relaxed, flags),
 * `parse-where` and `parse-kv`. The analyser gives the extracted columns' names and types; the
 * pattern and options are read from the syntax here.
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import type { ParseKvOptions, ParsePart, Plan } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { nameOf, tokensText, unquote } from "./names.js";

function parameters(list: SyntaxNode | null): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of listItems(list))
    if (p.kind === "NamedParameter") out.set(nameOf(child(p, "Name")).toLowerCase(), child(p, "Expression")!);
  return out;
}

/** A parameter's value as text: string literals unquoted, keywords and names as written. */
function parameterValue(p: SyntaxNode | undefined): string | undefined {
  if (p === undefined) return undefined;
  if (typeof p.literal === "string") return p.literal;
  if (p.literal !== undefined) return String(p.literal);
  const t = tokensText(p);
  return /^@?["']/.test(t) ? unquote(t) : t;
}

export function lowerParse(ctx: LowerContext, node: SyntaxNode, input: Plan, dropUnmatched: boolean): Plan {
  const schema = schemaOf(node);
  const params = parameters(child(node, "Parameters"));
  const kind = (parameterValue(params.get("kind")) ?? "simple").toLowerCase();
  if (kind !== "simple" && kind !== "regex" && kind !== "relaxed") throw ctx.unsupported(`parse kind=${kind}`, node);
  const typeOf = (name: string) => schema.find((c) => c.name === name)?.type ?? "string";
  const pattern: ParsePart[] = listItems(child(node, "Patterns")).map((p): ParsePart => {
    if (p.kind === "StarExpression") return { kind: "any" };
    if (p.kind === "NameAndTypeDeclaration" || p.kind === "NameDeclaration") {
      const name = nameOf(p.kind === "NameDeclaration" ? p : child(p, "Name"));
      return { kind: "column", name, type: typeOf(name) };
    }
    const e = lowerExpr(ctx, p);
    if (e.kind !== "literal" || typeof e.value !== "string") throw ctx.unsupported("parse pattern element other than a string constant", p);
    return { kind: "text", text: e.value };
  });
  return {
    op: "parse",
    schema,
    span: spanOf(node),
    input,
    source: lowerExpr(ctx, child(node, "Expression")!),
    mode: kind,
    flags: parameterValue(params.get("flags")) ?? "",
    pattern,
    dropUnmatched,
  };
}

export function lowerParseKv(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const keysNode = child(node, "Keys");
  const names = listItems(keysNode === null ? null : child(keysNode, "Columns")).map((c) => nameOf(child(c, "Name")));
  const keys = names.map((n) => ({ name: n, type: schema.find((c) => c.name === n)?.type ?? "string" }));
  const withClause = child(node, "WithClause");
  const props = parameters(withClause === null ? null : child(withClause, "Properties"));
  const text = (k: string) => parameterValue(props.get(k));
  const options: ParseKvOptions = {
    pairDelimiter: text("pair_delimiter") ?? " ",
    kvDelimiter: text("kv_delimiter") ?? "=",
    quote: text("quote") ?? "",
    escape: text("escape") ?? "",
    greedy: (text("greedy") ?? "false").toLowerCase() === "true",
    regex: text("regex"),
  };
  return { op: "parse-kv", schema, span: spanOf(node), input, source: lowerExpr(ctx, child(node, "Expression")!), keys, options };
}
