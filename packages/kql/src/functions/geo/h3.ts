/**
 * H3 cell indexes: 64 bits holding the mode (1 = cell), the resolution, the base cell and one
 * 3-bit digit per resolution (7 past the cell's own resolution). Conversions between points and
 * cells, a cell's centre and boundary, parents and children, and neighbour traversal — H3's
 * published algorithms (latLngToCell, cellToLatLng, cellToBoundary, h3NeighborRotations,
 * gridDiskDistances), with its tables in h3-tables.ts and its face geometry in h3-core.ts.
 */
import type { Coord } from "./geojson.js";
import {
  type FaceIJK,
  type IJK,
  adjustOverage,
  downAp7,
  downAp7r,
  faceIJKToGeo,
  geoToFaceIJK,
  hexBoundary,
  isClassIII,
  neighborIJK,
  pentagonBoundary,
  subIJK,
  unitToDigit,
  upAp7,
  upAp7r,
} from "./h3-core.js";
import { BASE_CELLS, BASE_CELL_NEIGHBORS, BASE_CELL_NEIGHBOR_ROTATIONS, FACE_IJK_BASE_CELLS } from "./h3-tables.js";

const K = 1;
const JK = 3;
const I = 4;
const IK = 5;
const INVALID_BASE_CELL = 127;
const RAD = Math.PI / 180;

// ---------------------------------------------------------------- bit fields

export const resolution = (h: bigint) => Number((h >> 52n) & 15n);
export const baseCell = (h: bigint) => Number((h >> 45n) & 127n);
const setResolution = (h: bigint, r: number) => (h & ~(15n << 52n)) | (BigInt(r) << 52n);
const setBaseCell = (h: bigint, b: number) => (h & ~(127n << 45n)) | (BigInt(b) << 45n);
const digitShift = (r: number) => BigInt((15 - r) * 3);
export const digit = (h: bigint, r: number) => Number((h >> digitShift(r)) & 7n);
const setDigit = (h: bigint, r: number, d: number) => (h & ~(7n << digitShift(r))) | (BigInt(d) << digitShift(r));

/** A cell index at a resolution with every digit 7 (set below). */
function initIndex(res: number, bc: number): bigint {
  let h = (1n << 59n) | (BigInt(res) << 52n) | (BigInt(bc) << 45n) | ((1n << 45n) - 1n);
  for (let r = 1; r <= res; r++) h = setDigit(h, r, 0);
  return h;
}

function leadingNonZeroDigit(h: bigint): number {
  for (let r = 1; r <= resolution(h); r++) {
    const d = digit(h, r);
    if (d !== 0) return d;
  }
  return 0;
}

export const isPentagon = (h: bigint) => BASE_CELLS[baseCell(h)]!.pentagon && leadingNonZeroDigit(h) === 0;

const ROT_CCW = [0, 5, 3, 1, 6, 4, 2];
const ROT_CW = [0, 3, 6, 2, 5, 1, 4];

function rotateDigits(h: bigint, table: readonly number[]): bigint {
  let out = h;
  for (let r = 1; r <= resolution(h); r++) out = setDigit(out, r, table[digit(out, r)]!);
  return out;
}
const rotate60ccw = (h: bigint) => rotateDigits(h, ROT_CCW);
const rotate60cw = (h: bigint) => rotateDigits(h, ROT_CW);

/** Rotation about a pentagon centre, skipping its deleted k sub-sequence. */
function rotatePent(h: bigint, table: readonly number[], again: (x: bigint) => bigint): bigint {
  let out = h;
  let found = false;
  for (let r = 1; r <= resolution(out); r++) {
    out = setDigit(out, r, table[digit(out, r)]!);
    if (!found && digit(out, r) !== 0) {
      found = true;
      if (leadingNonZeroDigit(out) === K) out = again(out);
    }
  }
  return out;
}
const rotatePent60ccw = (h: bigint) => rotatePent(h, ROT_CCW, rotate60ccw);

// ---------------------------------------------------------------- validity and text

export function isValidCell(h: bigint): boolean {
  if (h >> 63n !== 0n || ((h >> 59n) & 15n) !== 1n || ((h >> 56n) & 7n) !== 0n) return false;
  const bc = baseCell(h);
  if (bc >= 122) return false;
  const res = resolution(h);
  let first = false;
  for (let r = 1; r <= res; r++) {
    const d = digit(h, r);
    if (!first && d !== 0) {
      first = true;
      if (BASE_CELLS[bc]!.pentagon && d === K) return false;
    }
    if (d === 7) return false;
  }
  for (let r = res + 1; r <= 15; r++) if (digit(h, r) !== 7) return false;
  return true;
}

/** A cell from its hex text, or null when the text is not a valid cell. */
export function parseCell(text: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(text.trim())) return null;
  const h = BigInt(`0x${text.trim()}`);
  return isValidCell(h) ? h : null;
}

export const cellText = (h: bigint) => h.toString(16);

// ---------------------------------------------------------------- points and cells

function faceIJKToCell(f: FaceIJK, res: number): bigint | null {
  let h = initIndex(res, 0);
  let ijk: IJK = f.ijk;
  for (let r = res - 1; r >= 0; r--) {
    const last = ijk;
    let center: IJK;
    if (isClassIII(r + 1)) {
      ijk = upAp7(ijk);
      center = downAp7(ijk);
    } else {
      ijk = upAp7r(ijk);
      center = downAp7r(ijk);
    }
    h = setDigit(h, r + 1, unitToDigit(subIJK(last, center)));
  }
  if (ijk[0] > 2 || ijk[1] > 2 || ijk[2] > 2) return null;
  const [bc, rots] = FACE_IJK_BASE_CELLS[f.face]![ijk[0] * 9 + ijk[1] * 3 + ijk[2]]!;
  h = setBaseCell(h, bc);
  if (BASE_CELLS[bc]!.pentagon) {
    if (leadingNonZeroDigit(h) === K) h = BASE_CELLS[bc]!.cwOffset.includes(f.face) ? rotate60cw(h) : rotate60ccw(h);
    for (let i = 0; i < rots; i++) h = rotatePent60ccw(h);
  } else for (let i = 0; i < rots; i++) h = rotate60ccw(h);
  return h;
}

export function cellOfPoint(c: Coord, res: number): bigint | null {
  return faceIJKToCell(geoToFaceIJK(c[1] * RAD, c[0] * RAD, res), res);
}

function cellToFaceIJK(hIn: bigint): FaceIJK {
  let h = hIn;
  const bc = baseCell(h);
  const pent = BASE_CELLS[bc]!.pentagon;
  if (pent && leadingNonZeroDigit(h) === IK) h = rotate60cw(h);
  const home = BASE_CELLS[bc]!;
  const f: FaceIJK = { face: home.face, ijk: [...home.ijk] };
  const res = resolution(h);
  const possibleOverage = pent || !(res === 0 || (f.ijk[0] === 0 && f.ijk[1] === 0 && f.ijk[2] === 0));
  for (let r = 1; r <= res; r++) {
    f.ijk = isClassIII(r) ? downAp7(f.ijk) : downAp7r(f.ijk);
    f.ijk = neighborIJK(f.ijk, digit(h, r));
  }
  if (!possibleOverage) return f;
  const orig: IJK = [...f.ijk];
  let adjRes = res;
  if (isClassIII(res)) {
    f.ijk = downAp7r(f.ijk);
    adjRes++;
  }
  const pentLeading4 = pent && leadingNonZeroDigit(h) === I;
  if (adjustOverage(f, adjRes, pentLeading4, false) !== 0) {
    if (pent) while (adjustOverage(f, adjRes, false, false) !== 0);
    if (adjRes !== res) f.ijk = upAp7r(f.ijk);
  } else if (adjRes !== res) f.ijk = orig;
  return f;
}

const toCoord = (g: [number, number]): Coord => [g[1] / RAD, g[0] / RAD];

export function cellCenter(h: bigint): Coord {
  return toCoord(faceIJKToGeo(cellToFaceIJK(h), resolution(h)));
}

/** The boundary vertices, counter-clockwise, [lng, lat] degrees. */
export function cellBoundary(h: bigint): Coord[] {
  const f = cellToFaceIJK(h);
  const res = resolution(h);
  return (isPentagon(h) ? pentagonBoundary(f, res) : hexBoundary(f, res)).map(toCoord);
}

export function parent(h: bigint, res: number): bigint {
  let p = setResolution(h, res);
  for (let r = res + 1; r <= 15; r++) p = setDigit(p, r, 7);
  return p;
}

/** The children at a finer resolution (a pentagon's deleted k children left out). */
export function children(h: bigint, res: number): bigint[] {
  let out = [h];
  for (let r = resolution(h) + 1; r <= res; r++) {
    const next: bigint[] = [];
    for (const c of out) {
      const pent = isPentagon(c);
      const base = setResolution(c, r);
      for (let d = 0; d < 7; d++) if (!(pent && d === K)) next.push(setDigit(base, r, d));
    }
    out = next;
  }
  return out;
}

// ---------------------------------------------------------------- neighbours

const NEW_DIGIT_II = [
  [0, 1, 2, 3, 4, 5, 6],
  [1, 4, 3, 6, 5, 2, 0],
  [2, 3, 1, 4, 6, 0, 5],
  [3, 6, 4, 5, 0, 1, 2],
  [4, 5, 6, 0, 2, 3, 1],
  [5, 2, 0, 1, 3, 6, 4],
  [6, 0, 5, 2, 1, 4, 3],
];
const NEW_ADJUSTMENT_II = [
  [0, 0, 0, 0, 0, 0, 0],
  [0, 1, 0, 1, 0, 5, 0],
  [0, 0, 2, 3, 0, 0, 2],
  [0, 1, 3, 3, 0, 0, 0],
  [0, 0, 0, 0, 4, 4, 6],
  [0, 5, 0, 0, 4, 5, 0],
  [0, 0, 2, 0, 6, 0, 6],
];
const NEW_DIGIT_III = [
  [0, 1, 2, 3, 4, 5, 6],
  [1, 2, 3, 4, 5, 6, 0],
  [2, 3, 4, 5, 6, 0, 1],
  [3, 4, 5, 6, 0, 1, 2],
  [4, 5, 6, 0, 1, 2, 3],
  [5, 6, 0, 1, 2, 3, 4],
  [6, 0, 1, 2, 3, 4, 5],
];
const NEW_ADJUSTMENT_III = [
  [0, 0, 0, 0, 0, 0, 0],
  [0, 1, 0, 3, 0, 1, 0],
  [0, 0, 2, 2, 0, 0, 6],
  [0, 3, 2, 3, 0, 0, 0],
  [0, 0, 0, 0, 4, 5, 4],
  [0, 1, 0, 0, 5, 5, 0],
  [0, 0, 6, 0, 4, 0, 6],
];

/** The neighbour of a cell in a direction, tracking rotations across faces (null: deleted k). */
function neighborRotations(origin: bigint, dirIn: number, rotations: { n: number }): bigint | null {
  let current = origin;
  let dir = dirIn;
  rotations.n %= 6;
  for (let i = 0; i < rotations.n; i++) dir = ROT_CCW[dir]!;
  let newRotations = 0;
  const oldBaseCell = baseCell(current);
  const oldLeading = leadingNonZeroDigit(current);
  for (let r = resolution(current) - 1; ; ) {
    if (r === -1) {
      current = setBaseCell(current, BASE_CELL_NEIGHBORS[oldBaseCell]![dir]!);
      newRotations = BASE_CELL_NEIGHBOR_ROTATIONS[oldBaseCell]![dir]!;
      if (baseCell(current) === INVALID_BASE_CELL) {
        current = setBaseCell(current, BASE_CELL_NEIGHBORS[oldBaseCell]![IK]!);
        newRotations = BASE_CELL_NEIGHBOR_ROTATIONS[oldBaseCell]![IK]!;
        current = rotate60ccw(current);
        rotations.n++;
      }
      break;
    }
    const oldDigit = digit(current, r + 1);
    if (oldDigit === 7) return null;
    const classIII = isClassIII(r + 1);
    current = setDigit(current, r + 1, (classIII ? NEW_DIGIT_II : NEW_DIGIT_III)[oldDigit]![dir]!);
    const nextDir = (classIII ? NEW_ADJUSTMENT_II : NEW_ADJUSTMENT_III)[oldDigit]![dir]!;
    if (nextDir === 0) break;
    dir = nextDir;
    r--;
  }
  const newBaseCell = baseCell(current);
  if (BASE_CELLS[newBaseCell]!.pentagon) {
    let adjusted = false;
    if (leadingNonZeroDigit(current) === K) {
      if (oldBaseCell !== newBaseCell) {
        current = BASE_CELLS[newBaseCell]!.cwOffset.includes(BASE_CELLS[oldBaseCell]!.face) ? rotate60cw(current) : rotate60ccw(current);
        adjusted = true;
      } else if (oldLeading === 0) return null;
      else if (oldLeading === JK) {
        current = rotate60ccw(current);
        rotations.n++;
      } else if (oldLeading === IK) {
        current = rotate60cw(current);
        rotations.n += 5;
      } else return null;
    }
    for (let i = 0; i < newRotations; i++) current = rotatePent60ccw(current);
    if (oldBaseCell !== newBaseCell) {
      if (newBaseCell === 4 || newBaseCell === 117) {
        if (oldBaseCell !== 118 && oldBaseCell !== 8 && leadingNonZeroDigit(current) !== JK) rotations.n++;
      } else if (leadingNonZeroDigit(current) === IK && !adjusted) rotations.n++;
    }
  } else for (let i = 0; i < newRotations; i++) current = rotate60ccw(current);
  rotations.n = (rotations.n + newRotations) % 6;
  return current;
}

/** Ring traversal directions, and the step out to the next ring. */
const DIRECTIONS = [2, 3, 1, 5, 4, 6];
const NEXT_RING = I;

/** Cells within distance k, by ring (H3's gridDiskDistancesUnsafe order); null near pentagons. */
function diskUnsafe(originIn: bigint, k: number): bigint[][] | null {
  if (isPentagon(originIn)) return null;
  const rings: bigint[][] = [[originIn]];
  let origin: bigint | null = originIn;
  const rot = { n: 0 };
  for (let ring = 1; ring <= k; ring++) {
    origin = neighborRotations(origin!, NEXT_RING, rot);
    if (origin === null || isPentagon(origin)) return null;
    const cells: bigint[] = [];
    for (let direction = 0; direction < 6; direction++)
      for (let i = 0; i < ring; i++) {
        origin = neighborRotations(origin!, DIRECTIONS[direction]!, rot);
        if (origin === null || isPentagon(origin)) return null;
        cells.push(origin);
      }
    rings.push(cells);
  }
  return rings;
}

/** Cells within distance k of a cell, by ring; breadth-first where pentagons distort the grid. */
export function disk(origin: bigint, k: number): bigint[][] {
  const fast = diskUnsafe(origin, k);
  if (fast !== null) return fast;
  const seen = new Set<bigint>([origin]);
  const rings: bigint[][] = [[origin]];
  for (let ring = 1; ring <= k; ring++) {
    const next: bigint[] = [];
    for (const c of rings[ring - 1]!)
      for (const d of DIRECTIONS) {
        const n = neighborRotations(c, d, { n: 0 });
        if (n !== null && !seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    rings.push(next);
  }
  return rings;
}
