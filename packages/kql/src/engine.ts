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
import { explainAnalyzerFailure } from "./analyze/analyzer-failure.js";
import { checkQueryText } from "./analyze/text-guards.js";
import { type CompileCache, compileKey } from "./compile-cache.js";
import { type Diagnostic, KqlError, type Span, engineError, internalError } from "./diagnostics.js";
import type { DataSource } from "./exec/context.js";
import { ExecContext, type NodeProfile } from "./exec/context.js";
import { dictionaryDecode, dictionaryEncode } from "./exec/dictionary.js";
import { run } from "./exec/execute.js";
import { sharedPlans } from "./exec/shared-plans.js";
import { Table } from "./exec/table.js";
import { inTimeOrder } from "./exec/time-order.js";
import type { WindowCache } from "./exec/window-cache.js";
import type { IpLocator } from "./functions/registry-types.js";
import type { Plan, SetOption } from "./plan/ir.js";
import { LIMIT_OPTIONS, type QueryLimits, type ResolvedLimits, resolveLimits } from "./limits.js";
import { lower } from "./plan/lower.js";
import type { Schema } from "./schema.js";
import { coerceValue } from "./data/coerce.js";
import { isFixedWidth, type KType, msToTicks, type Value } from "./types.js";
import { formatBytes } from "./limits.js";

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
  /**
   * Limits of this execution (src/limits.ts: time, result rows and size, memory per operator and
   * per query, nesting), over Kusto's defaults. A query's own `set servertimeout = 10m;`,
   * `set truncationmaxrecords = N;`, `set notruncation;`, `set maxmemoryconsumptionperiterator = N;`
   * override these, as Kusto's `set` statements override client request properties.
   *
   * @example
   * // The runtime: each rule run stops after 30 s, whatever its text says.
   * execute(compiled, catalog, { now, limits: { timeoutMs: 30_000 } });
   */
  readonly limits?: QueryLimits;
}

export interface CompileOptions {
  /** Longest query text accepted (WQ056); default 1 Mi characters (analyze/text-guards.ts). */
  readonly maxQueryChars?: number;
  /** Depth of nested plans and expressions (WQ054); default 1,000. */
  readonly maxNesting?: number;
  /**
   * Values for the query's `declare query_parameters(...)`, by name (JSON values; datetimes as
   * ISO 8601 text): bound as values, so no value is ever parsed as query text.
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

export interface CompiledQuery {
  readonly text: string;
  readonly analysis: Analysis;
  readonly plans: readonly Plan[];
  /** Analyser errors and warnings, then lowering errors. Errors mean `plans` is empty. */
  readonly diagnostics: readonly Diagnostic[];
  /** The query's `set` statements: a constant expression, or true for a bare `set name;`. */
  readonly setOptions?: ReadonlyMap<string, SetOption>;
}

export interface QueryResult {
  readonly tables: readonly Table[];
  readonly diagnostics: readonly Diagnostic[];
  /** With QueryOptions.profile: each plan node that ran, its time and rows. */
  readonly profile?: ReadonlyMap<Plan, NodeProfile>;
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

const EMPTY_ROOT = { kind: "QueryBlock", start: 0, end: 0, isToken: false, text: "", children: [], childNames: [], type: { kind: "none" }, expansion: () => undefined } as const;

/** Parses, binds (against the catalog) and lowers a query. Never throws: every failure is a diagnostic. */
export function compile(text: string, catalog: Catalog, options: CompileOptions = {}): CompiledQuery {
  const refused = checkQueryText(text, options.maxQueryChars);
  if (refused !== undefined) return { text, analysis: { text, root: EMPTY_ROOT, diagnostics: [] }, plans: [], diagnostics: [refused.toDiagnostic()] };
  const cache = catalog.compileCache;
  // A parameterised query's plan holds its values, and other limits give other diagnostics:
  // neither is kept on disk.
  if (cache === undefined || options.parameters !== undefined || options.maxNesting !== undefined) return compileAfresh(text, catalog, options);
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
      ...(kept.setOptions === undefined ? {} : { setOptions: new Map(kept.setOptions) }),
      // The bound tree is not kept (it holds Kusto.Language objects): bound again if asked for.
      get analysis() {
        analysis ??= analyze(text, schemas);
        return analysis;
      },
    };
  }
  const compiled = compileAfresh(text, catalog);
  // A failure of the analyser or of widar's lowering is not kept: a fixed build must see the query again.
  if (!compiled.diagnostics.some((d) => d.code === "WQ004" || d.code === "WQ009"))
    cache.set(key, { plans: compiled.plans, diagnostics: compiled.diagnostics, ...(compiled.setOptions === undefined ? {} : { setOptions: [...compiled.setOptions] }) });
  return compiled;
}

function compileAfresh(text: string, catalog: Catalog, options: CompileOptions = {}): CompiledQuery {
  let analysis: Analysis;
  try {
    analysis = analysisOf(text, catalog, options.parameters !== undefined);
  } catch (e) {
    // Kusto.Language itself failed (a defect of its binder): the query cannot be analysed, so it
    // cannot run; the diagnostic points at the construct it fails on where that can be found.
    const ds = e instanceof RangeError ? [internalError(e, { start: 0, length: text.length }).toDiagnostic()] : explainAnalyzerFailure(text, catalog.forAnalyzer(), e);
    return { text, analysis: { text, root: EMPTY_ROOT, diagnostics: [] }, plans: [], diagnostics: ds };
  }
  const diags = [...analysis.diagnostics];
  if (diags.some((d) => d.severity === "error")) return { text, analysis, plans: [], diagnostics: diags };
  let lowered: ReturnType<typeof lower>;
  try {
    lowered = lower(analysis, {
      tables: catalog.tableNames().map((name) => ({ name, schema: catalog.schemaOf(name)! })),
      maxNesting: options.maxNesting,
      ...(options.parameters === undefined ? {} : { parameters: new Map(Object.entries(options.parameters)), convertParameter: parameterValue }),
    });
  } catch (e) {
    lowered = { plans: [], diagnostics: [internalError(e, { start: 0, length: text.length }).toDiagnostic()] };
  }
  return { text, analysis, plans: lowered.plans, diagnostics: [...diags, ...lowered.diagnostics], setOptions: lowered.setOptions };
}

/** The limits a query's `set` statements give (`set servertimeout = 2m;`), or diagnostics for bad ones. */
function limitsFromSet(options: ReadonlyMap<string, SetOption> | undefined): { limits: QueryLimits; diagnostics: Diagnostic[] } {
  const limits: Record<string, number | boolean> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [name, { value, span }] of options ?? []) {
    const field = LIMIT_OPTIONS[name];
    if (field === undefined) continue;
    if (field === "noTruncation") {
      limits[field] = value === true || (value.kind === "literal" && value.value === true);
      continue;
    }
    const v = value === true ? undefined : value.kind === "literal" ? value.value : undefined;
    if (typeof v !== "number" || !(v > 0)) {
      diagnostics.push(engineError("WQ057", [name], span).toDiagnostic());
      continue;
    }
    // servertimeout is a timespan (100 ns ticks); the others are counts and bytes.
    limits[field] = field === "timeoutMs" && value !== true && value.type === "timespan" ? v / 10_000 : v;
  }
  return { limits, diagnostics };
}

/** Executes a compiled query's plans; every failure becomes a diagnostic (never a throw). */
export function execute(compiled: CompiledQuery, catalog: Catalog, options: QueryOptions = {}): QueryResult {
  if (compiled.diagnostics.some((d) => d.severity === "error")) return { tables: [], diagnostics: compiled.diagnostics };
  const fromSet = limitsFromSet(compiled.setOptions);
  if (fromSet.diagnostics.length > 0) return { tables: [], diagnostics: [...compiled.diagnostics, ...fromSet.diagnostics] };
  const limits = resolveLimits(options.limits, fromSet.limits);
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
  ctx.limits = limits;
  ctx.deadline = performance.now() + limits.timeoutMs;
  try {
    ctx.shared = sharedPlans(compiled.plans);
    const whole = { start: 0, length: compiled.text.length };
    const tables = compiled.plans.map((p) => {
      // A statement's plan without a span of its own still places what fails in it.
      ctx.span = p.span ?? whole;
      return run(p, ctx);
    });
    const tooLarge = tables.map((t, i) => resultLimitError(t, limits, compiled.plans[i]?.span ?? { start: 0, length: compiled.text.length })).find((e) => e !== undefined);
    if (tooLarge !== undefined) return { tables: [], diagnostics: [...compiled.diagnostics, ...ctx.warnings, tooLarge.toDiagnostic()] };
    const diagnostics = ctx.warnings.length === 0 ? compiled.diagnostics : [...compiled.diagnostics, ...ctx.warnings];
    return { tables, diagnostics, ...(ctx.profile === undefined ? {} : { profile: ctx.profile }) };
  } catch (e) {
    // A KqlError is the query's (a limit, a runtime error); anything else is widar's bug, reported
    // at the span of the operator it happened in (runNode attaches it), never a stack trace.
    const err = e instanceof KqlError ? e : internalError(e, ctx.span);
    return { tables: [], diagnostics: [...compiled.diagnostics, ...ctx.warnings, err.toDiagnostic()] };
  }
}

/**
 * WQ051/WQ052 when a result table is over Kusto's result truncation limits; its size is
 * estimated as it would be serialised (8 bytes a number, the text of strings and dynamic values).
 */
function resultLimitError(t: Table, limits: ResolvedLimits, span: Span): KqlError | undefined {
  if (limits.noTruncation) return undefined;
  if (t.rowCount > limits.maxResultRows)
    return new KqlError(
      "WQ051",
      `the result has ${t.rowCount.toLocaleString("en-US")} rows, over the limit of ${limits.maxResultRows.toLocaleString("en-US")} (truncationmaxrecords); ` +
        "narrow or summarize the query, or add 'set truncationmaxrecords = N;' or 'set notruncation;' before it (widar query --max-result-rows N)",
      span,
    );
  const size = estimatedSize(t, limits.maxResultBytes);
  if (size > limits.maxResultBytes)
    return new KqlError(
      "WQ052",
      `the result is over ${formatBytes(limits.maxResultBytes)} (truncationmaxsize); project fewer or shorter columns, ` +
        "or add 'set truncationmaxsize = N;' or 'set notruncation;' before the query (widar query --max-result-bytes N)",
      span,
    );
  return undefined;
}

/** A table's size as serialised, counted until it passes `stopAt`. */
function estimatedSize(t: Table, stopAt: number): number {
  let size = 0;
  const textual: number[] = [];
  t.schema.forEach((c, j) => {
    if (isFixedWidth(c.type)) size += 8 * t.rowCount;
    else textual.push(j);
  });
  if (size > stopAt || textual.length === 0) return size;
  for (const j of textual) {
    const col = t.columns[j]!;
    for (let i = 0; i < t.rowCount; i++) {
      const v = col.get(i);
      size += v === null ? 4 : typeof v === "string" ? v.length + 2 : JSON.stringify(v).length;
      if (size > stopAt) return size;
    }
  }
  return size;
}

export function runQuery(text: string, catalog: Catalog, options: QueryOptions = {}): QueryResult {
  const maxNesting = options.limits?.maxNesting;
  return execute(compile(text, catalog, maxNesting === undefined ? {} : { maxNesting }), catalog, options);
}

export { Table };
