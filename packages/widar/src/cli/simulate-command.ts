/**
 * `widar simulate [--seed N] [--days D] [--end ISO] [--identities N]
 *  [--scenario NAME[:at=ISO][,key=value]]... [--quiet] [--events N] [--audit-events N] --out DIR
 *  [--format ndjson|la-json|csv] [--list-scenarios]`
 *
 * Exit 0 after writing; exit 2 with one line on stderr when an argument is wrong. Progress goes to
 * stderr only when it is a terminal, so piping or CI logs stay clean.
 */
import { parseArgs } from "node:util";
import { SCENARIOS, type SimulateOptions, SimulationOptionError, simulate } from "../simulator/index.js";
import { DEFAULT_DAYS, DEFAULT_END, DEFAULT_IDENTITIES, DEFAULT_SEED } from "../simulator/options.js";
import type { OutputFormat } from "../simulator/table-writer.js";

const HELP = `usage: widar simulate --out DIR [options]

Writes a simulated Entra ID tenant's logs: one file per table, NetworkAllowlist.csv,
tenant.json, ground-truth.json (the injected attacks) and manifest.json.

  --out DIR             directory to write (created if missing)
  --seed N              PRNG seed (default ${DEFAULT_SEED}); same seed and options, same bytes
  --days D              length of the period in days (default ${DEFAULT_DAYS})
  --end ISO             end of the period (default ${DEFAULT_END})
  --identities N        users plus workload identities (default ${DEFAULT_IDENTITIES})
  --scenario SPEC       NAME[:at=ISO][,key=value]... (repeatable; default: every scenario;
                        'none' for no attacks)
  --quiet               no benign activity: only the scenarios' records
  --events N            scale benign volume so the run writes exactly N records (at least
                        the scenarios and the default activity), 9% of them AuditLogs
                        directory churn
  --audit-events N      write N benign directory-churn AuditLogs records (users, groups,
                        devices, passwords, app assignments); inside --events if given
  --format FMT          ndjson (default), la-json (Log Analytics API shape) or csv
  --list-scenarios      print the scenarios and their parameters
`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      out: { type: "string" },
      seed: { type: "string" },
      days: { type: "string" },
      end: { type: "string" },
      identities: { type: "string" },
      scenario: { type: "string", multiple: true },
      quiet: { type: "boolean" },
      events: { type: "string" },
      "audit-events": { type: "string" },
      format: { type: "string" },
      "list-scenarios": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** A whole number from a flag's text (parseArgs gives strings); NaN flags the error downstream. */
function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const cleaned = text.replace(/_/g, "");
  if (!/^\d+$/.test(cleaned)) throw new SimulationOptionError(`${flag} ${text}: expected a whole number`);
  return Number(cleaned);
}

function listScenarios(): string {
  return SCENARIOS.map((s) => {
    const params = Object.entries(s.params).map(([k, p]) => `\n      ${k}: ${p.description}`);
    return `  ${s.name.padEnd(32)} ${s.technique.padEnd(10)} ${s.summary}${params.join("")}`;
  }).join("\n");
}

/** Where the command writes; tests pass their own (the test runner owns the real stdout). */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export async function runSimulate(argv: string[], io: CommandIo = process): Promise<number> {
  const { stdout, stderr } = io;
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (e) {
    stderr.write(`widar simulate: ${(e as Error).message} (see widar simulate --help)\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(HELP);
    return 0;
  }
  if (values["list-scenarios"]) {
    stdout.write(`${listScenarios()}\n`);
    return 0;
  }
  const tty = stderr.isTTY === true;
  let lastShown = -1;
  try {
    if (values.out === undefined) throw new SimulationOptionError("--out DIR is required");
    const specs = values.scenario ?? [];
    const options: SimulateOptions = {
      outDir: values.out,
      ...(values.seed === undefined ? {} : { seed: count("--seed", values.seed)! }),
      ...(values.days === undefined ? {} : { days: count("--days", values.days)! }),
      ...(values.end === undefined ? {} : { end: values.end }),
      ...(values.identities === undefined ? {} : { identities: count("--identities", values.identities)! }),
      ...(values.events === undefined ? {} : { events: count("--events", values.events)! }),
      ...(values["audit-events"] === undefined ? {} : { auditEvents: count("--audit-events", values["audit-events"])! }),
      ...(specs.length === 0 ? {} : { scenarios: specs.includes("none") ? [] : specs }),
      quiet: values.quiet === true,
      format: (values.format ?? "ndjson") as OutputFormat,
      ...(tty
        ? {
            onProgress: ({ fraction, records }) => {
              const pct = Math.floor(fraction * 100);
              if (pct === lastShown) return;
              lastShown = pct;
              stderr.write(`\rsimulating: ${String(pct).padStart(3)}%  ${records.toLocaleString("en-US")} records`);
            },
          }
        : {}),
    };
    const result = await simulate(options);
    if (tty) stderr.write("\n");
    const m = result.manifest;
    stdout.write(
      `wrote ${m.events.written.toLocaleString("en-US")} records (${m.period.days} days, seed ${m.seed}, ` +
        `${m.scenarios.length} scenarios) to ${result.outDir}\n`,
    );
    return 0;
  } catch (e) {
    if (tty && lastShown >= 0) stderr.write("\n");
    if (e instanceof SimulationOptionError) {
      stderr.write(`widar simulate: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === "string" && typeof err.path === "string") {
      stderr.write(`widar simulate: ${err.path}: ${err.message}\n`);
      return 2;
    }
    throw e;
  }
}
