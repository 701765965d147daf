/**
 * Builds the engine catalog a query runs against: the Log Analytics tables the query names
 * (from the generated catalog), the tables the caller loads (in any format and dialect widar
 * reads: see ./load-table.ts for the schema each gets, the cache and the reject files), and the
 * watchlists. Data problems are diagnostics with file and line; every good record still loads,
 * and each loaded table ends with its summary (WD015: loaded / rejected / coerced to null).
 */
import { offlineIpLocator } from "../enrich/ip-location.js";
import { Catalog, type Diagnostic, type Schema, diskCompileCache, loadWatchlist } from "@widar/kql";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { cacheDirOf, type EntraLoadOptions, loadEntraTable } from "./load-table.js";

export interface TableSource {
  readonly name: string;
  readonly path: string;
}

export interface CatalogRequest {
  /** Query texts whose table names decide which catalog tables are declared. */
  readonly queryTexts: readonly string[];
  readonly tables: readonly TableSource[];
  readonly schemas?: ReadonlyMap<string, Schema>;
  readonly watchlists?: readonly { readonly alias: string; readonly path: string }[];
  /** Cache, reject-file and progress settings for every table load (./load-table.ts). */
  readonly load?: Omit<EntraLoadOptions, "schema">;
}

/** Catalog tables named in the texts (all of them for a wildcard `union *` / `search`). */
export function referencedCatalogTables(texts: readonly string[]): string[] {
  const all = logAnalyticsTables();
  const joined = texts.join("\n");
  if (/\bunion\s+\*|\bsearch\b|\bfind\b/.test(joined)) return [...all.keys()];
  const words = new Set(joined.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return [...all.keys()].filter((n) => words.has(n));
}

export async function buildCatalog(req: CatalogRequest): Promise<{ catalog: Catalog; diagnostics: Diagnostic[] }> {
  // geo_info_from_ip_address answers from widar's offline network table.
  const catalog = new Catalog().setIpLocator(offlineIpLocator);
  const diagnostics: Diagnostic[] = [];
  const la = logAnalyticsTables();
  for (const name of referencedCatalogTables(req.queryTexts)) catalog.addTable(name, la.get(name)!);
  for (const src of req.tables) {
    const r = await loadEntraTable(src.name, src.path, { ...req.load, schema: req.schemas?.get(src.name) });
    diagnostics.push(...r.diagnostics);
    catalog.addTable(src.name, r.schema, r.table);
  }
  for (const [name, schema] of req.schemas ?? []) if (!catalog.hasTable(name)) catalog.addTable(name, schema);
  // Bound plans are kept beside the columnar cache of the data (Kusto.Language's bind of a rule
  // pack is seconds; reading it back, milliseconds), when the data is large enough to be cached.
  const dir = req.tables.map((t) => cacheDirOf(t.path, req.load?.cache)).find((d) => d !== undefined);
  if (dir !== undefined) catalog.setCompileCache(diskCompileCache(dir));
  for (const w of req.watchlists ?? []) {
    const r = await loadWatchlist(w.path, w.alias);
    diagnostics.push(...r.diagnostics);
    catalog.addWatchlist(w.alias, r.table);
  }
  return { catalog, diagnostics };
}
