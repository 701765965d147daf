/**
 * Loops for the time arithmetic rules run over every row (`TimeGenerated + UtcOffset`,
 * `hourofday()`, `dayofweek()`, `startofday()`, `bin(TimeGenerated, 1h)`): typed arrays in,
 * typed arrays out. Through the generic row kernel each result is a double returned from a
 * closure, which V8 boxes: a heap object per row, and most of a baseline's time in the
 * collector. Each loop computes exactly what the function's kernel computes (the same helpers),
 * which a property test checks; anything else returns undefined.
 */
import { dayNumber, dayStart } from "../functions/datetime-fns.js";
import { dayTicksOf } from "../functions/datetime-text.js";
import { ORIGIN_0001_TICKS } from "../functions/define.js";
import { binnerAt } from "../functions/math.js";
import { type KType, TICKS_PER_DAY, TICKS_PER_HOUR } from "../types.js";
import { type Column, ConstantColumn, FixedColumn } from "./column.js";

const TIME: ReadonlySet<KType> = new Set(["datetime", "timespan"]);

interface Numbers {
  readonly at: (i: number) => number;
  readonly isNull: (i: number) => boolean;
  readonly values: Float64Array | null;
  readonly nulls: Uint8Array | null;
  readonly constant: number | null | undefined;
}

function numbersOf(c: Column): Numbers | undefined {
  if (c instanceof FixedColumn) return { at: (i) => c.values[i]!, isNull: (i) => c.nulls !== null && c.nulls[i] === 1, values: c.values, nulls: c.nulls, constant: undefined };
  if (c instanceof ConstantColumn && (c.value === null || typeof c.value === "number"))
    return { at: () => c.value as number, isNull: () => c.value === null, values: null, nulls: null, constant: c.value as number | null };
  return undefined;
}

/** A datetime column as values and nulls (only a materialised column qualifies). */
function times(c: Column): FixedColumn | undefined {
  return c instanceof FixedColumn && c.type === "datetime" ? c : undefined;
}

/** datetime/timespan + or − datetime/timespan: Math.round(a ± b), null with either. */
function timeArith(minus: boolean, type: KType, a: Column, b: Column, n: number): Column | undefined {
  if (!TIME.has(type) || !TIME.has(a.type) || !TIME.has(b.type)) return undefined;
  const x = numbersOf(a);
  const y = numbersOf(b);
  if (x === undefined || y === undefined) return undefined;
  if (x.constant === null || y.constant === null) return new ConstantColumn(type, null, n);
  const out = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  // The common shape, a column and a constant, without a closure call per row.
  if (x.values !== null && y.constant !== undefined) {
    const xs = x.values;
    const xn = x.nulls;
    const k = minus ? -y.constant : y.constant;
    for (let i = 0; i < n; i++) {
      if (xn !== null && xn[i] === 1) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = Math.round(xs[i]! + k);
    }
    return new FixedColumn(type, out, nulls);
  }
  for (let i = 0; i < n; i++) {
    if (x.isNull(i) || y.isNull(i)) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = Math.round(minus ? x.at(i) - y.at(i) : x.at(i) + y.at(i));
  }
  return new FixedColumn(type, out, nulls);
}

function hourOfDay(c: FixedColumn, n: number): Column {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (c.nulls === null || c.nulls[i] === 0) out[i] = Math.floor(dayTicksOf(c.values[i]!) / TICKS_PER_HOUR);
  return new FixedColumn("int", out, c.nulls);
}

function dayOfWeek(c: FixedColumn, n: number): Column {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (c.nulls === null || c.nulls[i] === 0) out[i] = ((((dayNumber(c.values[i]!) + 4) % 7) + 7) % 7) * TICKS_PER_DAY;
  return new FixedColumn("timespan", out, c.nulls);
}

function startOfDay(c: FixedColumn, n: number): Column {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (c.nulls === null || c.nulls[i] === 0) out[i] = dayStart(dayNumber(c.values[i]!));
  return new FixedColumn("datetime", out, c.nulls);
}

/** bin/floor of datetimes by a constant timespan (bins start at 0001-01-01, as the kernel's). */
function binTimes(c: FixedColumn, size: Column, n: number): Column | undefined {
  if (!(size instanceof ConstantColumn) || size.type !== "timespan") return undefined;
  const s = size.value;
  if (typeof s !== "number") return new ConstantColumn("datetime", null, n);
  const out = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  const bin = binnerAt(s, ORIGIN_0001_TICKS);
  for (let i = 0; i < n; i++) {
    const r = c.nulls !== null && c.nulls[i] === 1 ? null : bin(c.values[i]!);
    if (r === null || !Number.isFinite(r)) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = Math.round(r);
  }
  return new FixedColumn("datetime", out, nulls);
}

export function vectorTimeCall(fn: string, type: KType, args: readonly Column[], n: number): Column | undefined {
  switch (fn) {
    case "+":
    case "-":
      return args.length === 2 ? timeArith(fn === "-", type, args[0]!, args[1]!, n) : undefined;
    case "hourofday": {
      const t = args.length === 1 && type === "int" ? times(args[0]!) : undefined;
      return t === undefined ? undefined : hourOfDay(t, n);
    }
    case "dayofweek": {
      const t = args.length === 1 && type === "timespan" ? times(args[0]!) : undefined;
      return t === undefined ? undefined : dayOfWeek(t, n);
    }
    case "startofday": {
      const t = args.length === 1 && type === "datetime" ? times(args[0]!) : undefined;
      return t === undefined ? undefined : startOfDay(t, n);
    }
    case "bin":
    case "floor": {
      const t = args.length === 2 && type === "datetime" ? times(args[0]!) : undefined;
      return t === undefined ? undefined : binTimes(t, args[1]!, n);
    }
    default:
      return undefined;
  }
}
