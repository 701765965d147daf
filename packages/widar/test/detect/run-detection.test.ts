/**
 * The runtime's scheduled runs over a store: trigger operators, suppression, failures that stay
 * with their rule, checkpoints, reruns and overlapping replays that change nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Diagnostic, Table } from "@widar/kql";
import type { QueryRunner, QueryWindow, RunOutcome } from "../../src/detect/query-runner.js";
import { runDetection } from "../../src/detect/run-detection.js";
import { runTimes } from "../../src/detect/schedule.js";
import type { Rule } from "../../src/rules/rule.js";
import { listAlerts } from "../../src/store/alerts.js";
import { listIncidents } from "../../src/store/incidents.js";
import { getCheckpoint, listRuns } from "../../src/store/runs.js";
import { H, makeRule, T0, table, tempStore } from "./support.js";

const schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "Who", type: "string" },
] as const;

/** A runner whose results are a function of the rule and the window: rows at the given hours. */
class FakeRunner implements QueryRunner {
  readonly source = "local";
  calls = 0;
  constructor(
    private readonly rowsAt: (rule: Rule, endMs: number) => number,
    private readonly fail: (rule: Rule) => Diagnostic | undefined = () => undefined,
  ) {}
  prepare(rule: Rule): readonly Diagnostic[] {
    const d = this.fail(rule);
    return d === undefined || d.code !== "KS142" ? [] : [d];
  }
  run(rule: Rule, w: QueryWindow): RunOutcome {
    this.calls++;
    const d = this.fail(rule);
    if (d !== undefined) return { diagnostics: [d] };
    const n = this.rowsAt(rule, w.endMs);
    const t: Table = table(
      schema,
      Array.from({ length: n }, (_, i) => [new Date(w.endMs - 60_000).toISOString(), `user${i}`]),
    );
    return { table: t, diagnostics: [] };
  }
}

const perResult = { eventGroupingSettings: { aggregationKind: "AlertPerResult" }, entityMappings: [{ entityType: "Account", fieldMappings: [{ identifier: "Name", columnName: "Who" }] }] };

describe("scheduled runs", () => {
  test("run times lie on the epoch grid: an hourly rule runs on the hour, whatever the period's start", () => {
    assert.deepEqual(
      runTimes(H, T0 - 90 * 60_000, T0 + 30 * 60_000).map((t) => new Date(t).toISOString()),
      ["2026-11-20T09:00:00.000Z", "2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00.000Z"],
    );
  });

  for (const [op, threshold, fires] of [
    ["gt", 1, [false, false, true]],
    ["lt", 1, [true, false, false]],
    ["eq", 1, [false, true, false]],
    ["ne", 1, [true, false, true]],
  ] as const)
    test(`trigger ${op} ${threshold} on 0, 1, 2 rows`, async () => {
      const t = tempStore();
      try {
        const rule = makeRule({ triggerOperator: op, triggerThreshold: threshold });
        const runner = new FakeRunner((_r, end) => (end - T0) / H);
        const r = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 2 * H });
        const fired = listRuns(t.store.db).map((run) => run.alertCount > 0);
        assert.deepEqual(fired, fires);
        assert.equal(r.rules[0]!.triggeredRuns, fires.filter(Boolean).length);
      } finally {
        t.done();
      }
    });

  test("suppression: after an alert the rule does not run for suppressionDuration", async () => {
    const t = tempStore();
    try {
      const rule = makeRule({ sentinel: { suppressionEnabled: true, suppressionDuration: "2h" } });
      const runner = new FakeRunner(() => 1);
      await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 5 * H });
      assert.deepEqual(
        listRuns(t.store.db).map((r) => r.status),
        ["Success", "Suppressed", "Success", "Suppressed", "Success", "Suppressed"],
      );
      assert.equal(runner.calls, 3);
      assert.equal(listAlerts(t.store.db).length, 3);
    } finally {
      t.done();
    }
  });

  test("a failing rule fails alone: its runs are recorded with the code, the others run", async () => {
    const t = tempStore();
    try {
      const bad = makeRule({ id: "BAD-01" });
      const good = makeRule({ id: "GOOD-01", sentinel: perResult });
      const runner = new FakeRunner(
        () => 1,
        (r) => (r.id === "BAD-01" ? { code: "WQ004", severity: "error", message: "boom" } : undefined),
      );
      const r = await runDetection({ rules: [bad, good], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + H });
      assert.deepEqual(
        r.rules.map((x) => [x.rule.id, x.runs, x.failedRuns, x.alerts.length]),
        [
          ["BAD-01", 2, 2, 0],
          ["GOOD-01", 2, 0, 2],
        ],
      );
      assert.equal(r.rules[0]!.diagnostics[0]!.code, "WQ004");
      const failures = listRuns(t.store.db, { status: "Failure" });
      assert.deepEqual(
        failures.map((f) => [f.ruleId, f.diagnosticCode, f.message]),
        [
          ["BAD-01", "WQ004", "boom"],
          ["BAD-01", "WQ004", "boom"],
        ],
      );
      // A failed window still moves the checkpoint: a rule that always fails must not hold live mode back.
      assert.equal(getCheckpoint(t.store.db, "BAD-01", "local"), T0 + H);
    } finally {
      t.done();
    }
  });

  test("a rerun over the same data changes nothing; an overlapping replay adds only its new windows", async () => {
    const t = tempStore();
    try {
      const rule = makeRule({ sentinel: { ...perResult, incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true, matchingMethod: "AnyAlert", lookbackDuration: "1d" } } } });
      const runner = new FakeRunner((_r, end) => ((end - T0) / H) % 2);
      const snapshot = () =>
        JSON.stringify({
          alerts: t.store.db.prepare("SELECT * FROM alerts ORDER BY alert_id").all(),
          incidents: t.store.db.prepare("SELECT * FROM incidents ORDER BY incident_id").all(),
          history: t.store.db.prepare("SELECT * FROM incident_history ORDER BY incident_id, version").all(),
        });
      await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 6 * H });
      const first = snapshot();
      const again = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 6 * H });
      assert.equal(again.newAlerts, 0);
      assert.equal(snapshot(), first);
      assert.equal(again.rules[0]!.alerts.length, 3, "a rerun still reports the alerts of its triggered runs");
      const overlap = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 + 3 * H - 1, toMs: T0 + 9 * H });
      assert.equal(overlap.newAlerts, 2, "windows 7h and 9h are new; 3h and 5h were stored");
      assert.equal(listAlerts(t.store.db).length, 5);
      assert.equal(listIncidents(t.store.db).length, 1);
      assert.equal(listIncidents(t.store.db)[0]!.alertCount, 5);
    } finally {
      t.done();
    }
  });

  test("skipCompleted runs only the windows the store does not hold", async () => {
    const t = tempStore();
    try {
      const rule = makeRule({ sentinel: perResult });
      const runner = new FakeRunner(() => 1);
      await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 2 * H });
      const calls = runner.calls;
      const r = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + 4 * H, skipCompleted: true });
      assert.equal(runner.calls - calls, 2);
      assert.equal(r.rules[0]!.alerts.length, 5);
    } finally {
      t.done();
    }
  });

  test("runs of several rules are made in one time order, so incidents are numbered as they were opened", async () => {
    const t = tempStore();
    try {
      const hourly = makeRule({ id: "A-HOURLY", sentinel: perResult });
      const half = makeRule({ id: "B-HALF", queryFrequencyMs: H / 2, queryPeriodMs: H / 2, sentinel: perResult });
      const runner = new FakeRunner((r, end) => (r.id === "A-HOURLY" ? 1 : end % H === 0 ? 0 : 1));
      await runDetection({ rules: [hourly, half], runner, store: t.store, fromMs: T0 - 1, toMs: T0 + H });
      const inc = listIncidents(t.store.db).sort((a, b) => a.incidentNumber - b.incidentNumber);
      assert.deepEqual(
        inc.map((i) => [i.incidentNumber, i.ruleId, new Date(i.createdMs).toISOString().slice(11, 16)]),
        [
          [1, "A-HOURLY", "10:00"],
          [2, "B-HALF", "10:30"],
          [3, "A-HOURLY", "11:00"],
        ],
      );
    } finally {
      t.done();
    }
  });
});
