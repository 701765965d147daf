/**
 * H3's geometry (Uber's hexagonal hierarchical grid, whose algorithms are public): an
 * icosahedron, each face a gnomonic projection carrying a hex grid in IJK coordinates; 122
 * base cells, and 15 finer resolutions of aperture 7, alternately rotated (Class II, even
 * resolutions; Class III, odd). This file holds the coordinate arithmetic: IJK vectors, the
 * projection of points to a face's hex grid and back, and cell boundaries in face coordinates.
 * The index encoding (digits, base cells, rotations) is in h3.ts.
 */
import { ADJACENT_FACE_DIR, FACE_AXIS_AZ, FACE_CENTER_GEO, FACE_CENTER_POINT, FACE_NEIGHBORS, MAX_DIM_BY_CII_RES, UNIT_SCALE_BY_CII_RES } from "./h3-tables.js";

export type IJK = [number, number, number];
export interface FaceIJK {
  face: number;
  ijk: IJK;
}

const EPSILON = 1e-16;
const SQRT3_2 = 0.8660254037844386;
const SQRT7 = 2.6457513110645907;
const AP7_ROT_RADS = 0.3334731722518321;
const RES0_U_GNOMONIC = 0.381966011250105;
const FLT_EPSILON = 1.1920929e-7;

export const isClassIII = (res: number) => res % 2 === 1;

/** Unit vectors of the digits 0–6 (center, k, j, jk, i, ik, ij). */
export const UNIT_VECS: readonly IJK[] = [
  [0, 0, 0],
  [0, 0, 1],
  [0, 1, 0],
  [0, 1, 1],
  [1, 0, 0],
  [1, 0, 1],
  [1, 1, 0],
];

export function normalizeIJK(c: IJK): IJK {
  let [i, j, k] = c;
  if (i < 0) {
    j -= i;
    k -= i;
    i = 0;
  }
  if (j < 0) {
    i -= j;
    k -= j;
    j = 0;
  }
  if (k < 0) {
    i -= k;
    j -= k;
    k = 0;
  }
  const min = Math.min(i, j, k);
  return min > 0 ? [i - min, j - min, k - min] : [i, j, k];
}

export const addIJK = (a: IJK, b: IJK): IJK => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const subIJK = (a: IJK, b: IJK): IJK => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scaleIJK = (a: IJK, s: number): IJK => [a[0] * s, a[1] * s, a[2] * s];

/** a·ui + b·uj + c·uk for the given images of the unit vectors. */
function transform(c: IJK, ui: IJK, uj: IJK, uk: IJK): IJK {
  return normalizeIJK(addIJK(addIJK(scaleIJK(ui, c[0]), scaleIJK(uj, c[1])), scaleIJK(uk, c[2])));
}

export const rotate60ccw = (c: IJK) => transform(c, [1, 1, 0], [0, 1, 1], [1, 0, 1]);
export const rotate60cw = (c: IJK) => transform(c, [1, 0, 1], [1, 1, 0], [0, 1, 1]);
export const downAp7 = (c: IJK) => transform(c, [3, 0, 1], [1, 3, 0], [0, 1, 3]);
export const downAp7r = (c: IJK) => transform(c, [3, 1, 0], [0, 3, 1], [1, 0, 3]);
const downAp3 = (c: IJK) => transform(c, [2, 0, 1], [1, 2, 0], [0, 1, 2]);
const downAp3r = (c: IJK) => transform(c, [2, 1, 0], [0, 2, 1], [1, 0, 2]);

/** C's lround: halves away from zero. */
const lround = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x));

export function upAp7(c: IJK): IJK {
  const i = c[0] - c[2];
  const j = c[1] - c[2];
  return normalizeIJK([lround((3 * i - j) / 7), lround((i + 2 * j) / 7), 0]);
}

export function upAp7r(c: IJK): IJK {
  const i = c[0] - c[2];
  const j = c[1] - c[2];
  return normalizeIJK([lround((2 * i + j) / 7), lround((3 * j - i) / 7), 0]);
}

/** The digit of a unit (or zero) vector, 7 when it is neither. */
export function unitToDigit(c: IJK): number {
  const n = normalizeIJK(c);
  const d = UNIT_VECS.findIndex((u) => u[0] === n[0] && u[1] === n[1] && u[2] === n[2]);
  return d < 0 ? 7 : d;
}

export const neighborIJK = (c: IJK, digit: number): IJK => (digit > 0 && digit < 7 ? normalizeIJK(addIJK(c, UNIT_VECS[digit]!)) : c);

function toHex2d(c: IJK): [number, number] {
  const i = c[0] - c[2];
  const j = c[1] - c[2];
  return [i - 0.5 * j, j * SQRT3_2];
}

/** The hex containing a 2D point of a face's grid (H3's rounding, folded across the axes). */
function hex2dToIJK(x: number, y: number): IJK {
  const a1 = Math.abs(x);
  const a2 = Math.abs(y);
  const x2 = a2 / SQRT3_2;
  const x1 = a1 + x2 / 2;
  const m1 = Math.trunc(x1);
  const m2 = Math.trunc(x2);
  const r1 = x1 - m1;
  const r2 = x2 - m2;
  let i: number;
  let j: number;
  if (r1 < 0.5) {
    if (r1 < 1 / 3) {
      i = m1;
      j = r2 < (1 + r1) / 2 ? m2 : m2 + 1;
    } else {
      j = r2 < 1 - r1 ? m2 : m2 + 1;
      i = 1 - r1 <= r2 && r2 < 2 * r1 ? m1 + 1 : m1;
    }
  } else if (r1 < 2 / 3) {
    j = r2 < 1 - r1 ? m2 : m2 + 1;
    i = 2 * r1 - 1 < r2 && r2 < 1 - r1 ? m1 : m1 + 1;
  } else {
    i = m1 + 1;
    j = r2 < r1 / 2 ? m2 : m2 + 1;
  }
  if (x < 0) {
    if (j % 2 === 0) i -= 2 * (i - j / 2);
    else i -= 2 * (i - (j + 1) / 2) + 1;
  }
  if (y < 0) {
    i -= Math.trunc((2 * j + 1) / 2);
    j = -j;
  }
  return normalizeIJK([i, j, 0]);
}

const posAngle = (a: number) => {
  const t = a < 0 ? a + 2 * Math.PI : a;
  return a >= 2 * Math.PI ? t - 2 * Math.PI : t;
};

function azimuth(lat1: number, lng1: number, lat2: number, lng2: number): number {
  return Math.atan2(Math.cos(lat2) * Math.sin(lng2 - lng1), Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(lng2 - lng1));
}

const constrainLng = (l: number) => {
  let x = l;
  while (x > Math.PI) x -= 2 * Math.PI;
  while (x < -Math.PI) x += 2 * Math.PI;
  return x;
};

/** The point at distance d (radians) and azimuth az from (lat, lng): [lat, lng]. */
function azDistance(lat: number, lng: number, azIn: number, d: number): [number, number] {
  if (d < EPSILON) return [lat, lng];
  const az = posAngle(azIn);
  const pole = (la: number): [number, number] | undefined =>
    Math.abs(la - Math.PI / 2) < EPSILON ? [Math.PI / 2, 0] : Math.abs(la + Math.PI / 2) < EPSILON ? [-Math.PI / 2, 0] : undefined;
  if (az < EPSILON || Math.abs(az - Math.PI) < EPSILON) {
    const la = az < EPSILON ? lat + d : lat - d;
    return pole(la) ?? [la, constrainLng(lng)];
  }
  const sinlat = Math.max(-1, Math.min(1, Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(az)));
  const la = Math.asin(sinlat);
  const p = pole(la);
  if (p !== undefined) return p;
  const sinlng = Math.max(-1, Math.min(1, (Math.sin(az) * Math.sin(d)) / Math.cos(la)));
  const coslng = Math.max(-1, Math.min(1, (Math.cos(d) - Math.sin(lat) * Math.sin(la)) / Math.cos(lat) / Math.cos(la)));
  return [la, constrainLng(lng + Math.atan2(sinlng, coslng))];
}

/** The face and face-grid cell of a point ([lat, lng] radians) at a resolution. */
export function geoToFaceIJK(lat: number, lng: number, res: number): FaceIJK {
  const cl = Math.cos(lat);
  const p = [cl * Math.cos(lng), cl * Math.sin(lng), Math.sin(lat)];
  let face = 0;
  let sqd = Number.POSITIVE_INFINITY;
  FACE_CENTER_POINT.forEach((c, f) => {
    const d = (c[0] - p[0]!) ** 2 + (c[1] - p[1]!) ** 2 + (c[2] - p[2]!) ** 2;
    if (d < sqd) {
      face = f;
      sqd = d;
    }
  });
  let r = Math.acos(1 - sqd / 2);
  if (r < EPSILON) return { face, ijk: hex2dToIJK(0, 0) };
  const center = FACE_CENTER_GEO[face]!;
  let theta = posAngle(FACE_AXIS_AZ[face]! - posAngle(azimuth(center[0], center[1], lat, lng)));
  if (isClassIII(res)) theta = posAngle(theta - AP7_ROT_RADS);
  r = Math.tan(r) / RES0_U_GNOMONIC;
  for (let i = 0; i < res; i++) r *= SQRT7;
  return { face, ijk: hex2dToIJK(r * Math.cos(theta), r * Math.sin(theta)) };
}

/** A face-grid 2D point back to [lat, lng] radians (`substrate`: on the vertex grid). */
function hex2dToGeo(x: number, y: number, face: number, res: number, substrate: boolean): [number, number] {
  let r = Math.hypot(x, y);
  const center = FACE_CENTER_GEO[face]!;
  if (r < EPSILON) return [center[0], center[1]];
  let theta = Math.atan2(y, x);
  for (let i = 0; i < res; i++) r /= SQRT7;
  if (substrate) {
    r /= 3;
    if (isClassIII(res)) r /= SQRT7;
  }
  r = Math.atan(r * RES0_U_GNOMONIC);
  if (!substrate && isClassIII(res)) theta = posAngle(theta + AP7_ROT_RADS);
  theta = posAngle(FACE_AXIS_AZ[face]! - theta);
  return azDistance(center[0], center[1], theta, r);
}

export function faceIJKToGeo(f: FaceIJK, res: number): [number, number] {
  const [x, y] = toHex2d(f.ijk);
  return hex2dToGeo(x, y, f.face, res, false);
}

/**
 * Moves a face-grid address to the adjacent face where it lies past this face's edge.
 * Returns 0 when it stays, 1 when it lies on the edge (substrate grids only), 2 when it moved.
 */
export function adjustOverage(f: FaceIJK, res: number, pentLeading4: boolean, substrate: boolean): number {
  let maxDim = MAX_DIM_BY_CII_RES[res]!;
  if (substrate) maxDim *= 3;
  const sum = f.ijk[0] + f.ijk[1] + f.ijk[2];
  if (substrate && sum === maxDim) return 1;
  if (sum <= maxDim) return 0;
  let quadrant: number;
  if (f.ijk[2] > 0) {
    if (f.ijk[1] > 0) quadrant = 2;
    else {
      quadrant = 1;
      if (pentLeading4) {
        const origin: IJK = [maxDim, 0, 0];
        f.ijk = addIJK(rotate60cw(subIJK(f.ijk, origin)), origin);
      }
    }
  } else quadrant = 0;
  const [face, ti, tj, tk, rot] = FACE_NEIGHBORS[f.face]![quadrant]!;
  f.face = face;
  for (let i = 0; i < rot; i++) f.ijk = rotate60ccw(f.ijk);
  let unit = UNIT_SCALE_BY_CII_RES[res]!;
  if (substrate) unit *= 3;
  f.ijk = normalizeIJK(addIJK(f.ijk, [ti * unit, tj * unit, tk * unit]));
  return substrate && f.ijk[0] + f.ijk[1] + f.ijk[2] === maxDim ? 1 : 2;
}

const HEX_VERTS_CII: readonly IJK[] = [
  [2, 1, 0],
  [1, 2, 0],
  [0, 2, 1],
  [0, 1, 2],
  [1, 0, 2],
  [2, 0, 1],
];
const HEX_VERTS_CIII: readonly IJK[] = [
  [5, 4, 0],
  [1, 5, 0],
  [0, 5, 4],
  [0, 1, 5],
  [4, 0, 5],
  [5, 0, 1],
];

/** A cell's vertices on the substrate (vertex) grid, and that grid's resolution. */
function substrateVertices(center: FaceIJK, res: number, count: number): { verts: FaceIJK[]; res: number } {
  let c = downAp3r(downAp3(center.ijk));
  let r = res;
  if (isClassIII(res)) {
    c = downAp7r(c);
    r++;
  }
  const base = isClassIII(res) ? HEX_VERTS_CIII : HEX_VERTS_CII;
  return { verts: base.slice(0, count).map((v) => ({ face: center.face, ijk: normalizeIJK(addIJK(c, v)) })), res: r };
}

/** Where segment p0p1 meets segment p2p3 (H3 computes the parameter in single precision). */
function intersect(p0: [number, number], p1: [number, number], p2: [number, number], p3: [number, number]): [number, number] {
  const s1 = [p1[0] - p0[0], p1[1] - p0[1]];
  const s2 = [p3[0] - p2[0], p3[1] - p2[1]];
  const t = Math.fround((s2[0]! * (p0[1] - p2[1]) - s2[1]! * (p0[0] - p2[0])) / (-s2[0]! * s1[1]! + s1[0]! * s2[1]!));
  return [p0[0] + t * s1[0]!, p0[1] + t * s1[1]!];
}

/** The icosahedron edge (in face-grid 2D) between a face and its neighbour in direction dir. */
function faceEdge(dir: number, maxDim: number): [[number, number], [number, number]] {
  const v0: [number, number] = [3 * maxDim, 0];
  const v1: [number, number] = [-1.5 * maxDim, 3 * SQRT3_2 * maxDim];
  const v2: [number, number] = [-1.5 * maxDim, -3 * SQRT3_2 * maxDim];
  return dir === 1 ? [v0, v1] : dir === 3 ? [v1, v2] : [v2, v0];
}

/** A hexagon's boundary, [lat, lng] radians, with extra vertices where it crosses a face edge. */
export function hexBoundary(center: FaceIJK, res: number): [number, number][] {
  const { verts, res: adjRes } = substrateVertices(center, res, 6);
  const out: [number, number][] = [];
  let lastFace = -1;
  let lastOverage = 0;
  for (let vert = 0; vert < 7; vert++) {
    const v = vert % 6;
    const f: FaceIJK = { face: verts[v]!.face, ijk: [...verts[v]!.ijk] };
    const overage = adjustOverage(f, adjRes, false, true);
    if (isClassIII(res) && vert > 0 && f.face !== lastFace && lastOverage !== 1) {
      const o0 = toHex2d(verts[(v + 5) % 6]!.ijk);
      const o1 = toHex2d(verts[v]!.ijk);
      const face2 = lastFace === center.face ? f.face : lastFace;
      const [e0, e1] = faceEdge(ADJACENT_FACE_DIR[center.face]![face2]!, MAX_DIM_BY_CII_RES[adjRes]!);
      const inter = intersect(o0, o1, e0, e1);
      const atVertex = (p: [number, number]) => Math.abs(p[0] - inter[0]) < FLT_EPSILON && Math.abs(p[1] - inter[1]) < FLT_EPSILON;
      if (!atVertex(o0) && !atVertex(o1)) out.push(hex2dToGeo(inter[0], inter[1], center.face, adjRes, true));
    }
    if (vert < 6) {
      const [x, y] = toHex2d(f.ijk);
      out.push(hex2dToGeo(x, y, f.face, adjRes, true));
    }
    lastFace = f.face;
    lastOverage = overage;
  }
  return out;
}

/** A pentagon's boundary (all Class III pentagon edges cross face edges). */
export function pentagonBoundary(center: FaceIJK, res: number): [number, number][] {
  const { verts, res: adjRes } = substrateVertices(center, res, 5);
  const out: [number, number][] = [];
  let last: FaceIJK | undefined;
  for (let vert = 0; vert < 6; vert++) {
    const f: FaceIJK = { face: verts[vert % 5]!.face, ijk: [...verts[vert % 5]!.ijk] };
    while (adjustOverage(f, adjRes, false, true) === 2);
    if (isClassIII(res) && vert > 0 && last !== undefined) {
      const o0 = toHex2d(last.ijk);
      const dir = ADJACENT_FACE_DIR[f.face]![last.face]!;
      const [face, ti, tj, tk, rot] = FACE_NEIGHBORS[f.face]![dir - 1]!;
      let ijk: IJK = [...f.ijk];
      for (let i = 0; i < rot; i++) ijk = rotate60ccw(ijk);
      const unit = UNIT_SCALE_BY_CII_RES[adjRes]! * 3;
      ijk = normalizeIJK(addIJK(ijk, [ti * unit, tj * unit, tk * unit]));
      const o1 = toHex2d(ijk);
      const [e0, e1] = faceEdge(ADJACENT_FACE_DIR[face]![f.face]!, MAX_DIM_BY_CII_RES[adjRes]!);
      const inter = intersect(o0, o1, e0, e1);
      out.push(hex2dToGeo(inter[0], inter[1], face, adjRes, true));
    }
    if (vert < 5) {
      const [x, y] = toHex2d(f.ijk);
      out.push(hex2dToGeo(x, y, f.face, adjRes, true));
    }
    last = f;
  }
  return out;
}
