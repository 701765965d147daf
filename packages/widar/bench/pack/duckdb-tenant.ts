/**
 * A simulated tenant in DuckDB, as Log Analytics holds it: each table with its full Log
 * Analytics schema (columns the simulator does not write are NULL, as in a real workspace),
 * loaded from the same NDJSON files widar loads, plus the watchlists as `watchlist_<Alias>`.
 *
 * A rule's SQL reads plain table names (`AuditLogs`); before each rule the harness points them
 * at temporary views restricted to the rule's time range, which is what Log Analytics does with
 * a scheduled rule's queryPeriod (and widar with `execute(..., { timeRange })`), and defines
 * `kql_now()`, the run's "now" (`ago(1h)` is `kql_now() - INTERVAL 1 HOUR`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { KType, Schema } from "@widar/kql";
import { logAnalyticsTables } from "../../src/catalog/log-analytics.js";
import { TABLES, TABLE_NAMES, type TableName } from "../../src/simulator/tables.js";

const DUCK_TYPES: Readonly<Record<KType, string>> = {
  bool: "BOOLEAN",
  int: "INTEGER",
  long: "BIGINT",
  real: "DOUBLE",
  decimal: "DOUBLE",
  datetime: "TIMESTAMP",
  timespan: "INTERVAL",
  string: "VARCHAR",
  guid: "VARCHAR",
  dynamic: "JSON",
};

/** The watchlists a simulated tenant comes with (CSV files beside its tables). */
export const WATCHLISTS = ["NetworkAllowlist", "AutomationIdentities", "WorkloadIdentityInventory", "AppCredentialInventory"] as const;

/**
 * Workspace tables the pack reads that the simulator does not write: in a workspace they exist (and
 * may be empty), so a translation may name them; in widar a table nobody loads is empty too.
 */
export const UNSIMULATED_TABLES = ["AADNonInteractiveUserSignInLogs"] as const;

/** Every table a translation may read: the simulator's and the unsimulated ones. */
export const WORKSPACE_TABLES: readonly string[] = [...TABLE_NAMES, ...UNSIMULATED_TABLES];

/** The schema a table has in the workspace: Log Analytics' own, or the simulator's for the seed-only tables. */
export function workspaceSchema(name: string): Schema {
  const sim = (TABLES as Partial<Record<string, (typeof TABLES)[TableName]>>)[name];
  const la = sim === undefined || sim.logAnalytics ? logAnalyticsTables().get(name) : undefined;
  const schema = la ?? sim?.columns.map((c) => ({ name: c.name, type: c.type }));
  if (schema === undefined) throw new Error(`no schema for table ${name}`);
  return schema;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Loads every table file and watchlist of a simulated tenant in `dir`; returns the tables loaded. */
export async function loadTenant(conn: DuckDBConnection, dir: string): Promise<TableName[]> {
  const loaded: TableName[] = [];
  for (const name of WORKSPACE_TABLES) {
    const schema = workspaceSchema(name);
    const columns = `{${schema.map((c) => `${literal(c.name)}: ${literal(DUCK_TYPES[c.type])}`).join(", ")}}`;
    const path = join(dir, `${name}.ndjson`);
    const source = existsSync(path)
      ? `read_json(${literal(path)}, format = 'newline_delimited', columns = ${columns}, maximum_object_size = 67108864)`
      : undefined;
    if (source === undefined) {
      await conn.run(`CREATE OR REPLACE TABLE ${quote(`${name}_all`)} (${schema.map((c) => `${quote(c.name)} ${DUCK_TYPES[c.type]}`).join(", ")})`);
    } else {
      await conn.run(`CREATE OR REPLACE TABLE ${quote(`${name}_all`)} AS SELECT * FROM ${source}`);
      loaded.push(name as TableName);
    }
  }
  for (const alias of WATCHLISTS) {
    const path = join(dir, `${alias}.csv`);
    if (!existsSync(path)) continue;
    await conn.run(`CREATE OR REPLACE TABLE ${quote(`watchlist_${alias}`)} AS SELECT * FROM read_csv(${literal(path)}, header = true, all_varchar = true)`);
  }
  return loaded;
}

const stamp = (ms: number) => `TIMESTAMP ${literal(new Date(ms).toISOString().replace("T", " ").replace("Z", ""))}`;

/** Points every table name at its rows in [from, to] (inclusive, Unix ms) and sets kql_now() to `now`. */
export async function setTimeRange(conn: DuckDBConnection, now: number, from: number, to: number): Promise<void> {
  for (const name of WORKSPACE_TABLES) {
    const lower = Number.isFinite(from) ? `TimeGenerated >= ${stamp(from)} AND ` : "";
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${quote(name)} AS SELECT * FROM ${quote(`${name}_all`)} WHERE ${lower}TimeGenerated <= ${stamp(to)}`);
  }
  await conn.run(`CREATE OR REPLACE TEMP MACRO kql_now() AS ${stamp(now)}`);
}
