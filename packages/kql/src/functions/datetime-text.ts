/**
 * Text forms of datetime and timespan values: parsing (literals, todatetime/totimespan, data
 * files) and printing (results, tostring). Values are 100 ns ticks, datetimes counted from
 * widar's epoch (2020-01-01Z, see ../types.ts).
 *
 * Calendar arithmetic is done on integer day numbers (proleptic Gregorian, the calendar .NET and
 * Kusto use) rather than through JS Date, whose Date.UTC maps years 0–99 to 1900–1999.
 */
import { TICK_EPOCH_MS, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, msToTicks } from "../types.js";

/** Days from 1970-01-01 to 2020-01-01. */
const EPOCH_DAYS_FROM_1970 = TICK_EPOCH_MS / 86_400_000;

/** Day number (days since 1970-01-01) of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: [year, month 1–12, day 1–31]. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Ticks of a UTC calendar date-time, or null when a field is out of range. */
export function ticksFromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fracTicks = 0): number | null {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  const days = daysFromCivil(y, mo, d) - EPOCH_DAYS_FROM_1970;
  return days * TICKS_PER_DAY + h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE + s * TICKS_PER_SECOND + fracTicks;
}

/** Ticks since the start of the day (UTC) of a datetime's ticks, rounded to whole ticks first. */
export function dayTicksOf(ticks: number): number {
  const t = Math.round(ticks);
  return t - Math.floor(t / TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** Calendar parts of a datetime's ticks (ticks rounded to whole ticks first). */
export function partsFromTicks(ticks: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number; // ticks within the second, 0–9,999,999
  dayTicks: number; // ticks within the day
  days: number; // days since 1970-01-01
} {
  const t = Math.round(ticks);
  const dayIndex = Math.floor(t / TICKS_PER_DAY);
  const dayTicks = t - dayIndex * TICKS_PER_DAY;
  const days = dayIndex + EPOCH_DAYS_FROM_1970;
  const [year, month, day] = civilFromDays(days);
  const hour = Math.floor(dayTicks / TICKS_PER_HOUR);
  const minute = Math.floor((dayTicks % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const second = Math.floor((dayTicks % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const fraction = dayTicks % TICKS_PER_SECOND;
  return { year, month, day, hour, minute, second, fraction, dayTicks, days };
}

/** Fraction digits ("1", "123", "1234567", longer: truncated) → ticks. */
function fractionTicks(digits: string | undefined): number {
  if (digits === undefined || digits === "") return 0;
  return Number(digits.slice(0, 7).padEnd(7, "0"));
}

/** Offset text (`Z`, `UTC`, `GMT`, `+02:00`, `-0530`, `+02`) → ticks to subtract, or null. */
function offsetTicks(z: string | undefined): number | null {
  if (z === undefined || z === "") return 0;
  const u = z.toUpperCase();
  if (u === "Z" || u === "UTC" || u === "GMT" || u === "UT") return 0;
  const named = US_ZONES[u];
  if (named !== undefined) return named * TICKS_PER_HOUR;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (m === null) return null;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? "0");
  if (h > 14 || mi > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE);
}

// RFC 822 zone names.
const US_ZONES: Record<string, number> = { EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// ISO 8601 (and the `yyyy-MM-dd HH:mm:ss` variant): date, optional time, optional fraction and zone.
const ISO_RE =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
// Compact ISO 8601: 20240102, 20240102T030405Z.
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.(\d+))?)?(Z)?$/;
// RFC 822/1123: `Sat, 21 Nov 2026 10:00:00 GMT` (weekday optional, 2-digit years allowed).
const RFC_RE =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*([A-Za-z]{1,3}|[+-]\d{2}:?\d{2})?$/;
const MS_DATE_RE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
// .NET's invariant culture `MM/dd/yyyy [HH:mm[:ss[.f]]] [AM|PM]` (also with `-`): the parse
// operator's page reads `02/17/2016 08:40:01` as a datetime and todatetime's reads `12-02-2022`.
// Month first, as the invariant culture; `Nov 21 2026 10:00:00` is not accepted.
const US_RE =
  /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*([AaPp][Mm]))?)?\s*(Z|UTC|GMT)?$/;

/** Parses a datetime's text form; null when the text is not a datetime Kusto accepts. */
export function parseDatetime(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  let m = ISO_RE.exec(t);
  if (m !== null) {
    const base = ticksFromParts(
      Number(m[1]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      Number(m[7] ?? 0),
      fractionTicks(m[8]),
    );
    const off = offsetTicks(m[9]);
    return base === null || off === null ? null : base - off;
  }
  m = MS_DATE_RE.exec(t);
  if (m !== null) return msToTicks(Number(m[1]));
  m = RFC_RE.exec(t);
  if (m !== null) {
    const mon = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
    if (mon < 0 || (m[2]!.length > 3 && !FULL_MONTHS[mon]!.startsWith(m[2]!.toLowerCase()))) return null;
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900; // RFC 850 two-digit years (.NET's 1950–2049 window)
    else if (m[3]!.length === 3) return null;
    const base = ticksFromParts(y, mon + 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fractionTicks(m[7]));
    const off = offsetTicks(m[8]);
    return base === null || off === null ? null : base - off;
  }
  m = US_RE.exec(t);
  if (m !== null) {
    let h = Number(m[5] ?? 0);
    const ampm = m[9]?.toLowerCase();
    if (ampm !== undefined) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (ampm === "pm" ? 12 : 0);
    }
    return ticksFromParts(Number(m[4]), Number(m[1]), Number(m[3]), h, Number(m[6] ?? 0), Number(m[7] ?? 0), fractionTicks(m[8]));
  }
  m = COMPACT_RE.exec(t);
  if (m !== null) {
    return ticksFromParts(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fractionTicks(m[7]));
  }
  return null;
}

const FULL_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** datetime(min) and datetime(max): 0001-01-01 and 9999-12-31T23:59:59.9999999. */
export const MIN_DATETIME_TICKS = -637_134_336_000_000_000;
export const MAX_DATETIME_TICKS = 2_518_244_640_000_000_000 - 1;

/** Clamps ticks into Kusto's datetime range: beyond 2^53 a double cannot hold the last tick. */
function clampDatetime(ticks: number): number {
  return Math.min(MAX_DATETIME_TICKS, Math.max(MIN_DATETIME_TICKS, ticks));
}

/** ISO 8601 UTC with exactly 7 fraction digits: `2024-01-02T03:04:05.1230000Z` (how results print). */
export function formatDatetime(ticks: number): string {
  if (!Number.isFinite(ticks)) return "";
  const p = partsFromTicks(clampDatetime(ticks));
  if (ticks >= MAX_DATETIME_TICKS) return "9999-12-31T23:59:59.9999999Z";
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.fraction, 7)}Z`;
}

/** ISO 8601 UTC with the fraction only when nonzero, trailing zeros kept (how tostring prints). */
export function formatDatetimeShort(ticks: number): string {
  if (!Number.isFinite(ticks)) return "";
  if (ticks >= MAX_DATETIME_TICKS) return "9999-12-31T23:59:59.9999999Z";
  const p = partsFromTicks(clampDatetime(ticks));
  const frac = p.fraction === 0 ? "" : `.${pad(p.fraction, 7)}`;
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${frac}Z`;
}

const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS,
  milli: TICKS_PER_MS,
  millis: TICKS_PER_MS,
  millisecond: TICKS_PER_MS,
  milliseconds: TICKS_PER_MS,
  microsecond: 10,
  microseconds: 10,
  tick: 1,
  ticks: 1,
};

const UNIT_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]+)$/;
// [-][d.]hh:mm[:ss[.fffffff]]
const CLOCK_RE = /^([+-]?)(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?$/;

/**
 * Parses a timespan's text: literal forms (`1d`, `1.5h`, `100ms`, `10microseconds`, `3ticks`)
 * and the clock form `[-][d.]hh:mm[:ss[.fffffff]]`. A bare integer is a number of days, as
 * .NET's TimeSpan.Parse (which Kusto's totimespan follows) reads it.
 */
export function parseTimespan(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  let m = UNIT_RE.exec(t);
  if (m !== null) {
    const unit = UNIT_TICKS[m[3]!.toLowerCase()];
    if (unit === undefined) return null;
    const v = Math.round(Number(m[2]) * unit);
    return m[1] === "-" ? -v : v;
  }
  m = CLOCK_RE.exec(t);
  if (m !== null) {
    const h = Number(m[3]);
    const mi = Number(m[4]);
    const sec = Number(m[5] ?? 0);
    if (h > 23 || mi > 59 || sec > 59) return null;
    const v = Number(m[2] ?? 0) * TICKS_PER_DAY + h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE + sec * TICKS_PER_SECOND + fractionTicks(m[6]);
    return m[1] === "-" ? -v : v;
  }
  if (/^[+-]?\d+$/.test(t)) return Number(t) * TICKS_PER_DAY;
  return null;
}

/** Kusto's timespan text: `[-][d.]hh:mm:ss[.fffffff]`, days and fraction only when nonzero. */
export function formatTimespan(ticks: number): string {
  if (!Number.isFinite(ticks)) return "";
  const neg = ticks < 0;
  let t = Math.round(Math.abs(ticks));
  const days = Math.floor(t / TICKS_PER_DAY);
  t -= days * TICKS_PER_DAY;
  const h = Math.floor(t / TICKS_PER_HOUR);
  const mi = Math.floor((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const sec = Math.floor((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const frac = t % TICKS_PER_SECOND;
  return `${neg ? "-" : ""}${days > 0 ? `${days}.` : ""}${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}${frac > 0 ? `.${pad(frac, 7)}` : ""}`;
}
