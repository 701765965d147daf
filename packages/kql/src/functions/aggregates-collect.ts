/**
 * Collecting and distinct-counting aggregates: `dcount`, `dcountif`, `count_distinct`,
 * `count_distinctif`, `make_set`, `make_set_if`, `make_list`, `make_list_if`,
 * `make_list_with_nulls`, `make_bag`, `make_bag_if`.
 *
 * `dcount` is exact here (a Set of the distinct values), where Kusto estimates with HyperLogLog
 * (error ≈ 1% at the default accuracy): the accuracy argument is accepted and ignored. Nulls are
 * not counted; "" is a value (strings are never null).
 *
 * make_set/make_list default to at most 1,048,576 elements (Kusto's default). Elements are JSON
 * (datetimes as ISO text, see value-text.ts). Nulls are skipped except by make_list_with_nulls.
 * make_set and make_list of a dynamic array add the array's elements (one level), as the
 * documented examples show (the geo pages' `make_list(pack_array(…))` idiom relies on it). make_bag merges property bags, the first value of a key wins.
 */
import type { Json, Value } from "../types.js";
import { aggregate, boolConv, jsonConv, numberConv } from "./define.js";
import type { AggregateFunction, AggregateKernel, CallSite } from "./registry-types.js";
import { DistinctValues } from "./value-text.js";
import { chargeGrowth, checkSetSize } from "./budget.js";

/** Bytes a distinct value or list element costs (a Set entry or array slot, and the value). */
const ITEM_BYTES = 48;

const DEFAULT_MAX = 1_048_576;

function predicate(site: CallSite, i: number): (args: readonly Value[]) => boolean {
  const c = boolConv(site.argTypes[i] ?? "bool");
  return (args) => c(args[i] ?? null) === true;
}

/** The max-size argument at index i (constant in practice; read from the first row otherwise). */
function maxSize(site: CallSite, i: number): (args: readonly Value[]) => number {
  if (site.argTypes.length <= i) return () => DEFAULT_MAX;
  const c = numberConv(site.argTypes[i] ?? "long");
  const k = site.constants[i];
  const norm = (n: number | null) => (n === null || !(n > 0) ? DEFAULT_MAX : Math.min(DEFAULT_MAX, Math.trunc(n)));
  if (k !== undefined) {
    const n = norm(c(k));
    return () => n;
  }
  return (args) => norm(c(args[i] ?? null));
}

function distinctCount(name: string, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<DistinctValues> => {
    const ok = cond ? predicate(site, 1) : () => true;
    return {
      init: () => new DistinctValues(),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v !== null && ok(args)) {
          checkSetSize(site, s.size, "distinct values");
          if (s.add(v)) chargeGrowth(site, s.size, ITEM_BYTES, "distinct values");
        }
        return s;
      },
      result: (s) => s.size,
    };
  });
}

interface Collected {
  items: Json[];
  seen: DistinctValues | null;
}

/**
 * make_set / make_list and their variants. `predIndex` is the condition's index (or -1), and
 * `maxIndex` the max-size argument's index.
 */
function collect(name: string, opts: { distinct: boolean; withNulls: boolean; predIndex: number; maxIndex: number }): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Collected> => {
    const t = site.argTypes[0] ?? "dynamic";
    const json = jsonConv(t);
    const ok = opts.predIndex >= 0 ? predicate(site, opts.predIndex) : () => true;
    const max = maxSize(site, opts.maxIndex);
    // An array value adds its elements (make_set and make_list alike): the geo pages build a
    // MultiPolygon with `make_list(pack_array(polygon.coordinates))`, one level of nesting each.
    const flatten = t === "dynamic";
    const defaultCap = site.argTypes.length <= opts.maxIndex;
    return {
      init: () => ({ items: [], seen: opts.distinct ? new DistinctValues() : null }),
      add: (s, args) => {
        const limit = max(args);
        if (!ok(args)) return s;
        const v = args[0] ?? null;
        if (v === null && !opts.withNulls) return s;
        const values: Json[] = flatten && Array.isArray(v) ? v : [json(v)];
        for (const x of values) {
          if (x === null && !opts.withNulls) continue;
          if (s.items.length >= limit) {
            // Kusto's documented default cap, now said aloud: what was cut, and how to choose.
            if (defaultCap && (s.seen === null || !s.seen.has(x)))
              site.warn?.(`stopped at ${limit.toLocaleString("en-US")} elements (its default MaxSize); give a MaxSize argument to choose`);
            break;
          }
          if (s.seen !== null && !s.seen.add(x)) continue;
          s.items.push(x);
          chargeGrowth(site, s.items.length, ITEM_BYTES, "elements");
        }
        return s;
      },
      result: (s) => s.items,
    };
  });
}

function makeBag(name: string, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<{ [k: string]: Json }> => {
    const ok = cond ? predicate(site, 1) : () => true;
    const max = maxSize(site, cond ? 2 : 1);
    return {
      init: () => ({}),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v === null || typeof v !== "object" || Array.isArray(v) || !ok(args)) return s;
        const limit = max(args);
        let n = Object.keys(s).length;
        for (const [k, x] of Object.entries(v)) {
          if (Object.hasOwn(s, k)) continue;
          if (n >= limit) break;
          s[k] = x;
          n++;
        }
        return s;
      },
      result: (s) => s,
    };
  });
}

export const collectAggregates: readonly AggregateFunction[] = [
  distinctCount("dcount", false),
  distinctCount("dcountif", true),
  distinctCount("count_distinct", false),
  distinctCount("count_distinctif", true),
  collect("make_set", { distinct: true, withNulls: false, predIndex: -1, maxIndex: 1 }),
  collect("makeset", { distinct: true, withNulls: false, predIndex: -1, maxIndex: 1 }),
  collect("make_set_if", { distinct: true, withNulls: false, predIndex: 1, maxIndex: 2 }),
  collect("make_list", { distinct: false, withNulls: false, predIndex: -1, maxIndex: 1 }),
  collect("makelist", { distinct: false, withNulls: false, predIndex: -1, maxIndex: 1 }),
  collect("make_list_if", { distinct: false, withNulls: false, predIndex: 1, maxIndex: 2 }),
  collect("make_list_with_nulls", { distinct: false, withNulls: true, predIndex: -1, maxIndex: 1 }),
  makeBag("make_bag", false),
  makeBag("make_bag_if", true),
];
