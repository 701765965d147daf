/**
 * Builds the engine catalog a query runs against: the Log Analytics tables the query names
 * (from the generated catalog), the tables the caller loads (in any format and dialect widar
 * reads: see ./load-table.ts for the schema each gets, the cache and the reject files), and the
 * watchlists. Data problems are diagnostics with file and line; every good record still loads,
 * and each loaded table ends with its summary (WD015: loaded / rejected / coerced to null).
 */
import { offlineIpLocator } from "../enrich/ip-location.js";
import { Catalog, type Diagnostic, type Schema, type StoredFunction, diskCompileCache, loadWatchlist } from "@widar/kql";
import { hasDynamicColumns, identifiersOf, withSuffixColumns } from "../catalog/dynamic-columns.js";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { type ExternalDataSources, localCopies } from "./external-data.js";
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
  /** Workspace functions and parsers (rules/workspace-functions.ts): the tables their bodies
   *  name are declared too, for those the query calls (directly or through another function). */
  readonly functions?: readonly StoredFunction[];
  /** Local copies of externaldata URLs (`--externaldata`): ./external-data.ts. */
  readonly externalData?: ExternalDataSources;
  /** Cache, reject-file and progress settings for every table load (./load-table.ts). */
  readonly load?: Omit<EntraLoadOptions, "schema">;
}

/**
 * Catalog tables named in the texts: by name, by a union's wildcard (`union Device*`,
 * `union withsource=T *`), and all of them for `search` and `find`.
 */
export function referencedCatalogTables(texts: readonly string[]): string[] {
  const all = logAnalyticsTables();
  const joined = texts.join("\n");
  if (/\bsearch\b|\bfind\b/.test(joined)) return [...all.keys()];
  const prefixes: string[] = [];
  for (const m of joined.matchAll(/\bunion\b([^|;]*)/g)) for (const w of m[1]!.matchAll(/(?:^|[\s,(])([A-Za-z_][A-Za-z0-9_]*)?\*/g)) prefixes.push(w[1] ?? "");
  if (prefixes.includes("")) return [...all.keys()];
  const words = new Set(joined.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return [...all.keys()].filter((n) => words.has(n) || prefixes.some((p) => n.startsWith(p)));
}

/** The functions the texts call, directly or through one another (by name: a superset is harmless). */
export function calledFunctions(texts: readonly string[], functions: readonly StoredFunction[]): StoredFunction[] {
  const byName = new Map(functions.map((f) => [f.name, f]));
  const called = new Map<string, StoredFunction>();
  let pending = identifiersOf(texts);
  while (pending.length > 0) {
    const next: string[] = [];
    for (const n of pending) {
      const f = byName.get(n);
      if (f === undefined || called.has(n)) continue;
      called.set(n, f);
      next.push(...identifiersOf([f.body, f.parameters]));
    }
    pending = next;
  }
  return [...called.values()];
}

export async function buildCatalog(req: CatalogRequest): Promise<{ catalog: Catalog; diagnostics: Diagnostic[] }> {
  // geo_info_from_ip_address answers from widar's offline network table.
  const catalog = new Catalog().setIpLocator(offlineIpLocator);
  const diagnostics: Diagnostic[] = [];
  const la = logAnalyticsTables();
  const functions = calledFunctions(req.queryTexts, req.functions ?? []);
  for (const f of functions) catalog.addFunction(f);
  const texts = [...req.queryTexts, ...functions.map((f) => f.body)];
  // AzureDiagnostics and *_CL tables also have the suffix-typed columns the query names.
  const named = identifiersOf(texts);
  const schemaFor = (name: string, schema: Schema) => (hasDynamicColumns(name) ? withSuffixColumns(schema, named) : schema);
  for (const name of referencedCatalogTables(texts)) catalog.addTable(name, schemaFor(name, la.get(name)!));
  for (const src of req.tables) {
    const declared = req.schemas?.get(src.name);
    const r = await loadEntraTable(src.name, src.path, { ...req.load, schema: declared, queryColumns: named });
    diagnostics.push(...r.diagnostics);
    catalog.addTable(src.name, r.schema, r.table);
  }
  for (const [name, schema] of req.schemas ?? []) if (!catalog.hasTable(name)) catalog.addTable(name, schema);
  if (req.externalData !== undefined) for (const [url, text] of localCopies(texts, req.externalData)) catalog.addExternalData(url, text);
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
