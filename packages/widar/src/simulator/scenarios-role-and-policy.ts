/**
 * Directory control handed to, or protection taken from, workload identities: a tier-0 directory
 * role assigned to an ordinary in-house SP, and the Conditional Access policy that blocks
 * workload identities outside the trusted locations weakened for the tenant's most privileged app.
 */
import { type WorkloadCaPolicy, addMemberToRole, updateConditionalAccessPolicy } from "./app-change-operations.js";
import { ACTOR_LEAD_MS, compromisedAdmin } from "./compromised-actors.js";
import { DIRECTORY_ROLES } from "./directory-catalog.js";
import { Rng } from "./prng.js";
import { MINUTE, type ScenarioDefinition, audits, enumParam, lastTime, spLabel } from "./scenario-kit.js";
import type { ServicePrincipal, Tenant } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";
import { isPlatformIdentity } from "./platform-identities.js";

const DAY = 86_400_000;

/** In-house SPs that are not one of the named objects. */
function ordinaryApps(tenant: Tenant): ServicePrincipal[] {
  const named = new Set(Object.values(tenant.named).map((sp) => sp.id));
  return tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && !named.has(sp.id) && !isPlatformIdentity(tenant, sp));
}

export const spDirectoryRoleGrant: ScenarioDefinition = {
  name: "sp-directory-role-grant",
  summary:
    "A compromised Privileged Role Administrator activates the role through PIM and assigns Global Administrator (or Privileged Role Administrator) to an ordinary in-house service principal",
  technique: "T1098.003",
  tactic: "PrivilegeEscalation",
  params: { role: enumParam("tier-0 directory role assigned", ["globalAdmin", "privRoleAdmin"]) },
  leadMs: ACTOR_LEAD_MS,
  build({ env, rng, at, params }) {
    const actor = compromisedAdmin(env, rng, at, env.tenant.admins[3]!, DIRECTORY_ROLES.privRoleAdmin, USER_AGENTS.graphPowerShell);
    const candidates = ordinaryApps(env.tenant);
    const target = rng.pick(candidates.length > 0 ? candidates : [env.tenant.named.reportingApp]);
    const role = params.role === "privRoleAdmin" ? DIRECTORY_ROLES.privRoleAdmin : DIRECTORY_ROLES.globalAdmin;
    // A role's object in a tenant is fixed: derive it from the tenant, not the scenario's stream.
    const roleObjectId = Rng.of(0, "directory-role", env.tenant.id, role.templateId).guid();
    const emits = [...actor.emits, ...audits([addMemberToRole(env, { t: at, who: actor.who, sp: target, role, roleObjectId })])];
    return {
      emits,
      context: actor.context,
      identities: [...actor.identities, spLabel("assignee", target)],
      expectedRules: ["CRED-11"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `${role.displayName} assigned directly (outside PIM) with Graph PowerShell.`,
    };
  },
};

export const caWorkloadExclusion: ScenarioDefinition = {
  name: "ca-workload-exclusion",
  summary:
    "A compromised Security Administrator excludes Directory-Sync-Service from the Conditional Access policy that blocks workload identities outside trusted locations (or sets the policy to report-only, or disables it)",
  technique: "T1556.009",
  tactic: "DefenseEvasion",
  params: { change: enumParam("how the policy is weakened", ["exclude", "report-only", "disable"]) },
  leadMs: ACTOR_LEAD_MS,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const actor = compromisedAdmin(env, rng, at, tenant.admins[3]!, DIRECTORY_ROLES.securityAdmin, USER_AGENTS.edgeWindows);
    const target = tenant.named.privilegedApp;
    // The policy has long excluded the CI identity, whose hosted runners have no fixed egress.
    const before: WorkloadCaPolicy = {
      id: rng.guid(),
      displayName: "CA-WI-01: Block workload identities outside trusted locations",
      created: at - rng.int(120, 400) * DAY - rng.int(0, DAY - 1),
      modified: at - rng.int(10, 90) * DAY - rng.int(0, DAY - 1),
      state: "enabled",
      includeServicePrincipals: ["ServicePrincipalsInMyTenant"],
      excludeServicePrincipals: [tenant.named.pipeline.id],
      excludeLocations: tenant.offices.map(() => rng.guid()),
    };
    const after: WorkloadCaPolicy = {
      ...before,
      modified: at,
      ...(params.change === "exclude" ? { excludeServicePrincipals: [...before.excludeServicePrincipals, target.id] } : {}),
      ...(params.change === "report-only" ? { state: "enabledForReportingButNotEnforced" as const } : {}),
      ...(params.change === "disable" ? { state: "disabled" as const } : {}),
    };
    const emits = [...actor.emits, ...audits([updateConditionalAccessPolicy(env, { t: at, who: actor.who, before, after })])];
    return {
      emits,
      identities: params.change === "exclude" ? [...actor.identities, spLabel("excluded", target)] : actor.identities,
      expectedRules: ["CRED-12"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Policy ${before.id} (${before.displayName}): ${params.change}.`,
    };
  },
};
