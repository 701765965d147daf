/** A whole column converted to another type (a no-op when the types already agree). */
import type { KType } from "../types.js";
import { type Column, ColumnBuilder, ConstantColumn } from "./column.js";
import { convertValue } from "./convert.js";

export function convertColumn(c: Column, to: KType): Column {
  if (c.type === to) return c;
  if (c instanceof ConstantColumn) return new ConstantColumn(to, convertValue(c.value, c.type, to), c.length);
  const b = new ColumnBuilder(to, c.length);
  for (let i = 0; i < c.length; i++) b.push(convertValue(c.get(i), c.type, to));
  return b.finish();
}
