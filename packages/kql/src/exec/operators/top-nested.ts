/**
 * top-nested: level by level, the rows are grouped by the level's key, each group aggregated,
 * and the top N groups (by the aggregate, descending unless `asc`) kept; with `with others`, the
 * remaining groups become one group keyed by the others value. Each kept group's rows go on to
 * the next level; every output row is one path through the levels, groups in rank order.
 */
import type { Plan } from "../../plan/ir.js";
import type { Value } from "../../types.js";
import { bindAggregate } from "../aggregation.js";
import type { ExecContext } from "../context.js";
import { constantValue, evalExpr } from "../evaluate.js";
import { type Key, keyReader } from "../keys.js";
import { Table } from "../table.js";
import { compareValues } from "./sort.js";

export function topNested(plan: Extract<Plan, { op: "top-nested" }>, input: Table, ctx: ExecContext): Table {
  const levels = plan.levels.map((level) => {
    const keyCol = evalExpr(level.key.expr, input, ctx);
    const count = level.count === undefined ? undefined : constantValue(level.count, ctx);
    return {
      level,
      keyCol,
      keyOf: keyReader([keyCol], true),
      agg: bindAggregate(level.aggregate, input, ctx),
      limit: typeof count === "number" ? Math.max(0, Math.trunc(count)) : Number.POSITIVE_INFINITY,
      others: level.others === undefined ? undefined : constantValue(level.others, ctx),
    };
  });
  const out: Value[][] = [];
  const walk = (depth: number, rows: number[], prefix: Value[]) => {
    const L = levels[depth];
    if (L === undefined) {
      out.push(prefix);
      return;
    }
    const groups = new Map<Key, number[]>();
    for (const i of rows) {
      const k = L.keyOf(i);
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [i]);
      else g.push(i);
    }
    const ranked = [...groups.values()].map((g) => ({ rows: g, key: L.keyCol.get(g[0]!), value: L.agg.over(g) }));
    ranked.sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
      const c = compareValues(a.value, b.value);
      return L.level.descending ? -c : c;
    });
    const kept = ranked.slice(0, L.limit);
    for (const g of kept) walk(depth + 1, g.rows, [...prefix, g.key, g.value]);
    const rest = ranked.slice(kept.length);
    if (L.others !== undefined && rest.length > 0) {
      const restRows = rest.flatMap((g) => g.rows);
      walk(depth + 1, restRows, [...prefix, L.others ?? null, L.agg.over(restRows)]);
    }
  };
  walk(0, Array.from({ length: input.rowCount }, (_, i) => i), []);
  return Table.fromRows(plan.schema, out);
}
