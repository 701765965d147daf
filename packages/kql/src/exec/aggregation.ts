/**
 * Binding an aggregate call against a table: its kernel and argument columns, with bind errors
 * as diagnostics at the call. Shared by make-series, top-nested and pivot.
 */
import { KqlError, engineError, notSupported } from "../diagnostics.js";
import { lookupAggregate } from "../functions/registry.js";
import type { AggregateKernel } from "../functions/registry-types.js";
import type { AggregateCall } from "../plan/ir.js";
import type { Value } from "../types.js";
import type { Column } from "./column.js";
import type { ExecContext } from "./context.js";
import { constantValue, evalExpr, siteLimits } from "./evaluate.js";
import type { Table } from "./table.js";

export interface BoundAggregate {
  readonly kernel: AggregateKernel;
  /** Folds the rows `rows` of the bound table into a fresh state; returns the result. */
  over(rows: Iterable<number>): Value;
}

/** The aggregate's kernel, bound to its call site; a binding failure is a diagnostic at its span. */
export function bindAggregateKernel(agg: AggregateCall, ctx: ExecContext): AggregateKernel {
  const fn = lookupAggregate(agg.fn);
  if (fn === undefined) throw notSupported(agg.fn, agg.span);
  try {
    return fn.bind({
      name: agg.fn,
      argTypes: agg.args.map((a) => a.type),
      resultType: agg.type,
      constants: agg.args.map((a) => constantValue(a, ctx)),
      now: ctx.now,
      ...siteLimits(ctx, agg.fn, agg.span),
    });
  } catch (err) {
    if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, agg.span) : err;
    throw engineError("WQ002", [agg.fn, String((err as Error).message)], agg.span);
  }
}

export function bindAggregate(agg: AggregateCall, input: Table, ctx: ExecContext): BoundAggregate {
  const kernel = bindAggregateKernel(agg, ctx);
  const argCols: Column[] = agg.args.map((a) => evalExpr(a, input, ctx));
  const vals: Value[] = new Array(argCols.length);
  return {
    kernel,
    over(rows) {
      let s = kernel.init();
      for (const i of rows) {
        for (let j = 0; j < argCols.length; j++) vals[j] = argCols[j]!.get(i);
        s = kernel.add(s, vals);
      }
      return kernel.result(s);
    },
  };
}
