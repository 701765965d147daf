/**
 * Datetime functions: `now`, `ago`, `datetime_diff`, `datetime_add`, `datetime_part`, the
 * calendar parts (`getyear`, `dayofweek`, `hourofday`, `week_of_year`, …), `startof*`/`endof*`,
 * `make_datetime`, `make_timespan`, `unixtime_*_todatetime`, `format_datetime`, `format_timespan`.
 *
 * Calendar math is proleptic Gregorian UTC (Kusto has no time zones in datetime values). Weeks
 * start on Sunday (startofweek, datetime_diff 'week'), as in Kusto.
 */
import type { Value } from "../types.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND } from "../types.js";
import { formatDatetimeWith, formatTimespanWith } from "./datetime-format.js";
import { civilFromDays, dayTicksOf, daysFromCivil, daysInMonth, partsFromTicks, ticksFromParts } from "./datetime-text.js";
import { msToTicks } from "../types.js";
import { type Conv, datetimeConv, numberConv, scalar, stringConv, timespanConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

const EPOCH_DAYS = daysFromCivil(2020, 1, 1); // days from 1970 to widar's epoch

/** Days since 1970-01-01 of a datetime (floor). */
export function dayNumber(ticks: number): number {
  return Math.floor(Math.round(ticks) / TICKS_PER_DAY) + EPOCH_DAYS;
}

/** Ticks of the start of a day number. */
export function dayStart(days: number): number {
  return (days - EPOCH_DAYS) * TICKS_PER_DAY;
}

/** Sunday-based week index (boundaries at Sunday 00:00): 1970-01-01 was a Thursday. */
function weekIndex(days: number): number {
  return Math.floor((days + 4) / 7);
}

type Part = "year" | "quarter" | "month" | "week" | "day" | "hour" | "minute" | "second" | "millisecond" | "microsecond" | "nanosecond";

/** Part names as Kusto accepts them (case-insensitive, a few aliases). */
export function parsePart(s: string): Part | null {
  const p = s.trim().toLowerCase();
  switch (p) {
    case "year":
    case "quarter":
    case "month":
    case "week":
    case "day":
    case "hour":
    case "minute":
    case "second":
    case "millisecond":
    case "microsecond":
    case "nanosecond":
      return p;
    case "week_of_year":
      return "week";
    default:
      return null;
  }
}

const FIXED_TICKS: Partial<Record<Part, number>> = {
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10,
  nanosecond: 1,
};

/** datetime_diff: the number of `part` boundaries between b and a (a − b), as Kusto counts. */
export function datetimeDiff(part: Part, a: number, b: number): number {
  a = Math.round(a);
  b = Math.round(b);
  if (part === "nanosecond") return (a - b) * 100;
  const unit = FIXED_TICKS[part];
  if (unit !== undefined) return Math.floor(a / unit) - Math.floor(b / unit);
  if (part === "week") return weekIndex(dayNumber(a)) - weekIndex(dayNumber(b));
  const pa = partsFromTicks(a);
  const pb = partsFromTicks(b);
  if (part === "year") return pa.year - pb.year;
  if (part === "quarter") return pa.year * 4 + Math.floor((pa.month - 1) / 3) - (pb.year * 4 + Math.floor((pb.month - 1) / 3));
  return pa.year * 12 + pa.month - (pb.year * 12 + pb.month);
}

/** datetime_add: calendar-aware for months/years (the day clamps to the month's end, as .NET). */
export function datetimeAdd(part: Part, amount: number, t: number): number | null {
  const n = Math.trunc(amount);
  if (part === "nanosecond") return t + Math.trunc(n / 100);
  if (part === "week") return t + n * 7 * TICKS_PER_DAY;
  const unit = FIXED_TICKS[part];
  if (unit !== undefined) return t + n * unit;
  const months = part === "year" ? n * 12 : part === "quarter" ? n * 3 : n;
  const p = partsFromTicks(t);
  const total = p.year * 12 + (p.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (y < 1 || y > 9999) return null;
  const d = Math.min(p.day, daysInMonth(y, m));
  const base = ticksFromParts(y, m, d);
  return base === null ? null : base + p.dayTicks;
}

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(ticks: number): number {
  const days = dayNumber(ticks);
  const dow = (((days + 3) % 7) + 7) % 7; // 0 = Monday
  const thursday = days - dow + 3;
  const [y] = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

function datetimePart(part: string, t: number): number | null {
  const p = partsFromTicks(t);
  switch (part.trim().toLowerCase()) {
    case "year":
      return p.year;
    case "quarter":
      return Math.floor((p.month - 1) / 3) + 1;
    case "month":
      return p.month;
    case "week_of_year":
    case "week":
      return isoWeek(t);
    case "day":
      return p.day;
    case "dayofyear":
      return p.days - daysFromCivil(p.year, 1, 1) + 1;
    case "hour":
      return p.hour;
    case "minute":
      return p.minute;
    case "second":
      return p.second;
    case "millisecond":
      return Math.floor(p.fraction / TICKS_PER_MS);
    case "microsecond":
      return Math.floor(p.fraction / 10);
    case "nanosecond":
      return p.fraction * 100;
    default:
      return null;
  }
}

type Period = "day" | "week" | "month" | "year";

/** Start of the period holding t, shifted by `offset` periods. */
function startOf(period: Period, t: number, offset: number): number | null {
  const days = dayNumber(t);
  switch (period) {
    case "day":
      return dayStart(days + offset);
    case "week":
      return dayStart((weekIndex(days) + offset) * 7 - 4);
    case "month":
    case "year": {
      const [y, m] = civilFromDays(days);
      const total = period === "year" ? (y + offset) * 12 : y * 12 + (m - 1) + offset;
      const yy = Math.floor(total / 12);
      if (yy < 1 || yy > 9999) return null;
      return ticksFromParts(yy, total - yy * 12 + 1, 1);
    }
  }
}

function bindPeriod(period: Period, end: boolean, site: CallSite): RowKernel {
  const dt = datetimeConv(site.argTypes[0] ?? "datetime");
  const off = numberConv(site.argTypes[1] ?? "long");
  return (args) => {
    const t = dt(args[0] ?? null);
    if (t === null) return null;
    const o = args.length > 1 ? off(args[1] ?? null) : 0;
    if (o === null) return null;
    const k = Math.trunc(o);
    if (!end) return startOf(period, t, k);
    const next = startOf(period, t, k + 1);
    return next === null ? null : next - 1;
  };
}

/** A kernel of converted arguments that returns null when any of them is null. */
function strict(site: CallSite, convs: Conv<number | string>[], f: (...xs: (number | string)[]) => Value): RowKernel {
  const none: Value = site.resultType === "string" ? "" : null;
  // One and two arguments (nearly every datetime function) without an array per row.
  if (convs.length === 1) {
    const c0 = convs[0]!;
    return (args) => {
      const x = c0(args[0] ?? null);
      if (x === null) return none;
      const r = f(x);
      return r === null ? none : r;
    };
  }
  if (convs.length === 2) {
    const [c0, c1] = convs as [Conv<number | string>, Conv<number | string>];
    return (args) => {
      const x = c0(args[0] ?? null);
      if (x === null) return none;
      if (args.length < 2) {
        const r = f(x);
        return r === null ? none : r;
      }
      const y = c1(args[1] ?? null);
      if (y === null) return none;
      const r = f(x, y);
      return r === null ? none : r;
    };
  }
  return (args) => {
    const xs: (number | string)[] = [];
    for (let i = 0; i < args.length && i < convs.length; i++) {
      const x = convs[i]!(args[i] ?? null);
      if (x === null) return none;
      xs.push(x);
    }
    const r = f(...xs);
    return r === null ? none : r;
  };
}

function calendarPart(name: string, f: (t: number) => number): ScalarFunction {
  return scalar(name, "datetime", (site) => strict(site, [datetimeConv(site.argTypes[0] ?? "datetime")], (t) => f(t as number)));
}

function unixTo(name: string, ticksPerUnit: number): ScalarFunction {
  return scalar(name, "datetime", (site) =>
    strict(site, [numberConv(site.argTypes[0] ?? "real")], (n) => {
      const v = Math.round((n as number) * ticksPerUnit);
      return Number.isFinite(v) ? msToTicks(0) + v : null;
    }),
  );
}

const PERIODS: readonly Period[] = ["day", "week", "month", "year"];

export const datetimeFunctions: readonly ScalarFunction[] = [
  scalar("now", "datetime", (site) => {
    const off = timespanConv(site.argTypes[0] ?? "timespan");
    return (args) => (args.length === 0 ? site.now : ((o) => (o === null ? null : site.now + o))(off(args[0] ?? null)));
  }),
  scalar("ago", "datetime", (site) => {
    const ts = timespanConv(site.argTypes[0] ?? "timespan");
    return (args) => {
      const t = ts(args[0] ?? null);
      return t === null ? null : site.now - t;
    };
  }),
  scalar("datetime_diff", "datetime", (site) => {
    const pc = stringConv(site.argTypes[0] ?? "string");
    const [, ta = "datetime", tb = "datetime"] = site.argTypes;
    return strict(site, [(v) => parsePart(pc(v)), datetimeConv(ta), datetimeConv(tb)], (p, a, b) =>
      datetimeDiff(p as Part, a as number, b as number),
    );
  }),
  scalar("datetime_add", "datetime", (site) => {
    const pc = stringConv(site.argTypes[0] ?? "string");
    return strict(site, [(v) => parsePart(pc(v)), numberConv(site.argTypes[1] ?? "long"), datetimeConv(site.argTypes[2] ?? "datetime")], (p, n, t) =>
      datetimeAdd(p as Part, n as number, t as number),
    );
  }),
  scalar("datetime_part", "datetime", (site) =>
    strict(site, [stringConv(site.argTypes[0] ?? "string"), datetimeConv(site.argTypes[1] ?? "datetime")], (p, t) =>
      datetimePart(p as string, t as number),
    ),
  ),
  calendarPart("getyear", (t) => partsFromTicks(t).year),
  calendarPart("getmonth", (t) => partsFromTicks(t).month),
  calendarPart("monthofyear", (t) => partsFromTicks(t).month),
  calendarPart("dayofmonth", (t) => partsFromTicks(t).day),
  calendarPart("dayofyear", (t) => datetimePart("dayofyear", t)!),
  // The hour from the ticks within the day: no calendar date needed (nor an object per row).
  calendarPart("hourofday", (t) => Math.floor(dayTicksOf(t) / TICKS_PER_HOUR)),
  calendarPart("week_of_year", isoWeek),
  calendarPart("dayofweek", (t) => ((((dayNumber(t) + 4) % 7) + 7) % 7) * TICKS_PER_DAY),
  ...PERIODS.flatMap((p) => [
    scalar(`startof${p}`, "datetime", (site) => bindPeriod(p, false, site)),
    scalar(`endof${p}`, "datetime", (site) => bindPeriod(p, true, site)),
  ]),
  scalar("make_datetime", "datetime", (site) =>
    strict(site, site.argTypes.map((t) => numberConv(t)), (...xs) => {
      const [y, mo, d, h = 0, mi = 0, s = 0] = xs as number[];
      const whole = Math.floor(s!);
      const frac = Math.round((s! - whole) * TICKS_PER_SECOND);
      return ticksFromParts(Math.trunc(y!), Math.trunc(mo!), Math.trunc(d!), Math.trunc(h), Math.trunc(mi), whole, frac);
    }),
  ),
  scalar("make_timespan", "datetime", (site) =>
    strict(site, site.argTypes.map((t) => numberConv(t)), (...xs) => {
      const v = xs as number[];
      // make_timespan(h, m) | (h, m, s) | (d, h, m, s)
      const [d, h, m, s] = v.length === 4 ? v : [0, v[0]!, v[1]!, v[2] ?? 0];
      return Math.round(d! * TICKS_PER_DAY + h! * TICKS_PER_HOUR + m! * TICKS_PER_MINUTE + s! * TICKS_PER_SECOND);
    }),
  ),
  unixTo("unixtime_seconds_todatetime", TICKS_PER_SECOND),
  unixTo("unixtime_milliseconds_todatetime", TICKS_PER_MS),
  unixTo("unixtime_microseconds_todatetime", 10),
  unixTo("unixtime_nanoseconds_todatetime", 0.01),
  scalar("format_datetime", "datetime", (site) =>
    strict(site, [datetimeConv(site.argTypes[0] ?? "datetime"), stringConv(site.argTypes[1] ?? "string")], (t, f) =>
      formatDatetimeWith(t as number, f as string),
    ),
  ),
  scalar("format_timespan", "datetime", (site) =>
    strict(site, [timespanConv(site.argTypes[0] ?? "timespan"), stringConv(site.argTypes[1] ?? "string")], (t, f) =>
      formatTimespanWith(t as number, f as string),
    ),
  ),
];
