/**
 * extend / project / project-away / -rename / -reorder / -keep: evaluate the steps in order
 * (each sees the columns assigned before it), then pick the output schema's columns by name.
 * Untouched columns are shared with the input, not copied.
 */
import type { Plan } from "../../plan/ir.js";
import { type Column, ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { evalExpr } from "../evaluate.js";
import { Table } from "../table.js";

export function project(plan: Extract<Plan, { op: "project" }>, input: Table, ctx: ExecContext): Table {
  let current = input;
  for (const step of plan.steps) {
    const c = evalExpr(step.expr, current, ctx);
    const schema = current.schema.filter((s) => s.name !== step.name);
    const cols = current.columns.filter((_, i) => current.schema[i]!.name !== step.name);
    const at = current.schema.findIndex((s) => s.name === step.name);
    const entry = { name: step.name, type: c.type };
    if (at >= 0) {
      schema.splice(at, 0, entry);
      cols.splice(at, 0, c);
    } else {
      schema.push(entry);
      cols.push(c);
    }
    current = new Table(schema, cols, current.rowCount);
  }
  const out: Column[] = plan.schema.map((s) => {
    const c = current.column(s.name);
    if (c === undefined) return new ConstantColumn(s.type, s.type === "string" ? "" : null, current.rowCount);
    return convertColumn(c, s.type);
  });
  return new Table(plan.schema, out, current.rowCount);
}
