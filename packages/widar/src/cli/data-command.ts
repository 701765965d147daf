/**
 * `widar data inspect PATH... [--json]`: what widar detects in data files, before a query
 * relies on it: the format, the dialect of the records, the table(s) they belong to with their
 * counts and time ranges, values coerced to null, and rejected records. Data diagnostics go to
 * stderr as `FILE:LINE: severity WDnnn: message`; the report goes to stdout.
 *
 * Exit 0 when every file could be read, 1 when one could not, 2 for a usage error.
 */
import { parseArgs } from "node:util";
import { renderDiagnostic, safeJsonStringify, terminalText } from "@widar/kql";
import { type InspectReport, inspectFile } from "../data/inspect.js";
import { formatBytes, type ProgressSink } from "../data/progress.js";

const HELP = `usage: widar data inspect PATH... [--json]

  Reads each file (NDJSON, JSON array, {"records":[...]} / Graph {"value":[...]} envelopes,
  Log Analytics API JSON, CSV; gzip or not) and prints its format, the tables its records
  belong to, their counts and time range, values coerced to null and rejected records.

  --json    one JSON report per file on stdout (one per line)
`;

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  ndjson: "NDJSON (one JSON object per line)",
  "json-array": "JSON array",
  envelope: "JSON envelope ({\"records\":[...]} / {\"value\":[...]})",
  "la-api": "Log Analytics query API JSON",
  csv: "CSV",
};

const DIALECT_NAMES: Readonly<Record<string, string>> = {
  diagnostic: "Azure Monitor diagnostic settings",
  graph: "Microsoft Graph",
  "log-analytics": "Log Analytics columns",
};

/** Where a command writes (tests pass their own). */
export interface CommandIO {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

const STDIO: CommandIO = { stdout: process.stdout, stderr: process.stderr };

export async function runData(argv: string[], io: CommandIO = STDIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== "inspect") {
    io.stderr.write(`widar data: unknown subcommand '${terminalText(sub)}'\n\n${HELP}`);
    return 2;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (e) {
    io.stderr.write(`widar data inspect: ${terminalText((e as Error).message)}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    io.stderr.write(`widar data inspect: give one or more files\n\n${HELP}`);
    return 2;
  }
  let unreadable = false;
  for (const path of parsed.positionals) {
    const r = await inspectFile(path, io.stderr as ProgressSink);
    for (const d of r.diagnostics) io.stderr.write(`${renderDiagnostic(d, undefined, path)}\n`);
    if (r.diagnostics.some((d) => d.code === "WD004")) unreadable = true;
    io.stdout.write(parsed.values.json ? `${safeJsonStringify(toJson(r))}\n` : renderReport(r));
  }
  return unreadable ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
}

function toJson(r: InspectReport) {
  const { diagnostics, ...rest } = r;
  return { ...rest, diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, line: d.line })) };
}

/** The human-readable report of one file; the path, table and source names are the file's own text. */
export function renderReport(r: InspectReport): string {
  const lines = [terminalText(r.path)];
  const row = (k: string, v: string) => lines.push(`  ${k.padEnd(10)} ${v}`);
  if (r.format !== undefined) row("format", `${FORMAT_NAMES[r.format] ?? r.format}${r.gzip ? ", gzip" : ""}`);
  if (r.size !== undefined) row("size", formatBytes(r.size));
  if (r.dialects.length > 0) row("records", r.dialects.map((d) => DIALECT_NAMES[d] ?? d).join(", "));
  const tables = r.tables.map((t) => ({ ...t, table: terminalText(t.table) }));
  const width = Math.max(0, ...tables.map((t) => t.table.length));
  for (const t of tables) {
    const range = t.first !== undefined ? `  ${t.first} .. ${t.last}` : "";
    const nulls = t.coercedToNull > 0 ? `  ${t.coercedToNull.toLocaleString("en-US")} value(s) coerced to null` : "";
    row("table", `${t.table.padEnd(width)}  ${t.records.toLocaleString("en-US").padStart(9)} record(s)${range}${nulls}`);
  }
  if (r.tables.length === 0) row("table", "(no records)");
  for (const u of r.unmapped)
    row("not read", `${u.records.toLocaleString("en-US")} record(s) of ${terminalText(u.source)}: no Log Analytics table in widar`);
  const byCode = new Map<string, number>();
  for (const d of r.diagnostics) if (d.severity !== "info") byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  const codes = [...byCode].map(([c, n]) => `${c} x${n}`).join(", ");
  row("rejected", `${r.rejected.toLocaleString("en-US")}${codes !== "" ? ` (${codes}; see the diagnostics above)` : ""}`);
  return `${lines.join("\n")}\n`;
}
