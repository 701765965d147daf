/** Schema inference: JSON values and CSV text, the documented choices one by one. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inferSchema, inferType } from "../../src/data/infer.js";
import type { KType } from "../../src/types.js";

const jsonCases: [string, unknown[], KType][] = [
  ["integers → long", [1, 2, -3, null], "long"],
  ["a fraction makes real", [1, 2.5], "real"],
  ["booleans", [true, false, undefined], "bool"],
  ["objects and arrays", [{ a: 1 }, [1]], "dynamic"],
  ["ISO instants", ["2026-11-21T10:00:00Z", "2026-11-21 10:00:00.123"], "datetime"],
  ["/Date()/ is an instant", ["/Date(1795255200000)/"], "datetime"],
  ["instants with empty strings", ["2026-11-21T10:00:00Z", ""], "datetime"],
  ["a date alone stays string", ["2026-11-21"], "string"],
  ["one non-instant spoils datetime", ["2026-11-21T10:00:00Z", "later"], "string"],
  ["guids stay string", ["6b29fc40-ca47-1067-b31d-00dd010662da"], "string"],
  ["numbers and strings mixed → dynamic", [1, "a"], "dynamic"],
  ["numbers and booleans mixed → dynamic", [1, true], "dynamic"],
  ['"" beside numbers is no value', [5, ""], "long"],
  ['only ""', ["", ""], "string"],
  ["no values at all", [null, undefined], "string"],
];

const textCases: [string, unknown[], KType][] = [
  ["whole numbers", ["1", "-2", "", undefined], "long"],
  ["leading zeros stay text", ["007", "1"], "string"],
  ["beyond 2^53 stays text", ["12345678901234567890"], "string"],
  ["decimals", ["1", "2.5", "1e3"], "real"],
  ["true/false in any case", ["True", "false"], "bool"],
  ["instants", ["2026-11-21T10:00:00Z", "11/21/2026, 3:04:05 PM"], "datetime"],
  ["JSON text", ['{"a":1}', "[1,2]"], "dynamic"],
  ["a mix is text", ["1", "abc"], "string"],
  ["nothing but empty cells", ["", ""], "string"],
];

describe("inferType", () => {
  for (const [name, values, type] of jsonCases) test(`json: ${name}`, () => assert.equal(inferType(values, "json"), type));
  for (const [name, values, type] of textCases) test(`text: ${name}`, () => assert.equal(inferType(values, "text"), type));
});

describe("inferSchema", () => {
  test("columns in first-seen order; a field missing from some records is still typed", () => {
    const schema = inferSchema([{ b: 1, a: "x" }, { a: "y", c: { k: 1 } }, { b: 2.5 }]);
    assert.deepEqual(schema, [
      { name: "b", type: "real" },
      { name: "a", type: "string" },
      { name: "c", type: "dynamic" },
    ]);
  });
});
