/**
 * Polygon overlay on the sphere (union and intersection) for the geospatial functions, by edge
 * classification: every ring is oriented (interior to the left), edges are split where they
 * cross or touch other rings (crossing points computed on the geodesics), and each piece is
 * kept or dropped by where its midpoint lies relative to the other polygons. Pieces shared by
 * two polygons are kept once when both have the interior on the same side, dropped when on
 * opposite sides (the border between two adjacent cells). The kept pieces are linked into rings.
 *
 * Output rings are counter-clockwise (holes clockwise), each starting at its vertex with the
 * smallest S2 cell id: a deterministic choice. Kusto (S2's builder) may start a ring elsewhere,
 * so the same polygon can be listed from another first vertex.
 */
import type { Coord, PolygonRings, Ring } from "./geojson.js";
import { cellOfPoint } from "./s2cell.js";
import { type Vec, add, angle, edgeBulge, edgeIntersection, edgesCross, normalize, projectOnEdge, ringContains, signedRingArea, toCoord, toVec } from "./sphere.js";

interface Piece {
  readonly a: Coord;
  readonly b: Coord;
  /** The input polygon the piece comes from. */
  readonly owner: number;
}

const EPS = 1e-13;
const key = (c: Coord) => `${c[0].toFixed(11)},${c[1].toFixed(11)}`;

/** Rings oriented with the interior on the left: outer rings counter-clockwise, holes clockwise. */
export function orient(p: PolygonRings): PolygonRings {
  return p.map((r, i) => {
    const ccw = signedRingArea(r) > 0;
    return ccw === (i === 0) ? r : [...r].reverse();
  });
}

export function insidePolygon(p: PolygonRings, x: Vec): boolean {
  return ringContains(p[0]!, x) && !p.slice(1).some((h) => ringContains(h, x));
}

/** Every edge of every polygon, split at the points where other edges cross or touch it. */
function splitEdges(polys: readonly PolygonRings[]): Piece[] {
  const edges: { a: Coord; b: Coord; va: Vec; vb: Vec; owner: number; cuts: Coord[] }[] = [];
  polys.forEach((p, owner) => {
    for (const r of p)
      r.forEach((a, i) => {
        const b = r[(i + 1) % r.length]!;
        edges.push({ a, b, va: toVec(a), vb: toVec(b), owner, cuts: [] });
      });
  });
  // Only edges whose (padded) lon/lat boxes overlap can meet: sweep along longitude.
  const boxes = edges.map((e) => {
    const pad = edgeBulge(e.a, e.b);
    return { lo: Math.min(e.a[0], e.b[0]) - pad, hi: Math.max(e.a[0], e.b[0]) + pad, bot: Math.min(e.a[1], e.b[1]) - pad, top: Math.max(e.a[1], e.b[1]) + pad };
  });
  const wraps = boxes.some((b) => b.hi - b.lo > 180);
  const order = edges.map((_, i) => i).sort((x, y) => boxes[x]!.lo - boxes[y]!.lo);
  for (let oi = 0; oi < order.length; oi++)
    for (let oj = oi + 1; oj < order.length; oj++) {
      const i = order[oi]!;
      const j = order[oj]!;
      if (!wraps && boxes[j]!.lo > boxes[i]!.hi) break;
      if (!wraps && (boxes[j]!.bot > boxes[i]!.top || boxes[i]!.bot > boxes[j]!.top)) continue;
      const e = edges[i]!;
      const f = edges[j]!;
      if (edgesCross(e.va, e.vb, f.va, f.vb)) {
        const x = snap(edgeIntersection(e.va, e.vb, f.va, f.vb), [e.a, e.b, f.a, f.b]);
        e.cuts.push(x);
        f.cuts.push(x);
        continue;
      }
      // A vertex of one edge lying inside the other (a T-junction, or overlapping edges).
      for (const [g, h] of [
        [e, f],
        [f, e],
      ] as const)
        for (const [p, vp] of [
          [h.a, h.va],
          [h.b, h.vb],
        ] as const)
          if (key(p) !== key(g.a) && key(p) !== key(g.b) && angle(vp, projectOnEdge(vp, g.va, g.vb)) < EPS) g.cuts.push(p);
    }
  const pieces: Piece[] = [];
  for (const e of edges) {
    const along = (c: Coord) => angle(e.va, toVec(c));
    const pts = [e.a, ...[...e.cuts].sort((x, y) => along(x) - along(y)), e.b];
    for (let k = 0; k + 1 < pts.length; k++) if (key(pts[k]!) !== key(pts[k + 1]!)) pieces.push({ a: pts[k]!, b: pts[k + 1]!, owner: e.owner });
  }
  return pieces;
}

/** A computed crossing that falls on an input vertex is that vertex (exact coordinates kept). */
function snap(x: Vec, near: readonly Coord[]): Coord {
  for (const c of near) if (angle(x, toVec(c)) < EPS) return c;
  return toCoord(x);
}

const mid = (p: Piece) => normalize(add(toVec(p.a), toVec(p.b)));

/**
 * The pieces that bound the result. `keep(owners, containing)` decides from the polygons the
 * piece lies on (several where boundaries coincide) and the other polygons containing it.
 */
function classify(polys: readonly PolygonRings[], keep: (owners: Set<number>, containing: number[]) => boolean): Piece[] {
  const pieces = splitEdges(polys);
  const pieceKey = (a: Coord, b: Coord) => `${key(a)}>${key(b)}`;
  const byKey = new Map<string, Piece[]>();
  for (const p of pieces) {
    const k = pieceKey(p.a, p.b);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [p]);
    else list.push(p);
  }
  const out: Piece[] = [];
  const done = new Set<string>();
  for (const p of pieces) {
    const k = pieceKey(p.a, p.b);
    if (done.has(k)) continue;
    done.add(k);
    // Boundaries in opposite directions (interiors on both sides) leave an internal border.
    if (byKey.has(pieceKey(p.b, p.a))) continue;
    const owners = new Set(byKey.get(k)!.map((x) => x.owner));
    const m = mid(p);
    const containing = polys.map((_, i) => i).filter((i) => !owners.has(i) && insidePolygon(polys[i]!, m));
    if (keep(owners, containing)) out.push(p);
  }
  return out;
}

/** Links pieces into closed rings, turning as far right as possible where several continue. */
function link(pieces: readonly Piece[]): Coord[][] {
  const from = new Map<string, Piece[]>();
  for (const p of pieces) {
    const k = key(p.a);
    const list = from.get(k);
    if (list === undefined) from.set(k, [p]);
    else list.push(p);
  }
  const used = new Set<Piece>();
  const rings: Coord[][] = [];
  for (const start of pieces) {
    if (used.has(start)) continue;
    const ring: Coord[] = [];
    let cur: Piece | undefined = start;
    while (cur !== undefined && !used.has(cur)) {
      used.add(cur);
      ring.push(cur.a);
      const prev: Piece = cur;
      const next: Piece[] = (from.get(key(cur.b)) ?? []).filter((p) => !used.has(p));
      cur = next.length <= 1 ? next[0] : next.sort((x, y) => turn(prev, x) - turn(prev, y))[0];
    }
    if (ring.length >= 3) rings.push(ring);
  }
  return rings;
}

/** The clockwise turn from piece p into piece q (in the plane of lon/lat; enough to pick a branch). */
function turn(p: Piece, q: Piece): number {
  const a1 = Math.atan2(p.b[1] - p.a[1], p.b[0] - p.a[0]);
  const a2 = Math.atan2(q.b[1] - q.a[1], q.b[0] - q.a[0]);
  let t = a1 - a2;
  while (t < 0) t += 2 * Math.PI;
  while (t >= 2 * Math.PI) t -= 2 * Math.PI;
  return t;
}

/** Rings starting at their vertex with the smallest S2 cell id (S2's output order). */
function canonicalStart(r: Coord[]): Coord[] {
  let best = 0;
  let bestId = cellOfPoint(r[0]!, 30);
  for (let i = 1; i < r.length; i++) {
    const id = cellOfPoint(r[i]!, 30);
    if (id < bestId) {
      best = i;
      bestId = id;
    }
  }
  return [...r.slice(best), ...r.slice(0, best)];
}

/** Groups rings into polygons: counter-clockwise rings are outer, the others holes of the outer ring holding them. */
function assemble(rings: Coord[][]): PolygonRings[] {
  const outers: Ring[] = [];
  const holes: Ring[] = [];
  for (const r of rings) (signedRingArea(r) > 0 ? outers : holes).push(canonicalStart(r));
  const polys: Ring[][] = outers.map((o) => [o]);
  for (const h of holes) {
    const target = polys.find((p) => ringContains(p[0]!, toVec(h[0]!)) || ringContains(p[0]!, mid({ a: h[0]!, b: h[1]!, owner: 0 })));
    if (target !== undefined) target.push(h);
  }
  return polys;
}

export function union(polys: readonly PolygonRings[]): PolygonRings[] {
  return assemble(link(classify(polys.map(orient), (_owners, containing) => containing.length === 0)));
}

/** The intersection of two sets of polygons (each first merged into one region). */
export function intersection(a: readonly PolygonRings[], b: readonly PolygonRings[]): PolygonRings[] {
  const ua = union(a);
  const ub = union(b);
  const side = (i: number) => (i < ua.length ? 0 : 1);
  // Kept where both sides are present: on one side's boundary and inside (or on) the other's.
  return assemble(
    link(
      classify([...ua, ...ub].map(orient), (owners, containing) => {
        const sides = new Set([...owners, ...containing].map(side));
        return sides.size === 2;
      }),
    ),
  );
}
