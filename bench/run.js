#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs the compiled benchmark scripts (packages/*/dist/bench/*.js)
// one after another. Each prints its own results as ratios against a baseline measured in the
// same run (never absolute-time assertions). Environment variables (BENCH_EVENTS, …) pass through.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const scripts = [];
for (const pkg of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", pkg, "dist", "bench");
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort())
    if (f.endsWith(".js") && (only.length === 0 || only.some((o) => f.includes(o)))) scripts.push(join(dir, f));
}
if (scripts.length === 0) {
  process.stderr.write("no benchmarks found (run `npm run build` first)\n");
  process.exit(2);
}
let failed = 0;
for (const s of scripts) {
  process.stdout.write(`\n== ${s.slice(root.length + 1)}\n`);
  // A large heap: the pack benchmark holds millions of rows in both engines.
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=16384", s], { stdio: "inherit", env: process.env });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
