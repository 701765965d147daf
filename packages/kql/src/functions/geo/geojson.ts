/**
 * GeoJSON values of the geospatial functions: reading and validating points, lines and polygons
 * (and their Multi- forms), and building result values.
 *
 * Validity (the geospatial pages): a coordinate is `[longitude, latitude]` with longitude in
 * [-180, 180] and latitude in [-90, 90]; a LineString has at least two distinct points; a
 * polygon ring is closed (first = last), has at least four coordinates and three distinct
 * vertices. Anything else makes a function's result null.
 */
import type { Json, Value } from "../../types.js";

export type Coord = readonly [number, number];
/** A ring as distinct vertices (the closing vertex dropped). */
export type Ring = readonly Coord[];
/** A polygon: its outer ring, then holes. */
export type PolygonRings = readonly Ring[];

export function validCoord(lng: number, lat: number): boolean {
  return Number.isFinite(lng) && Number.isFinite(lat) && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
}

function coord(v: Json): Coord | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const [x, y] = v;
  return typeof x === "number" && typeof y === "number" && validCoord(x, y) ? [x, y] : null;
}

function coords(v: Json): Coord[] | null {
  if (!Array.isArray(v)) return null;
  const out: Coord[] = [];
  for (const c of v) {
    const p = coord(c);
    if (p === null) return null;
    out.push(p);
  }
  return out;
}

const same = (a: Coord, b: Coord) => a[0] === b[0] && a[1] === b[1];

function distinctCount(cs: readonly Coord[]): number {
  return new Set(cs.map((c) => `${c[0]},${c[1]}`)).size;
}

export function lineOf(cs: Coord[] | null): Coord[] | null {
  return cs !== null && cs.length >= 2 && distinctCount(cs) >= 2 ? cs : null;
}

function ring(v: Json): Ring | null {
  const cs = coords(v);
  if (cs === null || cs.length < 4 || !same(cs[0]!, cs[cs.length - 1]!)) return null;
  const open = cs.slice(0, -1);
  return distinctCount(open) >= 3 ? open : null;
}

function polygonRings(v: Json): PolygonRings | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const out: Ring[] = [];
  for (const r of v) {
    const rr = ring(r);
    if (rr === null) return null;
    out.push(rr);
  }
  return out;
}

function bag(v: Value): { [k: string]: Json } | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
}

/** The polygons of a Polygon or MultiPolygon value, or null when it is not a valid one. */
export function readPolygons(v: Value): PolygonRings[] | null {
  const b = bag(v);
  if (b === null) return null;
  if (b.type === "Polygon") {
    const p = polygonRings(b.coordinates ?? null);
    return p === null ? null : [p];
  }
  if (b.type === "MultiPolygon") {
    const list = b.coordinates;
    if (!Array.isArray(list) || list.length === 0) return null;
    const out: PolygonRings[] = [];
    for (const p of list) {
      const rings = polygonRings(p);
      if (rings === null) return null;
      out.push(rings);
    }
    return out;
  }
  return null;
}

/** The lines of a LineString or MultiLineString value, or null when it is not a valid one. */
export function readLines(v: Value): Coord[][] | null {
  const b = bag(v);
  if (b === null) return null;
  if (b.type === "LineString") {
    const l = lineOf(coords(b.coordinates ?? null));
    return l === null ? null : [l];
  }
  if (b.type === "MultiLineString") {
    const list = b.coordinates;
    if (!Array.isArray(list) || list.length === 0) return null;
    const out: Coord[][] = [];
    for (const l of list) {
      const line = lineOf(coords(l));
      if (line === null) return null;
      out.push(line);
    }
    return out;
  }
  return null;
}

export function pointJson(c: Coord): Json {
  return { type: "Point", coordinates: [c[0], c[1]] };
}

/** A ring as GeoJSON coordinates (closed again). */
export function ringJson(r: Ring): Json[] {
  const cs: Json[] = r.map((c) => [c[0], c[1]]);
  if (r.length > 0) cs.push([r[0]![0], r[0]![1]]);
  return cs;
}

export function polygonJson(rings: PolygonRings): Json {
  return { type: "Polygon", coordinates: rings.map(ringJson) };
}

/** One polygon as a Polygon, several as a MultiPolygon, none as an empty GeometryCollection. */
export function polygonsJson(polygons: readonly PolygonRings[]): Json {
  if (polygons.length === 0) return { type: "GeometryCollection", geometries: [] };
  if (polygons.length === 1) return polygonJson(polygons[0]!);
  return { type: "MultiPolygon", coordinates: polygons.map((p) => p.map(ringJson)) };
}

export function lineJson(l: readonly Coord[]): Json {
  return { type: "LineString", coordinates: l.map((c) => [c[0], c[1]]) };
}
