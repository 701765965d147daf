/**
 * Shared building blocks of the function library: declaring functions, and converting argument
 * values of a known KType into the JS type a kernel computes with. Converters are chosen once at
 * bind time from `site.argTypes`, so per-row work has no type dispatch beyond a typeof check.
 *
 * Every converter tolerates values of the "wrong" JS type (a kernel must never throw on data):
 * anything that does not convert becomes null.
 */
import type { Json, KType, Value } from "../types.js";
import { DAYS_0001_TO_EPOCH, TICKS_PER_DAY } from "../types.js";
import { formatDatetime, parseDatetime, parseTimespan } from "./datetime-text.js";
import type { AggregateFunction, AggregateKernel, CallSite, RowKernel, ScalarFunction } from "./registry-types.js";
import { toJson, valueToString } from "./value-text.js";

export function scalar(name: string, family: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return { name, family, bind };
}

/** A function whose kernel does not depend on the call site. */
export function fixed(name: string, family: string, kernel: RowKernel): ScalarFunction {
  return { name, family, bind: () => kernel };
}

export function aggregate(name: string, family: string, bind: (site: CallSite) => AggregateKernel): AggregateFunction {
  return { name, family, bind };
}

export type Conv<T> = (v: Value) => T | null;

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Decimal number text → number (no hex, no "Infinity" unless real); null when not a number. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (NUMBER_TEXT.test(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === "nan") return Number.NaN;
  if (l === "inf" || l === "+inf" || l === "infinity" || l === "+infinity") return Number.POSITIVE_INFINITY;
  if (l === "-inf" || l === "-infinity") return Number.NEGATIVE_INFINITY;
  return null;
}

/**
 * Numbers for arithmetic and numeric functions: numerics as is, bools as 0/1, datetimes and
 * timespans as ticks, dynamic numbers (and numeric strings inside dynamic), strings parsed.
 */
export function numberConv(t: KType): Conv<number> {
  switch (t) {
    case "string":
      return (v) => (typeof v === "string" ? parseNumber(v) : typeof v === "number" ? v : null);
    case "dynamic":
      return (v) =>
        typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "string" ? parseNumber(v) : null;
    case "guid":
      return () => null;
    default:
      return (v) => (typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : null);
  }
}

/** Integer arguments (indexes, counts, lengths): truncated; NaN/±Infinity are null. */
export function intConv(t: KType): Conv<number> {
  const n = numberConv(t);
  return (v) => {
    const x = n(v);
    return x === null || !Number.isFinite(x) ? null : Math.trunc(x);
  };
}

/** Strings for string functions and operators: `tostring` of the value. */
export function stringConv(t: KType): (v: Value) => string {
  return (v) => valueToString(v, t);
}

/**
 * Text of a value where Kusto serialises a datetime with all seven fraction digits rather than
 * tostring's short form: the hash functions and `reverse` (their pages' examples show
 * `2020-01-01T00:00:00.0000000Z`).
 */
export function fullTextConv(t: KType): (v: Value) => string {
  if (t === "datetime") return (v) => (typeof v === "number" ? formatDatetime(v) : "");
  return stringConv(t);
}

/** Booleans: bools, numbers ≠ 0, "true"/"false" text (any case), dynamic of those. */
export function boolConv(t: KType): Conv<boolean> {
  return (v) => {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return t === "string" ? null : Number.isNaN(v) ? null : v !== 0;
    if (typeof v === "string") {
      const l = v.trim().toLowerCase();
      if (l === "true") return true;
      if (l === "false") return false;
      if (t === "string" || t === "dynamic") {
        const n = parseNumber(l);
        return n === null || Number.isNaN(n) ? null : n !== 0;
      }
    }
    return null;
  };
}

/** Ticks of Kusto's 0001-01-01 origin in widar's tick scale (exact as a double). */
export const ORIGIN_0001_TICKS = -DAYS_0001_TO_EPOCH * TICKS_PER_DAY;

/** Datetimes: datetime ticks; text (string or dynamic string) parsed; other types null. */
export function datetimeConv(t: KType): Conv<number> {
  switch (t) {
    case "datetime":
      return (v) => (typeof v === "number" ? v : null);
    case "string":
    case "dynamic":
      return (v) => (typeof v === "string" ? parseDatetime(v) : null);
    default:
      return () => null;
  }
}

/** Timespans: timespan ticks; text parsed; numbers in dynamic taken as ticks (as Kusto does). */
export function timespanConv(t: KType): Conv<number> {
  switch (t) {
    case "timespan":
      return (v) => (typeof v === "number" ? v : null);
    case "string":
      return (v) => (typeof v === "string" ? parseTimespan(v) : null);
    case "dynamic":
      return (v) => (typeof v === "string" ? parseTimespan(v) : typeof v === "number" ? v : null);
    default:
      return () => null;
  }
}

/** A value of type t as JSON (for dynamic results: arrays, bags). */
export function jsonConv(t: KType): (v: Value) => Json {
  return (v) => toJson(v, t);
}

/** Guids: canonical lower-case text of 32 hex digits (with or without dashes), else null. */
export function parseGuid(s: string): string | null {
  const m = /^\s*\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?\s*$/.exec(s);
  if (m === null) return null;
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}

/** The value of type `from` converted to type `to` (the to*() conversion rules). */
export function convertTo(to: KType, from: KType): (v: Value) => Value {
  switch (to) {
    case "string":
      return stringConv(from);
    case "bool":
      return boolConv(from);
    case "int":
    case "long": {
      const num = numberConv(from);
      const shift = from === "datetime" ? -ORIGIN_0001_TICKS : 0; // tolong(datetime) counts ticks from 0001
      const lim = to === "int" ? 2 ** 31 : 2 ** 63;
      return (v) => {
        const n = num(v);
        if (n === null || !Number.isFinite(n)) return null;
        const r = Math.trunc(n + shift);
        // Out of range: Kusto's conversion fails, which is null (chosen; the docs are silent).
        return r >= lim || r < -lim ? null : r === 0 ? 0 : r;
      };
    }
    case "real":
    case "decimal": {
      const num = numberConv(from);
      const shift = from === "datetime" ? -ORIGIN_0001_TICKS : 0;
      return (v) => {
        const n = num(v);
        return n === null ? null : n + shift;
      };
    }
    case "datetime": {
      if (isNumeric(from)) return (v) => (typeof v === "number" && Number.isFinite(v) ? v + ORIGIN_0001_TICKS : null);
      return datetimeConv(from);
    }
    case "timespan": {
      if (isNumeric(from)) return (v) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);
      return timespanConv(from);
    }
    case "guid":
      return (v) => (typeof v === "string" && (from === "string" || from === "guid" || from === "dynamic") ? parseGuid(v) : null);
    case "dynamic":
      return jsonConv(from);
  }
}

export function isNumeric(t: KType): boolean {
  return t === "int" || t === "long" || t === "real" || t === "decimal";
}

/** The argument types' shared family for dispatch: "num", "datetime", "timespan", … */
export type Family = "num" | "bool" | "string" | "datetime" | "timespan" | "guid" | "dynamic";

export function familyOf(t: KType): Family {
  return isNumeric(t) ? "num" : (t as Family);
}
