/**
 * parse / parse-where: the pattern becomes one RE2 regex, matched once per row; each column is
 * a named group converted to its type.
 *
 * How the pattern translates (the parse page, and what its documented outputs show):
 * - the match is anchored at the start of the text, not at its end;
 * - `*` is `.*?`; text constants are literal (simple, relaxed) or regexes (regex mode);
 * - simple mode: int/long columns are `-?\d+`, real/decimal a decimal number, bool true/false,
 *   other columns `.*?` — except a column that ends the pattern, which takes the rest (`.*`);
 * - regex mode: numeric columns as in simple mode, the others greedy `.*` (the page's
 *   "default mode is greedy" example; `flags=U` makes them lazy);
 * - relaxed mode: as simple, but a typed column falls back to `.*?` where its type's text does
 *   not match (its value is then null; the other columns keep theirs).
 * A failed match, or in simple/regex mode any failed conversion, leaves every extracted column
 * null ("" for strings); parse-where drops such rows instead.
 */
import { RE2JS } from "re2js";
import { KqlError } from "../../diagnostics.js";
import { convertTo } from "../../functions/define.js";
import type { Plan } from "../../plan/ir.js";
import { type KType, type Value, nullOf } from "../../types.js";
import { type Column, ColumnBuilder, ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import { withUnknownColumns } from "../open-columns.js";
import { Table } from "../table.js";
import { valueToString } from "../../functions/value-text.js";

const NUMBER: Partial<Record<KType, string>> = {
  int: "-?\\d+",
  long: "-?\\d+",
  real: "-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?",
  decimal: "-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?",
  bool: "(?i:true|false)",
};

type ParsePlan = Extract<Plan, { op: "parse" }>;

/** The regex of a pattern, and the extracted columns in group order. */
export function patternRegex(plan: Pick<ParsePlan, "mode" | "flags" | "pattern">): { regex: string; columns: { name: string; type: KType }[] } {
  const columns: { name: string; type: KType }[] = [];
  let regex = "";
  plan.pattern.forEach((p, i) => {
    if (p.kind === "any") regex += ".*?";
    else if (p.kind === "text") regex += plan.mode === "regex" ? p.text : RE2JS.quote(p.text);
    else {
      const last = i === plan.pattern.length - 1;
      const typed = NUMBER[p.type];
      const any = last || plan.mode === "regex" ? ".*" : ".*?";
      // Relaxed: a typed column takes its type's text where it can, else anything (→ null).
      const body = typed === undefined ? any : plan.mode === "relaxed" ? `${typed}|.*?` : typed;
      regex += `(?P<c${columns.length}>${body})`;
      columns.push({ name: p.name, type: p.type });
    }
  });
  // Regex mode takes the query's flags; simple and relaxed let `*` and columns span newlines.
  const flags = plan.mode === "regex" ? plan.flags.replace(/[^imsU]/g, "") : "s";
  return { regex: `${flags === "" ? "" : `(?${flags})`}^${regex}`, columns };
}

function compile(regex: string, plan: ParsePlan): RE2JS {
  try {
    return RE2JS.compile(regex);
  } catch (e) {
    throw new KqlError("WQ002", `runtime error in parse: invalid pattern: ${(e as Error).message}`, plan.span);
  }
}

export function parse(plan: ParsePlan, input: Table, ctx: ExecContext): Table {
  const { regex, columns } = patternRegex(plan);
  const re = compile(regex, plan);
  const src = evalExpr(plan.source, input, ctx);
  const convs = columns.map((c) => (c.type === "string" ? (v: Value) => v : convertTo(c.type, "string")));
  const builders = columns.map((c) => new ColumnBuilder(c.type, input.rowCount));
  const keep: number[] = [];
  const values: Value[] = new Array(columns.length);
  const tick = ctx.rowTicker();
  for (let i = 0; i < input.rowCount; i++) {
    tick();
    const m = re.matcher(valueToString(src.get(i), src.type));
    let ok = m.find();
    if (ok)
      for (let j = 0; j < columns.length; j++) {
        const v = convs[j]!(m.group(`c${j}`) ?? "");
        values[j] = v;
        // Strict modes: one value that does not convert fails the whole row.
        if (v === null && plan.mode !== "relaxed") ok = false;
      }
    if (!ok && plan.dropUnmatched) continue;
    keep.push(i);
    for (let j = 0; j < columns.length; j++) builders[j]!.push(ok ? values[j]! : nullOf(columns[j]!.type));
  }
  return assemble(plan, input, keep, columns, builders.map((b) => b.finish()));
}

/** The input's rows `keep`, with the extracted columns placed where the schema has them. */
export function assemble(
  plan: { readonly schema: Plan["schema"]; readonly input?: Plan },
  input: Table,
  keep: readonly number[],
  extracted: readonly { name: string }[],
  cols: readonly Column[],
): Table {
  const rows = input.take(Int32Array.from(keep));
  const out = plan.schema.map((s) => {
    const j = extracted.findIndex((c) => c.name === s.name);
    if (j >= 0) return cols[j]!;
    // A column the analyser expected of an open input (after pivot or bag_unpack) that the data
    // did not produce reads as empty, as a missing column does in an expression (../evaluate.ts).
    return rows.column(s.name) ?? new ConstantColumn(s.type, s.type === "string" ? "" : null, keep.length);
  });
  if (plan.input === undefined) return new Table(plan.schema, out, keep.length);
  const open = withUnknownColumns(plan.schema, out, plan.input.schema, input, (i) => rows.slot(i));
  return new Table(open.schema, open.slots, keep.length);
}
