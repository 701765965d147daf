/** The vectorised fast paths must compute exactly what the registry's kernels compute. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type Column, ConstantColumn, columnFromValues } from "../../src/exec/column.js";
import { fastCall } from "../../src/exec/fast-paths.js";
import { lookupScalar } from "../../src/functions/registry.js";
import type { KType, Value } from "../../src/types.js";

function viaKernel(fn: string, a: Column, b: Column, n: number): Value[] {
  const kernel = lookupScalar(fn)!.bind({ name: fn, argTypes: [a.type, b.type], resultType: "bool", constants: [undefined, undefined], now: 0 });
  return Array.from({ length: n }, (_, i) => kernel([a.get(i), b.get(i)]));
}

const column = (type: KType, values: (number | boolean | null)[]) => columnFromValues(type, values);

test("comparisons: fast path equals the kernels", () => {
  const types: KType[] = ["int", "long", "datetime", "timespan"];
  fc.assert(
    fc.property(
      fc.constantFrom("==", "!=", "<", "<=", ">", ">="),
      fc.constantFrom(...types),
      fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { minLength: 1, maxLength: 20 }),
      fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      fc.boolean(),
      (fn, type, xs, y, constantRight) => {
        const a = column(type, xs);
        const b: Column = constantRight ? new ConstantColumn(type, y, xs.length) : column(type, xs.map((x) => (x === null ? y : -x)));
        const fast = fastCall(fn, [a, b], xs.length)!;
        assert.ok(fast !== undefined);
        assert.deepEqual(Array.from({ length: xs.length }, (_, i) => fast.get(i)), viaKernel(fn, a, b, xs.length));
        const flipped = fastCall(fn, [b, a], xs.length)!;
        assert.deepEqual(Array.from({ length: xs.length }, (_, i) => flipped.get(i)), viaKernel(fn, b, a, xs.length));
      },
    ),
    { numRuns: 300 },
  );
});

test("and/or: three-valued logic equals the kernels", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("and", "or"),
      fc.array(fc.tuple(fc.option(fc.boolean(), { nil: null }), fc.option(fc.boolean(), { nil: null })), { minLength: 1, maxLength: 20 }),
      (fn, pairs) => {
        const a = column("bool", pairs.map((p) => p[0]));
        const b = column("bool", pairs.map((p) => p[1]));
        const fast = fastCall(fn, [a, b], pairs.length)!;
        assert.deepEqual(Array.from({ length: pairs.length }, (_, i) => fast.get(i)), viaKernel(fn, a, b, pairs.length));
      },
    ),
    { numRuns: 200 },
  );
});

test("real columns are left to the kernels (NaN semantics live there)", () => {
  assert.equal(fastCall(">", [column("real", [1.5]), new ConstantColumn("real", 1, 1)], 1), undefined);
});
