/**
 * `npm run fuzz -- --cases N --seed S [--from I] [--timeout MS] [--show]`: runs the fuzz
 * harness (./driver.ts) and prints the outcomes by kind and every failure with its query
 * (replay one with `--from I --cases 1`). Exit 1 when any case failed.
 */
import { parseArgs } from "node:util";
import { fuzz } from "./driver.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    from: { type: "string", default: "0" },
    timeout: { type: "string", default: "5000" },
    show: { type: "boolean" },
  },
});
const cases = Number(values.cases);
let seen = 0;
const started = performance.now();
const summary = await fuzz({
  cases,
  seed: Number(values.seed),
  from: Number(values.from),
  timeoutMs: Number(values.timeout),
  onCase: (r) => {
    seen++;
    if (values.show) process.stdout.write(`${r.index} ${r.kind} ${r.outcome} ${r.ms.toFixed(0)} ms\n`);
    else if (process.stderr.isTTY && seen % 50 === 0) process.stderr.write(`\r${seen}/${cases}`);
  },
});
if (process.stderr.isTTY) process.stderr.write("\r");
process.stdout.write(`seed ${summary.seed}, ${summary.cases} cases in ${((performance.now() - started) / 1000).toFixed(0)} s (slowest ${summary.slowest.toFixed(0)} ms)\n`);
for (const [kind, outcomes] of Object.entries(summary.byKind).sort())
  process.stdout.write(`  ${kind.padEnd(10)} ${Object.entries(outcomes).map(([o, n]) => `${o} ${n}`).join(", ")}\n`);
process.stdout.write(`outcomes: ${JSON.stringify(summary.byOutcome)}\n`);
process.stdout.write(`error codes: ${JSON.stringify(Object.fromEntries(Object.entries(summary.byCode).sort((a, b) => b[1] - a[1])))}\n`);
for (const f of summary.failures) {
  process.stdout.write(`\nFAIL case ${f.index} (${f.kind}): ${f.outcome} after ${f.ms.toFixed(0)} ms${f.code ? ` ${f.code}` : ""}\n`);
  if (f.message) process.stdout.write(`  ${f.message.split("\n").slice(0, 6).join("\n  ")}\n`);
  process.stdout.write(`  query: ${JSON.stringify(f.query.length > 600 ? `${f.query.slice(0, 600)}…` : f.query)}\n`);
}
process.stdout.write(`${summary.failures.length} failure(s)\n`);
process.exitCode = summary.failures.length > 0 ? 1 : 0;
