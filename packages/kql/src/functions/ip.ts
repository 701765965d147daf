/**
 * IPv4 functions: `parse_ipv4`, `parse_ipv4_mask`, `ipv4_compare`, `ipv4_is_match`,
 * `ipv4_is_in_range`, `ipv4_is_in_any_range`, `ipv4_is_private`, `ipv4_netmask_suffix`,
 * `format_ipv4`, `format_ipv4_mask`, `has_ipv4`, `has_ipv4_prefix`.
 *
 * An address is dotted-quad text (four decimal octets 0–255) with an optional `/prefix` (0–32);
 * anything else is invalid and makes the result null (Kusto: "null if conversion failed").
 * With prefixes on both sides, comparisons use the shorter one (and the explicit PrefixMask).
 * `ipv4_is_in_any_range`: null when the address is invalid; true when any range holds it;
 * otherwise null if some range was invalid, else false (chosen: the docs say null when "one of
 * the two IPv4 strings" fails to convert, and a matching valid range is still a match).
 */
import type { Json, Value } from "../types.js";
import { numberConv, scalar, stringConv } from "./define.js";
import { isTermChar } from "./operators-string.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

export interface Ipv4 {
  /** The address as an unsigned 32-bit number. */
  readonly addr: number;
  readonly prefix: number;
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

export function parseIpv4(s: string): Ipv4 | null {
  const m = IPV4_RE.exec(s.trim());
  if (m === null) return null;
  let addr = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    addr = addr * 256 + o;
  }
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return { addr, prefix };
}

/** The mask of a prefix length as an unsigned 32-bit number. */
function mask(prefix: number): number {
  return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
}

function masked(addr: number, prefix: number): number {
  return (addr & mask(prefix)) >>> 0;
}

/** -1/0/1 comparing a and b on their first min(prefixes, limit) bits. */
export function compareIpv4(a: Ipv4, b: Ipv4, limit = 32): number {
  const p = Math.min(a.prefix, b.prefix, limit);
  const x = masked(a.addr, p);
  const y = masked(b.addr, p);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether ip lies in range (the range's prefix decides; ip's own prefix masks it first). */
export function inRange(ip: Ipv4, range: Ipv4): boolean {
  return masked(masked(ip.addr, ip.prefix), range.prefix) === masked(range.addr, range.prefix);
}

function formatAddr(addr: number): string {
  return [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255].join(".");
}

const PRIVATE: readonly Ipv4[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((r) => parseIpv4(r)!);

/** An address argument: strings parsed; numbers (format_ipv4 of a long) taken as the address. */
function ipArg(site: CallSite, i: number): (v: Value) => Ipv4 | null {
  const t = site.argTypes[i] ?? "string";
  const str = stringConv(t);
  if (t === "int" || t === "long" || t === "real" || t === "decimal")
    return (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? { addr: v, prefix: 32 } : null);
  return (v) => parseIpv4(str(v));
}

function prefixArg(site: CallSite, i: number): (args: readonly Value[]) => number | null {
  const c = numberConv(site.argTypes[i] ?? "long");
  return (args) => {
    if (i >= args.length) return 32;
    const p = c(args[i] ?? null);
    // NaN and infinities are no prefix length (and BigInt(NaN) would throw).
    return p === null || !Number.isFinite(p) || p < 0 || p > 32 ? null : Math.trunc(p);
  };
}

function ip(name: string, make: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "ip", make);
}

/** Ranges of ipv4_is_in_any_range: strings, or dynamic arrays of strings, flattened. */
function rangeTexts(args: readonly Value[], site: CallSite): string[] {
  const out: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const v = args[i] ?? null;
    if (Array.isArray(v)) for (const e of v as Json[]) out.push(stringConv("dynamic")(e));
    else out.push(stringConv(site.argTypes[i] ?? "string")(v));
  }
  return out;
}

function bindAnyRange(site: CallSite): RowKernel {
  const addr = ipArg(site, 0);
  const parse = (texts: string[]) => texts.map(parseIpv4);
  const consts = site.constants.slice(1);
  const fixedRanges = consts.length > 0 && consts.every((c) => c !== undefined) ? parse(rangeTexts([null, ...(consts as Value[])], site)) : null;
  return (args) => {
    const a = addr(args[0] ?? null);
    if (a === null) return null;
    const ranges = fixedRanges ?? parse(rangeTexts(args, site));
    let invalid = false;
    for (const r of ranges) {
      if (r === null) invalid = true;
      else if (inRange(a, r)) return true;
    }
    return invalid ? null : false;
  };
}

/** has_ipv4(source, ip): the address appears as a whole "word" (not inside a longer number). */
export function hasIpv4(text: string, target: Ipv4, prefixOnly: boolean, prefixText: string): boolean {
  const re = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = m.index === 0 ? 0 : text.charCodeAt(m.index - 1);
    const end = m.index + m[0].length;
    const after = end >= text.length ? 0 : text.charCodeAt(end);
    if ((before !== 0 && (isTermChar(before) || before === 46)) || (after !== 0 && (isTermChar(after) || after === 46))) continue;
    if (prefixOnly) {
      if (m[0].startsWith(prefixText)) return true;
      continue;
    }
    const p = parseIpv4(m[0]);
    if (p !== null && p.addr === target.addr) return true;
  }
  return false;
}

export const ipFunctions: readonly ScalarFunction[] = [
  ip("parse_ipv4", (site) => {
    const a = ipArg(site, 0);
    return (args) => {
      const v = a(args[0] ?? null);
      return v === null ? null : masked(v.addr, v.prefix);
    };
  }),
  ip("parse_ipv4_mask", (site) => {
    const a = ipArg(site, 0);
    const p = prefixArg(site, 1);
    return (args) => {
      const v = a(args[0] ?? null);
      const k = p(args);
      return v === null || k === null ? null : masked(v.addr, Math.min(k, v.prefix));
    };
  }),
  ip("ipv4_compare", (site) => {
    const a = ipArg(site, 0);
    const b = ipArg(site, 1);
    const p = prefixArg(site, 2);
    return (args) => {
      const x = a(args[0] ?? null);
      const y = b(args[1] ?? null);
      const k = p(args);
      return x === null || y === null || k === null ? null : compareIpv4(x, y, k);
    };
  }),
  ip("ipv4_is_match", (site) => {
    const a = ipArg(site, 0);
    const b = ipArg(site, 1);
    const p = prefixArg(site, 2);
    return (args) => {
      const x = a(args[0] ?? null);
      const y = b(args[1] ?? null);
      const k = p(args);
      return x === null || y === null || k === null ? null : compareIpv4(x, y, k) === 0;
    };
  }),
  ip("ipv4_is_in_range", (site) => {
    const a = ipArg(site, 0);
    const r = ipArg(site, 1);
    return (args) => {
      const x = a(args[0] ?? null);
      const y = r(args[1] ?? null);
      return x === null || y === null ? null : inRange(x, y);
    };
  }),
  ip("ipv4_is_in_any_range", bindAnyRange),
  ip("ipv4_is_private", (site) => {
    const a = ipArg(site, 0);
    return (args) => {
      const x = a(args[0] ?? null);
      return x === null ? null : PRIVATE.some((r) => x.prefix >= r.prefix && inRange(x, r));
    };
  }),
  ip("ipv4_netmask_suffix", (site) => {
    const a = ipArg(site, 0);
    return (args) => a(args[0] ?? null)?.prefix ?? null;
  }),
  ip("format_ipv4", (site) => {
    const a = ipArg(site, 0);
    const p = prefixArg(site, 1);
    return (args) => {
      const x = a(args[0] ?? null);
      const k = p(args);
      return x === null || k === null ? "" : formatAddr(masked(x.addr, Math.min(k, x.prefix)));
    };
  }),
  ip("format_ipv4_mask", (site) => {
    const a = ipArg(site, 0);
    const p = prefixArg(site, 1);
    return (args) => {
      const x = a(args[0] ?? null);
      const k = p(args);
      if (x === null || k === null) return "";
      const q = Math.min(k, x.prefix);
      return `${formatAddr(masked(x.addr, q))}/${q}`;
    };
  }),
  ip("has_ipv4", (site) => {
    const text = stringConv(site.argTypes[0] ?? "string");
    const a = ipArg(site, 1);
    return (args) => {
      const target = a(args[1] ?? null);
      return target === null ? false : hasIpv4(text(args[0] ?? null), target, false, "");
    };
  }),
  ip("has_ipv4_prefix", (site) => {
    const text = stringConv(site.argTypes[0] ?? "string");
    const pre = stringConv(site.argTypes[1] ?? "string");
    return (args) => {
      const p = pre(args[1] ?? null);
      // A valid prefix is 1–3 complete octets followed by a dot, or a full address.
      if (!/^(\d{1,3}\.){1,3}(\d{1,3})?$/.test(p)) return false;
      return hasIpv4(text(args[0] ?? null), { addr: 0, prefix: 0 }, true, p);
    };
  }),
];
