/** docs/kql-coverage.md is generated from the registries: it must be what the generator writes now. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { renderCoverage } from "../../src/coverage.js";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "docs", "ARCHITECTURE.md"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("repository root not found");
    dir = up;
  }
  return dir;
}

test("docs/kql-coverage.md is current (regenerate: npx tsc -b && node scripts/gen-coverage.mjs)", () => {
  const checkedIn = readFileSync(join(repoRoot(), "docs", "kql-coverage.md"), "utf8");
  // The engine's part; the figures measured on real content follow it (widar's tests check them).
  assert.equal(checkedIn.slice(0, renderCoverage().length), renderCoverage());
});

test("the coverage lists supported and unsupported names", () => {
  const doc = renderCoverage();
  assert.match(doc, /## Tabular operators/);
  assert.match(doc, /`geo_point_to_h3cell`/);
  assert.match(doc, /## Not supported/);
});
