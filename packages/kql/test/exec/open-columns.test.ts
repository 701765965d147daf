/**
 * Columns the analyser does not know (after evaluate bag_unpack or pivot) pass through the
 * operators that keep their input's columns, in place, and are dropped by those that name
 * their output (src/exec/open-columns.ts). Expected tables follow the plug-in pages: unpacked
 * keys in ordinal order after the input's columns, extend's columns after them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Catalog, type Schema, Table } from "../../src/index.js";
import { run } from "../support.js";

const schema: Schema = [
  { name: "x", type: "long" },
  { name: "s", type: "string" },
  { name: "d", type: "dynamic" },
];
const catalog = new Catalog().addTable(
  "T",
  schema,
  Table.fromRows(schema, [
    [1, "a", { a: 1, b: "x" }],
    [2, "b", { c: 2 }],
  ]),
);

const CASES: readonly { q: string; columns: string[]; rows: unknown[][] }[] = [
  { q: "T | evaluate bag_unpack(d)", columns: ["x", "s", "a", "b", "c"], rows: [[1, "a", 1, "x", null], [2, "b", null, "", 2]] },
  { q: "T | evaluate bag_unpack(d) | extend y = x * 10", columns: ["x", "s", "a", "b", "c", "y"], rows: [[1, "a", 1, "x", null, 10], [2, "b", null, "", 2, 20]] },
  { q: "T | evaluate bag_unpack(d) | where x > 1 | sort by x", columns: ["x", "s", "a", "b", "c"], rows: [[2, "b", null, "", 2]] },
  { q: "T | evaluate bag_unpack(d) | project-away s, a", columns: ["x", "b", "c"], rows: [[1, "x", null], [2, "", 2]] },
  { q: "T | evaluate bag_unpack(d) | project-rename z = s", columns: ["x", "z", "a", "b", "c"], rows: [[1, "a", 1, "x", null], [2, "b", null, "", 2]] },
  { q: "T | evaluate bag_unpack(d) | project x, c", columns: ["x", "c"], rows: [[1, null], [2, 2]] },
  { q: "T | evaluate bag_unpack(d) | summarize n = count() by s", columns: ["s", "n"], rows: [["a", 1], ["b", 1]] },
  { q: "T | evaluate pivot(s) | extend k = 1", columns: ["x", "d", "a", "b", "k"], rows: [[1, { a: 1, b: "x" }, 1, 0, 1], [2, { c: 2 }, 0, 1, 1]] },
  { q: "T | evaluate pivot(s) | sort by x desc | take 1", columns: ["x", "d", "a", "b"], rows: [[2, { c: 2 }, 0, 1]] },
  {
    q: "T | evaluate pivot(s) | join kind=inner (T | project x, s) on x",
    columns: ["x", "d", "a", "b", "x1", "s"],
    rows: [[1, { a: 1, b: "x" }, 1, 0, 1, "a"], [2, { c: 2 }, 0, 1, 2, "b"]],
  },
  { q: "T | project x, s | join kind=inner (T | evaluate pivot(s) | project-away d) on x", columns: ["x", "s", "x1", "a", "b"], rows: [[1, "a", 1, 1, 0], [2, "b", 2, 0, 1]] },
  { q: "T | evaluate pivot(s) | lookup (T | project x, s) on x", columns: ["x", "d", "a", "b", "s"], rows: [[1, { a: 1, b: "x" }, 1, 0, "a"], [2, { c: 2 }, 0, 1, "b"]] },
  { q: "T | evaluate pivot(s) | mv-expand d", columns: ["x", "d", "a", "b"], rows: [[1, { a: 1 }, 1, 0], [1, { b: "x" }, 1, 0], [2, { c: 2 }, 0, 1]] },
  { q: "T | evaluate bag_unpack(d) | parse s with t:string", columns: ["x", "s", "a", "b", "c", "t"], rows: [[1, "a", 1, "x", null, "a"], [2, "b", null, "", 2, "b"]] },
];

for (const c of CASES)
  test(c.q, () => {
    const r = run(c.q, catalog);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
    assert.deepEqual(r.columns, c.columns);
    assert.deepEqual(r.rows, c.rows);
  });
