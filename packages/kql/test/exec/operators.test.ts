/** Tabular operators, table-driven: each case is a self-contained query and its exact rows. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Json } from "../../src/index.js";
import { rows } from "../support.js";

const T = `let T = datatable(Name:string, Dept:string, Salary:long, Start:datetime)[
  "ann", "eng", 100, datetime(2024-01-01),
  "bob", "eng", 80, datetime(2024-02-01),
  "cyd", "ops", 90, datetime(2024-03-01),
  "dee", "ops", long(null), datetime(null),
  "eve", "",    70, datetime(2024-05-01)
];`;

const cases: [string, string, Json[][]][] = [
  ["where keeps true rows only (null drops)", `${T} T | where Salary > 85 | project Name`, [["ann"], ["cyd"]]],
  ["where with and/or", `${T} T | where Dept == "eng" or Salary < 75 | project Name`, [["ann"], ["bob"], ["eve"]]],
  ["extend adds and replaces in place", `${T} T | take 1 | extend Salary = Salary * 2, Bonus = Salary + 1`, [["ann", "eng", 200, "2024-01-01T00:00:00.0000000Z", 201]]],
  ["project with renames and expressions", `${T} T | take 2 | project N = Name, S2 = Salary / 10`, [["ann", 10], ["bob", 8]]],
  ["project-away", `${T} T | take 1 | project-away Dept, Start`, [["ann", 100]]],
  ["project-rename", `${T} T | take 1 | project-rename Who = Name | project Who`, [["ann"]]],
  ["project-reorder", `${T} T | take 1 | project-reorder Salary, Name | project-away Start`, [[100, "ann", "eng"]]],
  ["summarize count by", `${T} T | summarize n = count(), total = sum(Salary) by Dept | order by Dept asc`, [["", 1, 70], ["eng", 2, 180], ["ops", 2, 90]]],
  ["summarize without by on empty input yields one row", `${T} T | where Salary > 1000 | summarize count(), max(Salary)`, [[0, null]]],
  ["summarize by with no rows yields none", `${T} T | where Salary > 1000 | summarize count() by Dept`, []],
  ["summarize by bin on datetime (bins align to 0001-01-01, as Kusto's)", `${T} T | where isnotnull(Start) | summarize c = count() by m = bin(Start, 60d) | order by m asc`, [["2023-11-17T00:00:00.0000000Z", 1], ["2024-01-16T00:00:00.0000000Z", 2], ["2024-03-16T00:00:00.0000000Z", 1]]],
  ["dcount, make_set, min, max", `${T} T | where Dept != "" | summarize d = dcount(Dept), s = make_set(Dept), lo = min(Salary), hi = max(Start)`, [[2, ["eng", "ops"], 80, "2024-03-01T00:00:00.0000000Z"]]],
  ["take", `${T} T | take 2 | project Name`, [["ann"], ["bob"]]],
  ["sort asc puts nulls first", `${T} T | sort by Salary asc | project Name`, [["dee"], ["eve"], ["bob"], ["cyd"], ["ann"]]],
  ["sort desc (default) puts nulls last", `${T} T | order by Salary | project Name`, [["ann"], ["cyd"], ["bob"], ["eve"], ["dee"]]],
  ["sort by two keys", `${T} T | sort by Dept asc, Name desc | project Name`, [["eve"], ["bob"], ["ann"], ["dee"], ["cyd"]]],
  ["top", `${T} T | top 2 by Salary | project Name`, [["ann"], ["cyd"]]],
  ["distinct", `${T} T | distinct Dept | order by Dept asc`, [[""], ["eng"], ["ops"]]],
  ["count", `${T} T | count`, [[5]]],
  ["print", "print a = 1, b = 'x', 2 + 3", [[1, "x", 5]]],
  ["range", "range x from 1 to 7 step 3", [[1], [4], [7]]],
  ["empty datatable", "datatable(a:long, b:string)[] | count", [[0]]],
  ["union of two tables, columns by name", "union (print a = 1), (print b = 'x') | project a, b", [[1, ""], [null, "x"]]],
  ["union withsource", "union withsource=Src (datatable(a:long)[1]), (datatable(a:long)[2]) | project Src, a", [["union_arg0", 1], ["union_arg1", 2]]],
  ["mv-expand an array", `print a = dynamic([1, 2, 3]) | mv-expand a to typeof(long)`, [[1], [2], [3]]],
  ["mv-expand drops a row with an empty array", `datatable(k:string, a:dynamic)["x", dynamic([]), "y", dynamic(["p"])] | mv-expand a`, [["y", "p"]]],
  ["mv-apply with summarize per row (empty array still yields a row)", `datatable(k:string, a:dynamic)["x", dynamic([]), "y", dynamic([3, 5])]
     | mv-apply v = a to typeof(long) on (summarize m = max(v))`, [["x", [], null], ["y", [3, 5], 5]]],
  ["mv-apply sees the row's other columns", `datatable(k:long, a:dynamic)[10, dynamic([1, 2])]
     | mv-apply v = a to typeof(long) on (extend s = k + v)`, [[10, [1, 2], 1, 11], [10, [1, 2], 2, 12]]],
  ["materialize and toscalar", "let m = materialize(range i from 1 to 4 step 1); let total = toscalar(m | summarize sum(i)); m | where i * 4 > total | count", [[2]]],
  ["scalar let and arithmetic", "let w = 10m; print w * 3, w / 1m", [["00:30:00", 10]]],
  ["tabular function with a schema parameter, invoked", `let f = (T:(x:long)) { T | where x > 1 };
     datatable(x:long, y:string)[1, "a", 2, "b", 3, "c"] | invoke f() | project y`, [["b"], ["c"]]],
  ["tabular function called with a table argument", `let f = (T:(x:long), n:long) { T | where x > n | count };
     f(datatable(x:long)[1, 2, 3], 1)`, [[2]]],
  ["scalar function", "let twice = (v:long) { v * 2 }; print twice(21)", [[42]]],
  ["in with a dynamic array and a subquery", `let L = dynamic(["a", "c"]); datatable(s:string)["a", "b", "c"]
     | where s in (L) or s in ((print "b"))`, [["a"], ["b"], ["c"]]],
  ["between", "range x from 1 to 6 step 1 | where x between (2 .. 4)", [[2], [3], [4]]],
  ["dynamic property and index access", `print d = dynamic({"a": {"b": [10, 20]}}) | project x = d.a.b[1], y = d["a"].b[-1], z = d.nope.c`, [[20, 20, null]]],
];

describe("tabular operators", () => {
  for (const [name, query, expected] of cases) {
    test(name, () => {
      assert.deepEqual(rows(query), expected);
    });
  }
});
