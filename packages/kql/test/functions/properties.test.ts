/**
 * Property tests: no kernel throws on data. For every registered scalar function and aggregate,
 * random argument types, random values of those types (nulls, NaN, huge numbers, odd strings,
 * arbitrary JSON) and random constant-ness: binding may throw only a KqlError (a query problem,
 * e.g. an invalid constant regex), and kernels may throw only KqlError, never anything else.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { KqlError } from "../../src/diagnostics.js";
import { arityOf } from "../../src/functions/arity.js";
import { aggregateFunctions, scalarFunctions } from "../../src/functions/registry.js";
import { K_TYPES, type KType, type Value } from "../../src/types.js";
import { site } from "./helpers.js";

const interestingStrings = fc.constantFrom(
  "",
  " ",
  "10.0.0.1",
  "10.0.0.0/8",
  "10.0.0.1-10.0.0.9",
  "2024-01-02T03:04:05Z",
  "1d",
  "00:10:00",
  "true",
  "42",
  "-1.5e300",
  "(a",
  "[a-z]+",
  "year",
  "minute",
  "regex",
  "$.a[0]",
  '{"a":[1,2]}',
  "0f8fad5b-d9cb-469f-a165-70867728950e",
  "😀é",
);

const specialNumbers = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e300, -1e300, 0.5, 2 ** 53 + 2);

const ticks = fc.oneof(specialNumbers, fc.integer({ min: -637_134_336_000_000_000, max: 2_518_244_640_000_000_000 }), fc.double({ noNaN: false }));

/** Values a column of type t may hold (and, rarely, a value of another type: kernels must cope). */
function arbitraryValue(t: KType): fc.Arbitrary<Value> {
  const typed: fc.Arbitrary<Value> = (() => {
    switch (t) {
      case "bool":
        return fc.oneof(fc.boolean(), fc.constant(null));
      case "int":
      case "long":
        return fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -1, 2 ** 62), fc.constant(null));
      case "real":
      case "decimal":
        return fc.oneof(fc.double(), specialNumbers, fc.constant(null));
      case "string":
        return fc.oneof(fc.string(), interestingStrings);
      case "datetime":
      case "timespan":
        return fc.oneof(ticks, fc.constant(null));
      case "guid":
        return fc.oneof(fc.uuid(), fc.constant(null));
      case "dynamic":
        return fc.oneof(fc.jsonValue() as fc.Arbitrary<Value>, interestingStrings, fc.constant(null));
    }
  })();
  const stray = fc.oneof(fc.jsonValue() as fc.Arbitrary<Value>, specialNumbers, fc.boolean());
  return fc.oneof({ weight: 9, arbitrary: typed }, { weight: 1, arbitrary: stray });
}

const kType = fc.constantFrom(...K_TYPES);

/** A call with an argument count in the function's range: types, result type, values, constant-ness. */
function callArb(kind: "scalar" | "aggregate", name: string) {
  const [lo, hi] = arityOf(kind, name) ?? [0, 5];
  return fc
  .tuple(fc.array(kType, { minLength: lo, maxLength: Math.min(hi, lo + 3) }), kType)
  .chain(([types, rt]) =>
    fc.record({
      types: fc.constant(types),
      rt: fc.constant(rt),
      args: fc.tuple(...types.map(arbitraryValue)),
      constant: fc.array(fc.boolean(), { minLength: types.length, maxLength: types.length }),
    }),
  );
}

function onlyKqlErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
  }
}

describe("kernels never throw on data", () => {
  for (const [name, fn] of scalarFunctions) {
    test(`scalar ${name}`, () => {
      fc.assert(
        fc.property(callArb("scalar", name), ({ types, rt, args, constant }) => {
          const consts = args.map((a, i) => (constant[i] ? a : undefined));
          onlyKqlErrors(() => {
            const k = fn.bind(site(name, types, rt, consts));
            const r = k(args);
            assert.notEqual(r, undefined, `${name} returned undefined`);
          });
        }),
        { numRuns: 300 },
      );
    });
  }
  for (const [name, fn] of aggregateFunctions) {
    test(`aggregate ${name}`, () => {
      fc.assert(
        fc.property(
          callArb("aggregate", name).chain((c) => fc.record({ c: fc.constant(c), rows: fc.array(fc.tuple(...c.types.map(arbitraryValue)), { maxLength: 6 }) })),
          ({ c, rows }) => {
            const consts = c.args.map((a, i) => (c.constant[i] ? a : undefined));
            onlyKqlErrors(() => {
              const k = fn.bind(site(name, c.types, c.rt, consts));
              let s = k.init();
              for (const r of rows) s = k.add(s, r);
              assert.notEqual(k.result(s), undefined, `${name} returned undefined`);
            });
          },
        ),
        { numRuns: 100 },
      );
    });
  }
});

describe("arity table", () => {
  test("every registered function has an argument-count entry", () => {
    for (const name of scalarFunctions.keys()) assert.ok(arityOf("scalar", name) !== undefined, `arity of ${name}`);
    for (const name of aggregateFunctions.keys()) assert.ok(arityOf("aggregate", name) !== undefined, `arity of ${name}`);
  });
  test("a wrong argument count is a KqlError at bind time", () => {
    assert.throws(() => scalarFunctions.get("strlen")!.bind(site("strlen", [], "long")), KqlError);
    assert.throws(() => aggregateFunctions.get("sum")!.bind(site("sum", [], "long")), KqlError);
  });
});
