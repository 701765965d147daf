/**
 * Sketch, covariance and bitwise aggregates: `hll`, `hll_if`, `hll_merge`, `covariance`,
 * `covariancep`, `covarianceif`, `covariancepif`, `binary_all_and`/`_or`/`_xor`, `buildschema`.
 *
 * An "hll" value here is a dynamic `{"hll": [key, …]}` holding the distinct values' keys, so
 * `dcount_hll` is exact (as widar's `dcount` is) where Kusto estimates; Kusto's binary sketch
 * layout is not reproduced, and the accuracy argument is accepted and ignored.
 */
import type { Json, KType, Value } from "../types.js";
import { aggregate, boolConv, numberConv } from "./define.js";
import type { AggregateFunction, AggregateKernel, CallSite } from "./registry-types.js";
import { valueKey } from "./value-text.js";
import { chargeGrowth, checkSetSize } from "./budget.js";

function predicate(site: CallSite, i: number): (args: readonly Value[]) => boolean {
  const c = boolConv(site.argTypes[i] ?? "bool");
  return (args) => c(args[i] ?? null) === true;
}

/** The keys of an hll value (anything else: none). */
export function hllKeys(v: Value): string[] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return [];
  const keys = (v as { hll?: Json }).hll;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [];
}

export function hllValue(keys: Set<string>): Json {
  return keys.size === 0 ? null : { hll: [...keys] };
}

function hll(name: string, mode: "values" | "if" | "merge"): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Set<string>> => {
    const t = site.argTypes[0] ?? "dynamic";
    const ok = mode === "if" ? predicate(site, 1) : () => true;
    return {
      init: () => new Set(),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v === null || !ok(args)) return s;
        for (const k of mode === "merge" ? hllKeys(v) : [valueKey(v, t)]) {
          if (s.has(k)) continue;
          checkSetSize(site, s.size, "distinct values");
          s.add(k);
          chargeGrowth(site, s.size, 48, "distinct values");
        }
        return s;
      },
      result: (s) => hllValue(s),
    };
  });
}

interface Co {
  n: number;
  mx: number;
  my: number;
  c: number;
}

/** Online covariance (Welford's co-moment); `sample` divides by n−1. */
function covariance(name: string, sample: boolean, cond: boolean): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<Co> => {
    const cx = numberConv(site.argTypes[0] ?? "real");
    const cy = numberConv(site.argTypes[1] ?? "real");
    const ok = cond ? predicate(site, 2) : () => true;
    return {
      init: () => ({ n: 0, mx: 0, my: 0, c: 0 }),
      add: (s, args) => {
        if (!ok(args)) return s;
        const x = cx(args[0] ?? null);
        const y = cy(args[1] ?? null);
        if (x === null || y === null) return s;
        s.n++;
        const dx = x - s.mx;
        s.mx += dx / s.n;
        s.my += (y - s.my) / s.n;
        s.c += dx * (y - s.my);
        return s;
      },
      result: (s) => {
        const d = sample ? s.n - 1 : s.n;
        return d <= 0 ? 0 : s.c / d;
      },
    };
  });
}

/** binary_all_and/or/xor over 64-bit integers (BigInt, so all 64 bits are exact). */
function binaryAll(name: string, op: "and" | "or" | "xor"): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<bigint | null> => {
    const c = numberConv(site.argTypes[0] ?? "long");
    return {
      init: () => null,
      add: (s, args) => {
        const x = c(args[0] ?? null);
        if (x === null || !Number.isFinite(x)) return s;
        const b = BigInt.asIntN(64, BigInt(Math.trunc(x)));
        if (s === null) return b;
        return op === "and" ? s & b : op === "or" ? s | b : s ^ b;
      },
      result: (s) => (s === null ? null : Number(s)),
    };
  });
}

/** The buildschema type name of a JSON value (arrays and bags are schemas themselves). */
function schemaOf(v: Json): Json {
  if (v === null) return null;
  if (Array.isArray(v)) {
    let inner: Json = null;
    for (const x of v) inner = mergeSchema(inner, schemaOf(x));
    return inner === null ? { indexer: null } : { indexer: inner };
  }
  switch (typeof v) {
    case "object": {
      const o: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) o[k] = schemaOf(x);
      return o;
    }
    case "number":
      return Number.isInteger(v) ? (Math.abs(v) < 2 ** 31 ? "int" : "long") : "double";
    case "boolean":
      return "bool";
    default:
      return "string";
  }
}

/** Union of two schemas: bags merge by key; different types become a list of alternatives. */
function mergeSchema(a: Json, b: Json): Json {
  if (a === null) return b;
  if (b === null) return a;
  const isBag = (x: Json): x is { [k: string]: Json } => typeof x === "object" && x !== null && !Array.isArray(x);
  if (isBag(a) && isBag(b)) {
    const o: { [k: string]: Json } = { ...a };
    for (const [k, x] of Object.entries(b)) o[k] = Object.hasOwn(o, k) ? mergeSchema(o[k]!, x) : x;
    return o;
  }
  const alts: Json[] = Array.isArray(a) ? [...a] : [a];
  for (const x of Array.isArray(b) ? b : [b]) if (!alts.some((y) => JSON.stringify(y) === JSON.stringify(x))) alts.push(x);
  return alts.length === 1 ? alts[0]! : alts;
}

function buildschema(name: string): AggregateFunction {
  return aggregate(name, "aggregation", (site): AggregateKernel<{ schema: Json }> => {
    const t: KType = site.argTypes[0] ?? "dynamic";
    return {
      init: () => ({ schema: null }),
      add: (s, args) => {
        const v = args[0] ?? null;
        if (v !== null && t === "dynamic") s.schema = mergeSchema(s.schema, schemaOf(v as Json));
        return s;
      },
      result: (s) => s.schema,
    };
  });
}

export const sketchAggregates: readonly AggregateFunction[] = [
  hll("hll", "values"),
  hll("hll_if", "if"),
  hll("hll_merge", "merge"),
  covariance("covariance", true, false),
  covariance("covariancep", false, false),
  covariance("covarianceif", true, true),
  covariance("covariancepif", false, true),
  binaryAll("binary_all_and", "and"),
  binaryAll("binary_all_or", "or"),
  binaryAll("binary_all_xor", "xor"),
  buildschema("buildschema"),
];
