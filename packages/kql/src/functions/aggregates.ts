/**
 * Aggregate functions over numbers and ordered values: `count`, `countif`, `sum`, `sumif`,
 * `avg`, `avgif`, `min`, `max`, `minif`, `maxif`, `take_any`/`any`, `take_anyif`, `stdev`,
 * `stdevp`, `stdevif`, `variance`, `variancep`, `varianceif` (the percentiles are in
 * aggregates-rank.ts).
 *
 * Nulls are ignored throughout. Where nothing was aggregated (an empty input to summarize
 * without `by`, or only nulls), the summarize page's example fixes the results: count, sum and
 * the spreads (stdev, variance) are 0, avg is NaN, min/max/take_any null ("" for strings).
 */
import type { KType, Value } from "../types.js";
import { aggregate, boolConv, datetimeConv, numberConv, timespanConv } from "./define.js";
import { comparer } from "./operators-compare.js";
import type { AggregateFunction, AggregateKernel, CallSite } from "./registry-types.js";

function numConv(t: KType) {
  return t === "datetime" ? datetimeConv(t) : t === "timespan" ? timespanConv(t) : numberConv(t);
}

function emptyOf(t: KType): Value {
  return t === "string" ? "" : null;
}

/** The condition argument of the *if variants (null counts as false). */
function predicate(site: CallSite, i: number): (args: readonly Value[]) => boolean {
  const c = boolConv(site.argTypes[i] ?? "bool");
  return (args) => c(args[i] ?? null) === true;
}

/** Integer result types truncate (avg over ints is real, but sum over ints is long). */
function finish(t: KType, n: number): Value {
  if (t === "int" || t === "long") return Number.isFinite(n) ? Math.trunc(n) || 0 : null;
  if (t === "datetime" || t === "timespan") return Math.round(n);
  return n;
}

interface Sum {
  n: number;
  sum: number;
}

function sumLike(name: string, mean: boolean, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Sum> => {
    const c = numConv(site.argTypes[0] ?? "real");
    const ok = cond ? predicate(site, 1) : () => true;
    const rt = site.resultType;
    return {
      init: () => ({ n: 0, sum: 0 }),
      add: (s, args) => {
        if (!ok(args)) return s;
        const v = c(args[0] ?? null);
        if (v !== null) {
          s.n++;
          s.sum += v;
        }
        return s;
      },
      result: (s) => (s.n === 0 ? (mean ? Number.NaN : finish(rt, 0)) : finish(rt, mean ? s.sum / s.n : s.sum)),
    };
  });
}

function countLike(name: string, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<number> => {
    const ok = cond ? predicate(site, 0) : () => true;
    return { init: () => 0, add: (s, args) => (ok(args) ? s + 1 : s), result: (s) => s };
  });
}

interface Best {
  has: boolean;
  v: Value;
}

/** min/max (and their *if forms): ordered by the argument's type; NaN is skipped. */
function extreme(name: string, sign: 1 | -1, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Best> => {
    const t = site.argTypes[0] ?? "dynamic";
    const cmp = comparer(t, t);
    const ok = cond ? predicate(site, 1) : () => true;
    const rt = site.resultType;
    const toNum = rt === "int" || rt === "long" || rt === "real" ? numberConv(t) : null;
    return {
      init: () => ({ has: false, v: null }),
      add: (s, args) => {
        if (!ok(args)) return s;
        const v = args[0] ?? null;
        if (v === null || (typeof v === "number" && Number.isNaN(v))) return s;
        if (!s.has) {
          s.has = true;
          s.v = v;
        } else {
          const c = cmp(v, s.v);
          if (c !== null && c * sign > 0) s.v = v;
        }
        return s;
      },
      // A bool argument typed to a numeric result (max(toint(b)) is int already; max(b) is bool).
      result: (s) => (!s.has ? emptyOf(rt) : toNum !== null && typeof s.v === "boolean" ? toNum(s.v) : s.v),
    };
  });
}

/**
 * take_any/any: the first non-null (non-empty for strings) value seen. With several arguments
 * (`take_any(a, b)`, `take_any(*)`) the values of one row, as a tuple: the first row seen.
 */
function takeAny(name: string, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Best> => {
    const ok = cond ? predicate(site, 1) : () => true;
    const width = cond ? 1 : site.argTypes.length;
    if (width > 1)
      return {
        init: () => ({ has: false, v: null }),
        add: (s, args) => {
          if (!s.has) {
            s.has = true;
            s.v = [...args] as Value;
          }
          return s;
        },
        result: (s) => (s.has ? s.v : site.argTypes.map(() => null)),
      };
    return {
      init: () => ({ has: false, v: null }),
      add: (s, args) => {
        if (s.has || !ok(args)) return s;
        const v = args[0] ?? null;
        if (v !== null && v !== "") {
          s.has = true;
          s.v = v;
        }
        return s;
      },
      result: (s) => (s.has ? s.v : emptyOf(site.resultType)),
    };
  });
}

interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/** Welford's online variance; `sample` divides by n−1 (Kusto's stdev/variance), else by n. */
function spread(name: string, sample: boolean, root: boolean, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Moments> => {
    const c = numConv(site.argTypes[0] ?? "real");
    const ok = cond ? predicate(site, 1) : () => true;
    return {
      init: () => ({ n: 0, mean: 0, m2: 0 }),
      add: (s, args) => {
        if (!ok(args)) return s;
        const x = c(args[0] ?? null);
        if (x === null) return s;
        s.n++;
        const d = x - s.mean;
        s.mean += d / s.n;
        s.m2 += d * (x - s.mean);
        return s;
      },
      result: (s) => {
        if (s.n === 0) return 0;
        const denom = sample ? s.n - 1 : s.n;
        const v = denom <= 0 ? 0 : s.m2 / denom;
        return root ? Math.sqrt(v) : v;
      },
    };
  });
}

export const basicAggregates: readonly AggregateFunction[] = [
  countLike("count", false),
  countLike("countif", true),
  sumLike("sum", false, false),
  sumLike("sumif", false, true),
  sumLike("avg", true, false),
  sumLike("avgif", true, true),
  extreme("max", 1, false),
  extreme("min", -1, false),
  extreme("maxif", 1, true),
  extreme("minif", -1, true),
  takeAny("take_any", false),
  takeAny("any", false),
  takeAny("take_anyif", true),
  takeAny("anyif", true),
  spread("stdev", true, true, false),
  spread("stdevp", false, true, false),
  spread("stdevif", true, true, true),
  spread("variance", true, false, false),
  spread("variancep", false, false, false),
  spread("varianceif", true, false, true),
  spread("variancepif", false, false, true),
  spread("stdevpif", false, true, true),
];
