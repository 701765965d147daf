/**
 * `widar pull graph --since ISO8601 --out DIR [--streams a,b] [--restart]`: pages Microsoft
 * Graph's audit, sign-in and Identity Protection endpoints with app-only credentials from the
 * environment into DIR (one NDJSON file per stream, loadable with `widar query --table`), and
 * resumes from DIR's cursor when run again (../connectors/graph/graph-pull.ts).
 *
 * Codes: WC001 usage; WC020 credentials missing or refused; WC021 the cursor does not fit;
 * WC022 Graph answered an error; WC023 still throttled after the retries; WC024 network failure;
 * WC025 a nextLink outside Microsoft Graph; WC026 a page that is not a Graph page.
 * Exit 0 when every stream is complete, 1 when the pull stopped (run again to resume), 2 usage.
 */
import { parseArgs } from "node:util";
import { parseDatetime, terminalText, ticksToMs } from "@widar/kql";
import { azureIdentityTokenSource, missingCredentialVariables } from "../connectors/azure-credentials.js";
import { GRAPH_STREAMS } from "../connectors/graph/graph-streams.js";
import { type PullResult, pullGraph } from "../connectors/graph/graph-pull.js";
import type { HttpFetch, TokenSource } from "../connectors/http.js";
import type { CommandIO } from "./data-command.js";

const HELP = `usage: widar pull graph --since ISO8601 --out DIR [options]

  Pages Microsoft Graph (app-only) into DIR, one NDJSON file per stream:
${GRAPH_STREAMS.map((s) => `    ${s.name.padEnd(32)} → ${s.table}`).join("\n")}
  Load a stream with: widar query ... --table TABLE=DIR/STREAM.ndjson

  --since ISO8601   events since then (required the first time; DIR's cursor remembers it)
  --out DIR         where the stream files and pull-cursor.json go
  --streams a,b     only these streams
  --restart         forget DIR's cursor and empty its stream files

  Credentials: an app registration granted (application permissions) AuditLog.Read.All,
  Directory.Read.All, IdentityRiskyServicePrincipal.Read.All and IdentityRiskEvent.Read.All;
  AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or AZURE_CLIENT_CERTIFICATE_PATH
  [AZURE_CLIENT_CERTIFICATE_PASSWORD].
  An interrupted pull resumes where it stopped when run again with the same DIR.
`;

/** What the command uses from outside (tests replace the network and the credentials). */
export interface PullDeps {
  readonly fetch?: HttpFetch;
  readonly tokens?: TokenSource;
  readonly env?: NodeJS.ProcessEnv;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly io?: CommandIO;
}

export async function runPull(argv: string[], deps: PullDeps = {}): Promise<number> {
  const io = deps.io ?? { stdout: process.stdout, stderr: process.stderr };
  const [source, ...rest] = argv;
  if (source === undefined || source === "--help" || source === "-h") {
    io.stdout.write(HELP);
    return source === undefined ? 2 : 0;
  }
  const usage = (msg: string) => {
    io.stderr.write(`widar pull: error WC001: ${msg}\n\n${HELP}`);
    return 2;
  };
  if (source !== "graph") return usage(`unknown source '${source}' (only 'graph')`);
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(rest).values;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.out === undefined) return usage("--out DIR is required");
  let since: string | undefined;
  if (values.since !== undefined) {
    const t = parseDatetime(values.since);
    if (t === null) return usage(`--since ${values.since}: not an ISO 8601 datetime`);
    // Graph's $filter takes a DateTimeOffset literal: whole seconds, UTC.
    since = new Date(ticksToMs(t)).toISOString().replace(/\.\d+Z$/, "Z");
  }
  const streams = values.streams?.split(",").map((s) => s.trim());
  const unknown = streams?.filter((s) => !GRAPH_STREAMS.some((g) => g.name === s)) ?? [];
  if (unknown.length > 0) return usage(`unknown stream(s): ${unknown.join(", ")}`);
  let tokens = deps.tokens;
  if (tokens === undefined) {
    const env = deps.env ?? process.env;
    const missing = missingCredentialVariables(env);
    if (missing.length > 0) {
      io.stderr.write(`widar pull: error WC020: set ${missing.join(", ")} (app-only credentials for Microsoft Graph)\n`);
      return 2;
    }
    tokens = azureIdentityTokenSource(env);
  }
  const result = await pullGraph({
    out: values.out,
    since,
    streams,
    restart: values.restart === true,
    fetch: deps.fetch ?? (globalThis.fetch as HttpFetch),
    tokens,
    sleep: deps.sleep,
    log: (line) => io.stderr.write(`${terminalText(line)}\n`),
  });
  report(result, io);
  return result.error === undefined ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      since: { type: "string" },
      out: { type: "string" },
      streams: { type: "string" },
      restart: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function report(r: PullResult, io: CommandIO): void {
  for (const s of r.streams) {
    io.stdout.write(`${s.name.padEnd(32)} ${String(s.records).padStart(9)} record(s)  ${s.done ? "complete" : "incomplete"}  ${s.file} → ${s.table}\n`);
  }
  if (r.error !== undefined) {
    io.stderr.write(`widar pull: error ${r.error.code}: ${terminalText(r.error.message)}\n`);
    if (r.error.code !== "WC001" && r.error.code !== "WC021") io.stderr.write("widar pull: run the same command again to resume from the cursor\n");
  }
}
