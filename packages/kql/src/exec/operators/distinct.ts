/** distinct: one row per distinct combination of the expressions; count: the row count. */
import type { Plan } from "../../plan/ir.js";
import type { ExecContext } from "../context.js";
import { FixedColumn } from "../column.js";
import { evalExpr } from "../evaluate.js";
import { groupIds } from "../group-ids.js";
import { Table } from "../table.js";

export function distinct(plan: Extract<Plan, { op: "distinct" }>, input: Table, ctx: ExecContext): Table {
  const cols = plan.exprs.map((e) => evalExpr(e.expr, input, ctx));
  const { firstRow } = groupIds(cols, input.rowCount);
  const t = new Table(
    plan.exprs.map((e, j) => ({ name: e.name, type: cols[j]!.type })),
    cols,
    input.rowCount,
  );
  const out = t.take(firstRow);
  return new Table(plan.schema, out.columns, out.rowCount);
}

export function count(plan: Extract<Plan, { op: "count" }>, input: Table): Table {
  return new Table(plan.schema, [new FixedColumn("long", Float64Array.of(input.rowCount), null)], 1);
}
