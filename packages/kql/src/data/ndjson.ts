/**
 * NDJSON (one JSON object per line; `.jsonl`, Event Hub / diagnostic-settings exports,
 * `widar simulate` output), streamed line by line, gzip or not. A line that is not JSON (WD001)
 * or not an object (WD005) is skipped with its line number and the rest still loads: one
 * truncated line in a million-line export should not cost the other 999,999.
 */
import { Accumulator, DiagnosticSink, describeError, type LoadOptions, type LoadResult, loadResult } from "./accumulate.js";
import { findJsonError } from "./json-error.js";
import { RecordFeed } from "./record-feed.js";
import { readLineBatches } from "./source.js";

/** Why a text failed JSON.parse, and at which 0-based offset when the scanner can tell. */
export function jsonFailure(text: string, e: unknown): { message: string; offset?: number } {
  const found = findJsonError(text);
  if (found !== undefined) return found;
  // The scanner accepted what V8 refused (should not happen): V8's own first clause.
  const msg = (e as Error)?.message ?? String(e);
  const cut = msg.search(/, "|\n/);
  return { message: cut > 0 ? msg.slice(0, cut) : msg };
}

/** Whether a line holds only spaces, tabs and CRs (checked without a regex or a copy). */
function isBlankLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function describeJsonKind(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

export async function loadNdjson(path: string, opts: LoadOptions): Promise<LoadResult> {
  const sink = DiagnosticSink.of(path, opts);
  const acc = new Accumulator(sink, { table: opts.table, schema: opts.schema });
  const feed = new RecordFeed(sink, acc, opts);
  let line = 0;
  let bytes = 0;
  const onBytes = (b: number) => {
    bytes = b;
    feed.progress(b);
  };
  try {
    for await (const batch of readLineBatches(path, onBytes)) {
      for (let i = 0; i < batch.length; i++) {
        const text = batch[i]!;
        line++;
        // Blank lines cost nothing: JSON.parse would throw on each, and an exception per line
        // made 1.6 million of them take 19 s.
        if (text.length === 0 || isBlankLine(text)) continue;
        let rec: unknown;
        try {
          rec = JSON.parse(text);
        } catch (e) {
          const f = jsonFailure(text, e);
          const column = f.offset === undefined ? undefined : f.offset + 1;
          feed.rejectRaw("WD001", `not valid JSON: ${f.message}; line skipped`, { line, column }, text);
          continue;
        }
        if (!isRecord(rec)) {
          feed.rejectRaw("WD005", `expected a JSON object, found ${describeJsonKind(rec)}; line skipped`, { line }, text);
          continue;
        }
        feed.add(rec, line, text);
      }
    }
  } catch (e) {
    const at = line > 0 ? ` after line ${line}` : "";
    sink.report("WD004", "error", `cannot read ${path}${at}: ${describeError(e)}`);
  }
  feed.finish(bytes);
  return loadResult(acc, sink);
}
