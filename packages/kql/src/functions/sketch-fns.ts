/**
 * Scalar functions over the sketch values of aggregates-rank.ts and aggregates-sketch.ts:
 * `dcount_hll`, `hll_merge`, `merge_tdigest`, `percentile_tdigest`, `percentile_array_tdigest`,
 * `percentrank_tdigest`, `rank_tdigest`. Exact, as the sketches here hold every distinct value.
 */
import type { Json, Value } from "../types.js";
import { digestItems, mergeDigests, nearestRank } from "./aggregates-rank.js";
import { hllKeys, hllValue } from "./aggregates-sketch.js";
import { convertTo, numberConv, scalar } from "./define.js";
import { compareJson } from "./operators-compare.js";
import type { ScalarFunction } from "./registry-types.js";

const cmp = (a: Value, b: Value) => compareJson(a as Json, b as Json);

/** Weight of the digest's values at or below v, and the total weight. */
function weightBelow(items: readonly [Json, number][], v: Json): { below: number; total: number } {
  let below = 0;
  let total = 0;
  for (const [x, w] of items) {
    total += w;
    const c = compareJson(x, v);
    if (c !== null && c <= 0) below += w;
  }
  return { below, total };
}

export const sketchFunctions: readonly ScalarFunction[] = [
  scalar("dcount_hll", "aggregation", () => (a) => {
    const v = a[0] ?? null;
    return v === null ? null : hllKeys(v).length;
  }),
  scalar("hll_merge", "aggregation", () => (a) => {
    const keys = new Set<string>();
    for (const v of a) for (const k of hllKeys(v ?? null)) keys.add(k);
    return hllValue(keys);
  }),
  scalar("merge_tdigest", "aggregation", () => (a) => mergeDigests(a)),
  scalar("tdigest_merge", "aggregation", () => (a) => mergeDigests(a)),
  scalar("percentile_tdigest", "aggregation", (site) => {
    const p = numberConv(site.argTypes[1] ?? "real");
    const out = convertTo(site.resultType, "dynamic");
    return (a) => {
      const pv = p(a[1] ?? null);
      const items = digestItems(a[0] ?? null);
      if (pv === null || items.length === 0) return site.resultType === "string" ? "" : null;
      return out(nearestRank(items as [Value, number][], pv, cmp));
    };
  }),
  ...["percentile_array_tdigest", "percentiles_array_tdigest"].map((name) => scalar(name, "aggregation", (site) => {
    const convs = site.argTypes.map((t) => numberConv(t));
    return (a) => {
      const items = digestItems(a[0] ?? null);
      if (items.length === 0) return null;
      const ps: number[] = [];
      for (let i = 1; i < a.length; i++) {
        const v = a[i] ?? null;
        if (Array.isArray(v)) for (const x of v) ps.push(typeof x === "number" ? x : Number.NaN);
        else ps.push(convs[i]!(v) ?? Number.NaN);
      }
      return ps.map((p) => nearestRank(items as [Value, number][], p, cmp) as Json);
    };
  })),
  scalar("percentrank_tdigest", "aggregation", (site) => {
    const j = convertTo("dynamic", site.argTypes[1] ?? "real");
    return (a) => {
      const items = digestItems(a[0] ?? null);
      const v = a[1] ?? null;
      if (items.length === 0 || v === null) return null;
      const { below, total } = weightBelow(items, j(v) as Json);
      return (below / total) * 100;
    };
  }),
  scalar("rank_tdigest", "aggregation", (site) => {
    const j = convertTo("dynamic", site.argTypes[1] ?? "real");
    return (a) => {
      const items = digestItems(a[0] ?? null);
      const v = a[1] ?? null;
      if (items.length === 0 || v === null) return null;
      return weightBelow(items, j(v) as Json).below;
    };
  }),
];
