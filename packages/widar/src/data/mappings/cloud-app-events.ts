/**
 * CloudAppEvents ← the Microsoft Defender XDR streaming API, to a storage account (one blob
 * container per event type, one record per line) or an Event Hub (`{"records":[...]}`):
 * "Stream Microsoft Defender XDR events to your storage account / Event Hubs". There is no
 * Graph source: the Graph security hunting API returns query results, not this table.
 *
 * The record: `time` (when Defender XDR received the event), `tenantId`, `operationName`
 * ("Publish"), `category` (the Advanced Hunting table with the prefix: `AdvancedHunting-
 * CloudAppEvents`) and `properties`, the Advanced Hunting event, its columns in PascalCase as
 * the CloudAppEvents schema names them. Log Analytics calls the event's `Timestamp`
 * `TimeGenerated` (the envelope's `time` is read only when it is missing), and keeps it as `Timestamp` too,
 * as the Defender XDR connector's copy does (Advanced Hunting queries filter on it). The schema reference
 * spells the provider column `Isp`, streamed events `ISP` (LA's name): both are read.
 * Not carried: `TenantId` (the workspace). `LastSeenForUser` / `UncommonForUser` are read into
 * LA's columns of those names.
 */
import type { TableMapping } from "./types.js";

export const CLOUD_APP_EVENTS: TableMapping = {
  table: "CloudAppEvents",
  diagnostic: {
    categories: ["AdvancedHunting-CloudAppEvents"],
    fields: [
      ["properties.Timestamp", "TimeGenerated"],
      ["properties.Timestamp", "Timestamp"],
      ["time", "TimeGenerated"],
      ["properties.ActionType", "ActionType"],
      ["properties.Application", "Application"],
      ["properties.ApplicationId", "ApplicationId"],
      ["properties.AccountObjectId", "AccountObjectId"],
      ["properties.AccountId", "AccountId"],
      ["properties.AccountDisplayName", "AccountDisplayName"],
      ["properties.AccountType", "AccountType"],
      ["properties.IsAdminOperation", "IsAdminOperation"],
      ["properties.DeviceType", "DeviceType"],
      ["properties.OSPlatform", "OSPlatform"],
      ["properties.IPAddress", "IPAddress"],
      ["properties.IsAnonymousProxy", "IsAnonymousProxy"],
      ["properties.CountryCode", "CountryCode"],
      ["properties.City", "City"],
      ["properties.ISP", "ISP"],
      ["properties.Isp", "ISP"],
      ["properties.UserAgent", "UserAgent"],
      ["properties.ActivityType", "ActivityType"],
      ["properties.ActivityObjects", "ActivityObjects"],
      ["properties.ObjectName", "ObjectName"],
      ["properties.ObjectType", "ObjectType"],
      ["properties.ObjectId", "ObjectId"],
      ["properties.ReportId", "ReportId"],
      ["properties.AppInstanceId", "AppInstanceId"],
      ["properties.IsExternalUser", "IsExternalUser"],
      ["properties.IsImpersonated", "IsImpersonated"],
      ["properties.IPTags", "IPTags"],
      ["properties.IPCategory", "IPCategory"],
      ["properties.UserAgentTags", "UserAgentTags"],
      ["properties.RawEventData", "RawEventData"],
      ["properties.AdditionalFields", "AdditionalFields"],
      ["properties.LastSeenForUser", "LastSeenForUser"],
      ["properties.UncommonForUser", "UncommonForUser"],
      ["properties.AuditSource", "AuditSource"],
      ["properties.SessionData", "SessionData"],
      ["properties.OAuthAppId", "OAuthAppId"],
    ],
    constants: { Type: "CloudAppEvents" },
    numeric: ["properties.ApplicationId", "properties.AppInstanceId"],
    sourceConstants: { operationName: "Publish" },
  },
};
