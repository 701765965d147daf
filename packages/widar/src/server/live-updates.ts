/**
 * GET /api/events: server-sent events telling open pages that the store changed, so the queue
 * updates while `widar watch` or `widar detect` writes (another process) or an analyst acts.
 * One timer per server reads a fingerprint of the store (counts and latest modification); each
 * change is one `changed` event to every client. A comment line every 15 s keeps proxies open.
 */
import type { ServerResponse } from "node:http";
import { stmt } from "../store/database.js";
import type { Workbench } from "./workbench.js";

export class LiveUpdates {
  private readonly clients = new Set<ServerResponse>();
  private last: string;
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly wb: Workbench,
    intervalMs = 1000,
  ) {
    this.last = this.fingerprint();
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** The store's state in one line: a write by anyone changes it. */
  fingerprint(): string {
    const r = stmt(
      this.wb.store.db,
      `SELECT (SELECT count(*) FROM alerts) AS a, (SELECT count(*) FROM incidents) AS i,
              (SELECT coalesce(max(last_modified_time), '') FROM incidents) AS m, (SELECT count(*) FROM incident_comments) AS c,
              (SELECT count(*) FROM investigations) AS v, (SELECT count(*) FROM rule_runs) AS r`,
    ).get() as Record<string, unknown>;
    return JSON.stringify(r);
  }

  subscribe(res: ServerResponse): void {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
    res.write(`event: hello\ndata: ${this.last}\n\n`);
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
  }

  /** Checks now (after the server's own writes, so the page that acted is told at once). */
  poll(): void {
    const now = this.fingerprint();
    this.ticks++;
    if (now !== this.last) {
      this.last = now;
      for (const c of this.clients) c.write(`event: changed\ndata: ${now}\n\n`);
    } else if (this.ticks % 15 === 0) for (const c of this.clients) c.write(": keep-alive\n\n");
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
