/**
 * S2 cells (Google's S2 geometry, whose cell scheme is public): a cube projected onto the
 * sphere, each face's quadratic (u, v) → (s, t) grid subdivided along a Hilbert curve into 30
 * levels. A cell id is 64 bits (face, Hilbert position, a trailing 1 marking the level); a
 * token is its hex text without trailing zeros. This file follows S2's S2CellId: the lookup
 * tables of the Hilbert curve, FromFaceIJ / ToFaceIJ, the face projections, and the neighbour
 * walk of AppendAllNeighbors.
 */
import type { Coord } from "./geojson.js";
import { type Vec, normalize, toCoord, toVec } from "./sphere.js";

const MAX_LEVEL = 30;
const MAX_SIZE = 1 << MAX_LEVEL;
const LOOKUP_BITS = 4;
const SWAP = 1;
const INVERT = 2;
const POS_TO_IJ = [
  [0, 1, 3, 2],
  [0, 2, 3, 1],
  [3, 2, 0, 1],
  [3, 1, 0, 2],
];
const POS_TO_ORIENTATION = [SWAP, 0, 0, INVERT + SWAP];

const lookupPos = new Int32Array(1 << (2 * LOOKUP_BITS + 2));
const lookupIJ = new Int32Array(1 << (2 * LOOKUP_BITS + 2));

function initLookup(level: number, i: number, j: number, origOrientation: number, pos: number, orientation: number): void {
  if (level === LOOKUP_BITS) {
    const ij = (i << LOOKUP_BITS) + j;
    lookupPos[(ij << 2) + origOrientation] = (pos << 2) + orientation;
    lookupIJ[(pos << 2) + origOrientation] = (ij << 2) + orientation;
    return;
  }
  const r = POS_TO_IJ[orientation]!;
  for (let k = 0; k < 4; k++)
    initLookup(level + 1, (i << 1) + (r[k]! >> 1), (j << 1) + (r[k]! & 1), origOrientation, (pos << 2) + k, orientation ^ POS_TO_ORIENTATION[k]!);
}
for (let o = 0; o < 4; o++) initLookup(0, 0, 0, o, 0, o);

function faceUVtoXYZ(face: number, u: number, v: number): Vec {
  switch (face) {
    case 0:
      return [1, u, v];
    case 1:
      return [-u, 1, v];
    case 2:
      return [-u, -v, 1];
    case 3:
      return [-1, -v, -u];
    case 4:
      return [v, -1, -u];
    default:
      return [v, u, -1];
  }
}

function xyzToFaceUV(p: Vec): [number, number, number] {
  const ax = [Math.abs(p[0]), Math.abs(p[1]), Math.abs(p[2])];
  let axis = ax[0]! > ax[1]! ? (ax[0]! > ax[2]! ? 0 : 2) : ax[1]! > ax[2]! ? 1 : 2;
  if (p[axis]! < 0) axis += 3;
  const [x, y, z] = p;
  switch (axis) {
    case 0:
      return [0, y / x, z / x];
    case 1:
      return [1, -x / y, z / y];
    case 2:
      return [2, -x / z, -y / z];
    case 3:
      return [3, z / x, y / x];
    case 4:
      return [4, z / y, -x / y];
    default:
      return [5, -y / z, -x / z];
  }
}

const uvToST = (u: number) => (u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u));
const stToUV = (s: number) => (s >= 0.5 ? (4 * s * s - 1) / 3 : (1 - 4 * (1 - s) * (1 - s)) / 3);
const stToIJ = (s: number) => Math.max(0, Math.min(MAX_SIZE - 1, Math.floor(MAX_SIZE * s)));

function fromFaceIJ(face: number, i: number, j: number): bigint {
  let n = BigInt(face) << 60n;
  let bits = face & SWAP;
  const mask = (1 << LOOKUP_BITS) - 1;
  for (let k = 7; k >= 0; k--) {
    bits += ((i >> (k * LOOKUP_BITS)) & mask) << (LOOKUP_BITS + 2);
    bits += ((j >> (k * LOOKUP_BITS)) & mask) << 2;
    bits = lookupPos[bits]!;
    n |= BigInt(bits >> 2) << BigInt(k * 2 * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return (n << 1n) | 1n;
}

function toFaceIJ(id: bigint): [number, number, number] {
  const face = Number(id >> 61n);
  let i = 0;
  let j = 0;
  let bits = face & SWAP;
  for (let k = 7; k >= 0; k--) {
    const nbits = k === 7 ? MAX_LEVEL - 7 * LOOKUP_BITS : LOOKUP_BITS;
    bits += (Number((id >> BigInt(k * 2 * LOOKUP_BITS + 1)) & BigInt((1 << (2 * nbits)) - 1))) << 2;
    bits = lookupIJ[bits]!;
    i += (bits >> (LOOKUP_BITS + 2)) << (k * LOOKUP_BITS);
    j += ((bits >> 2) & ((1 << LOOKUP_BITS) - 1)) << (k * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return [face, i, j];
}

const lsbForLevel = (level: number) => 1n << BigInt(2 * (MAX_LEVEL - level));

function levelOf(id: bigint): number {
  let lsb = id & -id;
  let level = MAX_LEVEL;
  while (lsb > 1n) {
    lsb >>= 2n;
    level--;
  }
  return level;
}

export function parent(id: bigint, level: number): bigint {
  const lsb = lsbForLevel(level);
  return (id & -lsb) | lsb;
}

export function cellOfPoint(c: Coord, level: number): bigint {
  const [face, u, v] = xyzToFaceUV(toVec(c));
  return parent(fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(v))), level);
}

export function toToken(id: bigint): string {
  return id === 0n ? "X" : id.toString(16).padStart(16, "0").replace(/0+$/, "");
}

/** The cell id of a token, or null when it is not a valid cell (face < 6, level marker). */
export function fromToken(token: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(token)) return null;
  const id = BigInt(`0x${token}`) << BigInt(4 * (16 - token.length));
  if (id === 0n || id >> 61n > 5n) return null;
  const lsb = id & -id;
  // The marker bit sits at an even position (0, 2, …, 60).
  for (let b = 0n; b <= 60n; b += 2n) if (lsb === 1n << b) return id;
  return null;
}

/** The (u, v) bounds of a cell: [u0, u1, v0, v1] on its face. */
function cellBounds(id: bigint): { face: number; u: [number, number]; v: [number, number] } {
  const [face, i, j] = toFaceIJ(id);
  const size = 1 << (MAX_LEVEL - levelOf(id));
  const i0 = i & -size;
  const j0 = j & -size;
  return {
    face,
    u: [stToUV(i0 / MAX_SIZE), stToUV((i0 + size) / MAX_SIZE)],
    v: [stToUV(j0 / MAX_SIZE), stToUV((j0 + size) / MAX_SIZE)],
  };
}

export function cellCenter(id: bigint): Coord {
  const [face, i, j] = toFaceIJ(id);
  const size = 1 << (MAX_LEVEL - levelOf(id));
  const s = ((i & -size) + size / 2) / MAX_SIZE;
  const t = ((j & -size) + size / 2) / MAX_SIZE;
  return toCoord(normalize(faceUVtoXYZ(face, stToUV(s), stToUV(t))));
}

/** The cell's four vertices in S2Cell's order: (u0,v0), (u1,v0), (u1,v1), (u0,v1). */
export function cellVertices(id: bigint): Coord[] {
  const { face, u, v } = cellBounds(id);
  return [0, 1, 2, 3].map((k) => toCoord(normalize(faceUVtoXYZ(face, u[(k >> 1) ^ (k & 1)]!, v[k >> 1]!))));
}

function fromFaceIJWrap(face: number, i: number, j: number): bigint {
  const ci = Math.max(-1, Math.min(MAX_SIZE, i));
  const cj = Math.max(-1, Math.min(MAX_SIZE, j));
  const limit = 1 + Number.EPSILON;
  const u = Math.max(-limit, Math.min(limit, (2 * (ci - MAX_SIZE / 2) + 1) / MAX_SIZE));
  const v = Math.max(-limit, Math.min(limit, (2 * (cj - MAX_SIZE / 2) + 1) / MAX_SIZE));
  const [f, uu, vv] = xyzToFaceUV(faceUVtoXYZ(face, u, v));
  return fromFaceIJ(f, stToIJ(0.5 * (uu + 1)), stToIJ(0.5 * (vv + 1)));
}

function fromFaceIJSame(face: number, i: number, j: number, sameFace: boolean): bigint {
  return sameFace ? fromFaceIJ(face, i, j) : fromFaceIJWrap(face, i, j);
}

/**
 * The eight cells around a cell at its own level. The order is the geo_s2cell_neighbors page's:
 * in face (i, j) steps, (+1,+1), (−1,−1), (+1,−1), (0,−1), (0,+1), (+1,0), (−1,0), (−1,+1) —
 * the page's one example fixes it (S2's own AppendAllNeighbors walks them in another order).
 * Across a face edge a neighbour is found by projecting onto the adjacent face (S2's
 * FromFaceIJWrap); at a cube corner two steps can land on one cell, listed once.
 */
export function allNeighbors(id: bigint): bigint[] {
  const level = levelOf(id);
  const [face, fi, fj] = toFaceIJ(id);
  const size = 1 << (MAX_LEVEL - level);
  const i = fi & -size;
  const j = fj & -size;
  const out: bigint[] = [];
  for (const [di, dj] of NEIGHBOR_STEPS) {
    const ni = i + di * size;
    const nj = j + dj * size;
    const same = ni >= 0 && ni < MAX_SIZE && nj >= 0 && nj < MAX_SIZE;
    out.push(parent(fromFaceIJSame(face, ni, nj, same), level));
  }
  return [...new Set(out)].filter((n) => n !== id);
}

const NEIGHBOR_STEPS: readonly (readonly [number, number])[] = [
  [1, 1],
  [-1, -1],
  [1, -1],
  [0, -1],
  [0, 1],
  [1, 0],
  [-1, 0],
  [-1, 1],
];
