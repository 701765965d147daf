/**
 * A table: a schema and one column per schema entry, all of one length. Tables are immutable;
 * operators return new tables that share the columns they did not change.
 */
import type { Schema } from "../schema.js";
import { indexOfColumn } from "../schema.js";
import type { KType, Value } from "../types.js";
import { type Column, ColumnBuilder, takeColumn } from "./column.js";

/**
 * A selection not yet copied: the rows `indices` of `source`. `Table.take` leaves every column
 * as one, so that a filter over a 46-column table copies only the columns later operators read
 * (a 14-day baseline over millions of sign-ins reads three or four).
 */
export class PendingTake {
  constructor(
    readonly source: Column | DeferredColumn,
    readonly indices: Int32Array,
  ) {}

  /** This selection's rows `indices`: one pending take of the source (-1 stays -1). */
  take(indices: Int32Array): PendingTake {
    const own = this.indices;
    const composed = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const j = indices[i]!;
      composed[i] = j < 0 ? -1 : own[j]!;
    }
    return new PendingTake(this.source, composed);
  }
}

/**
 * A column not computed yet (union's concatenation of its inputs' columns): computed the first
 * time it is read, so a union of two 46-column tables that a query then reads three columns of
 * concatenates three. Selections of it stay pending over it.
 */
export class DeferredColumn {
  private value: Column | undefined;
  constructor(
    readonly type: KType,
    readonly length: number,
    private readonly compute: () => Column,
  ) {}
  resolve(): Column {
    if (this.value === undefined) this.value = this.compute();
    return this.value;
  }
}

/** A table's column as held: materialised, a pending selection, or not computed yet. */
export type ColumnSlot = Column | PendingTake | DeferredColumn;

const sourceColumn = (s: Column | DeferredColumn): Column => (s instanceof DeferredColumn ? s.resolve() : s);

export class Table {
  private readonly slots: ColumnSlot[];
  private resolved: readonly Column[] | null = null;

  constructor(
    readonly schema: Schema,
    columns: readonly ColumnSlot[],
    readonly rowCount: number,
  ) {
    this.slots = columns.slice();
  }

  static empty(schema: Schema): Table {
    return new Table(
      schema,
      schema.map((c) => new ColumnBuilder(c.type, 0).finish()),
      0,
    );
  }

  static fromRows(schema: Schema, rows: readonly (readonly Value[])[]): Table {
    const builders = schema.map((c) => new ColumnBuilder(c.type, rows.length));
    for (const r of rows) for (let j = 0; j < builders.length; j++) builders[j]!.push(r[j] ?? null);
    return new Table(
      schema,
      builders.map((b) => b.finish()),
      rows.length,
    );
  }

  /** Every column, materialised (prefer `column(name)` or `slot(i)`, which copy only one). */
  get columns(): readonly Column[] {
    if (this.resolved === null) this.resolved = this.slots.map((_, i) => this.at(i));
    return this.resolved;
  }

  /** Column i, materialised (once). */
  at(i: number): Column {
    const s = this.slots[i]!;
    if (s instanceof DeferredColumn) {
      const c = s.resolve();
      this.slots[i] = c;
      return c;
    }
    if (!(s instanceof PendingTake)) return s;
    const c = takeColumn(sourceColumn(s.source), s.indices);
    this.slots[i] = c;
    return c;
  }

  /** Column i as held, possibly still pending: what operators pass through untouched. */
  slot(i: number): ColumnSlot {
    return this.slots[i]!;
  }

  column(name: string): Column | undefined {
    const i = indexOfColumn(this.schema, name);
    return i < 0 ? undefined : this.at(i);
  }

  /** The rows `indices` of this table (a selection); -1 entries give null rows. */
  take(indices: Int32Array): Table {
    // Pending columns usually share one index vector: compose it once for all of them.
    const composed = new Map<Int32Array, PendingTake>();
    return new Table(
      this.schema,
      this.slots.map((s) => {
        if (!(s instanceof PendingTake)) return new PendingTake(s, indices);
        let c = composed.get(s.indices);
        if (c === undefined) composed.set(s.indices, (c = s.take(indices)));
        return new PendingTake(s.source, c.indices);
      }),
      indices.length,
    );
  }

  row(i: number): Value[] {
    return this.columns.map((c) => c.get(i));
  }

  rows(): Value[][] {
    const out: Value[][] = [];
    for (let i = 0; i < this.rowCount; i++) out.push(this.row(i));
    return out;
  }
}

/** One row and no columns: what print, datatable cells and constants evaluate over. */
export const ONE_ROW = new Table([], [], 1);

/** A slot's column, materialised (a pending selection copied, a deferred column computed). */
export function resolveSlot(s: ColumnSlot): Column {
  if (s instanceof DeferredColumn) return s.resolve();
  if (s instanceof PendingTake) return takeColumn(sourceColumn(s.source), s.indices);
  return s;
}
