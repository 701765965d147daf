/**
 * The time-arithmetic loops give exactly what the functions' kernels give, row by row, over
 * random datetimes (before and after widar's epoch, with nulls) and timespans (negative too).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type Column, ColumnBuilder, ConstantColumn } from "../../src/exec/column.js";
import { vectorTimeCall } from "../../src/exec/vector-datetime.js";
import { lookupScalar } from "../../src/functions/registry.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, type KType, type Value } from "../../src/types.js";

const datetime = fc.option(fc.integer({ min: -4000 * TICKS_PER_DAY / 1e7, max: 4000 * TICKS_PER_DAY / 1e7 }).map((s) => s * 1e7 + (s % 7) * 1234), { nil: null });
const timespan = fc.oneof(fc.constantFrom(0, TICKS_PER_HOUR, -8 * TICKS_PER_HOUR, TICKS_PER_DAY, 7 * TICKS_PER_DAY, 15 * 60 * 1e7), fc.integer({ min: -1e12, max: 1e12 }));

function fixed(type: KType, values: readonly (number | null)[]): Column {
  const b = new ColumnBuilder(type, values.length);
  for (const v of values) b.push(v);
  return b.finish();
}

function kernelResults(fn: string, type: KType, args: readonly Column[], n: number): Value[] {
  const kernel = lookupScalar(fn)!.bind({ name: fn, argTypes: args.map((a) => a.type), resultType: type, constants: args.map((a) => (a instanceof ConstantColumn ? a.value : undefined)), now: 0 });
  return Array.from({ length: n }, (_, i) => kernel(args.map((a) => a.get(i))));
}

const CASES: { name: string; fn: string; type: KType; args: (ts: (number | null)[], span: number) => Column[] }[] = [
  { name: "datetime + timespan constant", fn: "+", type: "datetime", args: (ts, s) => [fixed("datetime", ts), new ConstantColumn("timespan", s, ts.length)] },
  { name: "datetime - timespan constant", fn: "-", type: "datetime", args: (ts, s) => [fixed("datetime", ts), new ConstantColumn("timespan", s, ts.length)] },
  { name: "datetime - datetime", fn: "-", type: "timespan", args: (ts) => [fixed("datetime", ts), fixed("datetime", [...ts].reverse())] },
  { name: "timespan + datetime column", fn: "+", type: "datetime", args: (ts, s) => [new ConstantColumn("timespan", s, ts.length), fixed("datetime", ts)] },
  { name: "hourofday", fn: "hourofday", type: "int", args: (ts) => [fixed("datetime", ts)] },
  { name: "dayofweek", fn: "dayofweek", type: "timespan", args: (ts) => [fixed("datetime", ts)] },
  { name: "startofday", fn: "startofday", type: "datetime", args: (ts) => [fixed("datetime", ts)] },
  { name: "bin by a timespan", fn: "bin", type: "datetime", args: (ts, s) => [fixed("datetime", ts), new ConstantColumn("timespan", s, ts.length)] },
  { name: "floor by a timespan", fn: "floor", type: "datetime", args: (ts, s) => [fixed("datetime", ts), new ConstantColumn("timespan", s, ts.length)] },
];

for (const c of CASES)
  test(`${c.name}: loop = kernel`, () => {
    fc.assert(
      fc.property(fc.array(datetime, { maxLength: 60 }), timespan, (ts, span) => {
        const args = c.args(ts, span);
        const got = vectorTimeCall(c.fn, c.type, args, ts.length);
        assert.ok(got !== undefined, "has a loop");
        const want = kernelResults(c.fn, c.type, args, ts.length);
        for (let i = 0; i < ts.length; i++) assert.equal(got.get(i), want[i], `row ${i}: ${ts[i]} ${span}`);
      }),
      { numRuns: 200 },
    );
  });
