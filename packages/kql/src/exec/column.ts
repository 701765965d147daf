/**
 * Columns: the unit of storage and of vectorised evaluation.
 *
 * Fixed-width types (bool, int, long, real, decimal, datetime, timespan) live in a Float64Array
 * with an optional null mask; string, guid and dynamic live in a plain array. A column never
 * changes after it is built: operators share columns between tables and select rows through
 * index vectors ({@link takeColumn}), copying only what they must.
 */
import { type KType, type Value, isFixedWidth } from "../types.js";
import { DictionaryColumn } from "./dictionary.js";

export interface Column {
  readonly type: KType;
  readonly length: number;
  /** The value at row i, in the representation of `types.ts` (null where the row has none). */
  get(i: number): Value;
}

/** bool/int/long/real/decimal/datetime/timespan: doubles plus a null mask (1 = null). */
export class FixedColumn implements Column {
  constructor(
    readonly type: KType,
    readonly values: Float64Array,
    readonly nulls: Uint8Array | null,
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): Value {
    if (this.nulls !== null && this.nulls[i] === 1) return null;
    const v = this.values[i]!;
    return this.type === "bool" ? v !== 0 : v;
  }
  isNull(i: number): boolean {
    return this.nulls !== null && this.nulls[i] === 1;
  }
}

/** string, guid, dynamic: one JS value per row. */
export class ObjectColumn implements Column {
  constructor(
    readonly type: KType,
    readonly values: Value[],
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): Value {
    return this.values[i] as Value;
  }
}

/** One value repeated: literals and scalar lets cost nothing per row. */
export class ConstantColumn implements Column {
  constructor(
    readonly type: KType,
    readonly value: Value,
    readonly length: number,
  ) {}
  get(_i: number): Value {
    return this.value;
  }
}

/** Appends values of one type; `finish()` yields the column. */
export class ColumnBuilder {
  private fixed: Float64Array | null;
  private nulls: Uint8Array | null = null;
  private objects: Value[] | null;
  private n = 0;

  constructor(
    readonly type: KType,
    capacity = 16,
  ) {
    if (isFixedWidth(type)) {
      this.fixed = new Float64Array(Math.max(capacity, 1));
      this.objects = null;
    } else {
      this.fixed = null;
      // A plain push into a growing array costs a large-object reallocation per growth and the
      // collector's marking of every element each time: allocate what the caller announced.
      this.objects = new Array(Math.max(capacity, 16));
    }
  }

  get length(): number {
    return this.n;
  }

  push(v: Value): void {
    const i = this.n++;
    if (this.fixed !== null) {
      if (i >= this.fixed.length) this.grow(i + 1);
      if (v === null || v === undefined) {
        if (this.nulls === null) this.nulls = new Uint8Array(this.fixed.length);
        this.nulls[i] = 1;
      } else {
        this.fixed[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
      }
    } else {
      let objects = this.objects!;
      if (i >= objects.length) {
        const grown: Value[] = new Array(objects.length * 2);
        for (let k = 0; k < i; k++) grown[k] = objects[k] as Value;
        this.objects = objects = grown;
      }
      objects[i] = v === undefined ? null : v;
    }
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.fixed!.length * 2);
    const next = new Float64Array(cap);
    next.set(this.fixed!);
    this.fixed = next;
    if (this.nulls !== null) {
      const nn = new Uint8Array(cap);
      nn.set(this.nulls);
      this.nulls = nn;
    }
  }

  finish(): Column {
    if (this.fixed !== null) {
      const values = this.fixed.length === this.n ? this.fixed : this.fixed.slice(0, this.n);
      const nulls =
        this.nulls === null ? null : this.nulls.length === this.n ? this.nulls : this.nulls.slice(0, this.n);
      return new FixedColumn(this.type, values, nulls);
    }
    const objects = this.objects!;
    if (objects.length !== this.n) objects.length = this.n;
    return new ObjectColumn(this.type, objects);
  }
}

/** Builds a column of `type` from values (used by literals, datatable, loaders and tests). */
export function columnFromValues(type: KType, values: readonly Value[]): Column {
  const b = new ColumnBuilder(type, values.length);
  for (const v of values) b.push(v);
  return b.finish();
}

/** The rows `indices` of a column, in that order; an index of -1 yields null (outer joins). */
export function takeColumn(col: Column, indices: Int32Array): Column {
  const n = indices.length;
  // A -1 index (an outer join's missing side) is a null row, even of a constant column.
  if (col instanceof ConstantColumn && (col.value === (col.type === "string" ? "" : null) || !indices.includes(-1)))
    return new ConstantColumn(col.type, col.value, n);
  if (hasTake(col)) return col.take(indices);
  if (col instanceof FixedColumn) {
    const out = new Float64Array(n);
    let nulls: Uint8Array | null = null;
    const src = col.values;
    const srcNulls = col.nulls;
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      if (j < 0 || (srcNulls !== null && srcNulls[j] === 1)) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else out[i] = src[j]!;
    }
    return new FixedColumn(col.type, out, nulls);
  }
  const out: Value[] = new Array(n);
  const missing: Value = col.type === "string" ? "" : null;
  if (col instanceof ObjectColumn) {
    const src = col.values;
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      out[i] = j < 0 ? missing : (src[j] as Value);
    }
  } else {
    if (isFixedWidth(col.type)) {
      const b = new ColumnBuilder(col.type, n);
      for (let i = 0; i < n; i++) {
        const j = indices[i]!;
        b.push(j < 0 ? null : col.get(j));
      }
      return b.finish();
    }
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      out[i] = j < 0 ? missing : col.get(j);
    }
  }
  return new ObjectColumn(col.type, out);
}

/** Columns that know how to select their own rows (dictionary columns keep their encoding). */
function hasTake(col: Column): col is Column & { take(indices: Int32Array): Column } {
  return typeof (col as { take?: unknown }).take === "function";
}

/** Concatenates columns of one type (union, mv-apply results). */
export function concatColumns(type: KType, parts: readonly Column[]): Column {
  let total = 0;
  for (const p of parts) total += p.length;
  if (isFixedWidth(type) && parts.every((p) => p instanceof FixedColumn)) {
    const values = new Float64Array(total);
    let nulls: Uint8Array | null = null;
    let at = 0;
    for (const p of parts as FixedColumn[]) {
      values.set(p.values.subarray(0, p.length), at);
      if (p.nulls !== null) (nulls ??= new Uint8Array(total)).set(p.nulls.subarray(0, p.length), at);
      at += p.length;
    }
    return new FixedColumn(type, values, nulls);
  }
  if ((type === "string" || type === "guid") && parts.every((p) => p instanceof DictionaryColumn || p instanceof ConstantColumn)) return concatDictionaries(type, parts, total);
  if (!isFixedWidth(type)) {
    const out: Value[] = new Array(total);
    let at = 0;
    for (const p of parts) {
      if (p instanceof ObjectColumn) for (let i = 0; i < p.length; i++) out[at++] = p.values[i] as Value;
      else for (let i = 0; i < p.length; i++) out[at++] = p.get(i);
    }
    return new ObjectColumn(type, out);
  }
  const b = new ColumnBuilder(type, total);
  for (const p of parts) for (let i = 0; i < p.length; i++) b.push(p.get(i));
  return b.finish();
}

/** Dictionary (and constant) string columns concatenated as one dictionary column: the dictionaries merged, codes renumbered. */
function concatDictionaries(type: KType, parts: readonly Column[], total: number): Column {
  const index = new Map<Value, number>();
  const dictionary: Value[] = [];
  const codeOf = (v: Value): number => {
    let k = index.get(v);
    if (k === undefined) {
      index.set(v, (k = dictionary.length));
      dictionary.push(v);
    }
    return k;
  };
  const codes = new Int32Array(total);
  let at = 0;
  for (const p of parts) {
    if (p instanceof ConstantColumn) {
      codes.fill(codeOf(p.value), at, at + p.length);
      at += p.length;
      continue;
    }
    const d = p as DictionaryColumn;
    const map = Int32Array.from(d.dictionary, (v) => codeOf(v as Value));
    const src = d.codes;
    for (let i = 0; i < d.length; i++) codes[at++] = map[src[i]!]!;
  }
  return new DictionaryColumn(type, codes, dictionary);
}
