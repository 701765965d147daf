/**
 * The activity tables widar reads from exports only (./fixtures/diagnostic): the Graph activity
 * log (Entra diagnostic settings, storage lines shaped after published live records), the Azure
 * Activity log (a subscription's diagnostic setting to storage, `insights-activity-logs`, after
 * the schema's "storage account and event hubs" section, plus an older log profile's record),
 * and CloudAppEvents (Defender XDR's streaming API to an Event Hub, with another table's record
 * in the same message).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fixturePath, load, pick, rowsOf, tmpDir } from "./support.js";

describe("diagnostic category MicrosoftGraphActivityLogs → MicrosoftGraphActivityLogs", () => {
  const file = fixturePath("diagnostic", "graph-activity.storage.json");

  test("an app-only request: every column, text numbers coerced, the table's key members", async () => {
    const r = await load("MicrosoftGraphActivityLogs", file);
    assert.deepEqual(r.stats, { loaded: 3, rejected: 0, coercedToNull: 0 });
    const [row] = rowsOf(r.table);
    assert.deepEqual(row, {
      AadTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      ApiVersion: "v1.0",
      AppId: "4b8e2d6f-0a1c-4e3b-9f7d-5c2a8e6b1d94",
      ATContent: "",
      ATContentH: "",
      ATContentP: "",
      _BilledSize: null,
      ClientAuthMethod: 1,
      ClientRequestId: "e3b1c2d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
      DeviceId: "",
      DurationMs: 171409,
      IdentityProvider: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
      IPAddress: "185.220.101.4",
      _IsBillable: "",
      _ItemId: "",
      _ResourceId: "",
      _SubscriptionId: "",
      _TimeReceived: null,
      Location: "Germany West Central",
      OperationId: "e3b1c2d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
      RequestId: "e3b1c2d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
      RequestMethod: "GET",
      RequestUri: "https://graph.microsoft.com/v1.0/applications?$select=id,appId,passwordCredentials",
      ResponseSizeBytes: 48213,
      ResponseStatusCode: 200,
      Roles: "Application.ReadWrite.All Directory.Read.All",
      Scopes: "",
      ServicePrincipalId: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60",
      SessionId: "",
      SignInActivityId: "kZ7n2c4QbEqj1W8xYv3TAA",
      SourceSystem: "Azure",
      TenantId: "",
      TimeGenerated: "2026-11-21T11:06:02.4712035Z",
      TokenIssuedAt: "2026-11-21T11:05:28.0000000Z",
      Type: "MicrosoftGraphActivityLogs",
      UniqueTokenId: "",
      UserAgent: "python-requests/2.32.3",
      UserId: "",
      Wids: "0997a1d0-0d1d-4acb-b408-d5ca73121e90",
    });
    // Members with no column are named once; the envelope's constant operationName is not one.
    const unread = r.diagnostics.find((d) => d.code === "WD003")!.message;
    assert.match(unread, /properties\.isReplay \(1\), properties\.C_Idtyp \(1\)/);
    assert.doesNotMatch(unread, /operationName/);
  });

  test("a delegated call (user, scopes, session, device) and a record with `Level` 4 and a null userId", async () => {
    const r = await load("MicrosoftGraphActivityLogs", file);
    const cols = ["RequestMethod", "ResponseStatusCode", "ApiVersion", "UserId", "ServicePrincipalId", "Scopes", "SessionId", "DeviceId", "ClientAuthMethod", "Wids", "DurationMs"];
    assert.deepEqual(pick(rowsOf(r.table).slice(1), cols), [
      {
        RequestMethod: "PATCH",
        ResponseStatusCode: 403,
        ApiVersion: "beta",
        UserId: "4c1d7a2e-8b3f-4e5a-9c6d-2f0e1a3b5c7d",
        ServicePrincipalId: "",
        Scopes: "Application.ReadWrite.All Directory.AccessAsUser.All openid profile",
        SessionId: "00ab9f3e-7c2d-4e6f-a1b3-5c7d9e1f3a5b",
        DeviceId: "5e7a9c1e-3b5d-4f7a-9c1e-3d5f7a9b1c3d",
        ClientAuthMethod: 0,
        Wids: "b79fbf4d-3ef9-4689-8143-76b194e85509",
        DurationMs: 40118,
      },
      {
        RequestMethod: "GET",
        ResponseStatusCode: 200,
        ApiVersion: "v1.0",
        UserId: "",
        ServicePrincipalId: "3e1d5c7b-9a2f-4e8d-b6c4-0f1e2d3c4b5a",
        Scopes: "",
        SessionId: "",
        DeviceId: "",
        ClientAuthMethod: 2,
        Wids: "",
        DurationMs: 856631,
      },
    ]);
  });

  test("a record with only the UDI required fields takes the envelope's copies", async () => {
    const path = join(tmpDir(), "udi.json");
    const udi = {
      time: "2026-11-21T11:37:39.2484449Z",
      resourceId: "/TENANTS/72F988BF-86F1-41AF-91AB-2D7CD011DB47/PROVIDERS/MICROSOFT.AADIAM",
      operationName: "Microsoft Graph Activity",
      operationVersion: "v1.0",
      category: "MicrosoftGraphActivityLogs",
      resultSignature: "404",
      durationMs: "1309",
      callerIpAddress: "203.0.113.10",
      correlationId: "5d7f9b1d-3f5b-4d7f-9b1d-3f5b7d9f1b3d",
      location: "East US",
      properties: { __UDI_RequiredFields_TenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", requestMethod: "GET", requestUri: "https://graph.microsoft.com/v1.0/users/x/photo", appId: "a" },
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    };
    writeFileSync(path, `${JSON.stringify(udi)}\n`);
    const r = await load("MicrosoftGraphActivityLogs", path);
    assert.deepEqual(pick(rowsOf(r.table), ["AadTenantId", "ApiVersion", "DurationMs", "IPAddress", "Location", "RequestId", "ResponseStatusCode"]), [
      {
        AadTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        ApiVersion: "v1.0",
        DurationMs: 1309,
        IPAddress: "203.0.113.10",
        Location: "East US",
        RequestId: "5d7f9b1d-3f5b-4d7f-9b1d-3f5b7d9f1b3d",
        ResponseStatusCode: 404,
      },
    ]);
  });
});

describe("the Azure Activity log to storage → AzureActivity", () => {
  const file = fixturePath("diagnostic", "activity-log.storage.json");

  test("a managed identity's listKeys, Start and Success: what the export carries, what it cannot", async () => {
    const r = await load("AzureActivity", file);
    assert.equal(r.dialect, "diagnostic");
    assert.deepEqual(r.stats, { loaded: 4, rejected: 0, coercedToNull: 0 });
    const rows = rowsOf(r.table);
    const cols = ["TimeGenerated", "OperationNameValue", "Level", "ActivityStatus", "ActivityStatusValue", "ActivitySubstatus", "ActivitySubstatusValue", "Category", "CategoryValue"];
    assert.deepEqual(pick(rows.slice(0, 2), cols), [
      {
        TimeGenerated: "2026-11-21T11:08:41.2219560Z",
        OperationNameValue: "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
        Level: "Informational",
        ActivityStatus: "Started",
        ActivityStatusValue: "Start",
        ActivitySubstatus: "",
        ActivitySubstatusValue: "",
        Category: "Administrative",
        CategoryValue: "Administrative",
      },
      {
        TimeGenerated: "2026-11-21T11:08:41.4071298Z",
        OperationNameValue: "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
        Level: "Informational",
        ActivityStatus: "Succeeded",
        ActivityStatusValue: "Success",
        ActivitySubstatus: "OK",
        ActivitySubstatusValue: "OK",
        Category: "Administrative",
        CategoryValue: "Administrative",
      },
    ]);
    const ok = rows[1]!;
    assert.equal(ok.CorrelationId, "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    assert.equal(ok.CallerIpAddress, "20.61.14.97");
    assert.equal(ok.ResourceId, "/SUBSCRIPTIONS/8C3E1A52-4D7F-4B6E-9A0C-2F5D8E1B3C70/RESOURCEGROUPS/RG-PAYMENTS-PROD/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/STPAYMENTSPROD");
    assert.equal(ok.Hierarchy, "72f988bf-86f1-41af-91ab-2d7cd011db47/8c3e1a52-4d7f-4b6e-9a0c-2f5d8e1b3c70");
    // properties whole, as JSON text and as dynamic; identity's two halves likewise.
    assert.equal((ok.Properties_d as { statusCode: string }).statusCode, "OK");
    assert.equal(JSON.parse(ok.Properties as string).message, "Microsoft.Storage/storageAccounts/listKeys/action");
    assert.equal((ok.Authorization_d as { evidence: { principalType: string } }).evidence.principalType, "ServicePrincipal");
    assert.equal((ok.Claims_d as Record<string, string>).xms_mirid.endsWith("/virtualMachines/vm-payments-01"), true);
    assert.equal(JSON.parse(ok.Claims as string).uti, "kZ7n2c4QbEqj1W8xYv3TAA");
    // Derived by Log Analytics, or dropped by the export: empty, never invented.
    assert.deepEqual(pick([ok], ["Caller", "OperationName", "ResourceGroup", "SubscriptionId", "_ResourceId", "EventDataId", "OperationId", "HTTPRequest", "EventSubmissionTimestamp"]), [
      { Caller: "", OperationName: "", ResourceGroup: "", SubscriptionId: "", _ResourceId: "", EventDataId: "", OperationId: "", HTTPRequest: "", EventSubmissionTimestamp: null },
    ]);
    const unread = r.diagnostics.find((d) => d.code === "WD003")!.message;
    assert.match(unread, /RoleLocation \(3\), ReleaseVersion \(2\), tenantId \(3\), durationMs \(4\), resultSignature \(4\), location \(1\)/);
  });

  test("a Policy record, and a log profile's record (category Action, no properties) as Administrative", async () => {
    const r = await load("AzureActivity", file);
    const cols = ["Category", "CategoryValue", "Level", "OperationNameValue", "ActivityStatus", "Hierarchy", "CallerIpAddress"];
    assert.deepEqual(pick(rowsOf(r.table).slice(2), cols), [
      {
        Category: "Policy",
        CategoryValue: "Policy",
        Level: "Warning",
        OperationNameValue: "MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION",
        ActivityStatus: "Succeeded",
        Hierarchy: "72f988bf-86f1-41af-91ab-2d7cd011db47/8c3e1a52-4d7f-4b6e-9a0c-2f5d8e1b3c70",
        CallerIpAddress: "",
      },
      {
        Category: "Administrative",
        CategoryValue: "Administrative",
        Level: "Informational",
        OperationNameValue: "MICROSOFT.COMPUTE/VIRTUALMACHINES/RESTART/ACTION",
        ActivityStatus: "Started",
        Hierarchy: "",
        CallerIpAddress: "198.51.100.23",
      },
    ]);
    assert.equal(rowsOf(r.table)[3]!.Properties, "");
  });
});

describe("Defender XDR streaming API → CloudAppEvents", () => {
  const file = fixturePath("diagnostic", "defender-stream.eventhub.json");

  test("an app's SharePoint download: every column; TimeGenerated is the event's Timestamp", async () => {
    const r = await load("CloudAppEvents", file);
    assert.equal(r.format, "envelope");
    assert.deepEqual(r.stats, { loaded: 2, rejected: 0, coercedToNull: 0 });
    const [row] = rowsOf(r.table);
    const raw = row!.RawEventData as { AppAccessContext: { UniqueTokenId: string } };
    assert.equal(raw.AppAccessContext.UniqueTokenId, "kZ7n2c4QbEqj1W8xYv3TAA");
    assert.deepEqual(
      { ...row, ActivityObjects: (row!.ActivityObjects as unknown[]).length, RawEventData: "(checked above)" },
      {
        AccountDisplayName: "payments-api",
        AccountId: "app@sharepoint",
        AccountObjectId: "",
        AccountType: "Application",
        ActionType: "FileDownloaded",
        ActivityObjects: 3,
        ActivityType: "Download",
        AdditionalFields: {},
        AppInstanceId: 0,
        Application: "Microsoft SharePoint Online",
        ApplicationId: 20892,
        AuditSource: "Defender for Cloud Apps app connector",
        _BilledSize: null,
        City: "Frankfurt am Main",
        CountryCode: "DE",
        DeviceType: "",
        IPAddress: "185.220.101.4",
        IPCategory: "Anonymous proxy",
        IPTags: ["Tor"],
        IsAdminOperation: false,
        IsAnonymousProxy: true,
        _IsBillable: "",
        _ItemId: "",
        _ResourceId: "",
        _SubscriptionId: "",
        _TimeReceived: null,
        IsExternalUser: false,
        IsImpersonated: false,
        ISP: "Zwiebelfreunde e.V.",
        LastSeenForUser: { ActionType: -1, ISP: -1, IPAddress: -1 },
        OAuthAppId: "d3388b1c-7d84-49d4-a725-039ebee70ed1",
        ObjectId: "https://contoso.sharepoint.com/sites/Finance/Shared Documents/Board/FY27 budget.xlsx",
        ObjectName: "https://contoso.sharepoint.com/sites/Finance/Shared Documents/Board/FY27 budget.xlsx",
        ObjectType: "File",
        OSPlatform: "",
        RawEventData: "(checked above)",
        ReportId: "8e0a2c4e-6a8c-4e0a-8c2e-4a6c8e0a2c4e",
        SessionData: null,
        SourceSystem: "",
        TenantId: "",
        TimeGenerated: "2026-11-21T11:10:31.0000000Z",
        Timestamp: "2026-11-21T11:10:31.0000000Z",
        Type: "CloudAppEvents",
        UncommonForUser: ["ActionType", "ISP", "IPAddress"],
        UserAgent: "python-requests/2.32.3",
        UserAgentTags: [],
      },
    );
  });

  test("the schema reference's `Isp`; another table's record in the same message is counted (WD014)", async () => {
    const r = await load("CloudAppEvents", file);
    assert.deepEqual(pick(rowsOf(r.table).slice(1), ["ActionType", "ISP", "TimeGenerated", "OAuthAppId"]), [
      { ActionType: "MailItemsAccessed", ISP: "Contoso ISP", TimeGenerated: "2026-11-21T11:13:20.5520000Z", OAuthAppId: "00000002-0000-0ff1-ce00-000000000000" },
    ]);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === "WD014").map((d) => d.message),
      ["1 record(s) of diagnostic category 'AdvancedHunting-IdentityLogonEvents' (no Log Analytics mapping in widar) are not loaded into CloudAppEvents"],
    );
    assert.match(r.diagnostics.find((d) => d.code === "WD003")!.message, /tenantId \(2\), _TimeReceivedBySvc \(1\), Tenant \(1\)$/);
  });
});
