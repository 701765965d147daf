/** Aggregate functions: each case folds rows of argument values through init/add/result. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lookupAggregate } from "../../src/functions/registry.js";
import type { KType, Value } from "../../src/types.js";
import { aggregate, dt, ts } from "./helpers.js";

type AggCase = readonly [string, string, readonly KType[], KType, readonly (readonly Value[])[], Value, (readonly (Value | undefined)[])?];

const L = ["long"] as const;
const S = ["string"] as const;

const cases: AggCase[] = [
  ["count rows", "count", [], "long", [[], [], []], 3],
  ["count of nothing", "count", [], "long", [], 0],
  ["countif", "countif", ["bool"], "long", [[true], [false], [null], [true]], 2],
  ["sum", "sum", L, "long", [[1], [2], [null]], 3],
  ["sum of only nulls is 0 (summarize page)", "sum", L, "long", [[null]], 0],
  ["sum reals", "sum", ["real"], "real", [[0.5], [0.25]], 0.75],
  ["sum timespans", "sum", ["timespan"], "timespan", [[ts("1h")], [ts("30m")]], ts("1.5h")],
  ["sumif", "sumif", ["long", "bool"], "long", [[1, true], [2, false], [3, true]], 4],
  ["avg of longs is real", "avg", L, "real", [[1], [2]], 1.5],
  ["avg ignores nulls", "avg", L, "real", [[1], [null], [3]], 2],
  ["avgif", "avgif", ["long", "bool"], "real", [[1, true], [100, false]], 1],
  ["min longs", "min", L, "long", [[3], [null], [1], [2]], 1],
  ["max longs", "max", L, "long", [[3], [null], [1], [2]], 3],
  ["max of all nulls", "max", L, "long", [[null]], null],
  ["min strings (ordinal)", "min", S, "string", [["b"], ["B"], ["a"]], "B"],
  ["max strings none", "max", S, "string", [], ""],
  ["min datetimes", "min", ["datetime"], "datetime", [[dt("2024-02-01")], [dt("2024-01-01")]], dt("2024-01-01")],
  ["max datetimes", "max", ["datetime"], "datetime", [[dt("2024-02-01")], [dt("2024-01-01")]], dt("2024-02-01")],
  ["max(toint(bool)) sees ints", "max", ["int"], "int", [[0], [1], [null]], 1],
  ["max of bools", "max", ["bool"], "bool", [[false], [true]], true],
  ["max skips NaN", "max", ["real"], "real", [[Number.NaN], [1]], 1],
  ["maxif", "maxif", ["long", "bool"], "long", [[5, false], [3, true]], 3],
  ["take_any first non-null", "take_any", L, "long", [[null], [7], [8]], 7],
  ["take_any string skips empty", "any", S, "string", [[""], ["x"]], "x"],
  ["stdev (sample)", "stdev", ["real"], "real", [[2], [4], [4], [4], [5], [5], [7], [9]], Math.sqrt(32 / 7)],
  ["stdevp (population)", "stdevp", ["real"], "real", [[2], [4], [4], [4], [5], [5], [7], [9]], 2],
  ["variance", "variance", L, "real", [[1], [2], [3]], 1],
  ["variance single value", "variance", L, "real", [[1]], 0],
  ["percentile 50 nearest rank", "percentile", ["long", "long"], "long", [[1, 50], [2, 50], [3, 50], [4, 50]], 2, [undefined, 50]],
  ["percentile 100", "percentile", ["long", "long"], "long", [[5, 100], [1, 100]], 5, [undefined, 100]],
  ["percentile 0", "percentile", ["real", "long"], "real", [[5, 0], [1, 0]], 1, [undefined, 0]],
  ["dcount exact", "dcount", S, "long", [["a"], ["b"], ["a"], [""]], 3],
  ["dcount ignores nulls", "dcount", L, "long", [[1], [null], [1]], 1],
  ["dcount accuracy arg ignored", "dcount", ["string", "long"], "long", [["a", 2], ["b", 2]], 2],
  ["dcountif", "dcountif", ["string", "bool"], "long", [["a", true], ["b", false], ["c", true], ["a", true]], 2],
  ["count_distinct", "count_distinct", ["dynamic"], "long", [[[1]], [[1]], [{ a: 1 }]], 2],
  ["make_set distinct in first-seen order", "make_set", S, "dynamic", [["b"], ["a"], ["b"]], ["b", "a"]],
  ["make_set max", "make_set", ["string", "long"], "dynamic", [["a", 2], ["b", 2], ["c", 2]], ["a", "b"], [undefined, 2]],
  ["make_set skips nulls", "make_set", L, "dynamic", [[null], [1]], [1]],
  ["make_set keeps empty string", "make_set", S, "dynamic", [[""], ["a"]], ["", "a"]],
  ["make_set of datetimes is ISO text", "make_set", ["datetime"], "dynamic", [[dt("2024-01-02")]], ["2024-01-02T00:00:00.0000000Z"]],
  ["make_set flattens dynamic arrays", "make_set", ["dynamic"], "dynamic", [[["a", "b"]], [["b", "c"]]], ["a", "b", "c"]],
  ["make_set empty group", "make_set", S, "dynamic", [], []],
  [
    "make_set_if",
    "make_set_if",
    ["string", "bool", "long"],
    "dynamic",
    [["x", true, 5], ["y", false, 5], ["", true, 5], ["x", true, 5]],
    ["x", ""],
    [undefined, undefined, 5],
  ],
  ["make_list keeps duplicates", "make_list", S, "dynamic", [["a"], ["a"]], ["a", "a"]],
  ["make_list concatenates arrays (one level)", "make_list", ["dynamic"], "dynamic", [[[1]], [[2, [3]]]], [1, 2, [3]]],
  ["make_list max", "make_list", ["long", "long"], "dynamic", [[1, 1], [2, 1]], [1], [undefined, 1]],
  ["make_list_if", "make_list_if", ["long", "bool"], "dynamic", [[1, true], [2, null]], [1]],
  ["make_list_with_nulls", "make_list_with_nulls", L, "dynamic", [[null], [4]], [null, 4]],
  ["make_bag", "make_bag", ["dynamic"], "dynamic", [[{ a: 1 }], [{ a: 2, b: 3 }], ["x"]], { a: 1, b: 3 }],
  ["make_bag_if", "make_bag_if", ["dynamic", "bool"], "dynamic", [[{ a: 1 }, false], [{ b: 2 }, true]], { b: 2 }],
];

describe("aggregates", () => {
  for (const [desc, name, types, rt, rows, expected, constants] of cases) {
    test(`${name}: ${desc}`, () => {
      assert.deepEqual(aggregate(name, types, rt, rows, constants), expected);
    });
  }
  test("make_set default max is 1048576 (no cut below it)", () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [i] as Value[]);
    assert.equal((aggregate("make_set", L, "dynamic", rows) as Value[]).length, 2000);
  });
  test("states are per group (independent init)", () => {
    const k = lookupAggregate("make_list")!.bind({ name: "make_list", argTypes: L, resultType: "dynamic", constants: [undefined], now: 0 });
    const a = k.add(k.init(), [1]);
    const b = k.add(k.init(), [2]);
    assert.deepEqual([k.result(a), k.result(b)], [[1], [2]]);
  });
});
