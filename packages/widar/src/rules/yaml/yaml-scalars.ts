/**
 * The scalar side of the YAML subset reader: plain-scalar typing (YAML 1.2 core schema), escapes
 * of double-quoted strings, line folding of multi-line flow scalars and folded blocks, comments.
 */
import type { YamlValue } from "./yaml-reader.js";

/** A syntax problem at a 1-based line and column (parseYaml turns it into a YamlError). */
export class Failure extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Plain scalars resolve as YAML 1.2's core schema does. */
export function plainScalar(text: string): YamlValue {
  if (/^(~|null|Null|NULL)?$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text) || /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  return text;
}

export function unescapeDouble(body: string, line: number, column: number): string {
  const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", '"': '"', "\\": "\\", "/": "/", " ": " ", b: "\b", f: "\f" };
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    const v = map[e];
    if (v === undefined) throw new Failure(`unknown escape '\\${e}' in a double-quoted string`, line, column);
    return v;
  });
}

/** YAML line folding of a multi-line flow scalar: a line break is a space, an empty line a newline. */
export function foldLines(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  let out = "";
  let pendingBreaks = 0;
  parts.forEach((p, i) => {
    const t = i === 0 ? p.replace(/\s+$/, "") : i === parts.length - 1 ? p.replace(/^\s+/, "") : p.trim();
    if (i > 0 && t === "" && i < parts.length - 1) {
      pendingBreaks++;
      return;
    }
    if (i > 0) out += pendingBreaks > 0 ? "\n".repeat(pendingBreaks) : " ";
    pendingBreaks = 0;
    out += t;
  });
  return out;
}

export function stripComment(s: string): string {
  const m = /(^|\s)#/.exec(s);
  return (m === null ? s : s.slice(0, m.index)).replace(/\s+$/, "");
}

/**
 * Folded block scalars: a line break between two lines is a space; n empty lines between them are
 * n newlines; around more-indented lines breaks are kept as they are.
 */
export function foldBlock(body: readonly string[]): string {
  let out = "";
  let pending = 0;
  let first = true;
  let prevMore = false;
  for (const l of body) {
    if (l === "") {
      pending++;
      continue;
    }
    const more = /^[ \t]/.test(l);
    if (first) out = "\n".repeat(pending) + l;
    else if (pending > 0) out += "\n".repeat(pending + (more || prevMore ? 1 : 0)) + l;
    else out += (more || prevMore ? "\n" : " ") + l;
    first = false;
    pending = 0;
    prevMore = more;
  }
  return out;
}

export function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (quote !== null) {
      if (quote === '"' && c === "\\") k++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "#" && (k === 0 || /\s/.test(text[k - 1]!))) {
      const nl = text.indexOf("\n", k);
      if (nl < 0) break;
      k = nl;
    }
  }
  return depth <= 0;
}
