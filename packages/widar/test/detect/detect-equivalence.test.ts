/**
 * `widar detect --data DIR` over a simulated tenant makes exactly the triggered runs of the replay
 * the demo made before the runtime existed (rules/replay.ts: one compiled query per rule, each run
 * over its window), now as alerts and incidents in the store.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { HUNT_EVERY_MS } from "../../src/detect/schedule.js";
import { loadDetectionRules } from "../../src/rules/detection-rules.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { replayRule } from "../../src/rules/replay.js";
import { simulate } from "../../src/simulator/index.js";
import { listRuns } from "../../src/store/runs.js";
import { Store } from "../../src/store/store.js";
import { REPO_ROOT } from "../support/paths.js";

test("widar detect --data produces the replay's triggered runs, as alerts in the store", async () => {
  const dir = mkdtempSync(join(tmpdir(), "widar-detect-eq-"));
  try {
    const sim = await simulate({ outDir: join(dir, "logs"), seed: 3, days: 2 });
    const m = sim.manifest;
    const logs = join(dir, "logs");
    const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(logs, m.files.tenant), "utf8")));
    for (const [alias, csv] of Object.entries(inventory)) writeFileSync(join(logs, `${alias}.csv`), csv);
    const from = Date.parse(m.period.start);
    const to = Date.parse(m.period.end);

    // The replay, as the demo made it.
    const { rules } = loadDetectionRules([join(REPO_ROOT, "rules")]);
    const { catalog } = await buildCatalog({
      queryTexts: rules.map((r) => r.query),
      tables: Object.entries(m.tables).map(([name, e]) => ({ name, path: join(logs, e!.file) })),
      // Every watchlist the directory holds, as detect --data finds them there.
      watchlists: [
        { alias: "NetworkAllowlist", path: join(logs, m.files.watchlist) },
        { alias: "AutomationIdentities", path: join(logs, m.files.automationWatchlist) },
        ...Object.keys(inventory).map((alias) => ({ alias, path: join(logs, `${alias}.csv`) })),
      ],
      load: { progress: false, cache: false },
    });
    const replayed = new Set<string>();
    for (const rule of rules)
      for (const run of replayRule(rule, catalog, from, to, { huntEveryMs: HUNT_EVERY_MS }).triggered)
        replayed.add(`${rule.id} ${new Date(run.windowEndMs).toISOString()} ${run.result.rowCount}`);
    assert.ok(replayed.size > 10, "the tenant triggers rules");

    // The runtime, through the CLI.
    const storeFile = join(dir, "widar.db");
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "packages/widar/bin/widar.js"), "detect", "--data", logs, "--store", storeFile, "--from", m.period.start, "--to", m.period.end, "--format", "ndjson"],
      { encoding: "utf8", env: { ...process.env, WIDAR_CACHE: "off" } },
    );
    assert.equal(r.status, 0, r.stderr);
    const store = Store.open(storeFile, { readonly: true });
    try {
      const triggered = new Set(
        listRuns(store.db)
          .filter((x) => x.alertCount > 0)
          .map((x) => `${x.ruleId} ${new Date(x.windowEndMs).toISOString()} ${x.resultCount}`),
      );
      const missing = [...replayed].filter((x) => !triggered.has(x)).sort();
      const extra = [...triggered].filter((x) => !replayed.has(x)).sort();
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, "runs the replay triggered and detect did not (missing), and the reverse (extra)");
      // The ndjson output: one alert per line, in the documented form.
      const alerts = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
      const stored = store.db.prepare("SELECT count(*) AS n FROM alerts").get() as { n: number };
      assert.equal(alerts.length, stored.n);
      for (const a of alerts) {
        for (const k of ["alertId", "ruleId", "ruleName", "severity", "windowStart", "windowEnd", "displayName", "entities", "customDetails", "incidentId", "rows"]) assert.ok(k in a, k);
        assert.match(a.windowEnd, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(Array.isArray(a.rows) && a.rows.length > 0 && typeof a.rows[0] === "object");
      }
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
