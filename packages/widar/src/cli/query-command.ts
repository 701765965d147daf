/**
 * `widar query --file RULE.kql [--table NAME=PATH]... [--schema NAME=(COL:TYPE, ...)]...
 *  [--watchlist ALIAS=PATH.csv]... [--functions PATH]... [--externaldata URL=PATH|DIR]... [--now ISO8601] [--format table|json|ndjson|csv]`
 *
 * Exit 0 with the result (warnings on stderr); exit 2 with every diagnostic (`FILE:LINE:COL:
 * error KSnnn: ...`, the source line and a caret) when the query has errors, hits a limit, an
 * argument is wrong or a data file cannot be read (WD004: nothing of it is loaded).
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type Diagnostic,
  type NodeProfile,
  type Plan,
  type Catalog,
  DEFAULT_LIMITS,
  type QueryLimits,
  type Schema,
  compile,
  execute,
  parseDatetime,
  parseTimespan,
  printPlan,
  renderDiagnostic,
  terminalLines,
  terminalText,
  ticksToMs,
} from "@widar/kql";
import { type CatalogRequest, buildCatalog } from "../data/load-catalog.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { addReferencedStoreTables } from "../store/query-store.js";
import { parseSchemaArgument } from "../data/parse-schema.js";
import { parseExternalDataArgs } from "../data/external-data.js";
import { loadWorkspaceFunctions } from "../rules/workspace-functions.js";
import { type OutputFormat, renderTable } from "./format-result.js";
import { startWatchdog } from "./watchdog.js";

const HELP = `usage: widar query (--file RULE.kql | QUERY) [options]

  --file PATH              the KQL query or rule file (leading // comment lines are fine)
  --table NAME=PATH        load a file into table NAME (repeatable): NDJSON, JSON array, Log Analytics
                           API JSON, portal CSV, diagnostic-settings {"records":[...]}, Graph JSON; .gz too
  --schema NAME=(A:type, ...)  the schema of a loaded table outside the Log Analytics catalog (repeatable)
  --watchlist ALIAS=PATH   load a watchlist CSV for _GetWatchlist('ALIAS') (repeatable)
  --functions PATH         workspace functions and Sentinel parsers: parser YAML, .create function text, or
                           NAME.kql (a file or a directory; repeatable)
  --externaldata URL=PATH  the local copy of a file externaldata reads (repeatable); or a directory of cached
                           copies by URL. Without one, externaldata is an empty table (warning WQ017)
  --now ISO8601            the query's "now" for ago()/now() (default: the wall clock)
  --format FMT             table (default), json, ndjson or csv
  --store FILE             the store SecurityAlert, SecurityIncident and SentinelHealth are read from
                           (default ${DEFAULT_STORE} when it exists)
  --csv-raw                CSV cells as they are: no quote before = + - @ (formula neutralisation) and
                           no escaping of control characters (for programs, never for a spreadsheet)
  --timeout DURATION       stop the query after this long (default 4m, Kusto's servertimeout; e.g. 30s, 10m)
  --max-result-rows N      fail a result of more rows (default 500000, Kusto's truncationmaxrecords)
  --max-result-bytes N     fail a result of more bytes (default 67108864, Kusto's truncationmaxsize)
  --max-memory BYTES       memory budget of one operator (Kusto's maxmemoryconsumptionperiterator; default a
                           quarter of the Node.js heap); a query's own 'set' statements override these
  --explain                print the plan widar executes (after analysis and lowering) instead of running it
  --profile                run it, then print the plan to stderr with each operator's own time and rows
`;

function pair(arg: string, flag: string): [string, string] | string {
  const eq = arg.indexOf("=");
  if (eq <= 0 || eq === arg.length - 1) return `${flag} ${arg}: expected NAME=PATH`;
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

export async function runQueryCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`widar query: ${terminalText((e as Error).message)}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const errors: string[] = [];
  let text: string;
  let file = "<query>";
  if (values.file !== undefined) {
    file = values.file;
    if (!existsSync(file)) {
      process.stderr.write(`${terminalText(file)}: error WC002: file not found\n`);
      return 2;
    }
    text = readFileSync(file, "utf8");
  } else if (positionals.length > 0) text = positionals.join(" ");
  else {
    process.stderr.write(`widar query: give --file PATH or the query text\n\n${HELP}`);
    return 2;
  }
  const format = (values.format ?? "table") as OutputFormat;
  if (!["table", "json", "ndjson", "csv"].includes(format)) errors.push(`--format ${format}: expected table, json, ndjson or csv`);
  let nowMs: number | undefined;
  if (values.now !== undefined) {
    const t = parseDatetime(values.now);
    if (t === null) errors.push(`--now ${values.now}: not an ISO 8601 datetime`);
    else nowMs = ticksToMs(t);
  }
  const limits = parseLimits(values, errors);
  const schemas = new Map<string, Schema>();
  for (const s of values.schema ?? []) {
    const r = parseSchemaArgument(s);
    if ("code" in r) errors.push(r.message);
    else schemas.set(r.name, r.schema);
  }
  const tables: { name: string; path: string }[] = [];
  for (const t of values.table ?? []) {
    const p = pair(t, "--table");
    if (typeof p === "string") errors.push(p);
    else if (!existsSync(p[1])) errors.push(`--table ${t}: file not found`);
    else tables.push({ name: p[0], path: p[1] });
  }
  const watchlists: { alias: string; path: string }[] = [];
  for (const w of values.watchlist ?? []) {
    const p = pair(w, "--watchlist");
    if (typeof p === "string") errors.push(p);
    else if (!existsSync(p[1])) errors.push(`--watchlist ${w}: file not found`);
    else watchlists.push({ alias: p[0], path: p[1] });
  }
  const external = parseExternalDataArgs(values.externaldata ?? []);
  errors.push(...external.errors);
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`widar query: error WC001: ${terminalText(e)}\n`);
    return 2;
  }
  const fns = loadWorkspaceFunctions(values.functions ?? []);
  printDiagnostics(fns.diagnostics, undefined, file);
  if (fns.diagnostics.some((d) => d.severity === "error")) return 2;
  return runLoaded({ values, text, file, format, nowMs, limits }, { queryTexts: [text], tables, schemas, watchlists, functions: fns.functions, externalData: external.sources });
}

/** What one run of `widar query` is: its options, the query and where it came from. */
interface QueryRun {
  readonly values: ReturnType<typeof parse>["values"];
  readonly text: string;
  readonly file: string;
  readonly format: OutputFormat;
  readonly nowMs: number | undefined;
  readonly limits: QueryLimits;
}

async function runLoaded(run: QueryRun, request: CatalogRequest): Promise<number> {
  const { text, file, limits } = run;
  const { catalog, diagnostics: dataDiags } = await buildCatalog(request);
  printDiagnostics(dataDiags, undefined, file);
  // A file that could not be read (WD004) loaded nothing: a query over it would answer wrongly.
  if (dataDiags.some((d) => d.severity === "error")) {
    process.stderr.write("widar query: error WC004: a data file could not be read (see above); the query was not run\n");
    return 2;
  }
  try {
    addReferencedStoreTables(catalog, [text], run.values.store);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    process.stderr.write(`${terminalLines(e.file)}: error ${e.code}: ${terminalLines(e.message)}\n`);
    return 2;
  }
  // The engine checks its time limit as it runs; the watchdog also covers what it cannot
  // interrupt (analysis of a huge query). Loading data is not timed. A query's own
  // `set servertimeout` is left to the engine.
  const watchdog = /\bset\s+servertimeout\b/i.test(text) ? undefined : await startWatchdog(limits.timeoutMs ?? DEFAULT_LIMITS.timeoutMs, "raise it with --timeout");
  try {
    return compileAndRun(run, catalog);
  } finally {
    watchdog?.stop();
  }
}

function compileAndRun({ values, text, file, format, nowMs, limits }: QueryRun, catalog: Catalog): number {
  const compiled = compile(text, catalog);
  if (values.explain) {
    printDiagnostics(compiled.diagnostics, text, file);
    for (const p of compiled.plans) process.stdout.write(`${terminalLines(printPlan(p))}\n`);
    return compiled.diagnostics.some((d) => d.severity === "error") ? 2 : 0;
  }
  const started = performance.now();
  const result = execute(compiled, catalog, { now: nowMs, profile: values.profile === true, limits });
  const elapsed = performance.now() - started;
  printDiagnostics(result.diagnostics, text, file);
  if (result.diagnostics.some((d) => d.severity === "error")) return 2;
  const out = result.tables.map((t) => renderTable(t, format, { csvRaw: values["csv-raw"] === true }));
  process.stdout.write(out.join(format === "table" ? "\n" : ""));
  if (result.profile !== undefined) process.stderr.write(terminalLines(renderProfile(compiled.plans, result.profile, elapsed)));
  return 0;
}

/** The plans with each node's own time and rows (a node that never ran shows "-"). */
function renderProfile(plans: readonly Plan[], profile: ReadonlyMap<Plan, NodeProfile>, elapsedMs: number): string {
  const note = (p: Plan) => {
    const s = profile.get(p);
    if (s === undefined) return `${"-".padStart(10)} ${"".padStart(12)}  `;
    const calls = s.calls > 1 ? ` ×${s.calls}` : "";
    return `${`${s.selfMs.toFixed(1)} ms`.padStart(10)} ${s.rows.toLocaleString("en-US").padStart(12)}  ${calls}`;
  };
  const header = `\nprofile: ${elapsedMs.toFixed(1)} ms in all; per operator, its own time (inputs excluded) and the rows it returned\n`;
  return `${header}${plans.map((p) => printPlan(p, "", note)).join("\n")}\n`;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f" },
      table: { type: "string", multiple: true },
      schema: { type: "string", multiple: true },
      watchlist: { type: "string", multiple: true },
      functions: { type: "string", multiple: true },
      externaldata: { type: "string", multiple: true },
      now: { type: "string" },
      format: { type: "string" },
      store: { type: "string" },
      "csv-raw": { type: "boolean" },
      timeout: { type: "string" },
      "max-result-rows": { type: "string" },
      "max-result-bytes": { type: "string" },
      "max-memory": { type: "string" },
      explain: { type: "boolean" },
      profile: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** The --timeout / --max-* flags as QueryLimits; a bad value is an argument error. */
function parseLimits(values: ReturnType<typeof parse>["values"], errors: string[]): QueryLimits {
  const limits: { -readonly [K in keyof QueryLimits]: QueryLimits[K] } = {};
  if (values.timeout !== undefined) {
    const t = parseTimespan(values.timeout);
    if (t === null || !(t > 0)) errors.push(`--timeout ${values.timeout}: expected a duration such as 30s or 10m`);
    else limits.timeoutMs = t / 10_000;
  }
  const count = (flag: string, v: string | undefined, set: (n: number) => void) => {
    if (v === undefined) return;
    if (!/^[1-9][0-9]*$/.test(v)) errors.push(`--${flag} ${v}: expected a positive whole number`);
    else set(Number(v));
  };
  count("max-result-rows", values["max-result-rows"], (n) => (limits.maxResultRows = n));
  count("max-result-bytes", values["max-result-bytes"], (n) => (limits.maxResultBytes = n));
  count("max-memory", values["max-memory"], (n) => (limits.maxMemoryPerOperator = n));
  return limits;
}

function printDiagnostics(diags: readonly Diagnostic[], text: string | undefined, file: string): void {
  for (const d of diags) process.stderr.write(`${renderDiagnostic(d, d.file === undefined ? text : undefined, file)}\n`);
}
