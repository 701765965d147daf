/**
 * Exports as people actually have them, each loaded correctly or refused with a code:
 * the Azure Activity log as its REST API and the portal's JSON download write it (`EventData`:
 * `eventTimestamp`, `operationName` and `category` as `{value, localizedValue}` objects), which
 * used to load as rows of nulls; CSV exports without a TimeGenerated column (the time taken from
 * the export's own column, or a warning that the table is timeless); and records that are no
 * row of the table at all.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { codes, fixturePath, load, pick, rowsOf, tmpDir } from "./support.js";

const dir = tmpDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the Azure Activity log's REST events → AzureActivity", () => {
  const file = fixturePath("activity", "activity-log.rest.json");

  test("every column the event carries, by its value (not its display text) where the table keeps both", async () => {
    const r = await load("AzureActivity", file);
    assert.deepEqual(r.stats, { loaded: 2, rejected: 0, coercedToNull: 0 });
    assert.equal(r.dialect, "activity-event");
    const rows = pick(rowsOf(r.table), [
        "TimeGenerated",
        "EventSubmissionTimestamp",
        "OperationNameValue",
        "OperationName",
        "Category",
        "CategoryValue",
        "ActivityStatusValue",
        "ActivityStatus",
        "ActivitySubstatusValue",
        "Caller",
        "CallerIpAddress",
        "EventDataId",
        "ResourceGroup",
        "ResourceProviderValue",
        "SubscriptionId",
        "Level",
        "Type",
    ]);
    assert.deepEqual(rows[0], {
      TimeGenerated: "2026-11-21T11:06:41.5523419Z",
      EventSubmissionTimestamp: "2026-11-21T11:08:02.1204871Z",
      OperationNameValue: "Microsoft.Authorization/roleAssignments/write",
      OperationName: "Create role assignment",
      Category: "Administrative",
      CategoryValue: "Administrative",
      ActivityStatusValue: "Succeeded",
      ActivityStatus: "Succeeded",
      ActivitySubstatusValue: "Created",
      Caller: "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60",
      CallerIpAddress: "",
      EventDataId: "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
      ResourceGroup: "rg-data",
      ResourceProviderValue: "Microsoft.Authorization",
      SubscriptionId: "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c",
      Level: "Informational",
      Type: "AzureActivity",
    });
    assert.equal(rows[1]!.CallerIpAddress, "185.220.101.4");
    assert.equal(rows[1]!.OperationNameValue, "Microsoft.Storage/storageAccounts/listKeys/action");
    const claims = rowsOf(r.table)[0]!.Claims_d as Record<string, string>;
    assert.equal(claims["http://schemas.microsoft.com/identity/claims/objectidentifier"], "0d9f3b7a-6c2e-4f18-b5a4-3e7c9d1f2b60");
    assert.ok(!codes(r.diagnostics).includes("WD022"), "the events have their time");
  });

  test("loaded under another name, they still become AzureActivity rows", async () => {
    const r = await load("MyActivity", file);
    assert.equal(r.adoptedTable, "AzureActivity");
    assert.equal(rowsOf(r.table)[0]!.OperationNameValue, "Microsoft.Authorization/roleAssignments/write");
  });
});

describe("CSV exports without TimeGenerated", () => {
  const header = "Date (UTC),ServicePrincipalId,ServicePrincipalName,AppId,IPAddress,ResultType";
  const csv = `${header}\n2026-11-21T11:05:00Z,sp-1,Web-Backend,app-1,185.220.101.4,7000215\n2026-11-21T11:06:00Z,sp-1,Web-Backend,app-1,185.220.101.4,0\n`;

  test("the time comes from the export's own time column, with a warning that says so", async () => {
    const path = join(dir, "signins-date-utc.csv");
    writeFileSync(path, csv);
    const r = await load("AADServicePrincipalSignInLogs", path);
    assert.deepEqual(r.stats, { loaded: 2, rejected: 0, coercedToNull: 0 });
    assert.deepEqual(
      rowsOf(r.table).map((row) => row.TimeGenerated),
      ["2026-11-21T11:05:00.0000000Z", "2026-11-21T11:06:00.0000000Z"],
    );
    const w = r.diagnostics.find((d) => d.code === "WD020")!;
    assert.equal(w.severity, "warning");
    assert.match(w.message, /AADServicePrincipalSignInLogs: the records have no TimeGenerated; 2 took it from 'Date \(UTC\)'/);
    assert.ok(!codes(r.diagnostics).includes("WD022"));
  });

  test("the table's own event time column serves when it is the only time", async () => {
    const path = join(dir, "signins-created.csv");
    writeFileSync(path, csv.replace("Date (UTC)", "CreatedDateTime"));
    const r = await load("AADServicePrincipalSignInLogs", path);
    assert.equal(rowsOf(r.table)[0]!.TimeGenerated, "2026-11-21T11:05:00.0000000Z");
    assert.equal(rowsOf(r.table)[0]!.CreatedDateTime, "2026-11-21T11:05:00.0000000Z");
    assert.match(r.diagnostics.find((d) => d.code === "WD020")!.message, /from 'CreatedDateTime'/);
  });

  test("no time column at all: the rows load, and the timeless table is a warning", async () => {
    const path = join(dir, "signins-no-time.csv");
    writeFileSync(path, "ServicePrincipalId,ServicePrincipalName,ResultType\nsp-1,Web-Backend,0\nsp-1,Web-Backend,7000215\n");
    const r = await load("AADServicePrincipalSignInLogs", path);
    assert.equal(r.stats.loaded, 2);
    const w = r.diagnostics.find((d) => d.code === "WD022")!;
    assert.equal(w.severity, "warning");
    assert.match(w.message, /^AADServicePrincipalSignInLogs: TimeGenerated is empty in all 2 rows/);
  });

  test("rows that have TimeGenerated are left alone (no warning)", async () => {
    const path = join(dir, "signins-la.ndjson");
    writeFileSync(path, `${JSON.stringify({ TimeGenerated: "2026-11-21T11:05:00Z", CreatedDateTime: "2026-11-21T11:04:58Z", ServicePrincipalId: "sp-1" })}\n`);
    const r = await load("AADServicePrincipalSignInLogs", path);
    assert.equal(rowsOf(r.table)[0]!.TimeGenerated, "2026-11-21T11:05:00.0000000Z");
    assert.deepEqual(
      codes(r.diagnostics).filter((c) => c === "WD020" || c === "WD021" || c === "WD022"),
      [],
    );
  });
});

describe("records that are no row of the table", () => {
  test("are rejected with their field names, not loaded as rows of nulls", async () => {
    const path = join(dir, "audit-wrong-shape.ndjson");
    writeFileSync(path, `${JSON.stringify({ Activity: "Add service principal", Target: "x", "Date (UTC)": "2026-11-21T11:05:00Z" })}\n`);
    const r = await load("AuditLogs", path);
    assert.deepEqual(r.stats, { loaded: 0, rejected: 1, coercedToNull: 0 });
    const e = r.diagnostics.find((d) => d.code === "WD021")!;
    assert.equal(e.line, 1);
    assert.match(e.message, /none of the record's fields \(Activity, Target, Date \(UTC\)\) is a column of AuditLogs/);
  });
});
