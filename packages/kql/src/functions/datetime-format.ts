/**
 * `format_datetime` and `format_timespan` format strings (the .NET-style specifiers Kusto
 * documents). A run of one specifier letter is one token (`yyyy`, `MM`, `fff`); any other
 * character is copied. `F` fractions drop trailing zeros, and a `.` right before an empty `F`
 * fraction is dropped too (as .NET does).
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from "../types.js";
import { partsFromTicks } from "./datetime-text.js";

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** Fraction tokens: `f…` (n digits) and `F…` (n digits, trailing zeros trimmed). */
function fraction(ticks7: number, token: string): string {
  const n = Math.min(token.length, 7);
  const digits = pad(ticks7, 7).slice(0, n);
  return token[0] === "F" ? digits.replace(/0+$/, "") : digits;
}

/** Splits a format into runs of the same character; quoted text ('…' or "…") is literal. */
function tokens(fmt: string): { text: string; literal: boolean }[] {
  const out: { text: string; literal: boolean }[] = [];
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === "'" || c === '"') {
      const j = fmt.indexOf(c, i + 1);
      const end = j < 0 ? fmt.length : j;
      out.push({ text: fmt.slice(i + 1, end), literal: true });
      i = end + 1;
      continue;
    }
    if (c === "\\" && i + 1 < fmt.length) {
      out.push({ text: fmt[i + 1]!, literal: true });
      i += 2;
      continue;
    }
    let j = i + 1;
    if (/[A-Za-z]/.test(c)) while (j < fmt.length && fmt[j] === c) j++;
    out.push({ text: fmt.slice(i, j), literal: !/[A-Za-z]/.test(c) });
    i = j;
  }
  return out;
}

function append(out: string, piece: string, token: string): string {
  if (piece === "" && token[0] === "F" && out.endsWith(".")) return out.slice(0, -1);
  return out + piece;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function formatDatetimeWith(ticks: number, fmt: string): string {
  const p = partsFromTicks(ticks);
  let out = "";
  for (const { text: t, literal } of tokens(fmt)) {
    if (literal) {
      out += t;
      continue;
    }
    const n = t.length;
    let piece: string;
    switch (t[0]) {
      case "y":
        piece = n === 1 ? String(p.year % 100) : n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
        break;
      case "M":
        piece = n === 1 ? String(p.month) : n === 2 ? pad(p.month, 2) : n === 3 ? MONTHS[p.month - 1]!.slice(0, 3) : MONTHS[p.month - 1]!;
        break;
      case "d": {
        const dow = DAYS[(((Math.floor(p.days) + 4) % 7) + 7) % 7]!;
        piece = n === 1 ? String(p.day) : n === 2 ? pad(p.day, 2) : n === 3 ? dow.slice(0, 3) : dow;
        break;
      }
      case "h": {
        const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
        piece = n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case "H":
        piece = n === 1 ? String(p.hour) : pad(p.hour, 2);
        break;
      case "m":
        piece = n === 1 ? String(p.minute) : pad(p.minute, 2);
        break;
      case "s":
        piece = n === 1 ? String(p.second) : pad(p.second, 2);
        break;
      case "f":
      case "F":
        piece = fraction(p.fraction, t);
        break;
      case "t":
        piece = (p.hour < 12 ? "AM" : "PM").slice(0, n === 1 ? 1 : 2);
        break;
      default:
        piece = t;
    }
    out = append(out, piece, t);
  }
  return out;
}

export function formatTimespanWith(ticks: number, fmt: string): string {
  const neg = ticks < 0;
  let t = Math.round(Math.abs(ticks));
  const days = Math.floor(t / TICKS_PER_DAY);
  t -= days * TICKS_PER_DAY;
  const hours = Math.floor(t / TICKS_PER_HOUR);
  const minutes = Math.floor((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const seconds = Math.floor((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const frac = t % TICKS_PER_SECOND;
  let out = neg ? "-" : "";
  for (const { text: tok, literal } of tokens(fmt)) {
    if (literal) {
      out += tok;
      continue;
    }
    const n = tok.length;
    let piece: string;
    switch (tok[0]) {
      case "d":
        piece = pad(days, n);
        break;
      case "h":
      case "H":
        piece = n === 1 ? String(hours) : pad(hours, 2);
        break;
      case "m":
        piece = n === 1 ? String(minutes) : pad(minutes, 2);
        break;
      case "s":
        piece = n === 1 ? String(seconds) : pad(seconds, 2);
        break;
      case "f":
      case "F":
        piece = fraction(frac, tok);
        break;
      default:
        piece = tok;
    }
    out = append(out, piece, tok);
  }
  return out;
}
