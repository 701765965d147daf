/**
 * One function per Entra directory operation the simulator writes, producing the AuditLogs
 * record(s) exactly as Entra shapes that operation: the OperationName string (with Entra's en
 * dash and trailing space where it has them), which object is `TargetResources[0]` (for app role
 * assignments and delegated grants it is the *resource* SP, e.g. Microsoft Graph, not the client)
 * and the modified properties. Benign behaviour and attack scenarios both build from these, so an
 * attack differs from routine work only in who, when, from where and to what.
 */
import {
  type Initiator,
  type ModifiedProperty,
  type RecordEnv,
  type TargetResource,
  auditRecord,
  included,
  iso,
  prop,
  targetApp,
  targetSp,
  targetUser,
} from "./audit-records.js";
import type { DirectoryRole, GraphAppRole } from "./directory-catalog.js";
import type { Row } from "./tables.js";
import type { Application, Credential, ServicePrincipal, User } from "./tenant-model.js";

export const OP = {
  addApplication: "Add application",
  addServicePrincipal: "Add service principal",
  addSpCredentials: "Add service principal credentials",
  appCredentials: "Update application – Certificates and secrets management ",
  updateApplication: "Update application",
  updateServicePrincipal: "Update service principal",
  addAppRoleAssignment: "Add app role assignment to service principal",
  addDelegatedGrant: "Add delegated permission grant",
  consent: "Consent to application",
  addOwner: "Add owner to application",
  pimRequested: "Add member to role requested (PIM activation)",
  pimCompleted: "Add member to role completed (PIM activation)",
  deleteApplication: "Delete application",
  removeServicePrincipal: "Remove service principal",
  updateUser: "Update user",
  addMemberToGroup: "Add member to group",
  addMemberToRole: "Add member to role",
  updateCaPolicy: "Update conditional access policy",
  // Everyday directory churn on users, groups and devices (user-group-device-operations.ts).
  removeMemberFromGroup: "Remove member from group",
  updateGroup: "Update group",
  addDevice: "Add device",
  registerDevice: "Register device",
  updateDevice: "Update device",
  addRegisteredOwner: "Add registered owner to device",
  addRegisteredUser: "Add registered users to device",
  revokeRefreshTokens: "Update StsRefreshTokenValidFrom Timestamp",
  resetPassword: "Reset user password",
  changePassword: "Change user password",
  addUserAppRole: "Add app role assignment grant to user",
  removeUserAppRole: "Remove app role assignment from user",
} as const;

/** A minimal application object: enough for audit targets (scenario-created apps have no history). */
export type AppRef = Pick<Application, "objectId" | "appId" | "displayName">;

/** How Entra describes one password or certificate credential in `KeyDescription`. */
export function keyDescription(c: Credential): string {
  return `[KeyIdentifier=${c.keyId}, KeyType=${c.type}, KeyUsage=Verify, DisplayName=${c.displayName}]`;
}

const keys = (creds: readonly Credential[]): string[] => creds.filter((c) => c.type !== "Federated").map(keyDescription);

export interface Common {
  readonly t: number;
  readonly who: Initiator;
  readonly correlationId?: string;
  readonly result?: "success" | "failure";
  readonly resultReason?: string;
}

export const base = (c: Common) => ({
  t: c.t,
  initiator: c.who,
  ...(c.correlationId === undefined ? {} : { correlationId: c.correlationId }),
  ...(c.result === undefined ? {} : { result: c.result }),
  ...(c.resultReason === undefined ? {} : { resultReason: c.resultReason }),
});

export function addApplication(env: RecordEnv, c: Common & { app: AppRef }): Row {
  const props = included([
    prop("AppId", [], [c.app.appId]),
    prop("AvailableToOtherTenants", [], [false]),
    prop("DisplayName", [], [c.app.displayName]),
  ]);
  return auditRecord(env, {
    ...base(c),
    operation: OP.addApplication,
    category: "ApplicationManagement",
    operationType: "Add",
    targets: [targetApp(c.app, props)],
    details: [{ key: "AppId", value: c.app.appId }],
  });
}

/**
 * `credential`: the service principal is created with a password in the same call, as
 * `az ad sp create-for-rbac` does; Entra then logs the secret inside this record, as a
 * `Credential` modified property (`[{"CredentialType":2,"KeyStoreId":…,"KeyGroupId":…}]`, as a
 * published capture of Azure CLI 2.34's create-for-rbac shows), not as a separate credential
 * operation.
 */
export function addServicePrincipal(env: RecordEnv, c: Common & { sp: ServicePrincipal; credential?: boolean }): Row {
  const store = c.credential === true ? env.rng.guid() : undefined;
  const props = included([
    prop("AccountEnabled", [], [true]),
    prop("AppPrincipalId", [], [c.sp.appId]),
    prop("DisplayName", [], [c.sp.displayName]),
    prop("ServicePrincipalName", [], [c.sp.appId]),
    ...(store === undefined ? [] : [prop("Credential", [], [{ CredentialType: 2, KeyStoreId: store, KeyGroupId: store }])]),
  ]);
  return auditRecord(env, {
    ...base(c),
    operation: OP.addServicePrincipal,
    category: "ApplicationManagement",
    operationType: "Add",
    targets: [targetSp(c.sp, props)],
    details: [{ key: "AppId", value: c.sp.appId }],
  });
}

/** A key or certificate added to the service principal object itself (Graph `addKey`/`addPassword` on the SP). */
export function addSpCredentials(env: RecordEnv, c: Common & { sp: ServicePrincipal; before: readonly Credential[]; added: Credential }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.addSpCredentials,
    category: "ApplicationManagement",
    operationType: "Add",
    targets: [targetSp(c.sp, included([prop("KeyDescription", keys(c.before), keys([...c.before, c.added]))]))],
    details: [{ key: "AppId", value: c.sp.appId }],
  });
}

/** A secret or certificate added to or removed from the application object (portal "Certificates & secrets"). */
export function updateAppCredentials(
  env: RecordEnv,
  c: Common & { app: AppRef; before: readonly Credential[]; after: readonly Credential[] },
): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.appCredentials,
    category: "ApplicationManagement",
    operationType: "Update",
    targets: [targetApp(c.app, included([prop("KeyDescription", keys(c.before), keys(c.after))]))],
    details: [{ key: "AppId", value: c.app.appId }],
  });
}

export function updateApplication(env: RecordEnv, c: Common & { app: AppRef; props: readonly ModifiedProperty[] }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.updateApplication,
    category: "ApplicationManagement",
    operationType: "Update",
    targets: [targetApp(c.app, included(c.props))],
    details: [{ key: "AppId", value: c.app.appId }],
  });
}

/** The modified property Entra writes when a federated identity credential is added to an app. */
export function federatedCredentialProp(before: readonly Credential[], added: Credential): ModifiedProperty {
  const fic = (f: Credential) => ({
    Name: f.displayName,
    Issuer: f.issuer,
    Subject: f.subject,
    Audiences: ["api://AzureADTokenExchange"],
  });
  const old = before.filter((f) => f.type === "Federated").map(fic);
  return prop("FederatedIdentityCredentials", old, [...old, fic(added)]);
}

export function updateServicePrincipal(env: RecordEnv, c: Common & { sp: ServicePrincipal; props: readonly ModifiedProperty[] }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.updateServicePrincipal,
    category: "ApplicationManagement",
    operationType: "Update",
    targets: [targetSp(c.sp, included(c.props))],
    details: [{ key: "AppId", value: c.sp.appId }],
  });
}

/** Target 0 is the resource SP (e.g. Microsoft Graph); the client is named in its properties and as target 1. */
export function addAppRoleAssignment(
  env: RecordEnv,
  c: Common & { client: ServicePrincipal; resource: ServicePrincipal; role: GraphAppRole },
): Row {
  const when = iso(c.t);
  const props = [
    prop("AppRole.Id", undefined, c.role.id),
    prop("AppRole.Value", undefined, c.role.value),
    prop("AppRole.DisplayName", undefined, c.role.displayName),
    prop("AppRoleAssignment.CreatedDateTime", undefined, when),
    prop("AppRoleAssignment.LastModifiedDateTime", undefined, when),
    prop("ServicePrincipal.ObjectID", undefined, c.client.id),
    prop("ServicePrincipal.DisplayName", undefined, c.client.displayName),
    prop("ServicePrincipal.AppId", undefined, c.client.appId),
    prop("ServicePrincipal.Name", undefined, c.client.appId),
    prop("TargetId.ServicePrincipalNames", undefined, `${c.resource.appId};https://graph.microsoft.com`),
  ];
  return auditRecord(env, {
    ...base(c),
    operation: OP.addAppRoleAssignment,
    category: "ApplicationManagement",
    operationType: "Assign",
    targets: [targetSp(c.resource, props), targetSp(c.client)],
  });
}

/** Target 0 is the resource SP; the client SP follows with no display name, as Entra writes it. */
export function addDelegatedGrant(
  env: RecordEnv,
  c: Common & { client: ServicePrincipal; resource: ServicePrincipal; scope: string; oldScope?: string },
): Row {
  const props = [
    prop("DelegatedPermissionGrant.Scope", c.oldScope === undefined ? undefined : ` ${c.oldScope}`, ` ${c.scope}`),
    prop("ServicePrincipal.ObjectID", undefined, c.client.id),
  ];
  const client: TargetResource = { id: c.client.id, displayName: null, type: "ServicePrincipal", modifiedProperties: [] };
  return auditRecord(env, {
    ...base(c),
    operation: OP.addDelegatedGrant,
    category: "ApplicationManagement",
    operationType: "Assign",
    targets: [targetSp(c.resource, props), client],
  });
}

export function consentToApplication(
  env: RecordEnv,
  c: Common & { client: ServicePrincipal; resource: ServicePrincipal; scope: string; adminConsent: boolean; grantId: string },
): Row {
  const principal = c.adminConsent || c.who.kind !== "user" ? "" : c.who.user.id;
  const permissions =
    `[] => [[Id: ${c.grantId}, ClientId: ${c.client.id}, PrincipalId: ${principal}, ResourceId: ${c.resource.id}, ` +
    `ConsentType: ${c.adminConsent ? "AllPrincipals" : "Principal"}, Scope: ${c.scope}, CreatedDateTime: , LastModifiedDateTime ]]; `;
  const props = [
    prop("ConsentContext.IsAdminConsent", undefined, c.adminConsent ? "True" : "False"),
    prop("ConsentContext.IsAppOnly", undefined, "False"),
    prop("ConsentContext.OnBehalfOfAll", undefined, c.adminConsent ? "True" : "False"),
    prop("ConsentContext.Tags", undefined, "WindowsAzureActiveDirectoryIntegratedApp"),
    prop("ConsentAction.Permissions", undefined, permissions),
    prop("TargetId.ServicePrincipalNames", undefined, c.client.appId),
  ];
  return auditRecord(env, {
    ...base(c),
    operation: OP.consent,
    category: "ApplicationManagement",
    operationType: "Assign",
    targets: [targetSp(c.client, props)],
  });
}

/** Target 0 is the new owner (with the application in its properties), target 1 the application. */
export function addOwnerToApplication(env: RecordEnv, c: Common & { owner: User; app: AppRef }): Row {
  const props = [
    prop("Application.ObjectID", undefined, c.app.objectId),
    prop("Application.DisplayName", undefined, c.app.displayName),
    prop("Application.AppId", undefined, c.app.appId),
  ];
  return auditRecord(env, {
    ...base(c),
    operation: OP.addOwner,
    category: "ApplicationManagement",
    operationType: "Add",
    targets: [targetUser(c.owner, props), targetApp(c.app)],
  });
}

export function removeServicePrincipal(env: RecordEnv, c: Common & { sp: ServicePrincipal }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.removeServicePrincipal,
    category: "ApplicationManagement",
    operationType: "Delete",
    targets: [targetSp(c.sp, [prop("AccountEnabled", [true], [])])],
  });
}

export function deleteApplication(env: RecordEnv, c: Common & { app: AppRef }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.deleteApplication,
    category: "ApplicationManagement",
    operationType: "Delete",
    targets: [targetApp(c.app)],
  });
}

/**
 * A just-in-time PIM activation: the request and, seconds later, its completion. Both are the
 * user's own (InitiatedBy.user) and logged by the PIM service.
 */
export function pimActivation(
  env: RecordEnv,
  c: { t: number; user: User; ip: string; userAgent: string; role: DirectoryRole; hours: number; justification: string },
): Row[] {
  const who: Initiator = { kind: "user", user: c.user, ip: c.ip, userAgent: c.userAgent };
  const requestId = env.rng.guid();
  const correlationId = env.rng.guid();
  const completedAt = c.t + env.rng.int(3_000, 25_000);
  const targets: TargetResource[] = [
    { id: c.role.templateId, displayName: c.role.displayName, type: "Role", modifiedProperties: [] },
    { id: requestId, displayName: null, type: "Request", modifiedProperties: [] },
    targetUser(c.user),
  ];
  const details = [
    { key: "RoleDefinitionOriginId", value: c.role.templateId },
    { key: "RoleDefinitionOriginType", value: "BuiltInRole" },
    { key: "TemplateId", value: c.role.templateId },
    { key: "StartTime", value: iso(completedAt) },
    { key: "ExpirationTime", value: iso(completedAt + c.hours * 3_600_000) },
    { key: "Justification", value: c.justification },
  ];
  const one = (t: number, operation: string) =>
    auditRecord(env, { t, initiator: who, operation, category: "RoleManagement", operationType: "Add", service: "PIM", correlationId, targets, details });
  return [one(c.t, OP.pimRequested), one(completedAt, OP.pimCompleted)];
}

export function updateUser(env: RecordEnv, c: Common & { user: User; property: string; oldValue: string; newValue: string }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.updateUser,
    category: "UserManagement",
    operationType: "Update",
    targets: [targetUser(c.user, included([prop(c.property, [c.oldValue], [c.newValue])]))],
  });
}

export function addMemberToGroup(env: RecordEnv, c: Common & { user: User; groupId: string; groupName: string }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.addMemberToGroup,
    category: "GroupManagement",
    operationType: "Assign",
    targets: [
      targetUser(c.user, [prop("Group.ObjectID", undefined, c.groupId), prop("Group.DisplayName", undefined, c.groupName)]),
      { id: c.groupId, displayName: c.groupName, type: "Group", modifiedProperties: [] },
    ],
  });
}
