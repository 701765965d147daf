/**
 * widar's typed plan: what the lowering stage produces and the executor consumes. Plain tagged
 * unions; every tabular node carries its output schema (from Kusto.Language's analysis) and every
 * scalar expression its type, so execution never guesses a type.
 *
 *   text ──analyze──▶ SyntaxNode (bound) ──lower──▶ Plan / Expr ──execute──▶ Table
 */
import type { Span } from "../diagnostics.js";
import type { Schema } from "../schema.js";
import type { KType, Value } from "../types.js";

// ---------------------------------------------------------------- scalar expressions

export type Expr =
  | { readonly kind: "literal"; readonly type: KType; readonly value: Value }
  | { readonly kind: "column"; readonly type: KType; readonly name: string; readonly span?: Span }
  | {
      readonly kind: "call";
      readonly type: KType;
      readonly fn: string;
      readonly args: readonly Expr[];
      readonly span?: Span;
    }
  /** `x.name` / `x["name"]` on a dynamic value. */
  | { readonly kind: "member"; readonly type: KType; readonly target: Expr; readonly name: string }
  /** `x[i]` on a dynamic array (negative counts from the end) or `x[key]` on a bag. */
  | { readonly kind: "index"; readonly type: KType; readonly target: Expr; readonly index: Expr }
  /** `toscalar(T)`, and scalar `let`s bound to one: evaluated once per query (cached by id). */
  | {
      readonly kind: "scalar-query";
      readonly type: KType;
      readonly id: number;
      readonly plan: Plan;
      /** The first column of every row as a dynamic array (`x in (T)`), not the first value. */
      readonly asList?: boolean;
    };

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

// ---------------------------------------------------------------- tabular plan

export type JoinKind =
  | "innerunique"
  | "inner"
  | "leftouter"
  | "rightouter"
  | "fullouter"
  | "leftsemi"
  | "leftanti"
  | "rightsemi"
  | "rightanti";

export interface AggregateCall {
  readonly name: string;
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly type: KType;
  readonly span?: Span;
}

export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface MvItem {
  readonly name: string;
  readonly expr: Expr;
  /** `to typeof(T)`: the element type the expanded column has. */
  readonly type: KType;
}

interface Node {
  readonly schema: Schema;
  readonly span?: Span;
}

export type Plan =
  /** A table of the catalog (or loaded by the caller); `timeFilter` is a pushed-down TimeGenerated range. */
  | (Node & { readonly op: "table"; readonly name: string })
  | (Node & { readonly op: "watchlist"; readonly alias: string })
  | (Node & { readonly op: "values"; readonly rows: readonly (readonly Expr[])[] })
  | (Node & { readonly op: "print"; readonly exprs: readonly NamedExpr[] })
  /** The implicit input of a subquery (mv-apply's `on (...)`, a function's tabular parameter, …). */
  | (Node & { readonly op: "input"; readonly id: number })
  | (Node & { readonly op: "where"; readonly input: Plan; readonly predicate: Expr })
  /**
   * extend / project / project-away / -rename / -reorder / -keep: `steps` are evaluated in order
   * (each sees the columns assigned before it), then `schema`'s columns are picked by name.
   */
  | (Node & { readonly op: "project"; readonly input: Plan; readonly steps: readonly NamedExpr[] })
  | (Node & {
      readonly op: "summarize";
      readonly input: Plan;
      readonly by: readonly NamedExpr[];
      readonly aggregates: readonly AggregateCall[];
    })
  | (Node & { readonly op: "take"; readonly input: Plan; readonly count: Expr })
  | (Node & { readonly op: "sort"; readonly input: Plan; readonly keys: readonly SortKey[] })
  | (Node & { readonly op: "top"; readonly input: Plan; readonly count: Expr; readonly keys: readonly SortKey[] })
  | (Node & { readonly op: "distinct"; readonly input: Plan; readonly exprs: readonly NamedExpr[] })
  | (Node & { readonly op: "count"; readonly input: Plan })
  | (Node & {
      readonly op: "join";
      readonly kind: JoinKind;
      readonly left: Plan;
      readonly right: Plan;
      readonly leftKeys: readonly string[];
      readonly rightKeys: readonly string[];
    })
  | (Node & { readonly op: "union"; readonly inputs: readonly Plan[]; readonly withSource?: string; readonly sourceNames?: readonly string[] })
  | (Node & {
      readonly op: "mv-expand";
      readonly input: Plan;
      readonly items: readonly MvItem[];
      readonly limit?: number;
    })
  | (Node & {
      readonly op: "mv-apply";
      readonly input: Plan;
      readonly items: readonly MvItem[];
      readonly inputId: number;
      readonly subquery: Plan;
    })
  /** Binds a plan as the `input` of `body` (a call of a tabular function, `invoke`, `as`). */
  | (Node & { readonly op: "bind-input"; readonly id: number; readonly value: Plan; readonly body: Plan })
  /** `materialize(T)`: computed once per query, cached by id. */
  | (Node & { readonly op: "materialize"; readonly id: number; readonly input: Plan })
  | (Node & { readonly op: "range"; readonly column: string; readonly from: Expr; readonly to: Expr; readonly step: Expr });

export type PlanOp = Plan["op"];
export type ExprKind = Expr["kind"];

// ---------------------------------------------------------------- small factories

export function lit(type: KType, value: Value): Expr {
  return { kind: "literal", type, value };
}

export function col(name: string, type: KType): Expr {
  return { kind: "column", name, type };
}

export function call(fn: string, type: KType, args: readonly Expr[], span?: Span): Expr {
  return { kind: "call", fn, type, args, span };
}
