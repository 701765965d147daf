/**
 * Engine-level data I/O: table files → typed `Table`s plus diagnostics. Knows nothing about
 * Entra; the product decides which schema a table gets (packages/widar/src/data).
 *
 * Formats (each may be gzip-compressed; gzip is recognised by its magic bytes). Sniffing reads
 * the first 64 KiB (`sniffText`):
 * | format                 | module            | recognised by                                   |
 * | ---------------------- | ----------------- | ----------------------------------------------- |
 * | NDJSON / JSON Lines    | ./ndjson.ts       | most of the first 20 lines are JSON objects, or |
 * |                        |                   | `{` and a first line that is one JSON value     |
 * | JSON array of objects  | ./json.ts         | first non-space character `[`                   |
 * | envelope (streamed)    | ./json-envelope.ts| `{` spanning lines: `{"records":[...]}` (Azure  |
 * |                        |                   | Monitor), `{"value":[...]}` (OData / Graph), or |
 * |                        |                   | one pretty-printed object                       |
 * | Log Analytics API JSON | ./json.ts         | `{` whose first key is `"tables"` (`"Tables"`)  |
 * | CSV (header row)       | ./csv.ts          | name ends `.csv` / `.csv.gz`, or a first        |
 * |                        |                   | character other than `{` / `[`                  |
 * | Sentinel watchlist CSV | ./watchlist.ts    | loaded by `loadWatchlist`, never sniffed        |
 *
 * Every JSON record passes through the load's `transform` (./record-feed.ts) on its way to the
 * columns: that is where a product maps its own source dialects. The columnar cache
 * (./columnar-cache.ts) stores a finished load and replays it while the file is unchanged.
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
 * | WD004 | error         | the file cannot be read (missing, a directory, corrupt / truncated  |
 * |       |               | gzip, an archive: ./unsupported-formats.ts, a line over 256 MiB),   |
 * |       |               | or is not of its format at all (not a JSON array / API response)    |
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
 * | WD013 | warning       | a record does not have the shape its envelope or dialect requires   |
 * |       |               | (`records` not an array, a diagnostic record without `properties`): |
 * |       |               | rejected (reported by the engine or by a product transform)         |
 * | WD014 | info          | records that belong to another table were not loaded into this one  |
 * |       |               | (a product transform: one per source table, with count, first line) |
 * | WD015 | info          | the per-table summary: loaded / rejected / coerced to null (product)|
 * | WD016 | info/warning  | the rejected records were written to a reject file (info), or could |
 * |       |               | not be (warning) (product)                                          |
 * | WD017 | warning       | a Log Analytics API row has more or fewer cells than the response   |
 * |       |               | has columns: rejected, with its row number                          |
 *
 * A file that cannot be read to its end (WD004: a corrupt, truncated or garbage-trailed gzip
 * stream, a line past MAX_LINE_BYTES, a read error) loads nothing: the records read before
 * the failure are dropped and counted in the message, so that nothing from a broken file is
 * half-loaded silently. A product exits non-zero on WD004.
 *
 * Every rejected record (WD001, WD005, WD007 inside an element, WD013) reaches
 * `LoadOptions.onReject` with its raw text, so a product can write it where a user can fix it.
 */
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { loadCsv } from "./csv.js";
import { loadJsonArray, loadLogAnalyticsJson } from "./json.js";
import { loadJsonEnvelope } from "./json-envelope.js";
import { loadNdjson } from "./ndjson.js";
import { readHead } from "./source.js";
import { unsupportedFormat } from "./unsupported-formats.js";
import { Table } from "../exec/table.js";

export type { DataDiagnostic, LoadOptions, LoadProgress, LoadResult, LoadStats, RejectedRecord } from "./accumulate.js";

export type TableFileFormat = "ndjson" | "json-array" | "envelope" | "la-api" | "csv";

export interface TableFileOptions extends LoadOptions {
  /** Skips sniffing. */
  readonly format?: TableFileFormat;
}

/** How much of a file sniffing reads: enough for the first line of any real NDJSON export. */
const SNIFF_BYTES = 64 * 1024;

/** Lines the NDJSON judgement looks at. */
const SNIFF_LINES = 20;

/**
 * NDJSON judged on several lines: most of the first (up to 20, whole) non-blank lines are JSON
 * objects. So a bad first line (`garbage`, `null`, `#comment`, `x,y`, `[1,2]`) does not turn
 * an NDJSON file into CSV or a JSON array; a JSON array or envelope never passes (its element
 * lines end in commas), nor does CSV.
 */
export function mostlyObjectLines(head: string, complete: boolean): boolean {
  const parts = head.split("\n");
  if (!complete) parts.pop();
  const lines = parts.filter((l) => l.trim() !== "").slice(0, SNIFF_LINES);
  let objects = 0;
  for (const l of lines) if (isObjectLine(l)) objects++;
  return objects >= 2 && objects * 2 > lines.length;
}

/** Which format a text is in, from its first characters (see the table above). */
export function sniffText(head: string, complete: boolean): TableFileFormat {
  const t = head.trimStart();
  if (mostlyObjectLines(t, complete)) return "ndjson";
  const c = t.charAt(0);
  if (c === "[") return "json-array";
  if (c !== "{") return t === "" ? "ndjson" : "csv";
  if (/^\{\s*"[Tt]ables"\s*:/.test(t)) return "la-api";
  const nl = t.indexOf("\n");
  if (nl >= 0 || complete) {
    // A first line that is a whole JSON object: NDJSON (a one-line envelope is expanded by the
    // load's transform). A first line that opens an object (`{`, `{"records": [`): a
    // pretty-printed envelope or object. Anything else is a first line cut short or garbled:
    // NDJSON if the next line is a whole object, so one bad line does not change the format.
    const lines = (nl >= 0 ? t : `${t}\n`).split("\n");
    if (isObjectLine(lines[0]!)) return "ndjson";
    if (/^\{\s*("(records|value|@odata\.[A-Za-z]+)"\s*:.*)?$/.test(lines[0]!.trim())) return "envelope";
    return lines.length > 2 && isObjectLine(lines[1]!) ? "ndjson" : "envelope";
  }  // One line longer than the sniff window: stream it if it is an envelope, else read it whole.
  return /^\{\s*"(records|value|@odata\.[A-Za-z]+)"\s*:/.test(t) ? "envelope" : "ndjson";
}

function isObjectLine(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Which format a file is in: `.csv` by name, anything else by its first characters. */
export async function sniffFormat(path: string): Promise<TableFileFormat> {
  if (/\.csv(\.gz)?$/i.test(path)) return "csv";
  const head = await readHead(path, SNIFF_BYTES);
  return sniffText(head, head.length < SNIFF_BYTES);
}

/** Loads a table file of any supported format (sniffed unless `opts.format` says); see dropUnreadable. */
export async function loadTableFile(path: string, opts: TableFileOptions): Promise<LoadResult> {
  return dropUnreadable(await loadSniffed(path, opts));
}

/**
 * A file that could not be read to its end (WD004) loads nothing: what was read before a
 * corrupt gzip block, a truncated stream or an over-long line is dropped, and the message says
 * how much, rather than a query silently seeing part of a file.
 */
export function dropUnreadable(r: LoadResult): LoadResult {
  if (r.stats.loaded === 0 || !r.diagnostics.some((d) => d.code === "WD004" && d.severity === "error")) return r;
  const note = `; the ${r.stats.loaded.toLocaleString("en-US")} record(s) read before it were not loaded`;
  return {
    table: Table.empty(r.schema),
    schema: r.schema,
    diagnostics: r.diagnostics.map((d) => (d.code === "WD004" && d.severity === "error" ? { ...d, message: `${d.message}${note}` } : d)),
    stats: { ...r.stats, loaded: 0, rejected: r.stats.rejected + r.stats.loaded },
  };
}

async function loadSniffed(path: string, opts: TableFileOptions): Promise<LoadResult> {
  let format = opts.format;
  // Even with a format given: a zip named `.csv` is still no CSV.
  const other = await unsupportedFormat(path).catch(() => undefined);
  if (other !== undefined) {
    const sink = DiagnosticSink.of(path, opts);
    sink.report("WD004", "error", `cannot read ${path}: it is ${other}; widar reads NDJSON, JSON, CSV and their gzip (extract it first)`);
    return loadResult(new Accumulator(sink, { table: opts.table, schema: opts.schema ?? [] }), sink);
  }
  if (format === undefined) {
    try {
      format = await sniffFormat(path);
    } catch (e) {
      const sink = DiagnosticSink.of(path, opts);
      sink.report("WD004", "error", `cannot read ${path}: ${describeError(e)}`);
      return loadResult(new Accumulator(sink, { table: opts.table, schema: opts.schema ?? [] }), sink);
    }
  }
  switch (format) {
    case "csv":
      return loadCsv(path, opts);
    case "json-array":
      return loadJsonArray(path, opts);
    case "envelope":
      return loadJsonEnvelope(path, opts);
    case "la-api":
      return loadLogAnalyticsJson(path, opts);
    default:
      return loadNdjson(path, opts);
  }
}
