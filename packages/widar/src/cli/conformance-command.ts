/**
 * `widar conformance FILE.jsonl [--tags-included] [--verbose]`: one line per failing case (id,
 * source, short diff), then `N passed, N failed` (`, N skipped` where cases were skipped).
 *
 * `widar conformance --corpus DIR [--verbose]`: every query of every `.kql` file under DIR (real
 * practitioner queries: conformance/corpus-runner.ts), one line per failing query with its class,
 * the failures by class, then `N passed, N failed`.
 * Exit 0 even when cases fail; 2 only when the file cannot be read.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCases, runCase } from "../conformance/conformance-runner.js";
import { corpusSummary, runCorpus } from "../conformance/corpus-runner.js";

export async function runConformance(argv: string[]): Promise<number> {
  let values: { "tags-included"?: boolean; verbose?: boolean; corpus?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { "tags-included": { type: "boolean" }, verbose: { type: "boolean" }, corpus: { type: "string" } },
    }));
  } catch (e) {
    process.stderr.write(`widar conformance: ${(e as Error).message}\n`);
    return 2;
  }
  if (values.corpus !== undefined) return runCorpusCommand(values.corpus, values.verbose === true);
  const file = positionals[0];
  if (file === undefined || !existsSync(file)) {
    process.stderr.write(`widar conformance: ${file === undefined ? "give the cases file" : `${file}: cannot read`}\n`);
    return 2;
  }
  const { cases, errors } = readCases(file);
  for (const e of errors) process.stderr.write(`${e}\n`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const c of cases) {
    const o = runCase(c, values["tags-included"] === true);
    if (o.status === "passed") {
      passed++;
      if (values.verbose) process.stdout.write(`ok   ${c.id} ${c.source}:${c.line}\n`);
    } else if (o.status === "skipped") skipped++;
    else {
      failed++;
      process.stdout.write(`FAIL ${c.id} ${c.source}:${c.line}: ${o.reason.replace(/\s+/g, " ").slice(0, 300)}\n`);
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`);
  return 0;
}

async function runCorpusCommand(dir: string, verbose: boolean): Promise<number> {
  if (!existsSync(dir)) {
    process.stderr.write(`widar conformance: ${dir}: cannot read\n`);
    return 2;
  }
  const outcomes = await runCorpus(dir, (o) => {
    if (!o.passed) process.stdout.write(`FAIL ${o.file}:${o.line} [${o.failure}] ${(o.error ?? "").replace(/\s+/g, " ").slice(0, 200)}\n`);
    else if (verbose) process.stdout.write(`ok   ${o.file}:${o.line}\n`);
  });
  const { passed, failed, externalData, byClass } = corpusSummary(outcomes);
  const classes = [...byClass].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${n} ${c}`);
  if (externalData > 0) process.stdout.write(`${externalData} of the passed read externaldata as an empty table (no local copy)\n`);
  if (classes.length > 0) process.stdout.write(`failures by class: ${classes.join(", ")}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return 0;
}
