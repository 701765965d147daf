/**
 * IPv6 functions: `parse_ipv6`, `parse_ipv6_mask`, `ipv6_compare`, `ipv6_is_match`,
 * `ipv6_is_in_range`, `ipv6_is_in_any_range`, and the IPv4 list forms `has_any_ipv4`,
 * `has_any_ipv4_prefix`, `ipv4_range_to_cidr_list`.
 *
 * An address is IPv6 text (with `::` and an optional dotted IPv4 tail) or IPv4 text, which maps
 * to `::ffff:a.b.c.d` (so an IPv4 `/24` is an IPv6 `/120`), with an optional `/prefix`. Values
 * are 128-bit BigInts. Invalid text makes the result null, as for the IPv4 functions.
 */
import type { Json, Value } from "../types.js";
import { numberConv, scalar, stringConv } from "./define.js";
import { hasIpv4, parseIpv4 } from "./ip.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

export interface Ipv6 {
  readonly addr: bigint;
  readonly prefix: number;
}

const ALL = (1n << 128n) - 1n;

function mask(prefix: number): bigint {
  return prefix <= 0 ? 0n : prefix >= 128 ? ALL : (ALL << BigInt(128 - prefix)) & ALL;
}

function groupsOf(text: string): number[] | null {
  if (text === "") return [];
  const parts = text.split(":");
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = parseIpv4(p);
      if (v4 === null || p.includes("/")) return null;
      out.push(Math.floor(v4.addr / 65536), v4.addr % 65536);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(Number.parseInt(p, 16));
    else return null;
  }
  return out;
}

export function parseIpv6(s: string): Ipv6 | null {
  const t = s.trim();
  const slash = t.indexOf("/");
  const body = slash < 0 ? t : t.slice(0, slash);
  const prefixText = slash < 0 ? undefined : t.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  if (!body.includes(":")) {
    const v4 = parseIpv4(body);
    if (v4 === null) return null;
    const p = prefixText === undefined ? 128 : Number(prefixText) + 96;
    return p > 128 ? null : { addr: (0xffffn << 32n) | BigInt(v4.addr), prefix: p };
  }
  let groups: number[] | null;
  const dbl = body.indexOf("::");
  if (dbl >= 0) {
    if (body.indexOf("::", dbl + 1) >= 0) return null;
    const head = groupsOf(body.slice(0, dbl));
    const tail = groupsOf(body.slice(dbl + 2));
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  } else groups = groupsOf(body);
  if (groups === null || groups.length !== 8) return null;
  // `::a.b.c.d` (IPv4-compatible) reads as the IPv4 address it carries (the parse_ipv6_mask
  // page maps it to ::ffff:a.b.c.d, and its `/24` to /120).
  if (/\.\d+$/.test(body) && groups.slice(0, 6).every((g) => g === 0)) {
    const p4 = prefixText === undefined ? 128 : Number(prefixText) + 96;
    return p4 > 128 ? null : { addr: (0xffffn << 32n) | (BigInt(groups[6]!) << 16n) | BigInt(groups[7]!), prefix: p4 };
  }
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) return null;
  return { addr: groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n), prefix };
}

function format(addr: bigint): string {
  const out: string[] = [];
  for (let i = 7; i >= 0; i--) out.push(((addr >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, "0"));
  return out.join(":");
}

function compare(a: Ipv6, b: Ipv6, limit = 128): number {
  const m = mask(Math.min(a.prefix, b.prefix, limit));
  const x = a.addr & m;
  const y = b.addr & m;
  return x < y ? -1 : x > y ? 1 : 0;
}

function inRange(ip: Ipv6, range: Ipv6): boolean {
  const m = mask(range.prefix);
  return (ip.addr & mask(ip.prefix) & m) === (range.addr & m);
}

function addrArg(site: CallSite, i: number): (v: Value) => Ipv6 | null {
  const s = stringConv(site.argTypes[i] ?? "string");
  return (v) => parseIpv6(s(v));
}

function prefixArg(site: CallSite, i: number): (args: readonly Value[]) => number | null {
  const c = numberConv(site.argTypes[i] ?? "long");
  return (args) => {
    if (i >= args.length) return 128;
    const p = c(args[i] ?? null);
    // NaN and infinities are no prefix length (and BigInt(NaN) would throw).
    return p === null || !Number.isFinite(p) || p < 0 || p > 128 ? null : Math.trunc(p);
  };
}

function ip6(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "ip", bind);
}

function pair(name: string, test: (c: number) => Value): ScalarFunction {
  return ip6(name, (site) => {
    const a = addrArg(site, 0);
    const b = addrArg(site, 1);
    const p = prefixArg(site, 2);
    return (args) => {
      const x = a(args[0] ?? null);
      const y = b(args[1] ?? null);
      const k = p(args);
      return x === null || y === null || k === null ? null : test(compare(x, y, k));
    };
  });
}

/** Text arguments from index `from` on, dynamic arrays flattened. */
function texts(args: readonly Value[], site: CallSite, from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < args.length; i++) {
    const v = args[i] ?? null;
    if (Array.isArray(v)) for (const e of v as Json[]) out.push(stringConv("dynamic")(e));
    else out.push(stringConv(site.argTypes[i] ?? "string")(v));
  }
  return out;
}

/** The CIDR blocks covering [lo, hi] (32-bit addresses), largest first. */
function cidrs(lo: number, hi: number): string[] {
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi) {
    let size = 32;
    while (size > 0) {
      const block = 2 ** (32 - size + 1);
      if (cur % block !== 0 || cur + block - 1 > hi) break;
      size--;
    }
    out.push(`${[cur >>> 24, (cur >>> 16) & 255, (cur >>> 8) & 255, cur & 255].join(".")}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

export const ipv6Functions: readonly ScalarFunction[] = [
  ip6("parse_ipv6", (site) => {
    const a = addrArg(site, 0);
    return (args) => {
      const x = a(args[0] ?? null);
      return x === null ? null : format(x.addr & mask(x.prefix));
    };
  }),
  ip6("parse_ipv6_mask", (site) => {
    const a = addrArg(site, 0);
    const p = prefixArg(site, 1);
    return (args) => {
      const x = a(args[0] ?? null);
      const k = p(args);
      return x === null || k === null ? null : format(x.addr & mask(Math.min(k, x.prefix)));
    };
  }),
  pair("ipv6_compare", (c) => c),
  pair("ipv6_is_match", (c) => c === 0),
  ip6("ipv6_is_in_range", (site) => {
    const a = addrArg(site, 0);
    const r = addrArg(site, 1);
    return (args) => {
      const x = a(args[0] ?? null);
      const y = r(args[1] ?? null);
      return x === null || y === null ? null : inRange(x, y);
    };
  }),
  ip6("ipv6_is_in_any_range", (site) => {
    const a = addrArg(site, 0);
    return (args) => {
      const x = a(args[0] ?? null);
      if (x === null) return null;
      let invalid = false;
      for (const t of texts(args, site, 1)) {
        const r = parseIpv6(t);
        if (r === null) invalid = true;
        else if (inRange(x, r)) return true;
      }
      return invalid ? null : false;
    };
  }),
  ip6("has_any_ipv4", (site) => {
    const text = stringConv(site.argTypes[0] ?? "string");
    return (args) => {
      const s = text(args[0] ?? null);
      return texts(args, site, 1).some((t) => {
        const target = parseIpv4(t);
        return target !== null && hasIpv4(s, target, false, "");
      });
    };
  }),
  ip6("has_any_ipv4_prefix", (site) => {
    const text = stringConv(site.argTypes[0] ?? "string");
    return (args) => {
      const s = text(args[0] ?? null);
      return texts(args, site, 1).some((p) => /^(\d{1,3}\.){1,3}(\d{1,3})?$/.test(p) && hasIpv4(s, { addr: 0, prefix: 0 }, true, p));
    };
  }),
  ip6("ipv4_range_to_cidr_list", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    const e = stringConv(site.argTypes[1] ?? "string");
    return (args) => {
      const lo = parseIpv4(s(args[0] ?? null));
      const hi = parseIpv4(e(args[1] ?? null));
      if (lo === null || hi === null || lo.addr > hi.addr) return null;
      return cidrs(lo.addr, hi.addr);
    };
  }),
];
