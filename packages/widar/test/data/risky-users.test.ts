/**
 * AADRiskyUsers from its two sources (./fixtures): the RiskyUsers diagnostic category (storage
 * account lines: the shape of a live capture, `time` in Identity Protection's en-US form, and
 * the full Entra envelope) and Graph `/identityProtection/riskyUsers` (the list response of the
 * riskyUser reference, one object typed by `@odata.type`, one by its shape).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fixturePath, load, rowsOf, where } from "./support.js";

describe("AADRiskyUsers", () => {
  test("diagnostic category RiskyUsers: every column of a record, the en-US time read as UTC", async () => {
    const r = await load("AADRiskyUsers", fixturePath("diagnostic", "risky-users.storage.json"));
    assert.equal(r.dialect, "diagnostic");
    assert.deepEqual(r.stats, { loaded: 2, rejected: 0, coercedToNull: 0 });
    const [first, second] = rowsOf(r.table);
    assert.deepEqual(first, {
      _BilledSize: null,
      CorrelationId: "",
      Id: "4c1d7a2e-8b3f-4e5a-9c6d-2f0e1a3b5c7d",
      _IsBillable: "",
      _ItemId: "",
      _ResourceId: "",
      _SubscriptionId: "",
      _TimeReceived: null,
      IsDeleted: false,
      IsProcessing: false,
      OperationName: "Risky user",
      RiskDetail: "userPerformedSecuredPasswordReset",
      RiskLastUpdatedDateTime: "2026-11-21T15:01:38.2400000Z",
      RiskLevel: "none",
      RiskState: "remediated",
      SourceSystem: "Azure AD",
      TenantId: "",
      TimeGenerated: "2026-11-21T15:01:38.0000000Z",
      Type: "AADRiskyUsers",
      UserDisplayName: "Timothy Perkins",
      UserPrincipalName: "timothy.perkins@contoso.com",
    });
    // The full envelope: a single-digit hour in both times, the correlation id.
    assert.deepEqual(
      [second!.TimeGenerated, second!.RiskLastUpdatedDateTime, second!.CorrelationId, second!.IsProcessing, second!.RiskLevel],
      ["2026-11-21T09:12:07.0000000Z", "2026-11-21T09:12:06.9130000Z", "b2e4f6a8-1c3d-4e5f-8a7b-9c0d1e2f3a4b", true, "high"],
    );
    // The envelope's other members have no column: said once, not dropped unseen.
    const unread = r.diagnostics.filter((d) => d.code === "WD003");
    assert.match(unread[0]!.message, /tenantId \(2\), resourceId \(1\)/);
  });

  test("Graph riskyUsers: time is the risk's last update; no operation or correlation id", async () => {
    const r = await load("AADRiskyUsers", fixturePath("graph", "risky-users.json"));
    assert.equal(r.dialect, "graph");
    assert.deepEqual(where(r.diagnostics), []);
    assert.deepEqual(
      rowsOf(r.table).map((x) => [x.TimeGenerated, x.RiskLastUpdatedDateTime, x.UserPrincipalName, x.RiskState, x.RiskDetail, x.IsProcessing, x.OperationName, x.CorrelationId]),
      [
        ["2026-11-21T09:03:57.7872426Z", "2026-11-21T09:03:57.7872426Z", "AlexW@contoso.com", "atRisk", "none", true, "", ""],
        ["2026-11-21T15:01:38.2400000Z", "2026-11-21T15:01:38.2400000Z", "timothy.perkins@contoso.com", "remediated", "userPerformedSecuredPasswordReset", false, "", ""],
      ],
    );
  });

  test("a risky user's records are not a risky service principal's, nor the other way round", async () => {
    const users = await load("AADRiskyServicePrincipals", fixturePath("graph", "risky-users.json"));
    assert.equal(users.table.rowCount, 0);
    assert.match(users.diagnostics.find((d) => d.code === "WD014")!.message, /2 record\(s\) of Graph riskyUser \(table AADRiskyUsers\)/);
    const sps = await load("AADRiskyUsers", fixturePath("graph", "risky-service-principals.json"));
    assert.equal(sps.table.rowCount, 0);
    assert.match(sps.diagnostics.find((d) => d.code === "WD014")!.message, /Graph riskyServicePrincipal \(table AADRiskyServicePrincipals\)/);
  });
});
