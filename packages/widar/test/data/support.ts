/**
 * Helpers for the data tests: fixture paths, temp dirs, loads without cache or progress, rows
 * rendered like `--format json`, and writers of one set of rows in every form widar reads.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Diagnostic, type Json, type Schema, type Table, formatDatetime, parseDatetime } from "@widar/kql";
import { cellJson } from "../../src/cli/format-result.js";
import { toDiagnosticRecord, toGraphObject } from "../../src/data/export-records.js";
import { type EntraLoadOptions, type EntraLoadResult, loadEntraTable } from "../../src/data/load-table.js";
import { sourceDirOf } from "../support/paths.js";
import { tempDir } from "../support/temp-dir.js";

export const FIXTURES = join(sourceDirOf(import.meta.url), "fixtures");

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** A fresh temporary folder, removed when the test process exits. */
export function tmpDir(prefix = "widar-data-"): string {
  return tempDir(prefix);
}

/** A load as the CLI does it, without the cache or a progress bar, rejects into a temp dir. */
export function load(table: string, path: string, opts: EntraLoadOptions = {}): Promise<EntraLoadResult> {
  return loadEntraTable(table, path, { cache: false, progress: false, rejectsDir: tmpDir("widar-rejects-"), ...opts });
}

/** Rows as plain objects, cells as `--format json` renders them (datetimes ISO, 7 digits). */
export function rowsOf(t: Table): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const o: Record<string, Json> = {};
    t.schema.forEach((c, j) => {
      o[c.name] = cellJson(t.columns[j]!.get(i), c.type);
    });
    out.push(o);
  }
  return out;
}

/** Only `columns` of each row. */
export function pick(rows: readonly Record<string, Json>[], columns: readonly string[]): Record<string, Json>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
}

export function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.code);
}

/** [code, line] of the diagnostics other than the WD015 summary. */
export function where(diags: readonly Diagnostic[]): [string, number | undefined][] {
  return diags.filter((d) => d.code !== "WD015").map((d) => [d.code, d.line]);
}

// ---- writers: one set of rows (Log Analytics column names, JSON values) in every form ----

export type Row = Record<string, unknown>;

export function writeNdjson(path: string, rows: readonly unknown[]): string {
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  return path;
}

/** Azure Monitor to a storage account: one diagnostic record per line. */
export function writeDiagnosticLines(path: string, table: string, rows: readonly Row[], gzip = false): string {
  const text = rows.map((r) => `${JSON.stringify(toDiagnosticRecord(table, r))}\n`).join("");
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** One pretty-printed `{"records":[...]}` document (an Event Hub message, an old storage blob). */
export function writeDiagnosticEnvelope(path: string, table: string, rows: readonly Row[]): string {
  writeFileSync(path, JSON.stringify({ records: rows.map((r) => toDiagnosticRecord(table, r)) }, null, 2));
  return path;
}

/** Event Hub messages saved one per line, `size` records each. */
export function writeEventHubLines(path: string, table: string, rows: readonly Row[], size = 25): string {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += size) lines.push(JSON.stringify({ records: rows.slice(i, i + size).map((r) => toDiagnosticRecord(table, r)) }));
  writeFileSync(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return path;
}

/** Graph pages of `size` objects concatenated (pretty-printed), each with its nextLink but the last. */
export function writeGraphPages(path: string, table: string, rows: readonly Row[], size = 40): string {
  const pages: string[] = [];
  for (let i = 0; i < rows.length || i === 0; i += size) {
    const page: Record<string, unknown> = { "@odata.context": "https://graph.microsoft.com/beta/$metadata#x", value: rows.slice(i, i + size).map((r) => toGraphObject(table, r)) };
    if (i + size < rows.length) page["@odata.nextLink"] = `https://graph.microsoft.com/beta/x?$skiptoken=${i + size}`;
    pages.push(JSON.stringify(page, null, 1));
    if (rows.length === 0) break;
  }
  writeFileSync(path, pages.join("\n"));
  return path;
}

/** What `widar pull graph` writes: one Graph object per line. */
export function writeGraphNdjson(path: string, table: string, rows: readonly Row[]): string {
  return writeNdjson(
    path,
    rows.map((r) => toGraphObject(table, r)),
  );
}

/** A JSON array of rows (az CLI, hand-written fixtures). */
export function writeJsonArray(path: string, rows: readonly Row[]): string {
  writeFileSync(path, `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n]\n`);
  return path;
}

/** The Log Analytics query API's response (its table is always `PrimaryResult`): dynamic cells as JSON text. */
export function writeLogAnalyticsJson(path: string, schema: Schema, rows: readonly Row[]): string {
  const cells = rows.map((r) => schema.map((c) => (r[c.name] === undefined ? null : c.type === "dynamic" && r[c.name] !== null ? JSON.stringify(r[c.name]) : r[c.name])));
  writeFileSync(path, JSON.stringify({ tables: [{ name: "PrimaryResult", columns: schema.map((c) => ({ name: c.name, type: c.type })), rows: cells }] }));
  return path;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const t = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** `11/21/2026, 3:04:05.123 PM`: the Log Analytics portal's CSV datetime form (UTC). */
export function portalDatetime(iso: string): string {
  const t = parseDatetime(iso);
  if (t === null) return iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})/.exec(formatDatetime(t))!;
  const h = Number(m[4]);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${Number(m[2])}/${Number(m[3])}/${m[1]}, ${h12}:${m[5]}:${m[6]}.${m[7]} ${h < 12 ? "AM" : "PM"}`;
}

/** The portal's "Export to CSV": `Name [UTC]` datetime headers in its en-US form, JSON-text dynamics. */
export function writePortalCsv(path: string, schema: Schema, rows: readonly Row[]): string {
  const header = schema.map((c) => csvCell(c.type === "datetime" ? `${c.name} [UTC]` : c.name)).join(",");
  const lines = rows.map((r) =>
    schema.map((c) => csvCell(c.type === "datetime" && typeof r[c.name] === "string" ? portalDatetime(r[c.name] as string) : r[c.name])).join(","),
  );
  writeFileSync(path, `\ufeff${header}\r\n${lines.map((l) => `${l}\r\n`).join("")}`);
  return path;
}
