/**
 * The pack on data as a tenant exports it: every scenario's tables written as Azure Monitor
 * diagnostic-settings storage blobs (JSON lines, one `{time, category, properties…}` record per
 * line) wherever the table has such an export, and each expected rule must still fire. Columns
 * that Log Analytics derives at ingestion are missing from that form (AzureActivity's Caller and
 * _ResourceId, any table's TenantId), and a rule that leans on them would be silently dead for a
 * tenant that loads its exports: this is what catches it.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { toDiagnosticRecord } from "../../src/data/export-records.js";
import { mappingFor } from "../../src/data/mappings/index.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import { labelId } from "../../src/rules/rule.js";
import { SCENARIO_NAMES, simulate } from "../../src/simulator/index.js";
import { RULES_DIR } from "./helpers.js";
import { tempDir } from "../support/temp-dir.js";

const HOUR = 3_600_000;
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

describe("expected rules fire on diagnostic-settings exports of their scenarios", () => {
  for (const name of SCENARIO_NAMES)
    test(name, async () => {
      const dir = tempDir(`widar-exported-${name}-`);
      const res = await simulate({ outDir: dir, scenarios: [name], quiet: true, days: 3 });
      const label = res.groundTruth.scenarios[0]!;
      const tables: { name: string; path: string }[] = [];
      for (const f of readdirSync(dir).filter((x) => x.endsWith(".ndjson"))) {
        const table = f.slice(0, -".ndjson".length);
        const path = join(dir, f);
        if (mappingFor(table)?.diagnostic === undefined) {
          tables.push({ name: table, path });
          continue;
        }
        const lines = readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
        const blob = join(dir, `${table}.PT1H.json`);
        writeFileSync(blob, lines.map((l) => `${JSON.stringify(toDiagnosticRecord(table, JSON.parse(l)))}\n`).join(""));
        tables.push({ name: table, path: blob });
      }
      const inv = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
      writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
      writeFileSync(join(dir, "AppCredentialInventory.csv"), inv.AppCredentialInventory);
      const watchlists = ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) }));
      for (const expected of label.expectedRules)
        for (const rule of rules.filter((r) => labelId(r) === expected)) {
          const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables, watchlists });
          const from = Math.floor((Date.parse(label.window.start) - 1) / HOUR) * HOUR;
          const to = Date.parse(label.evaluateAt) + Math.max(rule.queryFrequencyMs, HOUR);
          const r = replayRule(rule, catalog as Catalog, from, to);
          assert.ok(r.triggered.length > 0, `${rule.id} (${expected}) did not fire on the exported ${name}`);
        }
    });
});
