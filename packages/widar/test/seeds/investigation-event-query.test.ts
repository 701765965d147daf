/**
 * The investigation seed's "Event query" table (TimeGenerated, OperationName,
 * InitiatingUserOrApp, InitiatingIpAddress, UserAgent, targetDisplayName, targetId, Category)
 * produced by a KQL query over AuditLogs.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { errors, runFixture } from "../support/run-query.js";
import { alice, audit, pipeline } from "./audit-records.js";

const EVENT_QUERY = `
AuditLogs
| where OperationName has_any ("Certificates and secrets management", "Add service principal credentials")
| where Result =~ "success"
| extend InitiatingUserOrApp = iff(isnotempty(InitiatedBy.user.userPrincipalName),
                                   tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))
| extend InitiatingIpAddress = iff(isnotempty(InitiatedBy.user.ipAddress),
                                   tostring(InitiatedBy.user.ipAddress), tostring(InitiatedBy.app.ipAddress))
| mv-apply detail = AdditionalDetails on (where tostring(detail.key) =~ "User-Agent" | extend UserAgent = tostring(detail.value) | take 1)
| extend targetDisplayName = tostring(TargetResources[0].displayName), targetId = tostring(TargetResources[0].id)
| project TimeGenerated, OperationName, InitiatingUserOrApp, InitiatingIpAddress, UserAgent, targetDisplayName, targetId, Category
| order by TimeGenerated asc`;

test("the investigation's event table from AuditLogs", async () => {
  const r = await runFixture(EVENT_QUERY, {
    tables: {
      AuditLogs: [
        audit("2026-11-21T09:00:00Z", "Update application – Certificates and secrets management ", alice, {
          id: "app-1",
          displayName: "SharepointAPI-Test",
        }),
        audit("2026-11-21T09:05:00Z", "Add service principal credentials", pipeline, { id: "sp-9", displayName: "Billing" }),
        audit("2026-11-21T09:06:00Z", "Add owner to application", alice, { id: "app-1", displayName: "SharepointAPI-Test" }),
      ],
    },
    now: "2026-11-21T12:00:00Z",
  });
  assert.deepEqual(errors(r.diagnostics), []);
  assert.deepEqual(r.columns, [
    "TimeGenerated", "OperationName", "InitiatingUserOrApp", "InitiatingIpAddress", "UserAgent", "targetDisplayName", "targetId", "Category",
  ]);
  assert.deepEqual(r.rows, [
    {
      TimeGenerated: "2026-11-21T09:00:00.0000000Z",
      OperationName: "Update application – Certificates and secrets management ",
      InitiatingUserOrApp: "alice@contoso.com",
      InitiatingIpAddress: "203.0.113.7",
      UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      targetDisplayName: "SharepointAPI-Test",
      targetId: "app-1",
      Category: "ApplicationManagement",
    },
    {
      TimeGenerated: "2026-11-21T09:05:00.0000000Z",
      OperationName: "Add service principal credentials",
      InitiatingUserOrApp: "Deploy-Pipeline",
      InitiatingIpAddress: "",
      UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      targetDisplayName: "Billing",
      targetId: "sp-9",
      Category: "ApplicationManagement",
    },
  ]);
});
