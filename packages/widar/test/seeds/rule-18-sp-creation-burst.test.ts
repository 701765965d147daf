/**
 * Seed RULE-18 (multiple SPs created by one principal in a short window), verbatim from
 * ../shared/seeds, one fixture per branch: every severity of its case() ladder, the threshold
 * edge, post-creation arming through the leftouter join, the lookback and Result filters.
 * "now" is 2026-11-21T12:00:00Z, so the 30-minute lookback starts at 11:30.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seedQuery } from "../support/paths.js";
import { errors, runFixture, sortArrays } from "../support/run-query.js";
import { type Initiator, alice, audit, creations, pipeline } from "./audit-records.js";

const RULE = seedQuery("rule-sp-creation-burst.txt");
const NOW = "2026-11-21T12:00:00Z";

async function alerts(records: Record<string, unknown>[]) {
  const r = await runFixture(RULE, { tables: { AuditLogs: records }, now: NOW });
  assert.deepEqual(errors(r.diagnostics), []);
  return { rows: sortArrays(r.rows), columns: r.columns };
}

function expected(who: Initiator, ids: string[], fields: Record<string, unknown>) {
  return {
    InitiatorName: who.name,
    InitiatorId: who.id,
    InitiatorType: who.kind === "app" ? "ServicePrincipal" : "User",
    InitiatorIsApp: who.kind === "app",
    CreationsInWindow: ids.length,
    SPsCreated: ids.map((i) => `${i.replace(/-\d+$/, "")} app ${i.split("-").pop()}`).sort(),
    SPIds: [...ids].sort(),
    ...fields,
  };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}-${k + 1}`);

describe("seed RULE-18 verbatim", () => {
  test("projects the rule's columns in order", async () => {
    const { columns } = await alerts(creations(alice, "sp", 4, "11:40"));
    assert.deepEqual(columns, [
      "InitiatorName", "InitiatorId", "InitiatorType", "InitiatorIsApp", "CreationsInWindow", "BurstDurationMins",
      "SPsCreated", "SPIds", "ImmediateArming", "PostCreationOps", "PostCreationOpList", "SeverityLevel",
      "WindowStart", "WindowEnd",
    ]);
  });

  test("exactly the threshold (3 creations) does not fire", async () => {
    assert.deepEqual((await alerts(creations(alice, "sp", 3, "11:40"))).rows, []);
  });

  test("Medium: a human creates 4 SPs in 3 minutes", async () => {
    const { rows } = await alerts(creations(alice, "sp", 4, "11:40"));
    assert.deepEqual(rows, [
      expected(alice, ids("sp", 4), {
        BurstDurationMins: 3,
        ImmediateArming: false,
        PostCreationOps: 0,
        PostCreationOpList: [],
        SeverityLevel: "Medium — Suspicious SP creation burst",
        WindowStart: "2026-11-21T11:40:00.0000000Z",
        WindowEnd: "2026-11-21T11:43:00.0000000Z",
      }),
    ]);
  });

  test("High: more than 5 creations", async () => {
    const { rows } = await alerts(creations(alice, "sp", 6, "11:40"));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.SeverityLevel, "High — Very high SP creation burst (>5)");
    assert.equal(rows[0]!.CreationsInWindow, 6);
    assert.equal(rows[0]!.BurstDurationMins, 5);
  });

  test("High: a human creates SPs and immediately arms one (leftouter join on the new SP id)", async () => {
    const records = [
      ...creations(alice, "sp", 4, "11:40"),
      audit("2026-11-21T11:45:00Z", "Add service principal credentials", alice, { id: "sp-2", displayName: "sp app 2" }),
      audit("2026-11-21T11:46:00Z", "Add app role assignment to service principal", alice, { id: "sp-2", displayName: "sp app 2" }),
      // Arming of an SP that is not part of the burst does not count.
      audit("2026-11-21T11:47:00Z", "Add delegated permission grant", alice, { id: "other", displayName: "other" }),
    ];
    const { rows } = await alerts(records);
    assert.deepEqual(rows, [
      expected(alice, ids("sp", 4), {
        BurstDurationMins: 3,
        ImmediateArming: true,
        PostCreationOps: 1,
        PostCreationOpList: ["Add app role assignment to service principal", "Add service principal credentials"],
        SeverityLevel: "High — Bulk SP creation with immediate credential/role arming",
        WindowStart: "2026-11-21T11:40:00.0000000Z",
        WindowEnd: "2026-11-21T11:43:00.0000000Z",
      }),
    ]);
  });

  test("High: a service principal bulk-creates SPs", async () => {
    const { rows } = await alerts(creations(pipeline, "ci", 4, "11:50"));
    assert.deepEqual(rows, [
      expected(pipeline, ids("ci", 4), {
        BurstDurationMins: 3,
        ImmediateArming: false,
        PostCreationOps: 0,
        PostCreationOpList: [],
        SeverityLevel: "High — Service principal bulk-created other SPs",
        WindowStart: "2026-11-21T11:50:00.0000000Z",
        WindowEnd: "2026-11-21T11:53:00.0000000Z",
      }),
    ]);
  });

  test("Critical: a service principal creates SPs and arms them", async () => {
    const records = [
      ...creations(pipeline, "ci", 4, "11:50"),
      audit("2026-11-21T11:55:00Z", "Add delegated permission grant", pipeline, { id: "ci-1", displayName: "ci app 1" }),
      audit("2026-11-21T11:55:30Z", "Add service principal credentials", pipeline, { id: "ci-3", displayName: "ci app 3" }),
    ];
    const { rows } = await alerts(records);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.SeverityLevel, "Critical — SP created SPs and immediately armed them");
    assert.equal(rows[0]!.PostCreationOps, 2);
    assert.deepEqual(rows[0]!.PostCreationOpList, ["Add delegated permission grant", "Add service principal credentials"]);
  });

  test("creations before the 30-minute lookback and failed ones are not counted", async () => {
    const records = [
      ...creations(alice, "old", 3, "11:20"),
      ...creations(alice, "sp", 3, "11:40"),
      audit("2026-11-21T11:44:00Z", "Add service principal", alice, { id: "failed", displayName: "failed" }, "failure"),
    ];
    assert.deepEqual((await alerts(records)).rows, []);
  });

  test("verbatim behaviour: the 10-minute window does not constrain (4 creations 9 minutes apart fire)", async () => {
    // Each creation joins with itself, so CreationsInWindow counts the whole lookback (see issue 6).
    const { rows } = await alerts(creations(alice, "slow", 4, "11:31", 9));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.CreationsInWindow, 4);
    assert.equal(rows[0]!.BurstDurationMins, 27);
  });

  test("two initiators are summarised separately", async () => {
    const { rows } = await alerts([...creations(alice, "sp", 4, "11:40"), ...creations(pipeline, "ci", 3, "11:40")]);
    assert.deepEqual(
      rows.map((r) => r.InitiatorName),
      [alice.name],
    );
  });
});
