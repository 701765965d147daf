/**
 * reduce by expr: groups text values into patterns, after SLCT (Vaarandi's "A Data Clustering
 * Algorithm for Mining Patterns From Event Logs", which the reduce page cites).
 *
 * Each value splits into terms at separator characters (`characters=`, or by default every
 * character that is not an ASCII letter or digit). A term at a position is frequent when it
 * occurs there in more than threshold × N values; a value's frequent terms are its candidate
 * cluster, and a candidate shared by more than threshold × N values is a cluster whose pattern
 * has its frequent terms and `*` elsewhere. Values in no cluster count under `others`.
 * Choices where the page is silent (its two worked examples fix them): the comparisons are
 * strict; the pattern keeps the default separators but drops the `characters=` ones (`foo*`).
 */
import { MAX_MAP_ENTRIES, distinctLimitError } from "../../limits.js";
import type { Plan } from "../../plan/ir.js";
import { valueToString } from "../../functions/value-text.js";
import type { Value } from "../../types.js";
import { ColumnBuilder } from "../column.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import { Table } from "../table.js";

interface Split {
  terms: string[];
  /** separators[i] precedes terms[i]; separators[terms.length] trails. */
  separators: string[];
}

function splitTerms(s: string, isSeparator: (c: string) => boolean): Split {
  const terms: string[] = [];
  const separators: string[] = [""];
  let cur = "";
  for (const ch of s) {
    if (isSeparator(ch)) {
      if (cur !== "") {
        terms.push(cur);
        separators.push("");
        cur = "";
      }
      separators[separators.length - 1] += ch;
    } else cur += ch;
  }
  if (cur !== "") {
    terms.push(cur);
    separators.push("");
  }
  return { terms, separators };
}

export function reduce(plan: Extract<Plan, { op: "reduce" }>, input: Table, ctx: ExecContext): Table {
  const src = evalExpr(plan.expr, input, ctx);
  const n = input.rowCount;
  const chars = plan.characters;
  const isSeparator = chars !== undefined ? (c: string) => chars.includes(c) : (c: string) => !/[A-Za-z0-9]/.test(c);
  // The terms of every value are held at once: charged first, and the clock checked as they are split.
  ctx.reserve(n * 64, "reduce's terms", plan.span);
  const tick = ctx.rowTicker(plan.span);
  const splits = Array.from({ length: n }, (_, i) => {
    tick();
    return splitTerms(valueToString(src.get(i), src.type), isSeparator);
  });
  const support = plan.threshold * n;
  const termCount = new Map<string, number>();
  const termKey = (pos: number, t: string) => `${pos}\u0000${t}`;
  for (const s of splits) {
    tick();
    s.terms.forEach((t, pos) => {
      termCount.set(termKey(pos, t), (termCount.get(termKey(pos, t)) ?? 0) + 1);
    });
    if (termCount.size >= MAX_MAP_ENTRIES) throw distinctLimitError("reduce's terms", plan.span);
  }
  // Each value's candidate: its length and which positions hold frequent terms.
  const candidates = splits.map((s) => {
    const frequent = s.terms.map((t, pos) => (termCount.get(termKey(pos, t))! > support ? t : null));
    return frequent.some((t) => t !== null) ? JSON.stringify([s.terms.length, frequent]) : null;
  });
  const candidateCount = new Map<string, number>();
  for (const c of candidates) if (c !== null) candidateCount.set(c, (candidateCount.get(c) ?? 0) + 1);
  const clusters = new Map<string, { pattern: string; count: number; representative: string }>();
  const patternOf: string[] = new Array(n);
  let others = 0;
  splits.forEach((s, i) => {
    const c = candidates[i];
    if (c === null || c === undefined || candidateCount.get(c)! <= support) {
      others++;
      patternOf[i] = "others";
      return;
    }
    let cl = clusters.get(c);
    if (cl === undefined) {
      const [, frequent] = JSON.parse(c) as [number, (string | null)[]];
      let pattern = "";
      frequent.forEach((t, pos) => {
        pattern += (chars === undefined ? s.separators[pos] : "") + (t ?? "*");
      });
      pattern += chars === undefined ? s.separators[frequent.length] : "";
      cl = { pattern: pattern.replace(/\*+/g, "*"), count: 0, representative: valueToString(src.get(i), src.type) };
      clusters.set(c, cl);
    }
    cl.count++;
    patternOf[i] = cl.pattern;
  });
  if (plan.appendPattern) {
    const b = new ColumnBuilder("string", n);
    for (const p of patternOf) b.push(p);
    const out = plan.schema.map((s) => input.column(s.name) ?? b.finish());
    return new Table(plan.schema, out, n);
  }
  const rows: Value[][] = [...clusters.values()].map((c) => [c.pattern, c.count, c.representative]);
  if (others > 0) rows.push(["others", others, ""]);
  return Table.fromRows(plan.schema, rows);
}
