/**
 * Same seed and options → byte-identical files; a different seed → a different tenant and logs;
 * and injecting attacks never perturbs the benign noise (each generator draws from its own
 * PRNG stream), so a full run is exactly the benign run plus the labelled scenario records.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TABLE_NAMES, recordKey } from "../../src/simulator/tables.js";
import { readAll, readNdjson, run } from "./helpers.js";

describe("simulator determinism", () => {
  test("the same seed twice writes byte-identical files", async () => {
    const a = await run("det-a", { seed: 42 });
    const b = await run("det-b", { seed: 42 });
    const fa = readAll(a.outDir);
    const fb = readAll(b.outDir);
    assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
    for (const [name, bytes] of fa) assert.ok(bytes.equals(fb.get(name)!), `${name} differs between two runs of seed 42`);
    assert.ok(fa.get("AuditLogs.ndjson")!.length > 0);
  });

  test("the same seed in every format is deterministic too", async () => {
    for (const format of ["la-json", "csv"] as const) {
      const a = readAll((await run(`det-${format}-a`, { seed: 7, format, scenarios: ["sp-burst-user"] })).outDir);
      const b = readAll((await run(`det-${format}-b`, { seed: 7, format, scenarios: ["sp-burst-user"] })).outDir);
      for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${format}: ${name} differs`);
    }
  });

  test("a different seed gives a different tenant and different records", async () => {
    const a = await run("seed-1", { seed: 1, scenarios: [] });
    const b = await run("seed-2", { seed: 2, scenarios: [] });
    assert.notEqual(a.tenant.id, b.tenant.id);
    assert.ok(!readAll(a.outDir).get("AuditLogs.ndjson")!.equals(readAll(b.outDir).get("AuditLogs.ndjson")!));
  });

  test("a full run is exactly the benign run plus the scenarios' labelled records", async () => {
    const benign = await run("benign", { seed: 5, scenarios: [] });
    const full = await run("full", { seed: 5 });
    for (const table of TABLE_NAMES) {
      const before = new Set(readNdjson(benign.outDir, table).map((r) => recordKey(table, r)));
      const after = readNdjson(full.outDir, table).map((r) => recordKey(table, r));
      const added = after.filter((k) => !before.has(k)).sort();
      const labelled = full.groundTruth.scenarios.flatMap((s) => [...(s.records[table] ?? []), ...(s.contextRecords?.[table] ?? [])]).sort();
      assert.equal(after.length - added.length, before.size, `${table}: every benign record is still there`);
      assert.deepEqual(added, labelled, `${table}: the added records are exactly the labelled ones`);
    }
  });
});
