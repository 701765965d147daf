/**
 * Test helpers for the function library: bind a function by name with argument/result types and
 * run its kernel, the way the executor does. `call` binds twice — once with no constants known
 * and once with every argument constant — and checks both paths agree, so the bind-time
 * specialisations (constant regex, constant lists) are tested by every case.
 */
import assert from "node:assert/strict";
import { parseDatetime, parseTimespan } from "../../src/functions/datetime-text.js";
import { lookupAggregate, lookupScalar } from "../../src/functions/registry.js";
import type { CallSite } from "../../src/functions/registry-types.js";
import type { KType, Value } from "../../src/types.js";

/** The query "now" used by tests: 2026-11-21T12:00:00Z. */
export const NOW = parseDatetime("2026-11-21T12:00:00Z")!;

export function dt(s: string): number {
  const v = parseDatetime(s);
  if (v === null) throw new Error(`bad datetime in test: ${s}`);
  return v;
}

export function ts(s: string): number {
  const v = parseTimespan(s);
  if (v === null) throw new Error(`bad timespan in test: ${s}`);
  return v;
}

export function site(name: string, argTypes: readonly KType[], resultType: KType, constants?: readonly (Value | undefined)[]): CallSite {
  return { name, argTypes, resultType, constants: constants ?? argTypes.map(() => undefined), now: NOW };
}

/** Runs scalar function `name` on args; asserts the constant-bound kernel gives the same. */
export function call(name: string, argTypes: readonly KType[], resultType: KType, args: readonly Value[]): Value {
  const fn = lookupScalar(name);
  assert.ok(fn !== undefined, `function ${name} is registered`);
  const rowKernel = fn.bind(site(name, argTypes, resultType));
  const r = rowKernel(args);
  const constKernel = fn.bind(site(name, argTypes, resultType, args));
  const rc = constKernel(args);
  if (name !== "rand" && name !== "new_guid") assert.deepEqual(rc, r, `${name}: constant-bound kernel agrees`);
  return r;
}

/** Runs aggregate `name` over rows of argument values (constants: per-argument, optional). */
export function aggregate(
  name: string,
  argTypes: readonly KType[],
  resultType: KType,
  rows: readonly (readonly Value[])[],
  constants?: readonly (Value | undefined)[],
): Value {
  const fn = lookupAggregate(name);
  assert.ok(fn !== undefined, `aggregate ${name} is registered`);
  const k = fn.bind(site(name, argTypes, resultType, constants));
  let s = k.init();
  for (const r of rows) s = k.add(s, r);
  return k.result(s);
}

/** A table-driven case: [description, function, argTypes, resultType, args, expected]. */
export type Case = readonly [string, string, readonly KType[], KType, readonly Value[], Value];

/** Registers node:test cases for a table; NaN compares by Object.is via deepEqual. */
export function runCases(
  test: (name: string, fn: () => void) => unknown,
  cases: readonly Case[],
): void {
  for (const [desc, name, types, rt, args, expected] of cases) {
    test(`${name}: ${desc}`, () => {
      assert.deepEqual(call(name, types, rt, args), expected);
    });
  }
}
