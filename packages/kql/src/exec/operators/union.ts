/**
 * union: the inputs' rows one after another, columns matched by name to the analyser's output
 * schema (missing columns are null); `withsource=Name` adds the source table's name.
 */
import type { Plan } from "../../plan/ir.js";
import { type Column, ConstantColumn, concatColumns } from "../column.js";
import { convertColumn } from "../convert-column.js";
import { Table } from "../table.js";

export function union(plan: Extract<Plan, { op: "union" }>, inputs: readonly Table[]): Table {
  const total = inputs.reduce((s, t) => s + t.rowCount, 0);
  const cols: Column[] = plan.schema.map((s) => {
    const parts = inputs.map((t, k) => {
      if (plan.withSource !== undefined && s.name === plan.withSource)
        return new ConstantColumn("string", plan.sourceNames?.[k] ?? "", t.rowCount);
      const c = t.column(s.name);
      return c === undefined ? new ConstantColumn(s.type, s.type === "string" ? "" : null, t.rowCount) : convertColumn(c, s.type);
    });
    return parts.length === 1 ? parts[0]! : concatColumns(s.type, parts);
  });
  return new Table(plan.schema, cols, total);
}
