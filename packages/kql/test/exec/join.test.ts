/** join: every kind, single and `$left.A == $right.B` keys, name clashes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Json } from "../../src/index.js";
import { rows } from "../support.js";

const L = `let L = datatable(k:string, lv:long)["a", 1, "b", 2, "b", 3, "c", 4];`;
const R = `let R = datatable(k:string, rv:long)["b", 20, "b", 21, "c", 30, "d", 40];`;

const cases: [string, string, Json[][]][] = [
  ["inner: every matching pair", "L | join kind=inner R on k | project lv, rv | order by lv asc, rv asc", [[2, 20], [2, 21], [3, 20], [3, 21], [4, 30]]],
  ["innerunique (default): left deduplicated on the key", "L | join R on k | project lv, rv | order by lv asc, rv asc", [[2, 20], [2, 21], [4, 30]]],
  ["leftouter: unmatched left rows with nulls", "L | join kind=leftouter R on k | project lv, rv | order by lv asc, rv asc", [[1, null], [2, 20], [2, 21], [3, 20], [3, 21], [4, 30]]],
  ["rightouter", "L | join kind=rightouter R on k | project lv, rv | order by rv asc", [[2, 20], [3, 20], [2, 21], [3, 21], [4, 30], [null, 40]]],
  ["fullouter", "L | join kind=fullouter R on k | summarize count()", [[7]]],
  ["leftsemi", "L | join kind=leftsemi R on k | project lv", [[2], [3], [4]]],
  ["leftanti", "L | join kind=leftanti R on k | project lv", [[1]]],
  ["rightsemi", "L | join kind=rightsemi R on k | project rv", [[20], [21], [30]]],
  ["rightanti", "L | join kind=rightanti R on k | project rv", [[40]]],
  ["$left/$right keys and the clash rename k1", "L | join kind=inner (R | project k2 = k, rv) on $left.k == $right.k2 | where lv == 4", [["c", 4, "c", 30]]],
  ["same-name key column appears twice (k, k1)", "L | join kind=inner R on k | where lv == 4", [["c", 4, "c", 30]]],
];

describe("join", () => {
  for (const [name, query, expected] of cases) {
    test(name, () => {
      assert.deepEqual(rows(`${L}\n${R}\n${query}`), expected);
    });
  }
});

describe("semi and anti joins ignore a distinct on the side they only probe", () => {
  // `| take 1000000` after the distinct keeps it (the rewrite applies to a distinct straight under the join).
  const T = "datatable(k:string, t:long)['a', 1, 'a', 2, 'b', 3, 'c', 4, '', 5, 'a', 6]";
  const U = "datatable(k:string, x:long)['a', 1, 'a', 1, 'a', 2, 'c', 9, '', 0]";
  for (const kind of ["leftsemi", "leftanti"])
    test(kind, () => {
      const q = (tail: string) => rows(`${T} | join kind=${kind} (${U} | distinct k, x${tail}) on k | order by t asc`);
      assert.deepEqual(q(""), q(" | take 1000000"));
    });
  for (const kind of ["rightsemi", "rightanti"])
    test(kind, () => {
      const q = (tail: string) => rows(`${U} | distinct k, x${tail} | join kind=${kind} (${T}) on k | order by t asc`);
      assert.deepEqual(q(""), q(" | take 1000000"));
    });
});
