/**
 * parse_xml: XML text to dynamic, by the conversion table of the Kusto reference:
 *   <e/> → {"e": null}; <e>text</e> → {"e": "text"}; attributes → "@name"; text beside
 *   attributes or children → "#text"; repeated children → an array.
 * Only elements, attributes and text count: the prolog, comments, processing instructions and
 * DOCTYPE are skipped; CDATA is text. Invalid XML, or input over 1 MiB, gives null. Leaf text
 * that is a number becomes a number, as the reference's example shows (`<value>118.0</value>` →
 * 118.0). A small strict reader of widar's own: the input is untrusted, so no entity expansion
 * beyond the five predefined entities and character references.
 */
import type { Json } from "../types.js";
import { scalar, stringConv } from "./define.js";
import type { ScalarFunction } from "./registry-types.js";

const MAX_INPUT = 1_048_576;
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

class XmlError extends Error {}

interface Element {
  name: string;
  attributes: [string, string][];
  children: Element[];
  text: string;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);|&/g, (m, e: string | undefined) => {
    if (e === undefined) throw new XmlError("bare &");
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e.startsWith("#x") ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    if (!(code > 0 && code <= 0x10ffff)) throw new XmlError(`bad character reference ${m}`);
    return String.fromCodePoint(code);
  });
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): Element {
    this.misc();
    const root = this.element();
    this.misc();
    if (this.i !== this.s.length) throw new XmlError("content after the root element");
    return root;
  }

  /** Whitespace, comments, processing instructions and a DOCTYPE between top-level nodes. */
  private misc(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
      if (this.s.startsWith("<?", this.i)) this.skipTo("?>");
      else if (this.s.startsWith("<!--", this.i)) this.skipTo("-->");
      else if (this.s.startsWith("<!DOCTYPE", this.i)) this.skipTo(">");
      else return;
    }
  }

  private skipTo(end: string): void {
    const j = this.s.indexOf(end, this.i);
    if (j < 0) throw new XmlError(`missing ${end}`);
    this.i = j + end.length;
  }

  private name(): string {
    const m = NAME.exec(this.s.slice(this.i, this.i + 256));
    if (m === null) throw new XmlError("expected a name");
    this.i += m[0].length;
    return m[0];
  }

  private element(): Element {
    if (this.s[this.i] !== "<") throw new XmlError("expected an element");
    this.i++;
    const el: Element = { name: this.name(), attributes: [], children: [], text: "" };
    for (;;) {
      while (/\s/.test(this.s[this.i] ?? "")) this.i++;
      if (this.s.startsWith("/>", this.i)) {
        this.i += 2;
        return el;
      }
      if (this.s[this.i] === ">") {
        this.i++;
        break;
      }
      const attr = this.name();
      while (/\s/.test(this.s[this.i] ?? "")) this.i++;
      if (this.s[this.i] !== "=") throw new XmlError("expected =");
      this.i++;
      while (/\s/.test(this.s[this.i] ?? "")) this.i++;
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") throw new XmlError("expected a quoted value");
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) throw new XmlError("unterminated attribute");
      el.attributes.push([attr, decodeEntities(this.s.slice(this.i + 1, end))]);
      this.i = end + 1;
    }
    for (;;) {
      if (this.i >= this.s.length) throw new XmlError(`unclosed <${el.name}>`);
      if (this.s.startsWith("</", this.i)) {
        this.i += 2;
        if (this.name() !== el.name) throw new XmlError("mismatched end tag");
        while (/\s/.test(this.s[this.i] ?? "")) this.i++;
        if (this.s[this.i] !== ">") throw new XmlError("expected >");
        this.i++;
        return el;
      }
      if (this.s.startsWith("<!--", this.i) || this.s.startsWith("<?", this.i)) this.skipTo(this.s[this.i + 1] === "!" ? "-->" : "?>");
      else if (this.s.startsWith("<![CDATA[", this.i)) {
        const end = this.s.indexOf("]]>", this.i);
        if (end < 0) throw new XmlError("unterminated CDATA");
        el.text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.s[this.i] === "<") el.children.push(this.element());
      else {
        const next = this.s.indexOf("<", this.i);
        const end = next < 0 ? this.s.length : next;
        el.text += decodeEntities(this.s.slice(this.i, end));
        this.i = end;
      }
    }
  }
}

function leaf(text: string): Json {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : t;
}

function convert(el: Element): Json {
  const text = el.text.trim();
  if (el.attributes.length === 0 && el.children.length === 0) return text === "" ? null : leaf(text);
  const o: { [k: string]: Json } = {};
  for (const [k, v] of el.attributes) o[`@${k}`] = v;
  if (text !== "") o["#text"] = leaf(text);
  // Names whose repetition made an array here (a child's own array value is not a repetition).
  const repeated = new Set<string>();
  for (const c of el.children) {
    const v = convert(c);
    const prev = o[c.name];
    if (prev === undefined) o[c.name] = v;
    else if (repeated.has(c.name)) (prev as Json[]).push(v);
    else {
      o[c.name] = [prev, v];
      repeated.add(c.name);
    }
  }
  return o;
}

/** The dynamic value of an XML text, or null when it is not well-formed XML. */
export function parseXml(s: string): Json {
  if (s.length > MAX_INPUT) return null;
  try {
    const root = new Reader(s).document();
    return { [root.name]: convert(root) };
  } catch (e) {
    if (e instanceof XmlError) return null;
    throw e;
  }
}

export const xmlFunctions: readonly ScalarFunction[] = [
  scalar("parse_xml", "dynamic", (site) => {
    const str = stringConv(site.argTypes[0] ?? "string");
    return (a) => parseXml(str(a[0] ?? null));
  }),
];
