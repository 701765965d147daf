/**
 * JSON documents whose records sit in an array member of a top-level object, streamed: Azure
 * Monitor's `{"records":[...]}` (diagnostic settings to a storage account or an Event Hub) and
 * OData pages `{"@odata.context":..., "value":[...], "@odata.nextLink":...}` (Microsoft Graph).
 * Several such objects may follow one another in one file (Event Hub batches saved one after
 * the other). The array's elements are emitted one by one with their line, as for a JSON array
 * (./json.ts), so memory follows one record, whatever the file's size. The object's other
 * members are small (`@odata.context`) and are read whole.
 *
 * An object with no array member of those names is a record itself (a single pretty-printed
 * object, `GET /directoryAudits/{id}`), loaded as one record.
 */
import { lineAndColumn } from "../diagnostics.js";
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { parseElement } from "./json.js";
import { isRecord, jsonFailure } from "./ndjson.js";
import { RecordFeed } from "./record-feed.js";
import { readChunks } from "./source.js";

/** The member names whose arrays hold the records. */
export const ENVELOPE_KEYS: readonly string[] = ["records", "value"];

export type EnvelopeProblem = "not-an-object" | "trailing-text" | "unterminated";

export interface EnvelopeHandlers {
  /** An element of a records array: its text and the line it starts on. */
  element(text: string, line: number): void;
  /** Any other member (or a records member that is not an array): its value's text. */
  member(key: string, text: string, line: number): void;
  /** The end of one top-level object; `streamed` tells whether it had a records array. */
  end(line: number, streamed: boolean): void;
  problem(p: EnvelopeProblem, line: number): void;
}

const TOP = 0; // before an object (or between objects)
const KEY = 1; // expecting a key, ',' or '}'
const KEY_TEXT = 2;
const COLON = 3;
const VALUE = 4; // before a value
const CAPTURE = 5; // inside a captured value (a member's, or an element's)
const BETWEEN = 6; // inside a records array, between elements
const AFTER = 7; // after a member's value: ',' or '}'
const IGNORE = 8;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export class JsonEnvelopeScanner {
  private state = TOP;
  private line = 1;
  private key = "";
  private keyEscape = false;
  private streamed = false;
  private objects = 0;
  private objectLine = 1;
  // The value being captured: an element (inArray) or a member's value.
  private inArray = false;
  private depth = 0;
  private inString = false;
  private escape = false;
  private parts: string[] = [];
  private valueLine = 0;

  constructor(
    private readonly keys: ReadonlySet<string>,
    private readonly on: EnvelopeHandlers,
  ) {}

  push(s: string): void {
    let start = this.state === CAPTURE ? 0 : -1;
    let keyStart = this.state === KEY_TEXT ? 0 : -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.line++;
      switch (this.state) {
        case TOP:
          if (c === 123) {
            this.state = KEY;
            this.streamed = false;
            this.objectLine = this.line;
          } else if (!isSpace(c)) {
            this.on.problem(this.objects === 0 ? "not-an-object" : "trailing-text", this.line);
            this.state = IGNORE;
          }
          break;
        case KEY:
          if (c === 34) {
            this.state = KEY_TEXT;
            this.key = "";
            this.keyEscape = false;
            keyStart = i + 1;
          } else if (c === 125) this.endObject();
          else if (c !== 44 && !isSpace(c)) {
            this.on.problem("not-an-object", this.line);
            this.state = IGNORE;
          }
          break;
        case KEY_TEXT:
          if (this.keyEscape) this.keyEscape = false;
          else if (c === 92) this.keyEscape = true;
          else if (c === 34) {
            this.key += s.slice(keyStart, i);
            keyStart = -1;
            this.state = COLON;
          }
          break;
        case COLON:
          if (c === 58) this.state = VALUE;
          else if (!isSpace(c)) {
            this.on.problem("not-an-object", this.line);
            this.state = IGNORE;
          }
          break;
        case VALUE:
          if (isSpace(c)) break;
          if (c === 91 && this.keys.has(this.key)) {
            this.state = BETWEEN;
            this.streamed = true;
            break;
          }
          this.inArray = false;
          start = this.beginCapture(i);
          i--; // scan this character as the value's first
          break;
        case BETWEEN:
          if (c === 93) this.state = AFTER;
          else if (c !== 44 && !isSpace(c)) {
            this.inArray = true;
            start = this.beginCapture(i);
            i--;
          }
          break;
        case CAPTURE:
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (c === 92) this.escape = true;
            else if (c === 34) this.inString = false;
          } else if (c === 34) this.inString = true;
          else if (c === 123 || c === 91) this.depth++;
          else if (c === 125 || c === 93) {
            if (this.depth === 0) {
              // A scalar ended by its container's closing bracket.
              this.emit(s.slice(start, i));
              i--;
            } else if (--this.depth === 0) this.emit(s.slice(start, i + 1));
          } else if (this.depth === 0 && (c === 44 || isSpace(c))) {
            this.emit(s.slice(start, i));
            if (c === 44) i--;
          }
          break;
        case AFTER:
          if (c === 44) this.state = KEY;
          else if (c === 125) this.endObject();
          else if (!isSpace(c)) {
            this.on.problem("not-an-object", this.line);
            this.state = IGNORE;
          }
          break;
      }
    }
    if (this.state === CAPTURE && start >= 0) this.parts.push(s.slice(start));
    if (this.state === KEY_TEXT && keyStart >= 0) this.key += s.slice(keyStart);
  }

  end(): void {
    if (this.state === CAPTURE && this.depth === 0 && !this.inString) this.emit("");
    if (this.state !== TOP && this.state !== IGNORE) this.on.problem("unterminated", this.state === CAPTURE ? this.valueLine : this.line);
    this.parts = [];
  }

  private beginCapture(i: number): number {
    this.state = CAPTURE;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.valueLine = this.line;
    return i;
  }

  private emit(last: string): void {
    const text = this.parts.length === 0 ? last : this.parts.join("") + last;
    this.parts = [];
    if (this.inArray) {
      this.state = BETWEEN;
      this.on.element(text, this.valueLine);
    } else {
      this.state = AFTER;
      this.on.member(this.key, text, this.valueLine);
    }
  }

  private endObject(): void {
    this.state = TOP;
    this.objects++;
    this.on.end(this.objectLine, this.streamed);
  }
}

/** Streams the records of an envelope file (or of several concatenated ones) into a table. */
export async function loadJsonEnvelope(path: string, opts: LoadOptions): Promise<LoadResult> {
  const sink = DiagnosticSink.of(path, opts);
  const acc = new Accumulator(sink, { table: opts.table, schema: opts.schema });
  const feed = new RecordFeed(sink, acc, opts);
  // Members of the current object, kept in case it turns out to be a record itself.
  let members: [string, string, number][] = [];
  const scanner = new JsonEnvelopeScanner(new Set(ENVELOPE_KEYS), {
    element: (text, line) => parseElement(feed, text, line, "record"),
    member: (key, text, line) => {
      members.push([key, text, line]);
    },
    end: (line, streamed) => {
      const kept = members;
      members = [];
      if (streamed) {
        for (const [key, text, at] of kept) {
          if (ENVELOPE_KEYS.includes(key)) {
            feed.rejectRaw("WD013", `'${key}' holds ${text.slice(0, 20)}..., not an array of records; skipped`, { line: at }, text);
          }
        }
        return;
      }
      // Only envelope members, but no records array in them: a malformed envelope, not a record.
      const envelope = kept.find(([key]) => ENVELOPE_KEYS.includes(key));
      if (envelope !== undefined && kept.every(([key]) => ENVELOPE_KEYS.includes(key) || key.startsWith("@odata."))) {
        const [key, text, at] = envelope;
        feed.rejectRaw("WD013", `'${key}' holds ${text.slice(0, 20)}..., not an array of records; skipped`, { line: at }, text);
        return;
      }
      const rec: Record<string, unknown> = {};
      for (const [key, text, at] of kept) {
        try {
          rec[key] = JSON.parse(text);
        } catch (e) {
          const f = jsonFailure(text, e);
          const pos = f.offset === undefined ? { line: at } : relative(text, f.offset, at);
          feed.rejectRaw("WD001", `member '${key}' is not valid JSON: ${f.message}; the object is skipped`, pos, text);
          return;
        }
      }
      if (isRecord(rec)) feed.add(rec, line);
    },
    problem: (p, line) => {
      if (p === "not-an-object") sink.report("WD004", "error", "not a JSON object (expected {\"records\":[...]} or {\"value\":[...]})", { line });
      else if (p === "trailing-text") sink.report("WD001", "warning", "text after the last JSON object is ignored", { line });
      else sink.report("WD007", "warning", "the file ends inside a JSON object; its unfinished record is not loaded", { line });
    },
  });
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

function relative(text: string, offset: number, firstLine: number): { line: number; column?: number } {
  const at = lineAndColumn(text, offset);
  return { line: firstLine + at.line - 1, column: at.line > 1 ? at.column : undefined };
}
