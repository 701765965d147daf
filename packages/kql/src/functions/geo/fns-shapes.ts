/**
 * Geospatial functions measuring and reshaping lines and polygons: `geo_line_length`,
 * `geo_line_centroid`, `geo_line_interpolate_point`, `geo_line_locate_point`,
 * `geo_line_densify`, `geo_line_simplify`, `geo_polygon_area`, `geo_polygon_perimeter`,
 * `geo_polygon_centroid`, `geo_polygon_densify`, `geo_polygon_simplify`,
 * `geo_simplify_polygons_array`.
 *
 * Tolerances are meters (default 10). Densify splits an edge where the straight lon/lat segment
 * strays from the geodesic by more than the tolerance; simplify is Douglas–Peucker with geodesic
 * distances; a result that collapses (a line shorter than the tolerance, a ring of fewer than
 * three vertices) is null, as the simplify pages' examples show.
 */
import type { Json, Value } from "../../types.js";
import type { ScalarFunction } from "../registry-types.js";
import { geo, geoValue, numberArg } from "./args.js";
import { type Coord, type PolygonRings, lineJson, pointJson, polygonsJson, readLines, readPolygons } from "./geojson.js";
import {
  EARTH_RADIUS_M,
  type Vec,
  add,
  angle,
  distanceToEdges,
  edgeCentroid,
  interpolateAtDistance,
  normalize,
  ringArea,
  ringCentroid,
  scale,
  toCoord,
  toVec,
} from "./sphere.js";
import { nearestOnEdges } from "./fns-points.js";
import { union } from "./overlay.js";

const MAX_TOLERANCE = 1e4;

function chainLength(c: readonly Coord[], closed: boolean): number {
  let s = 0;
  const n = c.length;
  for (let i = 0; i + 1 < n + (closed ? 1 : 0); i++) s += angle(toVec(c[i]!), toVec(c[(i + 1) % n]!));
  return s;
}

/** The point at a fraction of a polyline's length. */
function interpolate(line: readonly Coord[], fraction: number): Coord {
  const pts = line.map(toVec);
  const total = chainLength(line, false);
  let target = fraction * total;
  for (let i = 0; i + 1 < pts.length; i++) {
    const len = angle(pts[i]!, pts[i + 1]!);
    if (target <= len || i + 2 === pts.length) return toCoord(interpolateAtDistance(Math.min(target, len), pts[i]!, pts[i + 1]!));
    target -= len;
  }
  return line[line.length - 1]!;
}

/** The fraction of a polyline's length at which the point nearest to c lies. */
function locate(line: readonly Coord[], c: Coord): number {
  const { point } = nearestOnEdges(c, [line], false);
  const p = toVec(point);
  const pts = line.map(toVec);
  let best = { d: Number.POSITIVE_INFINITY, along: 0 };
  let before = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const len = angle(pts[i]!, pts[i + 1]!);
    const d = Math.abs(angle(pts[i]!, p) + angle(p, pts[i + 1]!) - len);
    if (d < best.d) best = { d, along: before + angle(pts[i]!, p) };
    before += len;
  }
  return before === 0 ? 0 : Math.min(1, best.along / before);
}

/** Extra points on each edge so that the lon/lat segment stays within `tol` meters of the geodesic. */
function densify(chain: readonly Coord[], closed: boolean, tol: number): Coord[] {
  const out: Coord[] = [];
  const n = chain.length;
  for (let i = 0; i < n; i++) {
    out.push(chain[i]!);
    if (!closed && i + 1 === n) break;
    const a = chain[i]!;
    const b = chain[(i + 1) % n]!;
    const va = toVec(a);
    const vb = toVec(b);
    const mid = normalize(add(va, vb));
    const flatMid = toVec([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
    const deviation = angle(mid, flatMid) * EARTH_RADIUS_M;
    if (deviation <= tol) continue;
    // The deviation shrinks with the square of the piece's length.
    const pieces = Math.min(1000, Math.ceil(Math.sqrt(deviation / tol)));
    const len = angle(va, vb);
    for (let k = 1; k < pieces; k++) out.push(toCoord(interpolateAtDistance((len * k) / pieces, va, vb)));
  }
  return out;
}

/** Douglas–Peucker: the vertices farther than `tol` (radians) from the chord, recursively. */
function simplifyChain(c: readonly Coord[], tol: number): Coord[] {
  if (c.length <= 2) return [...c];
  const pts = c.map(toVec);
  const keep = new Uint8Array(c.length);
  keep[0] = 1;
  keep[c.length - 1] = 1;
  const stack: [number, number][] = [[0, c.length - 1]];
  while (stack.length > 0) {
    const [s, e] = stack.pop()!;
    let worst = -1;
    let at = -1;
    for (let i = s + 1; i < e; i++) {
      const d = distanceToEdges(pts[i]!, [pts[s]!, pts[e]!], false);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (at >= 0 && worst > tol) {
      keep[at] = 1;
      stack.push([s, at], [at, e]);
    }
  }
  return c.filter((_, i) => keep[i] === 1);
}

function simplifyRing(r: readonly Coord[], tol: number): Coord[] | null {
  const s = simplifyChain([...r, r[0]!], tol).slice(0, -1);
  return s.length >= 3 ? s : null;
}

function simplifyPolygons(polys: readonly PolygonRings[], tol: number): PolygonRings[] | null {
  const out: PolygonRings[] = [];
  for (const p of polys) {
    const outer = simplifyRing(p[0]!, tol);
    if (outer === null) continue;
    const holes = p.slice(1).flatMap((h) => { const s = simplifyRing(h, tol); return s === null ? [] : [s]; });
    out.push([outer, ...holes]);
  }
  return out.length === 0 ? null : out;
}

const polygonArea = (p: PolygonRings) => ringArea(p[0]!) - p.slice(1).reduce((s, h) => s + ringArea(h), 0);

function centroidOf(polys: readonly PolygonRings[]): Coord {
  let s: Vec = [0, 0, 0];
  for (const p of polys) {
    s = add(s, ringCentroid(p[0]!));
    for (const h of p.slice(1)) s = add(s, scale(ringCentroid(h), -1));
  }
  return toCoord(normalize(s));
}

function tolerance(t: number | null): number | null {
  return t === null || !(t > 0) || t > MAX_TOLERANCE ? null : t;
}

/** Several polygons as their union (one stays as it is). */
function merged(polys: PolygonRings[] | null): PolygonRings[] | null {
  return polys === null || polys.length < 2 ? polys : union(polys);
}

const shape = (i: number) => (args: readonly Value[]) => geoValue(args[i] ?? null);

export const geoShapeFunctions: readonly ScalarFunction[] = [
  geo("geo_line_length", () => (a) => {
    const lines = readLines(shape(0)(a));
    return lines === null ? null : lines.reduce((s, l) => s + chainLength(l, false), 0) * EARTH_RADIUS_M;
  }),
  geo("geo_line_centroid", () => (a) => {
    const lines = readLines(shape(0)(a));
    if (lines === null) return null;
    let s: Vec = [0, 0, 0];
    for (const l of lines) for (let i = 0; i + 1 < l.length; i++) s = add(s, edgeCentroid(toVec(l[i]!), toVec(l[i + 1]!)));
    return pointJson(toCoord(normalize(s)));
  }),
  geo("geo_line_interpolate_point", (site) => {
    const f = numberArg(site, 1);
    return (a) => {
      const lines = readLines(shape(0)(a));
      const fraction = f(a);
      if (lines === null || lines.length !== 1 || fraction === null || fraction < 0 || fraction > 1) return null;
      return pointJson(interpolate(lines[0]!, fraction));
    };
  }),
  geo("geo_line_locate_point", (site) => {
    const x = numberArg(site, 1);
    const y = numberArg(site, 2);
    return (a) => {
      const lines = readLines(shape(0)(a));
      const lng = x(a);
      const lat = y(a);
      if (lines === null || lines.length !== 1 || lng === null || lat === null || Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
      return locate(lines[0]!, [lng, lat]);
    };
  }),
  geo("geo_line_densify", (site) => {
    const t = numberArg(site, 1, 10);
    return (a) => {
      const lines = readLines(shape(0)(a));
      const tol = tolerance(t(a));
      if (lines === null || tol === null) return null;
      const out = lines.map((l) => densify(l, false, tol));
      return out.length === 1 ? lineJson(out[0]!) : { type: "MultiLineString", coordinates: out.map((l) => l.map((c) => [c[0], c[1]])) };
    };
  }),
  geo("geo_line_simplify", (site) => {
    const t = numberArg(site, 1, 10);
    return (a) => {
      const lines = readLines(shape(0)(a));
      const tolM = t(a);
      if (lines === null || tolM === null || tolM < 0) return null;
      const tol = tolM / EARTH_RADIUS_M;
      const out = lines.map((l) => simplifyChain(l, tol)).filter((l) => chainLength(l, false) > tol);
      if (out.length === 0) return null;
      return out.length === 1 ? lineJson(out[0]!) : { type: "MultiLineString", coordinates: out.map((l) => l.map((c) => [c[0], c[1]])) };
    };
  }),
  // A MultiPolygon's measures are its union's (the area page: "polygons_union_area").
  geo("geo_polygon_area", () => (a) => {
    const polys = merged(readPolygons(shape(0)(a)));
    return polys === null ? null : polys.reduce((s, p) => s + polygonArea(p), 0) * EARTH_RADIUS_M ** 2;
  }),
  geo("geo_polygon_perimeter", () => (a) => {
    const polys = merged(readPolygons(shape(0)(a)));
    return polys === null ? null : polys.flat().reduce((s, r) => s + chainLength(r, true), 0) * EARTH_RADIUS_M;
  }),
  geo("geo_polygon_centroid", () => (a) => {
    const polys = merged(readPolygons(shape(0)(a)));
    return polys === null ? null : pointJson(centroidOf(polys));
  }),
  geo("geo_polygon_densify", (site) => {
    const t = numberArg(site, 1, 10);
    return (a) => {
      const polys = readPolygons(shape(0)(a));
      const tol = tolerance(t(a));
      if (polys === null || tol === null) return null;
      return polygonsJson(polys.map((p) => p.map((r) => densify(r, true, tol))));
    };
  }),
  geo("geo_polygon_simplify", (site) => {
    const t = numberArg(site, 1, 10);
    return (a) => {
      const polys = readPolygons(shape(0)(a));
      const tolM = t(a);
      if (polys === null || tolM === null || tolM < 0) return null;
      const out = simplifyPolygons(polys, tolM / EARTH_RADIUS_M);
      return out === null ? null : polygonsJson(out);
    };
  }),
  geo("geo_simplify_polygons_array", (site) => {
    const t = numberArg(site, 1, 10);
    return (a) => {
      const arr = a[0] ?? null;
      const tolM = t(a);
      if (!Array.isArray(arr) || tolM === null || tolM < 0) return null;
      const all: PolygonRings[] = [];
      for (const v of arr) {
        const p = readPolygons(v as Json);
        if (p === null) return null;
        all.push(...p);
      }
      const out = simplifyPolygons(all, tolM / EARTH_RADIUS_M);
      return out === null ? null : polygonsJson(out);
    };
  }),
];
