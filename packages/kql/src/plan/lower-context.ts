/**
 * State shared by the lowering of one query: `let` bindings (by symbol id), the parameters of
 * the user-function expansions being lowered (by name, innermost first), the implicit inputs of
 * subqueries, and fresh ids for materialize / toscalar caches.
 */
import type { SyntaxNode } from "../analyze/syntax.js";
import { spanOf } from "../analyze/syntax.js";
import { KqlError, notSupported } from "../diagnostics.js";
import type { Schema } from "../schema.js";
import type { KType } from "../types.js";
import type { Expr, Plan } from "./ir.js";

export type Binding =
  | { readonly kind: "plan"; readonly plan: Plan }
  | { readonly kind: "expr"; readonly expr: Expr }
  | { readonly kind: "lazy"; readonly node: SyntaxNode; value?: Binding }
  | { readonly kind: "function" };

export class LowerContext {
  private nextId = 1;
  readonly lets = new Map<number, Binding>();
  readonly scopes: Map<string, Binding>[] = [];
  /** Implicit inputs of the subqueries being lowered (mv-apply `on (...)`, …). */
  readonly inputs: { id: number; schema: Schema }[] = [];

  freshId(): number {
    return this.nextId++;
  }

  lookupParameter(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  unsupported(what: string, node: SyntaxNode): KqlError {
    return notSupported(what, spanOf(node));
  }

  error(code: string, message: string, node: SyntaxNode): KqlError {
    return new KqlError(code, message, spanOf(node));
  }
}

export function scalarTypeOf(node: SyntaxNode): KType {
  return node.type.kind === "scalar" ? node.type.type : "dynamic";
}

export function schemaOf(node: SyntaxNode): Schema {
  return node.type.kind === "table" ? node.type.schema : [];
}
