/**
 * The whole Internet's IP-to-ASN and IP-to-country data, from installed packages, for addresses
 * widar's curated table (network-data.ts) does not hold — that is, most addresses of a real
 * tenant's logs:
 *   - @ip-location-db/asn: RouteViews, DB-IP and NRO data (CC BY 4.0): range → AS number, organisation;
 *   - @ip-location-db/geo-whois-asn-country: NRO whois and ASN data (CC BY 4.0): range → country.
 * Both ship as sorted, non-overlapping numeric ranges (`*-num.csv`). They are read once, on the
 * first lookup that needs them (about a second), into typed arrays searched by bisection. Nothing
 * is downloaded: the data is what `npm ci` installed. If the packages are missing or unreadable,
 * addresses outside the curated table are unknown (the report shows an empty network), and
 * `datasetsAvailable()` says so for a caller that wants to tell the user.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ipToInt, ipv6ToBigInt } from "./network-data.js";

export interface DatasetAnswer {
  readonly asn?: number;
  readonly organisation?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country?: string;
}

interface Ranges4 {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly values: Uint32Array;
}
interface Ranges6 {
  readonly starts: bigint[];
  readonly ends: bigint[];
  readonly values: number[];
}
interface Table {
  readonly v4: Ranges4;
  readonly v6: Ranges6;
  /** Distinct value texts (organisations or country codes); `values` index them. */
  readonly texts: string[];
  /** AS numbers, for the ASN table (parallel to the rows' values). */
  readonly asns?: Uint32Array;
  readonly asns6?: number[];
}

const ASN_PACKAGE = "@ip-location-db/asn";
const COUNTRY_PACKAGE = "@ip-location-db/geo-whois-asn-country";

function packageFile(pkg: string, file: string): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), file);
  } catch {
    return undefined;
  }
}

/** A CSV field at the end of a line: `Cloudflare, Inc.` from `"Cloudflare, Inc."`. */
function lastField(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s;
}

/** Reads `start,end,[asn,]text` lines; `withAsn`: the third field is an AS number. */
function readTable(v4File: string, v6File: string, withAsn: boolean): Table {
  const texts: string[] = [];
  const index = new Map<string, number>();
  const intern = (t: string): number => {
    let i = index.get(t);
    if (i === undefined) {
      i = texts.length;
      texts.push(t);
      index.set(t, i);
    }
    return i;
  };
  const split = (line: string): [string, string, string, string] | undefined => {
    const a = line.indexOf(",");
    const b = line.indexOf(",", a + 1);
    if (a < 0 || b < 0) return undefined;
    if (!withAsn) return [line.slice(0, a), line.slice(a + 1, b), "", lastField(line.slice(b + 1))];
    const c = line.indexOf(",", b + 1);
    if (c < 0) return undefined;
    return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), lastField(line.slice(c + 1))];
  };

  const lines4 = readFileSync(v4File, "utf8").split("\n");
  const starts = new Uint32Array(lines4.length);
  const ends = new Uint32Array(lines4.length);
  const values = new Uint32Array(lines4.length);
  const asns = new Uint32Array(withAsn ? lines4.length : 0);
  let n = 0;
  for (const line of lines4) {
    const f = split(line);
    if (f === undefined) continue;
    starts[n] = Number(f[0]);
    ends[n] = Number(f[1]);
    if (withAsn) asns[n] = Number(f[2]);
    values[n] = intern(f[3]);
    n++;
  }
  const v6: Ranges6 = { starts: [], ends: [], values: [] };
  const asns6: number[] = [];
  for (const line of readFileSync(v6File, "utf8").split("\n")) {
    const f = split(line);
    if (f === undefined) continue;
    v6.starts.push(BigInt(f[0]));
    v6.ends.push(BigInt(f[1]));
    if (withAsn) asns6.push(Number(f[2]));
    v6.values.push(intern(f[3]));
  }
  return {
    v4: { starts: starts.subarray(0, n), ends: ends.subarray(0, n), values: values.subarray(0, n) },
    v6,
    texts,
    ...(withAsn ? { asns: asns.subarray(0, n), asns6 } : {}),
  };
}

/** The row whose range holds `x` (ranges sorted and disjoint), or -1. */
function bisect<T extends number | bigint>(starts: ArrayLike<T>, ends: ArrayLike<T>, x: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && x <= ends[hi]! ? hi : -1;
}

let asnTable: Table | null | undefined;
let countryTable: Table | null | undefined;

function load(pkg: string, v4: string, v6: string, withAsn: boolean): Table | null {
  const f4 = packageFile(pkg, v4);
  const f6 = packageFile(pkg, v6);
  if (f4 === undefined || f6 === undefined) return null;
  try {
    return readTable(f4, f6, withAsn);
  } catch {
    return null;
  }
}

/** Whether the installed datasets could be read (false: addresses outside the curated table are unknown). */
export function datasetsAvailable(): boolean {
  asnTable ??= load(ASN_PACKAGE, "asn-ipv4-num.csv", "asn-ipv6-num.csv", true);
  countryTable ??= load(COUNTRY_PACKAGE, "geo-whois-asn-country-ipv4-num.csv", "geo-whois-asn-country-ipv6-num.csv", false);
  return asnTable !== null && countryTable !== null;
}

/** What the installed datasets say of a public IPv4 or IPv6 address ({} when they say nothing). */
export function lookupDatasets(address: string): DatasetAnswer {
  datasetsAvailable();
  const v4 = ipToInt(address);
  const v6 = v4 === null && address.includes(":") ? ipv6ToBigInt(address) : null;
  if (v4 === null && v6 === null) return {};
  const out: { asn?: number; organisation?: string; country?: string } = {};
  if (asnTable) {
    const i = v4 !== null ? bisect(asnTable.v4.starts, asnTable.v4.ends, v4) : bisect(asnTable.v6.starts, asnTable.v6.ends, v6!);
    if (i >= 0) {
      out.asn = v4 !== null ? asnTable.asns![i]! : asnTable.asns6![i]!;
      out.organisation = asnTable.texts[v4 !== null ? asnTable.v4.values[i]! : asnTable.v6.values[i]!]!;
    }
  }
  if (countryTable) {
    const i = v4 !== null ? bisect(countryTable.v4.starts, countryTable.v4.ends, v4) : bisect(countryTable.v6.starts, countryTable.v6.ends, v6!);
    if (i >= 0) out.country = countryTable.texts[v4 !== null ? countryTable.v4.values[i]! : countryTable.v6.values[i]!]!;
  }
  return out;
}
