/**
 * Conversion functions (`tostring`, `toint`, `tolong`, `toreal`/`todouble`, `todecimal`,
 * `tobool`/`toboolean`, `todatetime`, `totimespan`, `toguid`, `todynamic`/`parse_json`) and
 * `gettype`. A value that does not convert yields null ("" for tostring), never an error.
 *
 * Choices where the docs are silent: numeric text with a fraction converts to int/long by
 * truncation (`toint("2.7")` = 2, as `toint(2.7)`); a value outside int/long range is null;
 * `tolong(datetime)` counts ticks from 0001-01-01 (Kusto's tick origin) and `todatetime(long)`
 * reads such ticks back; `tobool` of numeric text reads it as a number (≠ 0 is true).
 */
import type { Json, KType, Value } from "../types.js";
import { convertTo, fixed, scalar } from "./define.js";
import type { CallSite, ScalarFunction } from "./registry-types.js";

function conversion(name: string, to: KType): ScalarFunction {
  return scalar(name, "conversion", (site: CallSite) => {
    const from = site.argTypes[0] ?? "dynamic";
    const c = convertTo(to, from);
    return (args) => c(args[0] ?? null);
  });
}

/** parse_json: JSON text to dynamic; text that is not JSON stays a dynamic string. */
export function parseJsonText(s: string): Json {
  const t = s.trim();
  if (t === "") return null;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return s;
  }
}

function parseJson(name: string): ScalarFunction {
  return scalar(name, "conversion", (site) => {
    const from = site.argTypes[0] ?? "dynamic";
    const c = convertTo("dynamic", from);
    return (args) => {
      const v = args[0] ?? null;
      if (typeof v === "string" && (from === "string" || from === "dynamic")) return parseJsonText(v);
      return c(v);
    };
  });
}

/** gettype: the scalar type name, or for dynamic values the JSON kind Kusto reports. */
function gettypeOf(v: Value, t: KType): string {
  if (t !== "dynamic") {
    if (t === "bool") return "bool";
    if (t === "decimal") return "decimal";
    if (t === "real") return "real";
    return t;
  }
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "dictionary";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return Number.isInteger(v) ? (Math.abs(v) < 2 ** 31 ? "int" : "long") : "real";
}

export const conversionFunctions: readonly ScalarFunction[] = [
  conversion("tostring", "string"),
  conversion("toint", "int"),
  conversion("tolong", "long"),
  conversion("toreal", "real"),
  conversion("todouble", "real"),
  conversion("todecimal", "decimal"),
  conversion("tobool", "bool"),
  conversion("toboolean", "bool"),
  conversion("todatetime", "datetime"),
  conversion("totimespan", "timespan"),
  conversion("toguid", "guid"),
  parseJson("todynamic"),
  parseJson("toobject"),
  parseJson("parse_json"),
  parseJson("parsejson"),
  scalar("gettype", "conversion", (site) => {
    const t = site.argTypes[0] ?? "dynamic";
    return (args) => gettypeOf(args[0] ?? null, t);
  }),
  fixed("isnan", "math", (args) => (typeof args[0] === "number" ? Number.isNaN(args[0]) : null)),
  fixed("isinf", "math", (args) =>
    typeof args[0] === "number" ? args[0] === Number.POSITIVE_INFINITY || args[0] === Number.NEGATIVE_INFINITY : null,
  ),
  fixed("isfinite", "math", (args) => (typeof args[0] === "number" ? Number.isFinite(args[0]) : null)),
];
