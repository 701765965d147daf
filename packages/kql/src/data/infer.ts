/**
 * Schema inference for files loaded without a schema (a table outside the Log Analytics catalog
 * and no `--schema`). Columns are named and ordered as their fields are first seen.
 *
 * JSON values (NDJSON, JSON arrays):
 * - only numbers → `long` when every one is an integer, else `real`
 * - only booleans → `bool`; only objects/arrays → `dynamic`
 * - only strings → `datetime` when every non-empty one is an ISO-8601 instant (date and time)
 *   or `/Date(ms)/`, else `string`. A date alone stays `string`: it is usually a label.
 *   GUID-looking text stays `string` too (comparisons with string literals keep working).
 * - `""` counts as "no value" when other kinds are present (Entra writes "" for "none"), so
 *   `[5, ""]` is `long` with a null; only-`""` is `string`.
 * - more than one kind → `dynamic` (every JSON value fits, nothing is lost)
 * - no value at all → `string` (the commonest type of a field that happens to be always null)
 *
 * Text (CSV fields), where every value is text and "" is an empty cell:
 * - whole numbers without leading zeros within ±2^53 → `long` (`007` or a 20-digit id stays
 *   `string`, and is no `real` either: converting would lose the text); numbers → `real`; true/false → `bool`;
 *   instants (as above, plus the portal's `11/21/2026, 3:04:05 PM`) → `datetime`;
 *   JSON object/array text → `dynamic`; anything else, or a mix → `string` (text always fits).
 */
import type { Schema } from "../schema.js";
import type { KType } from "../types.js";
import { isInstantText } from "./coerce.js";

export type InferMode = "json" | "text";

const LONG_TEXT = /^[+-]?(?:0|[1-9]\d*)$/;
const REAL_TEXT = /^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BOOL_TEXT = /^(?:true|false)$/i;

/** The type of a column from its values (undefined = field missing from a record). */
export function inferType(values: Iterable<unknown>, mode: InferMode = "json"): KType {
  return mode === "text" ? inferText(values) : inferJson(values);
}

function inferJson(values: Iterable<unknown>): KType {
  let numbers = false;
  let allInt = true;
  let bools = false;
  let containers = false;
  let strings = false; // non-empty strings
  let allInstants = true;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    switch (typeof v) {
      case "number":
        numbers = true;
        if (allInt && !Number.isInteger(v)) allInt = false;
        break;
      case "boolean":
        bools = true;
        break;
      case "string":
        // "" is "no value" here: it neither makes a kind nor spoils datetime.
        if (v !== "") {
          strings = true;
          if (allInstants && !isInstantText(v)) allInstants = false;
        }
        break;
      default:
        containers = true;
    }
  }
  const kinds = (numbers ? 1 : 0) + (bools ? 1 : 0) + (containers ? 1 : 0) + (strings ? 1 : 0);
  if (kinds === 0) return "string";
  if (kinds > 1) return "dynamic";
  if (numbers) return allInt ? "long" : "real";
  if (bools) return "bool";
  if (containers) return "dynamic";
  return allInstants ? "datetime" : "string";
}

function inferText(values: Iterable<unknown>): KType {
  let any = false;
  let long = true;
  let real = true;
  let bool = true;
  let instant = true;
  let json = true;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const s = typeof v === "string" ? v.trim() : String(v);
    if (s === "") continue;
    any = true;
    if (long || real) {
      // An integer beyond 2^53 (an id) would lose digits as long or real: text it stays.
      const int = LONG_TEXT.test(s);
      const exact = !int || Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER;
      if (long && !(int && exact)) long = false;
      if (real && !(exact && REAL_TEXT.test(s))) real = false;
    }
    if (bool && !BOOL_TEXT.test(s)) bool = false;
    if (json && !((s.startsWith("{") && s.endsWith("}")) || (s.startsWith("[") && s.endsWith("]")))) json = false;
    if (instant && !isInstantText(s)) instant = false;
    if (!long && !real && !bool && !json && !instant) return "string";
  }
  if (!any) return "string";
  if (long) return "long";
  if (real) return "real";
  if (bool) return "bool";
  if (instant) return "datetime";
  if (json) return "dynamic";
  return "string";
}

/** A schema for records: fields in first-seen order, each typed by {@link inferType}. */
export function inferSchema(records: Iterable<Readonly<Record<string, unknown>>>, mode: InferMode = "json"): Schema {
  const columns = new Map<string, unknown[]>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      let col = columns.get(k);
      if (col === undefined) columns.set(k, (col = []));
      col.push(r[k]);
    }
  }
  return [...columns].map(([name, vals]) => ({ name, type: inferType(vals, mode) }));
}
