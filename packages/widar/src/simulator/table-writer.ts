/**
 * Streams one table to disk in one of three shapes:
 *  - ndjson: one JSON object per line;
 *  - la-json: the Log Analytics query API response, `{"tables":[{"name","columns","rows"}]}`,
 *    with dynamic cells as JSON text the way that API returns them, written incrementally;
 *  - csv: the portal's export — a header of column names, dynamic cells as JSON text, RFC 4180
 *    quoting and CRLF line ends.
 *
 * Records are appended to a string buffer and handed to the file stream in ~256 KiB chunks; when
 * the stream's buffer is full, `write` returns a promise that resolves on 'drain' and the
 * generator awaits it. That backpressure is what bounds memory however many records are written.
 */
import { once } from "node:events";
import { type WriteStream, createWriteStream } from "node:fs";
import type { Row, TableSpec } from "./tables.js";

export type OutputFormat = "ndjson" | "la-json" | "csv";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["ndjson", "la-json", "csv"];

export function fileNameFor(table: string, format: OutputFormat): string {
  return `${table}.${format === "ndjson" ? "ndjson" : format === "csv" ? "csv" : "json"}`;
}

const CHUNK = 256 * 1024;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class TableWriter {
  private readonly stream: WriteStream;
  private buffer = "";
  private bytes = 0;
  private count = 0;
  private readonly names: string[];
  private readonly dynamic: boolean[];
  private failure: Error | null = null;

  constructor(
    readonly spec: TableSpec,
    readonly format: OutputFormat,
    path: string,
  ) {
    this.stream = createWriteStream(path, { encoding: "utf8" });
    // Keep a write error (disk full, permissions) for the next write or close to throw.
    this.stream.on("error", (e) => {
      this.failure = e;
    });
    this.names = spec.columns.map((c) => c.name);
    this.dynamic = spec.columns.map((c) => c.type === "dynamic");
    if (format === "la-json") {
      const columns = JSON.stringify(spec.columns.map((c) => ({ name: c.name, type: c.type })));
      this.buffer = `{"tables":[{"name":${JSON.stringify(spec.name)},"columns":${columns},"rows":[`;
    } else if (format === "csv") this.buffer = `${this.names.map(csvCell).join(",")}\r\n`;
  }

  get records(): number {
    return this.count;
  }

  /** Appends one record; returns a promise only when the caller must wait for the disk. */
  write(row: Row): Promise<void> | undefined {
    if (this.format === "ndjson") this.buffer += `${JSON.stringify(row)}\n`;
    else if (this.format === "la-json") this.buffer += (this.count === 0 ? "\n" : ",\n") + JSON.stringify(this.cells(row));
    else this.buffer += `${this.names.map((n) => csvCell(row[n])).join(",")}\r\n`;
    this.count++;
    return this.buffer.length >= CHUNK ? this.flush() : undefined;
  }

  private cells(row: Row): unknown[] {
    const out = new Array<unknown>(this.names.length);
    for (let i = 0; i < this.names.length; i++) {
      const v = row[this.names[i]!];
      out[i] = v === undefined ? null : this.dynamic[i] && v !== null ? JSON.stringify(v) : v;
    }
    return out;
  }

  private flush(): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    const chunk = this.buffer;
    this.buffer = "";
    this.bytes += Buffer.byteLength(chunk);
    return this.stream.write(chunk) ? undefined : once(this.stream, "drain").then(() => undefined);
  }

  /** Finishes the file; resolves with its record count and size in bytes. */
  async close(): Promise<{ records: number; bytes: number }> {
    if (this.format === "la-json") this.buffer += `${this.count === 0 ? "" : "\n"}]}]}\n`;
    const pending = this.flush();
    if (pending !== undefined) await pending;
    this.stream.end();
    await once(this.stream, "finish");
    return { records: this.count, bytes: this.bytes };
  }
}
