/**
 * Time-range pruning: a `where` directly over a table scan whose predicate has conjuncts like
 * `TimeGenerated > ago(1h)`, `>= X`, `< Y` or `between (X .. Y)` (X, Y constant for the query)
 * reads only the rows in that range, found by binary search in a sorted index of the column
 * that is built once per loaded table and cached. So a rule's 30-minute window costs the same
 * over 30 days of history as over one. The full predicate still runs on the rows kept.
 */
import type { Expr } from "../plan/ir.js";
import type { Column } from "./column.js";
import { FixedColumn } from "./column.js";
import type { ExecContext } from "./context.js";
import { evalExpr, isPlanConstant } from "./evaluate.js";
import { ONE_ROW, type Table } from "./table.js";

interface Range {
  lo: number;
  loInclusive: boolean;
  hi: number;
  hiInclusive: boolean;
  /** Every conjunct of the predicate is a bound on this column: the rows in range satisfy it. */
  complete?: boolean;
}

function constant(e: Expr, ctx: ExecContext): number | undefined {
  if (!isPlanConstant(e)) return undefined;
  const v = evalExpr(e, ONE_ROW, ctx).get(0);
  return typeof v === "number" ? v : undefined;
}

/** The range a predicate implies for a datetime column `name`, or undefined if none. */
export function impliedRange(pred: Expr, name: string, ctx: ExecContext): Range | undefined {
  const r: Range = { lo: Number.NEGATIVE_INFINITY, loInclusive: true, hi: Number.POSITIVE_INFINITY, hiInclusive: true };
  let found = false;
  let complete = true;
  const visit = (e: Expr): void => {
    if (e.kind !== "call") {
      complete = false;
      return;
    }
    if (e.fn === "and") {
      for (const a of e.args) visit(a);
      return;
    }
    const [a, b, c] = e.args;
    const isCol = (x: Expr | undefined) => x?.kind === "column" && x.name === name && x.type === "datetime";
    if (e.fn === "between" && isCol(a) && b !== undefined && c !== undefined) {
      const lo = constant(b, ctx);
      const hi = constant(c, ctx);
      if (lo !== undefined && hi !== undefined) {
        tighten(r, ">=", lo);
        tighten(r, "<=", hi);
        found = true;
      } else complete = false;
      return;
    }
    if (![">", ">=", "<", "<=", "=="].includes(e.fn) || a === undefined || b === undefined) {
      complete = false;
      return;
    }
    const flipped: Record<string, string> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==" };
    const v = isCol(a) ? constant(b, ctx) : isCol(b) ? constant(a, ctx) : undefined;
    if (v === undefined) {
      complete = false;
      return;
    }
    tighten(r, isCol(a) ? e.fn : flipped[e.fn]!, v);
    found = true;
  };
  visit(pred);
  if (!found) return undefined;
  r.complete = complete;
  return r;
}

function tighten(r: Range, op: string, v: number): void {
  if (op === ">" || op === ">=" || op === "==") {
    if (v > r.lo || (v === r.lo && op === ">")) {
      r.lo = v;
      r.loInclusive = op !== ">";
    }
  }
  if (op === "<" || op === "<=" || op === "==") {
    if (v < r.hi || (v === r.hi && op === "<")) {
      r.hi = v;
      r.hiInclusive = op !== "<";
    }
  }
}

interface SortedIndex {
  /** Row ids in ascending time order (nulls excluded). */
  readonly order: Int32Array;
  readonly times: Float64Array;
  /** The rows were already in time order: any slice of `order` is ascending row ids. */
  readonly inRowOrder: boolean;
}

const indexes = new WeakMap<Column, SortedIndex>();

function sortedIndex(col: FixedColumn): SortedIndex {
  let idx = indexes.get(col);
  if (idx !== undefined) return idx;
  const n = col.length;
  const ids: number[] = [];
  let sorted = true;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (col.isNull(i)) continue;
    const t = col.values[i]!;
    if (t < prev) sorted = false;
    prev = t;
    ids.push(i);
  }
  if (!sorted) ids.sort((x, y) => col.values[x]! - col.values[y]!);
  const order = Int32Array.from(ids);
  const times = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) times[k] = col.values[order[k]!]!;
  idx = { order, times, inRowOrder: sorted };
  indexes.set(col, idx);
  return idx;
}

function lowerBound(a: Float64Array, v: number, inclusive: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inclusive ? a[mid]! < v : a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The column Sentinel and Log Analytics restrict a query's time range on. */
export const TIME_COLUMN = "TimeGenerated";

function rowsInRange(col: FixedColumn, r: Range): Int32Array {
  const idx = sortedIndex(col);
  const from = lowerBound(idx.times, r.lo, r.loInclusive);
  const to = lowerBound(idx.times, r.hi, !r.hiInclusive);
  const sel = idx.order.slice(from, Math.max(from, to));
  // Keep the table's own row order (Kusto promises none, but users expect stable output).
  if (idx.inRowOrder) return sel;
  const k = sel.length;
  if (k * Math.log2(k + 1) < col.length) return sel.sort();
  // A large share of a table out of time order: mark the rows, then read them in order.
  const marked = new Uint8Array(col.length);
  for (let i = 0; i < k; i++) marked[sel[i]!] = 1;
  let at = 0;
  for (let r = 0; r < marked.length; r++) if (marked[r] === 1) sel[at++] = r;
  return sel;
}

/**
 * The rows of a loaded `table` that a scan may return: within the query's time range (on
 * TimeGenerated, as Sentinel restricts a scheduled query to its period) and, when `pred` is
 * given, within the range its conjuncts imply on a datetime column. Returns the table itself
 * when nothing restricts it.
 */
export function scanRows(table: Table, pred: Expr | undefined, ctx: ExecContext): Table {
  return prunedScan(table, pred, ctx).table;
}

/**
 * scanRows, and whether every row returned satisfies `pred` already (its conjuncts are all
 * bounds on the column the rows were chosen by), so that the filter need not evaluate it.
 */
export function prunedScan(table: Table, pred: Expr | undefined, ctx: ExecContext): { table: Table; predicateHolds: boolean; prunedBy?: string } {
  let best: { col: FixedColumn; range: Range; name: string } | undefined;
  for (let j = 0; j < table.schema.length; j++) {
    const s = table.schema[j]!;
    if (s.type !== "datetime") continue;
    const col = table.at(j);
    if (!(col instanceof FixedColumn)) continue;
    let r = pred === undefined ? undefined : impliedRange(pred, s.name, ctx);
    if (s.name === TIME_COLUMN && ctx.timeRange !== undefined) {
      r ??= { lo: Number.NEGATIVE_INFINITY, loInclusive: true, hi: Number.POSITIVE_INFINITY, hiInclusive: true, complete: false };
      tighten(r, ">=", ctx.timeRange.from);
      tighten(r, "<=", ctx.timeRange.to);
    }
    if (r !== undefined && (best === undefined || s.name === TIME_COLUMN)) best = { col, range: r, name: s.name };
  }
  if (best === undefined) return { table, predicateHolds: false };
  return { table: table.take(rowsInRange(best.col, best.range)), predicateHolds: best.range.complete === true, prunedBy: best.name };
}

/**
 * The time index of a datetime column, for callers that cut a time range into pieces
 * (exec/windowed-summarize.ts): its times ascending, and whether the rows are in that order.
 */
export function timeIndex(col: FixedColumn): { readonly times: Float64Array; readonly inRowOrder: boolean } {
  return sortedIndex(col);
}

/** The rows whose time lies in [lo, hi] (inclusive ticks), ascending, of a column whose rows are in time order. */
export function rowsBetween(col: FixedColumn, lo: number, hi: number): Int32Array {
  const idx = sortedIndex(col);
  const from = lowerBound(idx.times, lo, true);
  const to = lowerBound(idx.times, hi, false);
  return idx.order.subarray(from, Math.max(from, to));
}
