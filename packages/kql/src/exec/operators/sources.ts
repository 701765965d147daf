/** Leaf operators: catalog tables, watchlists, datatable, print, range, a subquery's input. */
import { engineError } from "../../diagnostics.js";
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import type { KType } from "../../types.js";
import { ColumnBuilder, ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn, convertSlot } from "../convert-column.js";
import { convertValue } from "../convert.js";
import { constantValue, evalExpr } from "../evaluate.js";
import { type ColumnSlot, ONE_ROW, Table } from "../table.js";
import { scanRows } from "../time-pruning.js";


/** A loaded table seen through the schema the query was bound with (by column name). */
export function conform(t: Table | undefined, schema: Plan["schema"]): Table {
  if (t === undefined) return Table.empty(schema);
  const cols: ColumnSlot[] = schema.map((s) => {
    const i = indexOfColumn(t.schema, s.name);
    return i < 0 ? new ConstantColumn(s.type, s.type === "string" ? "" : null, t.rowCount) : convertSlot(t, i, s.type);
  });
  return new Table(schema, cols, t.rowCount);
}

export function tableScan(plan: Extract<Plan, { op: "table" }>, ctx: ExecContext): Table {
  const raw = ctx.source.table(plan.name);
  return conform(raw === undefined ? undefined : scanRows(raw, undefined, ctx), plan.schema);
}

export function watchlist(plan: Extract<Plan, { op: "watchlist" }>, ctx: ExecContext): Table {
  const t = ctx.source.watchlist(plan.alias);
  if (t === undefined) return Table.empty(plan.schema);
  // An open schema (unloaded at analysis) still reads the columns the data has.
  return conform(t, plan.schema);
}

export function values(plan: Extract<Plan, { op: "values" }>, ctx: ExecContext): Table {
  const builders = plan.schema.map((s) => new ColumnBuilder(s.type, plan.rows.length));
  for (const row of plan.rows) {
    row.forEach((e, j) => {
      const v = evalExpr(e, ONE_ROW, ctx).get(0);
      builders[j]!.push(convertValue(v, e.type, plan.schema[j]!.type));
    });
  }
  return new Table(
    plan.schema,
    builders.map((b) => b.finish()),
    plan.rows.length,
  );
}

export function print(plan: Extract<Plan, { op: "print" }>, ctx: ExecContext): Table {
  const cols = plan.exprs.map((e, j) => convertColumn(evalExpr(e.expr, ONE_ROW, ctx), plan.schema[j]!.type));
  return new Table(plan.schema, cols, 1);
}

export function input(plan: Extract<Plan, { op: "input" }>, ctx: ExecContext): Table {
  const t = ctx.inputs.get(plan.id);
  if (t === undefined) throw engineError("WQ004", ["subquery input is not bound"], plan.span);
  return t;
}

export function range(plan: Extract<Plan, { op: "range" }>, ctx: ExecContext): Table {
  const from = constantValue(plan.from, ctx) ?? evalExpr(plan.from, ONE_ROW, ctx).get(0);
  const to = constantValue(plan.to, ctx) ?? evalExpr(plan.to, ONE_ROW, ctx).get(0);
  const step = constantValue(plan.step, ctx) ?? evalExpr(plan.step, ONE_ROW, ctx).get(0);
  const type: KType = plan.schema[0]?.type ?? "long";
  const b = new ColumnBuilder(type, 16);
  if (typeof from === "number" && typeof to === "number" && typeof step === "number" && step !== 0) {
    const count = Math.floor((to - from) / step) + 1;
    // Checked before anything is allocated: `range x from 1 to 1e12 step 1` stops at once.
    if (count > 0) ctx.rowBudget(8, "range's rows", plan.span).check(count);
    for (let k = 0; k < count; k++) {
      if ((k & 0xfffff) === 0xfffff) ctx.checkpoint(plan.span);
      b.push(from + k * step);
    }
  }
  const c = b.finish();
  return new Table(plan.schema, [c], c.length);
}
