/**
 * Deviations from an identity's own history: first access to a critical resource, a stale
 * credential reactivated, a sign-in surge after the owner became risky (scenarios-owner-risk.ts).
 * Each scenario writes, as `context`, the history its detection compares with (the workload's
 * usual sign-ins, a credential's last use weeks ago), since a quiet tenant has none.
 */
import { DAY, credentialInUse, hostingNear, resourceRef, signInsAt, usualSignIns } from "./baseline-history.js";
import { firstAccessTarget, staleCredentialTarget } from "./baseline-targets.js";
import { DIRECTORY_ROLES } from "./directory-catalog.js";
import { updateAppCredentials } from "./entra-operations.js";
import type { RuleId } from "./labels.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  appLabel,
  asUser,
  audits,
  enumParam,
  intParam,
  lastTime,
  newSecret,
  pim,
  spLabel,
  userLabel,
} from "./scenario-kit.js";
import { ownerRiskSignInSurge } from "./scenarios-owner-risk.js";
import type { Credential, Tenant, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

/** An Application Administrator other than the ones the credential-backdoor scenarios use, when the tenant has one. */
function appAdministrator(tenant: Tenant): User {
  const canEdit = (u: User) => u.eligibleRoles.includes(DIRECTORY_ROLES.appAdmin) || u.eligibleRoles.includes(DIRECTORY_ROLES.cloudAppAdmin);
  return tenant.admins.slice(4).find(canEdit) ?? tenant.admins[2]!;
}

export const spFirstCriticalAccess: ScenarioDefinition = {
  name: "sp-first-critical-access",
  summary:
    "A compromised application administrator adds a client secret to an in-house app that only ever called Microsoft Graph; half an hour later the app signs in from the attacker's VPS to Azure Resource Manager and Key Vault for the first time",
  technique: "T1555.006",
  tactic: "CredentialAccess",
  params: {
    change: enumParam("change made to the app before the first access (secret: RULE-07 High; none: a stolen existing credential, Medium)", ["secret", "none"]),
  },
  leadMs: 6 * MINUTE,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const sp = firstAccessTarget(tenant);
    const app = sp.app!;
    const egress = hostingNear(rng, sp);
    // Two weeks of the app's routine, ending before the attacker's first move.
    const context = usualSignIns(env, sp, at - 13 * DAY - 20 * HOUR, at - 15 * MINUTE);
    const emits: Emit[] = [];
    const identities = [spLabel("target", sp), appLabel("target", app)];
    const expectedRules: RuleId[] = ["RULE-07"];
    let cred: Credential | undefined;
    let firstAccess = at;
    if (params.change === "secret") {
      const admin = appAdministrator(tenant);
      const role = admin.eligibleRoles.includes(DIRECTORY_ROLES.appAdmin) ? DIRECTORY_ROLES.appAdmin : DIRECTORY_ROLES.cloudAppAdmin;
      const before = activeCredentials(app.credentials, at);
      cred = newSecret(rng, at, rng.pick(["reporting-key", "prod-2", "backup"]), 180);
      emits.push(
        ...pim(env, at - 6 * MINUTE, admin, egress, role, USER_AGENTS.edgeWindows, "Rotate client secret before expiry"),
        ...audits([updateAppCredentials(env, { t: at, who: asUser(admin, egress, USER_AGENTS.edgeWindows), app, before, after: [...before, cred] })]),
      );
      identities.unshift(userLabel("initiator", admin));
      expectedRules.push("CRED-01");
      firstAccess = at + rng.int(25, 40) * MINUTE;
    } else cred = credentialInUse(sp, at);
    // `az login --service-principal`, then the subscriptions and vaults it can reach, then the vault's secrets.
    const arm = resourceRef(tenant, "arm");
    const vault = resourceRef(tenant, "keyVault");
    firstAccess += rng.int(0, 59_999);
    const times = [firstAccess, firstAccess + rng.int(40_000, 90_000)];
    const vaultTimes = [1, 2, 3].map((k) => firstAccess + k * rng.int(2, 4) * MINUTE + rng.int(0, 30_000));
    emits.push(
      ...signInsAt(env, sp, [...times, ...vaultTimes], (t) => ({
        egress,
        resource: t < vaultTimes[0]! ? arm : vault,
        cred,
        userAgent: USER_AGENTS.azureCli,
      })),
    );
    return {
      emits,
      context,
      identities,
      expectedRules,
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes:
        `${sp.displayName} signed in only to Microsoft Graph in the two weeks before (context); its first tokens for Azure Resource Manager and ` +
        `Azure Key Vault come from ${egress.ip} (${egress.prefix.isp})${params.change === "secret" ? " with the secret the administrator added from the same IP" : " with its own stolen credential"}.`,
    };
  },
};

export const staleCredentialReactivated: ScenarioDefinition = {
  name: "stale-credential-reactivated",
  summary:
    "An old client secret left on an in-house app that now signs in with a certificate, unused since a staging job was retired weeks ago, signs in again from an attacker's VPS",
  technique: "T1078.004",
  tactic: "InitialAccess",
  params: {
    idleDays: intParam("days since the secret's last use (90 or more: no use in the hunt's 90-day history)", 40, 31, 120),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const idle = Number(params.idleDays);
    const lastUse = at - idle * DAY - rng.int(2, 10) * HOUR;
    const firstUse = lastUse - 20 * DAY;
    // Created long before the hunt's history, while the app already existed, and still valid.
    const latest = Math.min(firstUse, at - 120 * DAY);
    const sp = staleCredentialTarget(tenant, latest - 30 * DAY);
    const app = sp.app!;
    const earliest = Math.min(latest, Math.max(app.createdAt + DAY, at - 700 * DAY));
    const start = earliest + Math.floor(rng.float() * (latest - earliest));
    const secret: Credential = { keyId: rng.guid(), type: "Password", displayName: rng.pick(["staging", "test-env", "dev-secret"]), start, end: start + 730 * DAY };
    const graph = resourceRef(tenant, "graph");
    const usualIp = sp.signIn!.egress[0]!;
    // The retired staging job: a scheduled run every few hours, from the app's usual network.
    const every = rng.int(4, 8) * HOUR;
    const history: number[] = [];
    for (let t = lastUse; t >= Math.max(firstUse, start + DAY); t -= every) history.unshift(t + rng.int(2_000, 20_000));
    const context = signInsAt(env, sp, history, () => ({ egress: usualIp, resource: graph, cred: secret, userAgent: sp.signIn!.userAgent }));
    const egress = hostingNear(rng, sp);
    const times = [at, ...Array.from({ length: rng.int(3, 5) }, () => at + rng.int(MINUTE, 30 * MINUTE))].sort((a, b) => a - b);
    const emits = signInsAt(env, sp, times, () => ({ egress, resource: graph, cred: secret, userAgent: USER_AGENTS.pythonRequests }));
    return {
      emits,
      context,
      identities: [spLabel("target", sp), appLabel("target", app)],
      expectedRules: ["RULE-13"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes:
        `Secret ${secret.keyId} ('${secret.displayName}', created ${new Date(start).toISOString().slice(0, 10)}) was last used ${idle} days before from ` +
        `${usualIp.ip} (context); it is not in tenant.json (the tenant model has no retired secrets) and no AuditLogs record adds it. ` +
        `RULE-13 is a hunting query: run it once with now = evaluateAt (or up to a day later).`,
    };
  },
};

export const BASELINE_SCENARIOS: readonly ScenarioDefinition[] = [spFirstCriticalAccess, staleCredentialReactivated, ownerRiskSignInSurge];
