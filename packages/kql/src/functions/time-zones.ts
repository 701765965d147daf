/**
 * Time-zone conversions: `datetime_utc_to_local`, `datetime_local_to_utc`,
 * `datetime_list_timezones`, from the IANA database that Node's ICU carries (Intl).
 *
 * A local time in a daylight-saving gap (it never happened) takes the offset after the change,
 * and one in the repeated hour the standard-time offset — what the datetime_local_to_utc page's
 * example shows (Europe/Brussels, 2022-03-27 02:00 → 00:00 UTC). An unknown zone gives null.
 */
import { TICKS_PER_MS } from "../types.js";
import { datetimeConv, scalar, stringConv } from "./define.js";
import { ticksToMs } from "../types.js";
import type { ScalarFunction } from "./registry-types.js";

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms) at a UTC instant (whole seconds; the rest carried over). */
function offsetAt(f: Intl.DateTimeFormat, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(whole))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - whole;
}

export function utcToLocal(ticks: number, zone: string): number | null {
  const f = formatter(zone);
  if (f === null) return null;
  const ms = ticksToMs(ticks);
  return ticks + offsetAt(f, ms) * TICKS_PER_MS;
}

export function localToUtc(ticks: number, zone: string): number | null {
  const f = formatter(zone);
  if (f === null) return null;
  const local = ticksToMs(ticks);
  const day = 86_400_000;
  const offsets = [...new Set([offsetAt(f, local - day), offsetAt(f, local), offsetAt(f, local + day)])];
  const valid = offsets.filter((o) => offsetAt(f, local - o) === o);
  const o = valid.length > 0 ? Math.min(...valid) : Math.max(...offsets);
  return ticks - o * TICKS_PER_MS;
}

function zoned(name: string, convert: (ticks: number, zone: string) => number | null): ScalarFunction {
  return scalar(name, "datetime", (site) => {
    const d = datetimeConv(site.argTypes[0] ?? "datetime");
    const z = stringConv(site.argTypes[1] ?? "string");
    return (a) => {
      const t = d(a[0] ?? null);
      return t === null ? null : convert(t, z(a[1] ?? null));
    };
  });
}

export const timeZoneFunctions: readonly ScalarFunction[] = [
  zoned("datetime_utc_to_local", utcToLocal),
  zoned("datetime_local_to_utc", localToUtc),
  scalar("datetime_list_timezones", "datetime", () => () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [])),
];
