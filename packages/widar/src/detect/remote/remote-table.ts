/**
 * A remote service's result (columns with Kusto type names, rows of JSON values or Dates) as a
 * typed widar table, through the same coercion as every loaded file: what runs on Log Analytics
 * or Azure Data Explorer then flows through the same alert pipeline as a local run.
 */
import { type ColumnSchema, coerceValue, type Diagnostic, type KType, parseTypeName, type Schema, Table, type Value } from "@widar/kql";

export interface RemoteColumn {
  readonly name: string;
  readonly type: string;
}

/** Kusto and Log Analytics column type names (and the .NET names ADX v1 answers use) → widar's. */
function kustoType(name: string): KType {
  const t = name.toLowerCase().replace(/^system\./, "");
  const aliases: Record<string, KType> = { double: "real", boolean: "bool", int32: "int", int64: "long", sbyte: "bool", object: "dynamic", uuid: "guid", date: "datetime" };
  return aliases[t] ?? parseTypeName(t) ?? "dynamic";
}

export function remoteTable(columns: readonly RemoteColumn[], rows: readonly (readonly unknown[])[]): { table: Table; diagnostics: Diagnostic[] } {
  const schema: Schema = columns.map((c): ColumnSchema => ({ name: c.name, type: kustoType(c.type) }));
  let bad = 0;
  const values = rows.map((r) =>
    schema.map((c, j): Value => {
      const raw = r[j] instanceof Date ? (r[j] as Date).toISOString() : r[j];
      const x = coerceValue(raw, c.type, { textual: typeof raw === "string" && c.type === "dynamic" });
      if (!x.ok) bad++;
      return x.value;
    }),
  );
  const diagnostics: Diagnostic[] =
    bad === 0 ? [] : [{ code: "WX004", severity: "warning", message: `${bad} value(s) of the remote result did not convert to their column's type and are null` }];
  return { table: Table.fromRows(schema, values), diagnostics };
}

/** A service error's message without anything that looks like a credential. */
export function redact(message: string): string {
  return message.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1<redacted>").replace(/eyJ[A-Za-z0-9._-]{20,}/g, "<redacted>");
}

/** The query a remote service runs for a window: `now()` pinned to the run time, as Sentinel's scheduler does. */
export function pinnedQuery(query: string, endMs: number): string {
  return `set query_now = datetime(${new Date(endMs).toISOString()});\n${query}`;
}
