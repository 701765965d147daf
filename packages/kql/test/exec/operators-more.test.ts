/**
 * The operators added for KQL breadth (parse family, scan, window functions, reshaping, plug-ins,
 * search/facet/fork/partition), table-driven: each case is a self-contained query and its exact
 * rows, including null inputs and failed typed conversions. Expected values follow the Kusto docs
 * pages of each operator.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, compile, type Json, runQuery } from "../../src/index.js";
import { rows } from "../support.js";

const KV = `datatable(k:string, v:long)["a", 1, "a", 3, "b", 2]`;
const EV = `datatable(Ts:long, Ev:string)[1,"start",2,"x",3,"stop",4,"start",5,"stop"] | sort by Ts asc`;

const cases: [string, string, Json[][]][] = [
  // parse family
  ["parse simple with typed columns", `print s = "id=12 name=bob" | parse s with "id=" id:long " name=" name:string | project id, name`, [[12, "bob"]]],
  ["parse: no match leaves typed columns null and strings empty", `print s = "The x cats" | parse s with "The " n:long " " what | project n, what`, [[null, ""]]],
  ["parse kind=relaxed keeps the other columns when a conversion fails", `print s = "The x cats" | parse kind=relaxed s with "The " n:long " " what | project n, what`, [[null, "cats"]]],
  ["parse kind=relaxed on a good row", `print s = "The 3 cats" | parse kind=relaxed s with "The " n:long " " what | project n, what`, [[3, "cats"]]],
  ["parse-where drops rows that do not match", `datatable(s:string)["a=1 b", "zz"] | parse-where s with "a=" a:long " " rest | project a, rest`, [[1, "b"]]],
  ["parse-kv with delimiters and a typed key", `print s = "k1=v1;k2=2" | parse-kv s as (k1:string, k2:long) with (pair_delimiter=";", kv_delimiter="=") | project k1, k2`, [["v1", 2]]],
  ["parse-kv on an empty string", `print s = "" | parse-kv s as (k1:string, k2:long) with (pair_delimiter=";", kv_delimiter="=") | project k1, k2`, [["", null]]],
  // schema-level operators
  ["getschema", `datatable(a:long, b:string)[1, "x"] | getschema`, [["a", 0, "System.Int64", "long"], ["b", 1, "System.String", "string"]]],
  ["project-by-names ignores names that are not columns", `print a = 1 | project-by-names "a", "zz"`, [[1]]],
  ["as names the rows for later reference and passes them on", "range x from 1 to 3 step 1 | as T | where x > 1 | count", [[2]]],
  // sampling: the chosen rows are random, their number is not
  ["sample takes n rows", "range x from 1 to 10 step 1 | sample 3 | count", [[3]]],
  ["sample-distinct takes at most n distinct values", `datatable(k:string)["a","b","a","c"] | sample-distinct 5 of k | count`, [[3]]],
  // scan
  ["scan with a declared variable", `${EV} | scan declare (s:long) with (step a: Ev == "start" => s = Ts; step b: Ev == "stop";) | project Ts, s`, [[1, 1], [3, 1], [4, 4], [5, 4]]],
  ["scan with_match_id numbers each completed sequence", `datatable(Ts:long, Ev:string)[1,"a",2,"b",3,"a",4,"b"] | sort by Ts asc | scan with_match_id=m with (step s1: Ev == "a"; step s2: Ev == "b";) | project Ts, m`, [[1, 0], [2, 0], [3, 1], [4, 1]]],
  // window functions
  ["row_number, prev, next, row_cumsum", "range x from 1 to 5 step 1 | serialize | extend r = row_number(), p = prev(x), n = next(x, 2), c = row_cumsum(x)", [[1, 1, null, 3, 1], [2, 2, 1, 4, 3], [3, 3, 2, 5, 6], [4, 4, 3, null, 10], [5, 5, 4, null, 15]]],
  ["prev with a default for the first row", "range x from 1 to 3 step 1 | serialize | extend d = prev(x, 1, -1)", [[1, -1], [2, 1], [3, 2]]],
  ["row_window_session splits on the idle gap", `datatable(T:datetime)[datetime(2024-01-01 00:00), datetime(2024-01-01 00:05), datetime(2024-01-01 01:00)] | sort by T asc | extend s = row_window_session(T, 1h, 10m) | project s`, [["2024-01-01T00:00:00.0000000Z"], ["2024-01-01T00:00:00.0000000Z"], ["2024-01-01T01:00:00.0000000Z"]]],
  // summarize forms
  ["arg_max(v, *) keeps the whole row", `${KV} | summarize arg_max(v, *) by k | order by k asc`, [["a", 3], ["b", 2]]],
  ["arg_min over a group whose only value is null", `datatable(k:string, v:long)["a", 1, "a", 3, "b", long(null)] | summarize arg_min(v, *) by k | order by k asc`, [["a", 1], ["b", null]]],
  ["expressions over aggregates", `${KV} | summarize r = sum(v) * 2 + count() by k | order by k asc`, [["a", 10], ["b", 5]]],
  ["aggregate ratio without by", `datatable(k:string, v:long)["a", 1, "b", 2] | summarize m = max(v) / toreal(count())`, [[1]]],
  // reshaping
  ["top-nested", `${KV} | top-nested 1 of k by sum(v)`, [["a", 4]]],
  ["top-hitters", `${KV} | top-hitters 1 of k by v`, [["a", 4]]],
  ["make-series fills empty bins with the default", `datatable(T:datetime, v:long)[datetime(2024-01-01), 1, datetime(2024-01-03), 5] | make-series s = sum(v) default = 0 on T from datetime(2024-01-01) to datetime(2024-01-04) step 1d`, [[[1, 0, 5], ["2024-01-01T00:00:00.0000000Z", "2024-01-02T00:00:00.0000000Z", "2024-01-03T00:00:00.0000000Z"]]]],
  ["lookup keeps unmatched left rows", `let L = datatable(k:string, n:long)["a", 1]; datatable(k:string, v:long)["a", 5, "b", 6] | lookup L on k`, [["a", 5, 1], ["b", 6, null]]],
  ["mv-expand limit caps the rows per input row", "print x = dynamic([1,2,3]) | mv-expand x limit 2", [[1], [2]]],
  ["a compound name splits a tuple-valued call", `print (a, b) = array_sort_asc(dynamic([2,1]), dynamic(["b","a"]))`, [[[1, 2], ["a", "b"]]]],
  ["compound names on a multi-column aggregate", `datatable(k:string, v:long, w:string)["a",1,"x","a",2,"y"] | summarize (m, ww) = arg_max(v, w) by k`, [["a", 2, "y"]]],
  ["toscalar of a scalar, in a function body, is computed once per query", "let y = () {toscalar(rand(1000))}; print a = y, b = y | project same = a == b", [[true]]],
  ["toscalar in a function with parameters is computed per argument", "let f = (n:long) { toscalar(range i from 1 to n step 1 | count) }; print f(2), f(5)", [[2, 5]]],
  ["mv-expand with_itemindex", `datatable(k:string, a:dynamic)["x", dynamic([10, 20])] | mv-expand with_itemindex=i a | project i, a`, [[0, 10], [1, 20]]],
  ["reduce: distinct messages stay apart", `datatable(s:string)["err: disk 1 full", "err: disk 2 full", "ok"] | reduce by s`, [["err: disk 1 full", 1, "err: disk 1 full"], ["err: disk 2 full", 1, "err: disk 2 full"], ["ok", 1, "ok"]]],
  // plug-ins
  ["bag_unpack: missing keys are null/empty", `datatable(d:dynamic)[dynamic({"a":1,"b":"x"}), dynamic({"a":2})] | evaluate bag_unpack(d)`, [[1, "x"], [2, ""]]],
  ["pivot fills absent cells with the aggregate's empty value", `datatable(k:string, c:string, v:long)["r1","x",1,"r1","y",2,"r2","x",3] | evaluate pivot(c, sum(v))`, [["r1", 1, 2], ["r2", 3, 0]]],
  ["narrow", `datatable(a:long, b:string)[1, "x"] | evaluate narrow()`, [[0, "a", "1"], [0, "b", "x"]]],
  // search and multi-table operators (the last table is checked)
  ["search a term in any column", `datatable(a:long, b:string)[1, "needle x", 2, "hay"] | search "needle"`, [["", 1, "needle x"]]],
  ["facet: the last table counts the last column", `datatable(k:string)["a","b","a"] | facet by k`, [["a", 2], ["b", 1]]],
  ["fork: one table per branch", "range x from 1 to 3 step 1 | fork (where x > 1 | count) (take 1)", [[1]]],
  ["partition runs the subquery per key", `datatable(k:string, v:long)["a",1,"a",2,"b",3] | partition by k (summarize m = max(v))`, [[2], [3]]],
];

describe("breadth operators", () => {
  for (const [name, query, expected] of cases) test(name, () => assert.deepEqual(rows(query), expected));

  test("facet and fork return one table per facet/branch", () => {
    const fork = runQuery("range x from 1 to 3 step 1 | fork (where x > 1 | count) (take 1)", new Catalog());
    assert.deepEqual(fork.tables.map((t) => t.rowCount), [1, 1]);
    const facet = runQuery(`datatable(k:string, j:long)["a", 1] | facet by k, j`, new Catalog());
    assert.deepEqual(facet.tables.map((t) => t.schema.map((c) => c.name)), [["k", "count_k"], ["j", "count_j"]]);
  });
});

/** Unsupported names are found when the query is compiled, before any data is read. */
const unsupported: [string, string, string, string][] = [
  ["an evaluate plug-in", "print x = 1 | evaluate autocluster()", "WQ001", "not supported: evaluate autocluster"],
  ["a scalar function", "print zz = parse_user_agent('x', 'browser')", "WQ001", "not supported: parse_user_agent"],
  ["a plug-in that calls another service", `evaluate http_request("https://example.com")`, "WQ006", "evaluate http_request is not available offline"],
  ["inline_external_table", `inline_external_table(a:string) kind=storage dataformat=csv (h@"https://example.com/x.csv")`, "WQ006", "inline_external_table is not available offline"],
];

describe("unsupported names are compile-time diagnostics", () => {
  for (const [what, query, code, message] of unsupported)
    test(what, () => {
      const c = compile(query, new Catalog());
      const d = c.diagnostics.find((x) => x.severity === "error");
      assert.ok(d !== undefined, "an error diagnostic");
      assert.equal(d.code, code);
      assert.ok(d.message.startsWith(message), d.message);
      assert.ok((d.span?.length ?? 0) > 0, "it points into the query");
    });
});
