/**
 * Well-known text to GeoJSON (geo_from_wkt): POINT, LINESTRING, POLYGON, MULTIPOINT,
 * MULTILINESTRING, MULTIPOLYGON and GEOMETRYCOLLECTION, in 2D (a third coordinate is dropped).
 * Text that is not one of them, or has invalid coordinates, gives null.
 */
import type { Json } from "../../types.js";
import { validCoord } from "./geojson.js";

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}
  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  word(): string | null {
    this.skip();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i));
    if (m === null) return null;
    this.i += m[0].length;
    return m[0].toUpperCase();
  }
  take(c: string): boolean {
    this.skip();
    if (this.s[this.i] === c) {
      this.i++;
      return true;
    }
    return false;
  }
  number(): number | null {
    this.skip();
    const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (m === null) return null;
    this.i += m[0].length;
    return Number(m[0]);
  }
  atEnd(): boolean {
    this.skip();
    return this.i >= this.s.length;
  }
}

function point(r: Reader): Json | null {
  const x = r.number();
  const y = r.number();
  if (x === null || y === null) return null;
  r.number(); // an optional Z
  return validCoord(x, y) ? [x, y] : null;
}

/** `(a, b, …)` of items read by `item`. */
function list(r: Reader, item: (r: Reader) => Json | null): Json[] | null {
  if (!r.take("(")) return null;
  const out: Json[] = [];
  do {
    const v = item(r);
    if (v === null) return null;
    out.push(v);
  } while (r.take(","));
  return r.take(")") ? out : null;
}

/** MULTIPOINT allows `(1 1, 2 2)` and `((1 1), (2 2))`. */
function multiPointItem(r: Reader): Json | null {
  if (r.take("(")) {
    const p = point(r);
    return p !== null && r.take(")") ? p : null;
  }
  return point(r);
}

function geometry(r: Reader): Json | null {
  const kind = r.word();
  const coords = (c: Json[] | null, type: string): Json | null => (c === null ? null : { type, coordinates: c });
  switch (kind) {
    case "POINT": {
      if (!r.take("(")) return null;
      const p = point(r);
      return p !== null && r.take(")") ? { type: "Point", coordinates: p } : null;
    }
    case "LINESTRING":
      return coords(list(r, point), "LineString");
    case "POLYGON":
      return coords(list(r, (x) => list(x, point)), "Polygon");
    case "MULTIPOINT":
      return coords(list(r, multiPointItem), "MultiPoint");
    case "MULTILINESTRING":
      return coords(list(r, (x) => list(x, point)), "MultiLineString");
    case "MULTIPOLYGON":
      return coords(list(r, (x) => list(x, (y) => list(y, point))), "MultiPolygon");
    case "GEOMETRYCOLLECTION": {
      const g = list(r, geometry);
      return g === null ? null : { type: "GeometryCollection", geometries: g };
    }
    default:
      return null;
  }
}

export function fromWkt(text: string): Json | null {
  const r = new Reader(text);
  const g = geometry(r);
  return g !== null && r.atEnd() ? g : null;
}
