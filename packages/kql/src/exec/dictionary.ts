/**
 * Dictionary-encoded string columns. Log tables repeat a few strings endlessly (OperationName,
 * Result, Category, AppId…): storing each row as a code into a small dictionary lets a function
 * of that column run once per distinct value instead of once per row, and lets grouping and
 * joins hash small integers. Encoding happens when a loaded table enters a catalog.
 */
import type { KType, Value } from "../types.js";
import type { Column } from "./column.js";
import { ObjectColumn } from "./column.js";

export class DictionaryColumn implements Column {
  constructor(
    readonly type: KType,
    readonly codes: Int32Array,
    readonly dictionary: readonly Value[],
  ) {}
  get length(): number {
    return this.codes.length;
  }
  get(i: number): Value {
    return this.dictionary[this.codes[i]!] as Value;
  }
  take(indices: Int32Array): DictionaryColumn {
    const out = new Int32Array(indices.length);
    const codes = this.codes;
    // -1 rows (outer joins) need a "missing" entry: string columns use "", guids null.
    let missing = -1;
    for (let i = 0; i < indices.length; i++) {
      const j = indices[i]!;
      if (j >= 0) out[i] = codes[j]!;
      else {
        if (missing < 0) missing = this.missingCode();
        out[i] = missing;
      }
    }
    return missing >= this.dictionary.length
      ? new DictionaryColumn(this.type, out, [...this.dictionary, this.type === "string" ? "" : null])
      : new DictionaryColumn(this.type, out, this.dictionary);
  }
  private missingCode(): number {
    const want = this.type === "string" ? "" : null;
    const at = this.dictionary.indexOf(want);
    return at >= 0 ? at : this.dictionary.length;
  }
}

/** Encode when at most this share of rows are distinct (and the column is long enough to matter). */
const MAX_DISTINCT_SHARE = 0.25;
const MIN_ROWS = 64;

/** Whether a column of `rows` rows with `distinct` distinct values is held as a dictionary. */
export function worthEncoding(distinct: number, rows: number): boolean {
  return rows >= MIN_ROWS && distinct <= distinctLimit(rows);
}

function distinctLimit(rows: number): number {
  return Math.max(16, Math.floor(rows * MAX_DISTINCT_SHARE));
}

/** A string or guid column as a dictionary column, or the column itself when that would not pay. */
export function dictionaryEncode(col: Column): Column {
  if ((col.type !== "string" && col.type !== "guid") || !(col instanceof ObjectColumn) || col.length < MIN_ROWS) return col;
  const limit = distinctLimit(col.length);
  const index = new Map<Value, number>();
  const dictionary: Value[] = [];
  const codes = new Int32Array(col.length);
  const values = col.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Value;
    let c = index.get(v);
    if (c === undefined) {
      if (dictionary.length >= limit) return col;
      c = dictionary.length;
      index.set(v, c);
      dictionary.push(v);
    }
    codes[i] = c;
  }
  return new DictionaryColumn(col.type, codes, dictionary);
}

/** The plain form of a dictionary column (a catalog that keeps loaded columns as they are). */
export function dictionaryDecode(col: Column): Column {
  if (!(col instanceof DictionaryColumn)) return col;
  const values: Value[] = new Array(col.length);
  for (let i = 0; i < values.length; i++) values[i] = col.get(i);
  return new ObjectColumn(col.type, values);
}

/**
 * A dictionary column of computed values (a function applied to each entry of another
 * dictionary): equal results become one entry, so that codes still identify values — grouping
 * and distinct count on codes (`tolower` maps "Add" and "add" to one value).
 */
export function dictionaryOfResults(type: KType, codes: Int32Array, results: readonly Value[]): DictionaryColumn {
  const index = new Map<Value, number>();
  const dictionary: Value[] = [];
  const remap = new Int32Array(results.length);
  for (let k = 0; k < results.length; k++) {
    const v = results[k] as Value;
    let at = index.get(v);
    if (at === undefined) {
      index.set(v, (at = dictionary.length));
      dictionary.push(v);
    }
    remap[k] = at;
  }
  if (dictionary.length === results.length) return new DictionaryColumn(type, codes, dictionary);
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = remap[codes[i]!]!;
  return new DictionaryColumn(type, out, dictionary);
}
