/**
 * Query-level function cases: `print r = EXPR` through the whole engine, so the analyzer's typing
 * (result type, argument conversions) is tested together with the kernel. Numbers compare with a
 * relative tolerance of 1e-9 (unit factors and the docs' printed values are rounded); NaN exactly.
 */
import assert from "node:assert/strict";
import type { Json } from "../../src/index.js";
import { run } from "../support.js";

/** [description, expression, expected value, expected type (optional)]. */
export type ExprCase = readonly [string, string, Json, string?];

export function close(actual: Json, expected: Json, what: string): void {
  if (typeof expected === "number" && typeof actual === "number" && !Object.is(expected, actual)) {
    assert.ok(!Number.isNaN(expected), `${what}: ${actual} is NaN`);
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≈ ${expected}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((e, i) => {
      close(actual[i] ?? null, e, `${what}[${i}]`);
    });
    return;
  }
  assert.deepEqual(actual, expected, what);
}

export function runExprCases(test: (name: string, fn: () => void) => unknown, cases: readonly ExprCase[]): void {
  for (const [desc, expr, expected, type] of cases)
    test(`${desc}: ${expr}`, () => {
      const r = run(`print r = ${expr}`);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      close(r.rows[0]?.[0] ?? null, expected, expr);
      if (type !== undefined) assert.equal(r.types[0], type);
    });
}

/** Expressions the analyzer accepts but whose value is the wrong kind must be diagnosed, not crash. */
export function errorCode(expr: string): string | undefined {
  return run(`print r = ${expr}`).diagnostics.find((d) => d.severity === "error")?.code;
}
