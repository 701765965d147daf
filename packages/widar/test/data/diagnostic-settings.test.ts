/**
 * Azure Monitor diagnostic-settings exports (./fixtures/diagnostic, written from Microsoft's
 * schema documentation) in the three forms they arrive in: storage-account JSON lines, one
 * pretty-printed Event Hub message, Event Hub messages one per line; then hostile records.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fixturePath, load, pick, rowsOf, tmpDir, where } from "./support.js";

describe("diagnostic settings → AuditLogs", () => {
  test("storage-account JSON lines: every column of an app-initiated record", async () => {
    const r = await load("AuditLogs", fixturePath("diagnostic", "audit.storage.json"));
    assert.equal(r.format, "ndjson");
    assert.equal(r.dialect, "diagnostic");
    assert.deepEqual(r.stats, { loaded: 3, rejected: 0, coercedToNull: 0 });
    const [first] = rowsOf(r.table);
    assert.deepEqual(first, {
      AADOperationType: "Add",
      AADTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      ActivityDateTime: "2026-11-21T11:40:02.1193727Z",
      ActivityDisplayName: "Add service principal",
      AdditionalDetails: [
        { key: "User-Agent", value: "azure-cli/2.66.0 (AAZ) azsdk-python-core/1.31.0 Python/3.11.9 (Linux-6.5.0-1025-azure-x86_64-with-glibc2.35)" },
        { key: "AppId", value: "4b8e2d6f-0a1c-4e3b-9f7d-5c2a8e6b1d94" },
      ],
      _BilledSize: null,
      Category: "ApplicationManagement",
      CorrelationId: "5f1c2a43-8b2e-4c6e-9d51-0c3a7e8b9f10",
      DurationMs: 0,
      Id: "Directory_5f1c2a43-8b2e-4c6e-9d51-0c3a7e8b9f10_HX2N8_271830394",
      Identity: "Deploy-Pipeline",
      InitiatedBy: {
        user: null,
        app: { appId: "9c2f4b6e-1d3a-4e8f-a7b5-6c0d2e4f8a13", displayName: "Deploy-Pipeline", servicePrincipalId: "22222222-2222-2222-2222-222222222222", servicePrincipalName: null },
      },
      TenantId: "",
      _IsBillable: "",
      _ItemId: "",
      _ResourceId: "",
      _SubscriptionId: "",
      _TimeReceived: null,
      Level: "4",
      Location: "",
      LoggedByService: "Core Directory",
      OperationName: "Add service principal",
      OperationVersion: "1.0",
      Resource: "Microsoft.aadiam",
      ResourceGroup: "Microsoft.aadiam",
      ResourceId: "/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/Microsoft.aadiam",
      ResourceProvider: "Microsoft.aadiam",
      Result: "success",
      ResultDescription: "",
      ResultReason: "",
      ResultSignature: "None",
      ResultType: "",
      SourceSystem: "Azure AD",
      TargetResources: JSON.parse(readFileSync(fixturePath("diagnostic", "audit.storage.json"), "utf8").split("\n")[0]!).properties.targetResources,
      TimeGenerated: "2026-11-21T11:40:02.1193727Z",
      Type: "AuditLogs",
    });
  });

  test("a user initiator; the documented 2018 record: `level`, `result` as the code 0", async () => {
    const r = await load("AuditLogs", fixturePath("diagnostic", "audit.storage.json"));
    const rows = pick(rowsOf(r.table).slice(1), ["OperationName", "Result", "Level", "Category", "InitiatedBy", "TimeGenerated"]);
    assert.deepEqual(rows, [
      {
        OperationName: "Add service principal credentials",
        Result: "success",
        Level: "4",
        Category: "ApplicationManagement",
        InitiatedBy: { user: { id: "11111111-1111-1111-1111-111111111111", displayName: null, userPrincipalName: "alice@contoso.com", ipAddress: "203.0.113.7", roles: [] } },
        TimeGenerated: "2026-11-21T11:43:30.5520461Z",
      },
      { OperationName: "Update policy", Result: "success", Level: "Informational", Category: "Policy", InitiatedBy: {}, TimeGenerated: "2018-12-10T00:03:46.6161822Z" },
    ]);
    // What the table has no column for is said once, not dropped unseen.
    const unread = r.diagnostics.filter((d) => d.code === "WD003");
    assert.equal(unread.length, 1);
    assert.match(unread[0]!.message, /callerIpAddress \(3\), properties\.userAgent \(2\)/);
  });
});

describe("diagnostic settings → SigninLogs", () => {
  test("one pretty-printed Event Hub message (the documented example), streamed as an envelope", async () => {
    const r = await load("SigninLogs", fixturePath("diagnostic", "signin.eventhub.json"));
    assert.equal(r.format, "envelope");
    assert.equal(r.stats.loaded, 1);
    const [row] = rowsOf(r.table);
    assert.deepEqual(
      pick([row!], ["TimeGenerated", "CreatedDateTime", "ResultType", "ResultDescription", "Location", "IPAddress", "Category", "Level", "Identity"]),
      [
        {
          TimeGenerated: "2026-11-21T10:02:15.5522137Z",
          CreatedDateTime: "2026-11-21T10:02:15.5522137Z",
          ResultType: "50140",
          ResultDescription: "This error occurred due to 'Keep me signed in' interrupt when the user was signing-in.",
          Location: "US",
          IPAddress: "198.51.100.23",
          Category: "SignInLogs",
          Level: "4",
          Identity: "Timothy Perkins",
        },
      ],
    );
    // Objects stay objects in dynamic columns and become compact JSON text in string columns.
    assert.deepEqual(row!.Status, { errorCode: 50140, failureReason: "This error occurred due to 'Keep me signed in' interrupt when the user was signing-in." });
    assert.deepEqual(row!.LocationDetails, { city: "Bellevue", state: "Washington", countryOrRegion: "US", geoCoordinates: { latitude: 47.61, longitude: -122.2 } });
    assert.equal((row!.ConditionalAccessPolicies as { displayName: string }[])[0]!.displayName, "HR app access policy");
    assert.equal(row!.AuthenticationRequirementPolicies, '[{"requirementProvider":"multiConditionalAccess","detail":"Conditional Access"}]');
    assert.equal(row!.ProcessingTimeInMilliseconds, "238");
    assert.equal(row!.AutonomousSystemNumber, "8075");
    assert.equal(row!.RiskEventTypes_V2, "[]");
    assert.equal(row!.ResourceIdentity, "00000003-0000-0ff1-ce00-000000000000");
    assert.equal(row!.IsInteractive, true);
    assert.equal(row!.FlaggedForReview, false);
  });
});

describe("diagnostic settings → workload sign-ins (Event Hub messages, one per line)", () => {
  const file = fixturePath("diagnostic", "workload-signins.eventhub.ndjson");

  test("AADServicePrincipalSignInLogs takes its category and counts the others (WD014)", async () => {
    const r = await load("AADServicePrincipalSignInLogs", file);
    assert.deepEqual(
      pick(rowsOf(r.table), ["ServicePrincipalName", "ClientCredentialType", "ServicePrincipalCredentialKeyId", "FederatedCredentialId", "ResultType", "IPAddress", "Location"]),
      [
        { ServicePrincipalName: "payments-api", ClientCredentialType: "clientSecret", ServicePrincipalCredentialKeyId: "6a1f0e3d-2b4c-4d5e-8f9a-0b1c2d3e4f5a", FederatedCredentialId: "", ResultType: "0", IPAddress: "203.0.113.50", Location: "NL" },
        { ServicePrincipalName: "payments-api", ClientCredentialType: "clientSecret", ServicePrincipalCredentialKeyId: "6a1f0e3d-2b4c-4d5e-8f9a-0b1c2d3e4f5a", FederatedCredentialId: "", ResultType: "7000215", IPAddress: "203.0.113.50", Location: "NL" },
        { ServicePrincipalName: "github-deployer", ClientCredentialType: "federatedIdentityCredential", ServicePrincipalCredentialKeyId: "", FederatedCredentialId: "7f3e9a21-4c5b-4d6e-8f70-1a2b3c4d5e6f", ResultType: "0", IPAddress: "20.42.7.19", Location: "US" },
      ],
    );
    const [row] = rowsOf(r.table);
    assert.equal(row!.LocationDetails, '{"city":"Amsterdam","state":"Noord-Holland","countryOrRegion":"NL","geoCoordinates":{"latitude":52.374,"longitude":4.8897}}');
    assert.equal(row!.AppOwnerTenantId, "72f988bf-86f1-41af-91ab-2d7cd011db47");
    assert.equal(row!.ResourceIdentity, "00000003-0000-0000-c000-000000000000");
    assert.match(rowsOf(r.table)[1]!.ResultDescription as string, /^Invalid client secret provided/);
    const skipped = r.diagnostics.filter((d) => d.code === "WD014").map((d) => [d.line, d.message]);
    assert.deepEqual(skipped, [
      [1, "1 record(s) of diagnostic category 'ManagedIdentitySignInLogs' (table AADManagedIdentitySignInLogs) are not loaded into AADServicePrincipalSignInLogs"],
      [2, "1 record(s) of diagnostic category 'NonInteractiveUserSignInLogs' (table AADNonInteractiveUserSignInLogs) are not loaded into AADServicePrincipalSignInLogs"],
    ]);
  });

  test("the same file into AADManagedIdentitySignInLogs and AADNonInteractiveUserSignInLogs", async () => {
    const mi = await load("AADManagedIdentitySignInLogs", file);
    assert.deepEqual(pick(rowsOf(mi.table), ["ServicePrincipalName", "IPAddress", "ClientCredentialType", "ResourceDisplayName"]), [
      { ServicePrincipalName: "vm-batch-worker-01", IPAddress: "", ClientCredentialType: "managedIdentity", ResourceDisplayName: "Azure Key Vault" },
    ]);
    assert.match(rowsOf(mi.table)[0]!.ManagedServiceIdentity as string, /^\{"msiType":"systemAssigned","associatedResourceId":"\/subscriptions\//);
    const ni = await load("AADNonInteractiveUserSignInLogs", file);
    assert.deepEqual(pick(rowsOf(ni.table), ["UserPrincipalName", "SignInEventTypes", "ProcessingTimeInMs", "IsInteractive", "DeviceDetail"]), [
      {
        UserPrincipalName: "timothy.perkins@contoso.com",
        SignInEventTypes: '["nonInteractiveUser"]',
        ProcessingTimeInMs: "722",
        IsInteractive: false,
        DeviceDetail: '{"deviceId":"","operatingSystem":"Windows10","browser":"Rich Client 4.40.0.0"}',
      },
    ]);
  });
});

describe("diagnostic settings → Identity Protection for workload identities", () => {
  const file = fixturePath("diagnostic", "risk.storage.json");

  test("RiskyServicePrincipals: en-US `time`, a single-digit hour, and the seed table's columns", async () => {
    const r = await load("AADRiskyServicePrincipals", file);
    assert.deepEqual(pick(rowsOf(r.table), ["TimeGenerated", "Id", "DisplayName", "RiskLevel", "RiskState", "RiskDetail", "RiskLastUpdatedDateTime", "IsProcessing", "CorrelationId"]), [
      {
        TimeGenerated: "2026-11-21T11:31:52.0000000Z",
        Id: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60",
        DisplayName: "payments-api",
        RiskLevel: "high",
        RiskState: "atRisk",
        RiskDetail: "none",
        RiskLastUpdatedDateTime: "2026-11-21T11:31:52.7020000Z",
        IsProcessing: false,
        CorrelationId: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60",
      },
      {
        TimeGenerated: "2026-11-21T09:50:03.0000000Z",
        Id: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a",
        DisplayName: "github-deployer",
        RiskLevel: "high",
        RiskState: "confirmedCompromised",
        RiskDetail: "adminConfirmedServicePrincipalCompromised",
        RiskLastUpdatedDateTime: "2026-11-21T09:50:03.1250000Z",
        IsProcessing: true,
        CorrelationId: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a",
      },
    ]);
    const seed = await load("RiskyServicePrincipals", file);
    assert.deepEqual(
      seed.table.schema.map((c) => c.name),
      ["TimeGenerated", "ServicePrincipalId", "ServicePrincipalDisplayName", "AppId", "RiskLevel", "RiskState", "RiskDetail", "RiskLastUpdatedDateTime"],
    );
    assert.deepEqual(pick(rowsOf(seed.table), ["ServicePrincipalId", "ServicePrincipalDisplayName", "RiskState"]), [
      { ServicePrincipalId: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60", ServicePrincipalDisplayName: "payments-api", RiskState: "atRisk" },
      { ServicePrincipalId: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a", ServicePrincipalDisplayName: "github-deployer", RiskState: "confirmedCompromised" },
    ]);
  });

  test("ServicePrincipalRiskEvents: `additionalInfo` JSON text parsed, key ids, location", async () => {
    const r = await load("AADServicePrincipalRiskEvents", file);
    const rows = rowsOf(r.table);
    assert.deepEqual(pick(rows, ["RiskEventType", "DetectedDateTime", "CorrelationId", "IpAddress", "KeyIds", "AdditionalInfo"]), [
      {
        RiskEventType: "investigationsThreatIntelligence",
        DetectedDateTime: "2026-11-21T11:38:06.1330000Z",
        CorrelationId: "59fe2cc8-d7b0-4f88-a541-3399f4eff9b2",
        IpAddress: "185.220.101.4",
        KeyIds: ["6a1f0e3d-2b4c-4d5e-8f9a-0b1c2d3e4f5a"],
        AdditionalInfo: [
          { Key: "userAgent", Value: "python-requests/2.32.3" },
          { Key: "alertUrl", Value: null },
        ],
      },
      { RiskEventType: "leakedCredentials", DetectedDateTime: "2026-11-21T11:44:50.3610000Z", CorrelationId: "59fe2cc8-d7b0-4f88-a541-3399f4eff9b2", IpAddress: "", KeyIds: [], AdditionalInfo: [] },
    ]);
    assert.equal((rows[0]!.Location as { city: string }).city, "Frankfurt am Main");
    assert.deepEqual(
      rowsOf((await load("ServicePrincipalRiskEvents", file)).table).map((x) => x.RiskEventType),
      ["investigationsThreatIntelligence", "leakedCredentials"],
    );
  });

  test("a custom table name takes the table of the first record's category", async () => {
    const r = await load("MyRiskFeed", file);
    assert.equal(r.adoptedTable, "AADRiskyServicePrincipals");
    assert.equal(r.table.rowCount, 2);
    assert.ok(r.table.schema.some((c) => c.name === "ServicePrincipalType"));
  });
});

describe("hostile and broken records", () => {
  const file = fixturePath("diagnostic", "hostile.eventhub.ndjson");

  test("every good record loads; each bad one is rejected or nulled with its line", async () => {
    const rejectsDir = tmpDir("widar-rejects-");
    const r = await load("AADServicePrincipalSignInLogs", file, { rejectsDir });
    assert.deepEqual(pick(rowsOf(r.table), ["Id", "TimeGenerated", "CreatedDateTime", "DurationMs", "ServicePrincipalName", "Level", "LocationDetails"]), [
      { Id: "good-1", TimeGenerated: "2026-11-21T11:00:00.0000000Z", CreatedDateTime: "2026-11-21T11:00:00.0000000Z", DurationMs: null, ServicePrincipalName: "ok app", Level: "", LocationDetails: "" },
      { Id: "bad-values", TimeGenerated: null, CreatedDateTime: null, DurationMs: null, ServicePrincipalName: "", Level: "", LocationDetails: "" },
      // A 13-digit fraction is cut to Kusto's 7; an offset is applied; text is kept as it is.
      {
        Id: "good-3",
        TimeGenerated: "2026-11-21T11:00:07.1234567Z",
        CreatedDateTime: "2026-11-21T09:00:07.0000000Z",
        DurationMs: null,
        ServicePrincipalName: "Ünïcödé app 名前 🚀",
        Level: "4",
        LocationDetails: '{"city":"Zürich"}',
      },
    ]);
    assert.deepEqual(r.stats, { loaded: 3, rejected: 5, coercedToNull: 3 });
    assert.deepEqual(where(r.diagnostics), [
      ["WD005", 1], // "not an object" in the batch
      ["WD013", 1], // properties as a string
      ["WD013", 2], // records as an object
      ["WD001", 3], // a truncated line
      ["WD002", 4],
      ["WD002", 4],
      ["WD002", 4],
      ["WD005", 6], // [1,2,3]
      ["WD014", 5], // UserRiskEvents: no table in widar
      ["WD014", 5], // a managed identity's sign-in: another table
      ["WD003", 4], // __proto__ and constructor: ignored, never a prototype
      ["WD016", undefined],
    ]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // The reject file: beside the run (here: the given dir), one JSON object per line.
    const rejects = readFileSync(r.rejectFile!, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.match(r.rejectFile!, new RegExp(`^${rejectsDir}/hostile\\.eventhub\\.ndjson\\.[0-9a-f]{8}\\.rejects\\.ndjson$`));
    assert.deepEqual(
      rejects.map((x) => [x.code, x.line]),
      [
        ["WD005", 1],
        ["WD013", 1],
        ["WD013", 2],
        ["WD001", 3],
        ["WD005", 6],
      ],
    );
    assert.equal(rejects[0].text, '"not an object"');
    assert.equal(rejects[3].text, readFileSync(file, "utf8").split("\n")[2]);
  });
});
