/**
 * An app owner's account taken over through an adversary-in-the-middle phish: Identity
 * Protection flags the sign-in and raises the owner's user risk, the attacker adds a secret to
 * the app the owner owns, and the app's service principal then signs in at many times its usual
 * rate from the attacker's servers.
 */
import { DAY, hostingNear, resourceRef, signInsAt, usualSignIns } from "./baseline-history.js";
import { ownerSurgeTarget } from "./baseline-targets.js";
import { FIRST_PARTY_APPS } from "./directory-catalog.js";
import { updateAppCredentials } from "./entra-operations.js";
import type { RuleId } from "./labels.js";
import type { RiskLevel } from "./risk-records.js";
import { flaggedUnknownDeviceSignIn, riskyUser } from "./risky-user-records.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  appLabel,
  asUser,
  attackerEgress,
  audits,
  emit,
  enumParam,
  intParam,
  lastTime,
  newSecret,
  spLabel,
  userLabel,
} from "./scenario-kit.js";
import { userSignIn } from "./signin-records.js";
import type { Egress } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

/** Most sign-ins of `times` in one clock hour (scheduled rules run on the hour). */
function peakHour(times: readonly number[]): number {
  const perHour = new Map<number, number>();
  for (const t of times) perHour.set(Math.floor(t / HOUR), (perHour.get(Math.floor(t / HOUR)) ?? 0) + 1);
  return Math.max(0, ...perHour.values());
}

export const ownerRiskSignInSurge: ScenarioDefinition = {
  name: "owner-risk-signin-surge",
  summary:
    "An engineer's account is phished through an adversary-in-the-middle proxy; Identity Protection raises the engineer to high user risk, and the app the engineer owns, given a new secret from the proxy, signs in at a surge from three VPSs",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {
    ownerRisk: enumParam("the owner's user risk at the end (RULE-25 is High either way: the app surges from new IPs)", ["high", "medium"]),
    signIns: intParam("the app's sign-ins in the 45 minutes after the risk is raised (30 or more in one hour: RULE-12 too)", 90, 10, 300),
  },
  leadMs: 30 * MINUTE,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const { sp, owner } = ownerSurgeTarget(tenant);
    const app = sp.app!;
    const proxy = attackerEgress(rng, "hosting");
    const t0 = at - 30 * MINUTE;
    const context = usualSignIns(env, sp, at - 13 * DAY - 20 * HOUR, t0 - 5 * MINUTE);

    // The phished sign-in: the proxy relays the owner's browser and MFA prompt from a VPS.
    const signIn = userSignIn(env, {
      t: t0,
      user: owner,
      client: FIRST_PARTY_APPS.azurePortal,
      resource: resourceRef(tenant, "arm"),
      egress: proxy,
      userAgent: owner.device.userAgent,
      clientAppUsed: "Browser",
      mfa: true,
    });
    const flaggedAt = t0 + rng.int(2 * MINUTE, 3 * MINUTE);
    const secretAt = t0 + rng.int(8 * MINUTE, 12 * MINUTE);
    const before = activeCredentials(app.credentials, secretAt);
    const secret = newSecret(rng, secretAt, "", 365);
    const emits: Emit[] = [
      emit("SigninLogs", flaggedUnknownDeviceSignIn(signIn, ["unfamiliarFeatures"], "medium")),
      emit("AADRiskyUsers", riskyUser(env, { t: flaggedAt + rng.int(30, 90) * 1000, updated: flaggedAt, user: owner, level: "medium", state: "atRisk", detail: "none" })),
      ...audits([updateAppCredentials(env, { t: secretAt, who: asUser(owner, proxy, owner.device.userAgent), app, before, after: [...before, secret] })]),
    ];
    // The offline attacker-in-the-middle detection lands later and takes the owner to high risk.
    const level = params.ownerRisk as RiskLevel;
    if (level === "high")
      emits.push(emit("AADRiskyUsers", riskyUser(env, { t: at, updated: at - rng.int(60_000, 120_000), user: owner, level: "high", state: "atRisk", detail: "none" })));

    // Unthrottled scripts on three VPSs, each fetching a fresh token per batch of Graph calls.
    const servers: Egress[] = [];
    while (servers.length < 3) {
      const e = hostingNear(rng, sp);
      if (e.ip !== proxy.ip && !servers.some((s) => s.ip === e.ip)) servers.push(e);
    }
    const n = Number(params.signIns);
    const surgeStart = at + rng.int(3 * MINUTE, 6 * MINUTE);
    const times = Array.from({ length: n }, () => surgeStart + rng.int(0, 45 * MINUTE)).sort((a, b) => a - b);
    const graph = resourceRef(tenant, "graph");
    emits.push(...signInsAt(env, sp, times, () => ({ egress: rng.pick(servers), resource: graph, cred: secret, userAgent: USER_AGENTS.pythonRequests })));

    const expectedRules: RuleId[] = ["RULE-25", "CRED-01"];
    if (peakHour(times) >= 30) expectedRules.push("RULE-12");
    return {
      emits,
      context,
      identities: [userLabel("initiator", owner), spLabel("target", sp), appLabel("target", app)],
      expectedRules,
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes:
        `${owner.userPrincipalName} owns ${app.displayName} (tenant.json owners, so the WorkloadIdentityInventory watchlist's OwnerIds). ` +
        `Context: two weeks of the app's usual sign-ins (${sp.signIn!.ratePerHour}/hour at peak, ${sp.signIn!.pattern}). ` +
        `The phishing proxy ${proxy.ip} signs in as the owner and adds the secret; the app then signs in ${n} times from ${servers.map((s) => s.ip).join(", ")}.`,
    };
  },
};
