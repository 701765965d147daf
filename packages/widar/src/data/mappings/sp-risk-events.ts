/**
 * AADServicePrincipalRiskEvents ← diagnostic category `ServicePrincipalRiskEvents` and Graph
 * `/identityProtection/servicePrincipalRiskDetections`.
 *
 * `properties` is the Graph servicePrincipalRiskDetection object. As in UserRiskEvents, the
 * envelope's `correlationId` repeats the detection's id; the sign-in's correlation id, which
 * Log Analytics keeps as `CorrelationId`, is `properties.correlationId`. `additionalInfo` is a
 * JSON string (`[{"Key":...,"Value":...}]`) that Log Analytics stores parsed (dynamic).
 * Graph has no event time: a detection's record is written when it is last updated.
 */
import type { TableMapping } from "./types.js";

export const SP_RISK_EVENTS: TableMapping = {
  table: "AADServicePrincipalRiskEvents",
  diagnostic: {
    categories: ["ServicePrincipalRiskEvents"],
    fields: [
      ["time", "TimeGenerated"],
      ["operationName", "OperationName"],
      ["properties.id", "Id"],
      ["properties.activity", "Activity"],
      ["properties.activityDateTime", "ActivityDateTime"],
      ["properties.additionalInfo", "AdditionalInfo"],
      ["properties.appId", "AppId"],
      ["properties.correlationId", "CorrelationId"],
      ["properties.detectedDateTime", "DetectedDateTime"],
      ["properties.detectionTimingType", "DetectionTimingType"],
      ["properties.ipAddress", "IpAddress"],
      ["properties.keyIds", "KeyIds"],
      ["properties.lastUpdatedDateTime", "LastUpdatedDateTime"],
      ["properties.location", "Location"],
      ["properties.requestId", "RequestId"],
      ["properties.riskDetail", "RiskDetail"],
      ["properties.riskEventType", "RiskEventType"],
      ["properties.riskLevel", "RiskLevel"],
      ["properties.riskState", "RiskState"],
      ["properties.servicePrincipalDisplayName", "ServicePrincipalDisplayName"],
      ["properties.servicePrincipalId", "ServicePrincipalId"],
      ["properties.source", "Source"],
      ["properties.tokenIssuerType", "TokenIssuerType"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADServicePrincipalRiskEvents" },
  },
  graph: {
    resource: "servicePrincipalRiskDetection",
    fields: [
      ["lastUpdatedDateTime", "TimeGenerated"],
      ["lastUpdatedDateTime", "LastUpdatedDateTime"],
      ["id", "Id"],
      ["activity", "Activity"],
      ["activityDateTime", "ActivityDateTime"],
      ["additionalInfo", "AdditionalInfo"],
      ["appId", "AppId"],
      ["correlationId", "CorrelationId"],
      ["detectedDateTime", "DetectedDateTime"],
      ["detectionTimingType", "DetectionTimingType"],
      ["ipAddress", "IpAddress"],
      ["keyIds", "KeyIds"],
      ["location", "Location"],
      ["requestId", "RequestId"],
      ["riskDetail", "RiskDetail"],
      ["riskEventType", "RiskEventType"],
      ["riskLevel", "RiskLevel"],
      ["riskState", "RiskState"],
      ["servicePrincipalDisplayName", "ServicePrincipalDisplayName"],
      ["servicePrincipalId", "ServicePrincipalId"],
      ["source", "Source"],
      ["tokenIssuerType", "TokenIssuerType"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADServicePrincipalRiskEvents" },
  },
};
