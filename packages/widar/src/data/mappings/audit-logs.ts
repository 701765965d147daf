/**
 * AuditLogs ← diagnostic category `AuditLogs` and Graph `/auditLogs/directoryAudits`.
 *
 * Diagnostic record (Microsoft Entra "audit logs schema in Azure Monitor"): the envelope's
 * `time`, `operationName`, `correlationId`, `identity`, `level` ("Informational"), `tenantId`,
 * and `properties`, which is the Graph directoryAudit object. Older exports write
 * `properties.result` as the enumeration's code (0 = success), hence `codes`.
 * LA `Category` is the audit category (`properties.category`: ApplicationManagement, ...), not
 * the diagnostic category. `Resource` / `ResourceGroup` / `ResourceProvider` are what ingestion derives from the
 * tenant-scoped `resourceId` (`/tenants/{id}/providers/Microsoft.aadiam`).
 */
import type { TableMapping } from "./types.js";

const RESULT_CODES = { "0": "success", "1": "failure", "2": "timeout", "3": "unknownFutureValue" };

export const AUDIT_LOGS: TableMapping = {
  table: "AuditLogs",
  diagnostic: {
    categories: ["AuditLogs"],
    fields: [
      ["time", "TimeGenerated"],
      ["resourceId", "ResourceId"],
      ["operationName", "OperationName"],
      ["operationVersion", "OperationVersion"],
      ["properties.category", "Category"],
      ["resultType", "ResultType"],
      ["resultSignature", "ResultSignature"],
      ["resultDescription", "ResultDescription"],
      ["durationMs", "DurationMs"],
      ["correlationId", "CorrelationId"],
      ["properties.correlationId", "CorrelationId"],
      ["identity", "Identity"],
      ["level", "Level"],
      ["Level", "Level"],
      ["location", "Location"],
      ["tenantId", "AADTenantId"],
      ["properties.id", "Id"],
      ["properties.activityDisplayName", "ActivityDisplayName"],
      ["properties.activityDateTime", "ActivityDateTime"],
      ["properties.loggedByService", "LoggedByService"],
      ["properties.operationType", "AADOperationType"],
      ["properties.result", "Result"],
      ["properties.resultReason", "ResultReason"],
      ["properties.initiatedBy", "InitiatedBy"],
      ["properties.targetResources", "TargetResources"],
      ["properties.additionalDetails", "AdditionalDetails"],
    ],
    constants: { Resource: "Microsoft.aadiam", ResourceGroup: "Microsoft.aadiam", ResourceProvider: "Microsoft.aadiam", SourceSystem: "Azure AD", Type: "AuditLogs" },
    codes: { Result: RESULT_CODES },
    numeric: ["durationMs"],
  },
  graph: {
    resource: "directoryAudit",
    fields: [
      ["activityDateTime", "TimeGenerated"],
      ["activityDateTime", "ActivityDateTime"],
      ["id", "Id"],
      ["category", "Category"],
      ["correlationId", "CorrelationId"],
      ["activityDisplayName", "ActivityDisplayName"],
      ["activityDisplayName", "OperationName"],
      ["loggedByService", "LoggedByService"],
      ["operationType", "AADOperationType"],
      ["result", "Result"],
      ["resultReason", "ResultReason"],
      ["initiatedBy", "InitiatedBy"],
      ["targetResources", "TargetResources"],
      ["additionalDetails", "AdditionalDetails"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AuditLogs" },
    codes: { Result: RESULT_CODES },
  },
};
