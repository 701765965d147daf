/**
 * `widar demo [--out DIR] [--seed N] [--days D] [--rules DIR]`: the README's main job — simulate
 * the demo tenant, run the detection pack over it, and show what was caught.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderDiagnostic, terminalLines } from "@widar/kql";
import { defaultRulesDir } from "../demo/rule-pack-location.js";
import { type DemoResult, runDemo } from "../demo/run-demo.js";

const HELP = `usage: widar demo [--out DIR] [--seed N] [--days D] [--rules DIR]

  --out DIR    where the simulated tenant's logs go (default .widar/demo)
  --seed N     simulator seed (default 1); the same seed gives the same tenant and attacks
  --days D     simulated period in days (default 7)
  --rules DIR  the rule pack (default: the rules/ folder shipped with widar)
`;

function progressBar(): ((p: { fraction: number; records: number }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const w = 30;
    const done = Math.round(p.fraction * w);
    process.stderr.write(`\r  simulating [${"#".repeat(done)}${" ".repeat(w - done)}] ${(p.fraction * 100).toFixed(0)}% ${p.records} records`);
    if (p.fraction >= 1) process.stderr.write("\n");
  };
}

export async function runDemoCommand(argv: string[]): Promise<number> {
  let values: { out?: string; seed?: string; days?: string; rules?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        rules: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`widar demo: ${(e as Error).message}\n\n${HELP}`);
    return 2;
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
  for (const v of [seed, days]) if (typeof v === "string") return fail(v);
  if (rulesDir === undefined) return fail("cannot find the rules/ folder; give --rules DIR");
  const outDir = resolve(values.out ?? ".widar/demo");
  process.stderr.write(`widar demo: simulating the demo tenant into ${outDir}\n`);
  let result: DemoResult;
  try {
    result = await runDemo({
      outDir,
      rulesDir,
      seed: seed as number | undefined,
      days: days as number | undefined,
      onProgress: progressBar(),
      onRule: process.stderr.isTTY
        ? (rule, i, total) => {
            process.stderr.write(`\r  replaying ${String(i + 1).padStart(2)}/${total} ${rule.id.padEnd(10)}`);
            if (i + 1 === total) process.stderr.write("\n");
          }
        : undefined,
    });
  } catch (e) {
    // Option errors of the simulator are one-line messages meant for people.
    if ((e as Error).name === "SimulationOptionError" || (e as Error).constructor?.name === "SimulationOptionError")
      return fail((e as Error).message);
    throw e;
  }
  for (const d of result.loadDiagnostics) if (d.severity !== "info") process.stderr.write(`${renderDiagnostic(d, undefined, "")}\n`);
  process.stdout.write(terminalLines(render(result)));
  return result.rules.some((r) => r.diagnostics.some((d) => d.severity === "error")) ? 1 : 0;
}

function fail(msg: string): number {
  process.stderr.write(`widar demo: error WC001: ${msg}\n`);
  return 2;
}

function render(r: DemoResult): string {
  const m = r.simulation.manifest;
  const lines: string[] = [];
  const total = Object.values(m.tables).reduce((s, e) => s + (e?.records ?? 0), 0);
  lines.push(`Tenant ${m.tenant.name} (${m.tenant.domain}), seed ${m.seed}, ${m.period.start} → ${m.period.end}`);
  lines.push(`${total} log records in ${Object.keys(m.tables).length} tables; ${m.scenarios.length} attack scenarios injected`);
  lines.push("");
  lines.push("Detections (each rule replayed over the period on its own schedule):");
  for (const o of r.rules) {
    const rows = o.alerts.reduce((s, a) => s + a.rows, 0);
    const errs = o.diagnostics.filter((d) => d.severity === "error");
    const a = o.attribution;
    const seen = o.alerts.length === 0 ? "" : `: ${a.attack} on attacks, ${a.knownBenign} on known-benign activity, ${a.other} other`;
    const status =
      errs.length > 0 ? `ERROR ${errs.map((d) => `${d.code} ${d.message}`).join("; ")}` : `${o.alerts.length} alerting runs of ${o.runs}, ${rows} result rows${seen}`;
    lines.push(`  ${o.rule.id.padEnd(10)} ${o.rule.severity.padEnd(7)} ${o.rule.title.slice(0, 70).padEnd(70)} ${status}`);
  }
  lines.push("");
  lines.push("Attack scenarios (ground truth) and the rules expected to catch them:");
  let caught = 0;
  let expected = 0;
  for (const s of r.scenarios) {
    const inPack = s.expected.length - s.notInPack.length;
    expected += inPack;
    caught += s.expectedCaught.length;
    const parts = [
      ...s.caught.map((id) => `${id} caught`),
      ...s.missed.map((id) => `${id} MISSED`),
      ...(s.notInPack.length > 0 ? [`(${s.notInPack.join(", ")} not in the pack)`] : []),
    ];
    lines.push(`  ${s.id.padEnd(36)} ${parts.join(", ")}`);
  }
  lines.push("");
  lines.push(`${caught} of ${expected} expected detections by rules in the pack fired on their scenarios.`);
  const other = r.rules.reduce((s, o) => s + o.attribution.other, 0);
  const benign = r.rules.reduce((s, o) => s + o.attribution.knownBenign, 0);
  lines.push(`Alert rows: ${benign} on benign activity the ground truth lists as likely false positives; ${other} on nothing labelled (false positives to review).`);
  lines.push(`Logs are in ${r.simulation.outDir}; try: widar query --file rules/RULE-18-sp-creation-burst.kql --table AuditLogs=${r.simulation.outDir}/AuditLogs.ndjson`);
  return `${lines.join("\n")}\n`;
}
