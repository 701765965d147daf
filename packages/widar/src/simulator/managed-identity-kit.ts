/**
 * What the managed-identity scenarios share: the Azure resources a managed identity requests
 * tokens for, choosing (or creating) the identity a scenario abuses, its token requests as
 * AADManagedIdentitySignInLogs records, and the timing helpers that keep a burst inside one
 * scheduled run of an hourly rule.
 */
import type { RecordEnv } from "./audit-records.js";
import { HOUR, MINUTE, emit, type Emit } from "./scenario-kit.js";
import { miSignIn } from "./signin-records.js";
import type { ResourceRef, ServicePrincipal, Tenant } from "./tenant-model.js";
import type { Rng } from "./prng.js";

/** Resource APIs managed identities use besides the tenant's first-party ones (real application ids). */
const AZURE_DATA_APIS = {
  sql: { appId: "022907d3-0f1b-48f7-badc-1ba6abab6d66", displayName: "Azure SQL Database" },
  cosmos: { appId: "a232010e-820c-4083-83bb-3ace5fc29d0b", displayName: "Azure Cosmos DB" },
  logAnalytics: { appId: "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5", displayName: "Log Analytics API" },
  dataExplorer: { appId: "2746ea77-4702-4b45-80ca-3c97e680e8b7", displayName: "Azure Data Explorer" },
} as const;

export type DataApi = keyof typeof AZURE_DATA_APIS;
export const DATA_APIS = Object.keys(AZURE_DATA_APIS) as DataApi[];

/** A first-party resource of the tenant (Graph, ARM, Key Vault, Storage, …) as a sign-in names it. */
export function firstPartyRef(tenant: Tenant, key: "graph" | "arm" | "keyVault" | "storage"): ResourceRef {
  const sp = tenant.firstParty[key]!;
  return { appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id };
}

/**
 * A data API outside the tenant model. Its service principal in the tenant has no id in the model,
 * so the scenario draws one (used only by that scenario's records).
 */
export const dataApiRef = (rng: Rng, key: DataApi): ResourceRef => ({ ...AZURE_DATA_APIS[key], servicePrincipalId: rng.guid() });

/** The tenant's managed identity with the first of `names`, else any other not in `avoid`. */
export function tenantManagedIdentity(tenant: Tenant, names: readonly string[], avoid: readonly string[] = []): ServicePrincipal {
  const mis = tenant.servicePrincipals.filter((sp) => sp.servicePrincipalType === "ManagedIdentity");
  for (const name of names) {
    const mi = mis.find((sp) => sp.displayName === name);
    if (mi !== undefined) return mi;
  }
  const other = mis.find((sp) => !avoid.includes(sp.displayName)) ?? mis[0];
  if (other === undefined) throw new Error("the tenant has no managed identity");
  return other;
}

/**
 * The system-assigned identity of an Azure resource that is not in the tenant model (so the
 * benign generators give it no sign-ins: its history is whatever the scenario writes).
 */
export function newManagedIdentity(rng: Rng, tenant: Tenant, name: string, resourceGroup: string, provider: string): ServicePrincipal {
  return {
    id: rng.guid(),
    appId: rng.guid(),
    displayName: name,
    kind: "managedIdentity",
    servicePrincipalType: "ManagedIdentity",
    appOwnerTenantId: "",
    app: null,
    appRoles: [],
    delegatedGrants: [],
    signIn: null,
    managedResourceId: `/subscriptions/${tenant.subscriptionId}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`,
  };
}

/** A token request of `sp` for `resource` at `t`, as its sign-in record. */
export const miToken = (env: RecordEnv, sp: ServicePrincipal, resource: ResourceRef, t: number): Emit =>
  emit("AADManagedIdentitySignInLogs", miSignIn(env, { t, sp, resource }));

/** The UniqueTokenIdentifier of a sign-in emit: the `uti` of the token it issued. */
export const utiOf = (e: Emit): string => e.row.UniqueTokenIdentifier as string;

const DAY = 24 * HOUR;
export const startOfUtcDay = (t: number): number => Math.floor(t / DAY) * DAY;
export const isWeekday = (t: number): boolean => new Date(t).getUTCDay() % 6 !== 0;

/**
 * `t`, or the start of the next clock hour if a burst of `spanMs` from `t` would cross one: the
 * hourly rules look back one hour from runs on the hour, and a burst split between two runs is
 * half-seen by each.
 */
export function withinOneHour(t: number, spanMs: number): number {
  const next = Math.floor(t / HOUR) * HOUR + HOUR;
  return t + spanMs < next ? t : next + 2 * MINUTE;
}
