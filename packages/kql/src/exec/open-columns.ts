/**
 * Columns the analyser does not know. After `evaluate bag_unpack` or `pivot` the columns
 * depend on the data (Kusto.Language marks such a table "open"), so at run time a table may
 * hold columns beyond its plan's schema. Operators that keep their input's columns (extend,
 * project-away/-rename/-reorder, where, sort, mv-expand, parse, join) keep those too, in
 * place; operators that name their output (project, summarize, distinct) drop them.
 */
import type { Schema } from "../schema.js";
import type { ColumnSlot, Table } from "./table.js";

/** The columns of `runtime` that `knownInput` (the plan input's schema) does not name. */
export function unknownColumns(runtime: Table, knownInput: Schema, alsoKnown: readonly string[] = []): { name: string; index: number }[] {
  if (runtime.schema.length === knownInput.length && alsoKnown.length === 0) return [];
  const known = new Set([...knownInput.map((c) => c.name), ...alsoKnown]);
  const out: { name: string; index: number }[] = [];
  runtime.schema.forEach((c, index) => {
    if (!known.has(c.name)) out.push({ name: c.name, index });
  });
  return out;
}

/**
 * An operator's output (`schema`, `slots`) with the input's unknown columns put back: after the
 * input's own columns and before the columns the operator added (as extend places them).
 * `slotOf` gives an unknown column's slot in the output's rows; `alsoKnown` names runtime
 * columns that are not unknown ones (removed or renamed by the operator); `inPlace` names output
 * columns that stand where an input column stood (a rename's new name).
 */
export function withUnknownColumns(
  schema: Schema,
  slots: readonly ColumnSlot[],
  knownInput: Schema,
  runtime: Table,
  slotOf: (index: number) => ColumnSlot,
  alsoKnown: readonly string[] = [],
  inPlace: readonly string[] = [],
): { schema: Schema; slots: ColumnSlot[] } {
  const extra = unknownColumns(runtime, knownInput, alsoKnown).filter((u) => !schema.some((c) => c.name === u.name));
  if (extra.length === 0) return { schema, slots: slots.slice() };
  const inputNames = new Set([...knownInput.map((c) => c.name), ...inPlace]);
  let at = schema.findIndex((c) => !inputNames.has(c.name));
  if (at < 0) at = schema.length;
  const extraSchema = extra.map((u) => ({ name: u.name, type: runtime.schema[u.index]!.type }));
  return {
    schema: [...schema.slice(0, at), ...extraSchema, ...schema.slice(at)],
    slots: [...slots.slice(0, at), ...extra.map((u) => slotOf(u.index)), ...slots.slice(at)],
  };
}
