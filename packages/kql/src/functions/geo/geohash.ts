/**
 * Geohash (Gustavo Niemeyer's public-domain scheme): base-32 interleaved longitude/latitude bits,
 * longitude first. Used by geo_point_to_geohash, geo_geohash_to_central_point,
 * geo_geohash_to_polygon and geo_geohash_neighbors.
 */
const ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

export interface GeohashBox {
  readonly minLng: number;
  readonly maxLng: number;
  readonly minLat: number;
  readonly maxLat: number;
}

export function encodeGeohash(lng: number, lat: number, length: number): string {
  let [lo0, hi0, lo1, hi1] = [-180, 180, -90, 90];
  let out = "";
  let bit = 0;
  let ch = 0;
  let even = true;
  while (out.length < length) {
    if (even) {
      const mid = (lo0 + hi0) / 2;
      if (lng >= mid) {
        ch = ch * 2 + 1;
        lo0 = mid;
      } else {
        ch *= 2;
        hi0 = mid;
      }
    } else {
      const mid = (lo1 + hi1) / 2;
      if (lat >= mid) {
        ch = ch * 2 + 1;
        lo1 = mid;
      } else {
        ch *= 2;
        hi1 = mid;
      }
    }
    even = !even;
    if (++bit === 5) {
      out += ALPHABET[ch];
      bit = 0;
      ch = 0;
    }
  }
  return out;
}

/** The cell of a geohash (case-insensitive), or null when it is not one (1–18 characters). */
export function decodeGeohash(hash: string): GeohashBox | null {
  const h = hash.toLowerCase();
  if (h.length === 0 || h.length > 18) return null;
  let [minLng, maxLng, minLat, maxLat] = [-180, 180, -90, 90];
  let even = true;
  for (const c of h) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const on = ((v >> b) & 1) === 1;
      if (even) {
        const mid = (minLng + maxLng) / 2;
        if (on) minLng = mid;
        else maxLng = mid;
      } else {
        const mid = (minLat + maxLat) / 2;
        if (on) minLat = mid;
        else maxLat = mid;
      }
      even = !even;
    }
  }
  return { minLng, maxLng, minLat, maxLat };
}

/**
 * The eight neighbours of a geohash, in the order the geo_geohash_neighbors page lists them
 * (south-west, north-west, south-east, north, west, north-east, east, south); cells beyond a
 * pole are left out and longitude wraps around.
 */
export function geohashNeighbors(hash: string): string[] | null {
  const box = decodeGeohash(hash);
  if (box === null) return null;
  const w = box.maxLng - box.minLng;
  const h = box.maxLat - box.minLat;
  const cLng = (box.minLng + box.maxLng) / 2;
  const cLat = (box.minLat + box.maxLat) / 2;
  const out: string[] = [];
  for (const [dx, dy] of NEIGHBOR_ORDER) {
    const lat = cLat + dy * h;
    if (lat > 90 || lat < -90) continue;
    let lng = cLng + dx * w;
    if (lng > 180) lng -= 360;
    if (lng < -180) lng += 360;
    out.push(encodeGeohash(lng, lat, hash.length));
  }
  return out;
}

/** Offsets (in cell widths/heights) of the neighbours, in output order. */
const NEIGHBOR_ORDER: readonly (readonly [number, number])[] = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [0, 1],
  [-1, 0],
  [1, 1],
  [1, 0],
  [0, -1],
];
