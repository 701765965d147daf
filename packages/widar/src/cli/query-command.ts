/**
 * `widar query --file RULE.kql [--table NAME=PATH]... [--schema NAME=(COL:TYPE, ...)]...
 *  [--watchlist ALIAS=PATH.csv]... [--functions PATH]... [--externaldata URL=PATH|DIR]... [--now ISO8601] [--format table|json|ndjson|csv]`
 *
 * Exit 0 with the result; exit 2 with every diagnostic (`FILE:LINE:COL: error KSnnn: ...`, the
 * source line and a caret) when the query has errors or an argument is wrong.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type Diagnostic,
  type NodeProfile,
  type Plan,
  type Schema,
  compile,
  execute,
  parseDatetime,
  printPlan,
  renderDiagnostic,
  terminalLines,
  terminalText,
  ticksToMs,
} from "@widar/kql";
import { buildCatalog } from "../data/load-catalog.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { addReferencedStoreTables } from "../store/query-store.js";
import { parseSchemaArgument } from "../data/parse-schema.js";
import { parseExternalDataArgs } from "../data/external-data.js";
import { loadWorkspaceFunctions } from "../rules/workspace-functions.js";
import { type OutputFormat, renderTable } from "./format-result.js";

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
  const { catalog, diagnostics: dataDiags } = await buildCatalog({ queryTexts: [text], tables, schemas, watchlists, functions: fns.functions, externalData: external.sources });
  printDiagnostics(dataDiags, undefined, file);
  try {
    addReferencedStoreTables(catalog, [text], values.store);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    process.stderr.write(`${terminalLines(e.file)}: error ${e.code}: ${terminalLines(e.message)}\n`);
    return 2;
  }
  const compiled = compile(text, catalog);
  if (values.explain) {
    printDiagnostics(compiled.diagnostics, text, file);
    for (const p of compiled.plans) process.stdout.write(`${terminalLines(printPlan(p))}\n`);
    return compiled.diagnostics.some((d) => d.severity === "error") ? 2 : 0;
  }
  const started = performance.now();
  const result = execute(compiled, catalog, { now: nowMs, profile: values.profile === true });
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
      explain: { type: "boolean" },
      profile: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function printDiagnostics(diags: readonly Diagnostic[], text: string | undefined, file: string): void {
  for (const d of diags) process.stderr.write(`${renderDiagnostic(d, d.file === undefined ? text : undefined, file)}\n`);
}
