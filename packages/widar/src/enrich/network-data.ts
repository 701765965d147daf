/**
 * Real public IPv4 prefixes of real ISPs and clouds, with their autonomous system, operator and
 * country. The simulator draws every public IP it writes from this table, so an IP's enrichment
 * (ASN, ISP, country) is true of the real Internet as well as of the simulated tenant; the triage
 * code uses the same table as its offline IP-to-ASN source (`lookupNetwork`).
 *
 * Prefixes are blocks registered to, and announced by, the named AS (a covering allocation, not
 * every more-specific route). City and coordinates are a representative location for the block,
 * as geo-IP databases give for it, not a claim about every address in it.
 */

import { parseIpv6 } from "@widar/kql";

export type NetworkKind = "residential" | "mobile" | "business" | "cloud" | "hosting";

export interface NetworkPrefix {
  readonly asn: number;
  readonly isp: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly state: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly cidr: string;
  readonly kind: NetworkKind;
}

/** Countries a workload identity signing in from is, by policy, high-risk (comprehensively sanctioned or frequent state-actor origin). */
export const HIGH_RISK_COUNTRIES: ReadonlySet<string> = new Set(["RU", "CN", "IR", "KP", "BY", "SY", "CU"]);

const P = (
  asn: number,
  isp: string,
  country: string,
  state: string,
  city: string,
  latitude: number,
  longitude: number,
  cidr: string,
  kind: NetworkKind,
): NetworkPrefix => ({ asn, isp, country, state, city, latitude, longitude, cidr, kind });

export const NETWORK_PREFIXES: readonly NetworkPrefix[] = [
  // Residential and business ISPs where staff work from.
  P(7922, "Comcast Cable Communications, LLC", "US", "Washington", "Seattle", 47.6062, -122.3321, "73.0.0.0/8", "residential"),
  P(7018, "AT&T Services, Inc.", "US", "Washington", "Redmond", 47.674, -122.1215, "12.0.0.0/8", "business"),
  P(3320, "Deutsche Telekom AG", "DE", "Berlin", "Berlin", 52.52, 13.405, "79.192.0.0/10", "residential"),
  P(3320, "Deutsche Telekom AG", "DE", "Bayern", "Munich", 48.1351, 11.582, "91.0.0.0/10", "residential"),
  P(2856, "British Telecommunications PLC", "GB", "England", "London", 51.5074, -0.1278, "86.128.0.0/10", "residential"),
  P(3215, "Orange S.A.", "FR", "Ile-de-France", "Paris", 48.8566, 2.3522, "90.0.0.0/9", "residential"),
  P(24560, "Bharti Airtel Ltd., Telemedia Services", "IN", "Karnataka", "Bengaluru", 12.9716, 77.5946, "122.160.0.0/12", "residential"),
  P(55836, "Reliance Jio Infocomm Limited", "IN", "Maharashtra", "Mumbai", 19.076, 72.8777, "49.36.0.0/14", "mobile"),
  // Clouds where workloads run.
  P(8075, "Microsoft Corporation", "US", "California", "San Jose", 37.3382, -121.8863, "13.64.0.0/11", "cloud"),
  P(8075, "Microsoft Corporation", "US", "Virginia", "Boydton", 36.6676, -78.3875, "52.224.0.0/11", "cloud"),
  P(16509, "Amazon.com, Inc.", "US", "Virginia", "Ashburn", 39.0438, -77.4874, "3.80.0.0/12", "cloud"),
  P(16509, "Amazon.com, Inc.", "DE", "Hesse", "Frankfurt am Main", 50.1109, 8.6821, "18.196.0.0/15", "cloud"),
  P(15169, "Google LLC", "US", "California", "Mountain View", 37.3861, -122.0839, "142.250.0.0/15", "cloud"),
  P(396982, "Google LLC (Google Cloud Platform)", "US", "Iowa", "Council Bluffs", 41.2619, -95.8608, "35.184.0.0/13", "cloud"),
  // Hosting and VPS providers: legitimate, and a favourite of attackers renting a box for an hour.
  P(14061, "DigitalOcean, LLC", "US", "New York", "New York", 40.7128, -74.006, "104.131.0.0/16", "hosting"),
  P(14061, "DigitalOcean, LLC", "US", "California", "Santa Clara", 37.3541, -121.9552, "138.68.0.0/16", "hosting"),
  P(16276, "OVH SAS", "FR", "Hauts-de-France", "Roubaix", 50.6942, 3.1746, "51.38.0.0/16", "hosting"),
  P(16276, "OVH SAS", "FR", "Hauts-de-France", "Gravelines", 50.9865, 2.1281, "137.74.0.0/16", "hosting"),
  P(24940, "Hetzner Online GmbH", "DE", "Sachsen", "Falkenstein", 50.4779, 12.3713, "88.198.0.0/16", "hosting"),
  P(24940, "Hetzner Online GmbH", "FI", "Uusimaa", "Helsinki", 60.1699, 24.9384, "95.216.0.0/16", "hosting"),
  P(20473, "The Constant Company, LLC (Vultr)", "US", "New Jersey", "Piscataway", 40.5549, -74.4643, "45.76.0.0/16", "hosting"),
  P(60781, "LeaseWeb Netherlands B.V.", "NL", "Noord-Holland", "Amsterdam", 52.3676, 4.9041, "85.17.0.0/16", "hosting"),
  // Networks in high-risk countries.
  P(12389, "PJSC Rostelecom", "RU", "Moscow", "Moscow", 55.7558, 37.6173, "95.165.0.0/16", "residential"),
  P(13238, "YANDEX LLC", "RU", "Moscow", "Moscow", 55.7558, 37.6173, "87.250.224.0/19", "hosting"),
  P(200350, "Yandex.Cloud LLC", "RU", "Moscow", "Moscow", 55.7558, 37.6173, "51.250.0.0/17", "cloud"),
  P(4134, "CHINANET-BACKBONE (China Telecom)", "CN", "Chongqing", "Chongqing", 29.563, 106.5516, "61.128.0.0/10", "residential"),
  P(45090, "Shenzhen Tencent Computer Systems Company Limited", "CN", "Guangdong", "Shenzhen", 22.5431, 114.0579, "119.29.0.0/16", "cloud"),
  P(37963, "Hangzhou Alibaba Advertising Co.,Ltd.", "CN", "Hebei", "Zhangjiakou", 40.7686, 114.8869, "47.92.0.0/14", "cloud"),
  P(58224, "Iran Telecommunication Company PJS", "IR", "Tehran", "Tehran", 35.6892, 51.389, "2.176.0.0/12", "residential"),
  P(131279, "Ryugyong-dong (Star Joint Venture Co. Ltd.)", "KP", "Pyongyang", "Pyongyang", 39.0392, 125.7625, "175.45.176.0/22", "business"),
];

/**
 * IPv6 allocations of the same operators (their registered /19–/32 blocks). Entra logs a client's
 * IPv6 address whenever the network gives it one, so enrichment must know these too. Kept apart
 * from the IPv4 table: the simulator draws pools of hosts only from IPv4 blocks.
 */
export const NETWORK_PREFIXES_V6: readonly NetworkPrefix[] = [
  P(7018, "AT&T Services, Inc.", "US", "Washington", "Redmond", 47.674, -122.1215, "2600:1700::/28", "business"),
  P(3320, "Deutsche Telekom AG", "DE", "Berlin", "Berlin", 52.52, 13.405, "2003::/19", "residential"),
  P(7922, "Comcast Cable Communications, LLC", "US", "Washington", "Seattle", 47.6062, -122.3321, "2601::/20", "residential"),
  P(8075, "Microsoft Corporation", "US", "Virginia", "Boydton", 36.6676, -78.3875, "2603:1000::/24", "cloud"),
  P(24940, "Hetzner Online GmbH", "DE", "Sachsen", "Falkenstein", 50.4779, 12.3713, "2a01:4f8::/32", "hosting"),
];

/** An IPv6 address (no prefix) as a 128-bit integer, read as the engine's parse_ipv6 reads it; null for anything else. */
export function ipv6ToBigInt(ip: string): bigint | null {
  if (!ip.includes(":") || ip.includes("/")) return null;
  return parseIpv6(ip)?.addr ?? null;
}

const RANGES6 = NETWORK_PREFIXES_V6.map((prefix) => {
  const [ip, bits] = prefix.cidr.split("/");
  const shift = BigInt(128 - Number(bits));
  return { prefix, net: ipv6ToBigInt(ip!)! >> shift, shift };
});

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (m === null) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    n = n * 256 + o;
  }
  return n;
}

export function intToIp(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** First address and size of a CIDR block. */
export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split("/");
  const base = ipToInt(ip ?? "");
  const len = Number(bits);
  if (base === null || !Number.isInteger(len) || len < 0 || len > 32) throw new Error(`bad CIDR ${cidr}`);
  const size = 2 ** (32 - len);
  return { base: base - (base % size), size };
}

const RANGES = NETWORK_PREFIXES.map((p) => ({ prefix: p, ...parseCidr(p.cidr) }));

/** The table entry whose prefix contains `ip` (the most specific one), or undefined. */
export function lookupNetwork(ip: string): NetworkPrefix | undefined {
  if (ip.includes(":")) return lookupNetwork6(ip);
  const n = ipToInt(ip);
  if (n === null) return undefined;
  let best: (typeof RANGES)[number] | undefined;
  for (const r of RANGES) if (n >= r.base && n < r.base + r.size && (best === undefined || r.size < best.size)) best = r;
  return best?.prefix;
}

// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737), as /24 numbers.
const DOCUMENTATION_24 = new Set([(192 * 256 + 0) * 256 + 2, (198 * 256 + 51) * 256 + 100, (203 * 256 + 0) * 256 + 113]);

/**
 * Whether an address is public (not private, loopback, link-local, shared, documentation or
 * multicast space): only a public address has a network worth looking up.
 */
export function isPublicAddress(ip: string): boolean {
  const v4 = ipToInt(ip);
  if (v4 !== null) {
    const a = Math.floor(v4 / 16777216);
    const b = Math.floor(v4 / 65536) % 256;
    return !(
      a === 0 || a === 10 || a === 127 || a >= 224 ||
      (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) || DOCUMENTATION_24.has(Math.floor(v4 / 256))
    );
  }
  const v6 = ipv6ToBigInt(ip);
  if (v6 === null) return false;
  // Global unicast is 2000::/3; 2001:db8::/32 is documentation.
  return v6 >> 125n === 1n && v6 >> 96n !== 0x20010db8n;
}

function lookupNetwork6(ip: string): NetworkPrefix | undefined {
  const n = ipv6ToBigInt(ip);
  if (n === null) return undefined;
  let best: (typeof RANGES6)[number] | undefined;
  for (const r of RANGES6) if (n >> r.shift === r.net && (best === undefined || r.shift < best.shift)) best = r;
  return best?.prefix;
}

/**
 * The `index`-th usable host of a prefix, spread so that nearby indexes land in different /24s
 * (a real ISP hands neighbours addresses from different pools). Never the network or broadcast
 * address of a /24.
 */
export function hostInPrefix(prefix: NetworkPrefix, index: number): string {
  const { base, size } = parseCidr(prefix.cidr);
  if (size <= 256) return intToIp(base + 1 + (index % (size - 2)));
  const blocks = size / 256;
  const block = (index * 2654435761) % blocks;
  const host = 1 + ((index * 40503) % 253);
  return intToIp(base + block * 256 + host);
}

export function prefixesIn(country: string): NetworkPrefix[] {
  return NETWORK_PREFIXES.filter((p) => p.country === country);
}

export function prefixesOf(asn: number): NetworkPrefix[] {
  return NETWORK_PREFIXES.filter((p) => p.asn === asn);
}

export function isHighRisk(prefix: NetworkPrefix): boolean {
  return HIGH_RISK_COUNTRIES.has(prefix.country);
}

/** The `LocationDetails` object Entra writes for an IP in this prefix. */
export function locationDetails(prefix: NetworkPrefix): {
  city: string;
  state: string;
  countryOrRegion: string;
  geoCoordinates: { latitude: number; longitude: number };
} {
  return {
    city: prefix.city,
    state: prefix.state,
    countryOrRegion: prefix.country,
    geoCoordinates: { latitude: prefix.latitude, longitude: prefix.longitude },
  };
}
