/**
 * summarize: hash grouping on the `by` expressions, one aggregate state per group and
 * aggregate. Without `by`, an empty input still yields one row (count() = 0), as in Kusto.
 */
import type { Plan } from "../../plan/ir.js";
import type { Value } from "../../types.js";
import { type Column, ColumnBuilder, ConstantColumn } from "../column.js";
import { bindAggregateKernel } from "../aggregation.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { evalExpr } from "../evaluate.js";
import { type Key, keyReader } from "../keys.js";
import { Table } from "../table.js";

export function summarize(plan: Extract<Plan, { op: "summarize" }>, input: Table, ctx: ExecContext): Table {
  const n = input.rowCount;
  const byCols = plan.by.map((b) => evalExpr(b.expr, input, ctx));
  const key = keyReader(byCols, true);
  const groupOf = new Int32Array(n);
  const firstRow: number[] = [];
  if (plan.by.length === 0) {
    firstRow.push(-1);
  } else {
    const groups = new Map<Key, number>();
    for (let i = 0; i < n; i++) {
      const k = key(i);
      let g = groups.get(k);
      if (g === undefined) {
        g = firstRow.length;
        groups.set(k, g);
        firstRow.push(i);
      }
      groupOf[i] = g;
    }
  }
  const groupCount = firstRow.length;
  const out: Column[] = [];
  plan.by.forEach((_, j) => {
    const src = byCols[j]!;
    const builder = new ColumnBuilder(src.type, groupCount);
    for (const r of firstRow) builder.push(src.get(r));
    out.push(convertColumn(builder.finish(), plan.schema[j]!.type));
  });
  for (const agg of plan.aggregates) {
    const kernel = bindAggregateKernel(agg, ctx);
    const argCols = agg.args.map((a) => evalExpr(a, input, ctx));
    const states: unknown[] = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) states[g] = kernel.init();
    const vals: Value[] = new Array(argCols.length);
    const allConst = argCols.every((c) => c instanceof ConstantColumn);
    for (let i = 0; i < n; i++) {
      if (!allConst || i === 0) for (let j = 0; j < argCols.length; j++) vals[j] = argCols[j]!.get(i);
      const g = groupOf[i]!;
      states[g] = kernel.add(states[g], vals);
    }
    if (agg.outputs === undefined) {
      const builder = new ColumnBuilder(agg.type, groupCount);
      for (let g = 0; g < groupCount; g++) builder.push(kernel.result(states[g]));
      out.push(builder.finish());
    } else {
      // A multi-column aggregate's result is one value per output column.
      const builders = agg.outputs.map((o) => new ColumnBuilder(o.type, groupCount));
      for (let g = 0; g < groupCount; g++) {
        const r = kernel.result(states[g]);
        builders.forEach((b, j) => {
          b.push(Array.isArray(r) ? ((r[j] ?? null) as Value) : null);
        });
      }
      for (const b of builders) out.push(b.finish());
    }
  }
  return new Table(plan.schema, out, groupCount);
}
