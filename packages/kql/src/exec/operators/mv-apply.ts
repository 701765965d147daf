/**
 * mv-apply: for each input row, the expanded elements form a small table (the row's other
 * columns repeated, plus the item columns); the subquery runs on it, and each of its result
 * rows is output with the source row's remaining columns. An empty array gives the subquery an
 * empty table — so `summarize` without `by` there still yields one row, as in Kusto.
 */
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import { type Column, ColumnBuilder, ConstantColumn, concatColumns, takeColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn, convertSlot } from "../convert-column.js";
import { type GroupIds, groupIds } from "../group-ids.js";
import { type ColumnSlot, Table } from "../table.js";
import { SOURCE_ROW, layoutRows, partitionSubquery, pickResult } from "./mv-apply-partitioned.js";
import { expandRows } from "./mv-expand.js";

type MvApplyPlan = Extract<Plan, { op: "mv-apply" }>;
type Runner = (p: Plan, c: ExecContext) => Table;

/**
 * Names the items and the subquery read or assign (column references, assigned and aggregated
 * names), an over-approximation of the input columns the result depends on. Column schemas
 * (`{name, type}` and nothing else) are what flows through untouched: not counted.
 */
function namesUsed(plan: MvApplyPlan): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.kind === "literal") return;
    const keys = Object.keys(o);
    const schemaEntry = keys.length === 2 && typeof o.name === "string" && typeof o.type === "string";
    if (typeof o.name === "string" && !schemaEntry) names.add(o.name);
    for (const k of keys) if (k !== "schema") visit(o[k]);
  };
  visit(plan.items);
  visit(plan.subquery);
  return names;
}

/**
 * mv-apply. Rows that agree on every column the items and the subquery read get the same
 * subquery result, so when the input repeats those values (the allowlist's mv-apply reads only
 * IPAddress: a few hundred addresses under millions of sign-ins) the subquery runs once per
 * distinct combination and each row takes its combination's result rows.
 */
export function mvApply(plan: MvApplyPlan, input: Table, ctx: ExecContext, run: Runner): Table {
  const used = namesUsed(plan);
  const readCols = input.schema.flatMap((c, i) => (used.has(c.name) ? [i] : []));
  // Dynamic values seldom repeat and cost their JSON to compare: not worth grouping on.
  const dynamic = readCols.some((i) => input.schema[i]!.type === "dynamic");
  if (input.rowCount >= 64 && readCols.length < input.schema.length && !dynamic) {
    const groups = groupIds(readCols.map((i) => input.at(i)), input.rowCount);
    if (groups.count * 2 <= input.rowCount) return byRepresentatives(plan, input, ctx, run, groups);
  }
  return mvApplyRows(plan, input, ctx, run).table;
}

function byRepresentatives(plan: MvApplyPlan, input: Table, ctx: ExecContext, run: Runner, groups: GroupIds): Table {
  const rep = mvApplyRows(plan, input.take(groups.firstRow), ctx, run);
  // The representative's result rows are contiguous and in order: their range per group.
  const start = new Int32Array(groups.count + 1);
  for (let r = 0; r < rep.source.length; r++) start[rep.source[r]! + 1]!++;
  for (let g = 0; g < groups.count; g++) start[g + 1]! += start[g]!;
  let total = 0;
  for (let i = 0; i < input.rowCount; i++) total += start[groups.ids[i]! + 1]! - start[groups.ids[i]!]!;
  const outRows = new Int32Array(total);
  const srcRows = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < input.rowCount; i++) {
    const g = groups.ids[i]!;
    for (let r = start[g]!; r < start[g + 1]!; r++) {
      outRows[at] = r;
      srcRows[at++] = i;
    }
  }
  const fromRep = rep.table.take(outRows);
  const fromInput = input.take(srcRows);
  const used = namesUsed(plan);
  return new Table(
    plan.schema,
    plan.schema.map((s, j) => {
      // Columns the subquery never touched are the row's own; the rest are its group's result.
      const i = indexOfColumn(input.schema, s.name);
      return i >= 0 && !used.has(s.name) ? convertSlot(fromInput, i, s.type) : fromRep.slot(j);
    }),
    total,
  );
}

/** mv-apply row by row (or in one pass): the result, and each result row's source row. */
function mvApplyRows(plan: MvApplyPlan, input: Table, ctx: ExecContext, run: Runner): { table: Table; source: Int32Array } {
  const { rows, itemColumns, indexColumn } = expandRows(plan.items, input, ctx, plan.limit, plan.options);
  const extra = plan.options?.itemIndex === undefined ? [] : [{ name: plan.options.itemIndex, type: "long" as const }];
  const itemNames = new Set(plan.items.map((i) => i.name));
  const keep = input.schema.filter((c) => !itemNames.has(c.name));
  const previous = ctx.inputs.get(plan.inputId);
  const onePass = partitionSubquery(plan.subquery, plan.inputId);
  if (onePass !== null) {
    const rowBuilder = new ColumnBuilder("long", rows.length);
    for (const r of rows) rowBuilder.push(r);
    const subSchema = [...keep, ...plan.items.map((it) => ({ name: it.name, type: it.type })), ...extra];
    const expanded = input.take(rows);
    const subColumns: ColumnSlot[] = [
      ...keep.map((c) => expanded.slot(indexOfColumn(input.schema, c.name))),
      ...itemColumns,
      ...extra.map(() => indexColumn),
    ];
    try {
      ctx.inputs.set(plan.inputId, new Table([...subSchema, { name: SOURCE_ROW, type: "long" }], [...subColumns, rowBuilder.finish()], rows.length));
      const r = run(onePass.plan, ctx);
      let empty: Table | undefined;
      if (onePass.byless) {
        ctx.inputs.set(plan.inputId, new Table(subSchema, subColumns, rows.length).take(new Int32Array(0)));
        empty = run(plan.subquery, ctx);
      }
      const { source, result } = layoutRows(r.column(SOURCE_ROW)!, input.rowCount, onePass.byless);
      const sourceRows = input.take(source);
      const table = new Table(
        plan.schema,
        plan.schema.map((s) => {
          const fromSub = r.column(s.name);
          if (fromSub !== undefined) return convertColumn(pickResult(fromSub, result, empty?.column(s.name)), s.type);
          const i = indexOfColumn(input.schema, s.name);
          return i < 0 ? new ConstantColumn(s.type, null, source.length) : convertSlot(sourceRows, i, s.type);
        }),
        source.length,
      );
      return { table, source };
    } finally {
      if (previous === undefined) ctx.inputs.delete(plan.inputId);
      else ctx.inputs.set(plan.inputId, previous);
    }
  }
  const parts: Column[][] = plan.schema.map(() => []);
  const sources: number[] = [];
  let total = 0;
  let start = 0;
  try {
    for (let i = 0; i < input.rowCount; i++) {
      let end = start;
      while (end < rows.length && rows[end] === i) end++;
      const sel = rows.subarray(start, end);
      const own = Int32Array.from({ length: end - start }, (_, k) => start + k);
      const subInput = new Table(
        [...keep, ...plan.items.map((it) => ({ name: it.name, type: it.type })), ...extra],
        [
          ...keep.map((c) => takeColumn(input.column(c.name)!, sel)),
          ...itemColumns.map((c) => takeColumn(c, own)),
          ...extra.map(() => takeColumn(indexColumn, own)),
        ],
        end - start,
      );
      start = end;
      ctx.inputs.set(plan.inputId, subInput);
      const r = run(plan.subquery, ctx);
      if (r.rowCount === 0) continue;
      total += r.rowCount;
      for (let k = 0; k < r.rowCount; k++) sources.push(i);
      plan.schema.forEach((s, j) => {
        const fromSub = r.column(s.name);
        if (fromSub !== undefined) parts[j]!.push(convertColumn(fromSub, s.type));
        else {
          const src = input.column(s.name);
          parts[j]!.push(new ConstantColumn(s.type, src === undefined ? null : src.get(i), r.rowCount));
        }
      });
    }
  } finally {
    if (previous === undefined) ctx.inputs.delete(plan.inputId);
    else ctx.inputs.set(plan.inputId, previous);
  }
  const table = new Table(
    plan.schema,
    plan.schema.map((s, j) => concatColumns(s.type, parts[j]!)),
    total,
  );
  return { table, source: Int32Array.from(sources) };
}
