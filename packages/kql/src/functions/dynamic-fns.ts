/**
 * Dynamic (array and property-bag) functions. Array functions return null when an argument that
 * must be an array is not one (`array_length("x")` is null, as Kusto). Values put into arrays or
 * bags become JSON: datetimes and timespans as their text (see value-text.ts).
 */
import type { Json, KType, Value } from "../types.js";
import { type Conv, convertTo, datetimeConv, intConv, jsonConv, numberConv, scalar, stringConv, timespanConv } from "./define.js";
import { pathKeys, removePath } from "./dynamic-more.js";
import { compareJson } from "./operators-compare.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";
import { jsonEquals, toJson, valueKey, valueToString } from "./value-text.js";

/** Kusto's cap on the size of arrays a function builds. */
const MAX_ARRAY = 1_048_576;

type Bag = { [k: string]: Json };

function isBag(v: Value): v is Bag {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function dyn(name: string, make: (site: CallSite, j: ((v: Value) => Json)[]) => RowKernel): ScalarFunction {
  return scalar(name, "dynamic", (site) => make(site, site.argTypes.map(jsonConv)));
}

/** Converter for a numeric (index/count) argument. */
function num(site: CallSite, i: number): Conv<number> {
  return intConv(site.argTypes[i] ?? "long");
}

/** Index normalisation: negative counts from the end. */
function norm(i: number, len: number): number {
  const k = Math.trunc(i);
  return k < 0 ? len + k : k;
}

/** A stable sort order of JSON values: nulls apart; numbers, strings, bools by value. */
function sortCompare(a: Json, b: Json): number {
  const c = compareJson(a, b);
  if (c !== null && !Number.isNaN(c)) return c;
  const rank = (x: Json) => (typeof x === "number" ? 0 : typeof x === "string" ? 1 : typeof x === "boolean" ? 2 : 3);
  return rank(a) - rank(b);
}

/**
 * array_sort_asc/desc(a1[, a2, …][, nulls_last]): sorts a1; with several arrays (all of a1's
 * length, else null) the others are reordered alike and the result is the tuple of arrays.
 */
function bindSort(desc: boolean, site: CallSite): RowKernel {
  const arrays = site.argTypes.filter((t, i) => t === "dynamic" || i === 0).length;
  const nl = site.argTypes.length > arrays ? (v: Value) => v !== false : () => true;
  return (args) => {
    const lists = args.slice(0, arrays);
    const a = lists[0] ?? null;
    if (!Array.isArray(a) || !lists.every((l) => Array.isArray(l) && l.length === a.length)) return null;
    const nullsLast = nl(args[arrays] ?? null);
    const order = a.map((_, i) => i).filter((i) => a[i] !== null);
    const nulls = a.map((_, i) => i).filter((i) => a[i] === null);
    order.sort((x, y) => (desc ? -sortCompare(a[x]!, a[y]!) : sortCompare(a[x]!, a[y]!)) || x - y);
    const perm = nullsLast ? [...order, ...nulls] : [...nulls, ...order];
    const sorted = (lists as Json[][]).map((l) => perm.map((i) => l[i]!));
    return arrays === 1 ? sorted[0]! : sorted;
  };
}

/** set_union / set_intersect / set_difference over arrays (distinct by JSON value). */
function bindSet(kind: "union" | "intersect" | "difference"): RowKernel {
  return (args) => {
    if (!args.every(Array.isArray)) return null;
    const arrays = args as Json[][];
    const key = (x: Json) => valueKey(x, "dynamic");
    const out = new Map<string, Json>();
    if (kind === "union") {
      for (const a of arrays) for (const x of a) if (!out.has(key(x))) out.set(key(x), x);
    } else {
      const rest = arrays.slice(1).map((a) => new Set(a.map(key)));
      for (const x of arrays[0] ?? []) {
        const k = key(x);
        const keep = kind === "intersect" ? rest.every((s) => s.has(k)) : !rest.some((s) => s.has(k));
        if (keep && !out.has(k)) out.set(k, x);
      }
    }
    return [...out.values()];
  };
}

/** range(start, stop[, step]) as a dynamic array (numbers, or datetimes/timespans as text). */
function bindRange(site: CallSite): RowKernel {
  const t0 = site.argTypes[0] ?? "long";
  const isTime = t0 === "datetime" || t0 === "timespan";
  const c = (t: KType): Conv<number> => (t === "datetime" ? datetimeConv(t) : t === "timespan" ? timespanConv(t) : numberConv(t));
  const cs = site.argTypes.map(c);
  return (args) => {
    const start = cs[0]!(args[0] ?? null);
    const stop = cs[1]!(args[1] ?? null);
    const step = args.length > 2 ? cs[2]!(args[2] ?? null) : isTime ? null : 1;
    if (start === null || stop === null || step === null || step === 0 || !Number.isFinite(step)) return null;
    const count = Math.floor((stop - start) / step) + 1;
    if (count > MAX_ARRAY) site.warn?.(`the array stops at ${MAX_ARRAY.toLocaleString("en-US")} elements (Kusto's limit) of the ${count.toLocaleString("en-US")} asked`);
    if (count > 1024) site.reserve?.(Math.min(count, MAX_ARRAY) * 16, "the array");
    const out: Json[] = [];
    for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) {
      if (out.length >= MAX_ARRAY) break;
      out.push(toJson(v, t0));
    }
    return out;
  };
}

/** A JSONPath subset for extract_json: `$`, `.name`, `['name']`, `["name"]`, `[index]`. */
export function jsonPath(root: Json, path: string): Json | undefined {
  const p = path.trim();
  if (!p.startsWith("$")) return undefined;
  const re = /\.([A-Za-z_$][\w$-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\]/y;
  let cur: Json | undefined = root;
  let i = 1;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (m === null) return undefined;
    i = re.lastIndex;
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    if (m[4] !== undefined) cur = Array.isArray(cur) ? cur[norm(Number(m[4]), cur.length)] : undefined;
    else {
      const k = m[1] ?? m[2] ?? m[3]!;
      cur = Array.isArray(cur) ? undefined : Object.hasOwn(cur, k) ? cur[k] : undefined;
    }
  }
  return cur;
}

export const dynamicFunctions: readonly ScalarFunction[] = [
  dyn("array_length", () => (a) => (Array.isArray(a[0]) ? a[0].length : null)),
  dyn("pack_array", (_s, j) => (a) => a.map((v, i) => j[i]!(v))),
  ...["pack", "bag_pack", "pack_dictionary"].map((n) =>
    dyn(n, (site, j) => {
      const key = site.argTypes.map((t) => stringConv(t));
      return (a) => {
        const o: Bag = {};
        for (let i = 0; i + 1 < a.length; i += 2) o[key[i]!(a[i] ?? null)] = j[i + 1]!(a[i + 1] ?? null);
        return o;
      };
    }),
  ),
  dyn("bag_keys", () => (a) => (isBag(a[0] ?? null) ? Object.keys(a[0] as Bag) : null)),
  dyn("bag_has_key", (site) => {
    const k = stringConv(site.argTypes[1] ?? "string");
    // A key or a JSONPath (`$.a.b`, `$['a']`: bag_has_key's page): whether the path leads to a value.
    return (a) => {
      const bag = a[0] ?? null;
      if (!isBag(bag)) return null;
      const key = k(a[1] ?? null);
      return key.startsWith("$") ? jsonPath(bag as Json, key) !== undefined : Object.hasOwn(bag as Bag, key);
    };
  }),
  dyn("bag_merge", () => (a) => {
    const o: Bag = {};
    for (const b of a) if (isBag(b)) for (const [k, v] of Object.entries(b)) if (!Object.hasOwn(o, k)) o[k] = v;
    return o;
  }),
  dyn("bag_remove_keys", () => (a) => {
    const b = a[0] ?? null;
    if (!isBag(b)) return null;
    // Keys are plain names or JSONPath (`$.key2.prop1` removes a nested property).
    let out: Bag = b;
    for (const k of Array.isArray(a[1]) ? a[1] : []) {
      const keys = pathKeys(valueToString(k, "dynamic"));
      if (keys !== null) out = removePath(out, keys);
    }
    return out;
  }),
  dyn("array_concat", () => (a) => (a.every(Array.isArray) ? (a as Json[][]).flat(1).slice(0, MAX_ARRAY) : null)),
  dyn("set_has_element", (_s, j) => (a) => {
    const arr = a[0] ?? null;
    if (!Array.isArray(arr)) return null;
    const v = j[1]!(a[1] ?? null);
    return arr.some((x) => jsonEquals(x, v));
  }),
  dyn("array_index_of", (site, j) => {
    const start = num(site, 2);
    const len = num(site, 3);
    const occ = num(site, 4);
    return (a) => {
      const arr = a[0] ?? null;
      if (!Array.isArray(arr)) return null;
      const v = j[1]!(a[1] ?? null);
      const s0 = a.length > 2 ? start(a[2] ?? null) : 0;
      const l = a.length > 3 ? len(a[3] ?? null) : -1;
      const o = a.length > 4 ? occ(a[4] ?? null) : 1;
      if (s0 === null || l === null || o === null || o < 0 || l < -1) return null;
      const s = norm(s0, arr.length);
      if (s < 0) return null;
      const end = l === -1 ? arr.length : Math.min(arr.length, s + Math.trunc(l));
      let seen = 0;
      for (let i = s; i < end; i++) if (jsonEquals(arr[i]!, v) && ++seen >= Math.max(1, o)) return i;
      return -1;
    };
  }),
  dyn("strcat_array", (site) => {
    const d = stringConv(site.argTypes[1] ?? "string");
    return (a) => (Array.isArray(a[0]) ? a[0].map((x) => valueToString(x, "dynamic")).join(d(a[1] ?? null)) : "");
  }),
  dyn("array_slice", (site) => {
    const s = num(site, 1);
    const e = num(site, 2);
    return (a) => {
      const arr = a[0] ?? null;
      const s0 = s(a[1] ?? null);
      const e0 = e(a[2] ?? null);
      if (!Array.isArray(arr) || s0 === null || e0 === null) return null;
      return arr.slice(Math.max(0, norm(s0, arr.length)), Math.max(0, norm(e0, arr.length) + 1));
    };
  }),
  dyn("array_reverse", () => (a) => (Array.isArray(a[0]) ? [...a[0]].reverse() : null)),
  dyn("array_sort_asc", (site) => bindSort(false, site)),
  dyn("array_sort_desc", (site) => bindSort(true, site)),
  dyn("array_sum", () => (a) => {
    if (!Array.isArray(a[0])) return null;
    let s = 0;
    for (const x of a[0]) if (typeof x === "number") s += x;
    return s;
  }),
  dyn("set_union", () => bindSet("union")),
  dyn("set_intersect", () => bindSet("intersect")),
  dyn("set_difference", () => bindSet("difference")),
  dyn("jaccard_index", () => (a) => {
    const [x, y] = [a[0] ?? null, a[1] ?? null];
    if (!Array.isArray(x) || !Array.isArray(y)) return null;
    const sx = new Set(x.map((v) => valueKey(v, "dynamic")));
    const sy = new Set(y.map((v) => valueKey(v, "dynamic")));
    const union = new Set([...sx, ...sy]).size;
    let inter = 0;
    for (const k of sx) if (sy.has(k)) inter++;
    return union === 0 ? 0 : inter / union;
  }),
  dyn("zip", () => (a) => {
    if (!a.every(Array.isArray)) return null;
    const arrays = a as Json[][];
    const n = Math.max(0, ...arrays.map((x) => x.length));
    return Array.from({ length: n }, (_, i) => arrays.map((x) => x[i] ?? null));
  }),
  dyn("repeat", (site, j) => {
    const c = num(site, 1);
    return (a) => {
      const n = c(a[1] ?? null);
      if (n === null || n < 0) return null;
      if (n > MAX_ARRAY) site.warn?.(`the array stops at ${MAX_ARRAY.toLocaleString("en-US")} elements (Kusto's limit) of the ${Math.trunc(n).toLocaleString("en-US")} asked`);
      const count = Math.min(MAX_ARRAY, Math.trunc(n));
      if (count > 1024) site.reserve?.(count * 8, "the array");
      return new Array(count).fill(j[0]!(a[0] ?? null));
    };
  }),
  dyn("range", bindRange),
  ...["extract_json", "extractjson"].map((n) =>
    scalar(n, "dynamic", (site) => {
      const p = stringConv(site.argTypes[0] ?? "string");
      const src = stringConv(site.argTypes[1] ?? "string");
      const rt = site.resultType;
      return (a) => {
        let root: Json;
        try {
          root = JSON.parse(src(a[1] ?? null)) as Json;
        } catch {
          return rt === "string" ? "" : null;
        }
        const v = jsonPath(root, p(a[0] ?? null));
        if (v === undefined || v === null) return rt === "string" ? "" : null;
        return convertTo(rt, "dynamic")(v as Value);
      };
    }),
  ),
];
