/**
 * The engine's public entry: text → analysis → lowering → plan → execution → tables.
 *
 * @example
 * const catalog = new Catalog();
 * catalog.addTable("T", [{ name: "x", type: "long" }], Table.fromRows([{ name: "x", type: "long" }], [[1], [2]]));
 * const r = runQuery("T | where x > 1", catalog);
 * // r.tables[0].rows() → [[2]]
 */
import { type Analysis, type AnalyzerCatalog, type StoredFunction, analyze, watchlistSchema } from "./analyze/kusto-language.js";
import { type CompileCache, compileKey } from "./compile-cache.js";
import { type Diagnostic, KqlError, engineError } from "./diagnostics.js";
import type { DataSource } from "./exec/context.js";
import { ExecContext, type NodeProfile } from "./exec/context.js";
import { dictionaryDecode, dictionaryEncode } from "./exec/dictionary.js";
import { run } from "./exec/execute.js";
import { sharedPlans } from "./exec/shared-plans.js";
import { Table } from "./exec/table.js";
import { inTimeOrder } from "./exec/time-order.js";
import type { WindowCache } from "./exec/window-cache.js";
import type { IpLocator } from "./functions/registry-types.js";
import type { Plan } from "./plan/ir.js";
import { lower } from "./plan/lower.js";
import type { Schema } from "./schema.js";
import { coerceValue } from "./data/coerce.js";
import { type KType, msToTicks, type Value } from "./types.js";

/** Repetitive string columns of a loaded table, dictionary-encoded (see exec/dictionary.ts). */
function encodeTable(t: Table, encode: boolean): Table {
  const cols = t.columns.map(encode ? dictionaryEncode : dictionaryDecode);
  return cols.every((c, i) => c === t.columns[i]) ? t : new Table(t.schema, cols, t.rowCount);
}

/** Tables (schema + optional data) and watchlists a query may read. */
export class Catalog implements DataSource {
  private readonly schemas = new Map<string, Schema>();
  private readonly data = new Map<string, Table>();
  private readonly watchlists = new Map<string, Table>();
  private readonly functions = new Map<string, StoredFunction>();
  private readonly external = new Map<string, string>();
  private analyzerCatalog: AnalyzerCatalog | undefined;
  private locator: IpLocator | undefined;
  private compiled: CompileCache | undefined;

  /** `dictionaryEncode: false` keeps every string column plain (tests compare both layouts). */
  constructor(private readonly options: { readonly dictionaryEncode?: boolean } = {}) {}

  addTable(name: string, schema: Schema, data?: Table): this {
    this.schemas.set(name, schema);
    if (data !== undefined) this.data.set(name, inTimeOrder(encodeTable(data, this.options.dictionaryEncode !== false)));
    else this.data.delete(name);
    this.analyzerCatalog = undefined;
    return this;
  }

  /** A watchlist: `table` holds its own columns (SearchKey included or not; see watchlistSchema). */
  addWatchlist(alias: string, table: Table): this {
    this.watchlists.set(alias, table);
    this.analyzerCatalog = undefined;
    return this;
  }

  /**
   * A stored (workspace) function, bound like Log Analytics' saved functions and Sentinel's
   * parsers: `parameters` is Kusto's parameter list (`(T:(x:long), n:long = 5)`, or `()`),
   * `body` the function's text (braces optional). A later definition of a name replaces it.
   */
  addFunction(fn: StoredFunction): this {
    this.functions.set(fn.name, fn);
    this.analyzerCatalog = undefined;
    return this;
  }

  /** The text of a local copy of an externaldata URL (the query reads it instead of fetching). */
  addExternalData(url: string, text: string): this {
    this.external.set(url, text);
    return this;
  }

  externalData(url: string): string | undefined {
    return this.external.get(url);
  }

  functionNames(): string[] {
    return [...this.functions.keys()];
  }

  /** The IP geolocation source of geo_info_from_ip_address (the engine ships none). */
  setIpLocator(locator: IpLocator | undefined): this {
    this.locator = locator;
    return this;
  }

  /** Where compile keeps and finds bound plans (compile-cache.ts); none by default. */
  setCompileCache(cache: CompileCache | undefined): this {
    this.compiled = cache;
    return this;
  }

  get compileCache(): CompileCache | undefined {
    return this.compiled;
  }

  get ipLocator(): IpLocator | undefined {
    return this.locator;
  }

  hasTable(name: string): boolean {
    return this.schemas.has(name);
  }

  schemaOf(name: string): Schema | undefined {
    return this.schemas.get(name);
  }

  tableNames(): string[] {
    return [...this.schemas.keys()];
  }

  table(name: string): Table | undefined {
    return this.data.get(name);
  }

  watchlist(alias: string): Table | undefined {
    return this.watchlists.get(alias);
  }

  forAnalyzer(): AnalyzerCatalog {
    if (this.analyzerCatalog === undefined) {
      this.analyzerCatalog = {
        tables: [...this.schemas].map(([name, schema]) => ({ name, schema })),
        watchlists: new Map([...this.watchlists].map(([a, t]) => [a, watchlistSchema(t.schema)])),
        functions: [...this.functions.values()],
      };
    }
    return this.analyzerCatalog;
  }
}

export interface QueryOptions {
  /** The query's "now" (ago(), now()): a Date or Unix ms. Default: the wall clock. */
  readonly now?: Date | number;
  /**
   * The query's time range (Unix ms or Dates, inclusive): every table shows only rows whose
   * TimeGenerated lies in it, as Log Analytics applies a query's time range. Default: no limit.
   */
  readonly timeRange?: { readonly from: Date | number; readonly to: Date | number };
  /**
   * Record each plan node's time and rows (QueryResult.profile). Columns are computed lazily,
   * so a node's time includes the copying of the inputs' columns it was first to read.
   */
  readonly profile?: boolean;
  /**
   * Work kept across consecutive windows of this compiled query (exec/window-cache.ts): create
   * one with createWindowCache() per query and pass it with each run. Results are unchanged.
   */
  readonly windowCache?: WindowCache;
}

export interface CompiledQuery {
  readonly text: string;
  readonly analysis: Analysis;
  readonly plans: readonly Plan[];
  /** Analyser errors and warnings, then lowering errors. Errors mean `plans` is empty. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface QueryResult {
  readonly tables: readonly Table[];
  readonly diagnostics: readonly Diagnostic[];
  /** With QueryOptions.profile: each plan node that ran, its time and rows. */
  readonly profile?: ReadonlyMap<Plan, NodeProfile>;
}

export interface CompileOptions {
  /**
   * Values for the query's `declare query_parameters(...)`, by name (JSON values; datetimes as
   * ISO 8601 text): bound as values, so no value is ever parsed as query text.
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** A query parameter's value as its declared type, or undefined when it does not convert. */
function parameterValue(raw: unknown, type: KType): Value | undefined {
  const c = coerceValue(raw, type);
  return c.ok ? c.value : undefined;
}

/**
 * Analyses of parameterised queries, per catalog: a query run again and again with other
 * parameter values (the triage's) is parsed and bound once; only the lowering sees the values.
 */
const parameterisedAnalyses = new WeakMap<AnalyzerCatalog, Map<string, Analysis>>();
const MAX_CACHED_ANALYSES = 64;

function analysisOf(text: string, catalog: Catalog, cached: boolean): Analysis {
  const ac = catalog.forAnalyzer();
  if (!cached) return analyze(text, ac);
  let m = parameterisedAnalyses.get(ac);
  if (m === undefined) parameterisedAnalyses.set(ac, (m = new Map()));
  let a = m.get(text);
  if (a === undefined) {
    if (m.size >= MAX_CACHED_ANALYSES) m.clear();
    m.set(text, (a = analyze(text, ac)));
  }
  return a;
}

/** Parses, binds (against the catalog) and lowers a query. Never throws on bad query text. */
export function compile(text: string, catalog: Catalog, options: CompileOptions = {}): CompiledQuery {
  const cache = catalog.compileCache;
  // A parameterised query's plan holds its values: never kept on disk.
  if (cache === undefined || options.parameters !== undefined) return compileAfresh(text, catalog, options);
  // Keyed by the text and the schemas binding saw: an edit or a schema change is a miss.
  const key = compileKey(text, catalog.forAnalyzer());
  const kept = cache.get(key);
  if (kept !== undefined) {
    const schemas = catalog.forAnalyzer();
    let analysis: Analysis | undefined;
    return {
      text,
      plans: kept.plans,
      diagnostics: kept.diagnostics,
      // The bound tree is not kept (it holds Kusto.Language objects): bound again if asked for.
      get analysis() {
        analysis ??= analyze(text, schemas);
        return analysis;
      },
    };
  }
  const compiled = compileAfresh(text, catalog);
  cache.set(key, { plans: compiled.plans, diagnostics: compiled.diagnostics });
  return compiled;
}

function compileAfresh(text: string, catalog: Catalog, options: CompileOptions = {}): CompiledQuery {
  const analysis = analysisOf(text, catalog, options.parameters !== undefined);
  const diags = [...analysis.diagnostics];
  if (diags.some((d) => d.severity === "error")) return { text, analysis, plans: [], diagnostics: diags };
  const lowered = lower(analysis, {
    tables: catalog.tableNames().map((name) => ({ name, schema: catalog.schemaOf(name)! })),
    ...(options.parameters === undefined ? {} : { parameters: new Map(Object.entries(options.parameters)), convertParameter: parameterValue }),
  });
  return { text, analysis, plans: lowered.plans, diagnostics: [...diags, ...lowered.diagnostics] };
}

/** Executes a compiled query's plans; runtime failures become diagnostics. */
export function execute(compiled: CompiledQuery, catalog: Catalog, options: QueryOptions = {}): QueryResult {
  if (compiled.diagnostics.some((d) => d.severity === "error")) return { tables: [], diagnostics: compiled.diagnostics };
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === "number" ? options.now : options.now.getTime();
  const ms = (d: Date | number) => (typeof d === "number" ? d : d.getTime());
  const range = options.timeRange;
  const ctx = new ExecContext(
    catalog,
    msToTicks(nowMs),
    range === undefined ? undefined : { from: msToTicks(ms(range.from)), to: msToTicks(ms(range.to)) },
  );
  if (options.profile === true) ctx.profile = new Map();
  ctx.windowCache = options.windowCache;
  ctx.shared = sharedPlans(compiled.plans);
  try {
    const tables = compiled.plans.map((p) => run(p, ctx));
    const diagnostics = ctx.warnings.length === 0 ? compiled.diagnostics : [...compiled.diagnostics, ...ctx.warnings];
    return { tables, diagnostics, ...(ctx.profile === undefined ? {} : { profile: ctx.profile }) };
  } catch (e) {
    if (e instanceof KqlError) return { tables: [], diagnostics: [...compiled.diagnostics, e.toDiagnostic()] };
    const err = e as Error;
    // A bug of widar's, not the user's: still a diagnostic, never a stack trace.
    return {
      tables: [],
      diagnostics: [...compiled.diagnostics, engineError("WQ004", [`${err.name}: ${err.message}`]).toDiagnostic()],
    };
  }
}

export function runQuery(text: string, catalog: Catalog, options: QueryOptions = {}): QueryResult {
  return execute(compile(text, catalog), catalog, options);
}

export { Table };
