/**
 * union: the inputs' rows one after another, columns matched by name to the analyser's output
 * schema (missing columns are null); `withsource=Name` adds the source table's name.
 */
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import { ConstantColumn, concatColumns } from "../column.js";
import { convertSlot } from "../convert-column.js";
import { type ColumnSlot, DeferredColumn, PendingTake, Table, resolveSlot } from "../table.js";

export function union(plan: Extract<Plan, { op: "union" }>, inputs: readonly Table[]): Table {
  const total = inputs.reduce((s, t) => s + t.rowCount, 0);
  const cols: ColumnSlot[] = plan.schema.map((s) => {
    const part = (t: Table, k: number): ColumnSlot => {
      if (plan.withSource !== undefined && s.name === plan.withSource)
        return new ConstantColumn("string", plan.sourceNames?.[k] ?? "", t.rowCount);
      const i = indexOfColumn(t.schema, s.name);
      return i < 0 ? new ConstantColumn(s.type, s.type === "string" ? "" : null, t.rowCount) : convertSlot(t, i, s.type);
    };
    if (inputs.length === 1) return part(inputs[0]!, 0);
    // Concatenated only if a later operator reads the column (see DeferredColumn).
    return new DeferredColumn(s.type, total, () =>
      concatColumns(
        s.type,
        inputs.map((t, k) => {
          const slot = part(t, k);
          return slot instanceof PendingTake || slot instanceof DeferredColumn ? resolveSlot(slot) : slot;
        }),
      ),
    );
  });
  return new Table(plan.schema, cols, total);
}
