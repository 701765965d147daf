/**
 * Literal tokens to values. Strings come already unescaped from the analyser; the typed forms
 * (`datetime(...)`, `10m`, `int(null)`, `guid(...)`) are read here from their text.
 */
import { KqlError, type Span } from "../diagnostics.js";
import { parseDatetime, parseTimespan, ticksFromParts } from "../functions/datetime-text.js";
import type { Json, KType, Value } from "../types.js";

/** The inside of `name(...)` for typed literal forms, or the text itself. */
function unwrap(text: string): { name: string | undefined; inner: string } {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (m === null) return { name: undefined, inner: text.trim() };
  return { name: m[1]!.toLowerCase(), inner: m[2]!.trim() };
}

export function parseLiteral(type: KType, text: string, span: Span): Value {
  const { name, inner } = unwrap(text);
  if (name !== undefined && inner.toLowerCase() === "null") return type === "string" ? "" : null;
  switch (type) {
    case "bool": {
      const t = inner.toLowerCase();
      if (t === "true") return true;
      if (t === "false") return false;
      break;
    }
    case "int":
    case "long":
    case "real":
    case "decimal": {
      const t = inner.toLowerCase();
      if (t === "nan") return Number.NaN;
      if (t === "+inf" || t === "inf") return Number.POSITIVE_INFINITY;
      if (t === "-inf") return Number.NEGATIVE_INFINITY;
      const v = /^[+-]?0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : Number(t);
      if (!Number.isNaN(v)) return type === "int" || type === "long" ? Math.trunc(v) : v;
      break;
    }
    case "datetime": {
      const v = parseDatetimeLiteral(inner);
      if (v !== null) return v;
      break;
    }
    case "timespan": {
      const v = parseTimespan(inner);
      if (v !== null) return v;
      break;
    }
    case "guid":
      if (/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(inner)) {
        const h = inner.replace(/-/g, "").toLowerCase();
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      }
      break;
    case "string":
      return inner;
    case "dynamic":
      return parseJsonLiteral(inner, span);
  }
  throw new KqlError("WQ010", `invalid ${type} literal: ${text}`, span);
}

/**
 * The inside of `datetime(...)`: the date text, also quoted (`datetime("2015-12-14")`), or
 * comma-separated parts (`datetime(2025, 6, 14)`, as startofweek's page writes: year, month,
 * day[, hour, minute, second]).
 */
function parseDatetimeLiteral(inner: string): number | null {
  const q = /^(['"])(.*)\1$/s.exec(inner);
  if (q !== null) return parseDatetime(q[2]!);
  if (/^\d+(\s*,\s*\d+){2,5}$/.test(inner)) {
    const [y, mo, d, h = 0, mi = 0, sec = 0] = inner.split(",").map((p) => Number(p.trim()));
    return ticksFromParts(y!, mo!, d!, h, mi, sec);
  }
  return parseDatetime(inner);
}

/** Dynamic literal text: JSON, but Kusto also accepts single quotes and bare typed scalars. */
export function parseJsonLiteral(text: string, span: Span): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new KqlError("WQ010", `invalid dynamic literal: ${text}`, span);
  }
}
