/**
 * Microsoft Graph JSON (./fixtures/graph, written from the Graph reference): paged `value`
 * arrays of directoryAudit, signIn (service principal and managed identity event types),
 * riskyServicePrincipal and servicePrincipalRiskDetection, into the same Log Analytics columns
 * the diagnostic records fill. Graph has no envelope: time, result and country are derived.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fixturePath, load, pick, rowsOf, tmpDir, where } from "./support.js";

describe("Graph /auditLogs/directoryAudits → AuditLogs", () => {
  test("a pretty-printed page: time and operation from the activity", async () => {
    const r = await load("AuditLogs", fixturePath("graph", "directory-audits.json"));
    assert.equal(r.format, "envelope");
    assert.equal(r.dialect, "graph");
    const rows = rowsOf(r.table);
    assert.deepEqual(pick(rows, ["TimeGenerated", "ActivityDateTime", "OperationName", "ActivityDisplayName", "Category", "Result", "AADOperationType", "LoggedByService", "Type"]), [
      {
        TimeGenerated: "2022-06-21T23:25:00.1458248Z",
        ActivityDateTime: "2022-06-21T23:25:00.1458248Z",
        OperationName: "Update user",
        ActivityDisplayName: "Update user",
        Category: "UserManagement",
        Result: "success",
        AADOperationType: "Update",
        LoggedByService: "Core Directory",
        Type: "AuditLogs",
      },
      {
        TimeGenerated: "2026-11-21T11:40:02.1193727Z",
        ActivityDateTime: "2026-11-21T11:40:02.1193727Z",
        OperationName: "Add service principal",
        ActivityDisplayName: "Add service principal",
        Category: "ApplicationManagement",
        Result: "success",
        AADOperationType: "Add",
        LoggedByService: "Core Directory",
        Type: "AuditLogs",
      },
    ]);
    assert.equal((rows[1]!.InitiatedBy as { app: { servicePrincipalId: string } }).app.servicePrincipalId, "22222222-2222-2222-2222-222222222222");
    assert.equal((rows[0]!.TargetResources as { modifiedProperties: unknown[] }[])[0]!.modifiedProperties.length, 2);
    // Columns Graph cannot carry (the diagnostic envelope's) stay empty rather than invented.
    assert.deepEqual(pick(rows, ["AADTenantId", "ResourceId", "Identity"])[0], { AADTenantId: "", ResourceId: "", Identity: "" });
    assert.deepEqual(where(r.diagnostics), [["WD003", 4]]);
  });
});

describe("Graph /beta/auditLogs/signIns → workload sign-in tables", () => {
  const file = fixturePath("graph", "signins-workload.json");

  test("signInEventTypes servicePrincipal → AADServicePrincipalSignInLogs", async () => {
    const r = await load("AADServicePrincipalSignInLogs", file);
    assert.deepEqual(
      pick(rowsOf(r.table), ["TimeGenerated", "CreatedDateTime", "ServicePrincipalName", "Identity", "ResultType", "ResultDescription", "Location", "OperationName", "Category"]),
      [
        {
          TimeGenerated: "2026-11-21T11:05:28.0000000Z",
          CreatedDateTime: "2026-11-21T11:05:28.0000000Z",
          ServicePrincipalName: "payments-api",
          Identity: "payments-api",
          ResultType: "0",
          ResultDescription: "Other.",
          Location: "NL",
          OperationName: "Sign-in activity",
          Category: "ServicePrincipalSignInLogs",
        },
        {
          TimeGenerated: "2026-11-21T11:05:53.0000000Z",
          CreatedDateTime: "2026-11-21T11:05:53.0000000Z",
          ServicePrincipalName: "payments-api",
          Identity: "payments-api",
          ResultType: "7000215",
          ResultDescription: "Invalid client secret provided.",
          Location: "NL",
          OperationName: "Sign-in activity",
          Category: "ServicePrincipalSignInLogs",
        },
      ],
    );
    assert.deepEqual(where(r.diagnostics), [
      ["WD014", 41],
      ["WD003", 4],
    ]);
    assert.match(r.diagnostics[1]!.message, /managedServiceIdentity \(1\).*status\.additionalDetails \(2\)/);
  });

  test("signInEventTypes managedIdentity → AADManagedIdentitySignInLogs", async () => {
    const r = await load("AADManagedIdentitySignInLogs", file);
    const [row] = rowsOf(r.table);
    assert.deepEqual(pick([row!], ["ServicePrincipalName", "ClientCredentialType", "IPAddress", "Location", "ResourceIdentity"]), [
      { ServicePrincipalName: "vm-batch-worker-01", ClientCredentialType: "managedIdentity", IPAddress: "", Location: "", ResourceIdentity: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093" },
    ]);
    assert.equal(JSON.parse(row!.ManagedServiceIdentity as string).msiType, "systemAssigned");
  });

  test("v1.0 objects without signInEventTypes are placed by what they hold", async () => {
    const dir = tmpDir();
    const path = join(dir, "v1.ndjson");
    const base = { createdDateTime: "2026-11-21T10:00:00Z", appId: "a", status: { errorCode: 0 } };
    writeFileSync(
      path,
      [
        { ...base, id: "user", userId: "u1", isInteractive: true },
        { ...base, id: "sp", userId: "", servicePrincipalId: "sp1" },
        { ...base, id: "mi", userId: "", servicePrincipalId: "sp2", managedServiceIdentity: { msiType: "userAssigned" } },
        { ...base, id: "noninteractive", userId: "u1", isInteractive: false },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n"),
    );
    const ids = async (t: string) => rowsOf((await load(t, path)).table).map((x) => x.Id);
    assert.deepEqual(await ids("SigninLogs"), ["user"]);
    assert.deepEqual(await ids("AADServicePrincipalSignInLogs"), ["sp"]);
    assert.deepEqual(await ids("AADManagedIdentitySignInLogs"), ["mi"]);
    assert.deepEqual(await ids("AADNonInteractiveUserSignInLogs"), ["noninteractive"]);
  });
});

describe("Graph /identityProtection → the risk tables", () => {
  test("riskyServicePrincipals (with @odata.type) → AADRiskyServicePrincipals and the seed table", async () => {
    const file = fixturePath("graph", "risky-service-principals.json");
    const r = await load("AADRiskyServicePrincipals", file);
    assert.deepEqual(pick(rowsOf(r.table), ["TimeGenerated", "Id", "DisplayName", "RiskState", "ServicePrincipalType", "AccountEnabled"]), [
      { TimeGenerated: "2026-11-21T11:31:52.7020000Z", Id: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60", DisplayName: "payments-api", RiskState: "atRisk", ServicePrincipalType: "Application", AccountEnabled: true },
      {
        TimeGenerated: "2026-11-21T09:50:03.1250000Z",
        Id: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a",
        DisplayName: "github-deployer",
        RiskState: "confirmedCompromised",
        ServicePrincipalType: "Application",
        AccountEnabled: true,
      },
    ]);
    assert.deepEqual(where(r.diagnostics), []);
    const seed = await load("RiskyServicePrincipals", file);
    assert.deepEqual(rowsOf(seed.table)[1], {
      TimeGenerated: "2026-11-21T09:50:03.1250000Z",
      ServicePrincipalId: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a",
      ServicePrincipalDisplayName: "github-deployer",
      AppId: "8d2c4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f",
      RiskLevel: "high",
      RiskState: "confirmedCompromised",
      RiskDetail: "adminConfirmedServicePrincipalCompromised",
      RiskLastUpdatedDateTime: "2026-11-21T09:50:03.1250000Z",
    });
  });

  test("servicePrincipalRiskDetections, two pages saved one per line, nulls where Graph has none", async () => {
    const r = await load("AADServicePrincipalRiskEvents", fixturePath("graph", "sp-risk-detections.ndjson"));
    assert.equal(r.format, "ndjson");
    assert.deepEqual(pick(rowsOf(r.table), ["TimeGenerated", "RiskEventType", "Activity", "IpAddress", "RequestId", "Location", "AdditionalInfo", "KeyIds"]), [
      {
        TimeGenerated: "2026-11-21T11:40:16.8940000Z",
        RiskEventType: "investigationsThreatIntelligence",
        Activity: "servicePrincipal",
        IpAddress: "185.220.101.4",
        RequestId: "e1b6d9d7-5fc0-4638-ae1a-e0abceb92200",
        Location: { city: "Frankfurt am Main", state: "Hessen", countryOrRegion: "DE", geoCoordinates: { altitude: 0, latitude: 50.1109, longitude: 8.6821 } },
        AdditionalInfo: [{ Key: "userAgent", Value: "python-requests/2.32.3" }],
        KeyIds: ["6a1f0e3d-2b4c-4d5e-8f9a-0b1c2d3e4f5a"],
      },
      { TimeGenerated: "2026-11-21T11:45:00.7390000Z", RiskEventType: "leakedCredentials", Activity: "servicePrincipal", IpAddress: "", RequestId: "", Location: null, AdditionalInfo: null, KeyIds: [] },
    ]);
  });

  test("a page whose value is not an array is rejected whole (WD013); its neighbours load", async () => {
    const path = join(tmpDir(), "pages.ndjson");
    const good = { "@odata.context": "x", value: [{ "@odata.type": "#microsoft.graph.riskyServicePrincipal", id: "a", riskLastUpdatedDateTime: "2026-11-21T10:00:00Z" }] };
    writeFileSync(path, `${JSON.stringify(good)}\n${JSON.stringify({ "@odata.context": "x", value: "oops" })}\n{"value":[null]}\n`);
    const r = await load("AADRiskyServicePrincipals", path);
    assert.equal(r.table.rowCount, 1);
    assert.deepEqual(where(r.diagnostics), [
      ["WD013", 2],
      ["WD005", 3],
      ["WD016", undefined],
    ]);
  });
});
