/**
 * GET /api/data: what the console queries — each loaded table (rows, files, time range), the
 * watchlists, the store's tables, and every data diagnostic with its file and line (rejected
 * records, coercions, files passed over), as `widar data inspect` reports them.
 */
import { type Json, ticksToMs } from "@widar/kql";
import { tickRange } from "../data/inspect.js";
import { STORE_TABLES, storeTable } from "../store/store-tables.js";
import type { Workbench } from "./workbench.js";

function timeRange(t: { column(name: string): { type: string; length: number; get(i: number): unknown } | undefined }): Json {
  const col = t.column("TimeGenerated");
  const r = col === undefined || col.type !== "datetime" ? undefined : tickRange(col);
  return r === undefined ? null : { from: new Date(ticksToMs(r.lo)).toISOString(), to: new Date(ticksToMs(r.hi)).toISOString() };
}

export function dataSummary(wb: Workbench): Json {
  const ds = wb.dataset;
  return {
    tables: [...(ds?.tables.values() ?? [])].map((t) => ({ name: t.name, rows: t.table.rowCount, columns: t.schema.length, files: [...t.files], timeRange: timeRange(t.table) })),
    storeTables: STORE_TABLES.map((name) => {
      const { table } = storeTable(wb.store, name);
      return { name, rows: table.rowCount, timeRange: timeRange(table) };
    }),
    watchlists: (ds?.watchlists ?? []).map((w) => ({ alias: w.alias, file: w.path })),
    diagnostics: (ds?.diagnostics ?? []).map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.file ?? null, line: d.line ?? null })),
    skipped: (ds?.skipped ?? []).map((s) => ({ file: s.path, reason: s.reason })),
    store: wb.storeFile,
  };
}
