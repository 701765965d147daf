/**
 * externaldata: the rows of the local copies of its URLs that the caller mapped
 * (DataSource.externalData: the file's text by URL), parsed by the operator's `format` into the
 * declared schema. widar fetches nothing: a URL with no local copy contributes no rows, and a
 * warning (WQ017) says so, so that a query reading a threat-intel list still binds and runs.
 *
 * Formats (the externaldata and ingestion-format pages): csv (default), tsv / tsve, scsv, psv,
 * txt / raw (each line is one value of the first column), json / multijson (objects, by column
 * name; one per line, or an array). Cells are converted as loaded data is (data/coerce.ts): a
 * cell that does not convert is null. `ignoreFirstRecord=true` skips each file's header record.
 */
import { coerceValue } from "../../data/coerce.js";
import { parseCsv } from "../../data/csv.js";
import { engineError } from "../../diagnostics.js";
import type { Plan } from "../../plan/ir.js";
import type { Schema } from "../../schema.js";
import type { Value } from "../../types.js";
import type { ExecContext } from "../context.js";
import { Table } from "../table.js";

const DELIMITERS: Readonly<Record<string, string>> = { csv: ",", tsv: "\t", tsve: "\t", scsv: ";", psv: "|", sohsv: "\u0001" };

function cell(raw: unknown, type: Schema[number]["type"]): Value {
  return coerceValue(raw, type, { textual: typeof raw === "string" }).value;
}

function jsonRecords(text: string): unknown[] {
  const t = text.trim();
  if (t.startsWith("[")) {
    const v = JSON.parse(t) as unknown;
    return Array.isArray(v) ? v : [v];
  }
  return t
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}

export function parseExternalText(text: string, format: string, schema: Schema, ignoreFirstRecord: boolean): Value[][] {
  if (format === "json" || format === "multijson") {
    const records = jsonRecords(text).slice(ignoreFirstRecord ? 1 : 0);
    return records.map((r) => schema.map((c) => cell(r !== null && typeof r === "object" ? (r as Record<string, unknown>)[c.name] : undefined, c.type)));
  }
  if (format === "txt" || format === "raw") {
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    return lines.slice(ignoreFirstRecord ? 1 : 0).map((l) => schema.map((c, j) => (j === 0 ? cell(l, c.type) : null)));
  }
  const delimiter = DELIMITERS[format];
  if (delimiter === undefined) throw engineError("WQ001", [`externaldata format '${format}'`]);
  return parseCsv(text, delimiter)
    .slice(ignoreFirstRecord ? 1 : 0)
    .map((fields) => schema.map((c, j) => cell(fields[j] ?? "", c.type)));
}

export function externalData(plan: Extract<Plan, { op: "externaldata" }>, ctx: ExecContext): Table {
  const rows: Value[][] = [];
  const missing: string[] = [];
  for (const url of plan.urls) {
    const text = ctx.source.externalData?.(url);
    if (text === undefined) missing.push(url);
    else {
      try {
        rows.push(...parseExternalText(text, plan.format, plan.schema, plan.ignoreFirstRecord));
      } catch (e) {
        if (e instanceof SyntaxError) throw engineError("WQ002", ["externaldata", `the local copy of ${url} is not ${plan.format}: ${e.message}`], plan.span);
        throw e;
      }
    }
  }
  if (missing.length > 0)
    ctx.warnings.push({
      code: "WQ017",
      severity: "warning",
      message: `externaldata read as an empty table: no local copy of ${missing.join(", ")} (map one with --externaldata URL=PATH)`,
      span: plan.span,
    });
  return Table.fromRows(plan.schema, rows);
}
