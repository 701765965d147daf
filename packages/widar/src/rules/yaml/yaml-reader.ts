/**
 * A YAML reader for the subset the Azure-Sentinel repository writes analytic and hunting rules
 * in: block mappings and sequences (`- key: v` items included), plain / single- / double-quoted
 * scalars (multi-line ones folded), literal and folded block scalars (`|`, `|-`, `|+`, `>`, an
 * indentation indicator), one-line or multi-line flow collections (`[a, b]`, `{k: v}`) and
 * comments. Anchors, aliases, tags and multiple documents are refused with a line and column:
 * rule files never need them, and silently misreading one would deploy the wrong rule.
 *
 * Every node keeps its 1-based line and column; a block scalar also keeps where its content
 * starts and how far it is indented, so a diagnostic inside a rule's `query: |` points at the
 * right place in the file.
 */
import { FlowParser } from "./yaml-flow.js";
import { Failure, balanced, foldBlock, foldLines, plainScalar, stripComment, unescapeDouble } from "./yaml-scalars.js";

export { plainScalar };

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

export interface YamlError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type YamlParse = { readonly node: YamlNode; readonly error?: undefined } | { readonly node?: undefined; readonly error: YamlError };

const KEY_PLAIN = /^([^\s#'"[\]{},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/;
const KEY_SINGLE = /^'((?:[^']|'')*)'\s*:(?=\s|$)/;
const KEY_DOUBLE = /^"((?:[^"\\]|\\.)*)"\s*:(?=\s|$)/;

class Reader {
  private readonly lines: string[];

  constructor(text: string) {
    this.lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  }

  private indentOf(i: number): number {
    const l = this.lines[i]!;
    const m = /^ */.exec(l)![0].length;
    if (l[m] === "\t") throw new Failure("tab characters are not allowed in indentation", i + 1, m + 1);
    return m;
  }

  private isBlank(i: number): boolean {
    return /^\s*(#.*)?$/.test(this.lines[i]!);
  }

  /** Index of the next line at or after i that is not blank or a comment (lines.length if none). */
  private next(i: number): number {
    while (i < this.lines.length && this.isBlank(i)) i++;
    return i;
  }

  document(): YamlNode {
    let i = this.next(0);
    if (i < this.lines.length && /^---\s*(#.*)?$/.test(this.lines[i]!)) i = this.next(i + 1);
    for (let j = i; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (/^(---|\.\.\.)(\s|$)/.test(l)) throw new Failure("only one YAML document per file is supported", j + 1, 1);
      if (/^%/.test(l)) throw new Failure("YAML directives are not supported", j + 1, 1);
    }
    if (i >= this.lines.length) return { kind: "map", entries: [], line: 1, column: 1 };
    const [node, end] = this.node(i, 0);
    const rest = this.next(end);
    if (rest < this.lines.length) throw new Failure("unexpected content (check its indentation)", rest + 1, this.indentOf(rest) + 1);
    return node ?? { kind: "scalar", value: null, style: "plain", line: 1, column: 1 };
  }

  /** The node starting at line i (the first non-blank line), if indented at least `min`. */
  private node(i: number, min: number): [YamlNode | null, number] {
    i = this.next(i);
    if (i >= this.lines.length) return [null, i];
    const indent = this.indentOf(i);
    if (indent < min) return [null, i];
    const content = this.lines[i]!.slice(indent);
    this.refuseUnsupported(content, i + 1, indent + 1);
    if (content === "-" || content.startsWith("- ")) return this.sequence(i, indent);
    if (content[0] === "|" || content[0] === ">") return this.blockScalar(i, indent, min - 1);
    if (KEY_PLAIN.test(content) || KEY_SINGLE.test(content) || KEY_DOUBLE.test(content)) return this.mapping(i, indent);
    return this.scalar(i, indent, min - 1);
  }

  private refuseUnsupported(content: string, line: number, column: number): void {
    const c = content.replace(/^- +/, "");
    if (/^[&*!]/.test(c)) throw new Failure("YAML anchors, aliases and tags are not supported", line, column);
  }

  private sequence(i: number, indent: number): [YamlSeq, number] {
    const items: YamlNode[] = [];
    const start = { line: i + 1, column: indent + 1 };
    while (i < this.lines.length) {
      i = this.next(i);
      if (i >= this.lines.length || this.indentOf(i) !== indent) break;
      const l = this.lines[i]!;
      const content = l.slice(indent);
      if (!(content === "-" || content.startsWith("- "))) break;
      const rest = content.slice(1).replace(/^ +/, "");
      if (rest === "" || rest.startsWith("#")) {
        const [child, end] = this.node(i + 1, indent + 1);
        items.push(child ?? { kind: "scalar", value: null, style: "plain", line: i + 1, column: indent + 2 });
        i = end;
        continue;
      }
      // `- key: v` / `- value`: the item is the rest of the line, as if the dash were a space
      // (lines are not read again once parsed, so the substitution needs no undoing).
      this.lines[i] = `${" ".repeat(indent)} ${content.slice(1)}`;
      const [child, end] = this.node(i, indent + 1);
      items.push(child!);
      i = end;
    }
    return [{ kind: "seq", items, ...start }, i];
  }

  private mapping(i: number, indent: number): [YamlMap, number] {
    const entries: YamlEntry[] = [];
    const seen = new Set<string>();
    const start = { line: i + 1, column: indent + 1 };
    while (i < this.lines.length) {
      i = this.next(i);
      if (i >= this.lines.length || this.indentOf(i) !== indent) break;
      const content = this.lines[i]!.slice(indent);
      let m = KEY_SINGLE.exec(content);
      let key: string;
      if (m !== null) key = m[1]!.replace(/''/g, "'");
      else if ((m = KEY_DOUBLE.exec(content)) !== null) key = unescapeDouble(m[1]!, i + 1, indent + 1);
      else if ((m = KEY_PLAIN.exec(content)) !== null) key = m[1]!.trim();
      else break;
      if (seen.has(key)) throw new Failure(`duplicate key '${key}'`, i + 1, indent + 1);
      seen.add(key);
      const keyLine = i + 1;
      const after = content.slice(m[0].length);
      const valueColumn = indent + m[0].length + (after.length - after.trimStart().length);
      const rest = after.trim();
      let value: YamlNode | null;
      if (rest === "" || rest.startsWith("#")) {
        const n = this.next(i + 1);
        // A sequence may sit at the key's own indentation (`key:\n- a`).
        const sameIndentSeq = n < this.lines.length && this.indentOf(n) === indent && /^-( |$)/.test(this.lines[n]!.slice(indent));
        [value, i] = sameIndentSeq ? this.sequence(n, indent) : this.node(i + 1, indent + 1);
        value ??= { kind: "scalar", value: null, style: "plain", line: i + 1, column: valueColumn + 1 };
      } else {
        this.refuseUnsupported(rest, i + 1, valueColumn + 1);
        [value, i] = this.inlineValue(i, valueColumn, indent);
      }
      entries.push({ key, line: keyLine, column: indent + 1, value });
    }
    return [{ kind: "map", entries, ...start }, i];
  }

  /** A value that starts on the key's line at `column` (0-based): block, quoted, flow or plain. */
  private inlineValue(i: number, column: number, parentIndent: number): [YamlNode, number] {
    const text = this.lines[i]!.slice(column);
    if (text[0] === "|" || text[0] === ">") return this.blockScalar(i, column, parentIndent);
    return this.scalar(i, column, parentIndent);
  }

  private blockScalar(i: number, column: number, parentIndent: number): [YamlScalar, number] {
    const header = this.lines[i]!.slice(column).replace(/\s+#.*$/, "").trim();
    const m = /^([|>])([+-]?)([1-9]?)([+-]?)$/.exec(header);
    if (m === null) throw new Failure(`bad block scalar header '${header}'`, i + 1, column + 1);
    const folded = m[1] === ">";
    const chomp = m[2] || m[4];
    let contentIndent = m[3] ? parentIndent + Number(m[3]) : -1;
    const body: string[] = [];
    let j = i + 1;
    let firstContent = -1;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (/^\s*$/.test(l)) {
        body.push("");
        continue;
      }
      const ind = /^ */.exec(l)![0].length;
      if (contentIndent < 0) {
        if (ind <= parentIndent) break;
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      if (firstContent < 0) firstContent = j;
      body.push(l.slice(contentIndent));
    }
    // Trailing blank lines belong to the scalar only for chomping; the next node starts after them.
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === "") {
      body.pop();
      trailing++;
    }
    let value = folded ? foldBlock(body) : body.join("\n");
    if (body.length > 0) {
      if (chomp === "+") value += "\n".repeat(trailing + 1);
      else if (chomp !== "-") value += "\n";
    }
    const end = j - trailing;
    return [
      {
        kind: "scalar",
        value,
        style: folded ? "folded" : "literal",
        line: i + 1,
        column: column + 1,
        contentLine: (firstContent < 0 ? i + 1 : firstContent) + 1,
        contentIndent: Math.max(contentIndent, 0),
      },
      end,
    ];
  }

  /** A flow scalar or collection at (i, column), continuing onto lines indented past `parentIndent`. */
  private scalar(i: number, column: number, parentIndent: number): [YamlNode, number] {
    const first = this.lines[i]!.slice(column);
    const pos = { line: i + 1, column: column + 1 };
    if (first[0] === "'" || first[0] === '"') {
      const q = first[0];
      const parts: string[] = [];
      let text = first.slice(1);
      let j = i;
      for (;;) {
        const close = q === "'" ? /^((?:[^']|'')*)'(?!')/.exec(text) : /^((?:[^"\\]|\\.)*)"/.exec(text);
        if (close !== null) {
          parts.push(close[1]!);
          const tail = text.slice(close[0].length).trim();
          if (tail !== "" && !tail.startsWith("#")) throw new Failure("unexpected text after a quoted string", j + 1, column + 1);
          break;
        }
        parts.push(text);
        j++;
        if (j >= this.lines.length) throw new Failure("unterminated quoted string", pos.line, pos.column);
        text = this.lines[j]!;
      }
      const joined = foldLines(parts);
      const value = q === "'" ? joined.replace(/''/g, "'") : unescapeDouble(joined, pos.line, pos.column);
      return [{ kind: "scalar", value, style: q === "'" ? "single" : "double", ...pos }, j + 1];
    }
    if (first[0] === "[" || first[0] === "{") {
      let text = first;
      let j = i;
      while (!balanced(text)) {
        j++;
        if (j >= this.lines.length) throw new Failure("unterminated flow collection", pos.line, pos.column);
        text += `\n${this.lines[j]!}`;
      }
      const flow = new FlowParser(text, pos.line, pos.column);
      const node = flow.value();
      flow.end();
      return [node, j + 1];
    }
    // A plain scalar: this line, then more-indented lines that are not keys or items of their own.
    const parts = [stripComment(first)];
    let j = i + 1;
    while (j < this.lines.length && !/^\s*#/.test(this.lines[j]!)) {
      const l = this.lines[j]!;
      if (/^\s*$/.test(l)) {
        parts.push("");
        j++;
        continue;
      }
      if (/^ */.exec(l)![0].length <= parentIndent) break;
      if (KEY_PLAIN.test(l.trim()))
        throw new Failure("a mapping key cannot continue a plain scalar (check the indentation)", j + 1, /^ */.exec(l)![0].length + 1);
      parts.push(stripComment(l));
      j++;
    }
    while (parts.length > 1 && parts[parts.length - 1] === "") {
      parts.pop();
      j--;
    }
    const raw = foldLines(parts).trim();
    if (/^[&*!]/.test(raw)) throw new Failure("YAML anchors, aliases and tags are not supported", pos.line, pos.column);
    return [{ kind: "scalar", value: parts.length > 1 ? raw : plainScalar(raw), style: "plain", ...pos }, j];
  }
}

/** Parses one YAML document of the supported subset; a problem is an error with line and column. */
export function parseYaml(text: string): YamlParse {
  try {
    return { node: new Reader(text).document() };
  } catch (e) {
    if (e instanceof Failure) return { error: { message: e.message, line: e.line, column: e.column } };
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
