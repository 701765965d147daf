/**
 * Replays recorded Graph exchanges (./fixtures/*.json) as an HttpFetch: each request must be the
 * next one recorded for its URL, and anything not recorded fails the test rather than reaching
 * a network. Requests are kept so tests can check what was asked, and with which headers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpFetch } from "../../src/connectors/http.js";
import { sourceDirOf } from "../support/paths.js";

interface Exchange {
  readonly request: { readonly method: string; readonly url: string };
  readonly response: { readonly status: number; readonly headers: Record<string, string>; readonly body: unknown };
}

export interface Recorded {
  readonly fetch: HttpFetch;
  readonly requests: { url: string; headers: Readonly<Record<string, string>> }[];
  /** Exchanges not yet replayed. */
  pending(): string[];
}

const DIR = join(sourceDirOf(import.meta.url), "fixtures");

export function recording(...files: string[]): Recorded {
  const queue: Exchange[] = files.flatMap((f) => (JSON.parse(readFileSync(join(DIR, f), "utf8")) as { exchanges: Exchange[] }).exchanges);
  const requests: Recorded["requests"] = [];
  return {
    requests,
    pending: () => queue.map((e) => e.request.url),
    fetch: async (url, init) => {
      requests.push({ url, headers: init.headers });
      const i = queue.findIndex((e) => e.request.url === url);
      if (i < 0) throw new Error(`unrecorded request: GET ${url}`);
      const [e] = queue.splice(i, 1);
      const headers = new Map(Object.entries(e!.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return {
        status: e!.response.status,
        headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
        text: async () => JSON.stringify(e!.response.body),
      };
    },
  };
}
