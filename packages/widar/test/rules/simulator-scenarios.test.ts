/**
 * The rules against the simulator: each rule fires on the scenario it names, and every detection
 * the simulator's ground truth expects of a scenario is raised by the pack's rule(s) with that id
 * (RULE-19 by both the seed and RULE-19C, RULE-18 by the seed and RULE-18W). Rules run as Sentinel
 * would run them: replayed on their own schedule over the scenario, from the hour its records
 * start to one run past its evaluation time. Each scenario is simulated alone (no benign
 * activity) into a temp dir, with the inventory watchlists built from its tenant.json.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import { type Rule, labelId } from "../../src/rules/rule.js";
import { SCENARIO_NAMES, type ScenarioLabel, simulate } from "../../src/simulator/index.js";
import { RULES_DIR } from "./helpers.js";
import { tempDir } from "../support/temp-dir.js";

const HOUR = 3_600_000;
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

interface Simulated {
  readonly label: ScenarioLabel;
  readonly tables: { name: string; path: string }[];
  readonly watchlists: { alias: string; path: string }[];
}

const simulations = new Map<string, Promise<Simulated>>();
function simulated(name: string): Promise<Simulated> {
  let p = simulations.get(name);
  if (p === undefined) {
    p = (async () => {
      const dir = tempDir(`widar-sim-${name}-`);
      const res = await simulate({ outDir: dir, scenarios: [name], quiet: true, days: 3 });
      const inv = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
      writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
      writeFileSync(join(dir, "AppCredentialInventory.csv"), inv.AppCredentialInventory);
      return {
        label: res.groundTruth.scenarios[0]!,
        tables: readdirSync(dir)
          .filter((f) => f.endsWith(".ndjson"))
          .map((f) => ({ name: f.slice(0, -".ndjson".length), path: join(dir, f) })),
        watchlists: ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) })),
      };
    })();
    simulations.set(name, p);
  }
  return p;
}

/** Runs of the rule (on its schedule) that triggered over the scenario. */
async function firings(rule: Rule, sim: Simulated): Promise<number> {
  const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables: sim.tables, watchlists: sim.watchlists });
  // Runs on the hour, the first one strictly before the scenario's first record (a record at
  // exactly a run's window start belongs to the run before: lookbacks are `> ago(...)`).
  const from = Math.floor((Date.parse(sim.label.window.start) - 1) / HOUR) * HOUR;
  const to = Date.parse(sim.label.evaluateAt) + Math.max(rule.queryFrequencyMs, HOUR);
  const r = replayRule(rule, catalog as Catalog, from, to);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), [], rule.id);
  return r.triggered.length;
}

describe("rules on their simulator scenarios", () => {
  for (const rule of rules) {
    const scenario = rule.doc.simulatorScenario;
    test(`${rule.id} fires on ${scenario}`, async () => {
      // Every rule names a scenario, and the simulator has it: a missing one fails, never skips.
      assert.ok(scenario !== undefined && SCENARIO_NAMES.includes(scenario), `${rule.id} names no simulator scenario, or one the simulator lacks: ${scenario}`);
      assert.ok((await firings(rule, await simulated(scenario))) > 0, `${rule.id} did not fire on ${scenario}`);
    });
  }
});

describe("every detection the ground truth expects is raised", () => {
  for (const name of SCENARIO_NAMES)
    test(name, async () => {
      const sim = await simulated(name);
      for (const expected of sim.label.expectedRules) {
        const mine = rules.filter((r) => labelId(r) === expected);
        assert.ok(mine.length > 0, `no rule in the pack for ${expected}`);
        for (const rule of mine) assert.ok((await firings(rule, sim)) > 0, `${rule.id} (${expected}) did not fire on ${name}`);
      }
    });
});
