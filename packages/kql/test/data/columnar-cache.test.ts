/**
 * The columnar cache: a hit gives back exactly the table (every type, nulls, dynamic values,
 * diagnostics, stats, rejects); a changed file, other options, a corrupt or foreign cache file
 * are misses; unreadable files and transforms without a cacheKey are never cached.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadTableFileCached } from "../../src/data/columnar-cache.js";
import type { RecordTransform } from "../../src/data/record-feed.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "T", type: "datetime" },
  { name: "S", type: "string" },
  { name: "G", type: "guid" },
  { name: "L", type: "long" },
  { name: "I", type: "int" },
  { name: "R", type: "real" },
  { name: "B", type: "bool" },
  { name: "TS", type: "timespan" },
  { name: "D", type: "dynamic" },
];

const TEXT = [
  { T: "2026-11-21T10:00:00.1234567Z", S: "a", G: "{4B8E2D6F-0A1C-4E3B-9F7D-5C2A8E6B1D94}", L: 2 ** 40, I: -3, R: 1.5, B: true, TS: "00:05:00", D: { k: [1, "x", null] } },
  { T: null, S: "", G: null, L: null, I: null, R: Number.NaN.toString(), B: false, TS: null, D: null },
  { T: "oops", S: "a", L: "7", B: "TRUE", D: "not json" },
]
  .map((o) => JSON.stringify(o))
  .join("\n")
  .concat("\n{broken\n");

const made: string[] = [];
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), "widar-cache-test-"));
  made.push(d);
  return d;
};
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("loadTableFileCached", () => {
  test("a hit is the same table, diagnostics, stats and rejects as the miss", async () => {
    const path = fixture("cached.ndjson", TEXT);
    const dir = cacheDir();
    const rejects: string[] = [];
    const opts = { table: "T", schema: SCHEMA, cache: { dir }, onReject: (r: { text: string }) => rejects.push(r.text) };
    const cold = await loadTableFileCached(path, opts);
    assert.equal(cold.cache, "miss");
    const warm = await loadTableFileCached(path, opts);
    assert.equal(warm.cache, "hit");
    assert.deepEqual(records(warm.table), records(cold.table));
    assert.deepEqual(warm.schema, cold.schema);
    assert.deepEqual(warm.diagnostics, cold.diagnostics);
    assert.deepEqual(warm.stats, { loaded: 3, rejected: 1, coercedToNull: 1 });
    assert.deepEqual(rejects, ["{broken", "{broken"], "rejects are replayed on a hit");
    assert.ok(Number.isNaN(warm.table.columns[5]!.get(1) as number));
    assert.equal(warm.table.columns[2]!.get(0), "4b8e2d6f-0a1c-4e3b-9f7d-5c2a8e6b1d94");
    assert.equal(readdirSync(dir).length, 1);
  });

  test("a changed file, another schema or salt, a corrupt cache: misses, never errors", async () => {
    const path = fixture("changing.ndjson", '{"S":"one"}\n');
    const dir = cacheDir();
    const load = (extra: object = {}) => loadTableFileCached(path, { table: "T", schema: SCHEMA, cache: { dir }, ...extra });
    assert.equal((await load()).cache, "miss");
    assert.equal((await load()).cache, "hit");
    writeFileSync(path, '{"S":"two"}\n');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    const changed = await load();
    assert.equal(changed.cache, "miss");
    assert.equal(changed.table.columns[1]!.get(0), "two");
    assert.equal((await load({ schema: SCHEMA.slice(0, 2) })).cache, "miss");
    assert.equal((await load({ cache: { dir, salt: "mapping v2" } })).cache, "miss");
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), "WIDARCOL\u0000\u0000garbage");
    const afterCorruption = await load();
    assert.equal(afterCorruption.cache, "miss");
    assert.equal(afterCorruption.table.columns[1]!.get(0), "two");
  });

  test("not cached: no cache dir, a transform without a cacheKey, an unreadable file, an unwritable dir", async () => {
    const path = fixture("plain.ndjson", '{"S":"x"}\n');
    assert.equal((await loadTableFileCached(path, { table: "T", schema: SCHEMA })).cache, "off");
    const anonymous: RecordTransform = { map: (r) => r };
    assert.equal((await loadTableFileCached(path, { table: "T", schema: SCHEMA, transform: anonymous, cache: { dir: cacheDir() } })).cache, "off");
    const missing = await loadTableFileCached("/nonexistent/x.ndjson", { table: "T", schema: SCHEMA, cache: { dir: cacheDir() } });
    assert.equal(missing.cache, "off");
    assert.deepEqual(
      missing.diagnostics.map((d) => d.code),
      ["WD004"],
    );
    const blocked = join(cacheDir(), "file");
    writeFileSync(blocked, "");
    const r = await loadTableFileCached(path, { table: "T", schema: SCHEMA, cache: { dir: join(blocked, "sub") } });
    assert.equal(r.cache, "off");
    assert.equal(r.table.rowCount, 1);
  });

  test("an inferred schema round-trips too", async () => {
    const path = fixture("inferred.json", '[{"a":1,"b":"2026-11-21T10:00:00Z","c":[1]},{"a":2.5,"b":null,"c":{}}]');
    const dir = cacheDir();
    const cold = await loadTableFileCached(path, { table: "T", cache: { dir } });
    const warm = await loadTableFileCached(path, { table: "T", cache: { dir } });
    assert.equal(warm.cache, "hit");
    assert.deepEqual(warm.schema, [
      { name: "a", type: "real" },
      { name: "b", type: "datetime" },
      { name: "c", type: "dynamic" },
    ]);
    assert.deepEqual(records(warm.table), records(cold.table));
  });
});
