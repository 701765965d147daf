/**
 * Well-known Entra ID objects every tenant shares: Microsoft's first-party application ids,
 * Microsoft Graph's application-permission (app role) ids, delegated scopes and directory role
 * template ids. These are the real, global identifiers, so a rule or a triage step that matches
 * on "00000003-0000-0000-c000-000000000000" or "9e3f62cf-…" sees in simulated data what it would
 * see in a real tenant.
 */

/** The tenant that owns Microsoft's first-party applications. */
export const MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

export interface FirstPartyApp {
  readonly appId: string;
  readonly displayName: string;
  /** A resource API (has a service principal that tokens are issued for) vs a client. */
  readonly role: "resource" | "client";
}

export const FIRST_PARTY_APPS = {
  graph: { appId: "00000003-0000-0000-c000-000000000000", displayName: "Microsoft Graph", role: "resource" },
  exchange: { appId: "00000002-0000-0ff1-ce00-000000000000", displayName: "Office 365 Exchange Online", role: "resource" },
  sharepoint: { appId: "00000003-0000-0ff1-ce00-000000000000", displayName: "Office 365 SharePoint Online", role: "resource" },
  arm: { appId: "797f4846-ba00-4fd7-ba43-dac1f8f63013", displayName: "Windows Azure Service Management API", role: "resource" },
  keyVault: { appId: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093", displayName: "Azure Key Vault", role: "resource" },
  storage: { appId: "e406a681-f3d4-42a8-90b6-c2b029497af1", displayName: "Azure Storage", role: "resource" },
  managementApis: { appId: "c5393580-f805-4401-95e8-94b7a6ef2fc2", displayName: "Office 365 Management APIs", role: "resource" },
  azurePortal: { appId: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", displayName: "Azure Portal", role: "client" },
  graphPowerShell: { appId: "14d82eec-204b-4c2f-b7e8-296a70dab67e", displayName: "Microsoft Graph Command Line Tools", role: "client" },
  azureCli: { appId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", displayName: "Microsoft Azure CLI", role: "client" },
  azurePowerShell: { appId: "1950a258-227b-4e31-a9cf-717495945fc2", displayName: "Microsoft Azure PowerShell", role: "client" },
  teams: { appId: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", displayName: "Microsoft Teams", role: "client" },
  office: { appId: "4765445b-32c6-49b0-83e6-1d93765276ca", displayName: "OfficeHome", role: "client" },
  outlookMobile: { appId: "27922004-5251-4030-b22d-91ecd9a37ea4", displayName: "Outlook Mobile", role: "client" },
} as const satisfies Record<string, FirstPartyApp>;

export type FirstPartyKey = keyof typeof FIRST_PARTY_APPS;

export interface GraphAppRole {
  readonly id: string;
  readonly value: string;
  readonly displayName: string;
  /** Grants control of the directory itself (roles, apps, app role assignments): CRED-08's list. */
  readonly privileged: boolean;
  /** Reads or writes data a breach is about (mail, files, users): RULE-17's list (superset of privileged). */
  readonly sensitive: boolean;
}

const role = (id: string, value: string, displayName: string, privileged: boolean, sensitive: boolean): GraphAppRole => ({
  id,
  value,
  displayName,
  privileged,
  sensitive: sensitive || privileged,
});

/** Microsoft Graph application permissions by value. */
export const GRAPH_APP_ROLES: Readonly<Record<string, GraphAppRole>> = Object.fromEntries(
  [
    role("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "RoleManagement.ReadWrite.Directory", "Read and write all directory RBAC settings", true, true),
    role("06b708a9-e830-4db3-a914-8e69da51d44f", "AppRoleAssignment.ReadWrite.All", "Manage app permission grants and app role assignments", true, true),
    role("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All", "Read and write all applications", true, true),
    role("19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Directory.ReadWrite.All", "Read and write directory data", true, true),
    role("18a4783c-866b-4cc7-a460-3d5e5662c884", "Application.ReadWrite.OwnedBy", "Manage apps that this app creates or owns", false, false),
    role("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All", "Read directory data", false, false),
    role("df021288-bdef-4463-88db-98f22de89214", "User.Read.All", "Read all users' full profiles", false, false),
    role("5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All", "Read all groups", false, false),
    role("741f803b-c850-494e-b5df-cde7c675a1ca", "User.ReadWrite.All", "Read and write all users' full profiles", false, true),
    role("dbaae8cf-10b5-4b86-a4a1-f871c94c6695", "GroupMember.ReadWrite.All", "Read and write all group memberships", false, true),
    role("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read", "Read mail in all mailboxes", false, true),
    role("e2a3a72e-5f79-4c64-b1b1-878b674786c9", "Mail.ReadWrite", "Read and write mail in all mailboxes", false, true),
    role("b633e1c5-b582-4048-a93e-9f11b44c7e96", "Mail.Send", "Send mail as any user", false, true),
    role("332a536c-c7ef-4017-ab91-336970924f0d", "Sites.Read.All", "Read items in all site collections", false, false),
    role("a82116e5-55eb-4c41-a434-62fe8a61c773", "Sites.FullControl.All", "Have full control of all site collections", false, true),
    role("75359482-378d-4052-8f01-80520e7db3cd", "Files.ReadWrite.All", "Read and write files in all site collections", false, true),
    role("230c1aed-a721-4c5d-9cb4-a90514e508ef", "Reports.Read.All", "Read all usage reports", false, false),
    role("b0afded3-3588-46d8-8b3d-9842eff778da", "AuditLog.Read.All", "Read all audit log data", false, false),
    role("798ee544-9d2d-430c-a058-570e29e34338", "Calendars.Read", "Read calendars in all mailboxes", false, false),
  ].map((r) => [r.value, r]),
);

export function graphRole(value: string): GraphAppRole {
  const r = GRAPH_APP_ROLES[value];
  if (r === undefined) throw new Error(`unknown Graph app role ${value}`);
  return r;
}

/** Delegated Graph scopes an admin consent to which CRED-09 treats as high-risk. */
export const HIGH_RISK_DELEGATED_SCOPES: ReadonlySet<string> = new Set([
  "Mail.Read",
  "Mail.ReadWrite",
  "Mail.Send",
  "Files.ReadWrite.All",
  "Sites.FullControl.All",
  "Directory.AccessAsUser.All",
  "Directory.ReadWrite.All",
  "RoleManagement.ReadWrite.Directory",
  "Application.ReadWrite.All",
  "User.ReadWrite.All",
]);

/** The everyday scopes users consent to themselves. */
export const LOW_RISK_DELEGATED_SCOPES = ["openid", "profile", "email", "offline_access", "User.Read"] as const;

export interface DirectoryRole {
  readonly templateId: string;
  readonly displayName: string;
  /** The role's legacy name, which "Add member to role" records carry as `Role.WellKnownObjectName`. */
  readonly wellKnownObjectName?: string;
}

export const DIRECTORY_ROLES = {
  globalAdmin: { templateId: "62e90394-69f5-4237-9190-012177145e10", displayName: "Global Administrator", wellKnownObjectName: "TenantAdmins" },
  appAdmin: { templateId: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", displayName: "Application Administrator" },
  cloudAppAdmin: { templateId: "158c047a-c907-4556-b7ef-446551a6b5f7", displayName: "Cloud Application Administrator" },
  privRoleAdmin: {
    templateId: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    displayName: "Privileged Role Administrator",
    wellKnownObjectName: "PrivilegedRoleAdmins",
  },
  securityAdmin: { templateId: "194ae4cb-b126-40b2-bd5b-6091b380977d", displayName: "Security Administrator" },
  userAdmin: { templateId: "fe930be7-5e62-47db-91af-98c3a49a38b1", displayName: "User Administrator", wellKnownObjectName: "UserAccountAdmins" },
} as const satisfies Record<string, DirectoryRole>;

/** Issuers of federated identity credentials, by CI system. */
export const FIC_ISSUERS = {
  github: "https://token.actions.githubusercontent.com",
  azureDevOps: "https://vstoken.dev.azure.com/",
  terraformCloud: "https://app.terraform.io",
} as const;

/** Entra's Identity Protection risk event types for workload identities. */
export const WORKLOAD_RISK_EVENT_TYPES = [
  "investigationsThreatIntelligence",
  "suspiciousSignins",
  "leakedCredentials",
  "maliciousApplication",
  "suspiciousApplication",
  "anomalousServicePrincipalActivity",
  "suspiciousAPITraffic",
  "adminConfirmedServicePrincipalCompromised",
] as const;

export type WorkloadRiskEventType = (typeof WORKLOAD_RISK_EVENT_TYPES)[number];
