/**
 * Replay with reuse (a window cache per rule, threaded through its consecutive runs) raises
 * exactly the alerts of independent runs — the same runs, rows and row order — for every rule
 * of the pack, on simulated tenants of random seeds with every attack scenario.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import type { Rule } from "../../src/rules/rule.js";
import { run } from "../simulator/helpers.js";
import { RULES_DIR } from "./helpers.js";

const HOUR = 3_600_000;
const rules = loadRules([RULES_DIR])
  .loaded.map((l) => l.rule)
  .filter((r): r is Rule => r !== undefined);

// A seed drawn at random each run (printed in the test name), with the simulator's attacks.
const seeds = [1 + Math.floor(Math.random() * 1e6)];

for (const seed of seeds)
  test(`seed ${seed}: every rule replayed with reuse = without`, async () => {
    const sim = await run(`reuse-${seed}`, { seed, days: 3, identities: 30 });
    const dir = sim.outDir;
    const inv = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
    writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
    writeFileSync(join(dir, "AppCredentialInventory.csv"), inv.AppCredentialInventory);
    const tables = Object.entries(sim.manifest.tables).map(([name, e]) => ({ name, path: join(dir, e!.file) }));
    const watchlists = ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) }));
    const { catalog } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables, watchlists, load: { progress: false } });
    const from = Date.parse(sim.groundTruth.period.start);
    const to = Date.parse(sim.groundTruth.period.end);
    let alerts = 0;
    for (const rule of rules) {
      const opts = { huntEveryMs: 24 * HOUR };
      const plain = replayRule(rule, catalog as Catalog, from, to, { ...opts, reuse: false });
      const reused = replayRule(rule, catalog as Catalog, from, to, opts);
      assert.deepEqual(reused.diagnostics, plain.diagnostics, rule.id);
      assert.equal(reused.runs, plain.runs, rule.id);
      const view = (r: typeof plain) => r.triggered.map((t) => ({ end: t.windowEndMs, schema: t.result.schema, rows: t.result.rows() }));
      assert.deepEqual(view(reused), view(plain), rule.id);
      alerts += plain.triggered.length;
    }
    assert.ok(alerts > 0, "the tenant's attacks raise alerts");
  });
