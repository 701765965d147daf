/**
 * Engine-level data I/O: table files → typed `Table`s plus diagnostics. Knows nothing about
 * Entra; the product decides which schema a table gets (packages/widar/src/data).
 *
 * Formats (each may be gzip-compressed; gzip is recognised by its magic bytes):
 * | format                 | module       | recognised by                                        |
 * | ---------------------- | ------------ | ---------------------------------------------------- |
 * | NDJSON / JSON Lines    | ./ndjson.ts  | anything not below                                   |
 * | JSON array of objects  | ./json.ts    | first non-space character `[`                        |
 * | Log Analytics API JSON | ./json.ts    | `{` whose first key is `"tables"` (or `"Tables"`)    |
 * | CSV (header row)       | ./csv.ts     | name ends `.csv` / `.csv.gz`                         |
 * | Sentinel watchlist CSV | ./watchlist.ts | loaded by `loadWatchlist`, never sniffed           |
 *
 * Data diagnostic codes (every one carries `file`; `line` where the format has lines; `field`
 * (see DataDiagnostic) where a column is concerned). A data problem never stops a load: the
 * record or value concerned is skipped or nulled and every good record still loads.
 * | code  | severity      | meaning                                                             |
 * | ----- | ------------- | ------------------------------------------------------------------- |
 * | WD001 | warning       | a line / array element is not valid JSON (skipped); or text after   |
 * |       |               | a JSON array's closing `]` (ignored)                                |
 * | WD002 | warning       | a value does not convert to its column's type: loaded as null       |
 * |       |               | (message names the column; see ./coerce.ts for what converts)       |
 * | WD003 | info          | a field that is not a column of the schema: ignored (one diagnostic |
 * |       |               | per field name, with the count and the first line)                  |
 * | WD004 | error         | the file cannot be read (missing, unreadable, corrupt gzip), or is  |
 * |       |               | not of its format at all (not a JSON array / not an API response)   |
 * | WD005 | warning       | a record is valid JSON but not an object (or an API row not an      |
 * |       |               | array): skipped                                                     |
 * | WD006 | warning       | a CSV record has more or fewer fields than the header (missing      |
 * |       |               | fields null, extra ignored)                                         |
 * | WD007 | warning       | the file ends early: inside a CSV quoted field (the record loads as |
 * |       |               | read), inside a JSON array element (skipped) or before its `]`      |
 * | WD008 | info          | a Log Analytics API response holds several tables: one is loaded   |
 * | WD009 | info          | N more diagnostics of one code not shown (cap per code, default 100)|
 * | WD010 | warning       | a column name appears twice in a CSV header (the second is ignored),|
 * |       |               | or a watchlist column is named like a _GetWatchlist column          |
 * | WD011 | warning       | a watchlist has no header / no items, or its `searchKey` column is  |
 * |       |               | not in the header (the default key is used)                         |
 * | WD012 | warning       | an API response column has a type widar does not know: dynamic     |
 */
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { loadCsv } from "./csv.js";
import { loadJsonArray, loadLogAnalyticsJson } from "./json.js";
import { loadNdjson } from "./ndjson.js";
import { readHead } from "./source.js";

export type { DataDiagnostic, LoadOptions, LoadResult, LoadStats } from "./accumulate.js";

export type TableFileFormat = "ndjson" | "json-array" | "la-api" | "csv";

export interface TableFileOptions extends LoadOptions {
  /** Skips sniffing. */
  readonly format?: TableFileFormat;
}

/** Which format a file is in: by name for CSV, else by its first characters (see above). */
export async function sniffFormat(path: string): Promise<TableFileFormat> {
  if (/\.csv(\.gz)?$/i.test(path)) return "csv";
  const head = (await readHead(path, 1024)).trimStart();
  if (head.startsWith("[")) return "json-array";
  if (/^\{\s*"[Tt]ables"\s*:/.test(head)) return "la-api";
  return "ndjson";
}

/** Loads a table file of any supported format (sniffed unless `opts.format` says). */
export async function loadTableFile(path: string, opts: TableFileOptions): Promise<LoadResult> {
  let format = opts.format;
  if (format === undefined) {
    try {
      format = await sniffFormat(path);
    } catch (e) {
      const sink = new DiagnosticSink(path, opts.maxDiagnosticsPerCode);
      sink.report("WD004", "error", `cannot read ${path}: ${describeError(e)}`);
      return loadResult(new Accumulator(sink, { table: opts.table, schema: opts.schema ?? [] }), sink);
    }
  }
  switch (format) {
    case "csv":
      return loadCsv(path, opts);
    case "json-array":
      return loadJsonArray(path, opts);
    case "la-api":
      return loadLogAnalyticsJson(path, opts);
    default:
      return loadNdjson(path, opts);
  }
}
