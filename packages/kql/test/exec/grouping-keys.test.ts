/**
 * Grouping on one or several columns (exec/group-ids.ts) must group exactly as the values compare:
 * summarize count() by a, b, c against a reference grouping of the same rows in JavaScript,
 * over random tables mixing strings (with empty ones), longs with nulls, reals (-0, NaN), bools and
 * large integers (the doubles of datetimes); distinct finds as many combinations
 * (KQL does not group by dynamic).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { NumberIds } from "../../src/exec/group-ids.js";
import { Catalog, Table, columnFromValues } from "../../src/index.js";
import type { Json } from "../../src/types.js";
import { rows } from "../support.js";

const row = fc.record({
  s: fc.constantFrom("", "a", "b", "1"),
  l: fc.option(fc.integer({ min: -1, max: 2 }), { nil: null }),
  r: fc.constantFrom(0, -0, 1.5, Number.NaN),
  b: fc.option(fc.boolean(), { nil: null }),
  d: fc.constantFrom<Json>(null, 1, "1", [1], { k: 1 }),
  // Large integers (as datetimes are held): many distinct doubles beyond 2^31, with nulls.
  t: fc.option(fc.integer({ min: 0, max: 400 }).map((k) => 2e17 + k * 6e8), { nil: null }),
});

test("summarize by several columns groups as the values compare", () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 300 }), fc.subarray(["s", "l", "r", "b", "t"] as const, { minLength: 1 }), fc.boolean(), (rs, keys, useDistinct) => {
      const catalog = new Catalog();
      const types = { s: "string", l: "long", r: "real", b: "bool", d: "dynamic", t: "long" } as const;
      const names = ["s", "l", "r", "b", "d", "t"] as const;
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
      const ref = new Map<string, number>();
      for (const x of rs) {
        const k = JSON.stringify(keys.map((n) => (n === "r" && Object.is(x.r, -0) ? 0 : n === "r" && Number.isNaN(x.r) ? "NaN" : x[n])));
        ref.set(k, (ref.get(k) ?? 0) + 1);
      }
      if (useDistinct) {
        // distinct keeps each combination's first row, in order of first appearance.
        assert.equal(rows(`T | distinct ${keys.join(", ")}`, catalog).length, ref.size);
        return;
      }
      const got = rows(`T | summarize n = count() by ${keys.join(", ")}`, catalog).map((r) => r[r.length - 1]);
      assert.deepEqual(got, [...ref.values()]);
    }),
    { numRuns: 300 },
  );
});

test("NumberIds numbers doubles as a Map would (growth, NaN, -0, large values)", () => {
  const ids = new NumberIds();
  const ref = new Map<number, number>();
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 100_000; i++) {
    const r = next();
    const x = r % 50 === 0 ? Number.NaN : r % 51 === 0 ? -0 : r % 3 === 0 ? 2e17 + (r % 40_000) * 1e7 : (r % 30_000) / 4;
    if (!ref.has(x)) ref.set(x, ref.size);
    assert.equal(ids.idOf(x), ref.get(x), `value ${x}`);
  }
  assert.equal(ids.size, ref.size);
});
