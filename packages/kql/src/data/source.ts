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

/**
 * The file's text as a stream of UTF-8 string chunks, gunzipped when it is gzip. `pipeline`
 * (not `pipe`) so that a read error or a corrupt gzip stream rejects the consumer's
 * `for await` instead of leaving it waiting forever. `bytesRead()` counts the file's own
 * (compressed) bytes, so progress compares with the file's size.
 */
export async function openText(path: string): Promise<{ stream: Readable; bytesRead: () => number }> {
  const gz = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const bytesRead = () => file.bytesRead;
  if (!gz) {
    file.setEncoding("utf8");
    return { stream: file, bytesRead };
  }
  const gunzip = createGunzip();
  const out = pipeline(file, gunzip, () => {
    // Errors reach the consumer through the destroyed gunzip stream's iterator.
  });
  out.setEncoding("utf8");
  return { stream: out, bytesRead };
}

/** Lines of a text file (without their `\n` / `\r\n`), the BOM removed; streamed. */
export async function* readLines(path: string, onBytes?: BytesRead): AsyncGenerator<string> {
  const { stream, bytesRead } = await openText(path);
  let rest = "";
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    onBytes?.(bytesRead());
    let text = rest + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield text.slice(start, end);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
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
