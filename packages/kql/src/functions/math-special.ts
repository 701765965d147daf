/**
 * Special functions: `gamma`, `loggamma`, `erf`, `erfc`, `beta_cdf`, `beta_pdf`, `beta_inv`,
 * `welch_test` (and `around`). Accurate to about 1e-14 relative (Lanczos gamma,
 * series/continued-fraction erf, Lentz's continued fraction for the regularized incomplete beta,
 * bisection-safeguarded Newton for its inverse).
 *
 * Domains (the beta pages): beta_cdf is NaN for x outside [0, 1] or alpha/beta outside (0, 10000];
 * beta_pdf is NaN for x outside (0, 1) or alpha/beta ≤ 0 (both pages' notes and examples agree).
 * beta_inv's note and example contradict each other; we follow the example (the documented
 * output): p outside [0, 1] is null, alpha or beta ≤ 0 is NaN.
 */
import { numberConv, scalar } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function gamma(x: number): number {
  if (Number.isInteger(x) && x <= 0) return Number.NaN;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  if (Number.isInteger(x) && x <= 171) {
    let r = 1;
    for (let i = 2; i < x; i++) r *= i;
    return r;
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * a;
}

export function logGamma(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** erf by its Maclaurin series (|x| < 3) or erfc's continued fraction. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax >= 3) return Math.sign(x) * (1 - erfcLarge(ax));
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc(x) for x ≥ 3: Lentz's continued fraction. */
function erfcLarge(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

export function erfc(x: number): number {
  return x >= 3 ? erfcLarge(x) : 1 - erf(x);
}

/** Continued fraction of the incomplete beta (Numerical Recipes' betacf, modified Lentz). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta I_x(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betacf(a, b, x)) / a : 1 - (front * betacf(b, a, 1 - x)) / b;
}

export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) + logGamma(a + b) - logGamma(a) - logGamma(b));
}

/** The x with I_x(a, b) = p: Newton steps kept inside a shrinking bisection bracket. */
export function betaInv(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let i = 0; i < 200; i++) {
    const f = betaCdf(x, a, b) - p;
    if (Math.abs(f) < 1e-15) break;
    if (f > 0) hi = x;
    else lo = x;
    const pdf = betaPdf(x, a, b);
    let next = pdf > 0 ? x - f / pdf : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-16) break;
    x = next;
  }
  return x;
}

/** The argument domain of one beta function: what an out-of-domain x and alpha/beta yield. */
interface BetaDomain {
  readonly xOk: (x: number) => boolean;
  readonly xOut: null | number;
  readonly maxShape: number;
}

function beta(name: string, f: (x: number, a: number, b: number) => number, d: BetaDomain): ScalarFunction {
  return scalar(name, "math", (site: CallSite): RowKernel => {
    const c = site.argTypes.map((t) => numberConv(t));
    return (args) => {
      const [x, a, b] = [0, 1, 2].map((i) => c[i]!(args[i] ?? null));
      if (x === null || a === null || b === null) return null;
      if (!d.xOk(x)) return d.xOut;
      if (!(a > 0 && a <= d.maxShape) || !(b > 0 && b <= d.maxShape)) return Number.NaN;
      return f(x, a, b);
    };
  });
}

/** welch_test: the two-sided p-value of Welch's t-test from two samples' mean, variance, count. */
function welch(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): number | null {
  const s1 = v1 / n1;
  const s2 = v2 / n2;
  const t = (m1 - m2) / Math.sqrt(s1 + s2);
  const df = (s1 + s2) ** 2 / (s1 ** 2 / (n1 - 1) + s2 ** 2 / (n2 - 1));
  if (!Number.isFinite(t) || !Number.isFinite(df) || df <= 0) return null;
  return betaCdf(df / (df + t * t), df / 2, 0.5);
}

export const specialFunctions: readonly ScalarFunction[] = [
  // around(value, center, delta): value in [center − delta, center + delta]; datetimes and
  // timespans are tick counts, so one numeric comparison covers every argument type.
  scalar("around", "math", (site) => {
    const c = site.argTypes.map((t) => numberConv(t));
    return (args) => {
      const [v, center, delta] = [0, 1, 2].map((i) => c[i]!(args[i] ?? null));
      if (v === null || center === null || delta === null) return null;
      return v >= center - delta && v <= center + delta;
    };
  }),
  ...[
    ["gamma", gamma],
    ["loggamma", logGamma],
    ["erf", erf],
    ["erfc", erfc],
  ].map(([name, f]) =>
    scalar(name as string, "math", (site) => {
      const c = numberConv(site.argTypes[0] ?? "real");
      return (args) => {
        const x = c(args[0] ?? null);
        return x === null ? null : (f as (x: number) => number)(x);
      };
    }),
  ),
  beta("beta_cdf", betaCdf, { xOk: (x) => x >= 0 && x <= 1, xOut: Number.NaN, maxShape: 10000 }),
  beta("beta_pdf", betaPdf, { xOk: (x) => x > 0 && x < 1, xOut: Number.NaN, maxShape: Number.POSITIVE_INFINITY }),
  beta("beta_inv", betaInv, { xOk: (p) => p >= 0 && p <= 1, xOut: null, maxShape: Number.POSITIVE_INFINITY }),
  scalar("welch_test", "math", (site) => {
    const c = site.argTypes.map((t) => numberConv(t));
    return (args) => {
      const v = c.map((f, i) => f(args[i] ?? null));
      if (v.some((x) => x === null)) return null;
      const [m1, v1, n1, m2, v2, n2] = v as number[];
      return welch(m1!, v1!, n1!, m2!, v2!, n2!);
    };
  }),
];
