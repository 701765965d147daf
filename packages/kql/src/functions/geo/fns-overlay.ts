/**
 * Geospatial functions that combine shapes: `geo_union_polygons_array`,
 * `geo_intersects_2polygons`, `geo_intersection_2polygons`, `geo_intersects_2lines`,
 * `geo_intersection_2lines`, `geo_intersects_line_with_polygon`,
 * `geo_intersection_line_with_polygon`, `geo_union_lines_array`, and the buffers
 * `geo_point_buffer`, `geo_line_buffer`, `geo_polygon_buffer` (see overlay.ts).
 *
 * Results: one polygon is a Polygon, several a MultiPolygon; an intersection of polygons that
 * only touch is the Point (or line) they share; nothing is an empty GeometryCollection. A
 * buffer is drawn with geodesic edges whose chords stay within `tolerance` meters (default 0.1)
 * of the true circle, up to 1024 vertices per circle.
 */
import type { Json, Value } from "../../types.js";
import type { ScalarFunction } from "../registry-types.js";
import { coordArgs, geo, geoValue, numberArg } from "./args.js";
import { type Coord, type PolygonRings, lineJson, pointJson, polygonsJson, readLines, readPolygons } from "./geojson.js";
import { insidePolygon, intersection, union } from "./overlay.js";
import { EARTH_RADIUS_M, add, angle, edgeIntersection, edgesCross, normalize, projectOnEdge, toCoord, toVec } from "./sphere.js";

const RAD = Math.PI / 180;
const EPS = 1e-12;
const MAX_RADIUS_M = 1e6;

/** The point at distance d (meters) and bearing az (radians) from c. */
function destination(c: Coord, az: number, d: number): Coord {
  const lat = c[1] * RAD;
  const lng = c[0] * RAD;
  const r = d / EARTH_RADIUS_M;
  const lat2 = Math.asin(Math.sin(lat) * Math.cos(r) + Math.cos(lat) * Math.sin(r) * Math.cos(az));
  const lng2 = lng + Math.atan2(Math.sin(az) * Math.sin(r) * Math.cos(lat), Math.cos(r) - Math.sin(lat) * Math.sin(lat2));
  let l = lng2 / RAD;
  while (l > 180) l -= 360;
  while (l < -180) l += 360;
  return [l, lat2 / RAD];
}

function circleVertices(radius: number, tolerance: number): number {
  const ratio = Math.min(1, tolerance / radius);
  return Math.max(8, Math.min(1024, Math.ceil(Math.PI / Math.acos(1 - ratio))));
}

/** A circle as a counter-clockwise polygon. */
function circle(c: Coord, radius: number, tolerance: number): PolygonRings {
  const n = circleVertices(radius, tolerance);
  return [Array.from({ length: n }, (_, k) => destination(c, (-2 * Math.PI * k) / n, radius))];
}

function bearing(a: Coord, b: Coord): number {
  const p1 = a[1] * RAD;
  const p2 = b[1] * RAD;
  const dl = (b[0] - a[0]) * RAD;
  return Math.atan2(Math.sin(dl) * Math.cos(p2), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
}

/** The buffer of a polyline: circles at its vertices and a band along each edge. */
function chainBuffer(chain: readonly Coord[], radius: number, tolerance: number, closed: boolean): PolygonRings[] {
  const parts: PolygonRings[] = chain.map((c) => circle(c, radius, tolerance));
  const n = chain.length;
  for (let i = 0; i + 1 < n + (closed ? 1 : 0); i++) {
    const a = chain[i]!;
    const b = chain[(i + 1) % n]!;
    const ab = bearing(a, b);
    const ba = bearing(b, a);
    parts.push([[destination(a, ab + Math.PI / 2, radius), destination(b, ba - Math.PI / 2, radius), destination(b, ba + Math.PI / 2, radius), destination(a, ab - Math.PI / 2, radius)]]);
  }
  return parts;
}

/** Points where two sets of rings/lines touch or cross. */
function contactPoints(x: readonly (readonly Coord[])[], y: readonly (readonly Coord[])[], closed: boolean): Coord[] {
  const pts = new Map<string, Coord>();
  const add1 = (c: Coord) => pts.set(`${c[0].toFixed(10)},${c[1].toFixed(10)}`, c);
  const edges = (chains: readonly (readonly Coord[])[]) =>
    chains.flatMap((c) => c.slice(0, closed ? c.length : c.length - 1).map((a, i) => [a, c[(i + 1) % c.length]!] as const));
  const ex = edges(x);
  const ey = edges(y);
  for (const [a, b] of ex)
    for (const [c, d] of ey) {
      const [va, vb, vc, vd] = [a, b, c, d].map(toVec) as [ReturnType<typeof toVec>, ReturnType<typeof toVec>, ReturnType<typeof toVec>, ReturnType<typeof toVec>];
      if (edgesCross(va, vb, vc, vd)) add1(toCoord(edgeIntersection(va, vb, vc, vd)));
      for (const [c0, p, q, r] of [
        [a, va, vc, vd],
        [b, vb, vc, vd],
        [c, vc, va, vb],
        [d, vd, va, vb],
      ] as const)
        if (angle(p, projectOnEdge(p, q, r)) < EPS) add1(c0);
    }
  return [...pts.values()];
}

/** The parts of a line inside (or on the boundary of) polygons: split at the boundary, kept by midpoint. */
function clipLine(line: readonly Coord[], polys: readonly PolygonRings[]): Coord[][] {
  const rings = polys.flat();
  const out: Coord[][] = [];
  let current: Coord[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!;
    const b = line[i + 1]!;
    const cuts = contactPoints([[a, b]], rings, true).sort((p, q) => angle(toVec(a), toVec(p)) - angle(toVec(a), toVec(q)));
    const pts = [a, ...cuts, b];
    for (let k = 0; k + 1 < pts.length; k++) {
      const m = normalize(add(toVec(pts[k]!), toVec(pts[k + 1]!)));
      if (polys.some((p) => insidePolygon(p, m))) {
        if (current.length === 0) current.push(pts[k]!);
        current.push(pts[k + 1]!);
      } else if (current.length > 0) {
        out.push(current);
        current = [];
      }
    }
  }
  if (current.length > 0) out.push(current);
  return out.filter((l) => l.length >= 2);
}

/** The shared parts of two lines: overlapping pieces as lines, crossings as points. */
function lineIntersection(x: readonly Coord[][], y: readonly Coord[][]): Json {
  const yv = y.map((l) => l.map(toVec));
  const onY = (p: ReturnType<typeof toVec>) => yv.some((l) => l.some((_, i) => i + 1 < l.length && angle(p, projectOnEdge(p, l[i]!, l[i + 1]!)) < EPS));
  const lines: Coord[][] = [];
  for (const line of x) {
    let current: Coord[] = [];
    for (let i = 0; i + 1 < line.length; i++) {
      const m = normalize(add(toVec(line[i]!), toVec(line[i + 1]!)));
      if (onY(m) && onY(toVec(line[i]!)) && onY(toVec(line[i + 1]!))) {
        if (current.length === 0) current.push(line[i]!);
        current.push(line[i + 1]!);
      } else if (current.length > 0) {
        lines.push(current);
        current = [];
      }
    }
    if (current.length > 0) lines.push(current);
  }
  const onLines = (c: Coord) => {
    const v = toVec(c);
    return lines.some((l) => l.some((_, i) => i + 1 < l.length && angle(v, projectOnEdge(v, toVec(l[i]!), toVec(l[i + 1]!))) < EPS));
  };
  const points = contactPoints(x, y, false).filter((c) => !onLines(c));
  const geoms: Json[] = [
    ...(lines.length === 1 ? [lineJson(lines[0]!)] : lines.length > 1 ? [{ type: "MultiLineString", coordinates: lines.map((l) => l.map((c) => [c[0], c[1]])) }] : []),
    ...(points.length === 1 ? [pointJson(points[0]!)] : points.length > 1 ? [{ type: "MultiPoint", coordinates: points.map((c) => [c[0], c[1]]) }] : []),
  ];
  return geoms.length === 1 ? geoms[0]! : { type: "GeometryCollection", geometries: geoms };
}

const shape = (i: number) => (args: readonly Value[]) => geoValue(args[i] ?? null);

function polygonArray(v: Value): PolygonRings[] | null {
  if (!Array.isArray(v)) return null;
  const out: PolygonRings[] = [];
  for (const x of v) {
    const p = readPolygons(geoValue(x as Value));
    if (p === null) return null;
    out.push(...p);
  }
  return out;
}

export const geoOverlayFunctions: readonly ScalarFunction[] = [
  geo("geo_union_polygons_array", () => (a) => {
    const polys = polygonArray(a[0] ?? null);
    return polys === null || polys.length === 0 ? null : polygonsJson(union(polys));
  }),
  geo("geo_intersects_2polygons", () => (a) => {
    const p = readPolygons(shape(0)(a));
    const q = readPolygons(shape(1)(a));
    if (p === null || q === null) return null;
    if (contactPoints(p.flat(), q.flat(), true).length > 0) return true;
    return p.some((x) => q.some((y) => insidePolygon(y, toVec(x[0]![0]!)) || insidePolygon(x, toVec(y[0]![0]!))));
  }),
  geo("geo_intersection_2polygons", () => (a) => {
    const p = readPolygons(shape(0)(a));
    const q = readPolygons(shape(1)(a));
    if (p === null || q === null) return null;
    const area = intersection(p, q);
    if (area.length > 0) return polygonsJson(area);
    const touch = contactPoints(p.flat(), q.flat(), true);
    if (touch.length === 1) return pointJson(touch[0]!);
    if (touch.length > 1) return { type: "MultiPoint", coordinates: touch.map((c) => [c[0], c[1]]) };
    return { type: "GeometryCollection", geometries: [] };
  }),
  geo("geo_intersects_2lines", () => (a) => {
    const x = readLines(shape(0)(a));
    const y = readLines(shape(1)(a));
    return x === null || y === null ? null : contactPoints(x, y, false).length > 0;
  }),
  geo("geo_intersection_2lines", () => (a) => {
    const x = readLines(shape(0)(a));
    const y = readLines(shape(1)(a));
    return x === null || y === null ? null : lineIntersection(x, y);
  }),
  geo("geo_intersects_line_with_polygon", () => (a) => {
    const l = readLines(shape(0)(a));
    const p = readPolygons(shape(1)(a));
    if (l === null || p === null) return null;
    return contactPoints(l, p.flat(), false).length > 0 || l.some((line) => p.some((poly) => insidePolygon(poly, toVec(line[0]!))));
  }),
  geo("geo_intersection_line_with_polygon", () => (a) => {
    const l = readLines(shape(0)(a));
    const p = readPolygons(shape(1)(a));
    if (l === null || p === null) return null;
    const parts = l.flatMap((line) => clipLine(line, p));
    if (parts.length === 0) return { type: "GeometryCollection", geometries: [] };
    return parts.length === 1 ? lineJson(parts[0]!) : { type: "MultiLineString", coordinates: parts.map((x) => x.map((c) => [c[0], c[1]])) };
  }),
  geo("geo_union_lines_array", () => (a) => {
    const arr = a[0] ?? null;
    if (!Array.isArray(arr)) return null;
    const lines: Coord[][] = [];
    for (const v of arr) {
      const l = readLines(geoValue(v as Value));
      if (l === null) return null;
      lines.push(...l);
    }
    if (lines.length === 0) return null;
    return lines.length === 1 ? lineJson(lines[0]!) : { type: "MultiLineString", coordinates: lines.map((l) => l.map((c) => [c[0], c[1]])) };
  }),
  geo("geo_point_buffer", (site) => {
    const c = coordArgs(site, 0);
    const r = numberArg(site, 2);
    const t = numberArg(site, 3, 0.1);
    return (a) => {
      const p = c(a);
      const radius = r(a);
      const tol = t(a);
      if (p === null || radius === null || tol === null || !(radius > 0) || radius > MAX_RADIUS_M || !(tol > 0)) return null;
      return polygonsJson([circle(p, radius, tol)]);
    };
  }),
  geo("geo_line_buffer", (site) => {
    const r = numberArg(site, 1);
    const t = numberArg(site, 2, 0.1);
    return (a) => {
      const lines = readLines(shape(0)(a));
      const radius = r(a);
      const tol = t(a);
      if (lines === null || radius === null || tol === null || !(radius > 0) || radius > MAX_RADIUS_M || !(tol > 0)) return null;
      return polygonsJson(union(lines.flatMap((l) => chainBuffer(l, radius, tol, false))));
    };
  }),
  geo("geo_polygon_buffer", (site) => {
    const r = numberArg(site, 1);
    const t = numberArg(site, 2, 0.1);
    return (a) => {
      const polys = readPolygons(shape(0)(a));
      const radius = r(a);
      const tol = t(a);
      if (polys === null || radius === null || tol === null || !(radius > 0) || radius > MAX_RADIUS_M || !(tol > 0)) return null;
      return polygonsJson(union([...polys, ...polys.flatMap((p) => p.flatMap((ring) => chainBuffer(ring, radius, tol, true)))]));
    };
  }),
];
