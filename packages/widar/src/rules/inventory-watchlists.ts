/**
 * The two inventory watchlists some rules read, built from a Graph-shaped tenant document (what
 * `widar simulate` writes as tenant.json; in production, the same fields from Microsoft Graph):
 *
 *   WorkloadIdentityInventory  ServicePrincipalId, AppId, DisplayName, Tier, Permissions, OwnerIds
 *     Tier is "privileged" for an identity holding a directory-control Graph app role, "sensitive"
 *     for one holding a data permission from SENSITIVE_APP_ROLES, else empty. CRED-02, CRED-10 and
 *     RULE-25 read it.
 *   AppCredentialInventory     KeyId, AppId, KeyType, DisplayName, StartDateTime, EndDateTime
 *     One row per password or certificate credential. CRED-06 reads it.
 *
 * Logs cannot tell which service principals are privileged (grants older than the retention are
 * gone) or when a secret expires (AuditLogs never record it): these facts only exist in Graph.
 */

/** Graph application permissions that control the directory (CRED-08's list). */
export const DIRECTORY_CONTROL_APP_ROLES: readonly string[] = [
  "RoleManagement.ReadWrite.Directory",
  "AppRoleAssignment.ReadWrite.All",
  "Application.ReadWrite.All",
  "Directory.ReadWrite.All",
  "PrivilegedAccess.ReadWrite.AzureAD",
  "Policy.ReadWrite.ConditionalAccess",
  "UserAuthenticationMethod.ReadWrite.All",
  "Domain.ReadWrite.All",
];

/** Graph application permissions over data a breach is about (RULE-17's list, less directory control). */
export const SENSITIVE_APP_ROLES: readonly string[] = [
  "Mail.Read",
  "Mail.ReadWrite",
  "Mail.Send",
  "MailboxSettings.ReadWrite",
  "Files.Read.All",
  "Files.ReadWrite.All",
  "Sites.Read.All",
  "Sites.ReadWrite.All",
  "Sites.FullControl.All",
  "User.ReadWrite.All",
  "Group.ReadWrite.All",
  "GroupMember.ReadWrite.All",
  "Calendars.ReadWrite",
  "Contacts.ReadWrite",
  "ChannelMessage.Read.All",
  "Chat.Read.All",
  "Application.ReadWrite.OwnedBy",
];

interface TenantDocument {
  readonly servicePrincipals?: readonly {
    readonly id: string;
    readonly appId: string;
    readonly displayName: string;
    readonly appRoles?: readonly { readonly value: string }[];
    readonly application?: {
      readonly owners?: readonly { readonly id: string }[];
      readonly credentials?: readonly {
        readonly keyId: string;
        readonly type: string;
        readonly displayName: string;
        readonly startDateTime: string | null;
        readonly endDateTime: string | null;
      }[];
    } | null;
  }[];
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\n")}\n`;
}

export function inventoryWatchlists(doc: unknown): { WorkloadIdentityInventory: string; AppCredentialInventory: string } {
  const sps = (doc as TenantDocument).servicePrincipals ?? [];
  const identities: string[][] = [];
  const credentials: string[][] = [];
  for (const sp of sps) {
    const roles = (sp.appRoles ?? []).map((r) => r.value);
    const privileged = roles.filter((r) => DIRECTORY_CONTROL_APP_ROLES.includes(r));
    const sensitive = roles.filter((r) => SENSITIVE_APP_ROLES.includes(r));
    const tier = privileged.length > 0 ? "privileged" : sensitive.length > 0 ? "sensitive" : "";
    const owners = (sp.application?.owners ?? []).map((o) => o.id);
    identities.push([sp.id, sp.appId, sp.displayName, tier, [...privileged, ...sensitive].join(";"), owners.join(";")]);
    for (const c of sp.application?.credentials ?? []) {
      if (c.type === "Federated") continue;
      credentials.push([c.keyId, sp.appId, c.type, c.displayName, c.startDateTime ?? "", c.endDateTime ?? ""]);
    }
  }
  return {
    WorkloadIdentityInventory: csv(["ServicePrincipalId", "AppId", "DisplayName", "Tier", "Permissions", "OwnerIds"], identities),
    AppCredentialInventory: csv(["KeyId", "AppId", "KeyType", "DisplayName", "StartDateTime", "EndDateTime"], credentials),
  };
}
