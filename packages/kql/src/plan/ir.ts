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
  /**
   * Several output columns from one call (`arg_max(x, *)`, `percentiles(x, 50, 95)`): the
   * kernel's result is then an array with one value per column. `name`/`type` are the first's.
   */
  readonly outputs?: Schema;
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

/** mv-expand / mv-apply parameters. */
export interface MvOptions {
  /** `kind=array` / `bagexpansion=array`: a property bag expands to `[key, value]` pairs. */
  readonly bagAsArray?: boolean;
  /** `with_itemindex=Name`: a column with each element's index. */
  readonly itemIndex?: string;
}

/** One element of a parse pattern: a constant (text or regex), `*`, or a column to extract. */
export type ParsePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "any" }
  | { readonly kind: "column"; readonly name: string; readonly type: KType };

export interface ParseKvOptions {
  readonly pairDelimiter: string;
  readonly kvDelimiter: string;
  /** Quote characters (any of them opens a quoted key or value). */
  readonly quote: string;
  readonly escape: string;
  readonly greedy: boolean;
  /** `regex=`: a pattern with two groups (key, value), instead of the delimiters. */
  readonly regex?: string;
}

/** One level of top-nested: `top-nested N of key with others = X by agg asc|desc`. */
export interface TopNestedLevel {
  readonly count?: Expr;
  readonly key: NamedExpr;
  readonly others?: Expr;
  readonly aggregate: AggregateCall;
  readonly descending: boolean;
}

/** One `step` of scan: a condition on the row and the steps' state, and assignments. */
export interface ScanStep {
  readonly name: string;
  readonly output: "all" | "last" | "none";
  readonly condition: Expr;
  readonly assignments: readonly NamedExpr[];
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
  /**
   * evaluate ipv4_lookup: each input row with the lookup rows whose IPv4 range (`rangeKey`, a
   * CIDR or an address) holds its `sourceKey` address and whose `extraKeys` are equal.
   */
  | (Node & {
      readonly op: "ipv4-lookup";
      readonly input: Plan;
      readonly lookup: Plan;
      readonly sourceKey: string;
      readonly rangeKey: string;
      readonly extraKeys: readonly string[];
      readonly returnUnmatched: boolean;
    })
  /** externaldata: rows of the local copies of `urls` the caller mapped (none: an empty table and a warning). */
  | (Node & { readonly op: "externaldata"; readonly urls: readonly string[]; readonly format: string; readonly ignoreFirstRecord: boolean })
  | (Node & { readonly op: "print"; readonly exprs: readonly NamedExpr[] })
  /** The implicit input of a subquery (mv-apply's `on (...)`, a function's tabular parameter, …). */
  | (Node & { readonly op: "input"; readonly id: number })
  | (Node & { readonly op: "where"; readonly input: Plan; readonly predicate: Expr })
  /**
   * extend / project / project-away / -rename / -reorder / -keep: `steps` are evaluated in order
   * (each sees the columns assigned before it), then `schema`'s columns are picked by name.
   */
  | (Node & {
      readonly op: "project";
      readonly input: Plan;
      readonly steps: readonly NamedExpr[];
      /**
       * extend, project-away/-rename/-reorder: columns of the input the analyser did not know
       * (after bag_unpack or pivot: exec/open-columns.ts) pass through. `project` drops them.
       */
      readonly passUnknown?: boolean;
      /** Unknown columns that do not pass: renamed away (project-rename) or removed (project-away). */
      readonly dropUnknown?: readonly string[];
    })
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
      /** lookup: the right side's key columns are not repeated in the output. */
      readonly lookup?: boolean;
    })
  | (Node & { readonly op: "union"; readonly inputs: readonly Plan[]; readonly withSource?: string; readonly sourceNames?: readonly string[] })
  | (Node & {
      readonly op: "mv-expand";
      readonly input: Plan;
      readonly items: readonly MvItem[];
      readonly limit?: number;
      readonly options?: MvOptions;
    })
  | (Node & {
      readonly op: "mv-apply";
      readonly input: Plan;
      readonly items: readonly MvItem[];
      readonly limit?: number;
      readonly options?: MvOptions;
      readonly inputId: number;
      readonly subquery: Plan;
    })
  /** Binds a plan as the `input` of `body` (a call of a tabular function, `invoke`, `as`). */
  | (Node & { readonly op: "bind-input"; readonly id: number; readonly value: Plan; readonly body: Plan })
  /** `materialize(T)`: computed once per query, cached by id. */
  | (Node & { readonly op: "materialize"; readonly id: number; readonly input: Plan })
  | (Node & { readonly op: "range"; readonly column: string; readonly from: Expr; readonly to: Expr; readonly step: Expr })
  /** parse / parse-where (`dropUnmatched`): columns extracted from `source` by a pattern. */
  | (Node & {
      readonly op: "parse";
      readonly input: Plan;
      readonly source: Expr;
      readonly mode: "simple" | "regex" | "relaxed";
      readonly flags: string;
      readonly pattern: readonly ParsePart[];
      readonly dropUnmatched: boolean;
    })
  /**
   * scan: a state machine over the rows in order. Inside conditions and assignments a column
   * `step.col` (named so) is the value of `col` in that step's state.
   */
  | (Node & {
      readonly op: "scan";
      readonly input: Plan;
      readonly matchId?: string;
      readonly declared: readonly { readonly name: string; readonly type: KType; readonly initial: Expr }[];
      readonly steps: readonly ScanStep[];
    })
  /** getschema: the input's columns as rows (ColumnName, ColumnOrdinal, DataType, ColumnType). */
  | (Node & { readonly op: "getschema"; readonly input: Plan })
  /** sample N (random rows) and sample-distinct N of expr (random distinct values). */
  | (Node & { readonly op: "sample"; readonly input: Plan; readonly count: Expr; readonly distinctOf?: Expr })
  /** consume: reads the input, outputs nothing. */
  | (Node & { readonly op: "consume"; readonly input: Plan })
  /** reduce by expr: SLCT clustering of text values into patterns. */
  | (Node & {
      readonly op: "reduce";
      readonly input: Plan;
      readonly expr: Expr;
      readonly threshold: number;
      readonly characters?: string;
      readonly appendPattern: boolean;
    })
  /** evaluate plugin(args): bag_unpack, pivot, narrow (their columns are known only at run time). */
  | (Node & {
      readonly op: "evaluate";
      readonly input: Plan;
      readonly plugin: string;
      readonly args: readonly Expr[];
      /** pivot's aggregation (`sum(x)`; default count()). */
      readonly aggregate?: AggregateCall;
    })
  /** partition by key (subquery): the subquery runs on each key's rows (`input` id), results unioned. */
  | (Node & { readonly op: "partition"; readonly input: Plan; readonly key: Expr; readonly inputId: number; readonly subquery: Plan })
  /** make-series: per group, aggregates of the rows in each bin of an axis, as arrays. */
  | (Node & {
      readonly op: "make-series";
      readonly input: Plan;
      readonly by: readonly NamedExpr[];
      readonly aggregates: readonly AggregateCall[];
      readonly defaults: readonly Expr[];
      /** `to` is exclusive, except for `in range(from, to, step)` (`inclusive`). */
      readonly axis: {
        readonly name: string;
        readonly on: Expr;
        readonly from?: Expr;
        readonly to?: Expr;
        readonly step: Expr;
        readonly inclusive: boolean;
      };
    })
  /** top-nested: a hierarchy of top-N groups, each level within the previous one's groups. */
  | (Node & { readonly op: "top-nested"; readonly input: Plan; readonly levels: readonly TopNestedLevel[] })
  | (Node & { readonly op: "parse-kv"; readonly input: Plan; readonly source: Expr; readonly keys: Schema; readonly options: ParseKvOptions });

export type PlanOp = Plan["op"];

/** A `set NAME [= VALUE];` statement: a constant expression, or true for a bare `set name;`. */
export interface SetOption {
  readonly value: Expr | true;
  readonly span: Span;
}
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
