/**
 * mv-apply in one pass: when the subquery is row-wise operators (where, extend, project…)
 * optionally ended by one `summarize`, running it once over every source row's elements, with
 * the source row as a hidden leading group key, gives the same rows as running it per source
 * row — without paying the operators' fixed cost once per row (the network allowlist's
 * `mv-apply` runs over every sign-in of a 14-day lookback).
 *
 * The one difference to make up: `summarize` without `by` yields a row even for an empty input,
 * so a source row whose elements were all filtered out (or that had none) gets the subquery's
 * result on an empty table, computed once.
 */
import type { Expr, Plan } from "../../plan/ir.js";
import { lookupWindow } from "../../functions/registry.js";
import { type Column, concatColumns, takeColumn } from "../column.js";

/** The hidden column carrying each element's source row (no KQL name can contain NUL). */
export const SOURCE_ROW = "\u0000mv-apply-row";

/** Whether an expression is a function of its row alone (no window function, no subquery). */
function rowWise(e: Expr): boolean {
  switch (e.kind) {
    case "literal":
    case "column":
      return true;
    case "call":
      return lookupWindow(e.fn) === undefined && e.args.every(rowWise);
    case "member":
      return rowWise(e.target);
    case "index":
      return rowWise(e.target) && rowWise(e.index);
    case "scalar-query":
      return false;
  }
}

/**
 * The subquery rewritten to carry SOURCE_ROW through and group by it first, or null when it is
 * not of the one-pass shape. `grouped` tells whether a by-less summarize ends it.
 */
export function partitionSubquery(p: Plan, inputId: number): { plan: Plan; byless: boolean } | null {
  const row: Expr = { kind: "column", type: "long", name: SOURCE_ROW };
  const rowCol = { name: SOURCE_ROW, type: "long" as const };
  const chain = (q: Plan): Plan | null => {
    switch (q.op) {
      case "input":
        return q.id === inputId ? { ...q, schema: [...q.schema, rowCol] } : null;
      case "where": {
        const input = rowWise(q.predicate) ? chain(q.input) : null;
        return input === null ? null : { ...q, input, schema: [...q.schema, rowCol] };
      }
      case "project": {
        const input = q.steps.every((s) => rowWise(s.expr)) ? chain(q.input) : null;
        return input === null ? null : { ...q, input, schema: [...q.schema, rowCol] };
      }
      default:
        return null;
    }
  };
  if (p.op === "summarize") {
    if (!p.by.every((b) => rowWise(b.expr)) || !p.aggregates.every((a) => a.args.every(rowWise))) return null;
    const input = chain(p.input);
    if (input === null) return null;
    return {
      plan: { ...p, input, by: [{ name: SOURCE_ROW, expr: row }, ...p.by], schema: [rowCol, ...p.schema] },
      byless: p.by.length === 0,
    };
  }
  const plan = chain(p);
  return plan === null ? null : { plan, byless: false };
}

/**
 * Lays the one-pass result out as the per-row loop would: source rows in order, each with its
 * result rows in their order, or (by-less summarize) the empty-input row when it has none.
 * Returns, per output row, the source row and the result row (-1: the empty-input row).
 */
export function layoutRows(resultRows: Column, sourceRows: number, byless: boolean): { source: Int32Array; result: Int32Array } {
  const n = resultRows.length;
  // Counting sort by source row (stable): the result is in source order already when every
  // operator keeps row order, but the layout must not depend on it.
  const count = new Int32Array(sourceRows + 1);
  for (let r = 0; r < n; r++) count[(resultRows.get(r) as number) + 1]!++;
  for (let i = 0; i < sourceRows; i++) count[i + 1]! += count[i]!;
  const sorted = new Int32Array(n);
  const next = count.slice(0, sourceRows);
  for (let r = 0; r < n; r++) sorted[next[resultRows.get(r) as number]!++] = r;
  const src: number[] = [];
  const result: number[] = [];
  for (let i = 0; i < sourceRows; i++) {
    const from = count[i]!;
    const to = count[i + 1]!;
    for (let k = from; k < to; k++) {
      src.push(i);
      result.push(sorted[k]!);
    }
    if (from === to && byless) {
      src.push(i);
      result.push(-1);
    }
  }
  return { source: Int32Array.from(src), result: Int32Array.from(result) };
}

/** Column `c` of the one-pass result at `result` rows, with `empty`'s value where -1. */
export function pickResult(c: Column, result: Int32Array, empty: Column | undefined): Column {
  if (empty === undefined || !result.includes(-1)) return takeColumn(c, result);
  // The rows of the concatenation [c, empty] where -1 points at the empty-input row.
  const both = concatColumns(c.type, [c, empty]);
  return takeColumn(both, result.map((r) => (r < 0 ? c.length : r)));
}
