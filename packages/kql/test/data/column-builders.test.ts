/**
 * The loader's string builder gives the engine exactly what encoding the plain column would
 * (dictionaryEncode, which a catalog applies to every loaded column): the same values, and a
 * DictionaryColumn in exactly the same cases, whether the column repeats, is mostly distinct
 * (the builder gives up on its dictionary mid-load; the catalog then decides), is short, or
 * holds empty strings and nulls. Chunked values come back whole and in order.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ChunkedValues, DictionaryBuilder } from "../../src/data/column-builders.js";
import { ObjectColumn } from "../../src/exec/column.js";
import { DictionaryColumn, dictionaryEncode } from "../../src/exec/dictionary.js";
import type { KType, Value } from "../../src/types.js";

function built(type: KType, values: readonly Value[]) {
  const b = new DictionaryBuilder(type);
  for (const v of values) b.push(v);
  return b.finish();
}

function assertSameAsEncoding(type: KType, values: Value[], label: string): void {
  const got = dictionaryEncode(built(type, values));
  const want = dictionaryEncode(new ObjectColumn(type, values));
  assert.equal(got.constructor.name, want.constructor.name, `${label}: layout`);
  assert.equal(got.length, values.length, `${label}: length`);
  for (let i = 0; i < values.length; i++) if (got.get(i) !== values[i]) assert.fail(`${label}: row ${i}: ${got.get(i)} != ${values[i]}`);
  if (got instanceof DictionaryColumn && want instanceof DictionaryColumn) assert.deepEqual(got.dictionary, want.dictionary, `${label}: dictionary order`);
}

const repeat = (n: number, f: (i: number) => Value) => Array.from({ length: n }, (_, i) => f(i));
const guid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

const CASES: [string, KType, Value[]][] = [
  ["no rows", "string", []],
  ["short column (under 64 rows): plain", "string", repeat(63, () => "a")],
  ["one repeated value", "string", repeat(1000, () => "Sign-in activity")],
  ["empty strings among values", "string", repeat(1000, (i) => (i % 3 === 0 ? "" : `app-${i % 7}`))],
  ["guids with nulls", "guid", repeat(500, (i) => (i % 5 === 0 ? null : guid(i % 11)))],
  ["at the distinct limit (25% of rows)", "string", repeat(400, (i) => `v${i % 100}`)],
  ["one over the distinct limit", "string", repeat(400, (i) => `v${i % 101}`)],
  ["all distinct, gives up after its sample", "string", repeat(20_000, (i) => guid(i))],
  ["distinct at first, then repeating", "string", [...repeat(5000, (i) => guid(i)), ...repeat(30_000, (i) => guid(i % 3))]],
  ["repeating at first, then distinct", "string", [...repeat(30_000, (i) => guid(i % 3)), ...repeat(20_000, (i) => guid(100 + i))]],
  ["values sharing a cache set alternate", "string", repeat(5000, (i) => (i % 2 === 0 ? "x".repeat(40) : `${"x".repeat(39)}y`))],
];

describe("DictionaryBuilder", () => {
  for (const [label, type, values] of CASES) test(label, () => assertSameAsEncoding(type, values, label));

  test("any column: the same as encoding it afterwards (property)", () => {
    const column = fc.oneof(
      fc.array(fc.constantFrom("", "a", "b", "Sign-in", "0", "50126"), { maxLength: 3000 }),
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }),
      fc.array(fc.integer({ min: 0, max: 9000 }).map((i) => guid(i)), { minLength: 4000, maxLength: 12_000 }),
    );
    fc.assert(fc.property(column, (values) => assertSameAsEncoding("string", values, "property")), { numRuns: 60 });
  });
});

describe("ChunkedValues", () => {
  test("values across chunk boundaries come back whole, in order", () => {
    for (const n of [0, 1, 8191, 8192, 8193, 50_000]) {
      const c = new ChunkedValues();
      for (let i = 0; i < n; i++) c.push(i % 3 === 0 ? null : { i });
      const out = c.toArray();
      assert.equal(out.length, n);
      assert.equal(c.length, n);
      for (let i = 0; i < n; i++) assert.deepEqual(out[i], i % 3 === 0 ? null : { i }, `row ${i} of ${n}`);
    }
  });
});
