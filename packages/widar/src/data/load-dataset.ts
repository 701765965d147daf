/**
 * A user's logs as a catalog: files and directories (searched recursively) in every form widar
 * reads, each file's table found by itself — from the file's name (`AuditLogs.ndjson`, cached
 * loads) or, for any other file, from its records (diagnostic category, Graph kind, Log
 * Analytics `Type`; one file may hold several tables, as an Event Hub capture does). Files of one
 * table are concatenated. A CSV named after a watchlist the rules read (`NetworkAllowlist.csv`)
 * is that watchlist. Files that hold no log records (a manifest, a tenant description) are
 * skipped with a note, never loaded as a garbage table.
 *
 * @example
 * const ds = await loadDataset(["./exports"], { watchlistAliases: ["NetworkAllowlist"] });
 * // ds.tables: AuditLogs, SigninLogs, …; ds.timeRange: the data's first and last TimeGenerated
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { type Column, concatColumns, type DataDiagnostic, type Schema, Table, ticksToMs } from "@widar/kql";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { cellText } from "./cell-json.js";
import { inspectFile, tableFromName } from "./inspect.js";
import { type EntraLoadOptions, loadEntraTable } from "./load-table.js";
import { mappingFor } from "./mappings/index.js";

/** The extensions of files widar reads as logs (a `.gz` of any of them too). */
const LOG_FILE = /\.(ndjson|jsonl|json|csv)(\.gz)?$|\.gz$/i;

export interface LoadedTable {
  readonly name: string;
  readonly schema: Schema;
  readonly table: Table;
  readonly files: readonly string[];
}

export interface Dataset {
  readonly tables: ReadonlyMap<string, LoadedTable>;
  readonly watchlists: readonly { readonly alias: string; readonly path: string }[];
  readonly diagnostics: readonly DataDiagnostic[];
  /** The earliest and latest TimeGenerated of every table (Unix ms), when any row has one. */
  readonly timeRange?: { readonly fromMs: number; readonly toMs: number };
  /** Files read, and files passed over with the reason. */
  readonly files: readonly string[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

export interface DatasetOptions {
  /** Watchlist aliases the rules read: `<alias>.csv` files among the data are those watchlists. */
  readonly watchlistAliases?: readonly string[];
  readonly load?: Omit<EntraLoadOptions, "schema">;
}

/** Every file under the paths (directories recursively, hidden ones and widar's own `.widar` skipped), sorted. */
export function dataFiles(paths: readonly string[]): { files: string[]; diagnostics: DataDiagnostic[] } {
  const files: string[] = [];
  const diagnostics: DataDiagnostic[] = [];
  const walk = (p: string, top: boolean): void => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (e) {
      diagnostics.push({ code: "WD004", severity: "error", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file: p });
      return;
    }
    if (st.isDirectory()) {
      if (!top && basename(p).startsWith(".")) return;
      for (const name of readdirSync(p).sort()) walk(join(p, name), false);
    } else if (st.isFile()) files.push(p);
  };
  for (const p of paths) walk(p, true);
  return { files, diagnostics };
}

export async function loadDataset(paths: readonly string[], opts: DatasetOptions = {}): Promise<Dataset> {
  const la = logAnalyticsTables();
  const { files, diagnostics } = dataFiles(paths);
  const aliases = new Map((opts.watchlistAliases ?? []).map((a) => [a.toLowerCase(), a]));
  const parts = new Map<string, { schema: Schema; tables: Table[]; files: string[] }>();
  const watchlists: { alias: string; path: string }[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const read: string[] = [];
  const add = (name: string, table: Table, file: string): void => {
    let p = parts.get(name);
    if (p === undefined) parts.set(name, (p = { schema: table.schema, tables: [], files: [] }));
    p.tables.push(table);
    if (!p.files.includes(file)) p.files.push(file);
  };
  for (const file of files) {
    const base = basename(file);
    const alias = aliases.get(base.replace(/\.csv$/i, "").toLowerCase());
    if (alias !== undefined && /\.csv$/i.test(base)) {
      watchlists.push({ alias, path: file });
      continue;
    }
    if (!LOG_FILE.test(base)) {
      skipped.push({ path: file, reason: "not a log file (.json, .ndjson, .jsonl, .csv, .gz)" });
      continue;
    }
    const named = tableFromName(file, la);
    if (named !== undefined) {
      const r = await loadEntraTable(named, file, opts.load);
      diagnostics.push(...r.diagnostics);
      add(named, r.table, file);
      read.push(file);
      continue;
    }
    // Any other name: route each record to its own table.
    const report = await inspectFile(file, opts.load?.progress ?? false, { keepTables: true });
    const loaded = [...(report.loaded ?? new Map<string, Table>())].filter(([name]) => la.has(name) || mappingFor(name) !== undefined);
    if (loaded.length === 0) {
      const errors = report.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) diagnostics.push(...errors);
      else skipped.push({ path: file, reason: "no log records of a known table" });
      continue;
    }
    diagnostics.push(...report.diagnostics);
    for (const [name, table] of loaded) {
      add(name, table, file);
      diagnostics.push({ code: "WD015", severity: "info", message: `${name}: ${table.rowCount} loaded from a file of ${report.format ?? "records"}`, file });
    }
    read.push(file);
  }
  const tables = new Map<string, LoadedTable>();
  for (const [name, p] of parts) {
    const merged = p.tables.length === 1 ? p.tables[0]! : concatTables(name, p.tables, diagnostics);
    tables.set(name, { name, schema: merged.schema, table: merged, files: p.files });
  }
  const range = timeRangeOf([...tables.values()].map((t) => t.table));
  return { tables, watchlists, diagnostics, files: read, skipped, ...(range === undefined ? {} : { timeRange: range }) };
}

/** Tables of one name from several files: their columns concatenated by name (a column one lacks is null there). */
export function concatTables(name: string, tables: readonly Table[], diagnostics: DataDiagnostic[]): Table {
  const schema: { name: string; type: Schema[number]["type"] }[] = [];
  for (const t of tables)
    for (const c of t.schema) {
      const have = schema.find((s) => s.name === c.name);
      if (have === undefined) schema.push({ name: c.name, type: c.type });
      else if (have.type !== c.type) {
        diagnostics.push({
          code: "WD017",
          severity: "warning",
          message: `${name}.${c.name} is ${have.type} in one file and ${c.type} in another: read as string`,
        });
        have.type = "string";
      }
    }
  const rowCount = tables.reduce((s, t) => s + t.rowCount, 0);
  const columns: Column[] = schema.map((c) =>
    concatColumns(
      c.type,
      tables.map((t) => {
        const col = t.column(c.name);
        if (col !== undefined && col.type === c.type) return col;
        const values = Array.from({ length: t.rowCount }, (_, i) => (col === undefined || col.get(i) === null ? null : cellText(col.get(i), col.type)));
        return Table.fromRows([c], values.map((v) => [v])).columns[0]!;
      }),
    ),
  );
  return new Table(schema, columns, rowCount);
}

/** The earliest and latest TimeGenerated (Unix ms) of the tables. */
export function timeRangeOf(tables: readonly Table[]): { fromMs: number; toMs: number } | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const t of tables) {
    const col = t.column("TimeGenerated");
    if (col === undefined || col.type !== "datetime") continue;
    for (let i = 0; i < col.length; i++) {
      const v = col.get(i);
      if (typeof v !== "number") continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo > hi ? undefined : { fromMs: ticksToMs(lo), toMs: ticksToMs(hi) };
}
