/**
 * Query limits, as Kusto has them ("Query limits" in the Kusto docs), each a coded error that
 * names the limit and how to raise it. Rule text is untrusted and widar runs unattended, so no
 * query may hang, exhaust the process's memory or overflow its stack.
 *
 * | limit | default | raise it with | error |
 * | --- | --- | --- | --- |
 * | time | 4 min (Kusto's `servertimeout`) | `set servertimeout = 10m;`, `QueryOptions.limits.timeoutMs`, `widar query --timeout` | WQ050 |
 * | result rows | 500,000 (`truncationmaxrecords`) | `set truncationmaxrecords = N;`, `set notruncation;`, `--max-result-rows` | WQ051 |
 * | result size | 64 MB (`truncationmaxsize`) | `set truncationmaxsize = N;`, `set notruncation;`, `--max-result-bytes` | WQ052 |
 * | memory per operator | a quarter of the JS heap limit, at most Kusto's 5 GB (`maxmemoryconsumptionperiterator`) | `set maxmemoryconsumptionperiterator = N;`, `--max-memory` | WQ053 |
 * | memory per query | three quarters of the JS heap limit, at most Kusto's 8 GB (`max_memory_consumption_per_query_per_node`) | `set max_memory_consumption_per_query_per_node = N;` | WQ053 |
 * | nesting | 1,000 levels of plan or expression (`QueryOptions.limits.maxNesting`) | — (deeper recursion overflows the JS stack) | WQ054 |
 *
 * Memory is estimated where it can blow up — join output, mv-expand rows, range, summarize
 * groups, distinct sets (dcount, make_set, hll), string and dynamic columns an expression builds,
 * long strings — before or while it is allocated; the JS heap's actual use is also checked at
 * every operator. Besides the budget, no operator may produce more than 2^26 rows: V8 cannot
 * grow a JS array much beyond 2^27 elements and dies with a fatal error rather than throwing.
 *
 * Caps that Kusto documents as silent (strrep's multiplier of 1,024, range()'s and make_set's
 * 1,048,576 elements) stay, but each adds a warning (WQ055) saying what was cut.
 */
import { getHeapStatistics } from "node:v8";
import { KqlError, type Span } from "./diagnostics.js";

export interface QueryLimits {
  /** Wall-clock time for one execution, in ms (`set servertimeout`). */
  readonly timeoutMs?: number;
  /** Rows of any one result table (`set truncationmaxrecords`). */
  readonly maxResultRows?: number;
  /** Estimated bytes of any one result table (`set truncationmaxsize`). */
  readonly maxResultBytes?: number;
  /** No result-row or result-size limit (`set notruncation`). */
  readonly noTruncation?: boolean;
  /** Estimated bytes one operator may allocate (`set maxmemoryconsumptionperiterator`). */
  readonly maxMemoryPerOperator?: number;
  /** Estimated bytes all operators of one execution may allocate (`set max_memory_consumption_per_query_per_node`). */
  readonly maxMemoryPerQuery?: number;
  /** Depth of nested plans and expressions (lowering and execution recurse on it). */
  readonly maxNesting?: number;
}

export type ResolvedLimits = Required<QueryLimits>;

const GB = 1024 ** 3;
const HEAP_LIMIT = getHeapStatistics().heap_size_limit;

export const DEFAULT_LIMITS: ResolvedLimits = {
  timeoutMs: 4 * 60_000,
  maxResultRows: 500_000,
  maxResultBytes: 64 * 1024 * 1024,
  noTruncation: false,
  maxMemoryPerOperator: Math.min(5 * GB, Math.floor(HEAP_LIMIT / 4)),
  maxMemoryPerQuery: Math.min(8 * GB, Math.floor(HEAP_LIMIT * 0.75)),
  maxNesting: 1000,
};

/** Rows any one operator may produce: V8's largest JS array is about 2^27 elements. */
export const MAX_OPERATOR_ROWS = 2 ** 26;

/** Entries of one JS Map or Set: V8 throws past 2^24 (grouping keys, join buckets, distinct sets). */
export const MAX_MAP_ENTRIES = 2 ** 24 - 1;

/** WQ053 for a grouping, join or distinct set past what one JS Map or Set holds. */
export function distinctLimitError(what: string, span?: Span): KqlError {
  return new KqlError(
    "WQ053",
    `${what} has more than ${MAX_MAP_ENTRIES.toLocaleString("en-US")} distinct values, more than widar holds in one operator; narrow the query or group by fewer values`,
    span,
  );
}

/** Bytes an estimate charges per string, guid or dynamic value built (pointer, header, text). */
export const OBJECT_VALUE_BYTES = 40;

/** Kusto's `set` options that are limits, by name, and the field each sets. */
export const LIMIT_OPTIONS: Readonly<Record<string, keyof QueryLimits>> = {
  servertimeout: "timeoutMs",
  truncationmaxrecords: "maxResultRows",
  truncationmaxsize: "maxResultBytes",
  notruncation: "noTruncation",
  maxmemoryconsumptionperiterator: "maxMemoryPerOperator",
  max_memory_consumption_per_query_per_node: "maxMemoryPerQuery",
};

export function resolveLimits(...layers: (QueryLimits | undefined)[]): ResolvedLimits {
  const out: { -readonly [K in keyof ResolvedLimits]: ResolvedLimits[K] } = { ...DEFAULT_LIMITS };
  for (const l of layers) {
    if (l === undefined) continue;
    for (const [k, v] of Object.entries(l) as [keyof QueryLimits, number | boolean | undefined][]) {
      if (v === undefined) continue;
      if (typeof v === "number" && !(v > 0)) continue;
      (out as Record<string, number | boolean>)[k] = v;
    }
  }
  return out;
}

/** `1.5 GB`, `64 MB`, `512 KB`, `17 bytes`. */
export function formatBytes(n: number): string {
  if (n >= GB) return `${(n / GB).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(0)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

function formatMs(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export function timeLimitError(limitMs: number, span: Span | undefined): KqlError {
  return new KqlError(
    "WQ050",
    `the query ran past its time limit of ${formatMs(limitMs)}; raise it with 'set servertimeout = 10m;' before the query (widar query --timeout 10m)`,
    span,
  );
}

export function memoryLimitError(what: string, bytes: number, limit: number, perQuery: boolean, span: Span | undefined): KqlError {
  const option = perQuery ? "max_memory_consumption_per_query_per_node" : "maxmemoryconsumptionperiterator";
  return new KqlError(
    "WQ053",
    `${what} needs about ${formatBytes(bytes)}, over the ${perQuery ? "query's" : "operator's"} memory budget of ${formatBytes(limit)}; ` +
      `narrow the query first, or raise the budget with 'set ${option} = ${Math.ceil((bytes * 2) / 1e9) * 1e9};' (widar query --max-memory)`,
    span,
  );
}

export function rowLimitError(what: string, rows: number, span: Span | undefined): KqlError {
  return new KqlError(
    "WQ053",
    `${what} would hold at least ${rows.toLocaleString("en-US")} rows, more than the ${MAX_OPERATOR_ROWS.toLocaleString("en-US")} one operator can; narrow the query`,
    span,
  );
}

export function heapLimitError(used: number, span: Span | undefined): KqlError {
  return new KqlError(
    "WQ053",
    `the query holds ${formatBytes(used)} of the ${formatBytes(HEAP_LIMIT)} JavaScript heap; stopped before the process runs out of memory (narrow the query, or give Node.js more with --max-old-space-size)`,
    span,
  );
}

export function nestingLimitError(limit: number, span: Span | undefined): KqlError {
  return new KqlError("WQ054", `the query nests more than ${limit} levels deep (operators, expressions or let references); simplify it`, span);
}

/** The fraction of the heap limit past which an operator boundary stops the query. */
export const HEAP_STOP_FRACTION = 0.85;

export function heapLimit(): number {
  return HEAP_LIMIT;
}
