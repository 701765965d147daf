/**
 * Work kept between consecutive runs of one compiled query over sliding time windows (a
 * scheduled rule replayed, or run live window after window): the partial aggregates of whole
 * hours and whole days of a baseline `summarize`, so that each run pays for the rows that are
 * new to it and for merging partials, not for the fourteen days it looks at
 * (./windowed-summarize.ts says which plans qualify and how the partials merge).
 *
 * Opt-in: the caller creates one cache per compiled query and passes it with every run, in
 * time order (out of order is still right, only slower). Results are exactly those of runs
 * without it. Entries are keyed by plan node and by the loaded table they were computed from,
 * so a reloaded table is never read through an old entry.
 *
 * @example
 * const cache = createWindowCache();
 * for (let end = from + hour; end <= to; end += hour)
 *   execute(compiled, catalog, { now: end, timeRange: { from: end - 14 * day, to: end }, windowCache: cache });
 * cache.stats; // { bucketsComputed, bucketsReused, rowsInPieces, ... }
 */
import type { Value } from "../types.js";
import type { Table } from "./table.js";

/** One time bucket's partial aggregates: a row per group, in order of first appearance. */
export interface BucketPartial {
  /** Each group's key, as text (typed, so that 1 and "1" stay apart). */
  readonly keys: readonly string[];
  /** Each group's key values, per `by` column. */
  readonly keyValues: readonly (readonly Value[])[];
  /** Per aggregate, each group's partial value. */
  readonly values: readonly (readonly Value[])[];
}

export interface WindowCacheStats {
  /** Whole hours or days aggregated from their rows (once each while they stay in the window). */
  bucketsComputed: number;
  /** Whole hours or days taken from the cache. */
  bucketsReused: number;
  /** Rows aggregated at the window's ragged ends (parts of an hour), every run. */
  rowsInPieces: number;
  /** Rows aggregated into cached buckets. */
  rowsInBuckets: number;
  /** Summarize runs answered from partials, and runs that took the plain path. */
  windowedRuns: number;
  plainRuns: number;
}

export class WindowCache {
  /** Per summarize plan node and loaded table: bucket key (`size:start`) → partial. */
  private readonly entries = new WeakMap<object, WeakMap<Table, Map<string, BucketPartial>>>();
  readonly stats: WindowCacheStats = { bucketsComputed: 0, bucketsReused: 0, rowsInPieces: 0, rowsInBuckets: 0, windowedRuns: 0, plainRuns: 0 };

  /** The buckets kept for a plan node over a table (created empty). */
  bucketsOf(node: object, table: Table): Map<string, BucketPartial> {
    let byTable = this.entries.get(node);
    if (byTable === undefined) this.entries.set(node, (byTable = new WeakMap()));
    let m = byTable.get(table);
    if (m === undefined) byTable.set(table, (m = new Map()));
    return m;
  }
}

/** A cache for the consecutive windows of one compiled query (QueryOptions.windowCache). */
export function createWindowCache(): WindowCache {
  return new WindowCache();
}
