/** sort / order by, and top N by: a stable sort of row indices on typed keys. */
import type { Plan, SortKey } from "../../plan/ir.js";
import type { Value } from "../../types.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import type { Table } from "../table.js";
import { rowCountArg } from "./take.js";

export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function sortedIndices(keys: readonly SortKey[], input: Table, ctx: ExecContext): Int32Array {
  const cols = keys.map((k) => evalExpr(k.expr, input, ctx));
  const idx = Array.from({ length: input.rowCount }, (_, i) => i);
  idx.sort((x, y) => {
    for (let j = 0; j < keys.length; j++) {
      const c = cols[j]!;
      const a = c.get(x);
      const b = c.get(y);
      const k = keys[j]!;
      const an = a === null || (typeof a === "number" && Number.isNaN(a));
      const bn = b === null || (typeof b === "number" && Number.isNaN(b));
      if (an || bn) {
        if (an && bn) continue;
        return an === k.nullsFirst ? -1 : 1;
      }
      const r = compareValues(a, b);
      if (r !== 0) return k.descending ? -r : r;
    }
    return x - y;
  });
  return Int32Array.from(idx);
}

export function sort(plan: Extract<Plan, { op: "sort" }>, input: Table, ctx: ExecContext): Table {
  return input.take(sortedIndices(plan.keys, input, ctx));
}

export function top(plan: Extract<Plan, { op: "top" }>, input: Table, ctx: ExecContext): Table {
  const k = rowCountArg(plan.count, input, ctx);
  const idx = sortedIndices(plan.keys, input, ctx);
  return input.take(idx.subarray(0, Math.min(k, idx.length)));
}
