/**
 * Comparing engine output with a documentation table, as ../shared/conformance/README.md says:
 * values, not text. Datetimes in any printed form are the same instant; numbers compare
 * numerically (relative 1e-9, or to the digits printed); dynamic cells compare as JSON (either
 * quote style, any spacing); an empty cell is "" or null; booleans in either case.
 */
import { type Json, type KType, type Value, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from "@widar/kql";

/** Lenient JSON: the docs print dynamic values with ' or " quotes. */
export function parseLooseJson(text: string): Json | undefined {
  const t = text.trim();
  try {
    return JSON.parse(t) as Json;
  } catch {
    try {
      return JSON.parse(t.replace(/'/g, '"')) as Json;
    } catch {
      return undefined;
    }
  }
}

/** `1,048,576`: the docs print some integers with thousands separators. */
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function numbersEqual(actual: number, printed: string): boolean {
  const t = printed.trim();
  const p = GROUPED.test(t) ? t.replace(/,/g, "") : t;
  const lower = p.toLowerCase();
  // An empty cell is null or "" (README), never a number: Number("") would be 0.
  if (lower === "") return false;
  if (Number.isNaN(actual)) return lower === "nan";
  if (!Number.isFinite(actual)) return lower === (actual > 0 ? "infinity" : "-infinity") || lower === (actual > 0 ? "inf" : "-inf");
  const d = Number(p);
  if (Number.isNaN(d)) return false;
  if (Math.abs(actual - d) <= 1e-9 * Math.max(1, Math.abs(d))) return true;
  // The docs print rounded values: compare to the digits printed.
  const digits = /\.(\d+)/.exec(p)?.[1]?.length ?? 0;
  if (/e/i.test(p)) return Math.abs(actual - d) <= Math.abs(d) * 10 ** -(p.replace(/e.*$/i, "").replace(/[^0-9]/g, "").length - 1);
  return Number(actual.toFixed(digits)) === d || Math.abs(actual - d) <= 0.5 * 10 ** -digits;
}

function jsonEqual(a: Json, b: Json): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if (typeof a === "number" && typeof b === "string") return numbersEqual(a, b);
  if (typeof a !== typeof b) return false;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]!));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b as object, k) && jsonEqual(a[k]!, (b as Record<string, Json>)[k]!));
  }
  return a === b;
}

/**
 * Markdown tables print an empty cell as `&nbsp;` (so the row keeps its height) and some pages
 * print a null as `(null)`: both are the README's "empty cell".
 */
function emptyMarker(c: string): boolean {
  return c === "&nbsp;" || c.toLowerCase() === "(null)";
}

/** Whether engine value `v` of type `type` is what the docs print as `cell`. */
export function cellMatches(v: Value, type: KType, cell: string): boolean {
  const c = emptyMarker(cell.trim()) ? "" : cell.trim();
  if (v === null || v === "") return c === "" || c.toLowerCase() === "null";
  switch (type) {
    case "bool":
      return c.toLowerCase() === String(v);
    case "int":
    case "long":
    case "real":
    case "decimal":
      return numbersEqual(v as number, c);
    case "datetime": {
      const d = parseDatetime(c);
      return d !== null && Math.abs(d - (v as number)) <= 1;
    }
    case "timespan": {
      const d = parseTimespan(c);
      return d !== null && Math.abs(d - (v as number)) <= 1;
    }
    case "guid":
      return c.toLowerCase() === String(v).toLowerCase();
    case "string":
      return c === v || c === (v as string).trim();
    case "dynamic": {
      if (typeof v === "string" && c === v) return true;
      const parsed = parseLooseJson(c);
      if (parsed !== undefined && jsonEqual(v as Json, parsed)) return true;
      // Scalars inside dynamic print bare: 1, abc, 2020-01-01T00:00:00Z.
      if (typeof v !== "object") return c === String(v) || (typeof v === "number" && numbersEqual(v, c));
      return false;
    }
  }
}

/** A cell as the engine would print it in a diff line. */
export function printCell(v: Value, type: KType): string {
  if (v === null) return "null";
  if (type === "datetime") return formatDatetime(v as number);
  if (type === "timespan") return formatTimespan(v as number);
  return typeof v === "string" ? v : JSON.stringify(v);
}
