/**
 * Loading one file into one table, the way every widar command does: the engine's loader for the
 * file's format (sniffed), the Entra transform for its records' dialect (./entra-transform.ts),
 * the table's schema, the columnar cache, the reject file and the progress bar.
 *
 * The schema, in order: the caller's (`--schema`); the Log Analytics catalog's; a mapped table's
 * own (the seed tables) when the records need mapping; the table the file's records belong to,
 * when they are diagnostic or Graph records loaded under another name; else inferred.
 *
 * The cache lives in `<data dir>/.widar/cache` (or `cache.dir`, or $WIDAR_CACHE_DIR), for files
 * of 1 MiB or more (`cache.minBytes`): a small file parses faster than a cache file is written,
 * and fixture directories stay clean. WIDAR_CACHE=off, or `cache: false`, reads files every time.
 * Reject files go beside the run: `./.widar/rejects` (see ./rejects.ts).
 */
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type CacheStatus,
  type DataDiagnostic,
  type JsonRecord,
  type LoadResult,
  loadTableFileCached,
  type Peek,
  peekRecords,
  type Schema,
  type Table,
  type TableFileFormat,
} from "@widar/kql";
import { hasDynamicColumns, withSuffixColumns } from "../catalog/dynamic-columns.js";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { entraTransform, naturalTable } from "./entra-transform.js";
import { mappingFor } from "./mappings/index.js";
import { type ProgressSink, ProgressBar } from "./progress.js";
import { RejectCollector } from "./rejects.js";
import { classifyRecord, isObject, type SourceKind } from "./source-dialect.js";

export interface EntraLoadOptions {
  /** The table's schema as the user declared it (`--schema`). */
  readonly schema?: Schema;
  /** false: no cache; otherwise where (default beside the data) and from which file size. */
  readonly cache?: false | { readonly dir?: string; readonly minBytes?: number };
  /** Where reject files go (default `./.widar/rejects`, beside the run). */
  readonly rejectsDir?: string;
  /** Where the progress bar draws (default stderr; it draws only on a terminal); false: none. */
  readonly progress?: ProgressSink | false;
  readonly maxDiagnosticsPerCode?: number;
  /** Column names the query mentions: AzureDiagnostics and *_CL tables get the suffix-typed ones. */
  readonly queryColumns?: readonly string[];
}

export interface EntraLoadResult extends LoadResult {
  readonly format?: TableFileFormat;
  /** The dialect of the file's first record: log-analytics, diagnostic or graph. */
  readonly dialect?: SourceKind["dialect"];
  readonly cache: CacheStatus;
  /** The reject file written, if any record was rejected. */
  readonly rejectFile?: string;
  /** The table whose columns a custom-named table took from its records. */
  readonly adoptedTable?: string;
}

let knownTables: ReadonlySet<string> | undefined;

/** The first record of a peek, opened if it is a batch or a page. */
export function firstRecordKind(peek: Peek): SourceKind | undefined {
  for (const rec of peek.records) {
    const k = classifyRecord(rec);
    if (k.dialect !== "batch" && k.dialect !== "page") return k;
    const items = k.dialect === "batch" ? k.records : k.value;
    if (Array.isArray(items)) {
      const first = items.find(isObject) as JsonRecord | undefined;
      if (first !== undefined) return classifyRecord(first);
    }
  }
  return undefined;
}

function chooseSchema(table: string, declared: Schema | undefined, kind: SourceKind | undefined, peek: Peek | undefined): Schema | undefined {
  if (declared !== undefined) return declared;
  const la = logAnalyticsTables();
  const own = la.get(table);
  if (own !== undefined) return own;
  const mapped = kind !== undefined && kind.dialect !== "log-analytics";
  const m = mappingFor(table);
  if (m?.schema !== undefined) {
    // A seed table: its own columns when its rows need mapping; plain rows keep their own.
    const parentRows = m.logAnalytics !== undefined && peek?.records.some((r) => r.Type === m.logAnalytics!.fromTable) === true;
    return mapped || parentRows ? m.schema : undefined;
  }
  if (m === undefined && kind !== undefined && mapped) {
    const natural = naturalTable(kind);
    if (natural !== undefined) return la.get(natural.table);
  }
  return undefined;
}

/** Files smaller than this are not cached by default (see the file comment). */
export const CACHE_MIN_BYTES = 1024 * 1024;

/** The cache directory for the file at `path` (undefined: not cached: off, or too small, or unreadable). */
export function cacheDirOf(path: string, opt: EntraLoadOptions["cache"]): string | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  return cacheDir(path, size, opt);
}

function cacheDir(path: string, size: number, opt: EntraLoadOptions["cache"]): string | undefined {
  if (opt === false || process.env.WIDAR_CACHE === "off" || size < (opt?.minBytes ?? CACHE_MIN_BYTES)) return undefined;
  return opt?.dir ?? process.env.WIDAR_CACHE_DIR ?? join(dirname(path), ".widar", "cache");
}

/** Loads `path` into table `table`; data problems are diagnostics, never exceptions. */
export async function loadEntraTable(table: string, path: string, opts: EntraLoadOptions = {}): Promise<EntraLoadResult> {
  let peek: Peek | undefined;
  try {
    peek = await peekRecords(path);
  } catch {
    // The load itself reports an unreadable file (WD004).
  }
  const kind = peek === undefined ? undefined : firstRecordKind(peek);
  const chosen = chooseSchema(table, opts.schema, kind, peek);
  // An open-ended table keeps the suffix-typed columns its records and the query name.
  const schema =
    chosen !== undefined && hasDynamicColumns(table)
      ? withSuffixColumns(chosen, [...(peek?.records.flatMap((r) => Object.keys(r)) ?? []), ...(opts.queryColumns ?? [])])
      : chosen;
  knownTables ??= new Set(logAnalyticsTables().keys());
  const transform = entraTransform(table, { knownTables, columns: schema === undefined ? undefined : new Set(schema.map((c) => c.name)) });
  const rejects = new RejectCollector(path, opts.rejectsDir);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // Reported by the load.
  }
  const bar = opts.progress === false ? undefined : new ProgressBar(table, size, opts.progress);
  const dir = cacheDir(path, size, opts.cache);
  const r = await loadTableFileCached(path, {
    table,
    schema,
    format: peek?.format,
    transform,
    onReject: rejects.add,
    onProgress: bar?.update,
    maxDiagnosticsPerCode: opts.maxDiagnosticsPerCode,
    cache: dir === undefined ? undefined : { dir },
  });
  bar?.done();
  const diagnostics: DataDiagnostic[] = [...r.diagnostics];
  const written = rejects.write();
  if (written.path !== undefined) {
    const dropped = rejects.droppedCount > 0 ? ` (${rejects.droppedCount} more counted but not kept)` : "";
    diagnostics.push({ code: "WD016", severity: "info", message: `${rejects.count} rejected record(s) written to ${written.path}${dropped}`, file: path });
  } else if (written.error !== undefined) {
    diagnostics.push({ code: "WD016", severity: "warning", message: `the rejected records could not be written: ${written.error}`, file: path });
  }
  const timeless = timelessWarning(table, r.table, path);
  if (timeless !== undefined) diagnostics.push(timeless);
  const s = r.stats;
  diagnostics.push({
    code: "WD015",
    severity: "info",
    message: `${table}: ${s.loaded} loaded, ${s.rejected} rejected, ${s.coercedToNull} coerced to null`,
    file: path,
  });
  return {
    ...r,
    diagnostics,
    format: peek?.format,
    dialect: kind?.dialect,
    rejectFile: written.path,
    adoptedTable: transform.adopted() ?? (r.cache === "hit" ? adoptedFromSchema(table, kind) : undefined),
  };
}

/**
 * WD022: rows were loaded but not one has a TimeGenerated. Log Analytics never holds such rows;
 * every `ago()`, `between` and rule window (queryPeriod) would see none of them, without error.
 */
function timelessWarning(table: string, t: Table, path: string): DataDiagnostic | undefined {
  const i = t.schema.findIndex((c) => c.name === "TimeGenerated");
  if (i < 0 || t.rowCount === 0) return undefined;
  const col = t.columns[i]!;
  for (let row = 0; row < t.rowCount; row++) if (col.get(row) !== null) return undefined;
  return {
    code: "WD022",
    severity: "warning",
    message: `${table}: TimeGenerated is empty in all ${t.rowCount} rows, so time-bounded queries (ago(), a rule's queryPeriod) see none of them; the file has no time column widar recognises (${table} rows need TimeGenerated, or an export's own time such as 'Date (UTC)')`,
    file: path,
  };
}

function adoptedFromSchema(table: string, kind: SourceKind | undefined): string | undefined {
  if (mappingFor(table) !== undefined || logAnalyticsTables().has(table) || kind === undefined) return undefined;
  return naturalTable(kind)?.table;
}
