/**
 * AADRiskyServicePrincipals ← diagnostic category `RiskyServicePrincipals` and Graph
 * `/identityProtection/riskyServicePrincipals`.
 *
 * Identity Protection's diagnostic records follow the RiskyUsers pattern: the envelope's `time`
 * (which Identity Protection writes in the en-US form `8/22/2022 6:11:52 PM`), `operationName`,
 * `correlationId`, and `properties`, the Graph riskyServicePrincipal object (`id` is the
 * service principal's object id, `displayName` its name). Graph has no event time: a risky
 * service principal's time is when its risk last changed.
 */
import type { TableMapping } from "./types.js";

export const RISKY_SERVICE_PRINCIPALS: TableMapping = {
  table: "AADRiskyServicePrincipals",
  diagnostic: {
    categories: ["RiskyServicePrincipals"],
    fields: [
      ["time", "TimeGenerated"],
      ["operationName", "OperationName"],
      ["correlationId", "CorrelationId"],
      ["properties.id", "Id"],
      ["properties.accountEnabled", "AccountEnabled"],
      ["properties.appId", "AppId"],
      ["properties.displayName", "DisplayName"],
      ["properties.isProcessing", "IsProcessing"],
      ["properties.riskDetail", "RiskDetail"],
      ["properties.riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
      ["properties.riskLevel", "RiskLevel"],
      ["properties.riskState", "RiskState"],
      ["properties.servicePrincipalType", "ServicePrincipalType"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADRiskyServicePrincipals" },
  },
  graph: {
    resource: "riskyServicePrincipal",
    fields: [
      ["riskLastUpdatedDateTime", "TimeGenerated"],
      ["riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
      ["id", "Id"],
      ["accountEnabled", "AccountEnabled"],
      ["appId", "AppId"],
      ["displayName", "DisplayName"],
      ["isProcessing", "IsProcessing"],
      ["riskDetail", "RiskDetail"],
      ["riskLevel", "RiskLevel"],
      ["riskState", "RiskState"],
      ["servicePrincipalType", "ServicePrincipalType"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADRiskyServicePrincipals" },
  },
};
