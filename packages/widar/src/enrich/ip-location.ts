/**
 * widar's offline IP geolocation: the network table's blocks (./network-data.ts), answered in
 * the shape of geo_info_from_ip_address — country and state by English name, as the GeoLite2
 * data behind the Kusto function names them — so that rules using the function run unchanged.
 * Addresses outside the table get their country from the installed whois-level datasets
 * (./ip-datasets.ts), without state, city or coordinates; private and unknown addresses are null.
 */
import type { IpLocation, IpLocator } from "@widar/kql";
import { lookupDatasets } from "./ip-datasets.js";
import { isPublicAddress, lookupNetwork } from "./network-data.js";

/** ISO 3166-1 alpha-2 → the country's name as GeoLite2 writes it. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  BY: "Belarus",
  CN: "China",
  CU: "Cuba",
  DE: "Germany",
  FI: "Finland",
  FR: "France",
  GB: "United Kingdom",
  IN: "India",
  IR: "Iran",
  KP: "North Korea",
  NL: "The Netherlands",
  RU: "Russia",
  SY: "Syria",
  US: "United States",
};

// Made on first use: the CLI's startup snapshot cannot hold Intl objects.
let regionNames: Intl.DisplayNames | undefined;

/** The country name of an ISO code (GeoLite2's spelling where it differs from Unicode's English name). */
export const countryName = (iso: string): string => {
  if (COUNTRY_NAMES[iso] !== undefined) return COUNTRY_NAMES[iso];
  try {
    regionNames ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
    return regionNames.of(iso) ?? iso;
  } catch {
    return iso;
  }
};

// A query asks for the same few thousand addresses on every row: remember the answers.
const known = new Map<string, IpLocation | null>();
const MAX_KNOWN = 100_000;

export const offlineIpLocator: IpLocator = (ip: string): IpLocation | null => {
  let g = known.get(ip);
  if (g !== undefined) return g;
  const p = lookupNetwork(ip);
  if (p !== undefined) g = { country: countryName(p.country), state: p.state, city: p.city, latitude: p.latitude, longitude: p.longitude };
  else {
    // The installed whois-level data: the country, nothing finer.
    const country = isPublicAddress(ip) ? lookupDatasets(ip).country : undefined;
    g = country === undefined ? null : { country: countryName(country), state: "", city: "", latitude: null, longitude: null };
  }
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(ip, g);
  return g;
};
