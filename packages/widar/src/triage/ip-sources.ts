/**
 * What the triage knows of an address beyond the logs: its network (ASN, organisation, country,
 * kind) from widar's offline IP data, whether it is on the NetworkAllowlist, on the analyst's
 * indicator list, and its online reputation when one was configured. One interface, so the
 * investigation does not care where each answer comes from.
 */
import type { Catalog } from "@widar/kql";
import { countryName } from "../enrich/ip-location.js";
import { HIGH_RISK_COUNTRIES, ipToInt, lookupNetwork, parseCidr } from "../enrich/network-data.js";

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

/** NetworkAllowlist entries (`IPOrRange`: an address, a CIDR or `first-last`) as IPv4 ranges; IPv6 entries by exact text. */
export function allowlistRanges(catalog: Catalog): { v4: Range[]; other: Map<string, string> } {
  const v4: Range[] = [];
  const other = new Map<string, string>();
  const t = catalog.watchlist("NetworkAllowlist");
  if (t === undefined) return { v4, other };
  const entryCol = t.column("IPOrRange") ?? t.column("SearchKey");
  const noteCol = t.column("Description");
  for (let i = 0; i < t.rowCount; i++) {
    const entry = String(entryCol?.get(i) ?? "").trim();
    const note = String(noteCol?.get(i) ?? "").trim();
    if (entry === "") continue;
    const dash = entry.split("-");
    if (dash.length === 2 && ipToInt(dash[0]!.trim()) !== null && ipToInt(dash[1]!.trim()) !== null) {
      v4.push({ lo: ipToInt(dash[0]!.trim())!, hi: ipToInt(dash[1]!.trim())!, entry, note });
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
    other.set(entry.toLowerCase(), note);
  }
  return { v4, other };
}

/** The sources as widar has them offline: its network table, the catalog's allowlist. */
export function offlineIpSources(catalog: Catalog, indicators: ReadonlyMap<string, string> = new Map()): IpSources {
  const allow = allowlistRanges(catalog);
  return {
    info(address) {
      const n = lookupNetwork(address);
      if (n === undefined) return {};
      const kind = n.kind === "residential" || n.kind === "mobile" || n.kind === "business" ? "isp" : n.kind;
      return { asn: n.asn, organisation: n.isp, country: n.country, countryName: countryName(n.country), networkKind: kind };
    },
    allowlisted(address) {
      const v = ipToInt(address);
      if (v !== null) {
        const hit = allow.v4.find((r) => v >= r.lo && v <= r.hi);
        return hit === undefined ? undefined : { entry: hit.entry, note: hit.note };
      }
      const note = allow.other.get(address.toLowerCase());
      return note === undefined ? undefined : { entry: address, note };
    },
    indicator: (address) => indicators.get(address),
    highRiskCountry: (iso) => iso !== undefined && HIGH_RISK_COUNTRIES.has(iso),
  };
}
