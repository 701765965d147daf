#!/usr/bin/env node
/**
 * Regenerates docs/rules.md from the rule files in rules/ (the same as
 * `widar rules doc rules --out docs/rules.md`). Needs the compiled workspace: run `npm run build`
 * (or `npx tsc -b`) first. packages/widar/test/rules/rules-doc.test.ts fails when the checked-in
 * file differs from a fresh generation.
 *
 * Usage: node scripts/gen-rules-doc.mjs
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { runRules } = await import("../packages/widar/dist/src/cli/rules-command.js");
process.exitCode = await runRules(["doc", "rules", "--out", "docs/rules.md"]);
