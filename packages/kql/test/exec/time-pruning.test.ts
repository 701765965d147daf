/**
 * Time-range pruning and the query time range: a `where` over a table scan reads only its time
 * range through a sorted index; the result must equal the unpruned evaluation, always.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Catalog, type Schema, Table, msToTicks, runQuery } from "../../src/index.js";

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "Other", type: "datetime" },
  { name: "k", type: "long" },
];
const BASE = Date.UTC(2026, 10, 1);
const MIN = 60_000;

function catalogOf(minutes: (number | null)[]): Catalog {
  const rows = minutes.map((m, i) => [m === null ? null : msToTicks(BASE + m * MIN), msToTicks(BASE + i * MIN), i]);
  return new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, rows));
}

function keys(q: string, c: Catalog, opts: Parameters<typeof runQuery>[2] = {}): number[] {
  const r = runQuery(q, c, { now: BASE + 100 * MIN, ...opts });
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r.tables[0]!.rows().map((row) => row[0] as number);
}

describe("time-range pruning", () => {
  test("pruned and unpruned filters agree on random data and ranges", () => {
    const ops = [">", ">=", "<", "<=", "=="];
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }), { maxLength: 40 }),
        fc.constantFrom(...ops),
        fc.integer({ min: -5, max: 125 }),
        fc.constantFrom(...ops),
        fc.integer({ min: -5, max: 125 }),
        (minutes, op1, a, op2, b) => {
          const c = catalogOf(minutes);
          const x = `datetime_add('minute', ${a}, datetime(2026-11-01))`;
          const y = `ago(${100 - b}m)`;
          const cond = `TimeGenerated ${op1} ${x} and ${y} ${op2} TimeGenerated`;
          const pruned = keys(`T | where ${cond} | project k`, c);
          const unpruned = keys(`T | extend z = 0 | where ${cond} | project k`, c);
          assert.deepEqual(pruned, unpruned);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("between and a range on another datetime column", () => {
    const c = catalogOf([5, 10, 15, 20, 25]);
    assert.deepEqual(keys("T | where TimeGenerated between (datetime(2026-11-01 00:10) .. datetime(2026-11-01 00:20)) | project k", c), [1, 2, 3]);
    assert.deepEqual(keys("T | where Other >= datetime(2026-11-01 00:03) | project k", c), [3, 4]);
  });

  test("the query time range hides rows outside [from, to] on TimeGenerated, in every scan", () => {
    const c = catalogOf([5, 10, 15, 20, 25, null]);
    const timeRange = { from: BASE + 10 * MIN, to: BASE + 20 * MIN };
    assert.deepEqual(keys("T | project k", c, { timeRange }), [1, 2, 3]);
    assert.deepEqual(keys("T | where k >= 0 | project k", c, { timeRange }), [1, 2, 3]);
    assert.deepEqual(keys("T | where TimeGenerated > datetime(2026-11-01 00:12) | project k", c, { timeRange }), [2, 3]);
    assert.deepEqual(keys("union T, T | summarize count()", c, { timeRange }), [6]);
  });
});
