/**
 * mv-apply: for each input row, the expanded elements form a small table (the row's other
 * columns repeated, plus the item columns); the subquery runs on it, and each of its result
 * rows is output with the source row's remaining columns. An empty array gives the subquery an
 * empty table — so `summarize` without `by` there still yields one row, as in Kusto.
 */
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import { type Column, ColumnBuilder, ConstantColumn, concatColumns, takeColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn, convertSlot } from "../convert-column.js";
import { type ColumnSlot, Table } from "../table.js";
import { SOURCE_ROW, layoutRows, partitionSubquery, pickResult } from "./mv-apply-partitioned.js";
import { expandRows } from "./mv-expand.js";

export function mvApply(
  plan: Extract<Plan, { op: "mv-apply" }>,
  input: Table,
  ctx: ExecContext,
  run: (p: Plan, c: ExecContext) => Table,
): Table {
  const { rows, itemColumns, indexColumn } = expandRows(plan.items, input, ctx, plan.limit, plan.options);
  const extra = plan.options?.itemIndex === undefined ? [] : [{ name: plan.options.itemIndex, type: "long" as const }];
  const itemNames = new Set(plan.items.map((i) => i.name));
  const keep = input.schema.filter((c) => !itemNames.has(c.name));
  const previous = ctx.inputs.get(plan.inputId);
  const onePass = partitionSubquery(plan.subquery, plan.inputId);
  if (onePass !== null) {
    const rowBuilder = new ColumnBuilder("long", rows.length);
    for (const r of rows) rowBuilder.push(r);
    const subSchema = [...keep, ...plan.items.map((it) => ({ name: it.name, type: it.type })), ...extra];
    const expanded = input.take(rows);
    const subColumns: ColumnSlot[] = [
      ...keep.map((c) => expanded.slot(indexOfColumn(input.schema, c.name))),
      ...itemColumns,
      ...extra.map(() => indexColumn),
    ];
    try {
      ctx.inputs.set(plan.inputId, new Table([...subSchema, { name: SOURCE_ROW, type: "long" }], [...subColumns, rowBuilder.finish()], rows.length));
      const r = run(onePass.plan, ctx);
      let empty: Table | undefined;
      if (onePass.byless) {
        ctx.inputs.set(plan.inputId, new Table(subSchema, subColumns, rows.length).take(new Int32Array(0)));
        empty = run(plan.subquery, ctx);
      }
      const { source, result } = layoutRows(r.column(SOURCE_ROW)!, input.rowCount, onePass.byless);
      const sourceRows = input.take(source);
      return new Table(
        plan.schema,
        plan.schema.map((s) => {
          const fromSub = r.column(s.name);
          if (fromSub !== undefined) return convertColumn(pickResult(fromSub, result, empty?.column(s.name)), s.type);
          const i = indexOfColumn(input.schema, s.name);
          return i < 0 ? new ConstantColumn(s.type, null, source.length) : convertSlot(sourceRows, i, s.type);
        }),
        source.length,
      );
    } finally {
      if (previous === undefined) ctx.inputs.delete(plan.inputId);
      else ctx.inputs.set(plan.inputId, previous);
    }
  }
  const parts: Column[][] = plan.schema.map(() => []);
  let total = 0;
  let start = 0;
  try {
    for (let i = 0; i < input.rowCount; i++) {
      let end = start;
      while (end < rows.length && rows[end] === i) end++;
      const sel = rows.subarray(start, end);
      const own = Int32Array.from({ length: end - start }, (_, k) => start + k);
      const subInput = new Table(
        [...keep, ...plan.items.map((it) => ({ name: it.name, type: it.type })), ...extra],
        [
          ...keep.map((c) => takeColumn(input.column(c.name)!, sel)),
          ...itemColumns.map((c) => takeColumn(c, own)),
          ...extra.map(() => takeColumn(indexColumn, own)),
        ],
        end - start,
      );
      start = end;
      ctx.inputs.set(plan.inputId, subInput);
      const r = run(plan.subquery, ctx);
      if (r.rowCount === 0) continue;
      total += r.rowCount;
      plan.schema.forEach((s, j) => {
        const fromSub = r.column(s.name);
        if (fromSub !== undefined) parts[j]!.push(convertColumn(fromSub, s.type));
        else {
          const src = input.column(s.name);
          parts[j]!.push(new ConstantColumn(s.type, src === undefined ? null : src.get(i), r.rowCount));
        }
      });
    }
  } finally {
    if (previous === undefined) ctx.inputs.delete(plan.inputId);
    else ctx.inputs.set(plan.inputId, previous);
  }
  return new Table(
    plan.schema,
    plan.schema.map((s, j) => concatColumns(s.type, parts[j]!)),
    total,
  );
}
