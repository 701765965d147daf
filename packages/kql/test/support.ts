/** Test helpers: run a query over an in-memory catalog, rows with datetimes/timespans as text. */
import { Catalog, type Diagnostic, type Json, runQuery } from "../src/index.js";
import { formatDatetime, formatTimespan } from "../src/functions/datetime-text.js";

export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

export function run(text: string, catalog = new Catalog()): { rows: Json[][]; columns: string[]; types: string[]; diagnostics: readonly Diagnostic[] } {
  const r = runQuery(text, catalog, { now: NOW });
  const t = r.tables[r.tables.length - 1];
  const rows: Json[][] = [];
  if (t !== undefined)
    for (let i = 0; i < t.rowCount; i++)
      rows.push(
        t.columns.map((c) => {
          const v = c.get(i);
          if (v === null) return null;
          if (c.type === "datetime") return formatDatetime(v as number);
          if (c.type === "timespan") return formatTimespan(v as number);
          return v as Json;
        }),
      );
  return {
    rows,
    columns: t?.schema.map((c) => c.name) ?? [],
    types: t?.schema.map((c) => c.type) ?? [],
    diagnostics: r.diagnostics,
  };
}

/** Rows of a query that must succeed (throws with the diagnostics otherwise). */
export function rows(text: string, catalog?: Catalog): Json[][] {
  const r = run(text, catalog);
  const errs = r.diagnostics.filter((d) => d.severity === "error");
  if (errs.length > 0) throw new Error(`query failed: ${errs.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return r.rows;
}

export function errorCodes(text: string, catalog?: Catalog): string[] {
  return run(text, catalog)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.code);
}
