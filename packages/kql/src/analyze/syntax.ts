/**
 * widar's own view of Kusto.Language's bound syntax tree: plain objects, so the lowering stage
 * never touches the Bridge.NET API. The adapter (`kusto-language.ts`) builds it.
 */
import type { Schema } from "../schema.js";
import type { KType } from "../types.js";

export type ResultType =
  | { readonly kind: "scalar"; readonly type: KType }
  /** `open`: columns beyond `schema` may exist at run time (after evaluate bag_unpack or pivot). */
  | { readonly kind: "table"; readonly schema: Schema; readonly open?: boolean }
  /** Several named values from one expression (`arg_max(x, *)`, `percentiles(x, 5, 50)`, `array_sort_asc(a, b)`). */
  | { readonly kind: "tuple"; readonly schema: Schema }
  | { readonly kind: "none" };

export type SymbolKind =
  | "Table"
  | "Column"
  | "Variable"
  | "Function"
  | "Parameter"
  | "Operator"
  | "Database"
  | "Pattern"
  | "Other";

export interface BoundSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** Stable per analysis: two references to one `let` variable or parameter share an id. */
  readonly id: number;
  /** For a user-defined function (a `let f = (...) {...}` or a declared database function). */
  readonly isUserFunction: boolean;
  /** For a built-in function: whether Kusto.Language knows it as an aggregate (`count`, `arg_max`, …). */
  readonly isAggregate?: boolean;
  /** For a function: its parameter names and whether each is tabular. */
  readonly parameters?: readonly { name: string; tabular: boolean; id: number; defaultValue?: SyntaxNode }[];
  /** For a group (a wildcard's matches, `union Device*`): the tables in it. */
  readonly members?: readonly { readonly name: string; readonly schema: Schema }[];
}

export interface SyntaxNode {
  /** Kusto.Language's SyntaxKind name, e.g. `PipeExpression`, `FilterOperator`, `IdentifierToken`. */
  readonly kind: string;
  /** Text start (after trivia) and end, offsets into the analysed text. */
  readonly start: number;
  readonly end: number;
  readonly isToken: boolean;
  /** Token text (tokens only). */
  readonly text: string;
  readonly children: readonly (SyntaxNode | null)[];
  /** Name of each child in its parent (`Expression`, `Operator`, `Left`, `Right`, …). */
  readonly childNames: readonly string[];
  readonly type: ResultType;
  readonly symbol?: BoundSymbol;
  /**
   * For a call of a user-defined function (let-function, view): the function body as
   * Kusto.Language expanded it for this call site. Built lazily (it is a tree of its own whose
   * offsets are into the body's text, not the query's).
   */
  expansion(): SyntaxNode | undefined;
  /** The analyser's constant value of a literal (strings unquoted, numbers, booleans, …). */
  readonly literal?: unknown;
}

export function child(node: SyntaxNode, name: string): SyntaxNode | null {
  const i = node.childNames.indexOf(name);
  return i < 0 ? null : (node.children[i] ?? null);
}

/** The elements of a `List` / `SeparatedList` node (unwrapping `SeparatedElement`s), no tokens. */
export function listItems(node: SyntaxNode | null): SyntaxNode[] {
  if (node === null) return [];
  const out: SyntaxNode[] = [];
  for (const c of node.children) {
    if (c === null) continue;
    if (c.kind === "SeparatedElement") {
      const e = c.children[0];
      if (e !== null && e !== undefined && !e.isToken) out.push(e);
      else if (e?.isToken) out.push(e);
    } else if (!c.isToken) out.push(c);
  }
  return out;
}

export function spanOf(node: SyntaxNode): { start: number; length: number } {
  return { start: node.start, length: Math.max(0, node.end - node.start) };
}
