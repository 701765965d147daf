/**
 * Directory operations on an application's permissions and on managed identities' certificates,
 * shaped as Entra logs them:
 *
 * - an application's requested permissions (`Update application`, modified property
 *   `RequiredResourceAccess`): per resource, `{"ResourceAppId", "RequiredAppPermissions":
 *   [{"EntitlementId", "DirectAccessGrant", "ImpersonationAccessGrants"}], "EncodingVersion": 1}`,
 *   an application permission (app role) as `DirectAccessGrant: true` with no impersonation
 *   grants, a delegated scope as `DirectAccessGrant: false, ImpersonationAccessGrants: [20]`
 *   (both as published records show: a capture of a malicious "Intune App" registration, and
 *   Wazuh's Azure audit-log test data);
 * - Azure's own certificate rollover of a managed identity: `Add service principal credentials`
 *   by the "Managed Service Identity" service, which names itself in `ActorId.ServicePrincipalNames`
 *   ("ef5d5c69-a5df-46bb-acaf-426f161a21a2;https://serviceidentity.azure.net/") and the identity
 *   by its `https://identity.azure.net/…` name in `TargetId.ServicePrincipalNames`, as Entra's
 *   published managed-identity lifecycle records do; then the expired certificate's removal.
 */
import { createHash } from "node:crypto";
import { type ModifiedProperty, type RecordEnv, auditRecord, included, prop, targetSp } from "./audit-records.js";
import { type Common, base, keyDescription } from "./entra-operations.js";
import { MSI_APP_ID } from "./platform-identities.js";
import type { Row } from "./tables.js";
import type { Credential, ServicePrincipal } from "./tenant-model.js";

/** One requested permission: a Graph app role (application) or a delegated scope, by its id. */
export interface Entitlement {
  readonly resourceAppId: string;
  readonly id: string;
  readonly application: boolean;
}

function encode(list: readonly Entitlement[]): unknown[] {
  const byResource = new Map<string, Entitlement[]>();
  for (const e of list) byResource.set(e.resourceAppId, [...(byResource.get(e.resourceAppId) ?? []), e]);
  return [...byResource].map(([resourceAppId, es]) => ({
    ResourceAppId: resourceAppId,
    RequiredAppPermissions: es.map((e) => ({ EntitlementId: e.id, DirectAccessGrant: e.application, ImpersonationAccessGrants: e.application ? [] : [20] })),
    EncodingVersion: 1,
  }));
}

/** The `RequiredResourceAccess` property of an `Update application` (or `Add application`) record. */
export function requiredResourceAccessProp(before: readonly Entitlement[], after: readonly Entitlement[]): ModifiedProperty {
  return prop("RequiredResourceAccess", encode(before), encode(after));
}

/** A managed identity's name among its service principal names (`https://identity.azure.net/<base64 hash>`). */
export function identityAzureNetName(mi: ServicePrincipal): string {
  return `https://identity.azure.net/${createHash("sha256")
    .update(mi.managedResourceId ?? mi.id)
    .digest("base64")}`;
}

const ROLLOVER_KEY = (c: Credential) => keyDescription(c);

function rolloverTarget(mi: ServicePrincipal, props: readonly ModifiedProperty[]) {
  return targetSp(mi, [
    ...included(props),
    prop("TargetId.ServicePrincipalNames", undefined, `${mi.appId};${identityAzureNetName(mi)}`),
    prop("ActorId.ServicePrincipalNames", undefined, `${MSI_APP_ID};https://serviceidentity.azure.net/`),
  ]);
}

/** The rollover: the new certificate added next to the current one, by the Managed Service Identity service. */
export function msiCertificateAdded(env: RecordEnv, c: Common & { mi: ServicePrincipal; current: Credential; added: Credential }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: "Add service principal credentials",
    category: "ApplicationManagement",
    operationType: "Add",
    targets: [rolloverTarget(c.mi, [prop("KeyDescription", [ROLLOVER_KEY(c.current)], [ROLLOVER_KEY(c.current), ROLLOVER_KEY(c.added)])])],
    details: [{ key: "AppId", value: c.mi.appId }],
  });
}

/** The retired certificate removed, later, by the same service. */
export function msiCertificateRemoved(env: RecordEnv, c: Common & { mi: ServicePrincipal; removed: Credential; kept: Credential }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: "Remove service principal credentials",
    category: "ApplicationManagement",
    operationType: "Delete",
    targets: [rolloverTarget(c.mi, [prop("KeyDescription", [ROLLOVER_KEY(c.removed), ROLLOVER_KEY(c.kept)], [ROLLOVER_KEY(c.kept)])])],
    details: [{ key: "AppId", value: c.mi.appId }],
  });
}
