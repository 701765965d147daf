/**
 * The first few records of a file, without loading it: a product looks at them to decide how to
 * load the file (which dialect its records are in, which table they belong to) before the load
 * proper starts. Reads at most about 1 MiB of text; bad records are skipped silently (the load
 * reports them).
 */
import { isRecord } from "./ndjson.js";
import { JsonArrayScanner } from "./json.js";
import { ENVELOPE_KEYS, JsonEnvelopeScanner } from "./json-envelope.js";
import { sniffFormat, type TableFileFormat } from "./loader.js";
import type { JsonRecord } from "./record-feed.js";
import { CsvParser } from "./csv.js";
import { readChunks, readLines } from "./source.js";

const PEEK_CHARS = 1024 * 1024;

export interface Peek {
  readonly format: TableFileFormat;
  /** Up to `max` records in file order (CSV: rows keyed by header, values as text). */
  readonly records: JsonRecord[];
}

/** The file's format and its first `max` records; throws only when the file cannot be opened. */
export async function peekRecords(path: string, max = 4, format?: TableFileFormat): Promise<Peek> {
  format ??= await sniffFormat(path);
  const records: JsonRecord[] = [];
  const take = (text: string) => {
    // A blank line is nothing to parse (an exception per blank line is what made 1.6 million
    // of them take half a minute).
    if (text.trim() === "") return;
    try {
      const r: unknown = JSON.parse(text);
      if (isRecord(r) && records.length < max) records.push(r);
    } catch {
      // Bad records are the load's to report.
    }
  };
  let seen = 0;
  const enough = (chunk: string) => records.length >= max || (seen += chunk.length) > PEEK_CHARS;
  try {
    switch (format) {
      case "ndjson":
        for await (const line of readLines(path)) {
          take(line);
          // The line's newline counts: a file of blank lines is peeked as far as any other.
          if (enough(line) || (seen += 1) > PEEK_CHARS) break;
        }
        break;
      case "json-array": {
        const s = new JsonArrayScanner(take, () => {});
        for await (const chunk of readChunks(path)) {
          s.push(chunk);
          if (enough(chunk)) break;
        }
        break;
      }
      case "envelope": {
        let members: [string, string][] = [];
        const s = new JsonEnvelopeScanner(new Set(ENVELOPE_KEYS), {
          element: take,
          member: (k, t) => members.push([k, t]),
          end: (_line, streamed) => {
            if (!streamed) take(`{${members.map(([k, t]) => `${JSON.stringify(k)}:${t}`).join(",")}}`);
            members = [];
          },
          problem: () => {},
        });
        for await (const chunk of readChunks(path)) {
          s.push(chunk);
          if (enough(chunk)) break;
        }
        break;
      }
      case "csv": {
        let header: string[] | undefined;
        const p = new CsvParser((r) => {
          if (header === undefined) header = r.fields.map((f) => f.trim());
          else if (records.length < max) records.push(Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])));
        });
        for await (const chunk of readChunks(path)) {
          p.push(chunk);
          if (enough(chunk)) break;
        }
        p.end();
        break;
      }
      case "la-api":
        // Rows sit deep in a document read whole by the loader; its columns say enough.
        break;
    }
  } catch {
    // A read error is the load's to report; what was read so far is the peek.
  }
  return { format, records };
}
