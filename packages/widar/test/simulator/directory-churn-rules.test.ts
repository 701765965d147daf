/**
 * Directory churn is benign to the rule pack: the whole pack, replayed on its schedules over a
 * churn-only tenant (no scenarios, no other activity, a few thousand churn records over a few
 * days), raises no alert. A rule that starts firing here has learnt to alert on everyday
 * directory work, or the churn has started writing something a rule rightly cares about.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import { simulate } from "../../src/simulator/index.js";
import { RULES_DIR } from "../rules/helpers.js";
import { tempDir } from "./helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHURN = 4_000;
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

describe("directory churn raises no alert", () => {
  let catalog: Catalog;
  let start: number;
  let end: number;
  before(async () => {
    const dir = tempDir("churn-rules");
    const sim = await simulate({ outDir: dir, seed: 11, days: 3, identities: 60, scenarios: [], quiet: true, auditEvents: CHURN });
    assert.equal(sim.manifest.tables.AuditLogs!.records, CHURN);
    start = Date.parse(sim.manifest.period.start);
    end = Date.parse(sim.manifest.period.end);
    const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
    writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inventory.WorkloadIdentityInventory);
    writeFileSync(join(dir, "AppCredentialInventory.csv"), inventory.AppCredentialInventory);
    const built = await buildCatalog({
      queryTexts: rules.map((r) => r.query),
      tables: readdirSync(dir)
        .filter((f) => f.endsWith(".ndjson"))
        .map((f) => ({ name: f.slice(0, -".ndjson".length), path: join(dir, f) })),
      watchlists: ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) })),
    });
    catalog = built.catalog as Catalog;
  });

  test("the pack has rules over AuditLogs to replay", () => {
    assert.ok(rules.filter((r) => r.query.includes("AuditLogs")).length >= 10);
  });

  for (const rule of rules)
    test(rule.id, () => {
      // Scheduled rules run on their own frequency through the period and one run past it; hunting queries daily.
      const r = replayRule(rule, catalog, start, end + Math.max(rule.queryFrequencyMs, HOUR), { huntEveryMs: DAY });
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      assert.ok(r.runs > 0);
      const first = r.triggered[0];
      assert.equal(r.triggered.length, 0, `${rule.id} fired ${r.triggered.length} times, first at ${first && new Date(first.windowEndMs).toISOString()}`);
    });
});
