/**
 * parse-kv: key/value pairs read from a text; each requested key becomes a column (null, or ""
 * for strings, where the text lacks it; a value that does not convert is null).
 *
 * Reading (the parse-kv page): pairs are separated by `pair_delimiter`, keys from values by
 * `kv_delimiter`; a key or value may be quoted with one of the `quote` characters, `escape`
 * escaping a quote inside. Unquoted values end at the next pair delimiter, or with `greedy=true`
 * at the last pair delimiter before the next key (so values may contain it). A piece without a
 * kv delimiter is skipped. With `regex=`, each match's first group is a key, its second the value.
 * Where a key repeats, the first occurrence wins (the page is silent; widar's choice).
 */
import { RE2JS } from "re2js";
import { KqlError } from "../../diagnostics.js";
import { convertTo } from "../../functions/define.js";
import { valueToString } from "../../functions/value-text.js";
import type { ParseKvOptions, Plan } from "../../plan/ir.js";
import { nullOf } from "../../types.js";
import { ColumnBuilder } from "../column.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import type { Table } from "../table.js";
import { assemble } from "./parse.js";

/** Reads a quoted token starting at `i` (on the quote); returns the text and the index after it. */
function quoted(s: string, i: number, o: ParseKvOptions): [string, number] {
  const q = s[i]!;
  let out = "";
  let j = i + 1;
  while (j < s.length && s[j] !== q) {
    if (o.escape !== "" && s.startsWith(o.escape, j) && j + o.escape.length < s.length) {
      j += o.escape.length;
    }
    out += s[j];
    j++;
  }
  return [out, Math.min(s.length, j + 1)];
}

/** The pairs of a text, by delimiters. */
export function readPairs(s: string, o: ParseKvOptions): Map<string, string> {
  const out = new Map<string, string>();
  const pd = o.pairDelimiter === "" ? " " : o.pairDelimiter;
  const kd = o.kvDelimiter === "" ? "=" : o.kvDelimiter;
  const isQuote = (c: string | undefined) => c !== undefined && o.quote.includes(c);
  let i = 0;
  while (i < s.length) {
    if (s.startsWith(pd, i)) {
      i += pd.length;
      continue;
    }
    let key: string;
    if (isQuote(s[i])) [key, i] = quoted(s, i, o);
    else {
      let j = i;
      while (j < s.length && !s.startsWith(kd, j) && !s.startsWith(pd, j)) j++;
      key = s.slice(i, j);
      i = j;
    }
    if (!s.startsWith(kd, i)) {
      // Not a pair (`Doe` in `name=John Doe`): skip to the next pair delimiter.
      const next = s.indexOf(pd, i);
      i = next < 0 ? s.length : next;
      continue;
    }
    i += kd.length;
    let value: string;
    if (isQuote(s[i])) [value, i] = quoted(s, i, o);
    else if (o.greedy) {
      const nextKv = s.indexOf(kd, i);
      const end = nextKv < 0 ? s.length : Math.max(i, s.lastIndexOf(pd, nextKv));
      value = s.slice(i, end);
      i = end;
    } else {
      const next = s.indexOf(pd, i);
      const end = next < 0 ? s.length : next;
      value = s.slice(i, end);
      i = end;
    }
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

function regexPairs(re: RE2JS, s: string): Map<string, string> {
  const out = new Map<string, string>();
  const m = re.matcher(s);
  let guard = s.length + 2;
  while (guard-- > 0 && m.find()) {
    const k = m.group(1) ?? "";
    if (!out.has(k)) out.set(k, m.group(2) ?? "");
  }
  return out;
}

export function parseKv(plan: Extract<Plan, { op: "parse-kv" }>, input: Table, ctx: ExecContext): Table {
  let re: RE2JS | undefined;
  if (plan.options.regex !== undefined) {
    try {
      re = RE2JS.compile(plan.options.regex);
    } catch (e) {
      throw new KqlError("WQ002", `runtime error in parse-kv: invalid regex: ${(e as Error).message}`, plan.span);
    }
  }
  const src = evalExpr(plan.source, input, ctx);
  const convs = plan.keys.map((k) => (k.type === "string" ? (v: string) => v : convertTo(k.type, "string")));
  const builders = plan.keys.map((k) => new ColumnBuilder(k.type, input.rowCount));
  for (let i = 0; i < input.rowCount; i++) {
    const text = valueToString(src.get(i), src.type);
    const pairs = re === undefined ? readPairs(text, plan.options) : regexPairs(re, text);
    plan.keys.forEach((k, j) => {
      const v = pairs.get(k.name);
      builders[j]!.push(v === undefined ? nullOf(k.type) : convs[j]!(v));
    });
  }
  const rows = Array.from({ length: input.rowCount }, (_, i) => i);
  return assemble(plan, input, rows, plan.keys, builders.map((b) => b.finish()));
}
