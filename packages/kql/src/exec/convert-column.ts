/** A whole column converted to another type (a no-op when the types already agree). */
import type { KType } from "../types.js";
import { type Column, ColumnBuilder, ConstantColumn } from "./column.js";
import { convertValue } from "./convert.js";
import { type ColumnSlot, DeferredColumn, PendingTake, type Table } from "./table.js";

/** Column i of `t` converted to `to`; left pending (uncopied) when it already has that type. */
export function convertSlot(t: Table, i: number, to: KType): ColumnSlot {
  const s = t.slot(i);
  return (s instanceof PendingTake || s instanceof DeferredColumn) && (s instanceof PendingTake ? s.source.type : s.type) === to ? s : convertColumn(t.at(i), to);
}

export function convertColumn(c: Column, to: KType): Column {
  if (c.type === to) return c;
  if (c instanceof ConstantColumn) return new ConstantColumn(to, convertValue(c.value, c.type, to), c.length);
  const b = new ColumnBuilder(to, c.length);
  for (let i = 0; i < c.length; i++) b.push(convertValue(c.get(i), c.type, to));
  return b.finish();
}
