/**
 * getschema, sample / sample-distinct, consume and partition.
 *
 * sample picks rows uniformly at random (Math.random, so results differ between runs, as
 * Kusto's do); sample-distinct picks distinct values of its expression at random.
 */
import type { Plan } from "../../plan/ir.js";
import type { KType, Value } from "../../types.js";
import { type Column, ColumnBuilder, ConstantColumn, concatColumns } from "../column.js";
import type { ExecContext } from "../context.js";
import { convertColumn } from "../convert-column.js";
import { evalExpr } from "../evaluate.js";
import { type Key, keyReader } from "../keys.js";
import { Table } from "../table.js";
import { rowCountArg } from "./take.js";

/** The .NET type name getschema's DataType column shows for each Kusto type. */
const CLR_TYPE: Record<KType, string> = {
  bool: "System.SByte",
  int: "System.Int32",
  long: "System.Int64",
  real: "System.Double",
  decimal: "System.Data.SqlTypes.SqlDecimal",
  string: "System.String",
  datetime: "System.DateTime",
  timespan: "System.TimeSpan",
  guid: "System.Guid",
  dynamic: "System.Object",
};

export function getschema(plan: Extract<Plan, { op: "getschema" }>, input: Table): Table {
  const rows: Value[][] = input.schema.map((c, i) => [c.name, i, CLR_TYPE[c.type], c.type]);
  return Table.fromRows(plan.schema, rows);
}

/** k distinct random indices of 0..n-1, in ascending order (partial Fisher–Yates). */
function pick(n: number, k: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const m = Math.min(n, k);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(Math.random() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m).sort((a, b) => a - b);
}

export function sample(plan: Extract<Plan, { op: "sample" }>, input: Table, ctx: ExecContext): Table {
  const k = rowCountArg(plan.count, input, ctx);
  if (plan.distinctOf === undefined) return input.take(Int32Array.from(pick(input.rowCount, k)));
  const c = evalExpr(plan.distinctOf, input, ctx);
  const key = keyReader([c], true);
  const firsts: number[] = [];
  const seen = new Set<Key>();
  for (let i = 0; i < input.rowCount; i++) {
    const kv = key(i);
    if (!seen.has(kv)) {
      seen.add(kv);
      firsts.push(i);
    }
  }
  const chosen = pick(firsts.length, k).map((j) => firsts[j]!);
  const b = new ColumnBuilder(c.type, chosen.length);
  for (const i of chosen) b.push(c.get(i));
  return new Table(plan.schema, [convertColumn(b.finish(), plan.schema[0]?.type ?? c.type)], chosen.length);
}

export function consume(plan: Extract<Plan, { op: "consume" }>): Table {
  return Table.empty(plan.schema);
}

/** partition by key (subquery): the subquery on each key's rows, in first-seen key order. */
export function partition(
  plan: Extract<Plan, { op: "partition" }>,
  input: Table,
  ctx: ExecContext,
  run: (p: Plan, c: ExecContext) => Table,
): Table {
  const keys = evalExpr(plan.key, input, ctx);
  const key = keyReader([keys], true);
  const groups = new Map<Key, number[]>();
  for (let i = 0; i < input.rowCount; i++) {
    const k = key(i);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [i]);
    else g.push(i);
  }
  const previous = ctx.inputs.get(plan.inputId);
  const parts: Table[] = [];
  try {
    for (const rows of groups.values()) {
      ctx.inputs.set(plan.inputId, input.take(Int32Array.from(rows)));
      parts.push(run(plan.subquery, ctx));
    }
  } finally {
    if (previous === undefined) ctx.inputs.delete(plan.inputId);
    else ctx.inputs.set(plan.inputId, previous);
  }
  const total = parts.reduce((s, t) => s + t.rowCount, 0);
  const cols: Column[] = plan.schema.map((s) =>
    concatColumns(
      s.type,
      parts.map((t) => {
        const c = t.column(s.name);
        return c === undefined ? new ConstantColumn(s.type, s.type === "string" ? "" : null, t.rowCount) : convertColumn(c, s.type);
      }),
    ),
  );
  return new Table(plan.schema, cols, total);
}
