/**
 * Spherical geometry as Kusto computes it: the S2 library's model — a sphere of radius
 * 6,371,010 m (S2's Earth radius; the geo_distance_2points page's example is exact with it),
 * points as unit vectors, edges as geodesics (great-circle arcs). The formulas follow S2's
 * (angles by atan2 of cross and dot products, true centroids, projections onto edges).
 */
import type { Coord, Ring } from "./geojson.js";

export const EARTH_RADIUS_M = 6371010;

export type Vec = readonly [number, number, number];

const RAD = Math.PI / 180;

export function toVec(c: Coord): Vec {
  const lng = c[0] * RAD;
  const lat = c[1] * RAD;
  const cl = Math.cos(lat);
  return [cl * Math.cos(lng), cl * Math.sin(lng), Math.sin(lat)];
}

export function toCoord(v: Vec): Coord {
  return [Math.atan2(v[1], v[0]) / RAD, Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD];
}

export const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];
export const norm = (a: Vec) => Math.sqrt(dot(a, a));

export function normalize(a: Vec): Vec {
  const n = norm(a);
  return n === 0 ? a : scale(a, 1 / n);
}

/** The angle between two unit vectors (radians), accurate for small and large angles. */
export function angle(a: Vec, b: Vec): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

export function distanceMeters(a: Coord, b: Coord): number {
  return angle(toVec(a), toVec(b)) * EARTH_RADIUS_M;
}

/** Signed area of the spherical triangle abc (positive when counter-clockwise). */
export function signedTriangleArea(a: Vec, b: Vec, c: Vec): number {
  return 2 * Math.atan2(dot(a, cross(b, c)), 1 + dot(a, b) + dot(b, c) + dot(c, a));
}

/** Signed area (steradians) of a ring, by a triangle fan from its first vertex. */
export function signedRingArea(r: Ring): number {
  const p = r.map(toVec);
  let s = 0;
  for (let i = 1; i + 1 < p.length; i++) s += signedTriangleArea(p[0]!, p[i]!, p[i + 1]!);
  return s;
}

/** A ring's area (steradians): the smaller of the two regions it bounds. */
export function ringArea(r: Ring): number {
  const a = Math.abs(signedRingArea(r));
  return Math.min(a, 4 * Math.PI - a);
}

/** S2's TrueCentroid of a triangle: its centroid times its area (not normalised). */
export function triangleCentroid(a: Vec, b: Vec, c: Vec): Vec {
  const angA = angle(b, c);
  const angB = angle(c, a);
  const angC = angle(a, b);
  const ra = angA === 0 ? 1 : angA / Math.sin(angA);
  const rb = angB === 0 ? 1 : angB / Math.sin(angB);
  const rc = angC === 0 ? 1 : angC / Math.sin(angC);
  const x: Vec = [a[0], b[0] - a[0], c[0] - a[0]];
  const y: Vec = [a[1], b[1] - a[1], c[1] - a[1]];
  const z: Vec = [a[2], b[2] - a[2], c[2] - a[2]];
  const r: Vec = [ra, rb - ra, rc - ra];
  return scale([dot(cross(y, z), r), dot(cross(z, x), r), dot(cross(x, y), r)], 0.5);
}

/** A ring's area-weighted centroid (S2Loop::GetCentroid), oriented as its smaller region. */
export function ringCentroid(r: Ring): Vec {
  const p = r.map(toVec);
  let s: Vec = [0, 0, 0];
  for (let i = 1; i + 1 < p.length; i++) s = add(s, triangleCentroid(p[0]!, p[i]!, p[i + 1]!));
  return signedRingArea(r) < 0 ? scale(s, -1) : s;
}

/** S2's TrueCentroid of an edge: towards its midpoint, with length 2·sin(θ/2)·… (length-weighted). */
export function edgeCentroid(a: Vec, b: Vec): Vec {
  const vsum = add(a, b);
  const sin2 = dot(sub(a, b), sub(a, b));
  const cos2 = dot(vsum, vsum);
  return cos2 === 0 ? [0, 0, 0] : scale(vsum, Math.sqrt(sin2 / cos2));
}

/** The point at distance `ax` (radians) from a towards b along their geodesic. */
export function interpolateAtDistance(ax: number, a: Vec, b: Vec): Vec {
  const tangent = cross(cross(a, b), a);
  const tn = norm(tangent);
  if (tn === 0) return a;
  return normalize(add(scale(a, Math.cos(ax)), scale(tangent, Math.sin(ax) / tn)));
}

/** The point of edge ab closest to x (S2::Project). */
export function projectOnEdge(x: Vec, a: Vec, b: Vec): Vec {
  const n = cross(a, b);
  const n2 = dot(n, n);
  if (n2 === 0) return a;
  const p = sub(x, scale(n, dot(x, n) / n2));
  if (dot(cross(n, a), p) > 0 && dot(cross(p, b), n) > 0) return normalize(p);
  return dot(sub(x, a), sub(x, a)) <= dot(sub(x, b), sub(x, b)) ? a : b;
}

/** Whether edges ab and cd cross at a point interior to both (S2's SimpleCrossing). */
export function edgesCross(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const ab = cross(a, b);
  const acb = -dot(ab, c);
  const bda = dot(ab, d);
  if (acb * bda <= 0) return false;
  const cd = cross(c, d);
  const cbd = -dot(cd, b);
  const dac = dot(cd, a);
  return acb * cbd > 0 && acb * dac > 0;
}

/** The crossing point of edges ab and cd (assumed to cross). */
export function edgeIntersection(a: Vec, b: Vec, c: Vec, d: Vec): Vec {
  let x = normalize(cross(cross(a, b), cross(c, d)));
  // Of ±x, the one on the edges: nearer to the edges' midpoints.
  const mid = add(add(a, b), add(c, d));
  if (dot(x, mid) < 0) x = scale(x, -1);
  return x;
}

/** Initial bearing from a to b, radians clockwise from north in [0, 2π). */
export function azimuth(a: Coord, b: Coord): number {
  const p1 = a[1] * RAD;
  const p2 = b[1] * RAD;
  const dl = (b[0] - a[0]) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  const t = Math.atan2(y, x);
  return t < 0 ? t + 2 * Math.PI : t;
}

/** What ringContains needs of a ring, computed once per ring. */
interface RingInfo {
  readonly pts: readonly Vec[];
  readonly outside: Vec;
  /** A lon/lat box holding the ring's region (null: too large or across the antimeridian to box). */
  readonly box: { minLng: number; maxLng: number; minLat: number; maxLat: number } | null;
}

const ringInfos = new WeakMap<Ring, RingInfo>();

/** Degrees a geodesic edge can stray from the straight lon/lat segment (generous). */
export function edgeBulge(a: Coord, b: Coord): number {
  const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return d * d * 0.02 + 1e-9;
}

function ringInfo(r: Ring): RingInfo {
  let info = ringInfos.get(r);
  if (info === undefined) {
    let box: RingInfo["box"] = { minLng: 180, maxLng: -180, minLat: 90, maxLat: -90 };
    r.forEach((c, i) => {
      const pad = edgeBulge(c, r[(i + 1) % r.length]!);
      box!.minLng = Math.min(box!.minLng, c[0] - pad);
      box!.maxLng = Math.max(box!.maxLng, c[0] + pad);
      box!.minLat = Math.min(box!.minLat, c[1] - pad);
      box!.maxLat = Math.max(box!.maxLat, c[1] + pad);
    });
    if (box.maxLng - box.minLng > 180 || box.maxLat > 85 || box.minLat < -85) box = null;
    info = { pts: r.map(toVec), outside: scale(normalize(ringCentroid(r)), -1), box };
    ringInfos.set(r, info);
  }
  return info;
}

/**
 * Whether point x lies inside a ring (its smaller region): the geodesic from x to a point
 * outside the ring (the antipode of its centroid) crosses the ring's edges an odd number of times.
 */
export function ringContains(r: Ring, x: Vec): boolean {
  const { pts: p, outside, box } = ringInfo(r);
  if (box !== null) {
    const [lng, lat] = toCoord(x);
    if (lng < box.minLng || lng > box.maxLng || lat < box.minLat || lat > box.maxLat) return false;
  }
  // The path x → m → outside, in two legs shorter than half a great circle (SimpleCrossing's
  // domain) even when x is near the centroid (and so nearly antipodal to `outside`).
  const sum = add(x, outside);
  const m = norm(sum) > 0.5 ? normalize(sum) : normalize(cross(x, Math.abs(x[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]));
  let crossings = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = p[(i + 1) % p.length]!;
    if (edgesCross(x, m, a, b)) crossings++;
    if (edgesCross(m, outside, a, b)) crossings++;
  }
  return crossings % 2 === 1;
}

/** Distance (radians) from x to the nearest point of a polyline's edges. */
export function distanceToEdges(x: Vec, pts: readonly Vec[], closed: boolean): number {
  let best = Number.POSITIVE_INFINITY;
  const n = pts.length;
  for (let i = 0; i + 1 < n + (closed ? 1 : 0); i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % n]!;
    best = Math.min(best, angle(x, projectOnEdge(x, a, b)));
  }
  return best;
}
