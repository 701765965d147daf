/**
 * Numbering rows by their key: the one mechanism under summarize, distinct, make-series and
 * the other grouping operators. Each key column is numbered densely first (dictionary codes as
 * they are; numbers — datetimes, counts — through an open-addressing table over a Float64Array,
 * because a JS Map boxes every double beyond 2^31 and hashes it on the heap; strings and
 * dynamic values through a Map), then the per-column numbers are combined and numbered again.
 *
 * Rows are numbered in the order their key first appears (group 0 is row 0's key), which is the
 * order summarize and distinct emit groups in.
 */
import type { Value } from "../types.js";
import { type Column, ConstantColumn, FixedColumn, ObjectColumn } from "./column.js";
import { DictionaryColumn } from "./dictionary.js";

export interface GroupIds {
  /** Each row's group, 0 … count − 1. */
  readonly ids: Int32Array;
  /** The first row of each group, in group order. */
  readonly firstRow: Int32Array;
  readonly count: number;
}

const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer);

function hashDouble(x: number): number {
  bits[0] = x;
  let h = Math.imul(halves[0]! ^ Math.imul(halves[1]!, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Dense ids for doubles: open addressing with linear probing over typed arrays. */
export class NumberIds {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The id of `x` (a new one, the next integer, the first time it is seen). NaNs are one key, as are 0 and -0. */
  idOf(x: number): number {
    const key = x === 0 ? 0 : x;
    let i = hashDouble(key) & this.mask;
    const keys = this.keys;
    const slots = this.slots;
    for (;;) {
      const s = slots[i]!;
      if (s < 0) break;
      const k = keys[i]!;
      if (k === key || (Number.isNaN(k) && Number.isNaN(key))) return s;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    keys[i] = key;
    slots[i] = id;
    if (this.size * 2 > slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    const cap = oldSlots.length * 2;
    this.keys = new Float64Array(cap);
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const s = oldSlots[j]!;
      if (s < 0) continue;
      let i = hashDouble(oldKeys[j]!) & this.mask;
      while (this.slots[i]! >= 0) i = (i + 1) & this.mask;
      this.keys[i] = oldKeys[j]!;
      this.slots[i] = s;
    }
  }
}

/** A dynamic value as a key: objects by their JSON (two equal objects are one key), strings tagged so that no string reads as an object's key. */
const dynamicKey = (v: Value): Value => (v === null ? null : typeof v === "object" ? `j${JSON.stringify(v)}` : typeof v === "string" ? `s${v}` : v);

/** One column's rows numbered densely (not in first-appearance order for dictionaries). */
function columnIds(c: Column, n: number): { codes: Int32Array; cardinality: number } {
  if (c instanceof ConstantColumn) return { codes: new Int32Array(n), cardinality: 1 };
  // A dictionary holding null may also hold "" (one string value, two codes): numbered anew.
  if (c instanceof DictionaryColumn && !c.dictionary.includes(null)) return { codes: c.codes, cardinality: c.dictionary.length };
  const codes = new Int32Array(n);
  if (c instanceof FixedColumn) {
    const ids = new NumberIds(Math.min(n, 1 << 16));
    const values = c.values;
    const nulls = c.nulls;
    // Null is one more id, after the numbers'.
    let nullId = -1;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        codes[i] = -1;
        nullId = 0;
      } else codes[i] = ids.idOf(values[i]!);
    }
    if (nullId < 0) return { codes, cardinality: ids.size };
    for (let i = 0; i < n; i++) if (codes[i]! < 0) codes[i] = ids.size;
    return { codes, cardinality: ids.size + 1 };
  }
  const ids = new Map<Value, number>();
  const read = c.type === "dynamic" ? (i: number) => dynamicKey(c.get(i)) : c instanceof ObjectColumn ? (i: number) => c.values[i] as Value : (i: number) => c.get(i);
  for (let i = 0; i < n; i++) {
    const v = read(i);
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    codes[i] = id;
  }
  return { codes, cardinality: ids.size };
}

/** Rows numbered by the combination of the key columns' values (no columns: one group). */
export function groupIds(cols: readonly Column[], n: number): GroupIds {
  const ids = new Int32Array(n);
  if (cols.length === 0) return { ids, firstRow: n > 0 ? Int32Array.of(0) : new Int32Array(0), count: n > 0 ? 1 : 0 };
  // Each column's codes, combined into one number per row (exact while below 2^53).
  let combined: Float64Array | Int32Array | null = null;
  let radix = 1;
  for (const c of cols) {
    const { codes, cardinality } = columnIds(c, n);
    const card = Math.max(1, cardinality);
    if (combined === null) combined = codes;
    else {
      if (radix * card > Number.MAX_SAFE_INTEGER) return groupIdsByText(cols, n);
      const next: Float64Array = combined instanceof Float64Array ? combined : Float64Array.from(combined);
      for (let i = 0; i < n; i++) next[i] = next[i]! * card + codes[i]!;
      combined = next;
    }
    radix *= card;
  }
  const firstRow: number[] = [];
  const key = combined!;
  if (radix <= Math.max(256, 2 * n) && radix <= 1 << 22) {
    // Few combinations: a direct table from combined key to group.
    const table = new Int32Array(radix).fill(-1);
    for (let i = 0; i < n; i++) {
      const k = key[i]!;
      let g = table[k]!;
      if (g < 0) {
        g = table[k] = firstRow.length;
        firstRow.push(i);
      }
      ids[i] = g;
    }
  } else {
    const groups = new NumberIds(Math.min(n, 1 << 16));
    for (let i = 0; i < n; i++) {
      const g = groups.idOf(key[i]!);
      if (g === firstRow.length) firstRow.push(i);
      ids[i] = g;
    }
  }
  return { ids, firstRow: Int32Array.from(firstRow), count: firstRow.length };
}

/** Too many combinations for one number: typed text keys (1 and "1" stay apart). */
function groupIdsByText(cols: readonly Column[], n: number): GroupIds {
  const part = (v: Value): string =>
    v === null ? "n" : typeof v === "string" ? `s${v.length}:${v}` : typeof v === "number" ? `d${v}` : typeof v === "boolean" ? (v ? "T" : "F") : `j${JSON.stringify(v)}`;
  const ids = new Int32Array(n);
  const groups = new Map<string, number>();
  const firstRow: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = "";
    for (const c of cols) s += `${part(c.get(i))}|`;
    let g = groups.get(s);
    if (g === undefined) {
      groups.set(s, (g = firstRow.length));
      firstRow.push(i);
    }
    ids[i] = g;
  }
  return { ids, firstRow: Int32Array.from(firstRow), count: firstRow.length };
}
