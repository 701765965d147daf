/**
 * `widar demo [--out DIR] [--seed N] [--days D] [--rules DIR] [--store FILE]`: the README's main
 * job — simulate the demo tenant, run the detection pack over it through the runtime (alerts and
 * incidents into the demo's store), print the incidents and score them against the ground truth.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { terminalLines } from "@widar/kql";
import { defaultRulesDir } from "../demo/rule-pack-location.js";
import { type DemoResult, runDemo } from "../demo/run-demo.js";
import { cliError, printDiagnostics, reportFailures, runProgress, triageProgress } from "./detect-command.js";
import { evaluationText } from "./evaluation-text.js";
import { incidentLines, severityCounts } from "./incident-text.js";
import { triageLine } from "../detect/evaluate.js";

const HELP = `usage: widar demo [--out DIR] [--seed N] [--days D] [--rules DIR] [--store FILE]

  --out DIR     where the simulated tenant's logs go (default .widar/demo)
  --seed N      simulator seed (default 1); the same seed gives the same tenant and attacks
  --days D      simulated period in days (default 7)
  --rules DIR   the rule pack (default: the rules/ folder shipped with widar)
  --store FILE  the demo's store (default DIR/widar.db; rebuilt by every demo run)
`;

function simulationBar(): ((p: { fraction: number; records: number }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const w = 30;
    const done = Math.round(p.fraction * w);
    process.stderr.write(`\r\x1b[2K  simulating [${"#".repeat(done)}${".".repeat(w - done)}] ${(p.fraction * 100).toFixed(0)}% ${p.records} records`);
    if (p.fraction >= 1) process.stderr.write("\r\x1b[2K");
  };
}

export async function runDemoCommand(argv: string[]): Promise<number> {
  let values: { out?: string; seed?: string; days?: string; rules?: string; store?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        rules: { type: "string" },
        store: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return cliError("demo", (e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const num = (v: string | undefined, name: string): number | undefined | string => {
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : `--${name} ${v}: expected a whole number`;
  };
  const seed = num(values.seed, "seed");
  const days = num(values.days, "days");
  const rulesDir = values.rules ?? defaultRulesDir();
  for (const v of [seed, days]) if (typeof v === "string") return cliError("demo", v);
  if (rulesDir === undefined) return cliError("demo", "cannot find the rules/ folder; give --rules DIR");
  const outDir = resolve(values.out ?? ".widar/demo");
  process.stderr.write(`widar demo: simulating the demo tenant into ${terminalLines(outDir)}\n`);
  let result: DemoResult;
  try {
    result = await runDemo({
      outDir,
      rulesDir,
      ...(values.store === undefined ? {} : { storeFile: resolve(values.store) }),
      seed: seed as number | undefined,
      days: days as number | undefined,
      onProgress: simulationBar(),
      onRun: runProgress(),
      onTriage: triageProgress(),
    });
  } catch (e) {
    // Option errors of the simulator are one-line messages meant for people.
    if ((e as Error).name === "SimulationOptionError" || (e as Error).constructor?.name === "SimulationOptionError") return cliError("demo", (e as Error).message);
    throw e;
  }
  printDiagnostics(result.loadDiagnostics);
  process.stdout.write(render(result));
  return reportFailures(result.detection);
}

function render(r: DemoResult): string {
  const m = r.simulation.manifest;
  const total = Object.values(m.tables).reduce((s, e) => s + (e?.records ?? 0), 0);
  const runs = r.detection.rules.reduce((s, x) => s + x.runs, 0);
  const alerts = r.detection.rules.reduce((s, x) => s + x.alerts.length, 0);
  const lines = [
    `Tenant ${m.tenant.name} (${m.tenant.domain}), seed ${m.seed}, ${m.period.start} → ${m.period.end}`,
    `${total} log records in ${Object.keys(m.tables).length} tables; ${m.scenarios.length} attack scenarios injected`,
    `Detection: ${r.rules.length} rules run on their Sentinel schedules, ${runs} runs, ${alerts} alerts, ${r.incidents.length} incidents`,
    "",
    `Incidents (${severityCounts(r.incidents)}):`,
    ...incidentLines(r.incidents, { verdicts: r.verdicts }),
    "",
  ];
  const evaluation = evaluationText(r.evaluation, new Map(r.rules.map((x) => [x.id, x.title])))
    .trimEnd()
    .split("\n");
  const tail = [
    "",
    `Store: ${r.storeFile}`,
    `  widar incidents --store ${r.storeFile}`,
    `  widar query --store ${r.storeFile} "SecurityIncident | summarize arg_max(TimeGenerated, *) by IncidentNumber | summarize count() by Severity"`,
    `Logs: ${r.simulation.outDir} (widar detect --data ${r.simulation.outDir} runs the pack on them again)`,
  ];
  // The score stays the last line: scripts read it.
  const score = evaluation.pop()!;
  evaluation.push(triageLine(r.triage));
  return `${terminalLines([...lines, ...evaluation, ...tail, "", score].join("\n"))}\n`;
}
