/**
 * Microsoft Sentinel watchlists from their CSV: the table `_GetWatchlist('alias')` returns.
 *
 * Sentinel stores each item's fields as a property bag (the `Watchlist` table's WatchlistItem)
 * and `_GetWatchlist` projects, per live item: `_DTItemId` (string, the item's id),
 * `LastUpdatedTimeUTC` (datetime), `SearchKey` (string: the value of the column chosen as
 * search key when the watchlist was created), `WatchlistItem` (dynamic: the whole bag), and
 * then the bag unpacked into one column per CSV column (the output Sentinel's KQL analyzer
 * tooling reports for `_GetWatchlist`). Every unpacked column is a string, as uploaded text is.
 *
 * Local stand-ins for what only Sentinel knows:
 * - search key: the column named by `opts.searchKey`, else one named `SearchKey` (any case),
 *   else the first column, so a CSV written for widar can say which column is the key;
 * - `_DTItemId`: a GUID derived from alias, item index and key, stable across runs (a random
 *   one would make every result differ from the last);
 * - `LastUpdatedTimeUTC`: `opts.lastUpdated`, else the file's modification time.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { ColumnBuilder } from "../exec/column.js";
import { Table } from "../exec/table.js";
import type { ColumnSchema } from "../schema.js";
import { type Json, msToTicks } from "../types.js";
import { type DataDiagnostic, DiagnosticSink, describeError } from "./accumulate.js";
import { CsvParser, type CsvRecord, headerColumns } from "./csv.js";
import { readChunks } from "./source.js";

export interface WatchlistOptions {
  /** The column whose value is SearchKey (Sentinel's "SearchKey" setting). */
  readonly searchKey?: string;
  /** LastUpdatedTimeUTC of every item (default: the file's modification time). */
  readonly lastUpdated?: Date | number;
}

export interface WatchlistResult {
  readonly table: Table;
  readonly diagnostics: DataDiagnostic[];
}

/** The columns `_GetWatchlist` puts before the watchlist's own (see the engine's WATCHLIST_META_COLUMNS). */
export const WATCHLIST_COLUMNS: readonly ColumnSchema[] = [
  { name: "_DTItemId", type: "string" },
  { name: "LastUpdatedTimeUTC", type: "datetime" },
  { name: "SearchKey", type: "string" },
  { name: "WatchlistItem", type: "dynamic" },
];

/** A stable GUID (name-based, RFC 4122 version 5 layout) for a watchlist item. */
export function watchlistItemId(alias: string, index: number, key: string): string {
  const h = createHash("sha1").update(`${alias}\n${index}\n${key}`).digest("hex");
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function loadWatchlist(path: string, alias: string, opts: WatchlistOptions = {}): Promise<WatchlistResult> {
  const sink = new DiagnosticSink(path);
  const records: CsvRecord[] = [];
  const parser = new CsvParser((r) => records.push(r));
  let updatedMs = opts.lastUpdated instanceof Date ? opts.lastUpdated.getTime() : opts.lastUpdated;
  try {
    updatedMs ??= (await stat(path)).mtimeMs;
    for await (const chunk of readChunks(path)) parser.push(chunk);
    const end = parser.end();
    if (end.unterminatedAtLine !== undefined) {
      sink.report("WD007", "warning", "the file ends inside a quoted field; the last item is loaded as read", { line: end.unterminatedAtLine });
    }
  } catch (e) {
    sink.report("WD004", "error", `cannot read watchlist '${alias}' from ${path}: ${describeError(e)}`);
  }
  const header = records.shift();
  if (header === undefined) {
    if (!sink.hasErrors()) sink.report("WD011", "warning", `watchlist '${alias}' has no header row and no items`);
    return { table: Table.empty(WATCHLIST_COLUMNS), diagnostics: sink.finish() };
  }
  if (records.length === 0) sink.report("WD011", "warning", `watchlist '${alias}' has a header but no items`, { line: header.line });

  const { names } = headerColumns(header.fields, sink, header.line);
  const meta = new Set(WATCHLIST_COLUMNS.map((c) => c.name));
  // Own columns: every named header field but the meta names (SearchKey's value is the key).
  const own: { name: string; index: number }[] = [];
  names.forEach((name, index) => {
    if (name === undefined) return;
    if (meta.has(name) && name !== "SearchKey") {
      sink.report("WD010", "warning", `column '${name}' has the name of a _GetWatchlist column; ignored`, { line: header.line, field: name });
    } else if (name !== "SearchKey") own.push({ name, index });
  });
  const keyIndex = searchKeyIndex(names, opts.searchKey, sink, header.line);

  const schema: ColumnSchema[] = [...WATCHLIST_COLUMNS, ...own.map((c) => ({ name: c.name, type: "string" as const }))];
  const builders = schema.map((c) => new ColumnBuilder(c.type, records.length));
  const updated = updatedMs === undefined ? null : msToTicks(updatedMs);
  records.forEach((r, i) => {
    if (r.fields.length !== names.length) {
      sink.report("WD006", "warning", `item has ${r.fields.length} fields, the header ${names.length}; missing fields are empty`, { line: r.line });
    }
    const key = r.fields[keyIndex] ?? "";
    const bag: { [k: string]: Json } = {};
    names.forEach((name, j) => {
      if (name !== undefined) bag[name] = r.fields[j] ?? "";
    });
    builders[0]!.push(watchlistItemId(alias, i, key));
    builders[1]!.push(updated);
    builders[2]!.push(key);
    builders[3]!.push(bag);
    own.forEach((c, j) => {
      builders[4 + j]!.push(r.fields[c.index] ?? "");
    });
  });
  const table = new Table(
    schema,
    builders.map((b) => b.finish()),
    records.length,
  );
  return { table, diagnostics: sink.finish() };
}

function searchKeyIndex(names: readonly (string | undefined)[], wanted: string | undefined, sink: DiagnosticSink, line: number): number {
  if (wanted !== undefined) {
    const i = names.indexOf(wanted);
    if (i >= 0) return i;
    sink.report("WD011", "warning", `the search key column '${wanted}' is not in the header; using the default`, { line, field: wanted });
  }
  const exact = names.indexOf("SearchKey");
  if (exact >= 0) return exact;
  const any = names.findIndex((n) => n?.toLowerCase() === "searchkey");
  if (any >= 0) return any;
  const first = names.findIndex((n) => n !== undefined);
  return Math.max(first, 0);
}
