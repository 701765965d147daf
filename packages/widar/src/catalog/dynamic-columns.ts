/**
 * Tables whose columns are open-ended: `AzureDiagnostics` (one table for every Azure resource
 * type that logs in the legacy mode: each resource adds its own columns) and custom `*_CL` tables
 * (the HTTP Data Collector API names a column by its value's type). Their extra columns carry
 * the type in a suffix: `_s` string, `_d` real, `_g` guid, `_b` bool, `_t` datetime.
 *
 * In: a table's known schema and the column names a query mentions or loaded records carry.
 * Out: the schema with each suffix-typed name added (known columns keep their type and place).
 *
 * @example
 * withSuffixColumns(schema, ["clientIP_s", "httpStatus_d", "Message"]) // adds clientIP_s:string, httpStatus_d:real
 */
import type { ColumnSchema, KType, Schema } from "@widar/kql";

const SUFFIX_TYPES: Readonly<Record<string, KType>> = { s: "string", d: "real", g: "guid", b: "bool", t: "datetime" };

/** Whether a table takes suffix-typed columns it does not declare. */
export function hasDynamicColumns(table: string): boolean {
  return table === "AzureDiagnostics" || /_CL$/.test(table);
}

/** The type a column name's suffix gives (`clientIP_s` → string), or undefined. */
export function suffixColumnType(name: string): KType | undefined {
  const m = /^[A-Za-z_][A-Za-z0-9_]*?_([sdgbt])$/.exec(name);
  return m === null ? undefined : SUFFIX_TYPES[m[1]!];
}

/** The schema with every suffix-typed name of `names` that it lacks, appended in order of first mention. */
export function withSuffixColumns(schema: Schema, names: Iterable<string>): Schema {
  const have = new Set(schema.map((c) => c.name));
  const added: ColumnSchema[] = [];
  for (const n of names) {
    if (have.has(n)) continue;
    const type = suffixColumnType(n);
    if (type === undefined) continue;
    have.add(n);
    added.push({ name: n, type });
  }
  return added.length === 0 ? schema : [...schema, ...added];
}

/** The identifiers of query texts (comments and string literals included: a column named in
 *  `column_ifexists('x_s', '')` counts too, as Log Analytics would have it). */
export function identifiersOf(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) seen.add(m[0]);
  return [...seen];
}
