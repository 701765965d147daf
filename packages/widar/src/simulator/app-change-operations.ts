/**
 * AuditLogs records for changes to an application's reply URLs and audience, a directory role
 * assigned to a service principal, and a Conditional Access policy edited, each shaped as Entra
 * writes it (see entra-operations.ts for the operations every part of the simulator shares):
 *
 * - `AppAddress` values are arrays of Entra's internal address objects, not bare URLs;
 * - "Add member to role" targets the assignee first (with the `Role.*` properties and, for a
 *   service principal, `TargetId.ServicePrincipalNames`), then the role object;
 * - Conditional Access changes are logged by the "Conditional Access" service in the `Policy`
 *   category with an `IPCGraph_` id, the whole policy (Graph's JSON) as old and new value, and a
 *   `Category` detail where directory records carry the User-Agent.
 */
import { type Initiator, type ModifiedProperty, type RecordEnv, auditRecord, prop, targetSp } from "./audit-records.js";
import type { DirectoryRole } from "./directory-catalog.js";
import { OP } from "./entra-operations.js";
import type { Row } from "./tables.js";
import type { ServicePrincipal } from "./tenant-model.js";

/** The `AppAddress` property: every reply URL of the app before and after, as web-platform addresses. */
export function appAddressProp(before: readonly string[], after: readonly string[]): ModifiedProperty {
  const address = (url: string) => ({
    AddressType: 0,
    Address: url,
    ReplyAddressClientType: 1,
    ReplyAddressIndex: null,
    IsReplyAddressDefault: false,
  });
  return prop("AppAddress", before.map(address), after.map(address));
}

/** What "Supported account types: multitenant" changes on the application object. */
export const multiTenantProp = (): ModifiedProperty => prop("AvailableToOtherTenants", [false], [true]);

export interface RoleAssignmentInput {
  readonly t: number;
  readonly who: Initiator;
  readonly sp: ServicePrincipal;
  readonly role: DirectoryRole;
  /** The tenant's activated role object (not the template). */
  readonly roleObjectId: string;
}

/** A directory role assigned directly (Graph or portal, outside PIM) to a service principal. */
export function addMemberToRole(env: RecordEnv, c: RoleAssignmentInput): Row {
  const props = [
    prop("Role.ObjectID", undefined, c.roleObjectId),
    prop("Role.DisplayName", undefined, c.role.displayName),
    prop("Role.TemplateId", undefined, c.role.templateId),
    prop("Role.WellKnownObjectName", undefined, c.role.wellKnownObjectName ?? c.role.displayName.replace(/\s+/g, "")),
    prop("TargetId.ServicePrincipalNames", undefined, c.sp.appId),
  ];
  return auditRecord(env, {
    t: c.t,
    initiator: c.who,
    operation: OP.addMemberToRole,
    category: "RoleManagement",
    operationType: "Assign",
    targets: [targetSp(c.sp, props), { id: c.roleObjectId, displayName: null, type: "Role", modifiedProperties: [] }],
  });
}

export type CaPolicyState = "enabled" | "disabled" | "enabledForReportingButNotEnforced";

/** A Conditional Access policy for workload identities: block their sign-ins outside the trusted locations. */
export interface WorkloadCaPolicy {
  readonly id: string;
  readonly displayName: string;
  readonly created: number;
  readonly modified: number;
  readonly state: CaPolicyState;
  /** Service principal object ids, or "ServicePrincipalsInMyTenant". */
  readonly includeServicePrincipals: readonly string[];
  readonly excludeServicePrincipals: readonly string[];
  /** Named location ids the policy does not block. */
  readonly excludeLocations: readonly string[];
}

/** Graph's timestamps in the audited policy: seven fractional digits and an explicit offset. */
const graphTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, -1)}0000+00:00`;

/** The policy as Entra's audit log serialises it (Graph's conditionalAccessPolicy, in Graph's key order). */
export function caPolicyDocument(p: WorkloadCaPolicy): unknown {
  return {
    id: p.id,
    displayName: p.displayName,
    createdDateTime: graphTime(p.created),
    modifiedDateTime: graphTime(p.modified),
    state: p.state,
    conditions: {
      applications: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: { includeUsers: ["None"], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      clientApplications: {
        includeServicePrincipals: p.includeServicePrincipals,
        excludeServicePrincipals: p.excludeServicePrincipals,
        servicePrincipalFilter: null,
      },
      locations: { includeLocations: ["All"], excludeLocations: p.excludeLocations },
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      servicePrincipalRiskLevels: [],
    },
    grantControls: { operator: "OR", builtInControls: ["block"], customAuthenticationFactors: [], termsOfUse: [] },
  };
}

export function updateConditionalAccessPolicy(env: RecordEnv, c: { t: number; who: Initiator; before: WorkloadCaPolicy; after: WorkloadCaPolicy }): Row {
  const row = auditRecord(env, {
    t: c.t,
    initiator: c.who,
    operation: OP.updateCaPolicy,
    // audit-records.ts (shared) types only the directory categories; the Policy envelope is set below.
    category: "ApplicationManagement",
    operationType: "Update",
    targets: [
      {
        id: c.after.id,
        displayName: c.after.displayName,
        type: "Policy",
        modifiedProperties: [prop("ConditionalAccessPolicy", caPolicyDocument(c.before), caPolicyDocument(c.after))],
      },
    ],
  });
  // Overwriting keeps the table's column order.
  return {
    ...row,
    Category: "Policy",
    AdditionalDetails: [{ key: "Category", value: "Conditional Access" }],
    Id: (row.Id as string).replace(/^Directory_/, "IPCGraph_"),
    LoggedByService: "Conditional Access",
  };
}
