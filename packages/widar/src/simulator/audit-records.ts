/**
 * AuditLogs records shaped as Entra writes them: `InitiatedBy.user` or `InitiatedBy.app` (never
 * both), `TargetResources[]` with `modifiedProperties[]` whose old/new values are JSON-encoded
 * strings, `AdditionalDetails[]` key/value pairs carrying the User-Agent, and the Log Analytics
 * envelope columns (ResourceId, Category, Result, LoggedByService, CorrelationId, Id).
 */
import type { Rng } from "./prng.js";
import type { Row } from "./tables.js";
import type { ServicePrincipal, Tenant, User } from "./tenant-model.js";

export interface RecordEnv {
  readonly tenant: Tenant;
  readonly rng: Rng;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export type Initiator =
  | { readonly kind: "user"; readonly user: User; readonly ip: string; readonly userAgent: string }
  | { readonly kind: "app"; readonly sp: ServicePrincipal; readonly userAgent: string };

export interface ModifiedProperty {
  readonly displayName: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export interface TargetResource {
  readonly id: string;
  readonly displayName: string | null;
  readonly type: string;
  readonly userPrincipalName?: string;
  readonly modifiedProperties: readonly ModifiedProperty[];
}

/** A modified property; values are JSON-encoded the way Entra stores them (undefined → null). */
export function prop(displayName: string, oldValue: unknown, newValue: unknown): ModifiedProperty {
  return {
    displayName,
    oldValue: oldValue === undefined ? null : JSON.stringify(oldValue),
    newValue: newValue === undefined ? null : JSON.stringify(newValue),
  };
}

/** Entra lists the names of the changed properties as one more modified property. */
export function included(props: readonly ModifiedProperty[]): ModifiedProperty[] {
  return [...props, prop("Included Updated Properties", undefined, props.map((p) => p.displayName).join(", "))];
}

export const targetSp = (sp: ServicePrincipal, props: readonly ModifiedProperty[] = []): TargetResource => ({
  id: sp.id,
  displayName: sp.displayName,
  type: "ServicePrincipal",
  modifiedProperties: props,
});

export const targetApp = (app: { objectId: string; displayName: string }, props: readonly ModifiedProperty[] = []): TargetResource => ({
  id: app.objectId,
  displayName: app.displayName,
  type: "Application",
  modifiedProperties: props,
});

export const targetUser = (user: User, props: readonly ModifiedProperty[] = []): TargetResource => ({
  id: user.id,
  displayName: null,
  type: "User",
  userPrincipalName: user.userPrincipalName,
  modifiedProperties: props,
});

/** A group as an audit target (the simulator's groups live outside the tenant model: see directory-churn-catalog.ts). */
export const targetGroup = (group: { id: string; displayName: string }, props: readonly ModifiedProperty[] = []): TargetResource => ({
  id: group.id,
  displayName: group.displayName,
  type: "Group",
  modifiedProperties: props,
});

/** A device as an audit target: its directory object id, not the device id it registered with. */
export const targetDevice = (device: { objectId: string; displayName: string }, props: readonly ModifiedProperty[] = []): TargetResource => ({
  id: device.objectId,
  displayName: device.displayName,
  type: "Device",
  modifiedProperties: props,
});

export function initiatorName(who: Initiator): string {
  return who.kind === "user" ? who.user.displayName : who.sp.displayName;
}

export function initiatorId(who: Initiator): string {
  return who.kind === "user" ? who.user.id : who.sp.id;
}

/**
 * An app-initiated change names the acting service principal by object id and display name
 * only: Entra leaves `appId` (and `servicePrincipalName`) null there, as published records show
 * (e.g. the "Managed Service Identity" actor: `"app": {"appId": null, "displayName": "Managed
 * Service Identity", "servicePrincipalId": "…", "servicePrincipalName": null}`). A rule that
 * compares the initiator's appId with anything compares null.
 */
function initiatedBy(who: Initiator): Row {
  return who.kind === "user"
    ? { user: { id: who.user.id, displayName: null, userPrincipalName: who.user.userPrincipalName, ipAddress: who.ip } }
    : { app: { appId: null, displayName: who.sp.displayName, servicePrincipalId: who.sp.id, servicePrincipalName: null } };
}

export interface AuditInput {
  readonly t: number;
  readonly operation: string;
  readonly category: "ApplicationManagement" | "RoleManagement" | "UserManagement" | "GroupManagement" | "Device";
  readonly operationType: "Add" | "Update" | "Assign" | "Delete" | "Unassign";
  readonly initiator: Initiator;
  readonly targets: readonly TargetResource[];
  readonly service?: "Core Directory" | "PIM";
  readonly result?: "success" | "failure";
  readonly resultReason?: string;
  readonly correlationId?: string;
  /** Extra AdditionalDetails after the User-Agent. */
  readonly details?: readonly { key: string; value: string }[];
}

export function auditRecord(env: RecordEnv, a: AuditInput): Row {
  const { rng, tenant } = env;
  const correlationId = a.correlationId ?? rng.guid();
  const service = a.service ?? "Core Directory";
  const id =
    service === "PIM"
      ? `PIM_${rng.guid()}`
      : `Directory_${correlationId}_${rng.alnum(5)}_${String(rng.int(10_000_000, 999_999_999))}`;
  const time = iso(a.t);
  return {
    TimeGenerated: time,
    ResourceId: `/tenants/${tenant.id}/providers/Microsoft.aadiam`,
    OperationName: a.operation,
    OperationVersion: "1.0",
    Category: a.category,
    ResultType: "",
    ResultSignature: "None",
    ResultDescription: "",
    DurationMs: 0,
    CorrelationId: correlationId,
    Resource: "Microsoft.aadiam",
    ResourceGroup: "Microsoft.aadiam",
    Identity: initiatorName(a.initiator),
    Level: "4",
    Location: "",
    AdditionalDetails: [{ key: "User-Agent", value: a.initiator.userAgent }, ...(a.details ?? [])],
    Id: id,
    InitiatedBy: initiatedBy(a.initiator),
    LoggedByService: service,
    Result: a.result ?? "success",
    ResultReason: a.resultReason ?? "",
    TargetResources: a.targets,
    AADTenantId: tenant.id,
    ActivityDisplayName: a.operation,
    ActivityDateTime: time,
    AADOperationType: a.operationType,
    SourceSystem: "Azure AD",
    Type: "AuditLogs",
  };
}
