/**
 * The practitioner corpus (../shared/corpus/reprise99-sentinel-queries): every query binds,
 * lowers and runs on empty tables, or fails for a reason the checked-in expectations file names:
 * a table or function the workspace must have, external data, or the query's own mistake. A
 * query that starts failing, or a listed one that now passes, fails the test: the list only
 * shrinks, and an engine gap (widar's) is never an expected failure.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readCases } from "../../src/conformance/conformance-runner.js";
import { corpusSummary, runCorpus } from "../../src/conformance/corpus-runner.js";
import { renderMeasured } from "../../src/conformance/measured.js";
import { REPO_ROOT, SHARED } from "../support/paths.js";

interface Expectation {
  readonly file: string;
  readonly line: number;
  readonly class: string;
  readonly reason: string;
}

interface Expectations {
  readonly corpus: string;
  /** Queries in the corpus (files split as ../../src/conformance/split-queries.ts splits them). */
  readonly queries: number;
  readonly failures: readonly Expectation[];
}

const CORPUS = join(SHARED, "corpus", "reprise99-sentinel-queries");
const EXPECTATIONS = join(REPO_ROOT, "packages", "widar", "test", "conformance", "corpus-expectations.json");
const ALLOWED = new Set(["table-absent", "function-absent", "externaldata", "query-error"]);

describe("practitioner corpus", { skip: !existsSync(CORPUS) && "no ../shared/corpus beside the repository" }, () => {
  const file: Expectations = JSON.parse(readFileSync(EXPECTATIONS, "utf8"));
  const expected = file.failures;

  test("each expected failure has an allowed class and a reason, once", () => {
    const seen = new Set<string>();
    for (const e of expected) {
      const key = `${e.file}:${e.line}`;
      assert.ok(!seen.has(key), `${key}: listed twice`);
      seen.add(key);
      assert.ok(ALLOWED.has(e.class), `${key}: class ${e.class} is not an expected failure (an engine gap must be fixed, not listed)`);
      assert.ok(e.reason.trim().length > 10, `${key}: give the reason`);
    }
  });

  test("every query passes unless listed, with the class listed; listed queries still fail", async (t) => {
    const outcomes = await runCorpus(CORPUS);
    const listed = new Map(expected.map((e) => [`${e.file}:${e.line}`, e]));
    const unexpected: string[] = [];
    const fixed: string[] = [];
    for (const o of outcomes) {
      const key = `${o.file}:${o.line}`;
      const e = listed.get(key);
      if (o.passed) {
        if (e !== undefined) fixed.push(`${key} now passes: remove it from corpus-expectations.json`);
      } else if (e === undefined) unexpected.push(`${key} [${o.failure}] ${o.error}`);
      else if (e.class !== o.failure) unexpected.push(`${key}: fails as ${o.failure}, listed as ${e.class}: ${o.error}`);
      listed.delete(key);
    }
    const gone = [...listed.keys()].map((k) => `${k}: listed, but the corpus has no such query`);
    assert.equal(outcomes.length, file.queries, "the corpus's query count (update `queries`)");
    const { passed, failed, byClass } = corpusSummary(outcomes);
    t.diagnostic(`corpus: ${passed} passed, ${failed} failed (${[...byClass].map(([c, n]) => `${n} ${c}`).join(", ")})`);
    assert.deepEqual([...unexpected, ...gone], [], "queries failing that the expectations do not name");
    assert.deepEqual(fixed, [], "listed queries that pass");
  });
});

describe("docs/kql-coverage.md", () => {
  test("ends with the figures of the lists (regenerate: npx tsc -b && node scripts/gen-coverage.mjs)", () => {
    const lists = join(REPO_ROOT, "packages", "widar", "test", "conformance");
    const measured = renderMeasured({
      docsCases: readCases(join(SHARED, "conformance", "kql-docs.jsonl")).cases,
      knownFailures: JSON.parse(readFileSync(join(lists, "known-failures.json"), "utf8")),
      corpus: JSON.parse(readFileSync(EXPECTATIONS, "utf8")),
    });
    const doc = readFileSync(join(REPO_ROOT, "docs", "kql-coverage.md"), "utf8");
    assert.ok(doc.endsWith(`\n${measured}`), "docs/kql-coverage.md's measured section is stale");
  });
});
