/**
 * Aggregates added for KQL breadth — rank (percentiles, tdigest), sketch (hll), covariance,
 * bitwise and schema aggregates — through summarize, with nulls in the input and empty groups.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Json } from "../../src/index.js";
import { rows } from "../support.js";
import { close } from "./query-cases.js";

const cases: [string, string, Json[][]][] = [
  ["percentile is nearest-rank and skips nulls", "datatable(v:long)[1, 2, 3, 4, long(null)] | summarize p50 = percentile(v, 50), ps = percentiles_array(v, 25, 75), pw = percentilew(v, 1, 90)", [[2, [1, 3], 4]]],
  ["percentiles yields one column per percentage", "datatable(v:long)[1, 2, 3, 4] | summarize percentiles(v, 50, 100)", [[2, 4]]],
  ["percentile of only nulls is null", "datatable(v:long)[long(null)] | summarize percentile(v, 50)", [[null]]],
  ["tdigest then percentile/rank/percentrank", "datatable(v:real)[1, 2, 3, 4] | summarize t = tdigest(v) | project p = percentile_tdigest(t, 50), r = rank_tdigest(t, 3), pr = percentrank_tdigest(t, 3)", [[2, 3, 75]]],
  ["tdigest_merge of two digests", "datatable(v:real)[1, 2] | summarize t = tdigest(v) | union (datatable(v:real)[3, 4] | summarize t = tdigest(v)) | summarize m = tdigest_merge(t) | project p = percentile_tdigest(m, 100)", [[4]]],
  ["hll counts distinct values, the empty string included", `datatable(k:string)["a", "b", "a", ""] | summarize h = hll(k) | project d = dcount_hll(h)`, [[3]]],
  ["hll_merge across groups", `datatable(k:string, v:long)["a", 1, "b", 2] | summarize h1 = hll(v) by k | summarize m = hll_merge(h1) | project d = dcount_hll(m)`, [[2]]],
  ["covariance sample / population / if", "datatable(x:real, y:real)[1, 2, 2, 4, 3, 6] | summarize c = covariance(x, y), cp = covariancep(x, y), ci = covarianceif(x, y, x > 1)", [[2, 4 / 3, 1]]],
  ["covariance of one row", "datatable(x:real, y:real)[1, 2] | summarize c = covariance(x, y), cp = covariancep(x, y)", [[0, 0]]],
  ["binary_all_* skip nulls", "datatable(b:long)[12, 10, long(null)] | summarize a = binary_all_and(b), o = binary_all_or(b), x = binary_all_xor(b)", [[8, 14, 6]]],
  ["buildschema unions the types it sees", `datatable(d:dynamic)[dynamic({"a":1}), dynamic({"a":"x", "b":[1]})] | summarize buildschema(d)`, [[{ a: ["int", "string"], b: { indexer: "int" } }]]],
];

describe("breadth aggregates", () => {
  for (const [name, query, expected] of cases) test(name, () => close(rows(query), expected, name));

  test("percentiles names its columns percentile_<col>_<p>", () => {
    const r = rows("datatable(v:long)[1] | summarize percentiles(v, 50, 95) | getschema | project ColumnName");
    assert.deepEqual(r, [["percentile_v_50"], ["percentile_v_95"]]);
  });
});
