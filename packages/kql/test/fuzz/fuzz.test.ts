/**
 * The fuzz harness in CI: 300 cases of seed 1 (mutated pack, docs and corpus queries, random
 * calls of every function and aggregate, pipelines, deep nesting) must all end in a result or a
 * coded diagnostic with a span: no raw exception, no internal error, no hang past the time
 * limit, no dead process. A longer run is `npm run fuzz -- --cases 10000 --seed 1` (docs/fuzzing.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fuzz } from "../../fuzz/driver.js";

test("300 fuzz cases (seed 1): every outcome is a result or a coded diagnostic with a span", { timeout: 30 * 60_000 }, async () => {
  // A 2 s time limit (the long run's is 5 s): a case that meets it proves as much, sooner.
  const summary = await fuzz({ cases: 300, seed: 1, timeoutMs: 2000 });
  const failures = summary.failures.map((f) => `case ${f.index} (${f.kind}) ${f.outcome}${f.code ? ` ${f.code}` : ""}: ${f.message ?? ""}\n  ${f.query.slice(0, 300)}`);
  assert.deepEqual(failures, []);
  const total = Object.values(summary.byOutcome).reduce((a, b) => a + b, 0);
  assert.equal(total, 300);
  // The harness reaches the engine: many cases bind and run to a result.
  assert.ok((summary.byOutcome.result ?? 0) > 60, JSON.stringify(summary.byOutcome));
});
