/**
 * What every loader shares: records in → typed columns out, with data diagnostics.
 *
 * With a schema, each record's fields are coerced straight into column builders (memory: the
 * columns). Without one, raw values are kept per field until the end, the types are inferred
 * from all of them (./infer.ts), then coerced; no file is read twice. Diagnostic codes are
 * listed in ./loader.ts.
 */
import type { Diagnostic, Severity } from "../diagnostics.js";
import { ColumnBuilder, ObjectColumn } from "../exec/column.js";
import { Table } from "../exec/table.js";
import type { ColumnSchema, Schema } from "../schema.js";
import { isFixedWidth, type KType, type Value } from "../types.js";
import { type Converter, converterFor, NOT_CONVERTED } from "./coerce.js";
import { inferType } from "./infer.js";
import type { RecordTransform } from "./record-feed.js";
import { ChunkedValues, DictionaryBuilder } from "./column-builders.js";
import { ParsedTextCache } from "./string-pool.js";

/** A data diagnostic: file and line, plus the column (field) name where one is concerned. */
export interface DataDiagnostic extends Diagnostic {
  readonly field?: string;
}

export interface LoadOptions {
  /** The table's name (messages only). */
  readonly table: string;
  /** Columns and types; without it the schema is inferred from the data. */
  readonly schema?: Schema;
  /** Diagnostics kept per code before the rest are only counted (WD009). Default 100. */
  readonly maxDiagnosticsPerCode?: number;
  /** Maps each record read to the records to load (./record-feed.ts); JSON formats only. */
  readonly transform?: RecordTransform;
  /** Receives every rejected record with its raw text (the product writes a reject file). */
  readonly onReject?: (r: RejectedRecord) => void;
  /** Called as the file is read (about every 64 KiB): bytes read so far and records seen. */
  readonly onProgress?: (p: LoadProgress) => void;
}

/** A record that could not be loaded, with the text it had in the file. */
export interface RejectedRecord {
  readonly file: string;
  readonly line?: number;
  readonly code: string;
  readonly message: string;
  readonly text: string;
}

export interface LoadProgress {
  /** Bytes of the file read so far (compressed bytes for gzip: compare with the file size). */
  readonly bytesRead: number;
  /** Records read so far (loaded or not). */
  readonly records: number;
}

export interface LoadStats {
  /** Records loaded as rows. */
  readonly loaded: number;
  /** Records skipped (bad JSON, not an object). */
  readonly rejected: number;
  /** Values that did not convert to their column's type and were loaded as null. */
  readonly coercedToNull: number;
}

export interface LoadResult {
  readonly table: Table;
  readonly schema: Schema;
  readonly diagnostics: DataDiagnostic[];
  readonly stats: LoadStats;
}

export interface Where {
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

/** Collects diagnostics for one file; past a cap per code, only counts (one bad column can
 * fail on every row, and a million identical messages help nobody). */
export class DiagnosticSink {
  private readonly list: DataDiagnostic[] = [];
  private readonly counts = new Map<string, number>();
  rejected = 0;
  coercedToNull = 0;

  constructor(
    readonly file: string,
    private readonly maxPerCode = 100,
    private readonly onReject?: (r: RejectedRecord) => void,
  ) {}

  /** The sink for one file of a load. */
  static of(file: string, opts: Pick<LoadOptions, "maxDiagnosticsPerCode" | "onReject">): DiagnosticSink {
    return new DiagnosticSink(file, opts.maxDiagnosticsPerCode, opts.onReject);
  }

  /** A record that is not loaded: counted, reported, and its text handed to `onReject`. */
  reject(code: string, message: string, where: Where, text: string): void {
    this.rejected++;
    this.report(code, "warning", message, where);
    this.onReject?.({ file: this.file, line: where.line, code, message, text });
  }

  report(code: string, severity: Severity, message: string, where: Where = {}): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n > this.maxPerCode) return;
    const d: { -readonly [K in keyof DataDiagnostic]: DataDiagnostic[K] } = { code, severity, message, file: this.file };
    if (where.line !== undefined) d.line = where.line;
    if (where.column !== undefined) d.column = where.column;
    if (where.field !== undefined) d.field = where.field;
    this.list.push(d);
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === "error");
  }

  /** The diagnostics, plus one WD009 per code that went over the cap. */
  finish(): DataDiagnostic[] {
    const out = [...this.list];
    for (const [code, n] of this.counts) {
      if (n > this.maxPerCode) {
        out.push({ code: "WD009", severity: "info", message: `${n - this.maxPerCode} more ${code} diagnostics not shown (${n} in all)`, file: this.file });
      }
    }
    return out;
  }
}

/** A short rendering of a raw value for a message. */
export function preview(raw: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(raw) ?? String(raw);
  } catch {
    s = String(raw);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export interface AccumulatorOptions {
  readonly table: string;
  readonly schema?: Schema;
  /** Cells are text (CSV, Log Analytics API): see CoerceOptions.textual and InferMode "text". */
  readonly textual?: boolean;
  /** Types to use for these fields when inferring (CSV `Col [UTC]` headers are datetimes). */
  readonly hints?: ReadonlyMap<string, KType>;
}

export class Accumulator {
  private rows = 0;
  // With a schema:
  private readonly builders: ColumnBuilder[] = [];
  private readonly index = new Map<string, number>();
  private readonly unknown = new Map<string, { line: number | undefined; row: number; count: number }>();
  // Without one: raw values per field (first-seen order) and each row's line.
  private readonly raw = new Map<string, unknown[]>();
  private readonly lines: number[] = [];
  private readonly textual: boolean;
  private readonly converters: Converter[] = [];
  // The field order of the last record, and each field's column (-1: not a column).
  private readonly shapeKeys: string[] = [];
  private readonly shapeCols: number[] = [];
  // The columns the last record lacked (null: to be worked out).
  private missing: number[] | null = null;
  // String and guid columns as dictionary codes, dynamic values in chunks (./column-builders.ts);
  // fixed-width columns go to their ColumnBuilders.
  private readonly strings: (DictionaryBuilder | null)[] = [];
  private readonly objects: (ChunkedValues | null)[] = [];
  // Dynamic columns given as JSON text: each distinct text parsed once.
  private readonly parsed: (ParsedTextCache<Value | typeof NOT_CONVERTED> | null)[] = [];
  private isString = new Uint8Array(0);

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly opts: AccumulatorOptions,
  ) {
    this.textual = opts.textual === true;
    if (opts.schema !== undefined) {
      opts.schema.forEach((c, i) => {
        if (!this.index.has(c.name)) this.index.set(c.name, i);
        this.builders.push(new ColumnBuilder(c.type));
        this.converters.push(converterFor(c.type, this.textual));
        const textual = c.type === "string" || c.type === "guid";
        this.strings.push(textual ? new DictionaryBuilder(c.type) : null);
        this.objects.push(!textual && !isFixedWidth(c.type) ? new ChunkedValues() : null);
        this.parsed.push(c.type === "dynamic" ? new ParsedTextCache() : null);
      });
      this.isString = Uint8Array.from(opts.schema, (c) => (c.type === "string" ? 1 : 0));
    }
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Fields known before any record (a CSV header): inferred columns keep them, rows or not. */
  declareFields(names: readonly string[]): void {
    if (this.opts.schema !== undefined) return;
    for (const k of names) if (!this.raw.has(k)) this.raw.set(k, new Array<unknown>(this.rows).fill(undefined));
  }

  /** Adds one record (a JSON object or a CSV row keyed by header) read at `line` (if known). */
  add(rec: Readonly<Record<string, unknown>>, line: number | undefined): void {
    const row = ++this.rows;
    const schema = this.opts.schema;
    if (schema === undefined) {
      this.addRaw(rec, line);
      return;
    }
    // The hot loop of every load. Fields are visited with for-in, whose `rec[k]` V8 reads from
    // the object's enum cache (ten times faster than a read by a column's name); the column of
    // each field comes from the previous record's field order when it is the same, as it almost
    // always is, else from the name index. Own enumerable keys only: never a prototype's.
    const keys = this.shapeKeys;
    const cols = this.shapeCols;
    const isString = this.isString;
    const strings = this.strings;
    let i = 0;
    let same = true;
    for (const k in rec) {
      let j: number;
      if (keys[i] === k) j = cols[i]!;
      else {
        same = false;
        j = this.index.get(k) ?? -1;
        keys[i] = k;
        cols[i] = j;
      }
      i++;
      const v = rec[k];
      // Most log columns are strings that arrive as strings: straight to their dictionary.
      if (typeof v === "string" && isString[j] === 1) strings[j]!.push(v);
      else if (j < 0) this.noteUnknown(k, line, row);
      else this.put(j, v, line, row);
    }
    if (keys.length !== i) {
      same = false;
      keys.length = cols.length = i;
    }
    // The columns this record lacks: the same as the last record's when its fields were.
    if (!same || this.missing === null) this.missing = this.missingOf(cols);
    const missing = this.missing;
    for (let m = 0; m < missing.length; m++) this.put(missing[m]!, undefined, line, row);
  }

  private missingOf(cols: readonly number[]): number[] {
    const has = new Uint8Array(this.builders.length);
    for (const j of cols) if (j >= 0) has[j] = 1;
    const out: number[] = [];
    for (let j = 0; j < has.length; j++) if (has[j] === 0) out.push(j);
    return out;
  }

  private put(j: number, v: unknown, line: number | undefined, row: number): void {
    const parsed = this.parsed[j];
    const x = typeof v === "string" && parsed !== null && parsed !== undefined ? parsed.get(v, this.converters[j]!) : this.converters[j]!(v);
    const out: Value = x === NOT_CONVERTED ? this.bad(v, this.opts.schema![j]!, line, row) : x;
    const strings = this.strings[j];
    if (strings !== null && strings !== undefined) strings.push(out);
    else {
      const objects = this.objects[j];
      if (objects !== null && objects !== undefined) objects.push(out);
      else this.builders[j]!.push(out);
    }
  }

  private noteUnknown(k: string, line: number | undefined, row: number): void {
    const u = this.unknown.get(k);
    if (u === undefined) this.unknown.set(k, { line, row, count: 1 });
    else u.count++;
  }

  private addRaw(rec: Readonly<Record<string, unknown>>, line: number | undefined): void {
    const before = this.rows - 1;
    for (const k in rec) {
      if (!this.raw.has(k)) this.raw.set(k, new Array<unknown>(before).fill(undefined));
    }
    for (const [k, vals] of this.raw) vals.push(Object.hasOwn(rec, k) ? rec[k] : undefined);
    this.lines.push(line ?? -1);
  }

  /** A value that does not convert: reported (WD002) and counted; the column's null instead. */
  private bad(v: unknown, c: ColumnSchema, line: number | undefined, row: number): Value {
    this.sink.coercedToNull++;
    const at = line === undefined ? `row ${row}: ` : "";
    this.sink.report("WD002", "warning", `${at}column '${c.name}': cannot convert ${preview(v)} to ${c.type}; loaded as null`, {
      line,
      field: c.name,
    });
    return c.type === "string" ? "" : null;
  }

  private convert(v: unknown, c: ColumnSchema, line: number | undefined, row: number): Value {
    const x = converterFor(c.type, this.textual)(v);
    return x === NOT_CONVERTED ? this.bad(v, c, line, row) : x;
  }

  /** The table (and its schema, declared or inferred); reports WD003 for ignored fields. */
  finish(): { table: Table; schema: Schema } {
    if (this.opts.schema !== undefined) {
      const names = [...this.index.keys()];
      for (const [k, u] of this.unknown) {
        const similar = names.find((n) => n.toLowerCase() === k.toLowerCase());
        const hint = similar !== undefined ? ` (names are case-sensitive: did you mean '${similar}'?)` : "";
        const first = u.line === undefined ? ` (first in row ${u.row})` : "";
        this.sink.report("WD003", "info", `field '${k}' is not a column of ${this.opts.table}; ignored in ${u.count} record(s)${first}${hint}`, {
          line: u.line,
          field: k,
        });
      }
      const columns = this.builders.map((b, j) => {
        const strings = this.strings[j];
        if (strings !== null && strings !== undefined) return strings.finish();
        const objects = this.objects[j];
        return objects === null || objects === undefined ? b.finish() : new ObjectColumn(b.type, objects.toArray());
      });
      return { table: new Table(this.opts.schema, columns, this.rows), schema: this.opts.schema };
    }
    const schema: ColumnSchema[] = [];
    const columns = [];
    for (const [name, vals] of this.raw) {
      const c: ColumnSchema = { name, type: this.opts.hints?.get(name) ?? inferType(vals, this.textual ? "text" : "json") };
      const b = new ColumnBuilder(c.type, vals.length);
      for (let i = 0; i < vals.length; i++) {
        const line = this.lines[i]!;
        b.push(this.convert(vals[i], c, line < 0 ? undefined : line, i + 1));
      }
      this.raw.set(name, []); // release the raw values column by column
      schema.push(c);
      columns.push(b.finish());
    }
    return { table: new Table(schema, columns, this.rows), schema };
  }
}

/** A LoadResult for a file that could not be read at all (or the part read before failing). */
export function loadResult(acc: Accumulator, sink: DiagnosticSink): LoadResult {
  const { table, schema } = acc.finish();
  return {
    table,
    schema,
    diagnostics: sink.finish(),
    stats: { loaded: table.rowCount, rejected: sink.rejected, coercedToNull: sink.coercedToNull },
  };
}

/** An error's message without Node's noise (`ENOENT: no such file or directory, open 'x'`). */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT") return "no such file";
  if (err?.code === "EACCES") return "permission denied";
  if (err?.code === "EISDIR") return "is a directory";
  if (err?.code === "Z_DATA_ERROR" || err?.code === "Z_BUF_ERROR") return `corrupt gzip data (${err.message})`;
  return err?.message ?? String(e);
}

/** Rows a product routes to a table itself (several tables from one file, in one pass). */
export interface TableBuilder {
  add(rec: Readonly<Record<string, unknown>>, line: number | undefined): void;
  /** The table, its schema, its own diagnostics (conversions, unknown fields) and stats. */
  finish(): LoadResult;
}

/** A TableBuilder for `opts.table` whose diagnostics name `file`. */
export function createTableBuilder(
  file: string,
  opts: Pick<LoadOptions, "table" | "schema" | "maxDiagnosticsPerCode"> & { readonly textual?: boolean },
): TableBuilder {
  const sink = DiagnosticSink.of(file, opts);
  const acc = new Accumulator(sink, { table: opts.table, schema: opts.schema, textual: opts.textual });
  return { add: (rec, line) => acc.add(rec, line), finish: () => loadResult(acc, sink) };
}
