/**
 * More string functions: `replace_strings`, `parse_csv`, `parse_version`, `parse_urlquery`,
 * `parse_path`, `parse_command_line`, `tohex`, `isascii`, `isutf8`, `format_bytes`, and the
 * Punycode family (RFC 3492; domains label by label with the `xn--` prefix).
 */
import type { Json, Value } from "../types.js";
import { intConv, numberConv, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

function str(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "string", bind);
}

/** Every lookup replaced at once, scanning left to right; the first lookup (in order) that matches wins. */
/**
 * replace_strings (its page): the earlier lookup takes precedence — each lookup in turn claims its
 * occurrences, left to right, that overlap no earlier claim (`['is', 'This']` turns "This is" into
 * "Thwas was"; `['This', 'is']` into "This was"). A lookup that is not a string is ignored; a
 * rewrite that is not a string leaves its matches as they are; a lookup with no rewrite deletes.
 */
function replaceStrings(text: string, lookups: readonly unknown[], replacements: readonly unknown[]): string {
  const claims: { start: number; end: number; by: string }[] = [];
  lookups.forEach((l, k) => {
    if (typeof l !== "string" || l === "") return;
    for (let at = text.indexOf(l); at >= 0; at = text.indexOf(l, at + 1)) {
      const end = at + l.length;
      if (claims.some((c) => at < c.end && c.start < end)) continue;
      const r = replacements[k];
      // No rewrite at that position deletes the match; one that is not a string keeps it.
      claims.push({ start: at, end, by: r === undefined ? "" : typeof r === "string" ? r : l });
      at = end - 1;
    }
  });
  claims.sort((a, b) => a.start - b.start);
  let out = "";
  let i = 0;
  for (const c of claims) {
    out += text.slice(i, c.start) + c.by;
    i = c.end;
  }
  return out + text.slice(i);
}

/** The first record of CSV text: fields split on commas, `"` quoting (`""` a quote, newlines kept). */
export function parseCsvRecord(s: string): string[] {
  const fields: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === "") quoted = true;
    else if (c === ",") {
      fields.push(cur);
      cur = "";
    } else if (c === "\n" || c === "\r") break;
    else cur += c;
  }
  fields.push(cur);
  return fields;
}

/** parse_version: up to four parts of up to eight digits, as one decimal (part × 10^(8·(3−i))). */
function parseVersion(s: string): number | null {
  const t = s.trim();
  if (!/^\d{1,8}(\.\d{1,8}){0,3}$/.test(t)) return null;
  const parts = t.split(".").map(Number);
  return parts.reduce((acc, p, i) => acc + p * 10 ** (8 * (3 - i)), 0);
}

function queryParameters(q: string): Json {
  const out: { [k: string]: Json } = {};
  for (const pair of q.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const k = eq < 0 ? pair : pair.slice(0, eq);
    const v = eq < 0 ? "" : pair.slice(eq + 1);
    out[safeDecode(k)] = safeDecode(v);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** parse_path: the parts of a file path or URL (Windows, UNC and Unix forms). */
function parsePath(p: string): Json {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(p);
  const scheme = m === null ? "" : m[1]!;
  const rest = m === null ? p : m[2]!;
  const sep = rest.includes("\\") ? "\\" : "/";
  const at = rest.lastIndexOf(sep);
  const dir = at < 0 ? "" : rest.slice(0, at);
  let file = at < 0 ? rest : rest.slice(at + 1);
  let stream = "";
  const colon = file.indexOf(":");
  if (colon > 0 && !/^[A-Za-z]$/.test(file.slice(0, colon))) {
    stream = file.slice(colon + 1);
    file = file.slice(0, colon);
  }
  const dot = file.lastIndexOf(".");
  const root = /^[A-Za-z]:/.test(rest) ? rest.slice(0, 2) : rest.startsWith("\\\\") ? rest.split("\\").slice(0, 4).join("\\") : rest.startsWith("/") ? "/" : "";
  const dirParts = dir.split(sep).filter((x) => x !== "");
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: m === null ? dir : `${scheme}://${dir}`,
    DirectoryName: dirParts[dirParts.length - 1] ?? "",
    Filename: file,
    Extension: dot > 0 ? file.slice(dot + 1) : "",
    AlternateDataStreamName: stream,
  };
}

/** Windows command-line splitting (CommandLineToArgvW's rules for quotes and backslashes). */
function parseCommandLine(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inQuotes = false;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") {
      let n = 0;
      while (s[i + n] === "\\") n++;
      if (s[i + n] === '"') {
        cur += "\\".repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else inQuotes = !inQuotes;
        i += n;
      } else {
        cur += "\\".repeat(n);
        i += n - 1;
      }
      any = true;
    } else if (c === '"') {
      inQuotes = !inQuotes;
      any = true;
    } else if ((c === " " || c === "\t") && !inQuotes) {
      if (any) out.push(cur);
      cur = "";
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push(cur);
  return out;
}

// RFC 3492 Punycode.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digit = (d: number) => String.fromCharCode(d + (d < 26 ? 97 : 22));

export function punycodeEncode(input: string): string {
  const cps = [...input].map((c) => c.codePointAt(0)!);
  let out = cps.filter((c) => c < 128).map((c) => String.fromCharCode(c)).join("");
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += "-";
  let n = 128;
  let delta = 0;
  let bias = 72;
  while (handled < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          out += digit(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

export function punycodeDecode(input: string): string | null {
  const dash = input.lastIndexOf("-");
  const out = [...(dash < 0 ? "" : input.slice(0, dash))].map((c) => c.codePointAt(0)!);
  if (out.some((c) => c >= 128)) return null;
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let p = dash < 0 ? 0 : dash + 1; p < input.length; ) {
    const old = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (p >= input.length) return null;
      const c = input.charCodeAt(p++);
      const d = c >= 48 && c <= 57 ? c - 22 : c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 97 : -1;
      if (d < 0) return null;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - old, out.length + 1, old === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** Domain labels, split at `.` and the ideographic full stops IDNA treats as dots. */
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;

function domainFromString(d: string): string {
  return d
    .split(LABEL_SEPARATORS)
    .map((l) => ([...l].every((c) => c.codePointAt(0)! < 128) ? l : `xn--${punycodeEncode(l)}`))
    .join(".");
}

function domainToString(d: string): string | null {
  const labels = d.split(".").map((l) => (l.toLowerCase().startsWith("xn--") ? punycodeDecode(l.slice(4)) : l));
  return labels.some((l) => l === null) ? null : labels.join(".");
}

/** tohex: hex of an integer (two's complement: 64-bit for long, 32-bit for int), zero-padded. */
function toHex(v: number, bits: 32 | 64, minLength: number): string {
  const b = BigInt.asUintN(bits, BigInt(Math.trunc(v)));
  // Padding beyond 1024 digits is capped (a kernel must not fail on data).
  return b.toString(16).padStart(Math.min(minLength, 1024), "0");
}

const BYTE_UNITS = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];

function formatBytes(size: number, precision: number, unit: string | undefined, base: number): string {
  const k = base === 10 ? 1000 : 1024;
  let u = unit === undefined ? -1 : BYTE_UNITS.findIndex((x) => x.toLowerCase() === unit.toLowerCase() || (x === "Bytes" && unit.toLowerCase() === "b"));
  if (u < 0) {
    u = 0;
    while (u < BYTE_UNITS.length - 1 && Math.abs(size) >= k ** (u + 1)) u++;
  }
  return `${(size / k ** u).toFixed(Math.min(precision, 100))} ${BYTE_UNITS[u]}`;
}

export const stringMoreFunctions: readonly ScalarFunction[] = [
  str("replace_strings", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    const list = (v: Value) => (Array.isArray(v) ? (v as unknown[]) : null);
    return (a) => {
      const lookups = list(a[1] ?? null);
      const repl = list(a[2] ?? null);
      return lookups === null || repl === null ? s(a[0] ?? null) : replaceStrings(s(a[0] ?? null), lookups, repl);
    };
  }),
  str("parse_csv", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => parseCsvRecord(s(a[0] ?? null));
  }),
  str("parse_version", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => parseVersion(s(a[0] ?? null));
  }),
  str("parse_urlquery", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => ({ "Query Parameters": queryParameters(s(a[0] ?? null)) });
  }),
  str("parse_path", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => parsePath(s(a[0] ?? null));
  }),
  str("parse_command_line", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => parseCommandLine(s(a[0] ?? null));
  }),
  str("tohex", (site) => {
    const n = numberConv(site.argTypes[0] ?? "long");
    const len = intConv(site.argTypes[1] ?? "long");
    const bits = site.argTypes[0] === "int" ? 32 : 64;
    return (a) => {
      const v = n(a[0] ?? null);
      if (v === null || !Number.isFinite(v)) return "";
      return toHex(v, bits, a.length > 1 ? Math.max(0, len(a[1] ?? null) ?? 0) : 0);
    };
  }),
  str("isascii", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => [...s(a[0] ?? null)].every((c) => c.codePointAt(0)! < 128);
  }),
  str("isutf8", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    // A JS string is UTF-16: it is valid UTF-8 text unless it holds a lone surrogate.
    return (a) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s(a[0] ?? null));
  }),
  str("format_bytes", (site) => {
    const n = numberConv(site.argTypes[0] ?? "long");
    const p = intConv(site.argTypes[1] ?? "long");
    const u = stringConv(site.argTypes[2] ?? "string");
    const b = intConv(site.argTypes[3] ?? "long");
    return (a) => {
      const v = n(a[0] ?? null);
      if (v === null) return "";
      const unit = a.length > 2 ? u(a[2] ?? null) : "";
      return formatBytes(v, Math.max(0, a.length > 1 ? (p(a[1] ?? null) ?? 0) : 0), unit === "" ? undefined : unit, a.length > 3 ? (b(a[3] ?? null) ?? 2) : 2);
    };
  }),
  str("punycode_from_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => punycodeEncode(s(a[0] ?? null));
  }),
  str("punycode_to_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => punycodeDecode(s(a[0] ?? null)) ?? "";
  }),
  str("punycode_domain_from_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => domainFromString(s(a[0] ?? null));
  }),
  str("punycode_domain_to_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => domainToString(s(a[0] ?? null)) ?? "";
  }),
];
