/**
 * The KQL documentation examples (../shared/conformance/kql-docs.jsonl) against the checked-in
 * known-failures list: every untagged case passes unless the list names it, with its reason.
 * The test fails when a listed case passes (take it off the list: the list only shrinks) and
 * when an unlisted case fails (a regression, or a new case needing a fix or an entry).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type CaseOutcome, readCases, runCase } from "../../src/conformance/conformance-runner.js";
import { REPO_ROOT, SHARED } from "../support/paths.js";

interface KnownFailure {
  readonly id: string;
  readonly source: string;
  /** doc-output (the page's table is wrong), deviation, offline, not-self-contained, not-implemented. */
  readonly category: string;
  readonly reason: string;
}

const CATEGORIES = new Set(["doc-output", "deviation", "offline", "not-self-contained", "not-implemented"]);

const known: KnownFailure[] = JSON.parse(readFileSync(join(REPO_ROOT, "packages", "widar", "test", "conformance", "known-failures.json"), "utf8"));
const { cases, errors } = readCases(join(SHARED, "conformance", "kql-docs.jsonl"));

describe("KQL docs conformance", () => {
  test("the cases file reads cleanly", () => {
    assert.deepEqual(errors, []);
    assert.ok(cases.length > 0);
  });

  test("every known failure names a case of the file, once, with a category and a reason", () => {
    const ids = new Set(cases.map((c) => c.id));
    const seen = new Set<string>();
    for (const k of known) {
      assert.ok(ids.has(k.id), `${k.id}: not a case of kql-docs.jsonl`);
      assert.ok(!seen.has(k.id), `${k.id}: listed twice`);
      seen.add(k.id);
      assert.ok(CATEGORIES.has(k.category), `${k.id}: unknown category ${k.category}`);
      assert.ok(k.reason.trim().length > 10, `${k.id}: give the reason`);
    }
  });

  test("untagged cases pass unless listed; listed cases still fail", () => {
    const listed = new Map(known.map((k) => [k.id, k]));
    const unexpected: string[] = [];
    const fixed: string[] = [];
    let passed = 0;
    for (const c of cases) {
      const o: CaseOutcome = runCase(c, false);
      if (o.status === "skipped") continue;
      if (o.status === "passed") {
        passed++;
        if (listed.has(c.id)) fixed.push(`${c.id} (${c.source}:${c.line}) now passes: remove it from known-failures.json`);
      } else if (!listed.has(c.id)) unexpected.push(`${c.id} (${c.source}:${c.line}): ${o.reason.slice(0, 200)}`);
    }
    assert.deepEqual(unexpected, [], "cases failing that the known-failures list does not name");
    assert.deepEqual(fixed, [], "listed cases that pass");
    assert.ok(passed > 0);
  });
});
