/**
 * extend / project / project-away / -rename / -reorder / -keep: evaluate the steps in order
 * (each sees the columns assigned before it), then pick the output schema's columns by name.
 * Untouched columns are shared with the input, not copied.
 */
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import { ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertSlot } from "../convert-column.js";
import { evalExpr } from "../evaluate.js";
import { withUnknownColumns } from "../open-columns.js";
import { type ColumnSlot, Table } from "../table.js";

export function project(plan: Extract<Plan, { op: "project" }>, input: Table, ctx: ExecContext): Table {
  let current = input;
  for (const step of plan.steps) {
    const c = evalExpr(step.expr, current, ctx);
    const schema = current.schema.filter((s) => s.name !== step.name);
    const cols: ColumnSlot[] = [];
    for (let i = 0; i < current.schema.length; i++) if (current.schema[i]!.name !== step.name) cols.push(current.slot(i));
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
  const out: ColumnSlot[] = plan.schema.map((s) => {
    const i = indexOfColumn(current.schema, s.name);
    if (i < 0) return new ConstantColumn(s.type, s.type === "string" ? "" : null, current.rowCount);
    return convertSlot(current, i, s.type);
  });
  if (plan.passUnknown !== true) return new Table(plan.schema, out, current.rowCount);
  // A rename moves an unknown column too (the old name is gone); project-away removes one.
  const added = [...plan.schema.map((c) => c.name), ...(plan.dropUnknown ?? [])];
  const drop = new Set(plan.dropUnknown ?? []);
  const renamedTo = plan.steps.flatMap((s) => (s.expr.kind === "column" && drop.has(s.expr.name) ? [s.name] : []));
  const open = withUnknownColumns(plan.schema, out, plan.input.schema, current, (i) => current.slot(i), added, renamedTo);
  return new Table(open.schema, open.slots, current.rowCount);
}
