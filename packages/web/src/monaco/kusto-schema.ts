/**
 * The catalog the engine binds against (GET /api/schema), as monaco-kusto's schema: one database
 * of the loaded tables, the store's SecurityAlert / SecurityIncident / SentinelHealth and the rest
 * of Log Analytics by name, with the columns' Kusto types as the engine has them; `_GetWatchlist`
 * as a function so Sentinel's watchlist lookups bind in the editor as they do on the server.
 */
import type { EngineSchema, Table } from "@kusto/monaco-kusto";
import type { SchemaTable } from "../api";

/** The database the console's queries run in (monaco-kusto needs a name; the engine has one database). */
const DATABASE = "widar";

/** Kusto's scalar types by their names and aliases; anything else binds as `dynamic`, as an unknown column would. */
const KUSTO_TYPES = new Set(["bool", "boolean", "datetime", "date", "decimal", "dynamic", "guid", "uuid", "int", "long", "real", "double", "string", "timespan", "time"]);

function kustoType(t: string): string {
  return KUSTO_TYPES.has(t) ? t : "dynamic";
}

export function engineSchema(tables: readonly SchemaTable[], watchlists: readonly string[]): EngineSchema {
  const kustoTables: Table[] = tables.map((t) => ({
    name: t.name,
    entityType: "Table",
    docstring: t.source === "catalog" ? "Log Analytics table (not loaded: empty)" : `${t.source}: ${t.rows.toLocaleString("en-US")} rows`,
    columns: t.columns.map((c) => ({ name: c.name, type: kustoType(c.type) })),
  }));
  const database = {
    name: DATABASE,
    tables: kustoTables,
    functions: [
      {
        name: "_GetWatchlist",
        inputParameters: [{ name: "watchlistAlias", type: "string", cslType: "string" }],
        // Sentinel unpacks each item's bag, so the columns past its own four are open-ended (as the engine binds an alias).
        body: "{ datatable(_DTItemId: string, LastUpdatedTimeUTC: datetime, SearchKey: string, WatchlistItem: dynamic)[] | extend _Item = WatchlistItem | evaluate bag_unpack(_Item) }",
        docstring: watchlists.length === 0 ? "Sentinel watchlist (none loaded)" : `Sentinel watchlist: ${watchlists.join(", ")}`,
      },
    ],
    entityGroups: [],
    majorVersion: 1,
    minorVersion: 0,
  };
  return { clusterType: "Engine", cluster: { connectionString: "https://widar.local", databases: [database] }, database };
}
