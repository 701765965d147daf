/**
 * The verbatim seed rules, run by the embedded engine on simulated data the way a scheduled rule
 * would see it (query "now" = the label's evaluateAt; records up to that moment): the SP burst
 * rule catches both burst scenarios and the benign CI/CD burst (the known false positive), RULE 19
 * catches both risk escalations through its seed-compatibility tables, and an hour later the
 * lookbacks have moved past them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { SimulationResult } from "../../src/simulator/index.js";
import type { TableName } from "../../src/simulator/tables.js";
import { seedQuery } from "../support/paths.js";
import { errors, runFixture } from "../support/run-query.js";
import { readNdjson, run } from "./helpers.js";

const AT = "2026-11-20T10:00:00Z";
const BURST = seedQuery("rule-sp-creation-burst.txt");
const RISK = seedQuery("rule-19-sp-risk-escalation.txt");

/** Runs a seed rule at `now` over the records a workspace would hold then. */
async function fire(query: string, sim: SimulationResult, tables: readonly TableName[], now: string) {
  const records = Object.fromEntries(
    tables.map((t) => [t, readNdjson(sim.outDir, t).filter((r) => (r.TimeGenerated as string) <= new Date(now).toISOString())]),
  );
  const watchlist = readFileSync(join(sim.outDir, "NetworkAllowlist.csv"), "utf8");
  const r = await runFixture(query, { tables: records, watchlists: { NetworkAllowlist: watchlist }, now });
  assert.deepEqual(errors(r.diagnostics), []);
  return r.rows;
}

const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe("seed rules on simulated tenants", () => {
  test("the SP burst rule fires on both burst scenarios at evaluateAt, for the labelled initiator", async () => {
    for (const [name, severity] of [
      ["sp-burst-user", "High — Bulk SP creation with immediate credential/role arming"],
      ["sp-burst-app", "Critical — SP created SPs and immediately armed them"],
    ] as const) {
      const sim = await run(`rule18-${name}`, { quiet: true, scenarios: [`${name}:at=${AT}`] });
      const label = sim.groundTruth.scenarios[0]!;
      const initiator = label.identities.find((i) => i.role === "initiator")!;
      const rows = await fire(BURST, sim, ["AuditLogs"], label.evaluateAt);
      assert.equal(rows.length, 1, name);
      assert.equal(rows[0]!.InitiatorId, initiator.id);
      assert.equal(rows[0]!.CreationsInWindow, 5);
      assert.equal(rows[0]!.SeverityLevel, severity);
      assert.deepEqual(await fire(BURST, sim, ["AuditLogs"], later(label.evaluateAt, 60)), [], `${name} an hour later`);
    }
  });

  test("the SP burst rule also fires on the benign pipeline burst (labelled not-an-attack)", async () => {
    const sim = await run("rule18-benign", { seed: 2, scenarios: [] });
    const burst = sim.groundTruth.benign.find((b) => b.name === "cicd-sp-burst")!;
    const rows = await fire(BURST, sim, ["AuditLogs"], burst.evaluateAt);
    assert.deepEqual(
      rows.map((r) => r.InitiatorName),
      [sim.tenant.named.pipeline.displayName],
    );
  });

  test("RULE 19 fires on both risk scenarios through RiskyServicePrincipals / ServicePrincipalRiskEvents", async () => {
    for (const name of ["risk-escalation", "risk-confirmed-compromised"]) {
      const sim = await run(`rule19-${name}`, { quiet: true, scenarios: [`${name}:at=${AT}`] });
      const label = sim.groundTruth.scenarios[0]!;
      const tables = ["RiskyServicePrincipals", "ServicePrincipalRiskEvents"] as const;
      const rows = await fire(RISK, sim, tables, label.evaluateAt);
      assert.ok(rows.length >= 1, name);
      for (const row of rows) assert.equal(row.ServicePrincipalId, label.identities[0]!.id);
      assert.ok(rows.some((r) => String(r.SeverityLevel).startsWith("Critical")), name);
      assert.deepEqual(await fire(RISK, sim, tables, later(label.evaluateAt, 90)), [], `${name} 90 minutes later`);
    }
  });

  test("RULE 19 stays quiet on Identity Protection's benign noise (low risk, dismissed)", async () => {
    const sim = await run("rule19-noise", { seed: 8, days: 2, scenarios: [] });
    const risky = readNdjson(sim.outDir, "RiskyServicePrincipals");
    assert.ok(risky.length > 0, "the benign tenant has risk noise");
    // Just after each of the first few risk-state changes (the atRisk-low ones and their dismissals).
    for (const r of risky.slice(0, 4)) {
      const rows = await fire(RISK, sim, ["RiskyServicePrincipals", "ServicePrincipalRiskEvents"], later(r.TimeGenerated as string, 1));
      assert.deepEqual(rows, []);
    }
  });
});
