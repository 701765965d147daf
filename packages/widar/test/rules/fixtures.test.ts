/**
 * Every rule's fixture cases (rules/fixtures/<ID>/<case>/) pass, and every rule has at least one
 * positive case (alerts expected) and one negative case (none). Also: how expected alerts are
 * compared with result rows.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareAlerts, valuesEqual } from "../../src/rules/fixtures/compare-alerts.js";
import { loadCases, runCase } from "../../src/rules/fixtures/fixture-cases.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { RULES_DIR } from "./helpers.js";

const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

describe("rule fixtures", () => {
  for (const rule of rules) {
    const { cases, problems } = loadCases(rule);
    describe(rule.id, () => {
      test("has positive and negative cases", () => {
        assert.deepEqual(problems, []);
        assert.ok(cases.some((c) => c.alerts.length > 0), "no positive case");
        assert.ok(cases.some((c) => c.alerts.length === 0), "no negative case");
      });
      for (const c of cases)
        test(c.name, async () => {
          const r = await runCase(rule, c);
          assert.deepEqual(r.problems, [], c.description);
        });
    });
  }
});

describe("expected alerts against rows", () => {
  test("values compare as Kusto values: instants, sets, reals", () => {
    assert.ok(valuesEqual("2026-11-21T11:40:00Z", "2026-11-21T11:40:00.0000000Z"));
    assert.ok(!valuesEqual("2026-11-21T11:40:00Z", "2026-11-21T11:40:01.0000000Z"));
    assert.ok(valuesEqual(["b", "a"], ["a", "b"]));
    assert.ok(!valuesEqual(["a"], ["a", "b"]));
    assert.ok(valuesEqual(0.1 + 0.2, 0.3));
    assert.ok(valuesEqual({ k: [2, 1] }, { k: [1, 2] }));
    assert.ok(!valuesEqual("1", 1));
  });

  test("an expected alert names only the columns it checks; each matches a different row", () => {
    const rows = [
      { A: "x", N: 1, S: "High" },
      { A: "x", N: 2, S: "Low" },
    ];
    assert.deepEqual(compareAlerts([{ A: "x", S: "Low" }, { A: "x" }], rows), []);
    assert.deepEqual(compareAlerts([{ A: "x" }], rows), ["expected 1 alert, got 2"]);
    assert.deepEqual(compareAlerts([{ A: "x", S: "High" }, { A: "x", S: "High" }], rows), [
      "expected alerts match the same rows: each must match a different row",
    ]);
    assert.deepEqual(compareAlerts([{ Z: 1 }, { A: "y" }], rows), ['missing {"Z":1} (no column Z)', 'missing {"A":"y"} (A: expected "y", got "x")']);
    assert.deepEqual(compareAlerts([], []), []);
  });
});
