/**
 * Every scenario, run alone in a quiet tenant, writes exactly the records its label names, no
 * more; its label is well-formed; and its records are timed for the rules it expects (the SP
 * burst rule's 30-minute lookback, RULE 19's one hour) at the label's evaluation time.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RULE_DESCRIPTIONS, SCENARIOS } from "../../src/simulator/index.js";
import { TABLE_NAMES, recordKey } from "../../src/simulator/tables.js";
import { readNdjson, run } from "./helpers.js";

const MINUTE = 60_000;
const AT = "2026-11-20T15:30:00Z";

describe("simulator scenarios, each alone in a quiet tenant", () => {
  for (const def of SCENARIOS)
    test(`${def.name} writes exactly its labelled records`, async () => {
      const sim = await run(`quiet-${def.name}`, { seed: 11, quiet: true, scenarios: [`${def.name}:at=${AT}`] });
      const [label] = sim.groundTruth.scenarios;
      assert.ok(label !== undefined && sim.groundTruth.scenarios.length === 1);
      assert.equal(label.id, `S01-${def.name}`);
      assert.equal(label.at, new Date(AT).toISOString());
      assert.match(label.technique, /^T\d{4}(\.\d{3})?$/);
      assert.ok(label.expectedRules.length > 0);
      for (const rule of label.expectedRules) assert.ok(rule in RULE_DESCRIPTIONS, rule);
      assert.ok(label.identities.length > 0);
      let total = 0;
      const start = Date.parse(label.window.start);
      for (const table of TABLE_NAMES) {
        const rows = readNdjson(sim.outDir, table);
        const written = rows.map((r) => recordKey(table, r));
        const context = label.contextRecords?.[table] ?? [];
        assert.deepEqual(written.sort(), [...(label.records[table] ?? []), ...context].sort(), `${def.name}: ${table}`);
        // Context is history: every context record precedes the attack's first record.
        const contextKeys = new Set(context);
        for (const r of rows)
          if (contextKeys.has(recordKey(table, r))) assert.ok(Date.parse(r.TimeGenerated as string) < start, `${def.name}: ${table} context after the attack starts`);
        total += written.length;
      }
      assert.equal(total, sim.manifest.events.written);
      assert.equal(sim.groundTruth.benign.length, 0, "a quiet tenant has no benign activity");
      // The whole scenario lies between its lead-in and its evaluation time.
      const end = Date.parse(label.window.end);
      assert.ok(start >= Date.parse(AT) - def.leadMs, "no record before the declared lead-in");
      assert.ok(end < Date.parse(label.evaluateAt), "evaluated after its last record");
    });

  test("SP bursts fire the seed burst rule's condition at evaluateAt: > 3 creations by one initiator in 30 minutes", async () => {
    for (const name of ["sp-burst-user", "sp-burst-app"]) {
      const sim = await run(`burst-${name}`, { quiet: true, scenarios: [`${name}:at=${AT}`] });
      const label = sim.groundTruth.scenarios[0]!;
      const now = Date.parse(label.evaluateAt);
      const creations = readNdjson(sim.outDir, "AuditLogs").filter(
        (r) => r.OperationName === "Add service principal" && r.Result === "success" && Date.parse(r.TimeGenerated as string) > now - 30 * MINUTE,
      );
      const initiators = new Set(creations.map((r) => JSON.stringify(r.InitiatedBy)));
      assert.equal(initiators.size, 1);
      assert.equal(creations.length, 5);
      assert.ok(label.expectedRules.includes("RULE-18"));
    }
  });

  test("a burst at or below the threshold is not labelled RULE-18", async () => {
    const sim = await run("burst-3", { quiet: true, scenarios: [`sp-burst-user:at=${AT},count=3`] });
    const label = sim.groundTruth.scenarios[0]!;
    assert.deepEqual(label.params, { count: "3" });
    assert.deepEqual(label.expectedRules, []);
    assert.equal(readNdjson(sim.outDir, "AuditLogs").filter((r) => r.OperationName === "Add service principal").length, 3);
  });

  test("risk escalations land in RULE 19's one-hour window, in both the AAD* tables and the seed's tables", async () => {
    for (const name of ["risk-escalation:level=medium", "risk-confirmed-compromised"]) {
      const sim = await run(`risk-${name}`, { quiet: true, scenarios: [name.replace(":", `:at=${AT},`).replace(/,$/, "")] });
      const label = sim.groundTruth.scenarios[0]!;
      const now = Date.parse(label.evaluateAt);
      const risky = readNdjson(sim.outDir, "RiskyServicePrincipals").filter(
        (r) => Date.parse(r.TimeGenerated as string) > now - 60 * MINUTE && ["atRisk", "confirmedCompromised"].includes(r.RiskState as string),
      );
      assert.ok(risky.some((r) => ["high", "medium"].includes(r.RiskLevel as string)));
      const events = readNdjson(sim.outDir, "ServicePrincipalRiskEvents");
      assert.ok(events.length > 0 && events.every((r) => Date.parse(r.TimeGenerated as string) > now - 60 * MINUTE));
      assert.equal(readNdjson(sim.outDir, "AADRiskyServicePrincipals").length, risky.length);
    }
  });

  test("scenario parameters and times are validated", async () => {
    await assert.rejects(run("bad-param", { quiet: true, scenarios: ["sp-burst-user:count=99"] }), /count=99: expected an integer from 1 to 15/);
    await assert.rejects(run("bad-key", { quiet: true, scenarios: ["risk-escalation:colour=red"] }), /unknown parameter 'colour'/);
    await assert.rejects(run("bad-name", { quiet: true, scenarios: ["nope"] }), /unknown scenario 'nope'/);
    await assert.rejects(run("bad-at", { quiet: true, scenarios: ["sp-burst-user:at=2020-01-01T00:00:00Z"] }), /outside the period/);
  });
});
