/**
 * Geospatial functions: point encodings (geohash, S2, H3), spherical measures and shape
 * predicates. Expected cell tokens and coordinates are the Kusto docs pages' examples or follow
 * from the public algorithm descriptions; invalid coordinates, unknown cells and shapes of the
 * wrong GeoJSON type yield null/empty (the pages' "invalid input" rows).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, runQuery } from "../../src/index.js";
import { type ExprCase, runExprCases } from "./query-cases.js";

const SQUARE = `dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})`;
const BOX = `dynamic({"type":"Polygon","coordinates":[[[-73.99,40.73],[-73.98,40.73],[-73.98,40.74],[-73.99,40.74],[-73.99,40.73]]]})`;

const cells: ExprCase[] = [
  ["geohash", "geo_point_to_geohash(-122.35, 47.62, 5)", "c22yz"],
  ["geohash latitude out of range", "geo_point_to_geohash(-122.35, 91.0)", ""],
  ["geohash null longitude", "geo_point_to_geohash(real(null), 47.62)", ""],
  ["geohash centre", `geo_geohash_to_central_point("c23n8")`, { type: "Point", coordinates: [-122.32177734375, 47.57080078125] }],
  ["not a geohash", `geo_geohash_to_central_point("a!")`, null],
  ["s2 token", "geo_point_to_s2cell(-122.35, 47.62, 10)", "549015"],
  ["s2 longitude out of range", "geo_point_to_s2cell(200.0, 47.62)", ""],
  ["s2 centre", `geo_s2cell_to_central_point("54906ab1")`, { type: "Point", coordinates: [-122.33437087515532, 47.60502423871877] }],
  ["h3 cell (page example)", "geo_point_to_h3cell(-74.04450446039874, 40.689250859314974, 6)", "862a1072fffffff"],
  ["h3 resolution out of range", "geo_point_to_h3cell(-74.04450446039874, 40.689250859314974, 16)", ""],
  ["h3 level", `geo_h3cell_level("862a1072fffffff")`, 6, "int"],
  ["h3 level of garbage", `geo_h3cell_level("nope")`, null],
  ["h3 parent", `geo_h3cell_parent("862a1072fffffff", 4)`, "842a107ffffffff"],
  ["h3 has seven children", `array_length(geo_h3cell_children("862a1072fffffff"))`, 7],
  ["h3 hexagon has six neighbors", `array_length(geo_h3cell_neighbors("862a1072fffffff"))`, 6],
];

const measures: ExprCase[] = [
  ["distance (page example, S2 sphere)", "geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)", 1546754.351973809],
  ["distance with an invalid latitude", "geo_distance_2points(-122.407628, 147.578557, -118.275287, 34.019056)", null],
  ["in circle (same point)", "geo_point_in_circle(-122.317404, 47.609119, -122.317404, 47.609119, 100)", true],
  ["in polygon", `geo_point_in_polygon(-73.9862, 40.7377, ${BOX})`, true],
  ["in polygon: not a polygon", `geo_point_in_polygon(-73.9862, 40.7377, dynamic({"type":"Point","coordinates":[1,2]}))`, null],
  ["area of a 1°×1° square at the equator, km²", `geo_polygon_area(${SQUARE}) / 1e6`, 12364.036567076415],
  ["area of something that is not a shape", `geo_polygon_area(parse_json('"junk"'))`, null],
  ["length of one degree of the equator", `geo_line_length(dynamic({"type":"LineString","coordinates":[[0,0],[1,0]]}))`, 111195.10117748393],
  ["a line needs two points", `geo_line_length(dynamic({"type":"LineString","coordinates":[[0,0]]}))`, null],
  ["azimuth north", "geo_azimuth(0.0, 0.0, 0.0, 1.0)", 0],
  ["right angle", "geo_angle(0.0, 1.0, 0.0, 0.0, 1.0, 0.0)", Math.PI / 2],
  ["crossing lines intersect", `geo_intersects_2lines(dynamic({"type":"LineString","coordinates":[[0,-1],[0,1]]}), dynamic({"type":"LineString","coordinates":[[-1,0],[1,0]]}))`, true],
];

const wkt: ExprCase[] = [
  ["point", `geo_from_wkt("POINT(1 2)")`, { type: "Point", coordinates: [1, 2] }],
  ["line", `geo_from_wkt("LINESTRING(0 0, 1 1)")`, { type: "LineString", coordinates: [[0, 0], [1, 1]] }],
  ["malformed", `geo_from_wkt("POINT(1)")`, null],
];

describe("geo cells", () => runExprCases(test, cells));
describe("geo measures and predicates", () => runExprCases(test, measures));
describe("geo_from_wkt", () => runExprCases(test, wkt));

describe("geo_info_from_ip_address", () => {
  const locator = (ip: string) =>
    ip === "95.216.33.7" ? { country: "Finland", state: "Uusimaa", city: "Helsinki", latitude: 60.1699, longitude: 24.9384 } : null;
  const run = (q: string, withLocator: boolean) => runQuery(q, withLocator ? new Catalog().setIpLocator(locator) : new Catalog(), { now: 0 });
  test("answers from the catalog's locator, in the function's shape", () => {
    const r = run("print g = geo_info_from_ip_address('95.216.33.7'), u = geo_info_from_ip_address('10.0.0.1'), e = geo_info_from_ip_address('')", true);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.tables[0]!.row(0), [{ country: "Finland", state: "Uusimaa", city: "Helsinki", latitude: 60.1699, longitude: 24.9384 }, null, null]);
  });
  test("without a locator: WQ006, not a guess", () => {
    const r = run("print geo_info_from_ip_address('95.216.33.7')", false);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WQ006"],
    );
  });
});
