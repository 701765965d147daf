export const K_TYPES = [
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
/** Unix milliseconds of widar's datetime epoch (2020-01-01T00:00:00Z). */
export const TICK_EPOCH_MS = Date.UTC(2020, 0, 1);
export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 36_000_000_000;
export const TICKS_PER_DAY = 864_000_000_000;
/** Days from 0001-01-01 (Kusto's tick origin) to 2020-01-01: bin() on datetimes aligns to it. */
export const DAYS_0001_TO_EPOCH = 737_424;
export function isNumericType(t) {
    return t === "int" || t === "long" || t === "real" || t === "decimal";
}
/** Types stored in a Float64Array (numbers, booleans as 0/1, datetime/timespan ticks). */
export function isFixedWidth(t) {
    return t !== "string" && t !== "guid" && t !== "dynamic";
}
/** Parses a Kusto type name (including aliases the docs use) into a KType, or undefined. */
export function parseTypeName(name) {
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
export function nullOf(t) {
    return t === "string" ? "" : null;
}
export function msToTicks(ms) {
    return (ms - TICK_EPOCH_MS) * TICKS_PER_MS;
}
export function ticksToMs(ticks) {
    return ticks / TICKS_PER_MS + TICK_EPOCH_MS;
}
