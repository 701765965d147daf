/** The generated Log Analytics catalog: contents, freshness against the reference, did-you-mean. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { catalogFilePath, editDistance, logAnalyticsTables, suggestTable, tableSchema } from "../../src/catalog/log-analytics.js";
import { REPO_ROOT } from "../support/paths.js";

/** `Name:type` of the named columns of a table, in the order asked. */
function columns(table: string, names: string[]): string[] {
  const schema = tableSchema(table);
  assert.ok(schema !== undefined, `${table} is in the catalog`);
  return names.map((n) => `${n}:${schema.find((c) => c.name === n)?.type ?? "MISSING"}`);
}

describe("Log Analytics catalog", () => {
  test("898 tables, every column typed", () => {
    const all = logAnalyticsTables();
    assert.equal(all.size, 898);
    const types = new Set([...all.values()].flatMap((s) => s.map((c) => c.type)));
    for (const t of types) assert.ok(["bool", "int", "long", "real", "decimal", "string", "datetime", "timespan", "guid", "dynamic"].includes(t), t);
  });

  const expected: [string, string[]][] = [
    ["AuditLogs", ["TimeGenerated:datetime", "OperationName:string", "Category:string", "Result:string", "InitiatedBy:dynamic", "TargetResources:dynamic", "AdditionalDetails:dynamic", "CorrelationId:string"]],
    ["SigninLogs", ["TimeGenerated:datetime", "UserPrincipalName:string", "AppId:string", "IPAddress:string", "ResultType:string", "LocationDetails:dynamic", "ConditionalAccessPolicies:dynamic"]],
    ["AADServicePrincipalSignInLogs", ["TimeGenerated:datetime", "ServicePrincipalId:string", "ServicePrincipalName:string", "AppId:string", "IPAddress:string", "ResultType:string", "ResourceDisplayName:string"]],
    ["AADManagedIdentitySignInLogs", ["TimeGenerated:datetime", "ServicePrincipalId:string", "ServicePrincipalName:string", "AppId:string", "ResultType:string", "ResourceDisplayName:string"]],
    ["AADRiskyServicePrincipals", ["TimeGenerated:datetime", "Id:string", "DisplayName:string", "AppId:string", "RiskLevel:string", "RiskState:string", "RiskDetail:string", "RiskLastUpdatedDateTime:datetime", "AccountEnabled:bool"]],
    ["AADServicePrincipalRiskEvents", ["TimeGenerated:datetime", "ServicePrincipalId:string", "ServicePrincipalDisplayName:string", "RiskEventType:string", "DetectedDateTime:datetime", "RiskLevel:string", "RiskState:string"]],
  ];
  for (const [table, cols] of expected) {
    test(`${table}: key columns and types`, () => {
      assert.deepEqual(
        columns(
          table,
          cols.map((c) => c.split(":")[0]!),
        ),
        cols,
      );
    });
  }

  test("no table the seeds wrongly name (Log Analytics has none)", () => {
    assert.equal(tableSchema("RiskyServicePrincipals"), undefined);
    assert.equal(tableSchema("ServicePrincipalRiskEvents"), undefined);
  });

  test("scrape artefacts are cleaned: no untyped rows, no duplicate columns", () => {
    const diag = tableSchema("AzureDiagnostics")!;
    assert.equal(
      diag.find((c) => c.name === "abc" || c.name === "..."),
      undefined,
    );
    assert.equal(new Set(diag.map((c) => c.name)).size, diag.length);
    assert.equal(diag.find((c) => c.name === "DurationMs")?.type, "long"); // BigInt in the source
    assert.equal(diag.find((c) => c.name === "ActivityId_g")?.type, "guid"); // Guid in the source
  });

  test("the generated file is a fresh generation from ../shared/schemas", () => {
    const fresh = execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "gen-catalog.mjs"), "--stdout"], { encoding: "utf8" });
    assert.equal(readFileSync(catalogFilePath(), "utf8"), fresh);
  });

  test("the file is found inside the repository", () => {
    assert.equal(catalogFilePath(), join(REPO_ROOT, "packages", "widar", "src", "catalog", "generated", "log-analytics-tables.json"));
  });
});

describe("suggestTable", () => {
  const cases: [string, string | undefined][] = [
    ["RiskyServicePrincipals", "AADRiskyServicePrincipals"],
    ["ServicePrincipalRiskEvents", "AADServicePrincipalRiskEvents"],
    ["ServicePrincipalSignInLogs", "AADServicePrincipalSignInLogs"],
    ["signinlogs", "SigninLogs"],
    ["SiginLogs", "SigninLogs"],
    ["AuditLog", "AuditLogs"],
    ["AuditLogs", undefined], // exists: nothing to suggest
    ["TotallyUnrelatedThing", undefined],
    ["", undefined],
  ];
  for (const [name, expected] of cases) {
    test(`${name || "(empty)"} → ${expected ?? "nothing"}`, () => assert.equal(suggestTable(name), expected));
  }

  test("editDistance", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abc", "abc"), 0);
    assert.equal(editDistance("abcdef", "uvwxyz", 2), 3); // gave up past the limit
  });
});

describe("what every workspace has beyond the reference", () => {
  const STANDARD = ["TenantId:string", "TimeGenerated:datetime", "Type:string", "_ResourceId:string", "_SubscriptionId:string", "_ItemId:string", "_TimeReceived:datetime", "_BilledSize:real", "_IsBillable:string"];

  test("every table has Log Analytics' standard columns", () => {
    const lacking: string[] = [];
    for (const [name, schema] of logAnalyticsTables()) {
      const have = new Set(schema.map((c) => `${c.name}:${c.type}`));
      for (const s of STANDARD) if (!have.has(s)) lacking.push(`${name}.${s}`);
    }
    assert.deepEqual(lacking, []);
  });

  test("AzureDiagnostics, DnsEvents and the Defender XDR tables have the columns the reference lost", () => {
    assert.deepEqual(columns("AzureDiagnostics", ["TimeGenerated", "Type", "TenantId", "SubscriptionId", "ResourceId"]), [
      "TimeGenerated:datetime",
      "Type:string",
      "TenantId:string",
      "SubscriptionId:string",
      "ResourceId:string",
    ]);
    assert.deepEqual(columns("DnsEvents", ["Name"]), ["Name:string"]);
    for (const t of ["DeviceProcessEvents", "DeviceNetworkEvents", "EmailEvents", "IdentityLogonEvents", "CloudAppEvents", "AlertEvidence"])
      assert.deepEqual(columns(t, ["Timestamp", "TimeGenerated"]), ["Timestamp:datetime", "TimeGenerated:datetime"], t);
    // Only the Defender XDR copies have it: a table of another source does not.
    assert.deepEqual(columns("SigninLogs", ["Timestamp"]), ["Timestamp:MISSING"]);
  });
});
