/**
 * Arithmetic operators `+ - * / %` and unary `negate`, typed by the argument types as Kusto.Language
 * typed them: numbers, datetime ± timespan, datetime − datetime, timespan arithmetic.
 *
 * Integer (int/long) division truncates towards zero and, like Kusto, yields null on division
 * by zero; real division follows IEEE (±Infinity, NaN). Integer `%` is Euclidean (0 ≤ r < |b|). Integer overflow is not wrapped (values
 * are doubles): a deviation only beyond 2^53.
 */
import type { KType } from "../types.js";
import { type Conv, datetimeConv, familyOf, numberConv, scalar, timespanConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

type Op = "+" | "-" | "*" | "/" | "%";

function isIntegral(t: KType): boolean {
  return t === "int" || t === "long";
}

/** The numeric computation of an operator; `integral` selects truncating division. */
function numeric(op: Op, integral: boolean): (a: number, b: number) => number | null {
  switch (op) {
    case "+":
      return (a, b) => a + b;
    case "-":
      return (a, b) => a - b;
    case "*":
      return (a, b) => a * b;
    case "/":
      return integral ? (a, b) => (b === 0 ? null : Math.trunc(a / b) || 0) : (a, b) => a / b;
    case "%":
      // Integer modulo is Euclidean (never negative): the numerical-operators page prints
      // -14 % 12 == 10 and 14 % -12 == 2.
      return integral ? (a, b) => (b === 0 ? null : euclid(a, b)) : (a, b) => a % b;
  }
}

function euclid(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + Math.abs(b) : r || 0;
}

function binary(ca: Conv<number>, cb: Conv<number>, f: (a: number, b: number) => number | null, post?: (n: number) => number | null): RowKernel {
  return (args) => {
    const a = ca(args[0] ?? null);
    if (a === null) return null;
    const b = cb(args[1] ?? null);
    if (b === null) return null;
    const r = f(a, b);
    return r === null ? null : post === undefined ? r : post(r);
  };
}

/** Chooses the kernel from the argument families (and the result type for dynamic operands). */
function bindArith(op: Op, site: CallSite): RowKernel {
  const [ta = "dynamic", tb = "dynamic"] = site.argTypes;
  const fa = familyOf(ta);
  const fb = familyOf(tb);
  const rt = site.resultType;
  const num = (t: KType) => (t === "datetime" ? datetimeConv(t) : t === "timespan" ? timespanConv(t) : numberConv(t));
  const ca = num(ta);
  const cb = num(tb);

  // datetime − datetime = timespan; datetime ± timespan = datetime; timespan + datetime.
  if (fa === "datetime" || fb === "datetime" || fa === "timespan" || fb === "timespan") {
    if (op === "+" || op === "-") return binary(ca, cb, numeric(op, false), Math.round);
    if (op === "*") return binary(ca, cb, (a, b) => a * b, Math.round);
    if (op === "/") {
      // timespan / timespan = real; timespan / number = timespan (ticks truncated).
      if (fa === "timespan" && fb === "timespan") return binary(ca, cb, (a, b) => a / b);
      return binary(ca, cb, (a, b) => (b === 0 ? null : Math.trunc(a / b) || 0));
    }
    return binary(ca, cb, (a, b) => (b === 0 ? null : a % b || 0));
  }
  const integral = isIntegral(rt) || (isIntegral(ta) && isIntegral(tb) && rt !== "real");
  const post = integral ? (n: number) => (Number.isFinite(n) ? Math.trunc(n) || 0 : null) : undefined;
  return binary(ca, cb, numeric(op, integral), post);
}

function negate(site: CallSite): RowKernel {
  const t = site.argTypes[0] ?? "dynamic";
  const c = t === "timespan" ? timespanConv(t) : numberConv(t);
  return (args) => {
    const v = c(args[0] ?? null);
    if (v === null) return null;
    const r = -v;
    return r === 0 ? 0 : r;
  };
}

const OPS: readonly Op[] = ["+", "-", "*", "/", "%"];

export const arithmeticFunctions: readonly ScalarFunction[] = [
  ...OPS.map((op) => scalar(op, "operator", (site) => bindArith(op, site))),
  scalar("negate", "operator", negate),
];

/** Re-exported for other families (bin, datetime_add) that need the same null-propagation. */
export function numericArgs(site: CallSite): Conv<number>[] {
  return site.argTypes.map((t) => (t === "datetime" ? datetimeConv(t) : t === "timespan" ? timespanConv(t) : numberConv(t)));
}
