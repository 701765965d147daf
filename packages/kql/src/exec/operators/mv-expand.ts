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
import { withUnknownColumns } from "../open-columns.js";
import { type ColumnSlot, Table } from "../table.js";

export function elementsOf(v: Value, bagAsArray = false): Json[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v as Json[];
  if (typeof v === "object") return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }) as Json);
  return [v as Json];
}

/** How many elements elementsOf gives, without building them. */
function elementCount(v: Value, dynamic: boolean): number {
  if (v === null) return 0;
  if (!dynamic) return 1;
  if (Array.isArray(v)) return v.length;
  return typeof v === "object" ? Object.keys(v).length : 1;
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
  // A row index and a value slot per item column for each element (the elements themselves exist already).
  const budget = ctx.rowBudget(16 + 8 * items.length, "mv-expand's output");
  // The rows it will produce, counted first (array lengths are cheap): 2,000 rows of a
  // million-element array are refused before a row is built.
  let total = 0;
  for (let i = 0; i < input.rowCount; i++) {
    let len = 0;
    for (const c of srcCols) len = Math.max(len, elementCount(c.get(i), c.type === "dynamic"));
    total += limit === undefined ? len : Math.min(len, limit);
  }
  budget.check(total);
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
    if ((i & 0x3ff) === 0x3ff) ctx.checkpoint();
    for (let k = 0; k < len; k++) {
      // One input row may expand to a million elements: the clock is checked by elements too.
      if ((rows.length & 0xffff) === 0xffff) ctx.checkpoint();
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
  const open = withUnknownColumns(plan.schema, cols, plan.input.schema, input, (i) => expanded.slot(i));
  return new Table(open.schema, open.slots, rows.length);
}
