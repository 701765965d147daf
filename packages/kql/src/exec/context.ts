/**
 * What one execution of a plan needs: the query-level "now", where tables and watchlists come
 * from, and the per-query caches (materialize, toscalar, bound kernels).
 */
import type { Diagnostic } from "../diagnostics.js";
import type { IpLocator, RowKernel } from "../functions/registry-types.js";
import type { Expr, Plan } from "../plan/ir.js";
import type { Value } from "../types.js";
import type { Column } from "./column.js";
import type { Table } from "./table.js";
import type { WindowCache } from "./window-cache.js";

export interface DataSource {
  /** A loaded table by name, or undefined (a catalog table with no data is empty). */
  table(name: string): Table | undefined;
  /** A loaded watchlist by alias (SearchKey and its own columns), or undefined. */
  watchlist(alias: string): Table | undefined;
  /** Where IPs are (geo_info_from_ip_address); none: the function reports that it has no data. */
  readonly ipLocator?: IpLocator;
  /** The text of the caller's local copy of an externaldata URL, or undefined (none mapped). */
  externalData?(url: string): string | undefined;
}

/** What profiling records of one plan node over an execution (see QueryOptions.profile). */
export interface NodeProfile {
  /** Times the node ran (a plan under mv-apply or a scalar subquery may run many times). */
  calls: number;
  /** Time in the node itself, its inputs' time excluded. */
  selfMs: number;
  /** Rows it returned, summed over its calls. */
  rows: number;
}

export class ExecContext {
  /** Per plan node, when the caller asked for a profile. */
  profile: Map<Plan, NodeProfile> | undefined;
  /** Profiling: time spent in the running node's inputs so far. */
  childMs = 0;
  /** Subplans computed once per execution (./shared-plans.ts), and their results. */
  shared: ReadonlySet<Plan> = new Set();
  readonly sharedResults = new Map<Plan, Table>();
  /** Expressions already evaluated over a table (evaluate.ts), by the expression's structure. */
  readonly evaluated = new WeakMap<Table, Map<string, Column>>();
  readonly materialized = new Map<number, Table>();
  readonly scalars = new Map<number, Value>();
  readonly kernels = new WeakMap<Expr, RowKernel>();
  readonly inputs = new Map<number, Table>();
  /** Partial aggregates kept across consecutive windows of one query (QueryOptions.windowCache). */
  windowCache: WindowCache | undefined;
  /** Warnings of this execution (an externaldata URL with no local copy), returned with the result. */
  readonly warnings: Diagnostic[] = [];

  constructor(
    readonly source: DataSource,
    /** The query's "now" in ticks (types.ts); ago() and now() read it. */
    readonly now: number,
    /**
     * The query's time range in ticks, inclusive: tables show only rows whose TimeGenerated lies
     * in it (a scheduled rule sees its queryPeriod up to its run time, and nothing after).
     */
    readonly timeRange?: { readonly from: number; readonly to: number },
  ) {}
}
