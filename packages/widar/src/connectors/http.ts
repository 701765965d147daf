/**
 * What a connector needs from the network and from Entra ID, as two small interfaces, so that
 * tests (and offline runs) inject recorded responses and a fixed token instead.
 */

/** The part of a fetch Response a connector reads. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** `globalThis.fetch`, or anything that answers like it. */
export type HttpFetch = (url: string, init: { readonly headers: Readonly<Record<string, string>> }) => Promise<HttpResponse>;

/** An app-only access token for one resource (Microsoft Graph). */
export interface TokenSource {
  getToken(): Promise<string>;
}

/** Waits `ms` milliseconds (tests pass one that only records the wait). */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a 429 / 503 asks us to wait: `Retry-After` in seconds or as an HTTP date; without
 * it, exponential backoff from 2 s (attempt 0) to at most 64 s.
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, now: number): number {
  if (retryAfter !== null) {
    const t = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
    const at = Date.parse(t);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return Math.min(64_000, 2000 * 2 ** attempt);
}
