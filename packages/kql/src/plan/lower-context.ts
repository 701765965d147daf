/**
 * State shared by the lowering of one query: `let` bindings (by symbol id), the parameters of
 * the user-function expansions being lowered (by name, innermost first), the implicit inputs of
 * subqueries, and fresh ids for materialize / toscalar caches.
 */
import type { SyntaxNode } from "../analyze/syntax.js";
import { spanOf } from "../analyze/syntax.js";
import { KqlError, internalError, notSupported } from "../diagnostics.js";
import { nestingLimitError } from "../limits.js";
import type { Schema } from "../schema.js";
import type { KType } from "../types.js";
import type { Expr, Plan, SetOption } from "./ir.js";

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
  /**
   * Set while lowering summarize's aggregate expressions: an aggregate call met inside an
   * expression (`count() * 2`) is registered here and replaced by a reference to its column.
   */
  aggregateHook: ((node: SyntaxNode) => Expr) | undefined;
  /** While search/find predicates are lowered: the columns their terms expand over. */
  searchScope: { readonly columns: Schema; readonly caseSensitive: boolean } | undefined;
  /** The catalog's tables (search and find without `in` read them all). */
  catalogTables: readonly { readonly name: string; readonly schema: Schema }[] = [];
  /** `let V = view () {...}` views, which search and find also read. */
  readonly views: { readonly name: string; readonly plan: () => Plan }[] = [];
  /** The input columns of the operators being lowered, innermost last (pack_all, column_ifexists). */
  readonly rowSchemas: Schema[] = [];
  /** `declare pattern` statements by name: their argument values and bodies. */
  readonly patterns = new Map<string, { readonly values: readonly SyntaxNode[]; readonly body: SyntaxNode }[]>();
  /**
   * Values for `declare query_parameters(...)`, by name, as the caller gives them, and how they
   * become values of a parameter's declared type (undefined: they do not convert).
   */
  queryParameters: ReadonlyMap<string, unknown> = new Map();
  convertParameter: (raw: unknown, type: KType) => import("../types.js").Value | undefined = () => undefined;
  /** scan's step names by symbol id, while its steps are lowered (`s1.x` reads a step's state). */
  readonly scanSteps = new Map<number, string>();
  /**
   * toscalar ids by lowered plan: a function body's `toscalar(...)` expanded again into the same
   * plan is the same computation, evaluated once per query (the named-expressions page:
   * `let y = () {toscalar(rand(1000))}; print y, y` prints one value twice). Each expansion is a
   * fresh syntax tree, so the key is the plan, not the node; textually equal toscalar calls
   * elsewhere in the query share it too, which is also what "a constant number of times" allows.
   */
  readonly scalarQueryIds = new Map<string, number>();
  /** `set NAME [= VALUE];` statements: options of the execution (limits: ../limits.ts). */
  readonly setOptions = new Map<string, SetOption>();

  /** Lowering recursion depth (let references and function bodies nest beyond the syntax's own depth). */
  private depth = 0;
  /** Past this depth lowering stops with WQ054 (../limits.ts maxNesting). */
  maxNesting = 1000;

  /** Lowers one level deeper; WQ054 past maxNesting, before the JS stack can overflow. */
  nested<T>(node: SyntaxNode, f: () => T): T {
    if (this.depth >= this.maxNesting) throw nestingLimitError(this.maxNesting, spanOf(node));
    this.depth++;
    try {
      return f();
    } catch (e) {
      // The innermost node a failure passes through is where it is reported.
      throw e instanceof KqlError ? e : internalError(e, spanOf(node));
    } finally {
      this.depth--;
    }
  }

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
