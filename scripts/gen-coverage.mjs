#!/usr/bin/env node
/**
 * Writes docs/kql-coverage.md from the engine's registries (packages/kql/src/coverage.ts).
 * Run after `npx tsc -b`: `node scripts/gen-coverage.mjs`. A test (packages/kql/test/functions/coverage.test.ts)
 * fails when the checked-in file is not what this writes.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCoverage } from "../packages/kql/dist/src/coverage.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "kql-coverage.md");
writeFileSync(out, renderCoverage());
process.stdout.write(`wrote ${out}\n`);
