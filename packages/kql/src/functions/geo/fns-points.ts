/**
 * Geospatial functions of points: `geo_distance_2points`, `geo_distance_point_to_line`,
 * `geo_distance_point_to_polygon`, `geo_point_in_circle`, `geo_point_in_polygon`,
 * `geo_azimuth`, `geo_angle`, `geo_closest_point_on_line`, `geo_closest_point_on_polygon`,
 * `geo_from_wkt`. Distances are meters on S2's sphere (see sphere.ts); invalid coordinates or
 * shapes give null.
 */
import { engineError } from "../../diagnostics.js";
import type { Value } from "../../types.js";
import { stringConv } from "../define.js";
import type { ScalarFunction } from "../registry-types.js";
import { coordArgs, geo, geoValue, numberArg } from "./args.js";
import { type Coord, type PolygonRings, pointJson, readLines, readPolygons } from "./geojson.js";
import { EARTH_RADIUS_M, angle, azimuth, distanceMeters, distanceToEdges, projectOnEdge, ringContains, toCoord, toVec } from "./sphere.js";
import { fromWkt } from "./wkt.js";

/** Whether a point lies in a polygon: in its outer ring and in none of its holes. */
export function polygonContains(p: PolygonRings, c: Coord): boolean {
  const x = toVec(c);
  if (!ringContains(p[0]!, x)) return false;
  return !p.slice(1).some((hole) => ringContains(hole, x));
}

/** The point of a set of polylines (or rings, `closed`) nearest to c, and its distance (radians). */
export function nearestOnEdges(c: Coord, chains: readonly (readonly Coord[])[], closed: boolean): { point: Coord; dist: number } {
  const x = toVec(c);
  let best = { point: c, dist: Number.POSITIVE_INFINITY };
  for (const chain of chains) {
    const pts = chain.map(toVec);
    const n = pts.length;
    for (let i = 0; i + 1 < n + (closed ? 1 : 0); i++) {
      const p = projectOnEdge(x, pts[i]!, pts[(i + 1) % n]!);
      const d = angle(x, p);
      if (d < best.dist) best = { point: toCoord(p), dist: d };
    }
  }
  return best;
}

const shape = (i: number) => (args: readonly Value[]) => geoValue(args[i] ?? null);

export const geoPointFunctions: readonly ScalarFunction[] = [
  geo("geo_distance_2points", (site) => {
    const a = coordArgs(site, 0);
    const b = coordArgs(site, 2);
    return (args) => {
      const p = a(args);
      const q = b(args);
      return p === null || q === null ? null : distanceMeters(p, q);
    };
  }),
  geo("geo_distance_point_to_line", (site) => {
    const a = coordArgs(site, 0);
    const l = shape(2);
    return (args) => {
      const p = a(args);
      const lines = readLines(l(args));
      if (p === null || lines === null) return null;
      return Math.min(...lines.map((line) => distanceToEdges(toVec(p), line.map(toVec), false))) * EARTH_RADIUS_M;
    };
  }),
  geo("geo_distance_point_to_polygon", (site) => {
    const a = coordArgs(site, 0);
    const s = shape(2);
    return (args) => {
      const p = a(args);
      const polys = readPolygons(s(args));
      if (p === null || polys === null) return null;
      if (polys.some((poly) => polygonContains(poly, p))) return 0;
      return nearestOnEdges(p, polys.flat(), true).dist * EARTH_RADIUS_M;
    };
  }),
  geo("geo_point_in_circle", (site) => {
    const p = coordArgs(site, 0);
    const c = coordArgs(site, 2);
    const r = numberArg(site, 4);
    return (args) => {
      const x = p(args);
      const y = c(args);
      const radius = r(args);
      return x === null || y === null || radius === null || radius < 0 ? null : distanceMeters(x, y) <= radius;
    };
  }),
  geo("geo_point_in_polygon", (site) => {
    const p = coordArgs(site, 0);
    const s = shape(2);
    return (args) => {
      const x = p(args);
      const polys = readPolygons(s(args));
      return x === null || polys === null ? null : polys.some((poly) => polygonContains(poly, x));
    };
  }),
  geo("geo_azimuth", (site) => {
    const a = coordArgs(site, 0);
    const b = coordArgs(site, 2);
    return (args) => {
      const p = a(args);
      const q = b(args);
      if (p === null || q === null || (p[0] === q[0] && p[1] === q[1])) return null;
      return azimuth(p, q);
    };
  }),
  geo("geo_angle", (site) => {
    const a = coordArgs(site, 0);
    const b = coordArgs(site, 2);
    const c = coordArgs(site, 4);
    // The clockwise angle at p2 from the geodesic p2→p1 to p2→p3, in [0, 2π).
    return (args) => {
      const [p1, p2, p3] = [a(args), b(args), c(args)];
      if (p1 === null || p2 === null || p3 === null) return null;
      const t = azimuth(p2, p3) - azimuth(p2, p1);
      return t < 0 ? t + 2 * Math.PI : t;
    };
  }),
  geo("geo_closest_point_on_line", (site) => {
    const a = coordArgs(site, 0);
    const l = shape(2);
    return (args) => {
      const p = a(args);
      const lines = readLines(l(args));
      return p === null || lines === null ? null : pointJson(nearestOnEdges(p, lines, false).point);
    };
  }),
  geo("geo_closest_point_on_polygon", (site) => {
    const a = coordArgs(site, 0);
    const s = shape(2);
    return (args) => {
      const p = a(args);
      const polys = readPolygons(s(args));
      if (p === null || polys === null) return null;
      // A point inside the polygon is its own closest point.
      if (polys.some((poly) => polygonContains(poly, p))) return pointJson(p);
      return pointJson(nearestOnEdges(p, polys.flat(), true).point);
    };
  }),
  // An IP's location comes from the catalog's geolocation source (the engine ships no database;
  // the product gives it its offline one). Unknown or invalid addresses are null.
  geo("geo_info_from_ip_address", (site) => {
    const locate = site.ipLocator;
    if (locate === undefined) throw engineError("WQ006", ["geo_info_from_ip_address", "it needs an IP geolocation database"]);
    const s = stringConv(site.argTypes[0] ?? "string");
    return (args) => {
      const ip = s(args[0] ?? null);
      if (ip === null || ip === "") return null;
      const g = locate(ip.trim());
      return g === null ? null : { country: g.country, state: g.state, city: g.city, latitude: g.latitude, longitude: g.longitude };
    };
  }),
  geo("geo_from_wkt", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (args) => fromWkt(s(args[0] ?? null));
  }),
];
