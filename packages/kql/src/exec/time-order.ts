/**
 * Loaded log tables held in TimeGenerated order. Logs arrive nearly in time order (a simulated
 * or exported table has a few hundred late records among millions); holding them exactly in
 * order lets every time-range scan take a contiguous slice of the rows in their own order
 * (./time-pruning.ts), and lets a window be cut into time buckets whose rows, put end to end,
 * are the window's rows in the table's order (./windowed-summarize.ts). Kusto promises no row
 * order for a table, so this changes no result a query may rely on; the sort is stable (rows
 * with equal times keep their order) and rows without a time go last.
 */
import { FixedColumn, takeColumn } from "./column.js";
import { Table } from "./table.js";
import { TIME_COLUMN } from "./time-pruning.js";

/** The table with its rows in TimeGenerated order (itself when they are already, or it has no such column). */
export function inTimeOrder(t: Table): Table {
  const at = t.schema.findIndex((c) => c.name === TIME_COLUMN && c.type === "datetime");
  if (at < 0) return t;
  const col = t.at(at);
  if (!(col instanceof FixedColumn)) return t;
  const n = t.rowCount;
  const times = col.values;
  const nulls = col.nulls;
  const isNull = (i: number) => nulls !== null && nulls[i] === 1;
  let ordered = true;
  let sawNull = false;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n && ordered; i++) {
    if (isNull(i)) sawNull = true;
    else if (sawNull || times[i]! < prev) ordered = false;
    else prev = times[i]!;
  }
  if (ordered) return t;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const an = isNull(a);
    const bn = isNull(b);
    if (an || bn) return an === bn ? a - b : an ? 1 : -1;
    return times[a]! - times[b]! || a - b;
  });
  return new Table(
    t.schema,
    t.columns.map((c) => takeColumn(c, order)),
    n,
  );
}
