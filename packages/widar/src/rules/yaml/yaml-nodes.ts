/**
 * The `yaml` package's composed nodes → widar's YamlNode tree, with positions. Aliases are
 * expanded here (an alias shares its anchor's node), and what they expand to is counted: each
 * node carries the number of nodes and scalar characters it stands for once expanded, so a
 * "billion laughs" file is refused in time linear in its size, before anything copies it.
 */
import { type Node as YNode, type Scalar, isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import type { YAML_LIMITS, YamlEntry, YamlErrorCode, YamlNode, YamlScalar } from "./yaml-reader.js";

/** A refusal at an offset of the text (parseYaml turns it into a YamlError). */
export class YamlRefusal extends Error {
  constructor(
    readonly code: YamlErrorCode,
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Position {
  readonly line: number;
  readonly column: number;
}

/** A node and what it stands for once its aliases are expanded. */
interface Built {
  readonly node: YamlNode;
  readonly nodes: number;
  readonly chars: number;
}

const STYLES: Record<string, YamlScalar["style"]> = {
  PLAIN: "plain",
  QUOTE_SINGLE: "single",
  QUOTE_DOUBLE: "double",
  BLOCK_LITERAL: "literal",
  BLOCK_FOLDED: "folded",
};

function offsetOf(n: YNode | null | undefined, fallback: number): number {
  return n?.range?.[0] ?? fallback;
}

/** Where a block scalar's content starts (1-based line) and how far it is indented. */
function blockContent(n: Scalar, text: string, at: (offset: number) => Position): { contentLine: number; contentIndent: number } {
  const header = offsetOf(n, 0);
  const eol = text.indexOf("\n", header);
  const headerLine = at(header).line;
  if (eol < 0) return { contentLine: headerLine + 1, contentIndent: 0 };
  // An explicit indentation indicator (`|2`) counts from the parent's indentation.
  const src = n.srcToken?.type === "block-scalar" ? n.srcToken : undefined;
  const headerText = (src?.props.find((p) => p.type === "block-scalar-header") as { source?: string } | undefined)?.source;
  const explicit = /[1-9]/.exec(headerText ?? "")?.[0];
  let line = headerLine + 1;
  for (let start = eol + 1; start < text.length; line++) {
    const end = text.indexOf("\n", start);
    const l = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, "");
    if (l.trim() !== "") {
      const indent = explicit !== undefined && src !== undefined ? src.indent + Number(explicit) : l.length - l.trimStart().length;
      return { contentLine: line, contentIndent: indent };
    }
    if (end < 0) break;
    start = end + 1;
  }
  return { contentLine: headerLine + 1, contentIndent: 0 };
}

export function toYamlNode(root: YNode, text: string, at: (offset: number) => Position, limits: typeof YAML_LIMITS): YamlNode {
  // Anchors by name, "open" while the anchored node is still being read (an alias inside it is a cycle).
  const anchors = new Map<string, Built | "open">();

  const checked = (b: Built, offset: number): Built => {
    if (b.nodes > limits.maxExpandedNodes)
      throw new YamlRefusal("WR015", `aliases expand this to more than ${limits.maxExpandedNodes} nodes`, offset);
    if (b.chars > limits.maxExpandedChars)
      throw new YamlRefusal("WR015", `aliases expand this to more than ${limits.maxExpandedChars} characters`, offset);
    return b;
  };

  const nullAt = (offset: number): Built => ({ node: { kind: "scalar", value: null, style: "plain", ...at(offset) }, nodes: 1, chars: 0 });

  const build = (n: YNode | null | undefined, fallback: number): Built => {
    if (n === null || n === undefined) return nullAt(fallback);
    const offset = offsetOf(n, fallback);
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) throw new YamlRefusal("WR010", `alias *${n.source} has no anchor &${n.source} before it`, offset);
      if (target === "open") throw new YamlRefusal("WR015", `alias *${n.source} is inside the node it names (a cycle)`, offset);
      return target;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor !== undefined) anchors.set(anchor, "open");
    const b = checked(compose(n, offset), offset);
    if (anchor !== undefined) anchors.set(anchor, b);
    return b;
  };

  const compose = (n: YNode, offset: number): Built => {
    const pos = at(offset);
    if (isScalar(n)) {
      const v = n.value;
      if (!(v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean"))
        throw new YamlRefusal("WR010", `a ${typeof v} value is not supported here`, offset);
      const style = STYLES[n.type ?? "PLAIN"] ?? "plain";
      const block = style === "literal" || style === "folded" ? blockContent(n, text, at) : {};
      return { node: { kind: "scalar", value: v, style, ...pos, ...block }, nodes: 1, chars: typeof v === "string" ? v.length : 0 };
    }
    if (isSeq(n)) {
      let nodes = 1;
      let chars = 0;
      const items: YamlNode[] = [];
      for (const item of n.items as unknown[]) {
        // The package composes `[a: b]` (a pair in a flow sequence) as a one-entry mapping.
        if (isPair(item)) throw new YamlRefusal("WR010", "unexpected pair in a sequence", offset);
        const b = build(item as YNode | null, offset);
        items.push(b.node);
        nodes += b.nodes;
        chars += b.chars;
      }
      return { node: { kind: "seq", items, ...pos }, nodes, chars };
    }
    if (isMap(n)) {
      let nodes = 1;
      let chars = 0;
      const entries: YamlEntry[] = [];
      for (const pair of n.items as unknown[]) {
        if (!isPair(pair)) throw new YamlRefusal("WR010", "unexpected mapping entry", offset);
        const k = pair.key as YNode | null;
        const keyOffset = offsetOf(k, offset);
        if (k !== null && !isScalar(k)) throw new YamlRefusal("WR010", "a mapping key must be a scalar, not a collection or an alias", keyOffset);
        const key = k === null ? "" : typeof k.value === "string" ? k.value : ((k as Scalar.Parsed).source ?? String(k.value));
        if (key === "__proto__") throw new YamlRefusal("WR014", "the key '__proto__' is refused (read as a property, it would replace the object's prototype)", keyOffset);
        const v = build(pair.value as YNode | null, keyOffset);
        entries.push({ key, ...at(keyOffset), value: v.node });
        nodes += 1 + v.nodes;
        chars += key.length + v.chars;
      }
      return { node: { kind: "map", entries, ...pos }, nodes, chars };
    }
    throw new YamlRefusal("WR010", "unsupported YAML node", offset);
  };

  return build(root, 0).node;
}
