/**
 * Writes plain values as YAML the way the Azure-Sentinel repository lays rules out: two-space
 * indentation, sequences indented under their key, multi-line strings (the query) as literal
 * block scalars, other strings plain when that reads back as the same string and single-quoted
 * otherwise. `parseYaml(stringifyYaml(v))` gives back `v` (the writer's tests check it).
 */
import { plainScalar } from "./yaml-scalars.js";

type Plain = null | boolean | number | string | readonly Plain[] | { readonly [k: string]: Plain | undefined };

/** A string that would read back as itself when written without quotes. */
function plainSafe(s: string): boolean {
  if (s === "" || s !== s.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (/: |:$| #|[\u0000-\u001f\u007f]/.test(s)) return false;
  return plainScalar(s) === s;
}

function quoted(s: string): string {
  // Control characters cannot appear in single quotes; double quotes escape them.
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s) || s.includes("\n")) return JSON.stringify(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function scalar(v: null | boolean | number | string): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  return plainSafe(v) ? v : quoted(v);
}

/** A multi-line string as a literal block, or undefined when a block cannot hold it exactly. */
function block(s: string, indent: string): string | undefined {
  if (!s.includes("\n") || /[\u0000-\u0008\u000b-\u001f\u007f\r]/.test(s)) return undefined;
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  // Leading spaces on the first line, or trailing empty lines, would need indicators: quote instead.
  if (body.startsWith(" ") || body.endsWith("\n") || body === "") return undefined;
  const header = s.endsWith("\n") ? "|" : "|-";
  const lines = body.split("\n").map((l) => (l === "" ? "" : `${indent}${l}`));
  return `${header}\n${lines.join("\n")}`;
}

function isMap(v: Plain): v is { readonly [k: string]: Plain | undefined } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function entries(v: { readonly [k: string]: Plain | undefined }): [string, Plain][] {
  return Object.entries(v).filter((e): e is [string, Plain] => e[1] !== undefined);
}

function writeValueAfterKey(v: Plain, indent: string): string {
  if (Array.isArray(v)) return v.length === 0 ? " []" : `\n${writeSeq(v, `${indent}  `)}`;
  if (isMap(v)) return entries(v).length === 0 ? " {}" : `\n${writeMap(v, `${indent}  `)}`;
  const s = v as null | boolean | number | string;
  if (typeof s === "string") {
    const b = block(s, `${indent}  `);
    if (b !== undefined) return ` ${b}`;
  }
  return ` ${scalar(s)}`;
}

function writeMap(v: { readonly [k: string]: Plain | undefined }, indent: string): string {
  return entries(v)
    .map(([k, x]) => `${indent}${scalar(k)}:${writeValueAfterKey(x, indent)}`)
    .join("\n");
}

function writeSeq(v: readonly Plain[], indent: string): string {
  return v
    .map((x) => {
      if (isMap(x) && entries(x).length > 0) {
        // `- key: v` with the following keys aligned under the first.
        const inner = writeMap(x, `${indent}  `);
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      }
      if (Array.isArray(x) && x.length > 0) return `${indent}-\n${writeSeq(x, `${indent}  `)}`;
      if (Array.isArray(x)) return `${indent}- []`;
      if (isMap(x)) return `${indent}- {}`;
      const s = x as null | boolean | number | string;
      if (typeof s === "string") {
        const b = block(s, `${indent}  `);
        if (b !== undefined) return `${indent}- ${b}`;
      }
      return `${indent}- ${scalar(s)}`;
    })
    .join("\n");
}

/** The value as a YAML document (a mapping at the top, as rule files are), ending with a newline. */
export function stringifyYaml(value: Plain): string {
  if (isMap(value)) return `${writeMap(value, "")}\n`;
  if (Array.isArray(value)) return `${writeSeq(value, "")}\n`;
  return `${scalar(value as null | boolean | number | string)}\n`;
}

export type { Plain as YamlPlain };
