/**
 * The columnar aggregates give exactly what the aggregate kernels give, group by group, over
 * random columns: numbers with nulls, NaN and -0, times, strings dictionary-encoded or plain,
 * guids with nulls, a predicate with nulls, a size limit for make_set.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { columnarAggregate } from "../../src/exec/aggregate-columns.js";
import { type Column, ColumnBuilder, ObjectColumn } from "../../src/exec/column.js";
import { ExecContext } from "../../src/exec/context.js";
import { dictionaryEncode } from "../../src/exec/dictionary.js";
import { lookupAggregate } from "../../src/functions/registry.js";
import type { AggregateCall, Expr } from "../../src/plan/ir.js";
import type { KType, Value } from "../../src/types.js";

const ctx = new ExecContext({ table: () => undefined, watchlist: () => undefined }, 0);

function column(type: KType, values: readonly Value[], encode: boolean): Column {
  if (type === "string" || type === "guid") {
    const plain = new ObjectColumn(type, [...values]);
    return encode ? dictionaryEncode(plain) : plain;
  }
  const b = new ColumnBuilder(type, values.length);
  for (const v of values) b.push(v);
  return b.finish();
}

function viaKernel(call: AggregateCall, args: readonly Column[], groupOf: Int32Array, groups: number): Value[] {
  const kernel = lookupAggregate(call.fn)!.bind({
    name: call.fn,
    argTypes: call.args.map((a) => a.type),
    resultType: call.type,
    constants: call.args.map((a) => (a.kind === "literal" ? a.value : undefined)),
    now: 0,
  });
  const states = Array.from({ length: groups }, () => kernel.init());
  for (let i = 0; i < groupOf.length; i++) states[groupOf[i]!] = kernel.add(states[groupOf[i]!], args.map((c) => c.get(i)));
  return states.map((s) => kernel.result(s));
}

const col = (type: KType, name: string): Expr => ({ kind: "column", type, name });
const lit = (type: KType, value: Value): Expr => ({ kind: "literal", type, value });

const CASES: { fn: string; type: KType; result: KType; arg: fc.Arbitrary<Value>; size?: number }[] = [
  { fn: "count", type: "long", result: "long", arg: fc.constant(1) },
  { fn: "countif", type: "bool", result: "long", arg: fc.constant(true) },
  { fn: "sum", type: "long", result: "long", arg: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }) },
  { fn: "sumif", type: "real", result: "real", arg: fc.option(fc.constantFrom(0.1, -0, 2.5, 1e16), { nil: null }) },
  { fn: "min", type: "real", result: "real", arg: fc.option(fc.constantFrom(0, -0, Number.NaN, 3, -7.5), { nil: null }) },
  { fn: "maxif", type: "datetime", result: "datetime", arg: fc.option(fc.integer({ min: 0, max: 9 }).map((k) => 2e17 + k * 1e9), { nil: null }) },
  { fn: "max", type: "long", result: "long", arg: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }) },
  { fn: "dcount", type: "string", result: "long", arg: fc.constantFrom("", "a", "b", "Sign-in") },
  { fn: "dcountif", type: "real", result: "long", arg: fc.option(fc.constantFrom(0, -0, Number.NaN, 1), { nil: null }) },
  { fn: "dcount", type: "guid", result: "long", arg: fc.option(fc.constantFrom("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"), { nil: null }) },
  { fn: "make_set", type: "string", result: "dynamic", arg: fc.constantFrom("", "a", "b", "c", "d"), size: 3 },
  { fn: "make_set_if", type: "string", result: "dynamic", arg: fc.constantFrom("x", "y", "", "z") },
  { fn: "make_set", type: "guid", result: "dynamic", arg: fc.option(fc.constantFrom("00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"), { nil: null }) },
];

for (const c of CASES)
  test(`${c.fn}(${c.type}) columnar = kernel`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ v: c.arg, p: fc.option(fc.boolean(), { nil: null }), g: fc.integer({ min: 0, max: 4 }) }), { maxLength: 200 }),
        fc.boolean(),
        (rows, encode) => {
          const conditional = c.fn.endsWith("if") && c.fn !== "countif";
          const values = column(c.type, rows.map((r) => r.v), encode);
          const pred = column("bool", rows.map((r) => r.p), false);
          const argCols = c.fn === "count" ? [] : c.fn === "countif" ? [pred] : conditional ? [values, pred] : [values];
          const exprs: Expr[] = argCols.map((a, i) => col(a.type, `a${i}`));
          if (c.size !== undefined) exprs.push(lit("long", c.size));
          const call: AggregateCall = { name: "r", fn: c.fn, args: exprs, type: c.result };
          // Groups numbered 0…k-1 in first-appearance order, as summarize gives them.
          const ids = new Map<number, number>();
          for (const r of rows) if (!ids.has(r.g)) ids.set(r.g, ids.size);
          const groupOf = Int32Array.from(rows.map((r) => ids.get(r.g)!));
          const groups = Math.max(1, ids.size);
          const got = columnarAggregate(call, argCols, groupOf, groups, ctx);
          assert.ok(got !== undefined, "has a columnar form");
          const want = viaKernel(call, argCols, groupOf, groups);
          for (let g = 0; g < groups; g++) assert.deepEqual(got.get(g), want[g], `group ${g}`);
        },
      ),
      { numRuns: 150 },
    );
  });
