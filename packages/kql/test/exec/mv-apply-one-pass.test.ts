/**
 * mv-apply's one-pass execution (row-wise subquery, optionally ended by summarize) must give
 * exactly the rows of the per-row loop. A trailing `| take 1000000` makes a subquery ineligible
 * for the one pass without changing its result, so each query is checked against that twin.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { partitionSubquery } from "../../src/exec/operators/mv-apply-partitioned.js";
import type { Plan } from "../../src/plan/ir.js";
import { rows } from "../support.js";

const SUBQUERIES = [
  "summarize m = max(v)",
  "summarize n = count(), s = make_list(v), f = take_any(v)",
  "where v > 2 | summarize n = count(), lo = min(v)",
  "where v > 100 | summarize n = count()",
  "summarize n = count() by odd = v % 2",
  "where v % 2 == 0 | summarize n = count() by big = v > 3",
  "extend w = v * k | where w > 4",
  "where isnull(v) or v < 3 | project v, k2 = k + 1",
  "extend s = strcat(tag, '-', v) | summarize list = make_list(s), total = sum(v)",
  "extend lo = tostring(split(r, '-')[0]) | summarize any = max(toint(lo == tag))",
  "project-away k | summarize c = countif(v > 1)",
];

const table = fc.array(
  fc.record({
    k: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
    tag: fc.constantFrom("a", "b", "", "1"),
    r: fc.constantFrom("1-2", "a-b", ""),
    a: fc.array(fc.option(fc.integer({ min: -2, max: 6 }), { nil: null }), { maxLength: 5 }),
  }),
  { maxLength: 8 },
);

function datatable(rs: { k: number | null; tag: string; r: string; a: (number | null)[] }[]): string {
  const cells = rs.map((x) => `${x.k === null ? "long(null)" : x.k}, "${x.tag}", "${x.r}", dynamic([${x.a.map((v) => (v === null ? "null" : v)).join(", ")}])`);
  return `datatable(k:long, tag:string, r:string, a:dynamic)[${cells.join(", ")}]`;
}

describe("mv-apply: one pass equals the per-row loop", () => {
  for (const sub of SUBQUERIES)
    test(sub, () => {
      fc.assert(
        fc.property(table, fc.boolean(), (rs, index) => {
          const head = `${datatable(rs)} | mv-apply ${index ? "with_itemindex=i " : ""}v = a to typeof(long) on`;
          assert.deepEqual(rows(`${head} (${sub})`), rows(`${head} (${sub} | take 1000000)`));
        }),
        { numRuns: 60 },
      );
    });
});

describe("which subqueries take the one pass", () => {
  const input: Plan = { op: "input", id: 7, schema: [{ name: "v", type: "long" }] };
  const col = { kind: "column", type: "long", name: "v" } as const;
  test("row-wise operators ended by summarize: yes", () => {
    const where: Plan = { op: "where", input, predicate: col, schema: input.schema };
    const sum: Plan = { op: "summarize", input: where, by: [], aggregates: [], schema: [] };
    assert.deepEqual(partitionSubquery(sum, 7)?.byless, true);
  });
  test("a window function, a scalar subquery, take, or another input: no", () => {
    const rowNumber: Plan = { op: "project", input, steps: [{ name: "n", expr: { kind: "call", type: "long", fn: "row_number", args: [] } }], schema: input.schema };
    const scalar: Plan = { op: "where", input, predicate: { kind: "scalar-query", type: "bool", id: 1, plan: input }, schema: input.schema };
    const take: Plan = { op: "take", input, count: { kind: "literal", type: "long", value: 1 }, schema: input.schema };
    for (const p of [rowNumber, scalar, take]) assert.equal(partitionSubquery(p, 7), null);
    assert.equal(partitionSubquery(input, 8), null);
  });
});

describe("mv-apply: rows sharing the columns the subquery reads share its result", () => {
  // The twin also reads `id` (unique per row), which turns the sharing off without changing the result.
  const SHARED = [
    "extend lo = tostring(split(r, '-')[0]), hi = tostring(split(r, '-')[1]) | extend inr = ipv4_compare(ip, lo) >= 0 and ipv4_compare(ip, hi) <= 0 | summarize any = max(toint(inr))",
    "where tag == r | project r, tag",
    "extend x = strcat(tag, '/', r)",
    "top 1 by r desc",
    "summarize n = count() by r",
  ];
  const rowsOf = fc.array(
    fc.record({ ip: fc.constantFrom("1.2.3.4", "1.2.3.40", "5.5.5.5", "", "x"), tag: fc.constantFrom("1.2.3.0", "b", ""), note: fc.string({ maxLength: 3 }) }),
    { minLength: 64, maxLength: 160 },
  );
  for (const sub of SHARED)
    test(sub, () => {
      fc.assert(
        fc.property(rowsOf, (rs) => {
          const cells = rs.map((x, i) => `${i}, "${x.ip}", "${x.tag}", "${x.note.replace(/["\\]/g, "")}"`).join(", ");
          const head = `datatable(id:long, ip:string, tag:string, note:string)[${cells}] | mv-apply r = dynamic(["1.2.3.0-1.2.3.9", "b", "5.5.5.5-5.5.5.5"]) to typeof(string) on`;
          assert.deepEqual(rows(`${head} (${sub})`), rows(`${head} (extend _z = id | project-away _z | ${sub})`));
        }),
        { numRuns: 25 },
      );
    });
});
