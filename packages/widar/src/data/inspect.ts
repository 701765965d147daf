/**
 * What `widar data inspect` reports about a file: its format, the dialect(s) of its records, and
 * for each table its records belong to, how many load, over which time range, and with how many
 * values coerced to null; plus the records rejected. One pass over the file; nothing is written
 * (no cache, no reject file): inspecting is reading.
 *
 * A record's table: its diagnostic category or Graph kind (./mappings); for Log Analytics rows,
 * their `Type` column, else the file's name when it is a table's (`AuditLogs.ndjson`).
 */
import { statSync } from "node:fs";
import { basename } from "node:path";
import {
  type Column,
  type DataDiagnostic,
  formatDatetime,
  isGzipFile,
  loadTableFile,
  peekRecords,
  type RecordTransform,
  type Table,
  type TableBuilder,
  type TableFileFormat,
  type TransformContext,
  createTableBuilder,
} from "@widar/kql";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { entraTransform, naturalTable } from "./entra-transform.js";
import { mappingFor } from "./mappings/index.js";
import { type ProgressSink, ProgressBar } from "./progress.js";
import { classifyRecord, describeSource, isObject, type SourceKind } from "./source-dialect.js";

export interface InspectedTable {
  readonly table: string;
  readonly records: number;
  readonly coercedToNull: number;
  /** TimeGenerated's range (ISO 8601), when the table has one and any row has a value. */
  readonly first?: string;
  readonly last?: string;
}

export interface InspectReport {
  readonly path: string;
  readonly size?: number;
  readonly gzip: boolean;
  readonly format?: TableFileFormat;
  readonly dialects: string[];
  readonly tables: InspectedTable[];
  /** Records of sources widar has no table for (diagnostic categories such as UserRiskEvents). */
  readonly unmapped: { readonly source: string; readonly records: number }[];
  readonly rejected: number;
  readonly diagnostics: DataDiagnostic[];
  /** With `keepTables`: each table's loaded rows (what `widar detect --data` loads a mixed file with). */
  readonly loaded?: ReadonlyMap<string, Table>;
}

interface Route {
  readonly builder: TableBuilder;
  readonly transform: RecordTransform;
}

/** Inspects one file; `progress` draws a bar (bytes, records) where it is a terminal. */
export async function inspectFile(path: string, progress: ProgressSink | false = process.stderr, opts: { readonly keepTables?: boolean } = {}): Promise<InspectReport> {
  let size: number | undefined;
  let gzip = false;
  let format: TableFileFormat | undefined;
  try {
    size = statSync(path).size;
    gzip = await isGzipFile(path);
    format = (await peekRecords(path, 1)).format;
  } catch {
    // The load reports what cannot be read.
  }
  const textual = format === "csv" || format === "la-api";
  const la = logAnalyticsTables();
  const knownTables = new Set(la.keys());
  const byName = tableFromName(path, la);
  const routes = new Map<string, Route>();
  const dialects = new Set<string>();
  const unmapped = new Map<string, number>();

  const routeOf = (table: string): Route => {
    let r = routes.get(table);
    if (r === undefined) {
      const schema = la.get(table) ?? mappingFor(table)?.schema;
      r = { builder: createTableBuilder(path, { table, schema, textual }), transform: entraTransform(table, { knownTables }) };
      routes.set(table, r);
    }
    return r;
  };
  const route = (rec: Record<string, unknown>, ctx: TransformContext, k: SourceKind) => {
    dialects.add(k.dialect);
    let table: string | undefined;
    if (k.dialect === "diagnostic" || k.dialect === "graph") {
      if (k.dialect === "diagnostic" && !k.wellFormed) {
        ctx.reject("WD013", "a diagnostic record's 'properties' must be an object; record skipped", rec);
        return;
      }
      table = naturalTable(k)?.table;
      if (table === undefined) {
        const what = describeSource(k);
        unmapped.set(what, (unmapped.get(what) ?? 0) + 1);
        return;
      }
    } else table = (typeof rec.Type === "string" && rec.Type !== "" ? rec.Type : undefined) ?? byName ?? "(rows)";
    const r = routeOf(table);
    const out = r.transform.map(rec, ctx);
    if (out === undefined) return;
    if (Array.isArray(out)) for (const o of out) r.builder.add(o, ctx.line);
    else r.builder.add(out as Record<string, unknown>, ctx.line);
  };
  const transform: RecordTransform = {
    map(rec, ctx) {
      const k = classifyRecord(rec);
      if (k.dialect !== "batch" && k.dialect !== "page") {
        route(rec, ctx, k);
        return undefined;
      }
      const items = k.dialect === "batch" ? k.records : k.value;
      if (!Array.isArray(items)) ctx.reject("WD013", "'records' must be an array of records; skipped");
      else
        for (const item of items) {
          if (isObject(item)) route(item, ctx, classifyRecord(item));
          else ctx.reject("WD005", "a batch element is not a JSON object; skipped", item);
        }
      return undefined;
    },
    finish(ctx) {
      for (const r of routes.values()) r.transform.finish?.(ctx);
    },
  };
  const bar = progress === false ? undefined : new ProgressBar(basename(path), size ?? 0, progress);
  const outer = await loadTableFile(path, { table: byName ?? basename(path), schema: [], format, transform, onProgress: bar?.update });
  bar?.done();
  const diagnostics = [...outer.diagnostics];
  const tables: InspectedTable[] = [];
  const loaded = new Map<string, Table>();
  for (const [table, r] of routes) {
    const res = r.builder.finish();
    if (opts.keepTables === true) loaded.set(table, res.table);
    diagnostics.push(...res.diagnostics);
    tables.push({ table, records: res.stats.loaded, coercedToNull: res.stats.coercedToNull, ...timeRange(res.table.schema, res.table.columns) });
  }
  return {
    path,
    size,
    gzip,
    format,
    dialects: [...dialects],
    tables,
    unmapped: [...unmapped].map(([source, records]) => ({ source, records })),
    rejected: outer.stats.rejected,
    diagnostics,
    ...(opts.keepTables === true ? { loaded } : {}),
  };
}

/** The table a file is named after (`AuditLogs.ndjson.gz`), if any. */
export function tableFromName(path: string, la: ReadonlyMap<string, unknown>): string | undefined {
  const name = basename(path).replace(/(\.(ndjson|jsonl|json|csv|gz|txt))+$/i, "");
  return la.has(name) || mappingFor(name) !== undefined ? name : undefined;
}

/** The first and last ticks of a datetime column (undefined when it holds none). */
export function tickRange(col: { readonly length: number; get(i: number): unknown }): { lo: number; hi: number } | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < col.length; i++) {
    const v = col.get(i);
    if (typeof v !== "number") continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? undefined : { lo, hi };
}

function timeRange(schema: readonly { name: string; type: string }[], columns: readonly Column[]): { first?: string; last?: string } {
  const j = schema.findIndex((c) => c.name === "TimeGenerated" && c.type === "datetime");
  if (j < 0) return {};
  const r = tickRange(columns[j]!);
  return r === undefined ? {} : { first: formatDatetime(r.lo), last: formatDatetime(r.hi) };
}
