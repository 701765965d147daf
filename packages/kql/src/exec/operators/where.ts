/** where: keeps the rows whose predicate is true (null and false drop the row). */
import type { Plan } from "../../plan/ir.js";
import { ConstantColumn, FixedColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import type { Table } from "../table.js";

export function where(plan: Extract<Plan, { op: "where" }>, input: Table, ctx: ExecContext): Table {
  const pred = evalExpr(plan.predicate, input, ctx);
  if (pred instanceof ConstantColumn) return pred.value === true ? input : input.take(new Int32Array(0));
  const n = input.rowCount;
  const sel = new Int32Array(n);
  let k = 0;
  if (pred instanceof FixedColumn) {
    const v = pred.values;
    const nulls = pred.nulls;
    for (let i = 0; i < n; i++) if (v[i] === 1 && (nulls === null || nulls[i] === 0)) sel[k++] = i;
  } else {
    for (let i = 0; i < n; i++) if (pred.get(i) === true) sel[k++] = i;
  }
  return k === n ? input : input.take(sel.subarray(0, k));
}
