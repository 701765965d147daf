/**
 * `widar validate --schemas FILE`: extra table schemas (custom `_CL` tables, tables of other
 * solutions) as Log Analytics describes them: `[{"Name": "T", "Properties": [{"Name": "C", "Type": "string"}]}]`.
 * Types are Kusto's names in any case, or the .NET names some exports use (System.String, Int32…).
 */
import type { Diagnostic, KType, Schema } from "@widar/kql";

const TYPES: Record<string, KType> = {
  bool: "bool",
  boolean: "bool",
  int: "int",
  int32: "int",
  long: "long",
  int64: "long",
  real: "real",
  double: "real",
  float: "real",
  decimal: "decimal",
  string: "string",
  datetime: "datetime",
  date: "datetime",
  timespan: "timespan",
  time: "timespan",
  guid: "guid",
  uniqueid: "guid",
  dynamic: "dynamic",
  object: "dynamic",
  sbyte: "bool",
};

export function parseSchemasJson(text: string, file: string): { schemas: Map<string, Schema>; diagnostics: Diagnostic[] } {
  const schemas = new Map<string, Schema>();
  const diagnostics: Diagnostic[] = [];
  const bad = (message: string) => diagnostics.push({ code: "WC003", severity: "error", message, file });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(`not JSON: ${(e as Error).message}`);
    return { schemas, diagnostics };
  }
  if (!Array.isArray(doc)) {
    bad('expected an array of {"Name": ..., "Properties": [{"Name": ..., "Type": ...}]}');
    return { schemas, diagnostics };
  }
  doc.forEach((t, i) => {
    const name = (t as { Name?: unknown })?.Name;
    const props = (t as { Properties?: unknown })?.Properties;
    if (typeof name !== "string" || !Array.isArray(props)) {
      bad(`table #${i + 1}: needs "Name" (a string) and "Properties" (an array)`);
      return;
    }
    const schema: { name: string; type: KType }[] = [];
    for (const p of props) {
      const col = (p as { Name?: unknown })?.Name;
      const typeText = String((p as { Type?: unknown })?.Type ?? "").replace(/^System\./i, "").toLowerCase();
      const type = TYPES[typeText];
      if (typeof col !== "string" || type === undefined) {
        bad(`table ${name}: column ${JSON.stringify(col)} has an unknown type ${JSON.stringify((p as { Type?: unknown })?.Type)}`);
        continue;
      }
      schema.push({ name: col, type });
    }
    schemas.set(name, schema);
  });
  return { schemas, diagnostics };
}
