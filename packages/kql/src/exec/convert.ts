/**
 * Conversions between a column's type and dynamic (JSON) values: mv-expand's `to typeof(T)`,
 * union of differently-typed columns, datatable cells, loaded data.
 */
import { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from "../functions/datetime-text.js";
import type { Json, KType, Value } from "../types.js";

/** A value of type `from` as a dynamic (JSON) value: datetimes and timespans become strings. */
export function toDynamic(v: Value, from: KType): Json {
  if (v === null) return null;
  if (from === "datetime") return formatDatetime(v as number);
  if (from === "timespan") return formatTimespan(v as number);
  return v as Json;
}

/** A dynamic value converted to `to` (null where it does not convert, "" for strings). */
export function fromDynamic(v: Json, to: KType): Value {
  if (v === null || v === undefined) return to === "string" ? "" : null;
  switch (to) {
    case "dynamic":
      return v;
    case "string":
      return typeof v === "string" ? v : JSON.stringify(v);
    case "guid":
      return typeof v === "string" ? v.toLowerCase() : null;
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      if (typeof v === "string") return v.toLowerCase() === "true" ? true : v.toLowerCase() === "false" ? false : null;
      return null;
    case "int":
    case "long":
    case "real":
    case "decimal": {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : typeof v === "boolean" ? Number(v) : Number.NaN;
      if (Number.isNaN(n)) return to === "real" && typeof v === "number" ? n : null;
      return to === "int" || to === "long" ? Math.trunc(n) : n;
    }
    case "datetime":
      return typeof v === "string" ? parseDatetime(v) : null;
    case "timespan":
      return typeof v === "string" ? parseTimespan(v) : typeof v === "number" ? v : null;
  }
}

/** Converts a value between two column types (via dynamic where they differ). */
export function convertValue(v: Value, from: KType, to: KType): Value {
  if (from === to) return v;
  if (v === null) return to === "string" ? "" : null;
  const numeric = (t: KType) => t === "int" || t === "long" || t === "real" || t === "decimal";
  if (numeric(from) && numeric(to)) return to === "int" || to === "long" ? Math.trunc(v as number) : v;
  if (to === "dynamic") return toDynamic(v, from);
  if (to === "string") {
    const d = toDynamic(v, from);
    return typeof d === "string" ? d : JSON.stringify(d);
  }
  return fromDynamic(toDynamic(v, from), to);
}
