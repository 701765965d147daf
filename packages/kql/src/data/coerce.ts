/**
 * One loaded cell (a JSON value, or a CSV field's text) → the value a column of type T holds
 * (representation in ../types.ts). Coercion never throws: a value that does not fit gives the
 * type's null and `ok: false`, and the loader reports it (WD002) with file, line and column.
 *
 * Choices, each where real exports leave a question open:
 * - null / missing → the type's null (`""` for string), ok. An empty or blank string is a
 *   missing value for every type but string (CSV exports and Entra's JSON write "" for "none");
 *   for dynamic that holds in text mode only: in JSON, `""` is a legitimate dynamic string.
 * - datetime: any text form `parseDatetime` reads (ISO 8601 with or without zone/fraction,
 *   RFC 822/1123, `/Date(ms)/`), plus the Log Analytics portal's CSV export form
 *   `11/21/2026, 3:04:05.123 PM` (UTC; its header says `[UTC]`). Numbers are NOT accepted:
 *   a bare number could be Unix seconds, Unix ms or .NET ticks, and Kusto's own ingestion needs
 *   an explicit transform for each; guessing would silently shift every timestamp.
 * - timespan: text forms `parseTimespan` reads; a JSON number is a count of 100 ns ticks (what
 *   Kusto stores and what `tolong(timespan)` returns).
 * - int / long: JSON numbers and decimal numeric text that are whole (int: 32-bit range; long:
 *   −2^63 … 2^63−1, checked exactly on text). A fraction or a value out of range is rejected
 *   rather than truncated or wrapped, so a wrong schema or a hostile value shows as a diagnostic.
 * - real / decimal: any JSON number or decimal numeric text, plus NaN / Infinity text.
 * - bool: true/false, "true"/"false" in any case, 0/1 and "0"/"1"; nothing else.
 * - guid: text of 32 hex digits, with or without dashes and braces → lower-case canonical form.
 * - string: text as is; numbers and booleans as their JSON text; objects/arrays as compact JSON.
 * - dynamic: objects and arrays as they are; a string that looks like a JSON object or array is
 *   parsed (Log Analytics CSV exports and API responses carry dynamic columns as JSON text), and
 *   kept as a string if it does not parse. In text mode (CSV fields, API cells) every field is
 *   JSON text, so scalars are parsed too (`5` → 5, `true` → true); text that is not JSON stays
 *   a string.
 */
import { parseDatetime, parseTimespan, ticksFromParts } from "../functions/datetime-text.js";
import type { Json, KType, Value } from "../types.js";

export interface Coerced {
  readonly value: Value;
  readonly ok: boolean;
}

export interface CoerceOptions {
  /**
   * The value came from a text format where every cell is text (CSV, Log Analytics API cells):
   * an empty field is null for dynamic too, and a dynamic field is JSON text.
   */
  readonly textual?: boolean;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_REAL = /^([+-]?)(nan|inf|infinity)$/i;
const GUID_TEXT = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;
// The Azure portal's Log Analytics "Export to CSV" datetime form (en-US, UTC).
const PORTAL_DATETIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const OK_NULL_STRING: Coerced = { value: "", ok: true };
const OK_NULL: Coerced = { value: null, ok: true };
const BAD_NULL_STRING: Coerced = { value: "", ok: false };
const BAD_NULL: Coerced = { value: null, ok: false };

function ok(value: Value): Coerced {
  return { value, ok: true };
}

function bad(type: KType): Coerced {
  return type === "string" ? BAD_NULL_STRING : BAD_NULL;
}

/** What a Converter returns for a value that does not convert (the column gets its null). */
export const NOT_CONVERTED: unique symbol = Symbol("not converted");

/** Converts one raw value to a column's type (no allocation on the way: loaders call it per cell). */
export type Converter = (raw: unknown) => Value | typeof NOT_CONVERTED;

const converters = new Map<string, Converter>();

/** The converter for a column type (cached: one per type and mode). */
export function converterFor(type: KType, textual = false): Converter {
  const key = textual ? `t:${type}` : type;
  let c = converters.get(key);
  if (c === undefined) converters.set(key, (c = makeConverter(type, textual)));
  return c;
}

const isBlank = (s: string) => s.length === 0 || s.trim() === "";

function makeConverter(type: KType, textual: boolean): Converter {
  switch (type) {
    case "string":
      return (raw) => (typeof raw === "string" ? raw : raw === null || raw === undefined ? "" : toText(raw));
    case "dynamic":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw !== "string") return raw as Json;
        return textual && isBlank(raw) ? null : toDynamic(raw, textual);
      };
    case "datetime":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw !== "string") return NOT_CONVERTED;
        const v = fastIsoInstant(raw) ?? parseInstant(raw);
        return v !== null ? v : isBlank(raw) ? null : NOT_CONVERTED;
      };
    case "timespan":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "number") return Number.isFinite(raw) ? raw : NOT_CONVERTED;
        if (typeof raw !== "string") return NOT_CONVERTED;
        if (isBlank(raw)) return null;
        const v = parseTimespan(raw);
        return v === null ? NOT_CONVERTED : v;
      };
    case "int":
    case "long":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "string" && isBlank(raw)) return null;
        const n = toNumber(raw);
        if (n === undefined || !Number.isInteger(n)) return NOT_CONVERTED;
        if (type === "int" && (n < INT_MIN || n > INT_MAX)) return NOT_CONVERTED;
        if (type === "long" && !inLongRange(n, raw)) return NOT_CONVERTED;
        return n;
      };
    case "real":
    case "decimal":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "string" && isBlank(raw)) return null;
        const n = toNumber(raw);
        return n === undefined ? NOT_CONVERTED : n;
      };
    case "bool":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "string" && isBlank(raw)) return null;
        const r = toBool(raw);
        return r.ok ? r.value : NOT_CONVERTED;
      };
    case "guid":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw !== "string") return NOT_CONVERTED;
        if (isBlank(raw)) return null;
        const g = normalizeGuid(raw);
        return g === null ? NOT_CONVERTED : g;
      };
  }
  return () => NOT_CONVERTED;
}

/** Coerces one raw value to a column type; see the file comment for what converts. */
export function coerceValue(raw: unknown, type: KType, options: CoerceOptions = {}): Coerced {
  const v = converterFor(type, options.textual === true)(raw);
  if (v === NOT_CONVERTED) return bad(type);
  return v === null ? OK_NULL : type === "string" && v === "" ? OK_NULL_STRING : ok(v);
}

/** Text of any JSON value: strings as they are, everything else as compact JSON. */
function toText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  try {
    return JSON.stringify(raw) ?? "";
  } catch {
    return String(raw);
  }
}

function toDynamic(raw: unknown, textual: boolean): Value {
  if (typeof raw !== "string") return raw as Json;
  const t = raw.trim();
  const c = t.charCodeAt(0);
  const container = (c === 0x7b && t.endsWith("}")) || (c === 0x5b && t.endsWith("]"));
  // In JSON, only container-looking strings are JSON text: `"5"` must stay the string "5".
  if (!container && !textual) return raw;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return raw;
  }
}

/** A JSON number, or decimal numeric text; undefined for anything else (hex, "", booleans). */
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Whether a whole number is a long: within ±2^63 as a double, and, for text of many digits
 * (where a double rounds: "-9223372036854775809" reads as -2^63), exactly, as a BigInt.
 * (A JSON number of many digits is already a rounded double when it gets here; the Log
 * Analytics API loader passes such numbers on as their text: ./api-rows.ts.)
 */
function inLongRange(n: number, raw: unknown): boolean {
  if (typeof raw === "string") {
    const t = raw.trim();
    if (/^[+-]?\d{16,}$/.test(t)) {
      const b = BigInt(t);
      return b >= LONG_MIN && b <= LONG_MAX;
    }
  }
  // 2^63 itself is what long's maximum rounds to as a double.
  return n >= -(2 ** 63) && n <= 2 ** 63;
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return undefined;
  const t = raw.trim();
  if (NUMBER_TEXT.test(t)) return Number(t);
  const m = SPECIAL_REAL.exec(t);
  if (m === null) return undefined;
  if (m[2]!.toLowerCase() === "nan") return Number.NaN;
  return m[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

function toBool(raw: unknown): Coerced {
  if (typeof raw === "boolean") return ok(raw);
  if (typeof raw === "number") return raw === 1 ? ok(true) : raw === 0 ? ok(false) : BAD_NULL;
  if (typeof raw !== "string") return BAD_NULL;
  switch (raw.trim().toLowerCase()) {
    case "true":
    case "1":
      return ok(true);
    case "false":
    case "0":
      return ok(false);
    default:
      return BAD_NULL;
  }
}

/** `{ABCDEF01-...}`, `abcdef01...` (no dashes) → `abcdef01-2345-...` lower-case; else null. */
export function normalizeGuid(s: string): string | null {
  let t = s.trim();
  if (t.startsWith("{") && t.endsWith("}")) t = t.slice(1, -1);
  const m = GUID_TEXT.exec(t);
  if (m === null) return null;
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
};

/**
 * The canonical ISO 8601 forms every Entra and Log Analytics export writes,
 * `2026-11-21T10:00:00Z`, `...:00.1234567Z`, `...:00.123+00:00`, parsed from character codes:
 * a load converts millions of them, and the general parser's regular expression is ten times
 * slower. Anything else (or anything out of range) is left to `parseInstant` (null here).
 */
export function fastIsoInstant(s: string): number | null {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return null;
  }
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const mo = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  const h = digit(s, 11) * 10 + digit(s, 12);
  const mi = digit(s, 14) * 10 + digit(s, 15);
  const sec = digit(s, 17) * 10 + digit(s, 18);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return null;
  let i = 19;
  let frac = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    let digits = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 7) frac = frac * 10 + c;
      digits++;
    }
    if (digits === 0) return null;
    for (let k = Math.min(digits, 7); k < 7; k++) frac *= 10;
  }
  let offset = 0;
  if (i === n - 1 && (s.charCodeAt(i) === 90 || s.charCodeAt(i) === 122)) i++;
  else if (i === n - 6 && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) && s.charCodeAt(i + 3) === 58) {
    const oh = digit(s, i + 1) * 10 + digit(s, i + 2);
    const om = digit(s, i + 4) * 10 + digit(s, i + 5);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return null;
    offset = (s.charCodeAt(i) === 45 ? -1 : 1) * (oh * 36_000_000_000 + om * 600_000_000);
    i = n;
  }
  if (i !== n) return null;
  const t = ticksFromParts(y, mo, d, h, mi, sec, frac);
  return t === null ? null : t - offset;
}

/** A datetime's text (every form `parseDatetime` reads, plus the portal export form) → ticks. */
export function parseInstant(s: string): number | null {
  const v = parseDatetime(s);
  if (v !== null) return v;
  const m = PORTAL_DATETIME.exec(s.trim());
  if (m === null) return null;
  let h = Number(m[4]);
  const ampm = m[8]?.toLowerCase();
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === "pm" ? 12 : 0);
  }
  const frac = m[7] === undefined ? 0 : Number(m[7].padEnd(7, "0"));
  return ticksFromParts(Number(m[3]), Number(m[1]), Number(m[2]), h, Number(m[5]), Number(m[6] ?? 0), frac);
}

/** Whether a string is a point in time (date AND time, or `/Date(ms)/`): schema inference. */
export function isInstantText(s: string): boolean {
  const t = s.trim();
  // A date alone (2024-05-01) is often a label compared as text; require a time of day.
  if (!/^\d{4}-\d{1,2}-\d{1,2}[Tt\s]+\d{1,2}:\d{2}/.test(t) && !/^\/Date\(/.test(t) && !PORTAL_DATETIME.test(t)) return false;
  return parseInstant(t) !== null;
}
