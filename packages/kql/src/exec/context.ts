/**
 * What one execution of a plan needs: the query-level "now", where tables and watchlists come
 * from, and the per-query caches (materialize, toscalar, bound kernels).
 */
import type { Diagnostic, Span } from "../diagnostics.js";
import type { IpLocator, RowKernel } from "../functions/registry-types.js";
import type { Expr, Plan } from "../plan/ir.js";
import type { Value } from "../types.js";
import type { Column } from "./column.js";
import {
  DEFAULT_LIMITS,
  HEAP_STOP_FRACTION,
  MAX_OPERATOR_ROWS,
  type ResolvedLimits,
  heapLimit,
  heapLimitError,
  memoryLimitError,
  nestingLimitError,
  rowLimitError,
  timeLimitError,
} from "../limits.js";
import type { Table } from "./table.js";
import type { WindowCache } from "./window-cache.js";
import { getHeapStatistics } from "node:v8";

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

  /** The limits this execution runs under (./limits.ts). */
  limits: ResolvedLimits = DEFAULT_LIMITS;
  /** performance.now() past which the query stops (WQ050). */
  deadline = Number.POSITIVE_INFINITY;
  /** The span of the operator running now: where an unexpected failure is reported (WQ004). */
  span: Span | undefined;
  /** Plans running inside each other now (mv-apply subqueries, toscalar, partition). */
  depth = 0;
  /** Estimated bytes reserved by this execution's operators so far (./limits.ts). */
  reserved = 0;
  /** Warnings of the execution (a cap that cut something, WQ055; an externaldata URL with no local copy), once per span and message. */
  readonly warnings: Diagnostic[] = [];
  private readonly warned = new Set<string>();
  private checks = 0;

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

  /** Stops the query past its time limit; every 64th call also checks the JS heap. Cheap: call it often. */
  checkpoint(span: Span | undefined = this.span): void {
    if (performance.now() > this.deadline) throw timeLimitError(this.limits.timeoutMs, span);
    if ((++this.checks & 63) !== 0) return;
    const used = getHeapStatistics().used_heap_size;
    if (used > heapLimit() * HEAP_STOP_FRACTION) throw heapLimitError(used, span);
  }

  /**
   * Charges an allocation of about `bytes` (`what`: "the join's output") to the operator's and
   * the query's memory budgets; throws WQ053 when it does not fit. Call before allocating.
   */
  reserve(bytes: number, what: string, span: Span | undefined = this.span): void {
    const { maxMemoryPerOperator, maxMemoryPerQuery } = this.limits;
    if (bytes > maxMemoryPerOperator) throw memoryLimitError(what, bytes, maxMemoryPerOperator, false, span);
    if (this.reserved + bytes > maxMemoryPerQuery) throw memoryLimitError(what, this.reserved + bytes, maxMemoryPerQuery, true, span);
    this.reserved += bytes;
  }

  /**
   * A budget for rows an operator produces one by one (join pairs, mv-expand elements): call
   * `check(rows)` as they grow; it charges their bytes to the budgets in doubling steps (so it
   * does real work a logarithmic number of times), and checks the time limit.
   */
  rowBudget(bytesPerRow: number, what: string, span: Span | undefined = this.span): { check(rows: number): void } {
    let charged = 0;
    const { maxMemoryPerOperator, maxMemoryPerQuery } = this.limits;
    return {
      check: (rows: number) => {
        if (rows > MAX_OPERATOR_ROWS) throw rowLimitError(what, rows, span);
        const bytes = rows * bytesPerRow;
        if (bytes <= charged) return;
        if (bytes > maxMemoryPerOperator) throw memoryLimitError(what, bytes, maxMemoryPerOperator, false, span);
        if (this.reserved + bytes - charged > maxMemoryPerQuery) throw memoryLimitError(what, this.reserved + bytes - charged, maxMemoryPerQuery, true, span);
        const next = Math.min(Math.max(bytes, charged * 2, 1 << 20), maxMemoryPerOperator, maxMemoryPerQuery - this.reserved + charged);
        this.reserved += next - charged;
        charged = next;
        this.checkpoint(span);
      },
    };
  }

  /**
   * A time check for a row loop whose rows may be slow (a function over a long array per row):
   * call `tick()` once a row. It checks the clock every `every` rows, `every` starting at 1 and
   * doubling (to 1,024) while the rows between two checks take under a millisecond, halving when
   * they take over 10: cheap rows cost a counter, and slow ones cannot run long past the limit.
   */
  rowTicker(span: Span | undefined = this.span): () => void {
    let every = 1;
    let left = 1;
    let last = performance.now();
    return () => {
      if (--left > 0) return;
      this.checkpoint(span);
      const now = performance.now();
      const took = now - last;
      last = now;
      if (took < 1 && every < 1024) every *= 2;
      else if (took > 10 && every > 1) every >>= 1;
      left = every;
    };
  }

  /** Runs `f` one level deeper (a nested plan or expression); throws WQ054 past the nesting limit. */
  nested<T>(span: Span | undefined, f: () => T): T {
    if (++this.depth > this.limits.maxNesting) {
      this.depth--;
      throw nestingLimitError(this.limits.maxNesting, span);
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** A warning for the result (WQ055: a documented cap cut something), once per span and message. */
  warn(code: string, message: string, span: Span | undefined): void {
    const key = `${code}:${span?.start}:${span?.length}:${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push({ code, severity: "warning", message, ...(span === undefined ? {} : { span }) });
  }
}
