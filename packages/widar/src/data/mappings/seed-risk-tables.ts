/**
 * The seed rule RULE-19's tables, `RiskyServicePrincipals` and `ServicePrincipalRiskEvents`.
 * Log Analytics has no tables of these names (they are the diagnostic categories' names); the
 * rule reads them with the columns of its own `datatable` fallbacks, which are the Identity
 * Protection tables' columns renamed (`Id` → `ServicePrincipalId`, `DisplayName` →
 * `ServicePrincipalDisplayName`). Loading a file into either name fills those columns from the
 * same sources as AADRiskyServicePrincipals / AADServicePrincipalRiskEvents, or from those
 * tables' own rows, so the rule sees the same rows whatever form its data came in.
 */
import type { Schema } from "@widar/kql";
import type { TableMapping } from "./types.js";

const RISKY_SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "ServicePrincipalId", type: "string" },
  { name: "ServicePrincipalDisplayName", type: "string" },
  { name: "AppId", type: "string" },
  { name: "RiskLevel", type: "string" },
  { name: "RiskState", type: "string" },
  { name: "RiskDetail", type: "string" },
  { name: "RiskLastUpdatedDateTime", type: "datetime" },
];

const EVENTS_SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "ServicePrincipalId", type: "string" },
  { name: "ServicePrincipalDisplayName", type: "string" },
  { name: "AppId", type: "string" },
  { name: "RiskEventType", type: "string" },
  { name: "RiskLevel", type: "string" },
  { name: "DetectedDateTime", type: "datetime" },
];

export const SEED_RISKY_SERVICE_PRINCIPALS: TableMapping = {
  table: "RiskyServicePrincipals",
  schema: RISKY_SCHEMA,
  diagnostic: {
    categories: ["RiskyServicePrincipals"],
    fields: [
      ["time", "TimeGenerated"],
      ["properties.id", "ServicePrincipalId"],
      ["properties.displayName", "ServicePrincipalDisplayName"],
      ["properties.appId", "AppId"],
      ["properties.riskLevel", "RiskLevel"],
      ["properties.riskState", "RiskState"],
      ["properties.riskDetail", "RiskDetail"],
      ["properties.riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
    ],
  },
  graph: {
    resource: "riskyServicePrincipal",
    fields: [
      ["riskLastUpdatedDateTime", "TimeGenerated"],
      ["riskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
      ["id", "ServicePrincipalId"],
      ["displayName", "ServicePrincipalDisplayName"],
      ["appId", "AppId"],
      ["riskLevel", "RiskLevel"],
      ["riskState", "RiskState"],
      ["riskDetail", "RiskDetail"],
    ],
  },
  logAnalytics: {
    fromTable: "AADRiskyServicePrincipals",
    fields: [
      ["TimeGenerated", "TimeGenerated"],
      ["Id", "ServicePrincipalId"],
      ["DisplayName", "ServicePrincipalDisplayName"],
      ["AppId", "AppId"],
      ["RiskLevel", "RiskLevel"],
      ["RiskState", "RiskState"],
      ["RiskDetail", "RiskDetail"],
      ["RiskLastUpdatedDateTime", "RiskLastUpdatedDateTime"],
    ],
  },
};

export const SEED_SP_RISK_EVENTS: TableMapping = {
  table: "ServicePrincipalRiskEvents",
  schema: EVENTS_SCHEMA,
  diagnostic: {
    categories: ["ServicePrincipalRiskEvents"],
    fields: [
      ["time", "TimeGenerated"],
      ["properties.servicePrincipalId", "ServicePrincipalId"],
      ["properties.servicePrincipalDisplayName", "ServicePrincipalDisplayName"],
      ["properties.appId", "AppId"],
      ["properties.riskEventType", "RiskEventType"],
      ["properties.riskLevel", "RiskLevel"],
      ["properties.detectedDateTime", "DetectedDateTime"],
    ],
  },
  graph: {
    resource: "servicePrincipalRiskDetection",
    fields: [
      ["lastUpdatedDateTime", "TimeGenerated"],
      ["servicePrincipalId", "ServicePrincipalId"],
      ["servicePrincipalDisplayName", "ServicePrincipalDisplayName"],
      ["appId", "AppId"],
      ["riskEventType", "RiskEventType"],
      ["riskLevel", "RiskLevel"],
      ["detectedDateTime", "DetectedDateTime"],
    ],
  },
  logAnalytics: {
    fromTable: "AADServicePrincipalRiskEvents",
    fields: [
      ["TimeGenerated", "TimeGenerated"],
      ["ServicePrincipalId", "ServicePrincipalId"],
      ["ServicePrincipalDisplayName", "ServicePrincipalDisplayName"],
      ["AppId", "AppId"],
      ["RiskEventType", "RiskEventType"],
      ["RiskLevel", "RiskLevel"],
      ["DetectedDateTime", "DetectedDateTime"],
    ],
  },
};
