/**
 * join (all nine kinds) and lookup: a hash join building on the right side. Output columns are
 * the left's then the right's, named as the analyser named them (`InitiatorId1` for a clash).
 * Null keys never match (as in SQL; the Kusto docs are silent on it).
 */
import type { Plan } from "../../plan/ir.js";
import { type Column, ConstantColumn } from "../column.js";

import type { ExecContext } from "../context.js";
import { convertColumn, convertSlot } from "../convert-column.js";
import { MAX_MAP_ENTRIES, distinctLimitError } from "../../limits.js";
import { hasNullKey, type Key, keyReader } from "../keys.js";
import { unknownColumns } from "../open-columns.js";
import { type ColumnSlot, Table } from "../table.js";

/**
 * The key columns of one side. A key the side lacks at run time (an open table: the analyser
 * accepted `bag_unpack(...) | join ... on c`, the data had no `c`) reads as nulls, as a missing
 * column does in an expression (../evaluate.ts): its rows match nothing.
 */
function keyColumns(t: Table, names: readonly string[], other: Table, otherNames: readonly string[]): Column[] {
  return names.map((n, i) => t.column(n) ?? new ConstantColumn(other.column(otherNames[i]!)?.type ?? "dynamic", null, t.rowCount));
}

/** Bytes a matched pair costs while the join runs: two JS array slots and two Int32 indices. */
const PAIR_BYTES = 24;

export function join(plan: Extract<Plan, { op: "join" }>, left: Table, right: Table, ctx: ExecContext): Table {
  const lk = keyColumns(left, plan.leftKeys, right, plan.rightKeys);
  const rk = keyColumns(right, plan.rightKeys, left, plan.leftKeys);
  // Keys of different numeric or dynamic types compare as the left's type.
  const rkc = rk.map((c, i) => convertColumn(c, lk[i]!.type));
  const lkey = keyReader(lk);
  const rkey = keyReader(rkc);
  const buckets = new Map<Key, number[]>();
  for (let j = 0; j < right.rowCount; j++) {
    if (hasNullKey(rkc, j)) continue;
    const k = rkey(j);
    const b = buckets.get(k);
    if (b !== undefined) b.push(j);
    else if (buckets.size < MAX_MAP_ENTRIES) buckets.set(k, [j]);
    else throw distinctLimitError("the join's right side", plan.span);
  }
  // A cartesian blow-up (1e5 × 1e5 rows on one key) stops at the memory budget, long before
  // the pairs outgrow what V8 can hold (which kills the process instead of throwing).
  const what = `the ${plan.lookup ? "lookup" : "join"}'s output`;
  const budget = ctx.rowBudget(PAIR_BYTES, what, plan.span);
  let nextCheck = 1 << 16;
  if (left.rowCount * (right.rowCount / Math.max(1, buckets.size)) > 1 << 22) {
    // Possibly large (many rows per key): the pairs are counted first, so that a blow-up is
    // refused before any is built rather than after filling the budget.
    let pairs = 0;
    for (let i = 0; i < left.rowCount; i++) if (!hasNullKey(lk, i)) pairs += buckets.get(lkey(i))?.length ?? 0;
    budget.check(pairs);
    nextCheck = Number.POSITIVE_INFINITY;
  }
  const li: number[] = [];
  const ri: number[] = [];
  const kind = plan.kind;
  const rightMatched = new Uint8Array(right.rowCount);
  const seenLeftKeys = kind === "innerunique" ? new Set<Key>() : undefined;
  for (let i = 0; i < left.rowCount; i++) {
    const nullKey = hasNullKey(lk, i);
    const k = nullKey ? null : lkey(i);
    if (seenLeftKeys !== undefined && !nullKey) {
      // innerunique: the left side is de-duplicated on the key first (first row wins).
      if (seenLeftKeys.has(k)) continue;
      if (seenLeftKeys.size >= MAX_MAP_ENTRIES) throw distinctLimitError("the join's left side", plan.span);
      seenLeftKeys.add(k);
    }
    const matches = nullKey ? undefined : buckets.get(k);
    switch (kind) {
      case "inner":
      case "innerunique":
      case "leftouter":
      case "rightouter":
      case "fullouter":
      case "rightsemi":
      case "rightanti":
        if (matches !== undefined) {
          if (li.length + matches.length >= nextCheck) {
            budget.check(li.length + matches.length);
            nextCheck = li.length + matches.length + (1 << 16);
          }
          for (const j of matches) {
            rightMatched[j] = 1;
            if (kind !== "rightsemi" && kind !== "rightanti") {
              li.push(i);
              ri.push(j);
            }
          }
        } else if (kind === "leftouter" || kind === "fullouter") {
          li.push(i);
          ri.push(-1);
        }
        break;
      case "leftsemi":
        if (matches !== undefined) li.push(i);
        break;
      case "leftanti":
        if (matches === undefined) li.push(i);
        break;
    }
  }
  if (kind === "rightouter" || kind === "fullouter") {
    for (let j = 0; j < right.rowCount; j++)
      if (rightMatched[j] === 0) {
        li.push(-1);
        ri.push(j);
      }
  }
  if (kind === "rightsemi" || kind === "rightanti") {
    const want = kind === "rightsemi" ? 1 : 0;
    for (let j = 0; j < right.rowCount; j++) if (rightMatched[j] === want) ri.push(j);
    return named(plan, [right.take(Int32Array.from(ri))], ri.length);
  }
  if (kind === "leftsemi" || kind === "leftanti") return named(plan, [left.take(Int32Array.from(li))], li.length);
  const l = left.take(Int32Array.from(li));
  const r = right.take(Int32Array.from(ri));
  const keep = (j: number) => !(plan.lookup && plan.rightKeys.includes(right.schema[j]!.name));
  return named(plan, [l, r], li.length, keep);
}

/** The output columns: the sides' columns in order (the right's filtered by `keep`), still pending. */
function named(plan: Extract<Plan, { op: "join" }>, sides: readonly Table[], n: number, keep: (j: number) => boolean = () => true): Table {
  const known = sides.length === 2 ? [plan.left.schema, plan.right.schema] : [plan.schema];
  if (sides.some((t, i) => unknownColumns(t, known[i]!).length > 0)) return namedAtRunTime(plan, sides, n, keep);
  const picks: [Table, number][] = [];
  sides.forEach((t, side) => {
    for (let j = 0; j < t.schema.length; j++) if (side === 0 || keep(j)) picks.push([t, j]);
  });
  // The analyser's schema and the sides' columns disagree (Kusto.Language gives a lookup after
  // scan a match_id column scan does not produce): named from the columns there are.
  if (picks.length !== plan.schema.length) return namedAtRunTime(plan, sides, n, keep);
  return new Table(
    plan.schema,
    plan.schema.map((s, i) => convertSlot(picks[i]![0], picks[i]![1], s.type)),
    n,
  );
}

/**
 * A side holds columns the analyser did not know (after bag_unpack or pivot): the output is
 * named from the sides' actual columns, a right column whose name the left has taking the
 * first free `name1`, `name2`… (as Kusto names them).
 */
function namedAtRunTime(plan: Extract<Plan, { op: "join" }>, sides: readonly Table[], n: number, keep: (j: number) => boolean): Table {
  const schema: { name: string; type: import("../../types.js").KType }[] = [];
  const slots: ColumnSlot[] = [];
  const used = new Set<string>();
  sides.forEach((t, side) => {
    t.schema.forEach((c, j) => {
      if (side === 1 && !keep(j)) return;
      let name = c.name;
      for (let k = 1; used.has(name); k++) name = `${c.name}${k}`;
      used.add(name);
      const type = plan.schema.find((s) => s.name === name)?.type ?? c.type;
      schema.push({ name, type });
      slots.push(convertSlot(t, j, type));
    });
  });
  return new Table(schema, slots, n);
}
