/**
 * Which existing workloads the baseline scenarios abuse. Each pick depends on the tenant alone
 * (so it is the same whatever else is simulated), avoids the named objects other scenarios
 * attack, and avoids the other two picks, so that in the demo tenant no scenario's attack lands
 * in another's baseline. Small tenants fall back to the named reporting and legacy apps.
 */
import type { ServicePrincipal, Tenant, User } from "./tenant-model.js";
import { isPlatformIdentity } from "./platform-identities.js";

/** In-house apps with an application object (the tenant's own code, with its owners), the fallbacks last. */
function inHouse(tenant: Tenant): ServicePrincipal[] {
  const named = new Set<ServicePrincipal>(Object.values(tenant.named));
  const own = tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && sp.app !== null && sp.signIn !== null && !isPlatformIdentity(tenant, sp));
  return [...own.filter((sp) => !named.has(sp)), tenant.named.reportingApp, tenant.named.legacyApp];
}

const userOwners = (sp: ServicePrincipal): User[] => sp.app!.owners.flatMap((o) => (o.kind === "user" ? [o.user] : []));

/**
 * The lowest score wins; a named object only when nothing else qualifies. Ties go to the later
 * app in tenant order: the sign-in scenarios take the first suitable workloads, and a workload
 * two scenarios attack would carry one's attack in the other's baseline.
 */
function best(tenant: Tenant, items: readonly ServicePrincipal[], score: (sp: ServicePrincipal) => number): ServicePrincipal | undefined {
  const named = new Set<ServicePrincipal>(Object.values(tenant.named));
  return items.map((sp, i) => ({ sp, i, s: score(sp) + (named.has(sp) ? 10_000 : 0) })).sort((a, b) => a.s - b.s || b.i - a.i)[0]?.sp;
}

/**
 * RULE-25's app and owner: an engineer who owns a single app that calls with a client secret, at
 * a low rate (so a surge is plain), not rotated by automation.
 */
export function ownerSurgeTarget(tenant: Tenant): { sp: ServicePrincipal; owner: User } {
  const owned = new Map<string, number>();
  for (const sp of tenant.servicePrincipals) for (const u of sp.app === null ? [] : userOwners(sp)) owned.set(u.id, (owned.get(u.id) ?? 0) + 1);
  const candidates = inHouse(tenant).filter((sp) => userOwners(sp).some((u) => u.role === "engineer"));
  const sp = best(tenant, candidates, (sp) => {
    const soleOwnerOfOne = userOwners(sp).some((u) => u.role === "engineer" && owned.get(u.id) === 1);
    return (soleOwnerOfOne ? 0 : 100) + (sp.app!.rotation === null ? 0 : 50) + (sp.signIn!.credentialType === "clientSecret" ? 0 : 20) + sp.signIn!.ratePerHour;
  })!;
  const engineers = userOwners(sp).filter((u) => u.role === "engineer");
  return { sp, owner: engineers.find((u) => owned.get(u.id) === 1) ?? engineers[0]! };
}

/** RULE-07's app: one that only ever calls Microsoft Graph, with a client secret it keeps (no rotation), at a modest rate (a small history). */
export function firstAccessTarget(tenant: Tenant): ServicePrincipal {
  const taken = ownerSurgeTarget(tenant).sp;
  const graph = tenant.firstParty.graph!.appId;
  const candidates = inHouse(tenant).filter((sp) => sp !== taken && sp.signIn!.resources.every((r) => r.appId === graph));
  const rate = (sp: ServicePrincipal) => (sp.signIn!.ratePerHour > 3 ? sp.signIn!.ratePerHour : 0);
  return best(tenant, candidates, (sp) => (sp.app!.rotation === null ? 0 : 100) + (sp.signIn!.credentialType === "clientSecret" ? 0 : 50) + rate(sp))!;
}

/**
 * RULE-13's app: one that authenticates with a certificate today (so an older secret left on
 * it is the one nobody watches), old enough to have had that secret for months.
 */
export function staleCredentialTarget(tenant: Tenant, createdBefore: number): ServicePrincipal {
  const taken = new Set([ownerSurgeTarget(tenant).sp, firstAccessTarget(tenant)]);
  const all = inHouse(tenant);
  const old = all.filter((sp) => sp.app!.createdAt < createdBefore);
  const pool = old.length > 0 ? old : all;
  return best(tenant, pool, (sp) => (taken.has(sp) ? 100 : 0) + (sp.signIn!.credentialType === "clientAssertion" ? 0 : 10) + (sp.app!.rotation === null ? 0 : 5))!;
}
