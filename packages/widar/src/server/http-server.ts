/**
 * The workbench's HTTP server (node:http): one table of routes over the API modules, the token
 * check and security headers on every request, the built front end for everything else.
 *
 *   GET  /api/incidents                 the queue (severity, status, rule, owner, entity, search, from, to, sort, order, limit)
 *   GET  /api/incidents/:ref            one incident: alerts, investigations, entities, IPs, comments, timeline
 *   GET  /api/incidents/:ref/report     ?format=markdown|html[&download=1]
 *   POST /api/incidents/:ref/actions    {status, owner, classification, reason, comment, by}
 *   GET  /api/rules                     the pack with runs, health and metrics
 *   POST /api/query                     {query, now?}: KQL over the loaded data and the store
 *   GET  /api/schema                    tables and columns for the editor
 *   GET  /api/data                      loaded tables, watchlists, data diagnostics
 *   GET  /api/events                    server-sent events: `changed` when the store changes
 *
 * @example
 * const wb = await openWorkbench({ storeFile: "s.db", dataPaths: ["logs"] });
 * const server = await startServer(wb, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:PORT/?token=…
 * await server.close();
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Json } from "@widar/kql";
import { dataSummary } from "./data-api.js";
import {
  hostAllowed,
  presentedToken,
  readJsonBody,
  securityHeaders,
  sendError,
  sendJson,
  TOKEN_COOKIE,
  tokenMatches,
  WorkbenchError,
} from "./http-io.js";
import { incidentAction, incidentDetail, incidentQueue, incidentReport } from "./incidents-api.js";
import { LiveUpdates } from "./live-updates.js";
import { consoleSchema, runConsoleQuery } from "./query-api.js";
import { rulesList } from "./rules-api.js";
import { defaultWebRoot, serveStatic } from "./static-files.js";
import type { Workbench } from "./workbench.js";

export interface ServerOptions {
  /** Default 127.0.0.1: only this machine can connect. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The per-start token (default: 32 random bytes, hex); tests pass their own. */
  readonly token?: string;
  readonly webRoot?: string;
  /** Largest request body accepted (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly liveIntervalMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<Json | undefined> | Json | undefined;
interface Route {
  readonly method: "GET" | "POST";
  readonly pattern: RegExp;
  readonly handler: Handler;
}

export async function startServer(wb: Workbench, o: ServerOptions = {}): Promise<RunningServer> {
  const host = o.host ?? "127.0.0.1";
  const token = o.token ?? randomBytes(32).toString("hex");
  const webRoot = o.webRoot ?? defaultWebRoot();
  const maxBody = o.maxBodyBytes ?? 1024 * 1024;
  const live = new LiveUpdates(wb, o.liveIntervalMs);
  const ref = (p: string[]) => decodeURIComponent(p[0]!);
  const routes: Route[] = [
    { method: "GET", pattern: /^\/api\/incidents$/, handler: (_q, _s, _p, url) => incidentQueue(wb, url.searchParams) },
    { method: "GET", pattern: /^\/api\/incidents\/([^/]+)$/, handler: (_q, _s, p) => incidentDetail(wb, ref(p)) },
    {
      method: "GET",
      pattern: /^\/api\/incidents\/([^/]+)\/report$/,
      handler: (_q, res, p, url) => {
        const r = incidentReport(wb, ref(p), url.searchParams.get("format") ?? "markdown");
        const headers: Record<string, string | number> = { "Content-Type": r.contentType, "Content-Length": Buffer.byteLength(r.body) };
        // The HTML report is shown in a sandboxed frame: its own policy forbids any script or request.
        if (r.contentType.startsWith("text/html")) headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
        if (url.searchParams.get("download") === "1") headers["Content-Disposition"] = `attachment; filename="${r.fileName}"`;
        res.writeHead(200, headers);
        res.end(r.body);
        return undefined;
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/incidents\/([^/]+)\/actions$/,
      handler: async (req, _s, p) => {
        const out = incidentAction(wb, ref(p), await readJsonBody(req, maxBody));
        live.poll();
        return out;
      },
    },
    { method: "GET", pattern: /^\/api\/rules$/, handler: () => rulesList(wb) },
    { method: "POST", pattern: /^\/api\/query$/, handler: async (req) => runConsoleQuery(wb, await readJsonBody(req, maxBody)) },
    { method: "GET", pattern: /^\/api\/schema$/, handler: () => consoleSchema(wb) },
    { method: "GET", pattern: /^\/api\/data$/, handler: () => dataSummary(wb) },
    {
      method: "GET",
      pattern: /^\/api\/events$/,
      handler: (_q, res) => {
        live.subscribe(res);
        return undefined;
      },
    },
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse, port: number): Promise<void> => {
    securityHeaders(res);
    if (!hostAllowed(req.headers.host, host)) throw new WorkbenchError("WW006", `host ${req.headers.host ?? "(none)"} not allowed: open http://127.0.0.1:${port}/`);
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const presented = presentedToken(req, url);
    if (!tokenMatches(presented.token, token)) throw new WorkbenchError("WW003");
    if (presented.fromQuery) {
      // The URL's token becomes a cookie, and the address bar loses it (no token in history or referrers).
      res.setHeader("Set-Cookie", `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      url.searchParams.delete("token");
      res.writeHead(303, { Location: `${url.pathname}${url.search}` });
      res.end();
      return;
    }
    // A state-changing request from another origin is refused even with the cookie.
    const origin = req.headers.origin;
    if (req.method === "POST" && origin !== undefined && !hostAllowed(origin.replace(/^https?:\/\//, ""), host))
      throw new WorkbenchError("WW006", `origin ${origin} not allowed`);
    if (url.pathname.startsWith("/api/")) {
      const matching = routes.filter((r) => r.pattern.test(url.pathname));
      if (matching.length === 0) throw new WorkbenchError("WW002", `no endpoint ${url.pathname}`);
      const route = matching.find((r) => r.method === req.method);
      if (route === undefined) throw new WorkbenchError("WW005", `${req.method ?? ""} ${url.pathname}: expected ${matching.map((r) => r.method).join(" or ")}`);
      const params = route.pattern.exec(url.pathname)!.slice(1);
      const out = await route.handler(req, res, params, url);
      if (out !== undefined) sendJson(res, 200, out);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") throw new WorkbenchError("WW005", `${req.method ?? ""} ${url.pathname}: expected GET`);
    if (!serveStatic(webRoot, url.pathname, res)) {
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("WW002: the workbench's front end is not built: run npm run build\n");
    }
  };

  const server = createServer({ requestTimeout: 10 * 60_000 }, (req, res) => {
    const port = (server.address() as AddressInfo).port;
    handle(req, res, port).catch((e: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof WorkbenchError) sendError(res, e);
      else {
        const err = e instanceof Error ? e : new Error(String(e));
        const code = (err as { code?: unknown }).code;
        // A store error (WSnnn) keeps its code; anything else is widar's bug, told in one line.
        sendJson(res, 500, { error: { code: typeof code === "string" && /^W[A-Z]\d{3}$/.test(code) ? code : "WW099", message: `${err.name}: ${err.message}` } });
      }
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  const originUrl = `http://${shown}:${port}`;
  return {
    url: `${originUrl}/?token=${token}`,
    origin: originUrl,
    token,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        live.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
