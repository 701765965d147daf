/**
 * Values as text and as JSON: `tostring` semantics, string operators on non-string arguments,
 * and the JSON that values become inside dynamic arrays and bags (make_list, pack, …).
 */
import type { Json, KType, Value } from "../types.js";
import { formatDatetime, formatDatetimeShort, formatTimespan } from "./datetime-text.js";

/**
 * A real as Kusto prints it, which is .NET's shortest round-trip `double.ToString()`: plain
 * digits for decimal exponents -4..14, otherwise `1E+15` / `1.5E-07` (at least two exponent
 * digits); `NaN`, `Infinity`, `-Infinity`.
 */
export function formatReal(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "Infinity";
  if (n === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  // toExponential() without an argument gives the shortest round-trip digits, as .NET does.
  const [mant, ex] = n.toExponential().split("e") as [string, string];
  const x = Number(ex);
  if (x > -5 && x < 15) {
    const neg = mant.startsWith("-");
    const digits = mant.replace(/^-/, "").replace(".", "");
    let text: string;
    if (x >= 0) {
      const intPart = digits.padEnd(x + 1, "0").slice(0, x + 1);
      const frac = digits.slice(x + 1);
      text = frac === "" ? intPart : `${intPart}.${frac}`;
    } else text = `0.${"0".repeat(-x - 1)}${digits}`;
    return neg ? `-${text}` : text;
  }
  return `${mant}E${x < 0 ? "-" : "+"}${String(Math.abs(x)).padStart(2, "0")}`;
}

/** An integer (int/long) as text; beyond 2^53 via BigInt (exact digits of the double, no exponent). */
export function formatInteger(n: number): string {
  if (!Number.isFinite(n)) return formatReal(n);
  const t = Math.trunc(n);
  return Number.isSafeInteger(t) ? String(t === 0 ? 0 : t) : BigInt(t).toString();
}

/** Compact JSON text of a dynamic value (Kusto prints dynamic as JSON without spaces). */
export function jsonText(v: Json): string {
  return JSON.stringify(v) ?? "";
}

/**
 * `tostring(v)` for a value of type t: null → "", datetime → ISO 8601 with `Z` (fraction only
 * when nonzero), timespan → `[d.]hh:mm:ss[.fffffff]`, dynamic string → the string itself,
 * other dynamic → compact JSON, bool → "true"/"false".
 */
export function valueToString(v: Value, t: KType): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    switch (t) {
      case "int":
      case "long":
        return formatInteger(v);
      case "datetime":
        return formatDatetimeShort(v);
      case "timespan":
        return formatTimespan(v);
      case "bool":
        return v !== 0 ? "true" : "false";
      case "dynamic":
        return Number.isInteger(v) ? formatInteger(v) : formatReal(v);
      default:
        return formatReal(v);
    }
  }
  return jsonText(v as Json);
}

/**
 * A value of type t as it goes into a dynamic array or bag: datetimes and timespans become
 * their text (datetime with 7 fraction digits, as Kusto serialises dynamic datetimes),
 * NaN/±Infinity become the strings JSON cannot hold, everything else stays as is.
 */
export function toJson(v: Value, t: KType): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") {
    if (t === "datetime") return formatDatetime(v);
    if (t === "timespan") return formatTimespan(v);
    if (t === "bool") return v !== 0;
    if (!Number.isFinite(v)) return formatReal(v);
    return v;
  }
  return v as Json;
}

/** Structural equality of JSON values (dynamic == dynamic, set_has_element, …). */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => jsonEquals(x, bb[i]!));
  }
  const ao = a as { [k: string]: Json };
  const bo = b as { [k: string]: Json };
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEquals(ao[k]!, bo[k]!));
}

/**
 * Distinct values, as `valueKey` tells them apart, without building a key string for the
 * primitives (make_set and dcount add one value per row: a key per row was most of their cost).
 * Strings, numbers and booleans are kept as themselves (a Set tells "1" from 1, and -0 from 0
 * not, as valueKey does); arrays and bags by their JSON text.
 */
export class DistinctValues {
  private readonly primitives = new Set<string | number | boolean>();
  private objects: Set<string> | null = null;
  private hasNull = false;
  size = 0;

  /** Whether `v` is there. */
  has(v: Value): boolean {
    if (v === null) return this.hasNull;
    if (typeof v === "object") return this.objects?.has(JSON.stringify(v)) === true;
    return this.primitives.has(v);
  }

  /** Adds `v`; true when it was not there yet. Null is a value like any other. */
  add(v: Value): boolean {
    if (v === null) {
      if (this.hasNull) return false;
      this.hasNull = true;
    } else if (typeof v === "object") {
      this.objects ??= new Set();
      const k = JSON.stringify(v);
      if (this.objects.has(k)) return false;
      this.objects.add(k);
    } else {
      if (this.primitives.has(v)) return false;
      this.primitives.add(v);
    }
    this.size++;
    return true;
  }
}

/** A key for Set/Map membership of a value of type t (distinct counts, make_set, in). */
export function valueKey(v: Value, t: KType): string {
  if (v === null || v === undefined) return "n";
  if (typeof v === "string") return t === "dynamic" ? `j${JSON.stringify(v)}` : `s${v}`;
  if (typeof v === "number") return `d${Object.is(v, -0) ? 0 : v}`;
  if (typeof v === "boolean") return v ? "d1" : "d0";
  return `j${JSON.stringify(v)}`;
}
