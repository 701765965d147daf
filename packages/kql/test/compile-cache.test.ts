/**
 * The compile cache: a query compiled from the cache is the query compiled afresh — the same
 * plans, with a `let` used several times still one shared node, and the same results; an
 * edited text or a changed schema misses; an unreadable file misses.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import fc from "fast-check";
import { decodeShared, encodeShared } from "../src/compile-cache.js";
import { sharedPlans } from "../src/exec/shared-plans.js";
import { Catalog, type Schema, Table, compile, diskCompileCache, execute, msToTicks } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "widar-compile-cache-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "Sp", type: "string" },
  { name: "N", type: "long" },
];
const NOW = Date.UTC(2026, 10, 20, 12);
const rows = Array.from({ length: 50 }, (_, i) => [msToTicks(NOW - i * 600_000), `sp${i % 4}`, i % 7]);

function catalog(schema: Schema = SCHEMA): Catalog {
  return new Catalog().addTable("T", schema, Table.fromRows(schema, rows));
}

const QUERY = `let Recent = T | where TimeGenerated > ago(3h);
let Total = toscalar(Recent | count);
Recent | summarize c = count(), s = make_set(Sp) by Sp
| join kind=inner (Recent | summarize m = max(N) by Sp) on Sp
| extend share = todouble(c) / Total, nan = todouble("nan"), neg = -0.0, big = 1e308 * 10
| order by Sp asc`;

describe("compile cache", () => {
  test("a cached compile = a fresh one: plans, sharing, results", () => {
    const fresh = compile(QUERY, catalog());
    const c1 = catalog().setCompileCache(diskCompileCache(dir));
    const written = compile(QUERY, c1);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith(".plan.json")).length, 1);
    const c2 = catalog().setCompileCache(diskCompileCache(dir));
    const read = compile(QUERY, c2);
    assert.notEqual(read.plans, written.plans, "read back from the file, not the same objects");
    assert.deepEqual(read.plans, fresh.plans);
    assert.deepEqual(read.diagnostics, fresh.diagnostics);
    // The bound tree is bound again on demand (it holds Kusto.Language objects).
    assert.deepEqual(read.analysis.diagnostics, fresh.analysis.diagnostics);
    assert.equal(read.analysis.root.kind, fresh.analysis.root.kind);
    // `Recent` is one node referenced three times, in the read-back plan too.
    assert.equal(sharedPlans(read.plans).size, sharedPlans(fresh.plans).size);
    assert.ok(sharedPlans(read.plans).size > 0);
    const a = execute(fresh, catalog(), { now: NOW });
    const b = execute(read, c2, { now: NOW });
    assert.deepEqual(b.tables[0]!.rows(), a.tables[0]!.rows());
  });

  test("an edited text or a changed schema is a miss", () => {
    const sub = mkdtempSync(join(dir, "miss-"));
    compile(QUERY, catalog().setCompileCache(diskCompileCache(sub)));
    compile(`${QUERY}\n| take 1`, catalog().setCompileCache(diskCompileCache(sub)));
    const wider: Schema = [...SCHEMA, { name: "Extra", type: "string" }];
    compile(QUERY, catalog(wider).setCompileCache(diskCompileCache(sub)));
    assert.equal(readdirSync(sub).length, 3);
  });

  test("an unreadable file is a miss, and is written anew", () => {
    const sub = mkdtempSync(join(dir, "bad-"));
    compile(QUERY, catalog().setCompileCache(diskCompileCache(sub)));
    const [file] = readdirSync(sub);
    writeFileSync(join(sub, file!), "{ not json");
    const again = compile(QUERY, catalog().setCompileCache(diskCompileCache(sub)));
    assert.deepEqual(again.plans, compile(QUERY, catalog()).plans);
  });

  test("encoding keeps values, special numbers, undefined and shared objects", () => {
    const leaf = fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("v")), fc.dictionary(fc.string(), tie("v"), { noNullPrototype: true })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const shared = { v };
        const root = { a: shared, b: [shared, v] };
        const back = decodeShared(JSON.parse(JSON.stringify(encodeShared(root)))) as typeof root;
        assert.deepEqual(back, root);
        assert.equal(back.b[0], back.a, "one object, referenced twice");
      }),
      { numRuns: 200 },
    );
  });
});
