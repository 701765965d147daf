#!/usr/bin/env node
/**
 * Writes docs/kql-coverage.md from the engine's registries (packages/kql/src/coverage.ts), then
 * the figures measured on real content (packages/widar/src/conformance/measured.ts: the docs
 * examples and the practitioner corpus, from their checked-in lists; needs ../shared beside the
 * repository).
 * Run after `npx tsc -b`: `node scripts/gen-coverage.mjs`. A test (packages/kql/test/functions/coverage.test.ts)
 * fails when the checked-in file is not what this writes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCoverage } from "../packages/kql/dist/src/coverage.js";
import { readCases } from "../packages/widar/dist/src/conformance/conformance-runner.js";
import { renderMeasured } from "../packages/widar/dist/src/conformance/measured.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "kql-coverage.md");
const lists = join(root, "packages", "widar", "test", "conformance");
const measured = renderMeasured({
  docsCases: readCases(join(root, "..", "shared", "conformance", "kql-docs.jsonl")).cases,
  knownFailures: JSON.parse(readFileSync(join(lists, "known-failures.json"), "utf8")),
  corpus: JSON.parse(readFileSync(join(lists, "corpus-expectations.json"), "utf8")),
});
writeFileSync(out, `${renderCoverage()}\n${measured}`);
process.stdout.write(`wrote ${out}\n`);
