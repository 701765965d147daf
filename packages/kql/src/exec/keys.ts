/**
 * Grouping and join keys. One key column: its values are Map keys directly (numbers, strings,
 * booleans; dynamic values as their JSON). Several: a string joining typed encodings, so that
 * 1 and "1" stay different keys.
 */
import type { Value } from "../types.js";
import type { Column } from "./column.js";
import { DictionaryColumn } from "./dictionary.js";

export type Key = string | number | boolean | null;

function part(v: Value): string {
  if (v === null) return "n";
  switch (typeof v) {
    case "string":
      return `s${v.length}:${v}`;
    case "number":
      return `d${v}`;
    case "boolean":
      return v ? "T" : "F";
    default:
      return `j${JSON.stringify(v)}`;
  }
}

/** A function giving row i's key over the given key columns. */
/**
 * `sameTable`: every key is read from these very columns (grouping, distinct), so dictionary
 * codes may stand for values. Never for joins: two sides have different dictionaries.
 */
export function keyReader(cols: readonly Column[], sameTable = false): (i: number) => Key {
  if (cols.length === 0) return () => "";
  if (cols.length === 1) {
    const c = cols[0]!;
    // Dictionary codes identify the values; a null entry still reads as null.
    if (sameTable && c instanceof DictionaryColumn && !c.dictionary.includes(null)) {
      const codes = c.codes;
      return (i) => codes[i]!;
    }
    if (c.type === "dynamic") return (i) => part(c.get(i));
    return (i) => c.get(i) as Key;
  }
  if (sameTable) {
    const dense = denseKeys(cols);
    if (dense !== null) return (i) => dense[i]!;
  }
  return (i) => {
    let s = "";
    for (const c of cols) s += `${part(c.get(i))}|`;
    return s;
  };
}

/**
 * Grouping on several columns: each column's values numbered densely (dictionary codes where
 * the column has them), then the numbers combined into one — a number key per row instead of
 * a joined string (most of the cost of `summarize … by Id, bin(TimeGenerated, 1h)`). Null when
 * the combination could exceed 2^53.
 */
function denseKeys(cols: readonly Column[]): Float64Array | null {
  const n = cols[0]!.length;
  const out = new Float64Array(n);
  let radix = 1;
  for (const c of cols) {
    let codes: ArrayLike<number>;
    let cardinality: number;
    // A dictionary holding null may also hold "" (one string value, two codes): numbered anew.
    if (c instanceof DictionaryColumn && !c.dictionary.includes(null)) {
      codes = c.codes;
      cardinality = c.dictionary.length;
    } else {
      const ids = new Map<Key, number>();
      const own = new Int32Array(n);
      const read = c.type === "dynamic" ? (i: number) => part(c.get(i)) : (i: number) => c.get(i) as Key;
      for (let i = 0; i < n; i++) {
        const v = read(i);
        let id = ids.get(v);
        if (id === undefined) ids.set(v, (id = ids.size));
        own[i] = id;
      }
      codes = own;
      cardinality = ids.size;
    }
    if (radix * Math.max(1, cardinality) > Number.MAX_SAFE_INTEGER) return null;
    for (let i = 0; i < n; i++) out[i] = out[i]! * Math.max(1, cardinality) + codes[i]!;
    radix *= Math.max(1, cardinality);
  }
  return out;
}

/** Whether row i has a null in any key column (SQL-style: null keys never join). */
export function hasNullKey(cols: readonly Column[], i: number): boolean {
  for (const c of cols) if (c.get(i) === null) return true;
  return false;
}
