/**
 * Opening the store: a SQLite file (better-sqlite3), in WAL mode so that `widar serve` and
 * `widar incidents` read while `widar watch` writes, migrated to the current schema.
 *
 * A file that is not a widar store (not SQLite, or a store written by a newer widar) is refused
 * with a coded error (WS001, WS002) and left untouched.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Db = Database.Database;

/** A store that cannot be opened: a coded, one-line error naming the file. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export interface OpenOptions {
  /** Open an existing store for reading only (no migration, no file created). */
  readonly readonly?: boolean;
  /** The migrations to apply (tests pass a prefix to check upgrades). */
  readonly migrations?: readonly Migration[];
}

export const DEFAULT_STORE = ".widar/widar.db";

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly && file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly === true, fileMustExist: opts.readonly === true });
  } catch (e) {
    throw new StoreError("WS001", `cannot open the store: ${(e as Error).message}`, file);
  }
  try {
    // A file of another kind fails at its first read, here.
    db.pragma("busy_timeout = 5000");
    if (!opts.readonly) {
      db.pragma("journal_mode = WAL");
      // WAL with NORMAL is durable at each checkpoint of the WAL and never corrupts on a crash:
      // a killed process loses at most the transactions after the last sync, never half of one.
      db.pragma("synchronous = NORMAL");
    }
    db.pragma("foreign_keys = ON");
    migrate(db, file, opts.migrations ?? MIGRATIONS, opts.readonly === true);
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError("WS001", `not a widar store: ${(e as Error).message}`, file);
  }
  return db;
}

/** The schema version the store is at (PRAGMA user_version). */
export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

function migrate(db: Db, file: string, migrations: readonly Migration[], readonly: boolean): void {
  const current = schemaVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  if (current > latest)
    throw new StoreError("WS002", `the store is at schema version ${current}, newer than this widar knows (${latest}): upgrade widar`, file);
  if (current === latest) return;
  if (readonly) throw new StoreError("WS003", `the store is at schema version ${current}; open it once for writing to migrate it to ${latest}`, file);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for `sql` on `db`, prepared once (better-sqlite3 compiles SQL on every prepare). */
export function stmt(db: Db, sql: string): Database.Statement {
  let m = statements.get(db);
  if (m === undefined) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (s === undefined) m.set(sql, (s = db.prepare(sql)));
  return s;
}
