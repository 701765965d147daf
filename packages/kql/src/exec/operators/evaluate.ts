/**
 * The evaluate plug-ins widar runs: bag_unpack, pivot and narrow. Their output columns depend on
 * the data, so the result's schema is built here; where the analyser knew more (bag_unpack with
 * an output schema `: (*, Name:string)`), its schema is used instead.
 *
 * Column types of unpacked values (bag_unpack) and their order follow the plug-in pages: keys
 * in ordinal order, a column's type that of its values where they agree (long, real, bool,
 * string), dynamic otherwise.
 *
 * Their output grows with the data (a column per distinct key or value, a row per cell), so each
 * checks the time limit as it reads rows and charges its output to the memory budget before
 * building it (../../limits.ts).
 */
import { KqlError, notSupported } from "../../diagnostics.js";
import { MAX_MAP_ENTRIES, distinctLimitError } from "../../limits.js";
import { lookupAggregate } from "../../functions/registry.js";
import { valueToString } from "../../functions/value-text.js";
import type { Plan } from "../../plan/ir.js";
import type { ColumnSchema, Schema } from "../../schema.js";
import type { Json, KType, Value } from "../../types.js";
import { type Column, ColumnBuilder, ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { fromDynamic } from "../convert.js";
import { constantValue, evalExpr, siteLimits } from "../evaluate.js";
import { type Key, keyReader } from "../keys.js";
import { Table } from "../table.js";

type EvaluatePlan = Extract<Plan, { op: "evaluate" }>;

function typeOfValues(values: readonly Json[]): KType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "dynamic";
  if (present.every((v) => typeof v === "string")) return "string";
  if (present.every((v) => typeof v === "boolean")) return "bool";
  if (present.every((v) => typeof v === "number" && Number.isInteger(v))) return "long";
  if (present.every((v) => typeof v === "number")) return "real";
  return "dynamic";
}

function textArg(plan: EvaluatePlan, i: number, ctx: ExecContext): string | undefined {
  const e = plan.args[i];
  if (e === undefined) return undefined;
  const v = constantValue(e, ctx);
  return typeof v === "string" ? v : undefined;
}

function bagUnpack(plan: EvaluatePlan, input: Table, ctx: ExecContext): Table {
  const bagExpr = plan.args[0];
  if (bagExpr === undefined) throw new KqlError("WQ002", "runtime error in bag_unpack: a dynamic column is required", plan.span);
  const bags = evalExpr(bagExpr, input, ctx);
  const prefix = textArg(plan, 1, ctx) ?? "";
  const conflict = (textArg(plan, 2, ctx) ?? "error").toLowerCase();
  const bagName = bagExpr.kind === "column" ? bagExpr.name : undefined;
  const keep = input.schema.filter((c) => c.name !== bagName);
  const keys = new Set<string>();
  for (let i = 0; i < input.rowCount; i++) {
    if ((i & 1023) === 1023) ctx.checkpoint(plan.span);
    const b = bags.get(i);
    if (b !== null && typeof b === "object" && !Array.isArray(b)) for (const k of Object.keys(b)) keys.add(k);
    if (keys.size >= MAX_MAP_ENTRIES) throw distinctLimitError("bag_unpack's keys", plan.span);
  }
  // A column per key, a value per row in each (a slot and a number or reference).
  ctx.reserve(keys.size * input.rowCount * 16, "bag_unpack's columns", plan.span);
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = new Set(keep.map((c) => c.name));
  const schema: ColumnSchema[] = [...keep];
  const cols: Column[] = keep.map((c) => input.column(c.name)!);
  for (const k of sorted) {
    const name = prefix + k;
    if (kept.has(name)) {
      if (conflict === "keep_source") continue;
      if (conflict !== "replace_source") throw new KqlError("WQ002", `runtime error in bag_unpack: column '${name}' already exists`, plan.span);
      const at = schema.findIndex((c) => c.name === name);
      schema.splice(at, 1);
      cols.splice(at, 1);
    }
    ctx.checkpoint(plan.span);
    const values: Json[] = [];
    for (let i = 0; i < input.rowCount; i++) {
      if ((i & 0xffff) === 0xffff) ctx.checkpoint(plan.span);
      const b = bags.get(i) as { [k: string]: Json } | null;
      values.push(b !== null && typeof b === "object" && !Array.isArray(b) && Object.hasOwn(b, k) ? b[k]! : null);
    }
    const type = typeOfValues(values);
    const builder = new ColumnBuilder(type, values.length);
    for (const v of values) builder.push(fromDynamic(v, type));
    schema.push({ name, type });
    cols.push(builder.finish());
  }
  return conformTo(plan, new Table(schema, cols, input.rowCount));
}

/** Where the analyser knows the output schema beyond the input's columns, the result takes it. */
function conformTo(plan: EvaluatePlan, t: Table): Table {
  const known = plan.schema.length > 0 && plan.schema.some((c) => !plan.input.schema.some((i) => i.name === c.name));
  if (!known) return t;
  const cols = plan.schema.map((s) => {
    const c = t.column(s.name);
    return c === undefined ? new ColumnBuilder(s.type, 0).finish() : convertColumn(c, s.type);
  });
  return new Table(plan.schema, cols, t.rowCount);
}

/** pivot(column [, aggregation] [, group columns…]): one output column per distinct value. */
function pivot(plan: EvaluatePlan, input: Table, ctx: ExecContext): Table {
  const pivotExpr = plan.args[0]!;
  const pivotCol = evalExpr(pivotExpr, input, ctx);
  const agg = plan.aggregate ?? { name: "value", fn: "count", args: [], type: "long" as KType };
  const aggFn = lookupAggregate(agg.fn);
  if (aggFn === undefined) throw notSupported(agg.fn, agg.span);
  const used = new Set<string>();
  if (pivotExpr.kind === "column") used.add(pivotExpr.name);
  for (const a of agg.args) if (a.kind === "column") used.add(a.name);
  const groupNames = plan.args.length > 1 ? plan.args.slice(1).flatMap((a) => (a.kind === "column" ? [a.name] : [])) : input.schema.map((c) => c.name).filter((n) => !used.has(n));
  // A named group column an open input lacks at run time groups as null (../evaluate.ts's rule).
  const groupCols = groupNames.map((n) => input.column(n) ?? new ConstantColumn("dynamic", null, input.rowCount));
  const gkey = keyReader(groupCols, true);
  const pkey = keyReader([pivotCol], true);
  const groups = new Map<Key, number>();
  const firstRow: number[] = [];
  const values = new Map<Key, { index: number; label: string }>();
  const argCols = agg.args.map((a) => evalExpr(a, input, ctx));
  const kernel = aggFn.bind({
    name: agg.fn,
    argTypes: agg.args.map((a) => a.type),
    resultType: agg.type,
    constants: agg.args.map((a) => constantValue(a, ctx)),
    now: ctx.now,
    ...siteLimits(ctx, agg.fn, agg.span),
  });
  const states = new Map<string, unknown>();
  for (let i = 0; i < input.rowCount; i++) {
    if ((i & 1023) === 1023) ctx.checkpoint(plan.span);
    const gk = gkey(i);
    let g = groups.get(gk);
    if (g === undefined) {
      g = firstRow.length;
      groups.set(gk, g);
      firstRow.push(i);
    }
    const pk = pkey(i);
    let p = values.get(pk);
    if (p === undefined) {
      p = { index: values.size, label: valueToString(pivotCol.get(i), pivotCol.type) };
      values.set(pk, p);
    }
    const sk = `${g}:${p.index}`;
    if (states.size >= MAX_MAP_ENTRIES && !states.has(sk)) throw distinctLimitError("pivot's cells", plan.span);
    states.set(sk, kernel.add(states.get(sk) ?? kernel.init(), argCols.map((c) => c.get(i))));
  }
  // A row per group, a cell per distinct value in each: more than the input when both are many.
  ctx.reserve(firstRow.length * (values.size + groupCols.length) * 16, "pivot's output", plan.span);
  const labels = [...values.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const schema: Schema = [...groupNames.map((n, j) => ({ name: n, type: groupCols[j]!.type })), ...labels.map((l) => ({ name: l.label, type: agg.type }))];
  const rows: Value[][] = firstRow.map((r, g) => [
    ...groupCols.map((c) => c.get(r)),
    ...labels.map((l) => {
      const st = states.get(`${g}:${l.index}`);
      return kernel.result(st === undefined ? kernel.init() : st);
    }),
  ]);
  return Table.fromRows(schema, rows);
}

/** narrow(): one row per cell — Row (its row number), Column (its name), Value (as text). */
function narrow(plan: EvaluatePlan, input: Table, ctx: ExecContext): Table {
  const rows: Value[][] = [];
  // Three values a cell (a row array, a number, two strings): the input's cells times 3.
  const budget = ctx.rowBudget(120, "narrow's rows", plan.span);
  for (let i = 0; i < input.rowCount; i++) {
    if ((i & 1023) === 1023) {
      budget.check(rows.length);
      ctx.checkpoint(plan.span);
    }
    input.schema.forEach((c, j) => {
      rows.push([i, c.name, valueToString(input.columns[j]!.get(i), c.type)]);
    });
  }
  budget.check(rows.length);
  return Table.fromRows(
    [
      { name: "Row", type: "int" },
      { name: "Column", type: "string" },
      { name: "Value", type: "string" },
    ],
    rows,
  );
}

export function evaluate(plan: EvaluatePlan, input: Table, ctx: ExecContext): Table {
  switch (plan.plugin) {
    case "bag_unpack":
      return bagUnpack(plan, input, ctx);
    case "pivot":
      return pivot(plan, input, ctx);
    case "narrow":
      return narrow(plan, input, ctx);
    default:
      throw notSupported(`evaluate ${plan.plugin}`, plan.span);
  }
}
