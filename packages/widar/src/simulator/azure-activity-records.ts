/**
 * AzureActivity records (the Azure Activity log's Administrative category, as diagnostic settings
 * write it to Log Analytics) for Azure Resource Manager calls made with a managed identity's token.
 *
 * One ARM call is several events sharing CorrelationId and OperationId: "Start" when ARM accepts
 * the request, "Success" when it completes, with an "Accept" between them for asynchronous
 * operations such as deployments. `OperationName` is the operation's display text,
 * `OperationNameValue` / `ResourceProviderValue` its upper-cased identifiers; `_ResourceId` is
 * lower-cased. `Authorization`, `Claims` and `Properties` are JSON strings with dynamic `_d` twins.
 * The caller of a service principal or managed identity is its object id; its claims are those of
 * the ARM token the identity obtained, so `uti` names the sign-in (UniqueTokenIdentifier) that
 * issued it and `xms_mirid` the Azure resource the identity belongs to.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import type { Row } from "./tables.js";
import type { ServicePrincipal } from "./tenant-model.js";

export interface ArmOperation {
  /** The operation as Azure RBAC names it (Microsoft.Storage/storageAccounts/listKeys/action). */
  readonly value: string;
  /** Display text from the provider's operations list ("List Storage Account Keys"). */
  readonly display: string;
  readonly method: "PUT" | "POST" | "DELETE";
  /** HTTP status text of the completed call (the Success event's substatus). */
  readonly status: "OK" | "Created" | "Accepted";
  /** Long-running: ARM answers 201 and records an "Accept" before the "Success". */
  readonly async?: boolean;
}

const op = (value: string, display: string, method: ArmOperation["method"], status: ArmOperation["status"], async = false): ArmOperation => ({
  value,
  display,
  method,
  status,
  ...(async ? { async } : {}),
});

export const ARM_OPERATIONS = {
  listStorageKeys: op("Microsoft.Storage/storageAccounts/listKeys/action", "List Storage Account Keys", "POST", "OK"),
  writeStorageAccount: op("Microsoft.Storage/storageAccounts/write", "Create/Update Storage Account", "PUT", "OK"),
  writeBlobContainer: op("Microsoft.Storage/storageAccounts/blobServices/containers/write", "Put blob container", "PUT", "Created"),
  keyVaultAccessPolicy: op("Microsoft.KeyVault/vaults/accessPolicies/write", "Update Access Policy", "PUT", "OK"),
  roleAssignment: op("Microsoft.Authorization/roleAssignments/write", "Create role assignment", "PUT", "Created"),
  deployment: op("Microsoft.Resources/deployments/write", "Create Deployment", "PUT", "OK", true),
  writeWebApp: op("Microsoft.Web/sites/write", "Create or Update Web App", "PUT", "OK"),
  restartWebApp: op("Microsoft.Web/sites/restart/action", "Restart Web App", "POST", "OK"),
} as const satisfies Record<string, ArmOperation>;

/** Azure built-in role definitions (their ids are the same in every tenant). */
export const AZURE_ROLES = {
  owner: { name: "Owner", id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" },
  contributor: { name: "Contributor", id: "b24988ac-6180-42a0-ab88-20f7382dd24c" },
  storageBlobDataReader: { name: "Storage Blob Data Reader", id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1" },
} as const;

export type AzureRole = (typeof AZURE_ROLES)[keyof typeof AZURE_ROLES];

/** The role assignment that let the caller act (the Authorization "evidence"). */
export interface RoleEvidence {
  readonly role: AzureRole;
  readonly scope: string;
  readonly assignmentId: string;
}

/** The ARM access token the caller presented: from the sign-in that issued it. */
export interface ArmToken {
  readonly uti: string;
  readonly issuedAt: number;
}

export interface ArmCallInput {
  readonly t: number;
  readonly caller: ServicePrincipal;
  readonly callerIp: string;
  readonly token: ArmToken;
  readonly op: ArmOperation;
  /** Resource id as ARM writes it (mixed case): the entity the operation acts on. */
  readonly resourceId: string;
  readonly evidence: RoleEvidence;
  /** How long the call took, Start to Success. */
  readonly durationMs: number;
  /** Request and response bodies ARM records for some writes (role assignments, access policies). */
  readonly requestBody?: unknown;
  readonly responseBody?: unknown;
}

const hex = (guid: string): string => guid.replaceAll("-", "");

/** The last `/providers/Namespace/type/name[/type/name…]` of a resource id. */
function providerPart(resourceId: string): { namespace: string; names: string[] } {
  const at = resourceId.toLowerCase().lastIndexOf("/providers/");
  const parts = resourceId.slice(at + "/providers/".length).split("/");
  return { namespace: parts[0]!, names: parts.slice(1).filter((_, i) => i % 2 === 1) };
}

const resourceGroupOf = (resourceId: string): string => /\/resourceGroups\/([^/]+)/i.exec(resourceId)?.[1] ?? "";

/** Claims of a managed identity's ARM token, as the Activity log records them (all values strings). */
function managedIdentityClaims(env: RecordEnv, sp: ServicePrincipal, token: ArmToken): Record<string, string> {
  const { rng, tenant } = env;
  const iat = Math.floor(token.issuedAt / 1000);
  const issuer = `https://sts.windows.net/${tenant.id}/`;
  return {
    aud: "https://management.azure.com/",
    iss: issuer,
    iat: String(iat),
    nbf: String(iat),
    // Managed identity tokens live a day.
    exp: String(iat + 86_400),
    aio: `${rng.base64url(54)}==`,
    appid: sp.appId,
    appidacr: "2",
    "http://schemas.microsoft.com/identity/claims/identityprovider": issuer,
    idtyp: "app",
    "http://schemas.microsoft.com/identity/claims/objectidentifier": sp.id,
    rh: `0.A${rng.base64url(62)}.`,
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": sp.id,
    "http://schemas.microsoft.com/identity/claims/tenantid": tenant.id,
    uti: token.uti,
    ver: "1.0",
    xms_mirid: sp.managedResourceId ?? "",
  };
}

type Phase = "Start" | "Accept" | "Success";
const LEGACY_STATUS: Record<Phase, string> = { Start: "Started", Accept: "Accepted", Success: "Succeeded" };

/** The Start, (Accept,) Success events of one ARM call made with a managed identity's token. */
export function armCall(env: RecordEnv, p: ArmCallInput): Row[] {
  const { rng, tenant } = env;
  const sub = tenant.subscriptionId;
  const correlationId = rng.guid();
  const operationId = rng.guid();
  const hierarchy = `${tenant.id}/${sub}`;
  const claims = managedIdentityClaims(env, p.caller, p.token);
  const authorization = {
    action: p.op.value,
    scope: p.resourceId,
    evidence: {
      role: p.evidence.role.name,
      roleAssignmentScope: p.evidence.scope,
      roleAssignmentId: hex(p.evidence.assignmentId),
      roleDefinitionId: hex(p.evidence.role.id),
      principalId: hex(p.caller.id),
      principalType: "ServicePrincipal",
    },
  };
  const http = JSON.stringify({ clientRequestId: rng.guid(), clientIpAddress: p.callerIp, method: p.op.method });
  const { namespace, names } = providerPart(p.resourceId);
  const phases: [Phase, number][] = p.op.async
    ? [
        ["Start", p.t],
        ["Accept", p.t + rng.int(400, 1500)],
        ["Success", p.t + p.durationMs],
      ]
    : [
        ["Start", p.t],
        ["Success", p.t + p.durationMs],
      ];
  return phases.map(([phase, t]) => {
    const substatus = phase === "Start" ? "" : phase === "Accept" ? "Created" : p.op.status;
    const properties: Record<string, unknown> = {
      ...(phase === "Start" ? {} : { statusCode: substatus, serviceRequestId: phase === "Accept" ? null : rng.guid() }),
      eventCategory: "Administrative",
      entity: p.resourceId,
      message: p.op.value,
      hierarchy,
      ...(phase === "Start" && p.requestBody !== undefined ? { requestbody: JSON.stringify(p.requestBody) } : {}),
      ...(phase === "Success" && p.responseBody !== undefined ? { responseBody: JSON.stringify(p.responseBody) } : {}),
    };
    return {
      TimeGenerated: iso(t),
      OperationName: p.op.display,
      OperationNameValue: p.op.value.toUpperCase(),
      Level: "Informational",
      ActivityStatus: LEGACY_STATUS[phase],
      ActivityStatusValue: phase,
      ActivitySubstatus: substatus,
      ActivitySubstatusValue: substatus,
      ResourceGroup: resourceGroupOf(p.resourceId).toUpperCase(),
      SubscriptionId: sub,
      CorrelationId: correlationId,
      Caller: p.caller.id,
      CallerIpAddress: p.callerIp,
      Category: "Administrative",
      CategoryValue: "Administrative",
      HTTPRequest: http,
      Properties: JSON.stringify(properties),
      EventSubmissionTimestamp: iso(t + rng.int(2_000, 40_000)),
      Authorization: JSON.stringify(authorization),
      ResourceId: p.resourceId,
      OperationId: operationId,
      Properties_d: properties,
      Authorization_d: authorization,
      Claims: JSON.stringify(claims),
      Claims_d: claims,
      ResourceProvider: namespace,
      ResourceProviderValue: namespace.toUpperCase(),
      Resource: names.join("/"),
      EventDataId: rng.guid(),
      TenantId: tenant.id,
      Hierarchy: hierarchy,
      _ResourceId: p.resourceId.toLowerCase(),
      _SubscriptionId: sub,
      SourceSystem: "Azure",
      Type: "AzureActivity",
    };
  });
}
