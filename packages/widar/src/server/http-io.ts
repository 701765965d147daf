/**
 * The workbench's HTTP plumbing: JSON answers, coded errors, bounded request bodies, the
 * security headers every answer carries, and the per-start token every request must present.
 *
 * The token is printed in the URL to open (`/?token=…`); that first request sets it as an
 * HttpOnly, SameSite=Strict cookie, so the browser presents it from then on and other sites'
 * pages cannot. A Host header other than the loopback names is refused too (DNS rebinding).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { safeJsonStringify } from "@widar/kql";

/** Workbench error codes (WWnnn): the message each answer carries beside its code. */
export const WORKBENCH_CODES = {
  WW001: "bad request",
  WW002: "not found",
  WW003: "a request without the workbench token is refused: open the URL `widar serve` printed",
  WW004: "request body too large",
  WW005: "method not allowed",
  WW006: "host not allowed",
  WW007: "the change cannot be made",
  WW008: "the store cannot be read",
} as const;
export type WorkbenchCode = keyof typeof WORKBENCH_CODES;

const STATUS: Record<WorkbenchCode, number> = { WW001: 400, WW002: 404, WW003: 401, WW004: 413, WW005: 405, WW006: 403, WW007: 422, WW008: 500 };

/** A failure the API answers with its code, HTTP status and a one-line message (never a stack). */
export class WorkbenchError extends Error {
  constructor(
    readonly code: WorkbenchCode,
    message?: string,
  ) {
    super(message ?? WORKBENCH_CODES[code]);
    this.name = "WorkbenchError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * No inline script, no external origin: the page loads only its own files and talks only to this
 * server. Styles allow 'unsafe-inline' because the editor (Monaco) sets element styles and adds
 * its theme as a style element; data never reaches a style or a script. Workers: the console's
 * two (Monaco's editor worker, monaco-kusto's Kusto.Language worker) are files of this origin, so
 * no blob: or eval is allowed for them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

export function securityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("Cache-Control", "no-store");
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = safeJsonStringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, e: WorkbenchError): void {
  sendJson(res, e.status, { error: { code: e.code, message: e.message } });
}

/** The request body as JSON, refused past `maxBytes` (WW004) or when it is not a JSON object (WW001). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) throw new WorkbenchError("WW004", `request body over ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new WorkbenchError("WW004", `request body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WorkbenchError("WW001", "the request body is not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new WorkbenchError("WW001", "the request body is not a JSON object");
  return body as Record<string, unknown>;
}

export const TOKEN_COOKIE = "widar_token";

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token the request presents: the cookie, an `Authorization: Bearer` header, or `?token=`. */
export function presentedToken(req: IncomingMessage, url: URL): { token?: string; fromQuery: boolean } {
  const q = url.searchParams.get("token");
  if (q !== null) return { token: q, fromQuery: true };
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return { token: auth.slice(7).trim(), fromQuery: false };
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === TOKEN_COOKIE) return { token: v.join("="), fromQuery: false };
  }
  return { fromQuery: false };
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  return given !== undefined && sameToken(given, token);
}

/** Loopback names only: a page on another name that resolves here (DNS rebinding) is refused. */
export function hostAllowed(host: string | undefined, bound: string): boolean {
  if (host === undefined) return false;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  return ["127.0.0.1", "localhost", "[::1]", bound, bound.includes(":") ? `[${bound}]` : bound].includes(name);
}
