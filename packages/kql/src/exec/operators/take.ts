/** take / limit: the first N rows (Kusto promises no order; widar keeps the input's). */
import type { Plan } from "../../plan/ir.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import type { Table } from "../table.js";

export function rowCountArg(e: Extract<Plan, { op: "take" }>["count"], input: Table, ctx: ExecContext): number {
  const v = evalExpr(e, input, ctx).get(0);
  return typeof v === "number" && v > 0 ? Math.floor(v) : 0;
}

export function take(plan: Extract<Plan, { op: "take" }>, input: Table, ctx: ExecContext): Table {
  const k = Math.min(input.rowCount, rowCountArg(plan.count, input, ctx));
  if (k === input.rowCount) return input;
  const sel = new Int32Array(k);
  for (let i = 0; i < k; i++) sel[i] = i;
  return input.take(sel);
}
