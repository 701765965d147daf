/**
 * Geospatial grid functions: geohash (`geo_point_to_geohash`, `geo_geohash_to_central_point`,
 * `geo_geohash_to_polygon`, `geo_geohash_neighbors`), S2 (`geo_point_to_s2cell`,
 * `geo_s2cell_to_central_point`, `geo_s2cell_to_polygon`, `geo_s2cell_neighbors`) and H3
 * (`geo_point_to_h3cell`, `geo_h3cell_to_central_point`, `geo_h3cell_to_polygon`,
 * `geo_h3cell_neighbors`, `geo_h3cell_children`, `geo_h3cell_parent`, `geo_h3cell_rings`,
 * `geo_h3cell_level`, `geo_polygon_to_h3cells`).
 *
 * Defaults and ranges (the pages): geohash accuracy 5 in [1, 18]; S2 level 11 in [0, 30]; H3
 * resolution 6 in [0, 15]. A point-to-cell function with an invalid point or precision gives ""
 * (its result is a string); the others give null for an invalid cell or argument.
 */
import type { Json, Value } from "../../types.js";
import { stringConv } from "../define.js";
import type { CallSite, RowKernel, ScalarFunction } from "../registry-types.js";
import { coordArgs, geo, geoValue, numberArg } from "./args.js";
import { type Coord, pointJson, polygonJson, readPolygons } from "./geojson.js";
import { decodeGeohash, encodeGeohash, geohashNeighbors } from "./geohash.js";
import * as h3 from "./h3.js";
import * as s2 from "./s2cell.js";

/** An integer argument in [lo, hi] (default `dflt` when left out), else null. */
function precision(site: CallSite, i: number, dflt: number, lo: number, hi: number): (args: readonly Value[]) => number | null {
  const n = numberArg(site, i, dflt);
  return (args) => {
    const v = n(args);
    return v === null || !Number.isInteger(v) || v < lo || v > hi ? null : v;
  };
}

function pointToCell(name: string, dflt: number, lo: number, hi: number, cell: (c: Coord, p: number) => string | null): ScalarFunction {
  return geo(name, (site) => {
    const c = coordArgs(site, 0);
    const p = precision(site, 2, dflt, lo, hi);
    return (args) => {
      const point = c(args);
      const level = p(args);
      return point === null || level === null ? "" : (cell(point, level) ?? "");
    };
  });
}

/** A function of one cell token: `read` parses it (null: invalid), `f` computes the result. */
function ofCell<T>(name: string, read: (s: string) => T | null, f: (cell: T, args: readonly Value[], site: CallSite) => Json | undefined): ScalarFunction {
  return geo(name, (site): RowKernel => {
    const s = stringConv(site.argTypes[0] ?? "string");
    const none = site.resultType === "string" ? "" : null;
    return (args) => {
      const cell = read(s(args[0] ?? null));
      return cell === null ? none : (f(cell, args, site) ?? none);
    };
  });
}

const ring = (vertices: readonly Coord[]) => polygonJson([vertices]);

/** Planar point-in-polygon (geo_polygon_to_h3cells treats polygon edges as straight lines). */
function planarContains(ringCoords: readonly Coord[], p: Coord): boolean {
  let inside = false;
  for (let i = 0, j = ringCoords.length - 1; i < ringCoords.length; j = i++) {
    const [xi, yi] = ringCoords[i]!;
    const [xj, yj] = ringCoords[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const MAX_H3_CELLS = 61680;

/** The cells whose centres lie in the polygons: breadth-first from the cells at their vertices. */
function polygonToH3(polys: ReturnType<typeof readPolygons> & object, res: number): string[] | null {
  const inside = (c: Coord) => polys.some((p) => planarContains(p[0]!, c) && !p.slice(1).some((h) => planarContains(h, c)));
  const seeds = polys.flatMap((p) => p[0]!.map((v) => h3.cellOfPoint(v, res))).filter((c): c is bigint => c !== null);
  const seen = new Set<bigint>(seeds);
  const queue = [...seen];
  const out: string[] = [];
  while (queue.length > 0) {
    const c = queue.shift()!;
    const isIn = inside(h3.cellCenter(c));
    if (isIn) {
      out.push(h3.cellText(c));
      if (out.length > MAX_H3_CELLS) return null;
    }
    if (!isIn && !seeds.includes(c)) continue;
    for (const n of h3.disk(c, 1)[1] ?? [])
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
  }
  return out;
}

export const geoCellFunctions: readonly ScalarFunction[] = [
  pointToCell("geo_point_to_geohash", 5, 1, 18, (c, p) => encodeGeohash(c[0], c[1], p)),
  ofCell("geo_geohash_to_central_point", decodeGeohash, (b) => pointJson([(b.minLng + b.maxLng) / 2, (b.minLat + b.maxLat) / 2])),
  ofCell("geo_geohash_to_polygon", decodeGeohash, (b) =>
    ring([
      [b.minLng, b.minLat],
      [b.maxLng, b.minLat],
      [b.maxLng, b.maxLat],
      [b.minLng, b.maxLat],
    ]),
  ),
  ofCell("geo_geohash_neighbors", (s) => (decodeGeohash(s) === null ? null : s), (s) => geohashNeighbors(s) ?? undefined),
  pointToCell("geo_point_to_s2cell", 11, 0, 30, (c, p) => s2.toToken(s2.cellOfPoint(c, p))),
  ofCell("geo_s2cell_to_central_point", s2.fromToken, (id) => pointJson(s2.cellCenter(id))),
  ofCell("geo_s2cell_to_polygon", s2.fromToken, (id) => ring(s2.cellVertices(id))),
  ofCell("geo_s2cell_neighbors", s2.fromToken, (id) => s2.allNeighbors(id).map(s2.toToken)),
  pointToCell("geo_point_to_h3cell", 6, 0, 15, (c, p) => {
    const h = h3.cellOfPoint(c, p);
    return h === null ? null : h3.cellText(h);
  }),
  ofCell("geo_h3cell_to_central_point", h3.parseCell, (h) => pointJson(h3.cellCenter(h))),
  ofCell("geo_h3cell_to_polygon", h3.parseCell, (h) => ring(h3.cellBoundary(h))),
  ofCell("geo_h3cell_neighbors", h3.parseCell, (h) => (h3.disk(h, 1)[1] ?? []).map(h3.cellText)),
  ofCell("geo_h3cell_level", h3.parseCell, (h) => h3.resolution(h)),
  ofCell("geo_h3cell_children", h3.parseCell, (h, args, site) => {
    const res = h3.resolution(h);
    const r = precision(site, 1, Math.min(15, res + 1), 0, 15)(args);
    // More than 16 levels down would be billions of cells: out of range (null).
    if (r === null || r < res || r - res > 6) return undefined;
    return h3.children(h, r).map(h3.cellText);
  }),
  ofCell("geo_h3cell_parent", h3.parseCell, (h, args, site) => {
    const res = h3.resolution(h);
    const r = precision(site, 1, res - 1, 0, 15)(args);
    return r === null || r >= res || r < 0 ? undefined : h3.cellText(h3.parent(h, r));
  }),
  ofCell("geo_h3cell_rings", h3.parseCell, (h, args, site) => {
    const k = precision(site, 1, 0, 0, 142)(args);
    return k === null ? undefined : h3.disk(h, k).map((r) => r.map(h3.cellText));
  }),
  geo("geo_polygon_to_h3cells", (site) => {
    const r = precision(site, 1, 6, 0, 15);
    return (args) => {
      const polys = readPolygons(geoValue(args[0] ?? null));
      const res = r(args);
      return polys === null || res === null ? null : polygonToH3(polys, res);
    };
  }),
];
