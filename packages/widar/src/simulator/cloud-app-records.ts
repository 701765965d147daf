/**
 * CloudAppEvents records (Microsoft Defender for Cloud Apps' Microsoft 365 connector): an
 * application's own activity in SharePoint Online. App-only access to SharePoint is audited as the
 * user `app@sharepoint`, with the calling application in `ApplicationId` and its token in
 * `AppAccessContext`; Defender for Cloud Apps copies the app id to `OAuthAppId` and keeps the
 * unified audit record whole in `RawEventData`.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import type { Row } from "./tables.js";
import type { Egress, ServicePrincipal } from "./tenant-model.js";

/** Defender for Cloud Apps' ids of the Microsoft 365 services (the `ApplicationId` column). */
export const CLOUD_APP_IDS = {
  "Microsoft SharePoint Online": 20892,
  "Microsoft Exchange Online": 20893,
} as const;

/** Unified audit log RecordType of SharePoint file operations. */
const SHAREPOINT_FILE_OPERATION = 6;
const APP_ONLY_USER = "app@sharepoint";
/** SharePoint Online's own first-party application id: the issuer half of the app-only claim. */
const SHAREPOINT_APP_ID = "00000003-0000-0ff1-ce00-000000000000";

export interface SharePointSite {
  /** `https://contoso.sharepoint.com/sites/Finance` */
  readonly url: string;
  readonly siteId: string;
  readonly webId: string;
  readonly listId: string;
}

export interface SharePointFileEventInput {
  readonly t: number;
  readonly sp: ServicePrincipal;
  /** uti of the token the app presented. */
  readonly uti: string;
  readonly egress: Egress;
  readonly userAgent: string;
  readonly action: "FileDownloaded" | "FileAccessed";
  readonly site: SharePointSite;
  /** Folder under the site, e.g. `Shared Documents/Board`. */
  readonly folder: string;
  readonly fileName: string;
}

/** The audit record's CreationTime: UTC, whole seconds, no zone designator. */
const creationTime = (t: number): string => iso(t).slice(0, 19);

export function sharePointFileEvent(env: RecordEnv, p: SharePointFileEventInput): Row {
  const { rng, tenant } = env;
  const fileUrl = `${p.site.url}/${p.folder}/${p.fileName}`;
  const extension = p.fileName.includes(".") ? p.fileName.slice(p.fileName.lastIndexOf(".") + 1) : "";
  const correlationId = rng.guid();
  const auditId = rng.guid();
  const raw = {
    AppAccessContext: { ClientAppId: p.sp.appId, ClientAppName: p.sp.displayName, CorrelationId: correlationId, UniqueTokenId: p.uti },
    CreationTime: creationTime(p.t),
    Id: auditId,
    Operation: p.action,
    OrganizationId: tenant.id,
    RecordType: SHAREPOINT_FILE_OPERATION,
    UserKey: `i:0i.t|${SHAREPOINT_APP_ID}|${APP_ONLY_USER}`,
    UserType: 0,
    Version: 1,
    Workload: "SharePoint",
    ClientIP: p.egress.ip,
    ObjectId: fileUrl,
    UserId: APP_ONLY_USER,
    ApplicationId: p.sp.appId,
    CorrelationId: correlationId,
    EventSource: "SharePoint",
    ItemType: "File",
    ListId: p.site.listId,
    ListItemUniqueId: rng.guid(),
    Site: p.site.siteId,
    UserAgent: p.userAgent,
    WebId: p.site.webId,
    SourceFileExtension: extension,
    SiteUrl: `${p.site.url}/`,
    SourceFileName: p.fileName,
    SourceRelativeUrl: p.folder,
  };
  const prefix = p.egress.prefix;
  return {
    TimeGenerated: iso(p.t),
    ActionType: p.action,
    Application: "Microsoft SharePoint Online",
    ApplicationId: CLOUD_APP_IDS["Microsoft SharePoint Online"],
    AccountObjectId: "",
    AccountId: APP_ONLY_USER,
    AccountDisplayName: p.sp.displayName,
    AccountType: "Application",
    IsAdminOperation: false,
    DeviceType: "",
    OSPlatform: "",
    IPAddress: p.egress.ip,
    IsAnonymousProxy: false,
    CountryCode: prefix.country,
    City: prefix.city,
    ISP: prefix.isp,
    UserAgent: p.userAgent,
    ActivityType: p.action === "FileDownloaded" ? "Download" : "Access",
    ActivityObjects: [
      { Type: "File", Role: "Target object", Name: p.fileName, Id: fileUrl },
      { Type: "Folder", Role: "Parent object", Name: p.folder.slice(p.folder.lastIndexOf("/") + 1), Id: `${p.site.url}/${p.folder}` },
      { Type: "Site", Role: "Parent object", Name: p.site.url.slice(p.site.url.lastIndexOf("/") + 1), Id: p.site.siteId },
    ],
    ObjectName: fileUrl,
    ObjectType: "File",
    ObjectId: fileUrl,
    ReportId: auditId,
    AppInstanceId: 0,
    IsExternalUser: false,
    IsImpersonated: false,
    IPTags: [],
    IPCategory: "",
    UserAgentTags: [],
    RawEventData: raw,
    AdditionalFields: {},
    AuditSource: "",
    SessionData: {},
    OAuthAppId: p.sp.appId,
    TenantId: tenant.id,
    SourceSystem: "",
    Type: "CloudAppEvents",
  };
}
