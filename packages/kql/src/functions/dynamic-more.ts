/**
 * More dynamic (array and bag) functions: `array_iff`/`array_select_dict`, `array_split`,
 * `array_shift_left`/`_right`, `array_rotate_left`/`_right`, `array_strcat`, `bag_zip`,
 * `bag_set_key`, `set_equals`, `dynamic_to_json`, `treepath`, `has_any_index`.
 *
 * As with the other array functions, an argument that must be an array and is not makes the
 * result null. Paths (`bag_set_key`, `bag_remove_keys`) are JSONPath `$.a.b` or `$['a']`, or a
 * plain key.
 */
import type { Json, Value } from "../types.js";
import { boolConv, intConv, jsonConv, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";
import { hasTerm } from "./operators-string.js";
import { valueKey, valueToString } from "./value-text.js";

type Bag = { [k: string]: Json };

function isBag(v: Value | Json): v is Bag {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function dyn(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "dynamic", bind);
}

/** A path's keys: `$.a.b`, `$['a']["b"]`, or a plain key (one element). */
export function pathKeys(path: string): string[] | null {
  const p = path.trim();
  if (!p.startsWith("$")) return p === "" ? null : [p];
  const keys: string[] = [];
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  let i = 1;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (m === null) return null;
    keys.push(m[1] ?? m[2] ?? m[3]!);
    i = re.lastIndex;
  }
  return keys.length === 0 ? null : keys;
}

/** A copy of a bag without the value at `keys` (nested bags copied along the path). */
export function removePath(bag: Bag, keys: readonly string[]): Bag {
  const [k, ...rest] = keys;
  if (k === undefined || !Object.hasOwn(bag, k)) return bag;
  const out = { ...bag };
  if (rest.length === 0) delete out[k];
  else if (isBag(out[k]!)) out[k] = removePath(out[k] as Bag, rest);
  return out;
}

function setPath(bag: Bag, keys: readonly string[], value: Json): Bag {
  const [k, ...rest] = keys;
  if (k === undefined) return bag;
  const out = { ...bag };
  if (rest.length === 0) out[k] = value;
  else out[k] = setPath(isBag(out[k] ?? null) ? (out[k] as Bag) : {}, rest, value);
  return out;
}

function rotate(arr: readonly Json[], k: number): Json[] {
  const n = arr.length;
  if (n === 0) return [];
  const s = ((k % n) + n) % n;
  return [...arr.slice(s), ...arr.slice(0, s)];
}

/** Shift by k (positive: towards the start), filling with `fill`. */
function shift(arr: readonly Json[], k: number, fill: Json): Json[] {
  return arr.map((_, i) => {
    const j = i + k;
    return j >= 0 && j < arr.length ? arr[j]! : fill;
  });
}

/** JSON text with object keys sorted (dynamic_to_json's canonical form). */
function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isBag(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** treepath: every path of a bag/array, as JSONPath text (`$.a`, `$.a[0]`; arrays as `[0]`). */
function treePaths(v: Json, prefix: string, out: string[]): void {
  if (Array.isArray(v)) {
    out.push(`${prefix}[0]`);
    for (const x of v) treePaths(x, `${prefix}[0]`, out);
  } else if (isBag(v))
    for (const [k, x] of Object.entries(v)) {
      const p = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${prefix}.${k}` : `${prefix}['${k}']`;
      out.push(p);
      treePaths(x, p, out);
    }
}

function shiftFn(name: string, direction: 1 | -1): ScalarFunction {
  return dyn(name, (site) => {
    const n = intConv(site.argTypes[1] ?? "long");
    const fill = jsonConv(site.argTypes[2] ?? "dynamic");
    return (a) => {
      const arr = a[0] ?? null;
      const k = n(a[1] ?? null);
      if (!Array.isArray(arr) || k === null) return null;
      return shift(arr, k * direction, a.length > 2 ? fill(a[2] ?? null) : null);
    };
  });
}

function rotateFn(name: string, direction: 1 | -1): ScalarFunction {
  return dyn(name, (site) => {
    const n = intConv(site.argTypes[1] ?? "long");
    return (a) => {
      const arr = a[0] ?? null;
      const k = n(a[1] ?? null);
      return !Array.isArray(arr) || k === null ? null : rotate(arr, k * direction);
    };
  });
}

export const dynamicMoreFunctions: readonly ScalarFunction[] = [
  // pack_all(true): the packed bag without its null and "" values (the planner emits this call).
  scalar("__bag_drop_empty", "internal", (site) => {
    const skip = boolConv(site.argTypes[1] ?? "bool");
    return (a) => {
      const bag = a[0] ?? null;
      if (!isBag(bag) || skip(a[1] ?? null) !== true) return bag;
      return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== null && v !== ""));
    };
  }),
  ...["array_iff", "array_select_dict"].map((name) =>
    dyn(name, (site) => {
      const cond = boolConv("dynamic");
      const [, tt = "dynamic", tf = "dynamic"] = site.argTypes;
      const jt = jsonConv(tt);
      const jf = jsonConv(tf);
      return (a) => {
        const c = a[0] ?? null;
        if (!Array.isArray(c)) return null;
        const t = a[1] ?? null;
        const f = a[2] ?? null;
        // A scalar branch applies to every element; an array branch element-wise (null past its end).
        const pick = (v: Value, j: (v: Value) => Json, i: number): Json => (Array.isArray(v) ? (v[i] ?? null) : j(v));
        return c.map((x, i) => {
          const b = cond(x as Value);
          return b === null ? null : b ? pick(t, jt, i) : pick(f, jf, i);
        });
      };
    }),
  ),
  dyn("array_split", () => (a) => {
    const arr = a[0] ?? null;
    const at = a[1] ?? null;
    if (!Array.isArray(arr)) return null;
    const raw = Array.isArray(at) ? at : [at];
    const cuts = raw.filter((x): x is number => typeof x === "number").map((x) => Math.max(0, Math.min(arr.length, x < 0 ? arr.length + x : x)));
    const out: Json[] = [];
    let start = 0;
    for (const c of [...cuts].sort((x, y) => x - y)) {
      out.push(arr.slice(start, Math.max(start, c)));
      start = Math.max(start, c);
    }
    out.push(arr.slice(start));
    return out;
  }),
  shiftFn("array_shift_left", 1),
  shiftFn("array_shift_right", -1),
  rotateFn("array_rotate_left", 1),
  rotateFn("array_rotate_right", -1),
  dyn("array_strcat", (site) => {
    const d = stringConv(site.argTypes[1] ?? "string");
    return (a) => (Array.isArray(a[0]) ? a[0].map((x) => valueToString(x, "dynamic")).join(d(a[1] ?? null)) : "");
  }),
  dyn("bag_zip", () => (a) => {
    const keys = a[0] ?? null;
    const values = a[1] ?? null;
    if (!Array.isArray(keys) || !Array.isArray(values)) return null;
    const out: Bag = {};
    keys.forEach((k, i) => {
      // Only string keys make properties (bag_zip page: a non-string key is skipped).
      if (typeof k === "string") out[k] = values[i] ?? null;
    });
    return out;
  }),
  dyn("bag_set_key", (site) => {
    const path = stringConv(site.argTypes[1] ?? "string");
    const j = jsonConv(site.argTypes[2] ?? "dynamic");
    return (a) => {
      const bag = a[0] ?? null;
      const keys = pathKeys(path(a[1] ?? null));
      if (!isBag(bag) || keys === null) return null;
      return setPath(bag, keys, j(a[2] ?? null));
    };
  }),
  dyn("set_equals", () => (a) => {
    const [x, y] = [a[0] ?? null, a[1] ?? null];
    if (!Array.isArray(x) || !Array.isArray(y)) return null;
    const sx = new Set(x.map((v) => valueKey(v, "dynamic")));
    const sy = new Set(y.map((v) => valueKey(v, "dynamic")));
    return sx.size === sy.size && [...sx].every((k) => sy.has(k));
  }),
  dyn("dynamic_to_json", (site) => {
    const j = jsonConv(site.argTypes[0] ?? "dynamic");
    return (a) => canonicalJson(j(a[0] ?? null));
  }),
  dyn("treepath", () => (a) => {
    const v = a[0] ?? null;
    if (!isBag(v) && !Array.isArray(v)) return [];
    const out: string[] = [];
    treePaths(v as Json, "$", out);
    return out;
  }),
  dyn("has_any_index", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => {
      const text = s(a[0] ?? null);
      const list = a[1] ?? null;
      if (!Array.isArray(list)) return null;
      // Term matching, case-insensitive, as `has` (the has_any_index page).
      const hay = text.toLowerCase();
      return list.findIndex((x) => x !== null && hasTerm(hay, valueToString(x as Value, "dynamic").toLowerCase(), "term"));
    };
  }),
];
