/**
 * Replay as Sentinel's scheduler runs a rule: one run per queryFrequency, none skipped, each
 * seeing only [end − queryPeriod, end] with now = end; hunting queries run over everything the
 * workspace held at each run (never a later record), by default once at the end.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, Table, msToTicks } from "@widar/kql";
import { replayRule } from "../../src/rules/replay.js";
import type { Rule } from "../../src/rules/rule.js";
import { parseSentinelRuleFile } from "../../src/rules/sentinel-rule-file.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-20T00:00:00Z");

function catalogWith(times: readonly number[]): Catalog {
  const schema = [
    { name: "TimeGenerated", type: "datetime" as const },
    { name: "Name", type: "string" as const },
  ];
  return new Catalog().addTable(
    "AuditLogs",
    schema,
    Table.fromRows(
      schema,
      times.map((t, i) => [msToTicks(t), `r${i}`]),
    ),
  );
}

function rule(yamlBody: string): Rule {
  const r = parseSentinelRuleFile(yamlBody, "RULE-99-test.yaml");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r.rule!;
}

const scheduled = (query: string) =>
  rule(`id: 7d1e2c7a-0000-4000-8000-000000000099
name: Test rule
description: test
version: 1.0.0
severity: Medium
queryFrequency: 1h
queryPeriod: 2h
triggerOperator: gt
triggerThreshold: 0
tactics: []
relevantTechniques: []
query: |
  ${query}
kind: Scheduled
`);

const hunting = (query: string) =>
  rule(`id: 7d1e2c7a-0000-4000-8000-000000000098
name: Test hunt
description: a hunt
query: |
  ${query}
`);

describe("replay", () => {
  test("scheduled: every window once, each sees [end - period, end] only", () => {
    // Records at 00:30 and 03:30: a 2h period sees each from two consecutive runs, never a later one.
    const c = catalogWith([T0 + 0.5 * HOUR, T0 + 3.5 * HOUR]);
    const r = replayRule(scheduled("AuditLogs | summarize n = count() | where n > 0"), c, T0, T0 + 6 * HOUR);
    assert.equal(r.runs, 6);
    assert.deepEqual(
      r.triggered.map((t) => (t.windowEndMs - T0) / HOUR),
      [1, 2, 4, 5],
    );
  });

  test("scheduled: the trigger threshold counts result rows", () => {
    const c = catalogWith([T0 + 0.2 * HOUR, T0 + 0.4 * HOUR, T0 + 1.5 * HOUR]);
    const twoOrMore = rule(`id: 7d1e2c7a-0000-4000-8000-000000000097
name: Two or more
description: test
version: 1.0.0
severity: Low
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 1
tactics: []
relevantTechniques: []
query: |
  AuditLogs | where TimeGenerated > ago(1h)
kind: Scheduled
`);
    const r = replayRule(twoOrMore, c, T0, T0 + 2 * HOUR);
    assert.deepEqual(
      r.triggered.map((t) => [(t.windowEndMs - T0) / HOUR, t.result.rowCount]),
      [[1, 2]],
    );
  });

  test("hunting: once at the end by default, over everything up to it", () => {
    const c = catalogWith([T0 + 0.5 * HOUR, T0 + 30 * HOUR]);
    const r = replayRule(hunting("AuditLogs"), c, T0, T0 + 48 * HOUR);
    assert.equal(r.runs, 1);
    assert.equal(r.triggered[0]!.result.rowCount, 2);
  });

  test("hunting every day: each run sees only the records that existed at it", () => {
    // `ago()` has no upper bound: without the run's time range the first run would see the
    // record of the next day too.
    const c = catalogWith([T0 + 10 * HOUR, T0 + 30 * HOUR]);
    const r = replayRule(hunting("AuditLogs | where TimeGenerated > ago(1d)"), c, T0, T0 + 48 * HOUR, { huntEveryMs: 24 * HOUR });
    assert.equal(r.runs, 2);
    assert.deepEqual(
      r.triggered.map((t) => [(t.windowEndMs - T0) / HOUR, t.result.rowCount]),
      [
        [24, 1],
        [48, 1],
      ],
    );
  });
});
