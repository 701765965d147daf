/** Engine bugs found by the rule pack and the conformance runs, each pinned by its repro. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { rows } from "../support.js";

test("a constant column is null on the missing side of an outer join", () => {
  assert.deepEqual(
    rows(`let A = datatable(Id:string, v:long)["a", 1, "b", 2]; let B = datatable(Id:string)["b"];
          A | join kind=leftouter (B | extend Flag = true, Tag = "x") on Id | project Id, Flag, Tag | order by Id asc`),
    [
      ["a", null, ""],
      ["b", true, "x"],
    ],
  );
  assert.deepEqual(
    rows(`let A = datatable(Id:string)["a"]; let B = datatable(Id:string)["b"];
          A | extend n = 1 | join kind=fullouter (B | extend m = 2) on Id | project n, m | order by n asc`),
    [
      [null, 2],
      [1, null],
    ],
  );
});

test("in, in~, !in and !in~ with lists", () => {
  assert.deepEqual(rows(`print a = "A" in~ ("a", "b"), b = "x" !in ("y"), c = "x" !in~ ("X"), d = "x" in ("X")`), [[true, true, false, false]]);
});
