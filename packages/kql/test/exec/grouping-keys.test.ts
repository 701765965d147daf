/**
 * Grouping on several columns (dense number keys) must group exactly as the values compare:
 * summarize count() by a, b, c against a reference grouping of the same rows in JavaScript,
 * over random tables mixing strings (with empty ones), longs with nulls, reals (-0, NaN) and bools
 * (KQL does not group by dynamic).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Catalog, Table, columnFromValues } from "../../src/index.js";
import type { Json } from "../../src/types.js";
import { rows } from "../support.js";

const row = fc.record({
  s: fc.constantFrom("", "a", "b", "1"),
  l: fc.option(fc.integer({ min: -1, max: 2 }), { nil: null }),
  r: fc.constantFrom(0, -0, 1.5, Number.NaN),
  b: fc.option(fc.boolean(), { nil: null }),
  d: fc.constantFrom<Json>(null, 1, "1", [1], { k: 1 }),
});

test("summarize by several columns groups as the values compare", () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 30 }), fc.subarray(["s", "l", "r", "b"] as const, { minLength: 2 }), (rs, keys) => {
      const catalog = new Catalog();
      const types = { s: "string", l: "long", r: "real", b: "bool", d: "dynamic" } as const;
      const names = ["s", "l", "r", "b", "d"] as const;
      const schema = names.map((n) => ({ name: n, type: types[n] }));
      catalog.addTable(
        "T",
        schema,
        new Table(
          schema,
          names.map((n) => columnFromValues(types[n], rs.map((x) => x[n]))),
          rs.length,
        ),
      );
      const got = rows(`T | summarize n = count() by ${keys.join(", ")}`, catalog).map((r) => r[r.length - 1]);
      const ref = new Map<string, number>();
      for (const x of rs) {
        const k = JSON.stringify(keys.map((n) => (n === "r" && Object.is(x.r, -0) ? 0 : n === "r" && Number.isNaN(x.r) ? "NaN" : x[n])));
        ref.set(k, (ref.get(k) ?? 0) + 1);
      }
      assert.deepEqual(got, [...ref.values()]);
    }),
    { numRuns: 300 },
  );
});
