/**
 * Replay reuse: a query run window after window with a window cache (partial aggregates of
 * whole hours and days kept between runs) returns exactly what each run returns without it —
 * the same rows in the same order — on random tenants, for the baseline shapes of the rule
 * pack, windows that end on and off the hour, and tables out of time order. And the filter
 * chain (time bounds of stacked filters chosen through the index at once) returns what the
 * filters return one after another.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Catalog, type Schema, Table, compile, createWindowCache, execute, msToTicks, runQuery } from "../../src/index.js";
import { inTimeOrder } from "../../src/exec/time-order.js";

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "ResultType", type: "string" },
  { name: "Sp", type: "string" },
  { name: "IP", type: "string" },
  { name: "Res", type: "string" },
  { name: "N", type: "long" },
];
const BASE = Date.UTC(2026, 10, 20, 0, 0, 0);
const HOUR = 3_600_000;

const row = fc.record({
  // Many rows exactly on an hour or a day, where the window's pieces meet.
  minute: fc.option(fc.oneof(fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }), fc.integer({ min: 0, max: 3 * 24 - 1 }).map((h) => h * 60)), { nil: null, freq: 30 }),
  second: fc.constantFrom(0, 0, 0, 1, 30, 59),
  result: fc.constantFrom("0", "0", "0", "50126", ""),
  sp: fc.constantFrom("a", "b", "c", "d"),
  ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "52.1.1.1", "52.1.1.2", "8.8.8.8", "1.1.1.1", ""),
  res: fc.constantFrom("Graph", "KeyVault", "Storage", "ARM"),
  n: fc.option(fc.integer({ min: -5, max: 50 }), { nil: null, freq: 10 }),
});

/** A tenant: rows mostly in time order, `late` of them moved out of it. */
const tenant = fc.record({ rows: fc.array(row, { minLength: 80, maxLength: 400, size: "max" }), late: fc.integer({ min: 0, max: 5 }) }).map(({ rows, late }) => {
  const sorted = [...rows].sort((x, y) => (x.minute ?? 1e9) - (y.minute ?? 1e9));
  for (let k = 0; k < late && sorted.length > 2; k++) sorted.push(sorted.splice(k * 7 % sorted.length, 1)[0]!);
  return sorted.map((r) => [r.minute === null ? null : msToTicks(BASE + r.minute * 60_000 + r.second * 1000), r.result, r.sp, r.ip, r.res, r.n]);
});

const QUERIES: { name: string; text: string; period: number }[] = [
  {
    name: "hourly counts, then their sums (RULE-12)",
    period: 2 * 24 * HOUR,
    text: `T | where TimeGenerated between (ago(2d) .. ago(1h)) | where ResultType == "0"
      | summarize Hourly = count() by Sp, Hour = bin(TimeGenerated, 1h)
      | summarize Total = sum(Hourly), Active = count(), First = min(Hour) by Sp`,
  },
  {
    name: "countif, dcount of days, make_set with a size, max (RULE-05)",
    period: 2 * 24 * HOUR,
    text: `T | where TimeGenerated between (ago(2d) .. ago(1h)) | where ResultType == "0"
      | summarize C = count(), Off = countif(hourofday(TimeGenerated) < 7), Days = dcount(startofday(TimeGenerated)),
          Res = make_set(Res, 3), Last = max(TimeGenerated), Low = min(N), Ips = dcount(IP) by Sp`,
  },
  {
    name: "a shared let filtered again for its last hours (RULE-25)",
    period: 2 * 24 * HOUR,
    text: `let S = T | where TimeGenerated > ago(2d) | where ResultType == "0";
      S | where TimeGenerated < ago(6h) | summarize C = count(), Ips = make_set(IP, 4) by Sp
      | join kind=leftouter (S | where TimeGenerated > ago(6h) | summarize R = count(), Ips2 = make_set(IP) by Sp) on Sp`,
  },
  {
    name: "extend in the chain, -if aggregates, integer sums",
    period: 36 * HOUR,
    text: `T | extend H = hourofday(TimeGenerated) | where H >= 2 and TimeGenerated > ago(1d) and isnotempty(IP)
      | summarize S = sum(N), Si = sumif(N, ResultType == "0"), Ms = make_set_if(Res, H > 5, 2), Di = dcountif(Res, H < 12),
          Mx = maxif(N, H > 3) by Sp, ResultType`,
  },
  {
    name: "everything up to the run (a hunt)",
    period: Number.POSITIVE_INFINITY,
    text: "T | summarize C = count(), Ips = make_set(IP), F = min(TimeGenerated) by Sp, Res",
  },
];

function rowsOf(r: ReturnType<typeof execute>): unknown {
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  const t = r.tables[r.tables.length - 1]!;
  return { schema: t.schema, rows: t.rows() };
}

describe("window cache", () => {
  for (const q of QUERIES)
    test(`${q.name}: every window as without the cache`, () => {
      let windowed = 0;
      fc.assert(
        fc.property(tenant, fc.constantFrom(HOUR, 20 * 60_000, 3 * HOUR), fc.integer({ min: 0, max: 59 }), (rows, step, offset) => {
          const catalog = new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, rows));
          const compiled = compile(q.text, catalog);
          const cache = createWindowCache();
          for (let end = BASE + offset * 60_000; end <= BASE + 3 * 24 * HOUR + HOUR; end += step) {
            const options = { now: end, timeRange: { from: end - q.period, to: end } };
            const plain = rowsOf(execute(compiled, catalog, options));
            const cached = rowsOf(execute(compiled, catalog, { ...options, windowCache: cache }));
            assert.deepEqual(cached, plain, `window ending ${new Date(end).toISOString()}`);
          }
          windowed += cache.stats.windowedRuns;
        }),
        { numRuns: 12 },
      );
      // The cache must have been used, or this test compares the plain path with itself.
      assert.ok(windowed > 0, "no run answered from partials");
    });

  test("a query the cache cannot answer (avg) runs the plain path", () => {
    const rows = [[msToTicks(BASE), "0", "a", "", "Graph", 1]];
    const catalog = new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, rows));
    const cache = createWindowCache();
    const r = execute(compile("T | where TimeGenerated > ago(1d) | summarize avg(N) by Sp", catalog), catalog, { now: BASE + HOUR, windowCache: cache });
    assert.deepEqual(r.tables[0]!.rows(), [["a", 1]]);
    assert.equal(cache.stats.windowedRuns, 0);
    assert.equal(cache.stats.plainRuns, 1);
  });
});

describe("filter chain", () => {
  test("stacked filters over a scan = the same filters one after another", () => {
    fc.assert(
      fc.property(tenant, fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 70 }), (rows, far, near) => {
        const catalog = new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, rows));
        const now = BASE + 3 * 24 * HOUR;
        const chain = `T | where TimeGenerated > ago(${far}h) | where ResultType == "0" | where TimeGenerated < ago(${near}h) | project TimeGenerated, Sp, IP`;
        // A projection between the filters keeps them apart (each then reads what the one below returned).
        const apart = `T | where TimeGenerated > ago(${far}h) | extend X = 1 | where ResultType == "0" | extend X = 2 | where TimeGenerated < ago(${near}h) | project TimeGenerated, Sp, IP`;
        const a = runQuery(chain, catalog, { now });
        const b = runQuery(apart, catalog, { now });
        assert.deepEqual(a.tables[0]!.rows(), b.tables[0]!.rows());
      }),
      { numRuns: 100 },
    );
  });
});

describe("time order", () => {
  test("rows sorted by TimeGenerated, stably, rows without a time last", () => {
    const s: Schema = [
      { name: "TimeGenerated", type: "datetime" },
      { name: "k", type: "long" },
    ];
    const t = inTimeOrder(Table.fromRows(s, [[5, 0], [null, 1], [3, 2], [5, 3], [1, 4], [null, 5], [3, 6]]));
    assert.deepEqual(t.rows(), [[1, 4], [3, 2], [3, 6], [5, 0], [5, 3], [null, 1], [null, 5]]);
    const ordered = Table.fromRows(s, [[1, 0], [2, 1], [null, 2]]);
    assert.equal(inTimeOrder(ordered), ordered);
  });
});
