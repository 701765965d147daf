/**
 * The pull cursor, `DIR/pull-cursor.json`: for each stream, the page to fetch next and how many
 * bytes of its file are committed. A page is appended to the stream's file first and committed
 * in the cursor after (written to a temp file and renamed, so a crash leaves the old or the new
 * cursor, never half of one). A resumed pull cuts each file back to its committed length, so a
 * page written but not committed before a crash is fetched again, not duplicated.
 */
import { existsSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const CURSOR_FILE = "pull-cursor.json";
const VERSION = 1;

export interface StreamCursor {
  /** The URL of the next page (the first page's URL before any page is fetched). */
  next: string | null;
  /** Committed length of the stream's file in bytes. */
  bytes: number;
  records: number;
  pages: number;
  done: boolean;
}

export interface PullCursor {
  readonly version: number;
  readonly since: string;
  /** When this pull started: where the next incremental pull begins. */
  readonly startedAt: string;
  readonly streams: Record<string, StreamCursor>;
}

export type CursorRead = { cursor: PullCursor } | { error: string } | { missing: true };

export function readCursor(dir: string): CursorRead {
  const path = join(dir, CURSOR_FILE);
  if (!existsSync(path)) return { missing: true };
  try {
    const c = JSON.parse(readFileSync(path, "utf8")) as PullCursor;
    if (c.version !== VERSION || typeof c.since !== "string" || typeof c.streams !== "object" || c.streams === null) {
      return { error: `${path} is not a widar pull cursor (version ${VERSION})` };
    }
    return { cursor: c };
  } catch (e) {
    return { error: `${path} cannot be read: ${(e as Error).message}` };
  }
}

export function newCursor(since: string, startedAt: string): PullCursor {
  return { version: VERSION, since, startedAt, streams: {} };
}

export function writeCursor(dir: string, c: PullCursor): void {
  const path = join(dir, CURSOR_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Cuts a stream's file back to its committed length (an uncommitted page's lines go). */
export function truncateToCommitted(file: string, bytes: number): void {
  if (!existsSync(file)) {
    if (bytes > 0) throw new Error(`${file} is missing but the cursor has ${bytes} bytes committed`);
    return;
  }
  if (statSync(file).size > bytes) truncateSync(file, bytes);
}
