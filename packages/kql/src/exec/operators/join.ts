/**
 * join (all nine kinds) and lookup: a hash join building on the right side. Output columns are
 * the left's then the right's, named as the analyser named them (`InitiatorId1` for a clash).
 * Null keys never match (as in SQL; the Kusto docs are silent on it).
 */
import type { Plan } from "../../plan/ir.js";
import type { Column } from "../column.js";

import type { ExecContext } from "../context.js";
import { convertColumn, convertSlot } from "../convert-column.js";
import { hasNullKey, type Key, keyReader } from "../keys.js";
import { Table } from "../table.js";

function keyColumns(t: Table, names: readonly string[]): Column[] {
  return names.map((n) => t.column(n)!);
}

export function join(plan: Extract<Plan, { op: "join" }>, left: Table, right: Table, _ctx: ExecContext): Table {
  const lk = keyColumns(left, plan.leftKeys);
  const rk = keyColumns(right, plan.rightKeys);
  // Keys of different numeric or dynamic types compare as the left's type.
  const rkc = rk.map((c, i) => convertColumn(c, lk[i]!.type));
  const lkey = keyReader(lk);
  const rkey = keyReader(rkc);
  const buckets = new Map<Key, number[]>();
  for (let j = 0; j < right.rowCount; j++) {
    if (hasNullKey(rkc, j)) continue;
    const k = rkey(j);
    const b = buckets.get(k);
    if (b === undefined) buckets.set(k, [j]);
    else b.push(j);
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
  const picks: [Table, number][] = [];
  sides.forEach((t, side) => {
    for (let j = 0; j < t.schema.length; j++) if (side === 0 || keep(j)) picks.push([t, j]);
  });
  return new Table(
    plan.schema,
    plan.schema.map((s, i) => convertSlot(picks[i]![0], picks[i]![1], s.type)),
    n,
  );
}
