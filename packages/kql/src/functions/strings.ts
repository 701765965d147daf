/**
 * String functions (Kusto "string" family, the non-regex ones; regex-based ones are in regex.ts).
 * Non-string arguments are converted with `tostring` semantics; integer arguments that are null
 * make the result "" (string results) or null (others).
 *
 * Positions and lengths (substring, indexof) count UTF-16 code units, as .NET strings do;
 * `strlen` counts Unicode code points, as its docs say.
 */
import type { Json, Value } from "../types.js";
import { fullTextConv, intConv, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

/** Converters for each argument: strings via tostring, the listed positions as numbers. */
function convs(site: CallSite) {
  const s = site.argTypes.map((t) => stringConv(t));
  const n = site.argTypes.map((t) => intConv(t));
  return {
    str: (args: readonly Value[], i: number) => s[i]!(args[i] ?? null),
    num: (args: readonly Value[], i: number) => (i < args.length ? n[i]!(args[i] ?? null) : null),
    has: (args: readonly Value[], i: number) => i < args.length,
  };
}

/** A function of converted arguments. */
function fn(name: string, make: (c: ReturnType<typeof convs>, site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "string", (site) => make(convs(site), site));
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function substring(s: string, start: number, len: number | null): string {
  let i = Math.trunc(start);
  if (i < 0) i = Math.max(0, s.length + i);
  if (i >= s.length) return "";
  if (len === null) return s.slice(i);
  const l = Math.trunc(len);
  return l <= 0 ? "" : s.slice(i, i + l);
}

/** indexof: -1 when not found; null for a negative start (from the end, as Kusto) beyond the
 * string, occurrence < 0 or length < -1 (the docs' null cases). */
function indexOf(s: string, lookup: string, start: number, length: number, occurrence: number): number | null {
  if (occurrence < 0 || length < -1) return null;
  let from = Math.trunc(start);
  if (from < 0) from = s.length + from;
  if (from < 0) return null;
  if (from > s.length) return -1;
  // The page's examples fix the range: `indexof("abcdefgabcdefg", "cde", 1, 10, 2)` is 9, a match
  // ending one past start + length, while `indexof("abcdefg", "cde", 1, 2)` is -1.
  const end = length === -1 ? s.length : Math.min(s.length, from + Math.trunc(length) + 1);
  const occ = Math.max(1, Math.trunc(occurrence));
  // Occurrences may overlap (each search starts one past the previous match), so there are at
  // most s.length + 1 of them: a larger occurrence number cannot match (and must not loop).
  if (occ > s.length + 1) return -1;
  let pos = from - 1;
  for (let k = 0; k < occ; k++) {
    pos = s.indexOf(lookup, pos + 1);
    if (pos < 0 || pos + lookup.length > end || (lookup === "" && pos > end)) return -1;
  }
  return pos;
}

function split(s: string, delim: string): Json[] {
  return delim === "" ? [s] : s.split(delim);
}

function decodeUrl(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return "";
  }
}

function parseUrl(s: string): Json {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return {};
  }
  const query: { [k: string]: Json } = {};
  u.searchParams.forEach((v, k) => {
    query[k] = v;
  });
  return {
    Scheme: u.protocol.replace(/:$/, ""),
    Host: u.hostname,
    Port: u.port,
    Path: u.pathname,
    Username: decodeUrl(u.username),
    Password: decodeUrl(u.password),
    "Query Parameters": query,
    Fragment: u.hash.replace(/^#/, ""),
  };
}

function base64Decode(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.trim())) return "";
  const b = Buffer.from(s.trim(), "base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return "";
  }
}

/**
 * .NET's HttpUtility.UrlEncode, which Kusto's url_encode pages show: UTF-8 bytes as lower-case
 * `%xx` (`https%3a%2f%2f…`), letters, digits and `-_.!*()` as they are, a space as `+`
 * (url_encode) or `%20` (url_encode_component).
 */
const UTF8 = new TextEncoder();

function formEncode(s: string, space: string): string {
  let out = "";
  for (const ch of s) {
    if (/^[A-Za-z0-9\-_.!*()]$/.test(ch)) out += ch;
    else if (ch === " ") out += space;
    else for (const b of UTF8.encode(ch)) out += `%${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

export const stringFunctions: readonly ScalarFunction[] = [
  fn("strlen", (c) => (a) => codePointLength(c.str(a, 0))),
  fn("string_size", (c) => (a) => Buffer.byteLength(c.str(a, 0), "utf8")),
  fn("tolower", (c) => (a) => c.str(a, 0).toLowerCase()),
  fn("toupper", (c) => (a) => c.str(a, 0).toUpperCase()),
  fn("strcat", (c) => (a) => {
    let r = "";
    for (let i = 0; i < a.length; i++) r += c.str(a, i);
    return r;
  }),
  fn("strcat_delim", (c) => (a) => {
    const parts: string[] = [];
    for (let i = 1; i < a.length; i++) parts.push(c.str(a, i));
    return parts.join(c.str(a, 0));
  }),
  fn("substring", (c) => (a) => {
    const start = c.num(a, 1);
    if (start === null) return "";
    const len = c.has(a, 2) ? c.num(a, 2) : null;
    if (c.has(a, 2) && len === null) return "";
    return substring(c.str(a, 0), start, len);
  }),
  fn("indexof", (c) => (a) => {
    const start = c.has(a, 2) ? c.num(a, 2) : 0;
    const len = c.has(a, 3) ? c.num(a, 3) : -1;
    const occ = c.has(a, 4) ? c.num(a, 4) : 1;
    if (start === null || len === null || occ === null) return null;
    return indexOf(c.str(a, 0), c.str(a, 1), start, len, occ);
  }),
  fn("replace_string", (c) => (a) => {
    const lookup = c.str(a, 1);
    const text = c.str(a, 0);
    return lookup === "" ? text : text.split(lookup).join(c.str(a, 2));
  }),
  fn("split", (c, site) => {
    const withIndex = site.argTypes.length > 2;
    return (a) => {
      const parts = split(c.str(a, 0), c.str(a, 1));
      if (!withIndex) return parts;
      const i = c.num(a, 2);
      if (i === null || i < 0 || Math.trunc(i) >= parts.length) return [];
      return [parts[Math.trunc(i)]!];
    };
  }),
  fn("strrep", (c, site) => (a) => {
    const n = c.num(a, 1);
    if (n === null || n <= 0) return "";
    // Kusto caps the multiplier at 1024; widar says when it did.
    if (n > 1024) site.warn?.(`the multiplier ${Math.trunc(n).toLocaleString("en-US")} is capped at 1,024 (Kusto's limit)`);
    const times = Math.min(1024, Math.trunc(n));
    const text = c.str(a, 0);
    const delimiter = c.has(a, 2) ? c.str(a, 2) : "";
    const length = times * text.length + (times - 1) * delimiter.length;
    if (length > 1 << 16) site.reserve?.(2 * length, "the repeated text");
    return new Array(times).fill(text).join(delimiter);
  }),
  fn("reverse", (_c, site) => {
    const text = fullTextConv(site.argTypes[0] ?? "string");
    return (a) => [...text(a[0] ?? null)].reverse().join("");
  }),
  fn("strcmp", (c) => (a) => {
    const x = c.str(a, 0);
    const y = c.str(a, 1);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  fn("translate", (c) => (a) => {
    const from = [...c.str(a, 0)];
    const to = [...c.str(a, 1)];
    const map = new Map<string, string>();
    // Kusto: a shorter replacement list repeats its last character; an empty one deletes.
    from.forEach((ch, i) => {
      if (!map.has(ch)) map.set(ch, to.length === 0 ? "" : (to[Math.min(i, to.length - 1)] ?? ""));
    });
    return [...c.str(a, 2)].map((ch) => map.get(ch) ?? ch).join("");
  }),
  fn("url_encode", (c) => (a) => formEncode(c.str(a, 0), "+")),
  fn("url_encode_component", (c) => (a) => formEncode(c.str(a, 0), "%20")),
  fn("url_decode", (c) => (a) => decodeUrl(c.str(a, 0))),
  fn("parse_url", (c) => (a) => parseUrl(c.str(a, 0))),
  fn("base64_encode_tostring", (c) => (a) => Buffer.from(c.str(a, 0), "utf8").toString("base64")),
  fn("base64_encodestring", (c) => (a) => Buffer.from(c.str(a, 0), "utf8").toString("base64")),
  fn("base64_decode_tostring", (c) => (a) => base64Decode(c.str(a, 0))),
  fn("base64_decodestring", (c) => (a) => base64Decode(c.str(a, 0))),
  fn("unicode_codepoints_from_string", (c) => (a) => [...c.str(a, 0)].map((ch) => ch.codePointAt(0)!)),
  fn("unicode_codepoints_to_string", (_c, site) => {
    const t = site.argTypes;
    return (a) => {
      let out = "";
      for (let i = 0; i < a.length; i++) {
        const v = a[i] ?? null;
        const items = t[i] === "dynamic" && Array.isArray(v) ? v : [v];
        for (const x of items)
          if (typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 0x10ffff) out += String.fromCodePoint(x);
      }
      return out;
    };
  }),
];
