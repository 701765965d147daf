/**
 * Opening data files as text: plain or gzip (recognised by its magic bytes, not by the file
 * name, so `events.json.gz` renamed `events.json` still loads), always streamed so that memory
 * follows what the caller keeps, never the size of the file.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

/** True when the file starts with the gzip magic bytes 1f 8b. Throws when it cannot be opened. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Told the bytes of the file read so far after each chunk (progress bars). */
export type BytesRead = (bytesRead: number) => void;

const CHUNK = 1024 * 1024;

/** The longest line read (256 MiB): past it the file is unreadable (WD004), not held in memory whole. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** The file's bytes, gunzipped when it is gzip; `bytesRead()` counts the file's own bytes. */
async function openBytes(path: string): Promise<{ stream: Readable; bytesRead: () => number }> {
  const gz = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const bytesRead = () => file.bytesRead;
  if (!gz) return { stream: file, bytesRead };
  const out = pipeline(file, createGunzip({ chunkSize: 256 * 1024 }), () => {
    // Errors reach the consumer through the destroyed gunzip stream's iterator.
  });
  return { stream: out, bytesRead };
}

/**
 * The file's text as a stream of UTF-8 string chunks, gunzipped when it is gzip. `pipeline`
 * (not `pipe`) so that a read error or a corrupt gzip stream rejects the consumer's
 * `for await` instead of leaving it waiting forever.
 */
export async function openText(path: string): Promise<{ stream: Readable; bytesRead: () => number }> {
  const o = await openBytes(path);
  o.stream.setEncoding("utf8");
  return o;
}

/**
 * The lines of a text file (without `\n` / `\r\n`; the BOM removed), streamed in batches: all
 * the complete lines of each chunk read. Lines are cut in the bytes (a UTF-8 multi-byte
 * sequence never contains byte 10) and each is decoded alone, which is several times faster
 * than decoding chunks into one string and slicing it.
 */
export async function* readLineBatches(path: string, onBytes?: BytesRead, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<string[]> {
  const { stream, bytesRead } = await openBytes(path);
  // The unfinished line at the end of the chunks read so far (usually within one chunk).
  let carry: Buffer[] = [];
  let carried = 0;
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(bytesRead());
    let buf: Buffer = chunk;
    if (first) {
      // The BOM check needs three bytes: a tiny first chunk waits for the next.
      if (carry.length > 0) buf = Buffer.concat([...carry, chunk]);
      if (buf.length < 3) {
        carry = [buf];
        continue;
      }
      carry = [];
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      first = false;
    }
    const lines: string[] = [];
    let start = 0;
    let nl = buf.indexOf(10);
    if (carry.length > 0) {
      if (nl < 0) {
        carry.push(buf);
        carried += buf.length;
        if (carried > maxLineBytes) throw new Error(`a line is longer than ${maxLineBytes / 1024 / 1024} MiB`);
        continue;
      }
      // Only the line that spans chunks is copied, never the whole chunk.
      lines.push(lineText(Buffer.concat([...carry, buf.subarray(0, nl)])));
      carry = [];
      carried = 0;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    for (; nl >= 0; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      lines.push(end === start ? "" : buf.toString("utf8", start, end));
      start = nl + 1;
      // Blank lines cost nothing: a run of them is read here without a native call each.
      while (start < buf.length && (buf[start] === 10 || (buf[start] === 13 && buf[start + 1] === 10))) {
        lines.push("");
        start += buf[start] === 10 ? 1 : 2;
      }
    }
    if (start < buf.length) {
      carry = [buf.subarray(start)];
      carried = buf.length - start;
    }
    if (lines.length > 0) yield lines;
  }
  if (carry.length > 0) {
    let rest = Buffer.concat(carry);
    if (!first) {
      yield [lineText(rest)];
      return;
    }
    // A file shorter than three bytes: never split above.
    if (rest.length >= 3 && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) rest = rest.subarray(3);
    const lines: string[] = [];
    let start = 0;
    for (let nl = rest.indexOf(10); nl >= 0; nl = rest.indexOf(10, start)) {
      lines.push(lineText(rest.subarray(start, nl)));
      start = nl + 1;
    }
    if (start < rest.length) lines.push(lineText(rest.subarray(start)));
    if (lines.length > 0) yield lines;
  }
}

/** A line's text without its `\r` (CRLF files). */
function lineText(b: Buffer): string {
  return b.toString("utf8", 0, b.length > 0 && b[b.length - 1] === 13 ? b.length - 1 : b.length);
}

/** Lines of a text file one by one (see readLineBatches). */
export async function* readLines(path: string, onBytes?: BytesRead): AsyncGenerator<string> {
  for await (const batch of readLineBatches(path, onBytes)) yield* batch;
}

/** String chunks of the file's text, the BOM removed (for parsers that keep their own state). */
export async function* readChunks(path: string, onBytes?: BytesRead): AsyncGenerator<string> {
  const { stream, bytesRead } = await openText(path);
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    onBytes?.(bytesRead());
    if (first && chunk.length > 0) {
      first = false;
      yield chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    } else if (chunk.length > 0) yield chunk;
  }
}

/** The whole text (for formats that need it in one piece: the Log Analytics API response). */
export async function readAllText(path: string): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of readChunks(path)) parts.push(chunk);
  return parts.join("");
}

/** The first `max` characters or more of the text (format sniffing); stops reading early. */
export async function readHead(path: string, max = 4096): Promise<string> {
  let head = "";
  const { stream } = await openText(path);
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      head += chunk;
      if (head.length >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
}
