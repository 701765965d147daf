/**
 * JSON files of two shapes:
 * - an array of objects (`[{...},{...}]`: `az monitor log-analytics query` output, Graph
 *   exports, hand-written fixtures). Streamed: a scanner finds each top-level element's text
 *   and line, and each element is parsed alone, so memory follows one element and a bad
 *   element costs only itself (WD001 with its line).
 * - the Log Analytics query API response (`{"tables":[{"name","columns":[{"name","type"}],
 *   "rows":[[...]]}]}`; also the Kusto v1 spelling `Tables/TableName/Columns/ColumnName/
 *   ColumnType|DataType/Rows`). Read whole: the API caps a response (~64 MB), and its rows sit
 *   several levels deep. Its cells are text-like (dynamic columns arrive as JSON text), so they
 *   are coerced in text mode. The table named `PrimaryResult`, else the first, is loaded.
 */
import { quoteLongRowIntegers, rowShapeProblem } from "./api-rows.js";
import { lineAndColumn } from "../diagnostics.js";
import type { ColumnSchema, Schema } from "../schema.js";
import { parseTypeName } from "../types.js";
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { describeJsonKind, isRecord, jsonFailure } from "./ndjson.js";
import { RecordFeed } from "./record-feed.js";
import { readAllText, readChunks } from "./source.js";

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

const BEFORE = 0;
const BETWEEN = 1;
const ELEMENT = 2;
const DONE = 3;
const IGNORE = 4;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export type ArrayProblem = "not-an-array" | "trailing-text" | "unterminated-element" | "unclosed-array";

/** Splits a streamed JSON array into its top-level elements' text (not parsed), with lines. */
export class JsonArrayScanner {
  private state = BEFORE;
  private depth = 0;
  private inString = false;
  private escape = false;
  private parts: string[] = [];
  private elemLine = 0;
  private line = 1;

  constructor(
    private readonly onElement: (text: string, line: number) => void,
    private readonly onProblem: (p: ArrayProblem, line: number, text?: string) => void,
  ) {}

  push(s: string): void {
    let start = this.state === ELEMENT ? 0 : -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) this.line++;
      switch (this.state) {
        case BEFORE:
          if (c === LBRACKET) this.state = BETWEEN;
          else if (!isSpace(c)) {
            this.onProblem("not-an-array", this.line);
            this.state = IGNORE;
          }
          break;
        case BETWEEN:
          if (c === RBRACKET) this.state = DONE;
          else if (c !== COMMA && !isSpace(c)) {
            this.state = ELEMENT;
            this.depth = 0;
            this.inString = false;
            this.escape = false;
            this.elemLine = this.line;
            start = i;
            i--; // scan this character as the element's first
          }
          break;
        case ELEMENT:
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (c === BACKSLASH) this.escape = true;
            else if (c === QUOTE) this.inString = false;
          } else if (c === QUOTE) this.inString = true;
          else if (c === LBRACE || c === LBRACKET) this.depth++;
          else if (c === RBRACE || c === RBRACKET) {
            if (this.depth === 0) {
              // A scalar element ended by the array's `]`.
              this.emit(s.slice(start, i));
              i--;
            } else if (--this.depth === 0) this.emit(s.slice(start, i + 1));
          } else if (this.depth === 0 && (c === COMMA || isSpace(c))) this.emit(s.slice(start, i));
          break;
        case DONE:
          if (!isSpace(c)) {
            this.onProblem("trailing-text", this.line);
            this.state = IGNORE;
          }
          break;
      }
    }
    if (this.state === ELEMENT && start >= 0) this.parts.push(s.slice(start));
  }

  end(): void {
    if (this.state === ELEMENT) {
      if (this.depth === 0 && !this.inString) this.emit("");
      else {
        const text = this.parts.join("");
        this.parts = [];
        this.onProblem("unterminated-element", this.elemLine, text);
        this.state = BETWEEN;
      }
    }
    if (this.state === BETWEEN) this.onProblem("unclosed-array", this.line);
  }

  private emit(last: string): void {
    const text = this.parts.length === 0 ? last : this.parts.join("") + last;
    this.parts = [];
    this.state = BETWEEN;
    this.onElement(text, this.elemLine);
  }
}

/** Streams a JSON array of objects into a table. */
export async function loadJsonArray(path: string, opts: LoadOptions): Promise<LoadResult> {
  const sink = DiagnosticSink.of(path, opts);
  const acc = new Accumulator(sink, { table: opts.table, schema: opts.schema });
  const feed = new RecordFeed(sink, acc, opts);
  const scanner = new JsonArrayScanner(
    (text, line) => parseElement(feed, text, line, "array element"),
    (problem, line, text) => {
      switch (problem) {
        case "not-an-array":
          sink.report("WD004", "error", "not a JSON array of objects", { line });
          break;
        case "trailing-text":
          sink.report("WD001", "warning", "text after the array's closing ] is ignored", { line });
          break;
        case "unterminated-element":
          feed.rejectRaw("WD007", "the file ends inside this array element; it is not loaded", { line }, text ?? "");
          break;
        case "unclosed-array":
          sink.report("WD007", "warning", "the file ends before the array's closing ]", { line });
          break;
      }
    },
  );
  let bytes = 0;
  try {
    for await (const chunk of readChunks(path, (b) => feed.progress((bytes = b)))) scanner.push(chunk);
    scanner.end();
  } catch (e) {
    sink.report("WD004", "error", `cannot read ${path}: ${describeError(e)}`);
  }
  feed.finish(bytes);
  return loadResult(acc, sink);
}

/**
 * One element's text (of an array or an envelope's records) → the feed; bad JSON (WD001, at the
 * error's own line) and non-objects (WD005) are rejected with their text.
 */
export function parseElement(feed: RecordFeed, text: string, line: number, what: string): void {
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch (e) {
    const f = jsonFailure(text, e);
    // The error's line within the file (elements may span lines); its column only when that
    // is not the element's first line, whose start column the scanner does not track.
    const at = f.offset === undefined ? undefined : lineAndColumn(text, f.offset);
    const where = at === undefined ? { line } : { line: line + at.line - 1, column: at.line > 1 ? at.column : undefined };
    feed.rejectRaw("WD001", `${what} is not valid JSON: ${f.message}; skipped`, where, text);
    return;
  }
  if (!isRecord(rec)) {
    feed.rejectRaw("WD005", `expected a JSON object, found ${describeJsonKind(rec)}; ${what} skipped`, { line }, text);
    return;
  }
  feed.add(rec, line, text);
}

interface ApiTable {
  readonly name: string;
  readonly columns: { readonly name: string; readonly type: string }[];
  readonly rows: unknown[];
}

/** The API document's tables in one spelling (LA: tables/name/columns/type; Kusto v1: capitals). */
function apiTables(doc: unknown): ApiTable[] | undefined {
  if (!isRecord(doc)) return undefined;
  const tables = doc.tables ?? doc.Tables;
  if (!Array.isArray(tables)) return undefined;
  const out: ApiTable[] = [];
  for (const t of tables) {
    if (!isRecord(t)) return undefined;
    const cols = t.columns ?? t.Columns;
    const rows = t.rows ?? t.Rows;
    if (!Array.isArray(cols) || !Array.isArray(rows)) return undefined;
    const columns = cols.map((c) => {
      const r = isRecord(c) ? c : {};
      return { name: String(r.name ?? r.ColumnName ?? ""), type: String(r.type ?? r.ColumnType ?? r.DataType ?? "") };
    });
    out.push({ name: String(t.name ?? t.TableName ?? ""), columns, rows });
  }
  return out;
}

/** Loads the Log Analytics query API response shape. */
export async function loadLogAnalyticsJson(path: string, opts: LoadOptions): Promise<LoadResult> {
  const sink = DiagnosticSink.of(path, opts);
  const empty = () => loadResult(new Accumulator(sink, { table: opts.table, schema: opts.schema ?? [] }), sink);
  let text: string;
  try {
    text = await readAllText(path);
  } catch (e) {
    sink.report("WD004", "error", `cannot read ${path}: ${describeError(e)}`);
    return empty();
  }
  let doc: unknown;
  try {
    doc = JSON.parse(quoteLongRowIntegers(text));
  } catch (e) {
    const f = jsonFailure(text, e);
    const at = f.offset === undefined ? {} : lineAndColumn(text, f.offset);
    sink.report("WD004", "error", `not valid JSON: ${f.message}`, at);
    return empty();
  }
  const tables = apiTables(doc);
  if (tables === undefined || tables.length === 0) {
    sink.report("WD004", "error", 'not a Log Analytics API response: expected {"tables":[{"name","columns","rows"}]}');
    return empty();
  }
  const table = tables.find((t) => t.name === "PrimaryResult") ?? tables[0]!;
  if (tables.length > 1) {
    sink.report("WD008", "info", `the response has ${tables.length} tables; only '${table.name}' is loaded`);
  }
  const schema: Schema = opts.schema ?? table.columns.map((c) => columnOf(c, sink));
  const acc = new Accumulator(sink, { table: opts.table, schema, textual: true });
  const feed = new RecordFeed(sink, acc, opts);
  table.rows.forEach((row, i) => {
    if (!Array.isArray(row)) {
      sink.reject("WD005", `row ${i + 1}: expected an array of cells, found ${describeJsonKind(row)}; skipped`, {}, JSON.stringify(row) ?? "");
      return;
    }
    const shape = rowShapeProblem(row, table.columns.length, i);
    if (shape !== undefined) {
      sink.reject("WD017", shape, {}, JSON.stringify(row) ?? "");
      return;
    }
    const rec: Record<string, unknown> = {};
    table.columns.forEach((c, j) => {
      rec[c.name] = row[j];
    });
    feed.add(rec, undefined);
  });
  feed.finish(text.length);
  return loadResult(acc, sink);
}

function columnOf(c: { name: string; type: string }, sink: DiagnosticSink): ColumnSchema {
  const type = parseTypeName(c.type);
  if (type !== undefined) return { name: c.name, type };
  sink.report("WD012", "warning", `column '${c.name}' has unknown type '${c.type}'; loaded as dynamic`, { field: c.name });
  return { name: c.name, type: "dynamic" };
}
