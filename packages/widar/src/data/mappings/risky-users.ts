/**
 * AADRiskyUsers ← diagnostic category `RiskyUsers` and Graph `/identityProtection/riskyUsers`.
 *
 * Identity Protection's diagnostic record (Microsoft Entra diagnostic settings, category
 * RiskyUsers): the envelope's `time` in the en-US form `7/18/2026 3:01:38 PM`, `operationName`
 * ("Risky user"), `correlationId`, `tenantId`, and `properties`, the Graph riskyUser object
 * (riskyUser resource type, v1.0: `id` is the user's object id; `isDeleted`, `isProcessing`,
 * `riskDetail`, `riskLastUpdatedDateTime`, `riskLevel`, `riskState`, `userDisplayName`,
 * `userPrincipalName`). Graph has no event time, no operation and no correlation id: a risky
 * user's time is when its risk last changed, and `CorrelationId` / `OperationName` stay empty.
 */
import type { TableMapping } from "./types.js";

export const RISKY_USERS: TableMapping = {
  table: "AADRiskyUsers",
  diagnostic: {
    categories: ["RiskyUsers"],
    fields: [
      ["time", "TimeGenerated"],
      ["operationName", "OperationName"],
      ["correlationId", "CorrelationId"],
      ["properties.id", "Id"],
      ["properties.isDeleted", "IsDeleted"],
      ["properties.isProcessing", "IsProcessing"],
      ["properties.riskDetail", "RiskDetail"],
      ["properties.riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
      ["properties.riskLevel", "RiskLevel"],
      ["properties.riskState", "RiskState"],
      ["properties.userDisplayName", "UserDisplayName"],
      ["properties.userPrincipalName", "UserPrincipalName"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADRiskyUsers" },
  },
  graph: {
    resource: "riskyUser",
    fields: [
      // RiskLastUpdatedDateTime first: export writes the risk's own time, not the ingestion time.
      ["riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
      ["riskLastUpdatedDateTime", "TimeGenerated"],
      ["id", "Id"],
      ["isDeleted", "IsDeleted"],
      ["isProcessing", "IsProcessing"],
      ["riskDetail", "RiskDetail"],
      ["riskLevel", "RiskLevel"],
      ["riskState", "RiskState"],
      ["userDisplayName", "UserDisplayName"],
      ["userPrincipalName", "UserPrincipalName"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADRiskyUsers" },
  },
};
