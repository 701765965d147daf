/**
 * AzureActivity ← the Azure Activity log as a subscription's diagnostic setting sends it to a
 * storage account (`insights-activity-logs`, one record per line) or an Event Hub
 * (`{"records":[...]}`): Microsoft's "Azure Activity Log event schema", section "Schema from
 * storage account and event hubs", which follows the resource-log schema and differs from both
 * the REST API's event and the Log Analytics table. No Graph API serves the Activity log.
 *
 * The record: `time` (the event's timestamp), `resourceId` and `operationName` (upper-cased by
 * ARM: `MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION`, which is LA's OperationNameValue),
 * `category` (the Activity log category: Administrative, Security, ServiceHealth, Alert,
 * Recommendation, Policy, Autoscale, ResourceHealth; exports written by the older log profiles
 * carry the operation's kind instead, Write / Delete / Action, all Administrative), `resultType`
 * (the status's value: Start, Accept, Success, Failure), `resultSignature` (`Succeeded.OK`),
 * `durationMs` (always 0), `callerIpAddress`, `correlationId`, `identity` {`authorization`,
 * `claims`}, `level` (`Information`, which LA shows as `Informational`), `location`, `tenantId`,
 * and `properties` (`eventCategory`, `entity`, `message`, `hierarchy`, `statusCode`,
 * `serviceRequestId`, `requestbody` / `responseBody`, ...), which is LA's Properties whole.
 *
 * What the export cannot carry stays empty (the round-trip test lists each with its reason):
 * - columns Log Analytics derives at ingestion: `ResourceGroup`, `SubscriptionId`,
 *   `_SubscriptionId`, `ResourceProvider(Value)`, `Resource` and the lower-cased `_ResourceId`
 *   (from `resourceId`); `Caller` (from the claims: UPN, else object id; claim names hold dots,
 *   which a mapping path cannot name); `TenantId` (the workspace);
 * - fields of the REST event the export drops: `EventDataId`, `EventSubmissionTimestamp`,
 *   `HTTPRequest`, and `OperationName`, the operation's localized display text;
 * - `OperationId`: the schema documents `properties.operationId`, read when present; exports
 *   seen in practice do not write it.
 * `ActivityStatus`, the status's display text, is the value's fixed counterpart (`Succeeded` for
 * `Success`, as `resultSignature` begins); values outside the table pass through.
 *
 * The REST event (`EventData`, the "Azure Activity Log event schema" REST section; the REST API's
 * `.../eventtypes/management/values`, `az monitor activity-log list`, the portal's JSON download)
 * is another shape again: `eventTimestamp` and `submissionTimestamp`, localizable strings as
 * `{value, localizedValue}` objects (`operationName`, `category`, `status`, `subStatus`,
 * `resourceProviderName`, `resourceType`, `eventName`), `caller`, `claims` and `authorization`
 * at the top, the caller's address in `httpRequest.clientIpAddress`, `resourceGroupName` and
 * `subscriptionId` spelled out. It carries what the storage export lacks (`Caller`,
 * `EventDataId`, `HTTPRequest`, the display `OperationName`, `ResourceGroup`) and lacks only
 * what ingestion derives (`_ResourceId`, `Hierarchy`, `TenantId`).
 */
import type { TableMapping } from "./types.js";

/**
 * Legacy (log profile) categories: the kind of the operation, every one of them Administrative.
 * These and the other names in `categories` are the Activity log's own; no Entra or Defender category
 * shares them, so a hub that mixes sources still routes each record to one table.
 */
const OPERATION_KINDS = { Write: "Administrative", Delete: "Administrative", Action: "Administrative" };

export const AZURE_ACTIVITY: TableMapping = {
  table: "AzureActivity",
  diagnostic: {
    categories: ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth", "Write", "Delete", "Action"],
    fields: [
      // `properties` whole before its members: export writes it as LA's Properties holds it, and
      // nothing inside it after that (the members below are read from it, not written).
      ["properties", "Properties_d"],
      ["properties", "Properties"],
      ["time", "TimeGenerated"],
      ["category", "Category"],
      ["properties.eventCategory", "CategoryValue"],
      ["category", "CategoryValue"],
      ["operationName", "OperationNameValue"],
      ["level", "Level"],
      ["resultType", "ActivityStatusValue"],
      ["resultType", "ActivityStatus"],
      ["properties.statusCode", "ActivitySubstatusValue"],
      ["properties.statusCode", "ActivitySubstatus"],
      ["correlationId", "CorrelationId"],
      ["callerIpAddress", "CallerIpAddress"],
      ["resourceId", "ResourceId"],
      ["properties.hierarchy", "Hierarchy"],
      ["properties.operationId", "OperationId"],
      ["identity.authorization", "Authorization_d"],
      ["identity.authorization", "Authorization"],
      ["identity.claims", "Claims_d"],
      ["identity.claims", "Claims"],
    ],
    constants: { SourceSystem: "Azure", Type: "AzureActivity" },
    codes: {
      Category: OPERATION_KINDS,
      CategoryValue: OPERATION_KINDS,
      Level: { Information: "Informational" },
      ActivityStatus: { Start: "Started", Accept: "Accepted", Success: "Succeeded", Failure: "Failed" },
    },
  },
  activityEvent: {
    fields: [
      ["properties", "Properties_d"],
      ["properties", "Properties"],
      ["eventTimestamp", "TimeGenerated"],
      ["submissionTimestamp", "EventSubmissionTimestamp"],
      ["category.value", "Category"],
      ["category.value", "CategoryValue"],
      ["operationName.value", "OperationNameValue"],
      ["operationName.localizedValue", "OperationName"],
      ["level", "Level"],
      ["status.value", "ActivityStatusValue"],
      ["status.localizedValue", "ActivityStatus"],
      ["subStatus.value", "ActivitySubstatusValue"],
      ["subStatus.localizedValue", "ActivitySubstatus"],
      ["caller", "Caller"],
      ["correlationId", "CorrelationId"],
      ["eventDataId", "EventDataId"],
      ["operationId", "OperationId"],
      ["httpRequest.clientIpAddress", "CallerIpAddress"],
      ["httpRequest", "HTTPRequest"],
      ["resourceId", "ResourceId"],
      ["resourceGroupName", "ResourceGroup"],
      ["resourceProviderName.value", "ResourceProviderValue"],
      ["resourceProviderName.localizedValue", "ResourceProvider"],
      ["subscriptionId", "SubscriptionId"],
      ["authorization", "Authorization_d"],
      ["authorization", "Authorization"],
      ["claims", "Claims_d"],
      ["claims", "Claims"],
    ],
    constants: { SourceSystem: "Azure", Type: "AzureActivity" },
  },
};
