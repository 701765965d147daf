/**
 * `widar conformance FILE.jsonl [--tags-included] [--verbose]`: one line per failing case (id,
 * source, short diff), then `N passed, N failed` (`, N skipped` where cases were skipped).
 * Exit 0 even when cases fail; 2 only when the file cannot be read.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCases, runCase } from "../conformance/conformance-runner.js";

export async function runConformance(argv: string[]): Promise<number> {
  let values: { "tags-included"?: boolean; verbose?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { "tags-included": { type: "boolean" }, verbose: { type: "boolean" } },
    }));
  } catch (e) {
    process.stderr.write(`widar conformance: ${(e as Error).message}\n`);
    return 2;
  }
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
