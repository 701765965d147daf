/**
 * The conformance comparer against ../shared/conformance/README.md: values, not text. Each case is
 * an engine value, its type, a documented cell, and whether they are the same value.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, type KType, type Value, parseDatetime, runQuery } from "@widar/kql";
import { cellMatches } from "../../src/conformance/compare-cells.js";
import { type ConformanceCase, compareResult } from "../../src/conformance/conformance-runner.js";

const T = parseDatetime("2020-01-01T00:00:00Z")!;

const cells: [string, Value, KType, string, boolean][] = [
  ["an integer", 42, "long", "42", true],
  ["thousands separators", 1048576, "long", "1,048,576", true],
  ["separators that are not groups of three", 10485, "long", "1,0485", false],
  ["a real to the digits printed", 0.226415022388749, "real", "0.2264", true],
  ["a real that differs in a printed digit", 0.2265, "real", "0.2264", false],
  ["NaN", Number.NaN, "real", "NaN", true],
  ["NaN is not empty", Number.NaN, "real", "", false],
  ["null is an empty cell", null, "long", "", true],
  ["null as &nbsp;", null, "string", "&nbsp;", true],
  ["null as (null)", null, "datetime", "(null)", true],
  ["an empty string is an empty cell", "", "string", "", true],
  ["zero is not empty", 0, "long", "", false],
  ["booleans in either case", true, "bool", "True", true],
  ["a bool printed as 1 is not true (README: values, not text)", true, "bool", "1", false],
  ["datetimes in any printed form", T, "datetime", "2020-01-01 00:00:00.0000000", true],
  ["a different instant", T, "datetime", "2020-01-01 00:00:01", false],
  ["timespans", 36_000_000_000, "timespan", "01:00:00", true],
  ["dynamic with single quotes and spacing", { a: [1, 2] }, "dynamic", "{ 'a': [1,2] }", true],
  ["dynamic key order does not matter", { a: 1, b: 2 }, "dynamic", `{"b":2,"a":1}`, true],
  ["dynamic with a different value", { a: 1 }, "dynamic", `{"a":2}`, false],
  ["a scalar in dynamic prints bare", "abc", "dynamic", "abc", true],
  ["guids in either case", "74be27de-1e4e-49d9-b579-fe0b331d3642", "guid", "74BE27DE-1E4E-49D9-B579-FE0B331D3642", true],
  ["strings are case-sensitive", "abc", "string", "ABC", false],
];

describe("cellMatches", () => {
  for (const [name, v, type, cell, expected] of cells) test(name, () => assert.equal(cellMatches(v, type, cell), expected));
});

function table(query: string) {
  const r = runQuery(query, new Catalog());
  assert.deepEqual(r.diagnostics, []);
  return r.tables[0]!;
}

function kase(query: string, columns: string[], rows: string[][]): ConformanceCase {
  return { id: "t", source: "test", line: 1, query, columns, rows, tags: [] };
}

describe("compareResult", () => {
  const q = "datatable(a:long)[2, 1]";
  test("rows compare as a multiset without order by", () => assert.equal(compareResult(table(q), kase(q, ["a"], [["1"], ["2"]])), undefined));
  test("rows compare in order with sort by", () => {
    const s = `${q} | sort by a desc`;
    assert.equal(compareResult(table(s), kase(s, ["a"], [["2"], ["1"]])), undefined);
    assert.match(compareResult(table(s), kase(s, ["a"], [["1"], ["2"]])) ?? "", /row 1/);
  });
  test("column names must match", () => assert.match(compareResult(table(q), kase(q, ["result"], [["1"], ["2"]])) ?? "", /columns/));
  test("row counts must match", () => assert.match(compareResult(table(q), kase(q, ["a"], [["1"]])) ?? "", /rows/));
});
