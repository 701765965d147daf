/**
 * What the triage knows of an address beyond the logs: its network (ASN, organisation, country,
 * kind) from widar's offline IP data, whether it is on the NetworkAllowlist, on the analyst's
 * indicator list, and its online reputation when one was configured. One interface, so the
 * investigation does not care where each answer comes from.
 */
import { type Catalog, parseIpv6 } from "@widar/kql";
import { countryName } from "../enrich/ip-location.js";
import { lookupDatasets } from "../enrich/ip-datasets.js";
import { HIGH_RISK_COUNTRIES, ipToInt, ipv6ToBigInt, isPublicAddress, lookupNetwork, parseCidr } from "../enrich/network-data.js";
import { networkKindOfAsn } from "../enrich/network-kinds.js";

export interface IpInfo {
  readonly asn?: number;
  readonly organisation?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country?: string;
  readonly countryName?: string;
  readonly networkKind?: string;
}

export interface IpSources {
  info(address: string): IpInfo;
  /** The allowlist entry (and its description) the address falls in, if any. */
  allowlisted(address: string): { readonly entry: string; readonly note: string } | undefined;
  indicator(address: string): string | undefined;
  highRiskCountry(iso: string | undefined): boolean;
  /** An online reputation (AbuseIPDB), when configured; undefined otherwise. */
  reputation?(address: string): Promise<{ score: number; reports: number; checkedMs: number } | undefined>;
}

interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly entry: string;
  readonly note: string;
}

interface Range6 {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly entry: string;
  readonly note: string;
}

/**
 * NetworkAllowlist entries (`IPOrRange`: an address, a CIDR or `first-last`, IPv4 or IPv6) as
 * ranges, as the pack's _ExcludeAllowlistedIPs reads them; anything else by its exact text.
 */
export function allowlistRanges(catalog: Catalog): { v4: Range[]; v6: Range6[]; other: Map<string, string> } {
  const v4: Range[] = [];
  const v6: Range6[] = [];
  const other = new Map<string, string>();
  const t = catalog.watchlist("NetworkAllowlist");
  if (t === undefined) return { v4, v6, other };
  const entryCol = t.column("IPOrRange") ?? t.column("SearchKey");
  const noteCol = t.column("Description");
  for (let i = 0; i < t.rowCount; i++) {
    const entry = String(entryCol?.get(i) ?? "").trim();
    const note = String(noteCol?.get(i) ?? "").trim();
    if (entry === "") continue;
    const dash = entry.split("-").map((x) => x.trim());
    if (dash.length === 2 && ipToInt(dash[0]!) !== null && ipToInt(dash[1]!) !== null) {
      v4.push({ lo: ipToInt(dash[0]!)!, hi: ipToInt(dash[1]!)!, entry, note });
      continue;
    }
    if (dash.length === 2 && ipv6ToBigInt(dash[0]!) !== null && ipv6ToBigInt(dash[1]!) !== null) {
      v6.push({ lo: ipv6ToBigInt(dash[0]!)!, hi: ipv6ToBigInt(dash[1]!)!, entry, note });
      continue;
    }
    const [base, bits] = entry.split("/");
    if (ipToInt(base ?? "") !== null) {
      try {
        const c = parseCidr(bits === undefined ? `${base}/32` : entry);
        v4.push({ lo: c.base, hi: c.base + c.size - 1, entry, note });
      } catch {
        // An unreadable entry is skipped, as the rules skip it.
      }
      continue;
    }
    // An IPv6 address or CIDR, as the rules' ipv6_is_in_any_range reads it.
    const c6 = entry.includes(":") ? parseIpv6(entry) : null;
    if (c6 !== null) {
      const host = (1n << BigInt(128 - c6.prefix)) - 1n;
      v6.push({ lo: c6.addr & ~host, hi: (c6.addr & ~host) | host, entry, note });
      continue;
    }
    other.set(entry.toLowerCase(), note);
  }
  return { v4, v6, other };
}

/** The sources as widar has them offline: its network table, the catalog's allowlist. */
export function offlineIpSources(catalog: Catalog, indicators: ReadonlyMap<string, string> = new Map()): IpSources {
  const allow = allowlistRanges(catalog);
  return {
    info(address) {
      const n = lookupNetwork(address);
      if (n !== undefined) {
        const kind = n.kind === "residential" || n.kind === "mobile" || n.kind === "business" ? "isp" : n.kind;
        return { asn: n.asn, organisation: n.isp, country: n.country, countryName: countryName(n.country), networkKind: kind };
      }
      // The rest of the Internet: the installed ASN and country datasets.
      if (!isPublicAddress(address)) return {};
      const d = lookupDatasets(address);
      const kind = d.asn === undefined ? undefined : networkKindOfAsn(d.asn);
      return {
        ...(d.asn === undefined ? {} : { asn: d.asn }),
        ...(d.organisation === undefined ? {} : { organisation: d.organisation }),
        ...(d.country === undefined ? {} : { country: d.country, countryName: countryName(d.country) }),
        ...(kind === undefined ? {} : { networkKind: kind }),
      };
    },
    allowlisted(address) {
      const v = ipToInt(address);
      if (v !== null) {
        const hit = allow.v4.find((r) => v >= r.lo && v <= r.hi);
        return hit === undefined ? undefined : { entry: hit.entry, note: hit.note };
      }
      const v6 = ipv6ToBigInt(address);
      if (v6 !== null) {
        const hit = allow.v6.find((r) => v6 >= r.lo && v6 <= r.hi);
        if (hit !== undefined) return { entry: hit.entry, note: hit.note };
      }
      const note = allow.other.get(address.toLowerCase());
      return note === undefined ? undefined : { entry: address, note };
    },
    indicator: (address) => indicators.get(address),
    highRiskCountry: (iso) => iso !== undefined && HIGH_RISK_COUNTRIES.has(iso),
  };
}
