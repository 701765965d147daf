/**
 * Window functions over serialized rows (`serialize`, `order by`, …): `row_number`,
 * `row_rank_dense`, `row_rank_min`, `prev`, `next`, `row_cumsum`, `row_window_session`.
 *
 * Unlike a row kernel, a window kernel sees whole argument columns and returns the whole result
 * column, in the rows' current order. The `restart` arguments start a new partition at a row
 * where they are true (the counter, rank, sum or session begins again).
 */
import type { KType, Value } from "../types.js";
import { boolConv, numberConv, timespanConv } from "./define.js";
import { comparer } from "./operators-compare.js";
import type { CallSite } from "./registry-types.js";

/** What a window kernel reads: a column's values by row. */
export interface ValueSource {
  get(i: number): Value;
}

export type WindowKernel = (args: readonly ValueSource[], n: number) => Value[];

export interface WindowFunction {
  readonly name: string;
  readonly family: string;
  bind(site: CallSite): WindowKernel;
}

function windowFn(name: string, bind: (site: CallSite) => WindowKernel): WindowFunction {
  return { name, family: "window", bind };
}

/** Row i starts a new partition: the restart argument (at index `at`) is true there. */
function restarts(site: CallSite, args: readonly ValueSource[], at: number): (i: number) => boolean {
  if (args.length <= at) return () => false;
  const c = boolConv(site.argTypes[at] ?? "bool");
  const a = args[at]!;
  return (i) => c(a.get(i)) === true;
}

function rowNumber(site: CallSite): WindowKernel {
  const num = numberConv(site.argTypes[0] ?? "long");
  return (args, n) => {
    const start = args.length > 0 ? (num(args[0]!.get(0)) ?? 1) : 1;
    const restart = restarts(site, args, 1);
    const out: Value[] = new Array(n);
    let k = start;
    for (let i = 0; i < n; i++) {
      if (i > 0 && restart(i)) k = start;
      out[i] = k++;
    }
    return out;
  };
}

/** row_rank_dense / row_rank_min: rank of the (sorted) term; equal neighbours share a rank. */
function rowRank(dense: boolean) {
  return (site: CallSite): WindowKernel => {
    const t: KType = site.argTypes[0] ?? "dynamic";
    const cmp = comparer(t, t);
    return (args, n) => {
      const restart = restarts(site, args, 1);
      const out: Value[] = new Array(n);
      let rank = 0;
      let inPartition = 0;
      for (let i = 0; i < n; i++) {
        const first = i === 0 || restart(i);
        if (first) {
          rank = 1;
          inPartition = 1;
        } else {
          inPartition++;
          const a = args[0]!.get(i);
          const b = args[0]!.get(i - 1);
          const same = (a === null && b === null) || cmp(a, b) === 0;
          if (!same) rank = dense ? rank + 1 : inPartition;
        }
        out[i] = rank;
      }
      return out;
    };
  };
}

/** prev/next(column [, offset [, default]]): the value `offset` rows before/after, else default. */
function shift(direction: -1 | 1) {
  return (site: CallSite): WindowKernel => {
    const off = numberConv(site.argTypes[1] ?? "long");
    return (args, n) => {
      const offset = args.length > 1 ? (off(args[1]!.get(0)) ?? 1) : 1;
      const k = Math.trunc(offset) * direction;
      const out: Value[] = new Array(n);
      const empty: Value = site.resultType === "string" ? "" : null;
      for (let i = 0; i < n; i++) {
        const j = i + k;
        out[i] = j >= 0 && j < n ? args[0]!.get(j) : args.length > 2 ? args[2]!.get(i) : empty;
      }
      return out;
    };
  };
}

function rowCumsum(site: CallSite): WindowKernel {
  const t = site.argTypes[0] ?? "long";
  const num = t === "timespan" ? timespanConv(t) : numberConv(t);
  return (args, n) => {
    const restart = restarts(site, args, 1);
    const out: Value[] = new Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && restart(i)) sum = 0;
      sum += num(args[0]!.get(i)) ?? 0;
      out[i] = sum;
    }
    return out;
  };
}

/**
 * row_window_session(expr, maxFromFirst, maxBetweenNeighbours [, restart]): the value of the
 * session's first row; a session ends where a row is too far from its first or previous row.
 */
function rowWindowSession(site: CallSite): WindowKernel {
  const span = (i: number) => timespanConv(site.argTypes[i] ?? "timespan");
  const fromFirst = span(1);
  const between = span(2);
  return (args, n) => {
    const restart = restarts(site, args, 3);
    const maxFirst = fromFirst(args[1]!.get(0)) ?? Number.POSITIVE_INFINITY;
    const maxGap = between(args[2]!.get(0)) ?? Number.POSITIVE_INFINITY;
    const out: Value[] = new Array(n);
    let start: number | null = null;
    let prev: number | null = null;
    for (let i = 0; i < n; i++) {
      const v = args[0]!.get(i);
      const x = typeof v === "number" ? v : null;
      if (x === null) {
        out[i] = null;
        continue;
      }
      if (start === null || prev === null || restart(i) || x - start > maxFirst || x - prev > maxGap) start = x;
      prev = x;
      out[i] = start;
    }
    return out;
  };
}

export const windowFunctions: readonly WindowFunction[] = [
  windowFn("row_number", rowNumber),
  windowFn("row_rank_dense", rowRank(true)),
  windowFn("row_rank_min", rowRank(false)),
  windowFn("prev", shift(-1)),
  windowFn("next", shift(1)),
  windowFn("row_cumsum", rowCumsum),
  windowFn("row_window_session", rowWindowSession),
];
