/**
 * widar's offline IP geolocation: the network table's blocks (./network-data.ts), answered in
 * the shape of geo_info_from_ip_address — country and state by English name, as the GeoLite2
 * data behind the Kusto function names them — so that rules using the function run unchanged.
 * An address outside the table is unknown (null): the table covers the networks the simulated
 * tenants use and common cloud and hosting blocks, not the whole Internet.
 */
import type { IpLocation, IpLocator } from "@widar/kql";
import { lookupNetwork } from "./network-data.js";

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

/** The country name of an ISO code (the code itself when the table has no name for it). */
export const countryName = (iso: string): string => COUNTRY_NAMES[iso] ?? iso;

// A query asks for the same few thousand addresses on every row: remember the answers.
const known = new Map<string, IpLocation | null>();
const MAX_KNOWN = 100_000;

export const offlineIpLocator: IpLocator = (ip: string): IpLocation | null => {
  let g = known.get(ip);
  if (g !== undefined) return g;
  const p = lookupNetwork(ip);
  g = p === undefined ? null : { country: countryName(p.country), state: p.state, city: p.city, latitude: p.latitude, longitude: p.longitude };
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(ip, g);
  return g;
};
