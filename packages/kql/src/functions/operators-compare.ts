/**
 * Comparison and logical operators: `== != < <= > >=`, `=~ !~`, `between`/`!between`, and the
 * three-valued `and`, `or`, `not`.
 *
 * Comparisons are done in one domain chosen at bind time from the argument types: numbers
 * (int/long/real/decimal/bool compare by value), datetime and timespan (ticks), strings and guids
 * (ordinal, case-sensitive), dynamic. A dynamic operand compared with a typed one is converted to
 * that type first; two dynamics compare as numbers, strings, or structurally for (in)equality.
 * A null operand gives null, except that `==`/`!=` between a null and a non-null value is
 * false/true (the null-values page). Strings are never null (a null dynamic converts to "").
 * NaN is unordered: only `!=` is true for it.
 */
import type { Json, KType, Value } from "../types.js";
import { boolConv, convertTo, familyOf, isNumeric, numberConv, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";
import { jsonEquals } from "./value-text.js";

/** -1/0/1 for ordered values, NaN for unordered (NaN, unlike dynamics), null for a null operand. */
export type Comparer = (a: Value, b: Value) => number | null;

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Two dynamic values: numbers and strings by value, bools as numbers, others only (in)equal. */
export function compareJson(a: Json, b: Json): number | null {
  if (a === null || b === null || a === undefined || b === undefined) return null;
  if (typeof a === "number" && typeof b === "number") return cmpNum(a, b);
  if (typeof a === "string" && typeof b === "string") return cmpStr(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return cmpNum(+a, +b);
  return jsonEquals(a, b) ? 0 : Number.NaN;
}

/** The domain two argument types compare in. */
function domainOf(ta: KType, tb: KType): KType {
  const fa = familyOf(ta);
  const fb = familyOf(tb);
  if (fa === fb) return fa === "num" ? "real" : ta;
  if (fa === "dynamic") return fb === "num" ? "real" : tb;
  if (fb === "dynamic") return fa === "num" ? "real" : ta;
  if ((fa === "string" && fb === "guid") || (fa === "guid" && fb === "string")) return "guid";
  if (fa === "string") return fb === "num" ? "real" : tb;
  if (fb === "string") return fa === "num" ? "real" : ta;
  return "real"; // num/bool/datetime/timespan mixes compare by their numbers
}

/** A comparer for arguments of types ta and tb (conversions chosen once). */
export function comparer(ta: KType, tb: KType): Comparer {
  const d = domainOf(ta, tb);
  if (d === "dynamic") return (a, b) => compareJson(a as Json, b as Json);
  if (d === "string") {
    const ca = stringConv(ta);
    const cb = stringConv(tb);
    return (a, b) => cmpStr(ca(a), cb(b));
  }
  if (d === "guid") {
    const ca = stringConv(ta);
    const cb = stringConv(tb);
    return (a, b) => (a === null || b === null ? null : cmpStr(ca(a).toLowerCase(), cb(b).toLowerCase()));
  }
  const conv = (t: KType) =>
    t === d || d === "real" && (isNumeric(t) || t === "bool" || t === "datetime" || t === "timespan")
      ? numberConv(t)
      : (convertTo(d, t) as (v: Value) => number | boolean | null);
  const ca = conv(ta);
  const cb = conv(tb);
  return (a, b) => {
    const x = ca(a);
    if (x === null) return null;
    const y = cb(b);
    if (y === null) return null;
    return cmpNum(+x, +y);
  };
}

type CmpOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

const TEST: Record<CmpOp, (c: number) => boolean> = {
  "==": (c) => c === 0,
  "!=": (c) => c !== 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

function bindCompare(op: CmpOp, site: CallSite): RowKernel {
  const cmp = comparer(site.argTypes[0] ?? "dynamic", site.argTypes[1] ?? "dynamic");
  const test = TEST[op];
  // The null-values page: null == non-null is false (and != is true); null vs null is null.
  // Strings have no null (a null dynamic compared with a string is ""), so not with a string.
  const equality = (op === "==" || op === "!=") && site.argTypes[0] !== "string" && site.argTypes[1] !== "string";
  return (args) => {
    const a = args[0] ?? null;
    const b = args[1] ?? null;
    if (equality && (a === null) !== (b === null)) return op === "!=";
    const c = cmp(a, b);
    return c === null ? null : test(c);
  };
}

function bindCaseless(negated: boolean, site: CallSite): RowKernel {
  const ca = stringConv(site.argTypes[0] ?? "string");
  const cb = stringConv(site.argTypes[1] ?? "string");
  return (args) => {
    const a = ca(args[0] ?? null);
    const b = cb(args[1] ?? null);
    const eq = a === b || a.toLowerCase() === b.toLowerCase();
    return eq !== negated;
  };
}

/** `x between (lo .. hi)`, inclusive; a timespan `hi` with a datetime `lo` means lo + hi. */
function bindBetween(negated: boolean, site: CallSite): RowKernel {
  const [tx = "dynamic", tlo = "dynamic", thi = "dynamic"] = site.argTypes;
  const lowCmp = comparer(tx, tlo);
  const spanHi = thi === "timespan" && tlo === "datetime";
  const hiCmp = spanHi ? comparer(tx, "datetime") : comparer(tx, thi);
  const loNum = numberConv(tlo);
  return (args) => {
    const x = args[0] ?? null;
    const lo = args[1] ?? null;
    let hi = args[2] ?? null;
    if (spanHi) {
      const l = loNum(lo);
      hi = l === null || typeof hi !== "number" ? null : l + hi;
    }
    const a = lowCmp(x, lo);
    const b = hiCmp(x, hi);
    if (a === null || b === null) return null;
    const inside = a >= 0 && b <= 0;
    return negated ? !inside : inside;
  };
}

function bindAnd(site: CallSite): RowKernel {
  const ca = boolConv(site.argTypes[0] ?? "bool");
  const cb = boolConv(site.argTypes[1] ?? "bool");
  return (args) => {
    const a = ca(args[0] ?? null);
    if (a === false) return false;
    const b = cb(args[1] ?? null);
    if (b === false) return false;
    return a === null || b === null ? null : true;
  };
}

function bindOr(site: CallSite): RowKernel {
  const ca = boolConv(site.argTypes[0] ?? "bool");
  const cb = boolConv(site.argTypes[1] ?? "bool");
  return (args) => {
    const a = ca(args[0] ?? null);
    if (a === true) return true;
    const b = cb(args[1] ?? null);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

function bindNot(site: CallSite): RowKernel {
  const c = boolConv(site.argTypes[0] ?? "bool");
  return (args) => {
    const v = c(args[0] ?? null);
    return v === null ? null : !v;
  };
}

const CMP_OPS: readonly CmpOp[] = ["==", "!=", "<", "<=", ">", ">="];

export const comparisonFunctions: readonly ScalarFunction[] = [
  ...CMP_OPS.map((op) => scalar(op, "operator", (site) => bindCompare(op, site))),
  scalar("=~", "operator", (site) => bindCaseless(false, site)),
  scalar("!~", "operator", (site) => bindCaseless(true, site)),
  scalar("between", "operator", (site) => bindBetween(false, site)),
  scalar("!between", "operator", (site) => bindBetween(true, site)),
  scalar("and", "logical", bindAnd),
  scalar("or", "logical", bindOr),
  scalar("not", "logical", bindNot),
];
