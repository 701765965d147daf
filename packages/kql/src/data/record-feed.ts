/**
 * Between a format's parser and the column builders. Every JSON-record format (NDJSON, JSON
 * arrays, envelopes) hands each parsed object to a RecordFeed, which
 * - applies the load's RecordTransform, if any. The engine knows no source dialect; a product
 *   maps its own here (Azure Monitor diagnostic records, Microsoft Graph objects → the table's
 *   columns), and may expand one record into several (an Event Hub `{"records":[...]}` line) or
 *   drop it (a record of another table);
 * - rejects what the transform rejects, handing the record's raw text to `onReject`;
 * - reports progress (bytes and records) to `onProgress`.
 */
import type { Severity } from "../diagnostics.js";
import type { Accumulator, DiagnosticSink, LoadOptions } from "./accumulate.js";

export type JsonRecord = Record<string, unknown>;

/** What a transform may do besides returning records: all about the record being mapped. */
export interface TransformContext {
  readonly file: string;
  /** The record's line in the file (undefined where the format has no lines). */
  readonly line: number | undefined;
  /**
   * Rejects the record being mapped (or `part`, one element of it): counted, reported with the
   * file and line, and its JSON text handed to `onReject`.
   */
  reject(code: string, message: string, part?: unknown): void;
  /** Reports a diagnostic at the record's line (or `line`) without rejecting anything. */
  report(code: string, severity: Severity, message: string, field?: string, line?: number): void;
}

/** Maps one record read from a file to the records to load: one, several, or none. */
export interface RecordTransform {
  /** Identifies the mapping in cache keys; a transform without one disables the cache. */
  readonly cacheKey?: string;
  map(rec: JsonRecord, ctx: TransformContext): JsonRecord | readonly JsonRecord[] | undefined;
  /** Once, after the last record (summaries such as "N records belong to other tables"). */
  finish?(ctx: TransformContext): void;
}

export class RecordFeed implements TransformContext {
  line: number | undefined;
  private raw: string | undefined;
  private current: JsonRecord | undefined;
  private records = 0;
  private lastProgress = 0;

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly acc: Accumulator,
    private readonly opts: Pick<LoadOptions, "transform" | "onProgress">,
  ) {}

  get file(): string {
    return this.sink.file;
  }

  /** One parsed record at `line`; `raw` is its text in the file (for the reject file). */
  add(rec: JsonRecord, line: number | undefined, raw?: string): void {
    this.records++;
    const t = this.opts.transform;
    if (t === undefined) {
      this.acc.add(rec, line);
      return;
    }
    this.line = line;
    this.raw = raw;
    this.current = rec;
    const out = t.map(rec, this);
    this.current = undefined;
    this.raw = undefined;
    if (out === undefined) return;
    if (Array.isArray(out)) for (const r of out) this.acc.add(r, line);
    else this.acc.add(out as JsonRecord, line);
  }

  /** A record the parser could not read (bad JSON, not an object): never reaches the transform. */
  rejectRaw(code: string, message: string, where: { line?: number; column?: number }, text: string): void {
    this.records++;
    this.sink.reject(code, message, where, text);
  }

  reject(code: string, message: string, part?: unknown): void {
    const text = part !== undefined ? jsonText(part) : (this.raw ?? jsonText(this.current));
    this.sink.reject(code, message, { line: this.line }, text);
  }

  report(code: string, severity: Severity, message: string, field?: string, line?: number): void {
    this.sink.report(code, severity, message, { line: line ?? this.line, field });
  }

  /** Bytes of the file read so far; reported at most every 64 KiB (callers pass every chunk). */
  progress(bytesRead: number): void {
    if (this.opts.onProgress === undefined || bytesRead - this.lastProgress < 65536) return;
    this.lastProgress = bytesRead;
    this.opts.onProgress({ bytesRead, records: this.records });
  }

  /** After the last record: the transform's summaries, and a final progress report. */
  finish(bytesRead?: number): void {
    this.line = undefined;
    this.opts.transform?.finish?.(this);
    if (bytesRead !== undefined) this.opts.onProgress?.({ bytesRead, records: this.records });
  }
}

function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
