/**
 * Math functions: `abs`, `round`, `bin`/`floor`, `bin_at`, `ceiling`, `sqrt`, `pow`, `exp*`,
 * `log*`, `sign`, trigonometry, `pi`, `rand`, the `binary_*` bit operations.
 *
 * `bin` on datetimes aligns to Kusto's 0001-01-01 origin (so `bin(t, 7d)` starts weeks on
 * Mondays, as Kusto does), computed in BigInt where the offset exceeds 2^53. A bin size ≤ 0
 * gives null (chosen: Kusto's docs do not say). Out-of-domain math (sqrt/log of a negative
 * number) gives null, as Kusto; integer results truncate.
 */
import type { KType, Value } from "../types.js";
import { type Conv, datetimeConv, fixed, numberConv, ORIGIN_0001_TICKS, scalar, timespanConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

function conv(t: KType): Conv<number> {
  return t === "datetime" ? datetimeConv(t) : t === "timespan" ? timespanConv(t) : numberConv(t);
}

/** Output for a numeric result type: ints truncate (non-finite → null). */
function out(rt: KType): (n: number | null) => Value {
  if (rt === "int" || rt === "long") return (n) => (n === null || !Number.isFinite(n) ? null : Math.trunc(n) || 0);
  if (rt === "datetime" || rt === "timespan") return (n) => (n === null || !Number.isFinite(n) ? null : Math.round(n));
  return (n) => n;
}

/** A numeric function of its (converted, non-null) arguments. */
function numeric(name: string, f: (...xs: number[]) => number | null, family = "math"): ScalarFunction {
  return scalar(name, family, (site) => {
    const cs = site.argTypes.map(conv);
    const o = out(site.resultType);
    return (args) => {
      const xs: number[] = [];
      for (let i = 0; i < cs.length; i++) {
        const x = cs[i]!(args[i] ?? null);
        if (x === null) return null;
        xs.push(x);
      }
      return o(f(...xs));
    };
  });
}

/** floor(x / size) * size + origin, exact for integral ticks via BigInt when large. */
export function binAt(x: number, size: number, origin: number): number | null {
  if (!(size > 0) || !Number.isFinite(x)) return null;
  const d = x - origin;
  if (Number.isSafeInteger(d) && Number.isSafeInteger(size)) return x - (((d % size) + size) % size);
  if (Number.isInteger(x) && Number.isInteger(size) && Number.isInteger(origin)) {
    const bx = BigInt(x);
    const bs = BigInt(size);
    const r = (((bx - BigInt(origin)) % bs) + bs) % bs;
    return Number(bx - r);
  }
  return Math.floor(d / size) * size + origin;
}

/**
 * binAt for one size and origin, for a loop over many values: the origin's remainder is taken
 * once (by BigInt when the origin is far from 0, as 0001-01-01 is in ticks), so that each
 * integral value's bin is exact double arithmetic instead of a BigInt division per row.
 */
export function binnerAt(size: number, origin: number): (x: number) => number | null {
  if (!(size > 0) || !Number.isSafeInteger(size) || !Number.isInteger(origin)) return (x) => binAt(x, size, origin);
  const bs = BigInt(size);
  const offset = Number(((BigInt(origin) % bs) + bs) % bs);
  return (x) => {
    const d = x - offset;
    // Exact while x − offset is a safe integer (every datetime from 1991 to 2048 in ticks is).
    if (Number.isSafeInteger(d) && Number.isSafeInteger(x)) return x - (((d % size) + size) % size);
    return binAt(x, size, origin);
  };
}

function bindBin(site: CallSite): RowKernel {
  const [tv = "real", ts = "real"] = site.argTypes;
  const cv = conv(tv);
  const cs = conv(ts);
  const origin = tv === "datetime" ? ORIGIN_0001_TICKS : 0;
  const o = out(site.resultType);
  return (args) => {
    const v = cv(args[0] ?? null);
    const s = cs(args[1] ?? null);
    if (v === null || s === null) return null;
    return o(binAt(v, s, origin));
  };
}

/** bin_at(value, size, fixed_point): bins aligned so that fixed_point starts a bin. */
function bindBinAt(site: CallSite): RowKernel {
  const [tv = "real", ts = "real", tf = "real"] = site.argTypes;
  const cv = conv(tv);
  const cs = conv(ts);
  const cf = conv(tf);
  const o = out(site.resultType);
  return (args) => {
    const v = cv(args[0] ?? null);
    const s = cs(args[1] ?? null);
    const f = cf(args[2] ?? null);
    if (v === null || s === null || f === null) return null;
    return o(binAt(v, s, f));
  };
}

/** round(x, digits): half away from zero, decimal-exact via exponent text (2.15 → 2.2). */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const p = Math.trunc(digits);
  const a = Math.abs(x);
  const r = scaleDecimal(Math.round(scaleDecimal(a, p)), -p);
  return x < 0 ? -r : r;
}

/** v × 10^k, exact in decimal: the exponent of v's shortest decimal form moved by k (works for 1e-7 and 1e21 alike). */
function scaleDecimal(v: number, k: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const [mantissa, exp] = v.toExponential().split("e");
  return Number(`${mantissa}e${Number(exp) + k}`);
}

/** 64-bit two's-complement bit operations through BigInt (long operands). */
function bits(name: string, f: (a: bigint, b: bigint) => bigint): ScalarFunction {
  return numeric(name, (a, b = 0) => {
    if (!Number.isInteger(a) || !Number.isInteger(b)) return null;
    return Number(BigInt.asIntN(64, f(BigInt.asIntN(64, BigInt(a)), BigInt.asIntN(64, BigInt(b)))));
  });
}

export const mathFunctions: readonly ScalarFunction[] = [
  numeric("abs", (x) => Math.abs(x)),
  numeric("round", (x, d = 0) => roundTo(x, d)),
  numeric("ceiling", (x) => Math.ceil(x)),
  numeric("sqrt", (x) => (x < 0 ? null : Math.sqrt(x))),
  numeric("pow", (x, y) => x ** y),
  numeric("exp", (x) => Math.exp(x)),
  numeric("exp2", (x) => 2 ** x),
  numeric("exp10", (x) => 10 ** x),
  numeric("log", (x) => (x < 0 ? null : Math.log(x))),
  numeric("log2", (x) => (x < 0 ? null : Math.log2(x))),
  numeric("log10", (x) => (x < 0 ? null : Math.log10(x))),
  numeric("log1p", (x) => (x < -1 ? null : Math.log1p(x))),
  numeric("sign", (x) => (Number.isNaN(x) ? null : Math.sign(x) || 0)),
  numeric("sin", Math.sin),
  numeric("cos", Math.cos),
  numeric("tan", Math.tan),
  numeric("asin", (x) => (x < -1 || x > 1 ? null : Math.asin(x))),
  numeric("acos", (x) => (x < -1 || x > 1 ? null : Math.acos(x))),
  numeric("atan", Math.atan),
  numeric("atan2", (y, x) => Math.atan2(y, x)),
  numeric("cot", (x) => 1 / Math.tan(x)),
  numeric("degrees", (x) => (x * 180) / Math.PI),
  numeric("radians", (x) => (x * Math.PI) / 180),
  fixed("pi", "math", () => Math.PI),
  scalar("bin", "math", bindBin),
  scalar("floor", "math", bindBin),
  scalar("bin_at", "math", bindBinAt),
  scalar("rand", "math", (site) => {
    const c = numberConv(site.argTypes[0] ?? "long");
    return (args) => {
      if (args.length === 0) return Math.random();
      const n = c(args[0] ?? null);
      return n === null || n <= 0 ? null : Math.floor(Math.random() * Math.trunc(n));
    };
  }),
  bits("binary_and", (a, b) => a & b),
  bits("binary_or", (a, b) => a | b),
  bits("binary_xor", (a, b) => a ^ b),
  bits("binary_not", (a) => ~a),
  bits("binary_shift_left", (a, b) => (b < 0n || b > 63n ? 0n : a << b)),
  bits("binary_shift_right", (a, b) => (b < 0n || b > 63n ? 0n : a >> b)),
  numeric("bitset_count_ones", (a) => {
    if (!Number.isInteger(a)) return null;
    let v = BigInt.asUintN(64, BigInt(a));
    let n = 0;
    for (; v > 0n; v >>= 1n) n += Number(v & 1n);
    return n;
  }),
];
