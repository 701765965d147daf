/** `--schema NAME=(A:string, B:datetime)` arguments: a table name and its Kusto schema. */
import { type Diagnostic, type Schema, parseTypeName } from "@widar/kql";

export function parseSchemaText(text: string): { schema: Schema; error?: string } {
  const m = /^\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (m === null) return { schema: [], error: "a schema is written (Name:type, ...)" };
  const schema: { name: string; type: import("@widar/kql").KType }[] = [];
  const body = m[1]!.trim();
  if (body === "") return { schema };
  for (const part of body.split(",")) {
    const cm = /^\s*(\[['"](.+)['"]\]|[A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z0-9_]+)\s*$/.exec(part);
    if (cm === null) return { schema: [], error: `cannot read column '${part.trim()}' (expected Name:type)` };
    const type = parseTypeName(cm[3]!);
    if (type === undefined) return { schema: [], error: `unknown type '${cm[3]}'` };
    schema.push({ name: cm[2] ?? cm[1]!, type });
  }
  return { schema };
}

export function parseSchemaArgument(arg: string): { name: string; schema: Schema } | Diagnostic {
  const eq = arg.indexOf("=");
  if (eq <= 0) return { code: "WC001", severity: "error", message: `--schema ${arg}: expected NAME=(Col:type, ...)` };
  const { schema, error } = parseSchemaText(arg.slice(eq + 1));
  if (error !== undefined) return { code: "WC001", severity: "error", message: `--schema ${arg.slice(0, eq)}: ${error}` };
  return { name: arg.slice(0, eq), schema };
}
