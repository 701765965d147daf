/**
 * Syntax real queries use that the documentation examples seldom do (from the practitioner
 * corpus and Sentinel content): Kusto.Language accepts each, so the engine must run it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, Table } from "../../src/index.js";
import { run, rows } from "../support.js";

const T = [
  { name: "x", type: "long" as const },
  { name: "ok", type: "bool" as const },
];
const catalog = () => new Catalog().addTable("T", T, Table.fromRows(T, [[1, true], [5, false], [9, true]]));

describe("operators and forms of real queries", () => {
  const cases: [string, string, unknown[][]][] = [
    // between.md: `!between` is the negation of `between`, bounds inclusive.
    ["!between", "T | where x !between (1 .. 5) | project x", [[9]]],
    ["between", "T | where x between (1 .. 5) | project x", [[1], [5]]],
    // `<>` is the older spelling of `!=`.
    ["<>", "T | where x <> 5 | project x", [[1], [9]]],
    // A named expression as a predicate is its value, no comparison: `where ok = false` keeps no
    // row, `where ok = true` every row (Kusto.Language binds it so; reprise99/Sentinel-Queries
    // issue 16 shows Log Analytics returning IsBillable=false rows for `where IsBillable = true`).
    ["where name = false", "T | where ok = false | project x", []],
    ["where name = true", "T | where ok = true | project x", [[1], [5], [9]]],
  ];
  for (const [name, q, expected] of cases) test(name, () => assert.deepEqual(rows(q, catalog()), expected));
});

describe("mv-expand of an expression (mv-expand-operator.md)", () => {
  test("a path expression expands into the column Kusto names after it; the source stays", () => {
    const r = run("print d=dynamic({'a':{'b':[1,2]}}) | mv-expand d.a.b");
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.columns, ["d", "d_a_b"]);
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      [1, 2],
    );
  });

  test("an element expression and a named one beside it", () => {
    const r = run("print d=dynamic([[1,2],[3]]), e=dynamic([7]) | mv-expand d[0], y=e");
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.columns, ["d", "e", "d_0", "y"]);
    assert.deepEqual(
      r.rows.map((row) => [row[2], row[3]]),
      [
        [1, 7],
        [2, null],
      ],
    );
  });
});

describe("wildcard union (union-operator.md: `union K*` reads every table whose name matches)", () => {
  const A = [{ name: "a", type: "long" as const }];
  const B = [
    { name: "a", type: "long" as const },
    { name: "b", type: "string" as const },
  ];
  const catalog = () =>
    new Catalog()
      .addTable("DevA", A, Table.fromRows(A, [[1]]))
      .addTable("DevB", B, Table.fromRows(B, [[2, "x"]]))
      .addTable("Other", A, Table.fromRows(A, [[3]]));

  test("a prefix, with withsource naming each row's table", () => {
    const r = run("union withsource=Src Dev* | project Src, a, b | order by a asc", catalog());
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.rows, [
      ["DevA", 1, ""], // a string column a table lacks reads as "" (Kusto strings are never null)
      ["DevB", 2, "x"],
    ]);
  });

  test("* is every table", () => {
    assert.deepEqual(rows("union * | summarize n = count(), total = sum(a)", catalog()), [[3, 6]]);
  });
});

describe("deprecated names Kusto still accepts, as their successors", () => {
  const cases: [string, unknown[][]][] = [
    ["print arraylength(dynamic([1,2,3]))", [[3]]],
    ["print x = 5 | project y = columnifexists('x', 0), z = columnifexists('nope', 0)", [[5, 0]]],
    ["print 'aBc' containscs 'B', 'aBc' containscs 'b'", [[true, false]]],
    ["print extractall(@'(\\d)', 'a1b2')", [[["1", "2"]]]],
    ["print notempty('x'), notnull(int(null)), datepart('year', datetime(2024-05-01))", [[true, false, 2024]]],
    ["print parseurl('https://h.example/p?q=1').Host", [["h.example"]]],
    ["datatable(k:long, v:string)[1, 'a', 3, 'b'] | summarize argmax(k, v)", [[3, "b"]]],
    ["datatable(k:string, v:long)['a', 1] | summarize make_dictionary(bag_pack(k, v))", [[{ a: 1 }]]],
    ["datatable(a:long)[1] | join kind=rightantisemi (datatable(a:long, b:long)[1, 10, 2, 20]) on a", [[2, 20]]],
    ["datatable(a:long)[1, 2] | join kind=leftantisemi (datatable(a:long)[1]) on a", [[2]]],
  ];
  for (const [q, expected] of cases) test(q, () => assert.deepEqual(rows(q), expected));
});
