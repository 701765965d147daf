/**
 * Grouping and join keys. Grouping numbers rows by key (./group-ids.ts). Join keys: one column's
 * values are Map keys directly (numbers, strings, booleans; dynamic values as their JSON);
 * several, a string joining typed encodings, so that 1 and "1" stay different keys.
 */
import type { Value } from "../types.js";
import type { Column } from "./column.js";
import { groupIds } from "./group-ids.js";

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

/**
 * A function giving row i's key over the given key columns. `sameTable`: every key is read
 * from these very columns (grouping, distinct), so the key is the row's group number
 * (./group-ids.ts). Never for joins: two sides have different dictionaries.
 */
export function keyReader(cols: readonly Column[], sameTable = false): (i: number) => Key {
  if (cols.length === 0) return () => "";
  if (sameTable) {
    const { ids } = groupIds(cols, cols[0]!.length);
    return (i) => ids[i]!;
  }
  if (cols.length === 1) {
    const c = cols[0]!;
    if (c.type === "dynamic") return (i) => part(c.get(i));
    return (i) => c.get(i) as Key;
  }
  return (i) => {
    let s = "";
    for (const c of cols) s += `${part(c.get(i))}|`;
    return s;
  };
}

/** Whether row i has a null in any key column (SQL-style: null keys never join). */
export function hasNullKey(cols: readonly Column[], i: number): boolean {
  for (const c of cols) if (c.get(i) === null) return true;
  return false;
}
