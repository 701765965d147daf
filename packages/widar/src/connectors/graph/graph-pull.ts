/**
 * `widar pull graph`: pages every Graph stream (./graph-streams.ts) since a time, following
 * `@odata.nextLink` to the last page, writing each page's objects to the stream's NDJSON file in
 * DIR and committing the next page's URL to the cursor (./pull-cursor.ts) after each page.
 * - Throttling: 429 / 503 / 504 wait for `Retry-After` (seconds or a date; else exponential
 *   backoff) and retry the same page, up to `maxRetries` times.
 * - Interruption (a crash, an error, Ctrl-C): the next run with the same DIR resumes each stream
 *   at its first uncommitted page. A finished pull's next run continues from when it started.
 * - The bearer token is only ever sent to https://graph.microsoft.com: a nextLink elsewhere
 *   stops the pull.
 * The network and the token are injected (./../http.ts): tests replay recorded responses.
 */
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type HttpFetch, type HttpResponse, realSleep, retryDelayMs, type Sleep, type TokenSource } from "../http.js";
import { GRAPH_STREAMS, type GraphStream, isGraphUrl, streamFile } from "./graph-streams.js";
import { newCursor, type PullCursor, readCursor, type StreamCursor, truncateToCommitted, writeCursor } from "./pull-cursor.js";

export interface PullOptions {
  readonly out: string;
  /** ISO 8601 (UTC): required for the first pull into `out`; a cursor remembers it after that. */
  readonly since?: string;
  /** Stream names (default: all of GRAPH_STREAMS). */
  readonly streams?: readonly string[];
  /** Forget the cursor and empty the stream files: start over from `since`. */
  readonly restart?: boolean;
  readonly fetch: HttpFetch;
  readonly tokens: TokenSource;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  /** Retries of one page when throttled or when the network fails (default 6). */
  readonly maxRetries?: number;
}

export interface PullError {
  /** WC020…WC026: see pull-command.ts. */
  readonly code: string;
  readonly message: string;
}

export interface StreamSummary {
  readonly name: string;
  readonly table: string;
  readonly file: string;
  readonly records: number;
  readonly pages: number;
  readonly done: boolean;
}

export interface PullResult {
  readonly streams: StreamSummary[];
  readonly error?: PullError;
  /** The since of this pull (given, or the cursor's). */
  readonly since?: string;
}

class Stop extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a pull; never throws for network, Graph or cursor problems (they are `error`). */
export async function pullGraph(o: PullOptions): Promise<PullResult> {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  const streams = o.streams === undefined ? GRAPH_STREAMS : GRAPH_STREAMS.filter((s) => o.streams!.includes(s.name));
  let cursor: PullCursor;
  try {
    mkdirSync(o.out, { recursive: true });
    cursor = startCursor(o, streams, new Date(now()).toISOString());
  } catch (e) {
    return { streams: [], error: asError(e, "WC021") };
  }
  const summaries = () => streams.map((s) => summary(o.out, s, cursor.streams[s.name]!));
  try {
    for (const s of streams) {
      const sc = cursor.streams[s.name]!;
      while (!sc.done) {
        const url = sc.next;
        if (url === null || !isGraphUrl(url)) {
          throw new Stop("WC025", `${s.name}: refusing to send the token to ${url ?? "(no URL)"}: not https://graph.microsoft.com`);
        }
        const text = await fetchPage(o, s, url, sc.pages + 1, log, now);
        const page = parsePage(text, s.name, sc.pages + 1);
        const lines = page.value.map((v) => `${JSON.stringify(v)}\n`).join("");
        appendFileSync(join(o.out, streamFile(s)), lines);
        sc.bytes += Buffer.byteLength(lines);
        sc.records += page.value.length;
        sc.pages++;
        const next = page.nextLink;
        sc.next = next ?? null;
        sc.done = next === undefined;
        writeCursor(o.out, cursor);
        log(`${s.name}: page ${sc.pages}, ${sc.records} record(s)${sc.done ? ", done" : ""}`);
      }
    }
  } catch (e) {
    return { streams: summaries(), error: asError(e, "WC024"), since: cursor.since };
  }
  return { streams: summaries(), since: cursor.since };
}

function asError(e: unknown, code: string): PullError {
  return e instanceof Stop ? { code: e.code, message: e.message } : { code, message: (e as Error)?.message ?? String(e) };
}

/** The cursor to run with: resumed, continued after a finished pull, or new. */
function startCursor(o: PullOptions, streams: readonly GraphStream[], startedAt: string): PullCursor {
  const read = o.restart ? { missing: true as const } : readCursor(o.out);
  if ("error" in read) throw new Stop("WC021", read.error);
  let cursor: PullCursor;
  if ("cursor" in read && streams.some((s) => read.cursor.streams[s.name]?.done === false)) {
    if (o.since !== undefined && o.since !== read.cursor.since) {
      throw new Stop("WC021", `${o.out} holds an unfinished pull since ${read.cursor.since}: run again without --since (or with that one) to resume it, or with --restart`);
    }
    cursor = read.cursor; // resume
  } else {
    const since = o.since ?? ("cursor" in read ? read.cursor.startedAt : undefined);
    if (since === undefined) throw new Stop("WC001", "--since is required for the first pull into a directory");
    cursor = newCursor(since, startedAt);
  }
  for (const s of streams) {
    const file = join(o.out, streamFile(s));
    if (o.restart) writeFileSync(file, "");
    const sc = cursor.streams[s.name];
    if (sc !== undefined && !sc.done) truncateToCommitted(file, sc.bytes);
    else if (sc === undefined || cursor.startedAt === startedAt) {
      // A new pull appends to what earlier pulls wrote: that much is committed already.
      const bytes = existsSync(file) ? statSync(file).size : 0;
      cursor.streams[s.name] = { next: s.url(cursor.since), bytes, records: 0, pages: 0, done: false } satisfies StreamCursor;
    }
  }
  writeCursor(o.out, cursor);
  return cursor;
}

async function fetchPage(o: PullOptions, s: GraphStream, url: string, pageNo: number, log: (l: string) => void, now: () => number): Promise<string> {
  const sleep = o.sleep ?? realSleep;
  const max = o.maxRetries ?? 6;
  let refreshed = false;
  for (let attempt = 0; ; attempt++) {
    let token: string;
    try {
      token = await o.tokens.getToken();
    } catch (e) {
      throw new Stop("WC020", `cannot get a Microsoft Graph token: ${firstLine((e as Error)?.message ?? String(e))}`);
    }
    let res: HttpResponse;
    try {
      res = await o.fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...s.headers } });
    } catch (e) {
      if (attempt >= Math.min(max, 2)) throw new Stop("WC024", `${s.name} page ${pageNo}: ${(e as Error)?.message ?? e}`);
      const wait = retryDelayMs(null, attempt, now());
      log(`${s.name}: page ${pageNo}: ${(e as Error)?.message ?? e}; retrying in ${wait / 1000}s`);
      await sleep(wait);
      continue;
    }
    if (res.status >= 200 && res.status < 300) return res.text();
    if (res.status === 429 || res.status === 503 || res.status === 504) {
      if (attempt >= max) throw new Stop("WC023", `${s.name} page ${pageNo}: still throttled (HTTP ${res.status}) after ${max} retries; run again to resume`);
      const wait = retryDelayMs(res.headers.get("retry-after"), attempt, now());
      log(`${s.name}: page ${pageNo}: HTTP ${res.status}, waiting ${(wait / 1000).toFixed(wait % 1000 === 0 ? 0 : 1)}s (Retry-After)`);
      await sleep(wait);
      continue;
    }
    if (res.status === 401 && !refreshed) {
      refreshed = true; // one retry: an expired token the credential has since refreshed
      continue;
    }
    throw new Stop("WC022", `${s.name} page ${pageNo}: HTTP ${res.status}${graphError(await res.text().catch(() => ""))}`);
  }
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return nl < 0 ? s : s.slice(0, nl);
}

/** `: Code: message` from Graph's `{"error":{"code","message"}}` body, if it is one. */
function graphError(body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    if (e !== undefined) return `: ${e.code ?? "error"}: ${e.message ?? ""}`.trimEnd();
  } catch {
    // Not JSON: say nothing more than the status.
  }
  return "";
}

function parsePage(text: string, name: string, pageNo: number): { value: unknown[]; nextLink?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Stop("WC026", `${name} page ${pageNo}: the response is not JSON`);
  }
  const d = doc as { value?: unknown; "@odata.nextLink"?: unknown };
  if (typeof doc !== "object" || doc === null || !Array.isArray(d.value)) throw new Stop("WC026", `${name} page ${pageNo}: the response has no "value" array`);
  const next = d["@odata.nextLink"];
  return typeof next === "string" ? { value: d.value, nextLink: next } : { value: d.value };
}

function summary(out: string, s: GraphStream, sc: StreamCursor): StreamSummary {
  return { name: s.name, table: s.table, file: join(out, streamFile(s)), records: sc.records, pages: sc.pages, done: sc.done };
}
