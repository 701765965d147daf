/**
 * mv-expand: one row per element of the dynamic arrays (property bags expand to one `{key: value}`
 * bag per property). Several expressions expand in parallel, padding the shorter with null.
 * An empty array or a null yields no row... except that Kusto keeps a row with null for a
 * non-array scalar value, which expands to itself.
 */
import type { MvItem, MvOptions, Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import type { Json, Value } from "../../types.js";
import { type Column, ColumnBuilder } from "../column.js";
import type { ExecContext } from "../context.js";
import { fromDynamic, toDynamic } from "../convert.js";
import { evalExpr } from "../evaluate.js";
import { type ColumnSlot, Table } from "../table.js";

export function elementsOf(v: Value, bagAsArray = false): Json[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v as Json[];
  if (typeof v === "object") return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }) as Json);
  return [v as Json];
}

/** Row-expansion shared by mv-expand and mv-apply: source row per output row, and the item columns. */
export function expandRows(
  items: readonly MvItem[],
  input: Table,
  ctx: ExecContext,
  limit: number | undefined,
  options: MvOptions = {},
): { rows: Int32Array; itemColumns: Column[]; indexColumn: Column } {
  const srcCols = items.map((it) => evalExpr(it.expr, input, ctx));
  const rows: number[] = [];
  const builders = items.map((it) => new ColumnBuilder(it.type, input.rowCount));
  const index = new ColumnBuilder("long", input.rowCount);
  for (let i = 0; i < input.rowCount; i++) {
    const arrays = srcCols.map((c) => {
      const v = c.get(i);
      return c.type === "dynamic" ? elementsOf(v, options.bagAsArray) : v === null ? [] : [toDynamic(v, c.type)];
    });
    let len = 0;
    for (const a of arrays) len = Math.max(len, a.length);
    if (limit !== undefined) len = Math.min(len, limit);
    for (let k = 0; k < len; k++) {
      rows.push(i);
      index.push(k);
      for (let j = 0; j < arrays.length; j++) builders[j]!.push(fromDynamic(arrays[j]![k] ?? null, items[j]!.type));
    }
  }
  return { rows: Int32Array.from(rows), itemColumns: builders.map((b) => b.finish()), indexColumn: index.finish() };
}

export function mvExpand(plan: Extract<Plan, { op: "mv-expand" }>, input: Table, ctx: ExecContext): Table {
  const { rows, itemColumns, indexColumn } = expandRows(plan.items, input, ctx, plan.limit, plan.options);
  const expanded = input.take(rows);
  const cols = plan.schema.map((s): ColumnSlot => {
    const j = plan.items.findIndex((it) => it.name === s.name);
    if (j >= 0) return itemColumns[j]!;
    if (s.name === plan.options?.itemIndex) return indexColumn;
    return expanded.slot(indexOfColumn(input.schema, s.name));
  });
  return new Table(plan.schema, cols, rows.length);
}
