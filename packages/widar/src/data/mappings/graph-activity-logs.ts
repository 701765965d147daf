/**
 * MicrosoftGraphActivityLogs ← diagnostic category `MicrosoftGraphActivityLogs` (Microsoft Entra
 * diagnostic settings; "Access Microsoft Graph activity logs"). Graph has no API for its own
 * activity log: this table has no Graph source.
 *
 * The record: the Azure Monitor envelope (`time`, `resourceId` of the tenant, `operationName`
 * "Microsoft Graph Activity", `operationVersion` = the API version, `category`, `tenantId`,
 * `resultSignature` = the HTTP status as text, `durationMs` (text in some exports),
 * `callerIpAddress`, `correlationId` = the request id, `level`, `location` = the serving region)
 * and `properties`, one member per Log Analytics column, named in camelCase (`requestId`,
 * `signInActivityId`, `ipAddress`, `roles`, `wids`, `tokenIssuedAt`, ...; `tenantId` is the
 * Entra tenant, LA's `AadTenantId`). `clientAuthMethod` arrives as text ("2"), the engine
 * coerces it to the int column. The envelope repeats a few properties: it is read where
 * `properties` lacks them (records carrying only the UDI required fields).
 * - `sessionId`, `deviceId`, `uniqueTokenId`, `atContent` appear in no published sample: read
 *   because the table has the columns and the pipeline names properties after them (as
 *   `atContent`, which Google's parser documentation maps).
 * - Not carried: `TenantId` (the workspace, assigned at ingestion); `ATContentH` / `ATContentP`
 *   (reserved, in no export). Members the table has no column for (`isReplay`, `C_Idtyp`,
 *   `UserPrincipalObjectID`, `policyEvaluated`, `__UDI_RequiredFields_*`) are reported unread.
 */
import type { TableMapping } from "./types.js";

export const GRAPH_ACTIVITY_LOGS: TableMapping = {
  table: "MicrosoftGraphActivityLogs",
  diagnostic: {
    categories: ["MicrosoftGraphActivityLogs"],
    fields: [
      ["time", "TimeGenerated"],
      ["properties.timeGenerated", "TimeGenerated"],
      ["properties.tenantId", "AadTenantId"],
      ["tenantId", "AadTenantId"],
      ["properties.apiVersion", "ApiVersion"],
      ["operationVersion", "ApiVersion"],
      ["properties.appId", "AppId"],
      ["properties.atContent", "ATContent"],
      ["properties.clientAuthMethod", "ClientAuthMethod"],
      ["properties.clientRequestId", "ClientRequestId"],
      ["properties.deviceId", "DeviceId"],
      ["properties.durationMs", "DurationMs"],
      ["durationMs", "DurationMs"],
      ["properties.identityProvider", "IdentityProvider"],
      ["properties.ipAddress", "IPAddress"],
      ["callerIpAddress", "IPAddress"],
      ["properties.location", "Location"],
      ["location", "Location"],
      ["properties.operationId", "OperationId"],
      ["properties.requestId", "RequestId"],
      ["correlationId", "RequestId"],
      ["properties.requestMethod", "RequestMethod"],
      ["properties.requestUri", "RequestUri"],
      ["properties.responseSizeBytes", "ResponseSizeBytes"],
      ["properties.responseStatusCode", "ResponseStatusCode"],
      ["resultSignature", "ResponseStatusCode"],
      ["properties.roles", "Roles"],
      ["properties.scopes", "Scopes"],
      ["properties.servicePrincipalId", "ServicePrincipalId"],
      ["properties.sessionId", "SessionId"],
      ["properties.signInActivityId", "SignInActivityId"],
      ["properties.tokenIssuedAt", "TokenIssuedAt"],
      ["properties.uniqueTokenId", "UniqueTokenId"],
      ["properties.userAgent", "UserAgent"],
      ["properties.userId", "UserId"],
      ["properties.wids", "Wids"],
    ],
    constants: { SourceSystem: "Azure", Type: "MicrosoftGraphActivityLogs" },
    numeric: ["properties.durationMs", "properties.responseSizeBytes", "properties.responseStatusCode"],
    sourceConstants: { operationName: "Microsoft Graph Activity" },
  },
};
