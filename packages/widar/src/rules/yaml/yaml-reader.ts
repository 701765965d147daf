/**
 * Reads rule and parser YAML with the `yaml` package (the whole YAML 1.2 spec, core schema) into
 * widar's own small node tree, which keeps each node's 1-based line and column (from the
 * package's LineCounter) so diagnostics point into the file. A block scalar also keeps where its
 * content starts and how far it is indented, so a diagnostic inside a rule's `query: |` points at
 * the right place.
 *
 * Rule text is untrusted, so reading is bounded and strict; each refusal is a YamlError with a
 * code, a line and a column, never a throw:
 *   WR010  not YAML, or YAML that would be misread: a syntax error, a warning of the package (an
 *          unknown tag), a second document, a key that is not a scalar, duplicate keys
 *   WR014  a `__proto__` key: as a property it would replace an object's prototype
 *   WR015  past a limit: the file's size, the nesting depth (checked on the syntax tree, before
 *          anything recursive runs), what aliases expand to (a "billion laughs" file)
 *
 * @example
 * const r = parseYaml("name: X\nquery: |\n  T | take 1\n");
 * if (r.error === undefined) toPlain(r.node); // { name: "X", query: "T | take 1\n" }
 */
import { Composer, LineCounter, Parser } from "yaml";
import { tooDeepInTokensAt, tooDeepInTreeAt } from "./yaml-depth.js";
import { YamlRefusal, toYamlNode } from "./yaml-nodes.js";

export type YamlValue = string | number | boolean | null;

interface Position {
  readonly line: number;
  readonly column: number;
}

export interface YamlScalar extends Position {
  readonly kind: "scalar";
  readonly value: YamlValue;
  readonly style: "plain" | "single" | "double" | "literal" | "folded";
  /** Block scalars: the 1-based line of the first content line and the content's indentation. */
  readonly contentLine?: number;
  readonly contentIndent?: number;
}

export interface YamlSeq extends Position {
  readonly kind: "seq";
  readonly items: readonly YamlNode[];
}

export interface YamlEntry {
  readonly key: string;
  readonly line: number;
  readonly column: number;
  readonly value: YamlNode;
}

export interface YamlMap extends Position {
  readonly kind: "map";
  readonly entries: readonly YamlEntry[];
}

export type YamlNode = YamlScalar | YamlSeq | YamlMap;

export type YamlErrorCode = "WR010" | "WR014" | "WR015";

export interface YamlError {
  readonly code: YamlErrorCode;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type YamlParse = { readonly node: YamlNode; readonly error?: undefined } | { readonly node?: undefined; readonly error: YamlError };

/**
 * Far above what a rule or parser needs (Sentinel caps a query at 10,000 characters and rules
 * nest 4 levels deep), far below what makes reading slow or deep: the `yaml` parser takes
 * seconds per megabyte of hostile nesting on a busy machine.
 */
export const YAML_LIMITS = {
  /** Characters of the file. */
  maxChars: 512 * 1024,
  /** Collections inside collections. */
  maxDepth: 64,
  /** Nodes once every alias is expanded (what toPlain and the exporters build). */
  maxExpandedNodes: 100_000,
  /** Characters of scalars once every alias is expanded. */
  maxExpandedChars: 4 * 1024 * 1024,
} as const;

/** Parses one YAML document; a problem is a coded error with line and column. */
export function parseYaml(text: string, limits: typeof YAML_LIMITS = YAML_LIMITS): YamlParse {
  const lines = new LineCounter();
  // A byte-order mark is not a column of the first line.
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    const line = Math.max(1, p.line);
    return { line, column: Math.max(1, p.col - (line === 1 ? bom : 0)) };
  };
  const fail = (code: YamlErrorCode, message: string, offset: number): YamlParse => ({ error: { code, message, ...at(offset) } });
  if (text.length > limits.maxChars)
    return { error: { code: "WR015", message: `the file has ${text.length} characters; widar reads YAML of at most ${limits.maxChars}`, line: 1, column: 1 } };

  const tooDeep = `collections nest more than ${limits.maxDepth} deep`;
  const deepToken = tooDeepInTokensAt(text, limits.maxDepth);
  const tokens = deepToken === undefined ? [...new Parser(lines.addNewLine).parse(text)] : [];
  if (deepToken !== undefined) {
    // The parser did not run, so count the lines up to the offset here.
    lines.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0 && i < deepToken; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
    return fail("WR015", tooDeep, deepToken);
  }
  const deep = tooDeepInTreeAt(tokens, limits.maxDepth);
  if (deep !== undefined) return fail("WR015", tooDeep, deep);

  // Core schema: what YAML 1.2 and the Azure-Sentinel tooling read plain scalars as. No merge keys
  // (`<<` is an ordinary key), unique keys, and every warning treated as an error.
  const composer = new Composer({ version: "1.2", schema: "core", merge: false, uniqueKeys: true, strict: true, keepSourceTokens: true, prettyErrors: false });
  const docs = [...composer.compose(tokens)];
  if (docs.length > 1) return fail("WR010", "only one YAML document per file is supported", docs[1]!.range[0]);
  const doc = docs[0];
  if (doc === undefined) return { node: { kind: "map", entries: [], line: 1, column: 1 } };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const code = problem.code === "RESOURCE_EXHAUSTION" ? "WR015" : "WR010";
    return fail(code, problem.message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, ""), problem.pos[0]);
  }
  if (doc.contents === null) return { node: { kind: "map", entries: [], line: 1, column: 1 } };
  try {
    return { node: toYamlNode(doc.contents, text, at, limits) };
  } catch (e) {
    if (e instanceof YamlRefusal) return fail(e.code, e.message, e.offset);
    throw e;
  }
}

/** The node as plain JavaScript values (mappings as objects in key order). */
export function toPlain(node: YamlNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "seq":
      return node.items.map(toPlain);
    case "map": {
      // The reader refuses `__proto__`, so every key is an own property here.
      const o: Record<string, unknown> = {};
      for (const e of node.entries) o[e.key] = toPlain(e.value);
      return o;
    }
  }
}

/** The entry of a mapping by key. */
export function entryOf(node: YamlNode | undefined, key: string): YamlEntry | undefined {
  return node?.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
}
