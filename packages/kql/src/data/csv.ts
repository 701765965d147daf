/**
 * CSV (RFC 4180): an incremental parser that takes text in chunks and emits records with the
 * line each starts on, so a file streams through with memory for one record; `parseCsv` for a
 * whole text; `loadCsv` for a table file whose first record names the columns.
 *
 * Beyond the RFC, as real exports need: LF, CRLF and lone CR all end records; empty lines are
 * skipped; a quote inside an unquoted field, or text after a closing quote, is kept literally
 * (Excel does the same) rather than failing the file.
 */
import type { KType } from "../types.js";
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { RecordFeed } from "./record-feed.js";
import { readChunks } from "./source.js";

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line the record starts on (records may span lines inside quotes). */
  readonly line: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTED_QUOTE = 3; // saw `"` inside a quoted field: `""` or the closing quote
const AFTER_QUOTED = 4;

export class CsvParser {
  private state = FIELD_START;
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private inRecord = false;
  private skipLF = false;
  private readonly delim: number;

  constructor(
    private readonly onRecord: (r: CsvRecord) => void,
    delimiter = ",",
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(s: string): void {
    const n = s.length;
    let run = -1; // start of literal characters not yet copied into `field`
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.skipLF) {
        this.skipLF = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      if (!this.inRecord) {
        if (c === LF || c === CR) {
          // An empty line: no record.
          this.line++;
          this.skipLF = c === CR;
          i++;
          continue;
        }
        this.inRecord = true;
        this.recordLine = this.line;
      }
      const state = this.state;
      if (state === QUOTED) {
        if (c === QUOTE) {
          if (run >= 0) this.field += s.slice(run, i);
          run = -1;
          this.state = QUOTED_QUOTE;
        } else {
          if (c === LF) this.line++;
          if (run < 0) run = i;
        }
      } else if (state === QUOTED_QUOTE) {
        if (c === QUOTE) {
          this.field += '"';
          this.state = QUOTED;
        } else {
          this.state = AFTER_QUOTED;
          continue; // the character after a closing quote: handle it in the new state
        }
      } else if (c === this.delim || c === LF || c === CR) {
        if (run >= 0) this.field += s.slice(run, i);
        run = -1;
        this.fields.push(this.field);
        this.field = "";
        this.state = FIELD_START;
        if (c !== this.delim) {
          this.line++;
          this.skipLF = c === CR;
          this.emit();
        }
      } else if (c === QUOTE && state === FIELD_START) {
        this.state = QUOTED;
      } else {
        if (run < 0) run = i;
        if (state === FIELD_START) this.state = UNQUOTED;
      }
      i++;
    }
    if (run >= 0) this.field += s.slice(run);
  }

  /** Ends the input; returns whether it ended inside a quoted field (the record is kept). */
  end(): { unterminatedAtLine?: number } {
    const unterminated = this.state === QUOTED;
    if (this.inRecord) {
      this.fields.push(this.field);
      this.field = "";
      this.emit();
    }
    this.state = FIELD_START;
    return unterminated ? { unterminatedAtLine: this.recordLine } : {};
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    this.inRecord = false;
    this.onRecord({ fields, line: this.recordLine });
  }
}

/** Every record of a CSV text (fields as strings); `delimiter` defaults to a comma. */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const out: string[][] = [];
  const p = new CsvParser((r) => out.push(r.fields), delimiter);
  p.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  p.end();
  return out;
}

/**
 * Header names as columns: `Name [UTC]` (the Log Analytics portal's export names datetime
 * columns so) becomes `Name` with a datetime hint; an empty name becomes `ColumnN` (Kusto's
 * default); a repeated name is dropped with WD010 (which of two same-named columns a query
 * means cannot be known).
 */
export function headerColumns(
  header: readonly string[],
  sink: DiagnosticSink,
  line: number,
): { names: (string | undefined)[]; hints: Map<string, KType> } {
  const seen = new Set<string>();
  const hints = new Map<string, KType>();
  const names = header.map((h, i) => {
    let name = h.trim();
    const utc = / \[UTC\]$/.exec(name);
    if (utc !== null) {
      name = name.slice(0, utc.index);
      hints.set(name, "datetime");
    }
    if (name === "") name = `Column${i + 1}`;
    if (seen.has(name)) {
      sink.report("WD010", "warning", `column '${name}' appears twice in the header; the second (field ${i + 1}) is ignored`, { line, field: name });
      return undefined;
    }
    seen.add(name);
    return name;
  });
  return { names, hints };
}

/**
 * Streams a CSV file into a table: the first record names the columns; types come from the
 * schema (matched by name) or are inferred from the text. `.gz` is read through gunzip.
 */
export async function loadCsv(path: string, opts: LoadOptions): Promise<LoadResult> {
  const sink = DiagnosticSink.of(path, opts);
  const records: CsvRecord[] = [];
  const parser = new CsvParser((r) => records.push(r));
  let acc: Accumulator | undefined;
  let feed: RecordFeed | undefined;
  let names: (string | undefined)[] = [];
  const take = (r: CsvRecord) => {
    if (acc === undefined) {
      const h = headerColumns(r.fields, sink, r.line);
      names = h.names;
      acc = new Accumulator(sink, { table: opts.table, schema: opts.schema, textual: true, hints: h.hints });
      acc.declareFields(names.filter((n): n is string => n !== undefined));
      feed = new RecordFeed(sink, acc, opts);
      return;
    }
    if (r.fields.length !== names.length) {
      const what = r.fields.length < names.length ? "missing fields are null" : "extra fields are ignored";
      sink.report("WD006", "warning", `record has ${r.fields.length} fields, the header ${names.length}; ${what}`, { line: r.line });
    }
    const rec: Record<string, string> = {};
    for (let j = 0; j < names.length && j < r.fields.length; j++) {
      const name = names[j];
      if (name !== undefined) rec[name] = r.fields[j]!;
    }
    feed!.add(rec, r.line);
  };
  let bytes = 0;
  try {
    for await (const chunk of readChunks(path, (b) => feed?.progress((bytes = b)))) {
      parser.push(chunk);
      for (const r of records) take(r);
      records.length = 0;
    }
  } catch (e) {
    sink.report("WD004", "error", `cannot read ${path}: ${describeError(e)}`);
  }
  const end = parser.end();
  for (const r of records) take(r);
  if (end.unterminatedAtLine !== undefined) {
    sink.report("WD007", "warning", "the file ends inside a quoted field; the last record is loaded as read", { line: end.unterminatedAtLine });
  }
  acc ??= new Accumulator(sink, { table: opts.table, schema: opts.schema, textual: true });
  feed?.finish(bytes);
  return loadResult(acc, sink);
}
