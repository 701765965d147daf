/**
 * The catalog detection runs against: the Log Analytics tables the rules name (declared, empty
 * unless loaded), the dataset's tables, and the watchlists (given, or found among the data).
 */
import { Catalog, type DataDiagnostic, diskCompileCache, loadWatchlist, type StoredFunction } from "@widar/kql";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { offlineIpLocator } from "../enrich/ip-location.js";
import { calledFunctions, referencedCatalogTables } from "./load-catalog.js";
import { cacheDirOf } from "./load-table.js";
import type { Dataset } from "./load-dataset.js";

export interface WatchlistSource {
  readonly alias: string;
  readonly path: string;
}

export async function datasetCatalog(
  ds: Dataset,
  queryTexts: readonly string[],
  watchlists: readonly WatchlistSource[] = [],
  workspaceFunctions: readonly StoredFunction[] = [],
): Promise<{ catalog: Catalog; diagnostics: DataDiagnostic[] }> {
  const catalog = new Catalog().setIpLocator(offlineIpLocator);
  const la = logAnalyticsTables();
  // Workspace functions (parsers) the queries call, and the tables their bodies read.
  const functions = calledFunctions(queryTexts, workspaceFunctions);
  for (const f of functions) catalog.addFunction(f);
  for (const name of referencedCatalogTables([...queryTexts, ...functions.map((f) => f.body)])) catalog.addTable(name, la.get(name)!);
  for (const t of ds.tables.values()) catalog.addTable(t.name, t.schema, t.table);
  // Bound plans kept beside the data's columnar cache (when the data is large enough to be cached).
  const dir = [...ds.tables.values()].flatMap((t) => t.files).map((f) => cacheDirOf(f, undefined)).find((d) => d !== undefined);
  if (dir !== undefined) catalog.setCompileCache(diskCompileCache(dir));
  const diagnostics: DataDiagnostic[] = [];
  // Explicit watchlists win over files of the same alias found among the data.
  const given = new Set(watchlists.map((w) => w.alias.toLowerCase()));
  for (const w of [...watchlists, ...ds.watchlists.filter((w) => !given.has(w.alias.toLowerCase()))]) {
    const r = await loadWatchlist(w.path, w.alias);
    diagnostics.push(...r.diagnostics);
    catalog.addWatchlist(w.alias, r.table);
  }
  return { catalog, diagnostics };
}

/** The watchlist aliases a query text reads (`_GetWatchlist('NetworkAllowlist')`). */
export function watchlistAliases(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/_GetWatchlist\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) out.add(m[2]!);
  return [...out];
}
