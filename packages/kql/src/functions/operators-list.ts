/**
 * List operators: `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`. Arguments are
 * [lhs, ...items]; an item that is a dynamic array stands for its elements (so `x in (dyn)` and
 * `x in (subquery)` work). When every item is constant the lookup structure is built once.
 *
 * `in` compares in the lhs's type (items converted to it); a null non-string lhs is in no list
 * (`in` false, `!in` true: chosen, the docs are silent). `has_any`/`has_all` term-match (see
 * operators-string.ts) case-insensitively; a dynamic array lhs matches element-wise: `has_any`
 * is true when some element has some item, `has_all` when every item is had by some element.
 */
import type { Json, KType, Value } from "../types.js";
import { datetimeConv, familyOf, numberConv, scalar, timespanConv } from "./define.js";
import { hasTerm } from "./operators-string.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";
import { valueToString } from "./value-text.js";

interface Item {
  readonly v: Value;
  readonly t: KType;
}

/** The items of a call (args[1..]) with dynamic arrays flattened into elements. */
function flatten(args: readonly Value[], types: readonly KType[]): Item[] {
  const out: Item[] = [];
  for (let i = 1; i < args.length; i++) {
    const v = args[i] ?? null;
    const t = types[i] ?? "dynamic";
    if (t === "dynamic" && Array.isArray(v)) for (const e of v) out.push({ v: e, t: "dynamic" });
    else out.push({ v, t });
  }
  return out;
}

/** A membership test built from the items, for a lhs of type `lt`. */
type Matcher = (lhs: Value) => boolean | null;

function keyer(lt: KType, caseless: boolean): (v: Value, t: KType) => string | number | null {
  const fold = caseless ? (s: string) => s.toLowerCase() : (s: string) => s;
  switch (familyOf(lt)) {
    case "string":
      return (v, t) => fold(valueToString(v, t));
    case "guid":
      return (v, t) => (v === null ? null : valueToString(v, t).toLowerCase());
    case "datetime":
      return (v, t) => datetimeConv(t)(v);
    case "timespan":
      return (v, t) => timespanConv(t)(v);
    case "num":
    case "bool":
      return (v, t) => {
        const n = numberConv(t)(v);
        return n === null || Number.isNaN(n) ? null : n;
      };
    case "dynamic":
      // Dynamic lhs: scalars compare by value (strings as text), others by their JSON text.
      return (v, t) => {
        if (v === null) return null;
        if (typeof v === "number") return t === "datetime" || t === "timespan" ? fold(valueToString(v, t)) : v;
        if (typeof v === "boolean") return v ? 1 : 0;
        if (typeof v === "string") return fold(v);
        return fold(JSON.stringify(v));
      };
  }
}

function inMatcher(lt: KType, caseless: boolean, items: Item[]): Matcher {
  const key = keyer(lt, caseless);
  const set = new Set<string | number>();
  for (const it of items) {
    const k = key(it.v, it.t);
    if (k !== null) set.add(k);
  }
  return (lhs) => {
    const k = key(lhs, lt);
    return k === null ? null : set.has(k);
  };
}

/** The lhs of has_any/has_all as the texts to search (array elements separately), folded. */
function hayOf(v: Value, t: KType): string[] {
  if (t === "dynamic" && Array.isArray(v)) return v.map((e: Json) => valueToString(e, "dynamic").toLowerCase());
  return [valueToString(v, t).toLowerCase()];
}

function hasMatcher(all: boolean, items: Item[], lt: KType): Matcher {
  const needles = [...new Set(items.map((it) => valueToString(it.v, it.t).toLowerCase()))];
  return (lhs) => {
    const hays = hayOf(lhs, lt);
    const found = (n: string) => hays.some((h) => hasTerm(h, n, "term"));
    return all ? needles.every(found) : needles.some(found);
  };
}

function bindList(name: string, site: CallSite): RowKernel {
  const negated = name.startsWith("!");
  const base = negated ? name.slice(1) : name;
  const types = site.argTypes;
  const lt = types[0] ?? "dynamic";
  const make = (items: Item[]): Matcher =>
    base === "has_any" ? hasMatcher(false, items, lt) : base === "has_all" ? hasMatcher(true, items, lt) : inMatcher(lt, base === "in~", items);
  const finish = (r: boolean | null): Value => (r === null ? negated : r !== negated);
  const consts = site.constants.slice(1);
  if (consts.length > 0 && consts.every((c) => c !== undefined)) {
    const m = make(flatten([null, ...(consts as Value[])], types));
    return (args) => finish(m(args[0] ?? null));
  }
  return (args) => finish(make(flatten(args, types))(args[0] ?? null));
}

const NAMES = ["in", "!in", "in~", "!in~", "has_any", "has_all"];

export const listOperatorFunctions: readonly ScalarFunction[] = NAMES.map((n) => scalar(n, "operator", (site) => bindList(n, site)));
