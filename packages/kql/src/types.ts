/**
 * widar's scalar type system: the Kusto scalar types, and the JS values that carry them.
 *
 * Value representation (one place, so every stage agrees):
 * - bool            → boolean | null
 * - int, long, real, decimal → number | null   (long is exact to 2^53; decimal is a double)
 * - datetime        → number | null: 100 ns ticks since {@link TICK_EPOCH_MS} (2020-01-01Z)
 * - timespan        → number | null: 100 ns ticks
 * - string          → string (Kusto has no null string: a missing string is "")
 * - guid            → string (lower-case canonical) | null
 * - dynamic         → JSON value (object, array, string, number, boolean) | null
 *
 * Why ticks since 2020 rather than since 1970 or 0001: a double holds integers exactly up to 2^53,
 * which is 28.5 years of 100 ns ticks. Centring the epoch on 2020 keeps every tick of 1991–2048
 * (all the log data anyone has) exact, so equality, joins and bin() on datetimes never round.
 * Outside that range precision degrades gracefully (a few ticks), never overflows.
 */
export type KType =
  | "bool"
  | "int"
  | "long"
  | "real"
  | "decimal"
  | "string"
  | "datetime"
  | "timespan"
  | "guid"
  | "dynamic";

export const K_TYPES: readonly KType[] = [
  "bool",
  "int",
  "long",
  "real",
  "decimal",
  "string",
  "datetime",
  "timespan",
  "guid",
  "dynamic",
];

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Value = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Unix milliseconds of widar's datetime epoch (2020-01-01T00:00:00Z). */
export const TICK_EPOCH_MS = Date.UTC(2020, 0, 1);
export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 36_000_000_000;
export const TICKS_PER_DAY = 864_000_000_000;
/** Days from 0001-01-01 (Kusto's tick origin) to 2020-01-01: bin() on datetimes aligns to it. */
export const DAYS_0001_TO_EPOCH = 737_424;

export function isNumericType(t: KType): boolean {
  return t === "int" || t === "long" || t === "real" || t === "decimal";
}

/** Types stored in a Float64Array (numbers, booleans as 0/1, datetime/timespan ticks). */
export function isFixedWidth(t: KType): boolean {
  return t !== "string" && t !== "guid" && t !== "dynamic";
}

/** Parses a Kusto type name (including aliases the docs use) into a KType, or undefined. */
export function parseTypeName(name: string): KType | undefined {
  switch (name.trim().toLowerCase()) {
    case "bool":
    case "boolean":
      return "bool";
    case "int":
    case "int32":
      return "int";
    case "long":
    case "int64":
      return "long";
    case "real":
    case "double":
    case "float":
      return "real";
    case "decimal":
      return "decimal";
    case "string":
      return "string";
    case "datetime":
    case "date":
      return "datetime";
    case "timespan":
    case "time":
      return "timespan";
    case "guid":
    case "uniqueid":
      return "guid";
    case "dynamic":
    case "object":
      return "dynamic";
    default:
      return undefined;
  }
}

/** The value a column of type t holds where a row has no value. */
export function nullOf(t: KType): Value {
  return t === "string" ? "" : null;
}

export function msToTicks(ms: number): number {
  return (ms - TICK_EPOCH_MS) * TICKS_PER_MS;
}

export function ticksToMs(ticks: number): number {
  return ticks / TICKS_PER_MS + TICK_EPOCH_MS;
}
