/**
 * Aggregates that rank values: `arg_max`/`arg_min` (a row's other values at the extreme),
 * `percentile(s)`, `percentiles_array`, the weighted `percentilew(s)(_array)`, and the t-digest
 * family (`tdigest`, `tdigest_merge`/`merge_tdigest`).
 *
 * Percentiles are exact nearest-rank (the smallest value whose cumulative weight reaches
 * p% of the total weight), where Kusto estimates with a t-digest: results agree on small inputs
 * (every documented example), may differ by a rank on large ones. A "t-digest" value here is a
 * dynamic `{"tdigest": [[value, weight], …]}` holding every distinct value with its weight, so
 * merging and ranking are exact; Kusto's binary digest layout is not reproduced.
 */
import type { Json, Value } from "../types.js";
import { aggregate, jsonConv, numberConv } from "./define.js";
import { comparer } from "./operators-compare.js";
import type { AggregateFunction, AggregateKernel, CallSite } from "./registry-types.js";

interface Extreme {
  has: boolean;
  best: Value;
  row: Value[];
}

/**
 * arg_max/arg_min(expr, out1, …): the outputs of the first row where expr is extreme; null
 * values of expr never win over a value. A group whose every expr is null still yields a row
 * (its first), as Kusto returns the group's row rather than nulls.
 */
function argExtreme(name: string, sign: 1 | -1): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Extreme> => {
    const t = site.argTypes[0] ?? "dynamic";
    const cmp = comparer(t, t);
    return {
      init: () => ({ has: false, best: null, row: [] }),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v === null || (typeof v === "number" && Number.isNaN(v))) {
          if (!s.has && s.row.length === 0) s.row = [...args];
          return s;
        }
        if (!s.has || (cmp(v, s.best) ?? 0) * sign > 0) {
          s.has = true;
          s.best = v;
          s.row = [...args];
        }
        return s;
      },
      // Nothing aggregated: one null per output column (the executor makes "" of string ones).
      result: (s) => (s.has || s.row.length > 0 ? s.row : site.argTypes.map(() => null)),
    };
  });
}

/** Nearest-rank percentile p (0–100) of weighted values sorted by `cmp`. */
export function nearestRank(items: readonly (readonly [Value, number])[], p: number, cmp: (a: Value, b: Value) => number | null): Value {
  if (items.length === 0 || Number.isNaN(p)) return null;
  const sorted = [...items].sort((a, b) => cmp(a[0], b[0]) ?? 0);
  let total = 0;
  for (const [, w] of sorted) total += w;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * total);
  let acc = 0;
  for (const [v, w] of sorted) {
    acc += w;
    if (acc >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

/** The percentages of a call: constants after `first`, or one dynamic array of them. */
function percentages(site: CallSite, first: number): (args: readonly Value[]) => number[] {
  const read = (args: readonly (Value | undefined)[]): number[] => {
    const out: number[] = [];
    for (let i = first; i < args.length; i++) {
      const v = args[i] ?? null;
      if (Array.isArray(v)) for (const x of v) out.push(typeof x === "number" ? x : Number.NaN);
      else out.push(numberConv(site.argTypes[i] ?? "real")(v) ?? Number.NaN);
    }
    return out;
  };
  const known = site.constants.slice(first).every((c) => c !== undefined);
  if (known) {
    const ps = read(site.constants);
    return () => ps;
  }
  let cached: number[] | undefined;
  return (args) => (cached ??= read(args));
}

interface Ranked {
  items: [Value, number][];
  ps: number[] | undefined;
}

/**
 * The percentile family. `weighted`: the second argument is each value's weight. `shape`:
 * one value (percentile, percentilew), one value per percentage (percentiles: a tuple), or a
 * dynamic array (percentiles_array).
 */
function percentileFamily(name: string, weighted: boolean, shape: "one" | "tuple" | "array"): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Ranked> => {
    const t = site.argTypes[0] ?? "real";
    const cmp = comparer(t, t);
    const weight = weighted ? numberConv(site.argTypes[1] ?? "long") : () => 1;
    const ps = percentages(site, weighted ? 2 : 1);
    const json = jsonConv(t);
    const integral = site.resultType === "int" || site.resultType === "long";
    return {
      init: () => ({ items: [], ps: undefined }),
      add: (s, args) => {
        s.ps ??= ps(args);
        const v = args[0] ?? null;
        if (v === null || (typeof v === "number" && Number.isNaN(v))) return s;
        const w = weight(args[1] ?? null);
        if (w !== null && w > 0) s.items.push([v, w]);
        return s;
      },
      result: (s) => {
        const list = s.ps ?? ps(site.constants.map((c) => c ?? null));
        const values = list.map((p) => nearestRank(s.items, p, cmp));
        if (shape === "array") return s.items.length === 0 ? null : values.map((v) => json(v));
        if (shape === "tuple") return values;
        const v = values[0] ?? null;
        return integral && typeof v === "number" ? Math.trunc(v) : v;
      },
    };
  });
}

/** tdigest(x [, w]) and tdigest_merge(digest): the weighted distinct values as a dynamic. */
function digest(name: string, merge: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Map<string, [Json, number]>> => {
    const json = jsonConv(site.argTypes[0] ?? "real");
    const weight = !merge && site.argTypes.length > 1 ? numberConv(site.argTypes[1] ?? "long") : () => 1;
    return {
      init: () => new Map(),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v === null) return s;
        if (merge) for (const [x, w] of digestItems(v)) addWeighted(s, x, w);
        else {
          const w = weight(args[1] ?? null);
          if (w !== null && w > 0) addWeighted(s, json(v), w);
        }
        return s;
      },
      result: (s) => (s.size === 0 ? null : { tdigest: [...s.values()] }),
    };
  });
}

function addWeighted(s: Map<string, [Json, number]>, x: Json, w: number): void {
  const k = JSON.stringify(x);
  const e = s.get(k);
  if (e === undefined) s.set(k, [x, w]);
  else e[1] += w;
}

/** The [value, weight] pairs of a digest value (anything else: none). */
export function digestItems(v: Value): [Json, number][] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return [];
  const items = (v as { tdigest?: Json }).tdigest;
  if (!Array.isArray(items)) return [];
  return items.filter((p): p is [Json, number] => Array.isArray(p) && p.length === 2 && typeof p[1] === "number");
}

/** Merges digests (the scalar `merge_tdigest(d1, d2, …)`). */
export function mergeDigests(values: readonly Value[]): Json {
  const s = new Map<string, [Json, number]>();
  for (const v of values) for (const [x, w] of digestItems(v)) addWeighted(s, x, w);
  return s.size === 0 ? null : { tdigest: [...s.values()] };
}

export const rankAggregates: readonly AggregateFunction[] = [
  argExtreme("arg_max", 1),
  argExtreme("arg_min", -1),
  percentileFamily("percentile", false, "one"),
  percentileFamily("percentiles", false, "tuple"),
  percentileFamily("percentiles_array", false, "array"),
  percentileFamily("percentilew", true, "one"),
  percentileFamily("percentilesw", true, "tuple"),
  percentileFamily("percentilesw_array", true, "array"),
  digest("tdigest", false),
  digest("tdigest_merge", true),
  digest("merge_tdigest", true),
];
