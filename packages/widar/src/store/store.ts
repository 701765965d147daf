/**
 * The store: widar's embedded database of alerts, incidents, rule runs and checkpoints (a SQLite
 * file, `./.widar/widar.db` by default). Detection writes it (detect/), triage and the workbench
 * read it and record the analyst's work in it, and KQL reads it as Sentinel's SecurityAlert,
 * SecurityIncident and SentinelHealth tables (store-tables.ts).
 *
 * @example
 * const store = Store.open(".widar/widar.db");
 * const open = listIncidents(store.db, { status: ["New", "Active"] });
 * store.close();
 */
import { randomUUID } from "node:crypto";
import { type Db, type OpenOptions, openDatabase, stmt } from "./database.js";

export class Store {
  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {}

  /** Opens (creating and migrating as needed) the store at `file`. Throws StoreError (WS001–WS003). */
  static open(file: string, opts: OpenOptions = {}): Store {
    return new Store(openDatabase(file, opts), file);
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The store's workspace id: made once, when the store is created (SecurityAlert's TenantId-like ids). */
  workspaceId(): string {
    return this.meta("workspaceId", () => randomUUID());
  }

  meta(key: string, init?: () => string): string {
    const r = stmt(this.db, "SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    if (r !== undefined) return r.value;
    const v = init?.() ?? "";
    if (!this.db.readonly) stmt(this.db, "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)").run(key, v);
    return v;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
