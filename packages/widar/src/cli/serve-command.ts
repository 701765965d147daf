/**
 * `widar serve [--store FILE] [--data PATH]... [--rules DIR] [--port N] [--host ADDR]`
 *
 * The workbench: a local web app over the store and the loaded data (incident queue and pages,
 * rules, the KQL console, the data). It prints the URL to open, with the per-start token the
 * server requires on every request, and serves until SIGINT/SIGTERM. Exit 2 for bad arguments,
 * a store that cannot be opened or a port in use.
 */
import { parseArgs } from "node:util";
import { Catalog, compile, type QueryLimits, parseTimespan, renderDiagnostic, terminalLines, terminalText } from "@widar/kql";
import { defaultRulesDir } from "../demo/rule-pack-location.js";
import { startServer } from "../server/http-server.js";
import { openWorkbench } from "../server/workbench.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";

const HELP = `usage: widar serve [options]

Serves the workbench on this machine: the incident queue and each incident (verdict and reasons,
timeline, report; assign, comment, classify and close), the rules, a KQL console over the data
and the store, the loaded data. Open the URL it prints (it holds the token every request needs).

  --store FILE          the store (default ${DEFAULT_STORE})
  --data PATH           log files or directories the console queries (repeatable), as widar detect reads them
  --rules DIR           the rules the Rules page shows (default: the pack shipped with widar)
  --port N              the port (default 8417; 0 picks a free one)
  --host ADDR           the address to listen on (default 127.0.0.1: this machine only)
  --timeout DURATION    a console query's time limit (default 4m, as widar query)
  --max-result-rows N   a console query's result limit (default 500000, as widar query)
`;

export async function runServe(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (e) {
    process.stderr.write(`widar serve: error WC001: ${terminalText((e as Error).message)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const errors: string[] = [];
  const port = Number(values.port ?? "8417");
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) errors.push(`--port ${values.port}: expected a port number (0 picks a free one)`);
  const limits: { -readonly [K in keyof QueryLimits]: QueryLimits[K] } = {};
  if (values.timeout !== undefined) {
    const t = parseTimespan(values.timeout);
    if (t === null || !(t > 0)) errors.push(`--timeout ${values.timeout}: expected a duration such as 30s or 10m`);
    else limits.timeoutMs = t / 10_000;
  }
  if (values["max-result-rows"] !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values["max-result-rows"])) errors.push(`--max-result-rows ${values["max-result-rows"]}: expected a positive whole number`);
    else limits.maxResultRows = Number(values["max-result-rows"]);
  }
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`widar serve: error WC001: ${terminalText(e)}\n`);
    return 2;
  }
  let wb: Awaited<ReturnType<typeof openWorkbench>>;
  try {
    wb = await openWorkbench({
      storeFile: values.store ?? DEFAULT_STORE,
      dataPaths: values.data ?? [],
      rulesDir: values.rules ?? defaultRulesDir(),
      limits,
    });
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    process.stderr.write(`${terminalLines(e.file)}: error ${e.code}: ${terminalLines(e.message)}\n`);
    return 2;
  }
  for (const d of [...(wb.dataset?.diagnostics ?? []), ...wb.ruleDiagnostics]) if (d.severity !== "info") process.stderr.write(`${renderDiagnostic(d, undefined, "widar serve")}\n`);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(wb, { host: values.host ?? "127.0.0.1", port });
  } catch (e) {
    wb.close();
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`widar serve: error WC005: cannot listen on ${terminalText(values.host ?? "127.0.0.1")}:${port}: ${terminalText(code ?? (e as Error).message)}\n`);
    return 2;
  }
  // Kusto.Language builds its grammar on first use (about a second without the startup
  // snapshot): done now, the console's first query is as quick as the next.
  compile("print 1", new Catalog());
  const tables = wb.dataset?.tables.size ?? 0;
  process.stdout.write(
    `widar workbench: ${tables} table(s) loaded, store ${terminalText(wb.storeFile)}\nOpen ${server.url}\n(Ctrl-C stops it)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  wb.close();
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      store: { type: "string" },
      data: { type: "string", multiple: true },
      rules: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      timeout: { type: "string" },
      "max-result-rows": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
