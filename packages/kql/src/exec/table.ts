/**
 * A table: a schema and one column per schema entry, all of one length. Tables are immutable;
 * operators return new tables that share the columns they did not change.
 */
import type { Schema } from "../schema.js";
import { indexOfColumn } from "../schema.js";
import type { Value } from "../types.js";
import { type Column, ColumnBuilder, takeColumn } from "./column.js";

export class Table {
  constructor(
    readonly schema: Schema,
    readonly columns: readonly Column[],
    readonly rowCount: number,
  ) {}

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

  column(name: string): Column | undefined {
    const i = indexOfColumn(this.schema, name);
    return i < 0 ? undefined : this.columns[i];
  }

  /** The rows `indices` of this table (a selection); -1 entries give null rows. */
  take(indices: Int32Array): Table {
    return new Table(
      this.schema,
      this.columns.map((c) => takeColumn(c, indices)),
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
