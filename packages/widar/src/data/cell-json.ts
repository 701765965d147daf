/**
 * A KQL value as JSON and as text, the one form every output of widar uses: datetimes as ISO 8601
 * UTC with 7 fractional digits and Z, timespans as Kusto prints them, dynamic values as JSON,
 * non-finite reals as the strings NaN / Infinity / -Infinity.
 */
import { type Json, type KType, type Value, formatDatetime, formatTimespan } from "@widar/kql";

/** A cell as a JSON value (`widar query --format json`, alert rows). */
export function cellJson(v: Value, type: KType): Json {
  if (v === null) return null;
  if (type === "datetime") return formatDatetime(v as number);
  if (type === "timespan") return formatTimespan(v as number);
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  return v as Json;
}

/** A cell as text (tables, CSV, alert names and entity identifiers); null is empty. */
export function cellText(v: Value, type: KType): string {
  const j = cellJson(v, type);
  if (j === null) return "";
  if (typeof j === "string") return j;
  return JSON.stringify(j);
}
