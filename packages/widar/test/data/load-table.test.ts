/**
 * Loading one file into one table as every command does: the summary line, the reject file
 * (where it goes, when it is removed), the columnar cache (hit, invalidation, salt by mapping),
 * the progress bar (a terminal only), and which schema a table gets.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadEntraTable } from "../../src/data/load-table.js";
import { ProgressBar } from "../../src/data/progress.js";
import { rejectFilePath } from "../../src/data/rejects.js";
import { fixturePath, rowsOf, tmpDir } from "./support.js";

const GOOD = JSON.stringify({ TimeGenerated: "2026-11-21T11:00:00Z", OperationName: "Add service principal", Result: "success" });

describe("loadEntraTable", () => {
  test("a summary per table (WD015) and the reject file beside the run, in ./.widar/rejects", async () => {
    const dir = tmpDir();
    const run = tmpDir("widar-run-");
    const path = join(dir, "audit.ndjson");
    writeFileSync(path, `${GOOD}\n{"TimeGenerated": oops}\n${GOOD.replace("success", "failure")}\n`);
    const cwd = process.cwd();
    process.chdir(run);
    let r: Awaited<ReturnType<typeof loadEntraTable>>;
    try {
      r = await loadEntraTable("AuditLogs", path, { cache: false, progress: false });
      assert.equal(rejectFilePath(path), r.rejectFile);
    } finally {
      process.chdir(cwd);
    }
    assert.match(r.rejectFile!, new RegExp(`^${run}/\\.widar/rejects/audit\\.ndjson\\.[0-9a-f]{8}\\.rejects\\.ndjson$`));
    const [rej] = readFileSync(r.rejectFile!, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(
      { ...rej, message: undefined },
      { file: path, line: 2, code: "WD001", message: undefined, text: '{"TimeGenerated": oops}' },
    );
    const summary = r.diagnostics.find((d) => d.code === "WD015");
    assert.deepEqual(summary, { code: "WD015", severity: "info", message: "AuditLogs: 2 loaded, 1 rejected, 0 coerced to null", file: path });
    assert.match(r.diagnostics.find((d) => d.code === "WD016")!.message, /^1 rejected record\(s\) written to .*audit\.ndjson\.[0-9a-f]{8}\.rejects\.ndjson$/);
    // Fixed and loaded again: the stale reject file goes.
    writeFileSync(path, `${GOOD}\n`);
    const again = await loadEntraTable("AuditLogs", path, { cache: false, progress: false, rejectsDir: join(run, ".widar", "rejects") });
    assert.equal(again.rejectFile, undefined);
    assert.equal(existsSync(r.rejectFile!), false);
  });

  test("a reject file that cannot be written is a warning, and the load still succeeds", async () => {
    const dir = tmpDir();
    const path = join(dir, "a.ndjson");
    writeFileSync(path, `${GOOD}\nnot json\n`);
    writeFileSync(join(dir, "blocker"), "a file where the rejects dir should be");
    const r = await loadEntraTable("AuditLogs", path, { cache: false, progress: false, rejectsDir: join(dir, "blocker", "sub") });
    assert.equal(r.table.rowCount, 1);
    const d = r.diagnostics.find((x) => x.code === "WD016")!;
    assert.equal(d.severity, "warning");
  });

  test("the columnar cache: a hit replays the table, its diagnostics and its rejects", async () => {
    const dir = tmpDir();
    const path = join(dir, "signins.ndjson");
    writeFileSync(path, readFileSync(fixturePath("diagnostic", "hostile.eventhub.ndjson")));
    const opts = { progress: false as const, cache: { minBytes: 0 }, rejectsDir: tmpDir() };
    assert.equal((await loadEntraTable("AADServicePrincipalSignInLogs", path, { ...opts, cache: {} })).cache, "off", "a small file is not cached by default");
    const cold = await loadEntraTable("AADServicePrincipalSignInLogs", path, opts);
    assert.equal(cold.cache, "miss");
    assert.ok(existsSync(join(dir, ".widar", "cache")), "the cache sits beside the data");
    const warm = await loadEntraTable("AADServicePrincipalSignInLogs", path, opts);
    assert.equal(warm.cache, "hit");
    assert.deepEqual(rowsOf(warm.table), rowsOf(cold.table));
    assert.deepEqual(warm.table.schema, cold.table.schema);
    assert.deepEqual(warm.stats, cold.stats);
    assert.deepEqual(warm.diagnostics, cold.diagnostics);
    assert.equal(readFileSync(warm.rejectFile!, "utf8"), readFileSync(cold.rejectFile!, "utf8"));
    // Another table name is another key; a touched file is a miss.
    assert.equal((await loadEntraTable("MyTable", path, opts)).cache, "miss");
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    assert.equal((await loadEntraTable("AADServicePrincipalSignInLogs", path, opts)).cache, "miss");
  });

  test("cache: false, WIDAR_CACHE=off and WIDAR_CACHE_DIR", async () => {
    const dir = tmpDir();
    const path = join(dir, "a.ndjson");
    writeFileSync(path, `${GOOD}\n`);
    assert.equal((await loadEntraTable("AuditLogs", path, { cache: false, progress: false })).cache, "off");
    const other = tmpDir("widar-cache-elsewhere-");
    process.env.WIDAR_CACHE_DIR = other;
    try {
      assert.equal((await loadEntraTable("AuditLogs", path, { progress: false, cache: { minBytes: 0 } })).cache, "miss");
      assert.equal(existsSync(join(dir, ".widar", "cache")), false);
      process.env.WIDAR_CACHE = "off";
      assert.equal((await loadEntraTable("AuditLogs", path, { progress: false, cache: { minBytes: 0 } })).cache, "off");
    } finally {
      delete process.env.WIDAR_CACHE_DIR;
      delete process.env.WIDAR_CACHE;
    }
  });

  test("the schema: the catalog's; inferred for unknown rows; the mapped table's for mapped records", async () => {
    const dir = tmpDir();
    const plain = join(dir, "custom.ndjson");
    writeFileSync(plain, `${JSON.stringify({ T: "2026-11-21T11:00:00Z", N: 3 })}\n`);
    const custom = await loadEntraTable("Custom", plain, { cache: false, progress: false });
    assert.deepEqual(
      custom.table.schema.map((c) => `${c.name}:${c.type}`),
      ["T:datetime", "N:long"],
    );
    const declared = await loadEntraTable("Custom", plain, { cache: false, progress: false, schema: [{ name: "N", type: "string" }] });
    assert.deepEqual(rowsOf(declared.table), [{ N: "3" }]);
    const mapped = await loadEntraTable("Signins", fixturePath("graph", "signins-workload.json"), { cache: false, progress: false });
    assert.equal(mapped.adoptedTable, "AADServicePrincipalSignInLogs");
    assert.equal(mapped.table.schema.length, 50); // 46 of the reference + 4 standard columns it omits
  });

  test("a missing file is WD004 with a summary, never a throw", async () => {
    const r = await loadEntraTable("AuditLogs", "/nonexistent/widar/AuditLogs.ndjson", { progress: false, cache: { minBytes: 0 } });
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WD004", "WD015"],
    );
    assert.equal(r.cache, "off");
  });
});

describe("the progress bar", () => {
  test("draws bytes and records on a terminal, throttled, and clears its line", () => {
    const written: string[] = [];
    const bar = new ProgressBar("AuditLogs", 4 * 1024 * 1024, { isTTY: true, columns: 120, write: (s) => written.push(s) }, 0);
    bar.update({ bytesRead: 1024 * 1024, records: 1200 });
    bar.update({ bytesRead: 2 * 1024 * 1024, records: 2500 });
    bar.done();
    assert.equal(written.length, 3);
    assert.match(written[1]!, /AuditLogs \[#{12}\.{12}\] {2}50% 2\.0 MiB\/4\.0 MiB 2,500 records/);
    assert.equal(written[2], "\r\x1b[2K");
  });

  test("draws nothing when stderr is not a terminal", () => {
    const written: string[] = [];
    const bar = new ProgressBar("AuditLogs", 100, { isTTY: false, write: (s) => written.push(s) }, 0);
    bar.update({ bytesRead: 50, records: 1 });
    bar.done();
    assert.deepEqual(written, []);
  });
});
