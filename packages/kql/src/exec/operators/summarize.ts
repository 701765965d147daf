/**
 * summarize: hash grouping on the `by` expressions, one aggregate state per group and
 * aggregate. Without `by`, an empty input still yields one row (count() = 0), as in Kusto.
 */
import { KqlError, engineError } from "../../diagnostics.js";
import type { Plan } from "../../plan/ir.js";
import type { Value } from "../../types.js";
import { type Column, ColumnBuilder, ConstantColumn, takeColumn } from "../column.js";
import { bindAggregateKernel } from "../aggregation.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { evalExpr } from "../evaluate.js";
import { columnarAggregate } from "../aggregate-columns.js";
import { groupIds } from "../group-ids.js";
import { Table } from "../table.js";

export function summarize(plan: Extract<Plan, { op: "summarize" }>, input: Table, ctx: ExecContext): Table {
  const n = input.rowCount;
  const byCols = plan.by.map((b) => evalExpr(b.expr, input, ctx));
  let groupOf: Int32Array;
  let firstRow: ArrayLike<number>;
  if (plan.by.length === 0) {
    groupOf = new Int32Array(n);
    firstRow = [-1];
  } else ({ ids: groupOf, firstRow } = groupIds(byCols, n));
  const groupCount = firstRow.length;
  // Each group holds a key per `by` column and a state per aggregate (more for lists and sets).
  if (groupCount >= 1 << 16) ctx.reserve(groupCount * 16 * (plan.by.length + plan.aggregates.length), "summarize's groups", plan.span);
  const out: Column[] = [];
  plan.by.forEach((_, j) => {
    const src = byCols[j]!;
    // The groups' first rows: a take keeps dictionary columns encoded.
    out.push(convertColumn(takeColumn(src, Int32Array.from(firstRow)), plan.schema[j]!.type));
  });
  for (const agg of plan.aggregates) {
    const kernel = bindAggregateKernel(agg, ctx);
    const argCols = agg.args.map((a) => evalExpr(a, input, ctx));
    const columnar = columnarAggregate(agg, argCols, groupOf, groupCount, ctx);
    if (columnar !== undefined) {
      out.push(columnar);
      continue;
    }
    const states: unknown[] = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) states[g] = kernel.init();
    const vals: Value[] = new Array(argCols.length);
    const allConst = argCols.every((c) => c instanceof ConstantColumn);
    try {
      for (let i = 0; i < n; i++) {
        if ((i & 0xffff) === 0xffff) ctx.checkpoint(agg.span);
        if (!allConst || i === 0) for (let j = 0; j < argCols.length; j++) vals[j] = argCols[j]!.get(i);
        const g = groupOf[i]!;
        states[g] = kernel.add(states[g], vals);
      }
    } catch (err) {
      // A limit (WQ053) is placed at the aggregate; a kernel's own failure is a runtime error there.
      if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, agg.span) : err;
      throw engineError("WQ002", [agg.fn, String((err as Error).message)], agg.span);
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
