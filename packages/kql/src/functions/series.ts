/**
 * Series functions over dynamic numeric arrays (the results of make-series): element-wise math
 * and comparisons, reductions, the fill_* family, and FIR/IIR filters. Fitting, statistics and
 * the Fourier transform are in series-analysis.ts.
 *
 * Element rules (the series_* pages): an element that is not a number (null, text, bool) is a
 * missing value and its result element is null; in a binary function a missing element of the
 * shorter array (arrays of different sizes) is null too, and a numeric scalar in place of an
 * array applies to every element (series_dot_product's page multiplies by a scalar). An argument
 * that is neither an array nor (where allowed) a number makes the whole result null.
 *
 * Chosen where the pages are silent: series_divide and series_pow return reals; the others keep
 * JSON numbers as computed. series_fill_linear interpolates in reals — its page shows integer
 * arrays truncated, but a dynamic value cannot tell 111 from 111.0 here (JSON), so no truncation.
 */
import type { Json, Value } from "../types.js";
import { workMeter } from "./budget.js";
import { boolConv, numberConv, scalar } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

/** The numbers of an array, missing elements as null; null when the value is not an array. */
export function numbers(v: Value | Json): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => (typeof x === "number" ? x : null));
}

function series(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "series", bind);
}

function unary(name: string, f: (x: number) => number): ScalarFunction {
  return series(name, () => (args) => numbers(args[0] ?? null)?.map((x) => (x === null ? null : f(x))) ?? null);
}

/** An operand of a binary series function: an array, or a number applied to every element. */
type Operand = { readonly kind: "array"; readonly xs: (number | null)[] } | { readonly kind: "scalar"; readonly x: number | null };

function operand(v: Value): Operand | null {
  if (Array.isArray(v)) return { kind: "array", xs: numbers(v)! };
  if (typeof v === "number") return { kind: "scalar", x: v };
  return null;
}

function elementAt(o: Operand, i: number): number | null {
  return o.kind === "scalar" ? o.x : (o.xs[i] ?? null);
}

/** The element-wise pairs of two operands (at least one an array), to the longer length. */
function pairs(a: Value, b: Value): [number | null, number | null][] | null {
  const x = operand(a);
  const y = operand(b);
  if (x === null || y === null || (x.kind === "scalar" && y.kind === "scalar")) return null;
  const n = Math.max(x.kind === "array" ? x.xs.length : 0, y.kind === "array" ? y.xs.length : 0);
  return Array.from({ length: n }, (_, i) => [elementAt(x, i), elementAt(y, i)]);
}

function binary(name: string, f: (x: number, y: number) => Json): ScalarFunction {
  return series(name, () => (args) => pairs(args[0] ?? null, args[1] ?? null)?.map(([x, y]) => (x === null || y === null ? null : f(x, y))) ?? null);
}

/** A reduction over the numeric elements (missing ones skipped); null for a non-array. */
function reduce(name: string, f: (xs: number[]) => number | null): ScalarFunction {
  return series(name, () => (args) => {
    const xs = numbers(args[0] ?? null);
    return xs === null ? null : f(xs.filter((x): x is number => x !== null));
  });
}

/** The products of two operands' present elements, for dot products and correlations. */
function presentPairs(a: Value, b: Value): [number, number][] | null {
  const p = pairs(a, b);
  return p === null ? null : (p.filter(([x, y]) => x !== null && y !== null) as [number, number][]);
}

/** Which elements are missing: not numbers, or equal to the placeholder when one is given. */
function missingTest(site: CallSite, at: number): (args: readonly Value[]) => (x: number | null) => boolean {
  const conv = numberConv(site.argTypes[at] ?? "real");
  return (args) => {
    const p = at < args.length ? conv(args[at] ?? null) : null;
    return p === null ? (x) => x === null : (x) => x === null || x === p || (Number.isNaN(p) && Number.isNaN(x));
  };
}

function fillForward(xs: readonly (number | null)[], missing: (x: number | null) => boolean): (number | null)[] {
  let last: number | null = null;
  return xs.map((x) => {
    if (!missing(x)) last = x;
    return missing(x) ? last : x;
  });
}

function fillLinear(xs: readonly (number | null)[], missing: (x: number | null) => boolean, edges: boolean, constant: number): (number | null)[] {
  const known = xs.flatMap((x, i) => (missing(x) ? [] : [i]));
  if (known.length === 0) return xs.map(() => constant);
  const out: (number | null)[] = xs.map((x) => (missing(x) ? null : x));
  const first = known[0]!;
  const last = known[known.length - 1]!;
  for (let k = 0; k + 1 < known.length; k++) {
    const [i, j] = [known[k]!, known[k + 1]!];
    const [a, b] = [out[i]!, out[j]!];
    for (let m = i + 1; m < j; m++) out[m] = a + ((b - a) * (m - i)) / (j - i);
  }
  if (edges) {
    for (let m = 0; m < first; m++) out[m] = out[first]!;
    for (let m = last + 1; m < out.length; m++) out[m] = out[last]!;
  }
  return out;
}

/** y[n] = Σ f[j]·x[n+shift−j]; elements outside the series (or missing) count as 0. */
function fir(xs: readonly (number | null)[], f: readonly number[], shift: number, spend: (units?: number) => void): number[] {
  return xs.map((_, n) => {
    spend(f.length);
    let s = 0;
    for (let j = 0; j < f.length; j++) s += f[j]! * (xs[n + shift - j] ?? 0);
    return s;
  });
}

/** a[0]·y[n] = Σ b[i]·x[n−i] − Σ_{j≥1} a[j]·y[n−j]. */
function iir(xs: readonly (number | null)[], b: readonly number[], a: readonly number[], spend: (units?: number) => void): number[] {
  const y: number[] = [];
  for (let n = 0; n < xs.length; n++) {
    spend(Math.min(n, b.length + a.length));
    let s = 0;
    for (let i = 0; i < b.length && i <= n; i++) s += b[i]! * (xs[n - i] ?? 0);
    for (let j = 1; j < a.length && j <= n; j++) s -= a[j]! * y[n - j]!;
    y.push(s / a[0]!);
  }
  return y;
}

function coefficients(v: Value): number[] | null {
  const xs = numbers(v);
  return xs === null || xs.length === 0 || xs.some((x) => x === null) ? null : (xs as number[]);
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export const seriesFunctions: readonly ScalarFunction[] = [
  unary("series_abs", Math.abs),
  unary("series_acos", Math.acos),
  unary("series_asin", Math.asin),
  unary("series_atan", Math.atan),
  unary("series_ceiling", Math.ceil),
  unary("series_cos", Math.cos),
  unary("series_exp", Math.exp),
  unary("series_floor", Math.floor),
  unary("series_log", Math.log),
  unary("series_sign", (x) => (x === 0 ? 0 : Math.sign(x))),
  unary("series_sin", Math.sin),
  unary("series_tan", Math.tan),
  binary("series_add", (x, y) => x + y),
  binary("series_subtract", (x, y) => x - y),
  binary("series_multiply", (x, y) => x * y),
  binary("series_divide", (x, y) => x / y),
  binary("series_pow", (x, y) => x ** y),
  binary("series_equals", (x, y) => x === y),
  binary("series_not_equals", (x, y) => x !== y),
  binary("series_greater", (x, y) => x > y),
  binary("series_greater_equals", (x, y) => x >= y),
  binary("series_less", (x, y) => x < y),
  binary("series_less_equals", (x, y) => x <= y),
  reduce("series_sum", sum),
  reduce("series_product", (xs) => xs.reduce((p, x) => p * x, 1)),
  reduce("series_magnitude", (xs) => Math.sqrt(sum(xs.map((x) => x * x)))),
  series("series_dot_product", () => (args) => {
    const p = presentPairs(args[0] ?? null, args[1] ?? null);
    return p === null ? null : sum(p.map(([x, y]) => x * y));
  }),
  series("series_cosine_similarity", () => (args) => {
    const p = presentPairs(args[0] ?? null, args[1] ?? null);
    if (p === null) return null;
    const norm = Math.sqrt(sum(p.map(([x]) => x * x))) * Math.sqrt(sum(p.map(([, y]) => y * y)));
    return norm === 0 ? null : sum(p.map(([x, y]) => x * y)) / norm;
  }),
  series("series_pearson_correlation", () => (args) => {
    const p = presentPairs(args[0] ?? null, args[1] ?? null);
    if (p === null || p.length === 0) return null;
    const mx = sum(p.map(([x]) => x)) / p.length;
    const my = sum(p.map(([, y]) => y)) / p.length;
    const sxy = sum(p.map(([x, y]) => (x - mx) * (y - my)));
    const d = Math.sqrt(sum(p.map(([x]) => (x - mx) ** 2)) * sum(p.map(([, y]) => (y - my) ** 2)));
    return d === 0 ? null : sxy / d;
  }),
  // series_fill_const(x, constant = 0, placeholder = null)
  series("series_fill_const", (site) => {
    const value = numberConv(site.argTypes[1] ?? "real");
    const missing = missingTest(site, 2);
    return (args) => {
      const xs = numbers(args[0] ?? null);
      if (xs === null) return null;
      const c = args.length > 1 ? value(args[1] ?? null) : 0;
      const m = missing(args);
      return xs.map((x) => (m(x) ? c : x));
    };
  }),
  series("series_fill_forward", (site) => {
    const missing = missingTest(site, 1);
    return (args) => {
      const xs = numbers(args[0] ?? null);
      return xs === null ? null : fillForward(xs, missing(args));
    };
  }),
  series("series_fill_backward", (site) => {
    const missing = missingTest(site, 1);
    return (args) => {
      const xs = numbers(args[0] ?? null);
      return xs === null ? null : fillForward([...xs].reverse(), missing(args)).reverse();
    };
  }),
  // series_fill_linear(x, placeholder = null, fill_edges = true, constant = 0)
  series("series_fill_linear", (site) => {
    const missing = missingTest(site, 1);
    const edges = boolConv(site.argTypes[2] ?? "bool");
    const constant = numberConv(site.argTypes[3] ?? "real");
    return (args) => {
      const xs = numbers(args[0] ?? null);
      if (xs === null) return null;
      return fillLinear(xs, missing(args), args.length > 2 ? edges(args[2] ?? null) !== false : true, args.length > 3 ? (constant(args[3] ?? null) ?? 0) : 0);
    };
  }),
  // series_fir(x, filter, normalize = no negative coefficient, center = false)
  series("series_fir", (site) => {
    const flag = site.argTypes.map((t) => boolConv(t));
    return (args) => {
      const xs = numbers(args[0] ?? null);
      const f = coefficients(args[1] ?? null);
      if (xs === null || f === null) return null;
      const negative = f.some((c) => c < 0);
      const normalize = args.length > 2 ? flag[2]!(args[2] ?? null) ?? !negative : !negative;
      const center = args.length > 3 ? flag[3]!(args[3] ?? null) === true : false;
      if (normalize && negative) return null;
      const total = sum(f);
      const g = normalize ? (total === 0 ? null : f.map((c) => c / total)) : f;
      return g === null ? null : fir(xs, g, center ? Math.floor((f.length - 1) / 2) : 0, workMeter(site));
    };
  }),
  series("series_iir", (site) => (args) => {
    const xs = numbers(args[0] ?? null);
    const b = coefficients(args[1] ?? null);
    const a = coefficients(args[2] ?? null);
    if (xs === null || b === null || a === null || a[0] === 0) return null;
    return iir(xs, b, a, workMeter(site));
  }),
];
