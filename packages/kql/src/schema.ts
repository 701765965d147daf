import type { KType } from "./types.js";

/** A named, typed column of a table schema. */
export interface ColumnSchema {
  readonly name: string;
  readonly type: KType;
}

export type Schema = readonly ColumnSchema[];

/** Renders a schema as Kusto does in `(A:string, B:datetime)` form (also what the analyzer reads). */
export function schemaToString(schema: Schema): string {
  return `(${schema.map((c) => `${quoteName(c.name)}:${c.type}`).join(", ")})`;
}

/** Names that are not plain identifiers are bracket-quoted, as Kusto writes them. */
export function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}

export function indexOfColumn(schema: Schema, name: string): number {
  for (let i = 0; i < schema.length; i++) if (schema[i]!.name === name) return i;
  return -1;
}
