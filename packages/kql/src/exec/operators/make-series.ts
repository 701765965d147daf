/**
 * make-series: per group of the `by` expressions, each aggregate over the rows of each bin of
 * the axis, as an array (the default where a bin has no rows), and the axis itself as an array.
 *
 * The axis runs from `from` in steps of `step` up to `to` (exclusive; inclusive for
 * `in range(...)`). Without `from`/`to` it spans the bins that hold data (the make-series
 * page). A row falls in bin floor((on − from) / step); rows outside the axis are ignored.
 */
import { toJson } from "../../functions/value-text.js";
import type { Expr, Plan } from "../../plan/ir.js";
import type { Json, Value } from "../../types.js";
import { bindAggregate } from "../aggregation.js";
import { type Column, ColumnBuilder } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { constantValue, evalExpr } from "../evaluate.js";
import { type Key, keyReader } from "../keys.js";
import { ONE_ROW, Table } from "../table.js";

/** Kusto's cap on a series' length. */
const MAX_BINS = 1_048_576;

function scalar(e: Expr, ctx: ExecContext): Value {
  return constantValue(e, ctx) ?? evalExpr(e, ONE_ROW, ctx).get(0);
}

/** The axis: its first bin, step and number of bins (null when there is none). */
function axisOf(plan: Extract<Plan, { op: "make-series" }>, on: Column, ctx: ExecContext): { from: number; step: number; bins: number } | null {
  const step = scalar(plan.axis.step, ctx);
  if (typeof step !== "number" || !(step > 0)) return null;
  let from = plan.axis.from === undefined ? null : scalar(plan.axis.from, ctx);
  let to = plan.axis.to === undefined ? null : scalar(plan.axis.to, ctx);
  let inclusive = plan.axis.inclusive;
  if (from === null || to === null) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < on.length; i++) {
      const v = on.get(i);
      if (typeof v === "number") {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (from === null) from = Number.isFinite(lo) ? Math.floor(lo / step) * step : null;
    if (to === null && Number.isFinite(hi) && typeof from === "number") {
      to = from + Math.floor((hi - from) / step) * step;
      inclusive = true;
    }
  }
  if (typeof from !== "number" || typeof to !== "number") return null;
  const span = (to - from) / step;
  const wanted = Math.max(0, inclusive ? Math.floor(span + 1e-9) + 1 : Math.ceil(span - 1e-9));
  if (wanted > MAX_BINS)
    ctx.warn("WQ055", `make-series: the axis stops at ${MAX_BINS.toLocaleString("en-US")} bins (Kusto's limit) of the ${wanted.toLocaleString("en-US")} from its range and step`, plan.span);
  return { from, step, bins: Math.min(MAX_BINS, wanted) };
}

export function makeSeries(plan: Extract<Plan, { op: "make-series" }>, input: Table, ctx: ExecContext): Table {
  const on = evalExpr(plan.axis.on, input, ctx);
  const axis = axisOf(plan, on, ctx);
  if (axis === null) return Table.empty(plan.schema);
  const { from, step, bins } = axis;
  const byCols = plan.by.map((b) => evalExpr(b.expr, input, ctx));
  const key = keyReader(byCols, true);
  const groups = new Map<Key, number>();
  const firstRow: number[] = [];
  const members: number[][][] = [];
  for (let i = 0; i < input.rowCount; i++) {
    const v = on.get(i);
    if (typeof v !== "number") continue;
    const b = Math.floor((v - from) / step);
    if (b < 0 || b >= bins) continue;
    const k = plan.by.length === 0 ? "" : key(i);
    let g = groups.get(k);
    if (g === undefined) {
      g = firstRow.length;
      groups.set(k, g);
      firstRow.push(i);
      members.push([]);
    }
    (members[g]![b] ??= []).push(i);
  }
  // A series per group and aggregate, a value (a slot and a number) per bin.
  ctx.reserve((firstRow.length * plan.aggregates.length + 1) * bins * 16, "make-series' series", plan.span);
  const axisValues: Json[] = new Array(bins);
  for (let b = 0; b < bins; b++) {
    if ((b & 0xffff) === 0xffff) ctx.checkpoint(plan.span);
    axisValues[b] = toJson(from + b * step, plan.axis.on.type);
  }
  const out: Column[] = plan.by.map((_, j) => {
    const builder = new ColumnBuilder(byCols[j]!.type, firstRow.length);
    for (const r of firstRow) builder.push(byCols[j]!.get(r));
    return convertColumn(builder.finish(), plan.schema[j]!.type);
  });
  plan.aggregates.forEach((agg, a) => {
    const bound = bindAggregate(agg, input, ctx);
    const def = toJson(scalar(plan.defaults[a]!, ctx), agg.type);
    const builder = new ColumnBuilder("dynamic", firstRow.length);
    for (let g = 0; g < firstRow.length; g++) {
      ctx.checkpoint(plan.span);
      const series: Json[] = [];
      for (let b = 0; b < bins; b++) {
        if ((b & 0xffff) === 0xffff) ctx.checkpoint(plan.span);
        const rows = members[g]![b];
        series.push(rows === undefined ? def : toJson(bound.over(rows), agg.type));
      }
      builder.push(series);
    }
    out.push(builder.finish());
  });
  const axisCol = new ColumnBuilder("dynamic", firstRow.length);
  for (let g = 0; g < firstRow.length; g++) axisCol.push(axisValues);
  out.push(axisCol.finish());
  return new Table(plan.schema, out, firstRow.length);
}
