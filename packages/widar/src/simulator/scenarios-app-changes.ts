/**
 * Changes to applications, roles and policies: a client secret valid for decades, a reply URL on
 * an attacker's host, an application made multi-tenant, a directory role given to an SP
 * (scenarios-role-and-policy.ts), and Conditional Access for workload identities weakened.
 */
import { appAddressProp, multiTenantProp } from "./app-change-operations.js";
import { ACTOR_LEAD_MS, compromisedAdmin, compromisedAutomation, initiatorParam, isNewCountry, routineSignIns } from "./compromised-actors.js";
import { DIRECTORY_ROLES } from "./directory-catalog.js";
import { updateAppCredentials, updateApplication } from "./entra-operations.js";
import type { RuleId } from "./labels.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  appLabel,
  audits,
  enumParam,
  intParam,
  lastTime,
  newSecret,
  spLabel,
  spSignIns,
} from "./scenario-kit.js";
import { caWorkloadExclusion, spDirectoryRoleGrant } from "./scenarios-role-and-policy.js";
import { USER_AGENTS } from "./user-agents.js";

export const longLivedSecret: ScenarioDefinition = {
  name: "long-lived-secret",
  summary:
    "A compromised Application Administrator (or the Provisioning-Bot SP) adds a client secret valid for 99 years to Identity-Governance-Automation with New-MgApplicationPassword, then signs in with it from a VPS",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {
    years: intParam("secret lifetime in years", 99, 3, 99),
    use: enumParam("when the attacker signs in with the secret (next-day: CRED-06's Low, used-only run)", ["same-day", "next-day", "none"]),
    initiator: initiatorParam,
  },
  leadMs: ACTOR_LEAD_MS,
  build({ env, rng, at, params }) {
    const target = env.tenant.named.governanceAutomation;
    const app = target.app!;
    const byApp = params.initiator === "app";
    const actor = byApp
      ? compromisedAutomation(env, rng, at)
      : compromisedAdmin(env, rng, at, env.tenant.admins[1]!, DIRECTORY_ROLES.appAdmin, USER_AGENTS.graphPowerShell);
    const before = activeCredentials(app.credentials, at);
    const secret = newSecret(rng, at, rng.pick(["automation", "svc-key", "graph-client", ""]), Math.round(Number(params.years) * 365.25));
    // The secret now exists in the directory, so the credential inventory exported from Graph
    // (tenant.json → AppCredentialInventory) lists it. The app signs in with its certificate, so
    // benign sign-ins do not change; only this scenario presents the secret.
    app.credentials.push(secret);
    const emits: Emit[] = [...actor.emits, ...audits([updateAppCredentials(env, { t: at, who: actor.who, app, before, after: [...before, secret] })])];
    const context = [...actor.context];
    const rules: RuleId[] = ["CRED-06", "CRED-01", "CRED-02", ...actor.alsoDetectedBy];
    if (byApp) rules.push("CRED-05");
    if (params.use !== "none") {
      const first = at + (params.use === "next-day" ? 26 * HOUR : 25 * MINUTE);
      const times = Array.from({ length: 4 }, (_, k) => first + k * 7 * MINUTE + rng.int(0, 60_000));
      emits.push(...spSignIns(env, target, actor.egress, times, secret, USER_AGENTS.pythonRequests));
      // The app's own certificate sign-ins, against which the secret's use from the VPS stands out.
      const routine = routineSignIns(env, rng, target, at - ACTOR_LEAD_MS, before[0]!);
      context.push(...routine);
      if (isNewCountry(target, actor.egress, routine.length) && !rules.includes("RULE-01")) rules.push("RULE-01");
    }
    context.sort((a, b) => a.t - b.t);
    return {
      emits,
      context,
      identities: [...actor.identities, spLabel("target", target), appLabel("target", app)],
      expectedRules: rules,
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Secret ${secret.keyId} valid until ${new Date(secret.end!).toISOString()}; AuditLogs never record the end date, CRED-06 reads it from the AppCredentialInventory watchlist.`,
    };
  },
};

/** Where the attacker's reply URL points, by variant. */
function attackerReplyUrl(host: string, ip: string, tag: string): string {
  if (host === "wildcard") return "https://*.azurewebsites.net/signin-oidc";
  if (host === "ip") return `https://${ip}:8443/callback`;
  return `https://${tag}-${ip.replaceAll(".", "-")}.ngrok-free.app/signin-oidc`;
}

export const redirectUriAdded: ScenarioDefinition = {
  name: "redirect-uri-added",
  summary:
    "A compromised Cloud Application Administrator (or the Provisioning-Bot SP) adds a reply URL on an ngrok tunnel (or a wildcard or IP-literal host) to SharepointAPI-Test, to harvest its authorization codes",
  technique: "T1098",
  tactic: "Persistence",
  params: { host: enumParam("the attacker's reply URL", ["tunnel", "wildcard", "ip"]), initiator: initiatorParam },
  leadMs: ACTOR_LEAD_MS,
  build({ env, rng, at, params }) {
    const target = env.tenant.named.sharepointApp;
    const app = target.app!;
    const actor =
      params.initiator === "app"
        ? compromisedAutomation(env, rng, at)
        : compromisedAdmin(env, rng, at, env.tenant.admins[2]!, DIRECTORY_ROLES.cloudAppAdmin, USER_AGENTS.edgeWindows);
    const existing = [`https://${app.displayName.toLowerCase()}.${env.tenant.domain}/signin-oidc`, "https://localhost:44321/signin-oidc"];
    const added = attackerReplyUrl(params.host!, actor.egress.ip, rng.hex(2));
    const emits = [
      ...actor.emits,
      ...audits([updateApplication(env, { t: at, who: actor.who, app, props: [appAddressProp(existing, [...existing, added])] })]),
    ];
    return {
      emits,
      context: actor.context,
      identities: [...actor.identities, spLabel("target", target), appLabel("target", app)],
      expectedRules: ["CRED-07", ...actor.alsoDetectedBy],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Reply URL added: ${added}`,
    };
  },
};

export const appMadeMultiTenant: ScenarioDefinition = {
  name: "app-made-multi-tenant",
  summary:
    "A compromised Application Administrator (or the Provisioning-Bot SP) makes Directory-Sync-Service, which holds Directory.ReadWrite.All, available to other tenants",
  technique: "T1098",
  tactic: "Persistence",
  params: { initiator: initiatorParam },
  leadMs: ACTOR_LEAD_MS,
  build({ env, rng, at, params }) {
    const target = env.tenant.named.privilegedApp;
    const app = target.app!;
    const actor =
      params.initiator === "app"
        ? compromisedAutomation(env, rng, at)
        : compromisedAdmin(env, rng, at, env.tenant.admins[1]!, DIRECTORY_ROLES.appAdmin, USER_AGENTS.edgeWindows);
    const emits = [...actor.emits, ...audits([updateApplication(env, { t: at, who: actor.who, app, props: [multiTenantProp()] })])];
    return {
      emits,
      context: actor.context,
      identities: [...actor.identities, spLabel("target", target), appLabel("target", app)],
      expectedRules: ["CRED-10", ...actor.alsoDetectedBy],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const APP_CHANGE_SCENARIOS: readonly ScenarioDefinition[] = [
  longLivedSecret,
  redirectUriAdded,
  appMadeMultiTenant,
  spDirectoryRoleGrant,
  caWorkloadExclusion,
];
